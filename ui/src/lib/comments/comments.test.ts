import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import chairmanRaw from "../ipc/recorded/comments-chairman.json?raw";
import type { Tape } from "../ipc/replay";
import { recordedData } from "../ipc/replay";
import type { CommentView } from "../ipc/types";
import { commandCalls, installBackend, openFirstRegulation, resetAll } from "../test-utils";

afterEach(resetAll);

// Recorded from the real back end (crates/api/tests/recorded_ipc.rs): the chairman working
// through the comments, and a member's computer sending its comments.
const CHAIRMAN: Tape = JSON.parse(chairmanRaw) as Tape;
const chairman = (from: string) => installBackend(CHAIRMAN, { from });
const member = (from: string) => installBackend("exchange-member", { from });

const items = () => screen.queryAllByTestId("comment-item");
const card = (id: string) => items().find((el) => el.dataset.commentId === id)!;
const added = (t: Tape): CommentView[] =>
  t.tape.flatMap((e) => ("cmd" in e && e.cmd === "add_comment" && e.response.status === "ok" ? [e.response.data as CommentView] : []));

async function bar() {
  const b = await screen.findByTestId("workflow-bar");
  await waitFor(() => expect(b.dataset.stage).not.toBe(""));
  return b;
}

describe("saving is not sending (a member's received copy)", () => {
  it("shows each card's state, and the strip sends the unsent ones with the bundle action", async () => {
    const backend = member("commented");
    await openFirstRegulation();
    await bar();
    await waitFor(() => expect(items()).toHaveLength(2));
    for (const el of items()) {
      expect(el).toHaveAttribute("data-sent", "unsent");
      expect(within(el).getByTestId("comment-sent")).toHaveTextContent("Chưa gửi");
      expect(within(el).getByTestId("comment-edit")).toBeInTheDocument();
      expect(within(el).getByTestId("comment-delete")).toBeInTheDocument();
    }
    expect(screen.queryByText(/Đã gửi/)).toBeNull();
    const strip = await screen.findByTestId("unsent-strip");
    expect(strip).toHaveTextContent("2 góp ý chưa gửi");
    await fireEvent.click(within(strip).getByTestId("unsent-send"));
    await waitFor(() => expect(commandCalls(backend, "export_bundle")).toHaveLength(1));
    expect(commandCalls(backend, "export_bundle")[0].args).toEqual({ regulationId: expect.any(String) });
    expect(await screen.findByText("Đã đóng gói 2 góp ý. Gửi tệp vừa lưu cho chủ tịch.")).toBeInTheDocument();
    await waitFor(() => expect(items().every((el) => el.dataset.sent === "sent")).toBe(true));
    for (const el of items()) {
      expect(within(el).getByTestId("comment-sent").textContent).toMatch(/^Đã gửi ngày \d\d\/\d\d\/\d{4}$/);
      expect(within(el).queryByTestId("comment-edit")).toBeNull();
    }
    expect(screen.queryByTestId("unsent-strip")).toBeNull();
  });

  it("edits and deletes an unsent comment (after confirming); a sent one offers neither", async () => {
    const backend = member("saved-unsent");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(3));
    const unsent = items().filter((el) => el.dataset.sent === "unsent");
    expect(unsent).toHaveLength(1);
    const id = unsent[0].dataset.commentId!;
    expect(items().filter((el) => el.dataset.sent === "sent").every((el) => !within(el).queryByTestId("comment-edit"))).toBe(true);
    expect(screen.getByTestId("unsent-strip")).toHaveTextContent("1 góp ý chưa gửi");

    await fireEvent.click(within(card(id)).getByTestId("comment-edit"));
    const form = within(card(id)).getByTestId("comment-edit-form");
    await fireEvent.input(within(form).getByTestId("comment-edit-text"), { target: { value: "Ý kiến thêm, đã sửa." } });
    await fireEvent.input(within(form).getByTestId("comment-edit-proposal"), { target: { value: "Kỳ họp" } });
    await fireEvent.click(within(form).getByTestId("comment-edit-save"));
    await waitFor(() => expect(commandCalls(backend, "edit_comment")).toHaveLength(1));
    expect(commandCalls(backend, "edit_comment")[0].args).toEqual({ commentId: id, text: "Ý kiến thêm, đã sửa.", proposal: "Kỳ họp" });
    await waitFor(() => expect(within(card(id)).getByTestId("comment-text-view")).toHaveTextContent("Ý kiến thêm, đã sửa."));

    await fireEvent.click(within(card(id)).getByTestId("comment-delete"));
    const confirm = await screen.findByTestId("comment-delete-confirm");
    expect(commandCalls(backend, "delete_comment")).toHaveLength(0);
    await fireEvent.click(within(confirm).getByTestId("comment-delete-yes"));
    await waitFor(() => expect(commandCalls(backend, "delete_comment")).toEqual([{ cmd: "delete_comment", args: { commentId: id } }]));
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(screen.queryByTestId("unsent-strip")).toBeNull();
  });
});

