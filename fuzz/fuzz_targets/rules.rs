//! The rule parser on any text: it returns rules or diagnostics, never
//! panics; every diagnostic renders; rules that parse format to text that
//! parses back to the same rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patuh::report::{DiagnosticStyle, render_diagnostic};
use patuh::source::SourceFile;

fuzz_target!(|text: &str| {
    let file = SourceFile::new("fuzz.rules", text);
    match patuh::syntax::parse_rules(&file) {
        Ok(rules) => {
            let formatted = patuh::fmt::format(&rules);
            let again = SourceFile::new("fuzz.rules", formatted.as_str());
            match patuh::syntax::parse_rules(&again) {
                Ok(back) => assert!(
                    back.rules == rules.rules && back.fields == rules.fields,
                    "formatting changed the rules:\n{text}\n---\n{formatted}"
                ),
                Err(e) => panic!("formatted rules do not parse: {e:?}\n{text}\n---\n{formatted}"),
            }
            let _ = patuh::check::check(std::slice::from_ref(&rules), None);
        }
        Err(errors) => {
            for e in &errors.0 {
                let _ = render_diagnostic(e, DiagnosticStyle::PLAIN);
            }
        }
    }
});
