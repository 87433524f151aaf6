// Accessibility of every screen and dialog (issue 14), in headless Chromium on the mock build:
// each screen is opened from the recorded tapes (`?tape=NAME&from=MARK`, the same back-end
// answers the other scripts replay), then
//   (a) axe-core (harness.mjs `axe`: WCAG 2.0/2.1/2.2 A and AA) finds nothing serious or
//       critical, and no contrast failure; lesser findings are printed as "note";
//   (b) the screen's main actions are reached with Tab alone, from the top of the window
//       (or inside the dialog, where the focus is trapped), each showing a focus ring.
// Screenshots of failures go to ../artifacts/ui/. Run by `npm run test:browser`; prints
// "N passed, N failed" and exits non-zero when a screen fails.
//   npm run build:mock -- --outDir dist-mock && node tests/browser/a11y.mjs [filter]
import { axe, check, openSession, readTape, T } from "./harness.mjs";

const only = process.argv[2];
const started = Date.now();
const { base, page, problems, step, finish } = await openSession({ viewport: { width: 1024, height: 768 } });

const tapeOf = (name) => readTape(name);
/** The first recorded `cmd` of a tape that `pick` accepts (default: any). */
const callOf = (tape, cmd, pick = () => true) => {
  const e = tapeOf(tape).find((c) => c.cmd === cmd && pick(c));
  if (!e) throw new Error(`no recorded ${cmd} in the tape ${tape}`);
  return e;
};
let screens = 0;

/** Opens the window on a tape (from a mark), once it has loaded. */
async function open(tape, from) {
  await page.goto(`${base}?tape=${tape}${from ? `&from=${from}` : ""}`);
  await page.waitForSelector('[data-ready="true"]', { timeout: 10000 });
}

/** Opens the first regulation of the library (or the one whose item has `text`). */
async function openRegulation(text) {
  const item = text ? page.locator(T("regulation-item"), { hasText: text }) : page.locator(T("regulation-item"));
  await item.first().click();
  await page.locator(T("outline")).waitFor();
  await page.locator(T("workflow-bar")).waitFor();
}

async function closeToasts() {
  await page.evaluate(() => document.querySelectorAll('[data-testid="toast"] button').forEach((b) => b.click()));
}

async function settle() {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Presses Tab (at most `max` times) from the top of the window, or from inside the open
 * dialog, until every one of `ids` (data-testid) has had the focus; fails naming those never
 * reached and those that showed no focus ring (an outline or a box-shadow) when they had it.
 */
async function tabReaches(ids, max = 300) {
  await page.evaluate(() => {
    const w = window;
    w.__focused = new Map();
    w.__onFocus ??= (e) => {
      const el = e.target;
      const id = el.getAttribute?.("data-testid");
      if (!id || !w.__focused) return;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      w.__focused.set(id, (w.__focused.get(id) ?? false) || ring);
    };
    document.addEventListener("focusin", w.__onFocus, true);
    const modal = [...document.querySelectorAll('[aria-modal="true"]')].at(-1);
    w.__outside = modal && !modal.contains(document.activeElement) ? document.activeElement?.outerHTML.slice(0, 80) ?? "nothing" : null;
    if (!modal) {
      // Start where a person starts: the top of the window, nothing focused.
      const start = document.createElement("span");
      start.tabIndex = -1;
      document.body.prepend(start);
      start.focus();
      start.remove();
    }
  });
  const seen = async () => new Map(await page.evaluate(() => [...window.__focused]));
  let got = new Map();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (i % 10 === 9 || i === max - 1) {
      got = await seen();
      if (ids.every((id) => got.has(id))) break;
    }
  }
  got = await seen();
  const outside = await page.evaluate(() => window.__outside);
  await page.evaluate(() => (window.__focused = null));
  const missing = ids.filter((id) => !got.has(id));
  const ringless = ids.filter((id) => got.get(id) === false);
  const out = [];
  if (outside) out.push(`the dialog is open but the focus is outside it, on ${outside}`);
  if (missing.length) out.push(`Tab never reached: ${missing.join(", ")}`);
  if (ringless.length) out.push(`no visible focus on: ${ringless.join(", ")}`);
  return out;
}

