/**
 * Test-only: builds `RedlineView`s the way the Rust side describes them, so the mock
 * backend can answer `redline` / `redline_with_file`. A plain word-level LCS, articles
 * aligned by id. Never imported by production code.
 */
import type {
  ArticleRedline,
  ArticleStatus,
  DiffOp,
  DiffSpan,
  RedlineSide,
  RedlineSummary,
  RedlineView,
  UnitView,
} from "./types";

/** Words, runs of spaces, line breaks and single punctuation marks. */
function tokens(text: string): string[] {
  return text.match(/\n|[^\S\n]+|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

function pushSpan(out: DiffSpan[], op: DiffOp, text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** Word-level diff: equal+delete concatenate to `a`, equal+insert to `b`. */
export function wordDiff(a: string, b: string): DiffSpan[] {
  const x = tokens(a);
  const y = tokens(b);
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = LCS length of x[i..] and y[j..]
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffSpan[] = [];
  let i = 0;
  let j = 0;
  let del = "";
  let ins = "";
  const flush = () => {
    pushSpan(out, "delete", del);
    pushSpan(out, "insert", ins);
    del = ins = "";
  };
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush();
      pushSpan(out, "equal", x[i]);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ins += y[j++];
    } else {
      del += x[i++];
    }
  }
  flush();
  return out;
}

interface Located {
  unit: UnitView;
  index: number;
  chapter: string | null;
}

function articlesOf(units: UnitView[]): Located[] {
  const out: Located[] = [];
  const go = (list: UnitView[], chapter: string | null) => {
    for (const u of list) {
      if (u.kind === "article") out.push({ unit: u, index: out.length, chapter });
      else if (u.kind === "part" || u.kind === "section") go(u.children, chapter);
      else if (u.kind === "chapter") go(u.children, u.marker);
    }
  };
  go(units, null);
  return out;
}

function headings(units: UnitView[], kind: "chapter" | "section"): Map<number, string> {
  const out = new Map<number, string>();
  const go = (list: UnitView[]) => {
    for (const u of list) {
      if (u.kind === kind) out.set(u.id, `${u.marker}|${u.title}`);
      if (u.kind !== "article") go(u.children);
    }
  };
  go(units);
  return out;
}

function changedHeadings(a: Map<number, string>, b: Map<number, string>): number {
  let n = 0;
  for (const [id, v] of a) if (b.get(id) !== v) n++;
  for (const id of b.keys()) if (!a.has(id)) n++;
  return n;
}

/** Ids on the longest common subsequence of two id sequences (articles that kept their order). */
function inOrder(a: number[], b: number[]): Set<number> {
  const n = a.length;
  const m = b.length;
  const t = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  const keep = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      keep.add(a[i]);
      i++;
      j++;
    } else if (t[i + 1][j] >= t[i][j + 1]) i++;
    else j++;
  }
  return keep;
}

const text = (u: UnitView) => u.edit_text ?? u.title;

/** A redline between two views, articles aligned by their stable ids. */
export function redlineBetween(
  oldUnits: UnitView[],
  newUnits: UnitView[],
  oldSide: RedlineSide,
  newSide: RedlineSide,
  alignment: RedlineView["alignment"] = "by_id",
): RedlineView {
  const olds = articlesOf(oldUnits);
  const news = articlesOf(newUnits);
  const oldById = new Map(olds.map((a) => [a.unit.id, a]));
  const newById = new Map(news.map((a) => [a.unit.id, a]));
  const kept = inOrder(
    olds.filter((a) => newById.has(a.unit.id)).map((a) => a.unit.id),
    news.filter((a) => oldById.has(a.unit.id)).map((a) => a.unit.id),
  );
  const summary: RedlineSummary = {
    unchanged: 0, modified: 0, added: 0, removed: 0, moved: 0, renumbered: 0,
    chapters_changed: changedHeadings(headings(oldUnits, "chapter"), headings(newUnits, "chapter")),
    sections_changed: changedHeadings(headings(oldUnits, "section"), headings(newUnits, "section")),
  };
  const entries: { sort: [number, number, number]; article: ArticleRedline }[] = [];
  for (const n of news) {
    const o = oldById.get(n.unit.id);
    const ops = o ? wordDiff(text(o.unit), text(n.unit)) : [{ op: "insert" as const, text: text(n.unit) }];
    const status: ArticleStatus = !o ? "added" : ops.some((s) => s.op !== "equal") ? "modified" : "unchanged";
    const moved = !!o && (!kept.has(n.unit.id) || o.chapter !== n.chapter);
    const renumbered = !!o && o.unit.marker !== n.unit.marker;
    summary[status]++;
    if (moved) summary.moved++;
    if (renumbered) summary.renumbered++;
    entries.push({
      sort: [n.index, 0, 0],
      article: {
        key: `a${n.unit.id}`,
        status,
        old_label: o ? o.unit.marker : null,
        new_label: n.unit.marker,
        old_title: o ? o.unit.title : null,
        new_title: n.unit.title,
        old_chapter: o ? o.chapter : null,
        new_chapter: n.chapter,
        moved,
        renumbered,
        ops,
        coarse: false,
      },
    });
  }
  let anchor = -1;
  for (const o of olds) {
    const n = newById.get(o.unit.id);
    if (n) {
      anchor = n.index;
      continue;
    }
    summary.removed++;
    entries.push({
      sort: [anchor, 1, o.index],
      article: {
        key: `a${o.unit.id}`,
        status: "removed",
        old_label: o.unit.marker,
        new_label: null,
        old_title: o.unit.title,
        new_title: null,
        old_chapter: o.chapter,
        new_chapter: null,
        moved: false,
        renumbered: false,
        ops: [{ op: "delete", text: text(o.unit) }],
        coarse: false,
      },
    });
  }
  entries.sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1] - b.sort[1] || a.sort[2] - b.sort[2]);
  return {
    old_side: oldSide,
    new_side: newSide,
    summary,
    articles: entries.map((e) => e.article),
    coarse: false,
    alignment,
  };
}

