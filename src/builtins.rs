//! The functions of the rule language, in one table: each [`Builtin`] has
//! its name, the words auditors reach for instead, how it is called, how
//! its type follows from its arguments' types, how it evaluates, and a
//! line of documentation with an example. Lowering, the static checks,
//! evaluation, `patuh fmt` and the README's list of functions all read this
//! table; adding a function is adding an entry (and its tests).
//!
//! The checks and the evaluator dispatch on the *kind* of an entry's
//! argument shape ([`Shape`]) and evaluation ([`Eval`]), never on the
//! function itself, so no function can be forgotten in one of them.

use crate::ast::BinOp;
use crate::check::Ty;
use crate::eval::ops::{At, arith, compare, undefined_val};
use crate::eval::{Num, Reason, Val};
use crate::source::Span;
use crate::units::{self, Operand, Unit};
use rust_decimal::{Decimal, RoundingStrategy};

/// A function of the rule language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    /// `abs(x)`
    Abs,
    /// `round(x, digits)`
    Round,
    /// `growth(x)`
    Growth,
    /// `change(x)`
    Change,
    /// `first(s)`
    First,
    /// `last(s)`
    Last,
    /// `count(s)`: the number of items of a collection.
    Size,
    /// `key(e)`: the key of an entry.
    Key,
    /// `sum(r in s: x)`
    Sum,
    /// `count(r in s where c)`
    Count,
    /// `min(r in s: x)`
    Min,
    /// `max(r in s: x)`
    Max,
    /// `avg(r in s: x)`
    Avg,
    /// `median(r in s: x)`
    Median,
    /// `every(r in s: c)`
    Every,
    /// `some(r in s: c)`
    Some,
    /// `none(r in s: c)`
    None,
    /// `at_least(n, r in s: c)`
    AtLeast,
}

/// What a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `f(x, ...)`: one value per parameter.
    Call(&'static [Param]),
    /// `f(NAME in COLLECTION [where CONDITION] [: BODY])`, after the
    /// `leading` values (`at_least(3, r in regencies: ...)`).
    Comprehension {
        /// Values before the binder.
        leading: &'static [Param],
        /// What the body is.
        body: Body,
    },
}

/// A parameter of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A figure.
    Number,
    /// A whole number: a count, a position, a number of digits.
    WholeNumber,
    /// A collection: a list, a year-keyed map.
    Collection,
    /// An entry of a year-keyed map or of a map, as itself.
    Entry,
}

/// The body of a comprehension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// A figure per item; without a body, the item itself.
    Number,
    /// A condition per item; without a body, the item itself.
    Condition,
    /// A condition per item; without a body every item counts.
    OptionalCondition,
}

/// What a function is given to evaluate.
pub(crate) struct Given<'a> {
    /// Where it is computed.
    pub at: At<'a>,
    /// Where each argument is written (for a comprehension: its leading
    /// values, then the collection).
    pub args: &'a [Span],
    /// The values of a comprehension's leading arguments.
    pub leading: &'a [Val],
    /// Where a comprehension's body is written (its collection when it has
    /// no body).
    pub body: Span,
}

