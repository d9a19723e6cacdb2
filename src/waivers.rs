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
//! | code | variant |
//! | --- | --- |
//! | `patuh::waiver::shape` | [`WaiverError::Shape`] |
//! | `patuh::waiver::not_a_mapping` | [`WaiverError::NotAMapping`] |
//! | `patuh::waiver::missing_field` | [`WaiverError::MissingField`] |
//! | `patuh::waiver::unknown_field` | [`WaiverError::UnknownField`] |
//! | `patuh::waiver::not_text` | [`WaiverError::NotText`] |
//! | `patuh::waiver::empty` | [`WaiverError::Empty`] |
//! | `patuh::waiver::bad_date` | [`WaiverError::BadDate`] |
//! | `patuh::data::*` | [`WaiverError::Yaml`] (the register is not YAML) |
//!
//! Two more codes are warnings in reports, not input errors:
//! `patuh::waiver::expired` (past its date, it waives nothing) and
//! `patuh::waiver::stale` (in force but matching no finding); see
//! [`crate::report::WaiverUse`].

use crate::data::{DataError, Dataset, Limits, NodeId, View};
use crate::source::{SourceFile, Span};
use miette::{Diagnostic, SourceSpan};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use thiserror::Error;

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

/// A problem with the waiver register (exit 2, nothing is checked).
#[derive(Debug, Error, Diagnostic)]
pub enum WaiverError {
    /// The register is not YAML, e.g. `waivers: [` (never closed).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] DataError),

    /// `- rule: x` at the top level, or `waivers: 3`.
    #[error("{what}")]
    #[diagnostic(
        code(patuh::waiver::shape),
        help(
            "a register is a mapping with one key, `waivers`, holding a list of entries with `rule`, `subject`, `reason`, `expires` and `approved_by`"
        )
    )]
    Shape {
        /// What is wrong, in words.
        what: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// Where.
        #[label("here")]
        at: SourceSpan,
    },

    /// `waivers: [fund_bpu]`: an entry that is not a mapping.
    #[error("a waiver must be a mapping of fields")]
    #[diagnostic(
        code(patuh::waiver::not_a_mapping),
        help(
            "write each waiver as `- rule: ...` followed by `subject`, `reason`, `expires` and `approved_by`"
        )
    )]
    NotAMapping {
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The entry.
        #[label("not a mapping")]
        at: SourceSpan,
    },

    /// An entry without `reason` or `expires` (or `rule`, `subject`).
    #[error("this waiver has no `{field}`")]
    #[diagnostic(code(patuh::waiver::missing_field), help("{help}"))]
    MissingField {
        /// The field.
        field: &'static str,
        /// What to write.
        help: &'static str,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The entry.
        #[label("`{field}` is required")]
        at: SourceSpan,
    },

    /// `expire: 2025-12-31` (a typo), or any field patuh does not know.
    #[error("unknown field `{field}` in a waiver")]
    #[diagnostic(code(patuh::waiver::unknown_field), help("{help}"))]
    UnknownField {
        /// As written.
        field: String,
        /// "did you mean" or the list of fields.
        help: String,
        /// The known field it is close to, if any.
        near: Option<&'static str>,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The key.
        #[label("unknown field")]
        at: SourceSpan,
    },

    /// `reason: 42` or `subject: [a, b]`.
    #[error("`{field}` must be text")]
    #[diagnostic(
        code(patuh::waiver::not_text),
        help("quote the value if it looks like a number or a list")
    )]
    NotText {
        /// The field.
        field: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("not text")]
        at: SourceSpan,
    },

    /// `reason: ""`: an exception without a reason is not accepted.
    #[error("`{field}` is empty")]
    #[diagnostic(
        code(patuh::waiver::empty),
        help("every waiver records why it was accepted and what it covers")
    )]
    Empty {
        /// The field.
        field: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("empty")]
        at: SourceSpan,
    },

    /// `expires: 31/12/2025` or `expires: 2025-02-30`.
    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(patuh::waiver::bad_date),
        help("write the date as YYYY-MM-DD, e.g. `2025-12-31`; the waiver holds through that day")
    )]
    BadDate {
        /// As written.
        text: String,
        /// The register.
        #[source_code]
        file: SourceFile,
        /// The value.
        #[label("not YYYY-MM-DD")]
        at: SourceSpan,
    },
}

