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
use crate::segment::{Group, SavedSegment};

/// The kinds of record that sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Customer,
    Purchase,
    Interaction,
    /// A saved rule segment ([`SavedSegment`]).
    Segment,
}

/// One record of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entity", content = "record", rename_all = "lowercase")]
pub enum Record {
    Customer(Customer),
    Purchase(Purchase),
    Interaction(Interaction),
    Segment(SavedSegment),
}

impl Record {
    pub fn entity(&self) -> Entity {
        match self {
            Record::Customer(_) => Entity::Customer,
            Record::Purchase(_) => Entity::Purchase,
            Record::Interaction(_) => Entity::Interaction,
            Record::Segment(_) => Entity::Segment,
        }
    }

    pub fn id(&self) -> Id {
        match self {
            Record::Customer(r) => r.id,
            Record::Purchase(r) => r.id,
            Record::Interaction(r) => r.id,
            Record::Segment(r) => r.id,
        }
    }

    pub fn version(&self) -> Stamp {
        match self {
            Record::Customer(r) => r.version,
            Record::Purchase(r) => r.version,
            Record::Interaction(r) => r.version,
            Record::Segment(r) => r.version,
        }
    }

    pub fn is_deleted(&self) -> bool {
        match self {
            Record::Customer(r) => r.deleted,
            Record::Purchase(r) => r.deleted,
            Record::Interaction(r) => r.deleted,
            Record::Segment(r) => r.deleted,
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
            Record::Segment(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
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
/// while other devices still learn about the delete. A deleted segment
/// keeps its id and creation time; its name, description and rule go.
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
            Record::Segment(mut s) => {
                s.deleted = true;
                s.name.clear();
                s.description.clear();
                s.rule = Group::default();
                Record::Segment(s)
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

    fn vip_segment(n: u8) -> SavedSegment {
        use crate::segment::{Condition, Field, Op, Value};
        let mut s = SavedSegment::new(Id::v7(1, [n; 10]), "VIP");
        s.description = "En iyi müşteriler".into();
        s.rule = Group::all(vec![
            Condition::new(Field::Tag, Op::Contains, Value::Text("vip".into())).into(),
        ]);
        s
    }

    #[test]
    fn segments_are_stamped_like_customers() {
        let mut clock = Clock::new(7);
        let mut batch = Batch::new();
        batch.put(Record::Segment(vip_segment(1)));
        let mut old = vip_segment(2);
        old.created_at = 500;
        batch.put(Record::Segment(old));
        let (records, set) = batch.seal(&mut clock, 2_000);
        let Record::Segment(new) = &records[0] else {
            panic!("segment")
        };
        assert_eq!((new.created_at, new.updated_at), (2_000, 2_000));
        assert_eq!(new.version, set.changes[0].version);
        let Record::Segment(old) = &records[1] else {
            panic!("segment")
        };
        assert_eq!((old.created_at, old.updated_at), (500, 2_000));
        assert_eq!(set.changes[1].entity, Entity::Segment);
        assert_eq!(set.changes[1].id, old.id);
        assert!(!set.changes[1].deleted);
    }

    #[test]
    fn a_deleted_segment_keeps_only_its_id_and_creation_time() {
        let mut clock = Clock::new(7);
        let mut gone = vip_segment(3);
        gone.created_at = 5;
        let id = gone.id;
        let mut batch = Batch::new();
        batch.delete(Record::Segment(gone));
        let (records, set) = batch.seal(&mut clock, 9_000);
        let Record::Segment(t) = &records[0] else {
            panic!("segment")
        };
        assert!(t.deleted && set.changes[0].deleted);
        assert_eq!((t.id, t.created_at, t.updated_at), (id, 5, 9_000));
        assert!(t.name.is_empty() && t.description.is_empty());
        assert_eq!(t.rule, Group::default());
        assert_eq!(records[0].entity(), Entity::Segment);
    }

    #[test]
    fn records_and_entities_have_their_serde_names() {
        let record = Record::Segment(vip_segment(4));
        let json = serde_json::to_string(&record).unwrap();
        assert!(
            json.starts_with(r#"{"entity":"segment","record":{"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
        assert_eq!(
            serde_json::to_string(&Entity::Segment).unwrap(),
            r#""segment""#
        );
        assert_eq!(
            serde_json::to_string(&Entity::Customer).unwrap(),
            r#""customer""#
        );
    }
}
