/**
 * The app's own form checks, in Vietnamese. Every <form> has `novalidate`, so the web
 * view's bubbles (in the system's language) never show; a form runs these on submit and
 * shows the result with FieldError.svelte.
 */

export const REQUIRED_MESSAGE = "Mục này không được để trống.";

/** The message for an empty required field, or null. */
export function required(value: string | number | null | undefined, message = REQUIRED_MESSAGE): string | null {
  if (value === null || value === undefined) return message;
  if (typeof value === "number") return Number.isNaN(value) ? message : null;
  return value.trim() ? null : message;
}

/** A whole number at least `min` (vote counts), or the message why not. */
export function wholeNumber(value: number | string | null | undefined, min = 0): string | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n)) return "Nhập một số nguyên.";
  return n < min ? `Nhập một số từ ${min} trở lên.` : null;
}

/** The first problem of a form's checks, keyed by field; {} when all pass. */
export function problems(checks: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(checks)) if (message) out[field] = message;
  return out;
}
