//! The main navigation: one link per product section.

use ilgi_core::section::Section;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// Section links. On narrow screens the list folds behind the menu button;
/// following a link folds it again.
#[component]
pub fn Nav(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let links = Section::ALL
        .into_iter()
        .map(|section| {
            view! {
                <li>
                    <A
                        href=section.path()
                        exact=section == Section::Dashboard
                        attr:data-section=section.slug()
                        on:click=move |_| open.set(false)
                    >
                        {move || i18n.t(&section.title_key())}
                    </A>
                </li>
            }
        })
        .collect_view();

    view! {
        <nav
            id="main-nav"
            class="sidenav"
            class:open=move || open.get()
            aria-label=move || i18n.t("nav-label")
        >
            <ul>{links}</ul>
        </nav>
    }
}
