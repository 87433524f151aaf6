import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { REG_ID } from "../ipc/fixtures";
import { commandCalls, installBackend, openFirstRegulation, renderApp, resetAll } from "../test-utils";
import { CHAIRMAN, MEMBER, SECRETARY, reach } from "./scenario";

afterEach(resetAll);

const article = (id: number) => document.querySelector<HTMLElement>(`[data-testid="article"][data-article-id="${id}"]`)!;
const items = () => screen.queryAllByTestId("comment-item");
const item = (id: string) => document.querySelector<HTMLElement>(`[data-testid="comment-item"][data-comment-id="${id}"]`)!;

async function bar() {
  const b = await screen.findByTestId("workflow-bar");
  await waitFor(() => expect(b.dataset.stage).not.toBe(""));
  return b;
}

describe("who are you", () => {
  it("asks when there is no current user, and sets the one picked", async () => {
    const backend = installBackend({ noUser: true });
    await renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Bạn là ai?" });
    const picks = within(dialog).getAllByTestId("pick-person");
    expect(picks.map((p) => p.dataset.personId)).toEqual([CHAIRMAN, SECRETARY, "p-pho-chu-tich", MEMBER, "p-uy-vien-2"]);
    expect(dialog).toHaveTextContent("Phạm Thị Dung");
    await fireEvent.click(picks[3]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(commandCalls(backend, "set_current_user")[0].args).toEqual({ personId: MEMBER });
    expect(screen.getByTestId("current-user")).toHaveTextContent("Phạm Thị Dung");
    expect(screen.getByTestId("current-user")).toHaveTextContent("Ủy viên Ban Thường vụ");
  });

  it("does not ask when a user is already chosen (the demo)", async () => {
    installBackend();
    await renderApp();
    await waitFor(() => expect(screen.getByTestId("current-user")).toHaveTextContent("Trần Thị Bình"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("adds the first person and makes them the current user", async () => {
    const backend = installBackend({ noPeople: true });
    await renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Bạn là ai?" });
    await fireEvent.input(within(dialog).getByTestId("person-name"), { target: { value: "Phạm Thị Dung" } });
    await fireEvent.input(within(dialog).getByTestId("person-position"), { target: { value: "Phó Chủ tịch" } });
    await fireEvent.change(within(dialog).getByTestId("person-role"), { target: { value: "chairman" } });
    await fireEvent.click(within(dialog).getByTestId("person-add"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(commandCalls(backend, "add_person")[0].args).toEqual({ name: "Phạm Thị Dung", role: "chairman", position: "Phó Chủ tịch" });
    expect(screen.getByTestId("current-user")).toHaveTextContent("Phạm Thị Dung");
  });

  it("switches user from the header and reloads what the new user may do", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await openFirstRegulation();
    const b = await bar();
    await waitFor(() => expect(within(b).getByTestId("action-open_round")).toHaveAttribute("data-allowed", "true"));
    const before = commandCalls(backend, "workflow").length;
    await fireEvent.click(screen.getByTestId("switch-user"));
    const dialog = await screen.findByRole("dialog", { name: "Bạn là ai?" });
    await fireEvent.click(within(dialog).getAllByTestId("pick-person").find((p) => p.dataset.personId === MEMBER)!);
    await waitFor(() => expect(commandCalls(backend, "workflow").length).toBeGreaterThan(before));
    await waitFor(() => expect(within(b).getByTestId("action-open_round")).toHaveAttribute("aria-disabled", "true"));
    // A member cannot edit: the edit buttons go.
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);
  });
});

describe("workflow bar", () => {
  it("disables what the user may not do, with the back end's reason as title and on focus", async () => {
    const backend = installBackend({ user: MEMBER });
    await openFirstRegulation();
    const b = await bar();
    expect(b).toHaveAttribute("data-stage", "draft");
    expect(within(b).getByTestId("workflow-stage")).toHaveTextContent("Dự thảo");
    const open = within(b).getByTestId("action-open_round");
    expect(open).toHaveAttribute("aria-disabled", "true");
    expect(open.title).toContain("Phạm Thị Dung (Ủy viên) không có quyền mở đợt lấy ý kiến");
    const hint = document.getElementById(open.getAttribute("aria-describedby")!)!;
    expect(hint).toHaveTextContent("không có quyền mở đợt lấy ý kiến");
    for (const a of ["submit", "approve", "export", "report"]) {
      expect(within(b).getByTestId(`action-${a}`)).toHaveAttribute("aria-disabled", "true");
    }
    expect(within(b).getByTestId("action-approve").title).toContain("không có quyền ghi nhận thông qua");
    await fireEvent.click(open);
    expect(screen.queryByTestId("open-round-dialog")).toBeNull();
    expect(commandCalls(backend, "open_round")).toHaveLength(0);
  });

  it("opens a round with a deadline (chairman) and shows it", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).getByTestId("action-approve").title).toContain("Không thể ghi nhận thông qua khi văn bản đang ở trạng thái “Dự thảo”");
    await fireEvent.click(within(b).getByTestId("action-open_round"));
    const dialog = await screen.findByTestId("open-round-dialog");
    await fireEvent.input(within(dialog).getByTestId("round-deadline"), { target: { value: "2026-12-15" } });
    await fireEvent.click(within(dialog).getByTestId("round-confirm"));
    await waitFor(() => expect(b).toHaveAttribute("data-stage", "consultation"));
    expect(commandCalls(backend, "open_round")[0].args).toEqual({ regulationId: REG_ID, deadline: "2026-12-15" });
    expect(within(b).getByTestId("round-info")).toHaveTextContent("Đợt lấy ý kiến 1 · phiên bản 2 · hạn 15/12/2026");
    expect(within(b).getByTestId("round-info")).toHaveTextContent("đang mở");
    expect(within(b).getByTestId("action-close_round")).toHaveAttribute("data-allowed", "true");
    // The text is frozen while consulting: no edit buttons.
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);
  });

  it("shows a refusal from the back end (submit with unresolved comments)", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await reach(backend, "revising");
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).getByTestId("unresolved-count")).toHaveTextContent("2 ý kiến chưa xử lý");
    await fireEvent.click(within(b).getByTestId("action-submit"));
    expect(await screen.findByText(/Còn 2 ý kiến chưa tiếp thu hoặc giải trình/)).toBeInTheDocument();
    expect(b).toHaveAttribute("data-stage", "revising");
  });

  it("returns a submitted draft with a reason", async () => {
    const backend = installBackend({ user: SECRETARY });
    await reach(backend, "submitted");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-return"));
    const dialog = await screen.findByTestId("return-dialog");
    await fireEvent.input(within(dialog).getByTestId("return-reason"), { target: { value: "Cần bổ sung Điều về tài chính." } });
    await fireEvent.click(within(dialog).getByTestId("return-confirm"));
    await waitFor(() => expect(b).toHaveAttribute("data-stage", "returned"));
    expect(commandCalls(backend, "return_draft")[0].args).toEqual({ regulationId: REG_ID, reason: "Cần bổ sung Điều về tài chính." });
  });
});

