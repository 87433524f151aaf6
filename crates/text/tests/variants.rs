//! Constructed inputs for every recognised variant and every trap.

mod common;

use common::check_invariants;
use quyche_model::{Document, Kind, Unit};
use quyche_text::{
    decode, nfc, parse, parse_article_body, render, render_article_body, InputError,
    MAX_INPUT_BYTES,
};

/// (parts, chapters, sections, articles, clauses, points, sub-points)
type Counts = (u32, u32, u32, u32, u32, u32, u32);

fn counts(d: &Document) -> Counts {
    let s = d.stats();
    (s.parts, s.chapters, s.sections, s.articles, s.clauses, s.points, s.sub_points)
}

struct Case {
    name: &'static str,
    input: &'static str,
    counts: Counts,
    check: fn(&quyche_text::Parsed),
}

fn none(_: &quyche_text::Parsed) {}

fn unit(d: &Document, kind: Kind, n: usize) -> &Unit {
    d.walk().filter(|u| u.kind == kind).nth(n).unwrap_or_else(|| panic!("no {kind:?} #{n}"))
}

fn codes(p: &quyche_text::Parsed) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.code).collect()
}

const CASES: &[Case] = &[
    Case {
        name: "chapter roman, title next line",
        input: "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| {
            assert_eq!(p.document.body[0].title, "NHỮNG QUY ĐỊNH CHUNG");
            assert_eq!(unit(&p.document, Kind::Article, 0).paragraphs, ["Nội dung."]);
        },
    },
    Case {
        name: "chapter arabic with dot and colon, uppercase keyword",
        input: "Chương 1.\nA\nĐiều 1. X\nChương 2:\nB\nĐiều 2. Y\nCHƯƠNG III\nC\nĐiều 3. Z\n",
        counts: (0, 3, 0, 3, 0, 0, 0),
        check: |p| {
            let titles: Vec<&str> = p.document.body.iter().map(|u| u.title.as_str()).collect();
            assert_eq!(titles, ["A", "B", "C"]);
            assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        },
    },
    Case {
        name: "chapter title on the same line",
        input: "Chương I. NHỮNG QUY ĐỊNH CHUNG\nĐiều 1. X\nChương II: TỔ CHỨC\nĐiều 2. Y\nChương III - HOẠT ĐỘNG\nĐiều 3. Z\n",
        counts: (0, 3, 0, 3, 0, 0, 0),
        check: |p| {
            let titles: Vec<&str> = p.document.body.iter().map(|u| u.title.as_str()).collect();
            assert_eq!(titles, ["NHỮNG QUY ĐỊNH CHUNG", "TỔ CHỨC", "HOẠT ĐỘNG"]);
        },
    },
    Case {
        name: "chapter title wrapped over two uppercase lines",
        input: "Chương II\nTHÀNH LẬP VÀ ĐĂNG KÝ\nHỢP TÁC XÃ\nĐiều 1. X\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| assert_eq!(p.document.body[0].title, "THÀNH LẬP VÀ ĐĂNG KÝ HỢP TÁC XÃ"),
    },
    Case {
        name: "parts",
        input: "Phần thứ nhất\nQUY ĐỊNH CHUNG\nChương I\nA\nĐiều 1. X\nPHẦN THỨ HAI\nQUY ĐỊNH CỤ THỂ\nChương II\nB\nĐiều 2. Y\nPhần III\nC\nĐiều 3. Z\n",
        counts: (3, 2, 0, 3, 0, 0, 0),
        check: |p| {
            let d = &p.document;
            assert_eq!(d.body.len(), 3);
            assert_eq!(d.body[0].title, "QUY ĐỊNH CHUNG");
            assert_eq!(d.body[1].children[0].kind, Kind::Chapter);
            assert_eq!(d.body[2].children[0].kind, Kind::Article);
            assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        },
    },
    Case {
        name: "sections in all spellings",
        input: "Chương I\nA\nMục 1. THÀNH VIÊN\nĐiều 1. X\nMục 2: HỘI ĐỒNG\nĐiều 2. Y\nMỤC 3. BAN KIỂM SOÁT\nĐiều 3. Z\nMục 4\nKẾ TOÁN\nĐiều 4. W\n",
        counts: (0, 1, 4, 4, 0, 0, 0),
        check: |p| {
            let titles: Vec<&str> =
                p.document.walk().filter(|u| u.kind == Kind::Section).map(|u| u.title.as_str()).collect();
            assert_eq!(titles, ["THÀNH VIÊN", "HỘI ĐỒNG", "BAN KIỂM SOÁT", "KẾ TOÁN"]);
        },
    },
    Case {
        name: "sections restart per chapter",
        input: "Chương I\nA\nMục 1. X\nĐiều 1. a\nChương II\nB\nMục 1. Y\nĐiều 2. b\n",
        counts: (0, 2, 2, 2, 0, 0, 0),
        check: |p| assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics),
    },
    Case {
        name: "article spellings",
        input: "Điều 1. Phạm vi\nA.\nĐiều 2\nVăn bản của điều không tên.\nĐiều 3, Dấu phẩy lạc\nB.\nĐiều 4: Hai chấm\nC.\nĐIỀU 5. Hoa\nD.\n",
        counts: (0, 0, 0, 5, 0, 0, 0),
        check: |p| {
            let titles: Vec<&str> = p.document.articles().map(|u| u.title.as_str()).collect();
            assert_eq!(titles, ["Phạm vi", "", "Dấu phẩy lạc", "Hai chấm", "Hoa"]);
            assert_eq!(unit(&p.document, Kind::Article, 1).paragraphs, ["Văn bản của điều không tên."]);
            assert!(render(&p.document).contains("\nĐiều 2\nVăn bản"));
        },
    },
    Case {
        name: "clauses, points with đ, sub-points, continuation text",
        input: "Điều 1. X\nLead:\n1. Một:\na) a;\nb) b;\nc) c;\nd) d;\nđ) đ;\ne) e;\ng) g:\n- tiết một;\n– tiết hai;\nsau các tiết.\n2. Hai.\nTiếp khoản hai.\n",
        counts: (0, 0, 0, 1, 2, 7, 2),
        check: |p| {
            let d = &p.document;
            let art = unit(d, Kind::Article, 0);
            assert_eq!(art.paragraphs, ["Lead:"]);
            assert_eq!(unit(d, Kind::Point, 4).paragraphs, ["đ;"]);
            assert_eq!(unit(d, Kind::SubPoint, 1).paragraphs, ["tiết hai;", "sau các tiết."]);
            assert_eq!(unit(d, Kind::Clause, 1).paragraphs, ["Hai.", "Tiếp khoản hai."]);
            assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
            let r = render(d);
            assert!(r.contains("\nđ) đ;\ne) e;\ng) g:\n- tiết một;\n- tiết hai;\nsau các tiết.\n"), "{r}");
        },
    },
    Case {
        name: "plus items stay text",
        input: "Điều 1. X\n1. Một:\n- tiết:\n+ ý một;\n+ ý hai.\n",
        counts: (0, 0, 0, 1, 1, 0, 1),
        check: |p| assert_eq!(unit(&p.document, Kind::SubPoint, 0).paragraphs, ["tiết:", "+ ý một;", "+ ý hai."]),
    },
    Case {
        name: "points directly under an article",
        input: "Điều 1. X\nGồm:\na) một;\nb) hai.\n",
        counts: (0, 0, 0, 1, 0, 2, 0),
        check: none,
    },
    Case {
        name: "a clause marker before any article is preamble text",
        input: "QUY CHẾ\nLàm việc\nCăn cứ Luật A;\n1. Không phải khoản.\nĐiều 1. X\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: |p| assert_eq!(p.document.preamble, ["Căn cứ Luật A;", "1. Không phải khoản."]),
    },
    Case {
        name: "clause markers under a chapter but outside articles are text",
        input: "Chương I\nA\n1. Văn bản.\nĐiều 1. X\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| assert_eq!(p.document.body[0].paragraphs, ["1. Văn bản."]),
    },
    Case {
        name: "traps: Chương trình, Mục tiêu, Mục đích, Điều kiện, Điều chỉnh",
        input: "Điều 1. X\nChương trình công tác năm.\nMục tiêu của quy chế.\nMục đích là.\nĐiều kiện thành lập.\nĐiều chỉnh kế hoạch.\nChương II của Luật này quy định.\nPhần vốn góp.\nĐiều 5 được sửa đổi như sau:\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: |p| assert_eq!(unit(&p.document, Kind::Article, 0).paragraphs.len(), 8),
    },
    Case {
        name: "quoted single point inside an amending clause",
        input: "Điều 1. Sửa đổi\n1. Bổ sung điểm a vào khoản 2 Điều 5 như sau:\n“a) Thanh tra theo kế hoạch;”.\n2. Khác.\n",
        counts: (0, 0, 0, 1, 2, 0, 0),
        check: |p| {
            assert_eq!(
                unit(&p.document, Kind::Clause, 0).paragraphs,
                ["Bổ sung điểm a vào khoản 2 Điều 5 như sau:", "“a) Thanh tra theo kế hoạch;”."]
            )
        },
    },
    Case {
        name: "quoted multi-line article inside an amending clause",
        input: "Điều 1. Sửa đổi\n1. Điều 5 được sửa đổi như sau:\n“Điều 5. Xxx\n1. xxx;\na) yyy;\n2. yyy”.\n2. Khoản hai.\nĐiều 2. Hiệu lực\n",
        counts: (0, 0, 0, 2, 2, 0, 0),
        check: |p| {
            assert_eq!(unit(&p.document, Kind::Clause, 0).paragraphs.len(), 5);
            assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        },
    },
    Case {
        name: "quoted block with straight quotes",
        input: "Điều 1. Sửa đổi\n1. Điều 5 được sửa đổi như sau:\n\"Điều 5. Xxx\n1. xxx;\n2. yyy\".\n2. Khoản hai.\n",
        counts: (0, 0, 0, 1, 2, 0, 0),
        check: none,
    },
    Case {
        name: "balanced quotes mid-line do not open a block",
        input: "Điều 1. X\n1. Tên bắt đầu bằng cụm từ “Hợp tác xã” và \"HTX\".\n2. Hai.\nĐiều 2. Y\n",
        counts: (0, 0, 0, 2, 2, 0, 0),
        check: none,
    },
    Case {
        name: "unclosed quote gives a diagnostic",
        input: "Điều 1. X\n1. Sửa như sau: “Điều 5. Y\nĐiều 2. Z\n",
        counts: (0, 0, 0, 1, 1, 0, 0),
        check: |p| assert_eq!(codes(p), ["quote-unclosed"]),
    },
    Case {
        name: "gaps and duplicates in every level",
        input: "Chương I\nA\nĐiều 1. X\n1. a\n3. b\n3. c\na) x\nc) y\nChương III\nB\nMục 1. M\nMục 1. N\nĐiều 3. Y\nĐiều 3. Z\n",
        counts: (0, 2, 2, 3, 3, 2, 0),
        check: |p| {
            assert_eq!(
                codes(p),
                [
                    "numbering-gap",
                    "numbering-duplicate",
                    "numbering-gap",
                    "numbering-gap",
                    "numbering-duplicate",
                    "numbering-gap",
                    "numbering-duplicate"
                ]
            );
            let lines: Vec<u32> = p.diagnostics.iter().map(|d| d.line).collect();
            assert_eq!(lines, [5, 6, 8, 9, 12, 13, 14]);
            assert_eq!(p.diagnostics[0].message, "Khoản 3 trong Điều 1 nhảy số; theo thứ tự phải là khoản 2");
            assert_eq!(p.diagnostics[2].message, "Điểm c trong khoản 3 Điều 1 nhảy số; theo thứ tự phải là điểm b");
        },
    },
    Case {
        name: "latin point letters are reported",
        input: "Điều 1. X\na) a;\nb) b;\nc) c;\nd) d;\ne) e;\nf) f.\n",
        counts: (0, 0, 0, 1, 0, 6, 0),
        check: |p| assert_eq!(codes(p), ["numbering-gap", "point-letter"]),
    },
    Case {
        name: "header with rules, shared motto line, draft mark, number, date",
        input: "QUỐC HỘI -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\nLuật số: …/…./QH15\nDỰ THẢO\nHà Nội, ngày tháng năm 2024\nLUẬT\nPHÒNG KHÔNG NHÂN DÂN\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật Phòng không nhân dân.\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. X\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| {
            let h = &p.document.header;
            assert_eq!(h.issuing_body, ["QUỐC HỘI"]);
            assert_eq!(h.motto, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]);
            assert_eq!(h.number.as_ref().map(|n| n.value.as_str()), Some("…/…./QH15"));
            assert_eq!(h.marks, ["DỰ THẢO"]);
            assert_eq!(h.place_date.as_deref(), Some("Hà Nội, ngày tháng năm 2024"));
            assert_eq!(h.doc_type.as_deref(), Some("LUẬT"));
            assert_eq!(h.title, ["PHÒNG KHÔNG NHÂN DÂN"]);
            assert_eq!(p.document.preamble.len(), 2);
        },
    },
    Case {
        name: "header: issuing body sharing the motto line, CỘNG HOÀ spelling, star rule",
        input: "LIÊN MINH HTX VIỆT NAM CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLIÊN MINH HTX TỈNH X Độc lập - Tự do - Hạnh phúc\n*****\nSố: 12/QĐ-LMHTX\n(Dự thảo)\nX, ngày 5 tháng 3 năm 2021\nQUY CHẾ\nLàm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh X, nhiệm kỳ 2020 - 2025\n(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 5 tháng 3 năm 2021)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\nQuy chế này được Ban Chấp hành thông qua ngày 5 tháng 3 năm 2021.\nTM. BAN CHẤP HÀNH\nCHỦ TỊCH\nNguyễn Văn A\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| {
            let d = &p.document;
            let h = &d.header;
            assert_eq!(h.issuing_body, ["LIÊN MINH HTX VIỆT NAM", "LIÊN MINH HTX TỈNH X"]);
            assert_eq!(h.motto, ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]);
            assert_eq!(h.number.as_ref().map(|n| (n.label.as_str(), n.value.as_str())), Some(("Số", "12/QĐ-LMHTX")));
            assert_eq!(h.marks, ["(Dự thảo)"]);
            assert_eq!(h.doc_type.as_deref(), Some("QUY CHẾ"));
            assert_eq!(h.title.len(), 2);
            assert!(d.preamble.is_empty());
            assert_eq!(d.closing.len(), 4);
            assert_eq!(unit(d, Kind::Article, 0).paragraphs, ["Nội dung."]);
        },
    },
    Case {
        name: "party document motto",
        input: "ĐẢNG BỘ TỈNH X ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHẤP HÀNH\n*\nX, ngày 1 tháng 2 năm 2022\nQUY CHẾ\nLÀM VIỆC\nĐiều 1. X\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: |p| {
            let h = &p.document.header;
            assert_eq!(h.motto, ["ĐẢNG CỘNG SẢN VIỆT NAM"]);
            assert_eq!(h.issuing_body, ["ĐẢNG BỘ TỈNH X", "BAN CHẤP HÀNH"]);
            assert_eq!(h.doc_type.as_deref(), Some("QUY CHẾ"));
            assert_eq!(h.title, ["LÀM VIỆC"]);
        },
    },
    Case {
        name: "resolution number label and no number/date",
        input: "QUỐC HỘI\nNghị quyết số: 5/2024/QH15\nNGHỊ QUYẾT\nVề việc X\nĐiều 1. X\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: |p| {
            let h = &p.document.header;
            assert_eq!(h.number.as_ref().map(|n| n.label.as_str()), Some("Nghị quyết số"));
            assert_eq!(h.doc_type.as_deref(), Some("NGHỊ QUYẾT"));
            assert_eq!(h.title, ["Về việc X"]);
        },
    },
    Case {
        name: "decision header: number and date on one line, colon-less number, QUYẾT ĐỊNH: in the preamble",
        input: "UBND TỈNH X\nSố 12/QĐ-UBND X, ngày 1 tháng 2 năm 2024\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nỦY BAN NHÂN DÂN TỈNH X\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\nNơi nhận:\n- Như Điều 2;\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n",
        counts: (0, 0, 0, 2, 0, 0, 0),
        check: |p| {
            let d = &p.document;
            let h = &d.header;
            assert_eq!(h.issuing_body, ["UBND TỈNH X"]);
            assert_eq!(h.number.as_ref().map(|n| n.value.as_str()), Some("12/QĐ-UBND"));
            assert_eq!(h.place_date.as_deref(), Some("X, ngày 1 tháng 2 năm 2024"));
            assert_eq!(h.doc_type.as_deref(), Some("QUYẾT ĐỊNH"));
            assert_eq!(h.title, ["Về việc ban hành Quy chế làm việc", "ỦY BAN NHÂN DÂN TỈNH X"]);
            assert_eq!(d.preamble.last().map(String::as_str), Some("QUYẾT ĐỊNH:"));
            assert_eq!(d.closing.len(), 4);
        },
    },
    Case {
        name: "closing by Nơi nhận and authority mark",
        input: "Điều 1. X\n1. Một.\nNơi nhận:\n- Như Điều 1;\n- Lưu VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n",
        counts: (0, 0, 0, 1, 1, 0, 0),
        check: |p| assert_eq!(p.document.closing.len(), 5),
    },
    Case {
        name: "an adoption sentence that is an article's only text stays in the article",
        input: "Điều 1. Hiệu lực\nQuy chế này được Ban Chấp hành thông qua ngày 1 tháng 1 năm 2024.\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: |p| assert!(p.document.closing.is_empty()),
    },
    Case {
        name: "blank lines, tabs, non-breaking spaces, trailing spaces",
        input: "\n\n  Điều\u{a0}1.\tPhạm   vi  \n\n\u{a0}1.\u{a0}Một\t\n\n\na)  điểm\n",
        counts: (0, 0, 0, 1, 1, 1, 0),
        check: |p| {
            assert_eq!(unit(&p.document, Kind::Article, 0).title, "Phạm vi");
            assert_eq!(unit(&p.document, Kind::Clause, 0).paragraphs, ["Một"]);
        },
    },
    Case {
        name: "lone CR line ends and BOM",
        input: "\u{feff}Điều 1. X\r1. Một\r\n2. Hai\r",
        counts: (0, 0, 0, 1, 2, 0, 0),
        check: none,
    },
    Case {
        name: "empty input",
        input: "",
        counts: (0, 0, 0, 0, 0, 0, 0),
        check: |p| assert_eq!(render(&p.document), ""),
    },
    Case {
        name: "a chapter title that reads as a heading is rendered inline",
        input: "Chương I. Điều 5. X\nĐiều 1. Y\n",
        counts: (0, 1, 0, 1, 0, 0, 0),
        check: |p| assert_eq!(p.document.body[0].title, "Điều 5. X"),
    },
    Case {
        name: "a rule glued to the heading after it (found by the parse fuzz target)",
        input: "-----Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. a\n",
        counts: (0, 1, 0, 1, 1, 0, 0),
        check: |p| assert_eq!(p.document.body[0].title, "QUY ĐỊNH CHUNG"),
    },
    Case {
        name: "a rule glued to plain text is not a heading",
        input: "Điều 1. X\n-----nội dung\n",
        counts: (0, 0, 0, 1, 0, 0, 0),
        check: none,
    },
    Case {
        name: "clause marker with no text keeps its line",
        input: "Điều 1. X\n1.\nVăn bản dòng sau.\n2. Hai.\n",
        counts: (0, 0, 0, 1, 2, 0, 0),
        check: |p| assert_eq!(unit(&p.document, Kind::Clause, 0).paragraphs, ["", "Văn bản dòng sau."]),
    },
];

