//! Text from data and rules made safe for the medium it is written to.
//!
//! A region name, a rule message or a file name can hold anything: terminal
//! escape sequences, carriage returns and line feeds that start a forged
//! line, bidi controls that reorder what a reader sees, Markdown or XML
//! syntax. Every renderer passes such text through one function here, for
//! its medium, so no data can forge a line, an annotation, a link or a
//! terminal sequence.
//!
//! The characters that never reach any output raw (`is_hostile`): C0
//! controls but tab, DEL, C1 controls, and the bidi controls U+061C,
//! U+200E, U+200F, U+202A..U+202E and U+2066..U+2069. They appear as
//! visible escapes, as Rust writes them: `\u{1b}`, `\u{202e}`, `\r`, `\n`.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Whether `c` is a character no output may carry raw (line feeds aside,
/// which the one-line media escape too).
pub fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` is printable ASCII (tabs and line feeds allowed), which
/// holds nothing hostile: the common case, decided a byte at a time.
fn plain_ascii(s: &str, keep_newline: bool) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\t' || (keep_newline && b == b'\n'))
}

/// Every hostile character with its visible escape, so a borrowed escape
/// can outlive the text it replaces (see [`visible`]).
static ESCAPES: LazyLock<Vec<(char, String)>> = LazyLock::new(|| {
    ('\u{0}'..='\u{2069}')
        .filter(|&c| is_hostile(c))
        .map(|c| {
            let e = match c {
                '\n' => "\\n".to_owned(),
                '\r' => "\\r".to_owned(),
                c => format!("\\u{{{:x}}}", c as u32),
            };
            (c, e)
        })
        .collect()
});

/// The visible escape of a hostile character: `\u{1b}`, `\n`.
pub fn visible(c: char) -> Option<&'static str> {
    if !is_hostile(c) {
        return None;
    }
    let table: &'static [(char, String)] = &ESCAPES;
    table
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .map(|i| table[i].1.as_str())
}

/// Replaces the characters `keep` does not keep by their visible escapes;
/// borrows when there is nothing to replace (nearly always).
fn replace(s: &str, keep_newline: bool) -> Cow<'_, str> {
    let hit = |c: char| is_hostile(c) && !(keep_newline && c == '\n');
    if plain_ascii(s, keep_newline) || !s.chars().any(hit) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match visible(c).filter(|_| hit(c)) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of terminal text (a message, a label, a subject, a file name):
/// every hostile character, line feeds included, as a visible escape.
pub fn terminal(s: &str) -> Cow<'_, str> {
    replace(s, false)
}

/// Terminal text whose line feeds are its own (a help text patuh composed):
/// every other hostile character as a visible escape.
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    replace(s, true)
}

/// The message of a GitHub workflow command: line feeds patuh put there
/// stay line breaks of the annotation (`%0A`); `%` and CR are encoded as
/// the runner reads them, other hostile characters are visible escapes.
pub fn github_message(s: &str) -> String {
    terminal_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property of a workflow command (`file=`, `title=`): one line, with
/// `:` and `,`, which end a property, encoded too.
pub fn github_property(s: &str) -> String {
    github_message(&terminal(s))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Text in a Markdown table cell or list item, shown as written: one line,
/// no HTML (`&`, `<`, `>` as entities), no cell break, no link, image,
/// code span or emphasis (`\\`, `` ` ``, `*`, `_`, `~`, `[`, `]`, `|`
/// backslash-escaped), and no autolink (the `:` of `://` and the `.` of
/// `www.` escaped, so GFM sees no URL).
pub fn markdown_text(s: &str) -> String {
    let text = terminal(s);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '[' | ']' | '\\' | '`' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            ':' if text[i..].starts_with("://") => out.push_str("\\:"),
            '.' if text[..i].to_ascii_lowercase().ends_with("www") => out.push_str("\\."),
            c => out.push(c),
        }
    }
    out
}

/// Text inside an HTML element of a Markdown document (`<summary>`), where
/// Markdown is not read: one line, no HTML.
pub fn markdown_html(s: &str) -> String {
    terminal(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A Markdown code span in a table: fenced by more backticks than the text
/// holds in a row, `|` escaped (GitHub splits cells even inside code).
pub fn markdown_code(s: &str) -> String {
    let text = terminal(s).replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a backtick at either end from joining the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes for XML 1.0: markup characters as references, hostile
/// characters (which XML 1.0 cannot carry, or which reorder text) as
/// visible escapes. In an attribute, line feeds and tabs become references
/// (a parser would turn them into spaces); in element content they stay.
fn xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => match visible(c) {
                Some(e) => out.push_str(e),
                None => out.push(c),
            },
        }
    }
    out
}

/// An XML attribute value (JUnit names, messages).
pub fn xml_attribute(s: &str) -> String {
    xml(s, true)
}

/// XML element content (a JUnit failure's text).
pub fn xml_text(s: &str) -> String {
    xml(s, false)
}

