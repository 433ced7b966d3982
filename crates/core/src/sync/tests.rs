//! Properties of the merge, simulated on devices that edit one customer
//! offline and exchange their mutations in every order.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::model::{
    Batch, Clock, Consent, ConsentChannel, Customer, Email, Id, Record, Sequence, Stamp, Tier,
};

const DEVICES: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    FirstName(u8),
    City(Option<u8>),
    Tier(u8),
    AddTag(u8),
    RemoveTag(u8),
    AddEmail(u8),
    RemoveEmail(u8),
    Consent(u8, bool),
    Delete,
    /// The device receives everything device `n` has made so far.
    Receive(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..4).prop_map(Op::FirstName),
        2 => proptest::option::of(0u8..3).prop_map(Op::City),
        2 => (0u8..4).prop_map(Op::Tier),
        4 => (0u8..4).prop_map(Op::AddTag),
        3 => (0u8..4).prop_map(Op::RemoveTag),
        2 => (0u8..3).prop_map(Op::AddEmail),
        2 => (0u8..3).prop_map(Op::RemoveEmail),
        2 => (0u8..4, any::<bool>()).prop_map(|(c, g)| Op::Consent(c, g)),
        1 => Just(Op::Delete),
        4 => (0..DEVICES).prop_map(Op::Receive),
    ]
}

fn customer_id() -> Id {
    Id::v7(1, [7; 10])
}

struct Device {
    clock: Clock,
    seq: Sequence,
    /// The customer, with the decisions of `consents` attached.
    replica: Record,
    consents: BTreeMap<Id, Record>,
    made: Vec<Mutation>,
    now: i64,
}

fn edit(c: &mut Customer, op: &Op) {
    match op {
        Op::FirstName(n) => c.first_name = ["Ayşe", "Işıl", "Ömer", "Çağla"][*n as usize].into(),
        Op::City(n) => c.city = n.map(|n| ["İzmir", "Ankara", "Van"][n as usize].to_string()),
        Op::Tier(n) => c.tier = Tier::ALL[*n as usize],
        Op::AddTag(n) => {
            let tag = format!("tag{n}");
            if !c.tags.contains(&tag) {
                c.tags.push(tag);
            }
        }
        Op::RemoveTag(n) => c.tags.retain(|t| *t != format!("tag{n}")),
        Op::AddEmail(n) => {
            let e = Email::parse(&format!("kisi{n}@ornek.com")).unwrap();
            if !c.emails.contains(&e) {
                c.emails.push(e);
            }
        }
        Op::RemoveEmail(n) => c
            .emails
            .retain(|e| e.as_str() != format!("kisi{n}@ornek.com")),
        Op::Consent(n, granted) => c.consents.push(Consent {
            channel: ConsentChannel::ALL[*n as usize],
            granted: *granted,
            at: 1_000 + c.consents.len() as i64,
            source: "test".into(),
        }),
        Op::Delete | Op::Receive(_) => {}
    }
}

