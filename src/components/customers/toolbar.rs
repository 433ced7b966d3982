//! Search box, filters and sort of the customer list.

use ilgi_core::model::Tier;
use ilgi_core::query::{CustomerQuery, SortBy};
use leptos::prelude::*;

use crate::crm::use_crm;
use crate::i18n::use_i18n;

/// Edits a [`CustomerQuery`]; every change goes to `on_change` at once (the
/// list re-queries on each keystroke).
#[component]
pub fn ListToolbar(
    query: Signal<CustomerQuery>,
    on_change: Callback<CustomerQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let facets = Memo::new(move |_| crm.facets());
    // One memo per part of the query: a keystroke in the search box
    // changes only `text`, so the hundred `selected` closures of the
    // filter menus do not run again.
    let text = Memo::new(move |_| query.with(|q| q.text.clone()));
    let tier = Memo::new(move |_| query.with(|q| q.tier));
    let city_chosen = Memo::new(move |_| query.with(|q| q.city.clone()));
    let tag_chosen = Memo::new(move |_| query.with(|q| q.tag.clone()));
    let social = Memo::new(move |_| query.with(|q| q.social));
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let descending = Memo::new(move |_| query.with(|q| q.descending));
    let edit = move |f: &dyn Fn(&mut CustomerQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        on_change.run(q);
    };
    let opt = |v: String| if v.is_empty() { None } else { Some(v) };

    view! {
        <form class="toolbar" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="search">
                <span class="visually-hidden">{move || i18n.t("customers-search-label")}</span>
                <input
                    type="search"
                    data-testid="customer-search"
                    autocomplete="off"
                    placeholder=move || i18n.t("customers-search-placeholder")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(&|q| q.text = text.clone());
                    }
                />
            </label>
            <label>
                <span>{move || i18n.t("filter-tier")}</span>
                <select
                    data-testid="filter-tier"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(&|q| q.tier = Tier::ALL.into_iter().find(|t| t.code() == v));
                    }
                >
                    <option value="" selected=move || tier.get().is_none()>{move || i18n.t("filter-any")}</option>
                    {Tier::ALL
                        .into_iter()
                        .map(|t| view! {
                            <option value=t.code() selected=move || tier.get() == Some(t)>
                                {move || i18n.t(t.key())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{move || i18n.t("filter-city")}</span>
                <select
                    data-testid="filter-city"
                    on:change=move |ev| {
                        let v = opt(event_target_value(&ev));
                        edit(&|q| q.city = v.clone());
                    }
                >
                    <option value="" selected=move || city_chosen.with(Option::is_none)>{move || i18n.t("filter-any")}</option>
                    <For each=move || facets.get().cities key=|(c, n)| (c.clone(), *n) let:item>
                        {
                            let (city, n) = item;
                            let value = city.clone();
                            let selected = city.clone();
                            view! {
                                <option value=value selected=move || city_chosen.with(|c| c.as_deref() == Some(selected.as_str()))>
                                    {format!("{city} ({n})")}
                                </option>
                            }
                        }
                    </For>
                </select>
            </label>
            <label>
                <span>{move || i18n.t("filter-tag")}</span>
                <select
                    data-testid="filter-tag"
                    on:change=move |ev| {
                        let v = opt(event_target_value(&ev));
                        edit(&|q| q.tag = v.clone());
                    }
                >
                    <option value="" selected=move || tag_chosen.with(Option::is_none)>{move || i18n.t("filter-any")}</option>
                    <For each=move || facets.get().tags key=|(t, n)| (t.clone(), *n) let:item>
                        {
                            let (tag, n) = item;
                            let value = tag.clone();
                            let selected = tag.clone();
                            view! {
                                <option value=value selected=move || tag_chosen.with(|t| t.as_deref() == Some(selected.as_str()))>
                                    {format!("{tag} ({n})")}
                                </option>
                            }
                        }
                    </For>
                </select>
            </label>
            <label>
                <span>{move || i18n.t("filter-social")}</span>
                <select
                    data-testid="filter-social"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(&|q| q.social = match v.as_str() { "1" => Some(true), "0" => Some(false), _ => None });
                    }
                >
                    <option value="" selected=move || social.get().is_none()>{move || i18n.t("filter-any")}</option>
                    <option value="1" selected=move || social.get() == Some(true)>{move || i18n.t("filter-social-yes")}</option>
                    <option value="0" selected=move || social.get() == Some(false)>{move || i18n.t("filter-social-no")}</option>
                </select>
            </label>
            <label>
                <span>{move || i18n.t("sort-label")}</span>
                <select
                    data-testid="sort"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(&|q| q.sort = SortBy::from_code(&v).unwrap_or_default());
                    }
                >
                    {SortBy::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.code() selected=move || sort.get() == s>{move || i18n.t(s.key())}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="sort-desc"
                    prop:checked=move || descending.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(&|q| q.descending = on);
                    }
                />
                <span>{move || i18n.t("sort-descending")}</span>
            </label>
        </form>
    }
}