#[test]
fn constructed_variants() {
    for case in CASES {
        let p = check_invariants(case.input);
        assert_eq!(counts(&p.document), case.counts, "{}", case.name);
        (case.check)(&p);
    }
}

#[test]
fn crlf_equals_lf() {
    let lf = "QUỐC HỘI\nLUẬT\nX\nĐiều 1. X\n1. Một\n";
    assert_eq!(parse(&lf.replace('\n', "\r\n")), parse(lf));
}

#[test]
fn ids_are_sequential_and_deterministic() {
    let x = "Chương I\nA\nĐiều 1. X\n1. a\na) b\nĐiều 2. Y\n";
    let p = parse(x);
    let ids: Vec<u32> = p.document.walk().map(|u| u.id.0).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert_eq!(p.document.next_id, 5);
    assert_eq!(parse(x), p);
}

#[test]
fn nfc_keeps_tone_placement() {
    // Precomposed and decomposed spellings meet in NFC, but the two tone placements
    // (hòa / hoà) are different words on the page and both stay as written.
    assert_eq!(nfc("ho\u{300}a"), "hòa");
    assert_eq!(nfc("hoa\u{300}"), "hoà");
    assert_ne!(nfc("hòa"), nfc("hoà"));
    let p = parse("Điều 1. Hòa giải\nHoà giải viên.\n");
    assert_eq!(unit(&p.document, Kind::Article, 0).title, "Hòa giải");
    assert_eq!(unit(&p.document, Kind::Article, 0).paragraphs, ["Hoà giải viên."]);
}

