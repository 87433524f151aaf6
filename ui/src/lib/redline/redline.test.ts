import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { FILES, recorded, recordedData, recordedError, type ReplayOptions } from "../ipc/replay";
import { CHANGE_LABELS } from "../ipc/labels";
import type { ArticleRedline, PickedFile, RedlineView } from "../ipc/types";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, resetAll, tape } from "../test-utils";
import { tick } from "svelte";
import browserTape from "../ipc/recorded/browser.json?raw";
import type { Tape } from "../ipc/replay";
import { RedlineController } from "./controller.svelte";
import RedlineArticle from "./RedlineArticle.svelte";
import RedlinePane from "./RedlinePane.svelte";
import { estimateArticleHeight, indexChanges, isChanged, SUMMARY_LABELS, toLines, WINDOW_BUDGET, WINDOW_MAX, windowAround } from "./redline";

afterEach(resetAll);

const DEMO = () => firstRegulation("redline").id;
const SENT_BACK = `${FILES}/quy-che-gui-lai.txt`;

function entry(key: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="redline-article"][data-key="${key}"]`);
  if (!el) throw new Error(`no redline entry ${key}`);
  return el;
}

const texts = (els: Iterable<Element>) => [...els].map((e) => e.textContent);

/** Opens the first regulation of the tape and the redline from revision 1 to the latest. */
async function openRedline(name: Parameters<typeof installBackend>[0] = "redline", options: ReplayOptions = {}) {
  const backend = installBackend(name, options);
  const r = await openFirstRegulation();
  const item = within(screen.getByTestId("history"))
    .getAllByTestId("revision-item")
    .find((i) => i.dataset.revision === "1")!;
  await fireEvent.click(within(item).getByTestId("compare-revision"));
  await waitFor(() => expect(screen.getAllByTestId("redline-article").length).toBeGreaterThan(0));
  return { backend, ...r };
}

/** Opens the redline, then compares revision 2 with the text someone sent back. */
async function openFileRedline() {
  const r = await openRedline("redline", { pick: () => SENT_BACK });
  await fireEvent.click(screen.getByTestId("redline-compare-file"));
  await waitFor(() => expect(screen.getByTestId("redline")).toHaveTextContent("quy-che-gui-lai.txt"));
  await waitFor(() => expect(document.querySelector('[data-key="217:"]')).not.toBeNull());
  return r;
}

const current = () => [...document.querySelectorAll<HTMLElement>('[data-current="true"]')];

// The demo's revision 1 → 2 (crates/api/demo/CHANGES.md): five articles modified, in
// Điều 2, 7, 14, 19 and 24 (keys are `old id:new id`).
const CHANGED = ["9:9", "53:53", "109:109", "145:145", "175:175"];

describe("redline: entry and summary", () => {
  it("opens from “So sánh” in the history (not on the latest) and shows the summary", async () => {
    const { backend } = await openRedline();
    const items = within(screen.getByTestId("history")).getAllByTestId("revision-item");
    expect(items.map((i) => within(i).queryByTestId("compare-revision") !== null)).toEqual([false, true]);
    expect(commandCalls(backend, "redline")[0].args).toEqual({ regulationId: DEMO(), fromRevision: 1, toRevision: 2 });
    // Comparing does not open revision 1 in the document.
    expect(commandCalls(backend, "open_regulation")).toHaveLength(1);

    const summary = screen.getByTestId("redline-summary");
    const count = (kind: string) => summary.querySelector(`[data-count="${kind}"]`)?.textContent;
    expect(count("unchanged")).toBe("26");
    expect(count("modified")).toBe("5");
    expect(count("added")).toBe("0");
    expect(count("removed")).toBe("0");
    expect(summary.querySelector('[data-count="chapters_changed"]')).toBeNull();
    expect(summary.querySelector('[data-count="sections_changed"]')).toBeNull();
    expect(summary).toHaveTextContent("Giữ nguyên 26");
    expect(summary).toHaveTextContent("Sửa đổi 5");

    expect((screen.getByTestId("redline-from") as HTMLSelectElement).value).toBe("1");
    expect((screen.getByTestId("redline-to") as HTMLSelectElement).value).toBe("2");
    expect(screen.queryByTestId("outline")).not.toBeVisible();
  });

  it("close returns to the regulation view", async () => {
    await openRedline();
    await fireEvent.click(screen.getByTestId("redline-close"));
    expect(screen.queryByTestId("redline")).toBeNull();
    expect(screen.getByTestId("outline")).toBeVisible();
    expect(screen.getAllByTestId("article").length).toBe(31);
  });

  it("the selects compare any two revisions", async () => {
    const { backend } = await openRedline();
    await fireEvent.change(screen.getByTestId("redline-from"), { target: { value: "2" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    expect(commandCalls(backend, "redline")[1].args).toEqual({ regulationId: DEMO(), fromRevision: 2, toRevision: 2 });
    await fireEvent.change(screen.getByTestId("redline-to"), { target: { value: "1" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(3));
    expect(commandCalls(backend, "redline")[2].args).toEqual({ regulationId: DEMO(), fromRevision: 2, toRevision: 1 });
    await waitFor(() => expect(texts(entry("109:109").querySelectorAll("del"))).toEqual(["03"]));
  });
});

describe("redline: articles", () => {
  it("inline: deletions in <del>, insertions in <ins>, paragraphs per line", async () => {
    await openRedline();
    const a = entry("109:109");
    expect(a.dataset.status).toBe("modified");
    expect(texts(a.querySelectorAll("del"))).toEqual(["05"]);
    expect(texts(a.querySelectorAll("ins"))).toEqual(["03"]);
    const lines = texts(a.querySelectorAll("p.line"));
    expect(lines[1]).toBe(
      "2. Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất 0503 ngày làm việc trước ngày khai mạc hội nghị, trừ trường hợp họp bất thường.",
    );
    expect(lines).toContain("a) Chương trình hội nghị;");
    expect(within(a).getByTestId("redline-heading")).toHaveTextContent("Điều 14. Chuẩn bị và gửi tài liệu hội nghị");
    expect(a).toHaveTextContent("Sửa đổi");
    // A new point: the whole line is inserted.
    expect(texts(entry("53:53").querySelectorAll("ins")).join("")).toContain("h) Chỉ đạo công tác chuyển đổi số");
  });

  it("headings: renumbered, moved, added, removed, retitled (a file sent back)", async () => {
    await openFileRedline();
    expect(within(entry("27:35")).getByTestId("redline-heading").textContent?.trim()).toBe(
      "Điều 5 → Điều 6. Trách nhiệm và quyền hạn của Ban Chấp hành",
    );
    const moved = entry("94:25");
    expect(moved).toHaveTextContent("Di chuyển");
    expect(moved).toHaveTextContent("từ Chương II");
    expect(within(moved).getByTestId("redline-heading")).toHaveTextContent("Điều 12 → Điều 5. Ủy quyền");

    const added = entry(":223");
    expect(added.dataset.status).toBe("added");
    expect(added).toHaveTextContent("Bổ sung");
    expect(within(added).getByTestId("redline-heading")).toHaveTextContent("Điều 30. Tổ chức thực hiện");
    expect(added.querySelectorAll("del")).toHaveLength(0);

    const removed = entry("217:");
    expect(removed).toHaveTextContent("Bãi bỏ");
    expect(within(removed).getByTestId("redline-heading")).toHaveTextContent("Điều 29. Quản lý và ban hành văn bản");
    expect(texts(removed.querySelectorAll("del"))[0]).toContain("Quản lý và ban hành văn bản");

    const retitled = within(entry("175:176")).getByTestId("redline-heading");
    expect(texts(retitled.querySelectorAll("ins"))).toEqual(["phối hợp "]);
  });

  it("side by side: old text (equal+delete) left, new (equal+insert) right", async () => {
    await openRedline();
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    expect(screen.getByTestId("redline-mode-side")).toHaveAttribute("aria-pressed", "true");
    const a = entry("109:109");
    const left = a.querySelector<HTMLElement>('[data-side="old"]')!;
    const right = a.querySelector<HTMLElement>('[data-side="new"]')!;
    expect(texts(left.querySelectorAll("del"))).toEqual(["05"]);
    expect(left.querySelectorAll("ins")).toHaveLength(0);
    expect(texts(right.querySelectorAll("ins"))).toEqual(["03"]);
    expect(right.querySelectorAll("del")).toHaveLength(0);
    expect(left).toHaveTextContent("chậm nhất 05 ngày làm việc trước ngày khai mạc");
    expect(right).toHaveTextContent("chậm nhất 03 ngày làm việc trước ngày khai mạc");
    expect(left).not.toHaveTextContent("chậm nhất 03");

    await fireEvent.click(screen.getByTestId("redline-mode-inline"));
    expect(entry("109:109").querySelector('[data-side="old"]')).toBeNull();
  });

  it("side by side with a file: each column has its own numbers; added and removed say so", async () => {
    await openFileRedline();
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    expect(entry("27:35").querySelector('[data-side="old"]')).toHaveTextContent("Điều 5. Trách nhiệm và quyền hạn của Ban Chấp hành");
    expect(entry("27:35").querySelector('[data-side="new"]')).toHaveTextContent("Điều 6. Trách nhiệm và quyền hạn của Ban Chấp hành");
    expect(entry(":223").querySelector('[data-side="old"]')).toHaveTextContent("(chưa có)");
    expect(entry("217:").querySelector('[data-side="new"]')).toHaveTextContent("(đã bãi bỏ)");
  });

  it("“Chỉ hiện điều thay đổi” (on by default) hides unchanged articles that kept their number", async () => {
    await openRedline();
    const toggle = screen.getByTestId("redline-only-changed") as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    const keys = () => screen.getAllByTestId("redline-article").map((a) => a.dataset.key);
    expect(keys()).toEqual(CHANGED);
    await fireEvent.click(toggle);
    expect(keys()).toHaveLength(31);
    expect(entry("1:1").dataset.status).toBe("unchanged");
  });

  it("renders article text literally, never as HTML", async () => {
    const evil = `<img src=x onerror=alert(1)>`;
    const { container } = await openRedline("unsafe-text");
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b:not([data-count])")).toBeNull();
    const changed = document.querySelector<HTMLElement>('[data-testid="redline-article"][data-status="modified"]')!;
    expect(texts(changed.querySelectorAll("ins")).join("")).toContain(`<b>${evil}</b>`);
    expect(within(changed).getByTestId("redline-heading")).toHaveTextContent(`Điều 1. Tiêu đề ${evil}`);
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    expect(container.querySelector("img")).toBeNull();
  });

  it("shows a notice when the diff was coarse", async () => {
    // The back end marks a diff coarse when it hits its time limit, which a recording of
    // the demo never does: the test marks the recorded answer so.
    const t = structuredClone(tape("redline"));
    const call = recorded(t, "redline", { fromRevision: 1, toRevision: 2 })[0];
    const view = (call.response as { data: RedlineView }).data;
    view.coarse = true;
    view.articles.find((a) => a.key === "109:109")!.coarse = true;
    await openRedline(t);
    expect(screen.getByTestId("redline-coarse")).toHaveTextContent("so sánh thô");
    expect(entry("109:109")).toHaveTextContent("so sánh thô");
    expect(entry("145:145")).not.toHaveTextContent("so sánh thô");
  });
});

describe("redline: next and previous change", () => {
  // The changes of revision 1 → 2, in order: four in Điều 2, the new point h) of Điều 7,
  // “05 → 03” in Điều 14, three in Điều 19, two in the title of Điều 24.
  it("steps through the changes in order and stops at the ends", async () => {
    await openRedline();
    const pos = screen.getByTestId("redline-position");
    expect(pos).toHaveTextContent("11 thay đổi");
    expect(current()).toHaveLength(0);
    const next = screen.getByTestId("redline-next");
    const prev = screen.getByTestId("redline-prev");

    await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 1/11");
    expect(texts(current())).toEqual(["dân chủ, "]);
    expect(current().every((el) => entry("9:9").contains(el))).toBe(true);

    for (let i = 0; i < 5; i++) await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 6/11");
    expect(texts(current())).toEqual(["05", "03"]);
    await fireEvent.click(next);
    expect(texts(current())).toEqual(["sáng", "chiều"]);
    await fireEvent.click(prev);
    expect(texts(current())).toEqual(["05", "03"]);

    for (let i = 0; i < 10; i++) await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 11/11");
    expect(current().every((el) => entry("175:175").contains(el))).toBe(true);
    expect(next).toBeDisabled();

    for (let i = 0; i < 12; i++) if (!prev.hasAttribute("disabled")) await fireEvent.click(prev);
    expect(pos).toHaveTextContent("Thay đổi 1/11");
    expect(prev).toBeDisabled();
    expect(texts(current())).toEqual(["dân chủ, "]);
  });

  it("keyboard: n/j next, p/k previous, Alt+arrows; ignored while in a select", async () => {
    await openRedline();
    const pos = screen.getByTestId("redline-position");
    await fireEvent.keyDown(document.body, { key: "n" });
    await fireEvent.keyDown(document.body, { key: "j" });
    expect(pos).toHaveTextContent("Thay đổi 2/11");
    await fireEvent.keyDown(document.body, { key: "ArrowDown", altKey: true });
    expect(pos).toHaveTextContent("Thay đổi 3/11");
    await fireEvent.keyDown(document.body, { key: "k" });
    await fireEvent.keyDown(document.body, { key: "ArrowUp", altKey: true });
    expect(pos).toHaveTextContent("Thay đổi 1/11");
    await fireEvent.keyDown(document.body, { key: "n", ctrlKey: true });
    await fireEvent.keyDown(screen.getByTestId("redline-from"), { key: "n" });
    expect(pos).toHaveTextContent("Thay đổi 1/11");
  });

  it("from nothing selected, “previous” goes to the last change; a new redline starts over", async () => {
    const { backend } = await openRedline();
    const pos = screen.getByTestId("redline-position");
    await fireEvent.keyDown(document.body, { key: "p" });
    expect(pos).toHaveTextContent("Thay đổi 11/11");
    expect(current().every((el) => entry("175:175").contains(el))).toBe(true);
    await fireEvent.change(screen.getByTestId("redline-from"), { target: { value: "2" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    await waitFor(() => expect(pos).not.toHaveTextContent("Thay đổi 11/11"));
    expect(current()).toHaveLength(0);
  });

  it("shows a load error with a retry when the first redline fails", async () => {
    const backend = installBackend("redline");
    await openFirstRegulation();
    // The back end's answer for a revision that is not there.
    const missing = recordedError(tape("redline"), "redline", { toRevision: 9 });
    backend.fail("redline", missing);
    const item = within(screen.getByTestId("history")).getAllByTestId("revision-item")[1];
    await fireEvent.click(within(item).getByTestId("compare-revision"));
    expect(await screen.findByText("Không so sánh được.")).toBeInTheDocument();
    expect(screen.getAllByTestId("toast").some((t) => t.textContent?.includes(missing.message))).toBe(true);
    expect(screen.getByRole("button", { name: "Thử lại" })).toBeInTheDocument();
  });

  it("keeps the current change when switching to side by side", async () => {
    await openRedline();
    for (let i = 0; i < 6; i++) await fireEvent.click(screen.getByTestId("redline-next"));
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    const cur = current();
    expect(texts(cur)).toEqual(["05", "03"]);
    expect(cur[0].closest('[data-side="old"]')).not.toBeNull();
    expect(cur[1].closest('[data-side="new"]')).not.toBeNull();
  });
});

describe("redline: compare with a file", () => {
  it("asks for a .txt file and compares the chosen revision with it (the file is the new side)", async () => {
    const { backend } = await openFileRedline();
    // The dialog opens in Rust; the file stays there, the window holds its handle.
    expect(commandCalls(backend, "pick_compared_text")).toEqual([{ cmd: "pick_compared_text", args: {}, dialog: SENT_BACK }]);
    const held = recordedData<PickedFile>(tape("redline"), "pick_compared_text", {}, SENT_BACK);
    expect(commandCalls(backend, "redline_with_file")[0].args).toEqual({ regulationId: DEMO(), revision: 2, file: held.handle });
    expect(screen.getByTestId("redline")).toHaveTextContent("ghép với nhau theo nội dung");
    // The file sent back changes “03 ngày” to “05 ngày” in Điều 14.
    const meeting = entry("109:110");
    expect(texts(meeting.querySelectorAll("del"))).toEqual(["03"]);
    expect(texts(meeting.querySelectorAll("ins"))).toEqual(["05"]);
    expect(screen.queryByTestId("redline-from")).toBeNull();

    await fireEvent.click(screen.getByTestId("redline-clear-file"));
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    expect(screen.getByTestId("redline-from")).toBeInTheDocument();
  });

  it("does nothing when the dialog is cancelled", async () => {
    const { backend } = await openRedline("redline", { pick: () => null });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    await waitFor(() => expect(commandCalls(backend, "pick_compared_text")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(commandCalls(backend, "redline_with_file")).toHaveLength(0);
    expect(entry("109:109")).toBeInTheDocument();
  });

  it("shows errors as toasts and keeps the previous redline", async () => {
    const path = `${FILES}/quy-che.docx`;
    const { backend } = await openRedline("redline", { pick: () => path });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    const { handle } = recordedData<PickedFile>(tape("redline"), "pick_compared_text", {}, path);
    const refusal = recordedError(tape("redline"), "redline_with_file", { file: handle });
    const toast = await screen.findByText(refusal.message);
    expect(refusal.message).toContain("quy-che.docx: dòng 1: không tìm thấy Điều nào");
    expect(toast.closest('[data-testid="toast"]')).toBeInTheDocument();
    expect(commandCalls(backend, "redline_with_file")).toHaveLength(1);
    // The previous redline stays.
    expect(entry("109:109")).toBeInTheDocument();
  });
});

describe("redline helpers", () => {
  it("groups contiguous delete/insert spans into one change and splits lines", () => {
    const ops = [
      { op: "equal" as const, text: "Tiêu đề\n1. Gửi trước " },
      { op: "delete" as const, text: "05" },
      { op: "insert" as const, text: "03" },
      { op: "equal" as const, text: " ngày" },
      { op: "insert" as const, text: "\n" },
      { op: "equal" as const, text: "2. Khoản hai." },
    ];
    const idx = indexChanges([
      { key: "k", status: "modified", old_label: "Điều 1", new_label: "Điều 1", old_title: null, new_title: null, old_chapter: null, new_chapter: null, moved: false, renumbered: false, coarse: false, ops, split_from: null, merged_into: null, lineage_note: null },
    ]);
    expect(idx.changes).toHaveLength(2);
    expect([...idx.spanChange[0]]).toEqual([-1, 0, 0, -1, 1, -1]);
    expect(idx.blank.has(1)).toBe(true);
    const inline = toLines(ops, idx.spanChange[0], "inline", idx.blank);
    expect(inline.map((l) => l.map((s) => s.text).join(""))).toEqual(["Tiêu đề", "1. Gửi trước 0503 ngày¶", "2. Khoản hai."]);
    const old = toLines(ops, idx.spanChange[0], "old", idx.blank);
    expect(old.map((l) => l.map((s) => s.text).join(""))).toEqual(["Tiêu đề", "1. Gửi trước 05 ngày2. Khoản hai."]);
  });
});

describe("redline: consequential changes and splits", () => {
  // Điều 19 → Điều 20 after an insert: “khoản 2 Điều 7” now reads “khoản 2 Điều 8” (the
  // same article, renumbered), and one word was really edited next to it.
  const ops = [
    { op: "equal" as const, text: "Tiêu đề\n1. Theo " },
    { op: "delete" as const, text: "quy định" },
    { op: "insert" as const, text: "SỬA" },
    { op: "equal" as const, text: " tại khoản 2 Điều " },
    { op: "delete" as const, text: "7", consequential: true },
    { op: "insert" as const, text: "8", consequential: true },
    { op: "equal" as const, text: " của Luật này." },
  ];
  const article = (over: Partial<ArticleRedline> = {}): ArticleRedline => ({
    key: "k",
    status: "modified",
    old_label: "Điều 19",
    new_label: "Điều 20",
    old_title: null,
    new_title: null,
    old_chapter: null,
    new_chapter: null,
    moved: false,
    renumbered: true,
    coarse: false,
    ops,
    split_from: null,
    merged_into: null,
    lineage_note: null,
    ...over,
  });

  it("a consequential change is no stop and no edit; the real edit next to it still is", () => {
    const idx = indexChanges([article()]);
    expect(idx.changes).toHaveLength(1);
    expect([...idx.spanChange[0]]).toEqual([-1, 0, 0, -1, -1, -1, -1]);
    const text = (side: "inline" | "old" | "new") =>
      toLines(ops, idx.spanChange[0], side, idx.blank)[1].map((s) => [s.op, s.text, s.consequential ?? ""]);
    // Inline and new: the number as it reads now, the old one in the tooltip.
    expect(text("inline")).toContainEqual(["equal", "8", `${CHANGE_LABELS.consequential} (trước: 7)`]);
    expect(text("new")).toContainEqual(["equal", "8", `${CHANGE_LABELS.consequential} (trước: 7)`]);
    expect(text("old")).toContainEqual(["equal", "7", `${CHANGE_LABELS.consequential} (nay: 8)`]);
    expect(text("inline").filter((s) => s[0] !== "equal")).toEqual([
      ["delete", "quy định", ""],
      ["insert", "SỬA", ""],
    ]);
  });

  it("an article whose only change is a renumbered reference can be hidden", () => {
    const only = article({ status: "unchanged", renumbered: false, ops: [ops[0], ops[3], ops[4], ops[5], ops[6]] });
    expect(indexChanges([only]).changes).toHaveLength(0);
    expect(isChanged(only)).toBe(true);
    expect(isChanged(only, true)).toBe(false);
    // Counted apart, and only when there are some.
    const row = SUMMARY_LABELS.find((s) => s.kind === "consequential");
    expect(row).toMatchObject({ label: CHANGE_LABELS.consequential, always: false });
  });

  it("draws the consequential number dotted with its tooltip, plainly when hidden, and the split note", () => {
    const props = (plain: boolean, over: Partial<ArticleRedline> = {}) => {
      const a = article(over);
      const idx = indexChanges([a]);
      return {
        article: a,
        mode: "inline" as const,
        spanChange: idx.spanChange[0],
        blank: idx.blank,
        wholeChange: -1,
        current: -1,
        plainConsequential: plain,
      };
    };
    const { unmount } = render(RedlineArticle, { props: props(false) });
    const cq = screen.getByTestId("redline-consequential");
    expect(cq.textContent).toBe("8");
    expect(cq.title).toBe(`${CHANGE_LABELS.consequential} (trước: 7)`);
    expect(texts(document.querySelectorAll("del, ins"))).toEqual(["quy định", "SỬA"]);
    expect(screen.queryByTestId("redline-lineage")).toBeNull();
    unmount();

    render(RedlineArticle, {
      props: props(true, { status: "added", old_label: null, split_from: "Điều 9", lineage_note: "Tách từ Điều 9" }),
    });
    expect(screen.queryByTestId("redline-consequential")).toBeNull();
    expect(screen.getByTestId("redline-article").textContent).toContain("khoản 2 Điều 8 của Luật này");
    expect(screen.getByTestId("redline-lineage").textContent).toBe("Tách từ Điều 9");
  });
});

describe("redline: out as a file", () => {
  // The approved demo of `documents_out`: revision 1 against the latest, exported.
  const OUT = () => firstRegulation("documents-out").id;

  for (const [format, label] of [
    ["docx", "Word"],
    ["pdf", "PDF"],
  ] as const) {
    it(`“Xuất bản so sánh (${label})…” writes the pair shown and names the file`, async () => {
      const { backend } = await openRedline("documents-out", { from: "redline" });
      const latest = commandCalls(backend, "redline")[0].args!.toRevision as number;
      await fireEvent.click(screen.getByTestId("redline-export"));
      const button = screen.getByTestId(`redline-export-${format}`);
      expect(button).toHaveTextContent(`Xuất bản so sánh (${label})…`);
      expect(button).not.toHaveAttribute("aria-disabled");
      await fireEvent.click(button);
      const path = recordedData<string>(tape("documents-out"), "export_redline", { toRevision: latest, format });
      expect(path).toMatch(new RegExp(`-so-sanh-phien-ban-1-${latest}\\.${format}$`));
      expect(await screen.findByText(`Đã xuất bản so sánh phiên bản 1 với phiên bản ${latest} ra tệp ${path}`)).toBeInTheDocument();
      // The pair shown, and no path: the save dialog is Rust's.
      expect(commandCalls(backend, "export_redline")[0].args).toEqual({ work: 5, regulationId: OUT(), fromRevision: 1, toRevision: latest, format });
    });
  }

  it("shows the back end's refusal as the error line", async () => {
    const { backend } = await openRedline("documents-out", { from: "redline" });
    const refusal = recordedError(tape("documents-out"), "export_redline", { toRevision: 9 });
    expect(refusal.message).toContain("phiên bản 9");
    backend.fail("export_redline", refusal);
    await fireEvent.click(screen.getByTestId("redline-export"));
    await fireEvent.click(screen.getByTestId("redline-export-docx"));
    const toast = await screen.findByText(refusal.message);
    expect(toast.closest('[data-testid="toast"]')).toBeInTheDocument();
  });

  it("with a file compared, the export writes the revision against the file and names both", async () => {
    // The approved demo's latest revision against the text someone sent back (mark redline-file).
    const { backend } = await openRedline("documents-out", { from: "redline-file", pick: (cmd) => (cmd === "pick_compared_text" ? SENT_BACK : undefined) });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    await waitFor(() => expect(screen.getByTestId("redline")).toHaveTextContent("quy-che-gui-lai.txt"));
    const revision = commandCalls(backend, "redline_with_file")[0].args!.revision as number;
    await fireEvent.click(screen.getByTestId("redline-export"));
    const button = screen.getByTestId("redline-export-docx");
    expect(button).not.toHaveAttribute("aria-disabled");
    expect(button.title).toBe(`Xuất bản so sánh phiên bản ${revision} với tệp quy-che-gui-lai.txt ra tệp Word có theo dõi thay đổi`);
    await fireEvent.click(button);
    const path = recordedData<string>(tape("documents-out"), "export_redline_with_file", { format: "docx" });
    expect(path).toMatch(new RegExp(`-so-sanh-phien-ban-${revision}-voi-quy-che-gui-lai\\.docx$`));
    expect(await screen.findByText(`Đã xuất bản so sánh phiên bản ${revision} với tệp quy-che-gui-lai.txt ra tệp ${path}`)).toBeInTheDocument();
    // The file goes by the handle Rust holds, never by a path from the page.
    const handle = commandCalls(backend, "redline_with_file")[0].args!.file;
    expect(commandCalls(backend, "export_redline_with_file")[0].args).toEqual({ work: 5, regulationId: OUT(), revision, file: handle, format: "docx" });
    expect(commandCalls(backend, "export_redline")).toHaveLength(0);
  });
});

describe("redline: only what is near the viewport is drawn", () => {
  // The law pair (2012 → 2023, 121 articles shown, hundreds of changes), as the back end answered.
  const lawPair = (): RedlineView =>
    recordedData<RedlineView>(JSON.parse(browserTape) as Tape, "redline", { fromRevision: 1, toRevision: 2 });

  /** An IntersectionObserver that reports nothing until the test says an element came near. */
  class FakeObserver {
    static all: FakeObserver[] = [];
    watched = new Set<Element>();
    constructor(private callback: IntersectionObserverCallback) {
      FakeObserver.all.push(this);
    }
    observe(el: Element) {
      this.watched.add(el);
    }
    unobserve(el: Element) {
      this.watched.delete(el);
    }
    disconnect() {
      this.watched.clear();
    }
    static near(el: Element) {
      for (const o of FakeObserver.all)
        if (o.watched.has(el)) o.callback([{ isIntersecting: true, target: el } as unknown as IntersectionObserverEntry], o as unknown as IntersectionObserver);
    }
  }

  let scrolled: Element[] = [];
  beforeEach(() => {
    FakeObserver.all = [];
    scrolled = [];
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    // No idle time in these tests unless one asks for it: the fill-in waits.
    vi.stubGlobal("requestIdleCallback", () => 0);
    vi.stubGlobal("cancelIdleCallback", () => {});
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  const entries = () => [...document.querySelectorAll<HTMLElement>('[data-testid="redline-article"]')];
  const drawn = () => entries().filter((e) => e.dataset.rendered === "true").map((e) => e.dataset.key);

  async function openPane() {
    const rl = new RedlineController("qc-2");
    rl.view = lawPair();
    render(RedlinePane, { props: { rl, revisions: [], onclose: () => {} } });
    await tick();
    return rl;
  }

  it("windowAround: a screenful from the position asked, one before it, never more than the cap", () => {
    const view = lawPair();
    const shown = view.articles.map((_, i) => i);
    const h = (i: number) => estimateArticleHeight(view.articles[i], false);
    const first = windowAround(view.articles, shown, 0, false);
    expect(first[0]).toBe(0);
    // It fills the budget, and not by more than its last article.
    const filled = first.reduce((t, i) => t + h(i), 0);
    expect(first.length === WINDOW_MAX || filled >= WINDOW_BUDGET).toBe(true);
    expect(filled - h(first.at(-1)!)).toBeLessThan(WINDOW_BUDGET);
    expect(first.length).toBeLessThan(shown.length);
    // Around the 50th: the one before, then on from it.
    const mid = windowAround(view.articles, shown, 50, false);
    expect(mid.slice(0, 2)).toEqual([49, 50]);
    // A tiny budget still draws the article asked for; a huge one stops at the cap.
    expect(windowAround(view.articles, shown, 10, false, { budget: 1, before: 0 })).toEqual([10]);
    expect(windowAround(view.articles, shown, 0, false, { budget: 1e9 })).toHaveLength(WINDOW_MAX);
    // Past the end: the last article; nothing shown: nothing drawn.
    expect(windowAround(view.articles, shown, 999, false, { before: 0 })).toEqual([shown.at(-1)]);
    expect(windowAround(view.articles, [], 0, false)).toEqual([]);
    // Positions are in `shown`, not in the articles.
    expect(windowAround(view.articles, [3, 7, 9], 1, false, { budget: 1, before: 1 })).toEqual([3, 7]);
  });

  it("opens on the first screenful only: every other article is one placeholder of about its height", async () => {
    const rl = await openPane();
    const view = rl.view!;
    expect(rl.shown.length).toBe(121);
    expect(entries()).toHaveLength(121);
    const first = windowAround(view.articles, rl.shown, 0, false).map((i) => view.articles[i].key);
    expect(drawn()).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(WINDOW_MAX);
    const last = entries().at(-1)!;
    expect(last.dataset.rendered).toBe("false");
    expect(last.childElementCount).toBe(0);
    expect(last.style.height).toBe(`${estimateArticleHeight(view.articles[rl.shown.at(-1)!], false)}px`);
    // The position counts every change, drawn or not.
    expect(screen.getByTestId("redline-position").textContent).toBe(`${rl.index.changes.length} thay đổi`);
  });

  it("draws an article when it comes near the viewport", async () => {
    const rl = await openPane();
    const key = rl.view!.articles[rl.shown[60]].key;
    const ph = entries().find((e) => e.dataset.key === key)!;
    expect(ph.dataset.rendered).toBe("false");
    FakeObserver.near(ph);
    await tick();
    const el = entries().find((e) => e.dataset.key === key)!;
    expect(el.dataset.rendered).toBe("true");
    expect(el.querySelector('[data-testid="redline-heading"]')).not.toBeNull();
  });

  it("jumping to a change in an article not drawn draws it (and the screen around it) and scrolls to the change", async () => {
    const rl = await openPane();
    const total = rl.index.changes.length;
    const lastArticle = rl.view!.articles[rl.index.changes[total - 1].article];
    expect(entries().find((e) => e.dataset.key === lastArticle.key)!.dataset.rendered).toBe("false");
    // From nothing selected, "previous" goes to the last change.
    await fireEvent.keyDown(document.body, { key: "k" });
    await tick();
    await tick();
    expect(screen.getByTestId("redline-position").textContent).toBe(`Thay đổi ${total}/${total}`);
    const el = entries().find((e) => e.dataset.key === lastArticle.key)!;
    expect(el.dataset.rendered).toBe("true");
    const cur = current();
    expect(cur.length).toBeGreaterThan(0);
    expect(cur.every((c) => el.contains(c))).toBe(true);
    const target = document.querySelector(`.rl-scroll [data-change="${total - 1}"]`);
    expect(target && el.contains(target)).toBe(true);
    expect(scrolled.at(-1)).toBe(target);
    // Then one back: the change before it, scrolled to as well.
    await fireEvent.keyDown(document.body, { key: "k" });
    await tick();
    await tick();
    expect(scrolled.at(-1)?.getAttribute("data-change")).toBe(String(total - 2));
  });

  it("fills in the rest when the browser is idle", async () => {
    const queue: (() => void)[] = [];
    vi.stubGlobal("requestIdleCallback", (fn: () => void) => queue.push(fn));
    await openPane();
    const before = drawn().length;
    expect(queue).toHaveLength(1);
    queue.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    const after = drawn().length;
    // One slice at a time: more than before, not yet everything.
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(121);
    for (let n = 0; n < 500 && queue.length > 0; n++) {
      queue.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(drawn()).toHaveLength(121);
    expect(document.querySelector('[data-rendered="false"]')).toBeNull();
  });
});
