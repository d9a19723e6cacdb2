//! Properties of the language over generated rules and data (a seeded
//! generator, so every failure reproduces): for every rule the static
//! checks accept, evaluation never meets a value of the wrong type, and
//! `patuh explain` gives every subject the outcome `patuh check` gives it.

use patuh::check::{Node, Resolved, resolve};
use patuh::data::{Limits, load};
use patuh::eval::{Observer, Outcome, Val, explain_program, observe, run};
use patuh::source::SourceFile;
use patuh::syntax::parse_rules;

mod common;
use common::Rng;

/// The kinds of figure a year's entry can hold.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Count,
    Decimal,
    Percent,
    Ratio,
    Rupiah,
    Bool,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Count,
        Kind::Decimal,
        Kind::Percent,
        Kind::Ratio,
        Kind::Rupiah,
        Kind::Bool,
    ];

    fn declared(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Decimal => "decimal",
            Kind::Percent => "percent",
            Kind::Ratio => "ratio",
            Kind::Rupiah => "rupiah",
            Kind::Bool => "bool",
        }
    }

    /// A value as the data writes it; now and then a zero, to divide by.
    fn value(self, rng: &mut Rng) -> String {
        let zero = rng.chance(8);
        match self {
            Kind::Count | Kind::Rupiah if zero => "0".into(),
            Kind::Count => (rng.below(5000) as i64).to_string(),
            Kind::Rupiah => (1000 * rng.below(40) as i64).to_string(),
            Kind::Decimal | Kind::Percent if zero => "0.0".into(),
            Kind::Decimal => format!("{}.{}", rng.below(100), rng.below(1000)),
            Kind::Percent => format!("{}.{:02}", rng.below(100), rng.below(100)),
            Kind::Ratio => format!("0.{:04}", rng.below(10_000)),
            Kind::Bool => rng.pick(&["true", "false"]).into(),
        }
    }
}

/// Names of the year's figures, and what each holds in this case.
struct Schema {
    figures: Vec<(&'static str, Kind)>,
}

impl Schema {
    fn generate(rng: &mut Rng) -> Schema {
        let names = ["a", "b", "c", "d", "e", "f"];
        let figures = names
            .iter()
            .map(|&n| (n, Kind::ALL[rng.below(Kind::ALL.len())]))
            .collect();
        Schema { figures }
    }

    fn declarations(&self) -> String {
        let mut out = String::from(
            "field name: text\nfield regencies: list\nfield years: series\nfield years.note: text\n",
        );
        for (n, k) in &self.figures {
            out.push_str(&format!("field years.{n}: {}\n", k.declared()));
        }
        out
    }

    fn of(&self, want: fn(Kind) -> bool) -> Vec<&'static str> {
        self.figures
            .iter()
            .filter(|(_, k)| want(*k))
            .map(|(n, _)| *n)
            .collect()
    }
}

/// A region's years: some missing, some empty, figures now and then absent.
fn years(rng: &mut Rng, schema: &Schema, indent: &str, out: &mut String) {
    out.push_str(&format!("{indent}years:\n"));
    for year in 2019..=2024 {
        if rng.chance(20) {
            continue;
        }
        if rng.chance(8) {
            out.push_str(&format!("{indent}  {year}:\n"));
            continue;
        }
        out.push_str(&format!("{indent}  {year}:\n"));
        out.push_str(&format!("{indent}    note: x\n"));
        for (n, k) in &schema.figures {
            if rng.chance(85) {
                out.push_str(&format!("{indent}    {n}: {}\n", k.value(rng)));
            }
        }
    }
}

fn data(rng: &mut Rng, schema: &Schema, doc: usize) -> String {
    let mut out = format!("province: P{doc}\n");
    years(rng, schema, "", &mut out);
    let regencies = rng.below(4);
    if regencies > 0 {
        out.push_str("regencies:\n");
        for r in 0..regencies {
            out.push_str(&format!("  - name: R{r}\n"));
            years(rng, schema, "    ", &mut out);
        }
    }
    out
}

/// Rules, written to be well typed often and wrong now and then.
struct Gen<'s> {
    rng: Rng,
    schema: &'s Schema,
}

