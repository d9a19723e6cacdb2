//! A region's years: its YAML entries, then its rows, each row a year's
//! figures laid out by the sheet's columns (`participants` > `bpu`).

use super::{Assembler, Slot, Spot, two};
use crate::data::sheet::error::SheetError;
use crate::data::sheet::table::{NONE, Sheet};
use crate::data::sheet::writer::From;
use crate::data::{NodeId, Tag};
use std::collections::HashMap;

impl Assembler<'_> {
    /// A region's years: its YAML entries, then its rows'.
    pub(super) fn years(
        &mut self,
        yaml: Option<(usize, NodeId)>,
        parts: &[(usize, u32)],
        name: &str,
    ) {
        let sheets = self.sheets;
        let at = match yaml {
            Some((y, id)) => From::node(self.yaml[y].file, &self.yaml_node(y, id)),
            None => {
                let Some(&(s, r)) = parts
                    .iter()
                    .find(|&&(s, r)| !sheets[s].sheet.regions[r as usize].rows.is_empty())
                else {
                    return;
                };
                let row = sheets[s].sheet.regions[r as usize].rows[0];
                self.sheet_from(s, sheets[s].sheet.rows[row as usize].year)
            }
        };
        self.w.open(at, true);
        // Only with more than one source of years can one be given twice
        // here (a sheet finds its own repeats).
        let check = yaml.is_some() || parts.len() > 1;
        let mut seen: HashMap<i64, Spot> = HashMap::new();
        if let Some((y, id)) = yaml {
            for &(k, v) in self.yaml_entries(y, id) {
                let kn = self.yaml_node(y, k);
                if kn.tag == Tag::Int {
                    seen.insert(kn.payload as i64, self.yaml_spot(y, k));
                }
                self.copy(y, k);
                self.copy(y, v);
            }
        }
        for &(s, r) in parts {
            let sheet = &sheets[s].sheet;
            for &row in &sheet.regions[r as usize].rows {
                let year_node = sheet.rows[row as usize].year;
                let year = sheet.nodes[year_node as usize].payload as i64;
                if check {
                    let spot = self.sheet_spot(s, year_node);
                    if let Some(first) = seen.get(&year) {
                        let (file, again, first, elsewhere) = two(first.clone(), spot);
                        self.errors.push(
                            SheetError::DuplicateRow {
                                what: "region-year",
                                region: name.to_owned(),
                                year,
                                file,
                                again,
                                first,
                                elsewhere,
                            }
                            .into(),
                        );
                        continue;
                    }
                    seen.insert(year, spot);
                }
                self.cell(s, year_node);
                self.row(s, row);
            }
        }
        self.w.close();
    }

    /// A row's figures, as a year's mapping.
    pub(super) fn row(&mut self, s: usize, row: u32) {
        let sheets = self.sheets;
        let sheet = &sheets[s].sheet;
        let r = &sheet.rows[row as usize];
        let at = self.sheet_from(s, r.year);
        let mut present = std::mem::take(&mut self.present[s]);
        for node in r.cells.clone() {
            present[sheet.cols[node as usize] as usize] = node;
        }
        self.w.open(at, true);
        self.slots(s, &sheets[s].layout, &present);
        self.w.close();
        for node in r.cells.clone() {
            present[sheet.cols[node as usize] as usize] = NONE;
        }
        self.present[s] = present;
    }

    pub(super) fn slots(&mut self, s: usize, slots: &[Slot], present: &[u32]) {
        for slot in slots {
            match slot {
                Slot::Leaf { key, col } => {
                    let node = present[*col as usize];
                    if node != NONE && self.sheets[s].sheet.nodes[node as usize].tag != Tag::Null {
                        self.w.text(self.header_from(s, *col as usize), key);
                        self.cell(s, node);
                    }
                }
                Slot::Group { key, slots, .. } => {
                    let Some(first) = first_present(slots, present, &self.sheets[s].sheet) else {
                        continue;
                    };
                    let at = self.sheet_from(s, first);
                    self.w.text(at, key);
                    self.w.open(at, true);
                    self.slots(s, slots, present);
                    self.w.close();
                }
            }
        }
    }
}

/// The first cell of a row that a group of slots holds.
fn first_present(slots: &[Slot], present: &[u32], sheet: &Sheet) -> Option<u32> {
    slots.iter().find_map(|slot| match slot {
        Slot::Leaf { col, .. } => {
            let node = present[*col as usize];
            (node != NONE && sheet.nodes[node as usize].tag != Tag::Null).then_some(node)
        }
        Slot::Group { slots, .. } => first_present(slots, present, sheet),
    })
}
