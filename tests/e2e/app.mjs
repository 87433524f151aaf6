// Helpers that know Quyche's window (test ids, the person picker, the app's commands),
// shared by the end-to-end files. The WebDriver client itself is in webdriver.mjs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, Session, pidsOf, screenGrab, startTauriDriver, waitFor, waitForExit } from "./webdriver.mjs";

export const UI_TIMEOUT = 20000;
export const sel = (id) => `[data-testid="${id}"]`;
export const norm = (s) => (s || "").normalize("NFC").replace(/\s+/g, " ").trim();

/** Sets a form control's value the way typing would, for selects, dates, numbers and text areas. */
export async function setValue(s, el, value) {
  await s.execute(
    `const [e, v] = arguments;
     const proto = e instanceof HTMLSelectElement ? HTMLSelectElement.prototype
       : e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, "value").set.call(e, v);
     e.dispatchEvent(new Event("input", { bubbles: true }));
     e.dispatchEvent(new Event("change", { bubbles: true }));`,
    [el, value],
  );
}

/** The current user's id, as the header shows it (null when nobody is chosen). */
export async function currentUserId(s) {
  const me = await s.maybe(sel("current-user"));
  return me ? me.attribute("data-person-id") : null;
}

/**
 * Waits until the workflow bar answers for the current user and no reload is in flight:
 * its `data-user` is the person in the header and it is not `aria-busy`. Before that the
 * buttons may still show what the previous person may do.
 */
export async function workflowReady(s, { timeout = UI_TIMEOUT } = {}) {
  let seen = "";
  await waitFor(async () => {
    const bar = await s.maybe(sel("workflow-bar"));
    if (!bar) return false;
    const [loaded, user, busy, me] = [await bar.attribute("data-stage"), await bar.attribute("data-user"),
      await bar.attribute("aria-busy"), await currentUserId(s)];
    seen = `data-stage=${loaded} data-user=${user} aria-busy=${busy}, current user ${me}`;
    return Boolean(loaded) && user === (me ?? "") && busy === "false";
  }, { timeout, message: `the workflow bar to answer for the current user and finish loading (${seen || "no bar"})` });
}

/** Waits until the workflow bar shows `stage` for the current user, loaded. */
export async function stage(s, expected, { timeout = UI_TIMEOUT } = {}) {
  await workflowReady(s, { timeout });
  await waitFor(async () => (await (await s.find(sel("workflow-bar"))).attribute("data-stage")) === expected, {
    timeout, message: `the workflow bar to show stage ${expected}`,
  });
}

/**
 * Clicks a workflow action (`open_round`, `close_round`, `submit`…) once the bar answers
 * for the current user and allows it: the click is for this person's workflow, not the
 * one still on screen from the previous person.
 */
export async function act(s, action, { timeout = UI_TIMEOUT } = {}) {
  await workflowReady(s, { timeout });
  const button = await waitFor(async () => {
    const b = await s.maybe(sel(`action-${action}`));
    return b && (await b.attribute("data-allowed")) === "true" ? b : null;
  }, { timeout, message: `[data-testid="action-${action}"] to be allowed (data-allowed="true")` }).catch(async (e) => {
    const b = await s.maybe(sel(`action-${action}`));
    throw new Error(`${e.message}; the button says ${JSON.stringify(b ? await b.attribute("title") : "(absent)")}`);
  });
  await button.clickOrJs();
  return button;
}

/**
 * Switches the current user with the header's person picker, and waits until the open
 * regulation's workflow (when one is open) has reloaded for that person.
 */
export async function become(s, name) {
  await (await s.find(sel("switch-user"))).clickOrJs();
  const person = await waitFor(async () => {
    for (const el of await s.findAll(sel("pick-person"))) if (norm(await el.text()).includes(name)) return el;
    return null;
  }, { timeout: UI_TIMEOUT, message: `${name} in the person picker` });
  const id = await person.attribute("data-person-id");
  await person.clickOrJs();
  await waitFor(async () => (await currentUserId(s)) === id && norm(await (await s.find(sel("current-user"))).text()).includes(name), {
    timeout: UI_TIMEOUT, message: `the current user to be ${name} (${id})`,
  });
  await waitFor(async () => !(await s.maybe(sel("person-picker"))), { timeout: UI_TIMEOUT, message: "the picker to close" });
  if (await s.maybe(sel("workflow-bar"))) await workflowReady(s);
}