/// Runs the script; returns the creating mutation, every device's
/// mutations, and the devices.
fn simulate(script: &[(usize, Op)]) -> (Mutation, Vec<Device>) {
    let mut creator_clock = Clock::new(100);
    let mut creator_seq = Sequence::new(Id::v7(1, [100; 10]));
    let mut start = Customer::new(customer_id(), "Ali", "Veli");
    start.tags.push("tag0".into());
    let mut batch = Batch::new();
    batch.put(Record::Customer(start));
    let sealed = batch.seal(&mut creator_clock, 500, &mut creator_seq);
    let created = sealed[0].wire_mutation();
    let base = sealed[0].resolve(None).unwrap();
    let mut devices: Vec<Device> = (0..DEVICES)
        .map(|d| Device {
            clock: Clock::new(d as u64 + 1),
            seq: Sequence::new(Id::v7(1, [d as u8 + 1; 10])),
            replica: base.clone(),
            consents: BTreeMap::new(),
            made: Vec::new(),
            now: 1_000,
        })
        .collect();
    for (d, op) in script {
        if let Op::Receive(from) = op {
            let incoming = devices[*from].made.clone();
            let device = &mut devices[*d];
            for m in &incoming {
                device.take(m, |stored| apply(stored, m, m.stamp.millis as i64).unwrap());
                device.clock.observe(m.stamp, device.now as u64).unwrap();
            }
            continue;
        }
        let device = &mut devices[*d];
        device.now += 1;
        let Record::Customer(current) = &device.replica else {
            unreachable!()
        };
        let mut batch = Batch::new();
        if matches!(op, Op::Delete) {
            batch.delete(device.replica.clone());
        } else {
            let mut edited = current.clone();
            edit(&mut edited, op);
            batch.update(device.replica.clone(), Record::Customer(edited));
        }
        for sealed in batch.seal(&mut device.clock, device.now, &mut device.seq) {
            let m = sealed.wire_mutation();
            device.take(&m, |stored| sealed.resolve(stored).unwrap());
            device.made.push(m);
        }
    }
    (created, devices)
}

