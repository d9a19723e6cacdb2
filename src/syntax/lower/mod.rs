//! Lowering pest pairs to the AST (calls in `calls.rs`).
//!
//! Errors found here (duplicate clauses, chained comparisons, unknown
//! functions, …) are collected rather than returned at the first, so that a
//! file reports all of them at once. A lowering function returns `None`
//! when it has recorded an error for its part of the tree.

mod calls;
mod items;

use std::cell::RefCell;

use pest::iterators::Pair;

use super::error::{
    ChainedComparisonError, DuplicateToleranceError, Hint, MisplacedWithinError,
    NumberTooLargeError, SingleEqualsError, StrayBraceError, SyntaxError, TooDeepError,
    UnknownEscapeError,
};
use super::{MAX_DEPTH, PRATT, Rule};
use crate::ast::{
    BinOp, CmpOp, Decimal, Expr, ExprKind, Ident, Literal, Number, Template, TemplatePart,
    Tolerance, UnOp,
};
use crate::source::{SourceFile, Span, Spanned};

/// An expression while it is being folded: its depth (for the nesting
/// cap) and whether it was written in parentheses (`(a < b) == c` is not a
/// chained comparison).
pub(crate) struct Node {
    expr: Expr,
    depth: usize,
    paren: bool,
}

impl Node {
    fn new(kind: ExprKind, span: Span, depth: usize) -> Self {
        Node {
            expr: Spanned::new(kind, span),
            depth,
            paren: false,
        }
    }
}

/// One argument of a call before we know which function it is.
enum Arg {
    Value(Node),
    Binder(Box<Binder>),
}

/// `VAR in SOURCE [where FILTER] [: BODY]`.
struct Binder {
    var: Ident,
    source: Node,
    filter: Option<Node>,
    body: Option<Node>,
}

/// Lowers the pairs of one parse. `base` is the byte offset of the parsed
/// text in the file: spans from pest are relative to the text it was
/// given, and a broken file is re-parsed one rule at a time.
pub(crate) struct Lowerer<'f> {
    file: &'f SourceFile,
    base: usize,
    errors: RefCell<Vec<SyntaxError>>,
}

impl<'f> Lowerer<'f> {
    pub(crate) fn new(file: &'f SourceFile, base: usize) -> Self {
        Lowerer {
            file,
            base,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// The errors recorded so far.
    pub(crate) fn finish(self) -> Vec<SyntaxError> {
        self.errors.into_inner()
    }

    fn error(&self, err: impl Into<SyntaxError>) {
        self.errors.borrow_mut().push(err.into());
    }

    /// The span of `pair` in the file, without the whitespace and comments
    /// that pest lets a rule ending in `x*` or `x?` swallow.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        Span::new(
            self.base + pair.as_span().start(),
            self.base + tight_end(pair),
        )
    }