/** One screen: axe, then (when `keys` are given) Tab reaches each of them. */
async function screen(name, { keys = [], max } = {}) {
  await settle();
  await page.waitForTimeout(100);
  const found = await axe(page, { label: name });
  const keyboard = keys.length ? await tabReaches(keys, max) : [];
  screens++;
  const all = [...found, ...keyboard];
  check(all.length === 0, `${all.length} problem(s)\n       ${all.join("\n       ")}`);
}

/**
 * A named screen (skipped unless it matches the command line's filter): also fails on a
 * console error or a call the tape did not record, made while it was shown.
 */
async function scene(name, fn) {
  if (only && !name.includes(only)) return;
  await step(name, async () => {
    const before = problems.length;
    await fn();
    const unrecorded = await page.evaluate(() => window.__QUYCHE_REPLAY__?.unrecorded ?? []);
    const errors = [...new Set([...problems.slice(before), ...unrecorded])];
    check(errors.length === 0, errors.join("\n"));
  });
}

// ---------------------------------------------------------------------------------------
// First start and people

await scene("first start: who uses this machine", async () => {
  await open("first-start");
  await page.locator(T("first-run")).waitFor();
  await page.locator(T("first-run-submit")).click(); // the messages shown too
  await screen("first-start", { keys: ["first-run-name", "first-run-position", "first-run-role", "first-run-submit"] });
});

await scene("library of a member, empty: leads with the package", async () => {
  await open("first-start", "removed");
  await page.locator(T("lead-open-package")).waitFor();
  await screen("library-empty", { keys: ["import-button", "new-regulation", "open-package", "lead-open-package", "open-identity", "switch-user"] });
});

await scene("person picker: nobody chosen yet", async () => {
  await open("no-user");
  await page.locator(T("person-picker")).waitFor();
  await screen("person-picker", { keys: ["pick-person", "show-add-person"] });
  await page.locator(T("show-add-person")).click();
  await page.locator(T("add-person-form")).waitFor();
  await screen("person-picker-add", { keys: ["person-name", "person-position", "person-role", "person-add"] });
});

await scene("people: act for someone else (Làm thay cho…)", async () => {
  await open("library");
  await page.locator(T("switch-user")).click();
  await page.locator(T("person-picker")).waitFor();
  await screen("switch-user", { keys: ["pick-person", "show-add-person"] });
});

// ---------------------------------------------------------------------------------------
// Library

await scene("library: two regulations, the sample", async () => {
  await open("library");
  await screen("library", { keys: ["import-button", "new-regulation", "open-package", "open-identity", "switch-user", "open-library-search", "regulation-item"] });
});

await scene("library: a refused import says why (toast)", async () => {
  await open("library");
  await page.locator(T("import-button")).click();
  await page.locator(T("toast")).first().waitFor();
  await screen("import-refused", { keys: ["import-button"] });
});

await scene("library: the import report (numbering warnings)", async () => {
  await open("library");
  await page.locator(T("import-button")).click();
  await page.locator(T("toast")).first().waitFor();
  await closeToasts();
  await page.locator(T("import-button")).click();
  await page.locator(T("import-report")).waitFor();
  await screen("import-report", { keys: ["dismiss-import-report", "nav-library"] });
});

await scene("templates: a new regulation from a template", async () => {
  await open("templates");
  await page.locator(T("new-regulation")).click();
  await page.locator(T("new-regulation-dialog")).waitFor();
  await screen("new-regulation", { keys: ["new-regulation-title", "new-regulation-create"] });
});

await scene("templates: the header form", async () => {
  await open("templates");
  const made = callOf("templates", "new_regulation", (c) => c.response.status === "ok").args;
  await page.locator(T("new-regulation")).click();
  await page.locator(T(`template-${made.template}`)).check();
  if (made.title) await page.locator(T("new-regulation-title")).fill(made.title);
  await page.locator(T("new-regulation-create")).click();
  await page.locator(T("outline")).waitFor();
  await page.locator(T("header-open")).click();
  await page.locator(T("header-dialog")).waitFor();
  await screen("header-form", { keys: ["header-issuing-body", "header-number", "header-place", "header-title", "header-save"] });
});

// ---------------------------------------------------------------------------------------
// A regulation: the document, history, audit, an old revision, editing

await scene("regulation: the document", async () => {
  await open("demo");
  await openRegulation();
  await screen("regulation", { keys: ["nav-library", "header-open", "toggle-side", "switch-user", "outline-article", "edit-article", "tab-history"], max: 400 });
});

