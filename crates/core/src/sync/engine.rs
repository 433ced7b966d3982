//! The sync client's decisions, pure so they are tested natively (issue
//! 11): how long to wait before trying again ([`Backoff`]) and what an
//! answer from the server means for the loop ([`Outcome::of_status`]).
//! The app's runner only carries them out.

use super::protocol::ErrorBody;

/// Waits between failed attempts: 1 s, doubling up to 5 minutes, each
/// spread by a jitter the caller draws (so many devices that lost the
/// server together do not come back together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Backoff {
    failures: u32,
}

/// The first wait, in milliseconds.
pub const FIRST_WAIT_MS: u64 = 1_000;
/// The longest wait, in milliseconds.
pub const LONGEST_WAIT_MS: u64 = 5 * 60 * 1_000;

impl Backoff {
    /// One more failure: the wait before the next attempt, in
    /// milliseconds. `jitter` in 0..1 takes up to a quarter off the wait.
    pub fn fail(&mut self, jitter: f64) -> u64 {
        let doubled = FIRST_WAIT_MS.saturating_mul(1u64 << self.failures.min(20));
        self.failures = self.failures.saturating_add(1);
        let wait = doubled.min(LONGEST_WAIT_MS);
        let off = (wait as f64 * 0.25 * jitter.clamp(0.0, 1.0)) as u64;
        wait - off
    }

    /// A success: the next failure starts again from the first wait.
    pub fn succeed(&mut self) {
        self.failures = 0;
    }

    /// Failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

/// What the loop does after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It worked: go on.
    Done,
    /// Try again later: after `after_ms` when the server said
    /// (`Retry-After`), else after the back-off's wait.
    Retry { after_ms: Option<u64> },
    /// The session is gone or was never valid: the person signs in again;
    /// local changes wait in the outbox.
    SignInAgain,
    /// This account may not write (a viewer): keep pulling, stop pushing.
    ReadOnly,
    /// Another installation already uses this client id in the workspace:
    /// make a new one and push everything under it.
    NewClientId,
    /// The server refused a change: stop pushing (later changes wait
    /// behind it), keep pulling, show the record and field to the person.
    Refused {
        code: String,
        message: String,
        field: Option<String>,
        seq: Option<u64>,
    },
    /// This build and the server do not speak the same protocol: update.
    Incompatible { message: String },
}

impl Outcome {
    /// The meaning of an HTTP status with its error body (if any) and its
    /// `Retry-After` in seconds (if any). A network failure is status 0.
    pub fn of_status(status: u16, body: Option<&ErrorBody>, retry_after_s: Option<u64>) -> Outcome {
        let code = body.map(|b| b.error.code.as_str()).unwrap_or("");
        match status {
            200..=299 => Outcome::Done,
            401 => Outcome::SignInAgain,
            403 => Outcome::ReadOnly,
            409 if code == "client_prefix_taken" => Outcome::NewClientId,
            400 if code == "unsupported_protocol" => Outcome::Incompatible {
                message: body.map(|b| b.error.message.clone()).unwrap_or_default(),
            },
            422 | 400 | 404 | 409 | 413 => match body {
                Some(b) => Outcome::Refused {
                    code: b.error.code.clone(),
                    message: b.error.message.clone(),
                    field: b.error.field.clone(),
                    seq: b.error.seq,
                },
                None => Outcome::Refused {
                    code: format!("http_{status}"),
                    message: format!("the server answered {status}"),
                    field: None,
                    seq: None,
                },
            },
            // 0 (no answer), 408, 429, 5xx and anything unexpected: later.
            _ => Outcome::Retry {
                after_ms: retry_after_s.map(|s| s.saturating_mul(1_000)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::protocol::check_protocol;

    #[test]
    fn waits_double_from_a_second_up_to_five_minutes_and_start_again_after_a_success() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..12).map(|_| b.fail(0.0)).collect();
        assert_eq!(
            waits,
            [
                1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
                300_000, 300_000
            ]
        );
        assert_eq!(b.failures(), 12);
        // Many more failures never overflow.
        for _ in 0..100 {
            assert_eq!(b.fail(0.0), LONGEST_WAIT_MS);
        }
        // Jitter takes up to a quarter off, never more.
        let mut j = Backoff::default();
        assert_eq!(j.fail(1.0), 750);
        assert_eq!(j.fail(0.5), 1_750);
        assert_eq!(j.fail(7.0), 3_000, "jitter is clamped to 0..1");
        b.succeed();
        assert_eq!((b.failures(), b.fail(0.0)), (0, FIRST_WAIT_MS));
    }

    #[test]
    fn every_answer_has_a_meaning_for_the_loop() {
        let refused = ErrorBody {
            error: crate::sync::protocol::ErrorDetail {
                code: "invalid_value".into(),
                message: "emails: not an email".into(),
                field: Some("emails".into()),
                seq: Some(7),
            },
        };
        let taken = ErrorBody::new("client_prefix_taken", "taken");
        let protocol = check_protocol(2).unwrap_err();
        let cases: [(u16, Option<&ErrorBody>, Option<u64>, Outcome); 10] = [
            (200, None, None, Outcome::Done),
            (204, None, None, Outcome::Done),
            (401, None, None, Outcome::SignInAgain),
            (403, None, None, Outcome::ReadOnly),
            (409, Some(&taken), None, Outcome::NewClientId),
            (
                422,
                Some(&refused),
                None,
                Outcome::Refused {
                    code: "invalid_value".into(),
                    message: "emails: not an email".into(),
                    field: Some("emails".into()),
                    seq: Some(7),
                },
            ),
            (
                400,
                Some(&protocol),
                None,
                Outcome::Incompatible {
                    message: "protocol 2 is not supported; this server speaks protocol 1".into(),
                },
            ),
            (
                429,
                None,
                Some(30),
                Outcome::Retry {
                    after_ms: Some(30_000),
                },
            ),
            (503, None, None, Outcome::Retry { after_ms: None }),
            (0, None, None, Outcome::Retry { after_ms: None }),
        ];
        for (status, body, retry, expected) in cases {
            assert_eq!(
                Outcome::of_status(status, body, retry),
                expected,
                "{status}"
            );
        }
        assert!(matches!(
            Outcome::of_status(413, None, None),
            Outcome::Refused { code, .. } if code == "http_413"
        ));
    }
}
