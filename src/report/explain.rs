//! `patuh explain` for people: per subject, its outcome, the condition with
//! the value of every part, and the data lines it read.

use super::Report;
use super::escape::terminal;
use crate::ast::RuleFile;
use crate::data::Dataset;
use crate::eval::{Evaluation, Explanation, Finding, Outcome};
use std::fmt::Write as _;

/// Data values listed per subject; a quantifier over a national data set
/// reads thousands.
const MAX_ROWS: usize = 12;

/// Renders an explanation: the rule, then a block per subject, then counts.
pub fn render_explanation(ex: &Explanation, rules: &[RuleFile], data: &Dataset) -> String {
    let empty = Evaluation::default();
    let report = Report {
        rules,
        data,
        eval: &empty,
        strict: false,
        fail_on: crate::report::FailOn::Error,
        triage: crate::report::Triage::default(),
        warnings: Vec::new(),
        options: Default::default(),
    };
    let rule = report.rule(ex.rule);
    let file = report.rule_file(ex.rule);
    let (line, _) = file.line_col(rule.span.start as usize);
    let mut out = format!("rule {}", terminal(&rule.id.node));
    if let Some(t) = &rule.title {
        let _ = write!(out, " \"{}\"", terminal(&t.node));
    }
    let _ = writeln!(out, " ({}:{line})", terminal(file.name()));
    let mut counts = [0usize; 4];
    for s in &ex.subjects {
        let outcome = match s.outcome {
            Some(o) => {
                counts[o as usize] += 1;
                o.as_str()
            }
            None => {
                counts[3] += 1;
                "left out by `where`"
            }
        };
        let _ = writeln!(out, "\n{}: {outcome}", terminal(&s.subject));
        for (depth, text) in &s.steps {
            let _ = writeln!(out, "{}{}", "  ".repeat(depth + 1), terminal(text));
        }
        // the data, as the report shows it: a missing figure first, where it was expected
        let expected = s.missing.as_ref().and_then(|(_, at)| *at);
        let mut ids: Vec<_> = expected.into_iter().collect();
        ids.extend(s.data.iter().copied().filter(|id| Some(*id) != expected));
        if ids.is_empty() {
            continue;
        }
        let finding = Finding {
            rule: ex.rule,
            outcome: Outcome::Unknown,
            subject: Box::default(),
            message: Box::default(),
            span: rule.span,
            label: Box::default(),
            data: ids.into_boxed_slice(),
        };
        let rows: Vec<(String, String)> = report
            .data_refs(&finding)
            .into_iter()
            .map(|d| {
                let what = if d.is_missing() {
                    // worded as the check report labels it
                    let missing = s
                        .missing
                        .as_ref()
                        .map_or("a figure is missing", |(m, _)| m.as_str());
                    match d.path.as_str() {
                        "" => format!("expected in this document: {missing}"),
                        path => format!("expected under `{path}`: {missing}"),
                    }
                } else {
                    format!("{} = {}", d.path, d.shown)
                };
                let at = format!("{}:{}:{}", d.file, d.line, d.column);
                (terminal(&at).into_owned(), terminal(&what).into_owned())
            })
            .collect();
        let width = rows
            .iter()
            .map(|(at, _)| at.chars().count())
            .max()
            .unwrap_or(0);
        out.push_str("  data:\n");
        let more = rows.len().saturating_sub(MAX_ROWS);
        for (at, what) in rows.into_iter().take(MAX_ROWS) {
            let pad = width - at.chars().count();
            let _ = writeln!(out, "    {at}{}  {what}", " ".repeat(pad));
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "    ... and {more} more value{} read",
                if more == 1 { "" } else { "s" }
            );
        }
    }
    let n = ex.subjects.len() - counts[3];
    let _ = write!(
        out,
        "\n{n} subject{}: {} pass, {} fail, {} unknown",
        if n == 1 { "" } else { "s" },
        counts[Outcome::Pass as usize],
        counts[Outcome::Fail as usize],
        counts[Outcome::Unknown as usize],
    );
    if counts[3] > 0 {
        let _ = write!(out, "; {} left out by `where`", counts[3]);
    }
    out.push('\n');
    out
}
