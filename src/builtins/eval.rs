//! How each function evaluates: the `eval` rules of the table in
//! `mod.rs`, each given its arguments' values, its collection's items, its
//! figure this year and the year before, or a comprehension's bodies.

use super::Given;
use crate::ast::BinOp;
use crate::eval::ops::{arith, compare, undefined_val};
use crate::eval::{Num, Reason, Val};
use crate::units::{self, Operand, Unit};
use rust_decimal::{Decimal, RoundingStrategy};

/// A function given fewer arguments than the checks let through.
fn miscalled(g: &Given<'_>, name: &str) -> Val {
    let name = name.to_owned();
    undefined_val(Reason::Unresolved { name }, g.at.span)
}

pub(super) fn abs(args: &[Val], g: &Given<'_>) -> Val {
    match args.first() {
        Some(Val::Num(Num::Int(i), u)) => match i.checked_abs() {
            Some(a) => Val::Num(Num::Int(a), *u),
            None => g.at.overflow(),
        },
        Some(Val::Num(Num::Dec(d), u)) => Val::Num(Num::Dec(d.abs()), *u),
        Some(v @ Val::Unknown(_)) => v.clone(),
        Some(v) => g.at.type_error("a number", v, g.args[0]),
        None => g.at.type_error("a number", &Val::Bool(false), g.at.span),
    }
}

/// Decimals `round` can keep: as many as an exact decimal has (28, as
/// the message for a wrong number of digits says).
const MAX_DIGITS: i64 = 28;

pub(super) fn round(args: &[Val], g: &Given<'_>) -> Val {
    let digits_at = g.args.get(1).copied().unwrap_or(g.at.span);
    let digits = match args.get(1) {
        Some(Val::Num(Num::Int(d), _)) if (0..=MAX_DIGITS).contains(d) => *d as u32,
        Some(u @ Val::Unknown(_)) => return u.clone(),
        Some(v) => {
            return g
                .at
                .type_error("a whole number of digits from 0 to 28", v, digits_at);
        }
        None => return miscalled(g, "round"),
    };
    match args.first() {
        Some(Val::Num(Num::Int(i), u)) if *u != Unit::Ratio => Val::Num(Num::Int(*i), *u),
        Some(Val::Num(n, u)) => {
            // A percentage is rounded as it is read: in percent.
            let scale = if *u == Unit::Ratio {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ONE
            };
            let rounded = n.dec().checked_mul(scale).and_then(|x| {
                x.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
                    .checked_div(scale)
            });
            match rounded {
                Some(r) => Val::Num(Num::Dec(r), *u),
                None => g.at.overflow(),
            }
        }
        Some(v @ Val::Unknown(_)) => v.clone(),
        Some(v) => g.at.type_error("a number", v, g.args[0]),
        None => miscalled(g, "round"),
    }
}

/// The text arguments of a text function: the first unknown among them,
/// or a value that is not text, decides instead.
fn texts<'v>(args: &'v [Val], g: &Given<'_>, name: &str) -> Result<Vec<&'v str>, Val> {
    let mut out = Vec::with_capacity(args.len());
    for (i, v) in args.iter().enumerate() {
        match v {
            Val::Text(s) => out.push(s.as_str()),
            u @ Val::Unknown(_) => return Err(u.clone()),
            v => {
                let at = g.args.get(i).copied().unwrap_or(g.at.span);
                return Err(g.at.type_error("text", v, at));
            }
        }
    }
    if out.is_empty() {
        return Err(miscalled(g, name));
    }
    Ok(out)
}

/// A condition on two texts.
fn two_texts(args: &[Val], g: &Given<'_>, name: &str, f: fn(&str, &str) -> bool) -> Val {
    match texts(args, g, name) {
        Ok(t) if t.len() == 2 => Val::Bool(f(t[0], t[1])),
        Ok(_) => miscalled(g, name),
        Err(v) => v,
    }
}

/// A text made from one.
fn one_text(args: &[Val], g: &Given<'_>, name: &str, f: fn(&str) -> Val) -> Val {
    match texts(args, g, name) {
        Ok(t) => f(t[0]),
        Err(v) => v,
    }
}

pub(super) fn starts_with(args: &[Val], g: &Given<'_>) -> Val {
    two_texts(args, g, "starts_with", |s, p| s.starts_with(p))
}

pub(super) fn ends_with(args: &[Val], g: &Given<'_>) -> Val {
    two_texts(args, g, "ends_with", |s, p| s.ends_with(p))
}

pub(super) fn contains(args: &[Val], g: &Given<'_>) -> Val {
    two_texts(args, g, "contains", |s, p| s.contains(p))
}

/// Characters, as a reader counts them (Unicode scalar values, not bytes).
pub(super) fn len(args: &[Val], g: &Given<'_>) -> Val {
    one_text(args, g, "len", |s| {
        Val::Num(Num::Int(s.chars().count() as i64), Unit::Count)
    })
}

