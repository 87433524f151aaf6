import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { REG_ID, articleEditText } from "../ipc/fixtures";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";

afterEach(resetAll);

function article(id: number): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="article"][data-article-id="${id}"]`);
  if (!el) throw new Error(`no article ${id}`);
  return el;
}

async function editArticle(id: number): Promise<HTMLTextAreaElement> {
  await fireEvent.click(within(article(id)).getByTestId("edit-article"));
  return (await screen.findByTestId("article-editor")) as HTMLTextAreaElement;
}

describe("outline and document", () => {
  it("shows chapters, sections and articles with derived markers", async () => {
    installBackend();
    await openFirstRegulation();
    const outline = screen.getByTestId("outline");
    const articles = within(outline).getAllByTestId("outline-article").map((a) => a.textContent?.trim());
    expect(articles).toEqual([
      "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng",
      "Điều 2. Nguyên tắc làm việc",
      "Điều 3. Nhiệm vụ, quyền hạn của Ban Thường vụ",
      "Điều 4. Chế độ họp",
    ]);
    expect(outline).toHaveTextContent("Chương I — QUY ĐỊNH CHUNG");
    expect(outline).toHaveTextContent("Chương II — NHIỆM VỤ, QUYỀN HẠN VÀ CHẾ ĐỘ LÀM VIỆC");
    expect(outline).toHaveTextContent("Mục 1. NHIỆM VỤ, QUYỀN HẠN");

    const headings = screen.getAllByTestId("article-heading").map((h) => h.textContent?.trim());
    expect(headings[2]).toBe("Điều 3. Nhiệm vụ, quyền hạn của Ban Thường vụ");
    const body = within(article(10)).getByTestId("article-body");
    expect(body).toHaveTextContent("2. Quyết định các vấn đề sau đây:");
    expect(body).toHaveTextContent("b) Công tác tổ chức, cán bộ");
    expect(body).toHaveTextContent("- điều động, luân chuyển cán bộ;");
    expect(screen.getByText("Số: 12/QC-LMHTX")).toBeInTheDocument();
    expect(screen.getByText("DỰ THẢO")).toBeInTheDocument();
  });

  it("clicking an outline article highlights that article", async () => {
    installBackend();
    await openFirstRegulation();
    const entry = within(screen.getByTestId("outline")).getAllByTestId("outline-article")[3];
    await fireEvent.click(entry);
    expect(article(18)).toHaveClass("highlighted");
    expect(entry).toHaveAttribute("aria-current", "location");
    expect(document.activeElement).toBe(article(18));
  });

  it("moves between outline entries with the arrow keys", async () => {
    installBackend();
    await openFirstRegulation();
    const buttons = screen.getByTestId("outline").querySelectorAll("button");
    buttons[0].focus();
    await fireEvent.keyDown(buttons[0], { key: "ArrowDown" });
    expect(document.activeElement).toBe(buttons[1]);
    await fireEvent.keyDown(buttons[1], { key: "End" });
    expect(document.activeElement).toBe(buttons[buttons.length - 1]);
  });
});

describe("editing", () => {
  it("saves an article as a new revision, toasts and reloads", async () => {
    const backend = installBackend();
    await openFirstRegulation();
    const editor = await editArticle(18);
    expect(editor.value.split("\n")[0]).toBe("Chế độ họp");
    expect(editor.value).toContain("1. Ban Thường vụ họp thường kỳ mỗi quý một lần");
    const text = editor.value + "\n4. Biên bản phiên họp do Chánh Văn phòng ghi.";
    await fireEvent.input(editor, { target: { value: text } });
    await fireEvent.click(screen.getByTestId("save-article"));

    expect(await screen.findByText("Đã lưu phiên bản 3")).toBeInTheDocument();
    expect(commandCalls(backend, "save_article")[0].args).toEqual({
      regulationId: REG_ID,
      baseRevision: 2,
      articleId: 18,
      text,
    });
    await waitFor(() => expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 3"));
    expect(screen.queryByTestId("article-editor")).toBeNull();
    expect(within(article(18)).getByTestId("article-body")).toHaveTextContent("4. Biên bản phiên họp do Chánh Văn phòng ghi.");
    const revs = within(screen.getByTestId("history")).getAllByTestId("revision-item");
    expect(revs.map((r) => r.dataset.revision)).toEqual(["3", "2", "1"]);
    // Reloaded after saving: open_regulation and history were called again.
    expect(commandCalls(backend, "open_regulation")).toHaveLength(2);
    expect(commandCalls(backend, "history")).toHaveLength(2);
  });

  it("saves with Ctrl+S", async () => {
    const backend = installBackend();
    await openFirstRegulation();
    const editor = await editArticle(2);
    await fireEvent.input(editor, { target: { value: "Phạm vi điều chỉnh\n1. Một khoản duy nhất." } });
    await fireEvent.keyDown(editor, { key: "s", ctrlKey: true });
    expect(await screen.findByText("Đã lưu phiên bản 3")).toBeInTheDocument();
    expect(commandCalls(backend, "save_article")).toHaveLength(1);
  });

  it("keeps the edited text when someone else saved meanwhile (conflict)", async () => {
    const backend = installBackend();
    await openFirstRegulation();
    const editor = await editArticle(5);
    const mine = editor.value + "\n3. Công khai, minh bạch.";
    await fireEvent.input(editor, { target: { value: mine } });
    backend.concurrentSave(REG_ID); // revision 3 by someone else
    await fireEvent.click(screen.getByTestId("save-article"));

    const alert = await screen.findByText(/Không lưu được\./);
    expect(alert.closest("[role=alert]")).toHaveTextContent("phiên bản 3");
    const still = screen.getByTestId("article-editor") as HTMLTextAreaElement;
    expect(still.value).toBe(mine);
    expect(screen.getAllByTestId("toast").some((t) => t.textContent?.includes("vẫn được giữ nguyên"))).toBe(true);

    // Reload the newest revision, keep the text, and save on top of it.
    await fireEvent.click(screen.getByRole("button", { name: /Tải phiên bản mới nhất/ }));
    await waitFor(() => expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 3"));
    expect((screen.getByTestId("article-editor") as HTMLTextAreaElement).value).toBe(mine);
    await fireEvent.click(screen.getByTestId("save-article"));
    expect(await screen.findByText("Đã lưu phiên bản 4")).toBeInTheDocument();
    const saves = commandCalls(backend, "save_article");
    expect(saves.map((s) => s.args?.baseRevision)).toEqual([2, 3]);
  });

  it("shows bad_input errors inline and keeps the editor open", async () => {
    installBackend();
    await openFirstRegulation();
    const editor = await editArticle(2);
    await fireEvent.input(editor, { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("save-article"));
    const alerts = await screen.findAllByText("Nội dung điều không được để trống.");
    expect(alerts.length).toBeGreaterThan(0);
    expect(screen.getByTestId("article-editor")).toBeInTheDocument();
  });

  it("Esc with unsaved changes asks before discarding; cancel without changes closes", async () => {
    installBackend();
    await openFirstRegulation();
    let editor = await editArticle(2);
    await fireEvent.keyDown(editor, { key: "Escape" });
    expect(screen.queryByTestId("article-editor")).toBeNull();

    editor = await editArticle(2);
    await fireEvent.input(editor, { target: { value: editor.value + " (sửa)" } });
    await fireEvent.keyDown(editor, { key: "Escape" });
    expect(screen.getByTestId("article-editor")).toBeInTheDocument();
    expect(screen.getByText("Bỏ các thay đổi chưa lưu?")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Tiếp tục sửa" }));
    expect(screen.queryByText("Bỏ các thay đổi chưa lưu?")).toBeNull();
    await fireEvent.click(screen.getByTestId("cancel-edit"));
    await fireEvent.click(screen.getByRole("button", { name: "Bỏ thay đổi" }));
    expect(screen.queryByTestId("article-editor")).toBeNull();
  });
});

describe("history", () => {
  it("lists revisions newest first and opens an old one read-only", async () => {
    const backend = installBackend();
    await openFirstRegulation();
    const history = screen.getByTestId("history");
    expect(history).toHaveTextContent("Lịch sử phiên bản");
    const revs = within(history).getAllByTestId("revision-item");
    expect(revs.map((r) => r.dataset.revision)).toEqual(["2", "1"]);
    expect(revs[1]).toHaveTextContent("Nhập từ tệp quy-che-btv.txt");
    expect(revs[1]).toHaveTextContent("27/11/2026 08:00");
    const hash = revs[1].querySelector("code")!;
    expect(hash.textContent).toHaveLength(7);
    expect(hash.getAttribute("title")).toMatch(/^[0-9a-f]{64}$/);

    await fireEvent.click(revs[1]);
    expect(await screen.findByText(/Đang xem phiên bản 1 \(cũ\)/)).toBeInTheDocument();
    expect(commandCalls(backend, "open_regulation").at(-1)?.args).toEqual({ regulationId: REG_ID, revision: 1 });
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 1");
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("go-latest"));
    await waitFor(() => expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 2"));
    expect(screen.queryByText(/\(cũ\)/)).toBeNull();
    expect(screen.getAllByTestId("edit-article").length).toBe(4);
  });
});

describe("safety", () => {
  it("renders user text literally, never as HTML", async () => {
    const evil = `<img src=x onerror=alert(1)>`;
    const backend = installBackend();
    const reg = backend.regulations.get(REG_ID)!;
    const head = reg.views[reg.views.length - 1];
    head.title = `Quy chế ${evil}`;
    head.header.title = [evil];
    head.preamble = [`Căn cứ ${evil};`];
    head.units[0].children[0].title = `Tiêu đề ${evil}`;
    head.units[0].children[0].children[0].paragraphs = [`Khoản có ${evil}`];
    head.units[0].children[0].edit_text = articleEditText(head.units[0].children[0]);
    reg.title = head.title;
    const handle = backend.handle;
    mockIPC((cmd, args) => handle(cmd, args as Record<string, unknown>));

    const { container } = await openFirstRegulation();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getAllByTestId("article-heading")[0]).toHaveTextContent(`Điều 1. Tiêu đề ${evil}`);
    expect(screen.getAllByTestId("article-body")[0]).toHaveTextContent(`1. Khoản có ${evil}`);
    expect(screen.getByTestId("outline")).toHaveTextContent(evil);
    const editor = await editArticle(2);
    expect(editor.value).toContain(evil);
    expect(container.querySelector("img")).toBeNull();
  });
});

describe("mock parser", () => {
  it("rejects a structural heading on the first line like the Rust parser", async () => {
    installBackend();
    await openFirstRegulation();
    const editor = await editArticle(2);
    await fireEvent.input(editor, { target: { value: "Điều 1. Phạm vi\n1. Khoản." } });
    await fireEvent.click(screen.getByTestId("save-article"));
    expect((await screen.findAllByText(/Dòng 1:/)).length).toBeGreaterThan(0);
  });
});
