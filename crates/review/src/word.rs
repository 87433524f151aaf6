//! A member's review in Word, back in as comments.
//!
//! Some members review only in Word: they get a review copy (a Decree 30 DOCX of the
//! open round's revision, marked with the regulation, the round, the revision and its
//! text hash, every article, clause and point carrying its stable id), write Word
//! comments and tracked changes, and send the file back. `quyche-word` reads the file
//! ([`quyche_word::review::read_review`]); this module decides what it may add to the
//! database, as [`Review::import_bundle`] does for a signed bundle:
//!
//! * **Who**: the importer is whoever may import bundles ([`Act::ImportBundle`]: the
//!   chairman or the secretary), at a stage bundles are taken in, on a text drafted here.
//!   The comment's author is the member who wrote it; the audit entry names the importer
//!   and the file.
//! * **Which file**: only a review copy of this regulation's *open* round, of that
//!   round's revision and text hash. A file without the mark, or marked for another
//!   regulation, round, revision or text, is the wrong file ([`ReviewError::BadInput`]);
//!   a copy of a round that has closed is a workflow refusal ([`ReviewError::Refused`]).
//! * **What**: every Word comment becomes a comment anchored on the text it covers (unit
//!   and quote, the occurrence nearest Word's position); every tracked change becomes a
//!   comment quoting the paragraph it changes and proposing the paragraph with that
//!   change applied. The anchor is checked against the round's revision with the one
//!   anchoring rule ([`anchor::anchor`]); a paragraph the member edited without tracking
//!   is still anchored when the quote alone is found in the unit.
//! * **Whose**: the Word author is matched to a roster person by name, compared as
//!   people compare them ([`same_person_name`]); one person named for the whole file (the
//!   CLI's `--reviewer`); else the person the copy was made for. The person must be a reviewer of the
//!   round, or the chairman, as [`Review::add_comment`] requires.
//! * **Never silently dropped**: what cannot be anchored or attributed is listed with the
//!   reason, first; everything else follows in document order.
//! * **Once**: a comment's id is derived from the regulation, the round and the Word item
//!   itself (kind, author, date, place, words), so importing the same file again adds
//!   nothing, and a second return from the same member adds only what is new. Word's own
//!   ids are left out: Word numbers comments again when it saves.
//! * **All or nothing**: the new comments of one file are written in one store
//!   transaction with one audit entry.

use std::collections::{HashMap, HashSet};

use quyche_model::UnitId;
use quyche_store::{Action, RecordWrite};
use quyche_word::review::{ChangeKind, CopyMark, Place, WordReview};
use serde::Serialize;

use crate::comments::{comment_words, safe};
use crate::model::{Comment, Person, Role, Round};
use crate::people::name_skeleton;
use crate::records::{short_id, COMMENTS};
use crate::rules::{self, Act};
use crate::{anchor, Result, Review, ReviewError};

/// The audit verb of a Word review taken in.
pub const WORD_REVIEW_IN: &str = "word-review-in";

/// Which kind of Word item a comment came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WordItemKind {
    /// A Word comment (Review › New Comment): its words, on the text it covers.
    Comment,
    /// A tracked change (Review › Track Changes): a proposed wording.
    Change,
}

/// One Word comment or tracked change, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordItem {
    pub anchored: bool,
    pub kind: WordItemKind,
    /// The author as written in Word.
    pub word_author: String,
    /// The roster person's name it was recorded under.
    pub person: Option<String>,
    /// "khoản 2 Điều 5", numbered in the round's revision.
    pub provision: Option<String>,
    pub quote: String,
    /// The comment's words; for a change, a short description ("Đề nghị sửa …").
    pub text: String,
    pub proposal: Option<String>,
    /// Why it was not anchored or not imported.
    pub reason: Option<String>,
    /// The stored comment, when added by this import or already there.
    pub comment_id: Option<String>,
    /// Added by this import (false: it was there already, or not imported).
    pub new: bool,
    /// The paragraph of the file (1-based): the document order.
    pub paragraph: usize,
}

/// What importing one Word review did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordImport {
    /// Comments added by this import.
    pub added: u32,
    /// Items already imported from an earlier return.
    pub already: u32,
    /// Every item: the ones not anchored or not imported first, then in document order.
    pub items: Vec<WordItem>,
}

