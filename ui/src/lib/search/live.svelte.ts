/**
 * A search that follows what the user types: each change waits a moment (typing "quy chế"
 * asks once, not seven times), and an answer that comes back after a newer question was
 * asked is dropped, so the list never shows results for words no longer in the box.
 *
 * The words go to the back end as typed: it folds the marks (or not), and it refuses a
 * query it cannot search ("Hãy gõ từ cần tìm."), shown here as it said it. Only an empty
 * box asks nothing.
 */
import { api } from "../ipc/client";
import type { SearchView } from "../ipc/types";
import { errorMessage } from "../shared/errors";

export interface SearchScope {
  regulationId: string | null;
  revision: number | null;
}

/** How long typing must pause before the question is asked. */
export const TYPING_PAUSE_MS = 150;

export class LiveSearch {
  text = $state("");
  view: SearchView | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);
  /** The question last asked: an answer to an older one is stale. */
  #asked = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #scope: () => SearchScope;

  constructor(scope: () => SearchScope) {
    this.#scope = scope;
  }

  /** The box changed: ask after the pause (an empty box clears at once). */
  type(text: string): void {
    this.text = text;
    this.#cancelTimer();
    if (text === "") {
      this.#asked++;
      this.view = null;
      this.error = null;
      this.busy = false;
      return;
    }
    this.#timer = setTimeout(() => void this.ask(), TYPING_PAUSE_MS);
  }

  /** Asks now (the document changed under an open find bar, or a test wants no pause). */
  async ask(): Promise<void> {
    this.#cancelTimer();
    if (this.text === "") return;
    const asked = ++this.#asked;
    const { regulationId, revision } = this.#scope();
    this.busy = true;
    try {
      const view = await api.search(this.text, regulationId, revision);
      if (asked !== this.#asked) return;
      this.view = view;
      this.error = null;
    } catch (e) {
      if (asked !== this.#asked) return;
      this.view = null;
      this.error = errorMessage(e);
    } finally {
      if (asked === this.#asked) this.busy = false;
    }
  }

  dispose(): void {
    this.#cancelTimer();
    this.#asked++;
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
