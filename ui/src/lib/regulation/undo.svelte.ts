/**
 * The session's undo and redo stacks for structure edits: which revisions this window
 * made, nothing more. Taking a change back (or doing it again) is a new revision the back
 * end writes (`restore_revision`), and whether it may is the back end's answer: a stale
 * base is a conflict, the workflow may refuse, no undo crosses an approval. So the stacks
 * hold revision numbers only, and each call names the revision it expects as the head.
 */

/** One change this session made: the revision it was made on, and the one it made. */
export interface Change {
  /** The back end's words for it: the revision message ("Chuyển Điều 7 thành Điều 3"). */
  label: string;
  /** The revision the change was made on: an undo restores it. */
  before: number;
  /** The revision that holds the change now (the change, or its last redo). */
  after: number;
}

/** What the next undo or redo asks of the back end. */
export interface Restore {
  direction: "undo" | "redo";
  /** The head the call expects: anything newer is a conflict. */
  base: number;
  /** The revision whose document comes back. */
  to: number;
  label: string;
}

export class UndoStack {
  undos: Change[] = $state([]);
  redos: Change[] = $state([]);
  /**
   * The last revision this session wrote: every undo and redo is based on it, so a save
   * made elsewhere meanwhile is a conflict, never silently taken back.
   */
  head: number | null = null;

  get canUndo(): boolean {
    return this.undos.length > 0;
  }
  get canRedo(): boolean {
    return this.redos.length > 0;
  }

  /** A structure edit was saved: it can be undone, and what was undone cannot be redone. */
  record(label: string, before: number, after: number): void {
    this.undos = [...this.undos, { label, before, after }];
    this.redos = [];
    this.head = after;
  }

  /** The call the next undo makes, or null. */
  nextUndo(): Restore | null {
    const c = this.undos.at(-1);
    return c && this.head !== null ? { direction: "undo", base: this.head, to: c.before, label: c.label } : null;
  }

  /** The call the next redo makes, or null. */
  nextRedo(): Restore | null {
    const c = this.redos.at(-1);
    return c && this.head !== null ? { direction: "redo", base: this.head, to: c.after, label: c.label } : null;
  }

  /** The back end wrote the undo as `revision`. */
  undone(revision: number): void {
    const c = this.undos.at(-1);
    if (!c) return;
    this.undos = this.undos.slice(0, -1);
    this.redos = [...this.redos, c];
    this.head = revision;
  }

  /** The back end wrote the redo as `revision`: undoing it again restores the same `before`. */
  redone(revision: number): void {
    const c = this.redos.at(-1);
    if (!c) return;
    this.redos = this.redos.slice(0, -1);
    this.undos = [...this.undos, { label: c.label, before: c.before, after: revision }];
    this.head = revision;
  }

  /** Someone else saved after this session's changes: the stacks no longer describe the head. */
  clear(): void {
    this.undos = [];
    this.redos = [];
    this.head = null;
  }
}

/** One stack per regulation for the window's lifetime: closing and reopening keeps the session. */
const stacks = new Map<string, UndoStack>();

export function undoStackFor(regulationId: string): UndoStack {
  let s = stacks.get(regulationId);
  if (!s) {
    s = new UndoStack();
    stacks.set(regulationId, s);
  }
  return s;
}

/** Tests start each case with no session. */
export function resetUndoStacks(): void {
  stacks.clear();
}
