//! `/mentions`: social posts about the business. Every post with what the
//! app reads from it (sentiment, complaint, topics) and what it became
//! (the customer it is linked to, the case it opened); the review queue of
//! possible matches (confirm or reject: a rejected pair never comes back);
//! prospects (unknown authors who want to buy: one click makes a lead);
//! a single post pasted in; and the automatic case rule. The import is
//! `/mentions/import` ([`MentionImport`]).

mod import;
mod paste;
mod posts;
mod queue;

use posts::PostList;
use queue::{Prospects, ReviewQueue};
mod rule;

use std::collections::HashMap;

use ilgi_core::i18n::Arg;
use ilgi_core::identity::matching::{Candidate, Match, Reason};
use ilgi_core::model::{Batch, Customer, Id, Record};
use ilgi_core::social::Mention;
use ilgi_core::social::link::{confirm, lead, reject};
use ilgi_core::social::reading::Reading;
use ilgi_core::social::sentiment::Label;
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

pub use import::MentionImport;
use paste::PastePost;
use rule::AutoCaseRule;

use crate::components::shell::MentionsTabs;
use crate::crm::{Crm, use_crm};
use crate::i18n::{I18n, use_i18n};
use crate::pages::cases::from_posts::{numbers, open_for_post};
use crate::pages::cases::load_desk;
use crate::pages::customers::format_time;
use crate::storage::StorageError;
use crate::storage::db::{new_id, now_millis};
use crate::toast::use_toasts;

/// Posts shown at first; "show more" adds as many again.
const PAGE: usize = 100;

/// What the page reads (made in the worker, see [`crate::jobs::posts`]):
/// the posts with their readings, the customers they may be, and the
/// review queue and prospects matched against today's customers.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub posts: Vec<Mention>,
    /// One per post, in the same order.
    pub readings: Vec<Reading>,
    pub customers: HashMap<Id, Customer>,
    pub possible: Vec<(Mention, Match)>,
    pub prospects: Vec<(Mention, Match)>,
}

async fn load() -> Result<Loaded, StorageError> {
    let view = crate::jobs::posts::load_view().await?;
    Ok(Loaded {
        posts: view.posts,
        readings: view.readings,
        customers: view.customers.into_iter().map(|c| (c.id, c)).collect(),
        possible: view.possible,
        prospects: view.prospects,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Posts,
    Review,
    Prospects,
}

impl Tab {
    fn slug(self) -> &'static str {
        match self {
            Tab::Posts => "posts",
            Tab::Review => "review",
            Tab::Prospects => "prospects",
        }
    }

    fn of(slug: Option<String>) -> Tab {
        match slug.as_deref() {
            Some("review") => Tab::Review,
            Some("prospects") => Tab::Prospects,
            _ => Tab::Posts,
        }
    }
}

#[component]
pub fn Mentions() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let query = use_query_map();
    let tab = Memo::new(move |_| Tab::of(query.with(|q| q.get("tab"))));
    let data = LocalResource::new(move || async move {
        crm.revision();
        if !crm.is_open() {
            return Ok(None);
        }
        load().await.map(Some)
    });
    let tab_link = move |t: Tab, key: &'static str, count: Option<usize>| {
        view! {
            <a href=format!("/mentions?tab={}", t.slug()) class="tab" data-tab=t.slug()
                aria-current=move || (tab.get() == t).then_some("page")>
                {move || i18n.t(key)}
                {count.map(|n| view! { <span class="count">{n}</span> })}
            </a>
        }
    };
    view! {
        <section class="page" data-page="mentions">
            <div class="page-head">
                <h1>{move || i18n.t("nav-mentions")}</h1>
                <div class="page-actions">
                    <a class="button primary" href="/mentions/import" data-testid="mentions-import">{move || i18n.t("mentions-import")}</a>
                </div>
            </div>
            <MentionsTabs/>
            <PastePost/>
            <AutoCaseRule/>
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(loaded)) => {
                            let counts = (loaded.posts.len(), loaded.possible.len(), loaded.prospects.len());
                            let loaded = StoredValue::new(loaded);
                            view! {
                                <nav class="tabs" aria-label=move || i18n.t("mentions-tabs")>
                                    {tab_link(Tab::Posts, "mentions-tab-posts", Some(counts.0))}
                                    {tab_link(Tab::Review, "mentions-tab-review", Some(counts.1))}
                                    {tab_link(Tab::Prospects, "mentions-tab-prospects", Some(counts.2))}
                                </nav>
                                {move || match tab.get() {
                                    Tab::Posts => view! { <PostList loaded/> }.into_any(),
                                    Tab::Review => view! { <ReviewQueue loaded/> }.into_any(),
                                    Tab::Prospects => view! { <Prospects loaded/> }.into_any(),
                                }}
                            }.into_any()
                        }
                        Ok(None) => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <p role="alert">{move || i18n.t(e.key())}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Writes a batch and tells the person what happened.
