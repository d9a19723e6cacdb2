//! Where each figure comes from: the published report it was taken from.
//!
//! The data convention cites sources by id: a document lists its `sources`
//! (each with `title`, `publisher`, `date` and optionally `url`), and a year
//! entry, a region or the document names one with `source: ID`. A figure's
//! source is the `source` of the nearest map that holds it and has one (its
//! year entry, else its region, else its document), looked up in its
//! document's `sources`. This is the one place that decides it: every report
//! format takes a finding's sources from [`Evidence`], and
//! [`check_sources`] reports, with its place, a source id that `sources`
//! does not list and figures that cite no source at all.
//!
//! | code | variant |
//! | --- | --- |
//! | `patuh::data::unknown_source` | [`SourceWarning::Unknown`] |
//! | `patuh::data::unsourced_figure` | [`SourceWarning::Unsourced`] |

use crate::data::{Dataset, NodeId, Sym, View};
use crate::source::{SourceFile, Span};
use miette::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use thiserror::Error;

/// A published source a figure was taken from, as its document lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The id the data cites: `antara-2023-11-14`.
    pub id: String,
    /// Its `title`.
    pub title: Option<String>,
    /// Its `publisher`.
    pub publisher: Option<String>,
    /// Its `date`, as written (`2023-11-14`).
    pub date: Option<String>,
    /// Its `url`.
    pub url: Option<String>,
    /// Whether the document's `sources` lists the id (a cited id that it
    /// does not list is a warning, [`SourceWarning::Unknown`]).
    pub listed: bool,
}

impl Source {
    /// The source in a few words: `ANTARA, 2023-11-14`, else its id.
    pub fn short(&self) -> String {
        let parts: Vec<&str> = self
            .publisher
            .as_deref()
            .into_iter()
            .chain(self.date.as_deref())
            .collect();
        match parts.is_empty() {
            true => self.id.clone(),
            false => parts.join(", "),
        }
    }

    /// The source in one line, as people cite it: `ANTARA, 2023-11-14:
    /// "Rusdy Mastura: ..." (antara-2023-11-14)`, then the url.
    pub fn describe(&self) -> String {
        let mut who: Vec<&str> = Vec::new();
        who.extend(self.publisher.as_deref());
        who.extend(self.date.as_deref());
        let mut out = who.join(", ");
        if let Some(t) = &self.title {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&format!("\"{t}\""));
        }
        out = match (out.is_empty(), self.listed) {
            (true, true) => format!("`{}`", self.id),
            (true, false) => format!("`{}` (not listed in `sources`)", self.id),
            (false, _) => format!("{out} ({})", self.id),
        };
        if let Some(u) = &self.url {
            out.push_str(&format!(" {u}"));
        }
        out
    }
}

/// The names the convention gives, interned once per dataset.
#[derive(Clone, Copy)]
struct Keys {
    source: Option<Sym>,
    sources: Option<Sym>,
}

impl Keys {
    fn of(data: &Dataset) -> Keys {
        Keys {
            source: data.sym("source"),
            sources: data.sym("sources"),
        }
    }
}

/// Resolves the sources of data values.
pub struct Evidence<'a> {
    data: &'a Dataset,
    keys: Keys,
}

impl<'a> Evidence<'a> {
    /// For `data`.
    pub fn new(data: &'a Dataset) -> Self {
        Evidence {
            data,
            keys: Keys::of(data),
        }
    }

    /// The `source:` value node that applies to `node`: the nearest of the
    /// maps on the way from its document's root down to it (itself
    /// included) that has one.
    pub fn cited_by(&self, node: NodeId) -> Option<NodeId> {
        self.cited_in(&crate::data::path::containers(self.data, node), node)
    }

    /// Like [`Evidence::cited_by`], given the maps and lists above `node`
    /// (its document's root first), as a caller that walked down to it has
    /// them.
    pub fn cited_in(&self, above: &[NodeId], node: NodeId) -> Option<NodeId> {
        let key = self.keys.source?;
        let data = self.data;
        std::iter::once(node)
            .chain(above.iter().rev().copied())
            .find_map(|map| data.get(map, key).filter(|v| cite(data, *v).is_some()))
    }

