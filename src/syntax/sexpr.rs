//! S-expressions: expressions printed with every operator made explicit, so
//! precedence is visible at a glance in tests and in `patuh explain`.

use std::fmt::Write;

use crate::ast::{Decimal, Expr, ExprKind, Literal, Number, Tolerance, UnOp};

/// Prints `expr` fully parenthesised:
/// `a > previous.a and x exists` → `(and (> a (. previous a)) (exists x))`.
///
/// Forms: `(. e field)`, `([] e key)`, `(- e)`, `(not e)`, `(+ a b)`,
/// `(== a b)`, `(== a b (within (relative 0.02)))`, `(exists e)`,
/// `(missing e)`, `(call abs x)`, `(sum r (in s) (where f) (: body))`,
/// `(at_least 3 r (in s) (: body))`; literals `518141`, `0.5`,
/// `(percent 0.3)`, `(rp 16800)`, `"text"`, `true`.
pub fn sexpr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr);
    out
}

fn write_expr(out: &mut String, expr: &Expr) {
    match &expr.node {
        ExprKind::Lit(lit) => write_lit(out, lit),
        ExprKind::Name(name) => out.push_str(name),
        ExprKind::Previous => out.push_str("previous"),
        ExprKind::Prior => out.push_str("prior"),
        ExprKind::Root => out.push_str("root"),
        ExprKind::Field(e, field) => {
            out.push_str("(. ");
            write_expr(out, e);
            let _ = write!(out, " {})", field.node);
        }
        ExprKind::Index(e, key) => {
            out.push_str("([] ");
            write_expr(out, e);
            out.push(' ');
            write_expr(out, key);
            out.push(')');
        }
        ExprKind::Unary(op, e) => {
            out.push_str(match op {
                UnOp::Neg => "(- ",
                UnOp::Not => "(not ",
            });
            write_expr(out, e);
            out.push(')');
        }
        // As the operators fold, left to right: `a + b - c` is
        // `(- (+ a b) c)`, written without recursing down the fold.
        ExprKind::Chain { first, rest } => {
            for (op, _) in rest.iter().rev() {
                let _ = write!(out, "({} ", op.as_str());
            }
            write_expr(out, first);
            for (_, e) in rest {
                out.push(' ');
                write_expr(out, e);
                out.push(')');
            }
        }
        ExprKind::Compare {
            op,
            lhs,
            rhs,
            tolerance,
        } => {
            let _ = write!(out, "({} ", op.as_str());
            write_expr(out, lhs);
            out.push(' ');
            write_expr(out, rhs);
            if let Some(tol) = tolerance {
                let _ = match &tol.node {
                    Tolerance::Relative(r) => {
                        write!(out, " (within (relative {}))", canonical(*r))
                    }
                    Tolerance::Points(p) => write!(out, " (within (points {}))", canonical(*p)),
                    Tolerance::Absolute(n) => write!(out, " (within (absolute {}))", number(*n)),
                    Tolerance::Rupiah(n) => write!(out, " (within (rp {}))", number(*n)),
                };
            }
            out.push(')');
        }
        ExprKind::List(items) => {
            out.push_str("(list");
            for i in items {
                out.push(' ');
                write_expr(out, i);
            }
            out.push(')');
        }
        ExprKind::In {
            item,
            collection,
            negated,
        } => {
            out.push_str(if *negated { "(not-in " } else { "(in " });
            write_expr(out, item);
            out.push(' ');
            write_expr(out, collection);
            out.push(')');
        }
        ExprKind::Exists { expr, negated } => {
            out.push_str(if *negated { "(missing " } else { "(exists " });
            write_expr(out, expr);
            out.push(')');
        }
        ExprKind::Call { func, args } => {
            let _ = write!(out, "(call {}", func.node.name());
            for arg in args {
                out.push(' ');
                write_expr(out, arg);
            }
            out.push(')');
        }
        ExprKind::Comprehension(c) => {
            let crate::ast::Comprehension {
                func,
                leading,
                var,
                source,
                filter,
                body,
            } = &**c;
            let _ = write!(out, "({} ", func.node.name());
            for n in leading {
                write_expr(out, n);
                out.push(' ');
            }
            let _ = write!(out, "{} (in ", var.node);
            write_expr(out, source);
            out.push(')');
            if let Some(f) = filter {
                out.push_str(" (where ");
                write_expr(out, f);
                out.push(')');
            }
            if let Some(b) = body {
                out.push_str(" (: ");
                write_expr(out, b);
                out.push(')');
            }
            out.push(')');
        }
    }
}

fn write_lit(out: &mut String, lit: &Literal) {
    let _ = match lit {
        Literal::Number(n) => write!(out, "{}", number(*n)),
        Literal::Percent(r) => write!(out, "(percent {})", canonical(*r)),
        Literal::Rupiah(n) => write!(out, "(rp {})", number(*n)),
        Literal::Text(t) => write!(out, "{t:?}"),
        Literal::Bool(b) => write!(out, "{b}"),
    };
}

fn number(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Dec(d) => canonical(d),
    }
}

/// A decimal by its value, not by how it was written: `0.50` is `0.5`,
/// `1.0` stays `1.0` (a decimal keeps its point).
fn canonical(d: Decimal) -> String {
    let mut s = d.normalize().to_string();
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}
