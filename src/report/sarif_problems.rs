//! SARIF for a run whose input is broken: a rule entry per problem code, a
//! result per problem at its place, a tool notification for a problem
//! without one.

use super::Issue;
use super::sarif::{
    Invocation, Location, Message, SCHEMA, information_uri, location, message, notification,
    rule_name,
};
use serde::Serialize;

#[derive(Serialize)]
struct ProblemLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [ProblemRun<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProblemRun<'a> {
    tool: ProblemTool<'a>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<ProblemResult>,
}

#[derive(Serialize)]
struct ProblemTool<'a> {
    driver: ProblemDriver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProblemDriver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<ProblemRule<'a>>,
}

/// A problem code as a SARIF rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProblemRule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Message,
    full_description: Message,
    help: Message,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProblemResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
}

/// The SARIF log of a run whose input is broken: a rule entry per code, a
/// result per problem at its file, line and column, a tool notification
/// for a problem without a place; `executionSuccessful` is false.
/// `options` gives the links (`--link-base`), as in the report of a run.
pub fn render_sarif_problems(
    errors: &[Issue],
    warnings: &[Issue],
    options: &super::Options,
) -> String {
    let all: Vec<&Issue> = errors.iter().chain(warnings).collect();
    let mut codes: Vec<&str> = all.iter().map(|i| i.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<ProblemRule<'_>> = codes
        .iter()
        .map(|c| ProblemRule {
            id: c,
            name: rule_name(c),
            short_description: message(c),
            full_description: message(format!(
                "patuh could not check its input: {c} (docs/diagnostics.md has every code)"
            )),
            // What to do: the problem's own help where it has one, and the
            // page that has every code with a bad example and the fix.
            help: message(
                match all
                    .iter()
                    .find(|i| i.code == *c)
                    .and_then(|i| i.help.as_deref())
                {
                    Some(h) => format!("{h} (every code: docs/diagnostics.md)"),
                    None => {
                        "every code, with a bad example and the fix: docs/diagnostics.md".to_owned()
                    }
                },
            ),
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for issue in &all {
        let level = if issue.severity == "error" {
            "error"
        } else {
            "warning"
        };
        match issue.place() {
            Some(p) => results.push(ProblemResult {
                rule_id: issue.code.clone(),
                rule_index: codes.binary_search(&issue.code.as_str()).unwrap_or(0),
                level,
                message: Message {
                    text: issue.text_with(super::escape::sarif_text),
                    markdown: None,
                },
                locations: [location(None, &p, None)],
            }),
            None => notifications.push(notification(issue)),
        }
    }
    let log = ProblemLog {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [ProblemRun {
            tool: ProblemTool {
                driver: ProblemDriver {
                    name: "patuh",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(options),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = Vec::new();
    // Writing to memory cannot fail, and serde_json writes UTF-8.
    let _ = super::escape::write_pretty_json(&mut out, &log);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}
