//! `patuh test` output: a test runner's report for people, JUnit XML for CI.

use super::{Coverage, TestRun};
use crate::report::escape::terminal;
use crate::report::{DiagnosticStyle, render_diagnostic};
use std::fmt::Write as _;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn gaps(c: &Coverage) -> String {
    let mut missing = Vec::new();
    if c.failing == 0 {
        missing.push("no failing test");
    }
    if c.passing == 0 {
        missing.push("no passing test");
    }
    missing.join(", ")
}

/// One line per fixture, the failures as diagnostics, rule coverage, and
/// a last line `N passed, M failed`.
pub fn render_human(run: &TestRun, style: DiagnosticStyle, require_coverage: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "running {} against {}",
        plural(run.fixtures.len(), "rule test", "rule tests"),
        plural(run.rules, "rule", "rules")
    );
    for f in &run.fixtures {
        let result = if f.passed() {
            format!(
                "ok ({})",
                plural(f.expectations, "expectation", "expectations")
            )
        } else {
            format!(
                "FAILED ({})",
                plural(f.failures.len(), "failure", "failures")
            )
        };
        let _ = writeln!(out, "test {} ... {result}", terminal(f.file.name()));
    }
    let (passed, failed) = run.counts();
    if failed > 0 {
        out.push_str("\nfailures:\n\n");
        for f in run.fixtures.iter().filter(|f| !f.passed()) {
            for failure in &f.failures {
                out.push_str(&render_diagnostic(failure, style));
                out.push('\n');
            }
        }
    }
    let covered = run.coverage.iter().filter(|c| c.both_ways()).count();
    if failed == 0 {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "coverage: {covered} of {} tested failing and passing",
        plural(run.coverage.len(), "rule", "rules")
    );
    for c in run.uncovered() {
        let _ = writeln!(
            out,
            "  {} ({}): {}",
            terminal(&c.rule),
            terminal(&c.location),
            gaps(c)
        );
    }
    let uncovered = run.coverage.len() - covered;
    if require_coverage && uncovered > 0 {
        let _ = writeln!(
            out,
            "FAILED: {} not tested both ways (--require-coverage)",
            plural(uncovered, "rule", "rules")
        );
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// JUnit XML: a test case per fixture (failures carry the diagnostics as
/// text) and one per rule for coverage (a failure with
/// `--require-coverage`, skipped otherwise, when not tested both ways),
/// written by the one JUnit writer ([`crate::report::junit`]).
pub fn render_junit(run: &TestRun, require_coverage: bool) -> String {
    use crate::report::junit::{CaseOutcome, TestCase, TestSuite, TestSuites};
    let fixtures = run
        .fixtures
        .iter()
        .map(|f| {
            let outcome = if f.passed() {
                CaseOutcome::Passed
            } else {
                let mut text = String::new();
                for failure in &f.failures {
                    text.push_str(&render_diagnostic(failure, DiagnosticStyle::PLAIN));
                    text.push('\n');
                }
                let first = f
                    .failures
                    .first()
                    .map_or(String::new(), |x| x.message.clone());
                CaseOutcome::Failed {
                    message: format!(
                        "{}; first: {first}",
                        plural(f.failures.len(), "failure", "failures")
                    ),
                    kind: "patuh::test".to_owned(),
                    text,
                }
            };
            TestCase {
                name: f.file.name().to_owned(),
                classname: "patuh.test".to_owned(),
                output: Some(plural(f.expectations, "expectation", "expectations")),
                outcome,
            }
        })
        .collect();
    let coverage = run
        .coverage
        .iter()
        .map(|c| {
            let why = format!("{} ({})", gaps(c), c.location);
            let outcome = match (c.both_ways(), require_coverage) {
                (true, _) => CaseOutcome::Passed,
                (false, true) => CaseOutcome::Failed {
                    message: why.clone(),
                    kind: "coverage".to_owned(),
                    text: format!("{why}: --require-coverage needs a failing and a passing test"),
                },
                (false, false) => CaseOutcome::Skipped {
                    message: why.clone(),
                    text: format!("{why}: not required without --require-coverage"),
                },
            };
            TestCase {
                name: c.rule.clone(),
                classname: "patuh.coverage".to_owned(),
                output: Some(c.location.clone()),
                outcome,
            }
        })
        .collect();
    TestSuites {
        name: "patuh test".to_owned(),
        suites: vec![
            TestSuite {
                name: "rule tests".to_owned(),
                file: None,
                cases: fixtures,
                system_out: None,
            },
            TestSuite {
                name: "rule coverage".to_owned(),
                file: None,
                cases: coverage,
                system_out: None,
            },
        ],
    }
    .to_xml()
}
