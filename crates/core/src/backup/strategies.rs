//! proptest strategies for the model types, shared by every module's
//! property tests (`use crate::backup::strategies::*`).
//!
//! Values are valid by construction (they go through the `parse`
//! constructors), names and free text range over all of Unicode with extra
//! weight on Turkish letters, and every optional part is sometimes missing,
//! so round-trip tests see the shapes real data has, tombstones included.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;

use crate::segment::SavedSegment;
use crate::segment::strategies::saved_segment;

use crate::model::{
    Consent, ConsentChannel, Currency, Customer, Direction, Email, Handle, Id, Interaction,
    InteractionKind, Money, Phone, Platform, Purchase, SalesChannel, SocialIdentity, Stamp, Tier,
};

/// Letters a Turkish name is made of, plus the separators names contain.
const TURKISH_NAME: &str = "[A-Za-zÇĞİIÖŞÜçğıöşüÂâÎîÛû]{1,12}( [A-Za-zÇĞİÖŞÜçğıöşü'-]{1,10})?";

/// A person's or city's name: mostly Turkish, sometimes any Unicode text
/// (empty included), since imports bring whatever the source had.
pub(crate) fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => TURKISH_NAME,
        1 => "\\PC{0,16}",
        1 => any::<String>(),
    ]
}

/// Free text: notes, products, custom field values.
pub(crate) fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-ZçğıöşüÇĞİÖŞÜ0-9 .,!?₺%\"\\\\/\n]{0,40}",
        1 => any::<String>(),
    ]
}

prop_compose! {
    /// A UUID v7 id from a time and random bytes.
    pub(crate) fn id()(millis in 0u64..(1u64 << 48), random in any::<[u8; 10]>()) -> Id {
        Id::v7(millis, random)
    }
}

prop_compose! {
    /// A version stamp.
    pub(crate) fn stamp()(millis in 0u64..10u64.pow(15), counter in any::<u32>(), node in any::<u64>()) -> Stamp {
        Stamp { millis, counter, node }
    }
}

/// Unix milliseconds from 1970 to 2100.
pub(crate) fn millis() -> impl Strategy<Value = i64> {
    0i64..4_102_444_800_000
}

/// An email with an ASCII or Turkish domain.
pub(crate) fn email() -> impl Strategy<Value = Email> {
    (
        "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,10}[a-zA-Z0-9]",
        "[a-zçğıöşü0-9]{1,10}",
        prop::sample::select(vec!["com", "com.tr", "net", "org.tr", "io"]),
    )
        .prop_filter_map("valid email", |(local, domain, tld)| {
            Email::parse(&format!("{local}@{domain}.{tld}")).ok()
        })
}

/// A phone: Turkish mobile or landline written the Turkish way, or a
/// foreign number.
pub(crate) fn phone() -> impl Strategy<Value = Phone> {
    prop_oneof![
        "0[2-5][0-9]{2} [0-9]{3} [0-9]{2} [0-9]{2}",
        "\\+(1|44|49|33)[1-9][0-9]{7,9}",
    ]
    .prop_filter_map("valid phone", |text| Phone::parse(&text).ok())
}

pub(crate) fn platform() -> impl Strategy<Value = Platform> {
    prop::sample::select(Platform::ALL.to_vec())
}

/// A handle that is valid on its platform.
pub(crate) fn handle() -> impl Strategy<Value = Handle> {
    (platform(), "[a-z0-9]{3,8}([._-][a-z0-9]{2,6})?")
        .prop_map(|(platform, name)| {
            // Not every platform allows every separator: fall back to the
            // letters and digits alone, which all platforms accept.
            Handle::parse(platform, &name).or_else(|_| {
                let plain: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
                Handle::parse(platform, &format!("{plain}xyzw"))
            })
        })
        .prop_filter_map("valid handle", Result::ok)
}

prop_compose! {
    pub(crate) fn social_identity()(handle in handle(), followers in prop_oneof![0u64..10_000, any::<u64>()]) -> SocialIdentity {
        SocialIdentity { handle, followers, source: None }
    }
}

/// An amount between minus and plus a trillion, in minor units.
pub(crate) fn money() -> impl Strategy<Value = Money> {
    (-100_000_000_000_000i64..=100_000_000_000_000).prop_map(Money::from_minor)
}

pub(crate) fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        3 => Just(Currency::TRY),
        1 => "[A-Z]{3}".prop_filter_map("currency", |code| Currency::parse(&code).ok()),
    ]
}

