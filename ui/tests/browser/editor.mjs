// The structured article editor in headless Chromium, on the 2023 cooperative law (the
// `editor` tape, recorded by crates/api/tests/recorded_ipc.rs): opens Điều 18 (references,
// one of them broken), screenshots it, then types 200 characters with the keyboard and
// measures the frames: requestAnimationFrame deltas, the Event Timing API's key and input
// events, and long tasks. A benchmark, not a timed test: it prints the figures and fails
// only on functional errors (the editor missing, the text not typed, a console error).
//   npm run build:mock && node tests/browser/editor.mjs
import { cpus } from "node:os";
import { join } from "node:path";
import { check, openSession, shotsDir, T } from "./harness.mjs";

// Only errors count here (the benchmark's figures are its output, not a warning-free page).
const { base, page, problems, close } = await openSession({ timezoneId: undefined, warnings: false });

let failed = false;
try {
  await page.goto(`${base}?tape=editor&from=broken`);
  await page.locator(T("regulation-item"), { hasText: "LUẬT HỢP TÁC XÃ" }).first().click();
  const art = page.locator(`${T("article")}[aria-label^="Điều 18."]`);
  await art.waitFor();
  check((await page.locator(T("article")).count()) > 100, "the 2023 law's articles are not all shown");
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  const body = page.locator(T("article-editor-body"));
  await body.waitFor();
  await body.locator(T("reference")).first().waitFor();
  const refs = await body.locator(T("reference")).evaluateAll((els) => els.map((e) => ({ label: e.dataset.label, broken: e.dataset.broken })));
  check(refs.some((r) => r.broken === "true"), `no broken reference in Điều 18: ${JSON.stringify(refs)}`);
  check(refs.some((r) => r.broken === "false" && r.label === "khoản 2 Điều 7 của Luật này"), `no linked reference: ${JSON.stringify(refs)}`);
  await page.locator(T("article-editor")).scrollIntoViewIfNeeded();
  await page.locator(T("article-editor")).screenshot({ path: join(shotsDir, "editor-references.png") });

  // The cursor at the end of khoản 1's text, as a click there puts it.
  await page.evaluate(() => {
    const p = document.querySelector('[data-testid="article-editor-body"] .pm-clause p');
    const text = [...p.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).at(-1);
    document.querySelector('[data-testid="article-editor-body"]').focus();
    getSelection().collapse(text, text.length);
  });
  await page.waitForTimeout(200);
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__events = [];
    w.__long = [];
    let last = performance.now();
    const tick = (t) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__events.push({ name: e.name, duration: e.duration, work: e.processingEnd - e.processingStart }))).observe({ type: "event", durationThreshold: 16, buffered: false });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask" });
  });
  const typed = "Xã viên được tham gia ý kiến về kế hoạch sản xuất, kinh doanh; được hưởng lợi từ hoạt động của hợp tác xã theo mức độ sử dụng dịch vụ và vốn góp. Việc phân phối thu nhập thực hiện theo quy định tại Điều lệ hợp tác xã";
  const text = typed.slice(0, 200);
  check(text.length === 200, "200 characters to type");
  const t0 = Date.now();
  await page.keyboard.type(text, { delay: 30 });
  const ms = Date.now() - t0;
  await page.waitForTimeout(300);
  const m = await page.evaluate(() => {
    window.__stop = true;
    return { frames: window.__frames.slice(1), events: window.__events, long: window.__long };
  });
  const clause = await body.locator(".pm-clause").first().innerText();
  check(clause.includes(text), `the typed text is not in khoản 1: …${clause.slice(-120)}`);
  check(await page.locator(T("article-editor")).getByText("Có thay đổi chưa lưu").isVisible(), "the editor does not say it has unsaved changes");

  const q = (xs, at) => {
    if (xs.length === 0) return 0;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(at * s.length))];
  };
  const sorted = [...m.frames].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const over = (limit) => m.frames.filter((f) => f > limit).length;
  const keyEvents = m.events.filter((e) => ["keydown", "keypress", "keyup", "input", "beforeinput"].includes(e.name));
  const figures = {
    machine: `${cpus()[0]?.model?.trim()} × ${cpus().length}`,
    articles: await page.locator(T("article")).count(),
    typed: text.length,
    typingMs: ms,
    frames: m.frames.length,
    frameMedianMs: +pct(0.5).toFixed(1),
    frameP99Ms: +pct(0.99).toFixed(1),
    frameMaxMs: +sorted.at(-1).toFixed(1),
    framesOver17ms: over(17),
    framesOver20ms: over(20),
    // Event Timing: a key or input event's handlers (work), and from input to the next paint
    // (duration, in 8 ms steps, only for events of 16 ms or more).
    keyEventsTimed: keyEvents.length,
    keyEventWorkP99Ms: +q(keyEvents.map((e) => e.work), 0.99).toFixed(1),
    keyEventWorkMaxMs: +q(keyEvents.map((e) => e.work), 1).toFixed(1),
    keyEventDurationP99Ms: q(keyEvents.map((e) => e.duration), 0.99),
    keyEventDurationMaxMs: q(keyEvents.map((e) => e.duration), 1),
    slowFramesAtMs: m.frames.map((f, i) => [i, f]).filter(([, f]) => f > 17).map(([i, f]) => `#${i}: ${f.toFixed(1)}`).join(", "),
    longTasks: m.long.length,
    longTaskMaxMs: m.long.length ? Math.max(...m.long) : 0,
  };
  console.log(JSON.stringify(figures, null, 2));
  await page.locator(T("article-editor")).screenshot({ path: join(shotsDir, "editor-typed.png") });
  check(problems.length === 0, problems.join("\n"));
  console.log("editor: ok");
} catch (e) {
  failed = true;
  console.error(`editor: FAILED: ${e.message}`);
  await page.screenshot({ path: join(shotsDir, "editor-failed.png") }).catch(() => {});
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
