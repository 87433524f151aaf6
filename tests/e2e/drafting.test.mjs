// The drafting journey in the real window (issue 11): a regulation from a template, an
// article added from the outline with a reference through the picker, the referenced
// article moved above the one that names it (the reference is relabelled), undo (the
// label returns), and a screenshot. Run alone:
//   npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs
//   xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/drafting.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, REPO_ROOT } from "./webdriver.mjs";
import { fillFirstRun, norm, sel, setValue } from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 180000;
const T = { ready: 60000, ui: 20000 };
const TITLE = "Làm việc của Ban Thường vụ (thử soạn)";
const NEW_ARTICLE = "Phối hợp soạn thảo";

const state = { driver: null, session: null, dataDir: null, failed: false, newId: null, targetId: null };
const log = (...a) => console.log("[e2e drafting]", ...a);

// W3C key values: modifiers and arrows.
const KEY = { alt: "\uE00A", ctrl: "\uE009", shift: "\uE008", up: "\uE013" };

/** Presses `key` with `mods` held, on whatever has focus (one W3C key action sequence). */
async function chord(s, mods, key) {
  const actions = [
    ...mods.map((m) => ({ type: "keyDown", value: m })),
    { type: "keyDown", value: key },
    { type: "keyUp", value: key },
    ...mods.reverse().map((m) => ({ type: "keyUp", value: m })),
  ];
  await s.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await s.cmd("DELETE", "/actions").catch(() => {});
}

async function shot(name) {
  // The new article in view: its reference is what the screenshot is about.
  if (state.newId) {
    await state.session.execute(
      `document.querySelector('[data-testid="article"][data-article-id="' + arguments[0] + '"]')?.scrollIntoView({ block: "center" });`,
      [state.newId],
    ).catch(() => {});
  }
  const file = path.join(ART, `${name}.png`);
  await state.session.screenshot(file);
  log(`screenshot ${file}`);
  return file;
}

async function step(t, name, fn) {
  if (state.failed) return t.skip("an earlier step failed");
  try {
    await fn();
  } catch (e) {
    state.failed = true;
    if (state.session) {
      await state.session.screenshot(path.join(ART, `failure-drafting-${name}.png`)).catch(() => {});
      const html = await state.session.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-drafting-${name}.html`), html);
    }
    throw e;
  }
}

/** The outline entry shown as `label` ("Điều 3"), or null. */
const entry = (s, label) => s.maybe(`${sel("outline")} ${sel("outline-article")}[data-label="${label}"]`);

/** The text of the article with stable id `id`, as the document shows it. */
async function articleText(s, id) {
  const art = await s.maybe(`[data-testid="article"][data-article-id="${id}"]`);
  return art ? norm(await art.text()) : "";
}

/** The label of the one reference in the new article, as the document shows it now. */
async function referenceIn(s, id) {
  return s.execute(
    `const a = document.querySelector('[data-testid="article"][data-article-id="' + arguments[0] + '"]');
     const r = a && a.querySelector('[data-testid="reference"]');
     if (r) return r.textContent.normalize("NFC").trim();
     const m = a && a.textContent.normalize("NFC").match(/theo Điều \\d+/);
     return m ? m[0].slice(5) : null;`,
    [id],
  );
}

async function revision(s) {
  const cur = await s.maybe(sel("current-revision"));
  return cur ? Number(await cur.attribute("data-revision")) : 0;
}

before(async () => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}: build it with "npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs"`);
  fs.mkdirSync(ART, { recursive: true });
  for (const f of fs.readdirSync(ART)) if (/^(drafting-|failure-drafting-)/.test(f)) fs.rmSync(path.join(ART, f));
  const left = pidsOf(APP);
  assert.equal(left.length, 0, `an instance of ${APP} is already running (pids ${left.join(",")}); close it first`);
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-drafting-"));
  state.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: state.dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, "drafting-tauri-driver.log"),
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
  if (state.dataDir && !process.env.QUYCHE_E2E_KEEP_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
});

test("1. a new regulation from the Standing Committee's template", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "1-new", async () => {
    const s = state.session;
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the app to be ready" });
    await fillFirstRun(s, "Trần Thị Bình", "Chánh Văn phòng", "secretary");
    const button = await waitFor(() => s.maybe(sel("new-regulation")), { timeout: T.ui, message: "the library's new-regulation button" });
    await button.clickOrJs();
    const option = await waitFor(() => s.maybe(sel("template-btv")), { timeout: T.ui, message: "the template-btv option" });
    await option.clickOrJs();
    await setValue(s, await s.find(sel("new-regulation-title")), TITLE);
    await (await s.find(sel("new-regulation-create"))).clickOrJs();
    const articles = await waitFor(async () => {
      const list = await s.findAll(`${sel("outline")} ${sel("outline-article")}`);
      return list.length >= 4 ? list : null;
    }, { timeout: T.ui, message: "the new regulation's outline with its articles" });
    log(`new regulation: ${articles.length} articles, revision ${await revision(s)}`);
  });
});

