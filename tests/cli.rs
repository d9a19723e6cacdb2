//! The `patuh` command as a user runs it: the bundled pack on the bundled
//! data, every report format, and broken input of every kind (exit 2, a
//! diagnostic with a span, never a panic).

use std::path::PathBuf;

mod common;
use common::{patuh, repo};

/// A scratch folder holding `files`, for runs with relative (stable) paths.
fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

#[test]
fn bundled_pack_human_report() {
    let run = patuh(repo(), &["check", "rules", "data", "--color", "never"]);
    assert_eq!(
        run.code, 1,
        "the bundled data has error-level failures\n{}",
        run.stderr
    );
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("bundled_human", run.stdout);
}

#[test]
fn bundled_pack_json_report() {
    let run = patuh(repo(), &["check", "rules", "data", "--format", "json"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("bundled_json", run.stdout);
}

#[test]
fn ten_of_thirteen_sulawesi_tengah_regencies_did_not_fund_bpu_in_2023() {
    let run = patuh(repo(), &["check", "rules", "data", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let failing: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "fund_bpu" && f["outcome"] == "fail")
        .filter_map(|f| f["subject"].as_str())
        .filter(|s| s.starts_with("Sulawesi Tengah / ") && s.ends_with(" / 2023"))
        .collect();
    assert_eq!(failing.len(), 10, "{failing:#?}");
    for funded in ["Kota Palu", "Morowali /", "Morowali Utara"] {
        assert!(
            !failing.iter().any(|s| s.contains(funded)),
            "{funded} funds BPU"
        );
    }
}

#[test]
fn json_findings_point_at_the_rule_and_the_data() {
    let run = patuh(repo(), &["check", "rules", "data", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    for key in ["pass", "fail", "unknown"] {
        assert!(report["summary"][key].is_u64(), "summary.{key}");
    }
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["rule", "severity", "outcome", "subject", "message"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(["fail", "unknown"].contains(&f["outcome"].as_str().unwrap_or("")));
        let rl = &f["rule_location"];
        assert!(
            ["rules/inpres-2-2021.rules", "rules/examples/regional.rules"]
                .contains(&rl["file"].as_str().unwrap_or("")),
            "{rl}"
        );
        assert!(
            rl["line"].as_u64().is_some_and(|l| l > 0)
                && rl["column"].as_u64().is_some_and(|c| c > 0)
        );
        let data = f["data_locations"].as_array().expect("data_locations");
        assert!(!data.is_empty(), "every finding names its data: {f}");
        for d in data {
            assert!(d["file"].as_str().is_some_and(|p| p.starts_with("data/")));
            for key in ["line", "column"] {
                assert!(d[key].as_u64().is_some_and(|n| n > 0));
            }
            assert!(d["path"].is_string());
            // A figure as JSON has it; null where one is missing.
            assert!(
                d["value"].is_number() || d["value"].is_boolean() || d["value"].is_null(),
                "{d}"
            );
        }
    }
}

#[test]
fn reports_are_byte_identical_from_run_to_run() {
    for format in ["human", "json"] {
        let a = patuh(
            repo(),
            &[
                "check", "rules", "data", "--format", format, "--color", "never",
            ],
        );
        let b = patuh(
            repo(),
            &[
                "check", "data", "rules", "--format", format, "--color", "never",
            ],
        );
        assert_eq!(
            a.stdout, b.stdout,
            "{format}: the order of paths does not matter"
        );
    }
}

#[test]
fn strict_makes_error_level_unknowns_fail() {
    let dir = scratch(
        "strict",
        &[
            (
                "r.rules",
                b"field funds_bpu: bool\nrule r \"r\" { require funds_bpu }\n",
            ),
            ("d.yaml", b"province: X\nworkforce: 1000\n"),
        ],
    );
    assert_eq!(patuh(&dir, &["check", "r.rules", "d.yaml"]).code, 0);
    assert_eq!(
        patuh(&dir, &["check", "--strict", "r.rules", "d.yaml"]).code,
        1
    );
}

#[test]
fn no_color_and_color_never_give_plain_text() {
    let run = patuh(repo(), &["check", "rules", "data", "--color", "always"]);
    assert!(run.stdout.contains('\u{1b}'), "--color always colours");
    let run = patuh(repo(), &["check", "rules", "data"]);
    assert!(!run.stdout.contains('\u{1b}'), "not a terminal: no colour");
}

/// Broken input: exit 2, every problem on stderr with its place, nothing on stdout.
fn broken(name: &str, files: &[(&str, &[u8])], args: &[&str]) -> String {
    let dir = scratch(name, files);
    let run = patuh(&dir, args);
    assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "", "{name}: nothing is checked");
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    run.stderr
}

const RULE: &[u8] = b"rule r \"r\" { require x > 0 }\n";

#[test]
fn a_path_that_does_not_exist() {
    let err = broken(
        "missing",
        &[("r.rules", RULE)],
        &["check", "r.rules", "nowhere.yaml"],
    );
    insta::assert_snapshot!("input_not_found", err);
}

#[test]
fn a_file_that_is_neither_rules_nor_data() {
    let err = broken(
        "kind",
        &[("r.rules", RULE), ("notes.txt", b"x")],
        &["check", "r.rules", "notes.txt"],
    );
    insta::assert_snapshot!("input_unknown_kind", err);
}

#[test]
fn no_data_files() {
    let err = broken("nodata", &[("r.rules", RULE)], &["check", "r.rules"]);
    insta::assert_snapshot!("input_no_data", err);
}

#[test]
fn data_that_is_not_utf8() {
    let err = broken(
        "utf8",
        &[("r.rules", RULE), ("d.yaml", b"x: \xff\xfe\n")],
        &["check", "."],
    );
    insta::assert_snapshot!("input_not_utf8", err);
}

#[test]
fn broken_yaml() {
    let err = broken(
        "yaml",
        &[
            ("r.rules", RULE),
            (
                "d.yaml",
                b"province: X\nyears:\n  2023: { bpu: 5\n  2024: 1\n",
            ),
        ],
        &["check", "."],
    );
    insta::assert_snapshot!("data_syntax", err);
}

#[test]
fn two_figures_for_the_same_year() {
    let err = broken(
        "dup",
        &[
            ("r.rules", RULE),
            ("d.yaml", b"province: X\nyears:\n  2023:\n    participants: { bpu: 90000 }\n  \"2023\":\n    participants: { bpu: 95000 }\n"),
        ],
        &["check", "."],
    );
    insta::assert_snapshot!("data_duplicate_key", err);
}

#[test]
fn a_number_too_large_for_64_bits() {
    let err = broken(
        "overflow",
        &[
            ("r.rules", RULE),
            ("d.yaml", b"x: 99999999999999999999999\n"),
        ],
        &["check", "."],
    );
    insta::assert_snapshot!("data_integer_overflow", err);
}

#[test]
fn an_alias_bomb() {
    let bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    let err = broken(
        "bomb",
        &[("r.rules", RULE), ("d.yaml", bomb)],
        &["check", "."],
    );
    assert!(err.contains("alias"), "{err}");
}

#[test]
fn nesting_too_deep() {
    let deep = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let err = broken(
        "deep",
        &[("r.rules", RULE), ("d.yaml", deep.as_bytes())],
        &["check", "."],
    );
    assert!(err.contains("deep") || err.contains("nest"), "{err}");
}

#[test]
fn a_broken_rule_file_and_broken_data_are_reported_together() {
    let err = broken(
        "both",
        &[
            ("r.rules", b"rule r \"r\" {\n  require x = 1\n}\n"),
            ("d.yaml", b"x: 1\nx: 2\n"),
        ],
        &["check", "."],
    );
    insta::assert_snapshot!("rules_and_data_broken", err);
}

#[test]
fn a_bad_command_line_is_exit_2_and_help_is_exit_0() {
    assert_eq!(
        patuh(repo(), &["check", "--format", "xml", "rules"]).code,
        2
    );
    assert_eq!(patuh(repo(), &["frobnicate"]).code, 2);
    let help = patuh(repo(), &["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("patuh check rules data"));
}

#[test]
fn several_documents_in_one_file_are_documents_of_their_own() {
    let data = "province: Sulawesi Tengah\nregencies:\n  - name: Donggala\n    years: { 2023: { funds_bpu: false } }\n---\nprovince: Kalimantan Barat\nregencies:\n  - name: Sambas\n    years: { 2023: { funds_bpu: true } }\n";
    let dir = common::scratch("several-documents", &[("data/two.yaml", data)]);
    let rules = common::repo().join("rules");
    let run = common::patuh(
        &dir,
        &[
            "check",
            rules.to_str().expect("UTF-8"),
            "data",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = common::json(&run);
    let subjects: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "fund_bpu")
        .map(|f| f["subject"].as_str().expect("a subject"))
        .collect();
    assert_eq!(subjects, ["Sulawesi Tengah / Donggala / 2023"]);
    let fund = json["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "fund_bpu")
        .expect("fund_bpu");
    assert_eq!(
        (fund["pass"].as_u64(), fund["fail"].as_u64()),
        (Some(1), Some(1)),
        "Sambas passes in the second document"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