/// How a function evaluates.
#[derive(Clone, Copy)]
pub(crate) enum Eval {
    /// From the values of its arguments (an entry stands for its key,
    /// except where the parameter is [`Param::Entry`]).
    Values(fn(&[Val], &Given<'_>) -> Val),
    /// From the items of its one collection.
    Items(fn(Vec<Val>, &Given<'_>) -> Val),
    /// From its argument's value for the year in scope and the year before.
    YearOverYear(fn(Val, Val, &Given<'_>) -> Val),
    /// From the bodies of a comprehension, one per item kept.
    Fold(fn(&[Val], &Given<'_>) -> Val),
}

/// One entry of the table.
pub struct Spec {
    /// The function.
    pub builtin: Builtin,
    /// Its name in rules.
    pub name: &'static str,
    /// Words that mean it, suggested when written instead.
    pub synonyms: &'static [&'static str],
    /// What it takes.
    pub shape: Shape,
    /// How it is written, in the words of an error's label.
    pub signature: &'static str,
    /// Needs a `for each` over a year-keyed map in scope (`previous`).
    pub needs_year: bool,
    /// Its type from the types of its arguments (calls) or of its body
    /// (comprehensions); `None` refuses them.
    pub(crate) ty: fn(&[Ty]) -> Option<Ty>,
    /// How it evaluates.
    pub(crate) eval: Eval,
    /// What it gives, in one line.
    pub doc: &'static str,
    /// An example, as a rule would write it.
    pub example: &'static str,
}

/// Every function, in the order of [`Builtin`].
pub static TABLE: &[Spec] = &[
    Spec {
        builtin: Builtin::Abs,
        name: "abs",
        synonyms: &["absolute"],
        shape: Shape::Call(&[Param::Number]),
        signature: "abs(x)",
        needs_year: false,
        ty: same_number,
        eval: Eval::Values(abs),
        doc: "the absolute value of a figure, in its unit",
        example: "abs(growth(participants.bpu)) <= 20%",
    },
    Spec {
        builtin: Builtin::Round,
        name: "round",
        synonyms: &["rounded"],
        shape: Shape::Call(&[Param::Number, Param::WholeNumber]),
        signature: "round(x, digits)",
        needs_year: false,
        ty: same_number,
        eval: Eval::Values(round),
        doc: "a figure rounded to `digits` decimals, halves away from zero (a percentage to decimals of its percentage: `round(coverage, 1)` of 31.98 % is 32 %)",
        example: "round(participants.bpu / workforce, 1) == coverage",
    },
    Spec {
        builtin: Builtin::Growth,
        name: "growth",
        synonyms: &["growth_rate"],
        shape: Shape::Call(&[Param::Number]),
        signature: "growth(x)",
        needs_year: true,
        ty: growth_ty,
        eval: Eval::YearOverYear(growth),
        doc: "the change of a figure from the year before, as a percentage of the year before",
        example: "growth(participants.bpu) >= 0",
    },
    Spec {
        builtin: Builtin::Change,
        name: "change",
        synonyms: &["diff", "delta", "difference"],
        shape: Shape::Call(&[Param::Number]),
        signature: "change(x)",
        needs_year: true,
        ty: change_ty,
        eval: Eval::YearOverYear(change),
        doc: "a figure minus the same figure the year before (`x - previous.x`)",
        example: "change(participants.bpu) > 0",
    },
    Spec {
        builtin: Builtin::First,
        name: "first",
        synonyms: &["earliest"],
        shape: Shape::Call(&[Param::Collection]),
        signature: "first(collection)",
        needs_year: false,
        ty: item,
        eval: Eval::Items(first),
        doc: "the earliest year of a year-keyed map, or the first item of a list",
        example: "first(years).participants.bpu > 0",
    },
    Spec {
        builtin: Builtin::Last,
        name: "last",
        synonyms: &["latest"],
        shape: Shape::Call(&[Param::Collection]),
        signature: "last(collection)",
        needs_year: false,
        ty: item,
        eval: Eval::Items(last),
        doc: "the latest year of a year-keyed map, or the last item of a list",
        example: "for each year in last(years)",
    },
    Spec {
        builtin: Builtin::Size,
        name: "count",
        synonyms: &["len", "length", "size"],
        shape: Shape::Call(&[Param::Collection]),
        signature: "count(collection)",
        needs_year: false,
        ty: count_ty,
        eval: Eval::Items(size),
        doc: "the number of items of a collection",
        example: "count(regencies) > 0",
    },
    Spec {
        builtin: Builtin::Key,
        name: "key",
        synonyms: &["id", "name_of"],
        shape: Shape::Call(&[Param::Entry]),
        signature: "key(entry)",
        needs_year: false,
        ty: key_ty,
        eval: Eval::Values(key),
        doc: "the key of an entry: the year of an entry of a year-keyed map, the key (text) of an entry of a `map`",
        example: "for each s in sources where key(s) != \"bps\"",
    },
    Spec {
        builtin: Builtin::Sum,
        name: "sum",
        synonyms: &["total"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Number,
        },
        signature: "sum(NAME in COLLECTION: VALUE)",
        needs_year: false,
        ty: sum_ty,
        eval: Eval::Fold(sum),
        doc: "the sum of a figure over the items (0 when there are none)",
        example: "sum(r in regencies: r.years[year].participants.bpu)",
    },
    Spec {
        builtin: Builtin::Count,
        name: "count",
        synonyms: &["len", "length", "size"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::OptionalCondition,
        },
        signature: "count(NAME in COLLECTION where CONDITION)",
        needs_year: false,
        ty: count_ty,
        eval: Eval::Fold(count),
        doc: "the number of items that satisfy a condition",
        example: "count(r in regencies where r.kind == \"city\")",
    },
    Spec {
        builtin: Builtin::Min,
        name: "min",
        synonyms: &["minimum", "smallest"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Number,
        },
        signature: "min(NAME in COLLECTION: VALUE)",
        needs_year: false,
        ty: same_number,
        eval: Eval::Fold(min),
        doc: "the smallest figure over the items",
        example: "min(r in regencies: r.years[year].coverage) >= 10%",
    },
    Spec {
        builtin: Builtin::Max,
        name: "max",
        synonyms: &["maximum", "largest"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Number,
        },
        signature: "max(NAME in COLLECTION: VALUE)",
        needs_year: false,
        ty: same_number,
        eval: Eval::Fold(max),
        doc: "the largest figure over the items",
        example: "max(r in regencies: r.years[year].coverage) <= 100%",
    },
    Spec {
        builtin: Builtin::Avg,
        name: "avg",
        synonyms: &["average", "mean"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Number,
        },
        signature: "avg(NAME in COLLECTION: VALUE)",
        needs_year: false,
        ty: mean_ty,
        eval: Eval::Fold(avg),
        doc: "the mean of a figure over the items",
        example: "avg(r in regencies: r.years[year].coverage) >= 30%",
    },
    Spec {
        builtin: Builtin::Median,
        name: "median",
        synonyms: &["middle"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Number,
        },
        signature: "median(NAME in COLLECTION: VALUE)",
        needs_year: false,
        ty: mean_ty,
        eval: Eval::Fold(median),
        doc: "the middle figure over the items (the mean of the two middle ones when their number is even)",
        example: "median(r in regencies: r.years[year].coverage) >= 30%",
    },
    Spec {
        builtin: Builtin::Every,
        name: "every",
        synonyms: &["all", "forall"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Condition,
        },
        signature: "every(NAME in COLLECTION: CONDITION)",
        needs_year: false,
        ty: condition,
        eval: Eval::Fold(every),
        doc: "every item satisfies the condition (true when there are none)",
        example: "every(r in regencies: r.years[2023].funds_bpu)",
    },
    Spec {
        builtin: Builtin::Some,
        name: "some",
        synonyms: &["any"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Condition,
        },
        signature: "some(NAME in COLLECTION: CONDITION)",
        needs_year: false,
        ty: condition,
        eval: Eval::Fold(some),
        doc: "at least one item satisfies the condition",
        example: "some(r in regencies: r.kind == \"city\")",
    },
    Spec {
        builtin: Builtin::None,
        name: "none",
        synonyms: &["no"],
        shape: Shape::Comprehension {
            leading: &[],
            body: Body::Condition,
        },
        signature: "none(NAME in COLLECTION: CONDITION)",
        needs_year: false,
        ty: condition,
        eval: Eval::Fold(none),
        doc: "no item satisfies the condition",
        example: "none(r in regencies: r.years[2023].premium_monthly < Rp 16_800)",
    },
    Spec {
        builtin: Builtin::AtLeast,
        name: "at_least",
        synonyms: &["atleast"],
        shape: Shape::Comprehension {
            leading: &[Param::WholeNumber],
            body: Body::Condition,
        },
        signature: "at_least(N, NAME in COLLECTION: CONDITION)",
        needs_year: false,
        ty: condition,
        eval: Eval::Fold(at_least),
        doc: "at least N items satisfy the condition",
        example: "at_least(3, r in regencies: r.years[2023].funds_bpu)",
    },
];

impl Builtin {
    /// The function's entry in [`TABLE`].
    pub fn spec(self) -> &'static Spec {
        &TABLE[self as usize] // INVARIANT: TABLE lists every Builtin in order (tested)
    }

    /// The name it is written with.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Whether it is written with `NAME in COLLECTION`.
    pub fn is_comprehension(self) -> bool {
        matches!(self.spec().shape, Shape::Comprehension { .. })
    }
}

/// The functions named `name`: one, or two for `count` (of a collection,
/// and of the items that satisfy a condition).
pub fn named(name: &str) -> impl Iterator<Item = &'static Spec> + '_ {
    TABLE.iter().filter(move |s| s.name == name)
}

/// The README's list of functions, one line each, in table order.
pub fn markdown_list() -> String {
    let mut out = String::new();
    for s in TABLE {
        out.push_str(&format!(
            "- `{}`: {}, e.g. `{}`\n",
            s.signature, s.doc, s.example
        ));
    }
    out
}

// ---- types ------------------------------------------------------------------

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

fn same_number(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), Some)
}

fn growth_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Div, Operand::of(u), Operand::of(u))
    })
}

