//! patuh: a declarative policy-rules checker for regional social-security
//! coverage data.
//!
//! The pipeline reads off the module tree:
//! [`input`] (files) -> [`syntax`] (rules to [`ast`]) and [`data`] (YAML to a
//! span-carrying arena) -> [`eval`] (three outcomes per subject) -> [`report`],
//! which applies the [`waivers`] register and a [`baseline`] before rendering.
#![warn(missing_docs)]

pub mod ast;
pub mod baseline;
pub mod cli;
pub mod data;
pub mod eval;
pub mod input;
pub mod report;
pub mod source;
pub mod syntax;
pub mod waivers;

use miette::Diagnostic;

/// Any problem with the input that stops a run (exit code 2).
pub type Problem = Box<dyn Diagnostic + Send + Sync + 'static>;

/// Parsed rules and loaded data, ready to evaluate.
pub struct Loaded {
    /// Rule files in name order.
    pub rules: Vec<ast::RuleFile>,
    /// All data documents.
    pub data: data::Dataset,
}

/// Parses every rule file and loads every data file, collecting every
/// problem of every file rather than stopping at the first.
pub fn load(inputs: input::Inputs) -> Result<Loaded, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut rules = Vec::new();
    for file in &inputs.rules {
        match syntax::parse_rules(file) {
            Ok(r) => rules.push(r),
            Err(e) => problems.extend(e.0.into_iter().map(|d| Box::new(d) as Problem)),
        }
    }
    let data = match data::load(inputs.data, &data::Limits::default()) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.extend(e.into_vec().into_iter().map(|d| Box::new(d) as Problem));
            None
        }
    };
    match data {
        Some(data) if problems.is_empty() => Ok(Loaded { rules, data }),
        _ => Err(problems),
    }
}

/// Evaluates loaded rules against loaded data.
pub fn check(loaded: &Loaded) -> eval::Evaluation {
    eval::evaluate(&loaded.rules, &loaded.data)
}
