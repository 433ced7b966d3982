//! The sync server's decisions, pure so they are tested natively and the
//! server's two databases cannot disagree (issue 11).
//!
//! [`plan_push`] decides what one push does to the stored records: which
//! mutations are replays (their `(client_id, seq)` was already applied),
//! which are refused (a bad value, a stamp from the future, sequence
//! numbers out of order) and, for the rest, the merged state of every
//! record they touch. The server's storage only loads records and writes
//! the plan in one transaction. [`MemoryHub`] is the same server in memory:
//! the convergence test runs devices against it, and the server's own
//! tests check that both databases answer what it answers.
//!
//! A client's applied mutations are remembered as a high-water mark (the
//! highest `seq` applied), not one row per mutation: a client pushes its
//! outbox oldest first, one request at a time, with sequence numbers that
//! only grow, and compacting the outbox only ever keeps the higher number,
//! so everything at or below the mark was applied or folded into something
//! that was.

use std::collections::{BTreeMap, BTreeSet};

use super::mutation::{Mutation, MutationError, apply};
use super::ops::follow_merge;
use super::protocol::{Change, ErrorBody, ErrorDetail, check};
use crate::model::{Entity, Id, MAX_DRIFT_MILLIS, Record};

/// A record of the plan to store: its merged state as a pull hands it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub entity: Entity,
    pub id: Id,
    /// The record that holds it (a purchase's customer), if any.
    pub container: Option<Id>,
    pub deleted: bool,
    pub change: Change,
}

/// What a push does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PushPlan {
    /// Records whose merged state changed, in the order first touched.
    pub writes: Vec<Write>,
    /// The client's high-water mark after the push.
    pub acked: u64,
}

/// Why a push is refused as a whole (nothing of it is stored).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PushError<E> {
    /// Sequence numbers must grow within a batch.
    #[error("mutation {seq}: sequence numbers must grow within a push")]
    SeqOrder { seq: u64 },
    /// The stamp is further in the future than clocks may drift: devices
    /// would refuse it when they pull it.
    #[error("mutation {seq}: its time is more than a minute ahead of the server's clock")]
    ClockAhead { seq: u64 },
    /// A field of a mutation is unknown or holds a bad value.
    #[error("mutation {seq} ({entity:?} {id}): {field}: {reason}")]
    Invalid {
        seq: u64,
        entity: Entity,
        id: Id,
        field: String,
        reason: String,
    },
    /// A stored record could not be read back (a bug or a damaged row).
    #[error("stored {entity:?} {id} cannot be read: {reason}")]
    Corrupt {
        entity: Entity,
        id: Id,
        reason: String,
    },
    /// The storage failed to load records.
    #[error("loading records failed: {0}")]
    Load(E),
}

impl<E> PushError<E> {
    /// The HTTP status and error body the server answers with, or `None`
    /// for a storage failure (a 500 the server words itself).
    pub fn answer(&self) -> Option<(u16, ErrorBody)>
    where
        E: std::fmt::Display,
    {
        let (code, seq, field) = match self {
            PushError::SeqOrder { seq } => ("seq_order", *seq, None),
            PushError::ClockAhead { seq } => ("clock_ahead", *seq, None),
            PushError::Invalid { seq, field, .. } => (
                "invalid_value",
                *seq,
                Some(field.clone()).filter(|f| !f.is_empty()),
            ),
            PushError::Corrupt { .. } | PushError::Load(_) => return None,
        };
        Some((
            422,
            ErrorBody {
                error: ErrorDetail {
                    code: code.to_string(),
                    message: self.to_string(),
                    field,
                    seq: Some(seq),
                },
            },
        ))
    }
}

/// How many merge links a change follows at most (a chain of merged
/// customers), as the app's `apply_remote` does.
const MERGE_HOPS: usize = 4;

