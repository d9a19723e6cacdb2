//! Expressions printed with the fewest parentheses that keep their meaning,
//! as a run of [`Piece`]s: text, and the places a long clause may break.
//!
//! Precedence follows the Pratt table in `src/syntax/mod.rs`, loosest first:
//! `or`; `and`; `not`; `within`; comparisons; `exists` / `is missing`;
//! `+ -`; `* /`; unary `-`; `.field` and `[key]`. A child is put in
//! parentheses exactly when the parser would otherwise attach it elsewhere;
//! comparisons never chain, so a comparison inside a comparison always
//! gets them.

use crate::ast::{
    BinOp, Decimal, Expr, ExprKind, Literal, Number, Template, TemplatePart, Tolerance, UnOp,
};

/// Where a long clause may be broken onto a continuation line, loosest
/// first: breaking happens class by class until every line fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// Before the `where` of a `for each`, or the reason of an `unknown
    /// when`.
    Where,
    /// Before `or`.
    Or,
    /// Before `and`.
    And,
    /// Before `+` and `-`.
    AddSub,
    /// Before `*` and `/`.
    MulDiv,
    /// After the `,` between the items of a list written in the rule.
    Items,
}

impl Class {
    /// All classes, loosest first.
    pub(crate) const ALL: [Class; 6] = [
        Class::Where,
        Class::Or,
        Class::And,
        Class::AddSub,
        Class::MulDiv,
        Class::Items,
    ];

    /// Logic breaks put every operand of the chain on its own line;
    /// arithmetic breaks as few times as needed, evenly.
    pub(crate) fn breaks_all(self) -> bool {
        matches!(self, Class::Where | Class::Or | Class::And)
    }
}

/// How far a continuation line is indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hang {
    /// So that the operand after the operator lines up with the first
    /// operand of the chain (marked by [`Piece::ChainStart`]).
    Chain(u32),
    /// This many columns deeper than the clause.
    Fixed(usize),
}

/// A piece of a printed clause.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Text that is never broken.
    Text(String),
    /// A space that may become a line break; the operator follows it.
    Break {
        /// What kind of break it is.
        class: Class,
        /// Where the continuation line starts.
        hang: Hang,
        /// Characters of the operator and the space after it.
        op_len: usize,
    },
    /// Where a chain's first operand starts (zero width).
    ChainStart(u32),
}

/// Operator precedence of an expression's top node, loosest 1, atoms 11.
pub(crate) fn prec(e: &Expr) -> u8 {
    match &e.node {
        ExprKind::Chain { rest, .. } => rest.first().map_or(11, |(op, _)| op.level()),
        ExprKind::Unary(UnOp::Not, _) => 3,
        ExprKind::Compare {
            tolerance: Some(_), ..
        } => 4,
        ExprKind::Compare { .. } | ExprKind::In { .. } => 5,
        ExprKind::Exists { .. } => 6,
        ExprKind::Unary(UnOp::Neg, _) => 9,
        ExprKind::Field(..) | ExprKind::Index(..) => 10,
        ExprKind::Lit(_)
        | ExprKind::List(_)
        | ExprKind::Name(_)
        | ExprKind::Previous
        | ExprKind::Prior
        | ExprKind::Root
        | ExprKind::Call { .. }
        | ExprKind::Comprehension(_) => 11,
    }
}

/// Which operand of a node a child is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The left operand of an infix operator, or the operand of a postfix one.
    Left,
    /// The right operand of an infix operator, or the operand of a prefix one.
    Right,
}

/// Whether `child`, as the `side` operand of `parent`, must be written in
/// parentheses to parse back as the same tree.
pub(crate) fn needs_parens(parent: &Expr, child: &Expr, side: Side) -> bool {
    let c = prec(child);
    match &parent.node {
        ExprKind::Chain { .. } => {
            let p = prec(parent);
            // Left-associative: `a - b - c` needs none, `a - (b - c)` keeps them.
            match side {
                Side::Left => c < p,
                Side::Right => c <= p,
            }
        }
        // Comparisons do not chain: `(a < b) == c` keeps its parentheses.
        ExprKind::Compare { .. } | ExprKind::In { .. } => c <= 5,
        ExprKind::Unary(UnOp::Not, _) => c < 3,
        // `-(-x)` rather than `--x`, which reads like a typo.
        ExprKind::Unary(UnOp::Neg, _) => {
            c < 9 || matches!(child.node, ExprKind::Unary(UnOp::Neg, _))
        }
        ExprKind::Exists { .. } => c < 6,
        ExprKind::Field(..) | ExprKind::Index(..) => c < 10,
        _ => false,
    }
}

/// Prints expressions into pieces.
pub(crate) struct Printer {
    pieces: Vec<Piece>,
    /// Breaks are only offered outside parentheses, calls and brackets.
    breakable: bool,
    next_chain: u32,
}

