//! Operators and functions: how the types of operands combine (the units
//! are `src/units.rs`, the functions `src/builtins.rs`), and what a
//! mismatch says. Part of resolving a rule (`resolve.rs`).

use crate::ast::{BinOp, Builtin, CmpOp, Expr, ExprKind, Ident, Literal, Number, Tolerance};
use crate::builtins::{Body, Param, Shape};
use crate::source::{Span, Spanned};

use super::advice::{leaf, literal_fix, literal_name, mismatch_fix, nearest};
use super::error::{
    Binder, Help, IncompatibleOperandsError, Listing, LiteralTypeError, Needed, ToleranceUnitError,
    UnknownValueError, WrongLabel, WrongType, WrongTypeError,
};
use super::model::Place;
use super::program::{Kind, Maps, Neighbour};
use super::resolve::{Resolver, Typed};
use super::scope::BindKind;
use super::types::{Ty, Unit, mismatch_message, orders};
use crate::units::{self, Operand};

impl<'r> Resolver<'_, 'r> {
    // ---- operators -----------------------------------------------------------------

    /// The type of `l OP r`, or `Any` after reporting why it has none.
    pub(super) fn arith(&mut self, op: BinOp, l: &Side<'_>, r: &Side<'_>) -> Ty {
        let (a, b) = (l.ty.clone().scalar(), r.ty.clone().scalar());
        match (&a, &b) {
            (Ty::Num(x), Ty::Num(y)) => match units::combine(op, l.operand(*x), r.operand(*y)) {
                Some(u) => Ty::Num(u),
                None => {
                    self.mismatch(Some(op), l, r);
                    Ty::Any
                }
            },
            (Ty::Any, Ty::Any | Ty::Num(_)) | (Ty::Num(_), Ty::Any) => Ty::Any,
            (Ty::Any, t) => self.wrong_at(r.span, t, Needed::Numbers(op.as_str())),
            (t, Ty::Any) => self.wrong_at(l.span, t, Needed::Numbers(op.as_str())),
            _ => {
                self.mismatch(Some(op), l, r);
                Ty::Any
            }
        }
    }

    pub(super) fn compare(
        &mut self,
        op: CmpOp,
        (l, lt): (&Expr, &Typed<'r>),
        (r, rt): (&Expr, &Typed<'r>),
        tol: Option<&Spanned<Tolerance>>,
    ) {
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        let ok = match (&a, &b) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Num(x), Ty::Num(y)) => units::comparable(operand(l, *x), operand(r, *y)),
            (Ty::Text, Ty::Text) => true,
            (Ty::Bool, Ty::Bool) => !orders(op),
            _ => false,
        };
        if !ok {
            self.mismatch(None, &Side::of(l, lt), &Side::of(r, rt));
            return;
        }
        // `!=` a text the data never has is always true, which is what
        // `name != ""` means to say; `==` one keeps nothing.
        if op == CmpOp::Eq {
            self.unknown_value(l, r, rt);
            self.unknown_value(r, l, lt);
        }
        let Some(tol) = tol else {
            return;
        };
        // The unit the operands share: a literal zero takes the other's.
        let unit = match (&a, &b) {
            (Ty::Num(x), _) if !is_zero(l) => Some(*x),
            (_, Ty::Num(y)) => Some(*y),
            (Ty::Num(x), _) => Some(*x),
            _ => None,
        };
        let numbers = [&a, &b]
            .into_iter()
            .all(|t| matches!(t, Ty::Num(_) | Ty::Any));
        if !numbers {
            let side = if matches!(a, Ty::Any) { &b } else { &a };
            let tol_text = self.text(tol.span);
            self.push(WrongTypeError {
                what: WrongType::ToleranceOnNonNumbers {
                    tolerance: tol_text,
                    found: side.name(),
                },
                help: Some(Help::Tolerances),
                span: tol.span,
                label: WrongLabel::Operands(side.name()),
                src: self.src.clone(),
            });
            return;
        }
        if let Some(u) = unit
            && let Err(misfit) = units::tolerance_fits(&tol.node, u)
        {
            let written = self.text(tol.span);
            let amount = written
                .trim_start_matches("Rp")
                .trim_end_matches("pp")
                .trim()
                .to_owned();
            self.push(ToleranceUnitError::new(
                misfit,
                amount,
                u,
                tol.span,
                self.src.clone(),
            ));
        }
    }

    /// `x == "text"` where the data never has that text at `x`.
    pub(super) fn unknown_value(&mut self, lit: &Expr, other: &Expr, other_t: &Typed<'r>) {
        let ExprKind::Lit(Literal::Text(value)) = &lit.node else {
            return;
        };
        let Some(texts) = other_t.place.as_ref().and_then(|p| self.model.texts(p)) else {
            return;
        };
        if texts.iter().any(|t| t == value) {
            return;
        }
        let has = Listing::texts(texts.iter().map(|t| (*t).to_owned()).collect(), 16);
        let help = match nearest(value, texts.iter().copied()) {
            Some(s) => Help::DidYouMeanText {
                meant: s.to_owned(),
                has,
            },
            None => Help::DataHas(has),
        };
        self.push(UnknownValueError {
            field: self.text(other.span),
            value: value.clone(),
            help,
            span: lit.span,
            src: self.src.clone(),
        });
    }

    pub(super) fn mismatch(&mut self, op: Option<BinOp>, l: &Side<'_>, r: &Side<'_>) {
        let (a, b) = (l.ty.clone().scalar(), r.ty.clone().scalar());
        let undeclared =
            |s: &Side<'_>| s.place.as_ref().and_then(|p| self.model.undeclared_path(p));
        // A literal of the other operand's type is not what is wrong
        // (`code + "."`: text does not add up at all).
        match (l.lit, r.lit) {
            (Some(lit), None) if a != b => self.literal_mismatch(lit, l, r, &b, undeclared(r)),
            (None, Some(lit)) if a != b => self.literal_mismatch(lit, r, l, &a, undeclared(l)),
            _ => {
                let undeclared = undeclared(l).or_else(|| undeclared(r));
                self.push(IncompatibleOperandsError {
                    what: mismatch_message(op, &a, &b),
                    help: mismatch_fix(op, &a, &b, undeclared.as_deref()),
                    lhs: l.span,
                    lhs_type: a.name(),
                    rhs: r.span,
                    rhs_type: b.name(),
                    src: self.src.clone(),
                });
            }
        }
    }

    pub(super) fn literal_mismatch(
        &mut self,
        lit: &Literal,
        at: &Side<'_>,
        other: &Side<'_>,
        other_t: &Ty,
        undeclared: Option<String>,
    ) {
        let lit_text = self.text(at.span);
        let other_text = self.text(other.span);
        let help = match (lit, other_t) {
            (Literal::Percent(_), Ty::Num(Unit::Count | Unit::Number))
                if let Some(f) = &undeclared =>
            {
                Help::DeclarePercent {
                    leaf: leaf(f).to_owned(),
                    path: f.clone(),
                }
            }
            (Literal::Rupiah(_), Ty::Num(Unit::Count | Unit::Number))
                if let Some(f) = &undeclared =>
            {
                Help::DeclareRupiah {
                    leaf: leaf(f).to_owned(),
                    path: f.clone(),
                }
            }
            _ => literal_fix(lit, &lit_text, other_t),
        };
        self.push(LiteralTypeError {
            literal_text: lit_text,
            other_text,
            help,
            literal: at.span,
            literal_type: literal_name(lit),
            other: other.span,
            other_type: other_t.name(),
            src: self.src.clone(),
        });
    }

    // ---- functions -------------------------------------------------------------------

    /// A value of the kind `p` asks for, as the function `func` gets it: a
    /// number, or a collection's items.
    fn param(&mut self, p: Param, arg: &'r Expr, func: Builtin, maps: &mut Maps) -> Typed<'r> {
        let name = func.name();
        let mut t = self.typed(arg);
        t.ty = match (p, t.ty.clone()) {
            (Param::Number, ty) => match ty.scalar() {
                t @ (Ty::Num(_) | Ty::Any) => t,
                t => self.wrong(arg, &t, Needed::Number(name)),
            },
            (Param::Text, ty) => match ty.scalar() {
                t @ (Ty::Text | Ty::Any) => t,
                t => self.wrong(arg, &t, Needed::Text(name)),
            },
            (Param::WholeNumber, ty) => match ty.scalar() {
                t @ (Ty::Num(Unit::Count | Unit::Number) | Ty::Any) => t,
                t => self.wrong(arg, &t, Needed::WholeNumber(name)),
            },
            (Param::Entry, ty) => match ty {
                t @ (Ty::Entry(_) | Ty::MapEntry(_) | Ty::Any) => t,
                t => self.wrong(arg, &t, Needed::Entry(name)),
            },
            (Param::Collection, ty) => {
                let (item, m) = self.items_of(&ty, arg, Binder::Function(name));
                *maps = m;
                item
            }
            // Which neighbour is a word of the rule, not a value: `prior`
            // or `previous`, as written.
            (Param::Neighbour, ty) => match arg.node {
                ExprKind::Previous | ExprKind::Prior => ty,
                _ => self.wrong(arg, &ty, Needed::Neighbour(name)),
            },
        };
        t
    }

    /// A call (written `e`) of a function of the table.
    pub(super) fn call(
        &mut self,
        e: &'r Expr,
        func: &Spanned<Builtin>,
        args: &'r [Expr],
    ) -> Typed<'r> {
        let spec = func.node.spec();
        let neighbour = match args.iter().map(|a| &a.node).nth(1) {
            Some(ExprKind::Prior) => Neighbour::Prior,
            _ => Neighbour::Previous,
        };
        let year = if spec.needs_year {
            self.previous(spec.name, func.span)
                .map(|(slot, _)| (slot, neighbour))
        } else {
            None
        };
        let params: &[Param] = match spec.shape {
            Shape::Call(params) => params,
            Shape::Comprehension { .. } => &[], // INVARIANT: lowering makes calls of call-shaped functions only
        };
        let mut maps = Maps::Dynamic;
        let typed: Vec<Typed<'r>> = params
            .iter()
            .zip(args)
            .map(|(&p, a)| self.param(p, a, func.node, &mut maps))
            .collect();
        let tys: Vec<Ty> = typed.iter().map(|t| t.ty.clone()).collect();
        let ty = match (spec.ty)(&tys) {
            Some(t) => t,
            None => {
                let at = args.first().map_or(e.span, |a| a.span);
                let t = tys.first().cloned().unwrap_or(Ty::Any);
                self.wrong_at(at, &t, Needed::Refused(spec.name))
            }
        };
        let kind = Kind::Call {
            func: func.node,
            args: typed.into_iter().map(|t| t.node).collect(),
            year,
            maps,
        };
        self.typed_as(e, kind, ty)
    }

    /// A comprehension (written `e`) of a function of the table.
    pub(super) fn comprehension(
        &mut self,
        e: &'r Expr,
        func: Builtin,
        leading: &'r [Expr],
        var: &'r Ident,
        (source, filter, body): (&'r Expr, Option<&'r Expr>, Option<&'r Expr>),
    ) -> Typed<'r> {
        let spec = func.spec();
        let name = spec.name;
        let (params, kind) = match spec.shape {
            Shape::Comprehension { leading, body } => (leading, body),
            Shape::Call(_) => (&[][..], Body::Condition), // INVARIANT: lowering makes comprehensions of comprehension-shaped functions only
        };
        let leading: Vec<_> = params
            .iter()
            .zip(leading)
            .map(|(&p, arg)| self.param(p, arg, func, &mut Maps::Dynamic).node)
            .collect();
        let st = self.typed(source);
        let (item, maps) = self.items_of(&st.ty, source, Binder::Function(name));
        let slot = self.bind(var, item.clone(), BindKind::Item);
        let filter = filter.map(|f| Box::new(self.condition(f, "`where`")));
        let (value, body_node) = match (body, kind) {
            (Some(b), _) => {
                let t = self.typed(b);
                (t.ty, Some(Box::new(t.node)))
            }
            (None, Body::OptionalCondition) => (Ty::Bool, None),
            (None, _) => (item, None),
        };
        if filter.is_some() || body.is_some() {
            self.unbind(Help::UnusedBinder {
                var: var.node.clone(),
                func: name,
            });
        } else {
            self.scope.pop();
        }
        let at = body.unwrap_or(source);
        let value = match kind {
            Body::Number => match value.scalar() {
                t @ (Ty::Num(_) | Ty::Any) => t,
                t => self.wrong(at, &t, Needed::EachNumber(name)),
            },
            Body::Condition | Body::OptionalCondition => match value {
                t @ (Ty::Bool | Ty::Any) => t,
                t => self.wrong(at, &t, Needed::EachCondition(name)),
            },
        };
        let ty = match (spec.ty)(std::slice::from_ref(&value)) {
            Some(t) => t,
            None => self.wrong_at(
                at.span,
                &value,
                Needed::RefusedAll {
                    func: name,
                    values: plural_of(&value),
                },
            ),
        };
        let kind = Kind::Comprehension(Box::new(super::program::Comprehension {
            func,
            leading,
            slot,
            var,
            source: Box::new(super::program::Source {
                expr: st.node,
                maps,
            }),
            filter,
            body: body_node,
        }));
        self.typed_as(e, kind, ty)
    }
}

