//! Baselines: a previous JSON report whose findings are already known.
//!
//! A finding is known when the baseline holds one with the same rule id,
//! subject and outcome. Lines and columns take no part, so editing data
//! above a finding (a new source comment, a new year) keeps it known. Each
//! baseline finding matches at most one finding of the run; those left over
//! have been fixed (or changed outcome, or their subject is gone). Entries
//! with the same identity are one.
//!
//! | code | variant |
//! | --- | --- |
//! | `patuh::baseline::syntax` | [`BaselineError::Syntax`] |
//! | `patuh::baseline::version` | [`BaselineError::Version`] |

use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use serde::Deserialize;
use thiserror::Error;

/// The JSON report versions this patuh can read as a baseline (1 and 2:
/// both have each finding's `rule`, `subject` and `outcome`).
const READS_VERSION: u32 = crate::report::JSON_VERSION;

/// The findings of a previous report.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The file, as named on the command line.
    pub name: String,
    /// Its findings, in report order.
    pub findings: Vec<KnownFinding>,
}

/// One finding of a previous report.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct KnownFinding {
    /// Rule id.
    pub rule: String,
    /// Subject, e.g. `Sulawesi Tengah / Donggala / 2023`.
    pub subject: String,
    /// `fail` or `unknown`.
    pub outcome: String,
    /// `error`, `warning` or `info`, if the report says.
    #[serde(default)]
    pub severity: Option<String>,
    /// The finding's message, if the report has it.
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Deserialize)]
struct ReportFile {
    /// Any JSON, so that a SARIF file's `"2.1.0"` leads to the clearer
    /// "missing field `findings`".
    #[serde(default)]
    version: Option<serde_json::Value>,
    findings: Vec<KnownFinding>,
    /// `null` in the report of a run that checked nothing (a hand-made
    /// baseline may leave it out).
    #[serde(default = "no_summary")]
    summary: serde_json::Value,
}

fn no_summary() -> serde_json::Value {
    serde_json::Value::Bool(false)
}

/// A baseline that cannot be used (exit 2, nothing is checked).
#[derive(Debug, Error, Diagnostic)]
pub enum BaselineError {
    /// Not JSON, or JSON without `findings` (e.g. a SARIF file given by mistake).
    #[error("cannot read the baseline: {message}")]
    #[diagnostic(
        code(patuh::baseline::syntax),
        help(
            "a baseline is a JSON report from an earlier run: `patuh check --format json rules data > baseline.json`"
        )
    )]
    Syntax {
        /// What serde_json said, without its position.
        message: String,
        /// The baseline.
        #[source_code]
        file: SourceFile,
        /// Where reading stopped.
        #[label("here")]
        at: SourceSpan,
    },

    /// A report from a newer patuh whose shape this one does not know.
    #[error("the baseline is a version {found} report; this patuh reads version {READS_VERSION}")]
    #[diagnostic(
        code(patuh::baseline::version),
        help("make the baseline with this patuh, or upgrade patuh")
    )]
    Version {
        /// The version in the file.
        found: u64,
        /// The baseline.
        #[source_code]
        file: SourceFile,
        /// The version field.
        #[label("version {found}")]
        at: SourceSpan,
    },
}

/// Reads a JSON report as a baseline.
pub fn parse_baseline(file: &SourceFile) -> Result<Baseline, BaselineError> {
    let report: ReportFile = serde_json::from_str(file.text()).map_err(|e| {
        // serde_json counts columns from 1; the offset of 0 means "before
        // anything" for errors at the very start.
        let offset = match e.line() {
            0 => 0,
            line => file.offset_of(line, e.column().saturating_sub(1)),
        };
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        BaselineError::Syntax {
            message,
            file: file.clone(),
            at: (offset, 0).into(),
        }
    })?;
    let refuse = |message: &str, key: &str| {
        let at = file
            .text()
            .find(&format!("\"{key}\""))
            .map_or((0, 0).into(), |i| (i, key.len() + 2).into());
        BaselineError::Syntax {
            message: message.to_owned(),
            file: file.clone(),
            at,
        }
    };
    // Every patuh JSON report has a whole-number version; one without is
    // some other JSON that happens to have `findings`.
    let Some(version) = report.version.as_ref().and_then(serde_json::Value::as_u64) else {
        return Err(refuse(
            "not a patuh JSON report: no whole-number `version`",
            "findings",
        ));
    };
    if version > u64::from(READS_VERSION) {
        let found = version;
        let at = file
            .text()
            .find("\"version\"")
            .map_or((0, 0).into(), |i| (i, "\"version\"".len()).into());
        return Err(BaselineError::Version {
            found,
            file: file.clone(),
            at,
        });
    }
    // A broken run's report has no summary: it checked nothing, so it
    // knows nothing, and every finding would be new for the wrong reason.
    if report.summary.is_null() {
        return Err(refuse(
            "the report of a run that checked nothing (its `summary` is null)",
            "summary",
        ));
    }
    // An identity given twice is one known finding: a repeated entry (two
    // reports pasted together) would otherwise be "fixed" while it still
    // occurs. Collapsing can only make a finding new, never hide one.
    let mut seen = std::collections::HashSet::new();
    let findings = (report.findings.into_iter())
        .filter(|f| seen.insert((f.rule.clone(), f.subject.clone(), f.outcome.clone())))
        .collect();
    Ok(Baseline {
        name: file.name().to_owned(),
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_findings_of_a_json_report_and_ignores_the_rest() {
        let file = SourceFile::new(
            "old.json",
            r#"{"version": 1, "summary": {"x": 1}, "findings": [
                {"rule": "r", "severity": "error", "outcome": "fail", "subject": "A / 2023",
                 "message": "m", "data_locations": []}
            ]}"#,
        );
        let b = parse_baseline(&file).map_err(|e| e.to_string());
        let b = b.as_ref().map(|b| (b.name.as_str(), b.findings.len()));
        assert_eq!(b, Ok(("old.json", 1)));
    }

    #[test]
    fn a_broken_baseline_points_at_the_place() {
        let file = SourceFile::new("old.json", "{\"findings\": [\n  {\"rule\": 1}\n]}");
        match parse_baseline(&file) {
            Err(BaselineError::Syntax { at, message, .. }) => {
                assert_eq!(file.line_col(at.offset()).0, 2, "{message}");
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn an_entry_given_twice_is_one_known_finding() {
        let entry = r#"{"rule": "r", "outcome": "fail", "subject": "A / 2023"}"#;
        let file = SourceFile::new(
            "old.json",
            format!(r#"{{"version": 2, "findings": [{entry}, {entry}]}}"#),
        );
        let b = parse_baseline(&file).map(|b| b.findings.len());
        assert!(matches!(b, Ok(1)), "{b:?}");
    }

    #[test]
    fn json_that_is_not_a_report_of_a_run_is_refused() {
        for text in [
            r#"{"findings": []}"#,
            r#"{"version": "2", "summary": {}, "findings": []}"#,
            r#"{"version": 2, "summary": null, "errors": [{}], "findings": []}"#,
        ] {
            let file = SourceFile::new("old.json", text);
            let b = parse_baseline(&file);
            assert!(
                matches!(b, Err(BaselineError::Syntax { .. })),
                "{text}: {b:?}"
            );
        }
    }

    #[test]
    fn a_newer_report_is_refused() {
        let file = SourceFile::new("old.json", r#"{"version": 9, "findings": []}"#);
        assert!(matches!(
            parse_baseline(&file),
            Err(BaselineError::Version { found: 9, .. })
        ));
    }
}