/// Whether a name written in Word is a roster person's name. NFC, case and spacing do
/// not count (Word's user name is typed by hand, "nguyễn  văn an" is Nguyễn Văn An), nor
/// do look-alike letters ([`name_skeleton`], the roster's one name comparison). The
/// diacritics do: "Nguyen Van An" is not matched to Nguyễn Văn An, because Vietnamese
/// names that differ only in their marks are different names (Lê and Lệ, Đào and Dao),
/// and a comment recorded under the wrong member is worse than a line asking who it
/// is.
pub fn same_person_name(word_author: &str, roster_name: &str) -> bool {
    let key = |s: &str| -> String {
        let spaced: Vec<&str> = s.split_whitespace().collect();
        name_skeleton(&quyche_text::nfc(&spaced.join(" ")).to_lowercase())
    };
    let a = key(word_author);
    !a.is_empty() && a == key(roster_name)
}

/// An item as it would be stored, before the author is known.
struct Candidate {
    kind: WordItemKind,
    word_author: String,
    date: Option<String>,
    place: Place,
    /// Words and proposal as Word gives them.
    text: String,
    proposal: Option<String>,
    /// A tracked move: described as one.
    moved: bool,
}

impl Review<'_> {
    /// Takes in a member's review returned as a Word file (`file` is its name, for the
    /// messages and the audit). `author` (a person id or name) records every item under
    /// that person. `actor` imports: the chairman or the secretary. See the module docs.
    pub fn import_word_review(
        &self,
        regulation: &str,
        file: &str,
        bytes: &[u8],
        author: Option<&str>,
        actor: &str,
        now: i64,
    ) -> Result<WordImport> {
        let importer = self.person_on(regulation, actor)?;
        // The role before the file: a person who may not import learns that first.
        rules::permit_role(&importer, Act::ImportBundle)?;
        let review = quyche_word::review::read_review(bytes)
            .map_err(|e| ReviewError::BadInput(format!("\u{201c}{file}\u{201d}: {e}")))?;
        let (round, mark) = self.word_review_round(regulation, file, &importer, &review)?;
        let doc = self.archive.load(regulation, Some(round.revision))?.document;
        if quyche_text::canonical_hash(&doc) != mark.text_sha256.to_ascii_lowercase() {
            return Err(ReviewError::BadInput(format!(
                "\u{201c}{file}\u{201d} ghi mã kiểm tra nội dung {} nhưng phiên bản {} của quy chế {regulation} có mã khác: tệp không phải bản lấy ý kiến của phiên bản này.",
                mark.text_sha256, round.revision
            )));
        }
        let people = self.people_on(regulation)?;
        let forced = match author {
            Some(a) => Some(find_person(&people, a).ok_or_else(|| {
                ReviewError::BadInput(format!(
                    "Không có người \u{201c}{}\u{201d} trong danh sách (--reviewer).",
                    a.trim()
                ))
            })?),
            None => None,
        };
        let recipient = mark.recipient.as_deref().and_then(|r| find_person(&people, r));
        let units = anchor::Units::of(&doc);
        let numbering = doc.numbering();
        let stored: HashSet<String> =
            self.all::<Comment>(COMMENTS)?.into_iter().map(|c| c.id).collect();
        let mut seq = stored.len() as u32;
        let mut seen_keys: HashMap<String, u32> = HashMap::new();
        let mut new_comments: Vec<Comment> = Vec::new();
        let mut items: Vec<WordItem> = Vec::new();
        for cand in candidates(&review) {
            let provision = cand.place.unit.and_then(|u| numbering.reference(UnitId(u)));
            let mut item = WordItem {
                anchored: false,
                kind: cand.kind,
                word_author: cand.word_author.clone(),
                person: None,
                provision: provision.clone(),
                quote: cand.place.quote.clone(),
                text: cand.text.clone(),
                proposal: cand.proposal.clone(),
                reason: None,
                comment_id: None,
                new: false,
                paragraph: cand.place.paragraph,
            };
            // Where: the unit of the round's revision, and the quote inside it.
            let anchored = match anchor_of(&units, &cand, provision.as_deref()) {
                Ok(a) => a,
                Err(why) => {
                    item.reason = Some(why);
                    items.push(item);
                    continue;
                }
            };
            item.anchored = true;
            item.quote = anchored.anchor.quote.exact.clone();
            item.proposal = anchored.proposal.clone();
            if cand.kind == WordItemKind::Change {
                item.text = describe_change(
                    &anchored.anchor.quote.exact,
                    anchored.proposal.as_deref().unwrap_or_default(),
                    cand.moved,
                );
            }
            // Who: --author, the roster name, or the person the copy was made for.
            let person = forced
                .clone()
                .or_else(|| {
                    people.iter().find(|p| same_person_name(&cand.word_author, &p.name)).cloned()
                })
                .or_else(|| recipient.clone());
            let Some(person) = person else {
                item.reason = Some(format!(
                    "không rõ người góp ý \u{201c}{}\u{201d}: tên này không có trong danh sách, hãy chỉ rõ người góp ý (dòng lệnh: --reviewer)",
                    cand.word_author.trim()
                ));
                items.push(item);
                continue;
            };
            item.person = Some(person.name.clone());
            if !round.reviewers.contains(&person.id) && person.role != Role::Chairman {
                item.reason = Some(format!(
                    "{} không có tên trong danh sách góp ý của đợt {}",
                    person.name, round.number
                ));
                items.push(item);
                continue;
            }
            // What: the one rule for a comment's words.
            let words = safe("đoạn trích", &item.quote)
                .and_then(|()| comment_words(&item.text, item.proposal.as_deref()));
            let (text, proposal) = match words {
                Ok(w) => w,
                Err(e) => {
                    item.reason = Some(e.to_string());
                    items.push(item);
                    continue;
                }
            };
            // Once: the same Word item gives the same id, and two identical items of one
            // file are told apart by their order.
            let kind = match cand.kind {
                WordItemKind::Comment => "word-comment",
                WordItemKind::Change => "word-change",
            };
            let (word_author, unit) =
                (quyche_text::nfc(cand.word_author.trim()), anchored.anchor.unit.to_string());
            let key = [
                regulation,
                round.id.as_str(),
                kind,
                word_author.as_str(),
                cand.date.as_deref().unwrap_or_default(),
                unit.as_str(),
                anchored.anchor.quote.exact.as_str(),
                text.as_str(),
                proposal.as_deref().unwrap_or_default(),
            ]
            .join("\u{1f}");
            let nth = seen_keys.entry(key.clone()).or_insert(0);
            *nth += 1;
            let id = short_id("c", &[&key, &nth.to_string()]);
            item.comment_id = Some(id.clone());
            item.text = text.clone();
            item.proposal = proposal.clone();
            if stored.contains(&id) {
                items.push(item);
                continue;
            }
            seq += 1;
            item.new = true;
            new_comments.push(Comment {
                id,
                regulation: regulation.to_string(),
                round: round.id.clone(),
                revision: round.revision,
                author: person.id.clone(),
                anchor: anchored.anchor,
                text,
                proposal,
                created_ms: now,
                seq,
                late: false,
            });
            items.push(item);
        }
        let added = new_comments.len() as u32;
        let already = items.iter().filter(|i| i.comment_id.is_some() && !i.new).count() as u32;
        if added > 0 {
            let bodies: Vec<(String, String)> =
                new_comments.iter().map(|c| (c.id.clone(), crate::records::encode(c))).collect();
            let writes: Vec<RecordWrite> = bodies
                .iter()
                .map(|(k, b)| RecordWrite {
                    collection: COMMENTS,
                    key: k,
                    body: b,
                    create_only: true,
                })
                .collect();
            let mut authors: Vec<&str> = Vec::new();
            for c in &new_comments {
                let name = people
                    .iter()
                    .find(|p| p.id == c.author)
                    .map_or(c.author.as_str(), |p| p.name.as_str());
                if !authors.contains(&name) {
                    authors.push(name);
                }
            }
            self.write(
                &writes,
                None,
                Action {
                    time_ms: now,
                    actor: &importer.name,
                    action: WORD_REVIEW_IN,
                    regulation: Some(regulation),
                    revision: Some(round.revision),
                    detail: &format!(
                        "Tệp Word \u{201c}{file}\u{201d} của {}: {added} ý kiến mới",
                        authors.join(", ")
                    ),
                },
            )?;
        }
        // Not anchored or not imported first, then the file's order.
        items.sort_by_key(|i| (i.comment_id.is_some(), i.paragraph));
        Ok(WordImport { added, already, items })
    }

    /// The round a Word review belongs to, refused unless the file is a review copy of
    /// `regulation`'s open round and its revision, and `importer` may take it in now.
    fn word_review_round(
        &self,
        regulation: &str,
        file: &str,
        importer: &Person,
        review: &WordReview,
    ) -> Result<(Round, CopyMark)> {
        let mark = review.mark.clone().ok_or_else(|| {
            ReviewError::BadInput(format!(
                "\u{201c}{file}\u{201d}: tệp này không phải bản lấy ý kiến do Quyche xuất."
            ))
        })?;
        if mark.regulation != regulation {
            return Err(ReviewError::BadInput(format!(
                "\u{201c}{file}\u{201d} là bản lấy ý kiến của quy chế {}, không phải của quy chế {regulation}.",
                mark.regulation
            )));
        }
        let (stage, origin) = (self.stage(regulation)?, self.origin(regulation)?);
        rules::permit(importer, Act::ImportBundle, stage, origin)?;
        let round = self.rounds(regulation)?.into_iter().find(|r| r.id == mark.round).ok_or_else(|| {
            ReviewError::BadInput(format!(
                "\u{201c}{file}\u{201d} là bản lấy ý kiến của một đợt không có trong quy chế {regulation}."
            ))
        })?;
        if round.closed_ms.is_some() {
            return Err(ReviewError::Refused(format!(
                "\u{201c}{file}\u{201d} là bản lấy ý kiến của đợt {}, đợt này đã đóng: không nhận góp ý nữa.",
                round.number
            )));
        }
        if mark.revision != round.revision {
            return Err(ReviewError::BadInput(format!(
                "\u{201c}{file}\u{201d} được xuất từ phiên bản {}, còn đợt lấy ý kiến {} xem xét phiên bản {}.",
                mark.revision, round.number, round.revision
            )));
        }
        Ok((round, mark))
    }
}

