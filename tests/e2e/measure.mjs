// The window's figures (issue 14), measured in the real window and printed with the
// machine: scripts/measure-window.sh builds the release app and runs this under Xvfb.
// Not a test (node --test does not pick it up: no ".test." in the name); nothing here
// asserts a time. Run alone, on an app built with the e2e-dialogs feature:
//   xvfb-run -a -s "-screen 0 1280x800x24" env QUYCHE_APP_BIN=target/release/quyche-app \
//     node tests/e2e/measure.mjs [runs]
//
// Each run starts the app on a copy of one data folder that has started once (the person
// chosen on the first-start dialog, the sample seeded): the start of an installation in use,
// the figure a user meets every day. The first start itself (seeding, the dialog) is timed
// once, on that folder's preparation, and printed apart. Then, per run:
//   start   from the app process's own start (its start time in /proc/<pid>/stat, on the
//           system clock) to the library painted: a regulation-item laid out, then two
//           animation frames, read in the page as performance.timeOrigin + performance.now().
//           Both are the same machine's realtime clock; /proc's resolution is 10 ms. Also
//           printed: from the WebDriver session request (node's Date.now()), and the split
//           at the page's navigation start (performance.timeOrigin).
//   PSS     summed over the app and every descendant (WebKitWebProcess, WebKitNetworkProcess),
//           from /proc/<pid>/smaps_rollup, right after the start and again after the law pair
//           (2012 → 2023) is imported, opened and its redline fully drawn.
//   redline from the click on "So sánh" to the first redline article painted, in the page.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pidsOf, waitFor } from "./webdriver.mjs";
import {
  APP, ART, closeApp, fillFirstRun, importLawPair, launchApp, openLawPair, sel, shot,
} from "./app.mjs";

const RUNS = Number(process.argv[2] || process.env.QUYCHE_MEASURE_RUNS || 5);
const OUT = path.join(ART, "measure");
const log = (...a) => console.error("[measure]", ...a);
const T = { ready: 60000, ui: 20000, redline: 60000 };

/** The epoch ms at which process `pid` started, from /proc (clock ticks since boot). */
function processStart(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const hz = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  // Boot time on the epoch clock, read now: uptime and Date.now() side by side.
  const uptime = parseFloat(fs.readFileSync("/proc/uptime", "utf8"));
  const boot = Date.now() - uptime * 1000;
  return boot + (ticks * 1000) / hz;
}

/** Every process under `root` (itself included): pid → parent from /proc/<pid>/stat. */
function descendants(root) {
  const children = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* ended meanwhile */ }
  }
  const out = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(children.get(p) || []));
  }
  return out;
}

/**
 * PSS in MB of the app and its descendants: the total and each process by its name; and
 * their USS (private pages only). PSS shares a library's pages among every process that
 * maps them, so it drops while another WebKit app runs on the machine; USS does not.
 */
function pss(root) {
  const parts = {};
  let total = 0;
  let uss = 0;
  for (const pid of descendants(root)) {
    try {
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const kb = (field) => Number((new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup) || [])[1] || 0);
      const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      parts[name] = (parts[name] || 0) + kb("Pss") / 1024;
      total += kb("Pss") / 1024;
      uss += (kb("Private_Clean") + kb("Private_Dirty")) / 1024;
    } catch { /* ended, or a kernel thread without a rollup */ }
  }
  return { total, uss, parts, others: webkitElsewhere(root) };
}

/** WebKit's web, network and GPU processes on the machine that are not under `root`. */
function webkitElsewhere(root = null) {
  const ours = new Set(root ? descendants(root) : []);
  let n = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d) || ours.has(Number(d))) continue;
    try { if (/^WebKit(WebProces|NetworkPr|GPUProces)/.test(fs.readFileSync(`/proc/${d}/comm`, "utf8"))) n++; } catch { /* ended */ }
  }
  return n;
}

