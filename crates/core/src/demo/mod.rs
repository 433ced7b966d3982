//! The seeded demo data generator: customers of a Turkish telecom and
//! electronics shop with two years of purchases and a contact history.
//!
//! The data carries real signal for the analyses built on it. Purchases
//! follow a BG/NBD-style process per customer (a Gamma-distributed purchase
//! rate, a Beta-distributed chance of dropping out after each purchase), so
//! some customers churn early and others keep buying; spend depends on a
//! per-customer budget; the [`AFFINITIES`] make phones bring cases, screen
//! protectors and insurance, and Apple phones bring Apple accessories.
//!
//! Determinism: customer `i` draws everything from its own ChaCha8 stream
//! (key from the seed, stream `i`), and customers are made in index order, so
//! the output depends only on the [`DemoSpec`], never on chunk sizes. The
//! generator keeps the emails, phones and handles handed out so far, which
//! makes them unique across the whole data set — apart from the planted
//! duplicates ([`planted`]), which share a phone or a mailbox name with
//! their original on purpose.

mod catalogue;
mod mentions;
mod planted;
mod sample;
mod vocabulary;

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Days, Months, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub use catalogue::{AFFINITIES, Affinity, Brand, CATALOGUE, Kind, Product, Trigger};
pub use mentions::DemoMentions;
pub use planted::{Planted, PlantedDuplicate, Variant, ascii_typed, planted};

use crate::model::{
    Consent, ConsentChannel, Currency, Customer, Email, Handle, Id, Interaction, InteractionKind,
    Money, Phone, Platform, Purchase, Record, SalesChannel, SocialIdentity, Tier,
};
use crate::text;
use planted::{Kept, Role};
use sample::Weighted;
use vocabulary as words;

const DAY_MS: i64 = 86_400_000;
/// Turkey is UTC+3 all year: local shop hours are shifted back by this.
const TURKEY_OFFSET_MS: i64 = 3 * 3_600_000;

/// What to generate. The same spec always gives the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    pub seed: u64,
    /// How many customers (exactly this many are generated).
    pub customers: usize,
    /// The last day with data; nothing happens after it.
    pub end: NaiveDate,
    /// How many years of history end at `end` (at least 1).
    pub years: u32,
}

impl DemoSpec {
    /// The seed of the built-in demo sizes.
    pub const DEFAULT_SEED: u64 = 0x1161_2024;

    /// A spec with two years of history.
    pub fn new(seed: u64, customers: usize, end: NaiveDate) -> DemoSpec {
        DemoSpec {
            seed,
            customers,
            end,
            years: 2,
        }
    }

    /// The first day with data: `years` years before `end`, plus one day.
    pub fn start(&self) -> NaiveDate {
        let back = Months::new(12 * self.years.max(1));
        self.end
            .checked_sub_months(back)
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// The demo sizes the app offers; the value is the number of customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(usize)]
pub enum DemoSize {
    Small = 1_000,
    Medium = 10_000,
    Large = 100_000,
}

impl DemoSize {
    pub const ALL: [DemoSize; 3] = [DemoSize::Small, DemoSize::Medium, DemoSize::Large];

    pub fn customers(self) -> usize {
        self as usize
    }

    /// The spec of this size with the default seed and two years ending on
    /// `end`.
    pub fn spec(self, end: NaiveDate) -> DemoSpec {
        DemoSpec::new(DemoSpec::DEFAULT_SEED, self.customers(), end)
    }
}

/// The records of the next customers: each purchase and interaction belongs
/// to a customer of the same chunk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoChunk {
    pub customers: Vec<Customer>,
    pub purchases: Vec<Purchase>,
    pub interactions: Vec<Interaction>,
}

impl DemoChunk {
    /// Every record, customers first, ready for a [`crate::model::Batch`].
    pub fn into_records(self) -> Vec<Record> {
        let mut records = Vec::with_capacity(
            self.customers.len() + self.purchases.len() + self.interactions.len(),
        );
        records.extend(self.customers.into_iter().map(Record::Customer));
        records.extend(self.purchases.into_iter().map(Record::Purchase));
        records.extend(self.interactions.into_iter().map(Record::Interaction));
        records
    }
}

/// Generates a [`DemoSpec`]'s data chunk by chunk (the browser writes each
/// chunk in its own transaction and shows progress in between).
#[derive(Debug)]
pub struct DemoGenerator {
    spec: DemoSpec,
    key: [u8; 32],
    next: usize,
    /// Days from the first to the last day, both included.
    days: u32,
    start: NaiveDate,
    start_ms: i64,
    tables: Tables,
    taken: Taken,
    planted: Planted,
    plan: planted::Plan,
}

impl DemoGenerator {
    pub fn new(spec: DemoSpec) -> DemoGenerator {
        let start = spec.start();
        let days = (spec.end - start).num_days().max(1) as u32 + 1;
        let mut key = [0u8; 32];
        ChaCha8Rng::seed_from_u64(spec.seed).fill(&mut key);
        let planted = planted::planted(&spec);
        DemoGenerator {
            plan: planted::Plan::new(&planted),
            planted,
            spec,
            key,
            next: 0,
            days,
            start,
            start_ms: start.and_time(NaiveTime::MIN).and_utc().timestamp_millis(),
            tables: Tables::new(),
            taken: Taken::with_capacity(spec.customers),
        }
    }

