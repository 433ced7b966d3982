//! Long-running work (demo data, imports, exports, backups): each job runs
//! in steps that yield between them, reports progress and checks a cancel
//! flag through [`Progress`]. Jobs call core for every decision and the
//! storage layer for every read and write. Jobs that take a `&Db` and a
//! `&dyn Progress` (no `Crm`, no signals) also run in the Web Worker
//! (`crate::worker`), which reports their progress back to a [`JobHandle`].

pub mod analytics;
pub mod backup;
pub mod cases;
pub mod demo;
pub mod duplicates;
pub mod export;
pub mod import;
pub mod mentions;
pub mod posts;

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
    /// Called on a cancel request (a job in the worker forwards it).
    on_cancel: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>,
}

impl JobHandle {
    pub fn new() -> JobHandle {
        JobHandle {
            done: RwSignal::new(0),
            total: RwSignal::new(0),
            running: RwSignal::new(false),
            phase: RwSignal::new(None),
            cancel: RwSignal::new(false),
            on_cancel: StoredValue::new_local(None),
        }
    }

    /// What a cancel request also does (replacing the previous hook).
    pub fn on_cancel(&self, hook: impl Fn() + 'static) {
        self.on_cancel.set_value(Some(std::rc::Rc::new(hook)));
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
        if let Some(hook) = self.on_cancel.get_value() {
            hook();
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.get_untracked()
    }
}

/// What a job reports and asks while it runs: on the UI thread a
/// [`JobHandle`], in the worker a reporter that posts progress messages.
pub trait Progress {
    /// Starts a phase of `total` steps.
    fn start(&self, total: usize);
    /// Names the phase (a translation key).
    fn set_phase(&self, key: &'static str);
    fn progress(&self, done: usize);
    /// Whether the user asked to stop.
    fn cancelled(&self) -> bool;
}

impl Progress for JobHandle {
    fn start(&self, total: usize) {
        JobHandle::start(self, total);
    }
    fn set_phase(&self, key: &'static str) {
        JobHandle::set_phase(self, key);
    }
    fn progress(&self, done: usize) {
        JobHandle::progress(self, done);
    }
    fn cancelled(&self) -> bool {
        JobHandle::cancelled(self)
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

/// Lets the browser paint and handle input (in the worker: take the next
/// message, such as a cancel) before the next step.
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Keeps the last duration of a named step on `window.__ilgiTimings` (the
/// benchmark reads it; one number per name, cheap to keep in production).
pub fn record_timing(name: &str, ms: f64) {
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
