//! Collections and calls: the items a collection yields (a list's items,
//! a map's entries, or a region as one item), comprehensions, and the
//! functions of the table, dispatched by the kind of their evaluation.

use super::observe::Observer;
use super::ops::compare;
use super::run::Cx;
use super::value::{Reason, Unknown, Val};
use crate::ast::CmpOp;
use crate::builtins::{Eval, Given, Param, Shape};
use crate::check::{Maps, Neighbour, Node, Slot, Source};
use crate::data::View;
use crate::data::path::region_label;
use crate::source::Span;

impl<'a, O: Observer> Cx<'a, O> {
    // ---- collections ------------------------------------------------------------

    /// The items a collection yields: list items, and for each map met,
    /// its entries or itself as `maps` says.
    pub(super) fn items_of(
        &self,
        v: Val,
        maps: Maps,
        span: Span,
        out: &mut Vec<Val>,
    ) -> Result<(), Box<Unknown>> {
        match v {
            Val::List(vs) => {
                for v in vs {
                    match v {
                        // The items of a list written in the rule, and
                        // figures collected from the data, are items as
                        // they are: a missing one is looked at as unknown.
                        Val::Num(..) | Val::Text(_) | Val::Bool(_) | Val::Unknown(_) => out.push(v),
                        v => self.items_of(v, maps, span, out)?,
                    }
                }
            }
            Val::Entry { .. } => out.push(v),
            Val::Node(id) => match self.data.view(id) {
                View::Seq(items) => out.extend(items.iter().map(|&i| Val::from_node(self.data, i))),
                View::Map(entries) => {
                    let entries_of = match maps {
                        Maps::Entries => true,
                        Maps::One => false,
                        Maps::Dynamic => self.data.is_series(id),
                    };
                    if entries_of {
                        out.extend(entries.iter().map(|&(key, value)| Val::Entry {
                            map: id,
                            key,
                            value,
                        }));
                    } else {
                        out.push(v);
                    }
                }
                View::Null => {
                    let what = self.text(span);
                    return Err(Box::new(Unknown::new(
                        Reason::Empty { what },
                        span,
                        Some(id),
                    )));
                }
                _ => {
                    let reason = Reason::NotCollection {
                        what: self.text(span),
                        found: "a figure",
                    };
                    return Err(Box::new(super::ops::undefined(reason, span)));
                }
            },
            other => {
                let reason = Reason::NotCollection {
                    what: self.text(span),
                    found: other.type_name(self.data),
                };
                return Err(Box::new(super::ops::undefined(reason, span)));
            }
        }
        Ok(())
    }

    /// `item in collection` (`negated` false), `item not in collection`:
    /// whether an item of the collection equals it, in three-valued logic
    /// (an unknown item decides only when no item is equal).
    pub(super) fn member(
        &mut self,
        item: &'a Node<'a>,
        collection: &'a Source<'a>,
        negated: bool,
        span: Span,
    ) -> Val {
        let x = self.eval(item).scalar(self.data);
        if let Val::Unknown(_) = x {
            return x;
        }
        let c = self.eval(&collection.expr);
        if let Val::Unknown(_) = c {
            return c;
        }
        let mut items = Vec::new();
        if let Err(u) = self.items_of(c, collection.maps, collection.expr.span(), &mut items) {
            return Val::Unknown(u);
        }
        let at = self.at(span);
        let mut unknown = None;
        for it in items {
            let pair = (x.clone(), it.scalar(self.data));
            match compare(CmpOp::Eq, pair, (item.is_zero(), false), None, &at) {
                Val::Bool(true) => return Val::Bool(!negated),
                Val::Bool(false) => {}
                u => {
                    unknown.get_or_insert(u);
                }
            }
        }
        unknown.unwrap_or(Val::Bool(negated))
    }

    /// Each item of a comprehension that passes the filter, with its body's value.
    pub(super) fn comprehension(
        &mut self,
        slot: Slot,
        var: &crate::ast::Ident,
        source: &'a Source<'a>,
        filter: Option<&'a Node<'a>>,
        body: Option<&'a Node<'a>>,
    ) -> Result<Vec<(Val, Val)>, Val> {
        let src = self.eval(&source.expr);
        if let Val::Unknown(_) = src {
            return Err(src);
        }
        let mut items = Vec::new();
        self.items_of(src, source.maps, source.expr.span(), &mut items)
            .map_err(Val::Unknown)?;
        let saved = std::mem::replace(&mut self.vars[slot], Val::Bool(false));
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            self.vars[slot] = item.clone();
            let keep = match filter.map(|f| self.eval(f)) {
                None | Some(Val::Bool(true)) => true,
                Some(Val::Bool(false)) => false,
                Some(u @ Val::Unknown(_)) => {
                    self.vars[slot] = saved;
                    return Err(u);
                }
                Some(v) => {
                    let at = filter.map_or(source.expr.span(), |f| f.span());
                    let e = self.type_error("true or false", &v, at);
                    self.vars[slot] = saved;
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
                    u.item = Some((var.node.clone(), self.item_label(&item)));
                }
                out.push((item, b));
            }
        }
        self.vars[slot] = saved;
        Ok(out)
    }

    pub(super) fn item_label(&self, item: &Val) -> String {
        match item {
            Val::Node(id) => {
                region_label(self.data, *id).unwrap_or_else(|| item.display(self.data))
            }
            v => v.display(self.data),
        }
    }

    // ---- calls ------------------------------------------------------------------

    /// A call of a function of the table, by the kind of its evaluation.
    pub(super) fn call(
        &mut self,
        func: crate::ast::Builtin,
        args: &'a [Node<'a>],
        (year, maps): (Option<(Slot, Neighbour)>, Maps),
        span: Span,
    ) -> Val {
        let spans: Vec<Span> = args.iter().map(|a| a.span()).collect();
        let at = self.at(span);
        let g = Given {
            at,
            args: &spans,
            leading: &[],
            body: span,
        };
        match func.spec().eval {
            Eval::Values(f) => {
                let params = match func.spec().shape {
                    Shape::Call(params) => params,
                    Shape::Comprehension { .. } => &[],
                };
                let vals: Vec<Val> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| match params.get(i) {
                        Some(Param::Entry) => self.eval(a),
                        _ => self.eval(a).scalar(self.data),
                    })
                    .collect();
                f(&vals, &g)
            }
            Eval::Items(f) => {
                let Some(arg) = args.first() else {
                    return self.miscalled(func, span);
                };
                let v = self.eval(arg);
                let mut items = Vec::new();
                let got = match v {
                    Val::Unknown(u) => Err(u),
                    v => self.items_of(v, maps, arg.span(), &mut items),
                };
                match got {
                    Ok(()) => f(items, &g),
                    Err(u) => Val::Unknown(u),
                }
            }
            Eval::YearOverYear(f) => {
                let (Some(arg), Some((slot, neighbour))) = (args.first(), year) else {
                    return self.miscalled(func, span);
                };
                match self.year_over_year(arg, slot, neighbour, span) {
                    Ok((now, before)) => f(now, before, &g),
                    Err(u) => u,
                }
            }
            Eval::Fold(_) => self.miscalled(func, span),
        }
    }
}
