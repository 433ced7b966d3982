//! The customer list: search, filters, sort and pages, all in the URL.

use ilgi_core::i18n::Arg;
use ilgi_core::query::{CustomerQuery, ResultPage};
use ilgi_core::section::Section;
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::customers::{CustomerRows, DemoPanel, ListToolbar};
use crate::crm::{ListRow, Status, use_crm};
use crate::i18n::use_i18n;

/// Rows per page.
pub const PAGE_SIZE: usize = 50;

const QUERY_KEYS: [&str; 7] = ["q", "tier", "city", "tag", "social", "sort", "desc"];

/// `/customers?…` for a query and page (page 1 is left out).
pub fn list_href(query: &CustomerQuery, page: usize) -> String {
    let mut parts: Vec<String> = query
        .to_query_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(&v))))
        .collect();
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/customers".to_string()
    } else {
        format!("/customers?{}", parts.join("&"))
    }
}

#[component]
pub fn CustomerList() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let query_map = use_query_map();
    let url_query = Memo::new(move |_| {
        query_map.with(|m| {
            CustomerQuery::from_query_pairs(
                QUERY_KEYS.iter().filter_map(|k| m.get(k).map(|v| (*k, v))),
            )
        })
    });
    let page = Memo::new(move |_| {
        query_map.with(|m| {
            m.get("page")
                .and_then(|p| p.parse::<usize>().ok())
                .unwrap_or(1)
                .max(1)
        })
    });
    // The list follows `query` at once; the URL follows a moment later (one
    // history update per pause in typing, not per keystroke). Back/forward
    // and links change the URL, which flows back into `query`.
    let query = RwSignal::new(url_query.get_untracked());
    Effect::new(move |_| {
        let from_url = url_query.get();
        if query.with_untracked(|q| *q != from_url) {
            query.set(from_url);
        }
    });
    let navigate = use_navigate();
    let routing = use_context::<crate::app::Routing>();
    let still_listing = move || {
        !routing.is_some_and(|r| r.0.get_untracked())
            && window()
                .location()
                .pathname()
                .is_ok_and(|p| p == "/customers")
    };
    let go = StoredValue::new(move |q: CustomerQuery, page: usize| {
        navigate(
            &list_href(&q, page),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });
    let pending_url: StoredValue<Option<leptos::prelude::TimeoutHandle>> = StoredValue::new(None);
    let set_query = Callback::new(move |q: CustomerQuery| {
        query.set(q);
        if let Some(handle) = pending_url.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // The page may be gone by now (a result opened within the
                // delay): then there is no list to write the URL of. While
                // the opened page's module loads, the list is still mounted
                // but the router is already on its way to the other page.
                if pending_url.try_set_value(None).is_some() || !still_listing() {
                    return;
                }
                if let Some(q) = query.try_get_untracked() {
                    go.try_with_value(|go| go(q, 1));
                }
            },
            std::time::Duration::from_millis(300),
        )
        .ok();
        pending_url.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending_url.try_get_value() {
            handle.clear();
        }
    });
    let set_page = move |p: usize| go.with_value(|go| go(query.get_untracked(), p));

    // The sort alone: the table's headers do not redraw on a keystroke.
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let ready = move || crm.status() == Status::Ready;
    // One page of ids and the count, not the whole list: a keystroke at
    // 100,000 customers writes 50 ids (and compares them), not 100,000.
    let results = Memo::new(move |_| {
        if ready() {
            crm.query_page(&query.get(), page.get(), PAGE_SIZE)
        } else {
            ResultPage {
                total: 0,
                page: 1,
                ids: Vec::new(),
            }
        }
    });
    let pages = move || results.with(|r| r.pages(PAGE_SIZE));
    let visible = Memo::new(move |_| results.with(|r| crm.rows(&r.ids)));
    // Before the index is ready, the first page comes straight from the
    // name index so a big database paints at once.
    let first_page = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(db) => db
                .customers_by_name(None, PAGE_SIZE as u32)
                .await
                .map(|cs| cs.iter().map(ListRow::of).collect::<Vec<_>>())
                .unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let rows = Signal::derive(move || {
        if ready() {
            visible.get()
        } else {
            first_page.get().unwrap_or_default()
        }
    });

    let count_text = move || {
        let lang = i18n.lang();
        match crm.status() {
            Status::Ready => {
                let total = crm.len();
                let found = results.with(|r| r.total);
                if found == total {
                    i18n.t_with(
                        "customers-count",
                        &[
                            ("count", Arg::Num(total as f64)),
                            ("shown", Arg::Str(&units::count(total as u64, lang))),
                        ],
                    )
                } else {
                    i18n.t_with(
                        "customers-found",
                        &[
                            ("count", Arg::Num(found as f64)),
                            ("shown", Arg::Str(&units::count(found as u64, lang))),
                            ("total", Arg::Num(total as f64)),
                            ("totalShown", Arg::Str(&units::count(total as u64, lang))),
                        ],
                    )
                }
            }
            Status::Loading { read } => i18n.t_with(
                "customers-loading",
                &[("read", Arg::Str(&units::count(read as u64, lang)))],
            ),
            Status::Opening => i18n.t("customers-opening"),
            // The storage error's own message says why (and what to do).
            Status::Failed(e) => format!("{} {}", i18n.t("customers-unavailable"), i18n.t(e.key())),
            Status::Closed => i18n.t("customers-unavailable"),
        }
    };

    view! {
        <section class="page" data-page=Section::Customers.slug()>
            <div class="page-head">
                <h1>{move || i18n.t(&Section::Customers.title_key())}</h1>
                <div class="page-actions">
                    <a class="button" href="/customers/duplicates" data-testid="open-duplicates">{move || i18n.t("dup-open")}</a>
                    <a class="button" href="/customers/import" data-testid="open-import">{move || i18n.t("customers-import")}</a>
                    <a class="button primary" href="/customers/new" data-testid="new-customer">{move || i18n.t("customers-new")}</a>
                </div>
            </div>
            <ListToolbar query=query.into() on_change=set_query/>
            <p class="list-count" data-testid="customer-count" aria-live="polite">{count_text}</p>
            <Show when=move || ready() && crm.is_empty()>
                <DemoPanel/>
            </Show>
            <CustomerRows rows=rows sort=sort.into()/>
            <Show when=move || { ready() && pages() > 1 }>
                <nav class="pager" aria-label=move || i18n.t("pager-label")>
                    <button
                        type="button"
                        data-testid="page-prev"
                        disabled=move || { page.get() <= 1 }
                        on:click=move |_| set_page(page.get_untracked().saturating_sub(1).max(1))
                    >
                        {move || i18n.t("pager-prev")}
                    </button>
                    <span data-testid="page-of">
                        {move || i18n.t_with(
                            "pager-of",
                            &[("page", Arg::Num(page.get().min(pages()) as f64)), ("pages", Arg::Num(pages() as f64))],
                        )}
                    </span>
                    <button
                        type="button"
                        data-testid="page-next"
                        disabled=move || { page.get() >= pages() }
                        on:click=move |_| set_page(page.get_untracked() + 1)
                    >
                        {move || i18n.t("pager-next")}
                    </button>
                </nav>
            </Show>
        </section>
    }
}
