//! The way to an approved regulation, as the tests that need one take it: the owner's
//! identity, the text imported, the owner on the roster as chairman, a round opened and
//! closed, the text submitted and approved at a meeting (20 of 27 for, 4 against, 3
//! abstaining) on 28/11/2026. One home for the steps, so that a change to the workflow
//! is made once; each test names only what it varies: who, which text, which decision.

use std::path::Path;

use crate::harness::{s, Database};

/// The decision number of the approvals the tests make of the demo.
pub const DECISION_NO: &str = "12/QĐ-LMHTX";

/// A database whose owner `name` (`Chủ tịch`) imports `text` and is on the roster as
/// chairman. Returns the regulation id and the chairman's person id.
pub fn imported(d: &Database, name: &str, text: &Path) -> (String, String) {
    d.ok(None, &["identity", "create", "--name", name, "--position", "Chủ tịch"]);
    let reg = d.ok(None, &["import", s(text)]);
    let chair = d.ok(None, &["person", "add", "--name", name, "--role", "chairman"]);
    (reg, chair)
}

/// The chairman opens a round on `reg`, closes it and submits the text for approval.
pub fn submitted(d: &Database, reg: &str, chair: &str) {
    let c = Some(chair);
    d.ok(c, &["round", "open", reg]);
    d.ok(c, &["round", "close", reg]);
    d.ok(c, &["submit", reg]);
}

/// [`imported`], [`submitted`], then approved as decision `decision` of 2026-11-28.
/// Returns the regulation id and the chairman's person id.
pub fn approved(d: &Database, name: &str, text: &Path, decision: &str) -> (String, String) {
    let (reg, chair) = imported(d, name, text);
    submitted(d, &reg, &chair);
    d.ok(Some(&chair), &approve_words(&reg, decision));
    (reg, chair)
}

/// The words of `quyche approve REG` for the meeting of 2026-11-28 that passed `decision`.
pub fn approve_words<'a>(reg: &'a str, decision: &'a str) -> [&'a str; 16] {
    [
        "approve",
        reg,
        "--form",
        "meeting",
        "--members",
        "27",
        "--for",
        "20",
        "--against",
        "4",
        "--abstain",
        "3",
        "--decision-no",
        decision,
        "--date",
        "2026-11-28",
    ]
}
