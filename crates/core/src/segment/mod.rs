//! Rule-based customer segments: "RFM segment is Champions or Loyal AND
//! (city is İstanbul OR tag contains vip) AND CLV ≥ 1.000 ₺".
//!
//! A segment definition is data: a [`Group`] of [`Condition`]s and nested
//! groups, saved as a [`SavedSegment`] record that syncs and backs up like a
//! customer ([`Record::Segment`](crate::model::Record::Segment)). The UI
//! builds a rule, [`Group::validate`] says what is wrong with it (with a path
//! the editor can point at), [`parse_value`] reads what the user typed,
//! [`Group::compile`] prepares it once and [`Compiled::matches`] answers for
//! one customer at a time (no allocation per customer: the app runs it over
//! 100 000 customers on every edit). [`Group::describe`] writes the rule as
//! one sentence for the saved-segments list.
//!
//! # Semantics
//!
//! - A group joined by [`Join::All`] matches when every item matches, one
//!   joined by [`Join::Any`] when at least one does. An **empty group matches
//!   every customer**, whatever its join: a new segment shows everyone, and
//!   an empty sub-group is a no-op in an `All` group (and makes an `Any`
//!   group match everyone).
//! - Groups nest at most [`MAX_DEPTH`] levels (the top group is level 1).
//! - **Unknown metrics never match.** A condition on a purchase metric that
//!   the customer does not have — no purchase (no RFM, CLV, P(alive),
//!   expected purchases, days since the last purchase) or a model that could
//!   not be fitted (`None` in [`Metrics`]) — is false whatever the operator,
//!   `ne` and `not_in` included: "CLV < 100" does not silently include the
//!   customers without a CLV. The same holds for `followers` of a customer
//!   without any social identity.
//! - `purchase_count` and `total_spent` are known for everyone: 0 without
//!   purchases. `Facts::metrics == None` means "no purchases" and reads as
//!   [`Metrics::default`].
//! - Customer text fields are lists (`city` has zero or one value, `tag` the
//!   tags, `product_owned` the customer's products plus the product names
//!   and SKUs of the items they bought). `is` / `contains` match when some
//!   value of the list matches; `is_not` / `not_contains` are their exact
//!   negations ("tag is not vip" = "no tag is vip"), so a customer without a
//!   city matches "city is not İstanbul". Text compares the Turkish search
//!   fold ([`crate::text::fold`]) of both sides: `İSTANBUL` is `istanbul`,
//!   `Işık` contains `isi`.
//! - `social_platform in [a, b]` means "has an identity on a or b";
//!   `not_in` is its negation. `has_any` means "has at least one (non-blank)
//!   identity / product / tag".
//! - Money is typed in lira (major units): `clv` compares with
//!   [`Metrics::clv`] (lira), `total_spent` with [`Metrics::total_spent`]
//!   (kuruş) after converting the value to kuruş. `p_alive` is typed as a
//!   percentage (0–100) and compared as a probability (value / 100).
//!   Days count from [`Facts::as_of`]: `days_since_last_purchase` is
//!   `as_of − last_day`, `days_since_created` is `as_of` minus the day of
//!   `created_at`.
//! - A condition that does not validate (operator not allowed for the
//!   field, missing or wrong value, …) and a group nested too deep **match
//!   nobody**: a damaged or half-edited definition never silently includes
//!   everyone. The editor shows [`Group::validate`]'s errors meanwhile.
//! - Tombstoned customers never match.
//!
//! # Stored form
//!
//! The serde form is JSON-stable (field, operator and join names are
//! snake_case codes that never change; a test pins one definition's JSON).
//! A definition carries its [`FORMAT`]; [`SavedSegment`]'s deserialiser —
//! used by [`SavedSegment::from_json`], backups and storage alike — refuses a
//! newer format ("saved by a newer ilgi") and brings an older one up to date
//! through [`upgrade`].

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::i18n::{Arg, Lang, catalog};
use crate::metrics::Metrics;
use crate::model::{Id, Stamp, Stamps};

mod compile;
mod describe;
mod fields;
mod members;
mod parse;
mod validate;

#[cfg(test)]
pub(crate) mod strategies;
#[cfg(test)]
mod tests;

pub use compile::{Compiled, Facts};
pub use fields::{Field, Kind, Op};
pub use members::{Population, VALUE_COLUMNS, members_csv};
pub use parse::{ValueError, condition_from_input, number_input, parse_value};
pub use validate::{RuleError, RuleProblem};

