//! Documents from sheets and YAML: the rows of one province, from any
//! number of sheets, form one document, joined with that province's YAML
//! document if there is one. Regions are matched by name level by level
//! (a YAML regency by its `name`), years by their number, sources by their
//! id. The same region-year given twice, or the same figure, is an error
//! pointing at both places. Each document is written node by node into an
//! arena of its own ([`Writer`]), in document order, with the file every
//! node comes from.

use super::error::Elsewhere;
use super::schema::{Level, Role, SOURCES, YEARS};
use super::table::{Kind, NONE, Sheet};
use super::writer::{From, Writer};
use crate::data::error::span_at;
use crate::data::load::FileArena;
use crate::data::{DataError, Node, NodeId, Tag};
use crate::source::SourceFile;
use miette::SourceSpan;
use std::collections::HashMap;

mod fields;
mod years;

/// A sheet and the index of its file among all data files.
pub(crate) struct Placed {
    pub file: u32,
    pub sheet: Sheet,
    /// The figure columns as a tree of keys (`participants` > `bpu`).
    layout: Vec<Slot>,
}

impl Placed {
    pub(crate) fn new(file: u32, sheet: Sheet) -> Placed {
        let layout = layout(&sheet);
        Placed {
            file,
            sheet,
            layout,
        }
    }
}

/// A YAML file's arena and the index of its file.
pub(crate) struct Yaml<'a> {
    pub file: u32,
    pub source: &'a SourceFile,
    pub arena: &'a FileArena,
}

/// A key of a year's figures: a column, or a record of columns.
#[derive(Debug)]
enum Slot {
    Leaf { key: Box<str>, col: u16 },
    Group { key: Box<str>, slots: Vec<Slot> },
}

