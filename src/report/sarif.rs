//! SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.
//!
//! One run; the driver lists every rule checked (so a viewer can tell "ran
//! and found nothing" from "not run"). A result's primary location is the
//! data line (where the problem is), its related locations the rule
//! expression and any other data values. Waived findings carry an external
//! suppression with the waiver's reason; with a baseline, results carry
//! `baselineState`. Waivers that expired or match nothing are tool
//! notifications. Columns count Unicode code points (`columnKind`).

use super::{Issue, Place, Report, Status};
use crate::ast::Severity;
use crate::eval::Finding;
use serde::{Serialize, Serializer};
use std::collections::HashMap;

pub(super) const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// The log is typed and its results are serialized as they are made: a
// national run has ~100k findings, and a generic JSON tree of them costs
// gigabytes.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Results<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Message,
    full_description: Message,
    help: Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

/// A message or a multiformat message string: plain text, and Markdown
/// where a viewer can show it.
#[derive(Serialize)]
pub(super) struct Message {
    pub(super) text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) markdown: Option<String>,
}

/// A message: its text escaped, as every text from data or rules is.
pub(super) fn message(text: impl AsRef<str>) -> Message {
    Message {
        text: super::escape::sarif_text(text.as_ref()),
        markdown: None,
    }
}

/// A SARIF rule `name`: the id in upper camel case (`fund_bpu` is
/// `FundBpu`), a name people read; none when that is the id itself.
pub(super) fn rule_name(id: &str) -> Option<String> {
    let name: String = id
        .split(['_', '-', ':'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    (!name.is_empty() && name != id).then_some(name)
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties<'a> {
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'a str>,
    defined_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Invocation {
    pub(super) execution_successful: bool,
    pub(super) tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
pub(super) struct Notification {
    descriptor: Descriptor,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Descriptor {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    /// The finding's fingerprint (rule id, subject and outcome; see
    /// `report::fingerprint`), the one the JSON report has.
    #[serde(rename = "patuhFinding/v2")]
    finding: &'a str,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    location: Location,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    subject: &'a str,
    sources: Vec<super::Source>,
    outcome: &'static str,
    status: &'static str,
    waived: bool,
    #[serde(rename = "failsRun")]
    fails_run: bool,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    /// With a baseline: its findings that no finding of this run matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Vec<FixedResult<'a>>>,
    /// Documents without a collection the rules read from them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    completeness: Vec<super::Incomplete>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixedResult<'a> {
    rule_id: &'a str,
    subject: &'a str,
    outcome: &'a str,
}

/// The results, made one by one while serializing.
struct Results<'a> {
    report: &'a Report<'a>,
    rule_index: HashMap<crate::eval::RuleRef, usize>,
    fingerprints: Vec<String>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.report.findings().enumerate().map(|(i, (f, status))| {
            // INVARIANT: every finding's rule is among the rules checked.
            let rule_index = self.rule_index.get(&f.rule).copied().unwrap_or(0);
            let known = self.report.in_baseline(i);
            result(
                self.report,
                f,
                status,
                known,
                rule_index,
                &self.fingerprints[i],
            )
        }))
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference against `%SRCROOT%`: `/` kept,
/// everything outside the unreserved set percent-encoded. An absolute path
/// becomes a `file://` URI.
fn uri(path: &str) -> ArtifactLocation {
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    let out = match absolute {
        // A drive letter's colon stays.
        true => super::percent_encode_path(path).replacen("%3A", ":", 1),
        false => super::percent_encode_path(path),
    };
    if absolute {
        let slash = if path.starts_with('/') { "" } else { "/" };
        ArtifactLocation {
            uri: format!("file://{slash}{out}"),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: out,
            uri_base_id: Some("%SRCROOT%"),
        }
    }
}

fn physical(p: &Place) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: uri(&p.file),
        region: Region {
            start_line: p.line,
            start_column: p.column,
            end_line: (p.end_line != p.line).then_some(p.end_line),
            end_column: ((p.end_line, p.end_column) > (p.line, p.column)).then_some(p.end_column),
        },
    }
}

pub(super) fn location(id: Option<usize>, p: &Place, text: Option<String>) -> Location {
    Location {
        id,
        physical_location: physical(p),
        message: text.map(message),
    }
}

fn result<'a>(
    report: &'a Report<'a>,
    f: &'a Finding,
    status: Status,
    known: bool,
    rule_index: usize,
    fingerprint: &'a str,
) -> SarifResult<'a> {
    let rule = report.rule(f.rule);
    let refs = report.data_refs(f);
    let primary = report.primary_place(f, &refs);
    // The one level every format gives: unknowns are notes (missing data
    // needs a look) unless --strict makes them fail.
    let level = report.level(f, status).sarif();
    // Related locations, each linked from the message (`[text](id)`), so a
    // viewer that shows one location shows the way to the others.
    let mut related = Vec::new();
    let mut links = Vec::new();
    if !refs.is_empty() {
        let text = format!("rule `{}`: {}", rule.id.node, f.label);
        links.push(format!(
            "[the rule expression {}](1)",
            super::escape::sarif_text(&report.expression(f))
        ));
        related.push(location(Some(1), &report.rule_place(f), Some(text)));
    }
    for r in refs.iter().skip(1) {
        let id = related.len() + 1;
        links.push(format!(
            "[{}]({id})",
            super::escape::sarif_text(&r.describe())
        ));
        related.push(location(
            Some(id),
            &report.data_place(r),
            Some(r.describe()),
        ));
    }
    let suppressions = report.waiver(status).map(|u| {
        let w = &u.waiver;
        let mut justification = format!("{} (until {}", w.reason, w.expires);
        if let Some(a) = &w.approved_by {
            justification.push_str(&format!(", approved by {a}"));
        }
        justification.push(')');
        [Suppression {
            kind: "external",
            status: "accepted",
            justification: super::escape::terminal(&justification).into_owned(),
            location: location(None, &report.waiver_place(u), None),
        }]
    });
    let sources = report.sources(&refs);
    let mut text = super::escape::sarif_text(&format!("{}: {}", f.subject, report.headline(f)));
    if !links.is_empty() {
        text.push_str(&format!(" (see {})", links.join(", ")));
    }
    for s in &sources {
        text.push_str(&format!(
            ". Source: {}",
            super::escape::sarif_text(&s.describe())
        ));
    }
    SarifResult {
        rule_id: &rule.id.node,
        rule_index,
        level,
        message: Message {
            text,
            markdown: None,
        },
        locations: [location(None, &primary, refs.first().map(|r| r.describe()))],
        related_locations: related,
        partial_fingerprints: Fingerprints {
            finding: fingerprint,
        },
        suppressions,
        // Whether the baseline has it, waived or not: a waiver suppresses a
        // result, it does not make it new.
        baseline_state: report
            .triage
            .baseline
            .as_ref()
            .map(|_| if known { "unchanged" } else { "new" }),
        properties: ResultProperties {
            sources,
            subject: &f.subject,
            outcome: f.outcome.as_str(),
            status: status.as_str(),
            waived: matches!(status, Status::Waived(_)),
            fails_run: report.fails_run(f, status),
        },
    }
}

