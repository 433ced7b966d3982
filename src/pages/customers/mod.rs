//! Customer pages: the list, one customer, the form, CSV import, and
//! duplicates with their merge screen.

mod detail;
mod duplicates;
mod form;
mod import;
mod interaction;
mod list;
mod merge;

pub use detail::{CustomerDetail, format_date, format_time};
pub use duplicates::CustomerDuplicates;
pub use form::{CustomerEdit, CustomerNew};
pub use import::CustomerImport;
pub use list::CustomerList;
pub use merge::CustomerMerge;

use ilgi_core::model::Id;

/// The URL of a customer's page.
pub fn customer_href(id: Id) -> String {
    format!("/customers/{id}")
}
