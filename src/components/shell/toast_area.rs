//! The live region where toasts appear.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::toast::{ToastKind, Toasts};

/// Lists the current toasts; screen readers announce new ones. Text is
/// rendered as text, never as HTML.
#[component]
pub fn ToastArea() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items() key=|toast| toast.id let:toast>
                <div
                    class="toast"
                    class:toast-error=toast.kind == ToastKind::Error
                    role=(toast.kind == ToastKind::Error).then_some("alert")
                    data-testid="toast"
                >
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
