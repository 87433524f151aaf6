/**
 * One editing session of one article in the structured editor: the article as the back end
 * gave it, the revision the save is based on, and the save's outcome. The editor's
 * document is ProseMirror's; this keeps only what the save needs.
 */
import type { Node as PmNode } from "prosemirror-model";
import { api, toFailure } from "../ipc/client";
import type { ArticleSaved, EditableArticle, PastedText, ReferenceTarget, Run } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { fromDoc } from "./convert";

export class EditorSession {
  readonly regulationId: string;
  readonly articleId: number;
  article: EditableArticle | null = $state.raw(null);
  loadError: string | null = $state(null);
  baseRevision = $state(0);
  saving = $state(false);
  /** The back end's refusal (bad input, refused). */
  error: string | null = $state(null);
  /** Someone saved meanwhile: the back end's sentence. */
  conflict: string | null = $state(null);
  private targets: Promise<ReferenceTarget[]> | null = null;

  constructor(regulationId: string, articleId: number) {
    this.regulationId = regulationId;
    this.articleId = articleId;
  }

  async load(): Promise<void> {
    try {
      const a = await api.articleForEditing(this.regulationId, this.articleId);
      this.article = a;
      this.baseRevision = a.revision;
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  /** The picker's list, asked once per session. */
  referenceTargets(): Promise<ReferenceTarget[]> {
    this.targets ??= api.referenceTargets(this.regulationId);
    return this.targets;
  }

  linksIn(text: string): Promise<Run[]> {
    return api.linksIn(this.regulationId, text);
  }

  /** Pasted lines as clauses and points, read by the back end's rule for typed numbers. */
  readPasted(text: string): Promise<PastedText> {
    return api.pastedText(text);
  }

  /** Saves the document; null when refused (the reason is in `error` or `conflict`). */
  async save(doc: PmNode): Promise<ArticleSaved | null> {
    if (this.saving) return null;
    this.saving = true;
    this.error = null;
    try {
      const saved = await api.saveArticleRuns(this.regulationId, this.baseRevision, fromDoc(doc, this.articleId));
      this.conflict = null;
      return saved;
    } catch (e) {
      const f = toFailure(e);
      if (f.code === "conflict") this.conflict = f.message;
      else this.error = errorMessage(f);
      return null;
    } finally {
      this.saving = false;
    }
  }

  /** After a conflict: base the next save on the newest revision, keeping the user's text. */
  async rebase(): Promise<boolean> {
    try {
      const a = await api.articleForEditing(this.regulationId, this.articleId);
      this.baseRevision = a.revision;
      this.conflict = null;
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      return false;
    }
  }
}
