import { toFailure } from "../ipc/client";

/**
 * The sentence to show for any error. The back end's message is the one to show: it is
 * Vietnamese, one line, and names the file, the line or the rule (`ApiError`). The UI adds
 * no wording of its own per code, or the two would drift; the fallback is only for a
 * rejection that carries no message at all.
 */
export function errorMessage(e: unknown): string {
  return toFailure(e).message || "Đã có lỗi xảy ra.";
}