#[test]
fn decode_limits_and_errors() {
    let huge = vec![b'a'; 60 * 1024 * 1024];
    assert_eq!(
        decode(&huge),
        Err(InputError::TooLarge { size: huge.len(), limit: MAX_INPUT_BYTES })
    );
    assert_eq!(decode(b"ab\xffcd"), Err(InputError::NotUtf8 { offset: 2, line: 1 }));
    let bad = [&b"\xEF\xBB\xBF"[..], "Điều".as_bytes(), b"\xC3"].concat();
    assert_eq!(decode(&bad), Err(InputError::NotUtf8 { offset: 3 + "Điều".len(), line: 1 }));
    assert_eq!(decode("\u{feff}a\r\nb\rc".as_bytes()).as_deref(), Ok("a\nb\nc"));
    assert_eq!(decode("ho\u{300}a".as_bytes()).as_deref(), Ok("hòa"));
    assert_eq!(
        InputError::NotUtf8 { offset: 7, line: 2 }.to_string(),
        "không đọc được mã chữ tại byte 7 (dòng 2): tệp không phải UTF-8 hay Windows-1258. \
         Mở tệp bằng Notepad, chọn File › Save As…, Encoding: UTF-8, rồi nhập lại."
    );
}

#[test]
fn render_snapshot_of_a_small_document() {
    let x = "# SOURCE: test\nLIÊN MINH HTX VIỆT NAM\nLIÊN MINH HTX TỈNH X\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-LMHTX\nDỰ THẢO\nX, ngày 5 tháng 3 năm 2021\nQUY CHẾ\nLàm việc của Ban Chấp hành\nCăn cứ Điều lệ Liên minh Hợp tác xã Việt Nam;\nChương 1:\nQUY ĐỊNH CHUNG\nMục 1: PHẠM VI\nĐiều 1, Phạm vi\nQuy chế này quy định:\n1.Nguyên tắc;\n3. Chế độ:\na) họp;\nđ) báo cáo:\n– tháng;\n\nĐiều 7\nKhông tên.\nTM. BAN CHẤP HÀNH\nCHỦ TỊCH\n";
    let p = check_invariants(x);
    insta::assert_snapshot!("small_document_render", render(&p.document));
}

