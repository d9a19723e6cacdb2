//! Evaluates rules against the data: every (rule, subject) gets one of three
//! outcomes, and every failure or unknown becomes a [`Finding`] that points
//! at the rule expression and at the data values involved.
//!
//! Missing figures are never zero and never a pass: a value that cannot be
//! computed is [`Val::Unknown`], which propagates through arithmetic and
//! comparisons (Kleene logic for `and`, `or`, `not` and quantifiers) and
//! makes the subject's outcome *unknown*, naming what was missing and where.

mod declared;
mod explain;
pub(crate) mod ops;
mod value;

pub use explain::{Explanation, SubjectTrace, explain};
pub use value::{Num, Unit, Unknown, UnknownKind, Val, format_num};

use crate::ast::{
    BinOp, Builtin, Expr, ExprKind, Literal, Number, Rule, RuleFile, Severity, TemplatePart, UnOp,
};
use crate::builtins::{self, Body, Given, Shape};
use crate::data::{Dataset, NodeId, Sym, Tag, View};
use crate::source::{SourceFile, Span};
use declared::Declared;
use ops::{At, arith, compact, compare, literal_num, undefined, undefined_val};
use rayon::prelude::*;

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

/// Which rule: the file's index and the rule's index in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRef {
    /// Index into the rule files.
    pub file: usize,
    /// Index into that file's rules.
    pub index: usize,
}

/// A failing or undecided (rule, subject) pair.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule.
    pub rule: RuleRef,
    /// `Fail` or `Unknown`.
    pub outcome: Outcome,
    /// A readable path to the subject: `Sulawesi Tengah / Donggala / 2023`.
    pub subject: String,
    /// The rule's message, interpolated, or what failed.
    pub message: String,
    /// The rule expression that failed or needed the missing figure.
    pub span: Span,
    /// What is wrong at `span`, with the values.
    pub label: String,
    /// The data values involved, or where a missing figure was expected.
    pub data: Vec<NodeId>,
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
}

/// The rules of all files in order, with their references.
pub fn all_rules(files: &[RuleFile]) -> impl Iterator<Item = (RuleRef, &Rule)> {
    files.iter().enumerate().flat_map(|(f, file)| {
        file.rules
            .iter()
            .enumerate()
            .map(move |(i, r)| (RuleRef { file: f, index: i }, r))
    })
}

/// Evaluates every rule against every document.
///
/// Each (rule, document) pair is one task for the thread pool, so uneven
/// provinces and rules of very different cost keep every core busy to the end.
pub fn evaluate(files: &[RuleFile], data: &Dataset) -> Evaluation {
    let declared = Declared::new(files, data);
    let rules: Vec<(RuleRef, &Rule)> = all_rules(files).collect();
    let tasks: Vec<(usize, Option<NodeId>)> = rules
        .iter()
        .enumerate()
        .flat_map(|(i, (_, rule))| {
            let scopes: Vec<Option<NodeId>> = if is_global(rule) {
                vec![None]
            } else {
                data.docs().iter().map(|&d| Some(d)).collect()
            };
            scopes.into_iter().map(move |doc| (i, doc))
        })
        .collect();
    let parts: Vec<(usize, Counts, Vec<Finding>)> = tasks
        .par_iter()
        .map(|&(i, doc)| {
            let (rref, rule) = rules[i];
            let mut cx = Cx::new(data, &files[rref.file].source, doc, rref, &declared);
            cx.run_loops(rule, 0);
            (i, cx.counts, cx.findings)
        })
        .collect();
    let mut out = Evaluation::default();
    let mut counts = vec![Counts::default(); rules.len()];
    // In task order: rule order, then data order.
    for (i, c, f) in parts {
        counts[i].merge(c);
        out.findings.extend(f);
    }
    out.counts = rules.iter().map(|(r, _)| *r).zip(counts).collect();
    out
}

/// A rule runs once for the whole data set, rather than once per document,
/// when its first `for each` ranges over `documents`, or when it has no
/// `for each` and its condition talks about `documents`.
pub(crate) fn is_global(rule: &Rule) -> bool {
    match rule.loops.first() {
        Some(l) => l.sources.iter().any(is_documents),
        None => mentions_documents(&rule.require),
    }
}

fn is_documents(e: &Expr) -> bool {
    matches!(&e.node, ExprKind::Name(n) if n == DOCUMENTS)
}

