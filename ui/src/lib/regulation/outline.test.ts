import { createEvent, fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import type { Tape } from "../ipc/replay";
import type { RegulationSummary, RegulationView } from "../ipc/types";
import { recordedData } from "../ipc/replay";
import { articleOf, commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";
import { resetUndoStacks } from "./undo.svelte";

// The drafting tape (crates/api/tests/recorded_ipc.rs, `drafting`).
const RAW = import.meta.glob<string>("../ipc/recorded/drafting.json", { query: "?raw", import: "default", eager: true });
const DRAFTING = JSON.parse(Object.values(RAW)[0] ?? '{"about":"","tape":[]}') as Tape;

afterEach(() => {
  resetUndoStacks();
  resetAll();
});

const id = () => recordedData<RegulationSummary[]>(DRAFTING, "list_regulations")[0].id;
/** The demo as the drafting tape first opened it (revision 2). */
const first = () => recordedData<RegulationView>(DRAFTING, "open_regulation", { regulationId: id(), revision: null });
const idOf = (marker: string) => articleOf(first(), marker).id;

function entry(label: string): HTMLElement {
  const el = screen.getByTestId("outline").querySelector<HTMLElement>(`[data-testid="outline-article"][data-label="${label}"]`);
  if (!el) throw new Error(`no outline entry ${label}`);
  return el;
}

/** A drag event at `clientY` (jsdom has no DragEvent: the position is set on a plain one). */
async function drag(type: "dragStart" | "dragOver" | "drop", el: HTMLElement, clientY = 0) {
  const data = { setData: () => {}, effectAllowed: "", dropEffect: "" };
  const e = createEvent[type](el, { dataTransfer: data });
  Object.defineProperty(e, "clientY", { value: clientY });
  await fireEvent(el, e);
}

/** A pointer event at (x, y), left button (jsdom has no PointerEvent: set on a plain one). */
async function pointer(type: "pointerDown" | "pointerMove" | "pointerUp", el: Element | Window, x: number, y: number) {
  const e = createEvent[type](el);
  for (const [k, v] of Object.entries({ button: 0, clientX: x, clientY: y })) Object.defineProperty(e, k, { value: v });
  await fireEvent(el, e);
}

const toasts = () => screen.queryAllByTestId("toast").map((t) => t.textContent ?? "");

async function open(mark: string) {
  const replay = installBackend(DRAFTING, { from: mark });
  await openFirstRegulation();
  return replay;
}

describe("the outline as a drafting tool", () => {
  it("moves an article with Alt+↑, says what was relabelled, undoes and redoes", async () => {
    const replay = await open("move");
    const undo = screen.getByTestId("structure-undo");
    expect(undo).toBeDisabled();
    const twelve = entry("Điều 12");
    expect(twelve.dataset.unitId).toBe(String(idOf("Điều 12")));
    twelve.focus();
    await fireEvent.keyDown(twelve, { key: "ArrowUp", altKey: true });
    await waitFor(() => expect(commandCalls(replay, "edit_structure")).toHaveLength(1));
    expect(commandCalls(replay, "edit_structure")[0].args).toMatchObject({
      baseRevision: 2,
      edit: { op: "move", unit: idOf("Điều 12"), place: { kind: "before", unit: idOf("Điều 11") } },
    });
    // The moved article is Điều 11 now, and the one reference to it follows.
    await waitFor(() => expect(entry("Điều 11").dataset.unitId).toBe(String(idOf("Điều 12"))));
    expect(toasts().some((t) => t.includes("1 tham chiếu được đánh số lại"))).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(entry("Điều 11")));

    await waitFor(() => expect(undo).toBeEnabled());
    expect(undo.title).toContain("Chuyển Điều 12 thành Điều 11");
    await fireEvent.click(undo);
    await waitFor(() => expect(commandCalls(replay, "restore_revision")).toHaveLength(1));
    expect(commandCalls(replay, "restore_revision")[0].args).toMatchObject({ baseRevision: 3, toRevision: 2, direction: "undo" });
    await waitFor(() => expect(entry("Điều 12").dataset.unitId).toBe(String(idOf("Điều 12"))));
    expect(toasts().some((t) => t.includes("Hoàn tác: Chuyển Điều 12 thành Điều 11"))).toBe(true);

    // Ctrl+Shift+Z outside any editor redoes.
    const redo = screen.getByTestId("structure-redo");
    await waitFor(() => expect(redo).toBeEnabled());
    (document.activeElement as HTMLElement | null)?.blur();
    await fireEvent.keyDown(document.body, { key: "Z", ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(commandCalls(replay, "restore_revision")).toHaveLength(2));
    expect(commandCalls(replay, "restore_revision")[1].args).toMatchObject({ baseRevision: 4, toRevision: 3, direction: "redo" });
    await waitFor(() => expect(redo).toBeDisabled());
  });

  it("drops a dragged article before another, with a marker while dragging", async () => {
    const replay = await open("move");
    const twelve = entry("Điều 12");
    const eleven = entry("Điều 11");
    await drag("dragStart", twelve);
    // The top half of Điều 11 (jsdom's boxes are empty: above the top is the top half).
    await drag("dragOver", eleven, -1);
    const marker = screen.getByTestId("outline-drop-marker");
    expect(marker.dataset.side).toBe("before");
    expect(eleven.closest("li")).toContainElement(marker);
    // Just after Điều 11 is where Điều 12 already is: no marker, nothing to drop.
    await drag("dragOver", eleven, 1);
    expect(screen.queryByTestId("outline-drop-marker")).toBeNull();
    await drag("dragOver", eleven, -1);
    await drag("drop", eleven, -1);
    await waitFor(() => expect(commandCalls(replay, "edit_structure")).toHaveLength(1));
    expect(commandCalls(replay, "edit_structure")[0].args).toMatchObject({
      edit: { op: "move", unit: idOf("Điều 12"), place: { kind: "before", unit: idOf("Điều 11") } },
    });
    expect(screen.queryByTestId("outline-drop-marker")).toBeNull();
  });

  it("drags with the pointer where a native drag starts and then hears nothing (WebKitGTK under WebDriver)", async () => {
    const replay = await open("move");
    const twelve = entry("Điều 12");
    const eleven = entry("Điều 11");
    const at = vi.fn(() => eleven);
    Object.defineProperty(document, "elementFromPoint", { value: at, configurable: true });
    try {
      await pointer("pointerDown", twelve, 10, 10);
      await drag("dragStart", twelve); // the native drag starts, and no dragover follows
      await pointer("pointerMove", window, 10, 2);
      await pointer("pointerMove", window, 10, -1);
      expect(screen.getByTestId("outline-drop-marker").dataset.side).toBe("before");
      await pointer("pointerUp", window, 10, -1);
      await waitFor(() => expect(commandCalls(replay, "edit_structure")).toHaveLength(1));
      expect(commandCalls(replay, "edit_structure")[0].args).toMatchObject({
        edit: { op: "move", unit: idOf("Điều 12"), place: { kind: "before", unit: idOf("Điều 11") } },
      });
    } finally {
      Reflect.deleteProperty(document, "elementFromPoint");
    }
  });

  it("inserts an article after the selected one, titled in a small prompt, and opens its editor", async () => {
    const replay = await open("insert");
    await fireEvent.click(entry("Điều 1"));
    await fireEvent.click(screen.getByTestId("outline-insert-article"));
    const title = screen.getByTestId("insert-article-title") as HTMLInputElement;
    expect(document.activeElement).toBe(title);
    await fireEvent.input(title, { target: { value: "Giải thích từ ngữ" } });
    await fireEvent.click(screen.getByTestId("insert-article-confirm"));
    await waitFor(() => expect(commandCalls(replay, "edit_structure")).toHaveLength(1));
    expect(commandCalls(replay, "edit_structure")[0].args).toMatchObject({
      baseRevision: 5,
      edit: { op: "insert", kind: "article", place: { kind: "after", unit: idOf("Điều 1") }, text: "Giải thích từ ngữ" },
    });
    await waitFor(() => expect(entry("Điều 2")).toHaveTextContent("Điều 2. Giải thích từ ngữ"));
    expect(await screen.findByTestId("article-editor")).toBeInTheDocument();
    expect(toasts().some((t) => t.includes("Thêm Điều 2"))).toBe(true);
  });

  it("deletes a referenced article only when asked again, showing the back end's refusal", async () => {
    const replay = await open("delete");
    await fireEvent.click(entry("Điều 12"));
    await fireEvent.click(screen.getByTestId("outline-delete-article"));
    const dialog = screen.getByTestId("delete-article-dialog");
    expect(dialog).toHaveTextContent("Điều 12");
    await fireEvent.click(within(dialog).getByTestId("delete-article-confirm"));
    const refusal = await screen.findByTestId("delete-article-refusal");
    expect(refusal.textContent).toMatch(/được tham chiếu tại/);
    expect(refusal.textContent).toContain("khoản 3 Điều 11");
    await fireEvent.click(screen.getByTestId("delete-article-force"));
    await waitFor(() => expect(screen.queryByTestId("delete-article-dialog")).toBeNull());
    const calls = commandCalls(replay, "edit_structure").map((c) => (c.args?.edit as { force: boolean }).force);
    expect(calls).toEqual([false, true]);
    expect(toasts().some((t) => t.includes("tham chiếu không còn"))).toBe(true);
  });

  it("Alt+→ asks the back end to demote, and shows its refusal; Tab is left to leave the outline", async () => {
    const replay = await open("demote");
    const one = entry("Điều 1");
    one.focus();
    expect(await fireEvent.keyDown(one, { key: "Tab" })).toBe(true); // not prevented: the focus moves on
    expect(commandCalls(replay, "edit_structure")).toHaveLength(0);
    await fireEvent.keyDown(one, { key: "ArrowRight", altKey: true });
    await waitFor(() => expect(commandCalls(replay, "edit_structure")).toHaveLength(1));
    expect(commandCalls(replay, "edit_structure")[0].args).toMatchObject({ edit: { op: "demote", unit: idOf("Điều 1") } });
    await waitFor(() => expect(toasts().some((t) => t.includes("không phải là khoản"))).toBe(true));
  });
});
