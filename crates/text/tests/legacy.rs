//! Runs set in TCVN3 (`.VnTime`, `.VnTimeH`) and VNI (`VNI-Times`) fonts become Unicode.
//!
//! The expected letters are built from Unicode here (base letter + combining tone,
//! NFC), and the legacy spellings come from encoder tables written below as data, in a
//! layout unlike the crate's (one row per vowel, tones in order), so a wrong byte in
//! either shows up. Real text: the vendored laws, encoded here and converted back.

use proptest::prelude::*;
use quyche_text::{from_legacy, legacy_font, nfc, LegacyFont};
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// The tones in the rows' order: none, sắc, huyền, hỏi, ngã, nặng.
const TONES: [&str; 6] = ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];

/// The twelve vowels of the alphabet, and đ (which takes no tone).
const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// TCVN3 (VN3), as Windows-1252 shows its bytes: per vowel of [`VOWELS`], its six forms
/// in the order of [`TONES`]. ư is the soft hyphen (byte 0xAD).
const TCVN3_ROWS: [&str; 12] = [
    "a¸µ¶·¹",
    "¨¾»¼½Æ",
    "©ÊÇÈÉË",
    "eÐÌÎÏÑ",
    "ªÕÒÓÔÖ",
    "iÝ×ØÜÞ",
    "oãßáâä",
    "«èåæçé",
    "¬íêëìî",
    "uóïñòô",
    "\u{AD}øõö÷ù",
    "yýúûüþ",
];
const TCVN3_D: &str = "®";
/// The capitals VN3 has a byte for in the ordinary font: Ă Â Ê Ô Ơ Ư Đ.
const TCVN3_CAPITALS: [(&str, char); 7] =
    [("¡", 'Ă'), ("¢", 'Â'), ("£", 'Ê'), ("¤", 'Ô'), ("¥", 'Ơ'), ("¦", 'Ư'), ("§", 'Đ')];

/// VNI-Windows, lower case, same layout; a capital is the same string in capitals.
const VNI_ROWS: [&str; 12] = [
    "a aù aø aû aõ aï",
    "aê aé aè aú aü aë",
    "aâ aá aà aå aã aä",
    "e eù eø eû eõ eï",
    "eâ eá eà eå eã eä",
    "i í ì æ ó ò",
    "o où oø oû oõ oï",
    "oâ oá oà oå oã oä",
    "ô ôù ôø ôû ôõ ôï",
    "u uù uø uû uõ uï",
    "ö öù öø öû öõ öï",
    "y yù yø yû yõ î",
];
const VNI_D: &str = "ñ";

/// Every lower-case letter of the alphabet with every tone (and đ), from Unicode, with
/// its TCVN3 and VNI spellings: 12 × 6 + 1 = 73.
fn alphabet() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (v, vowel) in VOWELS.iter().enumerate() {
        let tcvn3: Vec<char> = TCVN3_ROWS[v].chars().collect();
        let vni: Vec<&str> = VNI_ROWS[v].split(' ').collect();
        assert_eq!((tcvn3.len(), vni.len()), (6, 6), "row of {vowel}");
        for (t, tone) in TONES.iter().enumerate() {
            let letter: String = format!("{vowel}{tone}").nfc().collect();
            out.push((letter, tcvn3[t].to_string(), vni[t].to_owned()));
        }
    }
    out.push(("đ".to_owned(), TCVN3_D.to_owned(), VNI_D.to_owned()));
    out
}

fn tcvn3_encode(text: &str) -> String {
    let table = alphabet();
    text.chars()
        .map(|c| {
            let letter = c.to_string();
            table.iter().find(|(l, _, _)| *l == letter).map_or(letter, |(_, t, _)| t.clone())
        })
        .collect()
}

/// As a typist with `.VnTimeH` writes capitals: the lower-case byte of every letter.
fn tcvn3_encode_capitals(text: &str) -> String {
    tcvn3_encode(&text.to_lowercase())
}

