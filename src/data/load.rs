//! Reading YAML data files into one [`Dataset`].
//!
//! Each file is read on its own thread into a file-local arena, then the
//! arenas are merged in the order the files were given ([`merge`]). A file
//! is read by the fast path ([`fast`]) when it is plain YAML of the kind
//! data files are written in, else by saphyr-parser ([`saphyr`]); both drive
//! the same [`builder`] with the same events, so every limit and check holds
//! whichever reads the file (and a spreadsheet reader can drive it too).
//!
//! Scalars follow the YAML 1.2 core schema for plain (unquoted) text only
//! ([`scalar`]): quoted and block scalars, and any scalar tagged `!!str` or
//! `!`, are text, except that a mapping key written as text in the form of
//! an integer (`"2023":`) is that integer. An integer that does not fit in
//! 64 bits, and a decimal that no `Decimal` holds exactly, are errors,
//! never rounded.
//!
//! A data file holds one or more documents, each a mapping; anything else
//! (a top-level list or scalar, an empty document, a file with no document)
//! is an error at its place. A NUL byte or another control character YAML
//! forbids is an error at its place before either reader starts.
//!
//! An alias reuses the anchored node (the tree becomes a DAG); the [`Limits`]
//! bound how much such sharing may multiply the data.

mod builder;
mod fast;
pub(crate) mod merge;
mod saphyr;
mod scalar;
#[cfg(test)]
mod tests;

use super::Dataset;
use super::error::{DataError, DataErrors};
use crate::source::SourceFile;
use builder::Builder;
pub(crate) use builder::FileArena;
pub(crate) use merge::Merger;
use rayon::prelude::*;

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

/// Parses every data file and merges them, in the given order, into one
/// [`Dataset`].
///
/// Files are parsed in parallel and merged as they come. Every file's errors are
/// reported together, in file order then position: a file stops at its first
/// syntax error or exceeded limit, but duplicate keys, unsupported keys,
/// out-of-range numbers and documents that are not mappings are all
/// reported. A file with no document is an error.
///
/// # Errors
/// Every [`DataError`] found, if any.
pub fn load(files: Vec<SourceFile>, limits: &Limits) -> Result<Dataset, DataErrors> {
    load_reporting(files, limits, &|_| {})
}

/// Like [`load`], for YAML that is not a data file (the waiver register):
/// any document shape, and a file may hold none. Every other check and
/// limit holds.
///
/// # Errors
/// Every [`DataError`] found, if any.
pub fn load_yaml(files: Vec<SourceFile>, limits: &Limits) -> Result<Dataset, DataErrors> {
    load_files(files, limits, false, &|_| {})
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
    load_files(files, limits, true, parsed)
}

/// Like [`load_reporting`], for every kind of data file: YAML files and
/// CSV files (`*.csv`) among `files`, and XLSX workbooks. Spreadsheet
/// cells are read in the types `schema` declares; the rows of a province
/// form one document with its YAML document (see [`crate::data::sheet`]).
/// Without spreadsheets this is [`load_reporting`].
///
/// # Errors
/// Every [`DataError`] found, if any.
pub fn load_data(
    files: Vec<SourceFile>,
    workbooks: Vec<super::Workbook>,
    schema: &super::SheetSchema,
    limits: &Limits,
    parsed: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, DataErrors> {
    if workbooks.is_empty() && !files.iter().any(|f| super::sheet::is_csv(f.name())) {
        return load_files(files, limits, true, parsed);
    }
    super::sheet::load(files, workbooks, schema, limits, parsed)
}

/// `documents`: whether the files are data files (see [`load`]).
fn load_files(
    files: Vec<SourceFile>,
    limits: &Limits,
    documents: bool,
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
            let arena = parse_file(&files[i], limits, documents);
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

/// Reads one file into a [`FileArena`] (errors included): by the fast path
/// when the file is plain YAML without problems, else by saphyr-parser.
pub(crate) fn parse_file(file: &SourceFile, limits: &Limits, documents: bool) -> FileArena {
    let text = file.text();
    let mut b = Builder::new(file, limits, documents);
    if text.len() > limits.max_file_bytes {
        b.errors.push(DataError::FileTooLarge {
            size: text.len(),
            limit: limits.max_file_bytes,
            file: file.clone(),
        });
        return b.finish(true);
    }
    if let Some(error) = forbidden_character(file) {
        b.errors.push(error);
        return b.finish(true);
    }
    if let Some(arena) = fast::parse(file, limits, documents) {
        return arena;
    }
    saphyr::parse(b)
}

/// The first character YAML forbids in a stream: a C0 control other than
/// tab, line feed and carriage return, DEL, a C1 control other than NEL, or
/// U+FFFE / U+FFFF. One pass over the bytes, before either reader: blocks
/// of 64 bytes are screened without branches (the compiler vectorises it),
/// and only a block holding a suspect byte is looked at closely.
fn forbidden_character(file: &SourceFile) -> Option<DataError> {
    const BLOCK: usize = 64;
    let b = file.text().as_bytes();
    let forbidden = |i: usize| match b[i] {
        0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f => true,
        // U+0080..U+009F but U+0085
        0xc2 => matches!(b.get(i + 1), Some(&n) if (0x80..=0x9f).contains(&n) && n != 0x85),
        // U+FFFE, U+FFFF
        0xef => b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    };
    let mut start = 0;
    let at = loop {
        let end = (start + BLOCK).min(b.len());
        if start == end {
            return None;
        }
        if screen(&b[start..end])
            && let Some(i) = (start..end).find(|&i| forbidden(i))
        {
            break i;
        }
        start = end;
    };
    let c = file.text()[at..].chars().next()?;
    Some(DataError::ControlCharacter {
        code: format!("U+{:04X}", u32::from(c)),
        file: file.clone(),
        at: (at, c.len_utf8()).into(),
    })
}

/// Whether `block` may hold a forbidden character: a control byte other
/// than tab, LF and CR, DEL, or the first byte of a C1 control or of
/// U+FFFE / U+FFFF. Without branches, so it runs on vector registers.
fn screen(block: &[u8]) -> bool {
    block
        .iter()
        .map(|&c| {
            let control = (c < 0x20) & (c != b'\n') & (c != b'\t') & (c != b'\r');
            u8::from(control | (c == 0x7f) | (c == 0xc2) | (c == 0xef))
        })
        .fold(0, |any, suspect| any | suspect)
        != 0
}
