//! Customer pages: the list, one customer, the form, and CSV import.

mod detail;
mod form;
mod import;
mod list;

pub use detail::{CustomerDetail, format_date, format_time};
pub use form::{CustomerEdit, CustomerNew};
pub use import::CustomerImport;
pub use list::CustomerList;

use ilgi_core::model::Id;

/// The URL of a customer's page.
pub fn customer_href(id: Id) -> String {
    format!("/customers/{id}")
}
