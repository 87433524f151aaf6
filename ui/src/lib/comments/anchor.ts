/**
 * Where a comment points in the text. An article is shown as lines (its title, its own
 * paragraphs, then each clause/point/sub-point line with its marker); a unit's *text* —
 * what a comment quotes from, as the back end's `render_unit_text` — is its lines joined
 * by "\n": for an article its `edit_text`; for a clause or point its own paragraphs
 * without its own marker, then its children's lines with their markers.
 *
 * Positions are counted in characters (Unicode code points), as Rust counts `chars()`.
 */
import type { UnitKind, UnitView } from "../ipc/types";

export interface DocLine {
  /** Index within the article (0 = the title line). */
  index: number;
  /** The unit the line belongs to. */
  unitId: number;
  kind: UnitKind;
  /** The units that contain this line, outermost (the article) first, ending with `unitId`. */
  chain: number[];
  /** The first line of its unit (clauses, points and sub-points print their marker on it). */
  first: boolean;
  /** The unit's marker for first lines of clauses, points, sub-points ("1.", "a)", "-"); else "". */
  marker: string;
  text: string;
  /** 0 = title, 1 = the article's own paragraphs, 2 = clause, 3 = point, 4 = sub-point… */
  depth: number;
}

/** The lines of an article, in the order of its `edit_text`. */
export function articleLines(article: UnitView): DocLine[] {
  const lines: DocLine[] = [];
  const push = (l: Omit<DocLine, "index">) => lines.push({ ...l, index: lines.length });
  push({ unitId: article.id, kind: "article", chain: [article.id], first: true, marker: "", text: article.title, depth: 0 });
  for (const p of article.paragraphs) {
    push({ unitId: article.id, kind: "article", chain: [article.id], first: false, marker: "", text: p, depth: 1 });
  }
  const walk = (units: UnitView[], chain: number[], depth: number) => {
    for (const u of units) {
      const c = [...chain, u.id];
      const [first = "", ...rest] = u.paragraphs;
      push({ unitId: u.id, kind: u.kind, chain: c, first: true, marker: u.marker, text: first, depth });
      for (const p of rest) push({ unitId: u.id, kind: u.kind, chain: c, first: false, marker: "", text: p, depth });
      walk(u.children, c, depth + 1);
    }
  };
  walk(article.children, [article.id], 2);
  return lines;
}

export const charCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Slices by code points. */
export function charSlice(s: string, from: number, to?: number): string {
  return Array.from(s).slice(from, to).join("");
}

export interface UnitText {
  text: string;
  /** Per line index (lines of the unit only): the character offset where the line's text starts. */
  starts: Map<number, number>;
}

/** The unit's text as the back end quotes from it, and where each of its lines starts. */
export function unitText(lines: DocLine[], unitId: number): UnitText {
  let text = "";
  let offset = 0;
  const starts = new Map<number, number>();
  for (const l of lines) {
    if (!l.chain.includes(unitId)) continue;
    const prefix = l.first && l.marker && l.unitId !== unitId ? (l.text ? `${l.marker} ` : l.marker) : "";
    starts.set(l.index, offset + charCount(prefix));
    const line = prefix + l.text + "\n";
    text += line;
    offset += charCount(line);
  }
  return { text, starts };
}

/** The deepest unit containing both lines. */
export function commonUnit(a: DocLine, b: DocLine): number {
  let id = a.chain[0];
  for (let i = 0; i < Math.min(a.chain.length, b.chain.length) && a.chain[i] === b.chain[i]; i++) id = a.chain[i];
  return id;
}

export interface QuoteTarget {
  unitId: number;
  quote: string;
  /** Character offset of the quote in the unit's text. */
  position: number;
}

/**
 * The quote between two points of the article's lines (line index + character offset in
 * that line's text), taken from the smallest unit holding both. Null when empty.
 */
