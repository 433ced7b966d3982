//! Which column of a file fills which field: the targets, their labels, and
//! the guess from Turkish and English headers.
//!
//! A mapping is plain data (one target per column, serde-ready) so the UI can
//! show one `<select>` per column, let the user change it, and keep it.

use serde::{Deserialize, Serialize};

use crate::model::{ConsentChannel, Platform};
use crate::text;

/// What a customer file's column fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerField {
    /// The column is not imported.
    Ignore,
    /// Our own id (UUID), as an export writes it: re-imports match exactly.
    Id,
    /// The customer's id in the business's own system.
    ExternalId,
    FirstName,
    LastName,
    /// "First Last": split at the last space.
    FullName,
    /// One or more addresses (`,` `;` `|` between them).
    Email,
    /// One or more numbers (`,` `;` `|` between them).
    Phone,
    City,
    Tier,
    /// Tags separated by `|`, or by `,` when the cell has no `|`.
    Tags,
    /// Products and devices, separated like tags.
    Products,
    Owner,
    /// Handles on a platform (`@name` or a profile URL).
    Handle(Platform),
    /// Follower counts, in the order of the platform's handles.
    Followers(Platform),
    /// Consent in force for a channel (yes/no, evet/hayır…).
    Consent(ConsentChannel),
    /// The full consent history as JSON, as an export writes it.
    ConsentHistory,
    /// When the customer was created (date, RFC 3339 or Unix milliseconds).
    CreatedAt,
    /// Kept as a custom field under this name.
    Custom(String),
}

/// Which customer field a purchase file's reference column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKey {
    /// Our customer id (UUID).
    Id,
    /// The customer's id in the business's own system.
    ExternalId,
    Email,
    Phone,
}

/// What a purchase file's column fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseField {
    Ignore,
    /// Our own id (UUID), as an export writes it.
    Id,
    /// The order line's id in the business's own system.
    ExternalId,
    /// A reference to the customer who bought.
    Customer(CustomerKey),
    Date,
    Amount,
    Currency,
    Sku,
    Product,
    Category,
    Channel,
}

/// One target per column of a customer file, in column order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomerMapping {
    pub columns: Vec<CustomerField>,
}

/// One target per column of a purchase file, in column order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PurchaseMapping {
    pub columns: Vec<PurchaseField>,
}

impl CustomerMapping {
    /// The target of column `i` (`Ignore` past the end).
    pub fn field(&self, i: usize) -> &CustomerField {
        self.columns.get(i).unwrap_or(&CustomerField::Ignore)
    }
}

impl PurchaseMapping {
    /// The target of column `i` (`Ignore` past the end).
    pub fn field(&self, i: usize) -> &PurchaseField {
        self.columns.get(i).unwrap_or(&PurchaseField::Ignore)
    }
}

/// The prefix an export gives custom field columns, so that a custom field
/// named like a known header (`email`) still comes back as custom.
pub(crate) const CUSTOM_PREFIX: &str = "custom:";
/// Header prefix of figures ilgi computed (a segment's member export adds
/// CLV, P(alive)…): they are not customer data, so imports ignore them.
pub const COMPUTED_PREFIX: &str = "computed:";

impl CustomerField {
    /// The targets a column with this header can be set to, in the order a
    /// `<select>` lists them: every fixed target, then `Custom(header)`.
    pub fn options(header: &str) -> Vec<CustomerField> {
        let mut all = vec![
            CustomerField::Ignore,
            CustomerField::Id,
            CustomerField::ExternalId,
            CustomerField::FirstName,
            CustomerField::LastName,
            CustomerField::FullName,
            CustomerField::Email,
            CustomerField::Phone,
            CustomerField::City,
            CustomerField::Tier,
            CustomerField::Tags,
            CustomerField::Products,
            CustomerField::Owner,
        ];
        for p in Platform::ALL {
            all.push(CustomerField::Handle(p));
            all.push(CustomerField::Followers(p));
        }
        all.extend(ConsentChannel::ALL.map(CustomerField::Consent));
        all.push(CustomerField::ConsentHistory);
        all.push(CustomerField::CreatedAt);
        all.push(CustomerField::Custom(custom_key(header)));
        all
    }

