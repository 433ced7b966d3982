//! Sync in Settings: sign up (a new workspace), sign in, accept an
//! invitation, the account with its invitations, and signing out. The
//! header's status is in `shell::SyncStatus`.

mod invite;
mod signed_out;

pub use invite::AcceptInvitation;
use invite::Invite;
use signed_out::SignedOut;

use ilgi_core::i18n::Arg;
use ilgi_core::sync::protocol::Role;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::sync::{ActionError, Keep, Phase, this_origin, use_sync};

/// Which form the signed-out card shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    SignIn,
    SignUp,
    Accept,
}

impl Mode {
    fn key(self) -> &'static str {
        match self {
            Mode::SignIn => "sync-sign-in",
            Mode::SignUp => "sync-sign-up",
            Mode::Accept => "sync-accept",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Mode::SignIn => "sign-in",
            Mode::SignUp => "sign-up",
            Mode::Accept => "accept",
        }
    }
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "sync-role-admin",
        Role::Agent => "sync-role-agent",
        Role::Viewer => "sync-role-viewer",
    }
}

/// The sync card; `code` opens it on "accept an invitation" with the code
/// filled in (the `/accept?code=` link).
#[component]
pub fn SyncCard(#[prop(optional)] code: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    view! {
        <div class="panel" id="sync" data-testid="sync-card">
            <h2>{move || i18n.t("sync-title")}</h2>
            <JobProgress job=sync.joining label="sync-joining"/>
            <JobProgress job=sync.bootstrap label="sync-bootstrap"/>
            {
                let code = code.clone();
                // Only signing in or out swaps the card (the loop sets the
                // state after every run; a form being filled stays).
                let signed_in = Memo::new(move |_| sync.signed_in());
                move || {
                    if signed_in.get() {
                        view! { <Account/> }.into_any()
                    } else {
                        view! { <SignedOut code=code.clone()/> }.into_any()
                    }
                }
            }
        </div>
    }
}

fn error_text(i18n: crate::i18n::I18n, error: &ActionError) -> String {
    let (key, detail) = error.describe();
    i18n.t_with(
        "sync-error-with-detail",
        &[
            ("message", Arg::Str(&i18n.t(key))),
            ("detail", Arg::Str(&detail)),
        ],
    )
}

