//! Evaluation, by example: each case in `tests/cases/eval/` is a tiny rule
//! file and a tiny data file beside it, and its snapshot is every finding
//! and the counts; the tests here assert outcomes that need more than one
//! case's worth of data.

use miette::Diagnostic;
use patuh::data::{Limits, load};
use patuh::eval::{Outcome, evaluate};
use patuh::source::SourceFile;
use patuh::syntax::parse_rules;

mod common;

/// Each case's rules pass the static checks against its data, and its
/// snapshot is what they find: the counts, then every finding as
/// `outcome subject: label`, and the message a failing rule writes.
#[test]
fn cases() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/eval");
    insta::glob!("cases/eval/*.rules", |path| {
        let (rules, data): (Vec<_>, Vec<_>) = common::case_files(path, &base)
            .into_iter()
            .partition(|f| f.name().ends_with(".rules"));
        let rules: Vec<_> = rules
            .iter()
            .map(|f| parse_rules(f).expect("the case's rules parse"))
            .collect();
        let data = load(data, &Limits::default()).expect("the case's data loads");
        let (program, found) = patuh::check::resolve(&rules, Some(&data), Default::default());
        assert!(
            !patuh::check::has_errors(&found),
            "the static checks refuse the case: {}",
            found.iter().map(|e| common::plain(e)).collect::<String>()
        );
        let ev = patuh::eval::run(&program, &rules, &data);
        let mut counts = [0; 3];
        for (_, c) in &ev.counts {
            counts[0] += c.pass;
            counts[1] += c.fail;
            counts[2] += c.unknown;
        }
        let mut out = format!(
            "pass {}, fail {}, unknown {}\n",
            counts[0], counts[1], counts[2]
        );
        for f in &ev.findings {
            out.push_str(&format!(
                "{} {}: {}\n",
                f.outcome.as_str(),
                f.subject,
                f.label
            ));
            if f.outcome == patuh::eval::Outcome::Fail && f.message != f.label {
                out.push_str(&format!("  message: {}\n", f.message));
            }
        }
        insta::assert_snapshot!(out);
    });
}

/// Outcomes as `outcome subject: label` lines, plus pass/fail/unknown counts.
fn check(rules: &str, yaml: &str) -> (Vec<String>, [usize; 3]) {
    let rules = parse_rules(&SourceFile::new("test.rules", rules)).expect("rules parse");
    let data =
        load(vec![SourceFile::new("test.yaml", yaml)], &Limits::default()).expect("data loads");
    let ev = evaluate(std::slice::from_ref(&rules), &data);
    let lines = ev
        .findings
        .iter()
        .map(|f| format!("{} {}: {}", f.outcome.as_str(), f.subject, f.label))
        .collect();
    let mut counts = [0; 3];
    for (_, c) in &ev.counts {
        counts[0] += c.pass;
        counts[1] += c.fail;
        counts[2] += c.unknown;
    }
    (lines, counts)
}

/// Like [`check`], after asserting that the static checks accept the rules
/// against the data, as `patuh check` does before it evaluates.
fn checked(rules: &str, yaml: &str) -> (Vec<String>, [usize; 3]) {
    let parsed = parse_rules(&SourceFile::new("test.rules", rules)).expect("rules parse");
    let data =
        load(vec![SourceFile::new("test.yaml", yaml)], &Limits::default()).expect("data loads");
    let found = patuh::check::check(std::slice::from_ref(&parsed), Some(&data));
    assert!(
        !patuh::check::has_errors(&found),
        "the static checks refuse the rules: {found:?}"
    );
    check(rules, yaml)
}

const SULTENG: &str = "\
province: Sulawesi Tengah
years:
  2022:
    participants: { bpu: 50000 }
  2023:
    participants: { bpu: 90000 }
  2024:
    participants: { pu: 314034, bpu: 128993, jakon: 74773, pmi: 341 }
    active_total: 518141
regencies:
  - name: Kota Palu
    years:
      2023: { funds_bpu: true }
  - name: Donggala
    years:
      2023: { funds_bpu: false }
  - name: Sigi
    years:
      2023: { source: x }
";