/**
 * A large generated redline (the 2012 → 2023 law pair is about this size): `entries`
 * articles, ~70 spans each, every kind of change. For the rendering-speed check.
 */
export function largeRedline(entries = 180, oldSide: RedlineSide, newSide: RedlineSide): RedlineView {
  const summary: RedlineSummary = {
    unchanged: 0, modified: 0, added: 0, removed: 0, moved: 0, renumbered: 0, chapters_changed: 2, sections_changed: 3,
  };
  const articles: ArticleRedline[] = [];
  let oldNo = 0;
  let newNo = 0;
  const chapter = (n: number) => `Chương ${["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"][Math.floor(n / 12)] ?? "XVII"}`;
  for (let i = 0; i < entries; i++) {
    const kind = i % 23 === 7 ? "added" : i % 29 === 11 ? "removed" : i % 6 === 0 ? "unchanged" : "modified";
    const ops: DiffSpan[] = [];
    const title = `Quy định số ${i + 1} về quản lý, sử dụng đất`;
    if (kind === "added" || kind === "removed") {
      const body = Array.from({ length: 5 }, (_, k) => `${k + 1}. Nội dung khoản ${k + 1} của điều được ${kind === "added" ? "bổ sung" : "bãi bỏ"}, quy định về trình tự, thủ tục giao đất, cho thuê đất.`);
      ops.push({ op: kind === "added" ? "insert" : "delete", text: [title, ...body].join("\n") });
    } else {
      ops.push({ op: "equal", text: `${title}\n` });
      for (let k = 0; k < 5; k++) {
        ops.push({ op: "equal", text: `${k + 1}. Cơ quan có thẩm quyền giải quyết hồ sơ trong thời hạn ` });
        if (kind === "modified") {
          ops.push({ op: "delete", text: "20" }, { op: "insert", text: "15" });
          ops.push({ op: "equal", text: " ngày kể từ ngày nhận đủ hồ sơ hợp lệ; " });
          ops.push({ op: "delete", text: "trường hợp" }, { op: "insert", text: "đối với trường hợp" });
          ops.push({ op: "equal", text: " phải " });
          ops.push({ op: "delete", text: "thẩm định" }, { op: "insert", text: "lấy ý kiến thẩm định" });
          ops.push({ op: "equal", text: " thì thời hạn được kéo dài thêm không quá " });
          ops.push({ op: "delete", text: "10" }, { op: "insert", text: "07" });
          ops.push({ op: "equal", text: " ngày làm việc" });
          ops.push({ op: "insert", text: " và phải thông báo bằng văn bản cho người nộp hồ sơ" });
          ops.push({ op: "equal", text: "." });
        } else {
          ops.push({ op: "equal", text: "20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp phải thẩm định thì thời hạn được kéo dài thêm không quá 10 ngày làm việc." });
        }
        if (k < 4) ops.push({ op: "equal", text: "\n" });
      }
    }
    const hasOld = kind !== "added";
    const hasNew = kind !== "removed";
    if (hasOld) oldNo++;
    if (hasNew) newNo++;
    const moved = kind === "modified" && i % 17 === 5;
    const renumbered = hasOld && hasNew && oldNo !== newNo;
    summary[kind]++;
    if (moved) summary.moved++;
    if (renumbered) summary.renumbered++;
    articles.push({
      key: `g${i}`,
      status: kind,
      old_label: hasOld ? `Điều ${oldNo}` : null,
      new_label: hasNew ? `Điều ${newNo}` : null,
      old_title: hasOld ? title : null,
      new_title: hasNew ? title : null,
      old_chapter: hasOld ? chapter(moved ? i + 12 : i) : null,
      new_chapter: hasNew ? chapter(i) : null,
      moved,
      renumbered,
      ops,
      coarse: i === 90,
    });
  }
  return { old_side: oldSide, new_side: newSide, summary, articles, coarse: false, alignment: "by_id" };
}