#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let account = move || sync.state.with(|s| s.account.clone());
    let is_admin = move || account().is_some_and(|a| a.role == Role::Admin);
    let confirming = RwSignal::new(false);
    let keep_data = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);

    let sign_out = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let keep = keep_data.get_untracked();
        leptos::task::spawn_local(async move {
            let result = sync.sign_out(keep).await;
            busy.set(false);
            confirming.set(false);
            if let Err(e) = result {
                error.set(Some(error_text(i18n, &e)));
            }
        });
    };

    view! {
        <p data-testid="sync-account">
            {move || account().map(|a| i18n.t_with(
                "sync-signed-in-as",
                &[
                    ("email", Arg::Str(&a.email)),
                    ("workspace", Arg::Str(&a.workspace)),
                    ("role", Arg::Str(&i18n.t(role_key(a.role)))),
                ],
            ))}
        </p>
        <p class="muted" data-testid="sync-server-shown">
            {move || account().map(|a| i18n.t_with(
                "sync-server-is",
                &[("server", Arg::Str(if a.server.is_empty() { "—" } else { &a.server }))],
            ))}
        </p>
        <Show when=move || account().is_some_and(|a| a.role == Role::Viewer)>
            <p class="muted" data-testid="sync-read-only">{move || i18n.t("sync-viewer-note")}</p>
        </Show>
        <p data-testid="sync-summary">{move || summary(i18n, sync, false)}</p>
        {move || sync.refused.get().map(|r| view! {
            <p class="form-error" role="alert" data-testid="sync-refused">
                {i18n.t_with(
                    "sync-refused",
                    &[
                        ("message", Arg::Str(&r.message)),
                        ("field", Arg::Str(r.field.as_deref().unwrap_or("—"))),
                    ],
                )}
            </p>
        })}
        <div class="page-actions">
            <button type="button" data-testid="sync-now" on:click=move |_| sync.now()>
                {move || i18n.t("sync-now")}
            </button>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" data-testid="sync-sign-out" on:click=move |_| confirming.set(true)>
                        {move || i18n.t("sync-sign-out")}
                    </button>
                }
            >
                <span></span>
            </Show>
        </div>
        <Show when=move || confirming.get()>
            <fieldset class="form" data-testid="sync-sign-out-confirm">
                <legend>{move || i18n.t("sync-sign-out-title")}</legend>
                <label class="check">
                    <input type="radio" name="sync-sign-out-keep" data-testid="sync-sign-out-keep"
                        prop:checked=move || keep_data.get() on:change=move |_| keep_data.set(true)/>
                    {move || i18n.t("sync-sign-out-keep")}
                </label>
                <label class="check">
                    <input type="radio" name="sync-sign-out-keep" data-testid="sync-sign-out-erase"
                        prop:checked=move || !keep_data.get() on:change=move |_| keep_data.set(false)/>
                    {move || i18n.t("sync-sign-out-erase")}
                </label>
                <Show when=move || { sync.pending.get() > 0 }>
                    <p class="form-error" role="alert" data-testid="sync-sign-out-unsent">
                        {move || {
                            let n = sync.pending.get();
                            i18n.t_with("sync-sign-out-unsent", &[("count", Arg::Num(n as f64)), ("shown", Arg::Str(&units::count(n, i18n.lang())))])
                        }}
                    </p>
                </Show>
                <div class="page-actions">
                    <button type="button" class="danger" data-testid="sync-sign-out-yes" disabled=move || busy.get() on:click=sign_out>
                        {move || i18n.t("sync-sign-out")}
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false)>{move || i18n.t("cancel")}</button>
                </div>
            </fieldset>
        </Show>
        <p class="form-error" role="alert">{move || error.get()}</p>
        <Show when=is_admin>
            <Invite/>
        </Show>
    }
}

/// "Synced 2 minutes ago · 3 changes waiting" (or why not).
/// `short`: the header's form ("Offline · 3 waiting").
pub fn summary(i18n: crate::i18n::I18n, sync: crate::sync::Sync, short: bool) -> String {
    let pending = sync.pending.get();
    let waiting = (pending > 0).then(|| {
        i18n.t_with(
            if short {
                "sync-short-waiting"
            } else {
                "sync-waiting"
            },
            &[
                ("count", Arg::Num(pending as f64)),
                ("shown", Arg::Str(&units::count(pending, i18n.lang()))),
            ],
        )
    });
    let phase = match sync.phase.get() {
        Phase::SignedOut => i18n.t("sync-phase-signed-out"),
        Phase::Syncing => i18n.t("sync-phase-syncing"),
        Phase::Offline if short => i18n.t("sync-short-offline"),
        Phase::Offline => i18n.t("sync-phase-offline"),
        Phase::SignInAgain => i18n.t("sync-phase-sign-in-again"),
        Phase::Incompatible(_) => i18n.t("sync-error-protocol"),
        Phase::Failed { key, .. } => {
            i18n.t_with("sync-phase-failed", &[("message", Arg::Str(&i18n.t(key)))])
        }
        Phase::Idle => match sync.state.with(|s| s.last_sync) {
            Some(at) => {
                let minutes = ((crate::storage::db::now_millis() - at) / 60_000).max(0);
                i18n.t_with(
                    "sync-phase-synced",
                    &[("minutes", Arg::Num(minutes as f64))],
                )
            }
            None => i18n.t("sync-phase-syncing"),
        },
    };
    match waiting {
        Some(w) => format!("{phase} · {w}"),
        None => phase,
    }
}
