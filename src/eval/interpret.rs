//! Computing the value of a resolved expression: reading fields where the
//! checks said they are, entries, calls and comprehensions of the function
//! table. Names were decided before: nothing here looks one up.

use super::Lack;
use super::observe::Observer;
use super::ops::{arith, compare, undefined_val};
use super::run::{Cx, MAX_EVAL_DEPTH};
use super::value::{Num, Reason, UnknownKind, Val};
use crate::builtins::{Body, Eval, Given, Shape};
use crate::check::{Absent, Key, Kind, Neighbour, Node, Of, Read};
use crate::data::path::region_label;
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
            // A `let`'s value, with the data it read: a failure through a
            // `let` points at the figures behind it.
            Kind::Let(slot) => {
                if let Some(reads) = self.let_reads.get(*slot) {
                    self.reads.extend_from_slice(reads);
                }
                self.vars[*slot].clone()
            }
            Kind::Field { of, key } => self.field(of, key, span),
            Kind::Documents => Val::List(self.data.docs().iter().map(|&d| Val::Node(d)).collect()),
            Kind::Root => match self.doc {
                Some(d) => Val::Node(d),
                None => undefined_val(Reason::NoDocument, span),
            },
            Kind::Previous(slot) => self.neighbour(Neighbour::Previous, *slot, span),
            Kind::Prior(slot) => self.neighbour(Neighbour::Prior, *slot, span),
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
            Kind::Logic(is_and, operands) => self.logic(*is_and, operands),
            Kind::Arith(first, rest) => {
                // Folded left to right: each step's left operand is
                // everything before it (`a + b` in `a + b - c`).
                let mut acc = self.eval(first).scalar(self.data);
                let (mut left, mut zero) = (first.span(), first.is_zero());
                for (op, x) in rest {
                    let rv = self.eval(x).scalar(self.data);
                    let step = left.to(x.span());
                    let zeros = (zero, x.is_zero());
                    acc = arith(*op, (acc, rv), zeros, (left, x.span()), &self.at(step));
                    (left, zero) = (step, false);
                }
                acc
            }
            Kind::Compare { op, lhs, rhs, tol } => {
                let lv = self.eval(lhs).scalar(self.data);
                let rv = self.eval(rhs).scalar(self.data);
                let zeros = (lhs.is_zero(), rhs.is_zero());
                compare(*op, (lv, rv), zeros, *tol, &self.at(span))
            }
            Kind::List(items) => Val::List(items.iter().map(|x| self.eval(x)).collect()),
            Kind::In {
                item,
                collection,
                negated,
            } => self.member(item, collection, *negated, span),
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
            Kind::Comprehension(c) => {
                let crate::check::Comprehension {
                    func,
                    leading,
                    slot,
                    var,
                    source,
                    filter,
                    body,
                } = &**c;
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
            // `regencies:` with nothing under it is no list either
            Some(id) if key.absent != Absent::Missing && self.data.node(id).tag == Tag::Null => {
                match self.absent(key, span, map) {
                    v @ Val::List(_) => v,
                    _ => self.node_val(id, span),
                }
            }
            Some(id) => self.keyed_val(id, key.read, span),
            None => self.absent(key, span, map),
        }
    }

    /// Field `key` is not in the map (or empty entry) `at`: missing, or
    /// no items for a collection declared `optional`. A document without
    /// a collection is noted once for the report's data completeness.
    fn absent(&mut self, key: &Key<'_>, span: Span, at: NodeId) -> Val {
        self.note_lack(key, at);
        match key.absent {
            Absent::Empty => Val::List(Vec::new()),
            Absent::Missing | Absent::Collection => self.missing(span, Some(at)),
        }
    }

    /// Notes that the document `at` (if it is one) lacks the collection
    /// `key`, for the report's data completeness.
    fn note_lack(&mut self, key: &Key<'_>, at: NodeId) {
        if key.absent != Absent::Missing && self.data.docs().binary_search(&at).is_ok() {
            let lack = Lack {
                doc: at,
                field: key.name.to_owned(),
                optional: key.absent == Absent::Empty,
            };
            if !self.lacking.contains(&lack) {
                self.lacking.push(lack);
            }
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
                    Val::Entry { value, .. } => {
                        let value = *value;
                        self.absent(key, span, value)
                    }
                    Val::Node(id) => {
                        let id = *id;
                        self.absent(key, span, id)
                    }
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
                // A name no item has is said as it is: the path would hide it.
                if u.kind() == UnknownKind::Missing
                    && !matches!(u.reason, Reason::NoItemNamed { .. })
                {
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
                // after it) has no fields: the field is missing there (or,
                // for an optional collection, has no items).
                (None, Val::Entry { value: id, .. } | Val::Node(id))
                    if self.data.node(*id).tag == Tag::Null =>
                {
                    let id = *id;
                    self.absent(key, span, id)
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
                let Some(m) = map_of(self.data, &v) else {
                    return;
                };
                match key.sym.and_then(|s| self.data.get(m, s)) {
                    // an item without the field adds nothing, and a
                    // document without a collection is noted as ever
                    None => self.note_lack(key, m),
                    Some(id) => match self.keyed_val(id, key.read, span) {
                        Val::Node(c) if matches!(self.data.view(c), View::Seq(_)) => {
                            if let View::Seq(items) = self.data.view(c) {
                                out.extend(items.iter().map(|&i| Val::from_node(self.data, i)));
                            }
                        }
                        Val::Unknown(_) => {}
                        v => out.push(v),
                    },
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
            Kind::Previous(slot) => match self.neighbour(Neighbour::Previous, *slot, n.span()) {
                Val::Entry { value, .. } => map(value),
                _ => None,
            },
            Kind::Prior(slot) => match self.neighbour(Neighbour::Prior, *slot, n.span()) {
                Val::Entry { value, .. } => map(value),
                _ => None,
            },
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
            (Val::List(items), Val::Text(k)) => self.item_named(items, None, k, span),
            (Val::Node(id), Val::Text(k)) if let View::Seq(items) = self.data.view(*id) => {
                let items: Vec<Val> = items.iter().map(|&i| Val::Node(i)).collect();
                self.item_named(&items, Some(*id), k, span)
            }
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

    /// The item of a list whose name (its `name`, else `province`, else
    /// `code`, as reports print it) is `name`; missing when none is, and
    /// unknown when several are.
    fn item_named(&self, items: &[Val], list: Option<NodeId>, name: &str, span: Span) -> Val {
        let mut named = items.iter().filter(|v| match v {
            Val::Node(id) => region_label(self.data, *id).is_some_and(|l| l == name),
            _ => false,
        });
        let found = named.next();
        if let Some(Val::Node(again)) = named.next() {
            let reason = Reason::SeveralNamed {
                what: self.text(span),
                name: name.to_owned(),
                count: 2 + named.count(),
            };
            // Pointed at the second item's name, as the report prints it.
            let at = ["name", "province", "code"]
                .iter()
                .find_map(|k| self.data.get(*again, self.data.sym(k)?))
                .unwrap_or(*again);
            return Val::unknown(reason, span, Some(at));
        }
        match found {
            Some(v) => v.clone(),
            None => {
                let reason = Reason::NoItemNamed {
                    what: self.text(span),
                    name: name.to_owned(),
                };
                Val::unknown(reason, span, list)
            }
        }
    }

    /// `a and b and ...`, `a or b or ...`, in three-valued logic: `and`
    /// stops at the first false operand, `or` at the first true one; an
    /// unknown operand decides only when nothing else does (the first one).
    fn logic(&mut self, is_and: bool, operands: &'a [Node<'a>]) -> Val {
        let decisive = Val::Bool(!is_and);
        let mut unknown = None;
        for x in operands {
            match self.eval(x) {
                v if v == decisive => return v,
                Val::Bool(_) => {}
                u @ Val::Unknown(_) => {
                    unknown.get_or_insert(u);
                }
                v => return self.type_error("true or false", &v, x.span()),
            }
        }
        unknown.unwrap_or(Val::Bool(is_and))
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
