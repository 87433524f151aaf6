//! Structure-aware, word-level redlines of Vietnamese legal documents.
//!
//! This crate answers two questions: *what changed between two pieces of text*
//! ([`diff_text`]) and *what changed between two versions of a regulation*
//! ([`redline()`]). It is the only crate of the project that uses [`similar`]; everything
//! else asks this crate.
//!
//! # The model
//!
//! A diff here is a list of [`Span`]s, each a run of text with an [`Op`] (equal, delete,
//! insert), read in order. It is made in three steps:
//!
//! 1. **Tokens.** Text is cut into words (a Vietnamese syllable is a word), runs of
//!    spaces, line breaks and punctuation marks; every distinct token gets an id.
//! 2. **Word diff.** The two id sequences are diffed (`similar`'s Histogram algorithm),
//!    so every edit starts and ends on a token boundary and nothing is ever lost.
//! 3. **Readable runs.** The edit script is reshaped the way a lawyer marks up a text:
//!    no confetti, small equalities folded into the edits around them, insertions slid
//!    to word starts, mostly rewritten passages shown as one replaced block (see
//!    [Readability rules](#readability-rules)).
//!
//! Two documents are compared top-down: **articles are aligned first** (by stable id, or
//! by content and title for independent texts), then the title, lead and clauses inside
//! each pair of articles, and only then are words diffed, block by block. So a clause
//! that moved is not shown as deleted here and inserted there, and a renumbered article
//! with the same words is unchanged.
//!
//! # Diffing two texts
//!
//! ```
//! use quyche_diff::{diff_text, Op, Options};
//!
//! let old = "Hội đồng quản trị họp ít nhất mỗi quý một lần.";
//! let new = "Hội đồng quản trị họp ít nhất mỗi tháng một lần.";
//! let d = diff_text(old, new, &Options::default());
//!
//! let deleted: Vec<&str> = d.spans.iter().filter(|s| s.op == Op::Delete).map(|s| s.text.as_str()).collect();
//! let inserted: Vec<&str> = d.spans.iter().filter(|s| s.op == Op::Insert).map(|s| s.text.as_str()).collect();
//! assert_eq!((deleted, inserted), (vec!["quý"], vec!["tháng"]));
//!
//! // The ops always rebuild both texts.
//! let rebuilt_old: String = d.spans.iter().filter(|s| s.op != Op::Insert).map(|s| s.text.as_str()).collect();
//! let rebuilt_new: String = d.spans.iter().filter(|s| s.op != Op::Delete).map(|s| s.text.as_str()).collect();
//! assert_eq!((rebuilt_old.as_str(), rebuilt_new.as_str()), (old, new));
//! assert!(!d.coarse && !d.replaced);
//! ```
//!
//! Serialised, a span is `{"op":"equal","text":"…"}`.
//!
//! # Redlining two documents
//!
//! ```
//! use quyche_diff::{redline, render_text, Alignment, Options, Status};
//!
//! let old = quyche_text::parse("Điều 1. Phạm vi\nQuy chế này quy định việc họp.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.\n").document;
//! let new = quyche_text::parse("Điều 1. Phạm vi\nQuy chế này quy định việc họp.\nĐiều 2. Thành viên\nGồm các ủy viên.\nĐiều 3. Hiệu lực\nCó hiệu lực từ ngày ký.\n").document;
//!
//! let r = redline(&old, &new, Alignment::ByContent, &Options::default());
//! assert_eq!((r.summary.unchanged, r.summary.added, r.summary.renumbered), (2, 1, 1));
//! assert_eq!(r.articles[1].status, Status::Added);
//! assert_eq!((r.articles[2].old.as_deref(), r.articles[2].new.as_deref()), (Some("Điều 2"), Some("Điều 3")));
//! print!("{}", render_text(&r));
//! ```
//!
//! [`render_text`] prints a marked-up text (`[-deleted-]{+inserted+}`), [`render_html`] a
//! self-contained printable page, and the [`Redline`] itself serialises to the JSON the
//! CLI prints. [`align_articles`] gives the article pairing alone (the archive uses it to
//! carry stable ids across an import).
//!
//! ## Alignment
//!
//! * [`Alignment::ById`] is for two revisions of one regulation: units keep their
//!   [`UnitId`](quyche_model::UnitId) across edits, so renumbering, moves between
//!   chapters and retitles are recognised exactly.
//! * [`Alignment::ByContent`] is for independent texts (the 2012 and 2023 laws): articles
//!   are aligned by a weighted LCS over their similarity (word-bigram cosine of the body,
//!   frequent bigrams left out, blended with title word overlap; identical text counts
//!   most, and so does text that differs only in its numerals, such as references the
//!   renumbering rewrote), so the ordered backbone is found first; leftovers are then
//!   paired best-first above a stricter threshold. Chapters and sections are aligned by
//!   title overlap and by the articles they share.
//!
//! A matched article is **moved** when it is off the ordered chain of matches (its order
//! changed relative to the others) or when its chapter is not the chapter aligned with its
//! old one. It is **renumbered** when its derived label changed. Numbers are not part of
//! the article's text, so a renumbered article with the same words is
//! [`Status::Unchanged`].
//!
//! Inside a matched article the title line pairs with the title line, and the lead
//! paragraphs and clauses are aligned monotonically (identical clause text first,
//! ignoring the clause number, then similar clauses). Each pair is word-diffed; what lies
//! between two aligned pairs (split, merged or rewritten clauses) is diffed as one piece.
//! The ops of the article are these diffs in order.
//!
//! ## Consequential changes
//!
//! A reference whose number changed only because the unit it names was renumbered
//! (“khoản 2 Điều 7” → “khoản 2 Điều 8”, the same clause) is not an edit. The new text is
//! compared as if written in the old numbering: each linked reference
//! ([`quyche_text::find_references`]) whose units all had a number before (by id for two
//! revisions; through the article, chapter and section alignment for independent texts,
//! a clause or point keeping its own number in an aligned article) is written with those
//! numbers, and the numbers that differ are put back afterwards as a delete/insert pair
//! with [`Span::consequential`] set. They never merge with an edit, do not make an article
//! [`Status::Modified`], and are counted apart ([`Summary::consequential`], one per
//! number). A number inside words that were really inserted is part of that edit.
//!
//! ## Splits and merges
//!
//! An article created by a split carries [`ArticleChange::split_from`] (the old label of
//! the article it was part of); an old article absorbed by a merge carries
//! [`ArticleChange::merged_into`] (the new label of the article it went into). By id, the
//! clauses say it (they keep their ids across a split or merge); by content, a lone
//! article's clauses match, in order, the tail (or head) of another article's clauses,
//! each closer to its match than to anything the other article kept. [`lineage_note`]
//! words it (“Tách từ Điều 7”, “Nhập vào Điều 9”) for the text, HTML and the window.
//!
//! # Guarantees
//!
//! * **Exact rebuild.** For every [`TextDiff`] and every [`ArticleChange`], the equal and
//!   delete spans concatenate to the old text and the equal and insert spans to the new
//!   text. For articles the text is [`quyche_text::render_article_text`] (title line, then
//!   the body, without the `Điều N. ` label).
//! * **Determinism.** The same input gives the same output: no hashing order, clock or
//!   randomness reaches the result, except the deadline below.
//! * **No panics** on any input.
//!
//! # Hazards
//!
//! * **The deadline.** [`Options::deadline`] bounds a [`diff_text`] call and a whole
//!   [`redline()`]. Past it, the remaining work is done coarsely (a block replacement)
//!   and flagged with `coarse: true` (on the [`TextDiff`], on each [`ArticleChange`]);
//!   the rebuild guarantee still holds. Only output flagged `coarse` can depend on
//!   timing, so a caller that needs reproducible output checks the flag, or gives a
//!   generous budget (debug builds are several times slower).
//! * **`ByContent` is a heuristic.** Its thresholds were set on one real pair (the Law on
//!   Cooperatives 2012 → 2023); each says in its doc comment what it separates there and
//!   how narrow the margin is, and tests pin those margins. Between unrelated texts it
//!   still pairs articles with generic titles (*Phạm vi điều chỉnh*, *Nguyên tắc…*).
//!   Use [`Alignment::ById`] whenever the two sides are revisions of one regulation.
//! * **Input form.** Text is expected in NFC, as every entry point of the project
//!   delivers it; other forms are compared as they are, so an NFD `ờ` differs from an NFC
//!   one. Tone placement is never normalised: *hòa* and *hoà* are different words.
//!
//! # Readability rules
//!
//! Text is cut into tokens: words (letter and digit runs; a Vietnamese syllable is a
//! word), runs of spaces, single line breaks and single punctuation marks, so every edit
//! starts and ends on a word boundary and nothing is ever lost. On top of the
//! shortest edit script:
//!
//! 1. **No confetti.** Changes separated only by up to three spaces or punctuation marks
//!    become one deletion and one insertion (`[-a, b-]{+c, d+}`, not
//!    `[-a-]{+c+}, [-b-]{+d+}`).
//! 2. **Semantic cleanup**, as diff-match-patch's `diff_cleanupSemantic`: an equality no
//!    longer (in characters) than the edits on both its sides is folded into them.
//! 3. **Boundaries.** A pure insertion or deletion is slid along its equal neighbours to
//!    the most natural place: after a line break, after a space (`a {+x +}b`).
//! 4. **Replaced blocks.** When about two thirds of the words of a unit changed
//!    ([`Options::replace_ratio`]), the unit is shown as one deletion of the old text and
//!    one insertion of the new, and `replaced` is set. In a redline the units are the
//!    blocks of an article (its title line, its lead paragraphs, each aligned clause, the
//!    text between two aligned clauses), so an unchanged title stays unchanged.
//! 5. Consecutive deletions and insertions are grouped: one deletion, then one insertion.
//!
//! Line breaks are never folded away by rules 1 and 2, so the edits of one line stay on
//! that line.
//!
//! # Performance
//!
//! The full redline of the Law on Cooperatives 2012 → 2023 (`ByContent`, parse excluded)
//! takes about 11.7 ms on a 2-core machine (9 ms before consequential changes and splits:
//! reading the changed articles' references and writing them in the old numbering cost
//! about 1.5 ms, looking for splits about 0.8 ms), two revisions by id (three articles
//! edited, nothing renumbered, so no reference is read) about 2.2 ms, a pair of 430 KB
//! texts about 20 ms (`cargo bench -p quyche-diff`). What makes it so, none of it visible
//! in the output:
//!
//! * Articles whose text is found as many times on each side (most of a revision) are
//!   paired by a comparison of bytes before anything is scored, in order (see
//!   `align::identical_pairs` for why this is the pairing the scores would give); then
//!   those the same but for their numerals (`align::numeral_pairs`). Only the others
//!   are tokenised and scored.
//! * Both cores, through [`both`] on rayon's pool (a thread made per call costs more than
//!   some of the halves): the two sides are numbered and cut into articles side by side;
//!   the articles are tokenised and their shingle sets numbered in two halves of about
//!   equal text (the second over a table of its own, merged after in order of first
//!   sight); the new text is written in the old numbering beside the search for splits;
//!   and the word diffs of matched articles run in two halves (the CLI also parses its
//!   two files side by side, all of it on a pool thread: [`on_pool`]). Each part depends
//!   only on its own input, so the output is the same as on one thread.
//! * Every article is rendered and cut into tokens once, over one table of distinct
//!   tokens for the whole redline; alignment, clause matching and the word diff share
//!   those tokens, and identical texts are never tokenised for a diff at all.
//! * The word diff is `similar`'s Histogram algorithm, step for step (same anchors, same
//!   Myers fallback, same compaction: the same edit script), run on token ids with tables
//!   kept for the whole redline, and with the lone one-token matches (half the tokens are
//!   spaces) told apart without diagonal bookkeeping.
//! * Most rewritten blocks are recognised as replaced blocks (rule 4) before any diff:
//!   whatever a diff keeps is a common subsequence, so when even the longest common
//!   subsequence of the two word sequences (computed bit-parallel) leaves two thirds of
//!   the words changed, the verdict is known.
//! * Article and clause similarity count shared word bigrams through inverted indexes,
//!   so the cost follows what the texts share, not the number of pairs.
//! * The article alignment's two weighted LCS tables are filled a row at a time from the
//!   pairs a row can hold (its identical pair, or its scored columns), not a closure call
//!   per cell of the 500 × 500 table two long revisions make; the same floats, so the
//!   same chain.
//! * The references of the new text are read with the redline's own numbering of it, in
//!   the changed articles only (`quyche_text::find_references_within`: no copy of the
//!   tree), and units are keyed by [`quyche_model::IdMap`], not SipHash. The new text in
//!   the old numbering borrows every article text it does not rewrite.
//!
//! # Modules
//!
//! Each module uses only the modules listed after its arrow, all further down the list,
//! so the graph has one direction and no cycle (the test `tests/modules.rs` reads this
//! list and checks it against the `use crate::…` of every module):
//!
//! ```text
//! render     → redline, text                     the two human formats
//! redline    → align, lineage, measure, parallel, renumber, text, token   articles, then blocks, then words
//! lineage    → align, measure, parallel, token    splits and merges: by clause ids, or by clause tails
//! renumber   → measure, parallel, text            consequential changes: the new text in the old numbering
//! align      → measure, parallel, token           who is who: articles, chapters, sections
//! text       → histogram, measure, token          the word diff and its readability passes
//! histogram  → (none; similar's hooks)            the Histogram diff on token ids
//! parallel   → (none)                             two halves of a job on two cores, or runs of it
//! token      → measure                            the tokenizer and token ids
//! measure    → (none)                             set and sequence measures, index helpers
//! ```
//!
//! `lib.rs` only re-exports; the public types live beside the code that makes them.

mod align;
mod histogram;
mod lineage;
mod measure;
mod parallel;
mod redline;
mod render;
mod renumber;
mod text;
mod token;

pub use align::Alignment;
pub use parallel::{both, halves, on_pool, pool_on_this_thread, SPLIT_BYTES};
pub use redline::{
    align_articles, redline, ArticleChange, HeadingSummary, Redline, Status, Summary,
};
pub use render::{
    lineage_note, render_html, render_spans, render_text, CHANGE_LABELS, CONSEQUENTIAL_NOTE,
};
pub use text::{diff_text, Op, Options, Span, TextDiff};
