//! Thin futures over the browser's IndexedDB API (web-sys), and readable
//! storage errors.
//!
//! Written here instead of taking `indexed_db_futures`: the migration
//! framework needs the version-change transaction inside `upgradeneeded`
//! (0.6 does not hand it out), bulk writes want plain `put` calls with one
//! explicit commit, and records cross the wasm boundary as one JSON string per
//! chunk (see `super::db`), so a wrapper adds types without removing work.
//! What is left is three small adapters: a request, a transaction's end, and
//! opening with an upgrade step.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

use crate::js_error;

/// What went wrong, in the terms a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ErrorKind {
    /// The browser has no IndexedDB (private mode in some browsers).
    Unsupported,
    /// The origin's storage quota is used up.
    Quota,
    /// A newer version of ilgi upgraded the database in another tab.
    Newer,
    /// The connection was closed: the app closes it only when another tab
    /// upgrades (or deletes) the database. Chromium: `InvalidStateError`,
    /// "The database connection is closing."
    Closed,
    /// The database was never opened in this tab (still opening, or opening
    /// failed). Raised by the app, not the browser.
    NotOpen,
    /// The transaction had already finished (committed, aborted, or ended
    /// by the browser because nothing was queued in time) when more work
    /// was asked of it. Chromium: `InvalidStateError`, "Failed to execute
    /// 'objectStore' on 'IDBTransaction': The transaction has finished."
    /// (checked in `tests/failures.rs`), or `TransactionInactiveError`,
    /// "The transaction is not active." for a request at the wrong moment.
    Inactive,
    /// Any other `InvalidStateError`: the browser refused the operation in
    /// the database's current state (e.g. while a version change runs).
    InvalidState,
    /// A uniqueness rule was broken (e.g. the same external id twice).
    Constraint,
    /// A stored record could not be read or written as data.
    Data,
    /// The write was cancelled and rolled back.
    Aborted,
    /// An edit was made on a copy that changed underneath (in another tab
    /// or by sync) in the same fields; `detail` lists them. Nothing was
    /// written.
    Conflict,
    /// The record being edited was deleted meanwhile. Nothing was written.
    Gone,
    /// A change from another device is stamped too far in the future
    /// (its clock is wrong). Nothing was written.
    Drift,
    /// This device is signed in to a workspace as a viewer: it reads the
    /// workspace's data but does not change it. Raised by the app.
    ReadOnly,
    /// Anything else the browser reported.
    Other,
}

/// A storage failure with the browser's own words kept as detail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StorageError {
    pub kind: ErrorKind,
    pub detail: String,
}

impl StorageError {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> StorageError {
        StorageError {
            kind,
            detail: detail.into(),
        }
    }

    /// The app has no open database (see [`ErrorKind::NotOpen`]).
    pub fn not_open() -> StorageError {
        StorageError::new(ErrorKind::NotOpen, "the database is not open")
    }

    /// Classifies a DOMException (or any thrown value) by its name, and an
    /// `InvalidStateError` also by its message: IndexedDB throws it both
    /// for a closed connection and for other states.
    pub fn from_js(value: &JsValue) -> StorageError {
        let (name, message) = value
            .dyn_ref::<web_sys::DomException>()
            .map(|e| (e.name(), e.message()))
            .unwrap_or_default();
        let kind = match name.as_str() {
            "QuotaExceededError" => ErrorKind::Quota,
            "VersionError" => ErrorKind::Newer,
            "InvalidStateError" => invalid_state_kind(&message),
            "TransactionInactiveError" => ErrorKind::Inactive,
            "ConstraintError" => ErrorKind::Constraint,
            "DataError" | "DataCloneError" | "SyntaxError" => ErrorKind::Data,
            "AbortError" => ErrorKind::Aborted,
            "UnknownError" | "" => ErrorKind::Other,
            _ => ErrorKind::Other,
        };
        StorageError::new(kind, js_error::describe(value))
    }

    /// A stored document that does not parse as the type it should be.
    pub fn bad_data(what: &str, error: impl std::fmt::Display) -> StorageError {
        StorageError::new(ErrorKind::Data, format!("{what}: {error}"))
    }

    /// Translation key of the message shown to the user.
    pub fn key(&self) -> &'static str {
        match self.kind {
            ErrorKind::Unsupported => "storage-error-unsupported",
            ErrorKind::Quota => "storage-error-quota",
            ErrorKind::Newer => "storage-error-newer",
            ErrorKind::Closed => "storage-error-closed",
            ErrorKind::NotOpen => "storage-error-not-open",
            ErrorKind::Inactive => "storage-error-inactive",
            ErrorKind::InvalidState => "storage-error-invalid-state",
            ErrorKind::Constraint => "storage-error-constraint",
            ErrorKind::Data => "storage-error-data",
            ErrorKind::Aborted => "storage-error-aborted",
            ErrorKind::Conflict => "storage-error-conflict",
            ErrorKind::Gone => "storage-error-gone",
            ErrorKind::Drift => "storage-error-drift",
            ErrorKind::ReadOnly => "storage-error-read-only",
            ErrorKind::Other => "storage-error-other",
        }
    }
}

