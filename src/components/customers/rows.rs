//! One page of the customer list as a table.

use ilgi_core::query::SortBy;
use ilgi_core::units;
use leptos::prelude::*;

use crate::crm::ListRow;
use crate::i18n::use_i18n;
use crate::pages::customers::customer_href;

#[component]
pub fn CustomerRows(rows: Signal<Vec<ListRow>>, sort: Signal<SortBy>) -> impl IntoView {
    let i18n = use_i18n();
    let _ = sort;
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
                <tbody>
                    <For each=move || rows.get() key=|r| r.id let:row>
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
                            <td><span class=format!("tier tier-{}", row.tier.code())>{move || i18n.t(row.tier.key())}</span></td>
                            <td class="social">
                                {(!row.social.is_empty()).then(|| {
                                    let followers = row.followers;
                                    let platforms = row.social.join(", ");
                                    view! {
                                        <span>{platforms}</span>
                                        <div class="muted">
                                            {move || i18n.t_with(
                                                "followers",
                                                &[
                                                    ("count", ilgi_core::i18n::Arg::Num(followers as f64)),
                                                    ("shown", ilgi_core::i18n::Arg::Str(&units::count(followers, i18n.lang()))),
                                                ],
                                            )}
                                        </div>
                                    }
                                })}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
