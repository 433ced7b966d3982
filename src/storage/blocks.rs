//! Purchases, timeline entries (schema v6) and consent decisions (v7) are
//! stored in one document per customer and kind (a *block*): `{c: customer id, j: bytes}` where `j` is the
//! customer's records as UTF-8 JSON `{u, v, r: [[…],[…]]}`: positional
//! tuples (no keys, no customer id: the block's), the most common write
//! time and stamp once, stored as a `Uint8Array`. A customer's purchases are one `get`; all
//! purchases are one `getAll` page per 2,000 customers; a bulk write costs
//! one put per customer instead of one per record. Each record in a block
//! keeps its own id, stamps and tombstone.
//!
//! Why bytes: the browser clones a stored byte array with one copy, while
//! an array of objects costs a property walk per field, and a string with
//! one Turkish letter is stored and copied as UTF-16 and re-encoded on its
//! way into wasm. Reading the 100k
//! demo's million purchases as objects took 4.4 s in raw JS alone
//! (`cargo xtask bench`, `read_all_purchases_raw_js_ms`); as strings the
//! whole read, decoded into Rust, is what BENCHMARKS.md records.
//!
//! [`Stage`] is what one write transaction has read and will write:
//! stored customers and segments by id, blocks by customer, and the
//! change in live counts.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use ilgi_core::model::{
    ConsentChannel, ConsentRecord, Currency, Direction, Entity, Id, Interaction, InteractionKind,
    Money, Purchase, Record, SalesChannel, Stamp, Stamps,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbRequest, IdbTransaction};

use super::db::{CustomerDocIn, CustomerDocOut, js_err, to_js_array};
use super::idb::{self, StorageError};
use super::schema::{CONSENT_BLOCKS, CUSTOMERS, PURCHASE_BLOCKS, SEGMENTS, TIMELINE_BLOCKS};

/// A purchase as stored in its customer's block: positional, without the
/// customer id.
#[derive(Serialize, Deserialize)]
struct StoredPurchase(
    Id,
    Option<String>,
    NaiveDate,
    Money,
    Currency,
    String,
    String,
    String,
    SalesChannel,
    Option<i64>,
    Option<u32>,
    Option<Stamp>,
    Stamps,
    bool,
);

/// The JSON of one block: the most common write time of its records and
/// the first stamp of the write that made most of them (`u`, `v`). A
/// record's stamp is stored as its counter's distance from `v` when it
/// comes from the same write (a write stamps its records one counter
/// apart), in full otherwise; its time only when it differs.
#[derive(Serialize, Deserialize)]
struct StoredBlock<T> {
    u: i64,
    v: Stamp,
    r: Vec<T>,
}

/// The block's common write time and base stamp.
fn common_version(records: &[Record]) -> (i64, Stamp) {
    let mut times: HashMap<i64, usize> = HashMap::new();
    let mut writes: HashMap<(u64, u64), u32> = HashMap::new();
    let mut sizes: HashMap<(u64, u64), usize> = HashMap::new();
    for r in records {
        *times.entry(r.updated_at()).or_default() += 1;
        let s = r.version();
        let lowest = writes.entry((s.millis, s.node)).or_insert(s.counter);
        *lowest = (*lowest).min(s.counter);
        *sizes.entry((s.millis, s.node)).or_default() += 1;
    }
    let u = times
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(t, _)| t);
    let v = sizes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(Stamp::ZERO, |((millis, node), _)| Stamp {
            millis,
            counter: writes[&(millis, node)],
            node,
        });
    (u, v)
}

fn unless<T: PartialEq>(value: T, common: T) -> Option<T> {
    (value != common).then_some(value)
}

/// A stamp as (distance from the base, or the whole stamp).
fn stamp_out(stamp: Stamp, base: Stamp) -> (Option<u32>, Option<Stamp>) {
    if stamp.millis == base.millis && stamp.node == base.node && stamp.counter >= base.counter {
        (Some(stamp.counter - base.counter), None)
    } else {
        (None, Some(stamp))
    }
}

fn stamp_in(offset: Option<u32>, whole: Option<Stamp>, base: Stamp) -> Stamp {
    match (whole, offset) {
        (Some(s), _) => s,
        (None, Some(d)) => Stamp {
            counter: base.counter.saturating_add(d),
            ..base
        },
        (None, None) => base,
    }
}

impl StoredPurchase {
    fn of(p: &Purchase, (u, v): (i64, Stamp)) -> StoredPurchase {
        StoredPurchase(
            p.id,
            p.external_id.clone(),
            p.date,
            p.amount,
            p.currency,
            p.sku.clone(),
            p.product.clone(),
            p.category.clone(),
            p.channel,
            unless(p.updated_at, u),
            stamp_out(p.version, v).0,
            stamp_out(p.version, v).1,
            p.stamps.clone(),
            p.deleted,
        )
    }

