//! The manifest every export carries, and the comparison `verify` makes.

use serde::{Deserialize, Serialize};

use crate::lines::{layout, Omitted, Part};
use crate::{ExportError, Seal};

/// Identifies the manifest so that an unrelated JSON block is not mistaken for one.
pub(crate) const MANIFEST_KIND: &str = "quyche-seal";

/// The manifest layout this version writes; it reads this one and every older one.
pub const MANIFEST_VERSION: u32 = 2;

/// The machine-readable block embedded in every export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `quyche-seal`.
    pub kind: String,
    /// Manifest layout version: 2 since seals carry a signature (the seal's `vote` and
    /// `signature`); version 1 (no signature) still reads, as an unsigned seal.
    pub version: u32,
    pub seal: Seal,
    /// Short hashes of the header, preamble, each heading and article, and the closing.
    pub parts: Vec<Part>,
    /// Canonical lines the visible export leaves out (notes, `DỰ THẢO` marks), with their
    /// place, so that the sealed text can be rebuilt exactly.
    #[serde(default)]
    pub omitted: Vec<Omitted>,
}

impl Manifest {
    pub(crate) fn new(seal: &Seal, parts: Vec<Part>, omitted: Vec<Omitted>) -> Manifest {
        Manifest {
            kind: MANIFEST_KIND.into(),
            version: MANIFEST_VERSION,
            seal: seal.clone(),
            parts,
            omitted,
        }
    }

    /// JSON safe to put inside HTML `<script>`, an XML element or an HTML comment:
    /// `<`, `>`, `&` are written as `\u003c`… and `--` cannot occur.
    pub(crate) fn to_safe_json(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        let mut out = String::with_capacity(json.len() + 16);
        let mut last_dash = false;
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                // A dash only occurs inside JSON strings, where the escape means the same;
                // `--` would end an HTML comment.
                '-' if last_dash => {
                    out.push_str("\\u002d");
                    last_dash = false;
                    continue;
                }
                _ => out.push(c),
            }
            last_dash = c == '-';
        }
        out
    }

    /// Appends the manifest as a block `open` … `close`, as [`Manifest::find_in`] reads it.
    pub(crate) fn push_block(&self, out: &mut String, open: &str, close: &str) {
        out.push_str(open);
        out.push_str(&self.to_safe_json());
        out.push_str(close);
    }

    /// The manifest in the last `open` … `close` block of a text format, and the text
    /// before that block. No block is [`ExportError::NoSeal`]; an unclosed one is
    /// malformed, with the format's own `unclosed` message.
    pub(crate) fn find_in<'a>(
        text: &'a str,
        open: &str,
        close: &str,
        unclosed: &str,
    ) -> Result<(&'a str, Manifest), ExportError> {
        let at = text.rfind(open).ok_or(ExportError::NoSeal)?;
        let after = &text[at + open.len()..];
        let end = after.find(close).ok_or_else(|| ExportError::Malformed(unclosed.into()))?;
        Ok((&text[..at], Manifest::from_json(&after[..end])?))
    }

    pub(crate) fn from_json(s: &str) -> Result<Manifest, ExportError> {
        let m: Manifest = serde_json::from_str(s.trim()).map_err(|e| {
            ExportError::Malformed(format!("dữ liệu niêm phong không đọc được: {e}"))
        })?;
        if m.kind != MANIFEST_KIND {
            return Err(ExportError::Malformed("dữ liệu niêm phong không đúng loại".into()));
        }
        if m.version == 0 || m.version > MANIFEST_VERSION {
            return Err(ExportError::Malformed(format!(
                "dữ liệu niêm phong phiên bản {} chưa được hỗ trợ: hãy cập nhật Quyche",
                m.version
            )));
        }
        if m.version == 1 && m.seal.signature.is_some() {
            // Version 1 never carried a signature: one there was put in by hand.
            return Err(ExportError::Malformed(
                "dữ liệu niêm phong phiên bản 1 không thể có chữ ký".into(),
            ));
        }
        if m.seal.hash.len() != 64 || !m.seal.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ExportError::Malformed(
                "mã niêm phong không phải 64 chữ số thập lục phân".into(),
            ));
        }
        Ok(m)
    }
}

/// The human-readable footer: `Văn bản đã niêm phong · Mã niêm phong SHA-256: … · Phiên
/// bản N, đã thông qua · Quyết định số … ngày dd/mm/yyyy của … · Ký bởi NAME, POSITION ·
/// Dấu vân tay khóa: …` (the last two only on a signed seal).
///
/// The revision comes after the hash: `verify` finds the footer by [`FOOTER_PREFIX`] and
/// asks only that it shows the hash, so files written before the revision was named
/// still verify.
pub(crate) fn footer_text(seal: &Seal) -> String {
    let mut s = format!("{FOOTER_PREFIX}{} · Phiên bản {}, đã thông qua", seal.hash, seal.revision);
    let date = seal.approved_on.as_deref().map(display_date);
    match (&seal.decision_no, date) {
        (Some(no), Some(d)) => s.push_str(&format!(" · Quyết định số {no} ngày {d}")),
        (Some(no), None) => s.push_str(&format!(" · Quyết định số {no}")),
        (None, Some(d)) => s.push_str(&format!(" · Phê duyệt ngày {d}")),
        (None, None) => {}
    }
    if let Some(by) = &seal.approved_by {
        s.push_str(&format!(" của {by}"));
    }
    if let Some(sig) = &seal.signature {
        s.push_str(&format!(
            " · Ký bởi {}{} · Dấu vân tay khóa: {}",
            sig.signer.name,
            if sig.signer.position.is_empty() {
                String::new()
            } else {
                format!(", {}", sig.signer.position)
            },
            sig.signer.fingerprint
        ));
    }
    s.replace(['\n', '\r'], " ")
}

