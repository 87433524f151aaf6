/**
 * The comment the text asked to see: a click (or Enter) on a marked passage or on an
 * article's count names it here; the screen opens the comments panel and the panel makes
 * sure its card is shown (not hidden by a filter), then the card is scrolled to and focused.
 */
import { tick } from "svelte";

class CommentFocus {
  /** The comment asked for; `seq` changes on every ask, so asking twice scrolls twice. */
  target: { id: string; seq: number } | null = $state(null);
  private seq = 0;

  request(id: string): void {
    this.target = { id, seq: ++this.seq };
  }

  reset(): void {
    this.target = null;
  }
}

export const commentFocus = new CommentFocus();

/** Scrolls the comment's card into view and puts the keyboard on it (once it is rendered). */
export async function revealCard(id: string): Promise<void> {
  await tick();
  const card = document.querySelector<HTMLElement>(`[data-testid="comment-item"][data-comment-id="${id}"]`);
  if (!card) return;
  card.scrollIntoView?.({ block: "nearest", behavior: "auto" });
  card.querySelector<HTMLElement>("button.show")?.focus({ preventScroll: true });
}
