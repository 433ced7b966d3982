//! The SQLite backend (the embedded default): one file, WAL mode.
//!
//! Connections: one writer behind a `Mutex`, plus an r2d2 pool of
//! read-only connections. SQLite lets one transaction write at a time
//! anyway; serialising writers in-process means they queue on a mutex
//! instead of spinning on `SQLITE_BUSY`, and every write transaction starts
//! with `BEGIN IMMEDIATE` (it takes the write lock before reading, so a
//! read-then-write can never fail half-way on a lock upgrade). In WAL mode
//! readers never wait for the writer, so session checks, `/me` and pulls
//! run in parallel on the pool while a push writes. `busy_timeout` covers
//! another process on the same file (a second instance, the `sqlite3`
//! shell). The pool's connection manager is written here (a dozen lines)
//! rather than taken from r2d2_sqlite, whose releases are pinned to
//! rusqlite's.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use ilgi_core::model::Id;
use ilgi_core::sync::protocol::Role;
use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior};

use ilgi_core::sync::Mutation;

use super::migrate::{self, SQLITE};
use super::sqlite_sync::{SqliteSync, pull as sqlite_pull};
use super::sync_tx::{self, PulledRows, PushFailure};
use super::{
    Accepted, Credentials, Invitation, Member, NewInvitation, NewSession, NewUser, NewWorkspace,
    Principal, Store, StoreError, role_name, role_of,
};
use crate::clock::{Clock, Millis};

/// How long a reader waits for a lock held by another process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A session's `last_used_at` is refreshed at most this often.
const LAST_USED_PRECISION: Millis = 3_600_000;

/// The SQLite store.
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: r2d2::Pool<Readers>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Opens read-only connections to the database file for the pool.
struct Readers {
    path: PathBuf,
}

impl r2d2::ManageConnection for Readers {
    type Connection = Connection;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Connection, rusqlite::Error> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), rusqlite::Error> {
        conn.execute_batch("SELECT 1")
    }

    fn has_broken(&self, _conn: &mut Connection) -> bool {
        // A file connection does not break silently; errors surface on use.
        false
    }
}

/// Adds what was being done to a rusqlite error (for the other SQLite
/// modules of the store too).
pub(crate) trait Context<T> {
    fn context(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::backend(what, e))
    }
}

