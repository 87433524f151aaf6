//! The exported-file checker on arbitrary bytes named `x.docx`: a ZIP is read as DOCX,
//! anything else falls back to the other formats' readers by content. Every input must
//! give a verification or an error; libFuzzer's panic hook aborts even on a panic the
//! ZIP or XML reader would catch. The corpus (an exported DOCX and damaged copies) leads
//! the fuzzer into the DOCX path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = quyche_export::verify(data, "x.docx");
});
