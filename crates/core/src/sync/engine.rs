//! The sync client's decisions, pure so they are tested natively (issue
//! 11): how long to wait before trying again ([`Backoff`]) and what an
//! answer from the server means for the loop ([`Outcome::of_status`]).
//! The app's runner only carries them out.

use super::outbox::{OutboxRow, Pending};
use super::protocol::{ErrorBody, PushMutation};

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

/// At most this many mutations go in one push.
pub const PUSH_MUTATIONS: usize = 500;
/// A push body stays under this many bytes (the server takes 4 MiB).
pub const PUSH_BYTES: usize = 2 * 1024 * 1024;

/// The oldest `max` waiting entries of the outbox, in sequence order: the
/// next push. Only these are expanded into mutations, so a device with a
/// million waiting changes does not build them all at once.
pub fn page(rows: &[OutboxRow], max: usize) -> Vec<Pending> {
    let mut out = Vec::new();
    for row in rows {
        if out.len() >= max {
            break;
        }
        out.extend(row.entries());
    }
    out.sort_by_key(Pending::seq);
    out.truncate(max);
    out
}

/// How many of `mutations` (oldest first) fit in a push of at most
/// `max_bytes` of JSON: at least one, so a single large record still goes.
pub fn fit(mutations: &[PushMutation], max_bytes: usize) -> usize {
    // The request's own fields and the list's commas.
    let mut used = 128;
    for (n, m) in mutations.iter().enumerate() {
        used += serde_json::to_vec(m).map_or(0, |v| v.len()) + 1;
        if used > max_bytes {
            return n.max(1);
        }
    }
    mutations.len()
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

    #[test]
    fn a_push_takes_the_oldest_entries_and_fits_its_byte_budget() {
        use crate::model::{Entity, Id, Stamp};
        use crate::sync::Mutation;
        use crate::sync::outbox::CreatedRef;
        let client = Id::v7(1, [1; 10]);
        let changed = |seq: u64, note: &str| {
            Pending::Changed(Mutation {
                client_id: client,
                seq,
                entity: Entity::Customer,
                id: Id::v7(2, [seq as u8; 10]),
                stamp: Stamp::ZERO,
                fields: serde_json::Map::from_iter([("notes".to_string(), note.into())]),
                stamps: Default::default(),
                deleted: false,
            })
        };
        let created = |seq: u64| {
            Pending::Created(CreatedRef {
                q: seq,
                e: Entity::Segment,
                i: Id::v7(3, [seq as u8; 10]),
                k: None,
            })
        };
        let rows = vec![
            OutboxRow::from_entries(vec![created(1), changed(3, "a"), created(2)]).unwrap(),
            OutboxRow::from_entries(vec![changed(4, "b"), changed(5, "c")]).unwrap(),
            OutboxRow::from_entries(vec![changed(6, "d")]).unwrap(),
        ];
        let seqs = |p: Vec<Pending>| p.iter().map(Pending::seq).collect::<Vec<_>>();
        assert_eq!(seqs(page(&rows, 4)), [1, 2, 3, 4]);
        assert_eq!(seqs(page(&rows, 100)), [1, 2, 3, 4, 5, 6]);
        assert_eq!(seqs(page(&[], 10)), Vec::<u64>::new());

        let big = "x".repeat(1_000);
        let pushes: Vec<PushMutation> = (1..=10)
            .map(|seq| match changed(seq, &big) {
                Pending::Changed(m) => PushMutation::of(m),
                Pending::Created(_) => unreachable!(),
            })
            .collect();
        let one = serde_json::to_vec(&pushes[0]).unwrap().len();
        assert_eq!(fit(&pushes, 128 + 3 * (one + 1)), 3);
        assert_eq!(fit(&pushes, 10 * 1024 * 1024), 10);
        assert_eq!(fit(&pushes, 10), 1, "one large mutation still goes");
    }
}
