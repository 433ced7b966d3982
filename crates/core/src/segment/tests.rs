//! Tests of rule segments: evaluation of every field and operator kind
//! (against a straightforward reference evaluator too), validation paths,
//! value parsing, the stored form and descriptions.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::compile::Folded;
use super::strategies::{
    TEXTS, any_condition, any_rule, condition, number_for, rule, saved_segment,
};
use super::*;
use crate::i18n::{Lang, catalog};
use crate::metrics::{Item, ItemTable, Metrics};
use crate::model::{Customer, Handle, Platform, Record, SocialIdentity, Tier};
use crate::rfm::{CustomerRfm, Segment};
use crate::text::fold;

/// The analysis day of every test.
const AS_OF: i32 = 20_000;
const DAY_MS: i64 = 86_400_000;

fn uid(n: u8) -> Id {
    Id::v7(1_700_000_000_000 + u64::from(n), [n; 10])
}

fn items() -> ItemTable {
    let item = |sku: &str, product: &str| Item {
        sku: sku.into(),
        product: product.into(),
        category: String::new(),
    };
    ItemTable {
        items: vec![
            item("TEL-1", "Telefon kılıfı"),
            item("IPH-15", "iPhone 15"),
            item("KLV", "Işıklı klavye"),
            item("VIP-KART", "VIP müşteri kartı"),
        ],
    }
}

fn identity(platform: Platform, followers: u64) -> SocialIdentity {
    SocialIdentity {
        handle: Handle::parse(platform, "ayseyilmaz").unwrap(),
        followers,
        source: None,
    }
}

/// A customer of 100 days with a city, tier, tags, a product and two
/// identities.
fn ayse() -> Customer {
    let mut c = Customer::new(uid(1), "Ayşe", "Yılmaz");
    c.city = Some("İstanbul".into());
    c.tier = Tier::Gold;
    c.tags = vec!["VIP müşteri".into(), "instagram".into()];
    c.products = vec!["Işıklı klavye".into()];
    c.identities = vec![
        identity(Platform::Instagram, 1_500),
        identity(Platform::X, 20),
    ];
    c.created_at = i64::from(AS_OF - 100) * DAY_MS + 5_000;
    c
}

/// Ayşe's purchases: three, ₺1.250,50, a Champion, CLV ₺1.000.
fn bought() -> Metrics {
    Metrics {
        purchases: 3,
        total_spent: 125_050,
        first_day: Some(AS_OF - 200),
        last_day: Some(AS_OF - 10),
        rfm: Some(CustomerRfm {
            recency_days: 10,
            frequency: 3,
            monetary: 125_050,
            r: 5,
            f: 4,
            m: 3,
            segment: Segment::Champions,
        }),
        p_alive: Some(0.8),
        expected_purchases_90d: Some(1.5),
        clv: Some(1_000.0),
        items: vec![0],
    }
}

/// A customer of 5 days with nothing but a name, and no purchases.
fn veli() -> Customer {
    let mut c = Customer::new(uid(2), "Veli", "Kaya");
    c.created_at = i64::from(AS_OF - 5) * DAY_MS;
    c
}

fn eval(rule: &Group, customer: &Customer, metrics: Option<&Metrics>) -> bool {
    let items = items();
    rule.compile().matches(&Facts {
        customer,
        metrics,
        items: &items,
        as_of: AS_OF,
    })
}

fn cond(field: Field, op: Op, value: Value) -> Node {
    Node::Condition(Condition::new(field, op, value))
}

fn num(n: f64) -> Value {
    Value::Number(n)
}

fn txt(t: &str) -> Value {
    Value::Text(t.into())
}

fn choices(codes: &[&str]) -> Value {
    Value::Choices(codes.iter().map(|c| c.to_string()).collect())
}

/// The example of the brief: RFM Champions or Loyal AND (city İstanbul OR
/// tag contains vip) AND CLV ≥ 1.000 ₺.
fn example_rule() -> Group {
    Group::all(vec![
        cond(Field::RfmSegment, Op::In, choices(&["champions", "loyal"])),
        Node::Group(Group::any(vec![
            cond(Field::City, Op::Is, txt("İstanbul")),
            cond(Field::Tag, Op::Contains, txt("vip")),
        ])),
        cond(Field::Clv, Op::Ge, num(1_000.0)),
    ])
}

// ----------------------------------------------------------------------
// Evaluation: every field and operator kind.

