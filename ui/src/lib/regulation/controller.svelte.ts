import type { RegulationView, RevisionInfo, UnitView } from "../ipc/types";
import { api, toFailure } from "../ipc/client";
import { errorMessage } from "../shared/errors";
import { dismissToast, showToast } from "../shared/toasts.svelte";
import { articleHeading, findArticle } from "./units";

export interface EditState {
  articleId: number;
  marker: string;
  /** The text in the textarea. */
  text: string;
  /** The article's text in the revision the edit is based on. */
  original: string;
  /** The revision the edit is based on. */
  baseRevision: number;
  saving: boolean;
  /** Set when the save was refused because someone saved meanwhile. */
  conflict: string | null;
  /** Set when the save was refused for another reason (e.g. bad_input). */
  error: string | null;
  /** Asking "discard changes?" */
  confirmDiscard: boolean;
  /** After reloading on conflict: the article text in the newest revision. */
  latestText: string | null;
  /** The error toast shown for the conflict, dismissed once it is resolved. */
  conflictToast: number | null;
}

/** State and actions of one open regulation. */
export class RegulationController {
  readonly regulationId: string;
  view: RegulationView | null = $state.raw(null);
  history: RevisionInfo[] = $state.raw([]);
  loading = $state(false);
  loadError: string | null = $state(null);
  editing: EditState | null = $state(null);
  highlightId: number | null = $state(null);
  /** Called after a save (comments' anchors may have changed). */
  onsaved: (() => void) | null = null;

  readOnly = $derived(this.view !== null && this.view.revision.number < this.view.head);
  dirty = $derived(this.editing !== null && this.editing.text !== this.editing.original);

  constructor(regulationId: string) {
    this.regulationId = regulationId;
  }

  /** Loads a revision (null = newest) and the history. */
  async load(revision: number | null = null): Promise<boolean> {
    this.loading = true;
    try {
      const [view, history] = await Promise.all([
        api.openRegulation(this.regulationId, revision),
        api.history(this.regulationId),
      ]);
      this.view = view;
      this.history = [...history].sort((a, b) => b.number - a.number);
      this.loadError = null;
      return true;
    } catch (e) {
      const msg = errorMessage(e);
      if (this.view) showToast("error", msg);
      else this.loadError = msg;
      return false;
    } finally {
      this.loading = false;
    }
  }

  /** Refuses to leave while an edit has unsaved text. Returns true when it is safe to leave. */
  canLeave(): boolean {
    if (this.editing && this.dirty) {
      showToast("info", `Bạn đang sửa ${this.editing.marker}: hãy lưu hoặc hủy trước.`);
      document.querySelector<HTMLTextAreaElement>('[data-testid="article-editor"]')?.focus();
      return false;
    }
    return true;
  }

  async openRevision(number: number): Promise<void> {
    if (!this.view || number === this.view.revision.number) return;
    if (!this.canLeave()) return;
    this.editing = null;
    await this.load(this.view && number >= this.view.head ? null : number);
  }

  async openLatest(): Promise<void> {
    if (!this.canLeave()) return;
    this.editing = null;
    await this.load(null);
  }

  startEdit(article: UnitView): void {
    if (!this.view || this.readOnly) return;
    if (this.editing?.articleId === article.id) return;
    if (!this.canLeave()) return;
    const text = article.edit_text ?? articleHeading(article);
    this.editing = {
      articleId: article.id,
      marker: article.marker,
      text,
      original: text,
      baseRevision: this.view.revision.number,
      saving: false,
      conflict: null,
      error: null,
      confirmDiscard: false,
      latestText: null,
      conflictToast: null,
    };
    this.highlightId = article.id;
  }

  /** Cancel button / Esc: asks first when there are unsaved changes. */
  requestCancel(): void {
    const ed = this.editing;
    if (!ed) return;
    if (this.dirty && !ed.confirmDiscard) {
      ed.confirmDiscard = true;
      return;
    }
    this.discard();
  }

  discard(): void {
    const id = this.editing?.articleId;
    this.editing = null;
    if (id !== undefined) focusArticle(id);
  }

  keepEditing(): void {
    if (this.editing) this.editing.confirmDiscard = false;
  }

  async save(): Promise<void> {
    const ed = this.editing;
    const view = this.view;
    if (!ed || !view || ed.saving) return;
    ed.confirmDiscard = false;
    if (!this.dirty && ed.conflict === null) {
      showToast("info", "Không có thay đổi nào để lưu.");
      this.discard();
      return;
    }
    ed.saving = true;
    ed.error = null;
    try {
      const info = await api.saveArticle(view.id, ed.baseRevision, ed.articleId, ed.text);
      const id = ed.articleId;
      if (ed.conflictToast !== null) dismissToast(ed.conflictToast);
      this.editing = null;
      showToast("success", `Đã lưu phiên bản ${info.number}`);
      await this.load(null);
      this.onsaved?.();
      this.highlightId = id;
      focusArticle(id);
    } catch (e) {
      const f = toFailure(e);
      if (f.code === "conflict") {
        ed.conflict = f.message || "Đã có người lưu một phiên bản mới trong lúc bạn sửa.";
        if (ed.conflictToast !== null) dismissToast(ed.conflictToast);
        ed.conflictToast = showToast(
          "error",
          "Không lưu được: đã có phiên bản mới hơn. Nội dung bạn đang sửa vẫn được giữ nguyên.",
        );
      } else {
        ed.error = errorMessage(f);
        showToast("error", ed.error);
      }
    } finally {
      if (this.editing) this.editing.saving = false;
    }
  }

  /** After a conflict: load the newest revision, keep the user's text, base the next save on it. */
  async reloadKeepingDraft(): Promise<void> {
    const ed = this.editing;
    if (!ed) return;
    const ok = await this.load(null);
    if (!ok || !this.view || !this.editing) return;
    const latest = findArticle(this.view.units, ed.articleId);
    if (!latest) {
      this.editing.error = "Điều này không còn trong phiên bản mới nhất. Hãy sao chép nội dung bạn đã sửa trước khi hủy.";
      this.editing.conflict = null;
      return;
    }
    const latestText = latest.edit_text ?? "";
    this.editing.baseRevision = this.view.revision.number;
    this.editing.original = latestText;
    this.editing.latestText = latestText;
    this.editing.marker = latest.marker;
    this.editing.conflict = null;
    if (this.editing.conflictToast !== null) dismissToast(this.editing.conflictToast);
    this.editing.conflictToast = null;
    showToast("info", `Đã tải phiên bản ${this.view.revision.number}. Nội dung bạn sửa vẫn được giữ; hãy kiểm tra rồi lưu lại.`);
  }

  select(id: number): void {
    this.highlightId = id;
    scrollToUnit(id);
  }
}

export function scrollToUnit(id: number): void {
  const el = document.getElementById(`unit-${id}`);
  if (!el) return;
  // Smooth scrolling only for short jumps: a long smooth scroll through a big document is slow.
  const distance = Math.abs(el.getBoundingClientRect().top);
  const smooth =
    distance < 2 * window.innerHeight && !window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  el.scrollIntoView?.({ block: "start", behavior: smooth ? "smooth" : "auto" });
  el.focus({ preventScroll: true });
}

function focusArticle(id: number): void {
  queueMicrotask(() => {
    window.requestAnimationFrame?.(() => document.getElementById(`unit-${id}`)?.focus({ preventScroll: true }));
  });
}
