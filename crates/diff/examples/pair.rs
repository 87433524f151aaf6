//! Prints the 2012 → 2023 alignment of the Law on Cooperatives (a development aid).
//! `LOOP=1` times the redline and the alignment alone instead.
use quyche_diff::{align_articles, redline, Alignment};

fn main() {
    let old = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document;
    let new = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    if std::env::var_os("LOOP").is_some() {
        let k = 50;
        let t = std::time::Instant::now();
        for _ in 0..k {
            std::hint::black_box(align_articles(&old, &new, Alignment::ByContent));
        }
        println!("align {:?}", t.elapsed() / k);
        if std::env::var_os("ALIGN_ONLY").is_some() {
            return;
        }
        let t = std::time::Instant::now();
        for _ in 0..k {
            std::hint::black_box(redline(&old, &new, Alignment::ByContent, &Default::default()));
        }
        println!("redline {:?}", t.elapsed() / k);
        return;
    }
    let r = redline(&old, &new, Alignment::ByContent, &Default::default());
    println!("{:?}", r.summary);
    for a in &r.articles {
        println!(
            "{:>9} {:>9} {:?} m={} c={:?}->{:?} | {} | {}",
            a.old.clone().unwrap_or_default(),
            a.new.clone().unwrap_or_default(),
            a.status,
            a.moved,
            a.old_chapter,
            a.new_chapter,
            a.old_title.clone().unwrap_or_default(),
            a.new_title.clone().unwrap_or_default()
        );
    }
}
