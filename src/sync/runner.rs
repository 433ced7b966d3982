//! The sync loop. It runs once the database is open, then again after
//! every write (debounced), when the browser comes back online or the tab
//! becomes visible, every 30 s while visible, and on "Retry". One run:
//! push the outbox oldest first (500 mutations or 2 MiB a request, one in
//! flight) and acknowledge what the server applied; then pull pages until
//! the server has no more, each landing with its cursor in one
//! transaction. Failures wait as core's `Backoff` says (or `Retry-After`).
//!
//! Every tab of the app runs this loop; the server is safe with that (a
//! push twice is a replay, a page twice changes nothing), it only costs
//! requests.

use futures::StreamExt;
use futures::channel::mpsc;
use gloo_events::EventListener;
use gloo_timers::future::TimeoutFuture;
use ilgi_core::sync::engine::{Backoff, Outcome, PUSH_BYTES, PUSH_MUTATIONS, fit};
use ilgi_core::sync::protocol::{PROTOCOLS, PushMutation, PushRequest};
use leptos::prelude::*;

use super::client::{ApiError, Client};
use super::{Phase, Refusal, Sync};
use crate::storage::db::now_millis;
use crate::storage::{Db, ErrorKind, StorageError};

/// How long the loop waits for more writes before it syncs them.
const DEBOUNCE_MS: u32 = 500;
/// How often a visible, idle tab asks for changes.
const POLL_MS: u64 = 30_000;
/// Changes per pull page.
const PULL_LIMIT: u32 = 1_000;
/// A device clock this far from the server's is reported.
const CLOCK_SLACK_MS: i64 = 30_000;

/// Why a run stopped early.
enum Stop {
    /// Try again after this long (or the back-off's wait).
    Retry(Option<u64>),
    /// Nothing to do until something changes (signed out, offline,
    /// signed out by the server, another protocol).
    Wait,
}

pub(super) fn start(sync: Sync) {
    let (tx, rx) = mpsc::unbounded::<()>();
    sync.kick.set_value(Some(tx));
    // Writes in this tab (and in others, which this tab hears about).
    let crm = sync.crm;
    Effect::new(move |_| {
        crm.revision();
        sync.now();
    });
    if let Some(window) = web_sys::window() {
        let online = EventListener::new(&window, "online", move |_| sync.now());
        let offline = EventListener::new(&window, "offline", move |_| {
            if sync.signed_in() {
                sync.phase.set(Phase::Offline);
            }
        });
        online.forget();
        offline.forget();
        if let Some(document) = window.document() {
            let visible = EventListener::new(&document, "visibilitychange", move |_| {
                if is_visible() {
                    sync.now();
                }
            });
            visible.forget();
        }
    }
    leptos::task::spawn_local(run(sync, rx));
}

fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

async fn run(sync: Sync, mut kicks: mpsc::UnboundedReceiver<()>) {
    let mut backoff = Backoff::default();
    let mut wait: Option<u64> = Some(0);
    loop {
        let kicked = match wait {
            Some(ms) => {
                let timer = TimeoutFuture::new(ms.min(u32::MAX as u64) as u32);
                match futures::future::select(kicks.next(), timer).await {
                    futures::future::Either::Left((None, _)) => return,
                    futures::future::Either::Left((Some(()), _)) => true,
                    futures::future::Either::Right(_) => false,
                }
            }
            None => match kicks.next().await {
                Some(()) => true,
                None => return,
            },
        };
        if kicked {
            // A burst of writes syncs once.
            TimeoutFuture::new(DEBOUNCE_MS).await;
        }
        while kicks.try_recv().is_ok() {}
        if !kicked && !is_visible() {
            wait = Some(POLL_MS);
            continue;
        }
        wait = match once(sync).await {
            Ok(()) => {
                backoff.succeed();
                Some(POLL_MS)
            }
            Err(Stop::Retry(after)) => {
                Some(after.unwrap_or_else(|| backoff.fail(js_sys::Math::random())))
            }
            Err(Stop::Wait) => None,
        };
    }
}

/// The person-facing phase of a failed request, and what the loop does.
fn failed(sync: Sync, error: &ApiError) -> Stop {
    match error.outcome() {
        Outcome::SignInAgain => {
            sync.phase.set(Phase::SignInAgain);
            Stop::Wait
        }
        Outcome::Incompatible { message } => {
            sync.phase.set(Phase::Incompatible(message));
            Stop::Wait
        }
        Outcome::Retry { after_ms } => {
            sync.phase.set(if error.status == 0 && !is_online() {
                Phase::Offline
            } else {
                Phase::Failed {
                    key: error.key(),
                    detail: error.message(),
                }
            });
            if error.status == 0 && !is_online() {
                Stop::Wait
            } else {
                Stop::Retry(after_ms)
            }
        }
        _ => {
            sync.phase.set(Phase::Failed {
                key: error.key(),
                detail: error.message(),
            });
            Stop::Retry(None)
        }
    }
}

fn storage_failed(sync: Sync, error: &StorageError) -> Stop {
    sync.phase.set(Phase::Failed {
        key: error.key(),
        detail: error.detail.clone(),
    });
    Stop::Retry(None)
}