/// The kind of an `InvalidStateError` from its message. Chromium says
/// "The database connection is closing." when the connection was closed and
/// "The transaction has finished." when a finished transaction is used (both
/// seen in `tests/failures.rs`); Firefox's wording is matched too. Every
/// other message is another state.
fn invalid_state_kind(message: &str) -> ErrorKind {
    let message = message.to_ascii_lowercase();
    if message.contains("connection is closing")
        || message.contains("connection is closed")
        || message.contains("database is closed")
    {
        ErrorKind::Closed
    } else if message.contains("transaction has finished")
        || message.contains("transaction is not active")
        || message.contains("transaction is finished")
    {
        ErrorKind::Inactive
    } else {
        ErrorKind::InvalidState
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.detail)
    }
}

impl From<JsValue> for StorageError {
    fn from(value: JsValue) -> StorageError {
        StorageError::from_js(&value)
    }
}

/// Starts watching a request: the handlers are attached now, so the
/// returned future also resolves when the request finishes before it is
/// first polled (pipelined bulk writes rely on that).
pub fn watch(req: &IdbRequest) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let result = ok_req.result().unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::UNDEFINED, &result);
        });
        let err_req = req.clone();
        let on_err = Closure::once_into_js(move |_: web_sys::Event| {
            // The default action (aborting the transaction) is kept on
            // purpose: a failed write must not leave half a batch behind.
            let error = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// The result of one request, once it succeeds.
pub async fn request(req: &IdbRequest) -> Result<JsValue, StorageError> {
    settle(watch(req)).await
}

/// Awaits a watched request.
pub async fn settle(watched: JsFuture) -> Result<JsValue, StorageError> {
    watched.await.map_err(|e| StorageError::from_js(&e))
}

/// Resolves when the transaction commits; fails with the transaction's
/// error (or an abort) otherwise. Attach it before the last request settles.
pub fn done(tx: &IdbTransaction) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let fail_tx = tx.clone();
        let reject = Rc::new(reject);
        let reject2 = reject.clone();
        let fail_tx2 = tx.clone();
        let on_error = Closure::once_into_js(move |ev: web_sys::Event| {
            // A failed request's error bubbles here before the transaction
            // records its own; take the request's, which names the cause.
            let from_request = ev
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.error().ok().flatten());
            let error = from_request
                .or_else(|| fail_tx.error())
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("transaction failed"));
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error = fail_tx2.error().map(JsValue::from).unwrap_or_else(|| {
                web_sys::DomException::new_with_message_and_name(
                    "the write was cancelled",
                    "AbortError",
                )
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED)
            });
            let _ = reject2.call1(&JsValue::UNDEFINED, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Commits explicitly and waits for the commit.
pub async fn commit(tx: &IdbTransaction, finished: JsFuture) -> Result<(), StorageError> {
    // `commit()` throws when the transaction already finished on its own
    // (no pending requests); the `finished` future still tells the outcome.
    // web-sys marks it deprecated only because older Safari lacked it; where
    // it is missing the transaction still auto-commits.
    #[allow(deprecated)]
    let _ = tx.commit();
    finished
        .await
        .map(|_| ())
        .map_err(|e| StorageError::from_js(&e))
}

/// Runs inside `upgradeneeded`: gets the database, the version-change
/// transaction and the old version.
pub type Upgrade = Box<dyn FnOnce(&IdbDatabase, &IdbTransaction, u32) -> Result<(), JsValue>>;

/// The global `indexedDB`: the window's on the page, the worker's in the
/// Web Worker.
pub fn factory() -> Result<web_sys::IdbFactory, StorageError> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .ok()
        .and_then(|v| v.dyn_into::<web_sys::IdbFactory>().ok())
        .ok_or_else(|| StorageError::new(ErrorKind::Unsupported, "indexedDB is missing"))
}

/// Opens `name` at `version`, running `upgrade` when the stored version is
/// older. `on_blocked` is called when other tabs keep the old version open.
pub async fn open(
    name: &str,
    version: u32,
    upgrade: Upgrade,
    on_blocked: impl Fn() + 'static,
) -> Result<IdbDatabase, StorageError> {
    let factory = factory()?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| StorageError::from_js(&e))?;
    let upgrade_error: Rc<RefCell<Option<JsValue>>> = Rc::new(RefCell::new(None));
    let upgrade_cell = RefCell::new(Some(upgrade));
    let error_slot = upgrade_error.clone();
    let up_req = req.clone();
    let on_upgrade = Closure::<dyn Fn(web_sys::IdbVersionChangeEvent)>::new(
        move |ev: web_sys::IdbVersionChangeEvent| {
            let Some(upgrade) = upgrade_cell.borrow_mut().take() else {
                return;
            };
            let db: IdbDatabase = match up_req.result() {
                Ok(v) => v.unchecked_into(),
                Err(e) => {
                    *error_slot.borrow_mut() = Some(e);
                    return;
                }
            };
            let Some(tx) = up_req.transaction() else {
                return;
            };
            if let Err(e) = upgrade(&db, &tx, ev.old_version() as u32) {
                *error_slot.borrow_mut() = Some(e);
                let _ = tx.abort();
            }
        },
    );
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let on_blocked = Closure::<dyn Fn()>::new(on_blocked);
    req.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    let result = request(&req).await;
    req.set_onupgradeneeded(None);
    req.set_onblocked(None);
    drop(on_upgrade);
    drop(on_blocked);
    if let Some(e) = upgrade_error.borrow_mut().take() {
        return Err(StorageError::from_js(&e));
    }
    Ok(result?.unchecked_into())
}

/// Deletes a whole database (tests, "reset everything").
pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    let factory = factory()?;
    let req = factory
        .delete_database(name)
        .map_err(|e| StorageError::from_js(&e))?;
    request(&req).await.map(|_| ())
}
