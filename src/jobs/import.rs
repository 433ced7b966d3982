//! CSV import: read and map a file, then parse, match against the stored
//! data and write everything in one all-or-nothing transaction.
//!
//! Customer and purchase files are read and imported in the worker
//! ([`prepare_in_worker`], [`run`]): the page sees a [`Preview`] (headers,
//! a sample row, counts) and the [`Report`]. Parsing runs in chunks that
//! yield; the write is one bulk
//! transaction (`Db::begin_bulk`), so cancelling, a failure or a closed tab
//! leaves the database exactly as it was. Matching on id, external id,
//! email and phone (core `csv_io::plan_*`) makes re-importing the same file a
//! no-op.

use std::collections::{HashMap, HashSet};

use ilgi_core::csv_io::{
    self, CsvError, CustomerMapping, Parsed, PurchaseMapping, RowError, Table,
};
use ilgi_core::model::{Batch, Customer, Id, Purchase, Record};

use serde::{Deserialize, Serialize};

use super::{JobHandle, Outcome, Progress, yield_to_browser};
use crate::crm::Crm;
use crate::storage::db::{new_id, now_millis};
use crate::storage::{Db, StorageError};
use crate::worker::{self, Done, Task};

/// Rows parsed between two yields to the browser.
const PARSE_CHUNK: usize = 2_000;
/// Records per write request batch inside the one transaction.
pub(crate) const WRITE_CHUNK: usize = 2_000;
/// Above this many distinct customers, reading every purchase once is
/// cheaper than one index query per customer.
const PER_CUSTOMER_LOOKUPS: usize = 2_000;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    Customers,
    Purchases,
}

/// A read file, ready for the user to check the column mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub file_name: String,
    /// The file's size in bytes (what the import's storage need is
    /// estimated from).
    pub file_bytes: u64,
    pub encoding: &'static str,
    pub delimiter: u8,
    pub table: Table,
}

/// What the page shows of a file the worker read (it keeps the table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The worker's number for the read file ([`run`] names it).
    pub id: u32,
    pub file_name: String,
    pub file_bytes: u64,
    pub encoding: String,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// The first data row's cells (the mapping table shows them).
    pub sample: Vec<String>,
    /// Data rows in the file.
    pub rows: usize,
}

impl Prepared {
    /// The page's view of this file, numbered `id`.
    pub fn preview(&self, id: u32) -> Preview {
        Preview {
            id,
            file_name: self.file_name.clone(),
            file_bytes: self.file_bytes,
            encoding: self.encoding.to_string(),
            delimiter: self.delimiter,
            headers: self.table.headers.clone(),
            sample: self
                .table
                .rows
                .first()
                .map(|r| r.cells.clone())
                .unwrap_or_default(),
            rows: self.table.rows.len(),
        }
    }
}

/// The column mapping the user chose, by kind of file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Mapping {
    Customers(CustomerMapping),
    Purchases(PurchaseMapping),
}

/// Reads a file in the worker (decode, delimiter, table); the worker keeps
/// the table for [`run`].
pub async fn prepare_in_worker(
    file_name: &str,
    bytes: Vec<u8>,
    job: JobHandle,
) -> Result<Result<Preview, CsvError>, StorageError> {
    let done = worker::run(
        Task::ReadCsv {
            file_name: file_name.to_string(),
            bytes,
        },
        job,
    )
    .await;
    job.finish();
    match done? {
        Done::Read(result) => Ok(result),
        other => Err(worker::unexpected(&other)),
    }
}

/// Imports the file the worker read as `preview` with `mapping`, then
/// reloads the index (unless cancelled) and tells the other tabs.
pub async fn run(
    crm: Crm,
    preview: &Preview,
    mapping: Mapping,
    job: JobHandle,
) -> Result<Report, StorageError> {
    let result = worker::run(
        Task::Import {
            file: preview.id,
            mapping,
        },
        job,
    )
    .await;
    job.finish();
    let report = match result? {
        Done::Imported(report) => report,
        other => return Err(worker::unexpected(&other)),
    };
    if !report.cancelled {
        if let Some(db) = crm.db() {
            db.announce_bulk();
        }
        // A failed reload shows on the list (and on the import page, once).
        if let Err(e) = crm.reload().await {
            crm.report(&e);
        }
    }
    Ok(report)
}

