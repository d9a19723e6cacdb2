//! Finding and reading the files named on the command line.
//!
//! A path may be a rule file (`*.rules`), a data file (`*.yaml`, `*.yml`) or
//! a folder, walked recursively. Files are sorted by name so that every run
//! reads them in the same order, and named as given (relative to where patuh
//! runs, `/`-separated) so reports are the same on every machine.

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
    /// No data file among the paths.
    #[error("no data files among the paths given")]
    #[diagnostic(
        code(patuh::input::no_data),
        help("name a `.yaml` file or a folder that holds one, e.g. `patuh check rules data`")
    )]
    NoData,
}

enum Kind {
    Rules,
    Data,
}

fn kind_of(path: &Path) -> Option<Kind> {
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

/// Reads every rule and data file under `paths`. Every problem is reported,
/// not only the first.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, Vec<InputError>> {
    let mut errors = Vec::new();
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
            Ok(m) if m.is_dir() => walk(p, &mut found, &mut errors),
            Ok(_) => match kind_of(p) {
                Some(k) => found.push((p.clone(), k)),
                None => errors.push(InputError::UnknownKind { path: display(p) }),
            },
        }
    }
    let mut inputs = Inputs::default();
    // Read, checked as UTF-8 and indexed by line in parallel; kept in order.
    let read: Vec<Result<SourceFile, InputError>> = found
        .par_iter()
        .map(|(path, _)| match std::fs::read(path) {
            Err(e) => Err(InputError::Unreadable {
                path: display(path),
                reason: e.to_string(),
            }),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => Err(not_utf8(display(path), e)),
                Ok(text) => Ok(SourceFile::new(display(path), text)),
            },
        })
        .collect();
    for ((_, kind), file) in found.iter().zip(read) {
        match (file, kind) {
            (Err(e), _) => errors.push(e),
            (Ok(file), Kind::Rules) => inputs.rules.push(file),
            (Ok(file), Kind::Data) => inputs.data.push(file),
        }
    }
    if errors.is_empty() {
        if inputs.rules.is_empty() {
            errors.push(InputError::NoRules);
        }
        if inputs.data.is_empty() {
            errors.push(InputError::NoData);
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

/// Collects rule and data files below `dir`; other files are skipped.
fn walk(dir: &Path, found: &mut Vec<(PathBuf, Kind)>, errors: &mut Vec<InputError>) {
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
        // Hidden files and folders (`.git`, editor swap files) are never inputs.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, found, errors),
            Ok(_) => {
                if let Some(k) = kind_of(&path) {
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
