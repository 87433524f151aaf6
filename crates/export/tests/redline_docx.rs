//! The redline DOCX (issue 13): Word's "Accept all" gives the newer text and "Reject all"
//! the older, exactly, on the real pair (the Law on Cooperatives 2012 → 2023) and on the
//! demo's two versions, read by the reader here; two exports are
//! byte-identical; no deletion sits inside an insertion; the file says what it compares.

use crate::common;

use std::path::PathBuf;

use common::*;
use quick_xml::events::Event;
use quyche_diff::{redline, Alignment, Options, Redline};
use quyche_export::{redline_docx, Comparison, Standing, Version, REDLINE_MARK};
use quyche_model::Document;

const AUTHOR: &str = "Nguyễn Thị Lan";
const DATE: &str = "2026-11-28T09:30:00Z";

/// A deadline no run reaches, so nothing is `coarse` and the output never depends on
/// timing.
fn options() -> Options {
    Options { deadline: std::time::Duration::from_secs(600), ..Options::default() }
}

fn export(old: &Document, new: &Document, by: Alignment) -> (Redline, Vec<u8>) {
    let r = redline(old, new, by, &options());
    let c = Comparison {
        old: Version { doc: old, name: "phiên bản 1", standing: Standing::Approved },
        new: Version { doc: new, name: "phiên bản 2", standing: Standing::Draft },
        author: AUTHOR,
        date: Some(DATE),
    };
    let bytes = redline_docx(&r, &c).unwrap();
    (r, bytes)
}

fn part(bytes: &[u8], name: &str) -> String {
    let (_, data) = unzip(bytes).into_iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(data).unwrap()
}

/// One side of the file as Word gives it after accepting (or rejecting) every change:
/// `(in a table, paragraph text)`. A paragraph whose mark is deleted (accepting) or
/// inserted (rejecting) runs on into the next one, as Word joins them.
fn resolved(xml: &str, accept: bool) -> Vec<(bool, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut ins, mut del, mut in_ppr, mut in_text, mut tables) = (0, 0, false, false, 0);
    let mut mark_kept = true;
    let mut current = String::new();
    let mut out = Vec::new();
    let shown = |ins: i32, del: i32| if accept { del == 0 } else { ins == 0 };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => tables += 1,
                b"pPr" => in_ppr = true,
                b"ins" if in_ppr => mark_kept = accept,
                b"del" if in_ppr => mark_kept = !accept,
                b"ins" => ins += 1,
                b"del" => del += 1,
                b"t" | b"delText" => in_text = true,
                b"p" => mark_kept = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"ins" if in_ppr => mark_kept = accept,
                b"del" if in_ppr => mark_kept = !accept,
                b"br" => current.push('\n'),
                b"p" => out.push((tables > 0, String::new())),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"tbl" => tables -= 1,
                b"pPr" => in_ppr = false,
                b"ins" if !in_ppr => ins -= 1,
                b"del" if !in_ppr => del -= 1,
                b"t" | b"delText" => in_text = false,
                b"p" if mark_kept => out.push((tables > 0, std::mem::take(&mut current))),
                _ => {}
            },
            Event::Text(t) if in_text && shown(ins, del) => current.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_text && shown(ins, del) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.decode().unwrap().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                current.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(current.is_empty(), "text after the last paragraph: {current}");
    out
}

/// The visible canonical lines of `doc`: `quyche_text::render` without the document's
/// notes and marks, which no export shows.
fn visible_lines(doc: &Document) -> Vec<String> {
    let hidden: Vec<String> =
        doc.notes.iter().chain(&doc.header.marks).map(|l| l.trim().to_owned()).collect();
    quyche_text::render(doc)
        .lines()
        .filter(|l| !hidden.iter().any(|h| h == l.trim()))
        .map(str::to_owned)
        .collect()
}

fn words(lines: &[String]) -> Vec<String> {
    lines.iter().flat_map(|l| l.split_whitespace()).map(str::to_owned).collect()
}

