//! `patuh check`: evaluate rules against data and report.

use super::progress::LoadProgress;
use super::{Color, Exit, bad_input, print, style};
use crate::report::{Report, render_human, write_json};
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `patuh check`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh check rules data\n  patuh check rules/inpres-2-2021.rules data/sulawesi-tengah.yaml --format json\n  patuh check --strict rules data    # unknown outcomes of error rules fail too"
)]
pub struct Args {
    /// Rule files, data files and folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Report format: `human` (annotated source snippets and a summary) or
    /// `json` (the stable machine-readable report described in the README).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to colour the human report; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Count unknown outcomes (missing figures) of error-level rules as failures.
    #[arg(long)]
    pub strict: bool,
}

/// Report formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Annotated source snippets and a summary.
    Human,
    /// The JSON report described in the README.
    Json,
}

/// Runs `patuh check`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let inputs = match crate::input::read_inputs(&args.paths) {
        Ok(i) => i,
        Err(errors) => {
            let problems: Vec<crate::Problem> = errors
                .into_iter()
                .map(|e| Box::new(e) as crate::Problem)
                .collect();
            return bad_input(&problems, err_style);
        }
    };
    let progress = LoadProgress::new(&inputs.data);
    let loaded = crate::load_reporting(inputs, &|bytes| progress.parsed(bytes));
    progress.finish();
    let loaded = match loaded {
        Ok(l) => l,
        Err(problems) => return bad_input(&problems, err_style),
    };
    let evaluation = crate::check(&loaded);
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: args.strict,
    };
    match args.format {
        Format::Human => print(&render_human(
            &report,
            style(args.color, std::io::stdout().is_terminal()),
        )),
        // Streamed: a large report is not built in memory first. A closed
        // pipe (`| head`) is not an error.
        Format::Json => {
            let _ = write_json(&report, std::io::stdout().lock());
        }
    }
    if report.failed() {
        Exit::Failed
    } else {
        Exit::Passed
    }
}