export function quoteBetween(
  lines: DocLine[],
  start: { line: number; offset: number },
  end: { line: number; offset: number },
): QuoteTarget | null {
  const a = lines[start.line];
  const b = lines[end.line];
  if (!a || !b) return null;
  const unitId = commonUnit(a, b);
  const ut = unitText(lines, unitId);
  const from = (ut.starts.get(a.index) ?? 0) + start.offset;
  const to = (ut.starts.get(b.index) ?? 0) + end.offset;
  if (to <= from) return null;
  const raw = charSlice(ut.text, from, to);
  const lead = charCount(raw) - charCount(raw.trimStart());
  const quote = raw.trim();
  if (!quote) return null;
  return { unitId, quote, position: from + lead };
}

/** Character positions of every occurrence of `quote` in `text`. */
export function occurrences(text: string, quote: string): number[] {
  const out: number[] = [];
  if (!quote) return out;
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) out.push(charCount(text.slice(0, i)));
  return out;
}

/**
 * Where to mark a quote in an article: per line index, the [from, to) character range of
 * the line's text to wrap in a mark. Empty when the unit is not in this article or no
 * longer holds the quote. The occurrence nearest `position` wins.
 */
export function markRanges(lines: DocLine[], target: QuoteTarget): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  if (!lines.some((l) => l.chain.includes(target.unitId))) return out;
  const ut = unitText(lines, target.unitId);
  const found = occurrences(ut.text, target.quote);
  if (found.length === 0) return out;
  const qs = found.reduce((best, s) => (Math.abs(s - target.position) < Math.abs(best - target.position) ? s : best));
  const qe = qs + charCount(target.quote);
  for (const [index, ls] of ut.starts) {
    const le = ls + charCount(lines[index].text);
    const a = Math.max(qs, ls);
    const b = Math.min(qe, le);
    if (a < b) out.set(index, [a - ls, b - ls]);
  }
  return out;
}

/** Does the article (by its lines) hold the unit? */
export function holdsUnit(lines: DocLine[], unitId: number): boolean {
  return lines.some((l) => l.unitId === unitId);
}

/** The id of the article that holds `unitId` in `units`, or null. */
export function articleOfUnit(units: UnitView[], unitId: number): number | null {
  const contains = (u: UnitView): boolean => u.id === unitId || u.children.some(contains);
  for (const u of units) {
    if (u.kind === "article") {
      if (contains(u)) return u.id;
    } else {
      const found = articleOfUnit(u.children, unitId);
      if (found !== null) return found;
    }
  }
  return null;
}

// ---- DOM selection → quote -----------------------------------------------------------------

/** Characters from the start of `lineEl` to a boundary point inside it. */
function offsetIn(lineEl: Element, node: Node, offset: number): number {
  const r = document.createRange();
  r.setStart(lineEl, 0);
  r.setEnd(node, offset);
  return charCount(r.toString());
}

/**
 * The quote a DOM selection makes inside one article element, whose lines are rendered
 * as `[data-line]` elements holding each line's text (markers outside them). Returns null
 * when the selection holds no line text.
 */
export function quoteFromRange(articleEl: Element, lines: DocLine[], range: Range): QuoteTarget | null {
  let start: { line: number; offset: number } | null = null;
  let end: { line: number; offset: number } | null = null;
  for (const el of articleEl.querySelectorAll("[data-line]")) {
    if (!range.intersectsNode(el)) continue;
    const index = Number(el.getAttribute("data-line"));
    const len = charCount(el.textContent ?? "");
    const s = el.contains(range.startContainer) ? offsetIn(el, range.startContainer, range.startOffset) : 0;
    const e = el.contains(range.endContainer) ? offsetIn(el, range.endContainer, range.endOffset) : len;
    if (e <= s && !(start && el.contains(range.endContainer))) continue;
    if (!start) start = { line: index, offset: s };
    end = { line: index, offset: e };
  }
  if (!start || !end) return null;
  return quoteBetween(lines, start, end);
}

/**
 * "khoản 2 Điều 5", "điểm a khoản 2 Điều 5", or "Điều 5" for the article itself: the
 * back end's `reference` of the unit (one rule, `Numbering::reference`).
 */
export function provisionLabel(article: UnitView, unitId: number): string {
  const find = (units: UnitView[]): UnitView | null => {
    for (const u of units) {
      if (u.id === unitId) return u;
      const found = find(u.children);
      if (found) return found;
    }
    return null;
  };
  return (unitId === article.id ? article : find(article.children))?.reference ?? article.reference;
}