#[test]
fn a_field_chain_names_the_step_that_is_missing_or_not_a_map() {
    let (lines, counts) = check(
        r#"rule chain "chain" {
             for each r in regencies
             for each year in r.years where previous exists
             require year.participants.bpu > previous.participants.bpu
                 and r.years[2024].participants.bpu > 0
           }"#,
        "regencies:
  - name: A
    years:
      2023: { participants: { bpu: 5 } }
      2024: { participants: { bpu: 7 } }
  - name: B
    years:
      2023: { participants: { bpu: 5 } }
      2024: { active_total: 3 }
  - name: C
    years:
      2022: { participants: 4 }
      2023: { participants: { bpu: 5 } }
",
    );
    assert_eq!(counts, [1, 0, 2]);
    assert_eq!(
        lines,
        [
            "unknown test.yaml / B / 2024: `year.participants.bpu` is missing",
            "unknown test.yaml / C / 2023: a number has no field `bpu`",
        ]
    );
}

#[test]
fn a_flat_chain_of_a_thousand_terms_is_checked_and_runs() {
    // Allowed codes as a flat `or`, a total as a flat `+`: a chain is one
    // node, so neither meets a nesting limit in the checks or in evaluation.
    let allowed: Vec<String> = (0..1000).map(|i| format!("kind == \"{i}\"")).collect();
    let rules = format!(
        "rule allowed \"allowed\" {{ require {} }}\n\
         rule total \"total\" {{ require {} == 1000 * n }}\n\
         rule all \"all\" {{ require {} }}\n",
        allowed.join(" or "),
        vec!["n"; 1000].join(" + "),
        vec!["n > 0"; 1000].join(" and "),
    );
    let (lines, counts) = checked(&rules, "kind: \"999\"\nn: 7\n");
    assert_eq!((lines, counts), (vec![], [3, 0, 0]));
    let (lines, counts) = checked(&rules, "kind: \"1000\"\nn: 0\n");
    assert_eq!(counts, [1, 2, 0]);
    assert_eq!(
        lines[0],
        "fail test.yaml: none of `kind == \"0\"`, `kind == \"1\"`, `kind == \"2\"`, \
         `kind == \"3\"`, `kind == \"4\"` and 995 more holds"
    );
    assert_eq!(lines[1], "fail test.yaml: `n` = 0 is not > 0");
}

/// Counts the `let` values computed, and the subjects decided.
struct Lets {
    bound: usize,
    decided: usize,
}

impl patuh::eval::Observer for Lets {
    fn bound(
        &mut self,
        _: &patuh::eval::Subject<'_>,
        _: usize,
        _: &patuh::check::Bind<'_>,
        _: &patuh::eval::Val,
    ) {
        self.bound += 1;
    }

    fn decided(
        &mut self,
        _: &patuh::eval::Subject<'_>,
        _: &patuh::check::Node<'_>,
        _: &patuh::eval::Val,
        _: Outcome,
        _: &[patuh::data::NodeId],
    ) {
        self.decided += 1;
    }
}

#[test]
fn a_let_is_computed_once_for_the_items_before_it_not_once_per_subject() {
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"rule r "r" {
             let first = 2000
             for each regency in regencies
             let y = regency.years[2024]
             for each year in regency.years where year > first
             require year.n <= y.n
           }"#,
    ))
    .expect("parses");
    let data = load(
        vec![SourceFile::new(
            "d.yaml",
            "regencies:\n  - { name: A, years: { 2022: { n: 1 }, 2023: { n: 2 }, 2024: { n: 3 } } }\n  - { name: B, years: { 2023: { n: 9 }, 2024: { n: 3 } } }\n",
        )],
        &Limits::default(),
    )
    .expect("loads");
    let (program, found) = patuh::check::resolve(
        std::slice::from_ref(&rules),
        Some(&data),
        Default::default(),
    );
    assert!(!patuh::check::has_errors(&found), "{found:?}");
    let seen = patuh::eval::observe(
        &program.rules[0],
        std::slice::from_ref(&rules),
        &data,
        Lets {
            bound: 0,
            decided: 0,
        },
    );
    // `first` once for the document, `y` once for each of the 2 regencies;
    // 5 subjects decided.
    assert_eq!((seen.bound, seen.decided), (3, 5));
}

