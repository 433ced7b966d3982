//! Importing social posts from a CSV or JSON export (see
//! `docs/formats/mentions.md`): read with the column mapping the user
//! checked, posts already stored (same platform and post id) skipped,
//! authors matched to customers and linked where certain, and — when the
//! workspace's automatic rule is on — complaints opened as cases, all in
//! one transaction with progress; every rejected row is reported.

use std::collections::{HashMap, HashSet};

use chrono::FixedOffset;
use ilgi_core::csv_io::{self, Reason, RowError, Table};
use ilgi_core::model::{Id, Record};
use ilgi_core::social::link::{Sorted, link_new};
use ilgi_core::social::mention_import::{MentionMapping, json_table, parse_mentions};
use ilgi_core::social::reading::read;

use serde::{Deserialize, Serialize};

use super::import::{Prepared, Preview, WRITE_CHUNK, parse_in_chunks};
use super::{JobHandle, Progress, yield_to_browser};
use crate::crm::Crm;
use crate::pages::cases::from_posts::{numbers, open_for_post};
use crate::pages::cases::read_desk;
use crate::storage::db::{new_id, now_millis};
use crate::storage::{Db, StorageError};
use crate::worker::{self, Done, Task};

/// Reads a CSV or JSON export in the worker (it keeps the table for
/// [`run`]); the page gets a preview or why the file is unreadable.
pub async fn prepare_in_worker(
    file_name: &str,
    bytes: Vec<u8>,
    job: JobHandle,
) -> Result<Result<Preview, String>, StorageError> {
    let done = worker::run(
        Task::ReadMentions {
            file_name: file_name.to_string(),
            bytes,
        },
        job,
    )
    .await;
    job.finish();
    match done? {
        Done::ReadMentions(result) => Ok(result),
        other => Err(worker::unexpected(&other)),
    }
}

/// Imports the posts of the file the worker read as `preview`, then
/// reloads the index (new identities) and tells the other tabs.
pub async fn run(
    crm: Crm,
    preview: &Preview,
    mapping: MentionMapping,
    job: JobHandle,
) -> Result<MentionReport, StorageError> {
    let done = worker::run(
        Task::ImportMentions {
            file: preview.id,
            mapping,
        },
        job,
    )
    .await;
    job.finish();
    let report = match done? {
        Done::ImportedMentions(report) => report,
        other => return Err(worker::unexpected(&other)),
    };
    if !report.cancelled {
        if let Some(db) = crm.db() {
            db.announce_bulk();
        }
        crm.reload().await?;
    }
    Ok(report)
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MentionReport {
    pub rows: usize,
    pub created: usize,
    /// Posts that were already stored.
    pub already: usize,
    pub sorted: Sorted,
    /// Cases the automatic rule opened.
    pub cases: usize,
    pub rejected: Vec<RowError>,
    pub cancelled: bool,
}

/// Reads a CSV or JSON export into a table for the mapping step.
pub fn prepare(file_name: &str, bytes: &[u8]) -> Result<Prepared, String> {
    let decoded = csv_io::decode(bytes);
    let head = decoded.text.trim_start_matches('\u{feff}').trim_start();
    if file_name.to_lowercase().ends_with(".json") || head.starts_with('[') || head.starts_with('{')
    {
        let table = json_table(&decoded.text)?;
        return Ok(Prepared {
            file_name: file_name.to_string(),
            file_bytes: bytes.len() as u64,
            encoding: decoded.encoding,
            delimiter: b',',
            table,
        });
    }
    super::import::prepare(file_name, bytes).map_err(|e| {
        let text = ilgi_core::i18n::catalog().text(ilgi_core::i18n::Lang::En, e.key());
        format!("{text} {e}")
    })
}

/// The device's offset from UTC (naive times in a file are local).
pub fn local_offset() -> FixedOffset {
    let minutes = -js_sys::Date::new_0().get_timezone_offset() as i32;
    FixedOffset::east_opt(minutes * 60).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// Imports the posts of `table` (in the worker).
pub async fn import(
    db: &Db,
    table: Table,
    mapping: MentionMapping,
    job: &dyn Progress,
) -> Result<MentionReport, StorageError> {
    job.start(table.rows.len());
    job.set_phase("import-phase-reading");
    let offset = local_offset();
    let mut next_id = new_id;
    let mut parsed = parse_in_chunks(&table, job, |part| {
        parse_mentions(part, &mapping, offset, &mut next_id)
    })
    .await;
    let mut report = MentionReport {
        rows: table.rows.len(),
        ..MentionReport::default()
    };
    drop(table);
    // A post repeated in another chunk of the file.
    let mut first_line: HashMap<String, usize> = HashMap::new();
    parsed
        .rows
        .retain(|(line, m)| match first_line.get(&m.key()) {
            Some(&first) => {
                parsed.rejected.push(RowError {
                    line: *line,
                    column: "post id".into(),
                    value: m.post_id.clone(),
                    reason: Reason::DuplicateInFile { first_line: first },
                });
                false
            }
            None => {
                first_line.insert(m.key(), *line);
                true
            }
        });
    parsed.rejected.sort_by_key(|e| e.line);
    report.rejected = parsed.rejected;

    job.set_phase("import-phase-matching");
    let stored = db.mentions().await?;
    let keys: HashSet<String> = stored.iter().map(|m| m.key()).collect();
    let (fresh, already) = ilgi_core::social::mention_import::new_mentions(parsed.rows, &keys);
    report.already = already;
    let customers = db.all_customers(|n| job.progress(n)).await?;
    yield_to_browser().await;
    let mut linked = link_new(
        fresh.into_iter().map(|(_, m)| m).collect(),
        &customers,
        &stored,
    );
    report.created = linked.posts.len();
    report.sorted = linked.sorted.clone();
    yield_to_browser().await;

    // The automatic rule: complaints that meet it open their case now.
    let mut case_records: Vec<Record> = Vec::new();
    let desk = read_desk(db).await?;
    let rule = desk.rules.auto_case.clone();
    if rule.enabled {
        let client = db.client_id().await?;
        let mut number = numbers(&desk, client);
        let by_id: HashMap<Id, &ilgi_core::model::Customer> =
            customers.iter().map(|c| (c.id, c)).collect();
        let now = now_millis();
        for post in &mut linked.posts {
            let reading = read(&post.text, post.lang);
            if !rule.opens(post, &reading.complaint) {
                continue;
            }
            let customer = post.customer_id.and_then(|id| by_id.get(&id).copied());
            if let Some(records) = open_for_post(&desk, post, customer, number(), now) {
                report.cases += 1;
                case_records.extend(records);
            }
        }
    }
    drop(customers);
    if job.cancelled() {
        report.cancelled = true;
        return Ok(report);
    }
    let mut batch = linked.into_batch();
    for r in case_records {
        batch.put(r);
    }
    if batch.is_empty() {
        return Ok(report);
    }
    job.start(batch.len());
    job.set_phase("import-phase-writing");
    let mut bulk = db.begin_bulk().await?;
    let mut done = 0;
    for piece in batch.chunks(WRITE_CHUNK) {
        if job.cancelled() {
            bulk.abort().await;
            report.cancelled = true;
            return Ok(report);
        }
        done += piece.len();
        bulk.write(piece).await?;
        job.progress(done);
    }
    bulk.commit().await?;
    Ok(report)
}
