//! The sync client's decisions, pure so they are tested natively (issue
//! 11): how long to wait before trying again ([`Backoff`]) and what an
//! answer from the server means for the loop ([`Outcome::of_status`]).
//! The app's runner only carries them out.

use serde::{Deserialize, Serialize};

use super::outbox::{OutboxRow, Pending};
use super::protocol::{ErrorBody, PushMutation, Role};
use crate::model::Id;

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

/// The next push when only the first rows of the outbox were read (the
/// app reads `max + 1` rows, not the whole outbox): `next` is the key of
/// the first row not read. Entries at or after it are left out, because a
/// row not read may hold older ones, and a push must be the oldest
/// entries (the server acknowledges everything up to the highest seq).
pub fn page_before(rows: &[OutboxRow], next: Option<u64>, max: usize) -> Vec<Pending> {
    let mut out: Vec<Pending> = rows
        .iter()
        .flat_map(OutboxRow::entries)
        .filter(|e| next.is_none_or(|n| e.seq() < n))
        .collect();
    out.sort_by_key(Pending::seq);
    out.truncate(max);
    out
}

/// The account this device syncs with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The server's address without a trailing slash (`""`: the origin
    /// the app was loaded from).
    pub server: String,
    /// The bearer session token.
    pub token: String,
    pub user_id: Id,
    pub workspace_id: Id,
    /// The workspace's name.
    pub workspace: String,
    pub email: String,
    pub role: Role,
}

/// What a device keeps about sync (in its database, beside the data).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncState {
    /// Signed in: where and as whom.
    #[serde(default)]
    pub account: Option<Account>,
    /// The pull cursor (empty: from the beginning). It is written in the
    /// same transaction as the page it follows.
    #[serde(default)]
    pub cursor: String,
    /// When the last sync finished (ms since the epoch).
    #[serde(default)]
    pub last_sync: Option<i64>,
    /// The workspace this device's data last went to or came from. Kept
    /// after signing out: joining another workspace then sends every
    /// record again, because the outbox was emptied by the first one.
    #[serde(default)]
    pub synced_with: Option<Id>,
}

impl SyncState {
    /// Whether this device may write (no account, or a role that writes).
    pub fn writes(&self) -> bool {
        self.account.as_ref().is_none_or(|a| a.role.writes())
    }
}

/// How a device with local data joins a workspace, once the person
/// chose to keep that data (the other choice is to empty the device and
/// take the workspace's data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Nothing to send beyond what waits: no local data, or this device
    /// already synced with this workspace.
    AsItIs,
    /// The outbox holds every change since the database was made: the
    /// usual pushes send it all.
    PushOutbox,
    /// The outbox was emptied by another workspace: every record is put
    /// back in it first.
    RequeueAll,
}

/// The join plan for `workspace`, with `records` records on the device.
pub fn join_plan(state: &SyncState, workspace: Id, records: u64) -> Join {
    match state.synced_with {
        _ if records == 0 => Join::AsItIs,
        None => Join::PushOutbox,
        Some(w) if w == workspace => Join::AsItIs,
        Some(_) => Join::RequeueAll,
    }
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

    #[test]
    fn a_partial_read_pushes_only_entries_older_than_the_first_row_not_read() {
        use crate::model::Entity;
        use crate::sync::outbox::CreatedRef;
        let r = |q: u64| {
            Pending::Created(CreatedRef {
                q,
                e: Entity::Customer,
                i: Id::from_uuid(uuid::Uuid::from_u128(q as u128)),
                k: None,
            })
        };
        // A compacted row (1, 9) before a row starting at 4.
        let rows = vec![
            OutboxRow::from_entries(vec![r(1), r(9)]).unwrap(),
            OutboxRow::from_entries(vec![r(4), r(5)]).unwrap(),
        ];
        let seqs = |p: Vec<Pending>| p.iter().map(Pending::seq).collect::<Vec<_>>();
        assert_eq!(seqs(page_before(&rows[..1], Some(4), 10)), [1]);
        assert_eq!(seqs(page_before(&rows, None, 10)), [1, 4, 5, 9]);
        assert_eq!(seqs(page_before(&rows, None, 2)), [1, 4]);
    }

    #[test]
    fn joining_sends_everything_again_only_after_another_workspace() {
        let w = Id::from_uuid(uuid::Uuid::from_u128(1));
        let other = Id::from_uuid(uuid::Uuid::from_u128(2));
        let mut s = SyncState::default();
        assert_eq!(join_plan(&s, w, 0), Join::AsItIs);
        assert_eq!(join_plan(&s, w, 10), Join::PushOutbox);
        s.synced_with = Some(w);
        assert_eq!(join_plan(&s, w, 10), Join::AsItIs);
        s.synced_with = Some(other);
        assert_eq!(join_plan(&s, w, 10), Join::RequeueAll);
        assert_eq!(join_plan(&s, w, 0), Join::AsItIs);
    }

    #[test]
    fn a_viewer_does_not_write() {
        let mut s = SyncState::default();
        assert!(s.writes());
        let id = Id::from_uuid(uuid::Uuid::from_u128(1));
        s.account = Some(Account {
            server: String::new(),
            token: "t".into(),
            user_id: id,
            workspace_id: id,
            workspace: "W".into(),
            email: "a@b.c".into(),
            role: Role::Viewer,
        });
        assert!(!s.writes());
        let back: SyncState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        let old: SyncState = serde_json::from_str("{}").unwrap();
        assert_eq!(old, SyncState::default());
    }
}