#[test]
fn every_field_and_operator_kind_evaluates_as_documented() {
    use Field::*;
    use Op::*;
    // (field, op, value, Ayşe with purchases, Veli without anything)
    let cases: Vec<(Field, Op, Value, bool, bool)> = vec![
        (
            RfmSegment,
            In,
            choices(&["champions", "loyal"]),
            true,
            false,
        ),
        (RfmSegment, In, choices(&["loyal"]), false, false),
        (RfmSegment, NotIn, choices(&["champions"]), false, false),
        (RfmSegment, NotIn, choices(&["loyal"]), true, false),
        (RScore, Eq, num(5.0), true, false),
        (RScore, Lt, num(5.0), false, false),
        (FScore, Ge, num(4.0), true, false),
        (FScore, Gt, num(4.0), false, false),
        (MScore, Le, num(2.0), false, false),
        (MScore, Ne, num(2.0), true, false),
        (TotalSpent, Ge, num(1_250.5), true, false),
        (TotalSpent, Gt, num(1_250.5), false, false),
        (TotalSpent, Eq, num(1_250.5), true, false),
        (TotalSpent, Lt, num(100.0), false, true),
        (TotalSpent, Eq, num(0.0), false, true),
        (PurchaseCount, Eq, num(3.0), true, false),
        (PurchaseCount, Lt, num(1.0), false, true),
        (DaysSinceLastPurchase, Le, num(10.0), true, false),
        (DaysSinceLastPurchase, Gt, num(10.0), false, false),
        (DaysSinceLastPurchase, Ne, num(99.0), true, false),
        (Clv, Ge, num(1_000.0), true, false),
        (Clv, Lt, num(100.0), false, false),
        (Clv, Ne, num(5.0), true, false),
        (PAlive, Ge, num(80.0), true, false),
        (PAlive, Gt, num(80.0), false, false),
        (PAlive, Lt, num(100.0), true, false),
        (ExpectedPurchases90d, Gt, num(1.0), true, false),
        (ExpectedPurchases90d, Eq, num(1.5), true, false),
        (ProductOwned, Contains, txt("KLAVYE"), true, false),
        (ProductOwned, Contains, txt("kilif"), true, false),
        (ProductOwned, Is, txt("tel-1"), true, false),
        (ProductOwned, Is, txt("telefon"), false, false),
        (ProductOwned, IsNot, txt("TEL-1"), false, true),
        (ProductOwned, NotContains, txt("iphone"), true, true),
        (ProductOwned, HasAny, Value::None, true, false),
        (Tier, In, choices(&["gold", "platinum"]), true, false),
        (Tier, In, choices(&["standard"]), false, true),
        (Tier, NotIn, choices(&["gold"]), false, true),
        (City, Is, txt("ISTANBUL"), true, false),
        (City, Is, txt(" istanbul "), true, false),
        (City, Contains, txt("STAN"), true, false),
        (City, IsNot, txt("İstanbul"), false, true),
        (City, NotContains, txt("ank"), true, true),
        (Tag, Contains, txt("vip"), true, false),
        (Tag, Is, txt("vip"), false, false),
        (Tag, Is, txt("vip musteri"), true, false),
        (Tag, NotContains, txt("vip"), false, true),
        (Tag, IsNot, txt("instagram"), false, true),
        (Tag, HasAny, Value::None, true, false),
        (SocialPlatform, In, choices(&["instagram"]), true, false),
        (
            SocialPlatform,
            In,
            choices(&["tiktok", "youtube"]),
            false,
            false,
        ),
        (SocialPlatform, NotIn, choices(&["tiktok"]), true, true),
        (SocialPlatform, NotIn, choices(&["x"]), false, true),
        (SocialPlatform, HasAny, Value::None, true, false),
        (Followers, Ge, num(1_500.0), true, false),
        (Followers, Gt, num(1_500.0), false, false),
        (Followers, Lt, num(100.0), false, false),
        (DaysSinceCreated, Eq, num(100.0), true, false),
        (DaysSinceCreated, Ge, num(100.0), true, false),
        (DaysSinceCreated, Lt, num(10.0), false, true),
    ];
    let metrics = bought();
    for kind in [
        Kind::Number,
        Kind::Money,
        Kind::Percent,
        Kind::Days,
        Kind::Choice,
        Kind::Text,
    ] {
        assert!(
            cases.iter().any(|c| c.0.kind() == kind),
            "no case of {kind:?}"
        );
    }
    for field in Field::ALL {
        assert!(cases.iter().any(|c| c.0 == field), "no case of {field}");
    }
    for op in Op::ALL {
        assert!(cases.iter().any(|c| c.1 == op), "no case of {op}");
    }
    for (field, op, value, with, without) in cases {
        let rule = Group::all(vec![cond(field, op, value.clone())]);
        assert_eq!(rule.validate(), Ok(()), "{field} {op} {value:?}");
        assert_eq!(
            eval(&rule, &ayse(), Some(&metrics)),
            with,
            "Ayşe: {field} {op} {value:?}"
        );
        assert_eq!(
            eval(&rule, &veli(), None),
            without,
            "Veli: {field} {op} {value:?}"
        );
    }
}

#[test]
fn an_unknown_metric_never_matches_whatever_the_operator() {
    // Purchases but no fitted model: CLV, P(alive) and expected purchases
    // are unknown; RFM is known.
    let mut unfitted = bought();
    unfitted.clv = None;
    unfitted.p_alive = None;
    unfitted.expected_purchases_90d = None;
    for field in [Field::Clv, Field::PAlive, Field::ExpectedPurchases90d] {
        for op in field.ops() {
            for n in [0.0, 50.0, 100.0] {
                let rule = Group::all(vec![cond(field, op, num(n))]);
                assert!(!eval(&rule, &ayse(), Some(&unfitted)), "{field} {op} {n}");
                assert!(eval(&rule, &ayse(), Some(&bought())) || op != Op::Ne);
            }
        }
    }
    // No purchases: every metric but the count and the total is unknown.
    for field in Field::ALL.into_iter().filter(|f| f.is_metric()) {
        for op in field.ops() {
            let value = match field.kind() {
                Kind::Choice => {
                    Value::Choices(field.choices().iter().map(|c| c.to_string()).collect())
                }
                _ => num(if field.bounds().min == Some(1) {
                    3.0
                } else {
                    0.0
                }),
            };
            let rule = Group::all(vec![cond(field, op, value)]);
            let known = matches!(field, Field::PurchaseCount | Field::TotalSpent);
            let hit = eval(&rule, &veli(), None);
            let empty = eval(&rule, &veli(), Some(&Metrics::default()));
            assert_eq!(hit, empty, "None reads as Metrics::default: {field} {op}");
            if !known {
                assert!(!hit, "unknown {field} {op} matched");
            }
        }
    }
    // A non-finite model figure is unknown too.
    let mut broken = bought();
    broken.clv = Some(f64::NAN);
    let rule = Group::all(vec![cond(Field::Clv, Op::Ne, num(5.0))]);
    assert!(!eval(&rule, &ayse(), Some(&broken)));
}

#[test]
fn text_compares_the_turkish_fold_of_both_sides() {
    // (city, op, typed, matches)
    for (city, op, typed, hit) in [
        ("Işık", Op::Contains, "isi", true),
        ("IŞIK", Op::Is, "ışık", true),
        ("ışık", Op::Is, "ISIK", true),
        ("İzmir", Op::Is, "IZMIR", true),
        ("İSTANBUL", Op::Is, "istanbul", true),
        ("Çanakkale", Op::Contains, "CANAK", true),
        ("  Gülşen   Ünal ", Op::Is, "gulsen unal", true),
        ("Kır", Op::Is, "kar", false),
        ("Kırşehir", Op::Contains, "sehir", true),
        ("Kırşehir", Op::Contains, "şehirler", false),
        ("Ağrı", Op::NotContains, "AGRI", false),
        ("aaab", Op::Contains, "aab", true),
        ("abab abac", Op::Contains, "abac", true),
    ] {
        let mut c = veli();
        c.city = Some(city.into());
        let rule = Group::all(vec![cond(Field::City, op, txt(typed))]);
        assert_eq!(eval(&rule, &c, None), hit, "{city} {op} {typed}");
    }
}