    /// How many customers the whole run makes.
    pub fn total(&self) -> usize {
        self.spec.customers
    }

    /// The duplicates and namesakes planted in this run's data.
    pub fn planted(&self) -> &Planted {
        &self.planted
    }

    /// How many customers have been made so far.
    pub fn generated(&self) -> usize {
        self.next
    }

    /// The next up to `max_customers` customers (at least one) with their
    /// purchases and interactions; `None` once all are made.
    pub fn next_chunk(&mut self, max_customers: usize) -> Option<DemoChunk> {
        if self.next >= self.spec.customers {
            return None;
        }
        let until = (self.next + max_customers.max(1)).min(self.spec.customers);
        let n = until - self.next;
        let mut chunk = DemoChunk {
            customers: Vec::with_capacity(n),
            purchases: Vec::with_capacity(n * 11),
            interactions: Vec::with_capacity(n * 2),
        };
        for index in self.next..until {
            self.customer(index, &mut chunk);
        }
        self.next = until;
        Some(chunk)
    }

    /// Unix milliseconds of day `day` at `seconds` after local midnight.
    fn millis(&self, day: u32, seconds: u32) -> i64 {
        self.start_ms + i64::from(day) * DAY_MS + i64::from(seconds) * 1000 - TURKEY_OFFSET_MS
    }

    /// A time during shop hours (09:00–21:59 local) on `day`.
    fn shop_time(&self, rng: &mut ChaCha8Rng, day: u32) -> i64 {
        self.millis(day, rng.random_range(9 * 3600..22 * 3600))
    }

    /// A shop-hours time on `day` that is later than `after` (a day's
    /// events after the customer's first purchase come after it).
    fn shop_time_after(&self, rng: &mut ChaCha8Rng, day: u32, after: i64) -> i64 {
        let at = self.shop_time(rng, day);
        if at > after {
            at
        } else {
            (after + 1000 * rng.random_range(60..3_600)).min(self.millis(day, 86_399))
        }
    }

    fn date(&self, day: u32) -> NaiveDate {
        self.start
            .checked_add_days(Days::new(u64::from(day)))
            .unwrap_or(self.spec.end)
    }

