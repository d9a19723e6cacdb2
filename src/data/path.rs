//! How a node of the data is named: the region label reports print and the
//! path from a document's root (`regencies[Donggala].years.2023.funds_bpu`).
//! Every stage that names data (evaluation, checks, waivers, reports) asks
//! here, so a path means the same everywhere.

use super::{Dataset, NodeId, View};

/// A readable name for a region map: its `name`, else `province`, else `code`.
pub fn region_label(data: &Dataset, map: NodeId) -> Option<String> {
    ["name", "province", "code"].iter().find_map(|k| {
        let id = data.get(map, data.sym(k)?)?;
        match data.view(id) {
            View::Str(s) => Some(s.to_owned()),
            View::Int(i) => Some(i.to_string()),
            _ => None,
        }
    })
}

/// One step from a document's root towards a node.
pub struct Step {
    /// `2023` or `[Donggala]`.
    pub label: String,
    /// The key node of a mapping step.
    pub key: Option<NodeId>,
    /// The map or list the step is taken in.
    pub from: NodeId,
}

/// The steps from a document's root to `target`.
///
/// Children always have larger ids than their parent and siblings are in id
/// order, so the way down is found by entering the child whose id range
/// holds the target, without a parent index.
pub fn steps_to(data: &Dataset, target: NodeId) -> Vec<Step> {
    let mut steps = Vec::new();
    // Documents, entries and items are in id order: each step is a binary
    // search, so a finding costs the depth of its value, not the size of
    // the list it is in (200,000 regencies in one file stay linear).
    let docs = data.docs();
    let Some(&root) = docs
        .partition_point(|d| *d <= target)
        .checked_sub(1)
        .and_then(|i| docs.get(i))
    else {
        return steps;
    };
    let mut at = root;
    while at != target {
        let next = match data.view(at) {
            View::Map(entries) => entries
                .partition_point(|(k, _)| *k <= target)
                .checked_sub(1)
                .map(|i| {
                    let (k, v) = entries[i];
                    steps.push(Step {
                        label: key_label(data, k),
                        key: Some(k),
                        from: at,
                    });
                    if k == target { k } else { v }
                }),
            View::Seq(items) => items
                .partition_point(|i| *i <= target)
                .checked_sub(1)
                .map(|i| {
                    let item = items[i];
                    let name = region_label(data, item).unwrap_or_else(|| i.to_string());
                    steps.push(Step {
                        label: format!("[{name}]"),
                        key: None,
                        from: at,
                    });
                    item
                }),
            _ => None,
        };
        match next {
            Some(n) if n > at || n == target => at = n,
            _ => break,
        }
    }
    steps
}

/// A mapping key as a path writes it: numbers without digit grouping.
fn key_label(data: &Dataset, key: NodeId) -> String {
    match data.view(key) {
        View::Null => "empty".into(),
        View::Bool(b) => b.to_string(),
        View::Int(i) => i.to_string(),
        View::Dec(d) => d.to_string(),
        View::Str(s) => s.to_owned(),
        View::Map(_) => "a map".into(),
        View::Seq(items) => format!("a list of {}", items.len()),
    }
}

/// The path from a document's root to `target`: `regencies[Donggala].years.2023.funds_bpu`.
pub fn data_path(data: &Dataset, target: NodeId) -> String {
    path_of(&steps_to(data, target))
}

/// The path the steps take.
pub fn path_of(steps: &[Step]) -> String {
    let mut path = String::new();
    for s in steps {
        if !path.is_empty() && !s.label.starts_with('[') {
            path.push('.');
        }
        path.push_str(&s.label);
    }
    path
}

/// The maps and lists on the way from a document's root down to `target`
/// (the root first, `target` itself not included).
pub fn containers(data: &Dataset, target: NodeId) -> Vec<NodeId> {
    steps_to(data, target).into_iter().map(|s| s.from).collect()
}
