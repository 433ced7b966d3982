//! Property tests: an export read back through the whole import pipeline
//! (decode → delimiter → table → auto-mapping → parse) gives back what was
//! exported, and planning it against the exported records changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::model::{
    Consent, ConsentChannel, Currency, Customer, Email, Handle, Id, Money, Phone, Platform,
    Purchase, SalesChannel, SocialIdentity, Tier,
};

const NOW: i64 = 1_750_000_000_000;

/// Text as users type it: any Unicode, often starting with a formula
/// character or a quote, with commas, quotes and line breaks inside.
/// Trimmed, because imports trim.
fn text() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "", "", "=", "+", "-", "@", "'", "''", "'=", "\"", ",", "|",
    ]);
    let body = prop_oneof![any::<String>(), "[a-zA-ZçğıöşüÇĞİÖŞÜ ,;\"'\r\n=+@-]{0,12}",];
    (prefix, body).prop_map(|(p, b)| format!("{p}{b}").trim().to_string())
}

fn non_empty_text() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.is_empty())
}

/// Items of a `|`-separated list: non-empty, without `|`, unique.
fn word_list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(non_empty_text(), 0..4).prop_map(|items| {
        let mut out: Vec<String> = Vec::new();
        for item in items {
            let item = item.replace('|', "/").trim().to_string();
            if !item.is_empty() && !out.contains(&item) {
                out.push(item);
            }
        }
        out
    })
}

fn id() -> impl Strategy<Value = Id> {
    (0u64..4_000_000_000_000, any::<[u8; 10]>()).prop_map(|(ms, r)| Id::v7(ms, r))
}

fn email() -> impl Strategy<Value = Email> {
    "[a-z0-9=+_-][a-z0-9.=+_'-]{0,8}@[a-zçş0-9]{1,8}\\.[a-z]{2,4}"
        .prop_filter_map("valid email", |s| Email::parse(&s).ok())
}

fn phone() -> impl Strategy<Value = Phone> {
    prop_oneof!["05[0-9]{9}", "\\+[1-8][0-9]{7,13}"]
        .prop_filter_map("valid phone", |s| Phone::parse(&s).ok())
}

fn identity() -> impl Strategy<Value = SocialIdentity> {
    let platform = prop::sample::select(Platform::ALL.to_vec());
    let name = prop_oneof!["[a-z0-9]{5,15}", "[a-z0-9._-]{5,14}"];
    (platform, name, any::<u64>()).prop_filter_map("valid handle", |(p, name, followers)| {
        let handle = Handle::parse(p, &name).ok()?;
        // A name that begins with the platform's host does not read back.
        (Handle::parse(p, handle.name()).ok()? == handle).then_some(SocialIdentity {
            handle,
            followers,
            source: None,
        })
    })
}

fn consent() -> impl Strategy<Value = Consent> {
    (
        prop::sample::select(ConsentChannel::ALL.to_vec()),
        any::<bool>(),
        any::<i64>(),
        any::<String>(),
    )
        .prop_map(|(channel, granted, at, source)| Consent {
            channel,
            granted,
            at,
            source,
        })
}

fn customer() -> impl Strategy<Value = Customer> {
    let names = (text(), text()).prop_filter("a name", |(f, l)| !f.is_empty() || !l.is_empty());
    let contacts = (
        prop::collection::vec(email(), 0..3),
        prop::collection::vec(phone(), 0..3),
        prop::collection::vec(identity(), 0..4),
    );
    let scalars = (
        prop::option::of(non_empty_text()),
        prop::option::of(non_empty_text()),
        prop::option::of(non_empty_text()),
        prop::sample::select(Tier::ALL.to_vec()),
    );
    let rest = (
        word_list(),
        word_list(),
        prop::collection::vec(consent(), 0..4),
        prop::collection::btree_map(non_empty_text(), non_empty_text(), 0..3),
        any::<i64>(),
    );
    (id(), names, contacts, scalars, rest).prop_map(
        |(id, (first, last), (emails, phones, identities), scalars, rest)| {
            let (external_id, city, owner, tier) = scalars;
            let (tags, products, consents, custom, created_at) = rest;
            let mut c = Customer::new(id, &first, &last);
            for e in emails {
                if !c.emails.iter().any(|x| x.match_key() == e.match_key()) {
                    c.emails.push(e);
                }
            }
            for p in phones {
                if !c.phones.contains(&p) {
                    c.phones.push(p);
                }
            }
            for i in identities {
                if !c.identities.iter().any(|x| x.handle == i.handle) {
                    c.identities.push(i);
                }
            }
            c.external_id = external_id;
            c.city = city;
            c.owner = owner;
            c.tier = tier;
            c.tags = tags;
            c.products = products;
            c.consents = consents;
            c.custom = custom;
            c.created_at = created_at;
            c
        },
    )
}

