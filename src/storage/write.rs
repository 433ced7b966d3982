//! The write path: the only code that opens a readwrite transaction.
//!
//! - [`Db::apply`]: a batch of edits. Inside one transaction it reads the
//!   installation's sequence, the newest stored stamp and the stored copy
//!   of every edited record; seals the batch (core `Batch::seal`); checks
//!   each edit against what is stored now (an edit made on a stale copy
//!   merges per field, and when a field it changes was changed underneath
//!   it is refused with [`ErrorKind::Conflict`]); writes the merged records,
//!   one outbox row with the batch's mutations, and the clock, sequence and
//!   pending count.
//! - [`BulkTx`] (the documented bulk variant): imports, demo data,
//!   restores and reset. Many batches in one all-or-nothing transaction,
//!   pipelined; edits merge against the base the caller read (no read per
//!   record), which is what makes a 100,000-record import fast.
//! - [`Db::apply_remote`]: changes from elsewhere (sync, a merge-restore).
//!   They merge through core with their own stamps, advance the clock
//!   (refusing stamps from the far future) and write no outbox entry, so
//!   pulled data is never pushed back.
//! - [`Db::apply_remote_page`]: a page pulled from the sync server, put
//!   as the server merged it (no merge link is followed) with the pull
//!   cursor in the same transaction, so a page is never taken twice or
//!   skipped.
//! - The outbox: [`Db::outbox`], [`Db::outbox_page`], [`Db::ack`],
//!   [`Db::compact_outbox`], [`Db::pending_count`], [`Db::requeue_all`].
//! - The sync state ([`Db::update_sync_state`]) and the installation's
//!   client id ([`Db::new_client_id`]).
//!
//! Every committed write is announced to the other tabs (`super::tabs`).

use ilgi_core::model::{Batch, Entity, Id, Record, Sealed, Sequence};
use ilgi_core::sync::engine::{SyncState, page_before};
use ilgi_core::sync::outbox::{CreatedRef, OutboxRow, Pending, ack, compact_rows, expand};
use ilgi_core::sync::protocol::Change;
use ilgi_core::sync::{self, Mutation, conflicts, follow_merge};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbKeyRange, IdbRequest, IdbTransaction};

use super::blocks::{Stage, Watching, store_of};
use super::db::{ClockState, Db, js_err, new_id, now_millis};
use super::idb::{self, ErrorKind, StorageError};
use super::schema::{
    CLOCK_KEY, COUNTS_KEY, META, PENDING, PENDING_KEY, RECORD_STORES, SEQUENCE_KEY, SYNC_KEY,
};
use super::tabs::Announcement;

/// What a write stored: the records as merged and their mutations.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub records: Vec<Record>,
    pub mutations: Vec<Mutation>,
}

impl Written {
    fn announcement(&self, bulk: bool) -> Announcement {
        announcement_of(&self.records, bulk)
    }
}

fn announcement_of(records: &[Record], bulk: bool) -> Announcement {
    let mut a = Announcement {
        bulk,
        ..Announcement::default()
    };
    for r in records {
        match r {
            Record::Customer(c) => {
                a.customers.push(c.id);
                a.data = true;
            }
            Record::Purchase(_) => {
                a.other = true;
                a.data = true;
            }
            _ => a.other = true,
        }
    }
    a
}

fn to_js<T: serde::Serialize>(value: &T, what: &str) -> Result<JsValue, StorageError> {
    let json = serde_json::to_string(value).map_err(|e| StorageError::bad_data(what, e))?;
    js_sys::JSON::parse(&json).map_err(js_err)
}

fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, StorageError> {
    let json: String = js_sys::JSON::stringify(value).map_err(js_err)?.into();
    serde_json::from_str(&json).map_err(|e| StorageError::bad_data(what, e))
}

/// Where an incoming mutation's record lives: its customer's block for a
/// purchase or timeline entry (which every such mutation must name).
fn locate(m: &Mutation) -> Result<Option<Id>, StorageError> {
    if ilgi_core::sync::Shape::of(m.entity).container.is_none() {
        return Ok(None);
    }
    m.container().map(Some).ok_or_else(|| {
        StorageError::new(
            ErrorKind::Data,
            format!(
                "{} {}: the change does not name its customer_id",
                store_of(m.entity),
                m.id
            ),
        )
    })
}

