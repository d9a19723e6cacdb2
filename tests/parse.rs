//! Parsing rule files: precedence, the sketch's rules, spans, and every
//! syntax error rendered as the report an auditor reads.

use std::fmt::Write as _;
use std::path::Path;

use miette::Diagnostic;
use patuh::ast::{Builtin, ExprKind, Literal, Number, RuleFile, Severity, TemplatePart, Tolerance};
use patuh::source::{SourceFile, Span};
use patuh::syntax::{SyntaxErrors, parse_expr, parse_rules, sexpr};

mod common;

// ------------------------------------------------------------------ helpers

/// The S-expression of `text`, or the rendered errors.
fn sx(text: &str) -> String {
    match parse_expr(&SourceFile::new("expr", text)) {
        Ok(e) => sexpr(&e),
        Err(errors) => panic!("`{text}` does not parse:\n{}", render(&errors)),
    }
}

/// A table of `input => s-expression` lines.
fn table(cases: &[&str]) -> String {
    let width = cases.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut out = String::new();
    for case in cases {
        writeln!(out, "{case:width$}  =>  {}", sx(case)).unwrap();
    }
    out
}

/// The human report, colour and links off, 80 columns.
fn render(errors: &SyntaxErrors) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, errors)
        .unwrap();
    out
}

fn rules_error(text: &str) -> SyntaxErrors {
    match parse_rules(&SourceFile::new("rules/audit.rules", text)) {
        Ok(_) => panic!("expected a syntax error in:\n{text}"),
        Err(e) => e,
    }
}

/// Checks that `file` fails to parse with exactly one error with code
/// `patuh::syntax::{code}`, and gives the report (which quotes the lines
/// of `file` it points at).
fn report_of(file: &SourceFile, code: &str) -> String {
    let errors = match parse_rules(file) {
        Ok(_) => panic!("expected a syntax error in:\n{}", file.text()),
        Err(e) => e,
    };
    let codes: Vec<String> = errors
        .iter()
        .map(|e| e.code().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        [format!("patuh::syntax::{code}")],
        "{}",
        render(&errors)
    );
    render(&errors)
}

fn cases() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/parse")
}

fn parse_ok(name: &str, text: &str) -> RuleFile {
    match parse_rules(&SourceFile::new(name, text)) {
        Ok(f) => f,
        Err(errors) => panic!("{name} does not parse:\n{}", render(&errors)),
    }
}

/// A rule file printed compactly, expressions as S-expressions.
fn outline(file: &RuleFile) -> String {
    let mut out = String::new();
    for (i, rule) in file.rules.iter().enumerate() {
        if i > 0 {
            writeln!(out).unwrap();
        }
        write!(out, "rule {}", rule.id.node).unwrap();
        if let Some(title) = &rule.title {
            write!(out, " {:?}", title.node).unwrap();
        }
        writeln!(out).unwrap();
        writeln!(out, "  severity {}", rule.severity.as_str()).unwrap();
        if let Some(basis) = &rule.basis {
            writeln!(out, "  basis {:?}", basis.node).unwrap();
        }
        for each in &rule.loops {
            let sources: Vec<String> = each.sources.iter().map(sexpr).collect();
            write!(
                out,
                "  for each {} in {}",
                each.var.node,
                sources.join(", ")
            )
            .unwrap();
            if let Some(filter) = &each.filter {
                write!(out, " where {}", sexpr(filter)).unwrap();
            }
            writeln!(out).unwrap();
        }
        writeln!(out, "  require {}", sexpr(&rule.require)).unwrap();
        if let Some(message) = &rule.message {
            let parts: Vec<String> = message
                .parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Text(t) => format!("{t:?}"),
                    TemplatePart::Hole(e) => format!("{{{}}}", sexpr(e)),
                })
                .collect();
            writeln!(out, "  message {}", parts.join(" ")).unwrap();
        }
    }
    out
}

