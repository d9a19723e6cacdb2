//! `patuh fmt`: one canonical layout for rule files.
//!
//! The layout is printed from the syntax tree, so it depends only on what
//! the rules mean and on the comments:
//!
//! - one blank line between rules; comments above a rule keep one blank
//!   line where the author left one or more;
//! - `rule ID "title" {`, then the clauses indented by two spaces in the
//!   order `severity`, `basis`, `for each` and `let` (in their order),
//!   `unknown when` (in their order), `require`, `message`, then `}`;
//!   `severity` is written when the author wrote it or when it is not the
//!   default `error`;
//! - expressions with single spaces around operators and the fewest
//!   parentheses that keep their meaning; numbers of five digits or more
//!   grouped with `_` (`518_141`); texts with `\"`, `\\`, `\n`, `\t`;
//! - a `require` or `for each` wider than [`WIDTH`] columns broken before
//!   `where`, `or`, `and`, `+ -` or `* /` (see `layout.rs`);
//! - every comment kept: on a line of its own above the part it precedes,
//!   or after the part it follows on its line, two spaces from the code.
//!
//! Formatting never changes meaning: [`format_checked`] parses its own
//! output and refuses to return it unless the rules are the same (the tree
//! compares without spans) and every comment is still there.

mod comments;
mod expr;
mod layout;

pub use expr::expr_text;
pub(crate) use expr::{Side, literal, needs_parens};

use crate::ast::{FieldDecl, Rule, RuleFile, Severity};
use crate::source::SourceFile;
use crate::syntax::{SyntaxErrors, parse_rules};
use comments::{Attached, Comment, attach, skip_trivia};
use expr::{Class, Hang, Printer};
use miette::Diagnostic;
use std::collections::HashMap;

/// Lines wider than this are broken where the clause allows it.
pub const WIDTH: usize = 90;
/// Clauses are indented by this much.
const INDENT: usize = 2;

/// Formatting that would not keep a file's meaning (a bug in the formatter:
/// the file is left as it is).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum FmtError {
    /// The formatted text does not parse to the same rules.
    #[error("formatting `{file}` would change its meaning")]
    #[diagnostic(
        code(patuh::fmt::changed_meaning),
        help(
            "the file was left as it is; this is a bug in `patuh fmt`, please report it with the file"
        )
    )]
    ChangedMeaning {
        /// The file's name.
        file: String,
    },
    /// A comment is missing from the formatted text.
    #[error("formatting `{file}` would lose a comment")]
    #[diagnostic(
        code(patuh::fmt::lost_comment),
        help(
            "the file was left as it is; this is a bug in `patuh fmt`, please report it with the file"
        )
    )]
    LostComment {
        /// The file's name.
        file: String,
        /// The file.
        #[source_code]
        src: SourceFile,
        /// The comment.
        #[label("this comment")]
        at: miette::SourceSpan,
    },
}

/// A rule file in the canonical layout (comments from `file.source`).
pub fn format(file: &RuleFile) -> String {
    let text = file.source.text();
    // Declarations and rules, in the order they were written.
    let mut items: Vec<Item<'_>> = file
        .fields
        .iter()
        .map(Item::Field)
        .chain(file.rules.iter().map(Item::Rule))
        .collect();
    items.sort_by_key(Item::start);
    // Every part of every item, with the offset it ends at, in text order.
    let mut parts: Vec<(usize, usize, Part)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for (part, end) in item.parts(text) {
            parts.push((end, i, part));
        }
    }
    parts.sort_by_key(|&(end, ..)| end);
    let ends: Vec<usize> = parts.iter().map(|&(end, ..)| end).collect();
    let attached = attach(text, &ends, comments::comments(text));
    let mut out = Out {
        lines: Vec::new(),
        attached,
        index: parts
            .iter()
            .enumerate()
            .map(|(slot, &(_, i, p))| ((i, p), slot))
            .collect(),
    };
    // Runs of declarations with no blank line between them form groups whose
    // descriptions line up in one column.
    let together = |i: usize| {
        i > 0
            && items[i - 1].is_field()
            && items[i].is_field()
            && !blank_between(text, &items[i - 1], &items[i])
    };
    let mut pad = vec![0; items.len()];
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || !together(i) {
            let width = items[start..i]
                .iter()
                .map(Item::head_width)
                .max()
                .unwrap_or(0);
            pad[start..i].fill(width);
            start = i;
        }
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 && !together(i) {
            out.blank();
        }
        item.print(text, i, pad[i], &mut out);
    }
    let end = std::mem::take(&mut out.attached.end);
    if !end.is_empty() && !items.is_empty() {
        out.blank();
    }
    out.comments(0, &end, true);
    let mut s = out.lines.join("\n");
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// Parses `file` and formats it.
///
/// # Errors
/// The syntax errors of a file that does not parse (as an outer `Err`), or
/// an [`FmtError`] if the formatted text would not mean the same.
pub fn format_checked(file: &SourceFile) -> Result<Result<String, FmtError>, SyntaxErrors> {
    let parsed = parse_rules(file)?;
    let formatted = format(&parsed);
    Ok(verify(&parsed, &formatted).map(|()| formatted))
}

