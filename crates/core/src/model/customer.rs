//! Customers, purchases and interactions: the records the CRM keeps.
//!
//! Every record carries its id (UUID v7), a version [`Stamp`], `updated_at`
//! and a `deleted` flag: a delete is a tombstone, so another device learns
//! about it when it syncs. Only the mutation path ([`super::change`]) sets
//! stamps and times.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::hlc::{Stamp, Stamps};
use super::id::Id;
use super::values::{Currency, Email, Handle, Money, Phone, ValueError};
use crate::text;

/// Customer tier, from the default to the most valuable.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    #[default]
    Standard,
    Silver,
    Gold,
    Platinum,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Standard, Tier::Silver, Tier::Gold, Tier::Platinum];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Standard => "standard",
            Tier::Silver => "silver",
            Tier::Gold => "gold",
            Tier::Platinum => "platinum",
        }
    }

    /// Translation key of the tier's name.
    pub fn key(self) -> &'static str {
        match self {
            Tier::Standard => "tier-standard",
            Tier::Silver => "tier-silver",
            Tier::Gold => "tier-gold",
            Tier::Platinum => "tier-platinum",
        }
    }

    /// Reads a code or a Turkish/English name (`altın` is gold).
    pub fn parse(text: &str) -> Result<Tier, ValueError> {
        let t = text::fold(text);
        Ok(match t.as_str() {
            "" => Tier::Standard,
            "standard" | "standart" | "normal" | "bronze" | "bronz" => Tier::Standard,
            "silver" | "gumus" => Tier::Silver,
            "gold" | "altin" => Tier::Gold,
            "platinum" | "platin" => Tier::Platinum,
            _ => return Err(ValueError::UnknownValue),
        })
    }
}

/// A channel a customer can consent to being contacted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentChannel {
    Email,
    Sms,
    Call,
    WhatsApp,
}

impl ConsentChannel {
    pub const ALL: [ConsentChannel; 4] = [
        ConsentChannel::Email,
        ConsentChannel::Sms,
        ConsentChannel::Call,
        ConsentChannel::WhatsApp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConsentChannel::Email => "email",
            ConsentChannel::Sms => "sms",
            ConsentChannel::Call => "call",
            ConsentChannel::WhatsApp => "whatsapp",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ConsentChannel::Email => "channel-email",
            ConsentChannel::Sms => "channel-sms",
            ConsentChannel::Call => "channel-call",
            ConsentChannel::WhatsApp => "channel-whatsapp",
        }
    }

    pub fn parse(text: &str) -> Result<ConsentChannel, ValueError> {
        Ok(match text::fold(text).as_str() {
            "email" | "e-mail" | "e-posta" | "eposta" => ConsentChannel::Email,
            "sms" => ConsentChannel::Sms,
            "call" | "phone" | "telefon" | "arama" => ConsentChannel::Call,
            "whatsapp" => ConsentChannel::WhatsApp,
            _ => return Err(ValueError::UnknownValue),
        })
    }
}

/// One consent decision (KVKK/GDPR): the latest per channel is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub channel: ConsentChannel,
    pub granted: bool,
    /// When the customer decided (Unix milliseconds).
    pub at: i64,
    /// Where the decision was recorded ("web form", "store", "import"…).
    pub source: String,
}

/// A social identity of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialIdentity {
    pub handle: Handle,
    pub followers: u64,
    /// Where the identity came from when it was not typed in or imported
    /// with the customer: the post that linked it and how
    /// (`x:1790… · same handle`, `instagram:C7… · confirmed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Id,
    /// The id in the business's own system, if imported from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub emails: Vec<Email>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default)]
    pub tier: Tier,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Devices and products the customer owns.
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub identities: Vec<SocialIdentity>,
    /// The customer's consent decisions, when loaded. They are stored and
    /// synced as records of their own ([`super::consent::ConsentRecord`]),
    /// never as part of the customer: this list is read (old documents and
    /// backups kept them here) but not written, and a write that adds a
    /// decision to it creates the decision's record.
    #[serde(default, skip_serializing)]
    pub consents: Vec<Consent>,
    /// The team member responsible for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
    /// Set when this customer was merged into another one (the survivor):
    /// the record is then a tombstone, and changes that still arrive for
    /// it follow the link ([`crate::sync::merge_customers`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<Id>,
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

