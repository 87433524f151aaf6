import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { articleLines, charSlice, unitText } from "../comments/anchor";
import { recorded } from "../ipc/replay";
import type { CommentView, RegulationView, UnitView } from "../ipc/types";
import { allArticles, firstRegulation, installBackend, openFirstRegulation, recordedView, resetAll, tape, type TapeName } from "../test-utils";
import type { RegulationController } from "./controller.svelte";
import DocumentView from "./DocumentView.svelte";
import { documentMarks, linePieces, type Piece } from "./marks";
import Outline from "./Outline.svelte";

afterEach(resetAll);

// The review journey's comments (crates/api/tests/recorded_ipc.rs): on Điều 17's title, on
// Điều 2's title, on "03 ngày làm việc" in khoản 2 Điều 14 (ids stable in the tape).
const REG_ID = firstRegulation("review").id;
const [MEETING, PRINCIPLES, DOCUMENTS] = [133, 9, 109];

/** The document view alone, with no review going on (no context, nothing editable). */
const CTRL = { editing: null, readOnly: false, highlightId: null } as unknown as RegulationController;

const flat = (ps: Piece[]): string => ps.map((p) => (p.kind === "active" ? flat(p.pieces) : p.text)).join("");

const article = (id: number) => document.querySelector<HTMLElement>(`[data-testid="article"][data-article-id="${id}"]`)!;
const marksIn = (el: ParentNode) => [...el.querySelectorAll<HTMLElement>('[data-testid="comment-mark"]')];

/** The comments the review tape answered at `mark` (the first answer after it). */
function commentsAt(mark: string): CommentView[] {
  const entries = tape("review").tape;
  const start = entries.findIndex((e) => "mark" in e && e.mark === mark);
  for (const e of entries.slice(start)) {
    if ("cmd" in e && e.cmd === "comments" && e.response.status === "ok") return e.response.data as CommentView[];
  }
  throw new Error(`no comments after ${mark}`);
}

/** A comment quoting `quote` at `position` of `unitId`'s text, as the back end would send it. */
function comment(id: string, article: UnitView, unitId: number, quote: string, position: number, extra: Partial<CommentView> = {}): CommentView {
  return {
    id,
    author: "p0001",
    author_name: "Nguyễn Văn An",
    author_position: "Chủ tịch",
    revision: 1,
    round: "r1",
    unit_id: unitId,
    article_id: article.id,
    article: article.marker,
    provision: article.marker,
    quote,
    position,
    text: "Góp ý.",
    proposal: null,
    anchor: "current",
    decision: null,
    decision_label: null,
    reason: null,
    created_at: "2026-12-01T08:00:00Z",
    late: false,
    ...extra,
  } as CommentView;
}

/** Comments on the first words of each article's longest line (lengths vary, so quotes overlap in pairs). */
function manyComments(view: RegulationView, n: number): CommentView[] {
  const arts = allArticles(view);
  const out: CommentView[] = [];
  for (let i = 0; i < n; i++) {
    const a = arts[i % arts.length];
    const lines = articleLines(a);
    const line = lines.slice(1).reduce((best, l) => (l.text.length > best.text.length ? l : best), lines[0]);
    const ut = unitText(lines, a.id);
    const from = Math.floor(i / arts.length) * 3;
    const quote = charSlice(line.text, from, from + 14 + (i % 5)).trim();
    out.push(comment(`c${String(i + 1).padStart(4, "0")}`, a, a.id, quote, (ut.starts.get(line.index) ?? 0) + from));
  }
  return out;
}

describe("linePieces", () => {
  it("cuts overlapping quotes into adjacent marks and gives the line back whole", () => {
    const text = "Ủy viên Ban Thường vụ họp thường kỳ mỗi tháng một lần.";
    const ps = linePieces(text, [
      { from: 0, to: 21, id: "a" },
      { from: 8, to: 30, id: "b" },
      { from: 8, to: 21, id: "c" },
    ]);
    expect(flat(ps)).toBe(text);
    expect(ps.map((p) => (p.kind === "mark" ? `${p.text}|${p.ids.join()}` : p.kind === "text" ? p.text : "?"))).toEqual([
      "Ủy viên |a",
      "Ban Thường vụ|a,b,c",
      " họp thườ|b",
      "ng kỳ mỗi tháng một lần.",
    ]);
  });

  it("wraps the active comment's range whole, the marks inside it", () => {
    const text = "chậm nhất 03 ngày làm việc trước ngày khai mạc";
    const ps = linePieces(text, [{ from: 10, to: 26, id: "c0003" }, { from: 0, to: 12, id: "c0004" }], [10, 26]);
    expect(flat(ps)).toBe(text);
    const active = ps.find((p) => p.kind === "active");
    expect(active && flat(active.pieces)).toBe("03 ngày làm việc");
    expect(active?.kind === "active" && active.pieces.map((p) => (p.kind === "mark" ? p.ids.join() : ""))).toEqual(["c0003,c0004", "c0003"]);
  });

  it("leaves a line without quotes as one piece of text", () => {
    expect(linePieces("Điều 1", [])).toEqual([{ kind: "text", text: "Điều 1" }]);
  });
});

