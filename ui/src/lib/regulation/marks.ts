/**
 * Where the comments are in the text shown: per article, its comments (for the count in
 * the margin and the outline) and, per line, which characters the `current` ones quote.
 * Computed once for the whole document from the comments list the screen already loads
 * (`documentMarks`), then read by each article; nothing here decides a rule — a comment's
 * anchor state and decision are the back end's, this only counts and locates them with
 * the same quote-finding as the click highlight (`../comments/anchor`).
 */
import { articleLines, markRanges, type DocLine } from "../comments/anchor";
import { matches } from "../comments/labels";
import type { CommentView, UnitView } from "../ipc/types";

/** A [from, to) character range of one line's text quoted by one comment. */
export interface LineRange {
  from: number;
  to: number;
  id: string;
}

export interface ArticleComments {
  /** The comments on this article, in the list's order (painted or not). */
  comments: CommentView[];
  /** How many have no decision yet (the panel's "Chưa xử lý"). */
  unresolved: number;
  /** Per line index of the article: the ranges its `current` comments quote. */
  lines: Map<number, LineRange[]>;
}

export type DocumentMarks = Map<number, ArticleComments>;

/** The article holding each unit (articles hold themselves). */
function articleByUnit(units: UnitView[]): Map<number, UnitView> {
  const out = new Map<number, UnitView>();
  const within = (u: UnitView, article: UnitView) => {
    out.set(u.id, article);
    for (const c of u.children) within(c, article);
  };
  const walk = (list: UnitView[]) => {
    for (const u of list) {
      if (u.kind === "article") within(u, u);
      else walk(u.children);
    }
  };
  walk(units);
  return out;
}

/**
 * Each article's comments and marks. A comment counts on the article that holds its unit
 * now (else its article); only `current` anchors are painted — a `changed` or `outdated`
 * quote is no longer where it was, so it is counted but not drawn on text that moved.
 */
export function documentMarks(units: UnitView[], comments: CommentView[]): DocumentMarks {
  const byUnit = articleByUnit(units);
  const out: DocumentMarks = new Map();
  const linesOf = new Map<number, DocLine[]>();
  for (const c of comments) {
    const article = byUnit.get(c.unit_id) ?? byUnit.get(c.article_id);
    if (!article) continue;
    let entry = out.get(article.id);
    if (!entry) {
      entry = { comments: [], unresolved: 0, lines: new Map() };
      out.set(article.id, entry);
    }
    entry.comments.push(c);
    if (matches(c, "open")) entry.unresolved++;
    if (c.anchor !== "current") continue;
    let lines = linesOf.get(article.id);
    if (!lines) {
      lines = articleLines(article);
      linesOf.set(article.id, lines);
    }
    for (const [index, [from, to]] of markRanges(lines, { unitId: c.unit_id, quote: c.quote, position: c.position })) {
      const list = entry.lines.get(index);
      if (list) list.push({ from, to, id: c.id });
      else entry.lines.set(index, [{ from, to, id: c.id }]);
    }
  }
  return out;
}

/** Plain text, a passage marked for the comments `ids`, or the active comment's quote. */
export type Piece =
  | { kind: "text"; text: string }
  | { kind: "mark"; text: string; ids: string[] }
  | { kind: "active"; pieces: Piece[] };

/**
 * A line's text cut where any quote starts or ends, so overlapping quotes become adjacent
 * marks each naming every comment that covers it (never crossing tags), and the active
 * comment's range wraps its part whole (the click highlight, `anchor-mark`). Joining the
 * pieces' text gives the line back exactly.
 */
export function linePieces(text: string, ranges: LineRange[], active: [number, number] | null = null): Piece[] {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  for (const r of ranges) cuts.add(Math.max(0, Math.min(r.from, chars.length))).add(Math.max(0, Math.min(r.to, chars.length)));
  if (active) cuts.add(Math.max(0, Math.min(active[0], chars.length))).add(Math.max(0, Math.min(active[1], chars.length)));
  const points = [...cuts].sort((a, b) => a - b);
  // Flat segments, neighbours with the same comments and the same activeness merged.
  const flat: { from: number; to: number; ids: string[]; active: boolean }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const ids = ranges.filter((r) => r.from <= a && r.to >= b).map((r) => r.id);
    const inActive = active !== null && active[0] <= a && active[1] >= b;
    const last = flat[flat.length - 1];
    if (last && last.active === inActive && last.ids.join() === ids.join()) last.to = b;
    else flat.push({ from: a, to: b, ids, active: inActive });
  }
  const piece = (s: { from: number; to: number; ids: string[] }): Piece => {
    const t = chars.slice(s.from, s.to).join("");
    return s.ids.length > 0 ? { kind: "mark", text: t, ids: s.ids } : { kind: "text", text: t };
  };
  const out: Piece[] = [];
  for (const s of flat) {
    const last = out[out.length - 1];
    if (!s.active) out.push(piece(s));
    else if (last?.kind === "active") last.pieces.push(piece(s));
    else out.push({ kind: "active", pieces: [piece(s)] });
  }
  return out;
}

/** "3 góp ý" — what a mark or a count says to a screen reader. */
export function commentsLabel(n: number): string {
  return `${n} góp ý`;
}

/**
 * "Góp ý: 3 · 1 chưa xử lý" — an article's count as a name: the words the badge shows
 * ("3 · 1 chưa xử lý", after the drawn bubble), led by what the bubble means, so a screen
 * reader says what is counted and a voice user can say what they see (WCAG 2.5.3).
 */
export function countLabel(entry: ArticleComments): string {
  return `Góp ý: ${entry.comments.length}${entry.unresolved > 0 ? ` · ${entry.unresolved} chưa xử lý` : ""}`;
}
