//! Run-time values and how they print in reports.

pub use super::reason::{Reason, Unknown, UnknownKind};
use crate::ast::{Literal, Number};
use crate::data::{Dataset, NodeId, Tag, View};
use crate::source::Span;
pub use crate::units::Unit;
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;

/// An exact number: a whole number or a decimal.
///
/// Arithmetic on both is checked (overflow is an unknown, never a wrong
/// figure). Sums, differences and products of decimals are exact; a
/// quotient is exact when it ends within 28 significant digits, and is
/// otherwise rounded half to even at the 28th (`1 / 3` is
/// 0.3333333333333333333333333333).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A whole number.
    Int(i64),
    /// A decimal.
    Dec(Decimal),
}

impl Num {
    /// As a decimal (every 64-bit integer is one, exactly).
    pub(crate) fn dec(self) -> Decimal {
        match self {
            Num::Int(i) => Decimal::from(i),
            Num::Dec(d) => d,
        }
    }

    /// How two numbers compare, exactly.
    pub(crate) fn cmp(self, other: Num) -> Ordering {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a.cmp(&b),
            (a, b) => a.dec().cmp(&b.dec()),
        }
    }

    /// Whether it is zero.
    pub(crate) fn is_zero(self) -> bool {
        match self {
            Num::Int(i) => i == 0,
            Num::Dec(d) => d.is_zero(),
        }
    }
}

/// A value met while evaluating.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// Not computable (missing figure, division by zero, ...).
    Unknown(Box<Unknown>),
    /// A boolean.
    Bool(bool),
    /// A number with its unit.
    Num(Num, Unit),
    /// Text.
    Text(String),
    /// A map or a sequence of the data.
    Node(NodeId),
    /// One entry of a year-keyed map: the key acts as the year, fields come from the value.
    Entry {
        /// The year-keyed map.
        map: NodeId,
        /// The entry's key node.
        key: NodeId,
        /// The entry's value node.
        value: NodeId,
    },
    /// A collection made by the rule (flattened fields, several sources).
    List(Vec<Val>),
}

impl Val {
    /// A data scalar as a value; collections stay nodes.
    #[inline]
    pub(crate) fn from_node(data: &Dataset, id: NodeId) -> Val {
        let n = data.node(id);
        // The numbers first, without building a view: they are nearly every read.
        match n.tag {
            Tag::Int => return Val::Num(Num::Int(n.payload as i64), Unit::Count),
            Tag::Bool => return Val::Bool(n.payload != 0),
            _ => {}
        }
        match data.view(id) {
            View::Null => Val::Node(id),
            View::Bool(b) => Val::Bool(b),
            View::Int(i) => Val::Num(Num::Int(i), Unit::Count),
            View::Dec(d) => Val::Num(Num::Dec(d), Unit::Number),
            View::Str(s) => Val::Text(s.to_owned()),
            View::Map(_) | View::Seq(_) => Val::Node(id),
        }
    }

    /// The key of an entry as a value (a year).
    pub(crate) fn scalar(self, data: &Dataset) -> Val {
        match self {
            Val::Entry { key, .. } => match Val::from_node(data, key) {
                Val::Num(n, Unit::Count | Unit::Number) => Val::Num(n, Unit::Year),
                v => v,
            },
            v => v,
        }
    }

    /// A literal of the rule as a value.
    pub(crate) fn literal(l: &Literal) -> Val {
        let num = |n: Number| match n {
            Number::Int(i) => Num::Int(i),
            Number::Dec(d) => Num::Dec(d),
        };
        match l {
            Literal::Number(n) => Val::Num(num(*n), Unit::Number),
            Literal::Percent(p) => Val::Num(Num::Dec(*p), Unit::Ratio),
            Literal::Rupiah(n) => Val::Num(num(*n), Unit::Rupiah),
            Literal::Text(s) => Val::Text(s.clone()),
            Literal::Bool(b) => Val::Bool(*b),
        }
    }

    /// An unknown value, for `reason`, needed at `span`, expected in the
    /// data at `at`.
    pub(crate) fn unknown(reason: Reason, span: Span, at: Option<NodeId>) -> Val {
        Val::Unknown(Box::new(Unknown::new(reason, span, at)))
    }

    /// How the value prints in a message or a label.
    pub fn display(&self, data: &Dataset) -> String {
        match self {
            Val::Unknown(_) => "unknown".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n, u) => format_num(*n, *u),
            Val::Text(s) => s.clone(),
            Val::Entry { .. } => self.clone().scalar(data).display(data),
            Val::Node(id) => match data.view(*id) {
                View::Null => "empty".into(),
                View::Map(_) => {
                    crate::data::path::region_label(data, *id).unwrap_or_else(|| "a map".into())
                }
                View::Seq(items) => format!("a list of {}", items.len()),
                _ => Val::from_node(data, *id).display(data),
            },
            Val::List(items) => format!("a list of {}", items.len()),
        }
    }

    /// The name of the value's type, for messages.
    pub fn type_name(&self, data: &Dataset) -> &'static str {
        match self {
            Val::Unknown(_) => "unknown",
            Val::Bool(_) => "a boolean",
            Val::Num(_, Unit::Rupiah) => "rupiah",
            Val::Num(_, Unit::Ratio) => "a percentage",
            Val::Num(..) => "a number",
            Val::Text(_) => "text",
            Val::Entry { key, .. } => match data.node(*key).tag {
                Tag::Int => "a year",
                _ => "an entry",
            },
            Val::Node(id) => match data.view(*id) {
                View::Null => "empty",
                View::Map(_) => "a map",
                _ => "a list",
            },
            Val::List(_) => "a list",
        }
    }
}

