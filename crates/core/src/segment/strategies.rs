//! proptest strategies for rules and saved segments, shared by the segment
//! tests and the backup round trips.
//!
//! Values come from small vocabularies that the test customers also use,
//! so random rules hit equalities, boundaries and Turkish case pairs often;
//! numbers have at most two decimals, so they survive JSON exactly.

use proptest::collection::vec;
use proptest::prelude::*;

use super::{Condition, FORMAT, Field, Group, Join, Kind, Node, Op, SavedSegment, Value};
use crate::backup::strategies::{id, millis, stamp};

/// Texts the rules and the test customers share: Turkish case pairs,
/// substrings, spacing.
pub(crate) const TEXTS: [&str; 12] = [
    "İstanbul",
    "istanbul",
    "ISTANBUL",
    "Işık",
    "isi",
    "vip",
    "VIP müşteri",
    "iPhone 15",
    "kılıf",
    "TEL-1",
    "  izmir  ",
    "Ankara",
];

pub(crate) fn field() -> impl Strategy<Value = Field> {
    prop::sample::select(Field::ALL.to_vec())
}

/// A number the field accepts, from a vocabulary of likely values.
pub(crate) fn number_for(field: Field) -> BoxedStrategy<f64> {
    match field {
        Field::RScore | Field::FScore | Field::MScore => (1u8..=5).prop_map(f64::from).boxed(),
        Field::PAlive => {
            prop::sample::select(vec![0.0, 12.5, 25.0, 50.0, 75.0, 99.5, 100.0]).boxed()
        }
        Field::TotalSpent | Field::Clv => prop_oneof![
            prop::sample::select(vec![0.0, 10.0, 99.99, 100.0, 1_000.0, 1_250.5, -20.0]),
            (-100_000_000i64..100_000_000).prop_map(|c| c as f64 / 100.0),
        ]
        .boxed(),
        Field::ExpectedPurchases90d => {
            prop::sample::select(vec![0.0, 0.25, 0.5, 1.0, 2.0, 3.75]).boxed()
        }
        _ => prop::sample::select(vec![0.0, 1.0, 2.0, 3.0, 30.0, 90.0, 365.0, 1_000.0]).boxed(),
    }
}

/// A valid value for `field` `op`.
pub(crate) fn value_for(field: Field, op: Op) -> BoxedStrategy<Value> {
    if op == Op::HasAny {
        return Just(Value::None).boxed();
    }
    match field.kind() {
        Kind::Choice => {
            let codes: Vec<String> = field.choices().iter().map(|c| c.to_string()).collect();
            prop::sample::subsequence(codes.clone(), 1..=codes.len().min(4))
                .prop_map(Value::Choices)
                .boxed()
        }
        Kind::Text => prop::sample::select(TEXTS.to_vec())
            .prop_map(|t| Value::Text(t.to_string()))
            .boxed(),
        _ => number_for(field).prop_map(Value::Number).boxed(),
    }
}

/// A valid condition.
pub(crate) fn condition() -> impl Strategy<Value = Condition> {
    field()
        .prop_flat_map(|f| (Just(f), prop::sample::select(f.ops())))
        .prop_flat_map(|(f, op)| value_for(f, op).prop_map(move |v| Condition::new(f, op, v)))
}

/// Any condition: usually valid, sometimes with a wrong operator or value
/// (but JSON-safe: no NaN, which JSON cannot hold).
pub(crate) fn any_condition() -> impl Strategy<Value = Condition> {
    let wild_value = prop_oneof![
        Just(Value::None),
        Just(Value::Number(7.5)),
        Just(Value::Text("  ".into())),
        Just(Value::Choices(vec![])),
        Just(Value::Choices(vec!["gold".into(), "nope".into()])),
        prop::sample::select(TEXTS.to_vec()).prop_map(|t| Value::Text(t.into())),
    ];
    prop_oneof![
        6 => condition(),
        1 => (field(), prop::sample::select(Op::ALL.to_vec()), wild_value)
            .prop_map(|(f, op, v)| Condition::new(f, op, v)),
    ]
}

/// A rule of valid conditions nested at most `MAX_DEPTH` deep.
pub(crate) fn rule() -> impl Strategy<Value = Group> {
    group_of(condition().boxed(), 2)
}

/// A rule of any conditions, sometimes nested too deep.
pub(crate) fn any_rule() -> impl Strategy<Value = Group> {
    group_of(any_condition().boxed(), 3)
}

/// A group whose sub-groups nest up to `levels` more levels.
fn group_of(condition: BoxedStrategy<Condition>, levels: u32) -> BoxedStrategy<Group> {
    let join = prop_oneof![Just(Join::All), Just(Join::Any)];
    let leaf = (
        join.clone(),
        vec(condition.clone().prop_map(Node::Condition), 0..4),
    )
        .prop_map(|(join, items)| Group { join, items })
        .boxed();
    if levels == 0 {
        return leaf;
    }
    let inner = group_of(condition.clone(), levels - 1);
    let node = prop_oneof![
        3 => condition.prop_map(Node::Condition),
        1 => inner.prop_map(Node::Group),
    ];
    (join, vec(node, 0..4))
        .prop_map(|(join, items)| Group { join, items })
        .boxed()
}

prop_compose! {
    /// A saved segment, sometimes a tombstone.
    pub(crate) fn saved_segment()(
        (id, name, description) in (id(), "[A-Za-zÇĞİÖŞÜçğıöşü ]{0,20}", "\\PC{0,30}"),
        rule in any_rule(),
        (created_at, updated_at, version, deleted) in
            (millis(), millis(), stamp(), prop::bool::weighted(0.1)),
    ) -> SavedSegment {
        SavedSegment {
            id, name, description, rule, format: FORMAT, created_at, updated_at, version, deleted,
            stamps: Default::default(),
        }
    }
}
