//! A member's review in Word, read back: the returned review copy's comments and tracked
//! changes, each anchored on a unit of the regulation by its stable id.
//!
//! # The review copy, as this reader expects it
//!
//! `quyche_export::review_copy` writes the text of an open round as a Decree 30 DOCX. What
//! the two sides agree on is defined here, once:
//!
//! * **Every unit's id is a Word bookmark** named [`bookmark_name`] (`QC_U123`) that starts
//!   right after the unit's derived label (`Điều 5. `, `1. `, `a) `) in the unit's first
//!   paragraph. Bookmarks, not content controls: Word and LibreOffice both keep them
//!   through editing and saving, and a reviewer cannot see or delete them by accident.
//!   The text before the bookmark is the label; the text after it, and every following
//!   paragraph without a bookmark, is the unit's own text ([`CopyUnit`]). Only the
//!   bookmark's *start* is read: where Word moves its end while someone types means
//!   nothing.
//! * **The body ends at the bookmark [`BODY_END`]**, on the first paragraph after the
//!   last unit (the closing: the adoption sentence, or the signature): they belong to no
//!   unit, though they carry no unit bookmark. A text with no closing has no such
//!   bookmark; its body runs to the end.
//! * **Which copy it is**, a [`CopyMark`], is in the file twice: a custom XML part
//!   (`customXml/itemN.xml`, root [`MARK_ELEMENT`]) and custom document properties
//!   (`docProps/custom.xml`, [`PROPERTY_PREFIX`]`regulation`…). Word keeps both when it
//!   saves, and so does LibreOffice (quyche-export's round-trip test converts a copy with
//!   `soffice`); two homes, so a program that drops one still leaves the other. The
//!   reader takes the part, else the properties.
//! * The draft mark and the footer line are in the page header and footer, never in the
//!   body, so a reader of the body sees the regulation's words alone. Their paragraph
//!   styles, [`MARK_STYLE`] and [`FOOTER_STYLE`], name them wherever they turn up: a
//!   paragraph of either style in the body (pasted there) belongs to no unit.
//!
//! # What the reader decides, and why
//!
//! Positions are counted in the **copy's text**: the text as it was sent, so deleted text
//! is in and inserted text is out ([`Place::unit_text`]). A comment's quote is then words
//! of the revision under review, which is what a comment anchors on.
//!
//! * **A comment** ([`WordComment`]) covers `w:commentRangeStart` … `w:commentRangeEnd`.
//!   A range that spans several units is anchored on the unit where it starts and its
//!   quote is clipped at that unit's end: a comment belongs to one unit, and the start is
//!   where the reviewer began selecting. A range starting inside a label starts at the
//!   unit's text. A comment with no range (only `w:commentReference`, a *point comment*)
//!   quotes nothing: an empty quote at the reference point, so the place is still exact.
//!   **Replies** (`commentsExtended.xml`, `w15:paraIdParent`) are read as comments of
//!   their own, with [`WordComment::reply_to`] naming the parent: Word gives a reply the
//!   parent's range, so each anchors on the same words, and whether to fold them is the
//!   caller's choice.
//! * **A tracked change** ([`WordChange`]) becomes the unit's text with that one change
//!   applied ([`WordChange::proposal`]): the others are the reviewer's other proposals,
//!   each judged on its own. A deletion immediately followed by an insertion of the same
//!   author is one [`ChangeKind::Replacement`]; neighbouring elements of one kind, author
//!   and date (Word splits one edit where the formatting changes) are one change. A move
//!   (`w:moveFrom` / `w:moveTo`, paired by their range name) is one [`ChangeKind::Move`],
//!   placed at its destination; when both ends are in the same unit the proposal takes
//!   the words out and puts them in, else it only puts them in (the source unit's part
//!   is the caller's to show). A change inside a derived label (a number) is not
//!   wording: it comes out with `place.unit = None`, listed, never applied.
//!   An inserted paragraph is a new line of the unit before it: its text is proposed
//!   after a `\n`.
//! * **Formatting-only changes** (`w:rPrChange`, `w:pPrChange`) are not wording: they are
//!   skipped and counted ([`WordReview::formatting_changes`]).
//! * **What cannot be anchored is listed, never dropped**: a comment or change outside
//!   the body (the header, the mark, the closing), or on a paragraph with no unit before
//!   it, has `place.unit = None` and the paragraph's text as `unit_text`.
//!
//! Text is NFC. Tone placement (`hòa`/`hoà`) is kept as written. Comment texts and
//! proposals are not checked for control characters here: the caller's entry
//! (`quyche_text::check_safe_field`) refuses them and names the comment.
//!
//! # Safety
//!
//! The file goes through [`Package::open`], the one hardened container reader (sizes,
//! zip bombs, entry names). XML is read by quick-xml, which expands no DTD. Damaged XML is
//! a [`WordError`]; nothing panics.
//!
//! The walker here is this reader's own: the shared `runs` walker gives no change ids,
//! authors or dates and no bookmarks, which a review needs.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::{Package, WordError};

