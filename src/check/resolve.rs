//! Resolves and types one rule: every name is decided once, statically,
//! and every expression gets a type with its unit. The result is the
//! rule's [`Resolved`] program, which evaluation runs as it is, and the
//! problems found on the way.
//!
//! A bare name is a variable (innermost first), else a field of the
//! innermost subject whose place can have it (the declared schema, or
//! what the data holds there), outwards to the document, else the built-in
//! `documents`. Name resolution needs the places of the variables, which
//! are the types of their collections: that is why resolving and typing
//! are one walk. Variables and bare names (`scope.rs`), fields
//! (`fields.rs`), operators and functions (`ops.rs`) are in their own files.

use crate::ast::RuleRef;
use crate::ast::{BinOp, Expr, ExprKind, Rule, TemplatePart, UnOp, walk_expr};
use crate::eval::Val;
use crate::source::{SourceFile, Span};

use super::advice::{literal_ty, short};
use super::error::{
    Binder, CheckError, Help, Needed, NoDocumentError, WrongLabel, WrongType, WrongTypeError,
};
use super::model::{Model, Place};
use super::ops::Side;
use super::program::{Kind, Loop, Maps, Node, Part, Resolved, Source, Unless};
use super::scope::{BindKind, Binding};
use super::types::Ty;

/// The built-in collection of every loaded document.
pub(crate) const DOCUMENTS: &str = "documents";

/// A resolved expression with its type and, for a value read straight
/// from the data, its place.
pub(crate) struct Typed<'r> {
    pub(super) node: Node<'r>,
    pub(super) ty: Ty,
    pub(super) place: Option<Place>,
}

/// The state of resolving one rule.
pub(crate) struct Resolver<'a, 'r> {
    pub(super) model: &'a Model<'a>,
    pub(super) src: &'a SourceFile,
    pub(super) scope: Vec<Binding<'r>>,
    /// The document; `None` in a rule over `documents`.
    pub(super) doc: Option<Place>,
    /// Every variable the rule binds, anywhere, with what binds it.
    pub(super) binders: Vec<(&'r str, Span, Binder)>,
    out: &'a mut Vec<CheckError>,
    pub(super) slots: usize,
    nodes: usize,
}

/// A rule runs once for the whole data set, rather than once per document,
/// when its first `for each` ranges over `documents`, or when it has no
/// `for each` and its condition (or a `let` or an `unknown when`) talks
/// about `documents`.
pub(crate) fn is_global(rule: &Rule) -> bool {
    let is_documents = |e: &Expr| matches!(&e.node, ExprKind::Name(n) if n == DOCUMENTS);
    match rule.loops.first() {
        Some(l) => l.sources.iter().any(is_documents),
        None => {
            let mut found = false;
            let conditions = rule.lets.iter().map(|l| &l.value);
            let conditions = conditions.chain(rule.unknowns.iter().map(|u| &u.condition));
            for e in conditions.chain([&rule.require]) {
                walk_expr(e, &mut |e| {
                    found |= is_documents(e);
                    !found
                });
            }
            found
        }
    }
}

impl<'a, 'r> Resolver<'a, 'r> {
    /// Resolves and types `rule`, reporting its problems into `out`.
    pub(crate) fn rule(
        model: &'a Model<'a>,
        src: &'a SourceFile,
        id: RuleRef,
        rule: &'r Rule,
        out: &'a mut Vec<CheckError>,
    ) -> Resolved<'r> {
        let global = is_global(rule);
        let mut c = Resolver {
            model,
            src,
            scope: Vec::new(),
            doc: (!global).then(|| model.root()),
            binders: Vec::new(),
            out,
            slots: 0,
            nodes: 0,
        };
        c.collect_binders(rule);
        let mut loops = Vec::new();
        let mut lets = Vec::new();
        c.lets(rule, 0, &mut lets);
        for (k, lp) in rule.loops.iter().enumerate() {
            let mut item: Option<Ty> = None;
            let mut sources = Vec::new();
            for source in &lp.sources {
                let t = c.typed(source);
                let (it, maps) = c.items_of(&t.ty, source, Binder::ForEach);
                item = Some(match item {
                    None => it,
                    Some(prev) => union(prev, it),
                });
                sources.push(Source { expr: t.node, maps });
            }
            let slot = c.bind(&lp.var, item.unwrap_or(Ty::Any), BindKind::Loop);
            let filter = lp.filter.as_ref().map(|f| c.condition(f, "`where`"));
            loops.push(Loop {
                slot,
                var: &lp.var,
                sources,
                filter,
                span: lp.span,
            });
            c.lets(rule, k + 1, &mut lets);
        }
        let unless = rule
            .unknowns
            .iter()
            .map(|u| Unless {
                condition: c.condition(&u.condition, "`unknown when`"),
                reason: &u.reason.node,
                span: u.span,
            })
            .collect();
        let require = c.condition(&rule.require, "`require`");
        let message = rule.message.as_ref().map(|m| {
            m.parts
                .iter()
                .map(|part| match part {
                    TemplatePart::Text(t) => Part::Text(t),
                    TemplatePart::Hole(e) => Part::Hole(c.typed(e).node),
                })
                .collect()
        });
        c.unbind_all();
        Resolved {
            rule: id,
            ast: rule,
            global,
            slots: c.slots,
            loops,
            lets,
            unless,
            require,
            message,
            nodes: c.nodes,
        }
    }

