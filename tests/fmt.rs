//! `patuh fmt`: the canonical layout, by example; formatting keeps meaning
//! and comments and is idempotent, shown on every rule file in the repo
//! and on randomly generated rules; the command writes files and checks
//! them for CI.

use std::path::{Path, PathBuf};

use patuh::ast::{
    BinOp, CmpOp, Decimal, Expr, ExprKind, FieldDecl, FieldType, ForEach, Let, Literal, Number,
    Rule, RuleFile, Severity, Template, TemplatePart, Tolerance, UnOp, UnknownWhen,
};
use patuh::builtins::{Shape, Spec, TABLE};
use patuh::fmt::{expr_text, format, format_checked};
use patuh::source::{SourceFile, Span, Spanned};
use patuh::syntax::{parse_expr, parse_rules, sexpr};

mod common;
use common::{Rng, patuh, repo};

// ------------------------------------------------------------------ helpers

/// Formats `text` (which must parse) and checks the result keeps its
/// meaning and comments and formats to itself.
fn fmt(text: &str) -> String {
    let file = SourceFile::new("t.rules", text);
    let out = match format_checked(&file) {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => panic!("{e}\n{text}"),
        Err(e) => panic!("does not parse: {e:?}\n{text}"),
    };
    let again = format_checked(&SourceFile::new("t.rules", out.clone()))
        .expect("formatted text parses")
        .expect("formatted text formats");
    assert_eq!(again, out, "formatting is not idempotent");
    out
}

/// Every `.rules` file below `dir`, sorted.
fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rules") {
            out.push(p);
        }
    }
}

// ----------------------------------------------------------- the layout

#[test]
fn a_messy_rule_file_in_the_canonical_layout() {
    let messy = r#"

# The header comment stays at the top.


# A second paragraph, after one blank line.
rule   premium_floor   "A published premium buys at least JKK and JKM"{   # trails the header
    for each region in root,regencies
  # explains the loop
        for each year in region.years where premium_monthly exists
    message   "{region}  pays {premium_monthly} in {year}, {{not}} enough"
  require premium_monthly>=Rp16800      # trails require
  severity    error
 }
rule segments_sum "Active participants are the sum of their segments" { severity warning for each year in years where active_total exists and participants exists
  require active_total == participants.pu + participants.bpu + participants.jakon + participants.pmi
    # before the closing brace
}   # after it
rule coverage_target "Informal coverage reaches 30% by 2024" {
  require (years[2024].participants.bpu / years[2024].informal_workers >= 30%) and ((a + b) * c - (d - e) >= -(-x)) or not (y is missing)
}
# The end of the file.
"#;
    insta::assert_snapshot!(fmt(messy));
}

#[test]
fn parentheses_are_the_fewest_that_keep_the_meaning() {
    let cases = [
        "(a + b) * c",
        "a + (b * c)",
        "a - (b - c)",
        "(a - b) - c",
        "a / (b / c)",
        "-(a.b)",
        "(-a).b",
        "-(-a)",
        "(not a) and b",
        "not (a and b)",
        "not (a == b within 1%)",
        "(a < b) == c",
        "a == (b < c)",
        "(a + b) exists",
        "(not a) exists",
        "not (a exists)",
        "(a or b) and (c or d)",
        "a or (b and c)",
        "(a == b within 2%) == true",
        "x[(a + b)]",
        "sum(r in (regencies): (r.bpu))",
    ];
    let out: String = cases
        .iter()
        .map(|c| {
            let e = parse_expr(&SourceFile::new("e", *c)).unwrap();
            format!("{c:28} => {}\n", expr_text(&e))
        })
        .collect();
    insta::assert_snapshot!(out);
}

#[test]
fn literals_are_written_one_way() {
    let cases = [
        "518141",
        "518_141",
        "2024",
        "1_0",
        "0.50",
        "1.0",
        "30%",
        "12.50%",
        "0.1%",
        "Rp16800",
        "Rp   16_800.5",
        "\"tab\\there \\\"quoted\\\" back\\\\slash\"",
        "a == b within 2%",
        "a == b within 0.50 pp",
        "a == b within 1_000",
    ];
    let out: String = cases
        .iter()
        .map(|c| {
            let e = parse_expr(&SourceFile::new("e", *c)).unwrap();
            format!("{c:40} => {}\n", expr_text(&e))
        })
        .collect();
    insta::assert_snapshot!(out);
}

