import { afterEach, describe, expect, it, vi } from "vitest";
import { clearToasts, showToast, toasts } from "./toasts.svelte";

const shown = () => toasts.map((t) => `${t.kind}:${t.text}`);

afterEach(() => {
  clearToasts();
  vi.useRealTimers();
});

describe("toasts", () => {
  it.each([
    {
      rule: "a success clears a stale error",
      calls: [["error", "Không lưu được."], ["success", "Đã lưu phiên bản 3."]],
      expected: ["success:Đã lưu phiên bản 3."],
    },
    {
      rule: "a success clears the error of the same action, keyed",
      calls: [["error", "Không xuất được.", "export"], ["success", "Đã xuất tệp.", "export"]],
      expected: ["success:Đã xuất tệp."],
    },
    {
      rule: "a new toast of the same action replaces the old one",
      calls: [["info", "Đang xuất…", "export"], ["error", "Không xuất được.", "export"]],
      expected: ["error:Không xuất được."],
    },
    {
      rule: "the same message twice shows once",
      calls: [["error", "Không lưu được."], ["error", "Không lưu được."]],
      expected: ["error:Không lưu được."],
    },
    {
      rule: "different actions' messages stay side by side",
      calls: [["info", "Bạn đang làm việc với tư cách An."], ["error", "Không mở được gói.", "package"]],
      expected: ["info:Bạn đang làm việc với tư cách An.", "error:Không mở được gói."],
    },
    {
      rule: "an error does not clear a success",
      calls: [["success", "Đã lưu."], ["error", "Không xuất được."]],
      expected: ["success:Đã lưu.", "error:Không xuất được."],
    },
    {
      rule: "at most three, the oldest leaves first",
      calls: [["info", "1"], ["info", "2"], ["info", "3"], ["info", "4"]],
      expected: ["info:2", "info:3", "info:4"],
    },
  ] as { rule: string; calls: [ "success" | "error" | "info", string, string?][]; expected: string[] }[])("$rule", ({ calls, expected }) => {
    for (const [kind, text, key] of calls) showToast(kind, text, key === undefined ? {} : { key });
    expect(shown()).toEqual(expected);
  });

  it("leaves after its time; the duration may be given alone", () => {
    vi.useFakeTimers();
    showToast("success", "Đã xuất tệp.", 8000);
    showToast("error", "Không mở được gói.", { key: "package", ms: 0 });
    vi.advanceTimersByTime(7999);
    expect(toasts).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(shown()).toEqual(["error:Không mở được gói."]);
    vi.advanceTimersByTime(60000);
    expect(toasts).toHaveLength(1);
  });

  it("a replaced toast's timer does not remove its successor", () => {
    vi.useFakeTimers();
    showToast("info", "Đang xuất…", { key: "export", ms: 1000 });
    showToast("info", "Vẫn đang xuất…", { key: "export", ms: 5000 });
    vi.advanceTimersByTime(1000);
    expect(shown()).toEqual(["info:Vẫn đang xuất…"]);
  });
});