fn change_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Sub, Operand::of(u), Operand::of(u))
    })
}

fn item(ts: &[Ty]) -> Option<Ty> {
    Some(first_ty(ts).clone())
}

fn count_ty(_: &[Ty]) -> Option<Ty> {
    Some(Ty::Num(Unit::Count))
}

fn key_ty(ts: &[Ty]) -> Option<Ty> {
    match first_ty(ts) {
        Ty::Entry(_) => Some(Ty::Num(Unit::Year)),
        Ty::MapEntry(_) => Some(Ty::Text),
        Ty::Any => Some(Ty::Any),
        _ => None,
    }
}

fn sum_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Add, Operand::of(u), Operand::of(u))
    })
}

/// A mean of counts need not be whole: a plain number.
fn mean_ty(ts: &[Ty]) -> Option<Ty> {
    number(first_ty(ts), |u| {
        units::combine(BinOp::Add, Operand::of(u), Operand::of(u))
            .map(|u| if u == Unit::Count { Unit::Number } else { u })
    })
}

fn condition(_: &[Ty]) -> Option<Ty> {
    Some(Ty::Bool)
}

// ---- evaluation ---------------------------------------------------------------

/// A function given fewer arguments than the checks let through.
fn miscalled(g: &Given<'_>, name: &str) -> Val {
    let name = name.to_owned();
    undefined_val(Reason::Unresolved { name }, g.at.span)
}