fn write(crm: Crm, batch: Batch, done: &'static str) {
    let toasts = use_toasts();
    leptos::task::spawn_local(async move {
        match crm.apply(batch).await {
            Ok(_) => toasts.info(done),
            Err(e) => crm.report(&e),
        }
    });
}

/// Who wrote it: `@handle` (linked to the profile) and the display name.
fn author_view(m: &Mention) -> impl IntoView + use<> {
    let name = m.author.clone();
    let handle = m.handle.clone();
    view! {
        <span class="author">
            {handle.map(|h| view! {
                <a href=h.profile_url() rel="noopener noreferrer" target="_blank">{format!("@{}", h.name())}</a>" "
            })}
            <span class="muted">{name}</span>
        </span>
    }
}

/// A match reason in words.
pub(crate) fn reason_text(i18n: I18n, reason: &Reason) -> String {
    let lang = i18n.lang();
    match reason {
        Reason::SameHandle { handle } => {
            i18n.t_with("match-reason-same-handle", &[("handle", Arg::Str(handle))])
        }
        Reason::SameName { common: true } => i18n.t("match-reason-same-common-name"),
        Reason::SameName { common: false } => i18n.t("match-reason-same-name"),
        Reason::SimilarName { similarity } => i18n.t_with(
            "match-reason-similar-name",
            &[("share", Arg::Str(&units::percent(*similarity, lang)))],
        ),
        Reason::HandleSpellsName { similarity } => i18n.t_with(
            "match-reason-handle-spells-name",
            &[("share", Arg::Str(&units::percent(*similarity, lang)))],
        ),
        Reason::SameCity => i18n.t("match-reason-same-city"),
        Reason::DifferentCity => i18n.t("match-reason-different-city"),
        Reason::BuyingIntent { cue } => {
            i18n.t_with("match-reason-buying-intent", &[("cue", Arg::Str(cue))])
        }
    }
}

/// One post's head line: platform, author, time, reach.
fn post_head(i18n: I18n, m: &Mention) -> impl IntoView + use<> {
    let platform = m.platform.name();
    let at = m.at;
    let reach = m.reach;
    let url = m.url.clone();
    let public = m.public;
    view! {
        <div class="post-head">
            <strong>{platform}</strong>" "
            {author_view(m)}
            <span class="muted">" · "{move || format_time(at, i18n.lang())}</span>
            <span class="muted">" · "{move || i18n.t_with("followers", &[("count", Arg::Num(reach as f64)), ("shown", Arg::Str(&units::count(reach, i18n.lang())))])}</span>
            {(!public).then(|| view! { <span class="chip">{move || i18n.t("mention-private")}</span> })}
            {url.map(|u| view! { " " <a href=u rel="noopener noreferrer" target="_blank">{move || i18n.t("mention-open-post")}</a> })}
        </div>
    }
}
