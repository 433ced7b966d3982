//! Sync in Settings: sign up (a new workspace), sign in, accept an
//! invitation, the account with its invitations, and signing out. The
//! header's status is in `shell::SyncStatus`.

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
fn SignedOut(code: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let crm = use_crm();
    let mode = RwSignal::new(if code.is_some() {
        Mode::Accept
    } else {
        Mode::SignIn
    });
    let server = RwSignal::new(this_origin());
    let workspace = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let invitation = RwSignal::new(code.unwrap_or_default());
    let keep = RwSignal::new(Keep::Local);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let counts = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(db) => db.counts().await.ok(),
            None => None,
        }
    });
    let local = move || {
        counts.get().flatten().map_or(0, |c| {
            u64::from(c.customers) + u64::from(c.purchases) + u64::from(c.interactions)
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (m, srv, ws, em, pw, code, k) = (
            mode.get_untracked(),
            server.get_untracked(),
            workspace.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
            invitation.get_untracked(),
            keep.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let result = match m {
                Mode::SignUp => sync.sign_up(&srv, &ws, &em, &pw).await,
                Mode::SignIn => sync.sign_in(&srv, &em, &pw, k).await,
                Mode::Accept => sync.accept(&srv, &code, &pw, k).await,
            };
            busy.set(false);
            match result {
                Ok(()) => password.set(String::new()),
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    };

    let tab = move |m: Mode| {
        view! {
            <button
                type="button"
                role="tab"
                data-testid=format!("sync-tab-{}", m.slug())
                aria-selected=move || (mode.get() == m).to_string()
                on:click=move |_| {
                    mode.set(m);
                    error.set(None);
                }
            >
                {move || i18n.t(m.key())}
            </button>
        }
    };
    let input = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>,
                      auto: &'static str| {
        view! {
            <div class="field">
                <label for=id>{move || i18n.t(label)}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=auto
                    required=true
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };

    view! {
        <p class="muted">{move || i18n.t("sync-intro")}</p>
        <div class="inbox-tabs" role="tablist">
            {tab(Mode::SignIn)}
            {tab(Mode::SignUp)}
            {tab(Mode::Accept)}
        </div>
        <form class="form" data-testid="sync-form" data-mode=move || mode.get().slug() on:submit=submit>
            <div class="form-grid">
                {input("sync-server", "sync-server", "url", server, "url")}
                <Show when=move || mode.get() == Mode::SignUp>
                    {input("sync-workspace", "sync-workspace", "text", workspace, "organization")}
                </Show>
                <Show when=move || mode.get() != Mode::Accept>
                    {input("sync-email", "sync-email", "email", email, "email")}
                </Show>
                <Show when=move || mode.get() == Mode::Accept>
                    {input("sync-code", "sync-code", "text", invitation, "off")}
                </Show>
                {move || {
                    let auto = if mode.get() == Mode::SignIn { "current-password" } else { "new-password" };
                    input("sync-password", "sync-password", "password", password, auto)
                }}
            </div>
            <Show when=move || { mode.get() != Mode::SignUp && local() > 0 }>
                <fieldset data-testid="sync-keep">
                    <legend>
                        {move || i18n.t_with("sync-keep-title", &[("count", Arg::Num(local() as f64)), ("shown", Arg::Str(&units::count(local(), i18n.lang())))])}
                    </legend>
                    <label class="check">
                        <input
                            type="radio"
                            name="sync-keep"
                            data-testid="sync-keep-local"
                            prop:checked=move || keep.get() == Keep::Local
                            on:change=move |_| keep.set(Keep::Local)
                        />
                        {move || i18n.t("sync-keep-local")}
                    </label>
                    <label class="check">
                        <input
                            type="radio"
                            name="sync-keep"
                            data-testid="sync-keep-workspace"
                            prop:checked=move || keep.get() == Keep::Workspace
                            on:change=move |_| keep.set(Keep::Workspace)
                        />
                        {move || i18n.t("sync-keep-workspace")}
                    </label>
                </fieldset>
            </Show>
            <Show when=move || { mode.get() == Mode::SignUp && local() > 0 }>
                <p class="muted">{move || i18n.t_with("sync-signup-sends", &[("count", Arg::Num(local() as f64)), ("shown", Arg::Str(&units::count(local(), i18n.lang())))])}</p>
            </Show>
            <p class="form-error" role="alert" data-testid="sync-error">{move || error.get()}</p>
            <div class="page-actions">
                <button type="submit" class="primary" data-testid="sync-submit" disabled=move || busy.get()>
                    {move || i18n.t(mode.get().key())}
                </button>
            </div>
        </form>
    }
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

#[component]
fn Invite() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let code: RwSignal<Option<String>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        code.set(None);
        let (em, r) = (email.get_untracked(), role.get_untracked());
        leptos::task::spawn_local(async move {
            let result = sync.invite(&em, r).await;
            busy.set(false);
            match result {
                Ok(c) => {
                    code.set(Some(c));
                    email.set(String::new());
                }
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let link = move || {
        code.get()
            .map(|c| format!("{}/accept?code={c}", this_origin()))
    };
    view! {
        <form class="form" data-testid="sync-invite" on:submit=submit>
            <h3>{move || i18n.t("sync-invite-title")}</h3>
            <div class="form-grid">
                <div class="field">
                    <label for="sync-invite-email">{move || i18n.t("sync-email")}</label>
                    <input id="sync-invite-email" type="email" required=true
                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="sync-invite-role">{move || i18n.t("sync-role")}</label>
                    <select id="sync-invite-role" on:change=move |ev| {
                        role.set(match event_target_value(&ev).as_str() {
                            "admin" => Role::Admin,
                            "viewer" => Role::Viewer,
                            _ => Role::Agent,
                        });
                    }>
                        <option value="agent" selected=true>{move || i18n.t("sync-role-agent")}</option>
                        <option value="viewer">{move || i18n.t("sync-role-viewer")}</option>
                        <option value="admin">{move || i18n.t("sync-role-admin")}</option>
                    </select>
                </div>
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <div class="page-actions">
                <button type="submit" disabled=move || busy.get()>{move || i18n.t("sync-invite")}</button>
            </div>
            {move || code.get().map(|c| view! {
                <p data-testid="sync-invite-result">
                    {i18n.t("sync-invite-code")}" "<code data-testid="sync-invite-code">{c}</code>
                </p>
                <p><a data-testid="sync-invite-link" href=link().unwrap_or_default()>{link().unwrap_or_default()}</a></p>
            })}
        </form>
    }
}

/// `/accept?code=…`: the invitation link opens the accept form.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let code = query.with_untracked(|q| q.get("code"));
    view! {
        <section class="page" data-page="accept">
            <h1>{move || i18n.t("sync-accept-title")}</h1>
            <SyncCard code=code.unwrap_or_default()/>
        </section>
    }
}
