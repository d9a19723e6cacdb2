//! What can go wrong while reading a spreadsheet: one [`SheetError`]
//! variant per failure, each with a stable code (`patuh::sheet::*`), a
//! label on the cell it is about and, where the fix is known, a help line.
//! A problem that involves two places in two files (a region-year given in
//! a sheet and again in a YAML file) points at the second and carries the
//! first as an [`Elsewhere`] note.

use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use std::fmt;

/// One problem in one sheet (a CSV file, or a sheet of an XLSX workbook).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum SheetError {
    /// The first row of a sheet holds no column name patuh knows: the
    /// header row is missing, e.g. a sheet that starts with `Aceh,,2023,1200`.
    #[error("`{sheet}` has no header row: its first row starts with `{first}`")]
    #[diagnostic(
        code(patuh::sheet::no_header),
        help(
            "put a header row first: `province,regency,year` and a column per figure, e.g. `participants.bpu`"
        )
    )]
    NoHeader {
        /// The sheet's name.
        sheet: String,
        /// The first cell of the first row.
        first: String,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The first row.
        #[label("this is data, not column names")]
        at: SourceSpan,
    },

    /// A sheet with no row of data below its header, or no row at all.
    #[error("`{sheet}` holds no rows of data")]
    #[diagnostic(
        code(patuh::sheet::no_rows),
        help("a sheet holds a header row and a row per region and year: fill it in, or remove it")
    )]
    NoRows {
        /// The sheet's name.
        sheet: String,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The header, or the start.
        #[label("nothing below this")]
        at: SourceSpan,
    },

    /// An identity column the convention needs is not in the header, e.g.
    /// a table of figures without `year`.
    #[error("`{sheet}` has no `{column}` column")]
    #[diagnostic(code(patuh::sheet::missing_column))]
    MissingColumn {
        /// The sheet's name.
        sheet: String,
        /// The column that is missing.
        column: &'static str,
        /// What the column is for.
        #[help]
        help: MissingColumnHelp,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The header row.
        #[label("the header row")]
        at: SourceSpan,
    },

    /// A column whose name is neither an identity column nor a declared
    /// field, e.g. `participant.bpu`.
    #[error("column `{column}` is not a declared field")]
    #[diagnostic(code(patuh::sheet::unknown_column))]
    UnknownColumn {
        /// The header as written.
        column: String,
        /// The nearest name, or how to declare it.
        #[help]
        help: UnknownColumnHelp,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The header cell.
        #[label("not a column patuh knows")]
        at: SourceSpan,
    },

    /// The same column name twice in one header.
    #[error("column `{column}` appears twice in the header")]
    #[diagnostic(
        code(patuh::sheet::duplicate_column),
        help("two columns for the same figure must not be silently resolved: keep one of them")
    )]
    DuplicateColumn {
        /// The header.
        column: String,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The first one.
        #[label("first here")]
        first: SourceSpan,
        /// The second one.
        #[label("again here")]
        again: SourceSpan,
    },

    /// A row with more cells than the header has columns.
    #[error("a row of {found} cells under a header of {expected} columns")]
    #[diagnostic(
        code(patuh::sheet::row_length),
        help(
            "every row has a cell per column of the header; quote a value that holds the separator"
        )
    )]
    RowLength {
        /// Columns of the header.
        expected: usize,
        /// Cells of the row.
        found: usize,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The cell past the header.
        #[label("no column for this cell")]
        at: SourceSpan,
    },

    /// A value in a column whose header cell is empty: no field to put it in.
    #[error("a value in a column with no header")]
    #[diagnostic(
        code(patuh::sheet::unnamed_column),
        help("name the column in the header (a field the rules declare), or empty the cell")
    )]
    UnnamedColumn {
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The cell.
        #[label("its column has no name")]
        at: SourceSpan,
    },

    /// A row that does not say which region it is about: no province, or a
    /// village without its district.
    #[error("a row with no `{column}`")]
    #[diagnostic(code(patuh::sheet::missing_identity))]
    MissingIdentity {
        /// The identity column that is empty.
        column: &'static str,
        /// What it needs.
        #[help]
        help: MissingColumnHelp,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The empty cell.
        #[label("empty")]
        at: SourceSpan,
    },

    /// A row of figures for a region and year that another row, or a YAML
    /// file, already gives.
    #[error("{what} `{region}` / {year} is given twice")]
    #[diagnostic(
        code(patuh::sheet::duplicate_row),
        help(
            "two sets of figures for the same region and year must not be silently resolved: keep one"
        )
    )]
    DuplicateRow {
        /// `region-year`.
        what: &'static str,
        /// The region, as a path of names.
        region: String,
        /// The year.
        year: i64,
        /// The file of the second place.
        #[source_code]
        file: SourceFile,
        /// The second place.
        #[label("again here")]
        again: SourceSpan,
        /// The first place, when in the same file.
        #[label("first here")]
        first: Option<SourceSpan>,
        /// The first place, when in another file.
        #[related]
        elsewhere: Vec<Elsewhere>,
    },

    /// A region column (`code`, `kind`) with two values for one region.
    #[error(
        "`{column}` of `{region}` is `{first_value}` in one row and `{again_value}` in another"
    )]
    #[diagnostic(
        code(patuh::sheet::region_disagrees),
        help(
            "a region's own fields have one value: write the same on every row of the region, or leave the cell empty"
        )
    )]
    RegionDisagrees {
        /// The column.
        column: String,
        /// The region, as a path of names.
        region: String,
        /// The first value.
        first_value: String,
        /// The second value.
        again_value: String,
        /// The file of the second place.
        #[source_code]
        file: SourceFile,
        /// The second value.
        #[label("`{again_value}` here")]
        again: SourceSpan,
        /// The first value, when in the same file.
        #[label("`{first_value}` here")]
        first: Option<SourceSpan>,
        /// The first value, when in another file.
        #[related]
        elsewhere: Vec<Elsewhere>,
    },

    /// A figure, or a source, given both by a sheet and by a YAML file (or by
    /// two sheets).
    #[error("`{path}` of `{region}` is given twice")]
    #[diagnostic(
        code(patuh::sheet::given_twice),
        help("a figure is kept in one place: remove it from the sheet or from the YAML file")
    )]
    GivenTwice {
        /// The key, e.g. `code` or `sources.antara-2023`.
        path: String,
        /// The region, as a path of names.
        region: String,
        /// The file of the second place.
        #[source_code]
        file: SourceFile,
        /// The second place.
        #[label("again here")]
        again: SourceSpan,
        /// The first place, when in the same file.
        #[label("first here")]
        first: Option<SourceSpan>,
        /// The first place, when in another file.
        #[related]
        elsewhere: Vec<Elsewhere>,
    },

    /// Two YAML documents of a province that sheets add rows to: which one
    /// the rows belong to cannot be decided.
    #[error("province `{province}` has two YAML documents to add the sheet's rows to")]
    #[diagnostic(
        code(patuh::sheet::two_documents),
        help("keep one document per province when a sheet adds figures to it")
    )]
    TwoDocuments {
        /// The province.
        province: String,
        /// The second document's file.
        #[source_code]
        file: SourceFile,
        /// Its `province`.
        #[label("second document")]
        again: SourceSpan,
        /// The first, when in the same file.
        #[label("first document")]
        first: Option<SourceSpan>,
        /// The first, when in another file.
        #[related]
        elsewhere: Vec<Elsewhere>,
    },

    /// A cell that is not a value of its column's declared type, e.g. `ya`
    /// in a `bool` column or `12,5` in a `count` column.
    #[error("`{text}` in column `{column}` is not {expected}")]
    #[diagnostic(code(patuh::sheet::bad_cell))]
    BadCell {
        /// The cell as written.
        text: String,
        /// The column.
        column: String,
        /// What the declared type takes, in words: `a whole number`.
        expected: &'static str,
        /// How to write it.
        #[help]
        help: BadCellHelp,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The cell.
        #[label("not {expected}")]
        at: SourceSpan,
    },

    /// A number whose separator could be a thousands separator or a
    /// decimal mark, and no other cell of its column says which: `12.500`
    /// is 12500 written the Indonesian way, or 12.5.
    #[error("`{text}` in column `{column}` could be {thousands} or {decimal}")]
    #[diagnostic(
        code(patuh::sheet::ambiguous_number),
        help(
            "write it without a thousands separator (`12500`), or with a decimal mark no one can misread (`12.500,0` or `12,500.0`)"
        )
    )]
    AmbiguousNumber {
        /// The cell as written.
        text: String,
        /// The column.
        column: String,
        /// The reading with the separator as thousands separator.
        thousands: String,
        /// The reading with the separator as decimal mark.
        decimal: String,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The cell.
        #[label("which one?")]
        at: SourceSpan,
    },

    /// A column that uses `.` (or `,`) as thousands separator in one cell
    /// and as decimal mark in another.
    #[error(
        "column `{column}` writes `{separator}` as a thousands separator and as a decimal mark"
    )]
    #[diagnostic(
        code(patuh::sheet::mixed_separators),
        help(
            "write every number of a column the same way, e.g. `12.500` and `31,98` (Indonesian) or `12,500` and `31.98`"
        )
    )]
    MixedSeparators {
        /// The column.
        column: String,
        /// `.` or `,`.
        separator: char,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// A cell where it separates thousands.
        #[label("thousands separator here")]
        thousands: SourceSpan,
        /// A cell where it is the decimal mark.
        #[label("decimal mark here")]
        decimal: SourceSpan,
    },

    /// A spreadsheet error value in a cell, e.g. `#DIV/0!` or `#N/A`.
    #[error("the cell holds the spreadsheet error `{text}`")]
    #[diagnostic(
        code(patuh::sheet::error_cell),
        help("fix the formula, or clear the cell if the figure is not known")
    )]
    ErrorCell {
        /// The error as shown.
        text: String,
        /// The sheet's text.
        #[source_code]
        file: SourceFile,
        /// The cell.
        #[label("not a figure")]
        at: SourceSpan,
    },

    /// A workbook that cannot be read: not an XLSX file, a broken zip,
    /// password-protected.
    #[error("cannot read the workbook `{book}`: {reason}")]
    #[diagnostic(
        code(patuh::sheet::unreadable),
        help("save it again as an Excel workbook (.xlsx), or export each sheet as CSV (UTF-8)")
    )]
    Unreadable {
        /// The workbook's name.
        book: String,
        /// What the reader said.
        reason: String,
        /// The workbook, as an empty text under its name.
        #[source_code]
        file: SourceFile,
    },

    /// A workbook that would unpack to more than the limits allow: a zip
    /// bomb, or more cells than any region table has.
    #[error("the workbook `{book}` holds more than {limit} {what}")]
    #[diagnostic(
        code(patuh::sheet::too_large),
        help("split the data into several workbooks or CSV files")
    )]
    TooLarge {
        /// The workbook's name.
        book: String,
        /// The limit.
        limit: u64,
        /// `bytes unpacked`, `cells`.
        what: &'static str,
        /// The workbook, as an empty text under its name.
        #[source_code]
        file: SourceFile,
    },
}

