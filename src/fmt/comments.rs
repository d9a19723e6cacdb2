//! Finding the comments of a rule file and deciding where each one goes.
//!
//! Comments are not in the syntax tree, so they are found in the text
//! (skipping quoted texts, and entering the `{expr}` holes of messages the
//! way `src/syntax/scan.rs` does) and attached by byte offset to the
//! *parts* of the file: a rule's header line, each of its clauses, its
//! closing brace. A comment on a line of its own leads the next part; a
//! comment after code trails the last part that ends on its line. A
//! comment inside a clause that spans lines (after `and` on a broken
//! `require`, say) cannot stay there once the clause is laid out again, so
//! it moves up to lead that clause. Comments after the last part close the
//! file.

/// One comment of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Comment {
    /// Byte offset of the `#`.
    pub start: usize,
    /// The comment from `#`, trailing spaces dropped.
    pub text: String,
    /// 0-based line.
    pub line: usize,
    /// Nothing but spaces before it on its line.
    pub own_line: bool,
    /// A blank line follows it before the next text.
    pub blank_after: bool,
}

/// Byte offsets of line starts, to find a line by binary search.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// 0-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).saturating_sub(1)
    }
}

/// Every comment of `text`, in order.
pub(crate) fn comments(text: &str) -> Vec<Comment> {
    let lines = Lines::of(text);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The texts whose `{expr}` holes we are in: (template?) of each.
    let mut holes: Vec<bool> = Vec::new();
    // None: code; Some(template): inside a quoted text.
    let mut in_text: Option<bool> = None;
    let mut last_word = "";
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match in_text {
            None => match b {
                b'#' => {
                    let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    out.push(comment(text, &lines, i, end));
                    i = end;
                    continue;
                }
                b'"' => {
                    in_text = Some(last_word == "message");
                    last_word = "";
                }
                b'}' if !holes.is_empty() => {
                    in_text = holes.pop();
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
            Some(template) => match b {
                b'"' => in_text = None,
                b'\\' => {
                    // skip the escaped character, whole
                    let next = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                    i += 1 + next;
                    continue;
                }
                b'{' | b'}' if template && bytes.get(i + 1) == Some(&b) => {
                    i += 2;
                    continue;
                }
                b'{' if template => {
                    holes.push(template);
                    in_text = None;
                    last_word = "";
                }
                _ => {}
            },
        }
        i += 1;
    }
    out
}

fn comment(text: &str, lines: &Lines, start: usize, end: usize) -> Comment {
    let line = lines.line(start);
    let line_start = lines.0[line];
    let rest = text.get(end..).unwrap_or("");
    // Is one of the lines after this one, up to the next with text, blank?
    // (A comment at the very end of the file has nothing after it.)
    let next_text = rest.find(|c: char| !c.is_whitespace());
    let blank_after = next_text.is_some_and(|n| rest[..n].matches('\n').count() >= 2);
    Comment {
        start,
        text: text[start..end].trim_end().to_owned(),
        line,
        own_line: text[line_start..start].trim().is_empty(),
        blank_after,
    }
}

/// Where comments end up.
#[derive(Debug, Default)]
pub(crate) struct Attached {
    /// Per part (by index into the parts given): comments on lines of their own before it.
    pub leading: Vec<Vec<Comment>>,
    /// Per part: the comment after it on its last line.
    pub trailing: Vec<Option<Comment>>,
    /// Comments after the last part.
    pub end: Vec<Comment>,
}

/// Attaches `comments` to parts that end at the given byte offsets
/// (`ends` ascending; a part's end is one past its last byte).
pub(crate) fn attach(text: &str, ends: &[usize], comments: Vec<Comment>) -> Attached {
    let mut a = Attached {
        leading: vec![Vec::new(); ends.len()],
        trailing: vec![None; ends.len()],
        end: Vec::new(),
    };
    let lines = Lines::of(text);
    let end_lines: Vec<usize> = ends
        .iter()
        .map(|&e| lines.line(e.saturating_sub(1)))
        .collect();
    for c in comments {
        if !c.own_line {
            // the last part that ends before it on its line
            let before = ends.partition_point(|&e| e <= c.start);
            if let Some(p) = before.checked_sub(1)
                && end_lines[p] == c.line
                && a.trailing[p].is_none()
            {
                a.trailing[p] = Some(c);
                continue;
            }
        }
        let next = ends.partition_point(|&e| e <= c.start);
        match a.leading.get_mut(next) {
            Some(list) => list.push(c),
            None => a.end.push(c),
        }
    }
    a
}

/// The offset after the whitespace and comments that start at `from`.
pub(crate) fn skip_trivia(text: &str, from: usize) -> usize {
    let mut i = from;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = text[i..].find('\n').map_or(bytes.len(), |n| i + n),
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inside_texts_and_message_holes_are_not_comments() {
        let text = "rule a \"# title\" { # one\n  require x == \"#\"\n  message \"{y == \"}#\"} #{{\" # two\n}\n";
        let found: Vec<String> = comments(text).into_iter().map(|c| c.text).collect();
        assert_eq!(found, ["# one", "# two"]);
    }

    #[test]
    fn a_comment_leads_the_next_part_or_trails_the_part_on_its_line() {
        let text = "# lead\nrule a {  # header\n  require x\n  # inside\n}  # close\n# end\n";
        let header_end = text.find('{').unwrap() + 1;
        let require_end = text.find("x\n").unwrap() + 1;
        let close_end = text.find('}').unwrap() + 1;
        let a = attach(text, &[header_end, require_end, close_end], comments(text));
        let texts = |v: &Vec<Comment>| v.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&a.leading[0]), ["# lead"]);
        assert_eq!(a.trailing[0].as_ref().unwrap().text, "# header");
        assert_eq!(texts(&a.leading[2]), ["# inside"]);
        assert_eq!(a.trailing[2].as_ref().unwrap().text, "# close");
        assert_eq!(texts(&a.end), ["# end"]);
    }
}
