//! CSV exports of customers and purchases (RFC 4180, formula injection
//! neutralised by core `csv_io`), streamed: the stored records are read page
//! by page and each page becomes one piece of the file (a JS string in an
//! array that the download's Blob is made from), so neither every record
//! nor the whole file is ever held as one Rust value.

use std::collections::{BTreeSet, HashMap};

use ilgi_core::csv_io::{self, CustomerCsv};

use serde::{Deserialize, Serialize};

use super::{JobHandle, Progress};
use crate::storage::{Db, StorageError};
use crate::worker::{self, Done, Task};

/// Which CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    Customers,
    Purchases,
}

impl ExportKind {
    pub fn file_name(self) -> &'static str {
        match self {
            ExportKind::Customers => "ilgi-customers.csv",
            ExportKind::Purchases => "ilgi-purchases.csv",
        }
    }
}

/// Makes the CSV file in the worker; resolves with its object URL (the
/// worker revokes it a minute later).
pub async fn create(kind: ExportKind, job: JobHandle) -> Result<String, StorageError> {
    job.reset();
    let done = worker::run(Task::Export(kind), job).await;
    job.finish();
    match done? {
        Done::File { url } => Ok(url),
        other => Err(worker::unexpected(&other)),
    }
}

/// The CSV pieces of `kind` (in the worker).
pub async fn build(
    db: &Db,
    kind: ExportKind,
    job: &dyn Progress,
) -> Result<js_sys::Array, StorageError> {
    match kind {
        ExportKind::Customers => customers_csv(db, job).await,
        ExportKind::Purchases => purchases_csv(db, job).await,
    }
}

/// Every live customer as CSV pieces. The customers are read twice: first
/// for the custom field names (the header lists them all, and a page may
/// bring a new one), then to write each page.
async fn customers_csv(db: &Db, job: &dyn Progress) -> Result<js_sys::Array, StorageError> {
    job.start(2 * db.counts().await?.customers as usize);
    let mut read = 0;
    let mut names = BTreeSet::new();
    db.customer_pages(|page| {
        CustomerCsv::note_custom_names(&mut names, &page);
        read += page.len();
        job.progress(read);
    })
    .await?;
    let csv = CustomerCsv::new(names, &[]);
    let parts = js_sys::Array::new();
    parts.push(&csv.header().into());
    db.customer_pages_with_consents(|page| {
        parts.push(&csv.rows(&page, |_| Vec::new()).into());
        read += page.len();
        job.progress(read);
    })
    .await?;
    Ok(parts)
}

/// Every live purchase as CSV pieces, with the customer's number (external
/// id) next to our id: the customers are read page by page for the numbers
/// only, then the purchases page by page.
async fn purchases_csv(db: &Db, job: &dyn Progress) -> Result<js_sys::Array, StorageError> {
    let counts = db.counts().await?;
    job.start(counts.customers as usize + counts.purchases as usize);
    let mut read = 0;
    let mut external = HashMap::new();
    db.customer_pages(|page| {
        read += page.len();
        external.extend(
            page.into_iter()
                .filter_map(|c| c.external_id.map(|e| (c.id, e))),
        );
        job.progress(read);
    })
    .await?;
    let customer_ref = |id| external.get(&id).cloned();
    let parts = js_sys::Array::new();
    parts.push(&csv_io::purchase_csv_header().into());
    db.purchase_pages(|page| {
        parts.push(&csv_io::purchase_csv_rows(&page, &customer_ref).into());
        read += page.len();
        job.progress(read);
    })
    .await?;
    Ok(parts)
}
