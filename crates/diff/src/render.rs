//! The two human formats of a redline: marked-up text and a printable HTML page.

use std::fmt::Write;

use crate::redline::{ArticleChange, HeadingSummary, Redline, Status};
use crate::text::{Op, Span};

fn header(a: &ArticleChange) -> String {
    let label = match (&a.old, &a.new) {
        (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
        (_, Some(n)) => n.clone(),
        (Some(o), None) => o.clone(),
        (None, None) => String::from("Điều ?"),
    };
    let head = match a.status {
        Status::Added => format!("{label} [mới]"),
        Status::Removed => format!("{label} [bị bỏ]"),
        Status::Unchanged | Status::Modified => {
            let mut flags = Vec::new();
            if a.moved {
                flags.push("đã chuyển");
            }
            flags.push(if a.status == Status::Modified {
                "đã sửa đổi"
            } else {
                "không đổi nội dung"
            });
            if a.status == Status::Unchanged && has_consequential(a) {
                flags.push(CONSEQUENTIAL_NOTE_LOWER);
            }
            if a.coarse {
                flags.push("so sánh thô do quá thời gian");
            }
            format!("{label} ({})", flags.join(", "))
        }
    };
    match lineage_note(a) {
        Some(note) => format!("{head} — {note}"),
        None => head,
    }
}

/// What the tooltip of a consequential change says, and the legend.
pub const CONSEQUENTIAL_NOTE: &str = "Số hiệu thay đổi do đánh số lại";
const CONSEQUENTIAL_NOTE_LOWER: &str = "số hiệu tham chiếu thay đổi do đánh số lại";

/// “Tách từ Điều 7” for an article created by a split, “Nhập vào Điều 9” for one absorbed
/// by a merge.
pub fn lineage_note(a: &ArticleChange) -> Option<String> {
    match (&a.split_from, &a.merged_into) {
        (Some(from), _) => Some(format!("Tách từ {from}")),
        (None, Some(into)) => Some(format!("Nhập vào {into}")),
        (None, None) => None,
    }
}

fn has_consequential(a: &ArticleChange) -> bool {
    a.ops.iter().any(|s| s.consequential)
}

/// Whether an article is worth showing at all: anything but an untouched article in place.
fn shown(a: &ArticleChange) -> bool {
    a.status != Status::Unchanged || a.moved || a.renumbered || has_consequential(a)
}

fn heading_line(out: &mut String, what: &str, h: &HeadingSummary) {
    let _ = writeln!(
        out,
        "{what}: thêm {}, bỏ {}, đổi tên {}, đánh số lại {}",
        h.added, h.removed, h.retitled, h.renumbered
    );
}

/// Wraps each line of `text` separately, so markup never spans a line break and every
/// line of a deleted or inserted clause reads as marked.
fn mark_lines(out: &mut String, text: &str, open: &str, close: &str) {
    for piece in text.split_inclusive('\n') {
        let (body, nl) = match piece.strip_suffix('\n') {
            Some(b) => (b, true),
            None => (piece, false),
        };
        if !body.is_empty() {
            out.push_str(open);
            out.push_str(body);
            out.push_str(close);
        }
        if nl {
            out.push('\n');
        }
    }
}

/// The redline of one article's ops as marked-up text (`[-…-]{+…+}`), as
/// [`render_text`] prints it. A consequential change reads `[~7→8~]`: the number as it
/// was and as it is, not an edit.
pub fn render_spans(spans: &[Span]) -> String {
    let mut out = String::new();
    let mut was: Option<&str> = None;
    for s in spans {
        if s.consequential {
            match s.op {
                Op::Delete => was = Some(&s.text),
                _ => {
                    let _ = write!(out, "[~{}→{}~]", was.take().unwrap_or(""), s.text);
                }
            }
            continue;
        }
        match s.op {
            Op::Equal => out.push_str(&s.text),
            Op::Delete => mark_lines(&mut out, &s.text, "[-", "-]"),
            Op::Insert => mark_lines(&mut out, &s.text, "{+", "+}"),
        }
    }
    out
}

/// The redline as marked-up text: a summary, then one block per article that is not
/// untouched. The block's header is `Điều 5 → Điều 6 (đã chuyển, đã sửa đổi)`,
/// `Điều 7 [mới]` or `Điều 9 [bị bỏ]`; the text follows with `[-deleted-]` and
/// `{+inserted+}` markup, one pair per line. Articles that are unchanged but moved or
/// renumbered get the header line only (`… (không đổi nội dung)`), and the lines holding
/// consequential changes (`[~7→8~]`) if they have any; unchanged articles in place with
/// none are omitted. An article created by a split or absorbed by a merge says so after
/// its header: `Điều 8 [mới] — Tách từ Điều 7`, `Điều 9 [bị bỏ] — Nhập vào Điều 8`. When
/// references were renumbered, a line after the summary counts them.
pub fn render_text(r: &Redline) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Điều: không đổi {}, sửa đổi {}, mới {}, bị bỏ {}, chuyển {}, đánh số lại {}",
        s.unchanged, s.modified, s.added, s.removed, s.moved, s.renumbered
    );
    heading_line(&mut out, "Chương", &s.chapters);
    heading_line(&mut out, "Mục", &s.sections);
    if s.consequential > 0 {
        let _ = writeln!(out, "Tham chiếu: đổi số do đánh số lại {}", s.consequential);
    }
    for a in r.articles.iter().filter(|a| shown(a)) {
        out.push('\n');
        out.push_str(&header(a));
        out.push('\n');
        if a.status != Status::Unchanged {
            let body = render_spans(&a.ops);
            out.push_str(&body);
            if !body.ends_with('\n') {
                out.push('\n');
            }
        } else if has_consequential(a) {
            for line in render_spans(&a.ops).lines().filter(|l| l.contains("[~")) {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

// One escaping rule for every HTML the workspace writes.
use quyche_text::escape_html as escape;

const STYLE: &str = r#"
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Times New Roman", "Liberation Serif", Tinos, serif; font-size: 13pt; line-height: 1.45; color: #000; max-width: 180mm; margin: 0 auto; padding: 8mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
p.sub { text-align: center; margin: 0 0 6mm; }
table.summary { border-collapse: collapse; margin: 0 auto 8mm; }
table.summary th, table.summary td { border: 1px solid #444; padding: 1mm 3mm; text-align: left; }
table.summary td.n { text-align: right; }
section.article { margin: 0 0 6mm; page-break-inside: avoid; break-inside: avoid-page; }
section.article h2 { font-size: 13pt; margin: 0 0 1mm; }
.meta { font-style: italic; font-size: 11pt; margin: 0 0 1mm; }
.text { white-space: pre-wrap; margin: 0; }
del { color: #a00000; text-decoration: line-through; text-decoration-thickness: 1.5px; }
ins { color: #006400; text-decoration: underline; text-decoration-thickness: 1.5px; }
span.consequential { text-decoration: underline dotted; text-decoration-thickness: 1px; color: #444; }
ul.same { font-size: 11pt; columns: 3; }
.legend { font-size: 11pt; margin: 0 0 6mm; text-align: center; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
"#;

/// The words for the kinds of article change, keyed as the summary's counts are, in the
/// order a summary lists them: the HTML page here and the window (through the labels
/// quyche-api generates for the UI) show the same words. The formal words of legal
/// drafting: a provision is *bãi bỏ* (repealed), not "bị bỏ".
pub const CHANGE_LABELS: [(&str, &str); 7] = [
    ("unchanged", "Giữ nguyên"),
    ("modified", "Sửa đổi"),
    ("added", "Bổ sung"),
    ("removed", "Bãi bỏ"),
    ("moved", "Di chuyển"),
    ("renumbered", "Đánh số lại"),
    // Counts reference numbers, not articles: apart from the edits.
    ("consequential", "Tham chiếu đổi số do đánh số lại"),
];

/// A self-contained printable HTML page (A4, serif, inline CSS, no scripts, no external
/// resources): a summary table, then each changed article with its labels, `<del>`
/// (red, struck through) and `<ins>` (green, underlined). All text is escaped.
pub fn render_html(r: &Redline, old_name: &str, new_name: &str) -> String {
    let s = &r.summary;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("So sánh: {} → {}", escape(old_name), escape(new_name));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Bản so sánh thay đổi</h1>\n<p class=\"sub\">Văn bản cũ: <b>{}</b><br>Văn bản mới: <b>{}</b></p>\n",
        escape(old_name),
        escape(new_name)
    );
    let _ = writeln!(
        out,
        "<p class=\"legend\">Chú giải: <del>nội dung bị xoá</del> · <ins>nội dung được thêm</ins> · <span class=\"consequential\">{}</span></p>",
        CONSEQUENTIAL_NOTE.to_lowercase()
    );
    out.push_str("<table class=\"summary\">\n<caption>Tóm tắt thay đổi</caption>\n<tr><th>Điều</th><th>Số lượng</th></tr>\n");
    let counts =
        [s.unchanged, s.modified, s.added, s.removed, s.moved, s.renumbered, s.consequential];
    for ((_, label), n) in CHANGE_LABELS.iter().zip(counts) {
        let _ = writeln!(out, "<tr><td>{label}</td><td class=\"n\">{n}</td></tr>");
    }
    for (what, h) in [("Chương", &s.chapters), ("Mục", &s.sections)] {
        let _ = writeln!(
            out,
            "<tr><td>{what}: thêm / bỏ / đổi tên / đánh số lại</td><td class=\"n\">{} / {} / {} / {}</td></tr>",
            h.added, h.removed, h.retitled, h.renumbered
        );
    }
    out.push_str("</table>\n");

    let mut same = Vec::new();
    for a in &r.articles {
        if !shown(a) {
            same.push(a.new.clone().unwrap_or_default());
            continue;
        }
        out.push_str("<section class=\"article\">\n");
        let _ = writeln!(out, "<h2>{}</h2>", escape(&header(a)));
        let mut meta = Vec::new();
        if a.moved {
            match (&a.old_chapter, &a.new_chapter) {
                (Some(oc), Some(nc)) if oc != nc => meta.push(format!("chuyển từ {oc} sang {nc}")),
                (Some(oc), _) => meta.push(format!("chuyển vị trí (trước ở {oc})")),
                _ => meta.push(String::from("chuyển vị trí")),
            }
        }
        if let Some(note) = lineage_note(a) {
            meta.push(note);
        }
        if !meta.is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&meta.join("; ")));
        }
        if a.status != Status::Unchanged || has_consequential(a) {
            out.push_str("<p class=\"text\">");
            let mut was = "";
            for sp in &a.ops {
                if sp.consequential {
                    // The number as it is, marked; the old one in the tooltip.
                    match sp.op {
                        Op::Delete => was = &sp.text,
                        _ => {
                            let _ = write!(
                                out,
                                "<span class=\"consequential\" title=\"{} (trước: {})\">{}</span>",
                                CONSEQUENTIAL_NOTE,
                                escape(was),
                                escape(&sp.text)
                            );
                        }
                    }
                    continue;
                }
                match sp.op {
                    Op::Equal => out.push_str(&escape(&sp.text)),
                    Op::Delete => {
                        let _ = write!(out, "<del>{}</del>", escape(&sp.text));
                    }
                    Op::Insert => {
                        let _ = write!(out, "<ins>{}</ins>", escape(&sp.text));
                    }
                }
            }
            out.push_str("</p>\n");
        }
        out.push_str("</section>\n");
    }
    if !same.is_empty() {
        out.push_str("<h2>Các điều không thay đổi</h2>\n<ul class=\"same\">\n");
        for l in same {
            let _ = writeln!(out, "<li>{}</li>", escape(&l));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
