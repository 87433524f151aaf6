//! New regulations from a template, and the header (*thể thức*) edited as a form.
//!
//! A new regulation is created exactly as an import creates one (the template's text is
//! what a user could have imported; `quyche_text::templates`), in the draft stage. The
//! header form reads and writes fields; which lines they map to is the domain's
//! (`quyche_text::with_header_fields`), the date is written in the one format an approval
//! writes (`quyche_review::promulgation::long_date`), and a save is one revision under the
//! same workflow rules as editing an article.

use quyche_text::Template;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{safe_field, Actor, ApiError, Quyche, Result, RevisionInfo};

/// A template, as the command line and the window name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RegulationTemplate {
    /// Quy chế làm việc của Ban Chấp hành.
    Bch,
    /// Quy chế làm việc của Ban Thường vụ và Văn phòng.
    Btv,
    /// Quy chế làm việc của Ủy ban Kiểm tra.
    Ubkt,
    /// A header, Chương I and Điều 1.
    Blank,
}

impl RegulationTemplate {
    pub const ALL: [RegulationTemplate; 4] = [
        RegulationTemplate::Bch,
        RegulationTemplate::Btv,
        RegulationTemplate::Ubkt,
        RegulationTemplate::Blank,
    ];

    fn domain(self) -> Template {
        match self {
            RegulationTemplate::Bch => Template::ExecutiveCommittee,
            RegulationTemplate::Btv => Template::StandingCommittee,
            RegulationTemplate::Ubkt => Template::InspectionCommittee,
            RegulationTemplate::Blank => Template::Blank,
        }
    }

    /// `bch`, `btv`, `ubkt`, `blank`.
    pub fn key(self) -> &'static str {
        self.domain().key()
    }

    /// The template named `key`; any other name is bad input naming the four.
    pub fn parse(key: &str) -> Result<RegulationTemplate> {
        RegulationTemplate::ALL.into_iter().find(|t| t.key() == key.trim()).ok_or_else(|| {
            ApiError::bad_input(format!(
                "không có mẫu “{key}”; các mẫu: {}",
                quyche_text::template_keys()
            ))
        })
    }
}

/// A template as the new-regulation dialog offers it.
#[derive(Clone, Debug, Serialize, Type)]
pub struct TemplateOption {
    pub template: RegulationTemplate,
    pub label: String,
    /// One line saying what it holds.
    pub description: String,
}

/// The header of a regulation as the form edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HeaderFields {
    /// The issuing body, one entry per line.
    pub issuing_body: Vec<String>,
    /// What follows `Số:` (`12/QĐ-LMHTX`; `…/QĐ-…` while not given); empty: no number line.
    pub number: String,
    /// The place before the date (`Hà Nội`; `…` while not filled).
    pub place: String,
    /// ISO `YYYY-MM-DD`, as every date the window sends; empty while the date is blank.
    pub date: String,
    /// The title under the document type (`Làm việc của Ban Chấp hành …`), one line.
    pub title: String,
    /// The line in brackets under the title, without them (`Ban hành kèm theo Quyết định
    /// số …`); empty: none.
    pub decision_note: String,
}

impl From<quyche_text::HeaderFields> for HeaderFields {
    fn from(f: quyche_text::HeaderFields) -> Self {
        HeaderFields {
            issuing_body: f.issuing_body,
            number: f.number,
            place: f.place,
            date: f.date,
            title: f.title,
            decision_note: f.decision_note,
        }
    }
}

impl Quyche {
    /// The templates a new regulation starts from, in the order the dialog lists them.
    pub fn regulation_templates(&self) -> Result<Vec<TemplateOption>> {
        Ok(RegulationTemplate::ALL
            .into_iter()
            .map(|t| TemplateOption {
                template: t,
                label: t.domain().label().to_owned(),
                description: t.domain().description().to_owned(),
            })
            .collect())
    }

