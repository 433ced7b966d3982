//! The outbox's stored rows: what waits to be sent, acknowledged and
//! compacted. The storage layer keeps one row per write transaction; this
//! module owns the row format and the operations on rows, so they are
//! tested natively.
//!
//! A row holds the sequence numbers `s..=e` of one write: changes with
//! their fields (`m`) and, for new records, references (`c`) — the record
//! itself is the change, so a bulk import does not store every record
//! twice. [`expand`] turns a reference into the mutation a push sends.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mutation::{Mutation, MutationError, compact, snapshot};
use crate::model::{Entity, Id, Record, Sealed, Stamp};

/// Rows hold at most this many entries after compaction.
pub const ROW_ENTRIES: usize = 2_000;

/// A new record whose stored form is its change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRef {
    /// Sequence number.
    pub q: u64,
    pub e: Entity,
    pub i: Id,
    /// The container of a contained record (a purchase's customer): where
    /// to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<Id>,
}

/// One waiting change.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Created(CreatedRef),
    Changed(Mutation),
}

impl Pending {
    pub fn seq(&self) -> u64 {
        match self {
            Pending::Created(c) => c.q,
            Pending::Changed(m) => m.seq,
        }
    }

    pub fn record(&self) -> (Entity, Id) {
        match self {
            Pending::Created(c) => (c.e, c.i),
            Pending::Changed(m) => (m.entity, m.id),
        }
    }

    /// The container of a contained record, when known.
    pub fn container(&self) -> Option<Id> {
        match self {
            Pending::Created(c) => c.k,
            Pending::Changed(m) => m.container(),
        }
    }
}

/// One stored row of the outbox.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OutboxRow {
    /// The first sequence number (the row's key).
    pub s: u64,
    /// The last sequence number.
    pub e: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub m: Vec<Mutation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub c: Vec<CreatedRef>,
}

impl OutboxRow {
    /// The row of one write's sealed records (`None` when it sealed
    /// nothing).
    pub fn of_sealed(sealed: &[Sealed]) -> Option<OutboxRow> {
        OutboxRow::from_entries(
            sealed
                .iter()
                .map(|s| {
                    if s.created {
                        Pending::Created(CreatedRef {
                            q: s.mutation.seq,
                            e: s.mutation.entity,
                            i: s.mutation.id,
                            k: s.record.container(),
                        })
                    } else {
                        Pending::Changed(s.mutation.clone())
                    }
                })
                .collect(),
        )
    }

    /// A row of entries (`None` when there are none).
    pub fn from_entries(entries: Vec<Pending>) -> Option<OutboxRow> {
        let s = entries.iter().map(Pending::seq).min()?;
        let e = entries.iter().map(Pending::seq).max()?;
        let mut row = OutboxRow {
            s,
            e,
            ..OutboxRow::default()
        };
        for entry in entries {
            match entry {
                Pending::Created(c) => row.c.push(c),
                Pending::Changed(m) => row.m.push(m),
            }
        }
        Some(row)
    }

    /// The row's entries in sequence order.
    pub fn entries(&self) -> Vec<Pending> {
        let mut out: Vec<Pending> = self
            .c
            .iter()
            .cloned()
            .map(Pending::Created)
            .chain(self.m.iter().cloned().map(Pending::Changed))
            .collect();
        out.sort_by_key(Pending::seq);
        out
    }

    pub fn len(&self) -> usize {
        self.m.len() + self.c.len()
    }

