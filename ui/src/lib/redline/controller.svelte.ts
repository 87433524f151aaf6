import { api } from "../ipc/client";
import type { PickedFile, RedlineView } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { isStopped, LongWork, WORK_IDS } from "../shared/long-work.svelte";
import { showToast } from "../shared/toasts.svelte";
import { indexChanges, isChanged, type ChangeIndex } from "./redline";

export type RedlineMode = "inline" | "side";

const EMPTY: ChangeIndex = { changes: [], spanChange: [], blank: new Set() };

/** State and actions of the redline shown for one regulation. */
export class RedlineController {
  readonly regulationId: string;
  /** Old side (revision mode). */
  from = $state(1);
  /** New side in revision mode; the stored (old) side when comparing with a file. */
  to = $state(1);
  /** The compared file (picked once, held in Rust), or null when comparing two revisions. */
  file: PickedFile | null = $state.raw(null);
  view: RedlineView | null = $state.raw(null);
  loading = $state(false);
  loadError: string | null = $state(null);
  mode: RedlineMode = $state("inline");
  onlyChanged = $state(true);
  /** Renumbered references drawn as plain text, and no reason alone to show an article. */
  hideConsequential = $state(false);
  /** Index into `index.changes`, -1 before the first step. */
  current = $state(-1);

  index: ChangeIndex = $derived(this.view ? indexChanges(this.view.articles) : EMPTY);
  /** Indices of the articles shown with the current filter. */
  shown: number[] = $derived.by(() => {
    const articles = this.view?.articles ?? [];
    const out: number[] = [];
    for (let i = 0; i < articles.length; i++)
      if (!this.onlyChanged || isChanged(articles[i], this.hideConsequential)) out.push(i);
    return out;
  });

  private seq = 0;

  constructor(regulationId: string) {
    this.regulationId = regulationId;
  }

  /** Redline between two revisions of the regulation. */
  compareRevisions(from: number, to: number): Promise<boolean> {
    this.from = from;
    this.to = to;
    this.file = null;
    return this.run(() => api.redline(this.regulationId, from, to));
  }

  /** Asks for a .txt file and compares revision `to` with it (the file is the new side). */
  async compareWithFile(): Promise<boolean> {
    let file: PickedFile | null;
    try {
      file = await api.pickComparedText();
    } catch (e) {
      showToast("error", errorMessage(e));
      return false;
    }
    if (!file) return false;
    return this.compareFile(file);
  }

  compareFile(file: PickedFile, revision = this.to): Promise<boolean> {
    this.file = file;
    this.to = revision;
    return this.run(() => api.redlineWithFile(this.regulationId, revision, file.handle));
  }

  /** The redline's file being written (the save dialog is open, or the file), or null. */
  exporting: "docx" | "pdf" | null = $state(null);
  /** The export as long work: its progress and "Dừng" (`LongWorkProgress`). */
  readonly exportWork = new LongWork(WORK_IDS.redline);

  /** Why the redline shown cannot go out as a file, or null when it can. */
  get exportBlocked(): string | null {
    if (!this.view) return "Chưa có bản so sánh để xuất.";
    return null;
  }

  /** What the export writes: `phiên bản 1 với phiên bản 3`, or `phiên bản 3 với tệp X`. */
  get exportPair(): string {
    return this.file !== null ? `phiên bản ${this.to} với tệp ${this.file.name}` : `phiên bản ${this.from} với phiên bản ${this.to}`;
  }

  /**
   * Writes the pair shown (from → to) as Word with tracked changes or as a PDF: the save
   * dialog opens in Rust; the success line names the file, a refusal shows the back end's
   * message.
   */
  async exportFile(format: "docx" | "pdf"): Promise<void> {
    const why = this.exportBlocked;
    if (why !== null) return void showToast("info", why);
    if (this.exporting) return void showToast("info", "Đang xuất bản so sánh… Vui lòng chờ.");
    const { from, to, file, exportPair } = this;
    this.exporting = format;
    try {
      // With a compared file, revision `to` against it (the file is the newer side).
      const path = await this.exportWork.run((work) =>
        file !== null
          ? api.exportRedlineWithFile(this.regulationId, to, file.handle, format, work)
          : api.exportRedline(this.regulationId, from, to, format, work),
      );
      if (path) showToast("success", `Đã xuất bản so sánh ${exportPair} ra tệp ${path}`, 8000);
    } catch (e) {
      // Stopped with "Dừng": nothing was written, which is what was asked.
      showToast(isStopped(e) ? "info" : "error", errorMessage(e));
    } finally {
      this.exporting = null;
    }
  }

  /** Re-runs the current comparison (after a failure, or when a select changed). */
  reload(): Promise<boolean> {
    return this.file !== null ? this.compareFile(this.file, this.to) : this.compareRevisions(this.from, this.to);
  }

  private async run(call: () => Promise<RedlineView>): Promise<boolean> {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const view = await call();
      if (seq !== this.seq) return false;
      this.view = view;
      this.current = -1;
      this.loadError = null;
      return true;
    } catch (e) {
      if (seq !== this.seq) return false;
      const msg = errorMessage(e);
      showToast("error", msg);
      if (!this.view) this.loadError = msg;
      return false;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  get total(): number {
    return this.index.changes.length;
  }

  /** Next change; stops at the last one. */
  next(): void {
    if (this.total === 0) return;
    this.current = Math.min(this.total - 1, this.current + 1);
  }

  /** Previous change; stops at the first one (from "none selected" it goes to the last). */
  prev(): void {
    if (this.total === 0) return;
    this.current = this.current < 0 ? this.total - 1 : Math.max(0, this.current - 1);
  }
}
