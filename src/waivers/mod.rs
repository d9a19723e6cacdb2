//! The waiver register: accepted exceptions, each with a reason and an expiry.
//!
//! ```yaml
//! waivers:
//!   - rule: fund_bpu
//!     subject: "Sulawesi Tengah / Donggala / *"
//!     reason: "the 2023 budget passed before the instruction; funded from 2025"
//!     expires: 2025-12-31
//!     approved_by: Inspektorat Provinsi Sulawesi Tengah
//! ```
//!
//! The register is read with patuh's own YAML loader, so every value keeps
//! its line and column and a malformed register is an input error pointing at
//! the entry. Matching a waiver against findings happens in
//! [`crate::report::Triage`]; this module parses, validates and matches one
//! subject pattern.
//!
//! Its problems are [`WaiverError`]s (`patuh::waiver::*`, and `patuh::data::*`
//! when the register is not YAML); every code is in `src/codes.rs`.
//!
//! Two more codes are warnings in reports, not input errors:
//! `patuh::waiver::expired` (past its date, it waives nothing) and
//! `patuh::waiver::stale` (in force but matching no finding); see
//! [`crate::report::WaiverUse`].

mod date;
mod error;
mod parse;

pub use date::Date;
pub use error::WaiverError;

use crate::source::{SourceFile, Span};
pub use parse::parse_waivers;
use std::path::{Path, PathBuf};

/// The register's file name, found next to the rules.
pub const FILE_NAME: &str = "waivers.yaml";

/// One accepted exception.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// The rule it waives (`fund_bpu`).
    pub rule: String,
    /// A glob on the subject: `*` is any text (` / ` included), `?` one character.
    pub subject: String,
    /// Why the exception was accepted.
    pub reason: String,
    /// The last day the waiver holds.
    pub expires: Date,
    /// Who accepted it.
    pub approved_by: Option<String>,
    /// The register.
    pub file: SourceFile,
    /// The entry (its first key), for locations.
    pub span: Span,
    /// The `subject` value.
    pub subject_span: Span,
    /// The `expires` value.
    pub expires_span: Span,
}

impl Waiver {
    /// Whether the waiver covers findings of `rule` about `subject`.
    pub fn matches(&self, rule: &str, subject: &str) -> bool {
        self.rule == rule && glob(&self.subject, subject)
    }

    /// 1-based line and column of the entry.
    pub fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.span.start as usize)
    }

    /// Whether the waiver no longer holds on `today` (it holds through its
    /// expiry date).
    pub fn expired(&self, today: Date) -> bool {
        self.expires < today
    }
}

const FIELDS: [&str; 5] = ["rule", "subject", "reason", "expires", "approved_by"];

/// The registers to use when `--waivers` is not given: a `waivers.yaml`
/// named on the command line, at the top of a folder named on the command
/// line, or beside a rule file named on the command line. Sorted, no
/// duplicates.
pub fn discover(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            if p.is_dir() {
                Some(p.join(FILE_NAME))
            } else if is_register(p) {
                Some(p.clone())
            } else if p.extension().is_some_and(|e| e == "rules") {
                Some(
                    p.parent()
                        .map_or_else(|| PathBuf::from(FILE_NAME), |d| d.join(FILE_NAME)),
                )
            } else {
                None
            }
        })
        .filter(|p| p.is_file())
        .map(|p| {
            // Named like the inputs: relative, no leading `./`.
            p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Whether `path` is a waiver register by name (and so never a data file).
pub fn is_register(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == FILE_NAME)
}

/// `*` matches any run of characters (none included), `?` exactly one,
/// everything else itself. Case-sensitive, like subjects in reports.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and how much of the text it has eaten so far.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // Let the last `*` eat one more character and retry.
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    pi = sp + 1;
                    ti = st + 1;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_text_including_separators_and_question_mark_one_character() {
        assert!(glob(
            "Sulawesi Tengah / Donggala / *",
            "Sulawesi Tengah / Donggala / 2023"
        ));
        assert!(!glob(
            "Sulawesi Tengah / Donggala / *",
            "Sulawesi Tengah / Poso / 2023"
        ));
        assert!(glob("Sulawesi Tengah / *", "Sulawesi Tengah / Poso / 2023"));
        assert!(glob("* / 2023", "Jawa Tengah / Kota Semarang / 2023"));
        assert!(!glob("* / 2023", "Jawa Tengah / 2024"));
        assert!(glob("*", ""));
        assert!(glob("Jawa Tengah / 202?", "Jawa Tengah / 2024"));
        assert!(!glob("Jawa Tengah / 202?", "Jawa Tengah / 20245"));
        assert!(glob("Jawa*Tengah*", "Jawa Tengah / Kota Semarang"));
        assert!(!glob("Jawa Tengah", "jawa tengah"), "case-sensitive");
        assert!(glob("a*b*c", "aXbYbZc"));
        assert!(!glob("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn days_since_1970_become_calendar_dates() {
        let d = |n| Date::from_days_since_epoch(n).to_string();
        assert_eq!(d(0), "1970-01-01");
        assert_eq!(d(-1), "1969-12-31");
        assert_eq!(d(59), "1970-03-01");
        assert_eq!(d(10_956), "1999-12-31");
        assert_eq!(d(11_016), "2000-02-29");
        assert_eq!(d(19_722), "2023-12-31");
        assert_eq!(d(19_782), "2024-02-29");
        assert_eq!(d(20_088), "2024-12-31");
    }

    #[test]
    fn dates_parse_strictly_and_compare_in_time_order() {
        let p = |s: &str| s.parse::<Date>();
        assert_eq!(
            p("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-1",
            "31/12/2025",
            "2024-12-31x",
            "+024-12-31",
            "",
        ] {
            assert_eq!(p(bad), Err(()), "{bad}");
        }
        assert!(p("2024-12-31") < p("2025-01-01"));
        assert!(p("2025-01-31") < p("2025-02-01"));
    }

    #[test]
    fn today_is_after_this_code_was_written() {
        assert!(Some(Date::today()) >= Date::new(2025, 1, 1));
    }
}
