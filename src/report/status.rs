//! What each finding counts for (new, known from a baseline, or waived), and
//! what became of every waiver and of the baseline's findings.

use crate::ast::RuleFile;
use crate::baseline::{Baseline, KnownFinding};
use crate::eval::{Evaluation, all_rules};
use crate::waivers::{Date, Waiver};
use std::collections::HashMap;

/// What a finding counts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Neither waived nor in the baseline: the findings `--fail-on` looks at.
    /// Without a baseline every finding that is not waived is new.
    New,
    /// The baseline has it (same rule, subject and outcome).
    Known,
    /// An active waiver covers it: the index into [`Triage::waivers`].
    Waived(usize),
}

impl Status {
    /// `new`, `known` or `waived`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Known => "known",
            Status::Waived(_) => "waived",
        }
    }
}

/// Whether a waiver still holds and covers anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaiverState {
    /// In force and covering at least one finding.
    Active,
    /// In force but covering nothing: the finding was fixed, the subject
    /// renamed, or the pattern is wrong.
    Stale,
    /// Past its expiry date: it waives nothing any more.
    Expired,
}

impl WaiverState {
    /// `active`, `stale` or `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverState::Active => "active",
            WaiverState::Stale => "stale",
            WaiverState::Expired => "expired",
        }
    }
}

/// A waiver of the register and what it did in this run.
#[derive(Clone, Debug)]
pub struct WaiverUse {
    /// The waiver.
    pub waiver: Waiver,
    /// Whether it holds and covers anything.
    pub state: WaiverState,
    /// Findings its rule and pattern match (for an expired waiver, the
    /// findings it would have waived).
    pub matches: usize,
    /// Why it matches nothing, when that is known (a rule that does not exist).
    pub note: Option<String>,
}

impl WaiverUse {
    /// The diagnostic code of a waiver problem: `patuh::waiver::expired` or
    /// `patuh::waiver::stale`; a waiver in force is no problem.
    pub fn code(&self) -> Option<&'static str> {
        match self.state {
            WaiverState::Expired => Some("patuh::waiver::expired"),
            WaiverState::Stale => Some("patuh::waiver::stale"),
            WaiverState::Active => None,
        }
    }

    /// What to do about a waiver problem.
    pub fn help(&self) -> &'static str {
        match self.state {
            WaiverState::Expired => {
                "fix the findings, or renew the waiver with a later `expires` and a current `reason`"
            }
            WaiverState::Stale => {
                "remove the waiver if its findings were fixed, or correct its `rule` or `subject`"
            }
            WaiverState::Active => "",
        }
    }

    /// One line on what is wrong with the waiver; `None` for an active one.
    pub fn problem(&self) -> Option<String> {
        let w = &self.waiver;
        let what = format!("waiver for `{}` on `{}`", w.rule, w.subject);
        let text = match self.state {
            WaiverState::Active => return None,
            WaiverState::Expired => match self.matches {
                0 => format!("{what} expired on {}", w.expires),
                n => format!(
                    "{what} expired on {}: {n} finding{} no longer waived",
                    w.expires,
                    if n == 1 { " is" } else { "s are" }
                ),
            },
            WaiverState::Stale => format!("{what} matches no finding"),
        };
        Some(match &self.note {
            Some(note) => format!("{text} ({note})"),
            None => text,
        })
    }
}

/// The waivers and the baseline applied to one evaluation.
#[derive(Clone, Debug, Default)]
pub struct Triage {
    /// Per finding, in the evaluation's order. Empty means every finding is new.
    pub status: Vec<Status>,
    /// Per finding, whether the baseline has it, waived or not (a waived
    /// finding's status is [`Status::Waived`] either way).
    pub known: Vec<bool>,
    /// Every waiver of the register(s), in file order.
    pub waivers: Vec<WaiverUse>,
    /// The baseline's name, when one was given.
    pub baseline: Option<String>,
    /// Baseline findings that no finding of this run matched, in baseline order.
    pub fixed: Vec<KnownFinding>,
    /// The date waivers were checked against (`--today`, else today); the
    /// command leaves it out when no waiver was checked and none was given.
    pub today: Option<Date>,
}

