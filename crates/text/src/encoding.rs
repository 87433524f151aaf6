//! Which encoding a `.txt` file was saved in. Committees get files from Word's "Plain
//! Text", Notepad and older Vietnamese Windows machines, so besides UTF-8 the reader
//! accepts UTF-16 with a byte-order mark (Notepad's "Unicode") and Windows-1258 (the
//! Vietnamese "ANSI" code page). Anything else is refused with a sentence saying how to
//! re-save the file; guessing wrong would store a garbled regulation under a seal.

/// The encoding [`crate::decode_detected`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8, with or without a BOM: the expected case, no note to the user.
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
}

impl Encoding {
    /// The sentence an import report shows when the file was converted; `None` for UTF-8.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Utf16Le | Encoding::Utf16Be => {
                Some("Tệp được lưu bằng mã UTF-16 (Unicode); đã chuyển sang UTF-8.")
            }
            Encoding::Windows1258 => {
                Some("Tệp được lưu bằng mã Windows-1258 (ANSI); đã chuyển sang Unicode.")
            }
        }
    }
}

/// Bytes 0x80..=0xFF of Windows-1258, from Microsoft's table (unicode.org
/// `MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1258.TXT`); 0 marks the eleven undefined bytes.
/// 0x00..=0x7F are ASCII. 0xCC 0xD2 0xDE 0xEC 0xF2 are the combining tone marks
/// (grave, hook above, tilde, acute, dot below) written after their vowel.
#[rustfmt::skip]
const CP1258_HIGH: [u16; 128] = [
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 80
    0x02C6, 0x2030, 0,      0x2039, 0x0152, 0,      0,      0,      // 88
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 90
    0x02DC, 0x2122, 0,      0x203A, 0x0153, 0,      0,      0x0178, // 98
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, // A0
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, // A8
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, // B0
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, // B8
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7, // C0
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF, // C8
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7, // D0
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF, // D8
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7, // E0
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF, // E8
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7, // F0
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF, // F8
];

/// One byte of Windows-1258, `None` for an undefined byte.
pub fn cp1258_char(b: u8) -> Option<char> {
    if b < 0x80 {
        return Some(b as char);
    }
    match CP1258_HIGH[usize::from(b - 0x80)] {
        0 => None,
        u => char::from_u32(u32::from(u)),
    }
}

/// Letters of the Vietnamese alphabet Windows-1258 stores as one byte (the rest are
/// built with a tone-mark byte after them).
const VIETNAMESE_LETTERS: &str = "ÀÁÂĂÈÉÊÍÓÔƠÙÚƯĐàáâăèéêíóôơùúưđ";
/// Bytes only Vietnamese text has: ă đ ơ ư and the five tone marks.
const VIETNAMESE_ONLY: &[u8] =
    &[0xC3, 0xE3, 0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD, 0xCC, 0xD2, 0xDE, 0xEC, 0xF2];

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// A vowel a tone mark may sit on: the bare vowels and those with a circumflex, breve
/// or horn (a toned vowel takes no second tone).
fn takes_tone(c: char) -> bool {
    "aeiouyâăêôơưAEIOUYÂĂÊÔƠƯ".contains(c)
}

/// Decodes `bytes` as Windows-1258 if they read as Vietnamese, else `None`.
///
/// Why this heuristic: any byte string but eleven decodes as Windows-1258, so decoding
/// alone proves nothing; a Latin-1 French file or a Shift-JIS one would come out as
/// nonsense. Vietnamese text saved in cp1258 has three marks the others lack, and all
/// three are required:
/// * no undefined byte and no control byte but tab and line ends (a binary file has them);
/// * at least one byte only Vietnamese uses (ă đ ơ ư or a tone mark), so a French or
///   German Latin-1 file, which has none, is not taken;
/// * every tone mark follows a vowel that can carry one, and letters foreign to
///   Vietnamese (ç ë î ñ ö ß…) are at most one in ten of the non-ASCII letters: Shift-JIS
///   or another code page read as cp1258 scatters marks after consonants and
///   punctuation and lands on such letters;
/// * no symbol of the upper half (¡ ¹ § ® ¶ …) sits inside a word: that is how a TCVN3
///   or VNI file, whose letters live on those bytes, reads as cp1258 ("Ph¹m").
pub fn decode_cp1258(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let (mut vietnamese, mut foreign, mut specific) = (0usize, 0usize, false);
    let mut prev: Option<char> = None;
    let mut before_prev: Option<char> = None;
    for &b in bytes {
        let c = cp1258_char(b)?;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return None;
        }
        let in_word_symbol = |s: char| !s.is_ascii() && !s.is_alphabetic() && !is_tone_mark(s);
        if c.is_alphabetic()
            && prev.is_some_and(in_word_symbol)
            && before_prev.is_some_and(char::is_alphabetic)
        {
            return None;
        }
        if VIETNAMESE_ONLY.contains(&b) {
            specific = true;
        }
        if is_tone_mark(c) {
            if !prev.is_some_and(takes_tone) {
                return None;
            }
            vietnamese += 1;
        } else if b >= 0x80 && c.is_alphabetic() {
            if VIETNAMESE_LETTERS.contains(c) {
                vietnamese += 1;
            } else {
                foreign += 1;
            }
        }
        before_prev = prev;
        prev = Some(c);
        out.push(c);
    }
    (specific && foreign * 10 <= vietnamese).then_some(out)
}

/// Why UTF-16 bytes did not decode: the byte offset in the file.
pub(crate) fn decode_utf16(body: &[u8], big_endian: bool, skipped: usize) -> Result<String, usize> {
    if body.len() % 2 == 1 {
        return Err(skipped + body.len() - 1);
    }
    let units = body.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut at = skipped;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                at += c.len_utf16() * 2;
            }
            Err(_) => return Err(at),
        }
    }
    Ok(out)
}
