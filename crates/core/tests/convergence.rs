//! Seeded random convergence test of sync (issue 11), in the spirit of
//! Yjs' random tests and Automerge's trace fuzzing.
//!
//! Three to five simulated devices write through the real write path
//! (`Batch::seal`, `Sealed::resolve`, outbox rows), push pages of their
//! outbox (`engine::page`, `expand`) to the server's real decision
//! ([`MemoryHub`], which runs `hub::plan_push`), acknowledge
//! (`outbox::ack`), compact (`compact_rows`) and pull through the same
//! merge the app's `apply_remote` uses. The network loses requests, loses
//! answers, duplicates and delays pushes (a delayed one may arrive after
//! newer ones), devices go offline and the server restarts (answers in
//! flight are lost; what was committed stays).
//!
//! At the end the network heals and every device syncs until nothing is
//! left; then every replica equals the server's records, and no write the
//! server acknowledged is lost: each of its paths is on the server with at
//! least its stamp, unless the record was deleted and the path is personal
//! data a tombstone drops.
//!
//! `ILGI_SEEDS=n` runs seeds `0..n` (default 1,000); `ILGI_SEED=n` replays
//! one. A failure names its seed.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use ilgi_core::model::{
    Batch, Clock, Customer, Email, Entity, Id, Interaction, Money, Purchase, Record, Sequence, Tier,
};
use ilgi_core::sync::engine::page;
use ilgi_core::sync::hub::MemoryHub;
use ilgi_core::sync::outbox::{OutboxRow, ack, compact_rows, expand};
use ilgi_core::sync::protocol::Change;
use ilgi_core::sync::{Belongings, Mutation, Shape, apply, erase, merge_customers};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// 2026-12-01, the simulation's first instant.
const START: i64 = 1_764_547_200_000;

struct Device {
    client: Id,
    clock: Clock,
    seq: Sequence,
    /// Milliseconds this device's clock is off the server's.
    skew: i64,
    records: BTreeMap<(Entity, Id), Record>,
    outbox: Vec<OutboxRow>,
    cursor: u64,
    online: bool,
    /// The push waiting for its answer.
    in_flight: Option<Vec<Mutation>>,
}

struct World {
    rng: ChaCha8Rng,
    now: i64,
    hub: MemoryHub,
    devices: Vec<Device>,
    /// Copies of pushes still travelling (delayed or duplicated): they
    /// reach the server later, in any order.
    strays: Vec<(usize, Vec<Mutation>)>,
    /// Every mutation the server applied (not a replay).
    applied: Vec<Mutation>,
    next_id: u8,
}

impl Device {
    fn new(n: usize, rng: &mut ChaCha8Rng) -> Device {
        let client = Id::generate(START as u64, rng);
        Device {
            client,
            clock: Clock::new(n as u64 + 1),
            seq: Sequence::new(client),
            skew: rng.random_range(-20_000..20_000),
            records: BTreeMap::new(),
            outbox: Vec::new(),
            cursor: 0,
            online: true,
            in_flight: None,
        }
    }

    /// A write, as the app's write path makes it.
    fn write(&mut self, batch: Batch, now: i64) {
        let sealed = batch.seal(&mut self.clock, now + self.skew, &mut self.seq);
        if std::env::var("ILGI_TRACE").is_ok() {
            for s in &sealed {
                eprintln!(
                    "write {} seq {} {:?} {} {:?}",
                    self.client,
                    s.mutation.seq,
                    s.mutation.entity,
                    s.mutation.id,
                    s.mutation.fields.keys().collect::<Vec<_>>()
                );
            }
        }
        for s in &sealed {
            let key = (s.record.entity(), s.record.id());
            let record = s.resolve(self.records.get(&key)).expect("a local write");
            self.records.insert(key, record);
        }
        self.outbox.extend(OutboxRow::of_sealed(&sealed));
    }

    /// A pulled change, as the app's `apply_remote_page` takes it: the
    /// server's merged state of the record, put as it is. It does not
    /// follow a merge link: the server already sent every pushed change of
    /// a merged-away customer on to the survivor, and following again here
    /// would put data on the survivor that the server does not have.
    fn take(&mut self, change: &Change, now: i64) {
        let m = change.to_mutation().expect("a pulled change reads");
        let key = (m.entity, m.id);
        let record =
            apply(self.records.get(&key), &m, m.stamp.millis as i64).expect("a pulled change");
        self.records.insert(key, record);
        let _ = self.clock.observe(m.stamp, (now + self.skew) as u64);
    }

    /// The next push: the oldest entries of the outbox.
    fn next_push(&self, max: usize) -> Vec<Mutation> {
        page(&self.outbox, max)
            .iter()
            .filter_map(|entry| expand(entry, self.client, self.records.get(&entry.record())))
            .collect()
    }

