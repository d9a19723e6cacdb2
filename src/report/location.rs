//! Where a finding's data is: [`Place`] (a span in a file) and [`DataRef`]
//! (a data value with its path, its value and its source), the one location
//! type every renderer uses, and the path from a document's root to a node.

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
                let steps = steps_to(self.data, id);
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
                    path: path_of(steps),
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

/// One step from a document's root towards a node.
struct Step {
    /// `.2023` or `[Donggala]`.
    label: String,
    /// The key node of a mapping step.
    key: Option<NodeId>,
    /// The map or list the step is taken in.
    from: NodeId,
}

/// The steps from a document's root to `target`.
///
/// Children always have larger ids than their parent and siblings are in id
/// order, so the way down is found by entering the child whose id range
/// holds the target, without a parent index.
fn steps_to(data: &Dataset, target: NodeId) -> Vec<Step> {
    let mut steps = Vec::new();
    // Documents, entries and items are in id order: each step is a binary
    // search, so a finding costs the depth of its value, not the size of
    // the list it is in (200,000 regencies in one file stay linear).
    let docs = data.docs();
    let Some(&root) = docs
        .partition_point(|d| *d <= target)
        .checked_sub(1)
        .and_then(|i| docs.get(i))
    else {
        return steps;
    };
    let mut at = root;
    while at != target {
        let next = match data.view(at) {
            View::Map(entries) => entries
                .partition_point(|(k, _)| *k <= target)
                .checked_sub(1)
                .map(|i| {
                    let (k, v) = entries[i];
                    steps.push(Step {
                        label: Val::from_node(data, k).display_plain(data),
                        key: Some(k),
                        from: at,
                    });
                    if k == target { k } else { v }
                }),
            View::Seq(items) => items
                .partition_point(|i| *i <= target)
                .checked_sub(1)
                .map(|i| {
                    let item = items[i];
                    let name =
                        crate::eval::region_label(data, item).unwrap_or_else(|| i.to_string());
                    steps.push(Step {
                        label: format!("[{name}]"),
                        key: None,
                        from: at,
                    });
                    item
                }),
            _ => None,
        };
        match next {
            Some(n) if n > at || n == target => at = n,
            _ => break,
        }
    }
    steps
}

/// The path from a document's root to `target`: `regencies[Donggala].years.2023.funds_bpu`.
pub fn data_path(data: &Dataset, target: NodeId) -> String {
    path_of(steps_to(data, target))
}

/// The path the steps take.
fn path_of(steps: Vec<Step>) -> String {
    let mut path = String::new();
    for s in steps {
        if !path.is_empty() && !s.label.starts_with('[') {
            path.push('.');
        }
        path.push_str(&s.label);
    }
    path
}

/// The maps and lists on the way from a document's root down to `target`
/// (the root first, `target` itself not included).
pub fn containers(data: &Dataset, target: NodeId) -> Vec<NodeId> {
    steps_to(data, target).into_iter().map(|s| s.from).collect()
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
