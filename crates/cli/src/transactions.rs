//! Reading a transactions CSV (one purchase per row: customer, date, amount)
//! into the compact purchase table the analyses read, keeping the valid rows
//! and reporting every bad cell with its line and column.
//!
//! The file goes through the same steps as the app's import
//! (`ilgi_core::csv_io`: `decode`, `detect_delimiter`, `read_table`), so an
//! export from a Turkish Excel (Windows-1254, `;`) reads as well as a UTF-8
//! file with commas, and line numbers are physical lines even when a quoted
//! cell spans several.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::format::{Item, StrftimeItems};
use chrono::{NaiveDate, NaiveDateTime};
use ilgi_core::analytics::{Transactions, Txn, day_of};
use ilgi_core::csv_io::{Reason, decode, detect_delimiter, read_table, unneutralise_cell};
use ilgi_core::model::{Money, parse_date};

use crate::error::CliError;

/// The header names of the three columns the analyses need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub customer: String,
    pub date: String,
    pub amount: String,
}

/// How date cells are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// `ilgi_core::model::parse_date`: `YYYY-MM-DD`, `DD.MM.YYYY` or
    /// `DD/MM/YYYY`.
    Usual,
    /// A chrono `strftime` pattern such as `%d/%m/%Y` (checked by
    /// [`DateFormat::custom`]).
    Custom(String),
}

impl DateFormat {
    /// A chrono pattern, or a usage error when chrono cannot read it.
    pub fn custom(pattern: &str) -> Result<DateFormat, CliError> {
        if pattern.trim().is_empty()
            || StrftimeItems::new(pattern).any(|item| matches!(item, Item::Error))
        {
            return Err(CliError::Usage(format!(
                "--date-format {pattern:?} is not a valid date pattern (example: %d/%m/%Y)"
            )));
        }
        Ok(DateFormat::Custom(pattern.to_owned()))
    }

    fn parse(&self, cell: &str) -> Result<NaiveDate, String> {
        match self {
            DateFormat::Usual => parse_date(cell).map_err(|e| e.to_string()),
            // A pattern with a time part (`%Y-%m-%d %H:%M`) is not a date
            // pattern for chrono, so try it as a date and time too.
            DateFormat::Custom(pattern) => NaiveDate::parse_from_str(cell, pattern)
                .or_else(|_| NaiveDateTime::parse_from_str(cell, pattern).map(|t| t.date()))
                .map_err(|_| format!("date does not match --date-format {pattern}")),
        }
    }
}

/// One rejected cell (or, for a row with the wrong number of cells, the
/// whole row). A row with several bad cells has one of these per cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: usize,
    /// The column's header; `None` when the row itself is malformed.
    pub column: Option<String>,
    /// Why, in English.
    pub reason: String,
}

impl fmt::Display for BadCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// What a file gave: the purchases of its valid rows and every bad cell.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The valid rows; customer `i` is `customer_ids[i]`.
    pub transactions: Transactions,
    /// The customer ids as written, in order of first appearance.
    pub customer_ids: Vec<String>,
    /// Every bad cell of every rejected row, in file order.
    pub bad: Vec<BadCell>,
    /// Data rows in the file, valid or not (blank lines not counted).
    pub rows: usize,
}

impl Loaded {
    /// An input error when no row of the file was valid (call it after
    /// reporting [`Loaded::bad`], which says why).
    pub fn ensure_usable(&self, path: &Path) -> Result<(), CliError> {
        if self.transactions.txns.is_empty() {
            return Err(CliError::Input(format!(
                "{}: none of the {} rows is usable (reasons above)",
                path.display(),
                self.rows
            )));
        }
        Ok(())
    }
}

/// Reads the transactions file at `path`.
///
/// Errors (all [`CliError::Input`]): the file cannot be read, is not CSV,
/// lacks one of `columns` (the message names it and lists the header), or
/// has no data row. Bad rows are not errors: they are in [`Loaded::bad`]
/// (see [`Loaded::ensure_usable`] for a file where every row is bad).
pub fn load(path: &Path, columns: &Columns, dates: &DateFormat) -> Result<Loaded, CliError> {
    let shown = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| CliError::Input(format!("cannot read {shown}: {e}")))?;
    let text = decode(&bytes).text;
    parse(&text, columns, dates).map_err(|message| CliError::Input(format!("{shown}: {message}")))
}

