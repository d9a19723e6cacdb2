//! `patuh explain`: how one rule decided, value by value, for the subjects
//! asked about.

use super::{Color, Exit, bad_input, print, style};
use crate::Problem;
use crate::eval::{RuleRef, all_rules};
use crate::report::render_explanation;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh explain`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh explain segments_sum rules data\n  patuh explain fund_bpu --subject Donggala rules data\n  patuh explain fund_bpu rules rules/tests/fund_bpu.test.yaml   # a rule test, read as data"
)]
pub struct Args {
    /// The rule id.
    #[arg(value_name = "RULE")]
    pub rule: String,

    /// Rule files, data files and folders, as for `patuh check`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Only subjects whose name contains this text (case does not matter),
    /// e.g. `Donggala` or `Sulawesi Tengah / 2024`; may be given more than once.
    #[arg(long, value_name = "PATTERN")]
    pub subject: Vec<String>,

    /// When to colour diagnostics; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Explain this rule too, after RULE (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Do not explain this rule (repeatable), e.g. one of several rules
    /// that share an id.
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,
}

/// The rule asked for does not exist.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("no rule `{rule}` in the rule files given")]
#[diagnostic(code(patuh::explain::unknown_rule))]
pub struct UnknownRuleError {
    /// The id asked for.
    pub rule: String,
    /// A suggestion, or the rules there are.
    #[help]
    pub help: String,
}

/// No subject matches `--subject`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("no subject of `{rule}` matches {patterns}")]
#[diagnostic(code(patuh::explain::no_subject))]
pub struct NoSubjectError {
    /// The rule.
    pub rule: String,
    /// The patterns, quoted.
    pub patterns: String,
    /// Some subjects there are.
    #[help]
    pub help: String,
}

/// Runs `patuh explain`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let loaded = match super::read_and_load(&args.paths, err_style) {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    // What `patuh check` refuses to check, `patuh explain` refuses to
    // explain: no rules, no documents, documents without figures.
    let refused = crate::pipeline::admit(&loaded.rules, &loaded.data);
    if !refused.is_empty() {
        let problems: Vec<Problem> = refused
            .into_iter()
            .map(|e| Box::new(e) as Problem)
            .collect();
        return bad_input(&problems, err_style);
    }
    // The same static checks as `patuh check`: a rule they refuse is not
    // explained, it is reported.
    let checked = match crate::pipeline::check(&loaded.rules, &loaded.data) {
        Ok(checked) => checked,
        Err(found) => return super::refused(&found, err_style),
    };
    super::print_found(&checked.warnings, err_style);
    // `--rule` / `--skip-rule`, selected as every command selects.
    let selection = crate::pipeline::Selection {
        only: args.rules.clone(),
        skip: args.skip_rules.clone(),
    };
    let unknown: Vec<Problem> = selection
        .unknown(&loaded.rules)
        .into_iter()
        .map(|e| Box::new(e) as Problem)
        .collect();
    if !unknown.is_empty() {
        return bad_input(&unknown, err_style);
    }
    let mut refs: Vec<RuleRef> = checked.rules_named(&args.rule);
    for id in &args.rules {
        for r in checked.rules_named(id) {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
    }
    let rule_of = |r: &RuleRef| &loaded.rules[r.file].rules[r.index].id.node;
    refs.retain(|r| !args.skip_rules.contains(rule_of(r)));
    if checked.rules_named(&args.rule).is_empty() {
        let ids: Vec<&str> = all_rules(&loaded.rules)
            .map(|(_, r)| r.id.node.as_str())
            .collect();
        let help = match crate::fuzzy::nearest(&args.rule, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                let listed: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                format!("the rules are {}", listed.join(", "))
            }
        };
        let e = UnknownRuleError {
            rule: args.rule.clone(),
            help,
        };
        return bad_input(&[Box::new(e)], err_style);
    }
    if refs.is_empty() {
        // RULE and every `--rule` skipped: nothing explained is no answer.
        let selection = crate::pipeline::Selection {
            only: args.rules.clone(),
            skip: args.skip_rules.clone(),
        };
        let e = selection.nothing_selected(Some(&args.rule));
        return bad_input(&[Box::new(e)], err_style);
    }
    let patterns: Vec<String> = args.subject.iter().map(|p| p.to_lowercase()).collect();
    let select = |subject: &str| {
        let s = subject.to_lowercase();
        patterns.is_empty() || patterns.iter().any(|p| s.contains(p.as_str()))
    };
    let mut out = String::new();
    for (i, r) in refs.iter().enumerate() {
        let ex = checked.explain(*r, &select);
        if ex.subjects.is_empty() && !patterns.is_empty() {
            let all = checked.explain(*r, &|_| true);
            let some: Vec<String> = all
                .subjects
                .iter()
                .take(2)
                .map(|s| format!("`{}`", s.subject))
                .collect();
            let help = if some.is_empty() {
                "the rule has no subjects in this data".to_owned()
            } else {
                format!("subjects are named like {}", some.join(", "))
            };
            let quoted: Vec<String> = args.subject.iter().map(|p| format!("`{p}`")).collect();
            let e = NoSubjectError {
                rule: args.rule.clone(),
                patterns: quoted.join(" or "),
                help,
            };
            return bad_input(&[Box::new(e)], err_style);
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&render_explanation(&ex, &loaded.rules, &loaded.data));
    }
    print(&out);
    Exit::Passed
}
