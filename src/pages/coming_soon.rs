//! The panel a section shows until its feature ships: what it will do, and
//! nothing fake.

use ilgi_core::section::Section;
use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn ComingSoon(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-page=section.slug()>
            <h1>{move || i18n.t(&section.title_key())}</h1>
            <div class="panel coming">
                <span class="badge">{move || i18n.t("coming-badge")}</span>
                <p>{move || i18n.t(&section.coming_key())}</p>
            </div>
        </section>
    }
}
