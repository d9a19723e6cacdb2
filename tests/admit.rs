//! Nothing checked is never a pass: runs that would check nothing, or the
//! wrong files, exit 2 with what is missing and where (README, "Bad
//! input"); a rule that found no subject while others did is a warning.

mod common;
use common::{FUND_RULE, SULTENG, patuh, scratch};

/// Runs `patuh check rules data` in a scratch folder and returns stderr,
/// asserting exit 2 and `code` in it.
fn refused(name: &str, files: &[(&str, &str)], code: &str) -> String {
    let dir = scratch(name, files);
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 2, "{name}: {}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(code), "{name}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{name}");
    run.stderr
}

#[test]
fn rule_files_without_a_rule() {
    for (name, text) in [
        ("empty", ""),
        ("comments", "# rules to come\n\n# more\n"),
        (
            "fields",
            "field funds_bpu: bool \"funds BPU\"\nfield years: series\n",
        ),
    ] {
        let err = refused(
            &format!("empty-rules-{name}"),
            &[("rules/a.rules", text), ("data/sulteng.yaml", SULTENG)],
            "patuh::input::empty_rules",
        );
        if name == "fields" {
            insta::assert_snapshot!("admit_empty_rules", err);
        }
    }
}

#[test]
fn a_data_file_without_a_document() {
    let err = refused(
        "no-documents",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            ("data/todo.yaml", "# figures to come\n"),
        ],
        "data/todo.yaml",
    );
    // The loader may refuse a file of comments first (a data error); either
    // way it is not a pass.
    if err.contains("patuh::input::no_documents") {
        insta::assert_snapshot!("admit_no_documents", err);
    }
}

#[test]
fn a_document_without_a_figure() {
    let err = refused(
        "no-figures",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            (
                "data/names.yaml",
                "province: Sulawesi Barat\nregencies:\n  - name: Majene\n  - name: Mamuju\n",
            ),
        ],
        "patuh::input::no_figures",
    );
    assert!(err.contains("data/names.yaml"), "{err}");
    assert!(!err.contains("sulteng"), "{err}");
    insta::assert_snapshot!("admit_no_figures", err);
}

#[test]
fn yaml_that_is_not_data_is_named_with_what_it_was_meant_to_be() {
    let waiver = "waivers:\n  - rule: fund_bpu\n    subject: \"*\"\n    reason: r\n    expires: 2099-01-01\n";
    let err = refused(
        "not-data-waiver",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("rules/waiver.yaml", waiver),
            ("data/sulteng.yaml", SULTENG),
        ],
        "patuh::input::not_data",
    );
    assert!(
        err.contains("did you mean the waiver register `waivers.yaml`?"),
        "{err}"
    );
    insta::assert_snapshot!("admit_not_data_waiver", err);

    // A rule test misnamed `.tests.yaml` is walked as data.
    let err = refused(
        "not-data-fixture",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("rules/tests/fund.tests.yaml", "funds_bpu_expected: [1]\n"),
            ("data/sulteng.yaml", SULTENG),
        ],
        "patuh::input::not_data",
    );
    assert!(err.contains("`fund.test.yaml`"), "{err}");

    let err = refused(
        "not-data-baseline",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/baseline.yaml", "findings: []\nversion: 1\n"),
            ("data/sulteng.yaml", SULTENG),
        ],
        "patuh::input::not_data",
    );
    assert!(err.contains("--baseline FILE"), "{err}");
}

#[test]
fn check_dot_in_a_folder_with_a_compose_file_is_an_input_error() {
    let dir = scratch(
        "compose",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            (
                "docker-compose.yml",
                "services:\n  web:\n    image: nginx\n    ports: [80]\n",
            ),
        ],
    );
    let run = patuh(&dir, &["check", ".", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`docker-compose.yml` is not a data document"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_run_in_which_no_rule_found_a_subject_is_not_a_pass() {
    let err = refused(
        "nothing-checked",
        &[
            ("rules/fund.rules", FUND_RULE),
            (
                "rules/schema.rules",
                "field province: text\nfield workforce: count\nfield regencies: list\nfield funds_bpu: bool\nfield name: text\n",
            ),
            (
                "data/jateng.yaml",
                "province: Jawa Tengah\nworkforce: 18000000\nregencies: []\n",
            ),
        ],
        "patuh::input::nothing_checked",
    );
    insta::assert_snapshot!("admit_nothing_checked", err);
}

#[test]
fn a_rule_that_found_no_subject_while_others_did_is_a_warning() {
    let rules = format!(
        "{FUND_RULE}\nfield province: text\nfield name: text\nfield regencies: list\nfield districts: list\nfield funds_bpu: bool\nrule district_funds \"Every district funds BPU\" {{\n  for each d in districts\n  require d.funds_bpu\n}}\n"
    );
    let data = format!("{SULTENG}districts: []\n");
    let dir = scratch(
        "idle-rule",
        &[("rules/fund.rules", &rules), ("data/sulteng.yaml", &data)],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let summary: String = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("checked "))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("admit_rule_checked_nothing", summary);
    let json = common::json(&patuh(
        &dir,
        &["check", "rules", "data", "--format", "json"],
    ));
    let idle = json["warnings"]
        .as_array()
        .and_then(|w| {
            w.iter()
                .find(|w| w["code"] == "patuh::input::rule_checked_nothing")
        })
        .unwrap_or_else(|| panic!("no rule_checked_nothing warning: {json}"));
    assert_eq!(idle["file"], "rules/fund.rules");
    assert_eq!(idle["line"], 13);
    let junit = patuh(&dir, &["check", "rules", "data", "--format", "junit"]);
    assert!(
        junit.stdout.contains("<testsuite name=\"patuh input\"")
            && junit
                .stdout
                .contains("<skipped message=\"warning: rule `district_funds` checked no subject"),
        "{}",
        junit.stdout
    );
    let markdown = patuh(&dir, &["check", "rules", "data", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("### Warnings"),
        "{}",
        markdown.stdout
    );
    let sarif = common::json(&patuh(
        &dir,
        &["check", "rules", "data", "--format", "sarif"],
    ));
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    let note = notes
        .as_array()
        .and_then(|n| {
            n.iter()
                .find(|n| n["descriptor"]["id"] == "patuh::input::rule_checked_nothing")
        })
        .unwrap_or_else(|| panic!("no rule_checked_nothing notification: {notes}"));
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        13
    );
    let github = patuh(&dir, &["check", "rules", "data", "--format", "github"]);
    assert!(
        github.stdout.contains(
            "::warning file=rules/fund.rules,line=13,col=6,title=patuh%3A%3Ainput%3A%3Arule_checked_nothing::"
        ),
        "{}",
        github.stdout
    );
}

#[test]
fn a_rule_test_run_without_a_rule_test_is_not_a_pass() {
    let dir = scratch("no-tests", &[("rules/fund.rules", FUND_RULE)]);
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("admit_no_tests", run.stderr);
}
