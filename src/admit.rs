//! What a run must have before its verdict means anything: nothing checked
//! is never a pass.
//!
//! Between loading and the static checks, [`admit`] refuses inputs that
//! would check nothing or the wrong thing: rule files without a rule, data
//! files without a document, a document without a single figure, and YAML
//! that is not a data document at all (a misspelt `waiver.yaml`, a
//! `docker-compose.yml` under `patuh check .`). After evaluation,
//! [`subjects`] refuses a run in which no rule found a subject, and warns
//! about each rule that found none while others did.
//!
//! A **figure** is a number or `true`/`false` anywhere among a document's
//! values (keys, such as year keys, are not figures): a document of names
//! and texts alone gives every numeric rule nothing to decide. A **data
//! document** has at least one of the top-level keys the rules declare (a
//! `field` name without a dot: `funds_bpu`, `name`, ...) or of the data
//! convention's document keys ([`CONVENTION`]: `province`, `code`,
//! `sources`, `years`, `regencies`).

use crate::ast::RuleFile;
use crate::data::{Dataset, NodeId, View};
use crate::eval::{Evaluation, all_rules};
use crate::source::{SourceFile, Span};
use miette::Diagnostic;
use thiserror::Error;

/// The document keys of the data convention (DATA-FORMAT.md): a document
/// with one of them is data whatever the rules declare.
pub const CONVENTION: &[&str] = &["province", "code", "sources", "years", "regencies"];

/// Keys named in a message before it says "and N more".
const NAMED_KEYS: usize = 6;

/// A run that would check nothing, or data that is not data.
#[derive(Debug, Error, Diagnostic)]
pub enum AdmitError {
    /// Every rule file is empty, comments, or `field` lines.
    #[error("the rule files hold no rule: {files}")]
    #[diagnostic(
        code(patuh::input::empty_rules),
        help(
            "a rule is `rule ID \"title\" {{ ... require CONDITION }}`; `field` lines only declare the data"
        )
    )]
    EmptyRules {
        /// The rule files read, in backticks.
        files: String,
    },
    /// A data file with no document in it.
    #[error("`{path}` holds no data document")]
    #[diagnostic(
        code(patuh::input::no_documents),
        help(
            "a data file is one province's figures: `province: ...`, `years: ...`, `regencies: ...`"
        )
    )]
    NoDocuments {
        /// The file.
        path: String,
    },
    /// A document without a number or a true/false value anywhere.
    #[error("`{path}` holds no figure: no number and no true/false value in the document")]
    #[diagnostic(
        code(patuh::input::no_figures),
        help(
            "a data document gives the rules figures to check, e.g. `funds_bpu: true`, `participants: {{bpu: 3}}`"
        )
    )]
    NoFigures {
        /// The file.
        path: String,
        /// The file's text.
        #[source_code]
        file: SourceFile,
        /// The document.
        #[label("this document has no figure")]
        at: Span,
    },
    /// YAML among the data that has none of the document keys.
    #[error("`{path}` is not a data document: it has none of the top-level keys {keys}")]
    #[diagnostic(code(patuh::input::not_data))]
    NotData {
        /// The file.
        path: String,
        /// The keys a data document has, in backticks.
        keys: String,
        /// The file's text.
        #[source_code]
        file: SourceFile,
        /// The document's first key, or its start.
        #[label("not a key of a data document")]
        at: Span,
        /// What the file may have been meant to be.
        #[help]
        hint: Hint,
    },
    /// Every rule's `for each` found nothing in the data.
    #[error("no rule found a subject to check (rules: {rules}, data documents: {documents})")]
    #[diagnostic(
        code(patuh::input::nothing_checked),
        help(
            "every `for each` found an empty collection, or a `where` that keeps nothing; check that the data has the regions and years the rules range over"
        )
    )]
    NothingChecked {
        /// Rules evaluated.
        rules: usize,
        /// Documents loaded.
        documents: usize,
    },
}

