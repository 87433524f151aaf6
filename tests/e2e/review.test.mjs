// Review and approval in the real window (tauri-driver + WebKitWebDriver under Xvfb):
// a member comments, the chairman revises, resolves and submits, the secretary records
// the vote, the seal shows, and the export is written and verifies. A comment carrying
// HTML shows as text and runs nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, REPO_ROOT } from "./webdriver.mjs";
import { act, addPerson, answerDialogs, become, dialogsAsked, fillFirstRun, invoke, norm, sel, setValue, stage } from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 180000;
const T = { ready: 60000, ui: 20000 };
const XSS = "<img src=x onerror=alert(1)>";

const state = { driver: null, session: null, dataDir: null, outDir: null, failed: false, article14: null };
const log = (...a) => console.log("[e2e-review]", ...a);

async function shot(name) {
  const file = path.join(ART, `${name}.png`);
  await state.session.screenshot(file);
  log(`screenshot ${file}`);
}

async function step(t, name, fn) {
  if (state.failed) return t.skip("an earlier step failed");
  try {
    await fn(state.session);
  } catch (e) {
    state.failed = true;
    if (state.session) {
      await state.session.screenshot(path.join(ART, `failure-${name}.png`)).catch(() => {});
      const html = await state.session.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-${name}.html`), html);
    }
    throw e;
  }
}

/** The id of the regulation on screen, from the library's data. */
async function currentRegulation(s) {
  return s.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("list_regulations").then((l) => done(l[0].id), () => done(null));`,
  );
}

async function click(s, testid, within = null) {
  const el = await waitFor(() => (within ? within.find(sel(testid)).catch(() => null) : s.maybe(sel(testid))), {
    timeout: T.ui, message: `[data-testid="${testid}"]`,
  });
  await el.clickOrJs();
  return el;
}

before(async () => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}`);
  fs.mkdirSync(ART, { recursive: true });
  assert.equal(pidsOf(APP).length, 0, "an instance of the app is already running");
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-review-"));
  state.outDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-out-"));
  state.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: state.dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, "tauri-driver-review.log"),
  });
  const s = await Session.create(state.driver.url, {
    alwaysMatch: { "tauri:options": { application: APP, args: [] } },
    firstMatch: [{}],
  });
  await s.setTimeouts({ script: 30000, implicit: 0 }).catch(() => {});
  state.session = s;
});

after(async () => {
  if (state.session) await state.session.delete().catch(() => {});
  await waitForExit(APP, 20000);
  if (state.driver) await state.driver.stop();
  if (!process.env.QUYCHE_E2E_KEEP_DATA) {
    for (const d of [state.dataDir, state.outDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }
});

test("1. the chairman opens a consultation round on the demo", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "r1-round", async (s) => {
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the app to load" });
    // The first start asks who uses this machine, in a dialog that blocks the window: the
    // Chief of Office, whose signing identity this installation's seals will carry.
    await fillFirstRun(s, "Trần Thị Bình", "Chánh Văn phòng", "secretary");
    // No demo people: the Chief of Office adds the committee the journey needs.
    await addPerson(s, "Nguyễn Văn An", "chairman", "Chủ tịch");
    await addPerson(s, "Phạm Thị Dung", "member", "Ủy viên Ban Thường vụ");
    const sample = await waitFor(() => s.maybe(sel("sample-badge")), { timeout: T.ui, message: "the sample's Bản mẫu badge" });
    assert.match(norm(await sample.text()), /Bản mẫu/);
    const item = await waitFor(() => s.maybe(sel("regulation-item")), { timeout: T.ui, message: "the demo in the library" });
    await item.clickOrJs();
    await waitFor(async () => (await s.findAll('[data-testid="article"][data-article-id]')).length >= 25, {
      timeout: T.ui, message: "the demo's articles",
    });
    await stage(s, "draft");
    assert.match(norm(await (await s.find(sel("current-user"))).text()), /Trần Thị Bình/);
    // The Chief of Office may not open a round: the button is not hers (or says why).
    const open = await s.maybe(sel("action-open_round"));
    if (open) assert.equal(await open.attribute("aria-disabled"), "true");
    await become(s, "Nguyễn Văn An");
    await act(s, "open_round");
    await setValue(s, await waitFor(() => s.maybe(sel("round-deadline")), { timeout: T.ui, message: "deadline input" }), "15/12/2026");
    await click(s, "round-confirm");
    await stage(s, "consultation");
    for (const el of await s.findAll('[data-testid="article"][data-article-id]')) {
      if (/^Điều 14\b/.test(norm(await (await el.find(sel("article-heading"))).text()))) {
        state.article14 = await el.attribute("data-article-id");
      }
    }
    assert.ok(state.article14, "no Điều 14 in the demo");
  });
});

test("2. a member comments on a selected phrase and on an article; HTML in a comment is text", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "r2-comments", async (s) => {
    await become(s, "Phạm Thị Dung");
    await stage(s, "consultation");
    const art = await s.find(`[data-testid="article"][data-article-id="${state.article14}"]`);
    await s.execute("arguments[0].scrollIntoView({block: 'center'});", [art]);
    // Select "03 ngày làm việc" in Điều 14 khoản 2, as a mouse would.
    const selected = await s.execute(
      `const art = arguments[0];
       const walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
       let node;
       while ((node = walker.nextNode())) {
         const at = node.textContent.indexOf("03 ngày làm việc");
         if (at >= 0) {
           const r = document.createRange();
           r.setStart(node, at);
           r.setEnd(node, at + "03 ngày làm việc".length);
           const s = document.getSelection();
           s.removeAllRanges();
           s.addRange(r);
           document.dispatchEvent(new Event("selectionchange"));
           art.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
           return true;
         }
       }
       return false;`,
      [art],
    );
    assert.ok(selected, "could not select the phrase");
    await click(s, "comment-on-selection");
    const form = await waitFor(() => s.maybe(sel("comment-form")), { timeout: T.ui, message: "the comment form" });
    assert.match(norm(await form.text()), /khoản 2 Điều 14/);
    await setValue(s, await form.find(sel("comment-text")), "Đề nghị giữ thời hạn 05 ngày làm việc để các ủy viên kịp nghiên cứu.");
    await setValue(s, await form.find(sel("comment-proposal")), "05 ngày làm việc");
    await click(s, "comment-submit", form);
    await waitFor(async () => (await s.findAll(sel("comment-item"))).length === 1, { timeout: T.ui, message: "the first comment" });
    // On the chairman's own database a comment is recorded: there is nothing to send.
    assert.equal(norm(await (await s.find(`${sel("comment-item")} ${sel("comment-sent")}`)).text()), "Đã ghi nhận");
    // A second comment, on the whole of Điều 14, carrying HTML.
    await click(s, "comment-article", art);
    const form2 = await waitFor(() => s.maybe(sel("comment-form")), { timeout: T.ui, message: "the comment form again" });
    await setValue(s, await form2.find(sel("comment-text")), XSS);
    await click(s, "comment-submit", form2);
    await waitFor(async () => (await s.findAll(sel("comment-item"))).length === 2, { timeout: T.ui, message: "the second comment" });
    const panel = await s.find(sel("comments-panel"));
    assert.ok(norm(await panel.text()).includes(XSS), "the HTML comment is not shown as text");
    assert.equal((await s.findAll(`${sel("comments-panel")} img`)).length, 0, "an <img> element was created from a comment");
    assert.equal(await s.execute("return typeof window.__xss;"), "undefined");
    await shot("11-comment-sidebar");
  });
});

test("3. the chairman closes the round, revises, resolves with the per-comment redline, and submits", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "r3-resolve", async (s) => {
    await become(s, "Nguyễn Văn An");
    await act(s, "close_round");
    await stage(s, "revising");
    // Take up the proposal in one click: a new revision with the proposed wording, and
    // the decision "Tiếp thu" with its note. The select of the other starts empty.
    const first = (await s.findAll(sel("comment-item")))[0];
    assert.equal(await (await first.find(sel("resolve-decision"))).property("value"), "", "the decision starts empty");
    await click(s, "comment-adopt", first);
    await waitFor(async () => (await s.findAll('[data-testid="comment-item"][data-anchor="changed"][data-decision="accepted"]')).length === 1, {
      timeout: T.ui, message: "the adopted comment to be accepted, its quote changed",
    });
    const adopted = norm(await (await (await s.findAll(sel("comment-item")))[0].find(sel("comment-decision"))).text());
    assert.match(adopted, /Tiếp thu theo đề xuất của/);
    const art = await s.find(`[data-testid="article"][data-article-id="${state.article14}"]`);
    assert.match(norm(await art.text()), /chậm nhất 05 ngày làm việc/, "the new revision carries the proposal");
    const items = await s.findAll(sel("comment-item"));
    await click(s, "comment-redline", items[0]);
    const view = await waitFor(() => s.maybe(sel("comment-redline-view")), { timeout: T.ui, message: "the per-comment redline" });
    // The view shows before its redline has arrived: wait for the marks, not the frame.
    await waitFor(async () => (await s.execute(`return arguments[0].querySelectorAll('del, ins').length;`, [view])) > 0, {
      timeout: T.ui, message: "the per-comment redline's marks",
    });
    const dels = await s.execute(`return [...arguments[0].querySelectorAll('del')].map(d => d.textContent).join('|');`, [view]);
    const ins = await s.execute(`return [...arguments[0].querySelectorAll('ins')].map(d => d.textContent).join('|');`, [view]);
    assert.match(dels, /03/);
    assert.match(ins, /05/);
    assert.ok(await s.maybe(sel("proposal-adopted")), "the proposal went in word for word but is not marked so");
    await shot("12-comment-redline");
    for (const [i, decision, reason] of [[1, "explained", "Góp ý không có nội dung cụ thể."]]) {
      const item = (await s.findAll(sel("comment-item")))[i];
      await setValue(s, await item.find(sel("resolve-decision")), decision);
      await setValue(s, await item.find(sel("resolve-reason")), reason);
      await click(s, "resolve-submit", item);
      await waitFor(async () => {
        const again = (await s.findAll(sel("comment-item")))[i];
        return again && (await again.attribute("data-decision")) === decision;
      }, { timeout: T.ui, message: `comment ${i + 1} to be ${decision}` });
    }
    await act(s, "submit");
    await stage(s, "submitted");
  });
});

test("4. the secretary records the vote; the seal shows; the export is written and verifies", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "r4-approve", async (s) => {
    // The seal is signed with this installation's key: the first-run form makes it.
    await fillFirstRun(s, "Trần Thị Bình", "Chánh Văn phòng");
    await become(s, "Trần Thị Bình");
    await act(s, "approve");
    const form = await waitFor(() => s.maybe(sel("approval-form")), { timeout: T.ui, message: "the approval form" });
    for (const [id, v] of [["approval-form-kind", "meeting"], ["approval-date", "28/11/2026"], ["approval-members", "27"],
      ["approval-for", "13"], ["approval-against", "10"], ["approval-abstain", "4"], ["approval-decision-no", "12/QĐ-LMHTX"]]) {
      await setValue(s, await form.find(sel(id)), v);
    }
    await click(s, "approval-submit", form);
    const error = await waitFor(() => s.maybe(sel("approval-error")), { timeout: T.ui, message: "the refusal of 13 of 27" });
    assert.match(norm(await error.text()), /quá một nửa/);
    await setValue(s, await form.find(sel("approval-for")), "20");
    await setValue(s, await form.find(sel("approval-against")), "5");
    await setValue(s, await form.find(sel("approval-abstain")), "2");
    await click(s, "approval-submit", form);
    const seal = await waitFor(() => s.maybe(sel("seal")), { timeout: T.ui, message: "the seal" });
    const sealText = norm(await seal.text());
    assert.match(sealText, /12\/QĐ-LMHTX/);
    assert.match(sealText, /nguyên vẹn/);
    await stage(s, "approved");
    await shot("13-seal");

    // The promulgated text: no draft mark, the decision's number and date in the header,
    // and "Sửa" on the approved text asks first (cancelled: nothing opens, nothing changes).
    await waitFor(async () => !(await s.maybe(sel("draft-mark"))), { timeout: T.ui, message: "the draft mark to go" });
    const number = await waitFor(() => s.maybe(".doc-header .number"), { timeout: T.ui, message: "the number line" });
    assert.match(norm(await number.text()), /Số: 12\/QĐ-LMHTX/);
    assert.match(norm(await (await s.find(".doc-title")).text()), /Quyết định số 12\/QĐ-LMHTX ngày \d{2} tháng \d{1,2} năm \d{4}/);
    const editButton = (await s.findAll('[data-testid="article"] button[aria-label^="Sửa Điều"]'))[0];
    await editButton.clickOrJs();
    const confirm = await waitFor(() => s.maybe(sel("edit-approved-confirm")), { timeout: T.ui, message: "the confirm before editing" });
    assert.match(norm(await confirm.text()), /Quyết định số 12\/QĐ-LMHTX.*bắt đầu một dự thảo sửa đổi/);
    await shot("13b-edit-approved-confirm");
    await click(s, "edit-approved-cancel", confirm);
    await waitFor(async () => !(await s.maybe(sel("edit-approved-confirm"))), { timeout: T.ui, message: "the confirm to close" });
    assert.equal(await s.maybe("form.editor"), null, "Cancel opened the editor");

    // The export menu, clicked: the command opens the save dialog in Rust, answered from
    // the test build's queue with the path a user would have chosen; the Rust export code
    // runs for real and writes the file. A closed dialog first: nothing is written.
    const docx = path.join(state.outDir, "quy-che.docx");
    const report = path.join(state.outDir, "bang-tong-hop.html");
    const exportDocx = async () => {
      await (await s.find(sel("action-export"))).clickOrJs();
      await (await waitFor(() => s.maybe(sel("export-docx")), { timeout: T.ui, message: "the export menu" })).clickOrJs();
    };
    const before = dialogsAsked(state.dataDir).length;
    answerDialogs(state.dataDir, null);
    await exportDocx();
    await waitFor(async () => !(await s.maybe(sel("export-progress"))) && dialogsAsked(state.dataDir).length === before + 1, {
      timeout: T.ui, message: "the cancelled export to end",
    });
    assert.ok(!fs.existsSync(docx), "a closed dialog wrote a file");
    answerDialogs(state.dataDir, docx);
    await exportDocx();
    await waitFor(() => fs.existsSync(docx), { timeout: T.ui, message: "the exported DOCX" });
    const asked = dialogsAsked(state.dataDir).at(-1);
    assert.equal(asked.kind, "export");
    assert.match(asked.file_name, /^quy-che-lam-viec[a-z0-9-]*\.docx$/, "the suggested name comes from the title");
    answerDialogs(state.dataDir, report, docx);
    // The window names its long work (`WORK_IDS.export` in ui/src/lib/shared/long-work.svelte.ts).
    await invoke(s, "export_report", { regulationId: await currentRegulation(s), format: "html", work: 4 });
    assert.ok(fs.existsSync(report), "the report was not written");
    const verified = await invoke(s, "verify_export");
    assert.equal(verified.matches, true, `the exported DOCX does not verify: ${JSON.stringify(verified)}`);
    assert.equal(verified.verdict, "trusted", `the seal is not signed by this installation: ${JSON.stringify(verified)}`);
    log(`export ${docx} verifies against seal ${verified.seal}`);
    // The response report, as a reader sees it.
    const html = fs.readFileSync(report, "utf8");
    assert.ok(html.includes("khoản 2 Điều 14") && html.includes("Tiếp thu"), "the report lacks the comment");
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;") && !html.includes(XSS), "the report does not escape comment text");
    try {
      execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800",
        `--screenshot=${path.join(ART, "14-response-report.png")}`, `file://${report}`], { stdio: "ignore", timeout: 60000 });
      log(`screenshot ${path.join(ART, "14-response-report.png")}`);
    } catch (e) {
      log(`could not screenshot the report with chromium: ${e.message}`);
    }
  });
});

