/**
 * Test-only in-memory stand-in for the Rust commands, used with `mockIPC`
 * (vitest and the `mock` build for the headless browser test).
 */
import type {
  ApiError,
  DiagnosticView,
  ImportResult,
  RedlineSide,
  RedlineView,
  RegulationSummary,
  RegulationView,
  RevisionInfo,
  UnitView,
} from "./types";
import {
  HEADER,
  REG_ID,
  REVISIONS,
  SECOND_ID,
  SECOND_TITLE,
  articleEditText,
  fakeHash,
  largeUnits,
  numberUnits,
  pointLetter,
  sampleUnitsV1,
  sampleView,
  type Draft,
} from "./fixtures";
import { largeRedline, redlineBetween } from "./mock-redline";
import { createMockExchange, type MockExchange, type MockExchangeOptions } from "./mock-exchange";
import { createMockReview, type MockReview, type MockReviewOptions } from "./mock-review";

interface StoredRegulation {
  id: string;
  title: string;
  views: RegulationView[]; // index = revision number - 1
  /** Returned by `redline` for any pair instead of a computed one (the large check). */
  redline?: (oldSide: RedlineSide, newSide: RedlineSide) => RedlineView;
}

export interface MockBackendOptions extends MockReviewOptions, MockExchangeOptions {
  /** Include a generated 115-article regulation in the library. */
  large?: boolean;
  /** Start with an empty library. */
  empty?: boolean;
  /** Path returned by the mocked open dialog (null = cancelled). */
  dialogPath?: string | null;
  /** Diagnostics reported by the mocked import. */
  importDiagnostics?: DiagnosticView[];
  author?: string;
  /** Milliseconds each command waits, to make loading states visible. */
  delay?: number;
  /** Returned by `redline` and `redline_with_file` instead of a computed redline. */
  redline?: RedlineView;
}

export interface MockBackend {
  handle(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown>;
  calls: { cmd: string; args: Record<string, unknown> | undefined }[];
  /** Adds a revision as if another user had saved meanwhile. */
  concurrentSave(regulationId: string): RevisionInfo;
  regulations: Map<string, StoredRegulation>;
  /** People, workflow, comments, approvals. */
  review: MockReview;
  /** Identity, cards, packages, bundles. */
  exchange: MockExchange;
  /** Runs a command as the given person (then switches back), for setting up a scenario. */
  as(personId: string, cmd: string, args: Record<string, unknown>): Promise<unknown>;
}

function fail(code: ApiError["code"], message: string): never {
  throw { code, message } satisfies ApiError;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function findArticle(units: UnitView[], id: number): UnitView | null {
  for (const u of units) {
    if (u.id === id && u.kind === "article") return u;
    const found = findArticle(u.children, id);
    if (found) return found;
  }
  return null;
}

function maxId(units: UnitView[]): number {
  let m = 0;
  for (const u of units) m = Math.max(m, u.id, maxId(u.children));
  return m;
}

/** Parses an article's edit text (title line, then "1." / "a)" / "-" lines). */
export function parseArticleText(text: string, nextId: () => number): { title: string; paragraphs: string[]; children: UnitView[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) fail("bad_input", "Nội dung điều không được để trống.");
  if (/^(Phần|Chương|Mục|Điều)\s+\S+/u.test(lines[0])) {
    fail("bad_input", `Dòng 1: "${lines[0].slice(0, 40)}" là tiêu đề cấu trúc; dòng đầu chỉ ghi tên điều.`);
  }
  const title = lines[0];
  const paragraphs: string[] = [];
  const clauses: UnitView[] = [];
  let clause: UnitView | null = null;
  let point: UnitView | null = null;
  let last: UnitView | null = null;
  const unit = (kind: UnitView["kind"], text: string): UnitView => ({
    id: nextId(), kind, marker: "", title: "", paragraphs: [text], children: [], edit_text: null,
  });
  for (const line of lines.slice(1)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^\d+\.\s*(.*)$/u))) {
      clause = unit("clause", m[1]);
      clause.marker = `${clauses.length + 1}.`;
      clauses.push(clause);
      point = null;
      last = clause;
    } else if ((m = line.match(/^[a-zđ]\)\s*(.*)$/u))) {
      const p = unit("point", m[1]);
      const parent = clause;
      if (!parent) fail("bad_input", `Điểm "${line.slice(0, 20)}" phải nằm trong một khoản.`);
      p.marker = `${pointLetter(parent.children.length)})`;
      parent.children.push(p);
      point = p;
      last = p;
    } else if ((m = line.match(/^[-–]\s*(.*)$/u))) {
      const s = unit("sub_point", m[1]);
      s.marker = "-";
      (point ?? clause ?? fail("bad_input", "Tiết phải nằm trong một điểm hoặc khoản.")).children.push(s);
      last = s;
    } else if (last) {
      last.paragraphs.push(line);
    } else {
      paragraphs.push(line);
    }
  }
  return { title, paragraphs, children: clauses };
}