describe("documentMarks", () => {
  it("paints only current anchors and counts every comment, unresolved apart", () => {
    const view = recordedView("review", REG_ID);
    const comments = commentsAt("revising-chairman-2").map((c) => (c.id === "c0003" ? { ...c, anchor: "changed" as const } : c));
    const marks = documentMarks(view.units, comments);
    expect([...marks.keys()].sort((a, b) => a - b)).toEqual([PRINCIPLES, DOCUMENTS, MEETING]);
    const docs = marks.get(DOCUMENTS)!;
    expect(docs.comments.map((c) => c.id)).toEqual(["c0003"]);
    expect(docs.unresolved).toBe(0); // explained
    expect(docs.lines.size).toBe(0); // changed: counted, not painted
    expect(marks.get(MEETING)!.unresolved).toBe(1);
    expect([...marks.get(MEETING)!.lines.values()].flat().map((r) => r.id)).toEqual(["c0001"]);
  });
});

describe("marks in the document view", () => {
  it("marks the quoted words of current anchors and counts per article, in the margin and the outline", async () => {
    installBackend("review", { from: "revising-chairman" });
    await openFirstRegulation();
    await waitFor(() => expect(screen.getAllByTestId("comment-mark")).toHaveLength(3));
    expect(marksIn(article(MEETING)).map((m) => m.textContent)).toEqual(["Kỳ họp của Ban Thường vụ"]);
    expect(marksIn(article(PRINCIPLES)).map((m) => m.textContent)).toEqual(["Nguyên tắc làm việc"]);
    const docMark = marksIn(article(DOCUMENTS))[0];
    expect(docMark.textContent).toBe("03 ngày làm việc");
    expect(docMark.tagName).toBe("MARK");
    expect(docMark).toHaveAttribute("aria-label", "03 ngày làm việc (1 góp ý)");
    expect(docMark).toHaveAttribute("tabindex", "0");
    expect(docMark.closest("p")).toHaveTextContent("2. Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất 03 ngày làm việc trước ngày khai mạc hội nghị");

    const count = within(article(DOCUMENTS)).getByTestId("article-comment-count");
    expect(count).toHaveTextContent(/^1 · 1 chưa xử lý$/);
    expect(count).toHaveAttribute("aria-label", "Góp ý: 1 · 1 chưa xử lý");
    expect(screen.getAllByTestId("article-comment-count")).toHaveLength(3);
    const outline = screen.getByTestId("outline");
    const counts = within(outline).getAllByTestId("outline-comment-count");
    expect(counts.map((c) => Number(c.dataset.unitId))).toEqual([PRINCIPLES, DOCUMENTS, MEETING]);
    expect(counts.map((c) => c.getAttribute("aria-label"))).toEqual(Array(3).fill("Góp ý: 1 · 1 chưa xử lý"));
  });

  it("counts a changed quote on its article without painting it", async () => {
    installBackend("review", { from: "revised-chairman" });
    await openFirstRegulation();
    await waitFor(() => expect(screen.getAllByTestId("article-comment-count")).toHaveLength(3));
    expect(marksIn(article(DOCUMENTS))).toHaveLength(0);
    expect(within(article(DOCUMENTS)).getByTestId("article-comment-count")).toHaveTextContent(/^1$/);
    expect(within(article(DOCUMENTS)).getByTestId("article-comment-count")).toHaveAttribute("aria-label", "Góp ý: 1");
    expect(marksIn(article(MEETING))).toHaveLength(1);
  });

  it("a click on a mark opens the comments panel on that comment, active and focused", async () => {
    installBackend("review", { from: "revising-chairman" });
    await openFirstRegulation();
    await waitFor(() => expect(marksIn(article(DOCUMENTS))).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("tab-history"));
    await fireEvent.click(marksIn(article(DOCUMENTS))[0]);
    const card = await waitFor(() => {
      const c = document.querySelector<HTMLElement>('[data-testid="comment-item"][data-comment-id="c0003"]');
      expect(c).not.toBeNull();
      return c!;
    });
    expect(screen.getByTestId("tab-comments")).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(card).toHaveClass("active"));
    await waitFor(() => expect(document.activeElement).toBe(card.querySelector("button.show")));
    expect(within(article(DOCUMENTS)).getByTestId("anchor-mark").textContent).toBe("03 ngày làm việc");
  });

  it("Enter on a mark, or a click on a count, opens the comment; a filter does not hide it", async () => {
    installBackend("review", { from: "revising-chairman" });
    await openFirstRegulation();
    await waitFor(() => expect(marksIn(article(MEETING))).toHaveLength(1));
    await fireEvent.keyDown(marksIn(article(MEETING))[0], { key: "Enter" });
    const first = () => document.querySelector<HTMLElement>('[data-testid="comment-item"][data-comment-id="c0001"]');
    await waitFor(() => expect(first()).toHaveClass("active"));
    await fireEvent.click(screen.getByTestId("comment-filter-resolved"));
    await waitFor(() => expect(first()).toBeNull());
    const count = within(screen.getByTestId("outline")).getAllByTestId("outline-comment-count").find((c) => Number(c.dataset.unitId) === PRINCIPLES)!;
    await fireEvent.click(count);
    const second = () => document.querySelector<HTMLElement>('[data-testid="comment-item"][data-comment-id="c0002"]');
    await waitFor(() => expect(second()).toHaveClass("active"));
    expect(screen.getByTestId("comment-filter-all")).toHaveAttribute("aria-pressed", "true");
  });
});