fn mentions_documents(e: &Expr) -> bool {
    let any = |es: &[&Expr]| es.iter().any(|e| mentions_documents(e));
    match &e.node {
        ExprKind::Name(_) => is_documents(e),
        ExprKind::Lit(_) | ExprKind::Previous | ExprKind::Root => false,
        ExprKind::Field(b, _) => mentions_documents(b),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => any(&[a, b]),
        ExprKind::Compare { lhs, rhs, .. } => any(&[lhs, rhs]),
        ExprKind::Unary(_, x) | ExprKind::Exists { expr: x, .. } => mentions_documents(x),
        ExprKind::Call { args, .. } => args.iter().any(mentions_documents),
        ExprKind::Comprehension {
            leading,
            source,
            filter,
            body,
            ..
        } => {
            leading.iter().any(mentions_documents)
                || mentions_documents(source)
                || filter.as_deref().is_some_and(mentions_documents)
                || body.as_deref().is_some_and(mentions_documents)
        }
    }
}

/// The built-in collection of every loaded document.
const DOCUMENTS: &str = "documents";

/// A readable name for a region map: its `name`, else `province`, else `code`.
pub(crate) fn region_label(data: &Dataset, map: NodeId) -> Option<String> {
    ["name", "province", "code"].iter().find_map(|k| {
        let id = data.get(map, data.sym(k)?)?;
        match data.view(id) {
            View::Str(s) => Some(s.to_owned()),
            View::Int(i) => Some(i.to_string()),
            _ => None,
        }
    })
}

struct Cx<'a> {
    data: &'a Dataset,
    declared: &'a Declared,
    source: &'a SourceFile,
    doc: Option<NodeId>,
    rule: RuleRef,
    vars: Vec<(&'a str, Val)>,
    /// Data scalars read since the last reset, in order.
    reads: Vec<NodeId>,
    counts: Counts,
    findings: Vec<Finding>,
    depth: usize,
    /// The data symbols of the rule's names, so a name is hashed once per
    /// document rather than at every access.
    syms: SymCache,
}

/// A direct-mapped cache from a name written in a rule (by its address in
/// the syntax tree, which outlives the evaluation) to its data symbol. A
/// collision only costs a fresh lookup.
struct SymCache(Vec<(usize, usize, Option<Sym>)>);

impl SymCache {
    const SLOTS: usize = 256;

    fn new() -> Self {
        SymCache(vec![(0, 0, None); Self::SLOTS])
    }

    fn get(&mut self, data: &Dataset, name: &str) -> Option<Sym> {
        let (addr, len) = (name.as_ptr() as usize, name.len());
        // Fibonacci hashing of the address; its low bits are alignment.
        let slot = (addr.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) % Self::SLOTS;
        let e = &mut self.0[slot];
        if e.0 != addr || e.1 != len {
            *e = (addr, len, data.sym(name));
        }
        e.2
    }
}

/// Deeper than this, evaluation stops with an unknown rather than overflow the stack.
const MAX_EVAL_DEPTH: usize = 256;

impl<'a> Cx<'a> {
    fn new(
        data: &'a Dataset,
        source: &'a SourceFile,
        doc: Option<NodeId>,
        rule: RuleRef,
        declared: &'a Declared,
    ) -> Self {
        Cx {
            data,
            declared,
            source,
            doc,
            rule,
            vars: Vec::new(),
            reads: Vec::new(),
            counts: Counts::default(),
            findings: Vec::new(),
            depth: 0,
            syms: SymCache::new(),
        }
    }

    fn text(&self, span: Span) -> String {
        compact(span.text(self.source))
    }

    // ---- subjects ---------------------------------------------------------

    fn run_loops(&mut self, rule: &'a Rule, level: usize) {
        let Some(lp) = rule.loops.get(level) else {
            self.decide(rule);
            return;
        };
        // Each source on its own: a missing `regencies` leaves `root` checkable.
        for src in &lp.sources {
            self.reads.clear();
            let mut items = Vec::new();
            let got = match self.eval(src) {
                Val::Unknown(u) => Err(u),
                v => self.items_of(v, src.span, &mut items),
            };
            if let Err(u) = got {
                self.record_unknown(rule, *u);
                continue;
            }
            for item in items {
                self.vars.push((lp.var.node.as_str(), item));
                self.reads.clear();
                match lp.filter.as_ref().map(|f| self.eval(f)) {
                    None | Some(Val::Bool(true)) => self.run_loops(rule, level + 1),
                    Some(Val::Bool(false)) => {}
                    Some(Val::Unknown(u)) => self.record_unknown(rule, *u),
                    Some(other) => {
                        let span = lp.filter.as_ref().map_or(lp.span, |f| f.span);
                        let reason = format!(
                            "`where` needs true or false, found {}",
                            other.type_name(self.data)
                        );
                        self.record_unknown(rule, undefined(reason, span));
                    }
                }
                self.vars.pop();
            }
        }
    }

