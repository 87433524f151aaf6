//! The UI tests replay what the real back end answered, recorded here: each scenario drives
//! `Quyche` (fixed clock, temp folder, the demo; the vendored laws for the large redline)
//! through the calls a UI test makes, and the tapes in `ui/src/lib/ipc/recorded/` must be
//! what it records today. `QUYCHE_BLESS=1 cargo test -p quyche-api --test recorded_ipc`
//! rewrites them (after a DTO, rule, label or message change, or a new scenario).

mod recorder;
#[path = "support/word_edit.rs"]
mod word_edit;
// Word's own way of writing a DOCX (numbering.xml lists), the word crate's one writer.
#[path = "../../word/tests/support/docx.rs"]
mod docx;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use quyche_api::{Actor, Role};
use recorder::{article, person, tapes_dir, unit_with, Recorder};
use serde_json::{json, Value};

const BLESS: &str = "QUYCHE_BLESS=1 cargo test -p quyche-api --test recorded_ipc";

/// Compares a freshly recorded tape with the committed one (or rewrites it when blessing).
fn check(name: &str, text: String) {
    let path = tapes_dir().join(format!("{name}.json"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == text {
        return;
    }
    if std::env::var_os("QUYCHE_BLESS").is_some() {
        std::fs::create_dir_all(tapes_dir()).expect("tapes folder");
        std::fs::write(&path, text).expect("write tape");
        return;
    }
    let at = committed.lines().zip(text.lines()).position(|(a, b)| a != b);
    panic!(
        "ui/src/lib/ipc/recorded/{name}.json is stale (first differing line: {}): the back end \
         answers differently now. Run `{BLESS}`, check the UI tests (`npm --prefix ui test`, \
         `npm --prefix ui run test:browser`) and commit the tapes.",
        at.map_or("end of file".to_string(), |n| (n + 1).to_string())
    );
}

fn law(name: &str) -> String {
    quyche_fixtures::law(name)
}

const V2: &str = include_str!("../demo/quy-che-lam-viec-v2.txt");

/// Picks the identity card `name` in the files folder (the window's "Thêm từ thẻ định
/// danh…"): the handle `add_person_from_card` takes.
fn pick_card(r: &mut Recorder, name: &str) -> Value {
    r.ok("pick_identity_card", json!({ "@dialog": r.path(name) }))["handle"].clone()
}

fn write(r: &Recorder, name: &str, text: &str) -> PathBuf {
    let path = r.file(name);
    std::fs::write(&path, text).expect("write file");
    path
}

/// The demo's revision 2 as someone sent it back: an article moved, one removed, one added,
/// one retitled and a few words changed; real text, edited the way people edit.
fn demo_sent_back() -> String {
    let lines: Vec<&str> = V2.lines().collect();
    let start = |h: &str| lines.iter().position(|l| l.starts_with(h)).expect(h);
    // Điều 12 (Ủy quyền) moves to the end of Chương I; Điều 29 is removed.
    let (a12, a13) = (start("Điều 12."), start("Chương III"));
    let moved: Vec<&str> = lines[a12..a13].to_vec();
    let (a29, a30) = (start("Điều 29."), start("Chương VI"));
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if (a12..a13).contains(&i) || (a29..a30).contains(&i) {
            continue;
        }
        if l.starts_with("Chương II") && !l.starts_with("Chương III") {
            out.extend(moved.iter().map(|s| s.to_string()));
        }
        out.push(l.to_string());
    }
    let mut text = out.join("\n");
    text = text.replace(
        "chậm nhất 03 ngày làm việc trước ngày khai mạc",
        "chậm nhất 05 ngày làm việc trước ngày khai mạc",
    );
    text = text.replace("Điều 24. Quan hệ công tác với", "Điều 24. Quan hệ phối hợp công tác với");
    text.push('\n');
    text.replace(
        "\nĐiều 31.",
        "\nĐiều 31. Tổ chức thực hiện\nVăn phòng Liên minh giúp Thường trực theo dõi, đôn đốc việc thực hiện Quy chế này.\nĐiều 32.",
    )
}

/// Runs `work` (long work, watched) and stops it at its step `at`, as "Dừng" would:
/// answers the progress `work_progress` gave at that step, for the tape, and checks that
/// the work answered the stop.
fn stopped_at<T: std::fmt::Debug>(
    r: &Recorder,
    at: u32,
    work: impl FnOnce() -> quyche_api::Result<T>,
) -> Value {
    let seen = Arc::new(Mutex::new(None));
    let keep = seen.clone();
    r.q.set_work_hook(Some(Arc::new(move |p| {
        if p.done == at {
            *keep.lock().unwrap() = Some(serde_json::to_value(p).unwrap());
        }
        p.done == at
    })));
    let e = work().expect_err("stopped");
    r.q.set_work_hook(None);
    assert_eq!(e.code, quyche_api::ErrorCode::Stopped, "{e}");
    let seen = seen.lock().unwrap().take();
    seen.expect("the work reached the step")
}

#[test]
fn library() {
    let mut r = Recorder::demo();
    // A second regulation in the library: the Law on Cooperatives 2012, as a draft.
    let coop = write(&r, "luat-hop-tac-xa-2012.txt", &law(quyche_fixtures::COOP_2012));
    let binh = person(&mut r, "Trần Thị Bình");
    r.q.import_file(&coop, Actor::Person(&binh)).expect("import");
    write(&r, "du-thao-luat-phong-khong.txt", &law(quyche_fixtures::DRAFT_AIR_DEFENCE));
    // Not a regulation, but text: a C1 control such as the PNG signature's U+0089 is now
    // refused before parsing (issue 9), and this tape shows the "no article" refusal.
    write(&r, "anh.png", "PNG IHDR");
    r.snapshot();
    r.call("import_file", json!({ "work": 2, "@dialog": r.path("anh.png") }));
    r.ok("import_file", json!({ "work": 2, "@dialog": r.path("du-thao-luat-phong-khong.txt") }));
    // A big text stopped with "Dừng" (the hook stops it at its first stage, as the
    // window's cancel_work would): the stop's answer, and nothing stored.
    write(&r, "luat-dai.txt", &quyche_fixtures::long_law(2));
    let before = r.q.list_regulations().unwrap().len();
    let big = r.file("luat-dai.txt");
    let progress = stopped_at(&r, 2, || r.q.import_picked(Some(big), Actor::Current, Some(2)));
    r.seen_while_running("work_progress", json!({ "work": 2 }), progress);
    r.q.set_work_hook(Some(Arc::new(|p| p.done == 2)));
    let e = r.refused("import_file", json!({ "work": 2, "@dialog": r.path("luat-dai.txt") }));
    r.q.set_work_hook(None);
    assert_eq!(e["code"], "stopped", "{e}");
    assert_eq!(r.q.list_regulations().unwrap().len(), before);
    r.ok("work_progress", json!({ "work": 2 }));
    r.ok("cancel_work", json!({ "work": 2 }));
    check("library", r.tape("The library: the demo and a second regulation; a refused import, then an import with numbering diagnostics; a big import stopped with Dừng."));
}

#[test]
fn empty() {
    let mut r = Recorder::empty();
    r.snapshot();
    let p = r.ok(
        "add_person",
        json!({ "name": "Phạm Thị Dung", "role": "chairman", "position": "Phó Chủ tịch" }),
    );
    r.ok("set_current_user", json!({ "personId": p["id"] }));
    check("empty", r.tape("A first start with nothing stored: no regulation, nobody; the first person is added and chosen."));
}

/// The first start as the app makes it: the sample only, nobody; the dialog refuses an
/// empty name, then a member says who they are (identity, person and current user as one,
/// the library leads with opening a package), and the sample is removed.
#[test]
fn first_start() {
    let mut r = Recorder::empty();
    let id = r.q.seed_demo_if_empty().expect("seed").expect("seeded");
    r.watch(&id);
    r.snapshot();
    r.mark("dialog");
    r.refused(
        "start_here",
        json!({ "name": "  ", "position": "Ủy viên Ban Thường vụ", "role": "member" }),
    );
    r.ok(
        "start_here",
        json!({ "name": "Lê Thị Hoa", "position": "Ủy viên Ban Thường vụ", "role": "member" }),
    );
    r.refused(
        "start_here",
        json!({ "name": "Lê Thị Hoa", "position": "Ủy viên Ban Thường vụ", "role": "member" }),
    );
    r.mark("member");
    r.ok("remove_sample", json!({ "regulationId": id }));
    r.mark("removed");
    check("first-start", r.tape("A first start: the sample (Bản mẫu) and nobody; the dialog's answer makes a member this machine's owner; the sample removed."));
}

/// The demo's committee, nobody chosen: the people of a computer without the demo.
fn committee() -> Recorder {
    let r = Recorder::empty();
    let people = [
        ("Nguyễn Văn An", Role::Chairman, "Chủ tịch"),
        ("Trần Thị Bình", Role::Secretary, "Chánh Văn phòng"),
        ("Lê Văn Cường", Role::Member, "Phó Chủ tịch"),
        ("Phạm Thị Dung", Role::Member, "Ủy viên Ban Thường vụ"),
        ("Hoàng Minh Đức", Role::Member, "Ủy viên Ban Thường vụ"),
    ];
    let mut first: Option<String> = None;
    for (name, role, position) in people {
        let actor = first.as_deref().map_or(Actor::Current, Actor::Person);
        let p = r.q.add_person(actor, name, role, position).expect("person");
        first.get_or_insert(p.id);
    }
    r
}

/// The demo's committee and regulation, without a current user.
fn no_user() -> Recorder {
    let mut r = committee();
    let id = r.q.seed_demo_if_empty().expect("seed").expect("seeded");
    r.watch(&id);
    r
}

#[test]
fn no_user_chosen() {
    let mut r = no_user();
    r.snapshot();
    let dung = person(&mut r, "Phạm Thị Dung");
    r.ok("set_current_user", json!({ "personId": dung }));
    check("no-user", r.tape("The demo's committee, nobody chosen yet; a member is picked."));
}

fn demo_id(r: &Recorder) -> String {
    r.q.list_regulations().expect("list")[0].id.clone()
}

#[test]
fn demo() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    // A file exported from an approved copy, then edited by hand: verify names the articles.
    {
        let mut other = Recorder::demo();
        let oid = demo_id(&other);
        approve_in(&mut other, &oid);
        r.learn_identity(&serde_json::to_value(other.q.identity().unwrap()).unwrap());
        let md = other.file("qc.md");
        other.q.export_to_file(&oid, Actor::Current, quyche_api::Format::Markdown, &md).unwrap();
        let text = std::fs::read_to_string(&md).unwrap();
        let text = text
            .replacen("họp thường lệ 3 tháng một lần", "họp thường lệ 2 tháng một lần", 1)
            .replacen("Ủy quyền", "Ủy quyền điều hành", 1);
        write(&r, "quy-che-da-sua.md", &text);
    }
    r.snapshot();
    r.ok("open_regulation", json!({ "regulationId": id, "revision": 1 }));
    r.ok("verify_export", json!({ "@dialog": r.path("quy-che-da-sua.md") }));
    let view = r.q.open_regulation(&id, None).unwrap();
    let view = serde_json::to_value(view).unwrap();
    let (a17, text17) = article(&view, "Điều 17");
    let (a1, _) = article(&view, "Điều 1");
    r.refused(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 2, "articleId": a1, "text": "   " }),
    );
    r.refused("save_article", json!({ "regulationId": id, "baseRevision": 2, "articleId": a1, "text": "Điều 1. Phạm vi\n1. Khoản." }));
    let text = format!("{}\n6. Biên bản hội nghị do Chánh Văn phòng ghi.", text17.trim_end());
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 2, "articleId": a17, "text": text }),
    );
    // Điều 19 has sub-points (“- …”): the back end offers it as text, saved by save_article.
    r.mark("plain-article");
    let (a19, _) = article(&view, "Điều 19");
    let e19 = r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a19 }));
    let plain = e19["plain"]["text"].as_str().expect("Điều 19 is edited as text");
    let text19 = plain.replacen("chiều thứ Sáu", "sáng thứ Hai", 1);
    assert_ne!(text19, plain);
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 3, "articleId": a19, "text": text19 }),
    );
    check("demo", r.tape("The demo as first started (the Chief of Office chosen): old revision, a verified file, two refused saves, then an article saved as revision 3; from the mark plain-article, Điều 19 (it has sub-points) read as text and saved as revision 4."));
}

