// The review controller's clicks while the workflow is loading, and loads that overtake
// each other. The back end is a set of promises the test settles by hand, so each case
// fixes the order of events that a slow machine produces by chance (the real-window
// journey once lost "Đóng đợt" this way: the click landed while the previous person's
// workflow was still on screen, and was dropped without a word).
import type { ActionView, PersonView, WorkflowView } from "../ipc/types";
import { session } from "../people/session.svelte";
import { clearToasts, toasts } from "../shared/toasts.svelte";
import { ReviewController } from "./controller.svelte";

const backend = vi.hoisted(() => ({
  workflow: vi.fn(),
  comments: vi.fn(),
  changesWithoutComment: vi.fn(),
  closeRound: vi.fn(),
}));

vi.mock(import("../ipc/client"), async (original) => ({ ...(await original()), api: backend as never }));

const CHAIRMAN: PersonView = { id: "p-chu-tich", name: "Nguyễn Văn An", position: "Chủ tịch", role: "chairman", has_key: false };
const MEMBER: PersonView = { id: "p-uy-vien", name: "Phạm Thị Dung", position: "Ủy viên Ban Thường vụ", role: "member", has_key: false };
const REFUSAL = "Phạm Thị Dung (Ủy viên) không có quyền đóng đợt lấy ý kiến.";

/** The consultation stage as `user` sees it: only the chairman may close the round. */
function workflowFor(user: PersonView): WorkflowView {
  const closeRound: ActionView =
    user.role === "chairman"
      ? { action: "close_round", allowed: true, permitted: true, reason: null }
      : { action: "close_round", allowed: false, permitted: false, reason: REFUSAL };
  return {
    stage: "consultation",
    stage_label: "Đang lấy ý kiến",
    received_copy: false,
    user,
    asked_for: user.id,
    actions: [closeRound],
    round: { id: "r1", number: 1, revision: 2, deadline: null, reviewers: [], open: true, opened_at: "2026-11-20T02:00:00Z" },
    rounds: 1,
    approvals: [],
    unresolved: 0,
    received: null,
    steps: [],
    next: null,
    unresolved_comments: [],
    returned: null,
  };
}

/** A back-end answer the test releases when it wants. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The next `workflow` call waits for the returned answer. */
function slowWorkflow() {
  const d = deferred<WorkflowView>();
  backend.workflow.mockImplementationOnce(() => d.promise);
  return d;
}

const toastTexts = () => toasts.map((t) => t.text);

beforeEach(() => {
  vi.resetAllMocks();
  backend.comments.mockResolvedValue([]);
  backend.changesWithoutComment.mockResolvedValue([]);
  session.reset();
  session.loaded = true;
  clearToasts();
});

afterAll(() => session.reset());

