//! Finding and reading the files named on the command line.
//!
//! A path may be a rule file (`*.rules`), a data file (`*.yaml`, `*.yml`,
//! `*.csv`, or an XLSX workbook, `*.xlsx`) or a folder, walked recursively. Files are sorted by name so that every run
//! reads them in the same order, and named as given (relative to where patuh
//! runs, `/`-separated) so reports are the same on every machine.
//!
//! Rule tests (`*.test.yaml`, `*.test.yml`, `*.test.csv`, see [`crate::ruletest`]) live
//! next to the rules: walking a folder for `patuh check` skips them, so
//! `patuh check rules data` never reads a fixture as data; `patuh test`
//! walks for them instead. A fixture named explicitly on the command line
//! of `patuh check` is read as data.

mod read;
pub use read::read_file;

use crate::data::Workbook;

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
    /// Data files (YAML and CSV), sorted by name.
    pub data: Vec<SourceFile>,
    /// XLSX workbooks, sorted by name.
    pub workbooks: Vec<Workbook>,
    /// FIFOs, sockets and devices met while walking folders, not read.
    pub skipped: Vec<Skipped>,
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
        help("rule files end in `.rules`, data files in `.yaml`, `.yml`, `.csv` or `.xlsx`")
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
    /// A file, pipe or device with more than the limit to read.
    #[error("`{path}` is larger than {limit_mib} MiB")]
    #[diagnostic(
        code(patuh::input::too_large),
        help(
            "patuh reads files of up to {limit_mib} MiB: keep one province per data file, and name a device or a pipe only if it ends"
        )
    )]
    TooLarge {
        /// As given.
        path: String,
        /// The limit, in MiB.
        limit_mib: usize,
    },
    /// `patuh test` with no `.test.yaml` file among the paths: a test run
    /// that tested nothing is not a pass.
    #[error("no rule tests among the paths given")]
    #[diagnostic(
        code(patuh::input::no_tests),
        help(
            "rule tests are YAML files ending in `.test.yaml` next to the rules (e.g. `rules/tests/`); name a folder that holds them"
        )
    )]
    NoTests,
    /// No data file among the paths.
    #[error("no data files among the paths given")]
    #[diagnostic(
        code(patuh::input::no_data),
        help(
            "name a `.yaml`, `.csv` or `.xlsx` file or a folder that holds one, e.g. `patuh check rules data`"
        )
    )]
    NoData,
}

/// A file met while walking a folder that is not a regular file, skipped:
/// reading it could wait for ever (a FIFO) or never end (a device).
#[derive(Debug, Error, Diagnostic)]
#[error("skipped `{path}`: {what}, not a regular file")]
#[diagnostic(
    code(patuh::input::skipped),
    severity(Warning),
    help("name it on the command line to read it anyway, or move it out of the folder")
)]
pub struct Skipped {
    /// As found.
    pub path: String,
    /// What it is.
    pub what: Special,
}

/// Why the inputs could not be used: every problem, and the special files
/// skipped on the way, which may be why a kind of file is missing (a data
/// folder holding only a FIFO has no data file).
#[derive(Debug, Default)]
pub struct Unread {
    /// The problems, in path order.
    pub errors: Vec<InputError>,
    /// FIFOs, sockets and devices met while walking folders, not read.
    pub skipped: Vec<Skipped>,
}

/// What a file that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A character or block device.
    Device,
}

impl std::fmt::Display for Special {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Special::Fifo => "a named pipe (FIFO)",
            Special::Socket => "a socket",
            Special::Device => "a device",
        })
    }
}

impl Special {
    fn of(t: std::fs::FileType) -> Option<Special> {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            Some(Special::Fifo)
        } else if t.is_socket() {
            Some(Special::Socket)
        } else if t.is_char_device() || t.is_block_device() {
            Some(Special::Device)
        } else {
            None
        }
    }
}

/// The most patuh reads of one file, pipe or device: the data loader's
/// limit, so a file it would refuse is never read whole.
pub fn max_input_bytes() -> usize {
    crate::data::Limits::default().max_file_bytes
}

