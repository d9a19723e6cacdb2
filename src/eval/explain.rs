//! `patuh explain`: how one rule decided, subject by subject, with the value
//! of every part of its condition.
//!
//! An explanation is the evaluator's own walk, seen through an
//! [`Observer`]: the same subjects in the same order, the same values,
//! computed once. It can never disagree with the report. For each subject
//! the condition is shown with the value of each part written after it:
//!
//! ```text
//! require active_total 518,141 == pu 314,034 + bpu 128,993 + jakon 74,773 + pmi 341 = 518,141 -> pass
//! ```
//!
//! A figure is named by the shortest tail of its path that no other figure
//! of the rule shares (`participants.pu` becomes `pu`, but
//! `participants.bpu` and `previous.participants.bpu` stay whole); `and`,
//! `or` and `not` are shown as an indented tree, with the operands that
//! evaluation did not need marked so. The data values read and, for an
//! unknown outcome, the place the missing figure was expected are listed
//! with their lines by the renderer (`report::render_explanation`).

use std::collections::{BTreeMap, HashMap};

use super::observe::{Observer, Subject};
use super::run::dedup;
use super::value::{Reason, Unknown, UnknownKind, Val};
use super::{Outcome, RuleRef};
use crate::ast::{BinOp, Expr, ExprKind, Rule, RuleFile, walk_expr};
use crate::check::{Bind, Kind, Loop, Node, Resolved, Source, Unless};
use crate::data::{Dataset, NodeId};
use crate::fmt::{Side, expr_text, literal, needs_parens};

/// How one rule decided for the subjects asked about.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The rule.
    pub rule: RuleRef,
    /// Subjects in evaluation order, including items a `where` skipped.
    pub subjects: Vec<SubjectTrace>,
}

/// One subject (or one item a `where` left out).
#[derive(Clone, Debug)]
pub struct SubjectTrace {
    /// `Sulawesi Tengah / Donggala / 2023`.
    pub subject: String,
    /// The outcome; `None` when a `where` left the item out.
    pub outcome: Option<Outcome>,
    /// The lines of the explanation: (depth, text).
    pub steps: Vec<(usize, String)>,
    /// The data values the deciding evaluation read, in order.
    pub data: Vec<NodeId>,
    /// For an unknown outcome: what is missing, and the map it was expected in.
    pub missing: Option<(String, Option<NodeId>)>,
}

/// Explains rule `rule` of `files` for every subject whose name `select`
/// accepts, resolving the rules against the shape of `data` first.
pub fn explain(
    files: &[RuleFile],
    data: &Dataset,
    rule: RuleRef,
    select: &dyn Fn(&str) -> bool,
) -> Explanation {
    let (program, _) = crate::check::resolve(files, Some(data), Default::default());
    let subjects = match program.rules.iter().find(|r| r.rule == rule) {
        Some(r) => explain_program(r, files, data, select),
        None => Vec::new(),
    };
    Explanation { rule, subjects }
}

/// Explains one resolved rule for every subject whose name `select`
/// accepts, by evaluating it with an observer.
pub fn explain_program(
    rule: &Resolved<'_>,
    files: &[RuleFile],
    data: &Dataset,
    select: &dyn Fn(&str) -> bool,
) -> Vec<SubjectTrace> {
    let names = ShortNames::of(rule.ast);
    let watch = Watch {
        data,
        names: &names,
        select,
        values: HashMap::new(),
        trail: Vec::new(),
        pending: Vec::new(),
        out: Vec::new(),
    };
    super::observe(rule, files, data, watch).out
}

/// The observer that writes an explanation.
struct Watch<'w> {
    data: &'w Dataset,
    names: &'w ShortNames,
    select: &'w dyn Fn(&str) -> bool,
    /// The value of every node evaluated since [`Observer::begin`].
    values: HashMap<usize, Val>,
    /// The `where` and `let` lines of the enclosing clauses, by the number
    /// of `for each` items bound when they were computed.
    trail: Vec<(usize, Vec<(usize, String)>)>,
    /// The `unknown when` lines of the subject being decided.
    pending: Vec<(usize, String)>,
    out: Vec<SubjectTrace>,
}

