//! Checks one rule: resolves every name the way evaluation does
//! (`src/eval/mod.rs`: `name`, `field`, `index`, `previous`), gives every
//! expression a type, and reports what cannot mean anything.
//!
//! A bare name is a variable (innermost first), else a field of the
//! innermost subject that can have it, outwards to the document, else the
//! built-in `documents`.

use crate::ast::{
    Aggregate, BinOp, CmpOp, Expr, ExprKind, Ident, Literal, Number, Rule, TemplatePart, Tolerance,
    UnOp,
};
use crate::source::{SourceFile, Span};

use super::advice::{listing, literal_fix, literal_name, literal_ty, mismatch_fix, nearest, short};
use super::error::{
    CheckError, IncompatibleOperandsError, LiteralTypeError, NoDocumentError, NoSeriesError,
    OutOfScopeError, UnknownFieldError, UnknownNameError, UnknownValueError, UnusedVariableError,
    WrongTypeError,
};
use super::model::{Model, Place};
use super::types::{Ty, Unit, arith, comparable, mismatch_message, orders};

/// The built-in collection of every loaded document.
const DOCUMENTS: &str = "documents";

/// A variable in scope.
struct Binding<'r> {
    name: &'r str,
    ty: Ty,
    span: Span,
    used: bool,
}

/// A value's type and, for a value read straight from the data, its place.
struct Typed {
    ty: Ty,
    place: Option<Place>,
}

impl Typed {
    fn of(ty: Ty) -> Typed {
        Typed { ty, place: None }
    }
}

/// The state of checking one rule.
pub(crate) struct RuleCheck<'a, 'r> {
    model: &'a Model<'a>,
    src: &'a SourceFile,
    scope: Vec<Binding<'r>>,
    /// The document; `None` in a rule over `documents`.
    doc: Option<Place>,
    /// Every variable the rule binds, anywhere, with what binds it.
    binders: Vec<(&'r str, Span, String)>,
    out: &'a mut Vec<CheckError>,
}

impl<'a, 'r> RuleCheck<'a, 'r> {
    /// Checks `rule`; `global` when it runs once over all documents.
    pub(crate) fn run(
        model: &'a Model<'a>,
        src: &'a SourceFile,
        rule: &'r Rule,
        global: bool,
        out: &'a mut Vec<CheckError>,
    ) {
        let mut c = RuleCheck {
            model,
            src,
            scope: Vec::new(),
            doc: (!global).then(|| model.root()),
            binders: Vec::new(),
            out,
        };
        c.collect_binders(rule);
        for lp in &rule.loops {
            let mut item: Option<Ty> = None;
            for source in &lp.sources {
                let t = c.expr(source);
                let it = c.items_of(t, source, "`for each`");
                item = Some(match item {
                    None => it,
                    Some(prev) => union(prev, it),
                });
            }
            c.bind(&lp.var, item.unwrap_or(Ty::Any));
            if let Some(f) = &lp.filter {
                c.condition(f, "`where`");
            }
        }
        c.condition(&rule.require, "`require`");
        if let Some(m) = &rule.message {
            for part in &m.parts {
                if let TemplatePart::Hole(e) = part {
                    c.expr(e);
                }
            }
        }
        while !c.scope.is_empty() {
            c.unbind(
                "every item checks the same thing; use the variable in the rule, or drop this `for each`",
            );
        }
    }

    fn text(&self, span: Span) -> String {
        short(span.text(self.src))
    }

    fn push(&mut self, err: impl Into<CheckError>) {
        self.out.push(err.into());
    }

