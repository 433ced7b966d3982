//! The one mutation path: every write is a [`Batch`] of records, stamped by
//! the device clock, and produces one [`ChangeSet`] for the outbox.
//!
//! The storage layer writes the stamped records and the change set in the
//! same transaction, so the outbox lists exactly what was written. A change
//! set names records, it does not copy them: sync reads the current record
//! (with its stamp) when it pushes, which keeps a bulk import at one write per
//! record plus one per batch.

use serde::{Deserialize, Serialize};

use super::consent::{ConsentRecord, new_consent_records};
use super::customer::{Customer, Interaction, Purchase};
use super::hlc::{Clock, Stamp, Stamps};
use super::id::Id;
use crate::cases::model::{Case, CaseEvent, RulesRecord};
use crate::segment::{Group, SavedSegment};
use crate::social::Mention;
use crate::sync::{Mutation, MutationError, apply, diff};

/// The kinds of record that sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Customer,
    Purchase,
    Interaction,
    /// A saved rule segment ([`SavedSegment`]).
    Segment,
    /// A consent decision ([`ConsentRecord`]), held by its customer.
    Consent,
    /// A complaint case ([`crate::cases::Case`]).
    Case,
    /// One event of a case's journey, held by its case.
    #[serde(rename = "case_event")]
    CaseEvent,
    /// The workspace's triage rule set.
    Rules,
    /// A social post about the business ([`crate::social::Mention`]).
    Mention,
}

/// One record of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entity", content = "record", rename_all = "lowercase")]
pub enum Record {
    Customer(Customer),
    Purchase(Purchase),
    Interaction(Interaction),
    Segment(SavedSegment),
    Consent(ConsentRecord),
    Case(Case),
    #[serde(rename = "case_event")]
    CaseEvent(CaseEvent),
    Rules(RulesRecord),
    Mention(Mention),
}

impl Record {
    pub fn entity(&self) -> Entity {
        match self {
            Record::Customer(_) => Entity::Customer,
            Record::Purchase(_) => Entity::Purchase,
            Record::Interaction(_) => Entity::Interaction,
            Record::Segment(_) => Entity::Segment,
            Record::Consent(_) => Entity::Consent,
            Record::Case(_) => Entity::Case,
            Record::CaseEvent(_) => Entity::CaseEvent,
            Record::Rules(_) => Entity::Rules,
            Record::Mention(_) => Entity::Mention,
        }
    }

    pub fn id(&self) -> Id {
        match self {
            Record::Customer(r) => r.id,
            Record::Purchase(r) => r.id,
            Record::Interaction(r) => r.id,
            Record::Segment(r) => r.id,
            Record::Consent(r) => r.id,
            Record::Case(r) => r.id,
            Record::CaseEvent(r) => r.id,
            Record::Rules(r) => r.id,
            Record::Mention(r) => r.id,
        }
    }

    pub fn version(&self) -> Stamp {
        match self {
            Record::Customer(r) => r.version,
            Record::Purchase(r) => r.version,
            Record::Interaction(r) => r.version,
            Record::Segment(r) => r.version,
            Record::Consent(r) => r.version,
            Record::Case(r) => r.version,
            Record::CaseEvent(r) => r.version,
            Record::Rules(r) => r.version,
            Record::Mention(r) => r.version,
        }
    }

    /// The record that holds this one: a purchase's, a timeline entry's or
    /// a consent decision's customer (see `sync::Shape::container`).
    pub fn container(&self) -> Option<Id> {
        match self {
            Record::Purchase(p) => Some(p.customer_id),
            Record::Interaction(i) => Some(i.customer_id),
            Record::Consent(c) => Some(c.customer_id),
            // A case's journey is held by the case.
            Record::CaseEvent(e) => Some(e.case_id),
            // A mention names its customer but is not held by it: linking
            // it changes the field, and a post is found by itself.
            Record::Customer(_)
            | Record::Segment(_)
            | Record::Case(_)
            | Record::Rules(_)
            | Record::Mention(_) => None,
        }
    }

