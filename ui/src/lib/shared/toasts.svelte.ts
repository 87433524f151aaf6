/**
 * Short messages after an action. Rules (tested in toasts.test.ts):
 * - a toast with a `key` (the action it reports, e.g. "save-article") replaces the one
 *   already shown for that key, so repeating an action never stacks its messages;
 * - the same kind and text shown again replaces the old one (and restarts its timer);
 * - a success clears the error toasts still shown: after something worked, an older
 *   failure no longer describes the window (the error of the same key first of all);
 * - at most three at once, the oldest leaves first.
 */
export type ToastKind = "success" | "error" | "info";
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  key?: string;
}
export interface ToastOptions {
  /** The action this toast reports; a later toast with the same key replaces it. */
  key?: string;
  /** How long it stays, in milliseconds; 0 stays until closed. */
  ms?: number;
}

const MAX = 3;
let nextId = 1;
export const toasts: Toast[] = $state([]);

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

function removeWhere(pred: (t: Toast) => boolean): void {
  for (let i = toasts.length - 1; i >= 0; i--) if (pred(toasts[i])) toasts.splice(i, 1);
}

/** `options` may be the duration alone (milliseconds), as older callers pass it. */
export function showToast(kind: ToastKind, text: string, options: number | ToastOptions = {}): number {
  const { key, ms = kind === "error" ? 10000 : 4000 } = typeof options === "number" ? { ms: options } : options;
  removeWhere((t) => (key !== undefined && t.key === key) || (t.kind === kind && t.text === text));
  if (kind === "success") removeWhere((t) => t.kind === "error");
  const id = nextId++;
  toasts.push(key === undefined ? { id, kind, text } : { id, kind, text, key });
  if (toasts.length > MAX) toasts.splice(0, toasts.length - MAX);
  if (ms > 0) setTimeout(() => dismissToast(id), ms);
  return id;
}

export function clearToasts(): void {
  toasts.splice(0, toasts.length);
}