    /// The items a collection yields: list items, year-map entries, or a single map/entry.
    fn items_of(&self, v: Val, span: Span, out: &mut Vec<Val>) -> Result<(), Box<Unknown>> {
        match v {
            Val::List(vs) => {
                for v in vs {
                    self.items_of(v, span, out)?;
                }
            }
            Val::Entry { .. } => out.push(v),
            Val::Node(id) => match self.data.view(id) {
                View::Seq(items) => out.extend(items.iter().map(|&i| Val::from_node(self.data, i))),
                View::Map(entries) if self.data.is_series(id) => {
                    out.extend(entries.iter().map(|&(key, value)| Val::Entry {
                        map: id,
                        key,
                        value,
                    }))
                }
                View::Map(_) => out.push(v),
                View::Null => {
                    return Err(Box::new(Unknown {
                        kind: UnknownKind::Missing,
                        reason: format!("`{}` is empty", self.text(span)),
                        span,
                        expected_at: Some(id),
                    }));
                }
                _ => unreachable!("scalars are never Val::Node"), // INVARIANT: Val::from_node
            },
            other => {
                return Err(Box::new(undefined(
                    format!(
                        "`{}` is {}, not a collection",
                        self.text(span),
                        other.type_name(self.data)
                    ),
                    span,
                )));
            }
        }
        Ok(())
    }

    fn subject(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(doc) = self.doc {
            parts.push(
                region_label(self.data, doc)
                    .unwrap_or_else(|| self.data.file_of(doc).name().to_owned()),
            );
        }
        for (_, v) in &self.vars {
            match v {
                Val::Node(id) if Some(*id) == self.doc => {}
                Val::Node(id) if matches!(self.data.view(*id), View::Map(_)) => {
                    parts.push(region_label(self.data, *id).unwrap_or_else(|| {
                        let loc = self.data.loc(*id);
                        format!("{}:{}", loc.file.name(), loc.line)
                    }))
                }
                v => parts.push(v.display(self.data)),
            }
        }
        parts.join(" / ")
    }

    fn decide(&mut self, rule: &'a Rule) {
        self.reads.clear();
        match self.eval(&rule.require) {
            Val::Bool(true) => self.counts.add(Outcome::Pass),
            Val::Bool(false) => {
                self.reads.clear();
                let (span, label) = self.explain_false(&rule.require);
                let data = dedup(std::mem::take(&mut self.reads));
                let message = match &rule.message {
                    Some(t) => self.template(&t.parts),
                    None => label.clone(),
                };
                self.push(Outcome::Fail, message, span, label, data);
            }
            Val::Unknown(u) => self.record_unknown(rule, *u),
            other => {
                let reason = format!(
                    "`require` needs true or false, found {} ({})",
                    other.type_name(self.data),
                    other.display(self.data)
                );
                self.record_unknown(rule, undefined(reason, rule.require.span));
            }
        }
    }

    fn record_unknown(&mut self, _rule: &Rule, u: Unknown) {
        let mut data = std::mem::take(&mut self.reads);
        if let Some(at) = u.expected_at {
            data.insert(0, at);
        }
        let message = format!("cannot decide: {}", u.reason);
        self.push(Outcome::Unknown, message, u.span, u.reason, dedup(data));
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
        let subject = self.subject();
        self.findings.push(Finding {
            rule: self.rule,
            outcome,
            subject,
            message,
            span,
            label,
            data,
        });
    }

    fn template(&mut self, parts: &'a [TemplatePart]) -> String {
        let mut out = String::new();
        for p in parts {
            match p {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Hole(e) => {
                    let v = self.eval(e);
                    out.push_str(&v.display(self.data));
                }
            }
        }
        out
    }

    // ---- explaining a failure ----------------------------------------------

