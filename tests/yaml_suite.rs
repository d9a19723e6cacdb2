//! The official YAML test suite (`tests/yaml-test-suite/`, MIT: see `SOURCE`
//! and `LICENSE` there), every one of its 402 cases, through the real loader
//! and through the `patuh` binary: no panic, no hang, every case the suite
//! marks as an error rejected with a position, every other case either a
//! data document or a data error with a position (a top-level list or
//! scalar is not a data document).

mod common;

use patuh::data::{Limits, View, load};
use patuh::source::SourceFile;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// One case of the suite.
struct Case {
    id: String,
    /// The suite says a YAML 1.2 parser must reject it.
    error: bool,
    text: String,
}

fn suite() -> PathBuf {
    common::repo().join("tests/yaml-test-suite")
}

fn cases() -> Vec<Case> {
    let index = std::fs::read_to_string(suite().join("index.tsv")).expect("index.tsv");
    let cases: Vec<Case> = index
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next().expect("an id").to_owned();
            let error = match fields.next() {
                Some("yes") => true,
                Some("no") => false,
                other => panic!("{id}: error column {other:?}"),
            };
            let text = std::fs::read_to_string(suite().join(format!("{id}.yaml")))
                .unwrap_or_else(|e| panic!("{id}.yaml: {e}"));
            Case { id, error, text }
        })
        .collect();
    assert_eq!(cases.len(), 402, "the suite has 402 cases");
    assert_eq!(cases.iter().filter(|c| c.error).count(), 94);
    cases
}

#[test]
fn every_case_loads_as_data_or_is_rejected_with_a_position() {
    let (mut loaded, mut rejected) = (0, 0);
    let mut wrong = Vec::new();
    for case in cases() {
        let file = SourceFile::new(format!("{}.yaml", case.id), case.text.as_str());
        let result = std::panic::catch_unwind(|| load(vec![file], &Limits::default()));
        match result {
            Err(_) => wrong.push(format!("{}: panicked", case.id)),
            Ok(Ok(_)) if case.error => wrong.push(format!("{}: an error case loaded", case.id)),
            Ok(Ok(data)) => {
                loaded += 1;
                if data.docs().is_empty() {
                    wrong.push(format!("{}: loaded without a document", case.id));
                }
                for &doc in data.docs() {
                    if !matches!(data.view(doc), View::Map(_)) {
                        wrong.push(format!("{}: a document that is no mapping", case.id));
                    }
                }
            }
            Ok(Err(errors)) => {
                rejected += 1;
                for e in errors.iter() {
                    // a position inside the file (the end of it included)
                    let (line, col) = e.line_col();
                    let lines = case.text.lines().count().max(1) + 1;
                    if line == 0 || col == 0 || line > lines || e.offset() > case.text.len() {
                        wrong.push(format!("{}: position {line}:{col} of {e}", case.id));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Most cases of the suite are not data documents; many are.
    assert!(
        loaded > 100 && rejected > 150,
        "{loaded} loaded, {rejected} rejected"
    );
}

/// How one run of the binary ended.
enum Ended {
    Exited { code: Option<i32>, output: String },
    TimedOut,
}

/// Runs `patuh check --color never RULES FILE` in `dir`, killed after `limit`.
fn run(dir: &Path, file: &str, limit: Duration) -> Ended {
    let child = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(["check", "--color", "never", "any.rules", file])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("patuh starts");
    let id = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => {
            let out = out.expect("patuh ran");
            Ended::Exited {
                code: out.status.code(),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            }
        }
        Err(_) => {
            // The process we started, by its id; the waiting thread then ends.
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            Ended::TimedOut
        }
    }
}

/// Whether `output` points at `file` with a line and a column (`file:3:7`).
fn has_position(output: &str, file: &str) -> bool {
    output.match_indices(&format!("{file}:")).any(|(i, m)| {
        let rest = &output[i + m.len()..];
        let line = rest.bytes().take_while(u8::is_ascii_digit).count();
        line > 0
            && rest[line..].starts_with(':')
            && rest[line + 1..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit())
    })
}

/// A rule that reads nothing and one that walks each document's regencies.
const RULES: &str = r#"field regencies: list
field name: text

rule any_document "Every document is read" {
  require 1 == 1
}

rule named "Every regency has a name" {
  for each r in regencies
  require r.name exists
}
"#;

#[test]
fn every_case_through_the_binary_ends_with_a_verdict_or_a_positioned_error() {
    let cases = cases();
    let dir = common::scratch("yaml-suite", &[("any.rules", RULES)]);
    for case in &cases {
        common::write(&dir, &format!("{}.yaml", case.id), &case.text);
    }
    let limit = Duration::from_secs(20);
    let workers = 4;
    let results: Vec<(usize, Ended)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (cases, dir) = (&cases, &dir);
                s.spawn(move || {
                    (w..cases.len())
                        .step_by(workers)
                        .map(|i| (i, run(dir, &format!("{}.yaml", cases[i].id), limit)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker"))
            .collect()
    });
    assert_eq!(results.len(), cases.len());
    let mut wrong = Vec::new();
    for (i, ended) in results {
        let case = &cases[i];
        let file = format!("{}.yaml", case.id);
        match ended {
            Ended::TimedOut => wrong.push(format!("{file}: no answer within {limit:?}")),
            Ended::Exited { code, output } => {
                let positioned = has_position(&output, &file);
                let ok = match code {
                    Some(2) => positioned,
                    Some(0 | 1) => !case.error,
                    _ => false,
                };
                if !ok || output.contains("internal error") || output.contains("panicked") {
                    wrong.push(format!(
                        "{file} (error case: {}): exit {code:?}\n{output}",
                        case.error
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