    /// Makes customer `index` and appends its records to `chunk`.
    fn customer(&mut self, index: usize, chunk: &mut DemoChunk) {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(index as u64);
        let rng = &mut rng;

        // A planted second record takes its person from the first one.
        let role = self.plan.role(index);
        let kept = match role {
            Some(Role::Duplicate { of, .. } | Role::Namesake { of }) => self.plan.take(of),
            _ => None,
        };
        let kept_ascii = kept
            .as_ref()
            .map(|k| (ascii_name(k.first), ascii_name(k.last)));
        let person = match (&kept, &kept_ascii, role) {
            (Some(k), Some((first_ascii, last_ascii)), _) => Person {
                english: k.english,
                first: k.first,
                last: k.last,
                first_ascii,
                last_ascii,
            },
            (_, _, Some(role)) => self.tables.person_where(rng, |p| planted::suits(role, p)),
            _ => self.tables.person(rng),
        };
        let traits = Traits::draw(rng, person.english);
        let lines = self.purchases(rng, &traits);
        let created_day = lines.first().map_or(0, |l| l.day);
        let last_day = lines.last().map_or(created_day, |l| l.day);
        let created_at = self.shop_time(rng, created_day);
        let id = Id::generate(created_at as u64, rng);

        let mut customer = Customer::new(id, person.first, person.last);
        if let Some(Role::Duplicate { variant, .. }) = role {
            (customer.first_name, customer.last_name) =
                planted::written_name(variant, person.first, person.last, rng);
        }
        customer.external_id = Some(format!("M-{:06}", index + 1));
        customer.created_at = created_at;

        // Purchases: the first is the moment the customer was created.
        let mut spend_try = 0i64;
        let mut owned: Vec<&'static str> = Vec::new();
        let mut preferred_channel = *sample::pick(rng, CHANNELS);
        if traits.student && preferred_channel == SalesChannel::Store {
            preferred_channel = SalesChannel::App;
        }
        let mut last_purchase_at = created_at;
        let mut previous_day = created_day;
        for (n, line) in lines.iter().enumerate() {
            // Lines of the same day follow each other by a few minutes.
            let at = if n == 0 {
                created_at
            } else if line.day == previous_day {
                (last_purchase_at + 1000 * rng.random_range(60..1_200))
                    .min(self.millis(line.day, 86_399))
            } else {
                self.shop_time(rng, line.day)
            };
            previous_day = line.day;
            last_purchase_at = at;
            let amount = line_amount(rng, line.product, traits.budget, traits.spend);
            spend_try += amount / 100;
            if line.product.kind.is_device() && !owned.contains(&line.product.name) {
                owned.push(line.product.name);
            }
            chunk.purchases.push(Purchase {
                id: Id::generate(at as u64, rng),
                customer_id: id,
                external_id: None,
                date: self.date(line.day),
                amount: Money::from_minor(amount),
                currency: Currency::TRY,
                sku: line.product.sku.to_string(),
                product: line.product.name.to_string(),
                category: line.product.kind.category().to_string(),
                channel: sales_channel(rng, line.product.kind, preferred_channel),
                updated_at: at,
                version: Default::default(),
                stamps: Default::default(),
                deleted: false,
            });
        }
        customer.products = owned.iter().map(|p| p.to_string()).collect();

        // Contacts.
        let corporate_domain = traits
            .corporate
            .then(|| words::COMPANY_DOMAINS[rng.random_range(0..words::COMPANY_DOMAINS.len())]);
        if rng.random_bool(0.9) {
            let domain = match corporate_domain {
                Some(d) if rng.random_bool(0.7) => d,
                _ => personal_domain(rng, &traits),
            };
            customer
                .emails
                .extend(self.taken.email(rng, &person, domain, index));
            if let Some(d) = corporate_domain
                && customer
                    .emails
                    .first()
                    .is_some_and(|e| !e.as_str().ends_with(d))
                && rng.random_bool(0.5)
            {
                customer
                    .emails
                    .extend(self.taken.email(rng, &person, d, index));
            }
        }
        let phones = if rng.random_bool(0.8) {
            1 + usize::from(rng.random_bool(0.08))
        } else {
            0
        };
        for _ in 0..phones {
            customer.phones.extend(self.taken.phone(rng));
        }
        if rng.random_bool(0.95) {
            customer.city = Some(words::CITIES[self.tables.cities.sample(rng)].0.to_string());
        }

        match (role, &kept) {
            (Some(Role::Original(_) | Role::NamesakeSource), _) => {
                planted::first_record(rng, &mut self.taken, &person, index, &mut customer);
                self.plan.keep(
                    index,
                    Kept {
                        english: person.english,
                        first: person.first,
                        last: person.last,
                        emails: customer.emails.clone(),
                        phones: customer.phones.clone(),
                        city: customer.city.clone(),
                    },
                );
            }
            (Some(Role::Duplicate { variant, .. }), Some(kept)) => {
                planted::duplicate(rng, &mut self.taken, variant, kept, index, &mut customer);
            }
            (Some(Role::Namesake { .. }), Some(kept)) => {
                planted::namesake(rng, &mut self.taken, kept, index, &mut customer);
            }
            _ => {}
        }

        // Social identities.
        customer.identities = self.taken.identities(rng, &person, &traits, index);
        let max_followers = customer.identities.iter().map(|i| i.followers).max();

        // Consents: recorded soon after joining, some withdrawn later.
        customer.consents = self.consents(rng, &customer, created_day, &traits);

        // Interactions, during the customer's life (and a little after it:
        // complaints often come right before a customer leaves).
        let device = owned
            .iter()
            .find(|name| {
                CATALOGUE
                    .iter()
                    .any(|p| p.name == **name && p.kind == Kind::Phone)
            })
            .or(owned.first())
            .copied();
        let life = (created_day, (last_day + 120).min(self.days - 1));
        self.interactions(rng, &customer, &traits, device, life, chunk);

        // Tier follows spend, with some exceptions either way.
        let mut tier = tier_for_spend(spend_try);
        if rng.random_bool(0.08) {
            tier = match (tier, rng.random_bool(0.5)) {
                (Tier::Standard, _) | (Tier::Silver, false) => Tier::Silver,
                (Tier::Silver, true) | (Tier::Gold, false) => Tier::Standard,
                (Tier::Gold, true) | (Tier::Platinum, _) => Tier::Gold,
            };
        }
        customer.tier = tier;

        // Tags, most telling first, at most three.
        let vip = tier == Tier::Platinum || (tier == Tier::Gold && rng.random_bool(0.5));
        let tags = [
            (vip, words::TAG_VIP),
            (traits.corporate, words::TAG_CORPORATE),
            (traits.student, words::TAG_STUDENT),
            (traits.dealer, words::TAG_DEALER),
            (max_followers >= Some(10_000), words::TAG_INFLUENCER),
            (traits.complainer, words::TAG_COMPLAINER),
        ];
        customer.tags = tags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, tag)| tag.to_string())
            .take(3)
            .collect();

