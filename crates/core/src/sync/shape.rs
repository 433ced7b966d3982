//! Which fields of each synced record merge how: the per-entity table the
//! merge, the diff and erasure read.
//!
//! A record is seen as a flat map of *paths*. A scalar field is one path
//! (`first_name`). A set field is one path per element (`tags/vip`,
//! `identities/instagram:ayse`), keyed by the element's identity, so two
//! devices that each add an element both keep theirs. The `deleted` path is
//! sticky: once true it stays true.

use chrono::NaiveDate;
use serde_json::Value;

use crate::cases::model::{Case, CaseChannel, CaseEvent, Category, EventKind, RulesRecord};
use crate::model::{
    ConsentChannel, ConsentRecord, Currency, Customer, Direction, Entity, Id, Interaction,
    InteractionKind, Money, Purchase, Record, SalesChannel, SavedSegment, Stamp, Stamps,
};
use crate::text;

/// How one entity's fields merge.
#[derive(Debug)]
pub struct Shape {
    pub entity: Entity,
    /// Last-writer-wins fields (serde names).
    pub scalars: &'static [&'static str],
    /// Fields merged element by element (an observed-remove set: a removal
    /// only removes the additions it saw, so a concurrent addition survives).
    pub sets: &'static [&'static str],
    /// Write-once records (consent decisions): every field keeps the
    /// value of the first write that set it and the record cannot be
    /// deleted, so a later or forged change can never rewrite or remove
    /// one.
    pub write_once: bool,
    /// Scalar paths a tombstone keeps; every other path (personal data) is
    /// dropped when the record is deleted and cannot come back.
    pub kept_when_deleted: &'static [&'static str],
    /// The field naming the record that holds this one (purchases and
    /// timeline entries are stored in their customer's block). It never
    /// changes after creation, and every mutation of such a record names
    /// it, so a device can find the record without an index.
    pub container: Option<&'static str>,
}

/// The sticky deletion path.
pub const DELETED: &str = "deleted";

/// Keys of a stored record that are bookkeeping, not data: they are never
/// paths (the merge recomputes them).
pub const BOOKKEEPING: &[&str] = &["id", "version", "stamps", "updated_at", DELETED];

const CUSTOMER: Shape = Shape {
    entity: Entity::Customer,
    scalars: &[
        "external_id",
        "first_name",
        "last_name",
        "city",
        "tier",
        "owner",
        "custom",
        "created_at",
        "merged_into",
    ],
    sets: &["emails", "phones", "tags", "products", "identities"],
    write_once: false,
    kept_when_deleted: &["created_at", "merged_into"],
    container: None,
};

const PURCHASE_FIELDS: &[&str] = &[
    "customer_id",
    "external_id",
    "date",
    "amount",
    "currency",
    "sku",
    "product",
    "category",
    "channel",
];

const PURCHASE: Shape = Shape {
    entity: Entity::Purchase,
    scalars: PURCHASE_FIELDS,
    sets: &[],
    write_once: false,
    // A purchase holds no personal data once its customer is a tombstone;
    // keeping it keeps the business's sales figures true.
    kept_when_deleted: PURCHASE_FIELDS,
    container: Some("customer_id"),
};

const INTERACTION: Shape = Shape {
    entity: Entity::Interaction,
    scalars: &["customer_id", "kind", "direction", "at", "text"],
    sets: &[],
    write_once: false,
    kept_when_deleted: &["customer_id", "kind", "direction", "at"],
    container: Some("customer_id"),
};

const CONSENT_FIELDS: &[&str] = &["customer_id", "channel", "granted", "at", "source"];

const CONSENT: Shape = Shape {
    entity: Entity::Consent,
    scalars: CONSENT_FIELDS,
    sets: &[],
    write_once: true,
    // The proof of a decision outlives the customer's erasure; it holds
    // no personal data.
    kept_when_deleted: CONSENT_FIELDS,
    container: Some("customer_id"),
};

const CASE_FIELDS: &[&str] = &[
    "number",
    "customer_id",
    "author",
    "channel",
    "category",
    "products",
    "text",
    "public",
    "reach",
    "created_at",
];

const CASE: Shape = Shape {
    entity: Entity::Case,
    scalars: CASE_FIELDS,
    sets: &[],
    write_once: false,
    // An erased case keeps its number and time (reports count it); who
    // wrote what goes.
    kept_when_deleted: &["number", "channel", "category", "public", "created_at"],
    container: None,
};

const CASE_EVENT_FIELDS: &[&str] = &["case_id", "at", "by", "kind"];

const CASE_EVENT: Shape = Shape {
    entity: Entity::CaseEvent,
    scalars: CASE_EVENT_FIELDS,
    sets: &[],
    // The journey is append-only (operations only add events), but an
    // erasure must be able to take replies and reasons away: an erased
    // event keeps only its case and time.
    write_once: false,
    kept_when_deleted: &["case_id", "at"],
    container: Some("case_id"),
};

const RULES: Shape = Shape {
    entity: Entity::Rules,
    // The rule set is edited and versioned as a whole.
    scalars: &["rules"],
    sets: &[],
    write_once: false,
    kept_when_deleted: &[],
    container: None,
};

