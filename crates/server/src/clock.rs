//! The server's notion of "now", in Unix milliseconds.
//!
//! Session and invitation expiry and the login rate-limit windows all read
//! this clock, so the tests can step past a 30-day expiry or a 15-minute
//! window by moving a manual clock instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Unix time in milliseconds: how every instant is stored.
pub type Millis = i64;

/// The wall clock, or a hand-moved one for tests.
#[derive(Debug, Clone)]
pub struct Clock(Source);

#[derive(Debug, Clone)]
enum Source {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The system's wall clock.
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    /// A clock that stands at `start` until [`Clock::advance`] moves it;
    /// clones share the same time.
    pub fn manual(start: Millis) -> Clock {
        Clock(Source::Manual(Arc::new(AtomicI64::new(start))))
    }

    /// The current time.
    pub fn now(&self) -> Millis {
        match &self.0 {
            Source::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            Source::Manual(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward (the system clock ignores this).
    pub fn advance(&self, by: Duration) {
        if let Source::Manual(at) = &self.0 {
            at.fetch_add(millis(by), Ordering::SeqCst);
        }
    }
}

/// A duration in milliseconds, saturating (configured durations are days at
/// most, far from the limit).
pub fn millis(duration: Duration) -> Millis {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = Clock::manual(1_000);
        let other = clock.clone();
        assert_eq!(clock.now(), 1_000);
        other.advance(Duration::from_secs(2));
        assert_eq!(clock.now(), 3_000);
    }

    #[test]
    fn the_system_clock_is_after_2024() {
        assert!(Clock::system().now() > 1_704_067_200_000);
    }
}
