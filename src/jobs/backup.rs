//! Full backup (JSON Lines, core `backup` format) and restore.
//!
//! A restore validates the whole file first (every line, counts, ids,
//! references) and writes nothing when anything is wrong; a valid backup
//! replaces this device's data in one transaction. Restored records go
//! through the one write path, so they get fresh version stamps (the
//! restore is this device's newest change) and land in the outbox.

use ilgi_core::backup::{self, BackupErrors, BackupReader, BackupWriter};
use ilgi_core::model::{Batch, Record};

use super::{JobHandle, Outcome, yield_to_browser};
use crate::crm::Crm;
use crate::storage::db::now_millis;
use crate::storage::{ErrorKind, StorageError};

/// Records per piece of the backup file (and per write batch on restore).
const CHUNK: usize = 5_000;

fn closed() -> StorageError {
    StorageError::new(ErrorKind::Closed, "the database is not open")
}

/// Builds the backup file in pieces (so no single string holds the whole
/// database): the header line, then the records including tombstones.
pub async fn create(crm: Crm, job: JobHandle) -> Result<js_sys::Array, StorageError> {
    let db = crm.db().ok_or_else(closed)?;
    job.reset();
    job.start(0);
    let records = db.all_records(|n| job.progress(n)).await?;
    let mut counts = backup::Counts::default();
    for record in &records {
        match record {
            Record::Customer(_) => counts.customer += 1,
            Record::Purchase(_) => counts.purchase += 1,
            Record::Interaction(_) => counts.interaction += 1,
            Record::Segment(_) => counts.segment += 1,
        }
    }
    let mut writer = BackupWriter::new(counts, now_millis());
    let parts = js_sys::Array::new();
    parts.push(&writer.header_line().into());
    job.start(records.len());
    for (i, chunk) in records.chunks(CHUNK).enumerate() {
        let mut piece = String::with_capacity(chunk.len() * 400);
        for record in chunk {
            piece.push_str(&writer.record_line(record));
        }
        parts.push(&piece.into());
        job.progress((i * CHUNK + chunk.len()).min(records.len()));
        yield_to_browser().await;
    }
    if let Err(e) = writer.finish() {
        return Err(StorageError::bad_data("backup", e));
    }
    Ok(parts)
}

/// Why a restore did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreError {
    /// The file is not a valid backup: every problem found, nothing written.
    Invalid(BackupErrors),
    Storage(StorageError),
}

/// Validates `text` as a backup (in chunks, with progress), then replaces
/// the database with it.
pub async fn restore(crm: Crm, text: String, job: JobHandle) -> Result<Outcome, RestoreError> {
    let db = crm.db().ok_or_else(closed).map_err(RestoreError::Storage)?;
    job.reset();
    job.set_phase("backup-phase-checking");
    job.start(text.len());
    let mut reader = BackupReader::new();
    let mut offset = 0;
    const SLICE: usize = 4 << 20;
    while offset < text.len() {
        let mut end = (offset + SLICE).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        reader.push_text(&text[offset..end]);
        offset = end;
        job.progress(offset);
        yield_to_browser().await;
    }
    drop(text);
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
        .collect();
    job.start(records.len());
    let mut bulk = db.begin_replace().map_err(RestoreError::Storage)?;
    let mut done = 0;
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        if job.cancelled() {
            bulk.abort().await;
            return Ok(Outcome::Cancelled);
        }
        let mut batch = Batch::with_capacity(CHUNK);
        for record in records.by_ref().take(CHUNK) {
            batch.put(record);
        }
        done += batch.len();
        bulk.write(batch).await.map_err(RestoreError::Storage)?;
        job.progress(done);
    }
    bulk.commit().await.map_err(RestoreError::Storage)?;
    crm.reload().await.map_err(RestoreError::Storage)?;
    Ok(Outcome::Done)
}
