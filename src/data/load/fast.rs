//! The fast path: a line-oriented reader for the plain block YAML that data
//! files are written in. On the national data it takes about a sixth of the
//! instructions of saphyr-parser's character-by-character scanner and
//! parser (loading as a whole, builder included, went from 5.5 G to 1.4 G
//! instructions at scale m).
//!
//! It recognises a strict subset: block mappings and sequences indented with
//! spaces, flow mappings and sequences on one line (nested, as hand-written
//! data has them: `2023: {funds_bpu: false, participants: {bpu: 3}}`),
//! plain scalars on one line, single- and double-quoted scalars on one line
//! (double-quoted without escapes), keys with nothing under them (`2020:`),
//! comments. It gives the builder exactly
//! the events saphyr-parser's reader would (same values, kinds and places),
//! so nodes, key interning, duplicate keys, the depth limit and the shape of
//! a document are handled by the one implementation.
//!
//! Whatever falls outside the subset makes it give up, and the file is read
//! again by saphyr-parser: anchors, aliases, tags, block scalars, multi-line
//! scalars and flow collections, escapes, explicit keys, directives, several
//! documents, tabs, carriage returns, a byte-order mark. So does any problem the builder
//! records (a duplicate key, an integer beyond 64 bits, nesting past the
//! limit): errors are always reported by the reference path, with its
//! positions and wording. The file size limit and forbidden characters are
//! checked before either path.

use super::Limits;
use super::builder::{Builder, Event, FileArena, Place, Stop};
use crate::source::SourceFile;
use std::borrow::Cow;

/// Why the fast path stopped: the file is outside its subset, or the builder
/// found a problem. Either way saphyr-parser reads the file instead.
struct GiveUp;

impl From<Stop> for GiveUp {
    fn from(_: Stop) -> Self {
        GiveUp
    }
}

type Step = Result<(), GiveUp>;

/// Reads `file` into an arena, or `None` when the file needs the full parser.
pub(super) fn parse(file: &SourceFile, limits: &Limits, documents: bool) -> Option<FileArena> {
    let text = file.text();
    if text.bytes().any(|b| matches!(b, b'\t' | b'\r')) || text.starts_with('\u{feff}') {
        return None;
    }
    let mut r = Reader {
        b: Builder::new(file, limits, documents),
        text,
        bytes: text.as_bytes(),
        starts: file.line_starts(),
        ascii: text.is_ascii(),
        ls: 0,
        le: 0,
        line: 1,
        depth: 0,
    };
    r.b.reserve_for(text.len());
    r.le = r.line_end();
    r.document().ok()?;
    if !r.b.errors.is_empty() {
        return None;
    }
    Some(r.b.finish(false))
}

/// The reader's cursor is always at the start of a line it has not consumed.
struct Reader<'a> {
    b: Builder<'a>,
    text: &'a str,
    bytes: &'a [u8],
    /// The file's index of line starts.
    starts: &'a [u32],
    ascii: bool,
    /// Byte offset of the current line's start, and of its end (its `\n`, or
    /// the end of the text).
    ls: usize,
    le: usize,
    /// 1-based number of the current line.
    line: usize,
    /// Block nodes open: each is a frame of this reader's recursion.
    depth: usize,
}

/// The reader recurses once per level of block nesting. The builder stops
/// it at the depth limit (64 by default); this bounds the stack even when a
/// caller raises that limit, leaving deeper files to the iterative parser.
const MAX_RECURSION: usize = 200;

/// A scalar as written: where it starts and ends (bytes), how it is quoted,
/// and its value.
struct Scalar<'a> {
    start: usize,
    end: usize,
    /// Single- or double-quoted: text, whatever it reads as.
    quoted: bool,
    value: Cow<'a, str>,
}

/// Bytes that may not start a plain scalar in the subset (YAML indicators,
/// plus `-`, `?` and `:` when a space or the line's end follows them).
fn bad_plain_start(b: u8, next: Option<u8>) -> bool {
    match b {
        b'-' | b'?' | b':' => matches!(next, None | Some(b' ')),
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' => true,
        _ => false,
    }
}

impl<'a> Reader<'a> {
    /// Where the current line ends, from the file's index of line starts.
    fn line_end(&self) -> usize {
        self.starts
            .get(self.line)
            .map_or(self.bytes.len(), |&next| next as usize - 1)
    }

    fn at_eof(&self) -> bool {
        self.ls >= self.bytes.len()
    }

    fn next_line(&mut self) {
        self.ls = (self.le + 1).min(self.bytes.len());
        self.line += 1;
        self.le = self.line_end();
    }

