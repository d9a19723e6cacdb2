//! The long table of a data set: a row per region and year (a region
//! without years gets a row with an empty year), identity columns, the
//! region's own fields on every row of the region, a column per figure
//! path; and the source register. Written as CSV (`x.csv` and
//! `x.sources.csv`) or as a workbook (sheets `figures` and `sources`).

use super::error::{ConvertError, Unrepresentable};
use crate::data::sheet::SheetSchema;
use crate::data::{Dataset, NodeId, View};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A cell of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing: an absent figure.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// An exact decimal.
    Dec(Decimal),
    /// `true` or `false`.
    Bool(bool),
}

/// Columns and rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The header.
    pub columns: Vec<String>,
    /// The rows, a cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// The figures and the source register.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    /// One row per region and year.
    pub figures: Table,
    /// One row per source of a province; empty when no document has sources.
    pub sources: Table,
}

const LEVELS: [&str; 4] = ["province", "regency", "district", "village"];
const LISTS: [&str; 3] = ["regencies", "districts", "villages"];
const SOURCE_COLUMNS: [&str; 6] = ["province", "id", "title", "publisher", "date", "url"];

/// A row before its columns are known: values by column name.
struct Row {
    names: [Option<String>; 4],
    year: Option<i64>,
    cells: Vec<(usize, Cell)>,
}

struct Builder<'a> {
    data: &'a Dataset,
    schema: &'a SheetSchema,
    /// Column names in first-use order, and for each its first value (for errors).
    columns: Vec<(String, NodeId, bool)>,
    index: HashMap<String, usize>,
    rows: Vec<Row>,
    depth: usize,
    sources: Vec<Vec<Cell>>,
    errors: Vec<ConvertError>,
}

/// The long table of every document of `data`; `schema` must declare
/// every column, so the table can be read back.
///
/// # Errors
/// Everything the table cannot hold, each at its place.
pub fn tables(data: &Dataset, schema: &SheetSchema) -> Result<Tables, Vec<ConvertError>> {
    let mut b = Builder {
        data,
        schema,
        columns: Vec::new(),
        index: HashMap::new(),
        rows: Vec::new(),
        depth: 1,
        sources: Vec::new(),
        errors: Vec::new(),
    };
    for &doc in data.docs() {
        b.document(doc);
    }
    b.check_columns();
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    let mut columns: Vec<String> = LEVELS[..2.max(b.depth)]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let levels = columns.len();
    columns.push("year".to_owned());
    // Region fields first, then figures, each in first-use order.
    let mut order: Vec<usize> = (0..b.columns.len()).collect();
    order.sort_by_key(|&i| (!b.columns[i].2, i));
    let position: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(at, &i)| (i, levels + 1 + at))
        .collect();
    columns.extend(order.iter().map(|&i| b.columns[i].0.clone()));
    let rows = b
        .rows
        .into_iter()
        .map(|r| {
            let mut row = vec![Cell::Empty; columns.len()];
            for (l, name) in r.names.into_iter().take(levels).enumerate() {
                row[l] = name.map_or(Cell::Empty, Cell::Text);
            }
            row[levels] = r.year.map_or(Cell::Empty, Cell::Int);
            for (c, cell) in r.cells {
                row[position[&c]] = cell;
            }
            row
        })
        .collect();
    let sources = if b.sources.is_empty() {
        Table::default()
    } else {
        Table {
            columns: SOURCE_COLUMNS.iter().map(|s| (*s).to_owned()).collect(),
            rows: b.sources,
        }
    };
    Ok(Tables {
        figures: Table { columns, rows },
        sources,
    })
}