describe("a click while the workflow loads", () => {
  it("waits for the first load, then runs when the answer allows it", async () => {
    session.user = CHAIRMAN;
    const review = new ReviewController("qc");
    const load = slowWorkflow();
    void review.refresh();
    const go = vi.fn();
    const click = review.attempt("close_round", go);
    expect(review.waiting).toBe("close_round");
    expect(go).not.toHaveBeenCalled();
    load.resolve(workflowFor(CHAIRMAN));
    expect(await click).toBe(true);
    expect(go).toHaveBeenCalledTimes(1);
    expect(review.waiting).toBeNull();
  });

  it("after switching person, runs on the new person's answer, not the previous one's", async () => {
    session.user = MEMBER;
    const review = new ReviewController("qc");
    backend.workflow.mockResolvedValueOnce(workflowFor(MEMBER));
    await review.refresh();
    expect(review.can("close_round")).toBe(false);
    // The chairman takes over; the reload is still on its way when the click lands.
    session.user = CHAIRMAN;
    const load = slowWorkflow();
    void review.refresh();
    const go = vi.fn();
    const click = review.attempt("close_round", go);
    expect(go).not.toHaveBeenCalled();
    load.resolve(workflowFor(CHAIRMAN));
    expect(await click).toBe(true);
    expect(go).toHaveBeenCalledTimes(1);
    expect(toastTexts()).toEqual([]);
  });

  it("reloads by itself when the person changed and no reload has started yet", async () => {
    session.user = MEMBER;
    const review = new ReviewController("qc");
    backend.workflow.mockResolvedValueOnce(workflowFor(MEMBER));
    await review.refresh();
    session.user = CHAIRMAN;
    backend.workflow.mockResolvedValueOnce(workflowFor(CHAIRMAN));
    const go = vi.fn();
    expect(await review.attempt("close_round", go)).toBe(true);
    expect(go).toHaveBeenCalledTimes(1);
    expect(backend.workflow).toHaveBeenCalledTimes(2);
  });

  it("says why when the fresh answer refuses", async () => {
    session.user = MEMBER;
    const review = new ReviewController("qc");
    const load = slowWorkflow();
    void review.refresh();
    const go = vi.fn();
    const click = review.attempt("close_round", go);
    load.resolve(workflowFor(MEMBER));
    expect(await click).toBe(false);
    expect(go).not.toHaveBeenCalled();
    expect(toastTexts()).toEqual([REFUSAL]);
  });

  it("says the workflow could not load, when it could not", async () => {
    session.user = CHAIRMAN;
    const review = new ReviewController("qc");
    backend.workflow.mockRejectedValueOnce({ code: "io", message: "Không đọc được cơ sở dữ liệu." });
    const go = vi.fn();
    expect(await review.attempt("close_round", go)).toBe(false);
    expect(go).not.toHaveBeenCalled();
    expect(toastTexts()).toEqual(["Không tải được quy trình: Không đọc được cơ sở dữ liệu."]);
  });
});

describe("a click while an action runs", () => {
  it("says what is running instead of dropping the click", async () => {
    session.user = CHAIRMAN;
    const review = new ReviewController("qc");
    backend.workflow.mockResolvedValue(workflowFor(CHAIRMAN));
    await review.refresh();
    const closing = deferred<unknown>();
    backend.closeRound.mockImplementationOnce(() => closing.promise);
    const first = review.attempt("close_round", () => review.closeRound());
    expect(await first).toBe(true);
    expect(review.busy).toBe("close_round");
    const go = vi.fn();
    expect(await review.attempt("close_round", go)).toBe(false);
    expect(go).not.toHaveBeenCalled();
    expect(toastTexts()).toEqual(["Đang đóng đợt lấy ý kiến, vui lòng chờ."]);
    closing.resolve({ id: "r1", number: 1, revision: 2, deadline: null, reviewers: [], open: false, opened_at: "2026-11-20T02:00:00Z" });
    await vi.waitFor(() => expect(review.busy).toBeNull());
  });
});

describe("loads that overtake each other", () => {
  it("keeps the newest load's answer when an older one arrives last", async () => {
    session.user = MEMBER;
    const review = new ReviewController("qc");
    const older = slowWorkflow();
    const first = review.refresh();
    session.user = CHAIRMAN;
    const newer = slowWorkflow();
    const second = review.refresh();
    newer.resolve(workflowFor(CHAIRMAN));
    await second;
    expect(review.workflow?.user?.id).toBe(CHAIRMAN.id);
    expect(review.loading).toBe(false);
    older.resolve(workflowFor(MEMBER));
    await first;
    expect(review.workflow?.user?.id).toBe(CHAIRMAN.id);
    expect(review.can("close_round")).toBe(true);
  });

  it("stays loading until the newest load is in, and a click waits for that one", async () => {
    session.user = MEMBER;
    const review = new ReviewController("qc");
    const older = slowWorkflow();
    void review.refresh();
    const go = vi.fn();
    const click = review.attempt("close_round", go);
    session.user = CHAIRMAN;
    const newer = slowWorkflow();
    void review.refresh();
    older.resolve(workflowFor(MEMBER));
    await Promise.resolve();
    expect(review.loading).toBe(true);
    expect(go).not.toHaveBeenCalled();
    newer.resolve(workflowFor(CHAIRMAN));
    expect(await click).toBe(true);
    expect(go).toHaveBeenCalledTimes(1);
  });
});