/// Customers with distinct ids, as a store holds them.
fn customers() -> impl Strategy<Value = Vec<Customer>> {
    prop::collection::vec(customer(), 0..5).prop_map(|list| {
        let mut seen = HashSet::new();
        list.into_iter().filter(|c| seen.insert(c.id)).collect()
    })
}

/// What an import gives back for an exported customer: the same customer,
/// identities grouped by platform, stamped at the import time.
fn as_imported(c: &Customer) -> Customer {
    let mut c = c.clone();
    let rank = |i: &SocialIdentity| Platform::ALL.iter().position(|p| *p == i.handle.platform());
    c.identities.sort_by_key(rank);
    c.updated_at = NOW;
    c
}

fn read(text: &str) -> Table {
    let decoded = decode(text.as_bytes());
    assert_eq!(decoded.encoding, "UTF-8");
    let delimiter = detect_delimiter(&decoded.text);
    assert_eq!(delimiter, b',');
    read_table(&decoded.text, delimiter).expect("an export reads as a table")
}

fn store(customers: &[Customer]) -> HashMap<String, Customer> {
    let mut map = HashMap::new();
    for c in customers {
        for key in customer_match_keys(c) {
            map.entry(key).or_insert_with(|| c.clone());
        }
    }
    map
}

fn purchase(customer_ids: Vec<Id>) -> impl Strategy<Value = Purchase> {
    let customer_id = prop::sample::select(customer_ids);
    let date = (1000i32..=9999, 1u32..=365)
        .prop_filter_map("a date", |(y, d)| NaiveDate::from_yo_opt(y, d));
    let amount = -100_000_000_000_000i64..=100_000_000_000_000;
    let currency = "[A-Za-z]{3}".prop_filter_map("currency", |s| Currency::parse(&s).ok());
    (
        (id(), customer_id, prop::option::of(non_empty_text())),
        (date, amount, currency),
        (text(), text(), text()),
        prop::sample::select(SalesChannel::ALL.to_vec()),
    )
        .prop_map(
            |((id, customer_id, external_id), (date, amount, currency), text, channel)| {
                let (sku, product, category) = text;
                Purchase {
                    id,
                    customer_id,
                    external_id,
                    date,
                    amount: Money::from_minor(amount),
                    currency,
                    sku,
                    product,
                    category,
                    channel,
                    updated_at: 0,
                    version: Default::default(),
                    stamps: Default::default(),
                    deleted: false,
                }
            },
        )
}

/// Purchases with distinct ids and external ids, as a store holds them.
fn purchases() -> impl Strategy<Value = (Vec<Id>, Vec<Purchase>)> {
    prop::collection::vec(id(), 1..4).prop_flat_map(|customer_ids| {
        let list = prop::collection::vec(purchase(customer_ids.clone()), 0..6).prop_map(|list| {
            let mut ids = HashSet::new();
            let mut external = HashSet::new();
            list.into_iter()
                .filter(|p| {
                    ids.insert(p.id)
                        && p.external_id
                            .as_ref()
                            .is_none_or(|e| external.insert(e.clone()))
                })
                .collect::<Vec<_>>()
        });
        (Just(customer_ids), list)
    })
}

