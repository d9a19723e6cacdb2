//! GitHub Actions workflow commands: one annotation per finding, on the data
//! line, e.g.
//!
//! ```text
//! ::error file=data/x.yaml,line=100,col=20,endColumn=25,title=fund_bpu [error]::Sulawesi Tengah / ...
//! ```
//!
//! A finding that fails the run is an `error`; other failures and unknowns
//! of error and warning rules are `warning`s; the rest (info rules, waived
//! and known findings) are `notice`s. The message names the rule
//! expression, since an annotation has one place only.

use super::{Place, Report, Status};
use crate::ast::Severity;
use crate::eval::Outcome;
use std::fmt::Write as _;

use super::escape::{github_message, github_property, terminal};

fn command(out: &mut String, level: &str, place: Option<&Place>, title: &str, message: &str) {
    let mut props = Vec::new();
    if let Some(p) = place {
        props.push(format!("file={}", github_property(&p.file)));
        props.push(format!("line={}", p.line));
        if p.end_line != p.line {
            props.push(format!("endLine={}", p.end_line));
        }
        props.push(format!("col={}", p.column));
        if p.end_line == p.line && p.end_column > p.column {
            props.push(format!("endColumn={}", p.end_column));
        }
    }
    props.push(format!("title={}", github_property(title)));
    let _ = writeln!(
        out,
        "::{level} {}::{}",
        props.join(","),
        github_message(message)
    );
}

/// The report as workflow commands, one per line, then the verdict.
pub fn render_github(report: &Report<'_>) -> String {
    let mut out = String::new();
    for (f, status) in report.findings() {
        let rule = report.rule(f.rule);
        let severity = rule.severity.node;
        let kind = match f.outcome {
            Outcome::Unknown => "unknown",
            _ => severity.as_str(),
        };
        let level = if report.fails_run(f, status) {
            "error"
        } else {
            match (status, severity) {
                (Status::New, Severity::Error | Severity::Warning) => "warning",
                _ => "notice",
            }
        };
        let title = match status {
            Status::New => format!("{} [{kind}]", rule.id.node),
            _ => format!("{} [{kind}, {}]", rule.id.node, status.as_str()),
        };
        let refs = report.data_refs(f);
        let rp = report.rule_place(f);
        // The message's own line breaks stay; the data's are escaped.
        let mut message = format!(
            "{}: {}\nrule at {}:{}:{}: {}",
            terminal(&f.subject),
            terminal(&f.message),
            terminal(&rp.file),
            rp.line,
            rp.column,
            terminal(&f.label)
        );
        if let Some((r, c)) = refs.first().and_then(|r| r.cell.as_ref().map(|c| (r, c))) {
            let _ = write!(
                message,
                "\ncell {}, column `{}`",
                terminal(&r.cell_reference().unwrap_or_default()),
                terminal(&c.header)
            );
        }
        for r in refs.iter().skip(1) {
            let _ = write!(
                message,
                "\nalso {}:{}: {}",
                terminal(&r.file),
                r.line,
                terminal(&r.describe())
            );
        }
        if let Some(u) = report.waiver(status) {
            let _ = write!(
                message,
                "\nwaived until {}: {}",
                u.waiver.expires,
                terminal(&u.waiver.reason)
            );
        }
        command(
            &mut out,
            level,
            Some(&report.primary_place(f, &refs)),
            &title,
            &message,
        );
    }
    for u in report.triage.problems() {
        command(
            &mut out,
            "warning",
            Some(&report.waiver_place(u)),
            u.code().unwrap_or_default(),
            &format!(
                "{}\n{}",
                terminal(&u.problem().unwrap_or_default()),
                u.help()
            ),
        );
    }
    for k in &report.triage.fixed {
        command(
            &mut out,
            "notice",
            None,
            "fixed since the baseline",
            &terminal(&format!("{} {}: {}", k.rule, k.outcome, k.subject)),
        );
    }
    for w in &report.warnings {
        super::problems::github_command(&mut out, w);
    }
    let _ = writeln!(out, "patuh: {}", terminal(&report.verdict()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_what_github_reads_as_syntax() {
        assert_eq!(
            github_message("50% of a\r\nb: c, d"),
            "50%25 of a\\r%0Ab: c, d"
        );
        assert_eq!(github_property("a: b, 5%"), "a%3A b%2C 5%25");
        let mut out = String::new();
        command(&mut out, "error", None, "r [error]", "x:y");
        assert_eq!(out, "::error title=r [error]::x:y\n");
    }
}