/// Where an item lands on the round's revision.
struct Anchored {
    anchor: crate::model::Anchor,
    proposal: Option<String>,
}

/// The anchor of one Word item on the round's revision, or why there is none.
fn anchor_of(
    units: &anchor::Units,
    cand: &Candidate,
    provision: Option<&str>,
) -> std::result::Result<Anchored, String> {
    let place = &cand.place;
    let Some(unit) = place.unit.map(UnitId) else {
        return Err(format!(
            "đoạn {} không thuộc điều khoản nào của bản lấy ý kiến",
            place.paragraph
        ));
    };
    let (Some(text), Some(provision)) = (units.text(unit), provision) else {
        return Err(format!(
            "đoạn {} thuộc một phần không có trong phiên bản của đợt lấy ý kiến",
            place.paragraph
        ));
    };
    let paragraph = place.unit_text.trim();
    // Where the file's paragraph starts in the unit's text: it holds the paragraph as
    // it was sent unless the member edited it without tracking.
    let base = (!paragraph.is_empty())
        .then(|| text.find(paragraph))
        .flatten()
        .map(|b| text[..b].chars().count() as u32);
    let not_found = |quote: &str| {
        format!(
            "không tìm thấy đoạn trích \u{201c}{}\u{201d} trong {provision}",
            short(quote.trim(), 60)
        )
    };
    match cand.kind {
        WordItemKind::Comment => {
            // A comment on no words (a point in the text) covers its paragraph.
            let quote =
                if place.quote.trim().is_empty() { paragraph } else { place.quote.as_str() };
            let near = base.map(|b| b + place.offset as u32);
            let a = anchor::anchor(units, unit, quote, near)
                .or_else(|| anchor::anchor(units, unit, quote, None))
                .ok_or_else(|| not_found(quote))?;
            Ok(Anchored { anchor: a, proposal: cand.proposal.clone() })
        }
        WordItemKind::Change => {
            // The paragraph as sent, and the paragraph with the change applied. Without
            // the paragraph as sent there is no wording to propose against.
            if base.is_none() {
                return Err(format!(
                    "{}: đoạn văn trong tệp khác với phiên bản của đợt lấy ý kiến (sửa mà không theo dõi thay đổi?), không lấy được đề nghị sửa",
                    not_found(paragraph)
                ));
            }
            let a =
                anchor::anchor(units, unit, paragraph, base).ok_or_else(|| not_found(paragraph))?;
            Ok(Anchored { anchor: a, proposal: cand.proposal.clone() })
        }
    }
}

