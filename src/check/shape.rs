//! The shape of the loaded data: which fields exist where, and what they
//! hold, summarised in one linear pass.
//!
//! Every node at the same place merges into one [`Shape`]: all documents
//! into the root, all items of a list into one item shape, all values of a
//! year-keyed map into one value shape. The summary grows only when a new
//! place is met, so the national dataset (~17M nodes) costs one walk and
//! a few hundred small allocations.

use crate::data::{Dataset, NodeId, Sym, Tag, View};

/// Index of a [`Shape`].
pub(crate) type ShapeId = usize;

/// All documents, merged.
pub(crate) const ROOT: ShapeId = 0;

/// What a node can be, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Int,
    Dec,
    Text,
    /// A map with text keys.
    Record,
    /// A non-empty map whose keys are all integers (years).
    Series,
    /// `{}`: a record or a series without entries.
    EmptyMap,
    List,
}

impl Kind {
    const ALL: [Kind; 9] = [
        Kind::Null,
        Kind::Bool,
        Kind::Int,
        Kind::Dec,
        Kind::Text,
        Kind::Record,
        Kind::Series,
        Kind::EmptyMap,
        Kind::List,
    ];

    /// What the data holds, in words: "text", "a list".
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Null => "an empty value",
            Kind::Bool => "true or false",
            Kind::Int => "a whole number",
            Kind::Dec => "a decimal number",
            Kind::Text => "text",
            Kind::Record => "a map of fields",
            Kind::Series => "a map keyed by year",
            Kind::EmptyMap => "an empty map",
            Kind::List => "a list",
        }
    }
}

/// How many distinct texts a shape remembers, to tell a literal that no
/// data has (`kind == "kota"`) from one that some does.
const MAX_TEXTS: usize = 16;

/// Everything the data holds at one place.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// How many nodes of each [`Kind`] (indexed by `Kind as usize`).
    pub counts: [u32; 9],
    /// The first node of each kind, to point at.
    pub first: [Option<NodeId>; 9],
    /// Fields of the maps with text keys.
    pub fields: Vec<(Sym, ShapeId)>,
    /// Items of the lists.
    pub items: Option<ShapeId>,
    /// Values of the year-keyed maps.
    pub values: Option<ShapeId>,
    /// Distinct texts, while there are at most [`MAX_TEXTS`].
    pub texts: Vec<Sym>,
    /// More distinct texts than [`MAX_TEXTS`].
    pub many_texts: bool,
    /// The shape this one is inside of, and how.
    pub up: Option<(ShapeId, Up)>,
    /// For a field: the first key node that names it, to point at.
    pub key: Option<NodeId>,
}

/// How a shape sits inside its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Up {
    /// Under a key of a map.
    Field(Sym),
    /// An item of a list.
    Item,
    /// A value of a year-keyed map.
    Value,
}

impl Shape {
    /// How many values this place holds, of every kind.
    pub(crate) fn total(&self) -> u32 {
        self.counts.iter().fold(0u32, |a, &c| a.saturating_add(c))
    }

    /// The kinds present, in a fixed order, nulls left out.
    pub(crate) fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        Kind::ALL
            .into_iter()
            .filter(|&k| k != Kind::Null && self.counts[k as usize] > 0)
    }

    /// Every distinct text this place holds, when there are few.
    pub(crate) fn all_texts(&self) -> Option<&[Sym]> {
        (!self.many_texts && self.kinds().eq([Kind::Text])).then_some(&self.texts)
    }
}

/// The shape of a whole dataset.
#[derive(Debug)]
pub(crate) struct Shapes {
    pub nodes: Vec<Shape>,
}

impl Shapes {
    /// Summarises `data` in one walk over its nodes.
    pub(crate) fn of(data: &Dataset) -> Shapes {
        let mut s = Shapes {
            nodes: vec![Shape::default()],
        };
        for &doc in data.docs() {
            s.visit(data, doc, ROOT);
        }
        s
    }