proptest! {
    #[test]
    fn exported_customers_import_back_equal(customers in customers()) {
        let table = read(&export_customers(&customers));
        let mapping = auto_map_customers(&table.headers);
        prop_assert!(!mapping.columns.contains(&CustomerField::Ignore));
        let mut unused = || panic!("every exported row has an id");
        let parsed = parse_customers(&table, &mapping, NOW, &mut unused);
        prop_assert_eq!(&parsed.rejected, &Vec::new());
        let back: Vec<Customer> = parsed.rows.into_iter().map(|(_, c)| c).collect();
        let expected: Vec<Customer> = customers.iter().map(as_imported).collect();
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn re_importing_exported_customers_changes_nothing(customers in customers()) {
        let table = read(&export_customers(&customers));
        let mapping = auto_map_customers(&table.headers);
        let parsed = parse_customers(&table, &mapping, NOW, &mut || panic!("no new id"));
        // Stored customers are as an earlier import left them.
        let stored: Vec<Customer> = customers.iter().map(as_imported).collect();
        let index = store(&stored);
        let plan = plan_customers(parsed.rows, &|k| index.get(k).cloned());
        prop_assert_eq!(plan.create.len(), 0);
        prop_assert_eq!(plan.update.len(), 0);
        prop_assert_eq!(plan.unchanged, customers.len());
    }

    #[test]
    fn exported_purchases_import_back_equal((customer_ids, purchases) in purchases()) {
        let known: HashSet<Id> = customer_ids.iter().copied().collect();
        let text = export_purchases(&purchases, &|id| Some(format!("=EXT,{id}")));
        let table = read(&text);
        let mapping = auto_map_purchases(&table.headers);
        prop_assert!(!mapping.columns.contains(&PurchaseField::Ignore));
        let resolve = |r: &CustomerRef| match r {
            CustomerRef::Id(id) if known.contains(id) => Some(*id),
            _ => None,
        };
        let parsed = parse_purchases(&table, &mapping, &resolve, &mut || panic!("no new id"));
        prop_assert_eq!(&parsed.rejected, &Vec::new());
        let back: Vec<Purchase> = parsed.rows.into_iter().map(|(_, p)| p).collect();
        prop_assert_eq!(&back, &purchases);
        let stored: HashSet<String> = purchases.iter().map(purchase_natural_key).collect();
        let plan = plan_purchases(
            back.into_iter().enumerate().collect(),
            &|p| stored.contains(&purchase_natural_key(p)),
        );
        prop_assert_eq!(plan.create.len(), 0);
        prop_assert_eq!(plan.existing, purchases.len());
    }

    #[test]
    fn neutralising_then_unneutralising_gives_back_any_cell(cell in any::<String>()) {
        let safe = neutralise_cell(&cell);
        prop_assert_eq!(unneutralise_cell(&safe), cell.as_str());
    }

    #[test]
    fn a_neutralised_cell_never_starts_a_formula(cell in any::<String>()) {
        let safe = neutralise_cell(&cell);
        prop_assert!(!safe.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }

    #[test]
    fn decoding_never_fails_and_keeps_utf8_text(text in any::<String>(), bytes in any::<Vec<u8>>()) {
        let decoded = decode(text.as_bytes());
        prop_assert_eq!(
            decoded.text.trim_start_matches('\u{FEFF}'),
            text.trim_start_matches('\u{FEFF}')
        );
        let _ = decode(&bytes);
    }
}

#[test]
fn custom_fields_named_like_known_columns_stay_custom() {
    let mut c = Customer::new(Id::v7(1, [1; 10]), "Ali", "Veli");
    c.custom = BTreeMap::from([
        ("email".to_string(), "not an email".to_string()),
        ("custom:x".to_string(), "y".to_string()),
    ]);
    let table = read(&export_customers(std::slice::from_ref(&c)));
    let mapping = auto_map_customers(&table.headers);
    let parsed = parse_customers(&table, &mapping, NOW, &mut || panic!("no new id"));
    assert_eq!(parsed.rows[0].1.custom, c.custom);
}

proptest! {
    #[test]
    fn members_with_value_columns_import_back_as_the_same_customers(customers in customers()) {
        let extra = ["rfm_segment", "clv"];
        let text = export_customers_with(&customers, &extra, |c| {
            vec![format!("=HYPERLINK(\"{}\")", c.first_name), "12.5".into()]
        });
        let table = read(&text);
        prop_assert_eq!(
            &table.headers[table.headers.len() - 2..],
            &["computed:rfm_segment".to_string(), "computed:clv".to_string()][..]
        );
        for row in &table.rows {
            // The formula-looking value came out neutralised.
            prop_assert!(row.cells[row.cells.len() - 2].starts_with("'="));
        }
        let mapping = auto_map_customers(&table.headers);
        prop_assert_eq!(
            &mapping.columns[mapping.columns.len() - 2..],
            &[CustomerField::Ignore, CustomerField::Ignore][..]
        );
        let parsed = parse_customers(&table, &mapping, NOW, &mut || panic!("no new id"));
        prop_assert_eq!(&parsed.rejected, &Vec::new());
        let back: Vec<Customer> = parsed.rows.into_iter().map(|(_, c)| c).collect();
        let expected: Vec<Customer> = customers.iter().map(as_imported).collect();
        prop_assert_eq!(back, expected);
    }
}