    fn collect_binders(&mut self, rule: &'r Rule) {
        for lp in &rule.loops {
            self.binders
                .push((&lp.var.node, lp.var.span, "`for each`".to_owned()));
        }
        let mut exprs: Vec<&'r Expr> = rule
            .loops
            .iter()
            .flat_map(|l| l.sources.iter().chain(&l.filter))
            .collect();
        exprs.push(&rule.require);
        if let Some(m) = &rule.message {
            exprs.extend(m.parts.iter().filter_map(|p| match p {
                TemplatePart::Hole(e) => Some(e),
                TemplatePart::Text(_) => None,
            }));
        }
        while let Some(e) = exprs.pop() {
            match &e.node {
                ExprKind::Comprehension {
                    func,
                    var,
                    source,
                    filter,
                    body,
                } => {
                    let name =
                        self.text(Span::new(func.span.start as usize, func.span.end as usize));
                    self.binders
                        .push((&var.node, var.span, format!("`{name}(...)`")));
                    exprs.push(source);
                    exprs.extend(filter.as_deref());
                    exprs.extend(body.as_deref());
                    if let Aggregate::AtLeast(k) = &func.node {
                        exprs.push(k);
                    }
                }
                ExprKind::Field(b, _)
                | ExprKind::Unary(_, b)
                | ExprKind::Exists { expr: b, .. } => exprs.push(b),
                ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => exprs.extend([&**a, &**b]),
                ExprKind::Compare { lhs, rhs, .. } => exprs.extend([&**lhs, &**rhs]),
                ExprKind::Call { args, .. } => exprs.extend(args),
                ExprKind::Lit(_) | ExprKind::Name(_) | ExprKind::Previous | ExprKind::Root => {}
            }
        }
    }

    fn bind(&mut self, var: &'r Ident, ty: Ty) {
        self.scope.push(Binding {
            name: &var.node,
            ty,
            span: var.span,
            used: var.node.starts_with('_'),
        });
    }

    /// Leaves the innermost variable's scope, warning if it was never used.
    fn unbind(&mut self, help: &str) {
        if let Some(b) = self.scope.pop()
            && !b.used
        {
            self.push(UnusedVariableError {
                name: b.name.to_owned(),
                help: format!("{help} (a name starting with `_` is never reported)"),
                span: b.span,
                src: self.src.clone(),
            });
        }
    }

    // ---- contexts ------------------------------------------------------------

    /// `require` and `where`: a condition is expected.
    fn condition(&mut self, e: &'r Expr, context: &str) {
        let t = self.expr(e);
        if !matches!(t, Ty::Bool | Ty::Any) {
            let text = self.text(e.span);
            self.push(WrongTypeError {
                message: format!("{context} needs a condition, but `{text}` is {}", t.name()),
                help: Some(match t {
                    Ty::Num(_) | Ty::Entry(_) => format!(
                        "compare it, e.g. `{text} > 0`, or test that it is there: `{text} exists`"
                    ),
                    _ => format!("test that it is there: `{text} exists`"),
                }),
                span: e.span,
                label: t.name(),
                src: self.src.clone(),
            });
        }
    }

    /// What a collection yields: list items, year entries, or itself.
    fn items_of(&mut self, t: Ty, e: &Expr, context: &str) -> Ty {
        match t {
            Ty::List(item) => match *item {
                Ty::Series(p) => Ty::Entry(p),
                t => t,
            },
            Ty::Series(p) => Ty::Entry(p),
            t @ (Ty::Record(_) | Ty::Entry(_) | Ty::Any) => t,
            t => {
                let text = self.text(e.span);
                self.push(WrongTypeError {
                    message: format!("{context} needs a collection, but `{text}` is {}", t.name()),
                    help: Some(
                        "collections are lists such as `regencies` and year-keyed maps such as `years`"
                            .to_owned(),
                    ),
                    span: e.span,
                    label: t.name(),
                    src: self.src.clone(),
                });
                Ty::Any
            }
        }
    }

    // ---- expressions -----------------------------------------------------------

    fn expr(&mut self, e: &'r Expr) -> Ty {
        self.typed(e).ty
    }

