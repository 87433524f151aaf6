import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PackageConfirm from "./PackageConfirm.svelte";
import { fingerprintLines, trustFor, type PackagePreview } from "./package";

// The shape `Quyche::preview_package` answers (crates/api/tests/exchange.rs checks the
// values through the facade); the open call's answer is the copy's regulation id.
const FP = "3218 F633 3CE2 29BF 8846 E3CD B27A 7B39";
const first: PackagePreview = {
  handle: 4,
  file: "quy-che-lay-y-kien.quyche",
  regulation_id: "46cf03cf537bc660",
  title: "Quy chế làm việc của Ban Chấp hành",
  round: 1,
  deadline: "2026-12-15",
  chairman_name: "Nguyễn Văn An",
  chairman_position: "Chủ tịch",
  key_id: "B27A7B39",
  fingerprint: FP,
  trusted: false,
  trusted_because: null,
  opened_before: false,
};
const pinned: PackagePreview = {
  ...first,
  trusted: true,
  trusted_because: "khóa đã ghim cho bản sao này khi mở gói đầu tiên",
  opened_before: true,
};

let calls: { cmd: string; args: unknown }[] = [];
beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "open_previewed_package") return first.regulation_id;
    throw { code: "internal", message: `no ${cmd}` };
  });
});
afterEach(() => clearMocks());

describe("package confirmation", () => {
  it("groups the fingerprint in two lines of four, and confirms only an untrusted key", () => {
    expect(fingerprintLines(FP)).toEqual([
      ["3218", "F633", "3CE2", "29BF"],
      ["8846", "E3CD", "B27A", "7B39"],
    ]);
    expect(trustFor(first)).toBe(FP);
    expect(trustFor(pinned)).toBeNull();
  });

  it("opens a first package only after the fingerprint was compared, sending it to be checked", async () => {
    const opened: string[] = [];
    render(PackageConfirm, { preview: first, onopened: (id: string) => opened.push(id), oncancel: () => {} });
    expect(screen.getByTestId("package-chairman")).toHaveTextContent("Nguyễn Văn An (Chủ tịch)");
    expect(screen.getByTestId("package-fingerprint")).toHaveTextContent("3218F6333CE229BF8846E3CDB27A7B39");
    expect(screen.getByTestId("package-untrusted")).toHaveTextContent("gọi điện cho Nguyễn Văn An");
    const open = screen.getByTestId("package-open");
    expect(open).toBeDisabled();
    await fireEvent.click(screen.getByTestId("package-fingerprint-checked"));
    expect(open).toBeEnabled();
    await fireEvent.click(open);
    await waitFor(() => expect(opened).toEqual([first.regulation_id]));
    expect(calls).toEqual([{ cmd: "open_previewed_package", args: { handle: 4, trust: FP } }]);
  });

  it("opens a package whose key is pinned without asking, and shows why it is trusted", async () => {
    const opened: string[] = [];
    render(PackageConfirm, { preview: pinned, onopened: (id: string) => opened.push(id), oncancel: () => {} });
    expect(screen.getByTestId("package-trusted")).toHaveTextContent("đã ghim");
    expect(screen.queryByTestId("package-fingerprint-checked")).toBeNull();
    await fireEvent.click(screen.getByTestId("package-open"));
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(calls[0].args).toEqual({ handle: 4, trust: null });
  });

  it("shows the back end's refusal and stays open", async () => {
    mockIPC(() => {
      throw { code: "refused", message: "Mã nhận dạng đã xác nhận không khớp với khóa của Nguyễn Văn An." };
    });
    const opened: string[] = [];
    render(PackageConfirm, { preview: first, onopened: (id: string) => opened.push(id), oncancel: () => {} });
    await fireEvent.click(screen.getByTestId("package-fingerprint-checked"));
    await fireEvent.click(screen.getByTestId("package-open"));
    expect(await screen.findByTestId("package-error")).toHaveTextContent("không khớp");
    expect(opened).toEqual([]);
  });
});
