//! Matching parsed rows against stored records, so that importing a file
//! twice (or re-importing an export) creates nothing new.

use std::collections::HashMap;

use super::same_email;
use crate::model::{Customer, Id, Purchase, Tier};

/// What a customer import will write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerPlan {
    /// Customers that match no stored customer (rows of the file that match
    /// each other are already merged into one).
    pub create: Vec<Customer>,
    /// Stored customers with the file's data merged in, only those that
    /// actually changed. Each keeps its id and `created_at`.
    pub update: Vec<Customer>,
    /// Stored customers the file matched without changing anything.
    pub unchanged: usize,
    /// Rows merged into another row of the same file.
    pub merged_in_file: usize,
}

/// What a purchase import will write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PurchasePlan {
    pub create: Vec<Purchase>,
    /// Rows skipped because the purchase is already stored.
    pub existing: usize,
}

/// The keys a customer is matched by: `id:<uuid>`, then
/// [`Customer::match_keys`] (`ext:…`, `email:…`, `phone:…`), strongest
/// first. The store's index for [`plan_customers`] must use these keys, and
/// [`super::CustomerRef::match_key`] gives keys of the same form.
pub fn customer_match_keys(c: &Customer) -> Vec<String> {
    let mut keys = Vec::with_capacity(1 + c.emails.len() + c.phones.len() + 1);
    keys.push(format!("id:{}", c.id));
    keys.extend(c.match_keys());
    keys
}

/// Merges `from` into `into`: `into` keeps its id, `created_at` and every
/// scalar it already has (names, external id, city, owner, a tier other
/// than standard); lists are unioned (emails by match key, phones, tags,
/// products; identities by handle, keeping the larger follower count);
/// consent decisions of `from` are appended unless already present or
/// merely restating the consent in force; custom fields of `from` win.
///
/// Returns whether `into` changed.
pub fn merge_customer(into: &mut Customer, from: &Customer) -> bool {
    let mut changed = false;
    let mut fill = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() && value.is_some() {
            slot.clone_from(value);
            changed = true;
        }
    };
    fill(&mut into.external_id, &from.external_id);
    fill(&mut into.city, &from.city);
    fill(&mut into.owner, &from.owner);
    for (name, value) in [
        (&mut into.first_name, &from.first_name),
        (&mut into.last_name, &from.last_name),
    ] {
        if name.is_empty() && !value.is_empty() {
            name.clone_from(value);
            changed = true;
        }
    }
    if into.tier == Tier::Standard && from.tier != Tier::Standard {
        into.tier = from.tier;
        changed = true;
    }
    for e in &from.emails {
        if !into.emails.iter().any(|x| same_email(x, e)) {
            into.emails.push(e.clone());
            changed = true;
        }
    }
    for p in &from.phones {
        if !into.phones.contains(p) {
            into.phones.push(p.clone());
            changed = true;
        }
    }
    for (list, items) in [
        (&mut into.tags, &from.tags),
        (&mut into.products, &from.products),
    ] {
        for item in items {
            if !list.contains(item) {
                list.push(item.clone());
                changed = true;
            }
        }
    }
    for identity in &from.identities {
        match into
            .identities
            .iter_mut()
            .find(|x| x.handle == identity.handle)
        {
            Some(known) if known.followers >= identity.followers => {}
            Some(known) => {
                known.followers = identity.followers;
                changed = true;
            }
            None => {
                into.identities.push(identity.clone());
                changed = true;
            }
        }
    }
    for decision in &from.consents {
        if into.consents.contains(decision) {
            continue;
        }
        let restates = into
            .consent(decision.channel)
            .is_some_and(|now| now.granted == decision.granted && decision.at >= now.at);
        if !restates {
            into.consents.push(decision.clone());
            changed = true;
        }
    }
    for (name, value) in &from.custom {
        if into.custom.get(name) != Some(value) {
            into.custom.insert(name.clone(), value.clone());
            changed = true;
        }
    }
    changed
}

