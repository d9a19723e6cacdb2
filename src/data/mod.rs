//! Regional data: every YAML document of every data file, in one compact arena.
//!
//! Designed for the national dataset (~84k villages x 10 years, ~20M YAML
//! nodes): a node is 16 bytes, keys are interned, children are index ranges
//! into shared vectors, and every node keeps the line and column it was read
//! from, so each finding can point at its data line. Files are parsed in
//! parallel (see [`load`]) and merged into one [`Dataset`].

mod error;
mod intern;
mod load;
pub mod path;
pub mod sheet;

pub use error::{DataError, DataErrors};
pub use load::{Limits, load, load_data, load_reporting, load_yaml};
pub use sheet::{SheetSchema, Workbook};

use crate::source::{SourceFile, Span};
use rust_decimal::Decimal;

/// Index of a node in [`Dataset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// An interned string (map keys and text values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// What a node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tag {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool,
    /// An exact integer (i64).
    Int,
    /// An exact decimal, e.g. `31.98`: `payload` indexes the arena's decimals.
    Dec,
    /// Text (an interned [`Sym`]).
    Str,
    /// A mapping: `payload` packs (first entry index, entry count).
    Map,
    /// A sequence: `payload` packs (first item index, item count).
    Seq,
}

/// One YAML node. 16 bytes; the file is found from the node's index.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// An integer's or boolean's bits, an interned symbol, the index of a
    /// decimal, or (start << 32 | len) for maps and sequences.
    pub payload: u64,
    /// 1-based line.
    pub line: u32,
    /// 0-based column, in characters (saturating).
    pub col: u16,
    /// Length in characters of the written scalar (saturating at 255; 0 for collections).
    pub len: u8,
    /// What `payload` means.
    pub tag: Tag,
}

// The arena's size is the national data's memory: a node must stay 16 bytes.
const _: () = assert!(std::mem::size_of::<Node>() == 16);

/// A node seen through its tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View<'a> {
    /// No value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An exact integer.
    Int(i64),
    /// An exact decimal, as written (`1.50` keeps its two places).
    Dec(Decimal),
    /// Text.
    Str(&'a str),
    /// A mapping's (key, value) pairs, in file order.
    Map(&'a [(NodeId, NodeId)]),
    /// A sequence's items, in file order.
    Seq(&'a [NodeId]),
}

/// Where a node was read.
#[derive(Clone, Debug)]
pub struct DataLoc<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Byte span in `file`, for labels.
    pub span: Span,
    /// The cell, when the file was read from a spreadsheet.
    pub cell: Option<sheet::Cell>,
}

/// All loaded data.
#[derive(Default)]
pub struct Dataset {
    pub(crate) files: Vec<SourceFile>,
    /// Which file each run of node ids was read from: `(end, file)`, one
    /// past the run's last node and the index of its file, in id order. A
    /// YAML file is one run; a document assembled from sheets and YAML
    /// holds a run per change of file (see `docs/architecture.md`).
    pub(crate) segments: Vec<(u32, u32)>,
    /// For each file read from a spreadsheet, how to name its cells.
    pub(crate) sheets: Vec<Option<std::sync::Arc<sheet::SheetInfo>>>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) entries: Vec<(NodeId, NodeId)>,
    pub(crate) items: Vec<NodeId>,
    /// Every distinct text of keys and values, once.
    pub(crate) strings: intern::Interner,
    /// The decimals, kept beside the nodes so a node stays 16 bytes.
    pub(crate) decimals: Vec<Decimal>,
    /// Root node of every document, in file order then document order.
    pub(crate) docs: Vec<NodeId>,
}

impl Dataset {
    /// The loaded files, sorted by name.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Root nodes of all documents, in file order.
    pub fn docs(&self) -> &[NodeId] {
        &self.docs
    }

