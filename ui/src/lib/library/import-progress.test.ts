import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { FILES, recordedError, type Replay } from "../ipc/replay";
import { commandCalls, installBackend, renderApp, resetAll, tape } from "../test-utils";

afterEach(resetAll);

// A big text (the library tape's `luat-dai.txt`, about 430 KB) imported and stopped with
// "Dừng" at its parsing stage: the back end's answers, recorded.
const BIG = `${FILES}/luat-dai.txt`;
const DRAFT = `${FILES}/du-thao-luat-phong-khong.txt`;

/** The replayed back end, with `cmd` answering after `ms` (a big file takes a while). */
function slowly(backend: Replay, cmd: string, ms: number) {
  mockIPC(async (c, args) => {
    if (c === cmd) await new Promise((r) => setTimeout(r, ms));
    return backend.handle(c, args as Record<string, unknown> | undefined);
  });
}

const toasts = () => screen.queryAllByTestId("toast").map((t) => ({ kind: t.classList.contains("error") ? "error" : t.classList.contains("info") ? "info" : "success", text: t.textContent ?? "" }));

describe("import: progress and Dừng", () => {
  it("a big import shows its stage and progress; Dừng stops it, and the window says nothing was imported, not a failure", async () => {
    const backend = installBackend("library", { pick: () => BIG });
    slowly(backend, "import_file", 2000);
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    const shown = await screen.findByTestId("work-progress");
    const bar = screen.getByRole("progressbar", { name: "Đang nhập văn bản…" });
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "2"));
    expect(bar).toHaveAttribute("aria-valuemax", "4");
    expect(screen.getByTestId("work-progress-stage")).toHaveTextContent(/Đang tìm chương, điều trong \d+ dòng…/);
    await fireEvent.click(screen.getByTestId("stop-work"));
    await waitFor(() => expect(commandCalls(backend, "cancel_work")[0]).toEqual({ cmd: "cancel_work", args: { work: 2 } }));
    const stopped = recordedError(tape("library"), "import_file", {}, BIG);
    expect(stopped).toEqual({ code: "stopped", message: "Đã dừng theo yêu cầu: chưa nhập gì." });
    await waitFor(() => expect(toasts()).toContainEqual({ kind: "info", text: expect.stringContaining(stopped.message) }), { timeout: 4000 });
    expect(toasts().some((t) => t.kind === "error")).toBe(false);
    expect(commandCalls(backend, "import_file")).toEqual([{ cmd: "import_file", args: { work: 2 }, dialog: BIG }]);
    await waitFor(() => expect(shown).not.toBeInTheDocument());
    // Still the library, as it was: nothing opened, no import report.
    expect(screen.getAllByTestId("regulation-item")).toHaveLength(2);
    expect(screen.queryByTestId("import-report")).toBeNull();
    expect(screen.getByTestId("import-button")).not.toBeDisabled();
  }, 15000);

  it("a quick import does not flash a progress bar", async () => {
    const backend = installBackend("library", { pick: () => DRAFT });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    await screen.findByTestId("import-report");
    expect(screen.queryByTestId("work-progress")).toBeNull();
    expect(commandCalls(backend, "work_progress")).toHaveLength(0);
  });
});
