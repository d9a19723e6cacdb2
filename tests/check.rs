//! The check pass, one case per diagnostic code (as ruff does): each
//! `tests/cases/check/<code>.rules` (with `<code>.yaml` when the check needs
//! data; a line `# === NAME` starts another rule file) gives only
//! diagnostics with that code, and its snapshot is the report an auditor
//! reads. Then the
//! bundled pack: it lints clean, and misspelling any field it uses is
//! caught, with the right name suggested.

use std::path::{Path, PathBuf};

use miette::Diagnostic;
use patuh::check::{CheckError, check};
use patuh::data::{Limits, load};
use patuh::report::{DiagnosticStyle, render_diagnostic};
use patuh::source::SourceFile;
use patuh::syntax::parse_rules;

mod common;
use common::{patuh, repo};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/check")
}

/// The code a fixture is about: `patuh::check::<stem>`, or for
/// `syntax_<name>`, `patuh::syntax::<name>`.
fn code_of(stem: &str) -> String {
    match stem.strip_prefix("syntax_") {
        Some(rest) => format!("patuh::syntax::{rest}"),
        None => format!("patuh::check::{stem}"),
    }
}

/// Every diagnostic of the case at `path` rendered, and their codes: a
/// rule file that does not parse gives its syntax errors, else the checks
/// against the case's data (when it has some) give theirs.
fn run_case(path: &Path) -> (String, Vec<String>) {
    let (rules, data): (Vec<_>, Vec<_>) = common::case_files(path, &cases())
        .into_iter()
        .partition(|f| f.name().ends_with(".rules"));
    let mut out = String::new();
    let mut codes = Vec::new();
    let mut parsed = Vec::new();
    for f in &rules {
        match parse_rules(f) {
            Ok(r) => parsed.push(r),
            Err(errors) => {
                for e in errors.iter() {
                    codes.push(e.code().map(|c| c.to_string()).unwrap_or_default());
                    out.push_str(&common::plain(e));
                    out.push('\n');
                }
            }
        }
    }
    if codes.is_empty() {
        let data = (!data.is_empty())
            .then(|| load(data, &Limits::default()).expect("the case's data loads"));
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        for d in check(&parsed, data.as_ref()) {
            let code = d.code().map(|c| c.to_string()).unwrap_or_default();
            // Fixtures declare the fields their rules read; a key of their
            // data nothing declares is another case's subject.
            if code == "patuh::check::undeclared_key" && stem.as_deref() != Some("undeclared_key") {
                continue;
            }
            codes.push(d.code().map(|c| c.to_string()).unwrap_or_default());
            out.push_str(&common::plain(&d));
            out.push('\n');
        }
    }
    (out, codes)
}

/// One case per code: each gives diagnostics with its code and no other,
/// and its snapshot is the report an auditor reads.
#[test]
fn fixtures() {
    insta::glob!("cases/check/*.rules", |path| {
        let stem = path.file_stem().expect("a name").to_string_lossy();
        let code = code_of(&stem);
        let (out, codes) = run_case(path);
        assert!(!codes.is_empty(), "`{stem}` gives no diagnostic");
        assert!(
            codes.iter().all(|c| *c == code),
            "`{stem}` should give only {code}, gave {codes:?}\n{out}"
        );
        insta::assert_snapshot!(out);
    });
}

#[test]
fn every_check_code_has_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check");
    let mut source = String::new();
    for entry in std::fs::read_dir(dir).expect("src/check") {
        source += &std::fs::read_to_string(entry.expect("an entry").path()).expect("source");
    }
    let mut codes: Vec<&str> = source
        .split("patuh::check::")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .next()
        })
        .filter(|code| !code.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 15, "found {codes:?}");
    for code in codes {
        assert!(
            cases().join(format!("{code}.rules")).exists(),
            "no case for patuh::check::{code} in tests/cases/check/"
        );
    }
}

// ------------------------------------------------------ the bundled pack

