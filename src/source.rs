//! Source files and byte spans shared by every stage.
//!
//! A [`SourceFile`] is cheap to clone (the text is shared), so any diagnostic
//! can carry the file it points into and render itself.

use std::fmt;
use std::sync::Arc;

/// A named text: a rule file, a data file or a fixture.
#[derive(Clone)]
pub struct SourceFile {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    text: String,
    /// Byte offset of the start of every line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    /// Whether the text has a `\r`, found when a snippet is first rendered.
    has_cr: std::sync::OnceLock<bool>,
}

/// Byte offsets of the starts of lines. Eight bytes at a time: the national
/// data set has 186 MB of them.
fn line_starts(text: &str) -> Vec<u32> {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const NL: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
    starts.push(0u32);
    let mut words = bytes.chunks_exact(8);
    let mut base = 0usize;
    for w in &mut words {
        // INVARIANT: chunks_exact(8) yields 8-byte slices.
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) ^ NL;
        // The high bit of each byte that was '\n' (now zero), without false hits.
        let mut zero = !(((x & LOW7) + LOW7) | x | LOW7);
        while zero != 0 {
            let i = zero.trailing_zeros() as usize / 8;
            starts.push((base + i + 1) as u32);
            zero &= zero - 1;
        }
        base += 8;
    }
    let rest = words.remainder();
    starts.extend(
        rest.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| (base + i + 1) as u32),
    );
    starts
}

impl SourceFile {
    /// Wraps `text` under the display `name` (a path relative to where patuh runs).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        SourceFile {
            inner: Arc::new(Inner {
                name: name.into(),
                text,
                line_starts,
                has_cr: std::sync::OnceLock::new(),
            }),
        }
    }

    /// The display name, with `/` separators.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.inner.text
    }

    /// Byte offset of the start of every line, the first at 0.
    pub(crate) fn line_starts(&self) -> &[u32] {
        &self.inner.line_starts
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = &self.inner.line_starts;
        let line = starts.partition_point(|&s| s as usize <= offset).max(1);
        let start = starts[line - 1] as usize;
        let end = offset.min(self.inner.text.len());
        let col = self
            .inner
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line, col + 1)
    }

    /// Byte offset of a 1-based line and a 0-based column counted in characters;
    /// clamps to the end of the line or of the text.
    pub fn offset_of(&self, line: usize, col_chars: usize) -> usize {
        let starts = &self.inner.line_starts;
        let text = &self.inner.text;
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let start = start as usize;
        let rest = &text[start..];
        let line_end = rest.find('\n').map_or(text.len(), |i| start + i);
        rest.char_indices()
            .nth(col_chars)
            .map_or(line_end, |(i, _)| (start + i).min(line_end))
    }

    /// Byte length of `chars` characters starting at byte `offset`.
    pub fn byte_len(&self, offset: usize, chars: usize) -> usize {
        self.inner.text.get(offset..).map_or(0, |s| {
            s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
        })
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceFile({})", self.name())
    }
}

/// Snippets longer than this (bytes, context lines included) are cut to
/// the span's own line, [`MARGIN`] bytes each side of it.
const WIDE_SNIPPET: usize = 4096;
/// Bytes of a long line shown each side of a span.
const MARGIN: usize = 120;

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // miette finds a snippet's lines by scanning the text from its start,
        // which makes a report of many findings in a large file quadratic.
        // Handed whole lines around the span (one spare line each side), it
        // finds the same ones: each snippet costs its own size.
        let text = &self.inner.text;
        let (start, end, first_line) =
            match self.window(span, context_lines_before, context_lines_after) {
                Some(w) => w,
                None => (0, text.len(), 0),
            };
        if end - start > WIDE_SNIPPET
            && let Some(part) =
                self.part_of_line(span, context_lines_before + context_lines_after > 0)
        {
            return Ok(Box::new(part));
        }
        let local = miette::SourceSpan::from((span.offset() - start, span.len()));
        let inner =
            text[start..end].read_span(&local, context_lines_before, context_lines_after)?;
        // The name as given: each medium escapes it (the terminal report
        // through its sanitized diagnostics).
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name().to_owned(),
            inner.data(),
            (inner.span().offset() + start, inner.span().len()).into(),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
    }
}