await scene("regulation: history", async () => {
  await open("demo");
  await openRegulation();
  await page.locator(T("tab-history")).click();
  await page.locator(T("revision-item")).first().waitFor();
  await screen("history", { keys: ["tab-history", "open-revision", "compare-revision"], max: 400 });
});

await scene("regulation: an old revision, read-only", async () => {
  await open("demo");
  await openRegulation();
  await page.locator(`${T("revision-item")}[data-revision="1"]`).click();
  await page.locator(T("go-latest")).waitFor();
  await screen("old-revision", { keys: ["nav-library", "go-latest"] });
});

await scene("regulation: the audit log", async () => {
  await open("demo");
  await openRegulation();
  await page.locator(T("tab-audit")).click();
  await page.locator(T("audit-log")).waitFor();
  await screen("audit-log");
});

await scene("drafting: the structured article editor", async () => {
  await open("editor", "broken");
  await openRegulation("LUẬT HỢP TÁC XÃ");
  const art = page.locator(`${T("article")}[aria-label^="Điều 18."]`);
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  await page.locator(T("article-editor-body")).waitFor();
  await screen("structured-editor");
  // Ctrl+K in the editor: the reference picker.
  await page.locator(T("article-editor-body")).focus();
  await page.keyboard.press("Control+K");
  await page.locator(T("reference-picker")).waitFor();
  await screen("reference-picker");
});

await scene("drafting: leaving an edited article asks first", async () => {
  await open("demo", "plain-article");
  await openRegulation();
  const plain = callOf("demo", "article_for_editing", (c) => c.response.data?.plain).args;
  const art = page.locator(`${T("article")}[data-article-id="${plain.articleId}"]`);
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  const text = page.locator(`${T("plain-article-editor")} textarea`);
  await text.waitFor();
  await text.press("End");
  await page.keyboard.type(" x");
  await page.locator(T("cancel-edit")).click();
  await page.locator(T("discard-prompt")).waitFor();
  await screen("discard-prompt", { keys: ["keep-editing", "discard-confirm"] });
});

await scene("drafting: the plain article editor", async () => {
  await open("demo", "plain-article");
  await openRegulation();
  const plain = callOf("demo", "article_for_editing", (c) => c.response.data?.plain).args;
  const art = page.locator(`${T("article")}[data-article-id="${plain.articleId}"]`);
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  await page.locator(T("plain-article-editor")).waitFor();
  await screen("plain-editor");
});

await scene("drafting: the outline's insert and delete dialogs", async () => {
  await open("drafting", "insert");
  await openRegulation();
  await page.locator(T("outline-article")).first().click();
  await page.locator(T("outline-insert-article")).click();
  await page.locator(T("insert-article-dialog")).waitFor();
  await screen("insert-article", { keys: ["insert-article-title", "insert-article-confirm"] });
  await page.keyboard.press("Escape");
  await page.locator(T("outline-delete-article")).click();
  await page.locator(T("delete-article-dialog")).waitFor();
  await screen("delete-article", { keys: ["delete-article-cancel"] });
});

// ---------------------------------------------------------------------------------------
// Redline

await scene("redline: inline", async () => {
  await open("redline");
  await openRegulation();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  await screen("redline-inline", { keys: ["redline-close", "redline-mode-inline", "redline-mode-side", "redline-next"], max: 400 });
});

await scene("redline: with the text someone sent back (a file)", async () => {
  await open("documents-out", "redline-file");
  await openRegulation();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  await page.locator(T("redline-compare-file")).click();
  await page.locator(T("redline-clear-file")).waitFor();
  await screen("redline-file", { keys: ["redline-clear-file", "redline-close"], max: 400 });
});

await scene("redline: side by side, and its export menu", async () => {
  await open("documents-out", "redline");
  await openRegulation();
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  await page.locator(T("redline-mode-side")).click();
  await screen("redline-side", { keys: ["redline-close", "redline-export", "redline-mode-inline", "redline-next"], max: 400 });
  await page.locator(T("redline-export")).click();
  await page.locator('[role="menu"]').waitFor();
  await screen("redline-export-menu");
});

// ---------------------------------------------------------------------------------------
// Review: the round, comments, the responses table, the vote

await scene("review: the chairman opens a round (dialog)", async () => {
  await open("review", "draft-chairman");
  await openRegulation();
  await page.locator(T("action-open_round")).click();
  await page.locator(T("open-round-dialog")).waitFor();
  await screen("open-round", { keys: ["round-deadline", "round-deadline-calendar", "round-confirm"] });
  await page.locator(T("round-deadline-calendar")).click();
  await page.locator(T("date-calendar")).waitFor();
  await screen("date-calendar");
});