describe("the chairman's database", () => {
  const [take, plain] = added(CHAIRMAN);

  it("records comments (nothing to send) and the dashboard counts answers; 'không có ý kiến' in one click", async () => {
    const backend = chairman("consultation-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    for (const el of items()) expect(within(el).getByTestId("comment-sent")).toHaveTextContent("Đã ghi nhận");
    expect(screen.queryByTestId("unsent-strip")).toBeNull();
    const dash = await screen.findByTestId("round-dashboard");
    const row = () => within(dash).getAllByTestId("dashboard-reviewer").find((li) => li.textContent!.includes("Hoàng Minh Đức"))!;
    const duc = row().dataset.personId;
    expect(row()).toHaveTextContent("Chưa nhận");
    expect(dash).not.toHaveTextContent("Đã gửi");
    await fireEvent.click(within(row()).getByTestId("dashboard-no-comments"));
    await waitFor(() => expect(row()).toHaveTextContent("Không có ý kiến"));
    expect(commandCalls(backend, "record_no_comments")[0].args).toEqual({ regulationId: expect.any(String), personId: duc });
    expect(row()).toHaveAttribute("data-returned", "true");
    expect(within(row()).queryByTestId("dashboard-no-comments")).toBeNull();
  });

  it("takes up a proposal in one click; the decision select starts empty and is required", async () => {
    const backend = chairman("revising-chairman");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(within(card(plain.id)).queryByTestId("comment-adopt")).toBeNull();
    const select = within(card(plain.id)).getByTestId("resolve-decision") as HTMLSelectElement;
    expect(select.value).toBe("");
    await fireEvent.click(within(card(plain.id)).getByTestId("resolve-submit"));
    expect(await within(card(plain.id)).findByRole("alert")).toHaveTextContent("Hãy chọn quyết định");
    expect(commandCalls(backend, "resolve_comment")).toHaveLength(0);

    const loads = commandCalls(backend, "open_regulation").length;
    await fireEvent.click(within(card(take.id)).getByTestId("comment-adopt"));
    await waitFor(() => expect(card(take.id)).toHaveAttribute("data-decision", "accepted"));
    // The new revision is shown: the screen loads the latest text again.
    await waitFor(() => expect(commandCalls(backend, "open_regulation").length).toBeGreaterThan(loads));
    expect(commandCalls(backend, "adopt_proposal")).toEqual([{ cmd: "adopt_proposal", args: { commentId: take.id } }]);
    const done = recordedData<CommentView>(CHAIRMAN, "adopt_proposal", { commentId: take.id });
    expect(within(card(take.id)).getByTestId("comment-decision")).toHaveTextContent(done.reason!);
    expect(done.reason).toMatch(/^Tiếp thu theo đề xuất của /);
  });

  it("the table: one row per comment, the decision chosen inline, ↑/↓ between rows", async () => {
    const backend = chairman("adopted");
    await openFirstRegulation();
    await waitFor(() => expect(items()).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("comments-table-open"));
    const table = await screen.findByTestId("comments-table");
    expect(table.querySelectorAll("th")).toHaveLength(7);
    expect(table.querySelector("thead")).toHaveTextContent("STTĐiều khoảnNgười góp ýNội dung góp ýĐề xuấtTiếp thu/giải trìnhLý do");
    const rows = within(table).getAllByTestId("comments-table-row");
    expect(rows.map((r) => r.dataset.commentId)).toEqual([take.id, plain.id]);
    expect(within(rows[0]).getByTestId("comments-table-decision")).toHaveTextContent("Tiếp thu");
    expect(rows[0]).toHaveTextContent(take.proposal!);
    // Keyboard: ↓ goes to the next row.
    rows[0].focus();
    await fireEvent.keyDown(rows[0], { key: "ArrowDown" });
    expect(document.activeElement).toBe(rows[1]);
    // Without a choice, nothing is sent.
    await fireEvent.click(within(rows[1]).getByTestId("comments-table-record"));
    expect(await within(rows[1]).findByRole("alert")).toHaveTextContent("Hãy chọn quyết định");
    await fireEvent.change(within(rows[1]).getByTestId("comments-table-select"), { target: { value: "explained" } });
    await fireEvent.input(within(rows[1]).getByTestId("comments-table-reason"), { target: { value: "Đã có trong Điều lệ." } });
    await fireEvent.click(within(rows[1]).getByTestId("comments-table-record"));
    await waitFor(() => expect(commandCalls(backend, "resolve_comment")).toHaveLength(1));
    expect(commandCalls(backend, "resolve_comment")[0].args).toEqual({ commentId: plain.id, decision: "explained", reason: "Đã có trong Điều lệ." });
    await waitFor(() => expect(within(table).getAllByTestId("comments-table-decision")).toHaveLength(2));
  });
});
