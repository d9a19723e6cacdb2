//! Reading YAML data files into one [`Dataset`].
//!
//! Each file is parsed on its own thread straight from saphyr-parser's event
//! stream into a file-local arena: nodes are pushed as events arrive, and when
//! a collection ends its children (kept meanwhile on a stack of pending
//! children) are written contiguously into `entries` or `items`. No generic
//! YAML tree is built and no event is kept. The arenas are then merged in the
//! order the files were given: node ids and child ranges are offset, and
//! file-local string symbols are mapped to the global interner.
//!
//! Scalars follow the YAML 1.2 core schema for plain (unquoted) text only:
//! quoted and block scalars, and any scalar tagged `!!str` or `!`, are text.
//! An integer that does not fit in 64 bits is an error, never a decimal.
//!
//! An alias reuses the anchored node (the tree becomes a DAG); the [`Limits`]
//! bound how much such sharing may multiply the data.

mod fast;
mod scalar;

use super::error::{DataError, DataErrors, span_at, translate_syntax};
use super::{Dataset, Node, NodeId, Sym, Tag};
use crate::source::SourceFile;
use miette::SourceSpan;
use rayon::prelude::*;
use rust_decimal::Decimal;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span as YamlSpan};
use scalar::{Plain, classify, integer_key};
use std::borrow::Cow;

/// Bounds that keep hostile or broken data from exhausting time or memory.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Deepest nesting of mappings and sequences (the document root is level 1).
    pub max_depth: usize,
    /// Most `*alias` references in one file.
    pub max_aliases: usize,
    /// Alias expansion guard ("billion laughs"): a file's size counted as if
    /// every alias were a copy of its anchored node must stay at or below
    /// `max(max_expanded_nodes, 4 * the file's real node count)`. Files
    /// without aliases always pass; the factor lets a large file share a
    /// few big anchors, the floor lets a small file use aliases freely.
    pub max_expanded_nodes: usize,
    /// Largest file accepted, in bytes; checked before parsing.
    pub max_file_bytes: usize,
}

impl Default for Limits {
    /// Depth 64, 10 000 aliases per file, expansion floor 1 000 000 nodes,
    /// files up to 512 MiB.
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_aliases: 10_000,
            max_expanded_nodes: 1_000_000,
            max_file_bytes: 512 << 20,
        }
    }
}

/// Expanded size allowed per real node, over the floor `max_expanded_nodes`.
const EXPANSION_FACTOR: u64 = 4;

/// saphyr-parser refuses flow collections nested deeper than this.
const PARSER_FLOW_DEPTH: usize = 255;

/// Node ids, entry and item indices are `u32`.
const MAX_INDEX: u64 = u32::MAX as u64;

/// Parses every file and merges them, in the given order, into one [`Dataset`].
///
/// Files are parsed in parallel and merged as they come. Every file's errors are
/// reported together, in file order then position: a file stops at its first
/// syntax error or exceeded limit, but duplicate keys, unsupported keys and
/// out-of-range integers are all reported. An empty file holds no documents.
///
/// # Errors
/// Every [`DataError`] found, if any.
pub fn load(files: Vec<SourceFile>, limits: &Limits) -> Result<Dataset, DataErrors> {
    load_reporting(files, limits, &|_| {})
}