    /// The source of `node`'s figure, given the maps and lists above it.
    pub fn source_in(&self, above: &[NodeId], node: NodeId) -> Option<Source> {
        let cite = self.cited_in(above, node)?;
        let id = id_text(self.data, cite)?;
        let doc = above.first().copied().unwrap_or(node);
        Some(self.lookup(doc, id))
    }

    /// The id `node`'s figure cites, if any.
    pub fn id_of(&self, node: NodeId) -> Option<String> {
        self.cited_by(node).and_then(|v| id_text(self.data, v))
    }

    /// The source `node`'s figure comes from, if it cites one.
    pub fn source_of(&self, node: NodeId) -> Option<Source> {
        let cite = self.cited_by(node)?;
        let id = id_text(self.data, cite)?;
        let doc = document_of(self.data, node)?;
        Some(self.lookup(doc, id))
    }

    /// The entry `id` of document `doc`'s `sources`.
    fn lookup(&self, doc: NodeId, id: String) -> Source {
        let data = self.data;
        let entry = self
            .keys
            .sources
            .and_then(|k| data.get(doc, k))
            .and_then(|s| entry_named(data, s, &id));
        let field = |name: &str| {
            let e = entry?;
            let v = data.get(e, data.sym(name)?)?;
            text(data, v)
        };
        Source {
            title: field("title"),
            publisher: field("publisher"),
            date: field("date"),
            url: field("url"),
            listed: entry.is_some(),
            id,
        }
    }
}

/// The distinct sources of some data values, in the order first cited.
pub fn distinct(sources: impl IntoIterator<Item = Option<Source>>) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for s in sources.into_iter().flatten() {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The document whose tree holds `node`.
fn document_of(data: &Dataset, node: NodeId) -> Option<NodeId> {
    let docs = data.docs();
    docs.partition_point(|d| *d <= node)
        .checked_sub(1)
        .and_then(|i| docs.get(i).copied())
}

/// A text or a whole number as an id; anything else cites nothing.
fn id_text(data: &Dataset, v: NodeId) -> Option<String> {
    match data.view(v) {
        View::Str(s) => Some(s.to_owned()),
        View::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A scalar as text, for the fields of a source (a date may load as text
/// or, unquoted and odd, as a number).
fn text(data: &Dataset, v: NodeId) -> Option<String> {
    match data.view(v) {
        View::Str(s) => Some(s.to_owned()),
        View::Int(i) => Some(i.to_string()),
        View::Dec(d) => Some(d.to_string()),
        View::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value of the entry of mapping `map` whose key reads `id`.
fn entry_named(data: &Dataset, map: NodeId, id: &str) -> Option<NodeId> {
    data.entries(map)
        .iter()
        .find(|(k, _)| id_text(data, *k).as_deref() == Some(id))
        .map(|&(_, v)| v)
}

/// How the source warnings' help ends while they are warnings.
const DENY_HINT: &str = "; `--deny-unsourced` makes this an error";

/// A problem of a source warning made an error by `--deny-unsourced`: the
/// same code, message, labels and help, at the level of an error.
#[derive(Debug)]
pub struct Denied(pub SourceWarning);

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Denied {}

impl Diagnostic for Denied {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // The flag is given: the help no longer offers it.
        let help = self.0.help()?.to_string();
        let help = help.trim_end_matches(DENY_HINT).to_owned();
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
}

/// A data file's figures that cannot be traced to a published source: a
/// warning, or an error with `--deny-unsourced` ([`Denied`]).
#[derive(Debug, Error, Diagnostic)]
pub enum SourceWarning {
    /// `source: antara-2023` where `sources` has no `antara-2023`.
    #[error("source `{id}` is not listed in the document's `sources`")]
    #[diagnostic(code(patuh::data::unknown_source), severity(Warning), help("{help}"))]
    Unknown {
        /// The id cited.
        id: String,
        /// How many `source:` keys of the document cite it.
        uses: Times,
        /// What to do.
        help: UnknownHelp,
        /// The data file.
        #[source_code]
        file: SourceFile,
        /// The first `source:` value citing it.
        #[label("cited here, {uses} in this document")]
        at: Span,
    },
    /// Figures with no `source` on their year entry, region or document.
    #[error("{count} no source in {document}")]
    #[diagnostic(
        code(patuh::data::unsourced_figure),
        severity(Warning),
        help(
            "add `source: ID` to the year entry, the region or the document, with ID a key of the document's `sources`; `--deny-unsourced` makes this an error"
        )
    )]
    Unsourced {
        /// How many figures (numbers and booleans) cite no source.
        count: Figures,
        /// The document's name.
        document: DocName,
        /// The data file.
        #[source_code]
        file: SourceFile,
        /// The first of them.
        #[label("no `source` here or above")]
        at: Span,
    },
}

/// How many times an id is cited: `once`, `3 times`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times(pub usize);

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("once"),
            n => write!(f, "{n} times"),
        }
    }
}

/// A document by its name: `` `Sulawesi Tengah` ``, or `the document`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocName(pub Option<String>);

impl fmt::Display for DocName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(n) => write!(f, "`{n}`"),
            None => f.write_str("the document"),
        }
    }
}

