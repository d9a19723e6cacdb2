//! Hostile text in the data and the rules reaches no output raw: terminal
//! escapes, carriage returns and line feeds, bidi controls, Markdown links,
//! HTML and XML syntax are escaped for every format, in `check`, `explain`
//! and `test` (docs: the README's "Bad input" section).

mod common;
use common::{FUND_RULE, patuh, scratch};

/// A region name that tries everything: clear the screen, start a forged
/// workflow command on a new line, reverse the text, link, inject HTML and
/// close a CDATA section, break a table cell. Then a raw bidi override in a
/// plain scalar (it shows in source snippets) and a terminal hyperlink.
const DATA: &str = "province: \"P\\e]8;;http://evil\\e\\\\link\\e]8;;\\e\\\\\"
regencies:
  - name: \"Evil\\e[2J\\r\\n::error file=x,line=1::forged\\u202e [x](http://evil) <script>alert(1)</script> ]]> | cell\\0\\x7f\\x85\"
    funds_bpu: false
  - name: Raw\u{202e}bidi\u{2066}
    funds_bpu: false
source: evil
sources:
  evil:
    title: \"T\\e[2J\\r\\n::error file=x,line=1::forged [y](http://evil) <b>x</b> | c\"
    publisher: \"Pub\\u202e\"
    date: 2023-01-01
    url: \"http://evil/\\r\\n::error\"
";

fn hostile_dir(name: &str) -> std::path::PathBuf {
    scratch(
        name,
        &[("rules/fund.rules", FUND_RULE), ("data/evil.yaml", DATA)],
    )
}

/// No raw control or bidi character but the line feeds of the output.
fn assert_clean(what: &str, text: &str) {
    for (i, c) in text.char_indices() {
        assert!(
            c == '\n' || !patuh::report::escape::is_hostile(c),
            "{what}: raw {c:?} at byte {i}:\n{text}"
        );
    }
}