    /// The column, in characters, of a position on the current line.
    fn col(&self, at: usize) -> usize {
        if self.ascii {
            at - self.ls
        } else {
            self.text[self.ls..at].chars().count()
        }
    }

    /// The place of `start..end` on the current line.
    fn place(&self, start: usize, end: usize) -> Place {
        let col = self.col(start);
        Place {
            line: self.line,
            col,
            chars: self.col(end) - col,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        (at < self.le).then(|| self.bytes[at])
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.byte(at) == Some(b' ') {
            at += 1;
        }
        at
    }

    /// Whether nothing but a comment follows `at` on the line (`#` needs a
    /// space before it, which the callers have skipped).
    fn rest_is_empty(&self, at: usize) -> bool {
        let at = self.skip_spaces(at);
        at == self.le || (self.bytes[at] == b'#' && at > self.ls && self.bytes[at - 1] == b' ')
    }

    /// Skips blank and comment lines; the indentation of the next line with
    /// content, or `None` at the end of the text.
    fn peek(&mut self) -> Result<Option<usize>, GiveUp> {
        while !self.at_eof() {
            let first = self.skip_spaces(self.ls);
            if first < self.le && self.bytes[first] != b'#' {
                let line = &self.bytes[self.ls..self.le];
                if first == self.ls && (line.starts_with(b"---") || line.starts_with(b"...")) {
                    return Err(GiveUp); // document markers
                }
                return Ok(Some(first - self.ls));
            }
            self.next_line();
        }
        Ok(None)
    }

    /// Ends the current line after `at`, which must leave only a comment.
    fn end_line(&mut self, at: usize) -> Step {
        if !self.rest_is_empty(at) {
            return Err(GiveUp);
        }
        self.next_line();
        Ok(())
    }

    /// A mapping or sequence starting at `at` on the current line.
    fn open(&mut self, map: bool, at: usize) -> Step {
        let at = self.place(at, at);
        self.b.event(Event::Open { map, anchor: 0, at })?;
        Ok(())
    }

    fn close(&mut self) -> Step {
        self.b.event(Event::Close)?;
        Ok(())
    }

    fn emit_scalar(&mut self, s: Scalar<'a>) -> Step {
        let at = self.place(s.start, s.end);
        self.b.event(Event::Scalar {
            value: s.value,
            text: s.quoted,
            anchor: 0,
            at,
        })?;
        Ok(())
    }

    fn document(&mut self) -> Step {
        let Some(indent) = self.peek()? else {
            return Err(GiveUp); // no document: leave empty files to the parser
        };
        let at = self.place(self.ls, self.ls);
        self.b.event(Event::DocumentStart { at })?;
        self.block_node(self.ls + indent)?;
        if self.peek()?.is_some() {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// The node that starts at `at` on the current line, in block context,
    /// through the end of its last line.
    fn block_node(&mut self, at: usize) -> Step {
        if self.depth >= MAX_RECURSION {
            return Err(GiveUp);
        }
        self.depth += 1;
        let done = self.block_node_inner(at);
        self.depth -= 1;
        done
    }

    fn block_node_inner(&mut self, at: usize) -> Step {
        let b = self.bytes[at];
        let next = self.byte(at + 1);
        match b {
            b'-' if matches!(next, None | Some(b' ')) => self.block_seq(at, false),
            b'{' | b'[' => {
                let end = self.flow(at)?;
                self.end_line(end)
            }
            _ => {
                let (key, after) = self.key_or_scalar(at)?;
                if after.is_some() {
                    self.block_map(at)
                } else {
                    let end = key.end;
                    self.emit_scalar(key)?;
                    self.end_line(end)
                }
            }
        }
    }

    /// A scalar in block context starting at `at`; with `Some(colon)` when it
    /// is a mapping key followed by `:` at `colon`.
    fn key_or_scalar(&self, at: usize) -> Result<(Scalar<'a>, Option<usize>), GiveUp> {
        let b = self.bytes[at];
        let s = match b {
            b'"' | b'\'' => self.quoted(at)?,
            _ if bad_plain_start(b, self.byte(at + 1)) => return Err(GiveUp),
            _ => {
                // A plain scalar ends at `: `, `:` at the end of the line, or ` #`.
                let line = &self.bytes[at..self.le];
                let mut end = line.len();
                let mut colon = None;
                for (i, &c) in line.iter().enumerate() {
                    if c == b':' && matches!(line.get(i + 1), None | Some(b' ')) {
                        colon = Some(i);
                        end = i;
                        break;
                    }
                    if c == b'#' && line[i - 1] == b' ' {
                        end = i;
                        break;
                    }
                }
                let trimmed = line[..end]
                    .iter()
                    .rposition(|&c| c != b' ')
                    .map_or(0, |i| i + 1);
                let s = Scalar {
                    start: at,
                    end: at + trimmed,
                    quoted: false,
                    value: Cow::Borrowed(&self.text[at..at + trimmed]),
                };
                return Ok((s, colon.map(|c| at + c)));
            }
        };
        let after = self.skip_spaces(s.end);
        let colon = (self.byte(after) == Some(b':')
            && matches!(self.byte(after + 1), None | Some(b' ')))
        .then_some(after);
        Ok((s, colon))
    }

    /// A quoted scalar on one line; double-quoted ones without escapes.
    fn quoted(&self, at: usize) -> Result<Scalar<'a>, GiveUp> {
        let quote = self.bytes[at];
        let body = &self.bytes[at + 1..self.le];
        if quote == b'"' {
            let close = body.iter().position(|&c| c == b'"' || c == b'\\');
            return match close {
                Some(i) if body[i] == b'"' => Ok(Scalar {
                    start: at,
                    end: at + i + 2,
                    quoted: true,
                    value: Cow::Borrowed(&self.text[at + 1..at + 1 + i]),
                }),
                _ => Err(GiveUp),
            };
        }
        let mut i = 0;
        let mut escaped = false;
        loop {
            match body.get(i) {
                None => return Err(GiveUp),
                Some(b'\'') if body.get(i + 1) == Some(&b'\'') => {
                    escaped = true;
                    i += 2;
                }
                Some(b'\'') => break,
                Some(_) => i += 1,
            }
        }
        let raw = &self.text[at + 1..at + 1 + i];
        Ok(Scalar {
            start: at,
            end: at + i + 2,
            quoted: true,
            value: if escaped {
                Cow::Owned(raw.replace("''", "'"))
            } else {
                Cow::Borrowed(raw)
            },
        })
    }

    /// A block mapping whose first key starts at `at` on the current line.
    fn block_map(&mut self, at: usize) -> Step {
        let col = at - self.ls;
        self.open(true, at)?;
        let mut at = at;
        loop {
            let (key, colon) = self.key_or_scalar(at)?;
            let Some(colon) = colon else {
                return Err(GiveUp);
            };
            if key.value.len() > 1024 {
                return Err(GiveUp); // YAML's bound on implicit keys
            }
            self.emit_scalar(key)?;
            let value = self.skip_spaces(colon + 1);
            if self.rest_is_empty(value) {
                // Where saphyr puts an empty value: at the colon.
                let empty = self.place(colon, colon);
                self.next_line();
                match self.peek()? {
                    Some(indent) if indent > col => self.block_node(self.ls + indent)?,
                    Some(indent) if indent == col && self.is_item(self.ls + indent) => {
                        self.block_seq(self.ls + indent, true)?
                    }
                    // Nothing under the key (`2020:` before the next key or
                    // the end): an empty value.
                    _ => self.b.event(Event::Scalar {
                        value: Cow::Borrowed(""),
                        text: false,
                        anchor: 0,
                        at: empty,
                    })?,
                }
            } else {
                let end = self.inline_value(value)?;
                self.end_line(end)?;
            }
            match self.peek()? {
                Some(indent) if indent == col => at = self.ls + indent,
                Some(indent) if indent > col => return Err(GiveUp),
                _ => break,
            }
        }
        self.close()
    }

    fn is_item(&self, at: usize) -> bool {
        self.bytes[at] == b'-' && matches!(self.byte(at + 1), None | Some(b' '))
    }

    /// A value on the same line as its key: a flow collection or a scalar.
    /// Returns where it ends.
    fn inline_value(&mut self, at: usize) -> Result<usize, GiveUp> {
        match self.bytes[at] {
            b'{' | b'[' => self.flow(at),
            _ => {
                let (s, colon) = self.key_or_scalar(at)?;
                if colon.is_some() {
                    return Err(GiveUp); // `a: b: c`
                }
                let end = s.end;
                self.emit_scalar(s)?;
                Ok(end)
            }
        }
    }

    /// A block sequence whose first `-` is at `at` on the current line. An
    /// indentless sequence (at its key's indentation) is marked by saphyr at
    /// its first item rather than at the dash.
    fn block_seq(&mut self, at: usize, indentless: bool) -> Step {
        let col = at - self.ls;
        let mut at = at;
        let mut first = true;
        loop {
            let item = self.skip_spaces(at + 1);
            if first {
                let mark = if indentless { item } else { at };
                if indentless && self.rest_is_empty(item) {
                    return Err(GiveUp);
                }
                self.open(false, mark)?;
                first = false;
            }
            if self.rest_is_empty(item) {
                self.next_line();
                match self.peek()? {
                    Some(indent) if indent > col => self.block_node(self.ls + indent)?,
                    _ => return Err(GiveUp), // an empty item
                }
            } else {
                self.block_node(item)?;
            }
            match self.peek()? {
                Some(indent) if indent == col && self.is_item(self.ls + indent) => {
                    at = self.ls + indent
                }
                Some(indent) if indent > col || (indent == col && !indentless) => {
                    return Err(GiveUp);
                }
                _ => break,
            }
        }
        self.close()
    }

    /// A flow mapping or sequence on one line, starting at `at`: its keys
    /// are scalars, its values and items scalars or flow collections in
    /// turn. Returns where it ends.
    fn flow(&mut self, at: usize) -> Result<usize, GiveUp> {
        if self.depth >= MAX_RECURSION {
            return Err(GiveUp);
        }
        self.depth += 1;
        let end = self.flow_inner(at);
        self.depth -= 1;
        let end = end?;
        if self.byte(self.skip_spaces(end)) == Some(b':') {
            return Err(GiveUp); // a flow collection as a key
        }
        Ok(end)
    }

    fn flow_inner(&mut self, at: usize) -> Result<usize, GiveUp> {
        let map = self.bytes[at] == b'{';
        let close = if map { b'}' } else { b']' };
        self.open(map, at)?;
        let mut pos = self.skip_spaces(at + 1);
        if self.byte(pos) != Some(close) {
            loop {
                if map {
                    let key = self.flow_scalar(pos)?;
                    pos = self.skip_spaces(key.end);
                    self.emit_scalar(key)?;
                    if self.byte(pos) != Some(b':') {
                        return Err(GiveUp);
                    }
                    pos = self.skip_spaces(pos + 1);
                }
                pos = self.flow_value(pos)?;
                match self.byte(pos) {
                    Some(b',') => {
                        pos = self.skip_spaces(pos + 1);
                        if matches!(self.byte(pos), None | Some(b'}' | b']' | b',')) {
                            return Err(GiveUp);
                        }
                    }
                    Some(c) if c == close => break,
                    _ => return Err(GiveUp),
                }
            }
        }
        self.close()?;
        Ok(pos + 1)
    }

    /// An item or value inside a flow collection at `at`: a nested flow
    /// collection or a scalar. Returns where the next token starts.
    fn flow_value(&mut self, at: usize) -> Result<usize, GiveUp> {
        let end = match self.byte(at) {
            Some(b'{' | b'[') => self.flow(at)?,
            _ => {
                let s = self.flow_scalar(at)?;
                let end = s.end;
                self.emit_scalar(s)?;
                end
            }
        };
        Ok(self.skip_spaces(end))
    }

    /// A scalar inside a flow collection: quoted, or plain up to `,`, `:`
    /// followed by a space, or the collection's end.
    fn flow_scalar(&self, at: usize) -> Result<Scalar<'a>, GiveUp> {
        let Some(b) = self.byte(at) else {
            return Err(GiveUp);
        };
        if b == b'"' || b == b'\'' {
            return self.quoted(at);
        }
        if bad_plain_start(b, self.byte(at + 1)) {
            return Err(GiveUp);
        }
        let mut end = at;
        while let Some(c) = self.byte(end) {
            match c {
                b',' | b'}' | b']' => break,
                b':' if matches!(self.byte(end + 1), None | Some(b' ' | b',' | b'}' | b']')) => {
                    break;
                }
                // Nested collections, comments and the rarer flow rules are
                // left to the full parser.
                b'[' | b'{' | b'#' | b':' | b'"' | b'\'' => return Err(GiveUp),
                // saphyr refuses `-` before a flow indicator anywhere in a plain scalar.
                b'-' if matches!(self.byte(end + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) => {
                    return Err(GiveUp);
                }
                _ => end += 1,
            }
        }
        while end > at && self.bytes[end - 1] == b' ' {
            end -= 1;
        }
        if end == at {
            return Err(GiveUp);
        }
        Ok(Scalar {
            start: at,
            end,
            quoted: false,
            value: Cow::Borrowed(&self.text[at..end]),
        })
    }
}

#[cfg(test)]
mod tests;
