//! The customer database: the one write path and the reads the pages need.
//!
//! Records cross the wasm boundary as JSON: a chunk of documents is written
//! as one `JSON.parse` of one string and read back as one `JSON.stringify` of
//! a `getAll` page, which is much cheaper than building JS objects field by
//! field from Rust.
//!
//! Invariants:
//! - Every write goes through the write path in `super::write`
//!   ([`Db::apply`], a [`super::BulkTx`], [`Db::apply_remote`]): the only
//!   code that opens a readwrite transaction (`Db::write_tx`).
//! - A failed write rolls back its whole transaction.
//! - On `versionchange` (another tab upgrades) the connection closes itself
//!   and is never used again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ilgi_core::cases::model::{RulesRecord, rules_id};
use ilgi_core::cases::{Case, CaseEvent};
use ilgi_core::model::{
    Clock, ConsentRecord, Customer, Id, Interaction, Purchase, Record, Stamp, attach_consents,
};
use ilgi_core::segment::SavedSegment;
use ilgi_core::social::Mention;
use ilgi_core::text;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbTransaction, IdbTransactionMode};

use super::blocks::{decode_case_events, decode_consents, decode_interactions, decode_purchases};
use super::idb::{self, StorageError};
use super::schema::{
    self, CASE_JOURNEYS, CASES, CLOCK_KEY, COUNTS_KEY, CUSTOMERS, MENTIONS, META, PENDING,
    PENDING_KEY, PURCHASE_BLOCKS, RULES, SEGMENTS, TIMELINE_BLOCKS,
};

/// Records per `getAll` page when reading everything in the worker.
const READ_PAGE: u32 = 2_000;
/// Records per page on the page's own thread: decoding a page and adding
/// it to the list's index is one task; 2,000 customers took 60–80 ms (a
/// long task), 500 took 50–60 ms at times on a busy machine with the
/// index's work, 250 stay near 20 ms.
pub const UI_READ_PAGE: u32 = 250;

/// The page size for this thread: smaller on the UI thread.
fn read_page() -> u32 {
    thread_local! {
        static PAGE: u32 = if web_sys::window().is_some() { UI_READ_PAGE } else { READ_PAGE };
    }
    PAGE.with(|p| *p)
}

/// The stored form of a customer: the record plus the keys of the two
/// indexes it still has (v5): `sk` (Turkish name order, the first screen
/// of the list) and `ext` (external ids are unique). Search, filters and
/// matching run on the in-memory index, so no other key is stored.
/// Tombstones carry only `id`, `del` and `c`.
#[derive(Serialize)]
pub(super) struct CustomerDocOut<'a> {
    id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    sk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ext: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    del: bool,
    c: &'a Customer,
}

impl<'a> CustomerDocOut<'a> {
    pub(super) fn new(c: &'a Customer) -> CustomerDocOut<'a> {
        if c.deleted {
            return CustomerDocOut {
                id: c.id,
                sk: None,
                ext: None,
                del: true,
                c,
            };
        }
        CustomerDocOut {
            id: c.id,
            sk: Some(c.sort_key()),
            ext: c.external_id.as_deref(),
            del: false,
            c,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct CustomerDocIn {
    pub(super) c: Customer,
}

/// The newest stamp made on this device, as stored in `meta` (`node` is
/// the session that made it; a new session takes a node of its own).
#[derive(Serialize, Deserialize)]
pub(super) struct ClockState {
    pub(super) node: u64,
    pub(super) last: Stamp,
}

/// How many records each store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Live customers (tombstones excluded).
    pub customers: u32,
    pub purchases: u32,
    pub interactions: u32,
    /// Mutations waiting to be synced.
    pub pending: u32,
}

/// An open connection plus the device clock.
#[derive(Clone)]
pub struct Db {
    pub(super) idb: IdbDatabase,
    pub(super) clock: Rc<RefCell<Clock>>,
    /// Tells this database's other tabs about writes (see `super::tabs`).
    pub(super) tabs: super::tabs::Tabs,
    /// Set when another tab's upgrade closed this connection: it is never
    /// used again.
    pub(super) closed: Rc<std::cell::Cell<bool>>,
    /// Set while this device is signed in as a viewer: the person's own
    /// writes are refused ([`ErrorKind::ReadOnly`]); pulled changes still
    /// land.
    pub(super) read_only: Rc<std::cell::Cell<bool>>,
}

impl PartialEq for Db {
    fn eq(&self, other: &Db) -> bool {
        Rc::ptr_eq(&self.clock, &other.clock)
    }
}

/// Fills `bytes` from the global `crypto` (the window's or the worker's);
/// false when there is none.
fn fill_random(bytes: &mut [u8]) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|v| v.dyn_into::<web_sys::Crypto>().ok())
        .and_then(|c| c.get_random_values_with_u8_array(bytes).ok())
        .is_some()
}

pub(super) fn random_node() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = fill_random(&mut bytes);
    if !filled {
        let r = js_sys::Math::random();
        bytes = (r * u64::MAX as f64).to_bits().to_le_bytes();
    }
    u64::from_le_bytes(bytes)
}