/// What a YAML file that is not a data document was probably meant to be,
/// by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// `waiver.yaml`, `waivers.yml`: the waiver register.
    Waivers,
    /// `x.tests.yaml`, `x_test.yaml`: a rule test, named `x.test.yaml`.
    RuleTest {
        /// The name it should have.
        name: String,
    },
    /// `baseline.yaml`: a baseline is a JSON report.
    Baseline,
    /// Anything else.
    Other,
}

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hint::Waivers => write!(
                f,
                "did you mean the waiver register `waivers.yaml`? It is read by that name only"
            ),
            Hint::RuleTest { name } => write!(
                f,
                "did you mean the rule test `{name}`? Rule tests end in `.test.yaml` and run with `patuh test`"
            ),
            Hint::Baseline => write!(
                f,
                "a baseline is the JSON report of an earlier run, given with `--baseline FILE`"
            ),
            Hint::Other => write!(
                f,
                "move other YAML out of the folders given to `patuh check`, or name the data files one by one"
            ),
        }
    }
}

impl Hint {
    /// The hint for a file, from its name.
    pub fn for_name(path: &str) -> Hint {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
            .unwrap_or(name);
        let lower = stem.to_lowercase();
        if lower.contains("waiver") || strsim::levenshtein(&lower, "waivers") <= 2 {
            return Hint::Waivers;
        }
        if lower.contains("baseline") {
            return Hint::Baseline;
        }
        for suffix in [
            ".tests", "_tests", "-tests", "_test", "-test", ".spec", ".tst",
        ] {
            if let Some(base) = stem.strip_suffix(suffix).filter(|b| !b.is_empty()) {
                return Hint::RuleTest {
                    name: format!("{base}.test.yaml"),
                };
            }
        }
        Hint::Other
    }
}

/// The top-level keys of a data document: the declared fields without a
/// dot and the convention's document keys.
fn document_keys(rules: &[RuleFile]) -> Vec<String> {
    let mut keys: Vec<String> = rules
        .iter()
        .flat_map(|f| &f.fields)
        .filter(|d| d.path.len() == 1)
        .map(|d| d.path[0].node.clone())
        .collect();
    keys.extend(CONVENTION.iter().map(|k| (*k).to_owned()));
    keys.sort();
    keys.dedup();
    keys
}

fn backticked(names: &[String], limit: usize) -> String {
    let mut shown: Vec<String> = names.iter().take(limit).map(|n| format!("`{n}`")).collect();
    if names.len() > limit {
        shown.push(format!("and {} more", names.len() - limit));
    }
    shown.join(", ")
}

/// Whether any value under `doc` is a number or true/false (keys aside):
/// an explicit walk, linear in the document and stopping at the first.
fn has_figure(data: &Dataset, doc: NodeId) -> bool {
    let mut stack = vec![doc];
    while let Some(id) = stack.pop() {
        match data.view(id) {
            View::Int(_) | View::Dec(_) | View::Bool(_) => return true,
            View::Map(entries) => stack.extend(entries.iter().map(|&(_, v)| v)),
            View::Seq(items) => stack.extend_from_slice(items),
            View::Null | View::Str(_) => {}
        }
    }
    false
}

/// Whether `doc` has a top-level key among `keys`.
fn is_data_document(data: &Dataset, doc: NodeId, keys: &[String]) -> bool {
    data.entries(doc)
        .iter()
        .any(|&(k, _)| matches!(data.view(k), View::Str(s) if keys.iter().any(|x| x == s)))
}

