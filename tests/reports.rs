//! The reports for CI and review: every format of the bundled pack as a
//! reviewed snapshot, several formats from one run, and `--fail-on`.

mod common;

use common::{FUND_RULE, SULTENG, json, patuh, repo, scratch};

const FORMATS: [&str; 6] = ["human", "json", "sarif", "junit", "github", "markdown"];

fn bundled(format: &str) -> String {
    let run = patuh(
        repo(),
        &[
            "check", "rules", "data", "--format", format, "--color", "never",
        ],
    );
    assert_eq!(
        run.code, 1,
        "{format}: the bundled data fails\n{}",
        run.stderr
    );
    assert_eq!(run.stderr, "", "{format}");
    run.stdout
}

#[test]
fn bundled_pack_sarif_report() {
    insta::assert_snapshot!("bundled_sarif", bundled("sarif"));
}

#[test]
fn bundled_pack_junit_report() {
    insta::assert_snapshot!("bundled_junit", bundled("junit"));
}

#[test]
fn bundled_pack_github_annotations() {
    insta::assert_snapshot!("bundled_github", bundled("github"));
}

#[test]
fn bundled_pack_markdown_summary() {
    insta::assert_snapshot!("bundled_markdown", bundled("markdown"));
}

#[test]
fn every_format_is_byte_identical_from_run_to_run_and_whatever_the_path_order() {
    for format in FORMATS {
        let a = bundled(format);
        let b = patuh(
            repo(),
            &[
                "check", "data", "rules", "--format", format, "--color", "never",
            ],
        );
        assert_eq!(a, b.stdout, "{format}");
    }
}