impl Printer {
    pub(crate) fn new() -> Self {
        Printer {
            pieces: Vec::new(),
            breakable: true,
            next_chain: 0,
        }
    }

    /// The pieces printed so far.
    pub(crate) fn finish(self) -> Vec<Piece> {
        self.pieces
    }

    pub(crate) fn text(&mut self, s: &str) {
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(s);
        } else {
            self.pieces.push(Piece::Text(s.to_owned()));
        }
    }

    /// A place to break before `op` (written after it, with a space).
    pub(crate) fn break_before(&mut self, class: Class, hang: Hang, op: &str) {
        if self.breakable {
            self.pieces.push(Piece::Break {
                class,
                hang,
                op_len: op.chars().count() + 1,
            });
        } else {
            self.text(" ");
        }
        self.text(op);
        self.text(" ");
    }

    /// A place to break before what follows, which starts the
    /// continuation line (the reason of an `unknown when`).
    pub(crate) fn break_here(&mut self, class: Class, hang: Hang) {
        if self.breakable {
            self.pieces.push(Piece::Break {
                class,
                hang,
                op_len: 0,
            });
        } else {
            self.text(" ");
        }
    }

    fn chain_start(&mut self) -> u32 {
        let id = self.next_chain;
        self.next_chain += 1;
        if self.breakable {
            self.pieces.push(Piece::ChainStart(id));
        }
        id
    }

    /// Prints `f` with breaks turned off (inside brackets).
    fn unbreakable(&mut self, f: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.breakable, false);
        f(self);
        self.breakable = was;
    }

    fn child(&mut self, parent: &Expr, child: &Expr, side: Side) {
        if needs_parens(parent, child, side) {
            self.text("(");
            self.unbreakable(|p| p.expr(child));
            self.text(")");
        } else {
            self.expr(child);
        }
    }

    /// Prints `e`.
    pub(crate) fn expr(&mut self, e: &Expr) {
        match &e.node {
            ExprKind::Lit(lit) => self.text(&literal(lit)),
            ExprKind::Name(n) => self.text(n),
            ExprKind::Previous => self.text("previous"),
            ExprKind::Prior => self.text("prior"),
            ExprKind::Root => self.text("root"),
            ExprKind::Field(base, field) => {
                self.child(e, base, Side::Left);
                self.text(".");
                self.text(&field.node);
            }
            ExprKind::Index(base, key) => {
                self.child(e, base, Side::Left);
                self.text("[");
                self.unbreakable(|p| p.expr(key));
                self.text("]");
            }
            ExprKind::Unary(op, x) => {
                self.text(match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "not ",
                });
                self.child(e, x, Side::Right);
            }
            ExprKind::Chain { first, rest } => self.chain(e, first, rest),
            ExprKind::Compare {
                op,
                lhs,
                rhs,
                tolerance,
            } => {
                self.child(e, lhs, Side::Left);
                self.text(" ");
                self.text(op.as_str());
                self.text(" ");
                self.child(e, rhs, Side::Right);
                if let Some(t) = tolerance {
                    self.text(" within ");
                    self.text(&tolerance_text(&t.node));
                }
            }
            ExprKind::List(items) => {
                // A long list breaks after its commas, the items lined up
                // with the first.
                self.text("[");
                let chain = self.chain_start();
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        self.text(",");
                        self.break_here(Class::Items, Hang::Chain(chain));
                    }
                    self.expr(x);
                }
                self.text("]");
            }
            ExprKind::In {
                item,
                collection,
                negated,
            } => {
                self.child(e, item, Side::Left);
                self.text(if *negated { " not in " } else { " in " });
                self.child(e, collection, Side::Right);
            }
            ExprKind::Exists { expr, negated } => {
                self.child(e, expr, Side::Left);
                self.text(if *negated { " is missing" } else { " exists" });
            }
            ExprKind::Call { func, args } => {
                self.text(func.node.name());
                self.text("(");
                self.unbreakable(|p| {
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            p.text(", ");
                        }
                        p.argument(a);
                    }
                });
                self.text(")");
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
                self.text(func.node.name());
                self.text("(");
                self.unbreakable(|p| {
                    for n in leading {
                        p.argument(n);
                        p.text(", ");
                    }
                    p.text(&var.node);
                    p.text(" in ");
                    p.expr(source);
                    if let Some(f) = filter {
                        p.text(" where ");
                        p.expr(f);
                    }
                    if let Some(b) = body {
                        p.text(": ");
                        p.expr(b);
                    }
                });
                self.text(")");
            }
        }
    }

    /// A value passed to a function: in parentheses when it starts with
    /// `NAME in` (`x in C`, `x in C and y`), which would otherwise read as
    /// the `NAME in COLLECTION` of a comprehension.
    fn argument(&mut self, a: &Expr) {
        let text = expr_text(a);
        let name = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len());
        if name > 0 && text[name..].starts_with(" in ") {
            self.text("(");
            self.expr(a);
            self.text(")");
        } else {
            self.expr(a);
        }
    }

    /// A chain of operators of one level (`a + b - c`): its operands break
    /// together, each continuation line lined up with the first operand.
    fn chain(&mut self, e: &Expr, first: &Expr, rest: &[(BinOp, Expr)]) {
        let chain = self.chain_start();
        self.child(e, first, Side::Left);
        for (op, x) in rest {
            self.break_before(class_of(*op), Hang::Chain(chain), op.as_str());
            self.child(e, x, Side::Right);
        }
    }
}

