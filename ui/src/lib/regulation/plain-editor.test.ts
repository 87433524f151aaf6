import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import type { EditableArticle } from "../ipc/types";
import { recorded, recordedData } from "../ipc/replay";
import { articleOf, commandCalls, firstRegulation, installBackend, openFirstRegulation, recordedView, resetAll, tape } from "../test-utils";

afterEach(resetAll);

// From the mark the demo's revision 3 is open; its Điều 19 has sub-points (“- …”), so the
// back end offers it as text (`plain`) and the UI follows.
const DEMO = () => firstRegulation("demo").id;
const a19 = () => articleOf(recordedView("demo", DEMO()), "Điều 19").id;

function articleEl(id: number): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="article"][data-article-id="${id}"]`);
  if (!el) throw new Error(`no article ${id}`);
  return el;
}

/** The text of the save of Điều 19 the tape recorded. */
function savedText(): string {
  return recorded(tape("demo"), "save_article", { articleId: a19() }).find((c) => c.response.status === "ok")!.args.text as string;
}

/** The text box, once the article was read (until then the editor says it is opening). */
async function textBox(): Promise<HTMLTextAreaElement> {
  await screen.findByTestId("plain-article-editor");
  return screen.getByTestId("article-editor") as HTMLTextAreaElement;
}

describe("an article edited as text", () => {
  it("shows the back end's text and reason in a text box, not the structured editor", async () => {
    installBackend("demo", { from: "plain-article" });
    await openFirstRegulation();
    await fireEvent.click(within(articleEl(a19())).getByTestId("edit-article"));
    const editor = await textBox();
    const read = recordedData<EditableArticle>(tape("demo"), "article_for_editing", { articleId: a19() });
    expect(read.plain).not.toBeNull();
    expect(editor.tagName).toBe("TEXTAREA");
    expect(editor.value).toBe(read.plain!.text);
    expect(editor.value).toContain("\n- Lịch làm việc");
    expect(screen.getByTestId("plain-article-reason")).toHaveTextContent(read.plain!.reason);
    expect(screen.queryByTestId("article-editor-body")).toBeNull();
    expect(screen.queryByText("Có thay đổi chưa lưu")).toBeNull();
  });

  it("saves the edited text through save_article as a new revision", async () => {
    const backend = installBackend("demo", { from: "plain-article" });
    await openFirstRegulation();
    const id = a19();
    await fireEvent.click(within(articleEl(id)).getByTestId("edit-article"));
    const editor = await textBox();
    const text = savedText();
    expect(text).not.toBe(editor.value);
    await fireEvent.input(editor, { target: { value: text } });
    expect(screen.getByText("Có thay đổi chưa lưu")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("save-article"));

    expect(await screen.findByText("Đã lưu phiên bản 4")).toBeInTheDocument();
    expect(commandCalls(backend, "save_article")[0].args).toEqual({ regulationId: DEMO(), baseRevision: 3, articleId: id, text });
    expect(commandCalls(backend, "save_article_runs")).toHaveLength(0);
    await waitFor(() => expect(screen.queryByTestId("article-editor")).toBeNull());
    await waitFor(() => expect(within(articleEl(id)).getByTestId("article-body")).toHaveTextContent("sáng thứ Hai"));
  });
});