/// Checks that `got` (header cells, then the body) is `doc`'s text: the body line for
/// line in render's order, the header block's cells the header lines in column order (a
/// permutation of render's first lines), and every word.
fn assert_is_text(got: &[(bool, String)], doc: &Document, what: &str) {
    let got: Vec<(bool, String)> = got.iter().filter(|(_, t)| !t.is_empty()).cloned().collect();
    let cells: Vec<String> = got.iter().filter(|(t, _)| *t).map(|(_, s)| s.clone()).collect();
    let body: Vec<String> = got.iter().filter(|(t, _)| !*t).map(|(_, s)| s.clone()).collect();
    assert!(got.iter().take(cells.len()).all(|(t, _)| *t), "{what}: the header block comes first");
    let expected = visible_lines(doc);
    assert!(cells.len() <= expected.len(), "{what}: more header lines than the text has");
    let (head, rest) = expected.split_at(cells.len());
    let (mut a, mut b) = (cells.clone(), head.to_vec());
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: the header block");
    if body != rest {
        let at =
            body.iter().zip(rest).position(|(x, y)| x != y).unwrap_or(body.len().min(rest.len()));
        panic!(
            "{what}: line {} differs ({} lines, expected {}):\n  got:      {:?}\n  expected: {:?}",
            cells.len() + at + 1,
            body.len(),
            rest.len(),
            body.get(at),
            rest.get(at)
        );
    }
    let all: Vec<String> = cells.into_iter().chain(body).collect();
    let mut sorted_got = words(&all);
    let mut sorted_expected = words(&expected);
    sorted_got.sort();
    sorted_expected.sort();
    assert_eq!(sorted_got, sorted_expected, "{what}: word for word");
}

/// The pairs: the real law pair (by content) and the demo's two versions (by content, as
/// files, and by id, as two revisions of one regulation with an article moved).
fn pairs() -> Vec<(&'static str, Document, Document, Alignment)> {
    let mut moved = demo();
    move_an_article(&mut moved);
    vec![
        ("luật HTX 2012 → 2023", law_2012(), law(), Alignment::ByContent),
        ("bản mẫu v1 → v2", demo_v1(), demo(), Alignment::ByContent),
        ("bản mẫu v2 → v2 có điều chuyển chương", demo(), moved, Alignment::ById),
    ]
}

/// The demo with its last article moved first, and one word of its first clause changed:
/// two revisions of one regulation, compared by id.
fn move_an_article(doc: &mut Document) {
    use quyche_model::Kind;
    // Chapters hold articles; take the last article of the last chapter and put it first
    // in the first chapter.
    let chapters: Vec<usize> =
        (0..doc.body.len()).filter(|&i| doc.body[i].kind == Kind::Chapter).collect();
    let (first, last) = (chapters[0], *chapters.last().unwrap());
    let mut art = doc.body[last].children.pop().expect("the last chapter has an article");
    assert_eq!(art.kind, Kind::Article);
    art.title = format!("{} (sửa)", art.title);
    let at = doc.body[first].children.iter().position(|u| u.kind == Kind::Article).unwrap();
    doc.body[first].children.insert(at, art);
}

#[test]
fn accept_all_gives_the_newer_text_and_reject_all_the_older() {
    for (what, old, new, by) in pairs() {
        let (r, bytes) = export(&old, &new, by);
        assert!(r.articles.iter().all(|a| !a.coarse), "{what}: nothing coarse");
        let xml = part(&bytes, "word/document.xml");
        assert_is_text(&resolved(&xml, true), &new, &format!("{what}, accept all"));
        assert_is_text(&resolved(&xml, false), &old, &format!("{what}, reject all"));
    }
}

#[test]
fn the_law_pair_is_marked_word_by_word_not_as_whole_articles() {
    let (r, bytes) = export(&law_2012(), &law(), Alignment::ByContent);
    let xml = part(&bytes, "word/document.xml");
    let (ins, del) = (xml.matches("<w:ins ").count(), xml.matches("<w:del ").count());
    // Every modified article's words are marked where they changed: far more marks than
    // articles, and most articles kept their place (a renumbering, not a move).
    assert!(r.summary.modified > 50, "{:?}", r.summary);
    assert!(ins > 2 * r.summary.modified as usize && del > 2 * r.summary.modified as usize);
    assert!(
        xml.contains(&format!("w:author=\"{AUTHOR}\""))
            && xml.contains(&format!("w:date=\"{DATE}\""))
    );
    // Renumbered articles in place: their numbers are marked, their words stay.
    assert!(r.articles.iter().any(|a| a.renumbered && !a.moved), "the pair renumbers in place");
}

