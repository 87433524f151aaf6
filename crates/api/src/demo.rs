//! The demo regulation seeded on first start: a draft working regulation of a provincial
//! Cooperative Alliance, written for this project, with two revisions.

use quyche_review::Role;

use crate::{parse_input, ApiError, Quyche, Result};

const V1: &str = include_str!("../demo/quy-che-lam-viec-v1.txt");
const V2: &str = include_str!("../demo/quy-che-lam-viec-v2.txt");

/// The author of the demo's revisions.
const DEMO_AUTHOR: &str = "Văn phòng";

/// A demo committee for tests and recordings only (names written for this project): the
/// first start seeds no person, so a test that needs a committee adds it explicitly.
const PEOPLE: [(&str, Role, &str); 5] = [
    ("Nguyễn Văn An", Role::Chairman, "Chủ tịch"),
    ("Trần Thị Bình", Role::Secretary, "Chánh Văn phòng"),
    ("Lê Văn Cường", Role::Member, "Phó Chủ tịch"),
    ("Phạm Thị Dung", Role::Member, "Ủy viên Ban Thường vụ"),
    ("Hoàng Minh Đức", Role::Member, "Ủy viên Ban Thường vụ"),
];

impl Quyche {
    /// Tests and recordings: adds the demo committee (the first person adds the rest)
    /// and makes its Chief of Office the current user, as the first start used to. Not
    /// called by the app. Refused when people exist.
    #[doc(hidden)]
    pub fn add_demo_committee(&self) -> Result<()> {
        let review = self.review();
        if !review.people()?.is_empty() {
            return Err(ApiError::new(crate::ErrorCode::Refused, "Đã có người trong danh sách."));
        }
        let mut first: Option<String> = None;
        for (name, role, position) in PEOPLE {
            let p = review.add_person(first.as_deref(), name, role, position, self.now())?;
            first.get_or_insert(p.id.clone());
            if role == Role::Secretary {
                review.set_current_user(&p.id, self.now())?;
            }
        }
        self.refresh_audit_stamp();
        Ok(())
    }
}

/// Stores the demo regulation, flagged as the removable sample.
pub(crate) fn seed(q: &Quyche) -> Result<String> {
    let v1 = parse_input("quy-che-lam-viec-v1.txt", V1.as_bytes())?.document;
    let v2 = parse_input("quy-che-lam-viec-v2.txt", V2.as_bytes())?.document;
    let now = q.now();
    // The first draft is dated a week before the revision, as a real one would be.
    let (reg, _) = q.archive.create(&v1, DEMO_AUTHOR, now - 7 * 86_400_000, "Dự thảo lần 1")?;
    q.archive
        .commit_import(
            &reg.id,
            v2,
            DEMO_AUTHOR,
            now,
            "Dự thảo lần 2: chỉnh sửa sau khi rà soát nội bộ",
        )
        .map_err(ApiError::from)?;
    q.review().mark_sample(&reg.id, DEMO_AUTHOR, now)?;
    Ok(reg.id)
}
