//! The schema: what the `field` declarations of all rule files say.
//!
//! The declarations describe one kind of record, [`RECORD`]: the document,
//! every item of a `list` field and every value of a `series` field. A
//! dotted declaration (`field participants.bpu: count`) makes `participants`
//! a record of its own with the field `bpu`.
//!
//! A name means one thing wherever it appears: evaluation reads a declared
//! unit by the field's name (see `src/eval/declared.rs`), so the same name
//! declared twice, or with two types, is an error.

use std::collections::HashMap;

use crate::ast::{FieldDecl, FieldType, RuleFile};
use crate::source::{SourceFile, Span};

use super::error::{CheckError, DuplicateFieldError, ElsewhereNote};

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
    /// The declaration (for a record, the first one that went through it).
    pub decl: Option<DeclAt>,
}

/// All declarations, as a tree rooted at [`RECORD`].
#[derive(Debug)]
pub(crate) struct Schema {
    pub nodes: Vec<SchemaNode>,
}

impl Schema {
    /// Builds the schema, reporting duplicate and conflicting declarations.
    pub(crate) fn build(files: &[RuleFile], out: &mut Vec<CheckError>) -> Schema {
        let mut schema = Schema {
            nodes: vec![SchemaNode::default()],
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
                        format!(
                            "`{}` is declared `{}` and `{}`",
                            leaf.node,
                            ty.as_str(),
                            decl.ty.node.as_str()
                        ),
                        "a name means the same thing wherever it appears; give one of them another name",
                        (first, format!("declared `{}` here", ty.as_str())),
                        (at, format!("declared `{}` here", decl.ty.node.as_str())),
                    )),
                    Some(_) => {}
                    None => {
                        by_name.insert(&leaf.node, (decl.ty.node, at));
                    }
                }
            }
        }
        schema
    }

    fn declare(&mut self, files: &[RuleFile], decl: &FieldDecl, at: DeclAt) -> Option<CheckError> {
        let mut node = RECORD;
        let last = decl.path.len().saturating_sub(1);
        for (i, part) in decl.path.iter().enumerate() {
            let existing = self.field(node, &part.node);
            let parent = node;
            node = match existing {
                Some(n) => n,
                None => {
                    self.nodes.push(SchemaNode {
                        decl: Some(at),
                        ..SchemaNode::default()
                    });
                    let n = self.nodes.len() - 1;
                    self.nodes[parent].fields.push((part.node.clone(), n));
                    n
                }
            };
            let here = &self.nodes[node];
            let first = here.decl.unwrap_or(at);
            let so_far = path_to(decl, i);
            if i < last {
                // A record on the way: it must not be declared as something else.
                if let Some(ty) = here.ty
                    && ty != FieldType::Map
                {
                    return Some(conflict(
                        files,
                        format!("`{so_far}` is declared `{}` and has fields", ty.as_str()),
                        "a field with fields is a record; declare its fields only",
                        (first, format!("declared `{}` here", ty.as_str())),
                        (at, format!("gives `{so_far}` a field here")),
                    ));
                }
            } else if existing.is_some() {
                let (message, first_label) = match here.ty {
                    Some(ty) => (
                        format!("field `{so_far}` is declared twice"),
                        format!("declared `{}` here", ty.as_str()),
                    ),
                    None => (
                        format!("`{so_far}` has fields and is declared a field"),
                        "given fields here".to_owned(),
                    ),
                };
                let taken = here.ty.is_none() && decl.ty.node == FieldType::Map;
                if !taken {
                    return Some(conflict(
                        files,
                        message,
                        "keep one declaration",
                        (first, first_label),
                        (
                            at,
                            format!("declared `{}` again here", decl.ty.node.as_str()),
                        ),
                    ));
                }
            }
        }
        let n = &mut self.nodes[node];
        n.ty = Some(decl.ty.node);
        n.decl = Some(at);
        None
    }

    /// The declared field `name` of `at`.
    pub(crate) fn field(&self, at: SchemaId, name: &str) -> Option<SchemaId> {
        self.nodes[at]
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }

    /// Whether anything is declared at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.nodes[RECORD].fields.is_empty()
    }

    /// A map whose keys are not declared: any field may be read from it.
    pub(crate) fn is_open(&self, at: SchemaId) -> bool {
        self.nodes[at].ty == Some(FieldType::Map)
    }

    /// Where the schema continues inside items or values of `at`.
    pub(crate) fn elements(&self, at: SchemaId) -> Option<SchemaId> {
        matches!(self.nodes[at].ty, Some(FieldType::List | FieldType::Series)).then_some(RECORD)
    }
}

/// `participants.bpu` up to and including part `i`.
fn path_to(decl: &FieldDecl, i: usize) -> String {
    let parts: Vec<&str> = decl.path[..=i].iter().map(|p| p.node.as_str()).collect();
    parts.join(".")
}

fn conflict(
    files: &[RuleFile],
    message: String,
    help: &str,
    (first, first_label): (DeclAt, String),
    (again, again_label): (DeclAt, String),
) -> CheckError {
    let src: &SourceFile = &files[again.file].source;
    let same_file = first.file == again.file;
    DuplicateFieldError {
        message,
        help: help.to_owned(),
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
