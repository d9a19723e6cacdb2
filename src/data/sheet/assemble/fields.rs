//! A region's own fields and a province's sources: one value each, from
//! the YAML document or a sheet, never both.

use super::{Assembler, Spot, two};
use crate::data::NodeId;
use crate::data::Tag;
use crate::data::sheet::error::SheetError;
use crate::data::sheet::schema::SourceRole;
use crate::data::sheet::table::Sheet;
use crate::data::sheet::writer::From;
use std::collections::HashMap;

impl<'a> Assembler<'a> {
    /// The region's own fields from its rows: one value each, not given
    /// by its YAML mapping too.
    pub(super) fn region_fields(
        &mut self,
        y: Option<usize>,
        given: &[(&str, NodeId)],
        parts: &[(usize, u32)],
        name: &str,
    ) {
        let sheets = self.sheets;
        let mut written: Vec<(&str, usize, u32)> = Vec::new();
        for &(s, r) in parts {
            let sheet = &sheets[s].sheet;
            for &(col, node) in &sheet.regions[r as usize].fields {
                let column = sheet.columns[col as usize].name.as_str();
                if let (Some(y), Some(&(_, k))) = (y, given.iter().find(|(key, _)| *key == column))
                {
                    let (file, again, first, elsewhere) =
                        two(self.yaml_spot(y, k), self.sheet_spot(s, node));
                    self.errors.push(
                        SheetError::GivenTwice {
                            path: column.to_owned(),
                            region: name.to_owned(),
                            file,
                            again,
                            first,
                            elsewhere,
                        }
                        .into(),
                    );
                    continue;
                }
                if let Some(&(_, s0, n0)) = written.iter().find(|(c, _, _)| *c == column) {
                    let (a, b) = (
                        sheets[s0].sheet.nodes[n0 as usize],
                        sheet.nodes[node as usize],
                    );
                    let (va, vb) = (shown(&sheets[s0].sheet, n0), shown(sheet, node));
                    if a.tag != b.tag || va != vb {
                        let (file, again, first, elsewhere) =
                            two(self.sheet_spot(s0, n0), self.sheet_spot(s, node));
                        self.errors.push(
                            SheetError::RegionDisagrees {
                                column: column.to_owned(),
                                region: name.to_owned(),
                                first_value: va,
                                again_value: vb,
                                file,
                                again,
                                first,
                                elsewhere,
                            }
                            .into(),
                        );
                    }
                    continue;
                }
                written.push((column, s, node));
                self.w.text(self.header_from(s, col as usize), column);
                self.cell(s, node);
            }
        }
    }

    /// A province's sources: its YAML entries, then the register's rows.
    pub(super) fn sources(
        &mut self,
        yaml: Option<(usize, NodeId)>,
        rows: &[(usize, u32)],
        name: &str,
    ) {
        let sheets = self.sheets;
        let at = match (yaml, rows.first()) {
            (Some((y, id)), _) => From::node(self.yaml[y].file, &self.yaml_node(y, id)),
            (None, Some(&(s, row))) => self.sheet_from(s, sheets[s].sheet.sources[row as usize].id),
            (None, None) => return,
        };
        self.w.open(at, true);
        let mut seen: HashMap<&'a str, Spot> = HashMap::new();
        if let Some((y, id)) = yaml {
            for &(k, v) in self.yaml_entries(y, id) {
                if let Some(key) = self.yaml_text(y, k) {
                    seen.insert(key, self.yaml_spot(y, k));
                }
                self.copy(y, k);
                self.copy(y, v);
            }
        }
        for &(s, row) in rows {
            let sheet = &sheets[s].sheet;
            let src = &sheet.sources[row as usize];
            let id = sheet.text(src.id);
            let spot = self.sheet_spot(s, src.id);
            if let Some(first) = seen.get(id) {
                let (file, again, first, elsewhere) = two(first.clone(), spot);
                self.errors.push(
                    SheetError::GivenTwice {
                        path: format!("sources.{id}"),
                        region: name.to_owned(),
                        file,
                        again,
                        first,
                        elsewhere,
                    }
                    .into(),
                );
                continue;
            }
            seen.insert(id, spot);
            self.cell(s, src.id);
            self.w.open(self.sheet_from(s, src.id), true);
            for node in src.cells.clone() {
                let col = sheet.cols[node as usize] as usize;
                if let Some(SourceRole::Field(key)) = sheet.columns[col].source {
                    self.w.text(self.header_from(s, col), key);
                    self.cell(s, node);
                }
            }
            self.w.close();
        }
        self.w.close();
    }
}

/// A value as text, to compare and to show.
fn shown(sheet: &Sheet, node: u32) -> String {
    let n = sheet.nodes[node as usize];
    match n.tag {
        Tag::Str => sheet.text(node).to_owned(),
        Tag::Int => (n.payload as i64).to_string(),
        Tag::Dec => sheet.decimals[n.payload as usize].to_string(),
        Tag::Bool => (n.payload != 0).to_string(),
        _ => String::new(),
    }
}
