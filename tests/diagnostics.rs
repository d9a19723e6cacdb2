//! The diagnostics page, `docs/diagnostics.md`, against the code and the
//! reviewed snapshots: every code the source defines is on the page, and
//! every code on the page has a snapshot that shows it. Codes of the input
//! and data stages that no other test snapshots get their fixture here.

use std::path::{Path, PathBuf};
use std::process::Command;

use patuh::codes::{CODES, markdown_table};
use patuh::data::{DataError, Limits, load};
use patuh::report::{DiagnosticStyle, render_diagnostic};
use patuh::source::SourceFile;

mod common;
use common::repo;

/// Every `patuh::stage::name` in `text`.
fn codes_in(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for (i, _) in text.match_indices("patuh::") {
        let code: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let code = code.trim_end_matches(':').to_owned();
        // `patuh::check::` alone, or a module path such as `patuh::check::check`
        // in prose, is not a code: codes have exactly three parts.
        if code.split("::").count() == 3 {
            codes.push(code);
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn page() -> String {
    std::fs::read_to_string(repo().join("docs/diagnostics.md")).expect("docs/diagnostics.md")
}

/// Every code a diagnostic type defines in `src/`: `code(patuh::...)`
/// attributes, and codes given as text (`"patuh::..."`).
fn defined_in_source() -> Vec<String> {
    let mut sources = Vec::new();
    files_under(&repo().join("src"), "rs", &mut sources);
    let mut defined = Vec::new();
    for s in sources {
        // The registry itself names every code: it is what is checked.
        if s.ends_with("src/codes.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&s).expect("source");
        for (i, _) in text.match_indices("code(patuh::") {
            let rest = &text[i + "code(".len()..];
            let code: String = rest.chars().take_while(|c| *c != ')').collect();
            defined.push(code);
        }
        for (i, _) in text.match_indices("\"patuh::") {
            let code: String = text[i + 1..].chars().take_while(|c| *c != '"').collect();
            if code.split("::").count() == 3 {
                defined.push(code);
            }
        }
    }
    defined.sort();
    defined.dedup();
    defined
}

#[test]
fn the_registry_lists_exactly_the_codes_the_source_defines() {
    let defined = defined_in_source();
    assert!(defined.len() > 40, "found the codes: {defined:?}");
    let registered: Vec<&str> = CODES.iter().map(|c| c.code).collect();
    let unregistered: Vec<&String> = defined
        .iter()
        .filter(|c| !registered.contains(&c.as_str()))
        .collect();
    assert!(
        unregistered.is_empty(),
        "add these codes to the table in src/codes.rs (and to docs/diagnostics.md): {unregistered:?}"
    );
    let undefined: Vec<&&str> = registered
        .iter()
        .filter(|c| !defined.iter().any(|d| d == **c))
        .collect();
    assert!(
        undefined.is_empty(),
        "src/codes.rs lists codes no diagnostic has: {undefined:?}"
    );
    let mut unique = registered.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), registered.len(), "a code is listed twice");
}

#[test]
fn the_page_prints_the_registry_and_explains_every_code() {
    let page = page();
    let table = page
        .split("<!-- codes:begin -->\n")
        .nth(1)
        .and_then(|rest| rest.split("<!-- codes:end -->").next())
        .expect("docs/diagnostics.md has the codes table between its markers");
    assert_eq!(
        table,
        markdown_table(),
        "the table on docs/diagnostics.md is src/codes.rs's: paste patuh::codes::markdown_table()"
    );
    // Besides the table, each code has its own entry: a heading or a row
    // with a bad example and the fix.
    let body = page.replace(table, "");
    let unexplained: Vec<&str> = CODES
        .iter()
        .map(|c| c.code)
        .filter(|code| !body.contains(&format!("`{code}`")))
        .collect();
    assert!(
        unexplained.is_empty(),
        "docs/diagnostics.md has no entry (example and fix) for {unexplained:?}"
    );
}

#[test]
fn every_registered_code_is_a_stage_of_the_pipeline() {
    for c in CODES {
        assert!(
            [
                "input", "data", "sheet", "syntax", "check", "test", "explain", "fmt", "convert",
                "output", "baseline", "waiver"
            ]
            .contains(&c.stage()),
            "{}",
            c.code
        );
        assert!(
            !c.summary.is_empty() && !c.summary.ends_with('.'),
            "{}",
            c.code
        );
    }
}

#[test]
fn every_code_on_the_page_has_a_snapshot_that_shows_it() {
    let mut snaps = Vec::new();
    files_under(&repo().join("tests/snapshots"), "snap", &mut snaps);
    let texts: Vec<String> = snaps
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("snapshot"))
        .collect();
    let unshown: Vec<String> = codes_in(&page())
        .into_iter()
        .filter(|code| !texts.iter().any(|t| t.contains(code.as_str())))
        .collect();
    assert!(unshown.is_empty(), "no snapshot shows {unshown:?}");
}

// ------------------------------------------------------- data and input

fn render_data_errors(files: Vec<SourceFile>, limits: &Limits) -> String {
    let errors = match load(files, limits) {
        Ok(_) => panic!("the data should not load"),
        Err(e) => e.into_vec(),
    };
    errors
        .iter()
        .map(|e| render_diagnostic(e, DiagnosticStyle::PLAIN))
        .collect::<Vec<_>>()
        .join("\n")
}

fn data_fixture(name: &str, text: &str, limits: Limits) {
    let file = SourceFile::new(format!("data/{name}.yaml"), text);
    let out = render_data_errors(vec![file], &limits);
    assert!(
        out.contains(&format!("patuh::data::{name}")),
        "{name}: {out}"
    );
    insta::assert_snapshot!(format!("data_{name}"), out);
}

#[test]
fn data_sources() {
    // A cited id the register lacks (twice), and figures that cite nothing.
    let text = "province: X
sources:
  antara-2023-11-14: { title: A report, publisher: ANTARA, date: 2023-11-14 }
years:
  2023:
    participants: { bpu: 90000 }
    source: antara-2023
  2024:
    participants: { bpu: 128993 }
    source: antara-2023
regencies:
  - name: Donggala
    years:
      2023: { funds_bpu: false }
      2024: { funds_bpu: false }
";
    let data = load(
        vec![SourceFile::new("data/x.yaml", text)],
        &Limits::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let out = patuh::evidence::check_sources(&data)
        .iter()
        .map(|w| render_diagnostic(w, DiagnosticStyle::PLAIN))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(out.contains("patuh::data::unknown_source"), "{out}");
    assert!(out.contains("patuh::data::unsourced_figure"), "{out}");
    insta::assert_snapshot!("data_sources", out);
}

#[test]
fn data_unsupported_key() {
    data_fixture(
        "unsupported_key",
        "province: X\n? [2023, 2024]\n: both years\n",
        Limits::default(),
    );
}

#[test]
fn data_too_deep() {
    let text = format!("province: X\nyears: {}{}\n", "[".repeat(70), "]".repeat(70));
    data_fixture("too_deep", &text, Limits::default());
}

#[test]
fn data_too_many_aliases() {
    let limits = Limits {
        max_aliases: 2,
        ..Limits::default()
    };
    let text = "base: &b { bpu: 1 }\n2022: *b\n2023: *b\n2024: *b\n";
    data_fixture("too_many_aliases", text, limits);
}

#[test]
fn data_alias_expansion() {
    let limits = Limits {
        max_expanded_nodes: 10,
        ..Limits::default()
    };
    let text = "a: &a [1, 2, 3, 4, 5]\nb: &b [*a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n";
    data_fixture("alias_expansion", text, limits);
}

#[test]
fn data_unknown_alias() {
    data_fixture(
        "unknown_alias",
        "province: X\nyears:\n  2024: *figures\n",
        Limits::default(),
    );
}

#[test]
fn data_recursive_alias() {
    data_fixture(
        "recursive_alias",
        "regencies: &all [{ name: A }, *all]\n",
        Limits::default(),
    );
}

#[test]
fn data_file_too_large() {
    let limits = Limits {
        max_file_bytes: 16,
        ..Limits::default()
    };
    data_fixture("file_too_large", "province: Sulawesi Tengah\n", limits);
}

#[test]
fn data_too_many_nodes() {
    // Four billion nodes do not fit a test: this snapshot shows the
    // diagnostic as the loader builds it (`src/data/load.rs`, MAX_INDEX).
    let e = DataError::TooManyNodes {
        limit: u64::from(u32::MAX),
        file: SourceFile::new("data/national.yaml", "province: X\n"),
    };
    insta::assert_snapshot!(
        "data_too_many_nodes",
        render_diagnostic(&e, DiagnosticStyle::PLAIN)
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diag-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn patuh_stderr(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("patuh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn input_no_rules() {
    let dir = scratch("norules");
    std::fs::write(dir.join("d.yaml"), "province: X\n").expect("write");
    let (code, err) = patuh_stderr(&dir, &["check", "d.yaml", "--color", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("input_no_rules", err);
}

#[cfg(unix)]
#[test]
fn input_unreadable() {
    // A link to a file that is gone: found while walking the folder, not readable.
    let dir = scratch("unreadable");
    std::fs::write(dir.join("d.yaml"), "province: X\n").expect("write");
    std::os::unix::fs::symlink("gone.rules", dir.join("broken.rules")).expect("symlink");
    let (code, err) = patuh_stderr(&dir, &["check", ".", "--color", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("input_unreadable", err);
}

// ------------------------------------------------ rule-authoring commands

#[test]
fn input_not_rules() {
    let dir = scratch("notrules");
    std::fs::write(dir.join("d.yaml"), "province: X\n").expect("write");
    let (code, err) = patuh_stderr(&dir, &["fmt", "d.yaml", "--color", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("input_not_rules", err);
}

#[test]
fn input_not_a_fixture() {
    let dir = scratch("notfixture");
    std::fs::write(dir.join("d.yaml"), "province: X\n").expect("write");
    let (code, err) = patuh_stderr(&dir, &["test", "d.yaml", "--color", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("input_not_a_fixture", err);
}

#[test]
fn fmt_refusals() {
    // These guard against bugs in `patuh fmt` and failing disks: no input
    // makes them happen, so the snapshot shows them as they are built.
    let src = SourceFile::new("rules/x.rules", "# a comment\nrule r \"r\" { require x }\n");
    let errors: Vec<Box<dyn miette::Diagnostic>> = vec![
        Box::new(patuh::fmt::FmtError::ChangedMeaning {
            file: "rules/x.rules".into(),
        }),
        Box::new(patuh::fmt::FmtError::LostComment {
            file: "rules/x.rules".into(),
            src,
            at: (0, 11).into(),
        }),
        Box::new(patuh::cli::fmt::WriteError {
            path: "rules/x.rules".into(),
            reason: "Read-only file system (os error 30)".into(),
        }),
    ];
    let out: Vec<String> = errors
        .iter()
        .map(|e| render_diagnostic(e.as_ref(), DiagnosticStyle::PLAIN))
        .collect();
    insta::assert_snapshot!("fmt_refusals", out.join("\n"));
}

// --------------------------------------------- reports, waivers, baselines

/// A scratch folder with a rule file and a data file, for report options.
fn reports_scratch(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("r.rules"), "rule r \"r\" { require x > 0 }\n").expect("write");
    std::fs::write(dir.join("d.yaml"), "province: X\nx: 0\n").expect("write");
    for (path, text) in extra {
        std::fs::write(dir.join(path), text).expect("write");
    }
    dir
}

#[test]
fn waiver_shape() {
    let dir = reports_scratch("waivershape", &[("waivers.yaml", "- rule: r\n")]);
    let (code, err) = patuh_stderr(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--waivers",
            "waivers.yaml",
            "--color",
            "never",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("waiver_shape", err);
}

#[test]
fn baseline_version() {
    let dir = reports_scratch(
        "baselineversion",
        &[(
            "old.json",
            "{\"version\": 99, \"summary\": {}, \"findings\": []}\n",
        )],
    );
    let (code, err) = patuh_stderr(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--baseline",
            "old.json",
            "--color",
            "never",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("baseline_version", err);
}

#[test]
fn output_duplicate_and_write() {
    let dir = reports_scratch("outputs", &[]);
    let (code, dup) = patuh_stderr(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--output",
            "json=out.txt",
            "--output",
            "sarif=out.txt",
            "--color",
            "never",
        ],
    );
    assert_eq!(code, 2);
    let (code, write) = patuh_stderr(
        &dir,
        &[
            "check",
            "r.rules",
            "d.yaml",
            "--output",
            "json=no/such/folder/out.json",
            "--color",
            "never",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    insta::assert_snapshot!("output_duplicate", dup);
    insta::assert_snapshot!("output_write", write);
}
