//! Purchase rows: parsing a mapped table into purchases, and the export.
//!
//! The export's columns, in order: `id` (our id), `order_id` (external id),
//! `customer_uuid` (our customer id), `customer_id` (what the caller's
//! `customer_ref` gives, meant to be the customer's external id), `date`
//! (`YYYY-MM-DD`), `amount` (`1234.50`), `currency` (ISO code), `sku`,
//! `product`, `category`, `channel` (code). Deleted purchases are skipped.

use std::collections::HashMap;

use super::customers::cell_count_error;
use super::mapping::{CustomerKey, PurchaseField, PurchaseMapping};
use super::table::Table;
use super::{CsvWriter, Parsed, Reason, RowError, clean};
use crate::model::{
    Currency, Email, Id, Money, Phone, Purchase, SalesChannel, ValueError, parse_date,
};

/// The export's columns.
pub const PURCHASE_HEADERS: [&str; 11] = [
    "id",
    "order_id",
    "customer_uuid",
    "customer_id",
    "date",
    "amount",
    "currency",
    "sku",
    "product",
    "category",
    "channel",
];

/// How a purchase row names its customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CustomerRef {
    Id(Id),
    ExternalId(String),
    Email(Email),
    Phone(Phone),
}

impl CustomerRef {
    /// The key under which [`super::customer_match_keys`] lists a customer
    /// with this id, external id, email or phone: resolving a reference can
    /// be one lookup in an index built from those keys.
    pub fn match_key(&self) -> String {
        match self {
            CustomerRef::Id(id) => format!("id:{id}"),
            CustomerRef::ExternalId(ext) => format!("ext:{ext}"),
            CustomerRef::Email(e) => format!("email:{}", e.match_key()),
            CustomerRef::Phone(p) => format!("phone:{}", p.as_str()),
        }
    }
}

/// Writes purchases as CSV (see the module docs for the columns);
/// `customer_ref` fills the `customer_id` column.
pub fn export_purchases(
    purchases: &[Purchase],
    customer_ref: &dyn Fn(Id) -> Option<String>,
) -> String {
    let mut out = purchase_csv_header();
    out.push_str(&purchase_csv_rows(purchases, customer_ref));
    out
}

/// The header line of the purchase export (with its line break): the
/// first piece of an export written page by page.
pub fn purchase_csv_header() -> String {
    let mut w = CsvWriter::with_capacity(160);
    w.record(PURCHASE_HEADERS);
    w.finish()
}

/// The lines of the live `purchases` (deleted ones are skipped): a piece
/// of an export written page by page. [`purchase_csv_header`] and the
/// pieces, concatenated, equal [`export_purchases`] on all the purchases.
pub fn purchase_csv_rows(
    purchases: &[Purchase],
    customer_ref: &dyn Fn(Id) -> Option<String>,
) -> String {
    let mut w = CsvWriter::with_capacity(128 * purchases.len());
    for p in purchases.iter().filter(|p| !p.deleted) {
        w.cell(&p.id.to_string());
        w.cell(p.external_id.as_deref().unwrap_or(""));
        w.cell(&p.customer_id.to_string());
        w.cell(customer_ref(p.customer_id).as_deref().unwrap_or(""));
        w.cell(&p.date.format("%Y-%m-%d").to_string());
        w.cell(&p.amount.to_plain());
        w.cell(p.currency.as_str());
        w.cell(&p.sku);
        w.cell(&p.product);
        w.cell(&p.category);
        w.cell(p.channel.code());
        w.end_record();
    }
    w.finish()
}

