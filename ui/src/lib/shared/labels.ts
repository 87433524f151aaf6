/**
 * The UI's one home for the words of the review domain's enums: stages, decisions, the
 * forms of approval, roles and the workflow's actions. The tables themselves are
 * generated from the back end's labels (`ui/src/lib/ipc/labels.ts`, written by
 * quyche-api and checked for staleness), so the window, the reports and the CLI spell
 * every word the same way. This module adds the few helpers the screens use.
 */
import { ACTION_LABELS, DECISION_LABELS, STAGE_LABELS } from "../ipc/labels";
import type { Decision, RegulationStatus } from "../ipc/types";

export { ACTION_LABELS, APPROVAL_FORM_LABELS, DECISION_LABELS, ROLE_LABELS, STAGE_LABELS } from "../ipc/labels";

export function statusLabel(status: RegulationStatus): string {
  return STAGE_LABELS[status] ?? status;
}

/** The resolve form's options, in the order a chairman weighs them (the back end's order). */
export const DECISIONS: { value: Decision; label: string }[] = (
  Object.keys(DECISION_LABELS) as Decision[]
).map((value) => ({ value, label: DECISION_LABELS[value] }));

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
