//! Baselines: with `--baseline old.json` only findings the old report does
//! not have can fail the run, and old findings that are gone are listed as
//! fixed. Findings match on rule, subject and outcome, never on lines.

mod common;

use common::{FUND_RULE, SULTENG, json, patuh, scratch, write};
use std::path::{Path, PathBuf};

/// The bundled-style pack with a baseline report of `SULTENG` in `baseline.json`.
fn with_baseline(name: &str) -> PathBuf {
    let dir = scratch(
        name,
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "json=baseline.json"],
    );
    assert_eq!(run.code, 1, "Donggala and Poso fail: {}", run.stderr);
    dir
}

fn check(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "check",
        "rules",
        "data",
        "--baseline",
        "baseline.json",
        "--color",
        "never",
    ];
    args.extend(extra);
    patuh(dir, &args)
}

fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {} {}", f["subject"], f["outcome"], f["status"]))
        .collect()
}

/// Three new comment lines above everything, so every finding moves down.
const SOURCES: &str = "# sources: APBD 2023 of each regency\n# checked 2025-01-10\n# by the provincial inspectorate\n";

#[test]
fn editing_the_data_above_a_finding_keeps_it_known() {
    let dir = with_baseline("shifted");
    write(&dir, "data/sulteng.yaml", &format!("{SOURCES}{SULTENG}"));
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.code, 0, "nothing new");
    let report = json(&run);
    assert_eq!(report["summary"]["known"], 3);
    assert_eq!(report["fixed"], serde_json::json!([]));
    assert_eq!(
        report["findings"][0]["data_locations"][0]["line"], 7,
        "the line moved"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_findings_fail_known_ones_do_not_and_gone_ones_are_fixed() {
    let dir = with_baseline("new-known-fixed");
    // Donggala now funds BPU (fixed), Sigi stopped (new), Poso still does not (known).
    let now = SULTENG
        .replace(
            "Donggala\n    funds_bpu: false",
            "Donggala\n    funds_bpu: true",
        )
        .replace("Sigi\n    funds_bpu: true", "Sigi\n    funds_bpu: false");
    write(&dir, "data/sulteng.yaml", &format!("{SOURCES}{now}"));
    let run = check(&dir, &["--format", "json"]);
    assert_eq!(run.code, 1, "Sigi is new");
    let report = json(&run);
    assert_eq!(
        statuses(&report),
        [
            r#""Sulawesi Tengah / Poso" "fail" "known""#,
            r#""Sulawesi Tengah / Sigi" "fail" "new""#,
            r#""Sulawesi Tengah / Kota Palu" "unknown" "known""#,
        ]
    );
    assert_eq!(report["baseline"], "baseline.json");
    assert_eq!(report["fixed"][0]["subject"], "Sulawesi Tengah / Donggala");
    assert_eq!(report["fixed"][0]["outcome"], "fail");
    assert_eq!(report["summary"]["failing"], 1);

    let human = check(&dir, &[]);
    let tail = &human.stdout[human.stdout.find("fixed since").expect("fixed are listed")..];
    insta::assert_snapshot!("baseline_human_tail", tail);
    assert!(human.stdout.contains("fund_bpu[error, known]"));

    let sarif = json(&check(&dir, &["--format", "sarif"]));
    let states: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(states, ["unchanged", "new", "unchanged"]);
    insta::assert_snapshot!(
        "baseline_markdown",
        check(&dir, &["--format", "markdown"]).stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_changed_outcome_is_a_new_finding_and_the_old_one_is_fixed() {
    let dir = with_baseline("outcome");
    // Poso's figure is gone: its `fail` becomes `unknown`.
    write(
        &dir,
        "data/sulteng.yaml",
        &SULTENG.replace("Poso\n    funds_bpu: false\n", "Poso\n"),
    );
    let report = json(&check(&dir, &["--format", "json"]));
    assert!(statuses(&report).contains(&r#""Sulawesi Tengah / Poso" "unknown" "new""#.to_owned()));
    assert_eq!(report["fixed"][0]["subject"], "Sulawesi Tengah / Poso");
    assert_eq!(
        check(&dir, &[]).code,
        0,
        "an unknown does not fail by default"
    );
    assert_eq!(check(&dir, &["--strict"]).code, 1, "but does with --strict");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_waived_finding_in_the_baseline_stays_waived_and_is_not_fixed() {
    let dir = with_baseline("waived");
    write(
        &dir,
        "rules/waivers.yaml",
        "waivers:\n  - rule: fund_bpu\n    subject: \"* / Poso\"\n    reason: \"flood emergency budget\"\n    expires: 2030-12-31\n",
    );
    let report = json(&check(&dir, &["--format", "json", "--today", "2025-01-15"]));
    assert!(statuses(&report).contains(&r#""Sulawesi Tengah / Poso" "fail" "waived""#.to_owned()));
    assert_eq!(report["fixed"], serde_json::json!([]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_baseline_is_broken_input_with_its_place() {
    let dir = with_baseline("broken");
    write(
        &dir,
        "baseline.json",
        "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"fund_bpu\", \"subject\": 7}\n  ]\n}\n",
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("baseline_broken", run.stderr);

    // A SARIF file given by mistake has no `findings`.
    let run = patuh(
        &dir,
        &["check", "rules", "data", "--output", "sarif=p.sarif"],
    );
    assert_eq!(run.code, 1);
    let run = patuh(&dir, &["check", "rules", "data", "--baseline", "p.sarif"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing field `findings`"),
        "{}",
        run.stderr
    );

    write(&dir, "baseline.json", "{\"version\": 3, \"findings\": []}");
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("patuh::baseline::version"),
        "{}",
        run.stderr
    );

    let run = patuh(
        &dir,
        &["check", "rules", "data", "--baseline", "nowhere.json"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`nowhere.json` does not exist"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reports_with_waivers_and_a_baseline_are_byte_identical_from_run_to_run() {
    let dir = with_baseline("deterministic");
    write(
        &dir,
        "rules/waivers.yaml",
        "waivers:\n  - rule: fund_bpu\n    subject: \"* / Poso\"\n    reason: \"flood emergency budget\"\n    expires: 2024-12-31\n  - rule: fund_bpu\n    subject: \"* / Sigi\"\n    reason: \"budget revision pending\"\n    expires: 2030-12-31\n",
    );
    write(
        &dir,
        "data/sulteng.yaml",
        &SULTENG.replace(
            "Donggala\n    funds_bpu: false",
            "Donggala\n    funds_bpu: true",
        ),
    );
    for format in ["human", "json", "sarif", "junit", "github", "markdown"] {
        let run = |paths: [&str; 2]| {
            let mut args = vec!["check"];
            args.extend(paths);
            args.extend([
                "--baseline",
                "baseline.json",
                "--today",
                "2025-01-15",
                "--format",
                format,
                "--color",
                "never",
            ]);
            patuh(&dir, &args)
        };
        let a = run(["rules", "data"]);
        let b = run(["data", "rules"]);
        assert_eq!(a.code, 0, "{format}: {}", a.stderr);
        assert_eq!(a.stdout, b.stdout, "{format}");
        assert!(
            a.stdout.contains("Donggala"),
            "{format}: the fixed finding is listed"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
