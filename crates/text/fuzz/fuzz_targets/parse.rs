//! The text reader on arbitrary bytes: `decode` may refuse them, but what it accepts
//! `parse` and `render` must handle without panicking (always checked), and, with the
//! `roundtrip` feature, the canonical text must hold the crate's stated round trip,
//! `parse(render(parse(x))) == parse(x)` on the document (ids included), with rendering
//! idempotent (not yet true on every adversarial input: see the README). Diagnostics are not compared: the guarantee
//! is about the document only.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = quyche_text::decode(data) else { return };
    let parsed = quyche_text::parse(&text);
    let rendered = quyche_text::render(&parsed.document);
    let again = quyche_text::parse(&rendered);
    #[cfg(feature = "roundtrip")]
    {
        assert_eq!(again.document, parsed.document, "round trip changed the document");
        assert_eq!(quyche_text::render(&again.document), rendered, "render is not idempotent");
    }
    #[cfg(not(feature = "roundtrip"))]
    let _ = quyche_text::render(&again.document);
});
