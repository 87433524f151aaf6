// Headless Chromium test of the built UI, replaying responses recorded from the real back
// end (src/lib/ipc/recorded/browser.json, written by crates/api/tests/recorded_ipc.rs in
// the order this flow clicks). `npm run test:browser` builds `vite build --mode mock` into
// dist-mock/, serves it on 127.0.0.1 with the app's CSP, clicks through the main flow and
// saves screenshots to ../artifacts/ui/. Exits non-zero when a step fails.
import { check, openSession, readTape, T } from "./harness.mjs";

// What the tape holds, read from it rather than written down again.
const tape = readTape("browser");
const FILES = "/home/vanphong/Tài liệu";
const calls = (cmd) => tape.filter((e) => e.cmd === cmd);
const regulations = calls("list_regulations")[0].response.data;
const DEMO = regulations.find((r) => r.title.startsWith("Quy chế làm việc")).id;
const LAW = regulations.find((r) => r.title === "LUẬT HỢP TÁC XÃ").id;
const IMPORTED = calls("import_file")[0].response.data.regulation_id;
const person = (name) => calls("people")[0].response.data.find((p) => p.name === name).id;
const demoView = calls("open_regulation").find((e) => e.args.regulationId === DEMO).response.data;
function articleId(marker) {
  const walk = (units) => {
    for (const u of units) {
      if (u.kind === "article" && u.marker === marker) return u.id;
      const found = walk(u.children);
      if (found !== undefined) return found;
    }
  };
  return walk(demoView.units);
}
const A2 = articleId("Điều 2");
const A4 = articleId("Điều 4");
const A7 = articleId("Điều 7");
const A14 = articleId("Điều 14");

const { base, page, problems, shot, step, finish } = await openSession();

/** In the structured editor: a new clause after the last one, holding `text`. Enter at the
 * end makes a unit of the same kind; when that is a point, Shift+Tab makes it a clause. */
async function newLastClause(editor, text) {
  await editor.press("Control+End");
  await page.waitForTimeout(100);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(100);
  const inPoint = await page.evaluate(() => {
    const n = getSelection().anchorNode;
    return !!(n && (n.nodeType === 1 ? n : n.parentElement).closest(".pm-point"));
  });
  if (inPoint) await page.keyboard.press("Shift+Tab");
  await page.waitForTimeout(100);
  await page.keyboard.type(text);
}

/** Closes the toasts left by earlier steps, so they do not cover a screenshot. */
async function dismissToasts() {
  await page.evaluate(() => document.querySelectorAll('[data-testid="toast"] button').forEach((b) => b.click()));
}

// The first start (its own tape, first-start.json): the dialog that blocks the window,
// its own Vietnamese messages, the member's answer, the sample's badge and its removal.
await step("first start: one dialog asks who uses this machine, then the sample goes", async () => {
  await page.goto(`${base}?tape=first-start`);
  await page.waitForSelector('[data-ready="true"]', { timeout: 10000 });
  const dialog = page.locator(T("first-run"));
  await dialog.waitFor();
  // It blocks: the top of the window at its centre is the dialog's overlay, not the library.
  const blocked = await page.evaluate(() => {
    const el = document.elementFromPoint(innerWidth / 2, 10);
    return !!el?.closest(".overlay") && document.activeElement?.getAttribute("data-testid") === "first-run-name";
  });
  check(blocked, "the first-start dialog does not block the window, or the focus is not in the name field");
  await shot("00-first-start");
  await page.locator(T("first-run-submit")).click();
  check((await page.locator(T("first-run-name-msg")).innerText()) === "Hãy nhập họ và tên của bạn.", "the name's message");
  check((await page.locator(T("first-run-role-msg")).innerText()) === "Hãy chọn vai trò của bạn.", "the role's message");
  await page.locator(T("first-run-name")).fill("Lê Thị Hoa");
  await page.locator(T("first-run-position")).fill("Ủy viên Ban Thường vụ");
  await page.locator(T("first-run-role")).selectOption("member");
  await page.locator(T("first-run-submit")).click();
  await dialog.waitFor({ state: "detached" });
  check((await page.locator(T("current-user")).innerText()).includes("Lê Thị Hoa"), "the user menu names the owner");
  check((await page.locator(T("open-package")).getAttribute("data-lead")) === "true", "a member's library leads with the package");
  check((await page.locator(T("sample-badge")).innerText()) === "Bản mẫu", "the sample's badge");
  await shot("00-first-start-library");
  await page.locator(T("remove-sample")).click();
  await page.locator(T("lead-open-package")).waitFor();
  check((await page.locator(T("regulation-item")).count()) === 0, "the sample left the library");
  await shot("00-member-empty-library");
});

