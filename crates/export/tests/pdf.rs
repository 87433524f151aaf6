//! PDF of the 2023 law and of the demo: every font embedded (`pdffonts`), `pdftotext`
//! gives the canonical text's words in order, A4 with the decree's margins
//! (`pdftotext -bbox`), and `verify` accepts it and refuses a forged one. The poppler
//! tools are installed by `scripts/install-deps.sh`.

use crate::common;

use std::path::Path;

use common::{demo_approved, law, poppler, seal_for};
use quyche_export::{export, verify, ExportError, Format};
use quyche_model::Document;

fn written(name: &str, doc: &Document) -> (Vec<u8>, std::path::PathBuf) {
    let bytes = export(doc, &seal_for(doc), Format::Pdf).unwrap();
    let dir = std::env::temp_dir().join(format!("quyche-pdf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Tests run in parallel: each file its own name.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("{name}-{n}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    (bytes, path)
}

fn texts() -> Vec<(&'static str, Document)> {
    vec![("luat-htx-2023", law()), ("demo", demo_approved())]
}

/// The canonical text's words, but for the lines no export shows (`# SOURCE:` notes and
/// `DỰ THẢO` marks), which the manifest carries instead.
fn canonical_words(doc: &Document) -> Vec<String> {
    let text = quyche_text::render(doc);
    text.lines()
        .filter(|l| !l.starts_with('#') && l.trim() != "DỰ THẢO")
        .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_font_is_embedded() {
    for (name, doc) in texts() {
        let (_, path) = written(name, &doc);
        let table = poppler("pdffonts", &[], &path);
        let rows: Vec<&str> = table.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts listed:\n{table}");
        for row in rows {
            // name type encoding emb sub uni object ID
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(cols[n - 5], "yes", "{name}: not embedded: {row}");
            assert!(cols[0].contains("LiberationSerif"), "{name}: another font: {row}");
        }
    }
}

/// The words `pdftotext` reads, each page's number (page 2 on) and the seal footer left
/// out; the footer is checked to be there.
fn pdftotext_words(path: &Path, args: &[&str]) -> Vec<String> {
    let text = poppler("pdftotext", args, path);
    let mut shown: Vec<String> = Vec::new();
    for (k, page) in text.split('\u{c}').enumerate() {
        let mut words = page.split_whitespace().peekable();
        // The page number, in the top margin from page 2.
        if k > 0 && words.peek() == Some(&(k + 1).to_string().as_str()) {
            words.next();
        }
        shown.extend(words.map(str::to_owned));
    }
    let footer_at = shown.iter().rposition(|w| w == "Văn").expect("the seal footer");
    assert_eq!(shown[footer_at..footer_at + 5].join(" "), "Văn bản đã niêm phong");
    shown.truncate(footer_at);
    shown
}

fn first_difference(name: &str, expected: &[String], body: &[String]) {
    let k = expected.iter().zip(body).take_while(|(a, b)| a == b).count();
    assert!(
        k == expected.len() && k == body.len(),
        "{name}: word {k} differs: pdftotext {:?}, canonical {:?}",
        &body[k..(k + 8).min(body.len())],
        &expected[k..(k + 8).min(expected.len())]
    );
}

#[test]
fn pdftotext_gives_the_canonical_words_in_order() {
    for (name, doc) in texts() {
        let (_, path) = written(name, &doc);
        let expected = canonical_words(&doc);
        // In drawing order (`-raw`): every word, exactly the canonical sequence.
        first_difference(name, &expected, &pdftotext_words(&path, &["-raw"]));
        // In poppler's reading order, the header block's two columns are read one after
        // the other (issuing body and number, then motto, place and date), as on paper;
        // they hold the same words, and from the document type on the order is exact.
        let layout = pdftotext_words(&path, &[]);
        let header = doc.header.clone();
        let header_words = quyche_text::render(&Document { header, ..Document::default() })
            .lines()
            .filter(|l| !l.starts_with('#') && l.trim() != "DỰ THẢO")
            .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .count();
        let n = header_words.min(layout.len());
        let mut a = expected[..n].to_vec();
        let mut b = layout[..n].to_vec();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{name}: header words");
        first_difference(name, &expected[n..], &layout[n..]);
    }
}

#[test]
fn the_page_is_a4_with_the_decree_margins_within_1_mm() {
    const MM: f64 = 72.0 / 25.4;
    for (name, doc) in texts() {
        let (_, path) = written(name, &doc);
        let info = poppler("pdfinfo", &["-f", "1", "-l", "1000"], &path);
        let sizes: Vec<&str> =
            info.lines().filter(|l| l.starts_with("Page") && l.contains(" size:")).collect();
        assert!(!sizes.is_empty(), "{name}: {info}");
        for s in sizes {
            assert!(s.contains("595.276 x 841.89 pts (A4)"), "{name}: {s}");
        }
        let bbox = poppler("pdftotext", &["-bbox"], &path);
        let mut pages = 0;
        let (mut left, mut right, mut bottom) = (f64::MAX, 0f64, 0f64);
        let mut first_top = None;
        for line in bbox.lines() {
            let l = line.trim();
            if l.starts_with("<page ") {
                pages += 1;
            }
            if l.starts_with("<word ") {
                let attr = |k: &str| -> f64 {
                    let v = l.split(&format!("{k}=\"")).nth(1).unwrap();
                    v.split('"').next().unwrap().parse().unwrap()
                };
                let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
                // Page numbers sit in the top margin, on purpose.
                if y1 < 20.0 * MM {
                    continue;
                }
                first_top.get_or_insert((pages, y0));
                left = left.min(x0);
                right = right.max(x1);
                bottom = bottom.max(y1);
            }
        }
        let mm = |pt: f64| pt / MM;
        assert!((mm(left) - 30.0).abs() <= 1.0, "{name}: left margin {:.2} mm", mm(left));
        assert!(
            (210.0 - mm(right) - 15.0).abs() <= 1.0,
            "{name}: right margin {:.2} mm",
            210.0 - mm(right)
        );
        assert!(297.0 - mm(bottom) >= 19.0, "{name}: bottom margin {:.2} mm", 297.0 - mm(bottom));
        let (page, top) = first_top.unwrap();
        assert_eq!(page, 1);
        assert!((mm(top) - 20.0).abs() <= 1.0, "{name}: top margin {:.2} mm", mm(top));
    }
}

#[test]
fn verify_accepts_the_pdf() {
    for (name, doc) in texts() {
        let (bytes, _) = written(name, &doc);
        let v = verify(&bytes, "van-ban.pdf").unwrap();
        assert_eq!(v.format, Format::Pdf);
        assert!(v.matches, "{name}: {:?}", v.differences);
        assert_eq!(v.content_hash, quyche_text::canonical_hash(&doc));
        // Read from the content, whatever the name says.
        assert!(verify(&bytes, "van-ban.docx").unwrap().matches);
    }
}

/// A PDF made by hand with the seal of one text and the words of another.
fn forged(sealed: &Document, shown_doc: &Document, attached_doc: &Document) -> Vec<u8> {
    let seal = seal_for(sealed);
    // The typesetter is public: anyone can build a PDF with any attachments.
    let real = export(sealed, &seal, Format::Pdf).unwrap();
    let attachments = quyche_pdf::read(&real).unwrap().attachments;
    let manifest = attachments.iter().find(|(n, _)| n == "quyche-seal.json").unwrap().1.clone();
    let lines_of = |doc: &Document| -> Vec<u8> {
        let bytes = export(doc, &seal_for(doc), Format::Pdf).unwrap();
        let c = quyche_pdf::read(&bytes).unwrap();
        c.attachments.into_iter().find(|(n, _)| n == "quyche-lines.json").unwrap().1
    };
    let visible: Vec<(usize, String)> = serde_json::from_slice(&lines_of(shown_doc)).unwrap();
    let footer = String::from_utf8_lossy(&manifest).into_owned();
    let footer = footer.split("\"hash\":\"").nth(1).unwrap()[..64].to_owned();
    let doc = quyche_pdf::Document {
        title: "forged".into(),
        date: Some((2026, 11, 28)),
        landscape: false,
        blocks: visible
            .iter()
            .map(|(_, t)| quyche_pdf::Block::Line { line: quyche_pdf::Line::new("body", t) })
            .collect(),
        footer: Some(format!("Văn bản đã niêm phong · Mã niêm phong SHA-256: {footer}")),
        attachments: vec![
            quyche_pdf::Attachment {
                name: "quyche-seal.json".into(),
                mime_type: "application/json".into(),
                description: String::new(),
                bytes: manifest,
            },
            quyche_pdf::Attachment {
                name: "quyche-lines.json".into(),
                mime_type: "application/json".into(),
                description: String::new(),
                bytes: lines_of(attached_doc),
            },
        ],
    };
    quyche_pdf::typeset(&doc).unwrap()
}

fn with_article_5_changed(doc: &Document) -> Document {
    let text = quyche_text::render(doc).replacen("hợp tác xã", "công ty", 1);
    quyche_text::parse(&text).document
}

#[test]
fn verify_refuses_a_pdf_whose_words_are_not_the_sealed_ones() {
    let sealed = demo_approved();
    let other = with_article_5_changed(&sealed);
    assert_ne!(quyche_text::canonical_hash(&other), quyche_text::canonical_hash(&sealed));

    // A faithful hand-made copy passes: the check is on the words, not on who typeset.
    let same = verify(&forged(&sealed, &sealed, &sealed), "x.pdf").unwrap();
    assert!(same.matches, "{:?}", same.differences);

    // The page shows other words than the attached lines: the text layer says so.
    let v = verify(&forged(&sealed, &other, &sealed), "x.pdf").unwrap();
    assert!(!v.matches);
    assert!(v.differences.iter().any(|d| d.starts_with("lớp chữ hiển thị")), "{:?}", v.differences);

    // Page and attached lines agree with each other but not with the seal.
    let v = verify(&forged(&sealed, &other, &other), "x.pdf").unwrap();
    assert!(!v.matches);
    assert!(
        v.differences.iter().any(|d| d.contains("khác với bản niêm phong")),
        "{:?}",
        v.differences
    );
}

#[test]
fn a_foreign_or_broken_pdf_gets_a_one_line_error() {
    // A PDF without the seal: one the typesetter makes with no attachment.
    let plain = quyche_pdf::typeset(&quyche_pdf::Document {
        title: "khác".into(),
        date: Some((2026, 1, 1)),
        landscape: false,
        blocks: vec![quyche_pdf::Block::Line {
            line: quyche_pdf::Line::new("body", "Văn bản khác."),
        }],
        footer: None,
        attachments: Vec::new(),
    })
    .unwrap();
    assert!(matches!(verify(&plain, "khac.pdf"), Err(ExportError::NoSeal)));
    for bad in [&b"%PDF-1.7\n%%EOF"[..], b"%PDF-\x00\xff\xfe garbage"] {
        let e = verify(bad, "hong.pdf").unwrap_err();
        assert!(matches!(e, ExportError::Malformed(_) | ExportError::NoSeal), "{e:?}");
        assert!(!e.to_string().contains('\n'), "{e}");
    }
    let (bytes, _) = written("cut", &demo_approved());
    for cut in [bytes.len() / 3, bytes.len() - 40] {
        // Cut short: read as far as it goes or refused, never a panic.
        let _ = verify(&bytes[..cut], "cut.pdf");
    }
}
