//! Text from Word runs set in the pre-Unicode Vietnamese fonts.
//!
//! Before Unicode, Vietnamese was typed in fonts that draw Vietnamese letters on the
//! glyphs of Latin-1 letters and symbols: TCVN3 (ABC, `.VnTime`, `.VnArial`…) in the
//! north and VNI-Windows (`VNI-Times`, `VNI-Helve`…) in the south. Word stores such a
//! run as the characters Windows-1252 gives the font's bytes, so the XML of a
//! regulation typed in `.VnTime` says "Tr­êng" where the page shows "Trường". The DOCX
//! reader asks [`legacy_font`] which encoding a run's font implies and passes the run's
//! text through [`from_legacy`].
//!
//! The two encodings:
//! * **TCVN3** is TCVN 5712:1993 VN3: one byte per letter, all in 0xA0–0xFE, where
//!   Windows-1252 and Unicode agree, so the table below is indexed by the character
//!   itself. It has the 67 lower-case letters and only the 7 capitals without a tone
//!   (Ă Â Ê Ô Ơ Ư Đ); a capital with a tone is typed as the lower-case byte in the "H"
//!   font of the pair (`.VnTimeH`), which draws every letter as a capital. Hence
//!   [`LegacyFont::Tcvn3Capitals`]. VN3 leaves 0x80–0x9F alone: there the font draws
//!   Windows-1252's quotes, dashes and ellipsis, so those characters stay as they are
//!   (VN1's capitals on those bytes are not in VN3: reading “ as Ỏ would garble every
//!   quotation).
//! * **VNI** writes a vowel and then a mark byte ("a" + "ø" = à, "o" + "ä" = ộ); ơ, ư,
//!   đ and the toned i and ỵ are single bytes. A capital is the same bytes in capitals
//!   ("AØ" = À).
//!
//! Neither table is Windows-1258's (`encoding.rs`): that one is the code page of `.txt`
//! files, whose decoding does not change.

use serde::Serialize;

/// A pre-Unicode Vietnamese font encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegacyFont {
    /// TCVN3 (ABC, TCVN 5712:1993 VN3): `.VnTime`, `.VnArial`, `.VnCentury Schoolbook`…
    Tcvn3,
    /// VNI-Windows: `VNI-Times`, `VNI-Helve`, `VNI-Aptima`…
    Vni,
    /// A TCVN3 capitals font (`.VnTimeH`, `.VnArialH`…): the same bytes, every letter
    /// drawn as a capital. It is how a TCVN3 text writes Ộ, which VN3 has no byte for.
    Tcvn3Capitals,
}

impl LegacyFont {
    /// The encoding's name as a Vietnamese user knows it, for an import's notes.
    pub fn name(self) -> &'static str {
        match self {
            LegacyFont::Tcvn3 | LegacyFont::Tcvn3Capitals => "TCVN3",
            LegacyFont::Vni => "VNI",
        }
    }
}

/// Which legacy encoding a font name implies, `None` for a Unicode font.
///
/// Case-insensitive: a name starting with ".Vn" is TCVN3 (`.VnTime`), and with an "H"
/// at its end its capitals font (`.VnTimeH`); one starting with "VNI-" or "VNI " is VNI.
pub fn legacy_font(font_name: &str) -> Option<LegacyFont> {
    let name = font_name.trim().to_ascii_lowercase();
    if name.starts_with(".vn") {
        Some(if name.ends_with('h') { LegacyFont::Tcvn3Capitals } else { LegacyFont::Tcvn3 })
    } else if name.starts_with("vni-") || name.starts_with("vni ") {
        Some(LegacyFont::Vni)
    } else {
        None
    }
}

/// Converts the text of a run set in `font` to Unicode, then NFC.
///
/// ASCII stays as it is, and so does any character the encoding does not assign (it is
/// never dropped). Tone placement is the typist's: TCVN3 "hoµ" is "hoà", VNI "hoøa" is
/// "hòa", and neither is rewritten.
///
/// A run that already holds a Unicode Vietnamese letter (ư, ộ, a combining tone…) is
/// only NFC-normalised: no legacy byte reads as such a letter, so the text was converted
/// before and the font left behind, and reading it as TCVN3 would garble it again.
pub fn from_legacy(text: &str, font: LegacyFont) -> String {
    if text.chars().any(is_unicode_vietnamese) {
        return crate::normalize::nfc(text);
    }
    let converted = match font {
        LegacyFont::Tcvn3 => from_tcvn3(text, false),
        LegacyFont::Tcvn3Capitals => from_tcvn3(text, true),
        LegacyFont::Vni => from_vni(text),
    };
    crate::normalize::nfc(&converted)
}

/// TCVN3 (VN3) from 0xA0 to 0xFF, by byte; '\0' marks a byte VN3 does not assign. Below
/// 0xA0 VN3 is ASCII and the font draws Windows-1252's symbols.
#[rustfmt::skip]
const TCVN3_HIGH: [char; 96] = [
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ',   // A0
    'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\0',       // A8
    '\0', '\0', '\0', '\0', '\0', 'à', 'ả', 'ã',   // B0
    'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', '\0',      // B8
    '\0', '\0', '\0', '\0', '\0', '\0', 'ặ', 'ầ',  // C0
    'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ',       // C8
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì',        // D0
    'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', 'ò',     // D8
    '\0', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ',       // E0
    'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',        // E8
    '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ',       // F0
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', '\0',       // F8
];

