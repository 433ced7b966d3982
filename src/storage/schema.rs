//! The IndexedDB schema and its ordered migrations.
//!
//! The database version is the number of migrations. Opening runs every
//! migration newer than the stored version, in order, inside the one
//! version-change transaction, so a failed step leaves the old database
//! untouched. A migration is never edited once released: change the schema by
//! appending a step, and add a browser test that opens a database written in
//! the previous shape.
//!
//! Stores (v9):
//! - `customers` (key `id`): a document `{id, sk, ext, del, c}` where `c`
//!   is the customer and `sk`/`ext` are index keys. Indexes: `sk` (Turkish
//!   name order), `ext` (unique external id). Until v4 the documents also
//!   carried `em`/`ph`/`hd` (multi-entry), `tier`, `up` and `cf` (v2) with
//!   indexes; v5 dropped them (nothing queried them).
//! - `purchase_blocks` (key `c`, v6): one document per customer with all
//!   their purchases, tombstones included: `{c, j}` (see `super::blocks`).
//! - `timeline_blocks` (key `c`, v6): the same for timeline entries
//!   (`b`); since v7 the same document also holds the customer's consent
//!   decisions (`k`), so a customer's timeline and consents are one read
//!   and one write.
//! - `purchases`, `interactions` (key `id`, v1–v5): one document per
//!   record with a `customer_id` index; v6 moved them into blocks and
//!   dropped the stores.
//! - `outbox` (auto-increment, v1–v3): one change set per write
//!   transaction. Replaced in v4 by `pending`; its entries (which named
//!   records, never sent: there was no server) become references to those
//!   records, numbered from 1.
//! - `pending` (key `s`, v4): the outbox of mutations (see `super::outbox`):
//!   one row per write transaction holding the mutations of that write with
//!   their sequence numbers `s..=e`; new records are references (the
//!   record itself is the change).
//! - `meta` (out-of-line keys): `clock` (the newest stamp made here),
//!   `sequence` (the installation's client id and next sequence number,
//!   v4), `pending` (how many mutations wait, v4), `counts` (live
//!   purchases and timeline entries, v6).
//! - `segments` (key `id`, v3): saved rule segments
//!   (`ilgi_core::segment::SavedSegment`), tombstones included.
//! - `cases` (key `id`, v8): complaint cases (`ilgi_core::cases::Case`).
//! - `case_journeys` (key `c`, v8): each case's journey events
//!   (`ilgi_core::cases::CaseEvent`, write-once) in one document per case,
//!   as JSON bytes (`b`).
//! - `rules` (key `id`, v8): the triage rule set record.
//! - `mentions` (key `id`, v9): social posts (`ilgi_core::social::Mention`),
//!   tombstones included.
//! - Consent decisions (`ilgi_core::model::ConsentRecord`, v7): in the
//!   customer's `timeline_blocks` document (`k`). Until v6 they were a list
//!   inside the customer document; v7 moved them out.

use std::cell::RefCell;
use std::rc::Rc;

use ilgi_core::model::{
    Customer, Entity, Id, Interaction, Purchase, Record, Sequence, embedded_consent_records,
};
use ilgi_core::sync::outbox::{CreatedRef, OutboxRow, Pending};
use ilgi_core::sync::outbox::{LegacyChangeSet, rows_from_legacy};
use ilgi_core::text;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbTransaction};

/// The database name in this origin.
pub const DB_NAME: &str = "ilgi";

pub const CUSTOMERS: &str = "customers";
pub const PURCHASES: &str = "purchases";
pub const INTERACTIONS: &str = "interactions";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const SEGMENTS: &str = "segments";
/// The outbox of mutations (v4; replaces `outbox`).
pub const PENDING: &str = "pending";