    /// Translation key of the target's label (`import-field-…`).
    pub fn label_key(&self) -> &'static str {
        match self {
            CustomerField::Ignore => "import-field-ignore",
            CustomerField::Id => "import-field-id",
            CustomerField::ExternalId => "import-field-external-id",
            CustomerField::FirstName => "import-field-first-name",
            CustomerField::LastName => "import-field-last-name",
            CustomerField::FullName => "import-field-full-name",
            CustomerField::Email => "import-field-email",
            CustomerField::Phone => "import-field-phone",
            CustomerField::City => "import-field-city",
            CustomerField::Tier => "import-field-tier",
            CustomerField::Tags => "import-field-tags",
            CustomerField::Products => "import-field-products",
            CustomerField::Owner => "import-field-owner",
            CustomerField::Handle(p) => match p {
                Platform::Instagram => "import-field-handle-instagram",
                Platform::X => "import-field-handle-x",
                Platform::Facebook => "import-field-handle-facebook",
                Platform::TikTok => "import-field-handle-tiktok",
                Platform::YouTube => "import-field-handle-youtube",
                Platform::LinkedIn => "import-field-handle-linkedin",
            },
            CustomerField::Followers(p) => match p {
                Platform::Instagram => "import-field-followers-instagram",
                Platform::X => "import-field-followers-x",
                Platform::Facebook => "import-field-followers-facebook",
                Platform::TikTok => "import-field-followers-tiktok",
                Platform::YouTube => "import-field-followers-youtube",
                Platform::LinkedIn => "import-field-followers-linkedin",
            },
            CustomerField::Consent(c) => match c {
                ConsentChannel::Email => "import-field-consent-email",
                ConsentChannel::Sms => "import-field-consent-sms",
                ConsentChannel::Call => "import-field-consent-call",
                ConsentChannel::WhatsApp => "import-field-consent-whatsapp",
            },
            CustomerField::ConsentHistory => "import-field-consent-history",
            CustomerField::CreatedAt => "import-field-created-at",
            CustomerField::Custom(_) => "import-field-custom",
        }
    }
}

impl PurchaseField {
    /// Every target, in the order a `<select>` lists them.
    pub fn options() -> Vec<PurchaseField> {
        vec![
            PurchaseField::Ignore,
            PurchaseField::Id,
            PurchaseField::ExternalId,
            PurchaseField::Customer(CustomerKey::Id),
            PurchaseField::Customer(CustomerKey::ExternalId),
            PurchaseField::Customer(CustomerKey::Email),
            PurchaseField::Customer(CustomerKey::Phone),
            PurchaseField::Date,
            PurchaseField::Amount,
            PurchaseField::Currency,
            PurchaseField::Sku,
            PurchaseField::Product,
            PurchaseField::Category,
            PurchaseField::Channel,
        ]
    }

    /// Translation key of the target's label (`import-field-…`).
    pub fn label_key(&self) -> &'static str {
        match self {
            PurchaseField::Ignore => "import-field-ignore",
            PurchaseField::Id => "import-field-id",
            PurchaseField::ExternalId => "import-field-order-id",
            PurchaseField::Customer(k) => match k {
                CustomerKey::Id => "import-field-customer-uuid",
                CustomerKey::ExternalId => "import-field-customer-external-id",
                CustomerKey::Email => "import-field-customer-email",
                CustomerKey::Phone => "import-field-customer-phone",
            },
            PurchaseField::Date => "import-field-date",
            PurchaseField::Amount => "import-field-amount",
            PurchaseField::Currency => "import-field-currency",
            PurchaseField::Sku => "import-field-sku",
            PurchaseField::Product => "import-field-product",
            PurchaseField::Category => "import-field-category",
            PurchaseField::Channel => "import-field-channel",
        }
    }
}

