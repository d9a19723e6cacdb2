//! The `patuh` binary: parses the command line and dispatches to
//! [`patuh::cli`]. Everything else lives in the library.

use clap::{Parser, Subcommand};
use patuh::cli::{self, Exit};

/// Checks regional social-security coverage data against auditors' rules.
///
/// Rules are written in `.rules` files; figures are kept in YAML files, one
/// per province. Every finding points at the rule expression that failed and
/// at the data lines involved, with their values.
#[derive(Parser)]
#[command(name = "patuh", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 nothing failed, 1 something failed, 2 the input is broken.\n\
Example: patuh check rules data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate rules against data and report failures and unknowns.
    ///
    /// Each PATH is a rule file (`.rules`), a data file (`.yaml`, `.yml`) or a
    /// folder, read recursively in name order.
    Check(cli::check::Args),
    /// Check rule files without data, against the fields they declare.
    ///
    /// Reports unknown fields and names, values of the wrong type or unit,
    /// and rule hygiene, without evaluating anything. Exit 2 on any error.
    Lint(cli::lint::Args),
    /// Run the rule tests: annotated YAML fixtures next to the rules.
    ///
    /// Each PATH is a rule file, a rule test (`*.test.yaml`) or a folder,
    /// searched recursively for both. Every rule test is checked against
    /// every rule it names; the report ends with rule coverage and a line
    /// `N passed, M failed`.
    Test(cli::test::Args),
    /// Format rule files in the one canonical layout, keeping every comment.
    ///
    /// Each PATH is a rule file or a folder, searched recursively for
    /// `.rules` files. Files are rewritten in place (atomically); with
    /// `--check` nothing is written and a diff is shown instead.
    Fmt(cli::fmt::Args),
    /// Convert data between YAML, CSV and XLSX workbooks.
    ///
    /// Reads rule files (whose `field` declarations type spreadsheet cells
    /// and name the columns) and data as `patuh check` does, then writes
    /// YAML (one file per province), or the long table and the source
    /// register as CSV or as a workbook. A round trip gives the same
    /// figures, so `patuh check` gives the same findings.
    Convert(cli::convert::Args),
    /// Show how a rule decided, value by value, for selected subjects.
    ///
    /// For each subject: the outcome, the condition with the value of every
    /// part (`and`, `or`, `not` as a tree), and the data lines it read; for
    /// an unknown outcome, the figure that was missing and where.
    Explain(cli::explain::Args),
    /// List the rules of rule files: id, severity, title and where it is.
    ///
    /// Each PATH is a rule file or a folder, searched recursively for
    /// `.rules` files (default: the current folder). The ids are what
    /// `--rule` and `--skip-rule` take.
    Rules(cli::rules::Args),
}

fn main() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // `--help` and `--version` are successes; a bad command line is bad input.
            return if e.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Passed
            };
        }
    };
    // A report that could not be written makes the run exit 2, whatever it decided.
    cli::finish(match cli.command {
        Command::Check(args) => cli::check::run(args),
        Command::Lint(args) => cli::lint::run(args),
        Command::Test(args) => cli::test::run(args),
        Command::Fmt(args) => cli::fmt::run(args),
        Command::Explain(args) => cli::explain::run(args),
        Command::Convert(args) => cli::convert::run(args),
        Command::Rules(args) => cli::rules::run(args),
    })
}
