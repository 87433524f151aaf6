/**
 * The structured editor: the schema ⇄ DTO conversion on every article the back end sent in
 * the recorded tape (the 2023 cooperative law), numbering after Enter / Tab / Shift+Tab,
 * the picker, the broken highlight, input read back from the page (IME), and the save.
 *
 * jsdom has no layout and no input method: the IME test changes the page's text as an
 * input method does (a Backspace then a retyped “ệ”, Unikey's way) and fires the input
 * event; ProseMirror's MutationObserver reads it back. It cannot show what IBus, Fcitx or
 * Unikey really send (composition events, timing); the real window is the judge of that.
 */
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { EditorState, TextSelection } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import editorTape from "../ipc/recorded/editor.json?raw";
import pasteTape from "../ipc/recorded/paste.json?raw";
import { recorded, type Tape } from "../ipc/replay";
import type { EditableArticle, EditedArticle, PastedText, ReferenceTarget, Run } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";
import { createState, demote, enter, promote } from "./commands";
import { fromDoc, toDoc } from "./convert";
import { filterTargets } from "./picker";
import StructuredEditor from "./StructuredEditor.svelte";

const TAPE = JSON.parse(editorTape) as Tape;
/** Texts pasted from Word, as the back end read them (`pasted_text`, the `paste` tape). */
const WORD = JSON.parse(pasteTape) as Tape;

async function readPasted(text: string): Promise<PastedText> {
  const call = recorded(WORD, "pasted_text", { text })[0];
  if (!call) throw new Error(`no recorded pasted_text for ${JSON.stringify(text)}`);
  if (call.response.status === "error") throw call.response.error;
  return call.response.data as PastedText;
}

// jsdom lays nothing out; ProseMirror asks where the cursor is to scroll it into view.
const noRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
const zero = () => new DOMRect(0, 0, 0, 0);
beforeAll(() => {
  Range.prototype.getClientRects ??= noRects;
  Range.prototype.getBoundingClientRect ??= zero;
  (Text.prototype as unknown as { getClientRects: () => DOMRectList }).getClientRects ??= noRects;
});

afterEach(resetAll);

/** Every article the tape holds, as the back end sent it. */
function articles(): EditableArticle[] {
  return recorded(TAPE, "article_for_editing")
    .filter((c) => c.response.status === "ok")
    .map((c) => (c.response as { data: EditableArticle }).data);
}

function article(label: string, broken = false): EditableArticle {
  const all = articles().filter((a) => a.label === label);
  const hasBroken = (a: EditableArticle) => JSON.stringify(a).includes('"broken":true');
  const found = all.find((a) => hasBroken(a) === broken);
  if (!found) throw new Error(`no ${label} in the tape`);
  return found;
}

function targets(): ReferenceTarget[] {
  return (recorded(TAPE, "reference_targets")[0].response as { data: ReferenceTarget[] }).data;
}

function asEdited(a: EditableArticle): EditedArticle {
  return {
    id: a.id,
    title: a.title,
    paragraphs: a.paragraphs,
    clauses: a.clauses.map((c) => ({ id: c.id, paragraphs: c.paragraphs, points: c.points.map((p) => ({ id: p.id, paragraphs: p.paragraphs })) })),
  };
}

describe("schema ⇄ DTO", () => {
  it("every recorded article comes back as the editor got it", () => {
    const all = articles();
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const a of all) expect(fromDoc(toDoc(a), a.id)).toEqual(asEdited(a));
  });

  it("references are atoms with their targets and label", () => {
    const a = article("Điều 18");
    const doc = toDoc(a);
    const refs: { label: string; targets: number[] }[] = [];
    doc.descendants((n) => {
      if (n.type.name === "reference") refs.push({ label: n.attrs.label, targets: n.attrs.targets });
    });
    expect(refs.map((r) => r.label)).toContain("khoản 2 Điều 7 của Luật này");
    expect(refs.every((r) => r.targets.length === 1)).toBe(true);
  });
});