/// Checks that `formatted` parses to the same rules as `original` and keeps
/// every comment of it.
fn verify(original: &RuleFile, formatted: &str) -> Result<(), FmtError> {
    let name = original.source.name();
    let again = SourceFile::new(name, formatted);
    match parse_rules(&again) {
        Ok(f) if f.rules == original.rules && f.fields == original.fields => {}
        _ => {
            return Err(FmtError::ChangedMeaning {
                file: name.to_owned(),
            });
        }
    }
    let mut kept: Vec<String> = comments::comments(formatted)
        .into_iter()
        .map(|c| c.text)
        .collect();
    kept.sort();
    for c in comments::comments(original.source.text()) {
        match kept.binary_search(&c.text) {
            Ok(i) => {
                kept.remove(i);
            }
            Err(_) => {
                return Err(FmtError::LostComment {
                    file: name.to_owned(),
                    src: original.source.clone(),
                    at: (c.start, c.text.len()).into(),
                });
            }
        }
    }
    Ok(())
}

/// A part of an item that comments attach to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Part {
    /// `rule ID "title" {`.
    Header,
    /// `severity ...`.
    Severity,
    /// `basis ...`.
    Basis,
    /// The n-th `for each`.
    For(usize),
    /// The n-th `let`.
    Let(usize),
    /// The n-th `unknown when`.
    Unless(usize),
    /// `require ...`.
    Require,
    /// `message ...`.
    Message,
    /// The closing `}`.
    Close,
}

/// A top-level item of a rule file. Other top-level declarations would be
/// further variants: each says which parts it has and how it prints.
enum Item<'a> {
    /// `field PATH: TYPE "doc"`; consecutive declarations stay together
    /// unless the author separated them by a blank line.
    Field(&'a FieldDecl),
    Rule(&'a Rule),
}

/// Whether the author left a blank line between two items.
fn blank_between(text: &str, a: &Item<'_>, b: &Item<'_>) -> bool {
    let gap = text.get(a.end()..b.start()).unwrap_or("");
    // The first piece ends `a`'s line, the last one indents `b`: only the
    // lines between them can be blank.
    let lines: Vec<&str> = gap.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Field(f) => f.span.start as usize,
            Item::Rule(r) => r.span.start as usize,
        }
    }

    fn end(&self) -> usize {
        match self {
            Item::Field(f) => f.span.end as usize,
            Item::Rule(r) => r.span.end as usize,
        }
    }

    fn is_field(&self) -> bool {
        matches!(self, Item::Field(_))
    }

    /// `field PATH: TYPE [optional]`, the part before a declaration's
    /// description.
    fn field_head(f: &FieldDecl) -> String {
        let optional = if f.optional { " optional" } else { "" };
        format!("field {}: {}{optional}", f.name(), f.ty.node.as_str())
    }

    /// The width of a declaration's head; 0 for a rule.
    fn head_width(&self) -> usize {
        match self {
            Item::Field(f) if f.doc.is_some() => Self::field_head(f).chars().count(),
            _ => 0,
        }
    }

    /// The parts, with the offset each ends at in `text`.
    fn parts(&self, text: &str) -> Vec<(Part, usize)> {
        match self {
            Item::Field(f) => vec![(Part::Header, f.span.end as usize)],
            Item::Rule(rule) => {
                let head_end =
                    rule.title.as_ref().map_or(rule.id.span.end, |t| t.span.end) as usize;
                let brace = skip_trivia(text, head_end.min(text.len()));
                let mut parts = vec![(Part::Header, brace + 1)];
                if severity_written(rule, text) {
                    parts.push((Part::Severity, rule.severity.span.end as usize));
                }
                if let Some(b) = &rule.basis {
                    parts.push((Part::Basis, b.span.end as usize));
                }
                for (k, l) in rule.loops.iter().enumerate() {
                    parts.push((Part::For(k), l.span.end as usize));
                }
                for (k, l) in rule.lets.iter().enumerate() {
                    parts.push((Part::Let(k), l.span.end as usize));
                }
                for (k, u) in rule.unknowns.iter().enumerate() {
                    parts.push((Part::Unless(k), u.span.end as usize));
                }
                parts.push((Part::Require, rule.require.span.end as usize));
                if let Some(m) = &rule.message {
                    parts.push((Part::Message, m.span.end as usize));
                }
                parts.push((Part::Close, rule.span.end as usize));
                parts
            }
        }
    }

    /// Prints the item; a declaration's description starts two columns
    /// after `pad`.
    fn print(&self, text: &str, item: usize, pad: usize, out: &mut Out) {
        match self {
            Item::Field(f) => {
                let mut line = Self::field_head(f);
                if let Some(d) = &f.doc {
                    let gap = pad.saturating_sub(line.chars().count()) + 2;
                    line.push_str(&" ".repeat(gap));
                    line.push_str(&expr::quoted(&d.node));
                }
                out.part(item, Part::Header, 0, vec![line], true);
            }
            Item::Rule(rule) => print_rule(rule, text, item, out),
        }
    }
}

