//! The review copy, written here and read back by `quyche_word::read_review`: every unit's
//! id found once with its text, on every fixture law; comments and tracked changes added
//! the way Word writes them, anchored on the right unit with the right quote and proposal;
//! and the LibreOffice round trip (`soffice --convert-to docx`), which rewrites the file as
//! another word processor would.

use crate::common;

use common::{rezip, unzip};
use quyche_export::{review_copy, ExportError, ReviewCopy, REVIEW_MARK};
use quyche_model::{Document, Kind, Unit};
use quyche_word::{read_review, ChangeKind, CopyMark, WordReview};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docs() -> Vec<(String, Document)> {
    let mut out: Vec<(String, Document)> = quyche_fixtures::ALL
        .iter()
        .map(|f| (f.to_string(), quyche_text::parse(&quyche_fixtures::law(f)).document))
        .collect();
    out.push(("demo".into(), common::demo()));
    out
}

fn copy_of(doc: &Document, recipient: Option<&str>) -> (Vec<u8>, CopyMark) {
    let hash = quyche_text::canonical_hash(doc);
    let copy = ReviewCopy {
        regulation: "quy-che-lam-viec",
        round: "r-2",
        round_number: 2,
        revision: 7,
        text_sha256: &hash,
        recipient,
    };
    let bytes = review_copy(doc, &copy).expect("review copy");
    let mark = CopyMark {
        regulation: "quy-che-lam-viec".into(),
        round: "r-2".into(),
        revision: 7,
        text_sha256: hash.clone(),
        recipient: recipient.map(str::to_owned),
    };
    (bytes, mark)
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A unit's own text as the document holds it: the title of a heading or an article, then
/// its paragraphs, one line each, label left out; what the copy must show after the label.
fn text_of(u: &Unit) -> String {
    let mut pieces: Vec<String> = Vec::new();
    match u.kind {
        Kind::Clause | Kind::Point | Kind::SubPoint => {
            for (i, p) in u.paragraphs.iter().enumerate() {
                let p = if i == 0 { p.trim() } else { p.as_str() };
                pieces.push(one_line(p));
            }
        }
        _ => {
            pieces.push(one_line(u.title.trim()));
            pieces.extend(u.paragraphs.iter().map(|p| one_line(p)));
        }
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces.join("\n")
}

#[test]
fn every_unit_is_found_once_with_its_text_on_every_fixture() {
    for (name, doc) in docs() {
        let (bytes, mark) = copy_of(&doc, Some("Nguyễn Thị Lan"));
        let review = read_review(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(review.mark.as_ref(), Some(&mark), "{name}");
        assert!(review.comments.is_empty() && review.changes.is_empty(), "{name}");
        let ids: Vec<u32> = review.units.iter().map(|u| u.id).collect();
        let expected: Vec<u32> = doc.walk().map(|u| u.id.0).collect();
        assert_eq!(ids, expected, "{name}: every unit once, in order");
        for (u, found) in doc.walk().zip(&review.units) {
            assert_eq!(found.text, text_of(u), "{name}: unit {}", u.id.0);
        }
    }
}

#[test]
fn the_copy_shows_the_mark_and_says_what_it_is_in_the_footer() {
    let doc = common::demo();
    let (bytes, _) = copy_of(&doc, Some("Nguyễn Thị Lan"));
    let parts = unzip(&bytes);
    let text_of_parts = |prefix: &str| -> String {
        parts
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .collect()
    };
    let hash = quyche_text::canonical_hash(&doc);
    let footer = format!(
        "Bản lấy ý kiến · phiên bản 7, đợt lấy ý kiến 2 · SHA-256: {}… · gửi Nguyễn Thị Lan",
        &hash[..16]
    );
    // The mark tops the first page, the footer line is on every page: both outside the
    // body, which holds the regulation's text alone.
    assert!(text_of_parts("word/header").contains(REVIEW_MARK), "mark missing");
    let footers: Vec<&(String, Vec<u8>)> =
        parts.iter().filter(|(n, _)| n.starts_with("word/footer")).collect();
    assert_eq!(footers.len(), 2, "the first page's footer and the others'");
    for (name, data) in footers {
        assert!(String::from_utf8_lossy(data).contains(&footer), "{name}: footer missing");
    }
    let body = common::document_xml(&bytes);
    assert!(!body.contains(REVIEW_MARK) && !body.contains("Bản lấy ý kiến"));
    // The copy is no sealed file.
    assert!(matches!(quyche_export::verify(&bytes, "x.docx"), Err(ExportError::NoSeal)));
}

/// The copy is a Decree 30 document as the sealed export is: the boxed mark and the
/// footer break no layout rule of the shared checker.
#[test]
fn decree30_check_passes_on_the_review_copy() {
    let test = "decree30_check_passes_on_the_review_copy";
    let Some(tool) = quyche_fixtures::shared_tool("decree30-check", test) else { return };
    let doc = common::demo_approved();
    let (bytes, _) = copy_of(&doc, Some("Nguyễn Thị Lan"));
    let path = std::env::temp_dir().join(format!("quyche-r1-{}-copy.docx", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg(&tool)
        .arg(&path)
        .arg("--json")
        .output()
        .expect("python3 runs the Decree 30 checker");
    let _ = std::fs::remove_file(&path);
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("decree30-check gave no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    let failed: Vec<&serde_json::Value> =
        rules.as_array().unwrap().iter().filter(|r| r["pass"] != true).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn a_hash_of_other_words_is_refused() {
    let doc = common::demo();
    let copy = ReviewCopy {
        regulation: "q",
        round: "r",
        round_number: 1,
        revision: 1,
        text_sha256: &"0".repeat(64),
        recipient: None,
    };
    assert!(matches!(review_copy(&doc, &copy), Err(ExportError::SealMismatch)));
}

#[test]
fn the_sealed_export_carries_no_review_ids() {
    let doc = common::demo_approved();
    let bytes =
        quyche_export::export(&doc, &common::seal_for(&doc), quyche_export::Format::Docx).unwrap();
    let xml = common::document_xml(&bytes);
    assert!(!xml.contains("QC_U") && !xml.contains(REVIEW_MARK));
    assert_eq!(read_review(&bytes).unwrap().mark, None);
}

// ---------------------------------------------------------------------------------------
// Word's edits, written into the copy's XML as Word writes them.

const DATE: &str = "2026-12-01T09:00:00Z";

/// A piece of a unit's own text, rewritten.
enum Edit<'a> {
    /// Plain text: chars `[from, to)` of the own text.
    Keep(usize, usize),
    /// `w:del` around chars `[from, to)`.
    Del(usize, usize, u32),
    /// `w:ins` of new words.
    Ins(&'a str, u32),
    /// `w:moveFrom` around chars `[from, to)`, with its range name.
    MoveFrom(usize, usize, u32, &'a str),
    /// `w:moveTo` of the moved words.
    MoveTo(&'a str, u32, &'a str),
    /// Plain text with a formatting change (`w:rPrChange`).
    Bolded(usize, usize, u32),
    /// Raw XML (comment anchors).
    Raw(String),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn chars(s: &str, from: usize, to: usize) -> String {
    s.chars().skip(from).take(to - from).collect()
}

fn comment_start(id: u32) -> String {
    format!("<w:commentRangeStart w:id=\"{id}\"/>")
}

fn comment_end(id: u32) -> String {
    format!(
        "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/>\
         </w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
    )
}

/// The own-text run of `unit`: the first `<w:r>` after its bookmark start, as
/// `(start, end, run properties, text)`.
fn own_run(xml: &str, unit: u32) -> (usize, usize, String, String) {
    let mark = format!("w:name=\"QC_U{unit}\"");
    let b = xml.find(&mark).unwrap_or_else(|| panic!("no bookmark for unit {unit}"));
    let start = b + xml[b..].find("<w:r>").expect("own run");
    let end = start + xml[start..].find("</w:r>").expect("run end") + "</w:r>".len();
    let run = &xml[start..end];
    let rpr = match (run.find("<w:rPr>"), run.find("</w:rPr>")) {
        (Some(a), Some(z)) => run[a..z + "</w:rPr>".len()].to_owned(),
        _ => String::new(),
    };
    let t0 = run.find("<w:t").unwrap();
    let t1 = t0 + run[t0..].find('>').unwrap() + 1;
    let t2 = run.rfind("</w:t>").unwrap();
    let text = run[t1..t2]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    (start, end, rpr, text)
}

/// Rewrites `unit`'s own text as `edits`, the way Word writes a tracked or commented run.
fn rewrite(xml: &str, unit: u32, edits: &[Edit<'_>]) -> String {
    let (start, end, rpr, text) = own_run(xml, unit);
    let run = |t: &str| format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(t));
    let del = |t: &str| {
        format!("<w:r>{rpr}<w:delText xml:space=\"preserve\">{}</w:delText></w:r>", esc(t))
    };
    let who = |id: u32| format!("w:id=\"{id}\" w:author=\"Trần Văn Bình\" w:date=\"{DATE}\"");
    let mut out = String::new();
    for e in edits {
        match e {
            Edit::Keep(a, b) => out.push_str(&run(&chars(&text, *a, *b))),
            Edit::Del(a, b, id) => {
                out.push_str(&format!("<w:del {}>{}</w:del>", who(*id), del(&chars(&text, *a, *b))))
            }
            Edit::Ins(t, id) => out.push_str(&format!("<w:ins {}>{}</w:ins>", who(*id), run(t))),
            Edit::MoveFrom(a, b, id, name) => out.push_str(&format!(
                "<w:moveFromRangeStart w:id=\"{}\" w:name=\"{name}\" w:author=\"Trần Văn Bình\" \
                 w:date=\"{DATE}\"/><w:moveFrom {}>{}</w:moveFrom>\
                 <w:moveFromRangeEnd w:id=\"{}\"/>",
                id + 100,
                who(*id),
                run(&chars(&text, *a, *b)),
                id + 100
            )),
            Edit::MoveTo(t, id, name) => out.push_str(&format!(
                "<w:moveToRangeStart w:id=\"{}\" w:name=\"{name}\" w:author=\"Trần Văn Bình\" \
                 w:date=\"{DATE}\"/><w:moveTo {}>{}</w:moveTo><w:moveToRangeEnd w:id=\"{}\"/>",
                id + 100,
                who(*id),
                run(t),
                id + 100
            )),
            Edit::Bolded(a, b, id) => {
                let t = chars(&text, *a, *b);
                let changed = format!(
                    "<w:rPr><w:b/><w:rPrChange {}><w:rPr/></w:rPrChange></w:rPr>",
                    who(*id)
                );
                out.push_str(&format!(
                    "<w:r>{changed}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    esc(&t)
                ));
            }
            Edit::Raw(x) => out.push_str(x),
        }
    }
    format!("{}{}{}", &xml[..start], out, &xml[end..])
}

/// Puts `raw` at the very start of `unit`'s first paragraph, before its label.
fn before_label(xml: &str, unit: u32, raw: &str) -> String {
    let mark = format!("w:name=\"QC_U{unit}\"");
    let b = xml.find(&mark).unwrap();
    let p = xml[..b].rfind("<w:p>").or_else(|| xml[..b].rfind("<w:p ")).unwrap();
    let after_ppr = match xml[p..b].find("</w:pPr>") {
        Some(z) => p + z + "</w:pPr>".len(),
        None => p + xml[p..].find('>').unwrap() + 1,
    };
    format!("{}{raw}{}", &xml[..after_ppr], &xml[after_ppr..])
}

/// The returned file: `document.xml` replaced, `comments` (id, text) added as Word adds
/// them (the part, its content type, its relationship, and replies' `commentsExtended`).
fn returned(bytes: &[u8], document: &str, comments: &[(u32, &str, Option<u32>)]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .filter(|(n, _)| n != "word/comments.xml" && n != "word/commentsExtended.xml")
        .collect();
    for (name, data) in &mut entries {
        match name.as_str() {
            "word/document.xml" => *data = document.as_bytes().to_vec(),
            "[Content_Types].xml" if !comments.is_empty() => {
                let s = String::from_utf8(data.clone()).unwrap();
                if s.contains("/word/comments.xml") {
                    continue;
                }
                let o = "<Override PartName=\"/word/comments.xml\" ContentType=\"application/\
                         vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>";
                *data = s.replace("</Types>", &format!("{o}</Types>")).into_bytes();
            }
            "word/_rels/document.xml.rels" if !comments.is_empty() => {
                let s = String::from_utf8(data.clone()).unwrap();
                if s.contains("comments.xml") {
                    continue;
                }
                let r = "<Relationship Id=\"rIdQcComments\" Type=\"http://schemas.openxmlformats.\
                         org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>";
                *data = s.replace("</Relationships>", &format!("{r}</Relationships>")).into_bytes();
            }
            _ => {}
        }
    }
    if !comments.is_empty() {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments \
             xmlns:w=\"{W_NS}\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
        );
        let mut ext = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w15:commentsEx \
             xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\">",
        );
        for (id, text, parent) in comments {
            xml.push_str(&format!(
                "<w:comment w:id=\"{id}\" w:author=\"Trần Văn Bình\" w:date=\"{DATE}\" \
                 w:initials=\"TVB\">"
            ));
            let paras: Vec<&str> = text.split('\n').collect();
            for (k, p) in paras.iter().enumerate() {
                let para_id = format!("1A2B{:04X}", id * 16 + k as u32);
                xml.push_str(&format!(
                    "<w:p w14:paraId=\"{para_id}\"><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>"
                ));
                if k == 0 {
                    xml.push_str(
                        "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr>\
                         <w:annotationRef/></w:r>",
                    );
                }
                xml.push_str(&format!(
                    "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    esc(p)
                ));
            }
            let last = format!("1A2B{:04X}", id * 16 + paras.len() as u32 - 1);
            match parent {
                Some(p) => {
                    let parent_paras =
                        comments.iter().find(|c| c.0 == *p).unwrap().1.split('\n').count();
                    let parent_last = format!("1A2B{:04X}", p * 16 + parent_paras as u32 - 1);
                    ext.push_str(&format!(
                        "<w15:commentEx w15:paraId=\"{last}\" w15:paraIdParent=\"{parent_last}\" w15:done=\"0\"/>"
                    ));
                }
                None => {
                    ext.push_str(&format!("<w15:commentEx w15:paraId=\"{last}\" w15:done=\"0\"/>"))
                }
            }
            xml.push_str("</w:comment>");
        }
        xml.push_str("</w:comments>");
        ext.push_str("</w15:commentsEx>");
        entries.push(("word/comments.xml".into(), xml.into_bytes()));
        entries.push(("word/commentsExtended.xml".into(), ext.into_bytes()));
    }
    rezip(&entries)
}

/// An article of the 2023 law with three clauses of at least 40 characters, none with
/// points: `(article, [clause ids])`.
fn article_with_clauses(doc: &Document) -> (&Unit, Vec<&Unit>) {
    doc.articles()
        .find_map(|a| {
            let clauses: Vec<&Unit> =
                a.children.iter().filter(|c| c.kind == Kind::Clause).collect();
            let ok = clauses.len() >= 3
                && clauses.iter().take(3).all(|c| {
                    c.children.is_empty()
                        && c.paragraphs.len() == 1
                        && c.paragraphs[0].chars().count() >= 40
                        && !c.paragraphs[0].contains(['&', '<', '>', '"', '\''])
                })
                && !a.title.is_empty();
            ok.then_some((a, clauses))
        })
        .expect("an article with three plain clauses")
}

fn splice(s: &str, from: usize, to: usize, with: &str) -> String {
    let mut out: String = s.chars().take(from).collect();
    out.push_str(with);
    out.extend(s.chars().skip(to));
    out
}

/// The 2023 law's copy with three comments (inside a clause, spanning into the next
/// clause, on an article title and its reply) and tracked changes (an insertion, a
/// deletion, a replacement, a move within a clause, a move to another clause, a formatting
/// change).
struct Returned {
    bytes: Vec<u8>,
    c1: String,
    c2: String,
    c3: String,
    ids: [u32; 4],
}

fn law_returned() -> (Document, Returned) {
    let doc = common::law();
    let (bytes, _) = copy_of(&doc, None);
    let returned = edit_copy(&doc, &bytes);
    (doc, returned)
}

fn edit_copy(doc: &Document, bytes: &[u8]) -> Returned {
    let (article, clauses) = article_with_clauses(doc);
    let [c1, c2, c3] = [clauses[0], clauses[1], clauses[2]];
    let t = |u: &Unit| text_of(u);
    let (n1, n2, n3) = (t(c1).chars().count(), t(c2).chars().count(), t(c3).chars().count());
    let mut xml = common::document_xml(bytes);
    // Clause 1: comment 0 over [5, 15); comment 1 from 20 into clause 2; the words
    // [25, 30) moved to the clause's end (a move within the unit).
    xml = rewrite(
        &xml,
        c1.id.0,
        &[
            Edit::Keep(0, 5),
            Edit::Raw(comment_start(0)),
            Edit::Keep(5, 15),
            Edit::Raw(comment_end(0)),
            Edit::Keep(15, 20),
            Edit::Raw(comment_start(1)),
            Edit::Keep(20, 25),
            Edit::MoveFrom(25, 30, 10, "move1"),
            Edit::Keep(30, n1),
            Edit::MoveTo(&chars(&t(c1), 25, 30), 11, "move1"),
        ],
    );
    // Clause 2: comment 1 ends at 10; an insertion at 12; a deletion of [20, 24);
    // [30, 35) made bold (formatting only); the words [36, n2) moved into clause 3.
    xml = rewrite(
        &xml,
        c2.id.0,
        &[
            Edit::Keep(0, 10),
            Edit::Raw(comment_end(1)),
            Edit::Keep(10, 12),
            Edit::Ins("rất ", 20),
            Edit::Keep(12, 20),
            Edit::Del(20, 24, 21),
            Edit::Keep(24, 30),
            Edit::Bolded(30, 35, 22),
            Edit::Keep(35, 36),
            Edit::MoveFrom(36, n2, 23, "move2"),
        ],
    );
    // Clause 3: a replacement of [0, 4) by "Mọi"; the words from clause 2 arrive at 8.
    let moved = chars(&t(c2), 36, n2);
    xml = rewrite(
        &xml,
        c3.id.0,
        &[
            Edit::Del(0, 4, 30),
            Edit::Ins("Mọi", 31),
            Edit::Keep(4, 8),
            Edit::MoveTo(&moved, 32, "move2"),
            Edit::Keep(8, n3),
        ],
    );
    // The article's title: comment 2 covers the whole paragraph, label included, and
    // comment 3 answers it.
    xml = before_label(&xml, article.id.0, &format!("{}{}", comment_start(2), comment_start(3)));
    let (_, end, _, _) = own_run(&xml, article.id.0);
    xml = format!("{}{}{}{}", &xml[..end], comment_end(2), comment_end(3), &xml[end..]);
    let bytes = returned(
        bytes,
        &xml,
        &[
            (0, "Nên nói rõ hơn.", None),
            (1, "Hai khoản này trùng nhau.\nĐề nghị gộp.", None),
            (2, "Tên điều chưa sát.", None),
            (3, "Đồng ý.", Some(2)),
        ],
    );
    Returned {
        bytes,
        c1: t(c1),
        c2: t(c2),
        c3: t(c3),
        ids: [article.id.0, c1.id.0, c2.id.0, c3.id.0],
    }
}

fn check_review(review: &WordReview, r: &Returned, article_title: &str) {
    let [article, c1, c2, c3] = r.ids;
    let by_id = |id: &str| review.comments.iter().find(|c| c.id == id).unwrap();
    // Inside a clause.
    let k = by_id("0");
    assert_eq!((k.place.unit, k.place.offset), (Some(c1), 5));
    assert_eq!(k.place.quote, chars(&r.c1, 5, 15));
    assert_eq!(k.place.unit_text, r.c1);
    assert_eq!(k.text, "Nên nói rõ hơn.");
    assert_eq!(k.author, "Trần Văn Bình");
    assert_eq!(k.date.as_deref(), Some(DATE));
    // Spanning into the next clause: anchored where it starts, clipped at its end.
    let k = by_id("1");
    assert_eq!((k.place.unit, k.place.offset), (Some(c1), 20));
    assert_eq!(k.place.quote, chars(&r.c1, 20, r.c1.chars().count()));
    assert_eq!(k.text, "Hai khoản này trùng nhau.\nĐề nghị gộp.");
    // On the article title, label included: the whole title.
    let k = by_id("2");
    assert_eq!((k.place.unit, k.place.offset), (Some(article), 0));
    assert_eq!(k.place.quote, article_title);
    assert_eq!(k.reply_to, None);
    let k = by_id("3");
    assert_eq!(k.reply_to.as_deref(), Some("2"));
    assert_eq!(k.place.quote, article_title);

    let change = |id: &str| {
        review.changes.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("change {id}"))
    };
    assert_eq!(review.changes.len(), 5, "{:#?}", review.changes);
    // A move within clause 1: out of [25, 30), in at the end.
    let c = change("11");
    assert_eq!(c.kind, ChangeKind::Move);
    assert_eq!(c.place.unit, Some(c1));
    let words = chars(&r.c1, 25, 30);
    let n1 = r.c1.chars().count();
    assert_eq!((c.place.offset, c.place.quote.as_str()), (n1, ""));
    assert_eq!(c.proposal, format!("{}{}{words}", chars(&r.c1, 0, 25), chars(&r.c1, 30, n1)));
    // An insertion.
    let c = change("20");
    assert_eq!((c.kind, c.place.unit, c.place.offset), (ChangeKind::Insertion, Some(c2), 12));
    assert_eq!(c.place.quote, "");
    assert_eq!(c.proposal, splice(&r.c2, 12, 12, "rất "));
    assert_eq!(c.place.unit_text, r.c2, "inserted text is not in the copy's text");
    // A deletion.
    let c = change("21");
    assert_eq!((c.kind, c.place.unit, c.place.offset), (ChangeKind::Deletion, Some(c2), 20));
    assert_eq!(c.place.quote, chars(&r.c2, 20, 24));
    assert_eq!(c.proposal, splice(&r.c2, 20, 24, ""));
    // A replacement: one change, the deletion's id.
    let c = change("30");
    assert_eq!((c.kind, c.place.unit, c.place.offset), (ChangeKind::Replacement, Some(c3), 0));
    assert_eq!(c.place.quote, chars(&r.c3, 0, 4));
    assert_eq!(c.proposal, splice(&r.c3, 0, 4, "Mọi"));
    // A move into clause 3, placed at the destination.
    let c = change("32");
    let moved = chars(&r.c2, 36, r.c2.chars().count());
    assert_eq!((c.kind, c.place.unit, c.place.offset), (ChangeKind::Move, Some(c3), 8));
    assert_eq!(c.proposal, splice(&r.c3, 8, 8, &moved));
    let from = c.moved_from.as_ref().expect("the move's source");
    assert_eq!((from.unit, from.offset, from.quote.as_str()), (Some(c2), 36, moved.as_str()));
    // The bold words: formatting, counted, not a proposal.
    assert_eq!(review.formatting_changes, 1);
}

#[test]
fn word_comments_and_tracked_changes_are_anchored_on_their_units() {
    let (doc, r) = law_returned();
    let review = read_review(&r.bytes).unwrap();
    let article = doc.find(quyche_model::UnitId(r.ids[0])).unwrap();
    check_review(&review, &r, article.title.trim());
    assert!(review.mark.is_some());
}

// ---------------------------------------------------------------------------------------
// LibreOffice.

/// `soffice --headless --convert-to docx` of `bytes`, in a private profile; `None` (with
/// a printed reason) where LibreOffice is not installed.
fn libreoffice_round_trip(bytes: &[u8], test: &str) -> Option<Vec<u8>> {
    let soffice = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|d| d.join("soffice")).find(|p| p.is_file())
    });
    let Some(soffice) = soffice else {
        println!("{test}: SKIPPED — soffice is not on PATH (scripts/install-deps.sh installs libreoffice-writer-nogui)");
        return None;
    };
    let dir = std::env::temp_dir().join(format!("quyche-r1-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (input, out, profile) = (dir.join("in"), dir.join("out"), dir.join("profile"));
    std::fs::create_dir_all(&input).unwrap();
    let file = input.join("ban-lay-y-kien.docx");
    std::fs::write(&file, bytes).unwrap();
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&out)
        .arg(&file)
        .output()
        .expect("soffice runs");
    let converted = std::fs::read(out.join("ban-lay-y-kien.docx")).unwrap_or_else(|e| {
        panic!(
            "soffice wrote nothing ({e}): {}\n{}",
            String::from_utf8_lossy(&status.stdout),
            String::from_utf8_lossy(&status.stderr)
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    // The file really is LibreOffice's now, not ours passed through.
    let app = unzip(&converted).into_iter().find(|(n, _)| n == "docProps/app.xml").unwrap().1;
    assert!(String::from_utf8_lossy(&app).contains("LibreOffice"), "not rewritten by soffice");
    Some(converted)
}

#[test]
fn ids_and_mark_survive_libreoffice_and_the_import_still_anchors() {
    let doc = common::law();
    let (bytes, mark) = copy_of(&doc, Some("Nguyễn Thị Lan"));
    let Some(converted) = libreoffice_round_trip(&bytes, "libreoffice_copy") else { return };
    let review = read_review(&converted).unwrap();
    assert_eq!(review.mark.as_ref(), Some(&mark), "the mark survives LibreOffice");
    // Both homes of the mark survive: without the custom XML part, the properties say it.
    let without_part: Vec<(String, Vec<u8>)> =
        unzip(&converted).into_iter().filter(|(n, _)| !n.starts_with("customXml/")).collect();
    assert_eq!(read_review(&rezip(&without_part)).unwrap().mark.as_ref(), Some(&mark));
    let without_properties: Vec<(String, Vec<u8>)> =
        unzip(&converted).into_iter().filter(|(n, _)| n != "docProps/custom.xml").collect();
    assert_eq!(read_review(&rezip(&without_properties)).unwrap().mark.as_ref(), Some(&mark));
    let expected: Vec<u32> = doc.walk().map(|u| u.id.0).collect();
    let ids: Vec<u32> = review.units.iter().map(|u| u.id).collect();
    assert_eq!(ids, expected, "every unit id survives LibreOffice");
    for (u, found) in doc.walk().zip(&review.units) {
        assert_eq!(found.text, text_of(u), "unit {} after LibreOffice", u.id.0);
    }
    // A comment added to the converted file still anchors.
    let (_, clauses) = article_with_clauses(&doc);
    let c1 = clauses[0];
    let xml = common::document_xml(&converted);
    let xml = lo_comment(&xml, c1.id.0);
    let with_comment = returned(&converted, &xml, &[(0, "Góp ý sau LibreOffice.", None)]);
    let review = read_review(&with_comment).unwrap();
    assert_eq!(review.comments.len(), 1);
    let k = &review.comments[0];
    assert_eq!(k.place.unit, Some(c1.id.0));
    assert_eq!(k.place.offset, 0);
    assert_eq!(k.place.quote, text_of(c1));
}

/// A comment over the whole of `unit`'s own text in a file LibreOffice wrote: from its
/// bookmark to the end of its paragraph.
fn lo_comment(xml: &str, unit: u32) -> String {
    let mark = format!("w:name=\"QC_U{unit}\"");
    let b = xml.find(&mark).unwrap_or_else(|| panic!("no bookmark QC_U{unit} after LibreOffice"));
    let start = b + xml[b..].find("/>").unwrap() + 2;
    let end = start + xml[start..].find("</w:p>").unwrap();
    format!(
        "{}{}{}{}{}",
        &xml[..start],
        comment_start(0),
        &xml[start..end],
        comment_end(0),
        &xml[end..]
    )
}

#[test]
fn a_review_edited_copy_survives_libreoffice() {
    let (doc, r) = law_returned();
    let Some(converted) = libreoffice_round_trip(&r.bytes, "libreoffice_review") else { return };
    let review = read_review(&converted).unwrap();
    let article = doc.find(quyche_model::UnitId(r.ids[0])).unwrap();
    // LibreOffice keeps the comments, their ranges and the tracked changes; their ids it
    // numbers again, so the check goes by content.
    assert_eq!(review.comments.len(), 4, "{:#?}", review.comments);
    let quotes: Vec<(Option<u32>, &str)> =
        review.comments.iter().map(|c| (c.place.unit, c.place.quote.as_str())).collect();
    assert!(quotes.contains(&(Some(r.ids[1]), chars(&r.c1, 5, 15).as_str())), "{quotes:?}");
    assert!(quotes.contains(&(Some(r.ids[0]), article.title.trim())), "{quotes:?}");
    let proposals: Vec<&str> = review.changes.iter().map(|c| c.proposal.as_str()).collect();
    assert!(proposals.contains(&splice(&r.c2, 12, 12, "rất ").as_str()), "{proposals:?}");
    assert!(proposals.contains(&splice(&r.c2, 20, 24, "").as_str()), "{proposals:?}");
    assert!(proposals.contains(&splice(&r.c3, 0, 4, "Mọi").as_str()), "{proposals:?}");
}

/// The issue's round trip: the review copy read as a Word draft (`quyche stats|render
/// FILE.docx`) has the source's counts and canonical text. As in every export, the notes
/// (`# SOURCE: …`) and the text's own marks (`DỰ THẢO`) are left out of the copy, so the
/// source is compared without them; the copy's own mark and footer, in the page header and
/// footer, never reach the body.
#[test]
fn the_copy_read_as_a_draft_is_the_source_text() {
    for (name, mut doc) in docs() {
        doc.notes.clear();
        doc.header.marks.clear();
        let (bytes, _) = copy_of(&doc, Some("Nguyễn Thị Lan"));
        let draft =
            quyche_word::draft::read_draft(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = quyche_text::parse(&draft.text()).document;
        assert_eq!(back.stats(), doc.stats(), "{name}: stats");
        assert_eq!(quyche_text::render(&back), quyche_text::render(&doc), "{name}: render");
    }
}

/// Damaged copies: `document.xml` cut anywhere, or bytes of the file changed, read as an
/// error or as what is left, never as a panic.
#[test]
fn a_damaged_copy_is_an_error_never_a_panic() {
    let doc = common::demo();
    let (bytes, _) = copy_of(&doc, None);
    let parts = unzip(&bytes);
    let i = parts.iter().position(|(n, _)| n == "word/document.xml").unwrap();
    let xml = &parts[i].1;
    for k in 1..40 {
        let cut = xml.len() * k / 40;
        let mut damaged = parts.clone();
        damaged[i].1 = xml[..cut].to_vec();
        let r = read_review(&rezip(&damaged));
        assert!(matches!(r, Err(quyche_word::WordError::Malformed(_))), "cut at {cut}: {r:?}");
    }
    // A simple, reproducible generator: no crate needed for 300 flips.
    let mut state: u64 = 0x5eed_1234_abcd_0042;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut damaged = bytes.clone();
        let at = (next() % damaged.len() as u64) as usize;
        damaged[at] ^= (next() % 255 + 1) as u8;
        let _ = read_review(&damaged);
    }
}

#[test]
fn two_exports_of_one_copy_are_the_same_bytes_with_the_properties_in_name_order() {
    let doc = common::demo();
    let (first, _) = copy_of(&doc, Some("Trần Thị Bình"));
    // docx-rs keeps the properties in a hash map whose order changes from one map to the
    // next: several exports, so that a file depending on it could not pass by chance.
    for _ in 0..6 {
        assert!(copy_of(&doc, Some("Trần Thị Bình")).0 == first);
    }
    let (_, custom) = unzip(&first).into_iter().find(|(n, _)| n == "docProps/custom.xml").unwrap();
    let custom = String::from_utf8(custom).unwrap();
    let names: Vec<&str> =
        custom.split("name=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert!(names.len() >= 5, "{custom}");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert!(custom.contains("Trần Thị Bình"));
}
