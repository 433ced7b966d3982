//! Value types that parse user input and reject bad values with a reason:
//! email, phone (E.164), social handle per platform, money, dates.
//!
//! Parse, don't validate: each type has private fields and a `parse`
//! constructor, so a value of the type is valid by construction. Errors are
//! [`ValueError`]s: English text for logs and the CLI, plus a translation key
//! for the UI.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ValueError {
    #[error("is empty")]
    Empty,
    #[error("email has no @")]
    EmailNoAt,
    #[error("email part before @ is empty or invalid")]
    EmailLocal,
    #[error("email domain is invalid")]
    EmailDomain,
    #[error("phone has characters other than digits, spaces, +, -, ( and )")]
    PhoneChars,
    #[error("phone has the wrong number of digits")]
    PhoneLength,
    #[error("handle is too short or too long for this platform")]
    HandleLength,
    #[error("handle has characters this platform does not allow")]
    HandleChars,
    #[error("unknown platform")]
    Platform,
    #[error("amount is not a number")]
    Amount,
    #[error("amount has more than two decimals")]
    AmountPrecision,
    #[error("amount is too large")]
    AmountRange,
    #[error("currency must be a three-letter code such as TRY")]
    Currency,
    #[error("date must be YYYY-MM-DD or DD.MM.YYYY")]
    DateFormat,
    #[error("date does not exist")]
    DateInvalid,
    #[error("unknown value")]
    UnknownValue,
    #[error("not a whole number")]
    Number,
    #[error("is too long")]
    TooLong,
    #[error("time must be a date and time such as 2024-05-01T10:00:00Z or 01.05.2024 13:00")]
    TimeFormat,
}

impl ValueError {
    /// Translation key of the reason (`value-…` in the catalogue).
    pub fn key(&self) -> &'static str {
        match self {
            ValueError::Empty => "value-empty",
            ValueError::EmailNoAt => "value-email-no-at",
            ValueError::EmailLocal => "value-email-local",
            ValueError::EmailDomain => "value-email-domain",
            ValueError::PhoneChars => "value-phone-chars",
            ValueError::PhoneLength => "value-phone-length",
            ValueError::HandleLength => "value-handle-length",
            ValueError::HandleChars => "value-handle-chars",
            ValueError::Platform => "value-platform",
            ValueError::Amount => "value-amount",
            ValueError::AmountPrecision => "value-amount-precision",
            ValueError::AmountRange => "value-amount-range",
            ValueError::Currency => "value-currency",
            ValueError::DateFormat => "value-date-format",
            ValueError::DateInvalid => "value-date-invalid",
            ValueError::UnknownValue => "value-unknown",
            ValueError::Number => "value-number",
            ValueError::TooLong => "value-too-long",
            ValueError::TimeFormat => "value-time-format",
        }
    }

    /// Every reason, for the catalogue completeness test.
    pub const ALL: [ValueError; 19] = [
        ValueError::Empty,
        ValueError::EmailNoAt,
        ValueError::EmailLocal,
        ValueError::EmailDomain,
        ValueError::PhoneChars,
        ValueError::PhoneLength,
        ValueError::HandleLength,
        ValueError::HandleChars,
        ValueError::Platform,
        ValueError::Amount,
        ValueError::AmountPrecision,
        ValueError::AmountRange,
        ValueError::Currency,
        ValueError::DateFormat,
        ValueError::DateInvalid,
        ValueError::UnknownValue,
        ValueError::Number,
        ValueError::TooLong,
        ValueError::TimeFormat,
    ];
}

