import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { REG_ID } from "../ipc/fixtures";
import { BUNDLE_PATHS, FORGED_REASON, KEY_CHANGED_CARD, PACKAGE_PATH } from "../ipc/mock-exchange";
import { commandCalls, installBackend, openFirstRegulation, renderApp, resetAll } from "../test-utils";
import { CHAIRMAN, MEMBER, reach } from "../workflow/scenario";
import { fingerprintGroups, slug } from "./exchange.svelte";

afterEach(resetAll);

async function openPanel() {
  await waitFor(() => expect(screen.getByTestId("current-user")).toHaveAttribute("data-person-id"));
  await fireEvent.click(screen.getByTestId("open-identity"));
  return screen.findByTestId("identity-panel");
}

async function bar() {
  const b = await screen.findByTestId("workflow-bar");
  await waitFor(() => expect(b.dataset.stage).not.toBe(""));
  return b;
}

describe("helpers", () => {
  it("groups a fingerprint by four and makes file names", () => {
    expect(fingerprintGroups("A1B2 C3D4 E5F6")).toEqual(["A1B2", "C3D4", "E5F6"]);
    expect(fingerprintGroups("a1b2c3d4e5")).toEqual(["A1B2", "C3D4", "E5"]);
    expect(slug("Phạm Thị Dung – Đức")).toBe("pham-thi-dung-duc");
  });
});

describe("identity card", () => {
  it("creates the identity and shows the fingerprint, then exports the card", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await renderApp();
    const panel = await openPanel();
    await fireEvent.input(within(panel).getByTestId("identity-name"), { target: { value: "Nguyễn Văn An" } });
    await fireEvent.input(within(panel).getByTestId("identity-position"), { target: { value: "Chủ tịch" } });
    await fireEvent.click(within(panel).getByTestId("identity-create"));
    const fp = await within(panel).findByTestId("fingerprint");
    expect(commandCalls(backend, "create_identity")[0].args).toEqual({ name: "Nguyễn Văn An", position: "Chủ tịch" });
    const expected = backend.exchange.identity!.fingerprint;
    expect(fp.querySelectorAll(".group")).toHaveLength(8);
    expect(fp.textContent!.replace(/\s/g, "")).toBe(expected.replace(/\s/g, ""));
    expect(panel).toHaveTextContent("Đọc dấu vân tay này qua điện thoại để người nhận đối chiếu");

    await fireEvent.click(within(panel).getByTestId("identity-export"));
    await waitFor(() => expect(commandCalls(backend, "export_identity_card")).toHaveLength(1));
    const save = commandCalls(backend, "plugin:dialog|save")[0].args as { options: { defaultPath: string; filters: { extensions: string[] }[] } };
    expect(save.options.defaultPath).toBe("the-dinh-danh-nguyen-van-an.quyche-id");
    expect(save.options.filters[0].extensions).toEqual(["quyche-id"]);
    expect(commandCalls(backend, "export_identity_card")[0].args).toEqual({ path: "/home/vanphong/Tài liệu/the-dinh-danh-nguyen-van-an.quyche-id" });
  });

  it("shows the roster with key badges and adds a person from a card", async () => {
    const backend = installBackend({ user: CHAIRMAN, identity: { name: "Nguyễn Văn An", position: "Chủ tịch" } });
    await renderApp();
    const panel = await openPanel();
    const roster = within(panel).getByTestId("roster");
    await waitFor(() => expect(within(roster).getAllByTestId("roster-person")).toHaveLength(5));
    const badge = (id: string) => roster.querySelector(`[data-person-id="${id}"] [data-testid="key-badge"]`)!;
    expect(badge(MEMBER)).toHaveTextContent("có khóa");
    expect(badge("p-uy-vien-2")).toHaveTextContent("chưa có khóa");
    await fireEvent.click(within(roster).getByTestId("roster-add-card"));
    await fireEvent.change(await within(roster).findByTestId("roster-card-role"), { target: { value: "secretary" } });
    await fireEvent.click(within(roster).getByTestId("roster-card-submit"));
    await waitFor(() => expect(within(roster).getAllByTestId("roster-person")).toHaveLength(6));
    expect(commandCalls(backend, "add_person_from_card")[0].args).toEqual({
      path: "/home/vanphong/Tải về/vu-thi-hoa.quyche-id", role: "secretary", confirmKeyChange: false,
    });
    expect(roster).toHaveTextContent("Vũ Thị Hoa");
  });

  it("warns loudly when a known person's key changed, and retries only once confirmed", async () => {
    const backend = installBackend({ user: CHAIRMAN, cardPath: KEY_CHANGED_CARD });
    await renderApp();
    const panel = await openPanel();
    await fireEvent.click(within(panel).getByTestId("roster-add-card"));
    await fireEvent.click(await within(panel).findByTestId("roster-card-submit"));
    const warning = await within(panel).findByTestId("key-change-warning");
    expect(warning).toHaveTextContent(/^CẢNH BÁO: khóa của Phạm Thị Dung đã thay đổi/);
    expect(warning).toHaveAttribute("role", "alert");
    const retry = within(panel).getByTestId("key-change-retry");
    expect(retry).toBeDisabled();
    await fireEvent.click(within(panel).getByTestId("key-change-confirm"));
    expect(within(panel).getByTestId("key-change-confirm").closest("label")).toHaveTextContent("Tôi đã đối chiếu dấu vân tay trực tiếp với người này");
    expect(retry).toBeEnabled();
    await fireEvent.click(retry);
    await waitFor(() => expect(within(panel).queryByTestId("key-change-warning")).toBeNull());
    const calls = commandCalls(backend, "add_person_from_card").map((c) => c.args);
    expect(calls).toEqual([
      { path: KEY_CHANGED_CARD, role: "member", confirmKeyChange: false },
      { path: KEY_CHANGED_CARD, role: "member", confirmKeyChange: true },
    ]);
  });
});

