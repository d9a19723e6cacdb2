//! Reading the `# expect:` annotations of a rule test.
//!
//! YAML comments are not in the data arena, so a fixture's text is scanned
//! line by line. An annotation is a comment of one of the forms
//!
//! ```yaml
//! funds_bpu: false      # expect: fund_bpu
//! 2024:                 # expect-unknown: coverage_target, bpu_grows
//! funds_bpu: true       # ok: fund_bpu -- a note after two dashes
//! ```
//!
//! After a value it is about that line; on a line of its own it is about
//! the next line that holds a value (annotations may be stacked above it).

use super::error::AnnotationError;
use crate::source::{SourceFile, Span};

/// What an annotation expects of a rule on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Expect {
    /// `# expect: RULE`: the rule fails for a subject that reads this line.
    Fail,
    /// `# expect-unknown: RULE`: the rule is unknown for a subject that
    /// reads this line (or misses a figure expected here).
    Unknown,
    /// `# ok: RULE`: no finding of the rule reads this line.
    Pass,
}

impl Expect {
    /// The annotation's keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Expect::Fail => "expect",
            Expect::Unknown => "expect-unknown",
            Expect::Pass => "ok",
        }
    }
}

/// One rule named by one annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// What is expected.
    pub expect: Expect,
    /// The rule id.
    pub rule: String,
    /// The 1-based line it is about.
    pub line: usize,
    /// The rule id in the comment.
    pub span: Span,
}

/// The annotations of a fixture, in line order, and every problem with the
/// ones that cannot be read.
pub fn annotations(file: &SourceFile) -> (Vec<Annotation>, Vec<AnnotationError>) {
    let text = file.text();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // Annotations on lines of their own, waiting for the line they are about.
    let mut pending: Vec<(Annotation, Span)> = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let number = index + 1;
        let start = offset;
        offset += raw.len();
        let (code, comment) = match comment_start(line) {
            Some(at) => (&line[..at], Some(at)),
            None => (line, None),
        };
        let has_value = !code.trim().is_empty();
        if has_value {
            for (mut a, _) in pending.drain(..) {
                a.line = number;
                out.push(a);
            }
        }
        let Some(at) = comment else { continue };
        match parse(file, start + at, &line[at..]) {
            Ok(found) => {
                for mut a in found {
                    if has_value {
                        a.line = number;
                        out.push(a);
                    } else {
                        let whole = Span::new(start + at, start + line.len());
                        pending.push((a, whole));
                    }
                }
            }
            Err(e) => errors.push(e),
        }
    }
    for (_, whole) in pending {
        errors.push(AnnotationError::Dangling {
            text: whole.text(file).trim().to_owned(),
            src: file.clone(),
            at: whole.into(),
        });
    }
    (out, errors)
}

/// The annotations of a CSV rule test (`*.test.csv`): each row's `expect`
/// cell (`expect: fund_bpu`, `ok: fund_bpu -- a note`) is about that row.
pub fn csv_annotations(file: &SourceFile) -> (Vec<Annotation>, Vec<AnnotationError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (line, at, text) in crate::data::sheet::column_cells(file, crate::data::sheet::ANNOTATIONS)
    {
        match parse(file, at, &text) {
            Ok(found) => out.extend(found.into_iter().map(|a| Annotation { line, ..a })),
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

/// Byte offset of the `#` that starts a YAML comment on `line`: one at the
/// start or after a space, outside quoted text.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => {
                // `''` inside single quotes is a quote
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match c {
                '#' if prev.is_none_or(char::is_whitespace) => return Some(i),
                // a quote opens a quoted scalar only where a scalar starts
                '"' | '\'' if prev.is_none_or(|p| p.is_whitespace() || ":-[{,?".contains(p)) => {
                    quote = Some(c);
                }
                _ => {}
            },
        }
        prev = Some(c);
    }
    None
}