#[test]
fn aggregates_sum_count_min_max_avg() {
    let rules = r#"
      rule s "sum"   { require sum(r in regencies: r.n) == 60 }
      rule c "count" { require count(r in regencies where r.n > 15) == 2 }
      rule mi "min"  { require min(r in regencies: r.n) == 10 }
      rule ma "max"  { require max(r in regencies: r.n) == 30 }
      rule a "avg"   { require avg(r in regencies: r.n) == 20 }
      rule e "every" { require every(r in regencies: r.n >= 10) }
      rule so "some" { require some(r in regencies: r.n == 20) }
      rule no "none" { require none(r in regencies: r.n > 30) }
      rule al "at least" { require at_least(2, r in regencies: r.n >= 20) }
    "#;
    let (lines, counts) = check(rules, "regencies: [{n: 10}, {n: 20}, {n: 30}]\n");
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(counts, [9, 0, 0]);
}

#[test]
fn quantifiers_use_three_valued_logic() {
    // One false decides `every`; without one, a missing figure leaves it unknown.
    let rules = r#"rule e "every" { require every(r in regencies: r.ok) }"#;
    let (_, counts) = check(rules, "regencies: [{ok: true}, {name: x}, {ok: false}]\n");
    assert_eq!(counts, [0, 1, 0]);
    let (_, counts) = check(rules, "regencies: [{ok: true}, {name: x}]\n");
    assert_eq!(counts, [0, 0, 1]);
    // `or` with a true side is true even when the other side is missing.
    let (_, counts) = check(r#"rule o "or" { require a or b }"#, "a: true\n");
    assert_eq!(counts, [1, 0, 0]);
    let (_, counts) = check(r#"rule o "and" { require a and b }"#, "a: false\n");
    assert_eq!(counts, [0, 1, 0]);
}

#[test]
fn integers_stay_exact_beyond_floating_point() {
    // 2^53 + 1 is not representable as f64: `==` must still see the difference.
    let (_, counts) = check(
        r#"rule exact "exact" { require a == b }"#,
        "a: 9007199254740993\nb: 9007199254740992\n",
    );
    assert_eq!(counts, [0, 1, 0]);
    let (_, counts) = check(
        r#"rule exact "exact" { require a - 1 == b }"#,
        "a: 9007199254740993\nb: 9007199254740992\n",
    );
    assert_eq!(counts, [1, 0, 0]);
}

#[test]
fn tolerances_accept_rounded_figures() {
    let data =
        "coverage: 0.3198\nparticipants: 31980\nworkforce: 100000\nalloc: 1010\nneed: 1000\n";
    let (lines, counts) = check(
        r#"field coverage: ratio
           rule pp "pp" { require coverage == participants / workforce within 0.5 pp }
           rule rel "relative" { require alloc == need within 2% }
           rule tight "tight" { require alloc == need within 0.5% }
           rule abs "absolute" { require alloc == need within 10 }"#,
        data,
    );
    assert_eq!(counts, [3, 1, 0]);
    assert_eq!(
        lines,
        ["fail test.yaml: `alloc` = 1,010 is not == `need` = 1,000 within 0.5%"]
    );
}

#[test]
fn a_where_that_cannot_be_decided_makes_the_subject_unknown() {
    let (lines, counts) = check(
        r#"field premium_monthly: rupiah
           rule premium "premium floor" {
             for each year in years where funds_bpu
             require premium_monthly >= Rp 16_800
           }"#,
        "years:\n  2021: { funds_bpu: true, premium_monthly: 16800 }\n  2022: { premium_monthly: 15000 }\n  2023: { funds_bpu: false }\n",
    );
    assert_eq!(counts, [1, 0, 1]);
    assert_eq!(lines, ["unknown test.yaml / 2022: `funds_bpu` is missing"]);
}

#[test]
fn message_templates_interpolate_values() {
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"rule fund "fund" {
             for each regency in regencies
             for each year in regency.years
             require funds_bpu
             message "{regency.name} does not fund BPU premiums in {year}"
           }"#,
    ))
    .expect("parses");
    let data = load(vec![SourceFile::new("d.yaml", SULTENG)], &Limits::default()).expect("loads");
    let ev = evaluate(std::slice::from_ref(&rules), &data);
    let fails: Vec<_> = ev
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .collect();
    assert_eq!(fails.len(), 1);
    assert_eq!(
        &*fails[0].message,
        "Donggala does not fund BPU premiums in 2023"
    );
}

#[test]
fn rules_over_documents_run_once_across_all_files() {
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"rule national "at least two provinces fund" {
             require count(p in documents where p.funds) >= 2
           }"#,
    ))
    .expect("parses");
    let files = vec![
        SourceFile::new("a.yaml", "province: A\nfunds: true\n"),
        SourceFile::new("b.yaml", "province: B\nfunds: false\n"),
    ];
    let data = load(files, &Limits::default()).expect("loads");
    let ev = evaluate(std::slice::from_ref(&rules), &data);
    assert_eq!(ev.counts[0].1.fail, 1);
    assert_eq!(ev.counts[0].1.total(), 1);
}

