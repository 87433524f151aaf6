//! Writes every format of a regulation file, and its review copy (`STEM.ban-lay-y-kien.docx`):
//! `cargo run --example dump -- FILE OUTDIR [approved]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: dump FILE OUTDIR [approved]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).expect("read");
    let mut doc = quyche_text::parse(&text).document;
    if args.get(3).map(String::as_str) == Some("approved") {
        if let Some(n) = doc.header.number.as_mut() {
            if n.value.starts_with('/') {
                n.value = format!("12{}", n.value);
            }
        }
        doc.header.place_date = doc.header.place_date.map(|p| match p.split_once(", ngày") {
            Some((place, _)) => format!("{place}, ngày 28 tháng 11 năm 2026"),
            None => p,
        });
    }
    let seal = quyche_export::Seal {
        hash: quyche_text::canonical_hash(&doc),
        regulation_id: "demo".into(),
        revision: 1,
        decision_no: Some("12/QĐ-LMHTX".into()),
        approved_on: Some("2026-11-28".into()),
        approved_by: None,
        vote: None,
        signature: None,
    };
    let stem = std::path::Path::new(file).file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::create_dir_all(out).expect("mkdir");
    for f in quyche_export::Format::ALL {
        let bytes = quyche_export::export(&doc, &seal, f).expect("export");
        let path = std::path::Path::new(out).join(format!("{stem}.{}", f.extension()));
        std::fs::write(&path, bytes).expect("write");
        println!("{}", path.display());
    }
    let copy = quyche_export::ReviewCopy {
        regulation: "demo",
        round: "r-1",
        round_number: 1,
        revision: 1,
        text_sha256: &seal.hash,
        recipient: Some("Nguyễn Thị Lan"),
    };
    let path = std::path::Path::new(out).join(format!("{stem}.ban-lay-y-kien.docx"));
    std::fs::write(&path, quyche_export::review_copy(&doc, &copy).expect("copy")).expect("write");
    println!("{}", path.display());
}