/// Decodes the bytes, detects the delimiter and reads the table.
pub fn prepare(file_name: &str, bytes: &[u8]) -> Result<Prepared, CsvError> {
    let decoded = csv_io::decode(bytes);
    let delimiter = csv_io::detect_delimiter(&decoded.text);
    let table = csv_io::read_table(&decoded.text, delimiter)?;
    Ok(Prepared {
        file_name: file_name.to_string(),
        file_bytes: bytes.len() as u64,
        encoding: decoded.encoding,
        delimiter,
        table,
    })
}

/// Whether an import of a `file_bytes` file fits in the storage the browser
/// leaves ilgi (`navigator.storage.estimate()`); checked before anything
/// is written. `None` when it fits, or when the browser gives no estimate
/// (then a failing write reports `QuotaExceededError` and rolls back).
pub async fn space_shortage(file_bytes: u64) -> Option<csv_io::SpaceShortage> {
    let status = crate::pwa::storage_status().await.ok().flatten()?;
    csv_io::space_shortage(
        status.usage,
        status.quota,
        csv_io::import_space_needed(file_bytes),
    )
}

/// The result shown to the user (and the rows it reports).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub merged_in_file: usize,
    pub rejected: Vec<RowError>,
    pub cancelled: bool,
}

/// Parses the table in chunks of rows with `parse`, yielding in between.
pub(crate) async fn parse_in_chunks<T>(
    table: &Table,
    job: &dyn Progress,
    mut parse: impl FnMut(&Table) -> Parsed<T>,
) -> Parsed<T> {
    let mut all = Parsed {
        rows: Vec::with_capacity(table.rows.len()),
        rejected: Vec::new(),
    };
    for (i, rows) in table.rows.chunks(PARSE_CHUNK).enumerate() {
        let part = Table {
            headers: table.headers.clone(),
            rows: rows.to_vec(),
        };
        let parsed = parse(&part);
        all.rows.extend(parsed.rows);
        all.rejected.extend(parsed.rejected);
        job.progress(((i + 1) * PARSE_CHUNK).min(table.rows.len()));
        yield_to_browser().await;
    }
    // Errors about missing columns are reported once per chunk; keep one.
    let mut seen = HashSet::new();
    all.rejected
        .retain(|e| e.line != 1 || seen.insert((e.column.clone(), e.reason.key())));
    all.rejected.sort_by_key(|e| e.line);
    all
}

/// Writes records in one transaction, chunk by chunk, with progress; on
/// cancel everything is rolled back.
async fn write_all(
    db: &Db,
    mut records: Vec<Record>,
    job: &dyn Progress,
) -> Result<Outcome, StorageError> {
    // Purchases are stored in one block per customer: grouped by customer,
    // each block is read and written once instead of once per chunk.
    records.sort_by_key(Record::container);
    job.start(records.len());
    job.set_phase("import-phase-writing");
    let mut bulk = db.begin_bulk().await?;
    let mut done = 0;
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        if job.cancelled() {
            bulk.abort().await;
            return Ok(Outcome::Cancelled);
        }
        let mut batch = Batch::with_capacity(WRITE_CHUNK);
        for record in records.by_ref().take(WRITE_CHUNK) {
            batch.put(record);
        }
        done += batch.len();
        bulk.write(batch).await?;
        job.progress(done);
    }
    bulk.commit().await?;
    Ok(Outcome::Done)
}

