//! The reference reader: saphyr-parser's events, for all of YAML and every
//! error. Each event is turned into the builder's [`Event`] with the place
//! of what was written: a scalar's span is moved off its anchor or tag, and
//! a quoted scalar's trimmed to its quotes.

use super::PARSER_FLOW_DEPTH;
use super::builder::{Builder, Event, FileArena, Place, Stop, alias_name};
use crate::data::DataError;
use crate::data::error::translate_syntax;
use saphyr_parser::{Event as YamlEvent, Marker, Parser, ScalarStyle, ScanError, Span};

/// Reads a file from saphyr-parser's events.
pub(super) fn parse(mut b: Builder<'_>) -> FileArena {
    let text = b.file.text();
    b.reserve_for(text.len());
    let mut r = Reader {
        chars: CharCursor {
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        },
        b,
    };
    let mut stopped = false;
    for event in Parser::new_from_str(text) {
        let result = match event {
            Ok((event, span)) => r.event(event, span),
            Err(e) => Err(r.syntax_error(&e)),
        };
        if result.is_err() {
            stopped = true;
            break;
        }
    }
    r.b.finish(stopped)
}

struct Reader<'a> {
    b: Builder<'a>,
    /// Maps the parser's character indices to byte offsets.
    chars: CharCursor,
}

/// A place at a marker.
fn place(m: Marker, chars: usize) -> Place {
    Place {
        line: m.line(),
        col: m.col(),
        chars,
    }
}

/// The first tab among the spaces and tabs that start `line` (1-based).
fn tab_in_indentation(file: &crate::source::SourceFile, line: usize) -> Option<Place> {
    let start = file.offset_of(line, 0);
    let col = file.text()[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .position(|c| c == '\t')?;
    Some(Place {
        line,
        col,
        chars: 1,
    })
}

/// The place a span covers.
fn spanned(span: Span) -> Place {
    place(span.start, span.end.index() - span.start.index())
}

impl Reader<'_> {
    fn event(&mut self, event: YamlEvent<'_>, span: Span) -> Result<(), Stop> {
        let event = match event {
            YamlEvent::DocumentStart(_) => Event::DocumentStart { at: spanned(span) },
            YamlEvent::Scalar(value, style, anchor, tag) => {
                let text = style != ScalarStyle::Plain
                    || tag.as_deref().is_some_and(|t| {
                        // `!!str`, or the non-specific `!`
                        (t.is_yaml_core_schema() && t.suffix == "str")
                            || (t.handle.is_empty() && t.suffix == "!")
                    });
                let prefixed = anchor != 0 || tag.is_some();
                let at = self.scalar_place(&value, style, prefixed, span);
                Event::Scalar {
                    value,
                    text,
                    anchor,
                    at,
                }
            }
            YamlEvent::Alias(anchor) => Event::Alias {
                anchor,
                at: spanned(span),
            },
            YamlEvent::SequenceStart(anchor, _) => Event::Open {
                map: false,
                anchor,
                at: place(span.start, 0),
            },
            YamlEvent::MappingStart(anchor, _) => Event::Open {
                map: true,
                anchor,
                at: place(span.start, 0),
            },
            YamlEvent::SequenceEnd | YamlEvent::MappingEnd => Event::Close,
            YamlEvent::StreamStart
            | YamlEvent::StreamEnd
            | YamlEvent::DocumentEnd
            | YamlEvent::Nothing => return Ok(()),
        };
        self.b.event(event)
    }

    /// Where a scalar was written: its value, without an anchor or tag
    /// before it; a quoted one from quote to quote.
    fn scalar_place(
        &mut self,
        value: &str,
        style: ScalarStyle,
        prefixed: bool,
        span: Span,
    ) -> Place {
        let mut at = spanned(span);
        match style {
            ScalarStyle::Plain
                if prefixed && span.end.line() == at.line && !value.contains('\n') =>
            {
                // The span starts at the anchor or tag: point at the value itself.
                let n = value.chars().count();
                at.col = span.end.col().saturating_sub(n);
                at.chars = n;
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                // The span may start at an anchor or tag and run on over trailing
                // blanks and a comment: cover the quotes and what they enclose.
                let quote = if style == ScalarStyle::DoubleQuoted {
                    b'"'
                } else {
                    b'\''
                };
                let text = self.b.file.text();
                let start = self.chars.byte_offset(text, span.start.index());
                let end = self.chars.byte_offset(text, span.end.index());
                let raw = &text[start..end];
                if let Some(open) = raw.bytes().position(|b| b == quote)
                    && let Some(close) = closing_quote(&raw[open..], quote)
                    && !raw[..open].contains('\n')
                {
                    at.col += raw[..open].chars().count();
                    at.chars = raw[open..=open + close].chars().count();
                }
            }
            _ => {}
        }
        at
    }

    fn syntax_error(&mut self, e: &ScanError) -> Stop {
        let m = *e.marker();
        let file = self.b.file.clone();
        let error = match e.info() {
            "while parsing node, found unknown anchor" => {
                let name = alias_name(&file, place(m, 0));
                let at = self.b.span(place(m, name.chars().count() + 1));
                DataError::UnknownAlias { name, file, at }
            }
            // The parser's own bound on `[`/`{` nesting.
            "recursion limit exceeded" => DataError::TooDeep {
                limit: self.b.limits.max_depth.min(PARSER_FLOW_DEPTH),
                at: self.b.span(place(m, 1)),
                file,
            },
            info => {
                let (message, help) = translate_syntax(info);
                // The parser stops after a tab that indents: point at the tab.
                let at = (info.contains("tab"))
                    .then(|| tab_in_indentation(&file, m.line()))
                    .flatten()
                    .unwrap_or(place(m, 1));
                DataError::Syntax {
                    message,
                    help,
                    at: self.b.span(at),
                    file,
                }
            }
        };
        self.b.fail(error)
    }
}

/// Character index -> byte offset, walking the text forward from the last
/// position asked (the parser reports positions in order); free for ASCII text.
struct CharCursor {
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl CharCursor {
    fn byte_offset(&mut self, text: &str, index: usize) -> usize {
        if self.ascii {
            return index.min(text.len());
        }
        if index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let mut rest = text[self.bytes..].chars();
        while self.chars < index {
            let Some(c) = rest.next() else { break };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        self.bytes
    }
}

/// Byte index in `quoted` (which starts at its opening quote) of the closing quote.
fn closing_quote(quoted: &str, quote: u8) -> Option<usize> {
    let b = quoted.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'\\' && quote == b'"' {
            i += 2;
        } else if b[i] == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}
