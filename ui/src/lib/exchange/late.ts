/**
 * "Nhận là nộp muộn": the chairman takes in a bundle that was refused only for coming
 * late (its round closed, or the text submitted or approved). The refused file is held
 * by the back end (`BundleImportView.handle`); the window names it by that handle only.
 *
 * The call lives here and nowhere else: `import_held_bundle` is
 * `Quyche::import_held_bundle(handle, Actor::Current, true)` (crates/api/src/exchange.rs).
 * Until the shell's command is in the generated bindings it is invoked by name; then swap
 * the body for `commands.importHeldBundle(handle)`.
 */
import { invoke } from "@tauri-apps/api/core";
import { ApiFailure } from "../ipc/client";
import type { ApiError, BundleImportView } from "../ipc/types";

/** A result of a bundle import, with what the back end says of a late refusal. */
export type BundleResult = BundleImportView;

/** May the chairman be offered "Nhận là nộp muộn" for this result? */
export function acceptableAsLate(r: BundleResult, role: string | null | undefined): boolean {
  return !r.ok && r.late === true && r.handle !== null && role === "chairman";
}

/** Takes in the held late bundle; resolves with the number of new comments. */
export async function acceptLateBundle(handle: number): Promise<number> {
  try {
    return await invoke<number>("import_held_bundle", { handle });
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new ApiFailure(e as ApiError);
  }
}
