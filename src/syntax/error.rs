//! Syntax diagnostics: one struct per failure, each with a stable code.
//!
//! | code                                   | meaning                                              |
//! |----------------------------------------|------------------------------------------------------|
//! | `patuh::syntax::unexpected`            | the text does not fit the grammar at this point      |
//! | `patuh::syntax::unterminated_string`   | a quoted text has no closing `"` on its line         |
//! | `patuh::syntax::unknown_escape`        | a `\` escape other than `\"`, `\\`, `\n`, `\t`       |
//! | `patuh::syntax::unclosed_hole`         | a message's `{` has no `}` on its line               |
//! | `patuh::syntax::stray_brace`           | a lone `}` in a message                              |
//! | `patuh::syntax::missing_require`       | a rule has no `require` clause                       |
//! | `patuh::syntax::duplicate_clause`      | `severity`, `basis`, `require` or `message` twice    |
//! | `patuh::syntax::unknown_severity`      | `severity` is not `error`, `warning` or `info`       |
//! | `patuh::syntax::unknown_type`          | a `field` declared with a type that does not exist   |
//! | `patuh::syntax::chained_comparison`    | `a < b < c`                                          |
//! | `patuh::syntax::misplaced_within`      | `within` after something that is not a comparison    |
//! | `patuh::syntax::duplicate_tolerance`   | `within` twice on one comparison                     |
//! | `patuh::syntax::single_equals`         | `=` where `==` was meant                             |
//! | `patuh::syntax::number_too_large`      | a whole number beyond 64 bits, or a decimal too big  |
//! | `patuh::syntax::unknown_function`      | a call to a function that does not exist             |
//! | `patuh::syntax::wrong_arguments`       | a known function called with the wrong arguments     |
//! | `patuh::syntax::too_deep`              | an expression nested more than 64 levels             |

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};
use thiserror::Error;

pub use super::words::{ArgumentsProblem, Expected, Hint, Names, UnexpectedLabel, Values};
use crate::source::{SourceFile, Span};

/// Everything that can be wrong with the text of a rule file.
#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    /// `rule a { require x y }`: the text does not fit the grammar.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unexpected(#[from] UnexpectedError),
    /// `basis "Inpres 2/2021` with no closing quote.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnterminatedString(#[from] UnterminatedStringError),
    /// `"a \q b"`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownEscape(#[from] UnknownEscapeError),
    /// `message "{regency.name is late"`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnclosedHole(#[from] UnclosedHoleError),
    /// `message "a } b"`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    StrayBrace(#[from] StrayBraceError),
    /// `rule a { severity info }`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingRequire(#[from] MissingRequireError),
    /// `rule a { require x  require y }`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateClause(#[from] DuplicateClauseError),
    /// `severity fatal`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownSeverity(#[from] UnknownSeverityError),
    /// `field coverage: percentage`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownType(#[from] UnknownTypeError),
    /// `field coverage: percent optional`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    OptionalFigure(#[from] OptionalFigureError),
    /// `a < b < c`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    ChainedComparison(#[from] ChainedComparisonError),
    /// `a within 2%`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    MisplacedWithin(#[from] MisplacedWithinError),
    /// `a == b within 1 within 2`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateTolerance(#[from] DuplicateToleranceError),
    /// `a = b`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    SingleEquals(#[from] SingleEqualsError),
    /// `99999999999999999999`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    NumberTooLarge(#[from] NumberTooLargeError),
    /// `summ(r in regencies: r.x)`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownFunction(#[from] UnknownFunctionError),
    /// `abs(a, b)`, `sum(regencies)`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    WrongArguments(#[from] WrongArgumentsError),
    /// `((((((((...))))))))` more than 64 levels deep.
    #[error(transparent)]
    #[diagnostic(transparent)]
    TooDeep(#[from] TooDeepError),
}