/// `meta` key of the installation's client id and next sequence number.
pub const SEQUENCE_KEY: &str = "sequence";
/// `meta` key of the number of waiting mutations.
pub const PENDING_KEY: &str = "pending";
/// `meta` key of the newest stamp made on this device.
pub const CLOCK_KEY: &str = "clock";
/// `meta` key of the sync state (account, pull cursor, last sync).
pub const SYNC_KEY: &str = "sync";
/// Purchases in one document per customer (v6): `{c, r: [purchase…]}`.
pub const PURCHASE_BLOCKS: &str = "purchase_blocks";
/// Timeline entries in one document per customer (v6).
pub const TIMELINE_BLOCKS: &str = "timeline_blocks";
/// Complaint cases (v8), one document per case.
pub const CASES: &str = "cases";
/// Each case's journey events in one document per case (v8), key `c`.
pub const CASE_JOURNEYS: &str = "case_journeys";
/// The triage rule set record (v8).
pub const RULES: &str = "rules";
/// Social posts (v9), one document per post.
pub const MENTIONS: &str = "mentions";
/// The stores of records (what a reset empties, what the write path and
/// the outbox reader open).
pub const RECORD_STORES: [&str; 8] = [
    CUSTOMERS,
    PURCHASE_BLOCKS,
    TIMELINE_BLOCKS,
    SEGMENTS,
    CASES,
    CASE_JOURNEYS,
    RULES,
    MENTIONS,
];
/// The stores of blocks (keyed by their holder, `c`).
pub const BLOCK_STORES: [&str; 3] = [PURCHASE_BLOCKS, TIMELINE_BLOCKS, CASE_JOURNEYS];
/// `meta` key of the live purchase and timeline counts (v6).
pub const COUNTS_KEY: &str = "counts";

/// One schema step. A step that works in request callbacks calls `next`
/// when its last request has been issued, so the following step starts
/// only then (two steps never write the same documents at once).
pub struct Migration {
    /// The version the database has after this step.
    pub version: u32,
    /// What the step does, for logs and docs.
    pub summary: &'static str,
    pub run: fn(&IdbDatabase, &IdbTransaction, Next) -> Result<(), JsValue>,
}

/// What runs after a migration step: the following steps. Dropped without
/// being called (a step that gave up in a callback), it aborts the upgrade,
/// so the database keeps its old version and data instead of skipping the
/// steps after it.
pub struct Next {
    then: Option<Box<dyn FnOnce()>>,
    tx: IdbTransaction,
}

impl Next {
    fn new(tx: &IdbTransaction, then: impl FnOnce() + 'static) -> Next {
        Next {
            then: Some(Box::new(then)),
            tx: tx.clone(),
        }
    }

    /// Starts the following steps.
    pub fn go(mut self) {
        if let Some(then) = self.then.take() {
            then();
        }
    }
}

impl Drop for Next {
    fn drop(&mut self) {
        if self.then.is_some() {
            let _ = self.tx.abort();
        }
    }
}

/// Every step, oldest first. Versions are 1, 2, 3… without gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        summary: "customers, purchases, interactions, outbox and meta stores",
        run: v1_initial,
    },
    Migration {
        version: 2,
        summary: "customers: folded-city index `cf`, filled for stored customers",
        run: v2_city_index,
    },
    Migration {
        version: 3,
        summary: "segments store for saved rule segments",
        run: v3_segments,
    },
    Migration {
        version: 4,
        summary: "outbox of numbered mutations (`pending`), installation client id and sequence; \
                  the v3 outbox's entries become created-record references",
        run: v4_mutations,
    },
    Migration {
        version: 5,
        summary: "drop the indexes no query uses (customers: em, ph, hd, tier, up, cf; \
                  purchases: date; interactions: at): every put was paying for them",
        run: v5_lean_indexes,
    },
    Migration {
        version: 6,
        summary: "purchases and timeline entries in one document per customer \
                  (`purchase_blocks`, `timeline_blocks`), filled from the old stores, \
                  which are dropped; outbox references learn their customer",
        run: v6_blocks,
    },
    Migration {
        version: 7,
        summary: "consent decisions become records of their own, moved out of the customer \
                  documents into the customer's timeline document (`k`); the outbox gets \
                  a reference to each",
        run: v7_consents,
    },
    Migration {
        version: 8,
        summary: "complaint cases (`cases`), their journeys (`case_journeys`, one document \
                  per case) and the triage rule set (`rules`)",
        run: v8_cases,
    },
    Migration {
        version: 9,
        summary: "social posts (`mentions`)",
        run: v9_mentions,
    },
];

/// The version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Runs the steps newer than `old_version`, in order.
pub fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old_version: u32) -> Result<(), JsValue> {
    upgrade_to(db, tx, old_version, latest())
}