/// Where the first of two places is, when it is in another file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("first given in `{}`", .file.name())]
#[diagnostic(severity(Advice))]
pub struct Elsewhere {
    /// Its file.
    #[source_code]
    pub file: SourceFile,
    /// The place.
    #[label("first here")]
    pub at: SourceSpan,
}

/// What an identity column is for.
#[derive(Debug, Clone, Copy)]
pub enum MissingColumnHelp {
    /// `province`.
    Province,
    /// `regency`.
    Regency,
    /// `year`.
    Year,
    /// `district`, needed by `village`.
    District,
    /// `id` of a source register.
    SourceId,
}

impl fmt::Display for MissingColumnHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MissingColumnHelp::Province => {
                "every row names its province in a `province` column: rows of one province form one document"
            }
            MissingColumnHelp::Regency => {
                "a `regency` column names the regency of each row, empty on the province's own rows"
            }
            MissingColumnHelp::Year => {
                "a `year` column says which year a row's figures are for, e.g. `2023`"
            }
            MissingColumnHelp::District => {
                "a village belongs to a district: name it in the `district` column"
            }
            MissingColumnHelp::SourceId => {
                "a source register (`sources.csv`, or a `sources` sheet) names each source in an `id` column"
            }
        })
    }
}

/// How to fix a column name patuh does not know.
#[derive(Debug, Clone)]
pub enum UnknownColumnHelp {
    /// The nearest known column.
    DidYouMean(String),
    /// No near name: declare it.
    Declare,
    /// A source register's columns.
    SourceColumns,
}

