/**
 * The review state of one open regulation: the workflow bar (stage, round, what the
 * current user may do and why not), the comments, and the actions. The back end decides
 * every rule; this only mirrors its answers and shows its refusals.
 */
import { getContext, setContext } from "svelte";
import { exchange } from "../exchange/exchange.svelte";
import { api, toFailure } from "../ipc/client";
import type { ActionView, ApprovalForm, ApprovalView, CommentView, Decision, WorkflowView } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { showToast } from "../shared/toasts.svelte";

/** The comment form: what is being commented on. */
export interface CommentDraft {
  unitId: number;
  articleId: number;
  /** "Điều 5" — where it is, for the form's heading. */
  label: string;
  quote: string;
  position: number | null;
}

export type SideTab = "comments" | "history";

export class ReviewController {
  readonly regulationId: string;
  workflow: WorkflowView | null = $state.raw(null);
  comments: CommentView[] = $state.raw([]);
  changes: string[] = $state.raw([]);
  loadError: string | null = $state(null);
  /** The action running now (its name), for progress and to avoid double clicks. */
  busy: string | null = $state(null);
  /** The comment whose quote is marked in the text. */
  active: CommentView | null = $state.raw(null);
  draft: CommentDraft | null = $state(null);
  sideTab: SideTab = $state("history");
  /** Called after the text may have changed status (to reload the document view). */
  onstage: (() => void) | null = null;

  constructor(regulationId: string) {
    this.regulationId = regulationId;
  }

  action(name: string): ActionView | undefined {
    return this.workflow?.actions.find((a) => a.action === name);
  }

  can(name: string): boolean {
    return this.action(name)?.allowed === true;
  }

  /** Why not, or null when allowed (or unknown yet). */
  reason(name: string): string | null {
    const a = this.action(name);
    if (!a) return this.workflow ? "Thao tác này không có trong quy trình." : "Đang tải quy trình…";
    return a.allowed ? null : (a.reason ?? "Không được phép.");
  }

  /**
   * Editing is allowed unless the back end said otherwise (before the workflow loads: as
   * before). A copy opened from a review package is never editable (the back end refuses
   * the save; the `edit` action should say so too).
   */
  get canEdit(): boolean {
    if (exchange.isCopy(this.regulationId)) return false;
    return this.workflow === null ? true : this.can("edit");
  }

  get canComment(): boolean {
    return this.workflow?.stage === "consultation" && this.can("comment");
  }

  approvalFor(revision: number): ApprovalView | undefined {
    return this.workflow?.approvals.find((a) => a.revision === revision);
  }

  async refresh(): Promise<void> {
    try {
      const [workflow, comments, changes] = await Promise.all([
        api.workflow(this.regulationId),
        api.comments(this.regulationId),
        api.changesWithoutComment(this.regulationId),
      ]);
      const stageChanged = this.workflow !== null && this.workflow.stage !== workflow.stage;
      this.workflow = workflow;
      this.comments = comments;
      this.changes = changes;
      this.loadError = null;
      if (this.active) this.active = comments.find((c) => c.id === this.active!.id) ?? null;
      if (this.draft && !this.canComment) this.draft = null;
      if (stageChanged) this.onstage?.();
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  /** Runs an action: one at a time, refusals shown as a toast, then reloads. */
  private async run<T>(name: string, call: () => Promise<T>, success: (r: T) => string): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = name;
    try {
      const r = await call();
      showToast("success", success(r));
      await this.refresh();
      return r;
    } catch (e) {
      showToast("error", errorMessage(e));
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  openRound(deadline: string | null) {
    return this.run("open_round", () => api.openRound(this.regulationId, deadline), (r) =>
      `Đã mở đợt lấy ý kiến ${r.number} trên phiên bản ${r.revision}.`,
    );
  }

  closeRound() {
    return this.run("close_round", () => api.closeRound(this.regulationId), (r) => `Đã đóng đợt lấy ý kiến ${r.number}.`);
  }

  submit() {
    return this.run("submit", () => api.submit(this.regulationId), () => "Đã trình Ban Chấp hành thông qua.");
  }

  returnDraft(reason: string) {
    return this.run("return", () => api.returnDraft(this.regulationId, reason), () => "Đã trả lại dự thảo để chỉnh lý.");
  }

  /** Throws the back end's refusal, for the form to show. */
  async approve(form: ApprovalForm, date: string, members: number, votesFor: number, against: number, abstain: number, decisionNo: string): Promise<ApprovalView> {
    this.busy = "approve";
    try {
      const a = await api.approve(this.regulationId, form, date, members, votesFor, against, abstain, decisionNo);
      showToast("success", `Đã ghi nhận thông qua theo Quyết định số ${a.decision_no}.`);
      await this.refresh();
      return a;
    } catch (e) {
      throw toFailure(e);
    } finally {
      this.busy = null;
    }
  }

  startDraft(draft: CommentDraft): void {
    this.draft = draft;
    this.sideTab = "comments";
  }

  cancelDraft(): void {
    this.draft = null;
  }

  /** Throws the back end's refusal (e.g. the quote is not in the unit), for the form to show. */
  async addComment(text: string, proposal: string | null): Promise<CommentView> {
    const d = this.draft;
    if (!d) throw new Error("no draft");
    this.busy = "comment";
    try {
      const c = await api.addComment(this.regulationId, d.unitId, d.quote, d.position, text, proposal);
      this.draft = null;
      showToast("success", `Đã gửi góp ý về ${c.provision}.`);
      await this.refresh();
      this.active = this.comments.find((x) => x.id === c.id) ?? c;
      return c;
    } catch (e) {
      throw toFailure(e);
    } finally {
      this.busy = null;
    }
  }

  /** Throws the back end's refusal, for the item to show. */
  async resolve(commentId: string, decision: Decision, reason: string): Promise<CommentView> {
    this.busy = "resolve";
    try {
      const c = await api.resolveComment(commentId, decision, reason);
      showToast("success", `${c.decision_label ?? "Đã xử lý"}: ý kiến về ${c.provision}.`);
      await this.refresh();
      return c;
    } catch (e) {
      throw toFailure(e);
    } finally {
      this.busy = null;
    }
  }
}

const KEY = Symbol("review");

export function setReviewContext(review: ReviewController): void {
  setContext(KEY, review);
}

export function getReviewContext(): ReviewController | undefined {
  return getContext<ReviewController | undefined>(KEY);
}