macro_rules! string_serde {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let text = String::deserialize(d)?;
                <$ty>::parse(&text).map_err(|e| serde::de::Error::custom(format!("{text:?}: {e}")))
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// An email address, trimmed, with the domain lower-cased.
///
/// Deliberately not full RFC 5322: one `@`, a non-empty local part without
/// spaces, and a domain of dot-separated labels with a dot in it. That is
/// what a CRM can send mail to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, ValueError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::Empty);
        }
        if text.len() > 254 {
            return Err(ValueError::TooLong);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(ValueError::EmailNoAt)?;
        if local.is_empty()
            || local.contains(char::is_whitespace)
            || local.contains('@')
            || local.starts_with('.')
            || local.ends_with('.')
        {
            return Err(ValueError::EmailLocal);
        }
        let domain = domain.to_lowercase();
        let labels_ok = domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if !domain.contains('.') || !labels_ok {
            return Err(ValueError::EmailDomain);
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to match the same person across imports (whole address
    /// lower-cased).
    pub fn match_key(&self) -> String {
        self.0.to_lowercase()
    }
}
string_serde!(Email);

/// A phone number in E.164 form (`+905321234567`).
///
/// Numbers written the Turkish way are normalised: `0532 123 45 67`,
/// `532 123 45 67`, `0090 532…` and `+90 (532) 123-45-67` all become
/// `+905321234567`. A number with `+` or `00` keeps its own country code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(text: &str) -> Result<Phone, ValueError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::Empty);
        }
        let mut digits = String::new();
        let mut plus = false;
        for (i, c) in text.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '(' | ')' | '.' | '/' => {}
                _ => return Err(ValueError::PhoneChars),
            }
        }
        let international = if plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_string()
        } else if let Some(rest) = digits.strip_prefix('0') {
            // Turkish trunk prefix: 0 + 10 national digits.
            if rest.len() != 10 {
                return Err(ValueError::PhoneLength);
            }
            format!("90{rest}")
        } else if digits.len() == 10 {
            format!("90{digits}")
        } else if digits.len() == 12 && digits.starts_with("90") {
            digits
        } else {
            return Err(ValueError::PhoneLength);
        };
        if international.starts_with("90") && international.len() != 12 {
            return Err(ValueError::PhoneLength);
        }
        if !(8..=15).contains(&international.len()) || international.starts_with('0') {
            return Err(ValueError::PhoneLength);
        }
        Ok(Phone(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number grouped for reading: Turkish numbers as
    /// `+90 532 123 45 67`, others as stored.
    pub fn display(&self) -> String {
        match self.0.strip_prefix("+90") {
            Some(n) if n.len() == 10 => {
                format!("+90 {} {} {} {}", &n[..3], &n[3..6], &n[6..8], &n[8..])
            }
            _ => self.0.clone(),
        }
    }
}
string_serde!(Phone);

/// A social platform where customers have identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Instagram,
    X,
    Facebook,
    TikTok,
    YouTube,
    LinkedIn,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::Instagram,
        Platform::X,
        Platform::Facebook,
        Platform::TikTok,
        Platform::YouTube,
        Platform::LinkedIn,
    ];

    /// The stable lower-case code (`instagram`, `x`…), as stored and exported.
    pub fn code(self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::X => "x",
            Platform::Facebook => "facebook",
            Platform::TikTok => "tiktok",
            Platform::YouTube => "youtube",
            Platform::LinkedIn => "linkedin",
        }
    }

    /// The brand name shown in the UI (not translated).
    pub fn name(self) -> &'static str {
        match self {
            Platform::Instagram => "Instagram",
            Platform::X => "X",
            Platform::Facebook => "Facebook",
            Platform::TikTok => "TikTok",
            Platform::YouTube => "YouTube",
            Platform::LinkedIn => "LinkedIn",
        }
    }

    /// Reads a code or common name (`twitter` means X).
    pub fn parse(text: &str) -> Result<Platform, ValueError> {
        let t = text.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "instagram" | "ig" => Platform::Instagram,
            "x" | "twitter" => Platform::X,
            "facebook" | "fb" => Platform::Facebook,
            "tiktok" => Platform::TikTok,
            "youtube" | "yt" => Platform::YouTube,
            "linkedin" => Platform::LinkedIn,
            "" => return Err(ValueError::Empty),
            _ => return Err(ValueError::Platform),
        })
    }

    /// Length limits and allowed characters of a handle on this platform.
    fn rules(self) -> (usize, usize, fn(char) -> bool) {
        match self {
            Platform::Instagram => (1, 30, |c| c.is_ascii_alphanumeric() || c == '.' || c == '_'),
            Platform::X => (1, 15, |c| c.is_ascii_alphanumeric() || c == '_'),
            Platform::Facebook => (5, 50, |c| c.is_ascii_alphanumeric() || c == '.'),
            Platform::TikTok => (2, 24, |c| c.is_ascii_alphanumeric() || c == '.' || c == '_'),
            Platform::YouTube => (3, 30, |c| {
                c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'
            }),
            Platform::LinkedIn => (3, 100, |c| c.is_ascii_alphanumeric() || c == '-'),
        }
    }

    /// Host names whose profile URLs this platform owns.
    fn hosts(self) -> &'static [&'static str] {
        match self {
            Platform::Instagram => &["instagram.com"],
            Platform::X => &["x.com", "twitter.com"],
            Platform::Facebook => &["facebook.com", "fb.com"],
            Platform::TikTok => &["tiktok.com"],
            Platform::YouTube => &["youtube.com"],
            Platform::LinkedIn => &["linkedin.com"],
        }
    }
}

