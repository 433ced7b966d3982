//! Purchases, timeline entries (schema v6) and consent decisions (v7) are
//! stored in one document per customer and kind (a *block*): `{c: customer
//! id, b: bytes}` where `b` is the customer's records in a compact binary
//! form (postcard: ids as 16 bytes, dates as day numbers, small numbers as
//! varints), with the most common write time and base stamp once per block,
//! stored as a `Uint8Array`. A customer's purchases are one `get`; all
//! purchases are one `getAll` page per 2,000 customers; a bulk write costs
//! one put per customer instead of one per record. Each record in a block
//! keeps its own id, stamps and tombstone.
//!
//! Why bytes: the browser clones a stored byte array with one copy, while
//! an array of objects costs a property walk per field; and IndexedDB reads
//! cost time per byte (`cargo xtask bench`: 90,000 documents of 1,500
//! bytes read in 1.8 s, of 500 bytes in 1.05 s), which is why the binary
//! form replaced the JSON one (`j`, v6) that blocks written before it
//! still use: those are read as they are and rewritten in the binary form
//! when their customer is next written.
//!
//! The binary form is positional: fields are never reordered, and the
//! enums stored in it (currency, sales channel, timeline kind and
//! direction, consent channel) only ever get new variants at the end
//! (`tests/storage.rs` pins a block's bytes).
//!
//! [`Stage`] is what one write transaction has read and will write:
//! stored customers and segments by id, blocks by customer, and the
//! change in live counts.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use ilgi_core::cases::CaseEvent;
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
use super::schema::{
    CASE_JOURNEYS, CASES, CUSTOMERS, MENTIONS, PURCHASE_BLOCKS, RULES, SEGMENTS, TIMELINE_BLOCKS,
};

/// A stamp in the binary form: (millis, counter, node).
type PackedStamp = (u64, u32, u64);

fn pack(s: Stamp) -> PackedStamp {
    (s.millis, s.counter, s.node)
}

fn unpack((millis, counter, node): PackedStamp) -> Stamp {
    Stamp {
        millis,
        counter,
        node,
    }
}

/// Per-field stamps in the binary form: their JSON, only when the record
/// has any (a record written whole has none).
fn pack_stamps(stamps: &Stamps) -> Option<String> {
    (!stamps.is_plain()).then(|| serde_json::to_string(stamps).unwrap_or_default())
}

fn unpack_stamps(json: Option<String>) -> Result<Stamps, serde_json::Error> {
    json.map_or(Ok(Stamps::default()), |j| serde_json::from_str(&j))
}

/// A block in the binary form.
#[derive(Serialize, Deserialize)]
struct PackedBlock<T> {
    /// The most common write time of the records.
    u: i64,
    /// The first stamp of the write that made most of them.
    v: PackedStamp,
    r: Vec<T>,
}

/// The stamp fields every packed record carries: its write time unless it
/// is the block's, its stamp as a distance from the block's base or in
/// full, and its per-field stamps.
#[derive(Serialize, Deserialize)]
struct PackedMeta(
    Option<i64>,
    Option<u32>,
    Option<PackedStamp>,
    Option<String>,
);

impl PackedMeta {
    fn of(updated_at: i64, version: Stamp, stamps: &Stamps, (u, v): (i64, Stamp)) -> PackedMeta {
        let (offset, whole) = stamp_out(version, v);
        PackedMeta(
            unless(updated_at, u),
            offset,
            whole.map(pack),
            pack_stamps(stamps),
        )
    }

    /// (updated_at, version, stamps).
    fn open(self, (u, v): (i64, Stamp)) -> Result<(i64, Stamp, Stamps), serde_json::Error> {
        let PackedMeta(updated_at, offset, whole, stamps) = self;
        Ok((
            updated_at.unwrap_or(u),
            stamp_in(offset, whole.map(unpack), v),
            unpack_stamps(stamps)?,
        ))
    }
}

/// A purchase in its customer's block (binary form).
#[derive(Serialize, Deserialize)]
struct PackedPurchase(
    Id,
    Option<String>,
    /// Days from the common era.
    i32,
    Money,
    Currency,
    String,
    String,
    String,
    SalesChannel,
    PackedMeta,
    bool,
);

/// A timeline entry in its customer's block (binary form).
#[derive(Serialize, Deserialize)]
struct PackedInteraction(
    Id,
    InteractionKind,
    Direction,
    i64,
    String,
    PackedMeta,
    bool,
);

/// A consent decision in its customer's block (binary form; never
/// deleted, so no tombstone flag).
#[derive(Serialize, Deserialize)]
struct PackedConsent(Id, ConsentChannel, bool, i64, String, PackedMeta);

