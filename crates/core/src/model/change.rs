//! The one mutation path: every write is a [`Batch`] of records, stamped by
//! the device clock, and produces one [`ChangeSet`] for the outbox.
//!
//! The storage layer writes the stamped records and the change set in the
//! same transaction, so the outbox lists exactly what was written. A change
//! set names records, it does not copy them: sync reads the current record
//! (with its stamp) when it pushes, which keeps a bulk import at one write per
//! record plus one per batch.

use serde::{Deserialize, Serialize};

use super::customer::{Customer, Interaction, Purchase};
use super::hlc::{Clock, Stamp};
use super::id::Id;

/// The kinds of record that sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Customer,
    Purchase,
    Interaction,
}

/// One record of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entity", content = "record", rename_all = "lowercase")]
pub enum Record {
    Customer(Customer),
    Purchase(Purchase),
    Interaction(Interaction),
}

impl Record {
    pub fn entity(&self) -> Entity {
        match self {
            Record::Customer(_) => Entity::Customer,
            Record::Purchase(_) => Entity::Purchase,
            Record::Interaction(_) => Entity::Interaction,
        }
    }

    pub fn id(&self) -> Id {
        match self {
            Record::Customer(r) => r.id,
            Record::Purchase(r) => r.id,
            Record::Interaction(r) => r.id,
        }
    }

    pub fn version(&self) -> Stamp {
        match self {
            Record::Customer(r) => r.version,
            Record::Purchase(r) => r.version,
            Record::Interaction(r) => r.version,
        }
    }

    pub fn is_deleted(&self) -> bool {
        match self {
            Record::Customer(r) => r.deleted,
            Record::Purchase(r) => r.deleted,
            Record::Interaction(r) => r.deleted,
        }
    }

    fn stamp(&mut self, version: Stamp, now: i64) {
        match self {
            Record::Customer(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
                r.updated_at = now;
                r.version = version;
            }
            Record::Purchase(r) => {
                r.updated_at = now;
                r.version = version;
            }
            Record::Interaction(r) => {
                r.updated_at = now;
                r.version = version;
            }
        }
    }
}

/// A reference to one written record, as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRef {
    pub entity: Entity,
    pub id: Id,
    pub version: Stamp,
    pub deleted: bool,
}

/// What one write transaction changed: an outbox entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The largest stamp in the set.
    pub version: Stamp,
    /// Unix milliseconds of the write.
    pub at: i64,
    pub changes: Vec<ChangeRef>,
}

/// Records to write together. Deletes are tombstones: [`Batch::delete`]
/// keeps the id and clears personal data, so a deleted customer's name,
/// contacts and identities are gone from this device (KVKK/GDPR erasure)
/// while other devices still learn about the delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    records: Vec<Record>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn with_capacity(n: usize) -> Batch {
        Batch {
            records: Vec::with_capacity(n),
        }
    }

    /// Adds a record to create or replace.
    pub fn put(&mut self, record: Record) {
        self.records.push(record);
    }

    /// Adds a tombstone for a record.
    pub fn delete(&mut self, record: Record) {
        let tombstone = match record {
            Record::Customer(c) => {
                let mut t = Customer::new(c.id, "", "");
                t.created_at = c.created_at;
                t.deleted = true;
                Record::Customer(t)
            }
            Record::Purchase(mut p) => {
                p.deleted = true;
                Record::Purchase(p)
            }
            Record::Interaction(mut i) => {
                i.deleted = true;
                i.text.clear();
                Record::Interaction(i)
            }
        };
        self.records.push(tombstone);
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Stamps every record with a fresh version from `clock` and the write
    /// time `now` (Unix ms), and returns them with their outbox entry.
    pub fn seal(self, clock: &mut Clock, now: i64) -> (Vec<Record>, ChangeSet) {
        let mut records = self.records;
        let mut changes = Vec::with_capacity(records.len());
        let mut last = Stamp::default();
        for record in &mut records {
            last = clock.tick(now.max(0) as u64);
            record.stamp(last, now);
            changes.push(ChangeRef {
                entity: record.entity(),
                id: record.id(),
                version: last,
                deleted: record.is_deleted(),
            });
        }
        (
            records,
            ChangeSet {
                version: last,
                at: now,
                changes,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_stamps_every_record_and_lists_it_in_the_change_set() {
        let mut clock = Clock::new(42);
        let mut batch = Batch::new();
        batch.put(Record::Customer(Customer::new(
            Id::v7(1, [1; 10]),
            "Ali",
            "Veli",
        )));
        let mut gone = Customer::new(Id::v7(1, [2; 10]), "Ayşe", "Kaya");
        gone.created_at = 5;
        batch.delete(Record::Customer(gone));
        let (records, set) = batch.seal(&mut clock, 1_000);
        assert_eq!(records.len(), 2);
        assert_eq!(set.changes.len(), 2);
        assert!(records[0].version() < records[1].version());
        assert_eq!(set.version, records[1].version());
        let Record::Customer(c) = &records[1] else {
            panic!("customer")
        };
        assert!(c.deleted && c.first_name.is_empty() && c.created_at == 5);
        assert!(set.changes[1].deleted && !set.changes[0].deleted);
        let Record::Customer(c) = &records[0] else {
            panic!("customer")
        };
        assert_eq!((c.created_at, c.updated_at), (1_000, 1_000));
    }
}
