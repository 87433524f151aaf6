//! How a [`Document`] becomes content-addressed objects, and back.
//!
//! The tree is cut at articles: an article (with its clauses, points and sub-points)
//! is one object; headings (parts, chapters, sections) are objects listing their
//! children's hashes; the document root lists the top-level hashes and carries the
//! header, preamble and closing. An edit to one article therefore writes one article,
//! the headings above it and a new root: every other article is shared with earlier
//! revisions. The root's hash is the revision's content hash (a Merkle root).

use std::collections::BTreeSet;

use quyche_model::{Document, Header, Kind, SourceLink, Unit, UnitId};
use quyche_store::{from_hex, hash_bytes, to_hex, Hash, NewRevision};
use serde::{Deserialize, Serialize};

use crate::ArchiveError;

/// Version of the object encoding. Stored in every object: a compatibility contract.
pub const OBJECT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Object {
    Document {
        v: u32,
        notes: Vec<String>,
        header: Box<Header>,
        preamble: Vec<String>,
        closing: Vec<String>,
        next_id: u32,
        body: Vec<String>,
        /// Links of taken articles to their source; absent (and so outside the hash of
        /// every root written before it existed) when there is none.
        /// A list, not a map: a map keyed by id does not read back inside a tagged enum.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<StoredLink>,
    },
    Heading {
        v: u32,
        id: UnitId,
        kind: Kind,
        title: String,
        paragraphs: Vec<String>,
        children: Vec<String>,
    },
    Article {
        v: u32,
        unit: Box<Unit>,
    },
}

/// One taken article's link to its source, as the root object lists it.
#[derive(Serialize, Deserialize)]
struct StoredLink {
    unit: UnitId,
    #[serde(flatten)]
    link: SourceLink,
}

/// The objects of one document, root last, and the root's hash.
pub struct Encoded {
    pub root: Hash,
    pub objects: Vec<Vec<u8>>,
}

impl Encoded {
    /// The store's view of a revision made of these objects.
    pub fn revision<'a>(
        &'a self,
        author: &'a str,
        time_ms: i64,
        message: &'a str,
        title: &'a str,
    ) -> NewRevision<'a> {
        NewRevision { root: self.root, author, time_ms, message, title, objects: &self.objects }
    }
}

pub fn encode(doc: &Document) -> Encoded {
    let mut objects = Vec::new();
    let body = doc.body.iter().map(|u| encode_unit(u, &mut objects)).collect();
    let root = Object::Document {
        v: OBJECT_VERSION,
        notes: doc.notes.clone(),
        header: Box::new(doc.header.clone()),
        preamble: doc.preamble.clone(),
        closing: doc.closing.clone(),
        next_id: doc.next_id,
        body,
        sources: live_links(doc),
    };
    let bytes = to_bytes(&root);
    let root = hash_bytes(&bytes);
    objects.push(bytes);
    Encoded { root, objects }
}

/// The source links whose article is still in the document: a deleted article's link is
/// dropped whichever edit deleted it.
fn live_links(doc: &Document) -> Vec<StoredLink> {
    if doc.sources.is_empty() {
        return Vec::new();
    }
    let ids: BTreeSet<UnitId> =
        doc.walk().filter(|u| u.kind == Kind::Article).map(|u| u.id).collect();
    doc.sources
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(unit, link)| StoredLink { unit: *unit, link: link.clone() })
        .collect()
}

fn encode_unit(unit: &Unit, objects: &mut Vec<Vec<u8>>) -> String {
    let object = if unit.kind.is_heading() {
        Object::Heading {
            v: OBJECT_VERSION,
            id: unit.id,
            kind: unit.kind,
            title: unit.title.clone(),
            paragraphs: unit.paragraphs.clone(),
            children: unit.children.iter().map(|c| encode_unit(c, objects)).collect(),
        }
    } else {
        Object::Article { v: OBJECT_VERSION, unit: Box::new(unit.clone()) }
    };
    let bytes = to_bytes(&object);
    let hash = to_hex(&hash_bytes(&bytes));
    objects.push(bytes);
    hash
}

fn to_bytes(object: &Object) -> Vec<u8> {
    // Serialising owned, derive-generated structs cannot fail; field order is fixed by
    // declaration order, which makes the bytes (and so the hashes) canonical.
    serde_json::to_vec(object).unwrap_or_default()
}