fn article_doc() -> (Document, Unit) {
    let p = parse("Điều 1. Tên\nLead.\n1. Một:\na) a;\nb) b.\n2. Hai.\n");
    let art = p.document.articles().next().cloned().expect("article");
    (p.document, art)
}

#[test]
fn article_body_round_trip_keeps_ids() {
    let (mut doc, art) = article_doc();
    let text = render_article_body(&art);
    assert_eq!(text, "Tên\nLead.\n1. Một:\na) a;\nb) b.\n2. Hai.\n");
    let next = doc.next_id;
    let back = parse_article_body(&text, &art, &mut doc).expect("parses");
    assert_eq!(back, art);
    assert_eq!(doc.next_id, next, "no id allocated for an unchanged article");
}

#[test]
fn article_body_new_clause_gets_a_new_id() {
    let (mut doc, art) = article_doc();
    let next = doc.next_id;
    let edited = "Tên mới\nLead.\n1. Một sửa:\na) a;\nb) b;\nc) c mới.\n2. Hai.\n3. Ba mới.\n";
    let back = parse_article_body(edited, &art, &mut doc).expect("parses");
    assert_eq!(back.id, art.id);
    assert_eq!(back.title, "Tên mới");
    assert_eq!(back.children[0].id, art.children[0].id);
    assert_eq!(back.children[0].children[1].id, art.children[0].children[1].id);
    assert_eq!(back.children[1].id, art.children[1].id);
    // New point c), then new clause 3, in document order.
    assert_eq!(back.children[0].children[2].id.0, next);
    assert_eq!(back.children[2].id.0, next + 1);
    assert_eq!(doc.next_id, next + 2);
}

