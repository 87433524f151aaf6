import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { FILES, recordedData, recordedError } from "../ipc/replay";
import type { IdentityView, PickedFile } from "../ipc/types";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, personNamed, renderApp, resetAll, tape } from "../test-utils";
import { fingerprintGroups, slug } from "./exchange.svelte";

afterEach(resetAll);

// Recorded on two computers (crates/api/tests/recorded_ipc.rs): the chairman's, with the
// demo, and a member's, which receives the chairman's package.
const chairman = (from: string, options = {}) => installBackend("exchange-chairman", { from, ...options });
const member = (from: string, options = {}) => installBackend("exchange-member", { from, ...options });
const REG_ID = firstRegulation("exchange-chairman").id;
const person = (name: string) => personNamed("exchange-chairman", name).id;

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
    const backend = chairman("no-identity");
    await renderApp();
    const panel = await openPanel();
    await fireEvent.input(within(panel).getByTestId("identity-name"), { target: { value: "Nguyễn Văn An" } });
    await fireEvent.input(within(panel).getByTestId("identity-position"), { target: { value: "Chủ tịch" } });
    await fireEvent.click(within(panel).getByTestId("identity-create"));
    const fp = await within(panel).findByTestId("fingerprint");
    expect(commandCalls(backend, "create_identity")[0].args).toEqual({ name: "Nguyễn Văn An", position: "Chủ tịch" });
    const expected = recordedData<IdentityView>(tape("exchange-chairman"), "create_identity").fingerprint;
    expect(fp.querySelectorAll(".group")).toHaveLength(8);
    expect(fp.textContent!.replace(/\s/g, "")).toBe(expected.replace(/\s/g, ""));
    expect(panel).toHaveTextContent("Đọc mã nhận dạng này qua điện thoại để người nhận đối chiếu");

    await fireEvent.click(within(panel).getByTestId("identity-export"));
    await waitFor(() => expect(commandCalls(backend, "export_identity_card")).toHaveLength(1));
    // The save dialog is the command's own (in Rust): the window sends no path.
    expect(commandCalls(backend, "export_identity_card")[0].args).toEqual({});
    expect(await screen.findByText("Đã xuất thẻ chữ ký số.")).toBeInTheDocument();
  });

  it("shows the roster with key badges and adds a person from a card", async () => {
    const card = `${FILES}/vu-thi-hoa.quyche-id`;
    const backend = chairman("roster", { pick: () => card });
    await renderApp();
    const panel = await openPanel();
    const roster = within(panel).getByTestId("roster");
    await waitFor(() => expect(within(roster).getAllByTestId("roster-person")).toHaveLength(5));
    const badge = (id: string) => roster.querySelector(`[data-person-id="${id}"] [data-testid="key-badge"]`)!;
    expect(badge(person("Phạm Thị Dung"))).toHaveTextContent("có khóa");
    expect(badge(person("Hoàng Minh Đức"))).toHaveTextContent("chưa có khóa");
    await fireEvent.click(within(roster).getByTestId("roster-add-card"));
    await fireEvent.change(await within(roster).findByTestId("roster-card-role"), { target: { value: "secretary" } });
    // The window shows the card's file name; its path stays in Rust.
    const held = recordedData<PickedFile>(tape("exchange-chairman"), "pick_identity_card", {}, card);
    expect(within(roster).getByTestId("roster-card-submit").closest("form")).toHaveTextContent(`Thẻ: ${held.name}`);
    await fireEvent.click(within(roster).getByTestId("roster-card-submit"));
    await waitFor(() => expect(within(roster).getAllByTestId("roster-person")).toHaveLength(6));
    expect(commandCalls(backend, "add_person_from_card")[0].args).toEqual({ card: held.handle, role: "secretary", confirmKeyChange: false });
    expect(roster).toHaveTextContent("Vũ Thị Hoa");
  });

  it("warns loudly when a known person's key changed, and retries only once confirmed", async () => {
    const card = `${FILES}/pham-thi-dung-may-moi.quyche-id`;
    const backend = chairman("key-change", { pick: () => card });
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
    expect(within(panel).getByTestId("key-change-confirm").closest("label")).toHaveTextContent("Tôi đã đối chiếu mã nhận dạng trực tiếp với người này");
    expect(retry).toBeEnabled();
    await fireEvent.click(retry);
    await waitFor(() => expect(within(panel).queryByTestId("key-change-warning")).toBeNull());
    // The card was picked once; the confirmed retry sends the same handle, no new dialog.
    expect(commandCalls(backend, "pick_identity_card")).toHaveLength(1);
    const { handle } = recordedData<PickedFile>(tape("exchange-chairman"), "pick_identity_card", {}, card);
    const calls = commandCalls(backend, "add_person_from_card").map((c) => c.args);
    expect(calls).toEqual([
      { card: handle, role: "member", confirmKeyChange: false },
      { card: handle, role: "member", confirmKeyChange: true },
    ]);
  });
});

