//! Computing the value of a resolved expression: reading fields where the
//! checks said they are, entries, calls and comprehensions of the function
//! table. Names were decided before: nothing here looks one up.

use super::observe::Observer;
use super::ops::{arith, compare, undefined_val};
use super::run::{Cx, MAX_EVAL_DEPTH};
use super::value::{Num, Reason, UnknownKind, Val};
use crate::builtins::{Body, Eval, Given, Shape};
use crate::check::{Key, Kind, Node, Of, Read, Slot};
use crate::data::{NodeId, Tag, View};
use crate::source::Span;
use crate::units::Unit;
use rust_decimal::Decimal;

impl<'a, O: Observer> Cx<'a, O> {
    /// The value of `n`; the observer sees it.
    pub(super) fn eval(&mut self, n: &'a Node<'a>) -> Val {
        if self.depth >= MAX_EVAL_DEPTH {
            return undefined_val(Reason::TooDeep, n.span());
        }
        self.depth += 1;
        let v = self.eval_inner(n);
        self.depth -= 1;
        self.obs.value(n, &v);
        v
    }

    fn eval_inner(&mut self, n: &'a Node<'a>) -> Val {
        let span = n.span();
        match &n.kind {
            Kind::Lit(v) => v.clone(),
            Kind::Var(slot) => self.vars[*slot].clone(),
            Kind::Field { of, key } => self.field(of, key, span),
            Kind::Documents => Val::List(self.data.docs().iter().map(|&d| Val::Node(d)).collect()),
            Kind::Root => match self.doc {
                Some(d) => Val::Node(d),
                None => undefined_val(Reason::NoDocument, span),
            },
            Kind::Previous(slot) => self.previous(*slot, span),
            Kind::Index(base, key) => {
                let b = self.eval(base);
                let k = self.eval(key).scalar(self.data);
                self.index(b, k, span)
            }
            Kind::Neg(x) => match self.eval(x).scalar(self.data) {
                Val::Num(Num::Int(i), u) => match i.checked_neg() {
                    Some(n) => Val::Num(Num::Int(n), u),
                    None => self.at(span).overflow(),
                },
                Val::Num(Num::Dec(d), u) => Val::Num(Num::Dec(-d), u),
                v @ Val::Unknown(_) => v,
                v => self.type_error("a number", &v, x.span()),
            },
            Kind::Not(x) => match self.eval(x) {
                Val::Bool(b) => Val::Bool(!b),
                v @ Val::Unknown(_) => v,
                v => self.type_error("true or false", &v, x.span()),
            },
            Kind::Logic(is_and, l, r) => self.logic(*is_and, l, r),
            Kind::Arith(op, l, r) => {
                let lv = self.eval(l).scalar(self.data);
                let rv = self.eval(r).scalar(self.data);
                let zeros = (l.is_zero(), r.is_zero());
                arith(*op, (lv, rv), zeros, (l.span(), r.span()), &self.at(span))
            }
            Kind::Compare { op, lhs, rhs, tol } => {
                let lv = self.eval(lhs).scalar(self.data);
                let rv = self.eval(rhs).scalar(self.data);
                let zeros = (lhs.is_zero(), rhs.is_zero());
                compare(*op, (lv, rv), zeros, *tol, &self.at(span))
            }
            Kind::Exists { expr, negated } => match self.eval(expr) {
                Val::Unknown(u) if u.kind() == UnknownKind::Missing => Val::Bool(*negated),
                v @ Val::Unknown(_) => v,
                _ => Val::Bool(!*negated),
            },
            Kind::Call {
                func,
                args,
                year,
                maps,
            } => self.call(*func, args, (*year, *maps), span),
            Kind::Comprehension {
                func,
                leading,
                slot,
                var,
                source,
                filter,
                body,
            } => {
                let lead: Vec<Val> = leading
                    .iter()
                    .map(|e| self.eval(e).scalar(self.data))
                    .collect();
                let items = match self.comprehension(
                    *slot,
                    var,
                    source,
                    filter.as_deref(),
                    body.as_deref(),
                ) {
                    Ok(items) => items,
                    Err(u) => return u,
                };
                let kind = match func.spec().shape {
                    Shape::Comprehension { body, .. } => body,
                    Shape::Call(_) => Body::Condition, // INVARIANT: the checks made it a comprehension
                };
                let bodies: Vec<Val> = items
                    .into_iter()
                    .map(|(_, b)| match (body, kind) {
                        (None, Body::OptionalCondition) => Val::Bool(true),
                        _ => b.scalar(self.data),
                    })
                    .collect();
                let mut spans: Vec<Span> = leading.iter().map(|e| e.span()).collect();
                spans.push(source.expr.span());
                let g = Given {
                    at: self.at(span),
                    args: &spans,
                    leading: &lead,
                    body: body.as_ref().map_or(source.expr.span(), |b| b.span()),
                };
                match func.spec().eval {
                    Eval::Fold(fold) => fold(&bodies, &g),
                    Eval::Values(_) | Eval::Items(_) | Eval::YearOverYear(_) => {
                        self.miscalled(*func, span)
                    }
                }
            }
            Kind::Unresolved(name) => {
                let name = (*name).to_owned();
                undefined_val(Reason::Unresolved { name }, span)
            }
        }
    }

