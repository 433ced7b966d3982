//! Inviting a teammate, and accepting an invitation from a link.

use super::*;

#[component]
pub(super) fn Invite() -> impl IntoView {
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
