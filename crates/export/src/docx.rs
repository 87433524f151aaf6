//! DOCX: the regulation in the Decree 30/2020 layout, and the reader `verify` uses.
//!
//! * [`decree30`]: the page and its building blocks (A4, the margins, Times New Roman,
//!   runs, rules, layout tables), shared with the response report ([`crate::report`]).
//! * [`mod@write`]: the regulation laid out on that page, with its seal footer and manifest,
//!   or, for a copy for comment, the draft mark, the copy's footer and its mark.
//! * [`schema_order`]: every property element's children put in the order Word expects,
//!   before any file is zipped.
//! * [`mod@read`]: the hardened reader of an exported file (size caps, entry-name checks);
//!   its module docs list each limit and why it is there.
//!
//! What the writer and the reader must agree on is defined here, once: the paragraph style
//! of each line's role, and the element that carries the manifest.
//!
//! Every paragraph that carries a canonical line has a paragraph style named after its
//! role (`QcArticle`, `QcClause`…). The styles add nothing to the look (each run carries
//! its own formatting, which is what Word and the decree checker read first); they tell
//! `verify` which header-table cell a line came from, since the table lists the left
//! column before the right one while the canonical text interleaves them.

pub(crate) mod decree30;
mod read;
mod schema_order;
mod write;

pub(crate) use read::read;
pub(crate) use write::{write, write_set, Stamp};

use crate::lines::Role;

/// The style of the seal footer paragraph, which `verify` reads as the footer.
const SEAL_STYLE: &str = quyche_word::SEAL_FOOTER_STYLE;
/// The style of the paragraph that opens the regulation in a promulgation set: what comes
/// before it is the decision, which is not sealed, and `verify` reads what follows.
const REGULATION_START_STYLE: &str = "QuycheRegulationStart";
/// The root element of the custom XML part that holds the manifest; Word and
/// LibreOffice keep custom XML parts when they save.
const SEAL_ELEMENT: &str = "quyche-seal";
const SEAL_NAMESPACE: &str = "urn:quyche:seal:1";

/// `Role::PlaceDate` → `QcPlaceDate`.
fn style_id(role: Role) -> String {
    let mut id = String::from("Qc");
    for word in role.name().split('-') {
        let mut c = word.chars();
        if let Some(f) = c.next() {
            id.extend(f.to_uppercase());
            id.push_str(c.as_str());
        }
    }
    id
}

fn role_of_style(id: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| style_id(*r) == id)
}
