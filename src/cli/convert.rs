//! `patuh convert`: data from one convention to another (YAML, the long
//! table as CSV, or as an XLSX workbook), through the same loader as
//! `patuh check`, so what is written is what patuh read.

use super::{Color, Exit, bad_input, style};
use crate::Problem;
use crate::convert::{documents_as_yaml, tables, write_csv, write_xlsx, yaml_file_name};
use crate::data::SheetSchema;
use clap::ValueEnum;
use miette::Diagnostic;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Arguments of `patuh convert`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  patuh convert rules data --to csv --out figures.csv     # and figures.sources.csv\n  patuh convert rules data --to xlsx --out figures.xlsx   # sheets `figures` and `sources`\n  patuh convert rules figures.csv figures.sources.csv --to yaml --out data   # one file per province"
)]
pub struct Args {
    /// Rule files (their `field` declarations type the cells and name the
    /// columns), data files and folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// What to write.
    #[arg(long, value_enum)]
    pub to: Target,

    /// Where: a folder for `yaml` (one file per province), a `.csv` file
    /// for `csv` (the sources go beside it, `NAME.sources.csv`), a `.xlsx`
    /// file for `xlsx`.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// When to colour diagnostics; `NO_COLOR` in the environment also turns colour off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// The convention to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// YAML, one file per province.
    Yaml,
    /// The long table as CSV, and the source register beside it.
    Csv,
    /// The long table and the source register as sheets of a workbook.
    Xlsx,
}

/// A converted file that could not be written.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("cannot write `{path}`: {reason}")]
#[diagnostic(
    code(patuh::output::write),
    help("check that the folder exists and can be written")
)]
pub struct WriteError {
    /// As given.
    pub path: String,
    /// What the system said.
    pub reason: String,
}

/// Runs `patuh convert`: exit 0 when everything was written, 2 otherwise.
pub fn run(args: Args) -> Exit {
    let err_style = style(args.color, std::io::stderr().is_terminal());
    let loaded = match super::read_and_load(&args.paths, err_style) {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let written = match args.to {
        Target::Yaml => yaml(&loaded.data, &args.out),
        Target::Csv | Target::Xlsx => {
            let schema = SheetSchema::new(&loaded.rules, true);
            match tables(&loaded.data, &schema) {
                Err(errors) => {
                    let problems: Vec<Problem> =
                        errors.into_iter().map(|e| Box::new(e) as Problem).collect();
                    return bad_input(&problems, err_style);
                }
                Ok(t) if args.to == Target::Csv => {
                    let mut files = vec![(args.out.clone(), write_csv(&t.figures).into_bytes())];
                    if !t.sources.rows.is_empty() {
                        files.push((sources_path(&args.out), write_csv(&t.sources).into_bytes()));
                    }
                    write_all(files)
                }
                Ok(t) => match write_xlsx(&t) {
                    Ok(bytes) => write_all(vec![(args.out.clone(), bytes)]),
                    Err(reason) => Err(WriteError {
                        path: display(&args.out),
                        reason,
                    }),
                },
            }
        }
    };
    match written {
        Ok(paths) => {
            let list: Vec<String> = paths.iter().map(|p| format!("  {p}\n")).collect();
            super::eprint(&format!(
                "patuh convert: wrote {}\n{}",
                super::counted(paths.len(), "file"),
                list.concat()
            ));
            Exit::Passed
        }
        Err(e) => bad_input(&[Box::new(e) as Problem], err_style),
    }
}

/// `figures.csv` -> `figures.sources.csv`.
fn sources_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    out.with_file_name(format!("{stem}.sources.csv"))
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// One YAML file per document in the folder `out`.
fn yaml(data: &crate::data::Dataset, out: &Path) -> Result<Vec<String>, WriteError> {
    std::fs::create_dir_all(out).map_err(|e| WriteError {
        path: display(out),
        reason: e.to_string(),
    })?;
    let mut used: Vec<String> = Vec::new();
    let mut files = Vec::new();
    for (province, text) in documents_as_yaml(data) {
        let base = yaml_file_name(province.as_deref().unwrap_or(""));
        let mut name = base.clone();
        let mut n = 1;
        while used.contains(&name) {
            n += 1;
            name = format!("{}-{n}.yaml", base.trim_end_matches(".yaml"));
        }
        used.push(name.clone());
        files.push((out.join(&name), text.into_bytes()));
    }
    write_all(files)
}

fn write_all(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Vec<String>, WriteError> {
    let mut written = Vec::new();
    for (path, bytes) in files {
        super::write_atomically(&path, &bytes).map_err(|e| WriteError {
            path: display(&path),
            reason: e.to_string(),
        })?;
        written.push(display(&path));
    }
    Ok(written)
}
