//! Duplicates planted in the demo data, so the duplicate scan has real
//! work to show: some customers are a second record of an earlier one,
//! written the way real data writes a person twice (`Şükrü Çağlar` typed
//! as `Sukru Caglar`, upper case, two letters swapped, the phone written
//! another way, the same mailbox name at another provider), each with
//! purchases of its own. Some others are namesakes: the same common name,
//! another person (another city, other contacts), which a scan must not
//! pair.
//!
//! Which customers are planted depends only on the [`DemoSpec`] (a stream
//! of its own), so the plan is known before any customer is made and the
//! data still does not depend on chunk sizes.

use std::collections::HashMap;

use rand::seq::index;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{DemoSpec, Person, Taken, sample, words};
use crate::identity::names::{Folded, is_common};
use crate::model::{Customer, Email, Phone};
use crate::text;

/// One planted duplicate in every this many customers.
const DUPLICATE_EVERY: usize = 100;
/// One planted namesake pair in every this many customers.
const NAMESAKE_EVERY: usize = 200;
/// The stream of the plan (customers use the streams `0..customers`).
const PLAN_STREAM: u64 = u64::MAX;

/// How a planted duplicate is written compared with its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// The name typed on an English keyboard (`Sukru Caglar`); the same
    /// phone written another way.
    AsciiTyped,
    /// The name in capitals (`ŞÜKRÜ ÇAĞLAR`); the same mailbox name at
    /// another provider.
    UpperCase,
    /// Two letters of the surname swapped (`Yılmaz` → `Yımlaz`); the same
    /// phone written another way.
    Transposed,
    /// Lower-case ASCII (`sukru caglar`); the same mailbox name at another
    /// provider and the same phone.
    LowerAscii,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::AsciiTyped,
        Variant::UpperCase,
        Variant::Transposed,
        Variant::LowerAscii,
    ];

    /// Whether the duplicate shares the original's phone.
    fn shares_phone(self) -> bool {
        !matches!(self, Variant::UpperCase)
    }

    /// Whether the duplicate has the original's mailbox name at another
    /// provider.
    fn shares_mailbox(self) -> bool {
        matches!(self, Variant::UpperCase | Variant::LowerAscii)
    }
}

/// A planted duplicate: customer `duplicate` (made later) is customer
/// `original` written again. Indexes are positions in the generated order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlantedDuplicate {
    pub original: usize,
    pub duplicate: usize,
    pub variant: Variant,
}

/// What the demo plants: duplicates a scan must find, and namesake pairs
/// (`(first, second)` indexes, the same name, two people) it must not
/// pair above "possible".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planted {
    pub duplicates: Vec<PlantedDuplicate>,
    pub namesakes: Vec<(usize, usize)>,
}

/// The planted pairs of a spec: one duplicate per 100 customers and one
/// namesake pair per 200, none below 100 customers. No customer is in two
/// pairs; the total number of customers never changes.
pub fn planted(spec: &DemoSpec) -> Planted {
    let n = spec.customers;
    let duplicates = n / DUPLICATE_EVERY;
    let namesakes = n / NAMESAKE_EVERY;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    rng.set_stream(PLAN_STREAM);
    let chosen = index::sample(&mut rng, n, 2 * (duplicates + namesakes)).into_vec();
    let pairs: Vec<(usize, usize)> = chosen
        .chunks_exact(2)
        .map(|p| (p[0].min(p[1]), p[0].max(p[1])))
        .collect();
    let mut out = Planted::default();
    for (k, &(original, duplicate)) in pairs.iter().enumerate() {
        if k < duplicates {
            out.duplicates.push(PlantedDuplicate {
                original,
                duplicate,
                variant: Variant::ALL[k % Variant::ALL.len()],
            });
        } else {
            out.namesakes.push((original, duplicate));
        }
    }
    out
}

/// What a customer is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The first record of a planted duplicate (of the given variant).
    Original(Variant),
    /// A later record of customer `of`.
    Duplicate { of: usize, variant: Variant },
    /// The first of a namesake pair (a common name).
    NamesakeSource,
    /// Another person with the name of customer `of`.
    Namesake { of: usize },
}

/// The plan by customer index, and what the generator keeps of the first
/// records until their second ones are made.
#[derive(Debug, Default)]
pub(super) struct Plan {
    roles: HashMap<usize, Role>,
    kept: HashMap<usize, Kept>,
}

/// What a later record takes from an earlier one.
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub english: bool,
    pub first: &'static str,
    pub last: &'static str,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub city: Option<String>,
}

impl Plan {
    pub fn new(planted: &Planted) -> Plan {
        let mut roles = HashMap::new();
        for d in &planted.duplicates {
            roles.insert(d.original, Role::Original(d.variant));
            roles.insert(
                d.duplicate,
                Role::Duplicate {
                    of: d.original,
                    variant: d.variant,
                },
            );
        }
        for &(first, second) in &planted.namesakes {
            roles.insert(first, Role::NamesakeSource);
            roles.insert(second, Role::Namesake { of: first });
        }
        Plan {
            roles,
            kept: HashMap::new(),
        }
    }

