//! The routes' pages as lazily loaded views.
//!
//! Each route is a [`LazyRoute`]. Built with the `split` feature (what
//! `cargo xtask build` does), each page's view is a split point: its code
//! goes into a wasm module of its own that the browser fetches when the
//! route is first opened, so the first download holds only the shell
//! (router, storage, i18n, navigation). The service worker precaches every
//! module, so pages open offline once it has installed. Without the
//! feature (wasm tests, clippy), the same routes are plain async views in
//! one module.

use ilgi_core::section::Section;
use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::i18n::use_i18n;
use crate::pages;

/// Shown instead of a page whose module could not be fetched (offline
/// before the service worker cached the app): says so and offers a retry
/// (a reload, which fetches the module again).
#[component]
fn PageUnavailable() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-page="unavailable">
            <h1>{move || i18n.t("page-unavailable-title")}</h1>
            <p>{move || i18n.t("page-unavailable-body")}</p>
            <button type="button" class="button primary" on:click=move |_| {
                let _ = window().location().reload();
            }>{move || i18n.t("page-unavailable-retry")}</button>
        </section>
    }
}

/// Declares one lazily loaded route per page: `Route => page expression`.
///
/// With `split`, the page's view is a `wasm_split` point named after the
/// route (its module is `split_<Route>.wasm`), `fallible`: a module that
/// cannot be fetched shows [`PageUnavailable`] instead of panicking (a
/// panic would stop the whole app). (Leptos' own `#[lazy_route]` panics.)
macro_rules! lazy_pages {
    ($($route:ident => $page:expr;)*) => {$(
        #[doc = concat!("The route of `", stringify!($page), "`.")]
        pub struct $route;

        #[cfg(feature = "split")]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            async fn view(_this: Self) -> AnyView {
                #[allow(non_snake_case)]
                #[leptos::wasm_split::wasm_split(
                    $route,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible
                )]
                fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                    Ok($page.into_any())
                }
                match page().await {
                    Ok(view) => view,
                    Err(_) => view! { <PageUnavailable/> }.into_any(),
                }
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            async fn view(_this: Self) -> AnyView {
                $page.into_any()
            }
        }
    )*};
}

lazy_pages! {
    DashboardRoute => view! { <pages::Dashboard/> };
    CustomerListRoute => view! { <pages::CustomerList/> };
    CustomerNewRoute => view! { <pages::CustomerNew/> };
    CustomerImportRoute => view! { <pages::CustomerImport/> };
    CustomerDuplicatesRoute => view! { <pages::CustomerDuplicates/> };
    CustomerMergeRoute => view! { <pages::CustomerMerge/> };
    CustomerDetailRoute => view! { <pages::CustomerDetail/> };
    CustomerEditRoute => view! { <pages::CustomerEdit/> };
    CaseQueueRoute => view! { <pages::CaseQueue/> };
    CaseNewRoute => view! { <pages::CaseNew/> };
    CaseRulesRoute => view! { <pages::CaseRules/> };
    CaseReportsRoute => view! { <pages::CaseReports/> };
    CaseDetailRoute => view! { <pages::CaseDetail/> };
    MentionsRoute => view! { <pages::Mentions/> };
    MentionImportRoute => view! { <pages::MentionImport/> };
    SocialNoiseRoute => view! { <pages::SocialNoise/> };
    SegmentListRoute => view! { <pages::SegmentList/> };
    SegmentNewRoute => view! { <pages::SegmentNew/> };
    SegmentEditRoute => view! { <pages::SegmentEdit/> };
    CampaignsRoute => view! { <pages::ComingSoon section=Section::Campaigns/> };
    SettingsRoute => view! { <pages::Settings/> };
    AcceptRoute => view! { <crate::components::sync::AcceptInvitation/> };
}