describe("comments", () => {
  it("comments on a whole article with the per-article button", async () => {
    const backend = installBackend({ user: MEMBER });
    await reach(backend, "consultation");
    await openFirstRegulation();
    await bar();
    await screen.findByTestId("comments-panel");
    await fireEvent.click(await within(article(18)).findByTestId("comment-article"));
    const form = await screen.findByTestId("comment-form");
    expect(within(form).getByTestId("comment-quote")).toHaveValue("Chế độ họp");
    expect(within(form).getByTestId("comment-quote")).toHaveAttribute("readonly");
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: "Nên quy định rõ họp trực tuyến." } });
    await fireEvent.input(within(form).getByTestId("comment-proposal"), { target: { value: "Chế độ họp và hình thức họp" } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(commandCalls(backend, "add_comment")[0].args).toEqual({
      regulationId: REG_ID,
      unitId: 18,
      quote: "Chế độ họp",
      position: 0,
      text: "Nên quy định rõ họp trực tuyến.",
      proposal: "Chế độ họp và hình thức họp",
    });
    const it0 = items()[0];
    expect(it0).toHaveAttribute("data-anchor", "current");
    expect(it0).toHaveAttribute("data-decision", "none");
    expect(it0).toHaveTextContent("Phạm Thị Dung");
    expect(it0).toHaveTextContent("Điều 4");
    expect(it0).toHaveTextContent("“Chế độ họp”");
    expect(it0).toHaveTextContent("Đề xuất sửa");
    expect(it0).toHaveTextContent("Còn nguyên");
    expect(screen.queryByTestId("comment-form")).toBeNull();
    // The new comment is the active one: its quote is marked in the text.
    const mark = await within(article(18)).findByTestId("anchor-mark");
    expect(mark.textContent).toBe("Chế độ họp");
  });

  it("renders comment text as text, never as HTML", async () => {
    const backend = installBackend({ user: MEMBER });
    await reach(backend, "consultation");
    await openFirstRegulation();
    await fireEvent.click(await within(article(5)).findByTestId("comment-article"));
    const form = await screen.findByTestId("comment-form");
    const evil = "<img src=x onerror=alert(1)>";
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: evil } });
    await fireEvent.input(within(form).getByTestId("comment-proposal"), { target: { value: "<b>đậm</b>" } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    await waitFor(() => expect(items()).toHaveLength(1));
    const panel = screen.getByTestId("comments-panel");
    expect(panel.querySelector("img")).toBeNull();
    expect(panel.querySelector("b")).toBeNull();
    expect(within(items()[0]).getByTestId("comment-text-view").textContent).toBe(evil);
    expect(items()[0]).toHaveTextContent("<b>đậm</b>");
  });

  it("shows the back end's message when the quote is not in the unit", async () => {
    const backend = installBackend({ user: MEMBER });
    await reach(backend, "consultation");
    await openFirstRegulation();
    await fireEvent.click(await within(article(18)).findByTestId("comment-article"));
    await screen.findByTestId("comment-form");
    // Someone else's revision wins meanwhile: the round's text no longer has the title quoted.
    const meeting = backend.regulations.get(REG_ID)!.views[1].units[1].children[1];
    meeting.title = "Chế độ hội họp";
    meeting.edit_text = meeting.edit_text!.replace("Chế độ họp", "Chế độ hội họp");
    const form = screen.getByTestId("comment-form");
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: "Ý kiến." } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    expect(await within(form).findByTestId("comment-error")).toHaveTextContent("Không tìm thấy đoạn trích “Chế độ họp” trong Điều 4.");
  });

  it("the chairman resolves a comment with a decision and an explanation", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    const [first] = await reach(backend, "revising");
    await openFirstRegulation();
    await bar();
    await waitFor(() => expect(items()).toHaveLength(2)); // opens on the comments when there are some
    const el = item(first);
    await fireEvent.change(within(el).getByTestId("resolve-decision"), { target: { value: "explained" } });
    await fireEvent.input(within(el).getByTestId("resolve-reason"), { target: { value: "Giữ 03 ngày để bảo đảm tiến độ." } });
    await fireEvent.click(within(el).getByTestId("resolve-submit"));
    await waitFor(() => expect(item(first)).toHaveAttribute("data-decision", "explained"));
    expect(commandCalls(backend, "resolve_comment")[0].args).toEqual({
      commentId: first,
      decision: "explained",
      reason: "Giữ 03 ngày để bảo đảm tiến độ.",
    });
    expect(within(item(first)).getByTestId("comment-decision")).toHaveTextContent("Giải trình");
    expect(within(item(first)).getByTestId("comment-decision")).toHaveTextContent("Giữ 03 ngày để bảo đảm tiến độ.");
    expect(within(item(first)).queryByTestId("resolve-submit")).toBeNull();
    expect(screen.getByTestId("unresolved-count")).toHaveTextContent("1 ý kiến chưa xử lý");
  });

  it("shows the refusal when a decision needs a reason", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    const [first] = await reach(backend, "revising");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    await fireEvent.change(within(item(first)).getByTestId("resolve-decision"), { target: { value: "rejected" } });
    await fireEvent.click(within(item(first)).getByTestId("resolve-submit"));
    expect(await within(item(first)).findByRole("alert")).toHaveTextContent("Cần nêu lý do khi “Không tiếp thu”.");
  });

  it("members see no resolve form", async () => {
    const backend = installBackend({ user: MEMBER });
    await reach(backend, "revising");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(screen.queryAllByTestId("resolve-submit")).toHaveLength(0);
  });

  it("filters: open, resolved, changed, outdated, all", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    const [first] = await reach(backend, "revising");
    await backend.as(CHAIRMAN, "resolve_comment", { commentId: first, decision: "accepted", reason: "" });
    // The chairman revises Điều 4 (id 18): "03 ngày" becomes "05 ngày" → the first comment's anchor changed.
    const text = "Chế độ họp\n1. Ban Thường vụ họp thường kỳ mỗi quý một lần; họp bất thường khi cần thiết.\n2. Tài liệu họp được gửi đến các Ủy viên chậm nhất 05 ngày làm việc trước phiên họp.\n3. Phiên họp hợp lệ khi có ít nhất hai phần ba tổng số Ủy viên Ban Thường vụ tham dự.";
    await backend.as(CHAIRMAN, "save_article", { regulationId: REG_ID, baseRevision: 2, articleId: 18, text });
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(item(first)).toHaveAttribute("data-anchor", "changed");
    expect(item(first)).toHaveTextContent("Đã thay đổi");
    const count = async (f: string) => {
      await fireEvent.click(screen.getByTestId(`comment-filter-${f}`));
      return items().map((i) => i.dataset.commentId);
    };
    expect(await count("open")).toHaveLength(1);
    expect(await count("resolved")).toEqual([first]);
    expect(await count("changed")).toEqual([first]);
    expect(await count("outdated")).toEqual([]);
    expect(screen.getByTestId("comments-panel")).toHaveTextContent("Không có góp ý nào trong mục này.");
    expect(await count("all")).toHaveLength(2);
    expect(screen.getByTestId("comment-filter-all")).toHaveAttribute("aria-pressed", "true");
  });

  it("clicking a comment highlights its article and marks the quote", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    const [first] = await reach(backend, "revising");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(screen.queryByTestId("anchor-mark")).toBeNull();
    await fireEvent.click(within(item(first)).getByRole("button", { name: /khoản 2 Điều 4/ }));
    await waitFor(() => expect(article(18)).toHaveClass("highlighted"));
    const mark = within(article(18)).getByTestId("anchor-mark");
    expect(mark.textContent).toBe("03 ngày làm việc");
    expect(mark.closest("p")).toHaveTextContent("2. Tài liệu họp được gửi đến các Ủy viên chậm nhất 03 ngày làm việc trước phiên họp.");
    expect(item(first)).toHaveClass("active");
  });

  it("per-comment redline: commented → current, proposal → current, adopted badge", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    const [first] = await reach(backend, "revising");
    const text = "Chế độ họp\n1. Ban Thường vụ họp thường kỳ mỗi quý một lần; họp bất thường khi cần thiết.\n2. Tài liệu họp được gửi đến các Ủy viên chậm nhất 05 ngày làm việc trước phiên họp.\n3. Phiên họp hợp lệ khi có ít nhất hai phần ba tổng số Ủy viên Ban Thường vụ tham dự.";
    await backend.as(CHAIRMAN, "save_article", { regulationId: REG_ID, baseRevision: 2, articleId: 18, text });
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    await fireEvent.click(within(item(first)).getByTestId("comment-redline"));
    const view = await within(item(first)).findByTestId("comment-redline-view");
    await waitFor(() => expect(view.querySelector("del")).not.toBeNull());
    expect(commandCalls(backend, "comment_redline")[0].args).toEqual({ commentId: first });
    const commented = within(view).getByTestId("comment-redline-commented");
    expect([...commented.querySelectorAll("del")].map((d) => d.textContent)).toContain("03");
    expect([...commented.querySelectorAll("ins")].map((d) => d.textContent)).toContain("05");
    expect(view).toHaveTextContent("Đề xuất → văn bản hiện tại");
    expect(within(view).getByTestId("proposal-adopted")).toHaveTextContent("Đã tiếp thu nguyên văn");
  });

  it("lists the changes without a comment while revising", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await reach(backend, "revising");
    await backend.as(CHAIRMAN, "save_article", { regulationId: REG_ID, baseRevision: 2, articleId: 2, text: "Phạm vi điều chỉnh\n1. Một khoản duy nhất." });
    await openFirstRegulation();
    const list = await screen.findByTestId("changes-without-comment");
    expect(list).toHaveTextContent("Thay đổi chưa có góp ý: Điều 1");
  });
});

