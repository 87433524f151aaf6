//! The DOCX container: a ZIP of XML parts, read from untrusted bytes.
//!
//! # Limits, and why
//!
//! A DOCX is a ZIP of XML files, and a ZIP can be made to do harm to whoever opens it.
//! [`Package::open`] and [`Package::read`] enforce:
//!
//! * **At most [`MAX_DOCX_BYTES`] (64 MB) of input**: the whole file is held in memory.
//! * **At most [`MAX_ENTRIES`] entries** (a DOCX has a few dozen): the entry list is read
//!   into memory before anything else, and a forged central directory could claim
//!   millions.
//! * **At most [`MAX_DOCX_BYTES`] decompressed, all entries together** (a zip bomb
//!   inflates a few kilobytes into gigabytes). Each entry is read through a reader that
//!   stops one byte past what is left of the budget, so the *actual* size counts; the
//!   declared size is checked first only to fail early, since it can lie.
//! * **Only the parts asked for are decompressed.**
//! * **Entry names that could point outside a folder** (see [`unsafe_name`]): `..` as a
//!   segment, a leading `/` or `\`, any `\`, a NUL, a drive letter. Nothing is ever
//!   extracted or written to disk, so they could do no harm here; but no program that
//!   writes DOCX writes them, so a file that has one is refused ([`Package::open`]), and
//!   a reader that must still read such a file (the seal check reports what it can)
//!   uses [`Package::open_lenient`], which ignores those entries.
//! * **A binary `.doc`** (Word 97–2003) and **an encrypted DOCX** are compound files
//!   (OLE, `D0 CF 11 E0`), not ZIPs; each gets its own sentence, since the fix differs:
//!   save as `.docx`, or remove the password.
//! * **A panic in the ZIP code** becomes [`WordError::Malformed`]: third-party code fed
//!   with untrusted bytes must never bring the app down.
//!
//! XML is read by the callers with quick-xml, which expands no DTD: neither an entity
//! bomb ("billion laughs") nor an external entity can be written into the text.

use std::io::{Cursor, Read};

/// The largest DOCX read, and the most all its entries together may decompress to.
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;
/// More entries than any DOCX has; see the module docs.
pub const MAX_ENTRIES: usize = 10_000;

/// The compound-file (OLE2) signature: a binary `.doc`, or an encrypted OOXML file.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// The stream an encrypted OOXML file keeps its key data in, as its UTF-16LE directory
/// name.
const ENCRYPTION_INFO: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";

/// Why a DOCX could not be read. Messages are Vietnamese, one line, and say what to do
/// where the user can do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordError {
    /// A Word 97–2003 binary document.
    #[error(
        "đây là tệp Word cũ (.doc), Quyche không đọc được: hãy mở bằng Word và lưu dưới dạng .docx"
    )]
    BinaryDoc,
    /// A password-protected document.
    #[error("tệp Word được đặt mật khẩu (mã hoá): hãy mở bằng Word, bỏ mật khẩu rồi lưu lại")]
    Encrypted,
    /// The file, or what it decompresses to, exceeds [`MAX_DOCX_BYTES`].
    #[error("tệp quá lớn hoặc là “bom nén” (zip bomb): giới hạn 64 MB, kể cả phần giải nén")]
    TooLarge,
    /// An entry name that points outside the package.
    #[error("tệp chứa mục có tên nguy hiểm “{0}” (trỏ ra ngoài thư mục): từ chối")]
    UnsafeName(String),
    /// A part the reader needs is missing.
    #[error("thiếu phần {0}: không phải tệp Word (.docx) hợp lệ")]
    Missing(String),
    /// Damaged, or not a DOCX at all.
    #[error("tệp bị hỏng hoặc sai định dạng: {0}")]
    Malformed(String),
    /// A paragraph holding a character refused at every text entry
    /// (`quyche_text::is_unsafe_char`): a bidi override, a control character.
    #[error("đoạn {paragraph}: có {what} (không được phép)")]
    UnsafeText { paragraph: usize, what: String },
}

/// Entry names that could point outside an extraction folder.
pub fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.contains('\\')
        || name.contains('\0')
        || name.split('/').any(|seg| seg == "..")
        || name.as_bytes().get(1) == Some(&b':')
}

