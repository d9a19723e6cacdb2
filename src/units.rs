//! The units of the rule language and how they combine: one algebra, used
//! by the static checks (to refuse what has no meaning before anything
//! runs) and by evaluation (to carry the unit of every computed figure, and
//! to refuse at run time what could not be typed beforehand).
//!
//! | `l` op `r`            | gives                                            |
//! |-----------------------|--------------------------------------------------|
//! | `+ -`                 | the same unit; a count with a plain number is a count; a year moved by a number is a year; a year minus a year is a number |
//! | `*`                   | a plain number scales (`coverage * 2` is a percentage); a percentage of a figure is in the figure's unit (`30% * workforce` is a count); rupiah × count is rupiah |
//! | `/`                   | two figures in the same unit give a percentage (`bpu / workforce`); by a plain number, a count or a percentage the unit stays (`allocation / funded_workers` is rupiah) |
//! | comparisons           | the same unit; counts, plain numbers and years with each other |
//!
//! A literal `0` is zero in every unit (`growth(x) > 0`, `bpu_allocation > 0`).

use crate::ast::{BinOp, Tolerance};

/// The unit of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A count of people, workers, regions: figures of the data, `count(...)`.
    Count,
    /// A number without a unit: `2`, `0.5`, an average, a scale factor.
    Number,
    /// A fraction, written and printed as a percentage: `30%`, 0.3.
    Ratio,
    /// An amount of money: `Rp 16_800`.
    Rupiah,
    /// A calendar year: the key of a year-keyed map.
    Year,
}

impl Unit {
    /// A count or a plain number: they add up and compare with each other.
    pub fn plain(self) -> bool {
        matches!(self, Unit::Count | Unit::Number)
    }

    /// The unit in words, with an article: "a count", "rupiah".
    pub fn name(self) -> &'static str {
        match self {
            Unit::Count => "a count",
            Unit::Number => "a number",
            Unit::Ratio => "a percentage",
            Unit::Rupiah => "rupiah",
            Unit::Year => "a year",
        }
    }

    /// The unit in words, plural: "counts", "rupiah amounts".
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Count => "counts",
            Unit::Number => "numbers",
            Unit::Ratio => "percentages",
            Unit::Rupiah => "rupiah amounts",
            Unit::Year => "years",
        }
    }
}

/// One operand of an arithmetic operator or a comparison: its unit, and
/// whether it is the literal `0` (zero in every unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operand {
    /// The operand's unit.
    pub unit: Unit,
    /// Written as the literal `0`.
    pub zero: bool,
}

impl Operand {
    /// An operand that is not the literal zero.
    pub fn of(unit: Unit) -> Operand {
        Operand { unit, zero: false }
    }
}

/// The literal zero takes the other operand's unit.
fn fit_zero(l: Operand, r: Operand) -> (Unit, Unit) {
    match (l.zero, r.zero) {
        (true, false) => (r.unit, r.unit),
        (false, true) => (l.unit, l.unit),
        _ => (l.unit, r.unit),
    }
}

/// The unit of `l OP r`, or `None` when it has no meaning (rupiah plus a
/// count, a year times anything, `and`/`or` of numbers).
pub fn combine(op: BinOp, l: Operand, r: Operand) -> Option<Unit> {
    use Unit::*;
    let (a, b) = if matches!(op, BinOp::Add | BinOp::Sub) {
        fit_zero(l, r)
    } else {
        (l.unit, r.unit)
    };
    let joined = |a: Unit, b: Unit| {
        if a == Count || b == Count {
            Count
        } else {
            Number
        }
    };
    match op {
        BinOp::Add | BinOp::Sub => match (a, b) {
            (a, b) if a.plain() && b.plain() => Some(joined(a, b)),
            (Year, b) if b.plain() => Some(Year),
            (a, Year) if a.plain() && op == BinOp::Add => Some(Year),
            (Year, Year) if op == BinOp::Sub => Some(Number),
            (a, b) if a == b && a != Year => Some(a),
            _ => None,
        },
        BinOp::Mul => match (a, b) {
            (Year, _) | (_, Year) => None,
            (Number, b) => Some(b),
            (a, Number) => Some(a),
            (Ratio, b) => Some(b),
            (a, Ratio) => Some(a),
            (Count, Count) => Some(Count),
            (Count, Rupiah) | (Rupiah, Count) => Some(Rupiah),
            _ => None,
        },
        BinOp::Div => match (a, b) {
            (Year, _) | (_, Year) => None,
            (Number, Number) => Some(Number),
            (a, b) if a == b => Some(Ratio),
            (a, Number | Ratio) => Some(a),
            (Rupiah | Ratio | Number, Count) => Some(a),
            _ => None,
        },
        BinOp::And | BinOp::Or => None,
    }
}