#[test]
fn all_any_nested_and_empty_groups() {
    let yes = || cond(Field::City, Op::Is, txt("istanbul"));
    let no = || cond(Field::City, Op::Is, txt("ankara"));
    let m = bought();
    let check = |rule: Group, expected: bool| {
        assert_eq!(eval(&rule, &ayse(), Some(&m)), expected, "{rule:?}");
    };
    check(Group::all(vec![]), true);
    check(Group::any(vec![]), true);
    check(Group::all(vec![yes(), yes()]), true);
    check(Group::all(vec![yes(), no()]), false);
    check(Group::any(vec![no(), yes()]), true);
    check(Group::any(vec![no(), no()]), false);
    check(
        Group::all(vec![yes(), Node::Group(Group::any(vec![no(), yes()]))]),
        true,
    );
    check(
        Group::all(vec![yes(), Node::Group(Group::any(vec![no(), no()]))]),
        false,
    );
    check(
        Group::any(vec![no(), Node::Group(Group::all(vec![yes(), yes()]))]),
        true,
    );
    // An empty sub-group matches everyone.
    check(
        Group::all(vec![yes(), Node::Group(Group::any(vec![]))]),
        true,
    );
    check(
        Group::any(vec![no(), Node::Group(Group::all(vec![]))]),
        true,
    );
    // Three levels are fine, a fourth matches nobody.
    let level3 = Group::all(vec![Node::Group(Group::all(vec![Node::Group(
        Group::all(vec![yes()]),
    )]))]);
    assert_eq!(level3.validate(), Ok(()));
    check(level3, true);
    let level4 = Group::any(vec![Node::Group(Group::all(vec![Node::Group(
        Group::all(vec![Node::Group(Group::all(vec![]))]),
    )]))]);
    check(level4, false);
    // The example: Ayşe qualifies, and stops when her CLV drops.
    check(example_rule(), true);
    let mut poorer = m.clone();
    poorer.clv = Some(999.99);
    assert!(!eval(&example_rule(), &ayse(), Some(&poorer)));
    // Everyone matches a new segment; nobody who has no purchases matches
    // the example.
    assert!(eval(&Group::default(), &veli(), None));
    assert!(!eval(&example_rule(), &veli(), None));
}

#[test]
fn invalid_conditions_and_tombstones_match_nobody() {
    let m = bought();
    let broken = cond(Field::Clv, Op::Ge, txt("1000"));
    assert!(!eval(&Group::all(vec![broken.clone()]), &ayse(), Some(&m)));
    assert!(!eval(
        &Group::all(vec![cond(Field::City, Op::NotContains, txt("  "))]),
        &ayse(),
        Some(&m)
    ));
    assert!(!eval(
        &Group::all(vec![cond(
            Field::Tier,
            Op::NotIn,
            choices(&["gold", "diamond"])
        )]),
        &veli(),
        None
    ));
    // In an OR group the broken condition is just false.
    let or = Group::any(vec![broken, cond(Field::Tier, Op::In, choices(&["gold"]))]);
    assert!(eval(&or, &ayse(), Some(&m)));
    let mut gone = ayse();
    gone.deleted = true;
    assert!(!eval(&Group::default(), &gone, Some(&m)));
}

#[test]
fn products_come_from_the_customer_and_the_items_they_bought() {
    let table = items();
    let mut m = bought();
    m.items = vec![1, 3, 99];
    let c = veli();
    let facts = Facts {
        customer: &c,
        metrics: Some(&m),
        items: &table,
        as_of: AS_OF,
    };
    let hit = |op, value| {
        Group::all(vec![cond(Field::ProductOwned, op, value)])
            .compile()
            .matches(&facts)
    };
    assert!(hit(Op::Is, txt("IPHONE 15")));
    assert!(hit(Op::Is, txt("vip-kart")));
    assert!(hit(Op::Contains, txt("müşteri kart")));
    assert!(!hit(Op::Contains, txt("kılıf")));
    assert!(hit(Op::HasAny, Value::None));
    // An index outside the table is skipped, not a panic.
    let mut outside = m.clone();
    outside.items = vec![99];
    let facts = Facts {
        metrics: Some(&outside),
        ..facts
    };
    assert!(
        !Group::all(vec![cond(Field::ProductOwned, Op::Contains, txt("i"))])
            .compile()
            .matches(&facts)
    );
}

// ----------------------------------------------------------------------
// Reference evaluator: the semantics written out plainly, allocating.

fn reference(rule: &Group, facts: &Facts<'_>) -> bool {
    if facts.customer.deleted {
        return false;
    }
    let m = facts.metrics.cloned().unwrap_or_default();
    ref_group(rule, 1, facts, &m)
}

fn ref_group(group: &Group, depth: usize, facts: &Facts<'_>, m: &Metrics) -> bool {
    let results: Vec<bool> = group
        .items
        .iter()
        .map(|node| match node {
            Node::Condition(c) => ref_condition(c, facts, m),
            Node::Group(sub) => depth < MAX_DEPTH && ref_group(sub, depth + 1, facts, m),
        })
        .collect();
    results.is_empty()
        || match group.join {
            Join::All => results.iter().all(|r| *r),
            Join::Any => results.iter().any(|r| *r),
        }
}

fn ref_condition(c: &Condition, facts: &Facts<'_>, m: &Metrics) -> bool {
    if Group::all(vec![Node::Condition(c.clone())])
        .validate()
        .is_err()
    {
        return false;
    }
    let customer = facts.customer;
    let texts: Vec<String> = match c.field {
        Field::City => customer.city.iter().cloned().collect(),
        Field::Tag => customer.tags.clone(),
        Field::ProductOwned => {
            let mut all = customer.products.clone();
            for &i in &m.items {
                if let Some(item) = facts.items.get(i) {
                    all.push(item.product.clone());
                    all.push(item.sku.clone());
                }
            }
            all
        }
        _ => Vec::new(),
    };
    if c.op == Op::HasAny {
        return match c.field {
            Field::SocialPlatform => !customer.identities.is_empty(),
            Field::ProductOwned => {
                texts.iter().any(|t| !t.trim().is_empty()) || !m.items.is_empty()
            }
            _ => texts.iter().any(|t| !t.trim().is_empty()),
        };
    }
    match (&c.value, c.field.kind()) {
        (Value::Number(v), _) => {
            let as_of = f64::from(facts.as_of);
            let actual = match c.field {
                Field::RScore => m.rfm.map(|r| f64::from(r.r)),
                Field::FScore => m.rfm.map(|r| f64::from(r.f)),
                Field::MScore => m.rfm.map(|r| f64::from(r.m)),
                // Compared in lira here, in kuruş by `compile`.
                Field::TotalSpent => Some(m.total_spent as f64 / 100.0),
                Field::PurchaseCount => Some(f64::from(m.purchases)),
                Field::DaysSinceLastPurchase => m.last_day.map(|d| as_of - f64::from(d)),
                Field::Clv => m.clv,
                Field::PAlive => m.p_alive,
                Field::ExpectedPurchases90d => m.expected_purchases_90d,
                Field::Followers => customer
                    .identities
                    .iter()
                    .map(|i| i.followers as f64)
                    .reduce(f64::max),
                Field::DaysSinceCreated => {
                    Some(as_of - (customer.created_at as f64 / DAY_MS as f64).floor())
                }
                _ => None,
            };
            let target = if c.field == Field::PAlive {
                v / 100.0
            } else {
                *v
            };
            let Some(a) = actual.filter(|a| a.is_finite()) else {
                return false;
            };
            match c.op {
                Op::Eq => a == target,
                Op::Ne => a != target,
                Op::Lt => a < target,
                Op::Le => a <= target,
                Op::Gt => a > target,
                Op::Ge => a >= target,
                _ => false,
            }
        }
        (Value::Choices(codes), _) => {
            let has = |code: &str| codes.iter().any(|c| c == code);
            let hit = match c.field {
                Field::RfmSegment => match m.rfm {
                    Some(r) => has(r.segment.code()),
                    None => return false,
                },
                Field::Tier => has(customer.tier.code()),
                _ => customer
                    .identities
                    .iter()
                    .any(|i| has(i.handle.platform().code())),
            };
            hit == (c.op == Op::In)
        }
        (Value::Text(t), _) => {
            let needle = fold(t);
            let hit = texts.iter().any(|v| {
                let v = fold(v);
                match c.op {
                    Op::Is | Op::IsNot => v == needle,
                    _ => v.contains(&needle),
                }
            });
            hit == matches!(c.op, Op::Is | Op::Contains)
        }
        (Value::None, _) => false,
    }
}