/// Runs the steps after `old_version` up to and including `target` (tests
/// build databases in an older shape with it).
pub fn upgrade_to(
    db: &IdbDatabase,
    tx: &IdbTransaction,
    old_version: u32,
    target: u32,
) -> Result<(), JsValue> {
    let steps: Vec<&'static Migration> = MIGRATIONS
        .iter()
        .filter(|m| m.version > old_version && m.version <= target)
        .collect();
    run_steps(db, tx, steps)
}

/// Runs `steps` one after another: each starts when the one before it
/// says so (`Next::go`).
fn run_steps(
    db: &IdbDatabase,
    tx: &IdbTransaction,
    steps: Vec<&'static Migration>,
) -> Result<(), JsValue> {
    let Some((first, rest)) = steps.split_first() else {
        return Ok(());
    };
    let (db2, tx2, rest) = (db.clone(), tx.clone(), rest.to_vec());
    let next = Next::new(tx, move || {
        if run_steps(&db2, &tx2, rest).is_err() {
            let _ = tx2.abort();
        }
    });
    (first.run)(db, tx, next)
}

fn keyed(key: &str) -> IdbObjectStoreParameters {
    let p = IdbObjectStoreParameters::new();
    p.set_key_path(&JsValue::from_str(key));
    p
}

fn index(
    store: &web_sys::IdbObjectStore,
    name: &str,
    path: &str,
    multi: bool,
    unique: bool,
) -> Result<(), JsValue> {
    let p = IdbIndexParameters::new();
    p.set_multi_entry(multi);
    p.set_unique(unique);
    store.create_index_with_str_and_optional_parameters(name, path, &p)?;
    Ok(())
}

fn v1_initial(db: &IdbDatabase, _tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    let customers = db.create_object_store_with_optional_parameters(CUSTOMERS, &keyed("id"))?;
    index(&customers, "sk", "sk", false, false)?;
    index(&customers, "em", "em", true, false)?;
    index(&customers, "ph", "ph", true, false)?;
    index(&customers, "hd", "hd", true, false)?;
    index(&customers, "tier", "tier", false, false)?;
    index(&customers, "up", "up", false, false)?;
    index(&customers, "ext", "ext", false, true)?;
    let purchases = db.create_object_store_with_optional_parameters(PURCHASES, &keyed("id"))?;
    index(&purchases, "customer_id", "customer_id", false, false)?;
    index(&purchases, "date", "date", false, false)?;
    let interactions =
        db.create_object_store_with_optional_parameters(INTERACTIONS, &keyed("id"))?;
    index(&interactions, "customer_id", "customer_id", false, false)?;
    index(&interactions, "at", "at", false, false)?;
    let outbox_params = IdbObjectStoreParameters::new();
    outbox_params.set_auto_increment(true);
    db.create_object_store_with_optional_parameters(OUTBOX, &outbox_params)?;
    db.create_object_store(META)?;
    next.go();
    Ok(())
}

/// Adds the `cf` index and fills `cf` for every stored live customer, in the
/// version-change transaction (so the index is never half-filled).
fn v2_city_index(_db: &IdbDatabase, tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    let store = tx.object_store(CUSTOMERS)?;
    index(&store, "cf", "cf", false, false)?;
    let all = store.get_all()?;
    let req = all.clone();
    let fill = Closure::once_into_js(move |_: web_sys::Event| {
        let Ok(docs) = req.result() else { return };
        let docs: js_sys::Array = docs.unchecked_into();
        for doc in docs.iter() {
            let city = js_sys::Reflect::get(&doc, &"c".into())
                .and_then(|c| js_sys::Reflect::get(&c, &"city".into()))
                .ok()
                .and_then(|c| c.as_string());
            let deleted = js_sys::Reflect::get(&doc, &"del".into())
                .map(|d| d.is_truthy())
                .unwrap_or(false);
            if let (Some(city), false) = (city, deleted) {
                let _ = js_sys::Reflect::set(&doc, &"cf".into(), &text::fold(&city).into());
                let _ = store.put(&doc);
            }
        }
        next.go();
    });
    all.set_onsuccess(Some(fill.unchecked_ref()));
    Ok(())
}

