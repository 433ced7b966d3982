//! A social post about the business (a mention): who wrote it where and
//! when, what it says, how far it reaches, and what it became (the
//! customer it is linked to, the case it opened). Its natural key is the
//! platform and the platform's post id, so importing the same posts again
//! creates nothing new.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::{Handle, Id, Platform, Stamp, Stamps};

/// One post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub id: Id,
    pub platform: Platform,
    /// The platform's id of the post (`1790000000000000000`, `C7abc123`).
    pub post_id: String,
    /// The author's handle, when the export has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<Handle>,
    /// The author's display name as the platform shows it.
    #[serde(default)]
    pub author: String,
    pub text: String,
    /// When it was posted (ms since the epoch).
    pub at: i64,
    /// Followers of the author (or the post's reach when that is what the
    /// export gives).
    #[serde(default)]
    pub reach: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A public post (`false`: a direct message or a private comment).
    #[serde(default = "yes")]
    pub public: bool,
    /// The language the export gave, if it gave one (else it is detected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// The customer the author was linked to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Id>,
    /// The case the post opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<Id>,
    /// Customers a person said this author is not (from the review
    /// queue): never suggested again for any post of the same author.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Id>,
    /// Unix milliseconds of the import.
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub updated_at: i64,
    #[serde(default)]
    pub version: Stamp,
    #[serde(default, skip_serializing_if = "Stamps::is_plain")]
    pub stamps: Stamps,
    #[serde(default)]
    pub deleted: bool,
}

fn yes() -> bool {
    true
}

impl Mention {
    /// `platform:post id`: the key that recognises a post imported again.
    pub fn key(&self) -> String {
        mention_key(self.platform, &self.post_id)
    }

    /// The complaint a post makes, for triage: a social channel, its
    /// public flag and the author's reach (so a loud public post goes up
    /// the levels), its category from the rule set's words.
    pub fn complaint(&self, rules: &crate::cases::triage::Prepared) -> crate::cases::Complaint {
        crate::cases::Complaint {
            category: rules.detect_category(&self.text),
            channel: crate::cases::CaseChannel::Social,
            text: self.text.clone(),
            products: Vec::new(),
            public: self.public,
            reach: self.reach,
            at: chrono::DateTime::from_timestamp_millis(self.at).unwrap_or_default(),
        }
    }

    /// Who the case names when the author is not a customer: the handle
    /// (`@name`), else the display name.
    pub fn case_author(&self) -> String {
        match &self.handle {
            Some(h) => format!("@{}", h.name()),
            None => self.author.clone(),
        }
    }
}

/// The natural key of a post.
pub fn mention_key(platform: Platform, post_id: &str) -> String {
    format!("{}:{}", platform.code(), post_id.trim())
}

/// What a pasted post address says: its platform, the author's handle
/// when the address has it, and the post id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostAddress {
    pub platform: Platform,
    pub handle: Option<Handle>,
    pub post_id: String,
}

