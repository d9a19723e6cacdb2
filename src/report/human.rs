//! The human report: one miette diagnostic per finding (the rule expression
//! that failed, then the data values involved), then a summary.

use super::diagnostic::{DiagnosticStyle, render_diagnostic};
use super::{Report, Status, WaiverState, WaiverUse, escape, plural};
use crate::ast::Severity;
use crate::eval::{Finding, Outcome};
use crate::source::{SourceFile, Span};
use miette::{Diagnostic, LabeledSpan};
use std::fmt::{self, Write as _};

/// The whole human report: findings in order, waivers that expired or
/// match nothing, findings fixed since the baseline, then the summary.
pub fn render_human(report: &Report<'_>, style: DiagnosticStyle) -> String {
    let mut out = String::new();
    for (f, status) in report.by_importance() {
        let d = FindingDiagnostic::new(report, f, status);
        out.push_str(&render_diagnostic(&d, style));
        out.push('\n');
    }
    for u in report.triage.problems() {
        out.push_str(&render_diagnostic(&WaiverDiagnostic::new(u), style));
        out.push('\n');
    }
    if let Some(baseline) = &report.triage.baseline
        && !report.triage.fixed.is_empty()
    {
        let _ = writeln!(
            out,
            "fixed since the baseline `{}`:",
            escape::terminal(baseline)
        );
        for k in &report.triage.fixed {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                escape::terminal(&k.rule),
                escape::terminal(&k.outcome),
                escape::terminal(&k.subject)
            );
        }
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}

/// One line per finding, `file:line:col: rule [kind] subject: message`,
/// like a compiler's or ruff's concise output: the most important first,
/// then the summary.
pub fn render_concise(report: &Report<'_>) -> String {
    let t = escape::terminal;
    let mut out = String::new();
    for (f, status) in report.by_importance() {
        let rule = report.rule(f.rule);
        let kind = match f.outcome {
            Outcome::Unknown => "unknown",
            _ => rule.severity.node.as_str(),
        };
        let refs = report.data_refs(f);
        let p = report.primary_place(f, &refs);
        let set_aside = match status {
            Status::New => String::new(),
            s => format!(", {}", s.as_str()),
        };
        let _ = write!(
            out,
            "{}:{}:{}: {} [{kind}{set_aside}] {}: {}",
            t(&p.file),
            p.line,
            p.column,
            t(&rule.id.node),
            t(&f.subject),
            t(&report.headline(f))
        );
        let sources: Vec<String> = report.sources(&refs).iter().map(|s| s.short()).collect();
        if !sources.is_empty() {
            let _ = write!(out, " (source: {})", t(&sources.join("; ")));
        }
        out.push('\n');
    }
    if !report.eval.findings.is_empty() {
        out.push('\n');
    }
    for u in report.triage.problems() {
        let p = report.waiver_place(u);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {}",
            t(&p.file),
            p.line,
            p.column,
            u.code().unwrap_or_default(),
            t(&u.problem().unwrap_or_default())
        );
    }
    out.push_str(&summary(report));
    out
}

/// The end of the human and concise reports: what was checked, a table of
/// the rules, counts by severity, waivers and baseline, warnings, verdict.
fn summary(report: &Report<'_>) -> String {
    let mut out = String::new();
    let s = report.summary();
    let data_files = report.data.files().len();
    let _ = writeln!(
        out,
        "checked {} rule{} against {} data file{}: {} subject{}",
        s.rules,
        plural(s.rules),
        data_files,
        plural(data_files),
        s.total.total(),
        plural(s.total.total()),
    );
    rule_table(&mut out, report);
    let _ = writeln!(
        out,
        "\n  {:<8} {:>7} {:>7} {:>7}",
        "", "pass", "fail", "unknown"
    );
    for (name, c) in [
        ("error", s.error),
        ("warning", s.warning),
        ("info", s.info),
        ("total", s.total),
    ] {
        let _ = writeln!(
            out,
            "  {:<8} {:>7} {:>7} {:>7}",
            name, c.pass, c.fail, c.unknown
        );
    }
    let (waived, known) = report.set_aside();
    if !report.triage.waivers.is_empty() {
        let mut by_state = [0usize; 3];
        for u in &report.triage.waivers {
            by_state[u.state as usize] += 1;
        }
        let n = report.triage.waivers.len();
        let _ = writeln!(
            out,
            "waivers: {waived} finding{} waived; {n} waiver{}: {} active, {} expired, {} stale",
            plural(waived),
            plural(n),
            by_state[WaiverState::Active as usize],
            by_state[WaiverState::Expired as usize],
            by_state[WaiverState::Stale as usize],
        );
    }
    if let Some(baseline) = &report.triage.baseline {
        let _ = writeln!(
            out,
            "baseline `{}`: {known} known, {} fixed",
            escape::terminal(baseline),
            report.triage.fixed.len()
        );
    }
    if let Some(head) = report.completeness_headline() {
        let _ = writeln!(out, "{head}");
        for doc in report.completeness() {
            let _ = writeln!(out, "  {}", escape::terminal(&doc.text()));
        }
    }
    for w in &report.warnings {
        let _ = writeln!(
            out,
            "warning: {} ({})",
            escape::terminal(&w.message),
            w.code
        );
    }
    let verdict = report.verdict();
    let _ = writeln!(out, "{verdict}");
    out
}