    /// Unix milliseconds of the record's last change on any device.
    pub fn updated_at(&self) -> i64 {
        match self {
            Record::Customer(r) => r.updated_at,
            Record::Purchase(r) => r.updated_at,
            Record::Interaction(r) => r.updated_at,
            Record::Segment(r) => r.updated_at,
            Record::Consent(r) => r.updated_at,
            Record::Case(r) => r.updated_at,
            Record::CaseEvent(r) => r.updated_at,
            Record::Rules(r) => r.updated_at,
            Record::Mention(r) => r.updated_at,
        }
    }

    pub fn is_deleted(&self) -> bool {
        match self {
            Record::Customer(r) => r.deleted,
            Record::Purchase(r) => r.deleted,
            Record::Interaction(r) => r.deleted,
            Record::Segment(r) => r.deleted,
            Record::Consent(r) => r.deleted,
            Record::Case(r) => r.deleted,
            Record::CaseEvent(r) => r.deleted,
            Record::Rules(r) => r.deleted,
            Record::Mention(r) => r.deleted,
        }
    }

    /// Sets the write's stamp and times on the editor's copy. Per-field
    /// stamps are left to the merge ([`Sealed::resolve`]); a new record is
    /// written whole at this one stamp.
    fn stamp(&mut self, version: Stamp, now: i64) {
        match self {
            Record::Customer(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Purchase(r) => {
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Interaction(r) => {
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Consent(r) => {
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Case(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::CaseEvent(r) => {
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Rules(r) => {
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Mention(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
            Record::Segment(r) => {
                if r.created_at == 0 {
                    r.created_at = now;
                }
                r.updated_at = now;
                r.version = version;
                r.stamps = Stamps::default();
            }
        }
    }

    /// Turns the record into its tombstone (what a delete leaves).
    pub(crate) fn mark_deleted(&mut self) {
        match self {
            Record::Customer(c) => {
                let mut t = Customer::new(c.id, "", "");
                t.created_at = c.created_at;
                t.merged_into = c.merged_into;
                t.version = c.version;
                t.deleted = true;
                *c = t;
            }
            Record::Purchase(p) => p.deleted = true,
            Record::Interaction(i) => {
                i.deleted = true;
                i.text.clear();
            }
            Record::Segment(s) => {
                s.deleted = true;
                s.name.clear();
                s.description.clear();
                s.rule = Group::default();
            }
            // A consent decision is never deleted: it is the proof of what
            // the customer agreed to (a delete of one changes nothing).
            Record::Consent(_) => {}
            Record::CaseEvent(e) => {
                e.deleted = true;
                e.by.clear();
                e.kind = crate::cases::EventKind::Created;
            }
            Record::Case(c) => {
                c.deleted = true;
                c.customer_id = None;
                c.author = None;
                c.text.clear();
                c.products.clear();
                c.reach = 0;
            }
            Record::Rules(r) => r.deleted = true,
            Record::Mention(m) => {
                m.deleted = true;
                m.text.clear();
                m.author.clear();
                m.handle = None;
                m.url = None;
                m.customer_id = None;
                m.rejected.clear();
            }
        }
    }
}

/// Where the next mutation's number comes from: the installation's client
/// id and the next sequence number (strictly increasing, never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub client_id: Id,
    pub next: u64,
}

impl Sequence {
    /// A new installation's sequence (numbers start at 1).
    pub fn new(client_id: Id) -> Sequence {
        Sequence { client_id, next: 1 }
    }

    /// The next number (used by writes that do not seal a batch, such
    /// as a restore's references).
    pub fn take_next(&mut self) -> u64 {
        let seq = self.next;
        self.next += 1;
        seq
    }
}

/// One record of a batch and what it was edited from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub record: Record,
    /// The record as the editor saw it; `None` for a new record.
    pub base: Option<Record>,
}

/// One sealed write of one record: its mutation (what the outbox keeps and
/// sync sends) and what the storage layer needs to store it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    /// The change. For a new record `fields` is left empty and `created`
    /// is set: the whole stamped record is the change
    /// ([`Sealed::wire_mutation`] fills it in), which keeps bulk imports
    /// from converting every record twice.
    pub mutation: Mutation,
    pub created: bool,
    pub base: Option<Record>,
    /// The record as written by the editor, stamped. For a new record this
    /// is exactly what is stored.
    pub record: Record,
}

impl Sealed {
    /// The mutation with `fields` filled in, as a sync push sends it.
    pub fn wire_mutation(&self) -> Mutation {
        if !self.created {
            return self.mutation.clone();
        }
        let mut m = self.mutation.clone();
        if let serde_json::Value::Object(fields) = crate::sync::created_fields(&self.record) {
            m.fields = fields;
            for key in crate::sync::BOOKKEEPING {
                m.fields.remove(*key);
            }
            // An empty field of a new record is a value too (written now):
            // it must beat an older value another device may hold.
            for field in crate::sync::Shape::of(m.entity).scalars {
                m.fields.entry(*field).or_insert(serde_json::Value::Null);
            }
        }
        m
    }

    /// The record to store, given what is stored now (`None`: nothing, or
    /// the bulk path that trusts `base`).
    pub fn resolve(&self, stored: Option<&Record>) -> Result<Record, MutationError> {
        match (stored, self.created) {
            (None, true) => Ok(self.record.clone()),
            (None, false) => apply(self.base.as_ref(), &self.wire_mutation(), self.at()),
            (Some(stored), _) => apply(Some(stored), &self.wire_mutation(), self.at()),
        }
    }

    fn at(&self) -> i64 {
        self.record.updated_at()
    }
}

/// Records to write together. Deletes are tombstones: [`Batch::delete`]
/// turns into a mutation that only says "deleted", and the stored record
/// keeps only what the entity's shape keeps for tombstones, so a deleted
/// customer's name, contacts and identities are gone from this device
/// (KVKK/GDPR erasure) while other devices still learn about the delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    entries: Vec<Entry>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn with_capacity(n: usize) -> Batch {
        Batch {
            entries: Vec::with_capacity(n),
        }
    }

    /// Adds a new record (every field is a change). A customer's consent
    /// decisions become consent records of their own (a decision that is
    /// already stored merges into itself: its id comes from its content).
    pub fn put(&mut self, record: Record) {
        let consents = match &record {
            Record::Customer(c) => new_consent_records(c, &[]),
            _ => Vec::new(),
        };
        self.entries.push(Entry { record, base: None });
        self.put_consents(consents);
    }

    /// Adds an edit of a stored record: only the fields that differ from
    /// `base` are changes. Consent decisions that `edited` has and `base`
    /// has not become new consent records.
    pub fn update(&mut self, base: Record, edited: Record) {
        let consents = match (&base, &edited) {
            (Record::Customer(b), Record::Customer(e)) => new_consent_records(e, &b.consents),
            _ => Vec::new(),
        };
        self.entries.push(Entry {
            record: edited,
            base: Some(base),
        });
        self.put_consents(consents);
    }

    fn put_consents(&mut self, consents: Vec<ConsentRecord>) {
        for c in consents {
            self.entries.push(Entry {
                record: Record::Consent(c),
                base: None,
            });
        }
    }

    /// Adds the deletion of a stored record.
    pub fn delete(&mut self, record: Record) {
        let mut tombstone = record.clone();
        tombstone.mark_deleted();
        self.entries.push(Entry {
            record: tombstone,
            base: Some(record),
        });
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The batch in pieces of at most `n` entries, in order: a bulk write
    /// writes them in one transaction with progress in between.
    pub fn chunks(self, n: usize) -> Vec<Batch> {
        let n = n.max(1);
        let mut out = Vec::with_capacity(self.entries.len().div_ceil(n));
        let mut entries = self.entries.into_iter().peekable();
        while entries.peek().is_some() {
            out.push(Batch {
                entries: entries.by_ref().take(n).collect(),
            });
        }
        out
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stamps every entry with a fresh version from `clock` at wall-clock
    /// time `now` (Unix ms) and numbers its mutation from `seq`. Edits that
    /// change nothing are dropped.
    pub fn seal(self, clock: &mut Clock, now: i64, seq: &mut Sequence) -> Vec<Sealed> {
        let mut out = Vec::with_capacity(self.entries.len());
        for Entry { mut record, base } in self.entries {
            let created = base.is_none() && !record.is_deleted();
            let (fields, removals) = if created {
                Default::default()
            } else {
                diff(base.as_ref(), &record)
            };
            let container = crate::sync::Shape::of(record.entity()).container;
            let changes_nothing = fields.keys().all(|k| Some(k.as_str()) == container);
            if !created && !record.is_deleted() && changes_nothing {
                continue;
            }
            let stamp = clock.tick(now.max(0) as u64);
            record.stamp(stamp, now);
            let mutation = Mutation {
                client_id: seq.client_id,
                seq: seq.take_next(),
                entity: record.entity(),
                id: record.id(),
                stamp,
                fields,
                stamps: removals,
                deleted: record.is_deleted(),
            };
            out.push(Sealed {
                mutation,
                created,
                base,
                record,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence() -> Sequence {
        Sequence::new(Id::v7(1, [9; 10]))
    }

    #[test]
    fn sealing_stamps_every_record_and_numbers_its_mutation() {
        let mut clock = Clock::new(42);
        let mut seq = sequence();
        let mut batch = Batch::new();
        batch.put(Record::Customer(Customer::new(
            Id::v7(1, [1; 10]),
            "Ali",
            "Veli",
        )));
        let mut gone = Customer::new(Id::v7(1, [2; 10]), "Ayşe", "Kaya");
        gone.created_at = 5;
        batch.delete(Record::Customer(gone));
        let sealed = batch.seal(&mut clock, 1_000, &mut seq);
        assert_eq!(sealed.len(), 2);
        assert!(sealed[0].record.version() < sealed[1].record.version());
        assert_eq!(
            (sealed[0].mutation.seq, sealed[1].mutation.seq, seq.next),
            (1, 2, 3)
        );
        assert!(sealed[0].created && !sealed[1].created);
        let Record::Customer(c) = &sealed[1].record else {
            panic!("customer")
        };
        assert!(c.deleted && c.first_name.is_empty() && c.created_at == 5);
        assert!(sealed[1].mutation.deleted && sealed[1].mutation.fields.is_empty());
        let Record::Customer(c) = &sealed[0].record else {
            panic!("customer")
        };
        assert_eq!((c.created_at, c.updated_at), (1_000, 1_000));
        let wire = sealed[0].wire_mutation();
        assert_eq!(wire.fields["first_name"], "Ali");
        assert!(!wire.fields.contains_key("version"));
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
    fn an_edit_that_changes_nothing_writes_nothing() {
        let mut clock = Clock::new(7);
        let mut seq = sequence();
        let s = vip_segment(1);
        let mut batch = Batch::new();
        batch.update(Record::Segment(s.clone()), Record::Segment(s));
        assert!(batch.seal(&mut clock, 2_000, &mut seq).is_empty());
        assert_eq!(seq.next, 1);
    }

    #[test]
    fn an_update_sends_only_the_changed_fields() {
        let mut clock = Clock::new(7);
        let mut seq = sequence();
        let old = vip_segment(2);
        let mut new = old.clone();
        new.name = "VIP+".into();
        let mut batch = Batch::new();
        batch.update(Record::Segment(old.clone()), Record::Segment(new));
        let sealed = batch.seal(&mut clock, 2_000, &mut seq);
        let fields: Vec<&String> = sealed[0].mutation.fields.keys().collect();
        assert_eq!(fields, ["name"]);
        let Record::Segment(stored) = sealed[0].resolve(Some(&Record::Segment(old))).unwrap()
        else {
            panic!("segment")
        };
        assert_eq!(stored.name, "VIP+");
        assert_eq!(stored.description, "En iyi müşteriler");
    }

    #[test]
    fn a_deleted_segment_keeps_only_its_id_and_creation_time() {
        let mut clock = Clock::new(7);
        let mut seq = sequence();
        let mut gone = vip_segment(3);
        gone.created_at = 5;
        let id = gone.id;
        let mut batch = Batch::new();
        batch.delete(Record::Segment(gone.clone()));
        let sealed = batch.seal(&mut clock, 9_000, &mut seq);
        let Record::Segment(t) = sealed[0].resolve(Some(&Record::Segment(gone))).unwrap() else {
            panic!("segment")
        };
        assert!(t.deleted && sealed[0].mutation.deleted);
        assert_eq!((t.id, t.created_at, t.updated_at), (id, 5, 9_000));
        assert!(t.name.is_empty() && t.description.is_empty());
        assert_eq!(t.rule, Group::default());
        assert_eq!(sealed[0].record.entity(), Entity::Segment);
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