await step("library lists regulations", async () => {
  await page.goto(base);
  await page.waitForSelector('[data-ready="true"]', { timeout: 10000 });
  const items = page.locator(T("regulation-item"));
  check((await items.count()) === 2, `expected 2 regulations, got ${await items.count()}`);
  const text = await page.locator(`${T("regulation-item")}[data-regulation-id="${DEMO}"]`).innerText();
  check(text.includes("Quy chế làm việc của Ban Chấp hành, Ban Thường vụ"), `demo item: ${text}`);
  check(text.includes("Dự thảo"), "status badge missing");
  check(text.includes("28/11/2026 09:20"), `time not shown in local Vietnamese style: ${text}`);
  check((await page.locator("html").getAttribute("lang")) === "vi", "html lang is not vi");
  await shot("library");
});

await step("open regulation and jump via outline", async () => {
  await page.locator(`${T("regulation-item")}[data-regulation-id="${DEMO}"]`).click();
  await page.waitForSelector(`${T("outline")} ${T("outline-article")}`);
  const entries = page.locator(T("outline-article"));
  check((await entries.count()) === 31, `expected 31 outline articles, got ${await entries.count()}`);
  check((await entries.nth(0).innerText()).startsWith("Điều 1."), "first outline entry is not Điều 1");
  check((await page.locator(T("current-revision")).innerText()).includes("Phiên bản 2"), "current revision label");
  const paper = await page.locator(".paper").innerText();
  check(paper.includes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && paper.includes("QUY CHẾ"), "document header missing");
  await shot("document-top");
  await entries.nth(3).click();
  const target = page.locator(`${T("article")}[data-article-id="${A4}"]`);
  await target.waitFor();
  await page.waitForFunction((id) => document.querySelector(`[data-article-id="${id}"]`)?.classList.contains("highlighted"), A4);
  await page.waitForTimeout(600); // smooth scrolling
  const box = await target.boundingBox();
  check(box && box.y >= 0 && box.y < 800, `article not scrolled into view (y=${box?.y})`);
  await shot("regulation");
});

await step("keyboard: outline arrows, Enter, edit button, Esc", async () => {
  const first = page.locator(T("outline-article")).first();
  await first.focus();
  await page.keyboard.press("ArrowDown"); // Điều 2
  await page.keyboard.press("Enter");
  await page.waitForFunction((id) => document.activeElement?.getAttribute("data-article-id") === String(id), A2);
  await page.keyboard.press("Tab"); // the article's edit button
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  check(focused === "edit-article", `Tab from the article focused ${focused}`);
  await shot("keyboard");
  await page.keyboard.press("Enter");
  await page.locator(T("article-editor-body")).waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "article-editor-body").catch(() => {
    throw new Error("editor not focused");
  });
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="article-editor"]'));
});

await step("edit an article and save a new revision", async () => {
  const art = page.locator(`${T("article")}[data-article-id="${A7}"]`);
  await art.scrollIntoViewIfNeeded();
  await art.hover();
  await art.locator(T("edit-article")).click();
  const editor = page.locator(T("article-editor-body"));
  await editor.waitFor();
  const before = await editor.locator(".pm-title").innerText();
  check(before.startsWith("Trách nhiệm và quyền hạn của Ban Thường vụ"), `editor title: ${before.slice(0, 60)}`);
  await newLastClause(editor, "Cho ý kiến về dự thảo quy chế trước khi trình Ban Chấp hành.");
  const markers = await editor.locator(".pm-clause").evaluateAll((cs) => cs.map((c) => c.dataset.marker));
  check(markers.at(-1) === "3.", `the new clause is numbered ${markers.at(-1)}`);
  await shot("editor");
  await page.locator(T("article-save")).click();
  await page.locator(T("toast"), { hasText: "Đã lưu phiên bản 3" }).waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="current-revision"]')?.textContent?.includes("Phiên bản 3"));
  check((await page.locator(T("article-editor")).count()) === 0, "editor still open after save");
  const body = await art.locator(T("article-body")).innerText();
  check(body.includes("3. Cho ý kiến về dự thảo quy chế"), `saved clause not rendered: ${body}`);
});