#[test]
fn a_long_logic_chain_puts_one_operand_on_each_line_lined_up_with_the_first() {
    let out = fmt(
        "rule r { require at_least(3, r in province.regencies: r.funds_bpu) and none(r in province.regencies where r.kind == \"kota\": r.stopped) or every(r in province.regencies: r.years exists) }",
    );
    assert_eq!(
        out,
        "rule r {\n  require at_least(3, r in province.regencies: r.funds_bpu)\n      and none(r in province.regencies where r.kind == \"kota\": r.stopped)\n       or every(r in province.regencies: r.years exists)\n}\n"
    );
}

#[test]
fn a_flat_chain_of_a_thousand_terms_formats_one_operand_a_line() {
    let codes: Vec<String> = (0..1000).map(|i| format!("code == \"{i}\"")).collect();
    let out = fmt(&format!("rule r {{ require {} }}", codes.join(" or ")));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1002, "{}", &out[..300]);
    assert_eq!(lines[1], "  require code == \"0\"");
    assert_eq!(lines[2], "       or code == \"1\"");
    assert_eq!(lines[1000], "       or code == \"999\"");
}

#[test]
fn a_long_list_breaks_after_commas_lined_up_with_its_first_item() {
    let codes: Vec<String> = (0..40).map(|i| format!("\"72.{i:02}\"")).collect();
    let out = fmt(&format!(
        "rule r {{ require code in [{}] }}",
        codes.join(", ")
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 3, "{out}");
    assert!(
        lines[1].starts_with("  require code in [\"72.00\", "),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!("{}\"72.08\"", " ".repeat(19))),
        "{out}"
    );
    for line in &lines {
        assert!(line.chars().count() <= patuh::fmt::WIDTH, "{line}");
    }
}

#[test]
fn every_line_that_can_break_fits_in_ninety_columns() {
    let out = fmt(
        "rule r { for each year in regency.years where participants.bpu + participants.pu + participants.jakon + participants.pmi > 0 require a }",
    );
    for line in out.lines() {
        assert!(line.chars().count() <= patuh::fmt::WIDTH, "{line}");
    }
    assert!(out.contains("\n      where "), "{out}");
}

#[test]
fn an_empty_file_stays_empty_and_a_comment_only_file_keeps_its_comments() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n  # one\n\n\n# two   \n\n"), "# one\n\n# two\n");
}

// ------------------------------------------------- every file in the repo

#[test]
fn every_rule_file_in_the_repo_formats_to_the_same_rules_and_to_itself() {
    let mut files = Vec::new();
    rule_files(&repo().join("rules"), &mut files);
    rule_files(&repo().join("tests/cases"), &mut files);
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let file = SourceFile::new(name.clone(), text.clone());
        let Ok(original) = parse_rules(&file) else {
            continue; // a case of a syntax error
        };
        let out = format(&original);
        let again = parse_rules(&SourceFile::new(name.clone(), out.clone())).unwrap();
        assert_eq!(again.rules, original.rules, "{name} changed meaning");
        assert_eq!(format(&again), out, "{name}: not idempotent");
        // the repo itself is formatted (`.ci/run` checks it too)
        assert_eq!(out, text, "{name} is not formatted; run `patuh fmt`");
    }
}

// --------------------------------------------------------- generated rules

/// A small deterministic random source (xorshift64*).
fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

const NAMES: &[&str] = &[
    "a",
    "regencies",
    "years",
    "funds_bpu",
    "x_1",
    "android",
    "order",
    "isx",
    "Rp",
    "documents",
    "_p",
];
const FIELDS: &[&str] = &[
    "bpu",
    "participants",
    "and",
    "missing",
    "rule",
    "each",
    "e5",
];

fn number(rng: &mut Rng) -> Number {
    if rng.chance(60) {
        Number::Int(match rng.below(4) {
            0 => rng.below(10) as i64,
            1 => 2000 + rng.below(30) as i64,
            2 => (rng.next() >> 1) as i64,
            _ => rng.below(10_000_000) as i64,
        })
    } else {
        Number::Dec(decimal(rng))
    }
}

