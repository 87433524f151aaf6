// Layout and accessibility check of the built UI (issue 10): at 1024×768 and 1280×800, on
// each main screen, (a) no two visible elements (buttons, fields, links, headings, labels,
// toasts, the bars' children) overlap, and nothing in a bar or on a control is cut off
// horizontally by its scroll container or the window; (b) axe-core with the WCAG 2 A/AA
// rules (harness.mjs `axe`) finds no colour-contrast violation and nothing serious or
// critical. a11y.mjs runs the same check on every other screen and dialog.
//
// It drives the same `vite build --mode mock` as run.mjs (dist-mock/, the recorded tape).
// To reach the later stages without retyping the flow, it makes the tape's own mutating
// calls through the replay (window.__QUYCHE_REPLAY__.handle), in the tape's order; a switch
// of the current user goes through the header's picker, so the window knows it. Then it
// reopens the regulation so the window reads the new state. Screenshots: /tmp/layout/.
import { join } from "node:path";
import { axe, openSession, readTape, T } from "./harness.mjs";

const shotsDir = process.env.QUYCHE_LAYOUT_SHOTS || "/tmp/layout";
const WIDTHS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
];

const tape = readTape("browser");
const calls = (cmd) => tape.filter((e) => e.cmd === cmd);
const regulations = calls("list_regulations")[0].response.data;
const DEMO = regulations.find((r) => r.title.startsWith("Quy chế làm việc")).id;
const person = (name) => calls("people")[0].response.data.find((p) => p.name === name)?.id;

const { base, page, close } = await openSession({ shots: shotsDir, viewport: WIDTHS[0] });

let failed = 0;
let checked = 0;
const report = [];