await step("history shows the new revision; old revision is read-only", async () => {
  const revs = page.locator(`${T("history")} ${T("revision-item")}`);
  check((await revs.count()) === 3, `expected 3 revisions, got ${await revs.count()}`);
  check((await revs.first().getAttribute("data-revision")) === "3", "newest revision is not first");
  check((await revs.first().innerText()).includes("Sửa Điều 7"), "revision message missing");
  await page.locator(`${T("revision-item")}[data-revision="1"]`).click();
  await page.getByText("Đang xem phiên bản 1 (cũ)").waitFor();
  check((await page.locator(T("edit-article")).count()) === 0, "edit buttons shown on an old revision");
  const body = await page.locator(`${T("article")}[data-article-id="${A7}"] ${T("article-body")}`).innerText();
  check(!body.includes("Cho ý kiến về dự thảo"), "old revision shows the new text");
  await shot("history");
  await page.locator(T("go-latest")).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="current-revision"]')?.textContent?.includes("Phiên bản 3"));
});

await step("conflict keeps the edited text", async () => {
  const art = page.locator(`${T("article")}[data-article-id="${A2}"]`);
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  const editor = page.locator(T("article-editor-body"));
  await editor.waitFor();
  await newLastClause(editor, "Công khai, minh bạch trong hoạt động.");
  const mine = await editor.innerText();
  // Someone else saved revision 4 meanwhile (in the recording, the chairman in another window).
  await editor.press("Control+s");
  await page.getByText("Không lưu được.").waitFor();
  check((await editor.innerText()) === mine, "edited text was lost on conflict");
  await shot("conflict");
  await page.getByRole("button", { name: /Tải phiên bản mới nhất/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="current-revision"]')?.textContent?.includes("Phiên bản 4"));
  check((await editor.innerText()) === mine, "edited text was lost on reload");
  await page.locator(T("article-save")).click();
  await page.locator(T("toast"), { hasText: "Đã lưu phiên bản 5" }).waitFor({ timeout: 5000 });
});

await step("redline: revision 1 against the latest, inline, next/prev", async () => {
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).click();
  await page.locator(T("redline-article")).first().waitFor();
  check(!(await page.locator(T("article")).first().isVisible()), "the document is still shown next to the redline");
  await dismissToasts();
  const count = async (kind) => Number(await page.locator(`${T("redline-summary")} [data-count="${kind}"]`).innerText());
  // Revision 1 → 5: the five changes of revision 2 (CHANGES.md), and Điều 7 and Điều 2 edited here.
  check((await count("modified")) === 6 && (await count("unchanged")) === 25, "summary counts (modified/unchanged)");
  check((await count("added")) === 0 && (await count("removed")) === 0, "summary counts (added/removed)");
  const meeting = page.locator(`${T("redline-article")}[data-key="${A14}:${A14}"]`);
  check((await meeting.locator("del", { hasText: /^05$/ }).count()) === 1, "“05” not struck out");
  check((await meeting.locator("ins", { hasText: /^03$/ }).count()) === 1, "“03” not inserted");
  const head = await meeting.locator(T("redline-heading")).innerText();
  check(head.startsWith("Điều 14. Chuẩn bị và gửi tài liệu hội nghị"), `heading: ${head}`);
  check((await meeting.innerText()).includes("Sửa đổi"), "modified badge");
  await page.keyboard.press("n");
  await page.keyboard.press("n");
  const pos = await page.locator(T("redline-position")).innerText();
  check(/^Thay đổi 2\/\d+$/.test(pos), `position after two steps: ${pos}`);
  const cur = page.locator('[data-current="true"]').first();
  const box = await cur.boundingBox();
  check(box && box.y > 0 && box.y < 800, `current change not in view (y=${box?.y})`);
  await shot("redline-inline");
  await page.keyboard.press("p");
  check((await page.locator(T("redline-position")).innerText()).startsWith("Thay đổi 1/"), "p did not go back");
});

await step("redline: side by side, then back to the document", async () => {
  await page.locator(T("redline-mode-side")).click();
  const meeting = page.locator(`${T("redline-article")}[data-key="${A14}:${A14}"]`);
  await meeting.locator('[data-side="old"]').waitFor();
  const left = meeting.locator('[data-side="old"]');
  const right = meeting.locator('[data-side="new"]');
  check((await left.locator("del", { hasText: /^05$/ }).count()) === 1 && (await left.locator("ins").count()) === 0, "old column");
  check((await right.locator("ins", { hasText: /^03$/ }).count()) === 1 && (await right.locator("del").count()) === 0, "new column");
  const l = await left.boundingBox();
  const r = await right.boundingBox();
  check(l && r && l.x < r.x && Math.abs(l.y - r.y) < 2, "columns not side by side");
  await page.evaluate(() => document.querySelector('[data-testid="redline"] .rl-scroll')?.scrollTo(0, 0));
  await shot("redline-side");
  await page.locator(T("redline-close")).click();
  await page.locator(T("article")).first().waitFor();
  check((await page.locator(T("redline")).count()) === 0, "redline still shown after closing");
});

