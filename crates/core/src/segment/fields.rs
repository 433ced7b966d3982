//! What a condition can look at ([`Field`]), what kind of value it holds
//! ([`Kind`]) and how it compares ([`Op`]).

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, catalog};
use crate::model::{Platform, Tier};
use crate::rfm::Segment;

/// What a condition looks at. The serde form ([`Field::code`]) is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The named RFM segment ([`Segment::code`]s).
    RfmSegment,
    /// RFM scores, 1–5.
    RScore,
    FScore,
    MScore,
    /// Total spent, in lira (compared in kuruş).
    TotalSpent,
    /// Purchases up to the analysis day.
    PurchaseCount,
    /// Days from the last purchase to the analysis day.
    DaysSinceLastPurchase,
    /// Lifetime value over the next 12 months, in lira.
    Clv,
    /// Probability that the customer is still active, typed 0–100.
    PAlive,
    /// Expected purchases in the next 90 days.
    #[serde(rename = "expected_purchases_90d")]
    ExpectedPurchases90d,
    /// A product the customer owns or an item they bought (name or SKU).
    ProductOwned,
    /// The customer's tier ([`Tier::code`]s).
    Tier,
    City,
    /// Any of the customer's tags.
    Tag,
    /// Has an identity on one of these platforms ([`Platform::code`]s).
    SocialPlatform,
    /// The largest follower count over the customer's identities.
    Followers,
    /// Days since the customer was created.
    DaysSinceCreated,
}

/// The kind of value a field holds, which decides the operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A plain number.
    Number,
    /// An amount in lira (two decimals at most).
    Money,
    /// A percentage, 0–100.
    Percent,
    /// Whole days, 0 or more.
    Days,
    /// One of a fixed list of codes ([`Field::choices`]).
    Choice,
    /// Free text, compared Turkish-aware.
    Text,
}

impl Kind {
    /// The operators of the kind, in the order the editor lists them.
    pub fn ops(self) -> &'static [Op] {
        match self {
            Kind::Number | Kind::Money | Kind::Percent | Kind::Days => &NUMERIC_OPS,
            Kind::Choice => &[Op::In, Op::NotIn],
            Kind::Text => &TEXT_OPS,
        }
    }

    /// Whether values of the kind are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Kind::Number | Kind::Money | Kind::Percent | Kind::Days
        )
    }
}

const NUMERIC_OPS: [Op; 6] = [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge];
const TEXT_OPS: [Op; 4] = [Op::Is, Op::IsNot, Op::Contains, Op::NotContains];

/// Limits on a numeric field's value (shared by `validate` and
/// `parse_value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub whole: bool,
}

const RFM_CODES: [&str; 10] = [
    "champions",
    "loyal",
    "potential_loyalists",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cannot_lose_them",
    "hibernating",
];
const TIER_CODES: [&str; 4] = ["standard", "silver", "gold", "platinum"];
const PLATFORM_CODES: [&str; 6] = [
    "instagram",
    "x",
    "facebook",
    "tiktok",
    "youtube",
    "linkedin",
];

impl Field {
    /// Every field, in the order the editor lists them: purchase behaviour,
    /// model estimates, products, then the customer's own fields.
    pub const ALL: [Field; 17] = [
        Field::RfmSegment,
        Field::RScore,
        Field::FScore,
        Field::MScore,
        Field::TotalSpent,
        Field::PurchaseCount,
        Field::DaysSinceLastPurchase,
        Field::Clv,
        Field::PAlive,
        Field::ExpectedPurchases90d,
        Field::ProductOwned,
        Field::Tier,
        Field::City,
        Field::Tag,
        Field::SocialPlatform,
        Field::Followers,
        Field::DaysSinceCreated,
    ];

