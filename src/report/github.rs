//! GitHub Actions workflow commands: one annotation per finding, on the data
//! line, the most important first, e.g.
//!
//! ```text
//! ::error file=data/x.yaml,line=100,col=20,endColumn=25,title=Every regency must fund BPU coverage (fund_bpu)::Sulawesi Tengah / ...
//! ```
//!
//! The level is the one SARIF gives ([`Report::level`]): `error` for a
//! finding that fails the run, `warning` for other failures of error and
//! warning rules, `notice` for the rest (unknown outcomes, info rules,
//! waived and known findings). GitHub shows at most ten annotations of each
//! level per step and drops the rest without a word, so patuh writes at most
//! ten of each, the most important first, and ends with a notice saying how
//! many more there are and where to read them.

use super::{Level, Place, Report, Status};
use std::fmt::Write as _;

use super::escape::{github_message, github_property, terminal};

/// Annotations GitHub shows per level and step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// One workflow command, not yet written.
#[derive(Clone)]
struct Command {
    level: Level,
    place: Option<Place>,
    title: String,
    message: String,
}

fn write_command(out: &mut String, c: &Command) {
    let mut props = Vec::new();
    if let Some(p) = &c.place {
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
    props.push(format!("title={}", github_property(&c.title)));
    let _ = writeln!(
        out,
        "::{} {}::{}",
        c.level.github(),
        props.join(","),
        github_message(&c.message)
    );
}

/// Writes `commands` (most important first) with at most ten of each level,
/// then a notice for those left out.
fn write_limited(out: &mut String, commands: &[Command]) {
    let levels: Vec<Level> = commands.iter().map(|c| c.level).collect();
    write_chosen(out, &levels, |i| commands.get(i).cloned());
}

/// Which of the commands of these levels (most important first) are shown:
/// at most ten of each level, or nine notices when some are left out, the
/// closing notice taking the tenth place.
fn chosen(levels: &[Level]) -> Vec<bool> {
    let fits = |notice_room: usize| {
        let mut shown = [0usize; 3];
        let mut keep = Vec::with_capacity(levels.len());
        for level in levels {
            let room = match level {
                Level::Note => notice_room,
                _ => ANNOTATIONS_PER_LEVEL,
            };
            let n = &mut shown[*level as usize];
            keep.push(*n < room);
            *n += usize::from(*n < room);
        }
        keep
    };
    let keep = fits(ANNOTATIONS_PER_LEVEL);
    if keep.contains(&false) {
        fits(ANNOTATIONS_PER_LEVEL - 1)
    } else {
        keep
    }
}

/// Writes the chosen commands, each made by `make` only when it is shown
/// (a run of 200,000 findings formats twenty messages, not 200,000), then
/// the notice of those left out.
fn write_chosen(out: &mut String, levels: &[Level], make: impl Fn(usize) -> Option<Command>) {
    let keep = chosen(levels);
    let mut left = [0usize; 3];
    for (i, (level, k)) in levels.iter().zip(&keep).enumerate() {
        if !*k {
            left[*level as usize] += 1;
        } else if let Some(c) = make(i) {
            write_command(out, &c);
        }
    }
    let total: usize = left.iter().sum();
    if total > 0 {
        let parts: Vec<String> = [
            (left[Level::Error as usize], "error"),
            (left[Level::Warning as usize], "warning"),
            (left[Level::Note as usize], "notice"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", super::plural(*n)))
        .collect();
        write_command(
            out,
            &Command {
                level: Level::Note,
                place: None,
                title: format!("{total} more annotation{}", super::plural(total)),
                message: format!(
                    "{total} more annotation{} not shown ({}): GitHub shows {ANNOTATIONS_PER_LEVEL} of each level per step. \
                     See the job summary (the Markdown report) or the SARIF report for all of them.",
                    super::plural(total),
                    parts.join(", ")
                ),
            },
        );
    }
}

/// The report as workflow commands, one per line, then the verdict.
pub fn render_github(report: &Report<'_>) -> String {
    let findings = report.by_importance();
    let mut levels: Vec<Level> = findings.iter().map(|(f, s)| report.level(f, *s)).collect();
    let mut others = Vec::new();
    for u in report.triage.problems() {
        others.push(Command {
            level: Level::Warning,
            place: Some(report.waiver_place(u)),
            title: u.code().unwrap_or_default().to_owned(),
            message: format!(
                "{}\n{}",
                terminal(&u.problem().unwrap_or_default()),
                u.help()
            ),
        });
    }
    for w in &report.warnings {
        others.push(issue_command(w));
    }
    for k in &report.triage.fixed {
        others.push(Command {
            level: Level::Note,
            place: None,
            title: "fixed since the baseline".to_owned(),
            message: terminal(&format!("{} {}: {}", k.rule, k.outcome, k.subject)).into_owned(),
        });
    }
    levels.extend(others.iter().map(|c| c.level));
    // The data's completeness: one notice for the whole data set, a line
    // per document, first, so that the limit never leaves it out.
    let completeness = report.completeness_headline().map(|head| {
        let lines: Vec<String> = report
            .completeness()
            .iter()
            .map(|d| terminal(&d.text()).into_owned())
            .collect();
        Command {
            level: Level::Note,
            place: None,
            title: head,
            message: lines.join("\n"),
        }
    });
    let first = usize::from(completeness.is_some());
    if completeness.is_some() {
        levels.insert(0, Level::Note);
    }
    let mut out = String::new();
    write_chosen(&mut out, &levels, |i| match i.checked_sub(first) {
        None => completeness.clone(),
        Some(i) => match findings.get(i) {
            Some((f, status)) => Some(finding_command(report, f, *status)),
            None => others.get(i - findings.len()).cloned(),
        },
    });
    let _ = writeln!(out, "patuh: {}", terminal(&report.verdict()));
    out
}

/// A finding as a workflow command.
fn finding_command(report: &Report<'_>, f: &crate::eval::Finding, status: Status) -> Command {
    let rule = report.rule(f.rule);
    let id = &rule.id.node;
    let title = match &rule.title {
        Some(t) => format!("{} ({id})", t.node),
        None => id.clone(),
    };
    let title = match (status, f.outcome) {
        (Status::New, crate::eval::Outcome::Unknown) => format!("{title}: unknown"),
        (Status::New, _) => title,
        _ => format!("{title}: {}", status.as_str()),
    };
    let refs = report.data_refs(f);
    let rp = report.rule_place(f);
    // The message's own line breaks stay; the data's are escaped.
    let mut message = format!(
        "{}: {}\nrule {} at {}:{}:{}: {}",
        terminal(&f.subject),
        terminal(&f.message),
        terminal(id),
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
    for s in report.sources(&refs) {
        let _ = write!(message, "\nsource: {}", terminal(&s.describe()));
    }
    if let Some(u) = report.waiver(status) {
        let _ = write!(
            message,
            "\nwaived until {}: {}",
            u.waiver.expires,
            terminal(&u.waiver.reason)
        );
    }
    Command {
        level: report.level(f, status),
        place: Some(report.primary_place(f, &refs)),
        title,
        message,
    }
}

/// A problem or warning about the input as a command, titled with its code.
fn issue_command(issue: &super::Issue) -> Command {
    Command {
        level: if issue.severity == "error" {
            Level::Error
        } else {
            Level::Warning
        },
        place: issue.place(),
        title: issue.code.clone(),
        message: issue.text_with(|s| terminal(s).into_owned()),
    }
}

/// Problems and warnings about the input, errors first, as commands (at
/// most ten of each level).
pub(super) fn render_issues(out: &mut String, errors: &[super::Issue], warnings: &[super::Issue]) {
    let commands: Vec<Command> = errors.iter().chain(warnings).map(issue_command).collect();
    write_limited(out, &commands);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(n: usize) -> Command {
        Command {
            level: Level::Note,
            place: None,
            title: format!("t{n}"),
            message: "m".into(),
        }
    }

    #[test]
    fn commands_escape_what_github_reads_as_syntax() {
        assert_eq!(
            github_message("50% of a\r\nb: c, d"),
            "50%25 of a\\r%0Ab: c, d"
        );
        assert_eq!(github_property("a: b, 5%"), "a%3A b%2C 5%25");
        let mut out = String::new();
        write_command(
            &mut out,
            &Command {
                level: Level::Error,
                place: None,
                title: "r [error]".into(),
                message: "x:y".into(),
            },
        );
        assert_eq!(out, "::error title=r [error]::x:y\n");
    }

    #[test]
    fn at_most_ten_of_a_level_then_a_notice_of_the_rest() {
        let mut out = String::new();
        write_limited(&mut out, &(0..10).map(note).collect::<Vec<_>>());
        assert_eq!(out.lines().count(), 10);
        assert!(!out.contains("more annotation"));
        let mut out = String::new();
        write_limited(&mut out, &(0..25).map(note).collect::<Vec<_>>());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 10, "{out}");
        assert!(lines[8].contains("title=t8"));
        assert!(
            lines[9].starts_with(
                "::notice title=16 more annotations::16 more annotations not shown (16 notices)"
            ),
            "{out}"
        );
    }
}
