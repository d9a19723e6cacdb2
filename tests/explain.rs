//! `patuh explain`: reviewed snapshots for bundled rules, agreement with
//! `patuh check` on every subject, and the errors of a wrong rule or subject.

use patuh::eval::{Outcome, all_rules, evaluate, explain};
use patuh::input::read_inputs;

mod common;
use common::repo;

/// `patuh ARGS` in the repository.
fn patuh(args: &[&str]) -> common::Run {
    common::patuh(repo(), args)
}

#[test]
fn segments_sum_shows_the_sum_of_the_segments() {
    let run = patuh(&["explain", "segments_sum", "rules", "data"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "require active_total 518,141 == pu 314,034 + bpu 128,993 + jakon 74,773 + pmi 341 = 518,141 -> pass"
    ));
    insta::assert_snapshot!("segments_sum", run.stdout);
}

#[test]
fn fund_bpu_for_the_regencies_of_sulawesi_tengah() {
    let run = patuh(&[
        "explain",
        "fund_bpu",
        "--subject",
        "sulawesi tengah / Donggala",
        "--subject",
        "Kota Palu",
        "rules",
        "data",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("fund_bpu", run.stdout);
}

#[test]
fn coverage_target_names_the_missing_figure_and_where_it_was_expected() {
    let run = patuh(&["explain", "coverage_target", "rules", "data"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("coverage_target", run.stdout);
}

#[test]
fn explain_is_deterministic() {
    let a = patuh(&["explain", "province_adds_up", "rules", "data"]);
    let b = patuh(&["explain", "province_adds_up", "rules", "data"]);
    assert_eq!(a.code, 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn every_subject_has_the_outcome_the_check_gives() {
    let inputs = read_inputs(&[repo().join("rules"), repo().join("data")]).unwrap();
    let loaded = patuh::load(inputs).unwrap();
    let ev = evaluate(&loaded.rules, &loaded.data);
    for (r, rule) in all_rules(&loaded.rules) {
        let ex = explain(&loaded.rules, &loaded.data, r, &|_| true);
        let count = |o: Outcome| ex.subjects.iter().filter(|s| s.outcome == Some(o)).count();
        let counts = ev.counts.iter().find(|(x, _)| *x == r).unwrap().1;
        assert_eq!(
            (
                count(Outcome::Pass),
                count(Outcome::Fail),
                count(Outcome::Unknown)
            ),
            (counts.pass, counts.fail, counts.unknown),
            "{}",
            rule.id.node
        );
        // and the same subjects fail or are unknown, in the same order
        let explained: Vec<(&str, Outcome)> = ex
            .subjects
            .iter()
            .filter_map(|s| match s.outcome {
                Some(o @ (Outcome::Fail | Outcome::Unknown)) => Some((s.subject.as_str(), o)),
                _ => None,
            })
            .collect();
        let reported: Vec<(&str, Outcome)> = ev
            .findings
            .iter()
            .filter(|f| f.rule == r)
            .map(|f| (&*f.subject, f.outcome))
            .collect();
        assert_eq!(explained, reported, "{}", rule.id.node);
    }
}

#[test]
fn an_unknown_rule_is_bad_input_with_a_suggestion() {
    let run = patuh(&["explain", "fund_bpuu", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unknown_rule", run.stderr);
}

#[test]
fn a_subject_pattern_that_matches_nothing_is_bad_input() {
    let run = patuh(&[
        "explain",
        "segments_sum",
        "--subject",
        "Papua",
        "rules",
        "data",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("no_subject", run.stderr);
}

#[test]
fn the_readme_shows_real_explanations() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for (rule, subject) in [
        ("segments_sum", "Sulawesi Tengah / 2024"),
        ("coverage_target", "Sulawesi Tengah"),
    ] {
        let run = patuh(&["explain", rule, "--subject", subject, "rules", "data"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let session = format!(
            "$ patuh explain {rule} --subject \"{subject}\" rules data\n{}",
            run.stdout
        );
        assert!(
            readme.contains(&session),
            "README is out of date:\n{session}"
        );
    }
}

#[test]
fn a_misspelt_field_is_an_error_of_the_static_checks_as_in_check() {
    // Issue 10: `patuh explain` skipped the static checks, so a misspelt
    // field explained as "unknown: missing" instead of being an error.
    let rules = common::FUND_RULE.replace("require funds_bpu", "require fund_bpu");
    let dir = common::scratch(
        "explain-misspelt",
        &[("r.rules", &rules), ("d.yaml", common::SULTENG)],
    );
    for command in ["explain", "check"] {
        let args: &[&str] = if command == "explain" {
            &[
                "explain", "fund_bpu", "r.rules", "d.yaml", "--color", "never",
            ]
        } else {
            &["check", "r.rules", "d.yaml", "--color", "never"]
        };
        let run = common::patuh(&dir, args);
        assert_eq!(run.code, 2, "{command}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("patuh::check::unknown_name")
                && run.stderr.contains("did you mean `funds_bpu`?"),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stdout.is_empty(),
            "{command} explained or reported anyway"
        );
    }
}

#[test]
fn what_check_refuses_to_check_explain_refuses_to_explain() {
    let dir = common::scratch(
        "explain-admit",
        &[
            ("empty.yaml", "# figures to come\n"),
            ("bare.yaml", "province: Sulawesi Tengah\ncode: \"72\"\n"),
        ],
    );
    let rules = repo().join("rules");
    let rules = rules.to_str().expect("a UTF-8 path");
    for (file, code) in [
        ("empty.yaml", "patuh::data::empty_file"),
        ("bare.yaml", "patuh::input::no_figures"),
    ] {
        let run = common::patuh(
            &dir,
            &["explain", "fund_bpu", rules, file, "--color", "never"],
        );
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(code), "{file}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `patuh explain RULE` of the example pack on one of its fixtures.
fn example(rule: &str, fixture: &str) -> String {
    let path = format!("rules/examples/tests/{fixture}.test.yaml");
    let run = patuh(&["explain", rule, "rules/examples", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn explain_shows_prior_across_a_gap() {
    let out = example("bpu_grows_since_last_report", "bpu_grows_since_last_report");
    assert!(
        out.contains("require participants.bpu 38,000 > prior.participants.bpu 40,000 -> fail"),
        "{out}"
    );
    insta::assert_snapshot!("prior_across_a_gap", out);
}

#[test]
fn explain_shows_each_let_and_unknown_when_with_its_value() {
    let out = example("informal_coverage_from_2024", "informal_coverage_from_2024");
    assert!(
        out.contains("  let covered = bpu 128,000 / informal_workers 400,000 -> 32%"),
        "{out}"
    );
    assert!(
        out.contains(
            "  unknown when informal_workers 0 <= 0 -> true: the informal workforce must be positive"
        ),
        "{out}"
    );
    insta::assert_snapshot!("let_and_unknown_when", out);
}

#[test]
fn explain_shows_membership_text_functions_and_names() {
    let kinds = example("kind_known", "kind_known");
    assert!(
        kinds.contains(
            "require lower(regency.kind kabupaten) kabupaten in [\"regency\", \"city\"] -> fail"
        ),
        "{kinds}"
    );
    let codes = example("code_nests", "code_nests");
    let palu = example("palu_funds", "palu_funds_not");
    insta::assert_snapshot!("membership_text_names", format!("{kinds}\n{codes}\n{palu}"));
}
