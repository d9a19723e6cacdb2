//! One sheet's rows, read by the long-table convention into regions and
//! region-years: the header names the columns ([`schema`](super::schema)),
//! each row names its region by the identity columns and its year, and
//! every other cell is read in its column's declared type into a node
//! with the cell's place. Nothing is placed in the document yet: the rows
//! of one province may come from several sheets and a YAML file
//! ([`assemble`](super::assemble) joins them).

use super::SheetInfo;
use super::cell::{Bad, Typed, Value};
use super::csv::RawCell;
use super::error::{MissingColumnHelp, SheetError, UnknownColumnHelp};
use super::schema::{Level, Role, SheetSchema, SourceRole, source_names, source_role};
use crate::data::error::span_at;
use crate::data::intern::Interner;
use crate::data::{DataError, Node, Tag};
use crate::source::SourceFile;
use miette::SourceSpan;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

mod cells;
mod finish;

pub(crate) use finish::finish_all;

/// No region, no node.
pub(crate) const NONE: u32 = u32::MAX;

/// Where a header cell is: line, column and length in characters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At {
    pub line: u32,
    pub col: u32,
    pub chars: u32,
}

/// A column of the header.
#[derive(Debug)]
pub(crate) struct Column {
    pub name: String,
    pub at: At,
    pub role: Option<Role>,
    pub source: Option<SourceRole>,
}

/// A region named by the rows of this sheet.
#[derive(Debug)]
pub(crate) struct Region {
    /// The region above it, or [`NONE`] for a province.
    pub parent: u32,
    /// The node of its name (the identity cell of its first row).
    pub name: u32,
    /// Regions of the level below, in the order rows name them.
    pub children: Vec<u32>,
    /// Its rows with a year, in sheet order.
    pub rows: Vec<u32>,
    /// Its own fields: (column, node), in the order first given.
    pub fields: Vec<(u16, u32)>,
}

/// A row of figures for one region and year.
#[derive(Debug)]
pub(crate) struct Row {
    /// The node of its year (an integer, at the year cell).
    pub year: u32,
    /// Its figures' nodes; `cols` has each one's column.
    pub cells: Range<u32>,
}

/// A row of a source register.
#[derive(Debug)]
pub(crate) struct SourceRow {
    /// The province's name node.
    pub province: u32,
    /// The source id's node.
    pub id: u32,
    /// Its fields' nodes; `cols` has each one's column.
    pub cells: Range<u32>,
}

/// Whether a sheet holds figures or a source register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Figures,
    Sources,
}

/// One sheet, read.
pub(crate) struct Sheet {
    pub file: SourceFile,
    pub info: Arc<SheetInfo>,
    pub kind: Kind,
    pub columns: Vec<Column>,
    /// Every cell's node, with sheet-local symbols and decimals.
    pub nodes: Vec<Node>,
    /// The column of each node.
    pub cols: Vec<u16>,
    pub strings: Interner,
    pub decimals: Vec<Decimal>,
    pub regions: Vec<Region>,
    /// The province regions, in the order rows name them.
    pub provinces: Vec<u32>,
    pub rows: Vec<Row>,
    pub sources: Vec<SourceRow>,
    pub errors: Vec<DataError>,
}

impl Sheet {
    /// The text of a node that holds text.
    pub(crate) fn text(&self, node: u32) -> &str {
        let n = self.nodes[node as usize];
        match n.tag {
            Tag::Str => &self.strings.strings[n.payload as usize],
            _ => "",
        }
    }

    /// The span of a node.
    pub(crate) fn span(&self, node: u32) -> SourceSpan {
        let n = self.nodes[node as usize];
        span_at(&self.file, n.line as usize, n.col as usize, n.len as usize)
    }

    /// The names from the province down to `region`: `Sulawesi Tengah / Donggala`.
    pub(crate) fn region_path(&self, mut region: u32) -> String {
        let mut names = Vec::new();
        while region != NONE {
            let r = &self.regions[region as usize];
            names.push(self.text(r.name));
            region = r.parent;
        }
        names.reverse();
        names.join(" / ")
    }

    /// The span of a header cell.
    pub(crate) fn header_span(&self, col: usize) -> SourceSpan {
        let at = self.columns[col].at;
        span_at(
            &self.file,
            at.line as usize,
            at.col as usize,
            at.chars as usize,
        )
    }
}

/// An ambiguous number, decided once the whole column is read.
struct Pending {
    node: u32,
    col: u16,
    sep: u8,
    text: String,
    thousands: Result<Typed<'static>, Bad>,
    decimal: Result<Typed<'static>, Bad>,
}