/// What a write transaction keeps in `meta`.
struct MetaState {
    sequence: Sequence,
    pending: u64,
    /// Live purchases and timeline entries.
    counts: [u64; 2],
}

impl MetaState {
    fn count(&mut self, delta: [i64; 2]) {
        for (count, d) in self.counts.iter_mut().zip(delta) {
            *count = (*count as i64 + d).max(0) as u64;
        }
    }
}

/// The live counts as stored in `meta`.
#[derive(serde::Serialize, serde::Deserialize, Default)]
pub(super) struct LiveCounts {
    pub(super) purchases: u64,
    pub(super) interactions: u64,
}

impl Db {
    /// Reads the sequence, the pending count and the newest stored stamp
    /// inside `tx`, and moves this session's clock past that stamp (another
    /// tab may have written since).
    async fn read_meta(&self, tx: &IdbTransaction) -> Result<MetaState, StorageError> {
        let meta = tx.object_store(META).map_err(js_err)?;
        let seq = idb::watch(&meta.get(&SEQUENCE_KEY.into()).map_err(js_err)?);
        let pending = idb::watch(&meta.get(&PENDING_KEY.into()).map_err(js_err)?);
        let clock = idb::watch(&meta.get(&CLOCK_KEY.into()).map_err(js_err)?);
        let counts = idb::watch(&meta.get(&COUNTS_KEY.into()).map_err(js_err)?);
        let seq = idb::settle(seq).await?;
        let pending = idb::settle(pending).await?;
        let clock = idb::settle(clock).await?;
        let counts = idb::settle(counts).await?;
        let counts: LiveCounts = if counts.is_undefined() {
            LiveCounts::default()
        } else {
            from_js(&counts, "counts")?
        };
        let sequence = if seq.is_undefined() {
            Sequence::new(new_id())
        } else {
            from_js(&seq, "sequence")?
        };
        if !clock.is_undefined() {
            let stored: ClockState = from_js(&clock, "clock")?;
            let mut mine = self.clock.borrow_mut();
            if stored.last > mine.last() {
                *mine = ilgi_core::model::Clock::resume(mine.last().node, stored.last);
            }
        }
        Ok(MetaState {
            sequence,
            pending: pending.as_f64().unwrap_or(0.0) as u64,
            counts: [counts.purchases, counts.interactions],
        })
    }

    /// Writes the sequence, the pending count and the clock.
    fn write_meta(
        &self,
        tx: &IdbTransaction,
        state: &MetaState,
    ) -> Result<IdbRequest, StorageError> {
        let meta = tx.object_store(META).map_err(js_err)?;
        meta.put_with_key(&to_js(&state.sequence, "sequence")?, &SEQUENCE_KEY.into())
            .map_err(js_err)?;
        meta.put_with_key(
            &JsValue::from_f64(state.pending as f64),
            &PENDING_KEY.into(),
        )
        .map_err(js_err)?;
        let counts = LiveCounts {
            purchases: state.counts[0],
            interactions: state.counts[1],
        };
        meta.put_with_key(&to_js(&counts, "counts")?, &COUNTS_KEY.into())
            .map_err(js_err)?;
        let last = self.clock.borrow().last();
        let clock = ClockState {
            node: last.node,
            last,
        };
        meta.put_with_key(&to_js(&clock, "clock")?, &CLOCK_KEY.into())
            .map_err(js_err)
    }

    fn seal(&self, batch: Batch, sequence: &mut Sequence) -> Vec<Sealed> {
        let mut clock = self.clock.borrow_mut();
        batch.seal(&mut clock, now_millis(), sequence)
    }

    /// The write path: seals `batch`, merges each edit with the stored
    /// record, writes the records and their outbox row in one transaction,
    /// commits, and tells the other tabs.
    pub async fn apply(&self, batch: Batch) -> Result<Written, StorageError> {
        self.check_writes()?;
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        match self.apply_in(&tx, batch).await {
            Ok(written) => {
                idb::commit(&tx, finished).await?;
                self.tabs.announce(&written.announcement(false));
                Ok(written)
            }
            Err(e) => {
                let _ = tx.abort();
                let _ = finished.await;
                Err(e)
            }
        }
    }