/// The bookmark names' prefix: `QC_U` + the unit id. Word allows 40 characters, a letter
/// first, then letters, digits and `_`.
pub const BOOKMARK_PREFIX: &str = "QC_U";
/// The bookmark on the first paragraph after the body.
pub const BODY_END: &str = "QC_END";
/// The paragraph style of the draft mark at the top of a review copy.
pub const MARK_STYLE: &str = "QcReviewMark";
/// The paragraph style of the review copy's footer line.
pub const FOOTER_STYLE: &str = "QcReviewFooter";
/// The root element of the custom XML part that says which copy a file is.
pub const MARK_ELEMENT: &str = "quyche-review";
pub const MARK_NAMESPACE: &str = "urn:quyche:review:1";
/// The custom document properties' prefix: `quyche-review-regulation`, `-round`,
/// `-revision`, `-text-sha256`, `-recipient`.
pub const PROPERTY_PREFIX: &str = "quyche-review-";

const DOCUMENT_PART: &str = "word/document.xml";
const COMMENTS_PART: &str = "word/comments.xml";
const COMMENTS_EXTENDED_PART: &str = "word/commentsExtended.xml";
const PROPERTIES_PART: &str = "docProps/custom.xml";

/// `QC_U123` for unit 123.
pub fn bookmark_name(unit: u32) -> String {
    format!("{BOOKMARK_PREFIX}{unit}")
}

fn unit_of_bookmark(name: &str) -> Option<u32> {
    let digits = name.strip_prefix(BOOKMARK_PREFIX)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Which review copy a file is: the regulation, the round, the revision under review and
/// its canonical hash, and whom it was made for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyMark {
    pub regulation: String,
    pub round: String,
    pub revision: u32,
    pub text_sha256: String,
    pub recipient: Option<String>,
}

impl CopyMark {
    /// The custom XML part the writer puts in the file (attribute values escaped).
    pub fn custom_xml(&self) -> String {
        let esc = |s: &str| quyche_text::escape_html(s);
        let recipient = match &self.recipient {
            Some(r) => format!(" recipient=\"{}\"", esc(r)),
            None => String::new(),
        };
        format!(
            "<{MARK_ELEMENT} xmlns=\"{MARK_NAMESPACE}\" regulation=\"{}\" round=\"{}\" \
             revision=\"{}\" text-sha256=\"{}\"{recipient}/>",
            esc(&self.regulation),
            esc(&self.round),
            self.revision,
            esc(&self.text_sha256)
        )
    }

    /// The custom document properties the writer adds: `(name, value)`.
    pub fn properties(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (format!("{PROPERTY_PREFIX}regulation"), self.regulation.clone()),
            (format!("{PROPERTY_PREFIX}round"), self.round.clone()),
            (format!("{PROPERTY_PREFIX}revision"), self.revision.to_string()),
            (format!("{PROPERTY_PREFIX}text-sha256"), self.text_sha256.clone()),
        ];
        if let Some(r) = &self.recipient {
            out.push((format!("{PROPERTY_PREFIX}recipient"), r.clone()));
        }
        out
    }

    /// From `(key, value)` pairs, keys without the prefix; `None` unless the four
    /// required ones are there and the revision is a number.
    fn from_pairs(pairs: &HashMap<String, String>) -> Option<CopyMark> {
        let get = |k: &str| pairs.get(k).map(|v| quyche_text::nfc(v.trim()));
        Some(CopyMark {
            regulation: get("regulation")?,
            round: get("round")?,
            revision: get("revision")?.parse().ok()?,
            text_sha256: get("text-sha256")?.to_ascii_lowercase(),
            recipient: get("recipient").filter(|r| !r.is_empty()),
        })
    }
}

/// What a returned review copy holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordReview {
    /// Which copy this is; `None` when the file carries no mark (not a review copy).
    pub mark: Option<CopyMark>,
    pub comments: Vec<WordComment>,
    pub changes: Vec<WordChange>,
    /// Every unit found by its bookmark, in the file's order, with its text as in the
    /// copy.
    pub units: Vec<CopyUnit>,
    /// Formatting-only tracked changes (`w:rPrChange`, `w:pPrChange`): skipped.
    pub formatting_changes: usize,
}

/// A unit of the copy, found by its bookmark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyUnit {
    pub id: u32,
    /// The paragraph its bookmark is in (1-based, every `w:p` of the body counted).
    pub paragraph: usize,
    /// Its own text as in the copy (label excluded), paragraphs joined by `\n`.
    pub text: String,
}

/// A Word comment, anchored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordComment {
    /// Word's `w:id`.
    pub id: String,
    pub author: String,
    pub date: Option<String>,
    /// NFC, paragraphs joined by `\n`.
    pub text: String,
    pub place: Place,
    /// The comment this one answers (its `id`), for a reply.
    pub reply_to: Option<String>,
}

/// What a tracked change does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Insertion,
    Deletion,
    Replacement,
    Move,
}

/// A tracked change, as a proposed wording of its unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordChange {
    /// Word's `w:id` of the (first) element.
    pub id: String,
    pub author: String,
    pub date: Option<String>,
    pub kind: ChangeKind,
    pub place: Place,
    /// The unit's text with this one change applied (label excluded).
    pub proposal: String,
    /// For a [`ChangeKind::Move`] whose source was found: where the words came from
    /// (their unit, and the words as `quote`). The proposal takes them out of there only
    /// when it is the same unit.
    pub moved_from: Option<Place>,
}