describe("approval and seal", () => {
  it("sends the numbers, shows the refusal, then records the approval and shows the seal", async () => {
    const backend = installBackend({ user: SECRETARY });
    await reach(backend, "submitted");
    await openFirstRegulation();
    const b = await bar();
    expect(b).toHaveAttribute("data-stage", "submitted");
    expect(screen.queryByTestId("seal")).toBeNull();
    await fireEvent.click(within(b).getByTestId("action-approve"));
    const form = await screen.findByTestId("approval-form");
    await fireEvent.change(within(form).getByTestId("approval-form-kind"), { target: { value: "written" } });
    await fireEvent.input(within(form).getByTestId("approval-date"), { target: { value: "2026-12-20" } });
    await fireEvent.input(within(form).getByTestId("approval-members"), { target: { value: "27" } });
    expect(within(form).getByTestId("approval-rule")).toHaveTextContent("Cần ít nhất 14 phiếu tán thành: quá một nửa tổng số ủy viên (27).");
    await fireEvent.input(within(form).getByTestId("approval-for"), { target: { value: "13" } });
    await fireEvent.input(within(form).getByTestId("approval-against"), { target: { value: "10" } });
    await fireEvent.input(within(form).getByTestId("approval-abstain"), { target: { value: "2" } });
    await fireEvent.input(within(form).getByTestId("approval-decision-no"), { target: { value: "12/QĐ-LMHTX" } });
    await fireEvent.click(within(form).getByTestId("approval-submit"));
    expect(await within(form).findByTestId("approval-error")).toHaveTextContent("Chưa được thông qua: 13 trên 27 ủy viên tán thành");
    expect(commandCalls(backend, "approve")[0].args).toEqual({
      regulationId: REG_ID, form: "written", date: "2026-12-20", members: 27, votesFor: 13, against: 10, abstain: 2, decisionNo: "12/QĐ-LMHTX",
    });
    await fireEvent.input(within(form).getByTestId("approval-for"), { target: { value: "15" } });
    await fireEvent.input(within(form).getByTestId("approval-against"), { target: { value: "8" } });
    await fireEvent.click(within(form).getByTestId("approval-submit"));
    await waitFor(() => expect(screen.queryByTestId("approval-form")).toBeNull());
    const seal = await screen.findByTestId("seal");
    expect(seal).toHaveTextContent("Đã thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026");
    expect(seal).toHaveTextContent("tán thành 15/27");
    expect(seal).toHaveTextContent("✓ nguyên vẹn");
    const code = seal.querySelector("code")!;
    expect(code.title).toMatch(/^[0-9a-f]{64}$/);
    expect(code.textContent).toBe(code.title.slice(0, 16) + "…");
    expect(b).toHaveAttribute("data-stage", "approved");
  });

  it("shows the seal of an approved revision on open", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await reach(backend, "approved");
    await openFirstRegulation();
    const seal = await screen.findByTestId("seal");
    expect(seal).toHaveAttribute("data-intact", "true");
    expect(seal).toHaveTextContent("Đã thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026");
    expect(screen.getByTestId("regulation-status")).toHaveTextContent("Đã thông qua");
  });
});

