//! The customer value analysis as app state, shared by the dashboard, the
//! segments, the customer page and the case pages.
//!
//! The analysis runs in the Web Worker (`Task::Analyse`), which keeps the
//! whole result; the page holds only the dashboard's [`Overview`] and asks
//! the worker about the rest ([`Insights::customer_value`],
//! [`Insights::segment_counts`], [`Insights::members`],
//! [`Insights::export_segment`]): no step over 100,000 customers runs on
//! the page.
//!
//! Computed on demand (the first page that needs it calls
//! [`Insights::ensure`]) and again when the data changed since: every write
//! of customers or purchases bumps the data revision, and a page asking for
//! insights at a newer revision starts a fresh run (segments and notes do
//! not change the analysis). Pages keep showing the previous result while
//! the new one is computed.
//!
//! **At start** the last overview computed on this device is shown at once
//! (cached in `localStorage`, with the time it was computed:
//! [`Insights::cached_at`]) while a new analysis runs; questions wait for
//! the new one ([`Insights::version`] is 0 until then).
//!
//! A run that fails is reported once (a toast, and [`Insights::error`] for
//! the page's error state) and is not started again at the same revision:
//! the next run waits for a data change or an explicit [`Insights::retry`].

use std::sync::Arc;

use ilgi_core::i18n::Lang;
use ilgi_core::model::Id;
use ilgi_core::segment::Group;
use ilgi_core::value::{CustomerValue, Overview};
use leptos::prelude::*;

use crate::crm::{Crm, Status};
use crate::jobs::JobHandle;
use crate::storage::prefs::{self, CachedAnalysis};
use crate::storage::{ErrorKind, StorageError};
use crate::worker::client;
use crate::worker::protocol::{Done, Members, Task};

#[derive(Clone, Copy)]
pub struct Insights {
    overview: RwSignal<Option<Arc<Overview>>>,
    /// When the shown overview was computed, while it is the cached one
    /// from an earlier visit (`None` once this visit's run is in).
    cached_at: RwSignal<Option<f64>>,
    /// Counts the analyses the worker finished in this visit: questions
    /// can be asked once it is above 0, and their answers change with it.
    version: RwSignal<u64>,
    /// The database revision the worker's analysis was made from.
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
    /// The dashboard's figures: this visit's latest, or the cached ones
    /// until then (tracked).
    pub fn get(&self) -> Option<Arc<Overview>> {
        self.overview.get()
    }

    /// When the shown figures were computed, while they are the cached
    /// ones from an earlier visit (tracked; ms since 1970).
    pub fn cached_at(&self) -> Option<f64> {
        self.cached_at.get()
    }