#[test]
fn conflict() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    r.snapshot();
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a2, t2) = article(&view, "Điều 2");
    let (a1, t1) = article(&view, "Điều 1");
    let chairman = person(&mut r, "Nguyễn Văn An");
    // Someone else saves meanwhile (another window): not the UI's call, so not recorded.
    let theirs = format!("{}\n4. Quy chế áp dụng cả với cộng tác viên.", t1.trim_end());
    r.q.save_article(&id, 2, a1, &theirs, Actor::Person(&chairman)).unwrap();
    let mine = format!("{}\n6. Công khai, minh bạch trong hoạt động.", t2.trim_end());
    r.refused(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 2, "articleId": a2, "text": mine }),
    );
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 3, "articleId": a2, "text": mine }),
    );
    check("conflict", r.tape("An edit of the demo while someone else saved revision 3: the conflict, then the save on top of it."));
}

#[test]
fn unsafe_text() {
    let mut r = Recorder::empty();
    let evil = "<img src=x onerror=alert(1)>";
    let v1 = format!(
        "QUY CHẾ\nQuy chế {evil}\nCăn cứ {evil};\nChương I\nQUY ĐỊNH {evil}\nĐiều 1. Tiêu đề {evil}\n1. Khoản có {evil}\n2. Khoản hai.\nĐiều 2. Chế độ họp\n1. Họp mỗi quý một lần.\n"
    );
    let v2 = v1.replace("2. Khoản hai.", &format!("2. Khoản hai <b>{evil}</b>."));
    write(&r, "v1.txt", &v1);
    write(&r, "v2.txt", &v2);
    let first =
        r.q.add_person(Actor::Current, "Trần Thị Bình", Role::Secretary, "Chánh Văn phòng")
            .unwrap();
    r.q.set_current_user(&first.id).unwrap();
    let imported = r.q.import_file(&r.file("v1.txt"), Actor::Current).unwrap();
    r.q.import_revision(&imported.regulation_id, &r.file("v2.txt"), Actor::Current).unwrap();
    r.watch(&imported.regulation_id);
    r.snapshot();
    r.ok(
        "redline",
        json!({ "regulationId": imported.regulation_id, "fromRevision": 1, "toRevision": 2 }),
    );
    check("unsafe-text", r.tape("A regulation whose text looks like HTML, and its redline: the UI must show it as text."));
}

/// The vote on the submitted demo: a count that adds up to more than the members, a failed
/// vote (with absent members) that returns the draft, then, submitted again, the approval
/// that writes the decision into the header as revision 3 and seals it; the confirm before
/// editing it. Tests start at a mark.
#[test]
fn vote() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    sign_here(&mut r, "Trần Thị Bình", "Chánh Văn phòng");
    let an = person(&mut r, "Nguyễn Văn An");
    let binh = person(&mut r, "Trần Thị Bình");
    r.q.open_round(&id, Actor::Person(&an), None).unwrap();
    r.q.close_round(&id, Actor::Person(&an)).unwrap();
    r.q.submit(&id, Actor::Person(&an)).unwrap();
    r.q.set_current_user(&binh).unwrap();
    r.snapshot();
    r.mark("submitted");
    let vote = |f: u32, a: u32, absent: u32, approved: bool| json!({ "regulationId": id, "vote": { "form": "meeting", "date": "2026-12-20", "members": 27, "votes_for": f, "against": a, "abstain": 2, "absent": absent, "decision_no": if approved { "12/QĐ-LMHTX" } else { "" }, "approved": approved } });
    r.refused("record_vote", vote(10, 12, 5, false));
    r.ok("record_vote", vote(10, 12, 3, false));
    r.mark("failed");
    r.ok("set_current_user", json!({ "personId": an }));
    r.ok("submit", json!({ "regulationId": id }));
    r.ok("set_current_user", json!({ "personId": binh }));
    r.mark("submitted-again");
    r.ok("record_vote", vote(20, 4, 1, true));
    r.ok("open_regulation", json!({ "regulationId": id, "revision": null }));
    r.ok("history", json!({ "regulationId": id }));
    r.mark("approved");
    // Going on with an edit of the approved text opens the article editor on Điều 1.
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a1, _) = article(&view, "Điều 1");
    r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a1 }));
    check("vote", r.tape("The vote on the submitted demo: a count larger than the committee, a failed vote with absent members (returned), then the approval that writes the decision's number and date into the header as revision 3 and seals it."));
}

#[test]
fn redline() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    write(&r, "quy-che-gui-lai.txt", &demo_sent_back());
    write(&r, "quy-che.docx", "PK");
    r.snapshot();
    for (from, to) in [(1, 2), (2, 2), (2, 1)] {
        r.ok("redline", json!({ "regulationId": id, "fromRevision": from, "toRevision": to }));
    }
    r.refused("redline", json!({ "regulationId": id, "fromRevision": 1, "toRevision": 9 }));
    let sent_back = r.ok("pick_compared_text", json!({ "@dialog": r.path("quy-che-gui-lai.txt") }));
    r.ok(
        "redline_with_file",
        json!({ "regulationId": id, "revision": 2, "file": sent_back["handle"] }),
    );
    r.ok(
        "redline_with_file",
        json!({ "regulationId": id, "revision": 1, "file": sent_back["handle"] }),
    );
    let docx = r.ok("pick_compared_text", json!({ "@dialog": r.path("quy-che.docx") }));
    r.refused(
        "redline_with_file",
        json!({ "regulationId": id, "revision": 2, "file": docx["handle"] }),
    );
    check("redline", r.tape("Redlines of the demo: its two revisions both ways, a missing revision, and the text someone sent back (an article moved, removed, added, retitled)."));
}