describe("export", () => {
  it("asks where to save, then exports to that path, with progress and a toast", async () => {
    const backend = installBackend({ user: SECRETARY, delay: 20 });
    await reach(backend, "approved");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    const menu = await screen.findByTestId("export-menu");
    await fireEvent.click(within(menu).getByTestId("export-docx"));
    expect(await screen.findByTestId("export-progress")).toBeInTheDocument();
    expect(await screen.findByText(/Đã xuất phiên bản 2 ra tệp \/home\/vanphong\/Tài liệu\/qc-btv-2025-phien-ban-2\.docx/)).toBeInTheDocument();
    const save = commandCalls(backend, "plugin:dialog|save");
    expect(save).toHaveLength(1);
    expect((save[0].args as { options: { defaultPath: string; filters: unknown } }).options).toMatchObject({
      defaultPath: "qc-btv-2025-phien-ban-2.docx",
      filters: [{ name: "Tài liệu Word", extensions: ["docx"] }],
    });
    expect(commandCalls(backend, "export_regulation")[0].args).toEqual({
      regulationId: REG_ID, format: "docx", path: "/home/vanphong/Tài liệu/qc-btv-2025-phien-ban-2.docx",
    });
    const cmds = backend.calls.map((c) => c.cmd);
    expect(cmds.indexOf("plugin:dialog|save")).toBeLessThan(cmds.indexOf("export_regulation"));
    await waitFor(() => expect(screen.queryByTestId("export-progress")).toBeNull());
  });

  it("does nothing when the save dialog is cancelled; the report goes through export_report", async () => {
    const backend = installBackend({ savePath: null });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    await fireEvent.click(within(await screen.findByTestId("export-menu")).getByTestId("export-html"));
    await waitFor(() => expect(commandCalls(backend, "plugin:dialog|save")).toHaveLength(1));
    expect(commandCalls(backend, "export_regulation")).toHaveLength(0);
  });

  it("exports the response report to the chosen path", async () => {
    const backend = installBackend({ user: CHAIRMAN });
    await reach(backend, "revising");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-report"));
    await fireEvent.click(within(await screen.findByTestId("export-menu")).getByTestId("report-html"));
    expect(await screen.findByText(/Đã lập bảng tổng hợp ý kiến: \/home\/vanphong\/Tài liệu\/qc-btv-2025-bang-tong-hop-y-kien\.html/)).toBeInTheDocument();
    expect(commandCalls(backend, "export_report")[0].args).toEqual({
      regulationId: REG_ID, format: "html", path: "/home/vanphong/Tài liệu/qc-btv-2025-bang-tong-hop-y-kien.html",
    });
  });

  it("checks a file: matches or lists the differences", async () => {
    const backend = installBackend({ verifyPath: "/tmp/quy-che-sua.docx" });
    await openFirstRegulation();
    await bar();
    await fireEvent.click(screen.getByTestId("verify-file"));
    const result = await screen.findByTestId("verify-result");
    expect(commandCalls(backend, "verify_export")[0].args).toEqual({ path: "/tmp/quy-che-sua.docx" });
    expect(within(result).getByTestId("verify-mismatch")).toBeInTheDocument();
    expect(within(result).getByTestId("verify-differences").querySelectorAll("li")).toHaveLength(2);
  });
});
