//! Browser storage: the only module that touches persistent browser state.
//!
//! - [`prefs`]: device preferences in `localStorage` (language, theme).
//! - [`idb`]: thin futures over IndexedDB and readable storage errors.
//! - [`schema`]: the IndexedDB schema and its ordered migrations.
//! - [`db`]: the customer database: opening, the connection and paged reads.
//! - [`write`]: the one write path (edits, the bulk variant, remote
//!   changes) and the outbox; the only code that opens a readwrite
//!   transaction.
//! - [`tabs`]: other tabs hear about every committed write.
//! - [`blocks`]: purchases, timeline entries and consent decisions, one
//!   document per customer and kind, in a compact binary form.

pub mod blocks;
pub mod db;
pub mod idb;
pub mod prefs;
pub mod schema;
pub mod tabs;
pub mod write;

pub use db::{Counts, Db};
pub use idb::{ErrorKind, StorageError};
pub use tabs::Announcement;
pub use write::{BulkTx, Written};
