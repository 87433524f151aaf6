//! Search in Vietnamese legal texts, the way a reader of them expects.
//!
//! A chairman looking for “quy che” means “quy chế”; looking for “hoà” he means “hòa” as
//! well, since both placements of the tone are correct and both are in real texts. So:
//!
//! * a query **without marks** ignores them: `quy che` finds `Quy chế` and `QUY CHẾ`,
//!   and `d` finds `đ`;
//! * a query **with a mark** (or a `đ`) is exact, but for where the tone sits: `hòa` finds
//!   `hòa` and `hoà`, never `hóa` or `hoa`.
//!
//! Case never matters. Punctuation between words does not either (`khoản 2 Điều 7` finds
//! `khoản 2, Điều 7`). A match starts at the start of a word; the query's last word may
//! be the beginning of a longer one, so that the results follow the typing.
//!
//! ```
//! use quyche_search::{DocumentIndex, Query, Snippet};
//!
//! let doc = quyche_text_free_doc();
//! let index = DocumentIndex::new(&doc);           // once per revision
//! let query = Query::new("hoa giai").unwrap();
//! let hits = index.find(&query);
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].place.article.as_deref(), Some("Điều 1"));
//! assert_eq!(&hits[0].text[hits[0].range.clone()], "hoà giải");
//! let s = Snippet::new(hits[0].text, hits[0].range.clone(), 40);
//! assert_eq!(s.matched, "hoà giải");
//! # fn quyche_text_free_doc() -> quyche_model::Document {
//! #     use quyche_model::{Document, Kind, Unit, UnitId};
//! #     let mut a = Unit::new(UnitId(1), Kind::Article);
//! #     a.title = "Nguyên tắc".into();
//! #     a.paragraphs.push("Tôn trọng, hoà giải và đoàn kết.".into());
//! #     Document { body: vec![a], next_id: 2, ..Default::default() }
//! # }
//! ```
//!
//! # How it is fast
//!
//! [`DocumentIndex::new`] folds every text of a document once (lower case, marks removed,
//! `đ` → `d`, words one space apart) and keeps, for every folded byte, where it came from.
//! A search is then a substring scan of the folded texts for the folded query; only the
//! candidates of a query with marks are read again, word by word, to compare marks. A
//! revision never changes, so its index is built once and kept.
//!
//! # Where a match is
//!
//! [`Hit::place`] names the chapter, article, clause and point from the document's
//! *current* numbering ([`quyche_model::Numbering`]), never from stored text; a heading is
//! searched as it reads, label and title (`Điều 7. Phạm vi điều chỉnh`).

mod fold;
mod index;
mod query;
mod snippet;

pub use fold::{bare, has_marks, Folded};
pub use index::{Area, DocumentIndex, Hit, Place};
pub use query::{Query, MAX_QUERY_CHARS};
pub use snippet::Snippet;

/// The byte ranges where `query` matches in a text that is not part of a document (a
/// comment, a proposal, a title), folded on the spot.
pub fn find_in(text: &str, query: &Query) -> Vec<std::ops::Range<usize>> {
    query.find(text, &Folded::new(text))
}