await scene("review: a member comments (the panel and the form)", async () => {
  await open("review", "consultation-member");
  await openRegulation();
  await screen("comments-member", { keys: ["nav-library", "comment-article", "tab-comments"], max: 400 });
  await page.locator(T("comment-article")).first().click();
  await page.locator(T("comment-form")).waitFor();
  await screen("comment-form");
});

await scene("review: the chairman resolves (comments panel)", async () => {
  await open("review", "revising-chairman");
  await openRegulation();
  await page.locator(T("comment-item")).first().waitFor();
  await screen("comments-chairman", { keys: ["comment-filter-open", "comment-filter-all", "comments-table-open", "resolve-decision", "resolve-submit"], max: 500 });
});

await scene("review: a comment's redline (what changed where it pointed)", async () => {
  await open("review", "revised-chairman");
  await openRegulation();
  const { commentId } = callOf("review", "comment_redline").args;
  await page.locator(T("tab-comments")).click();
  await page.locator(T("comment-filter-all")).click();
  await page.locator(`${T("comment-item")}[data-comment-id="${commentId}"] ${T("comment-redline")}`).click();
  await page.locator(T("comment-redline-view")).waitFor();
  await screen("comment-redline");
});

await scene("review: the responses table (bảng tổng hợp)", async () => {
  await open("review", "revising-chairman");
  await openRegulation();
  await page.locator(T("comments-table-open")).click();
  await page.locator(T("comments-table-dialog")).waitFor();
  await screen("comments-table", { keys: ["comments-table-close"] });
});

await scene("review: the chairman returns the draft (dialog)", async () => {
  await open("review", "submitted-secretary");
  await openRegulation();
  await page.locator(T("action-return")).click();
  await page.locator(T("return-dialog")).waitFor();
  await screen("return-dialog", { keys: ["return-reason"] });
});

await scene("vote: the approval dialog", async () => {
  await open("vote", "submitted");
  await openRegulation();
  await page.locator(T("action-approve")).click();
  await page.locator(T("approval-form")).waitFor();
  await screen("approval", { keys: ["approval-form-kind", "approval-members", "approval-for", "approval-against", "approval-abstain", "approval-submit"] });
});

await scene("vote: a failed vote returns the draft", async () => {
  await open("vote", "failed");
  await openRegulation();
  await page.locator(T("returned-notice")).waitFor();
  await screen("vote-failed");
});

await scene("vote: approved, the seal", async () => {
  await open("vote", "approved");
  await openRegulation();
  await page.locator(T("seal")).waitFor();
  await screen("approved", { keys: ["action-export"] });
});

// ---------------------------------------------------------------------------------------
// Documents out

await scene("documents out: the export menu and the verification", async () => {
  await open("documents-out", "approved");
  await openRegulation();
  await page.locator(`${T("workflow-bar")} ${T("action-export")}`).click();
  await page.locator(T("export-menu")).waitFor();
  await screen("export-menu");
  const set = callOf("documents-out", "export_promulgation", (c) => c.response.status === "ok").response.data;
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), set.path);
  await page.locator(T("verify-file")).click();
  await page.locator(T("verify-result")).waitFor();
  await screen("verify-result");
});

// ---------------------------------------------------------------------------------------
// Exchange

await scene("exchange, chairman: the identity panel before and after", async () => {
  await open("exchange-chairman", "no-identity");
  await page.locator(T("open-identity")).click();
  await page.locator(T("identity-panel")).waitFor();
  await screen("identity-new", { keys: ["identity-name", "identity-position"] });
  await open("exchange-chairman", "roster");
  await page.locator(T("open-identity")).click();
  await page.locator(T("identity-panel")).waitFor();
  await screen("identity-roster", { keys: ["identity-export", "roster-add-card"] });
});

await scene("exchange, chairman: a changed key", async () => {
  await open("exchange-chairman", "key-change");
  await page.locator(T("open-identity")).click();
  await page.locator(T("identity-panel")).waitFor();
  await page.evaluate(() => window.__QUYCHE_OPEN__.push("/home/vanphong/Tài liệu/pham-thi-dung-may-moi.quyche-id"));
  await page.locator(T("roster-add-card")).click();
  await page.locator(T("roster-card-submit")).click();
  await page.locator(T("key-change-warning")).waitFor();
  await screen("key-change", { keys: ["key-change-confirm"] });
});

