//! The resolved program: every rule with every name decided once, before
//! anything runs. The checks build it (`resolve.rs`) while they type the
//! rules; evaluation runs it without looking a name up again.
//!
//! A bare name is a variable (a slot), a field of a specific scope (a
//! variable's item, or the document), or `documents`. A field's key is the
//! dataset's interned symbol, and the unit its figures are read in is baked
//! into the read ([`Read`]). So a name means the same in `check`, `explain`
//! and `test`, and a subject that lacks a field never falls through to an
//! outer scope's value of the same name.

use crate::ast::{BinOp, Builtin, CmpOp, Expr, FieldType, Ident, Rule, RuleRef, Tolerance};
use crate::data::Sym;
use crate::eval::Val;
use crate::source::Span;
use crate::units::Unit;

/// A variable's place in the evaluator's frame. Every binder of a rule
/// (`for each`, comprehension) has its own.
pub type Slot = usize;

/// Every rule, resolved, in the order of [`all_rules`](crate::ast::all_rules).
#[derive(Debug, Default)]
pub struct Program<'a> {
    /// The rules.
    pub rules: Vec<Resolved<'a>>,
}

/// One rule, resolved.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// Which rule.
    pub rule: RuleRef,
    /// Its syntax tree.
    pub ast: &'a Rule,
    /// Runs once over all documents rather than once per document.
    pub global: bool,
    /// How many variable slots it binds.
    pub slots: usize,
    /// `for each` clauses, outermost first.
    pub loops: Vec<Loop<'a>>,
    /// `let` clauses, in the order written.
    pub lets: Vec<Bind<'a>>,
    /// `unknown when` clauses, in the order written.
    pub unless: Vec<Unless<'a>>,
    /// `require`.
    pub require: Node<'a>,
    /// `message`: text, or a hole to fill in.
    pub message: Option<Vec<Part<'a>>>,
    /// How many nodes the rule has (node ids are below this).
    pub nodes: usize,
}

/// A `for each` clause.
#[derive(Debug)]
pub struct Loop<'a> {
    /// Where the variable's item is kept.
    pub slot: Slot,
    /// The variable as written.
    pub var: &'a Ident,
    /// The collections, in order.
    pub sources: Vec<Source<'a>>,
    /// `where`.
    pub filter: Option<Node<'a>>,
    /// The whole clause.
    pub span: Span,
}

/// A `let`: a value computed once per subject, kept in a slot.
#[derive(Debug)]
pub struct Bind<'a> {
    /// Where the value is kept.
    pub slot: Slot,
    /// The name as written.
    pub name: &'a Ident,
    /// What it names.
    pub value: Node<'a>,
    /// How many `for each` clauses come before it: it is computed once for
    /// every item they bind (and once per document when none does).
    pub after: usize,
    /// The whole clause.
    pub span: Span,
}

/// An `unknown when`: when the condition holds, the subject is undecided.
#[derive(Debug)]
pub struct Unless<'a> {
    /// The condition.
    pub condition: Node<'a>,
    /// Why the subject cannot be decided then.
    pub reason: &'a str,
    /// The whole clause.
    pub span: Span,
}

/// A collection a `for each` or a comprehension goes through.
#[derive(Debug)]
pub struct Source<'a> {
    /// What gives the collection.
    pub expr: Node<'a>,
    /// What one of its maps is: its entries, or one item.
    pub maps: Maps,
}

/// What a map met while going through a collection yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Maps {
    /// Its entries: a year-keyed map's years, a `map`'s keys.
    Entries,
    /// Itself, as one item: a region (`root`), an entry (`last(years)`).
    One,
    /// As the data says, for a collection of unknown type: a map keyed by
    /// years gives its entries, any other map is one item.
    Dynamic,
}

/// A piece of a message.
#[derive(Debug)]
pub enum Part<'a> {
    /// Literal text.
    Text(&'a str),
    /// A value to fill in.
    Hole(Node<'a>),
}

/// An expression, resolved.
#[derive(Debug)]
pub struct Node<'a> {
    /// Unique within its rule, for observers (`patuh explain`).
    pub id: usize,
    /// The expression as written.
    pub ast: &'a Expr,
    /// What it computes.
    pub kind: Kind<'a>,
}

impl Node<'_> {
    /// Where it is written.
    pub fn span(&self) -> Span {
        self.ast.span
    }

    /// Whether it is the literal `0`, zero in every unit.
    pub fn is_zero(&self) -> bool {
        self.ast.node.is_zero()
    }
}

