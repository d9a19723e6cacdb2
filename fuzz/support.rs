//! What the fuzz targets share: one run of every stage, the way
//! `patuh check` does it, rendering every diagnostic and every format.

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
    let found = patuh::check::check(&loaded.rules, Some(&loaded.data));
    for d in &found {
        let _ = render_diagnostic(d, DiagnosticStyle::PLAIN);
    }
    if patuh::check::has_errors(&found) {
        return;
    }
    let evaluation = patuh::check(&loaded);
    let today: Date = "2025-06-30".parse().expect("a date");
    let triage = Triage::new(&loaded.rules, &evaluation, Vec::new(), today, None);
    let report = Report {
        rules: &loaded.rules,
        data: &loaded.data,
        eval: &evaluation,
        strict: false,
        fail_on: FailOn::Error,
        triage,
    };
    let _ = render_human(&report, DiagnosticStyle::PLAIN);
    let _ = render_json(&report);
    let _ = render_sarif(&report);
    let _ = render_junit(&report);
    let _ = render_github(&report);
    let _ = render_markdown(&report);
}
