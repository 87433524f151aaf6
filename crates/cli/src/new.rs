//! `new`: a regulation from a template (Ban Chấp hành, Ban Thường vụ và Văn phòng, Ủy ban
//! Kiểm tra, or a blank page), created as an import creates one.

use std::io::Write;

use quyche_api::RegulationTemplate;
use quyche_cli::args::New;

use crate::{print, Failure, Session};

/// Prints the new regulation's id, and nothing else on stdout. An unknown template is bad
/// input (exit 2) naming the four.
pub(crate) fn new(s: &Session, out: &mut impl Write, a: New) -> Result<(), Failure> {
    let template = RegulationTemplate::parse(&a.template)?;
    let q = s.open()?;
    let id = q.new_regulation(template, a.title.as_deref(), s.actor(&q))?;
    print(out, &id)
}