impl SourceFile {
    /// A long line cut down to the span and some bytes each side (from the
    /// span itself when no context is asked, as miette reads a header's
    /// place): what miette draws is then bounded whatever the line's length
    /// (a column past 65,535 would overflow its formatting, and a line drawn
    /// whole for each of its many findings would make the report quadratic).
    /// The line is the span's; the column, in bytes, that of the part's start.
    fn part_of_line(
        &self,
        span: &miette::SourceSpan,
        context: bool,
    ) -> Option<miette::MietteSpanContents<'_>> {
        let (text, starts) = (&self.inner.text, &self.inner.line_starts);
        let (offset, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return None;
        }
        let line = starts.partition_point(|&s| s as usize <= offset).max(1) - 1;
        let line_start = starts[line] as usize;
        let margin = if context { MARGIN } else { 0 };
        let mut from = offset.saturating_sub(margin).max(line_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        // Only the margin after the span is looked at, never the rest of
        // the line: a finding costs the same wherever it is on the line.
        let mut to = (end + MARGIN).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        if let Some(i) = text[end..to].find(['\n', '\r']) {
            to = end + i;
        }
        Some(miette::MietteSpanContents::new_named(
            self.name().to_owned(),
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            line,
            from - line_start,
            starts.len(),
        ))
    }

    /// Byte range of whole lines around `span` with `before` + 1 lines
    /// before it and `after` + 1 after, and the number of the first (from 0);
    /// `None` where only the whole text will do: a span out of bounds, or a
    /// text with carriage returns (which miette also counts as line breaks).
    fn window(
        &self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<(usize, usize, usize)> {
        let (text, starts) = (&self.inner.text, &self.inner.line_starts);
        let (offset, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() || *self.inner.has_cr.get_or_init(|| text.contains('\r')) {
            return None;
        }
        let line_of = |at: usize| starts.partition_point(|&s| s as usize <= at).max(1) - 1;
        let first = line_of(offset).saturating_sub(before + 1);
        let last = line_of(end.saturating_sub(1).max(offset)) + after + 2;
        let stop = starts.get(last).map_or(text.len(), |&s| s as usize);
        Some((starts[first] as usize, stop, first))
    }
}

/// A byte range in one source file. Spans never take part in equality of
/// the trees that carry them (see [`Spanned`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The covered text of `file`.
    pub fn text(self, file: &SourceFile) -> &str {
        file.text()
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start as usize, (s.end - s.start) as usize).into()
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Self {
        Span::new(s.start(), s.end())
    }
}

/// A value with the span it was written at. Equality and hashing ignore the
/// span, so trees compare by structure (what print -> parse round trips need).
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs `node` with `span`.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.node.hash(state);
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.yaml", "ab\nçd: 1\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // `ç` is two bytes but one column
        assert_eq!(f.line_col(5), (2, 2));
        assert_eq!(f.offset_of(2, 1), 5);
        assert_eq!(f.offset_of(9, 0), f.text().len());
    }

    #[test]
    fn snippets_read_from_a_window_are_the_ones_miette_finds_in_the_whole_text() {
        use miette::SourceCode;
        let text = "a: 1\nb:\n  c: [x, y]\n\n  d: é\nlast line without newline";
        let file = SourceFile::new("w.yaml", text);
        for offset in 0..=text.len() {
            for len in 0..=(text.len() - offset).min(12) {
                for (before, after) in [(0, 0), (1, 1), (2, 3), (5, 0)] {
                    let span = miette::SourceSpan::from((offset, len));
                    let whole = text.read_span(&span, before, after);
                    let ours = file.read_span(&span, before, after);
                    match (whole, ours) {
                        (Ok(w), Ok(o)) => {
                            let at = format!("span {offset}+{len}, context {before}/{after}");
                            assert_eq!(w.data(), o.data(), "{at}");
                            assert_eq!(w.span(), o.span(), "{at}");
                            assert_eq!(w.line(), o.line(), "{at}");
                            assert_eq!(w.column(), o.column(), "{at}");
                            assert_eq!(w.line_count(), o.line_count(), "{at}");
                        }
                        (Err(_), Err(_)) => {}
                        (w, o) => panic!("{offset}+{len}: {:?} vs {:?}", w.is_ok(), o.is_ok()),
                    }
                }
            }
        }
    }

    #[test]
    fn every_line_start_is_found_wherever_it_falls_in_a_word() {
        let mut text = String::new();
        for n in 0..200 {
            // Lines of every length, with multi-byte characters and near-newline bytes.
            text.push_str(&"é\u{b}x".repeat(n % 7));
            text.push_str(&"\n".repeat(1 + n % 3));
        }
        let simple: Vec<u32> = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        for cut in 0..16 {
            let Some(t) = text.get(..text.len() - cut) else {
                continue;
            };
            let want: Vec<u32> = simple
                .iter()
                .copied()
                .filter(|&s| s as usize <= t.len())
                .collect();
            assert_eq!(line_starts(t), want);
        }
    }
}