/// Like [`load`], calling `parsed(bytes)` each time a file has been parsed,
/// with the file's size, from the thread that parsed it: for a progress bar.
///
/// # Errors
/// Every [`DataError`] found, if any.
pub fn load_reporting(
    files: Vec<SourceFile>,
    limits: &Limits,
    parsed: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, DataErrors> {
    // The pool's threads take the files in order, each the next one free;
    // a thread of its own merges them, in that order, as they come, so
    // copying into the one arena overlaps parsing instead of following it.
    let (tx, rx) = std::sync::mpsc::channel::<(usize, FileArena)>();
    let merged = std::thread::scope(|scope| {
        let merger = scope.spawn(|| {
            let bytes = files.iter().map(|f| f.text().len()).sum();
            let mut m = Merger::new(files.len(), bytes);
            for (i, arena) in rx {
                m.arrive(i, arena);
            }
            m
        });
        (0..files.len()).par_bridge().for_each_with(tx, |tx, i| {
            let arena = parse_file(&files[i], limits);
            parsed(files[i].text().len());
            // The merger only stops once every sender is gone.
            let _ = tx.send((i, arena));
        });
        merger.join()
    });
    match merged {
        Ok(m) => m.finish(files),
        // INVARIANT: merging does not panic; if it did, say so rather than hide it.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Joins the per-file arenas into one [`Dataset`], in file order, as they
/// arrive in any order; once a file has errors it only collects errors.
struct Merger {
    ds: Dataset,
    /// Arenas that arrived before an earlier file's.
    waiting: Vec<Option<FileArena>>,
    /// The next file to merge.
    next: usize,
    /// Every file's errors, by file.
    errors: Vec<Vec<DataError>>,
    failed: bool,
    /// The file whose nodes would pass the `u32` index space.
    overflow: Option<usize>,
    /// Size of all files.
    bytes: usize,
}

impl Merger {
    /// `bytes`: the size of all files, to reserve the arena once.
    fn new(files: usize, bytes: usize) -> Self {
        Merger {
            ds: Dataset::default(),
            bytes,
            waiting: (0..files).map(|_| None).collect(),
            next: 0,
            errors: (0..files).map(|_| Vec::new()).collect(),
            failed: false,
            overflow: None,
        }
    }

    fn arrive(&mut self, i: usize, mut arena: FileArena) {
        if !arena.errors.is_empty() {
            arena.errors.sort_by_key(DataError::offset);
            self.errors[i] = std::mem::take(&mut arena.errors);
            self.failed = true;
        }
        if self.failed {
            return; // nothing will be checked: keep only the errors
        }
        self.waiting[i] = Some(arena);
        while let Some(arena) = self.waiting.get_mut(self.next).and_then(Option::take) {
            self.merge(self.next, arena);
            self.next += 1;
        }
    }

    /// Appends file `i`'s arena, offsetting its ids and mapping its symbols.
    fn merge(&mut self, i: usize, a: FileArena) {
        let ds = &mut self.ds;
        let total = |have: usize, more: usize| have as u64 + more as u64 > MAX_INDEX;
        if self.overflow.is_some()
            || total(ds.nodes.len(), a.nodes.len())
            || total(ds.entries.len(), a.entries.len())
            || total(ds.items.len(), a.items.len())
        {
            self.overflow.get_or_insert(i);
            return;
        }
        let (nbase, ebase, ibase, dbase) = (
            ds.nodes.len() as u32,
            ds.entries.len() as u64,
            ds.items.len() as u64,
            ds.decimals.len() as u64,
        );
        let mut remap = Vec::with_capacity(a.strings.len());
        let mut identity = true;
        for s in a.strings {
            let sym = match ds.symbols.get(&*s) {
                Some(&sym) => sym,
                None => {
                    let sym = Sym(ds.strings.len() as u32);
                    ds.symbols.insert(s.clone(), sym);
                    ds.strings.push(s);
                    sym
                }
            };
            identity &= sym.0 as usize == remap.len();
            remap.push(u64::from(sym.0));
        }
        if identity && nbase == 0 && ebase == 0 && ibase == 0 && dbase == 0 {
            // The first file: its ids are already global, take its vectors as they are.
            ds.nodes = a.nodes;
            ds.entries = a.entries;
            ds.items = a.items;
            ds.decimals = a.decimals;
            // Room for all files at once, by the sizes the builder reserves
            // per file: growing by doubling would move and overshoot.
            let b = self.bytes;
            ds.nodes.reserve((b / 10).saturating_sub(ds.nodes.len()));
            ds.entries
                .reserve((b / 20).saturating_sub(ds.entries.len()));
            ds.items.reserve((b / 1024).saturating_sub(ds.items.len()));
        } else {
            ds.nodes.extend(a.nodes.iter().map(|&n| {
                let payload = match n.tag {
                    Tag::Str => remap[n.payload as usize],
                    Tag::Map => n.payload + (ebase << 32),
                    Tag::Seq => n.payload + (ibase << 32),
                    Tag::Dec => n.payload + dbase,
                    _ => n.payload,
                };
                Node { payload, ..n }
            }));
            ds.entries.extend(
                a.entries
                    .iter()
                    .map(|&(k, v)| (NodeId(k.0 + nbase), NodeId(v.0 + nbase))),
            );
            ds.items
                .extend(a.items.iter().map(|&i| NodeId(i.0 + nbase)));
            ds.decimals.extend_from_slice(&a.decimals);
        }
        ds.docs.extend(a.docs.iter().map(|&d| NodeId(d.0 + nbase)));
        ds.file_ends.push(ds.nodes.len() as u32);
    }

    /// The data set, or every file's errors in file order then position.
    fn finish(self, files: Vec<SourceFile>) -> Result<Dataset, DataErrors> {
        if self.failed {
            return Err(DataErrors(self.errors.into_iter().flatten().collect()));
        }
        if let Some(i) = self.overflow {
            return Err(DataErrors(vec![DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: files[i].clone(),
            }]));
        }
        Ok(Dataset { files, ..self.ds })
    }
}

/// One file's nodes with file-local ids, ranges and symbols.
struct FileArena {
    nodes: Vec<Node>,
    entries: Vec<(NodeId, NodeId)>,
    items: Vec<NodeId>,
    /// Local symbol -> text.
    strings: Vec<Box<str>>,
    decimals: Vec<Decimal>,
    docs: Vec<NodeId>,
    errors: Vec<DataError>,
}

/// Parses one file into a [`FileArena`] (errors included): by the fast path
/// when the file is plain block YAML without problems, else by saphyr-parser.
fn parse_file(file: &SourceFile, limits: &Limits) -> FileArena {
    let text = file.text();
    let mut b = Builder::new(file, limits);
    if text.len() > limits.max_file_bytes {
        b.errors.push(DataError::FileTooLarge {
            size: text.len(),
            limit: limits.max_file_bytes,
            file: file.clone(),
        });
        return b.finish(true);
    }
    if let Some(arena) = fast::parse(file, limits) {
        return arena;
    }
    parse_events(b)
}

/// Reads a file from saphyr-parser's events: all of YAML, and every error.
fn parse_events(mut b: Builder<'_>) -> FileArena {
    let text = b.file.text();
    b.reserve_for(text.len());
    let mut stopped = false;
    for event in Parser::new_from_str(text) {
        let result = match event {
            Ok((event, span)) => b.event(event, span),
            Err(e) => b.syntax_error(&e),
        };
        if result.is_err() {
            stopped = true;
            break;
        }
    }
    b.finish(stopped)
}

/// A fatal error has been recorded: stop reading the file.
struct Stop;

/// The identity of a mapping key, for duplicate detection. Text that reads as
/// a decimal integer is the integer, so `2023` and `"2023"` are one key.
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

/// Builds one file's arena from parser events.
struct Builder<'a> {
    file: &'a SourceFile,
    limits: &'a Limits,
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
    /// Indexed by the parser's anchor id (unique per file, from 1).
    anchors: Vec<Anchor>,
    aliases: usize,
    /// Nodes so far, counting each alias as a copy of its anchored node.
    expanded: u64,
    /// (`expanded` after the alias, its position), to point at the alias
    /// where the expansion passed the limit.
    alias_marks: Vec<(u64, Marker, usize)>,
    /// First node of the current document: anchors before it are out of scope.
    doc_start: u32,
    /// Reused buffer for the duplicate check of large mappings.
    scratch: Vec<(Key, usize)>,
    /// Maps the parser's character indices to byte offsets.
    chars: CharCursor,
    errors: Vec<DataError>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a SourceFile, limits: &'a Limits) -> Self {
        Builder {
            file,
            limits,
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
            scratch: Vec::new(),
            chars: CharCursor {
                ascii: file.text().is_ascii(),
                chars: 0,
                bytes: 0,
            },
            errors: Vec::new(),
        }
    }

    /// The national data runs about 11 bytes per node, 22 per mapping entry
    /// and 2 000 per sequence item; reserving near that avoids most regrowth.
    fn reserve_for(&mut self, bytes: usize) {
        self.nodes.reserve(bytes / 10);
        self.entries.reserve(bytes / 20);
        self.items.reserve(bytes / 1024);
    }

    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> Result<(), Stop> {
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = self.nodes.len() as u32;
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let as_text = style != ScalarStyle::Plain
                    || tag.as_deref().is_some_and(|t| {
                        // `!!str`, or the non-specific `!`
                        (t.is_yaml_core_schema() && t.suffix == "str")
                            || (t.handle.is_empty() && t.suffix == "!")
                    });
                let prefixed = anchor != 0 || tag.is_some();
                self.scalar(value, style, as_text, prefixed, anchor, span)
            }
            Event::Alias(id) => self.alias(id, span),
            Event::SequenceStart(anchor, _) => self.open(false, anchor, span),
            Event::MappingStart(anchor, _) => self.open(true, anchor, span),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        }
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        as_text: bool,
        prefixed: bool,
        anchor: usize,
        span: YamlSpan,
    ) -> Result<(), Stop> {
        let (line, mut col) = (span.start.line(), span.start.col());
        let mut chars = span.end.index() - span.start.index();
        match style {
            ScalarStyle::Plain if prefixed && span.end.line() == line && !value.contains('\n') => {
                // The span starts at the anchor or tag: point at the value itself.
                let n = value.chars().count();
                col = span.end.col().saturating_sub(n);
                chars = n;
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                // The span may start at an anchor or tag and run on over trailing
                // blanks and a comment: cover the quotes and what they enclose.
                let quote = if style == ScalarStyle::DoubleQuoted {
                    b'"'
                } else {
                    b'\''
                };
                let start = self.chars.byte_offset(self.file.text(), span.start.index());
                let end = self.chars.byte_offset(self.file.text(), span.end.index());
                let raw = &self.file.text()[start..end];
                if let Some(open) = raw.bytes().position(|b| b == quote)
                    && let Some(close) = closing_quote(&raw[open..], quote)
                    && !raw[..open].contains('\n')
                {
                    col += raw[..open].chars().count();
                    chars = raw[open..=open + close].chars().count();
                }
            }
            _ => {}
        }
        self.resolved(value, as_text, anchor, line, col, chars)
    }

    /// A scalar at its final position (1-based line, 0-based column and
    /// length in characters): resolved, stored and handed to its parent.
    /// The fast path calls this directly for plain scalars.
    fn resolved(
        &mut self,
        value: Cow<'_, str>,
        as_text: bool,
        anchor: usize,
        line: usize,
        col: usize,
        chars: usize,
    ) -> Result<(), Stop> {
        let (tag, payload) = if as_text {
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
                    let at = span_at(self.file, line, col, chars);
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
            line: saturate(line),
            col: u16::try_from(col).unwrap_or(u16::MAX),
            len: u8::try_from(chars).unwrap_or(u8::MAX),
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

    fn open(&mut self, map: bool, anchor: usize, span: YamlSpan) -> Result<(), Stop> {
        if self.stack.len() >= self.limits.max_depth {
            return self.fatal(DataError::TooDeep {
                limit: self.limits.max_depth,
                file: self.file.clone(),
                at: self.marker_span(span.start, 1),
            });
        }
        let id = self.push(Node {
            payload: 0,
            line: saturate(span.start.line()),
            col: u16::try_from(span.start.col()).unwrap_or(u16::MAX),
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
        // INVARIANT: the parser balances start and end events.
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
            return self.fatal(DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: self.file.clone(),
            });
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

    fn alias(&mut self, id: usize, span: YamlSpan) -> Result<(), Stop> {
        self.aliases += 1;
        if self.aliases > self.limits.max_aliases {
            return self.fatal(DataError::TooManyAliases {
                limit: self.limits.max_aliases,
                file: self.file.clone(),
                at: self.yaml_span(span),
            });
        }
        match self.anchors.get(id).copied().unwrap_or(Anchor::Unset) {
            Anchor::Done { node, size, key } if node >= self.doc_start => {
                self.expanded = self.expanded.saturating_add(size);
                let chars = span.end.index() - span.start.index();
                self.alias_marks.push((self.expanded, span.start, chars));
                if self.at_key() && key == Key::Unsupported {
                    let map = self.nodes[node as usize].tag == Tag::Map;
                    self.unsupported_key(node, map);
                }
                self.complete(node, key);
                Ok(())
            }
            Anchor::Open => self.fatal(DataError::RecursiveAlias {
                name: alias_name(self.file, span.start),
                file: self.file.clone(),
                at: self.yaml_span(span),
            }),
            // An anchor of an earlier document is out of scope.
            _ => self.fatal(DataError::UnknownAlias {
                name: alias_name(self.file, span.start),
                file: self.file.clone(),
                at: self.yaml_span(span),
            }),
        }
    }

    fn syntax_error(&mut self, e: &ScanError) -> Result<(), Stop> {
        let m = *e.marker();
        let error = match e.info() {
            "while parsing node, found unknown anchor" => {
                let name = alias_name(self.file, m);
                let at = self.marker_span(m, name.chars().count() + 1);
                DataError::UnknownAlias {
                    name,
                    file: self.file.clone(),
                    at,
                }
            }
            // The parser's own bound on `[`/`{` nesting.
            "recursion limit exceeded" => DataError::TooDeep {
                limit: self.limits.max_depth.min(PARSER_FLOW_DEPTH),
                file: self.file.clone(),
                at: self.marker_span(m, 1),
            },
            info => {
                let (message, help) = translate_syntax(info);
                DataError::Syntax {
                    message,
                    help,
                    file: self.file.clone(),
                    at: self.marker_span(m, 1),
                }
            }
        };
        self.fatal(error)
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
            None => self.docs.push(NodeId(id)),
            Some(f) => {
                if f.map && (self.pending.len() - f.children).is_multiple_of(2) {
                    self.pending_keys.push(key);
                }
                self.pending.push(NodeId(id));
            }
        }
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
            return self.fatal(DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: self.file.clone(),
            });
        }
        self.nodes.push(node);
        Ok(id as u32)
    }

    fn fatal<T>(&mut self, error: DataError) -> Result<T, Stop> {
        self.errors.push(error);
        Err(Stop)
    }

    fn node_span(&self, id: u32) -> SourceSpan {
        let n = self.nodes[id as usize];
        span_at(self.file, n.line as usize, n.col as usize, n.len as usize)
    }

    fn marker_span(&self, m: Marker, chars: usize) -> SourceSpan {
        span_at(self.file, m.line(), m.col(), chars)
    }

    fn yaml_span(&self, span: YamlSpan) -> SourceSpan {
        self.marker_span(span.start, span.end.index() - span.start.index())
    }

    /// Ends the file: applies the alias expansion limit and hands over the arena.
    fn finish(mut self, stopped: bool) -> FileArena {
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
                .partition_point(|&(expanded, _, _)| expanded <= limit)
                .min(self.alias_marks.len() - 1);
            let (_, m, chars) = self.alias_marks[i];
            let at = self.marker_span(m, chars);
            self.errors.push(DataError::AliasExpansion {
                limit,
                file: self.file.clone(),
                at,
            });
        }
        FileArena {
            nodes: self.nodes,
            entries: self.entries,
            items: self.items,
            strings: self.strings.strings,
            decimals: self.decimals,
            docs: self.docs,
            errors: self.errors,
        }
    }
}

