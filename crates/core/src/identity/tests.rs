//! Table-driven tests of matching and duplicates on data written the way
//! real records are.

use std::collections::HashSet;

use super::duplicates::{Level, scan};
use super::matching::{Author, Bucket, Index, author_key, buying_intent};
use crate::model::{Customer, Email, Handle, Id, Phone, Platform, SocialIdentity};

fn id(n: u128) -> Id {
    Id::from_uuid(uuid::Uuid::from_u128(n))
}

fn person(n: u128, first: &str, last: &str) -> Customer {
    Customer::new(id(n), first, last)
}

fn with_email(mut c: Customer, e: &str) -> Customer {
    c.emails.push(Email::parse(e).unwrap());
    c
}

fn with_phone(mut c: Customer, p: &str) -> Customer {
    c.phones.push(Phone::parse(p).unwrap());
    c
}

fn with_city(mut c: Customer, city: &str) -> Customer {
    c.city = Some(city.into());
    c
}

fn with_handle(mut c: Customer, platform: Platform, h: &str) -> Customer {
    c.identities.push(SocialIdentity {
        handle: Handle::parse(platform, h).unwrap(),
        followers: 0,
        source: None,
    });
    c
}

fn level_of(customers: &[Customer], a: u128, b: u128) -> Option<Level> {
    scan(customers)
        .into_iter()
        .find(|p| (p.a, p.b) == (id(a.min(b)), id(a.max(b))) || (p.a, p.b) == (id(a), id(b)))
        .map(|p| p.level)
}

#[test]
fn duplicates_as_real_data_writes_them_are_found_and_namesakes_stay_apart() {
    let customers = vec![
        // 1/2: ASCII-typed, upper case, the phone written another way.
        with_phone(person(1, "Şükrü", "Çağlar"), "0532 123 45 67"),
        with_phone(person(2, "SUKRU", "CAGLAR"), "+90 (532) 123-45-67"),
        // 3/4: a transposition and the same mailbox at another provider.
        with_city(
            with_email(person(3, "Gökhan", "Yılmaz"), "gokhan.yilmaz77@gmail.com"),
            "İzmir",
        ),
        with_city(
            with_email(person(4, "Gokhan", "Yimlaz"), "gokhan.yilmaz77@hotmail.com"),
            "izmir",
        ),
        // 5/6: the same email, exactly.
        with_email(person(5, "Nilüfer", "Kocabıyık"), "nilufer@ornek.com"),
        with_email(person(6, "Nilufer", "Kocabiyik"), "NILUFER@ornek.com"),
        // 7/8: namesakes with a common name in different cities.
        with_city(person(7, "Mehmet", "Yılmaz"), "Ankara"),
        with_city(person(8, "Mehmet", "Yilmaz"), "Van"),
        // 9/10: a common name in the same city, nothing else: apart.
        with_city(person(9, "Ayşe", "Kaya"), "İstanbul"),
        with_city(person(10, "Ayse", "Kaya"), "Istanbul"),
        // 11/12: a family sharing a landline.
        with_phone(person(11, "Zehra", "Tunç"), "0212 555 12 34"),
        with_phone(person(12, "Orhan", "Tunç"), "02125551234"),
        // 13/14: only the surname and city alike.
        with_city(person(13, "Cem", "Özbek"), "Bursa"),
        with_city(person(14, "Deniz", "Özbek"), "Bursa"),
        // 15/16: a handle written two ways.
        with_handle(
            person(15, "Tuğba", "Ersoy"),
            Platform::Instagram,
            "@tugba.ersoy",
        ),
        with_handle(
            person(16, "Tugba", "E."),
            Platform::Instagram,
            "https://instagram.com/TUGBA.ERSOY",
        ),
        // 17/18: an uncommon name typed without Turkish letters, nothing else.
        person(17, "Güldalı", "Şenyüz"),
        person(18, "Guldali", "Senyuz"),
    ];
    let table: [(u128, u128, Option<Level>); 9] = [
        (1, 2, Some(Level::Certain)),
        (3, 4, Some(Level::Likely)),
        (5, 6, Some(Level::Certain)),
        (7, 8, None),
        (9, 10, None),
        (11, 12, Some(Level::Possible)),
        (13, 14, None),
        (15, 16, Some(Level::Certain)),
        (17, 18, Some(Level::Possible)),
    ];
    let pairs = scan(&customers);
    for (a, b, want) in table {
        assert_eq!(level_of(&customers, a, b), want, "{a}/{b}: {pairs:#?}");
    }
    // Every pair found is one of the table's; reasons are given.
    for p in &pairs {
        assert!(!p.reasons.is_empty());
        assert!((0.0..=1.0).contains(&p.score));
    }
    assert_eq!(pairs.len(), 6, "{pairs:#?}");
    // The most certain first.
    assert!(pairs.windows(2).all(|w| w[0].level >= w[1].level));
}

