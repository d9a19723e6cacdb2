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
/// `--require-coverage`, skipped otherwise, when not tested both ways).
pub fn render_junit(run: &TestRun, require_coverage: bool) -> String {
    let (_, failed) = run.counts();
    let uncovered = run.uncovered().count();
    let coverage_failures = if require_coverage { uncovered } else { 0 };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"patuh test\" tests=\"{}\" failures=\"{}\">",
        run.fixtures.len() + run.coverage.len(),
        failed + coverage_failures
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"rule tests\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
        run.fixtures.len()
    );
    for f in &run.fixtures {
        let name = xml(f.file.name());
        if f.passed() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{name}\" classname=\"patuh.test\" file=\"{name}\"/>"
            );
            continue;
        }
        let _ = writeln!(
            out,
            "    <testcase name=\"{name}\" classname=\"patuh.test\" file=\"{name}\">"
        );
        let mut text = String::new();
        for failure in &f.failures {
            text.push_str(&render_diagnostic(failure, DiagnosticStyle::PLAIN));
            text.push('\n');
        }
        let first = f
            .failures
            .first()
            .map_or(String::new(), |x| x.message.clone());
        let _ = writeln!(
            out,
            "      <failure type=\"patuh::test\" message=\"{}\">{}</failure>",
            xml(&format!(
                "{}; first: {first}",
                plural(f.failures.len(), "failure", "failures")
            )),
            crate::report::escape::xml_text(&text)
        );
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
    let _ = writeln!(
        out,
        "  <testsuite name=\"rule coverage\" tests=\"{}\" failures=\"{coverage_failures}\" errors=\"0\" skipped=\"{}\">",
        run.coverage.len(),
        uncovered - coverage_failures
    );
    for c in &run.coverage {
        let name = xml(&c.rule);
        let file = xml(c.location.rsplit_once(':').map_or(&c.location, |(f, _)| f));
        if c.both_ways() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{name}\" classname=\"patuh.coverage\" file=\"{file}\"/>"
            );
            continue;
        }
        let tag = if require_coverage {
            "failure"
        } else {
            "skipped"
        };
        let _ = writeln!(
            out,
            "    <testcase name=\"{name}\" classname=\"patuh.coverage\" file=\"{file}\">\n      <{tag} message=\"{}\"/>\n    </testcase>",
            xml(&format!("{} ({})", gaps(c), c.location))
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// An XML attribute value.
fn xml(s: &str) -> String {
    crate::report::escape::xml_attribute(s)
}
