//! Customer value analysis over the whole database (`ilgi_core::value`):
//! reads customers and purchases page by page into the core collector, then
//! runs the analyser step by step, yielding to the browser between steps so
//! the page stays responsive at 100k customers / 1M purchases.

use ilgi_core::model::Customer;
use ilgi_core::value::{Analyser, Collector, Options, Step};
use leptos::prelude::*;

use super::{JobHandle, today, yield_to_browser};
use crate::crm::Crm;
use crate::storage::StorageError;

/// The analysis and what rule segments evaluate against.
pub struct Computed {
    pub analysis: ilgi_core::value::Analysis,
    /// Live customers in the analysis' index order, with only the fields
    /// segments read (contacts, consents and custom fields dropped to save
    /// memory).
    pub customers: Vec<Customer>,
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
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Keeps the last duration of a named step on `window.__ilgiTimings` (the
/// benchmark reads it; one number per name, cheap to keep in production).
fn record_timing(name: &str, ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = wasm_bindgen::JsValue::from_str("__ilgiTimings");
    let timings = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let object: wasm_bindgen::JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&window, &key, &object);
            object
        });
    let _ = js_sys::Reflect::set(&timings, &name.into(), &ms.into());
}

/// Reads every customer and purchase and runs the analysis.
pub async fn analyse(crm: Crm, job: JobHandle) -> Result<Computed, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    job.reset();
    job.set_phase("insights-phase-reading");
    let counts = db.counts().await?;
    job.start(counts.customers as usize + counts.purchases as usize);
    let mut collector = Collector::new();
    let mut customers = Vec::with_capacity(counts.customers as usize);
    let mut read = 0;
    db.customer_pages(|page| {
        read += page.len();
        for c in page {
            collector.customer(&c);
            customers.push(lean(c));
        }
        job.progress(read);
    })
    .await?;
    let reading = now_ms();
    db.purchase_pages(|page| {
        collector.purchases(&page);
        read += page.len();
        job.progress(read);
    })
    .await?;
    record_timing("purchases_read_ms", now_ms() - reading);
    yield_to_browser().await;

    let mut analyser = Analyser::new(collector.finish(), Options::new(today()));
    let mut since_yield = now_ms();
    while let Step::Working { phase, done, total } = analyser.step() {
        job.set_phase(phase.key());
        job.total.set(total);
        job.done.set(done);
        // Steps are bounded (a few ms each); hand the browser a turn at
        // least every frame.
        if now_ms() - since_yield > 12.0 {
            yield_to_browser().await;
            since_yield = now_ms();
        }
    }
    Ok(Computed {
        analysis: analyser.finish(),
        customers,
    })
}