/**
 * Waits in the page for the library's first regulation-item to be laid out, then two frames
 * (it is painted); returns that moment on the epoch clock, the navigation's start and ends,
 * and whether the item was there at the first look (then the figure is an upper bound).
 */
function libraryPainted(s, limit = T.ready) {
  return s.executeAsync(
    `const [limit, done] = arguments;
     const t0 = performance.now();
     let first = true, already = false;
     const tick = () => {
       const item = document.querySelector('[data-testid="regulation-item"]');
       const shown = item && item.getBoundingClientRect().height > 0;
       if (first) { already = Boolean(shown); first = false; }
       if (shown) {
         requestAnimationFrame(() => requestAnimationFrame(() => {
           const nav = performance.getEntriesByType("navigation")[0] || {};
           done({ painted: performance.timeOrigin + performance.now(), origin: performance.timeOrigin,
                  domContentLoaded: nav.domContentLoadedEventEnd ?? null, load: nav.loadEventEnd ?? null, already });
         }));
       } else if (performance.now() - t0 > limit) done(null);
       else requestAnimationFrame(tick);
     };
     tick();`,
    [limit],
  );
}

/**
 * Clicks `button` (which asks for the redline) and returns where the time to the first
 * article painted went, all in ms from the click, measured in the page: the `redline`
 * command's request leaving (fetch to Tauri's ipc: protocol), its response's headers
 * (Rust has read, diffed and serialised: the body is built before the headers go), the
 * body read, JSON.parse of it, the first article in the DOM, and painted (two frames
 * after it is in the DOM). `bytes` is the body's UTF-8 size. Tauri's `invoke` is not writable, its fetch
 * is: the wrapper reads the body as text and parses it as `response.json()` would.
 */
function redlineSplit(s, button, css, limit) {
  return s.executeAsync(
    `const [button, css, limit, done] = arguments;
     const fetch0 = window.fetch;
     const rec = {};
     window.fetch = function (url, init) {
       const mine = String(url).includes("/redline") && rec.request === undefined;
       if (mine) rec.request = performance.now();
       return fetch0.call(this, url, init).then((r) => {
         if (!mine) return r;
         rec.headers = performance.now();
         Object.defineProperty(r, "json", { value: async () => {
           const text = await r.text();
           rec.body = performance.now();
           const v = JSON.parse(text);
           rec.parsed = performance.now();
           rec.bytes = new TextEncoder().encode(text).length;
           return v;
         } });
         return r;
       });
     };
     // The first article in the DOM (a mutation callback runs after the UI's update,
     // before style and layout): splits the UI's JavaScript from the browser's drawing.
     const seen = new MutationObserver(() => {
       if (rec.inDom === undefined && document.querySelector(css)) { rec.inDom = performance.now(); seen.disconnect(); }
     });
     seen.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-rendered"] });
     const t0 = performance.now();
     button.click();
     const finish = (painted) => {
       window.fetch = fetch0;
       seen.disconnect();
       if (painted === null) return done(null);
       const at = (t) => (t === undefined ? null : Math.round(t - t0));
       done({ request: at(rec.request), headers: at(rec.headers), body: at(rec.body), parsed: at(rec.parsed), inDom: at(rec.inDom),
              painted: Math.round(painted - t0), bytes: rec.bytes ?? null });
     };
     const tick = () => {
       if (document.querySelector(css)) requestAnimationFrame(() => requestAnimationFrame(() => finish(performance.now())));
       else if (performance.now() - t0 > limit) finish(null);
       else requestAnimationFrame(tick);
     };
     tick();`,
    [button, css, limit],
  );
}

/** The app's main process (WebKitWebDriver started it as the session opened). */
async function appPid() {
  return waitFor(() => pidsOf(APP)[0], { timeout: T.ui, message: `a running ${APP}` });
}