#[test]
fn a_declared_percent_is_read_as_published_and_compares_with_a_percentage() {
    let (lines, counts) = check(
        r#"field coverage: percent
           rule target "Coverage reaches 30%" {
             for each year in years
             require coverage >= 30%
           }"#,
        "years:\n  2023: { coverage: 31.98 }\n  2024: { coverage: 29 }\n",
    );
    assert_eq!(counts, [1, 1, 0]);
    assert_eq!(
        lines,
        ["fail test.yaml / 2024: `coverage` = 29% is not >= 30%"]
    );
}

#[test]
fn declared_rupiah_and_ratio_fields_print_in_their_units() {
    let (lines, _) = check(
        r#"field premium_monthly: rupiah
           field share: ratio
           rule floor "The premium buys JKK and JKM" {
             require premium_monthly > Rp 16_800 and share > 50%
             message "{premium_monthly} for {share} of workers; 10% of it is {10% * premium_monthly}"
           }"#,
        "premium_monthly: 16800\nshare: 0.4\n",
    );
    assert_eq!(
        lines,
        ["fail test.yaml: `premium_monthly` = Rp 16,800 is not > Rp 16_800"]
    );
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"field premium_monthly: rupiah
           field share: ratio
           rule floor "f" {
             require false
             message "{premium_monthly} for {share} of workers; 10% of it is {10% * premium_monthly}"
           }"#,
    ))
    .expect("parses");
    let data = load(
        vec![SourceFile::new(
            "d.yaml",
            "premium_monthly: 16800\nshare: 0.4\n",
        )],
        &Limits::default(),
    )
    .expect("loads");
    let ev = evaluate(std::slice::from_ref(&rules), &data);
    assert_eq!(
        &*ev.findings[0].message,
        "Rp 16,800 for 40% of workers; 10% of it is Rp 1,680"
    );
}

#[test]
fn a_name_declared_nowhere_keeps_the_unit_its_value_has() {
    let (lines, _) = check(
        r#"field premium_monthly: rupiah
           rule r "r" { require coverage > 50 }"#,
        "coverage: 31.98\n",
    );
    assert_eq!(lines, ["fail test.yaml: `coverage` = 31.98 is not > 50"]);
}

#[test]
fn a_declared_percent_reads_as_published_by_every_way_of_naming_it() {
    // `coverage: 29.5` means 29.5 %; both a bare name and a field chain
    // over the year variable must read it so.
    let (lines, counts) = checked(
        r#"field years: series
           field years.coverage: percent
           rule bare "bare" {
             for each year in years
             require coverage >= 30%
           }
           rule chain "chain" {
             for each year in years
             require year.coverage >= 30%
           }"#,
        "years:\n  2023: { coverage: 31.98 }\n  2024: { coverage: 29.5 }\n",
    );
    assert_eq!(counts, [2, 2, 0]);
    assert_eq!(
        lines,
        [
            "fail test.yaml / 2024: `coverage` = 29.5% is not >= 30%",
            "fail test.yaml / 2024: `year.coverage` = 29.5% is not >= 30%",
        ]
    );
}

#[test]
fn a_plain_number_scales_a_percentage_in_the_checks_and_in_evaluation() {
    // Issue 10: `coverage * 2` lost its unit in the checks (so `> 50%` was
    // refused) while `coverage / 2` kept it.
    let (lines, counts) = checked(
        r#"field years: series
           field years.coverage: percent
           rule twice "twice" {
             for each year in years
             require coverage * 2 > 50% and coverage / 2 < 20%
           }"#,
        "years:\n  2023: { coverage: 31.98 }\n  2024: { coverage: 24 }\n",
    );
    assert_eq!(counts, [1, 1, 0]);
    assert_eq!(
        lines,
        ["fail test.yaml / 2024: `coverage * 2` = 48% is not > 50%"]
    );
}

