//! Long-running work (demo data, imports, exports, backups): each job runs
//! in steps that yield to the browser between them, reports progress and
//! checks a cancel flag. Jobs call core for every decision and the storage
//! layer for every read and write.

pub mod analytics;
pub mod backup;
pub mod demo;
pub mod export;
pub mod import;
pub mod mentions;

use leptos::prelude::*;

/// Progress and cancellation shared between a job and its view.
#[derive(Clone, Copy)]
pub struct JobHandle {
    pub done: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub running: RwSignal<bool>,
    /// Translation key of the current phase ("reading", "writing"…).
    pub phase: RwSignal<Option<&'static str>>,
    cancel: RwSignal<bool>,
}

impl JobHandle {
    pub fn new() -> JobHandle {
        JobHandle {
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            running: RwSignal::new(false),
            phase: RwSignal::new(None),
            cancel: RwSignal::new(false),
        }
    }

    /// Marks the job started with `total` steps (again for a new phase;
    /// a cancel request stays in force).
    pub fn start(&self, total: usize) {
        self.done.set(0);
        self.total.set(total);
        self.running.set(true);
    }

    /// Clears a previous cancel request before a new run.
    pub fn reset(&self) {
        self.cancel.set(false);
        self.phase.set(None);
    }

    pub fn set_phase(&self, key: &'static str) {
        self.phase.set(Some(key));
    }

    pub fn progress(&self, done: usize) {
        self.done.set(done);
    }

    pub fn finish(&self) {
        self.running.set(false);
    }

    /// Asks the job to stop at its next step.
    pub fn request_cancel(&self) {
        self.cancel.set(true);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.get_untracked()
    }
}

impl Default for JobHandle {
    fn default() -> Self {
        JobHandle::new()
    }
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Cancelled,
}

/// Lets the browser paint and handle input before the next step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Today's date in the browser's time zone.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
