import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { FILES, recorded, recordedData, type Tape } from "../ipc/replay";
import type { CompareSourceView, SourceImportView, TakeView } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";
import CompareSource from "./CompareSource.svelte";

// The tape recorded by `sources()` in crates/api/tests/recorded_ipc.rs.
const RAW = import.meta.glob<string>("../ipc/recorded/sources.json", { query: "?raw", import: "default", eager: true });
const TAPE = JSON.parse(RAW["../ipc/recorded/sources.json"]) as Tape;
const LAW = `${FILES}/luat-hop-tac-xa-2012.txt`;

function okData<T>(cmd: string, n = 0): T {
  const calls = recorded(TAPE, cmd).filter((c) => c.response.status === "ok");
  const r = calls[n].response;
  if (r.status !== "ok") throw new Error("not ok");
  return r.data as T;
}

afterEach(resetAll);

async function openSourcesTab() {
  await openFirstRegulation();
  await fireEvent.click(screen.getByTestId("tab-sources"));
  return screen.findByTestId("sources-panel");
}

describe("Nguồn: drafting from a source text", () => {
  it("imports a source through the Rust dialog, takes Điều 4 after Điều 1 and compares it", async () => {
    const replay = installBackend(TAPE, { pick: () => LAW });
    const panel = await openSourcesTab();
    expect(await within(panel).findByTestId("sources-empty")).toBeInTheDocument();

    await fireEvent.click(within(panel).getByTestId("import-source"));
    const imported = recordedData<SourceImportView>(TAPE, "import_source", {}, LAW);
    expect(await within(panel).findByTestId("source-imported")).toHaveTextContent(
      `Đã nhập “${imported.source.title}” (${imported.source.articles} điều)`,
    );
    expect(commandCalls(replay, "import_source")[0].dialog).toBe(LAW);
    const articles = await within(panel).findAllByTestId("source-article");
    expect(articles).toHaveLength(imported.source.articles);

    await fireEvent.click(within(articles[3]).getByTestId("take-article"));
    const target = within(articles[3]).getByTestId("take-target") as HTMLSelectElement;
    await fireEvent.change(target, { target: { value: "1" } });
    await fireEvent.click(within(articles[3]).getByTestId("take-confirm"));

    const take = okData<TakeView>("take_article");
    await waitFor(() => expect(commandCalls(replay, "take_article")).toHaveLength(1));
    expect(commandCalls(replay, "take_article")[0].args).toMatchObject({ baseRevision: 2, after: 1, before: null });
    const taken = await within(panel).findByTestId("taken-article");
    expect(taken).toHaveTextContent(`Điều ${take.article} ← Điều 4 · ${imported.source.title}`);
    // The screen shows the new revision.
    await waitFor(() =>
      expect(screen.getByTestId("current-revision")).toHaveAttribute("data-revision", String(take.revision.number)),
    );

    await fireEvent.click(within(taken).getByTestId("compare-source"));
    const verdict = await screen.findByTestId("compare-verdict");
    expect(verdict).toHaveTextContent("chưa sửa");
    expect(verdict).toHaveAttribute("data-unchanged", "true");
  });

  it("lists what a take left as text, in the back end's words", async () => {
    const replay = installBackend(TAPE, { from: "refused" });
    const panel = await openSourcesTab();
    await fireEvent.click(await within(panel).findByTestId("source-item"));
    const articles = await within(panel).findAllByTestId("source-article");
    await fireEvent.click(within(articles[12]).getByTestId("take-article"));
    await fireEvent.change(within(articles[12]).getByTestId("take-target"), { target: { value: "2" } });
    await fireEvent.click(within(articles[12]).getByTestId("take-confirm"));

    const report = await within(panel).findByTestId("take-report");
    const take = recorded(TAPE, "take_article").filter((c) => c.response.status === "ok").at(-1)!;
    const diagnostics = (take.response as { status: "ok"; data: TakeView }).data.diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(within(report).getAllByTestId("take-diagnostic").map((li) => li.textContent)).toEqual(diagnostics);
    expect(diagnostics[0]).toContain("(của văn bản nguồn) — chưa có trong dự thảo");
    expect(commandCalls(replay, "take_article")[0].args).toMatchObject({ baseRevision: 4, after: 2 });
    await waitFor(() => expect(within(panel).getAllByTestId("taken-article")).toHaveLength(2));
  });

  it("shows the adaptation struck through and underlined", () => {
    const adapted = okData<CompareSourceView>("compare_with_source", 1);
    expect(adapted.unchanged).toBe(false);
    render(CompareSource, { view: adapted, onclose: () => {} });
    expect(screen.getByTestId("compare-verdict")).toHaveTextContent("đã sửa");
    const view = screen.getByTestId("compare-source-view");
    expect(within(view).getByText("Luật", { selector: "del" })).toBeInTheDocument();
    expect(within(view).getByText("Quy chế", { selector: "ins" })).toBeInTheDocument();
  });
});