/// What a file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `*.rules`.
    Rules,
    /// `*.yaml`, `*.yml`, `*.csv`.
    Data,
    /// `*.xlsx`: a workbook, read as bytes.
    Workbook,
    /// `*.test.yaml`, `*.test.yml`, `*.test.csv`: a rule test.
    Fixture,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if [".test.yaml", ".test.yml", ".test.csv"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        return Some(Kind::Fixture);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("rules") => Some(Kind::Rules),
        Some("yaml" | "yml" | "csv") => Some(Kind::Data),
        Some("xlsx") => Some(Kind::Workbook),
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
pub fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, Unread> {
    let inputs = read_files(paths)?;
    let mut errors = Vec::new();
    if inputs.rules.is_empty() {
        errors.push(InputError::NoRules);
    }
    if inputs.data.is_empty() && inputs.workbooks.is_empty() {
        errors.push(InputError::NoData);
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(Unread {
            errors,
            skipped: inputs.skipped,
        })
    }
}

/// Reads every rule and data file under `paths`, whichever there are.
/// Every problem is reported, not only the first.
pub fn read_files(paths: &[PathBuf]) -> Result<Inputs, Unread> {
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules, Kind::Data, Kind::Workbook],
        &mut errors,
        &mut skipped,
        |path, kind| match kind {
            Some(Kind::Fixture) => Ok(Kind::Data),
            Some(k) => Ok(k),
            None => Err(InputError::UnknownKind { path }),
        },
    );
    let mut inputs = Inputs {
        skipped,
        ..Inputs::default()
    };
    for (_, kind, file) in read_all(found, &mut errors) {
        match (kind, file) {
            (Kind::Rules, Read::Text(file)) => inputs.rules.push(file),
            (_, Read::Text(file)) => inputs.data.push(file),
            (_, Read::Book(book)) => inputs.workbooks.push(book),
        }
    }
    if !errors.is_empty() {
        return Err(Unread {
            errors,
            skipped: inputs.skipped,
        });
    }
    for list in [&mut inputs.rules, &mut inputs.data] {
        list.sort_by(|a, b| a.name().cmp(b.name()));
        list.dedup_by(|a, b| a.name() == b.name());
    }
    inputs.workbooks.sort_by(|a, b| a.name.cmp(&b.name));
    inputs.workbooks.dedup_by(|a, b| a.name == b.name);
    Ok(inputs)
}

/// What `patuh test` reads: rule files and rule tests.
#[derive(Debug, Default)]
pub struct TestInputs {
    /// Rule files, sorted by name.
    pub rules: Vec<SourceFile>,
    /// Rule tests (`*.test.yaml`), sorted by name.
    pub fixtures: Vec<SourceFile>,
    /// FIFOs, sockets and devices met while walking folders, not read.
    pub skipped: Vec<Skipped>,
}

/// Reads every rule file and rule test under `paths` (folders are walked
/// for `.rules` and `.test.yaml` files; other YAML there is data and left
/// alone).
pub fn read_test_inputs(paths: &[PathBuf]) -> Result<TestInputs, Unread> {
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules, Kind::Fixture],
        &mut errors,
        &mut skipped,
        |path, kind| match kind {
            Some(Kind::Data | Kind::Workbook) => Err(InputError::NotAFixture { path }),
            Some(k) => Ok(k),
            None => Err(InputError::UnknownKind { path }),
        },
    );
    let mut inputs = TestInputs {
        skipped,
        ..TestInputs::default()
    };
    for (_, kind, file) in read_all(found, &mut errors) {
        match (kind, file) {
            (Kind::Rules, Read::Text(file)) => inputs.rules.push(file),
            (_, Read::Text(file)) => inputs.fixtures.push(file),
            (_, Read::Book(_)) => {}
        }
    }
    if errors.is_empty() && inputs.rules.is_empty() {
        errors.push(InputError::NoRules);
    }
    if errors.is_empty() && inputs.fixtures.is_empty() {
        errors.push(InputError::NoTests);
    }
    if !errors.is_empty() {
        return Err(Unread {
            errors,
            skipped: inputs.skipped,
        });
    }
    for list in [&mut inputs.rules, &mut inputs.fixtures] {
        list.sort_by(|a, b| a.name().cmp(b.name()));
        list.dedup_by(|a, b| a.name() == b.name());
    }
    Ok(inputs)
}