/// A customer being built from one or more rows, possibly starting from a
/// stored customer.
struct Group {
    customer: Customer,
    stored: bool,
    /// Whether a row changed the stored customer.
    changed: bool,
}

/// The state of [`plan_customers`]: groups joined with union-find, so that
/// merging groups never rewrites the key index.
struct Planner<'a> {
    groups: Vec<Group>,
    parent: Vec<usize>,
    by_key: HashMap<String, usize>,
    by_stored_id: HashMap<Id, usize>,
    existing: &'a dyn Fn(&str) -> Option<Customer>,
}

impl Planner<'_> {
    fn root(&mut self, mut g: usize) -> usize {
        while self.parent[g] != g {
            self.parent[g] = self.parent[self.parent[g]];
            g = self.parent[g];
        }
        g
    }

    fn add_group(&mut self, customer: Customer, stored: bool) -> usize {
        let g = self.groups.len();
        self.groups.push(Group {
            customer,
            stored,
            changed: false,
        });
        self.parent.push(g);
        g
    }

    fn index(&mut self, keys: Vec<String>, g: usize) {
        for key in keys {
            self.by_key.entry(key).or_insert(g);
        }
    }

    /// The group of a stored customer, created on first sight.
    fn stored_group(&mut self, stored: Customer) -> usize {
        if let Some(&g) = self.by_stored_id.get(&stored.id) {
            return self.root(g);
        }
        let keys = customer_match_keys(&stored);
        let id = stored.id;
        let g = self.add_group(stored, true);
        self.by_stored_id.insert(id, g);
        self.index(keys, g);
        g
    }

    fn add_row(&mut self, row: Customer) {
        let keys = customer_match_keys(&row);
        // Groups the row matches, strongest key first. Once a stored
        // customer is among them, the store is not asked again: one row
        // updates at most one stored customer.
        let mut hits: Vec<usize> = Vec::new();
        let mut stored_hit = false;
        for key in &keys {
            let hit = match self.by_key.get(key) {
                Some(&g) => Some(self.root(g)),
                None if !stored_hit => (self.existing)(key).map(|s| self.stored_group(s)),
                None => None,
            };
            if let Some(g) = hit
                && !hits.contains(&g)
            {
                stored_hit |= self.groups[g].stored;
                hits.push(g);
            }
        }
        let target = hits
            .iter()
            .copied()
            .find(|g| self.groups[*g].stored)
            .or_else(|| hits.first().copied());
        let Some(target) = target else {
            let g = self.add_group(row, false);
            self.index(keys, g);
            return;
        };
        let mut changed = merge_customer(&mut self.groups[target].customer, &row);
        for g in hits {
            // Two stored customers never merge: that would need a delete.
            if g != target && !self.groups[g].stored {
                let other =
                    std::mem::replace(&mut self.groups[g].customer, Customer::new(row.id, "", ""));
                changed |= merge_customer(&mut self.groups[target].customer, &other);
                self.parent[g] = target;
            }
        }
        self.groups[target].changed |= changed;
        self.index(keys, target);
    }
}

/// Plans a customer import: each row is matched by [`customer_match_keys`]
/// against the rows before it and against stored customers (`existing`
/// looks one key up in the store and should only return live customers).
/// A match merges with [`merge_customer`]: rows into the stored customer, or
/// later rows into the first row of the file they match. Runs in time linear
/// in the rows (hash lookups, no pairwise comparison).
pub fn plan_customers(
    rows: Vec<(usize, Customer)>,
    existing: &dyn Fn(&str) -> Option<Customer>,
) -> CustomerPlan {
    let count = rows.len();
    let mut planner = Planner {
        groups: Vec::with_capacity(count),
        parent: Vec::with_capacity(count),
        by_key: HashMap::with_capacity(count * 3),
        by_stored_id: HashMap::new(),
        existing,
    };
    for (_, row) in rows {
        planner.add_row(row);
    }
    let mut plan = CustomerPlan::default();
    let mut live = 0;
    for (g, group) in planner.groups.into_iter().enumerate() {
        if planner.parent[g] != g {
            continue;
        }
        live += 1;
        match (group.stored, group.changed) {
            (false, _) => plan.create.push(group.customer),
            (true, false) => plan.unchanged += 1,
            (true, true) => plan.update.push(group.customer),
        }
    }
    plan.merged_in_file = count - live;
    plan
}