/// Where a comment or a change sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The stable unit id, from the nearest bookmark before; `None` when unknown.
    pub unit: Option<u32>,
    /// 1-based paragraph number in the returned file, for messages; 0 for a comment with
    /// no mark at all in the body (listed, never dropped).
    pub paragraph: usize,
    /// The unit's text as in the copy (deleted text in, inserted text out, label
    /// excluded); the paragraph's text when there is no unit.
    pub unit_text: String,
    /// What the comment covers / what the change replaces, in `unit_text`.
    pub quote: String,
    /// Char offset of `quote` in `unit_text`.
    pub offset: usize,
}

/// Reads a returned review copy. A file without a mark reads with `mark: None` (the
/// caller refuses it); a damaged file, or one that is no DOCX, is a [`WordError`].
pub fn read_review(bytes: &[u8]) -> Result<WordReview, WordError> {
    // The XML reader is third-party code fed with untrusted bytes, and the anchoring
    // indexes into what it read: a panic in either comes out as an error, never brings
    // the app down.
    std::panic::catch_unwind(|| read(bytes))
        .unwrap_or_else(|_| Err(WordError::Malformed("không đọc được nội dung tệp".into())))
}

fn read(bytes: &[u8]) -> Result<WordReview, WordError> {
    let mut package = Package::open(bytes)?;
    let mark = read_mark(&mut package)?;
    let document = package.require(DOCUMENT_PART)?;
    let body = walk(&document)?;
    let texts = match package.read(COMMENTS_PART)? {
        Some(xml) => comment_texts(&xml)?,
        None => Vec::new(),
    };
    let parents = match package.read(COMMENTS_EXTENDED_PART)? {
        Some(xml) => reply_parents(&xml)?,
        None => HashMap::new(),
    };
    Ok(assemble(mark, body, texts, parents))
}

// ---------------------------------------------------------------------------------------
// The mark.

fn read_mark(package: &mut Package<'_>) -> Result<Option<CopyMark>, WordError> {
    let mut items: Vec<String> = package
        .names()
        .filter(|n| {
            n.strip_prefix("customXml/item")
                .and_then(|r| r.strip_suffix(".xml"))
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect();
    items.sort();
    for name in items {
        let xml = package.require(&name)?;
        if let Some(mark) = mark_of_part(&xml) {
            return Ok(Some(mark));
        }
    }
    match package.read(PROPERTIES_PART)? {
        Some(xml) => Ok(mark_of_properties(&xml)),
        None => Ok(None),
    }
}

/// The mark in a custom XML part whose root is [`MARK_ELEMENT`]; anything else (another
/// program's part, damaged XML) is not ours.
fn mark_of_part(xml: &[u8]) -> Option<CopyMark> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                if e.local_name().as_ref() != MARK_ELEMENT.as_bytes() {
                    return None;
                }
                let pairs: HashMap<String, String> = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let k = String::from_utf8(a.key.local_name().as_ref().to_vec()).ok()?;
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned();
                        Some((k, v))
                    })
                    .collect();
                return CopyMark::from_pairs(&pairs);
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The mark in `docProps/custom.xml`: `<property name="quyche-review-…"><vt:lpwstr>…`.
fn mark_of_properties(xml: &[u8]) -> Option<CopyMark> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut pairs = HashMap::new();
    let mut current: Option<String> = None;
    let mut value = String::new();
    let mut depth_in_value = 0usize;
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => {
                if e.local_name().as_ref() == b"property" {
                    current = attr(&e, b"name")
                        .and_then(|n| n.strip_prefix(PROPERTY_PREFIX).map(str::to_owned));
                    value.clear();
                } else if current.is_some() {
                    depth_in_value += 1;
                }
            }
            Event::Text(t) if depth_in_value > 0 => value.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if depth_in_value > 0 => {
                if let Some(c) = entity(&r) {
                    value.push(c);
                }
            }
            Event::End(e) => {
                if e.local_name().as_ref() == b"property" {
                    if let Some(k) = current.take() {
                        pairs.insert(k, std::mem::take(&mut value));
                    }
                    depth_in_value = 0;
                } else {
                    depth_in_value = depth_in_value.saturating_sub(1);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    CopyMark::from_pairs(&pairs)
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    })
}

/// XML's five entities and character references; nothing else is text.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.decode().ok()?.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// The body, walked once.

/// What a tracked-change element is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edit {
    Ins,
    Del,
    MoveFrom,
    MoveTo,
}

/// One tracked-change element: where it sits in its paragraph's copy text (bytes), and
/// the words it adds (insertions) or takes out (deletions: `copy[start..end]`).
#[derive(Debug)]
struct RawChange {
    id: String,
    author: String,
    date: Option<String>,
    edit: Edit,
    /// The move's range name (`w:moveFromRangeStart w:name`), pairing its two ends.
    name: Option<String>,
    paragraph: usize,
    start: usize,
    end: usize,
    inserted: String,
}

/// A position in the body: paragraph index (0-based, into `Body::paragraphs`) and byte
/// offset in its copy text.
type At = (usize, usize);

#[derive(Default, Debug)]
struct Para {
    number: usize,
    style: Option<String>,
    /// The text as sent: plain and deleted text, inserted text left out.
    copy: String,
    /// `(byte offset, unit id)` of each unit bookmark that starts here.
    units: Vec<(usize, u32)>,
    body_end: bool,
}

