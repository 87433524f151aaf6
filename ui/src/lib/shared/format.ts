const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-28T02:20:00Z" → "28/11/2026 09:20" in the user's local time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** First 7 hex digits of a revision hash, as git shows them (the full hash goes in a tooltip). */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

// Stage words live with the other domain labels; re-exported for the screens that format.
export { statusLabel } from "./labels";

/** "2026-12-15" → "15/12/2026" (a calendar date, no time zone). */
export function formatDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ymd;
}

/** Today's date in the user's time zone as "YYYY-MM-DD" (for date inputs). */
export function todayYmd(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
