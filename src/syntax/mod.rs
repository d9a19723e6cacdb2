//! Rule files from text to [`ast`](crate::ast): a pest grammar
//! (`grammar/patuh.pest`), a Pratt table for operator precedence, and
//! lowering from pest's pairs to the span-carrying tree.
//!
//! Entry points: [`parse_rules`] for a rule file, [`parse_expr`] for a lone
//! expression, [`sexpr`] to print an expression with its structure visible.
//! Failures are [`SyntaxErrors`]: every problem found, not only the first.

mod error;
mod lower;
mod scan;
mod sexpr;
mod unexpected;
mod words;

use std::sync::LazyLock;

use pest::Parser as _;
use pest::pratt_parser::{Assoc, Op, PrattParser};

pub use error::{
    ArgumentsProblem, ChainedComparisonError, DuplicateClauseError, DuplicateToleranceError,
    Expected, Hint, MisplacedWithinError, MissingRequireError, Names, NumberTooLargeError,
    OptionalFigureError, SingleEqualsError, SyntaxError, SyntaxErrors, TooDeepError,
    UnexpectedError, UnexpectedLabel, UnknownEscapeError, UnknownFunctionError,
    UnknownSeverityError, UnknownTypeError, UnterminatedStringError, Values, WrongArgumentsError,
};
pub use sexpr::sexpr;

use crate::ast::{Expr, RuleFile};
use crate::source::SourceFile;
use lower::Lowerer;

mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar/patuh.pest"]
    pub(crate) struct PatuhParser;
}
pub(crate) use grammar::{PatuhParser, Rule};

/// How deep an expression may nest: brackets, calls, message holes, fields
/// and prefix operators. Deeper input is an error rather than a stack
/// overflow. A flat run of one operator level (`a or b or ...`, `a + b -
/// ...`) is one node however long it is, and counts once.
pub const MAX_DEPTH: usize = 64;

/// Operator precedence, loosest first; `|` joins operators of equal rank.
/// Comparisons are parsed left-associative and lowering rejects a chain.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or_op, Assoc::Left))
        .op(Op::infix(Rule::and_op, Assoc::Left))
        .op(Op::prefix(Rule::not_op))
        .op(Op::postfix(Rule::within_op))
        .op(Op::infix(Rule::eq_op, Assoc::Left)
            | Op::infix(Rule::ne_op, Assoc::Left)
            | Op::infix(Rule::lt_op, Assoc::Left)
            | Op::infix(Rule::le_op, Assoc::Left)
            | Op::infix(Rule::gt_op, Assoc::Left)
            | Op::infix(Rule::ge_op, Assoc::Left)
            | Op::infix(Rule::single_eq_op, Assoc::Left)
            | Op::infix(Rule::in_op, Assoc::Left)
            | Op::infix(Rule::not_in_op, Assoc::Left))
        .op(Op::postfix(Rule::exists_op) | Op::postfix(Rule::missing_op))
        .op(Op::infix(Rule::add_op, Assoc::Left) | Op::infix(Rule::sub_op, Assoc::Left))
        .op(Op::infix(Rule::mul_op, Assoc::Left) | Op::infix(Rule::div_op, Assoc::Left))
        .op(Op::prefix(Rule::neg_op))
        .op(Op::postfix(Rule::field_op) | Op::postfix(Rule::index_op))
});

/// Parses a rule file.
///
/// The file is split before every line that starts with `rule` or reads
/// `field NAME:`, and each piece is parsed on its own: every broken rule
/// reports its own error, errors found while lowering (a missing
/// `require`, an unknown function, ...) are collected from all rules, and
/// memory stays that of one rule's parse at a time (pest keeps a token
/// queue for the whole input it parses: a 50 MB file parsed whole took
/// 1.4 GB). The pieces parse exactly when the whole file does: items end
/// with `}` or a declaration's last token, so none can reach into the
/// next line that starts an item.
pub fn parse_rules(file: &SourceFile) -> Result<RuleFile, SyntaxErrors> {
    let text = file.text();
    let mut rules = Vec::new();
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    for (start, end, entry) in pieces(text) {
        let piece = &text[start..end];
        if let Some(err) = scan::scan(file, start, piece) {
            errors.push(err);
            continue;
        }
        match PatuhParser::parse(entry, piece) {
            Ok(mut pairs) => {
                let lowerer = Lowerer::new(file, start);
                if let Some(top) = pairs.next() {
                    let (r, f) = lowerer.items(top);
                    rules.extend(r);
                    fields.extend(f);
                }
                errors.extend(lowerer.finish());
            }
            Err(e) => errors.push(unexpected::from_pest(e, file, start)),
        }
    }
    if errors.is_empty() {
        Ok(RuleFile {
            source: file.clone(),
            rules,
            fields,
        })
    } else {
        errors.sort_by_key(|e| e.span().start);
        Err(SyntaxErrors(errors))
    }
}