pub(crate) const FOOTER_PREFIX: &str = "Văn bản đã niêm phong · Mã niêm phong SHA-256: ";

/// `2026-11-28` → `28/11/2026`; anything else is shown as given.
pub(crate) fn display_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// What the reader of one format found in a file.
pub(crate) struct Extracted {
    pub manifest: Manifest,
    /// The visible canonical lines, in canonical order, omitted lines not yet restored.
    pub lines: Vec<String>,
    /// The text of the visible seal footer, when the reader found one.
    pub footer: Option<String>,
}

/// Rebuilds the canonical text, hashes it and, when it differs, names the parts.
pub(crate) fn compare(ex: Extracted, format: crate::Format) -> crate::Verification {
    let Extracted { manifest, mut lines, footer } = ex;
    let mut omitted = manifest.omitted.clone();
    omitted.sort_by_key(|o| o.at);
    for o in omitted {
        let at = o.at.min(lines.len());
        lines.insert(at, o.text);
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    let mut content_hash = quyche_text::text_hash(&text);
    let parsed = quyche_text::parse(&text).document;
    if content_hash != manifest.seal.hash {
        // Word or an editor may have touched spacing or Unicode form; the canonical
        // renderer undoes that, and only that.
        let rendered = quyche_text::render(&parsed);
        let h = quyche_text::text_hash(&rendered);
        if h == manifest.seal.hash {
            content_hash = h;
        }
    }
    let mut differences = Vec::new();
    let mut matches = content_hash == manifest.seal.hash;
    if !matches {
        let found = layout(&parsed).parts;
        differences = part_differences(&manifest.parts, &found);
        if differences.is_empty() {
            differences.push(
                "nội dung khác với bản niêm phong (khác biệt ngoài các điều, ví dụ thứ tự dòng)"
                    .into(),
            );
        }
    }
    match footer {
        Some(f) if f.contains(&manifest.seal.hash) => {}
        Some(_) => {
            matches = false;
            differences
                .push("chân trang niêm phong: mã niêm phong khác với dữ liệu niêm phong".into());
        }
        None => {
            matches = false;
            differences.push("chân trang niêm phong: không tìm thấy".into());
        }
    }
    let signature = manifest.seal.check_signature();
    crate::Verification {
        seal: manifest.seal,
        matches,
        differences,
        content_hash,
        format,
        signature,
    }
}

/// Aligns the sealed parts with the file's parts by hash (longest common subsequence),
/// then pairs what is left between matches, so that one inserted article is reported
/// once instead of as a change to every article after it.
pub(crate) fn part_differences(sealed: &[Part], found: &[Part]) -> Vec<String> {
    let (n, m) = (sealed.len(), found.len());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if n.saturating_mul(m) <= 4_000_000 {
        let mut dp = vec![0u32; (n + 1) * (m + 1)];
        let w = m + 1;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                dp[i * w + j] = if sealed[i].hash == found[j].hash {
                    dp[(i + 1) * w + j + 1] + 1
                } else {
                    dp[(i + 1) * w + j].max(dp[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if sealed[i].hash == found[j].hash {
                pairs.push((i, j));
                i += 1;
                j += 1;
            } else if dp[(i + 1) * w + j] >= dp[i * w + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    } else {
        // Too many parts to align cheaply: compare by key.
        for (i, p) in sealed.iter().enumerate() {
            if let Some(j) = found.iter().position(|f| f.key == p.key && f.hash == p.hash) {
                if pairs.last().is_none_or(|&(_, pj)| j > pj) {
                    pairs.push((i, j));
                }
            }
        }
    }
    pairs.push((n, m));
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs {
        let a = &sealed[i..pi];
        let b = &found[j..pj];
        let common = a.len().min(b.len());
        for k in 0..common {
            if a[k].key == b[k].key {
                out.push(format!("{}: khác với bản niêm phong", a[k].key));
            } else {
                out.push(format!(
                    "{}: khác với bản niêm phong (trong tệp là {})",
                    a[k].key, b[k].key
                ));
            }
        }
        for p in &a[common..] {
            out.push(format!("{}: bị xóa (có trong bản niêm phong, không có trong tệp)", p.key));
        }
        for p in &b[common..] {
            out.push(format!("{}: được thêm vào (không có trong bản niêm phong)", p.key));
        }
        i = pi + 1;
        j = pj + 1;
    }
    out
}
