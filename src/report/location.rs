//! Where a finding's data is: [`Place`] (a span in a file) and [`DataRef`]
//! (a data value with its path, its value and its source), the one location
//! type every renderer uses.

use super::{Report, Source};
use crate::data::{Dataset, NodeId, View};
use crate::eval::{Finding, Val};

/// A place in a file, 1-based; the end column is one past the last character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file's name, as given on the command line.
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column, in characters.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// One past the last column, in characters.
    pub end_column: usize,
}

impl Place {
    pub(super) fn of(file: &crate::source::SourceFile, span: crate::source::Span) -> Place {
        let (line, column) = file.line_col(span.start as usize);
        let (end_line, end_column) = file.line_col(span.end as usize);
        Place {
            file: file.name().to_owned(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// One data value involved in a finding, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataRef {
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Where in the document: `years.2024.participants.bpu`.
    pub path: String,
    /// The value as data (`128993`, `false`, `Kota Palu`), or `missing`
    /// where a figure was expected.
    pub value: String,
    /// The value as people read it (`128,993`).
    pub shown: String,
    /// The value as the data holds it, typed; [`Datum::Missing`] where a
    /// figure was expected and is not there.
    pub datum: Datum,
    /// The node the location is of (for an unknown, the key the missing figure belongs under).
    pub node: NodeId,
    /// The published source the value comes from (for a missing figure,
    /// the source of the entry that lacks it), as [`crate::evidence`] decides.
    pub source: Option<Source>,
    /// The spreadsheet cell it was read from, if any. For a workbook's
    /// cell, `file`, `line` and `column` are the workbook, the row and the
    /// column number (A is 1); for a CSV cell, the file's line and column.
    pub cell: Option<crate::data::sheet::Cell>,
}

/// A data value as the data holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Datum {
    /// No figure where one was expected (or `~`).
    Missing,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An exact decimal, as written.
    Dec(rust_decimal::Decimal),
    /// Text.
    Text(String),
}

impl DataRef {
    /// Whether a figure was expected here and is missing.
    pub fn is_missing(&self) -> bool {
        self.datum == Datum::Missing
    }

    /// The value in words: `years.2024.participants.bpu = 128993`, or where
    /// a missing figure was expected.
    pub fn describe(&self) -> String {
        let what = match (self.path.as_str(), self.is_missing()) {
            ("", true) => "expected in this document".to_owned(),
            (path, true) => format!("expected under `{path}`"),
            (path, false) => format!("{path} = {}", self.value),
        };
        match &self.cell {
            Some(c) => format!(
                "{what} (cell {}, column `{}`)",
                self.cell_reference().unwrap_or_default(),
                c.header
            ),
            None => what,
        }
    }

    /// The cell as people name it (`figures.xlsx!Sheet1!C12`,
    /// `figures.csv:12:31`), for data read from a spreadsheet.
    pub fn cell_reference(&self) -> Option<String> {
        self.cell.as_ref().map(|c| c.reference(self.column))
    }
}

impl Report<'_> {
    /// The data values of a finding.
    pub fn data_refs(&self, f: &Finding) -> Vec<DataRef> {
        let evidence = crate::evidence::Evidence::new(self.data);
        f.data
            .iter()
            .map(|&id| {
                // One walk down from the document's root gives the path,
                // the key a missing figure belongs under, and the source.
                let steps = crate::data::path::steps_to(self.data, id);
                let above: Vec<NodeId> = steps.iter().map(|s| s.from).collect();
                let view = self.data.view(id);
                let (value, shown, at) = match view {
                    // Maps are only ever named as the place a missing figure belongs.
                    View::Map(_) | View::Seq(_) => {
                        let at = steps.last().and_then(|s| s.key).unwrap_or(id);
                        ("missing".to_owned(), "missing".to_owned(), at)
                    }
                    View::Str(s) => (s.to_owned(), s.to_owned(), id),
                    _ => {
                        let v = Val::from_node(self.data, id);
                        (v.display_plain(self.data), v.display(self.data), id)
                    }
                };
                let datum = match view {
                    View::Bool(b) => Datum::Bool(b),
                    View::Int(i) => Datum::Int(i),
                    View::Dec(d) => Datum::Dec(d),
                    View::Str(s) => Datum::Text(s.to_owned()),
                    View::Null | View::Map(_) | View::Seq(_) => Datum::Missing,
                };
                let loc = self.data.loc(at);
                let (file, line, column) = match loc.cell.as_ref().filter(|c| c.in_workbook()) {
                    Some(c) => (c.book.clone(), c.row, c.column),
                    None => (loc.file.name().to_owned(), loc.line, loc.column),
                };
                DataRef {
                    file,
                    line,
                    column,
                    source: evidence.source_in(&above, id),
                    path: crate::data::path::path_of(&steps),
                    value,
                    shown,
                    datum,
                    node: at,
                    cell: loc.cell,
                }
            })
            .collect()
    }
}

impl Val {
    /// Like [`Val::display`] but without digit grouping (for paths).
    fn display_plain(&self, data: &Dataset) -> String {
        match self {
            Val::Num(crate::eval::Num::Int(i), _) => i.to_string(),
            Val::Num(crate::eval::Num::Dec(d), _) => d.to_string(),
            v => v.display(data),
        }
    }
}