/// Gives this installation the identity that signs approvals (issue 9; not recorded: the
/// tapes start after the first-run form), and teaches the recorder its volatile values.
fn sign_here(r: &mut Recorder, name: &str, position: &str) {
    let id = r.q.create_identity(name, position).unwrap();
    r.learn_identity(&serde_json::to_value(id).unwrap());
}

/// Removes the identity [`sign_here`] made, so that a flow can create its own afterwards.
fn forget_identity(r: &Recorder) {
    std::fs::remove_dir_all(r.db_dir().join("identity")).unwrap();
}

/// Runs the demo to an approval, as the chairman and the secretary (not recorded).
fn approve_in(r: &mut Recorder, id: &str) {
    sign_here(r, "Trần Thị Bình", "Chánh Văn phòng");
    let an = person(r, "Nguyễn Văn An");
    let binh = person(r, "Trần Thị Bình");
    r.q.open_round(id, Actor::Person(&an), None).unwrap();
    r.q.close_round(id, Actor::Person(&an)).unwrap();
    r.q.submit(id, Actor::Person(&an)).unwrap();
    r.q.approve(
        id,
        Actor::Person(&binh),
        quyche_api::ApprovalForm::Meeting,
        "2026-12-20",
        27,
        20,
        4,
        3,
        "12/QĐ-LMHTX",
    )
    .unwrap();
}

#[test]
fn review() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    let an = person(&mut r, "Nguyễn Văn An");
    let binh = person(&mut r, "Trần Thị Bình");
    let dung = person(&mut r, "Phạm Thị Dung");
    let cuong = person(&mut r, "Lê Văn Cường");
    r.q.set_current_user(&an).unwrap();
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a17, _) = article(&view, "Điều 17");
    let (a2, _) = article(&view, "Điều 2");
    let (a14, t14) = article(&view, "Điều 14");
    let (a1, t1) = article(&view, "Điều 1");
    let c14 = unit_with(&view, "Điều 14", "03 ngày làm việc");
    r.snapshot();
    let user = |r: &mut Recorder, p: &str| {
        r.ok("set_current_user", json!({ "personId": p }));
    };

    r.mark("draft-chairman");
    user(&mut r, &dung);
    r.mark("draft-member");
    user(&mut r, &an);
    r.mark("draft-chairman-2");
    r.ok("open_round", json!({ "regulationId": id, "deadline": "2026-12-15" }));
    r.mark("consultation-chairman");
    user(&mut r, &dung);
    r.mark("consultation-member");
    r.ok("add_comment", json!({ "regulationId": id, "unitId": a17, "quote": "Kỳ họp của Ban Thường vụ", "position": 0, "text": "Nên quy định rõ họp trực tuyến.", "proposal": "Kỳ họp và hình thức họp của Ban Thường vụ" }));
    r.mark("consultation-member-2");
    r.ok("add_comment", json!({ "regulationId": id, "unitId": a2, "quote": "Nguyên tắc làm việc", "position": 0, "text": "<img src=x onerror=alert(1)>", "proposal": "<b>đậm</b>" }));
    r.mark("consultation-member-3");
    r.refused("add_comment", json!({ "regulationId": id, "unitId": a17, "quote": "Kỳ hội họp", "position": 0, "text": "Ý kiến.", "proposal": null }));
    let quote = "03 ngày làm việc";
    let clause = "Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất ";
    r.ok("add_comment", json!({ "regulationId": id, "unitId": c14, "quote": quote, "position": clause.chars().count(), "text": "Đề nghị kéo dài thời hạn gửi tài liệu để các ủy viên kịp nghiên cứu.", "proposal": "05 ngày làm việc" }));
    user(&mut r, &an);
    r.ok("close_round", json!({ "regulationId": id }));
    r.mark("revising-chairman");
    r.refused("submit", json!({ "regulationId": id }));
    let comments = serde_json::to_value(r.q.comments(&id).unwrap()).unwrap();
    let third = comments[2]["id"].as_str().unwrap().to_string();
    let first = comments[0]["id"].as_str().unwrap().to_string();
    let second = comments[1]["id"].as_str().unwrap().to_string();
    r.refused(
        "resolve_comment",
        json!({ "commentId": third, "decision": "rejected", "reason": "" }),
    );
    r.ok("export_report", json!({ "work": 4, "regulationId": id, "format": "html", "@dialog": r.path(&format!("{id}-bang-tong-hop-y-kien.html")) }));
    user(&mut r, &dung);
    r.mark("revising-member");
    user(&mut r, &an);
    r.mark("revising-chairman-2");
    r.ok("resolve_comment", json!({ "commentId": third, "decision": "explained", "reason": "Giữ 03 ngày để bảo đảm tiến độ." }));
    let text = t14.replace("chậm nhất 03 ngày làm việc", "chậm nhất 05 ngày làm việc");
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 2, "articleId": a14, "text": text }),
    );
    let text = format!("{}\n4. Quy chế áp dụng cả với cộng tác viên.", t1.trim_end());
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 3, "articleId": a1, "text": text }),
    );
    r.mark("revised-chairman");
    r.ok("comment_redline", json!({ "commentId": third }));
    r.ok("resolve_comment", json!({ "commentId": first, "decision": "accepted", "reason": "" }));
    r.ok("resolve_comment", json!({ "commentId": second, "decision": "partly", "reason": "Bổ sung nguyên tắc công khai." }));
    r.ok("submit", json!({ "regulationId": id }));
    user(&mut r, &binh);
    r.mark("submitted-secretary");
    r.ok("return_draft", json!({ "regulationId": id, "reason": "Cần bổ sung Điều về tài chính." }));
    user(&mut r, &an);
    r.ok("submit", json!({ "regulationId": id }));
    user(&mut r, &binh);
    r.mark("submitted-secretary-2");
    let approve = |votes: u32, against: u32| json!({ "regulationId": id, "form": "written", "date": "2026-12-20", "members": 27, "votesFor": votes, "against": against, "abstain": 2, "decisionNo": "12/QĐ-LMHTX" });
    sign_here(&mut r, "Trần Thị Bình", "Chánh Văn phòng");
    r.refused("approve", approve(13, 10));
    r.ok("approve", approve(15, 8));
    r.mark("approved-secretary");
    r.ok("export_regulation", json!({ "work": 4, "regulationId": id, "format": "docx", "@dialog": r.path(&format!("{id}-phien-ban-5.docx")) }));
    user(&mut r, &cuong);
    r.mark("approved-member");
    check("review", r.tape("The review journey on the demo: rounds, comments, refusals, resolutions, return, approval, export. Tests start at a mark."));
}

/// The chairman works through the comments: a member's unsent comment edited, the dashboard's
/// "không có ý kiến", a proposal taken up in one click (and one refused).
#[test]
fn comments_chairman() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    let an = person(&mut r, "Nguyễn Văn An");
    let dung = person(&mut r, "Phạm Thị Dung");
    let duc = person(&mut r, "Hoàng Minh Đức");
    r.q.set_current_user(&an).unwrap();
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a2, _) = article(&view, "Điều 2");
    let c14 = unit_with(&view, "Điều 14", "03 ngày làm việc");
    r.q.open_round(&id, Actor::Current, Some("2026-12-15")).unwrap();
    r.q.set_current_user(&dung).unwrap();
    r.snapshot();
    r.mark("consultation-member");
    let clause = "Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất ";
    let take = r.ok("add_comment", json!({ "regulationId": id, "unitId": c14, "quote": "03 ngày làm việc", "position": clause.chars().count(), "text": "Đề nghị kéo dài thời hạn.", "proposal": "05 ngày làm việc" }));
    let take = take["id"].as_str().unwrap().to_string();
    let plain = r.ok("add_comment", json!({ "regulationId": id, "unitId": a2, "quote": "Nguyên tắc làm việc", "position": 0, "text": "Nên bổ sung nguyên tắc công khai.", "proposal": null }));
    let plain = plain["id"].as_str().unwrap().to_string();
    r.mark("member-saved");
    r.ok("edit_comment", json!({ "commentId": plain, "text": "Nên bổ sung nguyên tắc công khai, minh bạch.", "proposal": null }));
    r.ok("set_current_user", json!({ "personId": an }));
    r.mark("consultation-chairman");
    r.ok("record_no_comments", json!({ "regulationId": id, "personId": duc }));
    r.ok("close_round", json!({ "regulationId": id }));
    r.mark("revising-chairman");
    r.refused("adopt_proposal", json!({ "commentId": plain }));
    r.ok("adopt_proposal", json!({ "commentId": take }));
    r.mark("adopted");
    r.ok(
        "resolve_comment",
        json!({ "commentId": plain, "decision": "explained", "reason": "Đã có trong Điều lệ." }),
    );
    r.mark("resolved");
    check("comments-chairman", r.tape("The chairman works through the comments: a member's comment edited while unsent, a reviewer recorded as having no comments, a proposal taken up in one click (one without a proposal refused), the rest resolved row by row."));
}