/// The text a span covers.
fn covered(file: &SourceFile, span: Span) -> &str {
    span.text(file)
}

// --------------------------------------------------------------- precedence

#[test]
fn multiplication_binds_tighter_than_addition_and_both_associate_left() {
    insta::assert_snapshot!(table(&[
        "1 + 2 * 3",
        "(1 + 2) * 3",
        "a - b - c",
        "a / b / c",
        "a / b * c",
        "-a * b",
        "-a.b",
        "- -a",
        "a - -b",
        "a + b * c - d / e",
    ]));
}

#[test]
fn arithmetic_binds_tighter_than_comparison_and_within_loosens_the_whole_comparison() {
    insta::assert_snapshot!(table(&[
        "a + b == c",
        "a != b",
        "a < b + 1",
        "a <= b",
        "a > b",
        "a >= b * 2",
        "coverage == active_total / workforce within 0.5 pp",
        "bpu_allocation == funded_workers * premium_monthly * 12 within 2%",
        "total == expected within 100",
        "total == expected within 0.5",
        "(a < b) == c",
    ]));
}

#[test]
fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
    insta::assert_snapshot!(table(&[
        "a and b or c",
        "a or b and c",
        "not a and b",
        "not a == b",
        "not a == b within 1",
        "not not a",
        "a or not b",
        "not (a or b)",
        "a and b and c",
    ]));
}

#[test]
fn exists_and_is_missing_apply_to_the_arithmetic_before_them() {
    insta::assert_snapshot!(table(&[
        "previous exists",
        "previous.participants.bpu exists",
        "workforce is missing",
        "a + b exists",
        "a == b exists",
        "x exists and y is missing",
        "not x exists",
    ]));
}

#[test]
fn field_and_index_chains_bind_tightest() {
    insta::assert_snapshot!(table(&[
        "regency.years[2024].participants.bpu",
        "regency.years[year - 1].participants",
        "a[b[c]]",
        "previous.participants.bpu",
        "root.regencies",
        "x.message.rule",
        "(a + b).c",
        "a.b * c.d",
    ]));
}

#[test]
fn comprehensions_and_calls() {
    insta::assert_snapshot!(table(&[
        "sum(r in regencies: r.years[year].participants.bpu)",
        "count(r in regencies where r.kind == \"kota\")",
        "count(regencies)",
        "min(y in years: y.coverage)",
        "max(y in years where y.coverage exists: y.coverage)",
        "avg(y in years: y.coverage)",
        "every(r in regencies: r.funds_bpu)",
        "some(r in regencies: r.funds_bpu and r.premium_monthly > Rp 0)",
        "none(r in regencies)",
        "at_least(3, r in regencies: r.funds_bpu)",
        "every(r in regencies: count(y in r.years where y.funds_bpu) >= 1)",
        "abs(growth(participants.bpu)) <= 20%",
        "change(participants.bpu)",
        "first(years).coverage",
        "last(years)",
    ]));
}

#[test]
fn in_and_not_in_compare_like_equals_and_lists_hold_expressions() {
    insta::assert_snapshot!(table(&[
        "kind in [\"regency\", \"city\"]",
        "code not in regencies.code",
        "year in [2021, 2023] and funds_bpu",
        "a + 1 in [b * 2, c]",
        "not x in xs",
        "(a in b) == c",
        "[]",
        "[[1, 2], [3]]",
        "2023 in years or prior exists",
    ]));
}

#[test]
fn literals() {
    insta::assert_snapshot!(table(&[
        "518_141",
        "2024",
        "0.5",
        "1_000.25",
        "30%",
        "12.5%",
        "Rp 16_800",
        "Rp16800",
        "Rp 1_500.50",
        "\"Kota Palu\"",
        "\"say \\\"hi\\\"\\tthen\\nbye \\\\\"",
        "true",
        "false",
        "previous",
        "root",
        "9_223_372_036_854_775_807",
    ]));
}