/// Decides a push of `mutations` (oldest first) by a client whose
/// high-water mark is `acked`, at server time `now_millis`. `load` returns
/// the stored state of the records it is asked for (those not stored are
/// simply missing); it is called once for every record the batch names and
/// again only for merge survivors not already loaded.
///
/// # Errors
///
/// [`PushError`]: the whole push is refused and nothing is to be stored.
pub fn plan_push<E>(
    acked: u64,
    now_millis: u64,
    mutations: &[Mutation],
    mut load: impl FnMut(&[(Entity, Id)]) -> Result<Vec<Change>, E>,
) -> Result<PushPlan, PushError<E>> {
    let mut last = 0;
    for m in mutations {
        if m.seq <= last {
            return Err(PushError::SeqOrder { seq: m.seq });
        }
        last = m.seq;
    }
    let fresh: Vec<&Mutation> = mutations.iter().filter(|m| m.seq > acked).collect();
    for m in &fresh {
        if m.stamp.millis > now_millis.saturating_add(MAX_DRIFT_MILLIS) {
            return Err(PushError::ClockAhead { seq: m.seq });
        }
        check(m).map_err(|p| PushError::Invalid {
            seq: m.seq,
            entity: m.entity,
            id: m.id,
            field: p.field,
            reason: p.reason,
        })?;
    }
    let mut stage = Stage::default();
    let keys: BTreeSet<(Entity, Id)> = fresh.iter().map(|m| (m.entity, m.id)).collect();
    stage.load(&keys.into_iter().collect::<Vec<_>>(), &mut load)?;
    for m in fresh {
        let mut next = Some(m.clone());
        for _ in 0..MERGE_HOPS {
            let Some(m) = next.take() else { break };
            let key = (m.entity, m.id);
            if !stage.asked.contains(&key) {
                stage.load(&[key], &mut load)?;
            }
            let current = stage.records.get(&key);
            let merged = apply(current, &m, m.stamp.millis as i64).map_err(|e| {
                let field = match &e {
                    MutationError::UnknownField { field, .. }
                    | MutationError::NotAList { field } => field.clone(),
                    _ => String::new(),
                };
                PushError::Invalid {
                    seq: m.seq,
                    entity: m.entity,
                    id: m.id,
                    field,
                    reason: e.to_string(),
                }
            })?;
            next = current.and_then(|c| follow_merge(c, &m));
            if !stage.touched.contains(&key) {
                stage.touched.push(key);
            }
            stage.records.insert(key, merged);
        }
    }
    let writes = stage
        .touched
        .iter()
        .filter_map(|key| {
            let record = stage.records.get(key)?;
            let change = Change::of(record);
            (stage.before.get(key) != Some(&change)).then(|| Write {
                entity: key.0,
                id: key.1,
                container: record.container(),
                deleted: change.deleted,
                change,
            })
        })
        .collect();
    Ok(PushPlan {
        writes,
        acked: acked.max(last),
    })
}

/// The records a push works on.
#[derive(Default)]
struct Stage {
    /// Keys already asked of the storage (found or not).
    asked: BTreeSet<(Entity, Id)>,
    /// As stored, to tell an unchanged record (not written again).
    before: BTreeMap<(Entity, Id), Change>,
    records: BTreeMap<(Entity, Id), Record>,
    touched: Vec<(Entity, Id)>,
}

impl Stage {
    fn load<E>(
        &mut self,
        keys: &[(Entity, Id)],
        load: &mut impl FnMut(&[(Entity, Id)]) -> Result<Vec<Change>, E>,
    ) -> Result<(), PushError<E>> {
        if keys.is_empty() {
            return Ok(());
        }
        self.asked.extend(keys.iter().copied());
        for change in load(keys).map_err(PushError::Load)? {
            let key = (change.entity, change.id);
            let record = change
                .to_mutation()
                .and_then(|m| apply(None, &m, 0))
                .map_err(|e| PushError::Corrupt {
                    entity: key.0,
                    id: key.1,
                    reason: e.to_string(),
                })?;
            // Stored as it reads back, so a record that only looks
            // different (field order) is not written again.
            self.before.insert(key, Change::of(&record));
            self.records.insert(key, record);
        }
        Ok(())
    }
}

/// A page of a pull: the records changed after a change number.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pulled {
    pub changes: Vec<Change>,
    /// The change number of the last record in the page (the cursor).
    pub last: u64,
    pub more: bool,
    /// Records changed after this page.
    pub remaining: u64,
}

/// The sync server in memory: the records of one workspace numbered by
/// the change that last wrote them, and each client's high-water mark.
/// It runs [`plan_push`] exactly as the server's storage does.
#[derive(Debug, Clone, Default)]
pub struct MemoryHub {
    records: BTreeMap<(Entity, Id), (u64, Change)>,
    clients: BTreeMap<Id, u64>,
    change_seq: u64,
}

impl MemoryHub {
    pub fn new() -> MemoryHub {
        MemoryHub::default()
    }