#[derive(Default, Debug)]
struct Body {
    paragraphs: Vec<Para>,
    changes: Vec<RawChange>,
    comment_starts: HashMap<String, At>,
    comment_ends: HashMap<String, At>,
    comment_refs: HashMap<String, At>,
    formatting_changes: usize,
}

/// Elements whose content is no text of the copy.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"txbxContent"
            | b"Fallback"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"instrText"
            | b"delInstrText"
            | b"drawing"
            | b"pict"
            | b"object"
            | b"tblPr"
            | b"tblGrid"
            | b"trPr"
            | b"tcPr"
            | b"sectPr"
            | b"rPr"
            | b"pPrChange"
            | b"rPrChange"
    )
}

fn edit_of(name: &[u8]) -> Option<Edit> {
    match name {
        b"ins" => Some(Edit::Ins),
        b"del" => Some(Edit::Del),
        b"moveFrom" => Some(Edit::MoveFrom),
        b"moveTo" => Some(Edit::MoveTo),
        _ => None,
    }
}

/// The three marks of a comment in the body.
#[derive(Clone, Copy)]
enum CommentAnchor {
    Start,
    End,
    Reference,
}

struct Walker {
    body: Body,
    skip: usize,
    /// Open tracked-change elements: index into `body.changes`.
    open: Vec<usize>,
    /// Open fields: `true` once past `separate`.
    fields: Vec<bool>,
    in_text: bool,
    in_ppr: bool,
    /// The current move range names, by kind.
    move_from_name: Option<String>,
    move_to_name: Option<String>,
    /// Paragraphs open (a text box's paragraph inside another is skipped, so this is 0
    /// or 1).
    in_paragraph: bool,
    /// Starts met between paragraphs, for the next paragraph's beginning.
    pending: Vec<Pending>,
}

/// A start met between paragraphs.
enum Pending {
    Comment(String),
    Bookmark(String),
}

impl Walker {
    fn para(&mut self) -> Option<&mut Para> {
        if self.in_paragraph {
            self.body.paragraphs.last_mut()
        } else {
            None
        }
    }

    fn here(&self) -> Option<At> {
        if !self.in_paragraph {
            return None;
        }
        let i = self.body.paragraphs.len().checked_sub(1)?;
        Some((i, self.body.paragraphs[i].copy.len()))
    }

    /// Text of the current run. Each piece is made NFC as it arrives, so that byte
    /// offsets taken while walking stay true.
    fn text(&mut self, s: &str) {
        if s.is_empty() || self.fields.iter().any(|r| !r) || !self.in_paragraph {
            return;
        }
        let s = quyche_text::nfc(s);
        let s = s.as_str();
        match self.open.last().map(|&i| (i, self.body.changes[i].edit)) {
            Some((i, Edit::Ins | Edit::MoveTo)) => self.body.changes[i].inserted.push_str(s),
            Some((i, _)) => {
                if let Some(p) = self.para() {
                    p.copy.push_str(s);
                    let end = p.copy.len();
                    self.body.changes[i].end = end;
                }
            }
            None => {
                if let Some(p) = self.para() {
                    p.copy.push_str(s);
                }
            }
        }
    }

    /// Where a comment's range starts or ends, or its reference sits; the first of each
    /// counts (a damaged file may repeat one). Between paragraphs (Word puts a range
    /// around whole paragraphs there), a start belongs to the next paragraph's beginning
    /// and an end to the previous one's end.
    fn anchor(&mut self, e: &BytesStart<'_>, which: CommentAnchor) {
        let Some(id) = attr(e, b"id") else { return };
        let at = match (self.here(), which) {
            (Some(at), _) => at,
            (None, CommentAnchor::Start) => {
                self.pending.push(Pending::Comment(id));
                return;
            }
            (None, _) => match self.body.paragraphs.len().checked_sub(1) {
                Some(i) => (i, self.body.paragraphs[i].copy.len()),
                None => return,
            },
        };
        self.anchor_at(id, which, at);
    }

    fn anchor_at(&mut self, id: String, which: CommentAnchor, at: At) {
        let map = match which {
            CommentAnchor::Start => &mut self.body.comment_starts,
            CommentAnchor::End => &mut self.body.comment_ends,
            CommentAnchor::Reference => &mut self.body.comment_refs,
        };
        map.entry(id).or_insert(at);
    }

    /// A bookmark starts here: a unit's, or the body's end. Between paragraphs it belongs
    /// to the next paragraph's beginning.
    fn bookmark(&mut self, name: String) {
        let Some((p, at)) = self.here() else {
            self.pending.push(Pending::Bookmark(name));
            return;
        };
        self.bookmark_at(name, (p, at));
    }

