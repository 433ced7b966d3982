//! CSV import and export of customers and purchases.
//!
//! An import runs in steps, each a pure function the UI can show between:
//!
//! 1. [`decode`] the file's bytes (UTF-8 with or without BOM, UTF-16 with a
//!    BOM, otherwise Windows-1254 as Turkish Excel writes it);
//! 2. [`detect_delimiter`] (`,` `;` or tab) and [`read_table`];
//! 3. [`auto_map_customers`] / [`auto_map_purchases`] guess a target per
//!    column from Turkish and English headers; the user may change any;
//! 4. [`parse_customers`] / [`parse_purchases`] turn rows into records and
//!    report every bad cell with its line and column ([`RowError`]);
//! 5. [`plan_customers`] / [`plan_purchases`] match the rows against the
//!    stored records so that importing the same file twice changes nothing.
//!
//! Before writing, [`space_shortage`] compares [`import_space_needed`] with
//! what the browser's storage estimate leaves free.
//!
//! [`export_customers`] and [`export_purchases`] write files that step 3
//! maps completely, so an export re-imports without loss (property-tested);
//! [`CustomerCsv`] and [`purchase_csv_header`]/[`purchase_csv_rows`] write
//! the same files in pieces, page by page.
//! Every exported cell goes through [`neutralise_cell`] against formula
//! injection, and every imported cell through [`unneutralise_cell`], which
//! undoes exactly that.

pub(crate) mod customers;
mod decode;
mod mapping;
mod plan;
mod purchases;
mod report;
mod space;
mod table;

#[cfg(test)]
mod piece_tests;
#[cfg(test)]
mod round_trip_tests;

use std::borrow::Cow;

use crate::model::ValueError;

pub use customers::{
    CUSTOMER_HEADERS, CustomerCsv, export_customers, export_customers_with, parse_customers,
};
pub use decode::{Decoded, decode, detect_delimiter};
pub use mapping::{
    CustomerField, CustomerKey, CustomerMapping, PurchaseField, PurchaseMapping,
    auto_map_customers, auto_map_purchases,
};
pub use plan::{
    CustomerPlan, PurchasePlan, customer_match_keys, merge_customer, plan_customers,
    plan_purchases, purchase_natural_key,
};
pub use purchases::{
    CustomerRef, PURCHASE_HEADERS, export_purchases, parse_purchases, purchase_csv_header,
    purchase_csv_rows,
};
pub use report::report_csv;
pub use space::{IMPORT_BYTES_PER_FILE_BYTE, SpaceShortage, import_space_needed, space_shortage};
pub use table::{CsvError, Table, TableRow, read_table};

/// Why a row (or, on line 1, the whole file) was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    /// A cell's value is invalid (bad email, date, amount…).
    #[error("{0}")]
    Value(ValueError),
    /// No column is mapped to a target the import needs (reported once, on
    /// line 1, with the target's export name as the column).
    #[error("no column is mapped to this required field")]
    MissingColumn,
    /// A required cell is empty.
    #[error("a required value is empty")]
    MissingValue,
    /// The purchase's customer reference matches no customer.
    #[error("no customer matches this reference")]
    UnknownCustomer,
    /// The row has a different number of cells than the header.
    #[error("the row has {found} cells, the header has {expected}")]
    CellCount { expected: usize, found: usize },
    /// The row repeats the id of an earlier row of the same file.
    #[error("same id as line {first_line}")]
    DuplicateInFile { first_line: usize },
    /// The cell is not an ilgi id (a UUID).
    #[error("not a valid id")]
    BadId,
    /// The consent history cell is not the JSON list an export writes.
    #[error("consent history is not valid")]
    ConsentHistory,
    /// A followers cell lists more numbers than there are handles.
    #[error("more follower counts than handles")]
    FollowersWithoutHandle,
    /// A time that must come after the row's creation time comes before it.
    #[error("is before the row's creation time")]
    BeforeCreated,
}

