//! `render_unit_text`: what a comment quotes from, for any unit.

use quyche_model::Kind;

#[test]
fn unit_text_of_clauses_and_points_carries_no_own_label() {
    let doc = quyche_text::parse(
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một:\na) điểm a;\nb) điểm b.\n2. Khoản hai.\n",
    )
    .document;
    let clause = doc.walk().find(|u| u.kind == Kind::Clause).unwrap();
    assert_eq!(quyche_text::render_unit_text(clause), "Khoản một:\na) điểm a;\nb) điểm b.\n");
    let point_b = doc.walk().filter(|u| u.kind == Kind::Point).nth(1).unwrap();
    assert_eq!(quyche_text::render_unit_text(point_b), "điểm b.\n");
    let article = doc.articles().next().unwrap();
    assert_eq!(quyche_text::render_unit_text(article), quyche_text::render_article_text(article));
}
