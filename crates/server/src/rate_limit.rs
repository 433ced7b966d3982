//! Login rate limiting: fixed-window failure counters kept in the database
//! (`login_attempts`), so every instance behind a load balancer sees the
//! same counts and a restart forgets nothing.
//!
//! A login or invitation accept first checks the counters of its keys (the
//! email and the client address for a login, the address for an accept);
//! at the limit it is answered 429 with `Retry-After` before any password is
//! hashed. Each failure bumps the counters. Keys are stored as SHA-256, so the
//! table holds no email addresses or IPs. Windows are aligned to multiples
//! of the window length: simple and good enough against guessing, at the
//! price of allowing up to twice the limit across a window boundary.

use std::net::IpAddr;
use std::time::Duration;

use crate::clock::{Millis, millis};
use crate::secrets::hash_secret;
use crate::{AppError, AppState};

/// How many failures are allowed per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub window: Duration,
    /// Failed logins for one email address.
    pub per_email: u32,
    /// Failed logins and invitation accepts from one client address.
    pub per_ip: u32,
}

impl Default for LoginLimits {
    fn default() -> LoginLimits {
        LoginLimits {
            window: Duration::from_secs(15 * 60),
            per_email: 10,
            per_ip: 100,
        }
    }
}

/// One counter: its stored key and its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub key: String,
    pub limit: u32,
}

impl LoginLimits {
    /// The counter of failed logins for an email (its match key).
    pub fn email(&self, email_key: &str) -> Counter {
        Counter {
            key: hash_secret(&format!("email:{email_key}")),
            limit: self.per_email,
        }
    }

    /// The counter of a client address. IPv6 clients are counted per /64,
    /// the block one subscriber usually gets, or a single machine could
    /// rotate through addresses without limit.
    pub fn ip(&self, ip: IpAddr) -> Counter {
        let text = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
        };
        Counter {
            key: hash_secret(&format!("ip:{text}")),
            limit: self.per_ip,
        }
    }

    /// The start of the window `now` falls in.
    pub fn window_start(&self, now: Millis) -> Millis {
        let length = millis(self.window).max(1);
        now - now.rem_euclid(length)
    }

    /// Whole seconds until the window of `now` ends (at least 1): the
    /// `Retry-After` of a 429.
    pub fn retry_after(&self, now: Millis) -> u64 {
        let end = self.window_start(now) + millis(self.window).max(1);
        let left = (end - now).max(1);
        u64::try_from((left + 999) / 1000).unwrap_or(1)
    }
}

/// Answers 429 when any counter is at its limit in the current window.
///
/// # Errors
///
/// 429 `rate_limited` with `Retry-After`, or a storage failure.
pub async fn refuse_when_over(state: &AppState, counters: &[Counter]) -> Result<(), AppError> {
    let limits = state.config.login_limits;
    let now = state.clock.now();
    let start = limits.window_start(now);
    let keys: Vec<String> = counters.iter().map(|c| c.key.clone()).collect();
    let counts = state
        .store(move |store| store.login_failures(&keys, start))
        .await?;
    let over = counters
        .iter()
        .zip(counts)
        .any(|(counter, count)| count >= counter.limit);
    if over {
        return Err(AppError::rate_limited(limits.retry_after(now)));
    }
    Ok(())
}

/// Counts one failure against every counter.
///
/// # Errors
///
/// A storage failure.
pub async fn note_failure(state: &AppState, counters: &[Counter]) -> Result<(), AppError> {
    let start = state.config.login_limits.window_start(state.clock.now());
    let keys: Vec<String> = counters.iter().map(|c| c.key.clone()).collect();
    state
        .store(move |store| store.note_login_failure(&keys, start))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_and_retry_after_counts_the_rest_in_seconds() {
        let limits = LoginLimits::default();
        let window = 15 * 60 * 1000;
        assert_eq!(limits.window_start(3 * window + 5), 3 * window);
        assert_eq!(limits.retry_after(3 * window), 900);
        assert_eq!(limits.retry_after(4 * window - 1), 1);
        assert_eq!(limits.retry_after(4 * window - 1_500), 2);
    }

    #[test]
    fn keys_hide_the_address_and_ipv6_counts_per_64() {
        let limits = LoginLimits::default();
        let email = limits.email("ayse@ornek.com.tr");
        assert!(!email.key.contains("ayse"));
        assert_eq!(email.limit, 10);
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(limits.ip(a), limits.ip(b));
        assert_ne!(limits.ip(a), limits.ip(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(limits.ip(mapped), limits.ip("10.0.0.1".parse().unwrap()));
        assert_eq!(limits.ip(a).limit, 100);
    }
}
