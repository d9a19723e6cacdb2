//! What can be at a place: the declared schema, the loaded data's shape,
//! or both. A field exists at a place if the data has it there in any
//! document, or a declaration says it can be there; its type is the
//! declared one, else the one its values have.

use crate::ast::{FieldType, RuleFile};
use crate::data::Dataset;

use super::error::{
    CheckError, DataFix, DataHead, DataTypeError, Fix, Listing, UndeclaredKeyError,
};
pub(crate) use super::place::Place;
use super::program::{Absent, Read};
use super::schema::{RECORD, Schema, SchemaId};
use super::shape::{Kind, ROOT, ShapeId, Shapes};
use super::types::{Ty, Unit};

/// The schema and, with data, its shape.
pub(crate) struct Model<'a> {
    /// The declarations.
    pub schema: &'a Schema,
    /// The data and its shape (`patuh check`); `None` for `patuh lint`.
    pub data: Option<(&'a Dataset, &'a Shapes)>,
    /// `--deny-undeclared`: a data key no `field` declares is an error.
    pub deny_undeclared: bool,
}

impl Model<'_> {
    /// The document.
    pub(crate) fn root(&self) -> Place {
        let data = if self.data.is_some() {
            vec![ROOT]
        } else {
            vec![]
        };
        let schema = if self.schema.is_empty() {
            vec![]
        } else {
            vec![RECORD]
        };
        Place {
            open: data.is_empty() && schema.is_empty(),
            data,
            schema,
        }
    }

    /// Field `name` at `p`, or `None` when nothing has it there.
    pub(crate) fn field(&self, p: &Place, name: &str) -> Option<Place> {
        if p.open || p.schema.iter().any(|&s| self.schema.is_open(s)) {
            return Some(Place::open());
        }
        let mut out = Place::default();
        if let Some((data, shapes)) = self.data
            && let Some(sym) = data.sym(name)
        {
            out.data = p
                .data
                .iter()
                .filter_map(|&d| shapes.field(d, sym))
                .collect();
        }
        out.schema = p
            .schema
            .iter()
            .filter_map(|&s| self.schema.field(s, name))
            .collect();
        (!out.data.is_empty() || !out.schema.is_empty()).then_some(out)
    }

    /// Whether a record at `p` is a region (the document, an item of a
    /// list): a subject of its own, where a record reached by a field
    /// (`participants`) is a group of figures.
    pub(crate) fn is_region(&self, p: &Place) -> bool {
        let data = self.data.map(|(_, shapes)| shapes);
        p.schema.contains(&RECORD)
            || p.data.iter().any(|&d| {
                d == ROOT
                    || data
                        .is_some_and(|s| matches!(s.nodes[d].up, Some((_, super::shape::Up::Item))))
            })
    }

    /// How the figures of field `name` at `p` are read: in the unit it is
    /// declared there, else in the unit the name is declared anywhere (a
    /// name means one thing wherever it appears).
    pub(crate) fn read(&self, p: Option<&Place>, name: &str) -> Read {
        let here = p.and_then(|p| p.schema.iter().find_map(|&s| self.schema.nodes[s].ty));
        match here {
            Some(t) => Read::of(Some(t)),
            None => Read::of(self.schema.declared(name)),
        }
    }

    /// What a region without the field at `p` holds there: a collection
    /// (declared, or all the data has there) is named in the report's data
    /// completeness, and has no items when declared `optional`.
    pub(crate) fn absent(&self, p: &Place) -> Absent {
        if p.schema.iter().any(|&s| self.schema.nodes[s].optional) {
            return Absent::Empty;
        }
        match self.ty(p) {
            Ty::List(_) | Ty::Series(_) | Ty::Map(_) => Absent::Collection,
            _ => Absent::Missing,
        }
    }

    /// The dataset's symbol for `name`, when the data has it.
    pub(crate) fn sym(&self, name: &str) -> Option<crate::data::Sym> {
        self.data.and_then(|(d, _)| d.sym(name))
    }

    /// The names of the fields at `p`, sorted.
    pub(crate) fn names(&self, p: &Place) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        if let Some((data, shapes)) = self.data {
            for &d in &p.data {
                names.extend(
                    shapes.nodes[d]
                        .fields
                        .iter()
                        .map(|&(k, _)| data.str(k).to_owned()),
                );
            }
        }
        for &s in &p.schema {
            names.extend(self.schema.nodes[s].fields.iter().map(|(n, _)| n.clone()));
        }
        names.sort();
        names.dedup();
        names
    }

    /// `record.field` for the fields of the records at `p`
    /// (`apbd.bpu_allocation`), for suggesting a name written one level
    /// too high.
    pub(crate) fn nested(&self, p: &Place) -> Vec<String> {
        let mut out = Vec::new();
        for name in self.names(p) {
            if let Some(child) = self.field(p, &name)
                && matches!(self.ty(&child), Ty::Record(_))
            {
                out.extend(
                    self.names(&child)
                        .into_iter()
                        .map(|f| format!("{name}.{f}")),
                );
            }
        }
        out
    }

    /// For a field the data has and no declaration gives a type, how to
    /// declare it: `years.coverage`.
    pub(crate) fn undeclared_path(&self, p: &Place) -> Option<String> {
        let (data, shapes) = self.data?;
        let &first = p.data.first()?;
        p.undeclared().then(|| shapes.declared_path(data, first))
    }

    /// How the record at `p` would be declared (`years.participants`),
    /// when the data has it.
    pub(crate) fn declared_path_of(&self, p: &Place) -> Option<String> {
        let (data, shapes) = self.data?;
        let &first = p.data.first()?;
        Some(shapes.declared_path(data, first))
    }

    /// The year-keyed field at `p` whose entries have field `name`: where a
    /// figure of a year was read from the region (`years`).
    pub(crate) fn series_with(&self, p: &Place, name: &str) -> Option<String> {
        self.names(p).into_iter().find(|series| {
            self.field(p, series)
                .map(|child| self.ty(&child))
                .is_some_and(|t| matches!(&t, Ty::Series(v) if self.field(v, name).is_some()))
        })
    }

    /// The names of the regions at `p` (the documents, or the items of the
    /// lists there) as reports print them, sorted; `None` without data, or
    /// when one has no name.
    pub(crate) fn labels(&self, p: &Place) -> Option<Vec<String>> {
        let (data, shapes) = self.data?;
        if p.data.is_empty() || p.open {
            return None;
        }
        let mut out = Vec::new();
        for &d in &p.data {
            for n in shapes.nodes_at(data, d) {
                out.push(crate::data::path::region_label(data, n)?);
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// Every text the data holds at `p`, when there are few.
    pub(crate) fn texts(&self, p: &Place) -> Option<Vec<&str>> {
        let (data, shapes) = self.data?;
        if p.data.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for &d in &p.data {
            out.extend(shapes.nodes[d].all_texts()?.iter().map(|&s| data.str(s)));
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    fn elements(&self, p: &Place, series: bool) -> Place {
        let mut out = Place {
            open: p.open,
            ..Place::default()
        };
        if let Some((_, shapes)) = self.data {
            out.data = p
                .data
                .iter()
                .filter_map(|&d| {
                    let s = &shapes.nodes[d];
                    if series { s.values } else { s.items }
                })
                .collect();
        }
        for e in p.schema.iter().flat_map(|&s| self.schema.elements(s)) {
            if !out.schema.contains(&e) {
                out.schema.push(e);
            }
        }
        out
    }

    /// What a value at `p` is.
    pub(crate) fn ty(&self, p: &Place) -> Ty {
        if p.open {
            return Ty::Any;
        }
        let declared = p.schema.iter().map(|&s| self.schema.nodes[s].ty).next();
        match declared {
            Some(Some(t)) => return self.declared_ty(t, p),
            Some(None) => return Ty::Record(p.clone()),
            None => {}
        }
        let Some((_, shapes)) = self.data else {
            return Ty::Any;
        };
        let mut kinds = p.data.iter().flat_map(|&d| shapes.nodes[d].kinds());
        let mut seen = [false; 9];
        for k in &mut kinds {
            seen[k as usize] = true;
        }
        let has = |k: Kind| seen[k as usize];
        let only = |ks: &[Kind]| (0..9).all(|i| !seen[i] || ks.iter().any(|&k| k as usize == i));
        if !seen.iter().any(|&s| s) {
            Ty::Any
        } else if only(&[Kind::Int]) {
            Ty::Num(Unit::Count)
        } else if only(&[Kind::Int, Kind::Dec]) {
            Ty::Num(Unit::Number)
        } else if only(&[Kind::Text]) {
            Ty::Text
        } else if only(&[Kind::Bool]) {
            Ty::Bool
        } else if only(&[Kind::Series, Kind::EmptyMap]) && has(Kind::Series) {
            Ty::Series(self.elements(p, true))
        } else if only(&[Kind::Record, Kind::EmptyMap]) {
            Ty::Record(p.clone())
        } else if only(&[Kind::List]) {
            Ty::List(Box::new(self.ty(&self.elements(p, false))))
        } else {
            Ty::Any
        }
    }

    fn declared_ty(&self, t: FieldType, p: &Place) -> Ty {
        match t {
            FieldType::Count => Ty::Num(Unit::Count),
            FieldType::Decimal => Ty::Num(Unit::Number),
            FieldType::Percent | FieldType::Ratio => Ty::Num(Unit::Ratio),
            FieldType::Rupiah => Ty::Num(Unit::Rupiah),
            FieldType::Year => Ty::Num(Unit::Year),
            FieldType::Text => Ty::Text,
            FieldType::Bool => Ty::Bool,
            FieldType::List => Ty::List(Box::new(self.ty(&self.elements(p, false)))),
            FieldType::Series => Ty::Series(self.elements(p, true)),
            // Its keys are not checked: what its entries hold is open.
            FieldType::Map => Ty::Map(Place::open()),
        }
    }

    /// Reports data that does not hold what its field is declared to hold.
    pub(crate) fn validate(&self, files: &[RuleFile], out: &mut Vec<CheckError>) {
        if self.data.is_some() && !self.schema.is_empty() {
            self.validate_fields(files, ROOT, &[RECORD], None, out);
        }
    }

    /// `d` is where the data has what `s` declares; `field` is the
    /// declared path (`None` for the document).
    fn validate_at(
        &self,
        files: &[RuleFile],
        d: ShapeId,
        s: SchemaId,
        field: Option<&str>,
        out: &mut Vec<CheckError>,
    ) {
        let Some((_, shapes)) = self.data else {
            return;
        };
        let shape = &shapes.nodes[d];
        let node = &self.schema.nodes[s];
        if let Some(field) = field {
            let field = field.to_owned();
            let (head, fix) = match node.ty {
                Some(t) => (
                    DataHead::Declared {
                        field,
                        ty: t.as_str(),
                    },
                    Fix::Type(t),
                ),
                None => (DataHead::Record { field }, Fix::Record),
            };
            self.mismatches(files, d, node.ty, (head, fix), node.decl, out);
        }
        match node.ty {
            None => self.validate_fields(files, d, &[s], field, out),
            Some(t @ (FieldType::List | FieldType::Series)) => {
                let (elements, what, fix) = if t == FieldType::List {
                    (shape.items, "the items", Fix::ListItems)
                } else {
                    (shape.values, "the entries", Fix::SeriesEntries)
                };
                if let (Some(e), Some(field)) = (elements, field) {
                    // Elements are records: check they are, then their fields.
                    let head = DataHead::Elements {
                        elements: what,
                        field: field.to_owned(),
                    };
                    self.mismatches(files, e, None, (head, fix), node.decl, out);
                    // A list item is a region plus the list's own fields.
                    let records = self.schema.elements(s);
                    self.validate_fields(files, e, &records, Some(field), out);
                }
            }
            Some(_) => {}
        }
    }

    /// The fields the data has at `d`, against the records `records`
    /// declare there; `within` names the record (`years`), and is not
    /// used for a region's own fields. A key no record declares is reported, unless a record is
    /// open (`map`).
    fn validate_fields(
        &self,
        files: &[RuleFile],
        d: ShapeId,
        records: &[SchemaId],
        within: Option<&str>,
        out: &mut Vec<CheckError>,
    ) {
        let Some((data, shapes)) = self.data else {
            return;
        };
        let open = records.iter().any(|&s| self.schema.is_open(s));
        for &(key, child) in &shapes.nodes[d].fields {
            let name = data.str(key);
            let mut declared = false;
            for &record in records {
                let Some(sc) = self.schema.field(record, name) else {
                    continue;
                };
                declared = true;
                let path = match within {
                    Some(w) if record != RECORD => format!("{w}.{name}"),
                    _ => name.to_owned(),
                };
                self.validate_at(files, child, sc, Some(&path), out);
            }
            if !declared && !open {
                self.undeclared(files, records, child, name, out);
            }
        }
    }

    /// `name`, a key at data place `child`, that none of `records` declares.
    fn undeclared(
        &self,
        files: &[RuleFile],
        records: &[SchemaId],
        child: ShapeId,
        name: &str,
        out: &mut Vec<CheckError>,
    ) {
        let Some((data, shapes)) = self.data else {
            return;
        };
        let shape = &shapes.nodes[child];
        let Some(at) = shape.key else {
            return; // INVARIANT: a field's shape is made with its key
        };
        let mut names: Vec<String> = records
            .iter()
            .flat_map(|&s| self.schema.names_at(s))
            .collect();
        names.sort();
        names.dedup();
        // A name declared here, else one declared elsewhere (`funds_bpu`
        // at the top of a document means `years.funds_bpu`).
        let everywhere: Vec<String> = files
            .iter()
            .flat_map(|f| &f.fields)
            .map(|d| d.name())
            .collect();
        let leaf = |path: &str| path.rsplit('.').next().unwrap_or(path).to_owned();
        let meant = crate::fuzzy::nearest(name, names.iter().map(String::as_str))
            .map(str::to_owned)
            .or_else(|| {
                let leaves: Vec<String> = everywhere.iter().map(|p| leaf(p)).collect();
                let near = crate::fuzzy::nearest(name, leaves.iter().map(String::as_str))?;
                everywhere.iter().find(|p| leaf(p) == near).cloned()
            });
        let loc = data.loc(at);
        out.push(
            UndeclaredKeyError {
                key: name.to_owned(),
                path: crate::data::path::data_path(data, at),
                meant,
                declared: Listing::of(names, 24),
                times: shape.total(),
                denied: self.deny_undeclared,
                span: loc.span,
                src: loc.file.clone(),
            }
            .into(),
        );
    }

    /// Reports every kind of value at `d` that `ty` does not hold: what
    /// was declared, and how to write such a value.
    fn mismatches(
        &self,
        files: &[RuleFile],
        d: ShapeId,
        ty: Option<FieldType>,
        (head, fix): (DataHead, Fix),
        decl: Option<super::schema::DeclAt>,
        out: &mut Vec<CheckError>,
    ) {
        let Some((data, shapes)) = self.data else {
            return;
        };
        let shape = &shapes.nodes[d];
        for kind in shape.kinds() {
            let Some(first) = shape.first[kind as usize] else {
                continue;
            };
            if holds(ty, kind) {
                continue;
            }
            // A series with a key that is not a year: point at that key,
            // not at the map's first (good) one.
            let at = match (ty, kind, data.view(first)) {
                (Some(FieldType::Series), Kind::Record, crate::data::View::Map(entries)) => entries
                    .iter()
                    .map(|&(k, _)| k)
                    .find(|&k| data.node(k).tag != crate::data::Tag::Int)
                    .unwrap_or(first),
                _ => first,
            };
            let loc = data.loc(at);
            let declared_at = decl.map(|at| {
                let file = &files[at.file].source;
                let (line, _) = file.line_col(at.span.start as usize);
                (file.name().to_owned(), line)
            });
            out.push(
                DataTypeError {
                    what: head.clone(),
                    holds: kind.name(),
                    help: DataFix {
                        fix,
                        more: shape.counts[kind as usize].saturating_sub(1),
                        declared_at,
                    },
                    span: loc.span,
                    path: crate::data::path::data_path(data, first),
                    src: loc.file.clone(),
                }
                .into(),
            );
        }
    }
}

/// Whether data of `kind` fits the declared type (`None`: a record).
fn holds(ty: Option<FieldType>, kind: Kind) -> bool {
    use Kind::*;
    match ty {
        _ if kind == Null => true,
        None => matches!(kind, Record | EmptyMap),
        Some(FieldType::Count | FieldType::Year) => kind == Int,
        Some(FieldType::Decimal | FieldType::Percent | FieldType::Ratio | FieldType::Rupiah) => {
            matches!(kind, Int | Dec)
        }
        Some(FieldType::Text) => kind == Text,
        Some(FieldType::Bool) => kind == Bool,
        Some(FieldType::List) => kind == List,
        Some(FieldType::Series) => matches!(kind, Series | EmptyMap),
        Some(FieldType::Map) => matches!(kind, Record | Series | EmptyMap),
    }
}