#[test]
fn one_run_writes_every_format_and_each_file_is_what_format_prints() {
    let dir = scratch(
        "outputs",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let mut args = vec!["check", "rules", "data", "--color", "never"];
    let outputs: Vec<String> = FORMATS
        .iter()
        .map(|f| format!("--output={f}=out/patuh.{f}"))
        .collect();
    std::fs::create_dir_all(dir.join("out")).expect("mkdir");
    args.extend(outputs.iter().map(String::as_str));
    let run = patuh(&dir, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("FAILED"), "stdout stays human");
    for format in FORMATS {
        let alone = patuh(
            &dir,
            &[
                "check", "rules", "data", "--format", format, "--color", "never",
            ],
        );
        let file = std::fs::read_to_string(dir.join(format!("out/patuh.{format}")))
            .expect("the report was written");
        assert_eq!(file, alone.stdout, "{format}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.join("out"))
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_that_cannot_be_written_is_exit_2() {
    let dir = scratch(
        "unwritable",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
        ],
    );
    let run = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--output",
            "sarif=no/such/folder/p.sarif",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("patuh::output::write"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no/such/folder/p.sarif"),
        "{}",
        run.stderr
    );
    let run = patuh(
        &dir,
        &[
            "check", "rules", "data", "--output", "sarif=a", "--output", "json=a",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("patuh::output::duplicate"),
        "{}",
        run.stderr
    );
    for bad in ["sarif", "xml=p.xml", "json="] {
        let run = patuh(&dir, &["check", "rules", "data", "--output", bad]);
        assert_eq!(run.code, 2, "{bad}");
        assert!(
            run.stderr.contains("FORMAT=PATH") || run.stderr.contains("format"),
            "{bad}: {}",
            run.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_report_is_replaced_whole() {
    let dir = scratch(
        "replace",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            ("p.json", &"x".repeat(100_000)),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--output", "json=p.json"]);
    assert_eq!(run.code, 1);
    let text = std::fs::read_to_string(dir.join("p.json")).expect("read");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One failing rule of each severity, and an error rule whose figure is missing.
fn severities() -> std::path::PathBuf {
    scratch(
        "severities",
        &[
            (
                "r.rules",
                "rule e \"e\" { severity error\n require years[2024].funds_bpu }\n\
                 rule w \"w\" { severity warning\n require coverage > 0.3 }\n\
                 rule i \"i\" { severity info\n require growth < 0.2 }\n",
            ),
            (
                "d.yaml",
                "coverage: 0.1\ngrowth: 0.5\nyears:\n  2023: { funds_bpu: true }\n",
            ),
        ],
    )
}

#[test]
fn fail_on_sets_the_lowest_severity_that_fails_the_run() {
    let dir = severities();
    let code = |extra: &[&str]| {
        let mut args = vec!["check", "r.rules", "d.yaml"];
        args.extend(extra);
        patuh(&dir, &args).code
    };
    // `e` is unknown (no figures for 2024), `w` and `i` fail.
    assert_eq!(
        code(&[]),
        0,
        "default: error, and the error rule is only unknown"
    );
    assert_eq!(code(&["--fail-on", "error"]), 0);
    assert_eq!(code(&["--fail-on", "warning"]), 1);
    assert_eq!(code(&["--fail-on", "info"]), 1);
    assert_eq!(code(&["--strict"]), 1, "--strict: the unknown error fails");
    assert_eq!(code(&["--fail-on", "never", "--strict"]), 0);
    assert_eq!(code(&["--fail-on", "bogus"]), 2);
    let run = patuh(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--fail-on",
            "warning",
            "--format",
            "json",
        ],
    );
    let report = json(&run);
    assert_eq!(report["summary"]["failing"], 1);
    assert_eq!(report["summary"]["fail_on"], "warning");
    assert_eq!(report["summary"]["failed"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fail_on_never_still_reports_broken_input() {
    let dir = scratch(
        "never",
        &[
            ("r.rules", "rule r \"r\" { require x = 1 }\n"),
            ("d.yaml", "province: X\nx: 1\n"),
        ],
    );
    assert_eq!(patuh(&dir, &["check", ".", "--fail-on", "never"]).code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_verdict_names_the_fail_on_level() {
    let dir = severities();
    let run = patuh(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--fail-on",
            "warning",
            "--strict",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "FAILED: 1 error- or warning-level finding and 1 error- or warning-level unknown outcome (--strict)\n"
        ),
        "{}",
        run.stdout
    );
    let run = patuh(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--format",
            "github",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.ends_with("patuh: passed: --fail-on never\n"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_points_at_the_data_line_first_and_the_rule_expression_second() {
    let report: serde_json::Value = serde_json::from_str(&bundled("sarif")).expect("SARIF is JSON");
    let run = &report["runs"][0];
    assert_eq!(report["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 17, "every rule checked is declared");
    let results = run["results"].as_array().expect("results");
    let donggala = results
        .iter()
        .find(|r| r["properties"]["subject"] == "Sulawesi Tengah / Donggala / 2023")
        .expect("Donggala fails fund_bpu");
    let primary = &donggala["locations"][0]["physicalLocation"];
    assert_eq!(
        primary["artifactLocation"]["uri"],
        "data/sulawesi-tengah.yaml"
    );
    assert_eq!(primary["region"]["startLine"], 100);
    assert_eq!(primary["region"]["startColumn"], 20);
    let related = &donggala["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        "rules/inpres-2-2021.rules"
    );
    assert_eq!(related["region"]["startLine"], 14);
    assert_eq!(donggala["level"], "error");
    let fingerprints: std::collections::BTreeSet<_> = results
        .iter()
        .map(|r| r["partialFingerprints"]["patuhFinding/v2"].to_string())
        .collect();
    assert_eq!(
        fingerprints.len(),
        results.len(),
        "fingerprints are distinct"
    );
}

#[test]
fn a_finding_without_data_points_at_the_rule() {
    let dir = scratch(
        "nodata",
        &[
            ("r.rules", "rule r \"r\" {\n  require 1 > 2\n}\n"),
            ("d.yaml", "province: X\nx: 1\n"),
        ],
    );
    let run = patuh(&dir, &["check", "r.rules", "d.yaml", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let result = &report["runs"][0]["results"][0];
    let primary = &result["locations"][0]["physicalLocation"];
    assert_eq!(primary["artifactLocation"]["uri"], "r.rules");
    assert_eq!(primary["region"]["startLine"], 2);
    assert!(result.get("relatedLocations").is_none(), "{result}");
    let run = patuh(&dir, &["check", "r.rules", "d.yaml", "--format", "github"]);
    assert!(
        run.stdout
            .starts_with("::error file=r.rules,line=2,col=11,"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn junit_failures_are_the_findings_that_fail_the_run() {
    let xml = bundled("junit");
    let count = |needle: &str| xml.matches(needle).count();
    assert_eq!(count("<failure "), 10, "the ten error-level failures");
    assert!(xml.contains("<testsuites name=\"patuh\" tests=\"38\" failures=\"10\" errors=\"0\""));
    assert_eq!(count("<skipped "), 17);
    assert_eq!(
        count("<testsuite "),
        18,
        "one suite per rule, and one for the data completeness"
    );
    assert_eq!(count("<testcase "), 38);
    let strict = patuh(
        repo(),
        &["check", "rules", "data", "--format", "junit", "--strict"],
    );
    assert_eq!(
        strict.stdout.matches("<failure ").count(),
        11,
        "with the error-level unknown"
    );
}

#[test]
fn github_annotations_escape_their_syntax() {
    let dir = scratch(
        "escape",
        &[
            (
                "r.rules",
                "field share: ratio\nfield source: text\nfield sources: map\nrule r \"r\" { require share < 50% \n message \"share: 60%, too high\\nreally\" }\n",
            ),
            (
                "d,x.yaml",
                "share: 0.6\nsource: s\nsources: { s: { title: t } }\n",
            ),
        ],
    );
    let run = patuh(
        &dir,
        &["check", "r.rules", "d,x.yaml", "--format", "github"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("::error file=d%2Cx.yaml,line=1,col=8,"),
        "{first}"
    );
    assert!(
        first.contains("::d,x.yaml: share: 60%25, too high"),
        "{first}"
    );
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "one line per annotation: {}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The fenced block after `marker` in the README.
fn readme_block(marker: &str, fence: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let from = readme.find(marker).expect("marker in README");
    let start = readme[from..].find(fence).expect("block") + from + fence.len();
    let end = readme[start..].find("\n```").expect("block end") + start;
    readme[start..end].to_owned()
}

/// The keys of every object, recursively (arrays by their first item).
fn shape(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, item) in m {
                out.push(format!("{at}.{k}"));
                shape(item, &format!("{at}.{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                shape(item, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_readme_json_example_has_the_keys_of_the_real_report() {
    let example: serde_json::Value =
        serde_json::from_str(&readme_block("## JSON report", "```json\n")).expect("JSON");
    let real: serde_json::Value = serde_json::from_str(&bundled("json")).expect("JSON");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    shape(&example, "", &mut a);
    shape(&real, "", &mut b);
    // The example has no waivers or fixed findings to show the keys of.
    b.retain(|k| !k.starts_with(".waivers[]") && !k.starts_with(".fixed[]"));
    for keys in [&mut a, &mut b] {
        keys.sort();
        keys.dedup();
    }
    assert_eq!(a, b);
}

#[test]
fn the_readme_ci_job_is_yaml() {
    let job = readme_block("### CI", "```yaml\n");
    let file = patuh::source::SourceFile::new("job.yaml", job);
    let data = patuh::data::load(vec![file], &patuh::data::Limits::default());
    assert!(data.is_ok(), "{:?}", data.err().map(|e| e.to_string()));
}

#[test]
fn the_readme_waiver_example_is_a_valid_register() {
    let text = readme_block("### Waivers", "```yaml\n");
    let file = patuh::source::SourceFile::new("waivers.yaml", text);
    let waivers = match patuh::waivers::parse_waivers(&file) {
        Ok(w) => w,
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(waivers.len(), 1);
    assert!(waivers[0].matches("fund_bpu", "Sulawesi Tengah / Donggala / 2023"));
}

/// Rules over an optional list and a series, and documents that lack them.
fn incomplete() -> std::path::PathBuf {
    scratch(
        "completeness",
        &[
            (
                "r.rules",
                r#"field regencies: list optional
field years: series
field years.funds_bpu: bool

rule fund_bpu "Every regency funds BPU" {
  for each regency in regencies
  for each year in regency.years
  require year.funds_bpu
}

rule province_funds "The province funds BPU every year" {
  for each year in years
  require funds_bpu
}

rule counted "A province counts its regencies" {
  require count(regencies) >= 0
}
"#,
            ),
            (
                "a.yaml",
                "province: Alpha\nregencies:\n  - name: A1\n    years:\n      2023: { funds_bpu: true }\nyears:\n  2023: { funds_bpu: true }\n",
            ),
            // no `regencies` (optional) and no `years` (not optional)
            ("b.yaml", "province: Beta\ncode: 1\n"),
            // only no `regencies`
            (
                "c.yaml",
                "province: Gamma\nyears:\n  2023: { funds_bpu: false }\n",
            ),
        ],
    )
}

#[test]
fn an_absent_optional_list_has_no_items_and_the_completeness_names_each_document_once() {
    let dir = incomplete();
    let run = patuh(
        &dir,
        &[
            "check", "r.rules", "a.yaml", "b.yaml", "c.yaml", "--format", "json",
        ],
    );
    let report = json(&run);
    // Beta and Gamma have no regencies: no subject there, never an unknown;
    // Beta has no years either: that rule is unknown there.
    let findings: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (s("rule"), s("outcome"), s("subject"))
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("province_funds".into(), "unknown".into(), "Beta".into()),
            (
                "province_funds".into(),
                "fail".into(),
                "Gamma / 2023".into()
            ),
        ]
    );
    assert_eq!(report["rules"][0]["pass"], 1, "fund_bpu: A1 / 2023 only");
    assert_eq!(
        report["rules"][2]["pass"], 3,
        "count(regencies) is 0, not unknown"
    );
    let completeness = &report["summary"]["completeness"];
    assert_eq!(
        completeness,
        &serde_json::json!([
            {"document": "Beta", "file": "b.yaml", "line": 1, "column": 1,
             "lacks": [{"field": "regencies", "optional": true}, {"field": "years", "optional": false}]},
            {"document": "Gamma", "file": "c.yaml", "line": 1, "column": 1,
             "lacks": [{"field": "regencies", "optional": true}]},
        ])
    );
    // Every other format says the same, once per document.
    let beta = "Beta (b.yaml): no `regencies` (optional: nothing to check there); \
                no `years` (the rules that need it are unknown there)";
    let gamma = "Gamma (c.yaml): no `regencies` (optional: nothing to check there)";
    for format in FORMATS {
        let run = patuh(
            &dir,
            &[
                "check", "r.rules", "a.yaml", "b.yaml", "c.yaml", "--format", format,
            ],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        let out = &run.stdout;
        match format {
            "json" | "sarif" => {
                let v: serde_json::Value = serde_json::from_str(out).expect("JSON");
                let c = if format == "json" {
                    &v["summary"]["completeness"]
                } else {
                    &v["runs"][0]["properties"]["completeness"]
                };
                assert_eq!(c, completeness, "{format}");
            }
            "markdown" => {
                assert!(out.contains("### Data completeness"), "{out}");
                assert!(out.contains("- Beta `b.yaml`: no `regencies`"), "{out}");
                assert_eq!(out.matches("- Gamma `c.yaml`").count(), 1, "{out}");
            }
            "github" => {
                let notices: Vec<&str> = out
                    .lines()
                    .filter(|l| l.starts_with("::notice title=data completeness"))
                    .collect();
                assert_eq!(notices.len(), 1, "{out}");
                assert!(notices[0].contains(&format!("{beta}%0A{gamma}")), "{out}");
            }
            _ => {
                assert!(
                    out.contains("data completeness: 2 documents lack collections the rules read"),
                    "{format}: {out}"
                );
                assert_eq!(out.matches(beta).count(), 1, "{format}: {out}");
                assert_eq!(out.matches(gamma).count(), 1, "{format}: {out}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_failing_finding_names_the_report_its_figure_came_from() {
    let report = json(&patuh(
        repo(),
        &["check", "rules", "data", "--format", "json"],
    ));
    let findings = report["findings"].as_array().expect("findings");
    let fails: Vec<_> = findings.iter().filter(|f| f["outcome"] == "fail").collect();
    assert!(!fails.is_empty());
    for f in &fails {
        let sources = f["sources"].as_array().expect("sources");
        assert!(!sources.is_empty(), "no source: {f}");
        assert!(sources.iter().all(|s| s["listed"] == true), "{f}");
    }
    let donggala = fails
        .iter()
        .find(|f| f["subject"] == "Sulawesi Tengah / Donggala / 2023")
        .expect("Donggala 2023 fails");
    assert_eq!(donggala["sources"][0]["publisher"], "ANTARA");
    assert_eq!(donggala["sources"][0]["date"], "2023-11-14");
    // Ten fund_bpu failures cite the ANTARA report of 14 November 2023, in
    // every format.
    for format in FORMATS.iter().filter(|f| **f != "json") {
        let out = bundled(format);
        let n = out.matches("ANTARA, 2023-11-14").count();
        assert!(n >= 10, "{format}: {n} citations\n{out}");
    }
}

#[test]
fn sarif_baseline_state_is_right_for_every_combination_of_waived_and_known() {
    let dir = scratch(
        "baseline-state",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("data/sulteng.yaml", SULTENG),
            (
                "waivers.yaml",
                "waivers:\n  - rule: fund_bpu\n    subject: \"* / Donggala\"\n    reason: r\n    expires: 2099-01-01\n  - rule: fund_bpu\n    subject: \"* / Poso\"\n    reason: r\n    expires: 2099-01-01\n",
            ),
            (
                "old.json",
                r#"{"version": 1, "findings": [
                    {"rule": "fund_bpu", "subject": "Sulawesi Tengah / Donggala", "outcome": "fail"},
                    {"rule": "fund_bpu", "subject": "Sulawesi Tengah / Kota Palu", "outcome": "unknown"}
                ]}"#,
            ),
        ],
    );
    let sarif = json(&patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--format",
            "sarif",
            "--waivers",
            "waivers.yaml",
            "--baseline",
            "old.json",
        ],
    ));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let state = |subject: &str| {
        let r = results
            .iter()
            .find(|r| r["properties"]["subject"] == format!("Sulawesi Tengah / {subject}"))
            .unwrap_or_else(|| panic!("no result for {subject}"));
        (
            r["baselineState"].as_str().unwrap_or("").to_owned(),
            r["suppressions"].is_array(),
        )
    };
    assert_eq!(
        state("Donggala"),
        ("unchanged".into(), true),
        "waived and known"
    );
    assert_eq!(state("Poso"), ("new".into(), true), "waived, not known");
    assert_eq!(state("Kota Palu"), ("unchanged".into(), false), "known");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concise_is_one_line_per_finding_most_important_first_then_the_summary() {
    let out = bundled("concise");
    let lines: Vec<&str> = out.lines().collect();
    let findings: Vec<&str> = lines
        .iter()
        .copied()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(findings.len(), 27, "{out}");
    assert!(
        findings[..10].iter().all(
            |l| l.starts_with("data/sulawesi-tengah.yaml:") && l.contains(" fund_bpu [error] ")
        ),
        "the ten failures that fail the run come first:\n{out}"
    );
    assert!(findings.contains(
        &"data/sulawesi-tengah.yaml:100:20: fund_bpu [error] Sulawesi Tengah / Donggala / 2023: Donggala does not fund BPU premiums in 2023 (`funds_bpu` = false is false) (source: ANTARA, 2023-11-14)"
    ));
    let first_unknown = findings.iter().position(|l| l.contains("[unknown]"));
    let last_fail = findings.iter().rposition(|l| !l.contains("[unknown]"));
    assert!(
        last_fail < first_unknown,
        "failures before unknowns:\n{out}"
    );
    assert!(out.contains("  rule                         severity    pass    fail unknown failing\n  bpu_grows_since_last_report  warning        2       0       0       0\n"), "{out}");
    assert!(
        out.contains("  fund_bpu                     error          4      10       0      10\n"),
        "{out}"
    );
    assert!(
        out.contains("\ndata completeness: 2 documents lack collections the rules read\n"),
        "{out}"
    );
    assert!(out.ends_with("FAILED: 10 error-level findings\n"));
}

#[test]
fn the_width_off_a_terminal_is_100_whatever_columns_says() {
    let run = |columns: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_patuh"))
            .args(["check", "rules", "data", "--color", "never"])
            .env("COLUMNS", columns)
            .current_dir(repo())
            .output()
            .expect("patuh runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(run("60"), bundled("human"));
}

#[test]
fn github_shows_at_most_ten_annotations_of_a_level_and_says_how_many_more() {
    let mut data = String::from(
        "province: Big\nsources:\n  gen: { title: Generated, publisher: this test, date: 2025-01-01 }\nsource: gen\nregencies:\n",
    );
    for i in 0..400 {
        data.push_str(&format!("  - name: R{i}\n    funds_bpu: false\n"));
    }
    let dir = scratch(
        "github-limit",
        &[("rules/fund.rules", FUND_RULE), ("data/big.yaml", &data)],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let count = |level: &str| run.stdout.lines().filter(|l| l.starts_with(level)).count();
    assert_eq!(count("::error "), 10, "{}", run.stdout);
    assert_eq!(count("::warning "), 0);
    assert_eq!(count("::notice "), 1);
    let last = run.stdout.lines().rev().nth(1).unwrap_or("");
    assert!(
        last.starts_with(
            "::notice title=390 more annotations::390 more annotations not shown (390 errors)"
        ),
        "{last}"
    );
    assert!(
        run.stdout
            .contains("title=Every regency must fund BPU coverage (fund_bpu)::")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn markdown_cuts_a_long_rules_table_too_rules_with_findings_first() {
    // 1,500 rules: the table alone would be far over the budget. The one
    // rule that fails stays in it; the passing rest is one summed row.
    let mut rules = String::from(FUND_RULE);
    for i in 0..1500 {
        rules.push_str(&format!(
            "rule r{i} \"rule number {i}\" {{\n  for each regency in regencies\n  require regency.name exists\n}}\n"
        ));
    }
    let dir = scratch(
        "markdown-rules-table",
        &[("rules/many.rules", &rules), ("data/sulteng.yaml", SULTENG)],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let chars = run.stdout.chars().count();
    assert!(chars <= 65_000, "{chars} characters");
    assert!(
        run.stdout
            .contains("| `fund_bpu` Every regency must fund BPU coverage |")
    );
    let summed = (run.stdout.lines())
        .find(|l| l.contains("more rules, every subject passing*"))
        .expect("a summed row");
    let shown = (run.stdout.lines())
        .filter(|l| l.starts_with("| `r"))
        .count();
    assert!(
        summed.starts_with(&format!("| *{} more rules", 1500 - shown)),
        "{summed}"
    );
    // the total still counts every subject of every rule: 4 regencies each
    assert!(
        run.stdout.contains("| **total** |  | 6001 | 2 | 1 | 0 |"),
        "{}",
        run.stdout
    );
}

#[test]
fn markdown_keeps_within_its_budget_and_says_what_it_left_out() {
    let mut data = String::from(
        "province: Big\nsources:\n  gen: { title: Generated, publisher: this test, date: 2025-01-01 }\nsource: gen\nregencies:\n",
    );
    for i in 0..400 {
        data.push_str(&format!("  - name: R{i}\n    funds_bpu: false\n"));
    }
    let dir = scratch(
        "markdown-budget",
        &[("rules/fund.rules", FUND_RULE), ("data/big.yaml", &data)],
    );
    let run = patuh(&dir, &["check", "rules", "data", "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let chars = run.stdout.chars().count();
    assert!(chars <= 65_000, "{chars} characters");
    assert!(
        run.stdout.contains("more findings not shown**"),
        "{}",
        run.stdout
    );
    let shown = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("| Big / "))
        .count();
    assert!(shown > 100, "only {shown} rows shown");
    assert!(
        run.stdout
            .contains(&format!("**{} more findings not shown**", 400 - shown))
    );
    let big = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--format",
            "markdown",
            "--markdown-budget",
            "1000000",
        ],
    );
    assert!(!big.stdout.contains("not shown"));
    assert_eq!(
        big.stdout
            .lines()
            .filter(|l| l.starts_with("| Big / "))
            .count(),
        400
    );
    let linked = patuh(
        &dir,
        &[
            "check",
            "rules",
            "data",
            "--format",
            "markdown",
            "--link-base",
            "https://github.com/o/r/blob/abc/",
        ],
    );
    assert!(
        linked
            .stdout
            .contains("[data/big.yaml:7](https://github.com/o/r/blob/abc/data/big.yaml#L7)"),
        "{}",
        linked.stdout
    );
    for bad in ["not a url", "https://x/a)b", "javascript:alert(1)"] {
        let run = patuh(&dir, &["check", "rules", "data", "--link-base", bad]);
        assert_eq!(run.code, 2, "{bad}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
