//! Hybrid logical clock: the version stamp every record and change carries.
//!
//! A stamp is (wall-clock milliseconds, counter, node). It never goes
//! backwards on one device even when the wall clock does, and after
//! [`Clock::observe`] it is later than every stamp seen from other devices,
//! so "last writer wins" by stamp is a total order that respects causality.
//! The text form sorts like the stamp (fixed-width fields), which lets
//! IndexedDB and SQL index it as a plain string.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One version stamp. Ordered by time, then counter, then node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch (the larger of wall clock and the
    /// largest stamp seen).
    pub millis: u64,
    /// Orders stamps made within the same millisecond.
    pub counter: u32,
    /// The device that made the stamp (breaks ties between devices).
    pub node: u64,
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:015}-{:010}-{:016x}",
            self.millis, self.counter, self.node
        )
    }
}

/// The text is not a stamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid version stamp: {0:?}")]
pub struct StampError(pub String);

impl FromStr for Stamp {
    type Err = StampError;
    fn from_str(s: &str) -> Result<Stamp, StampError> {
        let err = || StampError(s.to_string());
        let mut parts = s.split('-');
        let millis = parts.next().ok_or_else(err)?.parse().map_err(|_| err())?;
        let counter = parts.next().ok_or_else(err)?.parse().map_err(|_| err())?;
        let node = u64::from_str_radix(parts.next().ok_or_else(err)?, 16).map_err(|_| err())?;
        if parts.next().is_some() {
            return Err(err());
        }
        Ok(Stamp {
            millis,
            counter,
            node,
        })
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Stamp {
    /// The zero stamp: older than every stamp a clock makes.
    pub const ZERO: Stamp = Stamp {
        millis: 0,
        counter: 0,
        node: 0,
    };

    pub fn is_zero(&self) -> bool {
        *self == Stamp::ZERO
    }
}

/// The per-field versions of a record (see [`crate::sync`]): the stamp of
/// every path that differs from the base, and the removed set elements.
///
/// Kept sparse: a record written once has no entries at all, and its
/// `version` is the stamp of every path. Records stored before per-field
/// versions existed read as exactly that.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stamps {
    /// The stamp of every path not in `paths`; zero means "the record's
    /// `version`".
    #[serde(default, rename = "b", skip_serializing_if = "Stamp::is_zero")]
    pub base: Stamp,
    /// Paths whose stamp is not the base.
    #[serde(default, rename = "f", skip_serializing_if = "BTreeMap::is_empty")]
    pub paths: BTreeMap<String, Stamp>,
    /// Removed set elements: path → the newest addition the removal saw.
    #[serde(default, rename = "r", skip_serializing_if = "BTreeMap::is_empty")]
    pub removed: BTreeMap<String, Stamp>,
}

impl Stamps {
    /// True when the record carries no per-field versions (written once).
    pub fn is_plain(&self) -> bool {
        self.base.is_zero() && self.paths.is_empty() && self.removed.is_empty()
    }
}

/// How far ahead of the local wall clock an observed stamp may be: one
/// minute. Clocks of phones and laptops agree far better than that; a stamp
/// beyond it comes from a broken clock.
pub const MAX_DRIFT_MILLIS: u64 = 60_000;

/// A stamp from another device is too far in the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a change is stamped {ahead_millis} ms ahead of this device's clock ({stamp}); the clock of the device that made it is wrong"
)]
pub struct DriftError {
    pub stamp: Stamp,
    pub ahead_millis: u64,
}

/// The clock of one session. Each browser tab (each open of the database)
/// gets its own node, so two tabs never make the same stamp; a new session
/// resumes after the newest stamp stored, so stamps never go backwards
/// across reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    last: Stamp,
}

impl Clock {
    /// A clock for device `node` that has seen nothing yet.
    pub fn new(node: u64) -> Clock {
        Clock {
            last: Stamp {
                millis: 0,
                counter: 0,
                node,
            },
        }
    }

    /// A clock that resumes after `last` (the largest stamp this device
    /// stored), so stamps stay increasing across restarts.
    pub fn resume(node: u64, last: Stamp) -> Clock {
        Clock {
            last: Stamp { node, ..last },
        }
    }

    /// The next stamp at wall-clock time `now_millis`; strictly greater than
    /// every stamp this clock made or observed. When the counter of one
    /// millisecond is used up, the stamp moves to the next millisecond (the
    /// clock runs a little ahead rather than repeat or wrap).
    pub fn tick(&mut self, now_millis: u64) -> Stamp {
        if now_millis > self.last.millis {
            self.last.millis = now_millis;
            self.last.counter = 0;
        } else if self.last.counter == u32::MAX {
            self.last.millis += 1;
            self.last.counter = 0;
        } else {
            self.last.counter += 1;
        }
        self.last
    }

