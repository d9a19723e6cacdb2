//! Operators and functions: how the types of operands combine (see
//! `types.rs` for the units), and what a mismatch says. Part of checking a
//! rule (`scope.rs`).

use crate::ast::{Aggregate, BinOp, CmpOp, Expr, ExprKind, Ident, Literal, Tolerance};
use crate::source::Spanned;

use super::advice::{leaf, listing, literal_fix, literal_name, mismatch_fix, nearest};
use super::error::{
    IncompatibleOperandsError, LiteralTypeError, ToleranceUnitError, UnknownValueError,
    WrongTypeError,
};
use super::scope::{RuleCheck, Typed};
use super::types::{Ty, Unit, mismatch_message, orders};
use crate::units::{self, Operand};

impl<'r> RuleCheck<'_, 'r> {
    // ---- operators -----------------------------------------------------------------

    pub(super) fn arith(&mut self, op: BinOp, l: &Expr, lt: Typed, r: &Expr, rt: Typed) -> Ty {
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        match (&a, &b) {
            (Ty::Num(x), Ty::Num(y)) => match units::combine(op, operand(l, *x), operand(r, *y)) {
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

    pub(super) fn compare(
        &mut self,
        op: CmpOp,
        l: &'r Expr,
        r: &'r Expr,
        tol: Option<&Spanned<Tolerance>>,
    ) {
        let lt = self.typed(l);
        let rt = self.typed(r);
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        let ok = match (&a, &b) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Num(x), Ty::Num(y)) => units::comparable(operand(l, *x), operand(r, *y)),
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
        // The unit the operands share: a literal zero takes the other's.
        let unit = match (&a, &b) {
            (Ty::Num(x), _) if !is_zero(l) => Some(*x),
            (_, Ty::Num(y)) => Some(*y),
            (Ty::Num(x), _) => Some(*x),
            _ => None,
        };
        let numbers = [&a, &b]
            .into_iter()
            .all(|t| matches!(t, Ty::Num(_) | Ty::Any));
        if !numbers {
            let side = if matches!(a, Ty::Any) { &b } else { &a };
            let tol_text = self.text(tol.span);
            self.push(WrongTypeError {
                message: format!(
                    "`within {tol_text}` needs numbers, but the comparison is of {}",
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
            return;
        }
        if let Some(u) = unit
            && let Err(misfit) = units::tolerance_fits(&tol.node, u)
        {
            let written = self.text(tol.span);
            let amount = written
                .trim_start_matches("Rp")
                .trim_end_matches("pp")
                .trim()
                .to_owned();
            self.push(ToleranceUnitError::new(
                misfit,
                amount,
                u,
                tol.span,
                self.src.clone(),
            ));
        }
    }

    /// `x == "text"` where the data never has that text at `x`.
    pub(super) fn unknown_value(&mut self, lit: &Expr, other: &Expr, other_t: &Typed) {
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

    pub(super) fn mismatch(
        &mut self,
        op: Option<BinOp>,
        l: &Expr,
        lt: &Typed,
        r: &Expr,
        rt: &Typed,
    ) {
        let (a, b) = (lt.ty.clone().scalar(), rt.ty.clone().scalar());
        let literal = |e: &Expr| match &e.node {
            ExprKind::Lit(lit) => Some(lit.clone()),
            _ => None,
        };
        let undeclared = |t: &Typed| t.place.as_ref().and_then(|p| self.model.undeclared_path(p));
        match (literal(l), literal(r)) {
            (Some(lit), None) => self.literal_mismatch(&lit, l, r, &b, undeclared(rt)),
            (None, Some(lit)) => self.literal_mismatch(&lit, r, l, &a, undeclared(lt)),
            _ => {
                let undeclared = undeclared(lt).or_else(|| undeclared(rt));
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

    pub(super) fn literal_mismatch(
        &mut self,
        lit: &Literal,
        at: &Expr,
        other: &Expr,
        other_t: &Ty,
        undeclared: Option<String>,
    ) {
        let lit_text = self.text(at.span);
        let other_text = self.text(other.span);
        let help = match (lit, other_t) {
            (Literal::Percent(_), Ty::Num(Unit::Count | Unit::Number))
                if let Some(f) = &undeclared =>
            {
                format!(
                    "if `{}` holds percentages, declare it: `field {f}: percent` (or `ratio` for fractions)",
                    leaf(f)
                )
            }
            (Literal::Rupiah(_), Ty::Num(Unit::Count | Unit::Number))
                if let Some(f) = &undeclared =>
            {
                format!(
                    "if `{}` is an amount of money, declare it: `field {f}: rupiah`",
                    leaf(f)
                )
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

    pub(super) fn call(&mut self, func: &Ident, args: &'r [Expr]) -> Ty {
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
                    Ty::Num(u) => units::combine(BinOp::Sub, Operand::of(u), Operand::of(u))
                        .map_or(Ty::Any, Ty::Num),
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

    pub(super) fn comprehension(
        &mut self,
        func: &'r Aggregate,
        var: &'r Ident,
        source: &'r Expr,
        filter: Option<&'r Expr>,
        body: Option<&'r Expr>,
    ) -> Ty {
        let name = func.as_str();
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
                    if !matches!(kt, Ty::Num(Unit::Count | Unit::Number) | Ty::Any) {
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
                            Aggregate::Sum | Aggregate::Avg => {
                                units::combine(BinOp::Add, Operand::of(u), Operand::of(u))
                            }
                            _ => Some(u),
                        };
                        match (summed, func) {
                            (Some(Unit::Count), Aggregate::Avg) => Ty::Num(Unit::Number),
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

/// Whether `e` is the literal `0`, which is zero in every unit.
pub(super) fn is_zero(e: &Expr) -> bool {
    e.node.is_zero()
}

/// An operand of unit `u`, as the unit algebra sees it.
pub(super) fn operand(e: &Expr, u: Unit) -> Operand {
    Operand {
        unit: u,
        zero: is_zero(e),
    }
}
