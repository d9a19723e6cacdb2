//! Lowering calls: a function of the table (`src/builtins`) by its name
//! and the shape of its arguments, or an error that says which shape it
//! takes.

use pest::iterators::Pair;

use super::super::Rule;
use super::super::error::{
    ArgumentsProblem, Hint, Names, UnknownFunctionError, Values, WrongArgumentsError,
};
use super::{Arg, Binder, Lowerer, Node};
use crate::ast::{Builtin, Expr, ExprKind, Ident};
use crate::builtins::{self, Shape, Spec};
use crate::fuzzy;
use crate::source::{Span, Spanned};

impl Lowerer<'_> {
    // ------------------------------------------------------------- calls

    pub(super) fn call(&self, pair: Pair<'_, Rule>) -> Option<Node> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let func = self.ident(&inner.next()?);
        let specs: Vec<&'static Spec> = builtins::named(&func.node).collect();
        if specs.is_empty() {
            self.unknown_function(&func);
            return None;
        }
        let mut args = Vec::new();
        let mut ok = true;
        for p in inner {
            match p.as_rule() {
                Rule::expr => match self.node(p) {
                    Some(n) => args.push(Arg::Value(n)),
                    None => ok = false,
                },
                Rule::binder => match self.binder(p) {
                    Some(b) => args.push(b),
                    None => ok = false,
                },
                _ => {} // `,` and `)`
            }
        }
        if !ok {
            return None;
        }
        let depth = args
            .iter()
            .map(|a| match a {
                Arg::Value(n) => n.depth,
                Arg::Binder(b) => [Some(&b.source), b.filter.as_ref(), b.body.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|n| n.depth)
                    .max()
                    .unwrap_or(0),
            })
            .max()
            .unwrap_or(0)
            + 1;
        // `count(s)` and `count(r in s ...)` are two functions of one name.
        let binder = args.iter().any(|a| matches!(a, Arg::Binder(_)));
        let spec = specs
            .iter()
            .find(|s| s.builtin.is_comprehension() == binder)
            .unwrap_or(&specs[0]);
        let kind = self.call_kind(spec, func.span, args, span)?;
        self.capped(Node::new(kind, span, depth))
    }

    fn unknown_function(&self, func: &Ident) {
        let mut names: Vec<&str> = builtins::TABLE.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        let synonyms: Vec<(&str, &str)> = builtins::TABLE
            .iter()
            .flat_map(|s| s.synonyms.iter().map(move |w| (*w, s.name)))
            .collect();
        let help = match fuzzy::suggest(&func.node, names.iter().copied(), &synonyms) {
            Some(s) => Hint::DidYouMean(s.to_owned()),
            None => Hint::Functions(Names(names)),
        };
        self.error(UnknownFunctionError {
            name: func.node.clone(),
            help,
            span: func.span,
            src: self.file.clone(),
        });
    }

    fn binder(&self, pair: Pair<'_, Rule>) -> Option<Arg> {
        let mut var = None;
        let (mut source, mut filter, mut body) = (None, None, None);
        let mut slot = 0;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => var = Some(self.ident(&p)),
                Rule::kw_where => slot = 1,
                Rule::colon => slot = 2,
                Rule::expr => {
                    let n = self.node(p);
                    ok &= n.is_some();
                    match slot {
                        0 => source = n,
                        1 => filter = n,
                        _ => body = n,
                    }
                }
                _ => {}
            }
        }
        if !ok {
            return None;
        }
        Some(Arg::Binder(Box::new(Binder {
            var: var?,
            source: source?,
            filter,
            body,
        })))
    }

    /// The call of `spec` (its name written at `at`) with `args`, or an
    /// error when they do not fit its shape.
    fn call_kind(
        &self,
        spec: &'static Spec,
        at: Span,
        args: Vec<Arg>,
        span: Span,
    ) -> Option<ExprKind> {
        let func = Spanned::new(spec.builtin, at);
        let problem = match spec.shape {
            Shape::Call(params) => {
                let binder = args.iter().any(|a| matches!(a, Arg::Binder(_)));
                let expected = Values(params.len());
                let required = params.iter().filter(|p| !p.optional()).count();
                if binder {
                    ArgumentsProblem::TakesValues { expected }
                } else if !(required..=params.len()).contains(&args.len()) {
                    if required == params.len() {
                        ArgumentsProblem::Arity {
                            expected,
                            found: args.len(),
                        }
                    } else {
                        ArgumentsProblem::ArityBetween {
                            fewest: required,
                            most: params.len(),
                            found: args.len(),
                        }
                    }
                } else {
                    let args = args
                        .into_iter()
                        .filter_map(|a| match a {
                            Arg::Value(v) => Some(v.expr),
                            Arg::Binder(_) => None,
                        })
                        .collect();
                    return Some(ExprKind::Call { func, args });
                }
            }
            Shape::Comprehension { leading, .. } => {
                let n = leading.len();
                let fits = args.len() == n + 1
                    && args[..n].iter().all(|a| matches!(a, Arg::Value(_)))
                    && matches!(args[n], Arg::Binder(_));
                if fits {
                    let mut values = Vec::new();
                    let mut binder = None;
                    for a in args {
                        match a {
                            Arg::Value(v) => values.push(v.expr),
                            Arg::Binder(b) => binder = Some(b),
                        }
                    }
                    return Some(comprehension(func, values, binder?));
                }
                if n == 0 {
                    ArgumentsProblem::NeedsBinder
                } else {
                    ArgumentsProblem::NeedsLeadingAndBinder { leading: Values(n) }
                }
            }
        };
        self.error(WrongArgumentsError {
            name: spec.name,
            problem,
            example: spec.example,
            span,
            signature: spec.signature,
            src: self.file.clone(),
        });
        None
    }
}

fn comprehension(func: Spanned<Builtin>, leading: Vec<Expr>, binder: Box<Binder>) -> ExprKind {
    let Binder {
        var,
        source,
        filter,
        body,
    } = *binder;
    ExprKind::Comprehension(Box::new(crate::ast::Comprehension {
        func,
        leading,
        var,
        source: Box::new(source.expr),
        filter: filter.map(|n| Box::new(n.expr)),
        body: body.map(|n| Box::new(n.expr)),
    }))
}
