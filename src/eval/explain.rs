//! `patuh explain`: how one rule decided, subject by subject, with the value
//! of every part of its condition.
//!
//! The subjects are visited exactly as [`evaluate`](super::evaluate) visits
//! them (same `for each` order, same filters), using the same evaluator, so
//! an explanation can never disagree with the report. For each subject the
//! condition is shown with the value of each part written after it:
//!
//! ```text
//! require active_total 518,141 == pu 314,034 + bpu 128,993 + jakon 74,773 + pmi 341 = 518,141 -> pass
//! ```
//!
//! A figure is named by the shortest tail of its path that no other figure
//! of the rule shares (`participants.pu` becomes `pu`, but
//! `participants.bpu` and `previous.participants.bpu` stay whole); `and`,
//! `or` and `not` are shown as an indented tree. The data values read and,
//! for an unknown outcome, the place the missing figure was expected are
//! listed with their lines by the renderer (`report::render_explanation`).

use super::{Cx, Outcome, RuleRef, Unknown, UnknownKind, Val, dedup, is_global, undefined};
use crate::ast::{BinOp, Expr, ExprKind, Rule, RuleFile, UnOp};
use crate::data::{Dataset, NodeId};
use crate::fmt::{Side, expr_text, literal, needs_parens};
use std::collections::BTreeMap;

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

/// Explains rule `rule` of `files` for every subject whose name `select` accepts.
pub fn explain(
    files: &[RuleFile],
    data: &Dataset,
    rule: RuleRef,
    select: &dyn Fn(&str) -> bool,
) -> Explanation {
    let r = &files[rule.file].rules[rule.index];
    let source = &files[rule.file].source;
    let names = ShortNames::of(r);
    let declared = super::declared::Declared::new(files, data);
    let scopes: Vec<Option<NodeId>> = if is_global(r) {
        vec![None]
    } else {
        data.docs().iter().map(|&d| Some(d)).collect()
    };
    let mut out = Explanation {
        rule,
        subjects: Vec::new(),
    };
    for doc in scopes {
        let mut cx = Cx::new(data, source, doc, rule, &declared);
        let mut walk = Walk {
            names: &names,
            select,
            out: &mut out.subjects,
            trail: Vec::new(),
        };
        walk.loops(&mut cx, r, 0);
    }
    out
}

struct Walk<'w> {
    names: &'w ShortNames,
    select: &'w dyn Fn(&str) -> bool,
    out: &'w mut Vec<SubjectTrace>,
    /// The `where` lines of the enclosing loops.
    trail: Vec<(usize, String)>,
}