/// Reads a sheet whose rows `rows` yields, header first.
pub(crate) struct Reader<'s> {
    schema: &'s SheetSchema,
    sheet: Sheet,
    /// (parent region or NONE, name symbol) -> region.
    index: HashMap<(u32, u32), u32>,
    /// Per column, the first node where `.` / `,` was a thousands separator / decimal mark.
    evidence: Vec<[[u32; 2]; 2]>,
    pending: Vec<Pending>,
    header_seen: bool,
    /// Per level, the column of its identity cell.
    level_cols: [Option<usize>; 4],
    year_col: Option<usize>,
    /// Whether the header was unusable: rows are not read.
    broken: bool,
    /// Rows below the header with anything in them.
    data_rows: usize,
    /// The columns whose header cell is empty.
    unnamed: Vec<usize>,
    /// The names and regions of the row before, by level.
    last: Vec<(String, u32)>,
}

impl<'s> Reader<'s> {
    pub(crate) fn new(
        schema: &'s SheetSchema,
        file: SourceFile,
        book: &str,
        sheet_name: Option<&str>,
        delimiter: u8,
        kind: Kind,
    ) -> Self {
        let info = Arc::new(SheetInfo {
            book: book.to_owned(),
            sheet: sheet_name.map(str::to_owned),
            delimiter,
            header_line: 0,
        });
        Reader {
            schema,
            sheet: Sheet {
                file,
                info,
                kind,
                columns: Vec::new(),
                nodes: Vec::new(),
                cols: Vec::new(),
                strings: Interner::default(),
                decimals: Vec::new(),
                regions: Vec::new(),
                provinces: Vec::new(),
                rows: Vec::new(),
                sources: Vec::new(),
                errors: Vec::new(),
            },
            index: HashMap::new(),
            evidence: Vec::new(),
            pending: Vec::new(),
            header_seen: false,
            level_cols: [None; 4],
            year_col: None,
            broken: false,
            data_rows: 0,
            unnamed: Vec::new(),
            last: Vec::new(),
        }
    }

    fn name(&self) -> String {
        self.sheet.file.name().to_owned()
    }

    fn span(&self, c: &RawCell<'_>) -> SourceSpan {
        span_at(
            &self.sheet.file,
            c.line as usize,
            c.col as usize,
            c.chars as usize,
        )
    }

    fn error(&mut self, e: SheetError) {
        self.sheet.errors.push(e.into());
    }