#[test]
fn comments_and_line_breaks_may_appear_between_any_tokens() {
    assert_eq!(
        sx("a # the first figure\n  + # plus\n  b # the second\n"),
        "(+ a b)"
    );
}

// ------------------------------------------------------------ literal values

fn dec(s: &str) -> patuh::ast::Decimal {
    patuh::ast::Decimal::from_str_exact(s).expect("a decimal")
}

#[test]
fn numbers_percentages_and_rupiah_have_their_values() {
    let lit = |text: &str| match parse_expr(&SourceFile::new("e", text)).unwrap().node {
        ExprKind::Lit(l) => l,
        other => panic!("{text} is not a literal: {other:?}"),
    };
    assert_eq!(lit("518_141"), Literal::Number(Number::Int(518_141)));
    assert_eq!(
        lit("1_000.25"),
        Literal::Number(Number::Dec(dec("1000.25")))
    );
    assert_eq!(lit("30%"), Literal::Percent(dec("0.3")));
    assert_eq!(lit("12.5%"), Literal::Percent(dec("0.125")));
    // exactly as written: 0.1 is one tenth, not the binary float nearest it
    assert_eq!(lit("0.1"), Literal::Number(Number::Dec(dec("0.1"))));
    assert_eq!(lit("33.33%"), Literal::Percent(dec("0.3333")));
    assert_eq!(lit("Rp 16_800"), Literal::Rupiah(Number::Int(16_800)));
    assert_eq!(lit("Rp16800"), Literal::Rupiah(Number::Int(16_800)));
    assert_eq!(lit("\"a\\\"b\""), Literal::Text("a\"b".to_owned()));
    assert_eq!(lit("true"), Literal::Bool(true));
}

#[test]
fn tolerances_are_relative_points_or_absolute() {
    let tolerance = |text: &str| match parse_expr(&SourceFile::new("e", text)).unwrap().node {
        ExprKind::Compare { tolerance, .. } => tolerance.map(|t| t.node),
        other => panic!("{text} is not a comparison: {other:?}"),
    };
    assert_eq!(
        tolerance("a == b within 2%"),
        Some(Tolerance::Relative(dec("0.02")))
    );
    assert_eq!(
        tolerance("a == b within 0.5 pp"),
        Some(Tolerance::Points(dec("0.5")))
    );
    assert_eq!(
        tolerance("a == b within 100"),
        Some(Tolerance::Absolute(Number::Int(100)))
    );
    assert_eq!(
        tolerance("a == b within 0.5"),
        Some(Tolerance::Absolute(Number::Dec(dec("0.5"))))
    );
    assert_eq!(tolerance("a == b"), None);
}

#[test]
fn at_least_keeps_its_count_expression() {
    let e = parse_expr(&SourceFile::new("e", "at_least(3, r in rs: r.ok)")).unwrap();
    let ExprKind::Comprehension(c) = e.node else {
        panic!("not a comprehension");
    };
    let patuh::ast::Comprehension {
        func, leading, var, ..
    } = *c;
    assert_eq!(func.node, Builtin::AtLeast);
    assert_eq!(
        leading.iter().map(|n| &n.node).collect::<Vec<_>>(),
        [&ExprKind::Lit(Literal::Number(Number::Int(3)))]
    );
    assert_eq!(var.node, "r");
}

#[test]
fn trees_compare_by_structure_not_by_position() {
    let a = parse_expr(&SourceFile::new("a", "a+b*c")).unwrap();
    let b = parse_expr(&SourceFile::new("b", "  a + b   *  c  ")).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.span, b.span);
}

// -------------------------------------------------------------------- rules

/// The rule files in `tests/cases/parse/ok/` parse, printed compactly.
#[test]
fn ok() {
    insta::glob!("cases/parse/ok/*.rules", |path| {
        let [file] = <[_; 1]>::try_from(common::case_files(path, &cases())).expect("one file");
        let parsed = parse_ok(file.name(), file.text());
        insta::assert_snapshot!(outline(&parsed));
    });
}

