// Offline exchange in the real window: a member's installation and the chairman's, each
// with its own data folder (run one after the other, as two laptops would be used). The
// chairman sends a review package, the member opens it, comments and exports a signed
// bundle, the chairman imports it; a tampered bundle is refused and changes nothing.
// The commands open their native file dialogs in Rust; the app is built with the test-only
// feature `e2e-dialogs`, so the dialogs answer from a queue the test fills
// (`answerDialogs`), and the buttons are clicked or the commands called as the window does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, waitForExit, pidsOf, REPO_ROOT } from "./webdriver.mjs";
import { act, answerDialogs, become, dialogsAsked, dialogsPending, fillFirstRun, invoke, norm, sel, setValue, stage, workflowReady } from "./app.mjs";

const targetDir = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || "target");
const APP = path.resolve(process.env.QUYCHE_APP_BIN || path.join(targetDir, "debug", "quyche-app"));
const ART = path.resolve(process.env.QUYCHE_E2E_ARTIFACTS || path.join(REPO_ROOT, "artifacts", "e2e"));
const STEP_TIMEOUT = 240000;
const T = { ready: 60000, ui: 20000 };
const log = (...a) => console.log("[e2e-exchange]", ...a);

const state = { failed: false, files: null, chairDir: null, memberDir: null, regulation: null };

/** Runs `fn` with the app started on `dataDir`, then closes it. */
async function withApp(dataDir, name, fn) {
  const driver = await startTauriDriver({
    env: { QUYCHE_DATA_DIR: dataDir, RUST_BACKTRACE: "1" },
    logFile: path.join(ART, `tauri-driver-exchange-${name}.log`),
  });
  let s = null;
  try {
    s = await Session.create(driver.url, { alwaysMatch: { "tauri:options": { application: APP, args: [] } }, firstMatch: [{}] });
    await s.setTimeouts({ script: 30000, implicit: 0 }).catch(() => {});
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: `the ${name} app to load` });
    await fn(s);
    assert.deepEqual(dialogsPending(dataDir), [], "every queued dialog answer was taken");
  } catch (e) {
    if (s) {
      await s.screenshot(path.join(ART, `failure-exchange-${name}.png`)).catch(() => {});
      const html = await s.source().catch(() => "");
      if (html) fs.writeFileSync(path.join(ART, `failure-exchange-${name}.html`), html);
    }
    throw e;
  } finally {
    if (s) await s.delete().catch(() => {});
    await waitForExit(APP, 20000);
    await driver.stop();
  }
}

async function openRegulation(s, id) {
  const nav = await s.maybe(sel("nav-library"));
  if (nav) await nav.clickOrJs();
  const items = await waitFor(async () => {
    const l = await s.findAll(sel("regulation-item"));
    return l.length ? l : null;
  }, { timeout: T.ui, message: "the library" });
  const titles = await invoke(s, "list_regulations");
  const index = titles.findIndex((r) => r.id === id);
  assert.ok(index >= 0, `regulation ${id} is not in the library`);
  await items[index].clickOrJs();
  await waitFor(async () => (await s.findAll('[data-testid="article"][data-article-id]')).length >= 25, {
    timeout: T.ui, message: "the regulation's articles",
  });
  await workflowReady(s);
}

function step(name, fn) {
  return async (t) => {
    if (state.failed) return t.skip("an earlier step failed");
    try {
      await fn();
    } catch (e) {
      state.failed = true;
      throw e;
    }
  };
}