        if rng.random_bool(0.85) {
            customer.owner = Some(words::TEAM[rng.random_range(0..words::TEAM.len())].to_string());
        }
        if rng.random_bool(0.7) {
            let source = *sample::pick(rng, words::ACQUISITION);
            customer
                .custom
                .insert("kaynak".to_string(), source.to_string());
        }
        customer.updated_at = customer
            .consents
            .iter()
            .map(|c| c.at)
            .fold(last_purchase_at, i64::max);
        chunk.customers.push(customer);
    }

    /// Consent decisions on the channels the customer can be reached on.
    fn consents(
        &self,
        rng: &mut ChaCha8Rng,
        customer: &Customer,
        created_day: u32,
        traits: &Traits,
    ) -> Vec<Consent> {
        let last = self.days - 1;
        let mut consents = Vec::new();
        for channel in ConsentChannel::ALL {
            let reachable = match channel {
                ConsentChannel::Email => !customer.emails.is_empty(),
                _ => !customer.phones.is_empty(),
            };
            if !reachable || !rng.random_bool(0.8) {
                continue;
            }
            let day = (created_day + sample::exponential(rng, 0.15) as u32).min(last);
            let granted = rng.random_bool(if channel == ConsentChannel::Call {
                0.55
            } else {
                0.75
            });
            let source = *sample::pick(rng, words::CONSENT_SOURCES);
            consents.push(Consent {
                channel,
                granted,
                at: self.shop_time_after(rng, day, customer.created_at),
                source: source.to_string(),
            });
            let withdraw = if traits.complainer { 0.35 } else { 0.12 };
            if granted && day < last && rng.random_bool(withdraw) {
                let later = rng.random_range(day + 1..=last);
                let source = *sample::pick(rng, words::CONSENT_SOURCES);
                consents.push(Consent {
                    channel,
                    granted: false,
                    at: self.shop_time(rng, later),
                    source: source.to_string(),
                });
            }
        }
        consents
    }

    /// Up to six timeline entries between the days `life.0` and `life.1`,
    /// in time order; complainers have more, and mostly complaints.
    fn interactions(
        &self,
        rng: &mut ChaCha8Rng,
        customer: &Customer,
        traits: &Traits,
        device: Option<&str>,
        life: (u32, u32),
        chunk: &mut DemoChunk,
    ) {
        let count = sample::poisson(rng, if traits.complainer { 3.0 } else { 1.3 }).min(6);
        let mut times: Vec<i64> = (0..count)
            .map(|_| {
                let day = rng.random_range(life.0..=life.1);
                self.shop_time_after(rng, day, customer.created_at)
            })
            .collect();
        times.sort_unstable();
        for at in times {
            let note = self
                .tables
                .note(rng, traits, !customer.identities.is_empty());
            let english = traits.english && rng.random_bool(0.7);
            let template = if english { note.en } else { note.tr };
            let device = device.unwrap_or(if english { "phone" } else { "telefon" });
            chunk.interactions.push(Interaction {
                id: Id::generate(at as u64, rng),
                customer_id: customer.id,
                kind: note.kind,
                direction: note.direction,
                at,
                text: template.replace("{device}", device),
                updated_at: at,
                version: Default::default(),
                stamps: Default::default(),
                deleted: false,
            });
        }
    }

    /// The customer's purchase lines, sorted by day: BG/NBD transactions,
    /// each with its products and the co-purchases they set off.
    fn purchases(&self, rng: &mut ChaCha8Rng, traits: &Traits) -> Vec<Line> {
        let days = self.days;
        // Many customers were already buying when the data starts.
        let join = if rng.random_bool(0.4) {
            rng.random_range(0..days.min(90))
        } else {
            rng.random_range(0..days)
        };
        let mut transactions = vec![join];
        let mut t = f64::from(join);
        let per_day = traits.rate_per_week / 7.0;
        loop {
            if rng.random_bool(traits.dropout) {
                break;
            }
            t += sample::exponential(rng, per_day);
            if t >= f64::from(days) {
                break;
            }
            transactions.push(t as u32);
        }

        let mut lines: Vec<Line> = Vec::with_capacity(transactions.len() * 2);
        let mut owned = Owned::default();
        for (n, &day) in transactions.iter().enumerate() {
            let kind = if n == 0 {
                *sample::pick(rng, FIRST_KINDS)
            } else if traits.dealer {
                *sample::pick(rng, DEALER_KINDS)
            } else {
                *sample::pick(rng, LATER_KINDS)
            };
            let product = self.tables.product(rng, kind, traits, &owned);
            self.add_line(rng, &mut lines, &mut owned, day, product, true);
            // A small basket: one more item in the same visit.
            if rng.random_bool(0.12) {
                let extra = self.tables.product(rng, Kind::Accessory, traits, &owned);
                self.add_line(rng, &mut lines, &mut owned, day, extra, false);
            }
        }
        lines.sort_by_key(|l| l.day);
        lines
    }

    /// Adds a line and, for a main purchase, the co-purchases its
    /// affinities set off (those that fall within the data).
    fn add_line(
        &self,
        rng: &mut ChaCha8Rng,
        lines: &mut Vec<Line>,
        owned: &mut Owned,
        day: u32,
        product: &'static Product,
        with_affinities: bool,
    ) {
        owned.add(product);
        lines.push(Line { day, product });
        if !with_affinities {
            return;
        }
        for (rule, targets) in AFFINITIES.iter().zip(&self.tables.affinity_targets) {
            if !rule.after.matches(product) || !rng.random_bool(rule.chance) {
                continue;
            }
            let (low, high) = rule.within_days;
            let later = day + rng.random_range(low..=high);
            let then = targets[rng.random_range(0..targets.len())];
            if later < self.days {
                owned.add(then);
                lines.push(Line {
                    day: later,
                    product: then,
                });
            }
        }
    }
}

/// One purchase line before it becomes a [`Purchase`].
#[derive(Debug, Clone, Copy)]
struct Line {
    day: u32,
    product: &'static Product,
}

/// The kinds and brands of the devices a customer owns so far.
#[derive(Debug, Default)]
struct Owned {
    brands: Vec<Brand>,
    devices: Vec<(Brand, Kind)>,
}

