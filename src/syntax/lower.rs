//! Lowering pest pairs to the AST.
//!
//! Errors found here (duplicate clauses, chained comparisons, unknown
//! functions, …) are collected rather than returned at the first, so that a
//! file reports all of them at once. A lowering function returns `None`
//! when it has recorded an error for its part of the tree.

use std::cell::RefCell;

use pest::iterators::Pair;

use super::error::{
    ArgumentsProblem, ChainedComparisonError, DuplicateClauseError, DuplicateToleranceError, Hint,
    MisplacedWithinError, MissingRequireError, Names, NumberTooLargeError, SingleEqualsError,
    StrayBraceError, SyntaxError, TooDeepError, UnknownEscapeError, UnknownFunctionError,
    UnknownSeverityError, UnknownTypeError, Values, WrongArgumentsError,
};
use super::{MAX_DEPTH, PRATT, Rule};
use crate::ast::{
    BinOp, Builtin, CmpOp, Decimal, Expr, ExprKind, FieldDecl, FieldType, ForEach, Ident, Literal,
    Number, Rule as AstRule, Severity, Template, TemplatePart, Tolerance, UnOp,
};
use crate::builtins::{self, Shape, Spec};
use crate::fuzzy;
use crate::source::{SourceFile, Span, Spanned};