    /// The stable code (the serde form).
    pub fn code(self) -> &'static str {
        match self {
            Field::RfmSegment => "rfm_segment",
            Field::RScore => "r_score",
            Field::FScore => "f_score",
            Field::MScore => "m_score",
            Field::TotalSpent => "total_spent",
            Field::PurchaseCount => "purchase_count",
            Field::DaysSinceLastPurchase => "days_since_last_purchase",
            Field::Clv => "clv",
            Field::PAlive => "p_alive",
            Field::ExpectedPurchases90d => "expected_purchases_90d",
            Field::ProductOwned => "product_owned",
            Field::Tier => "tier",
            Field::City => "city",
            Field::Tag => "tag",
            Field::SocialPlatform => "social_platform",
            Field::Followers => "followers",
            Field::DaysSinceCreated => "days_since_created",
        }
    }

    /// The field whose [`Field::code`] is `code`.
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Translation key of the field's name (`segment-field-…`).
    pub fn key(self) -> &'static str {
        match self {
            Field::RfmSegment => "segment-field-rfm-segment",
            Field::RScore => "segment-field-r-score",
            Field::FScore => "segment-field-f-score",
            Field::MScore => "segment-field-m-score",
            Field::TotalSpent => "segment-field-total-spent",
            Field::PurchaseCount => "segment-field-purchase-count",
            Field::DaysSinceLastPurchase => "segment-field-days-since-last-purchase",
            Field::Clv => "segment-field-clv",
            Field::PAlive => "segment-field-p-alive",
            Field::ExpectedPurchases90d => "segment-field-expected-purchases-90d",
            Field::ProductOwned => "segment-field-product-owned",
            Field::Tier => "segment-field-tier",
            Field::City => "segment-field-city",
            Field::Tag => "segment-field-tag",
            Field::SocialPlatform => "segment-field-social-platform",
            Field::Followers => "segment-field-followers",
            Field::DaysSinceCreated => "segment-field-days-since-created",
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Field::RfmSegment | Field::Tier | Field::SocialPlatform => Kind::Choice,
            Field::RScore
            | Field::FScore
            | Field::MScore
            | Field::PurchaseCount
            | Field::ExpectedPurchases90d
            | Field::Followers => Kind::Number,
            Field::TotalSpent | Field::Clv => Kind::Money,
            Field::PAlive => Kind::Percent,
            Field::DaysSinceLastPurchase | Field::DaysSinceCreated => Kind::Days,
            Field::ProductOwned | Field::City | Field::Tag => Kind::Text,
        }
    }

    /// Whether the field comes from the purchase analysis ([`Metrics`])
    /// rather than the customer record.
    ///
    /// [`Metrics`]: crate::metrics::Metrics
    pub fn is_metric(self) -> bool {
        matches!(
            self,
            Field::RfmSegment
                | Field::RScore
                | Field::FScore
                | Field::MScore
                | Field::TotalSpent
                | Field::PurchaseCount
                | Field::DaysSinceLastPurchase
                | Field::Clv
                | Field::PAlive
                | Field::ExpectedPurchases90d
        )
    }

    /// Whether `has_any` applies ("has any identity / product / tag").
    pub fn has_any(self) -> bool {
        matches!(
            self,
            Field::SocialPlatform | Field::ProductOwned | Field::Tag
        )
    }

    /// The operators allowed for the field, in the order the editor lists
    /// them.
    pub fn ops(self) -> Vec<Op> {
        let mut ops = self.kind().ops().to_vec();
        if self.has_any() {
            ops.push(Op::HasAny);
        }
        ops
    }

    /// Whether `op` can be used with the field.
    pub fn allows(self, op: Op) -> bool {
        (op == Op::HasAny && self.has_any()) || self.kind().ops().contains(&op)
    }

    /// The codes a choice field takes, in display order (empty for other
    /// kinds).
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Field::RfmSegment => &RFM_CODES,
            Field::Tier => &TIER_CODES,
            Field::SocialPlatform => &PLATFORM_CODES,
            _ => &[],
        }
    }

    /// The label of choice `code` in `lang`: the translated RFM segment or
    /// tier name, the platform's brand name; the code itself when unknown.
    pub fn choice_label(self, code: &str, lang: Lang) -> String {
        let key = match self {
            Field::RfmSegment => Segment::from_code(code).map(Segment::key),
            Field::Tier => tier_of(code).map(Tier::key),
            Field::SocialPlatform => {
                return platform_of(code).map_or_else(|| code.to_string(), |p| p.name().into());
            }
            _ => None,
        };
        match key {
            Some(key) => catalog().text(lang, key),
            None => code.to_string(),
        }
    }

    /// Limits on the field's numbers.
    pub(crate) fn bounds(self) -> Bounds {
        let (min, max, whole) = match self {
            Field::RScore | Field::FScore | Field::MScore => (Some(1), Some(5), true),
            Field::PAlive => (Some(0), Some(100), false),
            Field::ExpectedPurchases90d => (Some(0), None, false),
            Field::PurchaseCount
            | Field::Followers
            | Field::DaysSinceLastPurchase
            | Field::DaysSinceCreated => (Some(0), None, true),
            _ => (None, None, false),
        };
        Bounds { min, max, whole }
    }
}

/// The tier whose code is `code`.
pub(crate) fn tier_of(code: &str) -> Option<Tier> {
    Tier::ALL.into_iter().find(|t| t.code() == code)
}

/// The platform whose code is `code`.
pub(crate) fn platform_of(code: &str) -> Option<Platform> {
    Platform::ALL.into_iter().find(|p| p.code() == code)
}

/// How a condition compares. The serde form ([`Op::code`]) is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Numbers: =, ≠, <, ≤, >, ≥.
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Choices: one of the codes / none of them.
    In,
    NotIn,
    /// Text: equal / not equal / contains / does not contain (folded).
    Is,
    IsNot,
    Contains,
    NotContains,
    /// Has any identity / product / tag (value [`Value::None`]).
    ///
    /// [`Value::None`]: super::Value::None
    HasAny,
}

impl Op {
    pub const ALL: [Op; 13] = [
        Op::Eq,
        Op::Ne,
        Op::Lt,
        Op::Le,
        Op::Gt,
        Op::Ge,
        Op::In,
        Op::NotIn,
        Op::Is,
        Op::IsNot,
        Op::Contains,
        Op::NotContains,
        Op::HasAny,
    ];

    /// The stable code (the serde form).
    pub fn code(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Is => "is",
            Op::IsNot => "is_not",
            Op::Contains => "contains",
            Op::NotContains => "not_contains",
            Op::HasAny => "has_any",
        }
    }

    /// Translation key of the operator's label in the editor
    /// (`segment-op-…`).
    pub fn key(self) -> &'static str {
        match self {
            Op::Eq => "segment-op-eq",
            Op::Ne => "segment-op-ne",
            Op::Lt => "segment-op-lt",
            Op::Le => "segment-op-le",
            Op::Gt => "segment-op-gt",
            Op::Ge => "segment-op-ge",
            Op::In => "segment-op-in",
            Op::NotIn => "segment-op-not-in",
            Op::Is => "segment-op-is",
            Op::IsNot => "segment-op-is-not",
            Op::Contains => "segment-op-contains",
            Op::NotContains => "segment-op-not-contains",
            Op::HasAny => "segment-op-has-any",
        }
    }

    /// The mathematical sign of a numeric operator (`≥`), used in
    /// descriptions in every language.
    pub fn symbol(self) -> Option<&'static str> {
        Some(match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            _ => return None,
        })
    }
}
