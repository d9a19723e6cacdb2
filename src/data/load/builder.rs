//! Events -> one file's arena. Every reader (the fast path, saphyr-parser,
//! and later spreadsheet readers) tells the builder what it finds as
//! [`Event`]s, each with the [`Place`] it was written; the builder resolves
//! scalars, pushes nodes as they arrive, and when a collection ends writes
//! its children (kept meanwhile on a stack of pending children)
//! contiguously into `entries` or `items`. No generic tree is built and no
//! event is kept. Duplicate keys, the depth, alias and node limits, and the
//! shape of a data document are checked here, once for every reader.

use super::scalar::{Plain, classify, integer_key};
use super::{EXPANSION_FACTOR, Limits, MAX_INDEX};
use crate::data::error::span_at;
use crate::data::intern::Interner;
use crate::data::{DataError, Node, NodeId, Tag};
use crate::source::SourceFile;
use miette::SourceSpan;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Where a reader found something: 1-based line, 0-based column and length,
/// in characters (a spreadsheet reader gives the cell's row and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub line: usize,
    pub col: usize,
    pub chars: usize,
}

/// What a reader tells the builder, in document order.
#[derive(Debug)]
pub(super) enum Event<'a> {
    /// A document begins at `at` (its `---`, if it has one): anchors of
    /// earlier documents go out of scope.
    DocumentStart { at: Place },
    /// A scalar. `text` when it is text whatever it reads as (quoted, a
    /// block scalar, tagged `!!str` or `!`); otherwise it is resolved by the
    /// YAML 1.2 core schema. `anchor` is the reader's id of its `&anchor`,
    /// or 0. `at` covers what was written (quotes included).
    Scalar {
        value: Cow<'a, str>,
        text: bool,
        anchor: usize,
        at: Place,
    },
    /// A mapping or a sequence starts at `at`.
    Open { map: bool, anchor: usize, at: Place },
    /// The innermost open collection ends.
    Close,
    /// `*name` at `at`, referring to the node anchored with id `anchor`.
    Alias { anchor: usize, at: Place },
}

/// A fatal error has been recorded: stop reading the file.
pub(super) struct Stop;

/// One file's nodes with file-local ids, ranges and symbols.
pub(crate) struct FileArena {
    pub(crate) nodes: Vec<Node>,
    pub(crate) entries: Vec<(NodeId, NodeId)>,
    pub(crate) items: Vec<NodeId>,
    /// Local symbols.
    pub(crate) strings: Interner,
    pub(crate) decimals: Vec<Decimal>,
    pub(crate) docs: Vec<NodeId>,
    pub(crate) errors: Vec<DataError>,
}

/// The identity of a mapping key, for duplicate detection: the key as the
/// arena holds it, so `2023` and `"2023"` are one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Null,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Str(u32),
    /// A mapping or sequence (already reported), or not at a key position.
    Unsupported,
}

/// What an anchor id names.
#[derive(Clone, Copy)]
enum Anchor {
    Unset,
    /// A collection that has not ended yet.
    Open,
    /// A finished node, with its size counted as if aliases were copies.
    Done {
        node: u32,
        size: u64,
        key: Key,
    },
}

/// An open mapping or sequence.
struct Frame {
    node: u32,
    map: bool,
    /// Where its children start in `pending`.
    children: usize,
    /// Where its key identities start in `pending_keys`.
    keys: usize,
    /// `expanded` before this collection's node was counted.
    expanded_before: u64,
    anchor: usize,
}

/// Builds one file's arena from a reader's events.
pub(super) struct Builder<'a> {
    pub file: &'a SourceFile,
    pub limits: &'a Limits,
    /// Whether every document must be a mapping and the file hold one (data
    /// files), or any YAML will do (the waiver register).
    documents: bool,
    nodes: Vec<Node>,
    entries: Vec<(NodeId, NodeId)>,
    items: Vec<NodeId>,
    strings: Interner,
    decimals: Vec<Decimal>,
    docs: Vec<NodeId>,
    stack: Vec<Frame>,
    /// Children of the open collections, innermost last (key, value, key,
    /// value, ... for a mapping).
    pending: Vec<NodeId>,
    /// Identities of the pending keys of open mappings.
    pending_keys: Vec<Key>,
    /// Indexed by the reader's anchor id (unique per file, from 1).
    anchors: Vec<Anchor>,
    aliases: usize,
    /// Nodes so far, counting each alias as a copy of its anchored node.
    expanded: u64,
    /// (`expanded` after the alias, its place), to point at the alias
    /// where the expansion passed the limit.
    alias_marks: Vec<(u64, Place)>,
    /// First node of the current document: anchors before it are out of scope.
    doc_start: u32,
    /// Where the current document starts.
    doc_at: Place,
    /// Reused buffer for the duplicate check of large mappings.
    scratch: Vec<(Key, usize)>,
    pub errors: Vec<DataError>,
}

