//! Data completeness: the documents that lack a collection the rules read
//! from them (a province file without `regencies`), each named once per
//! document rather than once per rule. An optional collection that is
//! absent has no items (nothing to check there); any other is missing, and
//! the rules that need it are unknown there. Every format shows the same
//! facts in its summary.

use serde::Serialize;

use super::Report;
use crate::data::path::region_label;

/// A document without some collections the rules read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Incomplete {
    /// The document as reports name it (its `province`, `name` or `code`,
    /// else its file).
    pub document: String,
    /// Its file, as given on the command line.
    pub file: String,
    /// 1-based line where the document starts.
    pub line: usize,
    /// 1-based column where the document starts.
    pub column: usize,
    /// What it lacks, by name.
    pub lacks: Vec<Lacking>,
}

/// One collection a document lacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lacking {
    /// The collection's name: `regencies`.
    pub field: String,
    /// Declared `optional`: absent, it has no items, so nothing is checked
    /// there and nothing is unknown; else the rules that need it are
    /// unknown there.
    pub optional: bool,
}

impl Lacking {
    /// `` no `regencies` (optional: nothing to check there) ``.
    pub fn text(&self) -> String {
        format!("no `{}` ({})", self.field, self.consequence())
    }

    /// What lacking it means: `optional: nothing to check there`, or `the
    /// rules that need it are unknown there`.
    pub fn consequence(&self) -> &'static str {
        if self.optional {
            "optional: nothing to check there"
        } else {
            "the rules that need it are unknown there"
        }
    }
}

impl Incomplete {
    /// `` Kalimantan Barat (data/kalimantan-barat.yaml): no `regencies` (...) ``.
    pub fn text(&self) -> String {
        let lacks: Vec<String> = self.lacks.iter().map(Lacking::text).collect();
        format!("{} ({}): {}", self.document, self.file, lacks.join("; "))
    }
}

impl Report<'_> {
    /// The documents that lack a collection a rule read from them, in
    /// document order, each once with all it lacks.
    pub fn completeness(&self) -> Vec<Incomplete> {
        let mut out: Vec<Incomplete> = Vec::new();
        let mut last = None;
        // `lacking` is in document order: a document's lacks are together.
        for lack in &self.eval.lacking {
            let lacking = Lacking {
                field: lack.field.clone(),
                optional: lack.optional,
            };
            if last == Some(lack.doc)
                && let Some(doc) = out.last_mut()
            {
                doc.lacks.push(lacking);
                continue;
            }
            last = Some(lack.doc);
            let loc = self.data.loc(lack.doc);
            out.push(Incomplete {
                document: region_label(self.data, lack.doc)
                    .unwrap_or_else(|| loc.file.name().to_owned()),
                file: loc.file.name().to_owned(),
                line: loc.line,
                column: loc.column,
                lacks: vec![lacking],
            });
        }
        out
    }

    /// One line on the data's completeness for a summary, when a document
    /// lacks something: `2 documents lack collections the rules read`.
    pub fn completeness_headline(&self) -> Option<String> {
        let n = self.completeness().len();
        (n > 0).then(|| {
            format!(
                "data completeness: {n} document{} {} collections the rules read",
                super::plural(n),
                if n == 1 { "lacks" } else { "lack" }
            )
        })
    }
}
