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

use super::{JobHandle, Outcome, yield_to_browser};
use crate::crm::Crm;
use crate::storage::StorageError;
use crate::storage::db::now_millis;

/// Records per piece of the backup file (and per write batch on restore).
const CHUNK: usize = 5_000;

fn closed() -> StorageError {
    StorageError::not_open()
}

/// Builds the backup file in pieces, one per page read from storage (the
/// header line, which declares the counts, is put in front at the end), so
/// neither the records nor the file is ever held whole: the records
/// including tombstones, read page by page (`Db::record_pages`).
pub async fn create(crm: Crm, job: JobHandle) -> Result<js_sys::Array, StorageError> {
    let db = crm.db().ok_or_else(closed)?;
    job.reset();
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreMode {
    /// Merge per field: the newer change wins, nothing newer is lost.
    Merge,
    /// Empty this device first (unsent changes are lost; the UI warns).
    Replace,
}

/// Validates the file's `bytes` as a backup (in chunks, with progress; a
/// byte that is not UTF-8 is refused with its offset, never replaced), then
/// replaces the database with it.
pub async fn restore(
    crm: Crm,
    bytes: Vec<u8>,
    mode: RestoreMode,
    job: JobHandle,
) -> Result<Outcome, RestoreError> {
    let db = crm.db().ok_or_else(closed).map_err(RestoreError::Storage)?;
    job.reset();
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
    crm.reload().await.map_err(RestoreError::Storage)?;
    Ok(Outcome::Done)
}