    /// Number of nodes, for statistics.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The raw node.
    #[inline]
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes[id.0 as usize]
    }

    /// The node seen through its tag.
    #[inline]
    pub fn view(&self, id: NodeId) -> View<'_> {
        let n = self.node(id);
        let (start, len) = (
            (n.payload >> 32) as usize,
            (n.payload & 0xffff_ffff) as usize,
        );
        match n.tag {
            Tag::Null => View::Null,
            Tag::Bool => View::Bool(n.payload != 0),
            Tag::Int => View::Int(n.payload as i64),
            Tag::Dec => View::Dec(self.decimals[n.payload as usize]),
            Tag::Str => View::Str(&self.strings.strings[n.payload as usize]),
            Tag::Map => View::Map(&self.entries[start..start + len]),
            Tag::Seq => View::Seq(&self.items[start..start + len]),
        }
    }

    /// The symbol of `s`, if any data holds that string.
    pub fn sym(&self, s: &str) -> Option<Sym> {
        self.strings.get(s).map(Sym)
    }

    /// The text of a symbol.
    #[inline]
    pub fn str(&self, sym: Sym) -> &str {
        &self.strings.strings[sym.0 as usize]
    }

    /// The (key, value) pairs of a mapping; empty for anything else.
    #[inline]
    pub fn entries(&self, id: NodeId) -> &[(NodeId, NodeId)] {
        let n = &self.nodes[id.0 as usize];
        if n.tag != Tag::Map {
            return &[];
        }
        let (start, len) = (
            (n.payload >> 32) as usize,
            (n.payload & 0xffff_ffff) as usize,
        );
        &self.entries[start..start + len]
    }

    /// The value under text key `key` of mapping `map`.
    #[inline]
    pub fn get(&self, map: NodeId, key: Sym) -> Option<NodeId> {
        self.entry_by(map, Tag::Str, u64::from(key.0))
            .map(|(_, v)| v)
    }

    /// The value under integer key `key` (a year) of mapping `map`.
    #[inline]
    pub fn get_int(&self, map: NodeId, key: i64) -> Option<NodeId> {
        self.entry_by(map, Tag::Int, key as u64).map(|(_, v)| v)
    }

    /// The (key, value) entry under integer key `key` (a year) of mapping `map`.
    #[inline]
    pub fn entry_int(&self, map: NodeId, key: i64) -> Option<(NodeId, NodeId)> {
        self.entry_by(map, Tag::Int, key as u64)
    }

    /// The entry whose key node has this tag and payload: the hot path of
    /// every field access, comparing raw nodes rather than views.
    #[inline]
    fn entry_by(&self, map: NodeId, tag: Tag, payload: u64) -> Option<(NodeId, NodeId)> {
        self.entries(map).iter().copied().find(|&(k, _)| {
            let n = &self.nodes[k.0 as usize];
            n.tag == tag && n.payload == payload
        })
    }

    /// Whether every key of the mapping `map` is an integer (a year-keyed
    /// series); false for an empty mapping and for anything else.
    #[inline]
    pub fn is_series(&self, map: NodeId) -> bool {
        let entries = self.entries(map);
        !entries.is_empty()
            && entries
                .iter()
                .all(|(k, _)| self.nodes[k.0 as usize].tag == Tag::Int)
    }

    /// Index of the file that holds `id`.
    pub fn file_index(&self, id: NodeId) -> usize {
        let run = self.segments.partition_point(|&(end, _)| end <= id.0);
        self.segments
            .get(run)
            .map_or(self.files.len().saturating_sub(1), |&(_, file)| {
                file as usize
            })
    }

    /// Whether any node was read from file `index` (a sheet whose rows all
    /// joined a document that starts in another file has nodes, no root).
    pub fn file_has_data(&self, index: usize) -> bool {
        self.segments.iter().any(|&(_, f)| f as usize == index)
    }

    /// The file that holds `id`.
    pub fn file_of(&self, id: NodeId) -> &SourceFile {
        &self.files[self.file_index(id)]
    }

    /// Where `id` was read.
    pub fn loc(&self, id: NodeId) -> DataLoc<'_> {
        let n = self.node(id);
        let index = self.file_index(id);
        let file = &self.files[index];
        let start = file.offset_of(n.line as usize, n.col as usize);
        let len = file.byte_len(start, n.len as usize);
        let cell = self
            .sheets
            .get(index)
            .and_then(Option::as_ref)
            .and_then(|info| info.cell(file, n.line as usize, n.col as usize));
        DataLoc {
            file,
            line: n.line as usize,
            column: n.col as usize + 1,
            span: Span::new(start, start + len),
            cell,
        }
    }
}
