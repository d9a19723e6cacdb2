//! The JSON report: a stable, documented shape (see README, "JSON report").

use super::{DataRef, Report, WaiverUse};
use crate::eval::Counts;
use serde::Serialize;

/// Bumped on any incompatible change of the shape.
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: JsonSummary,
    rules: Vec<JsonRule<'a>>,
    findings: Vec<JsonFinding<'a>>,
    waivers: Vec<JsonWaiver<'a>>,
    baseline: Option<&'a str>,
    fixed: Vec<JsonFixed<'a>>,
}

#[derive(Serialize)]
struct JsonCounts {
    pass: usize,
    fail: usize,
    unknown: usize,
}

impl From<Counts> for JsonCounts {
    fn from(c: Counts) -> Self {
        JsonCounts {
            pass: c.pass,
            fail: c.fail,
            unknown: c.unknown,
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    rules: usize,
    subjects: usize,
    pass: usize,
    fail: usize,
    unknown: usize,
    failed: bool,
    by_severity: BySeverity,
    failing: usize,
    waived: usize,
    known: usize,
    fail_on: &'static str,
    strict: bool,
}

#[derive(Serialize)]
struct BySeverity {
    error: JsonCounts,
    warning: JsonCounts,
    info: JsonCounts,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    title: Option<&'a str>,
    severity: &'static str,
    basis: Option<&'a str>,
    location: Location<'a>,
    pass: usize,
    fail: usize,
    unknown: usize,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct RuleLocation<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    expression: String,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    outcome: &'static str,
    subject: &'a str,
    message: &'a str,
    label: &'a str,
    rule_location: RuleLocation<'a>,
    data_locations: Vec<DataRef>,
    status: &'static str,
    waiver: Option<WaiverRef<'a>>,
}

/// Which waiver covers a finding.
#[derive(Serialize)]
struct WaiverRef<'a> {
    file: &'a str,
    line: usize,
    reason: &'a str,
    expires: String,
    approved_by: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonWaiver<'a> {
    rule: &'a str,
    subject: &'a str,
    reason: &'a str,
    expires: String,
    approved_by: Option<&'a str>,
    state: &'static str,
    matches: usize,
    note: Option<&'a str>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct JsonFixed<'a> {
    rule: &'a str,
    severity: Option<&'a str>,
    outcome: &'a str,
    subject: &'a str,
    message: Option<&'a str>,
}

fn waiver_ref(u: &WaiverUse) -> WaiverRef<'_> {
    let w = &u.waiver;
    WaiverRef {
        file: w.file.name(),
        line: w.line_col().0,
        reason: &w.reason,
        expires: w.expires.to_string(),
        approved_by: w.approved_by.as_deref(),
    }
}

impl Serialize for DataRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("DataRef", 5)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("value", &self.value)?;
        st.end()
    }
}

/// The report as pretty-printed JSON, with a final newline.
pub fn render_json(report: &Report<'_>) -> String {
    let s = report.summary();
    let rules = report
        .rule_counts()
        .map(|(r, rule, c)| {
            let file = report.rule_file(r);
            let (line, column) = file.line_col(rule.span.start as usize);
            JsonRule {
                id: &rule.id.node,
                title: rule.title.as_ref().map(|t| t.node.as_str()),
                severity: rule.severity.node.as_str(),
                basis: rule.basis.as_ref().map(|b| b.node.as_str()),
                location: Location {
                    file: file.name(),
                    line,
                    column,
                },
                pass: c.pass,
                fail: c.fail,
                unknown: c.unknown,
            }
        })
        .collect();
    let findings = report
        .findings()
        .map(|(f, status)| {
            let rule = report.rule(f.rule);
            let file = report.rule_file(f.rule);
            let (line, column) = file.line_col(f.span.start as usize);
            let (end_line, end_column) = file.line_col(f.span.end as usize);
            JsonFinding {
                rule: &rule.id.node,
                severity: rule.severity.node.as_str(),
                outcome: f.outcome.as_str(),
                subject: &f.subject,
                message: &f.message,
                label: &f.label,
                rule_location: RuleLocation {
                    file: file.name(),
                    line,
                    column,
                    end_line,
                    end_column,
                    expression: f
                        .span
                        .text(file)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                data_locations: report.data_refs(f),
                status: status.as_str(),
                waiver: report.waiver(status).map(waiver_ref),
            }
        })
        .collect();
    let waivers = report
        .triage
        .waivers
        .iter()
        .map(|u| {
            let w = &u.waiver;
            let (line, column) = w.line_col();
            JsonWaiver {
                rule: &w.rule,
                subject: &w.subject,
                reason: &w.reason,
                expires: w.expires.to_string(),
                approved_by: w.approved_by.as_deref(),
                state: u.state.as_str(),
                matches: u.matches,
                note: u.note.as_deref(),
                location: Location {
                    file: w.file.name(),
                    line,
                    column,
                },
            }
        })
        .collect();
    let fixed = report
        .triage
        .fixed
        .iter()
        .map(|k| JsonFixed {
            rule: &k.rule,
            severity: k.severity.as_deref(),
            outcome: &k.outcome,
            subject: &k.subject,
            message: k.message.as_deref(),
        })
        .collect();
    let (waived, known) = report.set_aside();
    let out = JsonReport {
        version: FORMAT_VERSION,
        summary: JsonSummary {
            rules: s.rules,
            subjects: s.total.total(),
            pass: s.total.pass,
            fail: s.total.fail,
            unknown: s.total.unknown,
            failed: report.failed(),
            by_severity: BySeverity {
                error: s.error.into(),
                warning: s.warning.into(),
                info: s.info.into(),
            },
            failing: {
                let f = report.failing();
                f.fail + f.unknown
            },
            waived,
            known,
            fail_on: report.fail_on.as_str(),
            strict: report.strict,
        },
        rules,
        findings,
        waivers,
        baseline: report.triage.baseline.as_deref(),
        fixed,
    };
    // Serializing plain structs of strings and integers cannot fail.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
