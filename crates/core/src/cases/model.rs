//! What a case is made of: levels, channels, categories, departments, the
//! case itself and the events of its journey.

use serde::{Deserialize, Serialize};

use super::triage::RuleSet;
use crate::model::{Id, Stamp, Stamps};

/// A triage level, after the Manchester Triage System: 1 is the most
/// urgent. Stored and compared as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Level {
    /// 1, red.
    Immediate,
    /// 2, orange.
    VeryUrgent,
    /// 3, yellow.
    Urgent,
    /// 4, green.
    Standard,
    /// 5, blue.
    NonUrgent,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Immediate,
        Level::VeryUrgent,
        Level::Urgent,
        Level::Standard,
        Level::NonUrgent,
    ];

    /// 1–5.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The level of a number 1–5.
    pub fn from_number(n: u8) -> Option<Level> {
        Level::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The colour of the level (the triage system's names).
    pub fn colour(self) -> &'static str {
        match self {
            Level::Immediate => "red",
            Level::VeryUrgent => "orange",
            Level::Urgent => "yellow",
            Level::Standard => "green",
            Level::NonUrgent => "blue",
        }
    }

    /// Translation key of the level's name.
    pub fn key(self) -> &'static str {
        match self {
            Level::Immediate => "level-immediate",
            Level::VeryUrgent => "level-very-urgent",
            Level::Urgent => "level-urgent",
            Level::Standard => "level-standard",
            Level::NonUrgent => "level-non-urgent",
        }
    }

    /// The more urgent of two levels.
    pub fn most_urgent(self, other: Level) -> Level {
        self.min(other)
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.number()
    }
}

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(n: u8) -> Result<Level, String> {
        Level::from_number(n).ok_or_else(|| format!("level {n} is not 1–5"))
    }
}

/// Where a complaint came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseChannel {
    Social,
    Phone,
    Email,
    Web,
    Store,
}

impl CaseChannel {
    pub const ALL: [CaseChannel; 5] = [
        CaseChannel::Social,
        CaseChannel::Phone,
        CaseChannel::Email,
        CaseChannel::Web,
        CaseChannel::Store,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseChannel::Social => "social",
            CaseChannel::Phone => "phone",
            CaseChannel::Email => "email",
            CaseChannel::Web => "web",
            CaseChannel::Store => "store",
        }
    }

    /// Translation key of the channel's name.
    pub fn key(self) -> &'static str {
        match self {
            CaseChannel::Social => "case-channel-social",
            CaseChannel::Phone => "case-channel-phone",
            CaseChannel::Email => "case-channel-email",
            CaseChannel::Web => "case-channel-web",
            CaseChannel::Store => "case-channel-store",
        }
    }

    /// Reads a channel in English or Turkish (`sosyal`, `telefon`,
    /// `e-posta`, `web`, `mağaza`…).
    pub fn parse(text: &str) -> Option<CaseChannel> {
        Some(match crate::text::fold(text).as_str() {
            "social" | "sosyal" | "sosyal medya" | "social media" | "twitter" | "x"
            | "instagram" | "facebook" => CaseChannel::Social,
            "phone" | "telefon" | "call" | "arama" | "call center" | "cagri merkezi" => {
                CaseChannel::Phone
            }
            "email" | "e-mail" | "e-posta" | "eposta" | "mail" => CaseChannel::Email,
            "web" | "web form" | "form" | "site" | "internet" => CaseChannel::Web,
            "store" | "magaza" | "sube" | "shop" => CaseChannel::Store,
            _ => return None,
        })
    }
}

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Network, signal, internet, calls.
    Connectivity,
    /// A device or product that does not work.
    Device,
    /// Invoices, charges, refunds.
    Billing,
    /// Orders, delivery, shipping, returns.
    Delivery,
    /// Wanting to buy, upgrade or change a plan.
    Sales,
    /// Staff, stores, service quality.
    Service,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Connectivity,
        Category::Device,
        Category::Billing,
        Category::Delivery,
        Category::Sales,
        Category::Service,
        Category::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Connectivity => "connectivity",
            Category::Device => "device",
            Category::Billing => "billing",
            Category::Delivery => "delivery",
            Category::Sales => "sales",
            Category::Service => "service",
            Category::Other => "other",
        }
    }

    /// Translation key of the category's name.
    pub fn key(self) -> &'static str {
        match self {
            Category::Connectivity => "case-category-connectivity",
            Category::Device => "case-category-device",
            Category::Billing => "case-category-billing",
            Category::Delivery => "case-category-delivery",
            Category::Sales => "case-category-sales",
            Category::Service => "case-category-service",
            Category::Other => "case-category-other",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        let folded = crate::text::fold(text);
        Category::ALL
            .into_iter()
            .find(|c| c.code() == folded)
            .or(match folded.as_str() {
                "baglanti" | "sebeke" | "network" => Some(Category::Connectivity),
                "cihaz" | "urun" | "product" => Some(Category::Device),
                "fatura" | "odeme" | "invoice" | "refund" | "iade" => Some(Category::Billing),
                "siparis" | "kargo" | "teslimat" | "shipping" | "order" => Some(Category::Delivery),
                "satis" => Some(Category::Sales),
                "hizmet" => Some(Category::Service),
                "diger" => Some(Category::Other),
                _ => None,
            })
    }
}

