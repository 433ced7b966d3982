//! Collecting customers and purchases page by page into a compact form:
//! the purchase table ([`Txn`]s) plus one label id per purchase, where a
//! label is a distinct (SKU, product, category, currency) and remembers the latest
//! (day, change time) it was bought on, so the analysis can name each item
//! after its latest purchase up to any analysis day without keeping the
//! purchase records.

use std::collections::HashMap;
use std::hash::Hasher;

use crate::analytics::{CurrencyTally, Txn, day_of};
use crate::model::{Currency, Customer, Id, Purchase};
use crate::nbo::{FastHash, Fx};

/// "No label / no item / no category".
pub(super) const NONE: u32 = u32::MAX;

/// A distinct (SKU, product, category, currency) of the purchases. The
/// currency is part of the label so that each purchase's currency is known
/// from its label id, at no extra byte per purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Label {
    /// Trimmed; "" for purchases without a SKU.
    pub sku: String,
    pub product: String,
    /// Trimmed.
    pub category: String,
    pub currency: Currency,
    /// (day, latest change time on that day) of the label's purchases,
    /// sorted and one per day up to `compacted`, appended after it (at most
    /// twice the label's distinct days plus 32 entries).
    stamps: Vec<(i32, i64)>,
    compacted: usize,
}

impl Label {
    fn note(&mut self, day: i32, updated_at: i64) {
        self.stamps.push((day, updated_at));
        // Compacting when the list doubles keeps it within twice the
        // label's distinct days at an amortised O(log n) per purchase.
        if self.stamps.len() >= 2 * self.compacted.max(32) {
            self.compact();
        }
    }

    fn compact(&mut self) {
        self.stamps.sort_unstable();
        let mut kept = 0;
        for i in 0..self.stamps.len() {
            let stamp = self.stamps[i];
            if kept > 0 && self.stamps[kept - 1].0 == stamp.0 {
                // Sorted: the later entry of a day has the later change.
                self.stamps[kept - 1] = stamp;
            } else {
                self.stamps[kept] = stamp;
                kept += 1;
            }
        }
        self.stamps.truncate(kept);
        self.compacted = kept;
    }

    /// The latest (day, change time) of the label's purchases up to `day`.
    pub(super) fn latest(&self, day: i32) -> Option<(i32, i64)> {
        self.stamps.iter().filter(|s| s.0 <= day).max().copied()
    }
}

/// Labels interned by a hash of their three strings.
#[derive(Debug, Default)]
struct Labels {
    /// Hash → the first label with it; `next` chains the others.
    first: HashMap<u64, u32, FastHash>,
    next: Vec<u32>,
    list: Vec<Label>,
}

impl Labels {
    fn intern(&mut self, sku: &str, product: &str, category: &str, currency: Currency) -> u32 {
        let mut hasher = Fx::default();
        // 0xFF never occurs in UTF-8, so the strings cannot run together.
        hasher.write(sku.as_bytes());
        hasher.write_u8(0xff);
        hasher.write(product.as_bytes());
        hasher.write_u8(0xff);
        hasher.write(category.as_bytes());
        hasher.write_u8(0xff);
        hasher.write(currency.as_str().as_bytes());
        let key = hasher.finish();
        let is = |l: &Label| {
            l.sku == sku && l.product == product && l.category == category && l.currency == currency
        };
        let mut last = match self.first.get(&key) {
            None => {
                let id = self.push(sku, product, category, currency);
                self.first.insert(key, id);
                return id;
            }
            Some(&head) => head,
        };
        loop {
            if is(&self.list[last as usize]) {
                return last;
            }
            match self.next[last as usize] {
                NONE => break,
                next => last = next,
            }
        }
        let id = self.push(sku, product, category, currency);
        self.next[last as usize] = id;
        id
    }

    fn push(&mut self, sku: &str, product: &str, category: &str, currency: Currency) -> u32 {
        self.list.push(Label {
            sku: sku.to_string(),
            product: product.to_string(),
            category: category.to_string(),
            currency,
            stamps: Vec::new(),
            compacted: 0,
        });
        self.next.push(NONE);
        (self.list.len() - 1) as u32
    }
}

/// Collects every customer and purchase, page by page, for the
/// [`Analyser`](super::Analyser). Keeps 20 bytes per purchase (the
/// [`Txn`] and a label id) and the distinct (SKU, product, category)
/// labels; never the purchase records. Purchases of every currency are
/// collected and counted per currency; the analysis reads only the main
/// currency's (see [`Collected::currency`]).
///
/// Deleted records (tombstones) are skipped. Customers get indexes in the
/// order [`Collector::customer`] registers them; customers known only from
/// purchases (their customer record was not registered) come after them,
/// in id order, so the result does not depend on the order of the pages.
#[derive(Debug, Default)]
pub struct Collector {
    index: HashMap<Id, u32, FastHash>,
    ids: Vec<Id>,
    registered: Vec<bool>,
    /// Indexes in the order their customers were registered.
    registration: Vec<u32>,
    txns: Vec<Txn>,
    labels_of: Vec<u32>,
    labels: Labels,
    tally: CurrencyTally,
}

