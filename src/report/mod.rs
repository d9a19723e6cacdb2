//! Renders an evaluation for people (miette, Markdown) and for machines
//! (JSON, SARIF, JUnit XML, GitHub workflow commands).
//!
//! Everything here is deterministic: findings come in rule order then data
//! order, paths are the names the files were given, and nothing depends on
//! the clock or the machine (the date that decides whether a waiver expired
//! is an input, see [`Triage`]).

pub mod escape;
mod explain;
mod github;
mod human;
mod json;
pub mod junit;
mod markdown;
pub mod problems;
mod sarif;
mod sarif_problems;
mod status;

pub use explain::render_explanation;
pub use github::render_github;
pub use human::{DiagnosticStyle, render_diagnostic, render_human};
pub use json::{render_json, write_json};
pub use junit::render_junit;
pub use markdown::render_markdown;
pub use problems::Issue;
pub use sarif::render_sarif;
pub use sarif_problems::render_sarif_problems;
pub use status::{Status, Triage, WaiverState, WaiverUse};

use crate::ast::{RuleFile, Severity};
use crate::data::{Dataset, NodeId, View};
use crate::eval::{Counts, Evaluation, Finding, RuleRef, Val, all_rules};

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

/// How many findings fail the run, by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failing {
    /// Failed requirements.
    pub fail: usize,
    /// Unknown outcomes (only with `--strict`).
    pub unknown: usize,
}

/// A place in a file, 1-based; the end column is one past the last character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file's name, as given on the command line.
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column, in characters.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// One past the last column, in characters.
    pub end_column: usize,
}

impl Place {
    fn of(file: &crate::source::SourceFile, span: crate::source::Span) -> Place {
        let (line, column) = file.line_col(span.start as usize);
        let (end_line, end_column) = file.line_col(span.end as usize);
        Place {
            file: file.name().to_owned(),
            line,
            column,
            end_line,
            end_column,
        }
    }
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

/// One data value involved in a finding, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataRef {
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Where in the document: `years.2024.participants.bpu`.
    pub path: String,
    /// The value as data (`128993`, `false`, `Kota Palu`), or `missing`
    /// where a figure was expected.
    pub value: String,
    /// The value as people read it (`128,993`).
    pub shown: String,
    /// The node the location is of (for an unknown, the key the missing figure belongs under).
    pub node: NodeId,
    /// The spreadsheet cell it was read from, if any. For a workbook's
    /// cell, `file`, `line` and `column` are the workbook, the row and the
    /// column number (A is 1); for a CSV cell, the file's line and column.
    pub cell: Option<crate::data::sheet::Cell>,
}

impl DataRef {
    /// The value in words: `years.2024.participants.bpu = 128993`, or where
    /// a missing figure was expected.
    pub fn describe(&self) -> String {
        let what = match (self.path.as_str(), self.value.as_str()) {
            ("", "missing") => "expected in this document".to_owned(),
            (path, "missing") => format!("expected under `{path}`"),
            (path, value) => format!("{path} = {value}"),
        };
        match &self.cell {
            Some(c) => format!(
                "{what} (cell {}, column `{}`)",
                self.cell_reference().unwrap_or_default(),
                c.header
            ),
            None => what,
        }
    }

    /// The cell as people name it (`figures.xlsx!Sheet1!C12`,
    /// `figures.csv:12:31`), for data read from a spreadsheet.
    pub fn cell_reference(&self) -> Option<String> {
        self.cell.as_ref().map(|c| c.reference(self.column))
    }
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

