//! The loader as a whole: values, places, errors and limits, on both readers.

use super::merge::Merger;
use super::*;
use crate::data::{NodeId, Sym, View};
use miette::{Diagnostic, SourceSpan};
use rust_decimal::Decimal;

/// The sample of `DATA-FORMAT.md`.
pub(super) const SAMPLE: &str = r#"province: Sulawesi Tengah
code: "72"                      # Kemendagri region code, always a string
sources:                        # where the figures come from
  antara-2023-11-14:
    title: "Rusdy Mastura: Jamsostek bagian dari upaya pengentasan kemiskinan"
    publisher: ANTARA
    date: 2023-11-14
years:                          # keys are years; values are that year's figures
  2023:
    participants: { bpu: 90000 }
    source: antara-2023-11-14
  2024:
    participants: { pu: 314034, bpu: 128993, jakon: 74773, pmi: 341 }
    active_total: 518141
    source: wahananews-2024-05-08
regencies:
  - name: Kota Palu
    kind: city
    years:
      2023:
        funds_bpu: true         # the regency's budget pays BPU premiums
  - name: Donggala
    kind: regency
    years:
      2023:
        funds_bpu: false
"#;

/// Loads `text` as YAML of any shape (most tests are about YAML, not the
/// shape of a data document).
fn load_one(text: &str) -> Result<Dataset, DataErrors> {
    load_yaml(vec![SourceFile::new("test.yaml", text)], &Limits::default())
}

/// The errors of `text` read as a data file.
fn data_errors(name: &str, text: &str) -> Vec<DataError> {
    failed(load(vec![SourceFile::new(name, text)], &Limits::default())).into_vec()
}

/// The errors of a load that must fail (`Dataset` has no `Debug`, so no `unwrap_err`).
fn failed(result: Result<Dataset, DataErrors>) -> DataErrors {
    match result {
        Ok(_) => panic!("expected data errors"),
        Err(e) => e,
    }
}

fn errors_of(text: &str) -> Vec<DataError> {
    failed(load_one(text)).into_vec()
}

/// The text a byte span covers.
fn covered(e: &DataError, span: SourceSpan) -> &str {
    &e.file().text()[span.offset()..span.offset() + span.len()]
}

/// Follows text keys from `node`.
fn path(ds: &Dataset, mut node: NodeId, keys: &[&str]) -> Option<NodeId> {
    for key in keys {
        node = ds.get(node, ds.sym(key)?)?;
    }
    Some(node)
}

mod errors;

#[test]
fn reads_the_data_format_sample() {
    let ds = load_one(SAMPLE).unwrap();
    assert_eq!(ds.docs().len(), 1);
    let root = ds.docs()[0];
    let years = path(&ds, root, &["years"]).unwrap();
    let y2024 = ds.get_int(years, 2024).unwrap();
    let bpu = path(&ds, y2024, &["participants", "bpu"]).unwrap();
    assert_eq!(ds.view(bpu), View::Int(128_993));

    let code = path(&ds, root, &["code"]).unwrap();
    assert_eq!(ds.view(code), View::Str("72"));
    let date = path(&ds, root, &["sources", "antara-2023-11-14", "date"]).unwrap();
    assert_eq!(ds.view(date), View::Str("2023-11-14"));

    let View::Seq(regencies) = ds.view(path(&ds, root, &["regencies"]).unwrap()) else {
        panic!("regencies is a sequence");
    };
    assert_eq!(regencies.len(), 2);
    let palu_years = path(&ds, regencies[0], &["years"]).unwrap();
    let funds = path(&ds, ds.get_int(palu_years, 2023).unwrap(), &["funds_bpu"]).unwrap();
    assert_eq!(ds.view(funds), View::Bool(true));
    // keys keep file order
    let keys: Vec<_> = ds.entries(root).iter().map(|&(k, _)| ds.view(k)).collect();
    assert_eq!(
        keys,
        [
            View::Str("province"),
            View::Str("code"),
            View::Str("sources"),
            View::Str("years"),
            View::Str("regencies")
        ]
    );
}

#[test]
fn every_node_knows_where_it_was_written() {
    let ds = load_one(SAMPLE).unwrap();
    let years = path(&ds, ds.docs()[0], &["years"]).unwrap();
    let bpu = path(
        &ds,
        ds.get_int(years, 2024).unwrap(),
        &["participants", "bpu"],
    )
    .unwrap();
    let loc = ds.loc(bpu);
    assert_eq!((loc.line, loc.column), (13, 38));
    assert_eq!(loc.span.text(loc.file), "128993");

    // a quoted scalar's span covers its quotes
    let code = ds.loc(path(&ds, ds.docs()[0], &["code"]).unwrap());
    assert_eq!((code.line, code.column), (2, 7));
    assert_eq!(code.span.text(code.file), "\"72\"");

    // a collection points at its first character
    let regencies = ds.loc(path(&ds, ds.docs()[0], &["regencies"]).unwrap());
    assert_eq!((regencies.line, regencies.column), (17, 3));
}

