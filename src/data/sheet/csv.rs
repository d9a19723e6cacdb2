//! CSV rows with the place of every cell. The `csv` crate reads the
//! records (quotes, doubled quotes, line breaks inside quotes, CRLF); the
//! place of each field in the text, which it does not keep, is found by
//! stepping over the record's raw bytes the same way. A UTF-8 byte order
//! mark is skipped; the separator is `,`, or `;` when the header row has
//! semicolons and no comma (Excel's CSV where the comma is the decimal
//! mark, as in Indonesian settings).

use super::cell::Value;
use crate::source::SourceFile;
use std::borrow::Cow;

/// One cell of a row: its value and where it is written (1-based line,
/// 0-based column and length in characters; quotes included).
#[derive(Clone, Debug)]
pub(crate) struct RawCell<'a> {
    pub value: Value<'a>,
    pub line: u32,
    pub col: u32,
    pub chars: u32,
}

impl RawCell<'_> {
    /// The cell, owning its text.
    pub(crate) fn to_owned(&self) -> RawCell<'static> {
        let value = match &self.value {
            Value::Text(t) => Value::Text(Cow::Owned(t.to_string())),
            Value::Number { value, percent } => Value::Number {
                value: *value,
                percent: *percent,
            },
            Value::Bool(b) => Value::Bool(*b),
            Value::Date(d) => Value::Date(d.clone()),
            Value::Error(e) => Value::Error(e.clone()),
        };
        RawCell {
            value,
            line: self.line,
            col: self.col,
            chars: self.chars,
        }
    }

    /// Whether the cell holds nothing (or only spaces).
    pub(crate) fn is_empty(&self) -> bool {
        matches!(&self.value, Value::Text(t) if t.trim().is_empty())
    }
}

/// The separator of a CSV text, from its first line.
pub(crate) fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if !first.contains(',') && first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// Calls `each` with every row of `file`, in order, until it returns false.
pub(crate) fn rows(file: &SourceFile, delimiter: u8, each: impl FnMut(&[RawCell<'_>]) -> bool) {
    let text = file.text();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    rows_in(file, delimiter, start..text.len(), each);
}

/// Like [`rows`], for the rows of `range` of the text, which starts and
/// ends at the start of a line (or the end of the text).
pub(crate) fn rows_in(
    file: &SourceFile,
    delimiter: u8,
    range: std::ops::Range<usize>,
    mut each: impl FnMut(&[RawCell<'_>]) -> bool,
) {
    let text = file.text();
    let start = range.start;
    let bytes = text.as_bytes();
    let starts = file.line_starts();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&bytes[start..range.end]);
    let mut record = ::csv::ByteRecord::new();
    // Reading from memory fails only on I/O, which cannot happen.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let Some(pos) = record.position() else {
            break;
        };
        let mut at = start + pos.byte() as usize;
        // After a CR the reader places the next record at the LF.
        while bytes[..range.end]
            .get(at)
            .is_some_and(|&b| b == b'\r' || b == b'\n')
        {
            at += 1;
        }
        // The line from the text's own index (a lone CR ends a record for
        // the reader, not a line for the text).
        let mut line = starts.partition_point(|&s| s as usize <= at).max(1);
        let mut line_start = starts.get(line - 1).map_or(0, |&s| (s as usize).min(at));
        let mut col = chars(&bytes[line_start..at]);
        let mut cells: Vec<RawCell<'_>> = Vec::with_capacity(record.len());
        for field in &record {
            let from = at;
            // An unquoted field is written as it reads; only a quoted one
            // needs its end found in the text.
            let quoted = bytes.get(at) == Some(&b'"');
            at = if quoted {
                field_end(bytes, at, delimiter)
            } else {
                at + field.len()
            };
            let raw = &bytes[from..at];
            let width = if raw.is_ascii() {
                raw.len()
            } else {
                chars(raw)
            };
            let value = std::str::from_utf8(field).map_or(Cow::Borrowed(""), Cow::Borrowed);
            cells.push(RawCell {
                value: Value::Text(value),
                line: u32::try_from(line).unwrap_or(u32::MAX),
                col: u32::try_from(col).unwrap_or(u32::MAX),
                chars: u32::try_from(width).unwrap_or(u32::MAX),
            });
            // A quoted field may hold line breaks.
            match memchr_last(b'\n', raw).filter(|_| quoted) {
                Some(nl) => {
                    line += raw.iter().filter(|&&b| b == b'\n').count();
                    line_start = from + nl + 1;
                    col = chars(&bytes[line_start..at]) + 1;
                }
                None => col += width + 1,
            }
            at += 1;
        }
        if !each(&cells) {
            break;
        }
    }
}

/// Where the field starting at `at` ends: at its separator or line break.
fn field_end(bytes: &[u8], mut at: usize, delimiter: u8) -> usize {
    if bytes.get(at) == Some(&b'"') {
        at += 1;
        while at < bytes.len() {
            if bytes[at] == b'"' {
                if bytes.get(at + 1) == Some(&b'"') {
                    at += 2;
                    continue;
                }
                at += 1;
                break;
            }
            at += 1;
        }
    }
    while at < bytes.len() && !matches!(bytes[at], b'\n' | b'\r') && bytes[at] != delimiter {
        at += 1;
    }
    at
}

/// Characters in UTF-8 bytes.
fn chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xc0) != 0x80).count()
}

fn memchr_last(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().rposition(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<(String, u32, u32, u32)>> {
        let file = SourceFile::new("t.csv", text);
        let mut out = Vec::new();
        rows(&file, delimiter(text), |row| {
            out.push(
                row.iter()
                    .map(|c| {
                        let Value::Text(t) = &c.value else {
                            panic!("text");
                        };
                        (t.to_string(), c.line, c.col, c.chars)
                    })
                    .collect(),
            );
            true
        });
        out
    }

    #[test]
    fn every_cell_has_its_line_and_column() {
        let rows = cells("\u{feff}a,b\r\n\"x,\"\"y\",é\n\n\"two\nlines\",z\nend;x,\n");
        let s = |t: &str| t.to_owned();
        assert_eq!(rows[0], vec![(s("a"), 1, 1, 1), (s("b"), 1, 3, 1)]);
        assert_eq!(rows[1], vec![(s("x,\"y"), 2, 0, 7), (s("é"), 2, 8, 1)]);
        assert_eq!(
            rows[2],
            vec![(s("two\nlines"), 4, 0, 11), (s("z"), 5, 7, 1)]
        );
        assert_eq!(rows[3], vec![(s("end;x"), 6, 0, 5), (s(""), 6, 6, 0)]);
    }

    #[test]
    fn semicolons_separate_when_the_header_has_no_comma() {
        let rows = cells("province;year;coverage\nAceh;2023;31,98\n");
        assert_eq!(rows[1][2].0, "31,98");
        assert_eq!(rows[1][2].2, 10);
    }
}