#[test]
fn a_tolerance_between_percentages_says_points_or_per_cent() {
    // Issue 10: `within 1` read as 100 percentage points passed a coverage
    // of 31.98 % against 90 %. It is refused before anything runs; written
    // as points or relative, it decides as it reads.
    let rules = |tol: &str| {
        format!(
            r#"field coverage: percent
               rule target "target" {{ require coverage == 90% within {tol} }}"#
        )
    };
    let parsed = parse_rules(&SourceFile::new("t.rules", rules("1"))).expect("parses");
    let data = load(
        vec![SourceFile::new("d.yaml", "coverage: 31.98\n")],
        &Limits::default(),
    )
    .expect("loads");
    let found = patuh::check::check(std::slice::from_ref(&parsed), Some(&data));
    let codes: Vec<String> = found
        .iter()
        .filter_map(|e| miette::Diagnostic::code(e).map(|c| c.to_string()))
        .collect();
    assert_eq!(codes, ["patuh::check::tolerance_unit"]);
    for tol in ["1 pp", "1%"] {
        let (_, counts) = checked(&rules(tol), "coverage: 31.98\n");
        assert_eq!(counts, [0, 1, 0], "within {tol}");
    }
    let (_, counts) = checked(&rules("60 pp"), "coverage: 31.98\n");
    assert_eq!(counts, [1, 0, 0]);
}

#[test]
fn median_is_the_middle_figure_or_the_mean_of_the_two_middle_ones() {
    let rules = r#"
      rule all "all" { require median(r in regencies: r.n) == 25 }
      rule some "some" { require median(r in regencies where r.n < 50: r.n) == 20 }
      rule pct "percent" { require median(r in regencies: r.n / r.d) == 25% }
    "#;
    // 10 20 30 50: the two middle ones are 20 and 30
    let (lines, counts) = checked(
        rules,
        "regencies: [{n: 30, d: 100}, {n: 10, d: 100}, {n: 20, d: 100}, {n: 50, d: 100}]\n",
    );
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(counts, [3, 0, 0]);
    // 10 20 30: the middle one is 20
    let (lines, counts) = checked(
        rules,
        "regencies: [{n: 30, d: 100}, {n: 10, d: 100}, {n: 20, d: 100}]\n",
    );
    assert_eq!(
        lines,
        [
            "fail test.yaml: `median(r in regencies: r.n)` = 20 is not == 25",
            "fail test.yaml: `median(r in regencies: r.n / r.d)` = 20% is not == 25%",
        ]
    );
    assert_eq!(counts, [1, 2, 0]);
    let (lines, _) = checked(
        r#"rule m "m" { require median(r in regencies: r.n) > 0 }"#,
        "regencies: [{n: 30}, {name: Sigi}, {n: 20}]\n",
    );
    assert_eq!(
        lines,
        ["unknown test.yaml: `r.n` is missing for `r` = Sigi"]
    );
}

#[test]
fn round_keeps_the_unit_and_rounds_a_percentage_in_percent() {
    let rules = r#"
      field coverage: percent
      field premium: rupiah
      rule pct "percent" { require round(coverage, 1) == 32% and round(coverage, 0) == 32% }
      rule rp "rupiah" { require round(premium, 0) == Rp 16_801 }
      rule half "halves away from zero" { require round(x, 1) == 2.5 and round(0 - x, 1) == 0 - 2.5 }
      rule whole "whole numbers stay" { require round(n, 0) == 7 }
    "#;
    let (lines, counts) = checked(rules, "coverage: 31.98\npremium: 16800.5\nx: 2.45\nn: 7\n");
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(counts, [4, 0, 0]);
}

#[test]
fn a_record_is_not_a_collection() {
    // `participants` is a record of figures: going through it is refused
    // before anything runs, with how to declare a map instead.
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"rule r "r" { for each p in participants require p > 0 }"#,
    ))
    .expect("parses");
    let data = load(
        vec![SourceFile::new(
            "d.yaml",
            "participants: { pu: 1, bpu: 2 }\n",
        )],
        &Limits::default(),
    )
    .expect("loads");
    let found = patuh::check::check(std::slice::from_ref(&rules), Some(&data));
    let shown: Vec<String> = found.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        ["`for each` needs a collection, but `participants` is a record of fields"]
    );
    let help = found[0].help().map(|h| h.to_string()).unwrap_or_default();
    assert!(
        help.contains("declare it `field participants: map`"),
        "{help}"
    );
}