/// Another installation: a member's own computer, with their identity.
fn member_machine(name: &str) -> Recorder {
    let r = committee();
    let id = person_id(&r, name);
    r.q.set_current_user(&id).unwrap();
    r.q.create_identity(name, "Ủy viên Ban Thường vụ").unwrap();
    // The owner is on their own roster, with their key.
    let card = r.file("ban-than.quyche-id");
    r.q.export_identity_card(&card).unwrap();
    let chairman = person_id(&r, "Nguyễn Văn An");
    r.q.add_person_from_card(Actor::Person(&chairman), &card, Role::Member, false).unwrap();
    r
}

fn person_id(r: &Recorder, name: &str) -> String {
    r.q.people().unwrap().into_iter().find(|p| p.name == name).expect(name).id
}

#[test]
fn exchange_chairman() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    let an = person_id(&r, "Nguyễn Văn An");
    r.q.set_current_user(&an).unwrap();
    // Cards from three other computers, and one from Dung's with a new key.
    let dung = member_machine("Phạm Thị Dung");
    dung.q.export_identity_card(&r.file("pham-thi-dung.quyche-id")).unwrap();
    let dung2 = member_machine("Phạm Thị Dung");
    dung2.q.export_identity_card(&r.file("pham-thi-dung-may-moi.quyche-id")).unwrap();
    let hoa = Recorder::empty();
    hoa.q.create_identity("Vũ Thị Hoa", "Ủy viên Ban Thường vụ").unwrap();
    hoa.q.export_identity_card(&r.file("vu-thi-hoa.quyche-id")).unwrap();
    let cuong = member_machine("Lê Văn Cường");
    cuong.q.export_identity_card(&r.file("le-van-cuong.quyche-id")).unwrap();
    for m in [&dung, &dung2, &hoa, &cuong] {
        let v = serde_json::to_value(m.q.identity().unwrap()).unwrap();
        r.learn_identity(&v);
    }
    r.q.add_person_from_card(
        Actor::Current,
        &r.file("pham-thi-dung.quyche-id"),
        Role::Member,
        false,
    )
    .unwrap();
    r.q.add_person_from_card(
        Actor::Current,
        &r.file("le-van-cuong.quyche-id"),
        Role::Member,
        false,
    )
    .unwrap();
    r.snapshot();

    r.mark("no-identity");
    r.ok("create_identity", json!({ "name": "Nguyễn Văn An", "position": "Chủ tịch" }));
    r.ok(
        "export_identity_card",
        json!({ "@dialog": r.path("the-dinh-danh-nguyen-van-an.quyche-id") }),
    );
    r.mark("identity");
    let own = pick_card(&mut r, "the-dinh-danh-nguyen-van-an.quyche-id");
    r.ok(
        "add_person_from_card",
        json!({ "card": own, "role": "chairman", "confirmKeyChange": false }),
    );
    r.mark("roster");
    let hoa = pick_card(&mut r, "vu-thi-hoa.quyche-id");
    r.ok(
        "add_person_from_card",
        json!({ "card": hoa, "role": "secretary", "confirmKeyChange": false }),
    );
    r.mark("key-change");
    let card = pick_card(&mut r, "pham-thi-dung-may-moi.quyche-id");
    r.refused(
        "add_person_from_card",
        json!({ "card": card, "role": "member", "confirmKeyChange": false }),
    );
    r.ok(
        "add_person_from_card",
        json!({ "card": card, "role": "member", "confirmKeyChange": true }),
    );
    r.mark("draft");
    r.ok("open_round", json!({ "regulationId": id, "deadline": "2026-12-15" }));
    r.mark("consultation");
    let package = r.path(&format!("{id}-lay-y-kien.quyche"));
    r.ok("export_package", json!({ "regulationId": id, "@dialog": package }));
    r.mark("package-sent");

    // Cường opens the package on his computer, comments three times and sends a bundle.
    let fp = r.q.identity().unwrap().unwrap().fingerprint;
    let package = r.file(&format!("{id}-lay-y-kien.quyche"));
    let copy = cuong.q.open_package_file(&package, Some(&fp)).unwrap();
    let view = serde_json::to_value(cuong.q.open_regulation(&copy, None).unwrap()).unwrap();
    for (marker, text) in [
        ("Điều 5", "Nên nêu rõ nhiệm kỳ."),
        ("Điều 9", "Bổ sung họp định kỳ, kể cả họp online."),
        ("Điều 13", "Rút ngắn thời hạn."),
    ] {
        let (a, edit) = article(&view, marker);
        let title = edit.lines().next().unwrap_or_default().to_string();
        cuong
            .q
            .add_comment(
                &copy,
                Actor::Current,
                quyche_api::Target::Unit(a),
                &title,
                Some(0),
                text,
                None,
            )
            .unwrap();
    }
    let bundle = r.file("gop-y-le-van-cuong.zip");
    cuong.q.bundle_to_file(&copy, &bundle).unwrap();
    let mut bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(r.file("gop-y-le-van-cuong-ban-sao.zip"), &bytes).unwrap();
    // A forged copy: one byte of a comment's text changed after signing.
    let at = bytes.windows(6).position(|w| w == b"online").expect("comment text in the bundle");
    bytes[at] = b'X';
    std::fs::write(r.file("gop-y-gia-mao.zip"), &bytes).unwrap();
    let paths = ["gop-y-le-van-cuong.zip", "gop-y-le-van-cuong-ban-sao.zip", "gop-y-gia-mao.zip"]
        .map(|f| r.path(f));
    r.call("import_bundles", json!({ "work": 1, "@dialog": paths }));
    // Once done, the work is no longer running: a late poll or stop answers so.
    r.ok("work_progress", json!({ "work": 1 }));
    r.ok("cancel_work", json!({ "work": 1 }));
    r.mark("bundles-in");

    // The round closes; Cường, still commenting on his copy, sends one more: late.
    r.ok("close_round", json!({ "regulationId": id }));
    let (a, edit) = article(&view, "Điều 7");
    let title = edit.lines().next().unwrap_or_default().to_string();
    cuong
        .q
        .add_comment(
            &copy,
            Actor::Current,
            quyche_api::Target::Unit(a),
            &title,
            Some(0),
            "Góp ý gửi muộn.",
            None,
        )
        .unwrap();
    cuong.q.bundle_to_file(&copy, &r.file("gop-y-le-van-cuong-muon.zip")).unwrap();
    let results = r.ok(
        "import_bundles",
        json!({ "work": 1, "@dialog": [r.path("gop-y-le-van-cuong-muon.zip")] }),
    );
    assert_eq!(results[0]["late"], true, "a bundle after the round closed is late: {results}");
    r.ok("import_held_bundle", json!({ "handle": results[0]["handle"] }));
    check("exchange-chairman", r.tape("The chairman's computer: identity and card, roster from cards (a key change), the package out, three bundles in; the round closed, a late bundle taken in as late (nộp muộn)."));
}

#[test]
fn exchange_member() {
    let mut r = member_machine("Phạm Thị Dung");
    let chair = Recorder::demo();
    let id = demo_id(&chair);
    let an = person_id(&chair, "Nguyễn Văn An");
    chair.q.set_current_user(&an).unwrap();
    chair.q.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap();
    chair.q.export_identity_card(&chair.file("an.quyche-id")).unwrap();
    chair
        .q
        .add_person_from_card(Actor::Current, &chair.file("an.quyche-id"), Role::Chairman, false)
        .unwrap();
    r.learn_identity(&serde_json::to_value(chair.q.identity().unwrap()).unwrap());
    r.q.export_identity_card(&chair.file("dung.quyche-id")).unwrap();
    chair
        .q
        .add_person_from_card(Actor::Current, &chair.file("dung.quyche-id"), Role::Member, false)
        .unwrap();
    chair.q.open_round(&id, Actor::Current, Some("2026-12-15")).unwrap();
    // Dung was handed the chairman's card: his key is on her roster, so the package opens
    // without a fingerprint to confirm.
    let an_here = person_id(&r, "Nguyễn Văn An");
    let an_card = chair.file("an.quyche-id");
    r.q.add_person_from_card(Actor::Person(&an_here), &an_card, Role::Chairman, false).unwrap();
    let name = format!("{id}-lay-y-kien.quyche");
    chair.q.package_to_file(&id, Actor::Current, &r.file(&name)).unwrap();
    r.placeholder("qc", &id);
    r.snapshot();

    r.mark("start");
    // The window's two steps: the preview (the dialog, in Rust), then the confirmed open.
    let preview = r.ok("preview_package", json!({ "@dialog": r.path(&name) }));
    assert_eq!(preview["trusted"], true, "the chairman's card is on Dung's roster");
    let copy =
        r.ok("open_previewed_package", json!({ "handle": preview["handle"], "trust": null }));
    let copy = copy.as_str().unwrap().to_string();
    r.mark("opened");
    let view = serde_json::to_value(r.q.open_regulation(&copy, None).unwrap()).unwrap();
    for (marker, text) in [
        ("Điều 17", "Nên quy định rõ họp trực tuyến."),
        ("Điều 2", "Nên bổ sung nguyên tắc công khai, minh bạch."),
    ] {
        let (a, edit) = article(&view, marker);
        let title = edit.lines().next().unwrap_or_default().to_string();
        r.ok("add_comment", json!({ "regulationId": copy, "unitId": a, "quote": title, "position": 0, "text": text, "proposal": null }));
    }
    r.mark("commented");
    let bundle = r.path(&format!("gop-y-pham-thi-dung-{copy}.zip"));
    r.ok("export_bundle", json!({ "regulationId": copy, "@dialog": bundle }));
    r.refused("export_bundle", json!({ "regulationId": copy, "@dialog": bundle }));
    // The file was lost: the same bundle written again.
    let again = r.path(&format!("gop-y-pham-thi-dung-{copy}-lan-2.zip"));
    r.ok("export_bundle_again", json!({ "regulationId": copy, "@dialog": again }));
    // Saving is not sending: a comment saved after the bundle is "Chưa gửi", can be
    // edited and deleted; a sent one cannot.
    r.mark("sent");
    let sent =
        r.q.comments(&copy)
            .unwrap()
            .into_iter()
            .find(|c| c.sent == quyche_review::SentState::Sent)
            .unwrap()
            .id;
    let (a, edit) = article(&view, "Điều 17");
    let title = edit.lines().next().unwrap_or_default().to_string();
    let later = r.ok("add_comment", json!({ "regulationId": copy, "unitId": a, "quote": title, "position": 0, "text": "Ý kiến thêm.", "proposal": null }));
    let later = later["id"].as_str().unwrap().to_string();
    r.mark("saved-unsent");
    r.ok(
        "edit_comment",
        json!({ "commentId": later, "text": "Ý kiến thêm, đã sửa.", "proposal": "Kỳ họp" }),
    );
    r.refused("edit_comment", json!({ "commentId": sent, "text": "Sửa.", "proposal": null }));
    r.ok("delete_comment", json!({ "commentId": later }));
    r.mark("deleted");
    check("exchange-member", r.tape("A member's computer: the chairman's package opened as a read-only copy, two comments, the bundle sent (and nothing new the second time)."));
}