/// A header in the form the synonym tables use: folded (see
/// [`text::fold`]), every run of non-alphanumeric characters one space.
fn normalise(header: &str) -> String {
    let folded = text::fold(header);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The custom field name for a header: trimmed, without the export's
/// `custom:` prefix.
fn custom_key(header: &str) -> String {
    let h = header.trim();
    match h.get(..CUSTOM_PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(CUSTOM_PREFIX) => h[CUSTOM_PREFIX.len()..].to_string(),
        _ => h.to_string(),
    }
}

/// Names a platform goes by in headers (normalised).
fn platform_names(p: Platform) -> &'static [&'static str] {
    match p {
        Platform::Instagram => &["instagram", "ig", "insta"],
        Platform::X => &["x", "twitter"],
        Platform::Facebook => &["facebook", "fb"],
        Platform::TikTok => &["tiktok", "tik tok"],
        Platform::YouTube => &["youtube", "yt"],
        Platform::LinkedIn => &["linkedin"],
    }
}

/// Names a consent channel goes by in headers (normalised).
fn channel_names(c: ConsentChannel) -> &'static [&'static str] {
    match c {
        ConsentChannel::Email => &["email", "e mail", "e posta", "eposta", "mail"],
        ConsentChannel::Sms => &["sms"],
        ConsentChannel::Call => &["call", "phone", "arama", "telefon"],
        ConsentChannel::WhatsApp => &["whatsapp"],
    }
}

/// The customer target a normalised header names, if any.
fn customer_target(h: &str) -> Option<CustomerField> {
    use CustomerField as F;
    let fixed = match h {
        "id" | "uuid" | "ilgi id" => F::Id,
        "customer id" | "customer no" | "customer number" | "customer code" | "musteri no"
        | "musteri id" | "musteri numarasi" | "musteri kodu" | "external id" | "kod" | "code"
        | "cari kod" | "cari kodu" => F::ExternalId,
        "first name" | "firstname" | "given name" | "ad" | "adi" | "isim" => F::FirstName,
        "last name" | "lastname" | "surname" | "family name" | "soyad" | "soyadi" | "soyisim" => {
            F::LastName
        }
        "name" | "full name" | "fullname" | "customer" | "customer name" | "ad soyad"
        | "adi soyadi" | "ad soyadi" | "isim soyisim" | "musteri" | "musteri adi" => F::FullName,
        "email" | "emails" | "e mail" | "e posta" | "eposta" | "mail" | "email address"
        | "e posta adresi" => F::Email,
        "phone" | "phones" | "phone number" | "mobile" | "telefon" | "tel" | "gsm" | "cep"
        | "cep telefonu" | "telefon no" | "telefon numarasi" => F::Phone,
        "city" | "sehir" | "il" => F::City,
        "tier" | "segment" | "seviye" | "uyelik" | "uyelik seviyesi" => F::Tier,
        "tags" | "tag" | "etiketler" | "etiket" => F::Tags,
        "products" | "devices" | "product" | "device" | "urunler" | "cihazlar" | "urun"
        | "cihaz" => F::Products,
        "owner" | "account manager" | "sorumlu" | "temsilci" | "musteri temsilcisi" => F::Owner,
        "consent history" | "consents" | "izin gecmisi" => F::ConsentHistory,
        "created at" | "created" | "created date" | "signup date" | "kayit tarihi"
        | "olusturma tarihi" | "uyelik tarihi" => F::CreatedAt,
        _ => return platform_target(h).or_else(|| consent_target(h)),
    };
    Some(fixed)
}

fn platform_target(h: &str) -> Option<CustomerField> {
    for p in Platform::ALL {
        for name in platform_names(p) {
            let Some(rest) = h.strip_prefix(name) else {
                continue;
            };
            match rest {
                "" | " handle" | " hesabi" | " hesap" | " kullanici adi" | " username" => {
                    return Some(CustomerField::Handle(p));
                }
                " followers" | " follower" | " takipci" | " takipci sayisi" => {
                    return Some(CustomerField::Followers(p));
                }
                _ => {}
            }
        }
    }
    None
}