/// A problem or warning as a tool notification, at its place if it has one.
pub(super) fn notification(issue: &Issue) -> Notification {
    Notification {
        descriptor: Descriptor {
            id: issue.code.clone(),
        },
        level: if issue.severity == "error" {
            "error"
        } else {
            "warning"
        },
        message: message(&issue.message),
        locations: issue
            .place()
            .map(|p| location(None, &p, None))
            .into_iter()
            .collect(),
    }
}

/// The run's property bag: the findings fixed since a baseline, and the
/// data's completeness; none when there is neither.
fn run_properties<'a>(report: &'a Report<'_>) -> Option<RunProperties<'a>> {
    let fixed = report.triage.baseline.as_ref().map(|_| {
        report
            .triage
            .fixed
            .iter()
            .map(|k| FixedResult {
                rule_id: &k.rule,
                subject: &k.subject,
                outcome: &k.outcome,
            })
            .collect()
    });
    let completeness = report.completeness();
    (fixed.is_some() || !completeness.is_empty()).then_some(RunProperties {
        fixed,
        completeness,
    })
}

/// The report as SARIF 2.1.0 (pretty-printed, with a final newline).
pub fn render_sarif(report: &Report<'_>) -> String {
    let mut rules = Vec::new();
    let mut rule_index = HashMap::new();
    for (i, (r, rule, _)) in report.rule_counts().enumerate() {
        rule_index.insert(r, i);
        let title = rule.title.as_ref().map_or(&rule.id.node, |t| &t.node);
        let file = report.rule_file(r);
        let (line, _) = file.line_col(rule.span.start as usize);
        let require = normalised(rule.require.span.text(file));
        let mut full = format!("{title}: requires `{require}`");
        if let Some(b) = &rule.basis {
            full.push_str(&format!(" (basis: {})", b.node));
        }
        rules.push(RuleDescriptor {
            id: &rule.id.node,
            name: rule_name(&rule.id.node),
            short_description: message(title.as_str()),
            full_description: message(full),
            help: rule_help(rule, title, &require, file.name(), line),
            help_uri: report.options.link(file.name(), line),
            default_configuration: Configuration {
                level: level(rule.severity.node),
            },
            properties: RuleProperties {
                severity: rule.severity.node.as_str(),
                basis: rule.basis.as_ref().map(|b| b.node.as_str()),
                defined_at: format!("{}:{line}", file.name()),
            },
        });
    }
    let notifications = report
        .triage
        .problems()
        .map(|u| Notification {
            descriptor: Descriptor {
                id: u.code().unwrap_or_default().to_owned(),
            },
            level: "warning",
            message: message(u.problem().unwrap_or_default()),
            locations: vec![location(None, &report.waiver_place(u), None)],
        })
        .chain(report.warnings.iter().map(notification))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "patuh",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(&report.options),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results: Results {
                report,
                rule_index,
                fingerprints: report.fingerprints(),
            },
            properties: run_properties(report),
        }],
    };
    // Serializing plain structs of strings and integers cannot fail.
    let mut out = Vec::new();
    // Writing to memory cannot fail, and serde_json writes UTF-8.
    let _ = super::escape::write_pretty_json(&mut out, &log);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// Where people learn about patuh: the package's homepage when it was
