//! Tests of the demo generator: determinism, validity of every value, and
//! the statistical signal later analyses rely on.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;

use super::*;
use crate::identity::duplicates::{Level, scan};
use crate::model::{Email, Handle, Phone, Stamp};

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn spec(seed: u64, customers: usize) -> DemoSpec {
    DemoSpec::new(seed, customers, end())
}

/// The whole data set, generated in chunks of `chunk`.
fn generate(spec: DemoSpec, chunk: usize) -> DemoChunk {
    let mut generator = DemoGenerator::new(spec);
    let mut all = DemoChunk::default();
    while let Some(part) = generator.next_chunk(chunk) {
        all.customers.extend(part.customers);
        all.purchases.extend(part.purchases);
        all.interactions.extend(part.interactions);
    }
    all
}

/// The spec of the shared data set most tests look at.
fn shared_spec() -> DemoSpec {
    spec(2024, 5_000)
}

/// 5,000 customers, made once for all tests (a debug build takes seconds).
fn shared() -> &'static DemoChunk {
    static DATA: OnceLock<DemoChunk> = OnceLock::new();
    DATA.get_or_init(|| generate(shared_spec(), 1_000))
}

fn purchases_by_customer(data: &DemoChunk) -> HashMap<Id, Vec<&Purchase>> {
    let mut by: HashMap<Id, Vec<&Purchase>> = HashMap::new();
    for p in &data.purchases {
        by.entry(p.customer_id).or_default().push(p);
    }
    by
}

#[test]
fn the_same_seed_gives_identical_data_whatever_the_chunk_size() {
    let by_seven = generate(spec(42, 300), 7);
    let by_thousand = generate(spec(42, 300), 1000);
    assert_eq!(by_seven, by_thousand);
    assert!(!by_seven.purchases.is_empty() && !by_seven.interactions.is_empty());
}

#[test]
fn different_seeds_give_different_data() {
    let a = generate(spec(1, 50), 50);
    let b = generate(spec(2, 50), 50);
    assert_ne!(a.customers, b.customers);
    let names =
        |d: &DemoChunk| -> Vec<String> { d.customers.iter().map(|c| c.full_name()).collect() };
    assert_ne!(names(&a), names(&b));
}

#[test]
fn exactly_the_requested_number_of_customers_is_generated() {
    let mut generator = DemoGenerator::new(spec(3, 250));
    assert_eq!(generator.total(), 250);
    let mut sizes = Vec::new();
    while let Some(chunk) = generator.next_chunk(100) {
        sizes.push(chunk.customers.len());
    }
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(generator.generated(), 250);
    assert!(generator.next_chunk(100).is_none());
    let external: Vec<String> = generate(spec(3, 3), 1)
        .customers
        .iter()
        .filter_map(|c| c.external_id.clone())
        .collect();
    assert_eq!(external, ["M-000001", "M-000002", "M-000003"]);
}

#[test]
fn demo_sizes_name_their_customer_counts_and_two_years() {
    let s = DemoSize::Large.spec(end());
    assert_eq!(s.customers, 100_000);
    assert_eq!(s.years, 2);
    assert_eq!(s.start(), NaiveDate::from_ymd_opt(2023, 7, 1).unwrap());
    assert_eq!(DemoSize::Small.customers(), 1_000);
    assert_eq!(DemoSize::Medium.customers(), 10_000);
}