test("2. an article added after Điều 1 names Điều 3 through the picker", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "2-insert", async () => {
    const s = state.session;
    await (await entry(s, "Điều 1")).clickOrJs();
    await (await s.find(sel("outline-insert-article"))).clickOrJs();
    const title = await waitFor(() => s.maybe(sel("insert-article-title")), { timeout: T.ui, message: "the new article's title prompt" });
    await title.sendKeys(NEW_ARTICLE);
    if (norm(await title.property("value")) !== NEW_ARTICLE) await setValue(s, title, NEW_ARTICLE);
    const rev = await revision(s);
    await (await s.find(sel("insert-article-confirm"))).clickOrJs();
    await waitFor(async () => (await revision(s)) === rev + 1, { timeout: T.ui, message: "the insert saved as a new revision" });
    const added = await waitFor(() => entry(s, "Điều 2"), { timeout: T.ui, message: "the new Điều 2 in the outline" });
    // textContent: WebKitWebDriver reads a line-clamped box's visible text as empty.
    assert.match(norm(await added.property("textContent")), new RegExp(NEW_ARTICLE));
    state.newId = await added.attribute("data-unit-id");
    state.targetId = await (await entry(s, "Điều 3")).attribute("data-unit-id");

    // The structured article editor opened on it: type, Ctrl+K, pick Điều 3, save.
    const body = await waitFor(() => s.maybe(sel("article-editor-body")), { timeout: T.ui, message: "the article editor on the new article" });
    await s.execute("arguments[0].focus();", [body]);
    await body.sendKeys("Phối hợp theo ");
    await chord(s, [KEY.ctrl], "k");
    const search = await waitFor(() => s.maybe(sel("reference-picker-search")), { timeout: T.ui, message: "the reference picker after Ctrl+K" });
    await search.sendKeys("Điều 3");
    const option = await waitFor(() => s.maybe(`${sel("reference-option")}[data-label="Điều 3"]`), { timeout: T.ui, message: "Điều 3 among the picker's options" });
    await option.clickOrJs();
    await waitFor(() => s.maybe(`${sel("article-editor-body")} ${sel("reference")}`), { timeout: T.ui, message: "the reference node in the editor" });
    const saved = await revision(s);
    await (await s.find(sel("article-save"))).clickOrJs();
    await waitFor(async () => (await revision(s)) === saved + 1, { timeout: T.ui, message: "the article saved" });
    const label = await waitFor(() => referenceIn(s, state.newId), { timeout: T.ui, message: "the reference in the saved article" });
    assert.equal(label, "Điều 3");
    log(`Điều 2 (${state.newId}) names ${label}: ${await articleText(s, state.newId)}`);
    await shot("drafting-1-reference");
  });
});

test("3. the target moved above the article that names it: the reference is relabelled", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "3-move", async () => {
    const s = state.session;
    const target = await entry(s, "Điều 3");
    assert.equal(await target.attribute("data-unit-id"), state.targetId);
    await target.clickOrJs();
    await s.execute("arguments[0].focus();", [target]);
    const rev = await revision(s);
    await chord(s, [KEY.alt], KEY.up);
    await waitFor(async () => (await revision(s)) === rev + 1, { timeout: T.ui, message: "Alt+↑ saved as a new revision" });
    const moved = await waitFor(() => entry(s, "Điều 2"), { timeout: T.ui, message: "the outline after the move" });
    assert.equal(await moved.attribute("data-unit-id"), state.targetId, "the target is Điều 2 now");
    const label = await waitFor(async () => ((await referenceIn(s, state.newId)) === "Điều 2" ? "Điều 2" : null), {
      timeout: T.ui, message: "the reference to read Điều 2",
    });
    const toast = await s.execute(`return [...document.querySelectorAll('[data-testid="toast"]')].map(t => t.textContent.normalize("NFC")).join(" | ");`);
    log(`after the move the reference reads ${label}; toast: ${toast}`);
    assert.match(toast, /1 tham chiếu được đánh số lại/);
    await shot("drafting-2-moved");
  });
});

test("4. undo: the label returns, as a new revision", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "4-undo", async () => {
    const s = state.session;
    const rev = await revision(s);
    const undo = await s.find(sel("structure-undo"));
    assert.equal(await undo.property("disabled"), false);
    await undo.clickOrJs();
    await waitFor(async () => (await revision(s)) === rev + 1, { timeout: T.ui, message: "the undo saved as a new revision" });
    await waitFor(async () => ((await referenceIn(s, state.newId)) === "Điều 3" ? true : null), {
      timeout: T.ui, message: "the reference to read Điều 3 again",
    });
    const back = await entry(s, "Điều 3");
    assert.equal(await back.attribute("data-unit-id"), state.targetId, "the target is Điều 3 again");
    const redo = await s.find(sel("structure-redo"));
    assert.equal(await redo.property("disabled"), false, "what was undone can be redone");
    await shot("drafting-3-undone");
  });
});