impl Collector {
    pub fn new() -> Collector {
        Collector::default()
    }

    fn index(&mut self, id: Id) -> u32 {
        let ids = &mut self.ids;
        let registered = &mut self.registered;
        *self.index.entry(id).or_insert_with(|| {
            ids.push(id);
            registered.push(false);
            (ids.len() - 1) as u32
        })
    }

    /// Registers a customer (with or without purchases). A customer
    /// registered twice keeps its first place.
    pub fn customer(&mut self, customer: &Customer) {
        if customer.deleted {
            return;
        }
        let i = self.index(customer.id);
        if !self.registered[i as usize] {
            self.registered[i as usize] = true;
            self.registration.push(i);
        }
    }

    /// Adds a page of purchases (deleted ones are skipped). The page can be
    /// dropped afterwards.
    pub fn purchases(&mut self, page: &[Purchase]) {
        self.txns.reserve(page.len());
        self.labels_of.reserve(page.len());
        for p in page.iter().filter(|p| !p.deleted) {
            let customer = self.index(p.customer_id);
            let day = day_of(p.date);
            self.tally.add(p.currency, p.amount.minor());
            let label = self
                .labels
                .intern(p.sku.trim(), &p.product, p.category.trim(), p.currency);
            self.labels.list[label as usize].note(day, p.updated_at);
            self.txns.push(Txn {
                customer,
                day,
                amount: p.amount.minor(),
            });
            self.labels_of.push(label);
        }
    }

    /// Customers so far (registered or known from purchases).
    pub fn customers(&self) -> usize {
        self.ids.len()
    }

    /// Live purchases so far.
    pub fn purchase_count(&self) -> usize {
        self.txns.len()
    }

    /// The collected data, customers in their final order. Cheap: sorts
    /// only the ids of customers known from purchases alone (the purchases
    /// are renumbered later, in the analysis' first bounded steps).
    pub fn finish(self) -> Collected {
        let Collector {
            mut index,
            ids,
            registered,
            mut registration,
            txns,
            labels_of,
            labels,
            tally,
        } = self;
        let mut unregistered: Vec<u32> = (0..ids.len() as u32)
            .filter(|&i| !registered[i as usize])
            .collect();
        unregistered.sort_unstable_by_key(|&i| ids[i as usize]);
        registration.extend(unregistered);
        let order = registration;
        let identity = order
            .iter()
            .enumerate()
            .all(|(new, &old)| new == old as usize);
        let (ids, remap) = if identity {
            (ids, None)
        } else {
            let mut remap = vec![0u32; ids.len()];
            for (new, &old) in order.iter().enumerate() {
                remap[old as usize] = new as u32;
            }
            for value in index.values_mut() {
                *value = remap[*value as usize];
            }
            (
                order.iter().map(|&old| ids[old as usize]).collect(),
                Some(remap),
            )
        };
        Collected {
            ids,
            index,
            remap,
            txns,
            labels_of,
            labels: labels.list,
            tally,
        }
    }
}

/// What a [`Collector`] gathered, ready for an [`Analyser`](super::Analyser).
#[derive(Debug, Clone)]
pub struct Collected {
    /// Customer ids in their final index order.
    pub(super) ids: Vec<Id>,
    /// Id → final index.
    pub(super) index: HashMap<Id, u32, FastHash>,
    /// Collection index → final index, when they differ.
    pub(super) remap: Option<Vec<u32>>,
    /// Purchases with collection-order customer indexes.
    pub(super) txns: Vec<Txn>,
    pub(super) labels_of: Vec<u32>,
    pub(super) labels: Vec<Label>,
    pub(super) tally: CurrencyTally,
}

impl Collected {
    /// Customers (registered or known from purchases).
    pub fn customers(&self) -> usize {
        self.ids.len()
    }

    /// Live purchases, whatever their date and currency.
    pub fn purchases(&self) -> usize {
        self.txns.len()
    }

    /// The currency the analysis reads: the one with the most purchases,
    /// TRY on ties (see [`CurrencyTally::main`]).
    pub fn currency(&self) -> Currency {
        self.tally.main()
    }

    /// Live purchases per currency, whatever their date.
    pub fn tally(&self) -> &CurrencyTally {
        &self.tally
    }

    /// Customer ids in index order.
    pub fn ids(&self) -> &[Id] {
        &self.ids
    }
}