/// Creates `pending`, gives the installation its client id, turns the old
/// outbox's change sets into created-record references, and drops
/// `outbox` — all inside the version-change transaction.
fn v4_mutations(db: &IdbDatabase, tx: &IdbTransaction, then: Next) -> Result<(), JsValue> {
    let pending = db.create_object_store_with_optional_parameters(PENDING, &keyed("s"))?;
    let meta = tx.object_store(META)?;
    let client_id = super::db::new_id();
    let old = tx.object_store(OUTBOX)?.get_all()?;
    let req = old.clone();
    let db = db.clone();
    let convert = Closure::once_into_js(move |_: web_sys::Event| {
        let sets: Vec<LegacyChangeSet> = req
            .result()
            .ok()
            .and_then(|v| js_sys::JSON::stringify(&v).ok())
            .and_then(|json| serde_json::from_str(&String::from(json)).ok())
            .unwrap_or_default();
        let (rows, next, count) = rows_from_legacy(&sets);
        for row in rows {
            if let Ok(row) = serde_json::to_string(&row)
                && let Ok(row) = js_sys::JSON::parse(&row)
            {
                let _ = pending.put(&row);
            }
        }
        let sequence = Sequence { client_id, next };
        if let Ok(sequence) = serde_json::to_string(&sequence)
            && let Ok(sequence) = js_sys::JSON::parse(&sequence)
        {
            let _ = meta.put_with_key(&sequence, &JsValue::from_str(SEQUENCE_KEY));
        }
        let _ = meta.put_with_key(
            &JsValue::from_f64(count as f64),
            &JsValue::from_str(PENDING_KEY),
        );
        let _ = db.delete_object_store(OUTBOX);
        then.go();
    });
    old.set_onsuccess(Some(convert.unchecked_ref()));
    Ok(())
}

/// Drops the unused indexes. Search, filters, sorting and import matching
/// run on the in-memory index; IndexedDB keeps only what a query or a
/// uniqueness rule needs (`sk`, `ext`, `customer_id`). The stored
/// documents keep their old key fields until they are next written
/// (harmless: nothing reads them).
fn v5_lean_indexes(_db: &IdbDatabase, tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    let customers = tx.object_store(CUSTOMERS)?;
    for name in ["em", "ph", "hd", "tier", "up", "cf"] {
        customers.delete_index(name)?;
    }
    tx.object_store(PURCHASES)?.delete_index("date")?;
    tx.object_store(INTERACTIONS)?.delete_index("at")?;
    next.go();
    Ok(())
}

/// Moves purchases and timeline entries into one document per customer.
///
/// Runs in the version-change transaction, in steps chained by request
/// callbacks: (1) read the outbox rows and note which references to
/// purchases or timeline entries lack their customer; (2) walk `purchases`
/// through its `customer_id` index with a cursor, writing one block per
/// customer; (3) the same for `interactions`; (4) give the noted
/// references their customer, drop the old stores, store the live counts.
/// Records move as the browser stored them (no Rust decoding), so the step
/// costs one cursor step per record and one put per customer.
fn v6_blocks(db: &IdbDatabase, tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(PURCHASE_BLOCKS, &keyed("c"))?;
    db.create_object_store_with_optional_parameters(TIMELINE_BLOCKS, &keyed("c"))?;
    let state = Rc::new(RefCell::new(BlockMigration {
        needed: js_sys::Set::new(&JsValue::UNDEFINED),
        owners: js_sys::Map::new(),
        rows: js_sys::Array::new(),
        live: [0, 0],
    }));
    // Earlier steps may still be writing from their own callbacks (v4
    // converts the old outbox when its read completes). A request issued
    // now completes after theirs, and its callback runs after they issued
    // their writes: read the outbox rows from there.
    let kick = tx.object_store(META)?.count()?;
    let (db, tx1) = (db.clone(), tx.clone());
    let after_kick = Closure::once_into_js(move |_: web_sys::Event| {
        let Ok(rows_req) = tx1.object_store(PENDING).and_then(|p| p.get_all()) else {
            return;
        };
        read_rows_then_fill(db, tx1, rows_req, state, next);
    });
    kick.set_onsuccess(Some(after_kick.unchecked_ref()));
    Ok(())
}