/** Like Rust: a clause/point keeps the id of the one of the same kind at the same place before. */
function keepIds(before: UnitView[], after: UnitView[]): void {
  after.forEach((u, i) => {
    const old = before[i];
    if (old && old.kind === u.kind) {
      u.id = old.id;
      keepIds(old.children, u.children);
    }
  });
}

export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const author = options.author ?? "Văn phòng";
  const regulations = new Map<string, StoredRegulation>();
  const calls: MockBackend["calls"] = [];
  let clock = Date.parse("2026-11-28T03:00:00Z");
  const now = () => {
    clock += 60_000;
    return new Date(clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  };

  if (!options.empty) {
    regulations.set(REG_ID, {
      id: REG_ID,
      title: sampleView().title,
      views: [{ ...sampleView(REVISIONS[0], 1), units: numberUnits(sampleUnitsV1()) }, sampleView(REVISIONS[1], 2)],
    });
    const second = sampleView({ number: 1, hash: fakeHash("bch1"), time: "2026-11-20T03:05:00Z", author: "Thường trực", message: "Nhập từ tệp quy-che-bch.txt" }, 1);
    second.id = SECOND_ID;
    second.title = SECOND_TITLE;
    second.header.title = ["Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Ninh Bình", "nhiệm kỳ 2025 - 2030"];
    regulations.set(SECOND_ID, { id: SECOND_ID, title: SECOND_TITLE, views: [second] });
    if (options.large) {
      const big: RegulationView = {
        ...sampleView({ number: 1, hash: fakeHash("big1"), time: "2026-10-01T02:00:00Z", author: "Văn phòng", message: "Nhập văn bản mẫu lớn" }, 2),
        id: "qc-mau-lon",
        title: "Quy chế mẫu lớn (115 điều)",
        units: numberUnits(largeUnits(115)),
      };
      big.header = { ...clone(HEADER), title: ["Mẫu lớn để kiểm tra hiệu năng hiển thị"] };
      const big2: RegulationView = {
        ...clone(big),
        revision: { number: 2, hash: fakeHash("big2"), time: "2026-10-02T02:00:00Z", author: "Văn phòng", message: "Cập nhật theo luật mới" },
      };
      // The redline between its revisions is a generated one the size of the 2012 → 2023 law pair.
      regulations.set(big.id, {
        id: big.id,
        title: big.title,
        views: [big, big2],
        redline: (o, n) => largeRedline(180, o, n),
      });
    }
  }

  const review = createMockReview({ views: (id) => get(id).views, now }, options);
  const exchange = createMockExchange({ review, copyRegulation, views: (id) => get(id).views }, options);

  /** A member's copy of a regulation received in a review package. */
  function copyRegulation(fromId: string): string {
    const from = get(fromId);
    const id = `${fromId}-ban-sao`;
    const views = clone(from.views).map((v) => ({ ...v, id }));
    regulations.set(id, { id, title: from.title, views });
    return id;
  }

  function get(id: unknown): StoredRegulation {
    const reg = typeof id === "string" ? regulations.get(id) : undefined;
    if (!reg) fail("not_found", `Không tìm thấy quy chế "${String(id)}".`);
    return reg;
  }

  function summary(reg: StoredRegulation): RegulationSummary {
    const head = reg.views[reg.views.length - 1];
    return {
      id: reg.id,
      title: reg.title,
      status: review.stage(reg.id),
      revisions: reg.views.length,
      updated_at: head.revision.time,
      updated_by: head.revision.author,
    };
  }

  function withHead(reg: StoredRegulation, view: RegulationView): RegulationView {
    return { ...clone(view), head: reg.views.length, status: review.stage(reg.id) };
  }

  function addRevision(reg: StoredRegulation, view: RegulationView, message: string, who = author): RevisionInfo {
    const number = reg.views.length + 1;
    const info: RevisionInfo = { number, hash: fakeHash(`${reg.id}:${number}:${message}`), time: now(), author: who, message };
    reg.views.push({ ...view, revision: info, head: number });
    return info;
  }

  function saveArticle(args: Record<string, unknown>): RevisionInfo {
    const reg = get(args.regulationId);
    review.beforeEdit(reg.id);
    const head = reg.views.length;
    if (args.baseRevision !== head) {
      fail("conflict", `Văn bản đã có phiên bản ${head} mới hơn phiên bản ${String(args.baseRevision)} bạn đang sửa.`);
    }
    const view = clone(reg.views[head - 1]);
    const article = findArticle(view.units, Number(args.articleId));
    if (!article) fail("not_found", `Không tìm thấy điều có mã ${String(args.articleId)}.`);
    let next = maxId(view.units);
    const parsed = parseArticleText(String(args.text ?? ""), () => ++next);
    keepIds(article.children, parsed.children);
    article.title = parsed.title;
    article.paragraphs = parsed.paragraphs;
    article.children = parsed.children;
    article.edit_text = articleEditText(article);
    const info = addRevision(reg, view, `Sửa ${article.marker}`);
    review.afterEdit(reg.id);
    return info;
  }

  function importFile(args: Record<string, unknown>): ImportResult {
    const path = String(args.path ?? "");
    if (!path.endsWith(".txt")) fail("bad_input", `Tệp "${path}" không phải tệp .txt.`);
    const name = path.split(/[\\/]/).pop() ?? path;
    let id = "qc-nhap-" + (regulations.size + 1);
    while (regulations.has(id)) id += "x";
    const base = sampleView({ number: 1, hash: "", time: "", author, message: "" }, 1);
    const title = "Quy chế làm việc của Ủy ban Kiểm tra Liên minh HTX tỉnh Ninh Bình";
    const view: RegulationView = {
      ...base,
      id,
      title,
      header: { ...base.header, title: ["Làm việc của Ủy ban Kiểm tra Liên minh Hợp tác xã tỉnh Ninh Bình"] },
    };
    const reg: StoredRegulation = { id, title, views: [] };
    regulations.set(id, reg);
    const revision = addRevision(reg, view, `Nhập từ tệp ${name}`);
    return {
      regulation_id: id,
      revision,
      title,
      diagnostics: clone(
        options.importDiagnostics ?? [
          { line: 42, message: "Điều 7 được đánh số lại thành Điều 6 (thiếu Điều 6 trong tệp gốc)." },
          { line: 88, message: "Điểm “đ)” được đánh số lại thành “d)”." },
        ],
      ),
    };
  }

  function side(reg: StoredRegulation, n: number): RedlineSide {
    const view = reg.views[n - 1];
    if (!view) fail("not_found", `Không có phiên bản ${n}.`);
    return { label: `Phiên bản ${n}`, revision: n, hash: view.revision.hash, title: view.title };
  }

  function redline(a: Record<string, unknown>): RedlineView {
    const reg = get(a.regulationId);
    const from = Number(a.fromRevision);
    const to = Number(a.toRevision);
    const oldSide = side(reg, from);
    const newSide = side(reg, to);
    if (options.redline) return clone(options.redline);
    if (reg.redline) return reg.redline(oldSide, newSide);
    return redlineBetween(reg.views[from - 1].units, reg.views[to - 1].units, oldSide, newSide);
  }

  /** The "file" is the stored revision as someone sent it back: a few words changed, one article added. */
  function redlineWithFile(a: Record<string, unknown>): RedlineView {
    const reg = get(a.regulationId);
    const n = Number(a.revision);
    const path = String(a.path ?? "");
    if (!path.endsWith(".txt")) fail("bad_input", `Tệp "${path}" không phải tệp .txt.`);
    const oldSide = side(reg, n);
    const name = path.split(/[\\/]/).pop() ?? path;
    const newSide: RedlineSide = { label: name, revision: null, hash: null, title: oldSide.title };
    if (options.redline) return { ...clone(options.redline), old_side: oldSide, new_side: newSide, alignment: "by_content" };
    const units = clone(reg.views[n - 1].units);
    let next = maxId(units);
    const edit = (u: UnitView) => {
      if (u.kind === "article") {
        const t = (u.edit_text ?? "").replace("thường kỳ mỗi quý một lần", "thường kỳ mỗi tháng một lần").replace("giữa hai kỳ họp", "giữa hai kỳ họp, báo cáo kết quả tại kỳ họp gần nhất");
        const parsed = parseArticleText(t, () => ++next);
        Object.assign(u, parsed, { edit_text: t });
      }
      u.children.forEach(edit);
    };
    units.forEach(edit);
    const last = units[units.length - 1];
    let count = 0;
    const countArticles = (list: UnitView[]) => list.forEach((u) => (u.kind === "article" ? count++ : countArticles(u.children)));
    countArticles(units);
    const extra: UnitView = {
      id: ++next, kind: "article", marker: `Điều ${count + 1}`, title: "Điều khoản thi hành", paragraphs: ["Quy chế này có hiệu lực kể từ ngày ký."], children: [], edit_text: null,
    };
    extra.edit_text = articleEditText(extra);
    last.children.push(extra);
    return redlineBetween(reg.views[n - 1].units, units, oldSide, newSide, "by_content");
  }

  async function handle(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown> {
    calls.push({ cmd, args: args ? clone(args) : undefined });
    if (options.delay) await new Promise((r) => setTimeout(r, options.delay));
    const a = args ?? {};
    const x = exchange.handle(cmd, a);
    if (x) return x.value;
    switch (cmd) {
      case "list_regulations":
        return [...regulations.values()].map(summary);
      case "open_regulation": {
        const reg = get(a.regulationId);
        const n = a.revision == null ? reg.views.length : Number(a.revision);
        const view = reg.views[n - 1];
        if (!view) fail("not_found", `Không có phiên bản ${n}.`);
        return withHead(reg, view);
      }
      case "history":
        return get(a.regulationId).views.map((v) => clone(v.revision)).reverse();
      case "save_article":
        return saveArticle(a);
      case "import_file":
        return importFile(a);
      case "redline":
        return redline(a);
      case "redline_with_file":
        return redlineWithFile(a);
      case "plugin:dialog|open": {
        const filters = ((a.options as { filters?: { extensions: string[] }[] } | undefined)?.filters ?? []).flatMap((f) => f.extensions);
        if (filters.includes("docx")) return review.verifyDialogPath();
        return options.dialogPath === undefined ? "/home/vanphong/Tài liệu/quy-che-ubkt.txt" : options.dialogPath;
      }
      default: {
        const r = review.handle(cmd, a);
        if (r) return r.value;
        fail("internal", `Lệnh chưa được giả lập: ${cmd}`);
      }
    }
  }

  function concurrentSave(regulationId: string): RevisionInfo {
    const reg = get(regulationId);
    const view = clone(reg.views[reg.views.length - 1]);
    return addRevision(reg, view, "Sửa Điều 1", "Chánh Văn phòng");
  }

  async function as(personId: string, cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const start = calls.length;
    const before = (await handle("current_user", undefined)) as { id: string } | null;
    await handle("set_current_user", { personId });
    try {
      return await handle(cmd, args);
    } finally {
      if (before) await handle("set_current_user", { personId: before.id });
      calls.length = start; // set-up calls are not the UI's
    }
  }

  return { handle, calls, concurrentSave, regulations, review, exchange, as };
}

export type { Draft };
