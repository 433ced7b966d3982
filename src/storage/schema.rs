//! The IndexedDB schema and its ordered migrations.
//!
//! The database version is the number of migrations. Opening runs every
//! migration newer than the stored version, in order, inside the one
//! version-change transaction, so a failed step leaves the old database
//! untouched. A migration is never edited once released: change the schema by
//! appending a step, and add a browser test that opens a database written in
//! the previous shape.
//!
//! Stores (v5):
//! - `customers` (key `id`): a document `{id, sk, ext, del, c}` where `c`
//!   is the customer and `sk`/`ext` are index keys. Indexes: `sk` (Turkish
//!   name order), `ext` (unique external id). Until v4 the documents also
//!   carried `em`/`ph`/`hd` (multi-entry), `tier`, `up` and `cf` (v2) with
//!   indexes; v5 dropped them (nothing queried them).
//! - `purchases` (key `id`): the purchase itself; index `customer_id`
//!   (`date` until v4).
//! - `interactions` (key `id`): index `customer_id` (`at` until v4).
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
//!   v4), `pending` (how many mutations wait, v4).
//! - `segments` (key `id`, v3): saved rule segments
//!   (`ilgi_core::segment::SavedSegment`), tombstones included.

use ilgi_core::model::Sequence;
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

/// One schema step.
pub struct Migration {
    /// The version the database has after this step.
    pub version: u32,
    /// What the step does, for logs and docs.
    pub summary: &'static str,
    pub run: fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>,
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
    for step in MIGRATIONS
        .iter()
        .filter(|m| m.version > old_version && m.version <= target)
    {
        (step.run)(db, tx)?;
    }
    Ok(())
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

fn v1_initial(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
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
    Ok(())
}

/// Adds the `cf` index and fills `cf` for every stored live customer, in the
/// version-change transaction (so the index is never half-filled).
fn v2_city_index(_db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
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
    });
    all.set_onsuccess(Some(fill.unchecked_ref()));
    Ok(())
}

/// Creates `pending`, gives the installation its client id, turns the old
/// outbox's change sets into created-record references, and drops
/// `outbox` — all inside the version-change transaction.
fn v4_mutations(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
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
    });
    old.set_onsuccess(Some(convert.unchecked_ref()));
    Ok(())
}

/// Drops the unused indexes. Search, filters, sorting and import matching
/// run on the in-memory index; IndexedDB keeps only what a query or a
/// uniqueness rule needs (`sk`, `ext`, `customer_id`). The stored
/// documents keep their old key fields until they are next written
/// (harmless: nothing reads them).
fn v5_lean_indexes(_db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let customers = tx.object_store(CUSTOMERS)?;
    for name in ["em", "ph", "hd", "tier", "up", "cf"] {
        customers.delete_index(name)?;
    }
    tx.object_store(PURCHASES)?.delete_index("date")?;
    tx.object_store(INTERACTIONS)?.delete_index("at")?;
    Ok(())
}

/// Adds the store of saved rule segments (empty: segments are new in v3).
fn v3_segments(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(SEGMENTS, &keyed("id"))?;
    Ok(())
}