/// Imports customers (in the worker).
pub async fn customers(
    db: &Db,
    table: Table,
    mapping: CustomerMapping,
    job: &dyn Progress,
) -> Result<Report, StorageError> {
    job.start(table.rows.len());
    job.set_phase("import-phase-reading");
    let now = now_millis();
    let mut next_id = new_id;
    let parsed = parse_in_chunks(&table, job, |part| {
        csv_io::parse_customers(part, &mapping, now, &mut next_id)
    })
    .await;
    let mut report = Report {
        rows: table.rows.len(),
        rejected: parsed.rejected,
        ..Report::default()
    };
    drop(table);

    job.set_phase("import-phase-matching");
    // With their consent decisions: a file that restates the consent in
    // force adds no decision.
    let existing = db.all_customers_with_consents(|n| job.progress(n)).await?;
    let mut by_key: HashMap<String, usize> = HashMap::with_capacity(existing.len() * 3);
    for (i, c) in existing.iter().enumerate() {
        for key in csv_io::customer_match_keys(c) {
            by_key.entry(key).or_insert(i);
        }
    }
    yield_to_browser().await;
    let plan = csv_io::plan_customers(parsed.rows, &|key| {
        by_key.get(key).map(|&i| existing[i].clone())
    });
    report.created = plan.create.len();
    report.updated = plan.update.len();
    report.unchanged = plan.unchanged;
    report.merged_in_file = plan.merged_in_file;
    drop(by_key);
    drop(existing);
    if job.cancelled() {
        report.cancelled = true;
        return Ok(report);
    }
    let records: Vec<Record> = plan
        .create
        .into_iter()
        .chain(plan.update)
        .map(Record::Customer)
        .collect();
    if !records.is_empty() && write_all(db, records, job).await? == Outcome::Cancelled {
        report.cancelled = true;
    }
    Ok(report)
}

/// The purchases already stored for the customers a file mentions.
async fn existing_purchases(
    db: &Db,
    customers: &HashSet<Id>,
    job: &dyn Progress,
) -> Result<Vec<Purchase>, StorageError> {
    if customers.len() > PER_CUSTOMER_LOOKUPS {
        return db.all_purchases(|n| job.progress(n)).await;
    }
    let mut out = Vec::new();
    for (i, id) in customers.iter().enumerate() {
        out.extend(db.purchases_of(*id).await?);
        job.progress(i + 1);
    }
    Ok(out)
}

/// Imports purchases; each row must name a stored customer (in the
/// worker).
pub async fn purchases(
    db: &Db,
    table: Table,
    mapping: PurchaseMapping,
    job: &dyn Progress,
) -> Result<Report, StorageError> {
    job.start(table.rows.len());
    job.set_phase("import-phase-matching");
    let customers: Vec<Customer> = db.all_customers(|n| job.progress(n)).await?;
    let mut refs: HashMap<String, Id> = HashMap::with_capacity(customers.len() * 3);
    for c in &customers {
        for key in csv_io::customer_match_keys(c) {
            refs.entry(key).or_insert(c.id);
        }
    }
    drop(customers);
    job.start(table.rows.len());
    job.set_phase("import-phase-reading");
    let mut next_id = new_id;
    let parsed = parse_in_chunks(&table, job, |part| {
        csv_io::parse_purchases(
            part,
            &mapping,
            &|r| refs.get(&r.match_key()).copied(),
            &mut next_id,
        )
    })
    .await;
    let mut report = Report {
        rows: table.rows.len(),
        rejected: parsed.rejected,
        ..Report::default()
    };
    drop(table);

    job.set_phase("import-phase-matching");
    let mentioned: HashSet<Id> = parsed.rows.iter().map(|(_, p)| p.customer_id).collect();
    job.start(mentioned.len());
    let stored = existing_purchases(db, &mentioned, job).await?;
    let mut ids = HashSet::with_capacity(stored.len());
    let mut external = HashSet::new();
    let mut natural = HashSet::with_capacity(stored.len());
    for p in &stored {
        ids.insert(p.id);
        if let Some(ext) = &p.external_id {
            external.insert(ext.clone());
        }
        natural.insert(csv_io::purchase_natural_key(p));
    }
    drop(stored);
    let plan = csv_io::plan_purchases(parsed.rows, &|p| {
        ids.contains(&p.id)
            || p.external_id.as_ref().is_some_and(|e| external.contains(e))
            || natural.contains(&csv_io::purchase_natural_key(p))
    });
    report.created = plan.create.len();
    report.unchanged = plan.existing;
    if job.cancelled() {
        report.cancelled = true;
        return Ok(report);
    }
    let records: Vec<Record> = plan.create.into_iter().map(Record::Purchase).collect();
    if !records.is_empty() && write_all(db, records, job).await? == Outcome::Cancelled {
        report.cancelled = true;
    }
    Ok(report)
}
