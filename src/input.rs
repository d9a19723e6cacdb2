//! Finding and reading the files named on the command line.
//!
//! A path may be a rule file (`*.rules`), a data file (`*.yaml`, `*.yml`) or
//! a folder, walked recursively. Files are sorted by name so that every run
//! reads them in the same order, and named as given (relative to where patuh
//! runs, `/`-separated) so reports are the same on every machine.
//!
//! Rule tests (`*.test.yaml`, `*.test.yml`, see [`crate::ruletest`]) live
//! next to the rules: walking a folder for `patuh check` skips them, so
//! `patuh check rules data` never reads a fixture as data; `patuh test`
//! walks for them instead. A fixture named explicitly on the command line
//! of `patuh check` is read as data.

use crate::source::SourceFile;
use miette::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What the command line named, read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Rule files, sorted by name.
    pub rules: Vec<SourceFile>,
    /// Data files, sorted by name.
    pub data: Vec<SourceFile>,
}

/// A file or folder that could not be read.
#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    /// `patuh check rules/ missing.yaml`
    #[error("`{path}` does not exist")]
    #[diagnostic(
        code(patuh::input::not_found),
        help("check the path; folders are read recursively")
    )]
    NotFound {
        /// As given.
        path: String,
    },
    /// A file that cannot be read (permissions, a device, ...).
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(patuh::input::unreadable))]
    Unreadable {
        /// As given.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A file that is not UTF-8 text (shown with the bad byte replaced by `�`).
    #[error("`{path}` is not UTF-8 text (line {line}, column {column})")]
    #[diagnostic(code(patuh::input::not_utf8), help("save the file as UTF-8"))]
    NotUtf8 {
        /// As given.
        path: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column of the first invalid byte.
        column: usize,
        /// The text, invalid bytes replaced.
        #[source_code]
        text: SourceFile,
        /// Where the first invalid byte is.
        #[label("not UTF-8")]
        at: miette::SourceSpan,
    },
    /// `patuh check notes.txt`
    #[error("`{path}` is neither a rule file nor a data file")]
    #[diagnostic(
        code(patuh::input::unknown_kind),
        help("rule files end in `.rules`, data files in `.yaml` or `.yml`")
    )]
    UnknownKind {
        /// As given.
        path: String,
    },
    /// No `.rules` file among the paths.
    #[error("no rule files among the paths given")]
    #[diagnostic(
        code(patuh::input::no_rules),
        help("name a `.rules` file or a folder that holds one, e.g. `patuh check rules data`")
    )]
    NoRules,
    /// A file that `patuh fmt` cannot format, e.g. `patuh fmt data/x.yaml`.
    #[error("`{path}` is not a rule file")]
    #[diagnostic(
        code(patuh::input::not_rules),
        help("rule files end in `.rules`; name them or a folder that holds them")
    )]
    NotRules {
        /// As given.
        path: String,
    },
    /// A data file given to `patuh test`, e.g. `patuh test data/x.yaml`.
    #[error("`{path}` is not a rule test")]
    #[diagnostic(
        code(patuh::input::not_a_fixture),
        help(
            "rule tests are YAML files ending in `.test.yaml`; data is checked with `patuh check`"
        )
    )]
    NotAFixture {
        /// As given.
        path: String,
    },
    /// No data file among the paths.
    #[error("no data files among the paths given")]
    #[diagnostic(
        code(patuh::input::no_data),
        help("name a `.yaml` file or a folder that holds one, e.g. `patuh check rules data`")
    )]
    NoData,
}

/// What a file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `*.rules`.
    Rules,
    /// `*.yaml`, `*.yml`.
    Data,
    /// `*.test.yaml`, `*.test.yml`: a rule test.
    Fixture,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".test.yaml") || name.ends_with(".test.yml") {
        return Some(Kind::Fixture);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("rules") => Some(Kind::Rules),
        Some("yaml" | "yml") => Some(Kind::Data),
        _ => None,
    }
}

/// Display name of a path: as given, with `/` separators, no leading `./`.
fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}

/// Reads every rule and data file under `paths`, and requires at least one
/// of each. Every problem is reported, not only the first.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, Vec<InputError>> {
    let inputs = read_files(paths)?;
    let mut errors = Vec::new();
    if inputs.rules.is_empty() {
        errors.push(InputError::NoRules);
    }
    if inputs.data.is_empty() {
        errors.push(InputError::NoData);
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(errors)
    }
}

/// Reads every rule and data file under `paths`, whichever there are.
/// Every problem is reported, not only the first.
pub fn read_files(paths: &[PathBuf]) -> Result<Inputs, Vec<InputError>> {
    let mut errors = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules, Kind::Data],
        &mut errors,
        |path, kind| match kind {
            Some(Kind::Fixture) => Ok(Kind::Data),
            Some(k) => Ok(k),
            None => Err(InputError::UnknownKind { path }),
        },
    );
    let mut inputs = Inputs::default();
    for (_, kind, file) in read_all(found, &mut errors) {
        match kind {
            Kind::Rules => inputs.rules.push(file),
            _ => inputs.data.push(file),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for list in [&mut inputs.rules, &mut inputs.data] {
        list.sort_by(|a, b| a.name().cmp(b.name()));
        list.dedup_by(|a, b| a.name() == b.name());
    }
    Ok(inputs)
}

/// What `patuh test` reads: rule files and rule tests.
#[derive(Debug, Default)]
pub struct TestInputs {
    /// Rule files, sorted by name.
    pub rules: Vec<SourceFile>,
    /// Rule tests (`*.test.yaml`), sorted by name.
    pub fixtures: Vec<SourceFile>,
}

/// Reads every rule file and rule test under `paths` (folders are walked
/// for `.rules` and `.test.yaml` files; other YAML there is data and left
/// alone).
pub fn read_test_inputs(paths: &[PathBuf]) -> Result<TestInputs, Vec<InputError>> {
    let mut errors = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules, Kind::Fixture],
        &mut errors,
        |path, kind| match kind {
            Some(Kind::Data) => Err(InputError::NotAFixture { path }),
            Some(k) => Ok(k),
            None => Err(InputError::UnknownKind { path }),
        },
    );
    let mut inputs = TestInputs::default();
    for (_, kind, file) in read_all(found, &mut errors) {
        match kind {
            Kind::Rules => inputs.rules.push(file),
            _ => inputs.fixtures.push(file),
        }
    }
    if errors.is_empty() && inputs.rules.is_empty() {
        errors.push(InputError::NoRules);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for list in [&mut inputs.rules, &mut inputs.fixtures] {
        list.sort_by(|a, b| a.name().cmp(b.name()));
        list.dedup_by(|a, b| a.name() == b.name());
    }
    Ok(inputs)
}