/// built with one, else the README beside the files under `--link-base`.
pub(super) fn information_uri(options: &super::Options) -> Option<String> {
    match option_env!("CARGO_PKG_HOMEPAGE").filter(|h| !h.is_empty()) {
        Some(home) => Some(home.to_owned()),
        None => options
            .link_base
            .as_deref()
            .map(|b| format!("{}/README.md", b.trim_end_matches('/'))),
    }
}

/// An expression's text on one line.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rule's help, in text and Markdown: its title, basis and requirement,
/// where it is defined, and how to act on a finding.
fn rule_help(
    rule: &crate::ast::Rule,
    title: &str,
    require: &str,
    file: &str,
    line: usize,
) -> Message {
    use super::escape::{markdown_code as code, markdown_text as md, sarif_text as plain};
    let id = &rule.id.node;
    let severity = rule.severity.node.as_str();
    let mut text = vec![
        format!("{} ({}, {severity})", plain(title), plain(id)),
        format!("Requires, for each subject: {}", plain(require)),
    ];
    let mut markdown = vec![
        format!("**{}** ({}, {severity})", md(title), code(id)),
        format!("Requires, for each subject: {}", code(require)),
    ];
    if let Some(b) = &rule.basis {
        text.push(format!("Basis: {}", plain(&b.node)));
        markdown.push(format!("Basis: {}", md(&b.node)));
    }
    text.push(format!("Defined at {}:{line}", plain(file)));
    markdown.push(format!("Defined at {}", code(&format!("{file}:{line}"))));
    let fix = "A finding points at the data line and names the published source of the figure. \
               Correct the figure if it was copied wrongly; otherwise the finding stands until \
               the region fixes what the rule requires and a new source publishes it. An \
               accepted exception belongs in the waiver register (waivers.yaml), with a reason \
               and an expiry date.";
    text.push(fix.to_owned());
    markdown.push(fix.replace("waivers.yaml", "`waivers.yaml`"));
    Message {
        text: text.join("\n"),
        markdown: Some(markdown.join("\n\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_upper_camel_case_and_never_the_id() {
        assert_eq!(rule_name("fund_bpu").as_deref(), Some("FundBpu"));
        assert_eq!(
            rule_name("patuh::data::syntax").as_deref(),
            Some("PatuhDataSyntax")
        );
        assert_eq!(rule_name("R1"), None);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("data/sulawesi-tengah.yaml").uri,
            "data/sulawesi-tengah.yaml"
        );
        assert_eq!(
            uri("data/jawa tengah#1.yaml").uri,
            "data/jawa%20tengah%231.yaml"
        );
        assert_eq!(uri("/tmp/a b.yaml").uri, "file:///tmp/a%20b.yaml");
        assert_eq!(uri("/tmp/a b.yaml").uri_base_id, None);
        assert_eq!(uri("C:/x.yaml").uri, "file:///C:/x.yaml");
    }
}
