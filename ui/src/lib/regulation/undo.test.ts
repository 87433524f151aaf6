import { UndoStack, resetUndoStacks, undoStackFor } from "./undo.svelte";

describe("the session's undo stack", () => {
  it("undoes the last change first, redoes what was undone, and names each call's base", () => {
    const s = new UndoStack();
    expect(s.canUndo || s.canRedo).toBe(false);
    expect(s.nextUndo()).toBeNull();
    s.record("Chuyển Điều 7 thành Điều 3", 1, 2);
    s.record("Thêm Điều 2", 2, 3);
    expect(s.nextUndo()).toEqual({ direction: "undo", base: 3, to: 2, label: "Thêm Điều 2" });
    s.undone(4);
    // Each call is based on the last revision the session wrote (4), never on an older one.
    expect(s.nextUndo()).toEqual({ direction: "undo", base: 4, to: 1, label: "Chuyển Điều 7 thành Điều 3" });
    expect(s.nextRedo()).toEqual({ direction: "redo", base: 4, to: 3, label: "Thêm Điều 2" });
    s.undone(5);
    // The last undone comes back first: the move (its own revision 2), then the insert.
    expect(s.nextRedo()).toEqual({ direction: "redo", base: 5, to: 2, label: "Chuyển Điều 7 thành Điều 3" });
    s.redone(6);
    expect(s.nextRedo()).toEqual({ direction: "redo", base: 6, to: 3, label: "Thêm Điều 2" });
    s.redone(7);
    expect(s.canRedo).toBe(false);
    // Undone again, the insert restores the revision it was made on, whatever its redo's number.
    expect(s.nextUndo()).toEqual({ direction: "undo", base: 7, to: 2, label: "Thêm Điều 2" });
  });

  it("forgets what was undone once a new change is made", () => {
    const s = new UndoStack();
    s.record("Xoá Điều 4", 1, 2);
    s.undone(3);
    expect(s.canRedo).toBe(true);
    s.record("Thêm Điều 5", 3, 4);
    expect(s.canRedo).toBe(false);
    expect(s.undos.map((c) => c.label)).toEqual(["Thêm Điều 5"]);
    expect(s.nextUndo()?.base).toBe(4);
    s.clear();
    expect(s.canUndo).toBe(false);
  });

  it("keeps one session per regulation", () => {
    resetUndoStacks();
    undoStackFor("a").record("Thêm Điều 2", 1, 2);
    expect(undoStackFor("a").canUndo).toBe(true);
    expect(undoStackFor("b").canUndo).toBe(false);
    resetUndoStacks();
    expect(undoStackFor("a").canUndo).toBe(false);
  });
});
