//! `.txt` files saved in UTF-16 (with a BOM) and Windows-1258 are converted; other
//! encodings are refused with the re-save sentence. Real text: a slice of the 2023 law,
//! encoded here by test-only encoders, plus small committed files in `tests/encodings/`.

use quyche_text::{cp1258_char, decode, decode_detected, nfc, Encoding, InputError, RESAVE_HINT};
use unicode_normalization::UnicodeNormalization;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        out.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

/// Windows' own conversion: a letter cp1258 has is one byte; any other is its base
/// letter (with circumflex, breve or horn kept) then the tone-mark byte.
fn cp1258(text: &str) -> Vec<u8> {
    let byte_of = |c: char| (0u8..=255).find(|&b| cp1258_char(b) == Some(c));
    let mut out = Vec::new();
    for c in text.chars() {
        if let Some(b) = byte_of(c) {
            out.push(b);
            continue;
        }
        let parts: String = c.to_string().nfd().collect();
        let tone: Vec<char> = parts.chars().filter(|&m| is_tone(m)).collect();
        let base: String =
            parts.chars().filter(|&m| !is_tone(m)).collect::<String>().nfc().collect();
        for ch in base.chars().chain(tone) {
            out.push(byte_of(ch).unwrap_or_else(|| panic!("{c:?} is not in cp1258")));
        }
    }
    out
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// About 6 KB of the law from its first article, cut at a line end.
fn law_slice() -> String {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let start = law.find("Điều 1.").expect("the law has Điều 1");
    let mut end = start + 6000;
    while !law.is_char_boundary(end) || !law[..end].ends_with('\n') {
        end += 1;
    }
    nfc(&law[start..end]).replace("\r\n", "\n")
}

#[test]
fn a_slice_of_the_2023_law_comes_back_exactly_from_each_encoding() {
    let text = law_slice();
    assert!(text.contains('ệ') && text.contains('ữ') && text.contains('đ'));
    let cases: [(&str, Vec<u8>, Encoding); 5] = [
        ("utf-8", text.as_bytes().to_vec(), Encoding::Utf8),
        ("utf-8 bom", [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(), Encoding::Utf8),
        ("utf-16 le", utf16(&text, false), Encoding::Utf16Le),
        ("utf-16 be", utf16(&text, true), Encoding::Utf16Be),
        ("windows-1258", cp1258(&text), Encoding::Windows1258),
    ];
    for (name, bytes, encoding) in cases {
        let got = decode_detected(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.1, encoding, "{name}");
        assert!(got.0 == text, "{name}: the decoded text differs from the law's");
    }
    // CRLF in the cp1258 file too, as Notepad writes it.
    let crlf = cp1258(&text.replace('\n', "\r\n"));
    assert_eq!(decode(&crlf).as_deref(), Ok(text.as_str()));
}

#[test]
fn tone_placement_is_kept_as_written() {
    // A phrase, not a lone word: "hoà" alone is "ho\xE0", bytes Latin-1 French shares,
    // and the reader wants a byte only Vietnamese uses before guessing cp1258.
    for word in ["hòa thuận", "hoà thuận", "thủy lợi", "thuỷ lợi"] {
        assert_eq!(decode(&cp1258(word)).as_deref(), Ok(word), "cp1258 {word}");
        assert_eq!(decode(&utf16(word, false)).as_deref(), Ok(word), "utf-16 {word}");
    }
}

#[test]
fn the_committed_files_decode_to_the_expected_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/encodings");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    for (file, encoding) in [
        ("utf16le.txt", Encoding::Utf16Le),
        ("utf16be.txt", Encoding::Utf16Be),
        ("windows1258.txt", Encoding::Windows1258),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(decode_detected(&bytes), Ok((expected.clone(), encoding)), "{file}");
    }
    for file in ["latin1_french.txt", "shift_jis.txt"] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let err = decode(&bytes).expect_err(file);
        assert!(matches!(err, InputError::NotUtf8 { .. }), "{file}: {err:?}");
        assert!(err.to_string().ends_with(RESAVE_HINT), "{file}: {err}");
    }
}

