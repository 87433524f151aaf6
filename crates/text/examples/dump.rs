fn main() {
    for name in quyche_fixtures::ALL {
        let p = quyche_text::parse(&quyche_fixtures::law(name));
        let d = &p.document;
        println!("== {name}\n{:?}\nheader {:#?}\npreamble {:?}\nclosing {:?}\nnotes {}", d.stats(), d.header, d.preamble, d.closing, d.notes.len());
        for g in &p.diagnostics { println!("  diag {:?}", g); }
        let r = quyche_text::render(d);
        let q = quyche_text::parse(&r);
        println!("roundtrip {}", q.document == *d);
    }
}