#[test]
fn pairs_survive_a_json_round_trip() {
    let customers = vec![
        with_phone(
            with_email(person(1, "Ayşe", "Kılıç"), "ayse.k@gmail.com"),
            "0532 111 22 33",
        ),
        with_phone(
            with_email(person(2, "Ayse", "Kilic"), "ayse.k@hotmail.com"),
            "+90 532 111 2233",
        ),
        with_handle(person(3, "Işıl", "Öz"), Platform::Instagram, "isil.oz"),
        with_handle(person(4, "Isil", "Oz"), Platform::Instagram, "isil.oz"),
    ];
    let pairs = scan(&customers);
    assert!(pairs.len() >= 2, "{pairs:?}");
    let json = serde_json::to_string(&pairs).unwrap();
    let back: Vec<super::duplicates::Pair> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, pairs);
}

#[test]
fn deleted_and_merged_customers_are_not_paired() {
    let mut gone = with_phone(person(2, "Şükrü", "Çağlar"), "05321234567");
    gone.deleted = true;
    let mut merged = with_phone(person(3, "Şükrü", "Çağlar"), "05321234567");
    merged.merged_into = Some(id(1));
    let customers = vec![
        with_phone(person(1, "Şükrü", "Çağlar"), "05321234567"),
        gone,
        merged,
    ];
    assert!(scan(&customers).is_empty());
}

#[test]
fn a_placeholder_email_on_many_records_is_not_a_quadratic_scan() {
    let customers: Vec<Customer> = (0..1_000)
        .map(|n| {
            with_email(
                person(n, &format!("Ad{n}"), &format!("Soyad{n}")),
                "yok@yok.com",
            )
        })
        .collect();
    // The block is skipped; nothing else pairs them.
    let pairs = scan(&customers);
    assert!(pairs.is_empty(), "{:?}", &pairs[..pairs.len().min(3)]);
}

#[test]
fn every_level_and_reason_has_words_in_both_languages() {
    use super::duplicates::Reason;
    let catalog = crate::i18n::catalog();
    let reasons = [
        Reason::SameEmail {
            email: "a@b.co".into(),
        },
        Reason::SameMailbox {
            name: "ayse.k".into(),
        },
        Reason::SamePhone {
            phone: "+905321234567".into(),
        },
        Reason::SameHandle {
            handle: "x:ayse".into(),
        },
        Reason::SameExternalId { id: "M-1".into() },
        Reason::SameName { common: true },
        Reason::SameName { common: false },
        Reason::SimilarName { similarity: 0.93 },
        Reason::DifferentName { similarity: 0.4 },
        Reason::SameCity,
        Reason::DifferentCity,
    ];
    for r in &reasons {
        assert!(catalog.has(r.key()), "{}", r.key());
    }
    assert_eq!(reasons[7].value(), "93");
    for l in Level::ALL {
        assert!(catalog.has(l.key()), "{}", l.key());
        assert_eq!(Level::from_slug(l.slug()), Some(l));
    }
}

fn author(handle: Option<(Platform, &str)>, name: &str, city: Option<&str>, text: &str) -> Author {
    Author {
        handle: handle.map(|(p, h)| Handle::parse(p, h).unwrap()),
        name: name.into(),
        city: city.map(str::to_string),
        text: text.into(),
    }
}