describe("chairman: package out, bundles in", () => {
  it("sends the package of the open round through the save dialog", async () => {
    const backend = installBackend({ user: CHAIRMAN, identity: { name: "Nguyễn Văn An", position: "Chủ tịch" } });
    await openFirstRegulation();
    let b = await bar();
    expect(within(b).queryByTestId("send-package")).toBeNull(); // draft: nothing to send
    await reach(backend, "consultation");
    await fireEvent.click(screen.getByTestId("switch-user"));
    const dialog = await screen.findByRole("dialog", { name: "Bạn là ai?" });
    await fireEvent.click(within(dialog).getAllByTestId("pick-person").find((p) => p.dataset.personId === CHAIRMAN)!);
    b = await bar();
    await waitFor(() => expect(b).toHaveAttribute("data-stage", "consultation"));
    await fireEvent.click(within(b).getByTestId("send-package"));
    await waitFor(() => expect(commandCalls(backend, "export_package")).toHaveLength(1));
    expect(commandCalls(backend, "export_package")[0].args).toEqual({ regulationId: REG_ID, path: `/home/vanphong/Tài liệu/${REG_ID}-lay-y-kien.quyche` });
    expect(await screen.findByText(/Đã tạo gói lấy ý kiến/)).toBeInTheDocument();
  });

  it("imports three files and shows one result each, then reloads the comments and the dashboard", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await reach(backend, "consultation");
    await openFirstRegulation();
    const b = await bar();
    const dash = await screen.findByTestId("round-dashboard");
    expect(dash).toHaveTextContent("hạn 15/12/2026");
    const reviewer = (id: string) => dash.querySelector<HTMLElement>(`[data-person-id="${id}"]`)!;
    expect(reviewer("p-pho-chu-tich")).toHaveTextContent("Chưa gửi");
    const commentsBefore = commandCalls(backend, "comments").length;

    await fireEvent.click(within(b).getByTestId("import-bundles"));
    const list = await screen.findByTestId("bundle-results");
    const opened = commandCalls(backend, "plugin:dialog|open")[0].args as { options: { multiple: boolean; filters: { name: string; extensions: string[] }[] } };
    expect(opened.options.multiple).toBe(true);
    expect(opened.options.filters).toEqual([{ name: "Bó góp ý", extensions: ["zip", "quyche"] }]);
    expect(commandCalls(backend, "import_bundles")[0].args).toEqual({ paths: BUNDLE_PATHS });

    const results = within(list).getAllByTestId("bundle-result");
    expect(results.map((r) => r.dataset.ok)).toEqual(["true", "true", "false"]);
    expect(results[0]).toHaveTextContent("gop-y-le-van-cuong.zip");
    expect(results[0]).toHaveTextContent("✓");
    expect(results[0]).toHaveTextContent("3 góp ý mới");
    expect(results[1]).toHaveTextContent("0 góp ý mới (đã nhập trước đó)");
    expect(results[2]).toHaveTextContent("✗");
    expect(results[2]).toHaveTextContent(FORGED_REASON);

    await waitFor(() => expect(commandCalls(backend, "comments").length).toBeGreaterThan(commentsBefore));
    await waitFor(() => expect(screen.getAllByTestId("comment-item")).toHaveLength(3));
    await waitFor(() => expect(reviewer("p-pho-chu-tich")).toHaveTextContent("Đã gửi 3 góp ý"));
    expect(reviewer("p-pho-chu-tich")).toHaveAttribute("data-returned", "true");
  });

  it("shows no exchange actions to a member on the chairman's copy in draft", async () => {
    installBackend({ user: MEMBER });
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).queryByTestId("send-package")).toBeNull();
    expect(within(b).queryByTestId("import-bundles")).toBeNull();
    expect(within(b).queryByTestId("export-bundle")).toBeNull();
  });
});

