import { fireEvent, render, screen } from "@testing-library/svelte";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import DateField from "./DateField.svelte";
import FormProbe from "./FormProbe.test.svelte";
import DateProbe from "./DateProbe.test.svelte";
import { dmyProblem, monthGrid, parseDmy } from "./dates";
import { REQUIRED_MESSAGE, required, wholeNumber } from "./validation";

describe("dates typed dd/mm/yyyy", () => {
  it.each([
    ["05/03/2026", "2026-03-05"],
    ["5/3/2026", "2026-03-05"],
    ["29.02.2028", "2028-02-29"],
    ["31-12-2026", "2026-12-31"],
    ["29/02/2026", null],
    ["31/04/2026", null],
    ["03/05", null],
    ["2026-03-05", "2026-03-05"],
    ["2026-02-30", null],
    ["", null],
  ])("%s → %s", (text, iso) => {
    expect(parseDmy(text)).toBe(iso);
  });
  it("says why a date is refused, in Vietnamese", () => {
    expect(dmyProblem("")).toBeNull();
    expect(dmyProblem("3 tháng 5")).toBe("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2026.");
    expect(dmyProblem("30/02/2026")).toBe("Ngày này không có trong lịch.");
  });
  it("lays a month out Monday first", () => {
    // 1 December 2026 is a Tuesday.
    expect(monthGrid(2026, 12)[0]).toEqual([null, 1, 2, 3, 4, 5, 6]);
    expect(monthGrid(2026, 2).flat().filter((d) => d !== null)).toHaveLength(28);
  });
});

describe("DateField", () => {
  it("shows an ISO value as dd/mm/yyyy and types back to ISO", async () => {
    const r = render(DateField, { props: { value: "2026-12-15", testid: "d" } });
    const input = screen.getByTestId<HTMLInputElement>("d");
    expect(input.value).toBe("15/12/2026");
    expect(input.type).toBe("text");
    await fireEvent.input(input, { target: { value: "31/02/2026" } });
    await fireEvent.blur(input);
    expect(screen.getByTestId("d-problem").textContent).toBe("Ngày này không có trong lịch.");
    r.unmount();
  });
  it("a typed date reaches the bound value and stays in the field; a reset empties it", async () => {
    render(DateProbe);
    const input = screen.getByTestId<HTMLInputElement>("d");
    const bound = screen.getByTestId("bound");
    // Key by key, as a person types: a partial date binds nothing and is never put back.
    for (const text of ["2", "20", "20/", "20/12", "20/12/", "20/12/202", "20/12/2026"]) {
      await fireEvent.input(input, { target: { value: text } });
      expect(input.value).toBe(text);
    }
    expect(bound.textContent).toBe("2026-12-20");
    // Pasted ISO is taken as it is.
    await fireEvent.input(input, { target: { value: "2026-12-15" } });
    expect(bound.textContent).toBe("2026-12-15");
    expect(input.value).toBe("2026-12-15");
    // Leaving the field writes it as dates are written here.
    await fireEvent.blur(input);
    expect(input.value).toBe("15/12/2026");
    await fireEvent.input(input, { target: { value: "5/3/2026" } });
    await fireEvent.blur(input);
    expect(input.value).toBe("05/03/2026");
    expect(bound.textContent).toBe("2026-03-05");
    await fireEvent.click(screen.getByTestId("reset"));
    expect(input.value).toBe("");
    expect(bound.textContent).toBe("");
  });
  it("picks a day from a Vietnamese calendar", async () => {
    render(DateField, { props: { value: "2026-12-15", testid: "d" } });
    await fireEvent.click(screen.getByTestId("d-calendar"));
    expect(screen.getByTestId("date-calendar-title").textContent).toBe("Tháng 12, 2026");
    const heads = [...screen.getByTestId("date-calendar").querySelectorAll("th")].map((th) => th.textContent);
    expect(heads).toEqual(["T2", "T3", "T4", "T5", "T6", "T7", "CN"]);
    const days = screen.getAllByTestId("date-day");
    await fireEvent.click(days.find((d) => d.textContent === "24")!);
    expect(screen.getByTestId<HTMLInputElement>("d").value).toBe("24/12/2026");
    expect(screen.queryByTestId("date-calendar")).toBeNull();
  });
});

describe("the app's own form messages", () => {
  it("checks required fields and whole numbers", () => {
    expect(required("  ")).toBe(REQUIRED_MESSAGE);
    expect(required("x")).toBeNull();
    expect(required(null)).toBe(REQUIRED_MESSAGE);
    expect(wholeNumber(2.5)).toBe("Nhập một số nguyên.");
    expect(wholeNumber(-1)).toBe("Nhập một số từ 0 trở lên.");
    expect(wholeNumber(3)).toBeNull();
  });
  it("submitting an empty required field shows the Vietnamese message", async () => {
    render(FormProbe);
    await fireEvent.submit(screen.getByTestId("probe-form"));
    expect(screen.getByTestId("probe-error").textContent).toBe(REQUIRED_MESSAGE);
    expect(screen.queryByTestId("probe-sent")).toBeNull();
  });
  it("no form in the UI lets the web view show its own (non-Vietnamese) messages", () => {
    const root = join(__dirname, "..", "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(".svelte")) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(20);
    const lacking = files.filter((f) => /<form(?![^>]*\bnovalidate\b)[\s>]/.test(readFileSync(f, "utf8")));
    expect(lacking.map((f) => relative(root, f))).toEqual([]);
    const dateInputs = files.filter((f) => /type="date"/.test(readFileSync(f, "utf8")));
    expect(dateInputs.map((f) => relative(root, f))).toEqual([]);
  });
});