    fn into_purchase(self, customer_id: Id, (u, v): (i64, Stamp)) -> Purchase {
        let StoredPurchase(
            id,
            external_id,
            date,
            amount,
            currency,
            sku,
            product,
            category,
            channel,
            updated_at,
            offset,
            whole,
            stamps,
            deleted,
        ) = self;
        Purchase {
            id,
            customer_id,
            external_id,
            date,
            amount,
            currency,
            sku,
            product,
            category,
            channel,
            updated_at: updated_at.unwrap_or(u),
            version: stamp_in(offset, whole, v),
            stamps,
            deleted,
        }
    }
}

/// A timeline entry as stored in its customer's block.
#[derive(Serialize, Deserialize)]
struct StoredInteraction(
    Id,
    InteractionKind,
    Direction,
    i64,
    String,
    Option<i64>,
    Option<u32>,
    Option<Stamp>,
    Stamps,
    bool,
);

impl StoredInteraction {
    fn of(i: &Interaction, (u, v): (i64, Stamp)) -> StoredInteraction {
        StoredInteraction(
            i.id,
            i.kind,
            i.direction,
            i.at,
            i.text.clone(),
            unless(i.updated_at, u),
            stamp_out(i.version, v).0,
            stamp_out(i.version, v).1,
            i.stamps.clone(),
            i.deleted,
        )
    }

    fn into_interaction(self, customer_id: Id, (u, v): (i64, Stamp)) -> Interaction {
        let StoredInteraction(
            id,
            kind,
            direction,
            at,
            text,
            updated_at,
            offset,
            whole,
            stamps,
            deleted,
        ) = self;
        Interaction {
            id,
            customer_id,
            kind,
            direction,
            at,
            text,
            updated_at: updated_at.unwrap_or(u),
            version: stamp_in(offset, whole, v),
            stamps,
            deleted,
        }
    }
}

/// A consent decision as stored in its customer's block (never deleted,
/// so no tombstone flag).
#[derive(Serialize, Deserialize)]
struct StoredConsent(
    Id,
    ConsentChannel,
    bool,
    i64,
    String,
    Option<i64>,
    Option<u32>,
    Option<Stamp>,
    Stamps,
);

impl StoredConsent {
    fn of(c: &ConsentRecord, (u, v): (i64, Stamp)) -> StoredConsent {
        StoredConsent(
            c.id,
            c.channel,
            c.granted,
            c.at,
            c.source.clone(),
            unless(c.updated_at, u),
            stamp_out(c.version, v).0,
            stamp_out(c.version, v).1,
            c.stamps.clone(),
        )
    }

    fn into_consent(self, customer_id: Id, (u, v): (i64, Stamp)) -> ConsentRecord {
        let StoredConsent(id, channel, granted, at, source, updated_at, offset, whole, stamps) =
            self;
        ConsentRecord {
            id,
            customer_id,
            channel,
            granted,
            at,
            source,
            updated_at: updated_at.unwrap_or(u),
            version: stamp_in(offset, whole, v),
            stamps,
            deleted: false,
        }
    }
}

