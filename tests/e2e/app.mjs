// Helpers that know Quyche's window (test ids, the person picker, the app's commands),
// shared by the end-to-end files. The WebDriver client itself is in webdriver.mjs.
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

/** Switches the current user with the header's person picker. */
export async function become(s, name) {
  await (await s.find(sel("switch-user"))).clickOrJs();
  const person = await waitFor(async () => {
    for (const el of await s.findAll(sel("pick-person"))) if (norm(await el.text()).includes(name)) return el;
    return null;
  }, { timeout: UI_TIMEOUT, message: `${name} in the person picker` });
  await person.clickOrJs();
  await waitFor(async () => norm(await (await s.find(sel("current-user"))).text()).includes(name), {
    timeout: UI_TIMEOUT, message: `the current user to be ${name}`,
  });
  await waitFor(async () => !(await s.maybe(sel("person-picker"))), { timeout: UI_TIMEOUT, message: "the picker to close" });
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
