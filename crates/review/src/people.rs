//! The people of a committee and their roles, and who uses this installation.
//!
//! Two rosters: this installation's people (the committee whose texts are drafted
//! here), and, for each copy received in a review package, the roster that package came
//! with, kept for that copy alone ([`Review::people_on`]). Opening a package never
//! touches this installation's people, roles or current user.
//!
//! A card whose name looks like a known person's name but carries another key is how an
//! impostor would look, so names are compared by their confusable skeleton (Unicode
//! TR39, [`name_skeleton`]), not by their bytes.

use quyche_store::{Action, RecordWrite};
use serde::{Deserialize, Serialize};

use crate::comments::safe;
use crate::model::{Person, Role};
use crate::records::{decode, encode, short_id, CURRENT_USER, PEOPLE, ROSTERS, SETTINGS};
use crate::rules::{self, Act, Origin};
use crate::{Result, Review, ReviewError, Stage};

/// The roster a received copy came with: who may comment on it, who its chairman is,
/// whose key checks what is sent about it. Stored per copy, keyed by regulation, and
/// replaced only by a later package for the same copy signed by its pinned chairman.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CopyRoster {
    pub(crate) regulation: String,
    pub(crate) people: Vec<Person>,
}

/// A name's confusable skeleton (Unicode TR39, `unicode-security`): two names with the
/// same skeleton look alike on screen (Cyrillic "а" and Latin "a", "rn" and "m", Greek
/// "Ο" and Latin "O"). The skeleton keeps combining marks, so Vietnamese tone marks
/// still tell names apart: "Hòa" and "Hoa" differ, while "Hòa" written with the tone on
/// another letter ("Hoà") is the same name, as NFC already says; "đ" and "d", "ư" and
/// "u" stay apart too. The tests in this module show it, case by case.
pub fn name_skeleton(name: &str) -> String {
    unicode_security::skeleton(&quyche_text::nfc(name.trim())).collect()
}

