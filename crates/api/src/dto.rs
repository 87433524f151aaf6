//! The shapes that cross IPC. TypeScript types are generated from these (tauri-specta):
//! never write them twice. No u64/usize here: JavaScript numbers cannot hold them.

use quyche_archive::{RegulationRecord, RevisionRecord};
use quyche_model::{Document, Kind, Numbering, Unit};
use serde::Serialize;
use specta::Type;

use crate::time::iso8601;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RegulationStatus {
    Draft,
}

impl RegulationStatus {
    fn from_stored(_status: &str) -> RegulationStatus {
        // Only drafts exist until the approval workflow lands.
        RegulationStatus::Draft
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RegulationSummary {
    pub id: String,
    pub title: String,
    pub status: RegulationStatus,
    pub revisions: u32,
    /// ISO-8601 UTC.
    pub updated_at: String,
    pub updated_by: String,
}

impl RegulationSummary {
    pub(crate) fn new(reg: &RegulationRecord, head: &RevisionRecord) -> RegulationSummary {
        RegulationSummary {
            id: reg.id.clone(),
            title: reg.title.clone(),
            status: RegulationStatus::from_stored(&reg.status),
            revisions: reg.head,
            updated_at: iso8601(reg.updated_ms),
            updated_by: head.author.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RevisionInfo {
    pub number: u32,
    /// The content hash: SHA-256 Merkle root of the revision's document, 64 hex digits.
    pub hash: String,
    /// ISO-8601 UTC.
    pub time: String,
    pub author: String,
    pub message: String,
}

impl From<&RevisionRecord> for RevisionInfo {
    fn from(r: &RevisionRecord) -> RevisionInfo {
        RevisionInfo {
            number: r.number,
            hash: r.root.clone(),
            time: iso8601(r.time_ms),
            author: r.author.clone(),
            message: r.message.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct HeaderView {
    pub issuing_body: Vec<String>,
    pub motto: Vec<String>,
    /// The number line as printed: `Số: 12/QĐ-LMHTX`.
    pub number: Option<String>,
    pub marks: Vec<String>,
    pub place_date: Option<String>,
    pub doc_type: Option<String>,
    pub title: Vec<String>,
}

/// What a unit is; the model's own enum, exported as `UnitKind`.
pub use quyche_model::Kind as UnitKind;

#[derive(Debug, Clone, Serialize, Type)]
pub struct UnitView {
    /// The stable id.
    pub id: u32,
    pub kind: UnitKind,
    /// The derived number as printed: `Chương I`, `Mục 1`, `Điều 5`, `1.`, `a)`, `-`.
    pub marker: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub children: Vec<UnitView>,
    /// Articles only: the text the editor edits (title line, then the body).
    pub edit_text: Option<String>,
}

impl UnitView {
    fn new(unit: &Unit, numbering: &Numbering) -> UnitView {
        UnitView {
            id: unit.id.0,
            kind: unit.kind,
            marker: numbering.label(unit.id).map(|l| l.marker.clone()).unwrap_or_default(),
            title: unit.title.clone(),
            paragraphs: unit.paragraphs.clone(),
            children: unit.children.iter().map(|c| UnitView::new(c, numbering)).collect(),
            // No trailing newline: typing at the end of the text continues the last paragraph.
            edit_text: (unit.kind == Kind::Article)
                .then(|| quyche_text::render_article_body(unit).trim_end_matches('\n').to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RegulationView {
    pub id: String,
    pub title: String,
    pub status: RegulationStatus,
    /// The revision shown.
    pub revision: RevisionInfo,
    /// The latest revision number; the view is read-only when `revision.number < head`.
    pub head: u32,
    pub header: HeaderView,
    pub preamble: Vec<String>,
    pub units: Vec<UnitView>,
    pub closing: Vec<String>,
}

impl RegulationView {
    pub(crate) fn new(reg: &RegulationRecord, rev: &RevisionRecord, doc: &Document) -> RegulationView {
        let numbering = doc.numbering();
        let h = &doc.header;
        RegulationView {
            id: reg.id.clone(),
            title: reg.title.clone(),
            status: RegulationStatus::from_stored(&reg.status),
            revision: rev.into(),
            head: reg.head,
            header: HeaderView {
                issuing_body: h.issuing_body.clone(),
                motto: h.motto.clone(),
                number: h.number.as_ref().map(|n| format!("{}: {}", n.label, n.value)),
                marks: h.marks.clone(),
                place_date: h.place_date.clone(),
                doc_type: h.doc_type.clone(),
                title: h.title.clone(),
            },
            preamble: doc.preamble.clone(),
            units: doc.body.iter().map(|u| UnitView::new(u, &numbering)).collect(),
            closing: doc.closing.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DiagnosticView {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ImportResult {
    pub regulation_id: String,
    pub revision: RevisionInfo,
    pub title: String,
    pub diagnostics: Vec<DiagnosticView>,
}

/// Counts printed by `quyche stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatsView {
    pub parts: u32,
    pub chapters: u32,
    pub sections: u32,
    pub articles: u32,
    pub clauses: u32,
    pub points: u32,
    pub sub_points: u32,
    pub diagnostics: Vec<DiagnosticView>,
}