impl Observer for Watch<'_> {
    fn begin(&mut self) {
        self.values.clear();
    }

    fn value(&mut self, node: &Node<'_>, v: &Val) {
        self.values.insert(node.id, v.clone());
    }

    fn source_unknown(&mut self, s: &Subject<'_>, lp: &Loop<'_>, src: &Source<'_>, u: &Unknown) {
        let line = format!(
            "for each {} in {} -> unknown: {}",
            lp.var.node,
            expr_text(src.expr.ast),
            u
        );
        self.unknown(s, vec![(0, line)], u, &[]);
    }

    fn filtered(
        &mut self,
        s: &Subject<'_>,
        level: usize,
        lp: &Loop<'_>,
        v: &Val,
        reads: &[NodeId],
    ) {
        let Some(filter) = &lp.filter else {
            return;
        };
        let mut lines = Vec::new();
        self.tree(filter, "where", 0, &mut lines);
        match v {
            Val::Bool(true) => self.trail.push((level + 1, lines)),
            Val::Bool(false) => {
                let subject = s.label();
                if (self.select)(&subject) {
                    let mut steps = self.steps();
                    steps.extend(lines);
                    self.out.push(SubjectTrace {
                        subject,
                        outcome: None,
                        steps,
                        data: Vec::new(),
                        missing: None,
                    });
                }
            }
            Val::Unknown(u) => self.unknown(s, lines, u, reads),
            other => {
                let reason = Reason::FilterNotCondition {
                    found: other.type_name(self.data),
                };
                let u = super::ops::undefined(reason, filter.span());
                self.unknown(s, lines, &u, reads);
            }
        }
    }

    fn bound(&mut self, _: &Subject<'_>, depth: usize, b: &Bind<'_>, v: &Val) {
        let n = &b.value;
        let text = if is_figure(n.ast) {
            expr_text(n.ast)
        } else {
            self.inline(n, None, true)
        };
        let shown = match v {
            Val::Unknown(u) => format!("unknown: {u}"),
            v => v.display(self.data),
        };
        let line = format!("let {} = {text} -> {shown}", b.name.node);
        self.trail.push((depth, vec![(0, line)]));
    }

    fn left(&mut self, level: usize) {
        while self.trail.last().is_some_and(|(l, _)| *l > level) {
            self.trail.pop();
        }
    }

    fn unless(&mut self, s: &Subject<'_>, u: &Unless<'_>, v: &Val, reads: &[NodeId]) {
        let mut lines = Vec::new();
        self.tree(&u.condition, "unknown when", 0, &mut lines);
        match v {
            Val::Bool(false) => self.pending.extend(lines),
            Val::Bool(true) => {
                // the first line says why rather than `true`
                if let Some((_, first)) = lines.first_mut()
                    && let Some(cut) = first.strip_suffix(" -> true").map(str::len)
                {
                    first.truncate(cut);
                    first.push_str(&format!(" -> true: {}", u.reason));
                }
                let reason = Reason::Declared {
                    reason: u.reason.to_owned(),
                };
                let unknown = super::ops::undefined(reason, u.condition.span());
                self.unknown(s, lines, &unknown, reads);
            }
            Val::Unknown(unknown) => self.unknown(s, lines, unknown, reads),
            other => {
                let reason = Reason::UnlessNotCondition {
                    found: other.type_name(self.data),
                };
                let unknown = super::ops::undefined(reason, u.condition.span());
                self.unknown(s, lines, &unknown, reads);
            }
        }
    }

    fn done(&mut self) {
        self.trail.clear();
        self.pending.clear();
    }

    fn decided(
        &mut self,
        s: &Subject<'_>,
        require: &Node<'_>,
        v: &Val,
        outcome: Outcome,
        reads: &[NodeId],
    ) {
        let pending = std::mem::take(&mut self.pending);
        let subject = s.label();
        if !(self.select)(&subject) {
            return;
        }
        let mut lines = pending;
        self.tree(require, "require", 0, &mut lines);
        // the `require` line says the outcome rather than `true` or `false`
        let said = format!(" -> {}", value_text(self.data, v));
        let first = lines
            .iter_mut()
            .find(|(d, l)| *d == 0 && l.starts_with("require "));
        if let Some((_, first)) = first
            && first.ends_with(&said)
        {
            first.truncate(first.len() - said.len());
            first.push_str(" -> ");
            first.push_str(&match (outcome, v) {
                (Outcome::Unknown, v) => value_text(self.data, v),
                (o, _) => o.as_str().to_owned(),
            });
        }
        let missing = match v {
            Val::Unknown(u) if u.kind() == UnknownKind::Missing => {
                Some((u.to_string(), u.expected_at))
            }
            _ => None,
        };
        let mut steps = self.steps();
        steps.extend(lines);
        self.out.push(SubjectTrace {
            subject,
            outcome: Some(outcome),
            steps,
            data: dedup(reads.to_vec()),
            missing,
        });
    }
}