/// Reads every rule file under `paths`, with the path to write it back to.
pub fn read_rule_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, SourceFile)>, Vec<InputError>> {
    let mut errors = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules],
        &mut errors,
        |path, kind| match kind {
            Some(Kind::Rules) => Ok(Kind::Rules),
            _ => Err(InputError::NotRules { path }),
        },
    );
    let mut files: Vec<(PathBuf, SourceFile)> = read_all(found, &mut errors)
        .into_iter()
        .map(|(path, _, file)| (path, file))
        .collect();
    if errors.is_empty() && files.is_empty() {
        errors.push(InputError::NoRules);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.sort_by(|a, b| a.1.name().cmp(b.1.name()));
    files.dedup_by(|a, b| a.1.name() == b.1.name());
    Ok(files)
}

/// The files that `paths` name: folders are walked for the `walked` kinds;
/// a file named explicitly is kept as `explicit` decides from its kind.
fn find(
    paths: &[PathBuf],
    walked: &[Kind],
    errors: &mut Vec<InputError>,
    explicit: impl Fn(String, Option<Kind>) -> Result<Kind, InputError>,
) -> Vec<(PathBuf, Kind)> {
    let mut found: Vec<(PathBuf, Kind)> = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(InputError::NotFound { path: display(p) })
            }
            Err(e) => errors.push(InputError::Unreadable {
                path: display(p),
                reason: e.to_string(),
            }),
            Ok(m) if m.is_dir() => walk(p, walked, &mut found, errors),
            // A waiver register is read by `crate::waivers`, never as data.
            Ok(_) if crate::waivers::is_register(p) => {}
            Ok(_) => match explicit(display(p), kind_of(p)) {
                Ok(k) => found.push((p.clone(), k)),
                Err(e) => errors.push(e),
            },
        }
    }
    found
}

/// Reads the files found, as UTF-8 text: read, checked and indexed by line
/// in parallel, kept in the order found.
fn read_all(
    found: Vec<(PathBuf, Kind)>,
    errors: &mut Vec<InputError>,
) -> Vec<(PathBuf, Kind, SourceFile)> {
    let read: Vec<Result<SourceFile, InputError>> = found
        .par_iter()
        .map(|(path, _)| {
            // Found by walking or named and seen to exist: failing to read it
            // now (a link to nothing) is unreadable, not "does not exist".
            match std::fs::read(path) {
                Err(e) => Err(InputError::Unreadable {
                    path: display(path),
                    reason: e.to_string(),
                }),
                Ok(bytes) => decode(path, bytes),
            }
        })
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for ((path, kind), file) in found.into_iter().zip(read) {
        match file {
            Err(e) => errors.push(e),
            Ok(file) => out.push((path, kind, file)),
        }
    }
    out
}

fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    match String::from_utf8(bytes) {
        Err(e) => Err(not_utf8(display(path), e)),
        Ok(text) => Ok(SourceFile::new(display(path), text)),
    }
}

/// Reads one UTF-8 text file (a waiver register, a baseline), named as given.
pub fn read_file(path: &Path) -> Result<SourceFile, InputError> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(InputError::NotFound {
            path: display(path),
        }),
        Err(e) => Err(InputError::Unreadable {
            path: display(path),
            reason: e.to_string(),
        }),
        Ok(bytes) => decode(path, bytes),
    }
}

fn not_utf8(path: String, e: std::string::FromUtf8Error) -> InputError {
    let valid = e.utf8_error().valid_up_to();
    let text = SourceFile::new(
        path.clone(),
        String::from_utf8_lossy(e.as_bytes()).into_owned(),
    );
    // Up to the first bad byte the lossy text is the original, byte for byte.
    let (line, column) = text.line_col(valid);
    InputError::NotUtf8 {
        path,
        line,
        column,
        text,
        at: (valid, '\u{FFFD}'.len_utf8()).into(),
    }
}

/// Collects the files of the `wanted` kinds below `dir`; other files are skipped.
fn walk(
    dir: &Path,
    wanted: &[Kind],
    found: &mut Vec<(PathBuf, Kind)>,
    errors: &mut Vec<InputError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError::Unreadable {
                path: display(dir),
                reason: e.to_string(),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // Hidden files and folders (`.git`, editor swap files) are never
        // inputs, and a waiver register is not data.
        if name.to_string_lossy().starts_with('.') || crate::waivers::is_register(&path) {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, wanted, found, errors),
            Ok(_) => {
                if let Some(k) = kind_of(&path).filter(|k| wanted.contains(k)) {
                    found.push((path, k));
                }
            }
            Err(e) => errors.push(InputError::Unreadable {
                path: display(&path),
                reason: e.to_string(),
            }),
        }
    }
}
