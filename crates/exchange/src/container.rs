//! The ZIP container shared by review packages and comment bundles: one canonical writer,
//! and the hardened reader.
//!
//! The reader accepts exactly what the writer produces. Everything the signature cannot
//! cover (timestamps, attributes, header copies, the order of entries) is pinned to one
//! canonical form, so a byte changed anywhere in the file is refused, not just a byte in
//! the signed content. Entries are stored, not deflated: a deflate stream ends in padding
//! bits that can change without changing what it inflates to, and compressors differ by
//! version, so neither the raw stream nor a re-compression could be pinned. Nothing is ever extracted or written: entries are decompressed to
//! memory, under caps that hold even when the sizes a file declares are lies.

use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{bad, shown, ExchangeError};
use crate::{MAX_ENTRIES, MAX_FILE_BYTES, MAX_TOTAL_BYTES};

/// One entry a format expects, and the most it may decompress to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expected {
    pub name: &'static str,
    pub max_bytes: u64,
}

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: usize = 22;
// "Made by" Unix, spec 2.0, so unzip gives the files mode 0644 and nothing more.
const MADE_BY: u16 = (3 << 8) | 20;
// Spec 1.0 is enough for stored entries.
const NEEDED: u16 = 10;
// Bit 11: names are UTF-8.
const FLAGS: u16 = 0x0800;
const STORED: u16 = 0;
// 1980-01-01 00:00, the earliest DOS date: no clock is read, and builds do not differ by time.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
const EXTERNAL_ATTRS: u32 = 0o100644 << 16;

struct Raw<'a> {
    name: &'a [u8],
    crc: u32,
    size: u32,
    data: &'a [u8],
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Lays out already-compressed entries in the canonical form. The reader rebuilds a file
/// with this same function from the raw bytes it found and requires the result to be
/// byte-for-byte the input.
fn assemble(entries: &[Raw<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        put32(&mut out, LOCAL_SIG);
        put16(&mut out, NEEDED);
        put16(&mut out, FLAGS);
        put16(&mut out, STORED);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, e.crc);
        put32(&mut out, e.data.len() as u32);
        put32(&mut out, e.size);
        put16(&mut out, e.name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(e.name);
        out.extend_from_slice(e.data);

        put32(&mut central, CENTRAL_SIG);
        put16(&mut central, MADE_BY);
        put16(&mut central, NEEDED);
        put16(&mut central, FLAGS);
        put16(&mut central, STORED);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, e.crc);
        put32(&mut central, e.data.len() as u32);
        put32(&mut central, e.size);
        put16(&mut central, e.name.len() as u16);
        put16(&mut central, 0); // extra
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, EXTERNAL_ATTRS);
        put32(&mut central, offset);
        central.extend_from_slice(e.name);
    }
    let dir_offset = out.len() as u32;
    let dir_len = central.len() as u32;
    out.extend_from_slice(&central);
    put32(&mut out, END_SIG);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, entries.len() as u16);
    put16(&mut out, entries.len() as u16);
    put32(&mut out, dir_len);
    put32(&mut out, dir_offset);
    put16(&mut out, 0);
    out
}

/// Writes entries, in the order given, as a canonical container (stored, fixed
/// timestamps and attributes, no extra fields, no comments). This is what
/// [`ReviewPackage::build`](crate::ReviewPackage::build) and
/// [`CommentBundle::build`](crate::CommentBundle::build) use; it is public so tools and
/// tests can make containers with contents of their own.
pub fn write_container(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, ExchangeError> {
    let total: u64 = entries.iter().map(|(_, d)| d.len() as u64).sum();
    if total > MAX_TOTAL_BYTES {
        return Err(bad(format!(
            "nội dung quá lớn để đóng gói ({} byte, tối đa {} byte)",
            total, MAX_TOTAL_BYTES
        )));
    }
    if entries.len() > MAX_ENTRIES {
        return Err(bad(format!("quá nhiều mục ({}, tối đa {MAX_ENTRIES})", entries.len())));
    }
    for (name, _) in entries {
        if unsafe_reason(name).is_some() || name.len() > 255 {
            return Err(bad(format!("tên mục không hợp lệ: \"{}\"", shown(name))));
        }
    }
    let raws: Vec<Raw<'_>> = entries
        .iter()
        .map(|(name, data)| Raw {
            name: name.as_bytes(),
            crc: crc32fast::hash(data),
            size: data.len() as u32,
            data,
        })
        .collect();
    Ok(assemble(&raws))
}

/// Why an entry name could never be accepted, whatever the format expects.
fn unsafe_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("tên rỗng")
    } else if name.contains('\\') {
        Some("chứa dấu gạch chéo ngược")
    } else if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        Some("là đường dẫn tuyệt đối")
    } else if name.split('/').any(|seg| seg == "..") {
        Some("trỏ ra ngoài thư mục (..)")
    } else if name.chars().any(char::is_control) {
        Some("chứa ký tự điều khiển")
    } else {
        None
    }
}