/// What a value of type `t` is, in the plural: "years".
fn plural_of(t: &Ty) -> &'static str {
    match t {
        Ty::Num(u) => u.plural(),
        _ => "values",
    }
}

/// One operand of an operator as the checks see it: where it is written,
/// the literal it is (if it is one), its type and, when it is read straight
/// from the data, its place. In a chain (`a + b + c`) the left operand of
/// each step is everything before it.
pub(super) struct Side<'e> {
    /// Where it is written.
    pub span: Span,
    /// The literal it is.
    pub lit: Option<&'e Literal>,
    /// Its type.
    pub ty: Ty,
    /// Where in the data it is read from.
    pub place: Option<Place>,
}

impl<'e> Side<'e> {
    /// The operand `e`, typed `t`.
    pub(super) fn of(e: &'e Expr, t: &Typed<'_>) -> Side<'e> {
        Side {
            span: e.span,
            lit: match &e.node {
                ExprKind::Lit(l) => Some(l),
                _ => None,
            },
            ty: t.ty.clone(),
            place: t.place.clone(),
        }
    }

    /// The operand as the unit algebra sees it, in unit `u`.
    pub(super) fn operand(&self, u: Unit) -> Operand {
        let zero = match self.lit {
            Some(Literal::Number(Number::Int(i))) => *i == 0,
            Some(Literal::Number(Number::Dec(d))) => d.is_zero(),
            _ => false,
        };
        Operand { unit: u, zero }
    }
}

/// Whether `e` is the literal `0`, which is zero in every unit.
pub(super) fn is_zero(e: &Expr) -> bool {
    e.node.is_zero()
}

/// An operand of unit `u`, as the unit algebra sees it.
pub(super) fn operand(e: &Expr, u: Unit) -> Operand {
    Operand {
        unit: u,
        zero: is_zero(e),
    }
}
