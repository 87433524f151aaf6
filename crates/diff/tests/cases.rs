//! The cooperative law pair, constructed structural edits, a pathological input and
//! HTML escaping.
mod common;

use std::time::{Duration, Instant};

use common::{law, rebuild};
use quyche_diff::{
    align_articles, diff_text, redline, render_html, render_spans, render_text, Alignment, Options,
    Redline, Status,
};
use quyche_fixtures::{COOP_2012, COOP_2023};
use quyche_model::{Document, Kind, UnitId};

/// The default options with a generous budget: debug builds are slow, and a busy machine
/// can stall a test past the default 200 ms, which would make the result depend on the
/// clock (the deadline itself is tested with its own budget, below).
fn patient() -> Options {
    Options { deadline: Duration::from_secs(30), ..Options::default() }
}

fn pair() -> (Document, Document, Redline) {
    let (old, new) = (law(COOP_2012), law(COOP_2023));
    let r = redline(&old, &new, Alignment::ByContent, &patient());
    (old, new, r)
}

#[test]
fn law_pair_aligns_as_a_lawyer_would() {
    let (_, _, r) = pair();
    let pairs: Vec<(Option<&str>, Option<&str>)> =
        r.articles.iter().map(|a| (a.old.as_deref(), a.new.as_deref())).collect();
    // (2012, 2023): same subject by title and content.
    let expected = [
        ("Điều 1", "Điều 1"),    // Phạm vi điều chỉnh
        ("Điều 2", "Điều 2"),    // Đối tượng áp dụng
        ("Điều 4", "Điều 4"),    // Giải thích từ ngữ
        ("Điều 8", "Điều 9"),    // Quyền của hợp tác xã, liên hiệp hợp tác xã
        ("Điều 9", "Điều 10"),   // Nghĩa vụ của hợp tác xã, liên hiệp hợp tác xã
        ("Điều 14", "Điều 31"),  // Quyền của thành viên
        ("Điều 15", "Điều 32"),  // Nghĩa vụ của thành viên
        ("Điều 19", "Điều 38"),  // Sáng lập viên
        ("Điều 25", "Điều 15"),  // Sổ đăng ký thành viên (moved to Chương I)
        ("Điều 30", "Điều 57"),  // Đại hội thành viên
        ("Điều 35", "Điều 65"),  // Hội đồng quản trị
        ("Điều 38", "Điều 68"),  // Giám đốc (tổng giám đốc)
        ("Điều 46", "Điều 86"),  // Phân phối thu nhập
        ("Điều 54", "Điều 97"),  // Giải thể
        ("Điều 62", "Điều 115"), // chuyển tiếp
        ("Điều 63", "Điều 114"), // Hiệu lực thi hành → Điều khoản thi hành
    ];
    for (o, n) in expected {
        assert!(pairs.contains(&(Some(o), Some(n))), "{o} ↔ {n} not aligned");
    }
    let moved: Vec<&str> =
        r.articles.iter().filter(|a| a.moved).filter_map(|a| a.old.as_deref()).collect();
    assert!(moved.contains(&"Điều 25") && moved.contains(&"Điều 63"), "{moved:?}");
}

#[test]
fn law_pair_rebuilds_and_snapshots() {
    let (old, new, r) = pair();
    for a in &r.articles {
        let (o, n) = rebuild(&a.ops);
        let find = |d: &Document, id: Option<u32>| {
            id.map_or(String::new(), |id| {
                quyche_text::render_article_text(d.find(UnitId(id)).unwrap())
            })
        };
        assert_eq!(o, find(&old, a.old_id));
        assert_eq!(n, find(&new, a.new_id));
        assert!(!a.coarse);
    }
    insta::assert_yaml_snapshot!("coop_2012_2023_summary", r.summary);
    for (o, n) in [("Điều 1", "Điều 1"), ("Điều 30", "Điều 57"), ("Điều 63", "Điều 114")]
    {
        let a = r
            .articles
            .iter()
            .find(|a| a.old.as_deref() == Some(o) && a.new.as_deref() == Some(n))
            .unwrap();
        let name = format!("coop_{}_{}", o.replace("Điều ", "d"), n.replace("Điều ", "d"));
        insta::assert_snapshot!(name, render_spans(&a.ops));
    }
    // The JSON contract.
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert!(v["summary"]["unchanged"].is_u64() && v["summary"]["renumbered"].is_u64());
    let first = &v["articles"][0];
    assert_eq!(first["old"], "Điều 1");
    assert!(matches!(first["status"].as_str(), Some("modified" | "unchanged")));
    assert!(first["ops"][0]["op"].is_string() && first["ops"][0]["text"].is_string());
}