impl Watch<'_> {
    /// The `where` lines of the enclosing clauses.
    fn steps(&self) -> Vec<(usize, String)> {
        self.trail
            .iter()
            .flat_map(|(_, l)| l.iter().cloned())
            .collect()
    }

    /// A subject that is unknown before its `require` is reached.
    fn unknown(
        &mut self,
        s: &Subject<'_>,
        lines: Vec<(usize, String)>,
        u: &Unknown,
        reads: &[NodeId],
    ) {
        let pending = std::mem::take(&mut self.pending);
        let subject = s.label();
        if !(self.select)(&subject) {
            return;
        }
        let mut steps = self.steps();
        steps.extend(pending);
        steps.extend(lines);
        self.out.push(SubjectTrace {
            subject,
            outcome: Some(Outcome::Unknown),
            steps,
            data: dedup(reads.to_vec()),
            missing: (u.kind() == UnknownKind::Missing).then(|| (u.to_string(), u.expected_at)),
        });
    }

    /// The value `n` gave, if evaluation needed it.
    fn got(&self, n: &Node<'_>) -> Option<&Val> {
        self.values.get(&n.id)
    }

    /// Lines for a condition: `and`, `or` and `not` as a tree, anything else
    /// on one line with its values.
    fn tree(&self, n: &Node<'_>, lead: &str, depth: usize, out: &mut Vec<(usize, String)>) {
        let lead = if lead.is_empty() {
            String::new()
        } else {
            format!("{lead} ")
        };
        let Some(v) = self.got(n) else {
            out.push((depth, format!("{lead}{} -> not needed", expr_text(n.ast))));
            return;
        };
        let v = value_text(self.data, v);
        match &n.kind {
            Kind::Logic(is_and, ..) => {
                let word = if *is_and { "all of" } else { "any of" };
                out.push((depth, format!("{lead}{word} -> {v}")));
                let mut operands = Vec::new();
                chain(n, *is_and, &mut operands);
                for x in operands {
                    self.tree(x, "", depth + 1, out);
                }
            }
            Kind::Not(x) => {
                out.push((depth, format!("{lead}not -> {v}")));
                self.tree(x, "", depth + 1, out);
            }
            // a figure or a call that is itself the condition: its value
            // is what the arrow says
            _ if is_figure(n.ast) => {
                let text = self.call_args(n).unwrap_or_else(|| expr_text(n.ast));
                out.push((depth, format!("{lead}{text} -> {v}")));
            }
            _ => {
                let text = self.inline(n, None, false);
                out.push((depth, format!("{lead}{text} -> {v}")));
            }
        }
    }

    /// `n` on one line with each figure's value after it and `= value`
    /// after arithmetic (once, at the top of it).
    fn inline(&self, n: &Node<'_>, parent: Option<(&Expr, Side)>, in_arith: bool) -> String {
        let s = self.inline_bare(n, in_arith);
        match parent {
            Some((p, side)) if needs_parens(p, n.ast, side) => format!("({s})"),
            _ => s,
        }
    }

    fn inline_bare(&self, n: &Node<'_>, in_arith: bool) -> String {
        let e = n.ast;
        if let ExprKind::Lit(l) = &e.node {
            return literal(l);
        }
        if let Some(call) = self.call_args(n) {
            return format!("{call} {}", self.short(n));
        }
        if is_figure(e) {
            return format!("{} {}", self.names.get(e), self.short(n));
        }
        let child = |c: &Node<'_>, side: Side, arith: bool| self.inline(c, Some((e, side)), arith);
        match &n.kind {
            Kind::Arith(first, rest) => {
                let mut s = child(first, Side::Left, true);
                for (op, x) in rest {
                    s.push_str(&format!(" {} {}", op.as_str(), child(x, Side::Right, true)));
                }
                self.with_total(n, s, in_arith)
            }
            Kind::Neg(x) => {
                let s = format!("-{}", child(x, Side::Right, true));
                self.with_total(n, s, in_arith)
            }
            Kind::Logic(is_and, operands) => {
                let op = if *is_and { BinOp::And } else { BinOp::Or };
                let parts: Vec<String> = operands
                    .iter()
                    .enumerate()
                    .map(|(i, x)| child(x, if i == 0 { Side::Left } else { Side::Right }, false))
                    .collect();
                parts.join(&format!(" {} ", op.as_str()))
            }
            Kind::Not(x) => format!("not {}", child(x, Side::Right, false)),
            Kind::In {
                item,
                collection,
                negated,
            } => {
                let among = match &collection.expr.kind {
                    Kind::List(_) => expr_text(collection.expr.ast),
                    _ => child(&collection.expr, Side::Right, false),
                };
                let word = if *negated { "not in" } else { "in" };
                format!("{} {word} {among}", child(item, Side::Left, false))
            }
            Kind::Compare { op, lhs, rhs, .. } => {
                let mut s = format!(
                    "{} {} {}",
                    child(lhs, Side::Left, false),
                    op.as_str(),
                    child(rhs, Side::Right, false)
                );
                // the tolerance as the canonical layout writes it
                let whole = expr_text(e);
                if let Some(at) = whole.rfind(" within ") {
                    s.push_str(&whole[at..]);
                }
                s
            }
            _ => expr_text(e),
        }
    }

    /// A call of a function computed from its arguments' values
    /// (`starts_with`, `len`, `abs`, ...) with the value of each argument
    /// after it: `starts_with(regency.code 72.01, root.code 72)`. Functions
    /// that compare a year with another read their argument twice, and
    /// show their value only.
    fn call_args(&self, n: &Node<'_>) -> Option<String> {
        let Kind::Call { func, args, .. } = &n.kind else {
            return None;
        };
        if !matches!(func.spec().eval, crate::builtins::Eval::Values(_)) {
            return None;
        }
        let shown: Vec<String> = args.iter().map(|a| self.inline(a, None, false)).collect();
        Some(format!("{}({})", func.name(), shown.join(", ")))
    }

    fn with_total(&self, n: &Node<'_>, s: String, in_arith: bool) -> String {
        if in_arith {
            return s;
        }
        format!("{s} = {}", self.short(n))
    }

    /// A value after a figure: `128,993`, `missing`, `Rp 16,800`.
    fn short(&self, n: &Node<'_>) -> String {
        match self.got(n) {
            Some(Val::Unknown(u)) if u.kind() == UnknownKind::Missing => "missing".to_owned(),
            Some(Val::Unknown(_)) => "undefined".to_owned(),
            Some(v) => v.display(self.data),
            None => "not needed".to_owned(),
        }
    }
}