fn consent_target(h: &str) -> Option<CustomerField> {
    for c in ConsentChannel::ALL {
        for name in channel_names(c) {
            let hit = h.strip_prefix("consent ") == Some(name)
                || h.strip_suffix(" consent") == Some(name)
                || h.strip_suffix(" izni") == Some(name)
                || h.strip_prefix("izin ") == Some(name);
            if hit {
                return Some(CustomerField::Consent(c));
            }
        }
    }
    None
}

/// The purchase target a normalised header names, if any.
fn purchase_target(h: &str) -> Option<PurchaseField> {
    use PurchaseField as F;
    Some(match h {
        "id" | "uuid" | "ilgi id" => F::Id,
        "order id" | "order no" | "order number" | "order line id" | "line id" | "siparis no"
        | "siparis numarasi" | "siparis id" | "fatura no" | "invoice no" | "invoice number" => {
            F::ExternalId
        }
        "customer uuid" => F::Customer(CustomerKey::Id),
        "customer id" | "customer no" | "customer number" | "customer code" | "musteri no"
        | "musteri id" | "musteri numarasi" | "musteri kodu" | "cari kod" | "cari kodu" => {
            F::Customer(CustomerKey::ExternalId)
        }
        "customer email" | "email" | "e mail" | "e posta" | "eposta" | "mail"
        | "musteri e posta" | "musteri eposta" => F::Customer(CustomerKey::Email),
        "customer phone" | "phone" | "telefon" | "tel" | "gsm" | "cep" | "musteri telefon"
        | "musteri telefonu" => F::Customer(CustomerKey::Phone),
        "date" | "order date" | "purchase date" | "tarih" | "siparis tarihi" | "islem tarihi"
        | "fatura tarihi" => F::Date,
        "amount" | "total" | "price" | "tutar" | "toplam" | "toplam tutar" | "fiyat"
        | "tutar tl" => F::Amount,
        "currency" | "para birimi" | "doviz" | "doviz cinsi" => F::Currency,
        "sku" | "product code" | "stok kodu" | "urun kodu" => F::Sku,
        "product" | "product name" | "urun" | "urun adi" => F::Product,
        "category" | "kategori" => F::Category,
        "channel" | "sales channel" | "kanal" | "satis kanali" => F::Channel,
        _ => return None,
    })
}

/// Guesses a target for every column of a customer file. Headers are
/// compared folded (case, accents and punctuation do not matter), in Turkish
/// and English. A header written `custom:<name>` (as exports write custom
/// fields) and any unrecognised header become `Custom`; a blank header and
/// a `computed:<name>` header (see [`COMPUTED_PREFIX`]) are ignored.
pub fn auto_map_customers(headers: &[String]) -> CustomerMapping {
    let columns = headers
        .iter()
        .map(|header| {
            let raw = header.trim();
            if raw.is_empty()
                || raw
                    .get(..COMPUTED_PREFIX.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(COMPUTED_PREFIX))
            {
                return CustomerField::Ignore;
            }
            if raw.len() >= CUSTOM_PREFIX.len()
                && raw.is_char_boundary(CUSTOM_PREFIX.len())
                && raw[..CUSTOM_PREFIX.len()].eq_ignore_ascii_case(CUSTOM_PREFIX)
            {
                return CustomerField::Custom(custom_key(raw));
            }
            customer_target(&normalise(raw))
                .unwrap_or_else(|| CustomerField::Custom(custom_key(raw)))
        })
        .collect();
    CustomerMapping { columns }
}