/** Runs in the page: overlaps and horizontal cut-offs among the visible elements. */
function measure() {
  const SEL = 'button, input:not([type="hidden"]), select, textarea, a[href], h1, h2, h3, h4, h5, h6, label, [role="button"], [role="tab"], [role="menuitem"], [data-testid="toast"], .badge';
  const BARS = 'header, [data-testid="workflow-bar"], [role="toolbar"], nav';
  const LAYERS = '[role="dialog"], [role="menu"], [data-testid="export-menu"], [role="tooltip"], [role="listbox"]';
  const name = (el) => {
    const id = el.getAttribute("data-testid");
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40);
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).filter((c) => !c.startsWith("s-") && !c.startsWith("svelte-")).join(".") : "";
    return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : cls}${text ? ` "${text}"` : ""}`;
  };
  const hidden = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return true;
    }
    return false;
  };
  /** The visible part of el: its box cut by every clipping ancestor and the window. */
  const visibleRect = (el) => {
    const r = el.getBoundingClientRect();
    let box = { l: r.left, t: r.top, r: r.right, b: r.bottom };
    for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.position === "fixed") break;
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const c = e.getBoundingClientRect();
        box = { l: Math.max(box.l, c.left), t: Math.max(box.t, c.top), r: Math.min(box.r, c.right), b: Math.min(box.b, c.bottom) };
      }
    }
    box = { l: Math.max(box.l, 0), t: Math.max(box.t, 0), r: Math.min(box.r, innerWidth), b: Math.min(box.b, innerHeight) };
    return box.r - box.l > 2 && box.b - box.t > 2 ? box : null;
  };
  const modal = [...document.querySelectorAll('[aria-modal="true"]')].at(-1);
  const root = modal ?? document.body;
  const layerOf = (el) => el.closest(LAYERS);
  const items = [];
  for (const el of root.querySelectorAll(`${SEL}, :is(${BARS}) > *`)) {
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;
    const v = visibleRect(el);
    if (!v) continue;
    items.push({ el, v, layer: layerOf(el), toast: !!el.closest('[data-testid="toast"]') });
  }
  if (modal) {
    for (const el of document.querySelectorAll('[data-testid="toast"]')) {
      const v = visibleRect(el);
      if (v && !hidden(el)) items.push({ el, v, layer: null, toast: true });
    }
  }
  const problems = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // A menu or tooltip lies over the page by design; a toast must lie over nothing.
      if (a.layer !== b.layer && !a.toast && !b.toast) continue;
      if (a.toast && b.toast) continue;
      const w = Math.min(a.v.r, b.v.r) - Math.max(a.v.l, b.v.l);
      const h = Math.min(a.v.b, b.v.b) - Math.max(a.v.t, b.v.t);
      if (w > 2 && h > 2) problems.push(`overlap: ${name(a.el)} × ${name(b.el)} (${Math.round(w)}×${Math.round(h)} px)`);
    }
  }
  // Cut off horizontally: by the window, by a clipping ancestor, or a bar that scrolls.
  for (const { el } of items) {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > innerWidth + 1) {
      problems.push(`cut off by the window: ${name(el)} (x ${Math.round(r.left)}–${Math.round(r.right)}, width ${innerWidth})`);
      continue;
    }
    for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.position === "fixed") break;
      if (s.overflowX !== "visible") {
        const c = e.getBoundingClientRect();
        if (r.left < c.left - 1 || r.right > c.right + 1) {
          problems.push(`cut off by ${name(e)}: ${name(el)} (x ${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(c.left)}–${Math.round(c.right)})`);
          break;
        }
      }
    }
  }
  for (const bar of root.querySelectorAll(BARS)) {
    for (const e of [bar, ...bar.querySelectorAll("*")]) {
      if (hidden(e)) continue;
      const s = getComputedStyle(e);
      // A long title may end in "…" when it keeps a readable width and says itself in full on hover.
      // Only a title may: a status line (the round and its deadline, what to do next) never.
      const ellipsis = /^H[1-6]$/.test(e.tagName) && s.textOverflow === "ellipsis" && e.clientWidth >= 120 && e.title;
      if (!ellipsis && s.overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1) problems.push(`cut off inside a bar: ${name(e)} (scrollWidth ${e.scrollWidth} > ${e.clientWidth})`);
    }
  }
  // The Quốc hiệu is one line inside its column (Decree 30), never "NAM" on a line of its own.
  for (const el of root.querySelectorAll(".paper div")) {
    if (el.children.length > 0 || el.textContent.trim().toUpperCase() !== "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    const text = range.getBoundingClientRect();
    const column = el.parentElement.getBoundingClientRect();
    if (lines.size > 1) problems.push(`Quốc hiệu on ${lines.size} lines`);
    else if (text.left < column.left - 1 || text.right > column.right + 1) problems.push(`Quốc hiệu wider than its column (${Math.round(text.width)} > ${Math.round(column.width)} px)`);
  }
  // axe leaves disabled controls out; their labels must still be readable (4.5:1).
  const rgba = (c) => (c.match(/[\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const lum = ([r, g, b]) => {
    const f = (x) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, under) => top.slice(0, 3).map((x, k) => x * top[3] + under[k] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
  };
  for (const el of root.querySelectorAll("button:disabled, input:disabled, select:disabled")) {
    if (hidden(el) || !visibleRect(el) || !(el.innerText || el.value || "").trim()) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = background(el);
    const fgc = rgba(getComputedStyle(el).color);
    const fg = over([fgc[0], fgc[1], fgc[2], fgc[3] * opacity], bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) problems.push(`disabled label contrast: ${name(el)} ${ratio.toFixed(2)}:1 (needs 4.5:1)`);
  }
  return [...new Set(problems)];
}

async function settle() {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Checks the current screen at both widths (back at 1024 after). */
async function screen(label, { toast = false } = {}) {
  for (const size of [...WIDTHS].reverse()) {
    await page.setViewportSize(size);
    await settle();
    await page.waitForTimeout(150);
    const problems = [...(await page.evaluate(measure)), ...(size.width === 1024 ? await axe(page, { label }) : [])];
    if (toast && (await page.locator(T("toast")).count()) === 0) problems.push("no toast shown (the screen was meant to show one)");
    checked++;
    if (size.width === 1024) await page.screenshot({ path: join(shotsDir, `${label}.png`) });
    if (problems.length === 0) {
      console.log(`ok   ${label} @${size.width}`);
    } else {
      failed++;
      console.log(`FAIL ${label} @${size.width}: ${problems.length} problem(s)`);
      for (const p of problems) console.log(`       ${p}`);
      report.push({ label, width: size.width, problems });
    }
  }
}

async function closeToasts() {
  await page.evaluate(() => document.querySelectorAll('[data-testid="toast"] button').forEach((b) => b.click()));
}

async function becomeUser(personId) {
  await page.locator(T("switch-user")).click();
  await page.locator(`${T("pick-person")}[data-person-id="${personId}"]`).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="person-picker"]'));
}

async function openDemo() {
  if (await page.locator(T("nav-library")).count()) await page.locator(T("nav-library")).click();
  await page.locator(`${T("regulation-item")}[data-regulation-id="${DEMO}"]`).click();
  await page.locator(T("article")).first().waitFor();
  await page.locator(T("workflow-bar")).waitFor();
  await settle();
}

// The tape's mutating calls, in order; `done` counts those already made.
const mutations = tape.filter((e) => e.mutates);
let done = 0;
/** Makes the tape's mutations up to and including the first one that `until` accepts. */
async function advance(until) {
  const stop = mutations.findIndex((m, i) => i >= done && until(m));
  if (stop < 0) throw new Error("the tape has no such call");
  for (; done <= stop; done++) {
    const m = mutations[done];
    if (m.cmd === "set_current_user") {
      await becomeUser(m.args.personId);
      continue;
    }
    await page.evaluate(async ({ cmd, args }) => {
      try {
        await window.__QUYCHE_REPLAY__.handle(cmd, args);
      } catch {
        // A recorded refusal answers as an error, as it did then.
      }
    }, m);
  }
}

async function step(label, fn) {
  try {
    await fn();
  } catch (e) {
    failed++;
    console.log(`FAIL ${label}: could not reach the screen: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
    report.push({ label, width: 0, problems: [String(e)] });
    await page.screenshot({ path: join(shotsDir, `failure-${label}.png`) }).catch(() => {});
  }
}