await step("import a file and show the numbering warnings", async () => {
  await page.locator(T("nav-library")).click();
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), `${FILES}/du-thao-luat-phong-khong.txt`);
  await page.locator(T("import-button")).click();
  await page.locator(T("import-report")).waitFor();
  const report = await page.locator(T("import-report")).innerText();
  check(report.includes("Dòng 289:") && report.includes("Chương VII lặp lại"), `diagnostics missing: ${report}`);
  await page.locator(`${T("outline")} ${T("outline-article")}`).first().waitFor();
  await shot("import");
  await page.locator(T("dismiss-import-report")).click();
  check((await page.locator(T("import-report")).count()) === 0, "report not dismissed");
});

await step("large regulation (the Law on Cooperatives 2023: 115 articles) renders quickly", async () => {
  await page.locator(T("nav-library")).click();
  await page.locator(`${T("regulation-item")}[data-regulation-id="${LAW}"]`).click();
  const started = Date.now();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="article"]').length === 115, null, { timeout: 10000 });
  const ms = Date.now() - started;
  check(ms < 3000, `rendering took ${ms} ms`);
  await page.locator(T("outline-article")).nth(114).click();
  await page.waitForTimeout(800);
  const box = await page.locator(`${T("article")}`).nth(114).boundingBox();
  check(box && box.y >= 0 && box.y < 800, "last article not scrolled into view");
  await shot("large");
});

await step("large redline (the law pair 2012 → 2023, 121 articles) paints quickly", async () => {
  // The law's revision 1 is the 2012 text, revision 2 the 2023 one.
  await page.locator(`${T("revision-item")}[data-revision="1"] ${T("compare-revision")}`).waitFor();
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const button = document.querySelector('[data-testid="revision-item"][data-revision="1"] [data-testid="compare-revision"]');
        const t0 = performance.now();
        button.click();
        const poll = () => {
          if (document.querySelector('[data-testid="redline-article"]')) {
            // The frame that shows it: the next animation frame, then after its paint.
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
          } else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
  );
  console.log(`     redline first paint: ${Math.round(ms)} ms`);
  check(ms < 1000, `first paint took ${Math.round(ms)} ms`);
  const stats = await page.evaluate(() => ({
    articles: document.querySelectorAll('[data-testid="redline-article"]').length,
    rendered: document.querySelectorAll('[data-testid="redline-article"][data-rendered="true"]').length,
  }));
  console.log(`     ${stats.articles} articles shown, ${stats.rendered} drawn at first paint (the others are placeholders)`);
  const pos = await page.locator(T("redline-position")).innerText();
  const total = Number(pos.replace(/\D+/g, ""));
  check(total > 500, `expected hundreds of changes (the real pair has over 700), got "${pos}"`);
  // From nothing selected, "previous" goes to the very last change (in an article not rendered yet).
  const t1 = Date.now();
  await page.keyboard.press("k");
  await page.locator('[data-current="true"]').first().waitFor();
  const jump = Date.now() - t1;
  const box = await page.locator('[data-current="true"]').first().boundingBox();
  check(box && box.y > 0 && box.y < 800, `last change not in view (y=${box?.y})`);
  check((await page.locator(T("redline-position")).innerText()) === `Thay đổi ${total}/${total}`, "position after jumping to the last change");
  console.log(`     jump to the last change: ${jump} ms`);
  await dismissToasts();
  await page.keyboard.press("Alt+ArrowUp");
  check((await page.locator(T("redline-position")).innerText()) === `Thay đổi ${total - 1}/${total}`, "Alt+ArrowUp");
  await shot("redline-large");
  // Everything renders in the background, a slice at a time.
  await page.waitForFunction(() => !document.querySelector('[data-testid="redline-article"][data-rendered="false"]'), null, { timeout: 10000 });
  // Switching to two columns with every body rendered stays quick, and keeps the current change in view.
  const switchMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        document.querySelector('[data-testid="redline-mode-side"]').click();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      }),
  );
  console.log(`     switch to side by side (all rendered): ${Math.round(switchMs)} ms`);
  check(switchMs < 1500, `switching took ${Math.round(switchMs)} ms`);
  await page.locator('[data-side="new"] [data-current="true"]').first().waitFor();
  const cbox = await page.locator('[data-current="true"]').first().boundingBox();
  check(cbox && cbox.y > 0 && cbox.y < 800, `current change not in view after switching (y=${cbox?.y})`);
  await shot("redline-large-side");
});

// ---- Review and approval: member comments → chairman resolves, submits → secretary approves → seal → export.

/** Switches the current user with the header's picker. */
async function becomeUser(personId, name) {
  await page.locator(T("switch-user")).click();
  await page.locator(`${T("pick-person")}[data-person-id="${personId}"]`).click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="current-user"]')?.textContent?.includes(n), name);
  await page.waitForFunction(() => !document.querySelector('[data-testid="person-picker"]'));
}

