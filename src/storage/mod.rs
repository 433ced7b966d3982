//! Browser storage: the only module that touches persistent browser state.
//!
//! - [`prefs`]: device preferences in `localStorage` (language, theme).
//! - [`idb`]: thin futures over IndexedDB and readable storage errors.
//! - [`schema`]: the IndexedDB schema and its ordered migrations.
//! - [`db`]: the customer database: the one write path and paged reads.

pub mod db;
pub mod idb;
pub mod prefs;
pub mod schema;

pub use db::{Counts, Db, Written};
pub use idb::{ErrorKind, StorageError};
