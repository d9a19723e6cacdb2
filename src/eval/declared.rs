//! Units the rule files declare for data fields (`field coverage: percent`),
//! applied where a data figure becomes a value.
//!
//! A declaration applies by the field's name wherever it appears (the
//! check pass makes sure one name has one type). The table is indexed by
//! the data's interned key, resolved once per evaluation, so applying it
//! costs one bounds-checked load per field read and no hashing.

use super::value::{Num, Unit, Val};
use crate::ast::{FieldType, RuleFile};
use crate::data::{Dataset, Sym};

/// How a declared field's figure is read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Read {
    /// As written.
    AsIs,
    /// A percentage as published: `31.98` is the ratio 0.3198.
    Percent,
    /// In this unit.
    In(Unit),
}

/// Declared units by data key.
#[derive(Debug, Default)]
pub(crate) struct Declared {
    by_key: Vec<Read>,
}

impl Declared {
    /// The units `files` declare, for the keys `data` holds.
    pub(crate) fn new(files: &[RuleFile], data: &Dataset) -> Declared {
        let mut by_key = Vec::new();
        for decl in files.iter().flat_map(|f| &f.fields) {
            let read = match decl.ty.node {
                FieldType::Percent => Read::Percent,
                FieldType::Ratio => Read::In(Unit::Ratio),
                FieldType::Rupiah => Read::In(Unit::Rupiah),
                FieldType::Year => Read::In(Unit::Year),
                _ => continue,
            };
            let Some(key) = decl.path.last().and_then(|n| data.sym(&n.node)) else {
                continue;
            };
            let i = key.0 as usize;
            if by_key.len() <= i {
                by_key.resize(i + 1, Read::AsIs);
            }
            // The first declaration wins; the check pass rejects a second one.
            if by_key[i] == Read::AsIs {
                by_key[i] = read;
            }
        }
        Declared { by_key }
    }

    /// `v`, read from the data under `key`, in its declared unit.
    #[inline]
    pub(crate) fn apply(&self, key: Sym, v: Val) -> Val {
        match (self.by_key.get(key.0 as usize), v) {
            (Some(Read::Percent), Val::Num(n, _)) => {
                Val::Num(Num::Dec(n.as_f64() / 100.0), Unit::Ratio)
            }
            (Some(Read::In(unit)), Val::Num(n, _)) => Val::Num(n, *unit),
            (_, v) => v,
        }
    }
}
