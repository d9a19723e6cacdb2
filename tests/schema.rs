//! The JSON report's published schema (`docs/report.schema.json`) holds for
//! every JSON report the tests snapshot, for the README's example, and for
//! reports of runs with waivers, a baseline and broken input.

mod common;

use common::{FUND_RULE, SULTENG, patuh, repo, scratch};
use std::path::Path;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("docs/report.schema.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("not a valid schema: {e}"))
}

fn assert_valid(what: &str, report: &serde_json::Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(report)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// The body of a snapshot file (after its `---` header).
fn snapshot_body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("snapshot");
    text.splitn(3, "---\n").nth(2).unwrap_or("").to_owned()
}

#[test]
fn every_json_report_snapshot_holds_to_the_schema() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("tests/snapshots")).expect("snapshots") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&snapshot_body(&path)) else {
            continue;
        };
        // A JSON report, not a SARIF log or another JSON.
        if value.get("findings").is_some() && value.get("summary").is_some() {
            assert_valid(&path.display().to_string(), &value);
            checked += 1;
        }
    }
    assert!(checked >= 2, "only {checked} JSON report snapshots found");
}

#[test]
fn the_readme_example_holds_to_the_schema() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let from = readme.find("## JSON report").expect("section");
    let start = readme[from..].find("```json\n").expect("block") + from + 8;
    let end = readme[start..].find("```").expect("end") + start;
    let example: serde_json::Value = serde_json::from_str(&readme[start..end]).expect("JSON");
    assert_valid("README", &example);
}

#[test]
fn triaged_and_broken_reports_hold_to_the_schema() {
    let dir = scratch(
        "schema-triaged",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            (
                "waivers.yaml",
                "waivers:\n  - rule: fund_bpu\n    subject: \"* / Donggala\"\n    reason: r\n    expires: 2099-01-01\n    approved_by: someone\n  - rule: fund_bpu\n    subject: \"* / Gone\"\n    reason: r\n    expires: 2020-01-01\n",
            ),
            (
                "old.json",
                r#"{"version": 1, "findings": [
                    {"rule": "fund_bpu", "subject": "Sulawesi Tengah / Poso", "outcome": "fail"},
                    {"rule": "fund_bpu", "subject": "Sulawesi Tengah / Gone", "outcome": "fail"}
                ]}"#,
            ),
            ("broken/x.yaml", "province: X\nyears: {2023: {a: 1}\n"),
        ],
    );
    let run = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--format",
            "json",
            "--waivers",
            "waivers.yaml",
            "--baseline",
            "old.json",
            "--strict",
            "--fail-on",
            "info",
            "--today",
            "2025-06-30",
        ],
    );
    let report = common::json(&run);
    assert_eq!(report["today"], "2025-06-30");
    assert_eq!(report["fixed"].as_array().map(Vec::len), Some(1));
    assert_valid("triaged", &report);
    let broken = patuh(&dir, &["check", "rules", "broken", "--format", "json"]);
    assert_eq!(broken.code, 2);
    assert_valid("broken", &common::json(&broken));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn values_are_json_numbers_booleans_and_null() {
    let report = common::json(&patuh(
        repo(),
        &["check", "rules", "data", "--format", "json"],
    ));
    let values: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .flat_map(|f| f["data_locations"].as_array().expect("locations"))
        .map(|d| &d["value"])
        .collect();
    assert!(values.iter().any(|v| v.is_boolean()));
    assert!(values.iter().any(|v| v.as_i64() == Some(128_993)));
    assert!(values.iter().any(|v| v.is_null()));
    assert!(!values.iter().any(|v| v == &&serde_json::json!("missing")));
}
