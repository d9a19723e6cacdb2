//! Every error the loader reports, at its place, and the limits that keep
//! hostile input from exhausting memory or stack.

use super::*;

#[test]
fn decimals_no_decimal_holds_and_infinities_are_errors_at_their_place() {
    let errors =
        errors_of("coverage: 0.12345678901234567890123456789\nb: [1, -.inf]\nc: .nan\nd: 1e29\n");
    let found: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e.code().unwrap().to_string(),
                e.line_col(),
                covered(e, e.span()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "patuh::data::inexact_decimal".to_owned(),
                (1, 11),
                "0.12345678901234567890123456789"
            ),
            ("patuh::data::not_finite".to_owned(), (2, 8), "-.inf"),
            ("patuh::data::not_finite".to_owned(), (3, 4), ".nan"),
            ("patuh::data::inexact_decimal".to_owned(), (4, 4), "1e29"),
        ]
    );
    assert_eq!(errors[1].to_string(), "`-.inf` is not a finite number");
    assert!(errors[0].help().is_some());
    // quoted, they are text
    let ds = load_one("a: \".inf\"\nb: '1e29'\n").unwrap();
    let a = path(&ds, ds.docs()[0], &["a"]).unwrap();
    assert_eq!(ds.view(a), View::Str(".inf"));
}

#[test]
fn an_integer_beyond_64_bits_is_an_error_not_a_decimal() {
    let errors =
        errors_of("bpu: 9223372036854775808\npu: -99999999999999999999\nx: 0xFFFFFFFFFFFFFFFF\n");
    assert_eq!(errors.len(), 3);
    let DataError::IntegerOverflow { text, at, .. } = &errors[0] else {
        panic!("{:?}", errors[0]);
    };
    assert_eq!(text, "9223372036854775808");
    assert_eq!(covered(&errors[0], *at), "9223372036854775808");
    assert_eq!(errors[0].line_col(), (1, 6));
    assert_eq!(errors[1].line_col(), (2, 5));
    assert!(
        matches!(&errors[2], DataError::IntegerOverflow { text, .. } if text == "0xFFFFFFFFFFFFFFFF")
    );
}

#[test]
fn duplicate_keys_point_at_both_occurrences() {
    let errors = errors_of("participants:\n  bpu: 90000\n  pu: 1\n  bpu: 91000\n");
    assert_eq!(errors.len(), 1);
    let DataError::DuplicateKey {
        key, first, again, ..
    } = &errors[0]
    else {
        panic!("{:?}", errors[0]);
    };
    assert_eq!(key, "bpu");
    assert_eq!(errors[0].file().line_col(first.offset()), (2, 3));
    assert_eq!(errors[0].file().line_col(again.offset()), (4, 3));
    assert_eq!(covered(&errors[0], *first), "bpu");
    assert_eq!(covered(&errors[0], *again), "bpu");
    assert_eq!(errors[0].to_string(), "duplicate key `bpu` in a mapping");
}

#[test]
fn a_year_written_as_number_and_as_text_is_the_same_key() {
    let errors = errors_of("years:\n  2023: {bpu: 1}\n  \"2023\": {bpu: 2}\n");
    assert_eq!(errors.len(), 1);
    let DataError::DuplicateKey {
        key, first, again, ..
    } = &errors[0]
    else {
        panic!("{:?}", errors[0]);
    };
    assert_eq!(key, "2023");
    assert_eq!(covered(&errors[0], *first), "2023");
    assert_eq!(covered(&errors[0], *again), "\"2023\"");
}