/// Every condition of a rule, sub-groups included.
fn conditions(group: &Group) -> Vec<Condition> {
    let mut out = Vec::new();
    for node in &group.items {
        match node {
            Node::Condition(c) => out.push(c.clone()),
            Node::Group(g) => out.extend(conditions(g)),
        }
    }
    out
}

/// Customers whose values come from the rules' vocabularies.
fn test_customer() -> impl Strategy<Value = Customer> {
    let text = || prop::sample::select(TEXTS.to_vec()).prop_map(String::from);
    let identities = vec(
        (
            prop::sample::select(Platform::ALL.to_vec()),
            prop::sample::select(vec![0u64, 1, 30, 1_000, 1_500]),
        ),
        0..3,
    );
    (
        (
            proptest::option::of(text()),
            prop::sample::select(Tier::ALL.to_vec()),
        ),
        (
            vec(text(), 0..3),
            vec(prop_oneof![text(), Just(" ".to_string())], 0..3),
        ),
        identities,
        (
            prop::sample::select(vec![0i32, 1, 2, 3, 30, 90, 365, 1_000]),
            0..DAY_MS,
        ),
        prop::bool::weighted(0.05),
    )
        .prop_map(
            |((city, tier), (tags, products), identities, (days, ms), deleted)| {
                let mut c = veli();
                c.city = city;
                c.tier = tier;
                c.tags = tags;
                c.products = products;
                c.identities = identities
                    .into_iter()
                    .map(|(p, f)| identity(p, f))
                    .collect();
                c.created_at = i64::from(AS_OF - days) * DAY_MS + ms;
                c.deleted = deleted;
                c
            },
        )
}

/// Figures from the same vocabularies; sometimes no purchases, sometimes
/// no fitted model.
fn test_metrics() -> impl Strategy<Value = Option<Metrics>> {
    let rfm = (1u8..=5, 1u8..=5, 1u8..=5).prop_map(|(r, f, m)| CustomerRfm {
        recency_days: 1,
        frequency: 1,
        monetary: 1,
        r,
        f,
        m,
        segment: Segment::from_scores(r, f),
    });
    let money = prop::sample::select(vec![0.0, 10.0, 99.99, 100.0, 1_000.0, 1_250.5, -20.0]);
    let metrics = (
        (
            0u32..5,
            prop::sample::select(vec![0i64, 1_000, 9_999, 10_000, 100_000, 125_050, -2_000]),
        ),
        proptest::option::of(prop::sample::select(vec![0, 1, 2, 3, 30, 90, 365, 1_000])),
        proptest::option::of(rfm),
        proptest::option::of(prop::sample::select(vec![
            0.0, 0.125, 0.25, 0.5, 0.75, 0.995, 1.0,
        ])),
        proptest::option::of(prop::sample::select(vec![0.0, 0.25, 0.5, 1.0, 2.0, 3.75])),
        proptest::option::of(money),
        prop::sample::subsequence(vec![0u32, 1, 2, 3, 99], 0..3),
    )
        .prop_map(
            |((purchases, total_spent), days_ago, rfm, p_alive, expected, clv, items)| Metrics {
                purchases,
                total_spent,
                first_day: days_ago.map(|d| AS_OF - d - 10),
                last_day: days_ago.map(|d| AS_OF - d),
                rfm,
                p_alive,
                expected_purchases_90d: expected,
                clv,
                items,
            },
        );
    proptest::option::of(metrics)
}

/// Whether the numeric figure of `field` is known for the customer.
fn known(field: Field, customer: &Customer, m: &Metrics) -> bool {
    match field {
        Field::RScore | Field::FScore | Field::MScore => m.rfm.is_some(),
        Field::DaysSinceLastPurchase => m.last_day.is_some(),
        Field::Clv => m.clv.is_some(),
        Field::PAlive => m.p_alive.is_some(),
        Field::ExpectedPurchases90d => m.expected_purchases_90d.is_some(),
        Field::Followers => !customer.identities.is_empty(),
        _ => true,
    }
}