/// What a node computes.
#[derive(Debug)]
pub enum Kind<'a> {
    /// A literal, as a value.
    Lit(Val),
    /// A variable's item.
    Var(Slot),
    /// The value of a `let`.
    Let(Slot),
    /// A field.
    Field {
        /// Of what.
        of: Of<'a>,
        /// Which.
        key: Key<'a>,
    },
    /// Every loaded document.
    Documents,
    /// The document.
    Root,
    /// The entry of the year before the one in the slot.
    Previous(Slot),
    /// The entry of the nearest earlier year present, before the one in
    /// the slot.
    Prior(Slot),
    /// `base[key]`: a year, a position.
    Index(Box<Node<'a>>, Box<Node<'a>>),
    /// `-x`.
    Neg(Box<Node<'a>>),
    /// `not x`.
    Not(Box<Node<'a>>),
    /// `a and b and ...` (`true`), `a or b or ...` (`false`): two or more
    /// conditions.
    Logic(bool, Vec<Node<'a>>),
    /// `a + b - c`, `a * b / c`: the first operand, then each further one
    /// with the operator before it, folded left to right.
    Arith(Box<Node<'a>>, Vec<(BinOp, Node<'a>)>),
    /// `a OP b [within TOL]`.
    Compare {
        /// The comparison.
        op: CmpOp,
        /// Left.
        lhs: Box<Node<'a>>,
        /// Right.
        rhs: Box<Node<'a>>,
        /// The tolerance.
        tol: Option<&'a Tolerance>,
    },
    /// `[a, b, c]`.
    List(Vec<Node<'a>>),
    /// `x in COLLECTION` (`negated` false), `x not in COLLECTION`.
    In {
        /// What is looked for.
        item: Box<Node<'a>>,
        /// Where it is looked for, and what its maps yield.
        collection: Box<Source<'a>>,
        /// `not in`.
        negated: bool,
    },
    /// `x exists` (`negated` false), `x is missing`.
    Exists {
        /// What is tested.
        expr: Box<Node<'a>>,
        /// `is missing`.
        negated: bool,
    },
    /// A call of a function of the table.
    Call {
        /// The function.
        func: Builtin,
        /// Its arguments.
        args: Vec<Node<'a>>,
        /// For `growth` and `change`: the slot of the year in scope, and
        /// the neighbour it is compared with.
        year: Option<(Slot, Neighbour)>,
        /// For a function of a collection: what its maps yield.
        maps: Maps,
    },
    /// A comprehension of a function of the table, boxed: the largest
    /// form would otherwise set the size of every node.
    Comprehension(Box<Comprehension<'a>>),
    /// A name the checks could not resolve; the checks report it, so a
    /// program that passed them never has one.
    Unresolved(&'a str),
}

/// `FUNC(VAR in SOURCE [where FILTER] [: BODY])`, resolved.
#[derive(Debug)]
pub struct Comprehension<'a> {
    /// The function.
    pub func: Builtin,
    /// Values before the binder.
    pub leading: Vec<Node<'a>>,
    /// The binder's slot.
    pub slot: Slot,
    /// The binder as written.
    pub var: &'a Ident,
    /// The collection.
    pub source: Box<Source<'a>>,
    /// `where`.
    pub filter: Option<Box<Node<'a>>>,
    /// The value or condition per item.
    pub body: Option<Box<Node<'a>>>,
}

/// Which earlier entry of its series a year is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Neighbour {
    /// `previous`: the year before (the key minus one).
    Previous,
    /// `prior`: the nearest earlier year present.
    Prior,
}

impl Neighbour {
    /// `previous` or `prior`.
    pub fn word(self) -> &'static str {
        match self {
            Neighbour::Previous => "previous",
            Neighbour::Prior => "prior",
        }
    }
}

/// What a field is read from.
#[derive(Debug)]
pub enum Of<'a> {
    /// The item of a variable.
    Scope(Slot),
    /// The document.
    Doc,
    /// The value of an expression.
    Expr(Box<Node<'a>>),
}

/// A field's key and how its figures are read.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    /// As written.
    pub name: &'a str,
    /// The dataset's symbol for it; `None` when no data has the key.
    pub sym: Option<Sym>,
    /// The unit its figures are read in.
    pub read: Read,
    /// What a map without the key holds there.
    pub absent: Absent,
}

/// What a region (or a record) without a field holds there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absent {
    /// A figure, or a value of unknown type: missing (unknown).
    Missing,
    /// A declared collection: missing, and a document without it is named
    /// once in the report's data completeness.
    Collection,
    /// A collection declared `optional`: no items (so no subjects), and
    /// named in the data completeness too.
    Empty,
}

/// How a figure is read from the data: in the unit its field is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// As written.
    AsIs,
    /// A percentage as published: `31.98` is 31.98 %.
    Percent,
    /// In this unit.
    In(Unit),
}

impl Read {
    /// How a field declared `t` is read.
    pub fn of(t: Option<FieldType>) -> Read {
        match t {
            Some(FieldType::Percent) => Read::Percent,
            Some(FieldType::Ratio) => Read::In(Unit::Ratio),
            Some(FieldType::Rupiah) => Read::In(Unit::Rupiah),
            Some(FieldType::Year) => Read::In(Unit::Year),
            _ => Read::AsIs,
        }
    }
}
