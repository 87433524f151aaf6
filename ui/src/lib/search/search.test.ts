import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import raw from "../ipc/recorded/search.json?raw";
import { createReplay, recordedData, recordedError, type Tape } from "../ipc/replay";
import type { RegulationSummary, SearchView } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, renderApp, resetAll } from "../test-utils";
import FindBar from "./FindBar.svelte";
import { LiveSearch } from "./live.svelte";
import { placeOf } from "./place";

afterEach(resetAll);

// The tape crates/api/tests/recorded_ipc.rs `search` wrote from the real back end.
const tape = JSON.parse(raw) as Tape;
const demo = recordedData<RegulationSummary[]>(tape, "list_regulations")[0];
const library = (query: string) => recordedData<SearchView>(tape, "search", { query, regulationId: null, revision: null });
const inDocument = (query: string) =>
  recordedData<SearchView>(tape, "search", { query, regulationId: demo.id, revision: null }).hits.filter((h) => h.area !== "comment");

const ctrl = (key: string) => fireEvent.keyDown(window, { key, ctrlKey: true });

async function openPalette() {
  await renderApp();
  // fireEvent answers false when the handler prevented the default (the WebView's own use).
  expect(await ctrl("k")).toBe(false);
  return screen.findByTestId("library-search");
}

async function typeInto(input: HTMLElement, text: string) {
  await fireEvent.input(input, { target: { value: text } });
}

describe("library search (Ctrl+K)", () => {
  it("typing gives the hits grouped by regulation, each with its place and the match marked", async () => {
    installBackend(tape);
    const dialog = await openPalette();
    await typeInto(within(dialog).getByTestId("library-search-input"), "quy che");
    const view = library("quy che");
    const rows = await within(dialog).findAllByTestId("library-search-hit");
    expect(rows).toHaveLength(view.hits.length);
    expect(within(dialog).getByTestId("library-search-status")).toHaveTextContent(`${view.total} kết quả`);
    const groups = within(dialog).getAllByTestId("library-search-group");
    expect(groups).toHaveLength(new Set(view.hits.map((h) => h.regulation)).size);
    expect(groups[0]).toHaveTextContent(demo.title);
    view.hits.forEach((hit, i) => {
      expect(within(rows[i]).getByTestId("library-search-place")).toHaveTextContent(placeOf(hit));
      // The words the back end matched, marked as text (no markup from the data).
      expect(rows[i].querySelector("mark")?.textContent).toBe(hit.matched);
    });
    // No marks typed, marks ignored: "quy che" found "QUY CHẾ" in the header and "Quy chế" in the text.
    expect(within(rows[0]).getByTestId("library-search-place")).toHaveTextContent("Phần đầu văn bản");
    expect(rows[0].querySelector("mark")).toHaveTextContent("QUY CHẾ");
    expect(within(rows[1]).getByTestId("library-search-place")).toHaveTextContent("khoản 1 Điều 1");
  });

  it("names a place smallest first, and the areas outside the articles", () => {
    const [thuongVu] = library("Thường vụ").hits.filter((h) => h.point !== null);
    expect(placeOf(thuongVu)).toBe(`${thuongVu.point} ${thuongVu.clause} ${thuongVu.article}`);
    expect(placeOf(thuongVu)).toBe("điểm a khoản 2 Điều 1");
    const header = library("quy che").hits[0];
    expect(placeOf({ ...header, area: "preamble" })).toBe("Căn cứ");
    expect(placeOf({ ...header, area: "comment", article: "Điều 5" })).toBe("Ý kiến · Điều 5");
  });

  it("arrows and Enter open the regulation at the hit's unit, its words marked", async () => {
    const backend = installBackend(tape);
    const dialog = await openPalette();
    const input = within(dialog).getByTestId("library-search-input");
    await typeInto(input, "Thường vụ");
    const rows = await within(dialog).findAllByTestId("library-search-hit");
    expect(rows[0]).toHaveAttribute("aria-selected", "true");
    // Up from the first wraps to the last; down twice from the first is the third.
    await fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(rows.at(-1)).toHaveAttribute("aria-selected", "true");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(rows[2]).toHaveAttribute("aria-selected", "true");
    const hit = library("Thường vụ").hits[2];
    expect(hit.point).toBe("điểm a");
    await fireEvent.keyDown(input, { key: "Enter" });

    await screen.findByTestId("outline");
    expect(screen.queryByTestId("library-search")).toBeNull();
    expect(commandCalls(backend, "open_regulation")[0].args).toEqual({ regulationId: hit.regulation, revision: null });
    // The unit's lines are the current hit, inside its article, highlighted as the outline does.
    await waitFor(() => expect(document.querySelector(`p[data-unit-id="${hit.unit}"]`)).toHaveAttribute("data-search-current", "true"));
    const article = document.querySelector(`p[data-unit-id="${hit.unit}"]`)!.closest("article")!;
    expect(article).toHaveClass("highlighted");
    expect(article).toHaveTextContent(hit.article!);
  });

  it("says when nothing is found, and shows the back end's refusal", async () => {
    installBackend(tape);
    const dialog = await openPalette();
    const input = within(dialog).getByTestId("library-search-input");
    await typeInto(input, "khong co tu nay");
    await waitFor(() => expect(within(dialog).getByTestId("library-search-status")).toHaveTextContent("Không tìm thấy “khong co tu nay”."));
    expect(within(dialog).queryAllByTestId("library-search-hit")).toHaveLength(0);
    await typeInto(input, " ");
    const refusal = recordedError(tape, "search", { query: " ", regulationId: null, revision: null });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(refusal.message);
  });

  it("finds a comment's words, and Enter opens that comment in the comments panel", async () => {
    installBackend(tape, { from: "commented" });
    const dialog = await openPalette();
    const input = within(dialog).getByTestId("library-search-input");
    await typeInto(input, "truc tuyen");
    const view = library("truc tuyen");
    const index = view.hits.findIndex((h) => h.area === "comment");
    expect(index).toBeGreaterThanOrEqual(0);
    const hit = view.hits[index];
    const rows = await within(dialog).findAllByTestId("library-search-hit");
    expect(within(rows[index]).getByTestId("library-search-place")).toHaveTextContent(`Ý kiến · ${hit.article}`);
    expect(rows[index].querySelector("mark")).toHaveTextContent(hit.matched);
    for (let i = 0; i < index; i++) await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByTestId("outline");
    const card = await waitFor(() => {
      const c = document.querySelector(`[data-testid="comment-item"][data-comment-id="${hit.comment}"]`);
      expect(c).not.toBeNull();
      return c!;
    });
    await waitFor(() => expect(card).toHaveClass("active"));
    expect(screen.getByTestId("tab-comments")).toHaveAttribute("aria-selected", "true");
  });

  it("opens from the library's button and closes on Esc", async () => {
    const backend = installBackend(tape);
    await renderApp();
    await fireEvent.click(screen.getByTestId("open-library-search"));
    const dialog = await screen.findByTestId("library-search");
    const input = within(dialog).getByTestId("library-search-input");
    expect(input).toHaveFocus();
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("library-search")).toBeNull();
    // Nothing was typed: nothing was asked.
    expect(commandCalls(backend, "search")).toHaveLength(0);
  });
});