    async fn apply_in(&self, tx: &IdbTransaction, batch: Batch) -> Result<Written, StorageError> {
        let singles = batch
            .entries()
            .iter()
            .filter(|e| e.base.is_some() && e.record.container().is_none())
            .map(|e| (e.record.entity(), e.record.id()));
        let blocks = batch
            .entries()
            .iter()
            .filter_map(|e| Some((e.record.entity(), e.record.container()?)));
        let watching = Watching::start(tx, singles, blocks)?;
        let mut meta = self.read_meta(tx).await?;
        let mut stage = watching.load().await?;
        let sealed = self.seal(batch, &mut meta.sequence);
        let mut records = Vec::with_capacity(sealed.len());
        for s in &sealed {
            let key = (s.mutation.entity, s.mutation.id);
            let container = s.record.container();
            if let Some(base) = &s.base
                && base.container() != container
            {
                return Err(StorageError::bad_data(
                    store_of(key.0),
                    "a purchase or timeline entry cannot move to another customer",
                ));
            }
            let current = stage.stored(key.0, key.1, container).cloned();
            if let (Some(base), Some(current)) = (&s.base, &current) {
                if current.is_deleted() && !s.mutation.deleted {
                    return Err(StorageError::new(ErrorKind::Gone, key.1.to_string()));
                }
                if current.version() != base.version() {
                    let clash = conflicts(base, current, &s.mutation);
                    if !clash.is_empty() {
                        return Err(StorageError::new(ErrorKind::Conflict, clash.join(", ")));
                    }
                }
            }
            let record = s
                .resolve(current.as_ref())
                .map_err(|e| StorageError::bad_data(store_of(key.0), e))?;
            stage.write(record.clone());
            records.push(record);
        }
        stage.flush(tx)?;
        meta.count(stage.delta);
        if let Some(row) = OutboxRow::of_sealed(&sealed) {
            meta.pending += row.len() as u64;
            tx.object_store(PENDING)
                .map_err(js_err)?
                .put(&to_js(&row, "outbox")?)
                .map_err(js_err)?;
        }
        self.write_meta(tx, &meta)?;
        Ok(Written {
            records,
            mutations: sealed.iter().map(Sealed::wire_mutation).collect(),
        })
    }

    /// Starts an all-or-nothing bulk write (imports, demo data): many
    /// batches in one transaction, so cancelling or a crash leaves the
    /// database as it was.
    pub async fn begin_bulk(&self) -> Result<BulkTx, StorageError> {
        self.check_writes()?;
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let meta = match self.read_meta(&tx).await {
            Ok(meta) => meta,
            Err(e) => {
                let _ = tx.abort();
                let _ = finished.await;
                return Err(e);
            }
        };
        Ok(BulkTx {
            db: self.clone(),
            tx,
            finished: Some(finished),
            pending: None,
            written: 0,
            meta,
            announce: Announcement {
                bulk: true,
                data: true,
                other: true,
                ..Announcement::default()
            },
        })
    }

    /// Like [`Db::begin_bulk`], but the transaction first empties every
    /// record store and the outbox: "replace everything" and reset. The
    /// sequence and the clock go on (numbers and stamps are never reused).
    pub async fn begin_replace(&self) -> Result<BulkTx, StorageError> {
        let mut bulk = self.begin_bulk().await?;
        for store in RECORD_STORES.into_iter().chain([PENDING]) {
            let cleared = bulk.tx.object_store(store).and_then(|s| s.clear());
            if let Err(e) = cleared {
                bulk.abort().await;
                return Err(js_err(e));
            }
        }
        bulk.meta.pending = 0;
        bulk.meta.counts = [0, 0];
        Ok(bulk)
    }

    /// Wipes every record and the outbox: "Reset" on this device (through
    /// the bulk variant of the write path). The clock and the sequence stay.
    pub async fn clear_all(&self) -> Result<(), StorageError> {
        let mut bulk = self.begin_replace().await?;
        bulk.write(Batch::new()).await?;
        bulk.commit().await
    }

