//! CSV exports of customers and purchases (RFC 4180, formula injection
//! neutralised by core `csv_io`).

use std::collections::HashMap;

use ilgi_core::csv_io;

use super::JobHandle;
use crate::crm::Crm;
use crate::storage::{ErrorKind, StorageError};

fn closed() -> StorageError {
    StorageError::new(ErrorKind::Closed, "the database is not open")
}

/// Every live customer as CSV.
pub async fn customers_csv(crm: Crm, job: JobHandle) -> Result<String, StorageError> {
    let db = crm.db().ok_or_else(closed)?;
    job.reset();
    job.start(crm.len_untracked());
    let customers = db.all_customers(|n| job.progress(n)).await?;
    Ok(csv_io::export_customers(&customers))
}

/// Every live purchase as CSV, with the customer's number (external id)
/// next to our id.
pub async fn purchases_csv(crm: Crm, job: JobHandle) -> Result<String, StorageError> {
    let db = crm.db().ok_or_else(closed)?;
    job.reset();
    let counts = db.counts().await?;
    job.start(counts.customers as usize + counts.purchases as usize);
    let customers = db.all_customers(|n| job.progress(n)).await?;
    let external: HashMap<_, _> = customers
        .into_iter()
        .filter_map(|c| c.external_id.map(|e| (c.id, e)))
        .collect();
    let base = counts.customers as usize;
    let purchases = db.all_purchases(|n| job.progress(base + n)).await?;
    Ok(csv_io::export_purchases(&purchases, &|id| {
        external.get(&id).cloned()
    }))
}