#[test]
fn the_human_report_shows_hostile_names_as_visible_escapes() {
    let dir = hostile_dir("human");
    for color in ["never", "always"] {
        let run = patuh(&dir, &["check", "rules", "data", "--color", color]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        if color == "never" {
            assert_clean("human", &run.stdout);
        } else {
            // Colour codes are patuh's own; none comes from the data.
            assert!(!run.stdout.contains("\u{1b}[2J") && !run.stdout.contains("\u{1b}]8"));
            assert!(!run.stdout.contains('\u{202e}') && !run.stdout.contains('\r'));
        }
        assert!(
            !run.stdout.lines().any(|l| l.starts_with("::error")),
            "a forged line:\n{}",
            run.stdout
        );
    }
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    assert!(
        run.stdout
            .contains(r"Evil\u{1b}[2J\r\n::error file=x,line=1::forged\u{202e}"),
        "{}",
        run.stdout
    );
    // the raw bidi override of the source snippet, and in the label
    assert!(
        run.stdout.contains(r"Raw\u{202e}bidi\u{2066}"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_annotations_cannot_be_forged() {
    let run = patuh(
        &hostile_dir("github"),
        &["check", "rules", "data", "--format", "github"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean("github", &run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // one command per finding, then the verdict: nothing else starts a line
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[..2]
            .iter()
            .all(|l| l.starts_with("::error file=data/evil.yaml,"))
    );
    assert!(lines[2].starts_with("patuh: "));
    assert!(
        run.stdout.contains(r"Evil\u{1b}[2J\r\n::error file=x"),
        "{}",
        run.stdout
    );
}

#[test]
fn markdown_has_no_link_no_html_and_no_broken_table() {
    let run = patuh(
        &hostile_dir("markdown"),
        &["check", "rules", "data", "--format", "markdown"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean("markdown", &run.stdout);
    assert!(!run.stdout.contains("[x](http://evil)"), "{}", run.stdout);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(run.stdout.contains(r"\[x\](http\://evil) &lt;script&gt;"));
    // no autolink either: GFM links a bare `http://` or `www.`
    assert!(!run.stdout.contains("http://evil"), "{}", run.stdout);
    // every table row has its six cells: no `|` from the data splits one
    for row in run
        .stdout
        .lines()
        .filter(|l| l.starts_with("| Evil") || l.contains("/ Evil"))
    {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "{row}");
    }
}

#[test]
fn junit_is_xml_without_control_characters_or_markup_from_the_data() {
    let run = patuh(
        &hostile_dir("junit"),
        &["check", "rules", "data", "--format", "junit"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean("junit", &run.stdout);
    assert!(!run.stdout.contains("<script>") && !run.stdout.contains("]]>"));
    assert!(run.stdout.contains("&lt;script&gt;") && run.stdout.contains("]]&gt;"));
}

#[test]
fn json_and_sarif_keep_the_values_but_no_raw_hostile_byte() {
    let dir = hostile_dir("json");
    let run = patuh(&dir, &["check", "rules", "data", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_clean("json", &run.stdout);
    let report = common::json(&run);
    let subject = report["findings"][0]["subject"]
        .as_str()
        .unwrap_or_default();
    // the exact value, for scripts and baselines
    assert!(subject.contains("Evil\u{1b}[2J\r\n::error"), "{subject:?}");

    let run = patuh(&dir, &["check", "rules", "data", "--format", "sarif"]);
    assert_clean("sarif", &run.stdout);
    let sarif = common::json(&run);
    let text = sarif["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap_or_default();
    // shown to people: visible escapes, and no embedded link
    // (a SARIF viewer reads `\\` as `\` and `\[` as `[`)
    assert!(text.contains(r"Evil\\u{1b}\[2J\\r\\n::error"), "{text}");
    assert!(
        !text.chars().any(patuh::report::escape::is_hostile),
        "{text:?}"
    );
    assert!(text.contains(r"\[x\](http://evil)"), "{text}");
}

#[test]
fn explain_shows_hostile_names_as_visible_escapes() {
    let run = patuh(
        &hostile_dir("explain"),
        &["explain", "fund_bpu", "rules", "data"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_clean("explain", &run.stdout);
    assert!(
        run.stdout.contains(r"Evil\u{1b}[2J\r\n::error"),
        "{}",
        run.stdout
    );
}

#[test]
fn rule_tests_show_hostile_names_as_visible_escapes() {
    // The fixture expects nothing where the rule fails: the failures are
    // diagnostics that quote the hostile names and snippets.
    let fixture = DATA.replace(
        "funds_bpu: false\n  - name: Raw",
        "funds_bpu: false  # ok: fund_bpu\n  - name: Raw",
    );
    let dir = scratch(
        "ruletest",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("rules/tests/evil.test.yaml", &fixture),
        ],
    );
    for format in ["human", "junit"] {
        let run = patuh(&dir, &["test", "rules", "--format", format]);
        assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
        assert_clean(format, &run.stdout);
        assert!(
            run.stdout.contains(r"\u{1b}[2J") && run.stdout.contains(r"\u{202e}"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn hostile_file_names_are_escaped_too() {
    let name = "data/evil\u{1b}[2J\u{202e}\n::error x.yaml";
    let dir = scratch(
        "file-name",
        &[
            ("rules/fund.rules", FUND_RULE),
            (
                name,
                "province: P\nregencies:\n  - name: R\n    funds_bpu: false\n",
            ),
        ],
    );
    for format in ["human", "github", "markdown", "junit", "json", "sarif"] {
        let run = patuh(
            &dir,
            &[
                "check", "rules", "data", "--color", "never", "--format", format,
            ],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert_clean(format, &run.stdout);
        assert!(
            !run.stdout.lines().any(|l| l.starts_with("::error x.yaml")),
            "{format}: a forged line\n{}",
            run.stdout
        );
    }
    // broken input names the file escaped, in every format
    std::fs::write(dir.join(name), "province: P\nregencies: [\n").expect("write");
    for format in ["human", "github", "json", "sarif"] {
        let run = patuh(
            &dir,
            &[
                "check", "rules", "data", "--color", "never", "--format", format,
            ],
        );
        assert_eq!(run.code, 2, "{format}");
        assert_clean(format, &run.stdout);
        assert_clean("stderr", &run.stderr);
        // the file is named as it is: its name escaped for the medium, once
        match format {
            "sarif" => assert!(
                run.stdout
                    .contains(r#""uri": "data/evil%1B%5B2J%E2%80%AE%0A%3A%3Aerror%20x.yaml""#),
                "{}",
                run.stdout
            ),
            "json" => assert!(
                run.stdout
                    .contains(r#""file": "data/evil\u001b[2J\u202e\n::error x.yaml""#),
                "{}",
                run.stdout
            ),
            _ => {}
        }
    }
}

/// Diagnostics and findings far along one long line: a column past 65,535
/// once overflowed miette's formatting (a panic), and a line drawn whole
/// for each of its many problems made the run quadratic. Snippets now show
/// the span with a margin, under its true line and column.
#[test]
fn very_long_lines_give_positions_not_panics() {
    let pad = " ".repeat(70_000);
    let broken = format!("province: P\nyears: {{2023: {{{pad}funds_bpu: [}}}}\n");
    let rule = format!("rule far \"far\" {{\n  require {pad}nosuch > 0\n}}\n");
    // 3,000 regencies on one line of about 100 KB, every one failing.
    let items: Vec<String> = (0..3000)
        .map(|i| format!("{{name: R{i}, funds_bpu: false}}"))
        .collect();
    let flow = format!("province: P\nregencies: [{}]\n", items.join(", "));
    let dir = scratch(
        "long-lines",
        &[
            ("rules/fund.rules", FUND_RULE),
            ("far/far.rules", &rule),
            ("far/schema.rules", "field years: series\n"),
            ("broken/p.yaml", &broken),
            ("flow/p.yaml", &flow),
        ],
    );
    let run = patuh(&dir, &["check", "rules", "broken", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("[broken/p.yaml:2:70028]"),
        "{}",
        run.stderr
    );

    let run = patuh(&dir, &["lint", "far", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("[far/far.rules:2:70011]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nosuch > 0"), "{}", run.stderr);

    let run = patuh(&dir, &["check", "rules", "flow", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("R2999 does not fund"), "{}", run.stdout);
    // each snippet is the span and its margins, not the 100 KB line
    let longest = run.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 1_000, "a line of {longest} bytes");
}
