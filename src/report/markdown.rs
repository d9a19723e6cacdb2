//! Markdown for a pull-request comment or a job summary: the verdict, a
//! table of rules by pass / fail / unknown / waived, then the findings of
//! each rule in a collapsible `<details>` block, then waiver problems and
//! findings fixed since the baseline.

use super::{Report, Status, plural};
use crate::eval::{Counts, Outcome};
use std::fmt::Write as _;

use super::escape::{markdown_code as code, markdown_html as html, markdown_text as cell};

#[derive(Clone, Copy, Default)]
struct Row {
    pass: usize,
    fail: usize,
    unknown: usize,
    waived: usize,
    known: usize,
}

impl Row {
    fn add(&mut self, o: Row) {
        self.pass += o.pass;
        self.fail += o.fail;
        self.unknown += o.unknown;
        self.waived += o.waived;
        self.known += o.known;
    }
}

/// The report as GitHub-flavoured Markdown.
pub fn render_markdown(report: &Report<'_>) -> String {
    let mut out = String::new();
    let failed = report.failed();
    let _ = writeln!(
        out,
        "## patuh: {}\n",
        if failed { "failed" } else { "passed" }
    );
    let s = report.summary();
    let data_files = report.data.files().len();
    let _ = writeln!(
        out,
        "{}\n\nChecked {} rule{} against {} data file{}: {} subject{}.\n",
        html(&report.verdict()),
        s.rules,
        plural(s.rules),
        data_files,
        plural(data_files),
        s.total.total(),
        plural(s.total.total())
    );

    // Per rule: fail and unknown count only findings that are neither waived
    // nor known, so the columns add up to the subjects.
    let baseline = report.triage.baseline.is_some();
    let rules: Vec<_> = report.rule_counts().collect();
    let mut rows: Vec<Row> = rules
        .iter()
        .map(|(_, _, c): &(_, _, Counts)| Row {
            pass: c.pass,
            ..Row::default()
        })
        .collect();
    for (f, status) in report.findings() {
        let Some(i) = rules.iter().position(|(r, _, _)| *r == f.rule) else {
            continue;
        };
        let row = &mut rows[i];
        match (status, f.outcome) {
            (Status::Waived(_), _) => row.waived += 1,
            (Status::Known, _) => row.known += 1,
            (_, Outcome::Unknown) => row.unknown += 1,
            _ => row.fail += 1,
        }
    }
    out.push_str("| rule | severity | pass | fail | unknown | waived |");
    if baseline {
        out.push_str(" known |");
    }
    out.push_str("\n| --- | --- | ---: | ---: | ---: | ---: |");
    if baseline {
        out.push_str(" ---: |");
    }
    out.push('\n');
    let mut total = Row::default();
    let write_row = |out: &mut String, name: &str, severity: &str, r: Row| {
        let _ = write!(
            out,
            "| {name} | {severity} | {} | {} | {} | {} |",
            r.pass, r.fail, r.unknown, r.waived
        );
        if baseline {
            let _ = write!(out, " {} |", r.known);
        }
        out.push('\n');
    };
    for ((_, rule, _), row) in rules.iter().zip(&rows) {
        total.add(*row);
        let name = match &rule.title {
            Some(t) => format!("{} {}", code(&rule.id.node), cell(&t.node)),
            None => code(&rule.id.node),
        };
        write_row(&mut out, &name, rule.severity.node.as_str(), *row);
    }
    write_row(&mut out, "**total**", "", total);
    let _ = writeln!(
        out,
        "\nFindings in **bold** fail the run (`--fail-on {}`{}).",
        report.fail_on.as_str(),
        if report.strict { ", `--strict`" } else { "" }
    );

    for ((r, rule, _), row) in rules.iter().zip(&rows) {
        let findings: Vec<_> = report.findings().filter(|(f, _)| f.rule == *r).collect();
        if findings.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (row.fail, "fail"),
            (row.unknown, "unknown"),
            (row.waived, "waived"),
            (row.known, "known"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let title = rule
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(": {}", html(&t.node)));
        let _ = writeln!(
            out,
            "\n<details>\n<summary><code>{}</code>{title} ({})</summary>\n",
            html(&rule.id.node),
            parts.join(", ")
        );
        out.push_str(
            "| subject | outcome | finding | data | source | rule |\n| --- | --- | --- | --- | --- | --- |\n",
        );
        for (f, status) in findings {
            let refs = report.data_refs(f);
            let mut outcome = f.outcome.as_str().to_owned();
            if report.fails_run(f, status) {
                outcome = format!("**{outcome}**");
            }
            match (status, report.waiver(status)) {
                (Status::Waived(_), Some(u)) => {
                    outcome.push_str(&format!(
                        " (waived until {}: {})",
                        u.waiver.expires,
                        cell(&u.waiver.reason)
                    ));
                }
                (Status::Known, _) => outcome.push_str(" (known)"),
                _ => {}
            }
            let data = refs
                .iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        code(&format!("{}:{}", d.file, d.line)),
                        cell(&d.describe())
                    )
                })
                .collect::<Vec<_>>()
                .join("<br>");
            let sources = report
                .sources(&refs)
                .iter()
                .map(|s| cell(&s.describe()))
                .collect::<Vec<_>>()
                .join("<br>");
            let rp = report.rule_place(f);
            let _ = writeln!(
                out,
                "| {} | {outcome} | {} | {data} | {sources} | {} {} |",
                cell(&f.subject),
                cell(&report.headline(f)),
                code(&format!("{}:{}", rp.file, rp.line)),
                code(&report.expression(f)),
            );
        }
        out.push_str("\n</details>\n");
    }

    if !report.warnings.is_empty() {
        out.push_str("\n### Warnings\n\n");
        super::problems::markdown_list(&mut out, report.warnings.iter());
    }
    let problems: Vec<_> = report.triage.problems().collect();
    if !problems.is_empty() {
        out.push_str("\n### Waivers to review\n\n");
        for u in problems {
            let p = report.waiver_place(u);
            let _ = writeln!(
                out,
                "- {} {}",
                code(&format!("{}:{}", p.file, p.line)),
                cell(&u.problem().unwrap_or_default())
            );
        }
    }
    if let Some(b) = &report.triage.baseline
        && !report.triage.fixed.is_empty()
    {
        let _ = writeln!(out, "\n### Fixed since the baseline {}\n", code(b));
        for k in &report.triage.fixed {
            let _ = writeln!(
                out,
                "- {} {}: {}",
                code(&k.rule),
                k.outcome,
                cell(&k.subject)
            );
        }
    }
    out
}