fn layout(sheet: &Sheet) -> Vec<Slot> {
    let mut root: Vec<Slot> = Vec::new();
    for (col, column) in sheet.columns.iter().enumerate() {
        let Some(Role::Figure { path, .. }) = &column.role else {
            continue;
        };
        let col = col as u16;
        let mut level = &mut root;
        for (i, part) in path.iter().enumerate() {
            if i + 1 == path.len() {
                level.push(Slot::Leaf {
                    key: part.clone(),
                    col,
                });
                break;
            }
            let at = level
                .iter()
                .position(|s| matches!(s, Slot::Group { key, .. } if key == part));
            let at = match at {
                Some(at) => at,
                None => {
                    level.push(Slot::Group {
                        key: part.clone(),
                        slots: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            let Slot::Group { slots, .. } = &mut level[at] else {
                break;
            };
            level = slots;
        }
    }
    root
}

/// One province: its YAML document, if any, and its rows and sources.
pub(crate) struct Province {
    pub name: String,
    /// (sheet, region) of every sheet that names it.
    pub parts: Vec<(usize, u32)>,
    /// (sheet, source row).
    pub sources: Vec<(usize, u32)>,
    /// (YAML file, document root).
    pub yaml: Option<(usize, NodeId)>,
}

/// The provinces the sheets name, in the order the files first name them.
pub(crate) fn provinces(sheets: &[Placed]) -> (Vec<Province>, HashMap<String, usize>) {
    let mut out: Vec<Province> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut entry = |name: &str, out: &mut Vec<Province>| match index.get(name) {
        Some(&i) => i,
        None => {
            index.insert(name.to_owned(), out.len());
            out.push(Province {
                name: name.to_owned(),
                parts: Vec::new(),
                sources: Vec::new(),
                yaml: None,
            });
            out.len() - 1
        }
    };
    for (s, p) in sheets.iter().enumerate() {
        let sheet = &p.sheet;
        match sheet.kind {
            Kind::Figures => {
                for &r in &sheet.provinces {
                    let i = entry(sheet.text(sheet.regions[r as usize].name), &mut out);
                    out[i].parts.push((s, r));
                }
            }
            Kind::Sources => {
                for (row, src) in sheet.sources.iter().enumerate() {
                    let i = entry(sheet.text(src.province), &mut out);
                    out[i].sources.push((s, row as u32));
                }
            }
        }
    }
    let index = out
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    (out, index)
}

/// Writes documents, collecting the errors found on the way.
pub(crate) struct Assembler<'a> {
    pub sheets: &'a [Placed],
    pub yaml: &'a [Yaml<'a>],
    pub errors: Vec<DataError>,
    w: Writer,
    /// Per sheet, the node of each column present in the row being written.
    present: Vec<Vec<u32>>,
    /// Per sheet and per YAML file, its symbols' symbols in the document.
    sheet_syms: Vec<Vec<u32>>,
    yaml_syms: Vec<Vec<u32>>,
}

/// A place in a file, for errors.
#[derive(Clone)]
struct Spot {
    file: SourceFile,
    at: SourceSpan,
}

/// The second place's file and span, and the first as a label in the same
/// file or a note about another.
fn two(first: Spot, again: Spot) -> (SourceFile, SourceSpan, Option<SourceSpan>, Vec<Elsewhere>) {
    if first.file.name() == again.file.name() {
        (again.file, again.at, Some(first.at), Vec::new())
    } else {
        (
            again.file,
            again.at,
            None,
            vec![Elsewhere {
                file: first.file,
                at: first.at,
            }],
        )
    }
}

impl<'a> Assembler<'a> {
    pub(crate) fn new(sheets: &'a [Placed], yaml: &'a [Yaml<'a>]) -> Self {
        Assembler {
            sheets,
            yaml,
            errors: Vec::new(),
            w: Writer::default(),
            present: sheets
                .iter()
                .map(|p| vec![NONE; p.sheet.columns.len()])
                .collect(),
            sheet_syms: vec![Vec::new(); sheets.len()],
            yaml_syms: vec![Vec::new(); yaml.len()],
        }
    }

    /// Writes one province's document; returns its arena and segments.
    pub(crate) fn document(&mut self, p: &Province) -> (FileArena, Vec<(u32, u32)>) {
        self.w = Writer::default();
        for seen in self.sheet_syms.iter_mut().chain(&mut self.yaml_syms) {
            seen.clear();
        }
        self.region(Level::Province, p.yaml, &p.parts, &p.sources, &p.name);
        std::mem::take(&mut self.w).finish()
    }

    fn sheet_spot(&self, s: usize, node: u32) -> Spot {
        let sheet = &self.sheets[s].sheet;
        Spot {
            file: sheet.file.clone(),
            at: sheet.span(node),
        }
    }

    fn yaml_spot(&self, y: usize, id: NodeId) -> Spot {
        let yaml = &self.yaml[y];
        let n = yaml.arena.nodes[id.0 as usize];
        Spot {
            file: yaml.source.clone(),
            at: span_at(yaml.source, n.line as usize, n.col as usize, n.len as usize),
        }
    }

    fn sheet_from(&self, s: usize, node: u32) -> From {
        From::node(
            self.sheets[s].file,
            &self.sheets[s].sheet.nodes[node as usize],
        )
    }

    fn header_from(&self, s: usize, col: usize) -> From {
        let at = self.sheets[s].sheet.columns[col].at;
        From {
            file: self.sheets[s].file,
            line: at.line,
            col: u16::try_from(at.col).unwrap_or(u16::MAX),
            len: u8::try_from(at.chars).unwrap_or(u8::MAX),
        }
    }

    /// Copies a sheet's node.
    fn cell(&mut self, s: usize, node: u32) {
        let sheet = &self.sheets[s].sheet;
        let n = sheet.nodes[node as usize];
        let at = From::node(self.sheets[s].file, &n);
        self.w.scalar(
            at,
            &n,
            &sheet.strings,
            &sheet.decimals,
            &mut self.sheet_syms[s],
        );
    }

    /// Copies a YAML node and everything under it.
    fn copy(&mut self, y: usize, id: NodeId) {
        let yaml = &self.yaml[y];
        let n = yaml.arena.nodes[id.0 as usize];
        let at = From::node(yaml.file, &n);
        match n.tag {
            Tag::Map | Tag::Seq => {
                let (start, len) = (
                    (n.payload >> 32) as usize,
                    (n.payload & 0xffff_ffff) as usize,
                );
                self.w.open(at, n.tag == Tag::Map);
                if n.tag == Tag::Map {
                    for i in start..start + len {
                        let (k, v) = self.yaml[y].arena.entries[i];
                        self.copy(y, k);
                        self.copy(y, v);
                    }
                } else {
                    for i in start..start + len {
                        let item = self.yaml[y].arena.items[i];
                        self.copy(y, item);
                    }
                }
                self.w.close();
            }
            _ => self.w.scalar(
                at,
                &n,
                &yaml.arena.strings,
                &yaml.arena.decimals,
                &mut self.yaml_syms[y],
            ),
        }
    }

    fn yaml_node(&self, y: usize, id: NodeId) -> Node {
        self.yaml[y].arena.nodes[id.0 as usize]
    }

    fn yaml_text(&self, y: usize, id: NodeId) -> Option<&'a str> {
        let n = self.yaml[y].arena.nodes[id.0 as usize];
        (n.tag == Tag::Str).then(|| &*self.yaml[y].arena.strings.strings[n.payload as usize])
    }

    fn yaml_entries(&self, y: usize, id: NodeId) -> &'a [(NodeId, NodeId)] {
        let a = self.yaml[y].arena;
        let n = a.nodes[id.0 as usize];
        if n.tag != Tag::Map {
            return &[];
        }
        let (start, len) = (
            (n.payload >> 32) as usize,
            (n.payload & 0xffff_ffff) as usize,
        );
        &a.entries[start..start + len]
    }

    fn yaml_items(&self, y: usize, id: NodeId) -> &'a [NodeId] {
        let a = self.yaml[y].arena;
        let n = a.nodes[id.0 as usize];
        if n.tag != Tag::Seq {
            return &[];
        }
        let (start, len) = (
            (n.payload >> 32) as usize,
            (n.payload & 0xffff_ffff) as usize,
        );
        &a.items[start..start + len]
    }

    /// Writes a region: its YAML mapping (if any) with the sheets' rows
    /// joined into it, else a mapping made from the rows.
    fn region(
        &mut self,
        level: Level,
        yaml: Option<(usize, NodeId)>,
        parts: &[(usize, u32)],
        sources: &[(usize, u32)],
        name: &str,
    ) {
        let at = match (yaml, parts.first(), sources.first()) {
            (Some((y, id)), _, _) => From::node(self.yaml[y].file, &self.yaml_node(y, id)),
            (None, Some(&(s, r)), _) => {
                self.sheet_from(s, self.sheets[s].sheet.regions[r as usize].name)
            }
            (None, None, Some(&(s, row))) => {
                self.sheet_from(s, self.sheets[s].sheet.sources[row as usize].province)
            }
            (None, None, None) => return,
        };
        self.w.open(at, true);
        let (mut years, mut children, mut have_sources) = (false, false, false);
        let below = level.children_key();
        let mut given: Vec<(&'a str, NodeId)> = Vec::new();
        if let Some((y, id)) = yaml {
            for &(k, v) in self.yaml_entries(y, id) {
                let key = self.yaml_text(y, k);
                let v_tag = self.yaml_node(y, v).tag;
                match key {
                    Some(YEARS) if v_tag == Tag::Map => {
                        self.copy(y, k);
                        self.years(Some((y, v)), parts, name);
                        years = true;
                    }
                    Some(key) if Some(key) == below && v_tag == Tag::Seq => {
                        self.copy(y, k);
                        self.children(level, Some((y, v)), parts, name);
                        children = true;
                    }
                    Some(SOURCES) if level == Level::Province && v_tag == Tag::Map => {
                        self.copy(y, k);
                        self.sources(Some((y, v)), sources, name);
                        have_sources = true;
                    }
                    _ => {
                        if let Some(key) = key {
                            given.push((key, k));
                        }
                        self.copy(y, k);
                        self.copy(y, v);
                    }
                }
            }
        } else if let Some(&(s, r)) = parts.first() {
            let col =
                self.sheets[s].sheet.cols[self.sheets[s].sheet.regions[r as usize].name as usize];
            let key_at = self.header_from(s, col as usize);
            self.w.text(key_at, level.name_key());
            self.cell(s, self.sheets[s].sheet.regions[r as usize].name);
        } else if let Some(&(s, row)) = sources.first() {
            let node = self.sheets[s].sheet.sources[row as usize].province;
            let col = self.sheets[s].sheet.cols[node as usize];
            let key_at = self.header_from(s, col as usize);
            self.w.text(key_at, level.name_key());
            self.cell(s, node);
        }
        self.region_fields(yaml.map(|(y, _)| y), &given, parts, name);
        if !have_sources && level == Level::Province && !sources.is_empty() {
            let (s, row) = sources[0];
            let id = self.sheets[s].sheet.sources[row as usize].id;
            let col = self.sheets[s].sheet.cols[id as usize] as usize;
            let key_at = self.header_from(s, col);
            self.w.text(key_at, SOURCES);
            self.sources(None, sources, name);
        }
        let sheets = self.sheets;
        if !years
            && let Some(&(s, r)) = parts
                .iter()
                .find(|&&(s, r)| !sheets[s].sheet.regions[r as usize].rows.is_empty())
        {
            let row = sheets[s].sheet.regions[r as usize].rows[0];
            let node = sheets[s].sheet.rows[row as usize].year;
            let col = sheets[s].sheet.cols[node as usize] as usize;
            self.w.text(self.header_from(s, col), YEARS);
            self.years(None, parts, name);
        }
        if !children
            && let Some(key) = below
            && let Some(&(s, r)) = parts
                .iter()
                .find(|&&(s, r)| !sheets[s].sheet.regions[r as usize].children.is_empty())
        {
            let child = sheets[s].sheet.regions[r as usize].children[0];
            let node = sheets[s].sheet.regions[child as usize].name;
            let col = sheets[s].sheet.cols[node as usize] as usize;
            self.w.text(self.header_from(s, col), key);
            self.children(level, None, parts, name);
        }
        self.w.close();
    }

    /// A level's regions: the YAML list's items (each joined with the rows
    /// of its name), then the regions only the sheets name.
    fn children(
        &mut self,
        level: Level,
        yaml: Option<(usize, NodeId)>,
        parts: &[(usize, u32)],
        name: &str,
    ) {
        let Some(below) = level.below() else {
            return;
        };
        let sheets = self.sheets;
        // The sheets' children by name, in the order first named.
        let mut groups: Vec<(&'a str, Vec<(usize, u32)>)> = Vec::new();
        let mut by_name: HashMap<&'a str, usize> = HashMap::new();
        for &(s, r) in parts {
            let sheet = &sheets[s].sheet;
            for &c in &sheet.regions[r as usize].children {
                let child = sheet.text(sheet.regions[c as usize].name);
                if parts.len() == 1 && yaml.is_none() {
                    groups.push((child, vec![(s, c)]));
                    continue;
                }
                match by_name.get(child) {
                    Some(&g) => groups[g].1.push((s, c)),
                    None => {
                        by_name.insert(child, groups.len());
                        groups.push((child, vec![(s, c)]));
                    }
                }
            }
        }
        let at = match yaml {
            Some((y, id)) => From::node(self.yaml[y].file, &self.yaml_node(y, id)),
            None => {
                let Some((_, first)) = groups.first() else {
                    return;
                };
                let (s, c) = first[0];
                self.sheet_from(s, sheets[s].sheet.regions[c as usize].name)
            }
        };
        self.w.open(at, false);
        let mut used = vec![false; groups.len()];
        if let Some((y, id)) = yaml {
            for &item in self.yaml_items(y, id) {
                let item_name = self
                    .yaml_entries(y, item)
                    .iter()
                    .find(|&&(k, _)| self.yaml_text(y, k) == Some("name"))
                    .and_then(|&(_, v)| self.yaml_text(y, v));
                match item_name.and_then(|n| by_name.get(n).copied()) {
                    Some(g) if !used[g] => {
                        used[g] = true;
                        let path = format!("{name} / {}", groups[g].0);
                        let members = std::mem::take(&mut groups[g].1);
                        self.region(below, Some((y, item)), &members, &[], &path);
                    }
                    _ => self.copy(y, item),
                }
            }
        }
        for (g, (child, members)) in groups.iter().enumerate() {
            if used[g] {
                continue;
            }
            let path = format!("{name} / {child}");
            self.region(below, None, members, &[], &path);
        }
        self.w.close();
    }
}
