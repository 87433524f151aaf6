/**
 * Showing search hits in the rendered document, without touching its DOM.
 *
 * A hit names its area and its unit (the id the document carries: `#unit-ID` on an article
 * or a heading, `data-unit-id` on a clause's or point's lines) and the exact words that
 * matched (`matched`, with the words `before` it). The words are found again in that
 * element's text as the back end returned them — an exact comparison, never a fold: which
 * words match is the back end's rule. `before` picks the occurrence when the words are
 * there twice.
 *
 * The words are painted with the CSS Custom Highlight API (ranges, no wrapping element, so
 * Svelte keeps owning the DOM); the current hit's lines also carry `data-search-current`,
 * the way the redline view marks its current change with `data-current`, which is also what
 * a WebView without the API shows.
 */
import type { SearchHit } from "../ipc/types";
import "./search.css";

const ALL = "search-hit";
const CURRENT = "search-current";
const CURRENT_ATTR = "data-search-current";

/** The elements whose text holds the hit. */
export function hitElements(root: ParentNode, hit: SearchHit): HTMLElement[] {
  const all = (selector: string) => [...root.querySelectorAll<HTMLElement>(selector)];
  switch (hit.area) {
    case "header":
      return all(".paper > .marks, .paper > .doc-header, .paper > .doc-title");
    case "preamble":
      return all(".paper > .preamble");
    case "closing":
      return all(".paper > .closing");
    case "body": {
      if (hit.unit === null) return [];
      const lines = all(`p[data-unit-id="${hit.unit}"]`);
      if (lines.length > 0) return lines;
      const el = root.querySelector<HTMLElement>(`[id="unit-${hit.unit}"]`);
      if (!el) return [];
      // An article's own words: its heading and the lines before its first clause.
      if (el.matches("article")) {
        const heading = el.querySelector<HTMLElement>(".heading");
        return [...(heading ? [heading] : []), ...el.querySelectorAll<HTMLElement>(".body > p.lead")];
      }
      // A chapter or section heading, and the paragraphs under it.
      const leads = [...(el.parentElement?.children ?? [])].filter((c): c is HTMLElement => c.matches("p.lead"));
      return [el, ...leads];
    }
    default:
      return [];
  }
}

/** The range of the hit's words inside `elements`, or null when they are not there as returned. */
export function hitRange(elements: HTMLElement[], hit: SearchHit): Range | null {
  if (hit.matched === "" || elements.length === 0) return null;
  const pieces: { node: Text; start: number }[] = [];
  let text = "";
  for (const el of elements) {
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      pieces.push({ node: n as Text, start: text.length });
      text += n.nodeValue ?? "";
    }
    // Lines are apart: a match never runs from one element into the next.
    text += "\n";
  }
  const before = hit.before.replace(/^…/, "");
  let at = -1;
  for (let i = text.indexOf(hit.matched); i >= 0; i = text.indexOf(hit.matched, i + 1)) {
    if (at < 0) at = i;
    if (text.slice(0, i).endsWith(before)) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const point = (offset: number, end: boolean) => {
    // The text node holding `offset` (at a node's end for the range's end).
    let p = pieces[0];
    for (const q of pieces) {
      if (q.start < offset || (!end && q.start === offset)) p = q;
      else break;
    }
    return { node: p.node, offset: offset - p.start };
  };
  const start = point(at, false);
  const end = point(at + hit.matched.length, true);
  const range = elements[0].ownerDocument.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return range;
}

/** The CSS Custom Highlight registry, where the WebView has it. */
function registry(): Map<string, unknown> | null {
  const css = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS;
  const H = (globalThis as { Highlight?: unknown }).Highlight;
  return css?.highlights && typeof H === "function" ? css.highlights : null;
}

function paint(name: string, ranges: Range[]): void {
  const reg = registry();
  if (!reg) return;
  const H = (globalThis as unknown as { Highlight: new (...r: Range[]) => unknown }).Highlight;
  if (ranges.length === 0) reg.delete(name);
  else reg.set(name, new H(...ranges));
}

/**
 * Paints `hits` in the document under `root` and makes `hits[current]` the current one:
 * its lines marked and scrolled to the middle of the pane. Returns whether the current
 * hit was found in the document.
 */
export function showHits(root: ParentNode, hits: SearchHit[], current: number): boolean {
  clearHits(root);
  const ranges: Range[] = [];
  let currentRange: Range | null = null;
  let currentElements: HTMLElement[] = [];
  hits.forEach((hit, i) => {
    const elements = hitElements(root, hit);
    const range = hitRange(elements, hit);
    if (i === current) {
      currentElements = elements;
      currentRange = range;
    } else if (range) ranges.push(range);
  });
  paint(ALL, ranges);
  paint(CURRENT, currentRange ? [currentRange] : []);
  for (const el of currentElements) el.setAttribute(CURRENT_ATTR, "true");
  currentElements[0]?.scrollIntoView?.({ block: "center", behavior: "auto" });
  return currentElements.length > 0;
}

/** Takes every hit's paint and mark off the document. */
export function clearHits(root: ParentNode): void {
  paint(ALL, []);
  paint(CURRENT, []);
  for (const el of root.querySelectorAll(`[${CURRENT_ATTR}]`)) el.removeAttribute(CURRENT_ATTR);
}