/// A bounds-checked little-endian view of the input.
struct At<'a>(&'a [u8]);

impl<'a> At<'a> {
    fn u16(&self, pos: usize) -> Option<u16> {
        let b = self.0.get(pos..pos.checked_add(2)?)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, pos: usize) -> Option<u32> {
        let b = self.0.get(pos..pos.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn slice(&self, pos: usize, len: usize) -> Option<&'a [u8]> {
        self.0.get(pos..pos.checked_add(len)?)
    }
}

struct Listed<'a> {
    name: &'a str,
    crc: u32,
    size: u32,
    local: usize,
    csize: usize,
}

/// Reads the end record and the central directory. The zip crate keeps entries in a map
/// by name, so a duplicate would silently replace the first one there: the names are
/// listed here, from the file itself.
fn list<'a>(bytes: &'a [u8], what: &str) -> Result<Vec<Listed<'a>>, ExchangeError> {
    let at = At(bytes);
    let truncated = || bad(format!("{what} bị cắt cụt hoặc không phải tệp ZIP"));
    if bytes.len() < END_LEN {
        return Err(truncated());
    }
    let end = bytes.len() - END_LEN;
    if at.u32(end) != Some(END_SIG) {
        return Err(truncated());
    }
    let count = at.u16(end + 10).ok_or_else(truncated)? as usize;
    let dir_len = at.u32(end + 12).ok_or_else(truncated)? as usize;
    let dir_offset = at.u32(end + 16).ok_or_else(truncated)? as usize;
    if count > MAX_ENTRIES {
        return Err(bad(format!("{what} có quá nhiều mục ({count}, tối đa {MAX_ENTRIES})")));
    }
    if dir_offset.checked_add(dir_len) != Some(end) {
        return Err(bad(format!("{what}: thư mục trung tâm của ZIP bị hỏng")));
    }
    let mut pos = dir_offset;
    let mut listed: Vec<Listed<'a>> = Vec::with_capacity(count);
    for _ in 0..count {
        let broken = || bad(format!("{what}: thư mục trung tâm của ZIP bị hỏng"));
        if at.u32(pos) != Some(CENTRAL_SIG) {
            return Err(broken());
        }
        let crc = at.u32(pos + 16).ok_or_else(broken)?;
        let csize = at.u32(pos + 20).ok_or_else(broken)? as usize;
        let size = at.u32(pos + 24).ok_or_else(broken)?;
        let name_len = at.u16(pos + 28).ok_or_else(broken)? as usize;
        let extra_len = at.u16(pos + 30).ok_or_else(broken)? as usize;
        let comment_len = at.u16(pos + 32).ok_or_else(broken)? as usize;
        let local = at.u32(pos + 42).ok_or_else(broken)? as usize;
        let raw_name = at.slice(pos + CENTRAL_LEN, name_len).ok_or_else(broken)?;
        let name = std::str::from_utf8(raw_name)
            .map_err(|_| bad(format!("{what} có mục mang tên không phải UTF-8")))?;
        if let Some(why) = unsafe_reason(name) {
            return Err(bad(format!("{what} có mục \"{}\" bị từ chối: tên {why}", shown(name))));
        }
        if listed.iter().any(|l| l.name == name) {
            return Err(bad(format!("{what} có mục \"{}\" xuất hiện hai lần", shown(name))));
        }
        listed.push(Listed { name, crc, size, local, csize });
        pos = pos + CENTRAL_LEN + name_len + extra_len + comment_len;
    }
    if pos != end {
        return Err(bad(format!("{what}: thư mục trung tâm của ZIP bị hỏng")));
    }
    Ok(listed)
}

