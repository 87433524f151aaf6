//! The hardened PDF reader `verify` uses: embedded files and the text layer, from
//! untrusted bytes.
//!
//! Limits, and why: the file is refused over [`MAX_READ_BYTES`]; every stream this module
//! decompresses goes through one budget of [`MAX_READ_BYTES`] in total (a few kilobytes
//! of Flate can expand to gigabytes); only unfiltered and Flate streams are read (what
//! typst writes; anything else is reported, never guessed); the name tree of embedded
//! files is walked to a depth of 16 and 1,000 files; the parser (hayro-syntax, third-party
//! code fed with untrusted bytes) runs under `catch_unwind`, so a panic in it is an error.

use std::collections::HashMap;
use std::io::Read;

use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::{Array, Dict, Object, Stream};
use hayro_syntax::{Filter, Pdf};

use crate::PdfError;

/// The largest PDF [`read`] opens, and the most it decompresses from one file.
pub const MAX_READ_BYTES: u64 = 64 * 1024 * 1024;

/// What a PDF holds that `verify` reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contents {
    /// Embedded files, by name, in the order of the document's name tree.
    pub attachments: Vec<(String, Vec<u8>)>,
    /// The text each page shows, in the order it is drawn, through each font's
    /// `ToUnicode` map; a change of text position (a new line) reads as a space.
    pub pages: Vec<String>,
}

/// Reads the embedded files and the text layer of a PDF.
pub fn read(bytes: &[u8]) -> Result<Contents, PdfError> {
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(PdfError::TooLarge);
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfError::Malformed("không bắt đầu bằng “%PDF-”".into()));
    }
    let data = bytes.to_vec();
    match std::panic::catch_unwind(move || read_pdf(data)) {
        Ok(r) => r,
        Err(_) => Err(PdfError::Malformed("bộ đọc PDF gặp lỗi nội bộ".into())),
    }
}

fn read_pdf(data: Vec<u8>) -> Result<Contents, PdfError> {
    let pdf = Pdf::new(data).map_err(|e| PdfError::Malformed(format!("{e:?}")))?;
    let mut budget = Budget(MAX_READ_BYTES);
    let mut contents = Contents::default();
    let catalog: Option<Dict<'_>> = pdf.xref().get(pdf.xref().root_id());
    let catalog =
        catalog.ok_or_else(|| PdfError::Malformed("không có mục lục (Catalog)".into()))?;
    if let Some(tree) =
        catalog.get::<Dict<'_>>("Names").and_then(|n| n.get::<Dict<'_>>("EmbeddedFiles"))
    {
        name_tree(&tree, 0, &mut budget, &mut contents.attachments)?;
    }
    for page in pdf.pages().iter() {
        let mut fonts: HashMap<Vec<u8>, Font> = HashMap::new();
        let mut text = String::new();
        let raw = page.raw();
        let streams: Vec<Stream<'_>> = if let Some(s) = raw.get::<Stream<'_>>("Contents") {
            vec![s]
        } else if let Some(a) = raw.get::<Array<'_>>("Contents") {
            a.iter::<Stream<'_>>().collect()
        } else {
            Vec::new()
        };
        let mut content = Vec::new();
        for s in streams {
            content.extend(budget.decode(&s)?);
            content.push(b'\n');
        }
        let mut font: Option<Vec<u8>> = None;
        let mut ops = UntypedIter::new(&content);
        while let Some(op) = ops.next() {
            let name: &[u8] = op.operator;
            match name {
                b"Tf" => {
                    if let Some(Object::Name(n)) = op.operands().next() {
                        let key = n.as_ref().to_vec();
                        if !fonts.contains_key(&key) {
                            let dict = page.resources().get_font(n);
                            let f = match dict {
                                Some(d) => Font::of(&d, &mut budget)?,
                                None => Font::default(),
                            };
                            fonts.insert(key.clone(), f);
                        }
                        font = Some(key);
                    }
                }
                b"BT" | b"Td" | b"TD" | b"Tm" | b"T*"
                    if !text.is_empty() && !text.ends_with(' ') =>
                {
                    text.push(' ');
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    let f = font.as_ref().and_then(|k| fonts.get(k));
                    for operand in op.operands() {
                        match operand {
                            Object::String(s) => show(f, s.as_bytes(), &mut text),
                            Object::Array(a) => {
                                for item in a.iter::<Object<'_>>() {
                                    if let Object::String(s) = item {
                                        show(f, s.as_bytes(), &mut text);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        contents.pages.push(text);
    }
    Ok(contents)
}

fn show(font: Option<&Font>, codes: &[u8], out: &mut String) {
    match font {
        Some(f) => f.decode(codes, out),
        None => out.extend(codes.iter().map(|&b| char::from(b))),
    }
}

/// The bytes still allowed to be decompressed.
struct Budget(u64);

impl Budget {
    fn decode(&mut self, stream: &Stream<'_>) -> Result<Vec<u8>, PdfError> {
        let raw = stream.raw_data();
        let filters = stream.filters();
        let out = match filters.as_slice() {
            [] => raw.to_vec(),
            [Filter::FlateDecode] => {
                let mut out = Vec::new();
                let reader = flate2::read::ZlibDecoder::new(&raw[..]);
                reader
                    .take(self.0 + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| PdfError::Malformed(format!("luồng nén hỏng: {e}")))?;
                out
            }
            other => {
                return Err(PdfError::Malformed(format!("bộ lọc luồng chưa hỗ trợ: {other:?}")))
            }
        };
        if out.len() as u64 > self.0 {
            return Err(PdfError::TooLarge);
        }
        self.0 -= out.len() as u64;
        Ok(out)
    }
}

fn name_tree(
    node: &Dict<'_>,
    depth: u32,
    budget: &mut Budget,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), PdfError> {
    if depth > 16 || out.len() >= 1000 {
        return Err(PdfError::Malformed("cây tệp đính kèm quá sâu hoặc quá lớn".into()));
    }
    if let Some(kids) = node.get::<Array<'_>>("Kids") {
        for kid in kids.iter::<Dict<'_>>() {
            name_tree(&kid, depth + 1, budget, out)?;
        }
    }
    if let Some(names) = node.get::<Array<'_>>("Names") {
        let items: Vec<Object<'_>> = names.iter::<Object<'_>>().collect();
        for pair in items.chunks(2) {
            let [Object::String(key), Object::Dict(spec)] = pair else { continue };
            let name = spec
                .get::<hayro_syntax::object::String<'_>>("UF")
                .map(|s| text_string(s.as_bytes()))
                .unwrap_or_else(|| text_string(key.as_bytes()));
            let Some(file) = spec.get::<Dict<'_>>("EF").and_then(|ef| ef.get::<Stream<'_>>("F"))
            else {
                continue;
            };
            out.push((name, budget.decode(&file)?));
        }
    }
    Ok(())
}

/// A PDF text string: UTF-16BE after a byte-order mark, UTF-8 after its mark, else
/// PDFDocEncoding (read as Latin-1, which it equals for the letters a file name uses).
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| char::from(c)).collect()
    }
}