/// How many figures cite no source: `1 figure cites`, `3 figures cite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures(pub usize);

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 figure cites"),
            n => write!(f, "{n} figures cite"),
        }
    }
}

/// The help of [`SourceWarning::Unknown`]: the listed id it may mean.
#[derive(Debug)]
pub struct UnknownHelp {
    /// The listed id closest to the one cited.
    pub meant: Option<String>,
}

impl fmt::Display for UnknownHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.meant {
            Some(m) => write!(f, "did you mean `{m}`?"),
            None => f.write_str(
                "list the source under `sources` with its `title`, `publisher` and `date`, or correct the id; `--deny-unsourced` makes this an error",
            ),
        }
    }
}

/// What one document cites, found in one walk.
#[derive(Default)]
struct Walk {
    /// Per cited id not in `sources`: its first `source:` value and its uses.
    unknown: Vec<(NodeId, usize)>,
    /// Figures citing nothing, and the first of them.
    unsourced: usize,
    first_unsourced: Option<NodeId>,
}

/// Every document's sources checked: a warning per id cited but not listed
/// (at its first use), and one per document with figures that cite no
/// source (at the first). Linear in the data; documents in parallel.
pub fn check_sources(data: &Dataset) -> Vec<SourceWarning> {
    let keys = Keys::of(data);
    let walks: Vec<(NodeId, Vec<String>, Walk)> = data
        .docs()
        .par_iter()
        .map(|&doc| {
            let register = keys.sources.and_then(|k| data.get(doc, k));
            let entries = register.map_or(&[][..], |s| data.entries(s));
            let listed: Vec<Cite> = entries.iter().filter_map(|(k, _)| cite(data, *k)).collect();
            let mut walk = Walk::default();
            // The register describes sources; its dates are not figures.
            visit(data, keys, doc, None, register, &listed, &mut walk);
            let names = entries
                .iter()
                .filter_map(|(k, _)| id_text(data, *k))
                .collect();
            (doc, names, walk)
        })
        .collect();
    let mut out = Vec::new();
    for (doc, listed, walk) in walks {
        let file = data.file_of(doc).clone();
        for (at, uses) in walk.unknown {
            let id = id_text(data, at).unwrap_or_default();
            let meant =
                crate::fuzzy::nearest(&id, listed.iter().map(String::as_str)).map(str::to_owned);
            out.push(SourceWarning::Unknown {
                help: UnknownHelp { meant },
                id,
                uses: Times(uses),
                file: file.clone(),
                at: data.loc(at).span,
            });
        }
        if let Some(first) = walk.first_unsourced {
            out.push(SourceWarning::Unsourced {
                count: Figures(walk.unsourced),
                document: DocName(crate::data::path::region_label(data, doc)),
                file,
                at: data.loc(first).span,
            });
        }
    }
    out
}