/// The TCVN3 letter a DOCX character stands for, `None` when VN3 assigns none.
fn tcvn3_letter(c: char) -> Option<char> {
    let index = u32::from(c).checked_sub(0xA0)?;
    match TCVN3_HIGH.get(usize::try_from(index).ok()?) {
        Some('\0') | None => None,
        Some(&letter) => Some(letter),
    }
}

fn from_tcvn3(text: &str, capitals: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        match tcvn3_letter(c) {
            // The capitals font draws the lower-case bytes, ASCII included, as capitals.
            Some(letter) if capitals => out.extend(letter.to_uppercase()),
            Some(letter) => out.push(letter),
            None if capitals && c.is_ascii_lowercase() => out.push(c.to_ascii_uppercase()),
            None => out.push(c),
        }
    }
    out
}

/// What a VNI mark byte puts on the vowel before it: the combining characters, in the
/// order NFC composes them.
fn vni_mark(mark: char) -> Option<&'static str> {
    Some(match mark.to_lowercase().next()? {
        'ù' => "\u{301}",
        'ø' => "\u{300}",
        'û' => "\u{309}",
        'õ' => "\u{303}",
        'ï' => "\u{323}",
        'â' => "\u{302}",
        'á' => "\u{302}\u{301}",
        'à' => "\u{302}\u{300}",
        'å' => "\u{302}\u{309}",
        'ã' => "\u{302}\u{303}",
        'ä' => "\u{302}\u{323}",
        'ê' => "\u{306}",
        'é' => "\u{306}\u{301}",
        'è' => "\u{306}\u{300}",
        'ú' => "\u{306}\u{309}",
        'ü' => "\u{306}\u{303}",
        'ë' => "\u{306}\u{323}",
        _ => return None,
    })
}

/// The VNI letters written as one byte, lower case (a capital is the capital byte).
fn vni_letter(c: char) -> Option<char> {
    let lower = c.to_lowercase().next()?;
    let letter = match lower {
        'ô' => 'ơ',
        'ö' => 'ư',
        'ñ' => 'đ',
        'í' => 'í',
        'ì' => 'ì',
        'æ' => 'ỉ',
        'ó' => 'ĩ',
        'ò' => 'ị',
        'î' => 'ỵ',
        _ => return None,
    };
    Some(if c == lower { letter } else { letter.to_uppercase().next()? })
}

/// Whether a VNI vowel (after [`vni_letter`]) takes the mark: a tone goes on a, e, o, u,
/// y, ơ and ư (the toned i are single bytes); a circumflex on a, e, o; a breve on a.
fn takes_vni_mark(vowel: char, mark: &str) -> bool {
    let vowel = vowel.to_lowercase().next().unwrap_or(vowel);
    if mark.starts_with('\u{302}') {
        matches!(vowel, 'a' | 'e' | 'o')
    } else if mark.starts_with('\u{306}') {
        vowel == 'a'
    } else {
        matches!(vowel, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư')
    }
}

fn from_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = vni_letter(c).unwrap_or(c);
        out.push(letter);
        // The mark's case does not matter: the letter keeps the vowel's case, as it
        // looks on the page.
        if let Some(mark) = chars.peek().and_then(|&m| vni_mark(m)) {
            if takes_vni_mark(letter, mark) {
                out.push_str(mark);
                chars.next();
            }
        }
    }
    out
}

/// A letter or mark of Unicode Vietnamese that no legacy byte reads as (Windows-1252's
/// own letters above U+00FF, Œ Š Ž ƒ…, are not among them).
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'Ă' | 'ă'
            | 'Đ'
            | 'đ'
            | 'Ĩ'
            | 'ĩ'
            | 'Ũ'
            | 'ũ'
            | 'Ơ'
            | 'ơ'
            | 'Ư'
            | 'ư'
            | '\u{1EA0}'..='\u{1EF9}'
            | '\u{300}'..='\u{303}'
            | '\u{306}'
            | '\u{309}'
            | '\u{323}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table holds each of VN3's 74 letters once, all of them Vietnamese letters.
    #[test]
    fn tcvn3_table_has_the_vn3_letters_once() {
        let letters: Vec<char> =
            TCVN3_HIGH.iter().copied().filter(|&c| c != '\0' && c != '\u{A0}').collect();
        assert_eq!(letters.len(), 74);
        let mut sorted = letters.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 74, "a letter sits on two bytes");
        assert_eq!(letters.iter().filter(|c| c.is_uppercase()).count(), 7);
        assert!(letters.iter().all(|c| c.is_alphabetic()));
    }

    #[test]
    fn bytes_below_a0_are_not_tcvn3() {
        for c in ['\u{80}', '€', '“', '”', '–', '…', '\u{9F}', 'A', '\u{FF}', '\u{100}'] {
            assert_eq!(tcvn3_letter(c), None, "{c:?}");
        }
    }
}