/// Which option names a column, for messages about a missing one.
const OPTIONS: [&str; 3] = ["--customer-col", "--date-col", "--amount-col"];

/// Parses the text of a transactions file; `Err` is a message about the
/// whole file (not CSV, a missing column, no data row).
pub fn parse(text: &str, columns: &Columns, dates: &DateFormat) -> Result<Loaded, String> {
    let table = read_table(text, detect_delimiter(text)).map_err(|e| e.to_string())?;
    let headers: Vec<&str> = table.headers.iter().map(|h| h.trim()).collect();

    let wanted = [&columns.customer, &columns.date, &columns.amount];
    let mut positions = [0usize; 3];
    let mut missing = Vec::new();
    for (i, name) in wanted.iter().enumerate() {
        match find_column(&headers, name) {
            Some(position) => positions[i] = position,
            None => missing.push(format!("column {name:?} (set with {})", OPTIONS[i])),
        }
    }
    if !missing.is_empty() {
        let listed: Vec<String> = headers.iter().map(|h| format!("{h:?}")).collect();
        return Err(format!(
            "no {}; the header has {}",
            missing.join(" and no "),
            listed.join(", ")
        ));
    }
    if table.rows.is_empty() {
        return Err("the file has a header but no rows".into());
    }

    let [customer_at, date_at, amount_at] = positions;
    let names = [
        &headers[customer_at],
        &headers[date_at],
        &headers[amount_at],
    ];
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut customer_ids = Vec::new();
    let mut txns = Vec::with_capacity(table.rows.len());
    let mut bad = Vec::new();
    for row in &table.rows {
        if row.cells.len() != headers.len() {
            bad.push(BadCell {
                line: row.line,
                column: None,
                reason: Reason::CellCount {
                    expected: headers.len(),
                    found: row.cells.len(),
                }
                .to_string(),
            });
            continue;
        }
        let cell = |at: usize| unneutralise_cell(&row.cells[at]).trim();
        let mut reject = |at: usize, reason: String| {
            bad.push(BadCell {
                line: row.line,
                column: Some(names[at].to_string()),
                reason,
            });
        };
        let customer = cell(customer_at);
        if customer.is_empty() {
            reject(0, Reason::MissingValue.to_string());
        }
        let date = match cell(date_at) {
            "" => Err(Reason::MissingValue.to_string()),
            text => dates.parse(text),
        };
        let date = date.map_err(|reason| reject(1, reason)).ok();
        let amount = match cell(amount_at) {
            "" => Err(Reason::MissingValue.to_string()),
            text => Money::parse(text).map_err(|e| e.to_string()),
        };
        let amount = amount.map_err(|reason| reject(2, reason)).ok();
        let (Some(date), Some(amount), false) = (date, amount, customer.is_empty()) else {
            continue;
        };
        // Look up before inserting: most rows name a known customer, and
        // `entry` would allocate the key for every row.
        let customer = match index.get(customer) {
            Some(&known) => known,
            None => {
                let next = customer_ids.len() as u32;
                index.insert(customer.to_owned(), next);
                customer_ids.push(customer.to_owned());
                next
            }
        };
        txns.push(Txn {
            customer,
            day: day_of(date),
            amount: amount.minor(),
        });
    }
    Ok(Loaded {
        transactions: Transactions {
            customers: customer_ids.len(),
            txns,
        },
        customer_ids,
        bad,
        rows: table.rows.len(),
    })
}