/// Rebuilds a document from its root hash, fetching objects with `fetch`.
pub fn decode(
    root: &Hash,
    fetch: &dyn Fn(&Hash) -> Result<Vec<u8>, ArchiveError>,
) -> Result<Document, ArchiveError> {
    match parse(root, fetch)? {
        Object::Document { v, notes, header, preamble, closing, next_id, body, sources } => {
            check_version(v, root)?;
            let body = body.iter().map(|h| decode_unit(h, fetch)).collect::<Result<Vec<_>, _>>()?;
            let sources = sources.into_iter().map(|s| (s.unit, s.link)).collect();
            Ok(Document { notes, header: *header, preamble, body, closing, next_id, sources })
        }
        _ => {
            Err(ArchiveError::Corrupt(format!("đối tượng {} không phải gốc văn bản", to_hex(root))))
        }
    }
}

fn decode_unit(
    hex: &str,
    fetch: &dyn Fn(&Hash) -> Result<Vec<u8>, ArchiveError>,
) -> Result<Unit, ArchiveError> {
    let hash = from_hex(hex).ok_or_else(|| ArchiveError::Corrupt(format!("mã băm hỏng: {hex}")))?;
    match parse(&hash, fetch)? {
        Object::Heading { v, id, kind, title, paragraphs, children } => {
            check_version(v, &hash)?;
            let children =
                children.iter().map(|h| decode_unit(h, fetch)).collect::<Result<Vec<_>, _>>()?;
            Ok(Unit { id, kind, title, paragraphs, children })
        }
        Object::Article { v, unit } => {
            check_version(v, &hash)?;
            Ok(*unit)
        }
        Object::Document { .. } => {
            Err(ArchiveError::Corrupt(format!("gốc văn bản lồng trong văn bản: {hex}")))
        }
    }
}

fn parse(
    hash: &Hash,
    fetch: &dyn Fn(&Hash) -> Result<Vec<u8>, ArchiveError>,
) -> Result<Object, ArchiveError> {
    let bytes = fetch(hash)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ArchiveError::Corrupt(format!("đối tượng {} không đọc được: {e}", to_hex(hash)))
    })
}

fn check_version(v: u32, hash: &Hash) -> Result<(), ArchiveError> {
    if v > OBJECT_VERSION {
        return Err(ArchiveError::Corrupt(format!(
            "đối tượng {} có định dạng {v}, bản này chỉ đọc được đến {OBJECT_VERSION}",
            to_hex(hash)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod source_link_tests {
    use std::collections::HashMap;

    use super::*;

    /// The root object exactly as format 1 wrote it before documents had source links.
    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum BeforeLinks {
        Document {
            v: u32,
            notes: Vec<String>,
            header: Box<Header>,
            preamble: Vec<String>,
            closing: Vec<String>,
            next_id: u32,
            body: Vec<String>,
        },
    }

    fn article(id: u32, title: &str) -> Unit {
        let mut u = Unit::new(UnitId(id), Kind::Article);
        u.title = title.into();
        u.paragraphs = vec!["Quy chế này quy định nguyên tắc làm việc.".into()];
        u
    }

    fn doc() -> Document {
        let mut d = Document::default();
        d.header.doc_type = Some("QUY CHẾ".into());
        d.body = vec![article(1, "Phạm vi điều chỉnh"), article(2, "Nguyên tắc")];
        d.next_id = 3;
        d
    }

    fn decoded(e: &Encoded) -> Document {
        let by_hash: HashMap<Hash, Vec<u8>> =
            e.objects.iter().map(|o| (hash_bytes(o), o.clone())).collect();
        let fetch = |h: &Hash| {
            by_hash.get(h).cloned().ok_or_else(|| ArchiveError::Corrupt("thiếu đối tượng".into()))
        };
        decode(&e.root, &fetch).expect("decodes")
    }

    #[test]
    fn a_revision_without_links_keeps_its_bytes_and_hash() {
        let d = doc();
        let e = encode(&d);
        let body = e.objects[..2].iter().map(|o| to_hex(&hash_bytes(o))).collect();
        let before = serde_json::to_vec(&BeforeLinks::Document {
            v: OBJECT_VERSION,
            notes: vec![],
            header: Box::new(d.header.clone()),
            preamble: vec![],
            closing: vec![],
            next_id: 3,
            body,
        })
        .expect("serialises");
        assert_eq!(e.objects.last(), Some(&before));
        assert_eq!(e.root, hash_bytes(&before));
        assert_eq!(decoded(&e), d);
    }

    #[test]
    fn links_round_trip_and_a_deleted_articles_link_is_dropped() {
        let link =
            |a: u32| SourceLink { source: "nguon".into(), article: UnitId(a), hash: "ab".into() };
        let mut d = doc();
        d.sources.insert(UnitId(2), link(7));
        let e = encode(&d);
        assert_ne!(e.root, encode(&doc()).root, "a link is inside the hash");
        assert_eq!(decoded(&e), d);

        d.sources.insert(UnitId(9), link(8)); // no article 9 (deleted)
        assert_eq!(decoded(&encode(&d)).sources.keys().copied().collect::<Vec<_>>(), [UnitId(2)]);
    }
}
