//! Past complaints from a CSV file, triaged in bulk: what `ilgi triage`
//! runs so that analysts can try a rule set on real data before it goes
//! live, and what the app's case import reads.
//!
//! Columns (headers in English or Turkish, any case; see [`column_of`]):
//! `case id`, `customer id` (the customers file's `customer id`; empty for
//! an unknown author), `channel`, `text`, `public`, `followers`,
//! `created at`; optionally `category` (detected from the text when absent
//! or empty), `products` (`|`-separated) and `resolved at` (a past
//! complaint already handled: the app records it resolved at that time, so
//! it neither waits in an inbox nor escalates). A time without a zone is read
//! in the rule set's local time. Every bad cell of every rejected row is
//! reported with its line and column, as the other imports do.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::Serialize;

use super::model::{CaseChannel, Category, Level};
use super::triage::{Complaint, CustomerFacts, RuleSet};
use crate::csv_io::customers::{parse_consent, parse_followers};
use crate::csv_io::{Parsed, Reason, RowError, Table};
use crate::model::{ValueError, parse_date};
use crate::sla::{Calendar, SlaError};
use crate::text::fold;

/// One complaint of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub case_id: String,
    pub customer_ref: Option<String>,
    pub channel: CaseChannel,
    pub category: Option<Category>,
    pub text: String,
    pub products: Vec<String>,
    pub public: bool,
    pub followers: u64,
    pub created_at: DateTime<Utc>,
    /// When the complaint was resolved, for a past one (never before
    /// `created_at`).
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A column of the case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseColumn {
    CaseId,
    CustomerId,
    Channel,
    Text,
    Public,
    Followers,
    CreatedAt,
    Category,
    Products,
    ResolvedAt,
}

impl CaseColumn {
    /// The name the issue and the exports use.
    pub fn name(self) -> &'static str {
        match self {
            CaseColumn::CaseId => "case id",
            CaseColumn::CustomerId => "customer id",
            CaseColumn::Channel => "channel",
            CaseColumn::Text => "text",
            CaseColumn::Public => "public",
            CaseColumn::Followers => "followers",
            CaseColumn::CreatedAt => "created at",
            CaseColumn::Category => "category",
            CaseColumn::Products => "products",
            CaseColumn::ResolvedAt => "resolved at",
        }
    }
}

/// The column a header names (`Müşteri No`, `customer_id`, `Kanal`…).
pub fn column_of(header: &str) -> Option<CaseColumn> {
    let h = fold(header).replace(['_', '-'], " ");
    Some(match h.trim() {
        "case id" | "case" | "case no" | "case number" | "kayit no" | "kayit" | "sikayet no"
        | "talep no" => CaseColumn::CaseId,
        "customer id" | "customer" | "customer no" | "musteri no" | "musteri id" | "musteri" => {
            CaseColumn::CustomerId
        }
        "channel" | "kanal" => CaseColumn::Channel,
        "text" | "metin" | "sikayet" | "complaint" | "message" | "mesaj" | "icerik" => {
            CaseColumn::Text
        }
        "public" | "is public" | "herkese acik" | "acik" => CaseColumn::Public,
        "followers" | "reach" | "takipci" | "takipci sayisi" | "erisim" => CaseColumn::Followers,
        "created at" | "created" | "time" | "date" | "tarih" | "zaman" | "olusturma"
        | "olusturma zamani" => CaseColumn::CreatedAt,
        "category" | "kategori" => CaseColumn::Category,
        "products" | "product" | "urunler" | "urun" => CaseColumn::Products,
        "resolved at" | "resolved" | "closed at" | "cozuldu" | "cozulme" | "cozulme zamani"
        | "kapanis" | "kapanis zamani" => CaseColumn::ResolvedAt,
        _ => return None,
    })
}

const REQUIRED: [CaseColumn; 4] = [
    CaseColumn::CaseId,
    CaseColumn::Channel,
    CaseColumn::Text,
    CaseColumn::CreatedAt,
];

/// Reads a time: RFC 3339, a whole number of Unix milliseconds, or
/// `YYYY-MM-DD HH:MM[:SS]` / `DD.MM.YYYY HH:MM[:SS]` / a date alone in
/// local time at `offset`.
pub fn parse_case_time(text: &str, offset: FixedOffset) -> Result<DateTime<Utc>, ValueError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(ms) = text.parse::<i64>() {
        return DateTime::from_timestamp_millis(ms).ok_or(ValueError::DateInvalid);
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return offset
                .from_local_datetime(&t)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .ok_or(ValueError::DateInvalid);
        }
    }
    let date = parse_date(text)?;
    offset
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).ok_or(ValueError::DateInvalid)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(ValueError::DateInvalid)
}