/** Calls one of the app's own commands from the page (for what a native dialog would feed). */
export async function invoke(s, cmd, args = {}) {
  const r = await s.executeAsync(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then((data) => done({ data }), (error) => done({ error }));`,
    [cmd, args],
  );
  if (r.error !== undefined) throw new Error(`${cmd}: ${JSON.stringify(r.error)}`);
  return r.data;
}

/**
 * Queues the answers of the next native file dialogs (the app built with the cargo feature
 * `e2e-dialogs`, as scripts/test.sh builds it for these tests): each command that opens a
 * dialog takes the first answer, in order. An answer is a path, an array of paths, or null
 * (the user closed the dialog). The queue is `e2e-dialogs.json` in the app's data folder
 * (src-tauri/src/dialog.rs).
 */
export function answerDialogs(dataDir, ...answers) {
  const file = path.join(dataDir, "e2e-dialogs.json");
  const queued = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
  fs.writeFileSync(file, JSON.stringify([...queued, ...answers]));
}

/** The dialogs the app has opened so far: `{kind, title, file_name, mode}` each, in order. */
export function dialogsAsked(dataDir) {
  const file = path.join(dataDir, "e2e-dialogs-asked.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** The answers still queued (a test checks its commands took them all). */
export function dialogsPending(dataDir) {
  const file = path.join(dataDir, "e2e-dialogs.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
}

/**
 * The first start of an empty data folder asks who uses this machine, in a dialog that
 * blocks the window (issue 10: one person, one identity): checks that it blocks (a modal
 * over the whole window, focus in the name field), fills name, position and role, and
 * waits until it is gone and the user menu shows that person. Returns their person id.
 * An installation that has started already (it has an identity) is left as it is.
 */
export async function fillFirstRun(s, name, position, role = "chairman", { timeout = UI_TIMEOUT } = {}) {
  if (await invoke(s, "identity")) return null;
  const dialog = await waitFor(() => s.maybe(sel("first-run")), { timeout, message: "the first-start dialog" });
  const blocking = await s.execute(
    `const [d] = arguments;
     const overlay = d.closest(".overlay") || d.parentElement;
     const r = overlay.getBoundingClientRect();
     const top = document.elementFromPoint(innerWidth / 2, 5);
     return { modal: d.getAttribute("aria-modal") === "true", covers: r.width >= innerWidth - 1 && r.height >= innerHeight - 1,
              onTop: overlay.contains(top), focus: document.activeElement && document.activeElement.dataset.testid };`,
    [dialog],
  );
  if (!blocking.modal || !blocking.covers || !blocking.onTop) throw new Error(`the first-start dialog does not block the window: ${JSON.stringify(blocking)}`);
  if (blocking.focus !== "first-run-name") throw new Error(`focus is on ${blocking.focus}, not the name field`);
  await setValue(s, await dialog.find(sel("first-run-name")), name);
  await setValue(s, await dialog.find(sel("first-run-position")), position);
  await setValue(s, await dialog.find(sel("first-run-role")), role);
  await (await dialog.find(sel("first-run-submit"))).clickOrJs();
  await waitFor(async () => !(await s.maybe(sel("first-run"))), { timeout, message: "the first-start dialog to close" });
  await waitFor(async () => norm(await (await s.find(sel("current-user"))).text()).includes(name), { timeout, message: `the user menu to show ${name}` });
  return currentUserId(s);
}

/** The chairman or secretary adds a person of the committee by name (the add-person flow). */
export async function addPerson(s, name, role, position) {
  return invoke(s, "add_person", { name, role, position });
}

// ---- Launch and teardown, shared by every real-window file and scripts/measure-window.sh ----

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
/** The app under test: `QUYCHE_APP_BIN`, else the debug build (the one scripts/test.sh makes). */
export const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
/** Where screenshots, failure pages and driver logs go. */
export const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));

/**
 * Starts tauri-driver and the app on a data folder, and opens the WebDriver session: what
 * each file's `before` did. `tag` names the temporary data folder (`quyche-e2e-<tag>-`),
 * `clean` (a RegExp) the file's own earlier artefacts to remove, `failurePrefix` the
 * failure artefacts' names; `dataDir` reuses a folder (it is then not removed at the end).
 * Returns the app's state: `{ driver, session, dataDir, failed, requestedAt }`.
 */
export async function launchApp({ tag, logFile, clean = null, failurePrefix = "failure-", dataDir = null, env = {}, log = () => {} }) {
  if (!fs.existsSync(APP)) {
    throw new Error(`app binary not found at ${APP}: build it with "npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs" (or set QUYCHE_APP_BIN)`);
  }
  fs.mkdirSync(ART, { recursive: true });
  if (clean) for (const f of fs.readdirSync(ART)) if (clean.test(f)) fs.rmSync(path.join(ART, f));
  // The single-instance plugin and the store's lock: an old instance would answer instead.
  const left = pidsOf(APP);
  if (left.length) throw new Error(`an instance of ${APP} is already running (pids ${left.join(",")}); close it first`);
  const app = { driver: null, session: null, dataDir, ownsData: !dataDir, failed: false, failurePrefix, requestedAt: 0, log };
  if (!app.dataDir) app.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `quyche-e2e-${tag}-`));
  // tauri:options has no env field: the app inherits tauri-driver's environment.
  app.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: app.dataDir, RUST_BACKTRACE: "1", ...env },
    logFile: path.join(ART, logFile),
  });
  await openSession(app);
  return app;
}

/** Opens a WebDriver session, which starts the app (again, after `closeSession`). */
export async function openSession(app) {
  // The measure script times the start from here as well as from the process's own start.
  app.requestedAt = Date.now();
  const s = await Session.create(app.driver.url, {
    alwaysMatch: { "tauri:options": { application: APP, args: [] } },
    firstMatch: [{}],
  });
  await s.setTimeouts({ script: 30000, implicit: 0 }).catch(() => {});
  // Only for checking a test against the UI's mock build in a plain WebKitGTK browser
  // (see README); the real app loads its own UI.
  if (process.env.QUYCHE_E2E_START_URL) await s.navigate(process.env.QUYCHE_E2E_START_URL);
  app.session = s;
  return s;
}

/** Ends the session and waits for the app to exit: the next start must not meet it. */
export async function closeSession(app) {
  const s = app.session;
  app.session = null;
  if (s) await s.delete().catch((e) => app.log(`delete session: ${e.message}`));
  const ended = await waitForExit(APP, 20000);
  if (ended.length) app.log(`WARNING: the app did not exit within 20 s after the session closed; sent SIGTERM to ${ended.join(",")}`);
}

/** What each file's `after` did: the session, the app, the driver, then the data folder. */
export async function closeApp(app) {
  if (!app) return;
  await closeSession(app).catch(() => {});
  if (app.driver) await app.driver.stop();
  if (app.ownsData && app.dataDir && !process.env.QUYCHE_E2E_KEEP_DATA) fs.rmSync(app.dataDir, { recursive: true, force: true });
}

/** A screenshot of the window as `ART/<name>.png`, and of the whole X screen when `screen`. */
export async function shot(app, name, { screen = false } = {}) {
  const file = path.join(ART, `${name}.png`);
  await app.session.screenshot(file);
  const whole = screen ? screenGrab(path.join(ART, `${name}-screen.png`)) : null;
  app.log(`screenshot ${file}${whole ? ` (+ whole screen ${path.basename(whole)})` : ""}`);
  return file;
}

/**
 * Runs one test step with the session: skipped once an earlier step failed (the window is
 * then in an unknown state); on failure keeps a screenshot and the page source.
 */
export async function step(app, t, name, fn) {
  if (app.failed) return t.skip("an earlier step failed");
  try {
    await fn(app.session);
  } catch (e) {
    app.failed = true;
    if (app.session) {
      const base = path.join(ART, `${app.failurePrefix}${name}`);
      await app.session.screenshot(`${base}.png`).catch(() => {});
      const html = await app.session.source().catch(() => "");
      if (html) fs.writeFileSync(`${base}.html`, html);
      app.log(`failure artefacts: ${base}.png and .html`);
    }
    throw e;
  }
}

// ---- The law pair (2012 → 2023), as the foundation test and the measure script open it ----

const LAWS = path.join(REPO_ROOT, "tests", "fixtures", "laws");
export const LAW_2012 = path.join(LAWS, "luat_hop_tac_xa_2012_23-2012-QH13.txt");
export const LAW_2023 = path.join(LAWS, "luat_hop_tac_xa_2023_17-2023-QH15.txt");

/**
 * Imports the 2012 cooperative law and its 2023 text as its revision through the app's own
 * commands, whose file dialogs answer from the queue (the e2e-dialogs build). Each names its
 * long work as the window does (`WORK_IDS` in ui/src/lib/shared/long-work.svelte.ts).
 * Returns the regulation's id.
 */
export async function importLawPair(s, dataDir) {
  answerDialogs(dataDir, LAW_2012, LAW_2023);
  const imported = await s.executeAsync(
    `const [done] = arguments;
     const invoke = window.__TAURI_INTERNALS__.invoke;
     (async () => {
       const a = await invoke("import_file", { work: 2 });
       await invoke("import_revision", { regulationId: a.regulation_id, work: 3 });
       return a.regulation_id;
     })().then((id) => done({ id }), (e) => done({ error: JSON.stringify(e) }));`,
    [],
  );
  if (!imported.id) throw new Error(`importing the law pair failed: ${imported.error}`);
  return imported.id;
}

/**
 * From the library, opens the imported law (its latest text, the 2023 one: ≥ 100 articles)
 * and returns the "So sánh" button of its revision 1, which opens the redline.
 */
export async function openLawPair(s, { timeout = UI_TIMEOUT } = {}) {
  // From a regulation, back to the library (which lists again); on the library already,
  // its list was read before the import: the page is loaded again to read it anew.
  const nav = await s.maybe(sel("nav-library"));
  if (nav) await nav.clickOrJs();
  else await s.execute("location.reload();");
  const items = await waitFor(async () => {
    const list = await s.findAll(sel("regulation-item"));
    return list.length >= 2 ? list : null;
  }, { timeout, message: "the law in the library" });
  let law = null;
  for (const el of items) if (/luật hợp tác xã/i.test(norm(await el.text()))) law = el;
  if (!law) throw new Error("the imported law is not in the library");
  await law.clickOrJs();
  await waitFor(async () => (await s.findAll('[data-testid="article"][data-article-id]')).length >= 100, {
    timeout, message: "the 115 articles of the 2023 law",
  });
  return waitFor(
    () => s.maybe(`${sel("history")} [data-testid="revision-item"][data-revision="1"] ${sel("compare-revision")}`),
    { timeout, message: '"So sánh" on revision 1' },
  );
}

/**
 * Clicks `button` in the page and returns the milliseconds until the first element matching
 * `css` is painted (it exists, then two animation frames), or -1 after `limit` ms. Measured
 * in the page, so WebDriver's round trips are not in it.
 */
export async function firstPaintAfterClick(s, button, css, limit = 20000) {
  return s.executeAsync(
    `const [button, css, limit, done] = arguments;
     const t0 = performance.now();
     button.click();
     const tick = () => {
       if (document.querySelector(css)) requestAnimationFrame(() => requestAnimationFrame(() => done(Math.round(performance.now() - t0))));
       else if (performance.now() - t0 > limit) done(-1);
       else requestAnimationFrame(tick);
     };
     tick();`,
    [button, css, limit],
  );
}
