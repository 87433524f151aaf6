//! A reviewer's work in Word, done on a review copy's XML as Word writes it: comments
//! (`w:commentRangeStart` … `w:commentRangeEnd`, a `w:commentReference` run, the
//! `word/comments.xml` part with its relationship and content type) and tracked changes
//! (`w:ins` with `w:t`, `w:del` with `w:delText`), each with its author and date.
//!
//! The edit finds the unit by its bookmark (`QC_U<id>`) and the words inside one `w:t`
//! of that unit's paragraph, then splits the run around them, keeping its formatting, as
//! Word does. Shared by the API's journey test, its benchmark and the CLI's test
//! (included by path: one helper).

#![allow(dead_code)]

use std::io::{Read, Write};

/// One thing a reviewer does in Word.
#[derive(Clone, Debug)]
pub enum Edit {
    /// A comment on `quote` (empty: a point comment at the start of the unit's text).
    Comment { unit: u32, quote: String, text: String },
    /// Inserts `text` right after `after` (tracked).
    Insert { unit: u32, after: String, text: String },
    /// Deletes `quote` (tracked).
    Delete { unit: u32, quote: String },
    /// Deletes `quote` and inserts `with` in its place (tracked).
    Replace { unit: u32, quote: String, with: String },
}

/// Who made an edit, and when, as Word records it.
#[derive(Clone, Debug)]
pub struct By {
    pub author: String,
    pub date: String,
}

impl By {
    pub fn new(author: &str, date: &str) -> By {
        By { author: author.to_string(), date: date.to_string() }
    }
}

/// The review copy `docx` with `edits` made in Word, in order.
pub fn edit_review(docx: &[u8], edits: &[(By, Edit)]) -> Vec<u8> {
    let mut entries = unzip(docx);
    let mut document = text_of(&entries, "word/document.xml");
    let mut comments = match entries.iter().find(|(n, _)| n == "word/comments.xml") {
        Some((_, b)) => String::from_utf8(b.clone()).expect("comments.xml is UTF-8"),
        None => String::new(),
    };
    let mut comment_xml = String::new();
    // Word numbers comments and revisions apart; ids above any the writer used.
    let mut next_id = 9000u32;
    for (by, edit) in edits {
        next_id += 1;
        let id = next_id;
        let attrs = format!(
            "w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\"",
            escape(&by.author),
            escape(&by.date)
        );
        match edit {
            Edit::Comment { unit, quote, text } => {
                let mark = |inner: String| {
                    format!(
                        "<w:commentRangeStart w:id=\"{id}\"/>{inner}<w:commentRangeEnd w:id=\"{id}\"/>\
                         <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
                    )
                };
                document = split_run(&document, *unit, quote, |rpr, quote| mark(run(rpr, quote)));
                let initials: String =
                    by.author.split_whitespace().filter_map(|w| w.chars().next()).collect();
                comment_xml.push_str(&format!(
                    "<w:comment {attrs} w:initials=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>\
                     <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>\
                     <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:comment>",
                    escape(&initials),
                    escape(text)
                ));
            }
            Edit::Delete { unit, quote } => {
                document = split_run(&document, *unit, quote, |rpr, quote| {
                    format!("<w:del {attrs}>{}</w:del>", del_run(rpr, quote))
                });
            }
            Edit::Replace { unit, quote, with } => {
                let ins_id = {
                    next_id += 1;
                    next_id
                };
                let ins_attrs =
                    attrs.replace(&format!("w:id=\"{id}\""), &format!("w:id=\"{ins_id}\""));
                document = split_run(&document, *unit, quote, |rpr, quote| {
                    format!(
                        "<w:del {attrs}>{}</w:del><w:ins {ins_attrs}>{}</w:ins>",
                        del_run(rpr, quote),
                        run(rpr, with)
                    )
                });
            }
            Edit::Insert { unit, after, text } => {
                document = split_run(&document, *unit, after, |rpr, after| {
                    format!("{}<w:ins {attrs}>{}</w:ins>", run(rpr, after), run(rpr, text))
                });
            }
        }
    }
    if !comment_xml.is_empty() {
        if comments.is_empty() {
            comments = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{comment_xml}</w:comments>"
            );
            add_comments_part(&mut entries);
        } else if comments.contains("</w:comments>") {
            comments = comments.replace("</w:comments>", &format!("{comment_xml}</w:comments>"));
        } else {
            // An empty part written as one self-closing root (`<w:comments … />`).
            let root = comments.rfind("/>").expect("the comments part has a root");
            comments = format!("{}>{comment_xml}</w:comments>", comments[..root].trim_end());
        }
        put(&mut entries, "word/comments.xml", comments.into_bytes());
    }
    put(&mut entries, "word/document.xml", document.into_bytes());
    zip_up(&entries)
}

/// The id Word kept for unit `unit`'s bookmark, as a test finds it in the copy.
pub fn has_bookmark(docx: &[u8], unit: u32) -> bool {
    text_of(&unzip(docx), "word/document.xml").contains(&format!("w:name=\"QC_U{unit}\""))
}

