//! `cargo bench`: loading and evaluating the national benchmark data (rules
//! R1..R7 of `benches/rules/national.rules`) at scales s and m, on data the
//! generator makes in memory. End-to-end timings of the release binary,
//! against the peers, are `benches/national.sh`'s.

#[expect(
    dead_code,
    reason = "each includer uses a part of the shared generator"
)]
#[path = "support/gen.rs"]
mod generator;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use patuh::ast::RuleFile;
use patuh::data::{Dataset, Limits, load};
use patuh::eval::evaluate;
use patuh::report::{Report, render_json};
use patuh::source::SourceFile;
use patuh::syntax::parse_rules;
use std::hint::black_box;
use std::time::Duration;

const PACK: &str = "benches/rules/national.rules";

/// The province files of a scale, as if read from disk.
fn files(scale: &str) -> Vec<SourceFile> {
    generator::provinces(scale, generator::DEFAULT_SEED)
        .expect("a known scale")
        .map(|p| SourceFile::new(format!("{scale}/{}.yaml", p.code), p.yaml()))
        .collect()
}

fn pack() -> RuleFile {
    let text = std::fs::read_to_string(PACK).expect("the pack is in the repo");
    parse_rules(&SourceFile::new(PACK, text)).expect("the pack parses")
}

fn bytes(files: &[SourceFile]) -> u64 {
    files.iter().map(|f| f.text().len() as u64).sum()
}

fn loaded(files: &[SourceFile]) -> Dataset {
    load(files.to_vec(), &Limits::default()).expect("generated data loads")
}

fn national(c: &mut Criterion) {
    let rules = pack();
    for scale in ["s", "m"] {
        let files = files(scale);
        let data = loaded(&files);
        let mut g = c.benchmark_group(format!("national/{scale}"));
        if scale == "m" {
            g.sample_size(10).measurement_time(Duration::from_secs(10));
        }
        g.throughput(Throughput::Bytes(bytes(&files)));
        g.bench_function("load", |b| b.iter(|| loaded(black_box(&files))));
        g.bench_function("evaluate", |b| {
            b.iter(|| evaluate(std::slice::from_ref(&rules), black_box(&data)))
        });
        let ev = evaluate(std::slice::from_ref(&rules), &data);
        g.bench_function("report_json", |b| {
            b.iter(|| {
                render_json(&Report {
                    rules: std::slice::from_ref(&rules),
                    data: &data,
                    eval: &ev,
                    strict: false,
                    fail_on: patuh::report::FailOn::Error,
                    triage: patuh::report::Triage::default(),
                    warnings: Vec::new(),
                    options: Default::default(),
                })
            })
        });
        g.finish();
    }
}

criterion_group!(benches, national);
criterion_main!(benches);
