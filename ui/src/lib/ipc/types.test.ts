// types.ts must be exactly what scripts/gen-types.mjs derives from the generated
// bindings, so no IPC type is ever written by hand.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { typesFromBindings } from "../../../scripts/gen-types.mjs";

describe("ipc/types.ts", () => {
  it("is in step with the generated bindings (run `node scripts/gen-types.mjs`)", () => {
    // vitest runs from ui/.
    const dir = resolve(process.cwd(), "src/lib/ipc");
    const bindings = readFileSync(resolve(dir, "bindings.ts"), "utf8");
    const types = readFileSync(resolve(dir, "types.ts"), "utf8");
    expect(types).toBe(typesFromBindings(bindings));
  });
});
