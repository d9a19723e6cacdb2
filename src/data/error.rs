//! What can go wrong while reading data files.
//!
//! Every failure is one [`DataError`] variant with a stable code
//! (`patuh::data::*`), a one-line message, a label on the data it points at
//! and, where the fix is known, a help line. [`DataErrors`] carries every error
//! of one load, in file order then position.
//!
//! | code | variant |
//! | --- | --- |
//! | `patuh::data::syntax` | [`DataError::Syntax`] |
//! | `patuh::data::control_character` | [`DataError::ControlCharacter`] |
//! | `patuh::data::not_a_mapping` | [`DataError::NotAMapping`] |
//! | `patuh::data::empty_file` | [`DataError::EmptyFile`] |
//! | `patuh::data::duplicate_key` | [`DataError::DuplicateKey`] |
//! | `patuh::data::integer_overflow` | [`DataError::IntegerOverflow`] |
//! | `patuh::data::inexact_decimal` | [`DataError::InexactDecimal`] |
//! | `patuh::data::not_finite` | [`DataError::NotFinite`] |
//! | `patuh::data::unsupported_key` | [`DataError::UnsupportedKey`] |
//! | `patuh::data::too_deep` | [`DataError::TooDeep`] |
//! | `patuh::data::too_many_aliases` | [`DataError::TooManyAliases`] |
//! | `patuh::data::alias_expansion` | [`DataError::AliasExpansion`] |
//! | `patuh::data::unknown_alias` | [`DataError::UnknownAlias`] |
//! | `patuh::data::recursive_alias` | [`DataError::RecursiveAlias`] |
//! | `patuh::data::file_too_large` | [`DataError::FileTooLarge`] |
//! | `patuh::data::too_many_nodes` | [`DataError::TooManyNodes`] |
//! | `patuh::sheet::*` | [`DataError::Sheet`], see [`SheetError`] |

use super::sheet::SheetError;
use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use std::fmt;

