// Word in, in the real window (issue 12): (a) a Word draft (.docx, its articles, clauses and
// points a Word numbered list) imported through the library's "Nhập tệp…", with the import
// report; (b) the chairman's round on the sample: "Xuất bản lấy ý kiến (Word)…" writes the
// review copy, a member's comment is added to its XML the way Word writes one, and
// "Nhập góp ý từ Word…" lists what came in, the comment anchored. Screenshots of both.
// Run alone:
//   npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs
//   xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/word.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, REPO_ROOT } from "./webdriver.mjs";
import { act, addPerson, answerDialogs, dialogsAsked, dialogsPending, fillFirstRun, norm, sel, stage } from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 180000;
const T = { ready: 60000, ui: 20000 };

const state = { driver: null, session: null, dataDir: null, files: null, failed: false };
const log = (...a) => console.log("[e2e word]", ...a);

/**
 * Runs python3 (its zipfile; CI has it) on `script` with `args`: the DOCX made and edited
 * here as Word writes them, never a binary committed without its recipe.
 */
function python(script, ...args) {
  const r = spawnSync("python3", ["-c", script, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * A Word draft as Word saves one: the articles, clauses and points are a numbered list
 * ("Điều %1.", "%2.", "%3)" in numbering.xml, as Vietnamese drafts set them up), the
 * text in runs, the header as plain paragraphs. Word's lowerLetter writes the fifth point
 * "e)" where Vietnamese numbering has "đ)": the import says so, naming the paragraph.
 */
const MAKE_DRAFT = String.raw`
import sys, zipfile
from xml.sax.saxutils import escape
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
def run(t): return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(t)
def p(t): return '<w:p>%s</w:p>' % run(t)
def item(level, t): return '<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr>%s</w:p>' % (level, run(t))
def lvl(level, fmt, text): return '<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/></w:lvl>' % (level, fmt, escape(text))
body = [p("BAN CHẤP HÀNH"), p("QUY CHẾ"), p("Phối hợp soạn thảo văn bản"),
  item(0, "Phạm vi điều chỉnh"), item(1, "Quy chế này quy định việc phối hợp soạn thảo văn bản của Ban Chấp hành."),
  item(1, "Các cơ quan, đơn vị có trách nhiệm:"), item(2, "Gửi dự thảo đúng hạn;"), item(2, "Tổng hợp ý kiến góp ý;"),
  item(2, "Báo cáo Thường trực;"), item(2, "Lưu hồ sơ;"), item(2, "Công bố văn bản."),
  item(0, "Hiệu lực thi hành"), item(1, "Quy chế này có hiệu lực kể từ ngày ký.")]
document = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, "".join(body))
numbering = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="%s"><w:abstractNum w:abstractNumId="1">%s</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>' % (W, lvl(0, "decimal", "Điều %1.") + lvl(1, "decimal", "%2.") + lvl(2, "lowerLetter", "%3)"))
styles = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="%s"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style></w:styles>' % W
types = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
doc_rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>'
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document), ("word/_rels/document.xml.rels", doc_rels), ("word/styles.xml", styles), ("word/numbering.xml", numbering)]:
        z.writestr(name, data)
`;

/**
 * A reviewer's comment added in Word to the review copy: the words `quote`, inside one
 * w:t of the paragraph that carries the unit's bookmark (QC_U<id>), are wrapped in
 * w:commentRangeStart/End with a w:commentReference run, and word/comments.xml (with its
 * relationship and content type) holds the comment, its author and date, as Word writes it.
 */
const ADD_COMMENT = String.raw`
import re, sys, zipfile
from xml.sax.saxutils import escape
src, dst, unit, quote, author, text = sys.argv[1:7]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
with zipfile.ZipFile(src) as z:
    parts = {n: z.read(n) for n in z.namelist()}
doc = parts["word/document.xml"].decode("utf-8")
start = doc.index('w:name="QC_U%s"' % unit)
nxt = doc.find('w:name="QC_', start + 10)
end = nxt if nxt >= 0 else len(doc)
para = doc[start:end]
q = escape(quote)
for m in re.finditer(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para):
    if q not in m.group(1):
        continue
    rs = max(para.rfind("<w:r>", 0, m.start()), para.rfind("<w:r ", 0, m.start()))
    re_ = para.index("</w:r>", m.end()) + len("</w:r>")
    run = para[rs:re_]
    rpr = run[run.index("<w:rPr>"):run.index("</w:rPr>") + len("</w:rPr>")] if "<w:rPr>" in run else ""
    before, after = m.group(1).split(q, 1)
    t = lambda s: '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, s) if s else ""
    new = t(before) + '<w:commentRangeStart w:id="9001"/>' + t(q) + '<w:commentRangeEnd w:id="9001"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="9001"/></w:r>' + t(after)
    para = para[:rs] + new + para[re_:]
    break
else:
    sys.exit("quote %r not found in one run of unit %s" % (quote, unit))
doc = doc[:start] + para + doc[end:]
comment = '<w:comment w:id="9001" w:author="%s" w:date="2026-12-02T09:00:00Z" w:initials="D"><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:comment>' % (escape(author, {'"': "&quot;"}), escape(text))
if "word/comments.xml" in parts:
    c = parts["word/comments.xml"].decode("utf-8")
    if "</w:comments>" in c:
        c = c.replace("</w:comments>", comment + "</w:comments>")
    else:
        # The copy's empty part is one self-closing root, as Word may write it too.
        root = c.rindex("/>")
        c = c[:root].rstrip() + ">" + comment + "</w:comments>"
else:
    c = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="%s">%s</w:comments>' % (W, comment)
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", '<Relationship Id="rIdQcComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>').encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace("</Types>", '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>').encode("utf-8")
parts["word/comments.xml"] = c.encode("utf-8")
parts["word/document.xml"] = doc.encode("utf-8")
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for n, data in parts.items():
        z.writestr(n, data)
`;

async function shot(name) {
  await state.session.execute("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));").catch(() => {});
  const file = path.join(ART, `${name}.png`);
  await state.session.screenshot(file);
  log(`screenshot ${file}`);
  return file;
}

async function step(t, name, fn) {
  if (state.failed) return t.skip("an earlier step failed");
  try {
    await fn();
  } catch (e) {
    state.failed = true;
    if (state.session) {
      await state.session.screenshot(path.join(ART, `failure-word-${name}.png`)).catch(() => {});
      const html = await state.session.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-word-${name}.html`), html);
    }
    throw e;
  }
}

before(async () => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}: build it with "npm --prefix ui run build && cargo build -p quyche-app --features e2e-dialogs"`);
  fs.mkdirSync(ART, { recursive: true });
  for (const f of fs.readdirSync(ART)) if (/^(word-|failure-word-)/.test(f)) fs.rmSync(path.join(ART, f));
  const left = pidsOf(APP);
  assert.equal(left.length, 0, `an instance of ${APP} is already running (pids ${left.join(",")}); close it first`);
  state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-word-"));
  state.files = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-word-files-"));
  state.driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: state.dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, "word-tauri-driver.log"),
  });
  const s = await Session.create(state.driver.url, {
    alwaysMatch: { "tauri:options": { application: APP, args: [] } },
    firstMatch: [{}],
  });
  await s.setTimeouts({ script: 30000, implicit: 0 }).catch(() => {});
  state.session = s;
});

