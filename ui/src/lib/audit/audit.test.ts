import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { recorded } from "../ipc/replay";
import type { AuditLogEntry, ImportResult } from "../ipc/types";
import { formatDateTime } from "../shared/format";
import { commandCalls, installBackend, openFirstRegulation, resetAll, tape } from "../test-utils";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/svelte";
import ImportRevision from "./ImportRevision.svelte";

afterEach(resetAll);

describe("Nhật ký tab", () => {
  it("shows the back end's sentences, newest first, with dd/mm/yyyy HH:mm", async () => {
    const replay = installBackend("demo");
    await openFirstRegulation();
    await fireEvent.click(screen.getByTestId("tab-audit"));
    const log = await screen.findByTestId("audit-log");
    await waitFor(() => expect(within(log).getAllByTestId("audit-entry").length).toBeGreaterThan(0));
    const call = commandCalls(replay, "audit_log")[0];
    const answer = recorded(tape("demo"), "audit_log").find(
      (c) => c.args?.regulationId === (call.args as { regulationId: string }).regulationId,
    )!.response;
    const entries = (answer as { status: "ok"; data: AuditLogEntry[] }).data;
    const shown = within(log).getAllByTestId("audit-entry");
    expect(shown).toHaveLength(entries.length);
    expect(shown[0]).toHaveTextContent(entries[0].what);
    expect(shown[0]).toHaveTextContent(formatDateTime(entries[0].time));
    expect(shown[0].textContent).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(screen.getByTestId("tab-audit")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("tab-history")).toHaveAttribute("aria-selected", "false");
  });
});

describe("Nhập phiên bản mới từ tệp…", () => {
  const result: ImportResult = {
    regulation_id: "r1",
    revision: { number: 3, time: "2026-11-28T02:20:00Z", author: "Văn phòng", message: "Nhập từ tệp x.txt", hash: "a".repeat(64), approval: null } as ImportResult["revision"],
    title: "Quy chế",
    diagnostics: [{ line: 7, message: "Điều 5 lặp lại" }],
    encoding_note: "Tệp được lưu bằng mã Windows-1258 (ANSI); đã chuyển sang Unicode.",
  };

  it("shows the report with the encoding note and hands the revision to the screen", async () => {
    mockIPC((cmd) => (cmd === "import_revision" ? result : null));
    const onimported = vi.fn();
    render(ImportRevision, { props: { regulationId: "r1", onimported } });
    await fireEvent.click(screen.getByTestId("import-revision"));
    await screen.findByTestId("import-revision-report");
    expect(screen.getByTestId("import-encoding-note")).toHaveTextContent("Windows-1258 (ANSI)");
    expect(screen.getByTestId("import-revision-diagnostic")).toHaveTextContent("Dòng 7: Điều 5 lặp lại");
    expect(onimported).toHaveBeenCalledWith(result);
  });

  it("does nothing when the dialog is closed", async () => {
    mockIPC(() => null);
    const onimported = vi.fn();
    render(ImportRevision, { props: { regulationId: "r1", onimported } });
    await fireEvent.click(screen.getByTestId("import-revision"));
    await waitFor(() => expect(screen.getByTestId("import-revision")).not.toBeDisabled());
    expect(screen.queryByTestId("import-revision-report")).toBeNull();
    expect(onimported).not.toHaveBeenCalled();
  });
});