test("5. the promulgation set is written from the menu and verifies", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "r5-promulgation", async (s) => {
    // "Tệp ▾ → Xuất bộ ban hành (Word)…": the save dialog (answered from the queue) gets
    // the name the API suggests; the set (the decision, then the sealed regulation) is
    // written by the real export code, and the window's success line names the file.
    const set = path.join(state.outDir, "bo-ban-hanh.docx");
    answerDialogs(state.dataDir, set);
    await (await s.find(sel("action-export"))).clickOrJs();
    await click(s, "promulgation-docx");
    await waitFor(() => fs.existsSync(set), { timeout: T.ui, message: "the promulgation set" });
    const asked = dialogsAsked(state.dataDir).at(-1);
    assert.equal(asked.kind, "promulgation");
    assert.equal(asked.title, "Xuất bộ ban hành");
    assert.match(asked.file_name, /^quy-che-lam-viec[a-z0-9-]*-bo-ban-hanh\.docx$/, "the suggested name comes from the title");
    const line = await waitFor(async () => {
      const text = await s.execute(`return [...document.querySelectorAll('[data-testid="toast"]')].map(t => t.textContent.normalize("NFC")).join(" | ");`);
      return text.includes(set) ? text : null;
    }, { timeout: T.ui, interval: 100, message: "the success line naming the file" });
    assert.match(line, /Đã xuất bộ ban hành/);
    await shot("15-promulgation-set");
    answerDialogs(state.dataDir, set);
    const verified = await invoke(s, "verify_export");
    assert.equal(verified.matches, true, `the promulgation set does not verify: ${JSON.stringify(verified)}`);
    assert.equal(verified.verdict, "trusted", `the set's seal is not this installation's: ${JSON.stringify(verified)}`);
    log(`promulgation set ${set} verifies against seal ${verified.seal}`);
  });
});
