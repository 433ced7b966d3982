//! The PostgreSQL backend (`--database postgres://…`), for a team that
//! runs several server instances behind a load balancer on one database.
//!
//! The synchronous `postgres` client (a thin wrapper of tokio-postgres)
//! implements the same synchronous [`Store`] as SQLite, so the push is the
//! same code on both ([`super::sync_tx::push`]); handlers call it on
//! tokio's blocking pool. Connections come from an r2d2 pool (our own
//! dozen-line manager, as for SQLite). Every method is one transaction at
//! READ COMMITTED; a push locks its workspace's row first
//! (`SELECT … FOR UPDATE`), which serialises the pushes of one workspace
//! across instances, so change numbers commit in the order they are
//! handed out. Records are read and written with one statement per batch
//! (`UNNEST` of arrays), not one round trip per record.
//!
//! Nothing lives outside the database (sessions, rate-limit counters,
//! high-water marks, cursors are rows), so any instance answers any
//! request.

use std::str::FromStr;
use std::time::Duration;

use ilgi_core::model::{Entity, Id};
use ilgi_core::sync::Mutation;
use ilgi_core::sync::protocol::{Change, Role};
use postgres::error::SqlState;
use postgres::{Client, NoTls, Row, Transaction};

use super::migrate::Migration;
use super::sync_tx::{self, ClientRow, PulledRows, PushFailure, RecordRow, SyncTx, entity_name};
use super::{
    Accepted, Credentials, Invitation, Member, NewInvitation, NewSession, NewUser, NewWorkspace,
    Principal, Store, StoreError, role_name, role_of,
};
use crate::clock::{Clock, Millis};

/// The PostgreSQL schema's history, oldest first (the same versions as
/// [`super::migrate::SQLITE`]). Never edit a shipped entry.
pub const POSTGRES: &[Migration] = &[Migration {
    version: 1,
    name: "init",
    sql: include_str!("../../migrations/postgres/0001_init.sql"),
}];

/// Any number, the same in every instance: migrations take this advisory
/// lock so instances started together do not migrate twice.
const MIGRATION_LOCK: i64 = 0x696c_6769;

/// A session's `last_used_at` is refreshed at most this often.
const LAST_USED_PRECISION: Millis = 3_600_000;

/// The PostgreSQL store.
pub struct PostgresStore {
    pool: r2d2::Pool<Connector>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

/// Opens connections for the pool.
struct Connector {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Connector {
    type Connection = Client;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Client, postgres::Error> {
        self.config.connect(NoTls)
    }

