//! The schema: what the `field` declarations of all rule files say.
//!
//! The declarations describe records. [`RECORD`] is the document (a
//! province) and every item of a `list` (regencies, districts, villages:
//! regions nest the same way at every level). A dotted declaration goes
//! through records and series: `field apbd.bpu_allocation: rupiah` makes
//! `apbd` a record with the field `bpu_allocation`, and `field
//! years.workforce: count` gives every entry of the series `years` the field
//! `workforce`.
//!
//! A name means one thing wherever it appears: evaluation reads a declared
//! unit by the field's name (see `src/eval/declared.rs`), so the same name
//! declared twice, or with two types, is an error.

use std::collections::HashMap;

use crate::ast::{FieldDecl, FieldType, RuleFile};
use crate::source::{SourceFile, Span};

use super::error::{CheckError, Conflict, DeclLabel, DuplicateFieldError, ElsewhereNote, Help};

/// Index of a node of the [`Schema`].
pub(crate) type SchemaId = usize;

/// The record that the document, list items and series values are.
pub(crate) const RECORD: SchemaId = 0;

/// Where a declaration was written.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DeclAt {
    /// Index of the rule file.
    pub file: usize,
    /// The whole declaration.
    pub span: Span,
}

/// One declared field, or a record made by dotted declarations.
#[derive(Debug, Default)]
pub(crate) struct SchemaNode {
    /// The declared type; `None` for a record.
    pub ty: Option<FieldType>,
    /// Declared fields, in declaration order.
    pub fields: Vec<(String, SchemaId)>,
    /// For a list or a series: the record its items or entries are, with
    /// the fields declared through it (`years.workforce`).
    pub element: Option<SchemaId>,
    /// The declaration (for a record, the first one that went through it).
    pub decl: Option<DeclAt>,
}

/// All declarations, as a tree rooted at [`RECORD`].
#[derive(Debug)]
pub(crate) struct Schema {
    pub nodes: Vec<SchemaNode>,
    /// The type of each declared name, by its last part (the first
    /// declaration; a second with another type is an error).
    by_name: HashMap<String, FieldType>,
}

impl Schema {
    /// Builds the schema, reporting duplicate and conflicting declarations.
    pub(crate) fn build(files: &[RuleFile], out: &mut Vec<CheckError>) -> Schema {
        let mut schema = Schema {
            nodes: vec![SchemaNode::default()],
            by_name: HashMap::new(),
        };
        // The first declaration of each name, for the one-name-one-type rule.
        let mut by_name: HashMap<&str, (FieldType, DeclAt)> = HashMap::new();
        for (f, file) in files.iter().enumerate() {
            for decl in &file.fields {
                let at = DeclAt {
                    file: f,
                    span: decl.span,
                };
                if let Some(err) = schema.declare(files, decl, at) {
                    out.push(err);
                    continue;
                }
                let Some(leaf) = decl.path.last() else {
                    continue;
                };
                match by_name.get(leaf.node.as_str()) {
                    Some(&(ty, first)) if ty != decl.ty.node => out.push(conflict(
                        files,
                        Conflict::TwoTypes {
                            name: leaf.node.clone(),
                            first: ty.as_str(),
                            second: decl.ty.node.as_str(),
                        },
                        Help::OneMeaning,
                        (first, DeclLabel::Declared(ty.as_str())),
                        (at, DeclLabel::Declared(decl.ty.node.as_str())),
                    )),
                    Some(_) => {}
                    None => {
                        by_name.insert(&leaf.node, (decl.ty.node, at));
                    }
                }
            }
        }
        schema.by_name = by_name
            .into_iter()
            .map(|(name, (ty, _))| (name.to_owned(), ty))
            .collect();
        schema
    }

    /// The type `name` is declared with, wherever it is declared.
    pub(crate) fn declared(&self, name: &str) -> Option<FieldType> {
        self.by_name.get(name).copied()
    }