/// Every Word comment and tracked change of the file, as candidates.
fn candidates(review: &WordReview) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(review.comments.len() + review.changes.len());
    for c in &review.comments {
        out.push(Candidate {
            kind: WordItemKind::Comment,
            word_author: c.author.clone(),
            date: c.date.clone(),
            place: c.place.clone(),
            text: c.text.clone(),
            proposal: None,
            moved: false,
        });
    }
    for c in &review.changes {
        out.push(Candidate {
            kind: WordItemKind::Change,
            word_author: c.author.clone(),
            date: c.date.clone(),
            place: c.place.clone(),
            text: String::new(),
            proposal: Some(c.proposal.trim().to_string()),
            moved: matches!(c.kind, ChangeKind::Move),
        });
    }
    out
}

/// A tracked change in one short sentence, from the paragraph before and after: the
/// words taken out and the words put in, between what they share. The cut never falls
/// inside a word ("can thiệp" → "cản trở", not "an thiệp" → "ản trở").
fn describe_change(before: &str, after: &str, moved: bool) -> String {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let most = b.len().min(a.len()) - head;
    let mut tail = b.iter().rev().zip(a.iter().rev()).take_while(|(x, y)| x == y).count().min(most);
    while head > 0 && word(b.get(head - 1)) && (word(b.get(head)) || word(a.get(head))) {
        head -= 1;
    }
    while tail > 0
        && word(b.get(b.len() - tail))
        && (word(b.get(b.len() - tail - 1)) || word(a.get(a.len() - tail - 1)))
    {
        tail -= 1;
    }
    let removed: String = b[head..b.len() - tail].iter().collect();
    let added: String = a[head..a.len() - tail].iter().collect();
    let (removed, added) = (short(removed.trim(), 80), short(added.trim(), 80));
    match (removed.is_empty(), added.is_empty()) {
        (true, false) => format!("Đề nghị thêm \u{201c}{added}\u{201d}."),
        (false, true) => format!("Đề nghị bỏ \u{201c}{removed}\u{201d}."),
        (false, false) if moved => format!("Đề nghị chuyển \u{201c}{removed}\u{201d}."),
        (false, false) => {
            format!("Đề nghị sửa \u{201c}{removed}\u{201d} thành \u{201c}{added}\u{201d}.")
        }
        (true, true) => "Đề nghị sửa cách viết (cùng các chữ).".to_string(),
    }
}