impl Customer {
    /// An empty customer with only an id and a name.
    pub fn new(id: Id, first_name: &str, last_name: &str) -> Customer {
        Customer {
            id,
            external_id: None,
            first_name: first_name.trim().to_string(),
            last_name: last_name.trim().to_string(),
            emails: Vec::new(),
            phones: Vec::new(),
            city: None,
            tier: Tier::Standard,
            tags: Vec::new(),
            products: Vec::new(),
            identities: Vec::new(),
            consents: Vec::new(),
            owner: None,
            custom: BTreeMap::new(),
            merged_into: None,
            created_at: 0,
            updated_at: 0,
            version: Stamp::default(),
            stamps: Stamps::default(),
            deleted: false,
        }
    }

    /// "First Last", trimmed.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (false, true) => self.first_name.clone(),
            _ => self.last_name.clone(),
        }
    }

    /// Sort key for the customer list: last name, then first name, in
    /// Turkish alphabetical order.
    pub fn sort_key(&self) -> String {
        format!(
            "{}\u{1}{}\u{1}{}",
            text::sort_key(&self.last_name),
            text::sort_key(&self.first_name),
            self.id
        )
    }

    /// Everything the search box looks at, folded (see [`text::fold`]):
    /// names, emails, phone digits with and without the country code,
    /// handles, city, external id.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<String> = vec![text::fold(&self.full_name())];
        parts.extend(self.emails.iter().map(|e| text::fold(e.as_str())));
        for phone in &self.phones {
            let digits = phone.as_str().trim_start_matches('+');
            parts.push(digits.to_string());
            if let Some(national) = digits.strip_prefix("90") {
                parts.push(format!("0{national}"));
            }
        }
        for identity in &self.identities {
            parts.push(format!("@{}", identity.handle.name()));
        }
        if let Some(city) = &self.city {
            parts.push(text::fold(city));
        }
        if let Some(ext) = &self.external_id {
            parts.push(text::fold(ext));
        }
        parts.join("\u{1}")
    }

    /// The consent in force for a channel (the latest decision), if any.
    pub fn consent(&self, channel: ConsentChannel) -> Option<&Consent> {
        self.consents
            .iter()
            .filter(|c| c.channel == channel)
            .max_by_key(|c| c.at)
    }

    /// Keys that identify the same person across imports: external id,
    /// emails, phones (in that order of strength).
    pub fn match_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if let Some(ext) = &self.external_id {
            keys.push(format!("ext:{ext}"));
        }
        keys.extend(
            self.emails
                .iter()
                .map(|e| format!("email:{}", e.match_key())),
        );
        keys.extend(self.phones.iter().map(|p| format!("phone:{}", p.as_str())));
        keys
    }
}

/// Where a purchase was made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SalesChannel {
    #[default]
    Store,
    Online,
    App,
    Phone,
    Marketplace,
}

impl SalesChannel {
    pub const ALL: [SalesChannel; 5] = [
        SalesChannel::Store,
        SalesChannel::Online,
        SalesChannel::App,
        SalesChannel::Phone,
        SalesChannel::Marketplace,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SalesChannel::Store => "store",
            SalesChannel::Online => "online",
            SalesChannel::App => "app",
            SalesChannel::Phone => "phone",
            SalesChannel::Marketplace => "marketplace",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            SalesChannel::Store => "sales-store",
            SalesChannel::Online => "sales-online",
            SalesChannel::App => "sales-app",
            SalesChannel::Phone => "sales-phone",
            SalesChannel::Marketplace => "sales-marketplace",
        }
    }

    pub fn parse(text: &str) -> Result<SalesChannel, ValueError> {
        Ok(match text::fold(text).as_str() {
            "" | "store" | "magaza" | "sube" => SalesChannel::Store,
            "online" | "web" | "internet" | "e-ticaret" => SalesChannel::Online,
            "app" | "mobile" | "mobil" | "uygulama" => SalesChannel::App,
            "phone" | "telefon" | "call center" | "cagri merkezi" => SalesChannel::Phone,
            "marketplace" | "pazaryeri" => SalesChannel::Marketplace,
            _ => return Err(ValueError::UnknownValue),
        })
    }
}

