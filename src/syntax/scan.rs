//! A cheap pass over the raw text before pest sees it.
//!
//! pest parses nested brackets by recursion, so `((((…` ten thousand deep
//! would exhaust the stack (or trip pest's own guard with a message an
//! auditor cannot act on). This pass counts bracket depth, skipping
//! comments and quoted texts but entering the `{expr}` holes of messages,
//! and stops at the first bracket past [`MAX_DEPTH`]. It also finds quoted
//! texts that are never closed and message holes (`{expr}`) that do not
//! close on their line, which pest would report with a confusing
//! "expected …" far from the cause.

use super::MAX_DEPTH;
use super::error::{SyntaxError, TooDeepError, UnclosedHoleError, UnterminatedStringError};
use crate::source::{SourceFile, Span};

/// What the scanner is inside of.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Rule text and expressions, including a message hole.
    Code,
    /// A quoted text; `template` when it is a message (has holes).
    Text { template: bool, start: usize },
}

/// Scans `text`, which starts at byte `base` of `file`; returns at most one
/// error (the first problem makes what follows unreliable).
pub(crate) fn scan(file: &SourceFile, base: usize, text: &str) -> Option<SyntaxError> {
    let bytes = text.as_bytes();
    // INVARIANT: `stack` never grows past MAX_DEPTH + 1 entries: every
    // push raises `depth`, which is capped below.
    // The texts whose holes we are in, with where each hole opened.
    let mut stack: Vec<(Mode, usize)> = Vec::new();
    let mut mode = Mode::Code;
    let mut depth = 0usize;
    // The last word in code, to know whether a quote opens a message.
    let mut last_word: &str = "";
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match mode {
            Mode::Code => match b {
                b'#' => {
                    i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'"' => {
                    mode = Mode::Text {
                        template: last_word == "message",
                        start: i,
                    };
                    last_word = "";
                }
                b'(' | b'[' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(too_deep(file, base + i, base + i + 1));
                    }
                    last_word = "";
                }
                b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    last_word = "";
                }
                b'}' if !stack.is_empty() => {
                    // end of a message hole
                    depth = depth.saturating_sub(1);
                    mode = stack.pop().map_or(Mode::Code, |(m, _)| m);
                }
                b'\n' | b'\r' if !stack.is_empty() => {
                    // a hole must close on its line
                    let open = stack.last().map_or(0, |&(_, at)| at);
                    return Some(unclosed_hole(file, base + open));
                }
                b if b.is_ascii_alphanumeric() || b == b'_' => {
                    let end = text[i..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(bytes.len(), |n| i + n);
                    last_word = &text[i..end];
                    i = end;
                    continue;
                }
                b if b.is_ascii_whitespace() => {}
                _ => last_word = "",
            },
            Mode::Text { template, start } => match b {
                b'"' => mode = Mode::Code,
                b'\\' if bytes.get(i + 1).is_some_and(|&n| n != b'\n' && n != b'\r') => {
                    // skip the escaped character (whole, if not ASCII)
                    let next = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    i += 1 + next;
                    continue;
                }
                b'\n' | b'\r' => {
                    // inside a hole, the quote that ends the line was most
                    // likely meant to end the message
                    return Some(match stack.last() {
                        Some(&(_, open)) => unclosed_hole(file, base + open),
                        None => unterminated(file, base + start, base + i),
                    });
                }
                b'{' if template && bytes.get(i + 1) == Some(&b'{') => {
                    i += 2;
                    continue;
                }
                b'}' if template && bytes.get(i + 1) == Some(&b'}') => {
                    i += 2;
                    continue;
                }
                b'{' if template => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(too_deep(file, base + i, base + i + 1));
                    }
                    stack.push((mode, i));
                    mode = Mode::Code;
                    last_word = "";
                }
                _ => {}
            },
        }
        i += 1;
    }
    match mode {
        Mode::Text { start, .. } => Some(match stack.last() {
            Some(&(_, open)) => unclosed_hole(file, base + open),
            None => unterminated(file, base + start, base + bytes.len()),
        }),
        Mode::Code => stack
            .last()
            .map(|&(_, open)| unclosed_hole(file, base + open)),
    }
}

fn unclosed_hole(file: &SourceFile, at: usize) -> SyntaxError {
    UnclosedHoleError {
        span: Span::new(at, at + 1),
        src: file.clone(),
    }
    .into()
}

fn too_deep(file: &SourceFile, start: usize, end: usize) -> SyntaxError {
    TooDeepError {
        span: Span::new(start, end),
        src: file.clone(),
    }
    .into()
}

fn unterminated(file: &SourceFile, start: usize, end: usize) -> SyntaxError {
    // Trailing spaces are not part of what the author meant to quote.
    let text = &file.text()[start..end];
    let end = start + text.trim_end().len();
    UnterminatedStringError {
        span: Span::new(start, end),
        src: file.clone(),
    }
    .into()
}
