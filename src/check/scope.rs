//! The names of a rule: its variables (of `for each`, `let` and
//! comprehensions), where each is bound, whether it is used, and what a
//! bare name is. Part of resolving a rule (`resolve.rs`).
//!
//! A bare name is a variable (innermost first), else a field of the
//! innermost subject whose place can have it, outwards to the document,
//! else `documents`. The subjects are the items of `for each` clauses and
//! comprehensions; a `let` names a value, never a subject, so a bare name
//! never reads a field through it, and `previous` and `prior` never take
//! its year. A `let` may not take a name that is already a variable or a
//! field of the subjects: a name means one thing in a rule.

use crate::ast::{Expr, ExprKind, Ident, Rule, rule_exprs, walk_expr};
use crate::source::Span;

use super::error::{
    Binder, Help, Listing, NoSeriesError, OutOfScopeError, Shadow, ShadowLabel, ShadowedNameError,
    UnknownNameError, UnusedVariableError,
};
use super::model::Place;
use super::program::{Absent, Bind, Key, Kind, Of, Slot};
use super::resolve::{DOCUMENTS, Resolver, Typed};
use super::types::Ty;

/// What binds a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BindKind {
    /// A `for each`: its item is a subject.
    Loop,
    /// A comprehension: its item is a subject while the comprehension lasts.
    Item,
    /// A `let`: a value, never a subject.
    Let,
}

/// A variable in scope.
pub(super) struct Binding<'r> {
    name: &'r str,
    kind: BindKind,
    pub(super) ty: Ty,
    /// For a `let` of a value read straight from the data, its place.
    place: Option<Place>,
    pub(super) slot: Slot,
    span: Span,
    used: bool,
}

