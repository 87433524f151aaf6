/**
 * The keyboard half of a modal dialog (WAI-ARIA dialog pattern), for every element marked
 * `aria-modal="true"`: the focus goes into it when it opens, Tab and Shift+Tab go round
 * inside it, it stays inside when what held it goes away (a list that loaded in place of
 * the form, a button replaced by the answer), and it goes back where it was when the
 * dialog closes. Without it, a dialog that
 * says it is modal leaves the focus on the window under it, where a keyboard user cannot
 * see where they are. Used as a Svelte action: `<div role="dialog" aria-modal="true"
 * use:modalFocus>` (or `use:modalFocus={"[data-keep]"}` to name what takes the focus first).
 */
export const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/**
 * `initialFocus`: a selector inside the dialog for what takes the focus first. Without it
 * (or when it matches nothing): the element marked data-autofocus, else the first focusable
 * one, else the dialog itself (give it tabindex="-1").
 */
export function modalFocus(node: HTMLElement, initialFocus?: string) {
  const before = document.activeElement as HTMLElement | null;
  const first = () =>
    (initialFocus ? node.querySelector<HTMLElement>(initialFocus) : null) ??
    node.querySelector<HTMLElement>("[data-autofocus]") ??
    node.querySelector<HTMLElement>(FOCUSABLE) ??
    node;
  first().focus();

  // The focused element removed from the dialog leaves the focus on <body>, behind it:
  // take it back to where a dialog starts.
  const lost = new MutationObserver(() => {
    const at = document.activeElement;
    if (node.isConnected && (at === null || at === document.body)) first().focus();
  });
  lost.observe(node, { childList: true, subtree: true });

  function keydown(e: KeyboardEvent) {
    if (e.key !== "Tab") return;
    const items = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const start = items[0];
    const end = items[items.length - 1];
    const inside = node.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === start || !inside)) {
      e.preventDefault();
      end.focus();
    } else if (!e.shiftKey && (document.activeElement === end || !inside)) {
      e.preventDefault();
      start.focus();
    }
  }
  node.addEventListener("keydown", keydown);
  return {
    destroy() {
      lost.disconnect();
      node.removeEventListener("keydown", keydown);
      if (before && document.contains(before)) before.focus();
    },
  };
}