#[test]
fn every_purchase_and_interaction_belongs_to_a_customer_and_lies_within_the_period() {
    let s = shared_spec();
    let data = shared();
    let start_ms = s
        .start()
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp_millis();
    let end_ms = s.end.and_time(NaiveTime::MIN).and_utc().timestamp_millis() + DAY_MS;
    let customers: HashMap<Id, &Customer> = data.customers.iter().map(|c| (c.id, c)).collect();
    assert_eq!(customers.len(), 5_000);
    for p in &data.purchases {
        let c = customers
            .get(&p.customer_id)
            .expect("purchase of an emitted customer");
        assert!(p.date >= s.start() && p.date <= s.end, "{}", p.date);
        assert!(p.updated_at >= c.created_at && p.updated_at < end_ms);
        assert!(p.amount.minor() > 0);
        assert_eq!(p.currency, Currency::TRY);
        assert!(!p.deleted);
    }
    for i in &data.interactions {
        let c = customers
            .get(&i.customer_id)
            .expect("interaction of an emitted customer");
        assert!(i.at >= c.created_at && i.at < end_ms);
        assert!(!i.text.is_empty() && !i.text.contains('{'));
    }
    for c in &data.customers {
        assert!(c.created_at >= start_ms && c.updated_at >= c.created_at);
        assert!(c.updated_at < end_ms);
        for consent in &c.consents {
            assert!(consent.at >= c.created_at && consent.at < end_ms);
        }
        assert!(!c.deleted && c.version == Stamp::default());
    }
    let ids: HashSet<Id> = data
        .customers
        .iter()
        .map(|c| c.id)
        .chain(data.purchases.iter().map(|p| p.id))
        .chain(data.interactions.iter().map(|i| i.id))
        .collect();
    assert_eq!(
        ids.len(),
        data.customers.len() + data.purchases.len() + data.interactions.len()
    );
}

#[test]
fn every_email_phone_and_handle_parses_back_to_itself() {
    let data = shared();
    for c in &data.customers {
        for e in &c.emails {
            assert_eq!(Email::parse(e.as_str()).as_ref(), Ok(e));
            assert!(e.as_str().is_ascii(), "{e}");
        }
        for p in &c.phones {
            assert_eq!(Phone::parse(p.as_str()).as_ref(), Ok(p));
            let operator: u32 = p.as_str()[3..6].parse().unwrap();
            assert!((530..560).contains(&operator), "{p}");
        }
        for identity in &c.identities {
            let h = &identity.handle;
            assert_eq!(Handle::parse(h.platform(), h.name()).as_ref(), Ok(h));
            assert_eq!(
                Handle::parse(h.platform(), &h.profile_url()).as_ref(),
                Ok(h)
            );
        }
        assert_eq!(Tier::parse(c.tier.code()), Ok(c.tier));
    }
}

#[test]
fn emails_phones_and_handles_are_unique_across_people() {
    let data = shared();
    // Planted duplicates share a phone with their original on purpose.
    let second: HashSet<usize> = planted(&shared_spec())
        .duplicates
        .iter()
        .map(|d| d.duplicate)
        .collect();
    let mut emails = HashSet::new();
    let mut phones = HashSet::new();
    let mut handles = HashSet::new();
    for (_, c) in data
        .customers
        .iter()
        .enumerate()
        .filter(|(i, _)| !second.contains(i))
    {
        for e in &c.emails {
            assert!(emails.insert(e.match_key()), "{e} twice");
        }
        for p in &c.phones {
            assert!(phones.insert(p.clone()), "{p} twice");
        }
        for i in &c.identities {
            assert!(handles.insert(i.handle.key()), "{} twice", i.handle.key());
        }
    }
}

#[test]
fn contact_details_and_names_have_the_intended_mix() {
    let data = shared();
    let n = data.customers.len() as f64;
    let share =
        |f: &dyn Fn(&Customer) -> bool| data.customers.iter().filter(|c| f(c)).count() as f64 / n;
    let turkish = share(&|c| words::ENGLISH_FIRST.iter().all(|f| *f != c.first_name));
    assert!((0.8..0.9).contains(&turkish), "{turkish}");
    let with_email = share(&|c| !c.emails.is_empty());
    assert!((0.85..0.95).contains(&with_email), "{with_email}");
    let with_phone = share(&|c| !c.phones.is_empty());
    assert!((0.75..0.85).contains(&with_phone), "{with_phone}");
    let social = share(&|c| !c.identities.is_empty());
    assert!((0.4..0.5).contains(&social), "{social}");
    let istanbul = share(&|c| c.city.as_deref() == Some("İstanbul"));
    let ankara = share(&|c| c.city.as_deref() == Some("Ankara"));
    assert!(
        istanbul > 2.0 * ankara && ankara > 0.03,
        "{istanbul} {ankara}"
    );
    let standard = share(&|c| c.tier == Tier::Standard);
    let platinum = share(&|c| c.tier == Tier::Platinum);
    assert!(
        standard > 0.5 && platinum > 0.005 && platinum < 0.1,
        "{standard} {platinum}"
    );
    assert!(data.customers.iter().all(|c| c.tags.len() <= 3));
    let tagged = share(&|c| !c.tags.is_empty());
    assert!((0.1..0.6).contains(&tagged), "{tagged}");
    let withdrawn = share(&|c| c.consents.iter().any(|k| !k.granted));
    assert!(withdrawn > 0.1, "{withdrawn}");
}

