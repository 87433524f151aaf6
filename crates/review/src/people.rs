//! The people of a committee and their roles, and who uses this installation.

use quyche_store::{Action, RecordWrite};

use crate::comments::safe;
use crate::model::{Person, Role};
use crate::records::{decode, encode, short_id, CURRENT_USER, PEOPLE, SETTINGS};
use crate::rules::{self, Act, Origin};
use crate::{Result, Review, ReviewError, Stage};

impl Review<'_> {
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut people: Vec<Person> = self.all(PEOPLE)?;
        people.sort_by_key(|p| (p.created_ms, p.id.clone()));
        Ok(people)
    }

    pub fn person(&self, id: &str) -> Result<Person> {
        match self.archive.store().record(PEOPLE, id)? {
            Some(r) => decode(&r),
            None => Err(ReviewError::Refused(format!("Không có người nào mang mã {id}."))),
        }
    }

    /// Adds a person. The first person may be added by anyone (someone has to be
    /// first); after that, only the chairman or the secretary adds people.
    pub fn add_person(
        &self,
        actor: Option<&str>,
        name: &str,
        role: Role,
        position: &str,
        now: i64,
    ) -> Result<Person> {
        safe("tên người", name)?;
        safe("chức vụ", position)?;
        let name = quyche_text::nfc(name.trim());
        if name.is_empty() {
            return Err(ReviewError::BadInput("Tên không được để trống.".into()));
        }
        let existing = self.people()?;
        let actor_name = match (actor, existing.is_empty()) {
            (_, true) => name.clone(),
            (Some(a), false) => {
                let p = self.person(a)?;
                if !matches!(p.role, Role::Chairman | Role::Secretary) {
                    rules::permit(&p, Act::AddPerson, Stage::Draft, Origin::Drafted)?;
                }
                p.name
            }
            (None, false) => {
                return Err(ReviewError::Refused(
                    "Cần biết ai đang thêm người (--as MÃ_NGƯỜI): chỉ Chủ tịch hoặc Chánh Văn phòng được thêm.".into(),
                ))
            }
        };
        let id = short_id("p", &[&name, &now.to_string(), &existing.len().to_string()]);
        let position = match quyche_text::nfc(position.trim()) {
            p if p.is_empty() => role.label().to_string(),
            p => p,
        };
        let person =
            Person { id: id.clone(), name, position, role, created_ms: now, public_key: None };
        let body = encode(&person);
        self.write(
            &[RecordWrite { collection: PEOPLE, key: &id, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &actor_name,
                action: "person-add",
                regulation: None,
                revision: None,
                detail: &format!("{} ({})", person.name, person.role.label()),
            },
        )?;
        Ok(person)
    }

    /// Who uses this installation: the app acts as this person.
    pub fn current_user(&self) -> Result<Option<Person>> {
        match self.archive.store().record(SETTINGS, CURRENT_USER)? {
            None => Ok(None),
            Some(r) => {
                let id: String = decode(&r)?;
                Ok(self.person(&id).ok())
            }
        }
    }

    pub fn set_current_user(&self, id: &str, now: i64) -> Result<Person> {
        let person = self.person(id)?;
        let body = encode(&person.id);
        self.write(
            &[RecordWrite {
                collection: SETTINGS,
                key: CURRENT_USER,
                body: &body,
                create_only: false,
            }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "sign-in",
                regulation: None,
                revision: None,
                detail: &format!("{} ({})", person.name, person.role.label()),
            },
        )?;
        Ok(person)
    }

    /// Adds a roster person from an identity card's name, position and key. A card
    /// whose key differs from the key already on file for a person of the same name is
    /// refused unless `confirm_key_change`: a changed key is how an impostor would look.
    #[allow(clippy::too_many_arguments)]
    pub fn add_person_with_key(
        &self,
        actor: Option<&str>,
        name: &str,
        role: Role,
        position: &str,
        public_key: &str,
        confirm_key_change: bool,
        now: i64,
    ) -> Result<Person> {
        safe("tên người", name)?;
        safe("chức vụ", position)?;
        let name_nfc = quyche_text::nfc(name.trim());
        if let Some(mut known) = self.people()?.into_iter().find(|p| p.name == name_nfc) {
            if known.public_key.as_deref() == Some(public_key) {
                return Ok(known);
            }
            if known.public_key.is_some() && !confirm_key_change {
                return Err(ReviewError::Refused(format!(
                    "CẢNH BÁO: khóa của {} đã thay đổi so với khóa đã lưu. Chỉ chấp nhận khi đã xác nhận trực tiếp với người đó (dấu vân tay), bằng --confirm-key-change.",
                    known.name
                )));
            }
            let actor_name = match actor {
                Some(a) => {
                    let p = self.person(a)?;
                    rules::permit(&p, Act::AddPerson, Stage::Draft, Origin::Drafted)?;
                    p.name
                }
                None => known.name.clone(),
            };
            known.public_key = Some(public_key.to_string());
            let body = encode(&known);
            self.write(
                &[RecordWrite {
                    collection: PEOPLE,
                    key: &known.id,
                    body: &body,
                    create_only: false,
                }],
                None,
                Action {
                    time_ms: now,
                    actor: &actor_name,
                    action: "person-key",
                    regulation: None,
                    revision: None,
                    detail: &format!("Khóa mới của {}", known.name),
                },
            )?;
            return Ok(known);
        }
        let person = self.add_person(actor, name, role, position, now)?;
        let mut with_key = person.clone();
        with_key.public_key = Some(public_key.to_string());
        let body = encode(&with_key);
        self.write(
            &[RecordWrite {
                collection: PEOPLE,
                key: &with_key.id,
                body: &body,
                create_only: false,
            }],
            None,
            Action {
                time_ms: now,
                actor: &with_key.name,
                action: "person-key",
                regulation: None,
                revision: None,
                detail: &format!("Khóa của {}", with_key.name),
            },
        )?;
        Ok(with_key)
    }
}