/// One case per syntax error in `tests/cases/parse/error/`, named
/// `<code>[-<variant>].rules`: it fails with that one error, and its
/// snapshot is the report an auditor reads.
#[test]
fn errors() {
    insta::glob!("cases/parse/error/*.rules", |path| {
        let stem = path.file_stem().expect("a name").to_string_lossy();
        let code = stem.split('-').next().unwrap_or_default();
        let [file] = <[_; 1]>::try_from(common::case_files(path, &cases())).expect("one file");
        insta::assert_snapshot!(report_of(&file, code));
    });
}

#[test]
fn severity_defaults_to_error_and_clauses_come_in_any_order() {
    let file = parse_ok(
        "rules/x.rules",
        "rule r {\n  message \"m\"\n  require a\n  for each x in xs\n  basis \"b\"\n}\n",
    );
    let rule = &file.rules[0];
    assert_eq!(rule.severity.node, Severity::Error);
    assert_eq!(rule.basis.as_ref().unwrap().node, "b");
    assert_eq!(rule.loops.len(), 1);
    assert!(rule.title.is_none());
}

#[test]
fn an_empty_file_or_one_with_only_comments_has_no_rules() {
    assert!(parse_ok("a", "").rules.is_empty());
    assert!(
        parse_ok("b", "# nothing yet\n\n   # really\n")
            .rules
            .is_empty()
    );
}

