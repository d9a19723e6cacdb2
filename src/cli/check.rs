//! `patuh check`: evaluate rules against data and report.

use super::progress::LoadProgress;
use super::{Color, Exit, bad_input, is_stdout, print, style, write_report, write_stdout_with};
use crate::Problem;
use crate::baseline::{Baseline, parse_baseline};
use crate::report::problems::{
    issues, render_github_problems, render_json_problems, render_junit_problems,
    render_markdown_problems,
};
use crate::report::{
    DiagnosticStyle, FailOn, Report, Triage, render_concise, render_diagnostic, render_github,
    render_human, render_json, render_junit, render_markdown, render_sarif, render_sarif_problems,
    write_json,
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

    /// Report format on standard output [default: human, unless an
    /// `--output FORMAT=-` sends another format there].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Also write a report to a file, replacing it atomically: `FORMAT=PATH`,
    /// e.g. `sarif=patuh.sarif`; `-` is standard output. A FIFO or a device
    /// is written as it is; a symbolic link's target is replaced. Repeat for
    /// several.
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

    /// A key in the data that no `field` declares is an error (exit 2),
    /// not a warning.
    #[arg(long)]
    pub deny_undeclared: bool,

    /// A source id the document's `sources` does not list, and a figure
    /// that cites no source, are errors (exit 2), not warnings.
    #[arg(long)]
    pub deny_unsourced: bool,

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

    /// Check only this rule (repeatable); `patuh rules` lists the ids.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Do not check this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,

    /// The URL the files are under, for links in Markdown and SARIF
    /// (`URL/data/x.yaml#L12`); on GitHub Actions:
    /// `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA`.
    #[arg(long, value_name = "URL", value_parser = parse_link_base)]
    pub link_base: Option<String>,

    /// The most characters the Markdown report may have; findings beyond
    /// it are left out with a note [default: 65000, under a pull-request
    /// comment's 65,536; a job summary holds 1 MiB: 1000000].
    #[arg(long, value_name = "CHARS", value_parser = clap::value_parser!(u64).range(1000..))]
    pub markdown_budget: Option<u64>,
}

fn parse_link_base(s: &str) -> Result<String, String> {
    let scheme = s.split_once("://").map(|(scheme, _)| scheme);
    let ok = scheme.is_some_and(|sc| {
        !sc.is_empty()
            && sc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    // Nothing that could end a Markdown link or a quoted attribute.
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "()<>\"'`|[]\\".contains(c);
    if !ok || s.chars().any(unsafe_char) {
        return Err(format!(
            "`{s}` is not an absolute URL; e.g. https://github.com/org/repo/blob/main"
        ));
    }
    Ok(s.trim_end_matches('/').to_owned())
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets and a summary.
    Human,
    /// One line per finding (`file:line:col: rule [kind] subject: message`), then the summary.
    Concise,
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
    /// `--output json=a --output sarif=a`, or two reports on standard output
    #[error("two reports would be written to `{path}`")]
    #[diagnostic(
        code(patuh::output::duplicate),
        help("give each `--output` its own file; `-` is standard output, where `--format` writes")
    )]
    Duplicate {
        /// As given.
        path: String,
    },
}

