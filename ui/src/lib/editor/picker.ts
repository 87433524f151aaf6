/** The reference picker's list: the units the back end says a reference can name, filtered. */
import type { ReferenceTarget } from "../ipc/types";

function fold(s: string): string {
  return s.normalize("NFC").toLocaleLowerCase("vi");
}

/** The targets whose label holds the query: the exact label first, then those it starts,
 * then the rest, each in document order. An empty query lists articles first. */
export function filterTargets(targets: ReferenceTarget[], query: string, limit = 50): ReferenceTarget[] {
  const q = fold(query.trim());
  if (q === "") {
    const articles = targets.filter((t) => t.kind === "article");
    return [...articles, ...targets.filter((t) => t.kind !== "article")].slice(0, limit);
  }
  const exact: ReferenceTarget[] = [];
  const starts: ReferenceTarget[] = [];
  const holds: ReferenceTarget[] = [];
  for (const t of targets) {
    const l = fold(t.label);
    if (l === q) exact.push(t);
    else if (l.startsWith(q) && !/\d/.test(l.charAt(q.length))) starts.push(t);
    else if (l.includes(q) || fold(t.excerpt).includes(q)) holds.push(t);
  }
  return [...exact, ...starts, ...holds].slice(0, limit);
}
