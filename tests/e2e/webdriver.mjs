// A tiny W3C WebDriver client (plain HTTP, Node 20's fetch) and the
// lifecycle of tauri-driver. No WebdriverIO or selenium needed.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value; throw `message` (plus the last error) on timeout. */
export async function waitFor(fn, { timeout = 20000, interval = 250, message = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const extra = lastError ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${extra}`);
    }
    await sleep(interval);
  }
}

export class WebDriverError extends Error {
  constructor(method, url, status, body) {
    const v = body && body.value;
    const what = v && v.error ? `${v.error}: ${v.message}` : JSON.stringify(body).slice(0, 500);
    super(`WebDriver ${method} ${new URL(url).pathname} -> HTTP ${status}: ${what}`);
    this.status = status;
    this.error = v && v.error;
  }
}

async function request(method, url, body, timeoutMs = 60000) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
    });
  } catch (e) {
    const why = e.name === "AbortError" ? `no answer within ${timeoutMs} ms` : e.cause?.message || e.message;
    throw new Error(`WebDriver ${method} ${url} failed: ${why}`);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { value: { error: "bad json", message: text.slice(0, 500) } };
  }
  if (!res.ok || (json.value && json.value.error)) throw new WebDriverError(method, url, res.status, json);
  return json.value;
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  toJSON() {
    return { [ELEMENT_KEY]: this.id };
  }
  #cmd(method, sub, body) {
    return this.session.cmd(method, `/element/${this.id}${sub}`, body);
  }
  click() { return this.#cmd("POST", "/click", {}); }
  clear() { return this.#cmd("POST", "/clear", {}); }
  sendKeys(text) { return this.#cmd("POST", "/value", { text }); }
  text() { return this.#cmd("GET", "/text"); }
  attribute(name) { return this.#cmd("GET", `/attribute/${encodeURIComponent(name)}`); }
  property(name) { return this.#cmd("GET", `/property/${encodeURIComponent(name)}`); }
  displayed() { return this.#cmd("GET", "/displayed"); }
  async find(css) {
    return new Element(this.session, idOf(await this.#cmd("POST", "/element", { using: "css selector", value: css })));
  }
  async findAll(css) {
    const list = await this.#cmd("POST", "/elements", { using: "css selector", value: css });
    return list.map((v) => new Element(this.session, idOf(v)));
  }
  /** Native click; falls back to a DOM click when WebDriver says the element can't be clicked (e.g. shown on hover only). */
  async clickOrJs() {
    try {
      await this.click();
      return "native";
    } catch (e) {
      if (!/not interactable|click intercepted|not visible|out of bounds/i.test(`${e.error} ${e.message}`)) throw e;
      await this.session.execute("arguments[0].click();", [this]);
      return "js";
    }
  }
}

function idOf(v) {
  if (!v || !v[ELEMENT_KEY]) throw new Error(`not an element reference: ${JSON.stringify(v)}`);
  return v[ELEMENT_KEY];
}

export class Session {
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }
  static async create(base, capabilities, timeoutMs = 90000) {
    const v = await request("POST", `${base}/session`, { capabilities }, timeoutMs);
    return new Session(base, v.sessionId, v.capabilities);
  }
  cmd(method, sub, body, timeoutMs) {
    return request(method, `${this.base}/session/${this.id}${sub}`, body, timeoutMs);
  }
  setTimeouts(t) { return this.cmd("POST", "/timeouts", t); }
  navigate(url) { return this.cmd("POST", "/url", { url }); }
  title() { return this.cmd("GET", "/title"); }
  url() { return this.cmd("GET", "/url"); }
  source() { return this.cmd("GET", "/source"); }
  async find(css) {
    return new Element(this, idOf(await this.cmd("POST", "/element", { using: "css selector", value: css })));
  }
  async findAll(css) {
    const list = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return list.map((v) => new Element(this, idOf(v)));
  }
  /** The element, or null when it is not there (no implicit wait). */
  async maybe(css) {
    const list = await this.findAll(css);
    return list[0] || null;
  }
  /** Presses keys on whatever has focus, as a keyboard would (W3C actions). */
  async keys(text) {
    const actions = [];
    for (const ch of text) actions.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions").catch(() => {});
  }
  execute(script, args = []) { return this.cmd("POST", "/execute/sync", { script, args }); }
  executeAsync(script, args = []) { return this.cmd("POST", "/execute/async", { script, args }); }
  /** Wait two animation frames so a screenshot shows the last change. */
  settle() {
    return this.executeAsync(
      "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
    );
  }
  async screenshot(file) {
    await this.settle().catch(() => {});
    const b64 = await this.cmd("GET", "/screenshot");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(b64, "base64"));
    return file;
  }
  async delete() {
    await this.cmd("DELETE", "", undefined, 30000);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

export function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const p = path.join(dir, "tauri-driver");
    if (dir && fs.existsSync(p)) return p;
  }
  const home = path.join(os.homedir(), ".cargo", "bin", "tauri-driver");
  if (fs.existsSync(home)) return home;
  throw new Error("tauri-driver not found: run scripts/install-deps.sh (cargo install tauri-driver --locked)");
}

/**
 * Start tauri-driver (it spawns WebKitWebDriver). The app is started by
 * WebKitWebDriver with this process's environment, so `env` (e.g.
 * QUYCHE_DATA_DIR) reaches the app: tauri:options has no env field.
 */
export async function startTauriDriver({ env = {}, logFile } = {}) {
  const bin = findTauriDriver();
  const port = Number(process.env.TAURI_DRIVER_PORT) || (await freePort());
  let nativePort = Number(process.env.TAURI_DRIVER_NATIVE_PORT) || (await freePort());
  if (nativePort === port) nativePort = await freePort();
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error("no DISPLAY: run the end-to-end test under xvfb-run (scripts/test.sh does)");
  }
  const out = logFile ? fs.openSync(logFile, "a") : "ignore";
  const child = spawn(bin, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
  });
  let exited = null;
  child.on("exit", (code, signal) => { exited = { code, signal }; });
  await waitFor(async () => {
    if (exited) throw new Error(`tauri-driver exited early (${JSON.stringify(exited)}); see ${logFile}`);
    // Both the proxy and the native WebKitWebDriver must listen.
    return (await portOpen(port)) && (await portOpen(nativePort));
  }, { timeout: 20000, interval: 200, message: `tauri-driver to listen on ${port} and WebKitWebDriver on ${nativePort}` });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    nativePort,
    child,
    /** SIGTERM (never SIGKILL first: tauri-driver then stops WebKitWebDriver). */
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const t0 = Date.now();
      while (!exited && Date.now() - t0 < 10000) await sleep(100);
      if (!exited) {
        child.kill("SIGKILL");
        await sleep(200);
      }
      if (typeof out === "number") fs.closeSync(out);
    },
  };
}

/** Pids of running processes whose executable is `binary`. */
export function pidsOf(binary) {
  let real;
  try { real = fs.realpathSync(binary); } catch { real = binary; }
  const pids = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const exe = fs.readlinkSync(`/proc/${d}/exe`).replace(/ \(deleted\)$/, "");
      if (exe === real) pids.push(Number(d));
    } catch { /* gone or not ours */ }
  }
  return pids;
}

/** Wait until no process runs `binary`; SIGTERM leftovers after `timeout`. Returns the pids that had to be ended. */
export async function waitForExit(binary, timeout = 15000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeout) {
    if (pidsOf(binary).length === 0) return [];
    await sleep(200);
  }
  const left = pidsOf(binary);
  for (const pid of left) { try { process.kill(pid, "SIGTERM"); } catch {} }
  const t1 = Date.now();
  while (pidsOf(binary).length && Date.now() - t1 < 5000) await sleep(200);
  return left;
}

/** A whole-screen screenshot of the X display (window decorations and all), when ImageMagick is there. */
export function screenGrab(file) {
  if (!process.env.DISPLAY) return null;
  try {
    execFileSync("import", ["-window", "root", file], { stdio: "ignore", timeout: 15000 });
    return file;
  } catch {
    return null;
  }
}
