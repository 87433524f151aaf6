//! The review-package reader on arbitrary bytes, twice per input: without a trusted key
//! (a package only proving it is whole) and trusting the golden chairman's key, so the
//! golden package in the corpus leads the fuzzer past the signature into the document
//! and comment checks. libFuzzer's panic hook aborts even on a caught panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quyche_exchange::{ExchangeError, IdentityCard, PublicKey, ReviewPackage};

static KEY: OnceLock<PublicKey> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let key = KEY.get_or_init(|| {
        IdentityCard::read(include_bytes!("../../tests/golden/chairman.quyche-id"))
            .unwrap()
            .key()
            .unwrap()
    });
    for trusted in [None, Some(key)] {
        match ReviewPackage::open(data, trusted) {
            Ok(_) => {}
            // The CLI prints these as one line after the file name.
            Err(ExchangeError::BadFile(m) | ExchangeError::NotAllowed(m)) => {
                assert!(!m.is_empty() && !m.contains('\n'))
            }
            Err(e) => panic!("unexpected error kind: {e:?}"),
        }
    }
});
