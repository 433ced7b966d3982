//! Per-customer figures computed from purchases: what rule segments,
//! the customer page and the value views read.
//!
//! The [`value`](crate::value) analysis fills one [`Metrics`] per customer
//! (indexed like [`Transactions`](crate::analytics::Transactions)) and one
//! [`ItemTable`] for the whole database; [`segment`](crate::segment) rules
//! evaluate against them.

use serde::{Deserialize, Serialize};

use crate::rfm::CustomerRfm;

/// One item (SKU) that appears in the purchases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
    /// The product name on the item's latest purchase.
    pub product: String,
    /// The category on the item's latest purchase ("" when none).
    pub category: String,
}

/// Every item of the analysed purchases; [`Metrics::items`] holds indexes
/// into [`ItemTable::items`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTable {
    pub items: Vec<Item>,
}

impl ItemTable {
    pub fn get(&self, index: u32) -> Option<&Item> {
        self.items.get(index as usize)
    }
}

/// What one customer's purchases say, as of the analysis day.
///
/// Money is in minor units (kuruş) where it is an integer, and in major
/// units (lira) where it is a model's estimate (`clv`). Model figures are
/// `None` when the customer has no purchase or the model could not be
/// fitted (the analysis keeps the model error to show instead).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Purchases up to the analysis day.
    pub purchases: u32,
    /// Their total in minor units (refunds reduce it).
    pub total_spent: i64,
    /// Day numbers (see [`crate::analytics::day_of`]) of the first and last
    /// purchase; `None` without purchases.
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    /// RFM scores and segment; `None` without purchases.
    pub rfm: Option<CustomerRfm>,
    /// BG/NBD probability that the customer is still active (0–1).
    pub p_alive: Option<f64>,
    /// BG/NBD expected purchases in the next 90 days.
    pub expected_purchases_90d: Option<f64>,
    /// Discounted lifetime value over the next 12 months, in major units.
    pub clv: Option<f64>,
    /// Items the customer bought (sorted, no duplicates), as indexes into
    /// the [`ItemTable`].
    pub items: Vec<u32>,
}
