//! Plain text: the canonical text, the footer, and the manifest in a delimited block.

use crate::lines::Layout;
use crate::seal::{footer_text, Extracted, Manifest, FOOTER_PREFIX};
use crate::ExportError;

pub(crate) const BEGIN: &str = "-----BEGIN QUYCHE SEAL-----";
pub(crate) const END: &str = "-----END QUYCHE SEAL-----";

pub(crate) fn write(layout: &Layout, manifest: &Manifest) -> String {
    let mut out = String::new();
    for (_, l) in layout.visible() {
        out.push_str(&l.text);
        out.push('\n');
    }
    // The canonical text has no blank lines, so this one marks where it ends.
    out.push('\n');
    out.push_str(&footer_text(&manifest.seal));
    out.push('\n');
    // The delimiters stand on lines of their own.
    manifest.push_block(&mut out, &format!("{BEGIN}\n"), &format!("\n{END}\n"));
    out
}

pub(crate) fn read(text: &str) -> Result<Extracted, ExportError> {
    let (body, manifest) =
        Manifest::find_in(text, BEGIN, END, "khối niêm phong không có dòng kết thúc")?;
    let (body, footer) = split_footer(body, FOOTER_PREFIX);
    let lines = body
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    Ok(Extracted { manifest, lines, footer })
}

/// Cuts the text at the last line starting with `prefix` (the footer).
pub(crate) fn split_footer<'a>(body: &'a str, prefix: &str) -> (&'a str, Option<String>) {
    let mut start = 0;
    let mut found = None;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with(prefix) {
            found = Some(start);
        }
        start += line.len();
    }
    match found {
        Some(at) => {
            let footer = body[at..].lines().next().unwrap_or("").trim().to_owned();
            (&body[..at], Some(footer))
        }
        None => (body, None),
    }
}