fn read_rows_then_fill(
    db: IdbDatabase,
    tx: IdbTransaction,
    rows_req: web_sys::IdbRequest,
    state: Rc<RefCell<BlockMigration>>,
    next: Next,
) {
    let (tx2, req) = (tx.clone(), rows_req.clone());
    let after_rows = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(rows) = req.result() {
            let rows: js_sys::Array = rows.unchecked_into();
            note_refs_without_customer(&rows, &state.borrow().needed);
            state.borrow_mut().rows = rows;
        }
        let (db2, tx3, state2) = (db.clone(), tx2.clone(), state.clone());
        fill_blocks(
            &tx2,
            PURCHASES,
            PURCHASE_BLOCKS,
            0,
            state.clone(),
            move || {
                let (db3, tx4, state3) = (db2.clone(), tx3.clone(), state2.clone());
                fill_blocks(&tx3, INTERACTIONS, TIMELINE_BLOCKS, 1, state2, move || {
                    finish_blocks(&db3, &tx4, &state3.borrow());
                    next.go();
                });
            },
        );
    });
    rows_req.set_onsuccess(Some(after_rows.unchecked_ref()));
}

/// What the v6 step carries from callback to callback.
struct BlockMigration {
    /// Ids of contained records whose outbox reference has no customer.
    needed: js_sys::Set,
    /// Their customers, found on the way.
    owners: js_sys::Map,
    /// The outbox rows as read.
    rows: js_sys::Array,
    /// Live purchases and timeline entries.
    live: [u64; 2],
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn note_refs_without_customer(rows: &js_sys::Array, needed: &js_sys::Set) {
    for row in rows.iter() {
        let refs = get(&row, "c");
        if !js_sys::Array::is_array(&refs) {
            continue;
        }
        for r in js_sys::Array::from(&refs).iter() {
            let entity = get(&r, "e").as_string().unwrap_or_default();
            if (entity == "purchase" || entity == "interaction") && get(&r, "k").is_undefined() {
                needed.add(&get(&r, "i"));
            }
        }
    }
}

/// Walks `from` by customer and writes one block per customer into `to`,
/// then calls `done`.
fn fill_blocks(
    tx: &IdbTransaction,
    from: &'static str,
    to: &'static str,
    slot: usize,
    state: Rc<RefCell<BlockMigration>>,
    done: impl FnOnce() + 'static,
) {
    let (Ok(source), Ok(target)) = (tx.object_store(from), tx.object_store(to)) else {
        done();
        return;
    };
    let Ok(cursor_req) = source
        .index("customer_id")
        .and_then(|index| index.open_cursor())
    else {
        done();
        return;
    };
    let current: Rc<RefCell<(JsValue, js_sys::Array)>> =
        Rc::new(RefCell::new((JsValue::UNDEFINED, js_sys::Array::new())));
    let entity = if from == PURCHASES {
        Entity::Purchase
    } else {
        Entity::Interaction
    };
    let flush = {
        let target = target.clone();
        let current = current.clone();
        let tx = tx.clone();
        move || {
            let (customer, records) = &*current.borrow();
            if records.length() == 0 {
                return;
            }
            // A record that does not read back as its type stops the
            // upgrade: the database stays as it was (nothing is dropped).
            match to_block(entity, customer, records) {
                Some(block) => {
                    let _ = target.put(&block);
                }
                None => {
                    let _ = tx.abort();
                }
            }
        }
    };
    let done = RefCell::new(Some(done));
    let req = cursor_req.clone();
    let step = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let cursor = req
            .result()
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::IdbCursorWithValue>().ok());
        let Some(cursor) = cursor else {
            flush();
            if let Some(done) = done.borrow_mut().take() {
                done();
            }
            return;
        };
        let Ok(record) = cursor.value() else { return };
        let customer = get(&record, "customer_id");
        if current.borrow().0 != customer {
            flush();
            *current.borrow_mut() = (customer.clone(), js_sys::Array::new());
        }
        current.borrow().1.push(&record);
        let mut state = state.borrow_mut();
        if !get(&record, "deleted").is_truthy() {
            state.live[slot] += 1;
        }
        let id = get(&record, "id");
        if state.needed.has(&id) {
            state.owners.set(&id, &customer);
        }
        let _ = cursor.continue_();
    });
    cursor_req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // The closure must outlive this function; it runs once per record of a
    // one-time upgrade.
    step.forget();
}