/// A small regulation in three chapters.
const SMALL: &str = "\
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định về tổ chức và hoạt động của Ban Chấp hành.
Điều 2. Đối tượng áp dụng
Quy chế này áp dụng đối với các ủy viên Ban Chấp hành.
Điều 3. Nguyên tắc làm việc
1. Tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.
2. Công khai, minh bạch trong mọi hoạt động.
Chương II
NHIỆM VỤ VÀ QUYỀN HẠN
Điều 4. Nhiệm vụ của Ban Chấp hành
1. Lãnh đạo việc thực hiện nghị quyết đại hội.
2. Quyết định chương trình công tác hằng năm.
Điều 5. Quyền hạn của Ban Chấp hành
Bầu, miễn nhiệm các chức danh theo điều lệ.
Chương III
CHẾ ĐỘ LÀM VIỆC
Điều 6. Họp Ban Chấp hành
Ban Chấp hành họp thường kỳ sáu tháng một lần.
Điều 7. Hiệu lực thi hành
Quy chế này có hiệu lực kể từ ngày ký.
";

fn small() -> Document {
    quyche_text::parse(SMALL).document
}

fn insert_after_first(doc: &mut Document) {
    let mut u = quyche_model::Unit::new(doc.alloc_id(), Kind::Article);
    u.title = "Giải thích từ ngữ".into();
    u.paragraphs = vec!["Trong Quy chế này, các từ ngữ dưới đây được hiểu như sau.".into()];
    doc.body[0].children.insert(1, u);
}

#[test]
fn inserted_article_renumbers_the_rest() {
    for src in [small(), law(COOP_2023)] {
        let total = src.stats().articles;
        let mut edited = src.clone();
        insert_after_first(&mut edited);
        let reparsed = quyche_text::parse(&quyche_text::render(&edited)).document;
        for (by, new) in [(Alignment::ById, &edited), (Alignment::ByContent, &reparsed)] {
            let r = redline(&src, new, by, &patient());
            let s = &r.summary;
            assert_eq!((s.added, s.removed, s.modified, s.moved), (1, 0, 0, 0), "{by:?}");
            assert_eq!((s.unchanged, s.renumbered), (total, total - 1), "{by:?}");
            assert_eq!(r.articles[1].status, Status::Added);
            assert_eq!(r.articles[2].old.as_deref(), Some("Điều 2"));
            assert_eq!(r.articles[2].new.as_deref(), Some("Điều 3"));
            assert!(render_text(&r).contains("Điều 2 [mới]"));
        }
    }
}

#[test]
fn article_moved_to_another_chapter() {
    let old = small();
    let mut new = old.clone();
    // Điều 3 (end of Chương I) goes to the start of Chương III: no article is
    // renumbered, but it is in another chapter.
    let a = new.body[0].children.pop().unwrap();
    new.body[2].children.insert(1, a);
    let reparsed = quyche_text::parse(&quyche_text::render(&new)).document;
    for (by, n) in [(Alignment::ById, &new), (Alignment::ByContent, &reparsed)] {
        let r = redline(&old, n, by, &patient());
        let s = &r.summary;
        assert_eq!((s.moved, s.added, s.removed, s.modified), (1, 0, 0, 0), "{by:?} {s:?}");
        let m = r.articles.iter().find(|a| a.moved).unwrap();
        assert_eq!(
            (m.old_chapter.as_deref(), m.new_chapter.as_deref()),
            (Some("Chương I"), Some("Chương III"))
        );
        assert!(render_html(&r, "cũ", "mới").contains("chuyển từ Chương I sang Chương III"));
    }
}

#[test]
fn retitled_article_is_modified_and_keeps_its_id() {
    let old = small();
    let mut new = old.clone();
    let id = new.articles().nth(5).unwrap().id;
    new.find_mut(id).unwrap().title = "Họp định kỳ của Ban Chấp hành".into();
    let r = redline(&old, &new, Alignment::ById, &patient());
    assert_eq!(
        (r.summary.modified, r.summary.unchanged, r.summary.added, r.summary.removed),
        (1, 6, 0, 0)
    );
    let a = r.articles.iter().find(|a| a.status == Status::Modified).unwrap();
    assert_eq!((a.old_id, a.new_id), (Some(id.0), Some(id.0)));
    assert!(
        render_spans(&a.ops)
            .starts_with("[-Họp Ban Chấp hành-]{+Họp định kỳ của Ban Chấp hành+}\n")
            || render_spans(&a.ops).starts_with("Họp {+định kỳ của +}Ban Chấp hành\n"),
        "{}",
        render_spans(&a.ops)
    );
    let ids = align_articles(&old, &new, Alignment::ById);
    assert_eq!(ids.len(), 7);
    assert!(ids.iter().all(|(o, n)| o == n));
}