/// Type names auditors and programmers reach for, and the type they mean.
const TYPE_SYNONYMS: &[(&str, &str)] = &[
    ("int", "count"),
    ("integer", "count"),
    ("number", "decimal"),
    ("float", "decimal"),
    ("percentage", "percent"),
    ("idr", "rupiah"),
    ("money", "rupiah"),
    ("string", "text"),
    ("boolean", "bool"),
    ("array", "list"),
    ("years", "series"),
    ("object", "map"),
    ("record", "map"),
];

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

    // ------------------------------------------------------------- rules

    /// The rules and field declarations of a `file` or `rule_only` parse.
    pub(crate) fn items(&self, top: Pair<'_, Rule>) -> (Vec<AstRule>, Vec<FieldDecl>) {
        let (mut rules, mut fields) = (Vec::new(), Vec::new());
        for p in top.into_inner() {
            match p.as_rule() {
                Rule::rule => rules.extend(self.rule(p)),
                Rule::field_decl => fields.extend(self.field_decl(p)),
                _ => {} // SOI, EOI
            }
        }
        (rules, fields)
    }

    /// `field participants.bpu: count "active BPU participants"`.
    fn field_decl(&self, pair: Pair<'_, Rule>) -> Option<FieldDecl> {
        let span = self.span(&pair);
        let (mut path, mut ty, mut doc) = (Vec::new(), None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field_path => path = p.into_inner().map(|n| self.ident(&n)).collect(),
                Rule::type_word => ty = Some(self.field_type(&p)?),
                Rule::string => doc = Some(self.string(p)?),
                _ => {} // `field`, `:`
            }
        }
        Some(FieldDecl {
            path,
            ty: ty?,
            doc,
            span,
        })
    }

    fn field_type(&self, word: &Pair<'_, Rule>) -> Option<Spanned<FieldType>> {
        let span = self.span(word);
        let text = word.as_str();
        if let Some(t) = FieldType::ALL.into_iter().find(|t| t.as_str() == text) {
            return Some(Spanned::new(t, span));
        }
        let all: Vec<&'static str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
        let help = match fuzzy::suggest(text, all.iter().copied(), TYPE_SYNONYMS) {
            Some(s) => Hint::DidYouMean(s.to_owned()),
            None => Hint::Types(Names(all)),
        };
        self.error(UnknownTypeError {
            word: text.to_owned(),
            help,
            span,
            src: self.file.clone(),
        });
        None
    }

    fn rule(&self, pair: Pair<'_, Rule>) -> Option<AstRule> {
        let span = self.span(&pair);
        let before = self.errors.borrow().len();
        let mut id: Option<Ident> = None;
        let mut title = None;
        let mut severity: Option<(Span, Option<Spanned<Severity>>)> = None;
        let mut basis: Option<(Span, Option<Spanned<String>>)> = None;
        let mut require: Option<(Span, Option<Expr>)> = None;
        let mut message: Option<(Span, Option<Template>)> = None;
        let mut loops = Vec::new();
        let mut loops_ok = true;
        for p in pair.into_inner() {
            let clause_span = self.span(&p);
            match p.as_rule() {
                Rule::ident => id = Some(self.ident(&p)),
                Rule::string => title = self.string(p),
                Rule::severity_clause => {
                    self.clause(&mut severity, "severity", clause_span, &id, || {
                        self.severity(&p.into_inner().nth(1)?)
                    })
                }
                Rule::basis_clause => self.clause(&mut basis, "basis", clause_span, &id, || {
                    self.string(p.into_inner().nth(1)?)
                }),
                Rule::require_clause => {
                    self.clause(&mut require, "require", clause_span, &id, || {
                        self.expr(p.into_inner().nth(1)?)
                    })
                }
                Rule::message_clause => {
                    self.clause(&mut message, "message", clause_span, &id, || {
                        self.template(p.into_inner().nth(1)?)
                    })
                }
                Rule::for_clause => match self.for_each(p) {
                    Some(l) => loops.push(l),
                    None => loops_ok = false,
                },
                _ => {} // keywords and braces
            }
        }
        let id = id?;
        let Some((_, require)) = require else {
            let header = Span::new(span.start as usize, id.span.end as usize);
            self.error(MissingRequireError {
                rule: id.node.clone(),
                span: header,
                src: self.file.clone(),
            });
            return None;
        };
        if self.errors.borrow().len() > before || !loops_ok {
            return None;
        }
        let severity = match severity {
            Some((_, s)) => s?,
            None => Spanned::new(Severity::Error, id.span),
        };
        Some(AstRule {
            title,
            severity,
            basis: match basis {
                Some((_, b)) => Some(b?),
                None => None,
            },
            loops,
            require: require?,
            message: match message {
                Some((_, m)) => Some(m?),
                None => None,
            },
            span,
            id,
        })
    }

    /// Lowers a clause that may appear once into `slot`, or records a
    /// duplicate if `slot` is already filled.
    fn clause<T>(
        &self,
        slot: &mut Option<(Span, Option<T>)>,
        clause: &'static str,
        span: Span,
        id: &Option<Ident>,
        lower: impl FnOnce() -> Option<T>,
    ) {
        let Some((first, _)) = slot else {
            *slot = Some((span, lower()));
            return;
        };
        let help = match clause {
            "require" => Hint::OneRequire,
            "message" => Hint::OneMessage,
            _ => Hint::KeepOne,
        };
        self.error(DuplicateClauseError {
            rule: id.as_ref().map_or(String::new(), |i| i.node.clone()),
            clause,
            help,
            first: *first,
            second: span,
            src: self.file.clone(),
        });
    }

    fn severity(&self, word: &Pair<'_, Rule>) -> Option<Spanned<Severity>> {
        let span = self.span(word);
        let severity = match word.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                let all = ["error", "warning", "info"];
                let help = match fuzzy::suggest(other, all, &[("warn", "warning")]) {
                    Some(s) => Hint::SeverityMeant(s),
                    None => Hint::Severities,
                };
                self.error(UnknownSeverityError {
                    word: other.to_owned(),
                    help,
                    span,
                    src: self.file.clone(),
                });
                return None;
            }
        };
        Some(Spanned::new(severity, span))
    }

    fn for_each(&self, pair: Pair<'_, Rule>) -> Option<ForEach> {
        let span = self.span(&pair);
        let mut var = None;
        let mut sources = Vec::new();
        let mut filter = None;
        let mut in_filter = false;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => var = Some(self.ident(&p)),
                Rule::kw_where => in_filter = true,
                Rule::expr => {
                    let e = self.expr(p);
                    ok &= e.is_some();
                    if in_filter {
                        filter = e;
                    } else {
                        sources.extend(e);
                    }
                }
                _ => {}
            }
        }
        ok.then_some(ForEach {
            var: var?,
            sources,
            filter,
            span,
        })
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
            tolerance: Some(Spanned::new(tolerance, tol_span)),
        };
        Some(Node::new(kind, span, lhs.depth))
    }

    fn infix(&self, lhs: Node, op: Pair<'_, Rule>, rhs: Node) -> Option<Node> {
        let span = lhs.expr.span.to(rhs.expr.span);
        let depth = lhs.depth.max(rhs.depth) + 1;
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
                let kind = ExprKind::Binary(bin, Box::new(lhs.expr), Box::new(rhs.expr));
                return self.capped(Node::new(kind, span, depth));
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
            Rule::number => lit(Literal::Number(self.number(&inner)?)),
            Rule::percent => lit(Literal::Percent(self.ratio(inner)?)),
            Rule::rupiah => {
                let n = inner.into_inner().next()?;
                lit(Literal::Rupiah(self.number(&n)?))
            }
            Rule::string => lit(Literal::Text(self.string(inner)?.node)),
            Rule::boolean => lit(Literal::Bool(inner.as_str() == "true")),
            Rule::previous => Some(Node::new(ExprKind::Previous, span, 1)),
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

    // ------------------------------------------------------------- calls

    fn call(&self, pair: Pair<'_, Rule>) -> Option<Node> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let func = self.ident(&inner.next()?);
        let specs: Vec<&'static Spec> = builtins::named(&func.node).collect();
        if specs.is_empty() {
            self.unknown_function(&func);
            return None;
        }
        let mut args = Vec::new();
        let mut ok = true;
        for p in inner {
            match p.as_rule() {
                Rule::expr => match self.node(p) {
                    Some(n) => args.push(Arg::Value(n)),
                    None => ok = false,
                },
                Rule::binder => match self.binder(p) {
                    Some(b) => args.push(b),
                    None => ok = false,
                },
                _ => {} // `,` and `)`
            }
        }
        if !ok {
            return None;
        }
        let depth = args
            .iter()
            .map(|a| match a {
                Arg::Value(n) => n.depth,
                Arg::Binder(b) => [Some(&b.source), b.filter.as_ref(), b.body.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|n| n.depth)
                    .max()
                    .unwrap_or(0),
            })
            .max()
            .unwrap_or(0)
            + 1;
        // `count(s)` and `count(r in s ...)` are two functions of one name.
        let binder = args.iter().any(|a| matches!(a, Arg::Binder(_)));
        let spec = specs
            .iter()
            .find(|s| s.builtin.is_comprehension() == binder)
            .unwrap_or(&specs[0]);
        let kind = self.call_kind(spec, func.span, args, span)?;
        self.capped(Node::new(kind, span, depth))
    }

    fn unknown_function(&self, func: &Ident) {
        let mut names: Vec<&str> = builtins::TABLE.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        let synonyms: Vec<(&str, &str)> = builtins::TABLE
            .iter()
            .flat_map(|s| s.synonyms.iter().map(move |w| (*w, s.name)))
            .collect();
        let help = match fuzzy::suggest(&func.node, names.iter().copied(), &synonyms) {
            Some(s) => Hint::DidYouMean(s.to_owned()),
            None => Hint::Functions(Names(names)),
        };
        self.error(UnknownFunctionError {
            name: func.node.clone(),
            help,
            span: func.span,
            src: self.file.clone(),
        });
    }

    fn binder(&self, pair: Pair<'_, Rule>) -> Option<Arg> {
        let mut var = None;
        let (mut source, mut filter, mut body) = (None, None, None);
        let mut slot = 0;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => var = Some(self.ident(&p)),
                Rule::kw_where => slot = 1,
                Rule::colon => slot = 2,
                Rule::expr => {
                    let n = self.node(p);
                    ok &= n.is_some();
                    match slot {
                        0 => source = n,
                        1 => filter = n,
                        _ => body = n,
                    }
                }
                _ => {}
            }
        }
        if !ok {
            return None;
        }
        Some(Arg::Binder(Box::new(Binder {
            var: var?,
            source: source?,
            filter,
            body,
        })))
    }

    /// The call of `spec` (its name written at `at`) with `args`, or an
    /// error when they do not fit its shape.
    fn call_kind(
        &self,
        spec: &'static Spec,
        at: Span,
        args: Vec<Arg>,
        span: Span,
    ) -> Option<ExprKind> {
        let func = Spanned::new(spec.builtin, at);
        let problem = match spec.shape {
            Shape::Call(params) => {
                let binder = args.iter().any(|a| matches!(a, Arg::Binder(_)));
                let expected = Values(params.len());
                if binder {
                    ArgumentsProblem::TakesValues { expected }
                } else if args.len() != params.len() {
                    ArgumentsProblem::Arity {
                        expected,
                        found: args.len(),
                    }
                } else {
                    let args = args
                        .into_iter()
                        .filter_map(|a| match a {
                            Arg::Value(v) => Some(v.expr),
                            Arg::Binder(_) => None,
                        })
                        .collect();
                    return Some(ExprKind::Call { func, args });
                }
            }
            Shape::Comprehension { leading, .. } => {
                let n = leading.len();
                let fits = args.len() == n + 1
                    && args[..n].iter().all(|a| matches!(a, Arg::Value(_)))
                    && matches!(args[n], Arg::Binder(_));
                if fits {
                    let mut values = Vec::new();
                    let mut binder = None;
                    for a in args {
                        match a {
                            Arg::Value(v) => values.push(v.expr),
                            Arg::Binder(b) => binder = Some(b),
                        }
                    }
                    return Some(comprehension(func, values, binder?));
                }
                if n == 0 {
                    ArgumentsProblem::NeedsBinder
                } else {
                    ArgumentsProblem::NeedsLeadingAndBinder { leading: Values(n) }
                }
            }
        };
        self.error(WrongArgumentsError {
            name: spec.name,
            problem,
            example: spec.example,
            span,
            signature: spec.signature,
            src: self.file.clone(),
        });
        None
    }
}

fn comprehension(func: Spanned<Builtin>, leading: Vec<Expr>, binder: Box<Binder>) -> ExprKind {
    let Binder {
        var,
        source,
        filter,
        body,
    } = *binder;
    ExprKind::Comprehension {
        func,
        leading,
        var,
        source: Box::new(source.expr),
        filter: filter.map(|n| Box::new(n.expr)),
        body: body.map(|n| Box::new(n.expr)),
    }
}

/// Where the last token of `pair` ends.
fn tight_end(pair: &Pair<'_, Rule>) -> usize {
    match pair.as_rule() {
        Rule::expr | Rule::for_clause | Rule::require_clause | Rule::binder => pair
            .clone()
            .into_inner()
            .last()
            .map_or(pair.as_span().end(), |last| tight_end(&last)),
        _ => pair.as_span().end(),
    }
}
