import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { recorded, recordedError, type Replay } from "../ipc/replay";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, resetAll, tape } from "../test-utils";

afterEach(resetAll);

// The approved demo's report as Word, stopped with "Dừng" before its write
// (crates/api/tests/recorded_ipc.rs, `documents_out`): the back end's answers, recorded.
const REG_ID = firstRegulation("documents-out").id;
const stoppedCall = recorded(tape("documents-out"), "export_report", { format: "docx" }).find((c) => c.response.status === "error")!;
const REPORT = stoppedCall.dialog as string;

function slowly(backend: Replay, cmd: string, ms: number) {
  mockIPC(async (c, args) => {
    if (c === cmd) await new Promise((r) => setTimeout(r, ms));
    return backend.handle(c, args as Record<string, unknown> | undefined);
  });
}

const toasts = () => screen.queryAllByTestId("toast").map((t) => ({ error: t.classList.contains("error"), text: t.textContent ?? "" }));

describe("export: progress and Dừng", () => {
  it("a slow export shows its stage; Dừng stops it before the write, and the window says no file was written", async () => {
    const backend = installBackend("documents-out", { from: "approved", pick: () => REPORT });
    slowly(backend, "export_report", 2000);
    await openFirstRegulation();
    const bar = await screen.findByTestId("workflow-bar");
    await fireEvent.click(within(bar).getByTestId("action-export"));
    const menu = await screen.findByTestId("export-menu");
    await fireEvent.click(within(menu).getByTestId("report-docx"));
    const shown = await screen.findByTestId("work-progress");
    const progress = screen.getByRole("progressbar");
    await waitFor(() => expect(progress).toHaveAttribute("aria-valuenow", "1"));
    expect(progress).toHaveAttribute("aria-valuemax", "2");
    expect(screen.getByTestId("work-progress-stage")).toHaveTextContent(/^Đang ghi tệp \(\d+ KB\)…$/);
    // The plain "running" line gives way to the progress, not both at once.
    expect(screen.queryByTestId("export-progress")).toBeNull();
    await fireEvent.click(screen.getByTestId("stop-work"));
    await waitFor(() => expect(commandCalls(backend, "cancel_work")[0]).toEqual({ cmd: "cancel_work", args: { work: 4 } }));
    const stopped = recordedError(tape("documents-out"), "export_report", { format: "docx" }, REPORT);
    expect(stopped).toEqual({ code: "stopped", message: "Đã dừng theo yêu cầu: chưa ghi tệp nào." });
    await waitFor(() => expect(toasts()).toContainEqual({ error: false, text: expect.stringContaining(stopped.message) }), { timeout: 4000 });
    expect(toasts().some((t) => t.error || t.text.startsWith("Đã lập"))).toBe(false);
    expect(commandCalls(backend, "export_report")).toEqual([{ cmd: "export_report", args: { work: 4, regulationId: REG_ID, format: "docx" }, dialog: REPORT }]);
    await waitFor(() => expect(shown).not.toBeInTheDocument());
  }, 15000);
});
