//! One sheet's rows, read by the long-table convention into regions and
//! region-years: the header names the columns ([`schema`](super::schema)),
//! each row names its region by the identity columns and its year, and
//! every other cell is read in its column's declared type into a node
//! with the cell's place. Nothing is placed in the document yet: the rows
//! of one province may come from several sheets and a YAML file
//! ([`assemble`](super::assemble) joins them).

use super::SheetInfo;
use super::cell::{self, Bad, Read, Typed, Use, Value};
use super::csv::RawCell;
use super::error::{BadCellHelp, MissingColumnHelp, SheetError, UnknownColumnHelp};
use super::schema::{Level, Role, SheetSchema, SourceRole, source_names, source_role};
use crate::ast::FieldType;
use crate::data::error::span_at;
use crate::data::intern::Interner;
use crate::data::{DataError, Node, Tag};
use crate::source::SourceFile;
use miette::SourceSpan;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

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

    /// The trimmed text of an identity cell, or `None` when it is empty.
    fn identity<'c>(
        &self,
        cells: &'c [RawCell<'_>],
        col: Option<usize>,
    ) -> Option<(&'c RawCell<'c>, Cow<'c, str>)> {
        let c = cells.get(col?)?;
        let text = match &c.value {
            Value::Text(t) => Cow::Borrowed(t.trim()),
            Value::Number { value, .. } => Cow::Owned(format!("{value}")),
            Value::Date(d) => Cow::Borrowed(d.as_str()),
            Value::Bool(b) => Cow::Owned(b.to_string()),
            Value::Error(_) => return None,
        };
        (!text.is_empty()).then_some((c, text))
    }

    /// Pushes a node for a cell.
    fn push(&mut self, c: &RawCell<'_>, col: usize, tag: Tag, payload: u64) -> u32 {
        let id = self.sheet.nodes.len() as u32;
        self.sheet.nodes.push(Node {
            payload,
            line: c.line,
            col: u16::try_from(c.col).unwrap_or(u16::MAX),
            len: u8::try_from(c.chars).unwrap_or(u8::MAX),
            tag,
        });
        self.sheet.cols.push(u16::try_from(col).unwrap_or(u16::MAX));
        id
    }

    fn push_typed(&mut self, c: &RawCell<'_>, col: usize, v: Typed<'_>) -> u32 {
        let (tag, payload) = self.payload(v);
        self.push(c, col, tag, payload)
    }

    fn payload(&mut self, v: Typed<'_>) -> (Tag, u64) {
        match v {
            Typed::Bool(b) => (Tag::Bool, u64::from(b)),
            Typed::Int(i) => (Tag::Int, i as u64),
            Typed::Dec(d) => {
                self.sheet.decimals.push(d);
                (Tag::Dec, self.sheet.decimals.len() as u64 - 1)
            }
            Typed::Str(s) => (Tag::Str, u64::from(self.sheet.strings.intern(s))),
        }
    }

    /// Reads a cell in `ty`, pushing its node; `None` (and an error) when
    /// it is not a value of `ty`.
    fn typed(&mut self, c: &RawCell<'_>, col: usize, ty: FieldType) -> Option<u32> {
        if matches!(c.value, Value::Error(_)) {
            return None;
        }
        match cell::read(ty, &c.value) {
            Ok(Read::Value(v, seen)) => {
                let id = self.push_typed(c, col, v);
                for (sep, used) in seen {
                    let slot = &mut self.evidence[col][cell::sep_index(sep)][used as usize];
                    if *slot == NONE {
                        *slot = id;
                    }
                }
                Some(id)
            }
            Ok(Read::Ambiguous {
                sep,
                thousands,
                decimal,
            }) => {
                let id = self.push(c, col, Tag::Null, 0);
                let text = match &c.value {
                    Value::Text(t) => t.trim().to_owned(),
                    _ => String::new(),
                };
                self.pending.push(Pending {
                    node: id,
                    col: col as u16,
                    sep,
                    text,
                    thousands,
                    decimal,
                });
                Some(id)
            }
            Err(bad) => {
                self.bad_cell(c, col, ty, bad);
                None
            }
        }
    }

    fn bad_cell(&mut self, c: &RawCell<'_>, col: usize, ty: FieldType, bad: Bad) {
        let text = match &c.value {
            Value::Text(t) => t.to_string(),
            Value::Number { value, .. } => format!("{value}"),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.clone(),
            Value::Error(e) => e.clone(),
        };
        let expected = match bad {
            Bad::TooLong => "a number patuh holds exactly (64-bit whole numbers, 28 digits)",
            Bad::NotOfType => cell::expected(ty),
        };
        let help = match ty {
            FieldType::Count => BadCellHelp::Count,
            FieldType::Percent => BadCellHelp::Percent,
            FieldType::Rupiah => BadCellHelp::Rupiah,
            FieldType::Year => BadCellHelp::Year,
            FieldType::Bool => BadCellHelp::Bool,
            _ => BadCellHelp::Number,
        };
        let at = self.span(c);
        self.error(SheetError::BadCell {
            text,
            column: self
                .sheet
                .columns
                .get(col)
                .map_or_else(String::new, |c| c.name.clone()),
            expected,
            help,
            file: self.sheet.file.clone(),
            at,
        });
    }

    /// The region a row names, created on first mention.
    fn region(&mut self, parent: u32, level: Level, c: &RawCell<'_>, name: &str) -> u32 {
        let col = self.level_cols[level as usize].unwrap_or(0);
        let sym = self.sheet.strings.intern(Cow::Borrowed(name));
        if let Some(&r) = self.index.get(&(parent, sym)) {
            return r;
        }
        let node = self.push(c, col, Tag::Str, u64::from(sym));
        let r = self.sheet.regions.len() as u32;
        self.sheet.regions.push(Region {
            parent,
            name: node,
            children: Vec::new(),
            rows: Vec::new(),
            fields: Vec::new(),
        });
        self.index.insert((parent, sym), r);
        match parent {
            NONE => self.sheet.provinces.push(r),
            p => self.sheet.regions[p as usize].children.push(r),
        }
        r
    }

    fn figures(&mut self, cells: &[RawCell<'_>]) {
        // The region: the deepest level named, every level above it named too.
        let mut names = Vec::with_capacity(4);
        for level in Level::ALL {
            names.push(self.identity(cells, self.level_cols[level as usize]));
        }
        let Some(deepest) = names.iter().rposition(Option::is_some) else {
            self.missing_identity(cells, Level::Province);
            return;
        };
        if let Some(gap) = names[..deepest].iter().position(Option::is_none) {
            self.missing_identity(cells, Level::ALL[gap]);
            return;
        }
        // Rows of one region usually follow each other: the regions of
        // the row before are reused while the names are the same.
        let mut region = NONE;
        for (level, named) in Level::ALL.into_iter().zip(names).take(deepest + 1) {
            let Some((c, name)) = named else {
                continue;
            };
            let i = level as usize;
            match self.last.get(i) {
                Some((last, r)) if *last == name => region = *r,
                _ => {
                    region = self.region(region, level, c, &name);
                    self.last.truncate(i);
                    self.last.push((name.into_owned(), region));
                }
            }
        }
        self.last.truncate(deepest + 1);
        let year = match self.year_col.and_then(|y| cells.get(y).map(|c| (y, c))) {
            Some((y, c)) if !c.is_empty() => self.typed(c, y, FieldType::Year),
            _ => None,
        };
        let year_given = self
            .year_col
            .and_then(|y| cells.get(y))
            .is_some_and(|c| !c.is_empty());
        for (i, c) in cells.iter().enumerate() {
            if let Some(Role::Region { ty, .. }) =
                self.sheet.columns.get(i).and_then(|col| col.role.as_ref())
                && !c.is_empty()
            {
                let ty = *ty;
                if self.same_region_text(region, i, c) {
                    continue;
                }
                if let Some(node) = self.typed(c, i, ty) {
                    self.region_field(region, i, node);
                }
            }
        }
        let start = self.sheet.nodes.len() as u32;
        let mut figures = false;
        for (i, c) in cells.iter().enumerate() {
            if let Some(Role::Figure { ty, .. }) =
                self.sheet.columns.get(i).and_then(|col| col.role.as_ref())
                && !c.is_empty()
            {
                let ty = *ty;
                figures = true;
                if year.is_some() {
                    self.typed(c, i, ty);
                }
            }
        }
        match year {
            Some(year) => {
                let end = self.sheet.nodes.len() as u32;
                let row = self.sheet.rows.len() as u32;
                self.sheet.rows.push(Row {
                    year,
                    cells: start..end,
                });
                self.sheet.regions[region as usize].rows.push(row);
            }
            None if figures && !year_given => {
                if let Some(y) = self.year_col.and_then(|y| cells.get(y)) {
                    let at = self.span(y);
                    self.error(SheetError::MissingIdentity {
                        column: "year",
                        help: MissingColumnHelp::Year,
                        file: self.sheet.file.clone(),
                        at,
                    });
                }
            }
            None => {}
        }
    }

    fn missing_identity(&mut self, cells: &[RawCell<'_>], level: Level) {
        let Some(c) = self.level_cols[level as usize].and_then(|i| cells.get(i)) else {
            return;
        };
        let at = self.span(c);
        let help = match level {
            Level::Province => MissingColumnHelp::Province,
            Level::Regency => MissingColumnHelp::Regency,
            Level::District | Level::Village => MissingColumnHelp::District,
        };
        self.error(SheetError::MissingIdentity {
            column: level.column(),
            help,
            file: self.sheet.file.clone(),
            at,
        });
    }

    /// Whether the region's field of column `col` is text equal to the cell's.
    fn same_region_text(&self, region: u32, col: usize, c: &RawCell<'_>) -> bool {
        let Value::Text(t) = &c.value else {
            return false;
        };
        let fields = &self.sheet.regions[region as usize].fields;
        fields.iter().any(|&(fc, node)| {
            usize::from(fc) == col
                && self.sheet.nodes[node as usize].tag == Tag::Str
                && self.sheet.text(node) == t.as_ref()
        })
    }

    /// A region column's value: the same on every row of the region.
    fn region_field(&mut self, region: u32, col: usize, node: u32) {
        let col16 = col as u16;
        let fields = &self.sheet.regions[region as usize].fields;
        let Some(&(_, first)) = fields.iter().find(|(c, _)| *c == col16) else {
            self.sheet.regions[region as usize]
                .fields
                .push((col16, node));
            return;
        };
        let (a, b) = (
            self.sheet.nodes[first as usize],
            self.sheet.nodes[node as usize],
        );
        let same = a.tag == b.tag
            && match a.tag {
                Tag::Dec => {
                    self.sheet.decimals[a.payload as usize]
                        == self.sheet.decimals[b.payload as usize]
                }
                Tag::Null => true,
                _ => a.payload == b.payload,
            };
        if same || a.tag == Tag::Null || b.tag == Tag::Null {
            return;
        }
        let region_name = self.region_path(region);
        let err = SheetError::RegionDisagrees {
            column: self.sheet.columns[col].name.clone(),
            region: region_name,
            first_value: self.shown(first),
            again_value: self.shown(node),
            file: self.sheet.file.clone(),
            again: self.sheet.span(node),
            first: Some(self.sheet.span(first)),
            elsewhere: Vec::new(),
        };
        self.error(err);
    }

    fn shown(&self, node: u32) -> String {
        let n = self.sheet.nodes[node as usize];
        match n.tag {
            Tag::Str => self.sheet.text(node).to_owned(),
            Tag::Int => (n.payload as i64).to_string(),
            Tag::Dec => self.sheet.decimals[n.payload as usize].to_string(),
            Tag::Bool => (n.payload != 0).to_string(),
            _ => String::new(),
        }
    }

    /// `Sulawesi Tengah / Donggala`.
    fn region_path(&self, region: u32) -> String {
        self.sheet.region_path(region)
    }

    fn source(&mut self, cells: &[RawCell<'_>]) {
        let province = self.identity(cells, self.level_cols[0]);
        let id = self.identity(cells, self.year_col);
        let (Some((pc, pname)), Some((ic, iname))) = (province, id) else {
            let (col, help, column) = if self.identity(cells, self.level_cols[0]).is_none() {
                (self.level_cols[0], MissingColumnHelp::Province, "province")
            } else {
                (self.year_col, MissingColumnHelp::SourceId, "id")
            };
            if let Some(c) = col.and_then(|i| cells.get(i)) {
                let at = self.span(c);
                self.error(SheetError::MissingIdentity {
                    column,
                    help,
                    file: self.sheet.file.clone(),
                    at,
                });
            }
            return;
        };
        let (pcol, icol) = (self.level_cols[0].unwrap_or(0), self.year_col.unwrap_or(0));
        let psym = self.sheet.strings.intern(pname);
        let province = self.push(pc, pcol, Tag::Str, u64::from(psym));
        let isym = self.sheet.strings.intern(iname);
        let id = self.push(ic, icol, Tag::Str, u64::from(isym));
        let start = self.sheet.nodes.len() as u32;
        for (i, c) in cells.iter().enumerate() {
            if c.is_empty() {
                continue;
            }
            if let Some(SourceRole::Field(_)) = self.sheet.columns.get(i).and_then(|col| col.source)
            {
                self.typed(c, i, FieldType::Text);
            }
        }
        let end = self.sheet.nodes.len() as u32;
        self.sheet.sources.push(SourceRow {
            province,
            id,
            cells: start..end,
        });
    }

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

    fn decide(&mut self, p: Pending, ev: [[bool; 2]; 2]) {
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

    fn duplicate_years(&mut self) {
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