    fn acknowledge(&mut self, up_to: u64) {
        if std::env::var("ILGI_TRACE").is_ok() {
            eprintln!(
                "ack {} up to {up_to}; outbox {:?}",
                self.client,
                self.outbox
                    .iter()
                    .map(|r| r.entries().iter().map(|e| e.seq()).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            );
        }
        let done = ack(&self.outbox, up_to);
        self.outbox.retain(|row| !done.delete.contains(&row.s));
        self.outbox.extend(done.rewrite);
        self.outbox.sort_by_key(|row| row.s);
    }

    fn live_customers(&self) -> Vec<Customer> {
        self.records
            .values()
            .filter_map(|r| match r {
                Record::Customer(c) if !c.deleted => Some(c.clone()),
                _ => None,
            })
            .collect()
    }

    fn purchases_of(&self, customer: Id) -> Vec<Purchase> {
        self.records
            .values()
            .filter_map(|r| match r {
                Record::Purchase(p) if p.customer_id == customer && !p.deleted => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    fn interactions_of(&self, customer: Id) -> Vec<Interaction> {
        self.records
            .values()
            .filter_map(|r| match r {
                Record::Interaction(i) if i.customer_id == customer && !i.deleted => {
                    Some(i.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The replica as the server would hand it out.
    fn state(&self) -> BTreeMap<(Entity, Id), Change> {
        self.records
            .iter()
            .map(|(k, r)| (*k, Change::of(r)))
            .collect()
    }
}

const NAMES: [&str; 5] = ["Ayşe", "Işıl", "Ömer", "Çağla", "İsmail"];
const CITIES: [&str; 4] = ["İzmir", "Ankara", "Van", "Iğdır"];

impl World {
    fn new(seed: u64) -> World {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = rng.random_range(3..=5);
        let devices = (0..n).map(|d| Device::new(d, &mut rng)).collect();
        World {
            rng,
            now: START,
            hub: MemoryHub::new(),
            devices,
            strays: Vec::new(),
            applied: Vec::new(),
            next_id: 0,
        }
    }

    fn new_id(&mut self) -> Id {
        Id::generate(self.now as u64, &mut self.rng)
    }

    /// One random local change on device `d`.
    fn local_change(&mut self, d: usize) {
        let now = self.now;
        let live = self.devices[d].live_customers();
        let pick =
            |rng: &mut ChaCha8Rng, list: &[Customer]| list[rng.random_range(0..list.len())].clone();
        let mut batch = Batch::new();
        match self.rng.random_range(0..100) {
            0..25 => {
                let mut c = Customer::new(
                    self.new_id(),
                    NAMES[self.rng.random_range(0..NAMES.len())],
                    "Kaya",
                );
                c.city = Some(CITIES[self.rng.random_range(0..CITIES.len())].to_string());
                c.tags
                    .push(format!("etiket{}", self.rng.random_range(0..3)));
                c.created_at = now;
                batch.put(Record::Customer(c));
            }
            25..55 if !live.is_empty() => {
                let c = pick(&mut self.rng, &live);
                let mut e = c.clone();
                match self.rng.random_range(0..6) {
                    0 => e.first_name = NAMES[self.rng.random_range(0..NAMES.len())].into(),
                    1 => e.city = Some(CITIES[self.rng.random_range(0..CITIES.len())].into()),
                    2 => e
                        .tags
                        .push(format!("etiket{}", self.rng.random_range(0..4))),
                    3 => e.tags.clear(),
                    4 => {
                        let email = Email::parse(&format!(
                            "kisi{}@ornek.com.tr",
                            self.rng.random_range(0..3)
                        ))
                        .unwrap();
                        if !e.emails.contains(&email) {
                            e.emails.push(email);
                        }
                    }
                    _ => e.tier = Tier::ALL[self.rng.random_range(0..Tier::ALL.len())],
                }
                e.tags.sort();
                e.tags.dedup();
                batch.update(Record::Customer(c), Record::Customer(e));
            }
            55..75 if !live.is_empty() => {
                let c = pick(&mut self.rng, &live);
                self.next_id = self.next_id.wrapping_add(1);
                batch.put(Record::Purchase(Purchase {
                    id: self.new_id(),
                    customer_id: c.id,
                    external_id: None,
                    date: chrono::NaiveDate::from_ymd_opt(
                        2026,
                        11,
                        1 + u32::from(self.next_id % 28),
                    )
                    .unwrap(),
                    amount: Money::from_minor(self.rng.random_range(100..100_000)),
                    currency: Default::default(),
                    sku: "SKU".into(),
                    product: "Telefon".into(),
                    category: "elektronik".into(),
                    channel: Default::default(),
                    updated_at: 0,
                    version: Default::default(),
                    stamps: Default::default(),
                    deleted: false,
                }));
            }
            75..83 if !live.is_empty() => {
                let c = pick(&mut self.rng, &live);
                let purchases = self.devices[d].purchases_of(c.id);
                if let Some(p) = purchases.first() {
                    let mut e = p.clone();
                    e.amount = Money::from_minor(self.rng.random_range(100..100_000));
                    batch.update(Record::Purchase(p.clone()), Record::Purchase(e));
                }
            }
            83..89 if !live.is_empty() => {
                let c = pick(&mut self.rng, &live);
                batch.delete(Record::Customer(c));
            }
            89..94 if !live.is_empty() => {
                let c = pick(&mut self.rng, &live);
                let device = &self.devices[d];
                batch = erase(
                    &c,
                    &device.purchases_of(c.id),
                    &device.interactions_of(c.id),
                    &[],
                    &[],
                    now,
                );
            }
            94..100 if live.len() >= 2 => {
                let a = pick(&mut self.rng, &live);
                let b = pick(&mut self.rng, &live);
                if a.id != b.id {
                    let device = &self.devices[d];
                    let (purchases, interactions) =
                        (device.purchases_of(b.id), device.interactions_of(b.id));
                    let rng = &mut self.rng;
                    let mut new_id = || Id::generate(now as u64, rng);
                    batch = merge_customers(
                        &a,
                        &b,
                        &BTreeMap::new(),
                        &Belongings {
                            purchases: &purchases,
                            interactions: &interactions,
                            ..Default::default()
                        },
                        &mut new_id,
                        now,
                    )
                    .expect("a merge of two live customers");
                }
            }
            _ => {}
        }
        self.devices[d].write(batch, now);
    }

    /// The server takes a push; returns its answer.
    fn deliver(&mut self, d: usize, push: &[Mutation]) -> u64 {
        let client = self.devices[d].client;
        let before = self.hub.acked(client);
        let acked = self
            .hub
            .push(client, push, self.now as u64)
            .unwrap_or_else(|e| panic!("the server refused device {d}'s push: {e}"));
        if std::env::var("ILGI_TRACE").is_ok() {
            eprintln!(
                "deliver {d} seqs {:?} before {before} acked {acked}",
                push.iter().map(|m| m.seq).collect::<Vec<_>>()
            );
        }
        self.applied
            .extend(push.iter().filter(|m| m.seq > before).cloned());
        acked
    }

    /// Device `d` sends its next push, if it can.
    fn start_push(&mut self, d: usize) {
        let max = self.rng.random_range(1..12);
        let device = &mut self.devices[d];
        if device.online && device.in_flight.is_none() && !device.outbox.is_empty() {
            let push = device.next_push(max);
            device.in_flight = Some(push);
        }
    }

    /// What happens to device `d`'s push in flight.
    fn travel(&mut self, d: usize) {
        let Some(push) = self.devices[d].in_flight.take() else {
            return;
        };
        match self.rng.random_range(0..100) {
            // Lost on the way: nothing happened; the device tries again.
            0..10 => {}
            // Applied, but the answer is lost.
            10..20 => {
                self.deliver(d, &push);
            }
            // Delivered twice; one answer arrives.
            20..30 => {
                self.deliver(d, &push);
                let acked = self.deliver(d, &push);
                self.devices[d].acknowledge(acked);
            }
            // Held up somewhere: arrives later, maybe after newer pushes.
            30..40 => self.strays.push((d, push)),
            // An older copy arrives first.
            40..45 if !self.strays.is_empty() => {
                self.deliver_stray();
                let acked = self.deliver(d, &push);
                self.devices[d].acknowledge(acked);
            }
            _ => {
                let acked = self.deliver(d, &push);
                self.devices[d].acknowledge(acked);
            }
        }
    }

    /// A delayed copy of a push arrives; its answer may reach the device.
    fn deliver_stray(&mut self) {
        if self.strays.is_empty() {
            return;
        }
        let (d, push) = self
            .strays
            .swap_remove(self.rng.random_range(0..self.strays.len()));
        let acked = self.deliver(d, &push);
        if self.rng.random_bool(0.5) {
            self.devices[d].acknowledge(acked);
        }
    }

    fn pull(&mut self, d: usize, until_done: bool) {
        let limit = self.rng.random_range(1..20);
        loop {
            let device = &mut self.devices[d];
            let page = self.hub.pull(device.cursor, limit);
            for change in &page.changes {
                device.take(change, self.now);
            }
            device.cursor = page.last;
            if !page.more || !until_done {
                break;
            }
        }
    }

    fn step(&mut self) {
        self.now += self.rng.random_range(0..3_000);
        let d = self.rng.random_range(0..self.devices.len());
        match self.rng.random_range(0..100) {
            0..40 => self.local_change(d),
            40..55 => self.start_push(d),
            55..70 => self.travel(d),
            70..73 => self.deliver_stray(),
            73..85 if self.devices[d].online => {
                let until_done = self.rng.random_bool(0.5);
                self.pull(d, until_done);
            }
            85..92 => {
                let device = &mut self.devices[d];
                device.online = !device.online;
            }
            92..97 => {
                let device = &mut self.devices[d];
                device.outbox = compact_rows(&device.outbox).expect("compaction");
            }
            97..100 => {
                // The server restarts: what was committed stays, answers in
                // flight are lost (some pushes were committed first).
                for d in 0..self.devices.len() {
                    if let Some(push) = self.devices[d].in_flight.take()
                        && self.rng.random_bool(0.5)
                    {
                        self.deliver(d, &push);
                    }
                }
                if self.rng.random_bool(0.5) {
                    self.strays.clear();
                }
            }
            _ => {}
        }
    }

    /// The network heals; every device syncs until nothing is left.
    fn heal(&mut self) {
        while !self.strays.is_empty() {
            self.deliver_stray();
        }
        for device in &mut self.devices {
            device.online = true;
            device.in_flight = None;
        }
        for _round in 0..100 {
            for d in 0..self.devices.len() {
                while !self.devices[d].outbox.is_empty() {
                    let push = self.devices[d].next_push(50);
                    let acked = self.deliver(d, &push);
                    self.devices[d].acknowledge(acked);
                }
            }
            for d in 0..self.devices.len() {
                self.pull(d, true);
            }
            if self.devices.iter().all(|d| d.outbox.is_empty()) {
                return;
            }
        }
        panic!("the devices did not settle in 100 rounds");
    }

    fn check(&self) -> Result<(), String> {
        let server: BTreeMap<(Entity, Id), Change> = self
            .hub
            .records()
            .map(|c| ((c.entity, c.id), c.clone()))
            .collect();
        for (d, device) in self.devices.iter().enumerate() {
            let replica = device.state();
            if replica != server {
                let keys: BTreeSet<_> = replica.keys().chain(server.keys()).collect();
                let differs = keys
                    .into_iter()
                    .find(|k| replica.get(k) != server.get(k))
                    .map(|k| {
                        format!(
                            "{:?}\ndevice: {:?}\nserver: {:?}",
                            k,
                            replica.get(k),
                            server.get(k)
                        )
                    });
                return Err(format!(
                    "device {d} differs from the server ({} records vs {}): {}",
                    replica.len(),
                    server.len(),
                    differs.unwrap_or_default()
                ));
            }
        }
        for m in &self.applied {
            let Some(stored) = server.get(&(m.entity, m.id)) else {
                return Err(format!("an acknowledged {:?} {} is gone", m.entity, m.id));
            };
            let shape = Shape::of(m.entity);
            let paths = stored.paths().map_err(|e| e.to_string())?;
            for (path, slot) in m.paths().map_err(|e| e.to_string())? {
                if stored.deleted && !shape.kept(&path) {
                    continue;
                }
                let kept = paths.get(&path).map(|s| s.stamp);
                if kept.is_none_or(|s| s < slot.stamp) {
                    return Err(format!(
                        "mutation {} of client {} lost {:?} {} path {path:?}: wrote {:?} at {:?}, the server has {:?}",
                        m.seq,
                        m.client_id,
                        m.entity,
                        m.id,
                        slot.value,
                        slot.stamp,
                        paths.get(&path)
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Runs one seed: random steps, heal, check.
fn run(seed: u64) -> Result<usize, String> {
    let mut world = World::new(seed);
    let steps = world.rng.random_range(50..250);
    for _ in 0..steps {
        world.step();
    }
    world.heal();
    world.check()?;
    Ok(world.hub.records().count())
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {v:?}"))
    })
}

#[test]
fn replicas_converge_and_no_acknowledged_write_is_lost() {
    let seeds: Vec<u64> = match env("ILGI_SEED") {
        Some(seed) => vec![seed],
        None => (0..env("ILGI_SEEDS").unwrap_or(1_000)).collect(),
    };
    let mut records = 0;
    let mut failed = Vec::new();
    for &seed in &seeds {
        match catch_unwind(AssertUnwindSafe(|| run(seed))) {
            Ok(Ok(n)) => records += n,
            Ok(Err(why)) => failed.push(format!("seed {seed}: {why}")),
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failed.push(format!("seed {seed}: panicked: {why}"));
            }
        }
        if failed.len() >= 5 {
            break;
        }
    }
    println!(
        "{} seeds, {records} records on the server in all, {} failed",
        seeds.len(),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "{}\nreplay one with ILGI_SEED=<seed> cargo test -p ilgi-core --test convergence",
        failed.join("\n")
    );
}
