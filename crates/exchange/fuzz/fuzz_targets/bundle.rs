//! The comment bundle reader on arbitrary bytes. The trusted key is the test identity's,
//! so the corpus (signed by it) leads the fuzzer past the signature into the comment
//! checks. libFuzzer's panic hook aborts even on a panic that the reader would catch,
//! so a caught panic in a third-party parser shows up here too.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quyche_exchange::{CommentBundle, ExchangeError, IdentityCard, PublicKey};

static KEY: OnceLock<PublicKey> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let key = KEY.get_or_init(|| {
        IdentityCard::read(include_bytes!("../identity/identity.quyche-id")).unwrap().key().unwrap()
    });
    match CommentBundle::open(data, std::slice::from_ref(key)) {
        Ok(bundle) => assert!(bundle.comments.len() as u32 == bundle.manifest.comment_count),
        Err(ExchangeError::BadFile(m) | ExchangeError::NotAllowed(m)) => {
            assert!(!m.is_empty() && !m.contains('\n'))
        }
        Err(e) => panic!("unexpected error kind: {e:?}"),
    }
});