before(() => {
  assert.ok(fs.existsSync(APP), `app binary not found at ${APP}`);
  assert.equal(pidsOf(APP).length, 0, "an instance of the app is already running");
  fs.mkdirSync(ART, { recursive: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-e2e-exchange-"));
  state.root = root;
  state.chairDir = path.join(root, "chairman");
  state.memberDir = path.join(root, "member");
  state.files = {
    chairCard: path.join(root, "chu-tich.quyche-id"),
    memberCard: path.join(root, "uy-vien.quyche-id"),
    package: path.join(root, "goi-lay-y-kien.quyche"),
    bundle: path.join(root, "gop-y-pham-thi-dung.zip"),
    tampered: path.join(root, "gop-y-da-sua.zip"),
  };
});

after(() => {
  if (state.root && !process.env.QUYCHE_E2E_KEEP_DATA) fs.rmSync(state.root, { recursive: true, force: true });
});

test("1. the member's installation makes its identity and card", { timeout: STEP_TIMEOUT }, step("member-identity", async () => {
  await withApp(state.memberDir, "member-1", async (s) => {
    // The first start: the member says who she is; her identity is made with her person.
    await fillFirstRun(s, "Phạm Thị Dung", "Ủy viên Ban Thường vụ", "member");
    const id = await invoke(s, "identity");
    assert.equal(id.name, "Phạm Thị Dung");
    // A member's library leads with opening the chairman's package.
    assert.equal(await (await s.find(sel("open-package"))).attribute("data-lead"), "true");
    assert.equal(id.fingerprint.split(" ").length, 8);
    answerDialogs(state.memberDir, state.files.memberCard);
    await invoke(s, "export_identity_card");
    const asked = dialogsAsked(state.memberDir).at(-1);
    assert.deepEqual([asked.kind, asked.file_name], ["own_card", "the-dinh-danh-pham-thi-dung.quyche-id"]);
    log(`member fingerprint ${id.fingerprint}`);
  });
  assert.ok(fs.existsSync(state.files.memberCard));
}));

test("2. the chairman adds the cards, opens a round and sends the package", { timeout: STEP_TIMEOUT }, step("chairman-package", async () => {
  await withApp(state.chairDir, "chairman-1", async (s) => {
    // The first start: the chairman says who he is (his identity and person, as one).
    await fillFirstRun(s, "Nguyễn Văn An", "Chủ tịch", "chairman");
    const [demo] = await invoke(s, "list_regulations");
    state.regulation = demo.id;
    await openRegulation(s, demo.id);
    answerDialogs(state.chairDir, state.files.chairCard, state.files.chairCard, state.files.memberCard);
    await invoke(s, "export_identity_card");
    const own = await invoke(s, "pick_identity_card");
    assert.equal(own.name, "chu-tich.quyche-id", "the window sees the card's name, not its path");
    await invoke(s, "add_person_from_card", { card: own.handle, role: "chairman", confirmKeyChange: false });
    const member = await invoke(s, "pick_identity_card");
    await invoke(s, "add_person_from_card", { card: member.handle, role: "member", confirmKeyChange: false });
    // A closed dialog: the command answers null and nothing happens.
    answerDialogs(state.chairDir, null);
    assert.equal(await invoke(s, "pick_identity_card"), null);
    await act(s, "open_round");
    const deadline = await waitFor(() => s.maybe(sel("round-deadline")), { timeout: T.ui, message: "the deadline input" });
    await setValue(s, deadline, "15/12/2026");
    await (await s.find(sel("round-confirm"))).clickOrJs();
    await stage(s, "consultation");
    // The button, as the chairman clicks it: the command asks where to save.
    answerDialogs(state.chairDir, state.files.package);
    await (await waitFor(async () => {
      const b = await s.maybe(sel("send-package"));
      return b && (await b.attribute("data-allowed")) === "true" ? b : null;
    }, { timeout: T.ui, message: "the send-package button to be allowed" })).clickOrJs();
    await waitFor(() => fs.existsSync(state.files.package), { timeout: T.ui, message: "the package file" });
    const asked = dialogsAsked(state.chairDir).at(-1);
    assert.equal(asked.kind, "outgoing_package");
    assert.match(asked.file_name, /^quy-che-lam-viec.*-lay-y-kien\.quyche$/);
  });
  assert.ok(fs.existsSync(state.files.package));
}));

test("3. the member opens the package, comments offline and exports a signed bundle", { timeout: STEP_TIMEOUT }, step("member-bundle", async () => {
  await withApp(state.memberDir, "member-2", async (s) => {
    // The library's button: the command asks for the file (in Rust) and previews it; the
    // copy opens once the member confirms the chairman's fingerprint.
    answerDialogs(state.memberDir, state.files.package, state.files.package);
    await (await waitFor(() => s.maybe(sel("open-package")), { timeout: T.ui, message: "the open-package button" })).clickOrJs();
    const confirm = await waitFor(() => s.maybe(sel("package-confirm")), { timeout: T.ui, message: "the package confirmation" });
    assert.match(norm(await (await confirm.find(sel("package-chairman"))).text()), /Nguyễn Văn An/);
    if ((await confirm.attribute("data-trusted")) !== "true") await (await confirm.find(sel("package-fingerprint-checked"))).clickOrJs();
    await (await confirm.find(sel("package-open"))).clickOrJs();
    await waitFor(async () => !(await s.maybe(sel("package-confirm"))), { timeout: T.ui, message: "the package to open" });
    const id = (await invoke(s, "list_regulations")).find((r) => r.received_copy)?.id;
    assert.equal(id, state.regulation, "the copy keeps the chairman's regulation id");
    const again = await invoke(s, "preview_package");
    assert.equal(again.opened_before, true, "a second preview knows the copy");
    assert.equal(await invoke(s, "open_previewed_package", { handle: again.handle, trust: null }), id, "opening twice");
    await s.execute("location.reload();");
    await waitFor(() => s.maybe('[data-ready="true"]'), { timeout: T.ready, message: "the reload" });
    await openRegulation(s, id);
    // The header keeps this installation's user; the bar says whom the owner acts as on the copy.
    const acting = await waitFor(() => s.maybe(sel("acting-person")), { timeout: T.ui, message: "the acting person on the copy" });
    assert.match(norm(await acting.text()), /Phạm Thị Dung/, "the owner acts as their roster person");
    // The copy is read-only: no edit buttons.
    assert.equal((await s.findAll(sel("edit-article"))).length, 0, "a read-only copy offers editing");
    // Comment on Điều 14 from the article's own button.
    let art = null;
    for (const el of await s.findAll('[data-testid="article"][data-article-id]')) {
      if (/^Điều 14\b/.test(norm(await (await el.find(sel("article-heading"))).text()))) art = el;
    }
    assert.ok(art, "no Điều 14");
    await s.execute("arguments[0].scrollIntoView({block: 'center'});", [art]);
    await (await art.find(sel("comment-article"))).clickOrJs();
    const form = await waitFor(() => s.maybe(sel("comment-form")), { timeout: T.ui, message: "the comment form" });
    const text = await form.find(sel("comment-text"));
    await setValue(s, text, "Đề nghị quy định rõ hình thức gửi tài liệu điện tử.");
    await (await form.find(sel("comment-submit"))).clickOrJs();
    await waitFor(async () => (await s.findAll(sel("comment-item"))).length === 1, { timeout: T.ui, message: "the comment" });
    // Saving is not sending: the card says "Chưa gửi" and a strip offers to send.
    const badge = async () => norm(await (await s.find(`${sel("comment-item")} ${sel("comment-sent")}`)).text());
    assert.equal(await badge(), "Chưa gửi", "a saved comment is unsent");
    const strip = await waitFor(() => s.maybe(sel("unsent-strip")), { timeout: T.ui, message: "the unsent strip" });
    assert.match(norm(await strip.text()), /1 góp ý chưa gửi/);
    await s.screenshot(path.join(ART, "21-member-comment.png"));
    answerDialogs(state.memberDir, state.files.bundle);
    await (await strip.find(sel("unsent-send"))).clickOrJs();
    await waitFor(async () => /^Đã gửi ngày \d\d\/\d\d\/\d{4}$/.test(await badge()), { timeout: T.ui, message: "the card to say Đã gửi" });
    assert.ok(fs.existsSync(state.files.bundle), "the bundle file was written");
    assert.equal(await s.maybe(sel("unsent-strip")), null, "nothing left unsent");
    await s.screenshot(path.join(ART, "21b-member-sent.png"));
  });
  const bytes = fs.readFileSync(state.files.bundle);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(state.files.tampered, bytes);
}));

test("4. the chairman imports: the tampered file is refused, the real one lands once", { timeout: STEP_TIMEOUT }, step("chairman-import", async () => {
  await withApp(state.chairDir, "chairman-2", async (s) => {
    answerDialogs(state.chairDir, [state.files.tampered, state.files.bundle, state.files.bundle]);
    const results = await invoke(s, "import_bundles", { work: 1 });
    log(`import results: ${JSON.stringify(results)}`);
    assert.equal(results[0].ok, false);
    assert.match(results[0].error, /gop-y-da-sua\.zip/);
    assert.deepEqual([results[1].ok, results[1].new_comments], [true, 1]);
    assert.deepEqual([results[2].ok, results[2].new_comments], [true, 0], "a re-import adds nothing");
    const comments = await invoke(s, "comments", { regulationId: state.regulation });
    assert.equal(comments.length, 1);
    assert.equal(comments[0].author_name, "Phạm Thị Dung");
    assert.equal(comments[0].article, "Điều 14");
    // The dashboard counts what was received, never "Đã gửi".
    const board = await invoke(s, "round_dashboard", { regulationId: state.regulation });
    const dung = board.reviewers.find((r) => r.person.name === "Phạm Thị Dung");
    assert.equal(dung.state_label, "Đã nhận 1 góp ý (1 tệp)");
    await openRegulation(s, state.regulation);
    await waitFor(async () => (await s.findAll(sel("comment-item"))).length === 1, { timeout: T.ui, message: "the imported comment in the sidebar" });
    await s.screenshot(path.join(ART, "22-chairman-imported.png"));
  });
}));
