/**
 * Words of the comments panel that only the UI has: where a quote stands (the back end
 * sends the state, not a label) and the panel's filters. Decisions are domain labels:
 * `../shared/labels`.
 */
import type { AnchorState, CommentView } from "../ipc/types";

export const ANCHOR_LABELS: Record<AnchorState, string> = {
  current: "Còn nguyên",
  changed: "Đã thay đổi",
  outdated: "Không còn",
};

export const ANCHOR_HINTS: Record<AnchorState, string> = {
  current: "Đoạn được góp ý vẫn còn nguyên trong văn bản hiện tại.",
  changed: "Đoạn được góp ý đã được sửa trong văn bản hiện tại.",
  outdated: "Phần được góp ý không còn trong văn bản hiện tại.",
};

export type CommentFilter = "open" | "resolved" | "changed" | "outdated" | "all";

export const FILTERS: { value: CommentFilter; label: string }[] = [
  { value: "open", label: "Chưa xử lý" },
  { value: "resolved", label: "Đã xử lý" },
  { value: "changed", label: "Đã thay đổi" },
  { value: "outdated", label: "Không còn" },
  { value: "all", label: "Tất cả" },
];

export function matches(c: CommentView, f: CommentFilter): boolean {
  switch (f) {
    case "open":
      return c.decision === null;
    case "resolved":
      return c.decision !== null;
    case "changed":
      return c.anchor === "changed";
    case "outdated":
      return c.anchor === "outdated";
    default:
      return true;
  }
}
