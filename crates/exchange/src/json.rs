//! JSON in and out, with messages that say where a file is broken.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{bad, shown, ExchangeError};

/// Pretty, with a final newline: these files are meant to be readable once unzipped.
pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

fn describe(entry: &str, e: &serde_json::Error) -> ExchangeError {
    use serde_json::error::Category;
    let at = format!("dòng {}, cột {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => bad(format!("{entry} bị cắt cụt ({at})")),
        Category::Syntax | Category::Io => bad(format!("{entry} không phải JSON hợp lệ ({at})")),
        // serde's own text names the field and the type it expected.
        Category::Data => bad(format!("{entry} có dữ liệu sai ở {at}: {}", shown(&e.to_string()))),
    }
}

pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8], entry: &str) -> Result<T, ExchangeError> {
    serde_json::from_slice(bytes).map_err(|e| describe(entry, &e))
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

/// Checks the format tag and version before the full parse, so that a newer file is
/// named as newer rather than as having unknown fields.
pub(crate) fn check_header(
    bytes: &[u8],
    entry: &str,
    format: &str,
    version: u32,
) -> Result<(), ExchangeError> {
    let head: Header = parse(bytes, entry)?;
    match head.format.as_deref() {
        Some(f) if f == format => {}
        Some(f) => {
            return Err(bad(format!(
                "{entry} có định dạng \"{}\", không phải \"{format}\"",
                shown(f)
            )))
        }
        None => return Err(bad(format!("{entry} thiếu trường format (\"{format}\")"))),
    }
    match head.version {
        Some(v) if v == version as u64 => Ok(()),
        Some(v) if v > version as u64 => Err(bad(format!(
            "{entry} có phiên bản {v}, mới hơn phiên bản {version} mà bản Quyche này đọc được; hãy cập nhật Quyche"
        ))),
        Some(v) => Err(bad(format!("{entry} có phiên bản {v} không được hỗ trợ"))),
        None => Err(bad(format!("{entry} thiếu trường version"))),
    }
}