/// A department's stable id (`care`, `technical`, `billing`, `sales`,
/// `logistics`, `management`, or one the business added).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DepartmentId(pub String);

impl DepartmentId {
    pub fn new(id: &str) -> DepartmentId {
        DepartmentId(id.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Customer care: where a case goes when no routing rule matches.
    pub fn care() -> DepartmentId {
        DepartmentId::new("care")
    }

    /// Upper management: the end of every escalation chain.
    pub fn management() -> DepartmentId {
        DepartmentId::new("management")
    }
}

impl std::fmt::Display for DepartmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A case's human-readable number: the installation's prefix (four
/// characters from its client id) and a counter, `K-7QF3-0042`. Two
/// installations have different prefixes, so numbers stay unique once
/// devices sync without asking each other.
pub fn case_number(client_id: Id, counter: u64) -> String {
    // Crockford's base 32 without I, L, O, U: easy to read out on the
    // phone.
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bytes = client_id.as_bytes();
    // The random part of a v7 id (the first 6 bytes are its time).
    let bits = u32::from_be_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]);
    let prefix: String = (0..4)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("K-{prefix}-{counter:04}")
}

/// The cases numbered under `old` client id's prefix, renumbered under
/// `new`'s with the same counters: what a device does when the sync
/// server says another device of the workspace already has its prefix
/// (it then takes a new client id). Returns `(stored, renumbered)` pairs
/// for the write path; deleted cases are left alone.
pub fn renumber(cases: &[Case], old: Id, new: Id) -> Vec<(Case, Case)> {
    let from = case_number(old, 0);
    let from = from.trim_end_matches("0000");
    cases
        .iter()
        .filter(|c| !c.deleted)
        .filter_map(|c| {
            let counter: u64 = c.number.strip_prefix(from)?.parse().ok()?;
            let mut next = c.clone();
            next.number = case_number(new, counter);
            Some((c.clone(), next))
        })
        .collect()
}

/// Why a triage gave its level: one reason per rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule's id in its rule set.
    pub rule: String,
    /// The rule's name as the rule set wrote it (shown as is).
    pub name: String,
    /// The level the rule gave (a level rule) or forced at least (a
    /// discriminator).
    pub level: Level,
    /// Whether the rule is a discriminator (forces a minimum level).
    pub discriminator: bool,
}

/// A complaint as it came in: the case record (synced; its state comes
/// from its journey, [`super::derive`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: Id,
    /// Human-readable number ([`case_number`]).
    pub number: String,
    /// The customer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Id>,
    /// An unknown author's handle or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub channel: CaseChannel,
    pub category: Category,
    /// Products the complaint is about.
    #[serde(default)]
    pub products: Vec<String>,
    pub text: String,
    /// Written where everyone can see it (a public post).
    #[serde(default)]
    pub public: bool,
    /// The author's followers or audience (0 when unknown).
    #[serde(default)]
    pub reach: u64,
    /// When the complaint was made (Unix milliseconds).
    pub created_at: i64,
    pub updated_at: i64,
    pub version: Stamp,
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

/// A step of an escalation chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationStep {
    TeamLead,
    DepartmentManager,
    UpperManagement,
}

impl EscalationStep {
    pub const ALL: [EscalationStep; 3] = [
        EscalationStep::TeamLead,
        EscalationStep::DepartmentManager,
        EscalationStep::UpperManagement,
    ];

    /// The next step up, if any.
    pub fn next(self) -> Option<EscalationStep> {
        match self {
            EscalationStep::TeamLead => Some(EscalationStep::DepartmentManager),
            EscalationStep::DepartmentManager => Some(EscalationStep::UpperManagement),
            EscalationStep::UpperManagement => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            EscalationStep::TeamLead => "escalation-team-lead",
            EscalationStep::DepartmentManager => "escalation-department-manager",
            EscalationStep::UpperManagement => "escalation-upper-management",
        }
    }
}

/// Why a case was escalated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationCause {
    /// The first response target passed.
    FirstResponseBreach,
    /// The resolution target passed.
    ResolutionBreach,
    /// Departments bounced it three times.
    Bounced,
    /// Someone escalated it by hand.
    Manual,
}

impl EscalationCause {
    pub fn key(self) -> &'static str {
        match self {
            EscalationCause::FirstResponseBreach => "escalation-cause-first-response",
            EscalationCause::ResolutionBreach => "escalation-cause-resolution",
            EscalationCause::Bounced => "escalation-cause-bounced",
            EscalationCause::Manual => "escalation-cause-manual",
        }
    }
}