await step("first-start", async () => {
  await page.goto(base);
  await page.waitForSelector('[data-ready="true"]', { timeout: 10000 });
  await settle();
  // The first start asks who is working: seen only when the tape starts with nobody chosen.
  if (await page.locator('[aria-modal="true"]').count()) await screen("first-start");
});
await step("library", () => screen("library"));
await step("regulation", async () => {
  await openDemo();
  await screen("regulation");
});
await step("person-picker", async () => {
  await page.locator(T("switch-user")).click();
  await page.locator(T("person-picker")).waitFor();
  await screen("person-picker");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="person-picker"]'));
});
await step("history", async () => {
  await page.locator(`${T("revision-item")}[data-revision="1"]`).click();
  await page.locator(T("go-latest")).waitFor();
  await screen("history");
  await page.locator(T("go-latest")).click();
});
await step("toast", async () => {
  // Up to the chairman taking over (the picker's toast says so).
  await advance((m) => m.cmd === "set_current_user" && m.args.personId === person("Nguyễn Văn An"));
  await page.locator(T("toast")).first().waitFor();
  await screen("toast", { toast: true });
  await closeToasts();
});
await step("redline", async () => {
  await openDemo();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  await screen("redline");
  await page.locator(T("redline-close")).click();
  await page.locator(T("article")).first().waitFor();
});
await step("consultation", async () => {
  await advance((m) => m.cmd === "open_round" && m.args.regulationId === DEMO);
  await openDemo();
  await page.locator(`${T("workflow-bar")}[data-stage="consultation"]`).waitFor();
  await screen("consultation");
});
await step("member", async () => {
  await advance((m) => m.cmd === "set_current_user");
  await closeToasts();
  await screen("member");
});
await step("comment-form", async () => {
  await page.locator(T("comment-article")).first().click();
  await page.locator(T("comment-form")).waitFor();
  await screen("comment-form");
});
await step("comments", async () => {
  await advance((m) => m.cmd === "close_round");
  await advance((m) => m.cmd === "submit");
  await openDemo();
  await closeToasts();
  await screen("comments");
});
await step("approval-dialog", async () => {
  await advance((m) => m.cmd === "set_current_user");
  await closeToasts();
  await page.locator(T("action-approve")).click();
  await page.locator(T("approval-form")).waitFor();
  await screen("approval-dialog");
  await page.keyboard.press("Escape");
});
await step("approved", async () => {
  await advance((m) => m.cmd === "approve" && m.response.status === "ok");
  await openDemo();
  await page.locator(`${T("workflow-bar")}[data-stage="approved"]`).waitFor();
  await screen("approved");
});
await step("export-menu", async () => {
  await page.locator(T("action-export")).click();
  await page.locator(T("export-menu")).waitFor();
  await screen("export-menu");
  await page.keyboard.press("Escape");
});

await close();
console.log(`layout: ${checked} screen×width checks, ${failed} failed; screenshots in ${shotsDir}`);
process.exit(failed === 0 ? 0 : 1);
