//! Anchoring comments to text that keeps changing.
//!
//! A comment points at a unit by stable id and quotes text inside it (exact text,
//! a little context either side, and a position). On a later revision the anchor is:
//!
//! * `current` — the unit still holds the quoted text;
//! * `changed` — the unit still exists but the quoted text is gone or altered;
//! * `outdated` — the unit was removed.
//!
//! The search never leaves the unit: a comment is never re-attached to look-alike text
//! elsewhere in the document.

use std::collections::HashMap;

use quyche_model::{Document, Kind, Unit, UnitId};
use serde::Serialize;

use crate::model::{Anchor, Quote};

/// Characters of context kept either side of a quote.
const CONTEXT: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AnchorState {
    Current,
    Changed,
    Outdated,
}

impl AnchorState {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorState::Current => "current",
            AnchorState::Changed => "changed",
            AnchorState::Outdated => "outdated",
        }
    }
}

/// The units of one revision by id, with their quotable text, built once and reused
/// for every comment anchored against that revision.
pub struct Units<'a> {
    by_id: HashMap<UnitId, (&'a Unit, UnitId)>,
    texts: std::cell::RefCell<HashMap<UnitId, std::rc::Rc<str>>>,
}

impl<'a> Units<'a> {
    pub fn of(doc: &'a Document) -> Units<'a> {
        let mut by_id = HashMap::new();
        fn go<'a>(
            u: &'a Unit,
            article: Option<UnitId>,
            map: &mut HashMap<UnitId, (&'a Unit, UnitId)>,
        ) {
            let article = if u.kind == Kind::Article { Some(u.id) } else { article };
            map.insert(u.id, (u, article.unwrap_or(u.id)));
            for c in &u.children {
                go(c, article, map);
            }
        }
        for u in &doc.body {
            go(u, None, &mut by_id);
        }
        Units { by_id, texts: Default::default() }
    }

    pub fn unit(&self, id: UnitId) -> Option<&'a Unit> {
        self.by_id.get(&id).map(|(u, _)| *u)
    }

    /// The article that holds the unit (the unit itself for an article).
    pub fn article_of(&self, id: UnitId) -> Option<UnitId> {
        self.by_id.get(&id).map(|(_, a)| *a)
    }

    /// The unit's text as comments quote it ([`quyche_text::render_unit_text`]).
    pub fn text(&self, id: UnitId) -> Option<std::rc::Rc<str>> {
        if let Some(t) = self.texts.borrow().get(&id) {
            return Some(t.clone());
        }
        let unit = self.unit(id)?;
        let text: std::rc::Rc<str> = quyche_text::render_unit_text(unit).into();
        self.texts.borrow_mut().insert(id, text.clone());
        Some(text)
    }
}

/// Builds the anchor of a new comment: finds `exact` in the unit's text, taking the
/// occurrence nearest `near` (a character position) when the quote occurs more than
/// once. `None` when the unit does not hold the quote.
pub fn anchor(units: &Units, unit: UnitId, exact: &str, near: Option<u32>) -> Option<Anchor> {
    let text = units.text(unit)?;
    let exact = exact.trim();
    if exact.is_empty() {
        return None;
    }
    let starts: Vec<usize> = text.match_indices(exact).map(|(i, _)| i).collect();
    let chars_before = |byte: usize| text[..byte].chars().count() as u32;
    let start = match near {
        Some(p) => *starts.iter().min_by_key(|&&b| (chars_before(b) as i64 - p as i64).abs())?,
        None => *starts.first()?,
    };
    let end = start + exact.len();
    let prefix: String = {
        let before: Vec<char> = text[..start].chars().collect();
        before[before.len().saturating_sub(CONTEXT)..].iter().collect()
    };
    let suffix: String = text[end..].chars().take(CONTEXT).collect();
    Some(Anchor {
        unit: unit.0,
        article: units.article_of(unit).unwrap_or(unit).0,
        quote: Quote { exact: exact.to_string(), prefix, suffix },
        position: chars_before(start),
    })
}

/// The state of an anchor on another revision.
pub fn state(units: &Units, anchor: &Anchor) -> AnchorState {
    match units.text(UnitId(anchor.unit)) {
        None => AnchorState::Outdated,
        Some(text) if text.contains(anchor.quote.exact.as_str()) => AnchorState::Current,
        Some(_) => AnchorState::Changed,
    }
}

/// The unit's text with the quote replaced by the proposal: the whole unit as the
/// commenter proposed it, to compare with the final text.
pub fn proposed_text(commented: &str, anchor: &Anchor, proposal: &str) -> String {
    let q = &anchor.quote;
    // Prefer the occurrence at the recorded position; the text is the one the comment
    // was made on, so it is there.
    let at = commented
        .char_indices()
        .nth(anchor.position as usize)
        .map(|(b, _)| b)
        .filter(|&b| commented[b..].starts_with(q.exact.as_str()))
        .or_else(|| commented.find(q.exact.as_str()));
    match at {
        Some(b) => format!("{}{}{}", &commented[..b], proposal, &commented[b + q.exact.len()..]),
        None => proposal.to_string(),
    }
}