    pub(super) fn type_error(&self, wanted: &'static str, v: &Val, span: Span) -> Val {
        self.at(span).type_error(wanted, v, span)
    }

    /// A function called in a way the checks refuse (lowering makes calls
    /// of call-shaped functions, comprehensions of the others).
    pub(super) fn miscalled(&self, func: crate::ast::Builtin, span: Span) -> Val {
        let name = func.name().to_owned();
        undefined_val(Reason::Unresolved { name }, span)
    }

    // ---- data -------------------------------------------------------------------

    /// A data node read as a value; the read is recorded for the report.
    fn node_val(&mut self, id: NodeId, span: Span) -> Val {
        let n = self.data.node(id);
        match n.tag {
            Tag::Null => Val::unknown(
                Reason::Empty {
                    what: self.text(span),
                },
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

    /// A data value read under a key, in the unit it is declared in.
    fn keyed_val(&mut self, id: NodeId, read: Read, span: Span) -> Val {
        match (read, self.node_val(id, span)) {
            // 31.98 is 31.98 %: the ratio 0.3198, exactly
            (Read::Percent, Val::Num(n, _)) => match n.dec().checked_div(Decimal::ONE_HUNDRED) {
                Some(r) => Val::Num(Num::Dec(r), Unit::Ratio),
                None => self.at(span).overflow(),
            },
            (Read::In(unit), Val::Num(n, _)) => Val::Num(n, unit),
            (_, v) => v,
        }
    }

    /// The value of field `key` of map `map`, or where it was expected.
    fn read_key(&mut self, map: NodeId, key: &Key<'_>, span: Span) -> Val {
        match key.sym.and_then(|s| self.data.get(map, s)) {
            Some(id) => self.keyed_val(id, key.read, span),
            None => self.missing(span, Some(map)),
        }
    }

    /// What is written at `span` is missing; it was expected in `at`.
    fn missing(&self, span: Span, at: Option<NodeId>) -> Val {
        let what = self.text(span);
        Val::unknown(Reason::Missing { what }, span, at)
    }

    fn field(&mut self, of: &'a Of<'a>, key: &Key<'a>, span: Span) -> Val {
        match of {
            Of::Scope(slot) => match map_of(self.data, &self.vars[*slot]) {
                Some(m) => self.read_key(m, key, span),
                // An empty entry (`2020:` with nothing under it) has no
                // figures: the field is missing there, never read elsewhere.
                None => match &self.vars[*slot] {
                    Val::Entry { value, .. } => self.missing(span, Some(*value)),
                    Val::Node(id) => self.missing(span, Some(*id)),
                    v => {
                        let reason = Reason::NoField {
                            found: v.type_name(self.data),
                            field: key.name.to_owned(),
                        };
                        undefined_val(reason, span)
                    }
                },
            },
            Of::Doc => match self.doc {
                Some(d) => self.read_key(d, key, span),
                None => undefined_val(Reason::NoDocument, span),
            },
            Of::Expr(base) => {
                // `year.participants.bpu`: straight down the maps when every
                // step is there; anything else (a missing figure, a list, a
                // scalar) takes the general way, which explains it.
                if let Some(map) = self.map_path(base)
                    && let Some(id) = key.sym.and_then(|s| self.data.get(map, s))
                {
                    return self.keyed_val(id, key.read, span);
                }
                let b = self.eval(base);
                self.field_of(b, key, span)
            }
        }
    }

    /// Field `key` of the value `base`.
    fn field_of(&mut self, base: Val, key: &Key<'a>, span: Span) -> Val {
        match base {
            Val::Unknown(mut u) => {
                if u.kind() == UnknownKind::Missing {
                    // Name the whole path: `participants.bpu` rather than `participants`.
                    u.reason = Reason::Missing {
                        what: self.text(span),
                    };
                    u.span = span;
                }
                Val::Unknown(u)
            }
            Val::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    self.collect_field(item, key, span, &mut out);
                }
                Val::List(out)
            }
            ref v => match (map_of(self.data, v), v) {
                (Some(m), _) => self.read_key(m, key, span),
                (None, Val::Node(id)) if matches!(self.data.view(*id), View::Seq(_)) => {
                    let mut out = Vec::new();
                    self.collect_field(Val::Node(*id), key, span, &mut out);
                    Val::List(out)
                }
                // An empty entry or list item (`2020:`, `- ` with nothing
                // after it) has no fields: the field is missing there.
                (None, Val::Entry { value: id, .. } | Val::Node(id))
                    if self.data.node(*id).tag == Tag::Null =>
                {
                    self.missing(span, Some(*id))
                }
                _ => {
                    let reason = Reason::NoField {
                        found: v.type_name(self.data),
                        field: key.name.to_owned(),
                    };
                    undefined_val(reason, span)
                }
            },
        }
    }

    /// `list.field`: the field of every item that has it, lists flattened.
    fn collect_field(&mut self, item: Val, key: &Key<'a>, span: Span, out: &mut Vec<Val>) {
        match item {
            Val::Node(id) if matches!(self.data.view(id), View::Seq(_)) => {
                if let View::Seq(items) = self.data.view(id) {
                    for &i in items {
                        self.collect_field(Val::Node(i), key, span, out);
                    }
                }
            }
            Val::List(items) => {
                for i in items {
                    self.collect_field(i, key, span, out);
                }
            }
            v => {
                if let Some(m) = map_of(self.data, &v)
                    && let Some(id) = key.sym.and_then(|s| self.data.get(m, s))
                {
                    match self.keyed_val(id, key.read, span) {
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

    /// The map that `n`, a variable followed by fields, leads to when each
    /// step is a map: what `eval` would give, with no value built and
    /// nothing read (maps are never recorded as reads).
    fn map_path(&self, n: &Node<'_>) -> Option<NodeId> {
        let map = |id: NodeId| (self.data.node(id).tag == Tag::Map).then_some(id);
        match &n.kind {
            Kind::Var(slot) => map_of(self.data, &self.vars[*slot]),
            Kind::Field { of, key } => {
                let base = match of {
                    Of::Scope(slot) => map_of(self.data, &self.vars[*slot])?,
                    Of::Doc => self.doc?,
                    Of::Expr(b) => self.map_path(b)?,
                };
                map(self.data.get(base, key.sym?)?)
            }
            // `c.years[year]`, by a year variable or a whole number written
            // in the rule: keys that read no data.
            Kind::Index(base, key) => {
                let year = match &key.kind {
                    Kind::Var(slot) => year_of(self.data, &self.vars[*slot])?,
                    Kind::Lit(Val::Num(Num::Int(y), _)) => *y,
                    _ => return None,
                };
                let (_, id) = self.data.entry_int(self.map_path(base)?, year)?;
                map(id)
            }
            Kind::Previous(slot) => {
                let Val::Entry { map: m, key, .. } = &self.vars[*slot] else {
                    return None;
                };
                let View::Int(year) = self.data.view(*key) else {
                    return None;
                };
                let (_, id) = self.data.entry_int(*m, year.checked_sub(1)?)?;
                map(id)
            }
            _ => None,
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
                    None => {
                        let reason = Reason::NoEntry {
                            what: self.text(span),
                            key: k.to_string(),
                        };
                        Val::unknown(reason, span, Some(m))
                    }
                },
                None => match v {
                    Val::Node(id) => match self.data.view(*id) {
                        View::Seq(items) => {
                            match usize::try_from(*k).ok().and_then(|i| items.get(i)) {
                                Some(&item) => self.node_val(item, span),
                                None => {
                                    let reason = Reason::ShortList {
                                        what: self.text(span),
                                        len: items.len(),
                                    };
                                    Val::unknown(reason, span, Some(*id))
                                }
                            }
                        }
                        _ => self.type_error("a map or a list", v, span),
                    },
                    _ => self.type_error("a map or a list", v, span),
                },
            },
            (v, Val::Text(k)) => match map_of(self.data, v) {
                Some(m) => match self.data.sym(k).and_then(|k| self.data.get(m, k)) {
                    Some(id) => self.node_val(id, span),
                    None => {
                        let reason = Reason::NoEntry {
                            what: self.text(span),
                            key: format!("`{k}`"),
                        };
                        Val::unknown(reason, span, Some(m))
                    }
                },
                None => self.type_error("a map", v, span),
            },
            (_, k) => self.type_error("a year, a position or a name", k, span),
        }
    }

    /// The entry of the year before the one in `slot`.
    fn previous(&self, slot: Slot, span: Span) -> Val {
        match &self.vars[slot] {
            Val::Entry { map, key, .. } => self.previous_of(*map, *key, span),
            _ => undefined_val(Reason::NoSeries { what: "previous" }, span),
        }
    }

    pub(super) fn previous_of(&self, map: NodeId, key: NodeId, span: Span) -> Val {
        let View::Int(year) = self.data.view(key) else {
            return undefined_val(Reason::NoSeries { what: "previous" }, span);
        };
        match year
            .checked_sub(1)
            .and_then(|p| self.data.entry_int(map, p))
        {
            Some((key, value)) => Val::Entry { map, key, value },
            None => Val::unknown(
                Reason::NoPrevious {
                    year: year.saturating_sub(1),
                },
                span,
                Some(key),
            ),
        }
    }

    fn logic(&mut self, is_and: bool, l: &'a Node<'a>, r: &'a Node<'a>) -> Val {
        // `and` stops at false, `or` at true; unknown only wins when nothing decides.
        let decisive = Val::Bool(!is_and);
        let lv = self.eval(l);
        if lv == decisive {
            return lv;
        }
        let lv = match lv {
            Val::Bool(_) | Val::Unknown(_) => lv,
            v => return self.type_error("true or false", &v, l.span()),
        };
        match self.eval(r) {
            rv if rv == decisive => rv,
            Val::Bool(_) => lv,
            u @ Val::Unknown(_) => match lv {
                Val::Unknown(_) => lv,
                _ => u,
            },
            v => self.type_error("true or false", &v, r.span()),
        }
    }
}

/// The map a value reads fields from: a map node, or an entry's value.
#[inline]
fn map_of(data: &crate::data::Dataset, v: &Val) -> Option<NodeId> {
    let id = match v {
        Val::Node(id) => *id,
        Val::Entry { value, .. } => *value,
        _ => return None,
    };
    (data.node(id).tag == Tag::Map).then_some(id)
}

/// The year of a series entry.
fn year_of(data: &crate::data::Dataset, v: &Val) -> Option<i64> {
    match v {
        Val::Entry { key, .. } => match data.view(*key) {
            View::Int(y) => Some(y),
            _ => None,
        },
        _ => None,
    }
}
