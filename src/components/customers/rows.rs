//! One page of the customer list as a table.

use ilgi_core::i18n::Arg;
use ilgi_core::model::Tier;
use ilgi_core::query::SortBy;
use ilgi_core::units;
use leptos::prelude::*;

use crate::crm::ListRow;
use crate::i18n::use_i18n;
use crate::pages::customers::customer_href;

/// The table body is rendered as a whole from `rows`, with plain text in
/// each cell (no reactive closure per row): a keystroke in the search
/// replaces 50 rows, and per-row effects cost more than the rows.
#[component]
pub fn CustomerRows(rows: Signal<Vec<ListRow>>, sort: Signal<SortBy>) -> impl IntoView {
    let i18n = use_i18n();
    let _ = sort;
    let body = move || {
        let lang = i18n.lang();
        let catalog = ilgi_core::i18n::catalog();
        // The four tier names formatted once per render, not once per row.
        let tiers = Tier::ALL.map(|t| (t, catalog.text(lang, t.key())));
        let tier_name = |t: Tier| {
            tiers
                .iter()
                .find(|(tier, _)| *tier == t)
                .map(|(_, name)| name.clone())
                .unwrap_or_default()
        };
        rows.with(|rows| {
            rows.iter()
                .map(|row| {
                    let social = (!row.social.is_empty()).then(|| {
                        let followers = catalog.text_with(
                            lang,
                            "followers",
                            &[
                                ("count", Arg::Num(row.followers as f64)),
                                ("shown", Arg::Str(&units::count(row.followers, lang))),
                            ],
                        );
                        view! {
                            <span>{row.social.join(", ")}</span>
                            <div class="muted">{followers}</div>
                        }
                    });
                    view! {
                        <tr data-testid="customer-row">
                            <td>
                                <a href=customer_href(row.id) class="row-name">{row.name.clone()}</a>
                                <div class="tags">
                                    {row.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                                </div>
                            </td>
                            <td class="contact">
                                <div>{row.email.clone().unwrap_or_default()}</div>
                                <div class="muted">{row.phone.clone().unwrap_or_default()}</div>
                            </td>
                            <td>{row.city.clone().unwrap_or_default()}</td>
                            <td><span class=format!("tier tier-{}", row.tier.code())>{tier_name(row.tier)}</span></td>
                            <td class="social">{social}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("customers-table")>
            <table class="customers" data-testid="customer-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("col-name")}</th>
                        <th scope="col">{move || i18n.t("col-contact")}</th>
                        <th scope="col">{move || i18n.t("col-city")}</th>
                        <th scope="col">{move || i18n.t("col-tier")}</th>
                        <th scope="col">{move || i18n.t("col-social")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
