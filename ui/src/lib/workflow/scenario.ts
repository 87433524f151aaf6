/** Test-only: drives the mock backend into a review stage before the UI renders. */
import { REG_ID } from "../ipc/fixtures";
import type { MockBackend } from "../ipc/mock-backend";

export const CHAIRMAN = "p-chu-tich";
export const MEMBER = "p-uy-vien";
export const SECRETARY = "p-chanh-vp";

export type Stage = "consultation" | "commented" | "revising" | "resolved" | "submitted" | "approved";
const ORDER: Stage[] = ["consultation", "commented", "revising", "resolved", "submitted", "approved"];

/** Runs the workflow up to `stage` on the sample regulation. Returns the ids of the comments made. */
export async function reach(backend: MockBackend, stage: Stage): Promise<string[]> {
  const at = (s: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
  const ids: string[] = [];
  await backend.as(CHAIRMAN, "open_round", { regulationId: REG_ID, deadline: "2026-12-15" });
  if (at("commented")) {
    const a = (await backend.as(MEMBER, "add_comment", {
      regulationId: REG_ID, unitId: 20, quote: "03 ngày làm việc", position: null,
      text: "Đề nghị kéo dài thời hạn gửi tài liệu để các Ủy viên kịp nghiên cứu.", proposal: "05 ngày làm việc",
    })) as { id: string };
    const b = (await backend.as(MEMBER, "add_comment", {
      regulationId: REG_ID, unitId: 5, quote: "Nguyên tắc làm việc", position: 0,
      text: "Nên bổ sung nguyên tắc công khai, minh bạch.", proposal: null,
    })) as { id: string };
    ids.push(a.id, b.id);
  }
  if (at("revising")) await backend.as(CHAIRMAN, "close_round", { regulationId: REG_ID });
  if (at("resolved")) {
    for (const id of ids) await backend.as(CHAIRMAN, "resolve_comment", { commentId: id, decision: "accepted", reason: "" });
  }
  if (at("submitted")) await backend.as(CHAIRMAN, "submit", { regulationId: REG_ID });
  if (at("approved")) {
    await backend.as(SECRETARY, "approve", {
      regulationId: REG_ID, form: "meeting", date: "2026-12-20", members: 27, votesFor: 20, against: 2, abstain: 1, decisionNo: "12/QĐ-LMHTX",
    });
  }
  return ids;
}
