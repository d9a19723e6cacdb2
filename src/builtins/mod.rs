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

mod eval;
mod types;

use crate::check::Ty;
use crate::eval::Val;
use crate::eval::ops::At;
use crate::source::Span;
use eval::*;
use types::*;

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
    /// `starts_with(s, prefix)`
    StartsWith,
    /// `ends_with(s, suffix)`
    EndsWith,
    /// `contains(s, part)`
    Contains,
    /// `len(s)`
    Len,
    /// `lower(s)`
    Lower,
    /// `upper(s)`
    Upper,
    /// `trim(s)`
    Trim,
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
    /// Text.
    Text,
    /// A collection: a list, a year-keyed map.
    Collection,
    /// An entry of a year-keyed map or of a map, as itself.
    Entry,
    /// The earlier entry a year is compared with: `previous` or `prior`,
    /// as written. It may be left out (the last parameter): `previous`.
    Neighbour,
}

impl Param {
    /// Whether a call may leave it out.
    pub fn optional(self) -> bool {
        self == Param::Neighbour
    }
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
        shape: Shape::Call(&[Param::Number, Param::Neighbour]),
        signature: "growth(x[, prior])",
        needs_year: true,
        ty: growth_ty,
        eval: Eval::YearOverYear(growth),
        doc: "the change of a figure from the year before, as a percentage of the year before; with `prior`, from the last year published before (across a gap)",
        example: "growth(participants.bpu, prior) <= 20%",
    },
    Spec {
        builtin: Builtin::Change,
        name: "change",
        synonyms: &["diff", "delta", "difference"],
        shape: Shape::Call(&[Param::Number, Param::Neighbour]),
        signature: "change(x[, prior])",
        needs_year: true,
        ty: change_ty,
        eval: Eval::YearOverYear(change),
        doc: "a figure minus the same figure the year before (`x - previous.x`); with `prior`, minus the last year published before (`x - prior.x`)",
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
        synonyms: &["size", "number_of"],
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
        builtin: Builtin::StartsWith,
        name: "starts_with",
        synonyms: &["startswith", "begins_with", "prefix"],
        shape: Shape::Call(&[Param::Text, Param::Text]),
        signature: "starts_with(text, prefix)",
        needs_year: false,
        ty: condition,
        eval: Eval::Values(starts_with),
        doc: "whether a text starts with another (exactly, letter case included)",
        example: "starts_with(regency.code, root.code)",
    },
    Spec {
        builtin: Builtin::EndsWith,
        name: "ends_with",
        synonyms: &["endswith", "suffix"],
        shape: Shape::Call(&[Param::Text, Param::Text]),
        signature: "ends_with(text, suffix)",
        needs_year: false,
        ty: condition,
        eval: Eval::Values(ends_with),
        doc: "whether a text ends with another",
        example: "ends_with(source, \"2023\")",
    },
    Spec {
        builtin: Builtin::Contains,
        name: "contains",
        synonyms: &["includes", "has"],
        shape: Shape::Call(&[Param::Text, Param::Text]),
        signature: "contains(text, part)",
        needs_year: false,
        ty: condition,
        eval: Eval::Values(contains),
        doc: "whether a text holds another anywhere in it",
        example: "not contains(name, \"  \")",
    },
    Spec {
        builtin: Builtin::Len,
        name: "len",
        synonyms: &["length", "chars"],
        shape: Shape::Call(&[Param::Text]),
        signature: "len(text)",
        needs_year: false,
        ty: count_ty,
        eval: Eval::Values(len),
        doc: "the number of characters of a text (`count` counts the items of a collection)",
        example: "len(code) == 5",
    },
    Spec {
        builtin: Builtin::Lower,
        name: "lower",
        synonyms: &["lowercase", "to_lower"],
        shape: Shape::Call(&[Param::Text]),
        signature: "lower(text)",
        needs_year: false,
        ty: text,
        eval: Eval::Values(lower),
        doc: "a text in lower case",
        example: "lower(kind) in [\"regency\", \"city\"]",
    },
    Spec {
        builtin: Builtin::Upper,
        name: "upper",
        synonyms: &["uppercase", "to_upper"],
        shape: Shape::Call(&[Param::Text]),
        signature: "upper(text)",
        needs_year: false,
        ty: text,
        eval: Eval::Values(upper),
        doc: "a text in upper case",
        example: "starts_with(upper(name), \"KOTA \")",
    },
    Spec {
        builtin: Builtin::Trim,
        name: "trim",
        synonyms: &["strip"],
        shape: Shape::Call(&[Param::Text]),
        signature: "trim(text)",
        needs_year: false,
        ty: text,
        eval: Eval::Values(trim),
        doc: "a text without the spaces at its ends",
        example: "trim(name) == name",
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
        synonyms: &["size", "number_of"],
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