/// An opened DOCX: its entry names, and what is left of the decompression budget.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    budget: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a DOCX, refusing a `.doc`, an encrypted file, an oversized file
    /// and any entry name that points outside the package.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, WordError> {
        let p = Self::open_lenient(bytes)?;
        if let Some(bad) = p.unsafe_names().next() {
            return Err(WordError::UnsafeName(bad.chars().take(120).collect()));
        }
        Ok(p)
    }

    /// [`Package::open`], but entries with unsafe names are kept out of [`Package::names`]
    /// and can never be read, rather than refusing the file.
    pub fn open_lenient(bytes: &'a [u8]) -> Result<Package<'a>, WordError> {
        if bytes.len() as u64 > MAX_DOCX_BYTES {
            return Err(WordError::TooLarge);
        }
        if bytes.starts_with(OLE_MAGIC) {
            // Directory entries sit in the first sectors of a small compound file; an
            // encrypted OOXML file is small enough for its names to be seen early.
            let head = &bytes[..bytes.len().min(1 << 20)];
            return Err(if contains(head, ENCRYPTION_INFO) {
                WordError::Encrypted
            } else {
                WordError::BinaryDoc
            });
        }
        guard(|| {
            let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
                WordError::Malformed(format!("không phải tệp DOCX (ZIP) hợp lệ: {e}"))
            })?;
            if zip.len() > MAX_ENTRIES {
                return Err(WordError::Malformed(format!(
                    "quá nhiều mục trong tệp ZIP ({})",
                    zip.len()
                )));
            }
            let names = zip.file_names().map(str::to_owned).collect();
            Ok(Package { zip, names, budget: MAX_DOCX_BYTES })
        })
    }

    fn unsafe_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str).filter(|n| unsafe_name(n))
    }

    /// The safe entry names, in the archive's order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str).filter(|n| !unsafe_name(n))
    }

    /// Whether the package has a safe entry called `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }

    /// Decompresses one entry, or `None` when there is none of that name (or its name is
    /// unsafe). The bytes count against the package's budget.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, WordError> {
        if !self.has(name) {
            return Ok(None);
        }
        let budget = &mut self.budget;
        let zip = &mut self.zip;
        guard(move || {
            let entry = zip
                .by_name(name)
                .map_err(|e| WordError::Malformed(format!("không đọc được {name}: {e}")))?;
            // The declared size can lie; it is checked first only to fail early.
            if entry.size() > *budget {
                return Err(WordError::TooLarge);
            }
            let mut out = Vec::with_capacity(entry.size().min(1 << 20) as usize);
            let read = entry
                .take(*budget + 1)
                .read_to_end(&mut out)
                .map_err(|e| WordError::Malformed(format!("không giải nén được {name}: {e}")))?;
            if read as u64 > *budget {
                return Err(WordError::TooLarge);
            }
            *budget -= read as u64;
            Ok(Some(out))
        })
    }

    /// [`Package::read`] for a part that must be there.
    pub fn require(&mut self, name: &str) -> Result<Vec<u8>, WordError> {
        self.read(name)?.ok_or_else(|| WordError::Missing(name.to_owned()))
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Runs third-party code on untrusted bytes; a panic comes out as an error.
fn guard<T>(f: impl FnOnce() -> Result<T, WordError>) -> Result<T, WordError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(WordError::Malformed("không đọc được nội dung tệp".into())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_a_part_and_reports_a_missing_one() {
        let bytes = zip_of(&[("word/document.xml", b"<w:document/>")]);
        let mut p = Package::open(&bytes).unwrap();
        assert_eq!(p.read("word/document.xml").unwrap().unwrap(), b"<w:document/>");
        assert_eq!(p.read("word/numbering.xml").unwrap(), None);
        assert_eq!(
            p.require("word/styles.xml").unwrap_err(),
            WordError::Missing("word/styles.xml".into())
        );
    }

    #[test]
    fn refuses_names_that_leave_the_package() {
        for bad in ["../evil.xml", "word/../../x", "/etc/passwd", "a\\b", "C:/x"] {
            let bytes = zip_of(&[("word/document.xml", b"x"), (bad, b"x")]);
            assert!(
                matches!(Package::open(&bytes), Err(WordError::UnsafeName(_))),
                "{bad} was not refused"
            );
            let mut lenient = Package::open_lenient(&bytes).unwrap();
            assert!(lenient.read(bad).unwrap().is_none(), "{bad} was readable");
        }
    }

    #[test]
    fn refuses_a_zip_bomb_by_its_actual_size() {
        // 65 MB of zeros deflate to about 64 KB.
        let big = vec![0u8; (MAX_DOCX_BYTES + (1 << 20)) as usize];
        let bytes = zip_of(&[("word/document.xml", &big)]);
        assert!(bytes.len() < 1 << 20);
        let mut p = Package::open(&bytes).unwrap();
        assert_eq!(p.read("word/document.xml").unwrap_err(), WordError::TooLarge);
    }

    #[test]
    fn tells_a_binary_doc_from_an_encrypted_docx() {
        let mut doc = OLE_MAGIC.to_vec();
        doc.extend_from_slice(&[0; 600]);
        doc.extend_from_slice(b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0");
        assert_eq!(Package::open(&doc).err(), Some(WordError::BinaryDoc));
        let mut enc = OLE_MAGIC.to_vec();
        enc.extend_from_slice(&[0; 600]);
        enc.extend_from_slice(ENCRYPTION_INFO);
        assert_eq!(Package::open(&enc).err(), Some(WordError::Encrypted));
        assert!(WordError::BinaryDoc.to_string().contains("lưu dưới dạng .docx"));
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for bytes in [&b"PK\x03\x04garbage"[..], b"", b"hello"] {
            assert!(matches!(Package::open(bytes), Err(WordError::Malformed(_))));
        }
    }
}
