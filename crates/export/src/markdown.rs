//! Markdown: one paragraph per canonical line, headings for the structure, every
//! character that Markdown would read as syntax escaped, and the manifest in a trailing
//! HTML comment.

use crate::lines::{Layout, Role};
use crate::seal::{footer_text, Extracted, Manifest};
use crate::ExportError;

pub(crate) const MANIFEST_OPEN: &str = "<!-- quyche-seal ";
const MANIFEST_CLOSE: &str = " -->";
const FOOTER_START: &str = "*Văn bản đã niêm phong";

pub(crate) fn write(layout: &Layout, manifest: &Manifest) -> String {
    let has_parts = layout.lines.iter().any(|l| l.role == Role::PartLabel);
    let (part_h, chapter_h, section_h) =
        if has_parts { ("##", "###", "####") } else { ("##", "##", "###") };
    let visible: Vec<_> = layout.visible().map(|(_, l)| l).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < visible.len() {
        let l = visible[i];
        let t = escape(&l.text);
        let para = match l.role {
            Role::PartLabel | Role::ChapterLabel => {
                let (h, title_role) = if l.role == Role::PartLabel {
                    (part_h, Role::PartTitle)
                } else {
                    (chapter_h, Role::ChapterTitle)
                };
                // Label and title make one heading, so an outline lists them together.
                match visible.get(i + 1) {
                    Some(next) if next.role == title_role => {
                        i += 1;
                        format!("{h} {t}<br>{}", escape(&next.text))
                    }
                    _ => format!("{h} {t}"),
                }
            }
            Role::PartTitle | Role::ChapterTitle => format!("{chapter_h} {t}"),
            Role::Section => format!("{section_h} {t}"),
            Role::DocType => format!("# {t}"),
            Role::IssuerOwn
            | Role::National
            | Role::Motto
            | Role::Title
            | Role::Article
            | Role::Authority
            | Role::SignTitle
            | Role::SignName => format!("**{t}**"),
            Role::PlaceDate | Role::TitleNote | Role::Preamble => format!("*{t}*"),
            Role::RecipientsHead => format!("***{t}***"),
            _ => t,
        };
        out.push_str(&para);
        out.push_str("\n\n");
        i += 1;
    }
    out.push_str("---\n\n");
    out.push_str(&format!("*{}*\n\n", escape(&footer_text(&manifest.seal))));
    manifest.push_block(&mut out, MANIFEST_OPEN, MANIFEST_CLOSE);
    out.push('\n');
    out
}

pub(crate) fn read(text: &str) -> Result<Extracted, ExportError> {
    // `-->`, not MANIFEST_CLOSE: an editor may drop the space before it.
    let (body, manifest) =
        Manifest::find_in(text, MANIFEST_OPEN, "-->", "khối niêm phong không được đóng")?;
    let (body, footer) = crate::text::split_footer(body, FOOTER_START);
    let mut lines = Vec::new();
    for raw in body.lines() {
        let raw = raw.trim();
        if raw.is_empty() || raw == "---" {
            continue;
        }
        let heading = raw.trim_start_matches('#');
        if heading.len() < raw.len() && heading.starts_with(' ') {
            for piece in heading.trim().split("<br>") {
                lines.push(unescape(piece.trim()));
            }
            continue;
        }
        lines.push(unescape(unwrap_emphasis(raw)));
    }
    Ok(Extracted { manifest, lines, footer: footer.map(|f| unescape(unwrap_emphasis(&f))) })
}

/// Strips the `***`, `**` or `*` that the writer put around a line. Text asterisks are
/// escaped, so an unescaped one at the ends is always ours.
fn unwrap_emphasis(s: &str) -> &str {
    for w in ["***", "**", "*"] {
        if s.len() >= 2 * w.len()
            && s.starts_with(w)
            && s.ends_with(w)
            && !s[..s.len() - w.len()].ends_with('\\')
        {
            return &s[w.len()..s.len() - w.len()];
        }
    }
    s
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    // At the start of a line: list items (`-`, `+`, `1.`, `1)`) and setext underlines.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        out.insert(digits, '\\');
    }
    out
}

/// CommonMark backslash escapes: `\` before ASCII punctuation stands for that character.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}