    fn declare(&mut self, files: &[RuleFile], decl: &FieldDecl, at: DeclAt) -> Option<CheckError> {
        let ty = decl.ty.node;
        let mut record = RECORD;
        let last = decl.path.len().saturating_sub(1);
        for (i, part) in decl.path.iter().enumerate() {
            let existing = self.field(record, &part.node);
            let node = match existing {
                Some(n) => n,
                None => {
                    let n = self.push(None, at);
                    self.nodes[record].fields.push((part.node.clone(), n));
                    n
                }
            };
            let here = &self.nodes[node];
            let first = here.decl.unwrap_or(at);
            let so_far = path_to(decl, i);
            if i < last {
                // On the way to the field: a record, or the records a
                // list or a series holds.
                record = match here.ty {
                    None | Some(FieldType::Map) => node,
                    Some(FieldType::List | FieldType::Series) => here.element.unwrap_or(node),
                    Some(t) => {
                        return Some(conflict(
                            files,
                            Conflict::FigureWithFields {
                                path: so_far.clone(),
                                ty: t.as_str(),
                            },
                            Help::DeclareARecord,
                            (first, DeclLabel::Declared(t.as_str())),
                            (at, DeclLabel::GivesField(so_far)),
                        ));
                    }
                };
                continue;
            }
            match (existing, here.ty) {
                (None, _) => {}
                (Some(_), Some(t)) => {
                    return Some(conflict(
                        files,
                        Conflict::Twice { path: so_far },
                        Help::KeepOne,
                        (first, DeclLabel::Declared(t.as_str())),
                        (at, DeclLabel::DeclaredAgain(ty.as_str())),
                    ));
                }
                // A record whose fields were declared first.
                (Some(_), None)
                    if matches!(ty, FieldType::Map | FieldType::List | FieldType::Series) => {}
                (Some(_), None) => {
                    return Some(conflict(
                        files,
                        Conflict::FieldsThenType {
                            path: so_far,
                            ty: ty.as_str(),
                        },
                        Help::FieldsOrType,
                        (first, DeclLabel::GivenFields),
                        (at, DeclLabel::Declared(ty.as_str())),
                    ));
                }
            }
            self.nodes[node].ty = Some(ty);
            self.nodes[node].decl = Some(at);
            if matches!(ty, FieldType::List | FieldType::Series) {
                // Fields declared through it so far belong to its records.
                let element = self.push(None, at);
                self.nodes[element].fields = std::mem::take(&mut self.nodes[node].fields);
                self.nodes[node].element = Some(element);
            }
        }
        None
    }

    fn push(&mut self, ty: Option<FieldType>, at: DeclAt) -> SchemaId {
        self.nodes.push(SchemaNode {
            ty,
            fields: Vec::new(),
            element: None,
            decl: Some(at),
        });
        self.nodes.len() - 1
    }

    /// The declared field `name` of `at`.
    pub(crate) fn field(&self, at: SchemaId, name: &str) -> Option<SchemaId> {
        self.nodes[at]
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }

    /// The names of the fields declared in record `at`.
    pub(crate) fn names_at(&self, at: SchemaId) -> impl Iterator<Item = String> + '_ {
        self.nodes[at].fields.iter().map(|(n, _)| n.clone())
    }

    /// Whether anything is declared at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.nodes[RECORD].fields.is_empty()
    }

    /// A map whose keys are not declared: any field may be read from it.
    pub(crate) fn is_open(&self, at: SchemaId) -> bool {
        self.nodes[at].ty == Some(FieldType::Map)
    }

    /// The records the items of a list or the entries of a series are: a
    /// series entry has the fields declared through the series
    /// (`years.workforce`); a list item is a record like the document (a
    /// region), plus any fields declared through the list.
    pub(crate) fn elements(&self, at: SchemaId) -> Vec<SchemaId> {
        let node = &self.nodes[at];
        match (node.ty, node.element) {
            (Some(FieldType::Series), Some(e)) => vec![e],
            (Some(FieldType::List), Some(e)) => vec![e, RECORD],
            _ => Vec::new(),
        }
    }
}

/// `participants.bpu` up to and including part `i`.
fn path_to(decl: &FieldDecl, i: usize) -> String {
    let parts: Vec<&str> = decl.path[..=i].iter().map(|p| p.node.as_str()).collect();
    parts.join(".")
}

fn conflict(
    files: &[RuleFile],
    what: Conflict,
    help: Help,
    (first, first_label): (DeclAt, DeclLabel),
    (again, again_label): (DeclAt, DeclLabel),
) -> CheckError {
    let src: &SourceFile = &files[again.file].source;
    let same_file = first.file == again.file;
    DuplicateFieldError {
        what,
        help,
        again: again.span,
        again_label,
        first: same_file.then_some(first.span),
        first_label,
        elsewhere: if same_file {
            Vec::new()
        } else {
            vec![ElsewhereNote {
                what: "declared",
                span: first.span,
                src: files[first.file].source.clone(),
            }]
        },
        src: src.clone(),
    }
    .into()
}
