//! The national benchmark pack (`benches/rules/national.rules`, the kit's
//! rules R1..R7) finds exactly the violations the generator planted, at
//! scale s (1 province, 15,550 region-years), generated in memory.
//! Scales m and l are checked by `benches/national.sh`.

#[path = "../benches/support/gen.rs"]
mod generator;

use patuh::data::{Limits, load};
use patuh::eval::{Outcome, evaluate};
use patuh::source::SourceFile;
use patuh::syntax::parse_rules;

mod common;

const PACK: &str = "benches/rules/national.rules";

/// The rule number of a pack rule id: `r5_regency` is R5 (index 4).
fn rule_index(id: &str) -> usize {
    let digits: String = id
        .strip_prefix('r')
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: usize = digits
        .parse()
        .unwrap_or_else(|_| panic!("rule id `{id}` does not start with r<N>_"));
    assert!((1..=7).contains(&n), "rule id `{id}` is not R1..R7");
    n - 1
}

/// Every year key written as text, as JSON exports write them: `"2023":`.
fn quote_years(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + yaml.len() / 20);
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let year = body.len() > 5
            && body.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && body.as_bytes()[4] == b':';
        if year {
            out.push_str(&format!("{indent}\"{}\"{}", &body[..4], &body[4..]));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn the_pack_finds_exactly_the_planted_violations_at_scale_s() {
    pack_at_scale_s(false);
}

#[test]
fn quoted_year_keys_are_the_same_series() {
    // Issue 10: with `"2023":` keys `years` was a record, and the pack
    // stopped with "did you mean `year.2015.apbd`?". Quoted or not, a year
    // is a year.
    pack_at_scale_s(true);
}

fn pack_at_scale_s(quoted: bool) {
    let mut planted = [0; 7];
    let (mut regions, mut region_years) = (0, 0);
    let mut files = Vec::new();
    for p in generator::provinces("s", generator::DEFAULT_SEED).expect("scale s exists") {
        p.verify().expect("the generator's own check agrees");
        generator::add_counts(&mut planted, &p.planted);
        regions += 1 + p.regions.iter().sum::<usize>();
        region_years += p.region_years;
        let yaml = if quoted {
            let q = quote_years(&p.yaml());
            assert!(q.contains("\n  \"2015\":\n"), "the years are quoted");
            q
        } else {
            p.yaml()
        };
        files.push(SourceFile::new(format!("s/{}.yaml", p.code), yaml));
    }
    assert!(
        planted.iter().all(|&n| n > 0),
        "every rule has plants: {planted:?}"
    );

    let text = std::fs::read_to_string(common::repo().join(PACK)).expect("the pack is in the repo");
    let rules = parse_rules(&SourceFile::new(PACK, text)).expect("the pack parses");
    let data = load(files, &Limits::default()).expect("the generated data loads");
    let found = patuh::check::check(std::slice::from_ref(&rules), Some(&data));
    assert!(
        !patuh::check::has_errors(&found),
        "the static checks refuse the pack: {found:?}"
    );
    let ev = evaluate(std::slice::from_ref(&rules), &data);

    let mut found = [0; 7];
    for f in &ev.findings {
        let id = &rules.rules[f.rule.index].id.node;
        assert_eq!(f.outcome, Outcome::Fail, "{id} {}: {}", f.subject, f.label);
        found[rule_index(id)] += 1;
        // The message is "{code} {year}", the kit's identity of a violation.
        let (code, year) = f.message.rsplit_once(' ').expect("code and year");
        assert!(code.starts_with("72"), "{id}: code `{code}`");
        assert!((2015..=2024).contains(&year.parse::<i64>().expect("a year")));
        // Every finding still points at the data it read.
        assert!(!f.data.is_empty(), "{id} {}: no data", f.subject);
    }
    assert_eq!(found, planted, "violations found vs planted, R1..R7");

    // Nothing was unknown, and R2 checked every region-year but the first of each region.
    let unknown: usize = ev.counts.iter().map(|(_, c)| c.unknown).sum();
    assert_eq!(unknown, 0);
    let r2 = ev
        .counts
        .iter()
        .find(|(r, _)| rules.rules[r.index].id.node.starts_with("r2_"))
        .expect("R2 is in the pack");
    assert_eq!(r2.1.total(), region_years - regions);
}
