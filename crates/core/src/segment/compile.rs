//! [`Group::compile`] and [`Compiled::matches`]: a rule prepared once
//! (text folded, money in kuruş, percentages as probabilities, choices as
//! bit masks) and evaluated per customer without allocating.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::validate::check_condition;
use super::{Field, Group, Join, MAX_DEPTH, Node, Op, Value, no_purchases};
use crate::metrics::{ItemTable, Metrics};
use crate::model::{Customer, Platform, Tier};
use crate::rfm::Segment;
use crate::text;

/// What a rule is evaluated against: one customer and their figures.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub customer: &'a Customer,
    /// The customer's figures; `None` for a customer without purchases
    /// (read as [`Metrics::default`]).
    pub metrics: Option<&'a Metrics>,
    /// The item table that [`Metrics::items`] indexes into.
    pub items: &'a ItemTable,
    /// The analysis day (see [`crate::analytics::day_of`]).
    pub as_of: i32,
}

/// A rule ready to evaluate (see the [module docs](super) for the
/// semantics).
#[derive(Debug, Clone)]
pub struct Compiled {
    root: CGroup,
}

impl Compiled {
    /// Whether the customer belongs to the segment.
    pub fn matches(&self, facts: &Facts<'_>) -> bool {
        if facts.customer.deleted {
            return false;
        }
        match facts.metrics {
            Some(m) => self.root.eval(facts, m),
            None => self.root.eval(facts, &no_purchases()),
        }
    }
}

impl Group {
    /// Prepares the rule for [`Compiled::matches`]. Conditions that do not
    /// validate and groups nested too deep compile to "matches nobody".
    pub fn compile(&self) -> Compiled {
        Compiled {
            root: compile_group(self, 1),
        }
    }
}

#[derive(Debug, Clone)]
struct CGroup {
    any: bool,
    items: Vec<CNode>,
}

#[derive(Debug, Clone)]
enum CNode {
    Test(Test),
    Group(CGroup),
}

#[derive(Debug, Clone)]
enum Test {
    /// An invalid condition or a group nested too deep.
    Never,
    Number(Number, Cmp),
    /// RFM segment in the mask (`want`) or known and not in it.
    Rfm {
        mask: u16,
        want: bool,
    },
    Tier {
        mask: u8,
        want: bool,
    },
    Platform {
        mask: u8,
        want: bool,
    },
    HasAny(List),
    /// Some value of the list equals (`exact`) or contains the needle:
    /// `want`.
    Text {
        list: List,
        needle: Needle,
        exact: bool,
        want: bool,
    },
}

/// The numeric figures a condition can compare.
#[derive(Debug, Clone, Copy)]
enum Number {
    RScore,
    FScore,
    MScore,
    TotalSpent,
    PurchaseCount,
    DaysSinceLastPurchase,
    Clv,
    PAlive,
    ExpectedPurchases,
    Followers,
    DaysSinceCreated,
}

/// The text lists a condition can look in.
#[derive(Debug, Clone, Copy)]
enum List {
    City,
    Tags,
    Products,
    Identities,
}

#[derive(Debug, Clone, Copy)]
struct Cmp {
    op: Op,
    /// In the unit of the figure: kuruş, probability, days…
    target: f64,
}

impl Cmp {
    fn test(self, x: f64) -> bool {
        let t = self.target;
        match self.op {
            Op::Eq => x == t,
            Op::Ne => x != t,
            Op::Lt => x < t,
            Op::Le => x <= t,
            Op::Gt => x > t,
            Op::Ge => x >= t,
            _ => false,
        }
    }
}

const MILLIS_PER_DAY: i64 = 86_400_000;

impl CGroup {
    fn eval(&self, facts: &Facts<'_>, m: &Metrics) -> bool {
        if self.items.is_empty() {
            return true;
        }
        if self.any {
            self.items.iter().any(|n| n.eval(facts, m))
        } else {
            self.items.iter().all(|n| n.eval(facts, m))
        }
    }
}

impl CNode {
    fn eval(&self, facts: &Facts<'_>, m: &Metrics) -> bool {
        match self {
            CNode::Test(t) => t.eval(facts, m),
            CNode::Group(g) => g.eval(facts, m),
        }
    }
}