/// How many decimals a figure is shown with, unless more are needed to
/// tell two figures apart (see [`format_pair`]).
const SHOWN_DECIMALS: u32 = 2;

/// `518141` -> `518,141`; rupiah with `Rp `; ratios as percentages; up to
/// two decimals.
pub fn format_num(n: Num, unit: Unit) -> String {
    let shown = format_num_to(n, unit, SHOWN_DECIMALS);
    // A figure that is not zero is never shown as zero: 0.0015 % stays so.
    let digits = shown.trim_start_matches("Rp ").trim_start_matches('-');
    if digits.trim_end_matches('%') == "0" && !n.dec().is_zero() {
        return format_num_to(n, unit, Decimal::MAX_SCALE);
    }
    shown
}

/// [`format_num`] with up to `decimals` decimals (of the percentage, for a
/// ratio), rounded half away from zero, trailing zeros dropped.
fn format_num_to(n: Num, unit: Unit, decimals: u32) -> String {
    match (unit, n) {
        (Unit::Ratio, n) => {
            let percent = n.dec().checked_mul(Decimal::ONE_HUNDRED);
            match percent {
                Some(p) => format!("{}%", format_dec(p, decimals)),
                // beyond what a decimal holds: say the ratio as it is
                None => format_dec(n.dec(), decimals),
            }
        }
        (Unit::Year, Num::Int(i)) => i.to_string(),
        (Unit::Rupiah, n) => format!("Rp {}", format_plain(n, decimals)),
        (_, n) => format_plain(n, decimals),
    }
}

/// Two figures as a label shows them side by side: rounded, unless that
/// would make different figures look the same; then exactly.
pub(crate) fn format_pair((a, ua): (Num, Unit), (b, ub): (Num, Unit)) -> (String, String) {
    let (x, y) = (format_num(a, ua), format_num(b, ub));
    if x != y || a.cmp(b) == Ordering::Equal {
        return (x, y);
    }
    let exact = Decimal::MAX_SCALE;
    (format_num_to(a, ua, exact), format_num_to(b, ub, exact))
}

fn format_plain(n: Num, decimals: u32) -> String {
    match n {
        Num::Int(i) => group(i),
        Num::Dec(d) => format_dec(d, decimals),
    }
}

/// Up to `decimals` decimals, trailing zeros dropped, thousands grouped.
fn format_dec(d: Decimal, decimals: u32) -> String {
    let rounded = d
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let s = rounded.to_string();
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = int.parse::<i64>().map_or_else(|_| int.to_owned(), group);
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `,` every three digits.
fn group(i: i64) -> String {
    let digits = i.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if i < 0 {
        out.push('-');
    }
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Num {
        Num::Dec(Decimal::from_str_exact(s).expect("a decimal"))
    }

    #[test]
    fn numbers_print_the_way_auditors_read_them() {
        assert_eq!(format_num(Num::Int(518_141), Unit::Count), "518,141");
        assert_eq!(format_num(Num::Int(2024), Unit::Year), "2024");
        assert_eq!(format_num(Num::Int(-1_500), Unit::Count), "-1,500");
        assert_eq!(format_num(Num::Int(16_800), Unit::Rupiah), "Rp 16,800");
        assert_eq!(format_num(dec("0.3198"), Unit::Ratio), "31.98%");
        assert_eq!(format_num(dec("0.3"), Unit::Ratio), "30%");
        assert_eq!(format_num(dec("31.98"), Unit::Count), "31.98");
        assert_eq!(format_num(dec("12345.5"), Unit::Count), "12,345.5");
        assert_eq!(format_num(dec("-1234.005"), Unit::Number), "-1,234.01");
        // a figure that is not zero is never shown as zero
        assert_eq!(format_num(dec("0.000015"), Unit::Ratio), "0.0015%");
        assert_eq!(format_num(dec("-0.001"), Unit::Rupiah), "Rp -0.001");
        assert_eq!(format_num(dec("0.000"), Unit::Number), "0");
    }

    #[test]
    fn two_different_figures_never_print_alike_side_by_side() {
        let (a, b) = format_pair((dec("0.50501"), Unit::Ratio), (dec("0.505"), Unit::Ratio));
        assert_eq!((a.as_str(), b.as_str()), ("50.501%", "50.5%"));
        let (a, b) = format_pair((dec("0.1234"), Unit::Number), (dec("0.1235"), Unit::Number));
        assert_eq!((a.as_str(), b.as_str()), ("0.1234", "0.1235"));
        let (a, b) = format_pair((dec("2.5"), Unit::Number), (dec("2.50"), Unit::Number));
        assert_eq!((a.as_str(), b.as_str()), ("2.5", "2.5"));
    }
}