proptest! {
    // One condition at a time against many customers: cheap, so many cases
    // (every field and operator pair gets dozens).
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn every_condition_agrees_with_the_reference_evaluator(
        condition in any_condition(),
        people in vec((test_customer(), test_metrics()), 1..12),
    ) {
        let rule = Group::all(vec![Node::Condition(condition)]);
        let compiled = rule.compile();
        let table = items();
        for (customer, metrics) in &people {
            let facts = Facts { customer, metrics: metrics.as_ref(), items: &table, as_of: AS_OF };
            prop_assert_eq!(
                compiled.matches(&facts),
                reference(&rule, &facts),
                "{:?} on {:?} / {:?}", rule, customer, metrics
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn compiled_rules_agree_with_the_reference_evaluator(
        rule in any_rule(),
        people in vec((test_customer(), test_metrics()), 1..8),
    ) {
        let compiled = rule.compile();
        // Each condition alone too: in a big rule, one wrong answer is
        // often hidden by the others.
        let singles: Vec<(Group, Compiled)> = conditions(&rule)
            .into_iter()
            .map(|c| {
                let g = Group::all(vec![Node::Condition(c)]);
                let compiled = g.compile();
                (g, compiled)
            })
            .collect();
        let table = items();
        for (customer, metrics) in &people {
            let facts = Facts { customer, metrics: metrics.as_ref(), items: &table, as_of: AS_OF };
            prop_assert_eq!(
                compiled.matches(&facts),
                reference(&rule, &facts),
                "{:?} on {:?} / {:?}", rule, customer, metrics
            );
            for (g, compiled) in &singles {
                prop_assert_eq!(
                    compiled.matches(&facts),
                    reference(g, &facts),
                    "{:?} on {:?} / {:?}", g, customer, metrics
                );
            }
        }
    }

    #[test]
    fn opposite_operators_split_customers_with_a_known_value(
        field in prop::sample::select(
            Field::ALL.into_iter().filter(|f| f.kind().is_numeric()).collect::<Vec<_>>()
        ),
        seed in any::<prop::sample::Index>(),
        customer in test_customer(),
        metrics in test_metrics(),
    ) {
        let mut customer = customer;
        customer.deleted = false;
        let values: Vec<f64> = [0.0, 1.0, 3.0, 12.5, 30.0, 99.99, 100.0, 1_000.0, 1_250.5, -20.0]
            .into_iter()
            .filter(|&n| parse::check_number(field, n).is_ok())
            .collect();
        let n = values[seed.index(values.len())];
        let m = metrics.clone().unwrap_or_default();
        let hit = |op| eval(&Group::all(vec![cond(field, op, num(n))]), &customer, metrics.as_ref());
        for (a, b) in [(Op::Lt, Op::Ge), (Op::Le, Op::Gt), (Op::Eq, Op::Ne)] {
            if known(field, &customer, &m) {
                prop_assert!(hit(a) != hit(b), "{} {} / {} {}", field, a, b, n);
            } else {
                prop_assert!(!hit(a) && !hit(b), "unknown {} matched", field);
            }
        }
    }

    #[test]
    fn streamed_folding_equals_fold(s in prop_oneof![
        any::<String>(),
        "[ \\tİIıiŞşĞğÇçÖöÜüÂâé\u{0307}\u{00a0}a-zA-Z]{0,20}",
    ]) {
        prop_assert_eq!(Folded::new(&s).collect::<String>(), fold(&s));
    }

    #[test]
    fn contains_equals_contains_of_the_folds(
        hay in "[ İIıiŞşsaAbB]{0,12}",
        needle in "[ İIıiŞşsaAbB]{1,4}",
    ) {
        let mut c = veli();
        c.city = Some(hay.clone());
        let rule = Group::all(vec![cond(Field::City, Op::Contains, txt(&needle))]);
        let folded = fold(&needle);
        prop_assume!(!folded.is_empty());
        prop_assert_eq!(eval(&rule, &c, None), fold(&hay).contains(&folded));
    }

    #[test]
    fn generated_valid_rules_validate(rule in rule()) {
        prop_assert_eq!(rule.validate(), Ok(()));
    }

    #[test]
    fn saved_segments_round_trip_through_json(segment in saved_segment()) {
        let json = segment.to_json();
        prop_assert_eq!(SavedSegment::from_json(&json), Ok(segment.clone()));
        let record = Record::Segment(segment);
        let line = serde_json::to_string(&record).unwrap();
        prop_assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), record);
    }

    #[test]
    fn typed_numbers_read_the_same_in_both_notations(cents in 0i64..10_000_000_000) {
        let major = cents / 100;
        let minor = cents % 100;
        let tr = format!("{},{minor:02}", crate::units::count(major as u64, Lang::Tr));
        let en = format!("{}.{minor:02}", crate::units::count(major as u64, Lang::En));
        let expected = Value::Number(cents as f64 / 100.0);
        prop_assert_eq!(parse_value(Field::Clv, Op::Ge, &tr), Ok(expected.clone()));
        prop_assert_eq!(parse_value(Field::Clv, Op::Ge, &en), Ok(expected));
        let n = parse_value(Field::ExpectedPurchases90d, Op::Ge, &tr).unwrap();
        prop_assert_eq!(n, parse_value(Field::ExpectedPurchases90d, Op::Ge, &en).unwrap());
    }
}

#[test]
fn numbers_from_the_vocabulary_are_valid() {
    let mut runner = TestRunner::deterministic();
    for field in Field::ALL.into_iter().filter(|f| f.kind().is_numeric()) {
        for _ in 0..200 {
            let n = number_for(field).new_tree(&mut runner).unwrap().current();
            assert_eq!(parse::check_number(field, n), Ok(()), "{field} {n}");
        }
    }
}

#[test]
fn conditions_from_the_strategy_cover_every_field() {
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2_000 {
        seen.insert(condition().new_tree(&mut runner).unwrap().current().field);
    }
    assert_eq!(seen.len(), Field::ALL.len());
}

// ----------------------------------------------------------------------
// Validation.

#[test]
fn validate_finds_every_planted_error_with_its_path() {
    use Field::*;
    let rule = Group::all(vec![
        cond(Clv, Op::Ge, txt("1000")),
        cond(City, Op::Lt, num(3.0)),
        Node::Group(Group::any(vec![
            cond(Tier, Op::In, Value::Choices(vec![])),
            cond(RfmSegment, Op::In, choices(&["champions", "vip"])),
            cond(PAlive, Op::Ge, num(f64::NAN)),
            cond(Tag, Op::Contains, txt("  ")),
            Node::Group(Group::all(vec![
                cond(Tag, Op::HasAny, txt("x")),
                Node::Group(Group::all(vec![])),
                cond(RScore, Op::Eq, num(7.0)),
                cond(City, Op::Is, txt("Ankara")),
            ])),
        ])),
        cond(City, Op::Is, txt("İstanbul")),
        cond(Followers, Op::Ge, num(-1.0)),
        cond(DaysSinceCreated, Op::Lt, num(2.5)),
        cond(TotalSpent, Op::Ge, num(10.555)),
        cond(SocialPlatform, Op::In, choices(&["instagram"])),
        cond(ProductOwned, Op::HasAny, Value::None),
        cond(Clv, Op::Ge, Value::None),
        cond(Tier, Op::In, txt("gold")),
        cond(PAlive, Op::Gt, num(101.0)),
        cond(Clv, Op::Contains, num(1.0)),
    ]);
    let errors = rule.validate().unwrap_err();
    let found: Vec<(Vec<usize>, RuleProblem)> = errors
        .iter()
        .map(|e| (e.path.clone(), e.problem.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (vec![0], RuleProblem::NeedsNumber),
            (vec![1], RuleProblem::OpNotAllowed),
            (vec![2, 0], RuleProblem::NeedsChoices),
            (vec![2, 1], RuleProblem::UnknownChoice("vip".into())),
            (vec![2, 2], RuleProblem::NotFinite),
            (vec![2, 3], RuleProblem::NeedsText),
            (vec![2, 4, 0], RuleProblem::NoValueExpected),
            (vec![2, 4, 1], RuleProblem::TooDeep),
            (
                vec![2, 4, 2],
                RuleProblem::BadNumber(ValueError::Range { min: 1, max: 5 })
            ),
            (vec![4], RuleProblem::BadNumber(ValueError::Negative)),
            (vec![5], RuleProblem::BadNumber(ValueError::NotWhole)),
            (vec![6], RuleProblem::BadNumber(ValueError::Decimals)),
            (vec![9], RuleProblem::NeedsNumber),
            (vec![10], RuleProblem::NeedsChoices),
            (
                vec![11],
                RuleProblem::BadNumber(ValueError::Range { min: 0, max: 100 })
            ),
            (vec![12], RuleProblem::OpNotAllowed),
        ]
    );
    assert_eq!(errors[0].field, Some(Clv));
    assert_eq!(errors[7].field, None);
    for e in &errors {
        for lang in Lang::ALL {
            let text = e.message(lang);
            assert!(!text.contains("segment-"), "untranslated: {text}");
            assert!(!text.contains('{'), "unfilled argument: {text}");
        }
    }
}

#[test]
fn rule_errors_read_as_sentences_in_both_languages() {
    let rule = Group::all(vec![Node::Group(Group::any(vec![
        cond(Field::City, Op::Is, txt("İzmir")),
        cond(Field::Clv, Op::Ge, Value::None),
    ]))]);
    let errors = rule.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, vec![0, 1]);
    assert_eq!(
        errors[0].message(Lang::En),
        "Condition 2 in group 1: Lifetime value (CLV) needs a number"
    );
    assert_eq!(
        errors[0].message(Lang::Tr),
        "1. grubun 2. koşulu: Yaşam boyu değer (CLV) için bir sayı gerekli"
    );
    assert_eq!(errors[0].to_string(), errors[0].message(Lang::En));

    let top = Group::all(vec![cond(Field::RScore, Op::Ge, num(9.0))]);
    let e = &top.validate().unwrap_err()[0];
    assert_eq!(
        e.message(Lang::En),
        "Condition 1: Recency score (R): must be between 1 and 5"
    );
    assert_eq!(e.key(), "segment-value-range");

    let deep = Group::all(vec![Node::Group(Group::all(vec![Node::Group(
        Group::all(vec![Node::Group(Group::default())]),
    )]))]);
    let e = &deep.validate().unwrap_err()[0];
    assert_eq!(e.path, vec![0, 0, 0]);
    assert_eq!(
        e.message(Lang::En),
        "Group 1.1.1: groups can be nested at most 3 levels deep"
    );
    assert_eq!(
        e.message(Lang::Tr),
        "1.1.1. grup: gruplar en fazla 3 düzey iç içe olabilir"
    );
}