#[test]
fn columns_count_characters_and_skip_anchors_and_tags() {
    let ds = load_one("nama: Pulau Séram\nkota: Palu\na: &x 5\nb: !!str 12\n").unwrap();
    let root = ds.docs()[0];
    let kota = ds.loc(path(&ds, root, &["kota"]).unwrap());
    assert_eq!((kota.line, kota.column), (2, 7));
    let a = ds.loc(path(&ds, root, &["a"]).unwrap());
    assert_eq!((a.column, a.span.text(a.file)), (7, "5"));
    let b = ds.loc(path(&ds, root, &["b"]).unwrap());
    assert_eq!((b.column, b.span.text(b.file)), (10, "12"));

    // quoted scalars: the quotes and what they enclose, not the anchor,
    // tag, trailing blanks or comment
    let ds = load_one(concat!(
        "a: &q \"x\"  # note\n",
        "nama: 'Séram'   # pulau\n",
        "c: !!str \"ü\"\n",
        "d: \"say \\\"hi\\\"\" # \"quoted\"\n",
        "e: 'it''s' # 'too'\n",
    ))
    .unwrap();
    let root = ds.docs()[0];
    let a = ds.loc(path(&ds, root, &["a"]).unwrap());
    assert_eq!((a.column, a.span.text(a.file)), (7, "\"x\""));
    let nama = ds.loc(path(&ds, root, &["nama"]).unwrap());
    assert_eq!((nama.column, nama.span.text(nama.file)), (7, "'Séram'"));
    let c = ds.loc(path(&ds, root, &["c"]).unwrap());
    assert_eq!((c.line, c.column, c.span.text(c.file)), (3, 10, "\"ü\""));
    let d = ds.loc(path(&ds, root, &["d"]).unwrap());
    assert_eq!(d.span.text(d.file), r#""say \"hi\"""#);
    assert_eq!(
        ds.view(path(&ds, root, &["d"]).unwrap()),
        View::Str("say \"hi\"")
    );
    let e = ds.loc(path(&ds, root, &["e"]).unwrap());
    assert_eq!(e.span.text(e.file), "'it''s'");
}

#[test]
fn scalars_follow_the_core_schema() {
    let ds = load_one(
        "- ~\n- null\n- NULL\n-\n- true\n- False\n- 42\n- -7\n- +7\n- 0x1F\n- 0o17\n\
             - 1.5\n- -2e3\n- .5\n- 1.\n- 31.98\n- 1.50\n- 2023-11-14\n- \"42\"\n- '1.5'\n\
             - !!str 42\n- ! true\n- 1_000\n- yes\n- 0x\n- -0x10\n- 1e\n- .\n",
    )
    .unwrap();
    let View::Seq(items) = ds.view(ds.docs()[0]) else {
        panic!("a sequence");
    };
    let views: Vec<_> = items.iter().map(|&i| ds.view(i)).collect();
    assert_eq!(
        views,
        [
            View::Null,
            View::Null,
            View::Null,
            View::Null,
            View::Bool(true),
            View::Bool(false),
            View::Int(42),
            View::Int(-7),
            View::Int(7),
            View::Int(31),
            View::Int(15),
            View::Dec(Decimal::new(15, 1)),
            View::Dec(Decimal::new(-2000, 0)),
            View::Dec(Decimal::new(5, 1)),
            View::Dec(Decimal::new(1, 0)),
            View::Dec(Decimal::new(3198, 2)),
            View::Dec(Decimal::new(150, 2)),
            View::Str("2023-11-14"),
            View::Str("42"),
            View::Str("1.5"),
            View::Str("42"),
            View::Str("true"),
            View::Str("1_000"),
            View::Str("yes"),
            View::Str("0x"),
            View::Str("-0x10"),
            View::Str("1e"),
            View::Str("."),
        ]
    );
    // `1.50` keeps its two places, as published
    let View::Dec(d) = ds.view(items[16]) else {
        panic!("a decimal");
    };
    assert_eq!(d.to_string(), "1.50");
}

#[test]
fn decimals_of_every_file_keep_their_values_when_merged() {
    let files = vec![
        SourceFile::new("a.yaml", "x: 1.25\ny: [0.5, 2.75]\n"),
        SourceFile::new("b.yaml", "x: 31.98\n"),
        SourceFile::new("c.yaml", "z: [1, 0.1]\nx: -7.5\n"),
    ];
    let ds = load(files, &Limits::default()).unwrap();
    let x: Vec<_> = ds
        .docs()
        .iter()
        .map(|&d| ds.view(path(&ds, d, &["x"]).unwrap()))
        .collect();
    assert_eq!(
        x,
        [
            View::Dec(Decimal::new(125, 2)),
            View::Dec(Decimal::new(3198, 2)),
            View::Dec(Decimal::new(-75, 1)),
        ]
    );
    let z = path(&ds, ds.docs()[2], &["z"]).unwrap();
    let View::Seq(z) = ds.view(z) else {
        panic!("a list");
    };
    assert_eq!(ds.view(z[1]), View::Dec(Decimal::new(1, 1)));
}

#[test]
fn a_year_key_written_as_text_is_the_year() {
    let ds = load_one(
        "years:\n  \"2023\": {bpu: 1}\n  '2024': {bpu: 2}\ncode: \"72\"\n\"007\": x\n\"-5\": y\n",
    )
    .unwrap();
    let root = ds.docs()[0];
    let years = path(&ds, root, &["years"]).unwrap();
    assert!(ds.is_series(years));
    let y2024 = ds.get_int(years, 2024).unwrap();
    assert_eq!(ds.view(path(&ds, y2024, &["bpu"]).unwrap()), View::Int(2));
    // the key still points at what was written, quotes included
    let (key, _) = ds.entry_int(years, 2023).unwrap();
    assert_eq!(ds.loc(key).span.text(ds.loc(key).file), "\"2023\"");
    // values stay text; only canonical integers become keys
    assert_eq!(
        ds.view(path(&ds, root, &["code"]).unwrap()),
        View::Str("72")
    );
    assert_eq!(ds.view(path(&ds, root, &["007"]).unwrap()), View::Str("x"));
    assert_eq!(
        ds.get_int(root, -5).map(|v| ds.view(v)),
        Some(View::Str("y"))
    );
}

#[test]
fn integers_stay_exact() {
    let ds =
        load_one("big: 9007199254740993\nmax: 9223372036854775807\nmin: -9223372036854775808\n")
            .unwrap();
    let root = ds.docs()[0];
    let get = |k| ds.view(path(&ds, root, &[k]).unwrap());
    assert_eq!(get("big"), View::Int(9_007_199_254_740_993));
    assert_eq!(get("max"), View::Int(i64::MAX));
    assert_eq!(get("min"), View::Int(i64::MIN));
}

#[test]
fn an_alias_shares_the_anchored_node() {
    let ds = load_one("base: &b {premium_monthly: 16800}\n2023: *b\n2024: *b\n").unwrap();
    let root = ds.docs()[0];
    let base = path(&ds, root, &["base"]).unwrap();
    assert_eq!(ds.get_int(root, 2023), Some(base));
    assert_eq!(ds.get_int(root, 2024), Some(base));
    // root, `base`, its mapping, `premium_monthly`, `16800`, `2023`, `2024`
    assert_eq!(ds.node_count(), 7);
}

#[test]
fn files_merge_in_order_with_shared_keys() {
    let a = SourceFile::new("a.yaml", "province: Aceh\nyears: {2023: {bpu: 1}}\n");
    let b = SourceFile::new(
        "b.yaml",
        "province: Bali\nyears: {2023: {bpu: 2}}\nnote: Aceh\n",
    );
    let ds = load(vec![a, b], &Limits::default()).unwrap();
    assert_eq!(ds.files().len(), 2);
    let [ra, rb] = ds.docs() else {
        panic!("two documents");
    };
    assert_eq!(ds.file_of(*ra).name(), "a.yaml");
    assert_eq!(ds.file_of(*rb).name(), "b.yaml");
    let bpu = |root| {
        path(
            &ds,
            ds.get_int(path(&ds, root, &["years"]).unwrap(), 2023)
                .unwrap(),
            &["bpu"],
        )
    };
    assert_eq!(ds.view(bpu(*rb).unwrap()), View::Int(2));
    assert_eq!(ds.file_of(bpu(*rb).unwrap()).name(), "b.yaml");
    assert_eq!(ds.loc(bpu(*rb).unwrap()).line, 2);
    // one symbol per distinct text, across files
    let keys = |root| ds.node(ds.entries(root)[0].0).payload;
    assert_eq!(keys(*ra), keys(*rb));
    let aceh = path(&ds, *ra, &["province"]).unwrap();
    let note = path(&ds, *rb, &["note"]).unwrap();
    assert_eq!(ds.node(aceh).payload, ds.node(note).payload);
    assert_eq!(ds.str(Sym(ds.node(note).payload as u32)), "Aceh");
}

#[test]
fn files_merge_in_file_order_whatever_order_they_are_parsed_in() {
    let texts = ["a: 1\nb: [x, y]\n", "c: {d: 2}\n", "e: x\nf: 3\n"];
    let files: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| SourceFile::new(format!("{i}.yaml"), *t))
        .collect();
    let merged = |order: [usize; 3]| {
        let mut m = Merger::new(files.len(), 100);
        for i in order {
            m.arrive(i, parse_file(&files[i], &Limits::default(), true));
        }
        let Ok(ds) = m.finish(files.clone()) else {
            panic!("the files load");
        };
        let nodes: Vec<_> = ds
            .nodes
            .iter()
            .map(|n| (n.payload, n.line, n.tag))
            .collect();
        (
            nodes,
            ds.entries.clone(),
            ds.items.clone(),
            ds.docs.clone(),
            ds.segments.clone(),
        )
    };
    let in_order = merged([0, 1, 2]);
    assert_eq!(merged([2, 0, 1]), in_order);
    assert_eq!(merged([1, 2, 0]), in_order);
}

