//! The text reader on arbitrary bytes: `decode` may refuse them, but what it accepts
//! `parse` and `render` must handle without panicking, and the canonical text must hold
//! the crate's stated round trip, `parse(render(parse(x))) == parse(x)` on the document
//! (ids included), with rendering idempotent (the `roundtrip` feature, on by default).
//! Diagnostics are not compared: the guarantee is about the document only.
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
