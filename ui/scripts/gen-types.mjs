// Regenerates src/lib/ipc/types.ts from the generated bindings.ts: every generated type is
// re-exported under its plain name, the `_Serialize` variant standing for the type the
// back end sends. Run after regenerating the bindings:
//   node scripts/gen-types.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, "..", "src", "lib", "ipc");

export function typesFromBindings(bindings) {
  const names = [...bindings.matchAll(/^export type (\w+)/gm)].map((m) => m[1]);
  const base = [...new Set(names.filter((n) => !n.endsWith("_Serialize") && !n.endsWith("_Deserialize")))].sort();
  const serialized = new Set(names.filter((n) => n.endsWith("_Serialize")).map((n) => n.slice(0, -"_Serialize".length)));
  const plain = base.filter((n) => !serialized.has(n) && n !== "Result");
  const aliased = base.filter((n) => serialized.has(n));
  return `/**
 * The shapes the back end sends, named for the UI. The generated bindings split types
 * with optional fields into \`_Serialize\` / \`_Deserialize\` phases; what arrives over IPC
 * is always the \`_Serialize\` one. Types come only from the generated file: never
 * written twice. (Kept in step with bindings.ts: every generated type is re-exported.)
 */
export type {
${plain.map((n) => `  ${n},\n`).join("")}} from "./bindings";
export type {
${aliased.map((n) => `  ${n}_Serialize as ${n},\n`).join("")}} from "./bindings";

/** What every generated command resolves to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bindings = fs.readFileSync(path.join(dir, "bindings.ts"), "utf8");
  fs.writeFileSync(path.join(dir, "types.ts"), typesFromBindings(bindings));
  console.log("wrote src/lib/ipc/types.ts");
}
