// Search in the real window (issue 14): in the demo, Ctrl+K "quy che" lists hits across the
// library (no marks typed: "Quy chế" and "QUY CHẾ" found) and Enter opens the regulation at
// the hit; Ctrl+F "nguyen tac" counts the hits in the open document, and Enter steps the
// current hit to the next one (painted, its lines marked); Esc clears. The shortcuts are
// pressed as key chords, so the WebView's own handling of them is what is tested. Run alone:
//   npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs
//   xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/search.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, REPO_ROOT } from "./webdriver.mjs";
import { fillFirstRun, norm, sel } from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 180000;
const T = { ready: 60000, ui: 20000 };

const state = { driver: null, session: null, dataDir: null, failed: false };
const log = (...a) => console.log("[e2e search]", ...a);

// W3C key values.
const KEY = { ctrl: "\uE009", enter: "\uE007", escape: "\uE00C" };

/** Presses `key` with `mods` held, on whatever has focus (one W3C key action sequence). */
async function chord(s, mods, key) {
  const actions = [
    ...mods.map((m) => ({ type: "keyDown", value: m })),
    { type: "keyDown", value: key },
    { type: "keyUp", value: key },
    ...[...mods].reverse().map((m) => ({ type: "keyUp", value: m })),
  ];
  await s.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await s.cmd("DELETE", "/actions").catch(() => {});
}

async function shot(name) {
  const file = path.join(ART, `${name}.png`);
  await state.session.screenshot(file);
  log(`screenshot ${file}`);
}

async function step(t, name, fn) {
  if (state.failed) return t.skip("an earlier step failed");
  try {
    await fn();
  } catch (e) {
    state.failed = true;
    if (state.session) {
      await state.session.screenshot(path.join(ART, `failure-search-${name}.png`)).catch(() => {});
      const html = await state.session.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-search-${name}.html`), html);
    }
    throw e;
  }
}

/** The current hit as the document shows it: its marked lines and the painted words. */
function currentHit(s) {
  return s.execute(
    `const lines = [...document.querySelectorAll("[data-search-current]")];
     const h = window.CSS && CSS.highlights ? CSS.highlights.get("search-current") : null;
     const range = h ? [...h][0] : null;
     return {
       lines: lines.map((l) => (l.closest("article") ? l.closest("article").id : "") + ":" + l.textContent.normalize("NFC").trim().slice(0, 60)),
       painted: range ? range.toString().normalize("NFC") : null,
       highlights: h ? h.size : null,
     };`,
  );
}

before(async () => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}: build it with "npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs"`);
  fs.mkdirSync(ART, { recursive: true });
  for (const f of fs.readdirSync(ART)) if (/^(search-|failure-search-)/.test(f)) fs.rmSync(path.join(ART, f));
  const left = pidsOf(APP);
  assert.equal(left.length, 0, `an instance of ${APP} is already running (pids ${left.join(",")}); close it first`);
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-search-"));
  state.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: state.dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, "search-tauri-driver.log"),
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

test("1. Ctrl+K “quy che” lists the library's hits, and Enter opens the regulation at the chosen one", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "1-library", async () => {
    const s = state.session;
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the app to be ready" });
    await fillFirstRun(s, "Trần Thị Bình", "Chánh Văn phòng", "secretary");
    await waitFor(() => s.maybe(sel("regulation-item")), { timeout: T.ui, message: "the demo in the library" });
    await chord(s, [KEY.ctrl], "k");
    const dialog = await waitFor(() => s.maybe(sel("library-search")), { timeout: T.ui, message: "the library search after Ctrl+K" });
    const input = await dialog.find(sel("library-search-input"));
    assert.equal(await s.execute("return document.activeElement === arguments[0];", [input]), true, "the search box has no focus");
    await input.sendKeys("quy che");
    const status = await waitFor(async () => {
      const text = norm(await (await s.find(sel("library-search-status"))).text());
      return /^\d+ kết quả/.test(text) ? text : null;
    }, { timeout: T.ui, message: "the count of hits" });
    const hits = await s.findAll(sel("library-search-hit"));
    const marks = await s.execute(`return [...document.querySelectorAll('[data-testid="library-search-hit"] mark')].map((m) => m.textContent.normalize("NFC"));`);
    log(`${status}; ${hits.length} rows; marked: ${marks.slice(0, 4).join(" | ")}`);
    assert.ok(hits.length > 1, "fewer than two hits for quy che");
    assert.equal(Number(status.split(" ")[0]), hits.length);
    // No marks typed: the marks are ignored, whatever the case.
    assert.ok(marks.every((m) => /^quy chế$/i.test(m)), `marked ${JSON.stringify(marks)}`);
    const group = norm(await (await s.find(sel("library-search-group"))).attribute("aria-label"));
    assert.match(group, /^Quy chế làm việc/);
    await shot("search-1-library");

    // The second row is the first in the articles (the first is the header's QUY CHẾ).
    await chord(s, [], "\uE015"); // ArrowDown
    const place = norm(await (await s.find(`${sel("library-search-hit")}[aria-selected="true"] ${sel("library-search-place")}`)).text());
    log(`Enter on ${place}`);
    await chord(s, [], KEY.enter);
    await waitFor(() => s.maybe(sel("outline")), { timeout: T.ui, message: "the regulation opened" });
    const current = await waitFor(async () => {
      const c = await currentHit(s);
      return c.lines.length > 0 ? c : null;
    }, { timeout: T.ui, message: "the hit marked in the document" });
    log(`opened at ${JSON.stringify(current)}`);
    assert.equal(await s.maybe(sel("library-search")), null, "the dialog stayed open");
    assert.match(current.painted ?? "", /^quy chế$/i);
    const article = place.split(" ").slice(-2).join(" ");
    assert.ok(current.lines[0].includes("unit-"), `the hit is not in an article: ${current.lines[0]}`);
    const heading = norm(await s.execute(`return document.querySelector("[data-search-current]").closest("article").querySelector('[data-testid="article-heading"]').textContent;`));
    assert.ok(heading.startsWith(`${article}.`), `the hit's article is ${heading}, the row said ${place}`);
    await shot("search-2-opened");
  });
});

