/**
 * Long work the window watches and can stop (issue 14): a big import, an export, many
 * bundles. The back end runs the command; the window names it with a work id, asks how
 * far it has come (`work_progress`) while it runs, and may ask it to stop
 * (`cancel_work`). A stop before anything is written answers with the code `stopped`:
 * nothing happened, which the window says as such, never as a failure.
 *
 * One {@link LongWork} per kind of work, each with its own fixed id (one of a kind runs
 * at a time: the buttons that start it are busy meanwhile), so the recorded tapes name
 * the same ids the window sends. `LongWorkProgress.svelte` shows it.
 */
import { api, toFailure } from "../ipc/client";
import type { WorkProgress } from "../ipc/types";

/** The window's work ids, one per kind of long work. */
export const WORK_IDS = {
  bundles: 1,
  import: 2,
  importRevision: 3,
  export: 4,
  redline: 5,
} as const;

/** Work that ends sooner than this is never shown, so a quick import does not flash. */
export const SHOW_AFTER_MS = 300;
/** How often a shown work asks how far it has come. */
export const POLL_MS = 300;

/** The rejection of work stopped at the person's request: not a failure. */
export function isStopped(e: unknown): boolean {
  return toFailure(e).code === "stopped";
}

export class LongWork {
  /** The back end's last answer (null: not asked yet, or not running there). */
  progress: WorkProgress | null = $state(null);
  /** The command is running. */
  running = $state(false);
  /** It has run {@link SHOW_AFTER_MS}: the progress is shown. */
  shown = $state(false);
  /** "Dừng" was pressed and the back end took it. */
  stopping = $state(false);

  #poll: ReturnType<typeof setTimeout> | undefined;
  #run = 0;

  constructor(readonly id: number) {}

  /** Runs `call` (the command, given this work's id) and watches it until it answers. */
  async run<T>(call: (work: number) => Promise<T>): Promise<T> {
    const run = ++this.#run;
    this.running = true;
    this.shown = false;
    this.stopping = false;
    this.progress = null;
    const current = () => this.#run === run && this.running;
    const watch = async () => {
      try {
        const p = await api.workProgress(this.id);
        if (current()) this.progress = p;
      } catch {
        // Progress is a courtesy: the command's own answer says what happened.
      }
      if (current()) this.#poll = setTimeout(watch, POLL_MS);
    };
    this.#poll = setTimeout(() => {
      if (!current()) return;
      this.shown = true;
      void watch();
    }, SHOW_AFTER_MS);
    try {
      return await call(this.id);
    } finally {
      if (this.#run === run) {
        clearTimeout(this.#poll);
        this.running = false;
        this.shown = false;
        this.stopping = false;
        this.progress = null;
      }
    }
  }

  /** Asks the work to stop before its next step; false when it was no longer running. */
  async stop(): Promise<boolean> {
    if (!this.running) return false;
    const asked = await api.cancelWork(this.id);
    if (this.running) this.stopping = true;
    return asked;
  }
}
