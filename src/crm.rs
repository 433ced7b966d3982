//! The customer database as app state: the open [`Db`], the in-memory
//! search index of every live customer, and the load status.
//!
//! At start the database opens and every live customer is read (in pages,
//! with progress) into `ilgi_core::query::SearchIndex` plus one compact
//! [`ListRow`] per customer; the list answers each keystroke from there.
//! Until then the list shows the first page straight from the name index, so
//! a large database paints quickly. Every write goes through [`Crm::apply`]
//! (the storage layer's one write path), which also updates the index.

use std::collections::HashMap;

use ilgi_core::model::{Batch, Customer, Id, Record, Tier};
use ilgi_core::query::{CustomerQuery, IndexBuilder, ResultPage, SearchIndex};
use leptos::prelude::*;

use crate::jobs::{record_timing, yield_to_browser};
use crate::storage::{Announcement, Db, StorageError};
use crate::toast::Toasts;

/// What the list shows for one customer (hashed as the list's row key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListRow {
    pub id: Id,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub tier: Tier,
    /// Platforms and the largest follower count.
    pub social: Vec<&'static str>,
    pub followers: u64,
    pub tags: Vec<String>,
}

impl ListRow {
    pub fn of(c: &Customer) -> ListRow {
        ListRow {
            id: c.id,
            name: c.full_name(),
            email: c.emails.first().map(|e| e.as_str().to_string()),
            phone: c.phones.first().map(|p| p.display()),
            city: c.city.clone(),
            tier: c.tier,
            social: c
                .identities
                .iter()
                .map(|i| i.handle.platform().name())
                .collect(),
            followers: c.identities.iter().map(|i| i.followers).max().unwrap_or(0),
            tags: c.tags.clone(),
        }
    }
}

/// Where the database is in its start-up.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Opening,
    /// Reading customers into the index; `read` so far.
    Loading {
        read: usize,
    },
    Ready,
    /// Opening or loading (also a later reload) failed; the list shows
    /// the error instead of "loading".
    Failed(StorageError),
    /// Another tab upgraded the database; this tab must reload.
    Closed,
}

#[derive(Default)]
struct Loaded {
    index: SearchIndex,
    rows: HashMap<Id, ListRow>,
}

/// The database context.
#[derive(Clone, Copy)]
pub struct Crm {
    db: StoredValue<Option<Db>, LocalStorage>,
    loaded: StoredValue<Loaded>,
    status: RwSignal<Status>,
    /// Bumped after every change to the data, so views re-query.
    revision: RwSignal<u64>,
    /// Bumped only when customers or purchases change: what the value
    /// analysis reads (saving a segment or a note does not redo it).
    data_revision: RwSignal<u64>,
    /// Turns true when the database has opened.
    opened: RwSignal<bool>,
    /// Case records (cases, journey events, the rule set) written since
    /// the case desk last took them, so it patches instead of re-reading
    /// 10,000 cases after each write ([`Crm::take_case_changes`]).
    case_changes: StoredValue<Vec<Record>>,
    /// Bumped when case data changed in a way the log does not carry (a
    /// bulk write, a reload, another tab): the desk reads everything again.
    case_epoch: StoredValue<u64>,
    toasts: Toasts,
}

impl Crm {
    pub fn status(&self) -> Status {
        self.status.get()
    }

    /// Tracked by views that must refresh after writes.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// [`Crm::revision`] without tracking.
    pub fn revision_untracked(&self) -> u64 {
        self.revision.get_untracked()
    }

    /// The revision of customers and purchases only (tracked).
    pub fn data_revision(&self) -> u64 {
        self.data_revision.get()
    }

    /// [`Crm::data_revision`] without tracking.
    pub fn data_revision_untracked(&self) -> u64 {
        self.data_revision.get_untracked()
    }

    /// Whether the database is open (tracked; turns true once). Views that
    /// must read a record once, not after every write, track this instead
    /// of the revision.
    pub fn is_open(&self) -> bool {
        self.opened.get()
    }

