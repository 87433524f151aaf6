/**
 * Calendar dates typed as dd/mm/yyyy, kept as ISO "YYYY-MM-DD" for the API. The web
 * view's own date input shows the system's locale (mm/dd/yyyy on an English Windows);
 * these helpers are the app's one reading of a typed date.
 */

/** Monday first, as Vietnamese calendars print them. */
export const WEEKDAYS_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"] as const;
export const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"] as const;

export function monthName(month: number): string {
  return `Tháng ${month}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "5/3/2026", "05/03/2026", "05-03-2026", "05.03.2026" (or ISO "2026-03-05") → "2026-03-05"; null if not a real date. */
export function parseDmy(text: string): string | null {
  // An ISO date pasted from elsewhere ("2026-03-05") is unambiguous: taken as it is.
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  const m = iso ? [iso[0], iso[3], iso[2], iso[1]] : /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** Why a typed date is refused, in Vietnamese; null when it is fine (empty is the caller's rule). */
export function dmyProblem(text: string): string | null {
  if (!text.trim()) return null;
  if (!/^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\s*$/.test(text)) {
    return "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2026.";
  }
  return parseDmy(text) ? null : "Ngày này không có trong lịch.";
}

/** "2026-03-05" → { year: 2026, month: 3, day: 5 }. */
export function ymdParts(ymd: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

export function ymd(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The weeks of a month for the picker, Monday first; null pads the first and last week. */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const first = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
  const cells: (number | null)[] = Array.from({ length: first }, () => null);
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
