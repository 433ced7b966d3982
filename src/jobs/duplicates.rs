//! The duplicate scan over every customer (core
//! `identity::duplicates::scan`), run in the worker: at 100,000 customers
//! the scan alone takes about a second.

use ilgi_core::identity::duplicates::{Pair, scan};

use super::{JobHandle, Progress};
use crate::storage::{Db, ErrorKind, StorageError};
use crate::worker::{self, Done, Task};

/// Scans in the worker; resolves with every pair found.
pub async fn find(job: JobHandle) -> Result<Vec<Pair>, StorageError> {
    job.reset();
    let done = worker::run(Task::Duplicates, job).await;
    job.finish();
    match done? {
        Done::Duplicates { json } => serde_json::from_str(&json)
            .map_err(|e| StorageError::new(ErrorKind::Other, format!("duplicate pairs: {e}"))),
        other => Err(worker::unexpected(&other)),
    }
}

/// Reads every customer and scans them (in the worker). The pairs travel
/// as JSON: their reasons are an internally tagged enum, which postcard
/// cannot read back.
pub async fn scan_all(db: &Db, job: &dyn Progress) -> Result<String, StorageError> {
    let customers = db.all_customers(|n| job.progress(n)).await?;
    job.start(customers.len());
    let pairs = scan(&customers);
    job.progress(customers.len());
    serde_json::to_string(&pairs)
        .map_err(|e| StorageError::new(ErrorKind::Other, format!("duplicate pairs: {e}")))
}
