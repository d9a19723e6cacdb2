//! pest's errors in words: what the text holds where parsing stopped, what
//! could have come there, and a hint when the fix is known.

use super::Rule;
use super::error::{Expected, Hint, SyntaxError, TooDeepError, UnexpectedError, UnexpectedLabel};
use crate::source::{SourceFile, Span};

/// Turns pest's error into words. `base` is the byte offset of the parsed
/// text in `file` (non-zero when a broken file is re-parsed rule by rule).
pub(crate) fn from_pest(
    err: pest::error::Error<Rule>,
    file: &SourceFile,
    base: usize,
) -> SyntaxError {
    let pos = base
        + match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((start, _)) => start,
        };
    let (found, span) = found_at(file.text(), pos);
    let positives = match err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
        // pest's own stack guard ("stack limit reached"); the bracket
        // pre-scan normally stops deep input before pest sees it.
        pest::error::ErrorVariant::CustomError { .. } => {
            return TooDeepError {
                span,
                src: file.clone(),
            }
            .into();
        }
    };
    let mut expected: Vec<&'static str> = Vec::new();
    for r in &positives {
        let word = describe(*r);
        if !expected.contains(&word) {
            expected.push(word);
        }
    }
    // Keep the list readable: what can follow an operand first, then
    // punctuation, then the clause keywords, then `}` / end of file.
    expected.sort_by_key(|w| rank(w));
    let help = help_for(&expected, &found, file.text(), pos);
    let expected = Expected(expected);
    // A long list is in the message already; the label stays short.
    let short = expected.to_string().len() <= 32;
    let (span, label) = if span.start as usize >= file.text().len() {
        // miette draws no label at the very end of the text: point at the
        // last thing written instead
        let trimmed = file.text().trim_end();
        let last = trimmed.chars().next_back().map_or(0, char::len_utf8);
        let label = if short {
            UnexpectedLabel::ExpectedAfter(expected.clone())
        } else {
            UnexpectedLabel::FileEnds
        };
        (Span::new(trimmed.len() - last, trimmed.len()), label)
    } else if short {
        (span, UnexpectedLabel::Expected(expected.clone()))
    } else {
        (span, UnexpectedLabel::NotHere)
    };
    UnexpectedError {
        expected,
        found,
        span,
        label,
        help,
        src: file.clone(),
    }
    .into()
}

/// A grammar rule in the words an auditor reads.
fn describe(r: Rule) -> &'static str {
    use Rule::*;
    match r {
        EOI => "end of file",
        file | rule_only | rule | kw_rule => "`rule`",
        field_decl | kw_field => "`field`",
        field_path => "a field name",
        type_word => "a type such as `count`, `percent` or `rupiah`",
        expr_only | expr | primary | paren | list | call | previous | prior | root | boolean
        | number | percent | rupiah | not_op | neg_op => "an expression",
        string | text | escape => "a quoted text",
        template | template_text | open_brace | close_brace | stray_brace | hole => {
            "a quoted message"
        }
        ident => "a name",
        field_name => "a field name",
        keyword => "a reserved word",
        severity_word => "`error`, `warning` or `info`",
        severity_clause | kw_severity => "`severity`",
        basis_clause | kw_basis => "`basis`",
        for_clause | kw_for => "`for each`",
        let_clause | kw_let => "`let`",
        assign => "`=`",
        unless_clause | kw_unknown => "`unknown when`",
        kw_when => "`when`",
        require_clause | kw_require => "`require`",
        message_clause | kw_message => "`message`",
        kw_each => "`each`",
        kw_in => "`in`",
        kw_where => "`where`",
        kw_missing => "`missing`",
        kw_pp => "`pp`",
        kw_optional => "`optional`",
        kw_within | kw_is | within_op | exists_op | missing_op | field_op | index_op | or_op
        | and_op | in_op | not_in_op | eq_op | ne_op | le_op | ge_op | lt_op | gt_op
        | single_eq_op | add_op | sub_op | mul_op | div_op => "an operator",
        tolerance | points => "a tolerance such as `2%`, `0.5 pp`, `Rp 100` or `100`",
        binder => "`NAME in COLLECTION`",
        lbrace => "`{`",
        rbrace => "`}`",
        rparen => "`)`",
        rbracket => "`]`",
        comma => "`,`",
        colon => "`:`",
        // silent rules: pest never reports them
        WHITESPACE | COMMENT | clause | prefix | postfix | infix | argument | digits
        | ident_char | item => "something else",
    }
}