#[test]
fn the_bundled_pack_lints_clean() {
    let run = patuh(repo(), &["lint", "rules", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "patuh lint: 3 rule files, no problems\n");
    // Data files among the paths are skipped: lint reads rules alone.
    let run = patuh(repo(), &["lint", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "patuh lint: 3 rule files, no problems\n");
    let run = patuh(repo(), &["lint", "data", "--color", "never"]);
    assert_eq!(run.code, 2, "no rule files");
    assert!(
        run.stderr.contains("patuh::input::no_rules"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_pack_checks_clean_against_the_bundled_data() {
    let rules = patuh::parse(&read_rules()).expect("the bundled rules parse");
    let data = bundled_data();
    let found: Vec<CheckError> = check(&rules, Some(&data));
    let shown: Vec<String> = found
        .iter()
        .map(|d| render_diagnostic(d, DiagnosticStyle::PLAIN))
        .collect();
    assert!(found.is_empty(), "{}", shown.join("\n"));
}

fn read_rules() -> Vec<SourceFile> {
    [
        "examples/regional.rules",
        "inpres-2-2021.rules",
        "schema.rules",
    ]
    .iter()
    .map(|f| {
        let text = std::fs::read_to_string(repo().join("rules").join(f)).expect("rules");
        SourceFile::new(format!("rules/{f}"), text)
    })
    .collect()
}

fn bundled_data() -> patuh::data::Dataset {
    let mut files: Vec<SourceFile> = std::fs::read_dir(repo().join("data"))
        .expect("data")
        .map(|e| {
            let p = e.expect("entry").path();
            let name = format!(
                "data/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            );
            SourceFile::new(name, std::fs::read_to_string(&p).expect("data is text"))
        })
        .collect();
    files.sort_by(|a, b| a.name().cmp(b.name()));
    load(files, &Limits::default()).expect("the bundled data loads")
}

/// A copy of `rules/` and `data/` with `from` replaced by `to` once in the
/// bundled rule pack, in a scratch folder.
fn misspelt(from: &str, to: &str) -> PathBuf {
    let slug: String = to.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-{slug}"));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["rules", "data"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        for e in std::fs::read_dir(repo().join(sub)).expect("read") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                // rule tests (rules/tests/) are not needed here
                continue;
            }
            let mut text = std::fs::read_to_string(&p).expect("text");
            if p.file_name().is_some_and(|n| n == "inpres-2-2021.rules") {
                assert!(text.contains(from), "the pack uses `{from}`");
                text = text.replacen(from, to, 1);
            }
            std::fs::write(dir.join(sub).join(p.file_name().expect("name")), text).expect("write");
        }
    }
    dir
}

#[test]
fn misspelling_any_field_the_bundled_pack_uses_stops_the_run_and_names_the_right_field() {
    // (as written in the pack, misspelt, the suggestion)
    let cases = [
        (
            "require funds_bpu",
            "require fund_bpu",
            "did you mean `funds_bpu`?",
        ),
        (
            "participants.bpu >",
            "participants.bpuu >",
            "did you mean `participants.bpu`?",
        ),
        (
            "premium_monthly >=",
            "premium_montly >=",
            "did you mean `premium_monthly`?",
        ),
        (
            "in regencies\n",
            "in regencys\n",
            "did you mean `regencies`?",
        ),
        (
            "regency.years",
            "regency.yeers",
            "did you mean `regency.years`?",
        ),
        (
            "{regency.name}",
            "{regency.nam}",
            "did you mean `regency.name`?",
        ),
        (
            "active_total ==",
            "active_totl ==",
            "did you mean `active_total`?",
        ),
        (
            "participants.jakon",
            "participants.jakn",
            "did you mean `participants.jakon`?",
        ),
        (
            "apbd.bpu_allocation >=",
            "apbd.bpu_alocation >=",
            "did you mean `apbd.bpu_allocation`?",
        ),
        (
            "apbd.funded_workers *",
            "apbd.funded_worker *",
            "did you mean `apbd.funded_workers`?",
        ),
        (
            "years[2024].informal_workers",
            "years[2024].informal_worker",
            "did you mean `years[2024].informal_workers`?",
        ),
        (
            "r.years[year].participants.bpu",
            "r.years[year].participant.bpu",
            "did you mean `r.years[year].participants`?",
        ),
    ];
    for (from, to, suggestion) in cases {
        let dir = misspelt(from, to);
        let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
        assert_eq!(run.code, 2, "`{to}` stops the run\n{}", run.stderr);
        assert_eq!(run.stdout, "", "`{to}`: nothing is evaluated");
        assert!(
            run.stderr.contains(suggestion),
            "`{to}` should suggest {suggestion}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was checked"), "{}", run.stderr);
        // Linting the rules alone finds it too.
        let lint = patuh(&dir, &["lint", "rules", "--color", "never"]);
        assert_eq!(lint.code, 2, "lint finds `{to}`\n{}", lint.stderr);
        assert!(lint.stderr.contains(suggestion), "{}", lint.stderr);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_misspelling_against_the_data_is_reported_as_the_user_sees_it() {
    let dir = misspelt("participants.bpu >", "participants.bpuu >");
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    insta::assert_snapshot!("bundled_misspelt", run.stderr);
}

#[test]
fn warnings_do_not_stop_the_run() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-warn");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("r.rules"),
        "field funds_bpu: bool\nrule r {\n  require funds_bpu\n}\n",
    )
    .expect("write");
    std::fs::write(dir.join("d.yaml"), "funds_bpu: false\n").expect("write");
    let run = patuh(&dir, &["check", "r.rules", "d.yaml", "--color", "never"]);
    assert_eq!(run.code, 1, "the rule is evaluated and fails");
    assert!(
        run.stderr.contains("patuh::check::missing_title"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("FAILED"), "{}", run.stdout);
    let lint = patuh(&dir, &["lint", ".", "--color", "never"]);
    assert_eq!(lint.code, 0, "warnings alone pass lint");
    assert!(
        lint.stderr
            .ends_with("patuh lint: 1 rule file, 1 warning\n"),
        "{}",
        lint.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_declared_field_that_no_file_carries_is_missing_data_not_a_typo() {
    let rules = patuh::parse(&[SourceFile::new(
        "r.rules",
        "field province: text\nfield informal_workers: count\nfield workforce: count\nrule r \"r\" {\n  require informal_workers <= workforce\n}\n",
    )])
    .expect("parses");
    let data = load(
        vec![SourceFile::new("d.yaml", "province: X\n")],
        &Limits::default(),
    )
    .expect("loads");
    assert!(check(&rules, Some(&data)).is_empty());
    let ev = patuh::eval::evaluate(&rules, &data);
    assert_eq!(ev.counts[0].1.unknown, 1, "the figure is missing: unknown");
}

#[test]
fn a_field_some_subjects_have_and_others_lack_is_not_an_error() {
    let rules = patuh::parse(&[SourceFile::new(
        "r.rules",
        "rule r \"r\" {\n  for each regency in regencies\n  require regency.funds_bpu\n}\n",
    )])
    .expect("parses");
    let data = load(
        vec![SourceFile::new(
            "d.yaml",
            "regencies:\n  - name: A\n    funds_bpu: true\n  - name: B\n",
        )],
        &Limits::default(),
    )
    .expect("loads");
    assert!(check(&rules, Some(&data)).is_empty());
}

#[test]
fn rules_that_mean_something_pass_without_a_word() {
    let path = repo().join("tests/cases/check_ok/clean.rules");
    let text = std::fs::read_to_string(path).expect("fixture");
    let mut files = read_rules();
    files.retain(|f| f.name().ends_with("schema.rules"));
    files.push(SourceFile::new("clean.rules", text));
    let rules = patuh::parse(&files).expect("parses");
    let data = bundled_data();
    for data in [None, Some(&data)] {
        let found = check(&rules, data);
        let shown: Vec<String> = found
            .iter()
            .map(|d| render_diagnostic(d, DiagnosticStyle::PLAIN))
            .collect();
        assert!(found.is_empty(), "{}", shown.join("\n"));
    }
}

/// Every word of the bundled pack replaced, in turn, by other words and
/// forms of the language: the check pass never panics, renders every
/// diagnostic, and when it finds no error, evaluation never meets a value
/// of the wrong type (only missing figures, division by zero, overflow).
#[test]
fn whatever_a_rule_says_the_check_pass_answers_and_what_it_passes_evaluates_cleanly() {
    let pack = read_rules();
    let (rules_text, schema) = (pack[0].text().to_owned(), pack[1].clone());
    let data = bundled_data();
    let mut spans = Vec::new();
    let bytes = rules_text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'%';
    let mut i = 0;
    while i < bytes.len() {
        if word(bytes[i]) && !rules_text[..i].ends_with('#') {
            let start = i;
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    let mut forms: Vec<String> = [
        "root",
        "previous",
        "documents",
        "true",
        "\"x\"",
        "Rp 5",
        "1.5",
        "20%",
        "year",
        "years",
        "regencies",
        "r",
        "funds_bpu",
        "name",
        "participants",
        "coverage",
        "sum(r in regencies: r)",
        "count(years)",
        "first(years)",
        "x.y",
        "(1)",
        "not 1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    forms.sort();
    let (mut runs, mut checked) = (0, 0);
    for (k, &(start, end)) in spans.iter().enumerate() {
        // A deterministic sample keeps the test fast.
        for form in forms.iter().skip(k % 11).step_by(11) {
            runs += 1;
            let text = format!("{}{form}{}", &rules_text[..start], &rules_text[end..]);
            let files = vec![SourceFile::new("rules/a.rules", text), schema.clone()];
            let Ok(rules) = patuh::parse(&files) else {
                continue;
            };
            checked += 1;
            let found = check(&rules, Some(&data));
            for d in check(&rules, None).iter().chain(&found) {
                assert!(!render_diagnostic(d, DiagnosticStyle::PLAIN).is_empty());
            }
            if patuh::check::has_errors(&found) {
                continue;
            }
            for f in patuh::eval::evaluate(&rules, &data).findings {
                let l = &f.label;
                let runtime = [
                    "is missing",
                    "is empty",
                    "division by zero",
                    "has no items",
                    "overflows",
                ];
                // `count(x)`, `first(x)` and `last(x)` of a missing `x` say
                // "unknown, not a collection" (evaluation's wording).
                let missing_collection = l.ends_with("is unknown, not a collection");
                assert!(
                    f.outcome != patuh::eval::Outcome::Unknown
                        || runtime.iter().any(|r| l.contains(r))
                        || missing_collection,
                    "the check pass let through: {l}\n{}",
                    files[0].text()
                );
            }
        }
    }
    assert!(runs > 300 && checked > 150, "{runs} runs, {checked} parsed");
}

#[test]
fn a_value_is_reported_once_even_when_two_declarations_cover_it() {
    let rules = patuh::parse(&[SourceFile::new(
        "r.rules",
        "field name: text\nfield regencies: list\nfield regencies.name: text\n",
    )])
    .expect("parses");
    let data = load(
        vec![SourceFile::new("d.yaml", "regencies:\n  - name: 72\n")],
        &Limits::default(),
    )
    .expect("loads");
    let found = check(&rules, Some(&data));
    let codes: Vec<String> = found
        .iter()
        .map(|d| d.code().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(codes, ["patuh::check::data_type"]);
}

#[test]
fn a_pack_may_carry_the_declarations_another_pack_makes_alike() {
    // The same declaration in two rule files is one; the same name declared
    // otherwise (another type, or `optional` in one file only) is still an
    // error, and so is a declaration repeated within one file.
    let parse = |name: &str, text: &str| {
        parse_rules(&SourceFile::new(name, text)).expect("the declarations parse")
    };
    let schema =
        "field regencies: list optional\nfield years: series\nfield years.funds_bpu: bool\n";
    let pack = "field regencies: list optional\nfield years.funds_bpu: bool\n";
    let found = check(&[parse("a.rules", schema), parse("b.rules", pack)], None);
    assert!(found.is_empty(), "{found:?}");
    for other in ["field regencies: list\n", "field years.funds_bpu: count\n"] {
        let found = check(&[parse("a.rules", schema), parse("b.rules", other)], None);
        let codes: Vec<String> = found
            .iter()
            .map(|d| d.code().map(|c| c.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(codes, ["patuh::check::duplicate_field"], "{other}");
    }
    let twice = format!("{schema}field years: series\n");
    let found = check(&[parse("a.rules", &twice)], None);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_year_key_that_is_not_a_year_is_pointed_at_not_the_first_good_one() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-year-key");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("r.rules"),
        "field years: series\nfield years.funds_bpu: bool\n\
         rule r \"r\" {\n  for each year in years\n  require funds_bpu\n}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("d.yaml"),
        "province: P\nyears:\n  2023: {funds_bpu: true}\n  2024: {funds_bpu: true}\n  \"2025 \": {funds_bpu: true}\n",
    )
    .expect("write");
    let run = patuh(&dir, &["check", "r.rules", "d.yaml", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("[d.yaml:5:3]"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