/** A view on an article, in the page, with the picker's requests collected. */
function mount(a: EditableArticle) {
  const host = document.createElement("div");
  document.body.append(host);
  const asked: unknown[] = [];
  const view = new EditorView(host, { state: createState(toDoc(a), a.point_letters, (r) => asked.push(r)) });
  const markers = () => [...host.querySelectorAll("[data-marker]")].map((e) => e.getAttribute("data-marker"));
  return { view, host, asked, markers };
}

/** The position at the end of the text of clause `c` (0-based), its first paragraph. */
function endOfClause(state: EditorState, c: number): number {
  let seen = -1;
  let at = -1;
  state.doc.forEach((n, offset) => {
    if (n.type.name !== "clause") return;
    seen += 1;
    if (seen === c) at = offset + 1 + n.firstChild!.nodeSize - 1;
  });
  return at;
}

function run(view: EditorView, cmd: typeof enter) {
  expect(cmd(view.state, view.dispatch)).toBe(true);
}

describe("numbering", () => {
  it("follows Enter, Tab and Shift+Tab; the letters are the back end's", () => {
    const { view, markers } = mount(article("Điều 5"));
    expect(markers()).toEqual(["1.", "2.", "3."]);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, endOfClause(view.state, 0))));
    run(view, enter);
    expect(markers()).toEqual(["1.", "2.", "3.", "4."]);
    view.dispatch(view.state.tr.insertText("Khoản chen"));
    run(view, demote);
    expect(markers()).toEqual(["1.", "a)", "2.", "3."]);
    run(view, enter);
    view.dispatch(view.state.tr.insertText("Điểm thứ hai"));
    expect(markers()).toEqual(["1.", "a)", "b)", "2.", "3."]);
    run(view, promote);
    expect(markers()).toEqual(["1.", "a)", "2.", "3.", "4."]);
    const e = fromDoc(view.state.doc, 0);
    expect(e.clauses[0].points).toEqual([{ id: null, paragraphs: [[{ kind: "text", text: "Khoản chen" }]] }]);
    expect(e.clauses[1]).toEqual({ id: null, paragraphs: [[{ kind: "text", text: "Điểm thứ hai" }]], points: [] });
    // Điều 7 has six points: a b c d đ e, from the sequence Rust sent.
    const seven = mount(article("Điều 18"));
    expect(seven.markers().filter((m) => m?.endsWith(")"))).toEqual(
      article("Điều 18").clauses.flatMap((c) => c.points.map((_p, i) => `${article("Điều 18").point_letters[i]})`)),
    );
  });

  it("Backspace at the start of a clause joins it to the text before", () => {
    const { view, markers } = mount(article("Điều 5"));
    const start = endOfClause(view.state, 1) - view.state.doc.child(2).firstChild!.content.size;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, start)));
    const backspace = new KeyboardEvent("keydown", { key: "Backspace", bubbles: true });
    view.dom.dispatchEvent(backspace);
    expect(markers()).toEqual(["1.", "2."]);
    const e = fromDoc(view.state.doc, 0);
    expect(e.clauses[0].paragraphs[0][0]).toMatchObject({ kind: "text" });
    expect((e.clauses[0].paragraphs[0][0] as { text: string }).text).toMatch(/tài sản\.Bảo đảm môi trường/);
  });

  it("undo and redo within the session", () => {
    const { view, markers } = mount(article("Điều 5"));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, endOfClause(view.state, 2))));
    run(view, enter);
    expect(markers()).toHaveLength(4);
    view.dom.dispatchEvent(new KeyboardEvent("keydown", { key: "z", ctrlKey: true, bubbles: true }));
    expect(markers()).toHaveLength(3);
    view.dom.dispatchEvent(new KeyboardEvent("keydown", { key: "y", ctrlKey: true, bubbles: true }));
    expect(markers()).toHaveLength(4);
  });
});

