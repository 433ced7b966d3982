//! The customer page's value panel: lifetime value, P(alive), expected
//! purchases, RFM segment with its recommended action, and the next best
//! offers with their reasons. Figures come from the shared analysis
//! ([`crate::insights`]); the panel starts it when needed and shows its
//! progress.

use ilgi_core::analytics::date_of;
use ilgi_core::model::Id;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::progress::JobProgress;
use crate::i18n::use_i18n;
use crate::insights::use_insights;

/// How many offers the page shows.
const OFFERS: usize = 3;

#[component]
pub fn ValuePanel(id: Id, products: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());
    let value = insights.value_of(move || Some((id, products.clone())), OFFERS);

    let body = move || {
        let value = value.get().flatten()?;
        let lang = i18n.lang();
        let metrics = value.metrics;
        let unknown = || i18n.t("figure-unknown");
        let model_note = value.model_error.as_ref().map(|e| e.message(lang));
        let segment = metrics.rfm.map(|r| r.segment);
        let scores = metrics
            .rfm
            .map(|r| format!("R{} F{} M{}", r.r, r.f, r.m))
            .unwrap_or_default();
        let last = metrics
            .last_day
            .map(|d| crate::pages::customers::format_date(date_of(d), lang))
            .unwrap_or_else(unknown);
        let offers = value.offers;
        Some(view! {
            <div class="value-grid">
            <div>
            <dl class="facts value-facts">
                <dt>{i18n.t("value-clv")}</dt>
                <dd data-testid="value-clv">{metrics.clv.map(|v| units::money(v, value.currency, lang)).unwrap_or_else(unknown)}</dd>
                <dt>{i18n.t("value-p-alive")}</dt>
                <dd data-testid="value-p-alive">{metrics.p_alive.map(|p| units::percent(p, lang)).unwrap_or_else(unknown)}</dd>
                <dt>{i18n.t("value-expected-90d")}</dt>
                <dd data-testid="value-expected">{metrics.expected_purchases_90d.map(|e| units::decimal(e, 1, lang)).unwrap_or_else(unknown)}</dd>
                <dt>{i18n.t("value-rfm")}</dt>
                <dd data-testid="value-rfm" data-segment=segment.map(|s| s.code()).unwrap_or("")>
                    {segment.map(|s| format!("{} · {scores}", i18n.t(s.key()))).unwrap_or_else(|| i18n.t("dashboard-no-purchases"))}
                </dd>
                <dt>{i18n.t("value-last-purchase")}</dt>
                <dd>{last}</dd>
            </dl>
            {segment.map(|s| view! { <p class="muted" data-testid="value-action">{i18n.t(s.action_key())}</p> })}
            {model_note.map(|note| view! { <p class="muted" data-testid="value-model-note">{note}</p> })}
            </div>
            <div>
            <h3>{i18n.t("value-offers")}</h3>
            {if offers.is_empty() {
                view! { <p class="muted">{i18n.t("value-no-offers")}</p> }.into_any()
            } else {
                view! {
                    <ol class="offers" data-testid="offers">
                        {offers.into_iter().map(|offer| {
                            let args = offer.reason_args(lang);
                            let args: Vec<(&str, ilgi_core::i18n::Arg<'_>)> = args
                                .iter()
                                .map(|(k, v)| (*k, ilgi_core::i18n::Arg::Str(v.as_str())))
                                .collect();
                            let reason = i18n.t_with(offer.reason_key(), &args);
                            view! {
                                <li data-testid="offer" data-sku=offer.sku.clone()>
                                    <strong>{offer.product.clone()}</strong>
                                    <span class="muted offer-reason" data-testid="offer-reason">{reason}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            </div>
            </div>
        })
    };

    view! {
        <div class="panel" data-testid="value-panel">
            <h2>{move || i18n.t("value-title")}</h2>
            <JobProgress job=insights.job label="insights-computing"/>
            {body}
        </div>
    }
}
