// What every headless-Chromium script here starts with and ends with, in one place: the
// mock build (dist-mock/, `vite build --mode mock`) served on 127.0.0.1 with the app's CSP,
// Chromium launched on it, a page that collects console errors, the tapes read from
// src/lib/ipc/recorded/, and the ok/FAIL steps with a screenshot on failure. The scripts
// keep their own checks; a page is opened on a tape with `?tape=NAME&from=MARK`.
import { createServer } from "node:http";
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