async function waitStage(stage) {
  await page.waitForSelector(`${T("workflow-bar")}[data-stage="${stage}"]`, { timeout: 5000 });
}

await step("review: the chairman opens a consultation round", async () => {
  await page.locator(T("nav-library")).click();
  await page.locator(`${T("regulation-item")}[data-regulation-id="${DEMO}"]`).click();
  await page.locator(`${T("article")}[data-article-id="${A14}"]`).waitFor();
  await waitStage("draft");
  check((await page.locator(T("current-user")).innerText()).includes("Trần Thị Bình"), "demo user is not the Chief of Office");
  // The bar shows only the actions the rules give the person: none of these is hers or a draft's.
  check((await page.locator(T("action-open_round")).count()) === 0, "the Chief of Office may open a round");
  await becomeUser(person("Nguyễn Văn An"), "Nguyễn Văn An");
  check((await page.locator(T("action-approve")).count()) === 0, "approve shown in draft");
  check((await page.locator(T("workflow-next")).innerText()).includes("Mở đợt lấy ý kiến"), "the chairman's next step in a draft");
  await page.locator(T("action-open_round")).click();
  await page.locator(T("round-deadline")).fill("15/12/2026");
  await page.locator(T("round-confirm")).click();
  await waitStage("consultation");
  const info = await page.locator(T("round-info")).innerText();
  check(info.includes("Đợt lấy ý kiến 1 · phiên bản 5 · hạn 15/12/2026"), `round info: ${info}`);
});

await step("review: a member comments on a selection and on an article", async () => {
  await becomeUser(person("Phạm Thị Dung"), "Phạm Thị Dung");
  await waitStage("consultation");
  // A member in consultation is offered no workflow action at all, not greyed ones.
  check((await page.locator(T("action-close_round")).count()) === 0, "close_round offered to a member");
  check((await page.locator(`${T("workflow-bar")} [data-allowed="false"]`).count()) === 0, "greyed actions shown to a member");
  await dismissToasts();
  // Select "03 ngày làm việc" in clause 2 of Điều 14.
  const art = page.locator(`${T("article")}[data-article-id="${A14}"]`);
  await art.scrollIntoViewIfNeeded();
  await page.evaluate((id) => {
    const spans = [...document.querySelectorAll(`[data-article-id="${id}"] [data-line]`)];
    const span = spans.find((s) => s.textContent.includes("03 ngày làm việc"));
    const node = span.firstChild;
    const at = node.textContent.indexOf("03 ngày làm việc");
    const r = document.createRange();
    r.setStart(node, at);
    r.setEnd(node, at + "03 ngày làm việc".length);
    const sel = document.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }, A14);
  const float = page.locator(T("comment-on-selection"));
  await float.waitFor();
  const expectedUnit = calls("add_comment")[0].args.unitId;
  check((await float.getAttribute("data-unit-id")) === String(expectedUnit), `selection unit: ${await float.getAttribute("data-unit-id")}`);
  await float.click();
  const form = page.locator(T("comment-form"));
  await form.waitFor();
  check((await form.locator(T("comment-quote")).inputValue()) === "03 ngày làm việc", "quote in the form");
  check((await form.innerText()).includes("khoản 2 Điều 14"), "form does not name the clause");
  await form.locator(T("comment-text")).fill("Đề nghị gửi tài liệu sớm hơn để các Ủy viên kịp nghiên cứu <b>kỹ</b>.");
  await form.locator(T("comment-proposal")).fill("05 ngày làm việc");
  await form.locator(T("comment-submit")).click();
  await page.locator(T("comment-item")).first().waitFor();
  const made = await page.evaluate(() => window.__QUYCHE_REPLAY__.calls.filter((c) => c.cmd === "add_comment").map((c) => c.args));
  check(made.length === 1 && made[0].unitId === expectedUnit, `add_comment unit: ${JSON.stringify(made)}`);
  const expected = [..."Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất "].length;
  check(made[0].quote === "03 ngày làm việc" && made[0].position === expected, `add_comment: ${JSON.stringify(made[0])}`);
  // The keyboard path: the article's own "Góp ý" button.
  const principles = page.locator(`${T("article")}[data-article-id="${A2}"]`);
  await principles.scrollIntoViewIfNeeded();
  await principles.locator(T("comment-article")).focus();
  await page.keyboard.press("Enter");
  await form.waitFor();
  await form.locator(T("comment-text")).fill("Nên bổ sung nguyên tắc công khai, minh bạch.");
  await form.locator(T("comment-submit")).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="comment-item"]').length === 2);
  // No HTML from comment text.
  check((await page.locator(`${T("comments-panel")} b`).count()) === 0, "comment text rendered as HTML");
  // Show the first comment's place in the text.
  await page.locator(`${T("comment-item")}[data-comment-id="c0001"] button.show`).click();
  const mark = page.locator(`${T("article")}[data-article-id="${A14}"] ${T("anchor-mark")}`);
  await mark.waitFor();
  check((await mark.innerText()) === "03 ngày làm việc", `mark: ${await mark.innerText()}`);
  const box = await mark.boundingBox();
  check(box && box.y > 0 && box.y < 800, `mark not in view (y=${box?.y})`);
  await dismissToasts();
  await shot("comments");
});