describe("the text reads the same with its marks", () => {
  const textOf = (view: RegulationView, comments: CommentView[] | null) => {
    const r = render(DocumentView, { view, ctrl: CTRL, marks: comments ? documentMarks(view.units, comments) : null });
    // The counts are buttons beside the text (like "Sửa"), not part of it.
    const counts = [...r.container.querySelectorAll('[data-testid="article-comment-count"]')];
    expect(counts.length > 0).toBe(comments !== null && comments.length > 0);
    counts.forEach((c) => c.remove());
    const text = r.container.textContent;
    const marks = marksIn(r.container).length;
    r.unmount();
    return { text, marks };
  };

  it("on the review tape's comments", () => {
    const view = recordedView("review", REG_ID);
    const plain = textOf(view, null);
    const marked = textOf(view, commentsAt("revising-chairman-2"));
    expect(plain.marks).toBe(0);
    expect(marked.marks).toBe(3);
    expect(marked.text).toBe(plain.text);
  });

  it("on the demo with overlapping quotes in every article", () => {
    const view = recordedView("demo", firstRegulation("demo").id);
    const comments = manyComments(view, 3 * allArticles(view).length);
    const plain = textOf(view, null);
    const marked = textOf(view, comments);
    expect(marked.marks).toBeGreaterThan(comments.length / 2);
    expect(marked.text).toBe(plain.text);
  });
});

// The headless browser flow's tape holds the 2023 law (115 articles); the app's tests never install it.
const BROWSER = "browser" as TapeName;

describe("the 2023 law with 200 comments", () => {
  it("computes the marks once and renders every comment's mark quickly", () => {
    const law = recorded(tape(BROWSER), "open_regulation")
      .map((c) => (c.response.status === "ok" ? (c.response.data as RegulationView) : null))
      .find((v) => v?.title === "LUẬT HỢP TÁC XÃ")!;
    expect(allArticles(law)).toHaveLength(115);
    const comments = manyComments(law, 200);
    const t0 = performance.now();
    const marks = documentMarks(law.units, comments);
    const computed = performance.now() - t0;
    const r = render(DocumentView, { view: law, ctrl: CTRL, marks });
    const rendered = performance.now() - t0;
    const painted = new Set(marksIn(r.container).flatMap((m) => m.dataset.commentIds!.split(" ")));
    expect(painted.size).toBe(200);
    expect(r.container.querySelectorAll('[data-testid="article-comment-count"]')).toHaveLength(115);
    const counted = [...r.container.querySelectorAll('[data-testid="article-comment-count"]')].reduce(
      (n, el) => n + Number((el as HTMLElement).dataset.count),
      0,
    );
    expect(counted).toBe(200);
    console.info(`2023 law, 200 comments: marks ${computed.toFixed(1)} ms, render ${rendered.toFixed(0)} ms`);
    expect(computed).toBeLessThan(200);
    expect(rendered).toBeLessThan(5000);
  });

  it("the outline counts every article's comments", () => {
    const law = recorded(tape(BROWSER), "open_regulation")
      .map((c) => (c.response.status === "ok" ? (c.response.data as RegulationView) : null))
      .find((v) => v?.title === "LUẬT HỢP TÁC XÃ")!;
    const marks = documentMarks(law.units, manyComments(law, 200));
    render(Outline, { units: law.units, selectedId: null, onselect: () => {}, marks });
    const counts = screen.getAllByTestId("outline-comment-count");
    expect(counts).toHaveLength(115);
    expect(counts.filter((c) => c.getAttribute("aria-label")?.startsWith("Góp ý: 2"))).toHaveLength(85);
  });
});
