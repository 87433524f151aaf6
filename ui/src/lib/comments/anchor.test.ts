import { screen, waitFor } from "@testing-library/svelte";
import { recorded } from "../ipc/replay";
import type { UnitView } from "../ipc/types";
import { allArticles, articleOf, firstRegulation, installBackend, openFirstRegulation, recordedView, resetAll, tape } from "../test-utils";
import { articleLines, markRanges, provisionLabel, quoteBetween, quoteFromRange, unitText } from "./anchor";

afterEach(resetAll);

function all(units: UnitView[], out: UnitView[] = []): UnitView[] {
  for (const u of units) {
    out.push(u);
    all(u.children, out);
  }
  return out;
}

// The demo as the back end sends it; Điều 19 has clauses, points and sub-points.
const view = recordedView("demo", firstRegulation("demo").id);
const meeting = articleOf(view, "Điều 19");
const byMarker = (units: UnitView[], marker: string) => units.find((u) => u.marker === marker)!;
const clause3 = byMarker(meeting.children, "3.");
const pointA = byMarker(clause3.children, "a)");
const pointB = byMarker(clause3.children, "b)");

describe("unit texts", () => {
  it("an article's text is the back end's edit text, for every article of the demo", () => {
    for (const a of allArticles(view)) expect(unitText(articleLines(a), a.id).text.trimEnd()).toBe(a.edit_text!.trimEnd());
  });

  it("every quote the back end accepted is at its position in the unit's text", () => {
    const accepted = recorded(tape("review"), "add_comment").filter((c) => c.response.status === "ok");
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    for (const c of accepted) {
      const unitId = c.args.unitId as number;
      const article = allArticles(view).find((a) => all([a]).some((u) => u.id === unitId))!;
      const text = [...unitText(articleLines(article), unitId).text];
      const quote = c.args.quote as string;
      const at = c.args.position as number;
      expect(text.slice(at, at + [...quote].length).join("")).toBe(quote);
    }
  });

  it("a clause's text has its children with markers, but not its own marker", () => {
    const t = unitText(articleLines(meeting), clause3.id).text;
    const lines = meeting.edit_text!.split("\n");
    const from = lines.findIndex((l) => l.startsWith("3. "));
    const to = lines.findIndex((l) => l.startsWith("4. "));
    expect(t).toBe([lines[from].slice(3), ...lines.slice(from + 1, to)].join("\n") + "\n");
    expect(t).toContain("\n- Lịch làm việc, lịch công tác cơ sở của Thường trực;\n");
    expect(unitText(articleLines(meeting), meeting.id).text.startsWith("Họp Thường trực\n1. Thường trực họp")).toBe(true);
  });

  it("takes the quote from the smallest unit holding both ends, with the position in characters", () => {
    const lines = articleLines(meeting);
    const clause = lines.findIndex((l) => l.unitId === clause3.id && l.first);
    const a = lines.findIndex((l) => l.unitId === pointA.id);
    expect(quoteBetween(lines, { line: clause, offset: 13 }, { line: a, offset: 9 })).toEqual({
      unitId: clause3.id,
      quote: "Thường trực gồm:\na) Kiểm điểm",
      position: 13,
    });
    // Within one line of a point: the point itself.
    expect(quoteBetween(lines, { line: a, offset: 0 }, { line: a, offset: 9 })).toEqual({ unitId: pointA.id, quote: "Kiểm điểm", position: 0 });
    // Across two clauses: the article.
    const q = quoteBetween(lines, { line: 1, offset: 0 }, { line: clause, offset: 8 })!;
    expect(q.unitId).toBe(meeting.id);
    expect(q.quote.startsWith("Thường trực họp hằng tuần vào chiều thứ Sáu")).toBe(true);
    expect(q.quote.endsWith("\n3. Nội dung")).toBe(true);
    expect(q.position).toBe([..."Họp Thường trực\n1. "].length);
  });

  it("marks the occurrence nearest the position, split over lines", () => {
    const lines = articleLines(meeting);
    const m = markRanges(lines, { unitId: clause3.id, quote: "Thường trực gồm:\na) Kiểm điểm", position: 13 });
    const clause = lines.findIndex((l) => l.unitId === clause3.id && l.first);
    const a = lines.findIndex((l) => l.unitId === pointA.id);
    expect(m.get(clause)).toEqual([13, 29]);
    expect(m.get(a)).toEqual([0, 9]);
    expect(markRanges(lines, { unitId: clause3.id, quote: "không có", position: 0 }).size).toBe(0);
    expect(markRanges(lines, { unitId: 99999, quote: "Nội dung", position: 0 }).size).toBe(0);
  });

  it("labels provisions", () => {
    expect(provisionLabel(meeting, meeting.id)).toBe("Điều 19");
    expect(provisionLabel(meeting, clause3.id)).toBe("khoản 3 Điều 19");
    expect(provisionLabel(meeting, pointB.id)).toBe("điểm b khoản 3 Điều 19");
  });
});

describe("selection in the rendered document", () => {
  it("turns a DOM range into the unit, quote and position", async () => {
    installBackend("demo");
    await openFirstRegulation();
    const sel = `[data-testid="article"][data-article-id="${meeting.id}"]`;
    const el = await waitFor(() => document.querySelector<HTMLElement>(sel)!);
    const shown = screen.getAllByTestId("article").find((a) => a.dataset.articleId === String(meeting.id))!;
    expect(shown).toBe(el);
    const lines = articleLines(meeting);
    const clauseLine = el.querySelector(`[data-line="${lines.findIndex((l) => l.unitId === clause3.id && l.first)}"]`)!;
    const pointLine = el.querySelector(`[data-line="${lines.findIndex((l) => l.unitId === pointA.id)}"]`)!;
    const range = document.createRange();
    range.setStart(clauseLine.firstChild!, 13);
    range.setEnd(pointLine.firstChild!, 9);
    expect(quoteFromRange(el, lines, range)).toEqual({ unitId: clause3.id, quote: "Thường trực gồm:\na) Kiểm điểm", position: 13 });
    // Starting on the marker "3." counts from the start of the clause's text.
    const marker = clauseLine.parentElement!.querySelector(".marker")!;
    range.setStart(marker.firstChild!, 0);
    range.setEnd(clauseLine.firstChild!, 8);
    expect(quoteFromRange(el, lines, range)).toEqual({ unitId: clause3.id, quote: "Nội dung", position: 0 });
  });
});