/// `a, b -- note`: rule ids separated by commas, perhaps with a note.
fn is_id_list(s: &str) -> bool {
    let ids = s.find("--").map_or(s, |i| &s[..i]);
    !ids.trim().is_empty()
        && ids.split(',').all(|id| {
            let id = id.trim();
            id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The annotations of one comment (`comment` starts with `#` at byte `at`).
/// A comment that is not an annotation gives none.
fn parse(file: &SourceFile, at: usize, comment: &str) -> Result<Vec<Annotation>, AnnotationError> {
    let body = comment.trim_start_matches('#');
    let lead = comment.len() - body.trim_start().len();
    let body = body.trim_start();
    let word_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(body.len());
    let word = &body[..word_len];
    let after = body[word_len..].trim_start();
    let word_span = Span::new(at + lead, at + lead + word_len);
    let keyword = matches!(word, "expect" | "expect-unknown" | "ok");
    if keyword && !after.starts_with(':') && is_id_list(after) {
        // `# expect fund_bpu`: surely meant as an annotation
        return Err(AnnotationError::Malformed {
            message: format!("`{word}` needs a `:` before the rule"),
            src: file.clone(),
            at: Span::new(word_span.end as usize, word_span.end as usize).into(),
            label: "expected `:`".to_owned(),
        });
    }
    let lower = word.to_ascii_lowercase();
    let directive = lower.starts_with("expect") || lower == "ok" || lower.starts_with("ok-");
    if !directive || !after.starts_with(':') {
        return Ok(Vec::new());
    }
    if lower != word && matches!(lower.as_str(), "expect" | "expect-unknown" | "ok") {
        // `# Expect: fund_bpu` read as a comment would pass with nothing tested
        return Err(AnnotationError::Malformed {
            message: format!("`{word}` is written `{lower}`"),
            src: file.clone(),
            at: word_span.into(),
            label: "annotations are lower case".to_owned(),
        });
    }
    let expect = match word {
        "expect" => Expect::Fail,
        "expect-unknown" => Expect::Unknown,
        "ok" => Expect::Pass,
        _ => {
            return Err(AnnotationError::UnknownKind {
                word: word.to_owned(),
                src: file.clone(),
                at: word_span.into(),
            });
        }
    };
    // the rule ids, after the colon
    let list_start = at + comment.len() - after.len() + 1;
    let list = &after[1..];
    // a note for the reader may follow ` -- `
    let ids = list.find("--").map_or(list, |i| &list[..i]);
    let mut out = Vec::new();
    let mut pos = list_start;
    for part in ids.split(',') {
        let id = part.trim();
        let id_start = pos + (part.len() - part.trim_start().len());
        pos += part.len() + 1;
        let valid = id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            let span = if id.is_empty() {
                Span::new(id_start.saturating_sub(1), id_start)
            } else {
                Span::new(id_start, id_start + id.len())
            };
            return Err(AnnotationError::Malformed {
                message: if id.is_empty() {
                    format!("`{word}:` names no rule")
                } else {
                    format!("`{id}` is not a rule id")
                },
                src: file.clone(),
                at: span.into(),
                label: "expected a rule id".to_owned(),
            });
        }
        out.push(Annotation {
            expect,
            rule: id.to_owned(),
            line: 0,
            span: Span::new(id_start, id_start + id.len()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, &'static str, String)> {
        let (found, errors) = annotations(&SourceFile::new("t.test.yaml", text));
        assert!(errors.is_empty());
        found
            .into_iter()
            .map(|a| (a.line, a.expect.keyword(), a.rule))
            .collect()
    }

    #[test]
    fn an_annotation_is_about_its_line_or_the_next_line_with_a_value() {
        let text = "a: 1   # expect: r1, r2\n# ok: r3\n\n# expect-unknown: r4 -- a note, with a comma\nb: 2\nc: \"# expect: no\" # not: an annotation\n";
        assert_eq!(
            lines(text),
            [
                (1, "expect", "r1".to_owned()),
                (1, "expect", "r2".to_owned()),
                (5, "ok", "r3".to_owned()),
                (5, "expect-unknown", "r4".to_owned()),
            ]
        );
    }

    #[test]
    fn a_hash_inside_a_word_or_quotes_is_not_a_comment() {
        assert_eq!(comment_start("a: b#c"), None);
        assert_eq!(comment_start("a: 'it''s # no'"), None);
        assert_eq!(comment_start("name: Kota O'Brien # yes"), Some(19));
    }

    #[test]
    fn broken_annotations_are_errors() {
        let codes = |text: &str| -> Vec<String> {
            let (_, errors) = annotations(&SourceFile::new("t.test.yaml", text));
            errors
                .iter()
                .map(|e| {
                    miette::Diagnostic::code(e)
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                })
                .collect()
        };
        assert_eq!(
            codes("a: 1 # expect-fail: r"),
            ["patuh::test::unknown_annotation"]
        );
        assert_eq!(
            codes("a: 1 # expect:"),
            ["patuh::test::malformed_annotation"]
        );
        assert_eq!(
            codes("a: 1 # ok: r s"),
            ["patuh::test::malformed_annotation"]
        );
        assert_eq!(
            codes("a: 1\n# ok: r\n"),
            ["patuh::test::dangling_annotation"]
        );
        assert_eq!(
            codes("a: 1 # expect r"),
            ["patuh::test::malformed_annotation"]
        );
        assert_eq!(
            codes("a: 1 # Expect: r"),
            ["patuh::test::malformed_annotation"]
        );
        assert_eq!(
            codes("a: 1 # EXPECT-UNKNOWN: r"),
            ["patuh::test::malformed_annotation"]
        );
        assert_eq!(
            codes("a: 1 # Expected: r"),
            ["patuh::test::unknown_annotation"]
        );
        assert!(codes("a: 1 # okay, fine: really").is_empty());
        assert!(codes("a: 1 # ok so this is fine").is_empty());
    }
}
