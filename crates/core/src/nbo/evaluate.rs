//! Time-based holdout evaluation of the next-best-offer model: train on the
//! past, check the offers against what customers bought next, and compare
//! with offering the best sellers.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::{Model, Offer, Params};
use crate::model::{Id, Purchase};

/// How often the top-k offers contained an item the customer went on to buy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HitRate {
    /// Customers who bought at least one new item in the horizon.
    pub customers_evaluated: usize,
    /// Of those, customers with a new item among their top-k offers.
    pub hits: usize,
    /// `hits / customers_evaluated` (0 when nobody was evaluated).
    pub rate: f64,
}

impl HitRate {
    fn new(customers_evaluated: usize, hits: usize) -> HitRate {
        let rate = if customers_evaluated == 0 {
            0.0
        } else {
            hits as f64 / customers_evaluated as f64
        };
        HitRate {
            customers_evaluated,
            hits,
            rate,
        }
    }
}

/// The model and the popularity baseline on the same holdout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Holdout {
    /// Top-k of [`Model::offers`].
    pub model: HitRate,
    /// Top-k of [`Model::popular_offers`]: the best sellers the customer
    /// does not own.
    pub popular: HitRate,
}

/// Trains on the purchases before `cutoff` and scores the top-`k` offers
/// against the items each customer buys for the first time in
/// `[cutoff, cutoff + horizon_days)`.
///
/// A customer is evaluated when they buy at least one item in the horizon
/// that they had not bought before `cutoff` (customers new in the horizon
/// included: they get popular offers from both). A hit is an offer among
/// those new items.
pub fn evaluate_holdout(
    purchases: &[Purchase],
    cutoff: NaiveDate,
    horizon_days: u32,
    k: usize,
    params: &Params,
) -> Holdout {
    let train_until = cutoff.pred_opt().unwrap_or(NaiveDate::MIN);
    let model = Model::train(purchases, train_until, params);
    let end = cutoff
        .checked_add_days(Days::new(u64::from(horizon_days)))
        .unwrap_or(NaiveDate::MAX);

    // Per customer, in first-seen order: SKUs before the cutoff and SKUs
    // bought in the horizon.
    let mut index: HashMap<Id, usize> = HashMap::new();
    let mut histories: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for p in purchases {
        let sku = p.sku.trim();
        if p.deleted || sku.is_empty() || p.date >= end {
            continue;
        }
        let i = *index.entry(p.customer_id).or_insert_with(|| {
            histories.push((Vec::new(), Vec::new()));
            histories.len() - 1
        });
        let (before, during) = &mut histories[i];
        if p.date < cutoff {
            before.push(sku);
        } else {
            during.push(sku);
        }
    }

    let (mut evaluated, mut model_hits, mut popular_hits) = (0, 0, 0);
    for (before, during) in &mut histories {
        before.sort_unstable();
        before.dedup();
        during.retain(|sku| before.binary_search(sku).is_err());
        if during.is_empty() {
            continue;
        }
        evaluated += 1;
        let hit = |offers: Vec<Offer>| offers.iter().any(|o| during.contains(&o.sku.as_str()));
        model_hits += usize::from(hit(model.offers(before, k)));
        popular_hits += usize::from(hit(model.popular_offers(before, k)));
    }
    Holdout {
        model: HitRate::new(evaluated, model_hits),
        popular: HitRate::new(evaluated, popular_hits),
    }
}

/// The model's hit rate at `k` on a time-based holdout (see
/// [`evaluate_holdout`], which also gives the popularity baseline).
pub fn hit_rate_at_k(
    purchases: &[Purchase],
    cutoff: NaiveDate,
    horizon_days: u32,
    k: usize,
    params: &Params,
) -> HitRate {
    evaluate_holdout(purchases, cutoff, horizon_days, k, params).model
}