describe("find in the document (Ctrl+F)", () => {
  it("counts the hits in the regulation shown, steps through them (wrapping) and Esc clears", async () => {
    const backend = installBackend(tape);
    await openFirstRegulation();
    expect(await ctrl("f")).toBe(false);
    const bar = await screen.findByTestId("find-bar");
    const input = within(bar).getByTestId("find-input");
    await waitFor(() => expect(input).toHaveFocus());
    await typeInto(input, "nguyen tac");
    const hits = inDocument("nguyen tac");
    expect(hits.length).toBeGreaterThan(1);
    const count = within(bar).getByTestId("find-count");
    await waitFor(() => expect(count).toHaveTextContent(`1/${hits.length}`));
    expect(commandCalls(backend, "search").at(-1)!.args).toEqual({ query: "nguyen tac", regulationId: demo.id, revision: null });

    const current = () => [...document.querySelectorAll("[data-search-current]")];
    // The first hit is the article's own title (Điều 2. Nguyên tắc làm việc), the next a clause of it.
    await waitFor(() => expect(current()[0]?.closest("article")?.id).toBe(`unit-${hits[0].unit}`));
    expect(current()[0]).toHaveTextContent(hits[0].matched);

    await fireEvent.keyDown(input, { key: "Enter" });
    expect(count).toHaveTextContent(`2/${hits.length}`);
    await waitFor(() => expect(current()).toEqual([...document.querySelectorAll(`p[data-unit-id="${hits[1].unit}"]`)]));
    for (let i = 2; i < hits.length; i++) await fireEvent.keyDown(input, { key: "Enter" });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(count).toHaveTextContent(`1/${hits.length}`);
    await fireEvent.keyDown(input, { key: "Enter", shiftKey: true });
    expect(count).toHaveTextContent(`${hits.length}/${hits.length}`);
    await fireEvent.click(within(bar).getByTestId("find-next"));
    expect(count).toHaveTextContent(`1/${hits.length}`);
    const prev = within(bar).getByTestId("find-prev");
    await fireEvent.click(prev);
    expect(count).toHaveTextContent(`${hits.length}/${hits.length}`);

    // Esc from the step button just clicked closes too.
    await fireEvent.keyDown(prev, { key: "Escape" });
    expect(screen.queryByTestId("find-bar")).toBeNull();
    expect(current()).toHaveLength(0);
  });

  it("asks about the older revision shown, not the latest", async () => {
    const backend = installBackend(tape);
    const older = recordedData<SearchView>(tape, "search", { query: "nguyen tac", regulationId: demo.id, revision: 1 });
    const root = document.createElement("div");
    document.body.append(root);
    render(FindBar, { regulationId: demo.id, revision: 1, version: 0, root: () => root });
    await ctrl("f");
    await typeInto(await screen.findByTestId("find-input"), "nguyen tac");
    await waitFor(() => expect(screen.getByTestId("find-count")).toHaveTextContent(`1/${older.hits.length}`));
    expect(commandCalls(backend, "search").at(-1)!.args).toEqual({ query: "nguyen tac", regulationId: demo.id, revision: 1 });
    root.remove();
  });
});

describe("a live search", () => {
  it("never lets an older answer replace a newer one", async () => {
    const replay = createReplay(tape);
    // The real answers, the first one late: it arrives after the second question's answer.
    mockIPC(async (cmd, args) => {
      const query = (args as { query?: string }).query;
      if (query === "nguyen tac") await new Promise((r) => setTimeout(r, 60));
      return replay.handle(cmd, args as Record<string, unknown>);
    });
    try {
      const live = new LiveSearch(() => ({ regulationId: null, revision: null }));
      live.text = "nguyen tac";
      const late = live.ask();
      live.text = "khong co tu nay";
      await live.ask();
      expect(live.view?.query).toBe("khong co tu nay");
      await late;
      expect(live.view?.query).toBe("khong co tu nay");
      expect(live.view?.total).toBe(0);
    } finally {
      clearMocks();
    }
  });
});
