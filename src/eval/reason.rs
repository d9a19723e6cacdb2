//! Why a value could not be computed: every reason evaluation gives, each
//! a message template with its typed figures, in one place (a catalogue to
//! translate, not a hunt through the evaluator).

use std::fmt;

use thiserror::Error;

use crate::data::NodeId;
use crate::source::Span;

/// Whether an unknown can be fixed by the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownKind {
    /// A figure the data does not have.
    Missing,
    /// Division by zero, overflow, a value of the wrong type.
    Undefined,
}

/// Why a value could not be computed.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Reason {
    // ---- a figure the data does not have
    /// `participants.bpu` where there is none.
    #[error("`{what}` is missing")]
    Missing {
        /// The expression, as written.
        what: String,
    },
    /// A key with nothing under it.
    #[error("`{what}` is empty")]
    Empty {
        /// The expression, as written.
        what: String,
    },
    /// `years[2024]` where there is no 2024.
    #[error("`{what}` is missing: no entry {key}")]
    NoEntry {
        /// The expression, as written.
        what: String,
        /// The key, as the rule wrote it (a year, or `text` in backticks).
        key: String,
    },
    /// `regencies["Palu"]` where no item has that name.
    #[error("`{what}` is missing: no item is named \"{name}\"")]
    NoItemNamed {
        /// The expression, as written.
        what: String,
        /// The name.
        name: String,
    },
    /// `regencies["A"]` where several items have that name: picking one
    /// would be a silent guess.
    #[error("`{what}` is ambiguous: {count} items are named \"{name}\"")]
    SeveralNamed {
        /// The expression, as written.
        what: String,
        /// The name.
        name: String,
        /// How many items have it.
        count: usize,
    },
    /// `regencies[20]` of a shorter list.
    #[error("`{what}` is missing: the list has {len} items")]
    ShortList {
        /// The expression, as written.
        what: String,
        /// How many items the list has.
        len: usize,
    },
    /// `previous` of the first year, or after a gap.
    #[error("`previous` is missing: no figures for {year}")]
    NoPrevious {
        /// The year before.
        year: i64,
    },
    /// `prior` of the first year published.
    #[error("`prior` is missing: no figures before {year}")]
    NoPrior {
        /// The year in scope.
        year: i64,
    },
    /// `min`, `max`, `avg`, `first`... of nothing.
    #[error("`{what}` has no items")]
    NoItems {
        /// The collection, as written.
        what: String,
    },

    // ---- an undefined value
    /// `unknown when CONDITION "reason"` with the condition true: the rule
    /// says the subject cannot be decided.
    #[error("{reason}")]
    Declared {
        /// The reason the rule gives.
        reason: String,
    },
    /// `x / y` where `y` is 0.
    #[error("division by zero: `{what}` is 0")]
    DivisionByZero {
        /// The divisor, as written.
        what: String,
    },
    /// A result beyond what a number holds.
    #[error("`{what}` overflows")]
    Overflow {
        /// The expression, as written.
        what: String,
    },
    /// Nested beyond what evaluation follows.
    #[error("expression nested too deeply to evaluate")]
    TooDeep,

    // ---- a value of the wrong type: the static checks refuse a rule that
    // could meet one, so these only occur where the data's shape is not
    // known beforehand (values of mixed types, fields of a `map`)
    /// `x` holds something else than what is needed.
    #[error("`{what}` is {found} ({shown}), expected {wanted}")]
    WrongType {
        /// The expression, as written.
        what: String,
        /// What it is, in words.
        found: &'static str,
        /// Its value.
        shown: String,
        /// What is needed, in words.
        wanted: &'static str,
    },
    /// A `where` that is neither true nor false.
    #[error("`where` needs true or false, found {found}")]
    FilterNotCondition {
        /// What it is, in words.
        found: &'static str,
    },
    /// An `unknown when` that is neither true nor false.
    #[error("`unknown when` needs true or false, found {found}")]
    UnlessNotCondition {
        /// What it is, in words.
        found: &'static str,
    },
    /// A `require` that is neither true nor false.
    #[error("`require` needs true or false, found {found} ({shown})")]
    RequireNotCondition {
        /// What it is, in words.
        found: &'static str,
        /// Its value.
        shown: String,
    },
    /// Rupiah plus a count.
    #[error("cannot {verb} {lhs} and {rhs}")]
    CannotCombine {
        /// `add`, `subtract`, ...
        verb: &'static str,
        /// The left operand, in words.
        lhs: &'static str,
        /// The right operand, in words.
        rhs: &'static str,
    },
    /// A count with a percentage.
    #[error("cannot compare {lhs} with {rhs}")]
    CannotCompare {
        /// The left operand, in words.
        lhs: &'static str,
        /// The right operand, in words.
        rhs: &'static str,
    },
    /// `within 1` between percentages.
    #[error("a tolerance of this kind does not fit {figures}")]
    ToleranceUnit {
        /// What the figures compared are, in words (plural).
        figures: &'static str,
    },
    /// A field of a number.
    #[error("{found} has no field `{field}`")]
    NoField {
        /// What the value is, in words.
        found: &'static str,
        /// The field, as written.
        field: String,
    },
    /// `for each` over a figure.
    #[error("`{what}` is {found}, not a collection")]
    NotCollection {
        /// The expression, as written.
        what: String,
        /// What it is, in words.
        found: &'static str,
    },
    /// `previous` or `prior` with no year in scope.
    #[error("`{what}` needs a `for each` over a year-keyed map")]
    NoSeries {
        /// `previous`, `growth`, `change`.
        what: &'static str,
    },
    /// `root` in a rule over `documents`.
    #[error("a rule over `documents` has no document of its own")]
    NoDocument,
    /// A name the checks refused.
    #[error("`{name}` has no meaning here (the static checks refuse it)")]
    Unresolved {
        /// The name.
        name: String,
    },
}

