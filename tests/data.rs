//! Loading data, by example: broken YAML gives a diagnostic with a code and
//! a span (snapshotted as the user sees it; the limits' diagnostics are
//! snapshotted in tests/diagnostics.rs), and the limits that keep hostile
//! input from exhausting memory or stack hold.

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

#[test]
fn syntax() {
    insta::assert_snapshot!(rejected("province: X\nyears:\n  2023: [1, 2\n  2024: 3\n"));
}

#[test]
fn duplicate_key() {
    insta::assert_snapshot!(rejected(
        "years:\n  2023:\n    participants: { bpu: 90000, bpu: 95000 }\n"
    ));
}

#[test]
fn integer_overflow() {
    insta::assert_snapshot!(rejected("apbd: { bpu_allocation: 18446744073709551616 }\n"));
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
