//! `patuh test`: rule tests as annotated YAML fixtures next to the rules.
//!
//! A fixture (`rules/tests/fund_bpu.test.yaml`) is a small data file in the
//! usual convention whose comments say where findings are expected (see
//! [`annotations`]). Each fixture is loaded on its own, the rules go
//! through the same static checks as in `patuh check` against its data (an
//! error there is broken input, exit 2), and every rule is evaluated
//! against it as `patuh check` would. A finding *is on* a line
//! when one of its data values is on that line (for an unknown outcome, the
//! place the missing figure was expected counts too). For every rule a
//! fixture names:
//!
//! - each `# expect: RULE` line needs a failure of RULE on it;
//! - each `# expect-unknown: RULE` line needs an unknown outcome of RULE on it;
//! - each `# ok: RULE` line must have no finding of RULE on it;
//! - every finding of RULE must be on a line that expects it.
//!
//! Rules a fixture does not name are not checked against it.
//!
//! **Coverage.** A rule is covered *failing* by a fixture with an
//! `# expect:` line for it, and covered *passing* by a fixture with an
//! `# ok:` line for it in which the rule passes at least one subject (so an
//! `ok` that only holds because no subject was checked does not count).

mod annotations;
mod error;
mod render;

pub use annotations::{Annotation, Expect, annotations, csv_annotations};
pub use error::{AnnotationError, RuleSite, TestFailure};
pub use render::{render_human, render_junit};

use crate::Problem;
use crate::ast::RuleFile;
use crate::data::Limits;
use crate::eval::{Finding, Outcome, RuleRef, all_rules};
use crate::report::Report;
use crate::source::{SourceFile, Span};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The result of running every fixture.
#[derive(Debug)]
pub struct TestRun {
    /// Per fixture, in name order.
    pub fixtures: Vec<FixtureResult>,
    /// Per rule, in rule order.
    pub coverage: Vec<Coverage>,
    /// Rules loaded.
    pub rules: usize,
}

/// One fixture's result.
#[derive(Debug)]
pub struct FixtureResult {
    /// The fixture.
    pub file: SourceFile,
    /// Annotations checked (one per rule named on a line).
    pub expectations: usize,
    /// What did not hold, in line order.
    pub failures: Vec<TestFailure>,
}

impl FixtureResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// How well one rule is tested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// The rule id.
    pub rule: String,
    /// `file:line` of the rule.
    pub location: String,
    /// Fixtures that expect it to fail somewhere.
    pub failing: usize,
    /// Fixtures with an `# ok:` line for it where it passes a subject.
    pub passing: usize,
    /// Fixtures that expect it to be unknown somewhere.
    pub unknown: usize,
}

impl Coverage {
    /// Tested failing and passing.
    pub fn both_ways(&self) -> bool {
        self.failing > 0 && self.passing > 0
    }
}

impl TestRun {
    /// Fixtures that passed and that failed.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.fixtures.iter().filter(|f| f.passed()).count();
        (passed, self.fixtures.len() - passed)
    }

    /// Rules not covered both ways.
    pub fn uncovered(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage.iter().filter(|c| !c.both_ways())
    }
}

/// Runs every fixture against `rules`.
///
/// # Errors
/// Every broken annotation, annotation naming no rule, and fixture that
/// does not load; nothing is run then.
pub fn run(rules: &[RuleFile], fixtures: Vec<SourceFile>) -> Result<TestRun, Vec<Problem>> {
    run_selected(rules, fixtures, &crate::pipeline::Selection::default())
}