#[test]
fn authors_are_matched_by_handle_then_by_name_into_four_buckets() {
    let customers = vec![
        with_handle(
            person(1, "Tuğba", "Ersoy"),
            Platform::Instagram,
            "tugba.ersoy",
        ),
        with_city(person(2, "Şükrü", "Çağlar"), "İzmir"),
        with_city(person(3, "Mehmet", "Yılmaz"), "Ankara"),
        with_city(person(4, "Güldalı", "Şenyüz"), "Bursa"),
        with_city(person(5, "Güldalı", "Şenyüz"), "Bursa"),
        with_handle(person(6, "Kerem", "Aksoylu"), Platform::X, "keremaksoylu"),
    ];
    let index = Index::new(&customers);
    let none = HashSet::new();
    let table: Vec<(Author, Bucket, Option<u128>)> = vec![
        // The handle in any written form, on its platform.
        (
            author(Some((Platform::Instagram, "@TUGBA.ERSOY")), "T.", None, ""),
            Bucket::Customer,
            Some(1),
        ),
        (
            author(
                Some((
                    Platform::Instagram,
                    "https://www.instagram.com/tugba.ersoy/",
                )),
                "",
                None,
                "",
            ),
            Bucket::Customer,
            Some(1),
        ),
        // The same handle on another platform is not a key.
        (
            author(
                Some((Platform::Facebook, "tugba.ersoy")),
                "Tuğba E",
                None,
                "",
            ),
            Bucket::Possible,
            None,
        ),
        // An uncommon name typed in ASCII, the handle spelling it, the same city.
        (
            author(
                Some((Platform::X, "sukrucaglar35")),
                "Sukru Caglar",
                Some("izmir"),
                "",
            ),
            Bucket::Customer,
            Some(2),
        ),
        // The same name alone: for review, not linked.
        (
            author(None, "Şükrü Çağlar", None, ""),
            Bucket::Possible,
            None,
        ),
        // A common name never links by itself, even with the city.
        (
            author(None, "Mehmet Yılmaz", Some("Ankara"), ""),
            Bucket::Possible,
            None,
        ),
        // Two customers with the same uncommon name: a person decides.
        (
            author(None, "Guldali Senyuz", Some("Bursa"), ""),
            Bucket::Possible,
            None,
        ),
        // A near miss stays unknown.
        (
            author(None, "Şükran Çağ", None, "merhaba"),
            Bucket::Unknown,
            None,
        ),
        // Unknown, asking about buying: a prospect.
        (
            author(
                Some((Platform::X, "yeni_biri")),
                "Yeni Biri",
                None,
                "iPhone 15 kaç TL, taksit var mı?",
            ),
            Bucket::Prospect,
            None,
        ),
        (
            author(None, "", None, "How much is the fibre plan?"),
            Bucket::Prospect,
            None,
        ),
    ];
    for (a, bucket, customer) in table {
        let m = index.match_author(&a, &none);
        assert_eq!(
            (m.bucket, m.customer),
            (bucket, customer.map(id)),
            "{a:?} → {m:#?}"
        );
        assert!((0.0..=1.0).contains(&m.score));
        if m.bucket != Bucket::Unknown {
            assert!(!m.reasons.is_empty(), "{a:?}");
        }
    }
}

#[test]
fn a_rejected_pair_is_never_suggested_again() {
    let customers = vec![person(2, "Şükrü", "Çağlar")];
    let index = Index::new(&customers);
    let a = author(Some((Platform::X, "sukru_c")), "Şükrü Çağlar", None, "");
    let first = index.match_author(&a, &HashSet::new());
    assert_eq!(first.bucket, Bucket::Possible);
    let rejected: HashSet<(String, Id)> = [(author_key(&a), id(2))].into();
    let again = index.match_author(&a, &rejected);
    assert_eq!(again.bucket, Bucket::Unknown);
    assert!(again.candidates.is_empty());
}

#[test]
fn buying_intent_is_read_in_both_languages() {
    assert_eq!(buying_intent("FİYATI ne kadar?"), Some("fiyat"));
    assert_eq!(
        buying_intent("Where can I buy the Galaxy S24?"),
        Some("where can i buy")
    );
    assert_eq!(buying_intent("internet yine gitti"), None);
}

mod lossless {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use crate::model::{
        Clock, Customer, Email, Id, Money, Phone, Purchase, Record, Sequence, Tier,
    };
    use crate::sync::{Belongings, MergeChoice, merge_customers};

    fn name() -> impl Strategy<Value = (String, String)> {
        ("[A-Za-zÇĞİÖŞÜçğıöşü]{0,7}", "[A-Za-zÇĞİÖŞÜçğıöşü]{1,7}")
    }