    /// How many analyses finished in this visit (tracked): 0 means the
    /// worker has none yet and the questions below answer `None`.
    pub fn version(&self) -> u64 {
        self.version.get()
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
    /// button), or when the worker lost it.
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
        this.job.reset();
        leptos::task::spawn_local(async move {
            let today = crate::jobs::today();
            // The page's own connection first: a database that cannot be
            // read fails here at once, with the page's error, instead of
            // in the worker.
            let readable = match this.crm.db() {
                Some(db) => db.counts().await.map(|_| ()),
                None => Err(StorageError::not_open()),
            };
            let answer = match readable {
                Ok(()) => client::run(Task::Analyse { today }, this.job).await,
                Err(e) => Err(e),
            };
            match answer {
                Ok(Done::Analysed {
                    overview: Some(overview),
                    purchases_read_ms,
                }) => {
                    crate::jobs::record_timing("purchases_read_ms", purchases_read_ms);
                    this.revision.set_value(Some(revision));
                    this.failed.set_value(None);
                    let cached = CachedAnalysis {
                        computed_at: js_sys::Date::now(),
                        overview: *overview,
                    };
                    // Best effort: without it the next start waits for
                    // the analysis, as before.
                    let _ = prefs::save_analysis(&cached);
                    this.overview.set(Some(Arc::new(cached.overview)));
                    this.cached_at.set(None);
                    this.version.update(|v| *v += 1);
                }
                Ok(Done::Analysed { overview: None, .. }) => {}
                Ok(_) => this.fail(revision, unexpected()),
                Err(e) => this.fail(revision, e),
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

    fn fail(&self, revision: u64, e: StorageError) {
        // Once: the page shows the error and a retry button.
        self.failed.set_value(Some(revision));
        self.crm.report(&e);
        self.error.set(Some(e));
    }

    /// The worker has no analysis (it was restarted): make one again.
    fn lost(&self) {
        self.revision.set_value(None);
        self.version.set(0);
        self.retry();
    }

    /// One customer's figures and next best offers; `None` until the
    /// analysis of this visit is in.
    pub async fn customer_value(
        &self,
        id: Id,
        products: Vec<String>,
        offers: usize,
    ) -> Option<CustomerValue> {
        if self.version.get_untracked() == 0 {
            return None;
        }
        let task = Task::CustomerValue {
            id,
            products,
            offers: offers as u32,
        };
        match client::ask(task).await {
            Ok(Done::CustomerValue(Some(value))) => Some(*value),
            Ok(Done::CustomerValue(None)) => {
                self.lost();
                None
            }
            other => {
                self.report(other.err());
                None
            }
        }
    }

    /// A customer's value figures (and `offers` next best offers, given
    /// what they own), asked again when a new analysis is in; `None`
    /// while there is none or no customer.
    pub fn value_of(
        &self,
        customer: impl Fn() -> Option<(Id, Vec<String>)> + 'static,
        offers: usize,
    ) -> LocalResource<Option<CustomerValue>> {
        let this = *self;
        LocalResource::new(move || {
            this.version.track();
            let customer = customer();
            async move {
                let (id, products) = customer?;
                this.customer_value(id, products, offers).await
            }
        })
    }

    /// How many customers each rule selects; `None` until the analysis of
    /// this visit is in.
    pub async fn segment_counts(&self, groups: Vec<Group>) -> Option<Vec<u64>> {
        if self.version.get_untracked() == 0 {
            return None;
        }
        match client::ask(Task::SegmentCounts { groups }).await {
            Ok(Done::Counts(Some(counts))) => Some(counts),
            Ok(Done::Counts(None)) => {
                self.lost();
                None
            }
            other => {
                self.report(other.err());
                None
            }
        }
    }

    /// A rule's members, most valuable first (how many, and the first
    /// `limit` with their figures); `None` until the analysis of this
    /// visit is in.
    pub async fn members(&self, group: Group, limit: usize) -> Option<Members> {
        if self.version.get_untracked() == 0 {
            return None;
        }
        let task = Task::SegmentMembers {
            group,
            limit: limit as u32,
        };
        match client::ask(task).await {
            Ok(Done::Members(Some(members))) => Some(members),
            Ok(Done::Members(None)) => {
                self.lost();
                None
            }
            other => {
                self.report(other.err());
                None
            }
        }
    }

    /// The members of `group` as a CSV file made in the worker: its
    /// object URL.
    pub async fn export_segment(
        &self,
        group: Group,
        lang: Lang,
        job: JobHandle,
    ) -> Result<String, StorageError> {
        match client::run(Task::SegmentExport { group, lang }, job).await? {
            Done::File { url } => Ok(url),
            _ => Err(unexpected()),
        }
    }

    fn report(&self, error: Option<StorageError>) {
        self.crm.report(&error.unwrap_or_else(unexpected));
    }
}

fn unexpected() -> StorageError {
    StorageError::new(
        ErrorKind::Other,
        "the background worker answered with something unexpected",
    )
}

/// Provides the insights context (after the crm context), starting from
/// the analysis cached on this device, if any.
pub fn provide_insights(crm: Crm) -> Insights {
    let cached = prefs::load_analysis();
    let insights = Insights {
        cached_at: RwSignal::new(cached.as_ref().map(|c| c.computed_at)),
        overview: RwSignal::new(cached.map(|c| Arc::new(c.overview))),
        version: RwSignal::new(0),
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
