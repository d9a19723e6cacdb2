//! Every diagnostic code patuh gives, in one table: what CI logs are grepped
//! for and what a waiver of a tool warning would name. Each code is defined
//! once, on its diagnostic type (`#[diagnostic(code(...))]`, whose message
//! template is the one place its wording lives); this table lists them all
//! with their stage, their level and a one-line summary, and
//! `docs/diagnostics.md` prints the same table (between its `codes` markers).
//! `tests/diagnostics.rs` fails when the source defines a code this table
//! lacks, when this table lists a code no diagnostic has, or when the page's
//! table differs from this one.
//!
//! Adding a diagnostic: its type with the code, one line here, its entry on
//! `docs/diagnostics.md` with a bad example and the fix, and a snapshot.

/// How much a code matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Stops the run: exit 2, nothing is checked (or, for `patuh test`, a
    /// failing test).
    Error,
    /// Printed, and in every report format; does not stop the run.
    Warning,
}

impl Level {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One diagnostic code.
#[derive(Debug)]
pub struct Code {
    /// `patuh::<stage>::<name>`.
    pub code: &'static str,
    /// Its level by default.
    pub level: Level,
    /// What it means, in one line.
    pub summary: &'static str,
}

impl Code {
    /// The stage that gives it: `input`, `data`, `syntax`, `check`, ...
    pub fn stage(&self) -> &'static str {
        self.code.split("::").nth(1).unwrap_or("")
    }
}

const fn error(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        level: Level::Error,
        summary,
    }
}

const fn warning(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        level: Level::Warning,
        summary,
    }
}

