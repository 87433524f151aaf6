/**
 * Opening a review package in two steps: the back end previews the file the user picked
 * (a native dialog, in Rust) and holds it under a handle; the window shows the chairman
 * and the key's fingerprint, and opens the held file only once the user confirmed it.
 * The webview never names a file.
 *
 * The two calls live here and nowhere else: `preview_package` and
 * `open_previewed_package` are `Quyche::preview_picked_package` and
 * `Quyche::open_previewed_package` in crates/api/src/exchange.rs. Until the shell's
 * commands are in the generated bindings, they are invoked by name; once they are, swap
 * the two bodies for `commands.previewPackage()` / `commands.openPreviewedPackage()` and
 * the interface below for the generated `PackagePreview`.
 */
import { invoke } from "@tauri-apps/api/core";
import { ApiFailure } from "../ipc/client";
import type { ApiError } from "../ipc/types";
import { fingerprintGroups } from "./exchange.svelte";

/** crates/api/src/exchange.rs `PackagePreview`. */
export interface PackagePreview {
  handle: number;
  file: string;
  regulation_id: string;
  title: string;
  round: number;
  deadline: string | null;
  chairman_name: string;
  chairman_position: string;
  key_id: string;
  fingerprint: string;
  trusted: boolean;
  trusted_because: string | null;
  opened_before: boolean;
}

function failure(e: unknown): Error {
  if (e instanceof Error) return e;
  const err = e as Partial<ApiError>;
  if (err && typeof err.message === "string" && typeof err.code === "string") {
    return new ApiFailure(err as ApiError);
  }
  return new Error(String(e));
}

/** Opens the dialog and previews the picked package; `null` when the dialog was closed. */
export async function previewPackage(): Promise<PackagePreview | null> {
  try {
    return await invoke<PackagePreview | null>("preview_package");
  } catch (e) {
    throw failure(e);
  }
}

/** Opens the previewed package; resolves with the copy's regulation id. */
export async function openPreviewedPackage(handle: number, trust: string | null): Promise<string> {
  try {
    return await invoke<string>("open_previewed_package", { handle, trust });
  } catch (e) {
    throw failure(e);
  }
}

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
