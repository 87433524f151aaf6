//! The redline as JSON, written on two cores.

use std::io::Write;

use crate::{ApiError, Redline, Result};

/// The JSON of a redline (`quyche diff --format json`), as `serde_json::to_writer` writes
/// it, byte for byte: a long law's redline is about half a megabyte of JSON, so its
/// articles are written in two halves side by side, each into a buffer, by the writer of
/// [`crate::json`].
pub fn write_redline_json(w: &mut (impl Write + ?Sized), redline: &Redline) -> Result<()> {
    write_halves(w, &halves(redline).map_err(io)?)
}

/// The two buffers [`write_redline_json`] writes one after the other, made side by side.
pub(crate) fn halves(redline: &Redline) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let articles = &redline.articles;
    // Halves of about equal text (a span's text is most of its JSON).
    let size =
        |a: &quyche_diff::ArticleChange| a.ops.iter().map(|s| s.text.len() + 24).sum::<usize>();
    let split = quyche_diff::halves(articles.iter().map(size), 0);
    let (first, second) = articles.split_at(split);
    // Each half's buffer is made about as long as its JSON will be: grown by doubling, a
    // quarter-megabyte buffer would write and first-touch twice its length.
    let room = |list: &[quyche_diff::ArticleChange]| {
        // An eighth more than the estimate: it runs a few percent short on laws, and one
        // byte short is a doubling.
        list.iter().map(|a| size(a) + ARTICLE_FIELDS).sum::<usize>() * 9 / 8
    };
    let items = |out: &mut Vec<u8>, list: &[quyche_diff::ArticleChange], comma: bool| {
        for (k, a) in list.iter().enumerate() {
            if comma || k > 0 {
                out.push(b',');
            }
            crate::json::write(out, a)?;
        }
        Ok::<(), std::io::Error>(())
    };
    let (head, rest) = quyche_diff::both(
        || {
            let mut head = Vec::with_capacity(room(first) + 1024);
            head.extend_from_slice(b"{\"summary\":");
            crate::json::write(&mut head, &redline.summary)?;
            head.extend_from_slice(b",\"articles\":[");
            items(&mut head, first, false).map(|()| head)
        },
        || {
            let mut buf = Vec::with_capacity(room(second));
            items(&mut buf, second, !first.is_empty()).map(|()| buf)
        },
    );
    Ok((head?, rest?))
}

/// Writes the two halves and the JSON's end.
pub(crate) fn write_halves(
    w: &mut (impl Write + ?Sized),
    (head, rest): &(Vec<u8>, Vec<u8>),
) -> Result<()> {
    w.write_all(head).map_err(io)?;
    w.write_all(rest).map_err(io)?;
    w.write_all(b"]}").map_err(io)
}

pub(crate) fn io(e: std::io::Error) -> ApiError {
    ApiError::new(crate::ErrorCode::Internal, format!("ghi JSON: {e}"))
}

/// About how many bytes of JSON an article's fields other than its spans take.
const ARTICLE_FIELDS: usize = 300;

#[cfg(test)]
mod tests {
    use super::*;
    use quyche_diff::{redline, Alignment, Options};

    /// Byte for byte what serde_json writes, for the law pair (split in two), a redline of
    /// one article, and one of none.
    #[test]
    fn the_json_is_serde_jsons() {
        let law = |name| quyche_text::parse(&quyche_fixtures::law(name)).document;
        let (old, new) = (law(quyche_fixtures::COOP_2012), law(quyche_fixtures::COOP_2023));
        let one =
            quyche_text::parse("Điều 1. Phạm vi\nQuy chế này quy định \"việc\" họp.\n").document;
        let empty = quyche_model::Document::default();
        for (a, b) in [(&old, &new), (&one, &one), (&empty, &empty)] {
            let r = redline(a, b, Alignment::ByContent, &Options::default());
            let mut ours = Vec::new();
            write_redline_json(&mut ours, &r).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&r).unwrap());
        }
    }

    /// `quyche diff OLD NEW --format json`'s one job on the pool writes what the redline
    /// of the two files and its JSON, made one after the other, do: for the law pair, a
    /// file against itself, and two files of one article.
    #[test]
    fn the_files_json_is_the_files_redline_s() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let old = file("2012.txt", &quyche_fixtures::law(quyche_fixtures::COOP_2012));
        let new = file("2023.txt", &quyche_fixtures::law(quyche_fixtures::COOP_2023));
        let a = file("a.txt", "Điều 1. Phạm vi\nQuy chế này quy định việc họp.\n");
        let b = file("b.txt", "Điều 1. Phạm vi\nQuy chế này quy định \"việc\" họp định kỳ.\n");
        for (x, y) in [(&old, &new), (&new, &new), (&a, &b)] {
            let mut ours = Vec::new();
            crate::diff_files_json(x, y).unwrap().write_to(&mut ours).unwrap();
            let theirs = serde_json::to_string(&crate::diff_files(x, y).unwrap()).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{x:?} {y:?}");
        }
    }
}