/// At most `max` characters, with "…" when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// A roster person by id, else by name ([`same_person_name`]).
fn find_person(people: &[Person], who: &str) -> Option<Person> {
    let who = who.trim();
    people
        .iter()
        .find(|p| p.id == who)
        .or_else(|| people.iter().find(|p| same_person_name(who, &p.name)))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::{describe_change, same_person_name};

    /// Word's user name against the roster: one row per case.
    #[test]
    fn word_authors_match_roster_names() {
        #[rustfmt::skip]
        let rows = [
            ("Nguyễn Văn An", "Nguyễn Văn An", true),
            ("  nguyễn   VĂN an ", "Nguyễn Văn An", true),
            // NFD typed by another keyboard is the same name.
            ("Nguye\u{302}\u{303}n Va\u{306}n An", "Nguyễn Văn An", true),
            // The marks tell names apart.
            ("Nguyen Van An", "Nguyễn Văn An", false),
            ("Lệ Thị Hoa", "Lê Thị Hoa", false),
            ("Dao Van Binh", "Đào Văn Bình", false),
            ("Admin", "Nguyễn Văn An", false),
            ("", "", false),
        ];
        for (word, roster, want) in rows {
            assert_eq!(same_person_name(word, roster), want, "{word:?} vs {roster:?}");
        }
    }

    #[test]
    fn a_change_is_described_by_what_it_takes_out_and_puts_in() {
        assert_eq!(
            describe_change("họp mỗi tháng", "họp mỗi tháng một lần", false),
            "Đề nghị thêm \u{201c}một lần\u{201d}."
        );
        assert_eq!(
            describe_change("họp mỗi tháng một lần", "họp mỗi tháng", false),
            "Đề nghị bỏ \u{201c}một lần\u{201d}."
        );
        assert_eq!(
            describe_change("họp mỗi tháng", "họp mỗi quý", false),
            "Đề nghị sửa \u{201c}tháng\u{201d} thành \u{201c}quý\u{201d}."
        );
        // Never a cut inside a word, and punctuation stays out of the words.
        assert_eq!(
            describe_change("và không can thiệp vào", "và không cản trở vào", false),
            "Đề nghị sửa \u{201c}can thiệp\u{201d} thành \u{201c}cản trở\u{201d}."
        );
        assert_eq!(
            describe_change(
                "vì lợi ích cá nhân hoặc của một nhóm thành viên;",
                "vì lợi ích cá nhân;",
                false
            ),
            "Đề nghị bỏ \u{201c}hoặc của một nhóm thành viên\u{201d}."
        );
    }
}