#[test]
fn every_duplicate_is_reported_in_small_and_large_mappings() {
    // small mapping: pairwise; a third occurrence pairs with the first
    let errors = errors_of("{a: 1, b: 2, a: 3, a: 4}\n---\n[{x: 1, x: 2}]\n");
    let lines: Vec<_> = errors.iter().map(DataError::line_col).collect();
    assert_eq!(lines, [(1, 14), (1, 20), (3, 9)]);

    // large mapping: sorted
    let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("k7: again\nk30: again\n");
    let errors = errors_of(&text);
    let keys: Vec<_> = errors
        .iter()
        .map(|e| match e {
            DataError::DuplicateKey { key, first, .. } => (
                key.clone(),
                e.file().line_col(first.offset()).0,
                e.line_col().0,
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(keys, [("k7".to_owned(), 8, 41), ("k30".to_owned(), 31, 42)]);
}

#[test]
fn collections_cannot_be_keys() {
    let errors = errors_of("? [a, b]\n: 1\n{x: 1}: 2\n");
    let kinds: Vec<_> = errors
        .iter()
        .map(|e| match e {
            DataError::UnsupportedKey { kind, .. } => (*kind, e.line_col()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, [("sequence", (1, 3)), ("mapping", (3, 1))]);
}

#[test]
fn nesting_past_the_depth_limit_is_refused_without_recursion() {
    // flow brackets: the parser's own bound (255) trips first
    let errors = errors_of(&"[".repeat(100_000));
    assert!(matches!(errors[..], [DataError::TooDeep { limit: 64, .. }]));

    // block sequences on one line are not bounded by the parser
    let errors = errors_of(&format!("{}x\n", "- ".repeat(100_000)));
    assert!(matches!(errors[..], [DataError::TooDeep { limit: 64, .. }]));
    assert_eq!(errors[0].line_col(), (1, 129));

    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let file = |text: &str| SourceFile::new("d.yaml", text);
    assert!(load(vec![file("a: {b: [1]}\n")], &limits).is_ok());
    let errors = failed(load(vec![file("a: {b: [[1]]}\n")], &limits)).into_vec();
    assert_eq!(errors[0].to_string(), "data nested deeper than 3 levels");
    assert_eq!(errors[0].line_col(), (1, 9));
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut text = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1);
    let DataError::AliasExpansion { limit, at, .. } = &errors[0] else {
        panic!("{:?}", errors[0]);
    };
    assert_eq!(*limit, 1_000_000);
    // 9^7 copies pass a million within `g`
    assert_eq!(covered(&errors[0], *at), "*f");
    assert_eq!(errors[0].line_col().0, 7);
}

#[test]
fn aliases_are_counted() {
    let limits = Limits {
        max_aliases: 2,
        ..Limits::default()
    };
    let text = "a: &a 1\nb: *a\nc: *a\nd: *a\n";
    let errors = failed(load(vec![SourceFile::new("a.yaml", text)], &limits)).into_vec();
    assert!(matches!(
        errors[..],
        [DataError::TooManyAliases { limit: 2, .. }]
    ));
    assert_eq!(errors[0].line_col(), (4, 4));
}

#[test]
fn unknown_and_recursive_aliases_are_errors() {
    let errors = errors_of("a: 1\nb: *nowhere\n");
    assert!(matches!(&errors[..], [DataError::UnknownAlias { name, .. }] if name == "nowhere"));
    assert_eq!(errors[0].line_col(), (2, 4));
    assert_eq!(errors[0].to_string(), "unknown alias `*nowhere`");
    let help = errors[0].help().unwrap().to_string();
    assert_eq!(
        help,
        "define the anchor `&nowhere` earlier in the same document"
    );

    // anchors do not reach into the next document
    let errors = errors_of("a: &x 1\n---\nb: *x\n");
    assert!(matches!(&errors[..], [DataError::UnknownAlias { name, .. }] if name == "x"));
    assert_eq!(errors[0].line_col(), (3, 4));

    let errors = errors_of("a: &loop [1, *loop]\n");
    assert!(matches!(&errors[..], [DataError::RecursiveAlias { name, .. }] if name == "loop"));
}

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let errors = errors_of("years:\n  2023:\n    participants: {bpu: 1\n  2024: {}\n");
    assert_eq!(errors.len(), 1);
    let DataError::Syntax { message, .. } = &errors[0] else {
        panic!("{:?}", errors[0]);
    };
    assert_eq!(message, "expected `,` or `}` in a `{...}` mapping");
    assert_eq!(errors[0].line_col(), (4, 7));

    let errors = errors_of("a: b\n c: d\n");
    assert_eq!(
        errors[0].to_string(),
        "invalid YAML: a `:` where no key can start"
    );
    assert_eq!(errors[0].line_col(), (2, 3));
}

#[test]
fn a_data_file_with_no_document_is_an_error_at_its_start() {
    for text in ["", "# nothing yet\n", "\n\n   \n", "# a\n# b"] {
        let errors = data_errors("empty.yaml", text);
        assert!(
            matches!(errors[..], [DataError::EmptyFile { .. }]),
            "{text:?}: {errors:?}"
        );
        assert_eq!(errors[0].line_col(), (1, 1));
        assert_eq!(
            errors[0].to_string(),
            "file `empty.yaml` holds no data document"
        );
    }
    // YAML that is not data (the waiver register) may be empty
    let ds = load_yaml(
        vec![
            SourceFile::new("empty.yaml", ""),
            SourceFile::new("comment.yaml", "# nothing yet\n"),
            SourceFile::new("one.yaml", "a: 1\n"),
        ],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(ds.docs().len(), 1);
    assert_eq!(ds.file_of(ds.docs()[0]).name(), "one.yaml");
    assert!(load(vec![], &Limits::default()).unwrap().docs().is_empty());
}

#[test]
fn a_data_document_is_a_mapping() {
    for (text, found, at) in [
        ("--- text\n", "text", (1, 5)),
        ("plain\n", "text", (1, 1)),
        ("- province: Aceh\n", "a list", (1, 1)),
        ("[1, 2]\n", "a list", (1, 1)),
        ("---\n", "an empty document", (1, 1)),
        (
            "province: Aceh\n---\n# to come\n",
            "an empty document",
            (2, 1),
        ),
        ("~\n", "an empty document", (1, 1)),
        ("null\n", "an empty document", (1, 1)),
        ("42\n", "a number", (1, 1)),
        ("31.98\n", "a number", (1, 1)),
        ("true\n", "a boolean", (1, 1)),
        ("\"quoted\"\n", "text", (1, 1)),
        ("province: Aceh\n---\n- x\n", "a list", (3, 1)),
    ] {
        let errors = data_errors("doc.yaml", text);
        let [DataError::NotAMapping { found: f, .. }] = &errors[..] else {
            panic!("{text:?}: {errors:?}");
        };
        assert_eq!((*f, errors[0].line_col()), (found, at), "{text:?}");
        assert!(errors[0].to_string().starts_with(
            "a data document is a mapping with keys such as `province`, `years`, `regencies`, not "
        ));
    }
    // every document of several is checked and reported
    let errors = data_errors("doc.yaml", "- 1\n---\na: 1\n---\n2\n");
    let lines: Vec<_> = errors.iter().map(DataError::line_col).collect();
    assert_eq!(lines, [(1, 1), (5, 1)]);
    // several mappings are several documents
    let ds = load(
        vec![SourceFile::new(
            "two.yaml",
            "province: Aceh\n---\nprovince: Bali\n...\n",
        )],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(ds.docs().len(), 2);
}

#[test]
fn a_control_character_is_an_error_at_its_place_on_either_reader() {
    for (text, code, at) in [
        // block data: the fast path's kind of file
        ("province: Aceh\nname: A\u{0}B\n", "U+0000", (2, 8)),
        // an anchor: saphyr-parser's
        ("a: &x 1\nb: *x\nc: \u{1b}[31m\n", "U+001B", (3, 4)),
        ("a: \"\u{7f}\"\n", "U+007F", (1, 5)),
        ("a: é\u{85}ok\u{9b}\n", "U+009B", (1, 8)),
        ("a: \u{feff}\u{ffff}\n", "U+FFFF", (1, 5)),
    ] {
        let errors = data_errors("ctl.yaml", text);
        let [DataError::ControlCharacter { code: c, .. }] = &errors[..] else {
            panic!("{text:?}: {errors:?}");
        };
        assert_eq!((c.as_str(), errors[0].line_col()), (code, at), "{text:?}");
        assert_eq!(
            errors[0].to_string(),
            format!("control character {code} in a data file")
        );
    }
    // tab, CR and LF are allowed
    assert!(load_one("a: 1\r\nb: 'x\ty'\n").is_ok());
}

#[test]
fn a_file_over_the_size_limit_is_not_parsed() {
    let limits = Limits {
        max_file_bytes: 4,
        ..Limits::default()
    };
    let errors = failed(load(
        vec![SourceFile::new("big.yaml", "a: [1, 2]\n")],
        &limits,
    ))
    .into_vec();
    assert!(matches!(
        errors[..],
        [DataError::FileTooLarge {
            size: 10,
            limit: 4,
            ..
        }]
    ));
    assert_eq!(
        errors[0].to_string(),
        "file `big.yaml` of 10 bytes is larger than the limit of 4 bytes"
    );
}

#[test]
fn errors_of_all_files_come_in_file_order_then_position() {
    let files = vec![
        SourceFile::new("a.yaml", "x: 1\nx: 2\ny: [\n"),
        SourceFile::new("b.yaml", "ok: true\n"),
        SourceFile::new("c.yaml", "n: 99999999999999999999\nk: 1\nk: 2\n"),
    ];
    let errors = failed(load(files, &Limits::default()));
    assert_eq!(errors.to_string(), "4 data errors");
    let found: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e.file().name(),
                e.line_col().0,
                e.code().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a.yaml", 2, "patuh::data::duplicate_key".to_owned()),
            ("a.yaml", 4, "patuh::data::syntax".to_owned()),
            ("c.yaml", 1, "patuh::data::integer_overflow".to_owned()),
            ("c.yaml", 3, "patuh::data::duplicate_key".to_owned()),
        ]
    );
    let related = errors.related().unwrap().count();
    assert_eq!(related, 4);
}

#[test]
fn errors_can_travel_between_threads() {
    fn boxable<T: Diagnostic + Send + Sync + 'static>() {}
    boxable::<DataError>();
    boxable::<DataErrors>();
}

#[test]
fn a_duplicate_key_renders_with_both_labels() {
    let errors = failed(load_one("years:\n  2023: {bpu: 1}\n  2023: {bpu: 2}\n"));
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(200)
        .render_report(&mut out, &errors)
        .unwrap();
    assert!(out.contains("1 data error"), "{out}");
    assert!(out.contains("patuh::data::duplicate_key"), "{out}");
    assert!(out.contains("duplicate key `2023` in a mapping"), "{out}");
    assert!(out.contains("first written here"), "{out}");
    assert!(out.contains("written again here"), "{out}");
    assert!(out.contains("test.yaml:2:3"), "{out}");
    assert!(out.contains("keep one of them"), "{out}");
}
