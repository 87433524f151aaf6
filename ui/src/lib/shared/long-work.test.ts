import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { FILES, recorded, recordedError } from "../ipc/replay";
import type { WorkProgress } from "../ipc/types";
import { commandCalls, installBackend, resetAll, tape } from "../test-utils";
import { isStopped, LongWork, SHOW_AFTER_MS, WORK_IDS } from "./long-work.svelte";
import LongWorkProgress from "./LongWorkProgress.svelte";

afterEach(resetAll);

// The progress is the back end's, recorded while a big import ran (the library tape:
// `luat-dai.txt`, stopped at its parsing stage): the window only shows it.
const BIG = `${FILES}/luat-dai.txt`;
const seen = recorded(tape("library"), "work_progress", { work: WORK_IDS.import })
  .map((c) => (c.response.status === "ok" ? (c.response.data as WorkProgress | null) : null))
  .find((p) => p !== null)!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A command that answers after `ms` (any command: the work is what is watched). */
const slow = (ms: number) => () => sleep(ms).then(() => "xong");

describe("long work: progress and Dừng", () => {
  it("the recorded progress is a stage of a running import", () => {
    expect(seen).toMatchObject({ work: WORK_IDS.import, done: 2, total: 4, stopping: false });
    expect(seen.stage).toMatch(/^Đang tìm chương, điều trong \d+ dòng…$/);
  });

  it("quick work never shows and never asks how far it has come", async () => {
    const backend = installBackend("library");
    const work = new LongWork(WORK_IDS.import);
    render(LongWorkProgress, { props: { work, label: "Đang nhập văn bản…" } });
    const answer = await work.run(slow(SHOW_AFTER_MS / 3));
    expect(answer).toBe("xong");
    await sleep(SHOW_AFTER_MS + 100);
    expect(screen.queryByTestId("work-progress")).toBeNull();
    expect(commandCalls(backend, "work_progress")).toHaveLength(0);
  });

  it("slow work shows its stage and a progress bar with aria values, and Dừng asks it to stop", async () => {
    const backend = installBackend("library");
    const work = new LongWork(WORK_IDS.import);
    render(LongWorkProgress, { props: { work, label: "Đang nhập văn bản…", stopTitle: "Dừng nhập" } });
    const running = work.run(slow(2500));
    await sleep(SHOW_AFTER_MS / 2);
    expect(screen.queryByTestId("work-progress")).toBeNull(); // not yet: no flash
    const shown = await screen.findByTestId("work-progress");
    const bar = screen.getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-label", "Đang nhập văn bản…");
    // The back end's answer: stage 2 of 4, as a share of the bar.
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", String(seen.done)));
    expect(bar).toHaveAttribute("aria-valuemin", "0");
    expect(bar).toHaveAttribute("aria-valuemax", String(seen.total));
    expect(bar).toHaveAttribute("aria-valuetext", "50%");
    expect(screen.getByTestId("work-progress-stage")).toHaveTextContent(seen.stage);
    expect(commandCalls(backend, "work_progress")[0].args).toEqual({ work: WORK_IDS.import });

    const stop = screen.getByTestId("stop-work");
    expect(stop).toHaveTextContent("Dừng");
    expect(stop).toHaveAttribute("title", "Dừng nhập");
    await fireEvent.click(stop);
    await waitFor(() => expect(commandCalls(backend, "cancel_work")).toEqual([{ cmd: "cancel_work", args: { work: WORK_IDS.import } }]));
    await waitFor(() => expect(shown).toHaveAttribute("data-stopping", "true"));
    expect(screen.getByTestId("work-progress-stage")).toHaveTextContent("Đang dừng…");
    expect(stop).toBeDisabled();
    await running;
    await waitFor(() => expect(screen.queryByTestId("work-progress")).toBeNull());
  }, 10000);

  it("before the back end answers, the bar runs without a value", async () => {
    installBackend("library");
    // The answers come late: the bar is shown, with no value yet.
    const work = new LongWork(WORK_IDS.import);
    mockIPC(() => sleep(5000).then(() => null));
    render(LongWorkProgress, { props: { work, label: "Đang xuất…" } });
    const running = work.run(slow(SHOW_AFTER_MS + 400));
    await screen.findByTestId("work-progress");
    const bar = screen.getByRole("progressbar");
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAttribute("aria-valuetext", "Đang xử lý");
    expect(screen.getByTestId("work-progress-stage")).toHaveTextContent("Đang xuất…");
    await running;
  });

  it("a stopped import's answer is told apart from a failure", () => {
    expect(isStopped(recordedError(tape("library"), "import_file", {}, BIG))).toBe(true);
    expect(isStopped(recordedError(tape("library"), "import_file", {}, `${FILES}/anh.png`))).toBe(false);
  });
});
