// What every headless-Chromium script here starts with and ends with, in one place: the
// mock build (dist-mock/, `vite build --mode mock`) served on 127.0.0.1 with the app's CSP,
// Chromium launched on it, a page that collects console errors, the tapes read from
// src/lib/ipc/recorded/, and the ok/FAIL steps with a screenshot on failure. The scripts
// keep their own checks; a page is opened on a tape with `?tape=NAME&from=MARK`. `axe(page)`
// is the one accessibility check every script calls.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const uiDir = join(here, "..", "..");
const distDir = join(uiDir, "dist-mock");
/** Where the screenshots go, beside the other CI artifacts. */
export const shotsDir = join(uiDir, "..", "artifacts", "ui");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** The Content-Security-Policy of the Tauri window: a page that breaks it fails here too. */
const CSP = "default-src 'self'";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** The selector of a data-testid. */
export const T = (id) => `[data-testid="${id}"]`;

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * What axe-core checks: WCAG 2.0, 2.1 and 2.2, A and AA (2.2's `target-size` is AA: a
 * control under 24×24 px needs room around it), and axe's best practices (landmarks,
 * heading order), whose findings are moderate or minor: printed, not failed.
 */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
let axeSource = null;

/**
 * axe-core on what the page shows now: the open modal dialog when there is one (the
 * window under it is inert, and checked on its own screen), else the whole document.
 * Returns the violations that fail, one line per rule and element ("axe RULE [IMPACT]:
 * TARGET"), the same finding on many alike elements (thirty articles) folded into one line
 * with a count: every `serious` or `critical` one, and colour contrast whatever axe calls
 * it. Lesser ones (`moderate`, `minor`) do not fail: they are printed, prefixed "note",
 * under `label`, so they are seen and can be fixed in turn.
 */
export async function axe(page, { label = "" } = {}) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async (tags) => {
    const modal = [...document.querySelectorAll('[aria-modal="true"]')].at(-1);
    const res = await window.axe.run(modal ?? document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    const out = [];
    for (const v of res.violations) {
      for (const n of v.nodes) {
        const d = n.any.find((c) => c.data && c.data.contrastRatio !== undefined)?.data;
        const text = d ? ` ${d.contrastRatio}:1 (${d.fgColor} on ${d.bgColor}, needs ${d.expectedContrastRatio})` : "";
        const why = d ? "" : ` (${n.failureSummary?.split("\n").slice(1).join(" ").trim().slice(0, 160) || v.help})`;
        out.push({ id: v.id, impact: n.impact ?? v.impact, line: `axe ${v.id} [${n.impact ?? v.impact}]: ${n.target.join(" ")}${text}${why}` });
      }
    }
    return out;
  }, AXE_TAGS);
  // The same finding on thirty articles is one line with a count.
  const seen = new Map();
  for (const f of found) {
    const key = f.line.replace(/\d+(?=")/g, "N").replace(/\.svelte-[a-z0-9]+/g, "").replace(/:nth-child\(\d+\)/g, "");
    const had = seen.get(key);
    seen.set(key, had ? { ...had, n: had.n + 1 } : { ...f, n: 1 });
  }
  const lines = [...seen.values()].map((f) => ({ ...f, line: f.n > 1 ? `${f.line} (and ${f.n - 1} more like it)` : f.line }));
  const fails = (f) => f.impact === "serious" || f.impact === "critical" || f.id === "color-contrast";
  for (const f of lines.filter((f) => !fails(f))) console.log(`note ${label ? `${label}: ` : ""}${f.line}`);
  return lines.filter(fails).map((f) => f.line);
}

/** The recorded calls of a tape (crates/api/tests/recorded_ipc.rs writes them). */
export function readTape(name) {
  return JSON.parse(readFileSync(join(uiDir, "src", "lib", "ipc", "recorded", `${name}.json`), "utf8")).tape;
}

/** Exits 2 (not a test failure: the setup is missing) without the build or Chromium. */
function requireSetup(shots) {
  if (!existsSync(join(distDir, "index.html"))) {
    console.error(`missing ${distDir}/index.html: run "vite build --mode mock" first`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
    process.exit(2);
  }
  mkdirSync(shots, { recursive: true });
}

/** Serves dist-mock/ on a free port; any unknown path is the app (index.html). */
async function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(distDir, path);
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(distDir, "index.html");
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Content-Security-Policy": CSP,
      "Cache-Control": "no-store",
    });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * The server, Chromium and one page at 1280×800 in Vietnamese. `problems` gathers console
 * errors and page errors (and warnings unless `warnings: false`); each script checks it.
 * `timezoneId: undefined` keeps the machine's zone.
 */
export async function openSession({ shots = shotsDir, viewport = { width: 1280, height: 800 }, timezoneId = "Asia/Ho_Chi_Minh", warnings = true } = {}) {
  requireSetup(shots);
  const { server, base } = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext({ viewport, locale: "vi-VN", ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || (warnings && msg.type() === "warning")) problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));

  let passed = 0;
  let failed = 0;

  /** Two animation frames, so a screenshot shows the state after the last click. */
  async function settle() {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  async function shot(name) {
    await settle();
    await page.screenshot({ path: join(shots, `${name}.png`) });
  }

  /** One named check: "ok" or "FAIL" with the reason and a screenshot; the next step runs either way. */
  async function step(name, fn) {
    const started = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
      try {
        await page.screenshot({ path: join(shots, `failure-${name.replace(/\W+/g, "-")}.png`) });
      } catch {}
    }
  }

  async function close() {
    await browser.close();
    server.close();
  }

  /** Closes everything, prints the count of steps, and exits 1 when one failed. */
  async function finish() {
    await close();
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }

  return { base, browser, context, page, problems, settle, shot, step, close, finish };
}