/// The headless browser test's flow (`ui/tests/browser/run.mjs`), one installation from
/// the first start to the exchange, in the order the test clicks.
#[test]
fn browser() {
    let mut r = Recorder::demo();
    let demo = demo_id(&r);
    let an = person_id(&r, "Nguyễn Văn An");
    let binh = person_id(&r, "Trần Thị Bình");
    let dung = person_id(&r, "Phạm Thị Dung");
    // The large regulation: the Law on Cooperatives 2012, then its 2023 text as revision 2.
    write(&r, "luat-hop-tac-xa-2012.txt", &law(quyche_fixtures::COOP_2012));
    write(&r, "luat-hop-tac-xa-2023.txt", &law(quyche_fixtures::COOP_2023));
    let coop = r.q.import_file(&r.file("luat-hop-tac-xa-2012.txt"), Actor::Person(&binh)).unwrap();
    r.q.import_revision(
        &coop.regulation_id,
        &r.file("luat-hop-tac-xa-2023.txt"),
        Actor::Person(&binh),
    )
    .unwrap();
    r.watch(&coop.regulation_id);
    write(&r, "du-thao-luat-phong-khong.txt", &law(quyche_fixtures::DRAFT_AIR_DEFENCE));
    // Two members' computers: their cards are on the chairman's roster.
    let cuong = member_machine("Lê Văn Cường");
    cuong.q.export_identity_card(&r.file("le-van-cuong.quyche-id")).unwrap();
    r.q.add_person_from_card(
        Actor::Person(&an),
        &r.file("le-van-cuong.quyche-id"),
        Role::Member,
        false,
    )
    .unwrap();
    let hoa = Recorder::empty();
    hoa.q.create_identity("Vũ Thị Hoa", "Ủy viên Ban Thường vụ").unwrap();
    hoa.q.export_identity_card(&r.file("vu-thi-hoa.quyche-id")).unwrap();
    for m in [&cuong, &hoa] {
        r.learn_identity(&serde_json::to_value(m.q.identity().unwrap()).unwrap());
    }
    r.snapshot();

    // Edit Điều 7, look at revision 1, then a conflict on Điều 2.
    let view = serde_json::to_value(r.q.open_regulation(&demo, None).unwrap()).unwrap();
    let (a7, _) = article(&view, "Điều 7");
    let (a2, _) = article(&view, "Điều 2");
    let (a1, t1) = article(&view, "Điều 1");
    let (a14, _) = article(&view, "Điều 14");
    let c14 = unit_with(&view, "Điều 14", "03 ngày làm việc");
    // The structured editor: a new last clause (typed after Enter, and Shift+Tab when
    // Enter made a point).
    let new_clause = |text: &str| json!({ "id": null, "paragraphs": [[{ "kind": "text", "text": text }]], "points": [] });
    let e7 =
        edited_from(&r.ok("article_for_editing", json!({ "regulationId": demo, "articleId": a7 })));
    let mut e7 = e7;
    e7["clauses"]
        .as_array_mut()
        .unwrap()
        .push(new_clause("Cho ý kiến về dự thảo quy chế trước khi trình Ban Chấp hành."));
    r.ok("save_article_runs", json!({ "regulationId": demo, "baseRevision": 2, "article": e7 }));
    r.ok("open_regulation", json!({ "regulationId": demo, "revision": 1 }));
    // Điều 2 opened on revision 3; the chairman saves revision 4 meanwhile.
    let mut e2 =
        edited_from(&r.ok("article_for_editing", json!({ "regulationId": demo, "articleId": a2 })));
    let theirs = format!("{t1}\n4. Quy chế áp dụng cả với cộng tác viên.");
    r.q.save_article(&demo, 3, a1, &theirs, Actor::Person(&an)).unwrap();
    e2["clauses"].as_array_mut().unwrap().push(new_clause("Công khai, minh bạch trong hoạt động."));
    r.refused(
        "save_article_runs",
        json!({ "regulationId": demo, "baseRevision": 3, "article": e2 }),
    );
    r.ok("article_for_editing", json!({ "regulationId": demo, "articleId": a2 }));
    r.ok("save_article_runs", json!({ "regulationId": demo, "baseRevision": 4, "article": e2 }));
    r.ok("redline", json!({ "regulationId": demo, "fromRevision": 1, "toRevision": 5 }));

    // Import a file; open the large regulation and its redline.
    let outline = r
        .ok("import_file", json!({ "work": 2, "@dialog": r.path("du-thao-luat-phong-khong.txt") }));
    let outline = outline["regulation_id"].as_str().unwrap().to_string();
    r.ok(
        "redline",
        json!({ "regulationId": coop.regulation_id, "fromRevision": 1, "toRevision": 2 }),
    );

    // The review: round, comments, revision, resolutions, approval, export, verify.
    r.ok("set_current_user", json!({ "personId": an }));
    r.ok("open_round", json!({ "regulationId": demo, "deadline": "2026-12-15" }));
    r.ok("set_current_user", json!({ "personId": dung }));
    let clause = "Giấy triệu tập và tài liệu hội nghị Ban Chấp hành phải được gửi đến các ủy viên chậm nhất ";
    r.ok("add_comment", json!({ "regulationId": demo, "unitId": c14, "quote": "03 ngày làm việc", "position": clause.chars().count(), "text": "Đề nghị gửi tài liệu sớm hơn để các Ủy viên kịp nghiên cứu <b>kỹ</b>.", "proposal": "05 ngày làm việc" }));
    r.ok("add_comment", json!({ "regulationId": demo, "unitId": a2, "quote": "Nguyên tắc làm việc", "position": 0, "text": "Nên bổ sung nguyên tắc công khai, minh bạch.", "proposal": null }));
    r.ok("set_current_user", json!({ "personId": an }));
    r.ok("close_round", json!({ "regulationId": demo }));
    // “03” selected in the editor and “05” typed over it.
    let e14 = r.ok("article_for_editing", json!({ "regulationId": demo, "articleId": a14 }));
    let e14 = serde_json::to_string(&edited_from(&e14)).unwrap().replacen(
        "03 ngày làm việc",
        "05 ngày làm việc",
        1,
    );
    let e14: Value = serde_json::from_str(&e14).unwrap();
    r.ok("save_article_runs", json!({ "regulationId": demo, "baseRevision": 5, "article": e14 }));
    let comments = serde_json::to_value(r.q.comments(&demo).unwrap()).unwrap();
    let (first, second) = (comments[0]["id"].clone(), comments[1]["id"].clone());
    r.ok("comment_redline", json!({ "commentId": first }));
    r.ok("resolve_comment", json!({ "commentId": first, "decision": "accepted", "reason": "Đã sửa khoản 2 Điều 14 theo đề xuất." }));
    r.ok("resolve_comment", json!({ "commentId": second, "decision": "explained", "reason": "Nguyên tắc công khai đã có trong Điều lệ; không nhắc lại." }));
    r.ok("submit", json!({ "regulationId": demo }));
    r.ok("set_current_user", json!({ "personId": binh }));
    let approve = |votes: u32, against: u32, abstain: u32| json!({ "regulationId": demo, "form": "meeting", "date": "2026-12-20", "members": 27, "votesFor": votes, "against": against, "abstain": abstain, "decisionNo": "12/QĐ-LMHTX" });
    sign_here(&mut r, "Trần Thị Bình", "Chánh Văn phòng");
    r.refused("approve", approve(13, 9, 3));
    r.ok("approve", approve(20, 4, 3));
    let docx = r.path(&format!("{demo}-phien-ban-7.docx"));
    r.ok(
        "export_regulation",
        json!({ "work": 4, "regulationId": demo, "format": "docx", "@dialog": docx }),
    );
    r.ok("verify_export", json!({ "@dialog": docx }));

    // The exchange, on the imported draft: identity, roster, round, package, bundles.
    // The approval above was signed with a key made for it; the chairman's own identity
    // is created next, in the window, as the flow shows.
    forget_identity(&r);
    r.ok("set_current_user", json!({ "personId": an }));
    r.ok(
        "create_identity",
        json!({ "name": "Nguyễn Văn An", "position": "Chủ tịch Liên minh HTX tỉnh" }),
    );
    let own = r.path("the-dinh-danh-nguyen-van-an.quyche-id");
    r.ok("export_identity_card", json!({ "@dialog": own }));
    let own = pick_card(&mut r, "the-dinh-danh-nguyen-van-an.quyche-id");
    r.ok(
        "add_person_from_card",
        json!({ "card": own, "role": "chairman", "confirmKeyChange": false }),
    );
    let hoa = pick_card(&mut r, "vu-thi-hoa.quyche-id");
    r.ok(
        "add_person_from_card",
        json!({ "card": hoa, "role": "member", "confirmKeyChange": false }),
    );
    r.ok("open_round", json!({ "regulationId": outline, "deadline": "2026-12-15" }));
    let package = format!("{outline}-lay-y-kien.quyche");
    r.ok("export_package", json!({ "regulationId": outline, "@dialog": r.path(&package) }));
    let fp = r.q.identity().unwrap().unwrap().fingerprint;
    let copy = cuong.q.open_package_file(&r.file(&package), Some(&fp)).unwrap();
    let copy_view = serde_json::to_value(cuong.q.open_regulation(&copy, None).unwrap()).unwrap();
    for (marker, text) in [
        ("Điều 1", "Nên nêu rõ phạm vi."),
        ("Điều 2", "Bổ sung diễn tập, kể cả trực tuyến (online)."),
        ("Điều 3", "Rút gọn."),
    ] {
        let (a, edit) = article(&copy_view, marker);
        let title = edit.lines().next().unwrap_or_default().to_string();
        cuong
            .q
            .add_comment(
                &copy,
                Actor::Current,
                quyche_api::Target::Unit(a),
                &title,
                Some(0),
                text,
                None,
            )
            .unwrap();
    }
    let bundle = r.file("gop-y-le-van-cuong.zip");
    cuong.q.bundle_to_file(&copy, &bundle).unwrap();
    let mut bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(r.file("gop-y-le-van-cuong-ban-sao.zip"), &bytes).unwrap();
    let at = bytes.windows(6).position(|w| w == b"online").expect("comment text in the bundle");
    bytes[at] = b'X';
    std::fs::write(r.file("gop-y-gia-mao.zip"), &bytes).unwrap();
    let paths = ["gop-y-le-van-cuong.zip", "gop-y-le-van-cuong-ban-sao.zip", "gop-y-gia-mao.zip"]
        .map(|f| r.path(f));
    r.ok("import_bundles", json!({ "work": 1, "@dialog": paths }));
    check("browser", r.tape("The headless browser test's flow: edit, conflict, redlines (the law pair), import, the review journey, export and verify, the exchange."));
}

