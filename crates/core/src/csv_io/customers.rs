//! Customer rows: parsing a mapped table into customers, and the export.
//!
//! The export's columns, in order (English names that
//! [`super::auto_map_customers`] maps back):
//!
//! | column | content |
//! |---|---|
//! | `id` | our id (UUID): a re-import matches it exactly |
//! | `customer_id` | external id |
//! | `first_name`, `last_name` | |
//! | `email`, `phone` | all addresses / numbers, `\|`-separated |
//! | `city`, `tier` (code), `owner` | |
//! | `tags`, `products` | `\|`-separated (a trailing `\|` when one item has a comma) |
//! | `<platform>`, `<platform>_followers` | per platform in [`Platform::ALL`] order: handles and their follower counts, `\|`-separated, same order |
//! | `consent_<channel>` | the consent in force: `yes`, `no` or empty |
//! | `consent_history` | every consent decision as JSON (`[{"channel":"sms","granted":true,"at":…,"source":"…"}]`) |
//! | `created_at` | RFC 3339 UTC with milliseconds (Unix milliseconds outside years 1–9999) |
//! | `custom:<name>` | one column per custom field name used by any exported customer, sorted |
//!
//! Not exported: `updated_at` and `version` (the write path stamps them) and
//! deleted customers. Text values are trimmed on import, empty custom values
//! are not kept, and identities come back grouped by platform.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDateTime, SecondsFormat};

use super::mapping::{CUSTOM_PREFIX, CustomerField, CustomerMapping};
use super::table::Table;
use super::{
    CsvWriter, Parsed, Reason, RowError, clean, join_words, same_email, split_contacts, split_words,
};
use crate::model::{
    Consent, ConsentChannel, Customer, Email, Handle, Id, Phone, Platform, SocialIdentity, Tier,
    ValueError, parse_date,
};

/// The export's fixed columns (custom field columns follow them).
pub const CUSTOMER_HEADERS: [&str; 29] = [
    "id",
    "customer_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "tier",
    "tags",
    "products",
    "owner",
    "instagram",
    "instagram_followers",
    "x",
    "x_followers",
    "facebook",
    "facebook_followers",
    "tiktok",
    "tiktok_followers",
    "youtube",
    "youtube_followers",
    "linkedin",
    "linkedin_followers",
    "consent_email",
    "consent_sms",
    "consent_call",
    "consent_whatsapp",
    "consent_history",
    "created_at",
];

/// The source recorded on consent decisions read from `consent_<channel>`
/// columns.
const IMPORT_SOURCE: &str = "import";

/// Writes customers as CSV (see the module docs for the columns). Deleted
/// customers are skipped.
pub fn export_customers(customers: &[Customer]) -> String {
    export_customers_with(customers, &[], |_| Vec::new())
}

/// Like [`export_customers`], with `extra` columns of computed figures
/// appended after the customer's own (a segment's member list adds CLV,
/// P(alive)…). Their headers are written `computed:<name>`, which imports
/// ignore, so the file still re-imports as the same customers. `cells` gives
/// a customer's values in the same order (missing cells are written empty);
/// they are neutralised against formula injection like every other cell.
pub fn export_customers_with(
    customers: &[Customer],
    extra: &[&str],
    cells: impl Fn(&Customer) -> Vec<String>,
) -> String {
    let mut names = BTreeSet::new();
    CustomerCsv::note_custom_names(&mut names, customers);
    let csv = CustomerCsv::new(names, extra);
    let mut out = csv.header();
    out.push_str(&csv.rows(customers, cells));
    out
}

/// The customer export written in pieces, for files too large to build as
/// one string: the app reads customers page by page, once to collect the
/// custom field names ([`CustomerCsv::note_custom_names`]: the header needs
/// all of them), then again to write each page's [`CustomerCsv::rows`].
/// The header and the pieces, concatenated, equal [`export_customers_with`]
/// on all the customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerCsv {
    /// Sorted, no duplicates.
    custom_names: Vec<String>,
    extra: Vec<String>,
}

