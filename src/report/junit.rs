//! JUnit XML, as CI dashboards read it (Jenkins, GitLab, Azure, junitparser).
//!
//! The writer ([`TestSuites::to_xml`]) knows nothing of rules, so any
//! command that has test cases can use it. [`render_junit`] maps a check:
//! one `<testsuite>` per rule, one `<testcase>` per finding, named by its
//! subject, a passing `<testcase>` per finding fixed since the baseline, and
//! one passing `<testcase>` for all the subjects that passed.
//! A finding that fails the run is a `<failure>`; every other finding (an
//! unknown outcome without `--strict`, a severity below `--fail-on`, a
//! waived or known finding) is `<skipped>` with the reason, so the test
//! report agrees with the exit code.

use super::{Report, Status, plural};
use crate::eval::Outcome;
use std::fmt::Write as _;

/// A whole report: `<testsuites>`.
#[derive(Clone, Debug, Default)]
pub struct TestSuites {
    /// The report's name (`patuh`).
    pub name: String,
    /// Its suites, in order.
    pub suites: Vec<TestSuite>,
}

/// `<testsuite>`.
#[derive(Clone, Debug, Default)]
pub struct TestSuite {
    /// The suite's name (a rule id).
    pub name: String,
    /// The file it comes from (a rule file), as the `file` attribute.
    pub file: Option<String>,
    /// Its cases, in order.
    pub cases: Vec<TestCase>,
    /// What the suite says besides its cases (`<system-out>`).
    pub system_out: Option<String>,
}

/// `<testcase>`. Its name never holds a count or a line number, so a
/// dashboard's history of a case survives edits of the data.
#[derive(Clone, Debug, Default)]
pub struct TestCase {
    /// What was tested (a subject).
    pub name: String,
    /// The group it belongs to (a rule id).
    pub classname: String,
    /// Where the case points (`data/x.yaml:100:20`) and other facts, as
    /// `<system-out>`: the JUnit schema has no place attributes on a case.
    pub output: Option<String>,
    /// How it ended.
    pub outcome: CaseOutcome,
}

/// How a test case ended.
#[derive(Clone, Debug, Default)]
pub enum CaseOutcome {
    /// It passed.
    #[default]
    Passed,
    /// It failed: `<failure message type>text</failure>`.
    Failed {
        /// One line.
        message: String,
        /// A category (a severity).
        kind: String,
        /// The details.
        text: String,
    },
    /// It could not run: `<error message type>text</error>`.
    Error {
        /// One line.
        message: String,
        /// A category.
        kind: String,
        /// The details.
        text: String,
    },
    /// It did not count: `<skipped message>text</skipped>`.
    Skipped {
        /// Why, in one line.
        message: String,
        /// The details.
        text: String,
    },
}

#[derive(Clone, Copy, Default)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Tally {
    fn of<'a>(cases: impl IntoIterator<Item = &'a TestCase>) -> Tally {
        let mut t = Tally::default();
        for c in cases {
            t.tests += 1;
            match c.outcome {
                CaseOutcome::Passed => {}
                CaseOutcome::Failed { .. } => t.failures += 1,
                CaseOutcome::Error { .. } => t.errors += 1,
                CaseOutcome::Skipped { .. } => t.skipped += 1,
            }
        }
        t
    }

    fn attrs(self) -> String {
        // `time` is always 0: a report is a pure function of its input.
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\"",
            self.tests, self.failures, self.errors, self.skipped
        )
    }

    /// The attributes `<testsuites>` may have (no `skipped` there).
    fn total_attrs(self) -> String {
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\"",
            self.tests, self.failures, self.errors
        )
    }
}

impl TestSuites {
    /// The XML document, with a final newline.
    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let all = Tally::of(self.suites.iter().flat_map(|s| &s.cases));
        let _ = writeln!(
            out,
            "<testsuites name=\"{}\" {}>",
            escape(&self.name),
            all.total_attrs()
        );
        for suite in &self.suites {
            let _ = write!(
                out,
                "  <testsuite name=\"{}\" {}",
                escape(&suite.name),
                Tally::of(&suite.cases).attrs()
            );
            if let Some(file) = &suite.file {
                let _ = write!(out, " file=\"{}\"", escape(file));
            }
            if suite.cases.is_empty() && suite.system_out.is_none() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            for case in &suite.cases {
                write_case(&mut out, case);
            }
            if let Some(text) = &suite.system_out {
                let _ = writeln!(out, "    <system-out>{}</system-out>", escape_text(text));
            }
            out.push_str("  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }
}

fn write_case(out: &mut String, case: &TestCase) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        escape(&case.name),
        escape(&case.classname)
    );
    out.push_str(" time=\"0\"");
    let system_out = case.output.as_ref().map_or(String::new(), |o| {
        format!("      <system-out>{}</system-out>\n", escape_text(o))
    });
    match &case.outcome {
        CaseOutcome::Passed if system_out.is_empty() => out.push_str("/>\n"),
        CaseOutcome::Passed => {
            let _ = write!(out, ">\n{system_out}    </testcase>\n");
        }
        CaseOutcome::Skipped { message, text } => {
            let _ = write!(
                out,
                ">\n      <skipped message=\"{}\">{}</skipped>\n{system_out}    </testcase>\n",
                escape(message),
                escape_text(text)
            );
        }
        CaseOutcome::Failed {
            message,
            kind,
            text,
        }
        | CaseOutcome::Error {
            message,
            kind,
            text,
        } => {
            let tag = match case.outcome {
                CaseOutcome::Error { .. } => "error",
                _ => "failure",
            };
            let _ = write!(
                out,
                ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n{system_out}    </testcase>\n",
                escape(message),
                escape(kind),
                escape_text(text)
            );
        }
    }
}