    fn is_valid(&self, conn: &mut Client) -> Result<(), postgres::Error> {
        conn.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut Client) -> bool {
        conn.is_closed()
    }
}

fn fail(what: &'static str) -> impl FnOnce(postgres::Error) -> StoreError {
    move |e| StoreError::backend(what, e)
}

/// Adds what was being done to a postgres error.
trait Context<T> {
    fn context(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, postgres::Error> {
    fn context(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(fail(what))
    }
}

fn id_of(text: &str) -> Result<Id, StoreError> {
    text.parse()
        .map_err(|e| StoreError::backend("reading an id", format!("{e:?}")))
}

fn role_from(text: &str) -> Result<Role, StoreError> {
    role_of(text)
        .ok_or_else(|| StoreError::backend("reading a role", format!("unknown role '{text}'")))
}

impl PostgresStore {
    /// Connects to `url` with up to `pool` connections and migrates the
    /// schema. `schema`, when given, is created if missing and used as the
    /// search path of every connection (the tests give each its own).
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`]: a bad URL, no server, a failed migration.
    pub fn open(url: &str, schema: Option<&str>, pool: u32) -> Result<PostgresStore, StoreError> {
        let mut config = postgres::Config::from_str(url)
            .map_err(|e| StoreError::backend("reading the database URL", e))?;
        config.connect_timeout(Duration::from_secs(10));
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::backend(
                    "choosing the schema",
                    format!("'{schema}' is not a plain name"),
                ));
            }
            let mut admin = config.connect(NoTls).context("connecting")?;
            admin
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .context("creating the schema")?;
            config.options(&format!("-csearch_path={schema}"));
        }
        let pool = r2d2::Pool::builder()
            .max_size(pool.max(1))
            .connection_timeout(Duration::from_secs(10))
            .build(Connector { config })
            .map_err(|e| StoreError::backend("connecting", e))?;
        let store = PostgresStore { pool };
        store.migrate(POSTGRES, Clock::system().now())?;
        Ok(store)
    }

    /// Brings the schema up to the newest version; returns the versions
    /// applied now.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`] when SQL fails (that version is rolled back)
    /// or the database is newer than this build.
    pub fn migrate(&self, migrations: &[Migration], now: Millis) -> Result<Vec<i64>, StoreError> {
        const WHAT: &str = "migrating the schema";
        let mut conn = self.conn()?;
        conn.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version     BIGINT NOT NULL PRIMARY KEY,
                 name        TEXT   NOT NULL,
                 applied_at  BIGINT NOT NULL
             )",
        )
        .or_else(|e| {
            // Two instances creating it at once: one wins, the other's
            // CREATE fails on the catalogue's unique index; both go on.
            if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
                Ok(())
            } else {
                Err(e)
            }
        })
        .context(WHAT)?;
        let newest_known = migrations.iter().map(|m| m.version).max().unwrap_or(0);
        let mut applied = Vec::new();
        for migration in migrations {
            let mut tx = conn.transaction().context(WHAT)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
                .context(WHAT)?;
            let newest: Option<i64> = tx
                .query_one("SELECT MAX(version) FROM schema_migrations", &[])
                .context(WHAT)?
                .get(0);
            if let Some(newest) = newest
                && newest > newest_known
            {
                return Err(StoreError::backend(
                    WHAT,
                    format!(
                        "the database is at schema version {newest}, newer than this server \
                         knows ({newest_known}); run a newer ilgi-server"
                    ),
                ));
            }
            let done: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)",
                    &[&migration.version],
                )
                .context(WHAT)?
                .get(0);
            if done {
                continue;
            }
            tx.batch_execute(migration.sql).context(WHAT)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[&migration.version, &migration.name, &now],
            )
            .context(WHAT)?;
            tx.commit().context(WHAT)?;
            applied.push(migration.version);
        }
        Ok(applied)
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<Connector>, StoreError> {
        self.pool
            .get()
            .map_err(|e| StoreError::backend("waiting for a connection", e))
    }

    /// Runs `f` in one transaction, committed when it succeeds.
    fn write<T, E: From<StoreError>>(
        &self,
        what: &'static str,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().context(what)?;
        let value = f(&mut tx)?;
        tx.commit().context(what)?;
        Ok(value)
    }

    /// Runs `f` on a pooled connection outside a transaction.
    fn read<T>(
        &self,
        what: &'static str,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        f(&mut conn).context(what)
    }
}

fn email_exists(tx: &mut Transaction<'_>, email_key: &str) -> Result<bool, postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)",
            &[&email_key],
        )?
        .get(0))
}

/// A unique violation on the users' email is a taken email, whatever
/// check came first (two sign-ups at once).
fn taken_or(what: &'static str) -> impl FnOnce(postgres::Error) -> StoreError {
    move |e| {
        if e.code() == Some(&SqlState::UNIQUE_VIOLATION)
            && e.as_db_error()
                .and_then(|d| d.constraint())
                .is_some_and(|c| c.contains("email"))
        {
            StoreError::EmailTaken
        } else {
            StoreError::backend(what, e)
        }
    }
}

fn insert_user(
    tx: &mut Transaction<'_>,
    user: &NewUser,
    workspace_id: Id,
    role: Role,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO users (id, workspace_id, email, email_key, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &user.id.to_string(),
            &workspace_id.to_string(),
            &user.email,
            &user.email_key,
            &user.password_hash,
            &role_name(role),
            &user.created_at,
        ],
    )
    .map(drop)
    .map_err(taken_or("creating an account"))
}

