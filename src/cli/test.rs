//! `patuh test`: run the rule tests (annotated YAML fixtures) and report
//! which rules they cover.

use super::{Color, Exit, bad_input, print, style};
use crate::Problem;
use crate::ruletest::{render_human, render_junit};
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh test`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Annotations, in a fixture's YAML comments:\n  funds_bpu: false   # expect: fund_bpu          the rule fails on this line\n  2024:               # expect-unknown: bpu_grows  the rule is unknown here\n  funds_bpu: true    # ok: fund_bpu              the rule does not fire here\nOn a line of its own, an annotation is about the next line with a value.\n\nExamples:\n  patuh test rules\n  patuh test --require-coverage --format junit rules > rule-tests.xml"
)]
pub struct Args {
    /// Rule files, rule tests (`*.test.yaml`) and folders (searched
    /// recursively for both).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Report format: `human` (a line per test, failures as diagnostics,
    /// coverage) or `junit` (JUnit XML for CI).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail when a rule has no failing test or no passing test.
    #[arg(long)]
    pub require_coverage: bool,

    /// When to colour the report; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Test only this rule (repeatable): other rules' expectations are not
    /// checked and their coverage not counted.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Do not test this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,
}

/// Report formats of `patuh test`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A line per test, failures as diagnostics, then coverage.
    Human,
    /// JUnit XML.
    Junit,
}

/// Runs `patuh test`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    // Broken input is on stderr as always, and in the JUnit report too.
    let bad_input = |problems: &[Problem], err_style| {
        if matches!(args.format, Format::Junit) {
            let issues = crate::report::problems::issues(problems.iter().map(|p| p.as_ref() as _));
            print(&crate::report::problems::render_junit_problems(
                &issues,
                &[],
            ));
        }
        bad_input(problems, err_style)
    };
    let inputs = match crate::input::read_test_inputs(&args.paths) {
        Ok(i) => {
            super::warn_skipped(&i.skipped, err_style);
            i
        }
        Err(unread) => return super::unread_input(unread, err_style),
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut rules = Vec::new();
    for file in &inputs.rules {
        match crate::syntax::parse_rules(file) {
            Ok(r) => rules.push(r),
            Err(e) => problems.extend(e.0.into_iter().map(|d| Box::new(d) as Problem)),
        }
    }
    let selection = crate::pipeline::Selection {
        only: args.rules.clone(),
        skip: args.skip_rules.clone(),
    };
    if problems.is_empty() {
        problems.extend(selection.refused(&rules));
    }
    if !problems.is_empty() {
        return bad_input(&problems, err_style);
    }
    let run = match crate::ruletest::run_selected(&rules, inputs.fixtures, &selection) {
        Ok(r) => r,
        Err(problems) => return bad_input(&problems, err_style),
    };
    let text = match args.format {
        Format::Human => render_human(
            &run,
            style(args.color, std::io::stdout().is_terminal()),
            args.require_coverage,
        ),
        Format::Junit => render_junit(&run, args.require_coverage),
    };
    print(&text);
    let (_, failed) = run.counts();
    let uncovered = run.uncovered().count();
    if failed > 0 || (args.require_coverage && uncovered > 0) {
        Exit::Failed
    } else {
        Exit::Passed
    }
}