/// A figure: a name, a path, an entry or a call, shown with its value.
fn is_figure(e: &Expr) -> bool {
    matches!(
        e.node,
        ExprKind::Name(_)
            | ExprKind::Previous
            | ExprKind::Prior
            | ExprKind::Root
            | ExprKind::Field(..)
            | ExprKind::Index(..)
            | ExprKind::Call { .. }
            | ExprKind::Comprehension(_)
    )
}

/// The operands of a run of the same logic operator: `a and b and c`.
fn chain<'n, 'a>(n: &'n Node<'a>, is_and: bool, out: &mut Vec<&'n Node<'a>>) {
    match &n.kind {
        Kind::Logic(a, operands) if *a == is_and => {
            for x in operands {
                chain(x, is_and, out);
            }
        }
        _ => out.push(n),
    }
}

/// The value of a condition: `true`, `false`, `unknown: why`.
fn value_text(data: &Dataset, v: &Val) -> String {
    match v {
        Val::Bool(b) => b.to_string(),
        Val::Unknown(u) => format!("unknown: {u}"),
        v => format!(
            "{} ({}), not true or false",
            v.type_name(data),
            v.display(data)
        ),
    }
}

/// The names figures are shown under: the shortest tail of the written
/// path that no other figure of the rule ends with.
struct ShortNames {
    names: BTreeMap<String, String>,
}

