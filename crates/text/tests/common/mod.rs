#![allow(dead_code)]

use quyche_text::{parse, render, Parsed};
use unicode_normalization::UnicodeNormalization;

/// Round trip, render idempotence, NFD and CRLF invariance for one input.
pub fn check_invariants(x: &str) -> Parsed {
    let p1 = parse(x);
    let r1 = render(&p1.document);
    let p2 = parse(&r1);
    assert_eq!(
        p2.document, p1.document,
        "round trip changed the document\n--- input\n{x}\n--- rendered\n{r1}"
    );
    assert_eq!(render(&p2.document), r1, "render is not idempotent\n--- input\n{x}");
    let nfd: String = x.nfd().collect();
    assert_eq!(parse(&nfd), p1, "NFD input parsed differently\n--- input\n{x}");
    let lf = x.replace("\r\n", "\n").replace('\r', "\n");
    assert_eq!(parse(&lf), p1, "CR/CRLF input parsed differently from LF\n--- input\n{x}");
    assert_eq!(
        parse(&lf.replace('\n', "\r\n")),
        p1,
        "CRLF input parsed differently\n--- input\n{x}"
    );
    p1
}
