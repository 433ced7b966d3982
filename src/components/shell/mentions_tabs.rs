//! The Mentions section's own tabs: the posts (import, list, review) and
//! the social-noise dashboard. Every page of the section shows them.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// The section's pages: path, translation key, test id.
const TABS: [(&str, &str, &str); 2] = [
    ("/mentions", "noise-tab-posts", "tab-posts"),
    ("/mentions/noise", "noise-tab-noise", "tab-noise"),
];

/// Links to the Mentions pages; the current one is marked
/// (`aria-current="page"`).
#[component]
pub fn MentionsTabs() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="section-tabs" aria-label=move || i18n.t("noise-tabs-label")>
            {TABS
                .into_iter()
                .map(|(href, key, testid)| view! {
                    <A href=href exact=true attr:data-testid=testid>{move || i18n.t(key)}</A>
                })
                .collect_view()}
        </nav>
    }
}
