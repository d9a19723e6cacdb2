//! Fields and entries: `x.f`, `x[2024]`, `x["key"]`, typed at the place
//! `x` is, and what a field that nothing has there says. Part of resolving
//! a rule (`resolve.rs`).

use crate::ast::{Expr, ExprKind, Literal};
use crate::source::Span;

use super::advice::nearest;
use super::error::{
    Help, ItemsOf, Listing, Needed, Nowhere, UnknownFieldError, UnknownItemError, WrongLabel,
    WrongType, WrongTypeError,
};
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
                            what: WrongType::ItemsHaveNoFields {
                                text,
                                found: t.name(),
                            },
                            help: None,
                            span: at,
                            label: WrongLabel::NoField {
                                field: name.to_owned(),
                                found: t.name(),
                            },
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
                    what: WrongType::SeriesField {
                        text: text.clone(),
                        field: name.to_owned(),
                    },
                    help: Some(Help::PickAYear {
                        text,
                        field: name.to_owned(),
                    }),
                    span: at,
                    label: WrongLabel::NoField {
                        field: name.to_owned(),
                        found: "a year-keyed map".to_owned(),
                    },
                    src: self.src.clone(),
                });
                (Ty::Any, None)
            }
            t => {
                let text = self.text(base.span);
                self.push(WrongTypeError {
                    what: WrongType::NoFields {
                        text,
                        found: t.name(),
                    },
                    help: None,
                    span: at,
                    label: WrongLabel::NoField {
                        field: name.to_owned(),
                        found: t.name(),
                    },
                    src: self.src.clone(),
                });
                (Ty::Any, None)
            }
        }
    }

    /// `base[key]` (written `e`): a year of a year-keyed map, an item of a
    /// list by position or by its name (`documents["Sulawesi Tengah"]`,
    /// `regencies["Kota Palu"]`), or a field by its name as text.
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
            Ty::List(item) if kt == Ty::Text => {
                if let (ExprKind::Lit(Literal::Text(name)), Ty::Record(p)) = (&key.node, &**item) {
                    self.unknown_item(p, name, key.span, base_e);
                }
                item.as_ref().clone()
            }
            Ty::Record(_) | Ty::Entry(_) | Ty::Map(_) | Ty::MapEntry(_) | Ty::Any => Ty::Any,
            t @ (Ty::Series(_) | Ty::List(_)) => {
                let wanted = if matches!(t, Ty::Series(_)) {
                    Needed::YearKey
                } else {
                    Needed::Position
                };
                self.wrong(key, &kt, wanted)
            }
            t => {
                let t = t.clone();
                self.wrong(base_e, &t, Needed::Entries)
            }
        };
        let kind = Kind::Index(Box::new(base.node), Box::new(k.node));
        self.typed_as(e, kind, ty)
    }

    /// `list["name"]` where no region at `p`, the items of the list, has
    /// that name (with data: the names are the data's).
    fn unknown_item(&mut self, p: &Place, name: &str, span: Span, base: &Expr) {
        let Some(labels) = self.model.labels(p) else {
            return;
        };
        if labels.iter().any(|l| l == name) {
            return;
        }
        let has = Listing::texts(labels.clone(), 16);
        // a near spelling, else the one name that holds it (`Palu` for
        // `Kota Palu`)
        let lower = name.to_lowercase();
        let mut holding = labels.iter().filter(|l| l.to_lowercase().contains(&lower));
        let within = match (holding.next(), holding.next()) {
            (Some(only), None) => Some(only.as_str()),
            _ => None,
        };
        let meant = nearest(name, labels.iter().map(String::as_str)).or(within);
        let help = match meant {
            Some(s) => Help::DidYouMeanText {
                meant: s.to_owned(),
                has,
            },
            None => Help::DataHas(has),
        };
        let of = match &base.node {
            ExprKind::Name(n) if n == super::resolve::DOCUMENTS => ItemsOf::Documents,
            _ => ItemsOf::List(self.text(base.span)),
        };
        self.push(UnknownItemError {
            of,
            name: name.to_owned(),
            help,
            span,
            src: self.src.clone(),
        });
    }

    pub(super) fn unknown_field(&mut self, p: &Place, f: &str, span: Span, base: &Expr) {
        let base_text = self.text(base.span);
        let names = self.model.names(p);
        let series = self.model.series_with(p, f);
        let help = match (self.suggest(f, &names, std::slice::from_ref(p)), series) {
            (Some(s), _) if !base_text.contains('…') => {
                Help::DidYouMean(format!("{base_text}.{s}"))
            }
            (Some(s), _) => Help::DidYouMean(s),
            (None, Some(years)) => Help::FigureOfEachYearOf {
                name: f.to_owned(),
                base: base_text.clone(),
                years,
            },
            (None, None) if names.is_empty() => Help::NoFields(base_text.clone()),
            (None, None) => Help::FieldsOf {
                base: base_text.clone(),
                fields: Listing::of(names, 40),
            },
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
    pub(super) fn nowhere(&self, variable: bool) -> Nowhere {
        match (self.model.data.is_some(), variable) {
            (true, true) => Nowhere::NameInData,
            (true, false) => Nowhere::FieldInData,
            (false, true) => Nowhere::NameDeclared,
            (false, false) => Nowhere::FieldDeclared,
        }
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