#[test]
fn tiers_rise_with_spend() {
    let data = shared();
    let by = purchases_by_customer(data);
    let mut spend: HashMap<Tier, (i64, i64)> = HashMap::new();
    for c in &data.customers {
        let total: i64 = by[&c.id].iter().map(|p| p.amount.minor()).sum();
        let entry = spend.entry(c.tier).or_default();
        entry.0 += total;
        entry.1 += 1;
    }
    let mean = |t: Tier| spend.get(&t).map_or(0, |(s, n)| s / n);
    assert!(mean(Tier::Standard) < mean(Tier::Silver), "{spend:?}");
    assert!(mean(Tier::Silver) < mean(Tier::Gold), "{spend:?}");
    assert!(mean(Tier::Gold) < mean(Tier::Platinum), "{spend:?}");
}

#[test]
fn customers_own_exactly_the_devices_they_bought() {
    let data = shared();
    let by = purchases_by_customer(data);
    for c in &data.customers {
        let bought: HashSet<&str> = by[&c.id]
            .iter()
            .filter(|p| {
                CATALOGUE
                    .iter()
                    .any(|x| x.sku == p.sku && x.kind.is_device())
            })
            .map(|p| p.product.as_str())
            .collect();
        let owned: HashSet<&str> = c.products.iter().map(String::as_str).collect();
        assert_eq!(owned, bought);
        assert_eq!(owned.len(), c.products.len(), "no duplicates");
    }
}

#[test]
fn customers_average_about_ten_purchases_and_up_to_six_interactions() {
    let data = shared();
    let average = data.purchases.len() as f64 / data.customers.len() as f64;
    assert!((7.0..14.0).contains(&average), "{average}");
    let mut per_customer: HashMap<Id, usize> = HashMap::new();
    for i in &data.interactions {
        *per_customer.entry(i.customer_id).or_default() += 1;
    }
    assert!(per_customer.values().all(|n| *n <= 6));
    let n = data.customers.len();
    assert!(per_customer.len() > n * 2 / 5 && per_customer.len() < n);
}

#[test]
fn there_are_both_churned_and_loyal_customers() {
    let s = shared_spec();
    let data = shared();
    let cutoff = s.end - chrono::Months::new(6);
    let by = purchases_by_customer(data);
    let churned = by
        .values()
        .filter(|ps| ps.len() >= 2 && ps.iter().all(|p| p.date <= cutoff))
        .count();
    let loyal = by.values().filter(|ps| ps.len() >= 10).count();
    let five_percent = data.customers.len() / 20;
    assert!(churned >= five_percent, "{churned} churned");
    assert!(loyal >= five_percent, "{loyal} loyal");
    assert_eq!(by.len(), data.customers.len(), "every customer bought");
}

#[test]
fn follower_counts_are_heavy_tailed() {
    let data = shared();
    let mut followers: Vec<u64> = data
        .customers
        .iter()
        .flat_map(|c| c.identities.iter().map(|i| i.followers))
        .collect();
    followers.sort_unstable();
    let median = followers[followers.len() / 2];
    let max = followers[followers.len() - 1];
    assert!(median < 1_000, "median {median}");
    assert!(max > 50_000, "max {max}");
    let influencers = data
        .customers
        .iter()
        .filter(|c| c.tags.iter().any(|t| t == "influencer"))
        .count();
    assert!(influencers > 0);
}

