import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import {
  allArticles,
  articleOf,
  commandCalls,
  firstRegulation,
  installBackend,
  openFirstRegulation,
  recordedView,
  resetAll,
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

// Editing an article (the structured editor: save, refusal, conflict, Esc) is tested in
// ../editor/editor.test.ts, on the tape of the 2023 cooperative law.

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
    expect(container.querySelector("img, b")).toBeNull();
  });
});
