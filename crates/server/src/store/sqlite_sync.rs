//! Sync on SQLite: [`SyncTx`] on an open write transaction, and the pull
//! query. The write transaction is `BEGIN IMMEDIATE` on the one writer
//! connection, which already serialises pushes, so "locking the
//! workspace" is just reading its change number.

use ilgi_core::model::{Entity, Id};
use ilgi_core::sync::protocol::Change;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::StoreError;
use super::sync_tx::{ClientRow, PulledRows, RecordRow, SyncTx, entity_name};
use crate::clock::Millis;

fn fail(what: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |e| StoreError::backend(what, e)
}

/// The push's view of a SQLite write transaction.
pub struct SqliteSync<'a>(pub &'a Transaction<'a>);

impl SyncTx for SqliteSync<'_> {
    fn lock_workspace(&mut self, workspace: Id) -> Result<u64, StoreError> {
        let seq: i64 = self
            .0
            .query_row(
                "SELECT change_seq FROM workspaces WHERE id = ?1",
                [workspace.to_string()],
                |row| row.get(0),
            )
            .map_err(fail("reading the workspace"))?;
        Ok(seq as u64)
    }

    fn client(&mut self, workspace: Id, client: Id) -> Result<Option<ClientRow>, StoreError> {
        self.0
            .prepare_cached(
                "SELECT acked_seq FROM clients WHERE workspace_id = ?1 AND client_id = ?2",
            )
            .and_then(|mut s| {
                s.query_row([workspace.to_string(), client.to_string()], |row| {
                    Ok(ClientRow {
                        acked_seq: row.get::<_, i64>(0)? as u64,
                    })
                })
                .optional()
            })
            .map_err(fail("reading the client"))
    }

    fn prefix_taken(&mut self, workspace: Id, prefix: &str) -> Result<bool, StoreError> {
        self.0
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM clients WHERE workspace_id = ?1 AND case_prefix = ?2)",
                params![workspace.to_string(), prefix],
                |row| row.get(0),
            )
            .map_err(fail("reading case prefixes"))
    }

    fn insert_client(
        &mut self,
        workspace: Id,
        client: Id,
        prefix: &str,
        user: Id,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.0
            .execute(
                "INSERT INTO clients (workspace_id, client_id, case_prefix, acked_seq, last_user, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?5)",
                params![
                    workspace.to_string(),
                    client.to_string(),
                    prefix,
                    user.to_string(),
                    now
                ],
            )
            .map(|_| ())
            .map_err(fail("registering the client"))
    }

    fn load(&mut self, workspace: Id, keys: &[(Entity, Id)]) -> Result<Vec<Change>, StoreError> {
        let mut stmt = self
            .0
            .prepare_cached(
                "SELECT body FROM records WHERE workspace_id = ?1 AND entity = ?2 AND id = ?3",
            )
            .map_err(fail("loading records"))?;
        let ws = workspace.to_string();
        let mut out = Vec::with_capacity(keys.len());
        for (entity, id) in keys {
            let body: Option<String> = stmt
                .query_row(params![ws, entity_name(*entity), id.to_string()], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(fail("loading records"))?;
            if let Some(body) = body {
                out.push(
                    serde_json::from_str(&body)
                        .map_err(|e| StoreError::backend("reading a stored record", e))?,
                );
            }
        }
        Ok(out)
    }

    fn save(&mut self, workspace: Id, rows: &[RecordRow<'_>]) -> Result<(), StoreError> {
        let mut stmt = self
            .0
            .prepare_cached(
                "INSERT INTO records (workspace_id, entity, id, container_id, change_seq, deleted, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (workspace_id, entity, id) DO UPDATE SET
                   container_id = excluded.container_id, change_seq = excluded.change_seq,
                   deleted = excluded.deleted, body = excluded.body",
            )
            .map_err(fail("storing records"))?;
        let ws = workspace.to_string();
        for row in rows {
            stmt.execute(params![
                ws,
                entity_name(row.write.entity),
                row.write.id.to_string(),
                row.write.container.map(|c| c.to_string()),
                row.change_seq as i64,
                i64::from(row.write.deleted),
                row.body,
            ])
            .map_err(fail("storing records"))?;
        }
        Ok(())
    }

    fn set_change_seq(&mut self, workspace: Id, change_seq: u64) -> Result<(), StoreError> {
        self.0
            .execute(
                "UPDATE workspaces SET change_seq = ?2 WHERE id = ?1",
                params![workspace.to_string(), change_seq as i64],
            )
            .map(|_| ())
            .map_err(fail("numbering changes"))
    }

    fn set_client(
        &mut self,
        workspace: Id,
        client: Id,
        acked_seq: u64,
        user: Id,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "UPDATE clients SET acked_seq = ?3, last_user = ?4, last_seen = ?5
                 WHERE workspace_id = ?1 AND client_id = ?2",
            )
            .and_then(|mut s| {
                s.execute(params![
                    workspace.to_string(),
                    client.to_string(),
                    acked_seq as i64,
                    user.to_string(),
                    now
                ])
            })
            .map(|_| ())
            .map_err(fail("acknowledging"))
    }
}

/// The records of `workspace` changed after change number `after`, at most
/// `limit`, oldest change first.
///
/// # Errors
///
/// [`StoreError::Backend`].
pub fn pull(
    conn: &Connection,
    workspace: Id,
    after: u64,
    limit: usize,
) -> Result<PulledRows, StoreError> {
    let ws = workspace.to_string();
    let mut stmt = conn
        .prepare_cached(
            "SELECT change_seq, body FROM records
             WHERE workspace_id = ?1 AND change_seq > ?2
             ORDER BY change_seq LIMIT ?3",
        )
        .map_err(fail("reading changes"))?;
    let mut rows = stmt
        .query(params![ws, after as i64, limit as i64 + 1])
        .map_err(fail("reading changes"))?;
    let mut page = PulledRows {
        last: after,
        ..PulledRows::default()
    };
    while let Some(row) = rows.next().map_err(fail("reading changes"))? {
        if page.bodies.len() == limit {
            page.more = true;
            break;
        }
        page.last = row.get::<_, i64>(0).map_err(fail("reading changes"))? as u64;
        page.bodies
            .push(row.get(1).map_err(fail("reading changes"))?);
    }
    if page.more {
        // At most the change numbers after the page (exact unless a record
        // was written more than once): a count would read every row.
        let newest: i64 = conn
            .query_row(
                "SELECT change_seq FROM workspaces WHERE id = ?1",
                [&ws],
                |row| row.get(0),
            )
            .map_err(fail("reading changes"))?;
        page.remaining = (newest as u64).saturating_sub(page.last);
    }
    Ok(page)
}
