//! Settings for this device: language, theme, storage persistence, offline
//! status and version.

use ilgi_core::i18n::Arg;
use ilgi_core::section::Section;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::data::DataCard;
use crate::components::shell::{LanguageSwitch, ThemeSwitch};
use crate::components::sync::SyncCard;
use crate::i18n::use_i18n;
use crate::pwa::{self, Offline, Pwa, StorageStatus};

#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-page=Section::Settings.slug()>
            <h1>{move || i18n.t(&Section::Settings.title_key())}</h1>
            <div class="panel">
                <h2>{move || i18n.t("settings-appearance-title")}</h2>
                <div class="settings-row">
                    <LanguageSwitch/>
                    <ThemeSwitch/>
                </div>
            </div>
            <SyncCard/>
            <DataCard/>
            <StorageCard/>
            <OfflineCard/>
            <div class="panel">
                <h2>{move || i18n.t("settings-about-title")}</h2>
                <p>
                    {move || {
                        i18n.t_with(
                            "settings-version",
                            &[("version", Arg::Str(env!("CARGO_PKG_VERSION")))],
                        )
                    }}
                </p>
            </div>
        </section>
    }
}

/// Persistence and usage of this origin's storage, with a button to ask for
/// persistence again.
#[component]
fn StorageCard() -> impl IntoView {
    let i18n = use_i18n();
    let status = LocalResource::new(pwa::storage_status);
    let ask = Action::new_local(|_: &()| pwa::request_persistence());
    Effect::new(move |_| {
        if ask.value().get().is_some() {
            status.refetch();
        }
    });

    let describe = move |status: Option<StorageStatus>| {
        let Some(status) = status else {
            return view! { <p data-testid="storage-persisted">{i18n.t("storage-unsupported")}</p> }
                .into_any();
        };
        let lang = i18n.lang();
        let persisted_text = if status.persisted {
            i18n.t("storage-persisted")
        } else {
            i18n.t("storage-not-persisted")
        };
        let usage = match (status.usage, status.quota) {
            (Some(used), Some(quota)) => Some(i18n.t_with(
                "storage-usage",
                &[
                    ("used", Arg::Str(&units::bytes(used, lang))),
                    ("quota", Arg::Str(&units::bytes(quota, lang))),
                ],
            )),
            _ => None,
        };
        view! {
            <p data-testid="storage-persisted" data-persisted=status.persisted.to_string()>
                {persisted_text}
            </p>
            <p data-testid="storage-usage">{usage}</p>
            <Show when=move || !status.persisted>
                <button type="button" class="button" on:click=move |_| {
                    ask.dispatch(());
                }>{move || i18n.t("storage-ask")}</button>
            </Show>
        }
        .into_any()
    };

    view! {
        <div class="panel">
            <h2>{move || i18n.t("settings-storage-title")}</h2>
            <p class="muted">{move || i18n.t("settings-storage-intro")}</p>
            <Suspense fallback=move || view! { <p>{move || i18n.t("storage-checking")}</p> }>
                <ErrorBoundary fallback=move |errors| {
                    view! {
                        <p class="error-text" role="alert">
                            {move || i18n.t("error-title")}
                            ": "
                            {move || {
                                errors
                                    .get()
                                    .into_iter()
                                    .map(|(_, e)| e.to_string())
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            }}
                        </p>
                    }
                }>
                    {move || Suspend::new(async move {
                        status.await.map(describe).map_err(StorageError)
                    })}
                </ErrorBoundary>
            </Suspense>
        </div>
    }
}

/// A storage API failure, shown in the storage card.
#[derive(Debug, Clone)]
struct StorageError(String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StorageError {}

/// Whether the app shell is cached for offline use.
#[component]
fn OfflineCard() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = expect_context::<Pwa>();
    view! {
        <div class="panel">
            <h2>{move || i18n.t("settings-offline-title")}</h2>
            <p data-testid="offline-status" data-offline=move || format!("{:?}", pwa.offline()).to_lowercase()>
                {move || match pwa.offline() {
                    Offline::Active => i18n.t("offline-active"),
                    Offline::Pending => i18n.t("offline-pending"),
                    Offline::Unsupported => i18n.t("offline-unsupported"),
                }}
            </p>
        </div>
    }
}