#[test]
fn article_body_untitled_and_errors() {
    let (mut doc, art) = article_doc();
    let back = parse_article_body("\r\nChỉ có nội dung.\r\n", &art, &mut doc).expect("untitled");
    assert_eq!(back.title, "");
    assert_eq!(back.paragraphs, ["Chỉ có nội dung."]);
    assert!(render_article_body(&back).starts_with("\nChỉ có nội dung."));

    let err = parse_article_body("Tên\n1. Một\nĐiều 2. Khác\n", &art, &mut doc).unwrap_err();
    assert!(matches!(err, InputError::HeadingInArticle { line: 3, .. }), "{err:?}");
    assert!(err.to_string().starts_with("dòng 3:"), "{err}");
    let err = parse_article_body("Tên\nChương II\n", &art, &mut doc).unwrap_err();
    assert!(matches!(err, InputError::HeadingInArticle { line: 2, .. }), "{err:?}");
    // A quoted heading is text.
    assert!(parse_article_body("Tên\n1. Sửa như sau:\n“Điều 5. X”.\n", &art, &mut doc).is_ok());
    assert_eq!(parse_article_body("\n\n", &art, &mut doc), Err(InputError::EmptyArticle));
    assert_eq!(parse_article_body("", &art, &mut doc), Err(InputError::EmptyArticle));
}