/// Parses the whole text of `file` as one expression.
pub fn parse_expr(file: &SourceFile) -> Result<Expr, SyntaxErrors> {
    let text = file.text();
    if let Some(err) = scan::scan(file, 0, text) {
        return Err(SyntaxErrors(vec![err]));
    }
    let mut pairs = PatuhParser::parse(Rule::expr_only, text)
        .map_err(|e| SyntaxErrors(vec![unexpected::from_pest(e, file, 0)]))?;
    let lowerer = Lowerer::new(file, 0);
    let expr = pairs
        .next()
        .and_then(|top| top.into_inner().find(|p| p.as_rule() == Rule::expr))
        .and_then(|e| lowerer.expr(e));
    let mut errors = lowerer.finish();
    match expr {
        Some(expr) if errors.is_empty() => Ok(expr),
        _ => {
            errors.sort_by_key(|e| e.span().start);
            Err(SyntaxErrors(errors))
        }
    }
}

/// Splits `text` before every line whose first word is `rule`, and before
/// every line that reads `field NAME:` (`field` is not a reserved word, so
/// the colon tells a declaration from an expression that goes on); returns
/// the byte range of each piece and the entry rule to parse it with (the
/// text before the first item may only hold comments, so it is parsed as a
/// file).
fn pieces(text: &str) -> Vec<(usize, usize, Rule)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let item = match (trimmed.strip_prefix("rule"), trimmed.strip_prefix("field")) {
            (Some(rest), _) => !rest.starts_with(is_word),
            (_, Some(rest)) => {
                let name = rest.trim_start();
                rest.starts_with([' ', '\t'])
                    && name
                        .trim_start_matches(|c: char| is_word(c) || c == '.')
                        .trim_start()
                        .starts_with(':')
            }
            _ => false,
        };
        if item {
            starts.push(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    let mut pieces = Vec::new();
    let first = starts.first().copied().unwrap_or(text.len());
    if first > 0 {
        pieces.push((0, first, Rule::file));
    }
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        pieces.push((start, end, Rule::rule_only));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use pest::{consumes_to, fails_with, parses_to};

    use super::*;

    #[test]
    fn a_keyword_is_a_whole_word_so_longer_names_may_start_with_one() {
        parses_to! {
            parser: PatuhParser,
            input: "android",
            rule: Rule::ident,
            tokens: [ident(0, 7)]
        };
        parses_to! {
            parser: PatuhParser,
            input: "a and b",
            rule: Rule::expr_only,
            tokens: [expr_only(0, 7, [
                expr(0, 7, [primary(0, 1, [ident(0, 1)]), and_op(2, 5), primary(6, 7, [ident(6, 7)])]),
                EOI(7, 7)
            ])]
        };
    }

    #[test]
    fn a_keyword_is_not_a_name() {
        fails_with! {
            parser: PatuhParser,
            input: "where",
            rule: Rule::ident,
            positives: vec![Rule::ident],
            negatives: vec![],
            pos: 0
        };
    }

    #[test]
    fn a_broken_file_is_split_before_every_line_that_starts_with_rule() {
        let text = "# intro\nrule a {\n  require x\n}\n  rule b { require rule_count }\nrules c\n";
        let starts: Vec<(usize, Rule)> = pieces(text).iter().map(|&(s, _, r)| (s, r)).collect();
        assert_eq!(
            starts,
            [(0, Rule::file), (8, Rule::rule_only), (33, Rule::rule_only)]
        );
        assert_eq!(&text[33..39], "rule b");
    }

    #[test]
    fn a_broken_file_is_split_before_field_declarations_but_not_before_a_field_named_field() {
        let text = "field a.b: count\nrule r {\n  require x\n    + field\n}\nfield c : text\n";
        let starts: Vec<usize> = pieces(text).iter().map(|&(s, _, _)| s).collect();
        assert_eq!(starts, [0, 17, 52]);
        assert_eq!(&text[52..59], "field c");
    }
}