/// The key that identifies a purchase without ids: customer, date, amount
/// in minor units and SKU (`<customer id>|2024-03-01|123450|SKU-1`).
pub fn purchase_natural_key(p: &Purchase) -> String {
    format!(
        "{}|{}|{}|{}",
        p.customer_id,
        p.date.format("%Y-%m-%d"),
        p.amount.minor(),
        p.sku
    )
}

/// Plans a purchase import: rows for which `existing` says the purchase is
/// stored (matched by id, external id or [`purchase_natural_key`], as the
/// store's indexes allow) are skipped. Identical rows within one file are
/// kept: buying the same thing twice a day is a real pattern.
pub fn plan_purchases(
    rows: Vec<(usize, Purchase)>,
    existing: &dyn Fn(&Purchase) -> bool,
) -> PurchasePlan {
    let mut plan = PurchasePlan::default();
    for (_, p) in rows {
        if existing(&p) {
            plan.existing += 1;
        } else {
            plan.create.push(p);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::csv_io::{
        auto_map_customers, decode, detect_delimiter, export_customers, parse_customers, read_table,
    };
    use crate::model::{Consent, ConsentChannel, Currency, Email, Money, Phone, SalesChannel};

    fn id(n: u8) -> Id {
        Id::v7(1_700_000_000_000, [n; 10])
    }

    fn parse(text: &str, now: i64) -> Vec<(usize, Customer)> {
        let text = decode(text.as_bytes()).text;
        let table = read_table(&text, detect_delimiter(&text)).unwrap();
        let mapping = auto_map_customers(&table.headers);
        let mut n = 100u8;
        let parsed = parse_customers(&table, &mapping, now, &mut || {
            n += 1;
            id(n)
        });
        assert_eq!(parsed.rejected, []);
        parsed.rows
    }

    /// A store index as the app would build it.
    fn index(customers: &[Customer]) -> HashMap<String, Customer> {
        let mut map = HashMap::new();
        for c in customers {
            for key in customer_match_keys(c) {
                map.entry(key).or_insert_with(|| c.clone());
            }
        }
        map
    }

    fn stored() -> Customer {
        let mut c = Customer::new(id(1), "Ayşe", "Yılmaz");
        c.emails.push(Email::parse("ayse@ornek.com").unwrap());
        c.tier = Tier::Gold;
        c.tags.push("vip".into());
        c.created_at = 42;
        c.consents.push(Consent {
            channel: ConsentChannel::Sms,
            granted: true,
            at: 10,
            source: "web".into(),
        });
        c
    }

    #[test]
    fn rows_of_one_file_that_match_each_other_merge_into_one() {
        let rows = parse(
            "ad;soyad;e-posta;telefon;etiketler\n\
             Ali;Veli;ali@ornek.com;;a\n\
             Ali;;ALI@ornek.com;05321234567;b\n\
             ;Veli;;0532 123 45 67;c\n\
             Can;Demir;can@ornek.com;;\n",
            1,
        );
        let plan = plan_customers(rows, &|_| None);
        assert_eq!(plan.create.len(), 2);
        assert_eq!(plan.merged_in_file, 2);
        let ali = &plan.create[0];
        assert_eq!(ali.id, id(101));
        assert_eq!(ali.full_name(), "Ali Veli");
        assert_eq!(ali.tags, ["a", "b", "c"]);
        assert_eq!(ali.phones.len(), 1);
    }

    #[test]
    fn a_row_that_links_two_earlier_rows_joins_them() {
        let rows = parse(
            "name,email,phone\n\
             Ali Veli,ali@ornek.com,\n\
             Ali V.,,05321234567\n\
             Ali,ali@ornek.com,05321234567\n",
            1,
        );
        let plan = plan_customers(rows, &|_| None);
        assert_eq!(plan.create.len(), 1);
        assert_eq!(plan.merged_in_file, 2);
        assert_eq!(plan.create[0].emails.len(), 1);
        assert_eq!(plan.create[0].phones.len(), 1);
    }

    #[test]
    fn a_matching_row_fills_the_stored_customer_and_keeps_its_id() {
        let store = index(&[stored()]);
        let rows = parse(
            "ad;soyad;e-posta;şehir;üyelik;etiketler;sms izni\n\
             Ayşe;Kaya;AYSE@ornek.com;İzmir;gümüş;iphone;evet\n",
            99,
        );
        let plan = plan_customers(rows, &|k| store.get(k).cloned());
        assert_eq!((plan.create.len(), plan.unchanged), (0, 0));
        let c = &plan.update[0];
        assert_eq!((c.id, c.created_at), (id(1), 42));
        assert_eq!(c.last_name, "Yılmaz", "filled scalars stay");
        assert_eq!(c.city.as_deref(), Some("İzmir"));
        assert_eq!(c.tier, Tier::Gold);
        assert_eq!(c.tags, ["vip", "iphone"]);
        assert_eq!(c.consents.len(), 1, "restating consent adds nothing");
    }

    #[test]
    fn importing_the_same_foreign_file_twice_changes_nothing_the_second_time() {
        let file = "name;email;consent_email;tags\nAli Veli;ali@ornek.com;evet;a|b\n";
        let first = plan_customers(parse(file, 1), &|_| None);
        let store = index(&first.create);
        let second = plan_customers(parse(file, 2), &|k| store.get(k).cloned());
        assert_eq!(second.create, []);
        assert_eq!(second.update, []);
        assert_eq!(second.unchanged, 1);
    }

    #[test]
    fn re_importing_an_exported_file_creates_nothing_new() {
        let mut other = Customer::new(id(2), "Can", "Demir");
        other.phones.push(Phone::parse("05321234567").unwrap());
        other.custom.insert("not".into(), "=1+1".into());
        let customers = vec![stored(), other];
        let store = index(&customers);
        let plan = plan_customers(parse(&export_customers(&customers), 5), &|k| {
            store.get(k).cloned()
        });
        assert_eq!(plan.create, []);
        assert_eq!(plan.update, []);
        assert_eq!(plan.unchanged, 2);
    }

    #[test]
    fn two_stored_customers_are_never_merged_into_one() {
        let mut a = Customer::new(id(1), "Ali", "Veli");
        a.emails.push(Email::parse("ali@ornek.com").unwrap());
        let mut b = Customer::new(id(2), "Ali", "Veli");
        b.phones.push(Phone::parse("05321234567").unwrap());
        let store = index(&[a, b]);
        let rows = parse("name,email,phone\nAli Veli,ali@ornek.com,05321234567\n", 1);
        let plan = plan_customers(rows, &|k| store.get(k).cloned());
        assert_eq!(plan.create, []);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].id, id(1));
    }

    #[test]
    fn stored_purchases_are_skipped_by_natural_key() {
        let p = |sku: &str| Purchase {
            id: id(50),
            customer_id: id(1),
            external_id: None,
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            amount: Money::from_minor(1_050),
            currency: Currency::TRY,
            sku: sku.into(),
            product: String::new(),
            category: String::new(),
            channel: SalesChannel::Store,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        let stored = purchase_natural_key(&p("A"));
        assert_eq!(stored, format!("{}|2024-03-01|1050|A", id(1)));
        let plan = plan_purchases(vec![(2, p("A")), (3, p("B")), (4, p("B"))], &|x| {
            purchase_natural_key(x) == stored
        });
        assert_eq!(plan.existing, 1);
        assert_eq!(
            plan.create.len(),
            2,
            "same purchase twice in a file is kept"
        );
    }
}
