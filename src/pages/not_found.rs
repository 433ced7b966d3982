//! The page for a URL that matches no route.

use ilgi_core::i18n::Arg;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    view! {
        <section class="page" data-page="not-found">
            <h1>{move || i18n.t("not-found-title")}</h1>
            <p>
                {move || {
                    let path = location.pathname.get();
                    i18n.t_with("not-found-body", &[("path", Arg::Str(&path))])
                }}
            </p>
            <A href="/">{move || i18n.t("not-found-home")}</A>
        </section>
    }
}
