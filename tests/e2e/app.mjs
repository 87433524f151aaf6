// Helpers that know Quyche's window (test ids, the person picker, the app's commands),
// shared by the end-to-end files. The WebDriver client itself is in webdriver.mjs.
import fs from "node:fs";
import path from "node:path";
import { waitFor } from "./webdriver.mjs";

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