/// Per rule: its severity and outcomes, and how many of its findings fail
/// the run, in rule order.
fn rule_table(out: &mut String, report: &Report<'_>) {
    let rules: Vec<_> = report.rule_counts().collect();
    let mut failing = vec![0usize; rules.len()];
    for (f, status) in report.findings() {
        if report.fails_run(f, status)
            && let Some(i) = rules.iter().position(|(r, _, _)| *r == f.rule)
        {
            failing[i] += 1;
        }
    }
    let ids: Vec<String> = rules
        .iter()
        .map(|(_, rule, _)| escape::terminal(&rule.id.node).into_owned())
        .collect();
    let w = ids
        .iter()
        .map(|i| i.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let _ = writeln!(
        out,
        "  {:<w$}  {:<8} {:>7} {:>7} {:>7} {:>7}",
        "rule", "severity", "pass", "fail", "unknown", "failing"
    );
    for (((_, rule, c), id), failing) in rules.iter().zip(&ids).zip(failing) {
        let _ = writeln!(
            out,
            "  {id:<w$}  {:<8} {:>7} {:>7} {:>7} {:>7}",
            rule.severity.node.as_str(),
            c.pass,
            c.fail,
            c.unknown,
            failing
        );
    }
}

/// A finding as a miette diagnostic: the rule expression, with the data
/// values as related diagnostics (one per data file).
struct FindingDiagnostic {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    rule_file: SourceFile,
    rule_label: LabeledSpan,
    related: Vec<DataDiagnostic>,
}

impl FindingDiagnostic {
    fn new(report: &Report<'_>, f: &Finding, status: Status) -> Self {
        let rule = report.rule(f.rule);
        let kind = match f.outcome {
            Outcome::Unknown => "unknown",
            _ => rule.severity.node.as_str(),
        };
        // The help keeps its own line breaks: what goes into it is escaped here.
        let t = escape::terminal;
        let title = rule
            .title
            .as_ref()
            .map_or(String::new(), |x| format!(" ({})", t(&x.node)));
        let set_aside = match (status, report.waiver(status)) {
            (Status::Waived(_), Some(u)) => {
                let w = &u.waiver;
                let by = w
                    .approved_by
                    .as_ref()
                    .map_or(String::new(), |a| format!(", approved by {}", t(a)));
                Some(format!(
                    "waived until {} by {}:{}{by}: {}",
                    w.expires,
                    t(w.file.name()),
                    w.line_col().0,
                    t(&w.reason)
                ))
            }
            (Status::Known, _) => report
                .triage
                .baseline
                .as_ref()
                .map(|b| format!("known: the baseline `{}` has this finding", t(b))),
            _ => None,
        };
        let mut related: Vec<DataDiagnostic> = Vec::new();
        let refs = report.data_refs(f);
        let sources: Vec<String> = report
            .sources(&refs)
            .iter()
            .map(|s| format!("source: {}", t(&s.describe())))
            .collect();
        for (id, r) in f.data.iter().zip(refs) {
            let label = if r.is_missing() {
                match r.path.as_str() {
                    "" => format!("expected in this document: {}", f.label),
                    path => format!("expected under `{path}`: {}", f.label),
                }
            } else {
                match r.cell.as_ref().filter(|c| c.in_workbook()) {
                    Some(c) => format!("{} = {} (cell {}{})", r.path, r.shown, c.letters, c.row),
                    None => format!("{} = {}", r.path, r.shown),
                }
            };
            let loc = report.data.loc(r.node);
            let span = if r.node == *id && r.is_missing() {
                // A whole document lacks the figure: point at its first line.
                Span::new(loc.span.start as usize, loc.span.start as usize)
            } else {
                loc.span
            };
            let mut labeled = vec![LabeledSpan::new_with_span(Some(label), span)];
            // A spreadsheet cell: its header cell too, so the snippet
            // shows the column's name above the row.
            if let Some(c) = loc.cell.as_ref().filter(|_| r.value != "missing") {
                let (line, col, chars) = c.header_at;
                let start = loc.file.offset_of(line, col);
                let header = Span::new(start, start + loc.file.byte_len(start, chars));
                labeled.push(LabeledSpan::new_with_span(
                    Some(format!("column {}", c.letters)),
                    header,
                ));
            }
            match related
                .iter_mut()
                .find(|d| d.file.name() == loc.file.name())
            {
                Some(d) => {
                    for l in labeled {
                        if !d
                            .labels
                            .iter()
                            .any(|x| x.offset() == l.offset() && x.label() == l.label())
                        {
                            d.labels.push(l);
                        }
                    }
                }
                None => related.push(DataDiagnostic {
                    file: loc.file.clone(),
                    labels: labeled,
                }),
            }
        }
        let rule_help = match (&rule.basis, title.is_empty()) {
            (Some(b), _) => Some(format!("rule{title}, basis: {}", t(&b.node))),
            (None, false) => Some(format!("rule{title}")),
            (None, true) => None,
        };
        let lines: Vec<String> = set_aside
            .into_iter()
            .chain(rule_help)
            .chain(sources)
            .collect();
        FindingDiagnostic {
            code: match status {
                Status::New => format!("{}[{kind}]", rule.id.node),
                _ => format!("{}[{kind}, {}]", rule.id.node, status.as_str()),
            },
            message: format!("{}: {}", f.subject, f.message),
            severity: match (status, f.outcome, rule.severity.node) {
                (Status::Waived(_) | Status::Known, _, _) => miette::Severity::Advice,
                (_, Outcome::Unknown, _) | (_, _, Severity::Warning) => miette::Severity::Warning,
                (_, _, Severity::Info) => miette::Severity::Advice,
                (_, _, Severity::Error) => miette::Severity::Error,
            },
            help: (!lines.is_empty()).then(|| lines.join("\n")),
            rule_file: report.rule_file(f.rule).clone(),
            rule_label: LabeledSpan::new_primary_with_span(Some(f.label.to_string()), f.span),
            related,
        }
    }
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.rule_file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.rule_label.clone())))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

/// The data values of a finding in one file.
struct DataDiagnostic {
    file: SourceFile,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for DataDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "data in {}", self.file.name())
    }
}

impl fmt::Display for DataDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "data in `{}`", self.file.name())
    }
}

impl std::error::Error for DataDiagnostic {}

impl Diagnostic for DataDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A waiver that expired or matches nothing, pointing at its entry.
struct WaiverDiagnostic {
    code: &'static str,
    message: String,
    help: &'static str,
    file: SourceFile,
    label: LabeledSpan,
}

impl WaiverDiagnostic {
    fn new(u: &WaiverUse) -> Self {
        let (label, span) = match u.state {
            WaiverState::Expired => (
                format!("expired on {}", u.waiver.expires),
                u.waiver.expires_span,
            ),
            _ => ("matches no finding".to_owned(), u.waiver.subject_span),
        };
        WaiverDiagnostic {
            code: u.code().unwrap_or_default(),
            message: u.problem().unwrap_or_default(),
            help: u.help(),
            file: u.waiver.file.clone(),
            label: LabeledSpan::new_primary_with_span(Some(label), span),
        }
    }
}

impl fmt::Debug for WaiverDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for WaiverDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WaiverDiagnostic {}

impl Diagnostic for WaiverDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Warning)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}