/// Runs `patuh check`.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    if let Some(e) = duplicate_output(&args) {
        // Where the reports would go is itself the problem: stderr only.
        return bad_input(&[Box::new(e) as Problem], err_style);
    }
    let mut problems: Vec<Problem> = Vec::new();
    let mut skipped = Vec::new();
    let inputs = crate::input::read_inputs(&args.paths)
        .map(|mut inputs| {
            skipped = std::mem::take(&mut inputs.skipped);
            inputs
        })
        .map_err(|unread| {
            // The special files skipped may be why a kind of file is missing.
            skipped = unread.skipped;
            problems.extend(unread.errors.into_iter().map(|e| Box::new(e) as Problem));
        });
    let skipped: Vec<&dyn Diagnostic> = skipped.iter().map(|s| s as _).collect();
    let selection = crate::pipeline::Selection {
        only: args.rules.clone(),
        skip: args.skip_rules.clone(),
    };
    let loaded = inputs.ok().and_then(|inputs| {
        let progress = LoadProgress::new(&inputs.data);
        let loaded = crate::load_reporting(inputs, &|bytes| progress.parsed(bytes));
        progress.finish();
        let mut loaded = loaded.map_err(|p| problems.extend(p)).ok()?;
        // `--rule` / `--skip-rule`: an id no rule has is broken input.
        let refused = selection.refused(&loaded.rules);
        if refused.is_empty() {
            loaded.rules = selection.apply(std::mem::take(&mut loaded.rules));
        }
        problems.extend(refused);
        Some(loaded)
    });
    // Waivers and baseline findings of rules not selected are not this
    // run's business: neither stale nor fixed.
    let mut waivers = read_waivers(&args, &mut problems);
    waivers.retain(|w| selection.selects(&w.rule));
    let mut baseline = read_baseline(&args, &mut problems);
    if let Some(b) = &mut baseline {
        b.findings.retain(|k| selection.selects(&k.rule));
    }
    if let Some(loaded) = &loaded {
        // Nothing checked is never a pass: no rules, no figures, no data.
        let refused = crate::pipeline::admit(&loaded.rules, &loaded.data);
        problems.extend(refused.into_iter().map(|e| Box::new(e) as Problem));
    }
    let Some(loaded) = loaded.filter(|_| problems.is_empty()) else {
        let errors: Vec<&dyn Diagnostic> = problems.iter().map(|p| p.as_ref() as _).collect();
        let n = problems.len();
        let verdict = format!(
            "patuh: {n} input problem{}; nothing was checked",
            crate::report::plural(n)
        );
        let human: Vec<&dyn Diagnostic> = errors.iter().chain(&skipped).copied().collect();
        return broken(&args, &human, &errors, &skipped, &verdict, err_style);
    };
    // Rules that cannot mean anything stop the run before evaluation.
    let options = crate::check::Options {
        deny_undeclared: args.deny_undeclared,
    };
    let checked = match crate::pipeline::check_with(&loaded.rules, &loaded.data, options) {
        Ok(checked) => checked,
        Err(found) => {
            let (errors, mut warnings): (Vec<&dyn Diagnostic>, Vec<&dyn Diagnostic>) = found
                .iter()
                .map(|d| d as &dyn Diagnostic)
                .partition(|d| d.severity() != Some(miette::Severity::Warning));
            let rule_warnings = warnings.len();
            warnings.splice(0..0, skipped.iter().copied());
            let also = match rule_warnings {
                0 => String::new(),
                w => format!(" and {}", super::counted(w, "warning")),
            };
            let verdict = format!(
                "patuh: {}{also} in the rules; nothing was checked",
                super::counted(errors.len(), "error")
            );
            // As before: every diagnostic in the order found, then the verdict.
            let human: Vec<&dyn Diagnostic> = (skipped.iter().copied())
                .chain(found.iter().map(|d| d as _))
                .collect();
            return broken(&args, &human, &errors, &warnings, &verdict, err_style);
        }
    };
    // Figures that cannot be traced to a published source: warnings, or
    // with `--deny-unsourced` errors that stop the run before evaluation.
    let unsourced = crate::evidence::check_sources(&loaded.data);
    if args.deny_unsourced && !unsourced.is_empty() {
        let denied: Vec<crate::evidence::Denied> =
            unsourced.into_iter().map(crate::evidence::Denied).collect();
        let errors: Vec<&dyn Diagnostic> = denied.iter().map(|d| d as _).collect();
        let mut warnings: Vec<&dyn Diagnostic> = skipped.to_vec();
        warnings.extend(checked.warnings.iter().map(|d| d as &dyn Diagnostic));
        let human: Vec<&dyn Diagnostic> = warnings.iter().chain(&errors).copied().collect();
        let verdict = format!(
            "patuh: {}; nothing was checked",
            super::counted(errors.len(), "input problem")
        );
        return broken(&args, &human, &errors, &warnings, &verdict, err_style);
    }
    let mut warnings: Vec<&dyn Diagnostic> = skipped.to_vec();
    warnings.extend(checked.warnings.iter().map(|d| d as &dyn Diagnostic));
    warnings.extend(unsourced.iter().map(|d| d as &dyn Diagnostic));
    for s in &skipped {
        super::eprint(&format!("{}\n", render_diagnostic(*s, err_style)));
    }
    super::print_found(&checked.warnings, err_style);
    for w in &unsourced {
        super::eprint(&format!("{}\n", render_diagnostic(w, err_style)));
    }
    let evaluation = checked.evaluate();
    let idle = match crate::pipeline::subjects(&loaded.rules, &loaded.data, &evaluation) {
        Ok(idle) => idle,
        Err(e) => {
            let verdict = "patuh: 1 input problem; nothing was checked";
            // The warnings are on stderr already.
            return broken(&args, &[&e], &[&e], &warnings, verdict, err_style);
        }
    };
    warnings.extend(idle.iter().map(|d| d as &dyn Diagnostic));
    let today = args.today.unwrap_or_else(Date::today);
    let mut triage = Triage::new(
        &loaded.rules,
        &evaluation,
        waivers,
        today,
        baseline.as_ref(),
    );
    // The date is in the reports when it decided something (a waiver was
    // checked against it) or was given: otherwise the same input gives the
    // same bytes on any day.
    if args.today.is_none() && triage.waivers.is_empty() {
        triage.today = None;
    }
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: args.strict,
        fail_on: args.fail_on,
        triage,
        warnings: issues(warnings),
        options: crate::report::Options {
            link_base: args.link_base.clone(),
            markdown_budget: args
                .markdown_budget
                .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        },
    };
    for out in args.outputs.iter().filter(|o| !is_stdout(&o.path)) {
        let text = render(out.format, &report, FILE_STYLE);
        if let Err(e) = write_report(&out.path, &text) {
            super::eprint(&format!(
                "{}\n",
                render_diagnostic(&write_error(out, e), err_style)
            ));
            return Exit::BadInput;
        }
    }
    let out_style = style(args.color, std::io::stdout().is_terminal());
    match stdout_format(&args) {
        // Streamed: a large report is not built in memory first.
        Format::Json => write_stdout_with(|out| write_json(&report, out)),
        format => print(&render(format, &report, out_style)),
    }
    if report.failed() {
        Exit::Failed
    } else {
        Exit::Passed
    }
}

