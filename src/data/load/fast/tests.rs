//! The fast path against saphyr-parser: wherever it reads a file, it reads
//! it exactly as the reference reader does.

use super::super::builder::{Builder, FileArena};
use super::super::{Limits, saphyr};
use super::parse;
use crate::source::SourceFile;

/// Both readers are compared on any YAML, not only data documents.
fn slow(file: &SourceFile) -> FileArena {
    saphyr::parse(Builder::new(file, &Limits::default(), false))
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
        a.entries, a.items, a.strings.strings, a.decimals, a.docs
    )
}

/// The fast path reads `text` exactly as saphyr-parser does, or gives it
/// up. Returns whether it read it.
fn agrees(text: &str) -> bool {
    let file = SourceFile::new("t.yaml", text);
    let Some(fast) = parse(&file, &Limits::default(), false) else {
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

/// Hand-written data in flow style, nested.
const FLOW: &str = r#"province: Sulawesi Tengah
years: {2023: {participants: {bpu: 90000}, source: antara}, 2024: {participants: {pu: 314034, bpu: 128993}}}
regencies:
  - {name: Kota Palu, kind: city, years: {2023: {funds_bpu: true}}}
  - name: Donggala
    years:
      2022: {funds_bpu: true, participants: {bpu: 3}, apbd: {bpu_allocation: 0}}
      2023: {funds_bpu: false, participants: {bpu: 2}, tags: [a, "b", [c, {d: e}]]}
  - [Poso, {kind: regency}, [], {}]
"#;

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
        "a: {b: {c: 1}}\n",
        "a:\nb: 1\n",
        "a:   # c\n  # x\nb: 1\n",
        "x:\n  a:\nb: 1\n",
        "years:\n  2020:\n  2021:\n    bpu: 1\n  2022:\n",
        "- a:\n  b:\n- c:\n",
        "2023: {funds_bpu: false, participants: {bpu: 3}}\n",
        "- {name: A, years: {2022: {bpu: 1, pu: [1, 2]}, 2023: {}}}\n",
        "a: [[1, 2], [], [{b: c}, {}], x]\n",
        "[{a: [b]}, c]\n",
        "{\"a\": {'b': [1]}, c: {d: e} }  # note\n",
        "{a: {b: {c: {d: {e: [f]}}}}}\n",
        VARIED,
        FLOW,
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
        "- \n- 1\n",
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
    assert!(parse(&SourceFile::new("deep.yaml", text), &limits, false).is_none());
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
        " ", "  ", ":", ": ", "-", "- ", "#", " #", "\n", "\n  ", "\"", "'", "{", "}", "[", "]",
        ",", "a", "7", "é", "~", "&", "*", "!", "|", "?", "\n- ", "  - ", "\n    ",
    ];
    let bases = [NATIONAL, crate::data::load::tests::SAMPLE, VARIED, FLOW];
    let (mut taken, mut total) = (0, 0);
    for _ in 0..4000 {
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
