/**
 * "Nhận là nộp muộn": the chairman takes in a bundle that was refused only for coming
 * late (its round closed, or the text submitted or approved). The refused file is held
 * by the back end (`BundleImportView.handle`); the window names it by that handle only.
 * Whether this person may take it in is Rust's answer (`rules::permit_bundle_import`):
 * the window offers the button for a late refusal and shows Rust's reason if refused.
 */
import { api } from "../ipc/client";
import type { BundleImportView } from "../ipc/types";

/** A result of a bundle import, with what the back end says of a late refusal. */
export type BundleResult = BundleImportView;

/** Was this file refused only for coming late, and is it held to be taken in? */
export function acceptableAsLate(r: BundleResult): boolean {
  return !r.ok && r.late && r.handle !== null;
}

/** Takes in the held late bundle; resolves with the number of new comments. */
export const acceptLateBundle = (handle: number): Promise<number> => api.importHeldBundle(handle);
