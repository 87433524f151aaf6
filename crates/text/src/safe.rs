//! The one rule for characters refused at every text entry (issue 9).
//!
//! Refused, wherever text enters (a file, the editor, a comment, a name, a package):
//! * C0 control characters except tab (U+0009), newline (U+000A) and carriage return
//!   (U+000D, a line end: `decode` turns CRLF and lone CR into LF), plus DEL (U+007F) and
//!   the C1 controls (U+0080–U+009F, NEL U+0085 included). XML 1.0 forbids the C0 ones even
//!   as character references, so one of them in a comment made the DOCX export unreadable;
//!   the others are invisible and mean nothing in a regulation.
//! * The bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
//!   direction marks (U+200E, U+200F, U+061C). Vietnamese is written left to right only,
//!   so none of them has a use here, and each can make a text display differently from
//!   the words that are stored, hashed and sealed (the "Trojan Source" trick). The marks
//!   are refused too rather than dropped: dropping would silently change what was
//!   written, and a clear message lets the author remove them.
//! * The noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids too.
//!
//! Zero-width spaces, soft hyphens and BOMs are not refused: lines drop them (see
//! `normalize::is_invisible`).

use std::fmt;

/// Whether `c` is refused at every text entry (see the module docs).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{FFFE}' | '\u{FFFF}')
}

/// A refused character and where it is: 1-based line (CRLF, CR and LF each end one line)
/// and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsafeChar {
    pub ch: char,
    pub line: usize,
    pub column: usize,
}

impl UnsafeChar {
    /// What the character is, in words, with its code point: `ký tự điều khiển U+0001`.
    pub fn describe(&self) -> String {
        let kind = match self.ch {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "ký tự điều khiển hướng chữ",
            '\u{200E}' | '\u{200F}' | '\u{061C}' => "dấu hướng chữ",
            '\u{FFFE}' | '\u{FFFF}' => "ký tự không hợp lệ",
            _ => "ký tự điều khiển",
        };
        format!("{kind} U+{:04X}", u32::from(self.ch))
    }
}

impl fmt::Display for UnsafeChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dòng {}, cột {}: có {} (không được phép)",
            self.line,
            self.column,
            self.describe()
        )
    }
}

/// Whether `bytes` (UTF-8) may hold a refused character: a byte scan (each byte with the
/// two after it, a block at a time), so Vietnamese text passes in one pass without
/// decoding a character. Every refused character encodes as one of:
/// C0 and DEL (`00`–`1F` but tab, LF, CR; `7F`), C1 (`C2 80`–`C2 9F`), U+061C (`D8 9C`),
/// U+200E/F (`E2 80 8E`/`8F`), U+202A–E (`E2 80 AA`–`AE`), U+2066–9 (`E2 81 A6`–`A9`),
/// U+FFFE/F (`EF BF BE`/`BF`). A `true` is checked character by character.
fn may_hold_unsafe(bytes: &[u8]) -> bool {
    crate::normalize::any_window(bytes, refused_lead, refused)
}

/// Where a refused character's encoding starts (see [`may_hold_unsafe`]): a lead byte
/// of [`refused_lead`], and for one past ASCII, the bytes after it.
#[inline(always)]
pub(crate) fn refused(b: u8, n: u8, a: u8) -> bool {
    let e2 = (n == 0x80) & ((a == 0x8E) | (a == 0x8F) | (a.wrapping_sub(0xAA) <= 0x04))
        | (n == 0x81) & (a.wrapping_sub(0xA6) <= 0x03);
    refused_lead(b, n)
        & ((b < 0x80)
            | (b == 0xC2) & (n <= 0x9F)
            | (b == 0xD8) & (n == 0x9C)
            | (b == 0xE2) & e2
            | (b == 0xEF) & (n == 0xBF) & ((a == 0xBE) | (a == 0xBF)))
}

/// [`refused`] by its first byte alone: true wherever `refused` is.
#[inline(always)]
pub(crate) fn refused_lead(b: u8, _: u8) -> bool {
    (b <= 0x08)
        | (b == 0x0B)
        | (b == 0x0C)
        | (b.wrapping_sub(0x0E) <= 0x11)
        | (b == 0x7F)
        | (b == 0xC2)
        | (b == 0xD8)
        | (b == 0xE2)
        | (b == 0xEF)
}

/// The first refused character of `text`, if any.
pub fn find_unsafe_char(text: &str) -> Option<UnsafeChar> {
    // Fast path: no byte that can start a refused character's encoding.
    if !may_hold_unsafe(text.as_bytes()) {
        return None;
    }
    let (mut line, mut column) = (1, 0);
    let mut after_cr = false;
    for ch in text.chars() {
        match ch {
            '\n' if after_cr => after_cr = false,
            '\n' | '\r' => {
                line += 1;
                column = 0;
                after_cr = ch == '\r';
            }
            _ => {
                after_cr = false;
                column += 1;
                if is_unsafe_char(ch) {
                    return Some(UnsafeChar { ch, line, column });
                }
            }
        }
    }
    None
}

/// `text` with every refused character replaced by U+FFFD, for the writers: a document
/// that got past the entries some other way still exports well-formed XML and HTML, and
/// the mark shows where something was, which dropping it silently would not.
pub fn replace_unsafe_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if find_unsafe_char(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars().map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan never lets a refused character through: every code point, alone and
    /// between Vietnamese letters.
    #[test]
    fn the_byte_scan_sees_every_refused_character() {
        // 28 bytes and `ở` put the character at the last byte of the scan's first block.
        let pad = "Quy chế làm việc của Ban".repeat(2);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            let inside = format!("ở{c}ư");
            let across = format!("{}ở{c}ư{pad}", &pad[..28]);
            assert_eq!(
                find_unsafe_char(&across).is_some(),
                is_unsafe_char(c),
                "U+{:04X}",
                u32::from(c)
            );
            assert_eq!(
                find_unsafe_char(&alone).is_some(),
                is_unsafe_char(c),
                "U+{:04X} alone",
                u32::from(c)
            );
            assert_eq!(
                find_unsafe_char(&inside).is_some(),
                is_unsafe_char(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
