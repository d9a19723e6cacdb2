//! Arithmetic and comparison of run-time values, with their units (the
//! algebra of `src/units.rs`) and the unknowns they can give: a missing
//! operand, division by zero, overflow, or a value of the wrong type.

use std::cmp::Ordering;

use super::value::{Num, Reason, Unknown, Val};
use crate::ast::{BinOp, CmpOp, Decimal, Number, Tolerance};
use crate::data::Dataset;
use crate::source::{SourceFile, Span};
use crate::units::{self, Operand, Unit};

/// Where a value is computed: the data, and the rule text for messages.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    /// The data.
    pub data: &'a Dataset,
    /// The rule file.
    pub src: &'a SourceFile,
    /// The expression being computed.
    pub span: Span,
}

impl At<'_> {
    /// The text of `span`, on one line.
    pub(crate) fn text(&self, span: Span) -> String {
        compact(span.text(self.src))
    }

    /// `v` is not what was wanted at `span`.
    pub(crate) fn type_error(&self, wanted: &'static str, v: &Val, span: Span) -> Val {
        let reason = Reason::WrongType {
            what: self.text(span),
            found: v.type_name(self.data),
            shown: v.display(self.data),
            wanted,
        };
        undefined_val(reason, span)
    }

    /// The expression's result does not fit a number.
    pub(crate) fn overflow(&self) -> Val {
        let what = self.text(self.span);
        undefined_val(Reason::Overflow { what }, self.span)
    }
}

/// Whitespace runs (line breaks of a long expression) folded to one space.
pub(crate) fn compact(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An unknown that no data can fix: a wrong type, a division by zero.
pub(crate) fn undefined(reason: Reason, span: Span) -> Unknown {
    Unknown::new(reason, span, None)
}

/// [`undefined`] as a value.
pub(crate) fn undefined_val(reason: Reason, span: Span) -> Val {
    Val::Unknown(Box::new(undefined(reason, span)))
}

/// A number written in the rule.
pub(crate) fn literal_num(n: Number) -> Num {
    match n {
        Number::Int(i) => Num::Int(i),
        Number::Dec(d) => Num::Dec(d),
    }
}

/// "add", "subtract" ...: the verb for a message about `op`.
pub(crate) fn verb(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::And | BinOp::Or => "combine",
    }
}

/// `l OP r` for the arithmetic operators; `zeros` says which operands are
/// the literal `0`, `sides` where the operands are written.
pub(crate) fn arith(
    op: BinOp,
    (l, r): (Val, Val),
    zeros: (bool, bool),
    sides: (Span, Span),
    at: &At<'_>,
) -> Val {
    let (a, ua, b, ub) = match (l, r) {
        (u @ Val::Unknown(_), _) | (_, u @ Val::Unknown(_)) => return u,
        (Val::Num(a, ua), Val::Num(b, ub)) => (a, ua, b, ub),
        (Val::Num(..), v) => return at.type_error("a number", &v, sides.1),
        (v, _) => return at.type_error("a number", &v, sides.0),
    };
    let operands = (
        Operand {
            unit: ua,
            zero: zeros.0,
        },
        Operand {
            unit: ub,
            zero: zeros.1,
        },
    );
    let Some(unit) = units::combine(op, operands.0, operands.1) else {
        let reason = Reason::CannotCombine {
            verb: verb(op),
            lhs: ua.name(),
            rhs: ub.name(),
        };
        return undefined_val(reason, at.span);
    };
    if op == BinOp::Div && b.is_zero() {
        let what = at.text(sides.1);
        return undefined_val(Reason::DivisionByZero { what }, at.span);
    }
    match exact(op, a, b) {
        Some(num) => Val::Num(num, unit),
        None => at.overflow(),
    }
}

/// `a OP b`, exactly: whole numbers stay whole (checked 64-bit), anything
/// with a decimal is a decimal, a quotient is a decimal (see [`Num`]);
/// `None` when the result does not fit.
pub(crate) fn exact(op: BinOp, a: Num, b: Num) -> Option<Num> {
    match (op, a, b) {
        (BinOp::Div, a, b) => a.dec().checked_div(b.dec()).map(Num::Dec),
        (BinOp::Add, Num::Int(x), Num::Int(y)) => x.checked_add(y).map(Num::Int),
        (BinOp::Sub, Num::Int(x), Num::Int(y)) => x.checked_sub(y).map(Num::Int),
        (BinOp::Mul, Num::Int(x), Num::Int(y)) => x.checked_mul(y).map(Num::Int),
        (BinOp::Add, a, b) => a.dec().checked_add(b.dec()).map(Num::Dec),
        (BinOp::Sub, a, b) => a.dec().checked_sub(b.dec()).map(Num::Dec),
        (BinOp::Mul, a, b) => a.dec().checked_mul(b.dec()).map(Num::Dec),
        (BinOp::And | BinOp::Or, ..) => None,
    }
}

/// `l OP r [within TOL]`: true or false, or unknown when an operand is, or
/// when the operands cannot be compared.
pub(crate) fn compare(
    op: CmpOp,
    (l, r): (Val, Val),
    zeros: (bool, bool),
    tol: Option<&Tolerance>,
    at: &At<'_>,
) -> Val {
    let ord = match (&l, &r) {
        (Val::Unknown(_), _) => return l,
        (_, Val::Unknown(_)) => return r,
        (Val::Num(a, ua), Val::Num(b, ub)) => {
            let operands = (
                Operand {
                    unit: *ua,
                    zero: zeros.0,
                },
                Operand {
                    unit: *ub,
                    zero: zeros.1,
                },
            );
            if !units::comparable(operands.0, operands.1) {
                let reason = Reason::CannotCompare {
                    lhs: ua.name(),
                    rhs: ub.name(),
                };
                return undefined_val(reason, at.span);
            }
            match tol {
                Some(t) => {
                    let unit = if zeros.0 { *ub } else { *ua };
                    match within(*a, *b, t, unit, at) {
                        Ok(ord) => ord,
                        Err(v) => return v,
                    }
                }
                None => a.cmp(*b),
            }
        }
        (Val::Text(a), Val::Text(b)) => a.cmp(b),
        (Val::Bool(a), Val::Bool(b)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => a.cmp(b),
        _ => {
            let reason = Reason::CannotCompare {
                lhs: l.type_name(at.data),
                rhs: r.type_name(at.data),
            };
            return undefined_val(reason, at.span);
        }
    };
    Val::Bool(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    })
}

/// How `a` compares with `b` when figures within tolerance `t` count as
/// equal, decided exactly (a difference of exactly the tolerance is
/// within it); an unknown when the tolerance does not fit figures of
/// `unit`.
fn within(a: Num, b: Num, t: &Tolerance, unit: Unit, at: &At<'_>) -> Result<Ordering, Val> {
    if units::tolerance_fits(t, unit).is_err() {
        let figures = unit.plural();
        return Err(undefined_val(Reason::ToleranceUnit { figures }, at.span));
    }
    let allowed = match t {
        Tolerance::Relative(p) => p.checked_mul(b.dec().abs()),
        Tolerance::Points(pp) => pp.checked_div(Decimal::ONE_HUNDRED),
        Tolerance::Absolute(n) | Tolerance::Rupiah(n) => Some(literal_num(*n).dec()),
    };
    let diff = a.dec().checked_sub(b.dec()).map(|d| d.abs());
    match (diff, allowed) {
        (Some(diff), Some(allowed)) if diff <= allowed => Ok(Ordering::Equal),
        (Some(_), Some(_)) => Ok(a.cmp(b)),
        _ => Err(at.overflow()),
    }
}
