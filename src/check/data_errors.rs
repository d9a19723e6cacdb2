//! Diagnostics about the data against the declared schema: a value of the
//! wrong type, and a key that no `field` declares (a typo in the data must
//! never be only a silent `unknown`).

use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use std::fmt;
use thiserror::Error;

use super::error::ElsewhereNote;
use super::help::Listing;
use super::message::{DataFix, DataHead};
use crate::source::{SourceFile, Span};

/// Data that does not hold what its field is declared to hold:
/// `coverage: "31,98%"` for `field coverage: percent`.
#[derive(Debug, Error, Diagnostic)]
#[error("{what}, but the data holds {holds}")]
#[diagnostic(code(patuh::check::data_type), help("{help}"))]
pub struct DataTypeError {
    /// "`coverage` is declared `percent`".
    pub what: DataHead,
    /// What the data holds instead, in words.
    pub holds: &'static str,
    /// How to write the value, how many are like it, and where the declaration is.
    pub help: DataFix,
    /// The first such value.
    #[label("`{path}` is {holds}")]
    pub span: Span,
    /// The value's path in the data.
    pub path: String,
    /// The data file.
    #[source_code]
    pub src: SourceFile,
}

/// A key in the data that no `field` declares at its place: `particpants`
/// under a year where `participants` is declared. A warning, or an error
/// with `--deny-undeclared`.
#[derive(Debug, Error)]
#[error("`{key}` in the data is not a declared field")]
pub struct UndeclaredKeyError {
    /// The key as the data writes it.
    pub key: String,
    /// Where it sits in the data: `years.2023.particpants`.
    pub path: String,
    /// The declared name it is nearest to, if any.
    pub meant: Option<String>,
    /// The names declared at that place.
    pub declared: Listing,
    /// How many times the key appears at that place across the data.
    pub times: u32,
    /// Whether `--deny-undeclared` makes it an error.
    pub denied: bool,
    /// The first such key.
    pub span: Span,
    /// The data file.
    pub src: SourceFile,
}

/// The help line of [`UndeclaredKeyError`].
struct UndeclaredHelp<'a>(&'a UndeclaredKeyError);

impl fmt::Display for UndeclaredHelp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        match &e.meant {
            Some(m) => write!(f, "did you mean `{m}`? ")?,
            None => write!(f, "the fields declared here are {}; ", e.declared)?,
        }
        write!(
            f,
            "rules never read an undeclared key, so its figures would only ever be missing"
        )?;
        if e.times > 1 {
            write!(f, " ({} places in the data write it)", e.times)?;
        }
        if !e.denied {
            write!(f, "; `--deny-undeclared` makes this an error")?;
        }
        Ok(())
    }
}

// Written out rather than derived: the severity depends on `denied`.
impl Diagnostic for UndeclaredKeyError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("patuh::check::undeclared_key"))
    }

    fn severity(&self) -> Option<Severity> {
        Some(if self.denied {
            Severity::Error
        } else {
            Severity::Warning
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(UndeclaredHelp(self)))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = format!("`{}` is declared nowhere here", self.path);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label),
            self.span,
        ))))
    }
}

/// Two regions of one list, or two documents, with the same name: a rule
/// that picks by name cannot choose, and reports name both subjects alike.
#[derive(Debug, Error, Diagnostic)]
#[error("two regions of `{list}` are named \"{name}\"")]
#[diagnostic(
    code(patuh::check::duplicate_name),
    severity(Warning),
    help(
        "reports, waivers and baselines name regions by their names, and `{list}[\"{name}\"]` cannot choose between them: give each region its own name (or merge the two)"
    )
)]
pub struct DuplicateNameError {
    /// The name.
    pub name: String,
    /// The list, as a path (`regencies`), or `documents`.
    pub list: String,
    /// The second name.
    #[label(primary, "named again here")]
    pub again: Span,
    /// The first, when it is in the same file.
    #[label("first named here")]
    pub first: Option<Span>,
    /// The first, when it is in another file.
    #[related]
    pub elsewhere: Vec<ElsewhereNote>,
    /// The file of the second.
    #[source_code]
    pub src: SourceFile,
}
