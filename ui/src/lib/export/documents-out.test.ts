import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { recordedData, recordedError } from "../ipc/replay";
import type { ExportView, VerificationView } from "../ipc/types";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, resetAll, tape } from "../test-utils";

afterEach(resetAll);

// Documents out on the approved demo (crates/api/tests/recorded_ipc.rs, `documents_out`):
// the Chief of Office writes the promulgation set, the approved text as Akoma Ntoso, the
// report as PDF, and the redline as Word.
const REG_ID = firstRegulation("documents-out").id;
/** The recorded answer of a save dialog, by the file's format (what the back end wrote). */
const written = (cmd: string, format: string) => recordedData<ExportView>(tape("documents-out"), cmd, { regulationId: REG_ID, format });

async function openMenu(options = {}) {
  const backend = installBackend("documents-out", { from: "approved", ...options });
  await openFirstRegulation();
  const bar = await screen.findByTestId("workflow-bar");
  await fireEvent.click(within(bar).getByTestId("action-export"));
  return { backend, menu: await screen.findByTestId("export-menu") };
}

const toasts = () => screen.queryAllByTestId("toast").map((t) => t.textContent ?? "");

describe("documents out: the promulgation set", () => {
  it("“Xuất bộ ban hành (Word)…” writes the set where the dialog says and names the file", async () => {
    const { backend, menu } = await openMenu();
    const set = written("export_promulgation", "docx");
    expect(set.path).toMatch(/-bo-ban-hanh\.docx$/);
    await fireEvent.click(within(menu).getByTestId("promulgation-docx"));
    expect(await screen.findByText(`Đã xuất bộ ban hành (quyết định và quy chế, phiên bản ${set.revision}) ra tệp ${set.path}`)).toBeInTheDocument();
    // The dialog is Rust's: the window sends the regulation and the format, never a path.
    expect(commandCalls(backend, "export_promulgation")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "docx" });
  });

  it("the set written verifies against its seal (the back end's check of that file)", async () => {
    const set = written("export_promulgation", "docx").path;
    const { backend, menu } = await openMenu({ pick: () => set });
    await fireEvent.click(within(menu).getByTestId("verify-file"));
    const result = await screen.findByTestId("verify-result");
    expect(commandCalls(backend, "verify_export")[0]).toEqual({ cmd: "verify_export", args: {}, dialog: set });
    expect(recordedData<VerificationView>(tape("documents-out"), "verify_export", {}, set).matches).toBe(true);
    expect(within(result).queryByTestId("verify-mismatch")).toBeNull();
  });

  it("“Xuất bộ ban hành (PDF)…” asks for the PDF set and says what the back end answered", async () => {
    const { backend, menu } = await openMenu();
    await fireEvent.click(within(menu).getByTestId("promulgation-pdf"));
    await waitFor(() => expect(commandCalls(backend, "export_promulgation")).toHaveLength(1));
    expect(commandCalls(backend, "export_promulgation")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "pdf" });
    const set = written("export_promulgation", "pdf");
    expect(set.path).toMatch(/-bo-ban-hanh\.pdf$/);
    expect(await screen.findByText(`Đã xuất bộ ban hành (quyết định và quy chế, phiên bản ${set.revision}) ra tệp ${set.path}`)).toBeInTheDocument();
  });

  it("shows the back end's refusal as the error line, and nothing as written", async () => {
    const { backend, menu } = await openMenu();
    // The back end's refusal of the set (on the draft), served for this command.
    const refusal = recordedError(tape("documents-out"), "export_promulgation", { format: "docx" });
    backend.fail("export_promulgation", refusal);
    await fireEvent.click(within(menu).getByTestId("promulgation-docx"));
    expect(await screen.findByText(refusal.message)).toBeInTheDocument();
    expect(toasts().some((t) => t.startsWith("Đã xuất"))).toBe(false);
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const { backend, menu } = await openMenu({ pick: () => null });
    await fireEvent.click(within(menu).getByTestId("promulgation-docx"));
    await waitFor(() => expect(commandCalls(backend, "export_promulgation")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId("export-progress")).toBeNull());
    expect(toasts()).toEqual([]);
  });
});

describe("documents out: the other formats", () => {
  it("the approved text as Akoma Ntoso (XML)", async () => {
    const { backend, menu } = await openMenu();
    const akn = written("export_regulation", "akn");
    expect(within(menu).getByTestId("export-akn")).toHaveTextContent("Akoma Ntoso (XML)");
    await fireEvent.click(within(menu).getByTestId("export-akn"));
    expect(await screen.findByText(`Đã xuất phiên bản ${akn.revision} ra tệp ${akn.path}`)).toBeInTheDocument();
    expect(commandCalls(backend, "export_regulation")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "akn" });
  });

  it("“Tổng hợp” as PDF: the report_picked the window calls now takes pdf", async () => {
    const { backend, menu } = await openMenu();
    const path = recordedData<string>(tape("documents-out"), "export_report", { regulationId: REG_ID, format: "pdf" });
    expect(path).toMatch(/-bang-tong-hop-y-kien\.pdf$/);
    await fireEvent.click(within(menu).getByTestId("report-pdf"));
    expect(await screen.findByText(`Đã lập bảng tổng hợp ý kiến: ${path}`)).toBeInTheDocument();
    expect(commandCalls(backend, "export_report")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "pdf" });
  });
});

describe("documents out: on a draft", () => {
  it("the workflow offers the set (export is by role); the back end refuses it before any dialog, and the line says why", async () => {
    const backend = installBackend("documents-out", { from: "draft" });
    await openFirstRegulation();
    const bar = await screen.findByTestId("workflow-bar");
    await fireEvent.click(within(bar).getByTestId("action-export"));
    const menu = await screen.findByTestId("export-menu");
    await fireEvent.click(within(menu).getByTestId("promulgation-docx"));
    const refusal = recordedError(tape("documents-out"), "export_promulgation", { format: "docx" });
    expect(refusal.message).toContain("chưa được thông qua");
    expect(await screen.findByText(refusal.message)).toBeInTheDocument();
    // Refused before the save dialog: the recording has no dialog answer.
    const [call] = commandCalls(backend, "export_promulgation");
    expect(call.dialog).toBeUndefined();
    expect(toasts().some((t) => t.startsWith("Đã xuất"))).toBe(false);
  });
});