    /// Takes the next row; false once the sheet cannot be read further.
    pub(crate) fn row(&mut self, cells: &[RawCell<'_>]) -> bool {
        // Below a header that cannot be read, no row can be.
        if self.broken {
            return false;
        }
        if cells.iter().all(RawCell::is_empty) {
            return true;
        }
        if !self.header_seen {
            self.header_seen = true;
            self.header(cells);
            return !self.broken;
        }
        self.data_rows += 1;
        if cells.len() > self.sheet.columns.len()
            && let Some(extra) = cells[self.sheet.columns.len()..]
                .iter()
                .find(|c| !c.is_empty())
        {
            let at = self.span(extra);
            self.error(SheetError::RowLength {
                expected: self.sheet.columns.len(),
                found: cells.len(),
                file: self.sheet.file.clone(),
                at,
            });
            return true;
        }
        // A value under an empty header cell would be dropped unread.
        let unnamed = (self.unnamed.iter())
            .filter_map(|&i| cells.get(i))
            .find(|c| !c.is_empty());
        if let Some(c) = unnamed {
            let at = self.span(c);
            self.error(SheetError::UnnamedColumn {
                file: self.sheet.file.clone(),
                at,
            });
            return true;
        }
        for c in cells {
            if let Value::Error(text) = &c.value {
                let at = self.span(c);
                self.error(SheetError::ErrorCell {
                    text: text.clone(),
                    file: self.sheet.file.clone(),
                    at,
                });
            }
        }
        match self.sheet.kind {
            Kind::Figures => self.figures(cells),
            Kind::Sources => self.source(cells),
        }
        true
    }

    fn header(&mut self, cells: &[RawCell<'_>]) {
        let info = Arc::make_mut(&mut self.sheet.info);
        info.header_line = cells.first().map_or(1, |c| c.line);
        let mut known = 0;
        let mut unknown = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let name = match &c.value {
                Value::Text(t) => t.trim().to_owned(),
                _ => String::new(),
            };
            let (role, source) = match self.sheet.kind {
                Kind::Figures => (self.schema.role(&name), None),
                Kind::Sources => (None, source_role(&name)),
            };
            if role.is_some() || source.is_some() || self.schema.is_annotation(&name) {
                known += 1;
            } else if !name.is_empty() {
                unknown.push(i);
            } else {
                self.unnamed.push(i);
            }
            if let Some(first) = self
                .sheet
                .columns
                .iter()
                .position(|col| col.name == name && !name.is_empty())
            {
                let (first, again) = (self.header_span_of(first), self.span(c));
                self.error(SheetError::DuplicateColumn {
                    column: name.clone(),
                    file: self.sheet.file.clone(),
                    first,
                    again,
                });
                self.broken = true;
            }
            self.sheet.columns.push(Column {
                name,
                at: At {
                    line: c.line,
                    col: c.col,
                    chars: c.chars,
                },
                role,
                source,
            });
        }
        let row_span = self.row_span(cells);
        if known == 0 {
            let first = cells
                .iter()
                .find(|c| !c.is_empty())
                .map(|c| match &c.value {
                    Value::Text(t) => t.to_string(),
                    _ => String::new(),
                })
                .unwrap_or_default();
            self.error(SheetError::NoHeader {
                sheet: self.name(),
                first,
                file: self.sheet.file.clone(),
                at: row_span,
            });
            self.broken = true;
            return;
        }
        for i in unknown {
            let column = self.sheet.columns[i].name.clone();
            let help = match self.sheet.kind {
                Kind::Figures => crate::fuzzy::nearest(&column, self.schema.names())
                    .map_or(UnknownColumnHelp::Declare, |n| {
                        UnknownColumnHelp::DidYouMean(n.to_owned())
                    }),
                Kind::Sources => crate::fuzzy::nearest(&column, source_names())
                    .map_or(UnknownColumnHelp::SourceColumns, |n| {
                        UnknownColumnHelp::DidYouMean(n.to_owned())
                    }),
            };
            if self.sheet.kind == Kind::Figures && !self.schema.complete() {
                continue;
            }
            let at = self.header_span_of(i);
            self.error(SheetError::UnknownColumn {
                column,
                help,
                file: self.sheet.file.clone(),
                at,
            });
            self.broken = true;
        }
        self.evidence = vec![[[NONE; 2]; 2]; self.sheet.columns.len()];
        let find = |pred: &dyn Fn(&Column) -> bool| self.sheet.columns.iter().position(pred);
        let mut missing = Vec::new();
        match self.sheet.kind {
            Kind::Figures => {
                for level in Level::ALL {
                    self.level_cols[level as usize] = find(&|c| c.role == Some(Role::Level(level)));
                }
                self.year_col = find(&|c| c.role == Some(Role::Year));
                if self.level_cols[Level::Province as usize].is_none() {
                    missing.push(("province", MissingColumnHelp::Province));
                }
                if self.level_cols[Level::Regency as usize].is_none() {
                    missing.push(("regency", MissingColumnHelp::Regency));
                }
                if self.year_col.is_none() {
                    missing.push(("year", MissingColumnHelp::Year));
                }
                if self.level_cols[Level::Village as usize].is_some()
                    && self.level_cols[Level::District as usize].is_none()
                {
                    missing.push(("district", MissingColumnHelp::District));
                }
            }
            Kind::Sources => {
                self.level_cols[0] = find(&|c| c.source == Some(SourceRole::Province));
                self.year_col = find(&|c| c.source == Some(SourceRole::Id));
                if self.level_cols[0].is_none() {
                    missing.push(("province", MissingColumnHelp::Province));
                }
                if self.year_col.is_none() {
                    missing.push(("id", MissingColumnHelp::SourceId));
                }
            }
        }
        for (column, help) in missing {
            self.error(SheetError::MissingColumn {
                sheet: self.name(),
                column,
                help,
                file: self.sheet.file.clone(),
                at: row_span,
            });
            self.broken = true;
        }
    }

    fn header_span_of(&self, col: usize) -> SourceSpan {
        self.sheet.header_span(col)
    }

    fn row_span(&self, cells: &[RawCell<'_>]) -> SourceSpan {
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            return (0, 0).into();
        };
        let start = span_at(&self.sheet.file, first.line as usize, first.col as usize, 0);
        let end = span_at(
            &self.sheet.file,
            last.line as usize,
            last.col as usize,
            last.chars as usize,
        );
        (
            start.offset(),
            (end.offset() + end.len()).saturating_sub(start.offset()),
        )
            .into()
    }
}
