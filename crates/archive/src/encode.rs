//! How a [`Document`] becomes content-addressed objects, and back.
//!
//! The tree is cut at articles: an article (with its clauses, points and sub-points)
//! is one object; headings (parts, chapters, sections) are objects listing their
//! children's hashes; the document root lists the top-level hashes and carries the
//! header, preamble and closing. An edit to one article therefore writes one article,
//! the headings above it and a new root: every other article is shared with earlier
//! revisions. The root's hash is the revision's content hash (a Merkle root).

use quyche_model::{Document, Header, Kind, Unit, UnitId};
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
    };
    let bytes = to_bytes(&root);
    let root = hash_bytes(&bytes);
    objects.push(bytes);
    Encoded { root, objects }
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
        Object::Document { v, notes, header, preamble, closing, next_id, body } => {
            check_version(v, root)?;
            let body = body.iter().map(|h| decode_unit(h, fetch)).collect::<Result<Vec<_>, _>>()?;
            Ok(Document { notes, header: *header, preamble, body, closing, next_id })
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