    /// Applies changes that came from elsewhere (sync, a merge-restore):
    /// each merges with the stored record through core, keeping its
    /// stamps; a change for a customer who was merged into another follows
    /// the link. Nothing goes to the outbox. All or nothing: a change
    /// stamped too far in the future ([`ErrorKind::Drift`]) or with an
    /// invalid value ([`ErrorKind::Data`], naming the field) refuses the
    /// whole set. Returns the records as stored.
    pub async fn apply_remote(&self, mutations: &[Mutation]) -> Result<Vec<Record>, StorageError> {
        let now = now_millis().max(0) as u64;
        {
            let mut probe = *self.clock.borrow();
            for m in mutations {
                probe
                    .observe(m.stamp, now)
                    .map_err(|e| StorageError::new(ErrorKind::Drift, e.to_string()))?;
            }
        }
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result = self.apply_remote_in(&tx, mutations, now, true).await;
        let records = finish(&tx, finished, result).await?;
        self.tabs.announce(&announcement_of(&records, false));
        Ok(records)
    }

    async fn apply_remote_in(
        &self,
        tx: &IdbTransaction,
        mutations: &[Mutation],
        now: u64,
        follow: bool,
    ) -> Result<Vec<Record>, StorageError> {
        let located = mutations
            .iter()
            .map(|m| locate(m).map(|container| (m.entity, m.id, container)))
            .collect::<Result<Vec<_>, _>>()?;
        let watching = Watching::start(
            tx,
            located
                .iter()
                .filter(|(_, _, c)| c.is_none())
                .map(|(e, i, _)| (*e, *i)),
            located.iter().filter_map(|(e, _, c)| Some((*e, (*c)?))),
        )?;
        let mut meta = self.read_meta(tx).await?;
        let mut stage = watching.load().await?;
        let mut written: Vec<(Entity, Id, Option<Id>)> = Vec::new();
        for m in mutations {
            let mut next = Some(m.clone());
            // A merged customer's link is followed at most a few times (a
            // chain of merges), never in a circle.
            for _ in 0..4 {
                let Some(m) = next.take() else { break };
                let container = locate(&m)?;
                if !stage.has_loaded(m.entity, m.id, container) {
                    let more = match container {
                        Some(c) => Watching::start(tx, [], [(m.entity, c)])?,
                        None => Watching::start(tx, [(m.entity, m.id)], [])?,
                    };
                    stage.extend(more.load().await?);
                }
                let current = stage.stored(m.entity, m.id, container).cloned();
                let record =
                    sync::apply(current.as_ref(), &m, m.stamp.millis as i64).map_err(|e| {
                        StorageError::new(
                            ErrorKind::Data,
                            format!("{} {}: {e}", store_of(m.entity), m.id),
                        )
                    })?;
                if follow {
                    next = current.as_ref().and_then(|c| follow_merge(c, &m));
                }
                stage.write(record);
                written.push((m.entity, m.id, container));
                let _ = self.clock.borrow_mut().observe(m.stamp, now);
            }
        }
        written.sort();
        written.dedup();
        let records: Vec<Record> = written
            .iter()
            .filter_map(|(e, i, c)| stage.stored(*e, *i, *c).cloned())
            .collect();
        stage.flush(tx)?;
        meta.count(stage.delta);
        self.write_meta(tx, &meta)?;
        Ok(records)
    }

    /// Every outbox row, oldest first. Customer mutations written before
    /// schema v7 lose their `consents/…` paths here (the decisions went to
    /// the outbox as consent records in the upgrade).
    async fn outbox_rows(&self, limit: Option<u32>) -> Result<Vec<OutboxRow>, StorageError> {
        let tx = self.read_tx(PENDING)?;
        let store = tx.object_store(PENDING).map_err(js_err)?;
        let all = idb::request(
            &match limit {
                Some(n) => store.get_all_with_key_and_limit(&JsValue::UNDEFINED, n),
                None => store.get_all(),
            }
            .map_err(js_err)?,
        )
        .await?;
        let mut rows: Vec<OutboxRow> = from_js(&all, "outbox")?;
        for row in &mut rows {
            row.drop_embedded_consents();
        }
        Ok(rows)
    }

