//! Reading a register from the YAML arena, every problem reported.

use super::{Date, FIELDS, Waiver, WaiverError};
use crate::data::Limits;
use crate::data::{Dataset, NodeId, View};
use crate::source::SourceFile;
use miette::SourceSpan;

/// Reads a register. Every problem is reported, not only the first.
pub fn parse_waivers(file: &SourceFile) -> Result<Vec<Waiver>, Vec<WaiverError>> {
    let data = crate::data::load_yaml(vec![file.clone()], &Limits::default()).map_err(|e| {
        e.into_vec()
            .into_iter()
            .map(WaiverError::from)
            .collect::<Vec<_>>()
    })?;
    let mut p = Parser {
        data: &data,
        file,
        errors: Vec::new(),
    };
    let waivers = p.register();
    if p.errors.is_empty() {
        Ok(waivers)
    } else {
        Err(p.errors)
    }
}

/// Walks the loaded register.
pub(super) struct Parser<'a> {
    data: &'a Dataset,
    file: &'a SourceFile,
    errors: Vec<WaiverError>,
}

impl Parser<'_> {
    fn span(&self, id: NodeId) -> SourceSpan {
        self.data.loc(id).span.into()
    }

    fn shape(&mut self, what: &str, at: SourceSpan) {
        self.errors.push(WaiverError::Shape {
            what: what.to_owned(),
            file: self.file.clone(),
            at,
        });
    }

    fn register(&mut self) -> Vec<Waiver> {
        let docs = self.data.docs();
        let root = match docs {
            // An empty file is an empty register.
            [] => return Vec::new(),
            [root] => *root,
            [_, second, ..] => {
                self.shape(
                    "a register is one YAML document",
                    self.span_at_line(*second),
                );
                return Vec::new();
            }
        };
        let entries = match self.data.view(root) {
            View::Null => return Vec::new(),
            View::Map(entries) => entries,
            _ => {
                self.shape(
                    "a register is a mapping with a `waivers` list",
                    self.span_at_line(root),
                );
                return Vec::new();
            }
        };
        let mut list = None;
        for &(k, v) in entries {
            match self.data.view(k) {
                View::Str("waivers") => list = Some(v),
                _ => self.unknown(k, &["waivers"]),
            }
        }
        let Some(list) = list else {
            self.shape("no `waivers` list in the register", self.span_at_line(root));
            return Vec::new();
        };
        let items = match self.data.view(list) {
            View::Null => return Vec::new(),
            View::Seq(items) => items,
            _ => {
                let at = self.span(list);
                self.shape("`waivers` must be a list", at);
                return Vec::new();
            }
        };
        items.iter().filter_map(|&item| self.waiver(item)).collect()
    }

    /// A zero-width span at the start of a collection's first line (the
    /// loader keeps no length for collections).
    fn span_at_line(&self, id: NodeId) -> SourceSpan {
        let s = self.data.loc(id).span;
        (s.start as usize, 0).into()
    }

    fn unknown(&mut self, key: NodeId, known: &[&'static str]) {
        let field = match self.data.view(key) {
            View::Str(s) => s.to_owned(),
            _ => crate::data::path::data_path(self.data, key),
        };
        let near = crate::fuzzy::nearest(&field, known.iter().copied());
        let help = match near {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "a waiver has {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let at = self.span(key);
        self.errors.push(WaiverError::UnknownField {
            field,
            help,
            near,
            file: self.file.clone(),
            at,
        });
    }

    fn waiver(&mut self, item: NodeId) -> Option<Waiver> {
        let View::Map(entries) = self.data.view(item) else {
            let at = self.span(item);
            self.errors.push(WaiverError::NotAMapping {
                file: self.file.clone(),
                at,
            });
            return None;
        };
        let before = self.errors.len();
        let mut fields: [Option<(String, NodeId)>; 5] = Default::default();
        for &(k, v) in entries {
            let slot = match self.data.view(k) {
                View::Str(name) => FIELDS.iter().position(|f| *f == name),
                _ => None,
            };
            let Some(slot) = slot else {
                self.unknown(k, &FIELDS);
                continue;
            };
            match self.data.view(v) {
                View::Str(text) if text.trim().is_empty() => {
                    let at = self.span(v);
                    self.errors.push(WaiverError::Empty {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
                View::Str(text) => fields[slot] = Some((text.trim().to_owned(), v)),
                View::Null => {
                    let at = self.span(k);
                    self.errors.push(WaiverError::Empty {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
                _ => {
                    let at = self.span(v);
                    self.errors.push(WaiverError::NotText {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
            }
        }
        // The entry starts at its first key: a mapping node has no length.
        let start = entries.first().map_or(item, |&(k, _)| k);
        let entry_span = self.data.loc(start).span;
        let [rule, subject, reason, expires, approved_by] = fields;
        let mut required =
            |field: Option<(String, NodeId)>, name: &'static str, help: &'static str| {
                if field.is_none() && !self.errors[before..].iter().any(|e| same_field(e, name)) {
                    self.errors.push(WaiverError::MissingField {
                        field: name,
                        help,
                        file: self.file.clone(),
                        at: entry_span.into(),
                    });
                }
                field
            };
        let rule = required(rule, "rule", "name the rule id, e.g. `rule: fund_bpu`");
        let subject = required(
            subject,
            "subject",
            "name the subjects, e.g. `subject: \"Sulawesi Tengah / Donggala / *\"`; `*` matches any text",
        );
        let reason = required(
            reason,
            "reason",
            "say why the exception was accepted, e.g. `reason: \"exempt until its 2025 budget passes\"`",
        );
        let expires = required(
            expires,
            "expires",
            "give the last day the waiver holds, e.g. `expires: 2025-12-31`",
        );
        let expires = expires.and_then(|(text, node)| match text.parse::<Date>() {
            Ok(d) => Some((d, node)),
            Err(()) => {
                let at = self.span(node);
                self.errors.push(WaiverError::BadDate {
                    text,
                    file: self.file.clone(),
                    at,
                });
                None
            }
        });
        if self.errors.len() > before {
            return None;
        }
        // INVARIANT: every required field was checked above and no error was added.
        let (Some(rule), Some(subject), Some(reason), Some(expires)) =
            (rule, subject, reason, expires)
        else {
            return None;
        };
        Some(Waiver {
            rule: rule.0,
            subject: subject.0,
            reason: reason.0,
            expires: expires.0,
            approved_by: approved_by.map(|a| a.0),
            file: self.file.clone(),
            span: entry_span,
            subject_span: self.data.loc(subject.1).span,
            expires_span: self.data.loc(expires.1).span,
        })
    }
}

/// Whether `e` is already about `field` (an empty or non-text value, or a
/// misspelt key), so a missing-field error would say the same thing twice.
fn same_field(e: &WaiverError, name: &str) -> bool {
    match e {
        WaiverError::Empty { field, .. } | WaiverError::NotText { field, .. } => field == name,
        WaiverError::UnknownField { near, .. } => *near == Some(name),
        _ => false,
    }
}
