//! Carrying stable ids across an import of a new text version.
//!
//! When a user imports a new `.txt` version of a regulation that is already stored, the
//! parser hands out fresh ids. Without reconciliation every unit would look new:
//! comments would lose their anchors and nothing would be shared in storage. So each
//! incoming unit takes the id of the unit it continues, matched in this order:
//!
//! * articles as the redline pairs them when it compares independent texts
//!   ([`quyche_diff::align_articles`] by content: order-respecting matches on title and
//!   text, then similarity for articles that moved);
//!
//! Headings match by title, then by the articles they hold. Inside a matched unit, children match by
//! kind and position. Everything unmatched gets a fresh id above the previous
//! `next_id`, so ids are never reused.

use std::collections::{HashMap, HashSet};

use quyche_diff::Alignment;
use quyche_model::{Document, Kind, Unit, UnitId};

pub fn reconcile(previous: &Document, mut incoming: Document) -> Document {
    let mut next = previous.next_id;
    let mut claimed: HashSet<UnitId> = HashSet::new();

    let mut mapping: HashMap<UnitId, UnitId> = HashMap::new();
    let mut pairs: Vec<(UnitId, UnitId)> = Vec::new();
    // The redline's own content alignment: an order-respecting match on titles and
    // text, then similarity for what moved. Imports and redlines pair articles alike.
    for (old, new) in quyche_diff::align_articles(previous, &incoming, Alignment::ByContent) {
        if let (Some(old), Some(new)) = (old, new) {
            claimed.insert(old);
            mapping.insert(new, old);
            pairs.push((new, old));
        }
    }

    // Headings: the same title first; then the heading that holds most of the articles
    // this one continues. Never by position alone: a chapter inserted early would shift
    // every later chapter onto the wrong id.
    let old_headings: Vec<&Unit> = previous.walk().filter(|u| u.kind.is_heading()).collect();
    let new_headings: Vec<&Unit> = incoming.walk().filter(|u| u.kind.is_heading()).collect();
    for new in &new_headings {
        if new.title.is_empty() {
            continue;
        }
        if let Some(old) = old_headings.iter().find(|old| {
            !claimed.contains(&old.id) && old.kind == new.kind && old.title == new.title
        }) {
            claimed.insert(old.id);
            mapping.insert(new.id, old.id);
        }
    }
    let old_holder = holders(previous);
    for new in &new_headings {
        if mapping.contains_key(&new.id) {
            continue;
        }
        let mut votes: HashMap<UnitId, usize> = HashMap::new();
        for a in new.walk().filter(|u| u.kind == Kind::Article) {
            if let Some(old_article) = mapping.get(&a.id) {
                for h in old_holder.get(old_article).into_iter().flatten() {
                    *votes.entry(*h).or_default() += 1;
                }
            }
        }
        let best = old_headings
            .iter()
            .filter(|old| !claimed.contains(&old.id) && old.kind == new.kind)
            .filter_map(|old| votes.get(&old.id).map(|v| (*v, old.id)))
            .max_by_key(|(v, id)| (*v, std::cmp::Reverse(id.0)));
        if let Some((_, old)) = best {
            claimed.insert(old);
            mapping.insert(new.id, old);
        }
    }

    // Children of matched articles follow their parent by kind and position.
    let old_by_id: HashMap<UnitId, &Unit> = previous.walk().map(|u| (u.id, u)).collect();
    let new_by_id: HashMap<UnitId, &Unit> = incoming.walk().map(|u| (u.id, u)).collect();
    for (new_id, old_id) in pairs {
        if let (Some(new), Some(old)) = (new_by_id.get(&new_id), old_by_id.get(&old_id)) {
            map_children(new, old, &mut mapping);
        }
    }

    for unit in incoming.body.iter_mut() {
        assign(unit, &mapping, &mut next);
    }
    incoming.next_id = next;
    incoming
}

fn map_children(new: &Unit, old: &Unit, mapping: &mut HashMap<UnitId, UnitId>) {
    let mut per_kind: HashMap<Kind, Vec<&Unit>> = HashMap::new();
    for c in &old.children {
        per_kind.entry(c.kind).or_default().push(c);
    }
    let mut seen: HashMap<Kind, usize> = HashMap::new();
    for c in &new.children {
        let k = seen.entry(c.kind).or_insert(0);
        if let Some(old_child) = per_kind.get(&c.kind).and_then(|v| v.get(*k)) {
            mapping.insert(c.id, old_child.id);
            map_children(c, old_child, mapping);
        }
        *k += 1;
    }
}

fn assign(unit: &mut Unit, mapping: &HashMap<UnitId, UnitId>, next: &mut u32) {
    unit.id = match mapping.get(&unit.id) {
        Some(id) => *id,
        None => {
            let id = UnitId(*next);
            *next += 1;
            id
        }
    };
    for c in unit.children.iter_mut() {
        assign(c, mapping, next);
    }
}

/// For every article, the headings (part, chapter, section) that hold it.
fn holders(doc: &Document) -> HashMap<UnitId, Vec<UnitId>> {
    fn go(u: &Unit, above: &mut Vec<UnitId>, out: &mut HashMap<UnitId, Vec<UnitId>>) {
        if u.kind == Kind::Article {
            out.insert(u.id, above.clone());
            return;
        }
        let heading = u.kind.is_heading();
        if heading {
            above.push(u.id);
        }
        for c in &u.children {
            go(c, above, out);
        }
        if heading {
            above.pop();
        }
    }
    let mut out = HashMap::new();
    for u in &doc.body {
        go(u, &mut Vec::new(), &mut out);
    }
    out
}