    /// The installation's client id (the same in every tab).
    pub async fn client_id(&self) -> Result<Id, StorageError> {
        let tx = self.read_tx(META)?;
        let seq = idb::request(
            &tx.object_store(META)
                .map_err(js_err)?
                .get(&SEQUENCE_KEY.into())
                .map_err(js_err)?,
        )
        .await?;
        let sequence: Sequence = from_js(&seq, "sequence")?;
        Ok(sequence.client_id)
    }

    /// The waiting mutations, oldest first, exactly as a push sends them
    /// (a new record's reference becomes the record as stored now).
    pub async fn outbox(&self) -> Result<Vec<Mutation>, StorageError> {
        let entries: Vec<Pending> = self
            .outbox_rows(None)
            .await?
            .iter()
            .flat_map(OutboxRow::entries)
            .collect();
        self.expand_entries(&entries).await
    }

    /// The next push: the oldest `max` waiting mutations. Reads only the
    /// first `max + 1` outbox rows, so a device with a million waiting
    /// changes does not build them all for one push (core `page_before`).
    pub async fn outbox_page(&self, max: usize) -> Result<Vec<Mutation>, StorageError> {
        let max = max.max(1);
        let mut rows = self.outbox_rows(Some(max as u32 + 1)).await?;
        let next = if rows.len() > max {
            rows.pop().map(|r| r.s)
        } else {
            None
        };
        let entries = page_before(&rows, next, max);
        self.expand_entries(&entries).await
    }

    async fn expand_entries(&self, entries: &[Pending]) -> Result<Vec<Mutation>, StorageError> {
        let client_id = self.client_id().await?;
        let tx = self.read_tx_all()?;
        let refs: Vec<&Pending> = entries
            .iter()
            .filter(|e| matches!(e, Pending::Created(_)))
            .collect();
        let stage = Watching::start(
            &tx,
            refs.iter()
                .filter(|e| e.container().is_none())
                .map(|e| e.record()),
            refs.iter()
                .filter_map(|e| Some((e.record().0, e.container()?))),
        )?
        .load()
        .await?;
        Ok(entries
            .iter()
            .filter_map(|e| {
                let (entity, id) = e.record();
                expand(e, client_id, stage.stored(entity, id, e.container()))
            })
            .collect())
    }