#[test]
fn a_message_template_unescapes_braces_and_keeps_holes() {
    let file = parse_ok(
        "rules/x.rules",
        "rule r {\n  require a\n  message \"{{ {regency.name} }} \\\"q\\\" {x == \"y\"}\"\n}\n",
    );
    insta::assert_snapshot!(outline(&file), @r#"
    rule r
      severity error
      require a
      message "{ " {(. regency name)} " } \"q\" " {(== x "y")}
    "#);
}

// -------------------------------------------------------------------- spans

#[test]
fn a_folded_comparison_spans_from_its_left_operand_to_its_right_one() {
    let file = SourceFile::new("e", "x and a + b == c");
    let e = parse_expr(&file).unwrap();
    let ExprKind::Chain { rest, .. } = &e.node else {
        panic!("not `and`");
    };
    let rhs = &rest[0].1;
    assert!(matches!(rhs.node, ExprKind::Compare { .. }));
    assert_eq!(covered(&file, rhs.span), "a + b == c");
    assert_eq!(covered(&file, e.span), "x and a + b == c");
}

#[test]
fn parentheses_belong_to_the_expression_they_enclose() {
    let file = SourceFile::new("e", "(a + b) * c");
    let e = parse_expr(&file).unwrap();
    let ExprKind::Chain { first: lhs, .. } = &e.node else {
        panic!("not `*`");
    };
    assert_eq!(covered(&file, lhs.span), "(a + b)");
    assert_eq!(covered(&file, e.span), "(a + b) * c");
}

#[test]
fn within_extends_the_comparison_and_the_tolerance_covers_its_literal() {
    let file = SourceFile::new("e", "total == expected within 2% or x");
    let e = parse_expr(&file).unwrap();
    let ExprKind::Chain { first: cmp, .. } = &e.node else {
        panic!("not `or`");
    };
    let ExprKind::Compare { tolerance, .. } = &cmp.node else {
        panic!("not a comparison");
    };
    assert_eq!(covered(&file, cmp.span), "total == expected within 2%");
    assert_eq!(covered(&file, tolerance.as_ref().unwrap().span), "2%");
}

#[test]
fn chains_calls_and_prefix_operators_cover_what_was_written() {
    let file = SourceFile::new("e", "-regency.years[2024] + sum(r in rs: r.x)");
    let e = parse_expr(&file).unwrap();
    let ExprKind::Chain { first: neg, rest } = &e.node else {
        panic!("not `+`");
    };
    let sum = &rest[0].1;
    assert_eq!(covered(&file, neg.span), "-regency.years[2024]");
    let ExprKind::Unary(_, index) = &neg.node else {
        panic!("not `-`");
    };
    assert_eq!(covered(&file, index.span), "regency.years[2024]");
    let ExprKind::Index(field, _) = &index.node else {
        panic!("not an index");
    };
    let ExprKind::Field(_, name) = &field.node else {
        panic!("not a field");
    };
    assert_eq!(covered(&file, name.span), "years");
    assert_eq!(covered(&file, sum.span), "sum(r in rs: r.x)");
}

#[test]
fn rule_clause_and_hole_spans_point_into_the_rule_file() {
    let text = "# header\nrule r \"T\" {\n  for each y in years   # trailing comment\n  require a\n  message \"in {y.name}!\"\n}\n";
    let file = SourceFile::new("rules/x.rules", text);
    let parsed = parse_rules(&file).unwrap();
    let rule = &parsed.rules[0];
    assert!(covered(&file, rule.span).starts_with("rule r"));
    assert!(covered(&file, rule.span).ends_with('}'));
    assert_eq!(covered(&file, rule.id.span), "r");
    assert_eq!(covered(&file, rule.title.as_ref().unwrap().span), "\"T\"");
    assert_eq!(covered(&file, rule.loops[0].span), "for each y in years");
    let message = rule.message.as_ref().unwrap();
    assert_eq!(covered(&file, message.span), "\"in {y.name}!\"");
    let TemplatePart::Hole(hole) = &message.parts[1] else {
        panic!("no hole");
    };
    assert_eq!(covered(&file, hole.span), "y.name");
}

#[test]
fn spans_stay_right_when_a_broken_file_is_reparsed_rule_by_rule() {
    let text = "rule bad {\n  require (\n}\nrule good {\n  require a + b == c\n}\nrule worse { require a = b }\n";
    let file = SourceFile::new("rules/x.rules", text);
    let errors = parse_rules(&file).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(covered(&file, errors.0[0].span()), "}");
    assert_eq!(covered(&file, errors.0[1].span()), "=");
}

// ---------------------------------------------------------------- nesting

#[test]
fn ten_thousand_parentheses_are_an_error_not_a_crash() {
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let errors = parse_expr(&SourceFile::new("e", deep.as_str())).unwrap_err();
    assert_eq!(
        errors.first().code().unwrap().to_string(),
        "patuh::syntax::too_deep"
    );
    let unclosed = "(".repeat(10_000);
    let errors = parse_expr(&SourceFile::new("e", unclosed.as_str())).unwrap_err();
    assert_eq!(
        errors.first().code().unwrap().to_string(),
        "patuh::syntax::too_deep"
    );
    let in_rule = format!("rule r {{\n  require {deep}\n}}\nrule s {{ require x }}\n");
    let errors = rules_error(&in_rule);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors.first().code().unwrap().to_string(),
        "patuh::syntax::too_deep"
    );
}

#[test]
fn long_operator_chains_and_deep_holes_are_capped_too() {
    let cases = [
        "not ".repeat(10_000) + "x",
        "- ".repeat(10_000) + "x",
        "x".to_owned() + &".a".repeat(10_000),
        "a[".repeat(10_000) + "0" + &"]".repeat(10_000),
    ];
    for case in &cases {
        let errors = parse_expr(&SourceFile::new("e", case.as_str())).unwrap_err();
        assert_eq!(
            errors.first().code().unwrap().to_string(),
            "patuh::syntax::too_deep",
            "{}",
            &case[..40]
        );
    }
    let hole = format!(
        "rule r {{ require x message \"{}x{}\" }}",
        "{(".repeat(100),
        ")}".repeat(100)
    );
    let errors = rules_error(&hole);
    assert_eq!(
        errors.first().code().unwrap().to_string(),
        "patuh::syntax::too_deep"
    );
}

