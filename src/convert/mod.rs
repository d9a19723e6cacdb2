//! `patuh convert`: data from one convention to another. The input is
//! loaded by the same loader as `patuh check` (YAML, CSV, workbooks, the
//! rows of a province joined into one document), then written out:
//! as YAML, one file per document ([`yaml`]), or as the long table plus
//! the source register, in CSV or in a workbook ([`table`]). A round trip
//! gives the same figures, so `patuh check` gives the same findings.
//!
//! What the long table cannot hold (a list where a figure is expected, a
//! key with a dot in it, a field of a region that is also a field of a
//! year, a column the rules do not declare and so could not read back) is
//! an error at its place, never dropped.

mod error;
mod table;
mod yaml;

pub use error::{ConvertError, Unrepresentable};
pub use table::{Cell, Table, Tables, tables, write_csv, write_xlsx};
pub use yaml::{documents_as_yaml, yaml_file_name};