pub(super) fn lower(args: &[Val], g: &Given<'_>) -> Val {
    one_text(args, g, "lower", |s| Val::Text(s.to_lowercase()))
}

pub(super) fn upper(args: &[Val], g: &Given<'_>) -> Val {
    one_text(args, g, "upper", |s| Val::Text(s.to_uppercase()))
}

pub(super) fn trim(args: &[Val], g: &Given<'_>) -> Val {
    one_text(args, g, "trim", |s| Val::Text(s.trim().to_owned()))
}

pub(super) fn key(args: &[Val], g: &Given<'_>) -> Val {
    match args.first() {
        Some(e @ Val::Entry { .. }) => e.clone().scalar(g.at.data),
        Some(u @ Val::Unknown(_)) => u.clone(),
        Some(v) => g.at.type_error(
            "an entry of a year-keyed map or of a map",
            v,
            g.args.first().copied().unwrap_or(g.at.span),
        ),
        None => miscalled(g, "key"),
    }
}

pub(super) fn change(now: Val, before: Val, g: &Given<'_>) -> Val {
    let arg = g.args.first().copied().unwrap_or(g.at.span);
    arith(BinOp::Sub, (now, before), (false, false), (arg, arg), &g.at)
}

pub(super) fn growth(now: Val, before: Val, g: &Given<'_>) -> Val {
    let arg = g.args.first().copied().unwrap_or(g.at.span);
    let diff = change(now, before.clone(), g);
    arith(
        BinOp::Div,
        (diff, before),
        (false, false),
        (g.at.span, arg),
        &g.at,
    )
}

/// The year of a series entry.
fn year(g: &Given<'_>, v: &Val) -> Option<i64> {
    match v {
        Val::Entry { key, .. } => match g.at.data.view(*key) {
            crate::data::View::Int(y) => Some(y),
            _ => None,
        },
        _ => None,
    }
}

/// The earliest (`later` false) or latest item: by year when every item is
/// a year's entry, whatever order the file lists them in; else by position.
fn pick(items: Vec<Val>, g: &Given<'_>, later: bool) -> Val {
    let by_year = items.iter().all(|v| year(g, v).is_some());
    let picked = if by_year {
        if later {
            items.into_iter().max_by_key(|v| year(g, v))
        } else {
            items.into_iter().min_by_key(|v| year(g, v))
        }
    } else if later {
        items.into_iter().last()
    } else {
        items.into_iter().next()
    };
    picked.unwrap_or_else(|| {
        let arg = g.args.first().copied().unwrap_or(g.at.span);
        Val::unknown(
            Reason::NoItems {
                what: g.at.text(arg),
            },
            g.at.span,
            None,
        )
    })
}

pub(super) fn first(items: Vec<Val>, g: &Given<'_>) -> Val {
    pick(items, g, false)
}

pub(super) fn last(items: Vec<Val>, g: &Given<'_>) -> Val {
    pick(items, g, true)
}

pub(super) fn size(items: Vec<Val>, _: &Given<'_>) -> Val {
    Val::Num(Num::Int(items.len() as i64), Unit::Count)
}

/// Adds the bodies; the first unknown wins.
fn total(bodies: &[Val], g: &Given<'_>) -> Option<Val> {
    let mut acc: Option<Val> = None;
    for b in bodies {
        if let Val::Unknown(_) = b {
            return Some(b.clone());
        }
        acc = Some(match acc {
            None => b.clone(),
            Some(a) => {
                let sides = (g.body, g.body);
                arith(BinOp::Add, (a, b.clone()), (false, false), sides, &g.at)
            }
        });
        if let Some(u @ Val::Unknown(_)) = &acc {
            return Some(u.clone());
        }
    }
    acc
}

/// `Val::Unknown` when a collection has no items to take a figure of.
fn no_items(g: &Given<'_>) -> Val {
    let source = g.args.last().copied().unwrap_or(g.at.span);
    Val::unknown(
        Reason::NoItems {
            what: g.at.text(source),
        },
        g.at.span,
        None,
    )
}

pub(super) fn sum(bodies: &[Val], g: &Given<'_>) -> Val {
    match total(bodies, g) {
        Some(v) => v,
        None => Val::Num(Num::Int(0), Unit::Count),
    }
}

pub(super) fn avg(bodies: &[Val], g: &Given<'_>) -> Val {
    match total(bodies, g) {
        Some(Val::Num(s, u)) => {
            let u = if u == Unit::Count { Unit::Number } else { u };
            let n = Num::Int(bodies.len() as i64);
            match crate::eval::ops::exact(BinOp::Div, s, n) {
                Some(mean) => Val::Num(mean, u),
                None => g.at.overflow(),
            }
        }
        Some(v) => v,
        None => no_items(g),
    }
}