fn rank(word: &str) -> u8 {
    match word {
        "an expression" | "a name" | "a field name" | "a quoted text" | "a quoted message" => 0,
        "an operator" => 1,
        "`severity`" => 4,
        "`basis`" => 5,
        "`for each`" => 6,
        "`let`" => 7,
        "`unknown when`" => 8,
        "`require`" => 9,
        "`message`" => 10,
        "`}`" => 11,
        "`rule`" => 12,
        "`field`" => 13,
        "end of file" => 14,
        w if w.starts_with('`') => 2,
        _ => 3,
    }
}

/// What the text holds at `pos`, for "found ...", and its span: a whole
/// word or number, a quoted text, a run of operator characters, or one
/// character.
pub(crate) fn found_at(text: &str, pos: usize) -> (String, Span) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("end of file".to_owned(), Span::new(text.len(), text.len()));
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let len = if is_word(first) {
        let word = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        // `1.5` and `12.5%` read as one token
        if first.is_ascii_digit() {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(rest.len())
                .max(word)
        } else {
            word
        }
    } else if first == '"' {
        let line = rest.find('\n').unwrap_or(rest.len());
        rest[1..line].find('"').map_or(1, |close| close + 2)
    } else if "=<>!".contains(first) {
        rest.find(|c: char| !"=<>!".contains(c))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    // Long tokens (a long quoted text) are cut for the message; the label
    // still covers the whole token.
    let token = &rest[..len];
    let shown = if token.chars().count() > 30 {
        format!("{}…", token.chars().take(29).collect::<String>())
    } else {
        token.to_owned()
    };
    let found = if first == '\n' || first == '\r' {
        "the end of the line".to_owned()
    } else {
        format!("`{shown}`")
    };
    (found, Span::new(pos, pos + len))
}

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "where", "within", "exists", "is", "missing", "previous", "prior",
    "root", "true", "false", "rule", "for", "each", "let", "require", "severity", "basis",
    "message",
];

fn help_for(expected: &[&str], found: &str, text: &str, pos: usize) -> Option<Hint> {
    let word = found.trim_matches('`');
    if expected.contains(&"a name") && KEYWORDS.contains(&word) {
        return Some(Hint::Reserved(word.to_owned()));
    }
    let keywords: Vec<&str> = expected
        .iter()
        .filter(|e| e.starts_with('`') && e[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|e| e.trim_matches('`'))
        .collect();
    if word.starts_with(|c: char| c.is_ascii_alphabetic())
        && let Some(meant) = crate::fuzzy::nearest(word, keywords.iter().copied())
    {
        return Some(Hint::DidYouMean(meant.to_owned()));
    }
    if word.starts_with(|c: char| c.is_alphabetic() && !c.is_ascii()) {
        return Some(Hint::Letters);
    }
    if word == "=>" || (word.starts_with('>') && text[..pos].ends_with('=')) {
        return Some(Hint::Arrow);
    }
    if found == "end of file" {
        if expected.contains(&"`)`") {
            return Some(Hint::OpenParen);
        }
        if expected.contains(&"`]`") {
            return Some(Hint::OpenBracket);
        }
        if expected.contains(&"`}`") {
            return Some(Hint::CloseRule);
        }
    }
    if expected.contains(&"a tolerance such as `2%`, `0.5 pp`, `Rp 100` or `100`") {
        return Some(Hint::Tolerances);
    }
    if word == "%" && text[..pos].ends_with(char::is_whitespace) {
        return Some(Hint::PercentSpace);
    }
    None
}