#[test]
fn a_moved_article_is_deleted_where_it_was_and_inserted_where_it_is_with_notes() {
    let old = demo();
    let mut new = demo();
    move_an_article(&mut new);
    let (r, bytes) = export(&old, &new, Alignment::ById);
    let a = r.articles.iter().find(|a| a.moved).expect("the move is seen");
    let (from, to) = (a.old.clone().unwrap(), a.new.clone().unwrap());
    let comments = part(&bytes, "word/comments.xml");
    assert!(comments.contains(&format!("{from} chuyển đến {to}")), "{comments}");
    assert!(comments.contains(&format!("{to} chuyển từ {from}")), "{comments}");
    // The article's words are inserted whole in its new place and deleted whole in the old.
    let xml = part(&bytes, "word/document.xml");
    let accepted = resolved(&xml, true);
    let rejected = resolved(&xml, false);
    let title = a.new_title.clone().unwrap();
    assert!(accepted.iter().any(|(_, t)| t.ends_with(&title)));
    assert!(!rejected.iter().any(|(_, t)| t.ends_with(&title)));
}

#[test]
fn no_deletion_inside_an_insertion_and_no_insertion_inside_a_deletion() {
    for (what, old, new, by) in pairs() {
        let (_, bytes) = export(&old, &new, by);
        let xml = part(&bytes, "word/document.xml");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut open: Vec<&'static str> = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let n = match e.local_name().as_ref() {
                        b"ins" => "ins",
                        b"del" => "del",
                        _ => continue,
                    };
                    assert!(open.is_empty(), "{what}: w:{n} inside w:{}", open[0]);
                    open.push(n);
                }
                Event::End(e) if matches!(e.local_name().as_ref(), b"ins" | b"del") => {
                    open.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A deleted run holds w:delText, never w:t; an inserted run never w:delText.
        for chunk in xml.split("<w:del ").skip(1) {
            let body = &chunk[..chunk.find("</w:del>").unwrap_or(0)];
            assert!(!body.contains("<w:t "), "{what}: w:t in a deletion");
        }
    }
}

#[test]
fn two_exports_of_one_pair_are_byte_identical() {
    let (old, new) = (law_2012(), law());
    let (_, a) = export(&old, &new, Alignment::ByContent);
    // Something else in between, drawing docx-rs's process-wide ids.
    let _ = export(&demo_v1(), &demo(), Alignment::ByContent);
    let (_, b) = export(&old, &new, Alignment::ByContent);
    for ((n, x), (_, y)) in unzip(&a).into_iter().zip(unzip(&b)) {
        if x != y {
            let (x, y) = (String::from_utf8_lossy(&x), String::from_utf8_lossy(&y));
            let at = x.chars().zip(y.chars()).position(|(p, q)| p != q).unwrap_or(0);
            let show =
                |s: &str| s.chars().skip(at.saturating_sub(80)).take(160).collect::<String>();
            panic!("{n} differs:\n{}\n{}", show(&x), show(&y));
        }
    }
    assert!(a == b, "two exports of the same pair differ");
    // Revision ids follow document order, after the comments' ids.
    let xml = part(&a, "word/document.xml");
    let comments = part(&a, "word/comments.xml").matches("<w:comment ").count();
    let ids: Vec<usize> = xml
        .split("w:id=\"")
        .skip(1)
        .zip(xml.match_indices("w:id=\"").map(|(at, _)| &xml[..at]))
        .filter(|(_, before)| before.ends_with("<w:ins ") || before.ends_with("<w:del "))
        .map(|(rest, _)| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(!ids.is_empty());
    assert_eq!(ids, (comments + 1..comments + 1 + ids.len()).collect::<Vec<_>>());
}

#[test]
fn the_file_says_what_it_compares() {
    let (_, bytes) = export(&demo_v1(), &demo(), Alignment::ByContent);
    let footers: String = unzip(&bytes)
        .into_iter()
        .filter(|(n, _)| n.starts_with("word/footer") || n.starts_with("word/header"))
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect();
    assert!(footers.contains(REDLINE_MARK));
    assert!(
        footers.contains(
            "văn bản cũ: phiên bản 1 (đã thông qua) → văn bản mới: phiên bản 2 (dự thảo)"
        ),
        "{footers}"
    );
    let custom = part(&bytes, "docProps/custom.xml");
    assert!(
        custom.contains("phiên bản 1 (đã thông qua)") && custom.contains("phiên bản 2 (dự thảo)")
    );
    // None of it is in the body: the body is the two texts and nothing else.
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains(REDLINE_MARK));
}