impl fmt::Display for UnknownColumnHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownColumnHelp::DidYouMean(name) => write!(f, "did you mean `{name}`?"),
            UnknownColumnHelp::Declare => f.write_str(
                "a column is `province`, `regency`, `district`, `village`, `year`, a field of a region \
                 (`code`) or of a year (`participants.bpu`) as a rule file declares it \
                 (`field years.participants.bpu: count`)",
            ),
            UnknownColumnHelp::SourceColumns => f.write_str(
                "a source register has the columns `province`, `id`, `title`, `publisher`, `date` and `url`",
            ),
        }
    }
}

/// How to write a value of a declared type.
#[derive(Debug, Clone, Copy)]
pub enum BadCellHelp {
    /// A count.
    Count,
    /// A number.
    Number,
    /// A percentage.
    Percent,
    /// Rupiah.
    Rupiah,
    /// A year.
    Year,
    /// A boolean.
    Bool,
}

impl fmt::Display for BadCellHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BadCellHelp::Count => {
                "a count is a whole number, e.g. `12500` or `12.500`; leave the cell empty when it is not known"
            }
            BadCellHelp::Number => {
                "write a number, e.g. `0,5` or `0.5`; leave the cell empty when it is not known"
            }
            BadCellHelp::Percent => {
                "write the percentage as published, e.g. `31,98`, `31,98%` or `31.98`; leave the cell empty when it is not known"
            }
            BadCellHelp::Rupiah => {
                "write an amount in rupiah, e.g. `Rp 16.800` or `16800`; leave the cell empty when it is not known"
            }
            BadCellHelp::Year => "write a year as a whole number, e.g. `2023`",
            BadCellHelp::Bool => {
                "write `true` or `false`; leave the cell empty when it is not known"
            }
        })
    }
}

