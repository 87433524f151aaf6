import { formatDateTime, shortHash, statusLabel } from "./format";

describe("format", () => {
  it("shows ISO UTC times in Vietnamese local style", () => {
    expect(formatDateTime("2026-11-28T02:20:00Z")).toBe("28/11/2026 09:20");
    expect(formatDateTime("2026-01-05T20:05:00Z")).toBe("06/01/2026 03:05");
  });
  it("leaves unparsable times as they are", () => {
    expect(formatDateTime("hôm qua")).toBe("hôm qua");
  });
  it("shortens hashes and labels statuses", () => {
    expect(shortHash("a".repeat(64))).toBe("aaaaaaa");
    expect(statusLabel("draft")).toBe("Dự thảo");
  });
});