/// A handle on one platform, without the `@`, lower-cased where the platform
/// ignores case (all of ours do).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Handle {
    platform: Platform,
    name: String,
}

impl Handle {
    /// Parses `@name`, `name` or a profile URL of the platform.
    pub fn parse(platform: Platform, text: &str) -> Result<Handle, ValueError> {
        let mut t = text.trim();
        if t.is_empty() {
            return Err(ValueError::Empty);
        }
        let lower = t.to_ascii_lowercase();
        let without_scheme = lower
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_start_matches("m.");
        for host in platform.hosts() {
            // Only a real profile address counts: the host must end there
            // ("instagram.comx" is a handle, not a URL).
            let path = without_scheme
                .strip_prefix(host)
                .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
            if let Some(path) = path {
                let path = path.trim_start_matches('/');
                let path = path.strip_prefix("in/").unwrap_or(path);
                let start = t.len() - path.len();
                t = &t[start..];
                t = t.split(['/', '?', '#']).next().unwrap_or("");
                break;
            }
        }
        let name = t.trim_start_matches('@').to_ascii_lowercase();
        let (min, max, allowed) = platform.rules();
        if !name.chars().all(allowed) {
            return Err(ValueError::HandleChars);
        }
        if name.len() < min || name.len() > max {
            return Err(ValueError::HandleLength);
        }
        Ok(Handle { platform, name })
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// The handle without `@`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `platform:name`, the key that indexes and matches identities.
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform.code(), self.name)
    }

    /// The public profile address.
    pub fn profile_url(&self) -> String {
        let n = &self.name;
        match self.platform {
            Platform::Instagram => format!("https://www.instagram.com/{n}"),
            Platform::X => format!("https://x.com/{n}"),
            Platform::Facebook => format!("https://www.facebook.com/{n}"),
            Platform::TikTok => format!("https://www.tiktok.com/@{n}"),
            Platform::YouTube => format!("https://www.youtube.com/@{n}"),
            Platform::LinkedIn => format!("https://www.linkedin.com/in/{n}"),
        }
    }
}

