/**
 * Pure helpers for displaying a {@link RedlineView}: the list of changes to step through,
 * spans split into paragraphs, headings and badges. The back end computes the diff.
 */
import type { ArticleRedline, DiffOp, DiffSpan, RedlineSummary } from "../ipc/types";
import { CHANGE_LABELS } from "../ipc/labels";

/**
 * One stop of next/previous: a contiguous delete/insert group inside an article, or a
 * whole added/removed article.
 */
export interface Change {
  /** Position in the change list (0-based). */
  index: number;
  /** Index of its article in `view.articles`. */
  article: number;
  /** Whole added/removed article. */
  whole: boolean;
}

export interface ChangeIndex {
  changes: Change[];
  /** Per article, per span: the change it belongs to, or -1 for equal spans. */
  spanChange: Int32Array[];
  /** Change ids whose text is only whitespace (drawn with a visible mark). */
  blank: Set<number>;
}

/**
 * Builds the change list from data (not from the DOM), so unrendered articles count too.
 * A consequential change (a reference's number written again after a renumbering) is not
 * an edit: it is no stop, and it ends the edit before it as unchanged text does.
 */
export function indexChanges(articles: ArticleRedline[]): ChangeIndex {
  const changes: Change[] = [];
  const spanChange: Int32Array[] = [];
  const blank = new Set<number>();
  articles.forEach((a, ai) => {
    const map = new Int32Array(a.ops.length).fill(-1);
    spanChange.push(map);
    if (a.status === "added" || a.status === "removed") {
      const id = changes.length;
      changes.push({ index: id, article: ai, whole: true });
      a.ops.forEach((s, si) => {
        if (s.op !== "equal") map[si] = id;
      });
      return;
    }
    let open = -1;
    let visible = false;
    a.ops.forEach((s, si) => {
      if (s.op === "equal" || s.consequential) {
        if (open >= 0 && !visible) blank.add(open);
        open = -1;
        return;
      }
      if (open < 0) {
        open = changes.length;
        visible = false;
        changes.push({ index: open, article: ai, whole: false });
      }
      if (/\S/.test(s.text)) visible = true;
      map[si] = open;
    });
    if (open >= 0 && !visible) blank.add(open);
  });
  return { changes, spanChange, blank };
}

/**
 * Has anything to show beyond unchanged text in its old place; with `hideConsequential`,
 * a reference renumbered in it is not enough.
 */
export function isChanged(a: ArticleRedline, hideConsequential = false): boolean {
  return (
    a.status !== "unchanged" ||
    a.moved ||
    a.renumbered ||
    a.ops.some((s) => s.op !== "equal" && !(hideConsequential && s.consequential))
  );
}

/** The tooltip of a consequential change: what it is, and the number it replaced. */
export function consequentialTitle(other: string, side: "was" | "now"): string {
  return `${CHANGE_LABELS.consequential} (${side === "was" ? "trước" : "nay"}: ${other})`;
}

export interface Seg {
  op: DiffOp;
  text: string;
  /** The change it belongs to (-1 for equal text). */
  change: number;
  /** A visible mark for a line break or space that was the whole change. */
  mark?: boolean;
  /**
   * A consequential change, drawn as the number it shows (`op` is "equal"): the tooltip
   * (“… (trước: 7)”), and whether it may be drawn plainly.
   */
  consequential?: string;
}

export type Side = "inline" | "old" | "new";

/**
 * Splits an article's spans into lines. `old` keeps equal+delete, `new` equal+insert,
 * `inline` everything. Line 0 is the title line; a span crossing a line break continues
 * on the next line. Empty body lines are dropped. A consequential pair is one segment
 * of the number the side shows (the new one inline), with the other in its tooltip.
 */
export function toLines(ops: DiffSpan[], spanChange: Int32Array, side: Side, blank: Set<number>): Seg[][] {
  const lines: Seg[][] = [[]];
  for (let i = 0; i < ops.length; i++) {
    const span = ops[i];
    if (span.consequential) {
      // A delete then its insert: the old number on the old side, the new one elsewhere.
      const pair = span.op === "delete" && ops[i + 1]?.consequential && ops[i + 1].op === "insert";
      const was = span.op === "delete" ? span.text : "";
      const now = pair ? ops[i + 1].text : span.op === "insert" ? span.text : "";
      if (pair) i++;
      const seg: Seg =
        side === "old"
          ? { op: "equal", text: was, change: -1, consequential: consequentialTitle(now, "now") }
          : { op: "equal", text: now, change: -1, consequential: consequentialTitle(was, "was") };
      if (seg.text) lines[lines.length - 1].push(seg);
      continue;
    }
    if (side === "old" && span.op === "insert") continue;
    if (side === "new" && span.op === "delete") continue;
    const change = spanChange[i] ?? -1;
    const isBlank = change >= 0 && blank.has(change);
    const parts = span.text.split("\n");
    for (let j = 0; j < parts.length; j++) {
      if (j > 0) {
        if (isBlank) lines[lines.length - 1].push({ op: span.op, text: "¶", change, mark: true });
        lines.push([]);
      }
      const part = parts[j];
      if (part) lines[lines.length - 1].push(isBlank && !/\S/.test(part) ? { op: span.op, text: part, change, mark: true } : { op: span.op, text: part, change });
    }
  }
  return [lines[0], ...lines.slice(1).filter((l) => l.length > 0)];
}

