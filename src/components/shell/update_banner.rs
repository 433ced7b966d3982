//! The "new version ready" offer.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::pwa::Pwa;

/// Shown while a newer build waits; the button activates it and reloads.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = expect_context::<Pwa>();
    view! {
        <Show when=move || pwa.update_ready()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>{move || i18n.t("update-ready")}</span>
                <button type="button" class="button primary" on:click=move |_| pwa.apply_update()>
                    {move || i18n.t("update-reload")}
                </button>
            </div>
        </Show>
    }
}
