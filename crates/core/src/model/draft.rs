//! The customer form: text as typed, validated into a [`Customer`] with one
//! error per bad field (so the form can show each next to its input).

use super::customer::{Consent, ConsentChannel, Customer, SocialIdentity, Tier};
use super::values::{Email, Handle, Phone, Platform, ValueError};

/// A form field that can be wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Emails,
    Phones,
    Tier,
    /// The identity row with this index.
    Identity(usize),
    Followers(usize),
}

impl Field {
    /// Stable name used in the form's `data-field` and in tests.
    pub fn name(self) -> String {
        match self {
            Field::Name => "name".into(),
            Field::Emails => "emails".into(),
            Field::Phones => "phones".into(),
            Field::Tier => "tier".into(),
            Field::Identity(i) => format!("identity-{i}"),
            Field::Followers(i) => format!("followers-{i}"),
        }
    }
}

/// One rejected field, with the offending piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub value: String,
    pub error: ValueError,
}

/// One identity row of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityDraft {
    pub platform: String,
    pub handle: String,
    pub followers: String,
}

/// The customer form's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    pub first_name: String,
    pub last_name: String,
    /// One or more addresses, separated by commas, semicolons or new lines.
    pub emails: String,
    pub phones: String,
    pub city: String,
    pub tier: String,
    pub tags: String,
    pub products: String,
    pub owner: String,
    pub external_id: String,
    pub identities: Vec<IdentityDraft>,
    /// Consent per channel as the form shows it: `None` = never asked.
    pub consents: Vec<(ConsentChannel, Option<bool>)>,
}