/// A calendar date between 1950 and 2099.
pub(crate) fn date() -> impl Strategy<Value = NaiveDate> {
    (1950i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

pub(crate) fn tier() -> impl Strategy<Value = Tier> {
    prop::sample::select(Tier::ALL.to_vec())
}

prop_compose! {
    pub(crate) fn consent()(
        channel in prop::sample::select(ConsentChannel::ALL.to_vec()),
        granted in any::<bool>(),
        at in millis(),
        source in prop_oneof![Just("web form".to_string()), Just("mağaza".to_string()), free_text()],
    ) -> Consent {
        Consent { channel, granted, at, source }
    }
}

/// Custom fields: Turkish or arbitrary keys and values.
pub(crate) fn custom_fields() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(
        prop_oneof!["[a-zçğıöşü_]{1,12}", "\\PC{1,8}"],
        free_text(),
        0..4,
    )
}

prop_compose! {
    /// A live customer with any mix of contacts, identities and fields.
    pub(crate) fn live_customer()(
        (id, external_id, first_name, last_name) in
            (id(), option::of("[A-Z]{0,3}-?[0-9]{1,8}"), name(), name()),
        (emails, phones, identities, consents) in
            (vec(email(), 0..3), vec(phone(), 0..3), vec(social_identity(), 0..3), vec(consent(), 0..4)),
        (city, tier, tags, products, owner) in
            (option::of(name()), tier(), vec(name(), 0..4), vec(free_text(), 0..3), option::of(name())),
        custom in custom_fields(),
        (created_at, updated_at, version) in (millis(), millis(), stamp()),
    ) -> Customer {
        Customer {
            id, external_id, first_name, last_name, emails, phones, city, tier, tags, products,
            identities, consents, owner, custom, created_at, updated_at, version, deleted: false,
            merged_into: None,
            stamps: Default::default(),
        }
    }
}

prop_compose! {
    /// A customer's tombstone, shaped like `Batch::delete` leaves it: only
    /// the id, creation time, version and the flag.
    pub(crate) fn customer_tombstone()(
        id in id(),
        created_at in millis(),
        updated_at in millis(),
        version in stamp(),
    ) -> Customer {
        let mut c = Customer::new(id, "", "");
        c.created_at = created_at;
        c.updated_at = updated_at;
        c.version = version;
        c.deleted = true;
        c
    }
}

/// A customer: usually live, sometimes a tombstone.
pub(crate) fn customer() -> impl Strategy<Value = Customer> {
    prop_oneof![6 => live_customer(), 1 => customer_tombstone()]
}

prop_compose! {
    /// A purchase by `customer_id`, sometimes a tombstone.
    pub(crate) fn purchase_of(customer_id: Id)(
        (id, external_id, date) in (id(), option::of("[A-Z0-9-]{1,12}"), date()),
        (amount, currency) in (money(), currency()),
        (sku, product, category) in ("[A-Z0-9-]{0,12}", free_text(), name()),
        channel in prop::sample::select(SalesChannel::ALL.to_vec()),
        (updated_at, version, deleted) in (millis(), stamp(), prop::bool::weighted(0.1)),
    ) -> Purchase {
        Purchase {
            id, customer_id, external_id, date, amount, currency, sku, product, category,
            channel, updated_at, version, deleted,
            stamps: Default::default(),
        }
    }
}

prop_compose! {
    /// An interaction with `customer_id`, sometimes a tombstone.
    pub(crate) fn interaction_of(customer_id: Id)(
        id in id(),
        kind in prop::sample::select(InteractionKind::ALL.to_vec()),
        direction in prop::sample::select(vec![Direction::Inbound, Direction::Outbound, Direction::Internal]),
        at in millis(),
        text in free_text(),
        updated_at in millis(),
        version in stamp(),
        deleted in prop::bool::weighted(0.1),
    ) -> Interaction {
        Interaction {
            id, customer_id, kind, direction, at, text, updated_at, version, deleted,
            stamps: Default::default(),
        }
    }
}

/// Customers with their purchases and interactions, plus saved segments;
/// every id unique per kind and every purchase and interaction pointing at a
/// customer of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dataset {
    pub customers: Vec<Customer>,
    pub purchases: Vec<Purchase>,
    pub interactions: Vec<Interaction>,
    pub segments: Vec<SavedSegment>,
}

/// A [`Dataset`] of up to `max_customers` customers, each with up to three
/// purchases and three interactions, and up to three segments.
pub(crate) fn dataset(max_customers: usize) -> impl Strategy<Value = Dataset> {
    (
        vec(customer(), 0..=max_customers),
        vec(saved_segment(), 0..4),
    )
        .prop_map(|(customers, segments)| (unique_by_id(customers), unique_segments(segments)))
        .prop_flat_map(|(customers, segments)| {
            let purchases: Vec<_> = customers
                .iter()
                .map(|c| vec(purchase_of(c.id), 0..3))
                .collect();
            let interactions: Vec<_> = customers
                .iter()
                .map(|c| vec(interaction_of(c.id), 0..3))
                .collect();
            (Just(customers), purchases, interactions, Just(segments))
        })
        .prop_map(|(customers, purchases, interactions, segments)| Dataset {
            customers,
            segments,
            // Shrinking can make ids collide; a dataset never has duplicates.
            purchases: unique_purchases(purchases.into_iter().flatten().collect()),
            interactions: unique_interactions(interactions.into_iter().flatten().collect()),
        })
}

fn unique_by_id(mut customers: Vec<Customer>) -> Vec<Customer> {
    let mut seen = HashSet::new();
    customers.retain(|c| seen.insert(c.id));
    customers
}

fn unique_segments(mut segments: Vec<SavedSegment>) -> Vec<SavedSegment> {
    let mut seen = HashSet::new();
    segments.retain(|s| seen.insert(s.id));
    segments
}

fn unique_purchases(mut purchases: Vec<Purchase>) -> Vec<Purchase> {
    let mut seen = HashSet::new();
    purchases.retain(|p| seen.insert(p.id));
    purchases
}

fn unique_interactions(mut interactions: Vec<Interaction>) -> Vec<Interaction> {
    let mut seen = HashSet::new();
    interactions.retain(|i| seen.insert(i.id));
    interactions
}
