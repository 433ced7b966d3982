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

/// Declares one lazily loaded route per page: `module: Route => page`.
///
/// With `split`, the page's view is a `wasm_split` point in the module
/// named first (`module: Route => page`): one per page, except that pages
/// that are one form (new/edit) share theirs. One module per area (all
/// case pages…) was measured (BENCHMARKS.md, "Sizes"): far fewer pieces,
/// but the heaviest first download grew by about 100 KiB brotli, over its
/// limit. `fallible`: a module that
/// cannot be fetched shows [`PageUnavailable`] instead of panicking (a
/// panic would stop the whole app). (Leptos' own `#[lazy_route]` panics.)
macro_rules! lazy_pages {
    ($($area:ident: $route:ident => $page:expr;)*) => {$(
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
                    $area,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible
                )]
                fn $route() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                    Ok($page.into_any())
                }
                match $route().await {
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
    page_dashboard: DashboardRoute => view! { <pages::Dashboard/> };
    page_customer_list: CustomerListRoute => view! { <pages::CustomerList/> };
    page_customer_form: CustomerNewRoute => view! { <pages::CustomerNew/> };
    page_customer_import: CustomerImportRoute => view! { <pages::CustomerImport/> };
    page_customer_duplicates: CustomerDuplicatesRoute => view! { <pages::CustomerDuplicates/> };
    page_customer_merge: CustomerMergeRoute => view! { <pages::CustomerMerge/> };
    page_customer_detail: CustomerDetailRoute => view! { <pages::CustomerDetail/> };
    page_customer_form: CustomerEditRoute => view! { <pages::CustomerEdit/> };
    page_case_queue: CaseQueueRoute => view! { <pages::CaseQueue/> };
    page_case_new: CaseNewRoute => view! { <pages::CaseNew/> };
    page_case_rules: CaseRulesRoute => view! { <pages::CaseRules/> };
    page_case_reports: CaseReportsRoute => view! { <pages::CaseReports/> };
    page_case_detail: CaseDetailRoute => view! { <pages::CaseDetail/> };
    page_mentions: MentionsRoute => view! { <pages::Mentions/> };
    page_mention_import: MentionImportRoute => view! { <pages::MentionImport/> };
    page_social_noise: SocialNoiseRoute => view! { <pages::SocialNoise/> };
    page_segment_list: SegmentListRoute => view! { <pages::SegmentList/> };
    page_segment_editor: SegmentNewRoute => view! { <pages::SegmentNew/> };
    page_segment_editor: SegmentEditRoute => view! { <pages::SegmentEdit/> };
    page_campaigns: CampaignsRoute => view! { <pages::ComingSoon section=Section::Campaigns/> };
    page_settings: SettingsRoute => view! { <pages::Settings/> };
    page_accept: AcceptRoute => view! { <crate::components::sync::AcceptInvitation/> };
}