impl Triage {
    /// Matches every finding against the waivers (in force on `today`) and
    /// the baseline.
    ///
    /// A finding is waived by the first waiver in force whose rule and
    /// pattern match it; it is known when an unmatched baseline finding has
    /// its rule, subject and outcome. A waived finding still uses up its
    /// baseline entry, so it is not listed as fixed.
    pub fn new(
        rules: &[RuleFile],
        eval: &Evaluation,
        waivers: Vec<Waiver>,
        today: Date,
        baseline: Option<&Baseline>,
    ) -> Triage {
        let ids: Vec<Vec<&str>> = rules
            .iter()
            .map(|f| f.rules.iter().map(|r| r.id.node.as_str()).collect())
            .collect();
        let id_of = |f: &crate::eval::Finding| ids[f.rule.file][f.rule.index];
        let uses: Vec<WaiverUse> = waivers
            .into_iter()
            .map(|w| {
                let matches = eval
                    .findings
                    .iter()
                    .filter(|f| w.matches(id_of(f), &f.subject))
                    .count();
                let state = match (w.expired(today), matches) {
                    (true, _) => WaiverState::Expired,
                    (false, 0) => WaiverState::Stale,
                    (false, _) => WaiverState::Active,
                };
                let note = unknown_rule(rules, &w.rule);
                WaiverUse {
                    waiver: w,
                    state,
                    matches,
                    note,
                }
            })
            .collect();
        // Matched on the identity the fingerprint hashes (rule, subject,
        // outcome), compared exactly; each baseline entry matches once.
        let mut left: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for k in baseline.map_or(&[][..], |b| &b.findings) {
            *left.entry((&k.rule, &k.subject, &k.outcome)).or_default() += 1;
        }
        let (status, known): (Vec<Status>, Vec<bool>) = eval
            .findings
            .iter()
            .map(|f| {
                let id = id_of(f);
                let known = match left.get_mut(&(id, &*f.subject, f.outcome.as_str())) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                };
                let waiver = uses.iter().position(|u| {
                    u.state == WaiverState::Active && u.waiver.matches(id, &f.subject)
                });
                let status = match (waiver, known) {
                    (Some(w), _) => Status::Waived(w),
                    (None, true) => Status::Known,
                    (None, false) => Status::New,
                };
                (status, known)
            })
            .unzip();
        let mut fixed = Vec::new();
        for k in baseline.map_or(&[][..], |b| &b.findings) {
            if let Some(n) = left.get_mut(&(&k.rule, &k.subject, &k.outcome))
                && *n > 0
            {
                // Equal entries are interchangeable: list the first ones left over.
                *n -= 1;
                fixed.push(k.clone());
            }
        }
        Triage {
            status,
            known,
            waivers: uses,
            baseline: baseline.map(|b| b.name.clone()),
            fixed,
            today: Some(today),
        }
    }

    /// Waivers that expired or match nothing.
    pub fn problems(&self) -> impl Iterator<Item = &WaiverUse> {
        self.waivers
            .iter()
            .filter(|u| u.state != WaiverState::Active)
    }
}

/// A note when no rule has the waiver's id, with the closest id.
fn unknown_rule(rules: &[RuleFile], id: &str) -> Option<String> {
    if all_rules(rules).any(|(_, r)| r.id.node == id) {
        return None;
    }
    let closest = crate::fuzzy::nearest(id, all_rules(rules).map(|(_, r)| r.id.node.as_str()));
    Some(match closest {
        Some(near) => format!("no rule `{id}` was checked; did you mean `{near}`?"),
        None => format!("no rule `{id}` was checked"),
    })
}