/// What a rule's subject is: which variables and fields are in scope.
#[derive(Clone, Copy)]
struct Scope {
    /// A year entry in scope, as a variable.
    year: Option<&'static str>,
    /// A regency in scope, as a variable.
    regency: Option<&'static str>,
}

impl Gen<'_> {
    fn numeric(&self) -> Vec<(&'static str, Kind)> {
        self.schema
            .figures
            .iter()
            .copied()
            .filter(|(_, k)| *k != Kind::Bool)
            .collect()
    }

    /// A figure of the year in scope, or of a named year of the document.
    fn figure(&mut self, scope: Scope, kind: Option<Kind>) -> Option<(String, Kind)> {
        let pool: Vec<(&'static str, Kind)> = self
            .numeric()
            .into_iter()
            .filter(|(_, k)| kind.is_none_or(|want| *k == want))
            .collect();
        if pool.is_empty() {
            return None;
        }
        let (n, k) = pool[self.rng.below(pool.len())];
        let text = match scope.year {
            Some(y) => match self.rng.below(4) {
                0 => n.to_owned(),
                1 => format!("{y}.{n}"),
                2 if self.rng.chance(50) => format!("previous.{n}"),
                2 => format!("prior.{n}"),
                _ => format!("years[2023].{n}"),
            },
            None => match scope.regency {
                Some(r) if self.rng.chance(50) => format!("{r}.years[2022].{n}"),
                _ => format!("years[{}].{n}", 2019 + self.rng.below(6)),
            },
        };
        Some((text, k))
    }

    /// A number: a figure, arithmetic on figures, a function of them.
    fn number(&mut self, scope: Scope, depth: usize) -> Option<(String, Kind)> {
        let (a, k) = self.figure(scope, None)?;
        if depth == 0 {
            return Some((a, k));
        }
        Some(match self.rng.below(9) {
            0 => {
                let (b, _) = self.figure(scope, Some(k))?;
                (format!("({a} + {b})"), k)
            }
            1 => (format!("{a} * {}", 1 + self.rng.below(3)), k),
            2 => {
                let (b, k2) = self.figure(scope, None)?;
                // same unit over same unit is a percentage; mixed may be refused
                let k = if k == k2 { Kind::Ratio } else { k };
                (format!("{a} / {b}"), k)
            }
            3 => (format!("abs({a})"), k),
            4 => (format!("round({a}, {})", self.rng.below(3)), k),
            5 if scope.year.is_some() => {
                let neighbour = self.rng.pick(&["", ", prior", ", previous"]);
                (format!("change({a}{neighbour})"), k)
            }
            6 if scope.year.is_some() => {
                let neighbour = self.rng.pick(&["", ", prior", ", previous"]);
                (format!("growth({a}{neighbour})"), Kind::Ratio)
            }
            7 => {
                let f = self.rng.pick(&["sum", "min", "max", "avg", "median"]);
                let (n, k) = self.numeric()[self.rng.below(self.numeric().len())];
                let k = if f == "avg" || f == "median" {
                    match k {
                        Kind::Count => Kind::Decimal,
                        k => k,
                    }
                } else {
                    k
                };
                (format!("{f}(x in regencies: x.years[2023].{n})"), k)
            }
            _ => (a, k),
        })
    }

    /// A literal that compares with a figure of `kind`.
    fn literal(&mut self, kind: Kind) -> String {
        match kind {
            Kind::Count | Kind::Decimal => format!("{}", self.rng.below(3000)),
            Kind::Percent | Kind::Ratio => format!("{}%", self.rng.below(100)),
            Kind::Rupiah => format!("Rp {}", 1000 * self.rng.below(30)),
            Kind::Bool => "true".into(),
        }
    }

    fn tolerance(&mut self, kind: Kind) -> String {
        match (self.rng.below(3), kind) {
            (0, _) => format!(" within {}%", self.rng.below(5)),
            (1, Kind::Percent | Kind::Ratio) => format!(" within 0.{} pp", self.rng.below(10)),
            (1, Kind::Rupiah) => format!(" within Rp {}", self.rng.below(500)),
            (1, _) => format!(" within {}", self.rng.below(50)),
            _ => String::new(),
        }
    }

    fn condition(&mut self, scope: Scope, depth: usize) -> String {
        let bools = self.schema.of(|k| k == Kind::Bool);
        match self.rng.below(if depth == 0 { 4 } else { 9 }) {
            0 | 1 => match self.number(scope, depth.min(1)) {
                Some((a, k)) => {
                    let op = self.rng.pick(&["==", "!=", "<", "<=", ">", ">="]);
                    let b = if self.rng.chance(50) {
                        self.literal(k)
                    } else {
                        self.number(scope, 0)
                            .filter(|(_, k2)| *k2 == k || self.rng.chance(10))
                            .map_or_else(|| self.literal(k), |(b, _)| b)
                    };
                    let tol = if op == "==" {
                        self.tolerance(k)
                    } else {
                        String::new()
                    };
                    format!("{a} {op} {b}{tol}")
                }
                None => "true".into(),
            },
            2 if self.rng.chance(30) => match self.figure(scope, None) {
                // membership: among literals of its unit, or a year among years
                Some((f, k)) => {
                    let items = [self.literal(k), self.literal(k)].join(", ");
                    let op = self.rng.pick(&["in", "not in"]);
                    match scope.year {
                        Some(y) if self.rng.chance(30) => format!("{y} {op} [2020, 2022]"),
                        _ => format!("{f} {op} [{items}]"),
                    }
                }
                None => "false".into(),
            },
            2 => match self.figure(scope, None) {
                Some((f, _)) => format!("{f} {}", self.rng.pick(&["exists", "is missing"])),
                None => "false".into(),
            },
            3 if !bools.is_empty() && scope.year.is_some() => {
                bools[self.rng.below(bools.len())].to_owned()
            }
            4 => format!(
                "{} and {}",
                self.condition(scope, depth - 1),
                self.condition(scope, depth - 1)
            ),
            5 => format!(
                "({} or {})",
                self.condition(scope, depth - 1),
                self.condition(scope, depth - 1)
            ),
            6 => format!("not ({})", self.condition(scope, depth - 1)),
            7 => {
                let inner = Scope {
                    year: None,
                    regency: Some("x"),
                };
                let q = self.rng.pick(&["every", "some", "none", "at_least(1,"]);
                let body = self.condition(inner, depth - 1);
                match q {
                    "at_least(1," => format!("at_least(1, x in regencies: {body})"),
                    q => format!("{q}(x in regencies: {body})"),
                }
            }
            _ => format!(
                "count(y in years where {}) >= {}",
                self.condition(
                    Scope {
                        year: Some("y"),
                        regency: None
                    },
                    0
                ),
                self.rng.below(3)
            ),
        }
    }

    fn rule(&mut self, id: usize) -> String {
        let (loops, scope) = match self.rng.below(4) {
            0 => (
                String::new(),
                Scope {
                    year: None,
                    regency: None,
                },
            ),
            1 => (
                "for each year in years\n".into(),
                Scope {
                    year: Some("year"),
                    regency: None,
                },
            ),
            2 => (
                "for each r in regencies\n  for each year in r.years\n".into(),
                Scope {
                    year: Some("year"),
                    regency: Some("r"),
                },
            ),
            _ => (
                "for each region in root, regencies\n  for each year in region.years\n".into(),
                Scope {
                    year: Some("year"),
                    regency: None,
                },
            ),
        };
        let filter = if scope.year.is_some() && self.rng.chance(40) {
            format!("  where {}\n", self.condition(scope, 0))
        } else {
            String::new()
        };
        let loops = match (loops.is_empty(), filter.is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!("  {loops}"),
            (false, false) => format!(
                "  {}{filter}",
                loops.trim_end_matches('\n').to_owned() + "\n"
            ),
        };
        // a `let` of a condition, used by `require`; `unknown when` guards
        let mut clauses = String::new();
        let mut require = self.condition(scope, 2);
        if self.rng.chance(30) {
            clauses.push_str(&format!("  let v = {}\n", self.condition(scope, 1)));
            let op = self.rng.pick(&["and", "or"]);
            require = format!("v {op} ({require})");
        }
        if self.rng.chance(30) {
            let guard = self.condition(scope, 1);
            clauses.push_str(&format!("  unknown when {guard} \"guarded\"\n"));
        }
        format!("rule r{id} \"generated\" {{\n{loops}{clauses}  require {require}\n}}\n")
    }
}

