//! Static types of rule expressions, and how units combine.
//!
//! The arithmetic mirrors what evaluation does with units
//! (`src/eval/mod.rs`, `arith`), and refuses what has no meaning for an
//! auditor: rupiah plus a head count, a year times anything, a head count
//! compared with a percentage.

use crate::ast::{BinOp, CmpOp};

use super::model::Place;

/// The unit of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A whole number without a unit: a head count, `518_141`.
    Count,
    /// A number without a unit that need not be whole: `0.5`, an average.
    Decimal,
    /// A fraction, written and printed as a percentage: `30%`.
    Ratio,
    /// An amount of money: `Rp 16_800`.
    Rupiah,
    /// A calendar year: the key of a year-keyed map.
    Year,
}

impl Unit {
    fn plain(self) -> bool {
        matches!(self, Unit::Count | Unit::Decimal)
    }

    /// The unit in words, with an article: "a count", "rupiah".
    pub(crate) fn name(self) -> &'static str {
        match self {
            Unit::Count => "a count",
            Unit::Decimal => "a number",
            Unit::Ratio => "a percentage",
            Unit::Rupiah => "rupiah",
            Unit::Year => "a year",
        }
    }
}

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
        }
    }

    /// An entry stands for its year wherever a single value is used.
    pub(crate) fn scalar(self) -> Ty {
        match self {
            Ty::Entry(_) => Ty::Num(Unit::Year),
            t => t,
        }
    }
}

fn plural(t: &Ty) -> &'static str {
    match t {
        Ty::Num(Unit::Count) => "counts",
        Ty::Num(Unit::Decimal) => "numbers",
        Ty::Num(Unit::Ratio) => "percentages",
        Ty::Num(Unit::Rupiah) => "rupiah amounts",
        Ty::Num(Unit::Year) | Ty::Entry(_) => "years",
        Ty::Text => "texts",
        Ty::Bool => "true/false values",
        _ => "values",
    }
}

/// The unit of `l OP r`, or `None` when it has no meaning.
///
/// `+ -` need the same unit (a year plus or minus a count is a year, a year
/// minus a year a count); `*` takes the unit of the side that has one
/// (rupiah × count = rupiah, a percentage of a count is a number); `/` of
/// two figures in the same unit is a ratio (count / count, comparable with
/// `30%`), and by a plain number keeps the unit (rupiah / count = rupiah).
pub(crate) fn arith(op: BinOp, l: Unit, r: Unit) -> Option<Unit> {
    use Unit::*;
    let joined = |a: Unit, b: Unit| {
        if a == Decimal || b == Decimal {
            Decimal
        } else {
            Count
        }
    };
    match op {
        BinOp::Add | BinOp::Sub => match (l, r) {
            (a, b) if a.plain() && b.plain() => Some(joined(a, b)),
            (Year, b) if b.plain() => Some(Year),
            (a, Year) if a.plain() && op == BinOp::Add => Some(Year),
            (Year, Year) if op == BinOp::Sub => Some(Count),
            (a, b) if a == b && a != Year => Some(a),
            _ => None,
        },
        BinOp::Mul => match (l, r) {
            (Year, _) | (_, Year) => None,
            (a, b) if a.plain() && b.plain() => Some(joined(a, b)),
            (Ratio, b) | (b, Ratio) if b.plain() => Some(Decimal),
            (Ratio, b) | (b, Ratio) => Some(b),
            (a, b) if a.plain() => Some(b),
            (a, b) if b.plain() => Some(a),
            _ => None,
        },
        BinOp::Div => match (l, r) {
            (Year, _) | (_, Year) => None,
            (a, b) if a.plain() && b.plain() => Some(Ratio),
            (a, b) if a == b => Some(Ratio),
            (a, b) if b.plain() => Some(a),
            (a, Ratio) => Some(a),
            _ => None,
        },
        BinOp::And | BinOp::Or => None,
    }
}

/// Whether two numbers can be compared: the same unit, or plain numbers
/// with each other and with years (`year >= 2021`).
pub(crate) fn comparable(l: Unit, r: Unit) -> bool {
    l == r || (l.plain() || l == Unit::Year) && (r.plain() || r == Unit::Year)
}

/// "add", "compare" ...: the verb for a message about `op`.
pub(crate) fn verb(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::And | BinOp::Or => "combine",
    }
}

/// "cannot add rupiah and a count", "cannot compare a count with a percentage".
pub(crate) fn mismatch_message(op: Option<BinOp>, l: &Ty, r: &Ty) -> String {
    match op {
        Some(BinOp::Add) => format!("cannot add {} and {}", l.name(), r.name()),
        Some(BinOp::Sub) => format!("cannot subtract {} from {}", r.name(), l.name()),
        Some(BinOp::Mul) => format!("cannot multiply {} by {}", l.name(), r.name()),
        Some(BinOp::Div) => format!("cannot divide {} by {}", l.name(), r.name()),
        Some(op) => format!("cannot {} {} and {}", verb(op), l.name(), r.name()),
        None => format!("cannot compare {} with {}", l.name(), r.name()),
    }
}

/// Whether `op` orders its operands (true or false values have no order).
pub(crate) fn orders(op: CmpOp) -> bool {
    !matches!(op, CmpOp::Eq | CmpOp::Ne)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Unit::*;

    #[test]
    fn units_combine_the_way_an_auditor_expects() {
        assert_eq!(arith(BinOp::Mul, Rupiah, Count), Some(Rupiah));
        assert_eq!(arith(BinOp::Mul, Count, Rupiah), Some(Rupiah));
        assert_eq!(arith(BinOp::Div, Rupiah, Count), Some(Rupiah));
        assert_eq!(arith(BinOp::Div, Count, Count), Some(Ratio));
        assert_eq!(arith(BinOp::Div, Rupiah, Rupiah), Some(Ratio));
        assert_eq!(arith(BinOp::Sub, Ratio, Ratio), Some(Ratio));
        assert_eq!(arith(BinOp::Sub, Year, Count), Some(Year));
        assert_eq!(arith(BinOp::Sub, Year, Year), Some(Count));
        assert_eq!(arith(BinOp::Mul, Ratio, Count), Some(Decimal));
        assert_eq!(arith(BinOp::Mul, Ratio, Rupiah), Some(Rupiah));
        assert_eq!(arith(BinOp::Add, Rupiah, Count), None);
        assert_eq!(arith(BinOp::Add, Ratio, Decimal), None);
        assert_eq!(arith(BinOp::Mul, Rupiah, Rupiah), None);
        assert_eq!(arith(BinOp::Div, Count, Rupiah), None);
        assert_eq!(arith(BinOp::Mul, Year, Count), None);
        assert!(comparable(Ratio, Ratio));
        assert!(comparable(Year, Count));
        assert!(!comparable(Count, Ratio));
        assert!(!comparable(Rupiah, Count));
    }
}
