//! Akoma Ntoso 3.0: every fixture law and the demo, as approved texts and as drafts, is
//! valid against the OASIS schema (vendored in `tests/fixtures/akn/`, checked with
//! `xmllint`), has unique eIds, one `<article>` per article with the stable id as its GUID,
//! and says which revision it is and whether it is a draft or approved.

use crate::common;

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

use common::{demo, demo_approved, seal_for, workspace_root};
use quick_xml::events::Event;
use quyche_export::{akn, export, verify, ExportError, Expression, Format};
use quyche_model::{Document, Kind};

/// Every text the tests know: the fixture laws and the demo.
fn texts() -> Vec<(String, Document)> {
    let mut out: Vec<(String, Document)> = quyche_fixtures::ALL
        .iter()
        .map(|name| (name.to_string(), quyche_text::parse(&quyche_fixtures::law(name)).document))
        .collect();
    out.push(("demo".into(), demo()));
    out
}

fn draft(doc: &Document, revision: u32) -> String {
    let expr = Expression { regulation_id: "quy-che", revision, date: "2026-11-20", seal: None };
    String::from_utf8(akn(doc, &expr).unwrap()).unwrap()
}

fn approved(doc: &Document) -> String {
    String::from_utf8(export(doc, &seal_for(doc), Format::Akn).unwrap()).unwrap()
}

/// `(element, eId, GUID)` of every element that has an eId, in document order.
fn elements(xml: &str) -> Vec<(String, String, Option<String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                let mut eid = None;
                let mut guid = None;
                for a in e.attributes() {
                    let a = a.unwrap();
                    // eIds and GUIDs hold no character an XML entity would stand for.
                    let v = String::from_utf8(a.value.to_vec()).unwrap();
                    match a.key.as_ref() {
                        b"eId" => eid = Some(v),
                        b"GUID" => guid = Some(v),
                        _ => {}
                    }
                }
                if let Some(eid) = eid {
                    out.push((name, eid, guid));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn xmllint() -> Option<&'static str> {
    let ok = Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: AKN schema validation needs xmllint (apt-get install libxml2-utils)");
        println!("skipped: AKN schema validation needs xmllint (apt-get install libxml2-utils)");
    }
    ok.then_some("xmllint")
}

/// A file in cargo's scratch folder for integration tests, named per process.
fn scratch(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("akn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn schema() -> PathBuf {
    workspace_root().join("tests/fixtures/akn/akomantoso30.xsd")
}

fn validate(name: &str, xml: &str) {
    let Some(lint) = xmllint() else { return };
    let file = scratch(&format!("{name}.xml"));
    std::fs::write(&file, xml).unwrap();
    let out = Command::new(lint)
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema())
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{name}: not valid AKN 3.0:\n{}",
        &stderr[..stderr.len().min(3000)]
    );
}

#[test]
fn every_text_is_valid_akn_as_draft_and_as_approved() {
    for (name, doc) in texts() {
        validate(&format!("{name}-draft"), &draft(&doc, 4));
        validate(&format!("{name}-approved"), &approved(&doc));
    }
    validate("demo-promulgated", &approved(&demo_approved()));
}

#[test]
fn a_file_that_breaks_the_schema_is_refused_by_the_check() {
    // The validation above could pass by accident (a wrong schema, xmllint reading
    // nothing): the same check must refuse a work without its country, which the
    // schema requires.
    let Some(lint) = xmllint() else { return };
    let xml = draft(&demo(), 1).replacen("<FRBRcountry value=\"vn\"/>", "", 1);
    let file = scratch("bad.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new(lint)
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema())
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success(), "xmllint accepted an invalid file");
}

#[test]
fn eids_are_unique_and_one_article_per_article_with_its_stable_id() {
    for (name, doc) in texts() {
        let xml = draft(&doc, 1);
        let els = elements(&xml);
        let mut seen = HashSet::new();
        for (_, eid, _) in &els {
            assert!(seen.insert(eid.clone()), "{name}: eId {eid} twice");
        }
        let articles: Vec<_> = els.iter().filter(|(e, _, _)| e == "article").collect();
        let model: Vec<_> = doc.walk().filter(|u| u.kind == Kind::Article).collect();
        assert_eq!(articles.len(), model.len(), "{name}: one <article> per article");
        let numbering = doc.numbering();
        for (a, u) in articles.iter().zip(&model) {
            let n = numbering.label(u.id).unwrap().ordinal;
            assert_eq!(a.1, format!("art_{n}"), "{name}");
            assert_eq!(
                a.2.as_deref(),
                Some(format!("urn:quyche:quy-che:unit:{}", u.id.0).as_str())
            );
        }
        // Every unit of the tree is an element with its GUID.
        let guids: HashSet<_> = els.iter().filter_map(|(_, _, g)| g.clone()).collect();
        assert_eq!(guids.len(), doc.walk().count(), "{name}: one GUID per unit");
    }
}