describe("picker", () => {
  it("lists the exact label first", () => {
    const t = targets();
    expect(filterTargets(t, "Điều 3")[0].label).toBe("Điều 3");
    const labels = filterTargets(t, "Điều 3").map((x) => x.label);
    expect(labels.indexOf("khoản 1 Điều 3")).toBeLessThan(labels.indexOf("Điều 30"));
    expect(filterTargets(t, "khoản 2 Điều 7")[0].label).toBe("khoản 2 Điều 7");
    expect(filterTargets(t, "").every((x, i, all) => i === 0 || x.kind === "article" || all[i - 1].kind !== "article")).toBe(true);
  });

  it("opens when “Điều ” and a digit are typed", () => {
    const { view, asked } = mount(article("Điều 5"));
    const end = endOfClause(view.state, 0);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)));
    view.dispatch(view.state.tr.insertText(" theo Điều "));
    expect(asked).toHaveLength(0);
    view.dispatch(view.state.tr.insertText("3"));
    expect(asked).toEqual([{ from: end + " theo ".length, to: end + " theo Điều 3".length, query: "Điều 3" }]);
  });
});

describe("the component", () => {
  function show(a: EditableArticle) {
    const onchange = vi.fn();
    const r = render(StructuredEditor, {
      props: {
        article: a,
        label: a.label,
        loadTargets: async () => targets(),
        findLinks: async () => (recorded(TAPE, "links_in")[0].response as { data: Run[] }).data,
        readPasted,
        onchange,
        onsave: vi.fn(),
        oncancel: vi.fn(),
      },
    });
    return { ...r, onchange, body: screen.getByTestId("article-editor-body") };
  }

  it("highlights a broken reference", () => {
    const { body } = show(article("Điều 18", true));
    const refs = within(body).getAllByTestId("reference");
    const broken = refs.filter((r) => r.dataset.broken === "true");
    expect(broken).toHaveLength(1);
    expect(broken[0]).toHaveTextContent("[tham chiếu không còn]");
    expect(broken[0]).toHaveClass("broken");
    expect(refs.filter((r) => r.dataset.broken === "false").length).toBeGreaterThan(0);
  });

  it("reads text changed on the page, as an input method changes it (Unikey: Backspace, then “ê”, “ệ”)", async () => {
    const { body, onchange } = show(article("Điều 5"));
    // ProseMirror may draw a text node again after reading it: take the one on the page each time.
    const text = () => body.querySelector(".pm-title")!.firstChild as Text;
    const settle = () => new Promise((r) => setTimeout(r, 20));
    expect(text().data.startsWith("Bảo đảm của Nhà nước")).toBe(true);
    // Telex “Vieejt” through Unikey: “Vie”, then for “e” a Backspace and “ê”, for “j” a
    // Backspace and “ệ”, then “t”. Each step changes the page's text, never a key event.
    const backspace = (d: string) => d.slice(0, -1);
    const type = (s: string) => (d: string) => `${d}${s}`;
    for (const change of [type(" Vie"), backspace, type("ê"), backspace, type("ệ"), type("t")]) {
      text().data = change(text().data);
      await fireEvent.input(body);
      await settle();
    }
    await waitFor(() => {
      const state = onchange.mock.calls.at(-1)![0] as EditorState;
      expect(state.doc.firstChild!.textContent).toMatch(/ Việt$/);
    });
  });

  it("Ctrl+K opens the picker; Enter inserts the reference", async () => {
    const { body } = show(article("Điều 5"));
    await fireEvent.keyDown(body, { key: "k", ctrlKey: true });
    const picker = await screen.findByTestId("reference-picker");
    const search = within(picker).getByTestId("reference-picker-search");
    await fireEvent.input(search, { target: { value: "Điều 3" } });
    const first = within(picker).getAllByTestId("reference-option")[0];
    expect(first.dataset.label).toBe("Điều 3");
    await fireEvent.keyDown(search, { key: "Enter" });
    expect(screen.queryByTestId("reference-picker")).toBeNull();
    expect(within(body).getAllByTestId("reference").map((r) => r.dataset.label)).toContain("Điều 3");
  });

  it("offers the links of a pasted text, with confirmation", async () => {
    const { body } = show(article("Điều 5"));
    const text = recorded(TAPE, "links_in")[0].args.text as string;
    const paste = new Event("paste", { bubbles: true, cancelable: true });
    Object.assign(paste, { clipboardData: { getData: (t: string) => (t === "text/plain" ? text : ""), types: ["text/plain"] } });
    body.dispatchEvent(paste);
    const offer = await screen.findByTestId("paste-links");
    expect(offer).toHaveTextContent("Tìm thấy 1 tham chiếu — chuyển thành liên kết?");
    await fireEvent.click(within(offer).getByTestId("paste-links-accept"));
    expect(within(body).getAllByTestId("reference").map((r) => r.dataset.label)).toEqual(["khoản 2 Điều 7 của Luật này"]);
    expect(body).toHaveTextContent("và Điều 5 Luật Doanh nghiệp.");
  });
});

