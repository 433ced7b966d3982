//! The review queue (posts whose author may be a customer) and the
//! prospects (authors who are not customers yet).

use super::*;

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
pub(super) fn ReviewQueue(loaded: StoredValue<Loaded>) -> impl IntoView {
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
pub(super) fn Prospects(loaded: StoredValue<Loaded>) -> impl IntoView {
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