impl ShortNames {
    fn of(rule: &Rule) -> Self {
        let mut paths = Vec::new();
        for f in rule.loops.iter().filter_map(|l| l.filter.as_ref()) {
            collect_paths(f, &mut paths);
        }
        for l in &rule.lets {
            collect_paths(&l.value, &mut paths);
        }
        for u in &rule.unknowns {
            collect_paths(&u.condition, &mut paths);
        }
        collect_paths(&rule.require, &mut paths);
        paths.sort();
        paths.dedup();
        let segments: Vec<Vec<&str>> = paths.iter().map(|p| split_path(p)).collect();
        let mut names = BTreeMap::new();
        for (i, segs) in segments.iter().enumerate() {
            let short = (1..=segs.len())
                .map(|k| &segs[segs.len() - k..])
                .find(|tail| {
                    segments
                        .iter()
                        .enumerate()
                        .all(|(j, other)| j == i || !other.ends_with(tail))
                })
                .map_or_else(|| paths[i].clone(), |tail| tail.join("."));
            names.insert(paths[i].clone(), short);
        }
        ShortNames { names }
    }

    fn get(&self, e: &Expr) -> String {
        let text = expr_text(e);
        self.names.get(&text).cloned().unwrap_or(text)
    }
}

/// The written paths (`participants.bpu`, `years[2024].informal_workers`)
/// a condition reads, outside calls and comprehensions.
fn collect_paths(e: &Expr, out: &mut Vec<String>) {
    walk_expr(e, &mut |e| match &e.node {
        ExprKind::Name(_)
        | ExprKind::Previous
        | ExprKind::Prior
        | ExprKind::Field(..)
        | ExprKind::Index(..) => {
            out.push(expr_text(e));
            false
        }
        ExprKind::Unary(..)
        | ExprKind::Exists { .. }
        | ExprKind::Chain { .. }
        | ExprKind::Compare { .. } => true,
        _ => false,
    });
}

/// `a.b[c.d].e` -> `a`, `b[c.d]`, `e`: dots inside brackets do not split.
fn split_path(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in p.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&p[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::split_path;

    #[test]
    fn paths_split_at_dots_outside_brackets() {
        assert_eq!(
            split_path("r.years[y.k].participants.bpu"),
            ["r", "years[y.k]", "participants", "bpu"]
        );
        assert_eq!(split_path("year"), ["year"]);
    }
}