/// Turns the rows of a mapped purchase table into purchases.
///
/// A purchase needs a customer reference that `resolve` finds (with several
/// reference columns, the first that resolves wins), a date (`YYYY-MM-DD`,
/// `DD.MM.YYYY`…) and an amount (either decimal notation); the currency
/// defaults to TRY and the channel to store. A row is rejected when any
/// mapped cell is invalid, with every bad cell reported; a row repeating an
/// earlier row's id or external id is rejected as a duplicate. Missing
/// required columns are reported once each on line 1, and then nothing is
/// parsed.
pub fn parse_purchases(
    table: &Table,
    mapping: &PurchaseMapping,
    resolve: &dyn Fn(&CustomerRef) -> Option<Id>,
    new_id: &mut dyn FnMut() -> Id,
) -> Parsed<Purchase> {
    let mut parsed = Parsed::default();
    let columns: Vec<(usize, &PurchaseField)> = (0..table.headers.len())
        .map(|i| (i, mapping.field(i)))
        .filter(|(_, f)| **f != PurchaseField::Ignore)
        .collect();
    let has = |pred: fn(&PurchaseField) -> bool| columns.iter().any(|(_, f)| pred(f));
    for (present, name) in [
        (
            has(|f| matches!(f, PurchaseField::Customer(_))),
            "customer_id",
        ),
        (has(|f| *f == PurchaseField::Date), "date"),
        (has(|f| *f == PurchaseField::Amount), "amount"),
    ] {
        if !present {
            parsed.rejected.push(RowError {
                line: 1,
                column: name.into(),
                value: String::new(),
                reason: Reason::MissingColumn,
            });
        }
    }
    if !parsed.rejected.is_empty() {
        return parsed;
    }
    parsed.rows.reserve(table.rows.len());
    let mut seen_ids: HashMap<Id, usize> = HashMap::new();
    let mut seen_external: HashMap<String, usize> = HashMap::new();
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
        let mut id = None;
        let mut external_id: Option<(usize, &str)> = None;
        // The reference cells in column order, with their column.
        let mut refs: Vec<(usize, CustomerRef)> = Vec::new();
        let mut first_ref_column = None;
        let mut bad_ref = false;
        let mut date = None;
        let mut amount = None;
        let mut currency = None;
        let mut channel = None;
        let (mut sku, mut product, mut category) = ("", "", "");
        for &(i, field) in &columns {
            let cell = clean(row.cells.get(i).map_or("", String::as_str));
            match field {
                PurchaseField::Ignore => {}
                PurchaseField::Id if cell.is_empty() => {}
                PurchaseField::Id => match cell.parse::<Id>() {
                    Ok(parsed) => id = Some((i, parsed)),
                    Err(_) => error(i, cell, Reason::BadId),
                },
                PurchaseField::ExternalId => {
                    if external_id.is_none() && !cell.is_empty() {
                        external_id = Some((i, cell));
                    }
                }
                PurchaseField::Customer(key) => {
                    first_ref_column.get_or_insert(i);
                    if cell.is_empty() {
                        continue;
                    }
                    let reference = match key {
                        CustomerKey::Id => {
                            cell.parse().map(CustomerRef::Id).map_err(|_| Reason::BadId)
                        }
                        CustomerKey::ExternalId => Ok(CustomerRef::ExternalId(cell.to_string())),
                        CustomerKey::Email => Email::parse(cell)
                            .map(CustomerRef::Email)
                            .map_err(Reason::from),
                        CustomerKey::Phone => Phone::parse(cell)
                            .map(CustomerRef::Phone)
                            .map_err(Reason::from),
                    };
                    match reference {
                        Ok(r) => refs.push((i, r)),
                        Err(reason) => {
                            bad_ref = true;
                            error(i, cell, reason)
                        }
                    }
                }
                PurchaseField::Date => match parse_date(cell) {
                    Ok(d) => date = Some(d),
                    Err(ValueError::Empty) => error(i, cell, Reason::MissingValue),
                    Err(e) => error(i, cell, e.into()),
                },
                PurchaseField::Amount => match Money::parse(cell) {
                    Ok(m) => amount = Some(m),
                    Err(ValueError::Empty) => error(i, cell, Reason::MissingValue),
                    Err(e) => error(i, cell, e.into()),
                },
                PurchaseField::Currency if cell.is_empty() => {}
                PurchaseField::Currency => match Currency::parse(cell) {
                    Ok(c) => currency = Some(c),
                    Err(e) => error(i, cell, e.into()),
                },
                PurchaseField::Sku => sku = cell,
                PurchaseField::Product => product = cell,
                PurchaseField::Category => category = cell,
                PurchaseField::Channel => match SalesChannel::parse(cell) {
                    Ok(c) => channel = Some(c),
                    Err(e) => error(i, cell, e.into()),
                },
            }
        }
        let mut customer_id = None;
        if !bad_ref && let Some(column) = first_ref_column {
            match refs.first() {
                None => error(column, "", Reason::MissingValue),
                Some((column, _)) => {
                    customer_id = refs.iter().find_map(|(_, r)| resolve(r));
                    if customer_id.is_none() {
                        let value = clean(&row.cells[*column]);
                        error(*column, value, Reason::UnknownCustomer);
                    }
                }
            }
        }
        if let Some((column, id)) = id
            && let Some(&first_line) = seen_ids.get(&id)
        {
            error(
                column,
                &id.to_string(),
                Reason::DuplicateInFile { first_line },
            );
        }
        if let Some((column, ext)) = external_id
            && let Some(&first_line) = seen_external.get(ext)
        {
            error(column, ext, Reason::DuplicateInFile { first_line });
        }
        let (Some(customer_id), Some(date), Some(amount), true) =
            (customer_id, date, amount, errors.is_empty())
        else {
            parsed.rejected.append(&mut errors);
            continue;
        };
        let id = match id {
            Some((_, id)) => id,
            None => new_id(),
        };
        seen_ids.insert(id, line);
        if let Some((_, ext)) = external_id {
            seen_external.insert(ext.to_string(), line);
        }
        parsed.rows.push((
            line,
            Purchase {
                id,
                customer_id,
                external_id: external_id.map(|(_, ext)| ext.to_string()),
                date,
                amount,
                currency: currency.unwrap_or_default(),
                sku: sku.to_string(),
                product: product.to_string(),
                category: category.to_string(),
                channel: channel.unwrap_or_default(),
                updated_at: 0,
                version: Default::default(),
                stamps: Default::default(),
                deleted: false,
            },
        ));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::csv_io::{auto_map_purchases, decode, detect_delimiter, read_table};

    fn customer(n: u8) -> Id {
        Id::v7(1_600_000_000_000, [n; 10])
    }

    /// Knows customer M-1 (external id) and ayse@ornek.com.
    fn resolve(r: &CustomerRef) -> Option<Id> {
        match r.match_key().as_str() {
            "ext:M-1" => Some(customer(1)),
            "email:ayse@ornek.com" => Some(customer(2)),
            _ => None,
        }
    }

    fn parse(text: &str) -> Parsed<Purchase> {
        let text = decode(text.as_bytes()).text;
        let table = read_table(&text, detect_delimiter(&text)).unwrap();
        let mapping = auto_map_purchases(&table.headers);
        let mut n = 0u8;
        let mut new_id = || {
            n += 1;
            Id::v7(1_700_000_000_000, [n; 10])
        };
        parse_purchases(&table, &mapping, &resolve, &mut new_id)
    }

    #[test]
    fn turkish_dates_and_decimal_commas_are_read() {
        let parsed = parse(
            "Sipariş No;Müşteri No;Sipariş Tarihi;Tutar;Para Birimi;Ürün;Kanal\r\n\
             S-1;M-1;01.03.2024;1.234,50;;Kılıf;Mağaza\r\n\
             S-2;M-1;2024-03-02;99,9;USD;Şarj aleti;online\r\n",
        );
        assert_eq!(parsed.rejected, []);
        let (line, p) = &parsed.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(p.customer_id, customer(1));
        assert_eq!(p.external_id.as_deref(), Some("S-1"));
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert_eq!(p.amount.minor(), 123_450);
        assert_eq!(p.currency, Currency::TRY);
        assert_eq!(p.product, "Kılıf");
        assert_eq!(p.channel, SalesChannel::Store);
        let p = &parsed.rows[1].1;
        assert_eq!((p.amount.minor(), p.currency.as_str()), (9_990, "USD"));
        assert_eq!(p.channel, SalesChannel::Online);
    }

    #[test]
    fn an_unknown_or_missing_customer_rejects_the_row() {
        let parsed = parse(
            "customer_id,customer_email,date,amount\n\
             M-9,,2024-01-01,10\n\
             M-9,ayse@ornek.com,2024-01-01,10\n\
             ,,2024-01-01,10\n\
             ,not-an-email,2024-01-01,10\n",
        );
        assert_eq!(parsed.rows.len(), 1, "the second row resolves by email");
        assert_eq!(parsed.rows[0].1.customer_id, customer(2));
        let found: Vec<(usize, &str, &str, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str(), &e.reason))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "customer_id", "M-9", &Reason::UnknownCustomer),
                (4, "customer_id", "", &Reason::MissingValue),
                (
                    5,
                    "customer_email",
                    "not-an-email",
                    &Reason::Value(ValueError::EmailNoAt)
                ),
            ]
        );
    }

    #[test]
    fn every_bad_cell_of_a_purchase_row_is_reported() {
        let parsed = parse(
            "id,customer_id,date,amount,currency,channel\n\
             x,M-1,31.02.2024,12,345,ABCD,fax\n",
        );
        assert!(parsed.rows.is_empty());
        let reasons: Vec<&Reason> = parsed.rejected.iter().map(|e| &e.reason).collect();
        assert_eq!(
            reasons,
            vec![&Reason::CellCount {
                expected: 6,
                found: 7
            }]
        );
        let parsed = parse(
            "id,customer_id,date,amount,currency,channel\n\
             x,M-1,31.02.2024,\"12,3456\",ABCD,fax\n",
        );
        let reasons: Vec<(&str, &Reason)> = parsed
            .rejected
            .iter()
            .map(|e| (e.column.as_str(), &e.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("id", &Reason::BadId),
                ("date", &Reason::Value(ValueError::DateInvalid)),
                ("amount", &Reason::Value(ValueError::AmountPrecision)),
                ("currency", &Reason::Value(ValueError::Currency)),
                ("channel", &Reason::Value(ValueError::UnknownValue)),
            ]
        );
    }

    #[test]
    fn missing_required_columns_are_each_reported_on_line_one() {
        let parsed = parse("ürün,not\nKılıf,x\n");
        let columns: Vec<(usize, &str)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(columns, [(1, "customer_id"), (1, "date"), (1, "amount")]);
        assert!(parsed.rows.is_empty());
    }

    #[test]
    fn a_repeated_order_line_id_in_one_file_is_a_duplicate() {
        let parsed = parse(
            "order_id,customer_id,date,amount\n\
             S-1,M-1,2024-01-01,10\n\
             S-1,M-1,2024-01-01,10\n\
             S-2,M-1,2024-01-01,10\n",
        );
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(parsed.rejected[0].line, 3);
        assert_eq!(
            parsed.rejected[0].reason,
            Reason::DuplicateInFile { first_line: 2 }
        );
    }

    #[test]
    fn export_writes_plain_amounts_iso_dates_and_the_customer_reference() {
        let p = Purchase {
            id: Id::v7(1, [3; 10]),
            customer_id: customer(1),
            external_id: None,
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            amount: Money::from_minor(-123_450),
            currency: Currency::TRY,
            sku: "SKU-1".into(),
            product: "Kılıf, deri".into(),
            category: String::new(),
            channel: SalesChannel::Online,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        let text = export_purchases(&[p], &|_| Some("M-1".into()));
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some(PURCHASE_HEADERS.join(",").as_str()));
        let row = lines.next().unwrap();
        assert!(
            row.ends_with(",M-1,2024-03-01,'-1234.50,TRY,SKU-1,\"Kılıf, deri\",,online"),
            "{row}"
        );
    }
}