    fn bookmark_at(&mut self, name: String, (p, at): At) {
        let para = &mut self.body.paragraphs[p];
        if name == BODY_END {
            para.body_end = true;
        } else if let Some(unit) = unit_of_bookmark(&name) {
            para.units.push((at, unit));
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.in_ppr {
            if name == b"pStyle" {
                let style = attr(e, b"val");
                if let Some(p) = self.para() {
                    p.style = style;
                }
            }
            return;
        }
        match name {
            b"p" => {
                let number = self.body.paragraphs.len() + 1;
                self.body.paragraphs.push(Para { number, ..Para::default() });
                self.in_paragraph = !empty;
                for pending in std::mem::take(&mut self.pending) {
                    match pending {
                        Pending::Comment(id) => {
                            self.anchor_at(id, CommentAnchor::Start, (number - 1, 0))
                        }
                        Pending::Bookmark(name) => self.bookmark_at(name, (number - 1, 0)),
                    }
                }
            }
            b"pPr" if !empty => self.in_ppr = true,
            b"t" | b"delText" if !empty => self.in_text = true,
            b"tab" => self.text("\t"),
            b"br" | b"cr" => self.text("\n"),
            b"noBreakHyphen" => self.text("-"),
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(last) = self.fields.last_mut() {
                        *last = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            b"bookmarkStart" => {
                if let Some(name) = attr(e, b"name") {
                    self.bookmark(name);
                }
            }
            b"commentRangeStart" => self.anchor(e, CommentAnchor::Start),
            b"commentRangeEnd" => self.anchor(e, CommentAnchor::End),
            b"commentReference" => self.anchor(e, CommentAnchor::Reference),
            b"moveFromRangeStart" => self.move_from_name = attr(e, b"name"),
            b"moveToRangeStart" => self.move_to_name = attr(e, b"name"),
            // Always empty elements: they end here, not at an end tag.
            b"moveFromRangeEnd" => self.move_from_name = None,
            b"moveToRangeEnd" => self.move_to_name = None,
            _ => {
                let Some(edit) = edit_of(name) else { return };
                // A tracked change of a paragraph mark sits in `w:pPr/w:rPr`, skipped
                // above; here only changes around runs arrive.
                let Some((paragraph, at)) = self.here() else { return };
                let name = match edit {
                    Edit::MoveFrom => self.move_from_name.clone(),
                    Edit::MoveTo => self.move_to_name.clone(),
                    _ => None,
                };
                self.body.changes.push(RawChange {
                    id: attr(e, b"id").unwrap_or_default(),
                    author: attr(e, b"author").unwrap_or_default(),
                    date: attr(e, b"date"),
                    edit,
                    name,
                    paragraph,
                    start: at,
                    end: at,
                    inserted: String::new(),
                });
                if !empty {
                    self.open.push(self.body.changes.len() - 1);
                }
            }
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.in_ppr {
            if name == b"pPr" {
                self.in_ppr = false;
            }
            return;
        }
        match name {
            b"p" => self.in_paragraph = false,
            b"t" | b"delText" => self.in_text = false,
            b"r" => self.in_text = false,
            _ => {
                if edit_of(name).is_some() {
                    self.open.pop();
                }
            }
        }
    }
}

fn walk(xml: &[u8]) -> Result<Body, WordError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut w = Walker {
        body: Body::default(),
        skip: 0,
        open: Vec::new(),
        fields: Vec::new(),
        in_text: false,
        in_ppr: false,
        move_from_name: None,
        move_to_name: None,
        in_paragraph: false,
        pending: Vec::new(),
    };
    let bad =
        |e: &dyn std::fmt::Display| WordError::Malformed(format!("{DOCUMENT_PART} hỏng: {e}"));
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                if w.skip > 0 {
                    // A formatting change sits inside the properties it changes.
                    count_formatting(&mut w, name.as_ref());
                    w.skip += 1;
                } else if skipped(name.as_ref()) && !(w.in_ppr && name.as_ref() == b"rPr") {
                    count_formatting(&mut w, name.as_ref());
                    w.skip = 1;
                } else {
                    w.start(&e, false);
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                if w.skip > 0 || skipped(name.as_ref()) {
                    count_formatting(&mut w, name.as_ref());
                } else {
                    w.start(&e, true);
                }
            }
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or_else(|| bad(&"thẻ đóng thừa"))?;
                if w.skip > 0 {
                    w.skip -= 1;
                } else {
                    w.end(e.local_name().as_ref());
                }
            }
            Event::Text(t) if w.in_text && w.skip == 0 => {
                let s = t.decode().map_err(|e| bad(&e))?;
                w.text(&s);
            }
            Event::CData(t) if w.in_text && w.skip == 0 => {
                let s = t.decode().map_err(|e| bad(&e))?;
                w.text(&s);
            }
            Event::GeneralRef(r) if w.in_text && w.skip == 0 => {
                if let Some(c) = entity(&r) {
                    w.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(WordError::Malformed(format!("{DOCUMENT_PART} bị cắt cụt")));
    }
    Ok(w.body)
}

fn count_formatting(w: &mut Walker, name: &[u8]) {
    if matches!(name, b"rPrChange" | b"pPrChange") {
        w.body.formatting_changes += 1;
    }
}

// ---------------------------------------------------------------------------------------
// The comments' own text.

struct CommentText {
    id: String,
    author: String,
    date: Option<String>,
    text: String,
    /// `w14:paraId` of the comment's last paragraph: how `commentsExtended.xml` names it.
    para_id: Option<String>,
}

fn comment_texts(xml: &[u8]) -> Result<Vec<CommentText>, WordError> {
    let bad =
        |e: &dyn std::fmt::Display| WordError::Malformed(format!("{COMMENTS_PART} hỏng: {e}"));
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<CommentText> = Vec::new();
    let mut in_comment = false;
    let mut in_text = false;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut skip = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(_) if skip > 0 => skip += 1,
            Event::End(_) if skip > 0 => skip -= 1,
            Event::Start(e) => match e.local_name().as_ref() {
                b"comment" => {
                    in_comment = true;
                    paragraphs.clear();
                    out.push(CommentText {
                        id: attr(&e, b"id").unwrap_or_default(),
                        author: quyche_text::nfc(&attr(&e, b"author").unwrap_or_default()),
                        date: attr(&e, b"date"),
                        text: String::new(),
                        para_id: None,
                    });
                }
                b"p" if in_comment => {
                    paragraphs.push(String::new());
                    if let (Some(c), Some(id)) = (out.last_mut(), attr(&e, b"paraId")) {
                        c.para_id = Some(id);
                    }
                }
                b"t" if in_comment => in_text = true,
                b"instrText" | b"delText" | b"rPr" | b"pPr" => skip = 1,
                _ => {}
            },
            Event::Empty(e) if skip == 0 && in_comment => match e.local_name().as_ref() {
                b"p" => paragraphs.push(String::new()),
                b"br" | b"cr" => push_last(&mut paragraphs, "\n"),
                b"tab" => push_last(&mut paragraphs, "\t"),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"comment" => {
                    in_comment = false;
                    if let Some(c) = out.last_mut() {
                        let text = paragraphs.join("\n");
                        c.text = quyche_text::nfc(text.trim_matches('\n'));
                    }
                }
                b"t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                push_last(&mut paragraphs, &t.decode().map_err(|e| bad(&e))?)
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                if let Some(c) = entity(&r) {
                    push_last(&mut paragraphs, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn push_last(v: &mut [String], s: &str) {
    if let Some(last) = v.last_mut() {
        last.push_str(s);
    }
}

/// `paraId → parent paraId` from `commentsExtended.xml`.
fn reply_parents(xml: &[u8]) -> Result<HashMap<String, String>, WordError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| WordError::Malformed(format!("{COMMENTS_EXTENDED_PART} hỏng: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"commentEx" => {
                if let (Some(id), Some(parent)) = (attr(&e, b"paraId"), attr(&e, b"paraIdParent")) {
                    out.insert(id, parent);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Anchoring.

/// Where each paragraph's text lands in a unit's text.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Index into `units` of the unit the paragraph's text from `from` belongs to.
    unit: Option<usize>,
    /// Bytes of the paragraph before `from`: a label (or a previous unit's tail).
    from: usize,
    /// Char offset in the unit's text where `copy[from..]` starts.
    base: usize,
}

struct Anchors<'a> {
    paragraphs: &'a [Para],
    units: Vec<CopyUnit>,
    /// Per paragraph, its slots in order of `from` (a paragraph holding two bookmarks has
    /// two).
    slots: Vec<Vec<Slot>>,
}

impl<'a> Anchors<'a> {
    fn new(paragraphs: &'a [Para]) -> Anchors<'a> {
        let mut units: Vec<CopyUnit> = Vec::new();
        let mut slots = Vec::with_capacity(paragraphs.len());
        let mut current: Option<usize> = None;
        let mut ended = false;
        for p in paragraphs {
            let outside = ended
                || p.body_end
                || matches!(p.style.as_deref(), Some(MARK_STYLE) | Some(FOOTER_STYLE));
            if p.body_end {
                ended = true;
            }
            if outside {
                current = None;
                slots.push(vec![Slot { unit: None, from: 0, base: 0 }]);
                continue;
            }
            let mut mine = Vec::new();
            let mut starts: Vec<(usize, u32)> = p.units.clone();
            starts.sort_by_key(|(at, _)| *at);
            // Text before the first bookmark: the label of a unit that starts here, or a
            // continuation of the unit before.
            if starts.is_empty() {
                if let Some(u) = current {
                    let base = append(&mut units[u].text, &p.copy);
                    mine.push(Slot { unit: Some(u), from: 0, base });
                } else {
                    mine.push(Slot { unit: None, from: 0, base: 0 });
                }
            } else {
                mine.push(Slot { unit: None, from: 0, base: 0 });
            }
            for (k, &(at, id)) in starts.iter().enumerate() {
                let to = starts.get(k + 1).map(|(a, _)| *a).unwrap_or(p.copy.len());
                let at = at.min(p.copy.len());
                let to = to.max(at).min(p.copy.len());
                units.push(CopyUnit { id, paragraph: p.number, text: String::new() });
                let u = units.len() - 1;
                let text = p.copy.get(at..to).unwrap_or("");
                let base = append(&mut units[u].text, text);
                mine.push(Slot { unit: Some(u), from: at, base });
                current = Some(u);
            }
            slots.push(mine);
        }
        Anchors { paragraphs, units, slots }
    }

    /// The slot a position falls in, and whether it fell in a label (before the slot's
    /// text starts).
    fn slot(&self, (p, at): At) -> (Slot, bool) {
        let slots = &self.slots[p];
        let mut chosen = slots[0];
        for s in slots {
            if s.from <= at {
                chosen = *s;
            }
        }
        // The first slot of a paragraph with a bookmark is its label.
        let in_label = chosen.unit.is_none() && !self.paragraphs[p].units.is_empty();
        (chosen, in_label)
    }

    /// The unit text of a place and the char offset of `at` in it.
    fn locate(&self, (p, at): At) -> Located {
        let (slot, in_label) = self.slot((p, at));
        let para = &self.paragraphs[p];
        if in_label {
            // In a label: the unit that starts at the paragraph's first bookmark.
            let first = self.slots[p].iter().find(|s| s.unit.is_some()).copied();
            if let Some(s) = first {
                return Located {
                    unit: s.unit,
                    text_of_paragraph: None,
                    offset: s.base,
                    label: true,
                };
            }
        }
        match slot.unit {
            Some(u) => {
                let head = para.copy.get(slot.from..at.min(para.copy.len())).unwrap_or("");
                Located {
                    unit: Some(u),
                    text_of_paragraph: None,
                    offset: slot.base + head.chars().count(),
                    label: false,
                }
            }
            None => Located {
                unit: None,
                text_of_paragraph: Some(p),
                offset: para.copy.get(..at.min(para.copy.len())).unwrap_or("").chars().count(),
                label: false,
            },
        }
    }

    fn text(&self, l: &Located) -> &str {
        match (l.unit, l.text_of_paragraph) {
            (Some(u), _) => &self.units[u].text,
            (None, Some(p)) => &self.paragraphs[p].copy,
            _ => "",
        }
    }
}

struct Located {
    unit: Option<usize>,
    text_of_paragraph: Option<usize>,
    offset: usize,
    label: bool,
}

/// Appends a paragraph's text to a unit's text, `\n` between non-empty pieces; returns
/// the char offset where the piece starts.
fn append(unit: &mut String, piece: &str) -> usize {
    if !piece.is_empty() && !unit.is_empty() {
        unit.push('\n');
    }
    let base = unit.chars().count();
    unit.push_str(piece);
    base
}

fn char_slice(s: &str, from: usize, to: usize) -> String {
    s.chars().skip(from).take(to.saturating_sub(from)).collect()
}

/// `text` with chars `[from, to)` replaced by `with`.
fn splice(text: &str, from: usize, to: usize, with: &str) -> String {
    let mut out: String = text.chars().take(from).collect();
    out.push_str(with);
    out.extend(text.chars().skip(to));
    out
}

fn assemble(
    mark: Option<CopyMark>,
    body: Body,
    texts: Vec<CommentText>,
    parents: HashMap<String, String>,
) -> WordReview {
    let anchors = Anchors::new(&body.paragraphs);
    let place_of = |l: &Located, quote_end: Option<usize>, paragraph: usize| {
        let text = anchors.text(l);
        let len = text.chars().count();
        let offset = l.offset.min(len);
        let end = quote_end.unwrap_or(offset).clamp(offset, len);
        Place {
            unit: l.unit.map(|u| anchors.units[u].id),
            paragraph,
            unit_text: text.to_owned(),
            quote: char_slice(text, offset, end),
            offset,
        }
    };

    // Comments, in the order Word lists them in comments.xml.
    let by_para_id: HashMap<&str, &str> =
        texts.iter().filter_map(|c| Some((c.para_id.as_deref()?, c.id.as_str()))).collect();
    let mut comments = Vec::new();
    for c in &texts {
        let start = body.comment_starts.get(&c.id).or_else(|| body.comment_refs.get(&c.id));
        let place = match start {
            Some(&at) => {
                let l = anchors.locate(at);
                let end = body
                    .comment_ends
                    .get(&c.id)
                    .filter(|_| body.comment_starts.contains_key(&c.id))
                    .map(|&e| {
                        let le = anchors.locate(e);
                        if le.unit == l.unit && le.text_of_paragraph == l.text_of_paragraph {
                            le.offset
                        } else {
                            // Ends in a later unit, or outside the body: clipped at the
                            // end of where it starts.
                            usize::MAX
                        }
                    });
                place_of(&l, end, body.paragraphs[at.0].number)
            }
            None => Place {
                unit: None,
                paragraph: 0,
                unit_text: String::new(),
                quote: String::new(),
                offset: 0,
            },
        };
        let reply_to = c
            .para_id
            .as_deref()
            .and_then(|p| parents.get(p))
            .and_then(|parent| by_para_id.get(parent.as_str()))
            .map(|id| (*id).to_owned());
        comments.push(WordComment {
            id: c.id.clone(),
            author: c.author.clone(),
            date: c.date.clone(),
            text: c.text.clone(),
            place,
            reply_to,
        });
    }

    let changes = changes(&body, &anchors, &place_of);
    WordReview {
        mark,
        comments,
        changes,
        units: anchors.units.clone(),
        formatting_changes: body.formatting_changes,
    }
}

/// Neighbouring elements of one change, merged.
struct Group<'b> {
    first: &'b RawChange,
    paragraph: usize,
    start: usize,
    end: usize,
    inserted: String,
}

impl Group<'_> {
    /// The words it takes out of the copy.
    fn removed<'p>(&self, body: &'p Body) -> &'p str {
        body.paragraphs[self.paragraph].copy.get(self.start..self.end).unwrap_or("")
    }
}

type PlaceOf<'f> = dyn Fn(&Located, Option<usize>, usize) -> Place + 'f;

/// Groups the raw elements into changes: neighbours of one kind, author and date merge;
/// a deletion then an insertion of one author at the same point is a replacement; a
/// move's two ends pair by name (else by their words).
fn changes(body: &Body, anchors: &Anchors<'_>, place_of: &PlaceOf<'_>) -> Vec<WordChange> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for c in &body.changes {
        if let Some(g) = groups.last_mut() {
            let same = g.first.edit == c.edit
                && g.first.author == c.author
                && g.first.date == c.date
                && g.first.name == c.name
                && g.paragraph == c.paragraph
                && g.end == c.start;
            if same {
                g.end = c.end;
                g.inserted.push_str(&c.inserted);
                continue;
            }
        }
        groups.push(Group {
            first: c,
            paragraph: c.paragraph,
            start: c.start,
            end: c.end,
            inserted: c.inserted.clone(),
        });
    }
    // An element around nothing says nothing.
    groups.retain(|g| g.start != g.end || !g.inserted.is_empty());

    // Pair the moves: each destination with its source.
    let mut source_of: HashMap<usize, usize> = HashMap::new();
    let mut paired = vec![false; groups.len()];
    for (i, g) in groups.iter().enumerate() {
        if g.first.edit != Edit::MoveTo {
            continue;
        }
        let from = (0..groups.len()).find(|&j| {
            let f = &groups[j];
            f.first.edit == Edit::MoveFrom
                && !paired[j]
                && match (&f.first.name, &g.first.name) {
                    (Some(a), Some(b)) => a == b,
                    _ => f.removed(body) == g.inserted,
                }
        });
        if let Some(j) = from {
            paired[j] = true;
            source_of.insert(i, j);
        }
    }

    let number = |p: usize| body.paragraphs[p].number;
    let mut out = Vec::new();
    let mut i = 0;
    while i < groups.len() {
        let g = &groups[i];
        if g.first.edit == Edit::MoveFrom && paired[i] {
            i += 1;
            continue;
        }
        let l = anchors.locate((g.paragraph, g.start));
        let mut next = i + 1;
        let (kind, removed_end, inserted) = match g.first.edit {
            Edit::Del | Edit::MoveFrom => {
                let e = anchors.locate((g.paragraph, g.end)).offset;
                match groups.get(i + 1) {
                    Some(n)
                        if g.first.edit == Edit::Del
                            && n.first.edit == Edit::Ins
                            && n.first.author == g.first.author
                            && n.paragraph == g.paragraph
                            && n.start == g.end =>
                    {
                        next = i + 2;
                        (ChangeKind::Replacement, e, n.inserted.clone())
                    }
                    // A source whose destination was not found: its words leave.
                    _ if g.first.edit == Edit::MoveFrom => (ChangeKind::Move, e, String::new()),
                    _ => (ChangeKind::Deletion, e, String::new()),
                }
            }
            Edit::Ins => (ChangeKind::Insertion, l.offset, g.inserted.clone()),
            Edit::MoveTo => (ChangeKind::Move, l.offset, g.inserted.clone()),
        };
        let mut place = place_of(&l, Some(removed_end), number(g.paragraph));
        let mut proposal = place.unit_text.clone();
        let moved_from = source_of.get(&i).map(|&j| {
            let f = &groups[j];
            let lf = anchors.locate((f.paragraph, f.start));
            let end = anchors.locate((f.paragraph, f.end)).offset;
            place_of(&lf, Some(end), number(f.paragraph))
        });
        if l.label {
            // A derived number is no wording: listed, never applied.
            place.unit = None;
            place.quote = g.removed(body).to_owned();
        } else if place.unit.is_some() || l.text_of_paragraph.is_some() {
            let inserted = new_line(body, g, &place, inserted);
            let end = place.offset + place.quote.chars().count();
            proposal = splice(&place.unit_text, place.offset, end, &inserted);
            // A move within one unit also takes the words out of their old place.
            if let Some(&j) = source_of.get(&i) {
                let f = &groups[j];
                let lf = anchors.locate((f.paragraph, f.start));
                if lf.unit.is_some() && lf.unit == l.unit && !lf.label {
                    let len = f.removed(body).chars().count();
                    let (from, ins_len) = (lf.offset, inserted.chars().count());
                    // The old place shifts when the new one is before it.
                    let from = if place.offset <= from { from + ins_len } else { from };
                    proposal = splice(&proposal, from, from + len, "");
                }
            }
        }
        out.push(WordChange {
            id: g.first.id.clone(),
            author: g.first.author.clone(),
            date: g.first.date.clone(),
            kind,
            place,
            proposal,
            moved_from,
        });
        i = next;
    }
    out
}

/// Text inserted into a paragraph that holds no words of the copy (a paragraph the
/// reviewer added) is a new line of the unit: it goes after a `\n`.
fn new_line(body: &Body, g: &Group<'_>, place: &Place, inserted: String) -> String {
    let para = &body.paragraphs[g.paragraph];
    let own_empty = para.copy.get(g.start..).is_some_and(str::is_empty) && para.units.is_empty();
    let at_end = place.offset == place.unit_text.chars().count();
    if place.unit.is_some() && own_empty && g.start == 0 && at_end && !place.unit_text.is_empty() {
        format!("\n{inserted}")
    } else {
        inserted
    }
}