#[test]
fn without_a_date_the_marks_carry_none() {
    let (old, new) = (demo_v1(), demo());
    let r = redline(&old, &new, Alignment::ByContent, &options());
    let c = Comparison {
        old: Version { doc: &old, name: "v1.txt", standing: Standing::File },
        new: Version { doc: &new, name: "v2.txt", standing: Standing::File },
        author: "Quyche",
        date: None,
    };
    let xml = part(&redline_docx(&r, &c).unwrap(), "word/document.xml");
    assert!(xml.contains("<w:ins ") && !xml.contains("w:date="));
}

// ---- LibreOffice ------------------------------------------------------------------

/// Python with the UNO bridge and `soffice`; `None` (with the reason printed) where either
/// is missing.
fn libreoffice(test: &str) -> Option<(PathBuf, PathBuf)> {
    let soffice = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|d| d.join("soffice")).find(|p| p.is_file())
    });
    let Some(soffice) = soffice else {
        println!("{test}: SKIPPED — soffice is not on PATH (scripts/install-deps.sh installs libreoffice-writer-nogui)");
        return None;
    };
    for p in ["/usr/bin/python3", "python3"] {
        let ok = std::process::Command::new(p)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some((PathBuf::from(p), soffice));
        }
    }
    println!("{test}: SKIPPED — no python3 with the UNO bridge (scripts/install-deps.sh installs python3-uno)");
    None
}

/// The file without its comments. LibreOffice 7.4, headless and driven through UNO,
/// aborts (in `Application::CreateInterimBuilder`, making a comment's window) on a file
/// with comments; comments are not text, so accepting and rejecting give the same words
/// without them. (`--convert-to pdf` shows them: see the screenshot in the benchmarks.)
fn without_comments(bytes: &[u8]) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(n, d)| {
            if n != "word/document.xml" {
                return (n, d);
            }
            let mut s = String::from_utf8(d).unwrap();
            for (open, close) in [
                ("<w:commentRangeStart ", "/>"),
                ("<w:commentRangeEnd ", "/>"),
                ("<w:r><w:commentReference ", "</w:r>"),
                ("<w:r><w:rPr /><w:commentReference ", "</w:r>"),
            ] {
                while let Some(at) = s.find(open) {
                    let end = at + s[at..].find(close).unwrap() + close.len();
                    s.replace_range(at..end, "");
                }
            }
            assert!(
                !s.contains("comment"),
                "a comment mark left: {}",
                &s[s.find("comment").unwrap()..][..80]
            );
            (n, s.into_bytes())
        })
        .collect();
    rezip(&entries)
}

/// Every tracked change accepted (or rejected) by LibreOffice, the text as it saves it, one
/// paragraph a line (`tests/tracked_changes.py`).
fn libreoffice_resolved(tools: &(PathBuf, PathBuf), bytes: &[u8], accept: bool) -> String {
    let dir = std::env::temp_dir().join(format!("quyche-rd-{}-{accept}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (file, out) = (dir.join("so-sanh.docx"), dir.join("out.txt"));
    std::fs::write(&file, without_comments(bytes)).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tracked_changes.py");
    let run = std::process::Command::new(&tools.0)
        .arg(script)
        .arg(&tools.1)
        .arg(dir.join("profile"))
        .arg(&file)
        .arg(if accept { "accept" } else { "reject" })
        .arg(&out)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!("LibreOffice wrote no text ({e}): {}", String::from_utf8_lossy(&run.stderr))
    });
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// LibreOffice's "accept all" and "reject all" give the newer and the older text: line for
/// line from the first chapter on (it writes the header block's cells in its own order),
/// and word for word.
#[test]
fn libreoffice_accepting_and_rejecting_gives_each_text() {
    let Some(tools) = libreoffice("libreoffice_accept_reject") else { return };
    for (what, old, new, by) in pairs() {
        let (_, bytes) = export(&old, &new, by);
        for (accept, doc) in [(true, &new), (false, &old)] {
            let text = libreoffice_resolved(&tools, &bytes, accept);
            let lines: Vec<String> = text
                .lines()
                .map(|l| l.trim_start_matches('\u{feff}').trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect();
            let expected = visible_lines(doc);
            let first = expected.iter().position(|l| l.starts_with("Chương")).unwrap();
            let from = lines.iter().position(|l| *l == expected[first]).expect("a heading");
            let side = if accept { "accept all" } else { "reject all" };
            assert_eq!(lines[from..], expected[first..], "{what}: LibreOffice, {side}");
            let (mut got, mut want) = (words(&lines), words(&expected));
            got.sort();
            want.sort();
            assert_eq!(got, want, "{what}: LibreOffice, {side}, word for word");
        }
    }
}
