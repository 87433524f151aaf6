/**
 * Where an outline move puts a unit: the keyboard's Alt+↑/↓ and a drop. Pure, so the
 * rules of the gesture are tested without a window. What the move may do (an article into
 * another chapter, a chapter past the last one) is the back end's to decide: this only
 * turns a gesture into "this unit, before/after that one", and leaves out the gestures
 * that would change nothing.
 */
import type { OutlineEntry } from "./units";

export type Side = "before" | "after";

/** A move asked for: `unit` goes `side` `target` (both unit ids, of the same kind). */
export interface Move {
  unit: number;
  target: number;
  side: Side;
}

/** The entries a unit of `kind` moves among: articles among articles, chapters among chapters. */
function peers(entries: OutlineEntry[], kind: OutlineEntry["kind"]): OutlineEntry[] {
  return entries.filter((e) => e.kind === kind);
}

/**
 * Alt+↑: before the previous unit of its kind; Alt+↓: after the next one. Null at either
 * end, or for an id the outline does not show.
 */
export function keyboardMove(entries: OutlineEntry[], id: number, direction: "up" | "down"): Move | null {
  const self = entries.find((e) => e.id === id);
  if (!self) return null;
  const list = peers(entries, self.kind);
  const i = list.findIndex((e) => e.id === id);
  const j = direction === "up" ? i - 1 : i + 1;
  const other = list[j];
  if (!other) return null;
  return { unit: id, target: other.id, side: direction === "up" ? "before" : "after" };
}

/** Which half of the hovered entry the pointer is over: its top half drops before it. */
export function sideAt(offsetY: number, height: number): Side {
  return offsetY < height / 2 ? "before" : "after";
}

/**
 * The move a drop of `dragged` on `over` (at `side`) asks for, or null when it would do
 * nothing: onto itself, across kinds, or to where it already is (before its next peer,
 * after its previous one).
 */
export function dropMove(entries: OutlineEntry[], dragged: number, over: number, side: Side): Move | null {
  if (dragged === over) return null;
  const a = entries.find((e) => e.id === dragged);
  const b = entries.find((e) => e.id === over);
  if (!a || !b || a.kind !== b.kind) return null;
  const list = peers(entries, a.kind);
  const i = list.findIndex((e) => e.id === dragged);
  const j = list.findIndex((e) => e.id === over);
  const adjacent = (side === "before" && j === i + 1) || (side === "after" && j === i - 1);
  // Next to its neighbour under another heading is a move into that heading.
  if (adjacent && parentOf(entries, dragged) === parentOf(entries, over)) return null;
  return { unit: dragged, target: over, side };
}

/** The id of the heading an entry stands under (the nearest shallower entry before it), or null. */
export function parentOf(entries: OutlineEntry[], id: number): number | null {
  const i = entries.findIndex((e) => e.id === id);
  if (i < 0) return null;
  for (let k = i - 1; k >= 0; k--) if (entries[k].depth < entries[i].depth) return entries[k].id;
  return null;
}

/** The entry a unit of the outline is dragged by: only articles, chapters and sections move. */
export function draggable(entry: OutlineEntry): boolean {
  return entry.kind === "article" || entry.kind === "chapter" || entry.kind === "section";
}
