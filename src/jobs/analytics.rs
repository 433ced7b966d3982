//! Customer analytics over the whole database: reads purchases page by page
//! into the compact table core analyses (`ilgi_core::analytics`), then runs
//! RFM. Reading yields to the browser between pages; the analysis itself is
//! one short pass (see BENCHMARKS.md).

use ilgi_core::analytics::{TransactionsBuilder, day_of};
use ilgi_core::model::Id;
use ilgi_core::rfm::{self, RfmResult};

use super::{JobHandle, today};
use crate::crm::Crm;
use crate::storage::{ErrorKind, StorageError};

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Live customers (with and without purchases).
    pub customers: usize,
    /// Customers with no purchase up to today.
    pub without_purchases: usize,
    pub rfm: RfmResult,
    /// Customer ids in the RFM result's index order.
    pub ids: Vec<Id>,
    pub purchases: usize,
}

/// Reads every customer and purchase and computes the overview.
pub async fn overview(crm: Crm, job: JobHandle) -> Result<Overview, StorageError> {
    let db = crm
        .db()
        .ok_or_else(|| StorageError::new(ErrorKind::Closed, "the database is not open"))?;
    job.reset();
    let counts = db.counts().await?;
    job.start(counts.customers as usize + counts.purchases as usize);
    let mut builder = TransactionsBuilder::new();
    let mut read = 0;
    db.customer_pages(|page| {
        for c in &page {
            builder.customer(c.id);
        }
        read += page.len();
        job.progress(read);
    })
    .await?;
    let customers = read;
    db.purchase_pages(|page| {
        builder.add(&page);
        read += page.len();
        job.progress(read);
    })
    .await?;
    let (transactions, ids) = builder.finish();
    let rfm = rfm::analyse(&transactions, day_of(today()));
    let scored = rfm.scored();
    Ok(Overview {
        customers,
        without_purchases: customers.saturating_sub(scored),
        purchases: transactions.txns.len(),
        rfm,
        ids,
    })
}
