import type { UnitView } from "../ipc/types";

/** "Điều 5. Nhiệm vụ…" — or just "Điều 5" for an untitled article. */
export function articleHeading(unit: UnitView): string {
  return unit.title ? `${unit.marker}. ${unit.title}` : unit.marker;
}

/** Outline label for any heading unit or article. */
export function outlineLabel(unit: UnitView): string {
  switch (unit.kind) {
    case "part":
    case "chapter":
      return unit.title ? `${unit.marker} — ${unit.title.toLocaleUpperCase("vi")}` : unit.marker;
    case "section":
      return unit.title ? `${unit.marker}. ${unit.title.toLocaleUpperCase("vi")}` : unit.marker;
    default:
      return articleHeading(unit);
  }
}

export interface OutlineEntry {
  id: number;
  kind: UnitView["kind"];
  label: string;
  depth: number;
}

/** Parts, chapters, sections and articles, in document order (clauses and below are left out). */
export function outlineEntries(units: UnitView[]): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const go = (list: UnitView[], depth: number) => {
    for (const u of list) {
      if (u.kind === "clause" || u.kind === "point" || u.kind === "sub_point") continue;
      out.push({ id: u.id, kind: u.kind, label: outlineLabel(u), depth });
      if (u.kind !== "article") go(u.children, depth + 1);
    }
  };
  go(units, 0);
  return out;
}

export function findArticle(units: UnitView[], id: number): UnitView | null {
  for (const u of units) {
    if (u.id === id) return u.kind === "article" ? u : null;
    if (u.kind === "article") continue;
    const found = findArticle(u.children, id);
    if (found) return found;
  }
  return null;
}

export function countArticles(units: UnitView[]): number {
  let n = 0;
  for (const u of units) n += u.kind === "article" ? 1 : countArticles(u.children);
  return n;
}