/// The block document of one customer's records as v1–v5 stored them.
fn to_block(entity: Entity, customer: &JsValue, records: &js_sys::Array) -> Option<JsValue> {
    let json: String = js_sys::JSON::stringify(records).ok()?.into();
    let records: Vec<Record> = match entity {
        Entity::Purchase => serde_json::from_str::<Vec<Purchase>>(&json)
            .ok()?
            .into_iter()
            .map(Record::Purchase)
            .collect(),
        _ => serde_json::from_str::<Vec<Interaction>>(&json)
            .ok()?
            .into_iter()
            .map(Record::Interaction)
            .collect(),
    };
    let customer: Id = customer.as_string()?.parse().ok()?;
    super::blocks::encode_doc(customer, &[(entity, &records)]).ok()
}

/// Gives noted references their customer, drops the old stores and
/// stores the live counts.
fn finish_blocks(db: &IdbDatabase, tx: &IdbTransaction, state: &BlockMigration) {
    if let Ok(pending) = tx.object_store(PENDING) {
        for row in state.rows.iter() {
            let refs = get(&row, "c");
            if !js_sys::Array::is_array(&refs) {
                continue;
            }
            let mut changed = false;
            for r in js_sys::Array::from(&refs).iter() {
                let owner = state.owners.get(&get(&r, "i"));
                if get(&r, "k").is_undefined() && !owner.is_undefined() {
                    let _ = js_sys::Reflect::set(&r, &"k".into(), &owner);
                    changed = true;
                }
            }
            if changed {
                let _ = pending.put(&row);
            }
        }
    }
    let _ = db.delete_object_store(PURCHASES);
    let _ = db.delete_object_store(INTERACTIONS);
    if let Ok(meta) = tx.object_store(META) {
        let counts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&counts, &"purchases".into(), &(state.live[0] as f64).into());
        let _ = js_sys::Reflect::set(
            &counts,
            &"interactions".into(),
            &(state.live[1] as f64).into(),
        );
        let _ = meta.put_with_key(&counts, &JsValue::from_str(COUNTS_KEY));
    }
}

/// Adds the store of saved rule segments (empty: segments are new in v3).
fn v3_segments(db: &IdbDatabase, _tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(SEGMENTS, &keyed("id"))?;
    next.go();
    Ok(())
}

/// Moves every customer's consent decisions out of the customer document
/// into the customer's timeline document (`k`), in the version-change
/// transaction: a cursor walk over `customers` (for a customer with
/// decisions: read the timeline document, add the decisions, write it
/// back), then one outbox row with a reference to every new consent record
/// (numbered from the installation's sequence), so a later sync sends
/// them. Customer mutations still in the outbox keep their old
/// `consents/…` paths; the outbox reader drops them
/// (`OutboxRow::drop_embedded_consents`).
fn v7_consents(_db: &IdbDatabase, tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    let moved: Rc<RefCell<Vec<(Id, Id)>>> = Rc::new(RefCell::new(Vec::new()));
    let (customers, timeline) = (
        tx.object_store(CUSTOMERS)?,
        tx.object_store(TIMELINE_BLOCKS)?,
    );
    let cursor_req = customers.open_cursor()?;
    let (req, tx1) = (cursor_req.clone(), tx.clone());
    let mut next = Some(next);
    let step = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let cursor = req
            .result()
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::IdbCursorWithValue>().ok());
        let Some(cursor) = cursor else {
            if let Some(next) = next.take() {
                queue_consent_refs(&tx1, moved.borrow().clone(), next);
            }
            return;
        };
        let Ok(doc) = cursor.value() else { return };
        let c = get(&doc, "c");
        let list = get(&c, "consents");
        if js_sys::Array::is_array(&list) && js_sys::Array::from(&list).length() > 0 {
            // A document that does not read back as a customer stops the
            // upgrade: the database stays as it was.
            match move_consents(&c, &timeline) {
                Some(ids) => {
                    moved.borrow_mut().extend(ids);
                    let _ = js_sys::Reflect::delete_property(
                        c.unchecked_ref::<js_sys::Object>(),
                        &"consents".into(),
                    );
                    let _ = cursor.update(&doc);
                }
                None => {
                    let _ = tx1.abort();
                    return;
                }
            }
        }
        let _ = cursor.continue_();
    });
    cursor_req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // Runs once per customer of a one-time upgrade.
    step.forget();
    Ok(())
}