/** One start on a copy of `template`: the figures of one run. */
async function run(i, template) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-measure-"));
  fs.cpSync(template, dataDir, { recursive: true });
  // The previous run's WebKit processes outlive its app by a moment; while they run they
  // share the libraries' pages and this run's PSS reads low.
  await waitFor(() => webkitElsewhere() === 0, { timeout: 15000, message: "the previous WebKit processes to end" })
    .catch(() => log(`${webkitElsewhere()} WebKit process(es) of another app still running`));
  let app = null;
  try {
    app = await launchApp({ tag: "measure", dataDir, logFile: "measure/tauri-driver.log", failurePrefix: "measure/failure-", log });
    const s = app.session;
    const pid = await appPid();
    const spawned = processStart(pid);
    const lib = await libraryPainted(s);
    if (!lib) throw new Error("the library did not paint within 60 s");
    const pssStart = pss(pid);
    // When WebKit's web process (the page's) started: before it, the app's own start (Tauri,
    // GTK, the window, setup); after it, WebKit's until the page's navigation starts.
    const web = descendants(pid).find((p) => {
      try { return fs.readFileSync(`/proc/${p}/comm`, "utf8").trim() === "WebKitWebProces"; } catch { return false; }
    });
    const webStarted = web ? processStart(web) - spawned : null;
    if (i === 1) await shot(app, "measure/library");
    await importLawPair(s, dataDir);
    const compare = await openLawPair(s, { timeout: T.ui });
    const split = await redlineSplit(s, compare, '[data-testid="redline-article"][data-rendered="true"]', T.redline);
    if (!split) throw new Error("the law pair's redline did not paint within 60 s");
    const redline = split.painted;
    // The memory after the redline is the memory with all of it drawn.
    await waitFor(async () => (await s.findAll('[data-testid="redline-article"][data-rendered="false"]')).length === 0, {
      timeout: T.redline, message: "every redline article body to be drawn",
    });
    await s.settle();
    const pssRedline = pss(pid);
    if (i === 1) await shot(app, "measure/redline");
    return {
      start: lib.painted - spawned,
      startFromRequest: lib.painted - app.requestedAt,
      native: lib.origin - spawned,
      webStarted,
      page: lib.painted - lib.origin,
      domContentLoaded: lib.domContentLoaded,
      already: lib.already,
      pssStart,
      pssRedline,
      redline,
      split,
    };
  } finally {
    await closeApp(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The data folder every run copies: the app started once, the first-start dialog answered. */
async function prepare() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-measure-template-"));
  let app = null;
  try {
    app = await launchApp({ tag: "measure", dataDir, logFile: "measure/tauri-driver.log", failurePrefix: "measure/failure-", log });
    const pid = await appPid();
    const spawned = processStart(pid);
    // On an empty folder the library paints behind the first-start dialog.
    const lib = await libraryPainted(app.session, T.ui);
    await fillFirstRun(app.session, "Trần Thị Bình", "Chánh Văn phòng", "secretary");
    await waitFor(() => app.session.maybe(sel("regulation-item")), { timeout: T.ui, message: "the sample in the library" });
    return { dataDir, firstStart: lib ? lib.painted - spawned : null };
  } finally {
    await closeApp(app);
  }
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmt = (x, d = 0) => (x == null || Number.isNaN(x) ? "–" : x.toFixed(d));

function machine() {
  const lscpu = execFileSync("lscpu", { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  const field = (k) => (new RegExp(`^${k}:\\s*(.+)$`, "m").exec(lscpu) || [])[1] || "?";
  let webkit = "?";
  try {
    webkit = execFileSync("dpkg-query", ["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"], { encoding: "utf8" });
  } catch { /* not Debian */ }
  const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const memGb = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${field("Model name")}, ${field("CPU\\(s\\)")} CPU(s), ${memGb} GB RAM, ${os.type()} ${os.release()}, WebKitGTK ${webkit}, Xvfb 1280x800x24, load average ${load}`;
}

fs.mkdirSync(OUT, { recursive: true });
log(`app: ${APP}; ${RUNS} runs`);
const loadBefore = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const { dataDir: template, firstStart } = await prepare();
const runs = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    const r = await run(i, template);
    log(`run ${i}: start ${fmt(r.start)} ms, PSS ${fmt(r.pssStart.total)} → ${fmt(r.pssRedline.total)} MB, redline ${r.redline} ms`);
    runs.push(r);
  }
} finally {
  fs.rmSync(template, { recursive: true, force: true });
}

const rows = [
  ["start: process start → library painted (ms)", runs.map((r) => r.start)],
  ["  of which process start → page navigation start", runs.map((r) => r.native)],
  ["    of which process start → WebKit's web process started", runs.map((r) => r.webStarted ?? NaN)],
  ["  of which navigation start → library painted", runs.map((r) => r.page)],
  ["start: WebDriver session request → library painted (ms)", runs.map((r) => r.startFromRequest)],
  ["PSS after start, all processes (MB)", runs.map((r) => r.pssStart.total)],
  ["PSS after the 2023 law and its redline (MB)", runs.map((r) => r.pssRedline.total)],
  ["USS (private) after start, all processes (MB)", runs.map((r) => r.pssStart.uss)],
  ["USS (private) after the redline (MB)", runs.map((r) => r.pssRedline.uss)],
];
const names = [...new Set(runs.flatMap((r) => Object.keys(r.pssRedline.parts)))].sort();
for (const n of names) {
  rows.push([`  ${n} after start (MB)`, runs.map((r) => r.pssStart.parts[n] || 0)]);
  rows.push([`  ${n} after the redline (MB)`, runs.map((r) => r.pssRedline.parts[n] || 0)]);
}
rows.push(["law-pair redline: click → first article painted (ms)", runs.map((r) => r.redline)]);
// Where the redline's time goes (each a difference of the marks redlineSplit takes).
const gap = (a, b) => runs.map((r) => {
  const from = a === null ? 0 : r.split[a];
  return from == null || r.split[b] == null ? NaN : r.split[b] - from;
});
rows.push(
  ["  click → the redline command's request sent", gap(null, "request")],
  ["  request → response headers (Rust: read, diff, serialise)", gap("request", "headers")],
  ["  headers → body read (transfer)", gap("headers", "body")],
  ["  JSON.parse of the body", gap("body", "parsed")],
  ["  parsed → first article in the DOM (the UI's JavaScript)", gap("parsed", "inDom")],
  ["  in the DOM → painted (style, layout, paint; two frames)", gap("inDom", "painted")],
  ["  the response body (KB)", runs.map((r) => (r.split.bytes ?? NaN) / 1024)],
);

const width = Math.max(...rows.map(([k]) => k.length));
const lines = [
  `Quyche window, ${path.relative(process.cwd(), APP) || APP}, ${RUNS} runs (median, min–max)`,
  `machine: ${machine()} (load average before the runs ${loadBefore})`,
  "",
  `${"".padEnd(width)}  median   min–max`,
  ...rows.map(([k, v]) => `${k.padEnd(width)}  ${fmt(median(v)).padStart(6)}   ${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`),
  "",
  `first start on an empty data folder (seeding, library behind the first-start dialog), once: ${fmt(firstStart)} ms`,
];
const shared = runs.filter((r) => r.pssStart.others > 0 || r.pssRedline.others > 0).length;
if (shared) {
  lines.push(`note: in ${shared} run(s) another app's WebKit processes were running: they share the libraries' pages, so PSS is lower than alone; USS is not affected`);
}
if (runs.some((r) => r.already)) {
  lines.push(`note: in ${runs.filter((r) => r.already).length} run(s) the library was painted before the page could be asked; their start is an upper bound`);
}
const table = lines.join("\n");
console.log(table);
fs.writeFileSync(path.join(OUT, "window.txt"), `${table}\n`);
fs.writeFileSync(path.join(OUT, "window.json"), JSON.stringify({ app: APP, firstStart, runs }, null, 2));
log(`written ${path.join(OUT, "window.txt")} and window.json`);
