//! The typesetter and the reader on their own: what goes in as data comes out as the
//! page's text and the embedded files, whatever the words say.

use quyche_pdf::{read, typeset, Attachment, Block, Document, Line, PairRow, PdfError};

fn document(words: &[&str]) -> Document {
    Document {
        title: "QUY CHẾ".into(),
        date: Some((2026, 11, 28)),
        landscape: false,
        blocks: vec![
            Block::Pair {
                left_width: 38,
                rows: vec![PairRow {
                    left: vec![Line::new("issuer", "BAN CHẤP HÀNH")],
                    right: vec![Line::new("motto", "Độc lập - Tự do - Hạnh phúc")],
                }],
            },
            Block::Line { line: Line::new("doc-type", "QUY CHẾ") },
            Block::Rule,
        ]
        .into_iter()
        .chain(words.iter().map(|w| Block::Line { line: Line::new("clause", w) }))
        .collect(),
        footer: Some("Văn bản đã niêm phong".into()),
        attachments: vec![Attachment {
            name: "quyche-seal.json".into(),
            mime_type: "application/json".into(),
            description: "dữ liệu".into(),
            bytes: b"{\"k\":1}".to_vec(),
        }],
    }
}

fn shown(bytes: &[u8]) -> String {
    read(bytes).unwrap().pages.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_words_and_the_attachment_come_back() {
    let pdf = typeset(&document(&["1. Điều lệ hợp tác xã được thông qua; hòa và hoà giữ nguyên."]))
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let c = read(&pdf).unwrap();
    assert_eq!(c.attachments, vec![("quyche-seal.json".to_owned(), b"{\"k\":1}".to_vec())]);
    assert_eq!(
        shown(&pdf),
        "BAN CHẤP HÀNH Độc lập - Tự do - Hạnh phúc QUY CHẾ 1. Điều lệ hợp tác xã được thông \
         qua; hòa và hoà giữ nguyên. Văn bản đã niêm phong"
    );
}

#[test]
fn markup_in_the_text_is_printed_not_run() {
    let hostile = [
        "#panic(\"x\")",
        "] #set page(width: 1cm) [",
        "$x^2$ *đậm* _nghiêng_ `mã` <nhãn> @tham-chiếu // chú thích",
        "#read(\"/etc/passwd\")",
    ];
    let pdf = typeset(&document(&hostile)).unwrap();
    let text = shown(&pdf);
    for h in hostile {
        let words = h.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&words), "{h:?} missing from {text:?}");
    }
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let d = document(&["1. Một khoản."]);
    assert_eq!(typeset(&d).unwrap(), typeset(&d).unwrap());
}

#[test]
fn what_is_not_a_pdf_is_refused_in_one_line() {
    for bad in [&b"PK\x03\x04"[..], b"%PDF-1.7\n garbage", b"", b"%PDF-"] {
        let e = read(bad).unwrap_err();
        assert!(matches!(e, PdfError::Malformed(_)), "{e:?}");
        assert!(!e.to_string().contains('\n'));
    }
    let mut pdf = typeset(&document(&["1. Một khoản."])).unwrap();
    let n = pdf.len();
    pdf.truncate(n / 2);
    // A cut file either reads what survives or is refused; it never panics.
    let _ = read(&pdf);
}
