//! Stable sorting for the views, through one sort of positions shared by every caller.
//!
//! The standard library's stable sort is made anew for each comparison closure it is
//! called with, ~3.5 KB of wasm each time; the views sort small lists in dozens of
//! places, so the page sorts them here: the closures compare positions through one
//! `dyn` call, and only the small reordering is made per item type. Hot paths (ingest,
//! merging) keep the standard sort.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as [`slice::sort_by`] does.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut positions: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut positions, &mut |a, b| compare(&items[a], &items[b]));
    reorder(items, &positions);
}

/// Sorts `items` stably by the key `key` gives each, as [`slice::sort_by_key`] does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one instance of the standard sort.
fn sort_positions(positions: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    positions.sort_by(|a, b| compare(*a, *b));
}

/// Puts the item at `positions[i]` at `i`, for every `i`, by following each cycle of the
/// permutation with swaps.
fn reorder<T>(items: &mut [T], positions: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = positions[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Equal to the standard stable sort, ties included (the pairs' second halves
        /// show the original order among equal keys).
        #[test]
        fn sorts_as_the_standard_stable_sort_does(keys in proptest::collection::vec(0u8..6, 0..60)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(index, key)| (key, index)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            let mut standard = items.clone();
            standard.sort_by_key(|item| std::cmp::Reverse(item.0));
            prop_assert_eq!(&ours, &standard);
            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |item| item.0);
            let mut standard_by_key = items;
            standard_by_key.sort_by_key(|item| item.0);
            prop_assert_eq!(by_key, standard_by_key);
        }
    }
}
