//! The end of a sheet: ambiguous numbers decided by what their column
//! shows (over every part of a sheet read in parts), region-years given
//! twice found.

use super::{NONE, Pending, Reader, Sheet};
use crate::ast::FieldType;
use crate::data::sheet::cell::{self, Use, Value};
use crate::data::sheet::csv::RawCell;
use crate::data::sheet::error::SheetError;
use crate::data::sheet::schema::Role;
use std::borrow::Cow;

impl Reader<'_> {
    /// Ends the sheet: decides the ambiguous numbers by their columns,
    /// finds region-years given twice, and hands the sheet over.
    pub(crate) fn finish(self) -> Sheet {
        let mut sheets = finish_all(vec![self]);
        // INVARIANT: one reader gives one sheet.
        sheets.remove(0)
    }

    /// Gives the header row of a sheet read in parts to the reader of a
    /// later part (its problems are the first part's, reported there).
    pub(crate) fn take_header(&mut self, cells: &[RawCell<'_>]) {
        self.header_seen = true;
        self.header(cells);
        self.sheet.errors.clear();
    }

    pub(super) fn decide(&mut self, p: Pending, ev: [[bool; 2]; 2]) {
        let (s, o) = (cell::sep_index(p.sep), 1 - cell::sep_index(p.sep));
        let thousands = ev[s][Use::Thousands as usize] || ev[o][Use::Decimal as usize];
        let decimal = ev[s][Use::Decimal as usize] || ev[o][Use::Thousands as usize];
        let chosen = match (thousands, decimal) {
            (true, false) => p.thousands,
            (false, true) => p.decimal,
            // Reported as mixed separators.
            (true, true) => return,
            (false, false) => {
                let sep = char::from(p.sep);
                let err = SheetError::AmbiguousNumber {
                    thousands: p.text.replace(sep, ""),
                    decimal: p.text.replace(sep, "."),
                    text: p.text,
                    column: self.sheet.columns[p.col as usize].name.clone(),
                    file: self.sheet.file.clone(),
                    at: self.sheet.span(p.node),
                };
                self.error(err);
                return;
            }
        };
        match chosen {
            Ok(v) => {
                let (tag, payload) = self.payload(v);
                let n = &mut self.sheet.nodes[p.node as usize];
                n.tag = tag;
                n.payload = payload;
            }
            Err(bad) => {
                let n = self.sheet.nodes[p.node as usize];
                let ty = match self.sheet.columns[p.col as usize].role {
                    Some(Role::Figure { ty, .. } | Role::Region { ty, .. }) => ty,
                    _ => FieldType::Decimal,
                };
                let c = RawCell {
                    value: Value::Text(Cow::Owned(p.text)),
                    line: n.line,
                    col: u32::from(n.col),
                    chars: u32::from(n.len),
                };
                self.bad_cell(&c, p.col as usize, ty, bad);
            }
        }
    }

    pub(super) fn duplicate_years(&mut self) {
        let mut errors = Vec::new();
        for (r, region) in self.sheet.regions.iter().enumerate() {
            if region.rows.len() < 2 {
                continue;
            }
            let mut years: Vec<(i64, u32)> = region
                .rows
                .iter()
                .map(|&row| {
                    let node = self.sheet.rows[row as usize].year;
                    (self.sheet.nodes[node as usize].payload as i64, node)
                })
                .collect();
            years.sort_unstable();
            for pair in years.windows(2) {
                if pair[0].0 == pair[1].0 {
                    errors.push(SheetError::DuplicateRow {
                        what: "region-year",
                        region: self.sheet.region_path(r as u32),
                        year: pair[0].0,
                        file: self.sheet.file.clone(),
                        again: self.sheet.span(pair[1].1),
                        first: Some(self.sheet.span(pair[0].1)),
                        elsewhere: Vec::new(),
                    });
                }
            }
        }
        for e in errors {
            self.error(e);
        }
    }
}

/// The first (part, node) that shows a separator's use, if any.
type Shown = Option<(usize, u32)>;

/// Ends a sheet read in parts (one reader, or one per part of a large CSV
/// file, in order): what one part's cells show about a column's
/// separators decides the ambiguous numbers of every part.
pub(crate) fn finish_all(mut readers: Vec<Reader<'_>>) -> Vec<Sheet> {
    let rows: usize = readers.iter().map(|r| r.data_rows).sum();
    if let Some(first) = readers.first_mut()
        && (!first.header_seen || (!first.broken && rows == 0))
    {
        let at = first
            .sheet
            .columns
            .first()
            .map_or((0, 0).into(), |_| first.header_span_of(0));
        first.error(SheetError::NoRows {
            sheet: first.name(),
            file: first.sheet.file.clone(),
            at,
        });
    }
    // Per column, separator and use: the first (part, node) that shows it.
    let columns = readers.iter().map(|r| r.evidence.len()).max().unwrap_or(0);
    let mut first: Vec<[[Shown; 2]; 2]> = vec![[[None; 2]; 2]; columns];
    for (i, r) in readers.iter().enumerate() {
        for (col, ev) in r.evidence.iter().enumerate() {
            for sep in 0..2 {
                for used in 0..2 {
                    if ev[sep][used] != NONE && first[col][sep][used].is_none() {
                        first[col][sep][used] = Some((i, ev[sep][used]));
                    }
                }
            }
        }
    }
    for (col, ev) in first.iter().enumerate() {
        for (sep, c) in [(0, '.'), (1, ',')] {
            if let [Some((a, th)), Some((b, dec))] = ev[sep] {
                let err = SheetError::MixedSeparators {
                    column: readers[0].sheet.columns[col].name.clone(),
                    separator: c,
                    file: readers[0].sheet.file.clone(),
                    thousands: readers[a].sheet.span(th),
                    decimal: readers[b].sheet.span(dec),
                };
                readers[0].error(err);
            }
        }
    }
    let flags: Vec<[[bool; 2]; 2]> = first
        .iter()
        .map(|ev| ev.map(|per_sep| per_sep.map(|x| x.is_some())))
        .collect();
    readers
        .into_iter()
        .map(|mut r| {
            for p in std::mem::take(&mut r.pending) {
                let ev = flags[p.col as usize];
                r.decide(p, ev);
            }
            r.duplicate_years();
            r.sheet
        })
        .collect()
}