    pub(super) fn text(&self, span: Span) -> String {
        short(span.text(self.src))
    }

    pub(super) fn push(&mut self, err: impl Into<CheckError>) {
        self.out.push(err.into());
    }

    /// A node for `e`, numbered.
    pub(super) fn node(&mut self, e: &'r Expr, kind: Kind<'r>) -> Node<'r> {
        let id = self.nodes;
        self.nodes += 1;
        Node { id, ast: e, kind }
    }

    /// `e`, resolved, of type `ty`, not read straight from the data.
    pub(super) fn typed_as(&mut self, e: &'r Expr, kind: Kind<'r>, ty: Ty) -> Typed<'r> {
        Typed {
            node: self.node(e, kind),
            ty,
            place: None,
        }
    }

    // ---- contexts ------------------------------------------------------------

    /// `require` and `where`: a condition is expected.
    pub(super) fn condition(&mut self, e: &'r Expr, context: &'static str) -> Node<'r> {
        let t = self.typed(e);
        if !matches!(t.ty, Ty::Bool | Ty::Any) {
            let text = self.text(e.span);
            let help = match t.ty {
                Ty::Num(_) | Ty::Entry(_) => Help::CompareIt(text.clone()),
                _ => Help::TestIt(text.clone()),
            };
            self.push(WrongTypeError {
                what: WrongType::NotCondition {
                    context,
                    text,
                    found: t.ty.name(),
                },
                help: Some(help),
                span: e.span,
                label: WrongLabel::Is(t.ty.name()),
                src: self.src.clone(),
            });
        }
        t.node
    }

    /// What going through a collection of type `t` yields, and what its
    /// maps are: list items, a year-keyed map's years, a `map`'s entries,
    /// or a region or an entry as one item.
    pub(super) fn items_of(&mut self, t: &Ty, e: &Expr, context: Binder) -> (Ty, Maps) {
        match t {
            Ty::List(item) => match item.as_ref() {
                Ty::Series(p) => (Ty::Entry(p.clone()), Maps::Entries),
                Ty::Map(p) => (Ty::MapEntry(p.clone()), Maps::Entries),
                Ty::Any => (Ty::Any, Maps::Dynamic),
                t => (t.clone(), Maps::One),
            },
            Ty::Series(p) => (Ty::Entry(p.clone()), Maps::Entries),
            Ty::Map(p) => (Ty::MapEntry(p.clone()), Maps::Entries),
            Ty::Record(p) if self.model.is_region(p) => (t.clone(), Maps::One),
            Ty::Entry(_) | Ty::MapEntry(_) => (t.clone(), Maps::One),
            Ty::Any => (Ty::Any, Maps::Dynamic),
            t => {
                let text = self.text(e.span);
                let path = match t {
                    Ty::Record(p) => self.model.declared_path_of(p),
                    _ => None,
                };
                let help = match (t, path) {
                    (Ty::Record(p), Some(path)) => Help::ReadOrDeclareMap {
                        field: self
                            .model
                            .names(p)
                            .into_iter()
                            .next()
                            .unwrap_or_else(|| "field".to_owned()),
                        text: text.clone(),
                        path,
                    },
                    (Ty::Record(_), None) => Help::ReadFields(text.clone()),
                    _ => Help::Collections,
                };
                self.push(WrongTypeError {
                    what: WrongType::NotCollection {
                        context,
                        text,
                        found: t.name(),
                    },
                    help: Some(help),
                    span: e.span,
                    label: WrongLabel::Is(t.name()),
                    src: self.src.clone(),
                });
                (Ty::Any, Maps::One)
            }
        }
    }

    // ---- expressions -----------------------------------------------------------

    pub(super) fn typed(&mut self, e: &'r Expr) -> Typed<'r> {
        match &e.node {
            ExprKind::Lit(l) => {
                let v = Val::literal(l);
                self.typed_as(e, Kind::Lit(v), literal_ty(l))
            }
            ExprKind::Name(n) => self.name(n, e),
            ExprKind::Root => {
                let ty = match &self.doc {
                    Some(doc) => Ty::Record(doc.clone()),
                    None => {
                        self.push(NoDocumentError {
                            span: e.span,
                            src: self.src.clone(),
                        });
                        Ty::Any
                    }
                };
                self.typed_as(e, Kind::Root, ty)
            }
            ExprKind::Previous => match self.previous("previous", e.span) {
                Some((slot, ty)) => self.typed_as(e, Kind::Previous(slot), ty),
                None => self.typed_as(e, Kind::Unresolved("previous"), Ty::Any),
            },
            ExprKind::Prior => match self.previous("prior", e.span) {
                Some((slot, ty)) => self.typed_as(e, Kind::Prior(slot), ty),
                None => self.typed_as(e, Kind::Unresolved("prior"), Ty::Any),
            },
            ExprKind::Field(base, f) => {
                let b = self.typed(base);
                self.field(b, f, e, base)
            }
            ExprKind::Index(base, key) => {
                let b = self.typed(base);
                self.index(b, key, e, base)
            }
            ExprKind::Unary(UnOp::Neg, x) => {
                let t = self.typed(x);
                let ty = match t.ty.clone().scalar() {
                    t @ (Ty::Num(_) | Ty::Any) => t,
                    t => self.wrong(x, &t, Needed::Negation),
                };
                self.typed_as(e, Kind::Neg(Box::new(t.node)), ty)
            }
            ExprKind::Unary(UnOp::Not, x) => {
                let t = self.typed(x);
                if !matches!(t.ty, Ty::Bool | Ty::Any) {
                    self.wrong(x, &t.ty, Needed::Not);
                }
                self.typed_as(e, Kind::Not(Box::new(t.node)), Ty::Bool)
            }
            ExprKind::Chain { first, rest } => self.chain(e, first, rest),
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                let lt = self.typed(lhs);
                let rt = self.typed(rhs);
                self.compare(*op, (lhs, &lt), (rhs, &rt), tolerance.as_deref());
                let kind = Kind::Compare {
                    op: *op,
                    lhs: Box::new(lt.node),
                    rhs: Box::new(rt.node),
                    tol: tolerance.as_ref().map(|t| &t.node),
                };
                self.typed_as(e, kind, Ty::Bool)
            }
            ExprKind::List(items) => self.list(e, items),
            ExprKind::In {
                item,
                collection,
                negated,
            } => self.member(e, item, collection, *negated),
            ExprKind::Exists { expr, negated } => {
                let t = self.typed(expr);
                let kind = Kind::Exists {
                    expr: Box::new(t.node),
                    negated: *negated,
                };
                self.typed_as(e, kind, Ty::Bool)
            }
            ExprKind::Call { func, args } => self.call(e, func, args),
            ExprKind::Comprehension(c) => self.comprehension(
                e,
                c.func.node,
                &c.leading,
                &c.var,
                (&c.source, c.filter.as_deref(), c.body.as_deref()),
            ),
        }
    }

    /// A chain of operators of one level: every operand of `and` and `or`
    /// a condition; arithmetic typed step by step, left to right, each step
    /// with everything before it as its left operand.
    fn chain(&mut self, e: &'r Expr, first: &'r Expr, rest: &'r [(BinOp, Expr)]) -> Typed<'r> {
        let f = self.typed(first);
        if let Some(&(op, _)) = rest.first().filter(|(op, _)| op.is_logic()) {
            let mut nodes = Vec::with_capacity(rest.len() + 1);
            let mut condition = |c: &mut Self, side: &Expr, t: Typed<'r>| {
                if !matches!(t.ty, Ty::Bool | Ty::Any) {
                    c.wrong(side, &t.ty, Needed::Conditions(op.as_str()));
                }
                nodes.push(t.node);
            };
            condition(self, first, f);
            for (_, x) in rest {
                let t = self.typed(x);
                condition(self, x, t);
            }
            return self.typed_as(e, Kind::Logic(op == BinOp::And, nodes), Ty::Bool);
        }
        let mut left = Side::of(first, &f);
        let mut nodes = Vec::with_capacity(rest.len());
        for (op, x) in rest {
            let t = self.typed(x);
            let ty = self.arith(*op, &left, &Side::of(x, &t));
            left = Side {
                span: left.span.to(x.span),
                lit: None,
                ty,
                place: None,
            };
            nodes.push((*op, t.node));
        }
        self.typed_as(e, Kind::Arith(Box::new(f.node), nodes), left.ty)
    }

    /// Reports `e` (of type `t`) where something else is `needed`; gives `Any`.
    pub(super) fn wrong(&mut self, e: &Expr, t: &Ty, needed: Needed) -> Ty {
        self.wrong_at(e.span, t, needed)
    }

    /// Reports the value written at `span` (of type `t`) where something
    /// else is `needed`; gives `Any`.
    pub(super) fn wrong_at(&mut self, span: Span, t: &Ty, needed: Needed) -> Ty {
        // A function's argument: its use, from the one function table.
        let help = needed
            .function()
            .and_then(|f| crate::builtins::named(f).next())
            .map(|s| Help::Usage {
                signature: s.signature,
                doc: s.doc,
                example: s.example,
            });
        self.push(WrongTypeError {
            what: WrongType::Needs {
                needed,
                text: self.text(span),
                found: t.name(),
            },
            help,
            span,
            label: WrongLabel::Is(t.name()),
            src: self.src.clone(),
        });
        Ty::Any
    }
}

/// A variable over several collections is at all their places.
pub(super) fn union(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        (Ty::Record(p), Ty::Record(q)) => Ty::Record(p.union(&q)),
        (Ty::Entry(p), Ty::Entry(q)) => Ty::Entry(p.union(&q)),
        (Ty::MapEntry(p), Ty::MapEntry(q)) => Ty::MapEntry(p.union(&q)),
        (a, b) if a == b => a,
        _ => Ty::Any,
    }
}
