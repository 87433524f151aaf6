import { dropMove, keyboardMove, parentOf, sideAt } from "./outline-moves";
import type { OutlineEntry } from "./units";

// Chương I: Điều 1, 2 · Chương II: Mục 1 (Điều 3), Mục 2 (Điều 4, 5)
const E = (id: number, kind: OutlineEntry["kind"], depth: number): OutlineEntry => ({ id, kind, depth, label: `${kind} ${id}` });
const entries: OutlineEntry[] = [
  E(100, "chapter", 0),
  E(1, "article", 1),
  E(2, "article", 1),
  E(200, "chapter", 0),
  E(210, "section", 1),
  E(3, "article", 2),
  E(220, "section", 1),
  E(4, "article", 2),
  E(5, "article", 2),
];

describe("Alt+↑ / Alt+↓", () => {
  it.each([
    [2, "up", { unit: 2, target: 1, side: "before" }],
    [3, "up", { unit: 3, target: 2, side: "before" }],
    [4, "down", { unit: 4, target: 5, side: "after" }],
    [2, "down", { unit: 2, target: 3, side: "after" }],
    [200, "up", { unit: 200, target: 100, side: "before" }],
    [220, "up", { unit: 220, target: 210, side: "before" }],
    [1, "up", null],
    [5, "down", null],
    [200, "down", null],
    [999, "up", null],
  ] as const)("moves %i %s → %j", (id, dir, move) => {
    expect(keyboardMove(entries, id, dir)).toEqual(move);
  });
});

describe("drag and drop", () => {
  it("drops before the top half and after the bottom half", () => {
    expect(sideAt(3, 20)).toBe("before");
    expect(sideAt(9.9, 20)).toBe("before");
    expect(sideAt(10, 20)).toBe("after");
    expect(sideAt(19, 20)).toBe("after");
  });

  it.each([
    // [dragged, over, side, move or null]
    [5, 1, "before", { unit: 5, target: 1, side: "before" }],
    [1, 4, "after", { unit: 1, target: 4, side: "after" }],
    [2, 1, "before", { unit: 2, target: 1, side: "before" }],
    // Where it already is.
    [2, 2, "after", null],
    [1, 2, "before", null],
    [2, 1, "after", null],
    [4, 5, "before", null],
    // Next to a neighbour under another heading: a move into that heading.
    [3, 2, "after", { unit: 3, target: 2, side: "after" }],
    [2, 3, "before", { unit: 2, target: 3, side: "before" }],
    // Across kinds: an article on a chapter, a section on an article.
    [1, 200, "after", null],
    [210, 4, "before", null],
    [200, 100, "before", { unit: 200, target: 100, side: "before" }],
    [100, 200, "before", null],
  ] as const)("drags %i onto %i (%s) → %j", (dragged, over, side, move) => {
    expect(dropMove(entries, dragged, over, side)).toEqual(move);
  });

  it("knows the heading each entry stands under", () => {
    expect([1, 3, 5, 210, 100].map((id) => parentOf(entries, id))).toEqual([100, 210, 220, 200, null]);
  });
});
