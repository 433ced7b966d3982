//! The server's settings: what the command line chooses (database, files
//! to serve, allowed origins) and the policy numbers (expiries, limits,
//! password cost) with their production defaults and cheap test values.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::{HeaderValue, Uri};

use crate::rate_limit::LoginLimits;
use crate::secrets::PasswordCost;

/// Settings the running app reads (the store is opened separately).
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (`dist/`) to serve for every path outside `/api/`.
    pub dist: Option<PathBuf>,
    /// Origins allowed to call the API from another site (CORS); empty
    /// means same-origin only.
    pub allow_origins: Vec<HeaderValue>,
    /// Largest request body accepted (413 above).
    pub body_limit: usize,
    /// A request still running after this is answered 408.
    pub request_timeout: Duration,
    /// How long a session token stays valid.
    pub session_ttl: Duration,
    /// How long an invitation code can be accepted.
    pub invitation_ttl: Duration,
    /// Failed logins (and invitation codes) allowed per window.
    pub login_limits: LoginLimits,
    /// Argon2id cost of new password hashes.
    pub password_cost: PasswordCost,
}

/// 4 MiB: a push page is at most 2 MiB (core `engine::page`), with room.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

impl Default for Config {
    fn default() -> Config {
        Config {
            dist: None,
            allow_origins: Vec::new(),
            body_limit: BODY_LIMIT,
            request_timeout: Duration::from_secs(30),
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            login_limits: LoginLimits::default(),
            password_cost: PasswordCost::DEFAULT,
        }
    }
}

impl Config {
    /// Production policy with Argon2 made cheap (1 MiB, one pass), so a
    /// test suite can sign up hundreds of users in a second.
    pub fn for_tests() -> Config {
        Config {
            password_cost: PasswordCost::FOR_TESTS,
            ..Config::default()
        }
    }
}

/// Checks an `--allow-origin` value: a scheme and a host (and port), no
/// path, as browsers send it in `Origin`.
///
/// # Errors
///
/// A sentence saying what is wrong with `text`.
pub fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let text = text.trim().trim_end_matches('/');
    let uri: Uri = text
        .parse()
        .map_err(|_| format!("'{text}' is not an origin like https://crm.example.com"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let bare = uri.path_and_query().is_none_or(|p| p.as_str() == "/");
    if !scheme_ok || uri.authority().is_none() || !bare {
        return Err(format!(
            "'{text}' is not an origin: write scheme and host only, like https://crm.example.com"
        ));
    }
    HeaderValue::from_str(text).map_err(|e| format!("'{text}': {e}"))
}

/// Where the data lives, from `--database` / `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite file (created with its folder on first start).
    Sqlite(PathBuf),
    /// A PostgreSQL server (`postgres://user:password@host:port/database`);
    /// the schema is created on first start.
    Postgres(String),
}

/// The default database: a file beside wherever the server is started.
pub const DEFAULT_DATABASE: &str = "sqlite://./data/ilgi.db";

impl DatabaseUrl {
    /// Reads `sqlite://PATH` (`sqlite://./data/ilgi.db`,
    /// `sqlite:///var/lib/ilgi/ilgi.db`) or `sqlite:PATH`.
    ///
    /// # Errors
    ///
    /// A sentence naming the forms that are understood.
    pub fn parse(text: &str) -> Result<DatabaseUrl, String> {
        let text = text.trim();
        if let Some(path) = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("the SQLite URL names no file (sqlite://./data/ilgi.db)".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(text.to_string()));
        }
        Err(format!(
            "'{text}' is not a database URL; write sqlite://PATH (default {DEFAULT_DATABASE}) \
             or postgres://USER@HOST:PORT/DATABASE"
        ))
    }

    /// The SQLite file, if this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            DatabaseUrl::Sqlite(path) => Some(path),
            DatabaseUrl::Postgres(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_relative_and_absolute_files() {
        assert_eq!(
            DatabaseUrl::parse(DEFAULT_DATABASE),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("./data/ilgi.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/ilgi/ilgi.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("/var/lib/ilgi/ilgi.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:ilgi.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("ilgi.db")))
        );
    }

    #[test]
    fn other_urls_are_refused_with_the_form_to_use() {
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert_eq!(
            DatabaseUrl::parse("postgres://ilgi@localhost/ilgi"),
            Ok(DatabaseUrl::Postgres(
                "postgres://ilgi@localhost/ilgi".into()
            ))
        );
        let other = DatabaseUrl::parse("./ilgi.db").unwrap_err();
        assert!(other.contains("sqlite://"), "{other}");
    }

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert_eq!(
            parse_origin("https://crm.example.com/").unwrap(),
            "https://crm.example.com"
        );
        assert!(parse_origin("http://127.0.0.1:8080").is_ok());
        assert!(parse_origin("crm.example.com").is_err());
        assert!(parse_origin("https://crm.example.com/app").is_err());
        assert!(parse_origin("ftp://crm.example.com").is_err());
    }
}