    /// The shape of field `key` at `at`.
    pub(crate) fn field(&self, at: ShapeId, key: Sym) -> Option<ShapeId> {
        self.nodes[at]
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, s)| s)
    }

    fn new_shape(&mut self, parent: ShapeId, up: Up) -> ShapeId {
        self.nodes.push(Shape {
            up: Some((parent, up)),
            ..Shape::default()
        });
        self.nodes.len() - 1
    }

    /// How a field at `id` would be declared: its keys up from the region
    /// it belongs to, through records and year-keyed maps (`years.coverage`).
    pub(crate) fn declared_path(&self, data: &Dataset, id: ShapeId) -> String {
        let mut parts = Vec::new();
        let mut at = id;
        while let Some((parent, up)) = self.nodes[at].up {
            match up {
                Up::Field(key) => parts.push(data.str(key)),
                Up::Value => {}
                Up::Item => break,
            }
            at = parent;
        }
        parts.reverse();
        parts.join(".")
    }

    fn count(&mut self, at: ShapeId, kind: Kind, id: NodeId) {
        let shape = &mut self.nodes[at];
        shape.counts[kind as usize] = shape.counts[kind as usize].saturating_add(1);
        shape.first[kind as usize].get_or_insert(id);
    }

    // Recursion depth is bounded by the loader's nesting limit (64).
    fn visit(&mut self, data: &Dataset, id: NodeId, at: ShapeId) {
        let node = data.node(id);
        let kind = match node.tag {
            Tag::Null => Kind::Null,
            Tag::Bool => Kind::Bool,
            Tag::Int => Kind::Int,
            Tag::Dec => Kind::Dec,
            Tag::Str => {
                let shape = &mut self.nodes[at];
                let sym = Sym(node.payload as u32);
                if !shape.many_texts && !shape.texts.contains(&sym) {
                    if shape.texts.len() < MAX_TEXTS {
                        shape.texts.push(sym);
                    } else {
                        shape.many_texts = true;
                    }
                }
                Kind::Text
            }
            Tag::Seq => {
                let items = match self.nodes[at].items {
                    Some(s) => s,
                    None => {
                        let s = self.new_shape(at, Up::Item);
                        self.nodes[at].items = Some(s);
                        s
                    }
                };
                if let View::Seq(children) = data.view(id) {
                    for &c in children {
                        self.visit(data, c, items);
                    }
                }
                Kind::List
            }
            Tag::Map => {
                let View::Map(entries) = data.view(id) else {
                    return; // INVARIANT: a Map node views as a map
                };
                let series = !entries.is_empty()
                    && entries.iter().all(|&(k, _)| data.node(k).tag == Tag::Int);
                if entries.is_empty() {
                    Kind::EmptyMap
                } else if series {
                    let values = match self.nodes[at].values {
                        Some(s) => s,
                        None => {
                            let s = self.new_shape(at, Up::Value);
                            self.nodes[at].values = Some(s);
                            s
                        }
                    };
                    for &(_, v) in entries {
                        self.visit(data, v, values);
                    }
                    Kind::Series
                } else {
                    for (i, &(k, v)) in entries.iter().enumerate() {
                        let key = data.node(k);
                        // Integer keys in a map with text keys are not fields.
                        if key.tag != Tag::Str {
                            continue;
                        }
                        let child = self.child(at, Sym(key.payload as u32), i);
                        self.nodes[child].key.get_or_insert(k);
                        self.visit(data, v, child);
                    }
                    Kind::Record
                }
            }
        };
        self.count(at, kind, id);
    }

    /// The shape of field `key` at `at`, made when new. Maps at one place
    /// usually list their keys in the same order, so the field at the
    /// entry's own position is tried first.
    fn child(&mut self, at: ShapeId, key: Sym, position: usize) -> ShapeId {
        let fields = &self.nodes[at].fields;
        if let Some(&(k, s)) = fields.get(position)
            && k == key
        {
            return s;
        }
        if let Some(s) = self.field(at, key) {
            return s;
        }
        let s = self.new_shape(at, Up::Field(key));
        self.nodes[at].fields.push((key, s));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Limits, load};
    use crate::source::SourceFile;

    #[test]
    fn places_merge_across_documents_items_and_years() {
        let a = "province: A\nyears:\n  2023: { participants: { bpu: 5 } }\nregencies:\n  - name: X\n    kind: city\n  - name: Y\n    kind: regency\n";
        let b = "province: B\nyears:\n  2024: { coverage: 31.98 }\n";
        let data = load(
            vec![SourceFile::new("a.yaml", a), SourceFile::new("b.yaml", b)],
            &Limits::default(),
        )
        .expect("loads");
        let s = Shapes::of(&data);
        let sym = |k: &str| data.sym(k).expect("interned");
        let years = s.field(ROOT, sym("years")).expect("years");
        assert_eq!(s.nodes[years].counts[Kind::Series as usize], 2);
        let values = s.nodes[years].values.expect("values");
        assert!(s.field(values, sym("participants")).is_some());
        assert!(s.field(values, sym("coverage")).is_some());
        let items = s.nodes[s.field(ROOT, sym("regencies")).expect("regencies")]
            .items
            .expect("items");
        let kind = s.field(items, sym("kind")).expect("kind");
        let texts: Vec<&str> = s.nodes[kind]
            .all_texts()
            .expect("few texts")
            .iter()
            .map(|&t| data.str(t))
            .collect();
        assert_eq!(texts, ["city", "regency"]);
        assert_eq!(s.nodes[ROOT].counts[Kind::Record as usize], 2);
        let bpu = s
            .field(
                s.field(values, sym("participants")).expect("participants"),
                sym("bpu"),
            )
            .expect("bpu");
        assert_eq!(s.declared_path(&data, bpu), "years.participants.bpu");
        assert_eq!(s.declared_path(&data, kind), "kind");
    }
}
