//! Problems with the input (and warnings about it) in every report format.
//!
//! A run whose input is broken checks nothing and exits 2, but a CI job
//! reading `--format github`, SARIF, JSON, JUnit or Markdown must still see
//! what is wrong and where: each problem becomes a workflow command, a
//! SARIF result (or a tool notification when it has no place), an entry of
//! the JSON `errors` array, a failing JUnit test case, a Markdown list item.
//! The human report stays on standard error. Warnings of a run that did
//! check (an unused variable, a rule that found no subject) go with the
//! report of that run ([`super::Report::warnings`]).

use super::Place;
use super::escape;
use super::junit::{CaseOutcome, TestCase, TestSuite, TestSuites};
use miette::Diagnostic;
use serde::Serialize;
use std::fmt::Write as _;

/// One problem or warning, ready for any format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Its stable code, `patuh::data::syntax`.
    pub code: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, where known.
    pub help: Option<String>,
    /// The file it points at.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
}

impl Issue {
    /// The issue a diagnostic reports: its code, message, help, and the
    /// place of its primary label (else its first).
    pub fn of(d: &dyn Diagnostic) -> Issue {
        let severity = match d.severity() {
            Some(miette::Severity::Warning | miette::Severity::Advice) => "warning",
            _ => "error",
        };
        let place = place_of(d);
        Issue {
            code: d
                .code()
                .map_or_else(|| "patuh::input".to_owned(), |c| c.to_string()),
            severity,
            message: d.to_string(),
            help: d.help().map(|h| h.to_string()),
            file: place.as_ref().map(|p| p.file.clone()),
            line: place.as_ref().map(|p| p.line),
            column: place.as_ref().map(|p| p.column),
        }
    }

    /// Its place, if it has one.
    pub fn place(&self) -> Option<Place> {
        Some(Place {
            file: self.file.clone()?,
            line: self.line?,
            column: self.column?,
            end_line: self.line?,
            end_column: self.column?,
        })
    }

    /// `file:line:column`, or nothing.
    fn at(&self) -> Option<String> {
        self.place()
            .map(|p| format!("{}:{}:{}", p.file, p.line, p.column))
    }

    /// The message, then the help on a line of its own, each escaped by
    /// `escape` for a medium, the line break between them kept.
    pub(crate) fn text_with(&self, escape: impl Fn(&str) -> String) -> String {
        match &self.help {
            Some(h) => format!("{}\n{}", escape(&self.message), escape(h)),
            None => escape(&self.message),
        }
    }
}

/// Where a diagnostic's primary label is: the source's name, and line and
/// column counted from the snippet the source gives for the label.
fn place_of(d: &dyn Diagnostic) -> Option<Place> {
    let source = d.source_code()?;
    let labels: Vec<miette::LabeledSpan> = d.labels()?.collect();
    let label = labels.iter().find(|l| l.primary()).or(labels.first())?;
    let span = *label.inner();
    // One line of context: the snippet then starts at a line start (with
    // none, miette starts it at the span and counts its column in bytes).
    let contents = source.read_span(&span, 1, 0).ok()?;
    let file = contents.name()?.to_owned();
    let before = span.offset().checked_sub(contents.span().offset())?;
    let prefix = String::from_utf8_lossy(contents.data().get(..before)?).into_owned();
    // A part of a long line starts mid-line, at its own column.
    let column = match prefix.rsplit_once('\n') {
        Some((_, last)) => last.chars().count() + 1,
        None => contents.column() + prefix.chars().count() + 1,
    };
    let line = contents.line() + 1 + prefix.matches('\n').count();
    Some(Place {
        file,
        line,
        column,
        end_line: line,
        end_column: column,
    })
}

/// The issues of diagnostics, in order.
pub fn issues<'a>(diagnostics: impl IntoIterator<Item = &'a dyn Diagnostic>) -> Vec<Issue> {
    diagnostics.into_iter().map(Issue::of).collect()
}

