//! Cases in words, for the pages and the CLI: a department's name and
//! what a journey event says.

use super::model::{CaseEvent, DepartmentId, EventKind};
use super::triage::RuleSet;
use crate::i18n::{Arg, Lang, catalog};

impl RuleSet {
    /// A department's name: the one the workspace gave it, else the
    /// built-in department's name in `lang`, else its id.
    pub fn department_name(&self, id: &DepartmentId, lang: Lang) -> String {
        match self.department(id) {
            Some(d) if !d.name.trim().is_empty() => d.name.clone(),
            Some(d) => d
                .key()
                .map_or_else(|| id.to_string(), |k| catalog().text(lang, k)),
            None => id.to_string(),
        }
    }
}

impl CaseEvent {
    /// What the event says beyond its kind (the level it was triaged at,
    /// the department it went to, the reply, the reason…) in `lang`;
    /// empty when the kind says it all.
    pub fn detail(&self, rules: &RuleSet, lang: Lang) -> String {
        let dept = |d: &DepartmentId| rules.department_name(d, lang);
        let text = |key: &str| catalog().text(lang, key);
        match &self.kind {
            EventKind::Triaged { level, .. } => text(level.key()),
            EventKind::Routed { department } => dept(department),
            EventKind::Rejected { from, to, reason } => catalog().text_with(
                lang,
                "case-event-rejected-detail",
                &[
                    ("from", Arg::Str(&dept(from))),
                    ("to", Arg::Str(&dept(to))),
                    ("reason", Arg::Str(reason)),
                ],
            ),
            EventKind::Reassigned { assignee } => assignee.clone().unwrap_or_default(),
            EventKind::Replied { text } => text.clone(),
            EventKind::Escalated { step, cause } => {
                format!("{} · {}", text(step.key()), text(cause.key()))
            }
            EventKind::Resolved { note } => note.clone(),
            EventKind::Reopened { reason } => reason.clone(),
            EventKind::Created
            | EventKind::WaitingOnCustomer
            | EventKind::CustomerResponded
            | EventKind::Closed => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::default_rules;

    #[test]
    fn departments_and_events_read_in_each_language() {
        let rules = default_rules();
        let first = rules.departments[0].id.clone();
        let tr = rules.department_name(&first, Lang::Tr);
        let en = rules.department_name(&first, Lang::En);
        assert!(!tr.is_empty() && !en.is_empty());
        let unknown = DepartmentId::new("nowhere");
        assert_eq!(rules.department_name(&unknown, Lang::En), "nowhere");
        let mut named = rules.clone();
        named.departments[0].name = "Faturalar".into();
        assert_eq!(named.department_name(&first, Lang::En), "Faturalar");

        let event = |kind| CaseEvent {
            id: crate::model::Id::v7(1, [1; 10]),
            case_id: crate::model::Id::v7(1, [2; 10]),
            at: 1,
            by: "Ayşe".into(),
            kind,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        let routed = event(EventKind::Routed {
            department: first.clone(),
        });
        assert_eq!(routed.detail(&rules, Lang::Tr), tr);
        let rejected = event(EventKind::Rejected {
            from: first.clone(),
            to: unknown.clone(),
            reason: "yanlış birim".into(),
        });
        let text = rejected.detail(&rules, Lang::En);
        assert!(
            text.contains(&en) && text.contains("nowhere") && text.contains("yanlış birim"),
            "{text}"
        );
        assert_eq!(event(EventKind::Closed).detail(&rules, Lang::En), "");
    }
}