/// The position of the column called `name`: exactly as written (trimmed),
/// else ignoring ASCII case.
fn find_column(headers: &[&str], name: &str) -> Option<usize> {
    let name = name.trim();
    headers
        .iter()
        .position(|h| *h == name)
        .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usual() -> Columns {
        Columns {
            customer: "customer_id".into(),
            date: "date".into(),
            amount: "amount".into(),
        }
    }

    #[test]
    fn valid_rows_become_purchases_with_dense_customer_indexes() {
        let text = "customer_id,date,amount\nb,2024-01-02,10\na,02.01.2024,\"1.234,50\"\nb,2024-01-05,5.5\n";
        let loaded = parse(text, &usual(), &DateFormat::Usual).unwrap();
        assert_eq!(loaded.customer_ids, ["b", "a"]);
        assert!(loaded.bad.is_empty());
        let day = day_of(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
        assert_eq!(
            loaded.transactions.txns,
            [
                Txn {
                    customer: 0,
                    day,
                    amount: 1000
                },
                Txn {
                    customer: 1,
                    day,
                    amount: 123_450
                },
                Txn {
                    customer: 0,
                    day: day + 3,
                    amount: 550
                },
            ]
        );
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line_and_column() {
        let text = "customer_id,date,amount\r\na,2024-13-01,x\r\n,2024-01-01,1\r\nok,2024-01-01\r\nok,2024-01-01,1\r\n";
        let loaded = parse(text, &usual(), &DateFormat::Usual).unwrap();
        let shown: Vec<String> = loaded.bad.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "line 2, column date: date does not exist",
                "line 2, column amount: amount is not a number",
                "line 3, column customer_id: a required value is empty",
                "line 4: the row has 2 cells, the header has 3",
            ]
        );
        assert_eq!(loaded.transactions.txns.len(), 1);
    }

    #[test]
    fn a_missing_column_is_named_with_its_option_and_the_header_is_listed() {
        let columns = Columns {
            amount: "total".into(),
            ..usual()
        };
        let message = parse(
            "customer_id;date;amount\nx;2024-01-01;1\n",
            &columns,
            &DateFormat::Usual,
        )
        .unwrap_err();
        assert_eq!(
            message,
            r#"no column "total" (set with --amount-col); the header has "customer_id", "date", "amount""#
        );
    }

    #[test]
    fn columns_match_ignoring_case_and_in_any_order() {
        let columns = Columns {
            customer: "Müşteri".into(),
            date: "tarih".into(),
            amount: "tutar".into(),
        };
        let text = "Tutar;Tarih;Müşteri\n12,50;01.02.2024;42\n";
        let loaded = parse(text, &columns, &DateFormat::Usual).unwrap();
        assert_eq!(loaded.customer_ids, ["42"]);
        assert_eq!(loaded.transactions.txns[0].amount, 1250);
    }

    #[test]
    fn a_custom_date_format_replaces_the_usual_ones() {
        let dates = DateFormat::custom("%m/%d/%Y").unwrap();
        let text = "customer_id,date,amount\na,12/31/2024,1\na,2024-12-31,1\n";
        let loaded = parse(text, &usual(), &dates).unwrap();
        let expected = day_of(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        assert_eq!(loaded.transactions.txns[0].day, expected);
        assert_eq!(
            loaded.bad[0].to_string(),
            "line 3, column date: date does not match --date-format %m/%d/%Y"
        );
    }

    #[test]
    fn a_date_pattern_chrono_cannot_read_is_a_usage_error() {
        assert!(DateFormat::custom("%Q").is_err());
        assert!(DateFormat::custom("").is_err());
        assert!(DateFormat::custom("%Y%m%d").is_ok());
    }

    #[test]
    fn a_file_without_usable_rows_is_an_error() {
        let text = "customer_id,date,amount\na,never,1\n";
        let loaded = parse(text, &usual(), &DateFormat::Usual).unwrap();
        assert_eq!(loaded.bad.len(), 1);
        let message = loaded
            .ensure_usable(Path::new("x.csv"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "x.csv: none of the 1 rows is usable (reasons above)"
        );
        assert!(parse("customer_id,date,amount\n", &usual(), &DateFormat::Usual).is_err());
        assert!(parse("", &usual(), &DateFormat::Usual).is_err());
    }

    #[test]
    fn neutralised_customer_ids_are_read_back_as_written_before_export() {
        let text = "customer_id,date,amount\n'+905551112233,2024-01-01,1\n";
        let loaded = parse(text, &usual(), &DateFormat::Usual).unwrap();
        assert_eq!(loaded.customer_ids, ["+905551112233"]);
    }
}
