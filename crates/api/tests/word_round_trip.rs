//! The round trip through Word: every fixture law exported as DOCX (the Decree 30
//! writer) and read back through the one input path (`quyche stats|render FILE.docx`)
//! gives the counts, the diagnostics and the canonical text of the source `.txt`.
//!
//! The export leaves out the notes (`# SOURCE: …`) and the marks (`DỰ THẢO`) by design
//! (quyche-export's crate docs), so the text compared is the source's without them.
//! Diagnostics are compared by message: a `.txt` names a line, a DOCX a paragraph.

use quyche_api::{render_file, stats_file, Format, StatsView};
use quyche_export::Seal;

fn seal_for(doc: &quyche_model::Document) -> Seal {
    Seal {
        hash: quyche_text::canonical_hash(doc),
        regulation_id: "luat".into(),
        revision: 1,
        decision_no: None,
        approved_on: None,
        approved_by: None,
        vote: None,
        signature: None,
    }
}

fn counts(s: &StatsView) -> (Vec<u32>, Vec<String>) {
    let mut messages: Vec<String> = s.diagnostics.iter().map(|d| d.message.clone()).collect();
    messages.sort();
    (vec![s.parts, s.chapters, s.sections, s.articles, s.clauses, s.points, s.sub_points], messages)
}

#[test]
fn every_fixture_law_exported_as_docx_reads_back_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    for law in quyche_fixtures::ALL {
        let source = quyche_fixtures::law(law);
        let mut doc = quyche_text::parse(&source).document;
        doc.notes.clear();
        doc.header.marks.clear();
        let text = quyche_text::render(&doc);
        let txt = dir.path().join(law);
        std::fs::write(&txt, &text).unwrap();
        let docx_bytes = quyche_export::export(&doc, &seal_for(&doc), Format::Docx).unwrap();
        let docx = dir.path().join(format!("{law}.docx"));
        std::fs::write(&docx, &docx_bytes).unwrap();

        assert_eq!(render_file(&docx).unwrap(), render_file(&txt).unwrap(), "{law}");
        assert_eq!(
            counts(&stats_file(&docx).unwrap()),
            counts(&stats_file(&txt).unwrap()),
            "{law}"
        );
    }
}
