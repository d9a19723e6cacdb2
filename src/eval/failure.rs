//! Why a condition was false: the smallest part of it that decides, with
//! the values on each side, for the finding's label.

use super::observe::Observer;
use super::reason::{Listed, Quoted, Side, Why};
use super::run::Cx;
use super::value::{Val, format_pair};
use crate::check::{Kind, Node};
use crate::source::Span;

impl<'a, O: Observer> Cx<'a, O> {
    /// The smallest part of a false condition that makes it false, and why.
    pub(super) fn explain_false(&mut self, e: &'a Node<'a>) -> (Span, Why) {
        let span = e.span();
        let why = match &e.kind {
            Kind::Logic(true, operands) => {
                // the first operand that is false decides
                let mut decides = operands.last();
                for x in operands {
                    let mark = self.reads.len();
                    let false_here = self.eval(x) == Val::Bool(false);
                    self.reads.truncate(mark);
                    if false_here {
                        decides = Some(x);
                        break;
                    }
                }
                if let Some(x) = decides {
                    return self.explain_false(x);
                }
                Why::IsFalse {
                    side: Side {
                        text: self.text(span),
                        shown: None,
                    },
                }
            }
            Kind::Logic(false, operands) => {
                for x in operands {
                    self.eval(x);
                }
                let texts: Vec<String> = operands.iter().map(|x| self.text(x.span())).collect();
                match texts.as_slice() {
                    [lhs, rhs] => Why::Neither {
                        lhs: lhs.clone(),
                        rhs: rhs.clone(),
                    },
                    _ => Why::NoneHolds {
                        operands: Quoted(texts),
                    },
                }
            }
            Kind::Not(x) => {
                let v = self.eval(x);
                Why::IsTrue {
                    side: self.side(x, &v),
                }
            }
            Kind::Compare { op, lhs, rhs, tol } => {
                let lv = self.eval(lhs).scalar(self.data);
                let rv = self.eval(rhs).scalar(self.data);
                // with the digits that tell two different figures apart
                let (ls, rs) = match (&lv, &rv) {
                    (Val::Num(a, ua), Val::Num(b, ub)) => format_pair((*a, *ua), (*b, *ub)),
                    _ => (lv.display(self.data), rv.display(self.data)),
                };
                let (lhs, op, rhs) = (
                    self.side_shown(lhs, ls),
                    op.as_str(),
                    self.side_shown(rhs, rs),
                );
                match (tol, &e.ast.node) {
                    (
                        Some(_),
                        crate::ast::ExprKind::Compare {
                            tolerance: Some(t), ..
                        },
                    ) => Why::NotWithin {
                        lhs,
                        op,
                        rhs,
                        tolerance: self.text(t.span),
                    },
                    _ => Why::NotCompared { lhs, op, rhs },
                }
            }
            Kind::In {
                item,
                collection,
                negated,
            } => {
                let v = self.eval(item);
                self.eval(&collection.expr);
                let (side, among) = (self.side(item, &v), self.text(collection.expr.span()));
                if *negated {
                    Why::IsIn { side, among }
                } else {
                    Why::NotIn { side, among }
                }
            }
            Kind::Exists {
                expr,
                negated: true,
            } => {
                let v = self.eval(expr);
                Why::Exists {
                    side: self.side(expr, &v),
                }
            }
            Kind::Exists {
                expr,
                negated: false,
            } => {
                if let Val::Unknown(u) = self.eval(expr)
                    && let Some(at) = u.expected_at
                {
                    self.reads.push(at);
                }
                Why::Missing {
                    what: self.text(expr.span()),
                }
            }
            Kind::Comprehension(c)
                if matches!(
                    c.func,
                    crate::ast::Builtin::Every | crate::ast::Builtin::None
                ) =>
            {
                let crate::check::Comprehension {
                    func,
                    slot,
                    var,
                    source,
                    filter,
                    body,
                    ..
                } = &**c;
                let every = *func == crate::ast::Builtin::Every;
                let items =
                    self.comprehension(*slot, var, source, filter.as_deref(), body.as_deref());
                match items {
                    Ok(items) => {
                        let total = items.len();
                        let bad: Vec<String> = items
                            .iter()
                            .filter(|(_, b)| *b == Val::Bool(!every))
                            .map(|(item, _)| self.item_label(item))
                            .collect();
                        let (count, items) = (bad.len(), Listed(bad));
                        if every {
                            Why::NotEvery {
                                count,
                                total,
                                items,
                            }
                        } else {
                            Why::NotNone {
                                count,
                                total,
                                items,
                            }
                        }
                    }
                    Err(_) => Why::IsFalse {
                        side: Side {
                            text: self.text(span),
                            shown: None,
                        },
                    },
                }
            }
            _ => {
                let v = self.eval(e);
                Why::IsFalse {
                    side: self.side(e, &v),
                }
            }
        };
        (span, why)
    }

    /// An operand in a label, with its value.
    fn side(&self, e: &Node<'_>, v: &Val) -> Side {
        self.side_shown(e, v.display(self.data))
    }

    /// An operand in a label, shown as `shown`; a literal as written.
    fn side_shown(&self, e: &Node<'_>, shown: String) -> Side {
        let text = self.text(e.span());
        match &e.kind {
            Kind::Lit(_) => Side { text, shown: None },
            _ => Side {
                text,
                shown: Some(shown),
            },
        }
    }
}
