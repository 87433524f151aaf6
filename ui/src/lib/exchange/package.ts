/**
 * Opening a review package in two steps: the back end previews the file the user picked
 * (a native dialog, in Rust) and holds it under a handle; the window shows the chairman
 * and the key's fingerprint, and opens the held file only once the user confirmed it.
 * The webview never names a file. The calls are the generated commands
 * `preview_package` and `open_previewed_package` (`Quyche::preview_picked_package`,
 * `Quyche::open_previewed_package`).
 */
import { api } from "../ipc/client";
import type { PackagePreview } from "../ipc/types";
import { fingerprintGroups } from "./exchange.svelte";

export type { PackagePreview };

/** Opens the dialog and previews the picked package; `null` when the dialog was closed. */
export const previewPackage = (): Promise<PackagePreview | null> => api.previewPackage();

/** Opens the previewed package; resolves with the copy's regulation id. */
export const openPreviewedPackage = (handle: number, trust: string | null): Promise<string> =>
  api.openPreviewedPackage(handle, trust);

/**
 * What the open call confirms: nothing for a key trusted already (pinned for this copy,
 * on this machine's roster, its own), else the fingerprint the user checked, which Rust
 * compares with the package's key again.
 */
export function trustFor(preview: PackagePreview): string | null {
  return preview.trusted ? null : preview.fingerprint;
}

/** The fingerprint in two lines of four groups, to be read aloud group by group. */
export function fingerprintLines(fingerprint: string): string[][] {
  const groups = fingerprintGroups(fingerprint);
  return [groups.slice(0, 4), groups.slice(4)].filter((l) => l.length > 0);
}
