//! Input normalisation shared by every entry point, so that equal texts parse equally
//! whatever their encoding accidents (CRLF, NFD, non-breaking spaces, tabs).

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Strips a leading BOM, turns CRLF and lone CR into LF, and NFC-normalises.
pub(crate) fn normalize_text(s: &str) -> Cow<'_, str> {
    let s = s.strip_prefix('\u{FEFF}').unwrap_or(s);
    let s: Cow<'_, str> = if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    };
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s,
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// NFC without the other normalisations.
pub(crate) fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Characters that carry no text: they are dropped from lines.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{00AD}')
}

/// Trims a line, collapses every run of whitespace (tabs and non-breaking spaces
/// included) to one space and drops invisible characters. Idempotent, which the round
/// trip relies on.
///
/// An invisible character between a letter and a combining mark (`a`, U+FEFF, U+0300)
/// keeps NFC from composing them; dropping it leaves text that is not NFC, which would
/// then compose when the rendering is read again. So the line is NFC-normalised again
/// after a drop (found by the parse fuzz target).
pub(crate) fn clean_line(s: &str) -> String {
    let simple = !s.is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| c == ' ' || !(c.is_whitespace() || is_invisible(c)));
    if simple {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut dropped = false;
    for c in s.chars() {
        if is_invisible(c) {
            dropped = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    if dropped {
        nfc(&out)
    } else {
        out
    }
}

/// One non-blank line of the input, cleaned, with its 1-based line number.
#[derive(Debug, Clone)]
pub(crate) struct SrcLine {
    pub text: String,
    pub line: u32,
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits normalised text into cleaned, non-blank lines. Blank lines only separate
/// paragraphs, which one-paragraph-per-line already does.
pub(crate) fn split_lines(text: &str) -> Vec<SrcLine> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, raw)| {
            let text = crate::header::unglue_heading(clean_line(raw));
            (!text.is_empty()).then(|| SrcLine { text, line: to_u32(i + 1) })
        })
        .collect()
}