/// A three-letter ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Turkish lira, the default for Turkish data.
    pub const TRY: Currency = Currency(*b"TRY");

    pub fn parse(text: &str) -> Result<Currency, ValueError> {
        let t = text.trim();
        match t {
            "" => return Err(ValueError::Empty),
            "₺" | "TL" | "tl" => return Ok(Currency::TRY),
            "$" => return Ok(Currency(*b"USD")),
            "€" => return Ok(Currency(*b"EUR")),
            _ => {}
        }
        let bytes = t.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(ValueError::Currency);
        }
        let mut code = [0u8; 3];
        for (c, b) in code.iter_mut().zip(bytes) {
            *c = b.to_ascii_uppercase();
        }
        Ok(Currency(code))
    }

    pub fn as_str(&self) -> &str {
        // Invariant: three ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}
string_serde!(Currency);

impl Default for Currency {
    fn default() -> Currency {
        Currency::TRY
    }
}

/// An amount of money in minor units (kuruş, cents): never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    minor: i64,
}

/// Largest amount accepted: a trillion in major units.
const MAX_MINOR: i64 = 100_000_000_000_000;

impl Money {
    pub fn from_minor(minor: i64) -> Money {
        Money { minor }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    /// Parses an amount written either way: `1234.50`, `1.234,50`,
    /// `1,234.50`, `1234,5`, `₺1.234,50`, `-12`. The last `,` or `.`
    /// followed by one or two digits is the decimal mark; other separators
    /// group thousands. More than two decimals is an error, not a rounding.
    pub fn parse(text: &str) -> Result<Money, ValueError> {
        let t: String = text
            .trim()
            .trim_start_matches(['₺', '$', '€'])
            .trim_end_matches(['₺', '$', '€'])
            .trim()
            .trim_end_matches(" TL")
            .trim_end_matches(" TRY")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'')
            .collect();
        if t.is_empty() {
            return Err(ValueError::Empty);
        }
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.as_str()),
        };
        if t.is_empty()
            || !t
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(ValueError::Amount);
        }
        let (int_part, frac_part) = match t.rfind(['.', ',']) {
            None => (t, ""),
            Some(pos) => {
                let (int, frac) = (&t[..pos], &t[pos + 1..]);
                let mark = t.as_bytes()[pos] as char;
                let other = if mark == '.' { ',' } else { '.' };
                if int.contains(mark) {
                    // "1.234.567": the mark repeats, so it groups thousands.
                    if frac.len() != 3 || int.contains(other) {
                        return Err(ValueError::Amount);
                    }
                    (t, "")
                } else if frac.is_empty() {
                    return Err(ValueError::Amount);
                } else if int.contains(other) || frac.len() < 3 {
                    // "1.234,50" or "12,5": the last mark is the decimal one.
                    if frac.len() > 2 {
                        return Err(ValueError::AmountPrecision);
                    }
                    (int, frac)
                } else if frac.len() == 3 {
                    // A lone mark before exactly three digits ("1.234",
                    // "1,234") groups thousands in both notations.
                    (t, "")
                } else {
                    return Err(ValueError::AmountPrecision);
                }
            }
        };
        // Grouping marks must separate groups of exactly three digits.
        let groups: Vec<&str> = int_part.split(['.', ',']).collect();
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err(ValueError::Amount);
        }
        let digits: String = groups.concat();
        if digits.is_empty() {
            return Err(ValueError::Amount);
        }
        let major: i64 = digits.parse().map_err(|_| ValueError::AmountRange)?;
        let frac: i64 = match frac_part.len() {
            0 => 0,
            1 => frac_part.parse::<i64>().map_err(|_| ValueError::Amount)? * 10,
            _ => frac_part.parse().map_err(|_| ValueError::Amount)?,
        };
        let minor = major
            .checked_mul(100)
            .and_then(|m| m.checked_add(frac))
            .filter(|m| *m <= MAX_MINOR)
            .ok_or(ValueError::AmountRange)?;
        Ok(Money {
            minor: if negative { -minor } else { minor },
        })
    }

    /// Plain machine form with a dot and two decimals (`1234.50`), as CSV
    /// exports write it.
    pub fn to_plain(self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Display form for a language: Turkish `1.234,50`, English `1,234.50`.
    pub fn format(self, lang: crate::i18n::Lang) -> String {
        let decimal = match lang {
            crate::i18n::Lang::Tr => ',',
            crate::i18n::Lang::En => '.',
        };
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        let grouped = crate::units::count(abs / 100, lang);
        format!("{sign}{grouped}{decimal}{:02}", abs % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.minor)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        Ok(Money {
            minor: i64::deserialize(d)?,
        })
    }
}

