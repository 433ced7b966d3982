//! Full backup (JSON Lines, core `backup` format) and restore.
//!
//! A restore validates the whole file first (every line, counts, ids,
//! references) and writes nothing when anything is wrong; a valid backup is
//! then written in one transaction through the bulk write path, keeping the
//! records' own version stamps: by default it merges per field with this
//! device's data (an old backup never overrides newer changes); "replace
//! everything" empties the device first. Restored records that changed
//! something go to the outbox.

use ilgi_core::backup::{BackupErrors, BackupReader, BackupWriter};
use ilgi_core::model::Record;
use serde::{Deserialize, Serialize};

use super::{JobHandle, Outcome, Progress, yield_to_browser};
use crate::crm::Crm;
use crate::storage::db::now_millis;
use crate::storage::{Db, StorageError};
use crate::worker::{self, Done, Task};

/// Records per piece of the backup file (and per write batch on restore).
const CHUNK: usize = 5_000;

/// Makes the backup file in the worker; resolves with an object URL of it
/// (the worker revokes it a minute later).
pub async fn create(job: JobHandle) -> Result<String, StorageError> {
    job.reset();
    let done = worker::run(Task::Backup, job).await;
    job.finish();
    match done? {
        Done::File { url } => Ok(url),
        other => Err(worker::unexpected(&other)),
    }
}

/// Builds the backup file in pieces, one per page read from storage (the
/// header line, which declares the counts, is put in front at the end), so
/// neither the records nor the file is ever held whole: the records
/// including tombstones, read page by page (`Db::record_pages`). Runs in
/// the worker.
pub async fn build(db: &Db, job: &dyn Progress) -> Result<js_sys::Array, StorageError> {
    job.start(0);
    let mut writer = BackupWriter::counting(now_millis());
    let parts = js_sys::Array::new();
    let mut written = 0;
    db.record_pages(|page| {
        parts.push(&writer.record_lines(&page).into());
        written += page.len();
        job.progress(written);
    })
    .await?;
    yield_to_browser().await;
    parts.unshift(&writer.written_header_line().into());
    Ok(parts)
}

/// Why a restore did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreError {
    /// The file is not a valid backup: every problem found, nothing written.
    Invalid(BackupErrors),
    Storage(StorageError),
}

/// How a valid backup meets this device's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestoreMode {
    /// Merge per field: the newer change wins, nothing newer is lost.
    Merge,
    /// Empty this device first (unsent changes are lost; the UI warns).
    Replace,
}

/// Restores the file's `bytes` in the worker (see [`restore_into`]), then
/// reloads the index and tells the other tabs.
pub async fn restore(
    crm: Crm,
    bytes: Vec<u8>,
    mode: RestoreMode,
    job: JobHandle,
) -> Result<Outcome, RestoreError> {
    job.reset();
    let done = worker::run(Task::Restore { bytes, mode }, job).await;
    job.finish();
    let outcome = match done.map_err(RestoreError::Storage)? {
        Done::Restored(Ok(cancelled)) => {
            if cancelled {
                Outcome::Cancelled
            } else {
                Outcome::Done
            }
        }
        Done::Restored(Err(errors)) => return Err(RestoreError::Invalid(errors)),
        other => return Err(RestoreError::Storage(worker::unexpected(&other))),
    };
    if outcome == Outcome::Done {
        if let Some(db) = crm.db() {
            db.announce_bulk();
        }
        crm.reload().await.map_err(RestoreError::Storage)?;
    }
    Ok(outcome)
}

/// Validates the file's `bytes` as a backup (in chunks, with progress; a
/// byte that is not UTF-8 is refused with its offset, never replaced), then
/// writes it in one transaction. Runs in the worker.
pub async fn restore_into(
    db: &Db,
    bytes: Vec<u8>,
    mode: RestoreMode,
    job: &dyn Progress,
) -> Result<Outcome, RestoreError> {
    job.set_phase("backup-phase-checking");
    job.start(bytes.len());
    let mut reader = BackupReader::new();
    const SLICE: usize = 4 << 20;
    let mut read = 0;
    for slice in bytes.chunks(SLICE) {
        reader.push_bytes(slice);
        read += slice.len();
        job.progress(read);
        yield_to_browser().await;
    }
    drop(bytes);
    let backup = reader.finish().map_err(RestoreError::Invalid)?;
    if job.cancelled() {
        return Ok(Outcome::Cancelled);
    }

    job.set_phase("backup-phase-writing");
    let records: Vec<Record> = backup
        .customers
        .into_iter()
        .map(Record::Customer)
        .chain(backup.purchases.into_iter().map(Record::Purchase))
        .chain(backup.interactions.into_iter().map(Record::Interaction))
        .chain(backup.segments.into_iter().map(Record::Segment))
        .chain(backup.consents.into_iter().map(Record::Consent))
        .chain(backup.records)
        .collect();
    job.start(records.len());
    let begun = match mode {
        RestoreMode::Merge => db.begin_bulk().await,
        RestoreMode::Replace => db.begin_replace().await,
    };
    let mut bulk = begun.map_err(RestoreError::Storage)?;
    let mut done = 0;
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        if job.cancelled() {
            bulk.abort().await;
            return Ok(Outcome::Cancelled);
        }
        let chunk: Vec<Record> = records.by_ref().take(CHUNK).collect();
        done += chunk.len();
        bulk.write_records(chunk, mode == RestoreMode::Merge)
            .await
            .map_err(RestoreError::Storage)?;
        job.progress(done);
    }
    bulk.commit().await.map_err(RestoreError::Storage)?;
    Ok(Outcome::Done)
}