impl<'a> Builder<'a> {
    /// A builder for `file`; `documents`: whether it holds data documents
    /// (each a mapping, at least one).
    pub fn new(file: &'a SourceFile, limits: &'a Limits, documents: bool) -> Self {
        Builder {
            file,
            limits,
            documents,
            nodes: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
            strings: Interner::default(),
            decimals: Vec::new(),
            docs: Vec::new(),
            stack: Vec::new(),
            pending: Vec::with_capacity(256),
            pending_keys: Vec::with_capacity(128),
            anchors: Vec::new(),
            aliases: 0,
            expanded: 0,
            alias_marks: Vec::new(),
            doc_start: 0,
            doc_at: Place {
                line: 1,
                col: 0,
                chars: 0,
            },
            scratch: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The national data runs about 11 bytes per node, 22 per mapping entry
    /// and 2 000 per sequence item; reserving near that avoids most regrowth.
    pub fn reserve_for(&mut self, bytes: usize) {
        self.nodes.reserve(bytes / 10);
        self.entries.reserve(bytes / 20);
        self.items.reserve(bytes / 1024);
    }

    /// Takes the next event of the file.
    pub fn event(&mut self, event: Event<'_>) -> Result<(), Stop> {
        match event {
            Event::DocumentStart { at } => {
                self.doc_start = self.nodes.len() as u32;
                self.doc_at = at;
                Ok(())
            }
            Event::Scalar {
                value,
                text,
                anchor,
                at,
            } => self.scalar(value, text, anchor, at),
            Event::Open { map, anchor, at } => self.open(map, anchor, at),
            Event::Close => self.close(),
            Event::Alias { anchor, at } => self.alias(anchor, at),
        }
    }

    /// Records an error that ends the file (a reader's syntax error).
    pub fn fail(&mut self, error: DataError) -> Stop {
        self.errors.push(error);
        Stop
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        text: bool,
        anchor: usize,
        at: Place,
    ) -> Result<(), Stop> {
        let (tag, payload) = if text {
            match integer_key(&value) {
                // A year written as text is the year, where it is a key.
                Some(i) if self.at_key() => (Tag::Int, i as u64),
                _ => (Tag::Str, u64::from(self.strings.intern(value))),
            }
        } else {
            match classify(&value) {
                Plain::Null => (Tag::Null, 0),
                Plain::Bool(b) => (Tag::Bool, u64::from(b)),
                Plain::Int(i) => (Tag::Int, i as u64),
                Plain::Dec(d) => {
                    self.decimals.push(d);
                    (Tag::Dec, self.decimals.len() as u64 - 1)
                }
                Plain::Str => (Tag::Str, u64::from(self.strings.intern(value))),
                bad @ (Plain::Overflow | Plain::Inexact | Plain::NotFinite) => {
                    let (text, file) = (value.to_string(), self.file.clone());
                    let at = self.span(at);
                    self.errors.push(match bad {
                        Plain::Overflow => DataError::IntegerOverflow { text, file, at },
                        Plain::Inexact => DataError::InexactDecimal { text, file, at },
                        _ => DataError::NotFinite { text, file, at },
                    });
                    (Tag::Str, u64::from(self.strings.intern(value)))
                }
            }
        };
        let id = self.push(Node {
            payload,
            line: saturate(at.line),
            col: u16::try_from(at.col).unwrap_or(u16::MAX),
            len: u8::try_from(at.chars).unwrap_or(u8::MAX),
            tag,
        })?;
        self.expanded += 1;
        let key = if anchor != 0 || self.at_key() {
            self.key_of(tag, payload)
        } else {
            Key::Unsupported
        };
        if anchor != 0 {
            self.set_anchor(
                anchor,
                Anchor::Done {
                    node: id,
                    size: 1,
                    key,
                },
            );
        }
        self.complete(id, key);
        Ok(())
    }

    fn open(&mut self, map: bool, anchor: usize, at: Place) -> Result<(), Stop> {
        if self.stack.len() >= self.limits.max_depth {
            let error = DataError::TooDeep {
                limit: self.limits.max_depth,
                file: self.file.clone(),
                at: self.span(Place { chars: 1, ..at }),
            };
            return Err(self.fail(error));
        }
        let id = self.push(Node {
            payload: 0,
            line: saturate(at.line),
            col: u16::try_from(at.col).unwrap_or(u16::MAX),
            len: 0,
            tag: if map { Tag::Map } else { Tag::Seq },
        })?;
        self.expanded += 1;
        if anchor != 0 {
            self.set_anchor(anchor, Anchor::Open);
        }
        self.stack.push(Frame {
            node: id,
            map,
            children: self.pending.len(),
            keys: self.pending_keys.len(),
            expanded_before: self.expanded - 1,
            anchor,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Stop> {
        // INVARIANT: readers balance open and close events.
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let children = &self.pending[frame.children..];
        let (start, len) = if frame.map {
            let start = self.entries.len();
            self.entries
                .extend(children.chunks_exact(2).map(|kv| (kv[0], kv[1])));
            (start, children.len() / 2)
        } else {
            let start = self.items.len();
            self.items.extend_from_slice(children);
            (start, children.len())
        };
        if (start + len) as u64 > MAX_INDEX {
            let error = DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: self.file.clone(),
            };
            return Err(self.fail(error));
        }
        if frame.map {
            self.check_duplicate_keys(&frame);
        }
        self.nodes[frame.node as usize].payload = ((start as u64) << 32) | len as u64;
        self.pending.truncate(frame.children);
        self.pending_keys.truncate(frame.keys);
        if frame.anchor != 0 {
            let size = self.expanded - frame.expanded_before;
            let done = Anchor::Done {
                node: frame.node,
                size,
                key: Key::Unsupported,
            };
            self.set_anchor(frame.anchor, done);
        }
        if self.at_key() {
            self.unsupported_key(frame.node, frame.map);
        }
        self.complete(frame.node, Key::Unsupported);
        Ok(())
    }

    fn alias(&mut self, id: usize, at: Place) -> Result<(), Stop> {
        self.aliases += 1;
        if self.aliases > self.limits.max_aliases {
            let error = DataError::TooManyAliases {
                limit: self.limits.max_aliases,
                file: self.file.clone(),
                at: self.span(at),
            };
            return Err(self.fail(error));
        }
        match self.anchors.get(id).copied().unwrap_or(Anchor::Unset) {
            Anchor::Done { node, size, key } if node >= self.doc_start => {
                self.expanded = self.expanded.saturating_add(size);
                self.alias_marks.push((self.expanded, at));
                if self.at_key() && key == Key::Unsupported {
                    let map = self.nodes[node as usize].tag == Tag::Map;
                    self.unsupported_key(node, map);
                }
                self.complete(node, key);
                Ok(())
            }
            Anchor::Open => {
                let error = DataError::RecursiveAlias {
                    name: alias_name(self.file, at),
                    file: self.file.clone(),
                    at: self.span(at),
                };
                Err(self.fail(error))
            }
            // An anchor of an earlier document is out of scope.
            _ => {
                let error = DataError::UnknownAlias {
                    name: alias_name(self.file, at),
                    file: self.file.clone(),
                    at: self.span(at),
                };
                Err(self.fail(error))
            }
        }
    }

    /// Whether the next completed node is a key of the innermost mapping.
    fn at_key(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| f.map && (self.pending.len() - f.children).is_multiple_of(2))
    }

    /// Hands a finished node to its parent, or makes it a document root.
    fn complete(&mut self, id: u32, key: Key) {
        match self.stack.last() {
            None => {
                self.docs.push(NodeId(id));
                self.check_document(id);
            }
            Some(f) => {
                if f.map && (self.pending.len() - f.children).is_multiple_of(2) {
                    self.pending_keys.push(key);
                }
                self.pending.push(NodeId(id));
            }
        }
    }

    /// A data document is a mapping: a scalar, a list or nothing at the top
    /// is an error at the document's root.
    fn check_document(&mut self, root: u32) {
        if !self.documents {
            return;
        }
        let n = self.nodes[root as usize];
        let found = match n.tag {
            Tag::Map => return,
            Tag::Seq => "a list",
            Tag::Null => "an empty document",
            Tag::Str => "text",
            Tag::Int | Tag::Dec => "a number",
            Tag::Bool => "a boolean",
        };
        let at = if n.tag == Tag::Null && n.len == 0 {
            // Nothing was written: point at the document's `---`.
            self.span(self.doc_at)
        } else {
            let chars = usize::from(n.len).max(1);
            span_at(self.file, n.line as usize, n.col as usize, chars)
        };
        self.errors.push(DataError::NotAMapping {
            found,
            file: self.file.clone(),
            at,
        });
    }

    fn key_of(&self, tag: Tag, payload: u64) -> Key {
        match tag {
            Tag::Null => Key::Null,
            Tag::Bool => Key::Bool(payload != 0),
            Tag::Int => Key::Int(payload as i64),
            Tag::Dec => Key::Dec(self.decimals[payload as usize]),
            Tag::Str => {
                let sym = payload as u32;
                integer_key(&self.strings.strings[sym as usize]).map_or(Key::Str(sym), Key::Int)
            }
            Tag::Map | Tag::Seq => Key::Unsupported,
        }
    }

    /// Reports each key of the mapping that repeats an earlier one.
    fn check_duplicate_keys(&mut self, frame: &Frame) {
        let keys = &self.pending_keys[frame.keys..];
        let mut dups: Vec<(usize, usize)> = Vec::new();
        if keys.len() <= 16 {
            for (i, key) in keys.iter().enumerate().skip(1) {
                if *key == Key::Unsupported {
                    continue;
                }
                if let Some(first) = keys[..i].iter().position(|k| k == key) {
                    dups.push((first, i));
                }
            }
        } else {
            self.scratch.clear();
            self.scratch.extend(
                keys.iter()
                    .enumerate()
                    .filter(|(_, k)| **k != Key::Unsupported)
                    .map(|(i, k)| (*k, i)),
            );
            self.scratch.sort_unstable();
            for run in self.scratch.chunk_by(|a, b| a.0 == b.0) {
                dups.extend(run[1..].iter().map(|&(_, i)| (run[0].1, i)));
            }
        }
        for (first, again) in dups {
            let key = self.key_text(self.pending_keys[frame.keys + again]);
            let first = self.pending[frame.children + 2 * first].0;
            let again = self.pending[frame.children + 2 * again].0;
            self.errors.push(DataError::DuplicateKey {
                key,
                file: self.file.clone(),
                first: self.node_span(first),
                again: self.node_span(again),
            });
        }
    }

    fn key_text(&self, key: Key) -> String {
        match key {
            Key::Null => "null".to_owned(),
            Key::Bool(b) => b.to_string(),
            Key::Int(i) => i.to_string(),
            Key::Dec(d) => d.to_string(),
            Key::Str(sym) => self.strings.strings[sym as usize].to_string(),
            Key::Unsupported => String::new(),
        }
    }

    fn unsupported_key(&mut self, node: u32, map: bool) {
        let n = self.nodes[node as usize];
        self.errors.push(DataError::UnsupportedKey {
            kind: if map { "mapping" } else { "sequence" },
            file: self.file.clone(),
            at: span_at(self.file, n.line as usize, n.col as usize, 1),
        });
    }

    fn set_anchor(&mut self, id: usize, anchor: Anchor) {
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, Anchor::Unset);
        }
        self.anchors[id] = anchor;
    }

    fn push(&mut self, node: Node) -> Result<u32, Stop> {
        let id = self.nodes.len();
        if id as u64 >= MAX_INDEX {
            let error = DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: self.file.clone(),
            };
            return Err(self.fail(error));
        }
        self.nodes.push(node);
        Ok(id as u32)
    }