/// Parses a calendar date written `YYYY-MM-DD`, `DD.MM.YYYY` or `DD/MM/YYYY`
/// (day first, as Turkish spreadsheets write it).
pub fn parse_date(text: &str) -> Result<NaiveDate, ValueError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ValueError::Empty);
    }
    // A datetime's date part is fine too ("2024-03-01 14:00", "2024-03-01T…").
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let nums = |parts: Vec<&str>| -> Result<Vec<u32>, ValueError> {
        parts
            .iter()
            .map(|p| {
                if p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()) {
                    Err(ValueError::DateFormat)
                } else {
                    p.parse().map_err(|_| ValueError::DateFormat)
                }
            })
            .collect()
    };
    let (y, m, d) = if t.len() >= 8 && t.as_bytes().get(4) == Some(&b'-') {
        let n = nums(t.split('-').collect())?;
        match n.as_slice() {
            [y, m, d] if t.split('-').next().map(str::len) == Some(4) => (*y, *m, *d),
            _ => return Err(ValueError::DateFormat),
        }
    } else if t.contains('.') || t.contains('/') {
        let parts: Vec<&str> = t.split(['.', '/']).collect();
        let n = nums(parts.clone())?;
        match n.as_slice() {
            [d, m, y] if parts[2].len() == 4 => (*y, *m, *d),
            _ => return Err(ValueError::DateFormat),
        }
    } else {
        return Err(ValueError::DateFormat);
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(ValueError::DateInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn emails_are_trimmed_and_bad_ones_say_why() {
        assert_eq!(
            Email::parse(" Ayse@Ornek.COM.tr ").unwrap().as_str(),
            "Ayse@ornek.com.tr"
        );
        assert_eq!(
            Email::parse("ali.veli@şirket.com.tr").unwrap().as_str(),
            "ali.veli@şirket.com.tr"
        );
        for (bad, why) in [
            ("", ValueError::Empty),
            ("ayse.ornek.com", ValueError::EmailNoAt),
            ("@ornek.com", ValueError::EmailLocal),
            ("ay se@ornek.com", ValueError::EmailLocal),
            ("ayse@ornek", ValueError::EmailDomain),
            ("ayse@ornek..com", ValueError::EmailDomain),
            ("ayse@-ornek.com", ValueError::EmailDomain),
        ] {
            assert_eq!(Email::parse(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn turkish_phone_numbers_become_e164() {
        for good in [
            "0532 123 45 67",
            "05321234567",
            "532 123 45 67",
            "+90 (532) 123-45-67",
            "0090 532 123 45 67",
            "905321234567",
        ] {
            assert_eq!(
                Phone::parse(good).unwrap().as_str(),
                "+905321234567",
                "{good}"
            );
        }
        assert_eq!(
            Phone::parse("+44 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(Phone::parse("0532 123 45"), Err(ValueError::PhoneLength));
        assert_eq!(
            Phone::parse("+90 532 123 45 678"),
            Err(ValueError::PhoneLength)
        );
        assert_eq!(Phone::parse("0532-ABC"), Err(ValueError::PhoneChars));
        assert_eq!(Phone::parse(" "), Err(ValueError::Empty));
        assert_eq!(
            Phone::parse("05321234567").unwrap().display(),
            "+90 532 123 45 67"
        );
        assert_eq!(
            Phone::parse("+44 20 7946 0958").unwrap().display(),
            "+442079460958"
        );
    }

    #[test]
    fn handles_accept_at_signs_and_profile_urls() {
        let h = Handle::parse(Platform::Instagram, "@Ayse.Yilmaz").unwrap();
        assert_eq!(h.name(), "ayse.yilmaz");
        assert_eq!(h.key(), "instagram:ayse.yilmaz");
        let h = Handle::parse(Platform::X, "https://twitter.com/Ali_Veli?lang=tr").unwrap();
        assert_eq!(h.name(), "ali_veli");
        assert_eq!(h.profile_url(), "https://x.com/ali_veli");
        let h =
            Handle::parse(Platform::LinkedIn, "https://www.linkedin.com/in/mehmet-oz/").unwrap();
        assert_eq!(h.name(), "mehmet-oz");
        assert_eq!(
            Handle::parse(Platform::X, "bu_isim_cok_uzun_bir_isim"),
            Err(ValueError::HandleLength)
        );
        assert_eq!(
            Handle::parse(Platform::X, "ayşe"),
            Err(ValueError::HandleChars)
        );
        assert_eq!(
            Handle::parse(Platform::Instagram, "a b"),
            Err(ValueError::HandleChars)
        );
        assert_eq!(Platform::parse("Twitter"), Ok(Platform::X));
        assert_eq!(Platform::parse("myspace"), Err(ValueError::Platform));
    }

    #[test]
    fn amounts_parse_in_turkish_and_english_notation_without_floats() {
        for (text, minor) in [
            ("1234.50", 123_450),
            ("1234,50", 123_450),
            ("1.234,50", 123_450),
            ("1,234.50", 123_450),
            ("₺1.234,5", 123_450),
            ("1.234.567", 123_456_700),
            ("1,234", 123_400),
            ("12", 1200),
            ("-7,25", -725),
            ("0,1", 10),
            ("250 TL", 25_000),
        ] {
            assert_eq!(Money::parse(text).map(Money::minor), Ok(minor), "{text}");
        }
        for (text, why) in [
            ("", ValueError::Empty),
            ("abc", ValueError::Amount),
            ("12,3456", ValueError::AmountPrecision),
            ("1.23.4", ValueError::Amount),
            ("12.", ValueError::Amount),
            ("99999999999999999999", ValueError::AmountRange),
        ] {
            assert_eq!(Money::parse(text), Err(why), "{text}");
        }
    }

    #[test]
    fn money_formats_per_language() {
        let m = Money::from_minor(123_456_789);
        assert_eq!(m.format(Lang::Tr), "1.234.567,89");
        assert_eq!(m.format(Lang::En), "1,234,567.89");
        assert_eq!(Money::from_minor(-5).to_plain(), "-0.05");
        assert_eq!(Money::parse(&m.to_plain()), Ok(m));
    }

    #[test]
    fn currencies_accept_codes_and_symbols() {
        assert_eq!(Currency::parse("try"), Ok(Currency::TRY));
        assert_eq!(Currency::parse("₺"), Ok(Currency::TRY));
        assert_eq!(Currency::parse("usd").unwrap().as_str(), "USD");
        assert_eq!(Currency::parse("dollars"), Err(ValueError::Currency));
    }

    #[test]
    fn dates_parse_iso_and_turkish_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        for good in [
            "2024-03-01",
            "01.03.2024",
            "1.3.2024",
            "01/03/2024",
            "2024-03-01 14:30",
        ] {
            assert_eq!(parse_date(good), Ok(d), "{good}");
        }
        assert_eq!(parse_date("31.02.2024"), Err(ValueError::DateInvalid));
        assert_eq!(parse_date("2024/13/01"), Err(ValueError::DateFormat));
        assert_eq!(parse_date("03-01-24"), Err(ValueError::DateFormat));
        assert_eq!(parse_date("yesterday"), Err(ValueError::DateFormat));
        assert_eq!(parse_date(""), Err(ValueError::Empty));
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::ValueError;
    use crate::i18n::catalog;

    #[test]
    fn every_value_error_has_a_translation() {
        for e in ValueError::ALL {
            assert!(catalog().has(e.key()), "{}", e.key());
        }
    }
}