/// What happened to a case: one step of its journey. Stored as an
/// object naming the step under `type`, with its fields beside it; read
/// through [`EventFields`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The complaint was recorded.
    Created,
    /// Triage gave it a level (at intake, or again by hand).
    Triaged {
        level: Level,
        reasons: Vec<Reason>,
        /// The rule set version that decided.
        rules_version: u32,
    },
    /// It went to a department's inbox.
    Routed {
        department: DepartmentId,
    },
    /// A department said "not ours", naming the responsible one.
    Rejected {
        from: DepartmentId,
        to: DepartmentId,
        reason: String,
    },
    /// Someone was made responsible (`None`: unassigned).
    Reassigned {
        assignee: Option<String>,
    },
    /// An answer went to the customer.
    Replied {
        text: String,
    },
    /// The case waits for the customer (its clocks stop).
    WaitingOnCustomer,
    /// The customer answered (its clocks run again).
    CustomerResponded,
    /// It went up the escalation chain.
    Escalated {
        step: EscalationStep,
        cause: EscalationCause,
    },
    Resolved {
        note: String,
    },
    Reopened {
        reason: String,
    },
    Closed,
}

impl EventKind {
    /// Translation key of the event's name (the journey timeline).
    pub fn key(&self) -> &'static str {
        match self {
            EventKind::Created => "case-event-created",
            EventKind::Triaged { .. } => "case-event-triaged",
            EventKind::Routed { .. } => "case-event-routed",
            EventKind::Rejected { .. } => "case-event-rejected",
            EventKind::Reassigned { .. } => "case-event-reassigned",
            EventKind::Replied { .. } => "case-event-replied",
            EventKind::WaitingOnCustomer => "case-event-waiting",
            EventKind::CustomerResponded => "case-event-customer-responded",
            EventKind::Escalated { .. } => "case-event-escalated",
            EventKind::Resolved { .. } => "case-event-resolved",
            EventKind::Reopened { .. } => "case-event-reopened",
            EventKind::Closed => "case-event-closed",
        }
    }
}

/// The `type` of each [`EventKind`], in the order of its variants.
const EVENT_TYPES: [&str; 12] = [
    "created",
    "triaged",
    "routed",
    "rejected",
    "reassigned",
    "replied",
    "waiting_on_customer",
    "customer_responded",
    "escalated",
    "resolved",
    "reopened",
    "closed",
];

/// An event kind as stored, read as one flat object (see `crate::flat`).
#[derive(Deserialize)]
#[serde(rename = "EventKind")]
struct EventFields {
    #[serde(rename = "type")]
    kind: String,
    level: Option<Level>,
    reasons: Option<Vec<Reason>>,
    rules_version: Option<u32>,
    department: Option<DepartmentId>,
    from: Option<DepartmentId>,
    to: Option<DepartmentId>,
    reason: Option<String>,
    assignee: Option<String>,
    text: Option<String>,
    step: Option<EscalationStep>,
    cause: Option<EscalationCause>,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<EventKind, D::Error> {
        use crate::flat::need;
        let f = EventFields::deserialize(deserializer)?;
        let Some(index) = EVENT_TYPES.iter().position(|t| *t == f.kind) else {
            return Err(serde::de::Error::unknown_variant(&f.kind, &EVENT_TYPES));
        };
        Ok(match index {
            0 => EventKind::Created,
            1 => EventKind::Triaged {
                level: need(f.level, "level")?,
                reasons: need(f.reasons, "reasons")?,
                rules_version: need(f.rules_version, "rules_version")?,
            },
            2 => EventKind::Routed {
                department: need(f.department, "department")?,
            },
            3 => EventKind::Rejected {
                from: need(f.from, "from")?,
                to: need(f.to, "to")?,
                reason: need(f.reason, "reason")?,
            },
            4 => EventKind::Reassigned {
                assignee: f.assignee,
            },
            5 => EventKind::Replied {
                text: need(f.text, "text")?,
            },
            6 => EventKind::WaitingOnCustomer,
            7 => EventKind::CustomerResponded,
            8 => EventKind::Escalated {
                step: need(f.step, "step")?,
                cause: need(f.cause, "cause")?,
            },
            9 => EventKind::Resolved {
                note: need(f.note, "note")?,
            },
            10 => EventKind::Reopened {
                reason: need(f.reason, "reason")?,
            },
            _ => EventKind::Closed,
        })
    }
}

/// One event of a case's journey: a write-once record held by its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub id: Id,
    pub case_id: Id,
    /// When it happened (Unix milliseconds).
    pub at: i64,
    /// Who did it (a team member's name; `system` for automatic steps).
    pub by: String,
    pub kind: EventKind,
    #[serde(default)]
    pub updated_at: i64,
    #[serde(default)]
    pub version: Stamp,
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

/// Who automatic steps are recorded as.
pub const SYSTEM: &str = "system";

/// The workspace's rule set as a synced record: one record, always with
/// the id [`rules_id`]; every saved change raises `rules.version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesRecord {
    pub id: Id,
    pub rules: RuleSet,
    pub updated_at: i64,
    pub version: Stamp,
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

// The rule set's numbers are thresholds and never NaN (`RuleSet::validate`
// refuses what is not a number a rule can compare with), so equality is an
// equivalence.
impl Eq for RulesRecord {}

/// The id of the rule set record (the same in every workspace).
pub fn rules_id() -> Id {
    Id::from_uuid(uuid::Uuid::from_u128(
        0x0193_0000_0000_7000_8000_0000_7275_6c65,
    ))
}
