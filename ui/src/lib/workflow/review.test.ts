import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { FILES, recorded, recordedError } from "../ipc/replay";
import type { WorkflowView } from "../ipc/types";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, personNamed, renderApp, resetAll, tape } from "../test-utils";

afterEach(resetAll);

// The review journey recorded on the demo (crates/api/tests/recorded_ipc.rs, `review`):
// each test starts at a mark of it, as one of the committee.
const REG_ID = firstRegulation("review").id;
const CHAIRMAN = personNamed("review", "Nguyễn Văn An").id;
const SECRETARY = personNamed("review", "Trần Thị Bình").id;
const MEMBER = personNamed("review", "Phạm Thị Dung").id;
// Articles of the demo, by their stable ids in the tape.
const MEETING = 133; // Điều 17. Kỳ họp của Ban Thường vụ
const PRINCIPLES = 9; // Điều 2. Nguyên tắc làm việc
const DOCUMENTS = 109; // Điều 14. Chuẩn bị và gửi tài liệu hội nghị
// The comments of the journey, in the order made: on Điều 17, on Điều 2, on khoản 2 Điều 14.
const [FIRST, SECOND, THIRD] = ["c0001", "c0002", "c0003"];

const review = (from: string, options = {}) => installBackend("review", { from, ...options });

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
    const backend = installBackend("no-user");
    await renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Bạn là ai?" });
    const picks = within(dialog).getAllByTestId("pick-person");
    const people = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Minh Đức"];
    expect(picks.map((p) => p.dataset.personId)).toEqual(people.map((n) => personNamed("no-user", n).id));
    expect(dialog).toHaveTextContent("Phạm Thị Dung");
    await fireEvent.click(picks[3]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(commandCalls(backend, "set_current_user")[0].args).toEqual({ personId: personNamed("no-user", "Phạm Thị Dung").id });
    expect(screen.getByTestId("current-user")).toHaveTextContent("Phạm Thị Dung");
    expect(screen.getByTestId("current-user")).toHaveTextContent("Ủy viên Ban Thường vụ");
  });

  it("does not ask when a user is already chosen (the demo)", async () => {
    installBackend("demo");
    await renderApp();
    await waitFor(() => expect(screen.getByTestId("current-user")).toHaveTextContent("Trần Thị Bình"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("an empty database asks who uses this machine (the first-start dialog), not the picker", async () => {
    installBackend("empty");
    await renderApp();
    const dialog = await screen.findByRole("dialog", { name: "Chào bạn! Ai sử dụng máy này?" });
    expect(within(dialog).getByTestId("first-run-name")).toBeInTheDocument();
    expect(screen.queryByTestId("person-picker")).toBeNull();
  });

  it("switches user from the header and reloads what the new user may do", async () => {
    const backend = review("draft-chairman");
    await openFirstRegulation();
    const b = await bar();
    await waitFor(() => expect(within(b).getByTestId("action-open_round")).toHaveAttribute("data-allowed", "true"));
    const before = commandCalls(backend, "workflow").length;
    await fireEvent.click(screen.getByTestId("switch-user"));
    const dialog = await screen.findByRole("dialog", { name: "Làm thay cho…" });
    await fireEvent.click(within(dialog).getAllByTestId("pick-person").find((p) => p.dataset.personId === MEMBER)!);
    await waitFor(() => expect(commandCalls(backend, "workflow").length).toBeGreaterThan(before));
    // A member is not given the round: its button goes, it is not greyed.
    await waitFor(() => expect(within(b).queryByTestId("action-open_round")).toBeNull());
    // A member cannot edit: the edit buttons go.
    expect(screen.queryAllByTestId("edit-article")).toHaveLength(0);
  });
});

describe("workflow bar", () => {
  it("shows only the actions the rules give the user, and the back end's sentence for them", async () => {
    review("draft-member");
    await openFirstRegulation();
    const b = await bar();
    expect(b).toHaveAttribute("data-stage", "draft");
    expect(within(b).getByTestId("workflow-stage")).toHaveTextContent("Dự thảo");
    const wf = recorded(tape("review"), "workflow").map((c) => (c.response as { data: WorkflowView }).data)
      .find((w) => w.user?.id === MEMBER && w.stage === "draft")!;
    for (const a of ["open_round", "submit", "approve", "return"]) {
      expect(wf.actions.find((x) => x.action === a)!.permitted).toBe(false);
      expect(within(b).queryByTestId(`action-${a}`)).toBeNull();
    }
    // The file menu is everyone's (checking a file), but holds no export for a member.
    expect(wf.actions.find((x) => x.action === "export")!.permitted).toBe(false);
    await fireEvent.click(within(b).getByTestId("action-export"));
    expect(within(await screen.findByTestId("export-menu")).queryByTestId("export-docx")).toBeNull();
    expect(within(b).getByTestId("workflow-next")).toHaveTextContent("Chờ Chủ tịch mở đợt lấy ý kiến");
    expect(within(b).getAllByTestId("workflow-step").map((s) => s.dataset.state)).toEqual(["current", "todo", "todo", "todo", "todo"]);
  });

  it("opens a round with a deadline (chairman) and shows it", async () => {
    const backend = review("draft-chairman-2");
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).queryByTestId("action-approve")).toBeNull(); // nothing to approve in a draft
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
    review("revising-chairman");
    await openFirstRegulation();
    const b = await bar();
    expect(within(b).getByTestId("unresolved-count")).toHaveTextContent("3 ý kiến chưa xử lý");
    await fireEvent.click(within(b).getByTestId("action-submit"));
    // The bar said it before the click (the button's reason); the click says it again.
    const said = await screen.findAllByText(/^Còn 3 ý kiến chưa tiếp thu, giải trình \(Điều 17, Điều 2, khoản 2 Điều 14\)\.$/);
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect(b).toHaveAttribute("data-stage", "revising");
  });

  it("returns a submitted draft with a reason", async () => {
    const backend = review("submitted-secretary");
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
    const backend = review("consultation-member");
    await openFirstRegulation();
    await bar();
    await screen.findByTestId("comments-panel");
    await fireEvent.click(await within(article(MEETING)).findByTestId("comment-article"));
    const form = await screen.findByTestId("comment-form");
    expect(within(form).getByTestId("comment-quote")).toHaveValue("Kỳ họp của Ban Thường vụ");
    expect(within(form).getByTestId("comment-quote")).toHaveAttribute("readonly");
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: "Nên quy định rõ họp trực tuyến." } });
    await fireEvent.input(within(form).getByTestId("comment-proposal"), { target: { value: "Kỳ họp và hình thức họp của Ban Thường vụ" } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(commandCalls(backend, "add_comment")[0].args).toEqual({
      regulationId: REG_ID,
      unitId: MEETING,
      quote: "Kỳ họp của Ban Thường vụ",
      position: 0,
      text: "Nên quy định rõ họp trực tuyến.",
      proposal: "Kỳ họp và hình thức họp của Ban Thường vụ",
    });
    const it0 = items()[0];
    expect(it0).toHaveAttribute("data-anchor", "current");
    expect(it0).toHaveAttribute("data-decision", "none");
    expect(it0).toHaveTextContent("Phạm Thị Dung");
    expect(it0).toHaveTextContent("Điều 17");
    expect(it0).toHaveTextContent("“Kỳ họp của Ban Thường vụ”");
    expect(it0).toHaveTextContent("Đề xuất sửa");
    expect(it0).toHaveTextContent("Còn nguyên");
    expect(screen.queryByTestId("comment-form")).toBeNull();
    // The new comment is the active one: its quote is marked in the text.
    const mark = await within(article(MEETING)).findByTestId("anchor-mark");
    expect(mark.textContent).toBe("Kỳ họp của Ban Thường vụ");
  });

  it("renders comment text as text, never as HTML", async () => {
    review("consultation-member-2");
    await openFirstRegulation();
    await fireEvent.click(await within(article(PRINCIPLES)).findByTestId("comment-article"));
    const form = await screen.findByTestId("comment-form");
    const evil = "<img src=x onerror=alert(1)>";
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: evil } });
    await fireEvent.input(within(form).getByTestId("comment-proposal"), { target: { value: "<b>đậm</b>" } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    await waitFor(() => expect(items()).toHaveLength(2));
    const panel = screen.getByTestId("comments-panel");
    expect(panel.querySelector("img")).toBeNull();
    expect(panel.querySelector("b")).toBeNull();
    expect(within(item(SECOND)).getByTestId("comment-text-view").textContent).toBe(evil);
    expect(item(SECOND)).toHaveTextContent("<b>đậm</b>");
  });

  it("shows the back end's message when the quote is not in the unit", async () => {
    const backend = review("consultation-member-3");
    await openFirstRegulation();
    await fireEvent.click(await within(article(MEETING)).findByTestId("comment-article"));
    const form = await screen.findByTestId("comment-form");
    // What the back end answers when the quoted words are not in the unit.
    const refusal = recordedError(tape("review"), "add_comment", { quote: "Kỳ hội họp" });
    backend.fail("add_comment", refusal);
    await fireEvent.input(within(form).getByTestId("comment-text"), { target: { value: "Ý kiến." } });
    await fireEvent.click(within(form).getByTestId("comment-submit"));
    expect(await within(form).findByTestId("comment-error")).toHaveTextContent("Không tìm thấy đoạn trích “Kỳ hội họp” trong Điều 17.");
  });

  it("the chairman resolves a comment with a decision and an explanation", async () => {
    const backend = review("revising-chairman-2");
    await openFirstRegulation();
    await bar();
    await waitFor(() => expect(items()).toHaveLength(3)); // opens on the comments when there are some
    const el = item(THIRD);
    await fireEvent.change(within(el).getByTestId("resolve-decision"), { target: { value: "explained" } });
    await fireEvent.input(within(el).getByTestId("resolve-reason"), { target: { value: "Giữ 03 ngày để bảo đảm tiến độ." } });
    await fireEvent.click(within(el).getByTestId("resolve-submit"));
    await waitFor(() => expect(item(THIRD)).toHaveAttribute("data-decision", "explained"));
    expect(commandCalls(backend, "resolve_comment")[0].args).toEqual({
      commentId: THIRD,
      decision: "explained",
      reason: "Giữ 03 ngày để bảo đảm tiến độ.",
    });
    expect(within(item(THIRD)).getByTestId("comment-decision")).toHaveTextContent("Giải trình");
    expect(within(item(THIRD)).getByTestId("comment-decision")).toHaveTextContent("Giữ 03 ngày để bảo đảm tiến độ.");
    expect(within(item(THIRD)).queryByTestId("resolve-submit")).toBeNull();
    expect(screen.getByTestId("unresolved-count")).toHaveTextContent("2 ý kiến chưa xử lý");
  });

  it("shows the refusal when a decision needs a reason", async () => {
    review("revising-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    await fireEvent.change(within(item(THIRD)).getByTestId("resolve-decision"), { target: { value: "rejected" } });
    await fireEvent.click(within(item(THIRD)).getByTestId("resolve-submit"));
    expect(await within(item(THIRD)).findByRole("alert")).toHaveTextContent("Cần nêu lý do khi “Không tiếp thu”.");
  });

  it("members see no resolve form", async () => {
    review("revising-member");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(screen.queryAllByTestId("resolve-submit")).toHaveLength(0);
  });

  it("filters: open, resolved, changed, outdated, all", async () => {
    // The third comment was explained, then the chairman changed “03 ngày” to “05 ngày”.
    review("revised-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(item(THIRD)).toHaveAttribute("data-anchor", "changed");
    expect(item(THIRD)).toHaveTextContent("Đã thay đổi");
    const count = async (f: string) => {
      await fireEvent.click(screen.getByTestId(`comment-filter-${f}`));
      return items().map((i) => i.dataset.commentId);
    };
    expect(await count("open")).toEqual([FIRST, SECOND]);
    expect(await count("resolved")).toEqual([THIRD]);
    expect(await count("changed")).toEqual([THIRD]);
    expect(await count("outdated")).toEqual([]);
    expect(screen.getByTestId("comments-panel")).toHaveTextContent("Không có góp ý nào trong mục này.");
    expect(await count("all")).toHaveLength(3);
    expect(screen.getByTestId("comment-filter-all")).toHaveAttribute("aria-pressed", "true");
  });

  it("clicking a comment highlights its article and marks the quote", async () => {
    review("revising-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(screen.queryByTestId("anchor-mark")).toBeNull();
    await fireEvent.click(within(item(THIRD)).getByRole("button", { name: /khoản 2 Điều 14/ }));
    await waitFor(() => expect(article(DOCUMENTS)).toHaveClass("highlighted"));
    const mark = within(article(DOCUMENTS)).getByTestId("anchor-mark");
    expect(mark.textContent).toBe("03 ngày làm việc");
    expect(mark.closest("p")).toHaveTextContent("2. Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất 03 ngày làm việc trước ngày khai mạc hội nghị");
    expect(item(THIRD)).toHaveClass("active");
  });

  it("per-comment redline: commented → current, proposal → current, adopted badge", async () => {
    const backend = review("revised-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    await fireEvent.click(within(item(THIRD)).getByTestId("comment-redline"));
    const view = await within(item(THIRD)).findByTestId("comment-redline-view");
    await waitFor(() => expect(view.querySelector("del")).not.toBeNull());
    expect(commandCalls(backend, "comment_redline")[0].args).toEqual({ commentId: THIRD });
    const commented = within(view).getByTestId("comment-redline-commented");
    expect([...commented.querySelectorAll("del")].map((d) => d.textContent)).toEqual(["03"]);
    expect([...commented.querySelectorAll("ins")].map((d) => d.textContent)).toEqual(["05"]);
    expect(view).toHaveTextContent("Đề xuất → văn bản hiện tại");
    expect(within(view).getByTestId("proposal-adopted")).toHaveTextContent("Đã tiếp thu nguyên văn");
  });

  it("lists the changes without a comment while revising", async () => {
    review("revised-chairman");
    await openFirstRegulation();
    const list = await screen.findByTestId("changes-without-comment");
    expect(list).toHaveTextContent("Thay đổi chưa có góp ý: Điều 1");
  });
});

describe("approval and seal", () => {
  it("sends the numbers, shows the refusal, then records the approval and shows the seal", async () => {
    const backend = review("submitted-secretary-2");
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
    review("approved-member");
    await openFirstRegulation();
    const seal = await screen.findByTestId("seal");
    expect(seal).toHaveAttribute("data-intact", "true");
    expect(seal).toHaveTextContent("Đã thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026");
    expect(screen.getByTestId("regulation-status")).toHaveTextContent("Đã thông qua");
  });
});

describe("export", () => {
  it("exports (the command asks where to save), with progress and a toast", async () => {
    const backend = review("approved-secretary", { delay: 20 });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    const menu = await screen.findByTestId("export-menu");
    await fireEvent.click(within(menu).getByTestId("export-docx"));
    expect(await screen.findByTestId("export-progress")).toBeInTheDocument();
    const path = `${FILES}/${REG_ID}-phien-ban-5.docx`;
    expect(await screen.findByText(`Đã xuất phiên bản 5 ra tệp ${path}`)).toBeInTheDocument();
    // The save dialog is the command's own (in Rust): the window sends no path.
    expect(commandCalls(backend, "export_regulation")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "docx" });
    await waitFor(() => expect(screen.queryByTestId("export-progress")).toBeNull());
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const backend = review("approved-secretary", { pick: () => null });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    await fireEvent.click(within(await screen.findByTestId("export-menu")).getByTestId("export-docx"));
    await waitFor(() => expect(commandCalls(backend, "export_regulation")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId("export-progress")).toBeNull());
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("exports the response report to the chosen path", async () => {
    const backend = review("revising-chairman");
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    await fireEvent.click(within(await screen.findByTestId("export-menu")).getByTestId("report-html"));
    const path = `${FILES}/${REG_ID}-bang-tong-hop-y-kien.html`;
    expect(await screen.findByText(`Đã lập bảng tổng hợp ý kiến: ${path}`)).toBeInTheDocument();
    expect(commandCalls(backend, "export_report")[0].args).toEqual({ work: 4, regulationId: REG_ID, format: "html" });
  });

  it("checks a file: matches or lists the differences", async () => {
    const path = `${FILES}/quy-che-da-sua.md`;
    const backend = installBackend("demo", { pick: () => path });
    await openFirstRegulation();
    const b = await bar();
    await fireEvent.click(within(b).getByTestId("action-export"));
    await fireEvent.click(within(await screen.findByTestId("export-menu")).getByTestId("verify-file"));
    const result = await screen.findByTestId("verify-result");
    expect(commandCalls(backend, "verify_export")[0]).toEqual({ cmd: "verify_export", args: {}, dialog: path });
    expect(within(result).getByTestId("verify-mismatch")).toBeInTheDocument();
    const differences = within(result).getByTestId("verify-differences").querySelectorAll("li");
    expect([...differences].map((d) => d.textContent)).toEqual(["Điều 12: khác với bản niêm phong", "Điều 17: khác với bản niêm phong"]);
  });
});
