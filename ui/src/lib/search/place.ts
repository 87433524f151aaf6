/**
 * How a search hit is named in a list: its place in the document, as the back end numbered
 * it (the chapter, article, clause and point come from the current numbering; the UI only
 * puts them in the order a Vietnamese reader says them, smallest first: "điểm a khoản 2
 * Điều 5"), and the hits grouped by regulation in the order they came.
 */
import type { SearchHit } from "../ipc/types";

/** The areas outside the articles, by the name the back end gives them. */
const AREAS: Record<string, string> = {
  header: "Phần đầu văn bản",
  preamble: "Căn cứ",
  closing: "Phần cuối văn bản",
  comment: "Ý kiến",
};

/** "điểm a khoản 2 Điều 5", "Chương II", "Căn cứ", or "Ý kiến · Điều 5" for a comment. */
export function placeOf(hit: SearchHit): string {
  const provision = [hit.point, hit.clause, hit.article].filter((p): p is string => p !== null).join(" ");
  if (hit.area === "comment") return provision ? `${AREAS.comment} · ${provision}` : AREAS.comment;
  if (provision) return provision;
  if (hit.area === "body") return hit.chapter ?? "";
  return AREAS[hit.area] ?? "";
}

export interface HitGroup {
  regulation: string;
  title: string;
  /** The hits with their index in the whole list (the index the arrow keys move). */
  hits: { hit: SearchHit; index: number }[];
}

/** The hits by regulation; the back end already orders them by regulation, then position. */
export function groupByRegulation(hits: SearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  hits.forEach((hit, index) => {
    let g = groups.at(-1);
    if (!g || g.regulation !== hit.regulation) {
      g = { regulation: hit.regulation, title: hit.title, hits: [] };
      groups.push(g);
    }
    g.hits.push({ hit, index });
  });
  return groups;
}