/// An attribute value.
fn escape(s: &str) -> String {
    super::escape::xml_attribute(s)
}

/// Element content, where line breaks can stay as they are.
fn escape_text(s: &str) -> String {
    super::escape::xml_text(s)
}

/// The check as JUnit XML: a suite per rule, a case per finding.
pub fn render_junit(report: &Report<'_>) -> String {
    let mut suites: Vec<TestSuite> = report
        .rule_counts()
        .map(|(r, rule, _)| TestSuite {
            name: rule.id.node.clone(),
            file: Some(report.rule_file(r).name().to_owned()),
            cases: Vec::new(),
            system_out: None,
        })
        .collect();
    let index: Vec<crate::eval::RuleRef> = report.rule_counts().map(|(r, _, _)| r).collect();
    for (f, status) in report.findings() {
        let Some(i) = index.iter().position(|r| *r == f.rule) else {
            continue;
        };
        let rule = report.rule(f.rule);
        let severity = rule.severity.node.as_str();
        let refs = report.data_refs(f);
        let place = report.primary_place(f, &refs);
        let rule_place = report.rule_place(f);
        // The text's own line breaks stay; those of the data are escaped,
        // so a CI log that prints it shows no line the data wrote.
        let t = super::escape::terminal;
        let mut text = format!(
            "{}: {}\nrule `{}` at {}:{}:{}: {}",
            t(&f.subject),
            t(&f.message),
            t(&rule.id.node),
            t(&rule_place.file),
            rule_place.line,
            rule_place.column,
            t(&f.label)
        );
        for r in &refs {
            let _ = write!(
                text,
                "\n{}:{}:{}: {}",
                t(&r.file),
                r.line,
                r.column,
                t(&r.describe())
            );
        }
        for s in report.sources(&refs) {
            let _ = write!(text, "\nsource: {}", t(&s.describe()));
        }
        let outcome = if report.fails_run(f, status) {
            CaseOutcome::Failed {
                message: f.message.to_string(),
                kind: match f.outcome {
                    Outcome::Unknown => format!("{severity}, unknown"),
                    _ => severity.to_owned(),
                },
                text,
            }
        } else {
            let why = match (status, report.waiver(status)) {
                (Status::Waived(_), Some(u)) => {
                    format!("waived until {}: {}", u.waiver.expires, u.waiver.reason)
                }
                (Status::Known, _) => "known: in the baseline".to_owned(),
                _ => match f.outcome {
                    Outcome::Unknown => format!("unknown: {}", f.label),
                    _ => format!(
                        "{severity}, below --fail-on {}: {}",
                        report.fail_on.as_str(),
                        f.message
                    ),
                },
            };
            CaseOutcome::Skipped { message: why, text }
        };
        suites[i].cases.push(TestCase {
            name: f.subject.to_string(),
            classname: rule.id.node.clone(),
            output: Some(format!(
                "{}:{}:{}",
                super::escape::terminal(&place.file),
                place.line,
                place.column
            )),
            outcome,
        });
    }
    // A finding of the baseline that is gone passes now.
    for k in &report.triage.fixed {
        if let Some(suite) = suites.iter_mut().find(|s| s.name == k.rule) {
            suite.cases.push(TestCase {
                name: format!("{} (fixed since the baseline)", k.subject),
                classname: k.rule.clone(),
                ..TestCase::default()
            });
        }
    }
    for ((_, rule, counts), suite) in report.rule_counts().zip(&mut suites) {
        if counts.pass > 0 {
            // One case for them all, named without their number, so its
            // history survives a change of the count.
            suite.cases.push(TestCase {
                name: "subjects that pass".to_owned(),
                classname: rule.id.node.clone(),
                output: Some(format!(
                    "{} subject{} pass{}",
                    counts.pass,
                    plural(counts.pass),
                    if counts.pass == 1 { "es" } else { "" }
                )),
                outcome: CaseOutcome::Passed,
            });
        }
    }
    if let Some(head) = report.completeness_headline() {
        // A suite of no cases: the facts, which fail nothing, in its output.
        let mut text = head;
        for doc in report.completeness() {
            text.push('\n');
            text.push_str(&super::escape::terminal(&doc.text()));
        }
        suites.push(TestSuite {
            name: "patuh data completeness".to_owned(),
            file: None,
            cases: Vec::new(),
            system_out: Some(text),
        });
    }
    if !report.warnings.is_empty() {
        // Warnings about the input, as skipped cases: they fail nothing.
        suites.push(super::problems::junit_suite(&[], &report.warnings));
    }
    TestSuites {
        name: "patuh".to_owned(),
        suites,
    }
    .to_xml()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape("a < b & \"c\" 'd'\n\u{1}"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos;&#10;\\u{1}"
        );
    }

    #[test]
    fn counts_follow_the_cases() {
        let case = |outcome| TestCase {
            name: "n".into(),
            classname: "c".into(),
            outcome,
            ..TestCase::default()
        };
        let xml = TestSuites {
            name: "t".into(),
            suites: vec![TestSuite {
                name: "s".into(),
                file: None,
                cases: vec![
                    case(CaseOutcome::Passed),
                    case(CaseOutcome::Skipped {
                        message: "m".into(),
                        text: "t".into(),
                    }),
                    case(CaseOutcome::Failed {
                        message: "m".into(),
                        kind: "error".into(),
                        text: "t".into(),
                    }),
                ],
                system_out: None,
            }],
        }
        .to_xml();
        assert!(
            xml.contains(
                "<testsuite name=\"s\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""
            ),
            "{xml}"
        );
    }
}