fn class_of(op: BinOp) -> Class {
    match op {
        BinOp::Or => Class::Or,
        BinOp::And => Class::And,
        BinOp::Add | BinOp::Sub => Class::AddSub,
        BinOp::Mul | BinOp::Div => Class::MulDiv,
    }
}

/// An expression on one line, with the fewest parentheses.
pub fn expr_text(e: &Expr) -> String {
    let mut p = Printer::new();
    p.breakable = false;
    p.expr(e);
    flat(&p.finish())
}

/// Pieces joined on one line.
pub(crate) fn flat(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Break { .. } => out.push(' '),
            Piece::ChainStart(_) => {}
        }
    }
    out
}

// ------------------------------------------------------------------ literals

/// A literal as the canonical layout writes it.
pub(crate) fn literal(lit: &Literal) -> String {
    match lit {
        Literal::Number(n) => number(*n),
        Literal::Percent(r) => format!("{}%", percent(*r)),
        Literal::Rupiah(n) => format!("Rp {}", number(*n)),
        Literal::Text(t) => quoted(t),
        Literal::Bool(b) => b.to_string(),
    }
}

fn tolerance_text(t: &Tolerance) -> String {
    match t {
        Tolerance::Relative(r) => format!("{}%", percent(*r)),
        Tolerance::Points(p) => format!("{} pp", group(&p.normalize().to_string())),
        Tolerance::Absolute(n) => number(*n),
        Tolerance::Rupiah(n) => format!("Rp {}", number(*n)),
    }
}

/// `518_141`, `2024`, `0.5`, `1.0`: integers of five digits or more are
/// grouped by thousands with `_`; a decimal always has a `.` and no
/// trailing zeros beyond it.
pub(crate) fn number(n: Number) -> String {
    match n {
        Number::Int(i) => group(&i.to_string()),
        Number::Dec(d) => {
            let mut s = d.normalize().to_string();
            if !s.contains('.') {
                s.push_str(".0");
            }
            group(&s)
        }
    }
}

/// The number to write before `%` for the ratio `r`: `0.3` is written `30`.
fn percent(r: Decimal) -> String {
    let written = r
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(r) // INVARIANT: lowering made `r` by dividing a number it holds by 100
        .normalize();
    group(&written.to_string())
}

/// `_` every three digits of the integer part, when it has five or more.
fn group(s: &str) -> String {
    let (int, rest) = match s.find('.') {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    if int.len() < 5 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

/// A quoted text with `"`, `\`, line breaks and tabs escaped.
pub(crate) fn quoted(t: &str) -> String {
    let mut out = String::with_capacity(t.len() + 2);
    out.push('"');
    escape_into(&mut out, t, false);
    out.push('"');
    out
}

fn escape_into(out: &mut String, t: &str, template: bool) {
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '{' if template => out.push_str("{{"),
            '}' if template => out.push_str("}}"),
            c => out.push(c),
        }
    }
}

/// A message template: text escaped, holes printed on one line.
pub(crate) fn template(t: &Template) -> String {
    let mut out = String::from("\"");
    for part in &t.parts {
        match part {
            TemplatePart::Text(s) => escape_into(&mut out, s, true),
            TemplatePart::Hole(e) => {
                out.push('{');
                out.push_str(&expr_text(e));
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("a decimal")
    }

    #[test]
    fn numbers_are_grouped_from_five_digits() {
        assert_eq!(number(Number::Int(2024)), "2024");
        assert_eq!(number(Number::Int(16800)), "16_800");
        assert_eq!(number(Number::Int(518141)), "518_141");
        assert_eq!(number(Number::Dec(dec("0.5"))), "0.5");
        assert_eq!(number(Number::Dec(dec("0.50"))), "0.5");
        assert_eq!(number(Number::Dec(dec("1.0"))), "1.0");
        assert_eq!(number(Number::Dec(dec("12345.25"))), "12_345.25");
    }

    #[test]
    fn percentages_are_written_as_they_read_back() {
        assert_eq!(percent(dec("0.3")), "30");
        assert_eq!(percent(dec("0.125")), "12.5");
        assert_eq!(percent(dec("0.01")), "1");
        assert_eq!(percent(dec("0.07")), "7");
        assert_eq!(percent(dec("0.3198")), "31.98");
    }
}
