//! The root component: app-wide contexts, the router and the page shell.

use ilgi_core::section::Section;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::Shell;
use crate::components::sync::AcceptInvitation;
use crate::crm::provide_crm;
use crate::i18n::provide_i18n;
use crate::insights::provide_insights;
use crate::pages::{
    CaseDetail, CaseNew, CaseQueue, CaseReports, CaseRules, ComingSoon, CustomerDetail,
    CustomerDuplicates, CustomerEdit, CustomerImport, CustomerList, CustomerMerge, CustomerNew,
    Dashboard, MentionImport, Mentions, NotFound, SegmentEdit, SegmentList, SegmentNew, Settings,
    SocialNoise,
};
use crate::pwa::provide_pwa;
use crate::theme::provide_theme;
use crate::toast::provide_toasts;

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

    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Dashboard/>
                    <Route path=path!("/customers") view=CustomerList/>
                    <Route path=path!("/customers/new") view=CustomerNew/>
                    <Route path=path!("/customers/import") view=CustomerImport/>
                    <Route path=path!("/customers/duplicates") view=CustomerDuplicates/>
                    <Route path=path!("/customers/merge/:a/:b") view=CustomerMerge/>
                    <Route path=path!("/customers/:id") view=CustomerDetail/>
                    <Route path=path!("/customers/:id/edit") view=CustomerEdit/>
                    <Route path=path!("/cases") view=CaseQueue/>
                    <Route path=path!("/cases/new") view=CaseNew/>
                    <Route path=path!("/cases/rules") view=CaseRules/>
                    <Route path=path!("/cases/reports") view=CaseReports/>
                    <Route path=path!("/cases/:id") view=CaseDetail/>
                    <Route path=path!("/mentions") view=Mentions/>
                    <Route path=path!("/mentions/import") view=MentionImport/>
                    <Route path=path!("/mentions/noise") view=SocialNoise/>
                    <Route path=path!("/segments") view=SegmentList/>
                    <Route path=path!("/segments/new") view=SegmentNew/>
                    <Route path=path!("/segments/:id") view=SegmentEdit/>
                    <Route path=path!("/campaigns") view=|| view! { <ComingSoon section=Section::Campaigns/> }/>
                    <Route path=path!("/settings") view=Settings/>
                    <Route path=path!("/accept") view=AcceptInvitation/>
                </Routes>
            </Shell>
        </Router>
    }
}
