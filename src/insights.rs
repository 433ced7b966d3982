//! The customer value analysis as app state, shared by the dashboard, the
//! segments and the customer page.
//!
//! Computed on demand (the first page that needs it calls
//! [`Insights::ensure`]) and again when the data changed since: every write
//! of customers or purchases bumps the data revision, and a page asking for
//! insights at a newer revision starts a fresh run (segments and notes do
//! not change the analysis). Pages keep showing the previous result while
//! the new one is computed.
//!
//! A run that fails is reported once (a toast, and [`Insights::error`] for
//! the page's error state) and is not started again at the same revision:
//! the next run waits for a data change or an explicit [`Insights::retry`].

use std::sync::Arc;

use leptos::prelude::*;

use crate::crm::{Crm, Status};
use crate::jobs::JobHandle;
use crate::jobs::analytics::{self, Computed};
use crate::storage::StorageError;

#[derive(Clone, Copy)]
pub struct Insights {
    computed: RwSignal<Option<Arc<Computed>>, LocalStorage>,
    /// The database revision `computed` was made from.
    revision: StoredValue<Option<u64>>,
    /// The newest revision a page asked for.
    wanted: StoredValue<Option<u64>>,
    /// The revision whose run failed; not tried again until the data
    /// changes or the user retries.
    failed: StoredValue<Option<u64>>,
    error: RwSignal<Option<StorageError>>,
    pub job: JobHandle,
    crm: Crm,
}

impl Insights {
    /// The latest result (tracked).
    pub fn get(&self) -> Option<Arc<Computed>> {
        self.computed.get()
    }

    /// [`Insights::get`] without tracking.
    pub fn get_untracked(&self) -> Option<Arc<Computed>> {
        self.computed.get_untracked()
    }

    /// Why the last run failed, if it did (tracked); cleared when a run
    /// starts.
    pub fn error(&self) -> Option<StorageError> {
        self.error.get()
    }

    /// Makes sure a result for the current data exists or is being made.
    /// Call it from an effect: it tracks the database revision. A revision
    /// whose run failed is not tried again here (see [`Insights::retry`]).
    pub fn ensure(&self) {
        let revision = self.crm.data_revision();
        if self.crm.status() != Status::Ready {
            return;
        }
        self.wanted.set_value(Some(revision));
        if self.job.running.get_untracked()
            || self.revision.get_value() == Some(revision)
            || self.failed.get_value() == Some(revision)
        {
            return;
        }
        self.run(revision);
    }

    /// Runs the analysis again after a failure (the dashboard's retry
    /// button).
    pub fn retry(&self) {
        self.failed.set_value(None);
        if untrack(|| self.crm.status()) != Status::Ready || self.job.running.get_untracked() {
            return;
        }
        let revision = self.crm.data_revision_untracked();
        self.wanted.set_value(Some(revision));
        self.run(revision);
    }

    fn run(&self, revision: u64) {
        let this = *self;
        this.error.set(None);
        leptos::task::spawn_local(async move {
            match analytics::analyse(this.crm, this.job).await {
                Ok(computed) => {
                    this.revision.set_value(Some(revision));
                    this.failed.set_value(None);
                    this.computed.set(Some(Arc::new(computed)));
                }
                Err(e) => {
                    // Once: the page shows the error and a retry button.
                    this.failed.set_value(Some(revision));
                    this.crm.report(&e);
                    this.error.set(Some(e));
                }
            }
            this.job.finish();
            // The data changed while we computed: go again (a failed
            // revision waits for a change or a retry).
            if let Some(wanted) = this.wanted.get_value()
                && this.revision.get_value() != Some(wanted)
                && this.failed.get_value() != Some(wanted)
                && this.crm.data_revision_untracked() == wanted
            {
                this.run(wanted);
            }
        });
    }
}

/// Provides the insights context (after the crm context).
pub fn provide_insights(crm: Crm) -> Insights {
    let insights = Insights {
        computed: RwSignal::new_local(None),
        revision: StoredValue::new(None),
        wanted: StoredValue::new(None),
        failed: StoredValue::new(None),
        error: RwSignal::new(None),
        job: JobHandle::new(),
        crm,
    };
    provide_context(insights);
    insights
}

pub fn use_insights() -> Insights {
    expect_context::<Insights>()
}
