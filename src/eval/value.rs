//! Run-time values and how they print in reports.

use crate::data::{Dataset, NodeId, Tag, View};
use crate::source::Span;
pub use crate::units::Unit;
use std::cmp::Ordering;

/// An exact integer or a decimal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// Exact; arithmetic on it is checked.
    Int(i64),
    /// Inexact.
    Dec(f64),
}

impl Num {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Dec(d) => d,
        }
    }

    /// Exact when both are integers; `None` for NaN.
    pub(crate) fn cmp(self, other: Num) -> Option<Ordering> {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }
}

/// Why a value could not be computed.
#[derive(Clone, Debug, PartialEq)]
pub enum UnknownKind {
    /// A figure the data does not have.
    Missing,
    /// Division by zero, overflow, a value of the wrong type.
    Undefined,
}

/// A value that could not be computed: the subject's outcome becomes unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    /// Missing or undefined.
    pub kind: UnknownKind,
    /// What happened, e.g. "`participants.bpu` is missing".
    pub reason: String,
    /// The rule expression that needed the value.
    pub span: Span,
    /// Where in the data the figure was expected (the map that lacks it).
    pub expected_at: Option<NodeId>,
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
            // Exact in the data; evaluation is still in f64 at this one boundary.
            View::Dec(d) => Val::Num(
                Num::Dec(rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN)),
                Unit::Number,
            ),
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

    pub(crate) fn unknown(
        kind: UnknownKind,
        reason: String,
        span: Span,
        at: Option<NodeId>,
    ) -> Val {
        Val::Unknown(Box::new(Unknown {
            kind,
            reason,
            span,
            expected_at: at,
        }))
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
                    crate::eval::region_label(data, *id).unwrap_or_else(|| "a map".into())
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

/// `518141` -> `518,141`; rupiah with `Rp `; ratios as percentages.
pub fn format_num(n: Num, unit: Unit) -> String {
    match unit {
        Unit::Ratio => format!("{}%", format_dec(n.as_f64() * 100.0)),
        Unit::Rupiah => format!("Rp {}", format_plain(n)),
        Unit::Count | Unit::Number => format_plain(n),
        Unit::Year => match n {
            Num::Int(i) => i.to_string(),
            Num::Dec(d) => format_dec(d),
        },
    }
}

fn format_plain(n: Num) -> String {
    match n {
        Num::Int(i) => group(i),
        Num::Dec(d) => format_dec(d),
    }
}

/// Up to two decimals, trailing zeros dropped, thousands grouped.
fn format_dec(d: f64) -> String {
    if !d.is_finite() {
        return d.to_string();
    }
    let rounded = (d * 100.0).round() / 100.0;
    let s = format!("{rounded:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = int.parse::<i64>().map_or_else(|_| int.to_owned(), group);
    let int = if rounded < 0.0 && !int.starts_with('-') {
        format!("-{int}")
    } else {
        int
    };
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
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

    #[test]
    fn numbers_print_the_way_auditors_read_them() {
        assert_eq!(format_num(Num::Int(518_141), Unit::Count), "518,141");
        assert_eq!(format_num(Num::Int(2024), Unit::Year), "2024");
        assert_eq!(format_num(Num::Int(-1_500), Unit::Count), "-1,500");
        assert_eq!(format_num(Num::Int(16_800), Unit::Rupiah), "Rp 16,800");
        assert_eq!(format_num(Num::Dec(0.3198), Unit::Ratio), "31.98%");
        assert_eq!(format_num(Num::Dec(0.3), Unit::Ratio), "30%");
        assert_eq!(format_num(Num::Dec(31.98), Unit::Count), "31.98");
        assert_eq!(format_num(Num::Dec(12345.5), Unit::Count), "12,345.5");
    }
}
