//! The Web Worker that runs long jobs off the UI thread.
//!
//! A second wasm module (`src/bin/ilgi-worker.rs`, built by Trunk as
//! `ilgi-worker.js` + `ilgi-worker_bg.wasm`, precached by the service
//! worker) is spawned on first use. The page and the worker speak the typed
//! messages of [`protocol`] (serde, encoded with postcard by
//! [`codec::Postcard`]) over `gloo-worker`'s channel:
//!
//! - the page sends [`Input::Run`] with a job number and a [`Task`], and
//!   [`Input::Cancel`] when the user stops it;
//! - the worker opens its own connection to the same IndexedDB database
//!   (the storage layer is shared code: a second connection is handled
//!   like a second tab), runs the job from `crate::jobs` with a reporter
//!   that posts [`Output::Progress`] at most every 100 ms, and answers
//!   [`Output::Done`] with the job's result.
//!
//! [`run`] is the page's side: it feeds progress into a
//! [`crate::jobs::JobHandle`], forwards a cancel request and resolves with
//! the result. [`host`] is the worker's side.

pub mod codec;
pub mod host;
pub mod protocol;

pub mod client;

pub use client::{ask, run};
pub use protocol::{Done, Input, Output, Task};

/// The error for an answer of the wrong kind (page and worker disagree:
/// a bug, never a user's mistake).
pub fn unexpected(done: &Done) -> crate::storage::StorageError {
    crate::storage::StorageError::new(
        crate::storage::ErrorKind::Other,
        format!("the worker answered {done:?} to another request"),
    )
}

/// Where Trunk puts the worker's JS (the wasm is beside it, `_bg.wasm`).
pub const SCRIPT: &str = "/ilgi-worker.js";