const MENTION: Shape = Shape {
    entity: Entity::Mention,
    scalars: &[
        "platform",
        "post_id",
        "handle",
        "author",
        "text",
        "at",
        "reach",
        "url",
        "public",
        "lang",
        "customer_id",
        "case_id",
        "created_at",
    ],
    // Customers the author is not: a rejection on one device and another
    // on a second device both stand.
    sets: &["rejected"],
    write_once: false,
    // An erased post keeps only where and when it was (the noise figures
    // count it); who wrote what goes.
    kept_when_deleted: &["platform", "post_id", "at", "public", "created_at"],
    container: None,
};

const SEGMENT: Shape = Shape {
    entity: Entity::Segment,
    scalars: &["name", "description", "rule", "format", "created_at"],
    sets: &[],
    write_once: false,
    kept_when_deleted: &["format", "created_at"],
    container: None,
};

impl Shape {
    /// The shape of an entity.
    pub fn of(entity: Entity) -> &'static Shape {
        match entity {
            Entity::Customer => &CUSTOMER,
            Entity::Purchase => &PURCHASE,
            Entity::Interaction => &INTERACTION,
            Entity::Segment => &SEGMENT,
            Entity::Consent => &CONSENT,
            Entity::Case => &CASE,
            Entity::CaseEvent => &CASE_EVENT,
            Entity::Rules => &RULES,
            Entity::Mention => &MENTION,
        }
    }

    pub fn is_scalar(&self, field: &str) -> bool {
        self.scalars.contains(&field)
    }

    pub fn is_set(&self, field: &str) -> bool {
        self.sets.contains(&field)
    }

    /// Whether a path survives deletion.
    pub fn kept(&self, path: &str) -> bool {
        path == DELETED || self.kept_when_deleted.contains(&path)
    }

    /// The identity of a set element: what makes two elements "the same"
    /// (an email in any case, a tag in any Turkish spelling, a handle per
    /// platform).
    pub fn element_key(&self, field: &str, element: &Value) -> String {
        let s = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match field {
            "emails" => s(element).to_lowercase(),
            "tags" | "products" => text::fold(&s(element)),
            "identities" => {
                let handle = &element["handle"];
                format!("{}:{}", s(&handle["platform"]), s(&handle["name"]))
            }
            _ => s(element),
        }
    }

    /// A record of this entity with every required field at its empty
    /// value: what a tombstone or a partly known record is built on.
    pub fn blank(&self, id: Id) -> Value {
        let record = match self.entity {
            Entity::Customer => Record::Customer(Customer::new(id, "", "")),
            Entity::Purchase => Record::Purchase(Purchase {
                id,
                customer_id: id,
                external_id: None,
                date: NaiveDate::default(),
                amount: Money::default(),
                currency: Currency::default(),
                sku: String::new(),
                product: String::new(),
                category: String::new(),
                channel: SalesChannel::default(),
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::Interaction => Record::Interaction(Interaction {
                id,
                customer_id: id,
                kind: InteractionKind::Note,
                direction: Direction::Internal,
                at: 0,
                text: String::new(),
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::Segment => Record::Segment(SavedSegment::new(id, "")),
            Entity::Consent => Record::Consent(ConsentRecord {
                id,
                customer_id: id,
                channel: ConsentChannel::Email,
                granted: false,
                at: 0,
                source: String::new(),
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::Case => Record::Case(Case {
                id,
                number: String::new(),
                customer_id: None,
                author: None,
                channel: CaseChannel::Web,
                category: Category::Other,
                products: Vec::new(),
                text: String::new(),
                public: false,
                reach: 0,
                created_at: 0,
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::CaseEvent => Record::CaseEvent(CaseEvent {
                id,
                case_id: id,
                at: 0,
                by: String::new(),
                kind: EventKind::Created,
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::Rules => Record::Rules(RulesRecord {
                id,
                rules: crate::cases::default_rules(),
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
            Entity::Mention => Record::Mention(crate::social::Mention {
                id,
                platform: crate::model::Platform::X,
                post_id: String::new(),
                handle: None,
                author: String::new(),
                text: String::new(),
                at: 0,
                reach: 0,
                url: None,
                public: true,
                lang: None,
                customer_id: None,
                case_id: None,
                rejected: Vec::new(),
                created_at: 0,
                updated_at: 0,
                version: Stamp::default(),
                stamps: Stamps::default(),
                deleted: false,
            }),
        };
        record_fields(&record)
    }
}

/// A record's own JSON object (without the `{entity, record}` envelope).
pub fn record_fields(record: &Record) -> Value {
    let value = match record {
        Record::Customer(r) => serde_json::to_value(r),
        Record::Purchase(r) => serde_json::to_value(r),
        Record::Interaction(r) => serde_json::to_value(r),
        Record::Segment(r) => serde_json::to_value(r),
        Record::Consent(r) => serde_json::to_value(r),
        Record::Case(r) => serde_json::to_value(r),
        Record::CaseEvent(r) => serde_json::to_value(r),
        Record::Rules(r) => serde_json::to_value(r),
        Record::Mention(r) => serde_json::to_value(r),
    };
    // Serialising plain data structs into a Value cannot fail.
    value.unwrap_or(Value::Null)
}