impl Review<'_> {
    /// The roster a received copy came with, or `None` for a text drafted here (and for
    /// a copy opened before copies kept their own roster).
    pub(crate) fn copy_roster(&self, regulation: &str) -> Result<Option<CopyRoster>> {
        match self.archive.store().record(ROSTERS, regulation)? {
            Some(r) => Ok(Some(decode(&r)?)),
            None => Ok(None),
        }
    }

    /// The people of `regulation`: this installation's people for a text drafted here;
    /// for a received copy, the roster its package came with.
    pub fn people_on(&self, regulation: &str) -> Result<Vec<Person>> {
        match self.copy_roster(regulation)? {
            Some(r) => Ok(r.people),
            None => self.people(),
        }
    }

    /// One person of `regulation`'s roster (see [`Review::people_on`]).
    pub fn person_on(&self, regulation: &str, id: &str) -> Result<Person> {
        match self.copy_roster(regulation)? {
            None => self.person(id),
            Some(r) => r.people.into_iter().find(|p| p.id == id).ok_or_else(|| {
                // Ids are the program's, never the reader's: say which list, not which code.
                ReviewError::Refused(
                    "Người này không có trong danh sách đi kèm bản sao quy chế.".to_string(),
                )
            }),
        }
    }

    /// Who acts on a received copy: the person of its roster named by `actor`, else the
    /// roster person whose key is this installation's (`owner_key`), since whatever is
    /// sent about the copy is signed with that key. `None` for a text drafted here,
    /// where the actor is one of this installation's people.
    pub fn acting_on(
        &self,
        regulation: &str,
        actor: Option<&str>,
        owner_key: Option<&str>,
    ) -> Result<Option<Person>> {
        let Some(roster) = self.copy_roster(regulation)? else {
            return Ok(None);
        };
        if let Some(p) = actor.and_then(|a| roster.people.iter().find(|p| p.id == a)) {
            return Ok(Some(p.clone()));
        }
        let owner = owner_key.and_then(|k| {
            roster.people.iter().find(|p| p.public_key.as_deref() == Some(k)).cloned()
        });
        owner.map(Some).ok_or_else(|| {
            ReviewError::Refused(format!(
                "Chủ máy này không có tên trong danh sách của bản sao quy chế {regulation}: chỉ đọc được, không góp ý được."
            ))
        })
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        let mut people: Vec<Person> = self.all(PEOPLE)?;
        people.sort_by_key(|p| (p.created_ms, p.id.clone()));
        Ok(people)
    }

    pub fn person(&self, id: &str) -> Result<Person> {
        match self.archive.store().record(PEOPLE, id)? {
            Some(r) => decode(&r),
            // The id is the program's, never shown to the reader.
            None => Err(ReviewError::Refused("Không có người này trong danh sách.".into())),
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

    /// The first start: the person at this machine, named with their position and role,
    /// whose key is this installation's signing key (`public_key`), becomes one of its
    /// people and its current user in one transaction: a failure leaves nothing. Refused
    /// once someone uses this installation (a current user exists).
    pub fn start_here(
        &self,
        name: &str,
        position: &str,
        role: Role,
        public_key: &str,
        now: i64,
    ) -> Result<Person> {
        let (name, position) = first_start_fields(name, position)?;
        if self.current_user()?.is_some() {
            return Err(ReviewError::Refused(
                "Máy này đã có người dùng; chỉ lần mở đầu tiên mới hỏi bạn là ai.".into(),
            ));
        }
        let existing = self.people()?;
        let id = short_id("p", &[&name, &now.to_string(), &existing.len().to_string()]);
        let person = Person {
            id: id.clone(),
            name,
            position,
            role,
            created_ms: now,
            public_key: Some(public_key.to_string()),
        };
        let body = encode(&person);
        let current = encode(&person.id);
        self.write(
            &[
                RecordWrite { collection: PEOPLE, key: &id, body: &body, create_only: true },
                RecordWrite {
                    collection: SETTINGS,
                    key: CURRENT_USER,
                    body: &current,
                    create_only: false,
                },
            ],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "start-here",
                regulation: None,
                revision: None,
                detail: &format!("{}, {} ({})", person.name, person.position, person.role.label()),
            },
        )?;
        Ok(person)
    }

    /// The person whose key is `public_key`: this installation's owner on its roster (a
    /// database from before the first start linked them finds them by key).
    pub fn person_with_key(&self, public_key: &str) -> Result<Option<Person>> {
        Ok(self.people()?.into_iter().find(|p| p.public_key.as_deref() == Some(public_key)))
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
        let skeleton = name_skeleton(&name_nfc);
        // The same name, or one that only looks the same: both name the known person.
        let people = self.people()?;
        let known = people
            .iter()
            .find(|p| p.name == name_nfc)
            .or_else(|| people.iter().find(|p| name_skeleton(&p.name) == skeleton))
            .cloned();
        if let Some(mut known) = known {
            let look_alike = known.name != name_nfc;
            if known.public_key.as_deref() == Some(public_key) && !look_alike {
                return Ok(known);
            }
            if (known.public_key.is_some() || look_alike) && !confirm_key_change {
                let why = if look_alike {
                    format!(
                        "tên \u{201c}{name_nfc}\u{201d} trên thẻ trông giống hệt tên {} đã lưu nhưng là chữ khác (có thể là giả mạo)",
                        known.name
                    )
                } else {
                    format!("khóa của {} đã thay đổi so với khóa đã lưu", known.name)
                };
                return Err(ReviewError::Refused(format!(
                    "CẢNH BÁO: {why}. Chỉ chấp nhận khi đã xác nhận trực tiếp với người đó (mã nhận dạng), bằng --confirm-key-change."
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

/// The first start's two fields, checked and normalised (NFC, trimmed): both are needed,
/// since the name and position are what others see on this machine's card and bundles.
pub fn first_start_fields(name: &str, position: &str) -> Result<(String, String)> {
    safe("tên người", name)?;
    safe("chức vụ", position)?;
    let name = quyche_text::nfc(name.trim());
    let position = quyche_text::nfc(position.trim());
    if name.is_empty() {
        return Err(ReviewError::BadInput("Hãy nhập họ và tên của bạn.".into()));
    }
    if position.is_empty() {
        return Err(ReviewError::BadInput("Hãy nhập chức vụ của bạn.".into()));
    }
    Ok((name, position))
}

#[cfg(test)]
mod tests {
    use super::name_skeleton;

    /// What the TR39 skeleton makes of names: look-alikes meet, Vietnamese names that
    /// differ by a tone or a letter stay apart.
    #[test]
    fn look_alike_names_share_a_skeleton_and_vietnamese_tones_still_count() {
        let cases: [(&str, &str, bool); 12] = [
            // Look-alikes: Cyrillic а, "rn" for "m", Greek Ο, Cyrillic о and е in a full name.
            ("Nguyễn Văn An", "Nguyễn Văn \u{0410}n", true),
            ("Lê Văn Cường", "Lê Văn Cư\u{043e}\u{031b}\u{0300}ng", true),
            ("Lâm", "Lârn", true),
            ("Ông Ích Khiêm", "\u{039f}\u{0302}ng Ích Khiêm", true),
            ("Phạm Thị Dung", "Phạm Thị Dung", true),
            // The same name typed with the tone on another vowel or decomposed: NFC first.
            ("Hòa", "Ho\u{0300}a", true),
            ("Nguyễn", "Nguye\u{0302}\u{0303}n", true),
            // Vietnamese names are not folded: tone marks, đ and the hook still count.
            ("Hòa", "Hoa", false),
            ("Hòa", "Hóa", false),
            ("Đức", "Dức", false),
            ("Cường", "Cuờng", false),
            ("Lan", "Lân", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(
                name_skeleton(a) == name_skeleton(b),
                same,
                "{a:?} vs {b:?}: {:?} / {:?}",
                name_skeleton(a),
                name_skeleton(b)
            );
        }
    }
}
