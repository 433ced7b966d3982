//! Customer value analysis over the whole database (`ilgi_core::value`):
//! reads customers and purchases page by page into the core collector, then
//! runs the analyser step by step. It runs in the Web Worker
//! (`crate::worker`), which keeps the result and answers the pages'
//! questions about it (`crate::insights`); it yields between steps so that
//! those questions, and a cancel, are taken while it works.

use ilgi_core::model::Customer;
use ilgi_core::value::{Analyser, Collector, Options, Step};

use super::{Progress, yield_to_browser};
use crate::storage::{Db, StorageError};

/// The analysis and what rule segments evaluate against.
pub struct Computed {
    pub analysis: ilgi_core::value::Analysis,
    /// Live customers in the analysis' index order, with only the fields
    /// segments read (contacts, consents and custom fields dropped to save
    /// memory).
    pub customers: Vec<Customer>,
    /// How long reading the purchases took, in ms (the benchmark reports
    /// it).
    pub purchases_read_ms: f64,
}

impl Computed {
    /// The population rule segments run over.
    pub fn population(&self) -> ilgi_core::segment::Population<'_> {
        ilgi_core::segment::Population {
            customers: &self.customers,
            analysis: &self.analysis,
        }
    }
}

/// Keeps the fields rule segments read.
fn lean(mut c: Customer) -> Customer {
    c.emails = Vec::new();
    c.phones = Vec::new();
    c.consents = Vec::new();
    c.custom = Default::default();
    c
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Reads every customer and purchase and runs the analysis as of `today`.
/// `None` when cancelled.
pub async fn analyse(
    db: &Db,
    today: chrono::NaiveDate,
    progress: &dyn Progress,
) -> Result<Option<Computed>, StorageError> {
    progress.set_phase("insights-phase-reading");
    let counts = db.counts().await?;
    progress.start(counts.customers as usize + counts.purchases as usize);
    let mut collector = Collector::new();
    let mut customers = Vec::with_capacity(counts.customers as usize);
    let mut read = 0;
    db.customer_pages(|page| {
        read += page.len();
        for c in page {
            collector.customer(&c);
            customers.push(lean(c));
        }
        progress.progress(read);
    })
    .await?;
    let reading = now_ms();
    db.purchase_pages(|page| {
        collector.purchases(&page);
        read += page.len();
        progress.progress(read);
    })
    .await?;
    let purchases_read_ms = now_ms() - reading;
    yield_to_browser().await;

    let mut analyser = Analyser::new(collector.finish(), Options::new(today));
    let mut since_yield = now_ms();
    let mut phase = None;
    while let Step::Working {
        phase: now,
        done,
        total,
    } = analyser.step()
    {
        if phase != Some(now) {
            phase = Some(now);
            progress.set_phase(now.key());
            progress.start(total);
        }
        progress.progress(done);
        // Steps are bounded (a few ms each): take messages (a question
        // from a page, a cancel) every few steps.
        if now_ms() - since_yield > 30.0 {
            yield_to_browser().await;
            if progress.cancelled() {
                return Ok(None);
            }
            since_yield = now_ms();
        }
    }
    Ok(Some(Computed {
        analysis: analyser.finish(),
        customers,
        purchases_read_ms,
    }))
}
