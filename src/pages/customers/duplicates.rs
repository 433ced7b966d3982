//! `/customers/duplicates`: scans every customer for duplicates (core
//! `identity::duplicates::scan`) on request and lists the pairs with
//! their level, score and reasons; each pair opens the merge screen or is
//! set aside as "not the same person" on this device.

use ilgi_core::i18n::Arg;
use ilgi_core::identity::duplicates::{Level, Pair, Reason};
use ilgi_core::model::{Id, Phone};
use ilgi_core::units;
use leptos::prelude::*;

use super::customer_href;
use crate::crm::use_crm;
use crate::i18n::{I18n, use_i18n};
use crate::jobs::{self, JobHandle};
use crate::storage::prefs;
use crate::toast::use_toasts;

/// The merge screen of a pair.
pub fn merge_href(a: Id, b: Id) -> String {
    format!("/customers/merge/{a}/{b}")
}

/// A reason in words, in the current language.
fn reason_text(reason: &Reason, i18n: I18n) -> String {
    let value = match reason {
        Reason::SamePhone { phone } => {
            Phone::parse(phone).map_or_else(|_| phone.clone(), |p| p.display())
        }
        other => other.value(),
    };
    i18n.t_with(reason.key(), &[("value", Arg::Str(&value))])
}

#[component]
pub fn CustomerDuplicates() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let dismissed = RwSignal::new(prefs::load_dismissed_pairs());
    let level = RwSignal::new(None::<Level>);
    let scanning = RwSignal::new(None::<usize>);
    let job = JobHandle::new();
    let run = Action::new_local(move |_: &()| async move {
        scanning.set(Some(crm.len_untracked()));
        // The reads and the scan run in the worker.
        let pairs = jobs::duplicates::find(job).await;
        scanning.set(None);
        pairs
    });
    let pairs = Memo::new(move |_| match run.value().get() {
        Some(Ok(pairs)) => Some(pairs),
        _ => None,
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = run.value().get() {
            crm.report(&e);
        }
    });
    let not_dismissed = move |p: &Pair| dismissed.with(|d| !d.contains(&(p.a, p.b)));
    let shown = Memo::new(move |_| {
        pairs.get().map(|all| {
            all.into_iter()
                .filter(|p| not_dismissed(p) && level.get().is_none_or(|l| p.level == l))
                .collect::<Vec<_>>()
        })
    });
    let set_aside = move |p: &Pair| {
        dismissed.update(|d| {
            d.insert((p.a, p.b));
        });
        match prefs::save_dismissed_pairs(&dismissed.get_untracked()) {
            Ok(()) => toasts.info("dup-dismissed"),
            Err(e) => toasts.error_key("prefs-not-saved", e.0),
        }
    };
    let set_aside = StoredValue::new(set_aside);
    let count_text = move || {
        let lang = i18n.lang();
        let n = shown.with(|s| s.as_ref().map_or(0, Vec::len));
        let mut text = i18n.t_with(
            "dup-count",
            &[
                ("count", Arg::Num(n as f64)),
                ("shown", Arg::Str(&units::count(n as u64, lang))),
            ],
        );
        let aside = pairs.with(|all| {
            all.as_ref()
                .map_or(0, |all| all.iter().filter(|p| !not_dismissed(p)).count())
        });
        if aside > 0 {
            text.push_str(" · ");
            text.push_str(&i18n.t_with(
                "dup-dismissed-count",
                &[
                    ("count", Arg::Num(aside as f64)),
                    ("shown", Arg::Str(&units::count(aside as u64, lang))),
                ],
            ));
        }
        text
    };

    view! {
        <section class="page" data-page="duplicates">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            <div class="page-head">
                <h1>{move || i18n.t("dup-title")}</h1>
                <div class="page-actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="dup-scan"
                        disabled=move || scanning.get().is_some()
                        on:click=move |_| { run.dispatch(()); }
                    >
                        {move || i18n.t(if pairs.with(Option::is_some) { "dup-scan-again" } else { "dup-scan" })}
                    </button>
                </div>
            </div>
            <p class="muted intro">{move || i18n.t("dup-intro")}</p>
            {move || scanning.get().map(|n| view! {
                <p class="scanning" role="status" data-testid="dup-scanning">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || i18n.t_with("dup-scanning", &[("shown", Arg::Str(&units::count(n as u64, i18n.lang())))])}
                </p>
            })}
            <Show
                when=move || pairs.with(Option::is_some)
                fallback=move || view! { <p class="muted" data-testid="dup-not-scanned">{move || i18n.t("dup-not-scanned")}</p> }
            >
                <div class="toolbar">
                    <label>
                        <span>{move || i18n.t("dup-filter-level")}</span>
                        <select
                            data-testid="dup-filter-level"
                            on:change=move |ev| level.set(Level::from_slug(&event_target_value(&ev)))
                        >
                            <option value="" selected=move || level.get().is_none()>{move || i18n.t("dup-filter-all")}</option>
                            {Level::ALL
                                .into_iter()
                                .map(|l| view! {
                                    <option value=l.slug() selected=move || level.get() == Some(l)>{move || i18n.t(l.key())}</option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                <p class="list-count" data-testid="dup-count" aria-live="polite">{count_text}</p>
                <Show when=move || shown.with(|s| s.as_ref().is_some_and(Vec::is_empty))>
                    <p class="muted" data-testid="dup-none">{move || i18n.t("dup-none")}</p>
                </Show>
                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("dup-title")>
                    <table class="duplicates" data-testid="dup-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t("dup-filter-level")}</th>
                                <th scope="col">{move || i18n.t("dup-col-customer")}</th>
                                <th scope="col">{move || i18n.t("dup-col-other")}</th>
                                <th scope="col">{move || i18n.t("dup-col-why")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || shown.get().unwrap_or_default()
                                key=|p| (p.a, p.b)
                                let:pair
                            >
                                <PairRow pair on_dismiss=Callback::new(move |p: Pair| set_aside.with_value(|f| f(&p)))/>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// One pair: both names (linked), level, score, reasons, actions.
#[component]
fn PairRow(pair: Pair, on_dismiss: Callback<Pair>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let rows = crm.rows(&[pair.a, pair.b]);
    let name = |id: Id| {
        let row = rows.iter().find(|r| r.id == id);
        let name = row
            .map(|r| r.name.clone())
            .unwrap_or_else(|| id.to_string());
        let city = row.and_then(|r| r.city.clone()).unwrap_or_default();
        view! {
            <a href=customer_href(id) class="row-name" data-testid="dup-name">{name}</a>
            <div class="muted">{city}</div>
        }
    };
    let level = pair.level;
    let score = pair.score;
    let reasons = pair.reasons.clone();
    let href = merge_href(pair.a, pair.b);
    let p = StoredValue::new(pair.clone());
    view! {
        <tr data-testid="dup-pair" data-level=level.slug()>
            <td>
                <span class=format!("level dup-level-{}", level.slug()) data-testid="dup-level">{move || i18n.t(level.key())}</span>
                <div class="muted dup-score">
                    {move || i18n.t_with("dup-score", &[("score", Arg::Str(&units::percent(score, i18n.lang())))])}
                </div>
            </td>
            <td>{name(pair.a)}</td>
            <td>{name(pair.b)}</td>
            <td class="dup-detail">
                <ul class="reasons" data-testid="dup-reasons">
                    {reasons.into_iter().map(|r| view! { <li>{move || reason_text(&r, i18n)}</li> }).collect_view()}
                </ul>
                <div class="row-actions">
                    <a class="button primary" href=href data-testid="dup-review">{move || i18n.t("dup-review")}</a>
                    <button type="button" data-testid="dup-dismiss" on:click=move |_| on_dismiss.run(p.get_value())>
                        {move || i18n.t("dup-dismiss")}
                    </button>
                </div>
            </td>
        </tr>
    }
}
