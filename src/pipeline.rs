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

/// `--rule ID` and `--skip-rule ID`: the rules a command runs. Every
/// command that runs rules (`check`, `test`, `explain`) selects through
/// this, so a rule is selected the same way everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--rule`: only these (all when empty).
    pub only: Vec<String>,
    /// `--skip-rule`: not these.
    pub skip: Vec<String>,
}

/// `--rule` or `--skip-rule` naming a rule that no rule file has.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{flag} {id}` names no rule")]
#[diagnostic(code(patuh::input::unknown_rule), help("{help}"))]
pub struct UnknownRule {
    /// `--rule` or `--skip-rule`.
    pub flag: &'static str,
    /// The id given.
    pub id: String,
    /// The rule meant, or the rules there are.
    pub help: RuleHelp,
}

/// `--rule` and `--skip-rule` that together leave no rule to run: a run
/// that checks nothing is never a pass.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{options} select no rule")]
#[diagnostic(
    code(patuh::input::nothing_selected),
    help(
        "every rule the options name is skipped, or every rule there is: drop a `--skip-rule`, or name another rule with `--rule` (`patuh rules` lists them)"
    )
)]
pub struct NothingSelected {
    /// The options, as given.
    pub options: String,
}

/// The help of [`UnknownRule`]: the id meant, else the ids there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHelp {
    /// The nearest id, when one is close.
    pub meant: Option<String>,
    /// Every rule id, in rule order.
    pub ids: Vec<String>,
}

impl std::fmt::Display for RuleHelp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(m) = &self.meant {
            return write!(f, "did you mean `{m}`? `patuh rules` lists the rules");
        }
        let shown: Vec<String> = self.ids.iter().take(8).map(|i| format!("`{i}`")).collect();
        match self.ids.len() {
            0 => f.write_str("no rule file given has a rule"),
            n if n > shown.len() => write!(
                f,
                "the rules are {} and {} more (`patuh rules` lists them)",
                shown.join(", "),
                n - shown.len()
            ),
            _ => write!(f, "the rules are {}", shown.join(", ")),
        }
    }
}

impl Selection {
    /// Whether the rule `id` runs.
    pub fn selects(&self, id: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|o| o == id))
            && !self.skip.iter().any(|s| s == id)
    }

    /// Whether every rule runs.
    pub fn is_all(&self) -> bool {
        self.only.is_empty() && self.skip.is_empty()
    }

    /// An error for each id given that no rule has, with the nearest id.
    pub fn unknown(&self, rules: &[RuleFile]) -> Vec<UnknownRule> {
        let ids: Vec<&str> = all_rules(rules).map(|(_, r)| r.id.node.as_str()).collect();
        let named = (self.only.iter().map(|i| ("--rule", i)))
            .chain(self.skip.iter().map(|i| ("--skip-rule", i)));
        named
            .filter(|(_, id)| !ids.contains(&id.as_str()))
            .map(|(flag, id)| UnknownRule {
                flag,
                id: id.clone(),
                help: RuleHelp {
                    meant: crate::fuzzy::nearest(id, ids.iter().copied()).map(str::to_owned),
                    ids: ids.iter().map(|i| (*i).to_owned()).collect(),
                },
            })
            .collect()
    }

    /// What keeps the selection from running: an id no rule has, or
    /// options that leave no rule at all.
    pub fn refused(&self, rules: &[RuleFile]) -> Vec<crate::Problem> {
        let mut problems: Vec<crate::Problem> = (self.unknown(rules).into_iter())
            .map(|e| Box::new(e) as crate::Problem)
            .collect();
        let any = all_rules(rules).any(|(_, r)| self.selects(&r.id.node));
        if problems.is_empty() && !any && all_rules(rules).next().is_some() {
            problems.push(Box::new(self.nothing_selected(None)));
        }
        problems
    }

    /// The error of options that select no rule (after `explain`'s RULE).
    pub fn nothing_selected(&self, rule: Option<&str>) -> NothingSelected {
        let options = (rule.map(str::to_owned).into_iter())
            .chain(self.only.iter().map(|i| format!("--rule {i}")))
            .chain(self.skip.iter().map(|i| format!("--skip-rule {i}")))
            .collect::<Vec<_>>()
            .join(" ");
        NothingSelected {
            options: format!("`{options}`"),
        }
    }

    /// The rule files with the selected rules only (their `field`
    /// declarations all kept: the schema does not depend on the selection).
    pub fn apply(&self, mut rules: Vec<RuleFile>) -> Vec<RuleFile> {
        if !self.is_all() {
            for file in &mut rules {
                file.rules.retain(|r| self.selects(&r.id.node));
            }
        }
        rules
    }
}