/// Every code, stage by stage in pipeline order.
pub static CODES: &[Code] = &[
    error(
        "patuh::input::not_found",
        "a path named on the command line does not exist",
    ),
    error(
        "patuh::input::unreadable",
        "a file or link that cannot be read: gone, looping, not permitted",
    ),
    error(
        "patuh::input::too_large",
        "a file, pipe or device over the 512 MiB limit",
    ),
    warning(
        "patuh::input::skipped",
        "a FIFO, socket or device met while walking a folder, left unread",
    ),
    error("patuh::input::not_utf8", "a file that is not UTF-8 text"),
    error(
        "patuh::input::unknown_kind",
        "a file that is neither rules (`.rules`) nor data (`.yaml`, `.yml`)",
    ),
    error("patuh::input::no_rules", "no rule file among the paths"),
    error("patuh::input::no_data", "no data file among the paths"),
    error(
        "patuh::input::not_rules",
        "`patuh fmt` given a file that is not a rule file",
    ),
    error(
        "patuh::input::not_a_fixture",
        "`patuh test` given a data file that is not a rule test",
    ),
    error(
        "patuh::input::no_tests",
        "`patuh test` with no rule test among the paths",
    ),
    error(
        "patuh::input::empty_rules",
        "rule files without a single rule: nothing would be checked",
    ),
    error(
        "patuh::input::no_documents",
        "a data file that holds no document",
    ),
    error(
        "patuh::input::no_figures",
        "a data document without a single figure",
    ),
    error(
        "patuh::input::not_data",
        "YAML among the data that is not a data document",
    ),
    error(
        "patuh::input::nothing_checked",
        "no rule found a subject anywhere in the data",
    ),
    warning(
        "patuh::input::rule_checked_nothing",
        "one rule found no subject while others did",
    ),
    error(
        "patuh::input::unknown_rule",
        "`--rule` or `--skip-rule` naming a rule no rule file has",
    ),
    error(
        "patuh::input::nothing_selected",
        "`--rule` and `--skip-rule` that together leave no rule to run",
    ),
    error("patuh::data::syntax", "YAML that does not parse"),
    error(
        "patuh::data::control_character",
        "a NUL or another control character YAML forbids",
    ),
    error(
        "patuh::data::not_a_mapping",
        "a document that is a list, text, a number or empty",
    ),
    error(
        "patuh::data::empty_file",
        "a data file that is empty or holds only comments",
    ),
    error(
        "patuh::data::duplicate_key",
        "a key given twice in one mapping (`2023` and `\"2023\"` are one key)",
    ),
    error(
        "patuh::data::integer_overflow",
        "a whole number beyond 64 bits",
    ),
    error(
        "patuh::data::inexact_decimal",
        "a decimal that cannot be held exactly (over 28 significant digits)",
    ),
    error(
        "patuh::data::not_finite",
        "`.inf` or `.nan` where a figure is expected",
    ),
    error(
        "patuh::data::unsupported_key",
        "a mapping or a list used as a key",
    ),
    error("patuh::data::too_deep", "data nested deeper than 64 levels"),
    error(
        "patuh::data::too_many_aliases",
        "more aliases in one file than the limit",
    ),
    error(
        "patuh::data::alias_expansion",
        "aliases that would expand the data past the limit",
    ),
    error(
        "patuh::data::unknown_alias",
        "an alias to an anchor not defined before it",
    ),
    error(
        "patuh::data::recursive_alias",
        "a collection that contains itself through an alias",
    ),
    error("patuh::data::file_too_large", "a data file over 512 MiB"),
    error(
        "patuh::data::too_many_nodes",
        "more values in all than the arena can index",
    ),
    warning(
        "patuh::data::unknown_source",
        "a `source:` id the document's `sources` does not list (an error with `--deny-unsourced`)",
    ),
    warning(
        "patuh::data::unsourced_figure",
        "figures with no `source` on their year entry, region or document (an error with `--deny-unsourced`)",
    ),
    error(
        "patuh::sheet::no_header",
        "a sheet whose first row is data, not column names",
    ),
    error("patuh::sheet::no_rows", "a sheet with no row of data"),
    error(
        "patuh::sheet::missing_column",
        "a sheet without an identity column (`province`, `regency`, `year`, ...)",
    ),
    error(
        "patuh::sheet::unknown_column",
        "a column that is not a declared field",
    ),
    error(
        "patuh::sheet::duplicate_column",
        "the same column twice in a header",
    ),
    error(
        "patuh::sheet::row_length",
        "a row with more cells than the header has columns",
    ),
    error(
        "patuh::sheet::unnamed_column",
        "a value in a column whose header cell is empty",
    ),
    error(
        "patuh::sheet::missing_identity",
        "a row that does not name its province, a level above its region, or its year",
    ),
    error(
        "patuh::sheet::duplicate_row",
        "a region and year given by two rows, or by a row and a YAML file",
    ),
    error(
        "patuh::sheet::region_disagrees",
        "a region's own field with two values on its rows",
    ),
    error(
        "patuh::sheet::given_twice",
        "a figure or a source given by a sheet and by a YAML file",
    ),
    error(
        "patuh::sheet::two_documents",
        "two YAML documents of a province that a sheet adds rows to",
    ),
    error(
        "patuh::sheet::bad_cell",
        "a cell that is not a value of its column's declared type",
    ),
    error(
        "patuh::sheet::ambiguous_number",
        "a number whose separator could group thousands or mark decimals",
    ),
    error(
        "patuh::sheet::mixed_separators",
        "a column that uses one separator both ways",
    ),
    error(
        "patuh::sheet::error_cell",
        "a spreadsheet error value (`#N/A`, `#DIV/0!`) in a cell",
    ),
    error(
        "patuh::sheet::unreadable",
        "a workbook that is not an XLSX file, or broken",
    ),
    error(
        "patuh::sheet::too_large",
        "a workbook that unpacks past 512 MiB or holds more than 50,000,000 cells",
    ),
    error(
        "patuh::syntax::unexpected",
        "a token where the grammar expects another",
    ),
    error(
        "patuh::syntax::unterminated_string",
        "a string not closed on its line",
    ),
    error(
        "patuh::syntax::unknown_escape",
        "a backslash escape the language does not have",
    ),
    error(
        "patuh::syntax::unclosed_hole",
        "a message hole `{` never closed",
    ),
    error(
        "patuh::syntax::stray_brace",
        "a `}` in a message that closes nothing",
    ),
    error("patuh::syntax::missing_require", "a rule without `require`"),
    error(
        "patuh::syntax::duplicate_clause",
        "a clause given twice in one rule",
    ),
    error(
        "patuh::syntax::unknown_severity",
        "a severity other than `error`, `warning`, `info`",
    ),
    error(
        "patuh::syntax::unknown_type",
        "a field type the schema does not have",
    ),
    error(
        "patuh::syntax::optional_figure",
        "`optional` on a field that is not a list, a series or a map",
    ),
    error(
        "patuh::syntax::chained_comparison",
        "`a < b < c`: comparisons do not chain",
    ),
    error(
        "patuh::syntax::misplaced_within",
        "`within` after something that is not a comparison",
    ),
    error(
        "patuh::syntax::duplicate_tolerance",
        "two `within` on one comparison",
    ),
    error("patuh::syntax::single_equals", "`=` where `==` compares"),
    error(
        "patuh::syntax::number_too_large",
        "a number literal beyond what patuh holds exactly",
    ),
    error(
        "patuh::syntax::unknown_function",
        "a call of a function the language does not have",
    ),
    error(
        "patuh::syntax::wrong_arguments",
        "a function called with the wrong arguments",
    ),
    error(
        "patuh::syntax::too_deep",
        "an expression nested deeper than the limit",
    ),
    error(
        "patuh::check::unknown_field",
        "`x.f` where nothing at `x` has a field `f`",
    ),
    error(
        "patuh::check::unknown_name",
        "a bare name that is neither a variable nor a field",
    ),
    error(
        "patuh::check::out_of_scope",
        "a variable used outside the clause that binds it",
    ),
    error(
        "patuh::check::incompatible_operands",
        "`a OP b` whose types or units do not go together",
    ),
    error(
        "patuh::check::mixed_list",
        "a list written in the rule whose items are not of one type",
    ),
    error(
        "patuh::check::literal_type",
        "a literal of the wrong type or unit for the other operand",
    ),
    error(
        "patuh::check::wrong_type",
        "a value of the wrong type where one value is expected",
    ),
    error(
        "patuh::check::tolerance_unit",
        "`within` in a unit the compared figures do not have",
    ),
    error(
        "patuh::check::no_series",
        "`previous`, `prior`, `growth`, `change` without a year in scope",
    ),
    error(
        "patuh::check::no_document",
        "`root` in a rule over `documents`",
    ),
    error("patuh::check::duplicate_rule", "two rules with the same id"),
    error(
        "patuh::check::duplicate_field",
        "a field declared twice, or one name with two types",
    ),
    error(
        "patuh::check::data_type",
        "data that does not hold the declared type",
    ),
    error(
        "patuh::check::shadowed_name",
        "a `let` named like a field or a variable in scope",
    ),
    warning(
        "patuh::check::undeclared_key",
        "a data key no `field` declares there (an error with `--deny-undeclared`)",
    ),
    warning(
        "patuh::check::unused_variable",
        "a variable or a `let` that is never used",
    ),
    warning("patuh::check::missing_title", "a rule without a title"),
    warning(
        "patuh::check::unknown_value",
        "`x == \"text\"` where no data has that text at `x`",
    ),
    warning(
        "patuh::check::unknown_item",
        "`documents[\"...\"]` or `list[\"...\"]` where no loaded region has that name",
    ),
    warning(
        "patuh::check::duplicate_name",
        "two regions of one list, or two documents, with the same name",
    ),
    warning(
        "patuh::check::empty_list",
        "`x in []` or `x not in []`: decided before any data is read",
    ),
    warning(
        "patuh::check::no_schema",
        "linting rule files without any `field` declaration",
    ),
    error(
        "patuh::test::missing_failure",
        "a rule test expects a failure that does not happen",
    ),
    error(
        "patuh::test::missing_unknown",
        "a rule test expects an unknown that does not happen",
    ),
    error(
        "patuh::test::unexpected_failure",
        "a failure on a line that does not expect it",
    ),
    error(
        "patuh::test::unexpected_unknown",
        "an unknown on a line that does not expect it",
    ),
    error(
        "patuh::test::fired_on_ok_line",
        "a finding on a line marked `# ok:`",
    ),
    error(
        "patuh::test::unknown_rule",
        "an annotation names a rule that does not exist",
    ),
    error(
        "patuh::test::unknown_annotation",
        "a comment that looks like an annotation but is none",
    ),
    error(
        "patuh::test::malformed_annotation",
        "an annotation without a rule id",
    ),
    error(
        "patuh::test::dangling_annotation",
        "an annotation with no value after it",
    ),
    error(
        "patuh::test::no_annotations",
        "a rule test with no annotation: it would test nothing",
    ),
    error(
        "patuh::explain::unknown_rule",
        "`patuh explain` of a rule that does not exist",
    ),
    error(
        "patuh::explain::no_subject",
        "`--subject` matching no subject of the rule",
    ),
    error(
        "patuh::fmt::changed_meaning",
        "formatting would change what the rules mean; the file is left alone",
    ),
    error(
        "patuh::fmt::lost_comment",
        "formatting would lose a comment; the file is left alone",
    ),
    error(
        "patuh::fmt::write",
        "a formatted file that cannot be written",
    ),
    error(
        "patuh::convert::unrepresentable",
        "data the long table cannot hold (a list under a year, a dotted key)",
    ),
    error(
        "patuh::convert::undeclared",
        "a column no declaration names, which could not be read back",
    ),
    error(
        "patuh::output::duplicate",
        "two reports to one file, or two to standard output",
    ),
    error(
        "patuh::output::write",
        "a report or converted file that cannot be written",
    ),
    error(
        "patuh::output::stream",
        "standard output or error that cannot be written",
    ),
    error(
        "patuh::baseline::syntax",
        "a baseline that is not a JSON report of patuh",
    ),
    error(
        "patuh::baseline::version",
        "a baseline written by a newer patuh",
    ),
    error(
        "patuh::waiver::shape",
        "a waiver register that is not `waivers:` with a list",
    ),
    error(
        "patuh::waiver::not_a_mapping",
        "a waiver that is not a mapping of fields",
    ),
    error(
        "patuh::waiver::missing_field",
        "a waiver without a rule, subject, reason or expiry",
    ),
    error(
        "patuh::waiver::unknown_field",
        "a waiver field the register does not have",
    ),
    error(
        "patuh::waiver::not_text",
        "a waiver field that must be text but is not",
    ),
    error("patuh::waiver::empty", "a waiver field left empty"),
    error("patuh::waiver::bad_date", "an expiry that is not a date"),
    warning(
        "patuh::waiver::expired",
        "a waiver past its expiry: the findings it covered count again",
    ),
    warning(
        "patuh::waiver::stale",
        "a waiver that matches no finding, or names no rule",
    ),
];

/// The entry of `code`, if patuh has it.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// The table as `docs/diagnostics.md` prints it.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | level | meaning |\n| --- | --- | --- |\n");
    for c in CODES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.code,
            c.level.as_str(),
            c.summary
        ));
    }
    out
}