/// Word's numbered lists paste as “1.<tab>text”, “a)<tab>text”, and a number may be
/// followed by a no-break space: read as the space a typed number has, and written back
/// with one space, so the pasted article reads as the typed one and round-trips.
#[test]
fn article_body_reads_a_tab_or_no_break_space_after_a_number() {
    let (mut doc, art) = article_doc();
    let typed = "Tên\nLead.\n1. Một:\na) a;\nb) b.\n2. Hai.\n";
    for pasted in [
        "Tên\nLead.\n1.\tMột:\na)\ta;\nb)\tb.\n2.\tHai.\n",
        "Tên\r\nLead.\r\n1.\u{a0}Một:\r\na)\u{a0}a;\r\nb) \tb.\r\n2.\u{a0}\u{a0}Hai.\r\n",
    ] {
        let back = parse_article_body(pasted, &art, &mut doc).expect("pasted");
        assert_eq!(back, art, "{pasted:?}");
        assert_eq!(render_article_body(&back), typed);
        assert_eq!(
            parse_article_body(&render_article_body(&back), &art, &mut doc),
            Ok(art.clone())
        );
    }
    // A pasted article heading is still a heading (refused inside an article's text, as typed).
    let err = parse_article_body("Tên\nĐiều 5.\tPhạm vi\n", &art, &mut doc).unwrap_err();
    assert!(matches!(err, InputError::HeadingInArticle { line: 2, .. }), "{err:?}");
    let whole = parse("Điều 5.\tPhạm vi\n1.\tCác thành viên.\na)\tKiểm tra;\n");
    let a = whole.document.articles().next().expect("article");
    assert_eq!(
        (a.title.as_str(), a.children.len(), a.children[0].children.len()),
        ("Phạm vi", 1, 1)
    );
    assert_eq!(a.children[0].children[0].paragraphs, ["Kiểm tra;"]);
}