impl Owned {
    fn add(&mut self, product: &Product) {
        if !product.kind.is_device() {
            return;
        }
        if !self.brands.contains(&product.brand) {
            self.brands.push(product.brand);
        }
        if !self.devices.contains(&(product.brand, product.kind)) {
            self.devices.push((product.brand, product.kind));
        }
    }

    /// Whether the customer owns a `kind` device of `brand`.
    fn has(&self, brand: Brand, kind: Kind) -> bool {
        self.devices.contains(&(brand, kind))
    }

    /// Whether an accessory or wearable of `brand` suits the customer.
    fn suits(&self, brand: Brand) -> bool {
        matches!(brand, Brand::Generic | Brand::Operator) || self.brands.contains(&brand)
    }
}

/// A customer's hidden traits, which drive what they buy and how often.
#[derive(Debug)]
struct Traits {
    /// An English-speaking customer (some of their notes are in English).
    english: bool,
    student: bool,
    corporate: bool,
    dealer: bool,
    complainer: bool,
    /// Where in a product's price range the customer buys (0 cheapest, 1
    /// dearest); also steers the choice of phone model.
    budget: f64,
    /// The customer's spend level around 1 (Gamma-Gamma's per-customer
    /// mean): discounts, bundles, storage sizes.
    spend: f64,
    /// The preferred phone brand.
    brand: Brand,
    /// BG/NBD purchase rate while active, per week.
    rate_per_week: f64,
    /// BG/NBD chance of dropping out after each purchase.
    dropout: f64,
}

impl Traits {
    fn draw(rng: &mut ChaCha8Rng, english: bool) -> Traits {
        let student = !english && rng.random_bool(0.08);
        let corporate = !student && rng.random_bool(0.07);
        let dealer = !student && rng.random_bool(0.02);
        let complainer = rng.random_bool(0.09);
        let mut budget = sample::beta(rng, 2.2, 2.8);
        if student {
            budget *= 0.6;
        }
        if corporate || english {
            budget = 0.3 + 0.7 * budget;
        }
        let brand_weights = [
            (Brand::Apple, 6.0 + 50.0 * budget),
            (Brand::Samsung, 32.0),
            (Brand::Xiaomi, 4.0 + 24.0 * (1.0 - budget)),
            (Brand::Huawei, 8.0),
            (Brand::Oppo, 6.0),
            (Brand::Honor, 1.0 + 6.0 * (1.0 - budget)),
        ];
        let brand = *sample::pick(rng, &brand_weights);
        let mut rate_per_week = sample::gamma(rng, 1.4, 0.15 / 1.4);
        let mut dropout = sample::beta(rng, 1.0, 8.0);
        if dealer {
            rate_per_week *= 3.0;
            dropout *= 0.3;
        }
        if corporate {
            rate_per_week *= 1.5;
        }
        if complainer {
            dropout = (dropout * 1.6).min(0.95);
        }
        Traits {
            english,
            student,
            corporate,
            dealer,
            complainer,
            budget,
            spend: sample::gamma(rng, 12.0, 1.0 / 12.0).clamp(0.6, 1.6),
            brand,
            rate_per_week,
            dropout,
        }
    }
}

/// What a customer's first visit is about.
const FIRST_KINDS: &[(Kind, f64)] = &[
    (Kind::Phone, 55.0),
    (Kind::Tariff, 18.0),
    (Kind::Accessory, 16.0),
    (Kind::Tablet, 4.0),
    (Kind::Laptop, 3.0),
    (Kind::Wearable, 2.0),
    (Kind::Repair, 2.0),
];

/// What later visits are about.
const LATER_KINDS: &[(Kind, f64)] = &[
    (Kind::Tariff, 34.0),
    (Kind::Accessory, 30.0),
    (Kind::Phone, 8.0),
    (Kind::Repair, 9.0),
    (Kind::Insurance, 5.0),
    (Kind::Wearable, 5.0),
    (Kind::Tablet, 5.0),
    (Kind::Laptop, 4.0),
];

/// Dealers buy devices and accessories to resell.
const DEALER_KINDS: &[(Kind, f64)] = &[
    (Kind::Phone, 35.0),
    (Kind::Accessory, 45.0),
    (Kind::Tablet, 8.0),
    (Kind::Wearable, 7.0),
    (Kind::Tariff, 5.0),
];

const CHANNELS: &[(SalesChannel, f64)] = &[
    (SalesChannel::Store, 45.0),
    (SalesChannel::Online, 22.0),
    (SalesChannel::App, 15.0),
    (SalesChannel::Phone, 5.0),
    (SalesChannel::Marketplace, 13.0),
];

/// Platforms by how common a customer's account there is.
const PLATFORMS: [(Platform, f64); 6] = [
    (Platform::Instagram, 40.0),
    (Platform::X, 18.0),
    (Platform::TikTok, 15.0),
    (Platform::Facebook, 12.0),
    (Platform::YouTube, 7.0),
    (Platform::LinkedIn, 8.0),
];