impl Reason {
    /// Translation key of the reason (`import-reason-…`, or `value-…` for a
    /// bad value).
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Value(e) => e.key(),
            Reason::MissingColumn => "import-reason-missing-column",
            Reason::MissingValue => "import-reason-missing-value",
            Reason::UnknownCustomer => "import-reason-unknown-customer",
            Reason::CellCount { .. } => "import-reason-cell-count",
            Reason::DuplicateInFile { .. } => "import-reason-duplicate",
            Reason::BadId => "import-reason-bad-id",
            Reason::ConsentHistory => "import-reason-consent-history",
            Reason::FollowersWithoutHandle => "import-reason-followers-without-handle",
            Reason::BeforeCreated => "import-reason-before-created",
        }
    }

    /// The reason as a sentence in `lang`, with its numbers filled in.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{Arg, catalog};
        match self {
            Reason::CellCount { expected, found } => catalog().text_with(
                lang,
                self.key(),
                &[
                    ("expected", Arg::Num(*expected as f64)),
                    ("found", Arg::Num(*found as f64)),
                ],
            ),
            Reason::DuplicateInFile { first_line } => {
                catalog().text_with(lang, self.key(), &[("line", Arg::Num(*first_line as f64))])
            }
            _ => catalog().text(lang, self.key()),
        }
    }

    /// One of each import-specific reason, for the catalogue test.
    pub const IMPORT_ONLY: [Reason; 8] = [
        Reason::MissingColumn,
        Reason::MissingValue,
        Reason::UnknownCustomer,
        Reason::CellCount {
            expected: 0,
            found: 0,
        },
        Reason::DuplicateInFile { first_line: 0 },
        Reason::BadId,
        Reason::ConsentHistory,
        Reason::FollowersWithoutHandle,
    ];
}

impl From<ValueError> for Reason {
    fn from(e: ValueError) -> Reason {
        Reason::Value(e)
    }
}

/// One rejected cell. A rejected row has one of these per bad cell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: usize,
    /// The column's header text as written in the file.
    pub column: String,
    /// The offending value (one item of a multi-valued cell).
    pub value: String,
    pub reason: Reason,
}

/// What an import kept and what it rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    /// Accepted records with the line each came from, in file order.
    pub rows: Vec<(usize, T)>,
    /// Every bad cell of every rejected row, in file order.
    pub rejected: Vec<RowError>,
}

impl<T> Default for Parsed<T> {
    fn default() -> Parsed<T> {
        Parsed {
            rows: Vec::new(),
            rejected: Vec::new(),
        }
    }
}

/// Makes a cell safe to open in a spreadsheet: a cell starting with `=`,
/// `+`, `-`, `@`, tab or carriage return would run as a formula, so it gets
/// a leading `'`. A cell starting with `'` gets one more `'`, so that
/// [`unneutralise_cell`] restores every cell exactly.
pub fn neutralise_cell(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Undoes [`neutralise_cell`]: drops a leading `'` that is followed by `=`,
/// `+`, `-`, `@`, tab, carriage return or another `'`. Any other leading `'`
/// is data and stays.
pub fn unneutralise_cell(cell: &str) -> &str {
    match cell.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'', ..] => &cell[1..],
        _ => cell,
    }
}

/// Whether two addresses are the same for matching (compared like
/// [`crate::model::Email::match_key`], without allocating for ASCII ones).
fn same_email(a: &crate::model::Email, b: &crate::model::Email) -> bool {
    let (x, y) = (a.as_str(), b.as_str());
    if x.is_ascii() && y.is_ascii() {
        x.eq_ignore_ascii_case(y)
    } else {
        a.match_key() == b.match_key()
    }
}

/// A cell as the parsers read it: neutralisation undone, then trimmed.
fn clean(cell: &str) -> &str {
    unneutralise_cell(cell).trim()
}

