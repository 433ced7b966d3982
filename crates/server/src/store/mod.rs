//! Storage: one backend-neutral, synchronous, object-safe trait.
//!
//! Handlers hold an `Arc<dyn Store>` and call it on tokio's blocking pool
//! ([`crate::AppState::store`]). Synchronous because SQLite is, and because a
//! second backend (PostgreSQL through the synchronous `postgres` crate) can
//! then implement the same trait with the same transaction shapes. Nothing
//! here names a backend type: ids are core [`Id`]s, instants are Unix
//! milliseconds, hashes are strings. Every multi-row change (a sign-up, an
//! accept) is one method, so each backend can make it one transaction.

pub mod migrate;
pub mod postgres;
pub mod sqlite;
mod sqlite_sync;
pub mod sync_tx;

use ilgi_core::model::Id;
use ilgi_core::sync::Mutation;
use ilgi_core::sync::protocol::Role;

use self::sync_tx::{PulledRows, PushFailure};

pub use crate::auth::Principal;
use crate::clock::Millis;

/// A storage failure, or a refusal the data decides.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another account already has this email address (any workspace).
    #[error("an account with this email address already exists")]
    EmailTaken,
    /// No invitation has this code.
    #[error("no invitation has this code")]
    InvitationUnknown,
    /// The invitation was accepted before.
    #[error("the invitation has been accepted already")]
    InvitationUsed,
    /// The invitation's week is over.
    #[error("the invitation has expired")]
    InvitationExpired,
    /// The database failed (I/O, a broken file, a pool timeout).
    #[error("database ({context}): {source}")]
    Backend {
        context: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StoreError {
    /// Wraps a backend error with what was being done.
    pub fn backend(
        context: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> StoreError {
        StoreError::Backend {
            context,
            source: source.into(),
        }
    }
}

/// A workspace to create (with its first admin, at sign-up).
#[derive(Debug, Clone)]
pub struct NewWorkspace {
    pub id: Id,
    pub name: String,
    pub created_at: Millis,
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: Id,
    /// As typed (trimmed, domain lower-cased): what `/me` shows.
    pub email: String,
    /// The whole address lower-cased (core `Email::match_key`): unique
    /// across the server, so login needs no workspace.
    pub email_key: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub role: Role,
    pub created_at: Millis,
}

/// A session to open; the token itself is never stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 hex of the bearer token.
    pub token_hash: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// What a login needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: Id,
    pub password_hash: String,
}

/// An account as `/me` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: Id,
    pub workspace_id: Id,
    /// The workspace's name.
    pub workspace: String,
    pub email: String,
    pub role: Role,
}

/// An invitation to create; the code itself is never stored.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    /// SHA-256 hex of the code.
    pub code_hash: String,
    pub workspace_id: Id,
    pub email: String,
    pub role: Role,
    pub invited_by: Id,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// A stored invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub workspace_id: Id,
    pub email: String,
    pub role: Role,
    pub expires_at: Millis,
    pub accepted_at: Option<Millis>,
}

impl Invitation {
    /// Whether the invitation can be accepted at `now`: the refusal if not.
    ///
    /// # Errors
    ///
    /// [`StoreError::InvitationUsed`] or [`StoreError::InvitationExpired`].
    pub fn check_open(&self, now: Millis) -> Result<(), StoreError> {
        if self.accepted_at.is_some() {
            return Err(StoreError::InvitationUsed);
        }
        if now >= self.expires_at {
            return Err(StoreError::InvitationExpired);
        }
        Ok(())
    }
}

/// The account an accepted invitation created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub user_id: Id,
    pub workspace_id: Id,
}

/// The server's storage. Implementations are internally synchronised
/// (called from many blocking threads at once) and keep each method's
/// writes in one transaction.
pub trait Store: Send + Sync {
    /// One trivial query: the database answers (`/api/v1/health`).
    fn ping(&self) -> Result<(), StoreError>;

    /// Whether an account has this email key (a fast refusal before the
    /// password is hashed; [`Store::create_workspace`] checks again).
    fn email_taken(&self, email_key: &str) -> Result<bool, StoreError>;

    /// Creates a workspace, its first admin and the admin's session, in one
    /// transaction.
    ///
    /// # Errors
    ///
    /// [`StoreError::EmailTaken`] when the admin's email key exists.
    fn create_workspace(
        &self,
        workspace: &NewWorkspace,
        admin: &NewUser,
        session: &NewSession,
    ) -> Result<(), StoreError>;