impl Reason {
    /// Missing data, or an undefined value.
    pub fn kind(&self) -> UnknownKind {
        match self {
            Reason::Missing { .. }
            | Reason::Empty { .. }
            | Reason::NoEntry { .. }
            | Reason::NoItemNamed { .. }
            | Reason::ShortList { .. }
            | Reason::NoPrevious { .. }
            | Reason::NoPrior { .. }
            | Reason::NoItems { .. } => UnknownKind::Missing,
            _ => UnknownKind::Undefined,
        }
    }

    /// A value of the wrong type: what the static checks exist to rule
    /// out. Missing figures, division by zero and overflow are not.
    pub fn is_type_error(&self) -> bool {
        self.kind() == UnknownKind::Undefined
            && !matches!(
                self,
                Reason::Declared { .. }
                    | Reason::DivisionByZero { .. }
                    | Reason::Overflow { .. }
                    | Reason::TooDeep
            )
    }
}

/// A value that could not be computed: the subject's outcome becomes unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    /// Why.
    pub reason: Reason,
    /// In a comprehension, the variable and the item whose value it is.
    pub item: Option<(String, String)>,
    /// The rule expression that needed the value.
    pub span: Span,
    /// Where in the data the figure was expected (the map that lacks it).
    pub expected_at: Option<NodeId>,
}

impl Unknown {
    /// An unknown at `span`.
    pub fn new(reason: Reason, span: Span, expected_at: Option<NodeId>) -> Unknown {
        Unknown {
            reason,
            item: None,
            span,
            expected_at,
        }
    }

    /// Missing data, or an undefined value.
    pub fn kind(&self) -> UnknownKind {
        self.reason.kind()
    }
}

/// "`r.n` is missing for `r` = Sigi".
impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.reason)?;
        if let Some((var, item)) = &self.item {
            write!(f, " for `{var}` = {item}")?;
        }
        Ok(())
    }
}

