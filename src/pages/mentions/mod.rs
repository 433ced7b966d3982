//! `/mentions`: social posts about the business. Every post with what the
//! app reads from it (sentiment, complaint, topics) and what it became
//! (the customer it is linked to, the case it opened); the review queue of
//! possible matches (confirm or reject: a rejected pair never comes back);
//! prospects (unknown authors who want to buy: one click makes a lead);
//! a single post pasted in; and the automatic case rule. The import is
//! `/mentions/import` ([`MentionImport`]).

mod import;
mod paste;
mod rule;

use std::collections::HashMap;

use ilgi_core::i18n::Arg;
use ilgi_core::identity::matching::{Bucket, Candidate, Match, Reason};
use ilgi_core::model::{Batch, Customer, Id, Record};
use ilgi_core::social::Mention;
use ilgi_core::social::link::{confirm, lead, queue, reject};
use ilgi_core::social::reading::{Reading, read};
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

/// What the page reads: the posts, the customers they may be, and the
/// review queue and prospects matched against today's customers.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub posts: Vec<Mention>,
    pub customers: HashMap<Id, Customer>,
    pub possible: Vec<(Mention, Match)>,
    pub prospects: Vec<(Mention, Match)>,
}

async fn load(crm: Crm) -> Result<Loaded, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    let posts = db.mentions().await?;
    let all = db.all_customers(|_| {}).await?;
    let (mut possible, mut prospects) = (Vec::new(), Vec::new());
    for (m, found) in queue(&posts, &all) {
        match found.bucket {
            Bucket::Possible => possible.push((m.clone(), found)),
            Bucket::Prospect => prospects.push((m.clone(), found)),
            _ => {}
        }
    }
    let customers = all.into_iter().map(|c| (c.id, c)).collect();
    Ok(Loaded {
        posts,
        customers,
        possible,
        prospects,
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
        load(crm).await.map(Some)
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
            <Suspense fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
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
            </Suspense>
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Complaints,
    Negative,
    Unlinked,
}

#[component]
fn PostList(loaded: StoredValue<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let navigate = use_navigate();
    let shown = RwSignal::new(PAGE);
    let filter = RwSignal::new(Filter::All);
    // Read once per load: language, sentiment, complaint and topics.
    let readings: StoredValue<Vec<Reading>> = StoredValue::new(
        loaded.with_value(|l| l.posts.iter().map(|m| read(&m.text, m.lang)).collect()),
    );
    let opening = RwSignal::new(false);
    let open_case = move |post_id: Id| {
        if opening.get_untracked() {
            return;
        }
        opening.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = async {
                let db = crm.db().ok_or_else(StorageError::not_open)?;
                let desk = load_desk(crm).await?;
                let client = db.client_id().await?;
                let (Some(post), customers) = loaded.with_value(|l| {
                    (
                        l.posts.iter().find(|m| m.id == post_id).cloned(),
                        l.customers.clone(),
                    )
                }) else {
                    return Ok(None);
                };
                let mut linked = post.clone();
                let customer = post.customer_id.and_then(|id| customers.get(&id));
                let Some(records) = open_for_post(
                    &desk,
                    &mut linked,
                    customer,
                    numbers(&desk, client)(),
                    now_millis(),
                ) else {
                    return Ok(post.case_id);
                };
                let case_id = linked.case_id;
                let mut batch = Batch::new();
                for r in records {
                    batch.put(r);
                }
                batch.update(Record::Mention(post), Record::Mention(linked));
                crm.apply(batch).await?;
                Ok::<_, StorageError>(case_id)
            }
            .await;
            opening.set(false);
            match result {
                Ok(Some(case)) => navigate(&format!("/cases/{case}"), Default::default()),
                Ok(None) => {}
                Err(e) => crm.report(&e),
            }
        });
    };
    let open_case = StoredValue::new_local(open_case);
    let visible = move || {
        let f = filter.get();
        let n = shown.get();
        loaded.with_value(|l| {
            readings.with_value(|r| {
                l.posts
                    .iter()
                    .zip(r)
                    .filter(|(m, r)| match f {
                        Filter::All => true,
                        Filter::Complaints => r.complaint.is_complaint,
                        Filter::Negative => r.sentiment.label == Label::Negative,
                        Filter::Unlinked => m.customer_id.is_none(),
                    })
                    .take(n)
                    .map(|(m, r)| (m.clone(), r.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    let total = move || loaded.with_value(|l| l.posts.len());
    view! {
        <div class="panel">
            <div class="toolbar">
                <label class="field inline">
                    <span>{move || i18n.t("mentions-filter")}</span>
                    <select data-testid="mentions-filter" on:change=move |ev| {
                        filter.set(match event_target_value(&ev).as_str() {
                            "complaints" => Filter::Complaints,
                            "negative" => Filter::Negative,
                            "unlinked" => Filter::Unlinked,
                            _ => Filter::All,
                        });
                    }>
                        <option value="all">{move || i18n.t("mentions-filter-all")}</option>
                        <option value="complaints">{move || i18n.t("mentions-filter-complaints")}</option>
                        <option value="negative">{move || i18n.t("mentions-filter-negative")}</option>
                        <option value="unlinked">{move || i18n.t("mentions-filter-unlinked")}</option>
                    </select>
                </label>
            </div>
            <Show when=move || { total() == 0 }>
                <p class="muted" data-testid="mentions-empty">{move || i18n.t("mentions-empty")}</p>
            </Show>
            <ol class="posts" data-testid="mention-list">
                {move || visible().into_iter().map(|(m, r)| {
                    let label = r.sentiment.label;
                    let (class, key) = (format!("chip {}", label.code()), label.key());
                    let score = r.sentiment.score;
                    let complaint = r.complaint.is_complaint;
                    let complaint_score = r.complaint.score;
                    let topics: Vec<&'static str> = r.topics.iter().map(|t| t.key()).collect();
                    let customer = m.customer_id.and_then(|id| loaded.with_value(|l| l.customers.get(&id).map(|c| (id, c.full_name()))));
                    let case_id = m.case_id;
                    let id = m.id;
                    view! {
                        <li class="post" data-testid="mention" data-post=m.key()>
                            {post_head(i18n, &m)}
                            <p class="post-text">{m.text.clone()}</p>
                            <div class="post-facts">
                                <span class=class data-testid="mention-sentiment" data-label=r.sentiment.label.code() title=format!("{score:.2}")>{move || i18n.t(key)}</span>
                                {complaint.then(|| view! {
                                    <span class="chip negative" data-testid="mention-complaint">
                                        {move || i18n.t_with("mention-complaint", &[("share", Arg::Str(&units::percent(complaint_score, i18n.lang())))])}
                                    </span>
                                })}
                                {topics.into_iter().map(|k| view! { <span class="chip">{move || i18n.t(k)}</span> }).collect_view()}
                                {match customer {
                                    Some((cid, name)) => view! {
                                        <a href=format!("/customers/{cid}") data-testid="mention-customer">{name}</a>
                                    }.into_any(),
                                    None => view! { <span class="muted" data-testid="mention-unlinked">{move || i18n.t("mention-unlinked")}</span> }.into_any(),
                                }}
                                {match case_id {
                                    Some(case) => view! {
                                        <a href=format!("/cases/{case}") data-testid="mention-case">{move || i18n.t("mention-see-case")}</a>
                                    }.into_any(),
                                    None => view! {
                                        <button type="button" class=if complaint { "primary" } else { "" } data-testid="mention-open-case"
                                            disabled=move || opening.get() on:click=move |_| open_case.with_value(|f| f(id))>
                                            {move || i18n.t("mention-open-case")}
                                        </button>
                                    }.into_any(),
                                }}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <Show when=move || { visible().len() >= shown.get() }>
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>{move || i18n.t("mentions-more")}</button>
            </Show>
        </div>
    }
}

/// One candidate of a possible match, with confirm and reject.
fn candidate_view(
    i18n: I18n,
    crm: Crm,
    loaded: StoredValue<Loaded>,
    post: Mention,
    candidate: Candidate,
) -> impl IntoView {
    let customer = loaded.with_value(|l| l.customers.get(&candidate.customer).cloned());
    let Some(customer) = customer else {
        return ().into_any();
    };
    let reasons: Vec<Reason> = candidate.reasons.clone();
    let score = candidate.score;
    let name = customer.full_name();
    let city = customer.city.clone().unwrap_or_default();
    let cid = customer.id;
    let (p1, c1) = (post.clone(), customer.clone());
    let p2 = post.clone();
    view! {
        <li class="candidate" data-testid="candidate" data-customer=cid.to_string()>
            <a href=format!("/customers/{cid}")>{name}</a>
            <span class="muted">{format!(" {city}")}</span>
            <span class="score">{move || units::percent(score, i18n.lang())}</span>
            <span class="muted">{move || reasons.iter().map(|r| reason_text(i18n, r)).collect::<Vec<_>>().join(", ")}</span>
            <button type="button" class="primary" data-testid="confirm-match"
                on:click=move |_| write(crm, confirm(&p1, &c1), "match-confirmed")>
                {move || i18n.t("match-confirm")}
            </button>
            <button type="button" data-testid="reject-match"
                on:click=move |_| write(crm, reject(&p2, cid), "match-rejected")>
                {move || i18n.t("match-reject")}
            </button>
        </li>
    }
    .into_any()
}

#[component]
fn ReviewQueue(loaded: StoredValue<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let items = loaded.with_value(|l| l.possible.clone());
    let empty = items.is_empty();
    view! {
        <div class="panel" data-testid="review-queue">
            <p class="muted">{move || i18n.t("mentions-review-help")}</p>
            {empty.then(|| view! { <p class="muted" data-testid="review-empty">{move || i18n.t("mentions-review-empty")}</p> })}
            <ol class="posts">
                {items.into_iter().map(|(m, found)| {
                    let text = m.text.clone();
                    let key = m.key();
                    view! {
                        <li class="post" data-testid="review-item" data-post=key>
                            {post_head(i18n, &m)}
                            <p class="post-text">{text}</p>
                            <p class="muted">{move || i18n.t("mentions-is-this")}</p>
                            <ul class="plain candidates">
                                {found.candidates.into_iter().map(|c| candidate_view(i18n, crm, loaded, m.clone(), c)).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Prospects(loaded: StoredValue<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let navigate = use_navigate();
    let items = loaded.with_value(|l| l.prospects.clone());
    let empty = items.is_empty();
    view! {
        <div class="panel" data-testid="prospects">
            <p class="muted">{move || i18n.t("mentions-prospects-help")}</p>
            {empty.then(|| view! { <p class="muted">{move || i18n.t("mentions-prospects-empty")}</p> })}
            <ol class="posts">
                {items.into_iter().map(|(m, found)| {
                    let text = m.text.clone();
                    let reasons = found.reasons.clone();
                    let post = m.clone();
                    let navigate = navigate.clone();
                    let add = move |_| {
                        let (customer, batch) = lead(&post, new_id());
                        let navigate = navigate.clone();
                        leptos::task::spawn_local(async move {
                            match crm.apply(batch).await {
                                Ok(_) => navigate(&format!("/customers/{}", customer.id), Default::default()),
                                Err(e) => crm.report(&e),
                            }
                        });
                    };
                    view! {
                        <li class="post" data-testid="prospect" data-post=m.key()>
                            {post_head(i18n, &m)}
                            <p class="post-text">{text}</p>
                            <p class="muted">{move || reasons.iter().map(|r| reason_text(i18n, r)).collect::<Vec<_>>().join(", ")}</p>
                            <button type="button" class="primary" data-testid="add-lead" on:click=add>{move || i18n.t("mentions-add-lead")}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}
