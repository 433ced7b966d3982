//! Keeps `document.title` in step with the current section and language.

use ilgi_core::section::Section;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_i18n;

/// Renders nothing; sets the browser tab's title ("Müşteriler · ilgi").
#[component]
pub fn PageTitle() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    Effect::new(move |_| {
        let app = i18n.t("app-name");
        let title = match Section::from_path(&location.pathname.get()) {
            Some(section) => format!("{} · {app}", i18n.t(&section.title_key())),
            None => app,
        };
        document().set_title(&title);
    });
}