const FIELDS: [&str; 5] = ["rule", "subject", "reason", "expires", "approved_by"];

/// Reads a register. Every problem is reported, not only the first.
pub fn parse_waivers(file: &SourceFile) -> Result<Vec<Waiver>, Vec<WaiverError>> {
    let data = crate::data::load_yaml(vec![file.clone()], &Limits::default()).map_err(|e| {
        e.into_vec()
            .into_iter()
            .map(WaiverError::from)
            .collect::<Vec<_>>()
    })?;
    let mut p = Parser {
        data: &data,
        file,
        errors: Vec::new(),
    };
    let waivers = p.register();
    if p.errors.is_empty() {
        Ok(waivers)
    } else {
        Err(p.errors)
    }
}

struct Parser<'a> {
    data: &'a Dataset,
    file: &'a SourceFile,
    errors: Vec<WaiverError>,
}

impl Parser<'_> {
    fn span(&self, id: NodeId) -> SourceSpan {
        self.data.loc(id).span.into()
    }

    fn shape(&mut self, what: &str, at: SourceSpan) {
        self.errors.push(WaiverError::Shape {
            what: what.to_owned(),
            file: self.file.clone(),
            at,
        });
    }

    fn register(&mut self) -> Vec<Waiver> {
        let docs = self.data.docs();
        let root = match docs {
            // An empty file is an empty register.
            [] => return Vec::new(),
            [root] => *root,
            [_, second, ..] => {
                self.shape(
                    "a register is one YAML document",
                    self.span_at_line(*second),
                );
                return Vec::new();
            }
        };
        let entries = match self.data.view(root) {
            View::Null => return Vec::new(),
            View::Map(entries) => entries,
            _ => {
                self.shape(
                    "a register is a mapping with a `waivers` list",
                    self.span_at_line(root),
                );
                return Vec::new();
            }
        };
        let mut list = None;
        for &(k, v) in entries {
            match self.data.view(k) {
                View::Str("waivers") => list = Some(v),
                _ => self.unknown(k, &["waivers"]),
            }
        }
        let Some(list) = list else {
            self.shape("no `waivers` list in the register", self.span_at_line(root));
            return Vec::new();
        };
        let items = match self.data.view(list) {
            View::Null => return Vec::new(),
            View::Seq(items) => items,
            _ => {
                let at = self.span(list);
                self.shape("`waivers` must be a list", at);
                return Vec::new();
            }
        };
        items.iter().filter_map(|&item| self.waiver(item)).collect()
    }

    /// A zero-width span at the start of a collection's first line (the
    /// loader keeps no length for collections).
    fn span_at_line(&self, id: NodeId) -> SourceSpan {
        let s = self.data.loc(id).span;
        (s.start as usize, 0).into()
    }

    fn unknown(&mut self, key: NodeId, known: &[&'static str]) {
        let field = match self.data.view(key) {
            View::Str(s) => s.to_owned(),
            _ => crate::report::data_path(self.data, key),
        };
        let near = crate::fuzzy::nearest(&field, known.iter().copied());
        let help = match near {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "a waiver has {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let at = self.span(key);
        self.errors.push(WaiverError::UnknownField {
            field,
            help,
            near,
            file: self.file.clone(),
            at,
        });
    }

    fn waiver(&mut self, item: NodeId) -> Option<Waiver> {
        let View::Map(entries) = self.data.view(item) else {
            let at = self.span(item);
            self.errors.push(WaiverError::NotAMapping {
                file: self.file.clone(),
                at,
            });
            return None;
        };
        let before = self.errors.len();
        let mut fields: [Option<(String, NodeId)>; 5] = Default::default();
        for &(k, v) in entries {
            let slot = match self.data.view(k) {
                View::Str(name) => FIELDS.iter().position(|f| *f == name),
                _ => None,
            };
            let Some(slot) = slot else {
                self.unknown(k, &FIELDS);
                continue;
            };
            match self.data.view(v) {
                View::Str(text) if text.trim().is_empty() => {
                    let at = self.span(v);
                    self.errors.push(WaiverError::Empty {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
                View::Str(text) => fields[slot] = Some((text.trim().to_owned(), v)),
                View::Null => {
                    let at = self.span(k);
                    self.errors.push(WaiverError::Empty {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
                _ => {
                    let at = self.span(v);
                    self.errors.push(WaiverError::NotText {
                        field: FIELDS[slot].to_owned(),
                        file: self.file.clone(),
                        at,
                    })
                }
            }
        }
        // The entry starts at its first key: a mapping node has no length.
        let start = entries.first().map_or(item, |&(k, _)| k);
        let entry_span = self.data.loc(start).span;
        let [rule, subject, reason, expires, approved_by] = fields;
        let mut required =
            |field: Option<(String, NodeId)>, name: &'static str, help: &'static str| {
                if field.is_none() && !self.errors[before..].iter().any(|e| same_field(e, name)) {
                    self.errors.push(WaiverError::MissingField {
                        field: name,
                        help,
                        file: self.file.clone(),
                        at: entry_span.into(),
                    });
                }
                field
            };
        let rule = required(rule, "rule", "name the rule id, e.g. `rule: fund_bpu`");
        let subject = required(
            subject,
            "subject",
            "name the subjects, e.g. `subject: \"Sulawesi Tengah / Donggala / *\"`; `*` matches any text",
        );
        let reason = required(
            reason,
            "reason",
            "say why the exception was accepted, e.g. `reason: \"exempt until its 2025 budget passes\"`",
        );
        let expires = required(
            expires,
            "expires",
            "give the last day the waiver holds, e.g. `expires: 2025-12-31`",
        );
        let expires = expires.and_then(|(text, node)| match text.parse::<Date>() {
            Ok(d) => Some((d, node)),
            Err(()) => {
                let at = self.span(node);
                self.errors.push(WaiverError::BadDate {
                    text,
                    file: self.file.clone(),
                    at,
                });
                None
            }
        });
        if self.errors.len() > before {
            return None;
        }
        // INVARIANT: every required field was checked above and no error was added.
        let (Some(rule), Some(subject), Some(reason), Some(expires)) =
            (rule, subject, reason, expires)
        else {
            return None;
        };
        Some(Waiver {
            rule: rule.0,
            subject: subject.0,
            reason: reason.0,
            expires: expires.0,
            approved_by: approved_by.map(|a| a.0),
            file: self.file.clone(),
            span: entry_span,
            subject_span: self.data.loc(subject.1).span,
            expires_span: self.data.loc(expires.1).span,
        })
    }
}

/// Whether `e` is already about `field` (an empty or non-text value, or a
/// misspelt key), so a missing-field error would say the same thing twice.
fn same_field(e: &WaiverError, name: &str) -> bool {
    match e {
        WaiverError::Empty { field, .. } | WaiverError::NotText { field, .. } => field == name,
        WaiverError::UnknownField { near, .. } => *near == Some(name),
        _ => false,
    }
}

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

/// A calendar date (proleptic Gregorian), ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists (`2024-02-29` does, `2023-02-29` does not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (before it, if negative).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days: count in 400-year eras of
        // 146 097 days starting on 0000-03-01, so the leap day ends a year.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }
}

impl FromStr for Date {
    type Err = ();

    /// Exactly `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, ()> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|d| d.iter().all(u8::is_ascii_digit))
                .and_then(|_| s.get(r))
                .and_then(|d| d.parse::<u32>().ok())
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(());
        }
        match (digits(0..4), digits(5..7), digits(8..10)) {
            (Some(y), Some(m), Some(d)) => Date::new(y as i32, m as u8, d as u8).ok_or(()),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
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
