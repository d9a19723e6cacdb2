//! The words of the help lines: suggestions for misspelt names, and how to
//! write a literal or an operation in the unit that was meant.

use crate::ast::{BinOp, Decimal, Literal, Number};

use super::types::{Ty, Unit};

pub(crate) use crate::fuzzy::nearest;

/// `` `a`, `b` and `c` ``, at most `max` of them.
pub(crate) fn listing(names: &[String], max: usize) -> String {
    let quoted: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    let rest = names.len().saturating_sub(max);
    match (quoted.split_last(), rest) {
        (None, _) => "none".to_owned(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), n) => format!("{} and {n} more", quoted.join(", ")),
    }
}

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
pub(crate) fn literal_fix(lit: &Literal, text: &str, other: &Ty) -> String {
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
            format!("write percentages with `%`: `{percent}%`")
        }
        (Literal::Number(_), Ty::Num(Unit::Rupiah)) => {
            format!("write amounts of money with `Rp`: `Rp {text}`")
        }
        (Literal::Percent(_), Ty::Num(_)) => {
            "a percentage compares with a percentage: divide first, e.g. `participants.bpu / informal_workers >= 30%`".to_owned()
        }
        (Literal::Rupiah(_), Ty::Num(_)) => {
            format!("this value is not an amount of money; write the number alone: `{digits}`")
        }
        (Literal::Text(s), Ty::Num(_)) if s.trim().parse::<f64>().is_ok() => {
            format!("write the number without quotes: `{}`", s.trim())
        }
        (Literal::Text(s), Ty::Bool) if s == "true" || s == "false" => {
            format!("write `{s}` without quotes")
        }
        (Literal::Number(_) | Literal::Bool(_), Ty::Text) => {
            format!("text is written in quotes: `\"{text}\"`")
        }
        (_, Ty::Bool) => "a condition is compared with `true` or `false`, or used alone".to_owned(),
        _ => "write a literal of the same type: a number, `30%`, `Rp 16_800`, `\"text\"` or `true`"
            .to_owned(),
    }
}

/// How to combine or compare two values of these types, for the help line.
/// `undeclared` names an operand that is a data field without a declared
/// unit, when there is one.
pub(crate) fn mismatch_fix(op: Option<BinOp>, l: &Ty, r: &Ty, undeclared: Option<&str>) -> String {
    use Unit::*;
    let num = |t: &Ty| match t {
        Ty::Num(u) => Some(*u),
        _ => None,
    };
    let (lu, ru) = (num(l), num(r));
    let either = |u: Unit| lu == Some(u) || ru == Some(u);
    if matches!(l, Ty::Bool) || matches!(r, Ty::Bool) {
        return "true or false values are not numbers: combine conditions with `and` / `or`, or count them with `count(x in ... where ...)`".to_owned();
    }
    if matches!(l, Ty::Text) || matches!(r, Ty::Text) {
        return match undeclared {
            Some(f) => format!(
                "text is not a number; if `{}` holds figures, write them without quotes in the data",
                leaf(f)
            ),
            None => "text is not a number: compare text with text".to_owned(),
        };
    }
    if lu.is_none() || ru.is_none() {
        return "records, lists and year-keyed maps are not numbers: pick a field or a year, e.g. `years[2024].participants.bpu`".to_owned();
    }
    if let Some(f) = undeclared
        && either(Ratio)
    {
        return format!(
            "if `{}` holds percentages, declare it: `field {f}: percent` (or `ratio` for fractions)",
            leaf(f)
        );
    }
    if let Some(f) = undeclared
        && either(Rupiah)
        && !matches!(op, Some(BinOp::Mul | BinOp::Div))
    {
        return format!(
            "if `{}` is an amount of money, declare it: `field {f}: rupiah`",
            leaf(f)
        );
    }
    if either(Year) {
        return "a year can be compared with a year or a number, or moved by a number of years (`year - 1`)".to_owned();
    }
    match op {
        None if either(Ratio) => {
            "a percentage compares with a percentage: divide first, e.g. `participants.bpu / informal_workers >= 30%`".to_owned()
        }
        None => "compare figures in the same unit".to_owned(),
        Some(BinOp::Add | BinOp::Sub) if either(Rupiah) => {
            "rupiah add to rupiah; a count times rupiah is rupiah, e.g. `apbd.funded_workers * premium_monthly`".to_owned()
        }
        Some(BinOp::Add | BinOp::Sub) => {
            "only figures in the same unit add up; a percentage of a count is `30% * workforce`".to_owned()
        }
        Some(_) => "rupiah times a count is rupiah, rupiah over a count is rupiah, a count over a count is a percentage".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(listing(&names, 5), "`a`, `b` and `c`");
        assert_eq!(listing(&names, 2), "`a`, `b` and 1 more");
        assert_eq!(listing(&names[..1], 2), "`a`");
    }
}