/// The format version of a saved definition this build writes, and the
/// newest it reads.
pub const FORMAT: u32 = 1;

/// How deep groups nest: the top group is level 1, so a rule has at most
/// two levels of sub-groups.
pub const MAX_DEPTH: usize = 3;

/// How the items of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Join {
    /// Every item matches (AND).
    #[default]
    All,
    /// At least one item matches (OR).
    Any,
}

impl Join {
    /// Translation key of the join's label in the editor.
    pub fn key(self) -> &'static str {
        match self {
            Join::All => "segment-join-all",
            Join::Any => "segment-join-any",
        }
    }

    /// Translation key of the word between items in a description
    /// ("and" / "or").
    pub fn word_key(self) -> &'static str {
        match self {
            Join::All => "segment-word-and",
            Join::Any => "segment-word-or",
        }
    }
}

/// Conditions and sub-groups joined by AND or OR. The default is an empty
/// [`Join::All`] group, which matches every customer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Group {
    pub join: Join,
    pub items: Vec<Node>,
}

impl Group {
    /// A group whose items must all match.
    pub fn all(items: Vec<Node>) -> Group {
        Group {
            join: Join::All,
            items,
        }
    }

    /// A group of which at least one item must match.
    pub fn any(items: Vec<Node>) -> Group {
        Group {
            join: Join::Any,
            items,
        }
    }
}

/// One item of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    Condition(Condition),
    Group(Group),
}

impl From<Condition> for Node {
    fn from(c: Condition) -> Node {
        Node::Condition(c)
    }
}

impl From<Group> for Node {
    fn from(g: Group) -> Node {
        Node::Group(g)
    }
}

/// "`field` `op` `value`", e.g. CLV ≥ 1000.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: Field,
    pub op: Op,
    pub value: Value,
}

impl Condition {
    pub fn new(field: Field, op: Op, value: Value) -> Condition {
        Condition { field, op, value }
    }
}

/// The value a condition compares with.
///
/// Numbers are in the unit the user types: lira for money, 0–100 for a
/// percentage, whole days. Choices are stable codes
/// ([`Field::choices`]). `None` is the value of `has_any`.
///
/// Equality compares numbers numerically, except that a NaN equals a NaN
/// with the same bits, so `Eq` holds (records are `Eq`); validated values
/// are always finite.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Number(f64),
    Text(String),
    Choices(Vec<String>),
    None,
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a == b || a.to_bits() == b.to_bits(),
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Choices(a), Value::Choices(b)) => a == b,
            (Value::None, Value::None) => true,
            _ => false,
        }
    }
}

// The relation above is an equivalence: numerically equal numbers (0.0 and
// -0.0) or identical bits (each NaN only with itself).
impl Eq for Value {}

/// A segment definition as saved, synced and backed up.
///
/// `format` is the definition's [`FORMAT`]; the stamps and times are set by
/// [`Batch::seal`](crate::model::Batch::seal) like a customer's. A deleted
/// segment is a tombstone: id and creation time only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Json")]
pub struct SavedSegment {
    pub id: Id,
    pub name: String,
    pub description: String,
    pub rule: Group,
    pub format: u32,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last change.
    pub updated_at: i64,
    pub version: Stamp,
    /// Per-field versions (sparse; see [`Stamps`]).
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

/// The current stored form, read after [`upgrade`]. Mirrors
/// [`SavedSegment`], whose own deserialiser checks the format first.
#[derive(Deserialize)]
struct Stored {
    id: Id,
    name: String,
    description: String,
    rule: Group,
    format: u32,
    created_at: i64,
    updated_at: i64,
    version: Stamp,
    #[serde(default)]
    stamps: Stamps,
    #[serde(default)]
    deleted: bool,
}

impl SavedSegment {
    /// A new segment with an empty rule (matches everyone), not yet stamped.
    pub fn new(id: Id, name: &str) -> SavedSegment {
        SavedSegment {
            id,
            name: name.trim().to_string(),
            description: String::new(),
            rule: Group::default(),
            format: FORMAT,
            created_at: 0,
            updated_at: 0,
            version: Stamp::default(),
            stamps: Stamps::default(),
            deleted: false,
        }
    }

