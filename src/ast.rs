//! The rule language's syntax tree. Every node carries the span it was
//! written at; spans take no part in equality (see [`Spanned`]).

pub use crate::builtins::Builtin;
use crate::source::{SourceFile, Span, Spanned};
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

/// An expression.
pub type Expr = Spanned<ExprKind>;

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal.
    Lit(Literal),
    /// A bare name: a `for each` variable, else a field looked up from the
    /// innermost subject outwards to the document.
    Name(String),
    /// `previous`: the entry of the year before the innermost series
    /// variable's (its key minus one).
    Previous,
    /// `prior`: the entry of the nearest earlier year present in the same
    /// series (2021 for 2023 when 2022 is absent).
    Prior,
    /// `root`: the current document.
    Root,
    /// `EXPR.field`; over a list, collects `field` of every item (flattening lists).
    Field(Box<Expr>, Ident),
    /// `EXPR[KEY]`: a year-keyed map by key, or a list by 0-based position.
    Index(Box<Expr>, Box<Expr>),
    /// `-x`, `not x`.
    Unary(UnOp, Box<Expr>),
    /// Operators of one level, left to right: `a and b and c`, `a or b`,
    /// `a + b - c`, `a * b / c` (see [`BinOp::level`]). `rest` pairs every
    /// operand after the first with the operator written before it, and is
    /// never empty. A flat run of a thousand terms is one node, so nothing
    /// that walks the tree goes a thousand levels deep; `first` is never a
    /// chain of the same level (lowering joins `(a + b) + c`, which means
    /// `a + b + c`, into one), while a later operand may be one, written in
    /// parentheses (`a - (b - c)`).
    Chain {
        /// The first operand.
        first: Box<Expr>,
        /// Each further operand, with the operator before it.
        rest: Vec<(BinOp, Expr)>,
    },
    /// `a OP b [within TOL]`.
    Compare {
        /// The comparison.
        op: CmpOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
        /// `within 2%`, `within 0.5 pp`, `within 100`, `within Rp 100`.
        tolerance: Option<Spanned<Tolerance>>,
    },
    /// `[a, b, c]`: a list written in the rule; its items are of one type.
    List(Vec<Expr>),
    /// `x in COLLECTION` (`negated: false`) or `x not in COLLECTION`:
    /// whether an item of the collection (a list's items, a year-keyed
    /// map's years, a `map`'s keys) equals `x`.
    In {
        /// What is looked for.
        item: Box<Expr>,
        /// Where it is looked for.
        collection: Box<Expr>,
        /// `not in`.
        negated: bool,
    },
    /// `x exists` (`negated: false`) or `x is missing` (`negated: true`).
    /// Never unknown: this is how rules talk about missing figures.
    Exists {
        /// The tested expression.
        expr: Box<Expr>,
        /// `is missing`.
        negated: bool,
    },
    /// `abs(x)`, `growth(x)`, `change(x)`, `first(s)`, `last(s)`, `count(c)`, ...
    Call {
        /// The function.
        func: Spanned<Builtin>,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `FUNC(VAR in SOURCE [where FILTER] [: BODY])`: aggregates and quantifiers,
    /// e.g. `sum(r in regencies: r.years[year].participants.bpu)`,
    /// `count(r in regencies where r.kind == "city")`,
    /// `every(r in regencies: r.funds_bpu)`, `at_least(3, r in regencies: ...)`.
    Comprehension {
        /// The function.
        func: Spanned<Builtin>,
        /// Values before the binder: `3` in `at_least(3, r in ...)`.
        leading: Vec<Expr>,
        /// The bound variable.
        var: Ident,
        /// The collection.
        source: Box<Expr>,
        /// Items for which this is false are left out.
        filter: Option<Box<Expr>>,
        /// The value (aggregates) or condition (quantifiers) per item; `count`
        /// needs none, the others default to the item itself.
        body: Option<Box<Expr>>,
    },
}

impl ExprKind {
    /// Calls `f` on each direct operand, left to right (a comprehension's
    /// leading values, collection, filter and body, in that order).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match self {
            ExprKind::Lit(_)
            | ExprKind::Name(_)
            | ExprKind::Previous
            | ExprKind::Prior
            | ExprKind::Root => {}
            ExprKind::Field(b, _) | ExprKind::Unary(_, b) | ExprKind::Exists { expr: b, .. } => {
                f(b)
            }
            ExprKind::Index(a, b) => {
                f(a);
                f(b);
            }
            ExprKind::Chain { first, rest } => {
                f(first);
                rest.iter().for_each(|(_, x)| f(x));
            }
            ExprKind::Compare { lhs, rhs, .. } => {
                f(lhs);
                f(rhs);
            }
            ExprKind::List(items) => items.iter().for_each(f),
            ExprKind::In {
                item, collection, ..
            } => {
                f(item);
                f(collection);
            }
            ExprKind::Call { args, .. } => args.iter().for_each(f),
            ExprKind::Comprehension {
                leading,
                source,
                filter,
                body,
                ..
            } => {
                leading.iter().for_each(&mut f);
                f(source);
                if let Some(x) = filter {
                    f(x);
                }
                if let Some(x) = body {
                    f(x);
                }
            }
        }
    }

    /// Whether this is the literal `0`, which is zero in every unit
    /// (`growth(x) > 0`, `bpu_allocation > 0`).
    pub fn is_zero(&self) -> bool {
        match self {
            ExprKind::Lit(Literal::Number(Number::Int(i))) => *i == 0,
            ExprKind::Lit(Literal::Number(Number::Dec(d))) => d.is_zero(),
            _ => false,
        }
    }
}

/// Visits `e` and the expressions inside it, each before its operands;
/// `visit` returns whether to go into the operands of what it was given.
pub fn walk_expr<'a>(e: &'a Expr, visit: &mut impl FnMut(&'a Expr) -> bool) {
    if visit(e) {
        e.node.for_each_child(|c| walk_expr(c, visit));
    }
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

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-`
    Neg,
    /// `not`
    Not,
}

/// Binary operators other than comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinOp {
    /// The precedence level of the operator, loosest 1 (`or`), as in the
    /// table of `src/fmt/expr.rs`: operators of one level chain together.
    pub fn level(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Add | BinOp::Sub => 7,
            BinOp::Mul | BinOp::Div => 8,
        }
    }

    /// Whether it is `and` or `or`.
    pub fn is_logic(self) -> bool {
        matches!(self, BinOp::And | BinOp::Or)
    }

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// How far apart two figures may be and still compare equal.
#[derive(Clone, Debug, PartialEq)]
pub enum Tolerance {
    /// `within 2%`: relative to the right-hand side (the expected figure).
    Relative(Decimal),
    /// `within 0.5 pp`: percentage points, absolute, between two ratios.
    Points(Decimal),
    /// `within 100`: absolute, between counts, plain numbers or years.
    Absolute(Number),
    /// `within Rp 100`: absolute, between rupiah amounts.
    Rupiah(Number),
}

/// A number as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// `518_141`
    Int(i64),
    /// `0.5`, exactly as written.
    Dec(Decimal),
}

/// Literals.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `518_141`, `2024`, `0.5`.
    Number(Number),
    /// `30%`, stored as the ratio (0.3), exactly.
    Percent(Decimal),
    /// `Rp 16_800`.
    Rupiah(Number),
    /// `"Kota Palu"`.
    Text(String),
    /// `true`, `false`.
    Bool(bool),
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