impl Builder<'_> {
    fn refuse(&mut self, what: Unrepresentable, at: NodeId) {
        let loc = self.data.loc(at);
        self.errors.push(ConvertError::Unrepresentable {
            what,
            file: loc.file.clone(),
            at: loc.span,
        });
    }

    fn scalar(&self, id: NodeId) -> Option<Cell> {
        Some(match self.data.view(id) {
            View::Null => Cell::Empty,
            View::Bool(b) => Cell::Bool(b),
            View::Int(i) => Cell::Int(i),
            View::Dec(d) => Cell::Dec(d),
            View::Str(s) => Cell::Text(s.to_owned()),
            View::Map(_) | View::Seq(_) => return None,
        })
    }

    /// Whether a region's `name` (under `key` of `region`) reads back as
    /// written: not empty, no spaces at its ends (identity cells are read
    /// trimmed, so the subject would change).
    fn plain_name(&mut self, name: &str, region: NodeId, key: &str) -> bool {
        let at = (self.data.entries(region).iter())
            .find(|&&(k, _)| text_of(self.data, k) == Some(key))
            .map_or(region, |&(_, v)| v);
        if name.is_empty() {
            self.refuse(Unrepresentable::EmptyText(key.to_owned()), at);
            false
        } else if name.trim() != name {
            self.refuse(Unrepresentable::EdgeSpaces(name.to_owned()), at);
            false
        } else {
            true
        }
    }

    fn column(&mut self, name: &str, first: NodeId, region: bool) -> usize {
        if let Some(&i) = self.index.get(name) {
            if self.columns[i].2 != region {
                self.refuse(Unrepresentable::Clash(name.to_owned()), first);
            }
            return i;
        }
        if LEVELS.contains(&name) || name == "year" {
            self.refuse(Unrepresentable::Clash(name.to_owned()), first);
        }
        self.index.insert(name.to_owned(), self.columns.len());
        self.columns.push((name.to_owned(), first, region));
        self.columns.len() - 1
    }

    fn document(&mut self, doc: NodeId) {
        let name = self
            .data
            .entries(doc)
            .iter()
            .find(|&&(k, _)| text_of(self.data, k) == Some("province"))
            .and_then(|&(_, v)| text_of(self.data, v).map(str::to_owned));
        let Some(name) = name else {
            self.refuse(Unrepresentable::NoProvince, doc);
            return;
        };
        if !self.plain_name(&name, doc, "province") {
            return;
        }
        let mut names: [Option<String>; 4] = Default::default();
        names[0] = Some(name.clone());
        self.region(doc, 0, names, &name);
    }

    /// The rows of the region `map` at `level` (0 the province) and of
    /// the regions below it.
    fn region(&mut self, map: NodeId, level: usize, names: [Option<String>; 4], province: &str) {
        let data = self.data;
        let name_key = if level == 0 { "province" } else { "name" };
        let mut fields: Vec<(usize, Cell)> = Vec::new();
        let mut years: Option<NodeId> = None;
        let mut children: Option<NodeId> = None;
        for &(k, v) in data.entries(map) {
            let Some(key) = text_of(self.data, k) else {
                self.refuse(Unrepresentable::KeyNotText, k);
                continue;
            };
            match key {
                k2 if k2 == name_key => {}
                "years" if matches!(data.view(v), View::Map(_)) => years = Some(v),
                "sources" if level == 0 && matches!(data.view(v), View::Map(_)) => {
                    self.sources(v, province);
                }
                k2 if level < 3 && k2 == LISTS[level] && matches!(data.view(v), View::Seq(_)) => {
                    children = Some(v);
                }
                k2 if LISTS.contains(&k2) && matches!(data.view(v), View::Seq(_)) => {
                    self.refuse(Unrepresentable::TooDeep, k);
                }
                _ => match self.scalar(v) {
                    Some(Cell::Text(t)) if t.is_empty() => {
                        self.refuse(Unrepresentable::EmptyText(key.to_owned()), v);
                    }
                    Some(cell) if !key.contains('.') => {
                        let c = self.column(key, v, true);
                        fields.push((c, cell));
                    }
                    Some(_) => self.refuse(Unrepresentable::Dotted(key.to_owned()), k),
                    None => self.refuse(Unrepresentable::Nested(key.to_owned()), k),
                },
            }
        }
        let mut wrote = false;
        if let Some(years) = years {
            for &(k, v) in data.entries(years) {
                let (View::Int(year), View::Map(_)) = (data.view(k), data.view(v)) else {
                    self.refuse(Unrepresentable::NotAYear, k);
                    continue;
                };
                let mut cells = fields.clone();
                self.figures(v, &mut String::new(), &mut cells);
                self.rows.push(Row {
                    names: names.clone(),
                    year: Some(year),
                    cells,
                });
                wrote = true;
            }
        }
        let has_children =
            children.is_some_and(|c| matches!(data.view(c), View::Seq(s) if !s.is_empty()));
        if !wrote && (!fields.is_empty() || !has_children) {
            self.rows.push(Row {
                names: names.clone(),
                year: None,
                cells: fields,
            });
        }
        if let Some(children) = children
            && let View::Seq(items) = data.view(children)
        {
            self.depth = self.depth.max(level + 2);
            for &item in items {
                let name = data
                    .entries(item)
                    .iter()
                    .find(|&&(k, _)| text_of(self.data, k) == Some("name"))
                    .and_then(|&(_, v)| text_of(self.data, v).map(str::to_owned));
                match name {
                    Some(name) if !self.plain_name(&name, item, "name") => {}
                    Some(name) if matches!(data.view(item), View::Map(_)) => {
                        let mut below = names.clone();
                        below[level + 1] = Some(name);
                        self.region(item, level + 1, below, province);
                    }
                    _ => self.refuse(Unrepresentable::Unnamed, item),
                }
            }
        }
    }

    /// A year's figures, flattened to dotted paths.
    fn figures(&mut self, map: NodeId, prefix: &mut String, cells: &mut Vec<(usize, Cell)>) {
        for &(k, v) in self.data.entries(map) {
            let Some(key) = text_of(self.data, k) else {
                self.refuse(Unrepresentable::KeyNotText, k);
                continue;
            };
            if key.contains('.') {
                self.refuse(Unrepresentable::Dotted(key.to_owned()), k);
                continue;
            }
            let len = prefix.len();
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(key);
            match self.data.view(v) {
                View::Map(_) => self.figures(v, prefix, cells),
                View::Seq(_) => self.refuse(Unrepresentable::Nested(prefix.clone()), k),
                _ => match self.scalar(v) {
                    Some(Cell::Text(t)) if t.is_empty() => {
                        self.refuse(Unrepresentable::EmptyText(prefix.clone()), v);
                    }
                    Some(cell) => {
                        let c = self.column(&prefix.clone(), v, false);
                        cells.push((c, cell));
                    }
                    None => {}
                },
            }
            prefix.truncate(len);
        }
    }

    fn sources(&mut self, map: NodeId, province: &str) {
        for &(k, v) in self.data.entries(map) {
            let Some(id) = text_of(self.data, k) else {
                self.refuse(Unrepresentable::KeyNotText, k);
                continue;
            };
            let mut row = vec![Cell::Empty; SOURCE_COLUMNS.len()];
            row[0] = Cell::Text(province.to_owned());
            row[1] = Cell::Text(id.to_owned());
            for &(fk, fv) in self.data.entries(v) {
                let at = text_of(self.data, fk)
                    .and_then(|f| SOURCE_COLUMNS[2..].iter().position(|c| *c == f));
                match (at, self.data.view(fv)) {
                    (Some(at), View::Str(s)) => row[2 + at] = Cell::Text(s.to_owned()),
                    (Some(_), View::Null) => {}
                    (Some(_), _) => {
                        self.refuse(Unrepresentable::Nested(format!("sources.{id}")), fv)
                    }
                    (None, _) => self.refuse(Unrepresentable::Clash(format!("sources.{id}")), fk),
                }
            }
            if !matches!(self.data.view(v), View::Map(_)) {
                self.refuse(Unrepresentable::Nested(format!("sources.{id}")), v);
                continue;
            }
            self.sources.push(row);
        }
    }

    /// Every column must be declared as what it is, or the table could
    /// not be read back.
    fn check_columns(&mut self) {
        use crate::data::sheet::ColumnKind;
        for (name, first, region) in &self.columns {
            let kind = self.schema.column_kind(name);
            let ok = match kind {
                Some(ColumnKind::Region) => *region,
                Some(ColumnKind::Figure) => !region,
                None => false,
            };
            if !ok {
                let loc = self.data.loc(*first);
                self.errors.push(ConvertError::Undeclared {
                    column: name.clone(),
                    declaration: if *region {
                        name.clone()
                    } else {
                        format!("years.{name}")
                    },
                    file: loc.file.clone(),
                    at: loc.span,
                });
            }
        }
    }
}