// ----------------------------------------------------------------------
// Typed values.

#[test]
fn typed_values_are_read_in_turkish_and_english_notation() {
    use Field::*;
    let good: Vec<(Field, Op, &str, Value)> = vec![
        (Clv, Op::Ge, "1.250,50", num(1_250.5)),
        (Clv, Op::Ge, "1,250.50", num(1_250.5)),
        (Clv, Op::Ge, "1250", num(1_250.0)),
        (Clv, Op::Ge, "₺1.000", num(1_000.0)),
        (Clv, Op::Ge, "1.000 TL", num(1_000.0)),
        (Clv, Op::Lt, "-20", num(-20.0)),
        (TotalSpent, Op::Lt, "99,99", num(99.99)),
        (PAlive, Op::Ge, "12,5", num(12.5)),
        (PAlive, Op::Ge, "%80", num(80.0)),
        (PAlive, Op::Ge, "80 %", num(80.0)),
        (PAlive, Op::Le, "100", num(100.0)),
        (ExpectedPurchases90d, Op::Gt, "0,125", num(0.125)),
        (ExpectedPurchases90d, Op::Gt, "1.5", num(1.5)),
        (ExpectedPurchases90d, Op::Gt, "1,5", num(1.5)),
        (ExpectedPurchases90d, Op::Gt, ",5", num(0.5)),
        (Followers, Op::Ge, "10.000", num(10_000.0)),
        (Followers, Op::Ge, "10,000", num(10_000.0)),
        (Followers, Op::Ge, "1.250.000", num(1_250_000.0)),
        (Followers, Op::Ge, "1 250 000", num(1_250_000.0)),
        (DaysSinceLastPurchase, Op::Le, " 30 ", num(30.0)),
        (DaysSinceCreated, Op::Ge, "0", num(0.0)),
        (RScore, Op::Eq, "5", num(5.0)),
        (City, Op::Is, "  İstanbul ", txt("İstanbul")),
        (
            RfmSegment,
            Op::In,
            "Şampiyonlar, loyal",
            choices(&["champions", "loyal"]),
        ),
        (
            RfmSegment,
            Op::In,
            "Champions; risk altında; at risk",
            choices(&["champions", "at_risk"]),
        ),
        (
            RfmSegment,
            Op::NotIn,
            "Potential Loyalists",
            choices(&["potential_loyalists"]),
        ),
        (
            Tier,
            Op::NotIn,
            "altın, Platinum",
            choices(&["gold", "platinum"]),
        ),
        (Tier, Op::In, "GÜMÜŞ", choices(&["silver"])),
        (
            SocialPlatform,
            Op::In,
            "Twitter, instagram",
            choices(&["x", "instagram"]),
        ),
        (SocialPlatform, Op::In, "YouTube", choices(&["youtube"])),
        (Tag, Op::HasAny, "ignored", Value::None),
    ];
    for (field, op, input, expected) in good {
        let value = parse_value(field, op, input);
        assert_eq!(value, Ok(expected.clone()), "{field} {op} {input:?}");
        let rule = Group::all(vec![cond(field, op, expected)]);
        assert_eq!(rule.validate(), Ok(()), "{field} {op} {input:?}");
    }

    let huge = "1".repeat(20);
    let bad: Vec<(Field, Op, &str, ValueError)> = vec![
        (Clv, Op::Ge, "", ValueError::Empty),
        (Clv, Op::Ge, "abc", ValueError::NotANumber),
        (Clv, Op::Ge, "1e5", ValueError::NotANumber),
        (Clv, Op::Ge, "1,2345", ValueError::Decimals),
        (Clv, Op::Ge, "12.345,678", ValueError::Decimals),
        (Clv, Op::Ge, "99999999999999", ValueError::TooLarge),
        (
            PAlive,
            Op::Ge,
            "150",
            ValueError::Range { min: 0, max: 100 },
        ),
        (PAlive, Op::Ge, "-5", ValueError::Range { min: 0, max: 100 }),
        (RScore, Op::Eq, "6", ValueError::Range { min: 1, max: 5 }),
        (RScore, Op::Eq, "2,5", ValueError::NotWhole),
        (DaysSinceCreated, Op::Lt, "-1", ValueError::Negative),
        (DaysSinceCreated, Op::Lt, "1,5", ValueError::NotWhole),
        (Followers, Op::Ge, "1.2.3", ValueError::NotANumber),
        (Followers, Op::Ge, "1,25.0", ValueError::NotANumber),
        (Followers, Op::Ge, "1.000,5,0", ValueError::NotANumber),
        (ExpectedPurchases90d, Op::Gt, "5.", ValueError::NotANumber),
        (ExpectedPurchases90d, Op::Gt, "-", ValueError::NotANumber),
        (ExpectedPurchases90d, Op::Gt, "   ", ValueError::Empty),
        (
            ExpectedPurchases90d,
            Op::Gt,
            "1e400",
            ValueError::NotANumber,
        ),
        (PurchaseCount, Op::Gt, huge.as_str(), ValueError::TooLarge),
        (City, Op::Is, "   ", ValueError::Empty),
        (
            RfmSegment,
            Op::In,
            "vip",
            ValueError::UnknownChoice("vip".into()),
        ),
        (RfmSegment, Op::In, " , ;", ValueError::Empty),
        (
            Tier,
            Op::In,
            "bronze, diamond",
            ValueError::UnknownChoice("diamond".into()),
        ),
        (City, Op::Lt, "3", ValueError::Operator),
        (Clv, Op::HasAny, "", ValueError::Operator),
        (City, Op::HasAny, "", ValueError::Operator),
    ];
    for (field, op, input, expected) in bad {
        assert_eq!(
            parse_value(field, op, input),
            Err(expected),
            "{field} {op} {input:?}"
        );
    }
}

