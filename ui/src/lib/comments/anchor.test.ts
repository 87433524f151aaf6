import { screen, waitFor } from "@testing-library/svelte";
import { numberUnits, sampleUnits } from "../ipc/fixtures";
import { mockUnitText } from "../ipc/mock-review";
import type { UnitView } from "../ipc/types";
import { installBackend, openFirstRegulation, resetAll } from "../test-utils";
import { articleLines, markRanges, provisionLabel, quoteBetween, quoteFromRange, unitText } from "./anchor";

afterEach(resetAll);

function all(units: UnitView[], out: UnitView[] = []): UnitView[] {
  for (const u of units) {
    out.push(u);
    all(u.children, out);
  }
  return out;
}

const units = numberUnits(sampleUnits());
const articles = all(units).filter((u) => u.kind === "article");
const duties = articles.find((a) => a.id === 10)!;

describe("unit texts", () => {
  it("match the back end's for every article, clause, point and sub-point", () => {
    for (const a of articles) {
      const lines = articleLines(a);
      for (const u of all([a])) expect(unitText(lines, u.id).text).toBe(mockUnitText(u));
    }
  });

  it("a clause's text has its children with markers, but not its own marker", () => {
    const t = unitText(articleLines(duties), 12).text;
    expect(t).toBe(
      "Quyết định các vấn đề sau đây:\na) Chương trình công tác hằng năm của Liên minh;\nb) Công tác tổ chức, cán bộ theo phân cấp quản lý, gồm:\n- bổ nhiệm, miễn nhiệm cấp trưởng, cấp phó các ban, đơn vị;\n- điều động, luân chuyển cán bộ;\nc) Dự toán ngân sách và quyết toán tài chính hằng năm.\n",
    );
    expect(unitText(articleLines(duties), 10).text.startsWith("Nhiệm vụ, quyền hạn của Ban Thường vụ\n1. Lãnh đạo")).toBe(true);
  });

  it("takes the quote from the smallest unit holding both ends, with the position in characters", () => {
    const lines = articleLines(duties);
    const clause = lines.findIndex((l) => l.unitId === 12 && l.first);
    const pointA = lines.findIndex((l) => l.unitId === 13);
    expect(quoteBetween(lines, { line: clause, offset: 11 }, { line: pointA, offset: 12 })).toEqual({
      unitId: 12,
      quote: "các vấn đề sau đây:\na) Chương trình",
      position: 11,
    });
    // Within one line of a point: the point itself.
    expect(quoteBetween(lines, { line: pointA, offset: 0 }, { line: pointA, offset: 12 })).toEqual({ unitId: 13, quote: "Chương trình", position: 0 });
    // Across two clauses: the article.
    const q = quoteBetween(lines, { line: 1, offset: 0 }, { line: clause, offset: 10 })!;
    expect(q.unitId).toBe(10);
    expect(q.quote).toBe("Lãnh đạo, chỉ đạo việc thực hiện nghị quyết của Ban Chấp hành giữa hai kỳ họp.\n2. Quyết định");
    expect(q.position).toBe("Nhiệm vụ, quyền hạn của Ban Thường vụ\n1. ".length);
  });

  it("marks the occurrence nearest the position, split over lines", () => {
    const lines = articleLines(duties);
    const m = markRanges(lines, { unitId: 12, quote: "các vấn đề sau đây:\na) Chương trình", position: 11 });
    const clause = lines.findIndex((l) => l.unitId === 12 && l.first);
    const pointA = lines.findIndex((l) => l.unitId === 13);
    expect(m.get(clause)).toEqual([11, 30]);
    expect(m.get(pointA)).toEqual([0, 12]);
    expect(markRanges(lines, { unitId: 12, quote: "không có", position: 0 }).size).toBe(0);
    expect(markRanges(lines, { unitId: 999, quote: "Quyết định", position: 0 }).size).toBe(0);
  });

  it("labels provisions", () => {
    expect(provisionLabel(duties, 10)).toBe("Điều 3");
    expect(provisionLabel(duties, 12)).toBe("khoản 2 Điều 3");
    expect(provisionLabel(duties, 14)).toBe("điểm b khoản 2 Điều 3");
  });
});

describe("selection in the rendered document", () => {
  it("turns a DOM range into the unit, quote and position", async () => {
    installBackend();
    await openFirstRegulation();
    const el = await waitFor(() => document.querySelector<HTMLElement>('[data-testid="article"][data-article-id="10"]')!);
    const view = screen.getAllByTestId("article").find((a) => a.dataset.articleId === "10")!;
    expect(view).toBe(el);
    const lines = articleLines(duties);
    const clauseLine = el.querySelector(`[data-line="${lines.findIndex((l) => l.unitId === 12 && l.first)}"]`)!;
    const pointLine = el.querySelector(`[data-line="${lines.findIndex((l) => l.unitId === 13)}"]`)!;
    const range = document.createRange();
    range.setStart(clauseLine.firstChild!, 11);
    range.setEnd(pointLine.firstChild!, 12);
    expect(quoteFromRange(el, lines, range)).toEqual({ unitId: 12, quote: "các vấn đề sau đây:\na) Chương trình", position: 11 });
    // Starting on the marker "2." counts from the start of the clause's text.
    const marker = clauseLine.parentElement!.querySelector(".marker")!;
    range.setStart(marker.firstChild!, 0);
    range.setEnd(clauseLine.firstChild!, 10);
    expect(quoteFromRange(el, lines, range)).toEqual({ unitId: 12, quote: "Quyết định", position: 0 });
  });
});
