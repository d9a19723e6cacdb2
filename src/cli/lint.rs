//! `patuh lint`: the static checks on rule files alone, against the schema
//! they declare, without data: for editors and pre-commit hooks.

use super::{Color, Exit, counted, print_found, style};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh lint`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh lint rules\n  patuh lint rules/schema.rules rules/inpres-2-2021.rules\n\nData files among the paths are skipped: `patuh check rules data` checks the rules against the data."
)]
pub struct Args {
    /// Rule files and folders (read recursively); include the files that
    /// declare the fields (`field NAME: TYPE`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// When to colour diagnostics; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Runs `patuh lint`: exit 2 when any error is found, 0 otherwise
/// (warnings are printed and do not fail).
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let rules = match super::read_rules(&args.paths, err_style) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let found = crate::pipeline::lint(&rules);
    let (errors, warnings) = print_found(&found, err_style);
    let outcome = match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (0, w) => counted(w, "warning"),
        (e, 0) => counted(e, "error"),
        (e, w) => format!("{}, {}", counted(e, "error"), counted(w, "warning")),
    };
    super::eprint(&format!(
        "patuh lint: {}, {outcome}\n",
        counted(rules.len(), "rule file")
    ));
    if errors > 0 {
        Exit::BadInput
    } else {
        Exit::Passed
    }
}