#[test]
fn iphone_buyers_buy_apple_accessories_far_more_often_than_others() {
    let data = shared();
    let by = purchases_by_customer(data);
    let is = |sku: &str, kind: Kind| {
        CATALOGUE
            .iter()
            .any(|p| p.sku == sku && p.kind == kind && p.brand == Brand::Apple)
    };
    let (mut iphone, mut iphone_and_accessory, mut others, mut others_accessory) = (0, 0, 0, 0);
    for purchases in by.values() {
        let accessory = purchases.iter().any(|p| is(&p.sku, Kind::Accessory));
        if purchases.iter().any(|p| is(&p.sku, Kind::Phone)) {
            iphone += 1;
            iphone_and_accessory += usize::from(accessory);
        } else {
            others += 1;
            others_accessory += usize::from(accessory);
        }
    }
    let with = iphone_and_accessory as f64 / iphone as f64;
    let without = others_accessory as f64 / others as f64;
    assert!(iphone > 200, "{iphone} iPhone buyers");
    assert!(with > 0.4 && with > 4.0 * without, "{with} vs {without}");
}

#[test]
fn phone_buyers_often_buy_a_case_or_screen_protector_within_ten_days() {
    let data = shared();
    let by = purchases_by_customer(data);
    let (mut phones, mut followed) = (0, 0);
    for purchases in by.values() {
        for p in purchases.iter().filter(|p| p.category == "Telefon") {
            phones += 1;
            let soon = purchases.iter().any(|q| {
                (q.sku.contains("CASE") || q.sku == "ACC-GLASS")
                    && q.date >= p.date
                    && (q.date - p.date).num_days() <= 10
            });
            followed += usize::from(soon);
        }
    }
    let share = followed as f64 / phones as f64;
    assert!(share > 0.6, "{share}");
}

/// Prints the generation speed and the shape of the data. The full 100,000
/// customers run in release builds only (a debug build is far slower).
#[test]
fn generation_speed_and_data_shape_are_reported() {
    let customers = if cfg!(debug_assertions) {
        5_000
    } else {
        100_000
    };
    let s = spec(DemoSpec::DEFAULT_SEED, customers);
    let started = Instant::now();
    let mut generator = DemoGenerator::new(s);
    let mut chunks = Vec::new();
    while let Some(chunk) = generator.next_chunk(2_000) {
        chunks.push(chunk);
    }
    let elapsed = started.elapsed();
    let (mut n, mut purchases, mut interactions) = (0, 0, 0);
    let mut tiers: HashMap<Tier, usize> = HashMap::new();
    let mut categories: HashMap<&str, usize> = HashMap::new();
    let mut revenue = 0i64;
    let mut spend: HashMap<Id, i64> = HashMap::new();
    for chunk in &chunks {
        n += chunk.customers.len();
        purchases += chunk.purchases.len();
        interactions += chunk.interactions.len();
        for c in &chunk.customers {
            *tiers.entry(c.tier).or_default() += 1;
        }
        for p in &chunk.purchases {
            *categories.entry(&p.category).or_default() += 1;
            revenue += p.amount.minor() / 100;
            *spend.entry(p.customer_id).or_default() += p.amount.minor() / 100;
        }
    }
    let mut spend: Vec<i64> = spend.into_values().collect();
    spend.sort_unstable();
    let q = |f: f64| spend[((spend.len() - 1) as f64 * f) as usize];
    println!(
        "demo: spend quantiles 50% {} 65% {} 85% {} 95% {} 99% {}",
        q(0.5),
        q(0.65),
        q(0.85),
        q(0.95),
        q(0.99)
    );
    println!(
        "demo: {n} customers, {purchases} purchases ({:.2} per customer), {interactions} interactions in {elapsed:?}",
        purchases as f64 / n as f64
    );
    println!("demo: tiers {tiers:?}");
    println!("demo: categories {categories:?}");
    println!(
        "demo: revenue {revenue} TRY, {} TRY per customer",
        revenue / n as i64
    );
    assert_eq!(n, customers);
    let started = Instant::now();
    drop(chunks);
    println!("demo: freeing the data took {:?}", started.elapsed());
}