    /// The open database, once it is open.
    pub fn db(&self) -> Option<Db> {
        self.db.with_value(|db| db.clone())
    }

    /// The ids matching `query` (tracks the revision).
    pub fn query(&self, query: &CustomerQuery) -> Vec<Id> {
        self.revision.track();
        self.loaded.with_value(|l| {
            let started = now();
            let ids = l.index.run(query);
            record_search_time(now() - started);
            ids
        })
    }

    /// Page `page` (1-based, clamped to the last) of the ids matching
    /// `query` and how many match in all (tracks the revision).
    pub fn query_page(&self, query: &CustomerQuery, page: usize, page_size: usize) -> ResultPage {
        self.revision.track();
        self.loaded.with_value(|l| {
            let started = now();
            let found = l.index.run_page(query, page, page_size);
            record_search_time(now() - started);
            found
        })
    }

    /// How many live customers the index holds (tracks the revision).
    pub fn len(&self) -> usize {
        self.revision.track();
        self.loaded.with_value(|l| l.index.len())
    }

    /// [`Crm::len`] without tracking.
    pub fn len_untracked(&self) -> usize {
        self.loaded.with_value(|l| l.index.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// List rows for ids (missing ids are skipped).
    pub fn rows(&self, ids: &[Id]) -> Vec<ListRow> {
        self.loaded.with_value(|l| {
            ids.iter()
                .filter_map(|id| l.rows.get(id).cloned())
                .collect()
        })
    }

    /// Cities, tags and tiers with counts (tracks the revision).
    pub fn facets(&self) -> ilgi_core::query::Facets {
        self.revision.track();
        self.loaded.with_value(|l| l.index.facets())
    }

    /// Writes a batch through the one write path and updates the index.
    pub async fn apply(&self, batch: Batch) -> Result<Vec<Record>, StorageError> {
        let db = self.require_db()?;
        let written = db.apply(batch).await?;
        self.absorb(&written.records);
        Ok(written.records)
    }

    /// Takes written records into the index (customers only; purchases
    /// and interactions only bump the revision so open pages refresh).
    pub fn absorb(&self, records: &[Record]) {
        self.loaded.update_value(|l| {
            let mut live = Vec::new();
            for record in records {
                if let Record::Customer(c) = record {
                    if c.deleted {
                        l.index.remove(c.id);
                        l.rows.remove(&c.id);
                    } else {
                        l.rows.insert(c.id, ListRow::of(c));
                        live.push(c);
                    }
                }
            }
            l.index.upsert_many(live);
        });
        let cases: Vec<Record> = records
            .iter()
            .filter(|r| matches!(r, Record::Case(_) | Record::CaseEvent(_) | Record::Rules(_)))
            .cloned()
            .collect();
        if !cases.is_empty() {
            self.case_changes.update_value(|log| log.extend(cases));
        }
        if !records.is_empty() {
            self.revision.update(|r| *r += 1);
        }
        if records
            .iter()
            .any(|r| matches!(r, Record::Customer(_) | Record::Purchase(_)))
        {
            self.data_revision.update(|r| *r += 1);
        }
    }

    /// The case records written since the last call, and the case epoch
    /// (a different epoch: read every case again, the log is not enough).
    pub fn take_case_changes(&self) -> (u64, Vec<Record>) {
        let epoch = self.case_epoch.get_value();
        let mut log = Vec::new();
        self.case_changes
            .update_value(|l| std::mem::swap(l, &mut log));
        (epoch, log)
    }

    /// Says that case data changed beyond the log (bulk writes, restores,
    /// other tabs).
    fn cases_changed_in_bulk(&self) {
        self.case_changes.update_value(Vec::clear);
        self.case_epoch.update_value(|e| *e += 1);
    }

    /// Re-reads every customer into the index (after bulk writes and
    /// resets, which are cheaper to reload than to patch). On failure the
    /// status becomes [`Status::Failed`] (or stays [`Status::Closed`]), never
    /// stuck on loading, and the previous index is kept.
    pub async fn reload(&self) -> Result<(), StorageError> {
        if self.status.get_untracked() == Status::Closed {
            return Err(StorageError::new(
                crate::storage::ErrorKind::Closed,
                "the database was closed for an upgrade in another tab",
            ));
        }
        self.cases_changed_in_bulk();
        let result = self.read_index().await;
        if let Err(e) = &result
            && self.status.get_untracked() != Status::Closed
        {
            self.status.set(Status::Failed(e.clone()));
        }
        result
    }

    async fn read_index(&self) -> Result<(), StorageError> {
        let db = self.require_db()?;
        self.status.set(Status::Loading { read: 0 });
        let status = self.status;
        let started = now();
        mark("ilgi:index-start");
        // Sized from the count, so neither the index nor the rows' map
        // grows while reading (a map of 100,000 rows moving to a larger
        // table is a long task of its own).
        let expected = db.counts().await?.customers as usize;
        // The index is built page by page while reading (folding and sort
        // keys are the costly part), so the page stays responsive.
        let mut builder = IndexBuilder::with_capacity(expected);
        let mut rows = HashMap::with_capacity(expected);
        let mut longest_page = 0f64;
        db.customer_pages(|page| {
            let page_started = now();
            builder.add(&page);
            rows.extend(page.iter().map(|c| (c.id, ListRow::of(c))));
            status.set(Status::Loading { read: rows.len() });
            longest_page = longest_page.max(now() - page_started);
        })
        .await?;
        mark("ilgi:index-read");
        // Sorting every order of 100,000 customers at once is a task of
        // 150-300 ms: it runs in bounded steps (a few ms each), and the
        // browser gets a turn whenever most of a frame has passed.
        let mut finishing = builder.finish_steps();
        let (mut longest_step, mut sorting) = (0f64, 0f64);
        let mut since_yield = now();
        loop {
            let step_started = now();
            let more = finishing.step();
            let step = now() - step_started;
            longest_step = longest_step.max(step);
            sorting += step;
            if !more {
                break;
            }
            if now() - since_yield > YIELD_AFTER_MS {
                yield_to_browser().await;
                since_yield = now();
            }
        }
        mark("ilgi:index-sorted");
        let fresh = Loaded {
            index: finishing.finish(),
            rows,
        };
        let old = self
            .loaded
            .try_update_value(|l| std::mem::replace(l, fresh));
        self.status.set(Status::Ready);
        self.revision.update(|r| *r += 1);
        self.data_revision.update(|r| *r += 1);
        mark("ilgi:index-swapped");
        // For the benchmarks (the longest of each is what a task costs).
        record_timing("index_read_page_longest_ms", longest_page);
        record_timing("index_finish_step_longest_ms", longest_step);
        record_timing("index_finish_ms", sorting);
        record_timing("index_reload_ms", now() - started);
        if let Some(old) = old {
            drop_in_steps(old).await;
            mark("ilgi:index-freed");
        }
        Ok(())
    }

    /// Takes in a write announced by another tab: a bulk write reloads
    /// everything, an edit re-reads the customers it touched.
    async fn follow_other_tab(&self, what: Announcement) {
        // The announcement names customers only: cases are read again.
        self.cases_changed_in_bulk();
        if what.bulk {
            if let Err(e) = self.reload().await {
                self.report(&e);
            }
            return;
        }
        let Ok(db) = self.require_db() else { return };
        let mut live = Vec::new();
        let mut gone = Vec::new();
        for id in &what.customers {
            match db.customer(*id).await {
                Ok(Some(c)) => live.push(c),
                Ok(None) => gone.push(*id),
                Err(e) => {
                    self.report(&e);
                    return;
                }
            }
        }
        self.loaded.update_value(|l| {
            for id in &gone {
                l.index.remove(*id);
                l.rows.remove(id);
            }
            for c in &live {
                l.rows.insert(c.id, ListRow::of(c));
            }
            l.index.upsert_many(live.iter());
        });
        self.revision.update(|r| *r += 1);
        if what.data {
            self.data_revision.update(|r| *r += 1);
        }
    }

    fn require_db(&self) -> Result<Db, StorageError> {
        self.db().ok_or_else(StorageError::not_open)
    }

    /// Shows a storage error as a toast.
    pub fn report(&self, error: &StorageError) {
        self.toasts.error_key(error.key(), error.detail.clone());
    }
}

/// How long the page thread works on a reload before it lets the browser
/// paint and handle input (most of a 16 ms frame).
const YIELD_AFTER_MS: f64 = 12.0;

/// Frees a replaced index and its rows (at 100,000 customers, half a
/// million small allocations) a slice at a time, after letting the list
/// render the new index, yielding whenever most of a frame has passed.
async fn drop_in_steps(old: Loaded) {
    let Loaded { index, rows } = old;
    yield_to_browser().await;
    let mut since_yield = now();
    let mut pause = async || {
        if now() - since_yield > YIELD_AFTER_MS {
            yield_to_browser().await;
            since_yield = now();
        }
    };
    let mut freeing = index.free_in_steps();
    let mut longest = 0f64;
    loop {
        let step_started = now();
        let more = freeing.step();
        longest = longest.max(now() - step_started);
        if !more {
            break;
        }
        pause().await;
    }
    record_timing("index_free_step_longest_ms", longest);
    let mut rows = rows.into_iter();
    while rows.by_ref().take(2_000).count() > 0 {
        pause().await;
    }
}

/// A `performance.mark` (the browser's performance panel and the
/// benchmarks place long tasks between them).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Keeps the last search durations on `window.__ilgiSearchMs` (for the
/// benchmark, which reads them; cheap enough to keep in production).
fn record_search_time(ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = wasm_bindgen::JsValue::from_str("__ilgiSearchMs");
    let list = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let arr = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&window, &key, &arr);
            arr.into()
        });
    let list: js_sys::Array = wasm_bindgen::JsCast::unchecked_into(list);
    if list.length() > 10_000 {
        list.splice(0, 5_000, &wasm_bindgen::JsValue::UNDEFINED);
    }
    list.push(&ms.into());
}

