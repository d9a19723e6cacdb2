//! The subjects of a rule: its `for each` clauses walked item by item,
//! each subject decided, and every failure or unknown made a finding with
//! the part of the condition that decided it.

use super::observe::{Observer, Subject};
use super::ops::{At, compact, undefined};
use super::value::{Reason, Unknown, Val};
use super::{Counts, Finding, Lack, Outcome};
use crate::check::{Part, Resolved};
use crate::data::{Dataset, NodeId};
use crate::source::{SourceFile, Span};

/// Deeper than this, evaluation stops with an unknown rather than overflow the stack.
pub(super) const MAX_EVAL_DEPTH: usize = 256;

/// Evaluating one rule in one document (or once, over `documents`).
pub(crate) struct Cx<'a, O: Observer> {
    pub(super) data: &'a Dataset,
    pub(super) source: &'a SourceFile,
    /// The document; `None` for a rule over `documents`.
    pub(super) doc: Option<NodeId>,
    pub(super) rule: &'a Resolved<'a>,
    /// The item of every variable, and the value of every `let`, by slot.
    pub(super) vars: Vec<Val>,
    /// The data values each `let` read, by slot.
    pub(super) let_reads: Vec<Vec<NodeId>>,
    /// How many `for each` clauses have bound an item.
    bound: usize,
    /// Data scalars read since the last reset, in order.
    pub(super) reads: Vec<NodeId>,
    pub(crate) counts: Counts,
    pub(crate) findings: Vec<Finding>,
    /// Documents without a collection the rule read from them.
    pub(crate) lacking: Vec<Lack>,
    pub(super) depth: usize,
    pub(crate) obs: O,
}

impl<'a, O: Observer> Cx<'a, O> {
    pub(crate) fn new(
        data: &'a Dataset,
        source: &'a SourceFile,
        doc: Option<NodeId>,
        rule: &'a Resolved<'a>,
        obs: O,
    ) -> Self {
        Cx {
            data,
            source,
            doc,
            rule,
            vars: vec![Val::Bool(false); rule.slots],
            let_reads: vec![Vec::new(); rule.slots],
            bound: 0,
            reads: Vec::new(),
            counts: Counts::default(),
            findings: Vec::new(),
            lacking: Vec::new(),
            depth: 0,
            obs,
        }
    }