/// The items of a list cell (emails, phones, handles): separated by `,`,
/// `;` or `|`, trimmed, blanks dropped.
fn split_contacts(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The items of a text list cell (tags, products). When the cell has a `|`,
/// only `|` separates (so an item may contain a comma); otherwise `,` does.
fn split_words(cell: &str) -> impl Iterator<Item = &str> {
    let separator = if cell.contains('|') { '|' } else { ',' };
    cell.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Joins text list items the way [`split_words`] reads them back: with `|`,
/// plus a trailing `|` when a single item contains a comma.
fn join_words(items: &[String]) -> String {
    let mut out = items.join("|");
    if items.len() == 1 && items[0].contains(',') {
        out.push('|');
    }
    out
}

/// Builds RFC 4180 text (comma, CRLF, quotes doubled) with every cell
/// neutralised.
///
/// Written by hand rather than with `csv::Writer`: writing into a `String`
/// cannot fail, needs no UTF-8 re-check, and quoting is these few lines.
#[derive(Debug, Default)]
struct CsvWriter {
    out: String,
    in_record: bool,
}

impl CsvWriter {
    fn with_capacity(bytes: usize) -> CsvWriter {
        CsvWriter {
            out: String::with_capacity(bytes),
            in_record: false,
        }
    }

    /// Appends one cell to the current record.
    fn cell(&mut self, cell: &str) {
        if self.in_record {
            self.out.push(',');
        }
        self.in_record = true;
        let cell = neutralise_cell(cell);
        if cell.contains([',', '"', '\r', '\n']) {
            self.out.push('"');
            for (i, part) in cell.split('"').enumerate() {
                if i > 0 {
                    self.out.push_str("\"\"");
                }
                self.out.push_str(part);
            }
            self.out.push('"');
        } else {
            self.out.push_str(&cell);
        }
    }

    /// Ends the current record.
    fn end_record(&mut self) {
        self.out.push_str("\r\n");
        self.in_record = false;
    }

    fn record<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for cell in cells {
            self.cell(cell);
        }
        self.end_record();
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, catalog};

    #[test]
    fn formula_cells_get_a_leading_apostrophe_and_others_stay_borrowed() {
        for (cell, safe) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+90 532", "'+90 532"),
            ("-12.00", "'-12.00"),
            ("@ayse", "'@ayse"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'quoted", "''quoted"),
        ] {
            assert_eq!(neutralise_cell(cell), safe);
            assert_eq!(unneutralise_cell(safe), cell);
        }
        assert!(matches!(neutralise_cell("Ayşe"), Cow::Borrowed("Ayşe")));
        assert_eq!(neutralise_cell(""), "");
    }

    #[test]
    fn a_foreign_apostrophe_before_ordinary_text_is_kept() {
        assert_eq!(unneutralise_cell("'abc"), "'abc");
        assert_eq!(unneutralise_cell("'"), "'");
        assert_eq!(unneutralise_cell("''"), "'");
    }

    #[test]
    fn word_lists_split_on_pipes_first_and_commas_otherwise() {
        let words = |s| split_words(s).collect::<Vec<_>>();
        assert_eq!(words("vip, iphone ,"), ["vip", "iphone"]);
        assert_eq!(words("a, b|c"), ["a, b", "c"]);
        assert_eq!(words("a, b|"), ["a, b"]);
        let items = vec!["a, b".to_string()];
        assert_eq!(words(&join_words(&items)), ["a, b"]);
    }

    #[test]
    fn records_are_quoted_only_when_needed_and_end_with_crlf() {
        let mut w = CsvWriter::default();
        w.record(["a", "b,c", "say \"hi\"", "x\ny", "=1"]);
        assert_eq!(w.finish(), "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",'=1\r\n");
    }

    #[test]
    fn every_import_reason_has_a_translation_that_differs_by_language() {
        for reason in Reason::IMPORT_ONLY {
            assert!(catalog().has(reason.key()), "{}", reason.key());
            assert_ne!(reason.message(Lang::Tr), reason.message(Lang::En));
        }
        let r = Reason::CellCount {
            expected: 5,
            found: 3,
        };
        assert!(r.message(Lang::En).contains('5') && r.message(Lang::En).contains('3'));
    }
}
