//! Spreadsheet data: CSV files and the sheets of XLSX workbooks, read by
//! the long-table convention onto the same arena as YAML.
//!
//! A sheet is read row by row ([`csv`], [`xlsx`]) into regions and
//! region-years with every cell typed by the rules' declarations
//! ([`schema`], [`cell`], [`table`]); the rows of one province, from any
//! number of sheets, then form one document with its YAML document, if
//! there is one ([`assemble`]). Every node keeps its cell's place: a CSV
//! cell is its line and column in the file, a workbook's cell its line and
//! column in the sheet's synthesized text (line N is row N), and
//! [`SheetInfo`] names it (`figures.xlsx!Sheet1!C12`).

mod assemble;
pub(crate) mod cell;
mod csv;
mod error;
mod load;
mod schema;
mod table;
mod writer;
mod xlsx;

pub use error::{BadCellHelp, Elsewhere, MissingColumnHelp, SheetError, UnknownColumnHelp};
pub use schema::{ANNOTATIONS, ColumnKind, SheetSchema};
pub use xlsx::Workbook;

use crate::source::SourceFile;
pub(crate) use load::load;

/// How to name the cells of a file read from a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetInfo {
    /// The CSV file's or the workbook's name, as given.
    pub book: String,
    /// The sheet's name in a workbook; `None` for a CSV file.
    pub sheet: Option<String>,
    /// The separator of its rows in its text (`,`, or `;` in a CSV file).
    pub delimiter: u8,
    /// The line of its header row.
    pub header_line: u32,
}

/// A cell of a sheet, named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The CSV file or the workbook, as given.
    pub book: String,
    /// The column's name in the header row.
    pub header: String,
    /// 1-based column number (A is 1).
    pub column: usize,
    /// 1-based row number (the line of its text).
    pub row: usize,
    /// `figures.xlsx!Sheet1!C12` for a workbook's cell, `None` for a CSV cell.
    pub reference: Option<String>,
    /// The column's letters, as a spreadsheet program shows them (`C`).
    pub letters: String,
    /// Where its header cell is in the sheet's text: line, and column
    /// and length in characters.
    pub header_at: (usize, usize, usize),
}

impl Cell {
    /// Where the cell is, as people name it: `figures.xlsx!Sheet1!C12`
    /// for a workbook's cell, `figures.csv:12:31` (line and character
    /// column of the text) for a CSV cell.
    pub fn reference(&self, csv_column: usize) -> String {
        match &self.reference {
            Some(r) => r.clone(),
            None => format!("{}:{}:{csv_column}", self.book, self.row),
        }
    }

    /// Whether the cell is a workbook's (named by sheet and A1 reference).
    pub fn in_workbook(&self) -> bool {
        self.reference.is_some()
    }
}

impl SheetInfo {
    /// The cell at `line` and character column `col` (0-based) of the
    /// sheet's text `file`.
    pub fn cell(&self, file: &SourceFile, line: usize, col: usize) -> Option<Cell> {
        let text = file.text();
        let row_text = |line: usize| {
            let start = file.line_starts().get(line.checked_sub(1)?).copied()? as usize;
            let rest = &text[start..];
            Some(&rest[..rest.find('\n').unwrap_or(rest.len())])
        };
        let fields = |line: &str| split(line, self.delimiter);
        let row = fields(row_text(line)?);
        let index = row.iter().rposition(|&(start, _)| start <= col)?;
        let header_row = row_text(self.header_line as usize)?;
        let header = fields(header_row);
        let header_text = header
            .get(index)
            .map(|(_, name)| name.trim().to_owned())
            .unwrap_or_default();
        let header_col = header.get(index).map_or(0, |&(start, _)| start);
        let header_end = header
            .get(index + 1)
            .map_or_else(|| header_row.chars().count(), |&(next, _)| next - 1);
        Some(Cell {
            book: self.book.clone(),
            header: header_text,
            column: index + 1,
            row: line,
            reference: self
                .sheet
                .as_ref()
                .map(|sheet| format!("{}!{sheet}!{}{line}", self.book, column_letters(index))),
            letters: column_letters(index),
            header_at: (
                self.header_line as usize,
                header_col,
                header_end.saturating_sub(header_col),
            ),
        })
    }
}

/// The fields of one line of a sheet's text: (first character, text).
fn split(line: &str, delimiter: u8) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let (mut at, mut start) = (0usize, 0usize);
    let mut field = String::new();
    let mut quoted = false;
    let d = char::from(delimiter);
    if line.starts_with('\u{feff}') {
        chars.next();
        at = 1;
        start = 1;
    }
    while let Some(c) = chars.next() {
        at += 1;
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                at += 1;
                field.push('"');
            }
            '"' => quoted = !quoted,
            c if c == d && !quoted => {
                out.push((start, std::mem::take(&mut field)));
                start = at;
            }
            '\r' if !quoted => {}
            c => field.push(c),
        }
    }
    out.push((start, field));
    out
}

/// `A`, `Z`, `AA` for 0, 25, 26.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The cells of the column `header` of a CSV file, one per row below the
/// header that has any: (line, byte offset of the cell's text, text).
/// What `patuh test` reads its annotations from (`*.test.csv`).
pub fn column_cells(file: &SourceFile, header: &str) -> Vec<(usize, usize, String)> {
    let delimiter = csv::delimiter(file.text());
    let mut column: Option<usize> = None;
    let mut seen_header = false;
    let mut out = Vec::new();
    csv::rows(file, delimiter, |cells| {
        if cells.iter().all(csv::RawCell::is_empty) {
            return true;
        }
        let text = |c: &csv::RawCell<'_>| match &c.value {
            cell::Value::Text(t) => t.to_string(),
            _ => String::new(),
        };
        if !seen_header {
            seen_header = true;
            column = cells.iter().position(|c| text(c).trim() == header);
            return column.is_some();
        }
        if let Some(c) = column.and_then(|i| cells.get(i)).filter(|c| !c.is_empty()) {
            let mut at = file.offset_of(c.line as usize, c.col as usize);
            if file.text()[at..].starts_with('"') {
                at += 1;
            }
            out.push((c.line as usize, at, text(c)));
        }
        true
    });
    out
}

/// Whether a data file's name makes it a CSV file.
pub fn is_csv(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".csv")
}

/// Whether a CSV file is a source register (`sources.csv`, `x.sources.csv`).
fn is_source_register(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    file == "sources.csv" || file.ends_with(".sources.csv")
}
