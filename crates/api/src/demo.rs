//! The demo regulation seeded on first start: a draft working regulation of a provincial
//! Cooperative Alliance, written for this project, with two revisions.

use crate::{parse_input, ApiError, Quyche, Result};

const V1: &str = include_str!("../demo/quy-che-lam-viec-v1.txt");
const V2: &str = include_str!("../demo/quy-che-lam-viec-v2.txt");

/// The author of the demo's revisions.
const DEMO_AUTHOR: &str = "Văn phòng";

pub(crate) fn seed(q: &Quyche) -> Result<String> {
    let v1 = parse_input("quy-che-lam-viec-v1.txt", V1.as_bytes())?.document;
    let v2 = parse_input("quy-che-lam-viec-v2.txt", V2.as_bytes())?.document;
    let now = q.now();
    // The first draft is dated a week before the revision, as a real one would be.
    let (reg, _) = q.archive.create(&v1, DEMO_AUTHOR, now - 7 * 86_400_000, "Dự thảo lần 1")?;
    q.archive
        .commit_import(&reg.id, v2, DEMO_AUTHOR, now, "Dự thảo lần 2: chỉnh sửa sau khi rà soát nội bộ")
        .map_err(ApiError::from)?;
    Ok(reg.id)
}