/// One problem in one data file.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum DataError {
    /// The text is not YAML, e.g. `a: [1, 2` (the bracket is never closed).
    #[error("invalid YAML: {message}")]
    #[diagnostic(code(patuh::data::syntax))]
    Syntax {
        /// What the YAML parser expected, in words.
        message: String,
        /// A hint for the usual cause, if one is known.
        #[help]
        help: Option<String>,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// Where the parser stopped.
        #[label("here")]
        at: SourceSpan,
    },

    /// A NUL byte or another control character YAML does not allow in a
    /// file (every C0 control but tab, line feed and carriage return; DEL;
    /// C1 controls but NEL; U+FFFE, U+FFFF), e.g. a NUL from a broken export.
    #[error("control character {code} in a data file")]
    #[diagnostic(
        code(patuh::data::control_character),
        help(
            "YAML allows no control characters but tab and line breaks: remove it, or re-export the file as UTF-8 text"
        )
    )]
    ControlCharacter {
        /// The character as `U+0000`.
        code: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The character.
        #[label("here")]
        at: SourceSpan,
    },

    /// A document that is not a mapping: a top-level list (`- a`), text
    /// (`--- text`), a number, or nothing (`---` alone, `~`).
    #[error(
        "a data document is a mapping with keys such as `province`, `years`, `regencies`, not {found}"
    )]
    #[diagnostic(
        code(patuh::data::not_a_mapping),
        help(
            "write the figures as `key: value` lines at the top level, e.g. `province: Sulawesi Tengah`; \
             documents in one file are separated by `---`"
        )
    )]
    NotAMapping {
        /// What the document is instead: `a list`, `text`, `an empty document`, ...
        found: &'static str,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The document's root.
        #[label("this document")]
        at: SourceSpan,
    },

    /// A data file with no document at all: empty, or only comments.
    #[error("file `{}` holds no data document", .file.name())]
    #[diagnostic(
        code(patuh::data::empty_file),
        help(
            "a data file holds a mapping with keys such as `province`, `years`, `regencies`: \
             fill it in, or remove the file"
        )
    )]
    EmptyFile {
        /// The file.
        #[source_code]
        file: SourceFile,
        /// Its start.
        #[label("nothing to check")]
        at: SourceSpan,
    },

    /// The same key twice in one mapping, e.g. `{bpu: 1, bpu: 2}`, or a year
    /// written once as `2023` and once as `"2023"`.
    #[error("duplicate key `{key}` in a mapping")]
    #[diagnostic(
        code(patuh::data::duplicate_key),
        help("two figures for the same key must not be silently resolved: keep one of them")
    )]
    DuplicateKey {
        /// The key as text.
        key: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The first occurrence.
        #[label("first written here")]
        first: SourceSpan,
        /// The later occurrence.
        #[label("written again here")]
        again: SourceSpan,
    },

    /// An integer outside the 64-bit range, e.g. `bpu: 99999999999999999999`.
    /// It is never read as an approximate decimal instead.
    #[error("integer `{text}` is too large to hold exactly")]
    #[diagnostic(
        code(patuh::data::integer_overflow),
        help(
            "figures must lie between -9223372036854775808 and 9223372036854775807; \
             quote the value if it is an identifier rather than a figure"
        )
    )]
    IntegerOverflow {
        /// The literal as written.
        text: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The literal.
        #[label("out of range")]
        at: SourceSpan,
    },

    /// A decimal that cannot be held exactly: more than 28 significant
    /// digits or decimal places, or beyond about 7.9e28, e.g.
    /// `coverage: 0.12345678901234567890123456789`. It is never rounded.
    #[error("decimal `{text}` cannot be held exactly")]
    #[diagnostic(
        code(patuh::data::inexact_decimal),
        help(
            "decimals are held exactly to 28 significant digits and 28 decimal places; \
             write the figure as published, or quote it if it is an identifier rather than a figure"
        )
    )]
    InexactDecimal {
        /// The literal as written.
        text: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The literal.
        #[label("not exactly representable")]
        at: SourceSpan,
    },

    /// `.inf`, `-.inf` or `.nan` where a figure is read: no audit figure is
    /// infinite or not a number.
    #[error("`{text}` is not a finite number")]
    #[diagnostic(
        code(patuh::data::not_finite),
        help("leave the figure out when it is not known, or quote the value if it is text")
    )]
    NotFinite {
        /// The literal as written.
        text: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The literal.
        #[label("not a figure")]
        at: SourceSpan,
    },

    /// A mapping or sequence used as a key, e.g. `? [a, b]\n: 1` or `{[1]: x}`.
    #[error("a {kind} cannot be a mapping key")]
    #[diagnostic(
        code(patuh::data::unsupported_key),
        help("keys are text or numbers, such as `bpu` or `2024`")
    )]
    UnsupportedKey {
        /// `mapping` or `sequence`.
        kind: &'static str,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The key.
        #[label("this key")]
        at: SourceSpan,
    },

    /// Collections nested deeper than [`Limits::max_depth`](super::Limits),
    /// e.g. 100 000 `[` in a row.
    #[error("data nested deeper than {limit} levels")]
    #[diagnostic(
        code(patuh::data::too_deep),
        help(
            "the data convention nests a handful of levels; look for brackets that are never closed"
        )
    )]
    TooDeep {
        /// The depth allowed.
        limit: usize,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The first collection past the limit.
        #[label("too deep")]
        at: SourceSpan,
    },

    /// More `*alias` references in one file than [`Limits::max_aliases`](super::Limits).
    #[error("more than {limit} aliases in one file")]
    #[diagnostic(
        code(patuh::data::too_many_aliases),
        help("write the values out instead of referring to an anchor this often")
    )]
    TooManyAliases {
        /// The number of aliases allowed.
        limit: usize,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The first alias past the limit.
        #[label("one alias too many")]
        at: SourceSpan,
    },

    /// Aliases that would multiply the data if copied out (a "billion laughs"
    /// bomb: `a: &a [x, x]`, `b: &b [*a, *a]`, `c: &c [*b, *b]`, ...).
    #[error("aliases expand the data to more than {limit} nodes")]
    #[diagnostic(
        code(patuh::data::alias_expansion),
        help("nested aliases multiply what every rule has to visit: write the data out instead")
    )]
    AliasExpansion {
        /// The expanded size allowed for this file.
        limit: u64,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The alias at which the expanded size passed the limit.
        #[label("the expansion passes the limit here")]
        at: SourceSpan,
    },

    /// An alias with no anchor before it in the same document, e.g. `b: *a`
    /// without an earlier `&a`.
    #[error("unknown alias `*{name}`")]
    #[diagnostic(
        code(patuh::data::unknown_alias),
        help("define the anchor `&{name}` earlier in the same document")
    )]
    UnknownAlias {
        /// The anchor's name.
        name: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The alias.
        #[label("no anchor of this name before here")]
        at: SourceSpan,
    },

    /// An alias inside the very collection it names, e.g. `a: &a [*a]`.
    #[error("alias `*{name}` refers to a collection that contains it")]
    #[diagnostic(
        code(patuh::data::recursive_alias),
        help("a collection cannot contain itself: write the value out instead")
    )]
    RecursiveAlias {
        /// The anchor's name.
        name: String,
        /// The file.
        #[source_code]
        file: SourceFile,
        /// The alias.
        #[label("inside its own anchor")]
        at: SourceSpan,
    },

    /// A file larger than [`Limits::max_file_bytes`](super::Limits).
    #[error("file `{}` of {size} bytes is larger than the limit of {limit} bytes", .file.name())]
    #[diagnostic(
        code(patuh::data::file_too_large),
        help("split the data into one file per province")
    )]
    FileTooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The size allowed.
        limit: usize,
        /// The file.
        #[source_code]
        file: SourceFile,
    },

    /// More nodes than node indices can address (about four billion).
    #[error("the data holds more than {limit} nodes, counting up to `{}`", .file.name())]
    #[diagnostic(
        code(patuh::data::too_many_nodes),
        help("check the data in smaller parts")
    )]
    TooManyNodes {
        /// The number of nodes allowed.
        limit: u64,
        /// The file whose nodes passed the limit.
        #[source_code]
        file: SourceFile,
    },

    /// A problem of a spreadsheet (a CSV file or a sheet of a workbook).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Sheet(Box<SheetError>),
}

