//! What `patuh test` reports: broken annotations (bad input, exit 2) and
//! expectations that were not met (test failures, exit 1).
//!
//! | code | meaning |
//! | --- | --- |
//! | `patuh::test::unknown_annotation` | [`AnnotationError::UnknownKind`] |
//! | `patuh::test::malformed_annotation` | [`AnnotationError::Malformed`] |
//! | `patuh::test::unknown_rule` | [`AnnotationError::UnknownRule`] |
//! | `patuh::test::dangling_annotation` | [`AnnotationError::Dangling`] |
//! | `patuh::test::no_annotations` | [`AnnotationError::NoAnnotations`] |
//! | `patuh::test::missing_failure` | `# expect:` line, and the rule did not fail there |
//! | `patuh::test::missing_unknown` | `# expect-unknown:` line, and the rule was not unknown there |
//! | `patuh::test::fired_on_ok_line` | `# ok:` line, and the rule failed or was unknown there |
//! | `patuh::test::unexpected_failure` | a failure on no `# expect:` line |
//! | `patuh::test::unexpected_unknown` | an unknown outcome on no `# expect-unknown:` line |

use crate::source::{SourceFile, Span};
use miette::{Diagnostic, LabeledSpan, SourceSpan};
use std::fmt;

/// An annotation that cannot be used: the test suite itself is broken.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum AnnotationError {
    /// `# expect-fail: fund_bpu`
    #[error("unknown annotation `{word}:`")]
    #[diagnostic(
        code(patuh::test::unknown_annotation),
        help("annotations are `# expect: RULE`, `# expect-unknown: RULE` and `# ok: RULE`")
    )]
    UnknownKind {
        /// The word before the colon.
        word: String,
        /// The fixture.
        #[source_code]
        src: SourceFile,
        /// The word.
        #[label("not an annotation")]
        at: SourceSpan,
    },
    /// `# expect:` with no rule, or `# ok: fund_bpu bpu_grows` (no comma).
    #[error("{message}")]
    #[diagnostic(
        code(patuh::test::malformed_annotation),
        help(
            "write `# expect: RULE`, several rules separated by commas; a note goes after ` -- `"
        )
    )]
    Malformed {
        /// What is wrong.
        message: String,
        /// The fixture.
        #[source_code]
        src: SourceFile,
        /// Where.
        #[label("{label}")]
        at: SourceSpan,
        /// What was expected there.
        label: String,
    },
    /// `# expect: fund_bpuu`, a rule that no rule file defines.
    #[error("no rule `{rule}` to test")]
    #[diagnostic(code(patuh::test::unknown_rule))]
    UnknownRule {
        /// The id written.
        rule: String,
        /// A suggestion.
        #[help]
        help: Option<String>,
        /// The fixture.
        #[source_code]
        src: SourceFile,
        /// The id.
        #[label("not defined in the rule files given")]
        at: SourceSpan,
    },
    /// An annotation on a line of its own with no value after it.
    #[error("annotation `{text}` is about no line")]
    #[diagnostic(
        code(patuh::test::dangling_annotation),
        help("put it after the value it is about, or on a line of its own above it")
    )]
    Dangling {
        /// The comment.
        text: String,
        /// The fixture.
        #[source_code]
        src: SourceFile,
        /// The comment.
        #[label("no value follows")]
        at: SourceSpan,
    },
    /// A rule test with no annotation: it names no rule, so it would test
    /// nothing and pass.
    #[error("`{file}` has no annotation: it tests nothing")]
    #[diagnostic(
        code(patuh::test::no_annotations),
        help(
            "say what each rule must do on the lines it reads: `# expect: RULE`, `# expect-unknown: RULE` or `# ok: RULE` (annotations are lower case)"
        )
    )]
    NoAnnotations {
        /// The fixture's name.
        file: String,
    },
}

/// An expectation of a rule test that was not met.
#[derive(Debug)]
pub struct TestFailure {
    /// `patuh::test::...`.
    pub code: &'static str,
    /// One line: what happened.
    pub message: String,
    /// How to go on.
    pub help: Option<String>,
    /// The fixture.
    pub fixture: SourceFile,
    /// The fixture line or value it is about, with a label.
    pub at: Option<(Span, String)>,
    /// The rule expression involved, with what happened there.
    pub rule_site: Option<RuleSite>,
}

/// A place in a rule file, shown under a test failure.
#[derive(Debug)]
pub struct RuleSite {
    /// The rule file.
    pub file: SourceFile,
    /// The expression.
    pub span: Span,
    /// What happened there.
    pub label: String,
}

impl TestFailure {
    /// The 1-based fixture line it points at, for sorting.
    pub fn line(&self) -> usize {
        self.at
            .as_ref()
            .map_or(0, |(s, _)| self.fixture.line_col(s.start as usize).0)
    }
}

impl fmt::Display for TestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TestFailure {}

impl Diagnostic for TestFailure {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match (&self.at, &self.rule_site) {
            (None, Some(site)) => Some(&site.file),
            _ => Some(&self.fixture),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = match (&self.at, &self.rule_site) {
            (Some((span, label)), _) => Some((*span, label)),
            (None, Some(site)) => Some((site.span, &site.label)),
            (None, None) => None,
        };
        let (span, label) = label?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(label.clone()), span),
        )))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match (&self.at, &self.rule_site) {
            (Some(_), Some(site)) => Some(Box::new(std::iter::once(site as &dyn Diagnostic))),
            _ => None,
        }
    }
}

impl fmt::Display for RuleSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule in `{}`", self.file.name())
    }
}

impl std::error::Error for RuleSite {}

impl Diagnostic for RuleSite {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}