fn abs(args: &[Val], g: &Given<'_>) -> Val {
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

fn round(args: &[Val], g: &Given<'_>) -> Val {
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

fn key(args: &[Val], g: &Given<'_>) -> Val {
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

fn change(now: Val, before: Val, g: &Given<'_>) -> Val {
    let arg = g.args.first().copied().unwrap_or(g.at.span);
    arith(BinOp::Sub, (now, before), (false, false), (arg, arg), &g.at)
}

fn growth(now: Val, before: Val, g: &Given<'_>) -> Val {
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

fn first(items: Vec<Val>, g: &Given<'_>) -> Val {
    pick(items, g, false)
}

fn last(items: Vec<Val>, g: &Given<'_>) -> Val {
    pick(items, g, true)
}

fn size(items: Vec<Val>, _: &Given<'_>) -> Val {
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

fn sum(bodies: &[Val], g: &Given<'_>) -> Val {
    match total(bodies, g) {
        Some(v) => v,
        None => Val::Num(Num::Int(0), Unit::Count),
    }
}

fn avg(bodies: &[Val], g: &Given<'_>) -> Val {
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

fn median(bodies: &[Val], g: &Given<'_>) -> Val {
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

fn min(bodies: &[Val], g: &Given<'_>) -> Val {
    extreme(bodies, g, false)
}

fn max(bodies: &[Val], g: &Given<'_>) -> Val {
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

fn count(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((_, _, Some(u))) => u,
        Ok((yes, _, None)) => Val::Num(Num::Int(yes), Unit::Count),
        Err(e) => e,
    }
}

fn every(bodies: &[Val], g: &Given<'_>) -> Val {
    let n = bodies.len() as i64;
    match tally(bodies, g) {
        Ok((yes, unknowns, u)) => decided(yes == n, yes + unknowns < n, u),
        Err(e) => e,
    }
}

fn some(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((yes, _, u)) => decided(yes > 0, yes > 0, u),
        Err(e) => e,
    }
}

fn none(bodies: &[Val], g: &Given<'_>) -> Val {
    match tally(bodies, g) {
        Ok((yes, _, u)) => decided(yes == 0, yes > 0, u),
        Err(e) => e,
    }
}

fn at_least(bodies: &[Val], g: &Given<'_>) -> Val {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_function_in_order() {
        for (i, s) in TABLE.iter().enumerate() {
            assert_eq!(s.builtin as usize, i, "{}", s.name);
        }
        assert_eq!(Builtin::AtLeast.name(), "at_least");
    }

    #[test]
    fn a_name_is_one_function_or_counts_two_ways() {
        for s in TABLE {
            let same: Vec<&Spec> = named(s.name).collect();
            let shapes: Vec<bool> = same.iter().map(|s| s.builtin.is_comprehension()).collect();
            assert!(
                same.len() == 1 || (same.len() == 2 && shapes[0] != shapes[1]),
                "`{}` is ambiguous",
                s.name
            );
        }
    }
}
