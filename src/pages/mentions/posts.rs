//! The posts tab: every stored post with its reading, a sentiment
//! filter, and a case opened from a complaint.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Complaints,
    Negative,
    Unlinked,
}

#[component]
pub(super) fn PostList(loaded: StoredValue<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let navigate = use_navigate();
    let shown = RwSignal::new(PAGE);
    let filter = RwSignal::new(Filter::All);
    // Read once per load: language, sentiment, complaint and topics.
    let readings: StoredValue<Vec<Reading>> =
        StoredValue::new(loaded.with_value(|l| l.readings.clone()));
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
