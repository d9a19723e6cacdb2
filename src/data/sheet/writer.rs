//! Writes one assembled document into an arena of its own, node by node
//! in document order (a parent before its children, a key before its
//! value, siblings in order), which is what `data::path::steps_to` relies on.
//! Every node is copied from where it was read (a sheet's cell, a YAML
//! file's node) with its place, and the writer records which file each run
//! of nodes comes from: the document's segments.

use crate::data::intern::Interner;
use crate::data::load::FileArena;
use crate::data::{Node, NodeId, Tag};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// An open mapping or sequence.
struct Open {
    node: u32,
    map: bool,
    children: usize,
}

/// One document's arena under construction.
#[derive(Default)]
pub(crate) struct Writer {
    nodes: Vec<Node>,
    entries: Vec<(NodeId, NodeId)>,
    items: Vec<NodeId>,
    strings: Interner,
    decimals: Vec<Decimal>,
    docs: Vec<NodeId>,
    /// (one past the last node, file), per run of nodes from one file.
    segments: Vec<(u32, u32)>,
    stack: Vec<Open>,
    pending: Vec<NodeId>,
}

/// Where a node comes from: its file's index and its place there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct From {
    pub file: u32,
    pub line: u32,
    pub col: u16,
    pub len: u8,
}

impl From {
    /// The place of node `n` of file `file`.
    pub(crate) fn node(file: u32, n: &Node) -> From {
        From {
            file,
            line: n.line,
            col: n.col,
            len: n.len,
        }
    }
}

impl Writer {
    fn push(&mut self, at: From, tag: Tag, payload: u64) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            payload,
            line: at.line,
            col: at.col,
            len: at.len,
            tag,
        });
        match self.segments.last_mut() {
            Some((end, file)) if *file == at.file => *end = id + 1,
            _ => self.segments.push((id + 1, at.file)),
        }
        id
    }

    fn complete(&mut self, id: u32) {
        if self.stack.is_empty() {
            self.docs.push(NodeId(id));
        } else {
            self.pending.push(NodeId(id));
        }
    }

    /// A scalar copied from an arena with its own symbols and decimals;
    /// `seen` maps that arena's symbols to this one's (`u32::MAX`: not yet),
    /// so each text is looked up once per document.
    pub(crate) fn scalar(
        &mut self,
        at: From,
        n: &Node,
        strings: &Interner,
        decimals: &[Decimal],
        seen: &mut Vec<u32>,
    ) {
        let payload = match n.tag {
            Tag::Str => {
                let sym = n.payload as usize;
                if seen.len() <= sym {
                    seen.resize(strings.len().max(sym + 1), u32::MAX);
                }
                if seen[sym] == u32::MAX {
                    seen[sym] = self.strings.intern(Cow::Borrowed(&strings.strings[sym]));
                }
                u64::from(seen[sym])
            }
            Tag::Dec => {
                self.decimals.push(decimals[n.payload as usize]);
                self.decimals.len() as u64 - 1
            }
            _ => n.payload,
        };
        let id = self.push(at, n.tag, payload);
        self.complete(id);
    }

    /// A text scalar (a key the convention names).
    pub(crate) fn text(&mut self, at: From, text: &str) {
        let payload = u64::from(self.strings.intern(Cow::Borrowed(text)));
        let id = self.push(at, Tag::Str, payload);
        self.complete(id);
    }

    /// Opens a mapping (`map`) or a sequence.
    pub(crate) fn open(&mut self, at: From, map: bool) {
        let at = From { len: 0, ..at };
        let node = self.push(at, if map { Tag::Map } else { Tag::Seq }, 0);
        self.stack.push(Open {
            node,
            map,
            children: self.pending.len(),
        });
    }

    /// Closes the innermost open collection.
    pub(crate) fn close(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        let children = &self.pending[open.children..];
        let (start, len) = if open.map {
            let start = self.entries.len();
            self.entries
                .extend(children.chunks_exact(2).map(|kv| (kv[0], kv[1])));
            (start, children.len() / 2)
        } else {
            let start = self.items.len();
            self.items.extend_from_slice(children);
            (start, children.len())
        };
        self.nodes[open.node as usize].payload = ((start as u64) << 32) | len as u64;
        self.pending.truncate(open.children);
        self.complete(open.node);
    }

    /// The arena and its segments.
    pub(crate) fn finish(self) -> (FileArena, Vec<(u32, u32)>) {
        (
            FileArena {
                nodes: self.nodes,
                entries: self.entries,
                items: self.items,
                strings: self.strings,
                decimals: self.decimals,
                docs: self.docs,
                errors: Vec::new(),
            },
            self.segments,
        )
    }
}
