//! Rules and data together, split at a line `=====`: whatever the rules
//! and the data, every stage gives diagnostics or a report, never a panic;
//! rules the checker accepts evaluate without a type error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patuh::source::SourceFile;

#[path = "../support.rs"]
mod support;

fuzz_target!(|text: &str| {
    let (rules, data) = text.split_once("\n=====\n").unwrap_or((text, ""));
    support::run(
        &[
            SourceFile::new("rules/schema.rules", support::SCHEMA),
            SourceFile::new("fuzz.rules", rules),
        ],
        SourceFile::new("fuzz.yaml", data),
    );
});
