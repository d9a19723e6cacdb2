//! Lists written in the rule (`[a, b, c]`) and membership (`x in
//! COLLECTION`, `x not in COLLECTION`). Part of resolving a rule
//! (`resolve.rs`).
//!
//! A list's items are of one type (numbers in units that compare, texts,
//! true/false values). `x in C` compares `x` with each item of `C` as `==`
//! does: with the items of a list (`[...]`, `regencies.code`), the years of
//! a year-keyed map, the keys of a `map`; so `x` and the items must be
//! comparable, and a text the data never has at `x` is reported as it is
//! for `==`.

use crate::ast::{Expr, ExprKind};
use crate::units;

use super::error::{
    Binder, EmptyListError, Help, IncompatibleOperandsError, Mismatch, MixedListError,
};
use super::ops::Side;
use super::program::{Kind, Source};
use super::resolve::{Resolver, Typed, union};
use super::types::Ty;

impl<'r> Resolver<'_, 'r> {
    /// `[a, b, c]`: a list of the items' type.
    pub(super) fn list(&mut self, e: &'r Expr, items: &'r [Expr]) -> Typed<'r> {
        let mut nodes = Vec::with_capacity(items.len());
        let mut item: Option<Ty> = None;
        let mut first: Option<Side<'r>> = None;
        for x in items {
            let t = self.typed(x);
            let side = Side::of(x, &t);
            match &first {
                None => first = Some(side),
                Some(f) if !one_type(f, &side) => {
                    let (a, b) = (f.ty.clone().scalar(), side.ty.clone().scalar());
                    self.push(MixedListError {
                        first: self.text(f.span),
                        first_type: a.name(),
                        other: self.text(x.span),
                        other_type: b.name(),
                        first_span: f.span,
                        other_span: x.span,
                        src: self.src.clone(),
                    });
                }
                Some(_) => {}
            }
            item = Some(match item {
                None => t.ty.clone(),
                Some(i) => union(i, t.ty.clone()),
            });
            nodes.push(t.node);
        }
        let ty = Ty::List(Box::new(item.unwrap_or(Ty::Any)));
        self.typed_as(e, Kind::List(nodes), ty)
    }

    /// `item in collection`, or `item not in collection`.
    pub(super) fn member(
        &mut self,
        e: &'r Expr,
        item: &'r Expr,
        collection: &'r Expr,
        negated: bool,
    ) -> Typed<'r> {
        let it = self.typed(item);
        let ct = self.typed(collection);
        if matches!(&collection.node, ExprKind::List(items) if items.is_empty()) {
            self.push(EmptyListError {
                text: self.text(e.span),
                outcome: if negated {
                    "always holds"
                } else {
                    "never holds"
                },
                span: collection.span,
                src: self.src.clone(),
            });
        }
        let (elem, maps) = self.items_of(&ct.ty, collection, Binder::Member);
        let looked = Side::of(item, &it);
        let among = Side {
            span: collection.span,
            lit: None,
            ty: elem.clone(),
            place: None,
        };
        if one_type(&looked, &among) {
            // `kind in ["regency", "kota"]` where the data never has
            // "kota"; `not in` such a text always holds, as `!=` does
            if let ExprKind::List(items) = &collection.node
                && !negated
            {
                for x in items {
                    self.unknown_value(x, item, &it);
                }
            }
        } else {
            let (a, b) = (it.ty.clone().scalar(), elem.scalar());
            let help = match b {
                Ty::Record(_) => Help::AmongField(self.text(collection.span)),
                _ => Help::AmongItems,
            };
            self.push(IncompatibleOperandsError {
                what: Mismatch::Member {
                    lhs: a.name(),
                    rhs: ct.ty.name(),
                },
                help,
                lhs: item.span,
                lhs_type: a.name(),
                rhs: collection.span,
                rhs_type: ct.ty.name(),
                src: self.src.clone(),
            });
        }
        let kind = Kind::In {
            item: Box::new(it.node),
            collection: Box::new(Source {
                expr: ct.node,
                maps,
            }),
            negated,
        };
        self.typed_as(e, kind, Ty::Bool)
    }
}

/// Whether two values can be compared with `==`: numbers in units that
/// compare, text with text, true/false with true/false, anything with a
/// value of unknown type.
fn one_type(a: &Side<'_>, b: &Side<'_>) -> bool {
    match (a.ty.clone().scalar(), b.ty.clone().scalar()) {
        (Ty::Any, _) | (_, Ty::Any) => true,
        (Ty::Num(x), Ty::Num(y)) => units::comparable(a.operand(x), b.operand(y)),
        (Ty::Text, Ty::Text) | (Ty::Bool, Ty::Bool) => true,
        (x, y) => std::mem::discriminant(&x) == std::mem::discriminant(&y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Unit;

    fn side(ty: Ty) -> Side<'static> {
        Side {
            span: crate::source::Span::default(),
            lit: None,
            ty,
            place: None,
        }
    }

    #[test]
    fn items_of_one_type_compare_as_equals_does() {
        let num = |u| side(Ty::Num(u));
        assert!(one_type(&num(Unit::Count), &num(Unit::Number)));
        assert!(one_type(&num(Unit::Year), &num(Unit::Number)));
        assert!(!one_type(&num(Unit::Ratio), &num(Unit::Number)));
        assert!(!one_type(&side(Ty::Text), &num(Unit::Count)));
        assert!(one_type(&side(Ty::Text), &side(Ty::Any)));
    }
}