describe("chairman: package out, bundles in", () => {
  it("sends the package of the open round through the save dialog", async () => {
    const backend = chairman("draft");
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).queryByTestId("send-package")).toBeNull(); // draft: nothing to send
    await fireEvent.click(within(b).getByTestId("action-open_round"));
    const dialog = await screen.findByTestId("open-round-dialog");
    await fireEvent.input(within(dialog).getByTestId("round-deadline"), { target: { value: "2026-12-15" } });
    await fireEvent.click(within(dialog).getByTestId("round-confirm"));
    await waitFor(() => expect(b).toHaveAttribute("data-stage", "consultation"));
    await waitFor(() => expect(within(b).getByTestId("send-package")).toHaveAttribute("data-allowed", "true"));
    await fireEvent.click(within(b).getByTestId("send-package"));
    await waitFor(() => expect(commandCalls(backend, "export_package")).toHaveLength(1));
    expect(commandCalls(backend, "export_package")[0].args).toEqual({ regulationId: REG_ID });
    expect(await screen.findByText(/Đã tạo gói lấy ý kiến/)).toBeInTheDocument();
  });

  it("shows the import as long work it can stop: asks how far it has come, and Dừng asks it to stop", async () => {
    const paths = ["gop-y-le-van-cuong.zip", "gop-y-le-van-cuong-ban-sao.zip", "gop-y-gia-mao.zip"].map((f) => `${FILES}/${f}`);
    // Each back-end answer takes 700 ms, so the window polls while the import runs.
    const backend = chairman("package-sent", { pick: () => paths, delay: 700 });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("import-bundles"));
    expect(await within(b).findByTestId("work-progress")).toHaveTextContent("Đang nhập các tệp góp ý");
    await fireEvent.click(await within(b).findByTestId("stop-work", {}, { timeout: 3000 }));
    await waitFor(() => expect(commandCalls(backend, "cancel_work")[0]).toEqual({ cmd: "cancel_work", args: { work: 1 } }), { timeout: 3000 });
    await waitFor(() => expect(commandCalls(backend, "work_progress").length).toBeGreaterThan(0), { timeout: 3000 });
    expect(commandCalls(backend, "work_progress")[0]).toEqual({ cmd: "work_progress", args: { work: 1 } });
    await screen.findByTestId("bundle-results", {}, { timeout: 5000 });
    await waitFor(() => expect(within(b).queryByTestId("stop-work")).toBeNull(), { timeout: 8000 });
  }, 20000);

  it("imports three files and shows one result each, then reloads the comments and the dashboard", async () => {
    const paths = ["gop-y-le-van-cuong.zip", "gop-y-le-van-cuong-ban-sao.zip", "gop-y-gia-mao.zip"].map((f) => `${FILES}/${f}`);
    const backend = chairman("package-sent", { pick: () => paths });
    await openFirstRegulation();
    const b = await bar();
    const dash = await screen.findByTestId("round-dashboard");
    expect(dash).toHaveTextContent("hạn 15/12/2026");
    const cuong = person("Lê Văn Cường");
    const reviewer = (id: string) => dash.querySelector<HTMLElement>(`[data-person-id="${id}"]`)!;
    expect(reviewer(cuong)).toHaveTextContent("Chưa nhận");
    const commentsBefore = commandCalls(backend, "comments").length;

    await fireEvent.click(within(b).getByTestId("import-bundles"));
    const list = await screen.findByTestId("bundle-results");
    expect(commandCalls(backend, "import_bundles")[0]).toEqual({ cmd: "import_bundles", args: { work: 1 }, dialog: paths });

    const results = within(list).getAllByTestId("bundle-result");
    expect(results.map((r) => r.dataset.ok)).toEqual(["true", "true", "false"]);
    expect(results[0]).toHaveTextContent("gop-y-le-van-cuong.zip");
    expect(results[0]).toHaveTextContent("✓");
    expect(results[0]).toHaveTextContent("3 góp ý mới");
    expect(results[1]).toHaveTextContent("0 góp ý mới (đã nhập trước đó)");
    expect(results[2]).toHaveTextContent("✗");
    // A bundle changed after signing: the reader's reason, as given.
    expect(results[2]).toHaveTextContent("gop-y-gia-mao.zip: gói ý kiến: mục comments.json bị hỏng");

    await waitFor(() => expect(commandCalls(backend, "comments").length).toBeGreaterThan(commentsBefore));
    await waitFor(() => expect(screen.getAllByTestId("comment-item")).toHaveLength(3));
    // What was received, never "Đã gửi": the chairman cannot know what was sent.
    await waitFor(() => expect(reviewer(cuong)).toHaveTextContent("Đã nhận 3 góp ý (1 tệp)"));
    expect(reviewer(cuong)).toHaveAttribute("data-returned", "true");
  });

  it("shows no exchange actions to a member on the chairman's copy in draft", async () => {
    installBackend("review", { from: "draft-member" });
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).queryByTestId("send-package")).toBeNull();
    expect(within(b).queryByTestId("import-bundles")).toBeNull();
    expect(within(b).queryByTestId("export-bundle")).toBeNull();
  });
});

