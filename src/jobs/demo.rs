//! Loading the seeded demo data into the database, chunk by chunk.

use ilgi_core::demo::{DemoGenerator, DemoMentions, DemoSize};
use ilgi_core::model::Batch;
use ilgi_core::social::link::link_new;

use super::{JobHandle, Outcome, Progress, yield_to_browser};
use crate::crm::Crm;
use crate::storage::{Db, StorageError};
use crate::worker::{self, Task};

/// Customers per write batch: with their purchases and interactions about
/// 3,000 records, inside the 1–5k sweet spot of IndexedDB requests.
const CUSTOMERS_PER_CHUNK: usize = 250;
/// Batches per transaction. Batches inside one transaction are pipelined
/// (the next chunk is generated while the browser stores the previous one),
/// and each transaction commits about 5,000 customers with their records.
const CHUNKS_PER_TRANSACTION: usize = 20;
/// Social posts per write batch (a few hundred in all, one transaction).
const POSTS_PER_BATCH: usize = 100;

/// Loads the demo data of `size` in the worker (see [`generate`]), then
/// reloads the index and tells the other tabs.
pub async fn load(crm: Crm, size: DemoSize, job: JobHandle) -> Result<Outcome, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    job.reset();
    let result = worker::run(
        Task::Demo {
            customers: size.customers() as u32,
            today: super::today(),
        },
        job,
    )
    .await;
    // Part of the data may be stored even when the job failed or was
    // cancelled (committed transactions stay): reload in every case.
    db.announce_bulk();
    let reloaded = crm.reload().await;
    job.finish();
    let outcome = result?.outcome();
    reloaded.map(|_| outcome)
}

/// Generates and writes the demo data of `size` (customers, then the
/// social posts about the shop, matched and linked like imported ones).
/// A cancelled load keeps the transactions already committed (demo data,
/// not user data; "Reset" clears it) and rolls back the one in progress.
/// Runs in the worker.
pub async fn generate(
    db: &Db,
    size: DemoSize,
    today: chrono::NaiveDate,
    job: &dyn Progress,
) -> Result<Outcome, StorageError> {
    let spec = size.spec(today);
    let mut generator = DemoGenerator::new(spec);
    let mut posts = DemoMentions::new(spec);
    job.start(generator.total());
    let mut outcome = Outcome::Done;
    'transactions: while generator.generated() < generator.total() {
        let mut bulk = db.begin_bulk().await?;
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
            bulk.write(batch).await?;
            job.progress(generator.generated());
        }
        bulk.commit().await?;
    }
    if outcome == Outcome::Done {
        outcome = write_posts(db, &posts, job).await?;
    }
    Ok(outcome)
}

/// Writes the demo's social posts in one transaction, a batch at a time,
/// as a phase of its own. They go through the same matching as imported
/// posts: authors who are certainly customers are linked.
async fn write_posts(
    db: &Db,
    posts: &DemoMentions,
    job: &dyn Progress,
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