/// Reads the case rows of a table (times without a zone at `offset`).
pub fn parse_cases(table: &Table, offset: FixedOffset) -> Parsed<CaseRow> {
    let mut parsed = Parsed::default();
    let columns: Vec<Option<CaseColumn>> = table.headers.iter().map(|h| column_of(h)).collect();
    let missing: Vec<CaseColumn> = REQUIRED
        .into_iter()
        .filter(|c| !columns.contains(&Some(*c)))
        .collect();
    if !missing.is_empty() {
        for c in missing {
            parsed.rejected.push(RowError {
                line: 1,
                column: c.name().to_string(),
                value: String::new(),
                reason: Reason::MissingColumn,
            });
        }
        return parsed;
    }
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if row.cells.len() != table.headers.len() {
            parsed.rejected.push(RowError {
                line: row.line,
                column: String::new(),
                value: String::new(),
                reason: Reason::CellCount {
                    expected: table.headers.len(),
                    found: row.cells.len(),
                },
            });
            continue;
        }
        let mut errors = Vec::new();
        let mut bad = |i: usize, value: &str, reason: Reason| {
            errors.push(RowError {
                line: row.line,
                column: table.headers[i].clone(),
                value: value.to_string(),
                reason,
            });
        };
        let mut case = CaseRow {
            case_id: String::new(),
            customer_ref: None,
            channel: CaseChannel::Web,
            category: None,
            text: String::new(),
            products: Vec::new(),
            public: false,
            followers: 0,
            created_at: DateTime::<Utc>::default(),
            resolved_at: None,
        };
        let mut resolved_cell = None;
        for (i, cell) in row.cells.iter().enumerate() {
            let Some(column) = columns[i] else { continue };
            let cell = cell.trim();
            let required = REQUIRED.contains(&column);
            if cell.is_empty() {
                if required {
                    bad(i, cell, Reason::MissingValue);
                }
                continue;
            }
            match column {
                CaseColumn::CaseId => match first_line.get(cell) {
                    Some(&first) => bad(i, cell, Reason::DuplicateInFile { first_line: first }),
                    None => case.case_id = cell.to_string(),
                },
                CaseColumn::CustomerId => case.customer_ref = Some(cell.to_string()),
                CaseColumn::Channel => match CaseChannel::parse(cell) {
                    Some(c) => case.channel = c,
                    None => bad(i, cell, ValueError::UnknownValue.into()),
                },
                CaseColumn::Text => case.text = cell.to_string(),
                CaseColumn::Public => match parse_consent(cell) {
                    Ok(v) => case.public = v.unwrap_or(false),
                    Err(e) => bad(i, cell, e.into()),
                },
                CaseColumn::Followers => match parse_followers(cell) {
                    Ok(n) => case.followers = n,
                    Err(e) => bad(i, cell, e.into()),
                },
                CaseColumn::CreatedAt => match parse_case_time(cell, offset) {
                    Ok(t) => case.created_at = t,
                    Err(e) => bad(i, cell, e.into()),
                },
                CaseColumn::Category => match Category::parse(cell) {
                    Some(c) => case.category = Some(c),
                    None => bad(i, cell, ValueError::UnknownValue.into()),
                },
                CaseColumn::ResolvedAt => match parse_case_time(cell, offset) {
                    Ok(t) => {
                        case.resolved_at = Some(t);
                        resolved_cell = Some((i, cell));
                    }
                    Err(e) => bad(i, cell, e.into()),
                },
                CaseColumn::Products => {
                    case.products = cell
                        .split('|')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect();
                }
            }
        }
        if let (Some(resolved), Some((i, cell))) = (case.resolved_at, resolved_cell)
            && resolved < case.created_at
        {
            bad(i, cell, Reason::BeforeCreated);
        }
        if errors.is_empty() {
            first_line.insert(case.case_id.clone(), row.line);
            parsed.rows.push((row.line, case));
        } else {
            parsed.rejected.extend(errors);
        }
    }
    parsed
}

/// The due times of a triaged case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub first_response: String,
    pub resolution: String,
}

/// One triaged case, as `ilgi triage --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriagedCase {
    pub case_id: String,
    pub level: Level,
    pub department: String,
    pub reasons: Vec<String>,
    pub due: Due,
}