fn decimal(rng: &mut Rng) -> Decimal {
    match rng.below(4) {
        0 => Decimal::new(rng.below(1000) as i64, 2),
        1 => [
            "0.1",
            "0.5",
            "1.0",
            "100000000000000000000",
            "0.0000001",
            "123456.789",
            "0.30",
        ][rng.below(7)]
        .parse()
        .expect("a decimal"),
        // any 96-bit mantissa at any scale the grammar can write
        _ => Decimal::from_i128_with_scale(
            (rng.next() as i128) << 16 | rng.below(1 << 16) as i128,
            rng.below(20) as u32,
        ),
    }
}

/// A ratio as the parser makes it from `N%`.
fn ratio(rng: &mut Rng) -> Decimal {
    let written = match rng.below(3) {
        0 => Decimal::from(rng.below(101) as i64),
        1 => Decimal::new(rng.below(100_000) as i64, 3),
        _ => decimal(rng).min(Decimal::from(1_000_000_000_000_000i64)),
    };
    (written / Decimal::ONE_HUNDRED).normalize()
}

fn text(rng: &mut Rng) -> String {
    let chars = [
        "a", " ", "\"", "\\", "\n", "\t", "#", "{", "}", "é", "x", "%", "Rp", "}}",
    ];
    (0..rng.below(6)).map(|_| rng.pick(&chars)).collect()
}

fn literal(rng: &mut Rng) -> Literal {
    match rng.below(5) {
        0 => Literal::Number(number(rng)),
        1 => Literal::Percent(ratio(rng)),
        2 => Literal::Rupiah(number(rng)),
        3 => Literal::Text(text(rng)),
        _ => Literal::Bool(rng.chance(50)),
    }
}

fn boxed(rng: &mut Rng, depth: usize) -> Box<Expr> {
    Box::new(gen_expr(rng, depth))
}

fn gen_expr(rng: &mut Rng, depth: usize) -> Expr {
    if depth == 0 || rng.chance(15) {
        return sp(match rng.below(6) {
            0 | 1 => ExprKind::Lit(literal(rng)),
            2 if rng.chance(50) => ExprKind::Previous,
            2 => ExprKind::Prior,
            3 => ExprKind::Root,
            _ => ExprKind::Name(rng.pick(NAMES).to_owned()),
        });
    }
    let d = depth - 1;
    sp(match rng.below(12) {
        0 => ExprKind::Field(boxed(rng, d), sp(rng.pick(FIELDS).to_owned())),
        1 => ExprKind::Index(boxed(rng, d), boxed(rng, d)),
        2 => ExprKind::Unary(
            if rng.chance(50) { UnOp::Neg } else { UnOp::Not },
            boxed(rng, d),
        ),
        3 | 4 => {
            let level: &[BinOp] = [
                &[BinOp::Or][..],
                &[BinOp::And],
                &[BinOp::Add, BinOp::Sub],
                &[BinOp::Mul, BinOp::Div],
            ][rng.below(4)];
            let first = gen_expr(rng, d);
            let mut rest: Vec<(BinOp, Expr)> = (0..1 + rng.below(3))
                .map(|_| (level[rng.below(level.len())], gen_expr(rng, d)))
                .collect();
            // as lowering makes it: a chain of the same level on the left
            // is one chain with this one (`(a + b) - c` is `a + b - c`)
            match first.node {
                ExprKind::Chain {
                    first,
                    rest: mut before,
                } if before[0].0.level() == level[0].level() => {
                    before.append(&mut rest);
                    ExprKind::Chain {
                        first,
                        rest: before,
                    }
                }
                node => ExprKind::Chain {
                    first: Box::new(sp(node)),
                    rest,
                },
            }
        }
        5 | 6 => ExprKind::Compare {
            op: [
                CmpOp::Eq,
                CmpOp::Ne,
                CmpOp::Lt,
                CmpOp::Le,
                CmpOp::Gt,
                CmpOp::Ge,
            ][rng.below(6)],
            lhs: boxed(rng, d),
            rhs: boxed(rng, d),
            tolerance: rng.chance(30).then(|| {
                Box::new(sp(match rng.below(3) {
                    0 => Tolerance::Relative(ratio(rng)),
                    1 => Tolerance::Points(decimal(rng)),
                    _ => Tolerance::Absolute(number(rng)),
                }))
            }),
        },
        7 if rng.chance(40) => ExprKind::Exists {
            expr: boxed(rng, d),
            negated: rng.chance(50),
        },
        7 if rng.chance(50) => {
            ExprKind::List((0..rng.below(4)).map(|_| gen_expr(rng, d)).collect())
        }
        7 => ExprKind::In {
            item: boxed(rng, d),
            collection: boxed(rng, d),
            negated: rng.chance(50),
        },
        8 => {
            let calls: Vec<&Spec> = TABLE
                .iter()
                .filter(|s| matches!(s.shape, Shape::Call(_)))
                .collect();
            let spec = calls[rng.below(calls.len())];
            let Shape::Call(params) = spec.shape else {
                unreachable!()
            };
            ExprKind::Call {
                func: sp(spec.builtin),
                args: params.iter().map(|_| gen_expr(rng, d)).collect(),
            }
        }
        _ => {
            let comprehensions: Vec<&Spec> = TABLE
                .iter()
                .filter(|s| s.builtin.is_comprehension())
                .collect();
            let spec = comprehensions[rng.below(comprehensions.len())];
            let Shape::Comprehension { leading, .. } = spec.shape else {
                unreachable!()
            };
            ExprKind::Comprehension(Box::new(patuh::ast::Comprehension {
                func: sp(spec.builtin),
                leading: leading.iter().map(|_| gen_expr(rng, d)).collect(),
                var: sp(rng.pick(&["r", "y", "item"]).to_owned()),
                source: boxed(rng, d),
                filter: rng.chance(40).then(|| boxed(rng, d)),
                body: rng.chance(60).then(|| boxed(rng, d)),
            }))
        }
    })
}

