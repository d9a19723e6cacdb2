//! Renders an evaluation for people (miette) and for machines (JSON).
//!
//! Everything here is deterministic: findings come in rule order then data
//! order, paths are the names the files were given, and nothing depends on
//! the clock or the machine.

mod human;
mod json;

pub use human::{DiagnosticStyle, render_diagnostic, render_human};
pub use json::{render_json, write_json};

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
    /// `--strict`: unknown outcomes of error rules fail the run too.
    pub strict: bool,
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

    /// Whether the run fails (exit 1): an error-level failure, or with
    /// `--strict` an error-level unknown.
    pub fn failed(&self) -> bool {
        let s = self.summary();
        s.error.fail > 0 || (self.strict && s.error.unknown > 0)
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
                DataRef {
                    file: loc.file.name().to_owned(),
                    line: loc.line,
                    column: loc.column,
                    path: data_path(self.data, id),
                    value,
                    shown,
                    node: at,
                }
            })
            .collect()
    }
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
    let Some(&root) = data.docs().iter().rev().find(|d| **d <= target) else {
        return steps;
    };
    let mut at = root;
    while at != target {
        let next = match data.view(at) {
            View::Map(entries) => {
                entries
                    .iter()
                    .take_while(|(k, _)| *k <= target)
                    .last()
                    .map(|&(k, v)| {
                        steps.push(Step {
                            label: Val::from_node(data, k).display_plain(data),
                            key: Some(k),
                        });
                        if k == target { k } else { v }
                    })
            }
            View::Seq(items) => {
                let pos = items.iter().take_while(|i| **i <= target).count();
                pos.checked_sub(1).map(|i| {
                    let item = items[i];
                    let name =
                        crate::eval::region_label(data, item).unwrap_or_else(|| i.to_string());
                    steps.push(Step {
                        label: format!("[{name}]"),
                        key: None,
                    });
                    item
                })
            }
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
