/**
 * The UI's one home for the words of the review domain's enums: stages, decisions, the
 * forms of approval and the workflow's actions. Each table is a `Record` over the
 * generated type, so a new variant on the Rust side fails the type check here instead
 * of showing a raw code.
 *
 * These mirror labels the back end also has (`Stage::label`, `Decision::label`,
 * `ApprovalForm::label`, `Act::label` in quyche-review). The UI needs them where the back
 * end does not send them yet (a status in the library, the options of the resolve and
 * approval forms, the name of a running action), and shows them from here everywhere,
 * so one screen never mixes two spellings. When the back end sends them (an options
 * list, a label per action) the matching table here goes.
 */
import type { ApprovalForm, Decision, RegulationStatus } from "../ipc/types";

export const STAGE_LABELS: Record<RegulationStatus, string> = {
  draft: "Dự thảo",
  consultation: "Đang lấy ý kiến",
  revising: "Đang tiếp thu, chỉnh lý",
  submitted: "Đã trình thông qua",
  approved: "Đã thông qua",
  returned: "Bị trả lại",
};

export function statusLabel(status: RegulationStatus): string {
  return STAGE_LABELS[status] ?? status;
}

export const DECISION_LABELS: Record<Decision, string> = {
  accepted: "Tiếp thu",
  partly: "Tiếp thu một phần",
  explained: "Giải trình",
  rejected: "Không tiếp thu",
};

/** The resolve form's options, in the order a chairman weighs them. */
export const DECISIONS: { value: Decision; label: string }[] = (
  ["accepted", "partly", "explained", "rejected"] as const
).map((value) => ({ value, label: DECISION_LABELS[value] }));

export const APPROVAL_FORM_LABELS: Record<ApprovalForm, string> = {
  meeting: "Biểu quyết tại hội nghị",
  written: "Lấy ý kiến bằng văn bản",
};

/**
 * The workflow's actions (`ActionView.action`), as the phrase that follows "Đang …" or
 * "không có quyền …". The names are the back end's (`Act::as_str`).
 */
export const ACTION_LABELS = {
  add_person: "thêm người",
  open_round: "mở đợt lấy ý kiến",
  close_round: "đóng đợt lấy ý kiến",
  comment: "góp ý",
  resolve: "tiếp thu, giải trình ý kiến",
  submit: "trình thông qua",
  return: "trả lại dự thảo",
  approve: "ghi nhận thông qua",
  edit: "sửa văn bản",
  export: "xuất văn bản",
  report: "lập bảng tổng hợp",
  package: "gửi gói lấy ý kiến",
  bundle: "gửi góp ý của mình",
  import_bundle: "nhập góp ý",
} as const;

export type ActionName = keyof typeof ACTION_LABELS;

/** "đóng đợt lấy ý kiến"; an unknown name as it is. */
export function actionLabel(action: string): string {
  return (ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** "Đóng đợt lấy ý kiến": the phrase as a button's title. */
export function actionTitle(action: string): string {
  const s = actionLabel(action);
  return s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);
}
