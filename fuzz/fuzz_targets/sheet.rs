//! The spreadsheet reader on any CSV text: a dataset or data errors with
//! their cells, never a panic or a hang; a dataset goes through the bundled
//! rules, every stage, and every report format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patuh::source::SourceFile;

#[path = "../support.rs"]
mod support;

fuzz_target!(|text: &str| {
    support::run(
        &[
            SourceFile::new("rules/schema.rules", support::SCHEMA),
            SourceFile::new("rules/inpres-2-2021.rules", support::PACK),
        ],
        SourceFile::new("fuzz.csv", text),
    );
});
