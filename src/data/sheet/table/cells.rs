//! A row's cells read into nodes: the identity cells into regions, the
//! region columns into the region's own fields (one value per region),
//! the figures into the row's nodes, each in its column's declared type.

use super::{NONE, Pending, Reader, Region, Row, SourceRow};
use crate::ast::FieldType;
use crate::data::sheet::cell::{self, Bad, Read, Typed, Value};
use crate::data::sheet::csv::RawCell;
use crate::data::sheet::error::{BadCellHelp, MissingColumnHelp, SheetError};
use crate::data::sheet::schema::{Level, Role, SourceRole};
use crate::data::{Node, Tag};
use std::borrow::Cow;

impl Reader<'_> {
    /// The trimmed text of an identity cell, or `None` when it is empty.
    pub(super) fn identity<'c>(
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
    pub(super) fn push(&mut self, c: &RawCell<'_>, col: usize, tag: Tag, payload: u64) -> u32 {
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

    pub(super) fn push_typed(&mut self, c: &RawCell<'_>, col: usize, v: Typed<'_>) -> u32 {
        let (tag, payload) = self.payload(v);
        self.push(c, col, tag, payload)
    }

    pub(super) fn payload(&mut self, v: Typed<'_>) -> (Tag, u64) {
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
    pub(super) fn typed(&mut self, c: &RawCell<'_>, col: usize, ty: FieldType) -> Option<u32> {
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

    pub(super) fn bad_cell(&mut self, c: &RawCell<'_>, col: usize, ty: FieldType, bad: Bad) {
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
    pub(super) fn region(&mut self, parent: u32, level: Level, c: &RawCell<'_>, name: &str) -> u32 {
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

    pub(super) fn figures(&mut self, cells: &[RawCell<'_>]) {
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

    pub(super) fn missing_identity(&mut self, cells: &[RawCell<'_>], level: Level) {
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
    pub(super) fn same_region_text(&self, region: u32, col: usize, c: &RawCell<'_>) -> bool {
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
    pub(super) fn region_field(&mut self, region: u32, col: usize, node: u32) {
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

    pub(super) fn shown(&self, node: u32) -> String {
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
    pub(super) fn region_path(&self, region: u32) -> String {
        self.sheet.region_path(region)
    }

    pub(super) fn source(&mut self, cells: &[RawCell<'_>]) {
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
}