/// Reads a post's address (`https://x.com/name/status/179…`,
/// `https://www.instagram.com/p/C7abc/`, `https://www.facebook.com/name/
/// posts/123`, `https://www.tiktok.com/@name/video/73…`,
/// `https://www.youtube.com/watch?v=…`), for the single-post paste-in.
pub fn parse_post_address(text: &str) -> Option<PostAddress> {
    let t = text.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(t);
    let rest = rest
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("mobile.");
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, q),
        None => (path, ""),
    };
    let parts: Vec<&str> = path.split(['/', '#']).filter(|p| !p.is_empty()).collect();
    let handle = |platform: Platform, h: &str| Handle::parse(platform, h).ok();
    match host.as_str() {
        "x.com" | "twitter.com" => match parts.as_slice() {
            [name, "status", id, ..] if id.chars().all(|c| c.is_ascii_digit()) => {
                Some(PostAddress {
                    platform: Platform::X,
                    handle: handle(Platform::X, name),
                    post_id: id.to_string(),
                })
            }
            _ => None,
        },
        "instagram.com" => match parts.as_slice() {
            ["p" | "reel" | "tv", id, ..] => Some(PostAddress {
                platform: Platform::Instagram,
                handle: None,
                post_id: id.to_string(),
            }),
            [name, "p" | "reel", id, ..] => Some(PostAddress {
                platform: Platform::Instagram,
                handle: handle(Platform::Instagram, name),
                post_id: id.to_string(),
            }),
            _ => None,
        },
        "facebook.com" => match parts.as_slice() {
            [name, "posts" | "videos", id, ..] => Some(PostAddress {
                platform: Platform::Facebook,
                handle: handle(Platform::Facebook, name),
                post_id: id.to_string(),
            }),
            ["permalink.php"] | ["story.php"] => {
                let id = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("story_fbid="))?;
                Some(PostAddress {
                    platform: Platform::Facebook,
                    handle: None,
                    post_id: id.to_string(),
                })
            }
            _ => None,
        },
        "tiktok.com" => match parts.as_slice() {
            [name, "video", id, ..] => Some(PostAddress {
                platform: Platform::TikTok,
                handle: handle(Platform::TikTok, name),
                post_id: id.to_string(),
            }),
            _ => None,
        },
        "youtube.com" => {
            let id = query.split('&').find_map(|kv| kv.strip_prefix("v="))?;
            Some(PostAddress {
                platform: Platform::YouTube,
                handle: None,
                post_id: id.to_string(),
            })
        }
        "youtu.be" => Some(PostAddress {
            platform: Platform::YouTube,
            handle: None,
            post_id: parts.first()?.to_string(),
        }),
        "linkedin.com" => match parts.as_slice() {
            ["posts", slug, ..] | ["feed", "update", slug, ..] => Some(PostAddress {
                platform: Platform::LinkedIn,
                handle: None,
                post_id: slug.to_string(),
            }),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_addresses_of_every_platform_are_read() {
        let x = parse_post_address("https://x.com/KeremAksoylu/status/1790000000000000001?s=20")
            .unwrap();
        assert_eq!(
            (x.platform, x.post_id.as_str()),
            (Platform::X, "1790000000000000001")
        );
        assert_eq!(x.handle.unwrap().name(), "keremaksoylu");
        let t = parse_post_address("twitter.com/ali/status/12").unwrap();
        assert_eq!(t.platform, Platform::X);
        let ig = parse_post_address("https://www.instagram.com/p/C7abc123/").unwrap();
        assert_eq!(
            (ig.platform, ig.post_id.as_str(), ig.handle),
            (Platform::Instagram, "C7abc123", None)
        );
        let fb = parse_post_address("https://m.facebook.com/tugba.ersoy/posts/987654").unwrap();
        assert_eq!(
            (fb.platform, fb.post_id.as_str()),
            (Platform::Facebook, "987654")
        );
        let fbp = parse_post_address("https://www.facebook.com/permalink.php?story_fbid=555&id=1")
            .unwrap();
        assert_eq!(fbp.post_id, "555");
        let tt =
            parse_post_address("https://www.tiktok.com/@deniz/video/7300000000000000000").unwrap();
        assert_eq!(
            (tt.platform, tt.handle.unwrap().name().to_string()),
            (Platform::TikTok, "deniz".to_string())
        );
        let yt = parse_post_address("https://youtu.be/dQw4w9WgXcQ").unwrap();
        assert_eq!(
            (yt.platform, yt.post_id.as_str()),
            (Platform::YouTube, "dQw4w9WgXcQ")
        );
        assert_eq!(parse_post_address("https://x.com/ali"), None);
        assert_eq!(parse_post_address("merhaba dünya"), None);
        assert_eq!(parse_post_address("https://example.com/p/1"), None);
    }

    #[test]
    fn a_loud_public_complaint_becomes_a_case_through_the_common_intake() {
        use crate::cases::{Level, Opening, default_rules, derive, open_case};
        let rules = default_rules();
        let prepared = rules.prepare();
        let mut m = Mention {
            id: Id::from_uuid(uuid::Uuid::from_u128(1)),
            platform: Platform::X,
            post_id: "1".into(),
            handle: Handle::parse(Platform::X, "@keremaksoylu").ok(),
            author: "Kerem A.".into(),
            text: "@HizliCell 3 gündür internet çekmiyor, rezalet".into(),
            at: 1_790_000_000_000,
            reach: 25_000,
            url: None,
            public: true,
            lang: None,
            customer_id: None,
            case_id: None,
            rejected: Vec::new(),
            created_at: 0,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        let complaint = m.complaint(&prepared);
        assert_eq!(complaint.channel, crate::cases::CaseChannel::Social);
        assert_eq!(complaint.category, crate::cases::Category::Connectivity);
        let loud = prepared.triage(&complaint, &Default::default());
        m.reach = 12;
        let quiet = prepared.triage(&m.complaint(&prepared), &Default::default());
        // The author's reach feeds triage: more reach, a more urgent level.
        assert!(loud.level <= Level::VeryUrgent, "{:?}", loud.level);
        assert!(
            loud.level < quiet.level,
            "{:?} / {:?}",
            loud.level,
            quiet.level
        );
        let mut n = 10u128;
        let mut new_id = || {
            n += 1;
            Id::from_uuid(uuid::Uuid::from_u128(n))
        };
        let (case, events) = open_case(
            &complaint,
            loud.clone(),
            Opening {
                number: "K-TEST-0001".into(),
                customer_id: None,
                author: Some(m.case_author()),
                at: m.at,
                by: "team".into(),
            },
            &mut new_id,
        )
        .unwrap();
        assert_eq!(case.author.as_deref(), Some("@keremaksoylu"));
        assert_eq!(case.reach, 25_000);
        assert_eq!(derive(&events).level, Some(loud.level));
    }

    #[test]
    fn a_post_is_known_again_by_platform_and_post_id() {
        assert_eq!(mention_key(Platform::X, " 12 "), "x:12");
        assert_ne!(
            mention_key(Platform::X, "12"),
            mention_key(Platform::Instagram, "12")
        );
    }
}
