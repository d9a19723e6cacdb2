//! One pipeline for every command: parse → check → evaluate → triage →
//! report model. A command chooses the stages it needs and the renderer;
//! the stages are the same for all of them, so `check`, `explain` and
//! `test` run the same static checks against the same data shape and
//! evaluate the same resolved program.
//!
//! ```text
//! lint:    parse → lint
//! check:   parse + load → admit → check → evaluate → subjects → triage → report
//! explain: parse + load → admit → check → explain
//! test:    parse, and per fixture: load → check → evaluate → compare
//! ```
//!
//! `admit` and `subjects` are the fail-closed gates ([`crate::admit`]):
//! no rules, no documents, a document without figures, or a run in which
//! no rule found a subject is never a pass.

pub use crate::admit::{admit, subjects};
use crate::ast::{RuleFile, RuleRef, all_rules};
use crate::check::{CheckError, Options, Program};
use crate::data::Dataset;
use crate::eval::{Evaluation, Explanation, explain_program};

/// The static checks of rule files alone, against their declarations
/// (`patuh lint`): errors and warnings, sorted by file and position.
pub fn lint(rules: &[RuleFile]) -> Vec<CheckError> {
    crate::check::check(rules, None)
}

/// Rules checked against the data: the resolved program every later stage
/// runs, and the warnings of the checks.
pub struct Checked<'a> {
    /// The rule files.
    pub rules: &'a [RuleFile],
    /// The data.
    pub data: &'a Dataset,
    /// Every rule, resolved against the data's shape.
    pub program: Program<'a>,
    /// What the checks found that does not stop the run.
    pub warnings: Vec<CheckError>,
}

/// The static checks of `rules` against `data`. Every problem found, errors
/// and warnings, sorted by file and position, when any is an error:
/// nothing may be evaluated then.
pub fn check<'a>(rules: &'a [RuleFile], data: &'a Dataset) -> Result<Checked<'a>, Vec<CheckError>> {
    check_with(rules, data, Options::default())
}

/// [`check`], with the user's [`Options`] (`--deny-undeclared`).
pub fn check_with<'a>(
    rules: &'a [RuleFile],
    data: &'a Dataset,
    options: Options,
) -> Result<Checked<'a>, Vec<CheckError>> {
    let (program, found) = crate::check::resolve(rules, Some(data), options);
    if crate::check::has_errors(&found) {
        return Err(found);
    }
    Ok(Checked {
        rules,
        data,
        program,
        warnings: found,
    })
}

impl Checked<'_> {
    /// Every rule against every document: the outcomes and the findings.
    pub fn evaluate(&self) -> Evaluation {
        crate::eval::run(&self.program, self.rules, self.data)
    }

    /// The rules with id `id`, in rule order (one, unless ids repeat).
    pub fn rules_named(&self, id: &str) -> Vec<RuleRef> {
        all_rules(self.rules)
            .filter(|(_, r)| r.id.node == id)
            .map(|(r, _)| r)
            .collect()
    }

    /// How `rule` decided, for the subjects whose name `select` accepts.
    pub fn explain(&self, rule: RuleRef, select: &dyn Fn(&str) -> bool) -> Explanation {
        let subjects = match self.program.rules.iter().find(|r| r.rule == rule) {
            Some(r) => explain_program(r, self.rules, self.data, select),
            None => Vec::new(),
        };
        Explanation { rule, subjects }
    }
}