    /// Applies a push by `client`; the answer is its high-water mark.
    ///
    /// # Errors
    ///
    /// As [`plan_push`] (nothing is stored then).
    pub fn push(
        &mut self,
        client: Id,
        mutations: &[Mutation],
        now_millis: u64,
    ) -> Result<u64, PushError<std::convert::Infallible>> {
        let acked = self.clients.get(&client).copied().unwrap_or(0);
        let records = &self.records;
        let plan = plan_push(acked, now_millis, mutations, |keys| {
            Ok(keys
                .iter()
                .filter_map(|k| records.get(k).map(|(_, c)| c.clone()))
                .collect())
        })?;
        for write in plan.writes {
            self.change_seq += 1;
            self.records
                .insert((write.entity, write.id), (self.change_seq, write.change));
        }
        self.clients.insert(client, plan.acked);
        Ok(plan.acked)
    }

    /// The records changed after change number `after`, at most `limit`,
    /// oldest change first.
    pub fn pull(&self, after: u64, limit: usize) -> Pulled {
        let mut newer: Vec<&(u64, Change)> =
            self.records.values().filter(|(n, _)| *n > after).collect();
        newer.sort_by_key(|(n, _)| *n);
        let page = &newer[..newer.len().min(limit)];
        Pulled {
            changes: page.iter().map(|(_, c)| c.clone()).collect(),
            last: page.last().map_or(after, |(n, _)| *n),
            more: newer.len() > page.len(),
            remaining: (newer.len() - page.len()) as u64,
        }
    }

    /// Every stored record's state, by entity and id.
    pub fn records(&self) -> impl Iterator<Item = &Change> {
        self.records.values().map(|(_, c)| c)
    }

    /// A client's high-water mark.
    pub fn acked(&self, client: Id) -> u64 {
        self.clients.get(&client).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Batch, Clock, Customer, Sequence, Stamp};
    use crate::sync::snapshot;

    const NOW: u64 = 1_764_547_200_000;

    fn client(n: u8) -> Id {
        Id::v7(NOW, [n; 10])
    }

    /// A new customer as device `n` pushes it, with sequence number `seq`.
    fn created(n: u8, seq: u64, city: &str) -> Mutation {
        let mut c = Customer::new(Id::v7(NOW, [200; 10]), "Ayşe", "Kaya");
        c.city = Some(city.into());
        let mut clock = Clock::new(u64::from(n));
        let mut sequence = Sequence::new(client(n));
        sequence.next = seq;
        let mut batch = Batch::new();
        batch.put(Record::Customer(c));
        let sealed = batch.seal(&mut clock, NOW as i64, &mut sequence);
        sealed[0].wire_mutation()
    }

    fn city(hub: &MemoryHub) -> serde_json::Value {
        hub.records().next().unwrap().fields["city"].clone()
    }

    #[test]
    fn a_replay_changes_nothing_even_with_other_values() {
        let mut hub = MemoryHub::new();
        let first = created(1, 1, "İzmir");
        assert_eq!(
            hub.push(client(1), std::slice::from_ref(&first), NOW),
            Ok(1)
        );
        let pulled = hub.pull(0, 10);
        assert_eq!((pulled.changes.len(), pulled.last), (1, 1));
        // The same (client, seq) with another city and a later stamp.
        let mut replay = first;
        replay.fields.insert("city".into(), "Van".into());
        replay.stamp.millis += 5_000;
        assert_eq!(hub.push(client(1), &[replay], NOW), Ok(1));
        assert_eq!(city(&hub), "İzmir");
        assert_eq!(hub.pull(1, 10).changes, vec![], "nothing new to pull");
    }

    #[test]
    fn sequence_numbers_must_grow_and_the_clock_may_not_run_ahead() {
        let mut hub = MemoryHub::new();
        let a = created(1, 5, "İzmir");
        let mut b = created(1, 5, "Van");
        assert_eq!(
            hub.push(client(1), &[a.clone(), b.clone()], NOW),
            Err(PushError::SeqOrder { seq: 5 })
        );
        b.seq = 6;
        b.stamp.millis = NOW + MAX_DRIFT_MILLIS + 1;
        let err = hub.push(client(1), &[a, b], NOW).unwrap_err();
        assert_eq!(err, PushError::ClockAhead { seq: 6 });
        let (status, body) = err.answer().unwrap();
        assert_eq!((status, body.error.code.as_str()), (422, "clock_ahead"));
        assert_eq!(body.error.seq, Some(6));
        assert_eq!(hub.records().count(), 0, "a refused push stores nothing");
        assert_eq!(hub.acked(client(1)), 0);
    }

