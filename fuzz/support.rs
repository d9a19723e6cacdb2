//! What the fuzz targets share: one run of every stage, the way
//! `patuh check` does it, rendering every diagnostic and every format.

use patuh::check::Node;
use patuh::eval::{Observer, Outcome, Val};
use patuh::report::{
    DiagnosticStyle, FailOn, Report, Triage, render_diagnostic, render_github, render_human,
    render_json, render_junit, render_markdown, render_sarif,
};
use patuh::source::SourceFile;
use patuh::waivers::Date;

pub const SCHEMA: &str = include_str!("../rules/schema.rules");
pub const PACK: &str = include_str!("../rules/inpres-2-2021.rules");

pub fn run(rules: &[SourceFile], data: SourceFile) {
    let inputs = patuh::input::Inputs {
        rules: rules.to_vec(),
        data: vec![data],
        workbooks: Vec::new(),
        skipped: Vec::new(),
    };
    let loaded = match patuh::load(inputs) {
        Ok(loaded) => loaded,
        Err(problems) => {
            for p in &problems {
                let _ = render_diagnostic(p.as_ref(), DiagnosticStyle::PLAIN);
            }
            return;
        }
    };
    // Admission, and its problems in every format, as `patuh check` writes them.
    let refused = patuh::admit::admit(&loaded.rules, &loaded.data);
    if !refused.is_empty() {
        let issues = patuh::report::problems::issues(refused.iter().map(|e| e as _));
        let _ = patuh::report::problems::render_json_problems(&issues, &[]);
        let _ = patuh::report::render_sarif_problems(&issues, &[], &Default::default());
        let _ = patuh::report::problems::render_junit_problems(&issues, &[]);
        let _ = patuh::report::problems::render_github_problems(&issues, &[]);
        let _ = patuh::report::problems::render_markdown_problems(&issues, &[]);
        return;
    }
    let checked = match patuh::pipeline::check(&loaded.rules, &loaded.data) {
        Ok(checked) => checked,
        Err(found) => {
            for d in &found {
                let _ = render_diagnostic(d, DiagnosticStyle::PLAIN);
            }
            return;
        }
    };
    for d in &checked.warnings {
        let _ = render_diagnostic(d, DiagnosticStyle::PLAIN);
    }
    let evaluation = checked.evaluate();
    // What the checks accept never meets a type error in evaluation, and
    // `patuh explain` decides every subject as `patuh check` does.
    for rule in &checked.program.rules {
        let seen = patuh::eval::observe(rule, &loaded.rules, &loaded.data, TypeErrors(Vec::new()));
        assert!(
            seen.0.is_empty(),
            "accepted rules meet type errors: {:?}",
            seen.0
        );
        let explained = patuh::eval::explain_program(rule, &loaded.rules, &loaded.data, &|_| true);
        let counts = evaluation
            .counts
            .iter()
            .find(|(r, _)| *r == rule.rule)
            .map(|(_, c)| *c)
            .unwrap_or_default();
        let count = |o: Outcome| explained.iter().filter(|s| s.outcome == Some(o)).count();
        assert_eq!(
            (
                count(Outcome::Pass),
                count(Outcome::Fail),
                count(Outcome::Unknown)
            ),
            (counts.pass, counts.fail, counts.unknown),
            "explain and check disagree"
        );
    }
    let warnings = match patuh::admit::subjects(&loaded.rules, &loaded.data, &evaluation) {
        Ok(idle) => patuh::report::problems::issues(idle.iter().map(|d| d as _)),
        Err(_) => return,
    };
    let today: Date = "2025-06-30".parse().expect("a date");
    let triage = Triage::new(&loaded.rules, &evaluation, Vec::new(), today, None);
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: false,
        fail_on: FailOn::Error,
        triage,
        warnings,
        options: Default::default(),
    };
    let _ = render_human(&report, DiagnosticStyle::PLAIN);
    let _ = render_json(&report);
    let _ = render_sarif(&report);
    let _ = render_junit(&report);
    let _ = render_github(&report);
    let _ = render_markdown(&report);
}

/// Values the evaluator finds unknown because of a wrong type.
struct TypeErrors(Vec<String>);

impl Observer for TypeErrors {
    fn value(&mut self, _node: &Node<'_>, v: &Val) {
        if let Val::Unknown(u) = v
            && u.reason.is_type_error()
        {
            self.0.push(format!("{u}"));
        }
    }
}