/// Reports in files: no colour, a fixed width.
const FILE_STYLE: DiagnosticStyle = DiagnosticStyle {
    color: false,
    width: 100,
};

fn write_error(out: &Output, e: std::io::Error) -> OutputError {
    OutputError::Write {
        path: out.path.to_string_lossy().into_owned(),
        reason: e.to_string(),
    }
}

/// A run whose input is broken: the `human` diagnostics and `verdict` on
/// standard error as always, and the errors and warnings in every report
/// asked for (the machine format on standard output, every `--output`), so
/// CI sees them where it looks. Exit code 2.
fn broken(
    args: &Args,
    human: &[&dyn Diagnostic],
    errors: &[&dyn Diagnostic],
    warnings: &[&dyn Diagnostic],
    verdict: &str,
    err_style: DiagnosticStyle,
) -> Exit {
    let human = |style| {
        let mut text = String::new();
        for d in human {
            text.push_str(&render_diagnostic(*d, style));
            text.push('\n');
        }
        text.push_str(verdict);
        text.push('\n');
        text
    };
    super::eprint(&human(err_style));
    let (e, w) = (
        issues(errors.iter().copied()),
        issues(warnings.iter().copied()),
    );
    let options = crate::report::Options {
        link_base: args.link_base.clone(),
        ..Default::default()
    };
    let render = |format| match format {
        Format::Human | Format::Concise => human(FILE_STYLE),
        Format::Json => render_json_problems(&e, &w),
        Format::Sarif => render_sarif_problems(&e, &w, &options),
        Format::Junit => render_junit_problems(&e, &w),
        Format::Github => render_github_problems(&e, &w),
        Format::Markdown => render_markdown_problems(&e, &w),
    };
    for out in args.outputs.iter().filter(|o| !is_stdout(&o.path)) {
        if let Err(err) = write_report(&out.path, &render(out.format)) {
            super::eprint(&format!(
                "{}\n",
                render_diagnostic(&write_error(out, err), err_style)
            ));
        }
    }
    // The human report of broken input is the one on standard error.
    match stdout_format(args) {
        Format::Human | Format::Concise => {}
        format => print(&render(format)),
    }
    Exit::BadInput
}

fn render(format: Format, report: &Report<'_>, style: DiagnosticStyle) -> String {
    match format {
        Format::Human => render_human(report, style),
        Format::Concise => render_concise(report),
        Format::Json => render_json(report),
        Format::Sarif => render_sarif(report),
        Format::Junit => render_junit(report),
        Format::Github => render_github(report),
        Format::Markdown => render_markdown(report),
    }
}

/// What goes to standard output: `--format`, else an `--output FORMAT=-`,
/// else the human report.
fn stdout_format(args: &Args) -> Format {
    args.format
        .or_else(|| {
            args.outputs
                .iter()
                .find(|o| is_stdout(&o.path))
                .map(|o| o.format)
        })
        .unwrap_or(Format::Human)
}

fn duplicate_output(args: &Args) -> Option<OutputError> {
    let outputs = &args.outputs;
    let stdout =
        outputs.iter().filter(|o| is_stdout(&o.path)).count() + usize::from(args.format.is_some());
    if stdout > 1 {
        return Some(OutputError::Duplicate { path: "-".into() });
    }
    // The files the paths name, after `..` and symbolic links: two names
    // of one file would let one report silently replace the other.
    let resolved: Vec<std::path::PathBuf> = outputs.iter().map(|o| resolve(&o.path)).collect();
    outputs.iter().enumerate().find_map(|(i, a)| {
        resolved[..i]
            .iter()
            .any(|b| *b == resolved[i])
            .then(|| OutputError::Duplicate {
                path: a.path.to_string_lossy().into_owned(),
            })
    })
}

/// The file `path` names: canonical when it exists, else its folder's
/// canonical path and its name (as given when the folder is missing too).
fn resolve(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
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