/// A new regulation from a template (issue 11), then its header edited in the form: the
/// dialog's four templates, an unsafe title refused, the Executive Committee's template
/// created; the form refuses an empty title, then saves the place, the date and the number.
#[test]
fn templates() {
    let mut r = Recorder::demo();
    let demo = demo_id(&r);
    r.snapshot();
    r.ok("regulation_templates", json!({}));
    r.ok("regulation_header", json!({ "regulationId": demo }));
    r.refused("new_regulation", json!({ "template": "btv", "title": "Quy chế\u{202e}" }));
    let id = r.ok("new_regulation", json!({ "template": "bch", "title": null }));
    let id = id.as_str().expect("an id").to_string();
    let header = r.ok("regulation_header", json!({ "regulationId": id }));
    let mut fields = header.clone();
    fields["title"] = json!(" ");
    r.refused("save_header", json!({ "regulationId": id, "baseRevision": 1, "fields": fields }));
    let mut fields = header;
    fields["issuing_body"] = json!(["LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN", "BAN CHẤP HÀNH"]);
    fields["place"] = json!("Bình An");
    fields["date"] = json!("2026-12-15");
    fields["title"] =
        json!("Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An, nhiệm kỳ 2025 - 2030");
    r.ok("save_header", json!({ "regulationId": id, "baseRevision": 1, "fields": fields }));
    r.ok("regulation_header", json!({ "regulationId": id }));
    r.ok("new_regulation", json!({ "template": "blank", "title": "Làm việc của Ban Kiểm tra" }));
    check("templates", r.tape("New regulations from templates: the four offered, an unsafe title refused, the Executive Committee's created; its header form refuses an empty title, then saves place, date and title; a blank one with a title."));
}

/// Every IPC command of the bindings has a row in the recorder's table, so a UI test can
/// be given a recording of any of them.
#[test]
fn every_ipc_command_has_a_recorder_row() {
    let r = Recorder::empty();
    let mut missing = Vec::new();
    for (cmd, args) in recorder::bindings() {
        // Arguments of the wrong type: a row panics reading them, a missing row says so.
        let args: serde_json::Map<String, Value> =
            args.iter().map(|a| (a.clone(), json!([]))).collect();
        let q = &r.q;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            recorder::dispatch(q, cmd, &args, None)
        }));
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            if message.starts_with("no recorder row") {
                missing.push(cmd.clone());
            }
        }
    }
    assert!(missing.is_empty(), "add these commands to recorder::dispatch: {missing:?}");
}

/// Drafting from a source text (task X of issue 11): the 2012 cooperative law imported as a
/// source (and again: the same source), its articles listed; Điều 4 taken after the demo's
/// Điều 1 and compared (“chưa sửa”), then adapted and compared again; a take on a stale
/// revision refused; Điều 13 taken, its references to Điều 17 of the law left as text.
#[test]
fn sources() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    r.snapshot();
    write(&r, "luat-hop-tac-xa-2012.txt", &law(quyche_fixtures::COOP_2012));
    let law_file = r.path("luat-hop-tac-xa-2012.txt");
    r.ok("sources", json!({}));
    r.mark("import");
    r.ok("import_source", json!({ "@dialog": null }));
    let imported = r.ok("import_source", json!({ "@dialog": law_file }));
    let source = imported["source"]["id"].as_str().expect("a source id").to_string();
    r.ok("import_source", json!({ "@dialog": law_file }));
    r.ok("sources", json!({}));
    let view = r.ok("source", json!({ "sourceId": source }));
    let article_id = |n: usize| view["articles"][n - 1]["id"].as_u64().expect("an id") as u32;
    r.mark("take");
    let take = json!({ "regulationId": id, "baseRevision": 2, "sourceId": source,
        "sourceArticleId": article_id(4), "after": 1, "before": null });
    let taken = r.ok("take_article", take);
    let taken_id = taken["article_id"].as_u64().expect("an id") as u32;
    r.ok("taken_articles", json!({ "regulationId": id, "revision": null }));
    r.ok("compare_with_source", json!({ "regulationId": id, "articleId": taken_id }));
    r.mark("adapt");
    let (_, text) =
        article(&serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap(), "Điều 2");
    let text = text.replace("Trong Luật này", "Trong Quy chế này");
    r.ok(
        "save_article",
        json!({ "regulationId": id, "baseRevision": 3, "articleId": taken_id, "text": text }),
    );
    r.ok("compare_with_source", json!({ "regulationId": id, "articleId": taken_id }));
    r.mark("refused");
    let stale = json!({ "regulationId": id, "baseRevision": 3, "sourceId": source,
        "sourceArticleId": article_id(13), "after": 2, "before": null });
    r.refused("take_article", stale);
    let take = json!({ "regulationId": id, "baseRevision": 4, "sourceId": source,
        "sourceArticleId": article_id(13), "after": 2, "before": null });
    r.ok("take_article", take);
    r.ok("taken_articles", json!({ "regulationId": id, "revision": null }));
    check("sources", r.tape("Drafting from a source text: the 2012 cooperative law imported as a source (a closed dialog, then twice: one source), its articles; Điều 4 taken after Điều 1 and compared (chưa sửa), adapted and compared again; a take on a stale revision refused; Điều 13 taken, its references to Điều 17 of the law left as text with a diagnostic."));
}

