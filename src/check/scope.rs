//! Checks one rule: resolves every name the way evaluation does
//! (`src/eval/mod.rs`: `name`, `field`, `index`, `previous`), gives every
//! expression a type, and reports what cannot mean anything.
//!
//! A bare name is a variable (innermost first), else a field of the
//! innermost subject that can have it, outwards to the document, else the
//! built-in `documents`.

use crate::ast::{BinOp, Expr, ExprKind, Ident, Literal, Rule, TemplatePart, UnOp};
use crate::source::{SourceFile, Span};

use super::advice::{listing, literal_ty, nearest, short};
use super::error::{
    CheckError, NoDocumentError, NoSeriesError, OutOfScopeError, UnknownFieldError,
    UnknownNameError, UnusedVariableError, WrongTypeError,
};
use super::model::{Model, Place};
use super::types::{Ty, Unit};

/// The built-in collection of every loaded document.
const DOCUMENTS: &str = "documents";

/// A variable in scope.
pub(super) struct Binding<'r> {
    name: &'r str,
    pub(super) ty: Ty,
    span: Span,
    used: bool,
}

/// A value's type and, for a value read straight from the data, its place.
pub(super) struct Typed {
    pub(super) ty: Ty,
    pub(super) place: Option<Place>,
}

impl Typed {
    pub(super) fn of(ty: Ty) -> Typed {
        Typed { ty, place: None }
    }
}

/// The state of checking one rule.
pub(crate) struct RuleCheck<'a, 'r> {
    pub(super) model: &'a Model<'a>,
    pub(super) src: &'a SourceFile,
    pub(super) scope: Vec<Binding<'r>>,
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

    pub(super) fn text(&self, span: Span) -> String {
        short(span.text(self.src))
    }

    pub(super) fn push(&mut self, err: impl Into<CheckError>) {
        self.out.push(err.into());
    }

    pub(super) fn collect_binders(&mut self, rule: &'r Rule) {
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
                    leading,
                    var,
                    source,
                    filter,
                    body,
                } => {
                    self.binders.push((
                        &var.node,
                        var.span,
                        format!("`{}(...)`", func.node.name()),
                    ));
                    exprs.push(source);
                    exprs.extend(filter.as_deref());
                    exprs.extend(body.as_deref());
                    exprs.extend(leading);
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

    pub(super) fn bind(&mut self, var: &'r Ident, ty: Ty) {
        self.scope.push(Binding {
            name: &var.node,
            ty,
            span: var.span,
            used: var.node.starts_with('_'),
        });
    }

    /// Leaves the innermost variable's scope, warning if it was never used.
    pub(super) fn unbind(&mut self, help: &str) {
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
    pub(super) fn condition(&mut self, e: &'r Expr, context: &str) {
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
    pub(super) fn items_of(&mut self, t: Ty, e: &Expr, context: &str) -> Ty {
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

    pub(super) fn expr(&mut self, e: &'r Expr) -> Ty {
        self.typed(e).ty
    }

    pub(super) fn typed(&mut self, e: &'r Expr) -> Typed {
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
            ExprKind::Call { func, args } => self.call(func, args, e.span),
            ExprKind::Comprehension {
                func,
                leading,
                var,
                source,
                filter,
                body,
            } => self.comprehension(
                func.node,
                leading,
                var,
                (source, filter.as_deref(), body.as_deref()),
            ),
        };
        Typed::of(ty)
    }

    /// Reports `e` (of type `t`) where `what` is needed; gives `Any`.
    pub(super) fn wrong(&mut self, e: &Expr, t: &Ty, what: &str) -> Ty {
        self.wrong_at(e.span, t, what)
    }

    /// Reports the value written at `span` (of type `t`) where `what` is
    /// needed; gives `Any`.
    pub(super) fn wrong_at(&mut self, span: Span, t: &Ty, what: &str) -> Ty {
        let text = self.text(span);
        self.push(WrongTypeError {
            message: format!("{what}, but `{text}` is {}", t.name()),
            help: None,
            span,
            label: t.name(),
            src: self.src.clone(),
        });
        Ty::Any
    }

    // ---- names -------------------------------------------------------------------

    pub(super) fn name(&mut self, n: &str, span: Span) -> Typed {
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
        let series = places.iter().find_map(|p| self.model.series_with(p, n));
        let help = match (self.suggest(n, &names, &places), series) {
            (Some(s), _) => format!("did you mean `{s}`?"),
            (None, Some(years)) => format!(
                "`{n}` is a figure of each entry of `{years}`: go through them with `for each year in {years}`, or pick one: `{years}[2024].{n}`"
            ),
            (None, None) => format!("the names here are {}", listing(&names, 40)),
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
    pub(super) fn nowhere(&self, variable: bool) -> String {
        match (self.model.data.is_some(), variable) {
            (true, true) => "not a variable, and no data file or `field` has it here",
            (true, false) => "no data file has it here, and no `field` declares it",
            (false, true) => "not a variable, and no `field` declares it",
            (false, false) => "no `field` declares it here",
        }
        .to_owned()
    }

    /// `base.f`, where `base` has type `t`.
    pub(super) fn field(&mut self, t: Ty, f: &str, span: Span, base: &Expr) -> Typed {
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

    pub(super) fn unknown_field(&mut self, p: &Place, f: &str, span: Span, base: &Expr) {
        let base_text = self.text(base.span);
        let names = self.model.names(p);
        let series = self.model.series_with(p, f);
        let help = match (self.suggest(f, &names, std::slice::from_ref(p)), series) {
            (Some(s), _) if !base_text.contains('…') => {
                format!("did you mean `{base_text}.{s}`?")
            }
            (Some(s), _) => format!("did you mean `{s}`?"),
            (None, Some(years)) => format!(
                "`{f}` is a figure of each entry of `{years}`: pick a year, e.g. `{base_text}.{years}[2024].{f}`, or go through them with `for each year in {base_text}.{years}`"
            ),
            (None, None) if names.is_empty() => format!("`{base_text}` has no fields"),
            (None, None) => format!("the fields of `{base_text}` are {}", listing(&names, 40)),
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
    pub(super) fn suggest(&self, word: &str, names: &[String], places: &[Place]) -> Option<String> {
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

    pub(super) fn index(&mut self, t: Ty, k: Ty, base: &Expr, key: &Expr) -> Typed {
        let keyed = |k: &Ty| {
            matches!(
                k,
                Ty::Num(Unit::Count | Unit::Number | Unit::Year) | Ty::Any
            )
        };
        match t {
            Ty::Series(p) if keyed(&k) => Typed::of(Ty::Entry(p)),
            Ty::List(item) if matches!(k, Ty::Num(Unit::Count | Unit::Number) | Ty::Any) => {
                Typed::of(*item)
            }
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
    pub(super) fn previous(&mut self, what: &str, span: Span) -> Ty {
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
