//! Lowering the items of a rule file: rules with their clauses, and field
//! declarations.

use pest::iterators::Pair;

use super::super::Rule;
use super::super::error::{
    DuplicateClauseError, Hint, MissingRequireError, Names, OptionalFigureError,
    UnknownSeverityError, UnknownTypeError,
};
use super::Lowerer;
use crate::ast::{
    Expr, FieldDecl, FieldType, ForEach, Ident, Let, Rule as AstRule, Severity, Template,
    UnknownWhen,
};
use crate::fuzzy;
use crate::source::{Span, Spanned};

/// Type names auditors and programmers reach for, and the type they mean.
const TYPE_SYNONYMS: &[(&str, &str)] = &[
    ("int", "count"),
    ("integer", "count"),
    ("number", "decimal"),
    ("float", "decimal"),
    ("percentage", "percent"),
    ("idr", "rupiah"),
    ("money", "rupiah"),
    ("string", "text"),
    ("boolean", "bool"),
    ("array", "list"),
    ("years", "series"),
    ("object", "map"),
    ("record", "map"),
];

impl Lowerer<'_> {
    // ------------------------------------------------------------- rules

    /// The rules and field declarations of a `file` or `rule_only` parse.
    pub(crate) fn items(&self, top: Pair<'_, Rule>) -> (Vec<AstRule>, Vec<FieldDecl>) {
        let (mut rules, mut fields) = (Vec::new(), Vec::new());
        for p in top.into_inner() {
            match p.as_rule() {
                Rule::rule => rules.extend(self.rule(p)),
                Rule::field_decl => fields.extend(self.field_decl(p)),
                _ => {} // SOI, EOI
            }
        }
        (rules, fields)
    }

    /// `field participants.bpu: count "active BPU participants"`.
    fn field_decl(&self, pair: Pair<'_, Rule>) -> Option<FieldDecl> {
        let span = self.span(&pair);
        let (mut path, mut ty, mut doc) = (Vec::new(), None, None);
        let mut optional = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field_path => path = p.into_inner().map(|n| self.ident(&n)).collect(),
                Rule::type_word => ty = Some(self.field_type(&p)?),
                Rule::kw_optional => optional = Some(self.span(&p)),
                Rule::string => doc = Some(self.string(p)?),
                _ => {} // `field`, `:`
            }
        }
        let ty: Spanned<FieldType> = ty?;
        if let Some(at) = optional
            && !ty.node.is_collection()
        {
            let field = path
                .iter()
                .map(|p: &Ident| p.node.as_str())
                .collect::<Vec<_>>();
            self.error(OptionalFigureError {
                field: field.join("."),
                ty: ty.node.as_str(),
                span: at,
                src: self.file.clone(),
            });
            return None;
        }
        Some(FieldDecl {
            path,
            ty,
            optional: optional.is_some(),
            doc,
            span,
        })
    }

    fn field_type(&self, word: &Pair<'_, Rule>) -> Option<Spanned<FieldType>> {
        let span = self.span(word);
        let text = word.as_str();
        if let Some(t) = FieldType::ALL.into_iter().find(|t| t.as_str() == text) {
            return Some(Spanned::new(t, span));
        }
        let all: Vec<&'static str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
        let help = match fuzzy::suggest(text, all.iter().copied(), TYPE_SYNONYMS) {
            Some(s) => Hint::DidYouMean(s.to_owned()),
            None => Hint::Types(Names(all)),
        };
        self.error(UnknownTypeError {
            word: text.to_owned(),
            help,
            span,
            src: self.file.clone(),
        });
        None
    }

    fn rule(&self, pair: Pair<'_, Rule>) -> Option<AstRule> {
        let span = self.span(&pair);
        let before = self.errors.borrow().len();
        let mut id: Option<Ident> = None;
        let mut title = None;
        let mut severity: Option<(Span, Option<Spanned<Severity>>)> = None;
        let mut basis: Option<(Span, Option<Spanned<String>>)> = None;
        let mut require: Option<(Span, Option<Expr>)> = None;
        let mut message: Option<(Span, Option<Template>)> = None;
        let mut loops = Vec::new();
        let mut lets = Vec::new();
        let mut unknowns = Vec::new();
        let mut loops_ok = true;
        for p in pair.into_inner() {
            let clause_span = self.span(&p);
            match p.as_rule() {
                Rule::ident => id = Some(self.ident(&p)),
                Rule::string => title = self.string(p),
                Rule::severity_clause => {
                    self.clause(&mut severity, "severity", clause_span, &id, || {
                        self.severity(&p.into_inner().nth(1)?)
                    })
                }
                Rule::basis_clause => self.clause(&mut basis, "basis", clause_span, &id, || {
                    self.string(p.into_inner().nth(1)?)
                }),
                Rule::require_clause => {
                    self.clause(&mut require, "require", clause_span, &id, || {
                        self.expr(p.into_inner().nth(1)?)
                    })
                }
                Rule::message_clause => {
                    self.clause(&mut message, "message", clause_span, &id, || {
                        self.template(p.into_inner().nth(1)?)
                    })
                }
                Rule::for_clause => match self.for_each(p) {
                    Some(l) => loops.push(l),
                    None => loops_ok = false,
                },
                Rule::let_clause => match self.let_clause(p, loops.len()) {
                    Some(l) => lets.push(l),
                    None => loops_ok = false,
                },
                Rule::unless_clause => match self.unless_clause(p) {
                    Some(u) => unknowns.push(u),
                    None => loops_ok = false,
                },
                _ => {} // keywords and braces
            }
        }
        let id = id?;
        let Some((_, require)) = require else {
            let header = Span::new(span.start as usize, id.span.end as usize);
            self.error(MissingRequireError {
                rule: id.node.clone(),
                span: header,
                src: self.file.clone(),
            });
            return None;
        };
        if self.errors.borrow().len() > before || !loops_ok {
            return None;
        }
        let severity = match severity {
            Some((_, s)) => s?,
            None => Spanned::new(Severity::Error, id.span),
        };
        Some(AstRule {
            title,
            severity,
            basis: match basis {
                Some((_, b)) => Some(b?),
                None => None,
            },
            loops,
            lets,
            unknowns,
            require: require?,
            message: match message {
                Some((_, m)) => Some(m?),
                None => None,
            },
            span,
            id,
        })
    }

    /// Lowers a clause that may appear once into `slot`, or records a
    /// duplicate if `slot` is already filled.
    fn clause<T>(
        &self,
        slot: &mut Option<(Span, Option<T>)>,
        clause: &'static str,
        span: Span,
        id: &Option<Ident>,
        lower: impl FnOnce() -> Option<T>,
    ) {
        let Some((first, _)) = slot else {
            *slot = Some((span, lower()));
            return;
        };
        let help = match clause {
            "require" => Hint::OneRequire,
            "message" => Hint::OneMessage,
            _ => Hint::KeepOne,
        };
        self.error(DuplicateClauseError {
            rule: id.as_ref().map_or(String::new(), |i| i.node.clone()),
            clause,
            help,
            first: *first,
            second: span,
            src: self.file.clone(),
        });
    }

    fn severity(&self, word: &Pair<'_, Rule>) -> Option<Spanned<Severity>> {
        let span = self.span(word);
        let severity = match word.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                let all = ["error", "warning", "info"];
                let help = match fuzzy::suggest(other, all, &[("warn", "warning")]) {
                    Some(s) => Hint::SeverityMeant(s),
                    None => Hint::Severities,
                };
                self.error(UnknownSeverityError {
                    word: other.to_owned(),
                    help,
                    span,
                    src: self.file.clone(),
                });
                return None;
            }
        };
        Some(Spanned::new(severity, span))
    }

    /// `let NAME = EXPR`, after `after` `for each` clauses.
    fn let_clause(&self, pair: Pair<'_, Rule>, after: usize) -> Option<Let> {
        let span = self.span(&pair);
        let mut name = None;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(&p)),
                Rule::expr => value = Some(self.expr(p)?),
                _ => {} // `let`, `=`
            }
        }
        Some(Let {
            name: name?,
            value: value?,
            after,
            span,
        })
    }

    /// `unknown when CONDITION "reason"`.
    fn unless_clause(&self, pair: Pair<'_, Rule>) -> Option<UnknownWhen> {
        let span = self.span(&pair);
        let mut condition = None;
        let mut reason = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::expr => condition = Some(self.expr(p)?),
                Rule::string => reason = Some(self.string(p)?),
                _ => {} // `unknown`, `when`
            }
        }
        Some(UnknownWhen {
            condition: condition?,
            reason: reason?,
            span,
        })
    }

    fn for_each(&self, pair: Pair<'_, Rule>) -> Option<ForEach> {
        let span = self.span(&pair);
        let mut var = None;
        let mut sources = Vec::new();
        let mut filter = None;
        let mut in_filter = false;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => var = Some(self.ident(&p)),
                Rule::kw_where => in_filter = true,
                Rule::expr => {
                    let e = self.expr(p);
                    ok &= e.is_some();
                    if in_filter {
                        filter = e;
                    } else {
                        sources.extend(e);
                    }
                }
                _ => {}
            }
        }
        ok.then_some(ForEach {
            var: var?,
            sources,
            filter,
            span,
        })
    }
}