/// The JSON report of a run whose input is broken: the report's keys, with
/// `summary` null and the lists empty, then `errors` and `warnings`.
pub fn render_json_problems(errors: &[Issue], warnings: &[Issue]) -> String {
    #[derive(Serialize)]
    struct Broken<'a> {
        version: u32,
        patuh: &'static str,
        today: Option<()>,
        summary: Option<()>,
        rules: [(); 0],
        findings: [(); 0],
        waivers: [(); 0],
        baseline: Option<()>,
        fixed: [(); 0],
        errors: &'a [Issue],
        warnings: &'a [Issue],
    }
    let broken = Broken {
        version: super::json::FORMAT_VERSION,
        patuh: env!("CARGO_PKG_VERSION"),
        today: None,
        summary: None,
        rules: [],
        findings: [],
        waivers: [],
        baseline: None,
        fixed: [],
        errors,
        warnings,
    };
    let mut out = Vec::new();
    // Writing to memory cannot fail, and serde_json writes UTF-8.
    let _ = escape::write_pretty_json(&mut out, &broken);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// One workflow command per problem, at its place, titled with its code.
pub fn render_github_problems(errors: &[Issue], warnings: &[Issue]) -> String {
    let mut out = String::new();
    super::github::render_issues(&mut out, errors, warnings);
    if !errors.is_empty() {
        let _ = writeln!(out, "patuh: {}; nothing was checked", counted(errors.len()));
    }
    out
}

fn counted(n: usize) -> String {
    format!("{n} input problem{}", super::plural(n))
}

/// A JUnit report with one failing test case per problem (a skipped one
/// per warning), in a suite `patuh input`.
pub fn render_junit_problems(errors: &[Issue], warnings: &[Issue]) -> String {
    TestSuites {
        name: "patuh".to_owned(),
        suites: vec![junit_suite(errors, warnings)],
    }
    .to_xml()
}

/// The suite `patuh input`: a failing case per problem, a skipped one per
/// warning.
pub fn junit_suite(errors: &[Issue], warnings: &[Issue]) -> TestSuite {
    // A file name is text from the user: one line, as the findings show it.
    let at = |issue: &Issue| issue.at().map(|a| escape::terminal(&a).into_owned());
    let case = |issue: &Issue, failed: bool| TestCase {
        name: match at(issue) {
            Some(at) => format!("{} at {at}", issue.code),
            None => issue.code.clone(),
        },
        classname: "patuh.input".to_owned(),
        output: at(issue),
        outcome: if failed {
            CaseOutcome::Failed {
                message: issue.message.clone(),
                kind: issue.code.clone(),
                text: issue.text_with(|s| escape::terminal(s).into_owned()),
            }
        } else {
            CaseOutcome::Skipped {
                message: format!("warning: {}", issue.message),
                text: issue.text_with(|s| escape::terminal(s).into_owned()),
            }
        },
    };
    TestSuite {
        name: "patuh input".to_owned(),
        file: None,
        cases: errors
            .iter()
            .map(|i| case(i, true))
            .chain(warnings.iter().map(|i| case(i, false)))
            .collect(),
        system_out: None,
    }
}

/// Markdown: the verdict, then a list of the problems with their places.
pub fn render_markdown_problems(errors: &[Issue], warnings: &[Issue]) -> String {
    let mut out = String::from("## patuh: input broken\n\n");
    let _ = writeln!(out, "{}; nothing was checked.\n", counted(errors.len()));
    markdown_list(&mut out, errors.iter().chain(warnings));
    out
}

/// The issues as a Markdown list: severity, code, place, message, help.
pub fn markdown_list<'a>(out: &mut String, issues: impl Iterator<Item = &'a Issue>) {
    for issue in issues {
        let at = issue
            .at()
            .map_or(String::new(), |a| format!(" {}", escape::markdown_code(&a)));
        let _ = write!(
            out,
            "- **{}** {}{at}: {}",
            issue.severity,
            escape::markdown_code(&issue.code),
            escape::markdown_text(&issue.message)
        );
        if let Some(h) = &issue.help {
            let _ = write!(out, " ({})", escape::markdown_text(h));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[derive(Debug, thiserror::Error, Diagnostic)]
    #[error("bad `{what}`")]
    #[diagnostic(code(example::code), help("fix it"))]
    struct Example {
        what: String,
        #[source_code]
        file: SourceFile,
        #[label("here")]
        at: miette::SourceSpan,
    }

    #[test]
    fn an_issue_has_the_place_of_its_label() {
        let file = SourceFile::new("data/x.yaml", "a: 1\nbé: [x, y]\n");
        let d = Example {
            what: "y".into(),
            file,
            at: (14, 1).into(),
        };
        let issue = Issue::of(&d);
        assert_eq!(issue.code, "example::code");
        assert_eq!(issue.message, "bad `y`");
        assert_eq!(issue.help.as_deref(), Some("fix it"));
        assert_eq!(issue.at().as_deref(), Some("data/x.yaml:2:9"));
    }
}