describe("paste from Word", () => {
  /** The recorded pasted texts, in the tape's order: a list, points alone, a list with a tiết. */
  const texts = recorded(WORD, "pasted_text").map((c) => c.args.text as string);

  function show(a: EditableArticle) {
    const onchange = vi.fn();
    const r = render(StructuredEditor, {
      props: { article: a, label: a.label, loadTargets: async () => targets(), findLinks: async () => [], readPasted, onchange, onsave: vi.fn(), oncancel: vi.fn() },
    });
    const view = (r.component as unknown as { getView: () => EditorView }).getView();
    const body = screen.getByTestId("article-editor-body");
    const markers = () => [...body.querySelectorAll("[data-marker]")].map((e) => e.getAttribute("data-marker"));
    return { view, body, markers };
  }

  function paste(body: HTMLElement, text: string) {
    const e = new Event("paste", { bubbles: true, cancelable: true });
    Object.assign(e, { clipboardData: { getData: (t: string) => (t === "text/plain" ? text : ""), types: ["text/plain"] } });
    body.dispatchEvent(e);
    return e;
  }

  it("reads a numbered list (“1.<tab>”, “a)<tab>”) as clauses and points after the cursor's clause", async () => {
    const a = article("Điều 5");
    const { view, body, markers } = show(a);
    expect(markers()).toEqual(["1.", "2.", "3."]);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, endOfClause(view.state, 0))));
    expect(texts[0]).toContain("1.\tCác thành viên");
    expect(paste(body, texts[0]).defaultPrevented).toBe(true);
    await waitFor(() => expect(markers()).toEqual(["1.", "2.", "3.", "a)", "b)", "4.", "5."]));
    const e = fromDoc(view.state.doc, a.id);
    const text = (runs: Run[][]) => runs.map((p) => p.map((r) => (r.kind === "text" ? r.text : r.written)).join(""));
    expect(e.clauses.map((c) => text(c.paragraphs)[0])).toEqual([
      text(a.clauses[0].paragraphs)[0],
      "Các thành viên dự họp đầy đủ.",
      "Văn phòng có trách nhiệm:",
      text(a.clauses[1].paragraphs)[0],
      text(a.clauses[2].paragraphs)[0],
    ]);
    expect(e.clauses[2].points.map((p) => [p.id, text(p.paragraphs)[0]])).toEqual([
      [null, "Kiểm tra tài liệu;"],
      [null, "Gửi giấy mời."],
    ]);
    // The units already there keep their ids; the pasted ones are new.
    expect(e.clauses.map((c) => c.id)).toEqual([a.clauses[0].id, null, null, a.clauses[1].id, a.clauses[2].id]);
    expect(body).not.toHaveTextContent("1.\t");
  });

  it("puts points pasted alone into the cursor's clause", async () => {
    const { view, body, markers } = show(article("Điều 5"));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, endOfClause(view.state, 1))));
    paste(body, texts[1]);
    await waitFor(() => expect(markers()).toEqual(["1.", "2.", "a)", "b)", "3."]));
  });

  it("pastes a whole article over the selected title: its title there, its clauses first", async () => {
    const a = article("Điều 5");
    const { view, body, markers } = show(a);
    const size = view.state.doc.firstChild!.content.size;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, 1 + size)));
    expect(texts[3]).toMatch(/^Điều 5\.\tPhối hợp công tác\n/);
    paste(body, texts[3]);
    await waitFor(() => expect(markers()).toEqual(["1.", "2.", "3.", "4.", "5."]));
    const e = fromDoc(view.state.doc, a.id);
    expect(e.title).toBe("Phối hợp công tác");
    expect(e.clauses.slice(0, 2).map((c) => [c.id, c.paragraphs[0]])).toEqual([
      [null, [{ kind: "text", text: "Văn phòng chủ trì." }]],
      [null, [{ kind: "text", text: "Các ban phối hợp." }]],
    ]);
    expect(e.clauses.slice(2).map((c) => c.id)).toEqual(a.clauses.map((c) => c.id));
  });

  it("shows the back end's refusal of a tiết and pastes nothing", async () => {
    const { view, body, markers } = show(article("Điều 5"));
    const before = view.state.doc;
    paste(body, texts[2]);
    const refused = await screen.findByTestId("paste-refused");
    expect(refused).toHaveTextContent("Đoạn dán có tiết “- dự họp đầy đủ.”");
    expect(view.state.doc.eq(before)).toBe(true);
    expect(markers()).toEqual(["1.", "2.", "3."]);
  });
});

