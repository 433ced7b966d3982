//! What the pages read from an [`Analysis`] without holding it: the
//! dashboard's [`Overview`] (totals, segment counts, model errors and the
//! views) and one customer's [`CustomerValue`]. Both are small serde
//! values: the app computes the analysis in its Web Worker, keeps the
//! whole [`Analysis`] there and sends the page only these; the page also
//! caches the last [`Overview`] to show at the next start while a new
//! analysis runs.

use serde::{Deserialize, Serialize};

use super::{Analysis, Views};
use crate::analytics::CurrencyTotal;
use crate::clv::ClvError;
use crate::metrics::Metrics;
use crate::model::{Currency, Id};
use crate::nbo::Offer;
use crate::rfm::Segment;

/// The dashboard's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// The analysis day (see [`crate::analytics::day_of`]).
    pub as_of: i32,
    pub currency: Currency,
    /// Customers analysed, with or without purchases.
    pub customers: usize,
    /// Purchases in `currency` up to the analysis day.
    pub purchases: usize,
    /// Customers with an RFM score (a purchase up to the analysis day).
    pub scored: usize,
    /// Customers per RFM segment, in [`Segment::ALL`] order.
    pub segments: Vec<(Segment, usize)>,
    /// `customers - scored`.
    pub without_purchases: usize,
    /// Sum of every customer's CLV (major units of `currency`).
    pub total_clv: f64,
    /// Mean P(alive) over the customers that have one.
    pub mean_alive: Option<f64>,
    /// Why a model could not be fitted (the BG/NBD's error first).
    pub model_error: Option<ClvError>,
    pub other_currencies: Vec<CurrencyTotal>,
    pub views: Views,
    /// The ids of [`Views::slipping`], in its order.
    pub slipping_ids: Vec<Id>,
}

/// One customer's figures and next best offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerValue {
    /// [`Metrics::default`] for a customer the analysis does not know.
    pub metrics: Metrics,
    pub offers: Vec<Offer>,
    pub model_error: Option<ClvError>,
    pub currency: Currency,
}

impl Analysis {
    /// Why a model could not be fitted, if one could not (the BG/NBD's
    /// error first: the Gamma-Gamma's matters only once it fits).
    pub fn model_error(&self) -> Option<ClvError> {
        match (&self.bgnbd, &self.gamma_gamma) {
            (Err(e), _) | (Ok(_), Err(e)) => Some(e.clone()),
            _ => None,
        }
    }

    /// The dashboard's figures.
    pub fn overview(&self) -> Overview {
        let (mut total_clv, mut alive_sum, mut alive_n) = (0.0, 0.0, 0usize);
        for m in &self.metrics {
            total_clv += m.clv.unwrap_or(0.0);
            if let Some(p) = m.p_alive {
                alive_sum += p;
                alive_n += 1;
            }
        }
        let scored = self.rfm.scored();
        Overview {
            as_of: self.as_of,
            currency: self.currency,
            customers: self.customers,
            purchases: self.purchases,
            scored,
            segments: Segment::ALL
                .iter()
                .map(|s| (*s, self.rfm.count(*s)))
                .collect(),
            without_purchases: self.customers.saturating_sub(scored),
            total_clv,
            mean_alive: (alive_n > 0).then(|| alive_sum / alive_n as f64),
            model_error: self.model_error(),
            other_currencies: self.other_currencies.clone(),
            slipping_ids: self
                .views
                .slipping
                .iter()
                .filter_map(|s| self.ids.get(s.index as usize).copied())
                .collect(),
            views: self.views.clone(),
        }
    }

    /// A customer's figures and their top `offers` next best offers (see
    /// [`Analysis::offers_for`]).
    pub fn customer_value(
        &self,
        id: Id,
        owned_products: &[String],
        offers: usize,
    ) -> CustomerValue {
        CustomerValue {
            metrics: self.metrics_of(id).cloned().unwrap_or_default(),
            offers: self.offers_for(id, owned_products, offers),
            model_error: self.model_error(),
            currency: self.currency,
        }
    }
}

impl Overview {
    /// Customers in `segment`.
    pub fn count(&self, segment: Segment) -> usize {
        self.segments
            .iter()
            .find(|(s, _)| *s == segment)
            .map_or(0, |(_, n)| *n)
    }
}
