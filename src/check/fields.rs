//! Fields and entries: `x.f`, `x[2024]`, `x["key"]`, typed at the place
//! `x` is, and what a field that nothing has there says. Part of resolving
//! a rule (`resolve.rs`).

use crate::ast::{Expr, ExprKind, Literal};
use crate::source::Span;

use super::advice::{listing, nearest};
use super::error::{UnknownFieldError, WrongTypeError};
use super::model::Place;
use super::program::{Kind, Of};
use super::resolve::{Resolver, Typed};
use super::types::{Ty, Unit};

impl<'r> Resolver<'_, 'r> {
    /// `base.f` (written `e`), `base` written `base_e`.
    pub(super) fn field(
        &mut self,
        base: Typed<'r>,
        f: &'r crate::ast::Ident,
        e: &'r Expr,
        base_e: &Expr,
    ) -> Typed<'r> {
        self.field_named(base, &f.node, f.span, e, base_e)
    }

    /// Field `name` (written at `at`) of `base`.
    fn field_named(
        &mut self,
        base: Typed<'r>,
        name: &'r str,
        at: Span,
        e: &'r Expr,
        base_e: &Expr,
    ) -> Typed<'r> {
        let (ty, place) = self.field_ty(&base.ty, name, at, base_e);
        let key = self.key(name, place.as_ref());
        let of = Of::Expr(Box::new(base.node));
        let node = self.node(e, Kind::Field { of, key });
        Typed { node, ty, place }
    }

    /// The type and place of field `name` (written at `at`) of a value of
    /// type `t` (written `base`).
    fn field_ty(&mut self, t: &Ty, name: &str, at: Span, base: &Expr) -> (Ty, Option<Place>) {
        match t {
            Ty::Record(p) | Ty::Entry(p) | Ty::MapEntry(p) | Ty::Map(p) => {
                match self.model.field(p, name) {
                    Some(place) => (self.model.ty(&place), Some(place)),
                    None => {
                        self.unknown_field(p, name, at, base);
                        (Ty::Any, None)
                    }
                }
            }
            // `list.f` collects `f` of every item, flattening lists.
            Ty::List(item) => {
                let (inner, place) = match item.as_ref() {
                    Ty::Any => return (Ty::Any, None),
                    t @ (Ty::Record(_) | Ty::List(_) | Ty::Map(_)) => {
                        self.field_ty(t, name, at, base)
                    }
                    t => {
                        let text = self.text(base.span);
                        self.push(WrongTypeError {
                            message: format!(
                                "the items of `{text}` are {}, which have no fields",
                                t.name()
                            ),
                            help: None,
                            span: at,
                            label: format!("no field `{name}` in {}", t.name()),
                            src: self.src.clone(),
                        });
                        return (Ty::Any, None);
                    }
                };
                let ty = match inner {
                    Ty::Any => Ty::Any,
                    l @ Ty::List(_) => l,
                    t => Ty::List(Box::new(t)),
                };
                (ty, place)
            }
            Ty::Any => (Ty::Any, None),
            Ty::Series(_) => {
                let text = self.text(base.span);
                self.push(WrongTypeError {
                    message: format!("`{text}` is keyed by year, so it has no field `{name}`"),
                    help: Some(format!(
                        "pick a year, e.g. `{text}[2024].{name}`, or go through every year with `for each year in {text}`"
                    )),
                    span: at,
                    label: format!("no field `{name}` in a year-keyed map"),
                    src: self.src.clone(),
                });
                (Ty::Any, None)
            }
            t => {
                let text = self.text(base.span);
                self.push(WrongTypeError {
                    message: format!("`{text}` is {}, which has no fields", t.name()),
                    help: None,
                    span: at,
                    label: format!("no field `{name}` in {}", t.name()),
                    src: self.src.clone(),
                });
                (Ty::Any, None)
            }
        }
    }

    /// `base[key]` (written `e`): a year of a year-keyed map, an item of a
    /// list by position, or a field by its name as text.
    pub(super) fn index(
        &mut self,
        base: Typed<'r>,
        key: &'r Expr,
        e: &'r Expr,
        base_e: &Expr,
    ) -> Typed<'r> {
        if let ExprKind::Lit(Literal::Text(name)) = &key.node
            && !matches!(base.ty, Ty::Series(_) | Ty::List(_))
        {
            return self.field_named(base, name, key.span, e, base_e);
        }
        let k = self.typed(key);
        let kt = k.ty.clone().scalar();
        let keyed = matches!(
            kt,
            Ty::Num(Unit::Count | Unit::Number | Unit::Year) | Ty::Any
        );
        let position = matches!(kt, Ty::Num(Unit::Count | Unit::Number) | Ty::Any);
        let ty = match &base.ty {
            Ty::Series(p) if keyed => Ty::Entry(p.clone()),
            Ty::List(item) if position => item.as_ref().clone(),
            Ty::Record(_) | Ty::Entry(_) | Ty::Map(_) | Ty::MapEntry(_) | Ty::Any => Ty::Any,
            t @ (Ty::Series(_) | Ty::List(_)) => {
                let wanted = if matches!(t, Ty::Series(_)) {
                    "a year-keyed map is indexed by a year"
                } else {
                    "a list is indexed by a position (0, 1, ...)"
                };
                self.wrong(key, &kt, wanted)
            }
            t => {
                let t = t.clone();
                self.wrong(base_e, &t, "only lists and year-keyed maps have entries")
            }
        };
        let kind = Kind::Index(Box::new(base.node), Box::new(k.node));
        self.typed_as(e, kind, ty)
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
}
