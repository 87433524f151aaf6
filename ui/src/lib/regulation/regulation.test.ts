import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { recorded, recordedError } from "../ipc/replay";
import {
  allArticles,
  articleOf,
  commandCalls,
  firstRegulation,
  installBackend,
  openFirstRegulation,
  recordedView,
  resetAll,
  tape,
} from "../test-utils";

afterEach(resetAll);

const DEMO = () => firstRegulation("demo").id;
const demoView = () => recordedView("demo", DEMO());
const idOf = (marker: string) => articleOf(demoView(), marker).id;

function article(id: number): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="article"][data-article-id="${id}"]`);
  if (!el) throw new Error(`no article ${id}`);
  return el;
}

async function editArticle(id: number): Promise<HTMLTextAreaElement> {
  await fireEvent.click(within(article(id)).getByTestId("edit-article"));
  return (await screen.findByTestId("article-editor")) as HTMLTextAreaElement;
}

/** The text of the save the tape recorded as succeeding (the edit the test types). */
function savedText(name: "demo" | "conflict"): string {
  const save = recorded(tape(name), "save_article").find((c) => c.response.status === "ok")!;
  return save.args.text as string;
}

describe("outline and document", () => {
  it("shows chapters, sections and articles with derived markers", async () => {
    installBackend("demo");
    await openFirstRegulation();
    const outline = screen.getByTestId("outline");
    const articles = within(outline).getAllByTestId("outline-article").map((a) => a.textContent?.trim());
    expect(articles).toHaveLength(31);
    expect(articles.slice(0, 4)).toEqual([
      "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng",
      "Điều 2. Nguyên tắc làm việc",
      "Điều 3. Cơ cấu tổ chức",
      "Điều 4. Chế độ trách nhiệm",
    ]);
    expect(outline).toHaveTextContent("Chương I — NHỮNG QUY ĐỊNH CHUNG");
    expect(outline).toHaveTextContent("Chương III — CHẾ ĐỘ HỘI NGHỊ");
    expect(outline).toHaveTextContent("Mục 2. BAN THƯỜNG VỤ");

    const headings = screen.getAllByTestId("article-heading").map((h) => h.textContent?.trim());
    expect(headings[2]).toBe("Điều 3. Cơ cấu tổ chức");
    const body = within(article(idOf("Điều 7"))).getByTestId("article-body");
    expect(body).toHaveTextContent("2. Ban Thường vụ có quyền hạn:");
    expect(body).toHaveTextContent("h) ");
    expect(within(article(idOf("Điều 19"))).getByTestId("article-body").textContent).toMatch(/- \S/);
    expect(screen.getByText("Số: /QĐ-LMHTX")).toBeInTheDocument();
    expect(screen.getByText("DỰ THẢO")).toBeInTheDocument();
  });

  it("clicking an outline article highlights that article", async () => {
    installBackend("demo");
    await openFirstRegulation();
    const entry = within(screen.getByTestId("outline")).getAllByTestId("outline-article")[3];
    await fireEvent.click(entry);
    const id = idOf("Điều 4");
    expect(article(id)).toHaveClass("highlighted");
    expect(entry).toHaveAttribute("aria-current", "location");
    expect(document.activeElement).toBe(article(id));
  });

  it("moves between outline entries with the arrow keys", async () => {
    installBackend("demo");
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
    const backend = installBackend("demo");
    await openFirstRegulation();
    const id = idOf("Điều 17");
    const editor = await editArticle(id);
    expect(editor.value.split("\n")[0]).toBe("Kỳ họp của Ban Thường vụ");
    expect(editor.value).toContain("1. Ban Thường vụ họp thường lệ 3 tháng một lần");
    const text = savedText("demo");
    expect(text.startsWith(editor.value.trimEnd())).toBe(true);
    await fireEvent.input(editor, { target: { value: text } });
    await fireEvent.click(screen.getByTestId("save-article"));

    expect(await screen.findByText("Đã lưu phiên bản 3")).toBeInTheDocument();
    expect(commandCalls(backend, "save_article")[0].args).toEqual({ regulationId: DEMO(), baseRevision: 2, articleId: id, text });
    await waitFor(() => expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 3"));
    expect(screen.queryByTestId("article-editor")).toBeNull();
    expect(within(article(id)).getByTestId("article-body")).toHaveTextContent("6. Biên bản hội nghị do Chánh Văn phòng ghi.");
    const revs = within(screen.getByTestId("history")).getAllByTestId("revision-item");
    expect(revs.map((r) => r.dataset.revision)).toEqual(["3", "2", "1"]);
    expect(revs[0]).toHaveTextContent("Sửa Điều 17");
    // Reloaded after saving: open_regulation and history were called again.
    expect(commandCalls(backend, "open_regulation")).toHaveLength(2);
    expect(commandCalls(backend, "history")).toHaveLength(2);
  });

  it("saves with Ctrl+S", async () => {
    const backend = installBackend("demo");
    await openFirstRegulation();
    const editor = await editArticle(idOf("Điều 17"));
    await fireEvent.input(editor, { target: { value: savedText("demo") } });
    await fireEvent.keyDown(editor, { key: "s", ctrlKey: true });
    expect(await screen.findByText("Đã lưu phiên bản 3")).toBeInTheDocument();
    expect(commandCalls(backend, "save_article")).toHaveLength(1);
  });

  it("keeps the edited text when someone else saved meanwhile (conflict)", async () => {
    // In the tape, the chairman saved revision 3 after the view was loaded.
    const backend = installBackend("conflict");
    await openFirstRegulation();
    const editor = await editArticle(articleOf(recordedView("conflict", firstRegulation("conflict").id), "Điều 2").id);
    const mine = savedText("conflict");
    await fireEvent.input(editor, { target: { value: mine } });
    await fireEvent.click(screen.getByTestId("save-article"));

    const alert = await screen.findByText(/Không lưu được\./);
    expect(alert.closest("[role=alert]")).toHaveTextContent("Đã có phiên bản 3 mới hơn phiên bản 2 đang sửa");
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
    installBackend("demo");
    await openFirstRegulation();
    const editor = await editArticle(idOf("Điều 1"));
    await fireEvent.input(editor, { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("save-article"));
    const refusal = recordedError(tape("demo"), "save_article", { text: "   " });
    expect(refusal.code).toBe("bad_input");
    const alerts = await screen.findAllByText(refusal.message);
    expect(alerts.length).toBeGreaterThan(0);
    expect(screen.getByTestId("article-editor")).toBeInTheDocument();
  });

  it("Esc with unsaved changes asks before discarding; cancel without changes closes", async () => {
    installBackend("demo");
    await openFirstRegulation();
    let editor = await editArticle(idOf("Điều 1"));
    await fireEvent.keyDown(editor, { key: "Escape" });
    expect(screen.queryByTestId("article-editor")).toBeNull();

    editor = await editArticle(idOf("Điều 1"));
    await fireEvent.input(editor, { target: { value: editor.value + " (sửa)" } });
    await fireEvent.keyDown(editor, { key: "Escape" });
    expect(screen.getByTestId("article-editor")).toBeInTheDocument();
    expect(screen.getByText("Bỏ các thay đổi chưa lưu?")).toBeInTheDocument();
    // The prompt opens on the safe answer: Enter keeps the text.
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Tiếp tục sửa" }));
    await fireEvent.click(screen.getByRole("button", { name: "Tiếp tục sửa" }));
    expect(screen.queryByText("Bỏ các thay đổi chưa lưu?")).toBeNull();
    await fireEvent.click(screen.getByTestId("cancel-edit"));
    await fireEvent.click(screen.getByRole("button", { name: "Bỏ thay đổi" }));
    expect(screen.queryByTestId("article-editor")).toBeNull();
  });
});

describe("history", () => {
  it("lists revisions newest first and opens an old one read-only", async () => {
    const backend = installBackend("demo");
    await openFirstRegulation();
    const history = screen.getByTestId("history");
    expect(history).toHaveTextContent("Lịch sử phiên bản");
    const revs = within(history).getAllByTestId("revision-item");
    expect(revs.map((r) => r.dataset.revision)).toEqual(["2", "1"]);
    expect(revs[1]).toHaveTextContent("Dự thảo lần 1");
    expect(revs[1]).toHaveTextContent("21/11/2026 09:20");
    const hash = revs[1].querySelector("code")!;
    expect(hash.textContent).toHaveLength(7);
    expect(hash.getAttribute("title")).toMatch(/^[0-9a-f]{64}$/);

    await fireEvent.click(revs[1]);
    expect(await screen.findByText(/Đang xem phiên bản 1 \(cũ\)/)).toBeInTheDocument();
    expect(commandCalls(backend, "open_regulation").at(-1)?.args).toEqual({ regulationId: DEMO(), revision: 1 });
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 1");
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("go-latest"));
    await waitFor(() => expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 2"));
    expect(screen.queryByText(/\(cũ\)/)).toBeNull();
    expect(screen.getAllByTestId("edit-article").length).toBe(allArticles(demoView()).length);
  });
});

describe("safety", () => {
  it("renders user text literally, never as HTML", async () => {
    const evil = `<img src=x onerror=alert(1)>`;
    installBackend("unsafe-text");
    const { container } = await openFirstRegulation();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getAllByTestId("article-heading")[0]).toHaveTextContent(`Điều 1. Tiêu đề ${evil}`);
    expect(screen.getAllByTestId("article-body")[0]).toHaveTextContent(`1. Khoản có ${evil}`);
    expect(screen.getAllByTestId("article-body")[0]).toHaveTextContent(`2. Khoản hai <b>${evil}</b>.`);
    expect(screen.getByTestId("outline")).toHaveTextContent(evil);
    const editor = await editArticle(articleOf(recordedView("unsafe-text", firstRegulation("unsafe-text").id), "Điều 1").id);
    expect(editor.value).toContain(evil);
    expect(container.querySelector("img, b")).toBeNull();
  });
});

describe("the back end's parser", () => {
  it("refuses a structural heading on the first line, and the editor shows why", async () => {
    installBackend("demo");
    await openFirstRegulation();
    const editor = await editArticle(idOf("Điều 1"));
    await fireEvent.input(editor, { target: { value: "Điều 1. Phạm vi\n1. Khoản." } });
    await fireEvent.click(screen.getByTestId("save-article"));
    expect((await screen.findAllByText(/dòng 1: một điều không thể chứa tiêu đề “Điều 1. Phạm vi”/)).length).toBeGreaterThan(0);
  });
});