#[test]
fn other_encodings_are_refused_with_the_resave_sentence() {
    // A deterministic "random" binary: a linear congruential generator.
    let mut x: u32 = 12345;
    let binary: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    let french = "Le comité a approuvé le règlement intérieur; la réunion a eu lieu à Genève.\n";
    let german = "Der Ausschuß hat die Geschäftsordnung für künftige Sitzungen beschlossen.\n";
    let cases: Vec<(&str, Vec<u8>, usize, usize)> = vec![
        // (name, bytes, offset of the first non-UTF-8 byte, its line)
        ("latin-1 french", french.chars().map(|c| c as u8).collect(), 8, 1),
        (
            "latin-1 german",
            ["Zeile eins\n".as_bytes(), &german.chars().map(|c| c as u8).collect::<Vec<_>>()]
                .concat(),
            11 + 11,
            2,
        ),
        (
            "random binary",
            binary.clone(),
            std::str::from_utf8(&binary).unwrap_err().valid_up_to(),
            1 + binary[..std::str::from_utf8(&binary).unwrap_err().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
        ),
        ("shift-jis", vec![0x91, 0xE6, 0x88, 0xEA, 0x8F, 0xF0, 0x20, 0x82, 0xB1, 0x82, 0xCC], 0, 1),
        // Vietnamese-looking but a tone mark after a consonant: not cp1258 text.
        ("mark after consonant", b"Ng\xECay".to_vec(), 2, 1),
        // TCVN3 (ABC), as old .VnTime documents were saved: "Điều 1. Phạm vi" reads as
        // cp1258 "§i̓u 1. Ph¹m vi", a symbol inside a word.
        ("tcvn3", b"\xA7i\xD2u 1. Ph\xB9m vi".to_vec(), 0, 1),
        ("tcvn3-like, no foreign letter", b"\xD0i\xEAu 1. Ph\xA1m vi\n".to_vec(), 0, 1),
    ];
    for (name, bytes, offset, line) in cases {
        let err = decode(&bytes).expect_err(name);
        assert_eq!(err, InputError::NotUtf8 { offset, line }, "{name}");
        assert!(err.to_string().contains(RESAVE_HINT), "{name}");
    }
}

#[test]
fn broken_utf16_names_the_byte() {
    let cases: [(&str, Vec<u8>, usize); 3] = [
        ("odd length", [utf16("Điều", false), vec![0x41]].concat(), 10),
        ("lone high surrogate", [utf16("ab", false), vec![0x00, 0xD8, 0x41, 0x00]].concat(), 6),
        ("lone low surrogate be", [utf16("a", true), vec![0xDC, 0x00]].concat(), 4),
    ];
    for (name, bytes, offset) in cases {
        assert_eq!(decode(&bytes), Err(InputError::BadUtf16 { offset }), "{name}");
    }
}

#[test]
fn control_and_bidi_characters_are_refused_after_decoding() {
    for text in ["Điều 1.\u{202e} X", "Điều 1.\u{7} X"] {
        let err = decode(&utf16(text, false)).expect_err(text);
        assert!(matches!(err, InputError::UnsafeText(_)), "{text:?}: {err:?}");
    }
    // cp1258 has no control characters outside ASCII; an ASCII one makes it not text.
    assert!(matches!(decode(b"\x07\xF0i\xEAu"), Err(InputError::NotUtf8 { .. })));
}

#[test]
fn encodings_say_what_was_converted() {
    assert_eq!(Encoding::Utf8.note(), None);
    assert_eq!(
        Encoding::Windows1258.note(),
        Some("Tệp được lưu bằng mã Windows-1258 (ANSI); đã chuyển sang Unicode.")
    );
    assert!(Encoding::Utf16Le.note().is_some());
}

/// `parse_decoded` (the CLI's path: decode, then parse without normalising again) gives
/// what `parse` gives, for every encoding and accident decoding handles: UTF-16 both
/// ways, cp1258's separate tone marks, NFD, CRLF and lone CR, BOMs.
#[test]
fn parse_decoded_is_parse_of_decoded_text() {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let slice: String = law.lines().take(400).collect::<Vec<_>>().join("\n");
    let nfd: String = slice.nfd().collect();
    let mut inputs: Vec<Vec<u8>> = vec![
        law.clone().into_bytes(),
        utf16(&slice, false),
        utf16(&slice, true),
        cp1258(&slice),
        nfd.into_bytes(),
        slice.replace('\n', "\r\n").into_bytes(),
        slice.replace('\n', "\r").into_bytes(),
        format!("\u{feff}\u{feff}\u{feff}{slice}").into_bytes(),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/encodings");
    for e in std::fs::read_dir(dir).unwrap() {
        inputs.push(std::fs::read(e.unwrap().path()).unwrap());
    }
    let mut decoded = 0;
    for bytes in inputs {
        if let Ok(text) = decode(&bytes) {
            decoded += 1;
            assert_eq!(quyche_text::parse_decoded(&text), quyche_text::parse(&text));
        }
    }
    assert!(decoded >= 10, "{decoded}");
}

/// A file that is already what decoding makes (UTF-8, NFC, LF) is borrowed, not copied;
/// any other is decoded into text of its own. Either way the text is `decode_detected`'s.
#[test]
fn clean_utf8_is_borrowed_and_the_rest_is_decoded() {
    use std::borrow::Cow;
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let nfd: String = law.nfd().collect();
    let cases: [(&str, Vec<u8>, bool); 5] = [
        ("clean", law.clone().into_bytes(), true),
        ("utf-8 BOM", [&[0xEF, 0xBB, 0xBF][..], law.as_bytes()].concat(), true),
        ("CRLF", law.replace('\n', "\r\n").into_bytes(), false),
        ("NFD", nfd.into_bytes(), false),
        ("UTF-16", utf16(&law, false), false),
    ];
    for (name, bytes, borrowed) in cases {
        let (text, encoding) = quyche_text::decode_borrowed(&bytes).expect(name);
        assert_eq!(matches!(text, Cow::Borrowed(_)), borrowed, "{name}");
        assert_eq!(Ok((text.into_owned(), encoding)), decode_detected(&bytes), "{name}");
    }
}