/// Whether two numbers can be compared: the same unit, or counts, plain
/// numbers and years with each other (`year >= 2021`, `count(r) > 2`).
pub fn comparable(l: Operand, r: Operand) -> bool {
    let (a, b) = fit_zero(l, r);
    let loose = |u: Unit| u.plain() || u == Unit::Year;
    a == b || (loose(a) && loose(b))
}

/// What is wrong with a tolerance for operands of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misfit {
    /// `within 1` between percentages: is it 1 pp or 1 %?
    PlainOnPercentages,
    /// `within 100` between rupiah amounts: write `within Rp 100`.
    PlainOnRupiah,
    /// `within 0.5 pp` between figures that are not percentages.
    PointsOnNonPercentages,
    /// `within Rp 100` between figures that are not rupiah.
    RupiahOnNonRupiah,
}

/// Whether tolerance `t` fits comparing figures of unit `u`: a relative
/// tolerance fits any; percentage points fit percentages; an absolute one
/// is in the operands' own unit (`within Rp 100` for rupiah, `within 2` for
/// counts, plain numbers and years).
pub fn tolerance_fits(t: &Tolerance, u: Unit) -> Result<(), Misfit> {
    match (t, u) {
        (Tolerance::Relative(_), _) => Ok(()),
        (Tolerance::Points(_), Unit::Ratio) => Ok(()),
        (Tolerance::Points(_), _) => Err(Misfit::PointsOnNonPercentages),
        (Tolerance::Rupiah(_), Unit::Rupiah) => Ok(()),
        (Tolerance::Rupiah(_), _) => Err(Misfit::RupiahOnNonRupiah),
        (Tolerance::Absolute(_), Unit::Ratio) => Err(Misfit::PlainOnPercentages),
        (Tolerance::Absolute(_), Unit::Rupiah) => Err(Misfit::PlainOnRupiah),
        (Tolerance::Absolute(_), _) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Unit::*;

    fn c(op: BinOp, l: Unit, r: Unit) -> Option<Unit> {
        combine(op, Operand::of(l), Operand::of(r))
    }

    #[test]
    fn units_combine_the_way_an_auditor_expects() {
        assert_eq!(c(BinOp::Mul, Rupiah, Count), Some(Rupiah));
        assert_eq!(c(BinOp::Mul, Count, Rupiah), Some(Rupiah));
        assert_eq!(c(BinOp::Div, Rupiah, Count), Some(Rupiah));
        assert_eq!(c(BinOp::Div, Count, Count), Some(Ratio));
        assert_eq!(c(BinOp::Div, Rupiah, Rupiah), Some(Ratio));
        assert_eq!(c(BinOp::Sub, Ratio, Ratio), Some(Ratio));
        assert_eq!(c(BinOp::Sub, Year, Number), Some(Year));
        assert_eq!(c(BinOp::Sub, Year, Year), Some(Number));
        assert_eq!(c(BinOp::Mul, Ratio, Count), Some(Count));
        assert_eq!(c(BinOp::Mul, Ratio, Rupiah), Some(Rupiah));
        assert_eq!(c(BinOp::Add, Rupiah, Count), None);
        assert_eq!(c(BinOp::Add, Ratio, Number), None);
        assert_eq!(c(BinOp::Mul, Rupiah, Rupiah), None);
        assert_eq!(c(BinOp::Div, Count, Rupiah), None);
        assert_eq!(c(BinOp::Mul, Year, Count), None);
    }

    #[test]
    fn a_plain_number_scales_a_figure_in_its_unit() {
        // `coverage * 2` and `coverage / 2` are both percentages.
        assert_eq!(c(BinOp::Mul, Ratio, Number), Some(Ratio));
        assert_eq!(c(BinOp::Mul, Number, Ratio), Some(Ratio));
        assert_eq!(c(BinOp::Div, Ratio, Number), Some(Ratio));
        assert_eq!(c(BinOp::Mul, Rupiah, Number), Some(Rupiah));
        assert_eq!(c(BinOp::Div, Count, Number), Some(Count));
        assert_eq!(c(BinOp::Div, Number, Number), Some(Number));
    }

    #[test]
    fn zero_is_zero_in_every_unit() {
        let zero = Operand {
            unit: Number,
            zero: true,
        };
        assert_eq!(combine(BinOp::Add, Operand::of(Rupiah), zero), Some(Rupiah));
        assert!(comparable(Operand::of(Ratio), zero));
        assert!(!comparable(Operand::of(Ratio), Operand::of(Number)));
        assert!(comparable(Operand::of(Year), Operand::of(Number)));
        assert!(!comparable(Operand::of(Rupiah), Operand::of(Count)));
    }
}
