//! The rule language's syntax tree. Every node carries the span it was
//! written at; spans take no part in equality (see [`Spanned`]).

mod expr;

pub use crate::builtins::Builtin;
use crate::source::{SourceFile, Span, Spanned};
pub use expr::{
    BinOp, CmpOp, Comprehension, Expr, ExprKind, Literal, Number, Tolerance, UnOp, walk_expr,
};
pub use rust_decimal::Decimal;

/// An identifier as written.
pub type Ident = Spanned<String>;

/// Which rule: the file's index and the rule's index in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRef {
    /// Index into the rule files.
    pub file: usize,
    /// Index into that file's rules.
    pub index: usize,
}

/// The rules of all files in order, with their references.
pub fn all_rules(files: &[RuleFile]) -> impl Iterator<Item = (RuleRef, &Rule)> {
    files.iter().enumerate().flat_map(|(f, file)| {
        file.rules
            .iter()
            .enumerate()
            .map(move |(i, r)| (RuleRef { file: f, index: i }, r))
    })
}

/// A parsed rule file.
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// The file the rules were read from.
    pub source: SourceFile,
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// Field declarations in file order: the schema (see [`FieldDecl`]).
    pub fields: Vec<FieldDecl>,
}

/// `field years.participants.bpu: count "active BPU participants"`.
///
/// The declarations of all loaded rule files together are the schema. A
/// name without a dot is a field of a region: the document and every item
/// of a `list` (the convention nests the same way at every level). A dotted
/// name goes through records and series: `years.workforce` is a field of
/// each entry of the series `years`.
#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// The field's name, or the path to it through records and series
    /// (`years`, `participants`, `bpu`).
    pub path: Vec<Ident>,
    /// What the field holds.
    pub ty: Spanned<FieldType>,
    /// `optional` (a collection only): a region without the field has none
    /// of its items, rather than missing them.
    pub optional: bool,
    /// What the field means, in words.
    pub doc: Option<Spanned<String>>,
    /// The whole declaration.
    pub span: Span,
}

// The declaration's own span stays out of equality, like every span.
impl PartialEq for FieldDecl {
    fn eq(&self, other: &Self) -> bool {
        let FieldDecl {
            path,
            ty,
            optional,
            doc,
            span: _,
        } = self;
        *path == other.path && *ty == other.ty && *optional == other.optional && *doc == other.doc
    }
}

impl FieldDecl {
    /// The path as written: `participants.bpu`.
    pub fn name(&self) -> String {
        let parts: Vec<&str> = self.path.iter().map(|p| p.node.as_str()).collect();
        parts.join(".")
    }
}

/// The type of a declared field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldType {
    /// A whole number of people, workers, regions.
    Count,
    /// Any number without a unit.
    Decimal,
    /// A percentage as published: `31.98` is 31.98 % (read as the ratio 0.3198).
    Percent,
    /// A fraction as written: `0.3198` is 31.98 %.
    Ratio,
    /// An amount in rupiah.
    Rupiah,
    /// A calendar year.
    Year,
    /// Text.
    Text,
    /// `true` or `false`.
    Bool,
    /// A list of regions (regencies, districts, villages).
    List,
    /// A map keyed by year (`years`); its entries have the fields declared
    /// through it (`years.workforce`).
    Series,
    /// A map whose keys are not checked (`sources`).
    Map,
}

impl FieldType {
    /// A list, a year-keyed map or a map: what a `for each` goes through,
    /// and what may be declared `optional`.
    pub fn is_collection(self) -> bool {
        matches!(self, FieldType::List | FieldType::Series | FieldType::Map)
    }

    /// Every type, in the order the documentation lists them.
    pub const ALL: [FieldType; 11] = [
        FieldType::Count,
        FieldType::Decimal,
        FieldType::Percent,
        FieldType::Ratio,
        FieldType::Rupiah,
        FieldType::Year,
        FieldType::Text,
        FieldType::Bool,
        FieldType::List,
        FieldType::Series,
        FieldType::Map,
    ];

    /// The word used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Count => "count",
            FieldType::Decimal => "decimal",
            FieldType::Percent => "percent",
            FieldType::Ratio => "ratio",
            FieldType::Rupiah => "rupiah",
            FieldType::Year => "year",
            FieldType::Text => "text",
            FieldType::Bool => "bool",
            FieldType::List => "list",
            FieldType::Series => "series",
            FieldType::Map => "map",
        }
    }
}

/// How much a failing rule matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run (exit 1).
    Error,
    /// Reported, does not fail the run by default.
    Warning,
    /// Reported for information.
    Info,
}

