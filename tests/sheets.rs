//! Spreadsheet data: CSV files and XLSX workbooks read by the long-table
//! convention. Every broken spreadsheet of `tests/cases/sheets/<name>/` is
//! refused with its diagnostic (exit 2, nothing checked), each pointing at
//! its cell; well-formed sheets give the findings the same data gives in
//! YAML, each pointing at its cell.

mod common;
use common::{json, patuh, repo, scratch, write};

/// `patuh check rules tests/cases/sheets/NAME` from the repository: exit
/// 2, and the diagnostics on standard error.
fn refused(name: &str) -> String {
    let case = format!("tests/cases/sheets/{name}");
    let run = patuh(repo(), &["check", "rules", &case]);
    assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("nothing was checked"),
        "{name}: {}",
        run.stderr
    );
    run.stderr
}

macro_rules! broken {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let out = refused(stringify!($name));
            assert!(
                out.contains(concat!("patuh::sheet::", stringify!($name))),
                "{out}"
            );
            insta::assert_snapshot!(concat!("sheet_", stringify!($name)), out);
        }
    )*};
}

broken!(
    no_header,
    no_rows,
    missing_column,
    unknown_column,
    duplicate_column,
    row_length,
    unnamed_column,
    missing_identity,
    duplicate_row,
    region_disagrees,
    given_twice,
    two_documents,
    bad_cell,
    ambiguous_number,
    mixed_separators,
);

const YEARLY_FUND_RULE: &str = r#"rule fund_bpu "Every regency must fund BPU coverage" {
  for each regency in regencies
  for each year in regency.years
  require funds_bpu
}
"#;

