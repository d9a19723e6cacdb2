//! XLSX workbooks: every sheet read cell by cell (calamine's streaming
//! reader, so a sparse sheet with one cell at `XFD1048576` costs one cell,
//! not a dense grid), and given a synthesized source text named
//! `book.xlsx!Sheet1`: its rows as lines, line N being row N, each cell
//! written as in a CSV row (the value as the spreadsheet shows it), so
//! spans, labels and snippets work as for any file, and a cell's A1
//! reference is found from its line and field.
//!
//! A workbook is a zip archive: before anything is parsed, every entry is
//! unpacked once into nothing, counting, so a zip bomb is refused by what
//! it really unpacks to, whatever its headers claim.

use super::cell::Value;
use super::csv::RawCell;
use super::error::SheetError;
use crate::data::Limits;
use crate::source::SourceFile;
use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// A workbook as read from disk: its name and bytes.
#[derive(Clone, Debug)]
pub struct Workbook {
    /// The name as given (`data/figures.xlsx`).
    pub name: String,
    /// The file's bytes.
    pub bytes: Arc<[u8]>,
}

/// Most cells of one workbook.
pub(crate) const MAX_CELLS: u64 = 50_000_000;

/// Most entries of a workbook's zip archive.
const MAX_ENTRIES: usize = 10_000;

/// One sheet of a workbook: its synthesized text, how to name its cells,
/// and its rows (line, cells), each row dense from column A.
pub(crate) struct SheetText {
    pub file: SourceFile,
    /// The sheet's name in its workbook.
    pub sheet: String,
    pub rows: Vec<Vec<RawCell<'static>>>,
}

/// Every sheet of `book`, in workbook order, or the reason it cannot be read.
pub(crate) fn sheets(book: &Workbook, limits: &Limits) -> Result<Vec<SheetText>, Box<SheetError>> {
    let empty = || SourceFile::new(book.name.clone(), String::new());
    unpacked_size(book, limits).map_err(|e| {
        Box::new(match e {
            Unpack::TooLarge(limit, what) => SheetError::TooLarge {
                book: book.name.clone(),
                limit,
                what,
                file: empty(),
            },
            Unpack::Broken(reason) => SheetError::Unreadable {
                book: book.name.clone(),
                reason,
                file: empty(),
            },
        })
    })?;
    let unreadable = |e: calamine::XlsxError| {
        Box::new(SheetError::Unreadable {
            book: book.name.clone(),
            reason: e.to_string(),
            file: empty(),
        })
    };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(book.bytes.clone())).map_err(unreadable)?;
    let mut out = Vec::new();
    let mut budget = MAX_CELLS;
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).map_err(unreadable)?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent(&f.format_code))
            })
            .collect();
        let mut cells: Vec<(u32, u32, Value<'static>, String)> = Vec::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
            let (row, col) = cell.get_position();
            let percent = percent.get(style).copied().unwrap_or(false);
            let Some((value, shown)) = convert(cell.get_value(), percent) else {
                continue;
            };
            budget = budget.checked_sub(1).ok_or_else(|| {
                Box::new(SheetError::TooLarge {
                    book: book.name.clone(),
                    limit: MAX_CELLS,
                    what: "cells",
                    file: empty(),
                })
            })?;
            cells.push((row, col, value, shown));
        }
        drop(reader);
        cells.sort_by_key(|&(r, c, _, _)| (r, c));
        let too_large = || {
            Box::new(SheetError::TooLarge {
                book: book.name.clone(),
                limit: limits.max_file_bytes as u64,
                what: "bytes of cells",
                file: empty(),
            })
        };
        out.push(
            synthesize(&book.name, &name, cells, limits.max_file_bytes).ok_or_else(too_large)?,
        );
    }
    Ok(out)
}