describe("member: package in, bundle out", () => {
  const COPY = recordedData<string>(tape("exchange-member"), "open_previewed_package");
  const PACKAGE = `${FILES}/${COPY}-lay-y-kien.quyche`;

  it("opens a package from the library, once its signer is confirmed, and shows the read-only copy", async () => {
    const backend = member("start", { pick: () => PACKAGE });
    await renderApp();
    await fireEvent.click(await screen.findByTestId("open-package"));
    // The dialog is the command's own (in Rust); the window gets a preview and a handle.
    const confirm = await screen.findByTestId("package-confirm");
    expect(commandCalls(backend, "preview_package")).toEqual([{ cmd: "preview_package", args: {}, dialog: PACKAGE }]);
    const preview = recordedData<{ handle: number; chairman_name: string }>(tape("exchange-member"), "preview_package", {}, PACKAGE);
    expect(within(confirm).getByTestId("package-chairman")).toHaveTextContent(preview.chairman_name);
    expect(commandCalls(backend, "open_previewed_package")).toHaveLength(0);
    await fireEvent.click(within(confirm).getByTestId("package-open"));
    await waitFor(() => expect(commandCalls(backend, "open_previewed_package")).toHaveLength(1));
    expect(commandCalls(backend, "open_previewed_package")[0].args).toEqual({ handle: preview.handle, trust: null });
    await screen.findByTestId("outline");
    await waitFor(() => expect(screen.getAllByTestId("article").length).toBeGreaterThan(0));
    const b = await bar();
    expect(b).toHaveAttribute("data-stage", "consultation");
    expect(commandCalls(backend, "open_regulation").at(-1)!.args).toMatchObject({ regulationId: COPY });
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);
    expect(within(b).getByTestId("export-bundle")).toBeInTheDocument();
    expect(screen.queryByTestId("round-dashboard")).toBeNull();
  });

  it("sends my comments: export_bundle asks where to save, then a toast", async () => {
    const backend = member("commented");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("export-bundle"));
    await waitFor(() => expect(commandCalls(backend, "export_bundle")).toHaveLength(1));
    expect(commandCalls(backend, "export_bundle")[0].args).toEqual({ regulationId: COPY });
    expect(await screen.findByText("Đã đóng gói 2 góp ý. Gửi tệp vừa lưu cho chủ tịch.")).toBeInTheDocument();

    // Nothing new the second time: the back end says so, as it would refuse it.
    const refusal = recordedError(tape("exchange-member"), "export_bundle");
    await waitFor(() => expect(within(b).getByTestId("export-bundle")).toHaveAttribute("aria-disabled", "true"));
    expect(within(b).getByTestId("export-bundle").title).toContain(refusal.message);
  });
});
