//! Documents as YAML in the data convention: block mappings and lists,
//! every text quoted where a plain scalar would read as something else,
//! decimals exactly as held, years as plain keys.

use crate::data::{Dataset, NodeId, View};
use std::fmt::Write;

/// Every document of `data` as YAML text, with its province (or `None`
/// when it has no `province` text), in document order.
pub fn documents_as_yaml(data: &Dataset) -> Vec<(Option<String>, String)> {
    data.docs()
        .iter()
        .map(|&doc| {
            let province =
                data.entries(doc)
                    .iter()
                    .find_map(|&(k, v)| match (data.view(k), data.view(v)) {
                        (View::Str("province"), View::Str(p)) => Some(p.to_owned()),
                        _ => None,
                    });
            let mut out = String::new();
            block(data, doc, 0, &mut out);
            (province, out)
        })
        .collect()
}

/// A file name for a province's document: `Sulawesi Tengah` ->
/// `sulawesi-tengah.yaml`.
pub fn yaml_file_name(province: &str) -> String {
    let mut slug = String::new();
    for c in province.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "document.yaml".to_owned()
    } else {
        format!("{slug}.yaml")
    }
}

/// Writes the mapping or list `id` as block lines indented by `indent`.
fn block(data: &Dataset, id: NodeId, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match data.view(id) {
        View::Map(entries) => {
            for &(k, v) in entries {
                let _ = write!(out, "{pad}{}:", scalar(data, k));
                value(data, v, indent, out);
            }
        }
        View::Seq(items) => {
            for &item in items {
                let _ = write!(out, "{pad}-");
                match data.view(item) {
                    View::Map(entries) if !entries.is_empty() => {
                        // The first entry on the dash's line, the rest below it.
                        let mut first = true;
                        for &(k, v) in entries {
                            if first {
                                let _ = write!(out, " {}:", scalar(data, k));
                                first = false;
                            } else {
                                let _ = write!(out, "{pad}  {}:", scalar(data, k));
                            }
                            value(data, v, indent + 2, out);
                        }
                    }
                    _ => value(data, item, indent, out),
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}", scalar(data, id));
        }
    }
}

/// The rest of a line after `key:` or `-`: a scalar, an empty collection,
/// or a line break and the collection indented below.
fn value(data: &Dataset, id: NodeId, indent: usize, out: &mut String) {
    match data.view(id) {
        View::Map([]) => out.push_str(" {}\n"),
        View::Seq([]) => out.push_str(" []\n"),
        View::Map(_) | View::Seq(_) => {
            out.push('\n');
            block(data, id, indent + 2, out);
        }
        _ => {
            let _ = writeln!(out, " {}", scalar(data, id));
        }
    }
}

/// A scalar as YAML that reads back as the same value.
fn scalar(data: &Dataset, id: NodeId) -> String {
    match data.view(id) {
        View::Null => "~".to_owned(),
        View::Bool(b) => b.to_string(),
        View::Int(i) => i.to_string(),
        View::Dec(d) => d.to_string(),
        View::Str(s) => text(s),
        View::Map(_) | View::Seq(_) => String::new(),
    }
}

/// Text, plain when it is safe and reads back as text, else double-quoted.
fn text(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '/' | '(' | ')' | '-'))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "y" | "n" | "yes" | "no" | "on" | "off"
        );
    if plain {
        return s.to_owned();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