    /// The smallest part of a false condition that makes it false, and why.
    fn explain_false(&mut self, e: &'a Expr) -> (Span, String) {
        match &e.node {
            ExprKind::Binary(BinOp::And, l, r) => {
                let mark = self.reads.len();
                if self.eval(l) == Val::Bool(false) {
                    self.reads.truncate(mark);
                    self.explain_false(l)
                } else {
                    self.reads.truncate(mark);
                    self.explain_false(r)
                }
            }
            ExprKind::Binary(BinOp::Or, l, r) => {
                self.eval(l);
                self.eval(r);
                let (l, r) = (self.text(l.span), self.text(r.span));
                (e.span, format!("neither `{l}` nor `{r}` holds"))
            }
            ExprKind::Unary(UnOp::Not, x) => {
                let v = self.eval(x);
                (e.span, format!("{} is true", self.side(x, &v)))
            }
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                let lv = self.eval(lhs);
                let rv = self.eval(rhs);
                let mut label = format!(
                    "{} is not {} {}",
                    self.side(lhs, &lv),
                    op.as_str(),
                    self.side(rhs, &rv)
                );
                if let Some(t) = tolerance {
                    label.push_str(&format!(" within {}", self.text(t.span)));
                }
                (e.span, label)
            }
            ExprKind::Exists {
                expr,
                negated: true,
            } => {
                let v = self.eval(expr);
                (e.span, format!("{} exists", self.side(expr, &v)))
            }
            ExprKind::Exists {
                expr,
                negated: false,
            } => {
                if let Val::Unknown(u) = self.eval(expr)
                    && let Some(at) = u.expected_at
                {
                    self.reads.push(at);
                }
                (e.span, format!("`{}` is missing", self.text(expr.span)))
            }
            ExprKind::Comprehension {
                func,
                var,
                source,
                filter,
                body,
                ..
            } if matches!(func.node, Builtin::Every | Builtin::None) => {
                let want = func.node == Builtin::Every;
                let items = self.comprehension(var, source, filter.as_deref(), body.as_deref());
                let Ok(items) = items else {
                    return (e.span, format!("`{}` is false", self.text(e.span)));
                };
                let total = items.len();
                let bad: Vec<String> = items
                    .iter()
                    .filter(|(_, b)| *b == Val::Bool(!want))
                    .map(|(item, _)| self.item_label(item))
                    .collect();
                let shown = bad.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                let more = if bad.len() > 5 { ", ..." } else { "" };
                let verb = if want {
                    "do not satisfy it"
                } else {
                    "satisfy it"
                };
                (
                    e.span,
                    format!("{} of {total} {verb}: {shown}{more}", bad.len()),
                )
            }
            _ => {
                let v = self.eval(e);
                (e.span, format!("{} is false", self.side(e, &v)))
            }
        }
    }

    /// `expr = value`, or just the literal as written.
    fn side(&self, e: &Expr, v: &Val) -> String {
        let text = self.text(e.span);
        match &e.node {
            ExprKind::Lit(_) => text,
            _ => {
                let shown = v.display(self.data);
                if shown == text {
                    format!("`{text}`")
                } else {
                    format!("`{text}` = {shown}")
                }
            }
        }
    }

    fn item_label(&self, item: &Val) -> String {
        match item {
            Val::Node(id) => {
                region_label(self.data, *id).unwrap_or_else(|| item.display(self.data))
            }
            v => v.display(self.data),
        }
    }

    // ---- expressions ----------------------------------------------------------

    fn eval(&mut self, e: &'a Expr) -> Val {
        if self.depth >= MAX_EVAL_DEPTH {
            return undefined_val("expression nested too deeply to evaluate".into(), e.span);
        }
        self.depth += 1;
        let v = self.eval_inner(e);
        self.depth -= 1;
        v
    }

    fn eval_inner(&mut self, e: &'a Expr) -> Val {
        match &e.node {
            ExprKind::Lit(l) => literal(l),
            ExprKind::Name(n) => self.name(n, e.span),
            ExprKind::Root => match self.doc {
                Some(d) => Val::Node(d),
                None => undefined_val(
                    "`root` has no meaning in a rule over `documents`".into(),
                    e.span,
                ),
            },
            ExprKind::Previous => self.previous(e.span),
            ExprKind::Field(base, field) => {
                // `year.participants.bpu`: straight down the maps when every
                // step is there; anything else (a missing figure, a list, a
                // scalar) takes the general way, which explains it.
                if let Some(map) = self.map_path(base)
                    && let Some(found) = self.lookup(map, &field.node)
                {
                    return self.keyed_val(found, e.span);
                }
                let b = self.eval(base);
                self.field(b, &field.node, e.span)
            }
            ExprKind::Index(base, key) => {
                let b = self.eval(base);
                let k = self.eval(key).scalar(self.data);
                self.index(b, k, e.span)
            }
            ExprKind::Unary(UnOp::Neg, x) => match self.eval(x).scalar(self.data) {
                Val::Num(Num::Int(i), u) => match i.checked_neg() {
                    Some(n) => Val::Num(Num::Int(n), u),
                    None => undefined_val(format!("`{}` overflows", self.text(e.span)), e.span),
                },
                Val::Num(Num::Dec(d), u) => Val::Num(Num::Dec(-d), u),
                v @ Val::Unknown(_) => v,
                v => self.type_error("a number", &v, x.span),
            },
            ExprKind::Unary(UnOp::Not, x) => match self.eval(x) {
                Val::Bool(b) => Val::Bool(!b),
                v @ Val::Unknown(_) => v,
                v => self.type_error("true or false", &v, x.span),
            },
            ExprKind::Binary(BinOp::And, l, r) => self.logic(true, l, r),
            ExprKind::Binary(BinOp::Or, l, r) => self.logic(false, l, r),
            ExprKind::Binary(op, l, r) => {
                let lv = self.eval(l).scalar(self.data);
                let rv = self.eval(r).scalar(self.data);
                let zeros = (l.node.is_zero(), r.node.is_zero());
                arith(*op, (lv, rv), zeros, (l.span, r.span), &self.at(e.span))
            }
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                let lv = self.eval(lhs).scalar(self.data);
                let rv = self.eval(rhs).scalar(self.data);
                let zeros = (lhs.node.is_zero(), rhs.node.is_zero());
                let tol = tolerance.as_ref().map(|t| &t.node);
                compare(*op, (lv, rv), zeros, tol, &self.at(e.span))
            }
            ExprKind::Exists { expr, negated } => match self.eval(expr) {
                Val::Unknown(u) if u.kind == UnknownKind::Missing => Val::Bool(*negated),
                v @ Val::Unknown(_) => v,
                _ => Val::Bool(!*negated),
            },
            ExprKind::Call { func, args } => self.call(func.node, args, e.span),
            ExprKind::Comprehension {
                func,
                leading,
                var,
                source,
                filter,
                body,
            } => self.aggregate(
                func.node,
                leading,
                var,
                source,
                filter.as_deref(),
                body.as_deref(),
                e.span,
            ),
        }
    }

    fn type_error(&self, wanted: &str, v: &Val, span: Span) -> Val {
        self.at(span).type_error(wanted, v, span)
    }

    /// A data node read as a value; the read is recorded for the report.
    fn node_val(&mut self, id: NodeId, span: Span) -> Val {
        let n = self.data.node(id);
        match n.tag {
            Tag::Null => Val::unknown(
                UnknownKind::Missing,
                format!("`{}` is empty", self.text(span)),
                span,
                Some(id),
            ),
            Tag::Map | Tag::Seq => Val::Node(id),
            _ => {
                self.reads.push(id);
                Val::from_node(self.data, id)
            }
        }
    }

    /// The value under `name` in `map`, with its key.
    fn lookup(&mut self, map: NodeId, name: &'a str) -> Option<(NodeId, Sym)> {
        let key = self.sym(name)?;
        Some((self.data.get(map, key)?, key))
    }

    /// The data symbol of a name written in the rule.
    fn sym(&mut self, name: &'a str) -> Option<Sym> {
        // Only names of the syntax tree ('a) may be cached by address: they
        // live, unmoved, longer than the evaluation.
        self.syms.get(self.data, name)
    }

    /// A data value read under a key: in the unit the rule files declare for it.
    fn keyed_val(&mut self, (id, key): (NodeId, Sym), span: Span) -> Val {
        let v = self.node_val(id, span);
        self.declared.apply(key, v)
    }

    /// The map that `e`, a `for each` variable followed by fields, leads to
    /// when each step is a map: what `eval` would give, with no value built
    /// and nothing read (maps are never recorded as reads).
    fn map_path(&mut self, e: &'a Expr) -> Option<NodeId> {
        match &e.node {
            ExprKind::Name(n) => {
                let (_, v) = self.vars.iter().rev().find(|(name, _)| *name == n)?;
                map_of(self.data, v)
            }
            ExprKind::Field(base, field) => {
                let map = self.map_path(base)?;
                let (id, _) = self.lookup(map, &field.node)?;
                (self.data.node(id).tag == Tag::Map).then_some(id)
            }
            // `c.years[year]`, by a year variable or a whole number written
            // in the rule: keys that read no data.
            ExprKind::Index(base, key) => {
                let year = match &key.node {
                    ExprKind::Name(n) => {
                        match self.vars.iter().rev().find(|(name, _)| *name == n)? {
                            (_, Val::Entry { key, .. }) => match self.data.view(*key) {
                                View::Int(y) => y,
                                _ => return None,
                            },
                            _ => return None,
                        }
                    }
                    ExprKind::Lit(Literal::Number(Number::Int(y))) => *y,
                    _ => return None,
                };
                let map = self.map_path(base)?;
                let (_, id) = self.data.entry_int(map, year)?;
                (self.data.node(id).tag == Tag::Map).then_some(id)
            }
            ExprKind::Previous => {
                let (map, key) = self.vars.iter().rev().find_map(|(_, v)| match v {
                    Val::Entry { map, key, .. } => Some((*map, *key)),
                    _ => None,
                })?;
                let View::Int(year) = self.data.view(key) else {
                    return None;
                };
                let (_, id) = self.data.entry_int(map, year.checked_sub(1)?)?;
                (self.data.node(id).tag == Tag::Map).then_some(id)
            }
            _ => None,
        }
    }

    /// The innermost map in scope: where a missing bare name was expected.
    fn innermost_map(&self) -> Option<NodeId> {
        self.vars
            .iter()
            .rev()
            .find_map(|(_, v)| map_of(self.data, v))
            .or(self.doc)
    }

    fn name(&mut self, n: &'a str, span: Span) -> Val {
        if let Some((_, v)) = self.vars.iter().rev().find(|(name, _)| *name == n) {
            return v.clone();
        }
        let sym = self.sym(n);
        let maps = self
            .vars
            .iter()
            .rev()
            .filter_map(|(_, v)| map_of(self.data, v))
            .chain(self.doc);
        let found = sym.and_then(|sym| {
            maps.into_iter()
                .find_map(|m| self.data.get(m, sym).map(|id| (id, sym)))
        });
        if let Some(found) = found {
            return self.keyed_val(found, span);
        }
        if n == DOCUMENTS {
            return Val::List(self.data.docs().iter().map(|&d| Val::Node(d)).collect());
        }
        Val::unknown(
            UnknownKind::Missing,
            format!("`{n}` is missing"),
            span,
            self.innermost_map(),
        )
    }

    fn field(&mut self, base: Val, name: &'a str, span: Span) -> Val {
        match base {
            Val::Unknown(mut u) => {
                if u.kind == UnknownKind::Missing {
                    // Name the whole path: `participants.bpu` rather than `participants`.
                    u.reason = format!("`{}` is missing", self.text(span));
                    u.span = span;
                }
                Val::Unknown(u)
            }
            Val::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    self.collect_field(item, name, span, &mut out);
                }
                Val::List(out)
            }
            ref v => match (map_of(self.data, v), v) {
                (Some(m), _) => match self.lookup(m, name) {
                    Some(found) => self.keyed_val(found, span),
                    None => Val::unknown(
                        UnknownKind::Missing,
                        format!("`{}` is missing", self.text(span)),
                        span,
                        Some(m),
                    ),
                },
                (None, Val::Node(id)) if matches!(self.data.view(*id), View::Seq(_)) => {
                    let mut out = Vec::new();
                    self.collect_field(Val::Node(*id), name, span, &mut out);
                    Val::List(out)
                }
                _ => undefined_val(
                    format!("{} has no field `{name}`", v.type_name(self.data)),
                    span,
                ),
            },
        }
    }

    /// `list.field`: the field of every item that has it, lists flattened.
    fn collect_field(&mut self, item: Val, name: &'a str, span: Span, out: &mut Vec<Val>) {
        match item {
            Val::Node(id) if matches!(self.data.view(id), View::Seq(_)) => {
                if let View::Seq(items) = self.data.view(id) {
                    for &i in items {
                        self.collect_field(Val::Node(i), name, span, out);
                    }
                }
            }
            Val::List(items) => {
                for i in items {
                    self.collect_field(i, name, span, out);
                }
            }
            v => {
                if let Some(m) = map_of(self.data, &v)
                    && let Some(found) = self.lookup(m, name)
                {
                    match self.keyed_val(found, span) {
                        Val::Node(c) if matches!(self.data.view(c), View::Seq(_)) => {
                            if let View::Seq(items) = self.data.view(c) {
                                out.extend(items.iter().map(|&i| Val::from_node(self.data, i)));
                            }
                        }
                        Val::Unknown(_) => {}
                        v => out.push(v),
                    }
                }
            }
        }
    }

    fn index(&mut self, base: Val, key: Val, span: Span) -> Val {
        match (&base, &key) {
            (Val::Unknown(_), _) => base,
            (_, Val::Unknown(_)) => key,
            (v, Val::Num(Num::Int(k), _)) => match map_of(self.data, v) {
                Some(m) => match self.data.entry_int(m, *k) {
                    Some((key, value)) if self.data.is_series(m) => {
                        Val::Entry { map: m, key, value }
                    }
                    Some((_, id)) => self.node_val(id, span),
                    None => Val::unknown(
                        UnknownKind::Missing,
                        format!("`{}` is missing: no entry {k}", self.text(span)),
                        span,
                        Some(m),
                    ),
                },
                None => match v {
                    Val::Node(id) => match self.data.view(*id) {
                        View::Seq(items) => {
                            match usize::try_from(*k).ok().and_then(|i| items.get(i)) {
                                Some(&item) => self.node_val(item, span),
                                None => Val::unknown(
                                    UnknownKind::Missing,
                                    format!(
                                        "`{}` is missing: the list has {} items",
                                        self.text(span),
                                        items.len()
                                    ),
                                    span,
                                    Some(*id),
                                ),
                            }
                        }
                        _ => self.type_error("a map or a list", v, span),
                    },
                    _ => self.type_error("a map or a list", v, span),
                },
            },
            (v, Val::Text(k)) => match map_of(self.data, v) {
                Some(m) => match self
                    .data
                    .sym(k)
                    .and_then(|k| self.data.get(m, k).map(|id| (id, k)))
                {
                    Some(found) => self.keyed_val(found, span),
                    None => Val::unknown(
                        UnknownKind::Missing,
                        format!("`{}` is missing: no entry `{k}`", self.text(span)),
                        span,
                        Some(m),
                    ),
                },
                None => self.type_error("a map", v, span),
            },
            (_, k) => self.type_error("a year, a position or a name", k, span),
        }
    }

    /// The entry of the year before the innermost series variable's.
    fn previous(&mut self, span: Span) -> Val {
        let Some(Val::Entry { map, key, .. }) = self
            .vars
            .iter()
            .rev()
            .map(|(_, v)| v)
            .find(|v| matches!(v, Val::Entry { .. }))
            .cloned()
        else {
            return undefined_val(
                "`previous` needs a `for each` over a year-keyed map".into(),
                span,
            );
        };
        self.previous_of(map, key, span)
    }

    fn previous_of(&self, map: NodeId, key: NodeId, span: Span) -> Val {
        let View::Int(year) = self.data.view(key) else {
            return undefined_val("`previous` needs years as keys".into(), span);
        };
        match year
            .checked_sub(1)
            .and_then(|p| self.data.entry_int(map, p))
        {
            Some((key, value)) => Val::Entry { map, key, value },
            None => Val::unknown(
                UnknownKind::Missing,
                format!("`previous` is missing: no figures for {}", year - 1),
                span,
                Some(key),
            ),
        }
    }

    fn logic(&mut self, is_and: bool, l: &'a Expr, r: &'a Expr) -> Val {
        // `and` stops at false, `or` at true; unknown only wins when nothing decides.
        let decisive = Val::Bool(!is_and);
        let lv = self.eval(l);
        if lv == decisive {
            return lv;
        }
        let lv = match lv {
            Val::Bool(_) | Val::Unknown(_) => lv,
            v => return self.type_error("true or false", &v, l.span),
        };
        match self.eval(r) {
            rv if rv == decisive => rv,
            Val::Bool(_) => lv,
            u @ Val::Unknown(_) => match lv {
                Val::Unknown(_) => lv,
                _ => u,
            },
            v => self.type_error("true or false", &v, r.span),
        }
    }

    fn at(&self, span: Span) -> At<'a> {
        At {
            data: self.data,
            src: self.source,
            span,
        }
    }

    /// A call of a function of the table, by the kind of its evaluation.
    fn call(&mut self, func: Builtin, args: &'a [Expr], span: Span) -> Val {
        let spans: Vec<Span> = args.iter().map(|a| a.span).collect();
        let g = Given {
            at: self.at(span),
            args: &spans,
            leading: &[],
            body: span,
        };
        match func.spec().eval {
            builtins::Eval::Values(f) => {
                let vals: Vec<Val> = args
                    .iter()
                    .map(|a| self.eval(a).scalar(self.data))
                    .collect();
                f(&vals, &g)
            }
            builtins::Eval::Items(f) => {
                let Some(arg) = args.first() else {
                    return undefined_val(format!("`{}` needs a collection", func.name()), span);
                };
                let v = self.eval(arg);
                let mut items = Vec::new();
                let got = match v {
                    Val::Unknown(u) => Err(u),
                    v => self.items_of(v, arg.span, &mut items),
                };
                match got {
                    Ok(()) => f(items, &g),
                    Err(u) => Val::Unknown(u),
                }
            }
            builtins::Eval::YearOverYear(f) => {
                let Some(arg) = args.first() else {
                    return undefined_val(format!("`{}` needs a figure", func.name()), span);
                };
                match self.year_over_year(arg, span) {
                    Ok((now, before)) => f(now, before, &g),
                    Err(u) => u,
                }
            }
            builtins::Eval::Fold(_) => undefined_val(
                format!("`{}` needs `NAME in COLLECTION`", func.name()),
                span,
            ),
        }
    }

    /// `arg` for the year in scope and for the year before.
    fn year_over_year(&mut self, arg: &'a Expr, span: Span) -> Result<(Val, Val), Val> {
        let Some(pos) = self
            .vars
            .iter()
            .rposition(|(_, v)| matches!(v, Val::Entry { .. }))
        else {
            return Err(undefined_val(
                "`growth` and `change` need a `for each` over a year-keyed map".into(),
                span,
            ));
        };
        let now = self.eval(arg).scalar(self.data);
        let Val::Entry { map, key, .. } = self.vars[pos].1.clone() else {
            return Err(undefined_val("`previous` needs a year".into(), span)); // INVARIANT: pos found an Entry
        };
        let prev_entry = self.previous_of(map, key, span);
        if matches!(prev_entry, Val::Unknown(_)) {
            return Err(prev_entry);
        }
        let saved = std::mem::replace(&mut self.vars[pos].1, prev_entry);
        let before = self.eval(arg).scalar(self.data);
        self.vars[pos].1 = saved;
        Ok((now, before))
    }

    /// Each item of a comprehension that passes the filter, with its body's value.
    fn comprehension(
        &mut self,
        var: &'a crate::ast::Ident,
        source: &'a Expr,
        filter: Option<&'a Expr>,
        body: Option<&'a Expr>,
    ) -> Result<Vec<(Val, Val)>, Val> {
        let src = self.eval(source);
        if let Val::Unknown(_) = src {
            return Err(src);
        }
        let mut items = Vec::new();
        self.items_of(src, source.span, &mut items)
            .map_err(Val::Unknown)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            self.vars.push((var.node.as_str(), item.clone()));
            let keep = match filter.map(|f| self.eval(f)) {
                None | Some(Val::Bool(true)) => true,
                Some(Val::Bool(false)) => false,
                Some(u @ Val::Unknown(_)) => {
                    self.vars.pop();
                    return Err(u);
                }
                Some(v) => {
                    let e = self.type_error(
                        "true or false",
                        &v,
                        filter.map_or(source.span, |f| f.span),
                    );
                    self.vars.pop();
                    return Err(e);
                }
            };
            if keep {
                let mut b = match body {
                    Some(b) => self.eval(b),
                    None => item.clone(),
                };
                if let Val::Unknown(u) = &mut b {
                    // Say which item lacks the figure.
                    u.reason = format!(
                        "{} for `{}` = {}",
                        u.reason,
                        var.node,
                        self.item_label(&item)
                    );
                }
                out.push((item, b));
            }
            self.vars.pop();
        }
        Ok(out)
    }

    /// A comprehension of a function of the table: its items kept by the
    /// filter, their bodies folded.
    #[expect(clippy::too_many_arguments, reason = "the parts of a comprehension")]
    fn aggregate(
        &mut self,
        func: Builtin,
        leading: &'a [Expr],
        var: &'a crate::ast::Ident,
        source: &'a Expr,
        filter: Option<&'a Expr>,
        body: Option<&'a Expr>,
        span: Span,
    ) -> Val {
        let Shape::Comprehension { body: kind, .. } = func.spec().shape else {
            return undefined_val(format!("`{}` takes values", func.name()), span);
        };
        let builtins::Eval::Fold(fold) = func.spec().eval else {
            return undefined_val(format!("`{}` takes values", func.name()), span);
        };
        let lead: Vec<Val> = leading
            .iter()
            .map(|e| self.eval(e).scalar(self.data))
            .collect();
        let items = match self.comprehension(var, source, filter, body) {
            Ok(items) => items,
            Err(u) => return u,
        };
        let bodies: Vec<Val> = items
            .into_iter()
            .map(|(_, b)| match (body, kind) {
                (None, Body::OptionalCondition) => Val::Bool(true),
                _ => b.scalar(self.data),
            })
            .collect();
        let mut spans: Vec<Span> = leading.iter().map(|e| e.span).collect();
        spans.push(source.span);
        let g = Given {
            at: self.at(span),
            args: &spans,
            leading: &lead,
            body: body.map_or(source.span, |b| b.span),
        };
        fold(&bodies, &g)
    }
}

/// The map a value reads fields from: a map node, or an entry's value.
#[inline]
fn map_of(data: &Dataset, v: &Val) -> Option<NodeId> {
    let id = match v {
        Val::Node(id) => *id,
        Val::Entry { value, .. } => *value,
        _ => return None,
    };
    (data.node(id).tag == Tag::Map).then_some(id)
}

fn literal(l: &Literal) -> Val {
    match l {
        Literal::Number(n) => Val::Num(literal_num(*n), Unit::Number),
        Literal::Percent(p) => Val::Num(Num::Dec(*p), Unit::Ratio),
        Literal::Rupiah(n) => Val::Num(literal_num(*n), Unit::Rupiah),
        Literal::Text(s) => Val::Text(s.clone()),
        Literal::Bool(b) => Val::Bool(*b),
    }
}

fn dedup(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// Severity of a rule, for counting.
pub fn severity(files: &[RuleFile], r: RuleRef) -> Severity {
    files[r.file].rules[r.index].severity.node
}