#[test]
fn value_errors_are_translated() {
    for e in ValueError::examples() {
        assert!(catalog().has(e.key()), "{}", e.key());
        let en = e.message(Lang::En);
        let tr = e.message(Lang::Tr);
        assert_ne!(en, tr);
        assert!(!en.contains('{') && !tr.contains('{'), "{en} / {tr}");
    }
    assert_eq!(
        ValueError::Range { min: 0, max: 100 }.message(Lang::Tr),
        "0 ile 100 arasında olmalı"
    );
}

// ----------------------------------------------------------------------
// Stored form.

fn example_segment() -> SavedSegment {
    let mut s = SavedSegment::new(Id::v7(1_700_000_000_000, [7; 10]), " İstanbul VIP ");
    s.description = "Şampiyonlar ve sadıklar".into();
    s.rule = example_rule();
    s.created_at = 1_700_000_000_000;
    s.updated_at = 1_700_000_000_500;
    s.version = Stamp {
        millis: 1_700_000_000_500,
        counter: 2,
        node: 9,
    };
    s
}

/// The stored form of [`example_segment`]. Do not edit: a change here is a
/// change of the saved format (bump [`FORMAT`] and add an upgrade step).
const GOLDEN: &str = r#"{"id":"018bcfe5-6800-7707-8707-070707070707","name":"İstanbul VIP","description":"Şampiyonlar ve sadıklar","rule":{"join":"all","items":[{"condition":{"field":"rfm_segment","op":"in","value":{"choices":["champions","loyal"]}}},{"group":{"join":"any","items":[{"condition":{"field":"city","op":"is","value":{"text":"İstanbul"}}},{"condition":{"field":"tag","op":"contains","value":{"text":"vip"}}}]}},{"condition":{"field":"clv","op":"ge","value":{"number":1000.0}}}]},"format":1,"created_at":1700000000000,"updated_at":1700000000500,"version":"001700000000500-0000000002-0000000000000009","deleted":false}"#;

