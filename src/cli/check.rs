//! `patuh check`: evaluate rules against data and report.

use super::progress::LoadProgress;
use super::{Color, Exit, bad_input, print, style, write_atomically};
use crate::Problem;
use crate::baseline::{Baseline, parse_baseline};
use crate::report::{
    DiagnosticStyle, FailOn, Report, Triage, render_diagnostic, render_github, render_human,
    render_json, render_junit, render_markdown, render_sarif, write_json,
};
use crate::waivers::{Date, Waiver, discover, parse_waivers};
use clap::ValueEnum;
use miette::Diagnostic;
use std::io::IsTerminal;
use std::path::PathBuf;
use thiserror::Error;

/// Arguments of `patuh check`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh check rules data\n  patuh check rules/inpres-2-2021.rules data/sulawesi-tengah.yaml --format json\n  patuh check --strict rules data    # unknown outcomes of error rules fail too\n  patuh check rules data --format github --output sarif=patuh.sarif --output junit=patuh.xml\n  patuh check rules data --baseline baseline.json --waivers rules/waivers.yaml --today 2025-06-30"
)]
pub struct Args {
    /// Rule files, data files and folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Report format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also write a report to a file, replacing it atomically: `FORMAT=PATH`,
    /// e.g. `sarif=patuh.sarif`. Repeat for several.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub outputs: Vec<Output>,

    /// When to colour the human report; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// The lowest severity whose findings fail the run (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Count unknown outcomes (missing figures) as failures.
    #[arg(long)]
    pub strict: bool,

    /// The waiver register; by default a `waivers.yaml` in a folder named on
    /// the command line or beside a rule file named on it.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,

    /// The date waivers are checked against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,

    /// A JSON report of an earlier run: only findings it does not have can
    /// fail the run, and those it has that are gone are listed as fixed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets and a summary.
    Human,
    /// The JSON report described in the README.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for CI test dashboards.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Markdown, for a pull-request comment or a job summary.
    Markdown,
}

/// One `--output FORMAT=PATH`.
#[derive(Clone, Debug)]
pub struct Output {
    /// What to write.
    pub format: Format,
    /// Where.
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<Output, String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, e.g. `sarif=patuh.sarif`, got `{s}`"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<_> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
            .collect();
        format!("unknown format `{format}`; one of: {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the path after `=` is empty".to_owned());
    }
    Ok(Output {
        format,
        path: PathBuf::from(path),
    })
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
        .map_err(|()| format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2025-06-30"))
}

/// A report that could not be written.
#[derive(Debug, Error, Diagnostic)]
pub enum OutputError {
    /// `--output sarif=no/such/folder/x.sarif`
    #[error("cannot write the report `{path}`: {reason}")]
    #[diagnostic(
        code(patuh::output::write),
        help("check that the folder exists and can be written")
    )]
    Write {
        /// As given.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// `--output json=a --output sarif=a`
    #[error("two reports would be written to `{path}`")]
    #[diagnostic(
        code(patuh::output::duplicate),
        help("give each `--output` its own file")
    )]
    Duplicate {
        /// As given.
        path: String,
    },
}

/// Runs `patuh check`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    if let Some(e) = duplicate_output(&args.outputs) {
        return bad_input(&[Box::new(e) as Problem], err_style);
    }
    let mut problems: Vec<Problem> = Vec::new();
    let inputs = crate::input::read_inputs(&args.paths).map_err(|errors| {
        problems.extend(errors.into_iter().map(|e| Box::new(e) as Problem));
    });
    let loaded = inputs.ok().and_then(|inputs| {
        let progress = LoadProgress::new(&inputs.data);
        let loaded = crate::load_reporting(inputs, &|bytes| progress.parsed(bytes));
        progress.finish();
        loaded.map_err(|p| problems.extend(p)).ok()
    });
    let waivers = read_waivers(&args, &mut problems);
    let baseline = read_baseline(&args, &mut problems);
    let Some(loaded) = loaded.filter(|_| problems.is_empty()) else {
        return bad_input(&problems, err_style);
    };
    // Rules that cannot mean anything stop the run before evaluation.
    let checked = match crate::pipeline::check(&loaded.rules, &loaded.data) {
        Ok(checked) => checked,
        Err(found) => return super::refused(&found, err_style),
    };
    super::print_found(&checked.warnings, err_style);
    let evaluation = checked.evaluate();
    let today = args.today.unwrap_or_else(Date::today);
    let triage = Triage::new(
        &loaded.rules,
        &evaluation,
        waivers,
        today,
        baseline.as_ref(),
    );
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: args.strict,
        fail_on: args.fail_on,
        triage,
    };
    for out in &args.outputs {
        let text = render(
            out.format,
            &report,
            DiagnosticStyle {
                color: false,
                width: 100,
            },
        );
        if let Err(e) = write_atomically(&out.path, &text) {
            let e = OutputError::Write {
                path: out.path.to_string_lossy().into_owned(),
                reason: e.to_string(),
            };
            eprintln!("{}", render_diagnostic(&e, err_style));
            return Exit::BadInput;
        }
    }
    let out_style = style(args.color, std::io::stdout().is_terminal());
    match args.format {
        // Streamed: a large report is not built in memory first. A closed
        // pipe (`| head`) is not an error.
        Format::Json => {
            let _ = write_json(&report, std::io::stdout().lock());
        }
        format => print(&render(format, &report, out_style)),
    }
    if report.failed() {
        Exit::Failed
    } else {
        Exit::Passed
    }
}

fn render(format: Format, report: &Report<'_>, style: DiagnosticStyle) -> String {
    match format {
        Format::Human => render_human(report, style),
        Format::Json => render_json(report),
        Format::Sarif => render_sarif(report),
        Format::Junit => render_junit(report),
        Format::Github => render_github(report),
        Format::Markdown => render_markdown(report),
    }
}

fn duplicate_output(outputs: &[Output]) -> Option<OutputError> {
    outputs.iter().enumerate().find_map(|(i, a)| {
        outputs[..i]
            .iter()
            .any(|b| b.path == a.path)
            .then(|| OutputError::Duplicate {
                path: a.path.to_string_lossy().into_owned(),
            })
    })
}

/// The waivers of `--waivers`, or of the registers found next to the inputs.
fn read_waivers(args: &Args, problems: &mut Vec<Problem>) -> Vec<Waiver> {
    let registers = match &args.waivers {
        Some(p) => vec![p.clone()],
        None => discover(&args.paths),
    };
    let mut waivers = Vec::new();
    for path in registers {
        match crate::input::read_file(&path) {
            Err(e) => problems.push(Box::new(e)),
            Ok(file) => match parse_waivers(&file) {
                Ok(w) => waivers.extend(w),
                Err(errors) => problems.extend(errors.into_iter().map(|e| Box::new(e) as Problem)),
            },
        }
    }
    waivers
}

fn read_baseline(args: &Args, problems: &mut Vec<Problem>) -> Option<Baseline> {
    let path = args.baseline.as_ref()?;
    let parsed = crate::input::read_file(path)
        .map_err(|e| Box::new(e) as Problem)
        .and_then(|file| parse_baseline(&file).map_err(|e| Box::new(e) as Problem));
    parsed.map_err(|p| problems.push(p)).ok()
}
