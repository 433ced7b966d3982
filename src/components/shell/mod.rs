//! The frame around every page: header, navigation, main area, toasts.

mod language_switch;
mod mentions_tabs;
mod nav;
mod page_title;
mod route_focus;
mod sync_status;
mod theme_switch;
mod toast_area;
mod update_banner;

pub use language_switch::LanguageSwitch;
pub use mentions_tabs::MentionsTabs;
pub use nav::Nav;
pub use page_title::PageTitle;
pub use route_focus::RouteFocus;
pub use sync_status::SyncStatus;
pub use theme_switch::ThemeSwitch;
pub use toast_area::ToastArea;
pub use update_banner::UpdateBanner;

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Page frame with semantic landmarks: a skip link, `header`, `nav`, `main`
/// (the routed page, inside an error boundary; the focus moves to its
/// heading when the page changes) and the toasts with their live regions.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);

    view! {
        // The router would take `#main` for a navigation and leave the
        // focus where it is: the link itself moves it.
        <a class="skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(main).focus();
            }
        }>{move || i18n.t("skip-to-content")}</a>
        <PageTitle/>
        <RouteFocus/>
        <div class="layout">
            <header class="topbar">
                <button
                    type="button"
                    class="menu-toggle"
                    aria-controls="main-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰"</span>
                    <span class="menu-toggle-label">{move || i18n.t("menu-toggle")}</span>
                </button>
                <a class="brand" href="/">
                    <img src="/icons/icon-192.png" alt="" width="28" height="28"/>
                    <span class="brand-name">{move || i18n.t("app-name")}</span>
                </a>
                <span class="tagline">{move || i18n.t("app-tagline")}</span>
                <div class="topbar-controls">
                    <SyncStatus/>
                    <LanguageSwitch/>
                    <ThemeSwitch/>
                </div>
            </header>
            <Nav open=menu_open/>
            <main id="main" tabindex="-1">
                <UpdateBanner/>
                <ErrorBoundary fallback=|errors| {
                    let i18n = use_i18n();
                    view! {
                        <section class="panel error-panel" role="alert">
                            <h1>{move || i18n.t("error-title")}</h1>
                            <ul>
                                {move || {
                                    errors
                                        .get()
                                        .into_iter()
                                        .map(|(_, e)| view! { <li>{e.to_string()}</li> })
                                        .collect_view()
                                }}
                            </ul>
                        </section>
                    }
                }>{children()}</ErrorBoundary>
            </main>
        </div>
        <ToastArea/>
    }
}
