//! Static checks between parsing and evaluation: a rule that cannot mean
//! anything fails before a single rule runs.
//!
//! [`resolve`] decides every name once (`resolve.rs`, `fields.rs`) and
//! types every expression with units (`ops.rs`, `types.rs`), giving the
//! [`Program`] that evaluation runs (`program.rs`); it checks the declared
//! schema (`schema.rs`) and, given data, the data against it (`model.rs`,
//! `shape.rs`), and looks after the rules' hygiene. It reports every
//! problem of every rule file, each a [`CheckError`] with a stable code,
//! sorted by file and position.
//!
//! Without data (`patuh lint`) names are checked against the `field`
//! declarations; with data (`patuh check`) against what the data really
//! has, plus what is declared: a declared field that no file carries is a
//! missing figure, not a typo.

mod advice;
mod data_errors;
mod error;
mod fields;
mod help;
mod member;
mod message;
mod model;
mod names;
mod ops;
mod place;
mod program;
mod resolve;
mod schema;
mod scope;
mod shape;
mod tolerance;
mod types;

pub use error::{
    CheckError, DataTypeError, DuplicateFieldError, DuplicateRuleError, ElsewhereNote,
    EmptyListError, IncompatibleOperandsError, LiteralTypeError, MissingTitleError, MixedListError,
    NoDocumentError, NoSchemaError, NoSeriesError, OutOfScopeError, ShadowedNameError,
    ToleranceUnitError, UndeclaredKeyError, UnknownFieldError, UnknownItemError, UnknownNameError,
    UnknownValueError, UnusedVariableError, WrongTypeError,
};

pub use program::{
    Absent, Bind, Comprehension, Key, Kind, Loop, Maps, Neighbour, Node, Of, Part, Program, Read,
    Resolved, Slot, Source, Unless,
};
pub(crate) use types::Ty;

use std::collections::HashMap;

use crate::ast::RuleFile;
use crate::data::Dataset;
use crate::source::Span;

use model::Model;
use resolve::Resolver;
use schema::Schema;
use shape::Shapes;

/// Checks every rule of `files`, against `data` when given. Errors and
/// warnings together, sorted by file name and position.
pub fn check(files: &[RuleFile], data: Option<&Dataset>) -> Vec<CheckError> {
    resolve(files, data, Options::default()).1
}

/// What the user asked of the checks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// A data key that no `field` declares is an error, not a warning
    /// (`--deny-undeclared`).
    pub deny_undeclared: bool,
}

/// Checks every rule of `files`, against `data` when given, and resolves
/// them: the program evaluation runs (meaningful only when no error was
/// found), and the errors and warnings, sorted by file name and position.
pub fn resolve<'a>(
    files: &'a [RuleFile],
    data: Option<&Dataset>,
    options: Options,
) -> (Program<'a>, Vec<CheckError>) {
    let mut out = Vec::new();
    let schema = Schema::build(files, &mut out);
    let shapes = data.map(Shapes::of);
    let model = Model {
        schema: &schema,
        data: data.zip(shapes.as_ref()),
        deny_undeclared: options.deny_undeclared,
    };
    if data.is_none() && schema.is_empty() {
        out.push(NoSchemaError.into());
    }
    model.validate(files, &mut out);
    if let Some(data) = data {
        names::duplicate_names(data, &mut out);
    }
    hygiene(files, &mut out);
    let mut program = Program::default();
    for (id, rule) in crate::ast::all_rules(files) {
        let src = &files[id.file].source;
        program
            .rules
            .push(Resolver::rule(&model, src, id, rule, &mut out));
    }
    out.sort_by_cached_key(sort_key);
    // A list item is checked as a region and as the list's own record: a
    // value under a field declared both ways would be reported twice.
    out.dedup_by(|a, b| sort_key(a) == sort_key(b));
    (program, out)
}

/// Whether any of `found` stops the run.
pub fn has_errors(found: &[CheckError]) -> bool {
    found.iter().any(CheckError::is_error)
}

fn sort_key(e: &CheckError) -> (String, Span, String) {
    let code = miette::Diagnostic::code(e)
        .map(|c| c.to_string())
        .unwrap_or_default();
    match e.place() {
        Some((file, span)) => (file.name().to_owned(), span, code),
        None => (String::new(), Span::default(), code),
    }
}

/// Duplicate ids and missing titles.
fn hygiene(files: &[RuleFile], out: &mut Vec<CheckError>) {
    let mut seen: HashMap<&str, (usize, Span)> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        for rule in &file.rules {
            let id = &rule.id;
            match seen.get(id.node.as_str()) {
                Some(&(first_file, first)) => {
                    let same = first_file == f;
                    out.push(
                        DuplicateRuleError {
                            id: id.node.clone(),
                            again: id.span,
                            first: same.then_some(first),
                            elsewhere: if same {
                                Vec::new()
                            } else {
                                vec![ElsewhereNote {
                                    what: "defined",
                                    span: first,
                                    src: files[first_file].source.clone(),
                                }]
                            },
                            src: file.source.clone(),
                        }
                        .into(),
                    );
                }
                None => {
                    seen.insert(&id.node, (f, id.span));
                }
            }
            if rule.title.is_none() {
                out.push(
                    MissingTitleError {
                        id: id.node.clone(),
                        span: id.span,
                        src: file.source.clone(),
                    }
                    .into(),
                );
            }
        }
    }
}
