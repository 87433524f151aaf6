/**
 * Word in the round's menu, replaying the `word` tape (crates/api/tests/recorded_ipc.rs):
 * the chairman's round on the demo, the review copy exported, then the copy returned
 * with a comment by a member on khoản 2 Điều 14 and one by an author nobody knows.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import wordTape from "../ipc/recorded/word.json?raw";
import { FILES, recordedData, type Tape } from "../ipc/replay";
import type { WordReviewImport } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";

const TAPE = JSON.parse(wordTape) as Tape;
const RETURNED = `${FILES}/lay-y-kien-da-gop-y.docx`;

afterEach(resetAll);

async function bar() {
  const b = await screen.findByTestId("workflow-bar");
  await waitFor(() => expect(b.dataset.stage).toBe("consultation"));
  return b;
}

describe("Word in the round's menu", () => {
  it("exports the review copy through the save dialog and says what to do with it", async () => {
    const backend = installBackend(TAPE, { from: "round", pick: () => `${FILES}/lay-y-kien.docx` });
    await openFirstRegulation();
    const b = await bar();
    const copy = await within(b).findByTestId("export-review-copy");
    expect(copy).toHaveTextContent("Xuất bản lấy ý kiến (Word)…");
    expect(copy.dataset.allowed).toBe("true");
    await fireEvent.click(copy);
    expect(await screen.findByText(/Đã tạo bản lấy ý kiến: lay-y-kien\.docx/)).toBeInTheDocument();
    expect(commandCalls(backend, "export_review_copy")).toHaveLength(1);
  });

  it("imports a Word review and lists what came in, the ones not taken first with the reason", async () => {
    const backend = installBackend(TAPE, { from: "round", pick: (cmd) => (cmd === "import_word_review" ? RETURNED : undefined) });
    await openFirstRegulation();
    const b = await bar();
    // The history in front: going to the comment must bring the comments tab.
    await fireEvent.click(screen.getByTestId("tab-history"));
    await fireEvent.click(within(b).getByTestId("import-word-review"));
    const dialog = await screen.findByTestId("word-review-dialog");
    const recordedImport = recordedData<WordReviewImport>(TAPE, "import_word_review");
    expect(commandCalls(backend, "import_word_review")[0].dialog).toBe(RETURNED);

    expect(within(dialog).getByTestId("word-review-summary")).toHaveTextContent(
      "lay-y-kien-da-gop-y.docx: 1 góp ý mới, 0 đã có · 1 mục chưa nhập được, xem lý do bên dưới.",
    );
    const items = within(dialog).getAllByTestId("word-review-item");
    // The back end's order, as sent: the unknown author's comment first.
    expect(items).toHaveLength(recordedImport.items.length);
    expect(items[0]).toHaveClass("bad");
    expect(within(items[0]).getByTestId("word-review-reason")).toHaveTextContent(recordedImport.items[0].reason!);
    expect(items[0]).toHaveTextContent("Người ngoài");
    expect(within(items[0]).queryByTestId("word-review-go")).toBeNull();
    expect(items[1]).not.toHaveClass("bad");
    expect(items[1].dataset.new).toBe("true");
    expect(within(items[1]).getByTestId("word-review-provision")).toHaveTextContent("khoản 2 Điều 14");
    expect(items[1]).toHaveTextContent("“03 ngày làm việc”");
    expect(items[1]).toHaveTextContent("Đề nghị kéo dài để các ủy viên kịp nghiên cứu.");
    expect(items[1]).toHaveTextContent("Phạm Thị Dung");

    // To the comment it became: the dialog closes and the comments panel shows its card.
    await fireEvent.click(within(items[1]).getByTestId("word-review-go"));
    await waitFor(() => expect(screen.queryByTestId("word-review-dialog")).toBeNull());
    const id = recordedImport.items[1].comment_id!;
    await waitFor(() => expect(document.querySelector(`[data-testid="comment-item"][data-comment-id="${id}"]`)).not.toBeNull());
    expect(screen.getByTestId("tab-comments")).toHaveAttribute("aria-selected", "true");
  });

  it("does nothing when the dialog is closed", async () => {
    const backend = installBackend(TAPE, { from: "round", pick: () => null });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("import-word-review"));
    await waitFor(() => expect(commandCalls(backend, "import_word_review")).toHaveLength(1));
    expect(screen.queryByTestId("word-review-dialog")).toBeNull();
  });
});
