//! The rule that turns complaint posts into cases by itself (issue 12):
//! off by default; when on, a post becomes a case when its complaint score
//! reaches a threshold, optionally only public posts and only authors who
//! reach enough people. A post already linked to a case never opens
//! another.

use serde::{Deserialize, Serialize};

use super::complaint::Complaint;
use super::mention::Mention;

/// The automatic complaint-to-case rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoCase {
    pub enabled: bool,
    /// The complaint score (0..1) a post needs.
    pub min_score: f64,
    /// Only authors with at least this many followers (0: anyone).
    #[serde(default)]
    pub min_reach: u64,
    /// Only public posts (a direct message waits for a person).
    #[serde(default)]
    pub public_only: bool,
}

impl Default for AutoCase {
    fn default() -> AutoCase {
        AutoCase {
            enabled: false,
            min_score: 0.7,
            min_reach: 0,
            public_only: false,
        }
    }
}

impl AutoCase {
    /// Whether `mention`, read as `complaint`, opens a case by itself.
    pub fn opens(&self, mention: &Mention, complaint: &Complaint) -> bool {
        self.enabled
            && mention.case_id.is_none()
            && complaint.is_complaint
            && complaint.score >= self.min_score
            && mention.reach >= self.min_reach
            && (mention.public || !self.public_only)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Platform};

    #[test]
    fn the_rule_opens_only_what_it_says_and_never_twice() {
        let mut m = Mention {
            id: Id::from_uuid(uuid::Uuid::from_u128(1)),
            platform: Platform::X,
            post_id: "1".into(),
            handle: None,
            author: "A".into(),
            text: "x".into(),
            at: 0,
            reach: 500,
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
        let c = |score: f64| Complaint {
            score,
            is_complaint: score >= 0.5,
            reasons: Vec::new(),
        };
        let off = AutoCase::default();
        assert!(!off.opens(&m, &c(0.95)), "off by default");
        let on = AutoCase {
            enabled: true,
            min_score: 0.7,
            min_reach: 100,
            public_only: true,
        };
        assert!(on.opens(&m, &c(0.8)));
        assert!(!on.opens(&m, &c(0.6)));
        m.reach = 50;
        assert!(!on.opens(&m, &c(0.9)));
        m.reach = 500;
        m.public = false;
        assert!(!on.opens(&m, &c(0.9)));
        m.public = true;
        m.case_id = Some(m.id);
        assert!(!on.opens(&m, &c(0.9)), "a post opens one case at most");
        let back: AutoCase =
            serde_json::from_str(r#"{"enabled": true, "min_score": 0.6}"#).unwrap();
        assert_eq!((back.min_reach, back.public_only), (0, false));
    }
}
