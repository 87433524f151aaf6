//! The redline as PDF, on the cooperative law pair 2012 → 2023 and the demo v1 → v2:
//! every font embedded (`pdffonts`); `pdftotext` shows both texts, each in order from its
//! first article (deleted words struck through, inserted ones underlined); the
//! page says which versions are compared and whether each is a draft or approved; the
//! same pair gives the same bytes.

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;
use quyche_diff::{redline, Alignment, Options};
use quyche_export::{redline_pdf, Comparison, Standing, Version, REDLINE_MARK};
use quyche_model::Document;

/// The pairs, with how their articles are paired: the law's two texts by content (two
/// files), the demo's two revisions by id.
fn pairs() -> Vec<(&'static str, Document, Document, Alignment)> {
    vec![
        ("luat-htx-2012-2023", law_2012(), law(), Alignment::ByContent),
        ("demo-v1-v2", demo_v1(), demo(), Alignment::ById),
    ]
}

fn pdf(old: &Document, new: &Document, by: Alignment) -> Vec<u8> {
    // A deadline no run reaches, so the output never depends on timing.
    let options = Options { deadline: std::time::Duration::from_secs(600), ..Options::default() };
    let r = redline(old, new, by, &options);
    let c = Comparison {
        old: Version { doc: old, name: "phiên bản 1", standing: Standing::Approved },
        new: Version { doc: new, name: "phiên bản 2", standing: Standing::Draft },
        author: "Nguyễn Thị Lan",
        date: Some("2026-11-28T09:30:00Z"),
    };
    redline_pdf(&r, &c).unwrap()
}

fn written(name: &str, bytes: &[u8]) -> PathBuf {
    written_pdf("redline-pdf", name, bytes)
}

/// The words of the lines an export shows (no `#` notes, no `DỰ THẢO`).
fn words(doc: &Document) -> BTreeSet<String> {
    quyche_text::render(doc)
        .lines()
        .filter(|l| !l.starts_with('#') && l.trim() != "DỰ THẢO")
        .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_font_is_embedded() {
    for (name, old, new, by) in pairs() {
        let path = written(&format!("{name}-fonts"), &pdf(&old, &new, by));
        assert_every_font_embedded(name, &path);
    }
}

#[test]
fn pdftotext_shows_the_old_and_the_new_words_and_the_versions() {
    for (name, old, new, by) in pairs() {
        let path = written(&format!("{name}-text"), &pdf(&old, &new, by));
        let text = poppler("pdftotext", &[], &path);
        assert!(text.contains(REDLINE_MARK), "{name}");
        let flat: String = text.split_whitespace().collect();
        for side in ["phiênbản1(đãthôngqua)", "phiênbản2(dựthảo)"] {
            assert!(flat.contains(side), "{name}: the page does not say “{side}”");
        }
        // Each side, from its first article on, is on the page in order: the equal words
        // once, the deleted ones among the old, the inserted ones among the new. A word
        // changed by a letter shows both letters with no space between, so the sides are
        // compared without spaces, as a subsequence of the page's characters.
        let (o, n) = (words(&old), words(&new));
        assert!(o != n, "{name}: the pair must differ");
        for (side, doc) in [("cũ", &old), ("mới", &new)] {
            let body = articles_on(doc);
            if let Some(k) = first_missing(&body, &flat) {
                let at: String = body.chars().skip(k.saturating_sub(40)).take(80).collect();
                panic!("{name}: the {side} text is not on the page in order, near “{at}”");
            }
        }
        // The check tells texts apart: the other pair's older text is not on this page.
        let other = if name.starts_with("luat") { demo_v1() } else { law_2012() };
        assert!(first_missing(&articles_on(&other), &flat).is_some(), "{name}: the check is blind");
    }
}

/// The shown lines of `doc` from its first article on, without spaces.
fn articles_on(doc: &Document) -> String {
    quyche_text::render(doc)
        .lines()
        .skip_while(|l| !l.starts_with("Điều "))
        .filter(|l| !l.starts_with('#') && l.trim() != "DỰ THẢO")
        .flat_map(|l| l.split_whitespace())
        .collect()
}

/// Where `want` stops being a subsequence of `page` (in characters), if it does.
fn first_missing(want: &str, page: &str) -> Option<usize> {
    let mut page = page.chars();
    want.chars().position(|c| !page.any(|p| p == c))
}

#[test]
fn the_same_pair_is_the_same_bytes() {
    for (name, old, new, by) in pairs() {
        assert!(pdf(&old, &new, by) == pdf(&old, &new, by), "{name}");
    }
}