/// The stored document of one block.
pub(super) fn encode_block(
    entity: Entity,
    customer: Id,
    records: &[Record],
) -> Result<JsValue, StorageError> {
    let bad = |e: serde_json::Error| StorageError::bad_data(store_of(entity), e);
    let (u, v) = common_version(records);
    let j = match entity {
        Entity::Purchase => serde_json::to_vec(&StoredBlock {
            u,
            v,
            r: records
                .iter()
                .filter_map(|r| match r {
                    Record::Purchase(p) => Some(StoredPurchase::of(p, (u, v))),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        }),
        Entity::Consent => serde_json::to_vec(&StoredBlock {
            u,
            v,
            r: records
                .iter()
                .filter_map(|r| match r {
                    Record::Consent(c) => Some(StoredConsent::of(c, (u, v))),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        }),
        _ => serde_json::to_vec(&StoredBlock {
            u,
            v,
            r: records
                .iter()
                .filter_map(|r| match r {
                    Record::Interaction(i) => Some(StoredInteraction::of(i, (u, v))),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        }),
    }
    .map_err(bad)?;
    let doc = js_sys::Object::new();
    js_sys::Reflect::set(&doc, &"c".into(), &customer.to_string().into()).map_err(js_err)?;
    let bytes = js_sys::Uint8Array::from(j.as_slice());
    js_sys::Reflect::set(&doc, &"j".into(), &bytes).map_err(js_err)?;
    Ok(doc.into())
}

/// A block document's customer and records JSON (UTF-8 bytes).
fn parts(entity: Entity, doc: &JsValue) -> Result<(Id, Vec<u8>), StorageError> {
    let missing =
        |name: &str| StorageError::bad_data(store_of(entity), format!("block without `{name}`"));
    let customer = js_sys::Reflect::get(doc, &"c".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| missing("c"))?
        .parse()
        .map_err(|e| StorageError::bad_data(store_of(entity), e))?;
    let bytes = js_sys::Reflect::get(doc, &"j".into())
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
        .ok_or_else(|| missing("j"))?;
    Ok((customer, bytes.to_vec()))
}

/// The purchases of a stored block document.
pub(super) fn decode_purchases(doc: &JsValue) -> Result<Vec<Purchase>, StorageError> {
    let (customer, j) = parts(Entity::Purchase, doc)?;
    let block: StoredBlock<StoredPurchase> =
        serde_json::from_slice(&j).map_err(|e| StorageError::bad_data(PURCHASE_BLOCKS, e))?;
    let common = (block.u, block.v);
    Ok(block
        .r
        .into_iter()
        .map(|p| p.into_purchase(customer, common))
        .collect())
}

/// The timeline entries of a stored block document.
pub(super) fn decode_interactions(doc: &JsValue) -> Result<Vec<Interaction>, StorageError> {
    let (customer, j) = parts(Entity::Interaction, doc)?;
    let block: StoredBlock<StoredInteraction> =
        serde_json::from_slice(&j).map_err(|e| StorageError::bad_data(TIMELINE_BLOCKS, e))?;
    let common = (block.u, block.v);
    Ok(block
        .r
        .into_iter()
        .map(|i| i.into_interaction(customer, common))
        .collect())
}

/// The consent decisions of a stored block document.
pub(super) fn decode_consents(doc: &JsValue) -> Result<Vec<ConsentRecord>, StorageError> {
    let (customer, j) = parts(Entity::Consent, doc)?;
    let block: StoredBlock<StoredConsent> =
        serde_json::from_slice(&j).map_err(|e| StorageError::bad_data(CONSENT_BLOCKS, e))?;
    let common = (block.u, block.v);
    Ok(block
        .r
        .into_iter()
        .map(|c| c.into_consent(customer, common))
        .collect())
}

/// The store of an entity's documents (or blocks).
pub(super) fn store_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => CUSTOMERS,
        Entity::Purchase => PURCHASE_BLOCKS,
        Entity::Interaction => TIMELINE_BLOCKS,
        Entity::Segment => SEGMENTS,
        Entity::Consent => CONSENT_BLOCKS,
    }
}

/// Index of an entity in the live counts (`None`: counted by index).
fn count_slot(entity: Entity) -> Option<usize> {
    match entity {
        Entity::Purchase => Some(0),
        Entity::Interaction => Some(1),
        _ => None,
    }
}

/// Decodes a stored customer or segment document.
fn decode_single(entity: Entity, doc: &JsValue) -> Result<Option<Record>, StorageError> {
    if doc.is_undefined() || doc.is_null() {
        return Ok(None);
    }
    let json: String = js_sys::JSON::stringify(doc).map_err(js_err)?.into();
    let bad = |e: serde_json::Error| StorageError::bad_data(store_of(entity), e);
    Ok(Some(match entity {
        Entity::Customer => {
            Record::Customer(serde_json::from_str::<CustomerDocIn>(&json).map_err(bad)?.c)
        }
        Entity::Segment => Record::Segment(serde_json::from_str(&json).map_err(bad)?),
        Entity::Purchase | Entity::Interaction | Entity::Consent => {
            return Err(StorageError::bad_data(
                store_of(entity),
                "a contained record is read through its block",
            ));
        }
    }))
}

/// Decodes a stored block (empty when there is none).
pub(super) fn decode_block(entity: Entity, doc: &JsValue) -> Result<Vec<Record>, StorageError> {
    if doc.is_undefined() || doc.is_null() {
        return Ok(Vec::new());
    }
    Ok(match entity {
        Entity::Purchase => decode_purchases(doc)?
            .into_iter()
            .map(Record::Purchase)
            .collect(),
        Entity::Interaction => decode_interactions(doc)?
            .into_iter()
            .map(Record::Interaction)
            .collect(),
        Entity::Consent => decode_consents(doc)?
            .into_iter()
            .map(Record::Consent)
            .collect(),
        _ => Vec::new(),
    })
}

type Watched = ((Entity, Id), JsFuture);

/// Requests in flight for a [`Stage`].
pub(super) struct Watching {
    singles: Vec<Watched>,
    blocks: Vec<Watched>,
}

impl Watching {
    /// Issues the `get`s: stored customers/segments by id, blocks by
    /// (entity, customer).
    pub(super) fn start(
        tx: &IdbTransaction,
        singles: impl IntoIterator<Item = (Entity, Id)>,
        blocks: impl IntoIterator<Item = (Entity, Id)>,
    ) -> Result<Watching, StorageError> {
        let get = |(entity, id): (Entity, Id)| -> Result<Watched, StorageError> {
            let store = tx.object_store(store_of(entity)).map_err(js_err)?;
            let req = store.get(&id.to_string().into()).map_err(js_err)?;
            Ok(((entity, id), idb::watch(&req)))
        };
        let mut seen = BTreeSet::new();
        let singles = singles
            .into_iter()
            .filter(|k| seen.insert(*k))
            .map(get)
            .collect::<Result<Vec<_>, _>>()?;
        let mut seen = BTreeSet::new();
        let blocks = blocks
            .into_iter()
            .filter(|k| seen.insert(*k))
            .map(get)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Watching { singles, blocks })
    }

    /// Waits for every `get` and decodes what it found.
    pub(super) async fn load(self) -> Result<Stage, StorageError> {
        let mut stage = Stage::default();
        for ((entity, id), fut) in self.singles {
            if let Some(record) = decode_single(entity, &idb::settle(fut).await?)? {
                stage.records.insert((entity, id), record);
            }
        }
        for ((entity, customer), fut) in self.blocks {
            let records = decode_block(entity, &idb::settle(fut).await?)?;
            stage.blocks.insert((entity, customer), records);
        }
        Ok(stage)
    }
}

/// What a write transaction read and will write.
#[derive(Default)]
pub(super) struct Stage {
    records: HashMap<(Entity, Id), Record>,
    blocks: HashMap<(Entity, Id), Vec<Record>>,
    touched: BTreeSet<(Entity, Id)>,
    singles: Vec<Record>,
    /// Change of the live purchase and timeline counts.
    pub delta: [i64; 2],
}

impl Stage {
    /// The stored copy of a record (a contained one is looked up in its
    /// customer's block, which must have been loaded).
    pub(super) fn stored(&self, entity: Entity, id: Id, container: Option<Id>) -> Option<&Record> {
        match container {
            Some(customer) => self
                .blocks
                .get(&(entity, customer))?
                .iter()
                .find(|r| r.id() == id),
            None => self.records.get(&(entity, id)),
        }
    }

    /// Whether the stage knows what is stored for `(entity, id)`.
    pub(super) fn has_loaded(&self, entity: Entity, id: Id, container: Option<Id>) -> bool {
        match container {
            Some(customer) => self.blocks.contains_key(&(entity, customer)),
            None => self.records.contains_key(&(entity, id)),
        }
    }

    /// Takes in more loaded records and blocks.
    pub(super) fn extend(&mut self, other: Stage) {
        self.records.extend(other.records);
        self.blocks.extend(other.blocks);
    }

    /// Stages a record to be written (replacing the stored copy).
    pub(super) fn write(&mut self, record: Record) {
        let entity = record.entity();
        match record.container() {
            Some(customer) => {
                let block = self.blocks.entry((entity, customer)).or_default();
                let live_now = i64::from(!record.is_deleted());
                let change = match block.iter_mut().find(|r| r.id() == record.id()) {
                    Some(old) => {
                        let change = live_now - i64::from(!old.is_deleted());
                        *old = record;
                        change
                    }
                    None => {
                        block.push(record);
                        live_now
                    }
                };
                if let Some(slot) = count_slot(entity) {
                    self.delta[slot] += change;
                }
                self.touched.insert((entity, customer));
            }
            None => {
                self.records.insert((entity, record.id()), record.clone());
                self.singles.push(record);
            }
        }
    }

    /// Issues the puts of everything staged; returns the last request.
    pub(super) fn flush(
        &mut self,
        tx: &IdbTransaction,
    ) -> Result<Option<IdbRequest>, StorageError> {
        let mut last = None;
        let mut customers = Vec::new();
        let mut segments = Vec::new();
        let singles = std::mem::take(&mut self.singles);
        for record in &singles {
            match record {
                Record::Customer(c) => customers.push(CustomerDocOut::new(c)),
                Record::Segment(s) => segments.push(s),
                _ => {}
            }
        }
        let mut put_all = |store: &str, docs: js_sys::Array| -> Result<(), StorageError> {
            let store = tx.object_store(store).map_err(js_err)?;
            for doc in docs.iter() {
                last = Some(store.put(&doc).map_err(js_err)?);
            }
            Ok(())
        };
        if !customers.is_empty() {
            put_all(CUSTOMERS, to_js_array(&customers)?)?;
        }
        if !segments.is_empty() {
            put_all(SEGMENTS, to_js_array(&segments)?)?;
        }
        for (entity, customer) in std::mem::take(&mut self.touched) {
            let records = self
                .blocks
                .get(&(entity, customer))
                .map_or(&[][..], Vec::as_slice);
            let doc = encode_block(entity, customer, records)?;
            let store = tx.object_store(store_of(entity)).map_err(js_err)?;
            last = Some(store.put(&doc).map_err(js_err)?);
        }
        Ok(last)
    }
}