fn insert_session(
    tx: &mut Transaction<'_>,
    user_id: Id,
    workspace_id: Id,
    session: &NewSession,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, workspace_id, created_at, expires_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $4)",
        &[
            &session.token_hash,
            &user_id.to_string(),
            &workspace_id.to_string(),
            &session.created_at,
            &session.expires_at,
        ],
    )
    .map(drop)
    .context("opening a session")
}

fn invitation_of(row: &Row) -> Result<Invitation, StoreError> {
    Ok(Invitation {
        workspace_id: id_of(row.get(0))?,
        email: row.get(1),
        role: role_from(row.get(2))?,
        expires_at: row.get(3),
        accepted_at: row.get(4),
    })
}

const INVITATION: &str = "SELECT workspace_id, email, role, expires_at, accepted_at
                          FROM invitations WHERE code_hash = $1";

impl Store for PostgresStore {
    fn ping(&self) -> Result<(), StoreError> {
        self.read("checking the database", |c| {
            c.simple_query("SELECT 1").map(drop)
        })
    }

    fn email_taken(&self, email_key: &str) -> Result<bool, StoreError> {
        self.read("looking up an email", |c| {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)",
                &[&email_key],
            )?
            .get(0))
        })
    }

    fn create_workspace(
        &self,
        workspace: &NewWorkspace,
        admin: &NewUser,
        session: &NewSession,
    ) -> Result<(), StoreError> {
        const WHAT: &str = "creating a workspace";
        self.write(WHAT, |tx| {
            if email_exists(tx, &admin.email_key).context(WHAT)? {
                return Err(StoreError::EmailTaken);
            }
            tx.execute(
                "INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)",
                &[
                    &workspace.id.to_string(),
                    &workspace.name,
                    &workspace.created_at,
                ],
            )
            .context(WHAT)?;
            insert_user(tx, admin, workspace.id, Role::Admin)?;
            insert_session(tx, admin.id, workspace.id, session)
        })
    }

    fn credentials(&self, email_key: &str) -> Result<Option<Credentials>, StoreError> {
        let row = self.read("looking up an account", |c| {
            c.query_opt(
                "SELECT id, password_hash FROM users WHERE email_key = $1",
                &[&email_key],
            )
        })?;
        row.map(|row| {
            Ok(Credentials {
                user_id: id_of(row.get(0))?,
                password_hash: row.get(1),
            })
        })
        .transpose()
    }

    fn create_session(&self, user_id: Id, session: &NewSession) -> Result<(), StoreError> {
        const WHAT: &str = "opening a session";
        self.write(WHAT, |tx| {
            let added = tx
                .execute(
                    "INSERT INTO sessions
                         (token_hash, user_id, workspace_id, created_at, expires_at, last_used_at)
                     SELECT $1, id, workspace_id, $3, $4, $3 FROM users WHERE id = $2",
                    &[
                        &session.token_hash,
                        &user_id.to_string(),
                        &session.created_at,
                        &session.expires_at,
                    ],
                )
                .context(WHAT)?;
            if added == 0 {
                return Err(StoreError::backend(WHAT, format!("no user {user_id}")));
            }
            Ok(())
        })
    }

    fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Principal>, StoreError> {
        let row = self.read("checking a session", |c| {
            c.query_opt(
                "SELECT s.user_id, s.workspace_id, u.role, s.last_used_at
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
                &[&token_hash, &now],
            )
        })?;
        let Some(row) = row else { return Ok(None) };
        let principal = Principal {
            user_id: id_of(row.get(0))?,
            workspace_id: id_of(row.get(1))?,
            role: role_from(row.get(2))?,
            session: token_hash.to_string(),
        };
        let last_used: Millis = row.get(3);
        if now - last_used >= LAST_USED_PRECISION {
            self.read("noting a session's use", |c| {
                c.execute(
                    "UPDATE sessions SET last_used_at = $2 WHERE token_hash = $1",
                    &[&token_hash, &now],
                )
                .map(drop)
            })?;
        }
        Ok(Some(principal))
    }

    fn revoke_session(&self, token_hash: &str, now: Millis) -> Result<(), StoreError> {
        self.read("ending a session", |c| {
            c.execute(
                "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
                &[&token_hash, &now],
            )
            .map(drop)
        })
    }

    fn revoke_sessions_of(&self, user_id: Id, now: Millis) -> Result<u64, StoreError> {
        self.read("ending every session of an account", |c| {
            c.execute(
                "UPDATE sessions SET revoked_at = $2
                 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
                &[&user_id.to_string(), &now],
            )
        })
    }

    fn member(&self, user_id: Id) -> Result<Option<Member>, StoreError> {
        let row = self.read("reading an account", |c| {
            c.query_opt(
                "SELECT u.id, u.workspace_id, w.name, u.email, u.role
                 FROM users u JOIN workspaces w ON w.id = u.workspace_id
                 WHERE u.id = $1",
                &[&user_id.to_string()],
            )
        })?;
        row.map(|row| {
            Ok(Member {
                user_id: id_of(row.get(0))?,
                workspace_id: id_of(row.get(1))?,
                workspace: row.get(2),
                email: row.get(3),
                role: role_from(row.get(4))?,
            })
        })
        .transpose()
    }

    fn create_invitation(&self, invitation: &NewInvitation) -> Result<(), StoreError> {
        self.read("creating an invitation", |c| {
            c.execute(
                "INSERT INTO invitations
                     (code_hash, workspace_id, email, role, invited_by, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &invitation.code_hash,
                    &invitation.workspace_id.to_string(),
                    &invitation.email,
                    &role_name(invitation.role),
                    &invitation.invited_by.to_string(),
                    &invitation.created_at,
                    &invitation.expires_at,
                ],
            )
            .map(drop)
        })
    }

    fn invitation(&self, code_hash: &str) -> Result<Option<Invitation>, StoreError> {
        let row = self.read("reading an invitation", |c| {
            c.query_opt(INVITATION, &[&code_hash])
        })?;
        row.as_ref().map(invitation_of).transpose()
    }

    fn accept_invitation(
        &self,
        code_hash: &str,
        user: &NewUser,
        session: &NewSession,
        now: Millis,
    ) -> Result<Accepted, StoreError> {
        const WHAT: &str = "accepting an invitation";
        self.write(WHAT, |tx| {
            // FOR UPDATE: two accepts of one code at once cannot both pass.
            let row = tx
                .query_opt(&format!("{INVITATION} FOR UPDATE"), &[&code_hash])
                .context(WHAT)?
                .ok_or(StoreError::InvitationUnknown)?;
            let invitation = invitation_of(&row)?;
            invitation.check_open(now)?;
            if invitation.email != user.email {
                return Err(StoreError::backend(
                    WHAT,
                    "the account's email is not the invitation's",
                ));
            }
            if email_exists(tx, &user.email_key).context(WHAT)? {
                return Err(StoreError::EmailTaken);
            }
            tx.execute(
                "UPDATE invitations SET accepted_at = $2 WHERE code_hash = $1",
                &[&code_hash, &now],
            )
            .context(WHAT)?;
            insert_user(tx, user, invitation.workspace_id, invitation.role)?;
            insert_session(tx, user.id, invitation.workspace_id, session)?;
            Ok(Accepted {
                user_id: user.id,
                workspace_id: invitation.workspace_id,
            })
        })
    }

    fn login_failures(
        &self,
        keys: &[String],
        window_start: Millis,
    ) -> Result<Vec<u32>, StoreError> {
        let rows = self.read("reading login failures", |c| {
            c.query(
                "SELECT key, count FROM login_attempts WHERE key = ANY($1) AND window_start = $2",
                &[&keys, &window_start],
            )
        })?;
        Ok(keys
            .iter()
            .map(|key| {
                rows.iter()
                    .find(|row| row.get::<_, &str>(0) == key)
                    .map_or(0, |row| u32::try_from(row.get::<_, i32>(1)).unwrap_or(0))
            })
            .collect())
    }

    fn note_login_failure(&self, keys: &[String], window_start: Millis) -> Result<(), StoreError> {
        const WHAT: &str = "counting a login failure";
        self.write(WHAT, |tx| {
            tx.execute(
                "DELETE FROM login_attempts WHERE window_start < $1",
                &[&window_start],
            )
            .context(WHAT)?;
            tx.execute(
                "INSERT INTO login_attempts (key, window_start, count)
                 SELECT k, $2, 1 FROM UNNEST($1::text[]) AS k
                 ON CONFLICT (key, window_start) DO UPDATE SET count = login_attempts.count + 1",
                &[&keys, &window_start],
            )
            .map(drop)
            .context(WHAT)
        })
    }

    fn push(
        &self,
        workspace: Id,
        user: Id,
        client: Id,
        mutations: &[Mutation],
        now: Millis,
    ) -> Result<u64, PushFailure> {
        self.write("applying a push", |tx| {
            sync_tx::push(&mut PgSync(tx), workspace, user, client, mutations, now)
        })
    }

    fn pull(&self, workspace: Id, after: u64, limit: usize) -> Result<PulledRows, StoreError> {
        const WHAT: &str = "reading changes";
        let ws = workspace.to_string();
        // One statement, one snapshot: the page and the workspace's last
        // change number (what remains is at most the numbers after the
        // page; a count of the rows would read them all on a first pull).
        let rows = self.read(WHAT, |c| {
            c.query(
                "SELECT r.change_seq, r.body, w.change_seq FROM workspaces w
                 LEFT JOIN LATERAL (
                   SELECT change_seq, body FROM records
                   WHERE workspace_id = w.id AND change_seq > $2
                   ORDER BY change_seq LIMIT $3
                 ) r ON TRUE
                 WHERE w.id = $1",
                &[&ws, &(after as i64), &(limit as i64 + 1)],
            )
        })?;
        let newest = rows.first().map_or(0, |row| row.get::<_, i64>(2) as u64);
        let found: Vec<&postgres::Row> = rows
            .iter()
            .filter(|row| row.get::<_, Option<i64>>(0).is_some())
            .collect();
        let more = found.len() > limit;
        let mut page = PulledRows {
            last: after,
            more,
            ..PulledRows::default()
        };
        for row in found.iter().take(limit) {
            page.last = row.get::<_, i64>(0) as u64;
            page.bodies.push(row.get(1));
        }
        page.remaining = if more {
            newest.saturating_sub(page.last)
        } else {
            0
        };
        Ok(page)
    }
}