impl From<SheetError> for DataError {
    fn from(e: SheetError) -> Self {
        DataError::Sheet(Box::new(e))
    }
}

impl DataError {
    /// The file the error is in.
    pub fn file(&self) -> &SourceFile {
        match self {
            DataError::Syntax { file, .. }
            | DataError::ControlCharacter { file, .. }
            | DataError::NotAMapping { file, .. }
            | DataError::EmptyFile { file, .. }
            | DataError::DuplicateKey { file, .. }
            | DataError::IntegerOverflow { file, .. }
            | DataError::InexactDecimal { file, .. }
            | DataError::NotFinite { file, .. }
            | DataError::UnsupportedKey { file, .. }
            | DataError::TooDeep { file, .. }
            | DataError::TooManyAliases { file, .. }
            | DataError::AliasExpansion { file, .. }
            | DataError::UnknownAlias { file, .. }
            | DataError::RecursiveAlias { file, .. }
            | DataError::FileTooLarge { file, .. }
            | DataError::TooManyNodes { file, .. } => file,
            DataError::Sheet(e) => e.file(),
        }
    }

    /// The byte span the error points at (for a duplicate key, the second
    /// occurrence); empty at the start of the file for whole-file errors.
    pub fn span(&self) -> SourceSpan {
        match self {
            DataError::Syntax { at, .. }
            | DataError::ControlCharacter { at, .. }
            | DataError::NotAMapping { at, .. }
            | DataError::EmptyFile { at, .. }
            | DataError::IntegerOverflow { at, .. }
            | DataError::InexactDecimal { at, .. }
            | DataError::NotFinite { at, .. }
            | DataError::UnsupportedKey { at, .. }
            | DataError::TooDeep { at, .. }
            | DataError::TooManyAliases { at, .. }
            | DataError::AliasExpansion { at, .. }
            | DataError::UnknownAlias { at, .. }
            | DataError::RecursiveAlias { at, .. } => *at,
            DataError::DuplicateKey { again, .. } => *again,
            DataError::FileTooLarge { .. } | DataError::TooManyNodes { .. } => (0, 0).into(),
            DataError::Sheet(e) => e.span(),
        }
    }