#[test]
fn a_difference_of_exactly_the_tolerance_is_within_it_whatever_the_figures() {
    // Issue 10: through binary floats, `within 0.5 pp` failed 50.5 % against
    // 50 / 100 and passed 20.5 % against 20 / 100, both exactly 0.5 points
    // apart. Decided exactly, both are within; a hair more is not.
    let rules = r#"field coverage: percent
                   rule pp "pp" { require coverage == part / whole within 0.5 pp }"#;
    for (coverage, part, counts) in [
        ("50.5", "50", [1, 0, 0]),
        ("20.5", "20", [1, 0, 0]),
        ("49.5", "50", [1, 0, 0]),
        ("19.5", "20", [1, 0, 0]),
        ("50.51", "50", [0, 1, 0]),
        ("20.51", "20", [0, 1, 0]),
    ] {
        let data = format!("coverage: {coverage}\npart: {part}\nwhole: 100\n");
        let (lines, got) = checked(rules, &data);
        assert_eq!(got, counts, "{coverage} % against {part} / 100: {lines:?}");
    }
    // relative and absolute tolerances too: 1 % of 100 is exactly 1
    let rules = r#"rule rel "rel" { require a == b within 1% }
                   rule abs "abs" { require a == b within 0.1 }"#;
    let (_, counts) = checked(rules, "a: 101\nb: 100\n");
    assert_eq!(counts, [1, 1, 0]);
    let (_, counts) = checked(rules, "a: 100.1\nb: 100\n");
    assert_eq!(counts, [2, 0, 0]);
}

#[test]
fn a_published_decimal_is_exactly_the_figure_it_reads() {
    // 31.98 is exactly 31.98 %, and decimals add up the way they read.
    let (lines, counts) = checked(
        r#"field coverage: percent
           rule exact "exact" { require coverage == 31.98% and coverage != 31.980001% }
           rule adds "adds" { require a + b == c }
           rule third "a third" { require 1 / 3 * 3 != 1 and 1 / 4 * 4 == 1 }"#,
        "coverage: 31.98\na: 0.1\nb: 0.2\nc: 0.3\n",
    );
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(counts, [3, 0, 0]);
    // Two figures that differ are shown with the digits that tell them apart.
    let (lines, _) = checked(
        r#"rule close "close" { require a == b }"#,
        "a: 0.1234\nb: 0.1235\n",
    );
    assert_eq!(
        lines,
        ["fail test.yaml: `a` = 0.1234 is not == `b` = 0.1235"]
    );
}

#[test]
fn a_document_without_a_collection_a_rule_reads_is_noted_once_however_it_is_read() {
    // Through a bare name, a field of `root`, and `documents.regencies`:
    // one note per document and collection, optional or not.
    let rules = parse_rules(&SourceFile::new(
        "t.rules",
        r#"field regencies: list optional
           field years: series
           rule a "a" { for each r in regencies require r.n > 0 }
           rule b "b" { require count(root.regencies) >= 0 and count(years) >= 0 }
           rule c "c" { require at_least(1, r in documents.regencies: r.n > 0) }"#,
    ))
    .expect("parses");
    let data = load(
        vec![
            SourceFile::new(
                "a.yaml",
                "province: A\nn: 1\nregencies: [{ n: 1 }]\nyears: { 2023: { n: 1 } }\n",
            ),
            SourceFile::new("b.yaml", "province: B\nn: 1\n"),
        ],
        &Limits::default(),
    )
    .expect("loads");
    let ev = evaluate(std::slice::from_ref(&rules), &data);
    let lacking: Vec<(String, bool)> = ev
        .lacking
        .iter()
        .map(|l| (l.field.clone(), l.optional))
        .collect();
    assert_eq!(
        lacking,
        [("regencies".to_owned(), true), ("years".to_owned(), false)]
    );
    assert!(ev.lacking.iter().all(|l| l.doc == data.docs()[1]));
    // `count(years)` of B is unknown: `years` is not optional
    let unknown: Vec<String> = ev
        .findings
        .iter()
        .map(|f| format!("{} {}", f.outcome.as_str(), f.subject))
        .collect();
    assert_eq!(unknown, ["unknown B"]);
    // `documents.regencies` alone notes it too
    let only_c = parse_rules(&SourceFile::new(
        "t.rules",
        r#"field regencies: list optional
           rule c "c" { require at_least(1, r in documents.regencies: r.n > 0) }"#,
    ))
    .expect("parses");
    let ev = evaluate(std::slice::from_ref(&only_c), &data);
    assert_eq!(ev.lacking.len(), 1, "{:?}", ev.lacking);
    assert_eq!(ev.lacking[0].field, "regencies");
}
