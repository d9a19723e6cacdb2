//! How the type of each function's result follows from its arguments'
//! types (calls) or its body's type (comprehensions): the `ty` rules of
//! the table in `mod.rs`.

use crate::ast::BinOp;
use crate::check::Ty;
use crate::units::{self, Operand, Unit};

/// A number in the unit `f` gives for the unit of `t`; anything for a value
/// of unknown type; `None` for a value that is not a number.
fn number(t: &Ty, f: impl Fn(Unit) -> Option<Unit>) -> Option<Ty> {
    match t {
        Ty::Num(u) => f(*u).map(Ty::Num),
        Ty::Any => Some(Ty::Any),
        _ => None,
    }
}

fn first_ty(ts: &[Ty]) -> &Ty {
    ts.first().unwrap_or(&Ty::Any)
}

pub(super) fn same_number(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), Some)
}

pub(super) fn growth_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Div, Operand::of(u), Operand::of(u))
    })
}

pub(super) fn change_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Sub, Operand::of(u), Operand::of(u))
    })
}

pub(super) fn item(ts: &[Ty]) -> Option<Ty> {
    Some(first_ty(ts).clone())
}

pub(super) fn count_ty(_: &[Ty]) -> Option<Ty> {
    Some(Ty::Num(Unit::Count))
}

pub(super) fn key_ty(ts: &[Ty]) -> Option<Ty> {
    match first_ty(ts) {
        Ty::Entry(_) => Some(Ty::Num(Unit::Year)),
        Ty::MapEntry(_) => Some(Ty::Text),
        Ty::Any => Some(Ty::Any),
        _ => None,
    }
}

pub(super) fn sum_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Add, Operand::of(u), Operand::of(u))
    })
}

/// A mean of counts need not be whole: a plain number.
pub(super) fn mean_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Add, Operand::of(u), Operand::of(u))
            .map(|u| if u == Unit::Count { Unit::Number } else { u })
    })
}

pub(super) fn condition(_: &[Ty]) -> Option<Ty> {
    Some(Ty::Bool)
}

pub(super) fn text(_: &[Ty]) -> Option<Ty> {
    Some(Ty::Text)
}