impl<'r> Resolver<'_, 'r> {
    /// Every variable the rule binds, anywhere, with what binds it: to say
    /// where a variable used out of its scope is bound.
    pub(super) fn collect_binders(&mut self, rule: &'r Rule) {
        for lp in &rule.loops {
            self.binders
                .push((&lp.var.node, lp.var.span, Binder::ForEach));
        }
        for l in &rule.lets {
            self.binders.push((&l.name.node, l.name.span, Binder::Let));
        }
        let mut found = Vec::new();
        for e in rule_exprs(rule) {
            walk_expr(e, &mut |e| {
                if let ExprKind::Comprehension(c) = &e.node {
                    found.push((c.var.node.as_str(), c.var.span, c.func.node.name()));
                }
                true
            });
        }
        self.binders.extend(
            found
                .into_iter()
                .map(|(n, s, f)| (n, s, Binder::Comprehension(f))),
        );
    }

    /// Brings `var` into scope with items (or, for a `let`, a value) of
    /// type `ty`; gives its slot.
    pub(super) fn bind(&mut self, var: &'r Ident, ty: Ty, kind: BindKind) -> Slot {
        self.bind_at(var, ty, None, kind)
    }

    fn bind_at(&mut self, var: &'r Ident, ty: Ty, place: Option<Place>, kind: BindKind) -> Slot {
        self.shadowing(var, &ty, kind);
        let slot = self.slots;
        self.slots += 1;
        self.scope.push(Binding {
            name: &var.node,
            kind,
            ty,
            place,
            slot,
            span: var.span,
            used: var.node.starts_with('_'),
        });
        slot
    }

    /// Resolves the `let` clauses written after `after` `for each` clauses
    /// and brings them into scope, in order.
    pub(super) fn lets(&mut self, rule: &'r Rule, after: usize, out: &mut Vec<Bind<'r>>) {
        for l in rule.lets.iter().filter(|l| l.after == after) {
            let t = self.typed(&l.value);
            let slot = self.bind_at(&l.name, t.ty, t.place, BindKind::Let);
            out.push(Bind {
                slot,
                name: &l.name,
                value: t.node,
                after,
                span: l.span,
            });
        }
    }

    /// A `let` named like a variable or a field of the subjects in scope,
    /// or a subject whose fields include the name of a `let` in scope.
    fn shadowing(&mut self, var: &'r Ident, ty: &Ty, kind: BindKind) {
        let name = var.node.as_str();
        let shadow = |what, other| ShadowedNameError {
            what,
            help: Help::RenameLet,
            span: var.span,
            other,
            other_label: ShadowLabel::Bound,
            src: self.src.clone(),
        };
        if let Some(b) = self.scope.iter().rev().find(|b| b.name == name)
            && (kind == BindKind::Let || b.kind == BindKind::Let)
        {
            let err = shadow(Shadow::Variable(name.to_owned()), Some(b.span));
            self.push(err);
            return;
        }
        if kind == BindKind::Let {
            let places = self.field_places();
            if places.iter().any(|p| self.has_field(p, name)) {
                let err = shadow(Shadow::Field(name.to_owned()), None);
                self.push(err);
            } else if name == DOCUMENTS {
                let err = shadow(Shadow::Documents, None);
                self.push(err);
            }
            return;
        }
        // A new subject whose field a `let` before it would hide.
        let Some(place) = ty.fields().cloned() else {
            return;
        };
        let hidden: Vec<(String, Span)> = self
            .scope
            .iter()
            .filter(|b| b.kind == BindKind::Let && self.has_field(&place, b.name))
            .map(|b| (b.name.to_owned(), b.span))
            .collect();
        for (name, span) in hidden {
            self.push(ShadowedNameError {
                what: Shadow::Field(name.clone()),
                help: Help::RenameLet,
                span,
                other: Some(var.span),
                other_label: ShadowLabel::ItemsHave(name),
                src: self.src.clone(),
            });
        }
    }

    /// Whether a subject at `p` surely has field `name` (not merely might,
    /// as anything at an open place might).
    /// The places whose fields a bare name can read: every loop variable's
    /// (a `let` names a value, not a place) and the document's.
    fn field_places(&self) -> Vec<Place> {
        self.scope
            .iter()
            .filter(|b| b.kind != BindKind::Let)
            .filter_map(|b| b.ty.fields().cloned())
            .chain(self.doc.clone())
            .collect()
    }

    fn has_field(&self, p: &Place, name: &str) -> bool {
        self.model.field(p, name).is_some_and(|f| !f.open)
    }

    /// Leaves the innermost variable's scope, warning if it was never used.
    pub(super) fn unbind(&mut self, help: Help) {
        if let Some(b) = self.scope.pop()
            && !b.used
        {
            self.push(UnusedVariableError {
                name: b.name.to_owned(),
                help,
                span: b.span,
                src: self.src.clone(),
            });
        }
    }

    /// Leaves every scope at the end of the rule, warning about each
    /// variable and `let` never used.
    pub(super) fn unbind_all(&mut self) {
        while let Some(b) = self.scope.last() {
            let help = match b.kind {
                BindKind::Let => Help::UnusedLet(b.name.to_owned()),
                BindKind::Loop | BindKind::Item => Help::UnusedForEach,
            };
            self.unbind(help);
        }
    }

    // ---- names -------------------------------------------------------------------

    /// A key for field `name` at `place`: its symbol and how it is read.
    pub(super) fn key(&self, name: &'r str, place: Option<&Place>) -> Key<'r> {
        Key {
            name,
            sym: self.model.sym(name),
            read: self.model.read(place, name),
            absent: place.map_or(Absent::Missing, |p| self.model.absent(p)),
        }
    }

    /// A bare name.
    pub(super) fn name(&mut self, n: &'r str, e: &'r Expr) -> Typed<'r> {
        if let Some(b) = self.scope.iter_mut().rev().find(|b| b.name == n) {
            b.used = true;
            let kind = match b.kind {
                BindKind::Let => Kind::Let(b.slot),
                BindKind::Loop | BindKind::Item => Kind::Var(b.slot),
            };
            let (ty, place) = (b.ty.clone(), b.place.clone());
            let node = self.node(e, kind);
            return Typed { node, ty, place };
        }
        for i in (0..self.scope.len()).rev() {
            let found = match (&self.scope[i].ty, self.scope[i].kind) {
                (_, BindKind::Let) => None,
                // Any subject of unknown type may have the field.
                (Ty::Any, _) => Some(None),
                (t, _) => t.fields().and_then(|p| self.model.field(p, n)).map(Some),
            };
            if let Some(place) = found {
                self.scope[i].used = true;
                let ty = match &place {
                    Some(p) => self.model.ty(p),
                    None => Ty::Any,
                };
                let key = self.key(n, place.as_ref());
                let of = Of::Scope(self.scope[i].slot);
                let node = self.node(e, Kind::Field { of, key });
                return Typed { node, ty, place };
            }
        }
        if let Some(doc) = &self.doc
            && let Some(place) = self.model.field(doc, n)
        {
            let ty = self.model.ty(&place);
            let key = self.key(n, Some(&place));
            let node = self.node(e, Kind::Field { of: Of::Doc, key });
            return Typed {
                node,
                ty,
                place: Some(place),
            };
        }
        if n == DOCUMENTS {
            let ty = Ty::List(Box::new(Ty::Record(self.model.root())));
            return self.typed_as(e, Kind::Documents, ty);
        }
        self.unknown_name(n, e.span);
        self.typed_as(e, Kind::Unresolved(n), Ty::Any)
    }

    fn unknown_name(&mut self, n: &str, span: Span) {
        if let Some(&(_, bound, by)) = self.binders.iter().find(|(b, _, _)| *b == n) {
            let help = match by {
                Binder::Let => Help::AfterItsLet,
                Binder::Comprehension(func) | Binder::Function(func) => Help::OnlyInside {
                    name: n.to_owned(),
                    func,
                },
                Binder::ForEach | Binder::Member => Help::AfterItsForEach,
            };
            self.push(OutOfScopeError {
                name: n.to_owned(),
                help,
                span,
                bound,
                by,
                src: self.src.clone(),
            });
            return;
        }
        // The name was probably meant to read through one of them: say
        // nothing more about them than this error.
        for b in &mut self.scope {
            b.used = true;
        }
        let mut names: Vec<String> = self.scope.iter().map(|b| b.name.to_owned()).collect();
        let places = self.field_places();
        for p in &places {
            names.extend(self.model.names(p));
        }
        names.push(DOCUMENTS.to_owned());
        names.sort();
        names.dedup();
        let series = places.iter().find_map(|p| self.model.series_with(p, n));
        let help = match (self.suggest(n, &names, &places), series) {
            (Some(s), _) => Help::DidYouMean(s),
            (None, Some(years)) => Help::FigureOfEachYear {
                name: n.to_owned(),
                years,
            },
            (None, None) => Help::NamesHere(Listing::of(names, 40)),
        };
        self.push(UnknownNameError {
            name: n.to_owned(),
            help,
            span,
            label: self.nowhere(true),
            src: self.src.clone(),
        });
    }

    /// The slot and type of the innermost year in scope (for `previous`,
    /// `prior`, `growth` and `change`); reports `what` when there is none.
    /// A `let` holding an entry is a value, not the year of a subject.
    pub(super) fn previous(&mut self, what: &str, span: Span) -> Option<(Slot, Ty)> {
        if let Some(b) = self
            .scope
            .iter_mut()
            .rev()
            .filter(|b| b.kind != BindKind::Let)
            .find(|b| matches!(b.ty, Ty::Entry(_) | Ty::Any))
        {
            b.used = true;
            return Some((b.slot, b.ty.clone()));
        }
        self.push(NoSeriesError {
            what: what.to_owned(),
            span,
            src: self.src.clone(),
        });
        None
    }
}