await step("review: the chairman closes the round, revises, resolves and submits", async () => {
  await becomeUser(person("Nguyễn Văn An"), "Nguyễn Văn An");
  await page.locator(T("action-close_round")).click();
  await waitStage("revising");
  const changed = page.locator(T("changes-without-comment"));
  // Adopt the proposal: edit Điều 14.
  const art = page.locator(`${T("article")}[data-article-id="${A14}"]`);
  await art.scrollIntoViewIfNeeded();
  await art.locator(T("edit-article")).click();
  const editor = page.locator(T("article-editor-body"));
  await editor.waitFor();
  // “03” selected, “05” typed over it.
  await editor.evaluate((body) => {
    const walk = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const i = n.data.indexOf("03 ngày làm việc");
      if (i >= 0) {
        body.focus();
        getSelection().setBaseAndExtent(n, i, n, i + 2);
        return;
      }
    }
    throw new Error("no “03 ngày làm việc” in the editor");
  });
  await page.waitForTimeout(50);
  await page.keyboard.type("05");
  await page.locator(T("article-save")).click();
  await page.locator(T("toast"), { hasText: "Đã lưu phiên bản 6" }).waitFor({ timeout: 5000 });
  const first = page.locator(`${T("comment-item")}[data-comment-id="c0001"]`);
  await page.waitForSelector(`${T("comment-item")}[data-comment-id="c0001"][data-anchor="changed"]`);
  check((await changed.count()) === 0, "changes without comment listed although Điều 14 was commented");
  await first.locator(T("comment-redline")).click();
  const view = first.locator(T("comment-redline-view"));
  await view.locator("del").first().waitFor();
  check((await view.locator("del", { hasText: /^03$/ }).count()) === 1, "03 not struck out");
  check((await view.locator("ins", { hasText: /^05$/ }).count()) === 1, "05 not inserted");
  check((await view.locator(T("proposal-adopted")).innerText()).includes("Đã tiếp thu nguyên văn"), "adopted badge");
  await dismissToasts();
  await first.scrollIntoViewIfNeeded();
  await shot("comment-redline");
  await first.locator(T("resolve-decision")).selectOption("accepted");
  await first.locator(T("resolve-reason")).fill("Đã sửa khoản 2 Điều 14 theo đề xuất.");
  await first.locator(T("resolve-submit")).click();
  await page.waitForSelector(`${T("comment-item")}[data-comment-id="c0001"][data-decision="accepted"]`);
  const second = page.locator(`${T("comment-item")}[data-comment-id="c0002"]`);
  await second.locator(T("resolve-decision")).selectOption("explained");
  await second.locator(T("resolve-reason")).fill("Nguyên tắc công khai đã có trong Điều lệ; không nhắc lại.");
  await second.locator(T("resolve-submit")).click();
  await page.waitForSelector(`${T("comment-item")}[data-comment-id="c0002"][data-decision="explained"]`);
  await page.locator(T("action-submit")).click();
  await waitStage("submitted");
  check((await page.locator(T("action-approve")).getAttribute("data-allowed")) === "true", "chairman may not approve");
});

