// Checks the WebDriver client and the tauri-driver lifecycle without the app:
// drives WebKitGTK's MiniBrowser (shipped with libwebkit2gtk-4.1) through
// tauri-driver, the same path the real app takes. Run under a display:
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/selfcheck.mjs
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session, startTauriDriver, waitFor, REPO_ROOT } from "./webdriver.mjs";

const MINI = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const out = path.join(REPO_ROOT, "artifacts", "e2e-selfcheck");
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quyche-selfcheck-"));

// A wrapper "application" that records its environment, then runs MiniBrowser.
const wrapper = path.join(tmp, "fake-app");
fs.writeFileSync(wrapper, `#!/bin/sh\nenv > "${tmp}/env.txt"\necho "$@" > "${tmp}/args.txt"\nexec ${MINI} "$@"\n`, { mode: 0o755 });
const page = path.join(tmp, "page.html");
fs.writeFileSync(page, `<!doctype html><meta charset="utf-8"><style>
 .a button{visibility:hidden}.a:hover button{visibility:visible}</style>
 <div id="root" data-ready="true"><div class="a" data-testid="article" data-article-id="x1">
 <h3 data-testid="article-heading">Điều 1. Phạm vi</h3><button data-testid="edit-article" onclick="document.getElementById('ed').hidden=false">Sửa</button></div>
 <textarea id="ed" data-testid="article-editor" hidden>Nội dung</textarea></div>`);

const driver = await startTauriDriver({ env: { QUYCHE_DATA_DIR: path.join(tmp, "data") }, logFile: path.join(out, "tauri-driver.log") });
try {
  // 1. a missing binary must fail with a clear message
  await assert.rejects(
    Session.create(driver.url, { alwaysMatch: { "tauri:options": { application: "/nonexistent/quyche-app" } }, firstMatch: [{}] }, 30000),
    (e) => { console.log("missing binary ->", e.message); return true; },
  );
  // 2. a real session
  const s = await Session.create(driver.url, { alwaysMatch: { "tauri:options": { application: wrapper, args: ["--automation"] } }, firstMatch: [{}] });
  console.log("session", s.id, s.capabilities?.browserName, s.capabilities?.browserVersion);
  const env = fs.readFileSync(path.join(tmp, "env.txt"), "utf8");
  assert.match(env, /QUYCHE_DATA_DIR=.*data/, "env passes from tauri-driver to the app");
  console.log("app args:", fs.readFileSync(path.join(tmp, "args.txt"), "utf8").trim());
  await s.navigate("file://" + page);
  await waitFor(() => s.maybe('[data-ready="true"]'), { message: "ready" });
  const art = await s.find('[data-testid="article"]');
  assert.equal(await art.attribute("data-article-id"), "x1");
  assert.equal(await (await art.find('[data-testid="article-heading"]')).text(), "Điều 1. Phạm vi");
  const how = await (await art.find('[data-testid="edit-article"]')).clickOrJs();
  console.log("hover-only button clicked by", how);
  const ed = await waitFor(async () => { const e = await s.find('[data-testid="article-editor"]'); return (await e.displayed()) && e; }, { message: "editor" });
  await s.execute("const e=arguments[0]; e.focus(); e.selectionStart=e.selectionEnd=e.value.length;", [ed]);
  const add = " Kiểm thử đầu cuối: lưu phiên bản mới ✓ 123";
  await ed.sendKeys(add);
  const v = await ed.property("value");
  console.log("textarea after sendKeys:", JSON.stringify(v));
  console.log("sendKeys of Vietnamese", v === "Nội dung" + add ? "OK" : "DIFFERS");
  const shot = await s.screenshot(path.join(out, "selfcheck.png"));
  console.log("screenshot", shot, fs.statSync(shot).size, "bytes");
  await s.delete();
  console.log("session deleted");
} finally {
  await driver.stop();
}
console.log("selfcheck passed");