after(async () => {
  if (state.session) await state.session.delete().catch(() => {});
  await waitForExit(APP, 20000);
  if (state.driver) await state.driver.stop();
  if (!process.env.QUYCHE_E2E_KEEP_DATA) {
    for (const d of [state.dataDir, state.files]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }
});

test("1. a Word draft imported through the library, with its report", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "1-docx", async () => {
    const s = state.session;
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the app to be ready" });
    await fillFirstRun(s, "Nguyễn Văn An", "Chủ tịch", "chairman");
    const draft = path.join(state.files, "du-thao-phoi-hop.docx");
    python(MAKE_DRAFT, draft);
    answerDialogs(state.dataDir, draft);
    const button = await waitFor(() => s.maybe(sel("import-button")), { timeout: T.ui, message: "the library's import button" });
    await button.clickOrJs();
    const report = await waitFor(() => s.maybe(sel("import-report")), { timeout: T.ui, message: "the import report" });
    const text = norm(await report.text());
    log(`import report: ${text}`);
    assert.match(text, /Đã nhập “Quy chế phối hợp soạn thảo văn bản”/);
    // Word's "e)" for the fifth point, named by its paragraph, not a line.
    assert.match(text, /Đoạn \d+: Word ghi e\), đúng là đ\)/);
    assert.equal(dialogsPending(state.dataDir).length, 0, "the import took the draft");
    const asked = dialogsAsked(state.dataDir).at(-1);
    log(`dialog asked: ${JSON.stringify(asked)}`);
    // The draft's Word list read as articles, clauses and points.
    const articles = await waitFor(async () => {
      const list = await s.findAll('[data-testid="article"]');
      return list.length === 2 ? list : null;
    }, { timeout: T.ui, message: "the two articles of the Word draft" });
    const first = norm(await articles[0].text());
    assert.match(first, /Điều 1\. Phạm vi điều chỉnh/);
    assert.match(first, /a\) Gửi dự thảo đúng hạn;/);
    assert.match(first, /b\) Tổng hợp ý kiến góp ý;/);
    assert.match(first, /đ\) Công bố văn bản\./);
    await shot("word-1-docx-imported");
  });
});

