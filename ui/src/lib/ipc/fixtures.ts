/**
 * Test-only data: a small, realistic regulation and helpers to build more.
 * Used by the vitest suites and by the `mock` build for the headless browser test.
 * Never imported by production code.
 */
import type {
  ArticleRedline,
  DiffSpan,
  HeaderView,
  RedlineSide,
  RedlineView,
  RegulationSummary,
  RegulationView,
  RevisionInfo,
  UnitKind,
  UnitView,
} from "./types";

const POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split(" ");
const ROMAN: [number, string][] = [
  [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
  [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
];

export function roman(n: number): string {
  let out = "";
  for (const [v, s] of ROMAN) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

export function pointLetter(i: number): string {
  return POINT_LETTERS[i] ?? `${POINT_LETTERS[i % POINT_LETTERS.length]}${Math.floor(i / POINT_LETTERS.length)}`;
}

/** A unit before numbering: markers are filled in by {@link numberUnits}. */
export interface Draft {
  id: number;
  kind: UnitKind;
  title?: string;
  paragraphs?: string[];
  children?: Draft[];
}

/** The editable text of an article, as Rust's `edit_text`. */
export function articleEditText(article: UnitView): string {
  const lines = [article.title, ...article.paragraphs];
  const walk = (units: UnitView[]) => {
    for (const u of units) {
      const [first = "", ...rest] = u.paragraphs;
      lines.push(`${u.marker} ${first}`.trimEnd(), ...rest);
      walk(u.children);
    }
  };
  walk(article.children);
  return lines.join("\n");
}

/** Derives markers from position, like Rust's `Numbering`, and fills `edit_text` for articles. */
export function numberUnits(drafts: Draft[]): UnitView[] {
  const counters = { part: 0, chapter: 0, section: 0, article: 0 };
  const go = (list: Draft[]): UnitView[] => {
    let clause = 0;
    let point = 0;
    return list.map((d) => {
      let marker: string;
      switch (d.kind) {
        case "part":
          marker = `Phần thứ ${roman(++counters.part)}`;
          break;
        case "chapter":
          marker = `Chương ${roman(++counters.chapter)}`;
          counters.section = 0;
          break;
        case "section":
          marker = `Mục ${++counters.section}`;
          break;
        case "article":
          marker = `Điều ${++counters.article}`;
          break;
        case "clause":
          marker = `${++clause}.`;
          break;
        case "point":
          marker = `${pointLetter(point++)})`;
          break;
        default:
          marker = "-";
      }
      const unit: UnitView = {
        id: d.id,
        kind: d.kind,
        marker,
        title: d.title ?? "",
        paragraphs: d.paragraphs ?? [],
        children: go(d.children ?? []),
        edit_text: null,
      };
      if (unit.kind === "article") unit.edit_text = articleEditText(unit);
      return unit;
    });
  };
  return go(drafts);
}

export function fakeHash(seed: string): string {
  let h1 = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${seed}#${round}`) {
      h1 ^= ch.codePointAt(0)!;
      h1 = Math.imul(h1, 0x01000193) >>> 0;
    }
    out += h1.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

export const HEADER: HeaderView = {
  issuing_body: ["LIÊN MINH HTX VIỆT NAM", "LIÊN MINH HỢP TÁC XÃ TỈNH NINH BÌNH"],
  motto: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
  number: "Số: 12/QC-LMHTX",
  marks: ["DỰ THẢO"],
  place_date: "Ninh Bình, ngày 28 tháng 11 năm 2026",
  doc_type: "QUY CHẾ",
  title: ["Làm việc của Ban Thường vụ Liên minh Hợp tác xã tỉnh Ninh Bình", "nhiệm kỳ 2025 - 2030"],
};

export const REG_ID = "qc-btv-2025";
export const REG_TITLE = "Quy chế làm việc của Ban Thường vụ Liên minh HTX tỉnh Ninh Bình";

/** 2 chapters, 1 section, 4 articles with clauses, points and sub-points. */
export function sampleUnits(): Draft[] {
  return [
    {
      id: 1, kind: "chapter", title: "QUY ĐỊNH CHUNG", children: [
        {
          id: 2, kind: "article", title: "Phạm vi điều chỉnh và đối tượng áp dụng", children: [
            { id: 3, kind: "clause", paragraphs: ["Quy chế này quy định nguyên tắc, chế độ làm việc, trách nhiệm và quan hệ công tác của Ban Thường vụ Liên minh Hợp tác xã tỉnh (sau đây gọi là Ban Thường vụ)."] },
            { id: 4, kind: "clause", paragraphs: ["Quy chế này áp dụng đối với các Ủy viên Ban Thường vụ, Thường trực và Văn phòng Liên minh Hợp tác xã tỉnh."] },
          ],
        },
        {
          id: 5, kind: "article", title: "Nguyên tắc làm việc",
          paragraphs: ["Ban Thường vụ làm việc theo các nguyên tắc sau đây:"],
          children: [
            { id: 6, kind: "clause", paragraphs: ["Tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách; đề cao trách nhiệm cá nhân của người đứng đầu."] },
            { id: 7, kind: "clause", paragraphs: ["Tuân thủ Điều lệ Liên minh Hợp tác xã Việt Nam và các quy định của pháp luật có liên quan."] },
          ],
        },
      ],
    },
    {
      id: 8, kind: "chapter", title: "NHIỆM VỤ, QUYỀN HẠN VÀ CHẾ ĐỘ LÀM VIỆC", children: [
        {
          id: 9, kind: "section", title: "NHIỆM VỤ, QUYỀN HẠN", children: [
            {
              id: 10, kind: "article", title: "Nhiệm vụ, quyền hạn của Ban Thường vụ", children: [
                { id: 11, kind: "clause", paragraphs: ["Lãnh đạo, chỉ đạo việc thực hiện nghị quyết của Ban Chấp hành giữa hai kỳ họp."] },
                {
                  id: 12, kind: "clause", paragraphs: ["Quyết định các vấn đề sau đây:"], children: [
                    { id: 13, kind: "point", paragraphs: ["Chương trình công tác hằng năm của Liên minh;"] },
                    {
                      id: 14, kind: "point", paragraphs: ["Công tác tổ chức, cán bộ theo phân cấp quản lý, gồm:"], children: [
                        { id: 15, kind: "sub_point", paragraphs: ["bổ nhiệm, miễn nhiệm cấp trưởng, cấp phó các ban, đơn vị;"] },
                        { id: 16, kind: "sub_point", paragraphs: ["điều động, luân chuyển cán bộ;"] },
                      ],
                    },
                    { id: 17, kind: "point", paragraphs: ["Dự toán ngân sách và quyết toán tài chính hằng năm."] },
                  ],
                },
              ],
            },
          ],
        },
        {
          id: 18, kind: "article", title: "Chế độ họp", children: [
            { id: 19, kind: "clause", paragraphs: ["Ban Thường vụ họp thường kỳ mỗi quý một lần; họp bất thường khi cần thiết."] },
            { id: 20, kind: "clause", paragraphs: ["Tài liệu họp được gửi đến các Ủy viên chậm nhất 03 ngày làm việc trước phiên họp."] },
            { id: 21, kind: "clause", paragraphs: ["Phiên họp hợp lệ khi có ít nhất hai phần ba tổng số Ủy viên Ban Thường vụ tham dự."] },
          ],
        },
      ],
    },
  ];
}

export const REVISIONS: RevisionInfo[] = [
  {
    number: 1,
    hash: fakeHash("r1"),
    time: "2026-11-27T01:00:00Z",
    author: "Văn phòng",
    message: "Nhập từ tệp quy-che-btv.txt",
  },
  {
    number: 2,
    hash: fakeHash("r2"),
    time: "2026-11-28T02:20:00Z",
    author: "Văn phòng",
    message: "Sửa Điều 4",
  },
];

export function sampleView(revision: RevisionInfo = REVISIONS[1], head = 2): RegulationView {
  return {
    id: REG_ID,
    title: REG_TITLE,
    status: "draft",
    revision,
    head,
    header: structuredClone(HEADER),
    preamble: [],
    units: numberUnits(sampleUnits()),
    closing: [
      "Quy chế này có hiệu lực kể từ ngày ký. Trong quá trình thực hiện, nếu có vướng mắc, các Ủy viên phản ánh về Văn phòng để tổng hợp, báo cáo Ban Thường vụ xem xét, sửa đổi.",
      "Nơi nhận:",
      "- Thường trực Liên minh HTX Việt Nam;",
      "- Các Ủy viên Ban Chấp hành;",
      "- Lưu: VT, VP.",
      "TM. BAN THƯỜNG VỤ",
      "CHỦ TỊCH",
      "Nguyễn Văn An",
    ],
  };
}

export const SECOND_ID = "qc-bch-2025";
export const SECOND_TITLE = "Quy chế làm việc của Ban Chấp hành Liên minh HTX tỉnh Ninh Bình";

export function sampleSummaries(): RegulationSummary[] {
  return [
    {
      id: REG_ID,
      title: REG_TITLE,
      status: "draft",
      revisions: 2,
      updated_at: REVISIONS[1].time,
      updated_by: REVISIONS[1].author,
    },
    {
      id: SECOND_ID,
      title: SECOND_TITLE,
      status: "draft",
      revisions: 1,
      updated_at: "2026-11-20T03:05:00Z",
      updated_by: "Thường trực",
    },
  ];
}

/** A large generated regulation (about `articles` articles, ~17 units each) for rendering checks. */
export function largeUnits(articles = 115): Draft[] {
  let id = 1000;
  const chapters: Draft[] = [];
  const perChapter = 12;
  for (let c = 0; c * perChapter < articles; c++) {
    const arts: Draft[] = [];
    for (let a = 0; a < perChapter && c * perChapter + a < articles; a++) {
      const clauses: Draft[] = [];
      for (let k = 0; k < 4; k++) {
        const points: Draft[] = [];
        for (let p = 0; p < 3; p++) {
          points.push({ id: id++, kind: "point", paragraphs: [`Nội dung điểm thứ ${p + 1} của khoản ${k + 1}, quy định chi tiết về trình tự, thủ tục thực hiện;`] });
        }
        clauses.push({ id: id++, kind: "clause", paragraphs: [`Nội dung khoản ${k + 1} về trách nhiệm của các cơ quan, tổ chức có liên quan:`], children: points });
      }
      arts.push({ id: id++, kind: "article", title: `Quy định số ${c * perChapter + a + 1} về tổ chức thực hiện`, children: clauses });
    }
    chapters.push({ id: id++, kind: "chapter", title: `NHÓM QUY ĐỊNH THỨ ${c + 1}`, children: arts });
  }
  return chapters;
}

/**
 * Revision 1 of the sample regulation: the text the Standing Committee commented on.
 * Against revision 2 ({@link sampleUnits}): Điều 1 “Giải thích từ ngữ” is removed;
 * “Phạm vi điều chỉnh” is only renumbered (2 → 1); “Nguyên tắc làm việc” is added;
 * “Chế độ họp” moves from Chương I to Chương II (3 → 4) and “05 ngày làm việc” becomes
 * “03 ngày làm việc”; Điều 4 is retitled and renumbered (4 → 3).
 */
export function sampleUnitsV1(): Draft[] {
  const v2 = sampleUnits();
  const scope = v2[0].children![0];
  const duties = structuredClone(v2[1].children![0].children![0]);
  duties.title = "Nhiệm vụ và quyền hạn";
  duties.children![0].paragraphs = ["Lãnh đạo việc thực hiện nghị quyết của Ban Chấp hành giữa hai kỳ họp."];
  return [
    {
      id: 1, kind: "chapter", title: "QUY ĐỊNH CHUNG", children: [
        {
          id: 30, kind: "article", title: "Giải thích từ ngữ", children: [
            { id: 31, kind: "clause", paragraphs: ["“Ban Thường vụ” là Ban Thường vụ Liên minh Hợp tác xã tỉnh."] },
            { id: 32, kind: "clause", paragraphs: ["“Ủy viên” là Ủy viên Ban Thường vụ."] },
          ],
        },
        scope,
        {
          id: 18, kind: "article", title: "Chế độ họp", children: [
            { id: 19, kind: "clause", paragraphs: ["Ban Thường vụ họp thường kỳ mỗi quý một lần; họp bất thường khi cần thiết."] },
            { id: 20, kind: "clause", paragraphs: ["Tài liệu họp được gửi đến các Ủy viên chậm nhất 05 ngày làm việc trước phiên họp."] },
            { id: 21, kind: "clause", paragraphs: ["Phiên họp hợp lệ khi có ít nhất hai phần ba tổng số Ủy viên tham dự."] },
          ],
        },
      ],
    },
    {
      id: 8, kind: "chapter", title: "NHIỆM VỤ, QUYỀN HẠN VÀ CHẾ ĐỘ LÀM VIỆC", children: [
        { id: 9, kind: "section", title: "NHIỆM VỤ, QUYỀN HẠN", children: [duties] },
      ],
    },
  ];
}

/**
 * A hand-written redline with one entry of every kind (as the Rust side would send it).
 * Keys: "a12" modified (05 → 03 ngày làm việc), "a14" renumbered only (Điều 5 → Điều 6),
 * "a15" moved from Chương II, "a16" retitled, "a17" added (Điều 7), "a19" removed (Điều 9),
 * "a11" unchanged.
 */
export function sampleRedline(): RedlineView {
  const side = (n: number): RedlineSide => ({
    label: `Phiên bản ${n}`,
    revision: n,
    hash: fakeHash(`r${n}`),
    title: REG_TITLE,
  });
  const entry = (a: Partial<ArticleRedline> & Pick<ArticleRedline, "key" | "status" | "ops">): ArticleRedline => ({
    old_label: null, new_label: null, old_title: null, new_title: null, old_chapter: "Chương I", new_chapter: "Chương I",
    moved: false, renumbered: false, coarse: false, ...a,
  });
  const eq = (text: string): DiffSpan => ({ op: "equal", text });
  const del = (text: string): DiffSpan => ({ op: "delete", text });
  const ins = (text: string): DiffSpan => ({ op: "insert", text });
  return {
    old_side: side(1),
    new_side: side(2),
    summary: { unchanged: 1, modified: 2, added: 1, removed: 1, moved: 1, renumbered: 3, chapters_changed: 0, sections_changed: 1 },
    coarse: false,
    alignment: "by_id",
    articles: [
      entry({
        key: "a11", status: "unchanged", old_label: "Điều 1", new_label: "Điều 1",
        old_title: "Phạm vi điều chỉnh", new_title: "Phạm vi điều chỉnh",
        ops: [eq("Phạm vi điều chỉnh\nQuy chế này quy định chế độ làm việc của Ban Thường vụ.")],
      }),
      entry({
        key: "a12", status: "modified", old_label: "Điều 2", new_label: "Điều 2",
        old_title: "Chế độ họp", new_title: "Chế độ họp",
        ops: [
          eq("Chế độ họp\n1. Ban Thường vụ họp thường kỳ mỗi quý một lần.\n2. Tài liệu họp được gửi chậm nhất "),
          del("05"), ins("03"),
          eq(" ngày làm việc trước phiên họp."),
          ins("\n3. Biên bản phiên họp do Chánh Văn phòng ghi."),
        ],
      }),
      entry({
        key: "a19", status: "removed", old_label: "Điều 9", old_title: "Giải thích từ ngữ", new_chapter: null,
        ops: [del("Giải thích từ ngữ\n1. “Ủy viên” là Ủy viên Ban Thường vụ.")],
      }),
      entry({
        key: "a14", status: "unchanged", old_label: "Điều 5", new_label: "Điều 6", renumbered: true,
        old_title: "Chế độ thông tin", new_title: "Chế độ thông tin",
        ops: [eq("Chế độ thông tin\nVăn phòng gửi thông tin hằng tháng đến các Ủy viên.")],
      }),
      entry({
        key: "a15", status: "modified", old_label: "Điều 8", new_label: "Điều 4", moved: true, renumbered: true,
        old_title: "Quan hệ công tác", new_title: "Quan hệ công tác", old_chapter: "Chương II", new_chapter: "Chương I",
        ops: [eq("Quan hệ công tác\nBan Thường vụ phối hợp với "), del("các sở"), ins("các sở, ngành"), eq(" của tỉnh.")],
      }),
      entry({
        key: "a16", status: "modified", old_label: "Điều 3", new_label: "Điều 3",
        old_title: "Nhiệm vụ và quyền hạn", new_title: "Nhiệm vụ, quyền hạn của Ban Thường vụ",
        ops: [
          eq("Nhiệm vụ"), del(" và"), ins(","), eq(" quyền hạn"), ins(" của Ban Thường vụ"),
          eq("\nLãnh đạo"), ins(", chỉ đạo"), eq(" việc thực hiện nghị quyết."),
        ],
      }),
      entry({
        key: "a17", status: "added", new_label: "Điều 7", new_title: "Tổ chức thực hiện", old_chapter: null,
        ops: [ins("Tổ chức thực hiện\nChánh Văn phòng theo dõi, đôn đốc việc thực hiện Quy chế này.")],
      }),
    ],
  };
}