/// Ten random bytes for a new id.
fn random_bytes() -> [u8; 10] {
    let mut bytes = [0u8; 10];
    let ok = fill_random(&mut bytes);
    if !ok {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A fresh record id (UUID v7 from the wall clock and `crypto`).
pub fn new_id() -> Id {
    Id::v7(now_millis().max(0) as u64, random_bytes())
}

/// Wall-clock time in Unix milliseconds.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

pub(super) fn to_js_array<T: Serialize>(items: &[T]) -> Result<js_sys::Array, StorageError> {
    let json = serde_json::to_string(items).map_err(|e| StorageError::bad_data("encode", e))?;
    let value = js_sys::JSON::parse(&json).map_err(|e| StorageError::from_js(&e))?;
    Ok(value.unchecked_into())
}

pub(super) fn from_js_array<T: for<'de> Deserialize<'de>>(
    value: &JsValue,
    what: &str,
) -> Result<Vec<T>, StorageError> {
    let json: String = js_sys::JSON::stringify(value)
        .map_err(|e| StorageError::from_js(&e))?
        .into();
    serde_json::from_str(&json).map_err(|e| StorageError::bad_data(what, e))
}

/// Whether a stored customer document is not a tombstone.
fn is_live_doc(doc: &JsValue) -> bool {
    !js_sys::Reflect::get(doc, &"del".into())
        .map(|d| d.is_truthy())
        .unwrap_or(false)
}

pub(super) fn js_err(e: JsValue) -> StorageError {
    StorageError::from_js(&e)
}

/// The stored documents of `customers` as JS objects, exactly as the write
/// path stores them (the benchmark hands them to a raw-JS put loop).
pub fn customer_documents(customers: &[Customer]) -> Result<js_sys::Array, StorageError> {
    let docs: Vec<CustomerDocOut> = customers.iter().map(CustomerDocOut::new).collect();
    to_js_array(&docs)
}

impl Db {
    /// Opens (and if needed creates or upgrades) the app's database.
    pub async fn open() -> Result<Db, StorageError> {
        Db::open_named(schema::DB_NAME).await
    }

    /// Opens a database by name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Db, StorageError> {
        Db::open_with(name, || {
            web_sys::console::warn_1(&"ilgi: database upgrade waits for other tabs".into())
        })
        .await
    }

    /// Opens a database by name; `on_blocked` runs when an upgrade has to
    /// wait for other tabs that keep the old version open (the app tells
    /// the user to close or reload them; the open then continues by
    /// itself).
    pub async fn open_with(
        name: &str,
        on_blocked: impl Fn() + 'static,
    ) -> Result<Db, StorageError> {
        let idb = idb::open(
            name,
            schema::latest(),
            Box::new(schema::upgrade),
            on_blocked,
        )
        .await?;
        let tx = idb
            .transaction_with_str_and_mode(META, IdbTransactionMode::Readonly)
            .map_err(js_err)?;
        let meta = tx.object_store(META).map_err(js_err)?;
        let sync = idb::watch(&meta.get(&schema::SYNC_KEY.into()).map_err(js_err)?);
        let stored =
            idb::request(&meta.get(&JsValue::from_str(CLOCK_KEY)).map_err(js_err)?).await?;
        // A viewer's device is read-only from the first moment, before
        // the sync loop has run.
        let sync = idb::settle(sync).await?;
        let read_only = !sync.is_undefined()
            && !serde_json::from_str::<ilgi_core::sync::engine::SyncState>(&String::from(
                js_sys::JSON::stringify(&sync).map_err(js_err)?,
            ))
            .map_err(|e| StorageError::bad_data("sync", e))?
            .writes();
        // Every session (tab, reload) gets its own node, so two open tabs
        // never make the same stamp; it resumes after the newest stamp any
        // session stored, so stamps never go backwards across reloads.
        let clock = if stored.is_undefined() {
            Clock::new(random_node())
        } else {
            let state: ClockState = serde_json::from_str(&String::from(
                js_sys::JSON::stringify(&stored).map_err(js_err)?,
            ))
            .map_err(|e| StorageError::bad_data("clock", e))?;
            Clock::resume(random_node(), state.last)
        };
        Ok(Db {
            idb,
            clock: Rc::new(RefCell::new(clock)),
            tabs: super::tabs::Tabs::new(name),
            closed: Rc::new(std::cell::Cell::new(false)),
            read_only: Rc::new(std::cell::Cell::new(read_only)),
        })
    }

    /// Closes this connection when another tab upgrades the database, then
    /// calls `notify` (the app tells the user to reload).
    /// The connection is never used again after that: every later call
    /// fails with `ErrorKind::Closed` instead of reaching the browser.
    pub fn close_on_version_change(&self, notify: impl Fn() + 'static) {
        let idb = self.idb.clone();
        let closed = self.closed.clone();
        gloo_events::EventListener::new(&self.idb, "versionchange", move |_| {
            closed.set(true);
            idb.close();
            notify();
        })
        // The listener lives as long as the connection.
        .forget();
    }

    /// Closes the connection; later calls fail with `ErrorKind::Closed`.
    pub fn close(&self) {
        self.closed.set(true);
        self.idb.close();
    }

    /// Calls `on_change` for every write another tab (or another
    /// connection) announces, while the returned listener is kept.
    pub fn listen_to_other_tabs(
        &self,
        on_change: impl Fn(super::tabs::Announcement) + 'static,
    ) -> Option<gloo_events::EventListener> {
        self.tabs.listen(on_change)
    }

    /// This connection's writes are not announced to other tabs (the
    /// worker's: one bulk job would otherwise make every tab reload after
    /// each of its transactions). See [`Db::announce_bulk`].
    pub fn without_announcements(mut self) -> Db {
        self.tabs = super::tabs::Tabs::silent();
        self
    }

    /// Tells the other tabs that a bulk write (by the worker) changed
    /// everything: they reload.
    pub fn announce_bulk(&self) {
        self.tabs.announce(&super::tabs::Announcement {
            other: true,
            data: true,
            bulk: true,
            ..Default::default()
        });
    }

    /// Whether the connection was closed (by an upgrade in another tab).
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Makes the person's own writes refused (a viewer) or allowed again.
    pub fn set_read_only(&self, read_only: bool) {
        self.read_only.set(read_only);
    }

    /// Whether the person's own writes are refused (a viewer).
    pub fn is_read_only(&self) -> bool {
        self.read_only.get()
    }

    /// Refuses the person's own writes while signed in as a viewer.
    pub(super) fn check_writes(&self) -> Result<(), StorageError> {
        if self.read_only.get() {
            return Err(StorageError::new(
                super::idb::ErrorKind::ReadOnly,
                // The translated message says it all.
                "",
            ));
        }
        Ok(())
    }

    fn check_open(&self) -> Result<(), StorageError> {
        if self.closed.get() {
            return Err(StorageError::new(
                super::idb::ErrorKind::Closed,
                "the connection was closed for an upgrade in another tab",
            ));
        }
        Ok(())
    }

    /// The one readwrite transaction of the app (over every store): only
    /// the write path in `super::write` calls it.
    pub(super) fn write_tx(&self) -> Result<IdbTransaction, StorageError> {
        self.check_open()?;
        let names = js_sys::Array::new();
        for store in schema::RECORD_STORES.into_iter().chain([PENDING, META]) {
            names.push(&store.into());
        }
        self.idb
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(js_err)
    }

    pub(super) fn read_tx(&self, store: &str) -> Result<IdbTransaction, StorageError> {
        self.check_open()?;
        self.idb
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readonly)
            .map_err(js_err)
    }

    /// One live customer, with their consent decisions (read in the same
    /// transaction).
    pub async fn customer(&self, id: Id) -> Result<Option<Customer>, StorageError> {
        self.check_open()?;
        let stores = js_sys::Array::of2(&CUSTOMERS.into(), &TIMELINE_BLOCKS.into());
        let tx = self
            .idb
            .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readonly)
            .map_err(js_err)?;
        let key = JsValue::from_str(&id.to_string());
        let doc_req = tx
            .object_store(CUSTOMERS)
            .map_err(js_err)?
            .get(&key)
            .map_err(js_err)?;
        let consents_req = tx
            .object_store(TIMELINE_BLOCKS)
            .map_err(js_err)?
            .get(&key)
            .map_err(js_err)?;
        let (doc, consents) = (idb::watch(&doc_req), idb::watch(&consents_req));
        let doc = idb::settle(doc).await?;
        let consents = idb::settle(consents).await?;
        if doc.is_undefined() {
            return Ok(None);
        }
        let doc: Vec<CustomerDocIn> = from_js_array(&js_sys::Array::of1(&doc), "customer")?;
        let Some(mut customer) = doc.into_iter().next().map(|d| d.c).filter(|c| !c.deleted) else {
            return Ok(None);
        };
        if !consents.is_undefined() {
            attach_consents(&mut customer, &decode_consents(&consents)?);
        }
        Ok(Some(customer))
    }

    /// Up to `n` live customers in Turkish name order, after the sort key
    /// `after` (exclusive): the first screen of the list, before the full
    /// index has loaded.
    pub async fn customers_by_name(
        &self,
        after: Option<&str>,
        n: u32,
    ) -> Result<Vec<Customer>, StorageError> {
        let tx = self.read_tx(CUSTOMERS)?;
        let index = tx
            .object_store(CUSTOMERS)
            .map_err(js_err)?
            .index("sk")
            .map_err(js_err)?;
        let range = match after {
            Some(key) => IdbKeyRange::lower_bound_with_open(&key.into(), true)
                .map_err(js_err)?
                .into(),
            None => JsValue::NULL,
        };
        let docs = idb::request(
            &index
                .get_all_with_key_and_limit(&range, n)
                .map_err(js_err)?,
        )
        .await?;
        let docs: Vec<CustomerDocIn> = from_js_array(&docs, "customers")?;
        Ok(docs.into_iter().map(|d| d.c).collect())
    }

    /// Live customers whose index `index` has `key` (`ext`: the external
    /// id).
    pub async fn customers_by_key(
        &self,
        index: &str,
        key: &str,
    ) -> Result<Vec<Customer>, StorageError> {
        let tx = self.read_tx(CUSTOMERS)?;
        let index = tx
            .object_store(CUSTOMERS)
            .map_err(js_err)?
            .index(index)
            .map_err(js_err)?;
        let docs = idb::request(&index.get_all_with_key(&key.into()).map_err(js_err)?).await?;
        let docs: Vec<CustomerDocIn> = from_js_array(&docs, "customers")?;
        Ok(docs
            .into_iter()
            .map(|d| d.c)
            .filter(|c| !c.deleted)
            .collect())
    }

    /// Every document of a store in pages of [`read_page`]
    /// (`getAll(range, n)`), handing each page as the browser gave it.
    /// The next page is requested before this one is handed on, so the
    /// browser reads while the page is decoded.
    async fn read_raw_pages(
        &self,
        store_name: &str,
        mut on_page: impl FnMut(js_sys::Array) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        // Blocks are keyed by customer (`c`), other stores by `id`.
        let key = if schema::BLOCK_STORES.contains(&store_name) {
            "c"
        } else {
            "id"
        };
        let page_size = read_page();
        let request_after = |after: Option<&JsValue>| -> Result<JsFuture, StorageError> {
            let tx = self.read_tx(store_name)?;
            let store = tx.object_store(store_name).map_err(js_err)?;
            let range: JsValue = match after {
                Some(key) => IdbKeyRange::lower_bound_with_open(key, true)
                    .map_err(js_err)?
                    .into(),
                None => JsValue::NULL,
            };
            Ok(idb::watch(
                &store
                    .get_all_with_key_and_limit(&range, page_size)
                    .map_err(js_err)?,
            ))
        };
        let mut next = Some(request_after(None)?);
        while let Some(pending) = next.take() {
            let page: js_sys::Array = idb::settle(pending).await?.unchecked_into();
            let len = page.length();
            if len == 0 {
                break;
            }
            if len == page_size {
                let last = js_sys::Reflect::get(&page.get(len - 1), &key.into()).map_err(js_err)?;
                next = Some(request_after(Some(&last))?);
            }
            on_page(page)?;
        }
        Ok(())
    }

    /// Every record of a store in pages (filtered by `keep`), decoded.
    async fn read_pages<T: for<'de> Deserialize<'de>>(
        &self,
        store_name: &str,
        mut keep: impl FnMut(&JsValue) -> bool,
        mut on_page: impl FnMut(Vec<T>),
    ) -> Result<(), StorageError> {
        self.read_raw_pages(store_name, |page| {
            let kept: js_sys::Array = page.filter(&mut |doc, _, _| keep(&doc));
            on_page(from_js_array::<T>(&kept, store_name)?);
            Ok(())
        })
        .await
    }

    /// Every purchase (tombstones too), a page of customers' blocks at a
    /// time.
    async fn purchase_block_pages(
        &self,
        mut on_page: impl FnMut(Vec<Purchase>),
    ) -> Result<(), StorageError> {
        self.read_raw_pages(PURCHASE_BLOCKS, |page| {
            let mut out = Vec::new();
            for doc in page.iter() {
                out.extend(decode_purchases(&doc)?);
            }
            on_page(out);
            Ok(())
        })
        .await
    }

    /// Every timeline entry (tombstones too), a page of blocks at a time.
    async fn timeline_block_pages(
        &self,
        mut on_page: impl FnMut(Vec<Interaction>),
    ) -> Result<(), StorageError> {
        self.read_raw_pages(TIMELINE_BLOCKS, |page| {
            let mut out = Vec::new();
            for doc in page.iter() {
                out.extend(decode_interactions(&doc)?);
            }
            on_page(out);
            Ok(())
        })
        .await
    }

    /// Every record of a store, calling `progress(read so far)` per page.
    async fn read_all<T: for<'de> Deserialize<'de>>(
        &self,
        store_name: &str,
        mut progress: impl FnMut(usize),
        keep: impl FnMut(&JsValue) -> bool,
    ) -> Result<Vec<T>, StorageError> {
        let mut out = Vec::new();
        self.read_pages(store_name, keep, |page: Vec<T>| {
            out.extend(page);
            progress(out.len());
        })
        .await?;
        Ok(out)
    }

    /// Every live customer, page by page (the list's index is built from
    /// these without holding every customer at once).
    pub async fn customer_pages(
        &self,
        mut on_page: impl FnMut(Vec<Customer>),
    ) -> Result<(), StorageError> {
        self.read_pages(CUSTOMERS, is_live_doc, |docs: Vec<CustomerDocIn>| {
            on_page(docs.into_iter().map(|d| d.c).collect())
        })
        .await
    }

    /// Every live customer with their consent decisions, page by page
    /// (exports: the decisions are read first, by customer).
    pub async fn customer_pages_with_consents(
        &self,
        mut on_page: impl FnMut(Vec<Customer>),
    ) -> Result<(), StorageError> {
        let consents = self.consents_by_customer().await?;
        self.customer_pages(|mut page| {
            for c in &mut page {
                if let Some(records) = consents.get(&c.id) {
                    attach_consents(c, records);
                }
            }
            on_page(page)
        })
        .await
    }

    /// Every live customer with their consent decisions (imports match
    /// against them, segment exports write them).
    pub async fn all_customers_with_consents(
        &self,
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Customer>, StorageError> {
        let mut out = Vec::new();
        self.customer_pages_with_consents(|page| {
            out.extend(page);
            progress(out.len());
        })
        .await?;
        Ok(out)
    }

    /// Every live customer (the list's in-memory index is built from this).
    pub async fn all_customers(
        &self,
        progress: impl FnMut(usize),
    ) -> Result<Vec<Customer>, StorageError> {
        let docs: Vec<CustomerDocIn> = self.read_all(CUSTOMERS, progress, is_live_doc).await?;
        Ok(docs.into_iter().map(|d| d.c).collect())
    }

    /// Every live purchase, page by page (analytics turn each page into
    /// compact rows without holding every purchase at once). A page is up
    /// to 2,000 customers' blocks.
    pub async fn purchase_pages(
        &self,
        mut on_page: impl FnMut(Vec<Purchase>),
    ) -> Result<(), StorageError> {
        self.purchase_block_pages(|page| on_page(page.into_iter().filter(|p| !p.deleted).collect()))
            .await
    }

    /// Every live purchase.
    pub async fn all_purchases(
        &self,
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Purchase>, StorageError> {
        let mut out = Vec::new();
        self.purchase_pages(|page| {
            out.extend(page);
            progress(out.len());
        })
        .await?;
        Ok(out)
    }

    /// Every consent decision (they are never deleted), a page of
    /// customers' blocks at a time.
    pub async fn consent_pages(
        &self,
        mut on_page: impl FnMut(Vec<ConsentRecord>),
    ) -> Result<(), StorageError> {
        self.read_raw_pages(TIMELINE_BLOCKS, |page| {
            let mut out = Vec::new();
            for doc in page.iter() {
                out.extend(decode_consents(&doc)?);
            }
            on_page(out);
            Ok(())
        })
        .await
    }

    /// Every consent decision, by customer.
    pub async fn consents_by_customer(
        &self,
    ) -> Result<std::collections::HashMap<Id, Vec<ConsentRecord>>, StorageError> {
        let mut out: std::collections::HashMap<Id, Vec<ConsentRecord>> =
            std::collections::HashMap::new();
        self.consent_pages(|page| {
            for c in page {
                out.entry(c.customer_id).or_default().push(c);
            }
        })
        .await?;
        Ok(out)
    }

    /// Every live timeline entry.
    pub async fn all_interactions(
        &self,
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Interaction>, StorageError> {
        let mut out = Vec::new();
        self.timeline_block_pages(|page| {
            out.extend(page.into_iter().filter(|i| !i.deleted));
            progress(out.len());
        })
        .await?;
        Ok(out)
    }

    /// Every record including tombstones, page by page (customers, then
    /// purchases, timeline entries, consent decisions and segments): what a
    /// backup streams.
    pub async fn record_pages(
        &self,
        mut on_page: impl FnMut(Vec<Record>),
    ) -> Result<(), StorageError> {
        self.read_pages(
            CUSTOMERS,
            |_| true,
            |docs: Vec<CustomerDocIn>| {
                on_page(docs.into_iter().map(|d| Record::Customer(d.c)).collect())
            },
        )
        .await?;
        self.purchase_block_pages(|page| on_page(page.into_iter().map(Record::Purchase).collect()))
            .await?;
        self.timeline_block_pages(|page| {
            on_page(page.into_iter().map(Record::Interaction).collect())
        })
        .await?;
        self.consent_pages(|page| on_page(page.into_iter().map(Record::Consent).collect()))
            .await?;
        self.read_pages(
            SEGMENTS,
            |_| true,
            |page: Vec<SavedSegment>| on_page(page.into_iter().map(Record::Segment).collect()),
        )
        .await?;
        self.read_pages(
            CASES,
            |_| true,
            |page: Vec<Case>| on_page(page.into_iter().map(Record::Case).collect()),
        )
        .await?;
        self.read_raw_pages(CASE_JOURNEYS, |page| {
            let mut out = Vec::new();
            for doc in page.iter() {
                out.extend(decode_case_events(&doc)?.into_iter().map(Record::CaseEvent));
            }
            on_page(out);
            Ok(())
        })
        .await?;
        self.read_pages(
            RULES,
            |_| true,
            |page: Vec<RulesRecord>| on_page(page.into_iter().map(Record::Rules).collect()),
        )
        .await?;
        self.read_pages(
            MENTIONS,
            |_| true,
            |page: Vec<Mention>| on_page(page.into_iter().map(Record::Mention).collect()),
        )
        .await
    }

    /// Every social post (tombstones left out), newest first.
    pub async fn mentions(&self) -> Result<Vec<Mention>, StorageError> {
        let mut all: Vec<Mention> = self.read_all(MENTIONS, |_| {}, |_| true).await?;
        all.retain(|m| !m.deleted);
        all.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        Ok(all)
    }

    /// The live posts linked to a customer, newest first.
    pub async fn mentions_of(&self, customer: Id) -> Result<Vec<Mention>, StorageError> {
        let mut all = self.mentions().await?;
        all.retain(|m| m.customer_id == Some(customer));
        Ok(all)
    }

    /// Every case (tombstones left out), oldest first.
    pub async fn cases(&self) -> Result<Vec<Case>, StorageError> {
        let mut all: Vec<Case> = self.read_all(CASES, |_| {}, |_| true).await?;
        all.retain(|c| !c.deleted);
        all.sort_by_key(|c| (c.created_at, c.id));
        Ok(all)
    }

    /// Every case's journey, by case.
    pub async fn journeys(&self) -> Result<HashMap<Id, Vec<CaseEvent>>, StorageError> {
        let mut out: HashMap<Id, Vec<CaseEvent>> = HashMap::new();
        self.read_raw_pages(CASE_JOURNEYS, |page| {
            for doc in page.iter() {
                for event in decode_case_events(&doc)? {
                    out.entry(event.case_id).or_default().push(event);
                }
            }
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// One live case and its journey (read in one transaction).
    pub async fn case(&self, id: Id) -> Result<Option<(Case, Vec<CaseEvent>)>, StorageError> {
        self.check_open()?;
        let stores = js_sys::Array::of2(&CASES.into(), &CASE_JOURNEYS.into());
        let tx = self
            .idb
            .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readonly)
            .map_err(js_err)?;
        let key = JsValue::from_str(&id.to_string());
        let case_req = tx
            .object_store(CASES)
            .map_err(js_err)?
            .get(&key)
            .map_err(js_err)?;
        let journey_req = tx
            .object_store(CASE_JOURNEYS)
            .map_err(js_err)?
            .get(&key)
            .map_err(js_err)?;
        let (case, journey) = (idb::watch(&case_req), idb::watch(&journey_req));
        let case = idb::settle(case).await?;
        let journey = idb::settle(journey).await?;
        if case.is_undefined() {
            return Ok(None);
        }
        let case: Vec<Case> = from_js_array(&js_sys::Array::of1(&case), CASES)?;
        let Some(case) = case.into_iter().next().filter(|c| !c.deleted) else {
            return Ok(None);
        };
        let events = if journey.is_undefined() {
            Vec::new()
        } else {
            decode_case_events(&journey)?
        };
        Ok(Some((case, events)))
    }

    /// The workspace's triage rule set, if one was saved.
    pub async fn rules(&self) -> Result<Option<RulesRecord>, StorageError> {
        let tx = self.read_tx(RULES)?;
        let doc = idb::request(
            &tx.object_store(RULES)
                .map_err(js_err)?
                .get(&rules_id().to_string().into())
                .map_err(js_err)?,
        )
        .await?;
        if doc.is_undefined() {
            return Ok(None);
        }
        let record: Vec<RulesRecord> = from_js_array(&js_sys::Array::of1(&doc), RULES)?;
        Ok(record.into_iter().next().filter(|r| !r.deleted))
    }

    /// Every live saved segment, by name (Turkish order).
    pub async fn segments(&self) -> Result<Vec<SavedSegment>, StorageError> {
        let mut all: Vec<SavedSegment> = self.read_all(SEGMENTS, |_| {}, |_| true).await?;
        all.retain(|s| !s.deleted);
        all.sort_by(|a, b| text::tr_cmp(&a.name, &b.name).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// One live saved segment.
    pub async fn segment(&self, id: Id) -> Result<Option<SavedSegment>, StorageError> {
        let tx = self.read_tx(SEGMENTS)?;
        let doc = idb::request(
            &tx.object_store(SEGMENTS)
                .map_err(js_err)?
                .get(&id.to_string().into())
                .map_err(js_err)?,
        )
        .await?;
        if doc.is_undefined() {
            return Ok(None);
        }
        let json: String = js_sys::JSON::stringify(&doc).map_err(js_err)?.into();
        let segment: SavedSegment =
            serde_json::from_str(&json).map_err(|e| StorageError::bad_data(SEGMENTS, e))?;
        Ok((!segment.deleted).then_some(segment))
    }

    /// One customer's block of `store` as stored (undefined when none).
    async fn block_doc(&self, store_name: &str, customer: Id) -> Result<JsValue, StorageError> {
        let tx = self.read_tx(store_name)?;
        idb::request(
            &tx.object_store(store_name)
                .map_err(js_err)?
                .get(&customer.to_string().into())
                .map_err(js_err)?,
        )
        .await
    }

    /// A customer's live purchases, newest first.
    pub async fn purchases_of(&self, customer: Id) -> Result<Vec<Purchase>, StorageError> {
        let doc = self.block_doc(PURCHASE_BLOCKS, customer).await?;
        let mut all = if doc.is_undefined() {
            Vec::new()
        } else {
            decode_purchases(&doc)?
        };
        all.retain(|p| !p.deleted);
        all.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        Ok(all)
    }

    /// A customer's live timeline, newest first.
    pub async fn interactions_of(&self, customer: Id) -> Result<Vec<Interaction>, StorageError> {
        let doc = self.block_doc(TIMELINE_BLOCKS, customer).await?;
        let mut all = if doc.is_undefined() {
            Vec::new()
        } else {
            decode_interactions(&doc)?
        };
        all.retain(|i| !i.deleted);
        all.sort_by_key(|i| std::cmp::Reverse(i.at));
        Ok(all)
    }

    /// The sync state: account, pull cursor, last sync (the default
    /// when this device never signed in).
    pub async fn sync_state(&self) -> Result<ilgi_core::sync::engine::SyncState, StorageError> {
        let tx = self.read_tx(META)?;
        let value = idb::request(
            &tx.object_store(META)
                .map_err(js_err)?
                .get(&schema::SYNC_KEY.into())
                .map_err(js_err)?,
        )
        .await?;
        if value.is_undefined() {
            return Ok(Default::default());
        }
        let json: String = js_sys::JSON::stringify(&value).map_err(js_err)?.into();
        serde_json::from_str(&json).map_err(|e| StorageError::bad_data("sync", e))
    }

    /// Record counts (live customers via the name index).
    pub async fn counts(&self) -> Result<Counts, StorageError> {
        let names = js_sys::Array::of2(&CUSTOMERS.into(), &META.into());
        let tx = self
            .idb
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly)
            .map_err(js_err)?;
        let customers = idb::watch(
            &tx.object_store(CUSTOMERS)
                .map_err(js_err)?
                .index("sk")
                .map_err(js_err)?
                .count()
                .map_err(js_err)?,
        );
        let meta = tx.object_store(META).map_err(js_err)?;
        let pending = idb::watch(&meta.get(&PENDING_KEY.into()).map_err(js_err)?);
        let live = idb::watch(&meta.get(&COUNTS_KEY.into()).map_err(js_err)?);
        let number = |v: JsValue| v.as_f64().unwrap_or(0.0) as u32;
        let customers = number(idb::settle(customers).await?);
        let pending = number(idb::settle(pending).await?);
        let live = idb::settle(live).await?;
        let live: super::write::LiveCounts = if live.is_undefined() {
            Default::default()
        } else {
            from_js_array::<super::write::LiveCounts>(&js_sys::Array::of1(&live), "counts")?
                .pop()
                .unwrap_or_default()
        };
        Ok(Counts {
            customers,
            purchases: live.purchases as u32,
            interactions: live.interactions as u32,
            pending,
        })
    }
}
