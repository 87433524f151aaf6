// The real-window end-to-end test: the built Quyche app (WebKitGTK webview),
// driven through tauri-driver, on an X display (scripts/test.sh runs it under
// xvfb-run). Run alone:
//   npm --prefix ui run build && cargo build -p quyche-app
//   xvfb-run -a -s "-screen 0 1280x800x24" node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, screenGrab, REPO_ROOT } from "./webdriver.mjs";
import {
  LAW_2012, LAW_2023, dialogsAsked, fillFirstRun, firstPaintAfterClick, importLawPair, norm as normText, openLawPair, sel,
} from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 180000;
const T = { ready: 60000, ui: 20000 };

const state = { driver: null, session: null, dataDir: null, failed: false, articleId: null, marker: null, addition: null };

const log = (...a) => console.log("[e2e]", ...a);
const norm = (s) => (s || "").normalize("NFC").replace(/\s+/g, " ").trim();

async function newSession() {
  const s = await Session.create(state.driver.url, {
    alwaysMatch: { "tauri:options": { application: APP, args: [] } },
    firstMatch: [{}],
  });
  await s.setTimeouts({ script: 30000, implicit: 0 }).catch(() => {});
  // Only for checking the test itself against the UI's mock build in a plain
  // WebKitGTK browser (see README); the real app loads its own UI.
  if (process.env.QUYCHE_E2E_START_URL) await s.navigate(process.env.QUYCHE_E2E_START_URL);
  log(`session ${s.id} started (${s.capabilities?.browserName || "?"} ${s.capabilities?.browserVersion || ""})`);
  state.session = s;
  return s;
}

async function closeSession() {
  const s = state.session;
  state.session = null;
  if (s) await s.delete().catch((e) => log("delete session:", e.message));
  // The next start must not meet the old instance (single-instance plugin, store lock).
  const ended = await waitForExit(APP, 20000);
  if (ended.length) log(`WARNING: the app did not exit within 20 s after the session closed; sent SIGTERM to ${ended.join(",")}`);
}

async function shot(name) {
  const file = path.join(ART, `${name}.png`);
  await state.session.screenshot(file);
  const whole = screenGrab(path.join(ART, `${name}-screen.png`));
  log(`screenshot ${file}${whole ? ` (+ whole screen ${path.basename(whole)})` : ""}`);
  return file;
}

