//! Any diagnostic drawn for a terminal, as the human report draws its
//! findings: miette's graphical handler, with every text escaped first.

use super::escape;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::fmt;

/// How diagnostics are drawn.
#[derive(Clone, Copy, Debug)]
pub struct DiagnosticStyle {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl DiagnosticStyle {
    /// No colour, 80 columns: what tests snapshot.
    pub const PLAIN: DiagnosticStyle = DiagnosticStyle {
        color: false,
        width: 80,
    };

    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .with_urls(false)
            .with_show_related_as_nested(true)
            .with_syntax_highlighting(escape::SafeSnippets)
    }
}

/// Renders any diagnostic (input errors included) the way the human report
/// does. Every text it shows goes through [`escape`]: its message, labels,
/// help and code, the source snippets and the file names, so nothing from
/// the data or the rules reaches the terminal raw.
pub fn render_diagnostic(d: &dyn Diagnostic, style: DiagnosticStyle) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = style.handler().render_report(&mut out, &Sanitized::new(d));
    out
}

/// A diagnostic whose texts are escaped for a terminal: messages and labels
/// are one line each; help keeps the line breaks patuh wrote into it (the
/// data in it is escaped where it is composed).
struct Sanitized<'a> {
    inner: &'a dyn Diagnostic,
    message: String,
    source: Option<TerminalNamed<'a>>,
    related: Vec<Sanitized<'a>>,
}

/// A source whose file name is escaped for a terminal: a name is text like
/// any other, and the header of a snippet prints it.
struct TerminalNamed<'a>(&'a dyn miette::SourceCode);

impl miette::SourceCode for TerminalNamed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let inner = self.0.read_span(span, before, after)?;
        let (data, at) = (inner.data(), *inner.span());
        let (line, column, lines) = (inner.line(), inner.column(), inner.line_count());
        Ok(Box::new(match inner.name() {
            Some(name) => miette::MietteSpanContents::new_named(
                escape::terminal(name).into_owned(),
                data,
                at,
                line,
                column,
                lines,
            ),
            None => miette::MietteSpanContents::new(data, at, line, column, lines),
        }))
    }
}

impl<'a> Sanitized<'a> {
    fn new(inner: &'a dyn Diagnostic) -> Self {
        Sanitized {
            inner,
            message: escape::terminal(&inner.to_string()).into_owned(),
            source: inner.source_code().map(TerminalNamed),
            related: inner
                .related()
                .map(|r| r.map(Sanitized::new).collect())
                .unwrap_or_default(),
        }
    }
}

impl fmt::Debug for Sanitized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Sanitized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Sanitized<'_> {}

impl Diagnostic for Sanitized<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let code = self.inner.code()?.to_string();
        Some(Box::new(escape::terminal(&code).into_owned()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.inner.help()?.to_string();
        Some(Box::new(escape::terminal_lines(&help).into_owned()))
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let url = self.inner.url()?.to_string();
        Some(Box::new(escape::terminal(&url).into_owned()))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.inner.labels()?;
        Some(Box::new(labels.map(|l| {
            let text = l.label().map(|t| escape::terminal(t).into_owned());
            if l.primary() {
                LabeledSpan::new_primary_with_span(text, *l.inner())
            } else {
                LabeledSpan::new_with_span(text, *l.inner())
            }
        })))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}