/// An id as the arena holds it (an interned text or a whole number), so
/// the walk compares ids without making strings: it visits every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cite {
    Text(u64),
    Int(u64),
}

fn cite(data: &Dataset, v: NodeId) -> Option<Cite> {
    let n = data.node(v);
    match n.tag {
        crate::data::Tag::Str => Some(Cite::Text(n.payload)),
        crate::data::Tag::Int => Some(Cite::Int(n.payload)),
        _ => None,
    }
}

/// Walks a value with the `source:` value that applies to it.
fn visit(
    data: &Dataset,
    keys: Keys,
    node: NodeId,
    cited: Option<NodeId>,
    skip: Option<NodeId>,
    listed: &[Cite],
    walk: &mut Walk,
) {
    match data.view(node) {
        View::Map(entries) => {
            let own = keys
                .source
                .and_then(|k| data.get(node, k))
                .and_then(|v| Some((v, cite(data, v)?)));
            if let Some((v, id)) = own
                && !listed.contains(&id)
            {
                match walk
                    .unknown
                    .iter_mut()
                    .find(|(x, _)| cite(data, *x) == Some(id))
                {
                    Some((_, uses)) => *uses += 1,
                    None => walk.unknown.push((v, 1)),
                }
            }
            let own = own.map(|(v, _)| v);
            let cited = own.or(cited);
            for &(_, v) in entries {
                if Some(v) != own && Some(v) != skip {
                    visit(data, keys, v, cited, skip, listed, walk);
                }
            }
        }
        View::Seq(items) => {
            for &v in items {
                visit(data, keys, v, cited, skip, listed, walk);
            }
        }
        View::Int(_) | View::Dec(_) | View::Bool(_) if cited.is_none() => {
            walk.unsourced += 1;
            walk.first_unsourced.get_or_insert(node);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Dataset {
        crate::data::load(vec![SourceFile::new("d.yaml", text)], &Default::default())
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    const DATA: &str = "province: P
source: doc
sources:
  doc: { title: The document, publisher: Pub, date: 2023-01-02 }
  year: { title: A year, publisher: Other, date: 2024-05-06, url: https://example.org/y }
years:
  2023:
    participants: { bpu: 1 }
  2024:
    participants: { bpu: 2 }
    source: year
regencies:
  - name: R
    source: nowhere
    years:
      2024: { funds_bpu: true }
";

    fn node_at(data: &Dataset, line: usize) -> NodeId {
        (0..data.node_count() as u32)
            .map(NodeId)
            .find(|&n| {
                data.node(n).line as usize == line
                    && matches!(data.view(n), View::Int(_) | View::Bool(_))
            })
            .unwrap_or_else(|| panic!("no figure on line {line}"))
    }

    #[test]
    fn the_nearest_source_applies_and_is_looked_up_in_its_document() {
        let data = load(DATA);
        let ev = Evidence::new(&data);
        let s = ev.source_of(node_at(&data, 8)).map(|s| s.id);
        assert_eq!(s.as_deref(), Some("doc"));
        let s = ev.source_of(node_at(&data, 10)).expect("cited");
        assert_eq!(s.publisher.as_deref(), Some("Other"));
        assert_eq!(s.url.as_deref(), Some("https://example.org/y"));
        assert!(s.listed);
        let s = ev.source_of(node_at(&data, 16)).expect("cited");
        assert_eq!((s.id.as_str(), s.listed), ("nowhere", false));
    }

    #[test]
    fn unknown_ids_and_unsourced_figures_are_reported_once_each() {
        let data = load(DATA);
        let w = check_sources(&data);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            matches!(&w[0], SourceWarning::Unknown { id, uses: Times(1), .. } if id == "nowhere")
        );
        let data = load("province: P\nyears:\n  2023: { bpu: 1, ok: true }\n  2024: { bpu: 2 }\n");
        let w = check_sources(&data);
        assert!(
            matches!(
                &w[..],
                [SourceWarning::Unsourced {
                    count: Figures(3),
                    ..
                }]
            ),
            "{w:?}"
        );
    }
}
