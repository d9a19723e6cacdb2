//! Broken input in every format: with a machine format on standard output
//! or in an `--output` file, input errors come out in that format too (a
//! workflow command, a SARIF result, a JSON `errors` entry, a failing JUnit
//! case, a Markdown list item), the human report stays on standard error,
//! and the exit code is 2.

mod common;
use common::{FUND_RULE, SULTENG, patuh, scratch};

/// A YAML typo and a duplicate key in the data.
fn broken_data(name: &str) -> std::path::PathBuf {
    scratch(
        name,
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            ("data/typo.yaml", "province: Typo\nyears: {2023: {bpu: 5}\n"),
            (
                "data/dup.yaml",
                "province: Dup\nyears:\n  2023:\n    bpu: 1\n  2023:\n    bpu: 2\n",
            ),
        ],
    )
}

#[test]
fn github_annotates_each_problem_at_its_place() {
    let run = patuh(
        &broken_data("gh"),
        &["check", "rules", "data", "--format", "github"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("patuh::data::duplicate_key"),
        "human report on stderr"
    );
    insta::assert_snapshot!("broken_github", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=data/dup.yaml,line=3,col=3,title=patuh%3A%3Adata%3A%3Aduplicate_key::"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=data/typo.yaml,")
                && l.contains("title=patuh%3A%3Adata%3A%3Asyntax"))
    );
    assert_eq!(
        lines.last(),
        Some(&"patuh: 2 input problems; nothing was checked")
    );
}

#[test]
fn json_lists_the_errors_with_their_places() {
    let run = patuh(
        &broken_data("json"),
        &["check", "rules", "data", "--format", "json"],
    );
    assert_eq!(run.code, 2);
    let report = common::json(&run);
    assert!(report["summary"].is_null());
    assert_eq!(report["findings"], serde_json::json!([]));
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let dup = errors
        .iter()
        .find(|e| e["code"] == "patuh::data::duplicate_key")
        .expect("the duplicate key");
    assert_eq!(dup["severity"], "error");
    assert_eq!(dup["file"], "data/dup.yaml");
    // the first of the two places, where the human report's snippet starts
    assert_eq!(
        (dup["line"].as_u64(), dup["column"].as_u64()),
        (Some(3), Some(3))
    );
    assert!(dup["message"].as_str().is_some_and(|m| m.contains("2023")));
    assert!(dup["help"].is_string());
    insta::assert_snapshot!("broken_json", run.stdout);
}

#[test]
fn sarif_has_a_result_per_problem_and_a_rule_per_code() {
    let run = patuh(
        &broken_data("sarif"),
        &["check", "rules", "data", "--format", "sarif"],
    );
    assert_eq!(run.code, 2);
    let log = common::json(&run);
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["invocations"][0]["executionSuccessful"], false);
    let rules: Vec<&str> = sarif_run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(rules, ["patuh::data::duplicate_key", "patuh::data::syntax"]);
    let results = sarif_run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for r in results {
        let id = r["ruleId"].as_str().unwrap_or_default();
        let index = r["ruleIndex"].as_u64().unwrap_or(99) as usize;
        assert_eq!(rules.get(index), Some(&id), "{r}");
        assert_eq!(r["level"], "error");
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l > 0), "{r}");
    }
    insta::assert_snapshot!("broken_sarif", run.stdout);
}

#[test]
fn junit_has_a_failing_case_per_problem_and_markdown_a_list() {
    let dir = broken_data("junit");
    let run = patuh(&dir, &["check", "rules", "data", "--format", "junit"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.matches("<failure ").count(), 2, "{}", run.stdout);
    insta::assert_snapshot!("broken_junit", run.stdout);
    let run = patuh(&dir, &["check", "rules", "data", "--format", "markdown"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("broken_markdown", run.stdout);
}

#[test]
fn every_output_file_gets_the_problems_in_its_format() {
    let dir = broken_data("outputs");
    let run = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--output",
            "json=out.json",
            "--output",
            "sarif=out.sarif",
            "--output",
            "junit=out.xml",
            "--output",
            "github=out.txt",
            "--output",
            "markdown=out.md",
            "--output",
            "human=out.log",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stdout, "",
        "the human report of broken input is on stderr"
    );
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
    let json: serde_json::Value = serde_json::from_str(&read("out.json")).expect("JSON");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(2));
    let sarif: serde_json::Value = serde_json::from_str(&read("out.sarif")).expect("SARIF");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(read("out.xml").matches("<failure ").count(), 2);
    assert_eq!(read("out.txt").matches("::error ").count(), 2);
    assert!(read("out.md").contains("## patuh: input broken"));
    assert!(read("out.log").contains("patuh::data::duplicate_key"));
}

#[test]
fn rule_syntax_and_static_check_errors_come_out_in_every_format_too() {
    let dir = scratch(
        "rule-errors",
        &[
            ("rules/syntax.rules", "rule a \"A\" {\n  require x y\n}\n"),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--format", "github"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .starts_with("::error file=rules/syntax.rules,line=2,"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("title=patuh%3A%3Asyntax%3A%3Aunexpected")
    );

    let dir = scratch(
        "check-errors",
        &[
            (
                "rules/fund.rules",
                "rule a \"A\" {\n  for each r in regencies\n  require r.fund_bpu\n}\nrule b \"B\" {\n  for each r in regencies\n  for each d in regencies\n  require r.funds_bpu\n}\n",
            ),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = common::json(&run);
    let e = &report["errors"][0];
    assert_eq!(e["code"], "patuh::check::unknown_field");
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64()),
        (Some("rules/fund.rules"), Some(3))
    );
    assert_eq!(
        report["errors"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(
        report["warnings"][0]["code"],
        "patuh::check::unused_variable"
    );
    assert!(
        run.stderr
            .contains("patuh: 1 error and 1 warning in the rules; nothing was checked"),
        "{}",
        run.stderr
    );
}

#[test]
fn input_errors_without_a_place_are_sarif_notifications() {
    let dir = scratch("no-place", &[("rules/fund.rules", FUND_RULE)]);
    let run = patuh(&dir, &["check", "rules", "dta", "--format", "sarif"]);
    assert_eq!(run.code, 2);
    let log = common::json(&run);
    let n = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        n.as_array().is_some_and(|n| n
            .iter()
            .any(|x| x["descriptor"]["id"] == "patuh::input::not_found")),
        "{n}"
    );
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn rule_tests_in_junit_report_broken_input_as_failing_cases() {
    let dir = scratch(
        "test-junit",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("rules/tests/fund.test.yaml", "regencies: [\n"),
        ],
    );
    let run = patuh(&dir, &["test", "rules", "--format", "junit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("type=\"patuh::data::syntax\""),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("patuh::data::syntax"));
}
