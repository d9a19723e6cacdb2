//! The `patuh` command line: arguments, reading files, choosing the report
//! format, and the exit code. Everything else lives in the library.

use clap::{Parser, Subcommand, ValueEnum};
use patuh::report::{DiagnosticStyle, Report, render_diagnostic, render_human, render_json};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::{ExitCode, Termination};

/// Checks regional social-security coverage data against auditors' rules.
///
/// Rules are written in `.rules` files; figures are kept in YAML files, one
/// per province. Every finding points at the rule expression that failed and
/// at the data lines involved, with their values.
#[derive(Parser)]
#[command(name = "patuh", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 no error-level failure, 1 at least one, 2 the input is broken.\n\
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
    #[command(
        after_help = "Examples:\n  patuh check rules data\n  patuh check rules/inpres-2-2021.rules data/sulawesi-tengah.yaml --format json\n  patuh check --strict rules data    # unknown outcomes of error rules fail too"
    )]
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Rule files, data files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Report format: `human` (annotated source snippets and a summary) or
    /// `json` (the stable machine-readable report described in the README).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour the human report; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Count unknown outcomes (missing figures) of error-level rules as failures.
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// How a run ended.
enum Exit {
    /// No error-level failure.
    Passed,
    /// At least one error-level failure (or unknown, with `--strict`).
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
    match cli.command {
        Command::Check(args) => check(args),
    }
}

fn style(color: Color, stream_is_tty: bool) -> DiagnosticStyle {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stream_is_tty && !no_color,
    };
    // A fixed width off a terminal keeps CI logs identical from run to run.
    DiagnosticStyle { color, width: 100 }
}

fn check(args: CheckArgs) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let fail_input = |problems: Vec<patuh::Problem>| {
        let mut err = std::io::stderr().lock();
        for p in &problems {
            let _ = writeln!(err, "{}", render_diagnostic(p.as_ref(), err_style));
        }
        let n = problems.len();
        let _ = writeln!(
            err,
            "patuh: {n} input problem{}; nothing was checked",
            if n == 1 { "" } else { "s" }
        );
        Exit::BadInput
    };
    let inputs = match patuh::input::read_inputs(&args.paths) {
        Ok(i) => i,
        Err(errors) => {
            return fail_input(
                errors
                    .into_iter()
                    .map(|e| Box::new(e) as patuh::Problem)
                    .collect(),
            );
        }
    };
    let loaded = match patuh::load(inputs) {
        Ok(l) => l,
        Err(problems) => return fail_input(problems),
    };
    let evaluation = patuh::check(&loaded);
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: args.strict,
    };
    let text = match args.format {
        Format::Human => render_human(&report, style(args.color, std::io::stdout().is_terminal())),
        Format::Json => render_json(&report),
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        // A closed pipe (`| head`) is not a reason to fail differently.
    }
    if report.failed() {
        Exit::Failed
    } else {
        Exit::Passed
    }
}