#[test]
fn eids_follow_the_naming_convention() {
    let doc = demo();
    let xml = draft(&doc, 1);
    // Điều 1, khoản 2, điểm a; Chương II, Mục 1.
    for eid in ["art_1__para_2__point_a", "art_1__para_2", "chp_II", "chp_II__sec_1", "art_5"] {
        assert!(xml.contains(&format!("eId=\"{eid}\"")), "no {eid}");
    }
    // The 2023 law has a point đ: the one table of point letters names it.
    let law = common::law();
    let xml = draft(&law, 1);
    assert!(xml.contains("__point_đ\""), "no point đ");
    assert!(xml.contains("<num>đ)</num>"));
}

#[test]
fn internal_references_are_links_to_the_unit_they_name() {
    let law = common::law();
    let refs = quyche_text::find_references(&law);
    let xml = draft(&law, 1);
    let eids: HashSet<String> = elements(&xml).into_iter().map(|(_, e, _)| e).collect();
    let links: Vec<&str> =
        xml.match_indices("<ref href=\"#").map(|(i, _)| &xml[i + 12..]).collect();
    assert!(
        links.len() >= refs.linked().count(),
        "{} links for {}",
        links.len(),
        refs.linked().count()
    );
    for l in &links {
        let target = &l[..l.find('"').unwrap()];
        assert!(eids.contains(target), "a link to {target}, which is no element");
    }
    // “khoản A Điều B” links to art_B__para_A: the link goes where the words point.
    let mut checked = 0;
    for r in refs.linked().filter(|r| r.targets.len() == 1) {
        let words: Vec<&str> = r.written.split(' ').collect();
        if let ["khoản", a, "Điều", b, ..] = words[..] {
            if !b.bytes().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let link = format!("<ref href=\"#art_{b}__para_{a}\">{}</ref>", r.written);
            assert!(xml.contains(&link), "no {link}");
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked}");
    // Linking adds markup, never words: without the `<ref>` tags, every paragraph is
    // there as escaped text.
    let mut unlinked = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<ref href=\"") {
        unlinked.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find('>').unwrap() + 1..];
    }
    unlinked.push_str(rest);
    let unlinked = unlinked.replace("</ref>", "");
    for u in law.walk() {
        for p in &u.paragraphs {
            let p = format!("<p>{}</p>", quyche_text::escape_html(p));
            assert!(unlinked.contains(&p), "lost words: {p}");
        }
    }
}

#[test]
fn a_draft_says_it_is_a_draft_and_which_revision() {
    let xml = draft(&demo(), 4);
    assert!(xml.contains("<FRBRversionNumber value=\"4\"/>"));
    assert!(xml.contains("state=\"draft\""));
    assert!(xml.contains("<docStatus refersTo=\"#draft\">Dự thảo — phiên bản 4</docStatus>"));
    assert!(!xml.contains("state=\"approved\""));
    assert!(!xml.contains("seal=\""), "a draft carries no seal");
}

#[test]
fn an_approved_text_says_its_decision_date_and_seal() {
    let doc = demo_approved();
    let seal = seal_for(&doc);
    let xml = approved(&doc);
    assert!(xml.contains("state=\"approved\""));
    assert!(xml.contains(&format!("seal=\"{}\"", seal.hash)));
    assert!(xml.contains("decision=\"12/QĐ-LMHTX\""));
    assert!(xml.contains("approvedOn=\"2026-11-28\""));
    assert!(xml.contains("<FRBRnumber value=\"12/QĐ-LMHTX\"/>"));
    assert!(xml.contains("<FRBRdate date=\"2026-11-28\" name=\"approval\"/>"));
    assert!(xml.contains(
        "Văn bản đã thông qua — phiên bản 3 — Quyết định số 12/QĐ-LMHTX ngày 28/11/2026"
    ));
    assert!(xml.contains("<docNumber>12/QĐ-LMHTX</docNumber>"));
}

#[test]
fn a_seal_over_other_words_is_refused() {
    let doc = demo();
    let mut seal = seal_for(&doc);
    seal.hash = "0".repeat(64);
    assert!(matches!(export(&doc, &seal, Format::Akn), Err(ExportError::SealMismatch)));
    let expr =
        Expression { regulation_id: "x", revision: 1, date: "2026-11-28", seal: Some(&seal) };
    assert!(matches!(akn(&doc, &expr), Err(ExportError::SealMismatch)));
}

#[test]
fn a_bad_date_is_refused_not_written() {
    let expr = Expression { regulation_id: "x", revision: 1, date: "28/11/2026", seal: None };
    assert!(akn(&demo(), &expr).is_err());
}

#[test]
fn text_that_looks_like_markup_stays_text() {
    let mut doc = demo();
    doc.body[0].children[0].children[0].paragraphs[0] = "a <b> & \"c\" 'd' ]]>".into();
    let xml = draft(&doc, 1);
    assert!(xml.contains("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; ]]&gt;"));
    validate("markup", &xml);
}

#[test]
fn verify_does_not_take_an_akn_file_for_a_sealed_one() {
    let doc = demo_approved();
    let bytes = export(&doc, &seal_for(&doc), Format::Akn).unwrap();
    assert!(matches!(verify(&bytes, "quy-che.akn"), Err(ExportError::NoSeal)));
}