impl Walk<'_> {
    fn loops<'a>(&mut self, cx: &mut Cx<'a>, rule: &'a Rule, level: usize) {
        let Some(lp) = rule.loops.get(level) else {
            self.decide(cx, rule);
            return;
        };
        for src in &lp.sources {
            cx.reads.clear();
            let mut items = Vec::new();
            let got = match cx.eval(src) {
                Val::Unknown(u) => Err(u),
                v => cx.items_of(v, src.span, &mut items),
            };
            if let Err(u) = got {
                let line = format!(
                    "for each {} in {} -> unknown: {}",
                    lp.var.node,
                    expr_text(src),
                    u.reason
                );
                self.unknown(cx, line, *u);
                continue;
            }
            for item in items {
                cx.vars.push((lp.var.node.as_str(), item));
                cx.reads.clear();
                let Some(filter) = &lp.filter else {
                    self.loops(cx, rule, level + 1);
                    cx.vars.pop();
                    continue;
                };
                let mut lines = Vec::new();
                let v = self.tree(cx, filter, "where", 0, &mut lines);
                match v {
                    Val::Bool(true) => {
                        let depth = self.trail.len();
                        self.trail.extend(lines);
                        self.loops(cx, rule, level + 1);
                        self.trail.truncate(depth);
                    }
                    Val::Bool(false) => {
                        let subject = cx.subject();
                        if (self.select)(&subject) {
                            let mut steps = self.trail.clone();
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
                    Val::Unknown(u) => {
                        let depth = self.trail.len();
                        self.trail.extend(lines);
                        self.unknown(cx, String::new(), *u);
                        self.trail.truncate(depth);
                    }
                    other => {
                        let reason = format!(
                            "`where` needs true or false, found {}",
                            other.type_name(cx.data)
                        );
                        let depth = self.trail.len();
                        self.trail.extend(lines);
                        self.unknown(cx, String::new(), undefined(reason, filter.span));
                        self.trail.truncate(depth);
                    }
                }
                cx.vars.pop();
            }
        }
    }

    /// A subject that is unknown before its `require` is reached.
    fn unknown(&mut self, cx: &mut Cx<'_>, line: String, u: Unknown) {
        let subject = cx.subject();
        if !(self.select)(&subject) {
            return;
        }
        let mut steps = self.trail.clone();
        if !line.is_empty() {
            steps.push((0, line));
        }
        self.out.push(SubjectTrace {
            subject,
            outcome: Some(Outcome::Unknown),
            steps,
            data: dedup(std::mem::take(&mut cx.reads)),
            missing: (u.kind == UnknownKind::Missing).then(|| (u.reason.clone(), u.expected_at)),
        });
    }

    fn decide<'a>(&mut self, cx: &mut Cx<'a>, rule: &'a Rule) {
        let subject = cx.subject();
        if !(self.select)(&subject) {
            return;
        }
        let mut steps = self.trail.clone();
        let mut lines = Vec::new();
        let v = self.tree(cx, &rule.require, "require", 0, &mut lines);
        // evaluated once more on its own, for the values the decision read
        cx.reads.clear();
        cx.eval(&rule.require);
        let data = dedup(std::mem::take(&mut cx.reads));
        let (outcome, missing) = match &v {
            Val::Bool(true) => (Outcome::Pass, None),
            Val::Bool(false) => (Outcome::Fail, None),
            Val::Unknown(u) => (
                Outcome::Unknown,
                (u.kind == UnknownKind::Missing).then(|| (u.reason.clone(), u.expected_at)),
            ),
            _ => (Outcome::Unknown, None),
        };
        // the first line says the outcome rather than `true` or `false`
        let said = format!(" -> {}", value_text(cx, &v));
        if let Some((_, first)) = lines.first_mut()
            && first.ends_with(&said)
        {
            first.truncate(first.len() - said.len());
            first.push_str(" -> ");
            first.push_str(&outcome_text(cx, outcome, &v));
        }
        steps.extend(lines);
        self.out.push(SubjectTrace {
            subject,
            outcome: Some(outcome),
            steps,
            data,
            missing,
        });
    }

    /// Lines for a condition: `and`, `or` and `not` as a tree, anything else
    /// on one line with its values; returns the condition's value.
    fn tree<'a>(
        &self,
        cx: &mut Cx<'a>,
        e: &'a Expr,
        lead: &str,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) -> Val {
        let v = cx.eval(e);
        let lead = if lead.is_empty() {
            String::new()
        } else {
            format!("{lead} ")
        };
        match &e.node {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => {
                let word = if *op == BinOp::And {
                    "all of"
                } else {
                    "any of"
                };
                out.push((depth, format!("{lead}{word} -> {}", value_text(cx, &v))));
                let mut operands = Vec::new();
                chain(e, *op, &mut operands);
                for x in operands {
                    self.tree(cx, x, "", depth + 1, out);
                }
            }
            ExprKind::Unary(UnOp::Not, x) => {
                out.push((depth, format!("{lead}not -> {}", value_text(cx, &v))));
                self.tree(cx, x, "", depth + 1, out);
            }
            // a figure or a call that is itself the condition: its value
            // is what the arrow says
            ExprKind::Name(_)
            | ExprKind::Previous
            | ExprKind::Field(..)
            | ExprKind::Index(..)
            | ExprKind::Call { .. }
            | ExprKind::Comprehension { .. } => {
                out.push((
                    depth,
                    format!("{lead}{} -> {}", expr_text(e), value_text(cx, &v)),
                ));
            }
            _ => {
                let text = self.inline(cx, e, false);
                out.push((depth, format!("{lead}{text} -> {}", value_text(cx, &v))));
            }
        }
        v
    }

    /// `e` on one line with each figure's value after it and `= value`
    /// after arithmetic (once, at the top of it).
    fn inline<'a>(&self, cx: &mut Cx<'a>, e: &'a Expr, in_arith: bool) -> String {
        let child = |w: &Self, cx: &mut Cx<'a>, c: &'a Expr, side: Side, arith: bool| {
            let s = w.inline(cx, c, arith);
            if needs_parens(e, c, side) {
                format!("({s})")
            } else {
                s
            }
        };
        match &e.node {
            ExprKind::Lit(l) => literal(l),
            ExprKind::Name(_)
            | ExprKind::Previous
            | ExprKind::Root
            | ExprKind::Field(..)
            | ExprKind::Index(..)
            | ExprKind::Call { .. }
            | ExprKind::Comprehension { .. } => {
                let v = cx.eval(e);
                let name = self.names.get(e);
                format!("{name} {}", short_value(cx, &v))
            }
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div), l, r) => {
                let s = format!(
                    "{} {} {}",
                    child(self, cx, l, Side::Left, true),
                    op.as_str(),
                    child(self, cx, r, Side::Right, true)
                );
                self.with_total(cx, e, s, in_arith)
            }
            ExprKind::Unary(UnOp::Neg, x) => {
                let s = format!("-{}", child(self, cx, x, Side::Right, true));
                self.with_total(cx, e, s, in_arith)
            }
            ExprKind::Binary(op, l, r) => format!(
                "{} {} {}",
                child(self, cx, l, Side::Left, false),
                op.as_str(),
                child(self, cx, r, Side::Right, false)
            ),
            ExprKind::Unary(UnOp::Not, x) => {
                format!("not {}", child(self, cx, x, Side::Right, false))
            }
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                let mut s = format!(
                    "{} {} {}",
                    child(self, cx, lhs, Side::Left, false),
                    op.as_str(),
                    child(self, cx, rhs, Side::Right, false)
                );
                if let Some(t) = tolerance {
                    // the tolerance as the canonical layout writes it
                    let whole = expr_text(e);
                    if let Some(at) = whole.rfind(" within ") {
                        s.push_str(&whole[at..]);
                    } else {
                        s.push_str(&format!(" within {}", cx.text(t.span)));
                    }
                }
                s
            }
            ExprKind::Exists { .. } => expr_text(e),
        }
    }

    fn with_total<'a>(&self, cx: &mut Cx<'a>, e: &'a Expr, s: String, in_arith: bool) -> String {
        if in_arith {
            return s;
        }
        let v = cx.eval(e);
        format!("{s} = {}", short_value(cx, &v))
    }
}