impl SyntaxError {
    /// The main span the error points at.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected(e) => e.span,
            SyntaxError::UnterminatedString(e) => e.span,
            SyntaxError::UnknownEscape(e) => e.span,
            SyntaxError::UnclosedHole(e) => e.span,
            SyntaxError::StrayBrace(e) => e.span,
            SyntaxError::MissingRequire(e) => e.span,
            SyntaxError::DuplicateClause(e) => e.second,
            SyntaxError::UnknownSeverity(e) => e.span,
            SyntaxError::UnknownType(e) => e.span,
            SyntaxError::OptionalFigure(e) => e.span,
            SyntaxError::ChainedComparison(e) => e.span,
            SyntaxError::MisplacedWithin(e) => e.span,
            SyntaxError::DuplicateTolerance(e) => e.span,
            SyntaxError::SingleEquals(e) => e.span,
            SyntaxError::NumberTooLarge(e) => e.span,
            SyntaxError::UnknownFunction(e) => e.span,
            SyntaxError::WrongArguments(e) => e.span,
            SyntaxError::TooDeep(e) => e.span,
        }
    }

    /// The file the error points into.
    pub fn source_file(&self) -> &SourceFile {
        match self {
            SyntaxError::Unexpected(e) => &e.src,
            SyntaxError::UnterminatedString(e) => &e.src,
            SyntaxError::UnknownEscape(e) => &e.src,
            SyntaxError::UnclosedHole(e) => &e.src,
            SyntaxError::StrayBrace(e) => &e.src,
            SyntaxError::MissingRequire(e) => &e.src,
            SyntaxError::DuplicateClause(e) => &e.src,
            SyntaxError::UnknownSeverity(e) => &e.src,
            SyntaxError::UnknownType(e) => &e.src,
            SyntaxError::OptionalFigure(e) => &e.src,
            SyntaxError::ChainedComparison(e) => &e.src,
            SyntaxError::MisplacedWithin(e) => &e.src,
            SyntaxError::DuplicateTolerance(e) => &e.src,
            SyntaxError::SingleEquals(e) => &e.src,
            SyntaxError::NumberTooLarge(e) => &e.src,
            SyntaxError::UnknownFunction(e) => &e.src,
            SyntaxError::WrongArguments(e) => &e.src,
            SyntaxError::TooDeep(e) => &e.src,
        }
    }
}