    fn typed(&mut self, e: &'r Expr) -> Typed {
        let ty = match &e.node {
            ExprKind::Lit(l) => literal_ty(l),
            ExprKind::Name(n) => return self.name(n, e.span),
            ExprKind::Root => match &self.doc {
                Some(doc) => Ty::Record(doc.clone()),
                None => {
                    self.push(NoDocumentError {
                        span: e.span,
                        src: self.src.clone(),
                    });
                    Ty::Any
                }
            },
            ExprKind::Previous => self.previous("previous", e.span),
            ExprKind::Field(base, f) => {
                let t = self.expr(base);
                return self.field(t, &f.node, f.span, base);
            }
            ExprKind::Index(base, key) => {
                let t = self.expr(base);
                let k = self.expr(key).scalar();
                return self.index(t, k, base, key);
            }
            ExprKind::Unary(UnOp::Neg, x) => match self.expr(x).scalar() {
                t @ (Ty::Num(_) | Ty::Any) => t,
                t => self.wrong(x, &t, "`-` needs a number"),
            },
            ExprKind::Unary(UnOp::Not, x) => match self.expr(x) {
                Ty::Bool | Ty::Any => Ty::Bool,
                t => self.wrong(x, &t, "`not` needs a condition"),
            },
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                for side in [l, r] {
                    let t = self.expr(side);
                    if !matches!(t, Ty::Bool | Ty::Any) {
                        self.wrong(side, &t, &format!("`{}` needs conditions", op.as_str()));
                    }
                }
                Ty::Bool
            }
            ExprKind::Binary(op, l, r) => {
                let lt = self.typed(l);
                let rt = self.typed(r);
                self.arith(*op, l, lt, r, rt)
            }
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                self.compare(*op, lhs, rhs, tolerance.as_ref());
                Ty::Bool
            }
            ExprKind::Exists { expr, .. } => {
                self.expr(expr);
                Ty::Bool
            }
            ExprKind::Call { func, args } => self.call(func, args),
            ExprKind::Comprehension {
                func,
                var,
                source,
                filter,
                body,
            } => self.comprehension(&func.node, var, source, filter.as_deref(), body.as_deref()),
        };
        Typed::of(ty)
    }

    /// Reports `e` (of type `t`) where `what` is needed; gives `Any`.
    fn wrong(&mut self, e: &Expr, t: &Ty, what: &str) -> Ty {
        let text = self.text(e.span);
        self.push(WrongTypeError {
            message: format!("{what}, but `{text}` is {}", t.name()),
            help: None,
            span: e.span,
            label: t.name(),
            src: self.src.clone(),
        });
        Ty::Any
    }

    // ---- names -------------------------------------------------------------------

    fn name(&mut self, n: &str, span: Span) -> Typed {
        if let Some(b) = self.scope.iter_mut().rev().find(|b| b.name == n) {
            b.used = true;
            return Typed::of(b.ty.clone());
        }
        for i in (0..self.scope.len()).rev() {
            let found = match &self.scope[i].ty {
                Ty::Record(p) | Ty::Entry(p) => self.model.field(p, n),
                // Any subject of unknown type may have the field.
                Ty::Any => Some(Place::default()),
                _ => None,
            };
            if let Some(place) = found {
                self.scope[i].used = true;
                let ty = if matches!(self.scope[i].ty, Ty::Any) {
                    Ty::Any
                } else {
                    self.model.ty(&place)
                };
                return Typed {
                    ty,
                    place: Some(place),
                };
            }
        }
        if let Some(doc) = &self.doc
            && let Some(place) = self.model.field(doc, n)
        {
            return Typed {
                ty: self.model.ty(&place),
                place: Some(place),
            };
        }
        if n == DOCUMENTS {
            return Typed::of(Ty::List(Box::new(Ty::Record(self.model.root()))));
        }
        if let Some((_, bound, by)) = self.binders.iter().find(|(b, _, _)| *b == n) {
            let (bound, by) = (*bound, by.clone());
            let help = if by == "`for each`" {
                "a `for each` variable can be used after its `for each`; move the use, or the `for each` before it".to_owned()
            } else {
                format!(
                    "`{n}` exists only inside the {by} that binds it; use a `for each` to name an item for the whole rule"
                )
            };
            self.push(OutOfScopeError {
                name: n.to_owned(),
                help,
                span,
                bound,
                bound_label: format!("bound here, by {by}"),
                src: self.src.clone(),
            });
            return Typed::of(Ty::Any);
        }
        // The name was probably meant to read through one of them: say
        // nothing more about them than this error.
        for b in &mut self.scope {
            b.used = true;
        }
        let mut names: Vec<String> = self.scope.iter().map(|b| b.name.to_owned()).collect();
        let places: Vec<Place> = self
            .scope
            .iter()
            .filter_map(|b| match &b.ty {
                Ty::Record(p) | Ty::Entry(p) => Some(p.clone()),
                _ => None,
            })
            .chain(self.doc.clone())
            .collect();
        for p in &places {
            names.extend(self.model.names(p));
        }
        names.push(DOCUMENTS.to_owned());
        names.sort();
        names.dedup();
        let help = match self.suggest(n, &names, &places) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the names here are {}", listing(&names, 40)),
        };
        self.push(UnknownNameError {
            name: n.to_owned(),
            help,
            span,
            label: self.nowhere(true),
            src: self.src.clone(),
        });
        Typed::of(Ty::Any)
    }

    /// A label saying where a name was looked for.
    fn nowhere(&self, variable: bool) -> String {
        match (self.model.data.is_some(), variable) {
            (true, true) => "not a variable, and no data file or `field` has it here",
            (true, false) => "no data file has it here, and no `field` declares it",
            (false, true) => "not a variable, and no `field` declares it",
            (false, false) => "no `field` declares it here",
        }
        .to_owned()
    }

    /// `base.f`, where `base` has type `t`.
    fn field(&mut self, t: Ty, f: &str, span: Span, base: &Expr) -> Typed {
        match t {
            Ty::Record(p) | Ty::Entry(p) => match self.model.field(&p, f) {
                Some(place) => Typed {
                    ty: self.model.ty(&place),
                    place: Some(place),
                },
                None => {
                    self.unknown_field(&p, f, span, base);
                    Typed::of(Ty::Any)
                }
            },
            // `list.f` collects `f` of every item, flattening lists.
            Ty::List(item) => {
                let inner = match *item {
                    Ty::Any => return Typed::of(Ty::Any),
                    t @ (Ty::Record(_) | Ty::List(_)) => self.field(t, f, span, base),
                    t => {
                        let text = self.text(base.span);
                        self.push(WrongTypeError {
                            message: format!(
                                "the items of `{text}` are {}, which have no fields",
                                t.name()
                            ),
                            help: None,
                            span,
                            label: format!("no field `{f}` in {}", t.name()),
                            src: self.src.clone(),
                        });
                        return Typed::of(Ty::Any);
                    }
                };
                Typed {
                    ty: match inner.ty {
                        Ty::Any => Ty::Any,
                        l @ Ty::List(_) => l,
                        t => Ty::List(Box::new(t)),
                    },
                    place: inner.place,
                }
            }
            Ty::Any => Typed::of(Ty::Any),
            Ty::Series(_) => {
                let text = self.text(base.span);
                self.push(WrongTypeError {
                    message: format!("`{text}` is keyed by year, so it has no field `{f}`"),
                    help: Some(format!(
                        "pick a year, e.g. `{text}[2024].{f}`, or go through every year with `for each year in {text}`"
                    )),
                    span,
                    label: format!("no field `{f}` in a year-keyed map"),
                    src: self.src.clone(),
                });
                Typed::of(Ty::Any)
            }
            t => {
                let text = self.text(base.span);
                self.push(WrongTypeError {
                    message: format!("`{text}` is {}, which has no fields", t.name()),
                    help: None,
                    span,
                    label: format!("no field `{f}` in {}", t.name()),
                    src: self.src.clone(),
                });
                Typed::of(Ty::Any)
            }
        }
    }

    fn unknown_field(&mut self, p: &Place, f: &str, span: Span, base: &Expr) {
        let base_text = self.text(base.span);
        let names = self.model.names(p);
        let help = match self.suggest(f, &names, std::slice::from_ref(p)) {
            Some(s) if !base_text.contains('…') => format!("did you mean `{base_text}.{s}`?"),
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => format!("`{base_text}` has no fields"),
            None => format!("the fields of `{base_text}` are {}", listing(&names, 40)),
        };
        self.push(UnknownFieldError {
            name: f.to_owned(),
            base: base_text.clone(),
            help,
            span,
            label: self.nowhere(false),
            src: self.src.clone(),
        });
    }

    /// The name meant by `word`: a near name among `names`, else a field of
    /// a record at one of `places` (`bpu_allocation` for
    /// `apbd.bpu_allocation`).
    fn suggest(&self, word: &str, names: &[String], places: &[Place]) -> Option<String> {
        if let Some(s) = nearest(word, names.iter().map(String::as_str)) {
            return Some(s.to_owned());
        }
        let nested: Vec<String> = places.iter().flat_map(|p| self.model.nested(p)).collect();
        let leaves = nested
            .iter()
            .map(|path| path.rsplit('.').next().unwrap_or(path));
        let exact = nested
            .iter()
            .find(|path| path.ends_with(&format!(".{word}")));
        exact.cloned().or_else(|| {
            let leaf = nearest(word, leaves)?;
            nested
                .iter()
                .find(|path| path.ends_with(&format!(".{leaf}")))
                .cloned()
        })
    }

    fn index(&mut self, t: Ty, k: Ty, base: &Expr, key: &Expr) -> Typed {
        let keyed = |k: &Ty| matches!(k, Ty::Num(Unit::Count | Unit::Year) | Ty::Any);
        match t {
            Ty::Series(p) if keyed(&k) => Typed::of(Ty::Entry(p)),
            Ty::List(item) if matches!(k, Ty::Num(Unit::Count) | Ty::Any) => Typed::of(*item),
            Ty::Record(p) | Ty::Entry(p) => match &key.node {
                ExprKind::Lit(Literal::Text(name)) => {
                    let (name, span) = (name.clone(), key.span);
                    self.field(Ty::Record(p), &name, span, base)
                }
                _ => Typed::of(Ty::Any),
            },
            Ty::Any => Typed::of(Ty::Any),
            t @ (Ty::Series(_) | Ty::List(_)) => {
                let wanted = if matches!(t, Ty::Series(_)) {
                    "a year-keyed map is indexed by a year"
                } else {
                    "a list is indexed by a position (0, 1, ...)"
                };
                Typed::of(self.wrong(key, &k, wanted))
            }
            t => Typed::of(self.wrong(base, &t, "only lists and year-keyed maps have entries")),
        }
    }

    /// The entry before the innermost year in scope.
    fn previous(&mut self, what: &str, span: Span) -> Ty {
        if let Some(b) = self
            .scope
            .iter_mut()
            .rev()
            .find(|b| matches!(b.ty, Ty::Entry(_) | Ty::Any))
        {
            b.used = true;
            return b.ty.clone();
        }
        self.push(NoSeriesError {
            what: what.to_owned(),
            span,
            src: self.src.clone(),
        });
        Ty::Any
    }

    // ---- operators -----------------------------------------------------------------

    fn arith(&mut self, op: BinOp, l: &Expr, lt: Typed, r: &Expr, rt: Typed) -> Ty {
        let (mut a, mut b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        if matches!(op, BinOp::Add | BinOp::Sub) {
            (a, b) = (zero_fits(l, &a, &b), zero_fits(r, &b, &a));
        }
        match (&a, &b) {
            (Ty::Num(x), Ty::Num(y)) => match arith(op, *x, *y) {
                Some(u) => Ty::Num(u),
                None => {
                    self.mismatch(Some(op), l, &lt, r, &rt);
                    Ty::Any
                }
            },
            (Ty::Any, Ty::Any | Ty::Num(_)) | (Ty::Num(_), Ty::Any) => Ty::Any,
            (Ty::Any, t) => self.wrong(r, t, &format!("`{}` needs numbers", op.as_str())),
            (t, Ty::Any) => self.wrong(l, t, &format!("`{}` needs numbers", op.as_str())),
            _ => {
                self.mismatch(Some(op), l, &lt, r, &rt);
                Ty::Any
            }
        }
    }

    fn compare(
        &mut self,
        op: CmpOp,
        l: &'r Expr,
        r: &'r Expr,
        tol: Option<&crate::source::Spanned<Tolerance>>,
    ) {
        let lt = self.typed(l);
        let rt = self.typed(r);
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        let (a, b) = (zero_fits(l, &a, &b), zero_fits(r, &b, &a));
        let ok = match (&a, &b) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Num(x), Ty::Num(y)) => comparable(*x, *y),
            (Ty::Text, Ty::Text) => true,
            (Ty::Bool, Ty::Bool) => !orders(op),
            _ => false,
        };
        if !ok {
            self.mismatch(None, l, &lt, r, &rt);
            return;
        }
        // `!=` a text the data never has is always true, which is what
        // `name != ""` means to say; `==` one keeps nothing.
        if op == CmpOp::Eq {
            self.unknown_value(l, r, &rt);
            self.unknown_value(r, l, &lt);
        }
        let Some(tol) = tol else {
            return;
        };
        let numbers = [&a, &b]
            .into_iter()
            .all(|t| matches!(t, Ty::Num(_) | Ty::Any));
        let ratios = [&a, &b]
            .into_iter()
            .all(|t| matches!(t, Ty::Num(Unit::Ratio) | Ty::Any));
        let side = if matches!(a, Ty::Any) { &b } else { &a };
        if !numbers || (matches!(tol.node, Tolerance::Points(_)) && !ratios) {
            let tol_text = self.text(tol.span);
            self.push(WrongTypeError {
                message: format!(
                    "`within {tol_text}` needs {}, but the comparison is of {}",
                    if numbers { "percentages" } else { "numbers" },
                    side.name()
                ),
                help: Some(
                    "`within 0.5 pp` is in percentage points between percentages; `within 2%` is relative; `within 100` is absolute"
                        .to_owned(),
                ),
                span: tol.span,
                label: format!("the operands are {}", side.name()),
                src: self.src.clone(),
            });
        }
    }

    /// `x == "text"` where the data never has that text at `x`.
    fn unknown_value(&mut self, lit: &Expr, other: &Expr, other_t: &Typed) {
        let ExprKind::Lit(Literal::Text(value)) = &lit.node else {
            return;
        };
        let Some(texts) = other_t.place.as_ref().and_then(|p| self.model.texts(p)) else {
            return;
        };
        if texts.iter().any(|t| t == value) {
            return;
        }
        let shown: Vec<String> = texts.iter().map(|t| format!("\"{t}\"")).collect();
        let help = match nearest(value, texts.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"? the data has {}", listing(&shown, 16)),
            None => format!("the data has {}", listing(&shown, 16)),
        };
        self.push(UnknownValueError {
            field: self.text(other.span),
            value: value.clone(),
            help,
            span: lit.span,
            src: self.src.clone(),
        });
    }

    fn mismatch(&mut self, op: Option<BinOp>, l: &Expr, lt: &Typed, r: &Expr, rt: &Typed) {
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        let literal = |e: &Expr| match &e.node {
            ExprKind::Lit(lit) => Some(lit.clone()),
            _ => None,
        };
        let undeclared = |t: &Typed| t.place.as_ref().is_some_and(Place::undeclared);
        match (literal(l), literal(r)) {
            (Some(lit), None) => self.literal_mismatch(&lit, l, r, &b, undeclared(rt)),
            (None, Some(lit)) => self.literal_mismatch(&lit, r, l, &a, undeclared(lt)),
            _ => {
                let undeclared = [(l, lt), (r, rt)]
                    .into_iter()
                    .find(|(_, t)| t.place.as_ref().is_some_and(Place::undeclared))
                    .map(|(e, _)| last_name(&self.text(e.span)));
                self.push(IncompatibleOperandsError {
                    message: mismatch_message(op, &a, &b),
                    help: mismatch_fix(op, &a, &b, undeclared.as_deref()),
                    lhs: l.span,
                    lhs_type: a.name(),
                    rhs: r.span,
                    rhs_type: b.name(),
                    src: self.src.clone(),
                });
            }
        }
    }

    fn literal_mismatch(
        &mut self,
        lit: &Literal,
        at: &Expr,
        other: &Expr,
        other_t: &Ty,
        undeclared: bool,
    ) {
        let lit_text = self.text(at.span);
        let other_text = self.text(other.span);
        let help = match (lit, other_t) {
            (Literal::Percent(_), Ty::Num(Unit::Count | Unit::Decimal)) if undeclared => {
                let f = last_name(&other_text);
                format!(
                    "if `{f}` holds percentages, declare it so: `field {f}: percent` (or `ratio` for fractions)"
                )
            }
            (Literal::Rupiah(_), Ty::Num(Unit::Count | Unit::Decimal)) if undeclared => {
                let f = last_name(&other_text);
                format!("if `{f}` is an amount of money, declare it so: `field {f}: rupiah`")
            }
            _ => literal_fix(lit, &lit_text, other_t),
        };
        self.push(LiteralTypeError {
            message: format!(
                "`{lit_text}` is {}, but `{other_text}` is {}",
                literal_name(lit),
                other_t.name()
            ),
            help,
            literal: at.span,
            literal_type: literal_name(lit).to_owned(),
            other: other.span,
            other_type: other_t.name(),
            src: self.src.clone(),
        });
    }

    // ---- functions -------------------------------------------------------------------

    fn call(&mut self, func: &Ident, args: &'r [Expr]) -> Ty {
        let Some(arg) = args.first() else {
            return Ty::Any; // lowering rejects calls without an argument
        };
        match func.node.as_str() {
            "abs" => match self.expr(arg).scalar() {
                t @ (Ty::Num(_) | Ty::Any) => t,
                t => self.wrong(arg, &t, "`abs` needs a number"),
            },
            f @ ("growth" | "change") => {
                self.previous(f, func.span);
                match self.expr(arg).scalar() {
                    Ty::Num(_) if f == "growth" => Ty::Num(Unit::Ratio),
                    Ty::Num(u) => arith(BinOp::Sub, u, u).map_or(Ty::Any, Ty::Num),
                    Ty::Any => Ty::Any,
                    t => self.wrong(arg, &t, &format!("`{f}` needs a number")),
                }
            }
            f @ ("first" | "last") => {
                let t = self.expr(arg);
                self.items_of(t, arg, &format!("`{f}`"))
            }
            _ => {
                // `count(collection)`
                let t = self.expr(arg);
                self.items_of(t, arg, "`count`");
                Ty::Num(Unit::Count)
            }
        }
    }

    fn comprehension(
        &mut self,
        func: &'r Aggregate,
        var: &'r Ident,
        source: &'r Expr,
        filter: Option<&'r Expr>,
        body: Option<&'r Expr>,
    ) -> Ty {
        let name = aggregate_name(func);
        let st = self.expr(source);
        let item = self.items_of(st, source, &format!("`{name}`"));
        self.bind(var, item.clone());
        if let Some(f) = filter {
            self.condition(f, "`where`");
        }
        let value = match body {
            Some(b) => self.expr(b),
            None => item,
        };
        if filter.is_some() || body.is_some() {
            self.unbind(&format!(
                "use `{}` in the condition or the value, e.g. `{name}({} in ...: {}.participants.bpu)`",
                var.node, var.node, var.node
            ));
        } else {
            self.scope.pop();
        }
        let at = body.unwrap_or(source);
        match func {
            Aggregate::Count if body.is_none() => Ty::Num(Unit::Count),
            Aggregate::Count
            | Aggregate::Every
            | Aggregate::Some
            | Aggregate::None
            | Aggregate::AtLeast(_) => {
                if !matches!(value, Ty::Bool | Ty::Any) {
                    self.wrong(
                        at,
                        &value,
                        &format!("`{name}` needs a condition for each item"),
                    );
                }
                if let Aggregate::AtLeast(k) = func {
                    let kt = self.expr(k).scalar();
                    if !matches!(kt, Ty::Num(Unit::Count) | Ty::Any) {
                        self.wrong(k, &kt, "`at_least` needs a whole number");
                    }
                }
                if *func == Aggregate::Count {
                    Ty::Num(Unit::Count)
                } else {
                    Ty::Bool
                }
            }
            Aggregate::Sum | Aggregate::Min | Aggregate::Max | Aggregate::Avg => {
                match value.scalar() {
                    Ty::Num(u) => {
                        let summed = match func {
                            Aggregate::Sum | Aggregate::Avg => arith(BinOp::Add, u, u),
                            _ => Some(u),
                        };
                        match (summed, func) {
                            (Some(Unit::Count), Aggregate::Avg) => Ty::Num(Unit::Decimal),
                            (Some(u), _) => Ty::Num(u),
                            (None, _) => {
                                self.wrong(at, &Ty::Num(u), &format!("`{name}` cannot add years"))
                            }
                        }
                    }
                    Ty::Any => Ty::Any,
                    t => self.wrong(at, &t, &format!("`{name}` needs a number for each item")),
                }
            }
        }
    }
}

