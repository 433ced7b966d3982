//! The theme switch in the header.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::theme::{Theme, ThemeChoice};

/// A labelled `<select>`: follow the system, light or dark.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choice = expect_context::<ThemeChoice>();
    let options = move || {
        Theme::ALL
            .into_iter()
            .map(|theme| {
                view! {
                    <option value=theme.code() selected=move || choice.get() == theme>
                        {match theme {
                            Theme::System => i18n.t("theme-system"),
                            Theme::Light => i18n.t("theme-light"),
                            Theme::Dark => i18n.t("theme-dark"),
                        }}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <label class="control">
            <span class="control-label">{move || i18n.t("theme-label")}</span>
            <select
                data-testid="theme-switch"
                prop:value=move || choice.get().code()
                on:change=move |ev| {
                    if let Some(theme) = Theme::from_code(&event_target_value(&ev)) {
                        choice.set(theme);
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}