/// The outline as a drafting tool (task U2 of issue 11): Điều 12 moved up by the keyboard
/// (Điều 10's "Điều 12 Quy chế này" follows it), undone and redone; an article inserted
/// after Điều 1; the referenced one's delete refused, then forced; a demote the domain
/// refuses (an article is no clause).
#[test]
fn drafting() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    r.snapshot();
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a1, _) = article(&view, "Điều 1");
    let (a11, _) = article(&view, "Điều 11");
    let (a12, _) = article(&view, "Điều 12");
    r.mark("move");
    let edit = json!({ "op": "move", "unit": a12, "place": { "kind": "before", "unit": a11 } });
    r.ok("edit_structure", json!({ "regulationId": id, "baseRevision": 2, "edit": edit }));
    r.ok(
        "restore_revision",
        json!({ "regulationId": id, "baseRevision": 3, "toRevision": 2, "direction": "undo" }),
    );
    r.ok(
        "restore_revision",
        json!({ "regulationId": id, "baseRevision": 4, "toRevision": 3, "direction": "redo" }),
    );
    r.mark("insert");
    let edit = json!({ "op": "insert", "kind": "article", "place": { "kind": "after", "unit": a1 }, "text": "Giải thích từ ngữ" });
    let inserted =
        r.ok("edit_structure", json!({ "regulationId": id, "baseRevision": 5, "edit": edit }));
    // The article editor opens on it, and reads it as runs.
    r.ok("article_for_editing", json!({ "regulationId": id, "articleId": inserted["unit"] }));
    r.mark("delete");
    let edit = json!({ "op": "delete", "unit": a12, "force": false });
    r.refused("edit_structure", json!({ "regulationId": id, "baseRevision": 6, "edit": edit }));
    let edit = json!({ "op": "delete", "unit": a12, "force": true });
    r.ok("edit_structure", json!({ "regulationId": id, "baseRevision": 6, "edit": edit }));
    r.mark("demote");
    let edit = json!({ "op": "demote", "unit": a1 });
    r.refused("edit_structure", json!({ "regulationId": id, "baseRevision": 7, "edit": edit }));
    check("drafting", r.tape("The outline as a drafting tool: Điều 12 moved before Điều 11 (the reference in Điều 10 follows), undone, redone; an article inserted after Điều 1; a referenced delete refused, then forced; a demote of an article refused."));
}

/// The EditedArticle the structured editor sends for an article it was given unchanged.
fn edited_from(editable: &Value) -> Value {
    json!({
        "id": editable["id"],
        "title": editable["title"],
        "paragraphs": editable["paragraphs"],
        "clauses": editable["clauses"],
    })
}

#[test]
fn editor() {
    let mut r = Recorder::demo();
    write(&r, "luat-hop-tac-xa-2023.txt", &law(quyche_fixtures::COOP_2023));
    r.snapshot();
    let imported =
        r.ok("import_file", json!({ "work": 2, "@dialog": r.path("luat-hop-tac-xa-2023.txt") }));
    let id = imported["regulation_id"].as_str().expect("an id").to_string();
    let doc = r.q.document(&id, None).unwrap();
    let article_id = |n: usize| doc.articles().nth(n - 1).expect("an article").id.0;
    let (a3, a5, a18) = (article_id(3), article_id(5), article_id(18));
    r.mark("open");
    let e5 = r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a5 }));
    r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a18 }));
    r.ok("reference_targets", json!({ "regulationId": id }));
    let pasted = "Theo quy định tại khoản 2 Điều 7 của Luật này và Điều 5 Luật Doanh nghiệp.";
    r.ok("links_in", json!({ "regulationId": id, "text": pasted }));
    r.mark("save");
    // Everything deleted: refused, the editor stays open.
    let empty = json!({ "id": a5, "title": "", "paragraphs": [], "clauses": [] });
    r.refused(
        "save_article_runs",
        json!({ "regulationId": id, "baseRevision": 1, "article": empty }),
    );
    // What the UI test does: at the end of khoản 1 Điều 5, types “ Xem ”, picks Điều 3
    // (Ctrl+K), types “.”.
    let mut edited = edited_from(&e5);
    let first = &mut edited["clauses"][0]["paragraphs"][0];
    let text = first[0]["text"].as_str().expect("text").to_string();
    *first = json!([
        { "kind": "text", "text": format!("{text} Xem ") },
        { "kind": "reference", "written": "Điều 3", "targets": [a3], "label": "Điều 3", "broken": false },
        { "kind": "text", "text": "." },
    ]);
    let save = json!({ "regulationId": id, "baseRevision": 1, "article": edited });
    r.ok("save_article_runs", save.clone());
    r.mark("conflict");
    r.refused("save_article_runs", save);
    // Meanwhile (not the UI's call): Điều 18 names a unit that is gone, and one of its
    // references now points at Điều 3.
    let e18 = r.q.article_for_editing(&id, a18).unwrap();
    let mut e18 = edited_from(&serde_json::to_value(e18).unwrap());
    let runs = e18["clauses"][0]["points"][0]["paragraphs"][0].as_array_mut().expect("runs");
    runs.push(json!({ "kind": "text", "text": " Xem thêm " }));
    runs.push(json!({ "kind": "reference", "written": "Điều 999", "targets": [999_999], "label": "", "broken": false }));
    r.q.save_article_runs(&id, 2, serde_json::from_value(e18).unwrap(), Actor::Current).unwrap();
    r.snapshot();
    r.mark("broken");
    r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a18 }));
    r.ok("article_for_editing", json!({ "regulationId": id, "articleId": a5 }));
    r.ok("reference_targets", json!({ "regulationId": id }));
    check("editor", r.tape("The structured editor on the 2023 cooperative law: Điều 5 and Điều 18 as runs, the picker's targets, a pasted text's links; an emptied Điều 5 refused, Điều 5 saved with a reference to Điều 3 picked, then the same save on a stale revision refused; after someone's save leaves a reference in Điều 18 broken, Điều 18 again."));
}

/// A paste from Word (issue 12): a numbered list (“1.<tab>”, “a)<tab>”, CRLF) read as
/// clauses and points, points alone (no-break spaces), and a list with a tiết refused.
#[test]
fn paste() {
    let mut r = Recorder::demo();
    let list = "1.\tCác thành viên dự họp đầy đủ.\r\n2.\tVăn phòng có trách nhiệm:\r\na)\tKiểm tra tài liệu;\r\nb)\tGửi giấy mời.";
    r.ok("pasted_text", json!({ "text": list }));
    r.ok("pasted_text", json!({ "text": "a)\u{a0}Kiểm tra tài liệu;\nb)\u{a0}Gửi giấy mời." }));
    r.refused("pasted_text", json!({ "text": "1.\tCác thành viên:\n-\tdự họp đầy đủ." }));
    // A whole article copied from Word, its heading included.
    let article = "Điều 5.\tPhối hợp công tác\n1.\tVăn phòng chủ trì.\n2.\tCác ban phối hợp.";
    r.ok("pasted_text", json!({ "text": article }));
    check("paste", r.tape("A paste from Word in the structured editor: a numbered list read as clauses and points, points alone, a list with a tiết refused, a whole article with its heading."));
}

/// Word in (issue 12), the chairman's round on the demo: the review copy out through the
/// round's menu, Word comments added to its XML as Word writes them (one by a member of
/// the roster on khoản 2 Điều 14, one by an author nobody knows), and the copy imported.
#[test]
fn word() {
    use word_edit::{edit_review, By, Edit};
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    let an = person(&mut r, "Nguyễn Văn An");
    r.q.set_current_user(&an).unwrap();
    r.q.open_round(&id, Actor::Current, Some("2026-12-15")).unwrap();
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let c14 = unit_with(&view, "Điều 14", "03 ngày làm việc");
    let (a2, _) = article(&view, "Điều 2");
    r.snapshot();
    r.mark("round");
    r.ok("export_review_copy", json!({ "regulationId": id, "@dialog": r.path("lay-y-kien.docx") }));
    let copy = std::fs::read(r.file("lay-y-kien.docx")).expect("the review copy");
    let by = |who: &str| By::new(who, "2026-11-29T09:00:00Z");
    let returned = edit_review(
        &copy,
        &[
            (
                by("Phạm Thị Dung"),
                Edit::Comment {
                    unit: c14,
                    quote: "03 ngày làm việc".into(),
                    text: "Đề nghị kéo dài để các ủy viên kịp nghiên cứu.".into(),
                },
            ),
            (
                by("Người ngoài"),
                Edit::Comment {
                    unit: a2,
                    quote: String::new(),
                    text: "Ý kiến không ký tên.".into(),
                },
            ),
        ],
    );
    std::fs::write(r.file("lay-y-kien-da-gop-y.docx"), returned).expect("write");
    r.ok(
        "import_word_review",
        json!({ "regulationId": id, "@dialog": r.path("lay-y-kien-da-gop-y.docx") }),
    );
    check("word", r.tape("Word in, the chairman's round on the demo: the review copy exported, then returned with a comment by Phạm Thị Dung on khoản 2 Điều 14 and one by an unknown author, imported."));
}