    pub fn role(&self, index: usize) -> Option<Role> {
        self.roles.get(&index).copied()
    }

    pub fn keep(&mut self, index: usize, kept: Kept) {
        self.kept.insert(index, kept);
    }

    /// What the earlier record left (once: the later record takes it).
    pub fn take(&mut self, index: usize) -> Option<Kept> {
        self.kept.remove(&index)
    }
}

/// Whether a drawn person suits a role's first record: names with Turkish
/// letters for the ASCII variants, a surname with two letters to swap, a
/// common name for namesakes.
pub(super) fn suits(role: Role, person: &Person) -> bool {
    match role {
        Role::Original(Variant::AsciiTyped | Variant::LowerAscii | Variant::UpperCase) => {
            !person.english && !format!("{}{}", person.first, person.last).is_ascii()
        }
        Role::Original(Variant::Transposed) => transposed(person.last, 0).is_some(),
        Role::NamesakeSource => is_common(&Folded::of(person.first, person.last)),
        Role::Duplicate { .. } | Role::Namesake { .. } => true,
    }
}

/// The duplicate's first and last name as the variant writes them.
pub(super) fn written_name(
    variant: Variant,
    first: &str,
    last: &str,
    rng: &mut ChaCha8Rng,
) -> (String, String) {
    match variant {
        Variant::AsciiTyped => (ascii_typed(first), ascii_typed(last)),
        Variant::UpperCase => (text::tr_upper(first), text::tr_upper(last)),
        Variant::LowerAscii => (
            ascii_typed(first).to_lowercase(),
            ascii_typed(last).to_lowercase(),
        ),
        Variant::Transposed => {
            let at = rng.random_range(0..8);
            let last = transposed(last, at).unwrap_or_else(|| last.to_string());
            (first.to_string(), last)
        }
    }
}

/// A name typed on a keyboard without Turkish letters, case kept
/// (`Şükrü Çağlar` → `Sukru Caglar`).
pub fn ascii_typed(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ş' => 's',
            'Ş' => 'S',
            'ç' => 'c',
            'Ç' => 'C',
            'ğ' => 'g',
            'Ğ' => 'G',
            'ı' => 'i',
            'İ' => 'I',
            'ö' => 'o',
            'Ö' => 'O',
            'ü' => 'u',
            'Ü' => 'U',
            'â' => 'a',
            'Â' => 'A',
            'î' => 'i',
            'û' => 'u',
            other => other,
        })
        .collect()
}

/// The surname with two neighbouring, different letters swapped, never
/// the first letter (people rarely get that wrong): the `n`-th such place
/// (cycling). `None` when there is no such place.
fn transposed(last: &str, n: usize) -> Option<String> {
    let letters: Vec<char> = last.chars().collect();
    let places: Vec<usize> = (1..letters.len().saturating_sub(1))
        .filter(|&i| {
            letters[i].is_alphabetic()
                && letters[i + 1].is_alphabetic()
                && text::fold(&letters[i].to_string()) != text::fold(&letters[i + 1].to_string())
        })
        .collect();
    if letters.len() < 4 || places.is_empty() {
        return None;
    }
    let i = places[n % places.len()];
    let mut out = letters;
    out.swap(i, i + 1);
    Some(out.into_iter().collect())
}

/// The phone written another way than the generator writes it
/// (`+90 532 123 45 67` → `0532 1234567`): the parser gives the same
/// number back.
pub(super) fn rewritten(phone: &Phone, rng: &mut ChaCha8Rng) -> Phone {
    let national = phone.as_str().strip_prefix("+90").unwrap_or(phone.as_str());
    if national.len() != 10 {
        return phone.clone();
    }
    let (p, a, b) = (&national[..3], &national[3..6], &national[6..]);
    let written = match rng.random_range(0..3) {
        0 => format!("0{p} {a}{b}"),
        1 => format!("90{p}{a}{b}"),
        _ => format!("({p}) {a} {} {}", &b[..2], &b[2..]),
    };
    Phone::parse(&written).unwrap_or_else(|_| phone.clone())
}

/// A personal email domain other than `not`.
pub(super) fn other_domain(rng: &mut ChaCha8Rng, not: &str) -> &'static str {
    for _ in 0..16 {
        let domain: &&'static str = sample::pick(rng, words::EMAIL_DOMAINS);
        if *domain != not {
            return domain;
        }
    }
    words::EMAIL_DOMAINS
        .iter()
        .map(|(d, _)| *d)
        .find(|d| *d != not)
        .unwrap_or("gmail.com")
}

