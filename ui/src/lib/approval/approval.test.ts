import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { commandCalls, firstRegulation, installBackend, openFirstRegulation, resetAll, type TapeName } from "../test-utils";

afterEach(resetAll);

// The vote on the submitted demo (crates/api/tests/recorded_ipc.rs, `vote`), as the
// Chief of Office; each test starts at a mark of it.
const VOTE = "vote" as TapeName;
const REG_ID = firstRegulation(VOTE).id;
const from = (mark: string) => installBackend(VOTE, { from: mark });

async function openDialog() {
  const bar = await screen.findByTestId("workflow-bar");
  await waitFor(() => expect(bar).toHaveAttribute("data-stage", "submitted"));
  await fireEvent.click(within(bar).getByTestId("action-approve"));
  const form = await screen.findByTestId("approval-form");
  const set = async (id: string, value: string) => fireEvent.input(within(form).getByTestId(id), { target: { value } });
  await set("approval-date", "2026-12-20");
  await set("approval-members", "27");
  await set("approval-abstain", "2");
  return { bar, form, set };
}

describe("the vote", () => {
  it("records a failed vote with absent members, after the back end refuses counts larger than the committee", async () => {
    const backend = from("submitted");
    await openFirstRegulation();
    expect(screen.getByTestId("draft-mark")).toHaveTextContent("DỰ THẢO");
    const { bar, form, set } = await openDialog();
    await set("approval-for", "10");
    await set("approval-against", "12");
    await set("approval-absent", "5");
    await fireEvent.click(within(form).getByTestId("approval-failed"));
    expect(await within(form).findByTestId("approval-error")).toHaveTextContent("Số phiếu và số vắng mặt (29) nhiều hơn tổng số ủy viên (27).");
    await set("approval-absent", "3");
    await fireEvent.click(within(form).getByTestId("approval-failed"));
    await waitFor(() => expect(screen.queryByTestId("approval-form")).toBeNull());
    expect(commandCalls(backend, "record_vote")[1].args).toEqual({
      regulationId: REG_ID,
      vote: { form: "meeting", date: "2026-12-20", members: 27, votes_for: 10, against: 12, abstain: 2, absent: 3, decision_no: "", approved: false },
    });
    await waitFor(() => expect(screen.getByTestId("workflow-bar").dataset.stage).toBe("returned"));
    void bar;
  });

  it("an approval with absent members shows the promulgated text: no draft mark, the decision in the header and in History", async () => {
    const backend = from("submitted-again");
    await openFirstRegulation();
    expect(screen.getByTestId("draft-mark")).toBeInTheDocument();
    const { form, set } = await openDialog();
    await set("approval-for", "20");
    await set("approval-against", "4");
    await set("approval-absent", "1");
    await fireEvent.input(within(form).getByTestId("approval-decision-no"), { target: { value: "12/QĐ-LMHTX" } });
    await fireEvent.click(within(form).getByTestId("approval-submit"));
    await waitFor(() => expect(screen.queryByTestId("approval-form")).toBeNull());
    expect(commandCalls(backend, "record_vote")[0].args).toMatchObject({ vote: { absent: 1, approved: true, decision_no: "12/QĐ-LMHTX" } });
    await waitFor(() => expect(screen.queryByTestId("draft-mark")).toBeNull());
    expect(screen.getByTestId("sealed-decision")).toHaveTextContent("Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026");
    expect(document.querySelector(".number")).toHaveTextContent("Số: 12/QĐ-LMHTX");
    expect(document.querySelector(".doc-title")).toHaveTextContent("Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026");
  });
});

describe("editing the approved text", () => {
  it("asks first, with the back end's sentence; Cancel leaves everything", async () => {
    from("approved");
    await openFirstRegulation();
    expect(screen.queryByTestId("draft-mark")).toBeNull();
    await fireEvent.click(screen.getByTestId("tab-history"));
    const approved = await screen.findAllByTestId("revision-approval");
    expect(approved.map((a) => a.closest<HTMLElement>("[data-revision]")!.dataset.revision)).toEqual(["3"]);
    expect(approved[0]).toHaveTextContent("Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026");
    const edit = screen.getAllByRole("button", { name: /^Sửa Điều/ })[0];
    await fireEvent.click(edit);
    const dialog = await screen.findByTestId("edit-approved-confirm");
    expect(within(dialog).getByTestId("edit-approved-warning")).toHaveTextContent(
      "Văn bản này đã được thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026. Sửa sẽ bắt đầu một dự thảo sửa đổi; phiên bản đã thông qua giữ nguyên niêm phong.",
    );
    expect(screen.queryByRole("textbox", { name: /Nội dung/ })).toBeNull();
    expect(document.querySelector("form.editor")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("edit-approved-cancel"));
    await waitFor(() => expect(screen.queryByTestId("edit-approved-confirm")).toBeNull());
    expect(document.querySelector("form.editor")).toBeNull();
    // Asked again, going on opens the editor.
    await fireEvent.click(screen.getAllByRole("button", { name: /^Sửa Điều/ })[0]);
    await fireEvent.click(within(await screen.findByTestId("edit-approved-confirm")).getByTestId("edit-approved-continue"));
    await waitFor(() => expect(document.querySelector("form.editor")).not.toBeNull());
  });
});