/// The sales channel of one line: mostly the customer's usual one; repairs
/// happen in the store and tariffs are not sold on marketplaces.
fn sales_channel(rng: &mut ChaCha8Rng, kind: Kind, preferred: SalesChannel) -> SalesChannel {
    let channel = if rng.random_bool(0.65) {
        preferred
    } else {
        *sample::pick(rng, CHANNELS)
    };
    match (kind, channel) {
        (Kind::Repair, _) => SalesChannel::Store,
        (Kind::Tariff | Kind::Insurance, SalesChannel::Marketplace) => SalesChannel::App,
        _ => channel,
    }
}

/// A line's amount in kuruş: a point in the product's price range chosen by
/// the customer's budget, times their spend level, rounded like a price tag
/// (`1.249,00`, `349,90`).
fn line_amount(rng: &mut ChaCha8Rng, product: &Product, budget: f64, spend: f64) -> i64 {
    let (low, high) = product.price_try;
    let position = (budget + 0.2 * sample::normal(rng)).clamp(0.0, 1.0);
    let list = f64::from(low) + position * f64::from(high - low);
    let price = list * spend * sample::gamma(rng, 60.0, 1.0 / 60.0);
    if price >= 1_000.0 {
        ((price / 50.0).round() as i64 * 50 - 1) * 100
    } else {
        ((price / 10.0).round().max(1.0) as i64 * 10) * 100 - 10
    }
}

/// Tier thresholds on two years' spend in liras.
fn tier_for_spend(spend_try: i64) -> Tier {
    match spend_try {
        s if s >= 210_000 => Tier::Platinum,
        s if s >= 115_000 => Tier::Gold,
        s if s >= 60_000 => Tier::Silver,
        _ => Tier::Standard,
    }
}

/// Followers on one account: a lognormal body (most have a few hundred)
/// with a Pareto tail (a few have hundreds of thousands).
fn followers(rng: &mut ChaCha8Rng, platform: Platform) -> u64 {
    let min: f64 = match platform {
        Platform::Instagram => 120.0,
        Platform::TikTok => 80.0,
        Platform::X => 60.0,
        Platform::Facebook => 100.0,
        Platform::YouTube => 15.0,
        Platform::LinkedIn => 150.0,
    };
    let count = if rng.random_bool(0.9) {
        sample::lognormal(rng, (2.5 * min).ln(), 1.1)
    } else {
        sample::pareto(rng, 5.0 * min, 0.8)
    };
    count.min(30_000_000.0) as u64
}

fn personal_domain(rng: &mut ChaCha8Rng, traits: &Traits) -> &'static str {
    // Apple users are likelier to use iCloud mail.
    if traits.brand == Brand::Apple && rng.random_bool(0.12) {
        return "icloud.com";
    }
    let domain: &&'static str = sample::pick(rng, words::EMAIL_DOMAINS);
    domain
}

/// A drawn name, with its ASCII form for emails and handles.
#[derive(Debug)]
struct Person<'a> {
    english: bool,
    first: &'static str,
    last: &'static str,
    /// Lower-case ASCII letters and digits only, never empty.
    first_ascii: &'a str,
    last_ascii: &'a str,
}