/// Every value the evaluator computes that is unknown because of a wrong
/// type, with the rule text around it.
struct TypeErrors(Vec<String>);

impl Observer for TypeErrors {
    fn value(&mut self, node: &Node<'_>, v: &Val) {
        if let Val::Unknown(u) = v
            && u.reason.is_type_error()
        {
            self.0.push(format!("{u}"));
        }
        let _ = node;
    }
}

#[test]
fn checked_rules_meet_no_type_error_and_explain_agrees_with_check() {
    let cases = 250;
    let (mut accepted, mut subjects) = (0, 0);
    for case in 0..cases {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((case as u64 + 1) * 0x1000_0001));
        let schema = Schema::generate(&mut rng);
        let docs: Vec<SourceFile> = (0..1 + rng.below(2))
            .map(|d| SourceFile::new(format!("p{d}.yaml"), data(&mut rng, &schema, d)))
            .collect();
        let mut g = Gen {
            rng,
            schema: &schema,
        };
        let mut text = schema.declarations();
        for id in 0..4 {
            text.push_str(&g.rule(id));
        }
        let rules = match parse_rules(&SourceFile::new("gen.rules", text.clone())) {
            Ok(r) => vec![r],
            Err(e) => panic!("case {case}: the generated rules do not parse: {e:?}\n{text}"),
        };
        let data = load(docs.clone(), &Limits::default()).expect("the generated data loads");
        let (program, found) = resolve(&rules, Some(&data), Default::default());
        if patuh::check::has_errors(&found) {
            continue;
        }
        accepted += 1;
        let evaluation = run(&program, &rules, &data);
        for rule in &program.rules {
            let seen = observe(rule, &rules, &data, TypeErrors(Vec::new()));
            assert!(
                seen.0.is_empty(),
                "case {case}: rule r{} meets type errors {:?}\n{text}\n{}",
                rule.rule.index,
                seen.0,
                docs.iter()
                    .map(|d| d.text())
                    .collect::<Vec<_>>()
                    .join("---\n")
            );
            same_outcomes(case, rule, &rules, &data, &evaluation, &text);
            subjects += evaluation
                .counts
                .iter()
                .find(|(r, _)| *r == rule.rule)
                .map_or(0, |(_, c)| c.total());
        }
    }
    eprintln!("accepted {accepted} of {cases}, {subjects} subjects");
    // The generator is worth something only if the checks accept much of it.
    assert!(
        accepted * 3 >= cases,
        "only {accepted} of {cases} generated cases pass the checks"
    );
    assert!(subjects > 1000, "only {subjects} subjects were evaluated");
}

