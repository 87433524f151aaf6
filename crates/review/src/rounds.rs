//! Consultation rounds: opened by the chairman on the latest revision, closed when the
//! comments are in.

use quyche_store::{Action, RecordWrite, StatusChange};

use crate::model::{Round, Stage};
use crate::records::{encode, is_date, ROUNDS};
use crate::{Act, Result, Review, ReviewError};

impl Review<'_> {
    pub fn rounds(&self, regulation: &str) -> Result<Vec<Round>> {
        let mut rounds: Vec<Round> =
            self.all::<Round>(ROUNDS)?.into_iter().filter(|r| r.regulation == regulation).collect();
        rounds.sort_by_key(|r| r.number);
        Ok(rounds)
    }

    pub fn open_round_of(&self, regulation: &str) -> Result<Option<Round>> {
        Ok(self.rounds(regulation)?.into_iter().rev().find(|r| r.closed_ms.is_none()))
    }

    /// Opens a round on the latest revision. `reviewers` defaults to everyone.
    pub fn open_round(
        &self,
        regulation: &str,
        actor: &str,
        deadline: Option<&str>,
        reviewers: Option<Vec<String>>,
        now: i64,
    ) -> Result<Round> {
        let (person, stage) = self.permit(regulation, actor, Act::OpenRound)?;
        if let Some(d) = deadline {
            if !is_date(d) {
                return Err(ReviewError::BadInput(format!(
                    "Hạn góp ý không hợp lệ: {d} (cần YYYY-MM-DD)."
                )));
            }
        }
        let reviewers = match reviewers {
            Some(r) => {
                for id in &r {
                    self.person(id)?;
                }
                r
            }
            None => self.people()?.into_iter().map(|p| p.id).collect(),
        };
        let head = self.archive.regulation(regulation)?.head;
        let number = self.rounds(regulation)?.len() as u32 + 1;
        let id = format!("{regulation}-{number}");
        let round = Round {
            id: id.clone(),
            regulation: regulation.to_string(),
            number,
            revision: head,
            deadline: deadline.map(str::to_string),
            reviewers,
            opened_by: person.id.clone(),
            opened_ms: now,
            closed_ms: None,
        };
        let body = encode(&round);
        self.write(
            &[RecordWrite { collection: ROUNDS, key: &id, body: &body, create_only: true }],
            Some(StatusChange {
                regulation,
                status: Stage::Consultation.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "round-open",
                regulation: Some(regulation),
                revision: Some(head),
                detail: &format!(
                    "Đợt lấy ý kiến {number}, hạn {}",
                    deadline.unwrap_or("không đặt")
                ),
            },
        )?;
        Ok(round)
    }

    pub fn close_round(&self, regulation: &str, actor: &str, now: i64) -> Result<Round> {
        let (person, stage) = self.permit(regulation, actor, Act::CloseRound)?;
        let mut round = self
            .open_round_of(regulation)?
            .ok_or_else(|| ReviewError::Refused("Không có đợt lấy ý kiến nào đang mở.".into()))?;
        round.closed_ms = Some(now);
        let body = encode(&round);
        self.write(
            &[RecordWrite { collection: ROUNDS, key: &round.id, body: &body, create_only: false }],
            Some(StatusChange {
                regulation,
                status: Stage::Revising.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "round-close",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!("Đợt lấy ý kiến {}", round.number),
            },
        )?;
        Ok(round)
    }
}
