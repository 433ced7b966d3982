//! The root component: app-wide contexts, the router and the page shell.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::components::shell::Shell;
use crate::crm::provide_crm;
use crate::i18n::provide_i18n;
use crate::insights::provide_insights;
use crate::pages::NotFound;
use crate::pwa::provide_pwa;
use crate::routes::*;
use crate::theme::provide_theme;
use crate::toast::provide_toasts;

/// Whether a navigation is under way: the next page's module may still be
/// loading while the old page is on screen (see `routes.rs`).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// The whole app. Contexts come first so every page can use them.
#[component]
pub fn App() -> impl IntoView {
    let toasts = provide_toasts();
    provide_i18n(toasts);
    provide_theme(toasts);
    provide_pwa(toasts);
    let crm = provide_crm(toasts);
    provide_insights(crm);
    crate::sync::provide_sync(crm);
    crate::pages::cases::watch_escalations(crm);
    // True while the router waits for a page (its module may be loading).
    let (routing, set_routing) = signal(false);
    provide_context(Routing(routing));

    view! {
        <Router set_is_routing=set_routing>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("/customers") view={Lazy::<CustomerListRoute>::new()}/>
                    <Route path=path!("/customers/new") view={Lazy::<CustomerNewRoute>::new()}/>
                    <Route path=path!("/customers/import") view={Lazy::<CustomerImportRoute>::new()}/>
                    <Route path=path!("/customers/duplicates") view={Lazy::<CustomerDuplicatesRoute>::new()}/>
                    <Route path=path!("/customers/merge/:a/:b") view={Lazy::<CustomerMergeRoute>::new()}/>
                    <Route path=path!("/customers/:id") view={Lazy::<CustomerDetailRoute>::new()}/>
                    <Route path=path!("/customers/:id/edit") view={Lazy::<CustomerEditRoute>::new()}/>
                    <Route path=path!("/cases") view={Lazy::<CaseQueueRoute>::new()}/>
                    <Route path=path!("/cases/new") view={Lazy::<CaseNewRoute>::new()}/>
                    <Route path=path!("/cases/rules") view={Lazy::<CaseRulesRoute>::new()}/>
                    <Route path=path!("/cases/reports") view={Lazy::<CaseReportsRoute>::new()}/>
                    <Route path=path!("/cases/:id") view={Lazy::<CaseDetailRoute>::new()}/>
                    <Route path=path!("/mentions") view={Lazy::<MentionsRoute>::new()}/>
                    <Route path=path!("/mentions/import") view={Lazy::<MentionImportRoute>::new()}/>
                    <Route path=path!("/mentions/noise") view={Lazy::<SocialNoiseRoute>::new()}/>
                    <Route path=path!("/segments") view={Lazy::<SegmentListRoute>::new()}/>
                    <Route path=path!("/segments/new") view={Lazy::<SegmentNewRoute>::new()}/>
                    <Route path=path!("/segments/:id") view={Lazy::<SegmentEditRoute>::new()}/>
                    <Route path=path!("/campaigns") view={Lazy::<CampaignsRoute>::new()}/>
                    <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()}/>
                    <Route path=path!("/accept") view={Lazy::<AcceptRoute>::new()}/>
                </Routes>
            </Shell>
        </Router>
    }
}