describe("in the window", () => {
  const settle = () => new Promise((r) => setTimeout(r, 20));

  async function openEditor(from: string, label: string) {
    const backend = installBackend(TAPE, { from });
    await openFirstRegulation();
    const art = [...document.querySelectorAll<HTMLElement>('[data-testid="article"]')].find((a) =>
      a.getAttribute("aria-label")?.startsWith(`${label}.`),
    )!;
    await fireEvent.click(within(art).getByTestId("edit-article"));
    const body = await screen.findByTestId("article-editor-body");
    await waitFor(() => expect(body.querySelectorAll(".pm-clause").length).toBeGreaterThan(0));
    return { backend, body };
  }

  /** Puts the page's cursor at the end of a clause's first paragraph, as a click there does. */
  function cursorAtEndOfClause(body: HTMLElement, c: number): Text {
    const text = body.querySelectorAll(".pm-clause")[c].querySelector("p")!.lastChild as Text;
    window.getSelection()!.collapse(text, text.length);
    document.dispatchEvent(new Event("selectionchange"));
    return text;
  }

  it("types, picks Điều 3 with Ctrl+K, types on and saves the runs the back end recorded", async () => {
    const { backend, body } = await openEditor("save", "Điều 5");
    expect(within(body).getAllByTestId("editor-clause").map((c) => c.dataset.marker)).toEqual(["1.", "2.", "3."]);
    const text = cursorAtEndOfClause(body, 0);
    text.data = `${text.data} Xem .`;
    await fireEvent.input(body);
    await settle();
    // Back before the full stop, then Ctrl+K.
    const now = body.querySelectorAll(".pm-clause")[0].querySelector("p")!.lastChild as Text;
    window.getSelection()!.collapse(now, now.length - 1);
    document.dispatchEvent(new Event("selectionchange"));
    await settle();
    await fireEvent.keyDown(body, { key: "k", ctrlKey: true });
    const search = await screen.findByTestId("reference-picker-search");
    await fireEvent.input(search, { target: { value: "Điều 3" } });
    await fireEvent.click(screen.getAllByTestId("reference-option").find((o) => o.dataset.label === "Điều 3")!);
    expect(screen.getByTestId("article-editor")).toHaveTextContent("Có thay đổi chưa lưu");
    await fireEvent.click(screen.getByTestId("article-save"));

    expect(await screen.findByText("Đã lưu phiên bản 2")).toBeInTheDocument();
    const save = recorded(TAPE, "save_article_runs").find((c) => c.response.status === "ok")!;
    expect(commandCalls(backend, "save_article_runs").map((c) => c.args)).toEqual([save.args]);
    await waitFor(() => expect(screen.queryByTestId("article-editor")).toBeNull());
  });

  it("shows the back end's refusal and keeps the editor open", async () => {
    const { body } = await openEditor("save", "Điều 5");
    const sel = window.getSelection()!;
    sel.selectAllChildren(body);
    document.dispatchEvent(new Event("selectionchange"));
    await settle();
    await fireEvent.keyDown(body, { key: "Backspace" });
    await fireEvent.click(screen.getByTestId("article-save"));
    const refusal = recorded(TAPE, "save_article_runs").find((c) => c.response.status === "error")!;
    const message = (refusal.response as { error: { message: string } }).error.message;
    expect(message).toBe("Điều 5: điều không có tiêu đề và không có nội dung");
    expect(await screen.findByTestId("editor-error")).toHaveTextContent(message);
    expect(screen.getByTestId("article-editor")).toBeInTheDocument();
  });
});