fn aggregate_name(a: &Aggregate) -> &'static str {
    match a {
        Aggregate::Sum => "sum",
        Aggregate::Count => "count",
        Aggregate::Min => "min",
        Aggregate::Max => "max",
        Aggregate::Avg => "avg",
        Aggregate::Every => "every",
        Aggregate::Some => "some",
        Aggregate::None => "none",
        Aggregate::AtLeast(_) => "at_least",
    }
}

/// A literal zero is zero in every unit: `growth(x) > 0`, `bpu_allocation > 0`.
fn zero_fits(e: &Expr, t: &Ty, other: &Ty) -> Ty {
    let zero = matches!(
        &e.node,
        ExprKind::Lit(Literal::Number(n)) if matches!(n, Number::Int(0)) || matches!(n, Number::Dec(d) if *d == 0.0)
    );
    match other {
        Ty::Num(u) if zero => Ty::Num(*u),
        _ => t.clone(),
    }
}

/// `regency.years[2024].coverage` -> `coverage`.
fn last_name(text: &str) -> String {
    text.rsplit('.')
        .next()
        .unwrap_or(text)
        .trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'))
        .to_owned()
}

/// A variable over several collections is at all their places.
fn union(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        (Ty::Record(p), Ty::Record(q)) => Ty::Record(p.union(&q)),
        (Ty::Entry(p), Ty::Entry(q)) => Ty::Entry(p.union(&q)),
        (a, b) if a == b => a,
        _ => Ty::Any,
    }
}
