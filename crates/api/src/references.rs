//! `quyche refs`: a document's internal cross-references, where each stands and what it
//! names by its current numbers. The engine is `quyche_text::references`; this is the
//! view the CLI prints (JSON, or one line per reference) and the tests read.

use std::path::Path;

use quyche_model::{point_letter, Document, Kind, Numbering, UnitId};
use quyche_text::{find_references, Reference};
use serde::Serialize;

use crate::{parse_input, read_input, Quyche, Result};

/// Every internal reference of a document: `references` are linked (each unit they name
/// exists), `unresolved` name a unit the document does not have and stay text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferencesView {
    pub references: Vec<ReferenceView>,
    pub unresolved: Vec<ReferenceView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferenceView {
    /// The unit whose text holds the reference.
    #[serde(rename = "in")]
    pub place: PlaceView,
    /// The reference as rendered now: “khoản 2 Điều 7 của Luật này”.
    pub text: String,
    /// What it names, by current numbers (the units found, for an unresolved one).
    pub targets: Vec<PlaceView>,
    pub broken: bool,
    /// For an unresolved reference, the labels not found: `Điều 200`.
    pub missing: Vec<String>,
}

/// A unit by its current numbers: the article, clause and point it is or sits in (a
/// point as its letter), and how a reference names it (`khoản 2 Điều 7`, `Chương II`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaceView {
    pub article: Option<u32>,
    pub clause: Option<u32>,
    pub point: Option<String>,
    pub label: String,
}

impl ReferencesView {
    /// The references of `doc`, resolved against its current numbering.
    pub fn of(doc: &Document) -> ReferencesView {
        let numbering = doc.numbering();
        let refs = find_references(doc);
        let view = |r: &Reference| ReferenceView {
            place: place(&numbering, r.unit),
            text: r.written.clone(),
            targets: r.targets.iter().map(|t| place(&numbering, *t)).collect(),
            broken: !r.is_linked(),
            missing: r.missing.clone(),
        };
        ReferencesView {
            references: refs.linked().map(view).collect(),
            unresolved: refs.unresolved().map(view).collect(),
        }
    }

    /// One line per reference, linked first, each place named as the law names it (the
    /// same label as the JSON's and as `quyche article` reports):
    /// `khoản 1 Điều 18: khoản 2 Điều 7 của Luật này → khoản 2 Điều 7`, and
    /// `Điều 5: Điều 200 của Luật này → không có Điều 200`.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for r in &self.references {
            let to: Vec<&str> = r.targets.iter().map(|t| t.label.as_str()).collect();
            out.push_str(&format!("{}: {} → {}\n", r.place.label, r.text, to.join("; ")));
        }
        for r in &self.unresolved {
            out.push_str(&format!(
                "{}: {} → không có {}\n",
                r.place.label,
                r.text,
                r.missing.join(", ")
            ));
        }
        out
    }
}

fn place(numbering: &Numbering, id: UnitId) -> PlaceView {
    let mut p = PlaceView {
        article: None,
        clause: None,
        point: None,
        label: numbering.reference(id).unwrap_or_default(),
    };
    let mut cur = Some(id);
    while let Some(c) = cur {
        let Some(label) = numbering.label(c) else { break };
        match label.kind {
            Kind::Article => p.article = Some(label.ordinal),
            Kind::Clause => p.clause = Some(label.ordinal),
            Kind::Point => p.point = Some(point_letter(label.ordinal)),
            _ => {}
        }
        cur = numbering.parent(c);
    }
    p
}

/// `quyche refs FILE`: the references of a text file.
pub fn references_file(path: &Path) -> Result<ReferencesView> {
    let (name, bytes) = read_input(path)?;
    Ok(ReferencesView::of(&parse_input(&name, &bytes)?.document))
}

impl Quyche {
    /// `quyche --db DIR refs ID [--rev N]`: the references of a stored revision (the
    /// newest without `revision`).
    pub fn references(&self, id: &str, revision: Option<u32>) -> Result<ReferencesView> {
        Ok(ReferencesView::of(&self.document(id, revision)?))
    }
}
