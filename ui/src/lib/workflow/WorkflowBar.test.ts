import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { recorded } from "../ipc/replay";
import type { WorkflowView } from "../ipc/types";
import { resetAll, tape, type TapeName } from "../test-utils";
import { ReviewController } from "./controller.svelte";
import WorkflowBar from "./WorkflowBar.svelte";

afterEach(resetAll);

/** Every workflow answer the back end gave in a recorded journey. */
function answers(name: TapeName): WorkflowView[] {
  return recorded(tape(name), "workflow")
    .map((c) => (c.response.status === "ok" ? (c.response.data as WorkflowView) : null))
    .filter((w): w is WorkflowView => w !== null && w.user !== null);
}

const ALL = (["review", "exchange-chairman", "exchange-member"] as TapeName[]).flatMap(answers);
// The workflow's own buttons; the file and exchange actions live in their menu and group.
const BAR_ACTIONS = ["open_round", "close_round", "submit", "return", "approve"];

function show(wf: WorkflowView) {
  const review = new ReviewController("q-test");
  review.workflow = wf;
  render(WorkflowBar, { props: { review, revision: 1 } });
  return { review, bar: screen.getByTestId("workflow-bar") };
}

const find = (pred: (w: WorkflowView) => boolean) => {
  const w = ALL.find(pred);
  if (!w) throw new Error("no such recorded answer");
  return w;
};

describe("workflow bar, on every recorded answer", () => {
  it("renders the domain's steps, its sentence, and only the actions the person is given", () => {
    expect(ALL.length).toBeGreaterThan(10);
    for (const wf of ALL) {
      const { bar } = show(wf);
      const steps = within(bar).getAllByTestId("workflow-step");
      expect(steps.map((s) => s.textContent?.replace(/^\s*(✓|\d)\s*/, "").trim())).toEqual(wf.steps.map((s) => s.label));
      expect(steps.map((s) => s.dataset.state)).toEqual(wf.steps.map((s) => s.state));
      expect(within(bar).getByTestId("workflow-next")).toHaveTextContent(wf.next!.sentence);
      for (const act of BAR_ACTIONS) {
        const a = wf.actions.find((x) => x.action === act)!;
        const button = within(bar).queryByTestId(`action-${act}`);
        if (!a.permitted) expect(button, `${wf.user!.name} ${wf.stage} ${act}`).toBeNull();
        if (button) expect(button).toHaveAttribute("data-allowed", a.allowed ? "true" : "false");
      }
      cleanup();
    }
  });

  it("shows a member in consultation no greyed workflow buttons", () => {
    const wf = find((w) => w.stage === "consultation" && w.user!.role === "member");
    const { bar } = show(wf);
    for (const act of BAR_ACTIONS) expect(within(bar).queryByTestId(`action-${act}`)).toBeNull();
    expect(within(bar).getByTestId("workflow-next").textContent).toMatch(/^Bạn /);
  });

  it("keeps Trình primary only when allowed, and says why not on hover and focus", () => {
    const wf = find((w) => w.stage === "revising" && w.user!.role === "chairman" && w.unresolved > 0);
    const { bar } = show(wf);
    const submit = within(bar).getByTestId("action-submit");
    expect(submit).toHaveAttribute("data-allowed", "false");
    expect(submit).not.toHaveClass("primary");
    const reason = wf.actions.find((a) => a.action === "submit")!.reason!;
    expect(reason).toMatch(/^Còn \d+ ý kiến chưa tiếp thu, giải trình \(/);
    expect(reason).not.toMatch(/c\d{4}/);
    expect(submit.title).toBe(reason);
    expect(document.getElementById(submit.getAttribute("aria-describedby")!)).toHaveTextContent(reason);
  });

  it("links the sentence to the unresolved comments", async () => {
    const wf = find((w) => w.next?.link === "unresolved_comments");
    expect(wf.unresolved_comments.length).toBe(wf.unresolved);
    const { review, bar } = show(wf);
    review.comments = wf.unresolved_comments.map((id) => ({ id, sent: "recorded" }) as never);
    expect(within(bar).getByTestId("workflow-next")).toHaveAttribute("data-link", "unresolved_comments");
    await fireEvent.click(within(bar).getByTestId("workflow-next-link"));
    expect(review.sideTab).toBe("comments");
    expect(review.active?.id).toBe(wf.unresolved_comments[0]);
  });

  it("says who returned a draft, when and why", () => {
    const wf = find((w) => w.stage === "returned");
    const { bar } = show(wf);
    const notice = within(bar).getByTestId("returned-notice");
    expect(notice).toHaveTextContent(wf.returned!.by_name);
    expect(within(notice).getByTestId("returned-reason")).toHaveTextContent(wf.returned!.reason);
    expect(within(bar).getAllByTestId("workflow-step")[2]).toHaveAttribute("data-state", "current");
  });

  it("opens one file menu (export and report together)", async () => {
    const wf = find((w) => w.stage === "revising" && w.user!.role === "chairman");
    const { bar } = show(wf);
    expect(within(bar).queryByTestId("action-report")).toBeNull();
    await fireEvent.click(within(bar).getByTestId("action-export"));
    const menu = screen.getByTestId("export-menu");
    expect(within(menu).getByTestId("export-docx")).toBeInTheDocument();
    expect(within(menu).getByTestId("report-html")).toBeInTheDocument();
    expect(within(menu).getByTestId("verify-file")).toBeInTheDocument();
    // Nothing file-like is left beside the menu.
    expect(within(bar).getAllByTestId("verify-file")).toHaveLength(1);
  });

  it("says 'all handled' only when there were comments to handle", () => {
    const wf = find((w) => w.stage === "consultation" && w.unresolved === 0);
    const empty = show(wf);
    expect(within(empty.bar).queryByTestId("unresolved-count")).toBeNull();
    cleanup();
    const busy = find((w) => w.unresolved > 0);
    expect(within(show(busy).bar).getByTestId("unresolved-count")).toHaveTextContent(`${busy.unresolved} ý kiến chưa xử lý`);
  });

  it("a member's file menu only checks a file: no export, no report", async () => {
    const wf = find((w) => w.stage === "consultation" && w.user!.role === "member");
    const { bar } = show(wf);
    await fireEvent.click(within(bar).getByTestId("action-export"));
    const menu = screen.getByTestId("export-menu");
    expect(within(menu).queryByTestId("export-docx")).toBeNull();
    expect(within(menu).queryByTestId("report-html")).toBeNull();
    expect(within(menu).getByTestId("verify-file")).toBeInTheDocument();
  });
});
