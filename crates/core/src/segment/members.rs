//! A segment's members over a value analysis: counting them (no sort),
//! ranking them (most valuable first) and their CSV export with the value
//! columns. The app runs these in its Web Worker, where the analysis is.

use std::collections::HashMap;

use super::{Facts, Group};
use crate::i18n::{Lang, catalog};
use crate::model::{Customer, Id, Money};
use crate::value::Analysis;

/// The columns [`members_csv`] appends to each customer's own (written
/// `computed:<name>`, which imports ignore).
pub const VALUE_COLUMNS: [&str; 6] = [
    "rfm_segment",
    "clv",
    "p_alive",
    "expected_purchases_90d",
    "total_spent",
    "purchases",
];

/// The customers a rule runs over: `customers[i]` is the analysis'
/// customer `i` (the analysis numbers registered customers first, in the
/// order they were read, see [`Analysis::ids`]), with at least the fields
/// rules read.
#[derive(Debug, Clone, Copy)]
pub struct Population<'a> {
    pub customers: &'a [Customer],
    pub analysis: &'a Analysis,
}

impl Population<'_> {
    fn matching<'s>(&'s self, group: &Group) -> impl Iterator<Item = u32> + 's {
        let compiled = group.compile();
        let analysis = self.analysis;
        self.customers
            .iter()
            .enumerate()
            .filter(move |(i, customer)| {
                compiled.matches(&Facts {
                    customer,
                    metrics: analysis.metrics.get(*i),
                    items: &analysis.items,
                    as_of: analysis.as_of,
                })
            })
            .map(|(i, _)| i as u32)
    }

    /// How many customers `group` selects.
    pub fn count(&self, group: &Group) -> usize {
        self.matching(group).count()
    }

    /// The indexes (into the analysis) of the customers `group` selects,
    /// most valuable first: CLV (customers without one last), then total
    /// spent, then index.
    pub fn ranked(&self, group: &Group) -> Vec<u32> {
        let mut out: Vec<u32> = self.matching(group).collect();
        let value = |i: u32| {
            self.analysis
                .metrics
                .get(i as usize)
                .map_or((-1.0, 0), |m| (m.clv.unwrap_or(-1.0), m.total_spent))
        };
        out.sort_by(|&a, &b| {
            let (va, vb) = (value(a), value(b));
            vb.0.total_cmp(&va.0).then(vb.1.cmp(&va.1)).then(a.cmp(&b))
        });
        out
    }
}

/// The members' full records (`records`: any customers, in any order;
/// those not in `members` are left out) as CSV in `members`' order, with
/// the [`VALUE_COLUMNS`] appended (the segment name in `lang`; amounts in
/// plain decimals, whatever the language, for spreadsheets).
pub fn members_csv(
    records: Vec<Customer>,
    members: &[u32],
    analysis: &Analysis,
    lang: Lang,
) -> String {
    let rank: HashMap<Id, (usize, u32)> = members
        .iter()
        .enumerate()
        .filter_map(|(r, &i)| analysis.ids.get(i as usize).map(|id| (*id, (r, i))))
        .collect();
    let mut rows: Vec<Customer> = records
        .into_iter()
        .filter(|c| rank.contains_key(&c.id))
        .collect();
    rows.sort_by_key(|c| rank.get(&c.id).map(|(r, _)| *r));
    crate::csv_io::export_customers_with(&rows, &VALUE_COLUMNS, |c| {
        let Some(m) = rank
            .get(&c.id)
            .and_then(|(_, i)| analysis.metrics.get(*i as usize))
        else {
            return Vec::new();
        };
        vec![
            m.rfm
                .map(|r| catalog().text(lang, r.segment.key()))
                .unwrap_or_default(),
            m.clv.map(|v| format!("{v:.2}")).unwrap_or_default(),
            m.p_alive.map(|p| format!("{p:.4}")).unwrap_or_default(),
            m.expected_purchases_90d
                .map(|e| format!("{e:.3}"))
                .unwrap_or_default(),
            Money::from_minor(m.total_spent).to_plain(),
            m.purchases.to_string(),
        ]
    })
}