/// The text does not fit the grammar: `rule a { require x y }` gives
/// "expected an operator, ..., found `y`".
#[derive(Debug, Error, Diagnostic)]
#[error("expected {expected}, found {found}")]
#[diagnostic(code(patuh::syntax::unexpected))]
pub struct UnexpectedError {
    /// What could have come here, in words (`a name`, `` `)` ``).
    pub expected: Expected,
    /// What is there: `` `y` `` or `end of file`.
    pub found: String,
    /// The unexpected token; at the end of the file, the last token.
    #[label("{label}")]
    pub span: Span,
    /// "expected X", or "expected X after this".
    pub label: UnexpectedLabel,
    /// A fix, when one is known.
    #[help]
    pub help: Option<Hint>,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A quoted text runs to the end of its line: `basis "Inpres 2/2021`.
#[derive(Debug, Error, Diagnostic)]
#[error("this text has no closing `\"`")]
#[diagnostic(
    code(patuh::syntax::unterminated_string),
    help("end the text with `\"` on the same line; write `\\\"` for a quote inside it")
)]
pub struct UnterminatedStringError {
    /// From the opening quote to the end of the line.
    #[label("the text starts here and is never closed")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// An escape other than `\"`, `\\`, `\n` and `\t`: `"C:\data"`.
#[derive(Debug, Error, Diagnostic)]
#[error("unknown escape `{escape}` in a text")]
#[diagnostic(
    code(patuh::syntax::unknown_escape),
    help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash")
)]
pub struct UnknownEscapeError {
    /// The escape as written.
    pub escape: String,
    /// The escape.
    #[label("unknown escape")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A `{` in a message whose value is not closed on the same line:
/// `message "{regency.name is late"`.
#[derive(Debug, Error, Diagnostic)]
#[error("a `{{` in this message is not closed")]
#[diagnostic(
    code(patuh::syntax::unclosed_hole),
    help(
        "close the value with `}}`, as in `{{regency.name}}`, or write `{{{{` for a literal `{{`"
    )
)]
pub struct UnclosedHoleError {
    /// The `{`.
    #[label("opened here")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A `}` in a message that closes nothing: `message "a } b"`.
#[derive(Debug, Error, Diagnostic)]
#[error("a lone `}}` in a message")]
#[diagnostic(
    code(patuh::syntax::stray_brace),
    help("write `}}}}` for a literal `}}`, or `{{name}}` to show a value")
)]
pub struct StrayBraceError {
    /// The `}`.
    #[label("closes nothing")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A rule without `require`: `rule a "A" { severity info }`.
#[derive(Debug, Error, Diagnostic)]
#[error("rule `{rule}` has no `require` clause")]
#[diagnostic(
    code(patuh::syntax::missing_require),
    help("add `require <condition>`: the condition every subject must meet")
)]
pub struct MissingRequireError {
    /// The rule id.
    pub rule: String,
    /// The rule header, `rule ID`.
    #[label("this rule checks nothing")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A clause that may appear once appears twice: `require a  require b`.
#[derive(Debug, Error, Diagnostic)]
#[error("rule `{rule}` has two `{clause}` clauses")]
#[diagnostic(code(patuh::syntax::duplicate_clause), help("{help}"))]
pub struct DuplicateClauseError {
    /// The rule id.
    pub rule: String,
    /// `severity`, `basis`, `require` or `message`.
    pub clause: &'static str,
    /// How to fix it.
    pub help: Hint,
    /// The first clause.
    #[label("first `{clause}` here")]
    pub first: Span,
    /// The second clause.
    #[label(primary, "second `{clause}` here")]
    pub second: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `severity fatal`.
#[derive(Debug, Error, Diagnostic)]
#[error("unknown severity `{word}`")]
#[diagnostic(code(patuh::syntax::unknown_severity), help("{help}"))]
pub struct UnknownSeverityError {
    /// The word as written.
    pub word: String,
    /// Lists the three severities, with a suggestion when one is close.
    pub help: Hint,
    /// The word.
    #[label("not a severity")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `field coverage: percentage`: a type that does not exist.
#[derive(Debug, Error, Diagnostic)]
#[error("unknown type `{word}`")]
#[diagnostic(code(patuh::syntax::unknown_type), help("{help}"))]
pub struct UnknownTypeError {
    /// The word as written.
    pub word: String,
    /// A suggestion, or the list of types.
    pub help: Hint,
    /// The word.
    #[label("not a type")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `field coverage: percent optional`: only a collection can be optional.
/// A figure a region leaves out is missing (an `unknown` outcome); an
/// optional list, series or map left out has no items.
#[derive(Debug, Error, Diagnostic)]
#[error("only a list, a series or a map can be `optional`, but `{field}` is declared `{ty}`")]
#[diagnostic(
    code(patuh::syntax::optional_figure),
    help(
        "drop `optional`: a figure a region leaves out is missing, and a rule that needs it is unknown there"
    )
)]
pub struct OptionalFigureError {
    /// The field, as declared.
    pub field: String,
    /// Its type.
    pub ty: &'static str,
    /// `optional`.
    #[label("not a collection")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `a < b < c`: comparisons do not chain.
#[derive(Debug, Error, Diagnostic)]
#[error("comparisons cannot be chained")]
#[diagnostic(code(patuh::syntax::chained_comparison), help("{help}"))]
pub struct ChainedComparisonError {
    /// "join them with `and`", with the rewritten text when it is short.
    pub help: Hint,
    /// The whole chain.
    #[label("two comparisons in a row")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `within` after something that is not a comparison: `total within 2%`.
#[derive(Debug, Error, Diagnostic)]
#[error("`within` needs a comparison before it")]
#[diagnostic(
    code(patuh::syntax::misplaced_within),
    help("write the comparison it loosens, e.g. `total == expected within 2%`")
)]
pub struct MisplacedWithinError {
    /// `within TOL`.
    #[label(primary, "this tolerance")]
    pub span: Span,
    /// What comes before it.
    #[label("is not a comparison")]
    pub operand: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `a == b within 1 within 2%`.
#[derive(Debug, Error, Diagnostic)]
#[error("this comparison already has a tolerance")]
#[diagnostic(code(patuh::syntax::duplicate_tolerance), help("keep one `within`"))]
pub struct DuplicateToleranceError {
    /// The second `within TOL`.
    #[label(primary, "second tolerance")]
    pub span: Span,
    /// The first one.
    #[label("first tolerance")]
    pub first: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `a = b`.
#[derive(Debug, Error, Diagnostic)]
#[error("`=` is not a comparison")]
#[diagnostic(code(patuh::syntax::single_equals), help("use `==` to compare"))]
pub struct SingleEqualsError {
    /// The `=`.
    #[label("write `==` here")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A whole number beyond the 64-bit range, or a decimal with more digits
/// than an exact decimal holds (28).
#[derive(Debug, Error, Diagnostic)]
#[error("number too large")]
#[diagnostic(
    code(patuh::syntax::number_too_large),
    help(
        "a whole number is at most 9_223_372_036_854_775_807 and a decimal has at most 28 digits; check for extra digits"
    )
)]
pub struct NumberTooLargeError {
    /// The number.
    #[label("too large")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `summ(r in regencies: r.x)`.
#[derive(Debug, Error, Diagnostic)]
#[error("unknown function `{name}`")]
#[diagnostic(code(patuh::syntax::unknown_function), help("{help}"))]
pub struct UnknownFunctionError {
    /// The name as written.
    pub name: String,
    /// "did you mean `sum`?" or the list of functions.
    pub help: Hint,
    /// The name.
    #[label("no function has this name")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A known function with the wrong arguments: `abs(a, b)`, `sum(regencies)`.
#[derive(Debug, Error, Diagnostic)]
#[error("`{name}` {problem}")]
#[diagnostic(code(patuh::syntax::wrong_arguments), help("write `{example}`"))]
pub struct WrongArgumentsError {
    /// The function.
    pub name: &'static str,
    /// What is wrong with its arguments.
    pub problem: ArgumentsProblem,
    /// An example of the right form.
    pub example: &'static str,
    /// The call.
    #[label("expected `{signature}`")]
    pub span: Span,
    /// How the function is written.
    pub signature: &'static str,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// Brackets or operators nested more than [`MAX_DEPTH`](super::MAX_DEPTH) levels.
#[derive(Debug, Error, Diagnostic)]
#[error("expression nested too deeply")]
#[diagnostic(
    code(patuh::syntax::too_deep),
    help("an expression may nest at most 64 levels; split it into smaller rules or expressions")
)]
pub struct TooDeepError {
    /// The bracket, or the expression, past the limit.
    #[label("more than 64 levels deep")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// Every syntax error of one file; never empty, sorted by position.
///
/// Rendering: one error renders exactly as that error (its code, labels and
/// help are forwarded). Several render as a one-line summary ("2 syntax
/// errors in `rules/x.rules`") followed by every error in full through
/// [`Diagnostic::related`], so each is shown once and none is hidden.
#[derive(Debug)]
pub struct SyntaxErrors(pub Vec<SyntaxError>);

impl SyntaxErrors {
    /// The first error.
    ///
    /// Panics on an empty list, which `parse_*` never return.
    pub fn first(&self) -> &SyntaxError {
        // INVARIANT: never empty (`parse_*` only build non-empty lists).
        &self.0[0]
    }

    /// All errors, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, SyntaxError> {
        self.0.iter()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// False for every list `parse_*` return.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn single(&self) -> Option<&SyntaxError> {
        match self.0.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

impl<'a> IntoIterator for &'a SyntaxErrors {
    type Item = &'a SyntaxError;
    type IntoIter = std::slice::Iter<'a, SyntaxError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for SyntaxErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.single() {
            Some(only) => fmt::Display::fmt(only, f),
            None => match self.0.first() {
                Some(first) => write!(
                    f,
                    "{} syntax errors in `{}`",
                    self.0.len(),
                    first.source_file().name()
                ),
                None => f.write_str("no syntax errors"),
            },
        }
    }
}

impl std::error::Error for SyntaxErrors {}

impl Diagnostic for SyntaxErrors {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.single().and_then(|e| e.code())
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.single().and_then(|e| e.help())
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.single().map(|e| e.source_file() as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.single().and_then(|e| e.labels())
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.single().is_some() {
            return None;
        }
        Some(Box::new(self.0.iter().map(|e| e as &dyn Diagnostic)))
    }
}
