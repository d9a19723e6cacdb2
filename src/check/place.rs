//! A place in the data: where a value is, as the static checks know it.

use super::schema::SchemaId;
use super::shape::ShapeId;

/// A place in the data, as the rules reach it: the data shapes and the
/// schema nodes that describe it (a variable over `root, regencies` is at
/// two places at once).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Place {
    /// Shapes of the loaded data; empty without data or where the data
    /// has nothing.
    pub data: Vec<ShapeId>,
    /// Schema nodes; empty where nothing is declared.
    pub schema: Vec<SchemaId>,
    /// Anything may be here: a `map` field, or neither schema nor data.
    pub open: bool,
}

impl Place {
    pub(crate) fn open() -> Place {
        Place {
            open: true,
            ..Place::default()
        }
    }

    /// Both places at once.
    pub(crate) fn union(&self, other: &Place) -> Place {
        let mut p = self.clone();
        for &d in &other.data {
            if !p.data.contains(&d) {
                p.data.push(d);
            }
        }
        for &s in &other.schema {
            if !p.schema.contains(&s) {
                p.schema.push(s);
            }
        }
        p.open |= other.open;
        p
    }

    /// A field the data has but no declaration gives a type.
    pub(crate) fn undeclared(&self) -> bool {
        self.schema.is_empty() && !self.data.is_empty()
    }
}
