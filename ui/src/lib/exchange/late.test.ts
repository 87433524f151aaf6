import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { acceptableAsLate, acceptLateBundle, type BundleResult } from "./late";

// Results as `Quyche::import_bundle_files` answers them (crates/api/tests/exchange.rs
// `a_late_bundle_is_held_for_the_chairman_to_accept_as_late` checks the back end).
const late: BundleResult = {
  file: "bo-muon.zip",
  ok: false,
  new_comments: 0,
  error: "bo-muon.zip: Đợt lấy ý kiến 1 đã đóng: tệp góp ý này nộp muộn, chỉ được nhận khi Chủ tịch đồng ý nhận là nộp muộn.",
  late: true,
  handle: 3,
};
const forged: BundleResult = { ...late, error: "gia-mao.zip: chữ ký không hợp lệ", late: false, handle: null };

afterEach(() => clearMocks());

describe("late bundles", () => {
  it("offers Nhận là nộp muộn for a file refused only as late and held; Rust decides who may", () => {
    const cases: [BundleResult, boolean][] = [
      [late, true],
      [forged, false],
      [{ ...late, ok: true }, false],
      [{ ...late, handle: null }, false],
    ];
    for (const [r, want] of cases) expect([r.file, r.handle, acceptableAsLate(r)]).toEqual([r.file, r.handle, want]);
  });

  it("takes the held file in by its handle, and passes a refusal on", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return 1;
    });
    expect(await acceptLateBundle(3)).toBe(1);
    expect(calls).toEqual([["import_held_bundle", { handle: 3 }]]);
    mockIPC(() => {
      throw { code: "refused", message: "chỉ Chủ tịch được nhận tệp góp ý nộp muộn" };
    });
    await expect(acceptLateBundle(3)).rejects.toMatchObject({ code: "refused" });
  });
});
