import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { REG_ID, sampleRedline } from "../ipc/fixtures";
import type { RedlineView } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";
import { indexChanges, toLines } from "./redline";

afterEach(resetAll);

function entry(key: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="redline-article"][data-key="${key}"]`);
  if (!el) throw new Error(`no redline entry ${key}`);
  return el;
}

const texts = (els: Iterable<Element>) => [...els].map((e) => e.textContent);

/** Opens the sample regulation and the redline from revision 1 to the latest. */
async function openRedline(redline: RedlineView | null = sampleRedline(), options = {}) {
  // null: the mock computes the redline from the stored revisions.
  const backend = installBackend({ redline: redline ?? undefined, ...options });
  const r = await openFirstRegulation();
  const item = within(screen.getByTestId("history"))
    .getAllByTestId("revision-item")
    .find((i) => i.dataset.revision === "1")!;
  await fireEvent.click(within(item).getByTestId("compare-revision"));
  await waitFor(() => expect(screen.getAllByTestId("redline-article").length).toBeGreaterThan(0));
  return { backend, ...r };
}

const current = () => [...document.querySelectorAll<HTMLElement>('[data-current="true"]')];

describe("redline: entry and summary", () => {
  it("opens from “So sánh” in the history (not on the latest) and shows the summary", async () => {
    const { backend } = await openRedline();
    const items = within(screen.getByTestId("history")).getAllByTestId("revision-item");
    expect(items.map((i) => within(i).queryByTestId("compare-revision") !== null)).toEqual([false, true]);
    expect(commandCalls(backend, "redline")[0].args).toEqual({ regulationId: REG_ID, fromRevision: 1, toRevision: 2 });
    // Comparing does not open revision 1 in the document.
    expect(commandCalls(backend, "open_regulation")).toHaveLength(1);

    const summary = screen.getByTestId("redline-summary");
    const count = (kind: string) => summary.querySelector(`[data-count="${kind}"]`)?.textContent;
    expect(count("unchanged")).toBe("1");
    expect(count("modified")).toBe("2");
    expect(count("added")).toBe("1");
    expect(count("removed")).toBe("1");
    expect(count("moved")).toBe("1");
    expect(count("renumbered")).toBe("3");
    expect(count("sections_changed")).toBe("1");
    expect(summary.querySelector('[data-count="chapters_changed"]')).toBeNull();
    expect(summary).toHaveTextContent("Giữ nguyên 1");
    expect(summary).toHaveTextContent("Sửa đổi 2");
    expect(summary).toHaveTextContent("Bổ sung 1");
    expect(summary).toHaveTextContent("Bãi bỏ 1");
    expect(summary).toHaveTextContent("Di chuyển 1");
    expect(summary).toHaveTextContent("Đánh số lại 3");
    expect(summary).toHaveTextContent("Mục thay đổi 1");

    expect((screen.getByTestId("redline-from") as HTMLSelectElement).value).toBe("1");
    expect((screen.getByTestId("redline-to") as HTMLSelectElement).value).toBe("2");
    expect(screen.queryByTestId("outline")).not.toBeVisible();
  });

  it("close returns to the regulation view", async () => {
    await openRedline();
    await fireEvent.click(screen.getByTestId("redline-close"));
    expect(screen.queryByTestId("redline")).toBeNull();
    expect(screen.getByTestId("outline")).toBeVisible();
    expect(screen.getAllByTestId("article").length).toBe(4);
  });

  it("the selects compare any two revisions", async () => {
    const { backend } = await openRedline();
    await fireEvent.change(screen.getByTestId("redline-from"), { target: { value: "2" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    expect(commandCalls(backend, "redline")[1].args).toEqual({ regulationId: REG_ID, fromRevision: 2, toRevision: 2 });
    await fireEvent.change(screen.getByTestId("redline-to"), { target: { value: "1" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(3));
    expect(commandCalls(backend, "redline")[2].args).toEqual({ regulationId: REG_ID, fromRevision: 2, toRevision: 1 });
  });
});

describe("redline: articles", () => {
  it("inline: deletions in <del>, insertions in <ins>, paragraphs per line", async () => {
    await openRedline();
    const a = entry("a12");
    expect(a.dataset.status).toBe("modified");
    expect(texts(a.querySelectorAll("del"))).toEqual(["05"]);
    expect(texts(a.querySelectorAll("ins"))).toEqual(["03", "3. Biên bản phiên họp do Chánh Văn phòng ghi."]);
    const lines = texts(a.querySelectorAll("p.line"));
    expect(lines).toEqual([
      "1. Ban Thường vụ họp thường kỳ mỗi quý một lần.",
      "2. Tài liệu họp được gửi chậm nhất 0503 ngày làm việc trước phiên họp.",
      "3. Biên bản phiên họp do Chánh Văn phòng ghi.",
    ]);
    expect(within(a).getByTestId("redline-heading")).toHaveTextContent("Điều 2. Chế độ họp");
    expect(a).toHaveTextContent("Sửa đổi");
  });

  it("headings: renumbered, moved, added, removed, retitled", async () => {
    await openRedline();
    expect(within(entry("a14")).getByTestId("redline-heading").textContent?.trim()).toBe("Điều 5 → Điều 6. Chế độ thông tin");
    const moved = entry("a15");
    expect(moved).toHaveTextContent("Di chuyển");
    expect(moved).toHaveTextContent("từ Chương II");
    expect(within(moved).getByTestId("redline-heading")).toHaveTextContent("Điều 8 → Điều 4. Quan hệ công tác");

    const added = entry("a17");
    expect(added.dataset.status).toBe("added");
    expect(added).toHaveTextContent("Bổ sung");
    expect(within(added).getByTestId("redline-heading")).toHaveTextContent("Điều 7. Tổ chức thực hiện");
    expect(added.querySelectorAll("del")).toHaveLength(0);

    const removed = entry("a19");
    expect(removed).toHaveTextContent("Bãi bỏ");
    expect(within(removed).getByTestId("redline-heading")).toHaveTextContent("Điều 9. Giải thích từ ngữ");
    expect(texts(removed.querySelectorAll("del"))).toEqual(["Giải thích từ ngữ", "1. “Ủy viên” là Ủy viên Ban Thường vụ."]);

    const retitled = within(entry("a16")).getByTestId("redline-heading");
    expect(texts(retitled.querySelectorAll("del"))).toEqual([" và"]);
    expect(texts(retitled.querySelectorAll("ins"))).toEqual([",", " của Ban Thường vụ"]);
  });

  it("side by side: old text (equal+delete) left, new (equal+insert) right", async () => {
    await openRedline();
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    expect(screen.getByTestId("redline-mode-side")).toHaveAttribute("aria-pressed", "true");
    const a = entry("a12");
    const left = a.querySelector<HTMLElement>('[data-side="old"]')!;
    const right = a.querySelector<HTMLElement>('[data-side="new"]')!;
    expect(texts(left.querySelectorAll("del"))).toEqual(["05"]);
    expect(left.querySelectorAll("ins")).toHaveLength(0);
    expect(texts(right.querySelectorAll("ins"))).toEqual(["03", "3. Biên bản phiên họp do Chánh Văn phòng ghi."]);
    expect(right.querySelectorAll("del")).toHaveLength(0);
    expect(left).toHaveTextContent("2. Tài liệu họp được gửi chậm nhất 05 ngày làm việc trước phiên họp.");
    expect(right).toHaveTextContent("2. Tài liệu họp được gửi chậm nhất 03 ngày làm việc trước phiên họp.");
    expect(left).not.toHaveTextContent("Biên bản");
    // Renumbered: each column has its own number.
    expect(entry("a14").querySelector('[data-side="old"]')).toHaveTextContent("Điều 5. Chế độ thông tin");
    expect(entry("a14").querySelector('[data-side="new"]')).toHaveTextContent("Điều 6. Chế độ thông tin");
    expect(entry("a17").querySelector('[data-side="old"]')).toHaveTextContent("(chưa có)");
    expect(entry("a19").querySelector('[data-side="new"]')).toHaveTextContent("(đã bãi bỏ)");

    await fireEvent.click(screen.getByTestId("redline-mode-inline"));
    expect(entry("a12").querySelector('[data-side="old"]')).toBeNull();
  });

  it("“Chỉ hiện điều thay đổi” (on by default) hides unchanged articles that kept their number", async () => {
    await openRedline();
    const toggle = screen.getByTestId("redline-only-changed") as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    const keys = () => screen.getAllByTestId("redline-article").map((a) => a.dataset.key);
    expect(keys()).toEqual(["a12", "a19", "a14", "a15", "a16", "a17"]);
    await fireEvent.click(toggle);
    expect(keys()).toEqual(["a11", "a12", "a19", "a14", "a15", "a16", "a17"]);
    expect(entry("a11").dataset.status).toBe("unchanged");
  });

  it("renders article text literally, never as HTML", async () => {
    const evil = `<img src=x onerror=alert(1)>`;
    const view = sampleRedline();
    view.articles[1].ops = [
      { op: "equal", text: `Chế độ họp ${evil}\n1. Khoản ` },
      { op: "delete", text: evil },
      { op: "insert", text: `<b>${evil}</b>` },
    ];
    view.old_side.label = evil;
    const { container } = await openRedline(view);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b[data-change], del b, ins b")).toBeNull();
    expect(entry("a12").querySelector("del")?.textContent).toBe(evil);
    expect(entry("a12").querySelector("ins")?.textContent).toBe(`<b>${evil}</b>`);
    expect(within(entry("a12")).getByTestId("redline-heading")).toHaveTextContent(`Điều 2. Chế độ họp ${evil}`);
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    expect(container.querySelector("img")).toBeNull();
  });

  it("shows a notice when the diff was coarse", async () => {
    const view = sampleRedline();
    view.coarse = true;
    view.articles[1].coarse = true;
    await openRedline(view);
    expect(screen.getByTestId("redline-coarse")).toHaveTextContent("so sánh thô");
    expect(entry("a12")).toHaveTextContent("so sánh thô");
    expect(entry("a15")).not.toHaveTextContent("so sánh thô");
  });
});

describe("redline: next and previous change", () => {
  // The changes of the sample, in order: a12 “05→03”, a12 new clause 3, a19 (removed, one change),
  // a15 “các sở → các sở, ngành”, a16 “ và → ,”, a16 “ của Ban Thường vụ”, a16 “, chỉ đạo”, a17 (added).
  it("steps through the changes in order and stops at the ends", async () => {
    await openRedline();
    const pos = screen.getByTestId("redline-position");
    expect(pos).toHaveTextContent("8 thay đổi");
    expect(current()).toHaveLength(0);
    const next = screen.getByTestId("redline-next");
    const prev = screen.getByTestId("redline-prev");

    await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 1/8");
    expect(texts(current())).toEqual(["05", "03"]);
    expect(current().every((el) => entry("a12").contains(el))).toBe(true);

    await fireEvent.click(next);
    expect(texts(current())).toEqual(["3. Biên bản phiên họp do Chánh Văn phòng ghi."]);
    await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 3/8");
    expect(current()).toEqual([entry("a19")]); // a whole removed article is one change

    await fireEvent.click(next);
    expect(texts(current())).toEqual(["các sở", "các sở, ngành"]);
    await fireEvent.click(prev);
    expect(current()).toEqual([entry("a19")]);

    for (let i = 0; i < 10; i++) await fireEvent.click(next);
    expect(pos).toHaveTextContent("Thay đổi 8/8");
    expect(current()).toEqual([entry("a17")]);
    expect(next).toBeDisabled();

    for (let i = 0; i < 10; i++) if (!prev.hasAttribute("disabled")) await fireEvent.click(prev);
    expect(pos).toHaveTextContent("Thay đổi 1/8");
    expect(prev).toBeDisabled();
    expect(texts(current())).toEqual(["05", "03"]);
  });

  it("keyboard: n/j next, p/k previous, Alt+arrows; ignored while in a select", async () => {
    await openRedline();
    const pos = screen.getByTestId("redline-position");
    await fireEvent.keyDown(document.body, { key: "n" });
    await fireEvent.keyDown(document.body, { key: "j" });
    expect(pos).toHaveTextContent("Thay đổi 2/8");
    await fireEvent.keyDown(document.body, { key: "ArrowDown", altKey: true });
    expect(pos).toHaveTextContent("Thay đổi 3/8");
    await fireEvent.keyDown(document.body, { key: "k" });
    await fireEvent.keyDown(document.body, { key: "ArrowUp", altKey: true });
    expect(pos).toHaveTextContent("Thay đổi 1/8");
    await fireEvent.keyDown(document.body, { key: "n", ctrlKey: true });
    await fireEvent.keyDown(screen.getByTestId("redline-from"), { key: "n" });
    expect(pos).toHaveTextContent("Thay đổi 1/8");
  });

  it("from nothing selected, “previous” goes to the last change; a new redline starts over", async () => {
    const { backend } = await openRedline();
    const pos = screen.getByTestId("redline-position");
    await fireEvent.keyDown(document.body, { key: "p" });
    expect(pos).toHaveTextContent("Thay đổi 8/8");
    expect(current()).toEqual([entry("a17")]);
    await fireEvent.change(screen.getByTestId("redline-from"), { target: { value: "2" } });
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    await waitFor(() => expect(pos).toHaveTextContent("8 thay đổi"));
    expect(current()).toHaveLength(0);
  });

  it("shows a load error with a retry when the first redline fails", async () => {
    const backend = installBackend();
    await openFirstRegulation();
    backend.regulations.get(REG_ID)!.views.length = 1; // revision 2 disappears
    const item = within(screen.getByTestId("history")).getAllByTestId("revision-item")[1];
    await fireEvent.click(within(item).getByTestId("compare-revision"));
    expect(await screen.findByText("Không so sánh được.")).toBeInTheDocument();
    expect(screen.getAllByTestId("toast").some((t) => t.textContent?.includes("Không có phiên bản 2."))).toBe(true);
    expect(screen.getByRole("button", { name: "Thử lại" })).toBeInTheDocument();
  });

  it("keeps the current change when switching to side by side", async () => {
    await openRedline();
    await fireEvent.click(screen.getByTestId("redline-next"));
    await fireEvent.click(screen.getByTestId("redline-mode-side"));
    const cur = current();
    expect(texts(cur)).toEqual(["05", "03"]);
    expect(cur[0].closest('[data-side="old"]')).not.toBeNull();
    expect(cur[1].closest('[data-side="new"]')).not.toBeNull();
  });
});

describe("redline: compare with a file", () => {
  it("asks for a .txt file and compares the chosen revision with it (the file is the new side)", async () => {
    const path = "/home/vanphong/Tải xuống/quy-che-gui-lai.txt";
    const { backend } = await openRedline(null, { dialogPath: path });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    await waitFor(() => expect(commandCalls(backend, "redline_with_file")).toHaveLength(1));
    expect(commandCalls(backend, "plugin:dialog|open")).toHaveLength(1);
    const dialog = commandCalls(backend, "plugin:dialog|open")[0].args as { options: { filters: unknown } };
    expect(dialog.options.filters).toEqual([{ name: "Văn bản", extensions: ["txt"] }]);
    expect(commandCalls(backend, "redline_with_file")[0].args).toEqual({ regulationId: REG_ID, revision: 2, path });
    await waitFor(() => expect(screen.getByTestId("redline")).toHaveTextContent("quy-che-gui-lai.txt"));
    expect(screen.getByTestId("redline")).toHaveTextContent("ghép với nhau theo nội dung");
    // The mock's file changes “mỗi quý” to “mỗi tháng”.
    const meeting = entry("a18");
    expect(texts(meeting.querySelectorAll("del"))).toContain("quý");
    expect(texts(meeting.querySelectorAll("ins"))).toContain("tháng");
    expect(screen.queryByTestId("redline-from")).toBeNull();

    await fireEvent.click(screen.getByTestId("redline-clear-file"));
    await waitFor(() => expect(commandCalls(backend, "redline")).toHaveLength(2));
    expect(screen.getByTestId("redline-from")).toBeInTheDocument();
  });

  it("does nothing when the dialog is cancelled", async () => {
    const { backend } = await openRedline(undefined, { dialogPath: null });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    await waitFor(() => expect(commandCalls(backend, "plugin:dialog|open")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(commandCalls(backend, "redline_with_file")).toHaveLength(0);
    expect(entry("a12")).toBeInTheDocument();
  });

  it("shows errors as toasts and keeps the previous redline", async () => {
    const b2 = await openRedline(null, { dialogPath: "/tmp/quy-che.docx" });
    await fireEvent.click(screen.getByTestId("redline-compare-file"));
    const toast = await screen.findByText('Tệp "/tmp/quy-che.docx" không phải tệp .txt.');
    expect(toast.closest('[data-testid="toast"]')).toBeInTheDocument();
    expect(commandCalls(b2.backend, "redline_with_file")).toHaveLength(1);
    // The previous redline stays.
    expect(entry("a18")).toBeInTheDocument();
  });
});

describe("redline: computed by the mock from the stored revisions", () => {
  it("revision 1 → 2: “05 ngày” becomes “03 ngày”, moved, added, removed, renumbered", async () => {
    await openRedline(null);
    const meeting = entry("a18");
    expect(texts(meeting.querySelectorAll("del"))).toContain("05");
    expect(texts(meeting.querySelectorAll("ins"))).toContain("03");
    expect(meeting).toHaveTextContent("từ Chương I");
    expect(within(meeting).getByTestId("redline-heading")).toHaveTextContent("Điều 3 → Điều 4. Chế độ họp");
    expect(entry("a5").dataset.status).toBe("added");
    expect(entry("a30").dataset.status).toBe("removed");
    expect(entry("a2").dataset.status).toBe("unchanged");
    expect(within(entry("a2")).getByTestId("redline-heading")).toHaveTextContent("Điều 2 → Điều 1.");
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
      { key: "k", status: "modified", old_label: "Điều 1", new_label: "Điều 1", old_title: null, new_title: null, old_chapter: null, new_chapter: null, moved: false, renumbered: false, coarse: false, ops },
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