describe("member: package in, bundle out", () => {
  it("opens a package from the library and shows the read-only copy", async () => {
    const backend = installBackend({ user: MEMBER, identity: { name: "Phạm Thị Dung", position: "Ủy viên" } });
    await renderApp();
    await fireEvent.click(await screen.findByTestId("open-package"));
    await waitFor(() => expect(commandCalls(backend, "open_package")).toHaveLength(1));
    const opened = commandCalls(backend, "plugin:dialog|open")[0].args as { options: { filters: { extensions: string[] }[] } };
    expect(opened.options.filters[0].extensions).toEqual(["quyche"]);
    expect(commandCalls(backend, "open_package")[0].args).toEqual({ path: PACKAGE_PATH });
    await screen.findByTestId("outline");
    await waitFor(() => expect(screen.getAllByTestId("article").length).toBeGreaterThan(0));
    const b = await bar();
    expect(b).toHaveAttribute("data-stage", "consultation");
    expect(commandCalls(backend, "open_regulation").at(-1)!.args).toMatchObject({ regulationId: `${REG_ID}-ban-sao` });
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);
    expect(within(b).getByTestId("export-bundle")).toBeInTheDocument();
    expect(screen.queryByTestId("round-dashboard")).toBeNull();
  });

  it("sends my comments: the save dialog, then export_bundle, then a toast", async () => {
    const backend = installBackend({ user: MEMBER, identity: { name: "Phạm Thị Dung", position: "Ủy viên" } });
    await reach(backend, "commented");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("export-bundle"));
    await waitFor(() => expect(commandCalls(backend, "export_bundle")).toHaveLength(1));
    const order = backend.calls.map((c) => c.cmd).filter((c) => c === "plugin:dialog|save" || c === "export_bundle");
    expect(order).toEqual(["plugin:dialog|save", "export_bundle"]);
    const save = commandCalls(backend, "plugin:dialog|save")[0].args as { options: { defaultPath: string } };
    expect(save.options.defaultPath).toBe(`gop-y-pham-thi-dung-${REG_ID}.zip`);
    expect(commandCalls(backend, "export_bundle")[0].args).toEqual({ regulationId: REG_ID, path: `/home/vanphong/Tài liệu/gop-y-pham-thi-dung-${REG_ID}.zip` });
    expect(await screen.findByText(`Đã đóng gói 2 góp ý vào tệp /home/vanphong/Tài liệu/gop-y-pham-thi-dung-${REG_ID}.zip`)).toBeInTheDocument();

    // Nothing new the second time: the back end's refusal as given.
    await fireEvent.click(within(b).getByTestId("export-bundle"));
    expect(await screen.findByText("Không có góp ý mới nào để gửi.")).toBeInTheDocument();
  });
});
