//! Loading the seeded demo data into the database, chunk by chunk.

use ilgi_core::demo::{DemoGenerator, DemoSize};
use ilgi_core::model::Batch;

use super::{JobHandle, Outcome, today};
use crate::crm::Crm;
use crate::storage::StorageError;

/// Customers per write batch: with their purchases and interactions about
/// 3,000 records, inside the 1–5k sweet spot of IndexedDB requests.
const CUSTOMERS_PER_CHUNK: usize = 250;
/// Batches per transaction. Batches inside one transaction are pipelined
/// (the next chunk is generated while the browser stores the previous one),
/// and each transaction commits about 5,000 customers with their records.
const CHUNKS_PER_TRANSACTION: usize = 20;

/// Generates and writes the demo data of `size`, then reloads the index.
/// A cancelled load keeps the transactions already committed (demo data,
/// not user data; "Reset" clears it) and rolls back the one in progress.
pub async fn load(crm: Crm, size: DemoSize, job: JobHandle) -> Result<Outcome, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    let mut generator = DemoGenerator::new(size.spec(today()));
    job.reset();
    job.start(generator.total());
    let mut outcome = Outcome::Done;
    let mut result = Ok(());
    'transactions: while generator.generated() < generator.total() {
        let mut bulk = match db.begin_bulk().await {
            Ok(bulk) => bulk,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        for _ in 0..CHUNKS_PER_TRANSACTION {
            if job.cancelled() {
                bulk.abort().await;
                outcome = Outcome::Cancelled;
                break 'transactions;
            }
            let Some(chunk) = generator.next_chunk(CUSTOMERS_PER_CHUNK) else {
                break;
            };
            let records = chunk.into_records();
            let mut batch = Batch::with_capacity(records.len());
            for record in records {
                batch.put(record);
            }
            if let Err(e) = bulk.write(batch).await {
                result = Err(e);
                break 'transactions;
            }
            job.progress(generator.generated());
        }
        if let Err(e) = bulk.commit().await {
            result = Err(e);
            break;
        }
    }
    let reloaded = crm.reload().await;
    job.finish();
    result?;
    reloaded.map(|_| outcome)
}

/// Deletes every record on this device and empties the index.
pub async fn reset(crm: Crm) -> Result<(), StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    db.clear_all().await?;
    crm.reload().await
}
