//! What an observer of the evaluator sees: the subjects as they are
//! visited, every value computed, and each decision. `patuh explain` is an
//! observer; `patuh check` uses [`Quiet`], whose no-op methods the
//! compiler removes (the evaluator is generic over its observer).

use super::Outcome;
use super::value::{Unknown, Val};
use crate::check::{Bind, Loop, Node, Source, Unless};
use crate::data::path::region_label;
use crate::data::{Dataset, NodeId, View};

/// Hooks into the evaluator's walk. Every method does nothing by default.
pub trait Observer {
    /// About to evaluate a `where` or a `require` for the current subject:
    /// the values that follow belong to it.
    #[inline]
    fn begin(&mut self) {}

    /// Node `node` of the rule gave `v`.
    #[inline]
    fn value(&mut self, node: &Node<'_>, v: &Val) {
        let _ = (node, v);
    }

    /// A collection of `for each` clause `lp` cannot be gone through.
    #[inline]
    fn source_unknown(&mut self, s: &Subject<'_>, lp: &Loop<'_>, src: &Source<'_>, u: &Unknown) {
        let _ = (s, lp, src, u);
    }

    /// The `where` of clause `lp` (at `level`) gave `v` for the item bound
    /// there; `reads` are the data values it read.
    #[inline]
    fn filtered(
        &mut self,
        s: &Subject<'_>,
        level: usize,
        lp: &Loop<'_>,
        v: &Val,
        reads: &[NodeId],
    ) {
        let _ = (s, level, lp, v, reads);
    }

    /// A `let` written after `depth` `for each` clauses gave `v` for the
    /// items bound so far.
    #[inline]
    fn bound(&mut self, s: &Subject<'_>, depth: usize, b: &Bind<'_>, v: &Val) {
        let _ = (s, depth, b, v);
    }

    /// Leaving the item bound at `level` (and what was computed for it).
    #[inline]
    fn left(&mut self, level: usize) {
        let _ = level;
    }

    /// The condition of `unknown when` clause `u` gave `v` for the subject:
    /// when true (or unknown) the subject is unknown and `require` is not
    /// evaluated; `reads` are the data values it read.
    #[inline]
    fn unless(&mut self, s: &Subject<'_>, u: &Unless<'_>, v: &Val, reads: &[NodeId]) {
        let _ = (s, u, v, reads);
    }

    /// Every subject of the document (or of a rule over `documents`) is
    /// decided.
    #[inline]
    fn done(&mut self) {}

    /// The subject is decided: `require` gave `v`, which is `outcome`;
    /// `reads` are the data values it read.
    #[inline]
    fn decided(
        &mut self,
        s: &Subject<'_>,
        require: &Node<'_>,
        v: &Val,
        outcome: Outcome,
        reads: &[NodeId],
    ) {
        let _ = (s, require, v, outcome, reads);
    }
}

/// The observer that sees nothing: plain evaluation.
pub(crate) struct Quiet;

impl Observer for Quiet {}

/// The subject being evaluated, to name it.
pub struct Subject<'s> {
    pub(crate) data: &'s Dataset,
    pub(crate) doc: Option<NodeId>,
    pub(crate) loops: &'s [Loop<'s>],
    pub(crate) vars: &'s [Val],
    /// How many `for each` clauses have bound an item.
    pub(crate) bound: usize,
}

impl Subject<'_> {
    /// `Sulawesi Tengah / Donggala / 2023`: the document, then the item of
    /// every `for each` so far.
    pub fn label(&self) -> String {
        let data = self.data;
        let mut parts: Vec<String> = Vec::new();
        if let Some(doc) = self.doc {
            parts.push(
                region_label(data, doc).unwrap_or_else(|| data.file_of(doc).name().to_owned()),
            );
        }
        for lp in &self.loops[..self.bound] {
            match &self.vars[lp.slot] {
                Val::Node(id) if Some(*id) == self.doc => {}
                Val::Node(id) if matches!(data.view(*id), View::Map(_)) => {
                    parts.push(region_label(data, *id).unwrap_or_else(|| {
                        let loc = data.loc(*id);
                        format!("{}:{}", loc.file.name(), loc.line)
                    }))
                }
                v => parts.push(v.display(data)),
            }
        }
        if parts.is_empty() {
            // a rule over `documents` with no `for each`: one subject
            return "all documents".to_owned();
        }
        parts.join(" / ")
    }
}