/// Splits a list field on commas, semicolons and new lines; drops blanks.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl CustomerDraft {
    /// The form filled from an existing customer.
    pub fn from_customer(c: &Customer) -> CustomerDraft {
        CustomerDraft {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            emails: c
                .emails
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            phones: c
                .phones
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            city: c.city.clone().unwrap_or_default(),
            tier: c.tier.code().into(),
            tags: c.tags.join(", "),
            products: c.products.join(", "),
            owner: c.owner.clone().unwrap_or_default(),
            external_id: c.external_id.clone().unwrap_or_default(),
            identities: c
                .identities
                .iter()
                .map(|i| IdentityDraft {
                    platform: i.handle.platform().code().into(),
                    handle: i.handle.name().into(),
                    followers: i.followers.to_string(),
                })
                .collect(),
            consents: ConsentChannel::ALL
                .iter()
                .map(|ch| (*ch, c.consent(*ch).map(|c| c.granted)))
                .collect(),
        }
    }

    /// Validates every field and writes the values into `customer` (a new
    /// one from [`Customer::new`] or a copy of the stored one). Consent
    /// changes are appended with time `now` and source `"form"`, keeping the
    /// history. On error `customer` is untouched.
    pub fn apply(&self, customer: &mut Customer, now: i64) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let first = self.first_name.trim();
        let last = self.last_name.trim();
        if first.is_empty() && last.is_empty() {
            errors.push(FieldError {
                field: Field::Name,
                value: String::new(),
                error: ValueError::Empty,
            });
        }
        let mut emails = Vec::new();
        for text in split_list(&self.emails) {
            match Email::parse(&text) {
                Ok(e)
                    if !emails
                        .iter()
                        .any(|x: &Email| x.match_key() == e.match_key()) =>
                {
                    emails.push(e)
                }
                Ok(_) => {}
                Err(error) => errors.push(FieldError {
                    field: Field::Emails,
                    value: text,
                    error,
                }),
            }
        }
        let mut phones = Vec::new();
        for text in split_list(&self.phones) {
            match Phone::parse(&text) {
                Ok(p) if !phones.contains(&p) => phones.push(p),
                Ok(_) => {}
                Err(error) => errors.push(FieldError {
                    field: Field::Phones,
                    value: text,
                    error,
                }),
            }
        }
        let tier = match Tier::parse(&self.tier) {
            Ok(t) => t,
            Err(error) => {
                errors.push(FieldError {
                    field: Field::Tier,
                    value: self.tier.clone(),
                    error,
                });
                Tier::Standard
            }
        };
        let mut identities = Vec::new();
        for (i, row) in self.identities.iter().enumerate() {
            if row.handle.trim().is_empty() && row.followers.trim().is_empty() {
                continue;
            }
            let handle = Platform::parse(&row.platform).and_then(|p| Handle::parse(p, &row.handle));
            let followers = if row.followers.trim().is_empty() {
                Ok(0)
            } else {
                row.followers
                    .trim()
                    .replace(['.', ','], "")
                    .parse::<u64>()
                    .map_err(|_| ValueError::Number)
            };
            match (handle, followers) {
                (Ok(handle), Ok(followers)) => identities.push(SocialIdentity {
                    handle,
                    followers,
                    source: None,
                }),
                (h, f) => {
                    if let Err(error) = h {
                        errors.push(FieldError {
                            field: Field::Identity(i),
                            value: row.handle.clone(),
                            error,
                        });
                    }
                    if let Err(error) = f {
                        errors.push(FieldError {
                            field: Field::Followers(i),
                            value: row.followers.clone(),
                            error,
                        });
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        customer.first_name = first.to_string();
        customer.last_name = last.to_string();
        customer.emails = emails;
        customer.phones = phones;
        customer.city = opt(&self.city);
        customer.tier = tier;
        customer.tags = split_list(&self.tags);
        customer.products = split_list(&self.products);
        customer.owner = opt(&self.owner);
        customer.external_id = opt(&self.external_id);
        customer.identities = identities;
        for (channel, wanted) in &self.consents {
            let current = customer.consent(*channel).map(|c| c.granted);
            if let Some(granted) = wanted
                && current != Some(*granted)
            {
                customer.consents.push(Consent {
                    channel: *channel,
                    granted: *granted,
                    at: now,
                    source: "form".into(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::id::Id;

    fn draft() -> CustomerDraft {
        CustomerDraft {
            first_name: " Ayşe ".into(),
            last_name: "Yılmaz".into(),
            emails: "ayse@ornek.com; AYSE@ornek.com".into(),
            phones: "0532 123 45 67".into(),
            city: "İstanbul".into(),
            tier: "gold".into(),
            tags: "vip, iphone ,".into(),
            identities: vec![IdentityDraft {
                platform: "instagram".into(),
                handle: "@ayse".into(),
                followers: "12.500".into(),
            }],
            consents: vec![(ConsentChannel::Sms, Some(true))],
            ..CustomerDraft::default()
        }
    }

    #[test]
    fn a_valid_draft_fills_the_customer() {
        let mut c = Customer::new(Id::v7(1, [0; 10]), "", "");
        draft().apply(&mut c, 99).unwrap();
        assert_eq!(c.full_name(), "Ayşe Yılmaz");
        assert_eq!(c.emails.len(), 1);
        assert_eq!(c.phones[0].as_str(), "+905321234567");
        assert_eq!(c.tier, Tier::Gold);
        assert_eq!(c.tags, vec!["vip", "iphone"]);
        assert_eq!(c.identities[0].followers, 12_500);
        assert_eq!(
            c.consent(ConsentChannel::Sms).map(|c| (c.granted, c.at)),
            Some((true, 99))
        );
        // Saving the same form again adds no consent history.
        let again = CustomerDraft::from_customer(&c);
        again.apply(&mut c, 100).unwrap();
        assert_eq!(c.consents.len(), 1);
    }

    #[test]
    fn every_bad_field_is_reported_and_the_customer_is_untouched() {
        let mut d = draft();
        d.first_name.clear();
        d.last_name.clear();
        d.emails = "ok@ornek.com, bad-at-ornek".into();
        d.phones = "123".into();
        d.tier = "diamond".into();
        d.identities[0].handle = "a b".into();
        d.identities[0].followers = "many".into();
        let mut c = Customer::new(Id::v7(1, [0; 10]), "Eski", "Ad");
        let before = c.clone();
        let errors = d.apply(&mut c, 1).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::Emails,
                Field::Phones,
                Field::Tier,
                Field::Identity(0),
                Field::Followers(0)
            ]
        );
        assert_eq!(errors[1].value, "bad-at-ornek");
        assert_eq!(c, before);
    }
}
