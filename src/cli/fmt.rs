//! `patuh fmt`: rewrite rule files in the canonical layout, or with
//! `--check` show what would change.

use super::{Color, Exit, bad_input, print, style, write_atomically};
use crate::Problem;
use crate::report::escape::terminal;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh fmt`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh fmt rules                # rewrite every rule file under rules/\n  patuh fmt --check rules tests  # CI: exit 1 and show a diff if a file is not formatted"
)]
pub struct Args {
    /// Rule files and folders (searched recursively for `.rules` files).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Change nothing: print a unified diff of every file that is not
    /// formatted and exit 1 if there is one.
    #[arg(long)]
    pub check: bool,

    /// When to colour diagnostics; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// A file could not be written back.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write `{path}`: {reason}")]
#[diagnostic(
    code(patuh::fmt::write),
    help("the file was left as it was; check that its folder is writable")
)]
pub struct WriteError {
    /// The file.
    pub path: String,
    /// What the system said.
    pub reason: String,
}

/// Runs `patuh fmt`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let files = match crate::input::read_rule_files(&args.paths) {
        Ok((files, skipped)) => {
            super::warn_skipped(&skipped, err_style);
            files
        }
        Err(unread) => return super::unread_input(unread, err_style),
    };
    // Format everything first: one broken file means nothing is written.
    let mut problems: Vec<Problem> = Vec::new();
    let mut formatted = Vec::with_capacity(files.len());
    for (path, file) in &files {
        match crate::fmt::format_checked(file) {
            Err(syntax) => problems.extend(syntax.0.into_iter().map(|e| Box::new(e) as Problem)),
            Ok(Err(e)) => problems.push(Box::new(e)),
            Ok(Ok(text)) => formatted.push((path, file, text)),
        }
    }
    if !problems.is_empty() {
        return bad_input(&problems, err_style);
    }
    let changed: Vec<_> = formatted
        .iter()
        .filter(|(_, file, text)| file.text() != text)
        .collect();
    let total = formatted.len();
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    if args.check {
        let mut out = String::new();
        for (_, file, text) in &changed {
            let diff = similar::TextDiff::from_lines(file.text(), text.as_str());
            let name = file.name();
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(name, &format!("{name} (formatted)"))
                    .to_string(),
            );
        }
        if changed.is_empty() {
            out.push_str(&format!(
                "{total} rule {} already formatted\n",
                files_word(total)
            ));
        } else {
            let (verb, them) = if changed.len() == 1 {
                ("is", "it")
            } else {
                ("are", "them")
            };
            out.push_str(&format!(
                "{} of {total} rule {} {verb} not formatted; run `patuh fmt` to format {them}\n",
                changed.len(),
                files_word(total),
            ));
        }
        // A diff shows rule text: nothing in it reaches the terminal raw.
        print(&crate::report::escape::terminal_lines(&out));
        return if changed.is_empty() {
            Exit::Passed
        } else {
            Exit::Failed
        };
    }
    let mut out = String::new();
    for (path, file, text) in &changed {
        if let Err(e) = write_atomically(path, text) {
            problems.push(Box::new(WriteError {
                path: file.name().to_owned(),
                reason: e.to_string(),
            }));
            continue;
        }
        out.push_str(&format!("formatted {}\n", terminal(file.name())));
    }
    let unchanged = total - changed.len();
    out.push_str(&format!(
        "{} {} formatted, {unchanged} already formatted\n",
        changed.len() - problems.len(),
        files_word(changed.len() - problems.len())
    ));
    print(&out);
    if problems.is_empty() {
        Exit::Passed
    } else {
        bad_input(&problems, err_style)
    }
}