/// One purchase by a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub id: Id,
    pub customer_id: Id,
    /// Id in the business's own system (order line), if imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub date: NaiveDate,
    pub amount: Money,
    pub currency: Currency,
    pub sku: String,
    pub product: String,
    pub category: String,
    pub channel: SalesChannel,
    pub updated_at: i64,
    pub version: Stamp,
    /// Per-field versions (sparse; see [`Stamps`]).
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

/// What kind of contact an interaction was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InteractionKind {
    Call,
    Email,
    Visit,
    Social,
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 5] = [
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Visit,
        InteractionKind::Social,
        InteractionKind::Note,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InteractionKind::Call => "interaction-call",
            InteractionKind::Email => "interaction-email",
            InteractionKind::Visit => "interaction-visit",
            InteractionKind::Social => "interaction-social",
            InteractionKind::Note => "interaction-note",
        }
    }
}

/// Who started the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
    Internal,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Inbound => "direction-inbound",
            Direction::Outbound => "direction-outbound",
            Direction::Internal => "direction-internal",
        }
    }
}

/// One entry of a customer's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: Id,
    pub customer_id: Id,
    pub kind: InteractionKind,
    pub direction: Direction,
    /// Unix milliseconds.
    pub at: i64,
    pub text: String,
    pub updated_at: i64,
    pub version: Stamp,
    /// Per-field versions (sparse; see [`Stamps`]).
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::Platform;

    fn sample() -> Customer {
        let mut c = Customer::new(Id::v7(1, [0; 10]), "Işıl", "Çelik");
        c.emails.push(Email::parse("isil@ornek.com").unwrap());
        c.phones.push(Phone::parse("0532 123 45 67").unwrap());
        c.city = Some("İzmir".into());
        c.identities.push(SocialIdentity {
            handle: Handle::parse(Platform::Instagram, "@isil.celik").unwrap(),
            followers: 1200,
            source: None,
        });
        c
    }

    #[test]
    fn search_text_covers_names_contacts_handles_and_city() {
        let text = sample().search_text();
        for needle in [
            "isil celik",
            "isil@ornek.com",
            "905321234567",
            "05321234567",
            "@isil.celik",
            "izmir",
        ] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
    }

    #[test]
    fn the_latest_consent_per_channel_is_in_force() {
        let mut c = sample();
        c.consents.push(Consent {
            channel: ConsentChannel::Sms,
            granted: true,
            at: 10,
            source: "web".into(),
        });
        c.consents.push(Consent {
            channel: ConsentChannel::Sms,
            granted: false,
            at: 20,
            source: "call".into(),
        });
        assert!(!c.consent(ConsentChannel::Sms).unwrap().granted);
        assert!(c.consent(ConsentChannel::Email).is_none());
    }

    #[test]
    fn tiers_and_channels_read_turkish_names() {
        assert_eq!(Tier::parse("Altın"), Ok(Tier::Gold));
        assert_eq!(Tier::parse("GÜMÜŞ"), Ok(Tier::Silver));
        assert_eq!(Tier::parse("diamond"), Err(ValueError::UnknownValue));
        assert_eq!(ConsentChannel::parse("E-posta"), Ok(ConsentChannel::Email));
        assert_eq!(SalesChannel::parse("Mağaza"), Ok(SalesChannel::Store));
    }

    #[test]
    fn customers_round_trip_through_json() {
        let c = sample();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Customer>(&json).unwrap(), c);
    }
}