#[test]
fn removed_article_sits_at_its_old_position() {
    let old = small();
    let mut new = old.clone();
    new.body[1].children.remove(0); // Điều 4
    let ids = align_articles(&old, &new, Alignment::ByContent);
    let removed = old.articles().nth(3).unwrap().id;
    assert_eq!(ids[3], (Some(removed), None));
    let r = redline(&old, &new, Alignment::ByContent, &patient());
    assert_eq!(r.articles[3].status, Status::Removed);
    assert!(render_text(&r).contains("Điều 4 [bị bỏ]"));
}

#[test]
fn word_diff_reads_well() {
    let o = patient();
    let d = diff_text(
        "Ban Chấp hành họp thường kỳ sáu tháng một lần.",
        "Ban Chấp hành họp thường kỳ ba tháng một lần.",
        &o,
    );
    assert_eq!(render_spans(&d.spans), "Ban Chấp hành họp thường kỳ [-sáu-]{+ba+} tháng một lần.");
    // Alternating small edits separated by spaces become one replacement.
    let d = diff_text("một hai, bốn năm sáu bảy tám chín", "một X, Y năm sáu bảy tám chín", &o);
    assert_eq!(render_spans(&d.spans), "một [-hai, bốn-]{+X, Y+} năm sáu bảy tám chín");
    // A short equality between longer edits is folded in (semantic cleanup).
    let tail = " họp thường kỳ sáu tháng một lần tại trụ sở chính";
    let d = diff_text(
        &format!("các thành viên của hội đồng{tail}"),
        &format!("những người đứng đầu của ban điều hành{tail}"),
        &o,
    );
    assert_eq!(
        render_spans(&d.spans),
        format!(
            "[-các thành viên của hội đồng-]{{+những người đứng đầu của ban điều hành+}}{tail}"
        )
    );
    // Mostly rewritten: one replaced block.
    let d = diff_text(
        "Quy chế này có hiệu lực kể từ ngày ký.",
        "Ủy viên phải tham dự đầy đủ các phiên họp.",
        &o,
    );
    assert!(d.replaced);
    assert_eq!(d.spans.len(), 2);
}

#[test]
fn pathological_input_meets_the_deadline() {
    // 200k tokens of random words against a shuffled copy.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let vocab: Vec<String> = (0..500).map(|i| format!("từ{i}")).collect();
    let words: Vec<&str> = (0..100_000).map(|_| vocab[(next() % 500) as usize].as_str()).collect();
    let mut shuffled = words.clone();
    for i in (1..shuffled.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        shuffled.swap(i, j);
    }
    let (a, b) = (words.join(" "), shuffled.join(" "));
    let opts = Options { deadline: Duration::from_millis(200), ..Options::default() };
    let t = Instant::now();
    let d = diff_text(&a, &b, &Options { replace_ratio: 1.1, ..opts.clone() });
    let took = t.elapsed();
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert!(d.coarse);
    let (o, n) = rebuild(&d.spans);
    assert!(o == a && n == b);
}

#[test]
fn html_escapes_everything() {
    let old = small();
    let mut new = old.clone();
    let id = new.articles().next().unwrap().id;
    new.find_mut(id).unwrap().paragraphs[0].push_str(" <img src=x onerror=alert(1)> & \"'");
    let r = redline(&old, &new, Alignment::ById, &patient());
    let html = render_html(&r, "<cũ>", "mới\"");
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;&#39;"));
    assert!(html.contains("&lt;cũ&gt;"));
    assert!(!html.contains("<script") && !html.contains("http"));
    assert!(html.contains("<ins>") && html.contains("@page"));
}

#[test]
fn article_reduced_to_its_title() {
    // A title-only article has an empty lead block; it used to index past the last line.
    let old = small();
    let mut new = old.clone();
    let id = new.articles().nth(4).unwrap().id;
    let a = new.find_mut(id).unwrap();
    a.paragraphs.clear();
    a.children.clear();
    for by in [Alignment::ById, Alignment::ByContent] {
        let r = redline(&old, &new, by, &patient());
        for a in &r.articles {
            let (o, n) = rebuild(&a.ops);
            let find = |d: &Document, id: Option<u32>| {
                id.map_or(String::new(), |id| {
                    quyche_text::render_article_text(d.find(UnitId(id)).unwrap())
                })
            };
            assert_eq!((o, n), (find(&old, a.old_id), find(&new, a.new_id)), "{by:?}");
        }
        if by == Alignment::ById {
            let a = r.articles.iter().find(|a| a.new_id == Some(id.0)).unwrap();
            assert_eq!((a.status, render_spans(&a.ops).as_str()), (Status::Modified, "Quyền hạn của Ban Chấp hành\n[-Bầu, miễn nhiệm các chức danh theo điều lệ.-]\n"));
        }
    }
}