#[test]
fn the_stored_form_is_pinned_by_a_golden_string() {
    assert_eq!(example_segment().to_json(), GOLDEN);
    assert_eq!(SavedSegment::from_json(GOLDEN), Ok(example_segment()));
    // `deleted` may be missing; numbers may come back without a fraction
    // (IndexedDB stores JSON numbers).
    let trimmed = GOLDEN
        .replace(r#","deleted":false"#, "")
        .replace("1000.0", "1000");
    assert_eq!(SavedSegment::from_json(&trimmed), Ok(example_segment()));
}

#[test]
fn a_new_segment_is_empty_and_matches_everyone() {
    let s = SavedSegment::new(uid(9), "  Yeni  ");
    assert_eq!(s.name, "Yeni");
    assert_eq!(s.format, FORMAT);
    assert_eq!(s.rule, Group::default());
    assert_eq!(s.rule.join, Join::All);
    assert!(!s.deleted && s.created_at == 0);
    assert_eq!(s.rule.validate(), Ok(()));
    assert!(eval(&s.rule, &veli(), None));
    assert_eq!(s.rule.describe(Lang::En), "All customers");
    assert_eq!(s.rule.describe(Lang::Tr), "Tüm müşteriler");
}

#[test]
fn a_segment_from_a_newer_format_is_refused_clearly() {
    let newer = GOLDEN.replace(r#""format":1"#, r#""format":99"#);
    let e = SavedSegment::from_json(&newer).unwrap_err();
    assert_eq!(
        e,
        SegmentError::NewerFormat {
            found: 99,
            supported: 1
        }
    );
    assert!(e.to_string().contains("newer ilgi"), "{e}");
    assert_eq!(e.key(), "segment-error-newer-format");
    assert!(e.message(Lang::En).contains("newer version"));
    assert!(e.message(Lang::En).contains("99"));
    assert!(e.message(Lang::Tr).contains("daha yeni"));
    // The same check guards every deserialisation (storage, backups).
    let record = format!(r#"{{"entity":"segment","record":{newer}}}"#);
    let err = serde_json::from_str::<Record>(&record).unwrap_err();
    assert!(err.to_string().contains("newer ilgi"), "{err}");

    for (text, expected) in [
        (
            GOLDEN.replace(r#""format":1,"#, ""),
            SegmentError::BadFormat,
        ),
        (
            GOLDEN.replace(r#""format":1"#, r#""format":0"#),
            SegmentError::BadFormat,
        ),
        (
            GOLDEN.replace(r#""format":1"#, r#""format":"1""#),
            SegmentError::BadFormat,
        ),
    ] {
        assert_eq!(SavedSegment::from_json(&text), Err(expected));
    }
    for damaged in [
        "not json".to_string(),
        GOLDEN.replace(r#""op":"ge""#, r#""op":"about""#),
        GOLDEN.replace(r#""name":"İstanbul VIP","#, ""),
    ] {
        let e = SavedSegment::from_json(&damaged).unwrap_err();
        assert!(matches!(e, SegmentError::Damaged(_)), "{e}");
        assert_eq!(e.key(), "segment-error-damaged");
    }
}

#[test]
fn the_upgrade_hook_passes_the_current_format_through() {
    let json: serde_json::Value = serde_json::from_str(GOLDEN).unwrap();
    assert_eq!(upgrade(FORMAT, json.clone()), Ok(json.clone()));
    assert_eq!(upgrade(0, json.clone()), Err(SegmentError::BadFormat));
    assert!(matches!(
        upgrade(FORMAT + 1, json),
        Err(SegmentError::NewerFormat { .. })
    ));
}

#[test]
fn serde_names_are_the_stable_codes() {
    for field in Field::ALL {
        assert_eq!(
            serde_json::to_string(&field).unwrap(),
            format!("\"{}\"", field.code())
        );
        assert_eq!(Field::from_code(field.code()), Some(field));
    }
    for op in Op::ALL {
        assert_eq!(
            serde_json::to_string(&op).unwrap(),
            format!("\"{}\"", op.code())
        );
    }
    assert_eq!(serde_json::to_string(&Value::None).unwrap(), r#""none""#);
    assert_eq!(Field::ALL.len(), 17);
    let mut codes: Vec<_> = Field::ALL.iter().map(|f| f.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Field::ALL.len());
}

#[test]
fn choices_are_the_codes_of_the_model_enums() {
    let rfm: Vec<_> = Segment::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(Field::RfmSegment.choices(), rfm.as_slice());
    let tiers: Vec<_> = Tier::ALL.iter().map(|t| t.code()).collect();
    assert_eq!(Field::Tier.choices(), tiers.as_slice());
    let platforms: Vec<_> = Platform::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(Field::SocialPlatform.choices(), platforms.as_slice());
    assert_eq!(
        Field::RfmSegment.choice_label("champions", Lang::Tr),
        "Şampiyonlar"
    );
    assert_eq!(Field::Tier.choice_label("gold", Lang::Tr), "Altın");
    assert_eq!(Field::SocialPlatform.choice_label("x", Lang::Tr), "X");
    assert_eq!(Field::Tier.choice_label("diamond", Lang::En), "diamond");
}

#[test]
fn operators_follow_the_kinds() {
    for field in Field::ALL {
        let ops = field.ops();
        for op in Op::ALL {
            assert_eq!(ops.contains(&op), field.allows(op), "{field} {op}");
        }
        assert_eq!(
            ops.contains(&Op::HasAny),
            matches!(
                field,
                Field::SocialPlatform | Field::ProductOwned | Field::Tag
            )
        );
        match field.kind() {
            Kind::Choice => assert!(!field.choices().is_empty()),
            _ => assert!(field.choices().is_empty()),
        }
    }
    assert_eq!(
        Field::City.ops(),
        vec![Op::Is, Op::IsNot, Op::Contains, Op::NotContains]
    );
    assert_eq!(Field::Clv.ops().len(), 6);
}

#[test]
fn every_key_the_module_uses_is_translated() {
    let mut keys: Vec<&str> = vec![
        "segment-describe-everyone",
        "segment-describe-in",
        "segment-describe-not-in",
        "segment-describe-is",
        "segment-describe-is-not",
        "segment-describe-contains",
        "segment-describe-not-contains",
        "segment-describe-has-any-tag",
        "segment-describe-has-any-product",
        "segment-describe-has-any-social",
        "segment-describe-money",
        "segment-describe-percent",
        "segment-describe-days",
        "segment-rule-at-condition",
        "segment-rule-at-condition-in-group",
        "segment-rule-at-group",
        "segment-rule-op-not-allowed",
        "segment-rule-needs-number",
        "segment-rule-not-finite",
        "segment-rule-needs-text",
        "segment-rule-needs-choices",
        "segment-rule-unknown-choice",
        "segment-rule-no-value",
        "segment-rule-too-deep",
        "segment-error-newer-format",
        "segment-error-bad-format",
        "segment-error-damaged",
    ];
    keys.extend(Field::ALL.iter().map(|f| f.key()));
    keys.extend(Op::ALL.iter().map(|o| o.key()));
    keys.extend(
        [Join::All, Join::Any]
            .iter()
            .flat_map(|j| [j.key(), j.word_key()]),
    );
    for key in keys {
        assert!(catalog().has(key), "{key}");
    }
}

// ----------------------------------------------------------------------
// Descriptions.

#[test]
fn the_example_reads_as_one_sentence_in_both_languages() {
    assert_eq!(
        example_rule().describe(Lang::En),
        "RFM segment is Champions or Loyal Customers and (City is “İstanbul” or Tag contains “vip”) and Lifetime value (CLV) ≥ ₺1,000"
    );
    assert_eq!(
        example_rule().describe(Lang::Tr),
        "RFM segmenti: Şampiyonlar veya Sadık Müşteriler ve (Şehir: “İstanbul” veya Etiket “vip” içeriyor) ve Yaşam boyu değer (CLV) ≥ 1.000 ₺"
    );
}

#[test]
fn descriptions_show_units_lists_and_nesting() {
    let rule = Group::any(vec![
        cond(Field::TotalSpent, Op::Lt, num(1_250.5)),
        cond(Field::PAlive, Op::Ge, num(12.5)),
        cond(Field::DaysSinceLastPurchase, Op::Gt, num(1.0)),
        cond(Field::DaysSinceCreated, Op::Le, num(30.0)),
        cond(
            Field::Tier,
            Op::NotIn,
            choices(&["standard", "silver", "gold"]),
        ),
        cond(Field::SocialPlatform, Op::HasAny, Value::None),
        Node::Group(Group::all(vec![cond(
            Field::Followers,
            Op::Ge,
            num(10_000.0),
        )])),
        Node::Group(Group::all(vec![])),
    ]);
    assert_eq!(
        rule.describe(Lang::En),
        "Total spent < ₺1,250.50 or Chance still active ≥ 12.5% or \
         Days since last purchase > 1 day or Days as a customer ≤ 30 days or \
         Tier is not Standard, Silver or Gold or Has a social media account or \
         Followers ≥ 10,000 or All customers"
    );
    assert_eq!(
        rule.describe(Lang::Tr),
        "Toplam harcama < 1.250,50 ₺ veya Aktif kalma olasılığı ≥ %12,5 veya \
         Son alışverişten bu yana geçen gün > 1 gün veya Müşteri olalı geçen gün ≤ 30 gün veya \
         Seviye Standart, Gümüş veya Altın dışında veya Sosyal medya hesabı var veya \
         Takipçi sayısı ≥ 10.000 veya Tüm müşteriler"
    );
}
