//! The words of the syntax stage's messages that are not a whole
//! diagnostic: help lines, labels, lists of what could have come, and what
//! is wrong with a call's arguments. Each a template with its parts.

use std::fmt;

use thiserror::Error;

/// What is wrong with the arguments of a call.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ArgumentsProblem {
    /// `sum(regencies)`.
    #[error("needs one `NAME in COLLECTION`")]
    NeedsBinder,
    /// `at_least(r in regencies: r.funds_bpu)`.
    #[error("needs {leading} and then `NAME in COLLECTION`")]
    NeedsLeadingAndBinder {
        /// How many values come first.
        leading: Values,
    },
    /// `abs(r in regencies)`.
    #[error("takes {expected}, not `NAME in COLLECTION`")]
    TakesValues {
        /// How many values it takes.
        expected: Values,
    },
    /// `change(a, prior, 2)`.
    #[error("takes {fewest} or {most} values, found {found}")]
    ArityBetween {
        /// How many values it takes at least.
        fewest: usize,
        /// How many values it takes at most.
        most: usize,
        /// How many were given.
        found: usize,
    },
    /// `abs(a, b)`.
    #[error("takes {expected}, found {found}")]
    Arity {
        /// How many values it takes.
        expected: Values,
        /// How many were given.
        found: usize,
    },
}

/// A number of values, in words: "one value", "2 values".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Values(pub usize);

impl fmt::Display for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("one value"),
            n => write!(f, "{n} values"),
        }
    }
}

/// What could have come where parsing stopped: `` `)`, `,` or an operator ``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected(pub Vec<&'static str>);

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("something else"),
            [one] => f.write_str(one),
            [init @ .., last] => write!(f, "{} or {last}", init.join(", ")),
        }
    }
}

/// The label under the text that does not fit the grammar.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum UnexpectedLabel {
    /// What could have come here.
    #[error("expected {0}")]
    Expected(Expected),
    /// What could have come after the last thing written.
    #[error("expected {0} after this")]
    ExpectedAfter(Expected),
    /// The file ends too early (the list is in the message).
    #[error("the file ends after this")]
    FileEnds,
    /// Something that does not belong (the list is in the message).
    #[error("not expected here")]
    NotHere,
}

/// Names in backticks, separated by commas: `` `count`, `decimal` ``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names(pub Vec<&'static str>);

impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.0.iter().map(|n| format!("`{n}`")).collect();
        f.write_str(&quoted.join(", "))
    }
}

/// The help lines of the syntax stage, each a template with its parts.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Hint {
    /// A keyword where a name is needed.
    #[error("`{0}` is a reserved word and cannot be used as a name")]
    Reserved(String),
    /// A word close to one that fits.
    #[error("did you mean `{0}`?")]
    DidYouMean(String),
    /// A letter outside A to Z in a name.
    #[error("names may only use the letters A to Z, digits and `_`")]
    Letters,
    /// `=>` where a comprehension was meant.
    #[error("functions over collections are written `sum(r in regencies: r.value)`")]
    Arrow,
    /// The file ends inside `( ...`.
    #[error("a `(` is not closed")]
    OpenParen,
    /// The file ends inside `[ ...`.
    #[error("a `[` is not closed")]
    OpenBracket,
    /// The file ends inside a rule.
    #[error("close the rule with `}}`")]
    CloseRule,
    /// Something else after `within`.
    #[error(
        "`within 2%` is relative, `within 0.5 pp` is in percentage points, `within Rp 100` is in rupiah, `within 100` is absolute"
    )]
    Tolerances,
    /// `30 %`.
    #[error("write percentages without a space: `30%`")]
    PercentSpace,
    /// Two `require` clauses.
    #[error("join the conditions with `and` in one `require`")]
    OneRequire,
    /// Two `message` clauses.
    #[error("keep one `message`; a message may show several values")]
    OneMessage,
    /// Two `severity` or `basis` clauses.
    #[error("keep one of them")]
    KeepOne,
    /// A severity close to one that exists.
    #[error("did you mean `{0}`? a severity is `error`, `warning` or `info`")]
    SeverityMeant(&'static str),
    /// Any other word after `severity`.
    #[error("use `error`, `warning` or `info`")]
    Severities,
    /// A type that does not exist.
    #[error("the types are {0}")]
    Types(Names),
    /// A function that does not exist.
    #[error("the functions are {0}")]
    Functions(Names),
    /// `a < b < c`, with the comparisons joined.
    #[error("join them with `and`: `{0}`")]
    JoinWithAnd(String),
    /// `a < b < c`, too long to write out.
    #[error("join them with `and`")]
    JoinAnd,
}
