//! Reading enums stored as one flat object (serde's internally tagged
//! form: `{"if": "tier", "any_of": […]}`) through a struct of optional
//! fields, instead of serde's own reader for that form, which buffers
//! every object before it looks at the tag and costs tens of KiB of wasm
//! per enum and format. The text read and written stays the same.

use serde::Deserialize;
use serde::de::{Error, IntoDeserializer};

/// A variant's field, or the error serde gives for a missing one.
pub(crate) fn need<T, E: Error>(field: Option<T>, name: &'static str) -> Result<T, E> {
    field.ok_or_else(|| E::missing_field(name))
}

/// Unit variants (`"gold"`, `"social"`) read from their names.
pub(crate) fn unit_variants<'de, T: Deserialize<'de>, E: Error>(
    names: Vec<String>,
) -> Result<Vec<T>, E> {
    names
        .into_iter()
        .map(|name| T::deserialize(name.into_deserializer()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::cases::model::{
        CaseChannel, Category, DepartmentId, EscalationCause, EscalationStep, EventKind, Level,
        Reason,
    };
    use crate::cases::triage::Cond;
    use crate::model::Tier;
    use crate::rfm::Segment;

    fn conds() -> Vec<Cond> {
        vec![
            Cond::Tier {
                any_of: vec![Tier::Gold, Tier::Platinum],
            },
            Cond::RfmSegment {
                any_of: vec![Segment::Champions, Segment::AtRisk],
            },
            Cond::ClvAtLeast { value: 1250.5 },
            Cond::PAliveBelow { value: 0.3 },
            Cond::OwnsProduct {
                name: "Fiber 100".into(),
            },
            Cond::OpenCasesAtLeast { count: 2 },
            Cond::RecentCasesAtLeast { count: 3 },
            Cond::Category {
                any_of: vec![Category::Billing, Category::Connectivity],
            },
            Cond::Keywords {
                any_of: vec!["3g çekmiyor".into(), "İptal".into()],
            },
            Cond::Channel {
                any_of: vec![CaseChannel::Social, CaseChannel::Phone],
            },
            Cond::Public { is: false },
            Cond::ReachOver { followers: 10_000 },
            Cond::Hours { from: 18, to: 9 },
            Cond::Weekend,
        ]
    }

    fn events() -> Vec<EventKind> {
        let care = DepartmentId::new("care");
        vec![
            EventKind::Created,
            EventKind::Triaged {
                level: Level::VeryUrgent,
                reasons: vec![Reason {
                    rule: "r1".into(),
                    name: "Kamuya açık".into(),
                    level: Level::Urgent,
                    discriminator: true,
                }],
                rules_version: 4,
            },
            EventKind::Routed {
                department: care.clone(),
            },
            EventKind::Rejected {
                from: care.clone(),
                to: DepartmentId::new("billing"),
                reason: "not ours".into(),
            },
            EventKind::Reassigned {
                assignee: Some("Ayşe".into()),
            },
            EventKind::Reassigned { assignee: None },
            EventKind::Replied {
                text: "Merhaba".into(),
            },
            EventKind::WaitingOnCustomer,
            EventKind::CustomerResponded,
            EventKind::Escalated {
                step: EscalationStep::DepartmentManager,
                cause: EscalationCause::Manual,
            },
            EventKind::Resolved {
                note: "fixed".into(),
            },
            EventKind::Reopened {
                reason: "again".into(),
            },
            EventKind::Closed,
        ]
    }

    #[test]
    fn every_variant_reads_back_what_it_wrote() {
        for cond in conds() {
            let text = serde_json::to_string(&cond).unwrap();
            assert_eq!(serde_json::from_str::<Cond>(&text).unwrap(), cond, "{text}");
        }
        for kind in events() {
            let text = serde_json::to_string(&kind).unwrap();
            assert_eq!(
                serde_json::from_str::<EventKind>(&text).unwrap(),
                kind,
                "{text}"
            );
        }
    }

    #[test]
    fn text_written_by_earlier_versions_still_reads() {
        // Written by serde's derived internally tagged form (before the
        // flat readers): tag anywhere, fields in any order, extra fields.
        let cond: Cond =
            serde_json::from_str(r#"{"any_of":["gold"],"if":"tier","note":1}"#).unwrap();
        assert_eq!(
            cond,
            Cond::Tier {
                any_of: vec![Tier::Gold]
            }
        );
        let cond: Cond = serde_json::from_str(r#"{"to":9,"from":18,"if":"hours"}"#).unwrap();
        assert_eq!(cond, Cond::Hours { from: 18, to: 9 });
        let kind: EventKind = serde_json::from_str(
            r#"{"reasons":[{"rule":"a","name":"A","level":2,"discriminator":false}],"type":"triaged","level":2,"rules_version":1}"#,
        )
        .unwrap();
        assert_eq!(
            kind,
            EventKind::Triaged {
                level: Level::VeryUrgent,
                reasons: vec![Reason {
                    rule: "a".into(),
                    name: "A".into(),
                    level: Level::VeryUrgent,
                    discriminator: false,
                }],
                rules_version: 1,
            }
        );
        let kind: EventKind = serde_json::from_str(r#"{"type":"reassigned"}"#).unwrap();
        assert_eq!(kind, EventKind::Reassigned { assignee: None });
        let kind: EventKind = serde_json::from_str(r#"{"type":"closed","by":"x"}"#).unwrap();
        assert_eq!(kind, EventKind::Closed);
    }

    #[test]
    fn bad_text_is_refused_with_the_field_named() {
        let error = |text: &str| serde_json::from_str::<Cond>(text).unwrap_err().to_string();
        assert!(error(r#"{"if":"clv_at_least"}"#).contains("missing field `value`"));
        assert!(error(r#"{"if":"tier","any_of":["bronze"]}"#).contains("unknown variant `bronze`"));
        assert!(error(r#"{"if":"moon"}"#).contains("unknown variant `moon`"));
        assert!(error(r#"{"any_of":[]}"#).contains("missing field `if`"));
        assert!(error(r#"{"if":"hours","from":"six","to":9}"#).contains("invalid type"));
        let error = |text: &str| {
            serde_json::from_str::<EventKind>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(
            error(r#"{"type":"rejected","from":"care","to":"billing"}"#)
                .contains("missing field `reason`")
        );
        assert!(
            error(r#"{"type":"escalated","step":"ceo","cause":"manual"}"#)
                .contains("unknown variant `ceo`")
        );
        assert!(error(r#"{"type":"merged"}"#).contains("unknown variant `merged`"));
    }
}