test("2. Ctrl+F “nguyen tac” counts the hits in the document; Enter steps; Esc clears", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "2-find", async () => {
    const s = state.session;
    await chord(s, [KEY.ctrl], "f");
    const bar = await waitFor(() => s.maybe(sel("find-bar")), { timeout: T.ui, message: "the find bar after Ctrl+F" });
    const input = await bar.find(sel("find-input"));
    await waitFor(() => s.execute("return document.activeElement === arguments[0];", [input]), { timeout: T.ui, message: "the find box focused" });
    await input.sendKeys("nguyen tac");
    const count = async () => norm(await (await s.find(sel("find-count"))).text());
    const first = await waitFor(async () => (/^1\/\d+$/.test(await count()) ? count() : null), { timeout: T.ui, message: "the find bar's count" });
    const total = Number(first.split("/")[1]);
    assert.ok(total >= 2, `only ${first}`);
    const one = await waitFor(async () => {
      const c = await currentHit(s);
      return c.lines.length > 0 && c.painted ? c : null;
    }, { timeout: T.ui, message: "the first hit painted" });
    log(`${first}: ${JSON.stringify(one)}`);
    assert.match(one.painted, /^nguyên tắc$/i);

    await chord(s, [], KEY.enter);
    await waitFor(async () => (await count()) === `2/${total}`, { timeout: T.ui, message: `the count to read 2/${total}` });
    const two = await waitFor(async () => {
      const c = await currentHit(s);
      return JSON.stringify(c.lines) !== JSON.stringify(one.lines) ? c : null;
    }, { timeout: T.ui, message: "the current hit to move" });
    log(`2/${total}: ${JSON.stringify(two)}`);
    assert.match(two.painted ?? "", /^nguyên tắc$/i);
    await shot("search-3-find");

    await chord(s, [], KEY.escape);
    await waitFor(async () => !(await s.maybe(sel("find-bar"))), { timeout: T.ui, message: "Esc to close the find bar" });
    const cleared = await currentHit(s);
    assert.deepEqual(cleared.lines, [], "Esc left a line marked");
    assert.ok(!cleared.highlights, "Esc left the hit painted");
  });
});
