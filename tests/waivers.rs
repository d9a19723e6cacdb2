//! Waivers: accepted exceptions with a reason and an expiry. A waived
//! finding is shown as waived and does not fail; an expired waiver stops
//! waiving and is reported; a waiver that matches nothing is stale; a
//! malformed register is broken input.

mod common;

use common::{FUND_RULE, SULTENG, json, patuh, scratch};
use std::path::{Path, PathBuf};

/// Donggala and Poso fail `fund_bpu`; both are waived until the end of 2025.
const WAIVERS: &str = r#"waivers:
  - rule: fund_bpu
    subject: "Sulawesi Tengah / Donggala"
    reason: "the 2023 budget passed before the instruction; funded from 2025"
    expires: 2025-12-31
    approved_by: Inspektorat Provinsi Sulawesi Tengah
  - rule: fund_bpu
    subject: "Sulawesi Tengah / Pos?"
    reason: "flood emergency budget"
    expires: 2025-06-30
"#;

fn pack(name: &str, waivers: &str) -> PathBuf {
    scratch(
        name,
        &[
            ("rules/fund.rules", FUND_RULE),
            ("rules/waivers.yaml", waivers),
            ("data/sulteng.yaml", SULTENG),
        ],
    )
}

fn check(dir: &Path, today: &str, format: &str) -> common::Run {
    patuh(
        dir,
        &[
            "check", "rules", "data", "--today", today, "--format", format, "--color", "never",
        ],
    )
}

