//! Importing past or outside complaints from a CSV file (the columns of
//! `ilgi triage`: `case id, customer id, channel, text, public, followers,
//! created at`), in the worker: every row is triaged with the workspace's
//! rules and recorded as a case with its number, journey and department,
//! in one all-or-nothing write. Every rejected row is reported with its
//! line and column; a case id already recorded is skipped, so importing a
//! file twice creates nothing new.

use std::collections::{HashMap, HashSet};

use chrono::FixedOffset;
use ilgi_core::cases::csv::parse_cases;
use ilgi_core::cases::{CustomerFacts, Op, Opening, open_case, perform, triage::customer_facts};
use ilgi_core::csv_io::{Reason, RowError, decode, detect_delimiter, read_table};
use ilgi_core::model::{Batch, Record};
use serde::{Deserialize, Serialize};

use super::{Progress, yield_to_browser};
use crate::pages::cases::{AGENT, cases_by_customer, read_desk};
use crate::storage::db::new_id;
use crate::storage::{Db, StorageError};

/// Rows triaged between two looks at the cancel flag.
const STEP: usize = 500;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseImport {
    pub rows: u64,
    pub created: u64,
    /// Case ids already recorded (skipped).
    pub already: u64,
    /// Every rejected cell, by line.
    pub rejected: Vec<RowError>,
    /// Stopped by the user before anything was written.
    pub cancelled: bool,
}

/// Reads, triages and writes the cases of a CSV file. `Ok(Err(_))`: the
/// file is not a table (the message says why); nothing was written.
pub async fn import(
    db: &Db,
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<Result<CaseImport, String>, StorageError> {
    progress.set_phase("import-phase-reading");
    let text = decode(bytes).text;
    let table = match read_table(&text, detect_delimiter(&text)) {
        Ok(table) => table,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let desk = read_desk(db).await?;
    let Some(offset) = FixedOffset::east_opt(desk.rules.utc_offset_minutes * 60) else {
        return Ok(Err("the rule set's UTC offset is out of range".into()));
    };
    let mut parsed = parse_cases(&table, offset);
    progress.set_phase("import-phase-matching");
    let customers = db.all_customers(|_| {}).await?;
    let by_ref: HashMap<&str, usize> = customers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.external_id.as_deref()?, i)))
        .collect();
    let known: HashSet<&str> = desk.cases.iter().map(|f| f.case.number.as_str()).collect();
    let earlier = cases_by_customer(&desk);
    let prepared = desk.rules.prepare();
    let mut outcome = CaseImport {
        rows: table.rows.len() as u64,
        ..CaseImport::default()
    };
    let mut batch = Batch::new();
    progress.start(parsed.rows.len());
    for (done, (line, row)) in parsed.rows.iter().enumerate() {
        if done % STEP == 0 && done > 0 {
            progress.progress(done);
            yield_to_browser().await;
            if progress.cancelled() {
                outcome.cancelled = true;
                return Ok(Ok(outcome));
            }
        }
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
    progress.progress(parsed.rows.len());
    parsed.rejected.sort_by_key(|e| e.line);
    outcome.rejected = parsed.rejected;
    if progress.cancelled() {
        outcome.cancelled = true;
        return Ok(Ok(outcome));
    }
    if !batch.is_empty() {
        progress.set_phase("import-phase-writing");
        let mut bulk = db.begin_bulk().await?;
        bulk.write(batch).await?;
        bulk.commit().await?;
    }
    Ok(Ok(outcome))
}