fn vni_encode(text: &str) -> String {
    let table = alphabet();
    text.chars()
        .map(|c| {
            let lower = c.to_lowercase().to_string();
            match table.iter().find(|(l, _, _)| *l == lower) {
                Some((_, _, v)) if c.is_uppercase() => v.to_uppercase(),
                Some((_, _, v)) => v.clone(),
                None => c.to_string(),
            }
        })
        .collect()
}

#[test]
fn the_alphabet_has_the_134_vietnamese_letters_and_the_plain_vowels() {
    let letters = alphabet();
    assert_eq!(letters.len(), 73);
    let mut unique: Vec<&str> = letters.iter().map(|(l, _, _)| l.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 73);
    assert!(unique.iter().all(|l| l.chars().count() == 1), "not precomposed: {unique:?}");
    // 67 outside ASCII, 6 plain vowels; with capitals 134 precomposed letters.
    assert_eq!(unique.iter().filter(|l| !l.is_ascii()).count(), 67);
}

#[test]
fn every_tcvn3_letter_lower_case() {
    for (letter, tcvn3, _) in alphabet() {
        assert_eq!(from_legacy(&tcvn3, LegacyFont::Tcvn3), letter, "TCVN3 {tcvn3:?}");
    }
}

#[test]
fn every_tcvn3_letter_in_capitals_through_the_h_font() {
    for (letter, tcvn3, _) in alphabet() {
        let capital = letter.to_uppercase();
        assert_eq!(from_legacy(&tcvn3, LegacyFont::Tcvn3Capitals), capital, "{tcvn3:?}");
        // A plain capital typed with Shift is drawn the same; the capitals with a byte
        // of their own (Ă Â …) are below.
        if capital.is_ascii() {
            assert_eq!(from_legacy(&capital, LegacyFont::Tcvn3Capitals), capital);
        }
    }
    for (byte, capital) in TCVN3_CAPITALS {
        assert_eq!(from_legacy(byte, LegacyFont::Tcvn3), capital.to_string());
        assert_eq!(from_legacy(byte, LegacyFont::Tcvn3Capitals), capital.to_string());
    }
}

#[test]
fn every_vni_letter_lower_and_upper_case() {
    for (letter, _, vni) in alphabet() {
        assert_eq!(from_legacy(&vni, LegacyFont::Vni), letter, "VNI {vni:?}");
        let capital = letter.to_uppercase();
        let vni_capital = vni.to_uppercase();
        assert_eq!(from_legacy(&vni_capital, LegacyFont::Vni), capital, "VNI {vni_capital:?}");
    }
}