fn gen_rule(rng: &mut Rng, n: usize) -> Rule {
    let loops: Vec<ForEach> = (0..rng.below(3))
        .map(|_| ForEach {
            var: sp(rng.pick(&["year", "regency", "r"]).to_owned()),
            sources: (0..1 + rng.below(2)).map(|_| gen_expr(rng, 2)).collect(),
            filter: rng.chance(50).then(|| gen_expr(rng, 4)),
            span: Span::default(),
        })
        .collect();
    let message = rng.chance(50).then(|| {
        let mut parts = Vec::new();
        for k in 0..1 + rng.below(4) {
            // never two texts in a row, never an empty text: the parser joins them
            if k % 2 == 0 {
                let t = text(rng);
                if !t.is_empty() {
                    parts.push(TemplatePart::Text(t));
                }
            } else {
                parts.push(TemplatePart::Hole(gen_expr(rng, 2)));
            }
        }
        Template {
            parts,
            span: Span::default(),
        }
    });
    // `let` clauses among the `for each` clauses, in order
    let mut after = 0;
    let lets = (0..rng.below(3))
        .map(|k| {
            after = (after + rng.below(2)).min(loops.len());
            Let {
                name: sp(format!("v{k}")),
                value: gen_expr(rng, 3),
                after,
                span: Span::default(),
            }
        })
        .collect();
    let unknowns = (0..rng.below(3))
        .map(|_| UnknownWhen {
            condition: gen_expr(rng, 3),
            reason: sp(text(rng)),
            span: Span::default(),
        })
        .collect();
    Rule {
        id: sp(format!("rule_{n}")),
        title: rng.chance(70).then(|| sp(text(rng))),
        severity: sp([Severity::Error, Severity::Warning, Severity::Info][rng.below(3)]),
        basis: rng.chance(30).then(|| sp(text(rng))),
        loops,
        lets,
        unknowns,
        require: gen_expr(rng, 5),
        message,
        span: Span::default(),
    }
}

#[test]
fn generated_expressions_print_and_parse_back_to_the_same_tree() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..3000 {
        let e = gen_expr(&mut rng, 5);
        let text = expr_text(&e);
        let back = match parse_expr(&SourceFile::new("e", text.clone())) {
            Ok(b) => b,
            Err(err) => panic!("`{text}` does not parse: {err:?}\nfrom {}", sexpr(&e)),
        };
        assert_eq!(sexpr(&back), sexpr(&e), "`{text}`");
        assert_eq!(back, e, "`{text}`");
        assert_eq!(expr_text(&back), text);
    }
}

