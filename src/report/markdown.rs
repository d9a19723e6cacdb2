//! Markdown for a pull-request comment or a job summary: the verdict, a
//! table of rules by pass / fail / unknown / waived, then the findings of
//! each rule in a collapsible `<details>` block (open when some of them
//! fail the run; the most important first, so with a baseline the new
//! failures come before the known ones), then warnings, waiver problems and
//! findings fixed since the baseline.
//!
//! The report keeps within a size budget ([`super::Options::markdown_budget`]:
//! a pull-request comment holds 65,536 characters, a job summary 1 MiB):
//! findings that do not fit are left out, and a note says how many and
//! where to read them all. With `--link-base`, every place is a link to its
//! line (`BASE/data/x.yaml#L100`).

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

    /// Every subject passed: nothing failed, was unknown, waived or known.
    fn is_clean(&self) -> bool {
        self.fail + self.unknown + self.waived + self.known == 0
    }
}

/// Room kept for closing a table and the truncation note.
const RESERVE: usize = 600;

/// A place as Markdown: a link to its line under `--link-base`, else code.
fn place(report: &Report<'_>, file: &str, line: usize) -> String {
    let text = format!("{file}:{line}");
    match report.options.link(file, line) {
        Some(url) => format!("[{}]({url})", cell(&text)),
        None => code(&text),
    }
}

