//! The canonical text as a list of typed lines: what every format lays out, and what
//! `verify` rebuilds.
//!
//! The texts are taken from `quyche_text::render` itself (not re-derived), so an export
//! can never say anything other than the sealed canonical text; the model only supplies
//! the role of each line (which decides its layout) and the part it belongs to (which
//! lets `verify` say *where* a file differs).

use quyche_model::{Document, Kind, Unit, UnitId};
use sha2::{Digest, Sha256};

/// What a canonical line is, as far as layout is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// `# SOURCE:` lines. Not shown (they are the app's notes, not the regulation).
    Note,
    /// Issuing body lines above the last one (the parent body): upright, not bold.
    IssuerParent,
    /// The last issuing body line (the body that issues): bold.
    IssuerOwn,
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` (or `ĐẢNG CỘNG SẢN VIỆT NAM`).
    National,
    /// `Độc lập - Tự do - Hạnh phúc`.
    Motto,
    Number,
    /// `DỰ THẢO`: never shown on an approved export.
    Mark,
    PlaceDate,
    DocType,
    Title,
    /// A parenthesised title line: `(Ban hành kèm theo Quyết định số …)`.
    TitleNote,
    Preamble,
    PartLabel,
    PartTitle,
    ChapterLabel,
    ChapterTitle,
    Section,
    Article,
    /// The authority that decides, in a decision: `BAN CHẤP HÀNH LIÊN MINH …`, after the
    /// title's rule and before the bases, as the decree's model decision sets it.
    Authority,
    /// A decision's article: `Điều 1. Ban hành kèm theo …` is one sentence after its label,
    /// so only `Điều 1.` is bold, as the decree's model decision sets it.
    Provision,
    /// An article's lead paragraph, or a continuation paragraph of a clause or point.
    Body,
    Clause,
    Point,
    SubPoint,
    /// The adoption sentence and other running text of the closing block.
    ClosingText,
    /// `TM. BAN CHẤP HÀNH`, `CHỦ TỊCH`: signature titles.
    SignTitle,
    /// The signer's name.
    SignName,
    /// `Nơi nhận:`.
    RecipientsHead,
    Recipient,
}

impl Role {
    /// Lines kept out of the visible export; the manifest carries them so `verify` can
    /// put them back before hashing.
    pub(crate) fn omitted(self) -> bool {
        matches!(self, Role::Note | Role::Mark)
    }

    pub(crate) fn in_header_table(self) -> bool {
        matches!(
            self,
            Role::IssuerParent
                | Role::IssuerOwn
                | Role::National
                | Role::Motto
                | Role::Number
                | Role::PlaceDate
        )
    }

    /// Recipients and signature, laid out side by side.
    pub(crate) fn in_closing_table(self) -> bool {
        self.is_signature() || self.is_recipients()
    }

    pub(crate) fn is_signature(self) -> bool {
        matches!(self, Role::SignTitle | Role::SignName)
    }

    pub(crate) fn is_recipients(self) -> bool {
        matches!(self, Role::RecipientsHead | Role::Recipient)
    }

    /// A stable name, used as the DOCX style id suffix and the HTML class.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Note => "note",
            Role::IssuerParent => "issuer-parent",
            Role::IssuerOwn => "issuer",
            Role::National => "national",
            Role::Motto => "motto",
            Role::Number => "number",
            Role::Mark => "mark",
            Role::PlaceDate => "place-date",
            Role::DocType => "doc-type",
            Role::Title => "title",
            Role::TitleNote => "title-note",
            Role::Preamble => "preamble",
            Role::PartLabel => "part",
            Role::PartTitle => "part-title",
            Role::ChapterLabel => "chapter",
            Role::ChapterTitle => "chapter-title",
            Role::Section => "section",
            Role::Article => "article",
            Role::Provision => "provision",
            Role::Authority => "authority",
            Role::Body => "body",
            Role::Clause => "clause",
            Role::Point => "point",
            Role::SubPoint => "sub-point",
            Role::ClosingText => "closing",
            Role::SignTitle => "sign-title",
            Role::SignName => "sign-name",
            Role::RecipientsHead => "recipients-head",
            Role::Recipient => "recipient",
        }
    }

    pub(crate) const ALL: [Role; 29] = [
        Role::Note,
        Role::IssuerParent,
        Role::IssuerOwn,
        Role::National,
        Role::Motto,
        Role::Number,
        Role::Mark,
        Role::PlaceDate,
        Role::DocType,
        Role::Title,
        Role::TitleNote,
        Role::Preamble,
        Role::PartLabel,
        Role::PartTitle,
        Role::ChapterLabel,
        Role::ChapterTitle,
        Role::Section,
        Role::Article,
        Role::Provision,
        Role::Authority,
        Role::Body,
        Role::Clause,
        Role::Point,
        Role::SubPoint,
        Role::ClosingText,
        Role::SignTitle,
        Role::SignName,
        Role::RecipientsHead,
        Role::Recipient,
    ];
}

/// One canonical line.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub role: Role,
    pub text: String,
    /// The unit this line opens, on the first line of every part, chapter, section,
    /// article, clause, point and sub-point; `None` on a continuation line (it belongs to
    /// the unit before it) and outside the body. Only the review copy shows it (as a
    /// bookmark); every other format ignores it, so their output is unchanged.
    pub unit: Option<UnitMark>,
}

/// Where a unit starts in its first line: its stable id, and how many bytes of the line
/// are its derived label (`Điều 5. `, `1. `, `a) `), which is not the unit's own text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UnitMark {
    pub id: UnitId,
    pub label: usize,
}

/// A stretch of the text that `verify` names when it differs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// `phần đầu`, `phần căn cứ`, `Chương II`, `Chương II, Mục 1`, `Điều 5`, `phần kết`.
    pub key: String,
    /// First 16 hex digits of SHA-256 over the part's lines, with the unit's own number
    /// left out so that a renumbered but unchanged article keeps its hash.
    pub hash: String,
}

/// A line the visible export leaves out, with its index in the canonical text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Omitted {
    pub at: usize,
    pub text: String,
}

pub(crate) struct Layout {
    pub lines: Vec<Line>,
    pub parts: Vec<Part>,
}

impl Layout {
    pub(crate) fn omitted(&self) -> Vec<Omitted> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.role.omitted())
            .map(|(at, l)| Omitted { at, text: l.text.clone() })
            .collect()
    }

    /// The visible lines with their canonical index.
    pub(crate) fn visible(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines.iter().enumerate().filter(|(_, l)| !l.role.omitted())
    }

    /// The header block's two columns, each in the order it is laid out: the issuing body
    /// and the number on the left; the national name, the motto, and place and date on
    /// the right. Both are empty when the text has no header lines.
    pub(crate) fn header_columns(&self) -> [Vec<(usize, &Line)>; 2] {
        let of = |roles: &[Role]| -> Vec<(usize, &Line)> {
            self.visible().filter(|(_, l)| roles.contains(&l.role)).collect()
        };
        let mut left = of(&[Role::IssuerParent, Role::IssuerOwn]);
        left.extend(of(&[Role::Number]));
        let mut right = of(&[Role::National, Role::Motto]);
        right.extend(of(&[Role::PlaceDate]));
        [left, right]
    }

    /// The visible lines below the header block.
    pub(crate) fn below_header(&self) -> Vec<(usize, &Line)> {
        self.visible().filter(|(_, l)| !l.role.in_header_table()).collect()
    }
}

/// One row of the closing block: recipients (left), signature (right), each line with its
/// canonical index.
pub(crate) type Row<'a> = (Vec<(usize, &'a Line)>, Vec<(usize, &'a Line)>);

/// Splits a run of signature and recipient lines into table rows that keep text order:
/// recipients then signature share a row; a signature followed by recipients takes two.
pub(crate) fn closing_rows<'a>(run: &[(usize, &'a Line)]) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    for &(i, l) in run {
        let sig = l.role.is_signature();
        match rows.last_mut() {
            Some((_, s)) if sig => s.push((i, l)),
            Some((r, s)) if !sig && s.is_empty() => r.push((i, l)),
            _ if sig => rows.push((Vec::new(), vec![(i, l)])),
            _ => rows.push((vec![(i, l)], Vec::new())),
        }
    }
    rows
}

/// A piece of the page below the header block, the same in every laid-out format.
pub(crate) enum Block<'a> {
    /// One line, with its canonical index.
    Line(usize, &'a Line),
    /// The short rule under the document type and title.
    TitleRule,
    /// A run of recipient and signature lines, side by side in a table.
    Closing(Vec<Row<'a>>),
}

/// `lines` (below the header block) as blocks: the title rule goes after the document
/// type and title, before whatever follows them, and each run of recipient and signature
/// lines becomes one closing table.
pub(crate) fn blocks<'a>(lines: &[(usize, &'a Line)]) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut k = 0;
    let mut title_rule_pending = false;
    while k < lines.len() {
        let (i, l) = lines[k];
        if title_rule_pending && !matches!(l.role, Role::Title | Role::TitleNote) {
            out.push(Block::TitleRule);
            title_rule_pending = false;
        }
        if l.role.in_closing_table() {
            let start = k;
            while k < lines.len() && lines[k].1.role.in_closing_table() {
                k += 1;
            }
            out.push(Block::Closing(closing_rows(&lines[start..k])));
            continue;
        }
        out.push(Block::Line(i, l));
        if matches!(l.role, Role::DocType | Role::Title | Role::TitleNote) {
            title_rule_pending = true;
        }
        k += 1;
    }
    if title_rule_pending {
        out.push(Block::TitleRule);
    }
    out
}

pub(crate) fn short_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

struct Builder<'a> {
    canon: Vec<&'a str>,
    next: usize,
    lines: Vec<Line>,
    parts: Vec<Part>,
    /// Lines of the current part, numbers stripped, for its hash.
    part_text: String,
    consistent: bool,
}

impl<'a> Builder<'a> {
    /// Takes the next canonical line, checking that it is the one the model predicts.
    fn take(&mut self, role: Role, expected: &str) {
        self.take_unit(role, expected, None);
    }

    /// [`Builder::take`] for the line that opens a unit.
    fn take_unit(&mut self, role: Role, expected: &str, unit: Option<UnitMark>) {
        let text = match self.canon.get(self.next) {
            Some(t) => *t,
            None => {
                self.consistent = false;
                return;
            }
        };
        if text != expected {
            self.consistent = false;
        }
        self.next += 1;
        self.lines.push(Line { role, text: text.to_owned(), unit });
    }

    /// Takes the next canonical line and counts it in the current part's hash.
    fn take_hashed(&mut self, role: Role, line: &str) {
        self.take(role, line);
        self.hashed(line);
    }

    fn open_part(&mut self, key: String) {
        self.close_part();
        self.parts.push(Part { key, hash: String::new() });
    }

    fn close_part(&mut self) {
        if let Some(p) = self.parts.last_mut() {
            if p.hash.is_empty() {
                p.hash = short_hash(&self.part_text);
            }
        }
        self.part_text.clear();
    }

    fn hashed(&mut self, s: &str) {
        self.part_text.push_str(s);
        self.part_text.push('\n');
    }
}

/// One element as render prints it: embedded line breaks become spaces.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

fn non_blank(lines: &[String]) -> impl Iterator<Item = String> + '_ {
    lines.iter().filter(|l| !l.trim().is_empty()).map(|l| one_line(l))
}

/// Builds the typed lines of `doc`. Always returns exactly the lines of
/// `quyche_text::render(doc)`; should the model and the renderer ever disagree, every
/// line falls back to plain body text rather than risk a different text.
pub(crate) fn layout(doc: &Document) -> Layout {
    let canon_text = quyche_text::render(doc);
    let canon: Vec<&str> =
        canon_text.strip_suffix('\n').unwrap_or(&canon_text).split('\n').collect();
    let canon = if canon_text.is_empty() { Vec::new() } else { canon };
    let mut b = Builder {
        canon,
        next: 0,
        lines: Vec::new(),
        parts: Vec::new(),
        part_text: String::new(),
        consistent: true,
    };

    for n in non_blank(&doc.notes) {
        b.take(Role::Note, &n);
    }
    let h = &doc.header;
    b.open_part("phần đầu".into());
    let issuers: Vec<String> = non_blank(&h.issuing_body).collect();
    for (i, l) in issuers.iter().enumerate() {
        let role = if i + 1 == issuers.len() { Role::IssuerOwn } else { Role::IssuerParent };
        b.take_hashed(role, l);
    }
    for (i, l) in non_blank(&h.motto).enumerate() {
        let role =
            if i == 0 && l.chars().any(char::is_alphabetic) && !l.chars().any(char::is_lowercase) {
                Role::National
            } else {
                Role::Motto
            };
        b.take_hashed(role, &l);
    }
    if let Some(n) = &h.number {
        let l = if n.value.is_empty() {
            format!("{}:", n.label)
        } else {
            format!("{}: {}", n.label, n.value)
        };
        let l = one_line(&l);
        b.take_hashed(Role::Number, &l);
    }
    for m in non_blank(&h.marks) {
        b.take(Role::Mark, &m);
    }
    if let Some(pd) = &h.place_date {
        let l = one_line(pd);
        b.take_hashed(Role::PlaceDate, &l);
    }
    if let Some(t) = &h.doc_type {
        let l = one_line(t);
        b.take_hashed(Role::DocType, &l);
    }
    for l in non_blank(&h.title) {
        let role = if l.trim_start().starts_with('(') { Role::TitleNote } else { Role::Title };
        b.take_hashed(role, &l);
    }
    let preamble: Vec<String> = non_blank(&doc.preamble).collect();
    if !preamble.is_empty() {
        b.open_part("phần căn cứ".into());
        for l in &preamble {
            b.take_hashed(Role::Preamble, l);
        }
    }
    let numbering = doc.numbering();
    let mut scope = Scope::default();
    for u in &doc.body {
        unit(&mut b, u, &numbering, &mut scope);
    }
    let closing: Vec<String> = non_blank(&doc.closing).collect();
    if !closing.is_empty() {
        b.open_part("phần kết".into());
        let roles = closing_roles(&closing);
        for (l, role) in closing.iter().zip(roles) {
            b.take_hashed(role, l);
        }
    }
    b.close_part();
    // Empty parts (a header with nothing in it) say nothing useful.
    if b.next != b.canon.len() {
        b.consistent = false;
    }
    if !b.consistent {
        let lines = b
            .canon
            .iter()
            .map(|t| Line { role: Role::Body, text: (*t).to_owned(), unit: None })
            .collect();
        let all = b.canon.join("\n");
        return Layout {
            lines,
            parts: vec![Part { key: "toàn văn".into(), hash: short_hash(&all) }],
        };
    }
    Layout { lines: b.lines, parts: b.parts }
}

#[derive(Default)]
struct Scope {
    part: Option<String>,
    chapter: Option<String>,
}

fn unit(b: &mut Builder<'_>, u: &Unit, numbering: &quyche_model::Numbering, scope: &mut Scope) {
    let marker =
        numbering.label(u.id).map(|l| l.marker().to_string()).unwrap_or_else(|| "?".into());
    let title = u.title.trim();
    match u.kind {
        Kind::Part | Kind::Chapter => {
            let key = if u.kind == Kind::Part {
                scope.part = Some(marker.clone());
                scope.chapter = None;
                marker.clone()
            } else {
                scope.chapter = Some(marker.clone());
                marker.clone()
            };
            b.open_part(key);
            b.hashed(&format!("{:?}", u.kind));
            let (label_role, title_role) = if u.kind == Kind::Part {
                (Role::PartLabel, Role::PartTitle)
            } else {
                (Role::ChapterLabel, Role::ChapterTitle)
            };
            let whole = Some(UnitMark { id: u.id, label: marker.len() });
            if title.is_empty() {
                b.take_unit(label_role, &marker, whole);
            } else {
                // The renderer keeps a title that reads as a heading on the label's line.
                let joined = format!("{marker}. {}", one_line(title));
                if b.canon.get(b.next) == Some(&joined.as_str()) {
                    let mark = UnitMark { id: u.id, label: marker.len() + 2 };
                    b.take_unit(label_role, &joined, Some(mark));
                } else {
                    b.take_unit(label_role, &marker, whole);
                    b.take(title_role, &one_line(title));
                }
                b.hashed(title);
            }
            for p in non_blank(&u.paragraphs) {
                b.take_hashed(Role::Body, &p);
            }
        }
        Kind::Section | Kind::Article => {
            let key = match (u.kind, &scope.chapter, &scope.part) {
                (Kind::Section, Some(c), _) => format!("{c}, {marker}"),
                (Kind::Section, None, Some(p)) => format!("{p}, {marker}"),
                _ => marker.clone(),
            };
            b.open_part(key);
            b.hashed(&format!("{:?}", u.kind));
            let role = if u.kind == Kind::Section { Role::Section } else { Role::Article };
            if title.is_empty() {
                b.take_unit(role, &marker, Some(UnitMark { id: u.id, label: marker.len() }));
            } else {
                let mark = UnitMark { id: u.id, label: marker.len() + 2 };
                b.take_unit(role, &format!("{marker}. {}", one_line(title)), Some(mark));
            }
            b.hashed(title);
            for p in non_blank(&u.paragraphs) {
                b.take_hashed(Role::Body, &p);
            }
        }
        Kind::Clause | Kind::Point | Kind::SubPoint => {
            let role = match u.kind {
                Kind::Clause => Role::Clause,
                Kind::Point => Role::Point,
                _ => Role::SubPoint,
            };
            let (first, rest) = match u.paragraphs.split_first() {
                Some((f, r)) => (f.trim(), r),
                None => ("", &[][..]),
            };
            let (l, label) = if first.is_empty() {
                (marker.clone(), marker.len())
            } else {
                (format!("{marker} {}", one_line(first)), marker.len() + 1)
            };
            // Clause and point numbers restart in every article, so they stay in the hash.
            b.take_unit(role, &l, Some(UnitMark { id: u.id, label }));
            b.hashed(&l);
            for p in non_blank(rest) {
                b.take_hashed(Role::Body, &p);
            }
        }
    }
    for c in &u.children {
        unit(b, c, numbering, scope);
    }
}

/// Authority marks before a signature title (Decree 30, ô 7a).
fn is_authority(l: &str) -> bool {
    ["TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "T/L"].iter().any(|p| l.starts_with(p))
}

fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Tells the adoption sentence, the signature block and the recipients list apart.
pub(crate) fn closing_roles(lines: &[String]) -> Vec<Role> {
    let mut roles = Vec::with_capacity(lines.len());
    let mut in_recipients = false;
    let mut after_sign = false;
    for l in lines {
        let t = l.trim();
        let role = if t.starts_with("Nơi nhận") {
            in_recipients = true;
            after_sign = false;
            Role::RecipientsHead
        } else if in_recipients && (t.starts_with('-') || t.starts_with('+') || t.starts_with('–'))
        {
            Role::Recipient
        } else if is_authority(t) || (is_upper(t) && t.chars().count() <= 80) {
            in_recipients = false;
            after_sign = true;
            Role::SignTitle
        } else if after_sign && t.chars().count() <= 60 && !t.ends_with('.') && !t.ends_with(';') {
            in_recipients = false;
            Role::SignName
        } else {
            in_recipients = false;
            after_sign = false;
            Role::ClosingText
        };
        roles.push(role);
    }
    roles
}