/// `text` with some single spaces outside texts and message holes turned
/// into other whitespace, and comments added at line ends and on lines of
/// their own.
fn mess_up(rng: &mut Rng, text: &str) -> (String, usize) {
    let mut out = String::new();
    let mut comments = 0;
    let mut in_text: Option<bool> = None;
    let mut holes: Vec<bool> = Vec::new();
    // the last word in code, to know whether a quote opens a message
    let mut last_word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let code = in_text.is_none() && holes.is_empty();
        let word_char = c.is_ascii_alphanumeric() || c == '_';
        match (in_text, c) {
            (None, '"') => {
                in_text = Some(last_word == "message");
                last_word.clear();
            }
            (None, '}') if !holes.is_empty() => in_text = holes.pop(),
            (None, c) if word_char => {
                if !in_word {
                    last_word.clear();
                }
                last_word.push(c);
            }
            (None, c) if c.is_whitespace() => {}
            (None, _) => last_word.clear(),
            (Some(_), '\\') => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
                continue;
            }
            (Some(_), '"') => in_text = None,
            (Some(true), '{') if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(chars.next().unwrap_or('{'));
                continue;
            }
            (Some(true), '}') if chars.peek() == Some(&'}') => {
                out.push(c);
                out.push(chars.next().unwrap_or('}'));
                continue;
            }
            (Some(true), '{') => {
                holes.push(true);
                in_text = None;
                last_word.clear();
            }
            _ => {}
        }
        in_word = in_text.is_none() && word_char;
        // `Rp 16_800` must stay on one line
        let after_rp = out.ends_with("Rp");
        if code && c == ' ' && !after_rp && rng.chance(30) {
            out.push_str(rng.pick(&["  ", "\t", "\n", "\n        ", " \n\n "]));
            continue;
        }
        if code && c == '\n' {
            if rng.chance(30) {
                out.push_str(&format!("   # trailing {comments} \"q\" {{x}}"));
                comments += 1;
            }
            out.push('\n');
            if rng.chance(20) {
                out.push_str(&format!("  # own line {comments}\n"));
                comments += 1;
            }
            continue;
        }
        out.push(c);
    }
    (out, comments)
}

#[test]
fn generated_rule_files_format_to_the_same_rules_keep_comments_and_format_to_themselves() {
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    for case in 0..300 {
        let rules: Vec<Rule> = (0..1 + rng.below(3))
            .map(|n| gen_rule(&mut rng, n))
            .collect();
        // declarations too, collections `optional` now and then
        let fields: Vec<FieldDecl> = (0..rng.below(3))
            .map(|k| {
                let ty = [FieldType::List, FieldType::Series, FieldType::Count][rng.below(3)];
                FieldDecl {
                    path: vec![sp(format!("f{k}")), sp("bpu".to_owned())],
                    ty: sp(ty),
                    optional: ty.is_collection() && rng.chance(50),
                    doc: rng.chance(50).then(|| sp(text(&mut rng))),
                    span: Span::default(),
                }
            })
            .collect();
        let file = RuleFile {
            source: SourceFile::new("gen.rules", ""),
            rules: rules.clone(),
            fields: fields.clone(),
        };
        let text = format(&file);
        let parsed = match parse_rules(&SourceFile::new("gen.rules", text.clone())) {
            Ok(p) => p,
            Err(e) => panic!("case {case} does not parse: {e:?}\n{text}"),
        };
        assert_eq!(parsed.rules, rules, "case {case}\n{text}");
        assert_eq!(parsed.fields, fields, "case {case}\n{text}");
        assert_eq!(format(&parsed), text, "case {case}: not idempotent");

        let (messy, comments) = mess_up(&mut rng, &text);
        let messy_file = SourceFile::new("messy.rules", messy.clone());
        let out = match format_checked(&messy_file) {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => panic!("case {case}: {e}\n{messy}"),
            Err(e) => panic!("case {case}: messy text does not parse: {e:?}\n{messy}"),
        };
        assert_eq!(
            out.matches("# trailing ").count() + out.matches("# own line ").count(),
            comments,
            "case {case}: comments\n{messy}\n---\n{out}"
        );
        let again = format(&parse_rules(&SourceFile::new("m.rules", out.clone())).unwrap());
        assert_eq!(again, out, "case {case}: not idempotent\n{messy}");
    }
}

