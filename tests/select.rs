//! Choosing rules: `--rule` and `--skip-rule` in `check`, `test` and
//! `explain`, decided in one place (`pipeline::Selection`), and `patuh
//! rules` to list the ids.

mod common;

use common::{json, patuh, repo};

#[test]
fn check_runs_only_the_rules_selected() {
    let report = json(&patuh(
        repo(),
        &[
            "check",
            "rules",
            "data",
            "--format",
            "json",
            "--rule",
            "fund_bpu",
            "--rule",
            "coverage_target",
        ],
    ));
    let ids: Vec<&str> = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["fund_bpu", "coverage_target"]);
    let report = json(&patuh(
        repo(),
        &[
            "check",
            "rules",
            "data",
            "--format",
            "json",
            "--skip-rule",
            "fund_bpu",
        ],
    ));
    assert_eq!(report["rules"].as_array().map(Vec::len), Some(16));
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["rule"] != "fund_bpu")
    );
    assert_eq!(
        report["summary"]["failed"], false,
        "only fund_bpu fails the bundled run"
    );
    let run = patuh(
        repo(),
        &["check", "rules", "data", "--skip-rule", "fund_bpu"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_unknown_rule_id_is_broken_input_with_the_id_meant() {
    let run = patuh(
        repo(),
        &[
            "check",
            "rules",
            "data",
            "--rule",
            "fund_bpuu",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("select_unknown_rule", run.stderr);
    for command in [
        vec!["test", "rules", "--skip-rule", "fund_bpuu"],
        vec![
            "explain",
            "fund_bpu",
            "rules",
            "data",
            "--rule",
            "fund_bpuu",
        ],
    ] {
        let run = patuh(repo(), &command);
        assert_eq!(run.code, 2, "{command:?}");
        assert!(
            run.stderr.contains("patuh::input::unknown_rule"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("did you mean `fund_bpu`?"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn options_that_leave_no_rule_are_broken_input_in_every_command() {
    // A run that checks nothing is never a pass: not with zero
    // expectations in `test`, not with an empty `explain`.
    let both = [
        "--rule",
        "fund_bpu",
        "--skip-rule",
        "fund_bpu",
        "--color",
        "never",
    ];
    for command in [
        &["check", "rules", "data"][..],
        &["test", "rules", "--require-coverage"][..],
    ] {
        let mut args = command.to_vec();
        args.extend(both);
        let run = patuh(repo(), &args);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.stdout);
        assert!(
            run.stderr
                .contains("`--rule fund_bpu --skip-rule fund_bpu` select no rule"),
            "{args:?}\n{}",
            run.stderr
        );
        insta::assert_snapshot!("nothing_selected", run.stderr);
    }
    let run = patuh(
        repo(),
        &[
            "explain",
            "fund_bpu",
            "rules",
            "data",
            "--skip-rule",
            "fund_bpu",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("`fund_bpu --skip-rule fund_bpu` select no rule"),
        "{}",
        run.stderr
    );
}

#[test]
fn test_checks_the_expectations_of_the_rules_selected_only() {
    let run = patuh(
        repo(),
        &["test", "rules", "--rule", "fund_bpu", "--require-coverage"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("coverage: 1 of 1 rule tested failing and passing"),
        "{}",
        run.stdout
    );
    let run = patuh(repo(), &["test", "rules", "--skip-rule", "fund_bpu"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("coverage: 16 of 16 rules"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_explains_the_rule_and_those_added() {
    let run = patuh(
        repo(),
        &[
            "explain",
            "segments_sum",
            "rules",
            "data",
            "--rule",
            "bpu_grows",
            "--subject",
            "Sulawesi Tengah / 2024",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("rule segments_sum "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\nrule bpu_grows "), "{}", run.stdout);
}

#[test]
fn rules_lists_every_rule_with_severity_title_and_place() {
    let run = patuh(repo(), &["rules", "rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 18);
    assert_eq!(
        lines[8],
        "fund_bpu                     error     Every regency must fund BPU coverage                                     rules/inpres-2-2021.rules:9"
    );
    assert_eq!(lines[17], "17 rules in 2 files");
}

#[test]
fn deny_unsourced_makes_figures_without_a_source_broken_input() {
    let run = patuh(repo(), &["check", "rules", "data", "--deny-unsourced"]);
    assert_eq!(
        run.code, 1,
        "the bundled data cites a source for every figure\n{}",
        run.stderr
    );
    let dir = common::scratch(
        "deny-unsourced",
        &[
            ("rules/fund.rules", common::FUND_RULE),
            ("data/sulteng.yaml", common::SULTENG),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 1, "a warning by default: {}", run.stderr);
    assert!(
        run.stderr
            .contains("⚠ 3 figures cite no source in `Sulawesi Tengah`"),
        "{}",
        run.stderr
    );
    let run = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--deny-unsourced",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["errors"][0]["code"], "patuh::data::unsourced_figure");
    assert_eq!(report["errors"][0]["severity"], "error");
    assert!(
        !run.stderr
            .contains("`--deny-unsourced` makes this an error"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
