//! Multi-device sync (issue 11): the app's side of the sync server.
//!
//! - [`client`]: one function per route of `/api/v1` (gloo-net).
//! - [`runner`]: the loop that pushes the outbox and pulls changes; the
//!   only code here that talks to the network during sync. Core decides
//!   (`engine::Outcome`, `Backoff`, `page_before`, `fit`, `join_plan`);
//!   storage keeps the state (`Db::sync_state`, `apply_remote_page`).
//! - [`Sync`]: the context pages and the header read (phase, pending,
//!   last sync, the bootstrap's progress) and the account actions (sign
//!   up, sign in, accept an invitation, invite, sign out).

pub mod client;
mod runner;

use ilgi_core::model::Id;
use ilgi_core::sync::engine::{Account, Join, SyncState, join_plan};
use ilgi_core::sync::protocol::{
    AcceptRequest, InviteRequest, LoginRequest, MeResponse, Role, SignupRequest,
};
use leptos::prelude::*;

use crate::crm::Crm;
use crate::jobs::JobHandle;
use crate::storage::{Db, StorageError};
use client::{ApiError, Client};

/// Where the sync stands, as the header shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Not signed in: the app works on this device only.
    SignedOut,
    /// Signed in and up to date (as of `SyncState::last_sync`).
    Idle,
    /// Pushing or pulling now.
    Syncing,
    /// The browser is offline: changes wait and go when it is back.
    Offline,
    /// The last attempt failed; the loop tries again by itself (or on
    /// "Retry"). `key` is the translated message, `detail` the words of
    /// the server or browser.
    Failed { key: &'static str, detail: String },
    /// The session ended (expired, revoked): sign in again; changes wait.
    SignInAgain,
    /// The server speaks another protocol version: update the app.
    Incompatible(String),
}

/// A change the server refused: pushing stops behind it (later changes
/// wait), pulling goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub field: Option<String>,
    pub seq: Option<u64>,
}

/// What to do with this device's data when joining a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Send this device's records to the workspace.
    Local,
    /// Empty this device first and take the workspace's data.
    Workspace,
}

/// The sync context.
#[derive(Clone, Copy)]
pub struct Sync {
    /// The state as last read from the database.
    pub state: RwSignal<SyncState>,
    pub phase: RwSignal<Phase>,
    /// Changes waiting to be sent.
    pub pending: RwSignal<u64>,
    pub refused: RwSignal<Option<Refusal>>,
    /// The device clock minus the server's, when more than 30 s apart.
    pub clock_off_ms: RwSignal<Option<i64>>,
    /// Progress of a long pull (a new device taking the workspace).
    pub bootstrap: JobHandle,
    /// Joining: putting this device's records in the outbox again.
    pub joining: JobHandle,
    kick: StoredValue<Option<futures::channel::mpsc::UnboundedSender<()>>, LocalStorage>,
    crm: Crm,
}

/// The origin the app was loaded from (the default server).
pub fn this_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A failed account action, for the form that asked.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionError {
    Api(ApiError),
    Storage(StorageError),
}

impl From<ApiError> for ActionError {
    fn from(e: ApiError) -> ActionError {
        ActionError::Api(e)
    }
}

impl From<StorageError> for ActionError {
    fn from(e: StorageError) -> ActionError {
        ActionError::Storage(e)
    }
}

impl ActionError {
    /// Translation key and detail.
    pub fn describe(&self) -> (&'static str, String) {
        match self {
            ActionError::Api(e) => (e.key(), e.message()),
            ActionError::Storage(e) => (e.key(), e.detail.clone()),
        }
    }
}

impl Sync {
    fn db(&self) -> Result<Db, StorageError> {
        self.crm.db().ok_or_else(StorageError::not_open)
    }

    /// Syncs now (after a write, on "Retry", when the browser is back
    /// online).
    pub fn now(&self) {
        self.kick.with_value(|k| {
            if let Some(k) = k {
                let _ = k.unbounded_send(());
            }
        });
    }

    /// Whether this device is signed in.
    pub fn signed_in(&self) -> bool {
        self.state.with(|s| s.account.is_some())
    }

    /// Creates a workspace and its admin, and sends this device's data to
    /// it.
    pub async fn sign_up(
        &self,
        server: &str,
        workspace: &str,
        email: &str,
        password: &str,
    ) -> Result<(), ActionError> {
        let client = Client::new(server, None);
        let created = client
            .signup(&SignupRequest {
                workspace: workspace.trim().to_string(),
                email: email.trim().to_string(),
                password: password.to_string(),
            })
            .await?;
        self.join(server, &created.token, Keep::Local).await
    }