/// Replaces one part's bytes (e.g. a mark edited by hand).
pub fn replace_part(docx: &[u8], name: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut entries = unzip(docx);
    let text = edit(text_of(&entries, name));
    put(&mut entries, name, text.into_bytes());
    zip_up(&entries)
}

/// Removes a part and every mention of it (a copy stripped of its mark).
pub fn without_parts(docx: &[u8], names: &[&str]) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> =
        unzip(docx).into_iter().filter(|(n, _)| !names.iter().any(|x| n.starts_with(x))).collect();
    zip_up(&entries)
}

/// Splits the run of unit `unit`'s paragraph whose text holds `words`, the words replaced
/// by `make(rPr, words)`.
fn split_run(
    document: &str,
    unit: u32,
    words: &str,
    make: impl FnOnce(&str, &str) -> String,
) -> String {
    let bookmark = format!("w:name=\"QC_U{unit}\"");
    let start = document.find(&bookmark).unwrap_or_else(|| panic!("no bookmark QC_U{unit}"));
    // The unit's text: from its bookmark to the next unit's bookmark (or the body's end).
    let end = document[start + bookmark.len()..]
        .find("w:name=\"QC_")
        .map_or(document.len(), |e| start + bookmark.len() + e);
    let escaped = escape(words);
    let mut at = start;
    loop {
        let t = document[at..end]
            .find("<w:t")
            .map(|i| at + i)
            .unwrap_or_else(|| panic!("\u{201c}{words}\u{201d} is not in one run of unit {unit}"));
        let after_tag = t + 4;
        let next = document.as_bytes()[after_tag];
        if next != b'>' && next != b' ' {
            at = after_tag;
            continue;
        }
        let open_end = document[t..].find('>').map(|i| t + i + 1).expect("w:t closes");
        let close = document[open_end..].find("</w:t>").map(|i| open_end + i).expect("</w:t>");
        let text = &document[open_end..close];
        let Some(pos) = (if words.is_empty() { Some(0) } else { text.find(&escaped) }) else {
            at = close;
            continue;
        };
        let run_start = run_start_before(document, t);
        let run_end =
            document[close..].find("</w:r>").map(|i| close + i + "</w:r>".len()).expect("</w:r>");
        let run_xml = &document[run_start..run_end];
        let rpr = match (run_xml.find("<w:rPr>"), run_xml.find("</w:rPr>")) {
            (Some(a), Some(b)) => &run_xml[a..b + "</w:rPr>".len()],
            _ => "",
        };
        let before = unescape(&text[..pos]);
        let after = unescape(&text[pos + escaped.len()..]);
        let mut out = String::new();
        if !before.is_empty() {
            out.push_str(&run(rpr, &before));
        }
        out.push_str(&make(rpr, words));
        if !after.is_empty() {
            out.push_str(&run(rpr, &after));
        }
        return format!("{}{out}{}", &document[..run_start], &document[run_end..]);
    }
}

/// Where the `w:r` holding the `w:t` at `t` starts (`<w:r>` or `<w:r …>`, never `<w:rPr>`).
fn run_start_before(document: &str, t: usize) -> usize {
    let mut at = t;
    loop {
        let i = document[..at].rfind("<w:r").expect("a run holds the text");
        let c = document.as_bytes()[i + 4];
        if c == b'>' || c == b' ' {
            return i;
        }
        at = i;
    }
}

fn run(rpr: &str, text: &str) -> String {
    format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text))
}

fn del_run(rpr: &str, text: &str) -> String {
    format!("<w:r>{rpr}<w:delText xml:space=\"preserve\">{}</w:delText></w:r>", escape(text))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The relationship and the content type Word adds with the first comment.
fn add_comments_part(entries: &mut Vec<(String, Vec<u8>)>) {
    let rels = text_of(entries, "word/_rels/document.xml.rels").replace(
        "</Relationships>",
        "<Relationship Id=\"rIdQcComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>",
    );
    put(entries, "word/_rels/document.xml.rels", rels.into_bytes());
    let types = text_of(entries, "[Content_Types].xml").replace(
        "</Types>",
        "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>",
    );
    put(entries, "[Content_Types].xml", types.into_bytes());
}

fn unzip(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read entry");
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn text_of(entries: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = entries.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(bytes.clone()).expect("XML is UTF-8")
}

fn put(entries: &mut Vec<(String, Vec<u8>)>, name: &str, bytes: Vec<u8>) {
    match entries.iter_mut().find(|(n, _)| n == name) {
        Some(e) => e.1 = bytes,
        None => entries.push((name.to_string(), bytes)),
    }
}

fn zip_up(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        out.start_file(name.as_str(), options).expect("start entry");
        out.write_all(bytes).expect("write entry");
    }
    out.finish().expect("finish zip").into_inner()
}
