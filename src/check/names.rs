//! Regions the data names twice: two items of one list, or two documents,
//! with the same name (its `name`, else `province`, else `code`, as every
//! report prints it). `regencies["A"]` then cannot choose (it is unknown at
//! run time), and findings, waivers and baselines name two subjects alike.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rayon::prelude::*;

use super::CheckError;
use super::error::{DuplicateNameError, ElsewhereNote};
use crate::data::path::{data_path, region_label};
use crate::data::{Dataset, NodeId, Sym, Tag, View};

/// A warning at each region named like one before it in the same list (or
/// among the documents), pointing at the first.
pub(super) fn duplicate_names(data: &Dataset, out: &mut Vec<CheckError>) {
    // The keys that name a region, in the order reports read them.
    let keys: Vec<Sym> = ["name", "province", "code"]
        .iter()
        .filter_map(|k| data.sym(k))
        .collect();
    if keys.is_empty() {
        return;
    }
    // Names compare as interned symbols (or integers): no text is built
    // unless two are alike.
    let mut seen = HashMap::new();
    same_names(data, &keys, data.docs(), None, &mut seen, out);
    // Each document's nodes are one id range: the documents in parallel.
    let docs = data.docs();
    let found: Vec<Vec<CheckError>> = (0..docs.len())
        .into_par_iter()
        .map(|d| {
            let end = docs.get(d + 1).map_or(data.node_count(), |n| n.0 as usize);
            let mut seen = HashMap::new();
            let mut out = Vec::new();
            for id in (docs[d].0 as usize..end).map(|i| NodeId(i as u32)) {
                if data.node(id).tag == Tag::Seq
                    && let View::Seq(items) = data.view(id)
                    && items.len() > 1
                {
                    same_names(data, &keys, items, Some(id), &mut seen, &mut out);
                }
            }
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn same_names(
    data: &Dataset,
    keys: &[Sym],
    items: &[NodeId],
    list: Option<NodeId>,
    seen: &mut HashMap<(bool, u64), NodeId>,
    out: &mut Vec<CheckError>,
) {
    seen.clear();
    for &item in items {
        if data.node(item).tag != Tag::Map {
            continue;
        }
        let Some(at) = keys.iter().find_map(|&k| {
            data.get(item, k)
                .filter(|&v| matches!(data.node(v).tag, Tag::Str | Tag::Int))
        }) else {
            continue;
        };
        let node = data.node(at);
        let first = match seen.entry((node.tag == Tag::Str, node.payload)) {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(v) => {
                v.insert(at);
                continue;
            }
        };
        let name = region_label(data, item).unwrap_or_default();
        let (first, again) = (data.loc(first), data.loc(at));
        let same_file = first.file.name() == again.file.name();
        out.push(
            DuplicateNameError {
                name: crate::report::escape::terminal(&name).into_owned(),
                list: list.map_or_else(|| "documents".to_owned(), |l| data_path(data, l)),
                again: again.span,
                first: same_file.then_some(first.span),
                elsewhere: if same_file {
                    Vec::new()
                } else {
                    vec![ElsewhereNote {
                        what: "named",
                        span: first.span,
                        src: first.file.clone(),
                    }]
                },
                src: again.file.clone(),
            }
            .into(),
        );
    }
}