test("2. a review copy out and a Word review in, through the round's menu", { timeout: STEP_TIMEOUT }, async (t) => {
  await step(t, "2-review", async () => {
    const s = state.session;
    // The Word draft imported above is open; its round, with a member to review it.
    await addPerson(s, "Phạm Thị Dung", "member", "Ủy viên");
    await s.execute("location.reload();");
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the app to be ready again" });
    const item = await waitFor(async () => {
      for (const el of await s.findAll(sel("regulation-item"))) if (norm(await el.text()).includes("phối hợp soạn thảo")) return el;
      return null;
    }, { timeout: T.ui, message: "the Word draft in the library" });
    await item.clickOrJs();
    await stage(s, "draft");
    await act(s, "open_round");
    const confirm = await waitFor(() => s.maybe(sel("round-confirm")), { timeout: T.ui, message: "the round's confirmation" });
    await confirm.clickOrJs();
    await stage(s, "consultation");

    const copy = path.join(state.files, "ban-lay-y-kien.docx");
    answerDialogs(state.dataDir, copy);
    const out = await waitFor(async () => {
      const b = await s.maybe(sel("export-review-copy"));
      return b && (await b.attribute("data-allowed")) === "true" ? b : null;
    }, { timeout: T.ui, message: "“Xuất bản lấy ý kiến (Word)…” allowed" });
    assert.equal(norm(await out.text()), "Xuất bản lấy ý kiến (Word)…");
    await out.clickOrJs();
    await waitFor(() => fs.existsSync(copy), { timeout: T.ui, message: "the review copy written" });
    const asked = dialogsAsked(state.dataDir).at(-1);
    log(`review copy: ${JSON.stringify(asked)}`);

    // Dung's comment in Word on the first clause of Điều 1, by its bookmark.
    const unit = await s.execute(
      `const a = document.querySelector('[data-testid="article"]');
       const c = a && a.querySelector('p.prov[data-unit-id]');
       return c ? c.getAttribute("data-unit-id") : null;`,
    );
    assert.ok(unit, "the first clause's unit id on the page");
    const returned = path.join(state.files, "ban-lay-y-kien-dung.docx");
    python(ADD_COMMENT, copy, returned, String(unit), "phối hợp soạn thảo", "Phạm Thị Dung", "Đề nghị nêu rõ thời hạn phối hợp.");
    answerDialogs(state.dataDir, returned);
    const inButton = await waitFor(() => s.maybe(sel("import-word-review")), { timeout: T.ui, message: "“Nhập góp ý từ Word…”" });
    await inButton.clickOrJs();
    const dialog = await waitFor(() => s.maybe(sel("word-review-dialog")), { timeout: T.ui, message: "the list of what came in" });
    const summary = norm(await (await dialog.find(sel("word-review-summary"))).text());
    log(`word review: ${summary}`);
    assert.match(summary, /1 góp ý mới, 0 đã có/);
    const items = await dialog.findAll(sel("word-review-item"));
    assert.equal(items.length, 1);
    assert.equal(await items[0].attribute("data-anchored"), "true");
    assert.match(norm(await items[0].text()), /khoản 1 Điều 1/);
    assert.match(norm(await items[0].text()), /Đề nghị nêu rõ thời hạn phối hợp\./);
    await shot("word-2-review-imported");
    await (await dialog.find(sel("word-review-go"))).clickOrJs();
    await waitFor(async () => {
      for (const c of await s.findAll(sel("comment-item"))) if (norm(await c.text()).includes("Đề nghị nêu rõ thời hạn phối hợp")) return true;
      return null;
    }, { timeout: T.ui, message: "the comment in the comments panel" });
    await shot("word-3-comment");
  });
});
