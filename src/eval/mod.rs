//! Evaluates rules against the data: every (rule, subject) gets one of three
//! outcomes, and every failure or unknown becomes a [`Finding`] that points
//! at the rule expression and at the data values involved.
//!
//! The evaluator runs the [resolved program](crate::check::Program): every
//! name was decided by the checks, so nothing is looked up by name here.
//! `run.rs` walks the subjects, `interpret.rs` computes values, `ops.rs`
//! does arithmetic and comparisons with units, and an [`Observer`] sees the
//! walk as it happens (`patuh explain` is one; `check` uses none, at no
//! cost).
//!
//! Missing figures are never zero and never a pass: a value that cannot be
//! computed is [`Val::Unknown`], which propagates through arithmetic and
//! comparisons (Kleene logic for `and`, `or`, `not` and quantifiers) and
//! makes the subject's outcome *unknown*, naming what was missing and where.

mod collect;
mod explain;
mod failure;
mod interpret;
mod observe;
pub(crate) mod ops;
mod reason;
mod run;
mod series;
mod value;

pub use explain::{Explanation, SubjectTrace, explain, explain_program};
pub use observe::{Observer, Subject};
pub use value::{Num, Reason, Unit, Unknown, UnknownKind, Val, format_num};

use crate::ast::{RuleFile, Severity};
pub use crate::ast::{RuleRef, all_rules};
use crate::check::{Program, Resolved};
use crate::data::{Dataset, NodeId};
use crate::source::Span;
use rayon::prelude::*;
use run::Cx;

/// The three outcomes of a (rule, subject) pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The requirement holds.
    Pass,
    /// The requirement does not hold.
    Fail,
    /// It cannot be decided: a figure is missing, or a value is undefined.
    Unknown,
}

impl Outcome {
    /// `pass`, `fail` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
        }
    }
}

/// A failing or undecided (rule, subject) pair.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule.
    pub rule: RuleRef,
    /// `Fail` or `Unknown`.
    pub outcome: Outcome,
    /// A readable path to the subject: `Sulawesi Tengah / Donggala / 2023`.
    pub subject: Box<str>,
    /// The rule's message, interpolated, or what failed.
    pub message: Box<str>,
    /// The rule expression that failed or needed the missing figure.
    pub span: Span,
    /// What is wrong at `span`, with the values.
    pub label: Box<str>,
    /// The data values involved, or where a missing figure was expected.
    pub data: Box<[NodeId]>,
}

/// Outcome counts of one rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Subjects that passed.
    pub pass: usize,
    /// Subjects that failed.
    pub fail: usize,
    /// Subjects that could not be decided.
    pub unknown: usize,
}

impl Counts {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Unknown => self.unknown += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.pass += other.pass;
        self.fail += other.fail;
        self.unknown += other.unknown;
    }

    /// Subjects checked.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.unknown
    }
}

/// What evaluating a rule set gives.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Findings in rule order, then data order.
    pub findings: Vec<Finding>,
    /// Per rule, in rule order.
    pub counts: Vec<(RuleRef, Counts)>,
    /// The collections documents lack that the rules read from them, in
    /// document order then by name, each once.
    pub lacking: Vec<Lack>,
}

/// A document without a collection (a list, a year-keyed map, a map) that
/// a rule read from it: the report's data completeness names it once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lack {
    /// The document.
    pub doc: NodeId,
    /// The collection's name.
    pub field: String,
    /// Declared `optional`: absent, it has no items (no subjects, never an
    /// unknown); else a rule that needs it is unknown there.
    pub optional: bool,
}

/// Resolves every rule against the shape of `data` and evaluates it. The
/// static checks are not reported here: a rule they refuse evaluates to
/// unknown where it cannot mean anything (see [`crate::check::resolve`]).
pub fn evaluate(files: &[RuleFile], data: &Dataset) -> Evaluation {
    let (program, _) = crate::check::resolve(files, Some(data), Default::default());
    run(&program, files, data)
}

/// Evaluates a resolved program against the data it was resolved for.
///
/// Each (rule, document) pair is one task for the thread pool, so uneven
/// provinces and rules of very different cost keep every core busy to the end.
pub fn run(program: &Program<'_>, files: &[RuleFile], data: &Dataset) -> Evaluation {
    let tasks: Vec<(usize, Option<NodeId>)> = program
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, rule)| scopes(rule, data).into_iter().map(move |doc| (i, doc)))
        .collect();
    let parts: Vec<(usize, Counts, Vec<Finding>, Vec<Lack>)> = tasks
        .par_iter()
        .map(|&(i, doc)| {
            let rule = &program.rules[i];
            let source = &files[rule.rule.file].source;
            let mut cx = Cx::new(data, source, doc, rule, observe::Quiet);
            cx.run();
            (i, cx.counts, cx.findings, cx.lacking)
        })
        .collect();
    let mut out = Evaluation::default();
    let mut counts = vec![Counts::default(); program.rules.len()];
    // In task order: rule order, then data order.
    for (i, c, f, l) in parts {
        counts[i].merge(c);
        out.findings.extend(f);
        out.lacking.extend(l);
    }
    out.lacking.sort();
    out.lacking.dedup();
    out.counts = program.rules.iter().map(|r| r.rule).zip(counts).collect();
    out
}

/// Evaluates one resolved rule in every document it runs in, one after the
/// other, with `obs` watching; gives the observer back. Findings and counts
/// are what [`run`] gives for the rule.
pub fn observe<O: Observer>(rule: &Resolved<'_>, files: &[RuleFile], data: &Dataset, obs: O) -> O {
    let source = &files[rule.rule.file].source;
    let mut obs = obs;
    for doc in scopes(rule, data) {
        let mut cx = Cx::new(data, source, doc, rule, obs);
        cx.run();
        obs = cx.obs;
    }
    obs
}

/// The documents a rule runs in: each one, or none for a rule over
/// `documents`, which runs once.
fn scopes(rule: &Resolved<'_>, data: &Dataset) -> Vec<Option<NodeId>> {
    if rule.global {
        vec![None]
    } else {
        data.docs().iter().map(|&d| Some(d)).collect()
    }
}

/// Severity of a rule, for counting.
pub fn severity(files: &[RuleFile], r: RuleRef) -> Severity {
    files[r.file].rules[r.index].severity.node
}