impl CustomerCsv {
    /// Adds the custom field names of the live `customers` to `names`.
    pub fn note_custom_names(names: &mut BTreeSet<String>, customers: &[Customer]) {
        for c in customers.iter().filter(|c| !c.deleted) {
            for name in c.custom.keys() {
                if !names.contains(name) {
                    names.insert(name.clone());
                }
            }
        }
    }

    /// An export with a column per name in `custom_names` and the computed
    /// `extra` columns.
    pub fn new(custom_names: BTreeSet<String>, extra: &[&str]) -> CustomerCsv {
        CustomerCsv {
            custom_names: custom_names.into_iter().collect(),
            extra: extra.iter().map(|e| e.to_string()).collect(),
        }
    }

    /// The header line (with its line break).
    pub fn header(&self) -> String {
        let mut w = CsvWriter::with_capacity(1024);
        for header in CUSTOMER_HEADERS {
            w.cell(header);
        }
        let mut scratch = String::new();
        for name in &self.custom_names {
            scratch.clear();
            scratch.push_str(CUSTOM_PREFIX);
            scratch.push_str(name);
            w.cell(&scratch);
        }
        for header in &self.extra {
            scratch.clear();
            scratch.push_str(super::mapping::COMPUTED_PREFIX);
            scratch.push_str(header);
            w.cell(&scratch);
        }
        w.end_record();
        w.finish()
    }

    /// The lines of the live `customers` (deleted ones are skipped), with
    /// `cells` giving the computed columns' values (see
    /// [`export_customers_with`]). A custom field whose name was not noted
    /// is left out.
    pub fn rows(&self, customers: &[Customer], cells: impl Fn(&Customer) -> Vec<String>) -> String {
        let mut w = CsvWriter::with_capacity(256 * customers.len());
        let mut scratch = String::new();
        for c in customers.iter().filter(|c| !c.deleted) {
            write_customer(&mut w, c, &self.custom_names, &mut scratch);
            if !self.extra.is_empty() {
                let values = cells(c);
                for i in 0..self.extra.len() {
                    w.cell(values.get(i).map_or("", String::as_str));
                }
            }
            w.end_record();
        }
        w.finish()
    }
}

fn write_customer(w: &mut CsvWriter, c: &Customer, custom: &[String], s: &mut String) {
    let joined = |s: &mut String, items: &mut dyn Iterator<Item = &str>| {
        s.clear();
        for (i, item) in items.enumerate() {
            if i > 0 {
                s.push('|');
            }
            s.push_str(item);
        }
    };
    w.cell(&c.id.to_string());
    w.cell(c.external_id.as_deref().unwrap_or(""));
    w.cell(&c.first_name);
    w.cell(&c.last_name);
    joined(s, &mut c.emails.iter().map(Email::as_str));
    w.cell(s);
    joined(s, &mut c.phones.iter().map(Phone::as_str));
    w.cell(s);
    w.cell(c.city.as_deref().unwrap_or(""));
    w.cell(c.tier.code());
    w.cell(&join_words(&c.tags));
    w.cell(&join_words(&c.products));
    w.cell(c.owner.as_deref().unwrap_or(""));
    for p in Platform::ALL {
        let on = || {
            c.identities
                .iter()
                .filter(move |i| i.handle.platform() == p)
        };
        joined(s, &mut on().map(|i| i.handle.name()));
        w.cell(s);
        let followers: Vec<String> = on().map(|i| i.followers.to_string()).collect();
        joined(s, &mut followers.iter().map(String::as_str));
        w.cell(s);
    }
    for ch in ConsentChannel::ALL {
        w.cell(match c.consent(ch) {
            Some(consent) if consent.granted => "yes",
            Some(_) => "no",
            None => "",
        });
    }
    if c.consents.is_empty() {
        w.cell("");
    } else {
        // Serialising plain structs of strings, numbers and enums cannot fail.
        w.cell(&serde_json::to_string(&c.consents).unwrap_or_default());
    }
    w.cell(&format_time(c.created_at));
    for name in custom {
        w.cell(c.custom.get(name).map_or("", String::as_str));
    }
}