    /// The account with this email key, for a login.
    fn credentials(&self, email_key: &str) -> Result<Option<Credentials>, StoreError>;

    /// Opens a session for an existing account.
    fn create_session(&self, user_id: Id, session: &NewSession) -> Result<(), StoreError>;

    /// Who holds the session with this token hash, if it is neither
    /// revoked nor expired at `now`. Notes the use (at most hourly, so most
    /// requests cost one indexed read and no write).
    fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Principal>, StoreError>;

    /// Ends one session (sign-out). Ending an ended one changes nothing.
    fn revoke_session(&self, token_hash: &str, now: Millis) -> Result<(), StoreError>;

    /// Ends every open session of an account; returns how many.
    fn revoke_sessions_of(&self, user_id: Id, now: Millis) -> Result<u64, StoreError>;

    /// The account and its workspace, for `/me`.
    fn member(&self, user_id: Id) -> Result<Option<Member>, StoreError>;

    /// Stores an invitation.
    fn create_invitation(&self, invitation: &NewInvitation) -> Result<(), StoreError>;

    /// The invitation with this code hash.
    fn invitation(&self, code_hash: &str) -> Result<Option<Invitation>, StoreError>;

    /// Accepts an invitation in one transaction: checks it is still open at
    /// `now` and is for `user.email`, marks it used, creates the account in
    /// the invitation's workspace with its role (`user.role` is ignored)
    /// and opens its session.
    ///
    /// # Errors
    ///
    /// [`StoreError::InvitationUnknown`], `InvitationUsed`,
    /// `InvitationExpired`, or `EmailTaken` when an account got the address
    /// meanwhile.
    fn accept_invitation(
        &self,
        code_hash: &str,
        user: &NewUser,
        session: &NewSession,
        now: Millis,
    ) -> Result<Accepted, StoreError>;

    /// The failure count of each key in the window starting at
    /// `window_start` (0 for a key never seen), in the order of `keys`.
    fn login_failures(&self, keys: &[String], window_start: Millis)
    -> Result<Vec<u32>, StoreError>;

    /// Adds one failure to each key in the window starting at
    /// `window_start`, and drops the counters of older windows.
    fn note_login_failure(&self, keys: &[String], window_start: Millis) -> Result<(), StoreError>;

    /// Applies a push by `client` (of `user`) to `workspace` in one
    /// transaction ([`sync_tx::push`]); returns the client's high-water
    /// mark. A refused push stores nothing.
    ///
    /// # Errors
    ///
    /// [`PushFailure`].
    fn push(
        &self,
        workspace: Id,
        user: Id,
        client: Id,
        mutations: &[Mutation],
        now: Millis,
    ) -> Result<u64, PushFailure>;

    /// The records of `workspace` changed after change number `after`, at
    /// most `limit`, oldest change first, with what remains after them.
    fn pull(&self, workspace: Id, after: u64, limit: usize) -> Result<PulledRows, StoreError>;
}

/// A role as stored (`admin`, `agent`, `viewer`; the wire names too).
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Agent => "agent",
        Role::Viewer => "viewer",
    }
}

/// The role a stored name means.
pub fn role_of(name: &str) -> Option<Role> {
    match name {
        "admin" => Some(Role::Admin),
        "agent" => Some(Role::Agent),
        "viewer" => Some(Role::Viewer),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_the_wire_names() {
        for role in [Role::Admin, Role::Agent, Role::Viewer] {
            let wire = serde_json::to_value(role).unwrap();
            assert_eq!(wire, role_name(role));
            assert_eq!(role_of(role_name(role)), Some(role));
        }
        assert_eq!(role_of("owner"), None);
    }

    #[test]
    fn an_invitation_is_open_until_accepted_or_expired() {
        let invitation = Invitation {
            workspace_id: Id::v7(1, [0; 10]),
            email: "can@ornek.com.tr".into(),
            role: Role::Viewer,
            expires_at: 1_000,
            accepted_at: None,
        };
        assert!(invitation.check_open(999).is_ok());
        assert!(matches!(
            invitation.check_open(1_000),
            Err(StoreError::InvitationExpired)
        ));
        let used = Invitation {
            accepted_at: Some(10),
            ..invitation
        };
        assert!(matches!(
            used.check_open(500),
            Err(StoreError::InvitationUsed)
        ));
    }
}
