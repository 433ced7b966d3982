//! Loading the seeded demo data into the database, chunk by chunk.

use ilgi_core::demo::{DemoGenerator, DemoMentions, DemoSize};
use ilgi_core::model::Batch;
use ilgi_core::social::link::link_new;

use super::{JobHandle, Outcome, today, yield_to_browser};
use crate::crm::Crm;
use crate::storage::StorageError;

/// Customers per write batch: with their purchases and interactions about
/// 3,000 records, inside the 1–5k sweet spot of IndexedDB requests.
const CUSTOMERS_PER_CHUNK: usize = 250;
/// Batches per transaction. Batches inside one transaction are pipelined
/// (the next chunk is generated while the browser stores the previous one),
/// and each transaction commits about 5,000 customers with their records.
const CHUNKS_PER_TRANSACTION: usize = 20;
/// Social posts per write batch (a few hundred in all, one transaction).
const POSTS_PER_BATCH: usize = 100;

/// Generates and writes the demo data of `size` (customers, then the
/// social posts about the shop, matched and linked like imported ones),
/// then reloads the index.
/// A cancelled load keeps the transactions already committed (demo data,
/// not user data; "Reset" clears it) and rolls back the one in progress.
pub async fn load(crm: Crm, size: DemoSize, job: JobHandle) -> Result<Outcome, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    let spec = size.spec(today());
    let mut generator = DemoGenerator::new(spec);
    let mut posts = DemoMentions::new(spec);
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
            posts.observe(&chunk.customers);
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
    if result.is_ok() && outcome == Outcome::Done {
        match write_posts(&db, &posts, job).await {
            Ok(Outcome::Done) => {}
            Ok(cancelled) => outcome = cancelled,
            Err(e) => result = Err(e),
        }
    }
    let reloaded = crm.reload().await;
    job.finish();
    result?;
    reloaded.map(|_| outcome)
}

/// Writes the demo's social posts in one transaction, a batch at a time,
/// as a phase of its own. They go through the same matching as imported
/// posts: authors who are certainly customers are linked.
async fn write_posts(
    db: &crate::storage::Db,
    posts: &DemoMentions,
    job: JobHandle,
) -> Result<Outcome, StorageError> {
    job.set_phase("noise-demo-posts");
    let posts = posts.generate();
    let customers = db.all_customers(|_| {}).await?;
    yield_to_browser().await;
    let batch = link_new(posts, &customers, &[]).into_batch();
    drop(customers);
    job.start(batch.len());
    let mut bulk = db.begin_bulk().await?;
    let mut written = 0;
    for part in batch.chunks(POSTS_PER_BATCH) {
        if job.cancelled() {
            bulk.abort().await;
            return Ok(Outcome::Cancelled);
        }
        written += part.len();
        bulk.write(part).await?;
        job.progress(written);
    }
    bulk.commit().await?;
    Ok(Outcome::Done)
}

/// Deletes every record on this device and empties the index.
pub async fn reset(crm: Crm) -> Result<(), StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    db.clear_all().await?;
    crm.reload().await
}