/// A Word draft in (issue 12): a DOCX whose articles, clauses and points are Word's
/// numbered list (“Điều %1.”, “%2.”, “%3)”), imported as a new regulation through the
/// library's dialog; Word's lowerLetter writes the fifth point “e)”, which the import
/// reports naming its paragraph (“đoạn N”), not a line.
#[test]
fn word_draft() {
    use docx::{item, regulation_levels, Docx};
    let mut r = Recorder::demo();
    let draft = Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .text("BAN CHẤP HÀNH\nQUY CHẾ\nPhối hợp soạn thảo văn bản")
        .add(item(1, 0, "Phạm vi điều chỉnh"))
        .add(item(1, 1, "Quy chế này quy định việc phối hợp soạn thảo văn bản."))
        .add(item(1, 1, "Các cơ quan, đơn vị có trách nhiệm:"))
        .add(item(1, 2, "gửi dự thảo đúng hạn;"))
        .add(item(1, 2, "tổng hợp ý kiến góp ý;"))
        .add(item(1, 2, "báo cáo Thường trực;"))
        .add(item(1, 2, "lưu hồ sơ;"))
        .add(item(1, 2, "công bố văn bản."))
        .add(item(1, 0, "Hiệu lực thi hành"))
        .add(item(1, 1, "Quy chế này có hiệu lực kể từ ngày ký."));
    std::fs::write(r.file("du-thao-phoi-hop.docx"), draft.bytes()).expect("write");
    r.snapshot();
    r.ok("import_file", json!({ "work": 2, "@dialog": r.path("du-thao-phoi-hop.docx") }));
    check("word-draft", r.tape("A Word draft (its articles, clauses and points Word's numbered list) imported as a new regulation; Word's “e)” for the fifth point reported by its paragraph."));
}

/// Documents out in the window (issue 13): the promulgation set refused on the draft,
/// before any dialog opens; on the approved demo the secretary writes the set as Word (and
/// checks it against its seal) and as PDF, the approved text as Akoma Ntoso and the
/// response report as PDF; the redline of revision 1 and the latest as Word with tracked
/// changes and as PDF, and one of a revision that does not exist, refused before any
/// dialog opens.
#[test]
fn documents_out() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    // On the draft the workflow offers export (by role), and the back end refuses the set
    // before any save dialog opens: there is no decision yet.
    r.snapshot();
    r.mark("draft");
    r.refused("export_promulgation", json!({ "work": 4, "regulationId": id, "format": "docx" }));
    approve_in(&mut r, &id);
    r.snapshot();
    r.mark("approved");
    // The names the save dialogs suggest (the answers here are those names).
    let stem = quyche_api::file_stem(&r.q.list_regulations().unwrap()[0].title);
    let set = r.path(&format!("{stem}-bo-ban-hanh.docx"));
    let sent = r.ok(
        "export_promulgation",
        json!({ "work": 4, "regulationId": id, "format": "docx", "@dialog": set }),
    );
    assert_eq!(sent["path"], set);
    let checked = r.ok("verify_export", json!({ "@dialog": set }));
    assert_eq!(checked["matches"], true, "{checked}");
    r.call(
        "export_promulgation",
        json!({ "work": 4, "regulationId": id, "format": "pdf", "@dialog": r.path(&format!("{stem}-bo-ban-hanh.pdf")) }),
    );
    r.ok(
        "export_regulation",
        json!({ "work": 4, "regulationId": id, "format": "akn", "@dialog": r.path(&format!("{stem}.akn")) }),
    );
    r.call(
        "export_report",
        json!({ "work": 4, "regulationId": id, "format": "pdf", "@dialog": r.path(&format!("{stem}-bang-tong-hop-y-kien.pdf")) }),
    );
    // The report as Word, stopped with "Dừng" before its write (the hook stops it as the
    // window's cancel_work would): the stop's answer, and no file.
    let report = format!("{stem}-bang-tong-hop-y-kien.docx");
    let progress = stopped_at(&r, 1, || {
        r.q.report_picked(&id, Actor::Current, "docx", |_| Ok(Some(r.file(&report))), Some(4))
    });
    r.seen_while_running("work_progress", json!({ "work": 4 }), progress);
    r.q.set_work_hook(Some(Arc::new(|p| p.done == 1)));
    let e = r.refused(
        "export_report",
        json!({ "work": 4, "regulationId": id, "format": "docx", "@dialog": r.path(&report) }),
    );
    r.q.set_work_hook(None);
    assert_eq!(e["code"], "stopped", "{e}");
    assert!(!r.file(&report).exists());
    r.ok("work_progress", json!({ "work": 4 }));
    r.ok("cancel_work", json!({ "work": 4 }));
    // The window compares revision 1 with the latest (the approval's, with the decision's
    // number in the header), and exports that pair.
    r.mark("redline");
    let latest = r.q.history(&id).unwrap().iter().map(|v| v.number).max().unwrap();
    r.ok("redline", json!({ "regulationId": id, "fromRevision": 1, "toRevision": latest }));
    let name = format!("{stem}-so-sanh-phien-ban-1-{latest}.docx");
    let docx = r.path(&name);
    let written = r.ok(
        "export_redline",
        json!({ "work": 5, "regulationId": id, "fromRevision": 1, "toRevision": latest, "format": "docx", "@dialog": docx }),
    );
    assert_eq!(written, docx);
    let bytes = std::fs::read(r.file(&name)).unwrap();
    assert!(bytes.starts_with(b"PK"), "a Word file is a zip");
    let pdf_name = format!("{stem}-so-sanh-phien-ban-1-{latest}.pdf");
    let pdf = r.path(&pdf_name);
    let written = r.ok(
        "export_redline",
        json!({ "work": 5, "regulationId": id, "fromRevision": 1, "toRevision": latest, "format": "pdf", "@dialog": pdf }),
    );
    assert_eq!(written, pdf);
    assert!(std::fs::read(r.file(&pdf_name)).unwrap().starts_with(b"%PDF"));
    r.refused(
        "export_redline",
        json!({ "work": 5, "regulationId": id, "fromRevision": 1, "toRevision": 9, "format": "docx" }),
    );
    // The latest revision against the text someone sent back, out as Word.
    r.mark("redline-file");
    write(&r, "quy-che-gui-lai.txt", &demo_sent_back());
    let sent_back = r.ok("pick_compared_text", json!({ "@dialog": r.path("quy-che-gui-lai.txt") }));
    r.ok(
        "redline_with_file",
        json!({ "regulationId": id, "revision": latest, "file": sent_back["handle"] }),
    );
    let name = format!("{stem}-so-sanh-phien-ban-{latest}-voi-quy-che-gui-lai.docx");
    let written = r.ok(
        "export_redline_with_file",
        json!({ "work": 5, "regulationId": id, "revision": latest, "file": sent_back["handle"], "format": "docx", "@dialog": r.path(&name) }),
    );
    assert_eq!(written, r.path(&name));
    assert!(std::fs::read(r.file(&name)).unwrap().starts_with(b"PK"), "a Word file is a zip");
    check("documents-out", r.tape("Documents out on the demo (the Chief of Office): the promulgation set refused on the draft; from the mark approved, the set as Word, checked against its seal, and as PDF; the approved text as Akoma Ntoso; the report as PDF, and as Word stopped with Dừng. From the mark redline: revisions 1 and the latest as Word with tracked changes and as PDF, and a missing revision refused before the dialog. From the mark redline-file: the latest revision against the text someone sent back, as Word."));
}

#[test]
fn search() {
    let mut r = Recorder::demo();
    let id = demo_id(&r);
    r.snapshot();
    // Ctrl+K: the whole library, without marks, with marks, and nothing found.
    for query in ["quy che", "Thường vụ", "nguyen tac", "khong co tu nay"] {
        r.ok("search", json!({ "query": query, "regulationId": null, "revision": null }));
    }
    // Ctrl+F: the open regulation, its latest revision and revision 1.
    r.ok("search", json!({ "query": "nguyen tac", "regulationId": id, "revision": null }));
    r.ok("search", json!({ "query": "nguyen tac", "regulationId": id, "revision": 1 }));
    r.refused("search", json!({ "query": " ", "regulationId": null, "revision": null }));
    // A comment is searched too (Ctrl+K opens it): the chairman opens a round, a member
    // comments on Điều 2, and the library search finds the comment's words.
    let an = person(&mut r, "Nguyễn Văn An");
    let dung = person(&mut r, "Phạm Thị Dung");
    let view = serde_json::to_value(r.q.open_regulation(&id, None).unwrap()).unwrap();
    let (a2, _) = article(&view, "Điều 2");
    r.ok("set_current_user", json!({ "personId": an }));
    r.ok("open_round", json!({ "regulationId": id, "deadline": "2026-12-15" }));
    r.ok("set_current_user", json!({ "personId": dung }));
    r.ok("add_comment", json!({ "regulationId": id, "unitId": a2, "quote": "Nguyên tắc làm việc", "position": 0, "text": "Nên bổ sung nguyên tắc họp trực tuyến.", "proposal": null }));
    r.mark("commented");
    r.ok("search", json!({ "query": "truc tuyen", "regulationId": null, "revision": null }));
    check("search", r.tape("Search on the demo: the library (Ctrl+K) for quy che, Thường vụ, nguyen tac and a phrase it lacks; the open regulation (Ctrl+F) for nguyen tac in its latest revision and in revision 1; an empty query refused; then, after a member's comment on Điều 2 (mark commented), the library for truc tuyen, which finds the comment."));
}