    /// Reads a definition saved by this or an older build (older formats are
    /// upgraded, a newer one is refused).
    pub fn from_json(text: &str) -> Result<SavedSegment, SegmentError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| SegmentError::Damaged(e.to_string()))?;
        SavedSegment::from_stored(json)
    }

    /// The stored JSON form.
    pub fn to_json(&self) -> String {
        // Only strings, numbers, booleans and string-keyed maps: JSON always
        // represents them (a non-finite number becomes `null`).
        serde_json::to_string(self).expect("segments serialise to JSON")
    }

    fn from_stored(json: Json) -> Result<SavedSegment, SegmentError> {
        let format = match json.get("format").map(Json::as_u64) {
            Some(Some(f)) if f >= 1 => f,
            _ => return Err(SegmentError::BadFormat),
        };
        if format > u64::from(FORMAT) {
            return Err(SegmentError::NewerFormat {
                found: format,
                supported: FORMAT,
            });
        }
        let json = upgrade(format as u32, json)?;
        let s: Stored =
            serde_json::from_value(json).map_err(|e| SegmentError::Damaged(e.to_string()))?;
        Ok(SavedSegment {
            id: s.id,
            name: s.name,
            description: s.description,
            rule: s.rule,
            format: s.format,
            created_at: s.created_at,
            updated_at: s.updated_at,
            version: s.version,
            stamps: s.stamps,
            deleted: s.deleted,
        })
    }
}

impl TryFrom<Json> for SavedSegment {
    type Error = SegmentError;

    fn try_from(json: Json) -> Result<SavedSegment, SegmentError> {
        SavedSegment::from_stored(json)
    }
}

/// One upgrade step of a definition's JSON; the error is an English detail.
type Migration = fn(Json) -> Result<Json, String>;

/// Entry `i` turns a format `i + 1` definition into a format `i + 2` one.
///
/// Format 1 is the only one so far. When format 2 changes the stored form,
/// bump [`FORMAT`], add `v1_to_v2` here (with a test that reads a format 1
/// definition) and set `format` to 2 in the step.
const MIGRATIONS: &[Migration] = &[];

// Every older format has exactly one upgrade step.
const _: () = assert!(MIGRATIONS.len() as u32 + 1 == FORMAT);

/// Brings a definition stored with `format` up to the current form; the
/// current format passes through unchanged.
pub fn upgrade(format: u32, mut json: Json) -> Result<Json, SegmentError> {
    if format == 0 {
        return Err(SegmentError::BadFormat);
    }
    if format > FORMAT {
        return Err(SegmentError::NewerFormat {
            found: u64::from(format),
            supported: FORMAT,
        });
    }
    for step in &MIGRATIONS[(format - 1) as usize..] {
        json = step(json).map_err(SegmentError::Damaged)?;
    }
    Ok(json)
}

/// Why a saved definition cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    #[error(
        "the segment was saved by a newer ilgi (format {found}, this version reads up to {supported}); update the app to open it"
    )]
    NewerFormat { found: u64, supported: u32 },
    #[error("the segment definition has no valid format version")]
    BadFormat,
    #[error("the segment definition is damaged: {0}")]
    Damaged(String),
}

impl SegmentError {
    /// Translation key of the problem (`segment-error-…`).
    pub fn key(&self) -> &'static str {
        match self {
            SegmentError::NewerFormat { .. } => "segment-error-newer-format",
            SegmentError::BadFormat => "segment-error-bad-format",
            SegmentError::Damaged(_) => "segment-error-damaged",
        }
    }

    /// The problem in `lang`; technical details stay in the English
    /// `Display` form.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SegmentError::NewerFormat { found, supported } => catalog().text_with(
                lang,
                self.key(),
                &[
                    ("found", Arg::Num(*found as f64)),
                    ("supported", Arg::Num(f64::from(*supported))),
                ],
            ),
            _ => catalog().text(lang, self.key()),
        }
    }
}

/// `a, b or c` in `lang`.
fn or_list(items: &[String], lang: Lang) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            if i + 1 == items.len() {
                out.push(' ');
                out.push_str(&catalog().text(lang, Join::Any.word_key()));
                out.push(' ');
            } else {
                out.push_str(", ");
            }
        }
        out.push_str(item);
    }
    out
}

/// The metrics of a customer without purchases.
fn no_purchases() -> Metrics {
    Metrics::default()
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