/// Whether a number format shows a percentage: a `%` outside quotes.
fn is_percent(format: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in format.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell's value, and its text as the spreadsheet shows it; `None` for
/// an empty cell.
fn convert(v: &DataRef<'_>, percent: bool) -> Option<(Value<'static>, String)> {
    let number = |value: f64| {
        let shown = if percent {
            // As the cell is read (cell.rs): the shortest decimal of the
            // binary number, times 100 exactly: 0.3198 shows as 31.98%.
            let exact = rust_decimal::Decimal::from_str_exact(&format!("{value}"))
                .ok()
                .and_then(|d| d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED));
            match exact {
                Some(p) => format!("{}%", p.normalize()),
                None => format!("{}%", value * 100.0),
            }
        } else {
            format!("{value}")
        };
        (Value::Number { value, percent }, shown)
    };
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) => (Value::Text(Cow::Owned(s.clone())), s.clone()),
        DataRef::SharedString(s) => (Value::Text(Cow::Owned((*s).to_owned())), (*s).to_owned()),
        DataRef::Int(i) => number(*i as f64),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => (
            Value::Bool(*b),
            if *b { "TRUE" } else { "FALSE" }.to_owned(),
        ),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            let iso = if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
            };
            (Value::Date(iso.clone()), iso)
        }
        DataRef::DateTime(d) => number(d.as_f64()),
        DataRef::DateTimeIso(s) => (Value::Date(s.clone()), s.clone()),
        DataRef::DurationIso(s) => (Value::Text(Cow::Owned(s.clone())), s.clone()),
        DataRef::Error(e) => {
            let shown = e.to_string();
            (Value::Error(shown.clone()), shown)
        }
    })
}

/// The sheet's text and rows from its cells, sorted by row then column;
/// `None` when the text would pass `max_bytes`.
fn synthesize(
    book: &str,
    sheet: &str,
    cells: Vec<(u32, u32, Value<'static>, String)>,
    max_bytes: usize,
) -> Option<SheetText> {
    let mut text = String::new();
    let mut rows: Vec<Vec<RawCell<'static>>> = Vec::new();
    let mut line = 0u32; // rows written so far
    let mut cells = cells.into_iter().peekable();
    while let Some(&(row, _, _, _)) = cells.peek() {
        while line < row {
            text.push('\n');
            line += 1;
        }
        let mut out: Vec<RawCell<'static>> = Vec::new();
        let mut col_chars = 0u32;
        while let Some((_, col, value, shown)) = cells.next_if(|c| c.0 == row) {
            while (out.len() as u32) < col {
                if !out.is_empty() {
                    text.push(',');
                    col_chars += 1;
                }
                out.push(RawCell {
                    value: Value::Text(Cow::Borrowed("")),
                    line: row + 1,
                    col: col_chars,
                    chars: 0,
                });
            }
            if !out.is_empty() {
                text.push(',');
                col_chars += 1;
            }
            let written = escape(&shown);
            let chars = written.chars().count() as u32;
            text.push_str(&written);
            out.push(RawCell {
                value,
                line: row + 1,
                col: col_chars,
                chars,
            });
            col_chars += chars;
            if text.len() > max_bytes {
                return None;
            }
        }
        text.push('\n');
        line += 1;
        rows.push(out);
    }
    let name = format!("{book}!{sheet}");
    Some(SheetText {
        file: SourceFile::new(name, text),
        sheet: sheet.to_owned(),
        rows,
    })
}

/// A cell's text as a CSV field on one line: quoted when it holds a
/// comma, a quote or spaces at its ends; line breaks shown as `\n`.
fn escape(s: &str) -> Cow<'_, str> {
    let one_line = if s.contains(['\n', '\r']) {
        Cow::Owned(s.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n"))
    } else {
        Cow::Borrowed(s)
    };
    if one_line.contains([',', '"']) || one_line.trim() != one_line {
        Cow::Owned(format!("\"{}\"", one_line.replace('"', "\"\"")))
    } else {
        one_line
    }
}

enum Unpack {
    TooLarge(u64, &'static str),
    Broken(String),
}

/// Unpacks every entry of the archive into nothing, counting what it
/// really gives, against the limit on a data file's size.
fn unpacked_size(book: &Workbook, limits: &Limits) -> Result<u64, Unpack> {
    let mut zip = zip::ZipArchive::new(Cursor::new(&book.bytes[..]))
        .map_err(|e| Unpack::Broken(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Unpack::TooLarge(MAX_ENTRIES as u64, "files in its archive"));
    }
    let limit = limits.max_file_bytes as u64;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| Unpack::Broken(e.to_string()))?;
        let left = limit.saturating_sub(total);
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| Unpack::Broken(e.to_string()))?;
        total += read;
        if total > limit {
            return Err(Unpack::TooLarge(limit, "bytes unpacked"));
        }
    }
    Ok(total)
}
