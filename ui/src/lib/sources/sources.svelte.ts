/**
 * Drafting from a source text (issue 11): the source texts (tài liệu nguồn) the Standing
 * Office keeps to draft from, one of them open with its articles, and the articles of this
 * draft taken from one. Every answer — what a take left as text, whether an article was
 * adapted — comes from the back end; this only holds what the panel shows.
 */
import { api } from "../ipc/client";
import type {
  CompareSourceView,
  SourceImportView,
  SourceSummary,
  SourceView,
  TakeView,
  TakenArticleView,
} from "../ipc/types";

/** Where a taken article goes: after or before one of the draft's articles, by number. */
export interface TakePlace {
  side: "after" | "before";
  article: number;
}

export class SourcesController {
  list: SourceSummary[] = $state.raw([]);
  current: SourceView | null = $state.raw(null);
  taken: TakenArticleView[] = $state.raw([]);
  imported: SourceImportView | null = $state.raw(null);
  lastTake: TakeView | null = $state.raw(null);
  comparison: CompareSourceView | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);

  constructor(readonly regulationId: string) {}

  /** The sources and what this draft took. */
  async refresh(): Promise<void> {
    await this.run(async () => {
      this.list = await api.sources();
      this.taken = await api.takenArticles(this.regulationId, null);
    });
  }

  /** "Nhập tài liệu nguồn…": the dialog opens in Rust; a closed dialog does nothing. */
  async importSource(): Promise<void> {
    await this.run(async () => {
      const r = await api.importSource();
      if (!r) return;
      this.imported = r;
      this.list = await api.sources();
      this.current = await api.source(r.source.id);
    });
  }

  async open(sourceId: string): Promise<void> {
    await this.run(async () => {
      this.current = await api.source(sourceId);
    });
  }

  close(): void {
    this.current = null;
  }

  /** Takes an article of the open source into the draft, on the revision shown. */
  async take(sourceArticleId: number, baseRevision: number, place: TakePlace): Promise<TakeView | null> {
    const source = this.current;
    if (!source) return null;
    let done: TakeView | null = null;
    await this.run(async () => {
      const after = place.side === "after" ? place.article : null;
      const before = place.side === "before" ? place.article : null;
      done = await api.takeArticle(this.regulationId, baseRevision, source.source.id, sourceArticleId, after, before);
      this.lastTake = done;
      this.taken = await api.takenArticles(this.regulationId, null);
    });
    return done;
  }

  /** "So sánh với nguồn" for the draft's article `articleId`. */
  async compare(articleId: number): Promise<void> {
    await this.run(async () => {
      this.comparison = await api.compareWithSource(this.regulationId, articleId);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