    /// Signs in to an existing account.
    pub async fn sign_in(
        &self,
        server: &str,
        email: &str,
        password: &str,
        keep: Keep,
    ) -> Result<(), ActionError> {
        let client = Client::new(server, None);
        let session = client
            .login(&LoginRequest {
                email: email.trim().to_string(),
                password: password.to_string(),
            })
            .await?;
        self.join(server, &session.token, keep).await
    }

    /// Accepts an invitation: a new account in the inviting workspace.
    pub async fn accept(
        &self,
        server: &str,
        code: &str,
        password: &str,
        keep: Keep,
    ) -> Result<(), ActionError> {
        let client = Client::new(server, None);
        let session = client
            .accept(&AcceptRequest {
                code: code.trim().to_string(),
                password: password.to_string(),
            })
            .await?;
        self.join(server, &session.token, keep).await
    }

    /// With a fresh token: reads the account, prepares this device's data
    /// (core `join_plan`), saves the account and starts syncing.
    async fn join(&self, server: &str, token: &str, keep: Keep) -> Result<(), ActionError> {
        let me: MeResponse = Client::new(server, Some(token)).me().await?;
        let db = self.db()?;
        let state = db.sync_state().await?;
        db.set_read_only(false);
        match keep {
            Keep::Workspace => {
                db.clear_all().await?;
                self.crm.reload().await?;
            }
            Keep::Local => {
                let counts = db.counts().await?;
                let records = u64::from(counts.customers)
                    + u64::from(counts.purchases)
                    + u64::from(counts.interactions);
                if join_plan(&state, me.workspace_id, records) == Join::RequeueAll {
                    let job = self.joining;
                    job.start(records as usize);
                    let queued = db.requeue_all(move |n| job.progress(n)).await;
                    job.finish();
                    queued?;
                }
            }
        }
        let account = Account {
            server: server.trim_end_matches('/').to_string(),
            token: token.to_string(),
            user_id: me.user_id,
            workspace_id: me.workspace_id,
            workspace: me.workspace,
            email: me.email,
            role: me.role,
        };
        let saved = db
            .update_sync_state(move |s| {
                s.account = Some(account);
                s.cursor = String::new();
            })
            .await?;
        db.set_read_only(!saved.writes());
        self.state.set(saved);
        self.refused.set(None);
        self.phase.set(Phase::Syncing);
        self.now();
        Ok(())
    }

    /// Invites someone to the workspace (admins): the code to hand over.
    pub async fn invite(&self, email: &str, role: Role) -> Result<String, ActionError> {
        let account = self
            .state
            .with_untracked(|s| s.account.clone())
            .ok_or_else(StorageError::not_open)?;
        let client = Client::new(&account.server, Some(&account.token));
        let invited = client
            .invite(&InviteRequest {
                email: email.trim().to_string(),
                role,
            })
            .await?;
        Ok(invited.code)
    }

    /// Signs out: the session ends on the server (when it can be
    /// reached), this device forgets the account, and keeps or erases its
    /// data.
    pub async fn sign_out(&self, keep_data: bool) -> Result<(), ActionError> {
        let db = self.db()?;
        if let Some(account) = self.state.with_untracked(|s| s.account.clone()) {
            // An unreachable server does not keep anyone signed in here.
            let _ = Client::new(&account.server, Some(&account.token))
                .logout()
                .await;
        }
        let saved = db
            .update_sync_state(|s| {
                s.account = None;
                s.cursor = String::new();
            })
            .await?;
        db.set_read_only(false);
        self.state.set(saved);
        self.refused.set(None);
        self.phase.set(Phase::SignedOut);
        if !keep_data {
            db.clear_all().await?;
            self.crm.reload().await?;
        }
        self.pending.set(db.pending_count().await?);
        Ok(())
    }

    /// The signed-in workspace's id.
    pub fn workspace(&self) -> Option<Id> {
        self.state
            .with(|s| s.account.as_ref().map(|a| a.workspace_id))
    }
}

/// Provides the sync context and starts its loop once the database is
/// open.
pub fn provide_sync(crm: Crm) -> Sync {
    let sync = Sync {
        state: RwSignal::new(SyncState::default()),
        phase: RwSignal::new(Phase::SignedOut),
        pending: RwSignal::new(0),
        refused: RwSignal::new(None),
        clock_off_ms: RwSignal::new(None),
        bootstrap: JobHandle::new(),
        joining: JobHandle::new(),
        kick: StoredValue::new_local(None),
        crm,
    };
    provide_context(sync);
    runner::start(sync);
    sync
}

/// The sync context provided by [`provide_sync`].
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}
