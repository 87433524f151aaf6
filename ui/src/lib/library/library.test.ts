import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import wordDraftTape from "../ipc/recorded/word-draft.json?raw";
import { FILES, recordedData, recordedError, type Tape } from "../ipc/replay";
import type { ImportResult, RegulationSummary } from "../ipc/types";
import { commandCalls, installBackend, renderApp, resetAll, tape } from "../test-utils";

afterEach(resetAll);

const listed = () => recordedData<RegulationSummary[]>(tape("library"), "list_regulations");
const DEMO_TITLE = "Quy chế làm việc của Ban Chấp hành, Ban Thường vụ và Thường trực Liên minh Hợp tác xã tỉnh Bình An";
const DRAFT = `${FILES}/du-thao-luat-phong-khong.txt`;

describe("library", () => {
  it("lists regulations with status, revision count and last change, newest first", async () => {
    installBackend("library");
    await renderApp();
    const items = await screen.findAllByTestId("regulation-item");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("LUẬT HỢP TÁC XÃ");
    expect(items[0]).toHaveTextContent("1 phiên bản");
    expect(items[1]).toHaveTextContent(DEMO_TITLE);
    expect(items[1]).toHaveTextContent("Dự thảo");
    expect(items[1]).toHaveTextContent("2 phiên bản");
    // 2026-11-28T02:20:06Z, shown in Việt Nam's time.
    expect(items[1]).toHaveTextContent("28/11/2026 09:20");
    expect(items[1]).toHaveTextContent("Văn phòng");
  });

  it("opens a regulation and goes back", async () => {
    const backend = installBackend("library");
    await renderApp();
    await fireEvent.click((await screen.findAllByTestId("regulation-item"))[1]);
    await screen.findByTestId("outline");
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 2 · 28/11/2026 09:20 · Văn phòng");
    expect(commandCalls(backend, "open_regulation")[0].args).toEqual({ regulationId: listed()[1].id, revision: null });
    await fireEvent.click(screen.getByTestId("nav-library"));
    expect(await screen.findAllByTestId("regulation-item")).toHaveLength(2);
  });

  it("shows an empty state", async () => {
    installBackend("empty");
    await renderApp();
    expect(await screen.findByText("Chưa có quy chế nào.")).toBeInTheDocument();
    expect(screen.queryAllByTestId("regulation-item")).toHaveLength(0);
  });

  it("shows a load error with the backend's message", async () => {
    const backend = installBackend("library");
    // Another process holding the database is a failure the tape cannot hold.
    backend.fail("list_regulations", { code: "database_in_use", message: "Cơ sở dữ liệu đang được chương trình khác mở." });
    await renderApp();
    expect(await screen.findByRole("alert")).toHaveTextContent("Cơ sở dữ liệu đang được chương trình khác mở.");
  });
});

describe("import", () => {
  it("picks a .txt file, imports it, shows the diagnostics and opens the new regulation", async () => {
    const backend = installBackend("library", { pick: () => DRAFT });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    const report = await screen.findByTestId("import-report");
    // The command opens the dialog itself (in Rust): the window sends no path.
    expect(commandCalls(backend, "import_file")[0]).toEqual({ cmd: "import_file", args: { work: 2 }, dialog: DRAFT });
    const result = recordedData<ImportResult>(tape("library"), "import_file", {}, DRAFT);
    const diags = within(report).getAllByTestId("diagnostic");
    expect(diags).toHaveLength(result.diagnostics.length);
    expect(diags[0]).toHaveTextContent(`Dòng ${result.diagnostics[0].line}:`);
    expect(diags[1]).toHaveTextContent("Chương VII lặp lại");
    await screen.findByTestId("outline");
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 1");
    expect(screen.getAllByTestId("toast")[0]).toHaveTextContent("Đã nhập");
    await fireEvent.click(screen.getByTestId("dismiss-import-report"));
    expect(screen.queryByTestId("import-report")).toBeNull();
  });

  it("imports a Word draft: its findings are named by paragraph, as the back end names them", async () => {
    const WORD = JSON.parse(wordDraftTape) as Tape;
    const docx = `${FILES}/du-thao-phoi-hop.docx`;
    installBackend(WORD, { pick: () => docx });
    await renderApp();
    await fireEvent.click(await screen.findByTestId("import-button"));
    const report = await screen.findByTestId("import-report");
    const result = recordedData<ImportResult>(WORD, "import_file", {}, docx);
    expect(result.diagnostics[0].message).toMatch(/^đoạn \d+: /);
    const diags = within(report).getAllByTestId("diagnostic");
    expect(diags).toHaveLength(result.diagnostics.length);
    // “Đoạn 11: Word ghi e), đúng là đ)”, never “Dòng 11: đoạn 11: …”.
    expect(diags[0].textContent).toBe(`Đoạn ${result.diagnostics[0].line}: Word ghi e), đúng là đ)`);
    expect(report).not.toHaveTextContent("Dòng");
    expect(report).toHaveTextContent("Đã nhập “Quy chế phối hợp soạn thảo văn bản” — 1 cảnh báo về đánh số");
  });

  it("does nothing when the dialog is cancelled", async () => {
    const backend = installBackend("library", { pick: () => null });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    await waitFor(() => expect(commandCalls(backend, "import_file")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("import-button")).not.toBeDisabled());
    expect(screen.queryByTestId("toast")).toBeNull();
    expect(screen.queryByTestId("import-report")).toBeNull();
    expect(screen.getAllByTestId("regulation-item")).toHaveLength(2);
  });

  it("shows bad_input messages as given", async () => {
    const path = `${FILES}/anh.png`;
    installBackend("library", { pick: () => path });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    const toast = await screen.findByTestId("toast");
    const refusal = recordedError(tape("library"), "import_file", {}, path);
    expect(refusal.message).toContain("anh.png: dòng 1: không tìm thấy Điều nào");
    expect(toast).toHaveTextContent(refusal.message);
  });
});