    prop_compose! {
        fn person(n: u8)(
            name in name(),
            emails in prop::collection::vec("[a-z]{1,5}@[a-z]{2,5}\\.com", 0..3),
            phones in prop::collection::vec(5_000_000_000u64..5_000_000_020, 0..3),
            tags in prop::collection::vec("[a-zçş]{1,5}", 0..3),
            city in prop::option::of("[A-Za-zİı]{1,6}"),
            owner in prop::option::of("[a-z]{1,5}"),
            tier in 0u8..4,
        ) -> Customer {
            let mut c = Customer::new(Id::v7(1, [n; 10]), &name.0, &name.1);
            c.emails = emails.iter().filter_map(|e| Email::parse(e).ok()).collect();
            c.phones = phones
                .iter()
                .filter_map(|p| Phone::parse(&format!("0{p}")).ok())
                .collect();
            c.tags = tags;
            c.city = city;
            c.owner = owner;
            c.tier = [Tier::Standard, Tier::Silver, Tier::Gold, Tier::Platinum][tier as usize % 4];
            c
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every value of both records is on the survivor or in the merge
        /// note, every purchase of the other moves with its amount, and the
        /// other points at the survivor.
        #[test]
        fn merging_two_customers_loses_no_value(
            a in person(1),
            b in person(2),
            amounts in prop::collection::vec(1i64..100_000, 0..4),
            pick_other in prop::collection::vec(any::<bool>(), 6),
        ) {
            let fields = ["first_name", "last_name", "city", "owner", "tier", "external_id"];
            let choices: BTreeMap<String, MergeChoice> = fields
                .iter()
                .zip(&pick_other)
                .map(|(f, o)| (f.to_string(), if *o { MergeChoice::Other } else { MergeChoice::Survivor }))
                .collect();
            let purchases: Vec<Purchase> = amounts
                .iter()
                .enumerate()
                .map(|(i, minor)| Purchase {
                    id: Id::v7(2, [i as u8 + 100; 10]),
                    customer_id: b.id,
                    external_id: None,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
                    amount: Money::from_minor(*minor),
                    currency: Default::default(),
                    sku: format!("S{i}"),
                    product: "P".into(),
                    category: "c".into(),
                    channel: Default::default(),
                    updated_at: 0,
                    version: Default::default(),
                    stamps: Default::default(),
                    deleted: false,
                })
                .collect();
            let mut next = 200u8;
            let mut new_id = || { next += 1; Id::v7(3, [next; 10]) };
            let batch = merge_customers(&a, &b, &choices, &Belongings { purchases: &purchases, ..Default::default() }, &mut new_id, 1_000).unwrap();
            let mut clock = Clock::new(9);
            let mut seq = Sequence::new(Id::v7(1, [9; 10]));
            let stored: BTreeMap<Id, Record> = [Record::Customer(a.clone()), Record::Customer(b.clone())]
                .into_iter()
                .chain(purchases.iter().cloned().map(Record::Purchase))
                .map(|r| (r.id(), r))
                .collect();
            let mut out: BTreeMap<Id, Record> = BTreeMap::new();
            for s in batch.seal(&mut clock, 1_000, &mut seq) {
                let id = s.record.id();
                out.insert(id, s.resolve(stored.get(&id)).unwrap());
            }
            // A survivor that gained nothing is not rewritten.
            let Some(Record::Customer(survivor)) = out.get(&a.id).or(stored.get(&a.id)) else { panic!("survivor") };
            let note: String = out
                .values()
                .filter_map(|r| match r {
                    Record::Interaction(i) if i.customer_id == a.id => Some(i.text.clone()),
                    _ => None,
                })
                .collect();
            for c in [&a, &b] {
                for e in &c.emails {
                    prop_assert!(survivor.emails.contains(e), "email {e:?} lost");
                }
                for p in &c.phones {
                    prop_assert!(survivor.phones.contains(p), "phone {p:?} lost");
                }
                // A tag is one element under its folded form (`VIP`,
                // `vip`): the model's identity of set elements.
                for t in &c.tags {
                    let t = crate::text::fold(t);
                    prop_assert!(
                        survivor.tags.iter().any(|s| crate::text::fold(s) == t),
                        "tag {t:?} lost"
                    );
                }
                let scalars = [
                    ("first_name", Some(c.first_name.clone()).filter(|s| !s.is_empty()), Some(survivor.first_name.clone())),
                    ("last_name", Some(c.last_name.clone()).filter(|s| !s.is_empty()), Some(survivor.last_name.clone())),
                    ("city", c.city.clone(), survivor.city.clone()),
                    ("owner", c.owner.clone(), survivor.owner.clone()),
                    ("tier", Some(c.tier.code().to_string()), Some(survivor.tier.code().to_string())),
                ];
                for (field, value, kept) in scalars {
                    if let Some(v) = value {
                        prop_assert!(
                            kept.as_deref() == Some(v.as_str()) || note.contains(&format!("{field}: {v}")),
                            "{field} {v:?} neither kept ({kept:?}) nor in the note {note:?}"
                        );
                    }
                }
            }
            let Some(Record::Customer(other)) = out.get(&b.id) else { panic!("other") };
            prop_assert!(other.deleted);
            prop_assert_eq!(other.merged_into, Some(a.id));
            let mut moved: Vec<i64> = out
                .values()
                .filter_map(|r| match r {
                    Record::Purchase(p) if p.customer_id == a.id && !p.deleted => Some(p.amount.minor()),
                    _ => None,
                })
                .collect();
            moved.sort_unstable();
            let mut want = amounts.clone();
            want.sort_unstable();
            prop_assert_eq!(moved, want);
        }
    }
}