/// Reads every rule file under `paths`, with the path to write it back to,
/// and the special files skipped on the way.
pub fn read_rule_files(paths: &[PathBuf]) -> Result<RuleFiles, Unread> {
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let found = find(
        paths,
        &[Kind::Rules],
        &mut errors,
        &mut skipped,
        |path, kind| match kind {
            Some(Kind::Rules) => Ok(Kind::Rules),
            _ => Err(InputError::NotRules { path }),
        },
    );
    let mut files: Vec<(PathBuf, SourceFile)> = read_all(found, &mut errors)
        .into_iter()
        .filter_map(|(path, _, file)| match file {
            Read::Text(file) => Some((path, file)),
            Read::Book(_) => None,
        })
        .collect();
    if errors.is_empty() && files.is_empty() {
        errors.push(InputError::NoRules);
    }
    if !errors.is_empty() {
        return Err(Unread { errors, skipped });
    }
    files.sort_by(|a, b| a.1.name().cmp(b.1.name()));
    files.dedup_by(|a, b| a.1.name() == b.1.name());
    Ok((files, skipped))
}

/// Rule files with the paths to write them back to, and the special files
/// skipped while walking.
pub type RuleFiles = (Vec<(PathBuf, SourceFile)>, Vec<Skipped>);

/// The files that `paths` name: folders are walked for the `walked` kinds;
/// a file named explicitly is kept as `explicit` decides from its kind.
fn find(
    paths: &[PathBuf],
    walked: &[Kind],
    errors: &mut Vec<InputError>,
    skipped: &mut Vec<Skipped>,
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
            Ok(m) if m.is_dir() => walk(p, walked, &mut found, errors, skipped),
            // A waiver register is read by `crate::waivers`, never as data.
            Ok(_) if crate::waivers::is_register(p) => {}
            // A pipe or device named without a known extension
            // (`<(cat data.yaml)` is `/dev/fd/63`) is read as data.
            Ok(m) if kind_of(p).is_none() && Special::of(m.file_type()).is_some() => {
                match explicit(display(p), Some(Kind::Data)) {
                    Ok(k) => found.push((p.clone(), k)),
                    Err(e) => errors.push(e),
                }
            }
            Ok(_) => match explicit(display(p), kind_of(p)) {
                Ok(k) => found.push((p.clone(), k)),
                Err(e) => errors.push(e),
            },
        }
    }
    // Folders are read in no particular order: warnings come sorted.
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    found
}

/// A file read: text, or a workbook's bytes.
enum Read {
    Text(SourceFile),
    Book(Workbook),
}

/// Reads the files found, as UTF-8 text (a workbook as bytes): read,
/// checked and indexed by line in parallel, kept in the order found.
fn read_all(
    found: Vec<(PathBuf, Kind)>,
    errors: &mut Vec<InputError>,
) -> Vec<(PathBuf, Kind, Read)> {
    let read: Vec<Result<Read, InputError>> = found
        .par_iter()
        // Found by walking or named and seen to exist: failing to read it
        // now (a link to nothing) is unreadable, not "does not exist".
        .map(|(path, kind)| match kind {
            Kind::Workbook => read::read_workbook(path).map(Read::Book),
            _ => read::read_text(path, false).map(Read::Text),
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

/// Collects the files of the `wanted` kinds below `dir`; other files are skipped.
fn walk(
    dir: &Path,
    wanted: &[Kind],
    found: &mut Vec<(PathBuf, Kind)>,
    errors: &mut Vec<InputError>,
    skipped: &mut Vec<Skipped>,
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
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(InputError::Unreadable {
                    path: display(dir),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name();
        // Hidden files and folders (`.git`, editor swap files) are never
        // inputs, and a waiver register is not data.
        if name.to_string_lossy().starts_with('.') || crate::waivers::is_register(&path) {
            continue;
        }
        let t = match entry.file_type() {
            Ok(t) => t,
            Err(e) => {
                errors.push(InputError::Unreadable {
                    path: display(&path),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if t.is_dir() {
            walk(&path, wanted, found, errors, skipped);
            continue;
        }
        let Some(kind) = kind_of(&path).filter(|k| wanted.contains(k)) else {
            continue;
        };
        // What the entry is, through a symbolic link: a link to nothing or a
        // loop is an input that cannot be read, never silently left out.
        let target = if t.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) => m.file_type(),
                Err(e) => {
                    errors.push(InputError::Unreadable {
                        path: display(&path),
                        reason: e.to_string(),
                    });
                    continue;
                }
            }
        } else {
            t
        };
        // A FIFO would wait for a writer, a device may never end.
        match Special::of(target) {
            Some(what) => skipped.push(Skipped {
                path: display(&path),
                what,
            }),
            None if target.is_dir() => {}
            None => found.push((path, kind)),
        }
    }
}
