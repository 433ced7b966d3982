//! Sync-ready records: per-field versions, their merge, and mutations.
//!
//! Every synced record is, for merging, a flat map of paths (one per scalar
//! field, one per element of a set field) with the stamp of the change that
//! wrote each ([`state`]). Merging two copies of a record is a join of
//! those maps, so devices that exchange mutations in any order, any number
//! of times, end with the same record. A write produces one [`Mutation`]
//! per record: the changed paths and the stamp, numbered by the
//! installation's client id and sequence number, which is exactly what the
//! outbox keeps and a sync push sends. [`apply`] puts an incoming mutation
//! on a stored record; [`erase`] and [`merge_customers`] build the batches
//! of the two operations whose rules are easy to get wrong in a view.
//!
//! Merge rules per field (see [`Shape`]):
//! - scalars (`first_name`, `city`, `tier`, `custom`, …): last writer wins
//!   by stamp; the stamp's node breaks ties between devices;
//! - `emails`, `phones`, `tags`, `products`, `identities`: element by
//!   element; an element added on one device and removed on another that
//!   had not seen that addition stays; `identities` elements are keyed by
//!   platform and handle, so a follower count update is an element update;
//! - consent decisions are records of their own (`Entity::Consent`,
//!   [`crate::model::ConsentRecord`]), write-once: every field keeps its
//!   first write and a decision is never deleted, so a withdrawal can never
//!   be lost; the latest decision per channel is in force;
//! - `deleted`: sticky; personal data of a deleted record is dropped by
//!   every merge after it and cannot be revived by a device that was
//!   offline.

pub mod engine;
pub mod hub;
mod mutation;
mod ops;
pub mod outbox;
pub mod protocol;
mod shape;
mod state;

#[cfg(test)]
mod tests;

pub use mutation::{
    Mutation, MutationError, apply, compact, conflicts, created_fields, diff, snapshot,
};
pub use ops::{
    Belongings, ERASURE_SOURCE, MergeChoice, MergeError, erase, follow_merge, merge_customers,
};
pub use shape::{BOOKKEEPING, DELETED, Shape};
pub use state::{Paths, Slot, StateError, merge, merge_paths, paths_of, record_from};