/// The due times of a case created at `at` with `level`, handled by
/// `department`, as RFC 3339 times in its calendar's offset.
pub fn due_times(
    rules: &RuleSet,
    level: Level,
    department: &super::model::DepartmentId,
    at: DateTime<Utc>,
) -> Result<Due, SlaError> {
    let targets = rules.targets(level);
    let calendar = match targets {
        Some(t) if t.around_the_clock => Calendar::around_the_clock(),
        _ => rules
            .department(department)
            .map_or_else(Calendar::default_tr, |d| d.calendar()),
    };
    let (first, resolution) =
        targets.map_or((0, 0), |t| (t.first_response_minutes, t.resolution_minutes));
    let local = |t: DateTime<Utc>| -> Result<String, SlaError> {
        Ok(calendar
            .to_local(t)?
            .to_rfc3339_opts(SecondsFormat::Secs, true))
    };
    Ok(Due {
        first_response: local(calendar.add_business_minutes(at, first)?)?,
        resolution: local(calendar.add_business_minutes(at, resolution)?)?,
    })
}

/// Triages the rows of a case file in input order. `facts` gives what is
/// known of a customer by their reference; each customer's earlier cases
/// in the file within the rule set's `recent_days` count as recent cases.
/// A row whose due time cannot be computed (a year outside the holiday
/// table) is returned as an error with its line.
pub fn triage_rows(
    rules: &RuleSet,
    rows: &[(usize, CaseRow)],
    facts: &dyn Fn(&str) -> Option<CustomerFacts>,
) -> Vec<Result<TriagedCase, (usize, SlaError)>> {
    let window = i64::from(rules.recent_days) * 86_400_000;
    let mut history: HashMap<&str, Vec<i64>> = HashMap::new();
    for (_, row) in rows {
        if let Some(customer) = &row.customer_ref {
            history
                .entry(customer.as_str())
                .or_default()
                .push(row.created_at.timestamp_millis());
        }
    }
    let prepared = rules.prepare();
    rows.iter()
        .map(|(line, row)| {
            let mut known = row
                .customer_ref
                .as_deref()
                .and_then(facts)
                .unwrap_or_default();
            if let Some(customer) = &row.customer_ref {
                let at = row.created_at.timestamp_millis();
                known.recent_cases = history[customer.as_str()]
                    .iter()
                    .filter(|&&t| t < at && at - t <= window)
                    .count() as u32;
            }
            let complaint = Complaint {
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
            let triage = prepared.triage(&complaint, &known);
            let due = due_times(rules, triage.level, &triage.department, row.created_at)
                .map_err(|e| (*line, e))?;
            Ok(TriagedCase {
                case_id: row.case_id.clone(),
                level: triage.level,
                department: triage.department.to_string(),
                reasons: triage.reasons.into_iter().map(|r| r.name).collect(),
                due,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::read_table;

    fn offset() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    #[test]
    fn a_resolved_past_complaint_is_read_and_one_resolved_before_it_was_made_is_refused() {
        let text = "Kayıt No;Kanal;Şikayet;Tarih;Çözülme zamanı\n\
                    A-1;telefon;3G çekmiyor;2026-11-20 10:00;2026-11-20 15:30\n\
                    A-2;web;Fatura yanlış;2026-11-20 10:00;\n\
                    A-3;web;İade yok;2026-11-20 10:00;2026-11-19 10:00\n\
                    A-4;web;Kargo gecikti;2026-11-20 10:00;dün\n";
        let table = read_table(text, b';').unwrap();
        let parsed = parse_cases(&table, offset());
        let rows: Vec<(&str, Option<DateTime<Utc>>)> = parsed
            .rows
            .iter()
            .map(|(_, r)| (r.case_id.as_str(), r.resolved_at))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "A-1",
                    Some(
                        DateTime::parse_from_rfc3339("2026-11-20T15:30:00+03:00")
                            .unwrap()
                            .with_timezone(&Utc)
                    )
                ),
                ("A-2", None),
            ]
        );
        let rejected: Vec<(usize, &str, &str, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str(), &e.reason))
            .collect();
        assert_eq!(
            rejected,
            [
                (
                    4,
                    "Çözülme zamanı",
                    "2026-11-19 10:00",
                    &Reason::BeforeCreated
                ),
                (
                    5,
                    "Çözülme zamanı",
                    "dün",
                    &Reason::Value(ValueError::DateFormat)
                ),
            ]
        );
    }
}
