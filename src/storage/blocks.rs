//! Purchases and timeline entries are stored in one document per customer
//! (a *block*, schema v6): `{c: customer id, r: [records…]}`. A customer's
//! purchases are one `get`; all purchases are one `getAll` page per 2,000
//! customers; a bulk write costs one put per customer instead of one per
//! record. Each record in a block keeps its own id, stamps and tombstone.
//!
//! [`Stage`] is what one write transaction has read and will write:
//! stored customers and segments by id, blocks by customer, and the
//! change in live counts.

use std::collections::{BTreeSet, HashMap};

use ilgi_core::model::{Entity, Id, Interaction, Purchase, Record};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbRequest, IdbTransaction};

use super::db::{CustomerDocIn, CustomerDocOut, js_err, to_js_array};
use super::idb::{self, StorageError};
use super::schema::{CUSTOMERS, PURCHASE_BLOCKS, SEGMENTS, TIMELINE_BLOCKS};

/// One customer's purchases or timeline entries.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Block<T> {
    pub c: Id,
    pub r: Vec<T>,
}

/// The store of an entity's documents (or blocks).
pub(super) fn store_of(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => CUSTOMERS,
        Entity::Purchase => PURCHASE_BLOCKS,
        Entity::Interaction => TIMELINE_BLOCKS,
        Entity::Segment => SEGMENTS,
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
        Entity::Purchase | Entity::Interaction => {
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
    let json: String = js_sys::JSON::stringify(doc).map_err(js_err)?.into();
    let bad = |e: serde_json::Error| StorageError::bad_data(store_of(entity), e);
    Ok(match entity {
        Entity::Purchase => serde_json::from_str::<Block<Purchase>>(&json)
            .map_err(bad)?
            .r
            .into_iter()
            .map(Record::Purchase)
            .collect(),
        Entity::Interaction => serde_json::from_str::<Block<Interaction>>(&json)
            .map_err(bad)?
            .r
            .into_iter()
            .map(Record::Interaction)
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
                let slot = count_slot(entity).unwrap_or(0);
                let live_now = i64::from(!record.is_deleted());
                match block.iter_mut().find(|r| r.id() == record.id()) {
                    Some(old) => {
                        self.delta[slot] += live_now - i64::from(!old.is_deleted());
                        *old = record;
                    }
                    None => {
                        self.delta[slot] += live_now;
                        block.push(record);
                    }
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
        let mut purchase_blocks = Vec::new();
        let mut timeline_blocks = Vec::new();
        for (entity, customer) in std::mem::take(&mut self.touched) {
            let records = self
                .blocks
                .get(&(entity, customer))
                .map_or(&[][..], Vec::as_slice);
            match entity {
                Entity::Purchase => purchase_blocks.push(Block {
                    c: customer,
                    r: records
                        .iter()
                        .filter_map(|r| match r {
                            Record::Purchase(p) => Some(p),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                }),
                Entity::Interaction => timeline_blocks.push(Block {
                    c: customer,
                    r: records
                        .iter()
                        .filter_map(|r| match r {
                            Record::Interaction(i) => Some(i),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                }),
                _ => {}
            }
        }
        if !purchase_blocks.is_empty() {
            put_all(PURCHASE_BLOCKS, to_js_array(&purchase_blocks)?)?;
        }
        if !timeline_blocks.is_empty() {
            put_all(TIMELINE_BLOCKS, to_js_array(&timeline_blocks)?)?;
        }
        Ok(last)
    }
}
