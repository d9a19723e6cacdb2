//! The neighbours of a year in its series: `previous` (the key minus one)
//! and `prior` (the nearest earlier key present), and a figure of the year
//! compared with the same figure of a neighbour (`change`, `growth`).

use super::observe::Observer;
use super::ops::undefined_val;
use super::run::Cx;
use super::value::{Reason, Val};
use crate::check::{Neighbour, Node, Slot};
use crate::data::{NodeId, Tag};
use crate::source::Span;

impl<'a, O: Observer> Cx<'a, O> {
    /// The neighbour of the entry in `slot`.
    pub(super) fn neighbour(&self, which: Neighbour, slot: Slot, span: Span) -> Val {
        match &self.vars[slot] {
            Val::Entry { map, key, .. } => self.neighbour_of(which, *map, *key, span),
            _ => undefined_val(Reason::NoSeries { what: which.word() }, span),
        }
    }

    /// The neighbour of the entry `key` of series `map`: missing (with the
    /// year it lacks) when there is none.
    pub(super) fn neighbour_of(
        &self,
        which: Neighbour,
        map: NodeId,
        key: NodeId,
        span: Span,
    ) -> Val {
        let Some(year) = int_key(self.data, key) else {
            return undefined_val(Reason::NoSeries { what: which.word() }, span);
        };
        let found = match which {
            Neighbour::Previous => year
                .checked_sub(1)
                .and_then(|p| self.data.entry_int(map, p)),
            // The latest key before `year`, wherever the file lists it:
            // one pass over the entries, as a key lookup is.
            Neighbour::Prior => self
                .data
                .entries(map)
                .iter()
                .filter_map(|&(k, v)| int_key(self.data, k).map(|y| (y, k, v)))
                .filter(|&(y, ..)| y < year)
                .max_by_key(|&(y, ..)| y)
                .map(|(_, k, v)| (k, v)),
        };
        match found {
            Some((key, value)) => Val::Entry { map, key, value },
            None => {
                let reason = match which {
                    Neighbour::Previous => Reason::NoPrevious {
                        year: year.saturating_sub(1),
                    },
                    Neighbour::Prior => Reason::NoPrior { year },
                };
                Val::unknown(reason, span, Some(key))
            }
        }
    }

    /// `arg` for the year in `slot` and for its neighbour.
    pub(super) fn year_over_year(
        &mut self,
        arg: &'a Node<'a>,
        slot: Slot,
        which: Neighbour,
        span: Span,
    ) -> Result<(Val, Val), Val> {
        let Val::Entry { map, key, .. } = self.vars[slot].clone() else {
            return Err(undefined_val(Reason::NoSeries { what: which.word() }, span));
        };
        let now = self.eval(arg).scalar(self.data);
        let before_entry = self.neighbour_of(which, map, key, span);
        if matches!(before_entry, Val::Unknown(_)) {
            return Err(before_entry);
        }
        let saved = std::mem::replace(&mut self.vars[slot], before_entry);
        let mut before = self.eval(arg).scalar(self.data);
        self.vars[slot] = saved;
        // The figure missing is the neighbour's: `prior.participants.bpu`.
        if let Val::Unknown(u) = &mut before
            && let Reason::Missing { what } = &mut u.reason
        {
            *what = format!("{}.{what}", which.word());
        }
        Ok((now, before))
    }
}

/// The year a key node holds.
fn int_key(data: &crate::data::Dataset, key: NodeId) -> Option<i64> {
    let n = data.node(key);
    (n.tag == Tag::Int).then_some(n.payload as i64)
}
