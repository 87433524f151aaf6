//! The redline as JSON, written on two cores.

use std::io::Write;

use crate::{ApiError, Redline, Result};

/// The JSON of a redline (`quyche diff --format json`), as `serde_json::to_writer` writes
/// it, byte for byte: a long law's redline is about half a megabyte of JSON, so its
/// articles are written in two halves side by side, each into a buffer.
pub fn write_redline_json(w: &mut impl Write, redline: &Redline) -> Result<()> {
    let io =
        |e: std::io::Error| ApiError::new(crate::ErrorCode::Internal, format!("ghi JSON: {e}"));
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
    let items = |w: &mut dyn Write, list: &[quyche_diff::ArticleChange], comma: bool| {
        for (k, a) in list.iter().enumerate() {
            if comma || k > 0 {
                w.write_all(b",")?;
            }
            serde_json::to_writer(&mut *w, a).map_err(std::io::Error::from)?;
        }
        Ok::<(), std::io::Error>(())
    };
    let (head, rest) = quyche_diff::both(
        || {
            let mut head = Vec::with_capacity(room(first) + 1024);
            head.write_all(b"{\"summary\":")?;
            serde_json::to_writer(&mut head, &redline.summary)?;
            head.write_all(b",\"articles\":[")?;
            items(&mut head, first, false).map(|()| head)
        },
        || {
            let mut buf = Vec::with_capacity(room(second));
            items(&mut buf, second, !first.is_empty()).map(|()| buf)
        },
    );
    w.write_all(&head.map_err(io)?).map_err(io)?;
    w.write_all(&rest.map_err(io)?).map_err(io)?;
    w.write_all(b"]}").map_err(io)
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
}