    /// The findings in order, each with its status.
    pub fn findings(&self) -> impl Iterator<Item = (&Finding, Status)> {
        self.eval
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f, self.triage.status.get(i).copied().unwrap_or(Status::New)))
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
        if f.message.contains(&f.label) {
            f.message.clone()
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

    /// The data values of a finding.
    pub fn data_refs(&self, f: &Finding) -> Vec<DataRef> {
        f.data
            .iter()
            .map(|&id| {
                let (value, shown, at) = match self.data.view(id) {
                    // Maps are only ever named as the place a missing figure belongs.
                    View::Map(_) | View::Seq(_) => {
                        let at = owner_key(self.data, id).unwrap_or(id);
                        ("missing".to_owned(), "missing".to_owned(), at)
                    }
                    View::Str(s) => (s.to_owned(), s.to_owned(), id),
                    _ => {
                        let v = Val::from_node(self.data, id);
                        (v.display_plain(self.data), v.display(self.data), id)
                    }
                };
                let loc = self.data.loc(at);
                let (file, line, column) = match loc.cell.as_ref().filter(|c| c.in_workbook()) {
                    Some(c) => (c.book.clone(), c.row, c.column),
                    None => (loc.file.name().to_owned(), loc.line, loc.column),
                };
                DataRef {
                    file,
                    line,
                    column,
                    path: data_path(self.data, id),
                    value,
                    shown,
                    node: at,
                    cell: loc.cell,
                }
            })
            .collect()
    }
}

/// `s` unless `n` is 1, for counted words.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One step from a document's root towards a node.
struct Step {
    /// `.2023` or `[Donggala]`.
    label: String,
    /// The key node of a mapping step.
    key: Option<NodeId>,
}

/// The steps from a document's root to `target`.
///
/// Children always have larger ids than their parent and siblings are in id
/// order, so the way down is found by entering the child whose id range
/// holds the target, without a parent index.
fn steps_to(data: &Dataset, target: NodeId) -> Vec<Step> {
    let mut steps = Vec::new();
    // Documents, entries and items are in id order: each step is a binary
    // search, so a finding costs the depth of its value, not the size of
    // the list it is in (200,000 regencies in one file stay linear).
    let docs = data.docs();
    let Some(&root) = docs
        .partition_point(|d| *d <= target)
        .checked_sub(1)
        .and_then(|i| docs.get(i))
    else {
        return steps;
    };
    let mut at = root;
    while at != target {
        let next = match data.view(at) {
            View::Map(entries) => entries
                .partition_point(|(k, _)| *k <= target)
                .checked_sub(1)
                .map(|i| {
                    let (k, v) = entries[i];
                    steps.push(Step {
                        label: Val::from_node(data, k).display_plain(data),
                        key: Some(k),
                    });
                    if k == target { k } else { v }
                }),
            View::Seq(items) => items
                .partition_point(|i| *i <= target)
                .checked_sub(1)
                .map(|i| {
                    let item = items[i];
                    let name =
                        crate::eval::region_label(data, item).unwrap_or_else(|| i.to_string());
                    steps.push(Step {
                        label: format!("[{name}]"),
                        key: None,
                    });
                    item
                }),
            _ => None,
        };
        match next {
            Some(n) if n > at || n == target => at = n,
            _ => break,
        }
    }
    steps
}

/// The path from a document's root to `target`: `regencies[Donggala].years.2023.funds_bpu`.
pub fn data_path(data: &Dataset, target: NodeId) -> String {
    let mut path = String::new();
    for s in steps_to(data, target) {
        if !path.is_empty() && !s.label.starts_with('[') {
            path.push('.');
        }
        path.push_str(&s.label);
    }
    path
}

/// The key a map or list is written under (`2024:` for that year's figures),
/// which is where a reader looks for a figure that is missing from it.
fn owner_key(data: &Dataset, target: NodeId) -> Option<NodeId> {
    steps_to(data, target).last().and_then(|s| s.key)
}

impl Val {
    /// Like [`Val::display`] but without digit grouping (for paths).
    fn display_plain(&self, data: &Dataset) -> String {
        match self {
            Val::Num(crate::eval::Num::Int(i), _) => i.to_string(),
            Val::Num(crate::eval::Num::Dec(d), _) => d.to_string(),
            v => v.display(data),
        }
    }
}
