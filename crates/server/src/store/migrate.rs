//! Schema migrations: an ordered list of `(version, SQL)` embedded in the
//! binary, applied at start-up, each in its own transaction together with
//! its row in `schema_migrations`. Applying is idempotent (a second start
//! applies nothing), and a database written by a newer server is refused
//! rather than half-understood. A later PostgreSQL backend gets its own
//! list with the same versions.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::StoreError;
use crate::clock::Millis;

/// One schema version.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The SQLite schema's history, oldest first. Never edit a shipped entry.
pub const SQLITE: &[Migration] = &[Migration {
    version: 1,
    name: "init",
    sql: include_str!("../../migrations/sqlite/0001_init.sql"),
}];

/// Brings the database up to the newest version; returns the versions
/// applied now (empty when it was up to date).
///
/// # Errors
///
/// [`StoreError::Backend`] when SQL fails (the failing version is rolled
/// back) or the database has a version this build does not know.
pub fn apply_sqlite(
    conn: &mut Connection,
    migrations: &[Migration],
    now: Millis,
) -> Result<Vec<i64>, StoreError> {
    let fail = |e: rusqlite::Error| StoreError::backend("migrating the schema", e);
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version     INTEGER NOT NULL PRIMARY KEY,
             name        TEXT    NOT NULL,
             applied_at  INTEGER NOT NULL
         ) STRICT",
    )
    .map_err(fail)?;
    let newest_known = migrations.iter().map(|m| m.version).max().unwrap_or(0);
    let mut applied = Vec::new();
    for migration in migrations {
        // IMMEDIATE: take the write lock before reading the version, so two
        // servers starting on one file cannot both apply it.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let newest: Option<i64> = tx
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |row| {
                row.get(0)
            })
            .optional()
            .map_err(fail)?
            .flatten();
        if let Some(newest) = newest
            && newest > newest_known
        {
            return Err(StoreError::backend(
                "migrating the schema",
                format!(
                    "the database is at schema version {newest}, newer than this server \
                     knows ({newest_known}); run a newer ilgi-server"
                ),
            ));
        }
        let done: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
                [migration.version],
                |row| row.get(0),
            )
            .map_err(fail)?;
        if done {
            continue;
        }
        tx.execute_batch(migration.sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            (migration.version, migration.name, now),
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        applied.push(migration.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn versions_go_up_one_at_a_time_from_one() {
        for (i, m) in SQLITE.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
        }
    }

    #[test]
    fn applying_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        let first = apply_sqlite(&mut conn, SQLITE, 1).unwrap();
        assert_eq!(first, vec![1]);
        let before = schema(&conn);
        assert!(before.iter().any(|s| s.contains("CREATE TABLE records")));
        assert!(
            before
                .iter()
                .any(|s| s.contains("CREATE TABLE login_attempts"))
        );
        let second = apply_sqlite(&mut conn, SQLITE, 2).unwrap();
        assert!(second.is_empty());
        assert_eq!(schema(&conn), before);
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_failing_migration_leaves_nothing_behind() {
        let broken = [
            SQLITE[0],
            Migration {
                version: 2,
                name: "broken",
                sql: "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;",
            },
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(apply_sqlite(&mut conn, &broken, 1).is_err());
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
        let newest: i64 = conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(newest, 1);
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply_sqlite(&mut conn, SQLITE, 1).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 1)",
            [],
        )
        .unwrap();
        let e = apply_sqlite(&mut conn, SQLITE, 2).unwrap_err();
        assert!(e.to_string().contains("newer"), "{e}");
    }
}