/// The operands of a run of the same logic operator: `a and b and c`.
fn chain<'a>(e: &'a Expr, op: BinOp, out: &mut Vec<&'a Expr>) {
    match &e.node {
        ExprKind::Binary(o, l, r) if *o == op => {
            chain(l, op, out);
            chain(r, op, out);
        }
        _ => out.push(e),
    }
}

/// A value after a figure: `128,993`, `missing`, `Rp 16,800`.
fn short_value(cx: &Cx<'_>, v: &Val) -> String {
    match v {
        Val::Unknown(u) if u.kind == UnknownKind::Missing => "missing".to_owned(),
        Val::Unknown(_) => "undefined".to_owned(),
        v => v.display(cx.data),
    }
}

/// The value of a condition: `true`, `false`, `unknown: why`.
fn value_text(cx: &Cx<'_>, v: &Val) -> String {
    match v {
        Val::Bool(b) => b.to_string(),
        Val::Unknown(u) => format!("unknown: {}", u.reason),
        v => format!(
            "{} ({}), not true or false",
            v.type_name(cx.data),
            v.display(cx.data)
        ),
    }
}

fn outcome_text(cx: &Cx<'_>, o: Outcome, v: &Val) -> String {
    match (o, v) {
        (Outcome::Unknown, v) => value_text(cx, v),
        (o, _) => o.as_str().to_owned(),
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
        for l in &rule.loops {
            if let Some(f) = &l.filter {
                collect_paths(f, &mut paths);
            }
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
    match &e.node {
        ExprKind::Name(_) | ExprKind::Previous | ExprKind::Field(..) | ExprKind::Index(..) => {
            out.push(expr_text(e))
        }
        ExprKind::Unary(_, x) | ExprKind::Exists { expr: x, .. } => collect_paths(x, out),
        ExprKind::Binary(_, a, b) | ExprKind::Compare { lhs: a, rhs: b, .. } => {
            collect_paths(a, out);
            collect_paths(b, out);
        }
        _ => {}
    }
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