impl Test {
    fn eval(&self, facts: &Facts<'_>, m: &Metrics) -> bool {
        let c = facts.customer;
        match self {
            Test::Never => false,
            Test::Number(which, cmp) => which.value(facts, m).is_some_and(|x| cmp.test(x)),
            Test::Rfm { mask, want } => m
                .rfm
                .is_some_and(|r| ((mask >> r.segment.index()) & 1 == 1) == *want),
            Test::Tier { mask, want } => ((mask >> tier_index(c.tier)) & 1 == 1) == *want,
            Test::Platform { mask, want } => {
                let any = c
                    .identities
                    .iter()
                    .any(|i| (mask >> platform_index(i.handle.platform())) & 1 == 1);
                any == *want
            }
            Test::HasAny(list) => match list {
                List::City => c.city.as_deref().is_some_and(not_blank),
                List::Tags => c.tags.iter().any(|t| not_blank(t)),
                List::Products => c.products.iter().any(|p| not_blank(p)) || !m.items.is_empty(),
                List::Identities => !c.identities.is_empty(),
            },
            Test::Text {
                list,
                needle,
                exact,
                want,
            } => {
                let test = |s: &str| {
                    if *exact {
                        needle.is(s)
                    } else {
                        needle.found_in(s)
                    }
                };
                let found = match list {
                    List::City => c.city.as_deref().is_some_and(test),
                    List::Tags => c.tags.iter().any(|t| test(t)),
                    List::Products => {
                        c.products.iter().any(|p| test(p))
                            || m.items
                                .iter()
                                .filter_map(|&i| facts.items.get(i))
                                .any(|item| test(&item.product) || test(&item.sku))
                    }
                    List::Identities => c.identities.iter().any(|i| test(i.handle.name())),
                };
                found == *want
            }
        }
    }
}

fn not_blank(s: &str) -> bool {
    !s.trim().is_empty()
}

impl Number {
    /// The customer's figure, `None` when unknown.
    fn value(self, facts: &Facts<'_>, m: &Metrics) -> Option<f64> {
        let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
        match self {
            Number::RScore => m.rfm.map(|r| f64::from(r.r)),
            Number::FScore => m.rfm.map(|r| f64::from(r.f)),
            Number::MScore => m.rfm.map(|r| f64::from(r.m)),
            Number::TotalSpent => Some(m.total_spent as f64),
            Number::PurchaseCount => Some(f64::from(m.purchases)),
            Number::DaysSinceLastPurchase => {
                m.last_day.map(|d| f64::from(facts.as_of) - f64::from(d))
            }
            Number::Clv => finite(m.clv),
            Number::PAlive => finite(m.p_alive),
            Number::ExpectedPurchases => finite(m.expected_purchases_90d),
            Number::Followers => facts
                .customer
                .identities
                .iter()
                .map(|i| i.followers)
                .max()
                .map(|f| f as f64),
            Number::DaysSinceCreated => Some(
                f64::from(facts.as_of)
                    - facts.customer.created_at.div_euclid(MILLIS_PER_DAY) as f64,
            ),
        }
    }
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0)
}

fn platform_index(platform: Platform) -> usize {
    Platform::ALL
        .iter()
        .position(|p| *p == platform)
        .unwrap_or(0)
}

fn compile_group(group: &Group, depth: usize) -> CGroup {
    let items = group
        .items
        .iter()
        .map(|node| match node {
            Node::Condition(c) => CNode::Test(compile_condition(
                c.field,
                c.op,
                &c.value,
                check_condition(c).is_ok(),
            )),
            Node::Group(_) if depth >= MAX_DEPTH => CNode::Test(Test::Never),
            Node::Group(sub) => CNode::Group(compile_group(sub, depth + 1)),
        })
        .collect();
    CGroup {
        any: group.join == Join::Any,
        items,
    }
}

fn compile_condition(field: Field, op: Op, value: &Value, valid: bool) -> Test {
    if !valid {
        return Test::Never;
    }
    if op == Op::HasAny {
        return match list_of(field) {
            Some(list) => Test::HasAny(list),
            None => Test::Never,
        };
    }
    let want = matches!(op, Op::In | Op::Is | Op::Contains);
    match value {
        Value::Number(n) => {
            let (number, target) = match field {
                Field::RScore => (Number::RScore, *n),
                Field::FScore => (Number::FScore, *n),
                Field::MScore => (Number::MScore, *n),
                Field::TotalSpent => (Number::TotalSpent, (n * 100.0).round()),
                Field::PurchaseCount => (Number::PurchaseCount, *n),
                Field::DaysSinceLastPurchase => (Number::DaysSinceLastPurchase, *n),
                Field::Clv => (Number::Clv, *n),
                Field::PAlive => (Number::PAlive, n / 100.0),
                Field::ExpectedPurchases90d => (Number::ExpectedPurchases, *n),
                Field::Followers => (Number::Followers, *n),
                Field::DaysSinceCreated => (Number::DaysSinceCreated, *n),
                _ => return Test::Never,
            };
            Test::Number(number, Cmp { op, target })
        }
        Value::Choices(codes) => {
            let mut mask: u16 = 0;
            for code in codes {
                let index = match field {
                    Field::RfmSegment => Segment::from_code(code).map(Segment::index),
                    Field::Tier => Tier::ALL.iter().position(|t| t.code() == code),
                    Field::SocialPlatform => Platform::ALL.iter().position(|p| p.code() == code),
                    _ => None,
                };
                match index {
                    Some(i) => mask |= 1 << i,
                    None => return Test::Never,
                }
            }
            match field {
                Field::RfmSegment => Test::Rfm { mask, want },
                Field::Tier => Test::Tier {
                    mask: mask as u8,
                    want,
                },
                Field::SocialPlatform => Test::Platform {
                    mask: mask as u8,
                    want,
                },
                _ => Test::Never,
            }
        }
        Value::Text(t) => {
            let (Some(list), Some(needle)) = (list_of(field), Needle::new(t)) else {
                return Test::Never;
            };
            Test::Text {
                list,
                needle,
                exact: matches!(op, Op::Is | Op::IsNot),
                want,
            }
        }
        Value::None => Test::Never,
    }
}

