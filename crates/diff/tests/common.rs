#![allow(dead_code)]
use quyche_diff::{Op, Span};
use quyche_model::Document;

pub fn law(name: &str) -> Document {
    quyche_text::parse(&quyche_fixtures::law(name)).document
}

pub fn rebuild(spans: &[Span]) -> (String, String) {
    let old = spans.iter().filter(|s| s.op != Op::Insert).map(|s| s.text.as_str()).collect();
    let new = spans.iter().filter(|s| s.op != Op::Delete).map(|s| s.text.as_str()).collect();
    (old, new)
}