/// Opens the database, loads the index and provides the context.
pub fn provide_crm(toasts: Toasts) -> Crm {
    let crm = Crm {
        db: StoredValue::new_local(None),
        loaded: StoredValue::new(Loaded::default()),
        status: RwSignal::new(Status::Opening),
        revision: RwSignal::new(0),
        data_revision: RwSignal::new(0),
        opened: RwSignal::new(false),
        case_changes: StoredValue::new(Vec::new()),
        case_epoch: StoredValue::new(0),
        toasts,
    };
    provide_context(crm);
    leptos::task::spawn_local(async move {
        // An upgrade that waits for other tabs says so, and goes on by
        // itself once they close or reload.
        let blocked = move || toasts.error_key("storage-blocked", String::new());
        let db = match Db::open_with(crate::storage::schema::DB_NAME, blocked).await {
            Ok(db) => db,
            Err(e) => {
                crm.report(&e);
                crm.status.set(Status::Failed(e));
                return;
            }
        };
        let status = crm.status;
        db.close_on_version_change(move || {
            status.set(Status::Closed);
            toasts.error_key("storage-other-tab-upgraded", String::new());
        });
        // Writes in other tabs reach this one: the index and open pages
        // follow without a reload. The listener lives as long as the app.
        if let Some(listener) = db.listen_to_other_tabs(move |what| {
            leptos::task::spawn_local(async move { crm.follow_other_tab(what).await });
        }) {
            listener.forget();
        }
        crm.db.set_value(Some(db));
        crm.opened.set(true);
        crm.revision.update(|r| *r += 1);
        if let Err(e) = crm.reload().await {
            crm.report(&e);
        }
    });
    crm
}

/// The database context provided by [`provide_crm`].
pub fn use_crm() -> Crm {
    expect_context::<Crm>()
}