/// Lower-case ASCII letters and digits of a name (`Ayşe Nur` → `aysenur`).
fn ascii_name(name: &str) -> String {
    let folded: String = text::fold(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if folded.is_empty() {
        "musteri".to_string()
    } else {
        folded
    }
}

/// Lookup tables built once per generator.
#[derive(Debug)]
struct Tables {
    names: [NameList; 5],
    cities: Weighted,
    phones_by_brand: Vec<(Brand, Vec<&'static Product>)>,
    by_kind: Vec<(Kind, Vec<&'static Product>)>,
    affinity_targets: Vec<Vec<&'static Product>>,
}

/// A weighted list of names with their ASCII forms.
#[derive(Debug)]
struct NameList {
    names: &'static [&'static str],
    ascii: Vec<String>,
    weights: Weighted,
}

impl NameList {
    fn new(names: &'static [&'static str]) -> NameList {
        NameList {
            names,
            ascii: names.iter().map(|n| ascii_name(n)).collect(),
            // Lists run from common to rare: a gentle Zipf-like slope.
            weights: Weighted::new((0..names.len()).map(|i| 1.0 / (i as f64 + 4.0).powf(0.7))),
        }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> (&'static str, &str) {
        let i = self.weights.sample(rng);
        (self.names[i], &self.ascii[i])
    }
}

impl Tables {
    fn new() -> Tables {
        let mut phones_by_brand: Vec<(Brand, Vec<&'static Product>)> = Vec::new();
        let mut by_kind: Vec<(Kind, Vec<&'static Product>)> = Vec::new();
        for p in CATALOGUE {
            if p.kind == Kind::Phone {
                match phones_by_brand.iter_mut().find(|(b, _)| *b == p.brand) {
                    Some((_, list)) => list.push(p),
                    None => phones_by_brand.push((p.brand, vec![p])),
                }
            }
            match by_kind.iter_mut().find(|(k, _)| *k == p.kind) {
                Some((_, list)) => list.push(p),
                None => by_kind.push((p.kind, vec![p])),
            }
        }
        Tables {
            names: [
                NameList::new(words::TURKISH_FEMALE),
                NameList::new(words::TURKISH_MALE),
                NameList::new(words::TURKISH_SURNAMES),
                NameList::new(words::ENGLISH_FIRST),
                NameList::new(words::ENGLISH_SURNAMES),
            ],
            cities: Weighted::new(words::CITIES.iter().map(|(_, w)| *w)),
            phones_by_brand,
            by_kind,
            affinity_targets: AFFINITIES
                .iter()
                .map(|rule| {
                    rule.then
                        .iter()
                        .filter_map(|sku| catalogue::product(sku))
                        .collect()
                })
                .collect(),
        }
    }

    /// A person that `fits` (the last one drawn if none of 64 does).
    fn person_where(&self, rng: &mut ChaCha8Rng, fits: impl Fn(&Person) -> bool) -> Person<'_> {
        let mut person = self.person(rng);
        for _ in 0..64 {
            if fits(&person) {
                break;
            }
            person = self.person(rng);
        }
        person
    }

    fn person(&self, rng: &mut ChaCha8Rng) -> Person<'_> {
        let english = rng.random_bool(0.15);
        let (first, last) = if english {
            (&self.names[3], &self.names[4])
        } else if rng.random_bool(0.5) {
            (&self.names[0], &self.names[2])
        } else {
            (&self.names[1], &self.names[2])
        };
        let (first, first_ascii) = first.draw(rng);
        let (last, last_ascii) = last.draw(rng);
        Person {
            english,
            first,
            last,
            first_ascii,
            last_ascii,
        }
    }

    /// A product of `kind` that suits the customer.
    fn product(
        &self,
        rng: &mut ChaCha8Rng,
        kind: Kind,
        traits: &Traits,
        owned: &Owned,
    ) -> &'static Product {
        if kind == Kind::Phone {
            // Mostly the preferred brand; the budget picks the model.
            let brand = if rng.random_bool(0.85) {
                traits.brand
            } else {
                self.phones_by_brand[rng.random_range(0..self.phones_by_brand.len())].0
            };
            if let Some((_, models)) = self.phones_by_brand.iter().find(|(b, _)| *b == brand) {
                let position = (traits.budget + 0.15 * sample::normal(rng)).clamp(0.0, 0.999);
                return models[(position * models.len() as f64) as usize];
            }
        }
        let candidates = self
            .by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&self.by_kind[0].1, |(_, list)| list);
        let mut weights = [0.0; CATALOGUE.len()];
        for (w, p) in weights.iter_mut().zip(candidates) {
            let fits = match kind {
                // Brand accessories go with that brand's devices (a few
                // are gifts for someone else's phone).
                // A pencil needs an iPad.
                Kind::Accessory
                    if p.sku == "APL-PENCIL" && !owned.has(Brand::Apple, Kind::Tablet) =>
                {
                    0.0
                }
                Kind::Accessory | Kind::Wearable => {
                    if owned.suits(p.brand) {
                        1.0
                    } else if owned.brands.is_empty() && p.brand == traits.brand {
                        0.5
                    } else {
                        0.02
                    }
                }
                // Tablets and laptops: the customer's brands first.
                Kind::Tablet | Kind::Laptop if p.brand == traits.brand || owned.suits(p.brand) => {
                    3.0
                }
                Kind::Tariff if p.sku == "TRF-YOUTH15" && traits.student => 10.0,
                _ => 1.0,
            };
            *w = p.popularity * fits;
        }
        candidates[sample::pick_index(rng, &weights[..candidates.len()])]
    }

    /// An interaction text for the customer: complainers mostly complain,
    /// social messages only for customers with a social account.
    fn note(&self, rng: &mut ChaCha8Rng, traits: &Traits, social: bool) -> &'static words::Note {
        let mut weights = [0.0; words::NOTES.len()];
        for (w, n) in weights.iter_mut().zip(words::NOTES) {
            *w = if n.kind == InteractionKind::Social && !social {
                0.0
            } else if n.complaint {
                if traits.complainer { 4.0 } else { 0.5 }
            } else {
                1.0
            };
        }
        &words::NOTES[sample::pick_index(rng, &weights)]
    }
}

/// FNV-1a, for the sets of [`Taken`]: they hash short strings this module
/// makes itself, so SipHash's defence against chosen keys buys nothing and
/// costs a noticeable share of the generation time.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type KeySet = HashSet<String, BuildHasherDefault<Fnv>>;

/// Emails, phones and handles handed out so far (their match keys).
#[derive(Debug)]
struct Taken {
    emails: KeySet,
    phones: KeySet,
    handles: KeySet,
}

impl Taken {
    /// Room for the keys of `customers` customers, so the sets do not
    /// rehash while they grow.
    fn with_capacity(customers: usize) -> Taken {
        let set = |n: usize| KeySet::with_capacity_and_hasher(n, Default::default());
        Taken {
            emails: set(customers),
            phones: set(customers),
            handles: set(customers * 3 / 4),
        }
    }

