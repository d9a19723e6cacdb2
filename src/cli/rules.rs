//! `patuh rules`: the rules of some rule files, one line each, with their
//! severity, title and place, so `--rule` and `--skip-rule` have ids to
//! choose from.

use super::{Color, Exit, print, style};
use crate::report::escape::terminal;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh rules`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  patuh rules\n  patuh rules rules/inpres-2-2021.rules")]
pub struct Args {
    /// Rule files and folders (read recursively); data files are skipped.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// When to colour diagnostics; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Runs `patuh rules`: exit 0, or 2 when the rule files cannot be read or
/// parsed.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let rules = match super::read_rules(&args.paths, err_style) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    print(&list(&rules));
    Exit::Passed
}

/// One line per rule, in rule order: id, severity, title and `file:line`,
/// in columns; then how many.
pub fn list(rules: &[crate::ast::RuleFile]) -> String {
    let rows: Vec<[String; 4]> = crate::ast::all_rules(rules)
        .map(|(r, rule)| {
            let file = &rules[r.file].source;
            let (line, _) = file.line_col(rule.span.start as usize);
            [
                terminal(&rule.id.node).into_owned(),
                rule.severity.node.as_str().to_owned(),
                rule.title.as_ref().map_or_else(
                    || "(no title)".to_owned(),
                    |t| terminal(&t.node).into_owned(),
                ),
                format!("{}:{line}", terminal(file.name())),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (id, severity, title) = (width(0), width(1).max(8), width(2));
    let mut out = String::new();
    for [a, b, c, d] in &rows {
        let _ = writeln!(out, "{a:<id$}  {b:<severity$}  {c:<title$}  {d}");
    }
    let files = rules.iter().filter(|f| !f.rules.is_empty()).count();
    let _ = writeln!(
        out,
        "{} in {}",
        super::counted(rows.len(), "rule"),
        super::counted(files, "file")
    );
    out
}