#[test]
fn waived_findings_are_shown_as_waived_and_do_not_fail() {
    let dir = pack("valid", WAIVERS);
    let run = check(&dir, "2025-01-15", "human");
    assert_eq!(run.code, 0, "both failures are waived\n{}", run.stdout);
    insta::assert_snapshot!("waivers_valid_human", run.stdout);
    let report = json(&check(&dir, "2025-01-15", "json"));
    assert_eq!(report["summary"]["waived"], 2);
    assert_eq!(report["summary"]["failing"], 0);
    assert_eq!(report["summary"]["failed"], false);
    let statuses: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {}", f["subject"], f["status"]))
        .collect();
    assert_eq!(
        statuses,
        [
            r#""Sulawesi Tengah / Donggala" "waived""#,
            r#""Sulawesi Tengah / Poso" "waived""#,
            r#""Sulawesi Tengah / Kota Palu" "new""#,
        ]
    );
    assert_eq!(
        report["findings"][0]["waiver"]["approved_by"],
        "Inspektorat Provinsi Sulawesi Tengah"
    );
    let states: Vec<_> = report["waivers"]
        .as_array()
        .expect("waivers")
        .iter()
        .map(|w| w["state"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(states, ["active", "active"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_waiver_holds_through_its_expiry_date_and_not_a_day_longer() {
    let dir = pack("boundary", WAIVERS);
    assert_eq!(check(&dir, "2025-06-30", "human").code, 0);
    assert_eq!(check(&dir, "2025-07-01", "human").code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_expired_waiver_stops_waiving_and_is_reported() {
    let dir = pack("expired", WAIVERS);
    let run = check(&dir, "2025-08-17", "human");
    assert_eq!(run.code, 1, "Poso's waiver expired on 2025-06-30");
    let tail = run.stdout[run
        .stdout
        .find("patuh::waiver::expired")
        .expect("the expired waiver is reported")..]
        .to_owned();
    insta::assert_snapshot!("waivers_expired_human", tail);
    let report = json(&check(&dir, "2025-08-17", "json"));
    assert_eq!(report["findings"][1]["status"], "new");
    assert_eq!(report["findings"][1]["waiver"], serde_json::Value::Null);
    assert_eq!(report["waivers"][1]["state"], "expired");
    assert_eq!(report["waivers"][1]["matches"], 1);
    for format in ["sarif", "github", "markdown"] {
        let out = check(&dir, "2025-08-17", format).stdout;
        assert!(
            out.contains("expired on 2025-06-30"),
            "{format} reports the expired waiver:\n{out}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_waiver_that_matches_nothing_is_stale() {
    let stale = format!(
        "{WAIVERS}  - rule: fund_bpu\n    subject: \"Sulawesi Tengah / Parigi Moutong\"\n    reason: \"exempt until its 2025 budget passes\"\n    expires: 2025-12-31\n  - rule: fund_bpux\n    subject: \"*\"\n    reason: \"a typo in the rule id\"\n    expires: 2025-12-31\n"
    );
    let dir = pack("stale", &stale);
    let run = check(&dir, "2025-01-15", "human");
    assert_eq!(run.code, 0, "a stale waiver does not fail the run");
    let tail = run.stdout[run
        .stdout
        .find("patuh::waiver::stale")
        .expect("the stale waiver is reported")..]
        .to_owned();
    insta::assert_snapshot!("waivers_stale_human", tail);
    let report = json(&check(&dir, "2025-01-15", "json"));
    assert_eq!(report["waivers"][2]["state"], "stale");
    assert_eq!(report["waivers"][3]["state"], "stale");
    assert_eq!(
        report["waivers"][3]["note"],
        "no rule `fund_bpux` was checked; did you mean `fund_bpu`?"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn waived_findings_in_every_format() {
    let dir = pack("formats", WAIVERS);
    let sarif = json(&check(&dir, "2025-01-15", "sarif"));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "external");
    assert_eq!(result["suppressions"][0]["status"], "accepted");
    assert_eq!(
        result["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"],
        "rules/waivers.yaml"
    );
    let junit = check(&dir, "2025-01-15", "junit").stdout;
    assert!(junit.contains("<skipped message=\"waived until 2025-12-31: the 2023 budget"));
    assert!(!junit.contains("<failure"), "{junit}");
    let github = check(&dir, "2025-01-15", "github").stdout;
    assert!(github.contains("::notice file=data/sulteng.yaml,line=4,col=16,endColumn=21,title=Every regency must fund BPU coverage (fund_bpu)%3A waived::"), "{github}");
    insta::assert_snapshot!(
        "waivers_valid_markdown",
        check(&dir, "2025-01-15", "markdown").stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_register_is_found_next_to_the_rules_or_named_with_a_flag_and_is_never_data() {
    let dir = scratch(
        "discovery",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            ("data/waivers.yaml", WAIVERS),
            ("audit/exceptions.yaml", WAIVERS),
        ],
    );
    let today = ["--today", "2025-01-15"];
    // `data/waivers.yaml` is a register (not a data file), found because
    // `data` is named on the command line.
    let mut args = vec!["check", "rules", "data"];
    args.extend(today);
    assert_eq!(patuh(&dir, &args).code, 0);
    // Naming the data file alone finds no register.
    let mut args = vec!["check", "rules", "data/sulteng.yaml"];
    args.extend(today);
    assert_eq!(patuh(&dir, &args).code, 1);
    // A register named on the command line is a register, not data.
    let mut args = vec!["check", "rules", "data/sulteng.yaml", "data/waivers.yaml"];
    args.extend(today);
    assert_eq!(patuh(&dir, &args).code, 0);
    let mut args = vec![
        "check",
        "rules",
        "data/sulteng.yaml",
        "--waivers",
        "audit/exceptions.yaml",
    ];
    args.extend(today);
    assert_eq!(patuh(&dir, &args).code, 0);
    // `--waivers` replaces the registers found next to the inputs.
    let mut args = vec![
        "check",
        "rules/fund.rules",
        "data",
        "--waivers",
        "none.yaml",
    ];
    args.extend(today);
    let run = patuh(&dir, &args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`none.yaml` does not exist"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_malformed_register_is_broken_input_pointing_at_each_problem() {
    let dir = pack(
        "malformed",
        r#"waivers:
  - rule: fund_bpu
    subject: "Sulawesi Tengah / Donggala"
    expires: 2025-12-31
  - rule: fund_bpu
    subject: "Sulawesi Tengah / Poso"
    reason: "flood emergency budget"
    expire: 2025-06-30
  - rule: fund_bpu
    subject: 2023
    reason: ""
    expires: 31/12/2025
  - fund_bpu
"#,
    );
    let run = check(&dir, "2025-01-15", "human");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout, "", "nothing is checked");
    insta::assert_snapshot!("waivers_malformed", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_register_that_is_not_yaml_or_not_a_list() {
    for (name, text, code) in [
        ("syntax", "waivers: [\n", "patuh::data::syntax"),
        ("shape", "- rule: fund_bpu\n", "patuh::waiver::shape"),
        ("list", "waivers: fund_bpu\n", "patuh::waiver::shape"),
        (
            "key",
            "waiver:\n  - rule: x\n",
            "patuh::waiver::unknown_field",
        ),
    ] {
        let dir = pack(name, text);
        let run = check(&dir, "2025-01-15", "human");
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(code), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("rules/waivers.yaml:"),
            "{name}: a place: {}",
            run.stderr
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
    let dir = pack("empty", "");
    assert_eq!(
        check(&dir, "2025-01-15", "human").code,
        1,
        "an empty register waives nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn today_must_be_a_date() {
    let dir = pack("today", WAIVERS);
    let run = check(&dir, "2025-02-30", "human");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