/// Unix milliseconds as RFC 3339 UTC (`2024-03-01T09:30:00.000Z`), or as the
/// number itself outside the years 1–9999.
fn format_time(ms: i64) -> String {
    use chrono::Datelike;
    match DateTime::from_timestamp_millis(ms) {
        Some(t) if (1..=9999).contains(&t.year()) => t.to_rfc3339_opts(SecondsFormat::Millis, true),
        _ => ms.to_string(),
    }
}

/// Reads a time as Unix milliseconds: a whole number of milliseconds, RFC
/// 3339, `YYYY-MM-DD HH:MM[:SS]`, `DD.MM.YYYY HH:MM[:SS]` or a date alone.
/// Times without a zone are read as UTC.
pub(crate) fn parse_time(text: &str) -> Result<i64, ValueError> {
    if let Ok(ms) = text.parse::<i64>() {
        return Ok(ms);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp_millis());
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc().timestamp_millis());
        }
    }
    let date = parse_date(text)?;
    Ok(date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis()))
}

/// Reads a consent cell: `None` when empty.
pub(crate) fn parse_consent(text: &str) -> Result<Option<bool>, ValueError> {
    const YES: [&str; 11] = [
        "yes", "y", "evet", "e", "1", "true", "granted", "var", "izinli", "onay", "onayli",
    ];
    const NO: [&str; 12] = [
        "no",
        "n",
        "hayir",
        "h",
        "0",
        "false",
        "withdrawn",
        "denied",
        "yok",
        "izinsiz",
        "ret",
        "red",
    ];
    if text.is_empty() {
        return Ok(None);
    }
    // ASCII cells (every export, most files) are compared without folding,
    // which would allocate twice per cell.
    let folded;
    let text = if text.is_ascii() {
        text
    } else {
        folded = crate::text::fold(text);
        folded.as_str()
    };
    if YES.iter().any(|w| w.eq_ignore_ascii_case(text)) {
        Ok(Some(true))
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(text)) {
        Ok(Some(false))
    } else {
        Err(ValueError::UnknownValue)
    }
}

/// Reads a tier: its code directly (as exports write it), anything else
/// through [`Tier::parse`].
fn parse_tier(text: &str) -> Result<Tier, ValueError> {
    match Tier::ALL.into_iter().find(|t| t.code() == text) {
        Some(tier) => Ok(tier),
        None => Tier::parse(text),
    }
}

/// Reads a follower count: digits, with `.` `,` or spaces grouping them.
pub(crate) fn parse_followers(text: &str) -> Result<u64, ValueError> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueError::Number);
    }
    digits.parse().map_err(|_| ValueError::Number)
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn first_non_empty(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_string());
    }
}

/// Everything read from one row before it becomes a customer.
#[derive(Default)]
struct RowValues {
    id: Option<Id>,
    external_id: Option<String>,
    first: Option<String>,
    last: Option<String>,
    full: Option<String>,
    emails: Vec<Email>,
    phones: Vec<Phone>,
    city: Option<String>,
    tier: Option<Tier>,
    tags: Vec<String>,
    products: Vec<String>,
    owner: Option<String>,
    /// Handles per platform, in `Platform::ALL` order.
    handles: [Vec<Handle>; 6],
    followers: [Vec<u64>; 6],
    /// The column (index) each platform's followers came from.
    followers_column: [Option<usize>; 6],
    consent: [Option<bool>; 4],
    history: Vec<Consent>,
    created_at: Option<i64>,
    custom: BTreeMap<String, String>,
}

