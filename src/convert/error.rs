//! What `patuh convert` refuses to write.

use crate::source::{SourceFile, Span};
use miette::Diagnostic;
use std::fmt;

/// Data the target convention cannot hold, or could not read back.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConvertError {
    /// A value the long table has no cell for, e.g. a list under a year.
    #[error("{what} cannot be written in the long table")]
    #[diagnostic(code(patuh::convert::unrepresentable), help("{}", what.help()))]
    Unrepresentable {
        /// What it is.
        what: Unrepresentable,
        /// Its file.
        #[source_code]
        file: SourceFile,
        /// Where.
        #[label("here")]
        at: Span,
    },

    /// A column no `field` declaration names: a sheet with it could not
    /// be read back.
    #[error("column `{column}` is not declared, so the table could not be read back")]
    #[diagnostic(
        code(patuh::convert::undeclared),
        help("declare the field in a rule file, e.g. `field {declaration}: count`, with its type")
    )]
    Undeclared {
        /// The column.
        column: String,
        /// How it would be declared: `years.participants.bpu`, `code`.
        declaration: String,
        /// The file of its first value.
        #[source_code]
        file: SourceFile,
        /// Its first value.
        #[label("first value of the column")]
        at: Span,
    },
}

/// What the long table cannot hold.
#[derive(Debug, Clone)]
pub enum Unrepresentable {
    /// A document with no `province` text.
    NoProvince,
    /// A list item that is not a mapping with a `name`.
    Unnamed,
    /// A list or mapping where a figure is expected.
    Nested(String),
    /// A key of `years` that is not a year, or an entry that is not a mapping.
    NotAYear,
    /// A key with a dot, which the table's columns use to nest.
    Dotted(String),
    /// A key that is not text.
    KeyNotText,
    /// The same name as a field of a region and of a year, or an identity column.
    Clash(String),
    /// A list below villages.
    TooDeep,
    /// An empty text, which a cell cannot tell from an absent figure.
    EmptyText(String),
    /// A region's name with spaces at its ends, which identity cells trim.
    EdgeSpaces(String),
}

impl Unrepresentable {
    /// How to go on.
    pub fn help(&self) -> &'static str {
        match self {
            Unrepresentable::EmptyText(_) => {
                "leave the key out where there is no figure, or write the text; a table cannot hold an empty text"
            }
            Unrepresentable::EdgeSpaces(_) => {
                "write the name without spaces at its ends, as reports, waivers and baselines name it"
            }
            _ => {
                "the long table holds regions (`regencies`, `districts`, `villages`, each with a `name`), their own fields, `years` of figures and `sources`; keep this data in YAML"
            }
        }
    }
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unrepresentable::NoProvince => f.write_str("a document without a `province` name"),
            Unrepresentable::Unnamed => f.write_str("a region that is not a mapping with a `name`"),
            Unrepresentable::Nested(key) => write!(f, "a list or mapping under `{key}`"),
            Unrepresentable::NotAYear => {
                f.write_str("an entry of `years` that is not a year's figures")
            }
            Unrepresentable::Dotted(key) => write!(f, "the key `{key}`, which has a dot,"),
            Unrepresentable::KeyNotText => f.write_str("a key that is not text"),
            Unrepresentable::Clash(key) => {
                write!(
                    f,
                    "the name `{key}` for two columns (a region's field, a year's figure or an identity column)"
                )
            }
            Unrepresentable::TooDeep => f.write_str("a list of regions below villages"),
            Unrepresentable::EmptyText(key) => write!(
                f,
                "the empty text of `{key}` (an empty cell reads back as an absent figure)"
            ),
            Unrepresentable::EdgeSpaces(name) => write!(
                f,
                "the name {name:?}, with spaces at its ends (a name's cell is read trimmed)"
            ),
        }
    }
}