fn same_outcomes(
    case: usize,
    rule: &Resolved<'_>,
    rules: &[patuh::ast::RuleFile],
    data: &patuh::data::Dataset,
    evaluation: &patuh::eval::Evaluation,
    text: &str,
) {
    let explained: Vec<(String, Outcome)> = explain_program(rule, rules, data, &|_| true)
        .into_iter()
        .filter_map(|s| s.outcome.map(|o| (s.subject, o)))
        .collect();
    let counts = evaluation
        .counts
        .iter()
        .find(|(r, _)| *r == rule.rule)
        .map(|(_, c)| *c)
        .expect("every rule is counted");
    let count = |o: Outcome| explained.iter().filter(|(_, x)| *x == o).count();
    assert_eq!(
        (
            count(Outcome::Pass),
            count(Outcome::Fail),
            count(Outcome::Unknown)
        ),
        (counts.pass, counts.fail, counts.unknown),
        "case {case}, rule r{}: explain and check count differently\n{text}",
        rule.rule.index
    );
    let reported: Vec<(String, Outcome)> = evaluation
        .findings
        .iter()
        .filter(|f| f.rule == rule.rule)
        .map(|f| (f.subject.to_string(), f.outcome))
        .collect();
    let undecided: Vec<(String, Outcome)> = explained
        .into_iter()
        .filter(|(_, o)| *o != Outcome::Pass)
        .collect();
    assert_eq!(
        undecided, reported,
        "case {case}, rule r{}: explain and check disagree on a subject\n{text}",
        rule.rule.index
    );
}
