// Headless Chromium test of documents out (issue 13) in the built UI: the mock build
// serves the tape `documents-out` (written by crates/api/tests/recorded_ipc.rs,
// `documents_out`) with `?tape=documents-out&from=MARK`. It clicks the file menu's
// "Xuất bộ ban hành" entries and the redline view's "Xuất bản so sánh" buttons, checks the
// line the user sees (the success line names the file; the back end's refusal is shown),
// and saves screenshots to ../artifacts/ui/. Run by `npm run test:browser` after run.mjs
// (which builds nothing: the mock build is made first). Exits non-zero when a step fails.
import { createServer } from "node:http";
import { mkdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = join(here, "..", "..");
const distDir = join(uiDir, "dist-mock");
const shotsDir = join(uiDir, "..", "artifacts", "ui");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (!existsSync(join(distDir, "index.html"))) {
  console.error(`missing ${distDir}/index.html: run "vite build --mode mock" first`);
  process.exit(2);
}
mkdirSync(shotsDir, { recursive: true });

// What the tape holds, read from it rather than written down again.
const tape = JSON.parse(readFileSync(join(uiDir, "src", "lib", "ipc", "recorded", "documents-out.json"), "utf8")).tape;
const recorded = (cmd, args) =>
  tape.filter((e) => e.cmd === cmd && Object.entries(args).every(([k, v]) => JSON.stringify(e.args[k]) === JSON.stringify(v)));
/** The recorded answer of `cmd` with `args`: the first written one, or else the refusal. */
const answer = (cmd, args) => {
  const all = recorded(cmd, args);
  const e = all.find((c) => c.response.status === "ok") ?? all[0];
  if (!e) throw new Error(`no recorded ${cmd} ${JSON.stringify(args)}`);
  return e.response;
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(distDir, path);
  if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(distDir, "index.html");
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
  res.writeHead(200, {
    "Content-Type": types[extname(file)] ?? "application/octet-stream",
    "Content-Security-Policy": "default-src 'self'",
    "Cache-Control": "no-store",
  });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
const page = await context.newPage();
const problems = [];
page.on("console", (msg) => {
  if (msg.type() === "error" || msg.type() === "warning") problems.push(`console.${msg.type()}: ${msg.text()}`);
});
page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));

let passed = 0;
let failed = 0;
const T = (id) => `[data-testid="${id}"]`;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function shot(name) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}

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
      await page.screenshot({ path: join(shotsDir, `failure-${name.replace(/\W+/g, "-")}.png`) });
    } catch {}
  }
}

/** Opens the tape from `mark`, the first regulation, and the file menu. */
async function openMenu(mark) {
  await page.goto(`${base}?tape=documents-out&from=${mark}`);
  await page.locator(T("regulation-item")).first().click();
  await page.locator(T("outline")).waitFor();
  await page.locator(`${T("workflow-bar")} ${T("action-export")}`).click();
  await page.locator(T("export-menu")).waitFor();
}

/** The text of the toasts shown, once one includes `text`. */
async function toastWith(text) {
  await page.locator(T("toast"), { hasText: text }).first().waitFor({ timeout: 10000 });
  return (await page.locator(T("toast")).allTextContents()).join(" | ");
}

await step("approved: “Xuất bộ ban hành (Word)…” writes the set and the line names the file", async () => {
  await openMenu("approved");
  await shot("documents-out-menu");
  const set = answer("export_promulgation", { format: "docx" }).data;
  await page.locator(T("promulgation-docx")).click();
  const line = await toastWith(set.path);
  check(line.includes(`Đã xuất bộ ban hành (quyết định và quy chế, phiên bản ${set.revision}) ra tệp ${set.path}`), line);
  await shot("documents-out-promulgation-docx");
});

await step("approved: the set written verifies against its seal", async () => {
  const set = answer("export_promulgation", { format: "docx" }).data;
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), set.path);
  await page.locator(`${T("workflow-bar")} ${T("action-export")}`).click();
  await page.locator(T("verify-file")).click();
  const result = page.locator(T("verify-result"));
  await result.waitFor();
  check((await result.locator(T("verify-mismatch")).count()) === 0, "the set does not match its seal");
  await shot("documents-out-verified");
  await page.keyboard.press("Escape");
});

await step("approved: “Xuất bộ ban hành (PDF)…” says what the back end answered", async () => {
  await openMenu("approved");
  const set = answer("export_promulgation", { format: "pdf" });
  await page.locator(T("promulgation-pdf")).click();
  const line = await toastWith(set.status === "ok" ? set.data.path : set.error.message);
  check(set.status !== "ok" || line.includes("Đã xuất bộ ban hành"), line);
});

await step("draft: the set is refused before any dialog, and the error line says why", async () => {
  await openMenu("draft");
  const refusal = recorded("export_promulgation", { format: "docx" }).find((c) => c.response.status === "error")?.response;
  check(refusal !== undefined, "the draft's set was not refused");
  await page.locator(T("promulgation-docx")).click();
  const line = await toastWith(refusal.error.message);
  check(!line.includes("Đã xuất"), line);
  await shot("documents-out-draft-refused");
});

await step("redline: “Xuất bản so sánh (Word)…” and “(PDF)…” write the pair shown", async () => {
  await page.goto(`${base}?tape=documents-out&from=redline`);
  await page.locator(T("regulation-item")).first().click();
  await page.locator(T("outline")).waitFor();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  const to = recorded("redline", {})[0].args.toRevision;
  for (const format of ["docx", "pdf"]) {
    const path = answer("export_redline", { toRevision: to, format }).data;
    await page.locator(T("redline-export")).click();
    if (format === "docx") await shot("documents-out-redline-menu");
    const button = page.locator(T(`redline-export-${format}`));
    check((await button.getAttribute("aria-disabled")) === null, `${format} is off`);
    await button.click();
    const line = await toastWith(path);
    check(line.includes(`Đã xuất bản so sánh phiên bản 1 với phiên bản ${to} ra tệp ${path}`), line);
  }
  await shot("documents-out-redline");
});

await step("no console errors or CSP violations, and every call had a recording", async () => {
  const unrecorded = await page.evaluate(() => window.__QUYCHE_REPLAY__.unrecorded);
  check(unrecorded.length === 0, unrecorded.join("\n"));
  check(problems.length === 0, problems.join("\n"));
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