/// A purchase as the JSON blocks of v6 stored it (read only).
#[derive(Deserialize)]
struct JsonPurchase(
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

/// A timeline entry as the JSON blocks of v6 stored it (read only).
#[derive(Deserialize)]
struct JsonInteraction(
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

/// A JSON block of v6 (read only).
#[derive(Deserialize)]
struct JsonBlock<T> {
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

fn date_out(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

fn date_in(days: i32) -> Result<NaiveDate, String> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| format!("day {days} is not a date"))
}

/// The binary form of one block's records.
fn pack_records(entity: Entity, records: &[Record]) -> Result<Vec<u8>, postcard::Error> {
    let common = common_version(records);
    let (u, v) = common;
    fn block<T: Serialize>(u: i64, v: Stamp, r: Vec<T>) -> Result<Vec<u8>, postcard::Error> {
        postcard::to_stdvec(&PackedBlock { u, v: pack(v), r })
    }
    match entity {
        Entity::Purchase => block(
            u,
            v,
            records
                .iter()
                .filter_map(|r| match r {
                    Record::Purchase(p) => Some(PackedPurchase(
                        p.id,
                        p.external_id.clone(),
                        date_out(p.date),
                        p.amount,
                        p.currency,
                        p.sku.clone(),
                        p.product.clone(),
                        p.category.clone(),
                        p.channel,
                        PackedMeta::of(p.updated_at, p.version, &p.stamps, common),
                        p.deleted,
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        Entity::Interaction => block(
            u,
            v,
            records
                .iter()
                .filter_map(|r| match r {
                    Record::Interaction(i) => Some(PackedInteraction(
                        i.id,
                        i.kind,
                        i.direction,
                        i.at,
                        i.text.clone(),
                        PackedMeta::of(i.updated_at, i.version, &i.stamps, common),
                        i.deleted,
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        _ => block(
            u,
            v,
            records
                .iter()
                .filter_map(|r| match r {
                    Record::Consent(c) => Some(PackedConsent(
                        c.id,
                        c.channel,
                        c.granted,
                        c.at,
                        c.source.clone(),
                        PackedMeta::of(c.updated_at, c.version, &c.stamps, common),
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
    }
}

/// The stored bytes (`b`) of a block of `entity` records: what
/// `tests/storage.rs` pins so that the binary form cannot change by
/// accident.
pub fn block_bytes(entity: Entity, records: &[Record]) -> Result<Vec<u8>, StorageError> {
    if entity == Entity::CaseEvent {
        // Journey events are few per case and hold nested data (the kind of
        // event and its fields): JSON.
        let events: Vec<&CaseEvent> = records
            .iter()
            .filter_map(|r| match r {
                Record::CaseEvent(e) => Some(e),
                _ => None,
            })
            .collect();
        return serde_json::to_vec(&events).map_err(|e| StorageError::bad_data(CASE_JOURNEYS, e));
    }
    pack_records(entity, records).map_err(|e| StorageError::bad_data(store_of(entity), e))
}

/// JSON bytes as a value. Through `&str` on purpose: the app reads every
/// other record from text, and one reader (`serde_json::from_str`) instead
/// of two keeps about 30 KiB of code out of each wasm module.
fn json_of<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The journey events of a stored journey document.
pub(super) fn decode_case_events(doc: &JsValue) -> Result<Vec<CaseEvent>, StorageError> {
    let (_, body) = parts(Entity::CaseEvent, doc)?;
    match body {
        Body::Packed(bytes) | Body::Json(bytes) => {
            json_of(&bytes).map_err(|e| StorageError::bad_data(CASE_JOURNEYS, e))
        }
        Body::Empty => Ok(Vec::new()),
    }
}

/// The field of a block document that holds `entity`'s records: a
/// customer's timeline entries (`b`) and consent decisions (`k`) share one
/// document of `timeline_blocks`, so writing a customer with both costs
/// one read and one write.
fn body_key(entity: Entity) -> &'static str {
    match entity {
        Entity::Consent => "k",
        _ => "b",
    }
}

/// The kind a block document is requested and written as (consent
/// decisions live in the timeline's document).
fn document_kind(entity: Entity) -> Entity {
    match entity {
        Entity::Consent => Entity::Interaction,
        other => other,
    }
}

/// Whether two kinds of record share a block document.
fn shares_document(entity: Entity) -> Option<Entity> {
    match entity {
        Entity::Interaction => Some(Entity::Consent),
        Entity::Consent => Some(Entity::Interaction),
        _ => None,
    }
}

/// The stored document of a customer's block: one field per kind of
/// record it holds (kinds without records are left out).
pub(super) fn encode_doc(
    customer: Id,
    bodies: &[(Entity, &[Record])],
) -> Result<JsValue, StorageError> {
    let doc = js_sys::Object::new();
    js_sys::Reflect::set(&doc, &"c".into(), &customer.to_string().into()).map_err(js_err)?;
    for (entity, records) in bodies {
        if records.is_empty() {
            continue;
        }
        let bytes = block_bytes(*entity, records)?;
        let bytes = js_sys::Uint8Array::from(bytes.as_slice());
        js_sys::Reflect::set(&doc, &body_key(*entity).into(), &bytes).map_err(js_err)?;
    }
    Ok(doc.into())
}

/// The bytes of one kind of record in a stored block: binary (`b`, `k`)
/// or, for blocks written before the binary form, JSON (`j`); none when
/// the document holds only the other kind.
enum Body {
    Packed(Vec<u8>),
    Json(Vec<u8>),
    Empty,
}

/// A block document's customer and body.
fn parts(entity: Entity, doc: &JsValue) -> Result<(Id, Body), StorageError> {
    let bad = |e: String| StorageError::bad_data(store_of(entity), e);
    let customer = js_sys::Reflect::get(doc, &"c".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| bad("block without `c`".into()))?
        .parse()
        .map_err(|e: ilgi_core::model::id::IdError| bad(e.to_string()))?;
    let bytes = |key: &str| {
        js_sys::Reflect::get(doc, &key.into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|b| b.to_vec())
    };
    let body = match (bytes(body_key(entity)), entity) {
        (Some(b), _) => Body::Packed(b),
        (None, Entity::Consent) => Body::Empty,
        (None, _) => bytes("j").map_or(Body::Empty, Body::Json),
    };
    Ok((customer, body))
}

/// The purchases of a stored block document.
pub(super) fn decode_purchases(doc: &JsValue) -> Result<Vec<Purchase>, StorageError> {
    let bad = |e: String| StorageError::bad_data(PURCHASE_BLOCKS, e);
    let (customer_id, body) = parts(Entity::Purchase, doc)?;
    match body {
        Body::Empty => Ok(Vec::new()),
        Body::Packed(bytes) => {
            let block: PackedBlock<PackedPurchase> =
                postcard::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
            let common = (block.u, unpack(block.v));
            block
                .r
                .into_iter()
                .map(|p| {
                    let PackedPurchase(
                        id,
                        external_id,
                        day,
                        amount,
                        currency,
                        sku,
                        product,
                        category,
                        channel,
                        meta,
                        deleted,
                    ) = p;
                    let (updated_at, version, stamps) =
                        meta.open(common).map_err(|e| bad(e.to_string()))?;
                    Ok(Purchase {
                        id,
                        customer_id,
                        external_id,
                        date: date_in(day).map_err(bad)?,
                        amount,
                        currency,
                        sku,
                        product,
                        category,
                        channel,
                        updated_at,
                        version,
                        stamps,
                        deleted,
                    })
                })
                .collect()
        }
        Body::Json(bytes) => {
            let block: JsonBlock<JsonPurchase> = json_of(&bytes).map_err(bad)?;
            let (u, v) = (block.u, block.v);
            Ok(block
                .r
                .into_iter()
                .map(|p| {
                    let JsonPurchase(
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
                    ) = p;
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
                })
                .collect())
        }
    }
}

/// The timeline entries of a stored block document.
pub(super) fn decode_interactions(doc: &JsValue) -> Result<Vec<Interaction>, StorageError> {
    let bad = |e: String| StorageError::bad_data(TIMELINE_BLOCKS, e);
    let (customer_id, body) = parts(Entity::Interaction, doc)?;
    match body {
        Body::Empty => Ok(Vec::new()),
        Body::Packed(bytes) => {
            let block: PackedBlock<PackedInteraction> =
                postcard::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
            let common = (block.u, unpack(block.v));
            block
                .r
                .into_iter()
                .map(
                    |PackedInteraction(id, kind, direction, at, text, meta, deleted)| {
                        let (updated_at, version, stamps) =
                            meta.open(common).map_err(|e| bad(e.to_string()))?;
                        Ok(Interaction {
                            id,
                            customer_id,
                            kind,
                            direction,
                            at,
                            text,
                            updated_at,
                            version,
                            stamps,
                            deleted,
                        })
                    },
                )
                .collect()
        }
        Body::Json(bytes) => {
            let block: JsonBlock<JsonInteraction> = json_of(&bytes).map_err(bad)?;
            let (u, v) = (block.u, block.v);
            Ok(block
                .r
                .into_iter()
                .map(|i| {
                    let JsonInteraction(
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
                    ) = i;
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
                })
                .collect())
        }
    }
}

/// The consent decisions of a customer's timeline document (binary form
/// only: consent records are newer than it).
pub(super) fn decode_consents(doc: &JsValue) -> Result<Vec<ConsentRecord>, StorageError> {
    let bad = |e: String| StorageError::bad_data(TIMELINE_BLOCKS, e);
    let (customer_id, body) = parts(Entity::Consent, doc)?;
    let Body::Packed(bytes) = body else {
        return Ok(Vec::new());
    };
    let block: PackedBlock<PackedConsent> =
        postcard::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
    let common = (block.u, unpack(block.v));
    block
        .r
        .into_iter()
        .map(|PackedConsent(id, channel, granted, at, source, meta)| {
            let (updated_at, version, stamps) =
                meta.open(common).map_err(|e| bad(e.to_string()))?;
            Ok(ConsentRecord {
                id,
                customer_id,
                channel,
                granted,
                at,
                source,
                updated_at,
                version,
                stamps,
                deleted: false,
            })
        })
        .collect()
}

/// The store of an entity's documents (or blocks).
pub(super) fn store_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => CUSTOMERS,
        Entity::Purchase => PURCHASE_BLOCKS,
        Entity::Interaction => TIMELINE_BLOCKS,
        Entity::Segment => SEGMENTS,
        Entity::Consent => TIMELINE_BLOCKS,
        Entity::Case => CASES,
        Entity::CaseEvent => CASE_JOURNEYS,
        Entity::Rules => RULES,
        Entity::Mention => MENTIONS,
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
        Entity::Case => Record::Case(serde_json::from_str(&json).map_err(bad)?),
        Entity::Rules => Record::Rules(serde_json::from_str(&json).map_err(bad)?),
        Entity::Mention => Record::Mention(serde_json::from_str(&json).map_err(bad)?),
        Entity::Purchase | Entity::Interaction | Entity::Consent | Entity::CaseEvent => {
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
        Entity::CaseEvent => decode_case_events(doc)?
            .into_iter()
            .map(Record::CaseEvent)
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
        // One `get` per document: a customer's timeline and consents
        // share one.
        let mut seen = BTreeSet::new();
        let blocks = blocks
            .into_iter()
            .map(|(entity, id)| (document_kind(entity), id))
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
            let doc = idb::settle(fut).await?;
            for kind in std::iter::once(entity).chain(shares_document(entity)) {
                let records = decode_block(kind, &doc)?;
                stage.blocks.insert((kind, customer), records);
            }
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
        let mut cases = Vec::new();
        let mut rules = Vec::new();
        let mut mentions = Vec::new();
        let mut singles = std::mem::take(&mut self.singles);
        // Tombstones first: a value a deleted customer frees (its external
        // id, unique in the `ext` index) may be taken by another customer
        // in the same write — a merge that keeps the other's external id.
        singles.sort_by_key(|r| !r.is_deleted());
        for record in &singles {
            match record {
                Record::Customer(c) => customers.push(CustomerDocOut::new(c)),
                Record::Segment(s) => segments.push(s),
                Record::Case(c) => cases.push(c),
                Record::Rules(r) => rules.push(r),
                Record::Mention(m) => mentions.push(m),
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
        if !cases.is_empty() {
            put_all(CASES, to_js_array(&cases)?)?;
        }
        if !rules.is_empty() {
            put_all(RULES, to_js_array(&rules)?)?;
        }
        if !mentions.is_empty() {
            put_all(MENTIONS, to_js_array(&mentions)?)?;
        }
        let documents: BTreeSet<(Entity, Id)> = std::mem::take(&mut self.touched)
            .into_iter()
            .map(|(entity, customer)| (document_kind(entity), customer))
            .collect();
        for (entity, customer) in documents {
            let records = |kind: Entity| {
                self.blocks
                    .get(&(kind, customer))
                    .map_or(&[][..], Vec::as_slice)
            };
            let mut bodies = vec![(entity, records(entity))];
            if let Some(sibling) = shares_document(entity) {
                bodies.push((sibling, records(sibling)));
            }
            let doc = encode_doc(customer, &bodies)?;
            let store = tx.object_store(store_of(entity)).map_err(js_err)?;
            last = Some(store.put(&doc).map_err(js_err)?);
        }
        Ok(last)
    }
}
