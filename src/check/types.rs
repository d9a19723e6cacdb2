//! Static types of rule expressions. Units and how they combine are
//! `src/units.rs`, shared with evaluation.

use crate::ast::{BinOp, CmpOp};
pub(crate) use crate::units::Unit;

use super::message::Mismatch;
use super::place::Place;

/// What an expression gives.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// Not known before evaluation (data of mixed types, no schema, no data):
    /// never an error.
    Any,
    /// A number.
    Num(Unit),
    /// Text.
    Text,
    /// `true` or `false`.
    Bool,
    /// A map with named fields: a region, a year's figures, `participants`.
    Record(Place),
    /// A list, or a collection made by the rule; the type of its items.
    List(Box<Ty>),
    /// A year-keyed map; the place of its values.
    Series(Place),
    /// One entry of a year-keyed map: its year where a number is expected,
    /// its figures where a field is.
    Entry(Place),
    /// A map whose keys are not checked (`sources`): a collection of its
    /// entries; the place of its values.
    Map(Place),
    /// One entry of a [`Ty::Map`]: its key (text) where a single value is
    /// expected, its value's fields where a field is.
    MapEntry(Place),
}

impl Ty {
    /// The type in words, for labels: "a count", "text", "a list".
    pub(crate) fn name(&self) -> String {
        match self {
            Ty::Any => "a value of unknown type".into(),
            Ty::Num(u) => u.name().into(),
            Ty::Text => "text".into(),
            Ty::Bool => "a true/false value".into(),
            Ty::Record(_) => "a record of fields".into(),
            Ty::List(item) => match item.as_ref() {
                Ty::Any | Ty::List(_) => "a list".into(),
                Ty::Record(_) => "a list of records".into(),
                t => format!("a list of {}", plural(t)),
            },
            Ty::Series(_) => "a year-keyed map".into(),
            Ty::Entry(_) => "a year".into(),
            Ty::Map(_) => "a map".into(),
            Ty::MapEntry(_) => "an entry of a map".into(),
        }
    }

    /// An entry stands for its key wherever a single value is used: a
    /// year's entry for the year, a map's entry for its key.
    pub(crate) fn scalar(self) -> Ty {
        match self {
            Ty::Entry(_) => Ty::Num(Unit::Year),
            Ty::MapEntry(_) => Ty::Text,
            t => t,
        }
    }

    /// The place whose fields a value of this type has, if any.
    pub(crate) fn fields(&self) -> Option<&Place> {
        match self {
            Ty::Record(p) | Ty::Entry(p) | Ty::MapEntry(p) => Some(p),
            _ => None,
        }
    }
}

fn plural(t: &Ty) -> &'static str {
    match t {
        Ty::Num(u) => u.plural(),
        Ty::Entry(_) => "years",
        Ty::Text => "texts",
        Ty::Bool => "true/false values",
        _ => "values",
    }
}

/// "cannot add rupiah and a count", "cannot compare a count with a percentage".
pub(crate) fn mismatch_message(op: Option<BinOp>, l: &Ty, r: &Ty) -> Mismatch {
    let (lhs, rhs) = (l.name(), r.name());
    match op {
        Some(BinOp::Add) => Mismatch::Add { lhs, rhs },
        Some(BinOp::Sub) => Mismatch::Sub { lhs, rhs },
        Some(BinOp::Mul) => Mismatch::Mul { lhs, rhs },
        Some(BinOp::Div) => Mismatch::Div { lhs, rhs },
        Some(BinOp::And | BinOp::Or) => Mismatch::Combine { lhs, rhs },
        None => Mismatch::Compare { lhs, rhs },
    }
}

/// Whether `op` orders its operands (true or false values have no order).
pub(crate) fn orders(op: CmpOp) -> bool {
    !matches!(op, CmpOp::Eq | CmpOp::Ne)
}
