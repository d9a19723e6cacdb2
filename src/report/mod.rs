//! Renders an evaluation for people (miette, Markdown) and for machines
//! (JSON, SARIF, JUnit XML, GitHub workflow commands).
//!
//! Everything here is deterministic: findings come in rule order then data
//! order, paths are the names the files were given, and nothing depends on
//! the clock or the machine (the date that decides whether a waiver expired
//! is an input, see [`Triage`]).

mod completeness;
mod diagnostic;
pub mod escape;
mod explain;
pub mod fingerprint;
mod github;
mod human;
mod json;
pub mod junit;
mod location;
mod markdown;
pub mod problems;
mod sarif;
mod sarif_problems;
mod status;

pub use completeness::{Incomplete, Lacking};
pub use diagnostic::{DiagnosticStyle, render_diagnostic};
pub use explain::render_explanation;
pub use github::ANNOTATIONS_PER_LEVEL;
pub use github::render_github;
pub use human::{render_concise, render_human};
pub use json::{FORMAT_VERSION as JSON_VERSION, render_json, write_json};
pub use junit::render_junit;
pub use location::{DataRef, Datum, Place};
pub use markdown::render_markdown;
pub use problems::Issue;
pub use sarif::render_sarif;
pub use sarif_problems::render_sarif_problems;
pub use status::{Status, Triage, WaiverState, WaiverUse};

pub use crate::evidence::Source;

use crate::ast::{RuleFile, Severity};
use crate::data::Dataset;
use crate::eval::{Counts, Evaluation, Finding, RuleRef, all_rules};

/// Everything a renderer needs.
pub struct Report<'a> {
    /// The rule files, in the order they were checked.
    pub rules: &'a [RuleFile],
    /// The data.
    pub data: &'a Dataset,
    /// What evaluation gave.
    pub eval: &'a Evaluation,
    /// `--strict`: unknown outcomes count as failures (of the severities `fail_on` covers).
    pub strict: bool,
    /// `--fail-on`: which severities can fail the run.
    pub fail_on: FailOn,
    /// Waivers and baseline applied to the findings.
    pub triage: Triage,
    /// Warnings about the input (check warnings, rules that found no
    /// subject), shown in every format.
    pub warnings: Vec<Issue>,
    /// How the reports are laid out: links, size budgets.
    pub options: Options,
}

/// Choices about how reports are written, the same for every format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--link-base`: the URL files are under, e.g.
    /// `https://github.com/org/repo/blob/SHA`; links go to `BASE/FILE#LLINE`.
    pub link_base: Option<String>,
    /// `--markdown-budget`: the most characters the Markdown report may
    /// have (0: [`Options::MARKDOWN_BUDGET`]).
    pub markdown_budget: usize,
}

impl Options {
    /// The default Markdown budget: under the 65,536 characters of a
    /// GitHub pull-request comment.
    pub const MARKDOWN_BUDGET: usize = 65_000;

    /// The Markdown budget in force.
    pub fn markdown_budget(&self) -> usize {
        match self.markdown_budget {
            0 => Self::MARKDOWN_BUDGET,
            n => n,
        }
    }

    /// A link to `line` of `file` under `--link-base`: `BASE/data/x.yaml#L12`
    /// (the path percent-encoded); none without a base, or for a path that
    /// is not relative.
    pub fn link(&self, file: &str, line: usize) -> Option<String> {
        let base = self.link_base.as_deref()?.trim_end_matches('/');
        if file.starts_with('/') || file.as_bytes().get(1) == Some(&b':') {
            return None;
        }
        let path = percent_encode_path(file.strip_prefix("./").unwrap_or(file));
        Some(format!("{base}/{path}#L{line}"))
    }
}

/// A relative path as a URI path: `/` kept, everything outside the
/// unreserved set percent-encoded.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `--fail-on`: the lowest severity whose new findings fail the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Error-level findings fail the run.
    #[default]
    Error,
    /// Error- and warning-level findings fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// Nothing fails the run (broken input still exits 2).
    Never,
}

impl FailOn {
    /// `error`, `warning`, `info` or `never`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// Whether findings of `severity` can fail the run.
    pub fn covers(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity != Severity::Info,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// How loudly a finding is shown: SARIF's `level`, GitHub's annotation
/// command. One mapping for every format ([`Report::level`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// It fails the run.
    Error = 0,
    /// A failure of an error or warning rule that does not fail the run.
    Warning = 1,
    /// Everything else: unknown outcomes, info rules, waived and known findings.
    Note = 2,
}

impl Level {
    /// SARIF's name: `error`, `warning`, `note`.
    pub fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// The workflow command: `error`, `warning`, `notice`.
    pub fn github(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        }
    }
}

