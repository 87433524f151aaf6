//! The demo regulation seeded on first start: a draft working regulation of a provincial
//! Cooperative Alliance, written for this project, with two revisions.

use quyche_review::Role;

use crate::{parse_input, ApiError, Quyche, Result};

const V1: &str = include_str!("../demo/quy-che-lam-viec-v1.txt");
const V2: &str = include_str!("../demo/quy-che-lam-viec-v2.txt");

/// The author of the demo's revisions.
const DEMO_AUTHOR: &str = "Văn phòng";

/// The demo committee: who comments, who resolves, who records. Names written for this
/// project.
const PEOPLE: [(&str, Role, &str); 5] = [
    ("Nguyễn Văn An", Role::Chairman, "Chủ tịch"),
    ("Trần Thị Bình", Role::Secretary, "Chánh Văn phòng"),
    ("Lê Văn Cường", Role::Member, "Phó Chủ tịch"),
    ("Phạm Thị Dung", Role::Member, "Ủy viên Ban Thường vụ"),
    ("Hoàng Minh Đức", Role::Member, "Ủy viên Ban Thường vụ"),
];

pub(crate) fn seed(q: &Quyche) -> Result<String> {
    let review = q.review();
    if review.people()?.is_empty() {
        let mut first: Option<String> = None;
        let mut secretary = None;
        for (name, role, position) in PEOPLE {
            let p = review.add_person(first.as_deref(), name, role, position, q.now())?;
            if first.is_none() {
                first = Some(p.id.clone());
            }
            if role == Role::Secretary {
                secretary = Some(p.id.clone());
            }
        }
        // The Chief of Office keeps the drafts: the demo opens as that person, and
        // the first start lets a user pick someone else.
        if let Some(id) = secretary {
            review.set_current_user(&id, q.now())?;
        }
    }
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
    Ok(reg.id)
}
