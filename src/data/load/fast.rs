//! The fast path: a line-oriented reader for the plain block YAML that data
//! files are written in. On the national data it takes about a sixth of the
//! instructions of saphyr-parser's character-by-character scanner and
//! parser (loading as a whole, builder included, went from 5.5 G to 1.4 G
//! instructions at scale m).
//!
//! It recognises a strict subset: block mappings and sequences indented with
//! spaces, one-line flow mappings and sequences of scalars, plain scalars on
//! one line, single- and double-quoted scalars on one line (double-quoted
//! without escapes), comments. It produces exactly the events saphyr-parser
//! would (same values, styles and positions) and feeds them to the same
//! [`Builder`], so nodes, key interning, duplicate keys and the depth limit
//! are handled by the one implementation.
//!
//! Whatever falls outside the subset makes it give up, and the file is read
//! again by saphyr-parser: anchors, aliases, tags, block scalars, multi-line
//! scalars, escapes, explicit keys, directives, several documents, tabs,
//! carriage returns, a byte-order mark. So does any problem the builder
//! records (a duplicate key, an integer beyond 64 bits, nesting past the
//! limit): errors are always reported by the reference path, with its
//! positions and wording. The file size limit is checked before either path.

use super::{Builder, FileArena, Limits, Stop};
use crate::source::SourceFile;
use saphyr_parser::{Event, Marker, ScalarStyle, Span as YamlSpan};
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
pub(super) fn parse(file: &SourceFile, limits: &Limits) -> Option<FileArena> {
    let text = file.text();
    if text.bytes().any(|b| matches!(b, b'\t' | b'\r')) || text.starts_with('\u{feff}') {
        return None;
    }
    let mut r = Reader {
        b: Builder::new(file, limits),
        text,
        bytes: text.as_bytes(),
        starts: file.line_starts(),
        ascii: text.is_ascii(),
        ls: 0,
        le: 0,
        line: 1,
        lcs: 0,
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
    /// Character index of the current line's start.
    lcs: usize,
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
    style: ScalarStyle,
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
        let chars = if self.ascii {
            self.le - self.ls
        } else {
            self.text[self.ls..self.le].chars().count()
        };
        self.lcs += chars + 1;
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

    /// A position on the current line.
    fn mark(&self, at: usize) -> Marker {
        let col = self.col(at);
        Marker::new(self.lcs + col, self.line, col)
    }

    fn span(&self, start: usize, end: usize) -> YamlSpan {
        YamlSpan::new(self.mark(start), self.mark(end))
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

    fn emit(&mut self, event: Event<'a>, start: usize, end: usize) -> Step {
        let span = self.span(start, end);
        self.b.event(event, span)?;
        Ok(())
    }

    fn emit_scalar(&mut self, s: Scalar<'a>) -> Step {
        if s.style == ScalarStyle::Plain {
            // What the builder makes of saphyr's event for a plain scalar,
            // without the event: its line, column and length in characters.
            let col = self.col(s.start);
            let chars = self.col(s.end) - col;
            self.b.resolved(s.value, false, 0, self.line, col, chars)?;
            return Ok(());
        }
        let span = self.span(s.start, s.end);
        self.b
            .event(Event::Scalar(s.value, s.style, 0, None), span)?;
        Ok(())
    }

    fn document(&mut self) -> Step {
        let Some(indent) = self.peek()? else {
            return Err(GiveUp); // no document: leave empty files to the parser
        };
        self.emit(Event::DocumentStart(false), self.ls, self.ls)?;
        self.block_node(self.ls + indent)?;
        if self.peek()?.is_some() {
            return Err(GiveUp);
        }
        let end = self.bytes.len();
        self.emit(Event::DocumentEnd, end, end)
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
                    style: ScalarStyle::Plain,
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
                    style: ScalarStyle::DoubleQuoted,
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
            style: ScalarStyle::SingleQuoted,
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
        self.emit(Event::MappingStart(0, None), at, at)?;
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
                self.next_line();
                match self.peek()? {
                    Some(indent) if indent > col => self.block_node(self.ls + indent)?,
                    Some(indent) if indent == col && self.is_item(self.ls + indent) => {
                        self.block_seq(self.ls + indent, true)?
                    }
                    // An empty value: saphyr marks it at the colon, which is
                    // on a line already passed. Rare in data; leave it.
                    _ => return Err(GiveUp),
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
        let here = self.ls;
        self.emit(Event::MappingEnd, here, here)
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
                self.emit(Event::SequenceStart(0, None), mark, mark)?;
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
        let here = self.ls;
        self.emit(Event::SequenceEnd, here, here)
    }

    /// A flow mapping or sequence of scalars, on one line, starting at `at`;
    /// returns where it ends.
    fn flow(&mut self, at: usize) -> Result<usize, GiveUp> {
        let map = self.bytes[at] == b'{';
        let close = if map { b'}' } else { b']' };
        let start = if map {
            Event::MappingStart(0, None)
        } else {
            Event::SequenceStart(0, None)
        };
        self.emit(start, at, at + 1)?;
        let mut pos = self.skip_spaces(at + 1);
        if self.byte(pos) != Some(close) {
            loop {
                let s = self.flow_scalar(pos)?;
                pos = self.skip_spaces(s.end);
                self.emit_scalar(s)?;
                if map {
                    if self.byte(pos) != Some(b':') {
                        return Err(GiveUp);
                    }
                    let s = self.flow_scalar(self.skip_spaces(pos + 1))?;
                    pos = self.skip_spaces(s.end);
                    self.emit_scalar(s)?;
                }
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
        let end = pos + 1;
        let end_event = if map {
            Event::MappingEnd
        } else {
            Event::SequenceEnd
        };
        self.emit(end_event, pos, end)?;
        if self.byte(self.skip_spaces(end)) == Some(b':') {
            return Err(GiveUp); // a flow collection as a key
        }
        Ok(end)
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
            style: ScalarStyle::Plain,
            value: Cow::Borrowed(&self.text[at..end]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Builder, FileArena, Limits, parse_events};
    use super::parse;
    use crate::source::SourceFile;

    fn slow(file: &SourceFile) -> FileArena {
        parse_events(Builder::new(file, &Limits::default()))
    }

    /// Everything the rest of patuh can see of an arena.
    fn shape(a: &FileArena) -> String {
        let nodes: Vec<_> = a
            .nodes
            .iter()
            .map(|n| (n.payload, n.line, n.col, n.len, n.tag as u8))
            .collect();
        format!(
            "{nodes:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            a.entries, a.items, a.strings, a.decimals, a.docs
        )
    }

    /// The fast path reads `text` exactly as saphyr-parser does, or gives it
    /// up. Returns whether it read it.
    fn agrees(text: &str) -> bool {
        let file = SourceFile::new("t.yaml", text);
        let Some(fast) = parse(&file, &Limits::default()) else {
            return false;
        };
        let slow = slow(&file);
        assert!(
            slow.errors.is_empty(),
            "fast path took a broken file ({:?}):\n{text}",
            slow.errors
        );
        assert_eq!(shape(&fast), shape(&slow), "on:\n{text}");
        true
    }

    const NATIONAL: &str = r#"province: Sulawesi Tengah
code: "72"
sources:
  patuh-synthetic:
    title: "Synthetic figures; not real data"
    date: 2024-12-31
years:
  2015:
    workforce: 1202
    participants: { pu: 153, bpu: 21, jakon: 37, pmi: 11 }
    active_total: 222
    source: patuh-synthetic
regencies:
  - name: Kota Palu
    code: "72.71"
    kind: city
    years:
      2015:
        funds_bpu: false
        apbd: { bpu_allocation: 0, funded_workers: 0 }
    districts:
      - name: Mantikulore
        code: "72.71.01"
        villages:
          - name: Talise
            code: "72.71.01.1001"
            years:
              2015:
                participants: { pu: 1, bpu: 2, jakon: 3 }
"#;

    /// The rest of the subset in one file.
    const VARIED: &str = "h: { \"k\": 1, l: \"two\" , m : 'x' }\nk: [1, b ,\"c\", -5]\nr:\n- name: A\n  villages:\n  - name: C\n    code: 'x''y'\n  - - n\n    - m\n  t: Foo, Bar [1] {x} a:b\n\u{fc}: \u{f6}   # \u{e9}\n";

    #[test]
    fn reads_the_block_layout_of_data_files_as_saphyr_does() {
        for text in [
            NATIONAL,
            crate::data::load::tests::SAMPLE,
            "a: 1\n",
            "a: 1",
            "# head\n\n  a: 1   # indented root\n  b:   x y  \n",
            "- 1\n- two\n- \"three\"\n",
            "a:\n- x\n- y\nb: 2\n",
            "a:\n  - x\n  -   y\n",
            "a:\n  b:\n    c: d\n  e: f\nz: 0\n",
            "k: Foo, Bar [1] {x}\ne: a:b\nf: -5\ng: C# rocks # but a comment\n",
            "'q''s': 'it''s'\n\"d\": \"x y\"\nc  : 2\n",
            "h: { \"k\": 1, l: \"two\" , m : 'x' }\ni: []\nj: {}\nk: [1, b ,\"c\"]\n",
            "- - n\n  - m\n- o\n",
            "r:\n- name: A\n  villages:\n  - name: C\n    code: x\n  - name: D\n  n: 2\nnext: 1\n",
            "v: ~\nw: null\nx: true\ny: 0x1F\nz: 1.5e3\nn: .5\ns: \"2023\"\n2023: 1\n\"2024\": 2\n",
            "name: Kota Bau-Bau\nnote: \"Rp 16.800 per bulan — premi\"\nü: ö\n  # comment\nx: é # é\n",
            "- {a: 1}\n- [b]\n",
            "{a: 1}\n",
            "plain\n",
            VARIED,
        ] {
            assert!(agrees(text), "gave up on:\n{text}");
        }
    }

    #[test]
    fn leaves_the_rest_of_yaml_to_the_full_parser() {
        for text in [
            "",
            "# only a comment\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: long\n  plain\n",
            "a: \"two\n  lines\"\n",
            "a: \"esc\\n\"\n",
            "? a\n: b\n",
            "---\na: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "a:\tb\n",
            "a: 1\r\nb: 2\r\n",
            "\u{feff}a: 1\n",
            "a:\nb: 1\n",
            "- \n- 1\n",
            "a: {b: {c: 1}}\n",
            "a: [1,\n  2]\n",
            "a: b: c\n",
            "a: 1\na: 2\n",
            "a: 99999999999999999999\n",
            "[a]: 1\n",
            "a: 1\n b: 2\n",
            "- a\nb: 1\n",
        ] {
            assert!(!agrees(text), "took:\n{text}");
        }
    }

    #[test]
    fn deep_block_nesting_is_left_to_the_iterative_parser_whatever_the_limit() {
        let text = format!("{}x\n", "- ".repeat(100_000));
        let limits = Limits {
            max_depth: usize::MAX,
            ..Limits::default()
        };
        assert!(parse(&SourceFile::new("deep.yaml", text), &limits).is_none());
    }

    #[test]
    fn the_depth_limit_holds_on_the_fast_path() {
        let mut text = String::new();
        for depth in 0..80 {
            text.push_str(&" ".repeat(depth));
            text.push_str("a:\n");
        }
        text.push_str(&" ".repeat(80));
        text.push_str("b: 1\n");
        // Too deep for the builder: the full parser reports it.
        assert!(!agrees(&text));
    }

    /// Small seeded edits of data-like text: wherever the fast path takes the
    /// result, it must read it exactly as saphyr-parser does.
    #[test]
    fn agrees_with_saphyr_on_thousands_of_edited_files() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let pieces = [
            " ", "  ", ":", ": ", "-", "- ", "#", " #", "\n", "\n  ", "\"", "'", "{", "}", "[",
            "]", ",", "a", "7", "é", "~", "&", "*", "!", "|", "?", "\n- ", "  - ", "\n    ",
        ];
        let bases = [NATIONAL, crate::data::load::tests::SAMPLE, VARIED];
        let (mut taken, mut total) = (0, 0);
        for _ in 0..3000 {
            let mut text = bases[next(bases.len())].to_owned();
            for _ in 0..1 + next(3) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + next(3)).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, pieces[next(pieces.len())]);
            }
            total += 1;
            taken += usize::from(agrees(&text));
        }
        // The edits must leave plenty inside the subset, or this tests nothing.
        assert!(taken > total / 5, "fast path took {taken} of {total}");
    }
}