fn list_of(field: Field) -> Option<List> {
    match field {
        Field::City => Some(List::City),
        Field::Tag => Some(List::Tags),
        Field::ProductOwned => Some(List::Products),
        Field::SocialPlatform => Some(List::Identities),
        _ => None,
    }
}

/// A folded search text with its Knuth–Morris–Pratt table, so that
/// "contains" runs over the folded characters of a value as they are
/// produced, without building the folded string.
#[derive(Debug, Clone)]
struct Needle {
    chars: Vec<char>,
    /// `fail[i]`: length of the longest proper prefix of `chars[..=i]` that
    /// is also its suffix.
    fail: Vec<usize>,
}

impl Needle {
    /// `None` when the text folds to nothing.
    fn new(text: &str) -> Option<Needle> {
        let chars: Vec<char> = text::fold(text).chars().collect();
        if chars.is_empty() {
            return None;
        }
        let mut fail = vec![0; chars.len()];
        let mut k = 0;
        for i in 1..chars.len() {
            while k > 0 && chars[i] != chars[k] {
                k = fail[k - 1];
            }
            if chars[i] == chars[k] {
                k += 1;
            }
            fail[i] = k;
        }
        Some(Needle { chars, fail })
    }

    /// `fold(s) == needle`.
    fn is(&self, s: &str) -> bool {
        Folded::new(s).eq(self.chars.iter().copied())
    }

    /// `fold(s)` contains the needle.
    fn found_in(&self, s: &str) -> bool {
        let mut k = 0;
        for c in Folded::new(s) {
            while k > 0 && self.chars[k] != c {
                k = self.fail[k - 1];
            }
            if self.chars[k] == c {
                k += 1;
                if k == self.chars.len() {
                    return true;
                }
            }
        }
        false
    }
}

/// The characters of [`text::fold`]`(s)`, produced one by one without
/// allocating (a test checks it against `fold` on arbitrary text).
pub(crate) struct Folded<'a> {
    chars: std::str::Chars<'a>,
    /// The folded characters of the current input character.
    buf: [char; 16],
    len: usize,
    pos: usize,
    /// A whitespace run was seen after some output.
    space: bool,
    started: bool,
    /// A character to return after the collapsed space.
    held: Option<char>,
}

impl<'a> Folded<'a> {
    pub(crate) fn new(s: &'a str) -> Folded<'a> {
        Folded {
            chars: s.chars(),
            buf: ['\0'; 16],
            len: 0,
            pos: 0,
            space: false,
            started: false,
            held: None,
        }
    }

    /// The next character of the fold before whitespace collapsing.
    fn raw(&mut self) -> Option<char> {
        loop {
            if self.pos < self.len {
                self.pos += 1;
                return Some(self.buf[self.pos - 1]);
            }
            let c = self.chars.next()?;
            if c.is_ascii() {
                return Some(c.to_ascii_lowercase());
            }
            self.len = 0;
            self.pos = 0;
            let lower = match c {
                'İ' | 'ı' => 'i',
                _ => c,
            };
            let (buf, len) = (&mut self.buf, &mut self.len);
            for l in lower.to_lowercase() {
                decompose_canonical(l, |d| {
                    if is_combining_mark(d) {
                        return;
                    }
                    let d = match d {
                        'ı' => 'i',
                        'ß' => 's',
                        'æ' => 'a',
                        'ø' => 'o',
                        'đ' => 'd',
                        'ł' => 'l',
                        _ => d,
                    };
                    // A character decomposes into at most a handful.
                    if *len < buf.len() {
                        buf[*len] = d;
                        *len += 1;
                    }
                });
            }
        }
    }
}

impl Iterator for Folded<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.held.take() {
            return Some(c);
        }
        loop {
            let c = self.raw()?;
            if c.is_whitespace() {
                self.space = self.started;
                continue;
            }
            self.started = true;
            if self.space {
                self.space = false;
                self.held = Some(c);
                return Some(' ');
            }
            return Some(c);
        }
    }
}