await step("review: the secretary records the approval; the seal shows", async () => {
  await becomeUser(person("Trần Thị Bình"), "Trần Thị Bình");
  await waitStage("submitted");
  await page.locator(T("action-approve")).click();
  const form = page.locator(T("approval-form"));
  await form.waitFor();
  await form.locator(T("approval-form-kind")).selectOption("meeting");
  await form.locator(T("approval-date")).fill("20/12/2026");
  await form.locator(T("approval-members")).fill("27");
  await form.locator(T("approval-for")).fill("13");
  await form.locator(T("approval-against")).fill("9");
  await form.locator(T("approval-abstain")).fill("3");
  await form.locator(T("approval-decision-no")).fill("12/QĐ-LMHTX");
  check((await form.locator(T("approval-rule")).innerText()).includes("Cần ít nhất 14 phiếu tán thành"), "live rule");
  await form.locator(T("approval-submit")).click();
  await form.locator(T("approval-error")).waitFor();
  check((await form.locator(T("approval-error")).innerText()).includes("Chưa được thông qua"), "refusal not shown");
  await dismissToasts();
  await shot("approval");
  await form.locator(T("approval-for")).fill("20");
  await form.locator(T("approval-against")).fill("4");
  await form.locator(T("approval-submit")).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="approval-form"]'));
  await waitStage("approved");
  const seal = page.locator(T("seal"));
  await seal.waitFor();
  const text = await seal.innerText();
  check(text.includes("Đã thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026"), `seal: ${text}`);
  check(text.includes("✓ nguyên vẹn"), "seal not intact");
  check(/^[0-9a-f]{64}$/.test(await seal.locator("code").getAttribute("title")), "full seal not in title");
  await page.locator(".doc-pane").evaluate((el) => el.scrollTo(0, 0));
  await dismissToasts();
  await shot("seal");
});

await step("review: export (the command asks where to save), then verify the file", async () => {
  await page.locator(T("action-export")).click();
  await page.locator(T("export-menu")).waitFor();
  await page.locator(T("export-docx")).click();
  const docx = `${FILES}/${DEMO}-phien-ban-7.docx`;
  await page.locator(T("toast"), { hasText: `Đã xuất phiên bản 7 ra tệp ${docx}` }).waitFor({ timeout: 5000 });
  // The save dialog is the command's own (in Rust): the window sends no path.
  const sent = await page.evaluate(() => window.__QUYCHE_REPLAY__.calls.filter((c) => c.cmd === "export_regulation").at(-1).args);
  check(JSON.stringify(Object.keys(sent).sort()) === '["format","regulationId","work"]', `export_regulation args: ${JSON.stringify(sent)}`);
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), docx);
  // Checking a file is in the same file menu.
  await page.locator(T("action-export")).click();
  await page.locator(`${T("export-menu")} ${T("verify-file")}`).click();
  const result = page.locator(T("verify-result"));
  await result.waitFor();
  check((await result.innerText()).includes("khớp với niêm phong phiên bản 7"), `verify: ${await result.innerText()}`);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="verify-result"]'));
});

// ---- Offline exchange: identity card, roster, package out, bundles in, round dashboard.

await step("exchange: the chairman creates this machine's identity and sees the roster", async () => {
  await page.locator(T("nav-library")).click();
  await page.locator(`${T("regulation-item")}[data-regulation-id="${IMPORTED}"]`).click();
  await page.locator(T("outline")).waitFor();
  await becomeUser(person("Nguyễn Văn An"), "Nguyễn Văn An");
  await page.locator(T("open-identity")).click();
  const panel = page.locator(T("identity-panel"));
  await panel.waitFor();
  await panel.locator(T("identity-name")).fill("Nguyễn Văn An");
  await panel.locator(T("identity-position")).fill("Chủ tịch Liên minh HTX tỉnh");
  await panel.locator(T("identity-create")).click();
  const fp = panel.locator(T("fingerprint"));
  await fp.waitFor();
  check((await fp.locator(".group").count()) === 8, "fingerprint not in 8 groups");
  check((await panel.innerText()).includes("Đọc mã nhận dạng này qua điện thoại để người nhận đối chiếu"), "hint missing");
  // The card goes out, and onto this computer's own roster (packages are signed by a person on it).
  await panel.locator(T("identity-export")).click();
  await page.waitForFunction(() => window.__QUYCHE_REPLAY__.calls.some((c) => c.cmd === "export_identity_card"));
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), `${FILES}/the-dinh-danh-nguyen-van-an.quyche-id`);
  await panel.locator(T("roster-add-card")).click();
  await panel.locator(T("roster-card-role")).selectOption("chairman");
  await panel.locator(T("roster-card-submit")).click();
  const ownBadge = panel.locator(`${T("roster-person")}[data-person-id="${person("Nguyễn Văn An")}"] ${T("key-badge")}`);
  await ownBadge.filter({ hasText: /^có khóa$/ }).waitFor({ timeout: 5000 });
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), `${FILES}/vu-thi-hoa.quyche-id`);
  await panel.locator(T("roster-add-card")).click();
  await panel.locator(T("roster-card-role")).selectOption("member");
  await panel.locator(T("roster-card-submit")).click();
  await panel.locator(`${T("roster-person")}`, { hasText: "Vũ Thị Hoa" }).waitFor();
  check((await panel.locator(`${T("roster-person")}[data-person-id="${person("Hoàng Minh Đức")}"] ${T("key-badge")}`).innerText()) === "chưa có khóa", "key badge");
  await dismissToasts();
  await shot("identity");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="identity-panel"]'));
});

