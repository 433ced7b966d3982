//! Hybrid logical clock: the version stamp every record and change carries.
//!
//! A stamp is (wall-clock milliseconds, counter, node). It never goes
//! backwards on one device even when the wall clock does, and after
//! [`Clock::observe`] it is later than every stamp seen from other devices,
//! so "last writer wins" by stamp is a total order that respects causality.
//! The text form sorts like the stamp (fixed-width fields), which lets
//! IndexedDB and SQL index it as a plain string.

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

/// The clock of one device.
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
    /// every stamp this clock made or observed.
    pub fn tick(&mut self, now_millis: u64) -> Stamp {
        if now_millis > self.last.millis {
            self.last.millis = now_millis;
            self.last.counter = 0;
        } else {
            self.last.counter += 1;
        }
        self.last
    }

    /// Takes in a stamp from another device so later ticks come after it.
    pub fn observe(&mut self, remote: Stamp, now_millis: u64) {
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
        clock.observe(remote, 1200);
        assert!(clock.tick(1300) > remote);
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
