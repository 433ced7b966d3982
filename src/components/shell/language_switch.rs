//! The language switch in the header.

use ilgi_core::i18n::Lang;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A labelled `<select>` of the UI languages, each in its own name.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let options = Lang::ALL
        .into_iter()
        .map(|lang| {
            view! {
                <option value=lang.code() selected=move || i18n.lang() == lang>
                    {lang.native_name()}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="control">
            <span class="control-label">{move || i18n.t("lang-label")}</span>
            <select
                data-testid="language-switch"
                prop:value=move || i18n.lang().code()
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
                        i18n.set_lang(lang);
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}