await step("exchange: the chairman sends the package and imports three bundles", async () => {
  await page.locator(T("action-open_round")).click();
  await page.locator(T("round-deadline")).fill("15/12/2026");
  await page.locator(T("round-confirm")).click();
  await waitStage("consultation");
  await page.locator(T("send-package")).click();
  await page.locator(T("toast"), { hasText: "Đã tạo gói lấy ý kiến" }).waitFor({ timeout: 5000 });
  await page.locator(T("tab-comments")).click();
  const dash = page.locator(T("round-dashboard"));
  await dash.waitFor();
  check((await dash.innerText()).includes("Chưa nhận"), "dashboard before import");
  await page.evaluate((p) => window.__QUYCHE_OPEN__.push(p), ["gop-y-le-van-cuong.zip", "gop-y-le-van-cuong-ban-sao.zip", "gop-y-gia-mao.zip"].map((f) => `${FILES}/${f}`));
  await page.locator(T("import-bundles")).click();
  const list = page.locator(T("bundle-results"));
  await list.waitFor();
  const states = await list.locator(T("bundle-result")).evaluateAll((els) => els.map((e) => e.dataset.ok));
  check(JSON.stringify(states) === '["true","true","false"]', `states: ${states}`);
  const text = await list.innerText();
  check(text.includes("3 góp ý mới") && text.includes("0 góp ý mới (đã nhập trước đó)") && text.includes("gop-y-gia-mao.zip: gói ý kiến: mục comments.json bị hỏng"), text);
  await dismissToasts();
  await shot("bundle-results");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="bundle-results"]'));
  await page.locator(`${T("round-dashboard")} [data-person-id="${person("Lê Văn Cường")}"]`, { hasText: "Đã nhận 3 góp ý" }).waitFor({ timeout: 5000 });
  check((await page.locator(T("comment-item")).count()) === 3, "comments not reloaded");
  await dismissToasts();
  await shot("round-dashboard");
});

await step("where the comments are: marks in the text, counts in the margin and the outline, Enter opens", async () => {
  // The regulation the review steps commented on (the demo), opened again from the library.
  await page.keyboard.press("Escape");
  await page.locator(T("nav-library")).click();
  await page.locator(`${T("regulation-item")}[data-regulation-id="${DEMO}"]`).click();
  await page.locator(T("outline")).waitFor();
  const marks = page.locator(T("comment-mark"));
  await marks.first().waitFor({ timeout: 5000 });
  const labels = await marks.evaluateAll((els) => els.map((e) => `${e.tagName} ${e.getAttribute("aria-label")} ${e.tabIndex}`));
  // The name holds the marked words, then the count (WCAG 2.5.3: what is seen is in the name).
  check(labels.length > 0 && labels.every((l) => /^MARK .+ \(\d+ góp ý\) 0$/.test(l)), `marks: ${labels}`);
  const sum = async (sel) => (await page.locator(sel).evaluateAll((els) => els.map((e) => e.textContent))).reduce((n, t) => n + Number(/^\s*(\d+)/.exec(t)?.[1] ?? NaN), 0);
  const cards = await page.locator(T("comment-item")).count();
  check((await sum(T("article-comment-count"))) === cards, `margin counts ≠ ${cards} comments`);
  check((await sum(`${T("outline")} ${T("outline-comment-count")}`)) === cards, `outline counts ≠ ${cards} comments`);
  const first = marks.first();
  const id = (await first.getAttribute("data-comment-ids")).split(" ")[0];
  await first.scrollIntoViewIfNeeded();
  await dismissToasts();
  await shot("comment-marks-idle");
  await first.focus();
  await page.keyboard.press("Enter");
  await page.locator(`${T("comment-item")}.active[data-comment-id="${id}"]`).waitFor({ timeout: 5000 });
  const focused = await page.evaluate(() => document.activeElement?.closest('[data-testid="comment-item"]')?.getAttribute("data-comment-id"));
  check(focused === id, `focus on ${focused}, not ${id}`);
  await page.locator(T("anchor-mark")).first().scrollIntoViewIfNeeded();
  await dismissToasts();
  await shot("comment-marks");
  await page.locator(`${T("outline")} ${T("outline-comment-count")}`).first().scrollIntoViewIfNeeded();
  await shot("comment-counts-outline");
});

await step("no console errors or CSP violations, and every call had a recording", async () => {
  const unrecorded = await page.evaluate(() => window.__QUYCHE_REPLAY__.unrecorded);
  check(unrecorded.length === 0, unrecorded.join("\n"));
  check(problems.length === 0, problems.join("\n"));
});

await finish();
