//! Offline exchange: this machine's identity, the signed review package out, and the
//! signed comment bundle back. The secret key stays in the database folder.

use std::io::Write;

use quyche_cli::args::{Bundle, IdentityCreate, ImportBundle, OpenPackage, Output, Package};

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
        None => Err(Failure::other("máy này chưa có chữ ký số")),
    }
}

pub(crate) fn package(s: &Session, out: &mut impl Write, a: Package) -> Result<(), Failure> {
    let q = s.open()?;
    print(out, &q.package_to_file(&a.regulation, s.actor(&q), &a.output)?)
}

/// Prints the regulation id of the read-only copy. The first package of a copy whose
/// chairman's key this machine does not know yet needs `--trust FINGERPRINT`: without
/// it, prints the chairman and the fingerprint (`name<TAB>position<TAB>fingerprint`)
/// and exits 3, asking for the fingerprint to be checked by phone.
pub(crate) fn open_package(
    s: &Session,
    out: &mut impl Write,
    a: OpenPackage,
) -> Result<(), Failure> {
    let q = s.open()?;
    if a.trust.is_none() {
        let p = q.inspect_package_file(&a.file)?;
        if !p.trusted {
            print(
                out,
                &format!("{}\t{}\t{}", p.chairman_name, p.chairman_position, p.fingerprint),
            )?;
            return Err(Failure {
                code: 3,
                message: format!(
                    "{}: khóa của {} ({}) chưa được tin cậy trên máy này. Hãy gọi điện cho người đó để đối chiếu mã nhận dạng khóa {}, rồi mở lại với --trust \"{}\".",
                    p.file, p.chairman_name, p.chairman_position, p.fingerprint, p.fingerprint
                ),
            });
        }
    }
    print(out, &q.open_package_file(&a.file, a.trust.as_deref())?)
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
    eprintln!("{n} ý kiến trong tệp góp ý {file}");
    print(out, &file)
}

/// Prints the number of new comments. `--late`: the chairman takes in a late bundle.
pub(crate) fn import_bundle(
    s: &Session,
    out: &mut impl Write,
    a: ImportBundle,
) -> Result<(), Failure> {
    let q = s.open()?;
    print(out, &q.import_bundle_file(&a.file, s.actor(&q), a.late)?.to_string())
}