    /// Creates a regulation from `template`, its title replaced by `title` when given,
    /// exactly as an import creates one (first revision, draft stage). Returns its id.
    pub fn new_regulation(
        &self,
        template: RegulationTemplate,
        title: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<String> {
        if let Some(t) = title {
            safe_field("tên quy chế", t)?;
        }
        let (author, _) = self.author_of(actor)?;
        let doc = quyche_text::new_document(template.domain(), title);
        let message = format!("Soạn mới theo mẫu “{}”", template.domain().label());
        let (reg, _) = self.archive.create(&doc, &author, self.now(), &message)?;
        Ok(reg.id)
    }

    /// The header fields of the regulation's latest revision.
    pub fn header(&self, regulation: &str) -> Result<HeaderFields> {
        let doc = self.archive.load(regulation, None)?.document;
        Ok(quyche_text::header_fields(&doc.header).into())
    }

    /// Writes the header from the form as one new revision on `base_revision` (a
    /// conflict, as for an article, when someone saved since). Drafting rules: refused
    /// outside the stages where the text may be edited.
    pub fn save_header(
        &self,
        regulation: &str,
        base_revision: u32,
        fields: &HeaderFields,
        actor: Actor<'_>,
    ) -> Result<RevisionInfo> {
        for line in &fields.issuing_body {
            safe_field("cơ quan ban hành", line)?;
        }
        safe_field("số, ký hiệu", &fields.number)?;
        safe_field("địa danh", &fields.place)?;
        safe_field("tên quy chế", &fields.title)?;
        safe_field("ghi chú ban hành", &fields.decision_note)?;
        let date = fields.date.trim();
        let written_date = match date {
            "" => None,
            iso => Some(quyche_review::promulgation::long_date(iso).ok_or_else(|| {
                ApiError::bad_input(format!("ngày “{iso}” không đúng dạng năm-tháng-ngày"))
            })?),
        };
        let (edit, head) = self.begin_edit(
            regulation,
            Some((base_revision, "thông tin văn bản chưa được lưu.")),
            actor,
        )?;
        let form = quyche_text::HeaderFields {
            issuing_body: fields.issuing_body.clone(),
            number: fields.number.clone(),
            place: fields.place.clone(),
            date: date.to_owned(),
            title: fields.title.clone(),
            decision_note: fields.decision_note.clone(),
        };
        let doc = quyche_text::with_header_fields(&head.document, &form, written_date.as_deref())
            .map_err(|e| ApiError::bad_input(e.to_string()))?;
        if doc == head.document {
            return Err(ApiError::bad_input(
                "Thông tin văn bản không thay đổi; không tạo phiên bản mới.",
            ));
        }
        let record = self.finish_edit(regulation, &edit, &doc, "Sửa thông tin văn bản")?;
        Ok((&record).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn quyche(dir: &std::path::Path) -> Quyche {
        let clock: crate::Clock = std::sync::Arc::new(|| 1_795_832_400_000);
        let q = Quyche::open(dir, clock).expect("open");
        q.add_demo_committee().expect("committee");
        q
    }

    fn person(q: &Quyche, name: &str) -> String {
        q.people().unwrap().into_iter().find(|p| p.name == name).expect(name).id
    }

    #[test]
    fn a_new_regulation_is_a_draft_and_its_header_saves_under_the_drafting_rules() {
        let dir = tempfile::tempdir().unwrap();
        let q = quyche(dir.path());
        let id = q.new_regulation(RegulationTemplate::Ubkt, None, Actor::Current).unwrap();
        let view = q.open_regulation(&id, None).unwrap();
        assert_eq!(view.head, 1);
        assert!(view.title.starts_with("Quy chế làm việc của Ủy ban Kiểm tra"), "{}", view.title);
        assert_eq!(q.workflow(&id, Actor::Current).unwrap().stage.label(), "Dự thảo");

        let fields = q.header(&id).unwrap();
        let same = q.save_header(&id, 1, &fields, Actor::Current).unwrap_err();
        assert_eq!(same.code, ErrorCode::BadInput, "{}", same.message);
        let dated = HeaderFields { date: "2026-03-05".into(), place: "Hà Nội".into(), ..fields };
        let bad = HeaderFields { date: "05/03/2026".into(), ..dated.clone() };
        assert_eq!(
            q.save_header(&id, 1, &bad, Actor::Current).unwrap_err().code,
            ErrorCode::BadInput
        );
        assert_eq!(q.save_header(&id, 1, &dated, Actor::Current).unwrap().number, 2);
        let text = crate::render_document(&q.document(&id, None).unwrap());
        assert!(text.contains("\nHà Nội, ngày 05 tháng 3 năm 2026\n"), "{text}");
        assert_eq!(q.header(&id).unwrap(), dated);
        // A stale base is a conflict; nothing is written.
        let again = HeaderFields { place: "Bình An".into(), ..dated.clone() };
        assert_eq!(
            q.save_header(&id, 1, &again, Actor::Current).unwrap_err().code,
            ErrorCode::Conflict
        );

        // During a consultation the text is not drafted: refused, as an article's edit is.
        let chairman = person(&q, "Nguyễn Văn An");
        q.open_round(&id, Actor::Person(&chairman), None).unwrap();
        let refused = q.save_header(&id, 2, &again, Actor::Current).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Refused, "{}", refused.message);
        assert_eq!(q.history(&id).unwrap().len(), 2);
    }

    #[test]
    fn templates_are_named_by_key() {
        for t in RegulationTemplate::ALL {
            assert_eq!(RegulationTemplate::parse(t.key()).unwrap(), t);
            assert_eq!(serde_json::to_value(t).unwrap(), t.key());
        }
        let e = RegulationTemplate::parse("hdqt").unwrap_err();
        assert_eq!(e.message, "không có mẫu “hdqt”; các mẫu: bch, btv, ubkt, blank");
    }
}