/** Run a step; on failure keep a screenshot and part of the DOM for diagnosis. */
async function step(t, name, fn) {
  if (state.failed) return t.skip("an earlier step failed");
  try {
    await fn();
  } catch (e) {
    state.failed = true;
    if (state.session) {
      await state.session.screenshot(path.join(ART, `failure-${name}.png`)).catch(() => {});
      const html = await state.session.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-${name}.html`), html);
      log(`failure artefacts: ${path.join(ART, `failure-${name}.png`)} and .html`);
    }
    throw e;
  }
}

async function waitReady(s) {
  await waitFor(() => s.maybe('[data-ready="true"]'), {
    timeout: T.ready,
    message: 'the app root to get data-ready="true" (first load)',
  });
}

/** From wherever the app starts, open the demo regulation. */
async function openDemo(s) {
  await waitReady(s);
  const items = await waitFor(async () => {
    let list = await s.findAll('[data-testid="regulation-item"]');
    if (!list.length) {
      const nav = await s.maybe('[data-testid="nav-library"]');
      if (nav) await nav.clickOrJs();
      list = await s.findAll('[data-testid="regulation-item"]');
    }
    return list.length ? list : null;
  }, { timeout: T.ui, message: 'a [data-testid="regulation-item"] in the library' });
  const texts = [];
  let target = null;
  for (const el of items) {
    const txt = norm(await el.text());
    texts.push(txt);
    if (!target && /quy chế/i.test(txt.toLowerCase())) target = el;
  }
  assert.ok(target, `no library item whose title contains "Quy chế" (case-insensitive); items: ${JSON.stringify(texts)}`);
  await target.clickOrJs();
  await waitFor(async () => (await s.findAll('[data-testid="article"][data-article-id]')).length >= 25, {
    timeout: T.ui,
    message: 'at least 25 [data-testid="article"][data-article-id] after opening the regulation',
  });
}

async function revisions(s) {
  const list = await s.findAll('[data-testid="history"] [data-testid="revision-item"][data-revision]');
  const out = [];
  for (const el of list) out.push(await el.attribute("data-revision"));
  return out;
}

async function articleById(s, id) {
  return s.find(`[data-testid="article"][data-article-id="${id.replace(/"/g, '\\"')}"]`);
}

before(async () => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}: build it with "npm --prefix ui run build && cargo build -p quyche-app" (or set QUYCHE_APP_BIN)`);
  fs.mkdirSync(ART, { recursive: true });
  // Only this file's own artefacts: the other end-to-end files write here too.
  for (const f of fs.readdirSync(ART)) if (/^(0\d-|failure-0|tauri-driver\.log)/.test(f)) fs.rmSync(path.join(ART, f));
  const left = pidsOf(APP);
  assert.equal(left.length, 0, `an instance of ${APP} is already running (pids ${left.join(",")}); close it first`);
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-data-"));
  log(`app: ${APP}`);
  log(`data dir: ${state.dataDir}`);
  log(`artefacts: ${ART}`);
  // tauri:options has no env field: the app inherits tauri-driver's environment.
  state.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: state.dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, "tauri-driver.log"),
  });
  log(`tauri-driver on ${state.driver.port}, WebKitWebDriver on ${state.driver.nativePort}`);
});

after(async () => {
  await closeSession().catch(() => {});
  if (state.driver) await state.driver.stop();
  log(`tauri-driver and WebKitWebDriver log (app output included): ${path.join(ART, "tauri-driver.log")}`);
  if (state.dataDir && !process.env.QUYCHE_E2E_KEEP_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
});

test("1. first start with an empty data dir seeds the demo regulation", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "01-demo", async () => {
    const s = await newSession();
    await waitReady(s);
    // The first start asks who uses this machine (a dialog that blocks the window), and
    // the demo is only the sample: no demo person.
    await fillFirstRun(s, "Trần Thị Bình", "Chánh Văn phòng", "secretary");
    const badge = await waitFor(() => s.maybe(sel("sample-badge")), { timeout: T.ui, message: "the sample's Bản mẫu badge" });
    assert.equal(normText(await badge.text()), "Bản mẫu");
    await openDemo(s);
    // The window's hardening (tauri.conf.json, capabilities/main.json): frozen prototypes,
    // and no dialog or file permission for the webview (the commands open dialogs in Rust).
    const locked = await s.executeAsync(
      `const [done] = arguments;
       const frozen = Object.isFrozen(Object.prototype);
       window.__TAURI_INTERNALS__.invoke("plugin:dialog|open", { options: {} })
         .then(() => done({ frozen, dialog: "allowed" }), (e) => done({ frozen, dialog: String(e) }));`,
      [],
    );
    log(`hardening: ${JSON.stringify(locked)}`);
    assert.equal(locked.frozen, true, "freezePrototype is not in effect");
    assert.match(locked.dialog, /not allowed|denied|permission/i, "the webview may open a file dialog itself");
    const n = (await s.findAll('[data-testid="article"][data-article-id]')).length;
    log(`demo regulation has ${n} articles`);
    const outline = await s.findAll('[data-testid="outline"] [data-testid="outline-article"]');
    log(`outline has ${outline.length} article entries`);
    assert.ok(outline.length >= 25, `expected >= 25 [data-testid="outline-article"] in [data-testid="outline"], got ${outline.length}`);
    const heading = norm(await (await s.find('[data-testid="article"] [data-testid="article-heading"]')).text());
    assert.match(heading, /^Điều\s+1\b/u, `first article heading should start with "Điều 1", got ${JSON.stringify(heading)}`);
    const revs = await waitFor(async () => { const r = await revisions(s); return r.length === 2 ? r : null; }, {
      timeout: T.ui,
      message: 'exactly 2 [data-testid="revision-item"][data-revision] in [data-testid="history"]',
    }).catch(async (e) => { throw new Error(`${e.message}; found ${JSON.stringify(await revisions(s))}`); });
    log(`history revisions: ${revs.join(", ")}`);
    await shot("01-demo");
  });
});

test("2. editing the third article saves a new revision", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "02-saved", async () => {
    const s = state.session;
    const articles = await s.findAll('[data-testid="article"][data-article-id]');
    const art = articles[2];
    state.articleId = await art.attribute("data-article-id");
    const heading = norm(await (await art.find('[data-testid="article-heading"]')).text());
    log(`editing article ${state.articleId}: ${heading}`);
    const how = await (await art.find('[data-testid="edit-article"]')).clickOrJs();
    log(`edit button clicked (${how} click)`);
    // The structured editor (ProseMirror): a contenteditable that reads typed text back from
    // the page. WebDriver's element send keys puts the caret after the element's content,
    // at the end of the article's last clause.
    const ed = await waitFor(() => s.maybe('[data-testid="article-editor-body"]'), {
      timeout: T.ui, message: '[data-testid="article-editor-body"] after clicking edit',
    });
    const before = await ed.text();
    assert.ok(norm(before).length > 0, "the editor opened empty; expected the article's text");
    state.marker = `E2E-${Date.now()}`;
    state.addition = ` Kiểm thử đầu cuối: lưu phiên bản mới ✓ ${state.marker}`;
    // Focused first, the caret at the end of the text (a click there), then real keys.
    await s.execute("const e = arguments[0]; e.focus(); const r = getSelection(); r.selectAllChildren(e); r.collapseToEnd();", [ed]);
    await ed.sendKeys(state.addition);
    let value = norm(await ed.text());
    if (!value.endsWith(norm(state.addition))) {
      log(`sendKeys gave ${JSON.stringify(value.slice(-80))}; typing by script instead`);
      await s.execute(
        `const [e, v] = arguments;
         e.focus();
         const sel = getSelection(); sel.selectAllChildren(e); sel.collapseToEnd();
         document.execCommand("insertText", false, v);`,
        [ed, state.addition],
      );
      value = norm(await ed.text());
    } else {
      log("typed the Vietnamese text with real sendKeys");
    }
    assert.ok(value.endsWith(norm(state.addition)), `the editor does not hold the edited text: ${JSON.stringify(value.slice(-80))}`);
    // Record every toast that appears, even one that vanishes between polls.
    await s.execute(`window.__e2eToasts = [];
      const seen = () => document.querySelectorAll('[data-testid="toast"]').forEach(t => window.__e2eToasts.push(t.textContent));
      window.__e2eObserver?.disconnect();
      window.__e2eObserver = new MutationObserver(seen);
      window.__e2eObserver.observe(document.body, { childList: true, subtree: true, characterData: true });`);
    await (await s.find('[data-testid="article-save"]')).clickOrJs();
    const toasts = await waitFor(async () => {
      const now = await s.findAll('[data-testid="toast"]');
      const seen = await s.execute("return window.__e2eToasts || [];");
      return now.length || seen.length ? { now: now.length, seen } : null;
    }, { timeout: T.ui, interval: 100, message: '[data-testid="toast"] after saving' });
    log(`toast: ${JSON.stringify(toasts.seen.map(norm).filter(Boolean).slice(0, 2))}`);
    await waitFor(async () => (await revisions(s)).includes("3"), {
      timeout: T.ui, message: 'revision 3 ([data-revision="3"]) in [data-testid="history"]',
    }).catch(async (e) => { throw new Error(`${e.message}; history has ${JSON.stringify(await revisions(s))}`); });
    const cur = await s.maybe('[data-testid="current-revision"]');
    assert.ok(cur, 'no [data-testid="current-revision"] in the header');
    await waitFor(async () => /(^|\D)3(\D|$)/.test(norm(await cur.text())), { timeout: T.ui, message: 'the header\'s [data-testid="current-revision"] to show 3' })
      .catch(async (e) => { throw new Error(`${e.message}; it shows ${JSON.stringify(norm(await cur.text()))}`); });
    const body = await waitFor(async () => {
      const b = norm(await (await (await articleById(s, state.articleId)).find('[data-testid="article-body"]')).text());
      return b.includes(state.marker) ? b : null;
    }, { timeout: T.ui, message: `the saved text (${state.marker}) in the article body after saving` });
    assert.ok(body.includes(norm(state.addition)), `the article body lost the diacritics: ${JSON.stringify(body.slice(-120))}`);
    await shot("02-saved");
  });
});

test("3. after a restart with the same data dir the edit and revision 3 are still there", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "03-after-restart", async () => {
    // closeSession waits until the app process is gone (store lock released): no pause needed.
    await closeSession();
    const s = await newSession();
    await openDemo(s);
    const art = await waitFor(() => articleById(s, state.articleId).catch(() => null), {
      timeout: T.ui, message: `article ${state.articleId} after the restart`,
    });
    const body = norm(await (await art.find('[data-testid="article-body"]')).text());
    assert.ok(body.includes(norm(state.addition)),
      `after the restart article ${state.articleId} does not hold the edit "${state.addition.trim()}"; its body ends with ${JSON.stringify(body.slice(-160))}`);
    await waitFor(async () => (await revisions(s)).includes("3"), {
      timeout: T.ui, message: "revision 3 in the history after the restart",
    }).catch(async (e) => { throw new Error(`${e.message}; history has ${JSON.stringify(await revisions(s))}`); });
    log(`history after restart: ${(await revisions(s)).join(", ")}`);
    await shot("03-after-restart");
  });
});

test("4. the redline from the first revision to the latest shows the known change, and steps through changes", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "04-redline", async () => {
    const s = state.session;
    const item = await s.find('[data-testid="history"] [data-testid="revision-item"][data-revision="1"]');
    await (await item.find('[data-testid="compare-revision"]')).clickOrJs();
    const summary = await waitFor(() => s.maybe('[data-testid="redline-summary"]'), {
      timeout: T.ui, message: '[data-testid="redline-summary"] after clicking "So sánh" on revision 1',
    });
    const count = async (kind) => Number(norm(await (await summary.find(`[data-count="${kind}"]`)).text()).replace(/\D+/g, ""));
    // The demo's two revisions differ in five articles (crates/api/demo/CHANGES.md), and the
    // edit of step 2 changed one more; nothing was added, removed or renumbered.
    assert.equal(await count("modified"), 6, "modified articles between revision 1 and the latest");
    assert.equal(await count("added"), 0);
    assert.equal(await count("removed"), 0);
    assert.equal(await count("renumbered"), 0);
    // Article bodies are drawn lazily; wait until every one is drawn before reading them.
    await waitFor(async () => (await s.findAll('[data-testid="redline-article"][data-rendered="false"]')).length === 0, {
      timeout: T.ui, message: "every redline article body to be drawn",
    });
    // Điều 14: "chậm nhất 05 ngày làm việc" became "chậm nhất 03 ngày làm việc".
    const cluster = await s.execute(`
      const arts = [...document.querySelectorAll('[data-testid="redline-article"][data-status="modified"]')];
      const hit = arts.find(a => /(^|[^0-9])05([^0-9]|$)/.test([...a.querySelectorAll('del')].map(d => d.textContent).join(' '))
                              && /(^|[^0-9])03([^0-9]|$)/.test([...a.querySelectorAll('ins')].map(d => d.textContent).join(' ')));
      return hit ? hit.getAttribute('data-key') : null;`);
    assert.ok(cluster, "no modified article shows 05 struck through and 03 inserted");
    log(`known change found in redline article ${cluster}`);
    // Step through changes from the keyboard.
    await s.execute("document.activeElement && document.activeElement.blur && document.activeElement.blur();");
    const position = async () => norm(await (await s.find('[data-testid="redline-position"]')).text());
    const before = await s.execute('return document.querySelectorAll("[data-current=\\"true\\"]").length;');
    await s.keys("n");
    const first = await waitFor(async () => { const p = await position(); return /\d+\s*\/\s*\d+/.test(p) ? p : null; }, {
      timeout: T.ui, message: "a change position (N/M) after pressing n",
    });
    await s.keys("n");
    const second = await waitFor(async () => { const p = await position(); return p !== first ? p : null; }, {
      timeout: T.ui, message: `the position to move on from ${first} after pressing n again`,
    });
    const current = await s.execute('return document.querySelectorAll("[data-current=\\"true\\"]").length;');
    log(`change position: ${first} → ${second} (current marks: ${before} → ${current})`);
    assert.ok(current >= 1, "no element marked data-current after stepping");
    await shot("04-redline");
  });
});

test("5. the redline of the full law pair (2012 → 2023) opens at once in the real window", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "05-law-pair", async () => {
    const s = state.session;
    assert.ok(fs.existsSync(LAW_2012) && fs.existsSync(LAW_2023), `the vendored fixture laws are missing: ${LAW_2012}, ${LAW_2023}`);
    // Importing goes through the app's own commands, which open the file dialog in Rust
    // (answered from the test build's queue); the redline is then opened with clicks.
    const id = await importLawPair(s, state.dataDir);
    assert.deepEqual(dialogsAsked(state.dataDir).map((d) => d.kind), ["regulation", "revised_text"]);
    log(`law pair imported as regulation ${id}`);
    const compare = await openLawPair(s, { timeout: T.ui });
    // Time from the click to the first painted redline article, measured in the page.
    const ms = await firstPaintAfterClick(s, compare, '[data-testid="redline-article"][data-rendered="true"]');
    assert.ok(ms >= 0, "the redline of the law pair did not paint within 20 s");
    log(`law pair redline: first paint ${ms} ms after the click (real window, ${path.basename(path.dirname(APP))} build)`);
    fs.writeFileSync(path.join(ART, "law-pair-redline-ms.txt"), `${ms}\n`);
    const summary = await s.find('[data-testid="redline-summary"]');
    log(`law pair summary: ${norm(await summary.text())}`);
    // No bound on the time here: speed is measured, not asserted in a test
    // (scripts/measure-window.sh times this click in the release build).
    await shot("05-law-pair-redline");
  });
});