pub(super) fn median(bodies: &[Val], g: &Given<'_>) -> Val {
    let mut nums: Vec<Num> = Vec::with_capacity(bodies.len());
    let mut unit: Option<Unit> = None;
    for b in bodies {
        match b {
            Val::Unknown(_) => return b.clone(),
            Val::Num(n, u) => {
                if let Some(first) = unit
                    && !units::comparable(Operand::of(first), Operand::of(*u))
                {
                    return g.at.type_error(first.name(), b, g.body);
                }
                unit.get_or_insert(*u);
                nums.push(*n);
            }
            v => return g.at.type_error("a number", v, g.body),
        }
    }
    let Some(u) = unit else {
        return no_items(g);
    };
    nums.sort_by(|a, b| a.cmp(*b));
    let mid = nums.len() / 2;
    let at = |i: usize| Val::Num(nums[i], u);
    let v = if nums.len() % 2 == 1 {
        at(mid)
    } else {
        let no = (false, false);
        let both = arith(
            BinOp::Add,
            (at(mid - 1), at(mid)),
            no,
            (g.body, g.body),
            &g.at,
        );
        let two = Val::Num(Num::Int(2), Unit::Number);
        arith(BinOp::Div, (both, two), no, (g.body, g.body), &g.at)
    };
    match v {
        Val::Num(n, Unit::Count) => Val::Num(n, Unit::Number),
        v => v,
    }
}

/// The smallest (`larger` false) or largest body; the first unknown wins.
fn extreme(bodies: &[Val], g: &Given<'_>, larger: bool) -> Val {
    let mut best: Option<Val> = None;
    for b in bodies {
        if let Val::Unknown(_) = b {
            return b.clone();
        }
        best = Some(match best {
            None => b.clone(),
            Some(a) => {
                let op = if larger {
                    crate::ast::CmpOp::Gt
                } else {
                    crate::ast::CmpOp::Lt
                };
                match compare(op, (b.clone(), a.clone()), (false, false), None, &g.at) {
                    Val::Bool(true) => b.clone(),
                    Val::Bool(false) => a,
                    u => return u,
                }
            }
        });
    }
    best.unwrap_or_else(|| no_items(g))
}

pub(super) fn min(bodies: &[Val], g: &Given<'_>) -> Val {
    extreme(bodies, g, false)
}

pub(super) fn max(bodies: &[Val], g: &Given<'_>) -> Val {
    extreme(bodies, g, true)
}

/// How many bodies are true, and the first unknown among them; an unknown
/// value when a body is not a condition.
fn tally(bodies: &[Val], g: &Given<'_>) -> Result<(i64, i64, Option<Val>), Val> {
    let (mut yes, mut unknowns, mut first) = (0, 0, None);
    for b in bodies {
        match b {
            Val::Bool(true) => yes += 1,
            Val::Bool(false) => {}
            u @ Val::Unknown(_) => {
                unknowns += 1;
                first.get_or_insert_with(|| u.clone());
            }
            v => return Err(g.at.type_error("true or false", v, g.body)),
        }
    }
    Ok((yes, unknowns, first))
}

/// `v`, unless the unknowns could change it (`sure` false): then the first
/// unknown.
fn decided(v: bool, sure: bool, unknown: Option<Val>) -> Val {
    match (sure, unknown) {
        (false, Some(u)) => u,
        _ => Val::Bool(v),
    }
}

pub(super) fn count(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((_, _, Some(u))) => u,
        Ok((yes, _, None)) => Val::Num(Num::Int(yes), Unit::Count),
        Err(e) => e,
    }
}

pub(super) fn every(bodies: &[Val], g: &Given<'_>) -> Val {
    let n = bodies.len() as i64;
    match tally(bodies, g) {
        Ok((yes, unknowns, u)) => decided(yes == n, yes + unknowns < n, u),
        Err(e) => e,
    }
}

pub(super) fn some(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((yes, _, u)) => decided(yes > 0, yes > 0, u),
        Err(e) => e,
    }
}

pub(super) fn none(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((yes, _, u)) => decided(yes == 0, yes > 0, u),
        Err(e) => e,
    }
}

pub(super) fn at_least(bodies: &[Val], g: &Given<'_>) -> Val {
    let k = match g.leading.first() {
        Some(Val::Num(Num::Int(k), _)) => *k,
        Some(u @ Val::Unknown(_)) => return u.clone(),
        Some(v) => {
            let at = g.args.first().copied().unwrap_or(g.at.span);
            return g.at.type_error("a whole number", v, at);
        }
        None => return miscalled(g, "at_least"),
    };
    match tally(bodies, g) {
        Ok((yes, unknowns, u)) => decided(yes >= k, yes >= k || yes + unknowns < k, u),
        Err(e) => e,
    }
}