    /// Up to three social accounts, for 45% of customers.
    fn identities(
        &mut self,
        rng: &mut ChaCha8Rng,
        person: &Person,
        traits: &Traits,
        index: usize,
    ) -> Vec<SocialIdentity> {
        let mut identities = Vec::new();
        if !rng.random_bool(0.45) {
            return identities;
        }
        let count = 1 + sample::pick_index(rng, &[0.6, 0.3, 0.1]);
        let mut weights = PLATFORMS.map(|(_, w)| w);
        if traits.corporate {
            weights[5] *= 4.0;
        }
        for _ in 0..count {
            let i = sample::pick_index(rng, &weights);
            weights[i] = 0.0;
            let (platform, _) = PLATFORMS[i];
            if let Some(handle) = self.handle(rng, person, platform, index) {
                let followers = followers(rng, platform);
                identities.push(SocialIdentity {
                    handle,
                    followers,
                    source: None,
                });
            }
        }
        identities
    }

    /// A fresh email address at `domain` made from the person's name.
    fn email(
        &mut self,
        rng: &mut ChaCha8Rng,
        person: &Person,
        domain: &str,
        index: usize,
    ) -> Option<Email> {
        let (f, l) = (person.first_ascii, person.last_ascii);
        let initial = &f[..1];
        let local = match rng.random_range(0..7) {
            0 | 1 => format!("{f}.{l}"),
            2 => format!("{f}{l}"),
            3 => format!("{f}_{l}"),
            4 => format!("{initial}{l}"),
            5 => format!("{f}.{l}{}", rng.random_range(70..=99)),
            _ => format!("{l}.{f}"),
        };
        self.claim_email(rng, &local, domain, index)
    }

    /// A fresh address at `domain` with the mailbox name `local`, or
    /// `local` with digits added when that one is taken.
    fn claim_email(
        &mut self,
        rng: &mut ChaCha8Rng,
        local: &str,
        domain: &str,
        index: usize,
    ) -> Option<Email> {
        let mut candidate = local.to_string();
        for attempt in 0..12 {
            let address = format!("{candidate}@{domain}");
            if !self.emails.contains(&address)
                && let Ok(email) = Email::parse(&address)
            {
                self.emails.insert(address);
                return Some(email);
            }
            let digits = if attempt < 4 { 10..100 } else { 100..10_000 };
            candidate = format!("{local}{}", rng.random_range(digits));
        }
        // Customer indexes are unique, so this one is free.
        let address = format!("{local}.m{index}@{domain}");
        let email = Email::parse(&address).ok()?;
        self.emails.insert(address).then_some(email)
    }

    /// A fresh Turkish mobile number (operator prefixes 530–559), written
    /// the way people type them and normalised by [`Phone::parse`].
    fn phone(&mut self, rng: &mut ChaCha8Rng) -> Option<Phone> {
        for _ in 0..20 {
            let prefix = rng.random_range(530..560);
            let a = rng.random_range(100..1000);
            let b = rng.random_range(0..100);
            let c = rng.random_range(0..100);
            let written = match rng.random_range(0..4) {
                0 => format!("0{prefix} {a} {b:02} {c:02}"),
                1 => format!("+90 {prefix} {a} {b:02} {c:02}"),
                2 => format!("0{prefix}{a}{b:02}{c:02}"),
                _ => format!("0 ({prefix}) {a}-{b:02}-{c:02}"),
            };
            let Ok(phone) = Phone::parse(&written) else {
                continue;
            };
            if self.phones.insert(phone.as_str().to_string()) {
                return Some(phone);
            }
        }
        None
    }

    /// A fresh handle on `platform` made from the person's name and legal
    /// there (length and characters).
    fn handle(
        &mut self,
        rng: &mut ChaCha8Rng,
        person: &Person,
        platform: Platform,
        index: usize,
    ) -> Option<Handle> {
        let (f, l) = (person.first_ascii, person.last_ascii);
        let separator = match platform {
            Platform::X => "_",
            Platform::Facebook => ".",
            Platform::LinkedIn => "-",
            _ => [".", "_", ""][rng.random_range(0..3)],
        };
        let base = match rng.random_range(0..5) {
            0 | 1 => format!("{f}{separator}{l}"),
            2 => format!("{f}{l}"),
            3 => format!("{l}{separator}{f}"),
            _ => format!("{f}{separator}{l}{}", rng.random_range(1..100)),
        };
        let max = match platform {
            Platform::X => 15,
            Platform::TikTok => 24,
            _ => 30,
        };
        let fit = |text: &str, room: usize| -> String {
            let mut t: String = text.chars().take(max - room).collect();
            while t.ends_with(['.', '_', '-']) {
                t.pop();
            }
            t
        };
        let mut candidate = fit(&base, 0);
        for attempt in 0..12 {
            if candidate.len() >= 5
                && let Ok(handle) = Handle::parse(platform, &candidate)
                && self.handles.insert(handle.key())
            {
                return Some(handle);
            }
            let number = if attempt < 4 {
                rng.random_range(10..100).to_string()
            } else {
                rng.random_range(100..100_000).to_string()
            };
            candidate = format!("{}{number}", fit(&base, number.len()));
        }
        // Customer indexes are unique: a name stem plus the index is free
        // unless a stem ends in digits, which the loop above rarely leaves.
        let number = format!("{index}");
        let handle = Handle::parse(platform, &format!("{}{number}", fit(f, number.len()))).ok()?;
        self.handles.insert(handle.key()).then_some(handle)
    }
}

#[cfg(test)]
mod tests;