/// Adds a stored customer's decisions (`c`: the customer as the document
/// holds it) to their timeline document; returns (consent id, customer id)
/// of each record.
fn move_consents(c: &JsValue, timeline: &web_sys::IdbObjectStore) -> Option<Vec<(Id, Id)>> {
    let json: String = js_sys::JSON::stringify(c).ok()?.into();
    let customer: Customer = serde_json::from_str(&json).ok()?;
    let records: Vec<Record> = embedded_consent_records(&customer)
        .into_iter()
        .map(Record::Consent)
        .collect();
    let bytes = super::blocks::block_bytes(Entity::Consent, &records).ok()?;
    let read = timeline.get(&customer.id.to_string().into()).ok()?;
    let (req, store, key) = (read.clone(), timeline.clone(), customer.id.to_string());
    let write = Closure::once_into_js(move |_: web_sys::Event| {
        let doc = req
            .result()
            .ok()
            .filter(|d| d.is_object())
            .unwrap_or_else(|| {
                let doc: JsValue = js_sys::Object::new().into();
                let _ = js_sys::Reflect::set(&doc, &"c".into(), &key.into());
                doc
            });
        let bytes = js_sys::Uint8Array::from(bytes.as_slice());
        let _ = js_sys::Reflect::set(&doc, &"k".into(), &bytes);
        let _ = store.put(&doc);
    });
    read.set_onsuccess(Some(write.unchecked_ref()));
    Some(records.iter().map(|r| (r.id(), customer.id)).collect())
}

/// Adds one outbox row referencing the moved consent records and moves the
/// sequence and the pending count on.
fn queue_consent_refs(tx: &IdbTransaction, moved: Vec<(Id, Id)>, next: Next) {
    if moved.is_empty() {
        next.go();
        return;
    }
    let Ok(meta) = tx.object_store(META) else {
        return;
    };
    let (Ok(seq_req), Ok(count_req)) = (
        meta.get(&JsValue::from_str(SEQUENCE_KEY)),
        meta.get(&JsValue::from_str(PENDING_KEY)),
    ) else {
        return;
    };
    let (tx, seq_read, count_read) = (tx.clone(), seq_req.clone(), count_req.clone());
    let write = Closure::once_into_js(move |_: web_sys::Event| {
        let sequence: Option<Sequence> = seq_read
            .result()
            .ok()
            .and_then(|v| js_sys::JSON::stringify(&v).ok())
            .and_then(|json| serde_json::from_str(&String::from(json)).ok());
        let Some(mut sequence) = sequence else {
            let _ = tx.abort();
            return;
        };
        let count = count_read
            .result()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let refs: Vec<Pending> = moved
            .iter()
            .map(|(id, customer)| {
                Pending::Created(CreatedRef {
                    q: sequence.take_next(),
                    e: Entity::Consent,
                    i: *id,
                    k: Some(*customer),
                })
            })
            .collect();
        let Some(row) = OutboxRow::from_entries(refs) else {
            return;
        };
        let put = |value: String, key: Option<&str>| -> Option<()> {
            let value = js_sys::JSON::parse(&value).ok()?;
            match key {
                Some(key) => meta.put_with_key(&value, &JsValue::from_str(key)).ok()?,
                None => tx.object_store(PENDING).ok()?.put(&value).ok()?,
            };
            Some(())
        };
        let ok = serde_json::to_string(&row)
            .ok()
            .and_then(|r| put(r, None))
            .is_some()
            && serde_json::to_string(&sequence)
                .ok()
                .and_then(|s| put(s, Some(SEQUENCE_KEY)))
                .is_some()
            && put((count + moved.len() as f64).to_string(), Some(PENDING_KEY)).is_some();
        if !ok {
            let _ = tx.abort();
            return;
        }
        next.go();
    });
    // Requests complete in order: when the count has been read, so has the
    // sequence.
    count_req.set_onsuccess(Some(write.unchecked_ref()));
}

/// Adds the stores of complaint cases (empty: cases are new in v8).
fn v8_cases(db: &IdbDatabase, _tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(CASES, &keyed("id"))?;
    db.create_object_store_with_optional_parameters(CASE_JOURNEYS, &keyed("c"))?;
    db.create_object_store_with_optional_parameters(RULES, &keyed("id"))?;
    next.go();
    Ok(())
}

/// Adds the store of social posts (empty: posts are new in v9).
fn v9_mentions(db: &IdbDatabase, _tx: &IdbTransaction, next: Next) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(MENTIONS, &keyed("id"))?;
    next.go();
    Ok(())
}