await scene("exchange, chairman: the round, the package and the bundles", async () => {
  await open("exchange-chairman", "package-sent");
  await openRegulation();
  await screen("exchange-round", { keys: ["send-package", "import-bundles"], max: 400 });
  await page.locator(T("tab-comments")).click();
  await page.locator(T("round-dashboard")).waitFor();
  await screen("round-dashboard");
  await page.locator(T("import-bundles")).click();
  await page.locator(T("bundle-results-dialog")).waitFor();
  await screen("bundle-results");
});

await scene("exchange, member: the package to confirm", async () => {
  await open("exchange-member", "start");
  await page.locator(T("open-package")).click();
  await page.locator(T("package-confirm")).waitFor();
  const trusted = (await page.locator(T("package-confirm")).getAttribute("data-trusted")) === "true";
  await screen("package-confirm", { keys: trusted ? ["package-open"] : ["package-fingerprint-checked"] });
});

await scene("exchange, member: the received copy, comments not yet sent", async () => {
  await open("exchange-member", "commented");
  await openRegulation();
  await page.locator(T("received-banner")).waitFor();
  await screen("received-copy", { keys: ["export-bundle"], max: 400 });
});

await scene("exchange, member: deleting an unsent comment asks first", async () => {
  await open("exchange-member", "saved-unsent");
  await openRegulation();
  await page.locator(T("tab-comments")).click();
  await page.locator(T("comment-delete")).first().click();
  await page.locator(T("comment-delete-confirm")).waitFor();
  await screen("comment-delete", { keys: ["comment-delete-yes"] });
});

await scene("Word review: the results", async () => {
  await open("word", "round");
  await openRegulation();
  await screen("word-round", { keys: ["export-review-copy", "import-word-review"], max: 400 });
  await page.locator(T("import-word-review")).click();
  await page.locator(T("word-review-dialog")).waitFor();
  await screen("word-review");
});

// ---------------------------------------------------------------------------------------
// Sources

await scene("sources: the panel and a source's articles; the side tabs by the arrow keys", async () => {
  await open("sources", "take");
  await openRegulation();
  await page.locator(T("tab-sources")).click();
  await page.locator(T("sources-panel")).waitFor();
  await screen("sources", { keys: ["tab-sources", "import-source"], max: 400 });
  await page.locator(T("source-item")).first().click();
  await page.locator(T("source-article")).first().waitFor();
  await screen("source-articles");
  // The side pane's tabs: one Tab stop, the arrows reach each of the four (WAI-ARIA tabs).
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  await page.locator(T("tab-history")).click();
  for (const [key, tab] of [["ArrowRight", "audit"], ["ArrowRight", "sources"], ["ArrowRight", "comments"], ["End", "sources"], ["Home", "comments"], ["ArrowLeft", "sources"]]) {
    await page.keyboard.press(key);
    check((await focused()) === `tab-${tab}`, `${key} focused ${await focused()}, not tab-${tab}`);
    check((await page.locator(T(`tab-${tab}`)).getAttribute("aria-selected")) === "true", `${key}: tab-${tab} is not shown`);
    check((await page.locator('[role="tab"][tabindex="0"]').count()) === 1, "more than one tab is in the Tab order");
  }
});

await scene("sources: an article taken, compared with its source", async () => {
  await open("sources", "adapt");
  await openRegulation();
  await page.locator(T("tab-sources")).click();
  await page.locator(T("compare-source")).first().click();
  await page.locator(T("compare-source-view")).waitFor();
  await screen("compare-source");
});

// ---------------------------------------------------------------------------------------
// Search

await scene("search: the library palette (Ctrl+K) and find in the document (Ctrl+F)", async () => {
  await open("search");
  await page.keyboard.press("Control+K");
  await page.locator(T("library-search")).waitFor();
  await page.locator(T("library-search-input")).fill("Thường vụ");
  await page.locator(T("library-search-hit")).first().waitFor();
  await screen("library-search", { keys: ["library-search-input"] });
  await page.keyboard.press("Escape");
  await openRegulation();
  await page.keyboard.press("Control+F");
  await page.locator(T("find-input")).fill("nguyen tac");
  await page.locator(T("find-count")).waitFor();
  await screen("find-bar");
});

console.log(`a11y: ${screens} screens in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await finish();