/// The contacts of a first record that a second one can share: one
/// personal address whose mailbox name carries digits (`ayse.kaya84`, the
/// person's own, not every Ayşe Kaya's), a phone and a city.
pub(super) fn first_record(
    rng: &mut ChaCha8Rng,
    taken: &mut Taken,
    person: &Person,
    index: usize,
    customer: &mut Customer,
) {
    let local = format!(
        "{}.{}{}",
        person.first_ascii,
        person.last_ascii,
        rng.random_range(70..=99)
    );
    let domain: &&'static str = sample::pick(rng, words::EMAIL_DOMAINS);
    customer.emails = taken
        .claim_email(rng, &local, domain, index)
        .into_iter()
        .collect();
    if customer.phones.is_empty() {
        customer.phones.extend(taken.phone(rng));
    }
    if customer.city.is_none() {
        customer.city = Some(sample::pick(rng, words::CITIES).to_string());
    }
}

/// The contacts of a planted duplicate: what its variant shares with the
/// first record (the phone written another way, the mailbox name at
/// another provider), nothing else, and the same city.
pub(super) fn duplicate(
    rng: &mut ChaCha8Rng,
    taken: &mut Taken,
    variant: Variant,
    kept: &Kept,
    index: usize,
    customer: &mut Customer,
) {
    customer.emails.clear();
    if variant.shares_mailbox()
        && let Some(email) = kept.emails.first()
    {
        let (local, domain) = mailbox(email);
        let domain = other_domain(rng, domain);
        customer
            .emails
            .extend(taken.claim_email(rng, local, domain, index));
    }
    customer.phones.clear();
    if variant.shares_phone()
        && let Some(phone) = kept.phones.first()
    {
        customer.phones.push(rewritten(phone, rng));
    }
    customer.city = kept.city.clone();
}

/// A namesake's own contacts: no mailbox name of the first record's, and
/// another city.
pub(super) fn namesake(
    rng: &mut ChaCha8Rng,
    taken: &mut Taken,
    kept: &Kept,
    index: usize,
    customer: &mut Customer,
) {
    let theirs: Vec<&str> = kept.emails.iter().map(|e| mailbox(e).0).collect();
    let mut emails = Vec::with_capacity(customer.emails.len());
    for email in std::mem::take(&mut customer.emails) {
        let (local, domain) = mailbox(&email);
        if theirs.contains(&local) {
            let local = format!("{local}.{}", rng.random_range(10..100));
            emails.extend(taken.claim_email(rng, &local, domain, index));
        } else {
            emails.push(email);
        }
    }
    customer.emails = emails;
    for _ in 0..64 {
        let city = sample::pick(rng, words::CITIES).to_string();
        if kept.city.as_ref() != Some(&city) {
            customer.city = Some(city);
            break;
        }
    }
}

/// The mailbox name and domain of an address.
pub(super) fn mailbox(email: &Email) -> (&str, &str) {
    email
        .as_str()
        .split_once('@')
        .unwrap_or((email.as_str(), ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_typing_drops_only_the_turkish_letters() {
        assert_eq!(ascii_typed("Şükrü Çağlar"), "Sukru Caglar");
        assert_eq!(ascii_typed("İpek Işık"), "Ipek Isik");
        assert_eq!(ascii_typed("Mehmet"), "Mehmet");
    }

    #[test]
    fn a_transposition_swaps_two_different_letters_after_the_first() {
        assert_eq!(transposed("Yılmaz", 1).as_deref(), Some("Yımlaz"));
        assert_eq!(transposed("Ak", 0), None);
        assert_eq!(transposed("Alla", 0).as_deref(), Some("Alal"));
        for n in 0..6 {
            let t = transposed("Çağlar", n).unwrap();
            assert_ne!(t, "Çağlar");
            assert!(t.starts_with('Ç'));
        }
    }

    #[test]
    fn a_rewritten_phone_is_the_same_number() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let phone = Phone::parse("0532 123 45 67").unwrap();
        for _ in 0..10 {
            assert_eq!(rewritten(&phone, &mut rng), phone);
        }
    }

    #[test]
    fn the_plan_depends_on_the_spec_and_puts_no_customer_in_two_pairs() {
        let end = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let spec = DemoSpec::new(5, 1_000, end);
        let plan = planted(&spec);
        assert_eq!(plan, planted(&spec));
        assert_eq!(plan.duplicates.len(), 10);
        assert_eq!(plan.namesakes.len(), 5);
        let mut seen = std::collections::HashSet::new();
        for d in &plan.duplicates {
            assert!(d.original < d.duplicate && d.duplicate < 1_000);
            assert!(seen.insert(d.original) && seen.insert(d.duplicate));
        }
        for &(a, b) in &plan.namesakes {
            assert!(a < b && seen.insert(a) && seen.insert(b));
        }
        for v in Variant::ALL {
            assert!(plan.duplicates.iter().any(|d| d.variant == v), "{v:?}");
        }
        assert_eq!(planted(&DemoSpec::new(5, 99, end)), Planted::default());
    }
}