/// The figures of the bundled Sulawesi Tengah file as one CSV: the same
/// failures of `fund_bpu`, each at its cell.
#[test]
fn a_csv_gives_the_findings_of_its_yaml_each_at_its_cell() {
    let dir = scratch(
        "sheet-findings",
        &[(
            "data/figures.csv",
            "province,regency,year,code,kind,funds_bpu\n\
             Sulawesi Tengah,,,72,,\n\
             Sulawesi Tengah,Donggala,2023,72.03,regency,false\n\
             Sulawesi Tengah,Kota Palu,2023,72.71,city,true\n",
        )],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    write(&dir, "rules/fund.rules", YEARLY_FUND_RULE);
    let run = patuh(&dir, &["check", "--format", "json", "rules", "data"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    let data = &findings[0]["data_locations"][0];
    assert_eq!(data["file"], "data/figures.csv");
    assert_eq!(
        (data["line"].as_u64(), data["column"].as_u64()),
        (Some(3), Some(45))
    );
    assert_eq!(data["path"], "regencies[Donggala].years.2023.funds_bpu");
    assert_eq!(data["value"], false);
}

/// A workbook of one sheet, `Sheet1`, whose `<sheetData>` is `rows`: the
/// smallest XLSX calamine reads, made by hand so a test can hold what a
/// spreadsheet program writes but no writer library does (error cells).
fn workbook(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// An inline text cell.
fn t(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn write_bytes(dir: &std::path::Path, path: &str, bytes: &[u8]) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

/// `patuh check rules data` in `dir`, from the bundled rules.
fn check_in(dir: &std::path::Path, args: &[&str]) -> common::Run {
    let rules = repo().join("rules");
    let rules = rules.to_str().expect("utf-8 path");
    let mut all = vec!["check", rules];
    all.extend_from_slice(args);
    patuh(dir, &all)
}

#[test]
fn error_cell() {
    let header = format!(
        "<row r=\"1\">{}{}{}{}</row>",
        t("A1", "province"),
        t("B1", "regency"),
        t("C1", "year"),
        t("D1", "participants.bpu")
    );
    let row = format!(
        "<row r=\"2\">{}<c r=\"C2\"><v>2023</v></c><c r=\"D2\" t=\"e\"><v>#DIV/0!</v></c></row>",
        t("A2", "Sulawesi Tengah")
    );
    let dir = scratch("sheet-error-cell", &[]);
    write_bytes(&dir, "data/figures.xlsx", &workbook(&(header + &row)));
    let run = check_in(&dir, &["data"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("patuh::sheet::error_cell"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("sheet_error_cell", run.stderr);
}

#[test]
fn unreadable() {
    let dir = scratch(
        "sheet-unreadable",
        &[("data/figures.xlsx", "province,regency,year\nAceh,,2023\n")],
    );
    let run = check_in(&dir, &["data"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("patuh::sheet::unreadable"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("sheet_unreadable", run.stderr);
}

/// A workbook that unpacks to more than the limit is refused before it is
/// parsed (here with a limit of 4 KiB; the default is 512 MiB).
#[test]
fn too_large() {
    use patuh::data::{Limits, SheetSchema, Workbook, load_data};
    use patuh::report::{DiagnosticStyle, render_diagnostic};
    let rows: String = (1..200)
        .map(|r| {
            format!(
                "<row r=\"{r}\">{}</row>",
                t(&format!("A{r}"), "Sulawesi Tengah")
            )
        })
        .collect();
    let book = Workbook {
        name: "data/figures.xlsx".to_owned(),
        bytes: workbook(&rows).into(),
    };
    let limits = Limits {
        max_file_bytes: 4096,
        ..Limits::default()
    };
    let Err(errors) = load_data(
        vec![],
        vec![book],
        &SheetSchema::default(),
        &limits,
        &|_| {},
    ) else {
        panic!("the workbook should be refused");
    };
    let out: Vec<String> = errors
        .iter()
        .map(|e| render_diagnostic(e, DiagnosticStyle::PLAIN))
        .collect();
    let out = out.join("\n");
    assert!(out.contains("patuh::sheet::too_large"), "{out}");
    insta::assert_snapshot!("sheet_too_large", out);
}

/// A sheet with one cell at the last column and row of a worksheet costs
/// one cell: the grid is never laid out densely.
#[test]
fn a_far_cell_costs_one_cell() {
    let header = format!(
        "<row r=\"1\">{}{}{}</row>",
        t("A1", "province"),
        t("B1", "regency"),
        t("C1", "year")
    );
    let far = format!("<row r=\"1048576\">{}</row>", t("XFD1048576", "x"));
    let dir = scratch("sheet-far-cell", &[]);
    write_bytes(&dir, "data/figures.xlsx", &workbook(&(header + &far)));
    let run = check_in(&dir, &["data"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("patuh::sheet::"), "{}", run.stderr);
}

/// The findings of a JSON report without their locations: what each
/// finding says and the data it names (path and value).
fn findings_aside_locations(run: &common::Run) -> (serde_json::Value, Vec<serde_json::Value>) {
    let report = json(run);
    let findings = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let data: Vec<serde_json::Value> = f["data_locations"]
                .as_array()
                .expect("data")
                .iter()
                .map(|d| serde_json::json!([d["path"], d["value"]]))
                .collect();
            serde_json::json!([
                f["rule"],
                f["subject"],
                f["outcome"],
                f["message"],
                f["label"],
                data
            ])
        })
        .collect();
    // The completeness names each document where it is: aside that too.
    let mut summary = report["summary"].clone();
    if let Some(docs) = summary["completeness"].as_array_mut() {
        for doc in docs {
            for key in ["file", "line", "column"] {
                doc.as_object_mut().map(|d| d.remove(key));
            }
        }
    }
    (summary, findings)
}

/// The bundled data converted to CSV, to a workbook, and back to YAML from
/// each: `patuh check` gives the same findings every time, each at its cell.
#[test]
fn the_bundled_data_converts_both_ways_with_the_same_findings() {
    let dir = scratch("sheet-round-trip", &[]);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let rules = repo().join("rules");
    let (rules, data) = (rules.to_str().expect("path"), repo().join("data"));
    let data = data.to_str().expect("path");
    let yaml = patuh(&dir, &["check", "--format", "json", rules, data]);
    assert_eq!(yaml.code, 1, "{}", yaml.stderr);
    let expected = findings_aside_locations(&yaml);
    assert_eq!(expected.1.len(), 27);
    for (to, out) in [("csv", "csv/data.csv"), ("xlsx", "xlsx/data.xlsx")] {
        std::fs::create_dir_all(dir.join(to)).expect("mkdir");
        let run = patuh(&dir, &["convert", rules, data, "--to", to, "--out", out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let sheet = patuh(&dir, &["check", "--format", "json", rules, to]);
        assert_eq!(sheet.code, 1, "{}", sheet.stderr);
        assert_eq!(findings_aside_locations(&sheet), expected, "{to}");
        // Every data location is a cell of the sheet.
        let report = json(&sheet);
        for f in report["findings"].as_array().expect("findings") {
            for d in f["data_locations"].as_array().expect("data") {
                let file = d["file"].as_str().expect("file");
                assert!(file.starts_with(&format!("{to}/data.")), "{file}");
            }
        }
        let back = format!("{to}-yaml");
        let run = patuh(
            &dir,
            &["convert", rules, to, "--to", "yaml", "--out", &back],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let again = patuh(&dir, &["check", "--format", "json", rules, &back]);
        assert_eq!(
            findings_aside_locations(&again),
            expected,
            "{to} back to YAML"
        );
    }
    // The CSV is the long table of the README.
    let csv = std::fs::read_to_string(dir.join("csv/data.csv")).expect("csv");
    assert!(
        csv.starts_with("province,regency,year,code,kind,funds_bpu,source,"),
        "{csv}"
    );
    assert!(csv.contains("\nSulawesi Tengah,Donggala,2023,72.03,regency,false,antara-2023-11-14,"));
    let sources = std::fs::read_to_string(dir.join("csv/data.sources.csv")).expect("sources");
    assert!(
        sources.starts_with("province,id,title,publisher,date,url\n"),
        "{sources}"
    );
}

/// A sheet's rows join the YAML document of their province: a regency's
/// new year, a new regency, a source; the findings point into both files.
#[test]
fn rows_join_the_yaml_document_of_their_province() {
    let dir = scratch(
        "sheet-join",
        &[
            (
                "data/sulawesi-tengah.yaml",
                "province: Sulawesi Tengah\nregencies:\n  - name: Donggala\n    years:\n      2023:\n        funds_bpu: false\n",
            ),
            (
                "data/figures.csv",
                "province,regency,year,funds_bpu\nSulawesi Tengah,Donggala,2024,false\nSulawesi Tengah,Sigi,2024,true\n",
            ),
        ],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    write(&dir, "rules/fund.rules", YEARLY_FUND_RULE);
    let run = patuh(&dir, &["check", "--format", "json", "rules", "data"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["summary"]["subjects"], 3, "{report}");
    let at: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let d = &f["data_locations"][0];
            (
                f["subject"].as_str().expect("subject").to_owned(),
                d["file"].as_str().expect("file").to_owned(),
                d["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        at,
        vec![
            (
                "Sulawesi Tengah / Donggala / 2023".to_owned(),
                "data/sulawesi-tengah.yaml".to_owned(),
                6
            ),
            (
                "Sulawesi Tengah / Donggala / 2024".to_owned(),
                "data/figures.csv".to_owned(),
                2
            ),
        ]
    );
}

#[test]
fn convert_refuses_what_the_long_table_cannot_hold() {
    let dir = scratch(
        "convert-refused",
        &[(
            "data/x.yaml",
            "province: Sulawesi Tengah\nnotes: [a, b]\nyears:\n  2023:\n    participants: {bpu: 1}\n    remark: late\n",
        )],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    write(&dir, "rules/fund.rules", YEARLY_FUND_RULE);
    let run = patuh(
        &dir,
        &["convert", "rules", "data", "--to", "csv", "--out", "x.csv"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.join("x.csv").exists());
    for code in [
        "patuh::convert::unrepresentable",
        "patuh::convert::undeclared",
    ] {
        assert!(run.stderr.contains(code), "{}", run.stderr);
    }
    insta::assert_snapshot!("convert_refused", run.stderr);
}

/// What would read back otherwise is refused, never changed: an empty
/// text (an empty cell is an absent figure) and a name with spaces at its
/// ends (a name's cell is read trimmed, so the subject would change).
#[test]
fn convert_refuses_what_would_read_back_otherwise() {
    let dir = scratch(
        "convert-readback",
        &[(
            "data/x.yaml",
            "province: Sulawesi Tengah
regencies:
  - name: \" Sigi \"
    funds_bpu: true
  - name: Poso
    kind: \"\"
    years:
      2023: {funds_bpu: true, source: \"\"}
",
        )],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    for to in ["csv", "xlsx"] {
        let out = format!("x.{to}");
        let run = patuh(
            &dir,
            &[
                "convert", "rules", "data", "--to", to, "--out", &out, "--color", "never",
            ],
        );
        assert_eq!(run.code, 2, "{to}: {}", run.stderr);
        assert!(!dir.join(&out).exists());
        for what in [
            "the name \" Sigi \", with spaces at its ends",
            "the empty text of `kind`",
            "the empty text of `source`",
        ] {
            assert!(run.stderr.contains(what), "{to}: {what}\n{}", run.stderr);
        }
    }
}

/// A large CSV file without quotes is read in parallel parts: the
/// findings, their cells and the decisions about separators are those of
/// the same file read in one part (a quote anywhere makes it one part).
#[test]
fn a_large_csv_read_in_parts_reads_as_in_one() {
    let mut csv =
        String::from("province,regency,district,year,code,participants.bpu,apbd.bpu_allocation\n");
    // The first row shows that `.` groups thousands in the allocation column.
    csv.push_str("Sulawesi Tengah,,,2015,72,1,Rp 1.234.567\n");
    let mut n = 0;
    while csv.len() < 9 << 20 {
        let regency = n / 40;
        let district = n % 40;
        for year in 2016..2020 {
            // `12.500` is decided by the first row, parts away.
            csv.push_str(&format!(
                "Sulawesi Tengah,Regency {regency},District {district},{year},72.{regency}.{district},{},Rp 12.500\n",
                1000 + year - 2016 - i32::from(district == 7 && year == 2019) * 5
            ));
        }
        n += 1;
    }
    let rules = "rule grows \"BPU participants grow\" {\n  for each regency in regencies\n  for each district in regency.districts\n  for each year in district.years where previous exists\n  require participants.bpu > previous.participants.bpu\n}\n";
    let dir = scratch(
        "sheet-parts",
        &[("rules/grow.rules", rules), ("parts/figures.csv", &csv)],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    // The same file with one quoted cell: read in one part.
    let one = csv.replacen("Sulawesi Tengah,,,2015", "\"Sulawesi Tengah\",,,2015", 1);
    write(&dir, "one/figures.csv", &one);
    let parts = patuh(&dir, &["check", "--format", "json", "rules", "parts"]);
    let whole = patuh(&dir, &["check", "--format", "json", "rules", "one"]);
    assert_eq!(parts.code, 1, "{}", parts.stderr);
    let strip = |run: &common::Run| {
        let mut report = json(run);
        let text = serde_json::to_string(&report["findings"]).expect("json");
        report["findings"] =
            serde_json::from_str(&text.replace("\"one/", "\"parts/")).expect("json");
        report
    };
    let (a, b) = (strip(&parts), strip(&whole));
    assert_eq!(a["findings"], b["findings"]);
    assert_eq!(a["summary"], b["summary"]);
    assert!(a["findings"].as_array().expect("findings").len() > 10);
}

/// Every format names the cell of a finding's data: the human report shows
/// the row under its header, the others the reference and the column.
#[test]
fn every_format_shows_the_cell() {
    let dir = scratch(
        "sheet-formats",
        &[(
            "yaml/sulawesi-tengah.yaml",
            "province: Sulawesi Tengah\ncode: \"72\"\nregencies:\n  - name: Donggala\n    kind: regency\n    years:\n      2023:\n        funds_bpu: false\n  - name: Kota Palu\n    kind: city\n    years:\n      2023:\n        funds_bpu: true\n",
        )],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    write(&dir, "rules/fund.rules", YEARLY_FUND_RULE);
    for (to, out) in [("csv", "csv/figures.csv"), ("xlsx", "xlsx/figures.xlsx")] {
        std::fs::create_dir_all(dir.join(to)).expect("mkdir");
        let run = patuh(
            &dir,
            &["convert", "rules", "yaml", "--to", to, "--out", out],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let reference = |to: &str| match to {
        "csv" => "csv/figures.csv:3:40".to_owned(),
        _ => "xlsx/figures.xlsx!figures!F3".to_owned(),
    };
    for to in ["csv", "xlsx"] {
        let cell = reference(to);
        let human = patuh(&dir, &["check", "--color", "never", "rules", to]);
        assert_eq!(human.code, 1, "{}", human.stderr);
        insta::assert_snapshot!(format!("sheet_human_{to}"), human.stdout);
        let json = json(&patuh(&dir, &["check", "--format", "json", "rules", to]));
        let data = &json["findings"][0]["data_locations"][0];
        assert_eq!(data["cell"]["reference"], cell.as_str(), "{data}");
        assert_eq!(data["cell"]["header"], "funds_bpu");
        for format in ["sarif", "github", "markdown"] {
            let run = patuh(&dir, &["check", "--format", format, "rules", to]);
            assert!(run.stdout.contains(&cell), "{format}: {}", run.stdout);
            assert!(run.stdout.contains("funds_bpu"), "{format}: {}", run.stdout);
        }
    }
    // A workbook's cell is its row and column number in the machine formats.
    let json = json(&patuh(
        &dir,
        &["check", "--format", "json", "rules", "xlsx"],
    ));
    let data = &json["findings"][0]["data_locations"][0];
    assert_eq!(data["file"], "xlsx/figures.xlsx");
    assert_eq!(
        (data["line"].as_u64(), data["column"].as_u64()),
        (Some(3), Some(6))
    );
}

/// A rule test may be a CSV file, `*.test.csv`: its `expect` column holds
/// each row's annotations; a finding on an `ok:` row fails the test there.
#[test]
fn a_rule_test_may_be_a_csv_file() {
    let fixture = "province,regency,year,funds_bpu,expect\n\
        Provinsi Uji,Kabupaten Lalai,2020,false,ok: fund_bpu -- before 2021 the rule does not apply\n\
        Provinsi Uji,Kabupaten Lalai,2023,false,expect: fund_bpu\n\
        Provinsi Uji,Kabupaten Rajin,2023,true,ok: fund_bpu\n\
        Provinsi Uji,Kabupaten Senyap,2023,,expect-unknown: fund_bpu -- no figure is unknown and never a pass\n";
    let inpres = std::fs::read_to_string(repo().join("rules/inpres-2-2021.rules")).expect("rules");
    let schema = std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema");
    let dir = scratch(
        "sheet-rule-test",
        &[
            ("rules/inpres-2-2021.rules", &inpres),
            ("rules/schema.rules", &schema),
            ("rules/tests/fund_bpu.test.csv", fixture),
        ],
    );
    let run = patuh(&dir, &["test", "rules"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("test rules/tests/fund_bpu.test.csv ... ok (4 expectations)"),
        "{}",
        run.stdout
    );
    // `patuh check` never reads a rule test as data.
    let check = patuh(&dir, &["check", "rules", "rules"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stderr.contains("patuh::input::no_data"),
        "{}",
        check.stderr
    );
    // The 2023 row of Lalai marked `ok:` fails the test at its line.
    write(
        &dir,
        "rules/tests/fund_bpu.test.csv",
        &fixture.replace("false,expect: fund_bpu", "false,ok: fund_bpu"),
    );
    let run = patuh(&dir, &["test", "rules"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("patuh::test::fired_on_ok_line"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("rules/tests/fund_bpu.test.csv:3:"),
        "{}",
        run.stdout
    );
}

/// Excel's CSV where the comma is the decimal mark: `;` separates, `31,98`
/// is 31.98 %, `Rp 16.800` is read by what its column shows (`Rp
/// 15.000,00`: `.` groups thousands).
#[test]
fn an_indonesian_csv_reads_its_numbers_as_written() {
    let dir = scratch(
        "sheet-indonesian",
        &[
            (
                "data/figures.csv",
                "\u{feff}province;regency;year;coverage;premium_monthly;apbd.bpu_allocation\n\
                 Kalimantan Barat;;2023;31,98%;Rp 16.800;Rp 1.234.567\n\
                 Kalimantan Barat;;2024;29,5;Rp 15.000,00;\n",
            ),
            (
                "rules/target.rules",
                "rule target \"Coverage reaches 30%\" {\n  for each year in years\n  require coverage >= 30%\n}\n\n\
                 rule floor \"The premium buys JKK and JKM\" {\n  for each year in years where premium_monthly exists\n  require premium_monthly >= Rp 16_800\n}\n",
            ),
        ],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    let run = patuh(&dir, &["check", "--format", "json", "rules", "data"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let failed: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["subject"].as_str().expect("subject").to_owned(),
                f["data_locations"][0]["value"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        failed,
        vec![
            ("Kalimantan Barat / 2024".to_owned(), "29.5".to_owned()),
            ("Kalimantan Barat / 2024".to_owned(), "15000.0".to_owned()),
        ]
    );
    // The report writes the decimal exactly as held.
    assert!(run.stdout.contains("\"value\": 15000.00"), "{}", run.stdout);
    assert_eq!(
        report["findings"][0]["data_locations"][0]["cell"]["reference"],
        "data/figures.csv:3:24"
    );
}

/// A region-year in a YAML file and in a sheet is refused, both places shown.
#[test]
fn a_region_year_in_yaml_and_in_a_sheet_is_given_twice() {
    let dir = scratch(
        "sheet-twice",
        &[
            (
                "data/sulawesi-tengah.yaml",
                "province: Sulawesi Tengah\nregencies:\n  - name: Donggala\n    years:\n      2023:\n        funds_bpu: false\n",
            ),
            (
                "data/figures.csv",
                "province,regency,year,funds_bpu\nSulawesi Tengah,Donggala,2023,true\n",
            ),
        ],
    );
    write(
        &dir,
        "rules/schema.rules",
        &std::fs::read_to_string(repo().join("rules/schema.rules")).expect("schema"),
    );
    write(&dir, "rules/fund.rules", YEARLY_FUND_RULE);
    let run = patuh(&dir, &["check", "rules", "data"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("patuh::sheet::duplicate_row"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("data/figures.csv:2:26"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("data/sulawesi-tengah.yaml:5:7"),
        "{}",
        run.stderr
    );
}

/// A workbook's percentage cell holds the ratio as a binary number
/// (0.3198); the row the report shows writes it as the cell shows it,
/// 31.98%, never 31.979999999999997%.
#[test]
fn a_percentage_cell_is_shown_as_the_spreadsheet_shows_it() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let percent = Format::new().set_num_format("0.00%");
    for (col, head) in ["province", "regency", "year", "coverage"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *head).expect("header");
    }
    sheet.write_string(1, 0, "Sulawesi Tengah").expect("cell");
    sheet.write_number(1, 2, 2023).expect("cell");
    sheet
        .write_number_with_format(1, 3, 0.3198, &percent)
        .expect("cell");
    let bytes = book.save_to_buffer().expect("workbook");
    let dir = scratch(
        "sheet-percent",
        &[(
            "rules/coverage.rules",
            "field years: series\nfield years.coverage: percent\n\
             rule target \"Coverage reaches 40%\" {\n  for each year in years\n  require coverage >= 40%\n}\n",
        )],
    );
    write_bytes(&dir, "data/figures.xlsx", &bytes);
    let run = patuh(&dir, &["check", "rules", "data", "--color", "never"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("31.98%"), "{}", run.stdout);
    assert!(!run.stdout.contains("31.979"), "{}", run.stdout);
}
