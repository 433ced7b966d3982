//! Importing past or outside complaints from a CSV file (the columns of
//! `ilgi triage`: `case id, customer id, channel, text, public, followers,
//! created at`): every row is triaged with the workspace's rules and
//! recorded as a case with its number, journey and department, in one
//! all-or-nothing write. Every rejected row is reported with its line and
//! column; a case id already recorded is skipped, so importing a file twice
//! creates nothing new.

use std::collections::{HashMap, HashSet};

use chrono::FixedOffset;
use ilgi_core::cases::csv::parse_cases;
use ilgi_core::cases::{CustomerFacts, Op, Opening, open_case, perform, triage::customer_facts};
use ilgi_core::csv_io::{Reason, RowError, decode, detect_delimiter, read_table};
use ilgi_core::i18n::Arg;
use ilgi_core::model::{Batch, Record};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{AGENT, cases_by_customer, load_desk};
use crate::crm::{Crm, use_crm};
use crate::i18n::use_i18n;
use crate::storage::StorageError;
use crate::storage::db::new_id;

/// What an import did.
#[derive(Clone, Default)]
struct Outcome {
    rows: usize,
    created: usize,
    already: usize,
    rejected: Vec<RowError>,
}

async fn import(crm: Crm, bytes: Vec<u8>) -> Result<Outcome, String> {
    let db = crm.db().ok_or("not open")?;
    let text = decode(&bytes).text;
    let table = read_table(&text, detect_delimiter(&text)).map_err(|e| e.to_string())?;
    let desk = load_desk(crm).await.map_err(|e| e.to_string())?;
    let offset = FixedOffset::east_opt(desk.rules.utc_offset_minutes * 60)
        .ok_or("the rule set's UTC offset is out of range")?;
    let mut parsed = parse_cases(&table, offset);
    let customers = db.all_customers(|_| {}).await.map_err(|e| e.to_string())?;
    let by_ref: HashMap<&str, usize> = customers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.external_id.as_deref()?, i)))
        .collect();
    let known: HashSet<&str> = desk.cases.iter().map(|f| f.case.number.as_str()).collect();
    let earlier = cases_by_customer(&desk);
    let prepared = desk.rules.prepare();
    let mut outcome = Outcome {
        rows: table.rows.len(),
        ..Outcome::default()
    };
    let mut batch = Batch::new();
    for (line, row) in &parsed.rows {
        if known.contains(row.case_id.as_str()) {
            outcome.already += 1;
            continue;
        }
        let customer = match &row.customer_ref {
            Some(r) => match by_ref.get(r.as_str()) {
                Some(&i) => Some(&customers[i]),
                None => {
                    parsed.rejected.push(RowError {
                        line: *line,
                        column: "customer id".into(),
                        value: r.clone(),
                        reason: Reason::UnknownCustomer,
                    });
                    continue;
                }
            },
            None => None,
        };
        let at = row.created_at.timestamp_millis();
        let facts = customer.map_or_else(CustomerFacts::default, |c| {
            let history = earlier.get(&c.id).cloned().unwrap_or_default();
            customer_facts(c, None, history, at, desk.rules.recent_days)
        });
        let complaint = ilgi_core::cases::Complaint {
            category: row
                .category
                .unwrap_or_else(|| prepared.detect_category(&row.text)),
            channel: row.channel,
            text: row.text.clone(),
            products: row.products.clone(),
            public: row.public,
            reach: row.followers,
            at: row.created_at,
        };
        let t = prepared.triage(&complaint, &facts);
        let Ok((case, mut events)) = open_case(
            &complaint,
            t,
            Opening {
                number: row.case_id.clone(),
                customer_id: customer.map(|c| c.id),
                author: None,
                at,
                by: AGENT.to_string(),
            },
            &mut new_id,
        ) else {
            continue;
        };
        // A past complaint already handled is recorded resolved at its
        // time: it neither waits in an inbox nor escalates.
        if let Some(resolved) = row.resolved_at {
            let state = ilgi_core::cases::derive(&events);
            let Ok(more) = perform(
                &state,
                case.id,
                Op::Resolve(String::new()),
                resolved.timestamp_millis().max(state.last_at),
                AGENT,
                &mut new_id,
            ) else {
                continue;
            };
            events.extend(more);
        }
        batch.put(Record::Case(case));
        for e in events {
            batch.put(Record::CaseEvent(e));
        }
        outcome.created += 1;
    }
    parsed.rejected.sort_by_key(|e| e.line);
    outcome.rejected = parsed.rejected;
    if !batch.is_empty() {
        let write = async {
            let mut bulk = db.begin_bulk().await?;
            bulk.write(batch).await?;
            bulk.commit().await?;
            crm.reload().await
        };
        write.await.map_err(|e: StorageError| e.to_string())?;
    }
    Ok(outcome)
}

/// The import panel of the queue.
#[component]
pub fn CaseImport() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match crate::download::read_file(&file).await {
                Ok(bytes) => import(crm, bytes).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(o) => {
                    failure.set(None);
                    outcome.set(Some(o));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <details class="panel" data-testid="case-import">
            <summary>{move || i18n.t("cases-import")}</summary>
            <p class="muted">{move || i18n.t("cases-import-help")}</p>
            <label for="case-import-file">{move || i18n.t("cases-import-file")}</label>
            <input id="case-import-file" type="file" accept=".csv,text/csv" data-testid="case-import-file"
                disabled=move || busy.get() on:change=chosen/>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || outcome.get().map(|o| {
                let lang = i18n.lang();
                view! {
                    <p role="status" data-testid="case-import-result">
                        {i18n.t_with("cases-import-result", &[
                            ("rows", Arg::Num(o.rows as f64)),
                            ("created", Arg::Num(o.created as f64)),
                            ("already", Arg::Num(o.already as f64)),
                            ("rejected", Arg::Num(o.rejected.len() as f64)),
                        ])}
                    </p>
                    <ul class="plain" data-testid="case-import-rejected">
                        {o.rejected.into_iter().map(|e| {
                            let column = if e.column.is_empty() { String::new() } else { format!(", {}", e.column) };
                            let value = if e.value.is_empty() { String::new() } else { format!(" ({:?})", e.value) };
                            view! { <li>{format!("{} {}{column}{value}: {}", i18n.t("import-report-line"), e.line, e.reason.message(lang))}</li> }
                        }).collect_view()}
                    </ul>
                }
            })}
        </details>
    }
}
