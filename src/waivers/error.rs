//! What can be wrong with a waiver register: one variant per failure.

use crate::data::DataError;
use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A problem with the waiver register (exit 2, nothing is checked).
#[derive(Debug, Error, Diagnostic)]
pub enum WaiverError {
    /// The register is not YAML, e.g. `waivers: [` (never closed).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] DataError),

    /// `- rule: x` at the top level, or `waivers: 3`.
    #[error("{what}")]
    #[diagnostic(
        code(patuh::waiver::shape),
        help(
            "a register is a mapping with one key, `waivers`, holding a list of entries with `rule`, `subject`, `reason`, `expires` and `approved_by`"
        )
    )]
    Shape {
        /// What is wrong, in words.
        what: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// Where.
        #[label("here")]
        at: SourceSpan,
    },

    /// `waivers: [fund_bpu]`: an entry that is not a mapping.
    #[error("a waiver must be a mapping of fields")]
    #[diagnostic(
        code(patuh::waiver::not_a_mapping),
        help(
            "write each waiver as `- rule: ...` followed by `subject`, `reason`, `expires` and `approved_by`"
        )
    )]
    NotAMapping {
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The entry.
        #[label("not a mapping")]
        at: SourceSpan,
    },

    /// An entry without `reason` or `expires` (or `rule`, `subject`).
    #[error("this waiver has no `{field}`")]
    #[diagnostic(code(patuh::waiver::missing_field), help("{help}"))]
    MissingField {
        /// The field.
        field: &'static str,
        /// What to write.
        help: &'static str,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The entry.
        #[label("`{field}` is required")]
        at: SourceSpan,
    },

    /// `expire: 2025-12-31` (a typo), or any field patuh does not know.
    #[error("unknown field `{field}` in a waiver")]
    #[diagnostic(code(patuh::waiver::unknown_field), help("{help}"))]
    UnknownField {
        /// As written.
        field: String,
        /// "did you mean" or the list of fields.
        help: String,
        /// The known field it is close to, if any.
        near: Option<&'static str>,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The key.
        #[label("unknown field")]
        at: SourceSpan,
    },

    /// `reason: 42` or `subject: [a, b]`.
    #[error("`{field}` must be text")]
    #[diagnostic(
        code(patuh::waiver::not_text),
        help("quote the value if it looks like a number or a list")
    )]
    NotText {
        /// The field.
        field: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("not text")]
        at: SourceSpan,
    },

    /// `reason: ""`: an exception without a reason is not accepted.
    #[error("`{field}` is empty")]
    #[diagnostic(
        code(patuh::waiver::empty),
        help("every waiver records why it was accepted and what it covers")
    )]
    Empty {
        /// The field.
        field: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("empty")]
        at: SourceSpan,
    },

    /// `expires: 31/12/2025` or `expires: 2025-02-30`.
    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(patuh::waiver::bad_date),
        help("write the date as YYYY-MM-DD, e.g. `2025-12-31`; the waiver holds through that day")
    )]
    BadDate {
        /// As written.
        text: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("not YYYY-MM-DD")]
        at: SourceSpan,
    },
}