    /// Byte offset of [`span`](Self::span), for sorting.
    pub fn offset(&self) -> usize {
        self.span().offset()
    }

    /// 1-based line and column (in characters) of [`span`](Self::span).
    pub fn line_col(&self) -> (usize, usize) {
        self.file().line_col(self.offset())
    }
}

/// Every error of one load, in file order then position. Never empty.
///
/// Displays as a count; [`Diagnostic::related`] yields each error, so a miette
/// report renders all of them.
#[derive(Debug)]
pub struct DataErrors(pub Vec<DataError>);

impl DataErrors {
    /// The errors, in file order then position.
    pub fn into_vec(self) -> Vec<DataError> {
        self.0
    }

    /// The errors, in file order then position.
    pub fn iter(&self) -> std::slice::Iter<'_, DataError> {
        self.0.iter()
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never, for a `DataErrors` returned by `load`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            1 => f.write_str("1 data error"),
            n => write!(f, "{n} data errors"),
        }
    }
}

impl std::error::Error for DataErrors {}

impl Diagnostic for DataErrors {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.0.iter().map(|e| e as &dyn Diagnostic)))
    }
}

impl IntoIterator for DataErrors {
    type Item = DataError;
    type IntoIter = std::vec::IntoIter<DataError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a DataErrors {
    type Item = &'a DataError;
    type IntoIter = std::slice::Iter<'a, DataError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Byte span of `chars` characters at 1-based `line`, 0-based character `col`.
pub(crate) fn span_at(file: &SourceFile, line: usize, col: usize, chars: usize) -> SourceSpan {
    let start = file.offset_of(line, col);
    (start, file.byte_len(start, chars)).into()
}

/// A YAML parser message in the words of this project, with a hint where the
/// usual cause is known. Unknown messages pass through unchanged.
pub(super) fn translate_syntax(info: &str) -> (String, Option<String>) {
    let (msg, help): (&str, Option<&str>) = match info {
        "mapping values are not allowed in this context" => (
            "a `:` where no key can start",
            Some("check the indentation, or quote a value that contains `: `"),
        ),
        "while parsing a block mapping, did not find expected key" => (
            "expected a key of the mapping",
            Some("check the indentation of this line against the keys above it"),
        ),
        "while parsing a block collection, did not find expected '-' indicator" => (
            "expected a `-` item of the list",
            Some("check the indentation of this line against the items above it"),
        ),
        "while parsing a flow sequence, expected ',' or ']'" => (
            "expected `,` or `]` in a `[...]` list",
            Some("close the list with `]`"),
        ),
        "while parsing a flow mapping, did not find expected ',' or '}'" => (
            "expected `,` or `}` in a `{...}` mapping",
            Some("close the mapping with `}`"),
        ),
        "while parsing a node, did not find expected node content" => ("expected a value", None),
        "while scanning a quoted scalar, found unexpected end of stream" => (
            "a quoted text is never closed",
            Some("add the closing quote"),
        ),
        "while parsing a quoted scalar, found unknown escape character" => (
            "unknown escape sequence in a double-quoted text",
            Some("write `\\\\` for a backslash, or use single quotes"),
        ),
        "tabs disallowed within this context (block indentation)"
        | "tab cannot be used as indentation"
        | "tabs disallowed in this context" => (
            "a tab in the indentation",
            Some("indent YAML with spaces only"),
        ),
        "invalid indentation" | "invalid indentation in flow construct" => (
            "unexpected indentation",
            Some("check the indentation of this line"),
        ),
        "unexpected eof" => ("the text ends in the middle of a value", None),
        "did not find expected <document start>" | "did not find expected <document-start>" => {
            ("expected `---` before another document", None)
        }
        other => {
            if let Some(c) = other
                .strip_prefix("unexpected character: `")
                .and_then(|r| r.strip_suffix('\''))
            {
                return (
                    format!("a value cannot start with `{c}`"),
                    Some("quote the value".to_owned()),
                );
            }
            return (other.to_owned(), None);
        }
    };
    (msg.to_owned(), help.map(str::to_owned))
}
