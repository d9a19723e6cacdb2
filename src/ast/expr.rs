//! Expressions of the rule language: their forms, operators and literals.
//! Every node carries the span it was written at; spans take no part in
//! equality (see [`Spanned`]).

use super::{Builtin, Decimal, Ident};
use crate::source::Spanned;

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
        tolerance: Option<Box<Spanned<Tolerance>>>,
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
    Comprehension(Box<Comprehension>),
}

/// `FUNC(VAR in SOURCE [where FILTER] [: BODY])`, boxed in its
/// [`ExprKind`]: the largest form would otherwise set the size of every
/// expression node (104 bytes instead of 64; a 50 MB rule file holds
/// millions of them).
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    /// The function.
    pub func: Spanned<Builtin>,
    /// Values before the binder: `3` in `at_least(3, r in ...)`.
    pub leading: Vec<Expr>,
    /// The bound variable.
    pub var: Ident,
    /// The collection.
    pub source: Box<Expr>,
    /// Items for which this is false are left out.
    pub filter: Option<Box<Expr>>,
    /// The value (aggregates) or condition (quantifiers) per item; `count`
    /// needs none, the others default to the item itself.
    pub body: Option<Box<Expr>>,
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
            ExprKind::Comprehension(c) => {
                let Comprehension {
                    leading,
                    source,
                    filter,
                    body,
                    ..
                } = &**c;
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
