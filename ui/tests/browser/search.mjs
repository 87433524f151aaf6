// Headless Chromium test of search in the window (issue 14) in the built UI: the mock build
// serves the tape `search` (written by crates/api/tests/recorded_ipc.rs, `search`) with
// `?tape=search`. It presses Ctrl+K and Ctrl+F on the keyboard, as a user does, checks
// the lists and counts against what the tape answered, that the current hit is painted
// (the CSS Custom Highlight API holds its range) and in view, and saves screenshots of both
// at 1280 px to ../artifacts/ui/ (search-library.png, search-find.png) to look at.
// Run by `npm run test:browser`. Exits non-zero when a step fails.
import { check, openSession, readTape, T } from "./harness.mjs";

// What the tape holds, read from it rather than written down again.
const tape = readTape("search");
const demo = tape.find((e) => e.cmd === "list_regulations").response.data[0];
const answer = (args) => {
  const e = tape.find((c) => c.cmd === "search" && JSON.stringify(c.args) === JSON.stringify({ ...c.args, ...args }) && c.response.status === "ok");
  if (!e) throw new Error(`no recorded search ${JSON.stringify(args)}`);
  return e.response.data;
};

const { base, page, problems, shot, step, finish } = await openSession();

/** The rectangles of the painted ranges of a highlight, in the viewport. */
const painted = (name) =>
  page.evaluate((n) => {
    const h = CSS.highlights.get(n);
    return h ? [...h].map((r) => r.getBoundingClientRect().toJSON()) : [];
  }, name);

await step("Ctrl+K opens the library search; typing lists the hits by regulation, the match marked", async () => {
  await page.goto(`${base}?tape=search`);
  await page.locator(T("regulation-item")).first().waitFor();
  await page.keyboard.press("Control+K");
  const dialog = page.locator(T("library-search"));
  await dialog.waitFor();
  const input = dialog.locator(T("library-search-input"));
  check(await input.evaluate((el) => el === document.activeElement), "the search box does not have the focus");
  await input.fill("Thường vụ");
  const view = answer({ query: "Thường vụ", regulationId: null, revision: null });
  await page.locator(T("library-search-hit")).nth(view.hits.length - 1).waitFor();
  const status = await dialog.locator(T("library-search-status")).textContent();
  check(status.includes(`${view.total} kết quả`), status);
  const marks = await dialog.locator(`${T("library-search-hit")} mark`).allTextContents();
  check(marks.length === view.hits.length && marks.every((m, i) => m === view.hits[i].matched), marks.slice(0, 3).join(" | "));
  check((await dialog.locator(T("library-search-group")).first().getAttribute("aria-label")) === demo.title, "the group is not the demo's title");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  check((await page.locator(`${T("library-search-hit")}[aria-selected="true"]`).getAttribute("data-index")) === "2", "ArrowDown twice did not reach the third hit");
  // The dialog sits inside the window and its rows do not overlap.
  const box = await dialog.boundingBox();
  check(box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0, `the dialog is outside the window: ${JSON.stringify(box)}`);
  const rows = await page.locator(T("library-search-hit")).evaluateAll((els) => els.slice(0, 6).map((e) => e.getBoundingClientRect().toJSON()));
  for (let i = 1; i < rows.length; i++) check(rows[i].top >= rows[i - 1].bottom - 0.5, `rows ${i - 1} and ${i} overlap`);
  await shot("search-library");
});

await step("Enter opens the regulation at the hit, its words painted and in view", async () => {
  const hit = answer({ query: "Thường vụ", regulationId: null, revision: null }).hits[2];
  await page.keyboard.press("Enter");
  await page.locator(T("outline")).waitFor();
  check((await page.locator(T("library-search")).count()) === 0, "the dialog stayed open");
  const line = page.locator(`p[data-unit-id="${hit.unit}"][data-search-current="true"]`).first();
  await line.waitFor();
  await page.waitForFunction(() => CSS.highlights.get("search-current")?.size === 1);
  const [r] = await painted("search-current");
  const pane = await page.locator("main.doc-pane").boundingBox();
  check(r.top >= pane.y && r.bottom <= pane.y + pane.height, `the hit is not in view: ${JSON.stringify(r)}`);
  const text = await page.evaluate(() => [...CSS.highlights.get("search-current")][0].toString());
  check(text === hit.matched, `painted “${text}”, not “${hit.matched}”`);
});

await step("Ctrl+F finds in the document, counts, steps and wraps; Esc clears", async () => {
  await page.keyboard.press("Control+F");
  const bar = page.locator(T("find-bar"));
  await bar.waitFor();
  const input = bar.locator(T("find-input"));
  check(await input.evaluate((el) => el === document.activeElement), "the find box does not have the focus");
  await input.fill("nguyen tac");
  const hits = answer({ query: "nguyen tac", regulationId: demo.id, revision: null }).hits.filter((h) => h.area !== "comment");
  const count = bar.locator(T("find-count"));
  await page.waitForFunction((n) => document.querySelector('[data-testid="find-count"]')?.textContent.trim() === `1/${n}`, hits.length);
  await page.waitForFunction(() => CSS.highlights.get("search-current")?.size === 1);
  const first = await page.evaluate(() => [...CSS.highlights.get("search-current")][0].toString());
  check(first === hits[0].matched, `the first hit painted “${first}”`);
  await page.keyboard.press("Enter");
  check((await count.textContent()).trim() === `2/${hits.length}`, await count.textContent());
  await page.locator(`p[data-unit-id="${hits[1].unit}"][data-search-current="true"]`).first().waitFor();
  const second = await page.evaluate(() => [...CSS.highlights.get("search-current")][0].toString());
  check(second === hits[1].matched, `the second hit painted “${second}”`);
  const [r] = await painted("search-current");
  const barBox = await bar.boundingBox();
  check(r.top > barBox.y + barBox.height || r.right < barBox.x, "the find bar covers the current hit");
  await shot("search-find");
  for (let i = 1; i < hits.length; i++) await page.keyboard.press("Enter");
  check((await count.textContent()).trim() === `1/${hits.length}`, `Enter past the last: ${await count.textContent()}`);
  await page.keyboard.press("Shift+Enter");
  check((await count.textContent()).trim() === `${hits.length}/${hits.length}`, `Shift+Enter from the first: ${await count.textContent()}`);
  await page.keyboard.press("Escape");
  check((await bar.count()) === 0, "Esc left the find bar open");
  check((await painted("search-current")).length === 0 && (await painted("search-hit")).length === 0, "Esc left hits painted");
  check((await page.locator("[data-search-current]").count()) === 0, "Esc left a line marked");
});

await step("no console errors or CSP violations, and every call had a recording", async () => {
  const unrecorded = await page.evaluate(() => window.__QUYCHE_REPLAY__.unrecorded);
  check(unrecorded.length === 0, unrecorded.join("\n"));
  check(problems.length === 0, problems.join("\n"));
});

await finish();