/// Guesses a target for every column of a purchase file; unrecognised
/// columns are ignored.
pub fn auto_map_purchases(headers: &[String]) -> PurchaseMapping {
    let columns = headers
        .iter()
        .map(|header| purchase_target(&normalise(header)).unwrap_or(PurchaseField::Ignore))
        .collect();
    PurchaseMapping { columns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, catalog};

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn turkish_customer_headers_are_recognised_whatever_their_case_and_accents() {
        use CustomerField as F;
        let m = auto_map_customers(&headers(&[
            "Müşteri No",
            "ADI",
            "Soyadı",
            "E-posta",
            "Cep Telefonu",
            "Şehir",
            "Üyelik",
            "Etiketler",
            "Cihazlar",
            "Temsilci",
            "Instagram",
            "Instagram Takipçi",
            "E-posta İzni",
            "Kayıt Tarihi",
            "Doğum Günü",
            "  ",
        ]));
        assert_eq!(
            m.columns,
            vec![
                F::ExternalId,
                F::FirstName,
                F::LastName,
                F::Email,
                F::Phone,
                F::City,
                F::Tier,
                F::Tags,
                F::Products,
                F::Owner,
                F::Handle(Platform::Instagram),
                F::Followers(Platform::Instagram),
                F::Consent(ConsentChannel::Email),
                F::CreatedAt,
                F::Custom("Doğum Günü".into()),
                F::Ignore,
            ]
        );
    }

    #[test]
    fn english_customer_headers_and_the_export_names_are_recognised() {
        use CustomerField as F;
        let m = auto_map_customers(&headers(&[
            "customer_id",
            "Full Name",
            "twitter",
            "x_followers",
            "consent_whatsapp",
            "custom:email",
            "IL",
            "İl",
        ]));
        assert_eq!(
            m.columns,
            vec![
                F::ExternalId,
                F::FullName,
                F::Handle(Platform::X),
                F::Followers(Platform::X),
                F::Consent(ConsentChannel::WhatsApp),
                F::Custom("email".into()),
                // "IL" folds to "ıl" → "il" with Turkish rules.
                F::City,
                F::City,
            ]
        );
    }

    #[test]
    fn purchase_headers_are_recognised_in_both_languages() {
        use PurchaseField as F;
        let m = auto_map_purchases(&headers(&[
            "Sipariş No",
            "Müşteri No",
            "Sipariş Tarihi",
            "Tutar",
            "Para Birimi",
            "Stok Kodu",
            "Ürün",
            "Kategori",
            "Kanal",
            "customer_email",
            "Telefon",
            "customer_uuid",
            "not",
        ]));
        assert_eq!(
            m.columns,
            vec![
                F::ExternalId,
                F::Customer(CustomerKey::ExternalId),
                F::Date,
                F::Amount,
                F::Currency,
                F::Sku,
                F::Product,
                F::Category,
                F::Channel,
                F::Customer(CustomerKey::Email),
                F::Customer(CustomerKey::Phone),
                F::Customer(CustomerKey::Id),
                F::Ignore,
            ]
        );
    }

    #[test]
    fn every_target_has_a_distinct_label_in_both_languages() {
        let mut keys: Vec<&str> = CustomerField::options("x")
            .iter()
            .map(CustomerField::label_key)
            .collect();
        keys.extend(
            PurchaseField::options()
                .iter()
                .map(PurchaseField::label_key),
        );
        for key in &keys {
            assert!(catalog().has(key), "{key}");
            assert_ne!(catalog().text(Lang::Tr, key), catalog().text(Lang::En, key));
        }
    }

    #[test]
    fn the_custom_option_carries_the_header_without_the_export_prefix() {
        let options = CustomerField::options(" custom:Doğum Günü ");
        assert_eq!(
            options.last(),
            Some(&CustomerField::Custom("Doğum Günü".into()))
        );
    }

    #[test]
    fn mappings_round_trip_through_json_for_the_ui() {
        let m = auto_map_customers(&headers(&["instagram", "custom:a", "ad"]));
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<CustomerMapping>(&json).unwrap(), m);
        let p = auto_map_purchases(&headers(&["customer_phone"]));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<PurchaseMapping>(&json).unwrap(), p);
    }
}