/// The text of a SARIF message: one line, hostile characters as visible
/// escapes, and `\`, `[`, `]` backslash-escaped, since a plain-text SARIF
/// message reads `[text](id)` as an embedded link (a viewer shows `\[` as
/// `[`).
pub fn sarif_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal(s).chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A `serde_json` formatter that writes hostile characters as `\uXXXX`
/// escapes: the JSON value is unchanged (a baseline still matches), but the
/// file holds no raw control or bidi character, wherever it is shown.
pub struct SafeJson<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if plain_ascii(fragment, false) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(i) = rest.find(is_hostile) {
            writer.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().unwrap_or('\u{0}'); // INVARIANT: `find` hit a char at `i`
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty-printed JSON through [`SafeJson`].
///
/// # Errors
/// Whatever writing to `out` or serializing gives.
pub fn write_pretty_json<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: W,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        out,
        SafeJson(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// A miette highlighter that shows hostile characters of a source snippet
/// as visible escapes. Spans are placed before highlighting, so an
/// underline after such a character on its line is off by the escape's
/// width; nothing else moves.
pub struct SafeSnippets;

impl miette::highlighters::Highlighter for SafeSnippets {
    fn start_highlighter_state<'h>(
        &'h self,
        _source: &dyn miette::SpanContents<'_>,
    ) -> Box<dyn miette::highlighters::HighlighterState + 'h> {
        Box::new(SafeSnippets)
    }
}

impl miette::highlighters::HighlighterState for SafeSnippets {
    fn highlight_line<'s>(&mut self, line: &'s str) -> Vec<owo_colors::Styled<&'s str>> {
        let plain = owo_colors::Style::new();
        let mut out = Vec::new();
        let mut rest = line;
        while let Some(i) = rest.find(is_hostile) {
            let c = rest[i..].chars().next().unwrap_or('\u{0}'); // INVARIANT: `find` hit a char at `i`
            out.push(plain.style(&rest[..i]));
            out.push(plain.style(visible(c).unwrap_or("\u{FFFD}")));
            rest = &rest[i + c.len_utf8()..];
        }
        out.push(plain.style(rest));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}[31mred\r\n::error x\u{202e}cba\u{0}\u{7f}\u{85}\u{61c}";

    #[test]
    fn every_hostile_character_has_a_visible_escape() {
        for c in ('\u{0}'..='\u{10ffff}').filter(|&c| is_hostile(c)) {
            let e = visible(c).unwrap_or_else(|| panic!("{c:?} has no escape"));
            assert!(e.starts_with('\\') && !e.chars().any(is_hostile), "{c:?}");
        }
        assert_eq!(visible('a'), None);
        assert_eq!(visible('\t'), None);
    }

    #[test]
    fn terminal_text_keeps_no_control_or_bidi_character() {
        assert_eq!(
            terminal(HOSTILE),
            "a\\u{1b}[31mred\\r\\n::error x\\u{202e}cba\\u{0}\\u{7f}\\u{85}\\u{61c}"
        );
        assert_eq!(terminal_lines("a\nb\u{202e}"), "a\nb\\u{202e}");
        assert!(matches!(terminal("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn github_commands_cannot_be_forged() {
        let m = github_message(HOSTILE);
        assert!(!m.contains('\n') && !m.contains('\r') && !m.contains('\u{1b}'));
        assert_eq!(github_message("50%\nb"), "50%25%0Ab");
        assert_eq!(github_property("a: b, c\nd"), "a%3A b%2C c\\nd");
    }

    #[test]
    fn markdown_cannot_make_a_link_html_or_a_new_cell() {
        assert_eq!(
            markdown_text("[x](http://evil) <script> a|b\n"),
            "\\[x\\](http\\://evil) &lt;script&gt; a\\|b\\\\n"
        );
        assert_eq!(
            markdown_text("`code` *em* _em_ ~~del~~ www.evil &amp;"),
            "\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ www\\.evil &amp;amp;"
        );
        assert_eq!(markdown_code("x"), "`x`");
        assert_eq!(markdown_code("`x` = 1"), "`` `x` = 1 ``");
        assert_eq!(markdown_code("a``b"), "```a``b```");
        assert_eq!(markdown_html("<b>\u{202e}"), "&lt;b&gt;\\u{202e}");
    }

    #[test]
    fn xml_carries_no_control_character_and_no_markup() {
        assert_eq!(
            xml_attribute("a < b & \"c\" 'd'\n\u{1}]]>"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos;&#10;\\u{1}]]&gt;"
        );
        assert_eq!(xml_text("a\nb\u{202e}"), "a\nb\\u{202e}");
    }

    #[test]
    fn sarif_messages_have_no_embedded_links() {
        assert_eq!(sarif_text("[x](1) a\\b"), "\\[x\\](1) a\\\\b");
    }

    #[test]
    fn json_is_unchanged_as_a_value_but_carries_no_raw_hostile_byte() {
        let mut out = Vec::new();
        write_pretty_json(&mut out, &serde_json::json!({ "s": HOSTILE })).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        // pretty-printing's own line breaks aside
        assert!(!text.chars().any(|c| c != '\n' && is_hostile(c)), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(back["s"], HOSTILE);
    }
}