/// Why a condition is false: the label of a failure, at the smallest part
/// of the condition that decides it.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Why {
    /// `a or b`, both false.
    #[error("neither `{lhs}` nor `{rhs}` holds")]
    Neither {
        /// The left operand, as written.
        lhs: String,
        /// The right operand, as written.
        rhs: String,
    },
    /// `a or b or c`, none of them true.
    #[error("none of {operands} holds")]
    NoneHolds {
        /// The operands, as written.
        operands: Quoted,
    },
    /// `not x`, with `x` true.
    #[error("{side} is true")]
    IsTrue {
        /// The operand and its value.
        side: Side,
    },
    /// A comparison that does not hold.
    #[error("{lhs} is not {op} {rhs}")]
    NotCompared {
        /// The left operand and its value.
        lhs: Side,
        /// The comparison.
        op: &'static str,
        /// The right operand and its value.
        rhs: Side,
    },
    /// A comparison with a tolerance that does not hold.
    #[error("{lhs} is not {op} {rhs} within {tolerance}")]
    NotWithin {
        /// The left operand and its value.
        lhs: Side,
        /// The comparison.
        op: &'static str,
        /// The right operand and its value.
        rhs: Side,
        /// The tolerance, as written.
        tolerance: String,
    },
    /// `x in C`, with no item of `C` equal to `x`.
    #[error("{side} is not in `{among}`")]
    NotIn {
        /// What is looked for, and its value.
        side: Side,
        /// The collection, as written.
        among: String,
    },
    /// `x not in C`, with an item of `C` equal to `x`.
    #[error("{side} is in `{among}`")]
    IsIn {
        /// What is looked for, and its value.
        side: Side,
        /// The collection, as written.
        among: String,
    },
    /// `x is missing`, with `x` there.
    #[error("{side} exists")]
    Exists {
        /// The operand and its value.
        side: Side,
    },
    /// `x exists`, with `x` missing.
    #[error("`{what}` is missing")]
    Missing {
        /// The operand, as written.
        what: String,
    },
    /// `every(...)` with items that do not satisfy it.
    #[error("{count} of {total} do not satisfy it: {items}")]
    NotEvery {
        /// How many items do not.
        count: usize,
        /// How many items there are.
        total: usize,
        /// The first of them.
        items: Listed,
    },
    /// `none(...)` with items that satisfy it.
    #[error("{count} of {total} satisfy it: {items}")]
    NotNone {
        /// How many items do.
        count: usize,
        /// How many items there are.
        total: usize,
        /// The first of them.
        items: Listed,
    },
    /// Any other condition that is false.
    #[error("{side} is false")]
    IsFalse {
        /// The condition and its value.
        side: Side,
    },
}

/// An operand in a label: `` `participants.bpu` = 128,993 ``, or a literal as
/// written, or `` `funds_bpu` `` when the value reads the same as the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// As written.
    pub text: String,
    /// Its value; `None` for a literal.
    pub shown: Option<String>,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shown {
            None => f.write_str(&self.text),
            Some(shown) if *shown == self.text => write!(f, "`{}`", self.text),
            Some(shown) => write!(f, "`{}` = {shown}", self.text),
        }
    }
}

/// Expressions in backticks, the last after `and`, the first five of a
/// long list: `` `a`, `b` and `c` ``, `` `a`, ..., `e` and 995 more ``.
#[derive(Clone, Debug, PartialEq)]
pub struct Quoted(pub Vec<String>);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self
            .0
            .iter()
            .take(Listed::SHOWN)
            .map(|t| format!("`{t}`"))
            .collect();
        let more = self.0.len().saturating_sub(Listed::SHOWN);
        match (quoted.split_last(), more) {
            (None, _) => Ok(()),
            (Some((last, [])), 0) => f.write_str(last),
            (Some((last, init)), 0) => write!(f, "{} and {last}", init.join(", ")),
            (Some(_), n) => write!(f, "{} and {n} more", quoted.join(", ")),
        }
    }
}

/// The first five of some items, then `...`: `Donggala, Poso, ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed(pub Vec<String>);

impl Listed {
    /// How many are shown.
    pub const SHOWN: usize = 5;
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: Vec<&str> = self
            .0
            .iter()
            .take(Self::SHOWN)
            .map(String::as_str)
            .collect();
        f.write_str(&shown.join(", "))?;
        if self.0.len() > Self::SHOWN {
            f.write_str(", ...")?;
        }
        Ok(())
    }
}