/// The push's view of a PostgreSQL transaction.
struct PgSync<'a, 'b>(&'a mut Transaction<'b>);

impl SyncTx for PgSync<'_, '_> {
    fn lock_workspace(&mut self, workspace: Id) -> Result<u64, StoreError> {
        let seq: i64 = self
            .0
            .query_one(
                "SELECT change_seq FROM workspaces WHERE id = $1 FOR UPDATE",
                &[&workspace.to_string()],
            )
            .context("locking the workspace")?
            .get(0);
        Ok(seq as u64)
    }

    fn client(&mut self, workspace: Id, client: Id) -> Result<Option<ClientRow>, StoreError> {
        Ok(self
            .0
            .query_opt(
                "SELECT acked_seq FROM clients WHERE workspace_id = $1 AND client_id = $2",
                &[&workspace.to_string(), &client.to_string()],
            )
            .context("reading the client")?
            .map(|row| ClientRow {
                acked_seq: row.get::<_, i64>(0) as u64,
            }))
    }

    fn prefix_taken(&mut self, workspace: Id, prefix: &str) -> Result<bool, StoreError> {
        Ok(self
            .0
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM clients WHERE workspace_id = $1 AND case_prefix = $2)",
                &[&workspace.to_string(), &prefix],
            )
            .context("reading case prefixes")?
            .get(0))
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
                 VALUES ($1, $2, $3, 0, $4, $5, $5)",
                &[
                    &workspace.to_string(),
                    &client.to_string(),
                    &prefix,
                    &user.to_string(),
                    &now,
                ],
            )
            .map(drop)
            .context("registering the client")
    }

    fn load(&mut self, workspace: Id, keys: &[(Entity, Id)]) -> Result<Vec<Change>, StoreError> {
        // `entity = ANY` and `id = ANY` are both conditions of the primary
        // key's index (a join with UNNEST was planned as a scan of every
        // record of the workspace); the few pairs that match but were not
        // asked for are dropped here.
        let mut entities: Vec<&str> = keys.iter().map(|(e, _)| entity_name(*e)).collect();
        entities.sort_unstable();
        entities.dedup();
        let ids: Vec<String> = keys.iter().map(|(_, i)| i.to_string()).collect();
        let rows = self
            .0
            .query(
                "SELECT body FROM records
                 WHERE workspace_id = $1 AND entity = ANY($2) AND id = ANY($3)",
                &[&workspace.to_string(), &entities, &ids],
            )
            .context("loading records")?;
        let asked: std::collections::BTreeSet<&(Entity, Id)> = keys.iter().collect();
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let change: Change = serde_json::from_str(row.get(0))
                .map_err(|e| StoreError::backend("reading a stored record", e))?;
            if asked.contains(&(change.entity, change.id)) {
                out.push(change);
            }
        }
        Ok(out)
    }

    fn save(&mut self, workspace: Id, rows: &[RecordRow<'_>]) -> Result<(), StoreError> {
        let entities: Vec<&str> = rows.iter().map(|r| entity_name(r.write.entity)).collect();
        let ids: Vec<String> = rows.iter().map(|r| r.write.id.to_string()).collect();
        let containers: Vec<Option<String>> = rows
            .iter()
            .map(|r| r.write.container.map(|c| c.to_string()))
            .collect();
        let seqs: Vec<i64> = rows.iter().map(|r| r.change_seq as i64).collect();
        let deleted: Vec<bool> = rows.iter().map(|r| r.write.deleted).collect();
        let bodies: Vec<&str> = rows.iter().map(|r| r.body).collect();
        self.0
            .execute(
                "INSERT INTO records (workspace_id, entity, id, container_id, change_seq, deleted, body)
                 SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bool[], $7::text[])
                 ON CONFLICT (workspace_id, entity, id) DO UPDATE SET
                   container_id = EXCLUDED.container_id, change_seq = EXCLUDED.change_seq,
                   deleted = EXCLUDED.deleted, body = EXCLUDED.body",
                &[
                    &workspace.to_string(),
                    &entities,
                    &ids,
                    &containers,
                    &seqs,
                    &deleted,
                    &bodies,
                ],
            )
            .map(drop)
            .context("storing records")
    }

    fn set_change_seq(&mut self, workspace: Id, change_seq: u64) -> Result<(), StoreError> {
        self.0
            .execute(
                "UPDATE workspaces SET change_seq = $2 WHERE id = $1",
                &[&workspace.to_string(), &(change_seq as i64)],
            )
            .map(drop)
            .context("numbering changes")
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
            .execute(
                "UPDATE clients SET acked_seq = $3, last_user = $4, last_seen = $5
                 WHERE workspace_id = $1 AND client_id = $2",
                &[
                    &workspace.to_string(),
                    &client.to_string(),
                    &(acked_seq as i64),
                    &user.to_string(),
                    &now,
                ],
            )
            .map(drop)
            .context("acknowledging")
    }
}