    /// Where `span` is computed, for arithmetic and messages.
    pub(super) fn at(&self, span: Span) -> At<'a> {
        At {
            data: self.data,
            src: self.source,
            span,
        }
    }

    pub(super) fn text(&self, span: Span) -> String {
        compact(span.text(self.source))
    }

    /// The subject as it stands, for naming it.
    fn subject(&self) -> Subject<'_> {
        subject(self.data, self.doc, self.rule, &self.vars, self.bound)
    }

    // ---- subjects ---------------------------------------------------------

    /// Decides every subject of the rule in this document (or once, over
    /// `documents`).
    pub(crate) fn run(&mut self) {
        self.run_loops(0);
        self.obs.done();
    }

    /// Computes the `let` clauses written after `level` `for each` clauses,
    /// once for the items bound so far.
    fn bind_lets(&mut self, level: usize) {
        let rule = self.rule;
        for b in rule.lets.iter().filter(|b| b.after == level) {
            let mark = self.reads.len();
            self.obs.begin();
            let v = self.eval(&b.value);
            let s = subject(self.data, self.doc, rule, &self.vars, self.bound);
            self.obs.bound(&s, level, b, &v);
            self.let_reads[b.slot] = self.reads.split_off(mark);
            self.vars[b.slot] = v;
        }
    }

    /// Goes through the items of `for each` clause `level` and those after
    /// it, deciding every subject.
    fn run_loops(&mut self, level: usize) {
        let rule = self.rule;
        self.bind_lets(level);
        let Some(lp) = rule.loops.get(level) else {
            self.decide();
            return;
        };
        // Each source on its own: a missing `regencies` leaves `root` checkable.
        for src in &lp.sources {
            self.reads.clear();
            let mut items = Vec::new();
            let got = match self.eval(&src.expr) {
                Val::Unknown(u) => Err(u),
                v => self.items_of(v, src.maps, src.expr.span(), &mut items),
            };
            if let Err(u) = got {
                let s = subject(self.data, self.doc, rule, &self.vars, self.bound);
                self.obs.source_unknown(&s, lp, src, &u);
                self.record_unknown(*u);
                continue;
            }
            for item in items {
                self.vars[lp.slot] = item;
                self.bound = level + 1;
                self.reads.clear();
                match &lp.filter {
                    None => self.run_loops(level + 1),
                    Some(f) => {
                        self.obs.begin();
                        let v = self.eval(f);
                        let s = subject(self.data, self.doc, rule, &self.vars, self.bound);
                        self.obs.filtered(&s, level, lp, &v, &self.reads);
                        match v {
                            Val::Bool(true) => self.run_loops(level + 1),
                            Val::Bool(false) => {}
                            Val::Unknown(u) => self.record_unknown(*u),
                            other => {
                                let reason = Reason::FilterNotCondition {
                                    found: other.type_name(self.data),
                                };
                                self.record_unknown(undefined(reason, f.span()));
                            }
                        }
                    }
                }
                self.obs.left(level);
                self.bound = level;
            }
        }
    }

    fn decide(&mut self) {
        let rule = self.rule;
        for u in &rule.unless {
            self.reads.clear();
            self.obs.begin();
            let v = self.eval(&u.condition);
            let s = subject(self.data, self.doc, rule, &self.vars, self.bound);
            self.obs.unless(&s, u, &v, &self.reads);
            match v {
                Val::Bool(false) => continue,
                Val::Bool(true) => {
                    let reason = Reason::Declared {
                        reason: u.reason.to_owned(),
                    };
                    self.record_unknown(undefined(reason, u.condition.span()));
                }
                Val::Unknown(u) => self.record_unknown(*u),
                other => {
                    let reason = Reason::UnlessNotCondition {
                        found: other.type_name(self.data),
                    };
                    self.record_unknown(undefined(reason, u.condition.span()));
                }
            }
            return;
        }
        self.reads.clear();
        self.obs.begin();
        let v = self.eval(&rule.require);
        let outcome = match v {
            Val::Bool(true) => Outcome::Pass,
            Val::Bool(false) => Outcome::Fail,
            _ => Outcome::Unknown,
        };
        let s = subject(self.data, self.doc, rule, &self.vars, self.bound);
        self.obs
            .decided(&s, &rule.require, &v, outcome, &self.reads);
        match v {
            Val::Bool(true) => self.counts.add(Outcome::Pass),
            Val::Bool(false) => {
                self.reads.clear();
                let (span, why) = self.explain_false(&rule.require);
                let label = why.to_string();
                let data = dedup(std::mem::take(&mut self.reads));
                let message = match &rule.message {
                    Some(parts) => self.template(parts),
                    None => label.clone(),
                };
                self.push(Outcome::Fail, message, span, label, data);
            }
            Val::Unknown(u) => self.record_unknown(*u),
            other => {
                let reason = Reason::RequireNotCondition {
                    found: other.type_name(self.data),
                    shown: other.display(self.data),
                };
                self.record_unknown(undefined(reason, rule.require.span()));
            }
        }
    }

    fn record_unknown(&mut self, u: Unknown) {
        let mut data = std::mem::take(&mut self.reads);
        if let Some(at) = u.expected_at {
            data.insert(0, at);
        }
        let why = u.to_string();
        let message = format!("cannot decide: {why}");
        self.push(Outcome::Unknown, message, u.span, why, dedup(data));
    }

    fn push(
        &mut self,
        outcome: Outcome,
        message: String,
        span: Span,
        label: String,
        data: Vec<NodeId>,
    ) {
        self.counts.add(outcome);
        let subject = self.subject().label();
        // Exact-size boxes: a large run keeps millions of findings, and the
        // slack of strings grown while formatting would be a third of them.
        self.findings.push(Finding {
            rule: self.rule.rule,
            outcome,
            subject: subject.into_boxed_str(),
            message: message.into_boxed_str(),
            span,
            label: label.into_boxed_str(),
            data: data.into_boxed_slice(),
        });
    }

    fn template(&mut self, parts: &'a [Part<'a>]) -> String {
        let mut out = String::new();
        for p in parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Hole(e) => {
                    let v = self.eval(e);
                    out.push_str(&v.display(self.data));
                }
            }
        }
        out
    }
}

/// The subject whose `for each` clauses up to `bound` hold `vars`.
fn subject<'s>(
    data: &'s Dataset,
    doc: Option<NodeId>,
    rule: &'s Resolved<'s>,
    vars: &'s [Val],
    bound: usize,
) -> Subject<'s> {
    Subject {
        data,
        doc,
        loops: &rule.loops,
        vars,
        bound,
    }
}

pub(super) fn dedup(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}