/// Reads a container from memory: every expected entry, in the order of `expected`.
/// `what` names the file in messages ("gói ý kiến", "gói hồ sơ lấy ý kiến").
pub(crate) fn read(
    bytes: &[u8],
    what: &str,
    expected: &[Expected],
) -> Result<Vec<Vec<u8>>, ExchangeError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad(format!(
            "{what} quá lớn ({} byte, tối đa {MAX_FILE_BYTES} byte)",
            bytes.len()
        )));
    }
    let listed = list(bytes, what)?;
    for l in &listed {
        if !expected.iter().any(|e| e.name == l.name) {
            return Err(bad(format!(
                "{what} có mục lạ \"{}\" không thuộc định dạng",
                shown(l.name)
            )));
        }
    }
    for e in expected {
        if !listed.iter().any(|l| l.name == e.name) {
            return Err(bad(format!("{what} thiếu mục {}", e.name)));
        }
    }

    let contents = catch_unwind(AssertUnwindSafe(|| decompress(bytes, what, expected)))
        .map_err(|_| bad(format!("{what}: không đọc được cấu trúc ZIP")))??;

    canonical(bytes, what, expected, &listed)?;
    Ok(contents)
}

fn decompress(
    bytes: &[u8],
    what: &str,
    expected: &[Expected],
) -> Result<Vec<Vec<u8>>, ExchangeError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| bad(format!("{what} không phải tệp ZIP hợp lệ")))?;
    let mut budget = MAX_TOTAL_BYTES;
    let mut out = Vec::with_capacity(expected.len());
    for e in expected {
        let entry = zip
            .by_name(e.name)
            .map_err(|_| bad(format!("{what}: không đọc được mục {}", e.name)))?;
        if entry.encrypted() {
            return Err(bad(format!("{what}: mục {} bị mã hoá", e.name)));
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Deflated | zip::CompressionMethod::Stored
        ) {
            return Err(bad(format!("{what}: mục {} dùng kiểu nén không được hỗ trợ", e.name)));
        }
        let cap = e.max_bytes.min(budget);
        let too_big = || {
            bad(format!(
                "{what}: mục {} giải nén vượt quá giới hạn {} byte (có thể là bom nén)",
                e.name, cap
            ))
        };
        // The declared size may lie in either direction; it only lets an honest
        // oversize entry fail before any work.
        if entry.size() > cap {
            return Err(too_big());
        }
        let mut data = Vec::with_capacity(entry.size().min(1 << 20) as usize);
        let n = entry.take(cap + 1).read_to_end(&mut data).map_err(|_| {
            bad(format!("{what}: mục {} bị hỏng (dữ liệu nén hoặc CRC sai)", e.name))
        })?;
        if n as u64 > cap {
            return Err(too_big());
        }
        budget -= n as u64;
        out.push(data);
    }
    Ok(out)
}

fn canonical(
    bytes: &[u8],
    what: &str,
    expected: &[Expected],
    listed: &[Listed<'_>],
) -> Result<(), ExchangeError> {
    let at = At(bytes);
    let broken = || {
        bad(format!(
            "{what}: cấu trúc ZIP khác dạng chuẩn của Quyche (tệp đã bị sửa, hoặc được nén lại bằng công cụ khác)"
        ))
    };
    let mut raws = Vec::with_capacity(listed.len());
    for (l, e) in listed.iter().zip(expected) {
        if l.name != e.name {
            return Err(broken());
        }
        let name_len = at.u16(l.local + 26).ok_or_else(broken)? as usize;
        let extra_len = at.u16(l.local + 28).ok_or_else(broken)? as usize;
        let start = l.local.checked_add(LOCAL_LEN + name_len + extra_len).ok_or_else(broken)?;
        let data = at.slice(start, l.csize).ok_or_else(broken)?;
        raws.push(Raw { name: l.name.as_bytes(), crc: l.crc, size: l.size, data });
    }
    if assemble(&raws) != bytes {
        return Err(broken());
    }
    Ok(())
}
