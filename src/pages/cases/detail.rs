//! `/cases/:id`: one case — its level and why, the SLA clocks, the
//! procedure, the customer card, the journey as a timeline, and what can
//! be done next (each action is a core operation; a refused one says why).

use ilgi_core::cases::{
    Case, CaseEvent, DepartmentId, EscalationCause, Op, RuleSet, Status, deadlines, derive, perform,
};
use ilgi_core::i18n::Arg;
use ilgi_core::model::{Batch, Customer, Id, Record};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    AGENT, LevelChip, countdown, department_name, duration, escalate_due, ordered, rules_of,
    ticking_now,
};
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::insights::use_insights;
use crate::pages::customers::format_time;
use crate::storage::StorageError;
use crate::storage::db::{new_id, now_millis};
use crate::toast::use_toasts;

#[derive(Clone)]
struct Loaded {
    case: Case,
    journey: Vec<CaseEvent>,
    rules: RuleSet,
    customer: Option<Customer>,
    /// The social post that opened the case, if one did.
    post: Option<ilgi_core::social::Mention>,
}

#[component]
pub fn CaseDetail() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Id>().ok())));
    let data = LocalResource::new(move || async move {
        crm.revision();
        let (Some(id), Some(db)) = (id.get(), crm.db()) else {
            return Ok(None);
        };
        let Some((case, journey)) = db.case(id).await? else {
            return Ok(None);
        };
        let rules = rules_of(&db).await?;
        let customer = match case.customer_id {
            Some(c) => db.customer(c).await?,
            None => None,
        };
        let post = db
            .mentions()
            .await?
            .into_iter()
            .find(|m| m.case_id == Some(case.id));
        Ok::<_, StorageError>(Some(Loaded {
            case,
            journey,
            rules,
            customer,
            post,
        }))
    });
    view! {
        <section class="page" data-page="case">
            <p><a href="/cases" class="back">{move || i18n.t("cases-back")}</a></p>
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(loaded)) => view! { <CaseView loaded/> }.into_any(),
                        Ok(None) => view! { <h1>{move || i18n.t("case-missing")}</h1> }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <h1>{move || i18n.t(e.key())}</h1> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CaseView(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());
    let now = ticking_now(15_000);
    let Loaded {
        case,
        journey,
        rules,
        customer,
        post,
    } = loaded;
    let state = derive(&journey);
    let loaded_state = StoredValue::new(state.clone());
    let rules = StoredValue::new(rules);
    let case = StoredValue::new(case);

    // A breach while the page is open takes the case up the chain.
    Effect::new(move |_| {
        let now = now.get();
        leptos::task::spawn_local(async move {
            if let Err(e) = escalate_due(crm, now).await {
                crm.report(&e);
            }
        });
    });

    let act = move |op: Op| {
        let state = loaded_state.get_value();
        let id = case.with_value(|c| c.id);
        match perform(
            &state,
            id,
            op,
            now_millis().max(state.last_at),
            AGENT,
            &mut new_id,
        ) {
            Ok(events) => {
                let mut batch = Batch::new();
                for e in events {
                    batch.put(Record::CaseEvent(e));
                }
                leptos::task::spawn_local(async move {
                    if let Err(e) = crm.apply(batch).await {
                        crm.report(&e);
                    }
                });
            }
            Err(e) => toasts.error_key(e.key(), e.to_string()),
        }
    };

    let status = state.status.unwrap_or(Status::Open);
    let level = state.level;
    let department = state.department.clone();
    let dept_name = department
        .as_ref()
        .map(|d| rules.with_value(|r| department_name(r, d, i18n)))
        .unwrap_or_default();
    let reasons = state.reasons.clone();
    let category = case.with_value(|c| c.category);
    let procedure = level.and_then(|l| rules.with_value(|r| r.procedure(l, category).cloned()));
    let timeline = ordered(&journey);
    let ignored = state.ignored.clone();
    let escalation = state.escalation;
    let dl = move || deadlines(&loaded_state.get_value(), &rules.get_value(), now.get()).ok();
    let (number, text, channel, created_at, public, reach) = case.with_value(|c| {
        (
            c.number.clone(),
            c.text.clone(),
            c.channel,
            c.created_at,
            c.public,
            c.reach,
        )
    });
    // Reply templates speak to the customer by name and give the number.
    let greeting = customer
        .as_ref()
        .map(Customer::full_name)
        .or_else(|| case.with_value(|c| c.author.clone()))
        .unwrap_or_default();
    let fill_template = {
        let number = number.clone();
        move |template: &str| {
            template
                .replace("{name}", &greeting)
                .replace("{number}", &number)
        }
    };
    let value = insights.value_of(
        move || Some((customer_id_of(&case.get_value())?, Vec::new())),
        0,
    );
    let metrics = move || value.get().flatten().map(|v| v.metrics);

    let reply = RwSignal::new(String::new());
    let reject_to = RwSignal::new(String::new());
    let reject_reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let assignee = RwSignal::new(state.assignee.clone().unwrap_or_default());
    let departments: Vec<DepartmentId> =
        rules.with_value(|r| r.departments.iter().map(|d| d.id.clone()).collect());
    // `?focus=reply` (the queue's `r` key): start in the reply box.
    let query = leptos_router::hooks::use_query_map();
    if query.with_untracked(|q| q.get("focus")).as_deref() == Some("reply") {
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("case-reply") {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
        });
    }

    view! {
        <div class="page-head">
            <h1 data-testid="case-number">{number}</h1>
            <div class="page-actions">
                <LevelChip level/>
                <span class="status" data-testid="case-status" data-status=status.code()>{move || i18n.t(status.key())}</span>
            </div>
        </div>
        {escalation.map(|step| view! {
            <p class="notice" data-testid="case-escalation">{move || i18n.t_with("case-escalated-to", &[("step", Arg::Str(&i18n.t(step.key())))])}</p>
        })}
        <div class="detail-grid">
            <div class="panel">
                <h2>{move || i18n.t("case-complaint")}</h2>
                <p data-testid="case-text" class="prewrap">{text}</p>
                <p class="muted">
                    {move || i18n.t(channel.key())}" · "{move || i18n.t(category.key())}" · "
                    {move || format_time(created_at, i18n.lang())}
                    {public.then(|| view! { " · "{move || i18n.t_with("case-public-reach", &[("reach", Arg::Num(reach as f64))])} })}
                </p>
                <p>{move || i18n.t("case-department")}": "<strong data-testid="case-department">{dept_name.clone()}</strong></p>
                {post.map(|m| {
                    let who = m.case_author();
                    let platform = m.platform.name();
                    view! {
                        <p class="muted" data-testid="case-post">
                            {move || i18n.t_with("case-from-post", &[("author", Arg::Str(&who)), ("platform", Arg::Str(platform))])}
                            {m.url.clone().map(|u| view! { " · " <a href=u rel="noopener noreferrer" target="_blank">{move || i18n.t("mention-open-post")}</a> })}
                        </p>
                    }
                })}
            </div>
            <div class="panel">
                <h2>{move || i18n.t("case-why")}</h2>
                <ul class="plain" data-testid="case-reasons">
                    {if reasons.is_empty() {
                        view! { <li class="muted">{move || i18n.t("case-reason-default")}</li> }.into_any()
                    } else {
                        reasons.into_iter().map(|r| view! {
                            <li>
                                {r.name.clone()}" "
                                <span class="muted">{move || if r.discriminator {
                                    i18n.t_with("case-reason-at-least", &[("level", Arg::Str(&i18n.t(r.level.key())))])
                                } else {
                                    i18n.t(r.level.key())
                                }}</span>
                            </li>
                        }).collect_view().into_any()
                    }}
                </ul>
            </div>
            <div class="panel" data-testid="case-clocks">
                <h2>{move || i18n.t("case-clocks")}</h2>
                {move || dl().map(|d| {
                    let lang = i18n.lang();
                    let now = now.get();
                    let due = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| {
                        let left = (t.timestamp_millis() - now).div_euclid(60_000);
                        format!("{} ({})", format_time(t.timestamp_millis(), lang), countdown(left, i18n))
                    });
                    view! {
                        <dl class="facts">
                            <dt>{move || i18n.t("case-first-response")}</dt>
                            <dd data-testid="case-first-response" class:late=d.first_response_breached>
                                {due(d.first_response_due).unwrap_or_else(|| if d.first_response_breached { i18n.t("case-breached") } else { i18n.t("case-met") })}
                            </dd>
                            <dt>{move || i18n.t("case-resolution")}</dt>
                            <dd data-testid="case-resolution" class:late=d.resolution_breached>
                                {due(d.resolution_due).unwrap_or_else(|| if d.resolution_breached { i18n.t("case-breached") } else if d.running { String::new() } else { i18n.t("case-paused") })}
                            </dd>
                            <dt>{move || i18n.t("case-per-department")}</dt>
                            <dd data-testid="case-per-department">
                                {d.per_department.iter().map(|(dep, min)| format!("{}: {}", rules.with_value(|r| department_name(r, dep, i18n)), duration(u64::from(*min), i18n))).collect::<Vec<_>>().join(" · ")}
                            </dd>
                        </dl>
                        {d.warning.then(|| view! { <p class="warn" role="status">{move || i18n.t("case-warning")}</p> })}
                    }
                })}
            </div>
        </div>
        {customer.map(|c| {
            let href = format!("/customers/{}", c.id);
            view! {
                <div class="panel" data-testid="case-customer-card">
                    <h2>{move || i18n.t("case-customer")}</h2>
                    <p><a href=href>{c.full_name()}</a>" · "{move || i18n.t(c.tier.key())}</p>
                    {move || metrics().map(|m| view! {
                        <p class="muted">
                            {m.rfm.map(|r| i18n.t(r.segment.key())).unwrap_or_default()}
                            {m.clv.map(|v| format!(" · CLV {}", ilgi_core::units::count(v.max(0.0) as u64, i18n.lang())))}
                        </p>
                    })}
                </div>
            }
        })}
        {procedure.map(|p| {
            let lang = i18n.lang_untracked();
            view! {
                <div class="panel" data-testid="case-procedure">
                    <h2>{move || i18n.t("case-procedure")}</h2>
                    <ol>{p.checklist.iter().map(|t| view! { <li>{t.get(lang).to_string()}</li> }).collect_view()}</ol>
                    {p.replies.iter().map(|t| {
                        let template = fill_template(t.get(lang));
                        let fill = template.clone();
                        view! {
                            <blockquote class="template">{template}</blockquote>
                            <button type="button" on:click=move |_| reply.set(fill.clone())>{move || i18n.t("case-use-template")}</button>
                        }
                    }).collect_view()}
                </div>
            }
        })}
        <div class="panel" data-testid="case-actions">
            <h2>{move || i18n.t("case-actions")}</h2>
            <div class="field">
                <label for="case-reply">{move || i18n.t("case-reply")}</label>
                <textarea id="case-reply" data-field="reply" rows="3" prop:value=move || reply.get()
                    on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
            </div>
            <div class="form-actions">
                <button type="button" class="primary" data-testid="case-send-reply" on:click=move |_| act(Op::Reply(reply.get_untracked()))>{move || i18n.t("case-send-reply")}</button>
                <button type="button" data-testid="case-wait" on:click=move |_| act(Op::WaitOnCustomer)>{move || i18n.t("case-wait")}</button>
                <button type="button" data-testid="case-responded" on:click=move |_| act(Op::CustomerResponded)>{move || i18n.t("case-responded")}</button>
                <button type="button" data-testid="case-escalate" on:click=move |_| act(Op::Escalate(EscalationCause::Manual))>{move || i18n.t("case-escalate")}</button>
            </div>
            <fieldset>
                <legend>{move || i18n.t("case-reject")}</legend>
                <div class="form-grid">
                    <div class="field">
                        <label for="case-reject-to">{move || i18n.t("case-reject-to")}</label>
                        <select id="case-reject-to" data-field="reject-to" on:change=move |ev| reject_to.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {departments.into_iter().filter(|d| Some(d) != department.as_ref()).map(|d| {
                                let name = rules.with_value(|r| department_name(r, &d, i18n));
                                view! { <option value=d.to_string()>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="case-reject-reason">{move || i18n.t("case-reject-reason")}</label>
                        <input id="case-reject-reason" data-field="reject-reason" prop:value=move || reject_reason.get()
                            on:input=move |ev| reject_reason.set(event_target_value(&ev))/>
                    </div>
                </div>
                <div class="form-actions">
                    <button type="button" data-testid="case-reject" on:click=move |_| act(Op::Reject {
                        to: DepartmentId::new(&reject_to.get_untracked()),
                        reason: reject_reason.get_untracked(),
                    })>{move || i18n.t("case-reject-send")}</button>
                </div>
            </fieldset>
            <div class="form-grid">
                <div class="field">
                    <label for="case-assignee">{move || i18n.t("case-assignee")}</label>
                    <input id="case-assignee" data-field="assignee" prop:value=move || assignee.get()
                        on:input=move |ev| assignee.set(event_target_value(&ev))/>
                    <div class="form-actions">
                        <button type="button" data-testid="case-assign" on:click=move |_| {
                            let name = assignee.get_untracked().trim().to_string();
                            act(Op::Assign((!name.is_empty()).then_some(name)))
                        }>{move || i18n.t("case-assign")}</button>
                    </div>
                </div>
                <div class="field">
                    <label for="case-note">{move || i18n.t("case-note")}</label>
                    <input id="case-note" data-field="note" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))/>
                    <div class="form-actions">
                        <button type="button" data-testid="case-resolve" on:click=move |_| act(Op::Resolve(note.get_untracked()))>{move || i18n.t("case-resolve")}</button>
                        <button type="button" data-testid="case-reopen" on:click=move |_| act(Op::Reopen(note.get_untracked()))>{move || i18n.t("case-reopen")}</button>
                        <button type="button" data-testid="case-close" on:click=move |_| act(Op::Close)>{move || i18n.t("case-close")}</button>
                    </div>
                </div>
            </div>
        </div>
        <div class="panel">
            <h2>{move || i18n.t("case-journey")}</h2>
            <ol class="journey" data-testid="case-journey">
                {timeline.into_iter().map(|e| {
                    let set_aside = ignored.contains(&e.id);
                    let detail = rules.with_value(|r| e.detail(r, i18n.lang()));
                    let key = e.kind.key();
                    let by = e.by.clone();
                    view! {
                        <li data-event=key class:ignored=set_aside>
                            <time>{move || format_time(e.at, i18n.lang())}</time>" "
                            <strong>{move || i18n.t(key)}</strong>
                            {(!detail.is_empty()).then(|| view! { ": "<span>{detail.clone()}</span> })}
                            <span class="muted">" · "{by}</span>
                            {set_aside.then(|| view! { <span class="muted">" · "{move || i18n.t("case-event-set-aside")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}

fn customer_id_of(case: &Case) -> Option<Id> {
    case.customer_id
}
