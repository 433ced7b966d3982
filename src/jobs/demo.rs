//! Loading the seeded demo data into the database, chunk by chunk.

use ilgi_core::demo::{DemoGenerator, DemoSize};
use ilgi_core::model::Batch;

use super::{JobHandle, Outcome, today};
use crate::crm::Crm;
use crate::storage::StorageError;

/// Customers per write transaction: with their purchases and interactions
/// about 3,000 records, inside the 1–5k sweet spot of IndexedDB.
const CUSTOMERS_PER_CHUNK: usize = 250;

/// Generates and writes the demo data of `size`, then reloads the index.
/// A cancelled load keeps the chunks already written (demo data, not user
/// data; "Reset" clears it).
pub async fn load(crm: Crm, size: DemoSize, job: JobHandle) -> Result<Outcome, StorageError> {
    let db = crm.db().ok_or_else(|| {
        StorageError::new(
            crate::storage::ErrorKind::Closed,
            "the database is not open",
        )
    })?;
    let mut generator = DemoGenerator::new(size.spec(today()));
    job.reset();
    job.start(generator.total());
    let mut outcome = Outcome::Done;
    while let Some(chunk) = generator.next_chunk(CUSTOMERS_PER_CHUNK) {
        if job.cancelled() {
            outcome = Outcome::Cancelled;
            break;
        }
        let records = chunk.into_records();
        let mut batch = Batch::with_capacity(records.len());
        for record in records {
            batch.put(record);
        }
        if let Err(e) = db.apply(batch).await {
            job.finish();
            let _ = crm.reload().await;
            return Err(e);
        }
        job.progress(generator.generated());
    }
    let reloaded = crm.reload().await;
    job.finish();
    reloaded.map(|_| outcome)
}

/// Deletes every record on this device and empties the index.
pub async fn reset(crm: Crm) -> Result<(), StorageError> {
    let db = crm.db().ok_or_else(|| {
        StorageError::new(
            crate::storage::ErrorKind::Closed,
            "the database is not open",
        )
    })?;
    db.clear_all().await?;
    crm.reload().await
}
