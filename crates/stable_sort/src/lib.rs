//! One stable sort for the whole app.
//!
//! Why: every `slice::sort_by*` call site monomorphises its own copy of the standard library's
//! driftsort (3–4 KB of wasm each). Here the merge sort runs on indices behind `&dyn Fn`, so it is
//! compiled once and each call site only adds a few bytes of glue. The lists sorted here are short
//! (findings, the nodes of one picture row), where this is as fast as it needs to be.

use std::cmp::Ordering;

/// `items.sort_by_key(key)`, stable.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort_by(compare)`, stable.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items = &*items;
        stable_order(items.len(), &|a, b| {
            compare(&items[a], &items[b]) == Ordering::Greater
        })
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The indices `0..len` in stable sorted order (bottom-up merge sort, O(n log n)).
fn stable_order(len: usize, greater: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                // From the right run only when strictly smaller: equal items keep their order.
                if right < end && (left >= mid || greater(order[left], order[right])) {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        // A small deterministic generator: every length up to 70, keys with many ties.
        let mut seed = 0x2545_f491_u32;
        for len in 0..70 {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed % 7, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |item| item.0);
            let mut std_sorted = items;
            // The reference this sort is checked against.
            #[allow(clippy::disallowed_methods)]
            std_sorted.sort_by_key(|item| item.0);
            assert_eq!(ours, std_sorted, "length {len}");
        }
    }
}
