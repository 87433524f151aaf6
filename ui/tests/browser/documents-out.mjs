// Headless Chromium test of documents out (issue 13) in the built UI: the mock build
// serves the tape `documents-out` (written by crates/api/tests/recorded_ipc.rs,
// `documents_out`) with `?tape=documents-out&from=MARK`. It clicks the file menu's
// "Xuất bộ ban hành" entries and the redline view's "Xuất bản so sánh" buttons, checks the
// line the user sees (the success line names the file; the back end's refusal is shown),
// and saves screenshots to ../artifacts/ui/. Run by `npm run test:browser` after run.mjs
// (which builds nothing: the mock build is made first). Exits non-zero when a step fails.
import { check, openSession, readTape, T } from "./harness.mjs";

// What the tape holds, read from it rather than written down again.
const tape = readTape("documents-out");
const recorded = (cmd, args) =>
  tape.filter((e) => e.cmd === cmd && Object.entries(args).every(([k, v]) => JSON.stringify(e.args[k]) === JSON.stringify(v)));
/** The recorded answer of `cmd` with `args`: the first written one, or else the refusal. */
const answer = (cmd, args) => {
  const all = recorded(cmd, args);
  const e = all.find((c) => c.response.status === "ok") ?? all[0];
  if (!e) throw new Error(`no recorded ${cmd} ${JSON.stringify(args)}`);
  return e.response;
};

const { base, page, problems, shot, step, finish } = await openSession();

/** Opens the tape from `mark` (with more of the query, `&slow=…`), the first regulation, and the file menu. */
async function openMenu(mark, more = "") {
  await page.goto(`${base}?tape=documents-out&from=${mark}${more}`);
  await page.locator(T("regulation-item")).first().click();
  await page.locator(T("outline")).waitFor();
  await page.locator(`${T("workflow-bar")} ${T("action-export")}`).click();
  await page.locator(T("export-menu")).waitFor();
}

/** The text of the toasts shown, once one includes `text`. */
async function toastWith(text) {
  await page.locator(T("toast"), { hasText: text }).first().waitFor({ timeout: 10000 });
  return (await page.locator(T("toast")).allTextContents()).join(" | ");
}

await step("approved: “Xuất bộ ban hành (Word)…” writes the set and the line names the file", async () => {
  await openMenu("approved");
  await shot("documents-out-menu");
  const set = answer("export_promulgation", { format: "docx" }).data;
  await page.locator(T("promulgation-docx")).click();
  const line = await toastWith(set.path);
  check(line.includes(`Đã xuất bộ ban hành (quyết định và quy chế, phiên bản ${set.revision}) ra tệp ${set.path}`), line);
  await shot("documents-out-promulgation-docx");
});

await step("approved: the set written verifies against its seal", async () => {
  const set = answer("export_promulgation", { format: "docx" }).data;
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), set.path);
  await page.locator(`${T("workflow-bar")} ${T("action-export")}`).click();
  await page.locator(T("verify-file")).click();
  const result = page.locator(T("verify-result"));
  await result.waitFor();
  check((await result.locator(T("verify-mismatch")).count()) === 0, "the set does not match its seal");
  await shot("documents-out-verified");
  await page.keyboard.press("Escape");
});

await step("approved: “Xuất bộ ban hành (PDF)…” says what the back end answered", async () => {
  await openMenu("approved");
  const set = answer("export_promulgation", { format: "pdf" });
  await page.locator(T("promulgation-pdf")).click();
  const line = await toastWith(set.status === "ok" ? set.data.path : set.error.message);
  check(set.status !== "ok" || line.includes("Đã xuất bộ ban hành"), line);
});

// Long work in a real browser: the report as Word, answered after 2.5 s as a big file
// would be, shows its progress bar (screenshot), and "Dừng" stops it before the write.
await step("approved: a slow report export shows its progress, and Dừng stops it", async () => {
  const stopped = recorded("export_report", { format: "docx" }).find((c) => c.response.status === "error");
  check(stopped !== undefined, "no stopped report export in the tape");
  await openMenu("approved", "&slow=export_report:2500");
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), stopped.dialog);
  await page.locator(T("report-docx")).click();
  const bar = page.locator(`${T("work-progress")} [role="progressbar"]`);
  await bar.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="work-progress"] [role="progressbar"]')?.getAttribute("aria-valuenow") === "1");
  const stage = await page.locator(T("work-progress-stage")).textContent();
  check(/^Đang ghi tệp \(\d+ KB\)…$/.test(stage ?? ""), `stage: ${stage}`);
  await shot("documents-out-export-progress");
  await page.locator(T("stop-work")).click();
  const line = await toastWith(stopped.response.error.message);
  check(!line.includes("Đã lập"), line);
  check((await page.locator(`${T("toast")}.error`).count()) === 0, "the stop was shown as an error");
  await page.locator(T("work-progress")).waitFor({ state: "detached" });
  await shot("documents-out-export-stopped");
});

await step("draft: the set is refused before any dialog, and the error line says why", async () => {
  await openMenu("draft");
  const refusal = recorded("export_promulgation", { format: "docx" }).find((c) => c.response.status === "error")?.response;
  check(refusal !== undefined, "the draft's set was not refused");
  await page.locator(T("promulgation-docx")).click();
  const line = await toastWith(refusal.error.message);
  check(!line.includes("Đã xuất"), line);
  await shot("documents-out-draft-refused");
});

await step("redline: “Xuất bản so sánh (Word)…” and “(PDF)…” write the pair shown", async () => {
  await page.goto(`${base}?tape=documents-out&from=redline`);
  await page.locator(T("regulation-item")).first().click();
  await page.locator(T("outline")).waitFor();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  const to = recorded("redline", {})[0].args.toRevision;
  for (const format of ["docx", "pdf"]) {
    const path = answer("export_redline", { toRevision: to, format }).data;
    await page.locator(T("redline-export")).click();
    if (format === "docx") await shot("documents-out-redline-menu");
    const button = page.locator(T(`redline-export-${format}`));
    check((await button.getAttribute("aria-disabled")) === null, `${format} is off`);
    await button.click();
    const line = await toastWith(path);
    check(line.includes(`Đã xuất bản so sánh phiên bản 1 với phiên bản ${to} ra tệp ${path}`), line);
  }
  await shot("documents-out-redline");
});

// The redline's "Xuất ▾" is the shared DropdownMenu: in a real browser the keyboard reaches
// its items and Escape gives the focus back (jsdom only approximates focus).
await step("redline: “Xuất ▾” is a menu the keyboard can use", async () => {
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  await page.locator(T("redline-export")).click();
  check((await page.locator(`[role="menu"] [role="menuitem"]`).count()) === 2, "the two exports are not menu items");
  check((await focused()) === "redline-export-docx", `opening focused ${await focused()}`);
  await page.keyboard.press("ArrowDown");
  check((await focused()) === "redline-export-pdf", `ArrowDown focused ${await focused()}`);
  await page.keyboard.press("Escape");
  check((await page.locator('[role="menu"]').count()) === 0, "Escape left the menu open");
  check((await focused()) === "redline-export", `Escape gave the focus to ${await focused()}`);
});

await step("no console errors or CSP violations, and every call had a recording", async () => {
  const unrecorded = await page.evaluate(() => window.__QUYCHE_REPLAY__.unrecorded);
  check(unrecorded.length === 0, unrecorded.join("\n"));
  check(problems.length === 0, problems.join("\n"));
});

await finish();
