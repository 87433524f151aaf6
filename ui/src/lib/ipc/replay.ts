/**
 * Test-only back end that serves responses recorded from the real one (used with `mockIPC`
 * by the vitest suites, and by the `mock` build the headless browser test runs).
 *
 * The tapes in `recorded/` are written by `crates/api/tests/recorded_ipc.rs`, which drives
 * the real `Quyche` facade and writes each call as the webview sees it: the command, its
 * arguments and the `{status, data | error}` tauri-specta returns. Nothing here knows a
 * rule, a label or a message: a UI test sees what the back end said.
 *
 * How a tape is served, so stateful flows replay:
 * - a mutating call (save, comment, approve…) advances the cursor to its recorded entry:
 *   the next one after the cursor with the same command and arguments;
 * - a read answers with the latest recording of the same command and arguments made
 *   before the next mutation (the recorder records the reads after every mutation), or
 *   else with the first one after;
 * - a call with no recording fails loudly, naming the command and arguments: a UI change
 *   that needs a new recording fails its test instead of passing silently;
 * - a command that opens a file dialog (in Rust: `import_file`, `export_regulation`…) was
 *   recorded with the dialog's answer (`dialog`: a path, several, or null). The test
 *   answers it with `pick`: null is a closed dialog (the command answers null, as the real
 *   one does, without a recording), a path picks the recording with that answer, and no
 *   answer (undefined) takes the recording as it comes.
 */
import type { ApiError } from "./types";

export type Response = { status: "ok"; data: unknown } | { status: "error"; error: ApiError };
export interface Call {
  cmd: string;
  args: Record<string, unknown>;
  mutates: boolean;
  /** What the command's file dialog answered when it was recorded. */
  dialog?: string | string[] | null;
  response: Response;
}
export type Entry = Call | { mark: string };
export interface Tape {
  about: string;
  tape: Entry[];
}

export interface ReplayOptions {
  /** Start at this mark of the tape, as if the calls before it had been made. */
  from?: string;
  /**
   * Answers the file dialog a command opens: a path, several, null when cancelled, or
   * undefined to take the recording as it comes.
   */
  pick?: (cmd: string) => string | string[] | null | undefined;
  /** Milliseconds each command waits, to make loading states visible. */
  delay?: number;
}

/** The folder the recorded dialogs answer with (the recorder's temp folder, replaced). */
export const FILES = "/home/vanphong/Tài liệu";

export interface Replay {
  handle(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown>;
  /** Every call the UI made, with the dialog's answer for a command that opened one. */
  calls: { cmd: string; args: Record<string, unknown> | undefined; dialog?: string | string[] | null }[];
  /** Calls that had no recording (also thrown): a test checks this stays empty. */
  unrecorded: string[];
  /** Makes every later call of `cmd` fail with `error` (a failure the tape cannot hold). */
  fail(cmd: string, error: ApiError): void;
}

const isCall = (e: Entry): e is Call => "cmd" in e;

/** JSON with sorted keys, so argument objects compare by value. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * The recorded calls of `cmd` whose arguments include `args` (and whose file dialog
 * answered `dialog`, when given), in tape order.
 */
export function recorded(tape: Tape, cmd: string, args: Record<string, unknown> = {}, dialog?: string | string[]): Call[] {
  return tape.tape.filter(
    (e): e is Call =>
      isCall(e) &&
      e.cmd === cmd &&
      Object.entries(args).every(([k, v]) => canonical(e.args[k]) === canonical(v)) &&
      (dialog === undefined || canonical(e.dialog) === canonical(dialog)),
  );
}

/** The data of the first successful recorded call of `cmd` (matching `args` and `dialog`). */
export function recordedData<T>(tape: Tape, cmd: string, args: Record<string, unknown> = {}, dialog?: string | string[]): T {
  const call = recorded(tape, cmd, args, dialog).find((c) => c.response.status === "ok");
  if (!call || call.response.status !== "ok") throw new Error(`no recorded ${cmd} ${canonical(args)} ${canonical(dialog)}`);
  return structuredClone(call.response.data) as T;
}

/** The error of the first refused recorded call of `cmd` (matching `args` and `dialog`). */
export function recordedError(tape: Tape, cmd: string, args: Record<string, unknown> = {}, dialog?: string | string[]): ApiError {
  const call = recorded(tape, cmd, args, dialog).find((c) => c.response.status === "error");
  if (!call || call.response.status !== "error") throw new Error(`no recorded refusal of ${cmd} ${canonical(args)} ${canonical(dialog)}`);
  return structuredClone(call.response.error);
}

export function createReplay(tape: Tape, options: ReplayOptions = {}): Replay {
  const entries = tape.tape;
  const calls: Replay["calls"] = [];
  const unrecorded: string[] = [];
  const failures = new Map<string, ApiError>();
  let cursor = -1;
  if (options.from !== undefined) {
    cursor = entries.findIndex((e) => !isCall(e) && e.mark === options.from);
    if (cursor < 0) throw new Error(`replay: no mark "${options.from}" in the tape`);
  }

  /** Where the state seen now ends: the next mutation after the cursor. */
  function windowEnd(): number {
    for (let i = cursor + 1; i < entries.length; i++) {
      const e = entries[i];
      if (isCall(e) && e.mutates) return i;
    }
    return entries.length;
  }

  function find(cmd: string, key: string, answer: string | string[] | undefined): Call | undefined {
    const same = (e: Entry): e is Call =>
      isCall(e) && e.cmd === cmd && canonical(e.args) === key && (answer === undefined || canonical(e.dialog) === canonical(answer));
    const end = windowEnd();
    for (let i = cursor + 1; i < entries.length; i++) {
      const e = entries[i];
      if (same(e) && e.mutates) {
        cursor = i;
        return e;
      }
    }
    for (let i = end - 1; i >= 0; i--) {
      const e = entries[i];
      if (same(e) && !e.mutates) return e;
    }
    for (let i = end; i < entries.length; i++) {
      const e = entries[i];
      if (same(e) && !e.mutates) return e;
    }
    return undefined;
  }

  async function handle(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown> {
    const a = args ?? {};
    const opensDialog = entries.some((e) => isCall(e) && e.cmd === cmd && "dialog" in e);
    const answer = opensDialog ? options.pick?.(cmd) : undefined;
    calls.push({ cmd, args: args ? structuredClone(args) : undefined, ...(answer !== undefined ? { dialog: answer } : {}) });
    if (options.delay) await new Promise((r) => setTimeout(r, options.delay));
    const injected = failures.get(cmd);
    if (injected) throw structuredClone(injected);
    // A closed dialog: the command does nothing and answers null.
    if (answer === null) return null;
    const key = canonical(a);
    const entry = find(cmd, key, answer);
    if (!entry) {
      const picked = answer === undefined ? "" : ` picking ${canonical(answer)}`;
      const message = `replay: no recording of ${cmd} ${key}${picked} (tape: ${tape.about}); record it in crates/api/tests/recorded_ipc.rs`;
      unrecorded.push(message);
      console.error(message);
      throw new Error(message);
    }
    const res = structuredClone(entry.response);
    if (res.status === "error") throw res.error;
    return res.data;
  }

  return {
    handle,
    calls,
    unrecorded,
    fail: (cmd, error) => void failures.set(cmd, error),
  };
}
