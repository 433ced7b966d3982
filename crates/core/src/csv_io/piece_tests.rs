//! Tests of the exports written in pieces (page by page): the header and
//! the pieces, concatenated, are exactly the export of everything at once.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::*;
use crate::demo::{DemoGenerator, DemoSpec};
use crate::model::{Customer, Id, Purchase};

/// Demo customers and purchases, with custom fields that only some
/// customers (on different pages) have, and a deleted customer.
fn data() -> (Vec<Customer>, Vec<Purchase>) {
    let end = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let mut generator = DemoGenerator::new(DemoSpec::new(DemoSpec::DEFAULT_SEED, 300, end));
    let (mut customers, mut purchases) = (Vec::new(), Vec::new());
    while let Some(chunk) = generator.next_chunk(100) {
        customers.extend(chunk.customers);
        purchases.extend(chunk.purchases);
    }
    customers[3].custom.insert("vergi no".into(), "=1+2".into());
    customers[150]
        .custom
        .insert("anne adı".into(), "Ayşe, \"Hanım\"".into());
    customers[299].custom.insert("a".into(), "x\r\ny".into());
    customers[10].deleted = true;
    purchases[5].deleted = true;
    (customers, purchases)
}

#[test]
fn customers_written_page_by_page_equal_the_whole_export() {
    let (customers, _) = data();
    let extra = ["clv", "segment"];
    let cells = |c: &Customer| vec![c.first_name.to_uppercase(), "=SUM(A1)".to_string()];
    let whole = export_customers_with(&customers, &extra, cells);
    for page in [1, 7, 100, 1_000] {
        let mut names = BTreeSet::new();
        for chunk in customers.chunks(page) {
            CustomerCsv::note_custom_names(&mut names, chunk);
        }
        assert!(
            ["vergi no", "anne adı", "a"]
                .iter()
                .all(|n| names.contains(*n))
        );
        let csv = CustomerCsv::new(names, &extra);
        let mut pieces = vec![csv.header()];
        pieces.extend(customers.chunks(page).map(|chunk| csv.rows(chunk, cells)));
        assert_eq!(pieces.concat(), whole, "pages of {page}");
    }
    assert!(whole.contains("custom:anne adı"));
}

#[test]
fn purchases_written_page_by_page_equal_the_whole_export() {
    let (customers, purchases) = data();
    let external: HashMap<Id, String> = customers
        .iter()
        .filter_map(|c| Some((c.id, c.external_id.clone()?)))
        .collect();
    let customer_ref = |id: Id| external.get(&id).cloned();
    let whole = export_purchases(&purchases, &customer_ref);
    for page in [1, 13, 1_000, 100_000] {
        let mut pieces = vec![purchase_csv_header()];
        pieces.extend(
            purchases
                .chunks(page)
                .map(|chunk| purchase_csv_rows(chunk, &customer_ref)),
        );
        assert_eq!(pieces.concat(), whole, "pages of {page}");
    }
    let live = purchases.iter().filter(|p| !p.deleted).count();
    assert_eq!(whole.matches("\r\n").count(), live + 1);
}