/// How many findings fail the run, by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failing {
    /// Failed requirements.
    pub fail: usize,
    /// Unknown outcomes (only with `--strict`).
    pub unknown: usize,
}

/// Outcome counts by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rules evaluated.
    pub rules: usize,
    /// All outcomes.
    pub total: Counts,
    /// Outcomes of error-level rules.
    pub error: Counts,
    /// Outcomes of warning-level rules.
    pub warning: Counts,
    /// Outcomes of info-level rules.
    pub info: Counts,
}

impl Report<'_> {
    /// Outcome counts.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for (r, c) in &self.eval.counts {
            s.rules += 1;
            let by = match self.severity(*r) {
                Severity::Error => &mut s.error,
                Severity::Warning => &mut s.warning,
                Severity::Info => &mut s.info,
            };
            for counts in [by, &mut s.total] {
                counts.pass += c.pass;
                counts.fail += c.fail;
                counts.unknown += c.unknown;
            }
        }
        s
    }

    /// Whether the run fails (exit 1): a new (not waived, not in the
    /// baseline) failure at a `--fail-on` severity, or with `--strict` such
    /// an unknown.
    pub fn failed(&self) -> bool {
        let f = self.failing();
        f.fail + f.unknown > 0
    }

    /// The findings that fail the run, counted.
    pub fn failing(&self) -> Failing {
        let mut n = Failing::default();
        for (f, status) in self.findings() {
            if self.fails_run(f, status) {
                match f.outcome {
                    crate::eval::Outcome::Unknown => n.unknown += 1,
                    _ => n.fail += 1,
                }
            }
        }
        n
    }

    /// Whether this finding, with this status, fails the run.
    pub fn fails_run(&self, f: &Finding, status: Status) -> bool {
        let counts = match f.outcome {
            crate::eval::Outcome::Fail => true,
            crate::eval::Outcome::Unknown => self.strict,
            crate::eval::Outcome::Pass => false,
        };
        counts && status == Status::New && self.fail_on.covers(self.severity(f.rule))
    }

    /// Every finding's fingerprint, in order (see [`fingerprint`]).
    pub fn fingerprints(&self) -> Vec<String> {
        let mut f = fingerprint::Fingerprints::default();
        self.eval
            .findings
            .iter()
            .map(|x| f.next(self.rule_id(x), &x.subject, x.outcome.as_str()))
            .collect()
    }

    /// Whether the baseline has the `i`-th finding (whether or not a
    /// waiver covers it too).
    pub fn in_baseline(&self, i: usize) -> bool {
        self.triage.known.get(i).copied().unwrap_or(false)
    }

    /// The findings in order, each with its status.
    pub fn findings(&self) -> impl Iterator<Item = (&Finding, Status)> {
        self.eval
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f, self.triage.status.get(i).copied().unwrap_or(Status::New)))
    }

    /// The findings the most important first: those that fail the run,
    /// then other failures, then unknown outcomes, then waived and known
    /// ones; within each, by severity, then rule order and data order.
    pub fn by_importance(&self) -> Vec<(&Finding, Status)> {
        let mut all: Vec<(&Finding, Status)> = self.findings().collect();
        // A stable sort keeps rule and data order within a rank.
        all.sort_by_key(|(f, status)| self.importance(f, *status));
        all
    }

    /// The rank of a finding: lower is more important.
    pub fn importance(&self, f: &Finding, status: Status) -> (u8, u8) {
        let rank = if self.fails_run(f, status) {
            0
        } else {
            match (status, f.outcome) {
                (Status::New, crate::eval::Outcome::Fail) => 1,
                (Status::New, _) => 2,
                _ => 3,
            }
        };
        let severity = match self.severity(f.rule) {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        (rank, severity)
    }

    /// How loudly to show a finding: an error when it fails the run, a
    /// warning for another new failure of an error or warning rule, a note
    /// otherwise (an unknown outcome that does not fail the run, an info
    /// rule, a waived or known finding).
    pub fn level(&self, f: &Finding, status: Status) -> Level {
        if self.fails_run(f, status) {
            return Level::Error;
        }
        match (status, f.outcome, self.severity(f.rule)) {
            (Status::New, crate::eval::Outcome::Fail, Severity::Error | Severity::Warning) => {
                Level::Warning
            }
            _ => Level::Note,
        }
    }

    /// The waiver covering a finding with this status.
    pub fn waiver(&self, status: Status) -> Option<&WaiverUse> {
        match status {
            Status::Waived(w) => self.triage.waivers.get(w),
            _ => None,
        }
    }

    /// Findings by status: (waived, known).
    pub fn set_aside(&self) -> (usize, usize) {
        self.findings().fold((0, 0), |(w, k), (_, s)| match s {
            Status::Waived(_) => (w + 1, k),
            Status::Known => (w, k + 1),
            Status::New => (w, k),
        })
    }

    /// One line on whether the run fails and why.
    pub fn verdict(&self) -> String {
        let f = self.failing();
        let new = if self.triage.baseline.is_some() {
            "new "
        } else {
            ""
        };
        let level = match self.fail_on {
            FailOn::Error => "error-level ",
            FailOn::Warning => "error- or warning-level ",
            FailOn::Info | FailOn::Never => "",
        };
        if f.fail + f.unknown == 0 {
            return match self.fail_on {
                FailOn::Never => "passed: --fail-on never".to_owned(),
                _ => format!("passed: no {new}{level}failures"),
            };
        }
        let fail = format!("{} {new}{level}finding{}", f.fail, plural(f.fail));
        let unknown = format!(
            "{} {new}{level}unknown outcome{} (--strict)",
            f.unknown,
            plural(f.unknown)
        );
        match (f.fail, f.unknown) {
            (_, 0) => format!("FAILED: {fail}"),
            (0, _) => format!("FAILED: {unknown}"),
            _ => format!("FAILED: {fail} and {unknown}"),
        }
    }

    /// Where the rule expression of a finding is.
    pub fn rule_place(&self, f: &Finding) -> Place {
        Place::of(self.rule_file(f.rule), f.span)
    }

    /// Where a data value of a finding is: for a workbook's cell, the
    /// workbook, its row and its column number.
    pub fn data_place(&self, r: &DataRef) -> Place {
        if let Some(c) = r.cell.as_ref().filter(|c| c.in_workbook()) {
            return Place {
                file: c.book.clone(),
                line: c.row,
                column: c.column,
                end_line: c.row,
                end_column: c.column + 1,
            };
        }
        let loc = self.data.loc(r.node);
        let mut place = Place::of(loc.file, loc.span);
        if place.end_line != place.line || place.end_column < place.column {
            place.end_line = place.line;
            place.end_column = place.column;
        }
        place
    }

    /// Where a finding is: its first data value (that is where the problem
    /// is), or the rule expression when no data is involved.
    pub fn primary_place(&self, f: &Finding, refs: &[DataRef]) -> Place {
        refs.first()
            .map_or_else(|| self.rule_place(f), |r| self.data_place(r))
    }

    /// Where a waiver is written: its `expires` when it expired, its
    /// `subject` when it matches nothing, else its first line.
    pub fn waiver_place(&self, u: &WaiverUse) -> Place {
        let w = &u.waiver;
        let span = match u.state {
            WaiverState::Expired => w.expires_span,
            WaiverState::Stale => w.subject_span,
            WaiverState::Active => w.span,
        };
        Place::of(&w.file, span)
    }

    /// A finding in one line: its message, then what failed when the
    /// message does not already say it.
    pub fn headline(&self, f: &Finding) -> String {
        if f.message.contains(&*f.label) {
            f.message.to_string()
        } else {
            format!("{} ({})", f.message, f.label)
        }
    }

    /// The rule id of a finding.
    pub fn rule_id(&self, f: &Finding) -> &str {
        &self.rule(f.rule).id.node
    }

    /// The whitespace-normalised text of a finding's rule expression.
    pub fn expression(&self, f: &Finding) -> String {
        f.span
            .text(self.rule_file(f.rule))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(crate) fn rule(&self, r: RuleRef) -> &crate::ast::Rule {
        &self.rules[r.file].rules[r.index]
    }

    pub(crate) fn severity(&self, r: RuleRef) -> Severity {
        self.rule(r).severity.node
    }

    pub(crate) fn rule_file(&self, r: RuleRef) -> &crate::source::SourceFile {
        &self.rules[r.file].source
    }

    /// Per rule, in order, with counts.
    pub(crate) fn rule_counts(&self) -> impl Iterator<Item = (RuleRef, &crate::ast::Rule, Counts)> {
        let counts = &self.eval.counts;
        all_rules(self.rules).map(move |(r, rule)| {
            let c = counts
                .iter()
                .find(|(x, _)| *x == r)
                .map(|(_, c)| *c)
                .unwrap_or_default();
            (r, rule, c)
        })
    }

    /// The distinct sources of a finding's data values, in the order first
    /// cited: the evidence every format names.
    pub fn sources(&self, refs: &[DataRef]) -> Vec<Source> {
        crate::evidence::distinct(refs.iter().map(|r| r.source.clone()))
    }
}

/// `s` unless `n` is 1, for counted words.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