/** "Điều 5 → Điều 6", or the one label there is. */
export function labelParts(a: ArticleRedline): { old: string | null; new: string | null } {
  if (a.status === "removed") return { old: null, new: a.old_label };
  if (a.status === "added") return { old: null, new: a.new_label };
  if (a.old_label && a.new_label && a.old_label !== a.new_label) return { old: a.old_label, new: a.new_label };
  return { old: null, new: a.new_label ?? a.old_label };
}

export function articleLabel(a: ArticleRedline): string {
  const p = labelParts(a);
  return p.old ? `${p.old} → ${p.new}` : (p.new ?? "");
}

export interface Badge {
  kind: "modified" | "added" | "removed" | "moved" | "renumbered";
  text: string;
}

/** “Tách từ Điều 7” / “Nhập vào Điều 9”, as the back end words it, or null. */
export function lineageNote(a: ArticleRedline): string | null {
  return a.lineage_note ?? null;
}

export function badges(a: ArticleRedline): Badge[] {
  const out: Badge[] = [];
  if (a.status === "added") out.push({ kind: "added", text: CHANGE_LABELS.added });
  if (a.status === "removed") out.push({ kind: "removed", text: CHANGE_LABELS.removed });
  if (a.status === "modified") out.push({ kind: "modified", text: CHANGE_LABELS.modified });
  if (a.moved) out.push({ kind: "moved", text: CHANGE_LABELS.moved });
  if (a.renumbered && !a.moved) out.push({ kind: "renumbered", text: CHANGE_LABELS.renumbered });
  return out;
}

/** "từ Chương II" for a moved article whose chapter changed. */
export function movedFrom(a: ArticleRedline): string | null {
  return a.moved && a.old_chapter && a.old_chapter !== a.new_chapter ? `từ ${a.old_chapter}` : null;
}

export const SUMMARY_LABELS: { kind: keyof RedlineSummary; label: string; always: boolean }[] = [
  // Consequential changes are counted apart, and only when there are some.
  ...(Object.entries(CHANGE_LABELS) as [keyof typeof CHANGE_LABELS, string][]).map(([kind, label]) => ({
    kind,
    label,
    always: kind !== "consequential",
  })),
  { kind: "chapters_changed", label: "Chương thay đổi", always: false },
  { kind: "sections_changed", label: "Mục thay đổi", always: false },
];

/** Placeholder height (px) for an article body that is not rendered yet. */
export function estimateHeight(a: ArticleRedline, side: boolean): number {
  let chars = 0;
  let lines = 1;
  for (const s of a.ops) {
    chars += s.text.length;
    for (let i = s.text.indexOf("\n"); i >= 0; i = s.text.indexOf("\n", i + 1)) lines++;
  }
  const perLine = side ? 48 : 95;
  const rows = lines + Math.max(0, Math.ceil(chars / perLine) - Math.ceil(lines / 2));
  return Math.round(rows * 25.5 + lines * 6);
}

/** Placeholder height (px) of a whole article not drawn yet: its heading line, its body and its margin. */
export function estimateArticleHeight(a: ArticleRedline, side: boolean): number {
  return 44 + estimateHeight(a, side);
}

/** The height (px) drawn at once when a redline opens or the view jumps: a screenful and a bit. */
export const WINDOW_BUDGET = 1000;
/** Never more articles than this drawn at once, however short they are. */
export const WINDOW_MAX = 10;

/**
 * The articles to draw at once, as indices into `articles`: from `before` shown articles
 * ahead of the one at position `at` of `shown`, then on from it until their estimated
 * heights fill `budget` px (what a screen shows), at most `max`. The first screenful of a
 * redline (`at` 0), or the screen around a change jumped to; the rest are drawn when they
 * come near the viewport or when the browser is idle.
 */
export function windowAround(
  articles: ArticleRedline[],
  shown: number[],
  at: number,
  side: boolean,
  { budget = WINDOW_BUDGET, before = 1, max = WINDOW_MAX }: { budget?: number; before?: number; max?: number } = {},
): number[] {
  if (shown.length === 0) return [];
  const from = Math.min(Math.max(0, at), shown.length - 1);
  const out = shown.slice(Math.max(0, from - before), from);
  let filled = 0;
  for (let p = from; p < shown.length && out.length < max; p++) {
    out.push(shown[p]);
    filled += estimateArticleHeight(articles[shown[p]], side);
    if (filled >= budget) break;
  }
  return out;
}

/** "Thay đổi 3/42", or the count before any is selected. */
export function positionText(current: number, total: number): string {
  if (total === 0) return "Không có thay đổi";
  if (current < 0) return `${total} thay đổi`;
  return `Thay đổi ${current + 1}/${total}`;
}
