//! The words of the help lines: suggestions for misspelt names, and how to
//! write a literal or an operation in the unit that was meant.

use crate::ast::{BinOp, Decimal, Literal, Number};

use super::help::Help;
use super::types::{Ty, Unit};

pub(crate) use crate::fuzzy::nearest;

/// An expression's text on one line, cut when long.
pub(crate) fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 40 {
        format!("{}…", one.chars().take(39).collect::<String>())
    } else {
        one
    }
}

/// `years.coverage` -> `coverage`.
pub(crate) fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// The type of a literal.
pub(crate) fn literal_ty(l: &Literal) -> Ty {
    match l {
        Literal::Number(_) => Ty::Num(Unit::Number),
        Literal::Percent(_) => Ty::Num(Unit::Ratio),
        Literal::Rupiah(_) => Ty::Num(Unit::Rupiah),
        Literal::Text(_) => Ty::Text,
        Literal::Bool(_) => Ty::Bool,
    }
}

/// A literal in words, for the label under it.
pub(crate) fn literal_name(l: &Literal) -> &'static str {
    match l {
        Literal::Number(_) => "a number without a unit",
        Literal::Percent(_) => "a percentage",
        Literal::Rupiah(_) => "rupiah",
        Literal::Text(_) => "text",
        Literal::Bool(_) => "true or false",
    }
}

/// How to write literal `lit` (written `text`) so it fits a value of type `other`.
pub(crate) fn literal_fix(lit: &Literal, text: &str, other: &Ty) -> Help {
    let digits = text.trim_start_matches("Rp").trim();
    match (lit, other) {
        (Literal::Number(n), Ty::Num(Unit::Ratio)) => {
            let percent = match n {
                Number::Dec(d) if *d < Decimal::ONE => match d.checked_mul(Decimal::ONE_HUNDRED) {
                    Some(p) => p.normalize().to_string(),
                    None => text.to_owned(),
                },
                _ => text.to_owned(),
            };
            Help::WritePercent(percent)
        }
        (Literal::Number(_), Ty::Num(Unit::Rupiah)) => Help::WriteRupiah(text.to_owned()),
        (Literal::Percent(_), Ty::Num(_)) => Help::DivideFirst,
        (Literal::Rupiah(_), Ty::Num(_)) => Help::NotMoney(digits.to_owned()),
        (Literal::Text(s), Ty::Num(_)) if Decimal::from_str_exact(s.trim()).is_ok() => {
            Help::Unquote(s.trim().to_owned())
        }
        (Literal::Text(s), Ty::Bool) if s == "true" || s == "false" => Help::UnquoteBool(s.clone()),
        (Literal::Number(_) | Literal::Bool(_), Ty::Text) => Help::Quote(text.to_owned()),
        (_, Ty::Bool) => Help::ConditionLiteral,
        _ => Help::SameType,
    }
}

/// How to combine or compare two values of these types, for the help line.
/// `undeclared` names an operand that is a data field without a declared
/// unit, when there is one.
pub(crate) fn mismatch_fix(op: Option<BinOp>, l: &Ty, r: &Ty, undeclared: Option<&str>) -> Help {
    use Unit::*;
    let num = |t: &Ty| match t {
        Ty::Num(u) => Some(*u),
        _ => None,
    };
    let (lu, ru) = (num(l), num(r));
    let either = |u: Unit| lu == Some(u) || ru == Some(u);
    if matches!(l, Ty::Bool) || matches!(r, Ty::Bool) {
        return Help::BoolsAreNotNumbers;
    }
    if matches!(l, Ty::Text) || matches!(r, Ty::Text) {
        return match undeclared {
            Some(f) => Help::TextInData(leaf(f).to_owned()),
            None => Help::TextIsNotANumber,
        };
    }
    if lu.is_none() || ru.is_none() {
        return Help::PickAFigure;
    }
    if let Some(f) = undeclared
        && either(Ratio)
    {
        return Help::DeclarePercent {
            leaf: leaf(f).to_owned(),
            path: f.to_owned(),
        };
    }
    if let Some(f) = undeclared
        && either(Rupiah)
        && !matches!(op, Some(BinOp::Mul | BinOp::Div))
    {
        return Help::DeclareRupiah {
            leaf: leaf(f).to_owned(),
            path: f.to_owned(),
        };
    }
    if either(Year) {
        return Help::Years;
    }
    match op {
        None if either(Ratio) => Help::DivideFirst,
        None => Help::SameUnit,
        Some(BinOp::Add | BinOp::Sub) if either(Rupiah) => Help::RupiahAdd,
        Some(BinOp::Add | BinOp::Sub) => Help::SameUnitAdds,
        Some(_) => Help::UnitsMultiply,
    }
}
