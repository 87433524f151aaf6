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

/// The first refused character of `text`, if any.
pub fn find_unsafe_char(text: &str) -> Option<UnsafeChar> {
    // Fast path: every refused character is a control or in a few non-ASCII blocks.
    if text.bytes().all(|b| (0x20..0x7F).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r')) {
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
