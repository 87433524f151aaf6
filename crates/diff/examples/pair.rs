//! Prints the 2012 → 2023 alignment of the Law on Cooperatives (a development aid).
fn main() {
    let old = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document;
    let new = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let t = std::time::Instant::now();
    let r = quyche_diff::redline(&old, &new, quyche_diff::Alignment::ByContent, &Default::default());
    eprintln!("{:?}", t.elapsed());
    println!("{:?}", r.summary);
    for a in &r.articles {
        println!("{:>9} {:>9} {:?} m={} c={:?}->{:?} | {} | {}", a.old.clone().unwrap_or_default(), a.new.clone().unwrap_or_default(), a.status, a.moved, a.old_chapter, a.new_chapter, a.old_title.clone().unwrap_or_default(), a.new_title.clone().unwrap_or_default());
    }
}
