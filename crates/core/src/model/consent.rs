//! Consent decisions as their own records (KVKK/GDPR).
//!
//! A decision (grant or withdrawal of one channel, at a time, from a
//! source) is a [`ConsentRecord`] of its own, held by its customer like a
//! purchase or a timeline entry. Consent records are **write-once**: a
//! decision is never edited or deleted, a withdrawal is a new record, and
//! the merge keeps the first stamp of every field (see
//! `sync::Shape::write_once`), so no device can lose or rewrite one. They
//! are kept when their customer is erased: they hold no personal data
//! (channel, yes/no, time, source and the customer's id), and they are the
//! proof of what the customer agreed to.
//!
//! A record's id is derived from its content (customer, channel, time,
//! yes/no, source; a UUID v5), so the same decision recorded twice — on two
//! devices, by re-importing a file, by restoring a backup — is one record.
//!
//! The rest of the app works with [`Customer::consents`], the customer's
//! decisions as loaded: [`crate::model::Batch`] turns decisions that a
//! write adds to a customer into consent records.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::customer::{Consent, ConsentChannel, Customer};
use super::hlc::{Stamp, Stamps};
use super::id::Id;

/// The namespace of consent record ids (a fixed random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1e_2c3a_9b7d_4e21_a5c8_0d3f_7b19_e642);

/// One consent decision of one customer, as stored and synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub id: Id,
    pub customer_id: Id,
    pub channel: ConsentChannel,
    pub granted: bool,
    /// When the customer decided (Unix milliseconds).
    pub at: i64,
    /// Where the decision was recorded.
    pub source: String,
    /// Unix milliseconds of the write.
    #[serde(default)]
    pub updated_at: i64,
    pub version: Stamp,
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    /// Always false: a decision is never deleted (kept for the format
    /// every synced record shares).
    #[serde(default)]
    pub deleted: bool,
}

/// The id of a customer's decision: the same decision always gets the same
/// id.
pub fn consent_id(customer_id: Id, decision: &Consent) -> Id {
    let name = format!(
        "{customer_id}|{}|{}|{}|{}",
        decision.channel.code(),
        decision.at,
        decision.granted,
        decision.source
    );
    Id::from_uuid(Uuid::new_v5(&NAMESPACE, name.as_bytes()))
}

impl ConsentRecord {
    /// The record of a customer's decision (stamped when written).
    pub fn of(customer_id: Id, decision: &Consent) -> ConsentRecord {
        ConsentRecord {
            id: consent_id(customer_id, decision),
            customer_id,
            channel: decision.channel,
            granted: decision.granted,
            at: decision.at,
            source: decision.source.clone(),
            updated_at: 0,
            version: Stamp::default(),
            stamps: Stamps::default(),
            deleted: false,
        }
    }

    /// The decision this record holds.
    pub fn decision(&self) -> Consent {
        Consent {
            channel: self.channel,
            granted: self.granted,
            at: self.at,
            source: self.source.clone(),
        }
    }
}

/// The records of the decisions `edited` holds that `known` does not: what
/// a write of a customer adds.
pub fn new_consent_records(edited: &Customer, known: &[Consent]) -> Vec<ConsentRecord> {
    let mut out: Vec<ConsentRecord> = Vec::new();
    for decision in &edited.consents {
        if known.contains(decision) {
            continue;
        }
        let record = ConsentRecord::of(edited.id, decision);
        if !out.iter().any(|r| r.id == record.id) {
            out.push(record);
        }
    }
    out
}

/// The records of the decisions a customer document of an older format
/// held inside it (a v6 database, an older backup), stamped as written
/// with the customer: what the migration and the restore turn them into.
pub fn embedded_consent_records(customer: &Customer) -> Vec<ConsentRecord> {
    let mut out = new_consent_records(customer, &[]);
    for r in &mut out {
        r.version = customer.version;
        r.updated_at = customer.updated_at;
    }
    out
}

/// Puts stored consent records back on their customer, oldest decision
/// first (what the pages and exports read).
pub fn attach_consents(customer: &mut Customer, records: &[ConsentRecord]) {
    let mut decisions: Vec<Consent> = records
        .iter()
        .filter(|r| r.customer_id == customer.id)
        .map(ConsentRecord::decision)
        .collect();
    decisions.sort_by(|a, b| a.at.cmp(&b.at).then(a.channel.code().cmp(b.channel.code())));
    for d in decisions {
        if !customer.consents.contains(&d) {
            customer.consents.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(granted: bool, at: i64) -> Consent {
        Consent {
            channel: ConsentChannel::Sms,
            granted,
            at,
            source: "mağaza".into(),
        }
    }

    #[test]
    fn the_same_decision_gets_the_same_id_and_any_difference_another() {
        let customer = Id::v7(1_700_000_000_000, [1; 10]);
        let other = Id::v7(1_700_000_000_000, [2; 10]);
        let d = decision(true, 5);
        assert_eq!(consent_id(customer, &d), consent_id(customer, &d));
        for changed in [
            decision(false, 5),
            decision(true, 6),
            Consent {
                source: "web".into(),
                ..d.clone()
            },
            Consent {
                channel: ConsentChannel::Email,
                ..d.clone()
            },
        ] {
            assert_ne!(consent_id(customer, &d), consent_id(customer, &changed));
        }
        assert_ne!(consent_id(customer, &d), consent_id(other, &d));
    }

    #[test]
    fn only_decisions_not_known_become_records_and_attach_in_time_order() {
        let mut c = Customer::new(Id::v7(1_700_000_000_000, [1; 10]), "Ayşe", "Yılmaz");
        c.consents = vec![decision(true, 5), decision(false, 9), decision(false, 9)];
        let new = new_consent_records(&c, &[decision(true, 5)]);
        assert_eq!(new.len(), 1, "a known decision and a repeat add nothing");
        assert!(!new[0].granted);
        let mut read = Customer::new(c.id, "Ayşe", "Yılmaz");
        let mut all = new_consent_records(&c, &[]);
        all.reverse();
        attach_consents(&mut read, &all);
        assert_eq!(read.consents, vec![decision(true, 5), decision(false, 9)]);
        assert!(!read.consent(ConsentChannel::Sms).unwrap().granted);
    }
}
