//! The JSON report: a stable, documented shape (see README, "JSON report").

use super::{DataRef, Report, WaiverUse};
use crate::eval::{Counts, Finding};
use crate::report::Status;
use serde::Serialize;

/// Bumped on any incompatible change of the shape. Version 2: values are
/// JSON numbers, booleans, text or `null` (a missing figure), not text;
/// findings carry `fingerprint`, `title`, `fails_run` and `sources`; the
/// header names the `patuh` version and the `today` date.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    patuh: &'static str,
    today: Option<String>,
    summary: JsonSummary,
    rules: Vec<JsonRule<'a>>,
    findings: Findings<'a>,
    waivers: Vec<JsonWaiver<'a>>,
    baseline: Option<&'a str>,
    fixed: Vec<JsonFixed<'a>>,
    /// Always empty here: a run with errors in its input writes
    /// [`super::problems::render_json_problems`] instead.
    errors: [(); 0],
    warnings: &'a [super::Issue],
}

/// The findings, each made into its JSON shape only as it is written, so a
/// report of a million findings is never held in memory twice.
struct Findings<'a>(&'a Report<'a>, Vec<String>);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        s.collect_seq(
            report
                .findings()
                .zip(&self.1)
                .map(|((f, status), fp)| json_finding(report, f, status, fp)),
        )
    }
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
    /// Documents without a collection the rules read from them.
    completeness: Vec<super::Incomplete>,
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
    fingerprint: &'a str,
    rule: &'a str,
    title: Option<&'a str>,
    severity: &'static str,
    outcome: &'static str,
    fails_run: bool,
    subject: &'a str,
    message: &'a str,
    label: &'a str,
    rule_location: RuleLocation<'a>,
    data_locations: Vec<DataRef>,
    sources: Vec<super::Source>,
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
        let mut st = s.serialize_struct("DataRef", 6)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("value", &self.datum)?;
        st.serialize_field("source", &self.source.as_ref().map(|s| &s.id))?;
        // Only data read from a spreadsheet has a cell.
        if let (Some(c), Some(reference)) = (&self.cell, self.cell_reference()) {
            st.serialize_field(
                "cell",
                &serde_json::json!({ "reference": reference, "header": c.header }),
            )?;
        }
        st.end()
    }
}

impl Serialize for super::Datum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use super::Datum;
        match self {
            Datum::Missing => s.serialize_none(),
            Datum::Bool(b) => s.serialize_bool(*b),
            Datum::Int(i) => s.serialize_i64(*i),
            // Exactly as held: `31.98`, `1.50`, never through a binary float.
            Datum::Dec(d) => serde_json::value::RawValue::from_string(d.to_string())
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            Datum::Text(t) => s.serialize_str(t),
        }
    }
}

/// The report as pretty-printed JSON, with a final newline.
pub fn render_json(report: &Report<'_>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and serde_json writes UTF-8.
    let _ = write_json(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report as pretty-printed JSON, with a final newline, as it
/// goes: the same bytes as [`render_json`].
///
/// # Errors
/// Whatever writing to `out` gives.
pub fn write_json(report: &Report<'_>, out: impl std::io::Write) -> std::io::Result<()> {
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
    let json = JsonReport {
        version: FORMAT_VERSION,
        patuh: env!("CARGO_PKG_VERSION"),
        today: report.triage.today.map(|d| d.to_string()),
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
            completeness: report.completeness(),
        },
        rules,
        findings: Findings(report, report.fingerprints()),
        waivers,
        baseline: report.triage.baseline.as_deref(),
        fixed,
        errors: [],
        warnings: &report.warnings,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    super::escape::write_pretty_json(&mut out, &json)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

fn json_finding<'a>(
    report: &'a Report<'a>,
    f: &'a Finding,
    status: Status,
    fingerprint: &'a str,
) -> JsonFinding<'a> {
    let rule = report.rule(f.rule);
    let file = report.rule_file(f.rule);
    let (line, column) = file.line_col(f.span.start as usize);
    let (end_line, end_column) = file.line_col(f.span.end as usize);
    let refs = report.data_refs(f);
    JsonFinding {
        fingerprint,
        rule: &rule.id.node,
        title: rule.title.as_ref().map(|t| t.node.as_str()),
        severity: rule.severity.node.as_str(),
        outcome: f.outcome.as_str(),
        fails_run: report.fails_run(f, status),
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
        sources: report.sources(&refs),
        data_locations: refs,
        status: status.as_str(),
        waiver: report.waiver(status).map(waiver_ref),
    }
}
