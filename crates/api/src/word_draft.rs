//! A Word draft (`.docx`) entering through the one parse path of every input file.
//!
//! [`parse_input_noted`](crate::parse_input_noted) hands a file here when its bytes say
//! it is a Word file (a ZIP, or a compound file: a binary `.doc` or an encrypted
//! document, which `quyche_word` refuses with what to do). `quyche_word::read_draft`
//! turns it into text lines; `quyche_text::parse` reads them exactly as it reads a
//! `.txt`, so the same numbering diagnostics come out, their line being the DOCX
//! paragraph the line came from. Word's own findings (a point letter Word wrote
//! differently) join them, and what the reader did to the file (tracked changes
//! accepted, legacy fonts converted) becomes the import's note, the sentence that says
//! a `.txt` was converted from another encoding.

use quyche_text::{Diagnostic, Parsed};

use crate::{ApiError, Result};

/// The compound-file signature: a `.doc`, or an encrypted Word file.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether `bytes` are a Word file rather than text: read by content, never by name.
pub(crate) fn is_word_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(OLE_MAGIC)
}

/// Reads a Word draft: the parsed document, and the note saying what was done to it.
pub(crate) fn parse_word(name: &str, bytes: &[u8]) -> Result<(Parsed, Option<String>)> {
    let draft =
        quyche_word::read_draft(bytes).map_err(|e| ApiError::bad_input(format!("{name}: {e}")))?;
    let mut parsed = quyche_text::parse(&draft.text());
    for d in &mut parsed.diagnostics {
        d.line = draft.paragraph_of_line(d.line) as u32;
    }
    parsed.diagnostics.extend(draft.diagnostics.iter().map(|(paragraph, message)| Diagnostic {
        line: *paragraph as u32,
        code: "word-point-letter",
        message: message.clone(),
    }));
    parsed.diagnostics.sort_by_key(|d| d.line);
    if parsed.document.stats().articles == 0 {
        let paragraph = draft.lines.first().map_or(1, |l| l.paragraph);
        return Err(ApiError::bad_input(format!(
            "{name}: đoạn {paragraph}: không tìm thấy Điều nào, đây không phải văn bản quy chế"
        )));
    }
    let note = (!draft.notes.is_empty()).then(|| format!("Tệp Word: {}.", draft.notes.join("; ")));
    Ok((parsed, note))
}
