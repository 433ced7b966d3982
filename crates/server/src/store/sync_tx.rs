//! The one push algorithm, written once for both databases.
//!
//! Each backend implements [`SyncTx`] on its open transaction (a handful
//! of plain reads and writes); [`push`] does the rest in the same order on
//! both: lock the workspace, find or register the client, let core's
//! [`plan_push`] decide, number the writes after the workspace's last
//! change number, store them, and move the workspace's number and the
//! client's high-water mark. The caller commits.
//!
//! Locking the workspace first serialises pushes to one workspace, so
//! change numbers are committed in the order they are handed out: a pull
//! that read up to number N can never miss a number below N that commits
//! later (the usual gap of a plain sequence).

use ilgi_core::cases::case_number;
use ilgi_core::model::{Entity, Id};
use ilgi_core::sync::Mutation;
use ilgi_core::sync::hub::{PushError, Write, plan_push};
use ilgi_core::sync::protocol::Change;

use super::StoreError;
use crate::clock::Millis;

/// An installation known to a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// The high-water mark of its applied mutations.
    pub acked_seq: u64,
}

/// A record to store, numbered.
#[derive(Debug, Clone, Copy)]
pub struct RecordRow<'a> {
    pub change_seq: u64,
    pub write: &'a Write,
    /// The record's `Change` as JSON (the stored body).
    pub body: &'a str,
}

/// What a backend's open transaction offers the push.
pub trait SyncTx {
    /// Locks the workspace against other pushes until commit and returns
    /// its last change number.
    fn lock_workspace(&mut self, workspace: Id) -> Result<u64, StoreError>;
    /// The client, if it pushed to this workspace before.
    fn client(&mut self, workspace: Id, client: Id) -> Result<Option<ClientRow>, StoreError>;
    /// Whether another client of the workspace has this case prefix.
    fn prefix_taken(&mut self, workspace: Id, prefix: &str) -> Result<bool, StoreError>;
    /// Registers a client.
    fn insert_client(
        &mut self,
        workspace: Id,
        client: Id,
        prefix: &str,
        user: Id,
        now: Millis,
    ) -> Result<(), StoreError>;
    /// The stored state of these records (those that exist).
    fn load(&mut self, workspace: Id, keys: &[(Entity, Id)]) -> Result<Vec<Change>, StoreError>;
    /// Inserts or replaces these records.
    fn save(&mut self, workspace: Id, rows: &[RecordRow<'_>]) -> Result<(), StoreError>;
    /// Sets the workspace's last change number.
    fn set_change_seq(&mut self, workspace: Id, change_seq: u64) -> Result<(), StoreError>;
    /// Moves the client's high-water mark and notes who pushed when.
    fn set_client(
        &mut self,
        workspace: Id,
        client: Id,
        acked_seq: u64,
        user: Id,
        now: Millis,
    ) -> Result<(), StoreError>;
}

/// Why a push stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum PushFailure {
    /// The data refuses it (422 with the mutation and field).
    #[error(transparent)]
    Refused(PushError<StoreError>),
    /// Another installation in the workspace has this client's case-number
    /// prefix: the client must take a new id (409).
    #[error("another device of this workspace numbers its cases {0}; this device needs a new id")]
    PrefixTaken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The four characters a client's case numbers start with (`K-7QF3-…`).
pub fn case_prefix(client: Id) -> String {
    case_number(client, 0)
        .split('-')
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// Applies a push inside the open transaction `tx`; returns the client's
/// high-water mark. On an error the caller rolls back.
///
/// # Errors
///
/// [`PushFailure`].
pub fn push(
    tx: &mut impl SyncTx,
    workspace: Id,
    user: Id,
    client: Id,
    mutations: &[Mutation],
    now: Millis,
) -> Result<u64, PushFailure> {
    let change_seq = tx.lock_workspace(workspace)?;
    let acked = match tx.client(workspace, client)? {
        Some(row) => row.acked_seq,
        None => {
            let prefix = case_prefix(client);
            if tx.prefix_taken(workspace, &prefix)? {
                return Err(PushFailure::PrefixTaken(prefix));
            }
            tx.insert_client(workspace, client, &prefix, user, now)?;
            0
        }
    };
    let plan = plan_push(acked, now.max(0) as u64, mutations, |keys| {
        tx.load(workspace, keys)
    })
    .map_err(|e| match e {
        PushError::Load(e) => PushFailure::Store(e),
        other => PushFailure::Refused(other),
    })?;
    if !plan.writes.is_empty() {
        let bodies: Vec<String> = plan
            .writes
            .iter()
            .map(|w| serde_json::to_string(&w.change))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::backend("encoding records", e))?;
        let rows: Vec<RecordRow<'_>> = plan
            .writes
            .iter()
            .zip(&bodies)
            .enumerate()
            .map(|(n, (write, body))| RecordRow {
                change_seq: change_seq + 1 + n as u64,
                write,
                body,
            })
            .collect();
        tx.save(workspace, &rows)?;
        tx.set_change_seq(workspace, change_seq + rows.len() as u64)?;
    }
    tx.set_client(workspace, client, plan.acked, user, now)?;
    Ok(plan.acked)
}

/// A page of a pull as stored: the bodies are the records' `Change` JSON,
/// handed out as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PulledRows {
    pub bodies: Vec<String>,
    /// The change number of the last record of the page (or the cursor's
    /// own when the page is empty).
    pub last: u64,
    pub more: bool,
    /// At most this many records changed after the page (the change
    /// numbers after it; exact unless a record was written more than
    /// once since).
    pub remaining: u64,
}

/// The entity's stored name (its wire name).
pub fn entity_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => "customer",
        Entity::Purchase => "purchase",
        Entity::Interaction => "interaction",
        Entity::Segment => "segment",
        Entity::Consent => "consent",
        Entity::Case => "case",
        Entity::CaseEvent => "case_event",
        Entity::Rules => "rules",
        Entity::Mention => "mention",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_names_are_the_wire_names_and_prefixes_are_four_characters() {
        for entity in [
            Entity::Customer,
            Entity::Purchase,
            Entity::Interaction,
            Entity::Segment,
            Entity::Consent,
            Entity::Case,
            Entity::CaseEvent,
            Entity::Rules,
            Entity::Mention,
        ] {
            assert_eq!(
                serde_json::to_value(entity).unwrap(),
                entity_name(entity),
                "{entity:?}"
            );
        }
        let client = Id::v7(1, [7; 10]);
        let prefix = case_prefix(client);
        assert_eq!(prefix.len(), 4);
        assert!(case_number(client, 12).starts_with(&format!("K-{prefix}-")));
    }
}