    fn text(&self, span: Span) -> &'f str {
        span.text(self.file)
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_owned(), self.span(pair))
    }

    // ----------------------------------------------------------- strings

    /// A plain quoted text, escapes resolved.
    fn string(&self, pair: Pair<'_, Rule>) -> Option<Spanned<String>> {
        let span = self.span(&pair);
        let mut out = String::new();
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::escape => match self.escape(&p) {
                    Some(c) => out.push(c),
                    None => ok = false,
                },
                _ => out.push_str(p.as_str()),
            }
        }
        ok.then(|| Spanned::new(out, span))
    }

    fn escape(&self, pair: &Pair<'_, Rule>) -> Option<char> {
        match pair.as_str() {
            "\\\"" => Some('"'),
            "\\\\" => Some('\\'),
            "\\n" => Some('\n'),
            "\\t" => Some('\t'),
            other => {
                self.error(UnknownEscapeError {
                    escape: other.to_owned(),
                    span: self.span(pair),
                    src: self.file.clone(),
                });
                None
            }
        }
    }

    fn template(&self, pair: Pair<'_, Rule>) -> Option<Template> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::escape => match self.escape(&p) {
                    Some(c) => text.push(c),
                    None => ok = false,
                },
                Rule::open_brace => text.push('{'),
                Rule::close_brace => text.push('}'),
                Rule::stray_brace => {
                    self.error(StrayBraceError {
                        span: self.span(&p),
                        src: self.file.clone(),
                    });
                    ok = false;
                }
                Rule::hole => {
                    if !text.is_empty() {
                        parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                    }
                    let expr = p.into_inner().find(|p| p.as_rule() == Rule::expr)?;
                    match self.expr(expr) {
                        Some(e) => parts.push(TemplatePart::Hole(e)),
                        None => ok = false,
                    }
                }
                _ => text.push_str(p.as_str()),
            }
        }
        if !text.is_empty() {
            parts.push(TemplatePart::Text(text));
        }
        ok.then_some(Template { parts, span })
    }

    // ------------------------------------------------------- expressions

    /// Lowers an `expr` pair.
    pub(crate) fn expr(&self, pair: Pair<'_, Rule>) -> Option<Expr> {
        self.node(pair).map(|n| n.expr)
    }

    fn node(&self, pair: Pair<'_, Rule>) -> Option<Node> {
        // The Pratt parser recurses once per prefix operator; a run of
        // thousands of `not` must be stopped before it folds them.
        let mut run = 0;
        for p in pair.clone().into_inner() {
            if matches!(p.as_rule(), Rule::not_op | Rule::neg_op) {
                run += 1;
                if run > MAX_DEPTH {
                    self.error(TooDeepError {
                        span: self.span(&p),
                        src: self.file.clone(),
                    });
                    return None;
                }
            } else {
                run = 0;
            }
        }
        PRATT
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, rhs| self.prefix(op, rhs?))
            .map_postfix(|lhs, op| self.postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| self.infix(lhs?, op, rhs?))
            .parse(pair.into_inner())
    }

    /// Records an error if `node` is nested past the cap.
    fn capped(&self, node: Node) -> Option<Node> {
        if node.depth > MAX_DEPTH {
            self.error(TooDeepError {
                span: node.expr.span,
                src: self.file.clone(),
            });
            return None;
        }
        Some(node)
    }

    fn prefix(&self, op: Pair<'_, Rule>, rhs: Node) -> Option<Node> {
        let un = match op.as_rule() {
            Rule::not_op => UnOp::Not,
            _ => UnOp::Neg,
        };
        let span = self.span(&op).to(rhs.expr.span);
        let depth = rhs.depth + 1;
        self.capped(Node::new(
            ExprKind::Unary(un, Box::new(rhs.expr)),
            span,
            depth,
        ))
    }

    fn postfix(&self, lhs: Node, op: Pair<'_, Rule>) -> Option<Node> {
        let op_span = self.span(&op);
        let span = lhs.expr.span.to(op_span);
        let depth = lhs.depth + 1;
        let kind = match op.as_rule() {
            Rule::field_op => {
                let name = op.into_inner().next()?;
                ExprKind::Field(Box::new(lhs.expr), self.ident(&name))
            }
            Rule::index_op => {
                let key = self.node(op.into_inner().next()?)?;
                let depth = depth.max(key.depth + 1);
                let kind = ExprKind::Index(Box::new(lhs.expr), Box::new(key.expr));
                return self.capped(Node::new(kind, span, depth));
            }
            Rule::exists_op => ExprKind::Exists {
                expr: Box::new(lhs.expr),
                negated: false,
            },
            Rule::missing_op => ExprKind::Exists {
                expr: Box::new(lhs.expr),
                negated: true,
            },
            Rule::within_op => return self.within(lhs, op),
            r => unreachable!("postfix rule {r:?} is not in the Pratt table"), // INVARIANT: the grammar's `postfix` alternatives are the arms above
        };
        self.capped(Node::new(kind, span, depth))
    }

    fn within(&self, lhs: Node, op: Pair<'_, Rule>) -> Option<Node> {
        let op_span = self.span(&op);
        let span = lhs.expr.span.to(op_span);
        let ExprKind::Compare {
            op: cmp,
            lhs: a,
            rhs: b,
            tolerance,
        } = lhs.expr.node
        else {
            self.error(MisplacedWithinError {
                span: op_span,
                operand: lhs.expr.span,
                src: self.file.clone(),
            });
            return None;
        };
        if let Some(first) = tolerance {
            self.error(DuplicateToleranceError {
                span: op_span,
                first: first.span,
                src: self.file.clone(),
            });
            return None;
        }
        let tol = op.into_inner().find(|p| p.as_rule() == Rule::tolerance)?;
        let tol_span = self.span(&tol);
        let inner = tol.into_inner().next()?;
        let tolerance = match inner.as_rule() {
            Rule::percent => Tolerance::Relative(self.ratio(inner)?),
            Rule::points => {
                let n = inner.into_inner().next()?;
                Tolerance::Points(self.decimal(&n)?)
            }
            Rule::rupiah => {
                let n = inner.into_inner().next()?;
                Tolerance::Rupiah(self.number(&n)?)
            }
            _ => Tolerance::Absolute(self.number(&inner)?),
        };
        let kind = ExprKind::Compare {
            op: cmp,
            lhs: a,
            rhs: b,
            tolerance: Some(Box::new(Spanned::new(tolerance, tol_span))),
        };
        Some(Node::new(kind, span, lhs.depth))
    }

    fn infix(&self, lhs: Node, op: Pair<'_, Rule>, rhs: Node) -> Option<Node> {
        let span = lhs.expr.span.to(rhs.expr.span);
        let depth = lhs.depth.max(rhs.depth) + 1;
        let membership = matches!(op.as_rule(), Rule::in_op | Rule::not_in_op);
        let comparison = matches!(
            op.as_rule(),
            Rule::eq_op | Rule::ne_op | Rule::lt_op | Rule::le_op | Rule::gt_op | Rule::ge_op
        );
        // `in` and the comparisons are one level, and do not chain.
        let after_member = comparison && matches!(lhs.expr.node, ExprKind::In { .. });
        let member_after = membership
            && matches!(
                lhs.expr.node,
                ExprKind::In { .. } | ExprKind::Compare { .. }
            );
        if !lhs.paren && (after_member || member_after) {
            self.error(ChainedComparisonError {
                help: Hint::JoinAnd,
                span,
                src: self.file.clone(),
            });
            return None;
        }
        if membership {
            let kind = ExprKind::In {
                item: Box::new(lhs.expr),
                collection: Box::new(rhs.expr),
                negated: op.as_rule() == Rule::not_in_op,
            };
            return self.capped(Node::new(kind, span, depth));
        }
        let cmp = match op.as_rule() {
            Rule::eq_op => CmpOp::Eq,
            Rule::ne_op => CmpOp::Ne,
            Rule::lt_op => CmpOp::Lt,
            Rule::le_op => CmpOp::Le,
            Rule::gt_op => CmpOp::Gt,
            Rule::ge_op => CmpOp::Ge,
            Rule::single_eq_op => {
                self.error(SingleEqualsError {
                    span: self.span(&op),
                    src: self.file.clone(),
                });
                return None;
            }
            other => {
                let bin = match other {
                    Rule::or_op => BinOp::Or,
                    Rule::and_op => BinOp::And,
                    Rule::add_op => BinOp::Add,
                    Rule::sub_op => BinOp::Sub,
                    Rule::mul_op => BinOp::Mul,
                    Rule::div_op => BinOp::Div,
                    r => unreachable!("infix rule {r:?} is not in the Pratt table"), // INVARIANT: the grammar's `infix` alternatives are the arms above
                };
                return self.capped(chain(lhs, bin, rhs, span));
            }
        };
        if let ExprKind::Compare {
            lhs: a,
            rhs: b,
            op: first,
            ..
        } = &lhs.expr.node
            && !lhs.paren
        {
            let (a, b, c) = (
                self.text(a.span),
                self.text(b.span),
                self.text(rhs.expr.span),
            );
            let joined = format!("{a} {} {b} and {b} {} {c}", first.as_str(), cmp.as_str());
            let help = if joined.len() <= 60 && !joined.contains('\n') {
                Hint::JoinWithAnd(joined)
            } else {
                Hint::JoinAnd
            };
            self.error(ChainedComparisonError {
                help,
                span,
                src: self.file.clone(),
            });
            return None;
        }
        let kind = ExprKind::Compare {
            op: cmp,
            lhs: Box::new(lhs.expr),
            rhs: Box::new(rhs.expr),
            tolerance: None,
        };
        self.capped(Node::new(kind, span, depth))
    }

    fn primary(&self, pair: Pair<'_, Rule>) -> Option<Node> {
        // INVARIANT: the grammar wraps every operand in `primary` with exactly one child.
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let lit = |l| Some(Node::new(ExprKind::Lit(l), span, 1));
        match inner.as_rule() {
            Rule::paren => {
                let expr = inner.into_inner().find(|p| p.as_rule() == Rule::expr)?;
                let mut node = self.node(expr)?;
                // the node covers its parentheses, so that `(a + b) * c`
                // spans from `(` to `c`
                node.expr.span = span;
                node.paren = true;
                Some(node)
            }
            Rule::list => {
                let mut items = Vec::new();
                let mut depth = 0;
                let mut ok = true;
                for p in inner.into_inner().filter(|p| p.as_rule() == Rule::expr) {
                    match self.node(p) {
                        Some(n) => {
                            depth = depth.max(n.depth);
                            items.push(n.expr);
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                self.capped(Node::new(ExprKind::List(items), span, depth + 1))
            }
            Rule::number => lit(Literal::Number(self.number(&inner)?)),
            Rule::percent => lit(Literal::Percent(self.ratio(inner)?)),
            Rule::rupiah => {
                let n = inner.into_inner().next()?;
                lit(Literal::Rupiah(self.number(&n)?))
            }
            Rule::string => lit(Literal::Text(self.string(inner)?.node)),
            Rule::boolean => lit(Literal::Bool(inner.as_str() == "true")),
            Rule::previous => Some(Node::new(ExprKind::Previous, span, 1)),
            Rule::prior => Some(Node::new(ExprKind::Prior, span, 1)),
            Rule::root => Some(Node::new(ExprKind::Root, span, 1)),
            Rule::ident => Some(Node::new(
                ExprKind::Name(inner.as_str().to_owned()),
                span,
                1,
            )),
            Rule::call => self.call(inner),
            r => unreachable!("primary rule {r:?} is not in the grammar"), // INVARIANT: the grammar's `primary` alternatives are the arms above
        }
    }

    /// `30%` → 0.3, exactly.
    fn ratio(&self, percent: Pair<'_, Rule>) -> Option<Decimal> {
        let n = percent.into_inner().next()?;
        let written = self.decimal(&n)?;
        match written.checked_div(Decimal::ONE_HUNDRED) {
            Some(r) => Some(r.normalize()),
            None => {
                self.error(NumberTooLargeError {
                    span: self.span(&n),
                    src: self.file.clone(),
                });
                None
            }
        }
    }

    /// A number where only its value counts (a percentage, points): any
    /// number of up to 28 digits, exactly.
    fn decimal(&self, pair: &Pair<'_, Rule>) -> Option<Decimal> {
        let digits: String = pair.as_str().chars().filter(|&c| c != '_').collect();
        let d = Decimal::from_str_exact(&digits).ok();
        if d.is_none() {
            self.error(NumberTooLargeError {
                span: self.span(pair),
                src: self.file.clone(),
            });
        }
        d
    }

    fn number(&self, pair: &Pair<'_, Rule>) -> Option<Number> {
        let digits: String = pair.as_str().chars().filter(|&c| c != '_').collect();
        let number = if digits.contains('.') {
            // exactly as written, or refused: never rounded
            Decimal::from_str_exact(&digits).ok().map(Number::Dec)
        } else {
            digits.parse::<i64>().ok().map(Number::Int)
        };
        if number.is_none() {
            self.error(NumberTooLargeError {
                span: self.span(pair),
                src: self.file.clone(),
            });
        }
        number
    }
}

/// `lhs OP rhs` for an arithmetic or logic operator: the operand joins
/// the chain on its left when that chain is of the same level (`a + b - c`
/// is one chain of three operands, and so is `(a + b) - c`, which means the
/// same), so a flat run of terms nests no deeper however long it is.
fn chain(lhs: Node, op: BinOp, rhs: Node, span: Span) -> Node {
    let same_level =
        |rest: &[(BinOp, Expr)]| rest.first().is_some_and(|(o, _)| o.level() == op.level());
    match lhs.expr.node {
        ExprKind::Chain { first, mut rest } if same_level(&rest) => {
            let depth = lhs.depth.max(rhs.depth + 1);
            rest.push((op, rhs.expr));
            Node::new(ExprKind::Chain { first, rest }, span, depth)
        }
        node => {
            let depth = lhs.depth.max(rhs.depth) + 1;
            let first = Box::new(Spanned::new(node, lhs.expr.span));
            let kind = ExprKind::Chain {
                first,
                rest: vec![(op, rhs.expr)],
            };
            Node::new(kind, span, depth)
        }
    }
}

/// Where the last token of `pair` ends.
fn tight_end(pair: &Pair<'_, Rule>) -> usize {
    match pair.as_rule() {
        Rule::expr
        | Rule::for_clause
        | Rule::let_clause
        | Rule::require_clause
        | Rule::binder
        | Rule::field_decl => pair
            .clone()
            .into_inner()
            .last()
            .map_or(pair.as_span().end(), |last| tight_end(&last)),
        _ => pair.as_span().end(),
    }
}