/// The report as GitHub-flavoured Markdown, within the size budget.
pub fn render_markdown(report: &Report<'_>) -> String {
    let budget = report.options.markdown_budget();
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
    let mut by_rule: Vec<Vec<(&crate::eval::Finding, Status)>> = vec![Vec::new(); rules.len()];
    for (f, status) in report.by_importance() {
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
        by_rule[i].push((f, status));
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
    // The table has a quarter of the budget: rules with findings first
    // when it must be cut, the rest summed up in one row.
    let table_room = out.len() + budget / 4;
    let mut order: Vec<usize> = (0..rules.len()).collect();
    let mut table = String::new();
    let mut cut: Option<(usize, Row)> = None;
    for pass in [false, true] {
        if pass {
            if table.len() + out.len() <= table_room {
                break;
            }
            // Too long: again, findings first, within the room.
            order.sort_by_key(|&i| rows[i].is_clean());
            table.clear();
        }
        for &i in &order {
            let ((_, rule, _), row) = (&rules[i], rows[i]);
            let name = match &rule.title {
                Some(t) => format!("{} {}", code(&rule.id.node), cell(&t.node)),
                None => code(&rule.id.node),
            };
            if pass && (cut.is_some() || out.len() + table.len() + name.len() + 60 > table_room) {
                let (n, sum) = cut.get_or_insert((0, Row::default()));
                *n += 1;
                sum.add(row);
                continue;
            }
            write_row(&mut table, &name, rule.severity.node.as_str(), row);
        }
    }
    out.push_str(&table);
    if let Some((n, sum)) = cut {
        let what = if sum.is_clean() {
            format!("*{n} more rule{}, every subject passing*", plural(n))
        } else {
            format!("*{n} more rule{} (`--markdown-budget`)*", plural(n))
        };
        write_row(&mut out, &what, "", sum);
    }
    for row in &rows {
        total.add(*row);
    }
    write_row(&mut out, "**total**", "", total);
    let _ = writeln!(
        out,
        "\nFindings in **bold** fail the run (`--fail-on {}`{}); they come first.",
        report.fail_on.as_str(),
        if report.strict { ", `--strict`" } else { "" }
    );
    let incomplete = report.completeness();
    if !incomplete.is_empty() {
        out.push_str("\n### Data completeness\n\n");
        let room = out.len() + budget / 8;
        for (i, doc) in incomplete.iter().enumerate() {
            if out.len() > room {
                let left = incomplete.len() - i;
                let _ = writeln!(
                    out,
                    "- *{left} more document{} (`--markdown-budget`; the JSON report lists them all)*",
                    plural(left)
                );
                break;
            }
            let lacks: Vec<String> = doc
                .lacks
                .iter()
                .map(|l| format!("no {} ({})", code(&l.field), l.consequence()))
                .collect();
            let _ = writeln!(
                out,
                "- {} {}: {}",
                cell(&doc.document),
                code(&doc.file),
                lacks.join("; ")
            );
        }
    }

    let mut tail = tail(report);
    if tail.len() > budget / 2 {
        // Keep whole lines of the first half of the budget.
        let cut = tail[..budget / 2].rfind('\n').unwrap_or(0);
        let dropped = tail[cut..].lines().filter(|l| l.starts_with("- ")).count();
        tail.truncate(cut);
        let _ = writeln!(
            tail,
            "\n> **{dropped} more item{} not shown** (`--markdown-budget`).",
            plural(dropped)
        );
    }
    let room = budget.saturating_sub(out.len() + tail.len() + RESERVE);
    let mut left_out = 0usize;
    let mut used = 0usize;
    for ((_, rule, _), (row, findings)) in rules.iter().zip(rows.iter().zip(&by_rule)) {
        if findings.is_empty() {
            continue;
        }
        if used >= room {
            left_out += findings.len();
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
        let open = if findings.iter().any(|(f, s)| report.fails_run(f, *s)) {
            " open"
        } else {
            ""
        };
        let mut block = format!(
            "\n<details{open}>\n<summary><code>{}</code>{title} ({})</summary>\n\n\
             | subject | outcome | finding | data | source | rule |\n| --- | --- | --- | --- | --- | --- |\n",
            html(&rule.id.node),
            parts.join(", ")
        );
        let mut shown = 0;
        for (f, status) in findings {
            let line = finding_row(report, f, *status);
            if used + block.len() + line.len() > room {
                break;
            }
            block.push_str(&line);
            shown += 1;
        }
        if shown == 0 {
            left_out += findings.len();
            used = room;
            continue;
        }
        left_out += findings.len() - shown;
        block.push_str("\n</details>\n");
        used += block.len();
        out.push_str(&block);
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "\n> **{left_out} more finding{} not shown**: this report stops at {budget} characters \
             (`--markdown-budget`). The SARIF and JSON reports, and `patuh check --format concise`, have every finding.",
            plural(left_out)
        );
    }
    out.push_str(&tail);
    out
}

/// One finding as a table row.
fn finding_row(report: &Report<'_>, f: &crate::eval::Finding, status: Status) -> String {
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
        .map(|d| format!("{} {}", place(report, &d.file, d.line), cell(&d.describe())))
        .collect::<Vec<_>>()
        .join("<br>");
    let sources = report
        .sources(&refs)
        .iter()
        .map(source)
        .collect::<Vec<_>>()
        .join("<br>");
    let rp = report.rule_place(f);
    format!(
        "| {} | {outcome} | {} | {data} | {sources} | {} {} |\n",
        cell(&f.subject),
        cell(&report.headline(f)),
        place(report, &rp.file, rp.line),
        code(&report.expression(f)),
    )
}

/// A source: its description, linked to its `url` when that is a web
/// address (nothing else becomes a link).
fn source(s: &super::Source) -> String {
    let url = s.url.as_deref().filter(|u| {
        (u.starts_with("https://") || u.starts_with("http://"))
            && !u
                .chars()
                .any(|c| c.is_whitespace() || "()<>\"'`|\\[]".contains(c))
    });
    let text = super::Source {
        url: None,
        ..s.clone()
    }
    .describe();
    match url {
        Some(u) => format!("[{}]({u})", cell(&text)),
        None => cell(&s.describe()),
    }
}

/// Warnings, waivers to review and findings fixed since the baseline.
fn tail(report: &Report<'_>) -> String {
    let mut out = String::new();
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
                place(report, &p.file, p.line),
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