#[test]
fn a_flat_chain_of_ten_thousand_terms_is_one_node_not_ten_thousand_levels() {
    // A list of allowed codes is a flat `or`; a national total a flat `+`:
    // neither is nesting, and both parse however long they are.
    for op in ["or", "and", "+", "-", "*", "/"] {
        let chain = vec!["x"; 10_000].join(&format!(" {op} "));
        let e = parse_expr(&SourceFile::new("e", chain.as_str())).expect("a flat chain parses");
        let ExprKind::Chain { first, rest } = &e.node else {
            panic!("`{op}`: not a chain");
        };
        assert!(matches!(first.node, ExprKind::Name(_)), "`{op}`");
        assert_eq!(rest.len(), 9_999, "`{op}`");
    }
    // Mixed levels nest once per level, not once per term.
    let mixed = vec!["a * b + c"; 5_000].join(" or ");
    assert!(parse_expr(&SourceFile::new("e", mixed.as_str())).is_ok());
    // `(a + b) + c` means `a + b + c` and is the same chain; `a - (b - c)`
    // keeps its parentheses.
    assert_eq!(sx("(a + b) - c"), "(- (+ a b) c)");
    assert_eq!(sx("(a + b) - c"), sx("a + b - c"));
    assert_eq!(sx("a - (b - c)"), "(- a (- b c))");
}

#[test]
fn sixty_four_levels_are_allowed() {
    let ok = format!("{}x{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(sx(&ok), "x");
    let sum = vec!["x"; 64].join(" + ");
    assert!(sx(&sum).starts_with("(+ (+ "));
}

// ---------------------------------------------------------- error reports

#[test]
fn too_deep_more_than_sixty_four_nested_parentheses() {
    let input = format!(
        "rule deep {{\n  require {}x{}\n}}\n",
        "(".repeat(65),
        ")".repeat(65)
    );
    let errors = rules_error(&input);
    let codes: Vec<String> = errors
        .iter()
        .map(|e| e.code().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(codes, ["patuh::syntax::too_deep"]);
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("too_deep", render(&errors));
    });
}

#[test]
fn every_broken_rule_in_a_file_reports_its_own_error() {
    let input = r#"rule fund_bpu "Every regency must fund BPU coverage" {
  for each regency in regencies
  require funds_bpu and
}

rule bpu_grows "BPU coverage must grow year over year" {
  for each year in years where previous exists
  require participants.bpu > previous.participants.bpu
}

rule premium_floor "The premium buys at least JKK and JKM" {
  for each regency regencies
  require premium_monthly >= Rp 16_800
}
"#;
    let errors = rules_error(input);
    assert_eq!(errors.len(), 2);
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("two_broken_rules", render(&errors));
    });
}

#[test]
fn lowering_errors_of_all_rules_are_collected() {
    let input = r#"rule a { severity fatal require x }
rule b { severity info }
rule c { require a < b < c }
rule d { require sum(xs) }
"#;
    let errors = rules_error(input);
    let codes: Vec<String> = errors
        .iter()
        .map(|e| e.code().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "patuh::syntax::unknown_severity",
            "patuh::syntax::missing_require",
            "patuh::syntax::chained_comparison",
            "patuh::syntax::wrong_arguments",
        ]
    );
    assert_eq!(errors.to_string(), "4 syntax errors in `rules/audit.rules`");
}

#[test]
fn a_single_error_displays_as_itself() {
    let errors = rules_error("rule a { require a = b }");
    assert_eq!(errors.to_string(), "`=` is not a comparison");
}

#[test]
fn the_readme_lists_every_function_of_the_table() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = "<!-- functions: from src/builtins.rs, kept equal by tests/parse.rs -->\n";
    let at = readme.find(start).expect("the functions section") + start.len();
    let end = readme[at..]
        .find("<!-- end of functions -->")
        .expect("its end")
        + at;
    assert_eq!(
        &readme[at..end],
        patuh::builtins::markdown_list(),
        "README.md lists other functions than src/builtins.rs"
    );
}
