//! [`StepSort`]: a merge sort that runs in bounded steps, so a caller on a
//! browser's page thread can hand the browser a turn between two steps.
//!
//! The slice is cut into runs of `run` items, each sorted in one step
//! (`sort_unstable_by`); then runs are merged pairwise, bottom up, moving at
//! most `merge` items per step, a merge resuming where the last step
//! stopped. With a strict total order (no two items compare equal) the
//! result is the one any sort gives.

use std::cmp::Ordering;

/// Where the sort is.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Sorting the run starting at `next`.
    Runs {
        next: usize,
    },
    /// Merging runs of `width` into pairs: the pair starting at `start`,
    /// its left run read up to `left`, its right run up to `right`.
    Merge {
        width: usize,
        start: usize,
        left: usize,
        right: usize,
    },
    Done,
}

/// A merge sort of `items` in bounded steps.
#[derive(Debug, Clone)]
pub(super) struct StepSort<T> {
    items: Vec<T>,
    /// Where a merge pass writes; swapped with `items` after each pass.
    spare: Vec<T>,
    run: usize,
    merge: usize,
    phase: Phase,
}

impl<T: Copy> StepSort<T> {
    /// Sorts `items` in runs of `run` items, then merges moving at most
    /// `merge` items per step (both at least 1).
    pub(super) fn new(items: Vec<T>, run: usize, merge: usize) -> StepSort<T> {
        StepSort {
            spare: Vec::new(),
            items,
            run: run.max(1),
            merge: merge.max(1),
            phase: Phase::Runs { next: 0 },
        }
    }

    /// Does one bounded piece of the sort; returns whether more remain.
    /// `cmp` must be the same order in every step.
    pub(super) fn step(&mut self, mut cmp: impl FnMut(&T, &T) -> Ordering) -> bool {
        let n = self.items.len();
        match self.phase {
            Phase::Runs { next } => {
                let end = (next + self.run).min(n);
                self.items[next..end].sort_unstable_by(&mut cmp);
                self.phase = if end < n {
                    Phase::Runs { next: end }
                } else {
                    self.first_pass(n)
                };
            }
            Phase::Merge {
                width,
                start,
                left,
                right,
            } => self.merge_step(width, start, left, right, &mut cmp),
            Phase::Done => {}
        }
        !matches!(self.phase, Phase::Done)
    }

    /// Whether the items are sorted.
    pub(super) fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// The sorted items (the sort must be done).
    pub(super) fn into_sorted(self) -> Vec<T> {
        debug_assert!(self.is_done());
        self.items
    }

    /// The first merge pass, or done when one run holds everything.
    fn first_pass(&mut self, n: usize) -> Phase {
        if self.run >= n {
            return Phase::Done;
        }
        self.spare = self.items.clone();
        Phase::Merge {
            width: self.run,
            start: 0,
            left: 0,
            right: self.run.min(n),
        }
    }

    /// Merges up to `self.merge` items of the current pass.
    fn merge_step(
        &mut self,
        width: usize,
        mut start: usize,
        mut left: usize,
        mut right: usize,
        cmp: &mut impl FnMut(&T, &T) -> Ordering,
    ) {
        let n = self.items.len();
        let mut budget = self.merge;
        while budget > 0 && start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            // The next output position: what both runs gave so far.
            let mut out = start + (left - start) + (right - mid);
            while budget > 0 && left < mid && right < end {
                if cmp(&self.items[right], &self.items[left]) == Ordering::Less {
                    self.spare[out] = self.items[right];
                    right += 1;
                } else {
                    self.spare[out] = self.items[left];
                    left += 1;
                }
                out += 1;
                budget -= 1;
            }
            // One run is used up: the other's rest is copied as it is.
            if budget > 0 && (left == mid || right == end) {
                let (from, to) = if left < mid {
                    (left, mid)
                } else {
                    (right, end)
                };
                let take = (to - from).min(budget);
                self.spare[out..out + take].copy_from_slice(&self.items[from..from + take]);
                if left < mid {
                    left += take;
                } else {
                    right += take;
                }
                budget -= take;
            }
            if left == mid && right == end {
                start = end;
                left = start;
                right = (start + width).min(n);
            }
        }
        self.phase = if start < n {
            Phase::Merge {
                width,
                start,
                left,
                right,
            }
        } else {
            std::mem::swap(&mut self.items, &mut self.spare);
            let width = width * 2;
            if width >= n {
                Phase::Done
            } else {
                Phase::Merge {
                    width,
                    start: 0,
                    left: 0,
                    right: width.min(n),
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::StepSort;

    proptest! {
        #[test]
        fn sorts_like_sort_in_any_step_sizes(
            items in proptest::collection::vec(0u32..50, 0..300),
            run in 1usize..40,
            merge in 1usize..40,
        ) {
            // Distinct items (the sort needs a strict order): value, then
            // position.
            let items: Vec<(u32, usize)> = items.into_iter().enumerate().map(|(i, v)| (v, i)).collect();
            let mut expected = items.clone();
            expected.sort();
            let mut sort = StepSort::new(items, run, merge);
            let mut steps = 0;
            while sort.step(Ord::cmp) {
                steps += 1;
                prop_assert!(steps < 100_000, "the sort never ends");
            }
            prop_assert!(sort.is_done());
            prop_assert!(!sort.step(Ord::cmp), "a done sort stays done");
            prop_assert_eq!(sort.into_sorted(), expected);
        }
    }

    #[test]
    fn an_empty_or_single_run_is_done_in_one_step() {
        let mut sort = StepSort::new(Vec::<u8>::new(), 4, 4);
        assert!(!sort.step(Ord::cmp));
        let mut sort = StepSort::new(vec![3u8, 1, 2], 4, 4);
        assert!(!sort.step(Ord::cmp));
        assert_eq!(sort.into_sorted(), vec![1, 2, 3]);
    }
}
