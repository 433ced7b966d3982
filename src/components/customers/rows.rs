//! One page of the customer list as a table.

use ilgi_core::i18n::{Arg, Lang};
use ilgi_core::query::SortBy;
use ilgi_core::units;
use leptos::prelude::*;

use crate::crm::ListRow;
use crate::i18n::use_i18n;
use crate::pages::customers::customer_href;

/// The table body, keyed by what each row shows: a keystroke in the search
/// keeps the rows that stay on the page (typing one more letter mostly
/// keeps them) and draws only the new ones, each with plain text in its
/// cells (no reactive closure per row). A row whose customer changed, or
/// every row after a language switch, has a new key and is drawn again.
#[component]
pub fn CustomerRows(rows: Signal<Vec<ListRow>>, sort: Signal<SortBy>) -> impl IntoView {
    let i18n = use_i18n();
    let _ = sort;
    let keyed = move || {
        let lang = i18n.lang();
        rows.get()
            .into_iter()
            .map(|row| (lang, row))
            .collect::<Vec<_>>()
    };
    let row_view = move |(lang, row): (Lang, ListRow)| {
        let catalog = ilgi_core::i18n::catalog();
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
        let tier = catalog.text(lang, row.tier.key());
        view! {
            <tr data-testid="customer-row">
                <td>
                    <a href=customer_href(row.id) class="row-name">{row.name}</a>
                    <div class="tags">
                        {row.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                    </div>
                </td>
                <td class="contact">
                    <div>{row.email.unwrap_or_default()}</div>
                    <div class="muted">{row.phone.unwrap_or_default()}</div>
                </td>
                <td>{row.city.unwrap_or_default()}</td>
                <td><span class=format!("tier tier-{}", row.tier.code())>{tier}</span></td>
                <td class="social">{social}</td>
            </tr>
        }
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
                <tbody><For each=keyed key=|item| item.clone() children=row_view/></tbody>
            </table>
        </div>
    }
}
