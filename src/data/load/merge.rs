//! Joining the files' arenas into one [`Dataset`], in file order, as they
//! arrive from the parsing threads in any order: node ids, child ranges and
//! decimal indices are offset, and file-local string symbols are mapped to
//! the data set's interner.

use super::MAX_INDEX;
use super::builder::FileArena;
use crate::data::{DataError, DataErrors, Dataset, Node, NodeId, Tag};
use crate::source::SourceFile;
use std::borrow::Cow;

/// Joins the per-file arenas into one [`Dataset`], in file order, as they
/// arrive in any order; once a file has errors it only collects errors.
pub(crate) struct Merger {
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
    pub(crate) fn new(files: usize, bytes: usize) -> Self {
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

    pub(super) fn arrive(&mut self, i: usize, mut arena: FileArena) {
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
    fn merge(&mut self, i: usize, mut a: FileArena) {
        if self.overflows(&a, i) {
            return;
        }
        let ds = &mut self.ds;
        let nbase = if ds.nodes.is_empty()
            && ds.entries.is_empty()
            && ds.items.is_empty()
            && ds.decimals.is_empty()
            && ds.strings.len() == 0
        {
            // The first file: its ids and symbols are already global, take
            // its vectors and its interner as they are.
            ds.strings = a.strings;
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
            0
        } else {
            // Each string moves into the data set's interner, unless it is
            // there already.
            let remap: Vec<u64> = (std::mem::take(&mut a.strings.strings).into_iter())
                .map(|s| u64::from(ds.strings.intern(Cow::Owned(s.into_string()))))
                .collect();
            copy_in(ds, &a, &remap)
        };
        ds.docs.extend(a.docs.iter().map(|&d| NodeId(d.0 + nbase)));
        ds.segments.push((ds.nodes.len() as u32, i as u32));
    }

    /// Whether `a` would take the data set past what its ids can index;
    /// the first such file (`file`) is remembered and nothing more is added.
    fn overflows(&mut self, a: &FileArena, file: usize) -> bool {
        let ds = &self.ds;
        let total = |have: usize, more: usize| have as u64 + more as u64 > MAX_INDEX;
        if self.overflow.is_some()
            || total(ds.nodes.len(), a.nodes.len())
            || total(ds.entries.len(), a.entries.len())
            || total(ds.items.len(), a.items.len())
        {
            self.overflow.get_or_insert(file);
            return true;
        }
        false
    }

    /// Appends a copy of an arena whose nodes come from the files its
    /// `segments` name ((one past the last node, file), in id order), with
    /// `docs` as its documents: a YAML file whose documents joined sheets'
    /// rows (their roots left out), or a document assembled from sheets.
    pub(crate) fn append(&mut self, a: &FileArena, docs: Vec<NodeId>, segments: &[(u32, u32)]) {
        if self.overflows(a, segments.first().map_or(0, |&(_, f)| f as usize)) {
            return;
        }
        let ds = &mut self.ds;
        let remap: Vec<u64> = (a.strings.strings.iter())
            .map(|s| u64::from(ds.strings.intern(Cow::Borrowed(s))))
            .collect();
        let nbase = copy_in(ds, a, &remap);
        ds.docs.extend(docs.iter().map(|&d| NodeId(d.0 + nbase)));
        ds.segments
            .extend(segments.iter().map(|&(end, file)| (end + nbase, file)));
    }

    /// The data set of [`append`](Self::append)ed arenas, with every file
    /// and how to name the cells of those read from spreadsheets.
    pub(crate) fn finish_with(
        self,
        files: Vec<SourceFile>,
        sheets: Vec<Option<std::sync::Arc<crate::data::sheet::SheetInfo>>>,
    ) -> Result<Dataset, DataErrors> {
        let mut ds = self.finish(files)?;
        ds.sheets = sheets;
        Ok(ds)
    }

    /// The data set, or every file's errors in file order then position.
    pub(crate) fn finish(self, files: Vec<SourceFile>) -> Result<Dataset, DataErrors> {
        if self.failed {
            return Err(DataErrors(self.errors.into_iter().flatten().collect()));
        }
        if let Some(i) = self.overflow {
            return Err(DataErrors(vec![DataError::TooManyNodes {
                limit: MAX_INDEX,
                file: files[i].clone(),
            }]));
        }
        let sheets = vec![None; files.len()];
        Ok(Dataset {
            files,
            sheets,
            ..self.ds
        })
    }
}

/// Copies `a`'s nodes, entries, items and decimals after the data set's
/// own, its ids offset and its strings mapped by `remap`; gives the offset
/// of its node ids.
fn copy_in(ds: &mut Dataset, a: &FileArena, remap: &[u64]) -> u32 {
    let (nbase, ebase, ibase, dbase) = (
        ds.nodes.len() as u32,
        ds.entries.len() as u64,
        ds.items.len() as u64,
        ds.decimals.len() as u64,
    );
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
    nbase
}