impl Severity {
    /// The keyword used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// `rule ID "title" { clauses }`.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule id (`fund_bpu`).
    pub id: Ident,
    /// The one-line title.
    pub title: Option<Spanned<String>>,
    /// `severity error|warning|info`; `error` when absent.
    pub severity: Spanned<Severity>,
    /// `basis "Inpres 2/2021"`: the legal basis.
    pub basis: Option<Spanned<String>>,
    /// `for each` clauses, outermost first.
    pub loops: Vec<ForEach>,
    /// `let` clauses in the order written, each after the `for each`
    /// clauses it follows.
    pub lets: Vec<Let>,
    /// `unknown when` clauses, in the order written.
    pub unknowns: Vec<UnknownWhen>,
    /// `require EXPR`.
    pub require: Expr,
    /// `message "...{expr}..."`.
    pub message: Option<Template>,
    /// The whole rule, from `rule` to `}`.
    pub span: Span,
}

/// `for each VAR in SOURCE, SOURCE... where FILTER`.
///
/// The items of all sources are visited in order; a source that yields a
/// single map or series entry (e.g. `root`, `last(years)`) counts as one item.
#[derive(Clone, Debug)]
pub struct ForEach {
    /// The bound variable.
    pub var: Ident,
    /// One or more collections.
    pub sources: Vec<Expr>,
    /// Subjects for which this is false are skipped.
    pub filter: Option<Expr>,
    /// The whole clause.
    pub span: Span,
}

/// `let NAME = EXPR`: a value named once, evaluated once per subject, for
/// the clauses after it.
#[derive(Clone, Debug)]
pub struct Let {
    /// The name.
    pub name: Ident,
    /// What it names.
    pub value: Expr,
    /// How many `for each` clauses come before it: it sees their variables,
    /// and is evaluated once for every item they bind.
    pub after: usize,
    /// The whole clause.
    pub span: Span,
}

/// `unknown when CONDITION "reason"`: when the condition holds, the subject
/// cannot be decided, for that reason (as when a figure is missing).
#[derive(Clone, Debug)]
pub struct UnknownWhen {
    /// The condition.
    pub condition: Expr,
    /// Why the subject cannot be decided then.
    pub reason: Spanned<String>,
    /// The whole clause.
    pub span: Span,
}

/// A message template: text with `{expr}` holes.
#[derive(Clone, Debug)]
pub struct Template {
    /// Text and holes in order.
    pub parts: Vec<TemplatePart>,
    /// The whole string literal, quotes included.
    pub span: Span,
}

/// One piece of a [`Template`].
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text (escapes resolved, `{{` and `}}` unescaped to braces).
    Text(String),
    /// A `{expr}` hole.
    Hole(Expr),
}

/// Every expression of a rule: `for each` collections and filters and
/// `let` values in the order written, the `unknown when` conditions, the
/// `require` condition and the message's holes.
pub fn rule_exprs(rule: &Rule) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    for (k, l) in rule.loops.iter().enumerate() {
        out.extend(rule.lets.iter().filter(|b| b.after == k).map(|b| &b.value));
        out.extend(&l.sources);
        out.extend(&l.filter);
    }
    let n = rule.loops.len();
    out.extend(rule.lets.iter().filter(|b| b.after >= n).map(|b| &b.value));
    out.extend(rule.unknowns.iter().map(|u| &u.condition));
    out.push(&rule.require);
    if let Some(m) = &rule.message {
        out.extend(m.parts.iter().filter_map(|p| match p {
            TemplatePart::Hole(e) => Some(e),
            TemplatePart::Text(_) => None,
        }));
    }
    out
}

// Spans take no part in equality (see [`Spanned`]), also where a node keeps
// its span in a field of its own: a formatted file parses to rules equal to
// the original's. The patterns name every field, so a new field must be
// added here too.

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        let Rule {
            id,
            title,
            severity,
            basis,
            loops,
            lets,
            unknowns,
            require,
            message,
            span: _,
        } = self;
        *id == other.id
            && *title == other.title
            && *severity == other.severity
            && *basis == other.basis
            && *loops == other.loops
            && *lets == other.lets
            && *unknowns == other.unknowns
            && *require == other.require
            && *message == other.message
    }
}

impl PartialEq for ForEach {
    fn eq(&self, other: &Self) -> bool {
        let ForEach {
            var,
            sources,
            filter,
            span: _,
        } = self;
        *var == other.var && *sources == other.sources && *filter == other.filter
    }
}

impl PartialEq for Let {
    fn eq(&self, other: &Self) -> bool {
        let Let {
            name,
            value,
            after,
            span: _,
        } = self;
        *name == other.name && *value == other.value && *after == other.after
    }
}

impl PartialEq for UnknownWhen {
    fn eq(&self, other: &Self) -> bool {
        let UnknownWhen {
            condition,
            reason,
            span: _,
        } = self;
        *condition == other.condition && *reason == other.reason
    }
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        let Template { parts, span: _ } = self;
        *parts == other.parts
    }
}
