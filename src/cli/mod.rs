//! The commands behind the `patuh` binary. Each command reads its files,
//! calls the library and picks an exit code; `main.rs` only dispatches.

pub mod check;
pub mod convert;
pub mod explain;
pub mod fmt;
pub mod lint;
pub mod progress;
pub mod rules;
pub mod test;

use crate::Problem;
use crate::report::{DiagnosticStyle, render_diagnostic};
use clap::ValueEnum;
use std::process::{ExitCode, Termination};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing failed.
    Passed,
    /// Something failed: an error-level finding, a failing rule test, an
    /// unformatted file.
    Failed,
    /// The input could not be read, parsed or loaded.
    BadInput,
}

impl Termination for Exit {
    fn report(self) -> ExitCode {
        ExitCode::from(match self {
            Exit::Passed => 0,
            Exit::Failed => 1,
            Exit::BadInput => 2,
        })
    }
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Color {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The diagnostic style for a stream.
pub fn style(color: Color, stream_is_tty: bool) -> DiagnosticStyle {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stream_is_tty && !no_color,
    };
    // A fixed width off a terminal keeps CI logs identical from run to run.
    let width = if stream_is_tty {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    DiagnosticStyle { color, width }
}

/// The terminal's width: `COLUMNS` when set to a number, else what the
/// terminal on standard output (or error) says.
fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    columns
        .or_else(|| {
            [
                rustix::termios::tcgetwinsize(std::io::stdout()),
                rustix::termios::tcgetwinsize(std::io::stderr()),
            ]
            .into_iter()
            .find_map(|w| w.ok().map(|w| usize::from(w.ws_col)))
        })
        .filter(|w: &usize| *w > 0)
        // Narrower than 40 columns, miette's boxes cannot hold a snippet.
        .map(|w| w.clamp(40, 1000))
}

/// Prints input problems to stderr and returns exit code 2.
pub fn bad_input(problems: &[Problem], style: DiagnosticStyle) -> Exit {
    let mut text = String::new();
    for p in problems {
        text.push_str(&render_diagnostic(p.as_ref(), style));
        text.push('\n');
    }
    let n = problems.len();
    let s = if n == 1 { "" } else { "s" };
    text.push_str(&format!(
        "patuh: {n} input problem{s}; nothing was checked\n"
    ));
    eprint(&text);
    Exit::BadInput
}

/// The rule files among `paths`, parsed (data files are skipped, with a
/// warning for what cannot be read); exit 2 after the problems when there
/// is no rule file or one does not parse.
pub fn read_rules(
    paths: &[std::path::PathBuf],
    err_style: DiagnosticStyle,
) -> Result<Vec<crate::ast::RuleFile>, Exit> {
    let inputs = match crate::input::read_files(paths) {
        Ok(i) if i.rules.is_empty() => Err(crate::input::Unread {
            errors: vec![crate::input::InputError::NoRules],
            skipped: i.skipped,
        }),
        other => other,
    };
    let inputs = match inputs {
        Ok(i) => {
            warn_skipped(&i.skipped, err_style);
            i
        }
        Err(unread) => return Err(unread_input(unread, err_style)),
    };
    crate::parse(&inputs.rules).map_err(|problems| bad_input(&problems, err_style))
}

/// The rules and data under `paths`, read and loaded (special files
/// skipped with a warning); exit 2 after the problems when they cannot be.
pub fn read_and_load(
    paths: &[std::path::PathBuf],
    err_style: DiagnosticStyle,
) -> Result<crate::Loaded, Exit> {
    let inputs = match crate::input::read_inputs(paths) {
        Ok(i) => {
            warn_skipped(&i.skipped, err_style);
            i
        }
        Err(unread) => return Err(unread_input(unread, err_style)),
    };
    crate::load(inputs).map_err(|problems| bad_input(&problems, err_style))
}

/// Inputs that could not be used: the special files skipped on the way
/// (they may be why a kind of file is missing), then the problems; exit 2.
pub fn unread_input(unread: crate::input::Unread, style: DiagnosticStyle) -> Exit {
    warn_skipped(&unread.skipped, style);
    let problems: Vec<Problem> = (unread.errors.into_iter())
        .map(|e| Box::new(e) as Problem)
        .collect();
    bad_input(&problems, style)
}

/// Prints a warning on stderr for each special file skipped while walking.
pub fn warn_skipped(skipped: &[crate::input::Skipped], style: DiagnosticStyle) {
    for s in skipped {
        eprint(&format!("{}\n", render_diagnostic(s, style)));
    }
}

/// Prints what the check pass found to stderr; returns how many errors
/// and how many warnings there were.
pub fn print_found(found: &[crate::check::CheckError], style: DiagnosticStyle) -> (usize, usize) {
    let mut text = String::new();
    for d in found {
        text.push_str(&render_diagnostic(d, style));
        text.push('\n');
    }
    eprint(&text);
    let errors = found.iter().filter(|d| d.is_error()).count();
    (errors, found.len() - errors)
}

/// Rules the static checks refuse: every problem they found, and that
/// nothing was checked (exit 2).
pub fn refused(found: &[crate::check::CheckError], style: DiagnosticStyle) -> Exit {
    let (errors, warnings) = print_found(found, style);
    let also = match warnings {
        0 => String::new(),
        w => format!(" and {}", counted(w, "warning")),
    };
    eprintln!(
        "patuh: {}{also} in the rules; nothing was checked",
        counted(errors, "error")
    );
    Exit::BadInput
}

/// `1 error`, `2 warnings`.
pub fn counted(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

mod write;
pub use write::{
    StreamError, eprint, finish, is_stdout, print, write_atomically, write_report,
    write_stdout_with,
};
