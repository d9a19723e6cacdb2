//! patuh: a declarative policy-rules checker for regional social-security
//! coverage data.
//!
//! The pipeline ([`pipeline`]) reads off the module tree:
//! [`input`] (files) -> [`syntax`] (rules to [`ast`]) and [`data`] (YAML to a
//! span-carrying arena) -> [`check`](mod@check) (names, types and units,
//! before anything runs) -> [`eval`] (three outcomes per subject) ->
//! [`report`], which applies the [`waivers`] register and a [`baseline`]
//! before rendering. For rule authors: [`fmt`] prints rules back in one
//! layout, [`ruletest`] runs annotated fixtures, and [`eval::explain`] shows
//! how a rule decided.
#![warn(missing_docs)]

pub mod admit;
pub mod ast;
pub mod baseline;
pub mod builtins;
pub mod check;
pub mod cli;
pub mod codes;
pub mod convert;
pub mod data;
pub mod eval;
pub mod evidence;
pub mod fmt;
pub mod fuzzy;
pub mod input;
pub mod pipeline;
pub mod report;
pub mod ruletest;
pub mod source;
pub mod syntax;
pub mod units;
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

/// Parses every rule file, collecting every problem of every file.
pub fn parse(files: &[source::SourceFile]) -> Result<Vec<ast::RuleFile>, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut rules = Vec::new();
    for file in files {
        match syntax::parse_rules(file) {
            Ok(r) => rules.push(r),
            Err(e) => problems.extend(e.0.into_iter().map(|d| Box::new(d) as Problem)),
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

/// Parses every rule file and loads every data file, collecting every
/// problem of every file rather than stopping at the first.
pub fn load(inputs: input::Inputs) -> Result<Loaded, Vec<Problem>> {
    load_reporting(inputs, &|_| {})
}

/// Like [`load`], calling `parsed(bytes)` as each data file has been parsed
/// (from the thread that parsed it), so a caller can show progress.
pub fn load_reporting(
    inputs: input::Inputs,
    parsed: &(dyn Fn(usize) + Sync),
) -> Result<Loaded, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut rules = Vec::new();
    for file in &inputs.rules {
        match syntax::parse_rules(file) {
            Ok(r) => rules.push(r),
            Err(e) => problems.extend(e.0.into_iter().map(|d| Box::new(d) as Problem)),
        }
    }
    // Spreadsheet cells are read in the types the rules declare: with a
    // rule file that did not parse, a column it might declare is not
    // reported (the run stops on the rule file anyway).
    let schema = data::SheetSchema::new(&rules, problems.is_empty());
    let limits = data::Limits::default();
    let data = match data::load_data(inputs.data, inputs.workbooks, &schema, &limits, parsed) {
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

/// Evaluates loaded rules against loaded data, without reporting what the
/// static checks find (a rule they refuse is unknown where it cannot mean
/// anything); commands go through [`pipeline::check`] first.
pub fn check(loaded: &Loaded) -> eval::Evaluation {
    eval::evaluate(&loaded.rules, &loaded.data)
}