// ------------------------------------------------------------- the command

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fmt-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const UNFORMATTED: &str = "rule a \"A\" {\n    require x>1   # why\n}\nrule b { require y }\n";

#[test]
fn check_shows_a_diff_and_fails_without_touching_the_file() {
    let dir = scratch("check", &[("rules/a.rules", UNFORMATTED)]);
    let run = patuh(&dir, &["fmt", "--check", "rules"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
    let after = std::fs::read_to_string(dir.join("rules/a.rules")).unwrap();
    assert_eq!(after, UNFORMATTED);
}

#[test]
fn fmt_rewrites_the_file_and_then_check_passes() {
    let dir = scratch(
        "write",
        &[
            ("rules/a.rules", UNFORMATTED),
            ("rules/b.rules", "rule c {\n  require z\n}\n"),
        ],
    );
    let run = patuh(&dir, &["fmt", "rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "formatted rules/a.rules\n1 file formatted, 1 already formatted\n"
    );
    let after = std::fs::read_to_string(dir.join("rules/a.rules")).unwrap();
    assert_eq!(
        after,
        "rule a \"A\" {\n  require x > 1  # why\n}\n\nrule b {\n  require y\n}\n"
    );
    // no temporary file is left behind
    let names: Vec<String> = std::fs::read_dir(dir.join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let check = patuh(&dir, &["fmt", "--check", "rules"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, "2 rule files already formatted\n")
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_nothing_is_written() {
    let dir = scratch(
        "broken",
        &[
            ("a.rules", UNFORMATTED),
            ("b.rules", "rule b { require }\n"),
        ],
    );
    let run = patuh(&dir, &["fmt", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("patuh::syntax::"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.rules")).unwrap(),
        UNFORMATTED
    );
}

#[test]
fn the_repo_is_formatted() {
    // Every rule file in the repo, but the fixtures that are broken on purpose.
    let mut paths = vec![
        "rules".to_owned(),
        "tests/cases/parse/ok".to_owned(),
        "tests/cases/eval".to_owned(),
    ];
    for e in std::fs::read_dir(repo().join("tests/cases/check")).expect("fixtures") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".rules") && !name.starts_with("syntax_") {
            paths.push(format!("tests/cases/check/{name}"));
        }
    }
    let mut args = vec!["fmt", "--check"];
    args.extend(paths.iter().map(String::as_str));
    let run = patuh(repo(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn field_declarations_line_up_their_descriptions_in_groups() {
    let src = "# schema\nfield name: text \"a region's name\"\nfield years: series   \"per year\"\n\nfield years.participants.bpu: count \"BPU\"\nfield years.coverage: percent\n\nrule r \"r\" {\n  require name exists\n}\n";
    let file = parse_rules(&SourceFile::new("s.rules", src)).expect("parses");
    let out = format(&file);
    assert_eq!(
        out,
        "# schema\nfield name: text     \"a region's name\"\nfield years: series  \"per year\"\n\nfield years.participants.bpu: count  \"BPU\"\nfield years.coverage: percent\n\nrule r \"r\" {\n  require name exists\n}\n"
    );
    let again = parse_rules(&SourceFile::new("s.rules", out.clone())).expect("parses");
    assert_eq!(again.fields, file.fields);
    assert_eq!(format(&again), out, "idempotent");
}

#[test]
fn an_optional_collection_keeps_optional_after_its_type() {
    let out = fmt(
        "field regencies:list   optional \"the regencies\"\nfield years: series \"per year\"\n",
    );
    assert_eq!(
        out,
        "field regencies: list optional  \"the regencies\"\nfield years: series             \"per year\"\n"
    );
}

#[test]
fn a_comment_after_a_declaration_without_a_description_stays_on_its_line() {
    // The declaration ends at its type: the comment after it is not part
    // of it (it used to move above the declaration).
    assert_eq!(
        fmt("field a: series   # per year\nfield b: list optional # may be absent\n"),
        "field a: series  # per year\nfield b: list optional  # may be absent\n"
    );
}