#[test]
fn each_distinct_text_is_interned_once() {
    let text: String = (0..5000)
        .map(|i| format!("- {{name: desa-{i}, kind: village}}\n"))
        .collect();
    let ds = load_one(&text).unwrap();
    let View::Seq(villages) = ds.view(ds.docs()[0]) else {
        panic!("a sequence");
    };
    let name = ds.sym("name").unwrap();
    for (i, &v) in villages.iter().enumerate() {
        let n = ds.get(v, name).unwrap();
        assert_eq!(ds.view(n), View::Str(&format!("desa-{i}")));
        let kind = ds.entries(v)[1].0;
        assert_eq!(ds.node(kind).payload, u64::from(ds.sym("kind").unwrap().0));
    }
    // `name`, `kind`, `village` and 5000 names
    assert_eq!(ds.strings.len(), 5003);
    for (i, text) in ds.strings.strings.iter().enumerate() {
        assert_eq!(ds.sym(text), Some(Sym(i as u32)));
    }
}

#[test]
fn every_document_of_a_file_is_a_root() {
    let ds = load_one("---\nprovince: Aceh\n---\nprovince: Bali\n...\n---\n- 1\n").unwrap();
    let roots: Vec<_> = ds.docs().iter().map(|&d| ds.view(d)).collect();
    assert!(matches!(
        roots[..],
        [View::Map(_), View::Map(_), View::Seq(_)]
    ));
    let bali = path(&ds, ds.docs()[1], &["province"]).unwrap();
    assert_eq!(ds.view(bali), View::Str("Bali"));
}