#[test]
fn the_anchor_sentences() {
    let cases = [
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            LegacyFont::Tcvn3,
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        ("§éc lËp - Tù do - H¹nh phóc", LegacyFont::Tcvn3, "Độc lập - Tự do - Hạnh phúc"),
        ("Tr\u{AD}êng", LegacyFont::Tcvn3, "Trường"),
        (
            "céng hoµ x· héi chñ nghÜa viÖt nam",
            LegacyFont::Tcvn3Capitals,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        (
            "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM",
            LegacyFont::Tcvn3Capitals,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        (
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
            LegacyFont::Vni,
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
        ),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", LegacyFont::Vni, "Độc lập - Tự do - Hạnh phúc"),
        ("Tröôøng", LegacyFont::Vni, "Trường"),
        (
            "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
            LegacyFont::Vni,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
    ];
    for (legacy, font, unicode) in cases {
        let got = from_legacy(legacy, font);
        // Character by character, so a wrong letter is named.
        for (i, (g, e)) in got.chars().zip(unicode.chars()).enumerate() {
            assert_eq!(g, e, "{legacy:?} ({font:?}), character {i}");
        }
        assert_eq!(got, unicode);
    }
}

#[test]
fn tone_placement_is_kept_hoa_stays_hoa() {
    let hoa_old = "ho\u{E0}"; // hoà
    let hoa_new = "h\u{F2}a"; // hòa
    assert_eq!(from_legacy("hoµ", LegacyFont::Tcvn3), hoa_old);
    assert_eq!(from_legacy("hßa", LegacyFont::Tcvn3), hoa_new);
    assert_eq!(from_legacy("hoaø", LegacyFont::Vni), hoa_old);
    assert_eq!(from_legacy("hoøa", LegacyFont::Vni), hoa_new);
    assert_eq!(from_legacy("HOµ", LegacyFont::Tcvn3Capitals), "HO\u{C0}");
}

#[test]
fn the_result_is_nfc() {
    for (letter, tcvn3, vni) in alphabet() {
        for (text, font) in [(tcvn3, LegacyFont::Tcvn3), (vni.clone(), LegacyFont::Vni)] {
            let out = from_legacy(&text, font);
            assert!(is_nfc(&out), "{text:?} gave {out:?}");
            assert_eq!(out.chars().count(), 1, "{text:?} → {letter}");
        }
    }
    // Combining marks in the run (a Unicode text left in a legacy font) are composed.
    assert_eq!(from_legacy("Vie\u{302}\u{323}t", LegacyFont::Tcvn3), "Việt");
}

#[test]
fn plain_ascii_and_unknown_characters_stay() {
    let ascii = "Article 5. (a) x = 1; \"quoted\" - 100%";
    for font in [LegacyFont::Tcvn3, LegacyFont::Vni] {
        assert_eq!(from_legacy(ascii, font), ascii);
    }
    // Windows-1252's 0x80–0x9F (quotes, dashes, the ellipsis, the five undefined bytes
    // Word writes as C1 characters) are not TCVN3 letters.
    let symbols =
        "\u{201C}§iÒu 5\u{201D} \u{2013} \u{2026} \u{20AC} \u{81}\u{8D}\u{8F}\u{90}\u{9D}";
    assert_eq!(
        from_legacy(symbols, LegacyFont::Tcvn3),
        "\u{201C}Điều 5\u{201D} \u{2013} \u{2026} \u{20AC} \u{81}\u{8D}\u{8F}\u{90}\u{9D}"
    );
    // Bytes VN3 does not assign, and a VNI mark with no vowel before it, are kept.
    assert_eq!(
        from_legacy("\u{AF}\u{B0}\u{BA}\u{CD}\u{D9}\u{E0}\u{F0}\u{FF}", LegacyFont::Tcvn3),
        "\u{AF}\u{B0}\u{BA}\u{CD}\u{D9}\u{E0}\u{F0}\u{FF}"
    );
    assert_eq!(from_legacy("bù 5ø", LegacyFont::Vni), "bù 5ø");
    // A circumflex on u or a breve on e is not VNI: the mark stays a character.
    assert_eq!(from_legacy("uâ eê", LegacyFont::Vni), "uâ eê");
}

#[test]
fn a_run_already_in_unicode_is_left_as_it_is() {
    for font in [LegacyFont::Tcvn3, LegacyFont::Tcvn3Capitals, LegacyFont::Vni] {
        assert_eq!(from_legacy("Trường Đại học", font), "Trường Đại học");
        assert_eq!(from_legacy("Điều 5. Phạm vi", font), "Điều 5. Phạm vi");
    }
}

#[test]
fn a_vni_mark_in_the_other_case_follows_its_vowel() {
    assert_eq!(from_legacy("Aùnh", LegacyFont::Vni), "Ánh");
    assert_eq!(from_legacy("aÙnh", LegacyFont::Vni), "ánh");
}

#[test]
fn font_names() {
    let cases = [
        (".VnTime", Some(LegacyFont::Tcvn3)),
        (".vntime", Some(LegacyFont::Tcvn3)),
        (".VnArial", Some(LegacyFont::Tcvn3)),
        (".VnCentury Schoolbook", Some(LegacyFont::Tcvn3)),
        (".VnTimeH", Some(LegacyFont::Tcvn3Capitals)),
        (".VnArialH", Some(LegacyFont::Tcvn3Capitals)),
        (" .VnTimeH ", Some(LegacyFont::Tcvn3Capitals)),
        ("VNI-Times", Some(LegacyFont::Vni)),
        ("vni-helve", Some(LegacyFont::Vni)),
        ("VNI Times", Some(LegacyFont::Vni)),
        ("VNI-Aptima", Some(LegacyFont::Vni)),
        ("Times New Roman", None),
        ("Arial", None),
        ("VnTime", None),
        ("VNITimes", None),
        ("", None),
    ];
    for (name, expected) in cases {
        assert_eq!(legacy_font(name), expected, "{name:?}");
    }
    assert_eq!(LegacyFont::Tcvn3Capitals.name(), "TCVN3");
    assert_eq!(LegacyFont::Vni.name(), "VNI");
}

/// A whole law, encoded as a typist of the time would have stored it, reads back.
#[test]
fn the_vendored_laws_round_trip() {
    for file in quyche_fixtures::ALL {
        let law = nfc(&quyche_fixtures::law(file));
        let vni = vni_encode(&law);
        assert_ne!(vni, law);
        assert_eq!(from_legacy(&vni, LegacyFont::Vni), law, "{file} in VNI");

        // VN3 has no capital with a tone: the ordinary font carries the lower-case text,
        // the H font the capitals.
        let lower = law.to_lowercase();
        assert_eq!(from_legacy(&tcvn3_encode(&lower), LegacyFont::Tcvn3), lower, "{file}");
        let upper = law.to_uppercase();
        let encoded = tcvn3_encode_capitals(&upper);
        assert_eq!(from_legacy(&encoded, LegacyFont::Tcvn3Capitals), upper, "{file} in .VnTimeH");
    }
}

/// Lower-case Vietnamese words, ASCII and punctuation.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let letters: Vec<String> = alphabet().into_iter().map(|(l, _, _)| l).collect();
    let pieces = prop_oneof![
        proptest::sample::select(letters),
        proptest::sample::select(
            [" ", "b", "c", "ch", "g", "h", "k", "ng", "nh", "t", "tr", ",", ".", "1", "\u{201C}"]
                .map(str::to_owned)
                .to_vec()
        ),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn any_text_round_trips(text in vietnamese_text(), capitals in any::<bool>()) {
        let text = if capitals { text.to_uppercase() } else { text };
        prop_assert_eq!(from_legacy(&vni_encode(&text), LegacyFont::Vni), text.clone());
        if capitals {
            prop_assert_eq!(from_legacy(&tcvn3_encode_capitals(&text), LegacyFont::Tcvn3Capitals), text);
        } else {
            prop_assert_eq!(from_legacy(&tcvn3_encode(&text), LegacyFont::Tcvn3), text);
        }
    }

    /// Nothing is dropped, and the output is NFC, whatever the run holds.
    #[test]
    fn any_run_keeps_its_characters(text in "[ -~\u{80}-\u{FF}\u{2013}\u{201C}\u{2026}]{0,40}") {
        for font in [LegacyFont::Tcvn3, LegacyFont::Tcvn3Capitals, LegacyFont::Vni] {
            let out = from_legacy(&text, font);
            prop_assert!(is_nfc(&out));
            // TCVN3 is one character for one; in VNI a vowel and its mark become one letter.
            let (got, given) = (out.chars().count(), text.chars().count());
            if font == LegacyFont::Vni {
                prop_assert!(2 * got >= given, "{:?} → {:?}", text, out);
            } else {
                prop_assert_eq!(got, given, "{:?} → {:?}", text, out);
            }
        }
    }
}