    fn read_tx_all(&self) -> Result<IdbTransaction, StorageError> {
        let names = js_sys::Array::new();
        for store in RECORD_STORES {
            names.push(&store.into());
        }
        self.idb
            .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readonly)
            .map_err(js_err)
    }

    /// How many mutations wait to be sent.
    pub async fn pending_count(&self) -> Result<u64, StorageError> {
        let tx = self.read_tx(META)?;
        let n = idb::request(
            &tx.object_store(META)
                .map_err(js_err)?
                .get(&PENDING_KEY.into())
                .map_err(js_err)?,
        )
        .await?;
        Ok(n.as_f64().unwrap_or(0.0) as u64)
    }

    /// Removes every mutation with a sequence number `<= up_to` (the
    /// server confirmed them). Returns how many were removed.
    pub async fn ack(&self, up_to: u64) -> Result<usize, StorageError> {
        self.rewrite_outbox(
            |rows| {
                let acked = ack(rows, up_to);
                Ok((acked.delete, acked.rewrite, -(acked.removed as i64)))
            },
            Some(up_to),
        )
        .await
        .map(|n| (-n) as usize)
    }

    /// Compacts the waiting mutations: one per record (see core
    /// `compact_rows`). Returns how many entries it saved.
    pub async fn compact_outbox(&self) -> Result<usize, StorageError> {
        self.rewrite_outbox(
            |rows| {
                let compacted =
                    compact_rows(rows).map_err(|e| StorageError::bad_data("outbox", e))?;
                let before: usize = rows.iter().map(OutboxRow::len).sum();
                let after: usize = compacted.iter().map(OutboxRow::len).sum();
                Ok((
                    rows.iter().map(|r| r.s).collect(),
                    compacted,
                    after as i64 - before as i64,
                ))
            },
            None,
        )
        .await
        .map(|n| (-n) as usize)
    }

    /// Takes a page pulled from the sync server: every change is put as
    /// the server merged it (through core `apply`, keeping its stamps; a
    /// merge link is not followed, the server already did), and `cursor`
    /// is saved in the same transaction. A stamp from a clock far ahead is
    /// taken anyway (the server checked it): the device clock moves as far
    /// as it may. Refused with [`ErrorKind::Conflict`] when the device was
    /// signed out of `workspace` meanwhile.
    pub async fn apply_remote_page(
        &self,
        changes: &[Change],
        cursor: &str,
        workspace: Id,
    ) -> Result<Vec<Record>, StorageError> {
        let mutations = changes
            .iter()
            .map(|c| {
                c.to_mutation().map_err(|e| {
                    StorageError::new(
                        ErrorKind::Data,
                        format!("{} {}: {e}", store_of(c.entity), c.id),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let now = now_millis().max(0) as u64;
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result = async {
            let mut state = self.sync_state_in(&tx).await?;
            if state.account.as_ref().map(|a| a.workspace_id) != Some(workspace) {
                return Err(StorageError::new(
                    ErrorKind::Conflict,
                    "signed out of the workspace during the pull",
                ));
            }
            let records = self.apply_remote_in(&tx, &mutations, now, false).await?;
            state.cursor = cursor.to_string();
            state.synced_with = Some(workspace);
            put_sync_state(&tx, &state)?;
            Ok(records)
        }
        .await;
        let records = finish(&tx, finished, result).await?;
        self.tabs.announce(&announcement_of(&records, false));
        Ok(records)
    }

    async fn sync_state_in(&self, tx: &IdbTransaction) -> Result<SyncState, StorageError> {
        let meta = tx.object_store(META).map_err(js_err)?;
        let value = idb::request(&meta.get(&SYNC_KEY.into()).map_err(js_err)?).await?;
        if value.is_undefined() {
            return Ok(SyncState::default());
        }
        from_js(&value, "sync")
    }

    /// Changes the sync state in one transaction and returns it as saved
    /// (signing in and out, the last sync time).
    pub async fn update_sync_state(
        &self,
        change: impl FnOnce(&mut SyncState),
    ) -> Result<SyncState, StorageError> {
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result = async {
            let mut state = self.sync_state_in(&tx).await?;
            change(&mut state);
            put_sync_state(&tx, &state)?;
            Ok(state)
        }
        .await;
        finish(&tx, finished, result).await
    }

    /// Gives this installation a new client id (the server said another
    /// installation in the workspace uses it). The waiting changes keep
    /// their numbers and go under the new id.
    pub async fn new_client_id(&self) -> Result<Id, StorageError> {
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result = async {
            let mut meta = self.read_meta(&tx).await?;
            meta.sequence.client_id = new_id();
            self.write_meta(&tx, &meta)?;
            Ok(meta.sequence.client_id)
        }
        .await;
        finish(&tx, finished, result).await
    }

    /// Puts every stored record (tombstones too) in the outbox again, each
    /// as a reference with a new sequence number, so the next pushes send
    /// the whole database: joining a workspace after another one took
    /// the outbox. What already waits stays. Returns how many it queued.
    pub async fn requeue_all(
        &self,
        mut progress: impl FnMut(usize),
    ) -> Result<usize, StorageError> {
        let mut keys: Vec<(Entity, Id, Option<Id>)> = Vec::new();
        self.record_pages(|page| {
            keys.extend(page.iter().map(|r| (r.entity(), r.id(), r.container())));
            progress(keys.len());
        })
        .await?;
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result = async {
            let mut meta = self.read_meta(&tx).await?;
            let store = tx.object_store(PENDING).map_err(js_err)?;
            for chunk in keys.chunks(1_000) {
                let entries = chunk
                    .iter()
                    .map(|&(e, i, k)| {
                        Pending::Created(CreatedRef {
                            q: meta.sequence.take_next(),
                            e,
                            i,
                            k,
                        })
                    })
                    .collect();
                if let Some(row) = OutboxRow::from_entries(entries) {
                    meta.pending += row.len() as u64;
                    store.put(&to_js(&row, "outbox")?).map_err(js_err)?;
                }
            }
            self.write_meta(&tx, &meta)?;
            Ok(keys.len())
        }
        .await;
        finish(&tx, finished, result).await
    }

    /// Reads the outbox rows (those starting at or before `up_to`, or all)
    /// in one readwrite transaction, lets `change` decide which keys to
    /// delete and which rows to write, and adjusts the pending count by
    /// the returned difference.
    async fn rewrite_outbox(
        &self,
        change: impl FnOnce(&[OutboxRow]) -> Result<(Vec<u64>, Vec<OutboxRow>, i64), StorageError>,
        up_to: Option<u64>,
    ) -> Result<i64, StorageError> {
        let tx = self.write_tx()?;
        let finished = idb::done(&tx);
        let result: Result<i64, StorageError> = async {
            let store = tx.object_store(PENDING).map_err(js_err)?;
            let range: JsValue = match up_to {
                Some(n) => IdbKeyRange::upper_bound(&JsValue::from_f64(n as f64))
                    .map_err(js_err)?
                    .into(),
                None => JsValue::NULL,
            };
            let rows = idb::watch(&store.get_all_with_key(&range).map_err(js_err)?);
            let mut meta = self.read_meta(&tx).await?;
            let rows: Vec<OutboxRow> = from_js(&idb::settle(rows).await?, "outbox")?;
            let (delete, write, diff) = change(&rows)?;
            for key in delete {
                store
                    .delete(&JsValue::from_f64(key as f64))
                    .map_err(js_err)?;
            }
            for row in &write {
                store.put(&to_js(row, "outbox")?).map_err(js_err)?;
            }
            meta.pending = (meta.pending as i64 + diff).max(0) as u64;
            self.write_meta(&tx, &meta)?;
            Ok(diff)
        }
        .await;
        finish(&tx, finished, result).await
    }
}

/// Commits `tx` when `result` is a success, else aborts it; either way
/// waits until the transaction is over.
async fn finish<T>(
    tx: &IdbTransaction,
    finished: JsFuture,
    result: Result<T, StorageError>,
) -> Result<T, StorageError> {
    match result {
        Ok(value) => {
            idb::commit(tx, finished).await?;
            Ok(value)
        }
        Err(e) => {
            let _ = tx.abort();
            let _ = finished.await;
            Err(e)
        }
    }
}

fn put_sync_state(tx: &IdbTransaction, state: &SyncState) -> Result<IdbRequest, StorageError> {
    tx.object_store(META)
        .map_err(js_err)?
        .put_with_key(&to_js(state, "sync")?, &SYNC_KEY.into())
        .map_err(js_err)
}

/// An all-or-nothing bulk write in progress (see [`Db::begin_bulk`]).
///
/// Batches are pipelined: [`BulkTx::write`] issues a batch's puts, then waits
/// for the previous batch to land, so the transaction always has requests in
/// flight (it would commit on its own otherwise) and the page can paint
/// between batches. Do not await anything else between writes.
pub struct BulkTx {
    db: Db,
    tx: IdbTransaction,
    finished: Option<JsFuture>,
    pending: Option<JsFuture>,
    written: usize,
    meta: MetaState,
    announce: Announcement,
}

impl BulkTx {
    /// Writes one batch (sealed with the device clock, with its outbox
    /// row) and waits for the previous one. Edits of customers and
    /// segments merge with the base the caller read, not with a fresh
    /// read; purchases and timeline entries merge into their customer's
    /// block as stored (the transaction sees its own earlier writes).
    pub async fn write(&mut self, batch: Batch) -> Result<Written, StorageError> {
        let result = self.write_in(batch).await;
        if result.is_err() {
            let _ = self.tx.abort();
        }
        result
    }

    async fn write_in(&mut self, batch: Batch) -> Result<Written, StorageError> {
        let sealed = self.db.seal(batch, &mut self.meta.sequence);
        let blocks = sealed
            .iter()
            .filter_map(|s| Some((s.mutation.entity, s.record.container()?)));
        let mut stage = Watching::start(&self.tx, [], blocks)?.load().await?;
        let mut records = Vec::with_capacity(sealed.len());
        for s in &sealed {
            let container = s.record.container();
            let current = match container {
                Some(_) => stage
                    .stored(s.mutation.entity, s.mutation.id, container)
                    .cloned(),
                None => None,
            };
            let record = s
                .resolve(current.as_ref())
                .map_err(|e| StorageError::bad_data(store_of(s.mutation.entity), e))?;
            stage.write(record.clone());
            records.push(record);
        }
        self.land(&mut stage, OutboxRow::of_sealed(&sealed)).await?;
        self.written += records.len();
        Ok(Written {
            records,
            mutations: sealed.iter().map(|s| s.mutation.clone()).collect(),
        })
    }

    /// Writes records as they are, keeping their own stamps (a restore):
    /// with `merge`, each merges per field with the stored copy, so an
    /// older backup never overrides newer data; without, each replaces it
    /// (after [`Db::begin_replace`] nothing is stored anyway). Records that
    /// changed what was stored go to the outbox as references (a push sends
    /// them with their stamps). The clock moves past every stamp restored.
    pub async fn write_records(
        &mut self,
        records: Vec<Record>,
        merge: bool,
    ) -> Result<usize, StorageError> {
        let result = self.write_records_in(records, merge).await;
        if result.is_err() {
            let _ = self.tx.abort();
        }
        result
    }

    async fn write_records_in(
        &mut self,
        records: Vec<Record>,
        merge: bool,
    ) -> Result<usize, StorageError> {
        let mut stage = if merge {
            Watching::start(
                &self.tx,
                records
                    .iter()
                    .filter(|r| r.container().is_none())
                    .map(|r| (r.entity(), r.id())),
                records
                    .iter()
                    .filter_map(|r| Some((r.entity(), r.container()?))),
            )?
            .load()
            .await?
        } else {
            // Replacing: every block starts empty, but a block may get
            // records from several chunks, so read the blocks written so
            // far in this transaction.
            Watching::start(
                &self.tx,
                [],
                records
                    .iter()
                    .filter_map(|r| Some((r.entity(), r.container()?))),
            )?
            .load()
            .await?
        };
        let now = now_millis().max(0) as u64;
        let mut refs = Vec::new();
        for record in records {
            let _ = self.db.clock.borrow_mut().observe(record.version(), now);
            let (entity, id, container) = (record.entity(), record.id(), record.container());
            let next = match stage.stored(entity, id, container) {
                Some(current) if merge => {
                    let merged = sync::merge(current, &record)
                        .map_err(|e| StorageError::bad_data(store_of(entity), e))?;
                    if &merged == current {
                        continue;
                    }
                    merged
                }
                _ => record,
            };
            refs.push(Pending::Created(ilgi_core::sync::outbox::CreatedRef {
                q: self.meta.sequence.take_next(),
                e: entity,
                i: id,
                k: container,
            }));
            stage.write(next);
        }
        if refs.is_empty() {
            return Ok(0);
        }
        let changed = refs.len();
        self.land(&mut stage, OutboxRow::from_entries(refs)).await?;
        self.written += changed;
        Ok(changed)
    }

    /// Issues the puts of a staged batch, its outbox row and the meta
    /// state, then waits for the previous batch (the pipelining).
    async fn land(
        &mut self,
        stage: &mut Stage,
        row: Option<OutboxRow>,
    ) -> Result<(), StorageError> {
        stage.flush(&self.tx)?;
        self.meta.count(stage.delta);
        if let Some(row) = row {
            self.meta.pending += row.len() as u64;
            self.tx
                .object_store(PENDING)
                .map_err(js_err)?
                .put(&to_js(&row, "outbox")?)
                .map_err(js_err)?;
        }
        let last = self.db.write_meta(&self.tx, &self.meta)?;
        if let Some(previous) = self.pending.replace(idb::watch(&last)) {
            idb::settle(previous).await?;
        }
        Ok(())
    }

    /// Records written so far (not yet committed).
    pub fn written(&self) -> usize {
        self.written
    }

    /// Commits everything written and tells the other tabs to reload.
    pub async fn commit(mut self) -> Result<(), StorageError> {
        let finished = self
            .finished
            .take()
            .ok_or_else(|| StorageError::new(ErrorKind::Inactive, "bulk write already finished"))?;
        idb::commit(&self.tx, finished).await?;
        self.db.tabs.announce(&self.announce);
        Ok(())
    }

    /// Rolls everything back.
    pub async fn abort(mut self) {
        let _ = self.tx.abort();
        if let Some(finished) = self.finished.take() {
            let _ = finished.await;
        }
    }
}