/// The builder takes events from any reader: here a spreadsheet-like one,
/// a `key,value` row per figure, whose places are its cells.
#[test]
fn any_reader_builds_the_same_kind_of_arena_with_its_own_places() {
    use super::builder::{Builder, Event, Place};
    let csv = "province,Aceh\n2023,\"31.98\"\n";
    let file = SourceFile::new("aceh.csv", csv);
    let limits = Limits::default();
    let mut b = Builder::new(&file, &limits, true);
    let cell = |line, col, chars| Place { line, col, chars };
    let events = [
        Event::DocumentStart { at: cell(1, 0, 0) },
        Event::Open {
            map: true,
            anchor: 0,
            at: cell(1, 0, 0),
        },
        Event::Scalar {
            value: "province".into(),
            text: true,
            anchor: 0,
            at: cell(1, 0, 8),
        },
        Event::Scalar {
            value: "Aceh".into(),
            text: true,
            anchor: 0,
            at: cell(1, 9, 4),
        },
        // a cell holding a year as text is the year, as in YAML
        Event::Scalar {
            value: "2023".into(),
            text: true,
            anchor: 0,
            at: cell(2, 0, 4),
        },
        Event::Scalar {
            value: "31.98".into(),
            text: false,
            anchor: 0,
            at: cell(2, 5, 7),
        },
        Event::Close,
    ];
    for event in events {
        assert!(b.event(event).is_ok());
    }
    let mut m = Merger::new(1, csv.len());
    m.arrive(0, b.finish(false));
    let Ok(ds) = m.finish(vec![file]) else {
        panic!("the events build a data set");
    };
    let root = ds.docs()[0];
    assert_eq!(
        ds.view(path(&ds, root, &["province"]).unwrap()),
        View::Str("Aceh")
    );
    let figure = ds.get_int(root, 2023).unwrap();
    assert_eq!(ds.view(figure), View::Dec(Decimal::new(3198, 2)));
    let loc = ds.loc(figure);
    assert_eq!((loc.line, loc.column), (2, 6));
    assert_eq!(loc.span.text(loc.file), "\"31.98\"");
}