/// What a font's codes mean: its code width and its `ToUnicode` map.
#[derive(Default)]
struct Font {
    /// Type0 (CID) fonts, as typst writes them, use two-byte codes.
    two_bytes: bool,
    map: HashMap<u32, String>,
}

impl Font {
    fn of(dict: &Dict<'_>, budget: &mut Budget) -> Result<Font, PdfError> {
        let two_bytes = dict
            .get::<hayro_syntax::object::Name<'_>>("Subtype")
            .is_some_and(|n| n.as_ref() == b"Type0");
        let mut map = HashMap::new();
        if let Some(cmap) = dict.get::<Stream<'_>>("ToUnicode") {
            parse_cmap(&budget.decode(&cmap)?, &mut map);
        }
        Ok(Font { two_bytes, map })
    }

    fn decode(&self, codes: &[u8], out: &mut String) {
        let width = if self.two_bytes { 2 } else { 1 };
        for c in codes.chunks(width) {
            let code = c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
            match self.map.get(&code) {
                Some(s) => out.push_str(s),
                None if !self.two_bytes => out.push(char::from(c[0])),
                None => out.push('\u{FFFD}'),
            }
        }
    }
}

/// The `bfchar` and `bfrange` sections of a `ToUnicode` CMap (hex strings only, which is
/// what every writer uses).
fn parse_cmap(data: &[u8], map: &mut HashMap<u32, String>) {
    let text = String::from_utf8_lossy(data);
    let hexes = |s: &str| -> Vec<String> {
        s.split('<').skip(1).filter_map(|h| h.split('>').next().map(str::to_owned)).collect()
    };
    let mut rest: &str = &text;
    while let Some(at) = rest.find("begin") {
        rest = &rest[at + 5..];
        let (kind, after) = if let Some(r) = rest.strip_prefix("bfchar") {
            ("char", r)
        } else if let Some(r) = rest.strip_prefix("bfrange") {
            ("range", r)
        } else {
            continue;
        };
        let end = after.find("endbf").unwrap_or(after.len());
        for line in after[..end].lines() {
            let h = hexes(line);
            match (kind, h.as_slice()) {
                ("char", [code, dst]) => {
                    if let Some(code) = code_of(code) {
                        map.insert(code, utf16_hex(dst));
                    }
                }
                ("range", [lo, hi, dst]) => {
                    if let (Some(lo), Some(hi)) = (code_of(lo), code_of(hi)) {
                        let base: Vec<u16> = units(dst);
                        for (k, code) in (lo..=hi.min(lo.saturating_add(0xFFFF))).enumerate() {
                            let mut u = base.clone();
                            if let Some(last) = u.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            map.insert(code, String::from_utf16_lossy(&u));
                        }
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
}

fn code_of(hex: &str) -> Option<u32> {
    u32::from_str_radix(hex.trim(), 16).ok()
}

fn units(hex: &str) -> Vec<u16> {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(4)
        .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect()
}

fn utf16_hex(hex: &str) -> String {
    String::from_utf16_lossy(&units(hex))
}
