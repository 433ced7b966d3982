//! The sync card when signed out: sign in, create an account or accept
//! an invitation.

use super::*;

#[component]
pub(super) fn SignedOut(code: Option<String>) -> impl IntoView {
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