async fn once(sync: Sync) -> Result<(), Stop> {
    let Some(db) = sync.crm.db() else {
        return Err(Stop::Retry(Some(100)));
    };
    let state = db
        .sync_state()
        .await
        .map_err(|e| storage_failed(sync, &e))?;
    db.set_read_only(!state.writes());
    if let Ok(n) = db.pending_count().await {
        sync.pending.set(n);
    }
    sync.state.set(state.clone());
    let Some(account) = state.account.clone() else {
        sync.phase.set(Phase::SignedOut);
        return Err(Stop::Wait);
    };
    if !is_online() {
        sync.phase.set(Phase::Offline);
        return Err(Stop::Wait);
    }
    sync.phase.set(Phase::Syncing);
    let client = Client::new(&account.server, Some(&account.token));
    if account.role.writes() {
        push(sync, &db, &client).await?;
    }
    pull(sync, &db, &client, account.workspace_id, state.cursor).await?;
    let saved = db
        .update_sync_state(|s| s.last_sync = Some(now_millis()))
        .await
        .map_err(|e| storage_failed(sync, &e))?;
    sync.state.set(saved);
    if let Ok(n) = db.pending_count().await {
        sync.pending.set(n);
    }
    sync.phase.set(match sync.refused.get_untracked() {
        Some(r) => Phase::Failed {
            key: "sync-error-refused",
            detail: r.message,
        },
        None => Phase::Idle,
    });
    Ok(())
}

/// Pushes the outbox, oldest first, until it is empty or the server
/// refuses a change.
async fn push(sync: Sync, db: &Db, client: &Client) -> Result<(), Stop> {
    let storage = |e: StorageError| storage_failed(sync, &e);
    let mut renewed = 0;
    if db.pending_count().await.map_err(storage)? > 2 * PUSH_MUTATIONS as u64 {
        db.compact_outbox().await.map_err(storage)?;
    }
    loop {
        let page = db.outbox_page(PUSH_MUTATIONS).await.map_err(storage)?;
        let Some(last) = page.last().map(|m| m.seq) else {
            sync.refused.set(None);
            return Ok(());
        };
        let client_id = db.client_id().await.map_err(storage)?;
        let mut mutations: Vec<PushMutation> = page.into_iter().map(PushMutation::of).collect();
        let fits = fit(&mutations, PUSH_BYTES);
        mutations.truncate(fits);
        let highest = mutations.last().map_or(last, |m| m.seq);
        let request = PushRequest {
            protocol: PROTOCOLS[PROTOCOLS.len() - 1],
            client_id,
            mutations,
        };
        match client.push(&request).await {
            Ok(answer) => {
                db.ack(answer.acked).await.map_err(storage)?;
                sync.pending.set(db.pending_count().await.map_err(storage)?);
                if answer.acked < highest {
                    sync.phase.set(Phase::Failed {
                        key: "sync-error-server",
                        detail: format!(
                            "the server acknowledged {} of changes up to {highest}",
                            answer.acked
                        ),
                    });
                    return Err(Stop::Retry(None));
                }
            }
            Err(e) => match e.outcome() {
                Outcome::NewClientId if renewed < 5 => {
                    renew_client_id(sync, db).await.map_err(storage)?;
                    renewed += 1;
                }
                Outcome::ReadOnly => return Ok(()),
                Outcome::Refused {
                    message,
                    field,
                    seq,
                    ..
                } => {
                    sync.refused.set(Some(Refusal {
                        message,
                        field,
                        seq,
                    }));
                    return Ok(());
                }
                _ => return Err(failed(sync, &e)),
            },
        }
    }
}

/// Another device of the workspace has this installation's case prefix:
/// take a new client id and renumber this device's cases under it (same
/// counters), so case numbers stay unique across devices.
async fn renew_client_id(sync: Sync, db: &Db) -> Result<(), StorageError> {
    let old = db.client_id().await?;
    let new = db.new_client_id().await?;
    let cases = db.cases().await?;
    let pairs = ilgi_core::cases::model::renumber(&cases, old, new);
    if pairs.is_empty() {
        return Ok(());
    }
    let mut batch = ilgi_core::model::Batch::new();
    for (stored, renumbered) in pairs {
        batch.update(
            ilgi_core::model::Record::Case(stored),
            ilgi_core::model::Record::Case(renumbered),
        );
    }
    sync.crm.apply(batch).await.map(|_| ())
}

/// Pulls every page after `cursor`; each lands with its cursor.
async fn pull(
    sync: Sync,
    db: &Db,
    client: &Client,
    workspace: ilgi_core::model::Id,
    mut cursor: String,
) -> Result<(), Stop> {
    let job = sync.bootstrap;
    let mut taken = 0usize;
    let result = loop {
        let (page, date) = match client.pull(&cursor, PULL_LIMIT).await {
            Ok(answer) => answer,
            Err(e) => break Err(failed(sync, &e)),
        };
        if let Some(server) = date {
            let off = now_millis() - server;
            sync.clock_off_ms
                .set((off.abs() > CLOCK_SLACK_MS).then_some(off));
        }
        match db
            .apply_remote_page(&page.changes, &page.cursor, workspace)
            .await
        {
            Ok(records) => sync.crm.absorb(&records),
            // Signed out meanwhile: nothing to do until signed in again.
            Err(e) if e.kind == ErrorKind::Conflict => break Err(Stop::Wait),
            Err(e) => break Err(storage_failed(sync, &e)),
        }
        taken += page.changes.len();
        if page.more || job.running.get_untracked() {
            let total = taken + page.remaining as usize;
            if !job.running.get_untracked() {
                job.start(total);
            }
            job.total.set(total);
            job.progress(taken);
        }
        cursor = page.cursor;
        if !page.more {
            break Ok(());
        }
    };
    if job.running.get_untracked() {
        job.finish();
    }
    result
}
