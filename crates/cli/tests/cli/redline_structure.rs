//! `quyche diff … --format json` and structure edits: a reference renumbered by an insert
//! is a consequential change (`"consequential": true` on its spans, counted in
//! `summary.consequential`, its article unchanged), and an article created by a split or
//! absorbed by a merge carries `split_from` / `merged_into` (null otherwise).

use serde_json::Value;

use crate::harness::{law, quyche, s, TestDir};

fn articles(v: &Value) -> &Vec<Value> {
    v["articles"].as_array().unwrap()
}

#[test]
fn an_inserted_article_gives_consequential_changes_apart_from_edits() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let article = dir.path("dieu-moi.txt");
    std::fs::write(&article, "Nguyên tắc chung\n1. Khoản một.\n2. Khoản hai.\n").unwrap();
    db.ok(None, &["article", "insert", &id, "--after", "1", "--file", s(&article)]);

    let v = db.run(None, &["diff", &id, "1", "2", "--format", "json"]).success().json();
    let summary = &v["summary"];
    assert_eq!((summary["added"].as_u64(), summary["modified"].as_u64()), (Some(1), Some(0)));
    let consequential = summary["consequential"].as_u64().unwrap();
    assert!(consequential > 20, "{consequential}");
    // Điều 18 names “khoản 2 Điều 7”, now Điều 8: 7 → 8 in what is Điều 19, not an edit.
    let d19 = articles(&v).iter().find(|a| a["new"] == "Điều 19").unwrap();
    assert_eq!((d19["old"].as_str(), d19["status"].as_str()), (Some("Điều 18"), Some("unchanged")));
    let marked: Vec<(&str, &str)> = d19["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["consequential"] == true)
        .map(|op| (op["op"].as_str().unwrap(), op["text"].as_str().unwrap()))
        .collect();
    assert!(marked.windows(2).any(|w| w == [("delete", "7"), ("insert", "8")]), "{marked:?}");
    // Every other span reads as before: no `consequential` key at all.
    let mut counted = 0;
    for a in articles(&v) {
        assert!(a["split_from"].is_null() && a["merged_into"].is_null());
        for op in a["ops"].as_array().unwrap() {
            match op.get("consequential") {
                Some(Value::Bool(true)) => counted += (op["op"] == "insert") as u64,
                None => {}
                other => panic!("consequential: {other:?}"),
            }
        }
    }
    assert_eq!(counted, consequential);
    let text = db.ok(None, &["diff", &id, "1", "2"]);
    assert!(text.contains(&format!("Tham chiếu: đổi số do đánh số lại {consequential}\n")));
    assert!(text.contains("[~7→8~]"), "{text}");
}

const BEFORE: &str = "Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định chế độ làm việc của Ban Chấp hành.
Điều 2. Họp Ban Chấp hành
1. Ban Chấp hành họp thường kỳ sáu tháng một lần do Chủ tịch triệu tập.
2. Ban Chấp hành họp bất thường khi có trên một nửa số ủy viên đề nghị.
3. Tài liệu họp được gửi đến các ủy viên chậm nhất năm ngày trước phiên họp.
4. Biên bản họp được gửi đến các ủy viên trong thời hạn mười ngày kể từ ngày họp.
Điều 3. Hiệu lực thi hành
Quy chế này có hiệu lực kể từ ngày ký.
";

const SPLIT: &str = "Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định chế độ làm việc của Ban Chấp hành.
Điều 2. Họp Ban Chấp hành
1. Ban Chấp hành họp thường kỳ sáu tháng một lần do Chủ tịch triệu tập.
2. Ban Chấp hành họp bất thường khi có trên một nửa số ủy viên đề nghị.
Điều 3. Tài liệu và biên bản
1. Tài liệu họp được gửi đến các ủy viên chậm nhất năm ngày trước phiên họp.
2. Biên bản họp được gửi đến các ủy viên trong thời hạn mười ngày kể từ ngày họp.
Điều 4. Hiệu lực thi hành
Quy chế này có hiệu lực kể từ ngày ký.
";

#[test]
fn a_split_and_a_merge_carry_split_from_and_merged_into() {
    let dir = TestDir::new();
    let (before, split) = (dir.path("truoc.txt"), dir.path("sau.txt"));
    std::fs::write(&before, BEFORE).unwrap();
    std::fs::write(&split, SPLIT).unwrap();

    let v = quyche(&["diff", s(&before), s(&split), "--format", "json"]).success().json();
    let d3 = articles(&v).iter().find(|a| a["new"] == "Điều 3").unwrap();
    assert_eq!((d3["status"].as_str(), d3["split_from"].as_str()), (Some("added"), Some("Điều 2")));
    assert!(d3["merged_into"].is_null());
    for a in articles(&v).iter().filter(|a| a["new"] != "Điều 3") {
        assert!(a["split_from"].is_null() && a["merged_into"].is_null(), "{a}");
    }
    let text = quyche(&["diff", s(&before), s(&split)]).success().stdout();
    assert!(text.contains("Điều 3 [mới] — Tách từ Điều 2\n"), "{text}");

    // Backwards it is a merge: old Điều 3 went into Điều 2.
    let v = quyche(&["diff", s(&split), s(&before), "--format", "json"]).success().json();
    let d3 = articles(&v).iter().find(|a| a["old"] == "Điều 3").unwrap();
    assert_eq!(
        (d3["status"].as_str(), d3["merged_into"].as_str()),
        (Some("removed"), Some("Điều 2"))
    );
    assert!(d3["split_from"].is_null());
    let text = quyche(&["diff", s(&split), s(&before)]).success().stdout();
    assert!(text.contains("Điều 3 [bị bỏ] — Nhập vào Điều 2\n"), "{text}");
}
