/**
 * The outline's drafting actions: move, insert, delete, promote/demote, undo and redo.
 * Each is one call that the back end saves as one revision (or refuses, with its reason);
 * the window then reloads the text, says what happened to the references, and keeps the
 * session's undo stack. Nothing here decides what is allowed.
 */
import { api, toFailure } from "../ipc/client";
import type { StructureEdit, StructureView } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { showToast } from "../shared/toasts.svelte";
import type { RegulationController } from "./controller.svelte";
import type { Side } from "./outline-moves";
import { findArticle } from "./units";
import type { UndoStack } from "./undo.svelte";

/** A referenced delete the back end refused: its sentence, and the article to force. */
export interface DeleteRefusal {
  unit: number;
  message: string;
}

/** "3 tham chiếu được đánh số lại · 1 tham chiếu không còn: khoản 2 Điều 12". */
export function referencesSummary(view: Pick<StructureView, "relabelled" | "broken">): string {
  const parts: string[] = [];
  if (view.relabelled.length > 0) parts.push(`${view.relabelled.length} tham chiếu được đánh số lại`);
  if (view.broken.length > 0)
    parts.push(`${view.broken.length} tham chiếu không còn: ${view.broken.map((b) => b.place).join(", ")}`);
  return parts.join(" · ");
}

export class StructureActions {
  busy = $state(false);
  private readonly ctrl: RegulationController;
  readonly undo: UndoStack;

  constructor(ctrl: RegulationController, undo: UndoStack) {
    this.ctrl = ctrl;
    this.undo = undo;
  }

  /** Sends one edit on the revision shown; the saved view, or null when refused (toast shown). */
  private async edit(edit: StructureEdit, quiet = false): Promise<StructureView | null> {
    const view = this.ctrl.view;
    if (!view || this.busy || this.ctrl.readOnly || !this.ctrl.canLeave()) return null;
    this.busy = true;
    try {
      const base = view.revision.number;
      const saved = await api.editStructure(view.id, base, edit);
      this.undo.record(saved.revision.message, base, saved.revision.number);
      const refs = referencesSummary(saved);
      showToast("success", `Phiên bản ${saved.revision.number}: ${saved.revision.message}.${refs ? ` ${refs}.` : ""}`, {
        key: "structure",
        ms: saved.broken.length > 0 ? 0 : 6000,
      });
      await this.ctrl.load(null);
      this.ctrl.onsaved?.();
      return saved;
    } catch (e) {
      if (!quiet) this.refused(e);
      else throw e;
      return null;
    } finally {
      this.busy = false;
    }
  }

  private refused(e: unknown): void {
    const f = toFailure(e);
    if (f.code === "conflict") this.undo.clear();
    showToast("error", errorMessage(f), { key: "structure" });
  }

  async move(unit: number, target: number, side: Side): Promise<void> {
    const saved = await this.edit({ op: "move", unit, place: { kind: side, unit: target } });
    // Marked, not focused: a keyboard move keeps the focus in the outline for the next one.
    if (saved) this.ctrl.highlightId = unit;
  }

  /** A new article titled `title` after `after`; opens the article editor on it. */
  async insertAfter(after: number, title: string): Promise<void> {
    const saved = await this.edit({ op: "insert", kind: "article", place: { kind: "after", unit: after }, text: title });
    if (!saved || !this.ctrl.view) return;
    const article = findArticle(this.ctrl.view.units, saved.unit);
    if (!article) return;
    this.ctrl.select(article.id);
    this.ctrl.startEdit(article);
  }

  /** Deletes an article; a referenced one comes back as a refusal to confirm with `force`. */
  async remove(unit: number, force: boolean): Promise<DeleteRefusal | null> {
    try {
      await this.edit({ op: "delete", unit, force }, true);
      return null;
    } catch (e) {
      const f = toFailure(e);
      if (f.code === "refused" && !force) return { unit, message: errorMessage(f) };
      this.refused(f);
      return null;
    }
  }

  async promote(unit: number): Promise<void> {
    await this.edit({ op: "promote", unit });
  }

  async demote(unit: number): Promise<void> {
    await this.edit({ op: "demote", unit });
  }

  /** Takes back the session's last change (the back end may refuse: its sentence is shown). */
  async undoLast(): Promise<void> {
    await this.restore("undo");
  }

  async redoLast(): Promise<void> {
    await this.restore("redo");
  }

  private async restore(direction: "undo" | "redo"): Promise<void> {
    const next = direction === "undo" ? this.undo.nextUndo() : this.undo.nextRedo();
    const view = this.ctrl.view;
    if (!next || !view || this.busy || !this.ctrl.canLeave()) return;
    this.busy = true;
    try {
      const saved = await api.restoreRevision(view.id, next.base, next.to, direction);
      if (direction === "undo") this.undo.undone(saved.number);
      else this.undo.redone(saved.number);
      showToast("success", `Phiên bản ${saved.number}: ${saved.message}.`, { key: "structure" });
      await this.ctrl.load(null);
      this.ctrl.onsaved?.();
    } catch (e) {
      this.refused(e);
    } finally {
      this.busy = false;
    }
  }
}