/// Character index -> byte offset, walking the text forward from the last
/// position asked (the parser reports positions in order); free for ASCII text.
struct CharCursor {
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl CharCursor {
    fn byte_offset(&mut self, text: &str, index: usize) -> usize {
        if self.ascii {
            return index.min(text.len());
        }
        if index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let mut rest = text[self.bytes..].chars();
        while self.chars < index {
            let Some(c) = rest.next() else { break };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        self.bytes
    }
}

/// Byte index in `quoted` (which starts at its opening quote) of the closing quote.
fn closing_quote(quoted: &str, quote: u8) -> Option<usize> {
    let b = quoted.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'\\' && quote == b'"' {
            i += 2;
        } else if b[i] == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Saturating `usize` -> `u32`.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The anchor name of the alias `*name` at `m`, read from the source.
fn alias_name(file: &SourceFile, m: Marker) -> String {
    let start = file.offset_of(m.line(), m.col());
    let rest = &file.text()[start..];
    let rest = rest.strip_prefix('*').unwrap_or(rest);
    rest.chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}

/// A file-local string interner: open addressing over `strings`, looked up by
/// `&str` so a string already present costs no allocation.
#[derive(Default)]
struct Interner {
    /// Symbol -> text.
    strings: Vec<Box<str>>,
    /// (low hash bits, symbol + 1); 0 marks an empty slot. Power-of-two length.
    slots: Vec<(u32, u32)>,
}

impl Interner {
    fn intern(&mut self, s: Cow<'_, str>) -> u32 {
        if self.strings.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let h = hash(s.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = (h >> 32) as usize & mask;
        loop {
            let (tag, sym1) = self.slots[i];
            if sym1 == 0 {
                let sym = self.strings.len() as u32;
                self.strings.push(s.into_owned().into_boxed_str());
                self.slots[i] = (h as u32, sym + 1);
                return sym;
            }
            if tag == h as u32 && *self.strings[sym1 as usize - 1] == *s {
                return sym1 - 1;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(256);
        self.slots = vec![(0, 0); len];
        let mask = len - 1;
        for (sym, s) in self.strings.iter().enumerate() {
            let h = hash(s.as_bytes());
            let mut i = (h >> 32) as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (h as u32, sym as u32 + 1);
        }
    }
}

/// A fast non-cryptographic hash (FxHash-style over 8-byte words, with a
/// final mix so both halves are usable).
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    (h ^ (h >> 31)).wrapping_mul(K)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::data::View;
    use miette::Diagnostic;

    /// The sample of `DATA-FORMAT.md`.
    pub(super) const SAMPLE: &str = r#"province: Sulawesi Tengah
code: "72"                      # Kemendagri region code, always a string
sources:                        # where the figures come from
  antara-2023-11-14:
    title: "Rusdy Mastura: Jamsostek bagian dari upaya pengentasan kemiskinan"
    publisher: ANTARA
    date: 2023-11-14
years:                          # keys are years; values are that year's figures
  2023:
    participants: { bpu: 90000 }
    source: antara-2023-11-14
  2024:
    participants: { pu: 314034, bpu: 128993, jakon: 74773, pmi: 341 }
    active_total: 518141
    source: wahananews-2024-05-08
regencies:
  - name: Kota Palu
    kind: city
    years:
      2023:
        funds_bpu: true         # the regency's budget pays BPU premiums
  - name: Donggala
    kind: regency
    years:
      2023:
        funds_bpu: false
"#;

    fn load_one(text: &str) -> Result<Dataset, DataErrors> {
        load(vec![SourceFile::new("test.yaml", text)], &Limits::default())
    }

    /// The errors of a load that must fail (`Dataset` has no `Debug`, so no `unwrap_err`).
    fn failed(result: Result<Dataset, DataErrors>) -> DataErrors {
        match result {
            Ok(_) => panic!("expected data errors"),
            Err(e) => e,
        }
    }

    fn errors_of(text: &str) -> Vec<DataError> {
        failed(load_one(text)).into_vec()
    }

    /// The text a byte span covers.
    fn covered(e: &DataError, span: SourceSpan) -> &str {
        &e.file().text()[span.offset()..span.offset() + span.len()]
    }

    /// Follows text keys from `node`.
    fn path(ds: &Dataset, mut node: NodeId, keys: &[&str]) -> Option<NodeId> {
        for key in keys {
            node = ds.get(node, ds.sym(key)?)?;
        }
        Some(node)
    }

    #[test]
    fn reads_the_data_format_sample() {
        let ds = load_one(SAMPLE).unwrap();
        assert_eq!(ds.docs().len(), 1);
        let root = ds.docs()[0];
        let years = path(&ds, root, &["years"]).unwrap();
        let y2024 = ds.get_int(years, 2024).unwrap();
        let bpu = path(&ds, y2024, &["participants", "bpu"]).unwrap();
        assert_eq!(ds.view(bpu), View::Int(128_993));

        let code = path(&ds, root, &["code"]).unwrap();
        assert_eq!(ds.view(code), View::Str("72"));
        let date = path(&ds, root, &["sources", "antara-2023-11-14", "date"]).unwrap();
        assert_eq!(ds.view(date), View::Str("2023-11-14"));

        let View::Seq(regencies) = ds.view(path(&ds, root, &["regencies"]).unwrap()) else {
            panic!("regencies is a sequence");
        };
        assert_eq!(regencies.len(), 2);
        let palu_years = path(&ds, regencies[0], &["years"]).unwrap();
        let funds = path(&ds, ds.get_int(palu_years, 2023).unwrap(), &["funds_bpu"]).unwrap();
        assert_eq!(ds.view(funds), View::Bool(true));
        // keys keep file order
        let keys: Vec<_> = ds.entries(root).iter().map(|&(k, _)| ds.view(k)).collect();
        assert_eq!(
            keys,
            [
                View::Str("province"),
                View::Str("code"),
                View::Str("sources"),
                View::Str("years"),
                View::Str("regencies")
            ]
        );
    }

    #[test]
    fn every_node_knows_where_it_was_written() {
        let ds = load_one(SAMPLE).unwrap();
        let years = path(&ds, ds.docs()[0], &["years"]).unwrap();
        let bpu = path(
            &ds,
            ds.get_int(years, 2024).unwrap(),
            &["participants", "bpu"],
        )
        .unwrap();
        let loc = ds.loc(bpu);
        assert_eq!((loc.line, loc.column), (13, 38));
        assert_eq!(loc.span.text(loc.file), "128993");

        // a quoted scalar's span covers its quotes
        let code = ds.loc(path(&ds, ds.docs()[0], &["code"]).unwrap());
        assert_eq!((code.line, code.column), (2, 7));
        assert_eq!(code.span.text(code.file), "\"72\"");

        // a collection points at its first character
        let regencies = ds.loc(path(&ds, ds.docs()[0], &["regencies"]).unwrap());
        assert_eq!((regencies.line, regencies.column), (17, 3));
    }

    #[test]
    fn columns_count_characters_and_skip_anchors_and_tags() {
        let ds = load_one("nama: Pulau Séram\nkota: Palu\na: &x 5\nb: !!str 12\n").unwrap();
        let root = ds.docs()[0];
        let kota = ds.loc(path(&ds, root, &["kota"]).unwrap());
        assert_eq!((kota.line, kota.column), (2, 7));
        let a = ds.loc(path(&ds, root, &["a"]).unwrap());
        assert_eq!((a.column, a.span.text(a.file)), (7, "5"));
        let b = ds.loc(path(&ds, root, &["b"]).unwrap());
        assert_eq!((b.column, b.span.text(b.file)), (10, "12"));

        // quoted scalars: the quotes and what they enclose, not the anchor,
        // tag, trailing blanks or comment
        let ds = load_one(concat!(
            "a: &q \"x\"  # note\n",
            "nama: 'Séram'   # pulau\n",
            "c: !!str \"ü\"\n",
            "d: \"say \\\"hi\\\"\" # \"quoted\"\n",
            "e: 'it''s' # 'too'\n",
        ))
        .unwrap();
        let root = ds.docs()[0];
        let a = ds.loc(path(&ds, root, &["a"]).unwrap());
        assert_eq!((a.column, a.span.text(a.file)), (7, "\"x\""));
        let nama = ds.loc(path(&ds, root, &["nama"]).unwrap());
        assert_eq!((nama.column, nama.span.text(nama.file)), (7, "'Séram'"));
        let c = ds.loc(path(&ds, root, &["c"]).unwrap());
        assert_eq!((c.line, c.column, c.span.text(c.file)), (3, 10, "\"ü\""));
        let d = ds.loc(path(&ds, root, &["d"]).unwrap());
        assert_eq!(d.span.text(d.file), r#""say \"hi\"""#);
        assert_eq!(
            ds.view(path(&ds, root, &["d"]).unwrap()),
            View::Str("say \"hi\"")
        );
        let e = ds.loc(path(&ds, root, &["e"]).unwrap());
        assert_eq!(e.span.text(e.file), "'it''s'");
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let ds = load_one(
            "- ~\n- null\n- NULL\n-\n- true\n- False\n- 42\n- -7\n- +7\n- 0x1F\n- 0o17\n\
             - 1.5\n- -2e3\n- .5\n- 1.\n- 31.98\n- 1.50\n- 2023-11-14\n- \"42\"\n- '1.5'\n\
             - !!str 42\n- ! true\n- 1_000\n- yes\n- 0x\n- -0x10\n- 1e\n- .\n",
        )
        .unwrap();
        let View::Seq(items) = ds.view(ds.docs()[0]) else {
            panic!("a sequence");
        };
        let views: Vec<_> = items.iter().map(|&i| ds.view(i)).collect();
        assert_eq!(
            views,
            [
                View::Null,
                View::Null,
                View::Null,
                View::Null,
                View::Bool(true),
                View::Bool(false),
                View::Int(42),
                View::Int(-7),
                View::Int(7),
                View::Int(31),
                View::Int(15),
                View::Dec(Decimal::new(15, 1)),
                View::Dec(Decimal::new(-2000, 0)),
                View::Dec(Decimal::new(5, 1)),
                View::Dec(Decimal::new(1, 0)),
                View::Dec(Decimal::new(3198, 2)),
                View::Dec(Decimal::new(150, 2)),
                View::Str("2023-11-14"),
                View::Str("42"),
                View::Str("1.5"),
                View::Str("42"),
                View::Str("true"),
                View::Str("1_000"),
                View::Str("yes"),
                View::Str("0x"),
                View::Str("-0x10"),
                View::Str("1e"),
                View::Str("."),
            ]
        );
        // `1.50` keeps its two places, as published
        let View::Dec(d) = ds.view(items[16]) else {
            panic!("a decimal");
        };
        assert_eq!(d.to_string(), "1.50");
    }

    #[test]
    fn decimals_no_decimal_holds_and_infinities_are_errors_at_their_place() {
        let errors = errors_of(
            "coverage: 0.12345678901234567890123456789\nb: [1, -.inf]\nc: .nan\nd: 1e29\n",
        );
        let found: Vec<_> = errors
            .iter()
            .map(|e| {
                (
                    e.code().unwrap().to_string(),
                    e.line_col(),
                    covered(e, e.span()),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "patuh::data::inexact_decimal".to_owned(),
                    (1, 11),
                    "0.12345678901234567890123456789"
                ),
                ("patuh::data::not_finite".to_owned(), (2, 8), "-.inf"),
                ("patuh::data::not_finite".to_owned(), (3, 4), ".nan"),
                ("patuh::data::inexact_decimal".to_owned(), (4, 4), "1e29"),
            ]
        );
        assert_eq!(errors[1].to_string(), "`-.inf` is not a finite number");
        assert!(errors[0].help().is_some());
        // quoted, they are text
        let ds = load_one("a: \".inf\"\nb: '1e29'\n").unwrap();
        let a = path(&ds, ds.docs()[0], &["a"]).unwrap();
        assert_eq!(ds.view(a), View::Str(".inf"));
    }

    #[test]
    fn decimals_of_every_file_keep_their_values_when_merged() {
        let files = vec![
            SourceFile::new("a.yaml", "x: 1.25\ny: [0.5, 2.75]\n"),
            SourceFile::new("b.yaml", "x: 31.98\n"),
            SourceFile::new("c.yaml", "z: [1, 0.1]\nx: -7.5\n"),
        ];
        let ds = load(files, &Limits::default()).unwrap();
        let x: Vec<_> = ds
            .docs()
            .iter()
            .map(|&d| ds.view(path(&ds, d, &["x"]).unwrap()))
            .collect();
        assert_eq!(
            x,
            [
                View::Dec(Decimal::new(125, 2)),
                View::Dec(Decimal::new(3198, 2)),
                View::Dec(Decimal::new(-75, 1)),
            ]
        );
        let z = path(&ds, ds.docs()[2], &["z"]).unwrap();
        let View::Seq(z) = ds.view(z) else {
            panic!("a list");
        };
        assert_eq!(ds.view(z[1]), View::Dec(Decimal::new(1, 1)));
    }

    #[test]
    fn a_year_key_written_as_text_is_the_year() {
        let ds = load_one(
            "years:\n  \"2023\": {bpu: 1}\n  '2024': {bpu: 2}\ncode: \"72\"\n\"007\": x\n\"-5\": y\n",
        )
        .unwrap();
        let root = ds.docs()[0];
        let years = path(&ds, root, &["years"]).unwrap();
        assert!(ds.is_series(years));
        let y2024 = ds.get_int(years, 2024).unwrap();
        assert_eq!(ds.view(path(&ds, y2024, &["bpu"]).unwrap()), View::Int(2));
        // the key still points at what was written, quotes included
        let (key, _) = ds.entry_int(years, 2023).unwrap();
        assert_eq!(ds.loc(key).span.text(ds.loc(key).file), "\"2023\"");
        // values stay text; only canonical integers become keys
        assert_eq!(
            ds.view(path(&ds, root, &["code"]).unwrap()),
            View::Str("72")
        );
        assert_eq!(ds.view(path(&ds, root, &["007"]).unwrap()), View::Str("x"));
        assert_eq!(
            ds.get_int(root, -5).map(|v| ds.view(v)),
            Some(View::Str("y"))
        );
    }

    #[test]
    fn integers_stay_exact() {
        let ds = load_one(
            "big: 9007199254740993\nmax: 9223372036854775807\nmin: -9223372036854775808\n",
        )
        .unwrap();
        let root = ds.docs()[0];
        let get = |k| ds.view(path(&ds, root, &[k]).unwrap());
        assert_eq!(get("big"), View::Int(9_007_199_254_740_993));
        assert_eq!(get("max"), View::Int(i64::MAX));
        assert_eq!(get("min"), View::Int(i64::MIN));
    }

    #[test]
    fn an_integer_beyond_64_bits_is_an_error_not_a_decimal() {
        let errors = errors_of(
            "bpu: 9223372036854775808\npu: -99999999999999999999\nx: 0xFFFFFFFFFFFFFFFF\n",
        );
        assert_eq!(errors.len(), 3);
        let DataError::IntegerOverflow { text, at, .. } = &errors[0] else {
            panic!("{:?}", errors[0]);
        };
        assert_eq!(text, "9223372036854775808");
        assert_eq!(covered(&errors[0], *at), "9223372036854775808");
        assert_eq!(errors[0].line_col(), (1, 6));
        assert_eq!(errors[1].line_col(), (2, 5));
        assert!(
            matches!(&errors[2], DataError::IntegerOverflow { text, .. } if text == "0xFFFFFFFFFFFFFFFF")
        );
    }

    #[test]
    fn duplicate_keys_point_at_both_occurrences() {
        let errors = errors_of("participants:\n  bpu: 90000\n  pu: 1\n  bpu: 91000\n");
        assert_eq!(errors.len(), 1);
        let DataError::DuplicateKey {
            key, first, again, ..
        } = &errors[0]
        else {
            panic!("{:?}", errors[0]);
        };
        assert_eq!(key, "bpu");
        assert_eq!(errors[0].file().line_col(first.offset()), (2, 3));
        assert_eq!(errors[0].file().line_col(again.offset()), (4, 3));
        assert_eq!(covered(&errors[0], *first), "bpu");
        assert_eq!(covered(&errors[0], *again), "bpu");
        assert_eq!(errors[0].to_string(), "duplicate key `bpu` in a mapping");
    }

    #[test]
    fn a_year_written_as_number_and_as_text_is_the_same_key() {
        let errors = errors_of("years:\n  2023: {bpu: 1}\n  \"2023\": {bpu: 2}\n");
        assert_eq!(errors.len(), 1);
        let DataError::DuplicateKey {
            key, first, again, ..
        } = &errors[0]
        else {
            panic!("{:?}", errors[0]);
        };
        assert_eq!(key, "2023");
        assert_eq!(covered(&errors[0], *first), "2023");
        assert_eq!(covered(&errors[0], *again), "\"2023\"");
    }

    #[test]
    fn every_duplicate_is_reported_in_small_and_large_mappings() {
        // small mapping: pairwise; a third occurrence pairs with the first
        let errors = errors_of("{a: 1, b: 2, a: 3, a: 4}\n---\n[{x: 1, x: 2}]\n");
        let lines: Vec<_> = errors.iter().map(DataError::line_col).collect();
        assert_eq!(lines, [(1, 14), (1, 20), (3, 9)]);

        // large mapping: sorted
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\nk30: again\n");
        let errors = errors_of(&text);
        let keys: Vec<_> = errors
            .iter()
            .map(|e| match e {
                DataError::DuplicateKey { key, first, .. } => (
                    key.clone(),
                    e.file().line_col(first.offset()).0,
                    e.line_col().0,
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(keys, [("k7".to_owned(), 8, 41), ("k30".to_owned(), 31, 42)]);
    }

    #[test]
    fn collections_cannot_be_keys() {
        let errors = errors_of("? [a, b]\n: 1\n{x: 1}: 2\n");
        let kinds: Vec<_> = errors
            .iter()
            .map(|e| match e {
                DataError::UnsupportedKey { kind, .. } => (*kind, e.line_col()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, [("sequence", (1, 3)), ("mapping", (3, 1))]);
    }

    #[test]
    fn nesting_past_the_depth_limit_is_refused_without_recursion() {
        // flow brackets: the parser's own bound (255) trips first
        let errors = errors_of(&"[".repeat(100_000));
        assert!(matches!(errors[..], [DataError::TooDeep { limit: 64, .. }]));

        // block sequences on one line are not bounded by the parser
        let errors = errors_of(&format!("{}x\n", "- ".repeat(100_000)));
        assert!(matches!(errors[..], [DataError::TooDeep { limit: 64, .. }]));
        assert_eq!(errors[0].line_col(), (1, 129));

        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let file = |text: &str| SourceFile::new("d.yaml", text);
        assert!(load(vec![file("a: {b: [1]}\n")], &limits).is_ok());
        let errors = failed(load(vec![file("a: {b: [[1]]}\n")], &limits)).into_vec();
        assert_eq!(errors[0].to_string(), "data nested deeper than 3 levels");
        assert_eq!(errors[0].line_col(), (1, 9));
    }

    #[test]
    fn an_alias_shares_the_anchored_node() {
        let ds = load_one("base: &b {premium_monthly: 16800}\n2023: *b\n2024: *b\n").unwrap();
        let root = ds.docs()[0];
        let base = path(&ds, root, &["base"]).unwrap();
        assert_eq!(ds.get_int(root, 2023), Some(base));
        assert_eq!(ds.get_int(root, 2024), Some(base));
        // root, `base`, its mapping, `premium_monthly`, `16800`, `2023`, `2024`
        assert_eq!(ds.node_count(), 7);
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from(
            "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
        );
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let errors = errors_of(&text);
        assert_eq!(errors.len(), 1);
        let DataError::AliasExpansion { limit, at, .. } = &errors[0] else {
            panic!("{:?}", errors[0]);
        };
        assert_eq!(*limit, 1_000_000);
        // 9^7 copies pass a million within `g`
        assert_eq!(covered(&errors[0], *at), "*f");
        assert_eq!(errors[0].line_col().0, 7);
    }

    #[test]
    fn aliases_are_counted() {
        let limits = Limits {
            max_aliases: 2,
            ..Limits::default()
        };
        let text = "a: &a 1\nb: *a\nc: *a\nd: *a\n";
        let errors = failed(load(vec![SourceFile::new("a.yaml", text)], &limits)).into_vec();
        assert!(matches!(
            errors[..],
            [DataError::TooManyAliases { limit: 2, .. }]
        ));
        assert_eq!(errors[0].line_col(), (4, 4));
    }

    #[test]
    fn unknown_and_recursive_aliases_are_errors() {
        let errors = errors_of("a: 1\nb: *nowhere\n");
        assert!(matches!(&errors[..], [DataError::UnknownAlias { name, .. }] if name == "nowhere"));
        assert_eq!(errors[0].line_col(), (2, 4));
        assert_eq!(errors[0].to_string(), "unknown alias `*nowhere`");
        let help = errors[0].help().unwrap().to_string();
        assert_eq!(
            help,
            "define the anchor `&nowhere` earlier in the same document"
        );

        // anchors do not reach into the next document
        let errors = errors_of("a: &x 1\n---\nb: *x\n");
        assert!(matches!(&errors[..], [DataError::UnknownAlias { name, .. }] if name == "x"));
        assert_eq!(errors[0].line_col(), (3, 4));

        let errors = errors_of("a: &loop [1, *loop]\n");
        assert!(matches!(&errors[..], [DataError::RecursiveAlias { name, .. }] if name == "loop"));
    }

    #[test]
    fn files_merge_in_order_with_shared_keys() {
        let a = SourceFile::new("a.yaml", "province: Aceh\nyears: {2023: {bpu: 1}}\n");
        let b = SourceFile::new(
            "b.yaml",
            "province: Bali\nyears: {2023: {bpu: 2}}\nnote: Aceh\n",
        );
        let ds = load(vec![a, b], &Limits::default()).unwrap();
        assert_eq!(ds.files().len(), 2);
        let [ra, rb] = ds.docs() else {
            panic!("two documents");
        };
        assert_eq!(ds.file_of(*ra).name(), "a.yaml");
        assert_eq!(ds.file_of(*rb).name(), "b.yaml");
        let bpu = |root| {
            path(
                &ds,
                ds.get_int(path(&ds, root, &["years"]).unwrap(), 2023)
                    .unwrap(),
                &["bpu"],
            )
        };
        assert_eq!(ds.view(bpu(*rb).unwrap()), View::Int(2));
        assert_eq!(ds.file_of(bpu(*rb).unwrap()).name(), "b.yaml");
        assert_eq!(ds.loc(bpu(*rb).unwrap()).line, 2);
        // one symbol per distinct text, across files
        let keys = |root| ds.node(ds.entries(root)[0].0).payload;
        assert_eq!(keys(*ra), keys(*rb));
        let aceh = path(&ds, *ra, &["province"]).unwrap();
        let note = path(&ds, *rb, &["note"]).unwrap();
        assert_eq!(ds.node(aceh).payload, ds.node(note).payload);
        assert_eq!(ds.str(Sym(ds.node(note).payload as u32)), "Aceh");
    }

    #[test]
    fn files_merge_in_file_order_whatever_order_they_are_parsed_in() {
        let texts = ["a: 1\nb: [x, y]\n", "c: {d: 2}\n", "e: x\nf: 3\n"];
        let files: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceFile::new(format!("{i}.yaml"), *t))
            .collect();
        let merged = |order: [usize; 3]| {
            let mut m = Merger::new(files.len(), 100);
            for i in order {
                m.arrive(i, parse_file(&files[i], &Limits::default()));
            }
            let Ok(ds) = m.finish(files.clone()) else {
                panic!("the files load");
            };
            let nodes: Vec<_> = ds
                .nodes
                .iter()
                .map(|n| (n.payload, n.line, n.tag))
                .collect();
            (
                nodes,
                ds.entries.clone(),
                ds.items.clone(),
                ds.docs.clone(),
                ds.file_ends.clone(),
            )
        };
        let in_order = merged([0, 1, 2]);
        assert_eq!(merged([2, 0, 1]), in_order);
        assert_eq!(merged([1, 2, 0]), in_order);
    }

    #[test]
    fn each_distinct_text_is_interned_once() {
        let text: String = (0..5000)
            .map(|i| format!("- {{name: desa-{i}, kind: village}}\n"))
            .collect();
        let ds = load_one(&text).unwrap();
        let View::Seq(villages) = ds.view(ds.docs()[0]) else {
            panic!("a sequence");
        };
        let name = ds.sym("name").unwrap();
        for (i, &v) in villages.iter().enumerate() {
            let n = ds.get(v, name).unwrap();
            assert_eq!(ds.view(n), View::Str(&format!("desa-{i}")));
            let kind = ds.entries(v)[1].0;
            assert_eq!(ds.node(kind).payload, u64::from(ds.sym("kind").unwrap().0));
        }
        // `name`, `kind`, `village` and 5000 names
        assert_eq!(ds.strings.len(), 5003);
        assert_eq!(ds.symbols.len(), 5003);
    }

    #[test]
    fn every_document_of_a_file_is_a_root() {
        let ds = load_one("---\nprovince: Aceh\n---\nprovince: Bali\n...\n---\n- 1\n").unwrap();
        let roots: Vec<_> = ds.docs().iter().map(|&d| ds.view(d)).collect();
        assert!(matches!(
            roots[..],
            [View::Map(_), View::Map(_), View::Seq(_)]
        ));
        let bali = path(&ds, ds.docs()[1], &["province"]).unwrap();
        assert_eq!(ds.view(bali), View::Str("Bali"));
    }

    #[test]
    fn a_syntax_error_points_at_its_line_and_column() {
        let errors = errors_of("years:\n  2023:\n    participants: {bpu: 1\n  2024: {}\n");
        assert_eq!(errors.len(), 1);
        let DataError::Syntax { message, .. } = &errors[0] else {
            panic!("{:?}", errors[0]);
        };
        assert_eq!(message, "expected `,` or `}` in a `{...}` mapping");
        assert_eq!(errors[0].line_col(), (4, 7));

        let errors = errors_of("a: b\n c: d\n");
        assert_eq!(
            errors[0].to_string(),
            "invalid YAML: a `:` where no key can start"
        );
        assert_eq!(errors[0].line_col(), (2, 3));
    }

    #[test]
    fn an_empty_file_has_no_documents() {
        let ds = load(
            vec![
                SourceFile::new("empty.yaml", ""),
                SourceFile::new("comment.yaml", "# nothing yet\n"),
                SourceFile::new("one.yaml", "a: 1\n"),
            ],
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(ds.docs().len(), 1);
        assert_eq!(ds.file_of(ds.docs()[0]).name(), "one.yaml");
        assert!(load(vec![], &Limits::default()).unwrap().docs().is_empty());
    }

    #[test]
    fn a_file_over_the_size_limit_is_not_parsed() {
        let limits = Limits {
            max_file_bytes: 4,
            ..Limits::default()
        };
        let errors = failed(load(
            vec![SourceFile::new("big.yaml", "a: [1, 2]\n")],
            &limits,
        ))
        .into_vec();
        assert!(matches!(
            errors[..],
            [DataError::FileTooLarge {
                size: 10,
                limit: 4,
                ..
            }]
        ));
        assert_eq!(
            errors[0].to_string(),
            "file `big.yaml` of 10 bytes is larger than the limit of 4 bytes"
        );
    }

    #[test]
    fn errors_of_all_files_come_in_file_order_then_position() {
        let files = vec![
            SourceFile::new("a.yaml", "x: 1\nx: 2\ny: [\n"),
            SourceFile::new("b.yaml", "ok: true\n"),
            SourceFile::new("c.yaml", "n: 99999999999999999999\nk: 1\nk: 2\n"),
        ];
        let errors = failed(load(files, &Limits::default()));
        assert_eq!(errors.to_string(), "4 data errors");
        let found: Vec<_> = errors
            .iter()
            .map(|e| {
                (
                    e.file().name(),
                    e.line_col().0,
                    e.code().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a.yaml", 2, "patuh::data::duplicate_key".to_owned()),
                ("a.yaml", 4, "patuh::data::syntax".to_owned()),
                ("c.yaml", 1, "patuh::data::integer_overflow".to_owned()),
                ("c.yaml", 3, "patuh::data::duplicate_key".to_owned()),
            ]
        );
        let related = errors.related().unwrap().count();
        assert_eq!(related, 4);
    }

    #[test]
    fn errors_can_travel_between_threads() {
        fn boxable<T: Diagnostic + Send + Sync + 'static>() {}
        boxable::<DataError>();
        boxable::<DataErrors>();
    }

    #[test]
    fn a_duplicate_key_renders_with_both_labels() {
        let errors = failed(load_one("years:\n  2023: {bpu: 1}\n  2023: {bpu: 2}\n"));
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(200)
            .render_report(&mut out, &errors)
            .unwrap();
        assert!(out.contains("1 data error"), "{out}");
        assert!(out.contains("patuh::data::duplicate_key"), "{out}");
        assert!(out.contains("duplicate key `2023` in a mapping"), "{out}");
        assert!(out.contains("first written here"), "{out}");
        assert!(out.contains("written again here"), "{out}");
        assert!(out.contains("test.yaml:2:3"), "{out}");
        assert!(out.contains("keep one of them"), "{out}");
    }
}