fn platform_index(p: Platform) -> usize {
    Platform::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

/// Turns the rows of a mapped customer table into customers.
///
/// A row is rejected when any mapped cell is invalid, and then every bad
/// cell (every bad item of a list cell) is reported. A customer needs a
/// first, last or full name (a full name is split at its last space). A row
/// whose cell count differs from the header's is rejected, except for extra
/// cells that are all blank. Without a mapped name column, nothing is
/// parsed and one [`Reason::MissingColumn`] is reported on line 1.
///
/// New customers get `new_id()` unless the file has our id; `created_at`
/// defaults to `now_ms`, and `consent_<channel>` cells that differ from the
/// consent in force add a decision at `now_ms` with source `import`.
pub fn parse_customers(
    table: &Table,
    mapping: &CustomerMapping,
    now_ms: i64,
    new_id: &mut dyn FnMut() -> Id,
) -> Parsed<Customer> {
    let mut parsed = Parsed::default();
    let columns: Vec<(usize, &CustomerField)> = (0..table.headers.len())
        .map(|i| (i, mapping.field(i)))
        .filter(|(_, f)| **f != CustomerField::Ignore)
        .collect();
    let name_column = columns.iter().find(|(_, f)| {
        matches!(
            f,
            CustomerField::FirstName | CustomerField::LastName | CustomerField::FullName
        )
    });
    let Some(&(name_column, _)) = name_column else {
        parsed.rejected.push(RowError {
            line: 1,
            column: "first_name".into(),
            value: String::new(),
            reason: Reason::MissingColumn,
        });
        return parsed;
    };
    parsed.rows.reserve(table.rows.len());
    let mut errors = Vec::new();
    for row in &table.rows {
        let line = row.line;
        if let Some(e) = cell_count_error(table.headers.len(), &row.cells, line) {
            parsed.rejected.push(e);
            continue;
        }
        let mut error = |column: usize, value: &str, reason: Reason| {
            errors.push(RowError {
                line,
                column: table.headers[column].clone(),
                value: value.to_string(),
                reason,
            })
        };
        let mut v = RowValues::default();
        for &(i, field) in &columns {
            let cell = clean(row.cells.get(i).map_or("", String::as_str));
            read_cell(&mut v, i, field, cell, &mut error);
        }
        for p in 0..Platform::ALL.len() {
            if v.followers[p].len() > v.handles[p].len()
                && let Some(column) = v.followers_column[p]
            {
                error(
                    column,
                    clean(&row.cells[column]),
                    Reason::FollowersWithoutHandle,
                );
            }
        }
        let (first, last) = match (v.first.take(), v.last.take(), v.full.take()) {
            (None, None, Some(full)) => match full.rsplit_once(char::is_whitespace) {
                Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
                None => (full, String::new()),
            },
            (first, last, _) => (first.unwrap_or_default(), last.unwrap_or_default()),
        };
        if first.is_empty() && last.is_empty() {
            error(name_column, "", Reason::MissingValue);
        }
        if !errors.is_empty() {
            parsed.rejected.append(&mut errors);
            continue;
        }
        let id = v.id.unwrap_or_else(&mut *new_id);
        parsed.rows.push((line, build(v, id, first, last, now_ms)));
    }
    parsed
}

/// The error for a row whose cell count differs from the header's (extra
/// blank cells, as a trailing delimiter makes, are fine).
pub(super) fn cell_count_error(expected: usize, cells: &[String], line: usize) -> Option<RowError> {
    let found = cells.len();
    let extra_blank = found > expected && cells[expected..].iter().all(|c| c.trim().is_empty());
    (found != expected && !extra_blank).then(|| RowError {
        line,
        column: String::new(),
        value: cells.join(" | "),
        reason: Reason::CellCount { expected, found },
    })
}

fn read_cell(
    v: &mut RowValues,
    column: usize,
    field: &CustomerField,
    cell: &str,
    error: &mut dyn FnMut(usize, &str, Reason),
) {
    use CustomerField as F;
    match field {
        F::Ignore => {}
        F::Id if cell.is_empty() => {}
        F::Id => match cell.parse::<Id>() {
            Ok(id) => v.id = Some(id),
            Err(_) => error(column, cell, Reason::BadId),
        },
        F::ExternalId => first_non_empty(&mut v.external_id, cell),
        F::FirstName => first_non_empty(&mut v.first, cell),
        F::LastName => first_non_empty(&mut v.last, cell),
        F::FullName => first_non_empty(&mut v.full, cell),
        F::Email => {
            for item in split_contacts(cell) {
                match Email::parse(item) {
                    Ok(e) if !v.emails.iter().any(|x| same_email(x, &e)) => v.emails.push(e),
                    Ok(_) => {}
                    Err(e) => error(column, item, e.into()),
                }
            }
        }
        F::Phone => {
            for item in split_contacts(cell) {
                match Phone::parse(item) {
                    Ok(p) if !v.phones.contains(&p) => v.phones.push(p),
                    Ok(_) => {}
                    Err(e) => error(column, item, e.into()),
                }
            }
        }
        F::City => first_non_empty(&mut v.city, cell),
        F::Tier if cell.is_empty() => {}
        F::Tier => match parse_tier(cell) {
            Ok(t) => v.tier = Some(t),
            Err(e) => error(column, cell, e.into()),
        },
        F::Tags => split_words(cell).for_each(|t| push_unique(&mut v.tags, t)),
        F::Products => split_words(cell).for_each(|t| push_unique(&mut v.products, t)),
        F::Owner => first_non_empty(&mut v.owner, cell),
        F::Handle(p) => {
            let handles = &mut v.handles[platform_index(*p)];
            for item in split_contacts(cell) {
                match Handle::parse(*p, item) {
                    Ok(h) => handles.push(h),
                    Err(e) => error(column, item, e.into()),
                }
            }
        }
        F::Followers(p) => {
            let i = platform_index(*p);
            v.followers_column[i] = Some(column);
            // Commas and dots group thousands here, so only `|` and `;`
            // separate counts.
            for item in cell.split(['|', ';']).map(str::trim) {
                if item.is_empty() && cell.is_empty() {
                    continue;
                }
                match parse_followers(item) {
                    Ok(n) => v.followers[i].push(n),
                    Err(e) => error(column, item, e.into()),
                }
            }
        }
        F::Consent(ch) => match parse_consent(cell) {
            Ok(Some(granted)) => {
                let i = ConsentChannel::ALL
                    .iter()
                    .position(|c| c == ch)
                    .unwrap_or(0);
                v.consent[i] = Some(granted);
            }
            Ok(None) => {}
            Err(e) => error(column, cell, e.into()),
        },
        F::ConsentHistory if cell.is_empty() => {}
        F::ConsentHistory => match serde_json::from_str::<Vec<Consent>>(cell) {
            Ok(list) => v.history.extend(list),
            Err(_) => error(column, cell, Reason::ConsentHistory),
        },
        F::CreatedAt if cell.is_empty() => {}
        F::CreatedAt => match parse_time(cell) {
            Ok(ms) => v.created_at = Some(ms),
            Err(e) => error(column, cell, e.into()),
        },
        F::Custom(name) => {
            if !cell.is_empty() {
                v.custom.insert(name.clone(), cell.to_string());
            }
        }
    }
}

fn build(v: RowValues, id: Id, first: String, last: String, now_ms: i64) -> Customer {
    let mut c = Customer::new(id, &first, &last);
    c.external_id = v.external_id;
    c.emails = v.emails;
    c.phones = v.phones;
    c.city = v.city;
    c.tier = v.tier.unwrap_or_default();
    c.tags = v.tags;
    c.products = v.products;
    c.owner = v.owner;
    for (handles, followers) in v.handles.into_iter().zip(v.followers) {
        for (i, handle) in handles.into_iter().enumerate() {
            let followers = followers.get(i).copied().unwrap_or(0);
            match c.identities.iter_mut().find(|x| x.handle == handle) {
                Some(known) => known.followers = known.followers.max(followers),
                None => c.identities.push(SocialIdentity {
                    handle,
                    followers,
                    source: None,
                }),
            }
        }
    }
    c.consents = v.history;
    for (ch, wanted) in ConsentChannel::ALL.into_iter().zip(v.consent) {
        if let Some(granted) = wanted
            && c.consent(ch).map(|x| x.granted) != Some(granted)
        {
            c.consents.push(Consent {
                channel: ch,
                granted,
                at: now_ms,
                source: IMPORT_SOURCE.into(),
            });
        }
    }
    c.custom = v.custom;
    c.created_at = v.created_at.unwrap_or(now_ms);
    c.updated_at = now_ms;
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::{auto_map_customers, decode, detect_delimiter, read_table};

    fn ids() -> impl FnMut() -> Id {
        let mut n = 0u8;
        move || {
            n += 1;
            Id::v7(1_700_000_000_000, [n; 10])
        }
    }

    fn parse(text: &str) -> Parsed<Customer> {
        let text = decode(text.as_bytes()).text;
        let table = read_table(&text, detect_delimiter(&text)).unwrap();
        let mapping = auto_map_customers(&table.headers);
        parse_customers(&table, &mapping, 5_000, &mut ids())
    }

    #[test]
    fn a_turkish_excel_file_becomes_customers() {
        let parsed = parse(
            "Müşteri No;Adı Soyadı;E-posta;Telefon;Şehir;Üyelik;Etiketler;Instagram;Instagram Takipçi;SMS İzni;Doğum Günü\r\n\
             M-1;Ayşe Nur Yılmaz;ayse@ornek.com, AYSE@ornek.com;0532 123 45 67;İzmir;Altın;vip|iphone;@ayse.nur;12.500;evet;01.05\r\n",
        );
        assert_eq!(parsed.rejected, []);
        let (line, c) = &parsed.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(c.external_id.as_deref(), Some("M-1"));
        assert_eq!(
            (c.first_name.as_str(), c.last_name.as_str()),
            ("Ayşe Nur", "Yılmaz")
        );
        assert_eq!(c.emails.len(), 1);
        assert_eq!(c.phones[0].as_str(), "+905321234567");
        assert_eq!(c.city.as_deref(), Some("İzmir"));
        assert_eq!(c.tier, Tier::Gold);
        assert_eq!(c.tags, ["vip", "iphone"]);
        assert_eq!(c.identities[0].handle.key(), "instagram:ayse.nur");
        assert_eq!(c.identities[0].followers, 12_500);
        let sms = c.consent(ConsentChannel::Sms).unwrap();
        assert_eq!(
            (sms.granted, sms.at, sms.source.as_str()),
            (true, 5_000, "import")
        );
        assert_eq!(
            c.custom.get("Doğum Günü").map(String::as_str),
            Some("01.05")
        );
        assert_eq!(c.created_at, 5_000);
    }

    #[test]
    fn a_file_with_three_bad_rows_reports_exactly_their_lines_and_columns() {
        let parsed = parse(
            "ad,soyad,email,telefon,seviye\n\
             Ali,Veli,ali@ornek.com,05321234567,gold\n\
             Ayşe,Kaya,ayse-ornek.com,05321234568,\n\
             Can,Demir,can@ornek.com,123,elmas\n\
             Ece,Ak,ece@ornek.com,,silver\n\
             ,,,,\n\
             ,,x@ornek.com,,\n",
        );
        assert_eq!(parsed.rows.len(), 2);
        let found: Vec<(usize, &str, &str, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str(), &e.reason))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    3,
                    "email",
                    "ayse-ornek.com",
                    &Reason::Value(ValueError::EmailNoAt)
                ),
                (4, "telefon", "123", &Reason::Value(ValueError::PhoneLength)),
                (
                    4,
                    "seviye",
                    "elmas",
                    &Reason::Value(ValueError::UnknownValue)
                ),
                (7, "ad", "", &Reason::MissingValue),
            ]
        );
    }

    #[test]
    fn a_ragged_row_is_rejected_with_its_cell_count() {
        let parsed = parse("ad;soyad\nAli;Veli;fazla\nAyşe\nCan;Demir;\n");
        assert_eq!(parsed.rows.len(), 1, "a trailing blank cell is fine");
        let reasons: Vec<(usize, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, &e.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    2,
                    &Reason::CellCount {
                        expected: 2,
                        found: 3
                    }
                ),
                (
                    3,
                    &Reason::CellCount {
                        expected: 2,
                        found: 1
                    }
                ),
            ]
        );
    }

    #[test]
    fn without_a_name_column_nothing_is_parsed() {
        let parsed = parse("email\nali@ornek.com\n");
        assert!(parsed.rows.is_empty());
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(parsed.rejected[0].reason, Reason::MissingColumn);
        assert_eq!(parsed.rejected[0].line, 1);
    }

    #[test]
    fn bad_handles_followers_ids_consents_and_times_are_each_reported() {
        let parsed = parse(
            "id,name,x,x_followers,consent_email,consent_history,created_at\n\
             nope,Ali Veli,a b|ok,1|2|3,belki,{,dün\n",
        );
        let reasons: Vec<(&str, &str, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.column.as_str(), e.value.as_str(), &e.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("id", "nope", &Reason::BadId),
                ("x", "a b", &Reason::Value(ValueError::HandleChars)),
                (
                    "consent_email",
                    "belki",
                    &Reason::Value(ValueError::UnknownValue)
                ),
                ("consent_history", "{", &Reason::ConsentHistory),
                ("created_at", "dün", &Reason::Value(ValueError::DateFormat)),
                ("x_followers", "1|2|3", &Reason::FollowersWithoutHandle),
            ]
        );
    }

    #[test]
    fn times_are_read_in_every_documented_form() {
        let ms = 1_709_285_400_000; // 2024-03-01T09:30:00Z
        for text in [
            "1709285400000",
            "2024-03-01T09:30:00.000Z",
            "2024-03-01T12:30:00+03:00",
            "2024-03-01 09:30",
            "01.03.2024 09:30:00",
        ] {
            assert_eq!(parse_time(text), Ok(ms), "{text}");
        }
        assert_eq!(parse_time("01.03.2024"), Ok(1_709_251_200_000));
        assert_eq!(format_time(ms), "2024-03-01T09:30:00.000Z");
        assert_eq!(format_time(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn a_consent_column_equal_to_the_history_adds_no_decision() {
        let parsed = parse(
            "name,consent_sms,consent_history\n\
             Ali,yes,\"[{\"\"channel\"\":\"\"sms\"\",\"\"granted\"\":true,\"\"at\"\":7,\"\"source\"\":\"\"web\"\"}]\"\n\
             Can,hayır,\"[{\"\"channel\"\":\"\"sms\"\",\"\"granted\"\":true,\"\"at\"\":7,\"\"source\"\":\"\"web\"\"}]\"\n",
        );
        assert_eq!(parsed.rejected, []);
        assert_eq!(parsed.rows[0].1.consents.len(), 1);
        let can = &parsed.rows[1].1;
        assert_eq!(can.consents.len(), 2);
        assert!(!can.consent(ConsentChannel::Sms).unwrap().granted);
    }

    #[test]
    fn export_writes_the_documented_header_and_neutralises_cells() {
        let mut c = Customer::new(Id::v7(1, [1; 10]), "=Ali", "Veli, Jr.");
        c.custom.insert("not".into(), "+1".into());
        c.tags = vec!["a, b".into()];
        let text = export_customers(&[c]);
        let mut lines = text.split("\r\n");
        let header = lines.next().unwrap();
        assert_eq!(header, format!("{},custom:not", CUSTOMER_HEADERS.join(",")));
        let row = lines.next().unwrap();
        assert!(row.contains(",'=Ali,\"Veli, Jr.\","), "{row}");
        assert!(row.contains(",\"a, b|\","), "{row}");
        assert!(row.ends_with(",'+1"), "{row}");
    }
}
