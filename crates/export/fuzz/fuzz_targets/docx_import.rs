//! A Word draft's import on arbitrary bytes: `quyche_word::read_draft` (the container,
//! the body walk, styles and numbering, legacy fonts), then `quyche_text::parse` of the
//! text it gives, as `quyche import FILE.docx` does. Every input must give a draft or an
//! error; libFuzzer's panic hook aborts even on a panic the ZIP code would catch. The
//! corpus (DOCX files written as Word writes them: auto-numbered lists, a header table,
//! fields, tracked changes, legacy fonts) leads the fuzzer into each reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(draft) = quyche_word::read_draft(data) {
        let _ = quyche_text::parse(&draft.text());
    }
});