impl SqliteStore {
    /// Opens (creating the file and its folder if needed) and migrates the
    /// database at `path`, with `readers` pooled read connections.
    ///
    /// # Errors
    ///
    /// [`StoreError::Backend`]: the folder cannot be made, the file is not
    /// a database, WAL cannot be enabled, a migration failed.
    pub fn open(path: &Path, readers: u32) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::backend("creating the database folder", e))?;
        }
        let mut writer = Connection::open(path).context("opening the database")?;
        let mode: String = writer
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .context("enabling WAL")?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::backend(
                "enabling WAL",
                format!("SQLite kept journal mode '{mode}'"),
            ));
        }
        // NORMAL is durable in WAL mode except for the last transactions
        // before a power cut (never corrupt); FULL would fsync every commit.
        writer
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .context("setting pragmas")?;
        writer
            .busy_timeout(BUSY_TIMEOUT)
            .context("setting pragmas")?;
        migrate::apply_sqlite(&mut writer, SQLITE, Clock::system().now())?;
        let readers = r2d2::Pool::builder()
            .max_size(readers.max(1))
            .connection_timeout(Duration::from_secs(10))
            .build(Readers {
                path: path.to_path_buf(),
            })
            .map_err(|e| StoreError::backend("opening read connections", e))?;
        Ok(SqliteStore {
            writer: Mutex::new(writer),
            readers,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a pooled read connection.
    pub(crate) fn read<T>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let conn = self
            .readers
            .get()
            .map_err(|e| StoreError::backend("waiting for a read connection", e))?;
        f(&conn).context(what)
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`), committed
    /// when `f` succeeds and rolled back when it fails.
    pub(crate) fn write<T, E: From<StoreError>>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        // A thread that panicked while holding the lock left no open
        // transaction behind (`Transaction` rolls back on drop, unwinding
        // included), so the connection is still good to use.
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(what)?;
        let value = f(&tx)?;
        tx.commit().context(what)?;
        Ok(value)
    }
}

fn id_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Id> {
    let text: String = row.get(index)?;
    text.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

fn role_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Role> {
    let text: String = row.get(index)?;
    role_of(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            Type::Text,
            format!("unknown role '{text}'").into(),
        )
    })
}

fn email_exists(conn: &Connection, email_key: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = ?1)",
        [email_key],
        |row| row.get(0),
    )
}

fn insert_user(
    tx: &Transaction<'_>,
    user: &NewUser,
    workspace_id: Id,
    role: Role,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO users (id, workspace_id, email, email_key, password_hash, role, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            user.id.to_string(),
            workspace_id.to_string(),
            &user.email,
            &user.email_key,
            &user.password_hash,
            role_name(role),
            user.created_at,
        ),
    )?;
    Ok(())
}

fn insert_session(
    tx: &Transaction<'_>,
    user_id: Id,
    workspace_id: Id,
    session: &NewSession,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, workspace_id, created_at, expires_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        (
            &session.token_hash,
            user_id.to_string(),
            workspace_id.to_string(),
            session.created_at,
            session.expires_at,
        ),
    )?;
    Ok(())
}

fn read_invitation(conn: &Connection, code_hash: &str) -> rusqlite::Result<Option<Invitation>> {
    conn.query_row(
        "SELECT workspace_id, email, role, expires_at, accepted_at
         FROM invitations WHERE code_hash = ?1",
        [code_hash],
        |row| {
            Ok(Invitation {
                workspace_id: id_at(row, 0)?,
                email: row.get(1)?,
                role: role_at(row, 2)?,
                expires_at: row.get(3)?,
                accepted_at: row.get(4)?,
            })
        },
    )
    .optional()
}

impl Store for SqliteStore {
    fn ping(&self) -> Result<(), StoreError> {
        self.read("checking the database", |conn| {
            conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))
                .map(drop)
        })
    }

    fn email_taken(&self, email_key: &str) -> Result<bool, StoreError> {
        self.read("looking up an email", |conn| email_exists(conn, email_key))
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
                "INSERT INTO workspaces (id, name, created_at) VALUES (?1, ?2, ?3)",
                (
                    workspace.id.to_string(),
                    &workspace.name,
                    workspace.created_at,
                ),
            )
            .context(WHAT)?;
            insert_user(tx, admin, workspace.id, Role::Admin).context(WHAT)?;
            insert_session(tx, admin.id, workspace.id, session).context(WHAT)
        })
    }

    fn credentials(&self, email_key: &str) -> Result<Option<Credentials>, StoreError> {
        self.read("looking up an account", |conn| {
            conn.query_row(
                "SELECT id, password_hash FROM users WHERE email_key = ?1",
                [email_key],
                |row| {
                    Ok(Credentials {
                        user_id: id_at(row, 0)?,
                        password_hash: row.get(1)?,
                    })
                },
            )
            .optional()
        })
    }

    fn create_session(&self, user_id: Id, session: &NewSession) -> Result<(), StoreError> {
        const WHAT: &str = "opening a session";
        self.write(WHAT, |tx| {
            let added = tx
                .execute(
                    "INSERT INTO sessions
                         (token_hash, user_id, workspace_id, created_at, expires_at, last_used_at)
                     SELECT ?1, id, workspace_id, ?3, ?4, ?3 FROM users WHERE id = ?2",
                    (
                        &session.token_hash,
                        user_id.to_string(),
                        session.created_at,
                        session.expires_at,
                    ),
                )
                .context(WHAT)?;
            if added == 0 {
                return Err(StoreError::backend(WHAT, format!("no user {user_id}")));
            }
            Ok(())
        })
    }

    fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Principal>, StoreError> {
        let found = self.read("checking a session", |conn| {
            conn.query_row(
                "SELECT s.user_id, s.workspace_id, u.role, s.last_used_at
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2",
                (token_hash, now),
                |row| {
                    Ok((
                        Principal {
                            user_id: id_at(row, 0)?,
                            workspace_id: id_at(row, 1)?,
                            role: role_at(row, 2)?,
                            session: token_hash.to_string(),
                        },
                        row.get::<_, Millis>(3)?,
                    ))
                },
            )
            .optional()
        })?;
        let Some((principal, last_used)) = found else {
            return Ok(None);
        };
        if now - last_used >= LAST_USED_PRECISION {
            self.write("noting a session's use", |tx| {
                tx.execute(
                    "UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1",
                    (token_hash, now),
                )
                .map(drop)
                .context("noting a session's use")
            })?;
        }
        Ok(Some(principal))
    }

    fn revoke_session(&self, token_hash: &str, now: Millis) -> Result<(), StoreError> {
        const WHAT: &str = "ending a session";
        self.write(WHAT, |tx| {
            tx.execute(
                "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
                (token_hash, now),
            )
            .map(drop)
            .context(WHAT)
        })
    }

    fn revoke_sessions_of(&self, user_id: Id, now: Millis) -> Result<u64, StoreError> {
        const WHAT: &str = "ending every session of an account";
        self.write(WHAT, |tx| {
            let ended = tx
                .execute(
                    "UPDATE sessions SET revoked_at = ?2
                     WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2",
                    (user_id.to_string(), now),
                )
                .context(WHAT)?;
            Ok(ended as u64)
        })
    }

    fn member(&self, user_id: Id) -> Result<Option<Member>, StoreError> {
        self.read("reading an account", |conn| {
            conn.query_row(
                "SELECT u.id, u.workspace_id, w.name, u.email, u.role
                 FROM users u JOIN workspaces w ON w.id = u.workspace_id
                 WHERE u.id = ?1",
                [user_id.to_string()],
                |row| {
                    Ok(Member {
                        user_id: id_at(row, 0)?,
                        workspace_id: id_at(row, 1)?,
                        workspace: row.get(2)?,
                        email: row.get(3)?,
                        role: role_at(row, 4)?,
                    })
                },
            )
            .optional()
        })
    }

    fn create_invitation(&self, invitation: &NewInvitation) -> Result<(), StoreError> {
        const WHAT: &str = "creating an invitation";
        self.write(WHAT, |tx| {
            tx.execute(
                "INSERT INTO invitations
                     (code_hash, workspace_id, email, role, invited_by, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    &invitation.code_hash,
                    invitation.workspace_id.to_string(),
                    &invitation.email,
                    role_name(invitation.role),
                    invitation.invited_by.to_string(),
                    invitation.created_at,
                    invitation.expires_at,
                ),
            )
            .map(drop)
            .context(WHAT)
        })
    }

    fn invitation(&self, code_hash: &str) -> Result<Option<Invitation>, StoreError> {
        self.read("reading an invitation", |conn| {
            read_invitation(conn, code_hash)
        })
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
            let invitation = read_invitation(tx, code_hash)
                .context(WHAT)?
                .ok_or(StoreError::InvitationUnknown)?;
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
                "UPDATE invitations SET accepted_at = ?2 WHERE code_hash = ?1",
                (code_hash, now),
            )
            .context(WHAT)?;
            insert_user(tx, user, invitation.workspace_id, invitation.role).context(WHAT)?;
            insert_session(tx, user.id, invitation.workspace_id, session).context(WHAT)?;
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
        self.read("reading login failures", |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT count FROM login_attempts WHERE key = ?1 AND window_start = ?2",
            )?;
            keys.iter()
                .map(|key| {
                    let count: Option<i64> = stmt
                        .query_row((key, window_start), |row| row.get(0))
                        .optional()?;
                    Ok(u32::try_from(count.unwrap_or(0)).unwrap_or(u32::MAX))
                })
                .collect()
        })
    }

    fn note_login_failure(&self, keys: &[String], window_start: Millis) -> Result<(), StoreError> {
        const WHAT: &str = "counting a login failure";
        self.write(WHAT, |tx| {
            tx.execute(
                "DELETE FROM login_attempts WHERE window_start < ?1",
                [window_start],
            )
            .context(WHAT)?;
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO login_attempts (key, window_start, count) VALUES (?1, ?2, 1)
                     ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1",
                )
                .context(WHAT)?;
            for key in keys {
                stmt.execute((key, window_start)).context(WHAT)?;
            }
            Ok(())
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
            sync_tx::push(&mut SqliteSync(tx), workspace, user, client, mutations, now)
        })
    }

    fn pull(&self, workspace: Id, after: u64, limit: usize) -> Result<PulledRows, StoreError> {
        let conn = self
            .readers
            .get()
            .map_err(|e| StoreError::backend("waiting for a read connection", e))?;
        // One read transaction: the page and the count see one snapshot.
        conn.execute_batch("BEGIN").context("reading changes")?;
        let page = sqlite_pull(&conn, workspace, after, limit);
        conn.execute_batch("COMMIT").context("reading changes")?;
        page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("nested/ilgi.db"), 2).unwrap();
        (dir, store)
    }

    fn id(n: u8) -> Id {
        Id::v7(1_764_547_200_000, [n; 10])
    }

    fn user(n: u8, email: &str) -> NewUser {
        NewUser {
            id: id(n),
            email: email.into(),
            email_key: email.to_lowercase(),
            password_hash: "$argon2id$not-checked-here".into(),
            role: Role::Admin,
            created_at: 1,
        }
    }

    fn session(hash: &str) -> NewSession {
        NewSession {
            token_hash: hash.into(),
            created_at: 1_000,
            expires_at: 10_000,
        }
    }

    fn workspace(n: u8) -> NewWorkspace {
        NewWorkspace {
            id: id(n),
            name: format!("Workspace {n}"),
            created_at: 1,
        }
    }

    #[test]
    fn the_file_is_in_wal_mode_with_foreign_keys_on() {
        let (_dir, store) = store();
        let conn = store.writer.lock().unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let keys: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), keys), ("wal", 1));
        // A session for a user that does not exist is refused.
        drop(conn);
        assert!(store.create_session(id(9), &session("h")).is_err());
    }

    #[test]
    fn opening_an_existing_file_again_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ilgi.db");
        {
            let store = SqliteStore::open(&path, 1).unwrap();
            store
                .create_workspace(&workspace(1), &user(1, "a@b.co"), &session("h1"))
                .unwrap();
        }
        let again = SqliteStore::open(&path, 1).unwrap();
        assert!(again.email_taken("a@b.co").unwrap());
    }

    #[test]
    fn a_workspace_comes_with_its_admin_and_a_session() {
        let (_dir, store) = store();
        store
            .create_workspace(&workspace(1), &user(1, "Ayse@Ornek.com"), &session("h1"))
            .unwrap();
        let principal = store.session("h1", 5_000).unwrap().unwrap();
        assert_eq!(
            (principal.user_id, principal.workspace_id, principal.role),
            (id(1), id(1), Role::Admin)
        );
        assert_eq!(store.session("h1", 10_000).unwrap(), None, "expired");
        let member = store.member(id(1)).unwrap().unwrap();
        assert_eq!(member.workspace, "Workspace 1");
        assert_eq!(member.email, "Ayse@Ornek.com");
        // The same address in any case is taken, and nothing half-made stays.
        let e = store
            .create_workspace(&workspace(2), &user(2, "ayse@ornek.COM"), &session("h2"))
            .unwrap_err();
        assert!(matches!(e, StoreError::EmailTaken));
        assert_eq!(store.member(id(2)).unwrap(), None);
    }

    #[test]
    fn revoked_sessions_stop_and_others_go_on() {
        let (_dir, store) = store();
        store
            .create_workspace(&workspace(1), &user(1, "a@b.co"), &session("h1"))
            .unwrap();
        store.create_session(id(1), &session("h2")).unwrap();
        store.create_session(id(1), &session("h3")).unwrap();
        store.revoke_session("h1", 2_000).unwrap();
        assert_eq!(store.session("h1", 2_001).unwrap(), None);
        assert!(store.session("h2", 2_001).unwrap().is_some());
        assert_eq!(store.revoke_sessions_of(id(1), 3_000).unwrap(), 2);
        assert_eq!(store.session("h3", 3_001).unwrap(), None);
    }

    #[test]
    fn an_invitation_is_accepted_once_into_its_workspace_with_its_role() {
        let (_dir, store) = store();
        store
            .create_workspace(&workspace(1), &user(1, "a@b.co"), &session("h1"))
            .unwrap();
        store
            .create_invitation(&NewInvitation {
                code_hash: "c1".into(),
                workspace_id: id(1),
                email: "v@b.co".into(),
                role: Role::Viewer,
                invited_by: id(1),
                created_at: 1,
                expires_at: 5_000,
            })
            .unwrap();
        let invited = user(2, "v@b.co");
        let accepted = store
            .accept_invitation("c1", &invited, &session("h2"), 2_000)
            .unwrap();
        assert_eq!(accepted.workspace_id, id(1));
        assert_eq!(
            store.session("h2", 2_001).unwrap().unwrap().role,
            Role::Viewer
        );
        let again = store.accept_invitation("c1", &user(3, "v@b.co"), &session("h3"), 2_000);
        assert!(matches!(again, Err(StoreError::InvitationUsed)));
        let unknown = store.accept_invitation("zz", &user(3, "v@b.co"), &session("h3"), 2_000);
        assert!(matches!(unknown, Err(StoreError::InvitationUnknown)));
    }

    #[test]
    fn failure_counters_add_up_per_window_and_old_windows_go() {
        let (_dir, store) = store();
        let keys = vec!["a".to_string(), "b".to_string()];
        store.note_login_failure(&keys, 100).unwrap();
        store.note_login_failure(&keys[..1], 100).unwrap();
        assert_eq!(store.login_failures(&keys, 100).unwrap(), vec![2, 1]);
        assert_eq!(store.login_failures(&keys, 200).unwrap(), vec![0, 0]);
        store.note_login_failure(&keys[1..], 200).unwrap();
        let rows: i64 = store
            .read("count", |c| {
                c.query_row("SELECT COUNT(*) FROM login_attempts", [], |r| r.get(0))
            })
            .unwrap();
        assert_eq!(rows, 1);
    }
}
