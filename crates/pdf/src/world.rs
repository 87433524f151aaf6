//! The typst world the page is compiled in: the page itself, the vendored fonts and the
//! inputs, and nothing else (no file system, no package, no clock).

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Array, Bytes, Datetime, Dict, Duration, Str, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::{Document, PdfError};

/// The page: every role's look, the header and closing blocks, the footer.
const PAGE: &str = include_str!("decree30.typ");

/// Liberation Serif 2.1.5 (Debian `fonts-liberation2`, SIL OFL 1.1: `fonts/COPYRIGHT-…`).
/// Part of the binary, so the PDF never depends on the fonts of the machine.
const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Parsed once per process: reading the four faces' tables is the costly part.
static FONT_SET: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static MAIN: LazyLock<FileId> = LazyLock::new(|| {
    let path = VirtualPath::new("/decree30.typ").expect("a fixed, valid path");
    RootedPath::new(VirtualRoot::Project, path).intern()
});

struct Page {
    library: LazyHash<Library>,
    source: Source,
}

impl World for Page {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONT_SET.book
    }

    fn main(&self) -> FileId {
        *MAIN
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *MAIN {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONT_SET.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Time is passed in, never read: the page shows no date of its own.
        None
    }
}

pub(crate) fn typeset(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let json = serde_json::to_string(doc).map_err(|e| PdfError::Typeset(e.to_string()))?;
    let attachments: Array = doc
        .attachments
        .iter()
        .map(|a| {
            let mut d = Dict::new();
            d.insert("name".into(), Value::Str(Str::from(a.name.as_str())));
            d.insert("data".into(), Value::Bytes(Bytes::new(a.bytes.clone())));
            d.insert("mime".into(), Value::Str(Str::from(a.mime_type.as_str())));
            d.insert("description".into(), Value::Str(Str::from(a.description.as_str())));
            // PDF/A-3: the manifest is data the visible seal footer is derived from.
            d.insert("relationship".into(), Value::Str(Str::from("data")));
            Value::Dict(d)
        })
        .collect();
    let mut inputs = Dict::new();
    inputs.insert("quyche".into(), Value::Str(Str::from(json)));
    inputs.insert("attachments".into(), Value::Array(attachments));
    let page = Page {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        source: Source::new(*MAIN, PAGE.to_owned()),
    };
    let compiled = typst::compile::<PagedDocument>(&page).output;
    let document = compiled.map_err(|errors| first_error(&errors))?;
    // PDF/A requires a date: a document without one (a redline of two files) is a plain
    // PDF, its fonts embedded all the same.
    let standard: &[PdfStandard] = if doc.date.is_some() { &[PdfStandard::A_3b] } else { &[] };
    let standards =
        PdfStandards::new(standard).map_err(|e| PdfError::Typeset(e.message().to_string()))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom("quyche".into()),
        creator: typst::foundations::Smart::Custom(Some("Quyche".into())),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| first_error(&errors))?;
    // typst memoises across compilations; a long-running app must not keep every
    // document it ever typeset.
    typst::comemo::evict(4);
    Ok(bytes)
}

fn first_error(errors: &[typst::diag::SourceDiagnostic]) -> PdfError {
    let message = errors
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or(errors.first())
        .map(|d| d.message.to_string())
        .unwrap_or_default();
    PdfError::Typeset(message.replace(['\n', '\r'], " "))
}