    /// Takes in a stamp from another device so later ticks come after it.
    /// A stamp more than [`MAX_DRIFT_MILLIS`] ahead of this device's wall
    /// clock is refused (and not observed): one device with a wrong clock
    /// must not drag every other device's stamps into the future.
    pub fn observe(&mut self, remote: Stamp, now_millis: u64) -> Result<(), DriftError> {
        if remote.millis > now_millis.saturating_add(MAX_DRIFT_MILLIS) {
            return Err(DriftError {
                stamp: remote,
                ahead_millis: remote.millis - now_millis,
            });
        }
        let millis = now_millis.max(remote.millis).max(self.last.millis);
        let counter = if millis == self.last.millis && millis == remote.millis {
            self.last.counter.max(remote.counter)
        } else if millis == self.last.millis {
            self.last.counter
        } else if millis == remote.millis {
            remote.counter
        } else {
            0
        };
        self.last.millis = millis;
        self.last.counter = counter;
        Ok(())
    }

    /// The last stamp made or observed.
    pub fn last(&self) -> Stamp {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ticks_increase_even_when_the_wall_clock_goes_back() {
        let mut clock = Clock::new(7);
        let a = clock.tick(1000);
        let b = clock.tick(1000);
        let c = clock.tick(900);
        let d = clock.tick(2000);
        assert!(a < b && b < c && c < d);
        assert_eq!(c.millis, 1000);
    }

    #[test]
    fn observed_remote_stamps_come_before_later_ticks() {
        let mut clock = Clock::new(1);
        clock.tick(1000);
        let remote = Stamp {
            millis: 5000,
            counter: 3,
            node: 2,
        };
        clock.observe(remote, 1200).unwrap();
        assert!(clock.tick(1300) > remote);
    }

    #[test]
    fn a_stamp_from_far_in_the_future_is_refused_and_not_observed() {
        let mut clock = Clock::new(1);
        let before = clock.tick(1_000);
        let remote = Stamp {
            millis: 1_000 + MAX_DRIFT_MILLIS + 1,
            counter: 0,
            node: 2,
        };
        let err = clock.observe(remote, 1_000).unwrap_err();
        assert_eq!(err.ahead_millis, MAX_DRIFT_MILLIS + 1);
        assert_eq!(clock.last(), before);
        let near = Stamp {
            millis: 1_000 + MAX_DRIFT_MILLIS,
            ..remote
        };
        assert!(clock.observe(near, 1_000).is_ok());
        assert!(clock.tick(1_000) > near);
    }

    #[test]
    fn the_counter_never_wraps() {
        let mut clock = Clock::resume(
            5,
            Stamp {
                millis: 10,
                counter: u32::MAX - 1,
                node: 9,
            },
        );
        let a = clock.tick(10);
        let b = clock.tick(10);
        let c = clock.tick(10);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!((b.millis, b.counter), (11, 0));
        assert_eq!(b.node, 5);
    }

    #[test]
    fn a_new_session_has_its_own_node_and_starts_after_the_stored_stamp() {
        let mut first = Clock::new(1);
        let last = first.tick(5_000);
        // The next session (a reload, another tab) resumes with a new node,
        // even when its wall clock is behind.
        let mut second = Clock::resume(2, last);
        let next = second.tick(4_000);
        assert!(next > last);
        assert_eq!(next.node, 2);
        let mut third = Clock::resume(3, last);
        assert_ne!(third.tick(4_000), next);
    }

    proptest! {
        #[test]
        fn text_form_round_trips_and_sorts_like_the_stamp(
            a in (0u64..10u64.pow(15), any::<u32>(), any::<u64>()),
            b in (0u64..10u64.pow(15), any::<u32>(), any::<u64>()),
        ) {
            let a = Stamp { millis: a.0, counter: a.1, node: a.2 };
            let b = Stamp { millis: b.0, counter: b.1, node: b.2 };
            prop_assert_eq!(a.to_string().parse::<Stamp>(), Ok(a));
            prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        }

        #[test]
        fn a_clock_never_repeats_a_stamp(times in proptest::collection::vec(0u64..5000, 1..50)) {
            let mut clock = Clock::new(3);
            let mut last = Stamp::default();
            for t in times {
                let s = clock.tick(t);
                prop_assert!(s > last);
                last = s;
            }
        }
    }
}
