//! Where toasts appear, and the live regions that announce them.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::toast::{Toast, ToastKind, Toasts};

/// Shows the current toasts and announces each new one once.
///
/// The visible stack (with its close buttons, re-translated when the
/// language changes) is not a live region. Screen readers hear the
/// announcer instead: two visually hidden regions that exist from the first
/// render — notices in a polite `status`, errors in an assertive `alert` —
/// into which each toast's text is inserted once, in the language of the
/// moment, and never re-rendered. Text is rendered as text, never as HTML.
#[component]
pub fn ToastArea() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = expect_context::<Toasts>();
    let of_kind = move |kind: ToastKind| {
        move || {
            toasts
                .items()
                .into_iter()
                .filter(|t| t.kind == kind)
                .collect::<Vec<_>>()
        }
    };
    // The text as it was when the toast came: built once per toast.
    let announced = move |toast: Toast| {
        let mut text = i18n.t_untracked(toast.key);
        if let Some(detail) = &toast.detail {
            text.push(' ');
            text.push_str(detail);
        }
        view! { <p data-toast=toast.id>{text}</p> }
    };
    view! {
        <div class="visually-hidden" data-testid="toast-announcer">
            <div role="status" aria-live="polite" data-testid="toast-live-polite">
                <For each=of_kind(ToastKind::Info) key=|toast| toast.id children=announced/>
            </div>
            <div role="alert" aria-live="assertive" data-testid="toast-live-assertive">
                <For each=of_kind(ToastKind::Error) key=|toast| toast.id children=announced/>
            </div>
        </div>
        <div class="toasts">
            <For each=move || toasts.items() key=|toast| toast.id let:toast>
                <div class="toast" class:toast-error=toast.kind == ToastKind::Error data-testid="toast">
                    <span>
                        {move || i18n.t(toast.key)}
                        {toast.detail.clone().map(|d| format!(" {d}"))}
                    </span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=move || i18n.t("toast-close")
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
