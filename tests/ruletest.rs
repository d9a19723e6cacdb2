//! `patuh test`: the bundled pack's rule tests pass and cover every rule
//! both ways; a broken rule or a wrong fixture fails with a pointer to the
//! fixture line; broken annotations are bad input.

use std::path::PathBuf;

mod common;
use common::{patuh, repo};

/// A scratch folder with the bundled rules (the schema, and the rule file
/// edited by `edit`) and their tests, plus `files`.
fn scratch(name: &str, edit: impl Fn(String) -> String, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules/tests")).unwrap();
    let rules = std::fs::read_to_string(repo().join("rules/inpres-2-2021.rules")).unwrap();
    std::fs::write(dir.join("rules/inpres-2-2021.rules"), edit(rules)).unwrap();
    // The declarations give the figures their units, as in the bundled pack.
    std::fs::copy(
        repo().join("rules/schema.rules"),
        dir.join("rules/schema.rules"),
    )
    .unwrap();
    for entry in std::fs::read_dir(repo().join("rules/tests")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.join("rules/tests").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn last_line(s: &str) -> &str {
    s.lines().last().unwrap_or("")
}

#[test]
fn the_bundled_pack_passes_its_rule_tests_with_every_rule_covered_both_ways() {
    let run = patuh(
        repo(),
        &["test", "rules", "--require-coverage", "--color", "never"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(last_line(&run.stdout), "21 passed, 0 failed");
    assert!(
        run.stdout
            .contains("coverage: 17 of 17 rules tested failing and passing")
    );
    insta::assert_snapshot!("bundled", run.stdout);
}

#[test]
fn the_example_pack_is_tested_on_its_own_with_every_rule_covered_both_ways() {
    // It carries the declarations it relies on: no `rules/schema.rules`.
    let run = patuh(
        repo(),
        &[
            "test",
            "rules/examples",
            "--require-coverage",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(last_line(&run.stdout), "12 passed, 0 failed");
    assert!(
        run.stdout
            .contains("coverage: 8 of 8 rules tested failing and passing")
    );
    assert!(
        run.stdout
            .starts_with("running 12 rule tests against 8 rules\n")
    );
}

#[test]
fn the_bundled_pack_as_junit() {
    let run = patuh(repo(), &["test", "rules", "--format", "junit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("bundled_junit", run.stdout);
}

#[test]
fn check_never_reads_rule_tests_as_data() {
    let run = patuh(repo(), &["check", "rules", "data", "--format", "json"]);
    assert!(
        !run.stdout.contains("test.yaml"),
        "a fixture was read as data"
    );
    assert!(run.stdout.contains("data/sulawesi-tengah.yaml"));
}

#[test]
fn a_broken_rule_fails_its_test_at_the_fixture_line() {
    // fund_bpu now also applies to 2020, where the fixture says it must not fire
    let dir = scratch(
        "broken-filter",
        |r| r.replace("where year >= 2021", "where year >= 2020"),
        &[],
    );
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(last_line(&run.stdout), "8 passed, 1 failed");
    assert!(
        run.stdout
            .contains("test rules/tests/fund_bpu.test.yaml ... FAILED (1 failure)")
    );
    assert!(
        run.stdout.contains("[rules/tests/fund_bpu.test.yaml:18:9]"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("broken_filter", run.stdout);
}

#[test]
fn a_rule_that_no_longer_fails_where_expected_is_a_missing_failure() {
    let dir = scratch(
        "broken-floor",
        |r| {
            r.replace(
                "premium_monthly >= Rp 16_800",
                "premium_monthly >= Rp 10_000",
            )
        },
        &[],
    );
    let run = patuh(
        &dir,
        &[
            "test",
            "rules/schema.rules",
            "rules/inpres-2-2021.rules",
            "rules/tests/premium_floor.test.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(last_line(&run.stdout), "0 passed, 1 failed");
    insta::assert_snapshot!("broken_floor", run.stdout);
}

#[test]
fn a_finding_on_no_annotated_line_is_unexpected_and_junit_carries_it() {
    let fixture = "\
province: Provinsi Uji
years:
  2023:
    premium_monthly: 9000           # expect: premium_floor
  2024:
    premium_monthly: 9500
regencies:
  - name: Kabupaten Tanpa Tahun     # no `years`: unknown, on no line that expects it
";
    let dir = scratch(
        "unexpected",
        |r| r,
        &[("rules/tests/extra.test.yaml", fixture)],
    );
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert_eq!(last_line(&run.stdout), "9 passed, 1 failed");
    insta::assert_snapshot!("unexpected", run.stdout);
    let junit = patuh(&dir, &["test", "rules", "--format", "junit"]);
    assert_eq!(junit.code, 1);
    assert!(
        junit
            .stdout
            .contains("<testsuite name=\"rule tests\" tests=\"10\" failures=\"1\"")
    );
    assert!(
        junit
            .stdout
            .contains("unexpected failure of `premium_floor` for Provinsi Uji / 2024")
    );
    assert!(!junit.stdout.contains('\u{1b}'), "no colour codes in XML");
}

#[test]
fn rules_without_tests_are_reported_and_fail_with_require_coverage() {
    let extra = "rule untested \"Not tested yet\" {\n  require true\n}\n";
    let dir = scratch("coverage", |r| r, &[("rules/extra.rules", extra)]);
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("coverage: 9 of 10 rules tested failing and passing\n  untested (rules/extra.rules:1): no failing test, no passing test\n"),
        "{}",
        run.stdout
    );
    let strict = patuh(
        &dir,
        &["test", "rules", "--require-coverage", "--color", "never"],
    );
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.contains(
        "FAILED: 1 rule not tested both ways (--require-coverage)\n9 passed, 0 failed\n"
    ));
    let junit = patuh(
        &dir,
        &["test", "rules", "--require-coverage", "--format", "junit"],
    );
    assert!(
        junit.stdout.contains(
            "<failure message=\"no failing test, no passing test (rules/extra.rules:1)\" type=\"coverage\">"
        ),
        "{}",
        junit.stdout
    );
}

#[test]
fn broken_annotations_are_bad_input() {
    let fixture = "\
years:
  2023:
    premium_monthly: 9000   # expect: premium_flor
    funds_bpu: true         # ok fund_bpu -- the colon is missing
    active_total: 1         # expect-fail: segments_sum
    pmi: 3                  # ok: fund_bpu segments_sum
# expect: fund_bpu
";
    let dir = scratch(
        "annotations",
        |r| r,
        &[("rules/tests/bad.test.yaml", fixture)],
    );
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("bad_annotations", run.stderr);
}

#[test]
fn a_data_file_is_not_a_rule_test() {
    let run = patuh(
        repo(),
        &[
            "test",
            "rules",
            "data/sulawesi-tengah.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("patuh::input::not_a_fixture"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_expected_unknown_that_does_not_happen_points_at_its_line() {
    let fixture = "\
province: Provinsi Uji
years:
  2024:
    participants: { pu: 3, bpu: 2, jakon: 1, pmi: 0 }
    active_total: 6                 # expect-unknown: segments_sum
";
    let dir = scratch(
        "missing_unknown",
        |r| r,
        &[("rules/tests/extra.test.yaml", fixture)],
    );
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("patuh::test::missing_unknown"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("missing_unknown", run.stdout);
}

#[test]
fn a_rule_test_that_names_no_rule_is_bad_input_not_a_pass() {
    // Donggala fails fund_bpu here, but no annotation names the rule: the
    // fixture would pass testing nothing. `# Expect:` is no annotation
    // either, and says so.
    let fixture = "province: Sulawesi Tengah
regencies:
  - name: Donggala
    years:
      2023:
        funds_bpu: false{note}
";
    let dir = scratch(
        "no-annotations",
        |r| r,
        &[
            ("rules/tests/none.test.yaml", &fixture.replace("{note}", "")),
            (
                "rules/tests/capital.test.yaml",
                &fixture.replace("{note}", "   # Expect: fund_bpu"),
            ),
        ],
    );
    let run = patuh(&dir, &["test", "rules", "--color", "never"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("no_annotations", run.stderr);
}
