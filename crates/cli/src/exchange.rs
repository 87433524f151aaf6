//! Offline exchange: this machine's identity, the signed review package out, and the
//! signed comment bundle back. The secret key stays in the database folder.

use std::io::Write;
use std::path::Path;

use quyche_cli::args::{Bundle, IdentityCreate, Output, Package};

use crate::{print, Failure, Session};

/// Prints the key's fingerprint, to be read aloud when the card is handed over.
pub(crate) fn create_identity(
    s: &Session,
    out: &mut impl Write,
    a: IdentityCreate,
) -> Result<(), Failure> {
    let q = s.open()?;
    let id = q.create_identity(&a.name, &a.position)?;
    print(out, &id.fingerprint)
}

pub(crate) fn export_identity(s: &Session, out: &mut impl Write, a: Output) -> Result<(), Failure> {
    let q = s.open()?;
    q.export_identity_card(&a.output)?;
    print(out, &a.output.display().to_string())
}

pub(crate) fn show_identity(s: &Session, out: &mut impl Write) -> Result<(), Failure> {
    let q = s.open()?;
    match q.identity()? {
        Some(i) => {
            print(out, &format!("{}\t{}\t{}\t{}", i.name, i.position, i.key_id, i.fingerprint))
        }
        None => Err(Failure::other("máy này chưa có định danh")),
    }
}

pub(crate) fn package(s: &Session, out: &mut impl Write, a: Package) -> Result<(), Failure> {
    let q = s.open()?;
    print(out, &q.package_to_file(&a.regulation, s.actor(&q), &a.output)?)
}

/// Prints the regulation id of the read-only copy.
pub(crate) fn open_package(s: &Session, out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let q = s.open()?;
    print(out, &q.open_package_file(file)?)
}

/// Prints the file's path; `--again` writes the last bundle sent, the same bundle.
pub(crate) fn bundle(s: &Session, out: &mut impl Write, a: Bundle) -> Result<(), Failure> {
    let q = s.open()?;
    let n = if a.again {
        q.bundle_again_to_file(&a.regulation, &a.output)?
    } else {
        q.bundle_to_file(&a.regulation, &a.output)?
    };
    let file = a.output.display().to_string();
    eprintln!("{n} ý kiến trong bó {file}");
    print(out, &file)
}

/// Prints the number of new comments.
pub(crate) fn import_bundle(s: &Session, out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let q = s.open()?;
    print(out, &q.import_bundle_file(file, s.actor(&q))?.to_string())
}