/// The table as CSV text: `,`-separated, quoted where needed, numbers as
/// patuh reads them back (a decimal mark `.`).
pub fn write_csv(table: &Table) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(&table.columns);
    for row in &table.rows {
        let _ = w.write_record(row.iter().map(csv_text));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A decimal as text no reader can take for a thousands separator: with a
/// fourth decimal place when it has exactly three and a whole part of one
/// to three digits (`12.125` is written `12.1250`, the same number).
fn decimal_text(d: Decimal) -> String {
    let s = d.to_string();
    let unsigned = s.trim_start_matches('-');
    match unsigned.split_once('.') {
        Some((whole, frac))
            if frac.len() == 3 && (1..=3).contains(&whole.len()) && !whole.starts_with('0') =>
        {
            format!("{s}0")
        }
        _ => s,
    }
}

fn csv_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Dec(d) => decimal_text(*d),
        Cell::Bool(b) => b.to_string(),
    }
}

/// The tables as an XLSX workbook: sheets `figures` and `sources`. Whole
/// numbers and decimals that a binary number holds exactly as written are
/// number cells; any other decimal is a text cell as in CSV, so it keeps
/// every digit.
///
/// # Errors
/// What the workbook writer said.
pub fn write_xlsx(tables: &Tables) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, table) in [("figures", &tables.figures), ("sources", &tables.sources)] {
        if table.columns.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(|e| e.to_string())?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet
                .write_string(0, c as u16, column)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let written = match cell {
                    Cell::Empty => continue,
                    Cell::Text(t) => sheet.write_string(r, c, t),
                    Cell::Bool(b) => sheet.write_boolean(r, c, *b),
                    Cell::Int(i) if i.unsigned_abs() <= 1 << 53 => {
                        sheet.write_number(r, c, *i as f64)
                    }
                    Cell::Int(i) => sheet.write_string(r, c, i.to_string()),
                    Cell::Dec(d) => match exact_f64(*d) {
                        Some(f) => sheet.write_number(r, c, f),
                        None => sheet.write_string(r, c, decimal_text(*d)),
                    },
                };
                written.map_err(|e| e.to_string())?;
            }
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// The binary number whose shortest decimal is `d` as written, if any.
fn exact_f64(d: Decimal) -> Option<f64> {
    let f: f64 = d.to_string().parse().ok()?;
    (format!("{f}") == d.to_string()).then_some(f)
}

/// The text of a node that holds text.
fn text_of(data: &Dataset, id: NodeId) -> Option<&str> {
    match data.view(id) {
        View::Str(s) => Some(s),
        _ => None,
    }
}
