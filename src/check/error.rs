//! Check diagnostics: one struct per failure, each with a stable code.
//! `docs/diagnostics.md` shows each with a bad example and the fix.
//!
//! Every code, with its level and meaning, is in the one table of
//! `src/codes.rs`.

use miette::Diagnostic;
use thiserror::Error;

pub use super::data_errors::{DataTypeError, DuplicateNameError, UndeclaredKeyError};
pub use super::help::{Help, Listing};
pub use super::message::{
    Binder, Conflict, DataFix, DataHead, DeclLabel, Fix, ItemsOf, Mismatch, Needed, Nowhere,
    Shadow, ShadowLabel, WrongLabel, WrongType,
};
use crate::source::{SourceFile, Span};

pub use super::tolerance::ToleranceUnitError;

/// Everything the check pass can find wrong with rules that parse.
#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    /// `participants.bpuu`
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownField(#[from] UnknownFieldError),
    /// `require fund_bpu`
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownName(#[from] UnknownNameError),
    /// `message "{r.name}"` where `r` is bound inside `sum(r in ...)`
    #[error(transparent)]
    #[diagnostic(transparent)]
    OutOfScope(#[from] OutOfScopeError),
    /// `premium_monthly + participants.bpu`
    #[error(transparent)]
    #[diagnostic(transparent)]
    IncompatibleOperands(#[from] IncompatibleOperandsError),
    /// `[2021, "2023"]`
    #[error(transparent)]
    #[diagnostic(transparent)]
    MixedList(#[from] MixedListError),
    /// `coverage >= 30`
    #[error(transparent)]
    #[diagnostic(transparent)]
    LiteralType(#[from] LiteralTypeError),
    /// `require participants.bpu`
    #[error(transparent)]
    #[diagnostic(transparent)]
    WrongType(#[from] WrongTypeError),
    /// `coverage == 30% within 1`: points or relative?
    #[error(transparent)]
    #[diagnostic(transparent)]
    ToleranceUnit(#[from] ToleranceUnitError),
    /// `require participants.bpu > previous.participants.bpu` with no `for each` over years
    #[error(transparent)]
    #[diagnostic(transparent)]
    NoSeries(#[from] NoSeriesError),
    /// `for each d in documents` ... `root.province`
    #[error(transparent)]
    #[diagnostic(transparent)]
    NoDocument(#[from] NoDocumentError),
    /// `rule fund_bpu` twice
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateRule(#[from] DuplicateRuleError),
    /// `field coverage: percent` and `field coverage: ratio`
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateField(#[from] DuplicateFieldError),
    /// `coverage: "31,98%"` for a field declared `percent`
    #[error(transparent)]
    #[diagnostic(transparent)]
    DataType(#[from] DataTypeError),
    /// `let participants = ...` where `participants` is a field
    #[error(transparent)]
    #[diagnostic(transparent)]
    ShadowedName(#[from] ShadowedNameError),
    /// `particpants:` in the data, where the rules declare `participants`
    #[error(transparent)]
    #[diagnostic(transparent)]
    UndeclaredKey(#[from] UndeclaredKeyError),
    /// `for each r in regencies` and `r` never used
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnusedVariable(#[from] UnusedVariableError),
    /// `rule fund_bpu {`
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingTitle(#[from] MissingTitleError),
    /// `where kind == "kota"` when the data says `city`
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownValue(#[from] UnknownValueError),
    /// `documents["Sulawesi Tenggah"]` when no document has that name
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownItem(#[from] UnknownItemError),
    /// `code in []`: never holds; `code not in []`: always holds
    #[error(transparent)]
    #[diagnostic(transparent)]
    EmptyList(#[from] EmptyListError),
    /// two regencies, or two documents, named "A"
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateName(#[from] DuplicateNameError),
    /// `patuh lint` on rule files without any `field` declaration
    #[error(transparent)]
    #[diagnostic(transparent)]
    NoSchema(#[from] NoSchemaError),
}

impl CheckError {
    /// Errors stop the run (exit 2, nothing is evaluated); warnings do not.
    pub fn is_error(&self) -> bool {
        if let CheckError::UndeclaredKey(e) = self {
            return e.denied;
        }
        !matches!(
            self,
            CheckError::UnusedVariable(_)
                | CheckError::MissingTitle(_)
                | CheckError::UnknownValue(_)
                | CheckError::UnknownItem(_)
                | CheckError::EmptyList(_)
                | CheckError::DuplicateName(_)
                | CheckError::NoSchema(_)
        )
    }

    /// Where the diagnostic points: its file and main span (none for
    /// [`NoSchemaError`]), for sorting.
    pub fn place(&self) -> Option<(&SourceFile, Span)> {
        let (src, span) = match self {
            CheckError::UnknownField(e) => (&e.src, e.span),
            CheckError::UnknownName(e) => (&e.src, e.span),
            CheckError::OutOfScope(e) => (&e.src, e.span),
            CheckError::IncompatibleOperands(e) => (&e.src, e.lhs),
            CheckError::MixedList(e) => (&e.src, e.other_span),
            CheckError::LiteralType(e) => (&e.src, e.literal.min(e.other)),
            CheckError::WrongType(e) => (&e.src, e.span),
            CheckError::ToleranceUnit(e) => (e.src(), e.span()),
            CheckError::NoSeries(e) => (&e.src, e.span),
            CheckError::NoDocument(e) => (&e.src, e.span),
            CheckError::DuplicateRule(e) => (&e.src, e.again),
            CheckError::DuplicateField(e) => (&e.src, e.again),
            CheckError::DataType(e) => (&e.src, e.span),
            CheckError::ShadowedName(e) => (&e.src, e.span),
            CheckError::UndeclaredKey(e) => (&e.src, e.span),
            CheckError::UnusedVariable(e) => (&e.src, e.span),
            CheckError::MissingTitle(e) => (&e.src, e.span),
            CheckError::UnknownValue(e) => (&e.src, e.span),
            CheckError::UnknownItem(e) => (&e.src, e.span),
            CheckError::EmptyList(e) => (&e.src, e.span),
            CheckError::DuplicateName(e) => (&e.src, e.again),
            CheckError::NoSchema(_) => return None,
        };
        Some((src, span))
    }
}

/// `participants.bpuu`: no loaded data has the field there, and no `field`
/// declares it.
#[derive(Debug, Error, Diagnostic)]
#[error("no field `{name}` in `{base}`")]
#[diagnostic(code(patuh::check::unknown_field), help("{help}"))]
pub struct UnknownFieldError {
    /// The field as written.
    pub name: String,
    /// What it was looked up in, as written.
    pub base: String,
    /// "did you mean ...?", or the fields that exist there.
    pub help: Help,
    /// The field name.
    #[label("{label}")]
    pub span: Span,
    /// Says where it was looked for.
    pub label: Nowhere,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `require fund_bpu`: a bare name that is no `for each` variable and no
/// field of any subject in scope.
#[derive(Debug, Error, Diagnostic)]
#[error("unknown name `{name}`")]
#[diagnostic(code(patuh::check::unknown_name), help("{help}"))]
pub struct UnknownNameError {
    /// The name as written.
    pub name: String,
    /// "did you mean ...?", or the names in scope.
    pub help: Help,
    /// The name.
    #[label("{label}")]
    pub span: Span,
    /// Says where it was looked for.
    pub label: Nowhere,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A variable of the rule used where it is not bound: a comprehension's
/// variable in the message, or a `for each` variable before its `for each`.
#[derive(Debug, Error, Diagnostic)]
#[error("`{name}` is not in scope here")]
#[diagnostic(code(patuh::check::out_of_scope), help("{help}"))]
pub struct OutOfScopeError {
    /// The variable.
    pub name: String,
    /// How to bind it where it is used.
    pub help: Help,
    /// The use.
    #[label(primary, "used here")]
    pub span: Span,
    /// Where it is bound.
    #[label("bound here, by {by}")]
    pub bound: Span,
    /// What binds it.
    pub by: Binder,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `premium_monthly + participants.bpu`: two operands whose types or units
/// cannot be combined or compared.
#[derive(Debug, Error, Diagnostic)]
#[error("{what}")]
#[diagnostic(code(patuh::check::incompatible_operands), help("{help}"))]
pub struct IncompatibleOperandsError {
    /// "cannot add rupiah and a count".
    pub what: Mismatch,
    /// How to say what was meant.
    pub help: Help,
    /// The left operand.
    #[label("{lhs_type}")]
    pub lhs: Span,
    /// Its type.
    pub lhs_type: String,
    /// The right operand.
    #[label("{rhs_type}")]
    pub rhs: Span,
    /// Its type.
    pub rhs_type: String,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `[2021, "2023"]`: a list written in the rule whose items are not of one
/// type, so no value could equal all of them.
#[derive(Debug, Error, Diagnostic)]
#[error(
    "the items of a list are of one type, but `{first}` is {first_type} and `{other}` is {other_type}"
)]
#[diagnostic(code(patuh::check::mixed_list), help("{}", Help::OneType))]
pub struct MixedListError {
    /// The first item, as written.
    pub first: String,
    /// Its type.
    pub first_type: String,
    /// An item of another type, as written.
    pub other: String,
    /// Its type.
    pub other_type: String,
    /// The first item.
    #[label("{first_type}")]
    pub first_span: Span,
    /// The item of another type.
    #[label(primary, "{other_type}")]
    pub other_span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `coverage >= 30`: a literal whose type or unit does not fit the value it
/// is compared or combined with.
#[derive(Debug, Error, Diagnostic)]
#[error("`{literal_text}` is {literal_type}, but `{other_text}` is {other_type}")]
#[diagnostic(code(patuh::check::literal_type), help("{help}"))]
pub struct LiteralTypeError {
    /// The literal, as written.
    pub literal_text: String,
    /// The other operand, as written.
    pub other_text: String,
    /// The literal written the way that fits, when there is one.
    pub help: Help,
    /// The literal.
    #[label(primary, "{literal_type}")]
    pub literal: Span,
    /// Its type.
    pub literal_type: &'static str,
    /// The other operand.
    #[label("{other_type}")]
    pub other: Span,
    /// Its type.
    pub other_type: String,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A value of the wrong type where one value is expected: `require x` with
/// a number, `for each` over a figure, a field of a figure, `not` of a count.
#[derive(Debug, Error, Diagnostic)]
#[error("{what}")]
#[diagnostic(code(patuh::check::wrong_type))]
pub struct WrongTypeError {
    /// "`require` needs a condition, but `participants.bpu` is a count".
    pub what: WrongType,
    /// How to write what was probably meant.
    #[help]
    pub help: Option<Help>,
    /// The value.
    #[label("{label}")]
    pub span: Span,
    /// What it is.
    pub label: WrongLabel,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `previous`, `prior`, `growth(x)` or `change(x)` where no `for each`
/// ranges over a year-keyed map.
#[derive(Debug, Error, Diagnostic)]
#[error("`{what}` needs a `for each` over a year-keyed map")]
#[diagnostic(
    code(patuh::check::no_series),
    help(
        "add `for each year in years` before `require`; `previous` is then the entry of the year before, `prior` that of the last year published before"
    )
)]
pub struct NoSeriesError {
    /// `previous`, `growth` or `change`.
    pub what: String,
    /// The use.
    #[label("no year in scope here")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `root` in a rule that runs once over all `documents`.
#[derive(Debug, Error, Diagnostic)]
#[error("`root` has no document in a rule over `documents`")]
#[diagnostic(
    code(patuh::check::no_document),
    help("use the variable of `for each doc in documents`, e.g. `doc.province`")
)]
pub struct NoDocumentError {
    /// `root`.
    #[label("this rule runs once for all documents")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// Where something was first written, when that is in another file.
#[derive(Debug, Error, Diagnostic)]
#[error("first {what} in `{}`", src.name())]
#[diagnostic(severity(Advice))]
pub struct ElsewhereNote {
    /// `defined` or `declared`.
    pub what: &'static str,
    /// The first place.
    #[label("first {what} here")]
    pub span: Span,
    /// Its file.
    #[source_code]
    pub src: SourceFile,
}

/// Two rules with the same id: findings, reports and suppressions name
/// rules by id, so an id must be unique across all rule files.
#[derive(Debug, Error, Diagnostic)]
#[error("rule `{id}` is defined twice")]
#[diagnostic(
    code(patuh::check::duplicate_rule),
    help("reports name rules by id; rename one of them")
)]
pub struct DuplicateRuleError {
    /// The id.
    pub id: String,
    /// The second definition's id.
    #[label(primary, "defined again here")]
    pub again: Span,
    /// The first definition's id, when it is in the same file.
    #[label("first defined here")]
    pub first: Option<Span>,
    /// The first definition, when it is in another file.
    #[related]
    pub elsewhere: Vec<ElsewhereNote>,
    /// The file of the second definition.
    #[source_code]
    pub src: SourceFile,
}

/// A field declared twice, or one name declared with two types: a name
/// means the same thing wherever it appears (units are applied by name).
#[derive(Debug, Error, Diagnostic)]
#[error("{what}")]
#[diagnostic(code(patuh::check::duplicate_field), help("{help}"))]
pub struct DuplicateFieldError {
    /// "field `coverage` is declared twice".
    pub what: Conflict,
    /// What to keep.
    pub help: Help,
    /// The second declaration.
    #[label(primary, "{again_label}")]
    pub again: Span,
    /// Its label.
    pub again_label: DeclLabel,
    /// The first declaration, when it is in the same file.
    #[label("{first_label}")]
    pub first: Option<Span>,
    /// Its label.
    pub first_label: DeclLabel,
    /// The first declaration, when it is in another file.
    #[related]
    pub elsewhere: Vec<ElsewhereNote>,
    /// The file of the second declaration.
    #[source_code]
    pub src: SourceFile,
}

/// `let participants = ...` where the subjects have a field `participants`,
/// or a `let` named like a variable of the rule: the name would mean two
/// things in one rule.
#[derive(Debug, Error, Diagnostic)]
#[error("{what}")]
#[diagnostic(code(patuh::check::shadowed_name), help("{help}"))]
pub struct ShadowedNameError {
    /// What the name already is.
    pub what: Shadow,
    /// Another name.
    pub help: Help,
    /// The `let`'s name (or the variable that meets a `let` of its name).
    #[label(primary, "this name is taken")]
    pub span: Span,
    /// The variable of that name bound before, or the `for each` whose
    /// items have the field.
    #[label("{other_label}")]
    pub other: Option<Span>,
    /// What `other` is.
    pub other_label: ShadowLabel,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// A variable that nothing uses: every item then checks the same thing.
#[derive(Debug, Error, Diagnostic)]
#[error("`{name}` is never used")]
#[diagnostic(code(patuh::check::unused_variable), severity(Warning), help("{help}"))]
pub struct UnusedVariableError {
    /// The variable.
    pub name: String,
    /// How to use it, or drop it.
    pub help: Help,
    /// Where it is bound.
    #[label("bound here")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `rule fund_bpu {`: every report shows the title next to the id.
#[derive(Debug, Error, Diagnostic)]
#[error("rule `{id}` has no title")]
#[diagnostic(
    code(patuh::check::missing_title),
    severity(Warning),
    help("every report shows the title next to the id: `rule {id} \"What the rule requires\" {{`")
)]
pub struct MissingTitleError {
    /// The rule id.
    pub id: String,
    /// The id.
    #[label("add a one-line title after the id")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `where kind == "kota"` when every `kind` in the data is `city` or
/// `regency`: the comparison is never true, so the filter keeps nothing.
#[derive(Debug, Error, Diagnostic)]
#[error("no data has `{field}` = \"{value}\"")]
#[diagnostic(code(patuh::check::unknown_value), severity(Warning), help("{help}"))]
pub struct UnknownValueError {
    /// The field, as written.
    pub field: String,
    /// The text literal.
    pub value: String,
    /// The values the data has.
    pub help: Help,
    /// The literal.
    #[label("no value in the data is equal to this")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `documents["Sulawesi Tenggah"]`, `regencies["Palu"]`: no loaded
/// document, or no item of the list, has that name (its `name`, else its
/// `province`, else its `code`, as reports print it). At run time the
/// value would be missing everywhere.
#[derive(Debug, Error, Diagnostic)]
#[error("no {of} is named \"{name}\"")]
#[diagnostic(code(patuh::check::unknown_item), severity(Warning), help("{help}"))]
pub struct UnknownItemError {
    /// Whose items.
    pub of: ItemsOf,
    /// The name, as written.
    pub name: String,
    /// The names the data has.
    pub help: Help,
    /// The name.
    #[label("no item has this name in the data")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `x in []` never holds and `x not in []` always does: the condition
/// decides nothing about the data, which is almost always a list left
/// unfinished.
#[derive(Debug, Error, Diagnostic)]
#[error("`{text}` {outcome}, whatever the data")]
#[diagnostic(
    code(patuh::check::empty_list),
    severity(Warning),
    help("write the values the rule allows, e.g. `kind in [\"regency\", \"city\"]`")
)]
pub struct EmptyListError {
    /// The membership, as written.
    pub text: String,
    /// "never holds" or "always holds".
    pub outcome: &'static str,
    /// The empty list.
    #[label("an empty list")]
    pub span: Span,
    /// The rule file.
    #[source_code]
    pub src: SourceFile,
}

/// `patuh lint` on rule files that declare no field at all: a name cannot
/// be told from a typo.
#[derive(Debug, Error, Diagnostic)]
#[error("no `field` declarations: field names and units are not checked")]
#[diagnostic(
    code(patuh::check::no_schema),
    severity(Warning),
    help(
        "lint the folder that holds the schema too (`patuh lint rules`), or declare the fields the rules use, e.g. `field years.participants.bpu: count`"
    )
)]
pub struct NoSchemaError;
