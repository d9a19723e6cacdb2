//! SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.
//!
//! One run; the driver lists every rule checked (so a viewer can tell "ran
//! and found nothing" from "not run"). A result's primary location is the
//! data line (where the problem is), its related locations the rule
//! expression and any other data values. Waived findings carry an external
//! suppression with the waiver's reason; with a baseline, results carry
//! `baselineState`. Waivers that expired or match nothing are tool
//! notifications. Columns count Unicode code points (`columnKind`).

use super::{Place, Report, Status};
use crate::ast::Severity;
use crate::eval::{Finding, Outcome};
use serde_json::{Value, json};
use std::collections::HashMap;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` kept, everything outside the
/// unreserved set percent-encoded.
fn uri(path: &str) -> Value {
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if absolute => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if absolute {
        let slash = if path.starts_with('/') { "" } else { "/" };
        json!({ "uri": format!("file://{slash}{out}") })
    } else {
        json!({ "uri": out, "uriBaseId": "%SRCROOT%" })
    }
}

fn physical(p: &Place) -> Value {
    let mut region = json!({
        "startLine": p.line,
        "startColumn": p.column,
    });
    if p.end_line != p.line {
        region["endLine"] = json!(p.end_line);
    }
    if (p.end_line, p.end_column) > (p.line, p.column) {
        region["endColumn"] = json!(p.end_column);
    }
    json!({
        "artifactLocation": uri(&p.file),
        "region": region,
    })
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, unlike std's hasher.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn result(
    report: &Report<'_>,
    f: &Finding,
    status: Status,
    rule_index: usize,
    seen: &mut HashMap<u64, usize>,
) -> Value {
    let rule = report.rule(f.rule);
    let refs = report.data_refs(f);
    let primary = report.primary_place(f, &refs);
    // Unknowns are notes (missing data needs a look) unless --strict makes them fail.
    let level = match f.outcome {
        Outcome::Unknown if !report.fails_run(f, status) => "note",
        _ => level(rule.severity.node),
    };
    let mut related = vec![];
    if !refs.is_empty() {
        related.push(json!({
            "id": 1,
            "physicalLocation": physical(&report.rule_place(f)),
            "message": { "text": format!("rule `{}`: {}", rule.id.node, f.label) },
        }));
    }
    for r in refs.iter().skip(1) {
        related.push(json!({
            "id": related.len() + 1,
            "physicalLocation": physical(&report.data_place(r)),
            "message": { "text": r.describe() },
        }));
    }
    let mut location = json!({ "physicalLocation": physical(&primary) });
    if let Some(r) = refs.first() {
        location["message"] = json!({ "text": r.describe() });
    }
    // Fingerprints follow the subject, not the line, so an alert survives
    // edits above it; the rare second finding of the same pair gets a suffix.
    let hash = fnv1a(&format!("{}\u{0}{}", rule.id.node, f.subject));
    let n = seen.entry(hash).or_default();
    let fingerprint = match *n {
        0 => format!("{hash:016x}"),
        k => format!("{hash:016x}:{k}"),
    };
    *n += 1;
    let mut out = json!({
        "ruleId": rule.id.node,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": format!("{}: {}", f.subject, report.headline(f)) },
        "locations": [location],
        "partialFingerprints": { "patuhSubject/v1": fingerprint },
        "properties": {
            "subject": f.subject,
            "outcome": f.outcome.as_str(),
            "status": status.as_str(),
            "waived": matches!(status, Status::Waived(_)),
        },
    });
    if !related.is_empty() {
        out["relatedLocations"] = Value::Array(related);
    }
    if let Some(u) = report.waiver(status) {
        let w = &u.waiver;
        let mut justification = format!("{} (until {}", w.reason, w.expires);
        if let Some(a) = &w.approved_by {
            justification.push_str(&format!(", approved by {a}"));
        }
        justification.push(')');
        out["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": justification,
            "location": { "physicalLocation": physical(&report.waiver_place(u)) },
        }]);
    }
    if report.triage.baseline.is_some() {
        out["baselineState"] = json!(match status {
            Status::Known => "unchanged",
            _ => "new",
        });
    }
    out
}

/// The report as SARIF 2.1.0 (pretty-printed, keys sorted, final newline).
pub fn render_sarif(report: &Report<'_>) -> String {
    let mut rules = Vec::new();
    let mut index = HashMap::new();
    for (i, (r, rule, _)) in report.rule_counts().enumerate() {
        index.insert(r, i);
        let title = rule.title.as_ref().map_or(&rule.id.node, |t| &t.node);
        let mut full = title.clone();
        if let Some(b) = &rule.basis {
            full.push_str(&format!(" (basis: {})", b.node));
        }
        let file = report.rule_file(r);
        let (line, _) = file.line_col(rule.span.start as usize);
        let mut properties = json!({
            "severity": rule.severity.node.as_str(),
            "definedAt": format!("{}:{line}", file.name()),
        });
        if let Some(b) = &rule.basis {
            properties["basis"] = json!(b.node);
        }
        rules.push(json!({
            "id": rule.id.node,
            "name": rule.id.node,
            "shortDescription": { "text": title },
            "fullDescription": { "text": full },
            "defaultConfiguration": { "level": level(rule.severity.node) },
            "properties": properties,
        }));
    }
    let mut seen = HashMap::new();
    let results: Vec<Value> = report
        .findings()
        .map(|(f, status)| {
            // INVARIANT: every finding's rule is among the rules checked.
            let i = index.get(&f.rule).copied().unwrap_or(0);
            result(report, f, status, i, &mut seen)
        })
        .collect();
    let notifications: Vec<Value> = report
        .triage
        .problems()
        .map(|u| {
            json!({
                "descriptor": { "id": u.code() },
                "level": "warning",
                "message": { "text": u.problem().unwrap_or_default() },
                "locations": [{ "physicalLocation": physical(&report.waiver_place(u)) }],
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "patuh",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            },
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }],
    });
    if report.triage.baseline.is_some() {
        run["properties"] = json!({
            "fixed": report.triage.fixed.iter().map(|k| json!({
                "ruleId": k.rule,
                "subject": k.subject,
                "outcome": k.outcome,
            })).collect::<Vec<_>>(),
        });
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    // Serializing a `Value` cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("data/sulawesi-tengah.yaml")["uri"],
            "data/sulawesi-tengah.yaml"
        );
        assert_eq!(
            uri("data/jawa tengah#1.yaml")["uri"],
            "data/jawa%20tengah%231.yaml"
        );
        assert_eq!(uri("/tmp/a b.yaml")["uri"], "file:///tmp/a%20b.yaml");
        assert_eq!(uri("C:/x.yaml")["uri"], "file:///C:/x.yaml");
    }

    #[test]
    fn fingerprints_are_fnv1a() {
        // The published FNV-1a test vectors.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