impl Device {
    /// Stores what `write` makes of the stored copy of `m`'s record.
    fn take(&mut self, m: &Mutation, write: impl FnOnce(Option<&Record>) -> Record) {
        if m.entity == crate::model::Entity::Consent {
            let next = write(self.consents.get(&m.id));
            self.consents.insert(m.id, next);
        } else {
            self.replica = write(Some(&self.replica));
        }
        let consents: Vec<crate::model::ConsentRecord> = self
            .consents
            .values()
            .filter_map(|r| match r {
                Record::Consent(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        if let Record::Customer(c) = &mut self.replica {
            c.consents.clear();
            crate::model::attach_consents(c, &consents);
        }
    }
}

/// The customer after every mutation, with the consent records the
/// mutations made attached.
fn apply_all<'a>(mutations: impl IntoIterator<Item = &'a Mutation>) -> Record {
    let mut record: Option<Record> = None;
    let mut consents: BTreeMap<Id, Record> = BTreeMap::new();
    for m in mutations {
        if m.entity == crate::model::Entity::Consent {
            let next = apply(consents.get(&m.id), m, m.stamp.millis as i64).unwrap();
            consents.insert(m.id, next);
        } else {
            record = Some(apply(record.as_ref(), m, m.stamp.millis as i64).unwrap());
        }
    }
    let mut record = record.expect("at least one mutation");
    let consents: Vec<crate::model::ConsentRecord> = consents
        .into_values()
        .filter_map(|r| match r {
            Record::Consent(c) => Some(c),
            _ => None,
        })
        .collect();
    if let Record::Customer(c) = &mut record {
        crate::model::attach_consents(c, &consents);
    }
    record
}

/// The consent records the mutations create.
fn decisions_made(all: &[Mutation]) -> usize {
    all.iter()
        .filter(|m| m.entity == crate::model::Entity::Consent)
        .map(|m| m.id)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

fn all_mutations(created: &Mutation, devices: &[Device]) -> Vec<Mutation> {
    let mut all = vec![created.clone()];
    for d in devices {
        all.extend(d.made.iter().cloned());
    }
    all
}

/// A deterministic shuffle with duplicates, driven by `seed`.
fn shuffled(all: &[Mutation], seed: u64) -> Vec<Mutation> {
    let mut out: Vec<Mutation> = all.to_vec();
    let mut x = seed | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in (1..out.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    let dups: Vec<Mutation> = (0..(next() % 4))
        .map(|_| all[(next() % all.len() as u64) as usize].clone())
        .collect();
    for d in dups {
        let at = (next() % (out.len() as u64 + 1)) as usize;
        out.insert(at, d);
    }
    out
}

fn customer(r: &Record) -> &Customer {
    let Record::Customer(c) = r else {
        panic!("customer")
    };
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_order_and_any_repetition_of_the_mutations_gives_the_same_record(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
        seeds in (any::<u64>(), any::<u64>()),
    ) {
        let (created, devices) = simulate(&script);
        let all = all_mutations(&created, &devices);
        let in_order = apply_all(&all);
        // The creating mutation may come last: a device can hear of edits
        // before it hears of the record.
        let a = apply_all(&shuffled(&all, seeds.0));
        let b = apply_all(&shuffled(&all, seeds.1));
        prop_assert_eq!(&a, &in_order);
        prop_assert_eq!(&b, &in_order);
    }

    #[test]
    fn a_pulled_change_carries_the_whole_record_with_every_stamp(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
    ) {
        use super::protocol::Change;
        let (created, devices) = simulate(&script);
        let all = all_mutations(&created, &devices);
        let mut records = vec![apply_all(&all)];
        records.extend(devices.iter().map(|d| d.replica.clone()));
        for record in records {
            let change = Change::of(&record);
            // Through JSON, as a pull sends it.
            let change: Change = serde_json::from_str(&serde_json::to_string(&change).unwrap()).unwrap();
            prop_assert_eq!(change.paths().unwrap(), paths_of(&record));
            let mutation = change.to_mutation().unwrap();
            let rebuilt = apply(None, &mutation, record.updated_at()).unwrap();
            prop_assert_eq!(paths_of(&rebuilt), paths_of(&record));
            // Taken in by a device that has an older copy, it changes nothing more.
            let again = apply(Some(&record), &mutation, record.updated_at()).unwrap();
            prop_assert_eq!(paths_of(&again), paths_of(&record));
        }
    }

    #[test]
    fn merging_replicas_is_commutative_associative_and_idempotent(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
    ) {
        let (_, devices) = simulate(&script);
        // The customer records themselves (consents are records of their
        // own, merged by the property tests above).
        let plain = |r: &Record| {
            let mut c = customer(r).clone();
            c.consents.clear();
            Record::Customer(c)
        };
        let replicas = [plain(&devices[0].replica), plain(&devices[1].replica), plain(&devices[2].replica)];
        let [a, b, c] = [&replicas[0], &replicas[1], &replicas[2]];
        prop_assert_eq!(merge(a, b).unwrap(), merge(b, a).unwrap());
        prop_assert_eq!(
            merge(&merge(a, b).unwrap(), c).unwrap(),
            merge(a, &merge(b, c).unwrap()).unwrap()
        );
        prop_assert_eq!(&merge(a, a).unwrap(), a);
        let ab = merge(a, b).unwrap();
        prop_assert_eq!(merge(&ab, b).unwrap(), ab);
    }

    #[test]
    fn erasure_wins_over_every_edit_in_any_order(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
        eraser in 0..DEVICES,
        seed in any::<u64>(),
    ) {
        let mut script = script;
        // The eraser deletes somewhere in the middle; others keep editing
        // offline after it.
        let middle = script.len() / 2;
        script.insert(middle, (eraser, Op::Delete));
        let (created, devices) = simulate(&script);
        let all = all_mutations(&created, &devices);
        let record = apply_all(&shuffled(&all, seed));
        let c = customer(&record);
        prop_assert!(c.deleted);
        prop_assert!(c.first_name.is_empty() && c.last_name.is_empty());
        prop_assert!(c.emails.is_empty() && c.tags.is_empty());
        // Consent decisions are kept as proof, every one of them.
        prop_assert_eq!(c.consents.len(), decisions_made(&all));
        prop_assert!(c.city.is_none());
        prop_assert!(c.stamps.removed.is_empty());
    }

    #[test]
    fn a_concurrent_addition_is_never_dropped(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
    ) {
        let (created, devices) = simulate(&script);
        let all = all_mutations(&created, &devices);
        let record = apply_all(&all);
        let c = customer(&record);
        prop_assume!(!c.deleted);
        // Every tag addition that no removal saw must be there.
        for m in &all {
            for (path, value) in &m.fields {
                let Some(tag) = path.strip_prefix("tags/") else { continue };
                if value.is_null() {
                    continue;
                }
                let added = m.stamps.get(path).copied().unwrap_or(m.stamp);
                let seen_by_a_removal = all.iter().any(|r| {
                    r.fields.get(path).is_some_and(|v| v.is_null())
                        && r.stamps.get(path).is_some_and(|seen| *seen >= added)
                });
                if !seen_by_a_removal {
                    prop_assert!(c.tags.iter().any(|t| t == tag), "{tag} lost: {:?}", c.tags);
                }
            }
        }
        // Consents are write-once records: every decision made is kept.
        prop_assert_eq!(c.consents.len(), decisions_made(&all));
    }

    #[test]
    fn compacting_the_outbox_does_not_change_the_merged_result(
        script in proptest::collection::vec((0..DEVICES, op()), 1..30),
        seed in any::<u64>(),
    ) {
        let (created, devices) = simulate(&script);
        let all = all_mutations(&created, &devices);
        let expected = apply_all(&all);
        let mut compacted = vec![created.clone()];
        for d in &devices {
            // The outbox compacts the unsent mutations of each record.
            let mut per_record: BTreeMap<(crate::model::Entity, Id), Vec<&Mutation>> =
                BTreeMap::new();
            for m in &d.made {
                per_record.entry((m.entity, m.id)).or_default().push(m);
            }
            for made in per_record.values() {
                let mut iter = made.iter();
                if let Some(first) = iter.next() {
                    let one = iter.try_fold((*first).clone(), |acc, m| compact(&acc, m)).unwrap();
                    prop_assert_eq!(one.seq, made.last().unwrap().seq);
                    compacted.push(one);
                }
            }
        }
        prop_assert_eq!(apply_all(&shuffled(&compacted, seed)), expected);
    }
}

#[test]
fn two_devices_editing_different_fields_both_win() {
    let script = [(0, Op::FirstName(1)), (1, Op::City(Some(0)))];
    let (created, devices) = simulate(&script);
    let record = apply_all(&all_mutations(&created, &devices));
    let c = customer(&record);
    assert_eq!(
        (c.first_name.as_str(), c.city.as_deref()),
        ("Işıl", Some("İzmir"))
    );
    assert_eq!(c.last_name, "Veli");
}

#[test]
fn a_consent_decision_cannot_be_rewritten_or_deleted() {
    let mut clock = Clock::new(3);
    let mut seq = Sequence::new(Id::v7(1, [3; 10]));
    let mut c = Customer::new(customer_id(), "Ali", "Veli");
    c.consents.push(Consent {
        channel: ConsentChannel::Sms,
        granted: true,
        at: 10,
        source: "mağaza".into(),
    });
    let mut batch = Batch::new();
    batch.put(Record::Customer(c));
    let sealed = batch.seal(&mut clock, 100, &mut seq);
    assert_eq!(sealed.len(), 2, "the customer and the decision's record");
    let first = sealed[1].resolve(None).unwrap();
    let Record::Consent(original) = &first else {
        panic!("consent")
    };
    // A later write (a forged or buggy edit) that says "not granted".
    let mut forged = original.clone();
    forged.granted = false;
    let mut edit = Batch::new();
    edit.update(first.clone(), Record::Consent(forged));
    let later = edit.seal(&mut clock, 200, &mut seq);
    // What counts: the decision, its stamp and that it is not deleted (the
    // write time of the record may move).
    let content = |r: &Record| match r {
        Record::Consent(c) => (c.decision(), c.version, c.deleted),
        _ => panic!("consent"),
    };
    let after = later[0].resolve(Some(&first)).unwrap();
    assert_eq!(content(&after), content(&first));
    assert_eq!(
        content(&merge(&after, &later[0].record).unwrap()),
        content(&first)
    );
    assert_eq!(
        content(&merge(&later[0].record, &first).unwrap()),
        content(&first)
    );
    // A delete changes nothing.
    let mut delete = Batch::new();
    delete.delete(first.clone());
    assert!(delete.seal(&mut clock, 300, &mut seq).is_empty());
    let mut tombstone = first.clone();
    if let Record::Consent(t) = &mut tombstone {
        t.deleted = true;
        t.version = Stamp {
            millis: 999,
            counter: 0,
            node: 1,
        };
    }
    assert_eq!(
        content(&merge(&first, &tombstone).unwrap()),
        content(&first)
    );
}

#[test]
fn erasure_withdraws_the_consents_in_force_and_keeps_every_decision() {
    let mut c = Customer::new(customer_id(), "Ayşe", "Kaya");
    for (channel, granted) in [
        (ConsentChannel::Sms, true),
        (ConsentChannel::Email, false),
        (ConsentChannel::Call, true),
    ] {
        c.consents.push(Consent {
            channel,
            granted,
            at: 10,
            source: "web".into(),
        });
    }
    let batch = erase(&c, &[], &[], &[], &[], 500);
    let withdrawals: Vec<&crate::model::ConsentRecord> = batch
        .entries()
        .iter()
        .filter_map(|e| match &e.record {
            Record::Consent(r) => Some(r),
            _ => None,
        })
        .collect();
    let channels: Vec<ConsentChannel> = withdrawals.iter().map(|r| r.channel).collect();
    assert_eq!(channels, [ConsentChannel::Sms, ConsentChannel::Call]);
    assert!(
        withdrawals
            .iter()
            .all(|r| !r.granted && r.at == 500 && r.source == ERASURE_SOURCE)
    );
    assert!(batch.entries().last().unwrap().record.is_deleted());
}

#[test]
fn a_withdrawal_is_kept_next_to_a_concurrent_grant() {
    let script = [(0, Op::Consent(1, true)), (1, Op::Consent(1, false))];
    let (created, devices) = simulate(&script);
    let record = apply_all(&all_mutations(&created, &devices));
    let c = customer(&record);
    assert_eq!(c.consents.len(), 2);
    assert!(c.consents.iter().any(|c| !c.granted));
}

#[test]
fn a_removal_only_removes_what_it_saw() {
    // Device 1 knows tag0 (from the start) and removes it; device 0 adds
    // tag0 again... no: device 0 adds tag1 while device 1 removes tag0.
    let script = [(0, Op::AddTag(1)), (1, Op::RemoveTag(0))];
    let (created, devices) = simulate(&script);
    let record = apply_all(&all_mutations(&created, &devices));
    assert_eq!(customer(&record).tags, vec!["tag1".to_string()]);
    // A re-addition on another device that the remover had not seen stays.
    let script = [
        (0, Op::RemoveTag(0)),
        (1, Op::RemoveTag(0)),
        (1, Op::AddTag(0)),
    ];
    let (created, devices) = simulate(&script);
    let record = apply_all(&all_mutations(&created, &devices));
    assert_eq!(customer(&record).tags, vec!["tag0".to_string()]);
}

#[test]
fn an_unknown_field_is_refused_with_its_name() {
    let (created, _) = simulate(&[]);
    let mut bad = created.clone();
    bad.fields.insert("shoe_size".into(), serde_json::json!(42));
    let err = apply(None, &bad, 0).unwrap_err();
    assert_eq!(err.to_string(), "Customer has no field \"shoe_size\"");
}

#[test]
fn a_stale_edit_reports_the_fields_changed_underneath() {
    let (_, devices) = simulate(&[(0, Op::City(Some(1)))]);
    let current = devices[0].replica.clone();
    let (_, untouched) = simulate(&[]);
    let base = untouched[0].replica.clone();
    let Record::Customer(mut mine) = base.clone() else {
        unreachable!()
    };
    mine.city = Some("Van".into());
    mine.first_name = "Ömer".into();
    let mut batch = Batch::new();
    batch.update(base.clone(), Record::Customer(mine));
    let mut clock = Clock::new(50);
    let mut seq = Sequence::new(Id::v7(1, [50; 10]));
    let sealed = batch.seal(&mut clock, 9_000, &mut seq);
    assert_eq!(
        conflicts(&base, &current, &sealed[0].mutation),
        vec!["city".to_string()]
    );
}

#[test]
fn merging_customers_keeps_every_value_and_links_the_other() {
    let mut a = Customer::new(Id::v7(1, [1; 10]), "Şükrü", "Çağlar");
    a.emails.push(Email::parse("sukru@ornek.com").unwrap());
    a.city = Some("İzmir".into());
    a.created_at = 50;
    let mut b = Customer::new(Id::v7(1, [2; 10]), "Sukru", "Caglar");
    b.emails.push(Email::parse("SUKRU@ornek.com").unwrap());
    b.emails.push(Email::parse("s.caglar@posta.com").unwrap());
    b.city = Some("Ankara".into());
    b.tier = Tier::Gold;
    b.created_at = 20;
    let purchase = crate::model::Purchase {
        id: Id::v7(1, [3; 10]),
        customer_id: b.id,
        external_id: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        amount: crate::model::Money::from_minor(100),
        currency: Default::default(),
        sku: "X".into(),
        product: "X".into(),
        category: "x".into(),
        channel: Default::default(),
        updated_at: 0,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let mut choices = BTreeMap::new();
    choices.insert("tier".to_string(), MergeChoice::Other);
    let mut next = 10u8;
    let mut new_id = || {
        next += 1;
        Id::v7(1, [next; 10])
    };
    let batch = merge_customers(
        &a,
        &b,
        &choices,
        &Belongings {
            purchases: &[purchase],
            ..Default::default()
        },
        &mut new_id,
        1_000,
    )
    .unwrap();
    let moved_id = Id::v7(1, [11; 10]);
    let note = Id::v7(1, [12; 10]);
    let mut clock = Clock::new(9);
    let mut seq = Sequence::new(Id::v7(1, [9; 10]));
    let sealed = batch.seal(&mut clock, 1_000, &mut seq);
    let stored_a = Record::Customer(a.clone());
    let stored_b = Record::Customer(b.clone());
    let mut by_id: BTreeMap<Id, Record> = BTreeMap::new();
    for s in &sealed {
        let stored = if s.record.id() == a.id {
            Some(&stored_a)
        } else if s.record.id() == b.id {
            Some(&stored_b)
        } else {
            None
        };
        by_id.insert(s.record.id(), s.resolve(stored).unwrap());
    }
    let survivor = customer(&by_id[&a.id]);
    assert_eq!(survivor.first_name, "Şükrü");
    assert_eq!(survivor.tier, Tier::Gold);
    assert_eq!(survivor.emails.len(), 2, "{:?}", survivor.emails);
    assert_eq!(survivor.created_at, 20);
    let other = customer(&by_id[&b.id]);
    assert!(other.deleted && other.first_name.is_empty());
    assert_eq!(other.merged_into, Some(a.id));
    let Record::Purchase(p) = &by_id[&moved_id] else {
        panic!("purchase")
    };
    assert_eq!((p.customer_id, p.amount.minor()), (a.id, 100));
    let Record::Purchase(old) = &by_id[&Id::v7(1, [3; 10])] else {
        panic!("purchase")
    };
    assert!(old.deleted && old.customer_id == b.id);
    let Record::Interaction(n) = &by_id[&note] else {
        panic!("note")
    };
    assert!(n.text.contains("city: Ankara"), "{}", n.text);
    assert!(n.text.contains("first_name: Sukru"), "{}", n.text);
    // A late edit of the merged-away customer follows the link.
    let late = Mutation {
        client_id: Id::v7(1, [8; 10]),
        seq: 1,
        entity: crate::model::Entity::Customer,
        id: b.id,
        stamp: crate::model::Stamp {
            millis: 2_000,
            counter: 0,
            node: 8,
        },
        fields: serde_json::from_str(r#"{"owner": "Deniz"}"#).unwrap(),
        stamps: BTreeMap::new(),
        deleted: false,
    };
    let followed = follow_merge(&by_id[&b.id], &late).expect("redirected");
    assert_eq!(followed.id, a.id);
    assert_eq!(
        merge_customers(
            &a,
            &a,
            &BTreeMap::new(),
            &Belongings::default(),
            &mut new_id,
            0
        )
        .unwrap_err(),
        MergeError::SameCustomer
    );
}

#[test]
fn erase_deletes_the_customer_and_everything_of_theirs() {
    let mut c = Customer::new(Id::v7(1, [1; 10]), "Ayşe", "Kaya");
    c.emails.push(Email::parse("ayse@ornek.com").unwrap());
    let note = crate::model::Interaction {
        id: Id::v7(1, [2; 10]),
        customer_id: c.id,
        kind: crate::model::InteractionKind::Note,
        direction: crate::model::Direction::Internal,
        at: 5,
        text: "aradı".into(),
        updated_at: 0,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let batch = erase(&c, &[], std::slice::from_ref(&note), &[], &[], 900);
    let mut clock = Clock::new(9);
    let mut seq = Sequence::new(Id::v7(1, [9; 10]));
    let sealed = batch.seal(&mut clock, 1_000, &mut seq);
    assert_eq!(sealed.len(), 2);
    // A deletion carries no data; a timeline entry's names its customer
    // (where devices find it), nothing else.
    for s in &sealed {
        let fields: Vec<&String> = s.mutation.fields.keys().collect();
        assert!(s.mutation.deleted, "{s:?}");
        assert!(fields.is_empty() || fields == ["customer_id"], "{fields:?}");
    }
    assert_eq!(sealed[0].mutation.container(), Some(c.id));
    let Record::Interaction(n) = sealed[0].resolve(Some(&Record::Interaction(note))).unwrap()
    else {
        panic!("interaction")
    };
    assert!(n.deleted && n.text.is_empty());
}

#[test]
fn erasure_takes_a_customers_complaints_and_their_journeys() {
    use crate::cases::{Case, CaseChannel, CaseEvent, Category, EventKind, derive};
    let c = Customer::new(customer_id(), "Ayşe", "Kaya");
    let case = Case {
        id: Id::v7(1, [3; 10]),
        number: "K-0000-0001".into(),
        customer_id: Some(c.id),
        author: None,
        channel: CaseChannel::Phone,
        category: Category::Billing,
        products: vec!["iPhone".into()],
        text: "Faturamda Ayşe Kaya adına fazla ücret var".into(),
        public: false,
        reach: 0,
        created_at: 10,
        updated_at: 10,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let reply = CaseEvent {
        id: Id::v7(1, [4; 10]),
        case_id: case.id,
        at: 20,
        by: "Can".into(),
        kind: EventKind::Replied {
            text: "Sayın Ayşe Kaya, inceliyoruz".into(),
        },
        updated_at: 20,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let batch = erase(
        &c,
        &[],
        &[],
        &[(case.clone(), vec![reply.clone()])],
        &[],
        500,
    );
    let mut clock = Clock::new(9);
    let mut seq = Sequence::new(Id::v7(1, [9; 10]));
    let sealed = batch.seal(&mut clock, 1_000, &mut seq);
    let stored_reply = Record::CaseEvent(reply);
    let stored_case = Record::Case(case);
    for s in &sealed {
        let stored = match s.record.entity() {
            crate::model::Entity::CaseEvent => Some(&stored_reply),
            crate::model::Entity::Case => Some(&stored_case),
            _ => None,
        };
        let after = s.resolve(stored).unwrap();
        match after {
            Record::Case(k) => {
                assert!(k.deleted && k.text.is_empty() && k.customer_id.is_none());
                assert_eq!((k.number.as_str(), k.created_at), ("K-0000-0001", 10));
            }
            Record::CaseEvent(e) => {
                assert!(e.deleted && e.by.is_empty());
                let json = serde_json::to_string(&e).unwrap();
                assert!(!json.contains("Ayşe"), "{json}");
                assert!(derive(&[e]).applied.is_empty());
            }
            _ => {}
        }
    }
    assert!(
        sealed
            .iter()
            .any(|s| s.record.entity() == crate::model::Entity::CaseEvent)
    );
}

fn mention_of(id: Id, customer: Option<Id>) -> crate::social::Mention {
    let mut m: crate::social::Mention =
        serde_json::from_value(Shape::of(crate::model::Entity::Mention).blank(id)).unwrap();
    m.post_id = "1790000000000000001".into();
    m.author = "Ayşe Kaya".into();
    m.text = "Kargom hâlâ gelmedi".into();
    m.customer_id = customer;
    m
}

#[test]
fn merging_moves_cases_and_posts_to_the_survivor() {
    use crate::cases::{Case, CaseChannel, Category};
    let a = Customer::new(Id::v7(1, [1; 10]), "Ayşe", "Kaya");
    let b = Customer::new(Id::v7(1, [2; 10]), "Ayse", "Kaya");
    let case = Case {
        id: Id::v7(1, [3; 10]),
        number: "K-0000-0001".into(),
        customer_id: Some(b.id),
        author: None,
        channel: CaseChannel::Social,
        category: Category::Delivery,
        products: Vec::new(),
        text: "Kargom hâlâ gelmedi".into(),
        public: true,
        reach: 10,
        created_at: 10,
        updated_at: 10,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let post = mention_of(Id::v7(1, [4; 10]), Some(b.id));
    let someone_else = mention_of(Id::v7(1, [5; 10]), Some(Id::v7(1, [6; 10])));
    let mut next = 20u8;
    let mut new_id = || {
        next += 1;
        Id::v7(1, [next; 10])
    };
    let batch = merge_customers(
        &a,
        &b,
        &BTreeMap::new(),
        &Belongings {
            cases: std::slice::from_ref(&case),
            mentions: &[post.clone(), someone_else.clone()],
            ..Default::default()
        },
        &mut new_id,
        1_000,
    )
    .unwrap();
    let mut clock = Clock::new(9);
    let mut seq = Sequence::new(Id::v7(1, [9; 10]));
    let sealed = batch.seal(&mut clock, 1_000, &mut seq);
    let find = |id: Id| {
        sealed
            .iter()
            .find(|s| s.record.id() == id)
            .map(|s| s.record.clone())
    };
    let Some(Record::Case(moved)) = find(case.id) else {
        panic!("the case is in the merge")
    };
    assert_eq!(moved.customer_id, Some(a.id));
    assert_eq!(moved.number, case.number);
    let Some(Record::Mention(moved)) = find(post.id) else {
        panic!("the post is in the merge")
    };
    assert_eq!(moved.customer_id, Some(a.id));
    assert!(
        find(someone_else.id).is_none(),
        "another customer's post stays"
    );
}

#[test]
fn erasure_takes_a_customers_posts() {
    let c = Customer::new(customer_id(), "Ayşe", "Kaya");
    let post = mention_of(Id::v7(1, [4; 10]), Some(c.id));
    let batch = erase(&c, &[], &[], &[], std::slice::from_ref(&post), 500);
    let mut clock = Clock::new(9);
    let mut seq = Sequence::new(Id::v7(1, [9; 10]));
    let sealed = batch.seal(&mut clock, 500, &mut seq);
    let erased = sealed
        .iter()
        .find(|s| s.record.id() == post.id)
        .map(|s| s.resolve(Some(&Record::Mention(post.clone()))).unwrap());
    let Some(Record::Mention(m)) = erased else {
        panic!("the post is erased")
    };
    assert!(m.deleted && m.text.is_empty() && m.author.is_empty());
    assert_eq!(
        m.post_id, post.post_id,
        "where and when stay for the figures"
    );
}
