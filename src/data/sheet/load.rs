//! Reading every data file, YAML and spreadsheets, and joining the rows of
//! each province into one document with its YAML document.

use super::assemble::{Assembler, Placed, Yaml, provinces};
use super::error::{Elsewhere, SheetError};
use super::table::{self, Kind, Reader};
use super::{SheetInfo, SheetSchema, Workbook, csv, is_csv, is_source_register, xlsx};
use crate::data::load::{FileArena, Limits, parse_file};
use crate::data::{DataError, DataErrors, Dataset};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::sync::Arc;

/// One input, before reading.
enum Input {
    Text(SourceFile),
    Book(Workbook),
}

impl Input {
    fn name(&self) -> &str {
        match self {
            Input::Text(f) => f.name(),
            Input::Book(b) => &b.name,
        }
    }
}

/// One input, read.
enum Parsed {
    Yaml(SourceFile, FileArena),
    /// The sheets of a file, each read in one or more parts.
    Sheets(Vec<Vec<table::Sheet>>),
    Broken(SourceFile, DataError),
}

/// Reads YAML files, CSV files and workbooks, and joins the rows of each
/// province into one document with its YAML document.
pub(crate) fn load(
    files: Vec<SourceFile>,
    books: Vec<Workbook>,
    schema: &SheetSchema,
    limits: &Limits,
    parsed: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, DataErrors> {
    let mut inputs: Vec<Input> = files
        .into_iter()
        .map(Input::Text)
        .chain(books.into_iter().map(Input::Book))
        .collect();
    inputs.sort_by(|a, b| a.name().cmp(b.name()));
    let read: Vec<Parsed> = inputs
        .par_iter()
        .map(|input| {
            let out = read_input(input, schema, limits);
            parsed(match input {
                Input::Text(f) => f.text().len(),
                Input::Book(b) => b.bytes.len(),
            });
            out
        })
        .collect();
    // Every file, sheets of a workbook in its order, with its index.
    let mut sources: Vec<SourceFile> = Vec::new();
    let mut infos: Vec<Option<Arc<SheetInfo>>> = Vec::new();
    let mut yaml_files: Vec<(u32, SourceFile, FileArena)> = Vec::new();
    let mut sheets: Vec<Placed> = Vec::new();
    let mut errors: Vec<(usize, DataError)> = Vec::new();
    for p in read {
        match p {
            Parsed::Yaml(file, mut arena) => {
                let i = sources.len();
                errors.extend(arena.errors.drain(..).map(|e| (i, e)));
                sources.push(file.clone());
                infos.push(None);
                yaml_files.push((i as u32, file, arena));
            }
            Parsed::Sheets(list) => {
                for parts in list {
                    let i = sources.len();
                    for (k, mut sheet) in parts.into_iter().enumerate() {
                        errors.extend(sheet.errors.drain(..).map(|e| (i, e)));
                        if k == 0 {
                            sources.push(sheet.file.clone());
                            infos.push(Some(sheet.info.clone()));
                        }
                        sheets.push(Placed::new(i as u32, sheet));
                    }
                }
            }
            Parsed::Broken(file, e) => {
                errors.push((sources.len(), e));
                sources.push(file);
                infos.push(None);
            }
        }
    }
    let yaml: Vec<Yaml<'_>> = yaml_files
        .iter()
        .map(|(i, file, arena)| Yaml {
            file: *i,
            source: file,
            arena,
        })
        .collect();
    let (mut provinces, index) = provinces(&sheets);
    // Each province's YAML document, if it has one.
    let mut claimed: Vec<Vec<(NodeIdx, usize)>> = vec![Vec::new(); yaml.len()];
    for (y, file) in yaml.iter().enumerate() {
        for &root in &file.arena.docs {
            let Some(name) = province_of(file.arena, root) else {
                continue;
            };
            let Some(&p) = index.get(name) else {
                continue;
            };
            match provinces[p].yaml {
                None => {
                    provinces[p].yaml = Some((y, root));
                    claimed[y].push((root.0, p));
                }
                Some((y0, first)) => {
                    let spot = |y: usize, id: crate::data::NodeId| {
                        let n = yaml[y].arena.nodes[id.0 as usize];
                        crate::data::error::span_at(
                            yaml[y].source,
                            n.line as usize,
                            n.col as usize,
                            1,
                        )
                    };
                    let (f0, f1) = (yaml[y0].source.clone(), file.source.clone());
                    let same = f0.name() == f1.name();
                    errors.push((
                        file.file as usize,
                        SheetError::TwoDocuments {
                            province: name.to_owned(),
                            file: f1,
                            again: spot(y, root),
                            first: same.then(|| spot(y0, first)),
                            elsewhere: if same {
                                Vec::new()
                            } else {
                                vec![Elsewhere {
                                    file: f0,
                                    at: spot(y0, first),
                                }]
                            },
                        }
                        .into(),
                    ));
                }
            }
        }
    }
    // Where each province's document goes: after its YAML file, or after
    // the first sheet that names it.
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    for (p, province) in provinces.iter().enumerate() {
        let file = match province.yaml {
            Some((y, _)) => yaml[y].file,
            None => {
                let first = province
                    .parts
                    .first()
                    .into_iter()
                    .chain(province.sources.first());
                match first.map(|&(s, _)| sheets[s].file).min() {
                    Some(f) => f,
                    None => continue,
                }
            }
        };
        after[file as usize].push(p);
    }
    // Documents are written in parallel, each into its own arena, then
    // merged in order.
    let mut built: Vec<Option<Doc>> = Vec::with_capacity(provinces.len());
    let written: Vec<_> = provinces
        .par_iter()
        .map_init(
            || Assembler::new(&sheets, &yaml),
            |a, p| {
                let doc = a.document(p);
                (doc, std::mem::take(&mut a.errors))
            },
        )
        .collect();
    for (doc, found) in written {
        built.push(Some(doc));
        errors.extend(found.into_iter().map(|e| {
            let i = sources
                .iter()
                .position(|f| f.name() == e.file().name())
                .unwrap_or(0);
            (i, e)
        }));
    }
    drop(sheets);
    let bytes = sources.iter().map(|f| f.text().len()).sum();
    let mut merger = crate::data::load::Merger::new(sources.len(), bytes);
    let mut y = 0;
    for (i, docs) in after.iter().enumerate() {
        if y < yaml_files.len() && yaml_files[y].0 as usize == i {
            let arena = &yaml_files[y].2;
            let keep: Vec<crate::data::NodeId> = arena
                .docs
                .iter()
                .copied()
                .filter(|d| !claimed[y].iter().any(|&(root, _)| root == d.0))
                .collect();
            merger.append(arena, keep, &[(arena.nodes.len() as u32, i as u32)]);
            y += 1;
        }
        for &p in docs {
            if let Some((arena, segments)) = built[p].take() {
                let docs = arena.docs.clone();
                merger.append(&arena, docs, &segments);
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|(i, e)| (*i, e.offset()));
        return Err(DataErrors(errors.into_iter().map(|(_, e)| e).collect()));
    }
    merger.finish_with(sources, infos)
}

type NodeIdx = u32;

/// An assembled document's arena and its segments.
type Doc = (FileArena, Vec<(u32, u32)>);

/// The `province` of a YAML document, if it has one as text.
fn province_of(arena: &FileArena, root: crate::data::NodeId) -> Option<&str> {
    let n = arena.nodes[root.0 as usize];
    if n.tag != crate::data::Tag::Map {
        return None;
    }
    let (start, len) = (
        (n.payload >> 32) as usize,
        (n.payload & 0xffff_ffff) as usize,
    );
    arena.entries[start..start + len]
        .iter()
        .find_map(|&(k, v)| {
            let (k, v) = (arena.nodes[k.0 as usize], arena.nodes[v.0 as usize]);
            let text = |n: crate::data::Node| {
                (n.tag == crate::data::Tag::Str)
                    .then(|| &*arena.strings.strings[n.payload as usize])
            };
            (text(k) == Some("province")).then(|| text(v)).flatten()
        })
}

/// Parts of a large CSV file are read in parallel, each at least this long.
const PART_BYTES: usize = 4 << 20;

/// Reads a CSV file: the header, then the rows, in parallel parts when the
/// file is large and has no quotes (so every line is a row).
fn read_csv(
    file: &SourceFile,
    schema: &SheetSchema,
    delimiter: u8,
    kind: Kind,
) -> Vec<table::Sheet> {
    let reader = || Reader::new(schema, file.clone(), file.name(), None, delimiter, kind);
    let mut first = reader();
    let mut header: Vec<csv::RawCell<'static>> = Vec::new();
    let text = file.text();
    csv::rows(file, delimiter, |cells| {
        if cells.iter().all(csv::RawCell::is_empty) {
            return true;
        }
        header = cells.iter().map(csv::RawCell::to_owned).collect();
        false
    });
    let after = header
        .iter()
        .map(|c| c.line as usize)
        .max()
        .and_then(|line| file.line_starts().get(line).copied())
        .map_or(text.len(), |s| s as usize);
    let rest = &text.as_bytes()[after..];
    let parts = if kind == Kind::Figures && rest.len() >= 2 * PART_BYTES && !rest.contains(&b'"') {
        rest.len() / PART_BYTES
    } else {
        1
    };
    if parts == 1 {
        csv::rows(file, delimiter, |cells| first.row(cells));
        return vec![first.finish()];
    }
    if !first.row(&header) {
        // A header that cannot be read: its problems, and no rows.
        return vec![first.finish()];
    }
    // Part boundaries at line starts.
    let mut bounds = vec![after];
    for k in 1..parts {
        let at = after + rest.len() * k / parts;
        let next = text.as_bytes()[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| at + i + 1);
        if next > *bounds.last().unwrap_or(&0) {
            bounds.push(next);
        }
    }
    bounds.push(text.len());
    let mut readers: Vec<Reader<'_>> = (1..bounds.len() - 1).map(|_| reader()).collect();
    readers.insert(0, first);
    readers.par_iter_mut().enumerate().for_each(|(i, r)| {
        if i > 0 {
            r.take_header(&header);
        }
        csv::rows_in(file, delimiter, bounds[i]..bounds[i + 1], |cells| {
            r.row(cells)
        });
    });
    table::finish_all(readers)
}

fn read_input(input: &Input, schema: &SheetSchema, limits: &Limits) -> Parsed {
    match input {
        Input::Text(file) if is_csv(file.name()) => {
            if file.text().len() > limits.max_file_bytes {
                let e = DataError::FileTooLarge {
                    size: file.text().len(),
                    limit: limits.max_file_bytes,
                    file: file.clone(),
                };
                return Parsed::Broken(file.clone(), e);
            }
            let kind = if is_source_register(file.name()) {
                Kind::Sources
            } else {
                Kind::Figures
            };
            let delimiter = csv::delimiter(file.text());
            Parsed::Sheets(vec![read_csv(file, schema, delimiter, kind)])
        }
        Input::Text(file) => Parsed::Yaml(file.clone(), parse_file(file, limits, true)),
        Input::Book(book) => match xlsx::sheets(book, limits) {
            Err(e) => Parsed::Broken(
                SourceFile::new(book.name.clone(), String::new()),
                DataError::Sheet(e),
            ),
            Ok(list) => Parsed::Sheets(
                list.into_iter()
                    .map(|s| {
                        let kind = if s.sheet.eq_ignore_ascii_case("sources") {
                            Kind::Sources
                        } else {
                            Kind::Figures
                        };
                        let mut reader = Reader::new(
                            schema,
                            s.file.clone(),
                            &book.name,
                            Some(&s.sheet),
                            b',',
                            kind,
                        );
                        for row in &s.rows {
                            if !reader.row(row) {
                                break;
                            }
                        }
                        vec![reader.finish()]
                    })
                    .collect(),
            ),
        },
    }
}
