//! Loading data, by example: broken YAML gives a diagnostic with a code and
//! a span (one case per class in `tests/cases/data/`, snapshotted as the
//! user sees it; the limits' diagnostics are snapshotted in
//! tests/diagnostics.rs), and the limits that keep hostile input from
//! exhausting memory or stack hold.

mod common;

use patuh::data::{DataError, Limits, View, load};
use patuh::report::{DiagnosticStyle, render_diagnostic};
use patuh::source::SourceFile;

/// Loads one file and renders every error as the human report shows it.
fn errors_of(yaml: &str, limits: &Limits) -> String {
    let errs = load(vec![SourceFile::new("data/x.yaml", yaml)], limits)
        .err()
        .expect("the data is rejected");
    errs.into_vec()
        .iter()
        .map(|e: &DataError| render_diagnostic(e, DiagnosticStyle::PLAIN))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rejected(yaml: &str) -> String {
    errors_of(yaml, &Limits::default())
}

/// One bad-input class per file in `tests/cases/data/`, named after it:
/// the rendered diagnostics of each, as the user sees them.
#[test]
fn bad_data() {
    insta::glob!("cases/data/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("a case");
        let name = path.file_name().expect("a file name").to_string_lossy();
        let errs = load(
            vec![SourceFile::new(format!("data/{name}"), text)],
            &Limits::default(),
        )
        .err()
        .unwrap_or_else(|| panic!("{name} is rejected"));
        let out: Vec<String> = errs
            .into_vec()
            .iter()
            .map(|e| render_diagnostic(e, DiagnosticStyle::PLAIN))
            .collect();
        insta::assert_snapshot!(out.join("\n"));
    });
}

#[test]
fn every_error_of_a_file_and_of_every_file_is_reported() {
    let files = vec![
        SourceFile::new("a.yaml", "x: 1\nx: 2\ny: 3\ny: 4\n"),
        SourceFile::new("b.yaml", "z: 99999999999999999999\n"),
    ];
    let errs = load(files, &Limits::default()).err().expect("rejected");
    let codes: Vec<String> = errs
        .into_vec()
        .iter()
        .map(|e| {
            let code = miette::Diagnostic::code(e)
                .map(|c| c.to_string())
                .unwrap_or_default();
            format!("{} {code}", e.file().name())
        })
        .collect();
    assert_eq!(
        codes,
        [
            "a.yaml patuh::data::duplicate_key",
            "a.yaml patuh::data::duplicate_key",
            "b.yaml patuh::data::integer_overflow",
        ]
    );
}

#[test]
fn a_billion_laughs_is_refused_without_expanding_it() {
    let mut yaml = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=9 {
        let prev = format!("*l{}", i - 1);
        let items = [prev.as_str(); 10].join(", ");
        yaml.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    let out = rejected(&yaml);
    assert!(out.contains("patuh::data::alias_expansion"), "{out}");
}

#[test]
fn a_hundred_thousand_open_brackets_do_not_overflow_the_stack() {
    let out = rejected(&"[".repeat(100_000));
    assert!(out.contains("patuh::data::too_deep"), "{out}");
}

#[test]
fn every_value_knows_its_line_and_column() {
    let yaml = "province: Sulawesi Tengah\nyears:\n  2024:\n    participants: { pu: 314034, bpu: 128993 }\n";
    let data = load(vec![SourceFile::new("d.yaml", yaml)], &Limits::default()).expect("loads");
    let root = data.docs()[0];
    let sym = |s: &str| data.sym(s).expect("interned");
    let years = data.get(root, sym("years")).expect("years");
    let y2024 = data.get_int(years, 2024).expect("2024");
    let parts = data.get(y2024, sym("participants")).expect("participants");
    let bpu = data.get(parts, sym("bpu")).expect("bpu");
    assert_eq!(data.view(bpu), View::Int(128_993));
    let loc = data.loc(bpu);
    assert_eq!((loc.line, loc.column), (4, 38));
    assert_eq!(loc.span.text(loc.file), "128993");
}

#[test]
fn a_year_written_as_text_is_the_same_year() {
    let out = rejected("years:\n  2023: { bpu: 1 }\n  '2023': { bpu: 2 }\n");
    assert!(out.contains("duplicate key `2023`"), "{out}");
}

/// The findings of a JSON report, without columns (quoting a key moves the
/// values after it on its line).
fn findings(report: &serde_json::Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .map(|f| {
            let data: Vec<String> = f["data_locations"]
                .as_array()
                .expect("data locations")
                .iter()
                .map(|d| format!("{}:{} {} = {}", d["file"], d["line"], d["path"], d["value"]))
                .collect();
            format!(
                "{} {} {} {} | {}",
                f["rule"],
                f["outcome"],
                f["subject"],
                f["message"],
                data.join("; ")
            )
        })
        .collect()
}

#[test]
fn the_bundled_data_with_every_year_key_quoted_gives_the_same_findings() {
    let root = common::repo();
    let mut files = Vec::new();
    let mut quoted = 0;
    for dir in ["rules", "rules/examples", "data"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("bundled folder") {
            let path = entry.expect("entry").path();
            if !path.is_file() {
                continue;
            }
            let name = format!(
                "{dir}/{}",
                path.file_name().expect("name").to_string_lossy()
            );
            let text = std::fs::read_to_string(&path).expect("bundled file");
            let text = if dir == "data" {
                text.lines()
                    .map(|line| {
                        let key = line.trim_start();
                        let indent = &line[..line.len() - key.len()];
                        match key.split_once(':') {
                            Some((year, rest))
                                if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) =>
                            {
                                quoted += 1;
                                format!("{indent}\"{year}\":{rest}\n")
                            }
                            _ => format!("{line}\n"),
                        }
                    })
                    .collect()
            } else {
                text
            };
            files.push((name, text));
        }
    }
    assert!(quoted >= 20, "quoted only {quoted} year keys");
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = common::scratch("quoted-years", &files);
    let original = common::patuh(root, &["check", "--format", "json", "rules", "data"]);
    let quoted = common::patuh(&dir, &["check", "--format", "json", "rules", "data"]);
    assert_eq!(original.code, 1, "{}", original.stderr);
    assert_eq!(quoted.code, 1, "{}", quoted.stderr);
    let (original, quoted) = (common::json(&original), common::json(&quoted));
    assert_eq!(original["summary"], quoted["summary"]);
    let found = findings(&quoted);
    assert!(found.len() > 20, "{found:#?}");
    assert_eq!(findings(&original), found);
}

#[test]
fn a_nul_byte_is_a_data_error_at_its_line_and_column() {
    // block style (the fast path's) and flow with an anchor (saphyr-parser's)
    for yaml in [
        "province: Sulawesi Tengah\nregencies:\n  - name: Dongg\0ala\n",
        "province: &p Sulawesi Tengah\nregencies: [{name: Dongg\0ala}]\n",
    ] {
        let errs = load(vec![SourceFile::new("d.yaml", yaml)], &Limits::default())
            .err()
            .expect("rejected");
        let found: Vec<_> = errs
            .iter()
            .map(|e| {
                (
                    miette::Diagnostic::code(e).map(|c| c.to_string()),
                    e.line_col(),
                )
            })
            .collect();
        let line = if yaml.contains('[') { (2, 25) } else { (3, 16) };
        assert_eq!(
            found,
            [(Some("patuh::data::control_character".to_owned()), line)],
            "{yaml:?}"
        );
        assert_eq!(
            errs.iter().next().map(ToString::to_string).as_deref(),
            Some("control character U+0000 in a data file")
        );
    }
}
