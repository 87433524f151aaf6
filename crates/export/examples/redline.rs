//! Writes the redline DOCX of two plain-text regulations, to look at it:
//! `cargo run -p quyche-export --example redline -- OLD.txt NEW.txt OUT.docx`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [old, new, out] = args.as_slice() else {
        eprintln!("dùng: redline OLD.txt NEW.txt OUT.docx");
        std::process::exit(2);
    };
    let read = |p: &str| quyche_text::parse(&std::fs::read_to_string(p).expect("đọc tệp")).document;
    let (o, n) = (read(old), read(new));
    let r = quyche_diff::redline(&o, &n, quyche_diff::Alignment::ByContent, &Default::default());
    let c = quyche_export::Comparison {
        old: quyche_export::Version { doc: &o, name: old, standing: quyche_export::Standing::File },
        new: quyche_export::Version { doc: &n, name: new, standing: quyche_export::Standing::File },
        author: "Quyche",
        date: None,
    };
    std::fs::write(out, quyche_export::redline_docx(&r, &c).expect("xuất DOCX")).expect("ghi tệp");
}