/// Like [`run`], checking only the expectations of the rules `selection`
/// selects (`--rule`, `--skip-rule`) and counting coverage for them only.
/// Every rule still goes through the static checks and the annotations of
/// every rule are still checked for names no rule has.
pub fn run_selected(
    rules: &[RuleFile],
    fixtures: Vec<SourceFile>,
    selection: &crate::pipeline::Selection,
) -> Result<TestRun, Vec<Problem>> {
    let mut by_id: BTreeMap<&str, Vec<RuleRef>> = BTreeMap::new();
    for (r, rule) in all_rules(rules) {
        by_id.entry(rule.id.node.as_str()).or_default().push(r);
    }
    let ids: Vec<&str> = by_id.keys().copied().collect();
    let mut problems: Vec<Problem> = Vec::new();
    let mut parsed = Vec::with_capacity(fixtures.len());
    for file in fixtures {
        let (list, errors) = if crate::data::sheet::is_csv(file.name()) {
            csv_annotations(&file)
        } else {
            annotations(&file)
        };
        let mut found: Vec<AnnotationError> = errors;
        if list.is_empty() && found.is_empty() {
            found.push(AnnotationError::NoAnnotations {
                file: crate::report::escape::terminal(file.name()).into_owned(),
            });
        }
        for a in &list {
            if !by_id.contains_key(a.rule.as_str()) {
                let help = crate::fuzzy::nearest(&a.rule, ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                found.push(AnnotationError::UnknownRule {
                    rule: a.rule.clone(),
                    help,
                    src: file.clone(),
                    at: a.span.into(),
                });
            }
        }
        // in the order of the fixture's lines
        found.sort_by_key(|e| {
            miette::Diagnostic::labels(e)
                .and_then(|mut l| l.next())
                .map(|l| l.offset())
        });
        problems.extend(found.into_iter().map(|e| Box::new(e) as Problem));
        let list: Vec<_> = list
            .into_iter()
            .filter(|a| selection.selects(&a.rule))
            .collect();
        parsed.push((file, list));
    }
    // A CSV fixture's cells are read in the types the rules declare, its
    // `expect` column aside.
    let schema = crate::data::SheetSchema::new(rules, true).for_rule_tests();
    let loaded: Vec<_> = parsed
        .par_iter()
        .map(|(file, _)| {
            crate::data::load_data(
                vec![file.clone()],
                Vec::new(),
                &schema,
                &Limits::default(),
                &|_| {},
            )
        })
        .collect();
    let mut datasets = Vec::with_capacity(loaded.len());
    for l in loaded {
        match l {
            Ok(d) => datasets.push(d),
            Err(e) => problems.extend(e.into_vec().into_iter().map(|d| Box::new(d) as Problem)),
        }
    }
    // The same static checks as `patuh check`, against each fixture's
    // data: a misspelt field or a value of the wrong type is an error here
    // too, never a test that passes or fails for the wrong reason.
    let mut checked = Vec::with_capacity(datasets.len());
    let mut seen = BTreeSet::new();
    for data in &datasets {
        match crate::pipeline::check(rules, data) {
            Ok(c) => checked.push(c),
            Err(found) => {
                for e in found.into_iter().filter(crate::check::CheckError::is_error) {
                    let key = (
                        miette::Diagnostic::code(&e).map(|c| c.to_string()),
                        e.place().map(|(f, s)| (f.name().to_owned(), s)),
                        e.to_string(),
                    );
                    if seen.insert(key) {
                        problems.push(Box::new(e));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut failing: BTreeMap<RuleRef, usize> = BTreeMap::new();
    let mut passing: BTreeMap<RuleRef, usize> = BTreeMap::new();
    let mut unknown: BTreeMap<RuleRef, usize> = BTreeMap::new();
    let mut results = Vec::with_capacity(parsed.len());
    for ((file, list), checked) in parsed.into_iter().zip(&checked) {
        let data = checked.data;
        let ev = checked.evaluate();
        let report = Report {
            rules,
            data,
            eval: &ev,
            strict: false,
            fail_on: crate::report::FailOn::Error,
            triage: crate::report::Triage::default(),
            warnings: Vec::new(),
            options: Default::default(),
        };
        let refs = |id: &str| by_id.get(id).cloned().unwrap_or_default();
        // coverage
        let mut seen: BTreeSet<(RuleRef, Expect)> = BTreeSet::new();
        for a in &list {
            for r in refs(&a.rule) {
                seen.insert((r, a.expect));
            }
        }
        for (r, expect) in seen {
            let slot = match expect {
                Expect::Fail => &mut failing,
                Expect::Unknown => &mut unknown,
                Expect::Pass => {
                    let passes = ev
                        .counts
                        .iter()
                        .find(|(x, _)| *x == r)
                        .is_some_and(|(_, c)| c.pass > 0);
                    if !passes {
                        continue;
                    }
                    &mut passing
                }
            };
            *slot.entry(r).or_default() += 1;
        }
        let failures = check_fixture(&report, &file, &list, &refs);
        results.push(FixtureResult {
            file,
            expectations: list.len(),
            failures,
        });
    }
    let coverage = all_rules(rules)
        .filter(|(_, rule)| selection.selects(&rule.id.node))
        .map(|(r, rule)| {
            let source = &rules[r.file].source;
            let (line, _) = source.line_col(rule.span.start as usize);
            Coverage {
                rule: rule.id.node.clone(),
                location: format!("{}:{line}", source.name()),
                failing: failing.get(&r).copied().unwrap_or(0),
                passing: passing.get(&r).copied().unwrap_or(0),
                unknown: unknown.get(&r).copied().unwrap_or(0),
            }
        })
        .collect();
    Ok(TestRun {
        fixtures: results,
        coverage,
        rules: by_id.values().map(Vec::len).sum(),
    })
}

/// A finding of a rule the fixture names, with the fixture lines it is on.
struct Placed<'a> {
    finding: &'a Finding,
    rule: String,
    /// (line, span of the value) of its data in the fixture.
    lines: Vec<(usize, Span, String)>,
}

fn check_fixture(
    report: &Report<'_>,
    file: &SourceFile,
    list: &[Annotation],
    refs: &dyn Fn(&str) -> Vec<RuleRef>,
) -> Vec<TestFailure> {
    let named: BTreeSet<RuleRef> = list.iter().flat_map(|a| refs(&a.rule)).collect();
    let placed: Vec<Placed<'_>> = report
        .eval
        .findings
        .iter()
        .filter(|f| named.contains(&f.rule))
        .map(|f| {
            let lines = report
                .data_refs(f)
                .into_iter()
                .filter(|d| d.file == file.name())
                .map(|d| {
                    let span = report.data.loc(d.node).span;
                    let what = if d.is_missing() {
                        format!("`{}` expected here", short_missing(&f.label))
                    } else {
                        format!("{} = {}", d.path, d.shown)
                    };
                    (d.line, span, what)
                })
                .collect();
            Placed {
                finding: f,
                rule: report.rule(f.rule).id.node.clone(),
                lines,
            }
        })
        .collect();
    let on = |p: &Placed<'_>, line: usize| p.lines.iter().any(|(l, ..)| *l == line);
    let mut failures = Vec::new();
    // `expect` lines whose finding did not happen (their diagnostic names
    // what happened there instead)
    let mut unmet: Vec<&Annotation> = Vec::new();
    for a in list {
        let here: Vec<&Placed<'_>> = placed
            .iter()
            .filter(|p| p.rule == a.rule && on(p, a.line))
            .collect();
        let want = match a.expect {
            Expect::Fail => Some(Outcome::Fail),
            Expect::Unknown => Some(Outcome::Unknown),
            Expect::Pass => None,
        };
        match want {
            Some(outcome) if here.iter().any(|p| p.finding.outcome == outcome) => {}
            Some(outcome) => {
                let instead = here.first().map(|p| p.finding);
                failures.push(missing(report, file, a, outcome, instead));
                unmet.push(a);
            }
            None => {
                if let Some(p) = here.first() {
                    failures.push(fired_on_ok_line(report, file, a, p));
                }
            }
        }
    }
    for p in &placed {
        let expected = list.iter().any(|a| {
            a.rule == p.rule
                && on(p, a.line)
                && match a.expect {
                    Expect::Fail => p.finding.outcome == Outcome::Fail,
                    Expect::Unknown => p.finding.outcome == Outcome::Unknown,
                    // already reported as firing on an `ok` line
                    Expect::Pass => true,
                }
        });
        // a finding on an unmet `expect` line was named by that line's diagnostic
        let reported = unmet.iter().any(|a| a.rule == p.rule && on(p, a.line));
        if !expected && !reported {
            failures.push(unexpected(report, file, p));
        }
    }
    failures.sort_by_key(TestFailure::line);
    failures
}

/// "`participants.bpu` is missing" -> "participants.bpu".
fn short_missing(label: &str) -> String {
    label
        .strip_prefix('`')
        .and_then(|l| l.split_once('`'))
        .map_or_else(|| label.to_owned(), |(name, _)| name.to_owned())
}

/// The content of a fixture line (without its comment).
fn line_span(file: &SourceFile, line: usize) -> Span {
    let start = file.offset_of(line, 0);
    let text = &file.text()[start..];
    let end = text.find('\n').unwrap_or(text.len());
    let content = &text[..end];
    let code = content.find(" #").map_or(content, |i| &content[..i]);
    let lead = code.len() - code.trim_start().len();
    Span::new(start + lead, start + code.trim_end().len())
}

fn rule_site(report: &Report<'_>, f: &Finding) -> RuleSite {
    RuleSite {
        file: report.rule_file(f.rule).clone(),
        span: f.span,
        label: f.label.to_string(),
    }
}

fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::Fail => "fails",
        Outcome::Unknown => "is unknown",
        Outcome::Pass => "passes",
    }
}

fn explain_hint(report: &Report<'_>, rule: &str, file: &SourceFile, f: Option<&Finding>) -> String {
    let rules = f.map_or_else(
        || {
            report
                .rules
                .first()
                .map_or("RULES".to_owned(), |r| r.source.name().to_owned())
        },
        |f| report.rule_file(f.rule).name().to_owned(),
    );
    format!(
        "`patuh explain {rule} {rules} {}` shows what the rule read, subject by subject",
        file.name()
    )
}

fn missing(
    report: &Report<'_>,
    file: &SourceFile,
    a: &Annotation,
    want: Outcome,
    instead: Option<&Finding>,
) -> TestFailure {
    let (code, message) = match want {
        Outcome::Unknown => (
            "patuh::test::missing_unknown",
            format!(
                "`{}` was expected to be unknown on line {}, but was not",
                a.rule, a.line
            ),
        ),
        _ => (
            "patuh::test::missing_failure",
            format!(
                "`{}` was expected to fail on line {}, but did not",
                a.rule, a.line
            ),
        ),
    };
    let label = match instead {
        Some(f) => format!(
            "`{}` {} here instead: {}",
            a.rule,
            outcome_words(f.outcome),
            f.label
        ),
        None => format!("no finding of `{}` is on this line", a.rule),
    };
    TestFailure {
        code,
        message,
        help: Some(explain_hint(report, &a.rule, file, instead)),
        fixture: file.clone(),
        at: Some((line_span(file, a.line), label)),
        rule_site: instead.map(|f| rule_site(report, f)),
    }
}

fn fired_on_ok_line(
    report: &Report<'_>,
    file: &SourceFile,
    a: &Annotation,
    p: &Placed<'_>,
) -> TestFailure {
    let f = p.finding;
    TestFailure {
        code: "patuh::test::fired_on_ok_line",
        message: format!(
            "`{}` {} on line {}, marked `# ok: {}`",
            a.rule,
            outcome_words(f.outcome),
            a.line,
            a.rule
        ),
        help: Some(format!("subject {}: {}", f.subject, f.message)),
        fixture: file.clone(),
        at: Some((line_span(file, a.line), f.label.to_string())),
        rule_site: Some(rule_site(report, f)),
    }
}

fn unexpected(report: &Report<'_>, file: &SourceFile, p: &Placed<'_>) -> TestFailure {
    let f = p.finding;
    let (code, what, mark) = match f.outcome {
        Outcome::Unknown => (
            "patuh::test::unexpected_unknown",
            "unknown outcome",
            "expect-unknown",
        ),
        _ => ("patuh::test::unexpected_failure", "failure", "expect"),
    };
    let help = match p.lines.first() {
        Some((line, ..)) => format!(
            "if `{}` should {} here, mark line {line} `# {mark}: {}`",
            p.rule,
            if f.outcome == Outcome::Unknown {
                "be unknown"
            } else {
                "fail"
            },
            p.rule
        ),
        None => format!("this finding reads no line of `{}`", file.name()),
    };
    TestFailure {
        code,
        message: format!(
            "unexpected {what} of `{}` for {}: {}",
            p.rule, f.subject, f.message
        ),
        help: Some(help),
        fixture: file.clone(),
        at: p.lines.first().map(|(_, span, what)| (*span, what.clone())),
        rule_site: Some(rule_site(report, f)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_rules;

    fn failures(rules: &str, fixture: &str) -> Vec<&'static str> {
        let rules = parse_rules(&SourceFile::new("r.rules", rules)).unwrap();
        let run = run(
            std::slice::from_ref(&rules),
            vec![SourceFile::new("f.test.yaml", fixture)],
        )
        .unwrap_or_else(|_| panic!("fixture is not bad input"));
        run.fixtures[0].failures.iter().map(|f| f.code).collect()
    }

    const RULE: &str = "rule r { for each x in items require x.a > 0 }";

    #[test]
    fn every_finding_must_be_on_a_line_that_expects_it() {
        // both items are on line 1: the first fails, the second is unknown
        let fixture = "items: [{ a: 0 }, { b: 1 }]   # expect: r\n";
        assert_eq!(failures(RULE, fixture), ["patuh::test::unexpected_unknown"]);
        let stacked = "# expect-unknown: r\nitems: [{ a: 0 }, { b: 1 }]   # expect: r\n";
        assert!(failures(RULE, stacked).is_empty());
    }

    #[test]
    fn an_unmet_expectation_names_what_happened_instead_once() {
        // `a` is a field of the items (the second has it), missing in the first
        let fixture = "items:\n  - { b: 1 }   # expect: r\n  - { a: 1 }\n";
        assert_eq!(failures(RULE, fixture), ["patuh::test::missing_failure"]);
    }

    #[test]
    fn a_misspelt_field_is_an_error_of_the_static_checks_as_in_check() {
        // Issue 10: `patuh test` skipped the static checks, so a misspelt
        // field was an unknown outcome rather than an error.
        let rules = parse_rules(&SourceFile::new(
            "r.rules",
            "rule r { for each x in items require x.aa > 0 }",
        ))
        .unwrap();
        let fixture = SourceFile::new("f.test.yaml", "items: [{ a: 0 }]   # expect: r\n");
        let Err(problems) = run(std::slice::from_ref(&rules), vec![fixture]) else {
            panic!("a misspelt field is bad input");
        };
        let codes: Vec<String> = problems
            .iter()
            .filter_map(|p| p.code().map(|c| c.to_string()))
            .collect();
        assert_eq!(codes, ["patuh::check::unknown_field"]);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_a_data_error_as_in_check() {
        // Issue 10: a fixture value `"1.000"` for a count was a data-type
        // error in `patuh check` and an unknown in `patuh test`.
        let rules = parse_rules(&SourceFile::new(
            "r.rules",
            "field items: list\nfield n: count\nrule r { for each x in items require x.n > 0 }",
        ))
        .unwrap();
        let fixture = SourceFile::new("f.test.yaml", "items: [{ n: \"1.000\" }]   # ok: r\n");
        let Err(problems) = run(std::slice::from_ref(&rules), vec![fixture]) else {
            panic!("a text for a count is bad input");
        };
        let codes: Vec<String> = problems
            .iter()
            .filter_map(|p| p.code().map(|c| c.to_string()))
            .collect();
        assert_eq!(codes, ["patuh::check::data_type"]);
    }

    #[test]
    fn a_finding_on_an_ok_line_fails_the_test() {
        let fixture = "items:\n  - { a: 0 }   # ok: r\n  - { a: 1 }   # ok: r\n";
        assert_eq!(failures(RULE, fixture), ["patuh::test::fired_on_ok_line"]);
    }
}