/// Whether the rule file says `severity`, or it must be said.
fn severity_written(rule: &Rule, text: &str) -> bool {
    let s = &rule.severity;
    s.node != Severity::Error
        || (s.span != rule.id.span
            && matches!(
                text.get(s.span.start as usize..s.span.end as usize),
                Some("error" | "warning" | "info")
            ))
}

fn print_rule(rule: &Rule, text: &str, item: usize, out: &mut Out) {
    let mut head = format!("rule {}", rule.id.node);
    if let Some(t) = &rule.title {
        head.push(' ');
        head.push_str(&expr::quoted(&t.node));
    }
    head.push_str(" {");
    out.part(item, Part::Header, 0, vec![head], true);

    if severity_written(rule, text) {
        let line = format!("severity {}", rule.severity.node.as_str());
        out.clause(item, Part::Severity, vec![indented(&line)]);
    }
    if let Some(b) = &rule.basis {
        let line = format!("basis {}", expr::quoted(&b.node));
        out.clause(item, Part::Basis, vec![indented(&line)]);
    }
    for (k, l) in rule.loops.iter().enumerate() {
        print_lets(rule, k, item, out);
        let mut p = Printer::new();
        p.text("for each ");
        p.text(&l.var.node);
        p.text(" in ");
        for (i, s) in l.sources.iter().enumerate() {
            if i > 0 {
                p.text(", ");
            }
            p.text(&expr_text(s));
        }
        if let Some(f) = &l.filter {
            p.break_before(Class::Where, Hang::Fixed(4), "where");
            p.expr(f);
        }
        out.clause(
            item,
            Part::For(k),
            layout::layout(INDENT, p.finish(), WIDTH),
        );
    }
    print_lets(rule, rule.loops.len(), item, out);
    for (k, u) in rule.unknowns.iter().enumerate() {
        let mut p = Printer::new();
        p.text("unknown when ");
        p.expr(&u.condition);
        p.break_here(Class::Where, Hang::Fixed(4));
        p.text(&expr::quoted(&u.reason.node));
        out.clause(
            item,
            Part::Unless(k),
            layout::layout(INDENT, p.finish(), WIDTH),
        );
    }
    let mut p = Printer::new();
    p.text("require ");
    p.expr(&rule.require);
    out.clause(
        item,
        Part::Require,
        layout::layout(INDENT, p.finish(), WIDTH),
    );
    if let Some(m) = &rule.message {
        let line = format!("message {}", expr::template(m));
        out.clause(item, Part::Message, vec![indented(&line)]);
    }
    out.part(item, Part::Close, 0, vec!["}".to_owned()], false);
}

/// The `let` clauses written after `after` `for each` clauses (those after
/// the last one: `after` at least the number of clauses).
fn print_lets(rule: &Rule, after: usize, item: usize, out: &mut Out) {
    let last = after == rule.loops.len();
    for (k, l) in rule.lets.iter().enumerate() {
        if l.after == after || (last && l.after > after) {
            let mut p = Printer::new();
            p.text("let ");
            p.text(&l.name.node);
            p.text(" = ");
            p.expr(&l.value);
            out.clause(
                item,
                Part::Let(k),
                layout::layout(INDENT, p.finish(), WIDTH),
            );
        }
    }
}

fn indented(line: &str) -> String {
    format!("{}{line}", " ".repeat(INDENT))
}

/// The output being built.
struct Out {
    lines: Vec<String>,
    attached: Attached,
    /// The attachment slot of each (item, part).
    index: HashMap<(usize, Part), usize>,
}

impl Out {
    fn slot(&self, item: usize, part: Part) -> Option<usize> {
        self.index.get(&(item, part)).copied()
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// A clause, its lines indented.
    fn clause(&mut self, item: usize, part: Part, lines: Vec<String>) {
        self.part(item, part, INDENT, lines, false);
    }

    /// A part's leading comments (at `indent`), its lines, and its trailing
    /// comment on the last line. Blank lines between leading comments are
    /// kept only at the top level (`blanks`).
    fn part(
        &mut self,
        item: usize,
        part: Part,
        indent: usize,
        mut lines: Vec<String>,
        blanks: bool,
    ) {
        let (leading, trailing) = match self.slot(item, part) {
            Some(s) => (
                std::mem::take(&mut self.attached.leading[s]),
                self.attached.trailing[s].take(),
            ),
            None => (Vec::new(), None),
        };
        let comment_indent = if part == Part::Close { INDENT } else { indent };
        self.comments(comment_indent, &leading, blanks);
        if blanks && leading.last().is_some_and(|c| c.blank_after) {
            self.blank();
        }
        if let (Some(c), Some(last)) = (trailing, lines.last_mut()) {
            last.push_str("  ");
            last.push_str(&c.text);
        }
        self.lines.extend(lines);
    }

    /// Comments on lines of their own; with `blanks`, a blank line after
    /// each one (but the last) that had one.
    fn comments(&mut self, indent: usize, list: &[Comment], blanks: bool) {
        for (i, c) in list.iter().enumerate() {
            self.lines.push(format!("{}{}", " ".repeat(indent), c.text));
            if blanks && c.blank_after && i + 1 < list.len() {
                self.blank();
            }
        }
    }
}