    /// Drops the `consents/…` paths that customer mutations carried before
    /// consent decisions became records of their own (schema v7; the
    /// decisions go to the outbox as consent records). Returns whether the
    /// row changed.
    pub fn drop_embedded_consents(&mut self) -> bool {
        let mut changed = false;
        for m in &mut self.m {
            if m.entity != Entity::Customer {
                continue;
            }
            let before = m.fields.len() + m.stamps.len();
            m.fields.retain(|path, _| !path.starts_with("consents/"));
            m.stamps.retain(|path, _| !path.starts_with("consents/"));
            changed |= before != m.fields.len() + m.stamps.len();
        }
        changed
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What acknowledging does to the rows that start at or before `up_to`:
/// the keys of rows to delete, rows to write back (the unacknowledged rest
/// of a row), and how many entries were removed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Acked {
    pub delete: Vec<u64>,
    pub rewrite: Vec<OutboxRow>,
    pub removed: usize,
}

/// Removes every entry with a sequence number `<= up_to` from `rows`.
pub fn ack(rows: &[OutboxRow], up_to: u64) -> Acked {
    let mut out = Acked::default();
    for row in rows.iter().filter(|r| r.s <= up_to) {
        out.delete.push(row.s);
        let rest: Vec<Pending> = row
            .entries()
            .into_iter()
            .filter(|p| p.seq() > up_to)
            .collect();
        out.removed += row.len() - rest.len();
        if let Some(rest) = OutboxRow::from_entries(rest) {
            out.rewrite.push(rest);
        }
    }
    out
}

/// Compacts every record's waiting changes into one: a new record's
/// reference absorbs later changes (the push sends the record as it is
/// then), other changes fold with [`compact`]. The result keeps each
/// record's highest sequence number, in rows of [`ROW_ENTRIES`].
pub fn compact_rows(rows: &[OutboxRow]) -> Result<Vec<OutboxRow>, MutationError> {
    let mut by_record: BTreeMap<(Entity, Id), Pending> = BTreeMap::new();
    let mut entries: Vec<Pending> = rows.iter().flat_map(OutboxRow::entries).collect();
    entries.sort_by_key(Pending::seq);
    for entry in entries {
        let key = entry.record();
        let merged = match (by_record.remove(&key), entry) {
            (None, entry) => entry,
            (Some(Pending::Created(mut c)), later) => {
                c.q = c.q.max(later.seq());
                Pending::Created(c)
            }
            (Some(Pending::Changed(_)), Pending::Created(c)) => Pending::Created(c),
            (Some(Pending::Changed(a)), Pending::Changed(b)) => Pending::Changed(compact(&a, &b)?),
        };
        by_record.insert(key, merged);
    }
    let mut all: Vec<Pending> = by_record.into_values().collect();
    all.sort_by_key(Pending::seq);
    let mut out = Vec::new();
    let mut chunk = Vec::with_capacity(ROW_ENTRIES);
    for entry in all {
        chunk.push(entry);
        if chunk.len() == ROW_ENTRIES {
            out.extend(OutboxRow::from_entries(std::mem::take(&mut chunk)));
        }
    }
    out.extend(OutboxRow::from_entries(chunk));
    Ok(out)
}

/// The mutation a push sends for an entry: a reference becomes the whole
/// stored record with its per-field stamps (`None` if the record is gone).
pub fn expand(entry: &Pending, client_id: Id, stored: Option<&Record>) -> Option<Mutation> {
    match entry {
        Pending::Changed(m) => Some(m.clone()),
        Pending::Created(c) => stored.map(|r| snapshot(client_id, c.q, r)),
    }
}

/// A change set of the v1–v3 outbox (it named records).
#[derive(Debug, Clone, Deserialize)]
pub struct LegacyChangeSet {
    #[serde(default)]
    pub changes: Vec<LegacyChange>,
}

/// One record named by a v1–v3 change set.
#[derive(Debug, Clone, Deserialize)]
pub struct LegacyChange {
    pub entity: Entity,
    pub id: Id,
    pub version: Stamp,
}

/// The v4 rows for a v3 outbox: every record it named becomes a reference
/// (numbered from 1, duplicates compacted). Returns the rows (as JSON), the
/// next sequence number and the number of entries.
pub fn rows_from_legacy(sets: &[LegacyChangeSet]) -> (Vec<OutboxRow>, u64, usize) {
    let mut seen: BTreeMap<(Entity, Id), Stamp> = BTreeMap::new();
    for change in sets.iter().flat_map(|s| &s.changes) {
        let newest = seen.entry((change.entity, change.id)).or_default();
        *newest = (*newest).max(change.version);
    }
    let mut refs: Vec<((Entity, Id), Stamp)> = seen.into_iter().collect();
    refs.sort_by_key(|(_, stamp)| *stamp);
    let count = refs.len();
    let entries: Vec<Pending> = refs
        .into_iter()
        .enumerate()
        .map(|(n, ((e, i), _))| {
            Pending::Created(CreatedRef {
                q: n as u64 + 1,
                e,
                i,
                k: None,
            })
        })
        .collect();
    let rows = entries
        .chunks(ROW_ENTRIES)
        .filter_map(|chunk| OutboxRow::from_entries(chunk.to_vec()))
        .collect();
    (rows, count as u64 + 1, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Batch, Clock, Customer, Sequence};

    fn sealed_writes(n: usize) -> (Vec<OutboxRow>, Vec<Sealed>) {
        let mut clock = Clock::new(1);
        let mut seq = Sequence::new(Id::v7(1, [1; 10]));
        let c = Customer::new(Id::v7(1, [2; 10]), "Ali", "Veli");
        let mut batch = Batch::new();
        batch.put(Record::Customer(c.clone()));
        let mut all = batch.seal(&mut clock, 10, &mut seq);
        let mut current = all[0].resolve(None).unwrap();
        let mut rows = vec![OutboxRow::of_sealed(&all).unwrap()];
        for k in 0..n {
            let Record::Customer(mut edited) = current.clone() else {
                unreachable!()
            };
            edited.city = Some(format!("Şehir {k}"));
            let mut batch = Batch::new();
            batch.update(current.clone(), Record::Customer(edited));
            let sealed = batch.seal(&mut clock, 20 + k as i64, &mut seq);
            current = sealed[0].resolve(Some(&current)).unwrap();
            rows.push(OutboxRow::of_sealed(&sealed).unwrap());
            all.extend(sealed);
        }
        (rows, all)
    }

    #[test]
    fn embedded_consent_paths_are_dropped_from_customer_mutations_only() {
        let json = r#"{"s":4,"e":5,"m":[
            {"client_id":"00000000-0001-7101-8101-010101010101","seq":4,"entity":"customer",
             "id":"00000000-0001-7202-8202-020202020202","stamp":"000000000000010-0000000000-0000000000000001",
             "fields":{"city":"Van","consents/sms:1:true:web":{"channel":"sms","granted":true,"at":1,"source":"web"}},
             "stamps":{"consents/email:1:true:web":"000000000000009-0000000000-0000000000000001"}},
            {"client_id":"00000000-0001-7101-8101-010101010101","seq":5,"entity":"segment",
             "id":"00000000-0001-7303-8303-030303030303","stamp":"000000000000011-0000000000-0000000000000001",
             "fields":{"consents/x":"kept: not a customer"}}]}"#;
        let mut row: OutboxRow = serde_json::from_str(json).unwrap();
        assert!(row.drop_embedded_consents());
        let keys: Vec<&String> = row.m[0].fields.keys().collect();
        assert_eq!(keys, ["city"]);
        assert!(row.m[0].stamps.is_empty());
        assert_eq!(row.m[1].fields.len(), 1);
        assert!(!row.drop_embedded_consents(), "nothing left to drop");
    }

    #[test]
    fn acknowledging_removes_exactly_the_acknowledged_numbers() {
        let (rows, _) = sealed_writes(4);
        assert_eq!(rows.iter().map(OutboxRow::len).sum::<usize>(), 5);
        let acked = ack(&rows, 3);
        assert_eq!(acked.removed, 3);
        assert_eq!(acked.delete, vec![1, 2, 3]);
        assert!(acked.rewrite.is_empty());
        // A row that is only partly acknowledged keeps its rest.
        let one =
            OutboxRow::from_entries(rows.iter().flat_map(OutboxRow::entries).collect()).unwrap();
        let acked = ack(std::slice::from_ref(&one), 2);
        assert_eq!(acked.removed, 2);
        assert_eq!(acked.rewrite[0].s, 3);
        assert_eq!(acked.rewrite[0].len(), 3);
        assert_eq!(ack(&[one], 0), Acked::default());
    }

    #[test]
    fn compaction_keeps_one_entry_per_record_with_the_highest_number() {
        let (rows, _) = sealed_writes(3);
        let compacted = compact_rows(&rows).unwrap();
        assert_eq!(compacted.len(), 1);
        assert_eq!(compacted[0].len(), 1);
        // The new record's reference absorbs its later edits.
        assert_eq!(compacted[0].c[0].q, 4);
        // Only edits: they fold into one mutation.
        let edits: Vec<OutboxRow> = rows[1..].to_vec();
        let compacted = compact_rows(&edits).unwrap();
        assert_eq!(compacted[0].m.len(), 1);
        assert_eq!(compacted[0].m[0].seq, 4);
        assert_eq!(compacted[0].m[0].fields["city"], "Şehir 2");
    }

    #[test]
    fn a_reference_expands_to_the_stored_record() {
        let (rows, sealed) = sealed_writes(1);
        let stored = sealed[1]
            .resolve(Some(&sealed[0].resolve(None).unwrap()))
            .unwrap();
        let entry = &rows[0].entries()[0];
        let m = expand(entry, Id::v7(1, [1; 10]), Some(&stored)).unwrap();
        assert_eq!(m.seq, 1);
        assert_eq!(m.fields["first_name"], "Ali");
        assert_eq!(m.fields["city"], "Şehir 0");
        assert!(expand(entry, Id::v7(1, [1; 10]), None).is_none());
    }

    #[test]
    fn a_v3_outbox_becomes_numbered_references() {
        let json = r#"[
            {"version":"000000000000010-0000000000-0000000000000001","at":1,"changes":[
                {"entity":"customer","id":"0190f0a0-0000-7000-8000-000000000001","version":"000000000000010-0000000000-0000000000000001","deleted":false},
                {"entity":"purchase","id":"0190f0a0-0000-7000-8000-000000000002","version":"000000000000010-0000000000-0000000000000001","deleted":false}]},
            {"version":"000000000000020-0000000000-0000000000000001","at":2,"changes":[
                {"entity":"customer","id":"0190f0a0-0000-7000-8000-000000000001","version":"000000000000020-0000000000-0000000000000001","deleted":false}]}
        ]"#;
        let sets: Vec<LegacyChangeSet> = serde_json::from_str(json).unwrap();
        let (rows, next, count) = rows_from_legacy(&sets);
        assert_eq!((count, next), (2, 3));
        let entries = rows[0].entries();
        assert_eq!(entries[0].record().0, Entity::Purchase);
        assert_eq!(entries[1].record().0, Entity::Customer);
        assert_eq!((entries[0].seq(), entries[1].seq()), (1, 2));
    }
}