/// The level `scan` gives the pair of customers `a` and `b` (by index).
fn level_of(
    pairs: &HashMap<(Id, Id), Level>,
    customers: &[Customer],
    a: usize,
    b: usize,
) -> Option<Level> {
    let (x, y) = (customers[a].id, customers[b].id);
    pairs.get(&(x.min(y), x.max(y))).copied()
}

fn scanned(customers: &[Customer]) -> HashMap<(Id, Id), Level> {
    scan(customers)
        .into_iter()
        .map(|p| ((p.a, p.b), p.level))
        .collect()
}

#[test]
fn the_scan_finds_every_planted_duplicate_and_no_namesake_above_possible() {
    // The app's small demo on a few days (the data depend on the end
    // day), and the shared 5,000.
    let mut runs: Vec<(DemoSpec, DemoChunk)> = ["2025-06-30", "2026-01-15", "2026-11-02"]
        .iter()
        .map(|d| {
            let s = DemoSize::Small.spec(d.parse().unwrap());
            (s, generate(s, 250))
        })
        .collect();
    runs.push((shared_spec(), shared().clone()));
    for (s, data) in &runs {
        let plan = planted(s);
        assert_eq!(data.customers.len(), s.customers, "the count stays");
        assert_eq!(plan.duplicates.len(), s.customers / 100);
        let pairs = scanned(&data.customers);
        for d in &plan.duplicates {
            let level = level_of(&pairs, &data.customers, d.original, d.duplicate);
            assert!(
                level >= Some(Level::Likely),
                "{:?} {} / {}: {level:?}",
                d.variant,
                data.customers[d.original].full_name(),
                data.customers[d.duplicate].full_name(),
            );
        }
        for &(a, b) in &plan.namesakes {
            let (x, y) = (&data.customers[a], &data.customers[b]);
            assert_eq!(x.full_name(), y.full_name());
            assert_ne!(x.city, y.city);
            let level = level_of(&pairs, &data.customers, a, b);
            assert!(
                level <= Some(Level::Possible),
                "{} {:?} / {:?}: {level:?}",
                x.full_name(),
                x.city,
                y.city
            );
        }
    }
}

#[test]
fn planted_duplicates_are_written_the_way_real_data_writes_a_person_twice() {
    let s = DemoSize::Small.spec(end());
    let data = generate(s, 1_000);
    let by = purchases_by_customer(&data);
    for d in &planted(&s).duplicates {
        let (o, c) = (&data.customers[d.original], &data.customers[d.duplicate]);
        let (original, copy) = (o.full_name(), c.full_name());
        assert_ne!(original, copy);
        assert!(!by[&c.id].is_empty(), "purchases of its own");
        assert_ne!(o.external_id, c.external_id);
        assert_eq!(o.city, c.city);
        let same_phone = !c.phones.is_empty() && c.phones == o.phones[..1];
        let other_provider = c.emails.len() == 1 && {
            let (local, domain) = c.emails[0].as_str().split_once('@').unwrap();
            o.emails.iter().any(|e| {
                let (l, d) = e.as_str().split_once('@').unwrap();
                l == local && d != domain
            })
        };
        match d.variant {
            Variant::AsciiTyped => {
                assert!(!original.is_ascii() && copy.is_ascii(), "{original} {copy}");
                assert_eq!(crate::text::fold(&original), crate::text::fold(&copy));
                assert!(same_phone && c.emails.is_empty());
            }
            Variant::UpperCase => {
                assert_eq!(copy, crate::text::tr_upper(&original));
                assert!(other_provider && c.phones.is_empty());
            }
            Variant::Transposed => {
                assert_eq!(o.first_name, c.first_name);
                let mut x: Vec<char> = o.last_name.chars().collect();
                let mut y: Vec<char> = c.last_name.chars().collect();
                assert_ne!(x, y);
                x.sort_unstable();
                y.sort_unstable();
                assert_eq!(x, y, "{original} {copy}");
                assert!(same_phone);
            }
            Variant::LowerAscii => {
                assert_eq!(copy, ascii_typed(&original).to_lowercase());
                assert!(same_phone && other_provider);
            }
        }
    }
}