    #[test]
    fn a_bad_value_refuses_the_whole_push_naming_seq_and_field() {
        let mut hub = MemoryHub::new();
        let good = created(1, 1, "İzmir");
        let mut bad = created(2, 2, "Van");
        bad.id = Id::v7(NOW, [201; 10]);
        bad.client_id = client(1);
        bad.fields
            .insert("emails".into(), serde_json::json!(["x@"]));
        let err = hub.push(client(1), &[good, bad], NOW).unwrap_err();
        let (_, body) = err.answer().unwrap();
        assert_eq!(body.error.code, "invalid_value");
        assert_eq!(
            (body.error.field.as_deref(), body.error.seq),
            (Some("emails"), Some(2))
        );
        assert_eq!(hub.records().count(), 0);
    }

    #[test]
    fn fields_merge_by_stamp_and_an_unchanged_record_is_not_written_again() {
        let mut hub = MemoryHub::new();
        let a = created(1, 1, "İzmir");
        hub.push(client(1), std::slice::from_ref(&a), NOW).unwrap();
        // Device 2 edits the city later; device 1's older edit loses.
        let mut late = a.clone();
        late.client_id = client(2);
        late.fields = serde_json::Map::from_iter([("city".to_string(), "Van".into())]);
        late.stamp = Stamp {
            millis: NOW + 10,
            ..late.stamp
        };
        let mut early = late.clone();
        early.client_id = client(1);
        early.seq = 2;
        early.fields.insert("city".into(), "Rize".into());
        early.stamp.millis = NOW + 5;
        hub.push(client(2), &[late], NOW).unwrap();
        hub.push(client(1), &[early], NOW).unwrap();
        assert_eq!(city(&hub), "Van");
        // Device 1's edit lost on every field: the record was not written
        // again, so there is nothing new to pull after change 2.
        assert_eq!(hub.pull(2, 10).changes.len(), 0);
        // A snapshot of the stored record pushed again writes nothing.
        let stored = hub.records().next().unwrap().to_mutation().unwrap();
        let record = apply(None, &stored, 0).unwrap();
        let again = snapshot(client(3), 1, &record);
        hub.push(client(3), &[again], NOW).unwrap();
        assert_eq!(hub.pull(2, 10).changes.len(), 0);
    }

    #[test]
    fn pulls_come_in_pages_with_what_remains() {
        let mut hub = MemoryHub::new();
        let mut batch = Vec::new();
        for n in 0..25u8 {
            let mut m = created(1, u64::from(n) + 1, "İzmir");
            m.id = Id::v7(NOW, [n; 10]);
            batch.push(m);
        }
        hub.push(client(1), &batch, NOW).unwrap();
        let mut cursor = 0;
        let mut seen = Vec::new();
        let mut remaining = Vec::new();
        loop {
            let page = hub.pull(cursor, 10);
            seen.extend(page.changes.iter().map(|c| c.id));
            remaining.push(page.remaining);
            cursor = page.last;
            if !page.more {
                break;
            }
        }
        assert_eq!(remaining, [15, 5, 0]);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 25);
    }

    #[test]
    fn an_edit_of_a_merged_customer_goes_to_the_survivor() {
        let mut hub = MemoryHub::new();
        let survivor = created(1, 1, "İzmir");
        let mut other = created(1, 2, "Van");
        other.id = Id::v7(NOW, [201; 10]);
        hub.push(client(1), &[survivor.clone(), other.clone()], NOW)
            .unwrap();
        // The other customer is merged into the survivor.
        let mut link = other.clone();
        link.seq = 3;
        link.stamp.millis += 10;
        link.fields = serde_json::Map::from_iter([(
            "merged_into".to_string(),
            serde_json::to_value(survivor.id).unwrap(),
        )]);
        link.deleted = true;
        hub.push(client(1), &[link], NOW).unwrap();
        // An offline device edits the merged-away customer's phone.
        let mut edit = other;
        edit.client_id = client(2);
        edit.seq = 1;
        edit.stamp.millis += 20;
        edit.fields = serde_json::Map::from_iter([(
            "phones".to_string(),
            serde_json::json!(["+905321234567"]),
        )]);
        hub.push(client(2), &[edit], NOW).unwrap();
        let kept = hub.records().find(|c| c.id == survivor.id).unwrap();
        assert_eq!(kept.fields["phones"], serde_json::json!(["+905321234567"]));
    }
}