impl SheetError {
    /// The file the error is in (for a workbook that cannot be read, an
    /// empty text under the workbook's name).
    pub fn file(&self) -> &SourceFile {
        match self {
            SheetError::NoHeader { file, .. }
            | SheetError::NoRows { file, .. }
            | SheetError::MissingColumn { file, .. }
            | SheetError::UnknownColumn { file, .. }
            | SheetError::UnnamedColumn { file, .. }
            | SheetError::DuplicateColumn { file, .. }
            | SheetError::RowLength { file, .. }
            | SheetError::MissingIdentity { file, .. }
            | SheetError::DuplicateRow { file, .. }
            | SheetError::RegionDisagrees { file, .. }
            | SheetError::GivenTwice { file, .. }
            | SheetError::TwoDocuments { file, .. }
            | SheetError::BadCell { file, .. }
            | SheetError::AmbiguousNumber { file, .. }
            | SheetError::MixedSeparators { file, .. }
            | SheetError::ErrorCell { file, .. }
            | SheetError::Unreadable { file, .. }
            | SheetError::TooLarge { file, .. } => file,
        }
    }

    /// The span the error points at; empty for a whole workbook.
    pub fn span(&self) -> SourceSpan {
        match self {
            SheetError::NoHeader { at, .. }
            | SheetError::NoRows { at, .. }
            | SheetError::MissingColumn { at, .. }
            | SheetError::UnknownColumn { at, .. }
            | SheetError::UnnamedColumn { at, .. }
            | SheetError::RowLength { at, .. }
            | SheetError::MissingIdentity { at, .. }
            | SheetError::BadCell { at, .. }
            | SheetError::AmbiguousNumber { at, .. }
            | SheetError::ErrorCell { at, .. } => *at,
            SheetError::DuplicateColumn { again, .. }
            | SheetError::DuplicateRow { again, .. }
            | SheetError::RegionDisagrees { again, .. }
            | SheetError::GivenTwice { again, .. }
            | SheetError::TwoDocuments { again, .. } => *again,
            SheetError::MixedSeparators { decimal, .. } => *decimal,
            SheetError::Unreadable { .. } | SheetError::TooLarge { .. } => (0, 0).into(),
        }
    }
}
