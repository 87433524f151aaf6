/**
 * The review state of one open regulation: the workflow bar (stage, round, what the
 * current user may do and why not), the comments, and the actions. The back end decides
 * every rule; this only mirrors its answers and shows its refusals.
 */
import { getContext, setContext } from "svelte";
import { api, toFailure } from "../ipc/client";
import type { ActionView, ApprovalForm, ApprovalView, CommentView, Decision, WorkflowView } from "../ipc/types";
import { session } from "../people/session.svelte";
import { errorMessage } from "../shared/errors";
import { actionLabel, DECISION_LABELS } from "../shared/labels";
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
  /**
   * A workflow load is in flight (the first one, or after the user changed): the answers
   * on screen may still be the previous person's.
   */
  loading = $state(false);
  /** The action clicked while loading: it runs once the fresh answer allows it. */
  waiting: string | null = $state(null);
  // Every refresh takes the next number and only the newest may write its answer, so a
  // slow refresh started for the previous person cannot overwrite the new person's.
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();
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
   * before). A copy received in a review package is never editable: the back end's
   * `edit` answer says so, with the reason, and it refuses the save.
   */
  get canEdit(): boolean {
    return this.workflow === null ? true : this.can("edit");
  }

  /** A read-only copy received in a review package: the back end's stored answer. */
  get receivedCopy(): boolean {
    return this.workflow?.received_copy === true;
  }

  get canComment(): boolean {
    return this.workflow?.stage === "consultation" && this.can("comment");
  }

  approvalFor(revision: number): ApprovalView | undefined {
    return this.workflow?.approvals.find((a) => a.revision === revision);
  }

  /** Reloads the workflow and the comments; resolves when this load is done (or superseded). */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.latest = this.load(generation);
    return this.latest;
  }

  private async load(generation: number): Promise<void> {
    try {
      const [workflow, comments, changes] = await Promise.all([
        api.workflow(this.regulationId),
        api.comments(this.regulationId),
        api.changesWithoutComment(this.regulationId),
      ]);
      if (generation !== this.generation) return;
      const stageChanged = this.workflow !== null && this.workflow.stage !== workflow.stage;
      this.workflow = workflow;
      this.comments = comments;
      this.changes = changes;
      this.loadError = null;
      if (this.active) this.active = comments.find((c) => c.id === this.active!.id) ?? null;
      if (this.draft && !this.canComment) this.draft = null;
      if (stageChanged) this.onstage?.();
    } catch (e) {
      if (generation === this.generation) this.loadError = errorMessage(e);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  /** Resolves when no load is in flight, including loads started while waiting. */
  async settled(): Promise<void> {
    while (this.loading) await this.latest;
  }

  /**
   * The answers on screen may not be the current user's: never loaded, loading, or
   * loaded for someone else (the user changed and the reload has not started yet).
   */
  get stale(): boolean {
    if (this.loading || this.workflow === null) return true;
    const user = session.user?.id ?? null;
    return session.loaded && (this.workflow.asked_for ?? null) !== user;
  }

  /** "Đang đóng đợt lấy ý kiến, vui lòng chờ." */
  busyMessage(): string {
    return `Đang ${actionLabel(this.busy ?? "")}, vui lòng chờ.`;
  }

  /**
   * A click on an action: never dropped without a word. While another action runs, it
   * says so. While the workflow is loading it waits for the fresh answer, then runs `go`
   * if that allows it, or shows why not. Returns whether `go` ran. When nothing is
   * pending `go` runs at once, in the click's own task (a menu toggled by it stays open).
   */
  async attempt(name: string, go: () => unknown): Promise<boolean> {
    if (this.busy) {
      showToast("info", this.busyMessage());
      return false;
    }
    if (this.waiting) {
      showToast("info", `Đang tải quy trình, sẽ ${actionLabel(this.waiting)} khi tải xong.`);
      return false;
    }
    if (this.stale) {
      this.waiting = name;
      try {
        if (!this.loading) void this.refresh();
        await this.settled();
      } finally {
        this.waiting = null;
      }
      if (this.busy) {
        showToast("info", this.busyMessage());
        return false;
      }
      if (this.workflow === null) {
        showToast("error", `Không tải được quy trình: ${this.loadError ?? "không rõ lý do"}`);
        return false;
      }
    }
    const why = this.reason(name);
    if (why !== null) {
      showToast("info", why);
      return false;
    }
    go();
    return true;
  }

  /** Runs an action: one at a time, refusals shown as a toast, then reloads. */
  private async run<T>(name: string, call: () => Promise<T>, success: (r: T) => string): Promise<T | undefined> {
    if (this.busy) {
      showToast("info", this.busyMessage());
      return undefined;
    }
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
    if (this.busy) throw toFailure(new Error(this.busyMessage()));
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
    if (this.busy) throw toFailure(new Error(this.busyMessage()));
    this.busy = "comment";
    try {
      const c = await api.addComment(this.regulationId, d.unitId, d.quote, d.position, text, proposal);
      this.draft = null;
      // Saving is not sending: on a received copy it leaves only in a bundle.
      showToast("success", c.sent === "unsent" ? `Đã lưu góp ý về ${c.provision} (chưa gửi).` : `Đã ghi nhận góp ý về ${c.provision}.`);
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
    if (this.busy) throw toFailure(new Error(this.busyMessage()));
    this.busy = "resolve";
    try {
      const c = await api.resolveComment(commentId, decision, reason);
      showToast("success", `${DECISION_LABELS[decision]}: ý kiến về ${c.provision}.`);
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