/// Everything the loaded rules and data lack before anything is checked:
/// empty if the run may go on. Every problem is reported, file by file.
pub fn admit(rules: &[RuleFile], data: &Dataset) -> Vec<AdmitError> {
    let mut errors = Vec::new();
    if !rules.is_empty() && rules.iter().all(|f| f.rules.is_empty()) {
        let names: Vec<String> = rules.iter().map(|f| f.source.name().to_owned()).collect();
        errors.push(AdmitError::EmptyRules {
            files: backticked(&names, NAMED_KEYS),
        });
    }
    let keys = document_keys(rules);
    let mut has_doc = vec![false; data.files().len()];
    for &doc in data.docs() {
        let file = data.file_of(doc);
        if let Some(seen) = has_doc.get_mut(data.file_index(doc)) {
            *seen = true;
        }
        let loc = data.loc(doc);
        if !is_data_document(data, doc, &keys) {
            let first = data.entries(doc).first().map_or(doc, |&(k, _)| k);
            errors.push(AdmitError::NotData {
                path: file.name().to_owned(),
                keys: backticked(&keys, NAMED_KEYS),
                file: file.clone(),
                at: data.loc(first).span,
                hint: Hint::for_name(file.name()),
            });
        } else if !has_figure(data, doc) {
            errors.push(AdmitError::NoFigures {
                path: file.name().to_owned(),
                file: file.clone(),
                at: Span::new(loc.span.start as usize, loc.span.start as usize),
            });
        }
    }
    // A sheet whose rows all joined a document that starts in another
    // file (a YAML file, an earlier sheet) holds data all the same.
    for (i, seen) in has_doc.iter_mut().enumerate() {
        *seen = *seen || data.file_has_data(i);
    }
    for (file, _) in data.files().iter().zip(has_doc).filter(|(_, seen)| !seen) {
        errors.push(AdmitError::NoDocuments {
            path: file.name().to_owned(),
        });
    }
    errors
}

/// A rule that found no subject while others did: its `for each` ranges
/// over nothing the data has, or its `where` leaves nothing.
#[derive(Debug, Error, Diagnostic)]
#[error("rule `{rule}` checked no subject: its `for each` found nothing to check")]
#[diagnostic(
    code(patuh::input::rule_checked_nothing),
    severity(Warning),
    help(
        "check the collection it ranges over and its `where` filter; other rules did find subjects"
    )
)]
pub struct RuleCheckedNothing {
    /// The rule id.
    pub rule: String,
    /// The rule file.
    #[source_code]
    pub file: SourceFile,
    /// The rule's id.
    #[label("no subject")]
    pub at: Span,
}

/// After evaluation: an error when no rule found a subject at all (a green
/// run that checked nothing), else a warning per rule that found none.
///
/// # Errors
/// [`AdmitError::NothingChecked`] when every rule found no subject.
pub fn subjects(
    rules: &[RuleFile],
    data: &Dataset,
    eval: &Evaluation,
) -> Result<Vec<RuleCheckedNothing>, AdmitError> {
    let mut idle = Vec::new();
    let mut total = 0;
    let mut count = 0;
    for (r, rule) in all_rules(rules) {
        count += 1;
        let n = eval
            .counts
            .iter()
            .find(|(x, _)| *x == r)
            .map_or(0, |(_, c)| c.pass + c.fail + c.unknown);
        total += n;
        if n == 0 {
            idle.push(RuleCheckedNothing {
                rule: rule.id.node.clone(),
                file: rules[r.file].source.clone(),
                at: rule.id.span,
            });
        }
    }
    if total == 0 && count > 0 {
        return Err(AdmitError::NothingChecked {
            rules: count,
            documents: data.docs().len(),
        });
    }
    Ok(idle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_suggest_what_they_were_meant_to_be() {
        assert_eq!(Hint::for_name("rules/waiver.yaml"), Hint::Waivers);
        assert_eq!(Hint::for_name("data/waivers.yml"), Hint::Waivers);
        assert_eq!(Hint::for_name("Waiver-2024.yaml"), Hint::Waivers);
        assert_eq!(
            Hint::for_name("rules/tests/fund.tests.yaml"),
            Hint::RuleTest {
                name: "fund.test.yaml".into()
            }
        );
        assert_eq!(
            Hint::for_name("fund_test.yml"),
            Hint::RuleTest {
                name: "fund.test.yaml".into()
            }
        );
        assert_eq!(Hint::for_name("patuh-baseline.yaml"), Hint::Baseline);
        assert_eq!(Hint::for_name("docker-compose.yml"), Hint::Other);
        assert_eq!(Hint::for_name("sulawesi-tengah.yaml"), Hint::Other);
    }
}