    fn node_span(&self, id: u32) -> SourceSpan {
        let n = self.nodes[id as usize];
        span_at(self.file, n.line as usize, n.col as usize, n.len as usize)
    }

    /// The byte span of a place.
    pub fn span(&self, at: Place) -> SourceSpan {
        span_at(self.file, at.line, at.col, at.chars)
    }

    /// Ends the file: applies the alias expansion limit and hands over the
    /// arena. `stopped`: a fatal error ended the file early.
    pub fn finish(mut self, stopped: bool) -> FileArena {
        // Mappings left open by a fatal error still report their duplicate keys.
        while let Some(frame) = self.stack.pop() {
            if frame.map {
                self.check_duplicate_keys(&frame);
            }
            self.pending.truncate(frame.children);
            self.pending_keys.truncate(frame.keys);
        }
        let limit = (self.limits.max_expanded_nodes as u64)
            .max(EXPANSION_FACTOR.saturating_mul(self.nodes.len() as u64));
        if !stopped && self.expanded > limit && !self.alias_marks.is_empty() {
            let i = self
                .alias_marks
                .partition_point(|&(expanded, _)| expanded <= limit)
                .min(self.alias_marks.len() - 1);
            let at = self.span(self.alias_marks[i].1);
            self.errors.push(DataError::AliasExpansion {
                limit,
                file: self.file.clone(),
                at,
            });
        }
        if !stopped && self.documents && self.docs.is_empty() {
            self.errors.push(DataError::EmptyFile {
                file: self.file.clone(),
                at: (0, 0).into(),
            });
        }
        FileArena {
            nodes: self.nodes,
            entries: self.entries,
            items: self.items,
            strings: self.strings,
            decimals: self.decimals,
            docs: self.docs,
            errors: self.errors,
        }
    }
}

/// Saturating `usize` -> `u32`.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The anchor name of the alias `*name` at `at`, read from the source.
pub(super) fn alias_name(file: &SourceFile, at: Place) -> String {
    let start = file.offset_of(at.line, at.col);
    let rest = &file.text()[start..];
    let rest = rest.strip_prefix('*').unwrap_or(rest);
    rest.chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}
