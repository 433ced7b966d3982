//! Opening a case: the one intake every source goes through (the
//! complaint form, a CSV of past complaints, a social mention), so a case
//! is triaged and recorded the same way wherever it came from.

use super::journey::{Op, TransitionError, perform};
use super::model::{Case, CaseEvent};
use super::triage::{Complaint, Triage};
use crate::model::Id;

/// Who and what a new case is about, besides the complaint itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The case's human-readable number (`K-7QF3-0042`).
    pub number: String,
    pub customer_id: Option<Id>,
    /// Who complained when it is not a known customer (`@handle`).
    pub author: Option<String>,
    /// When the case opens (ms since the epoch).
    pub at: i64,
    /// Who opens it (the journey's actor).
    pub by: String,
}

/// The case record and its first journey events (created, triaged,
/// routed), from a complaint and its triage.
pub fn open_case(
    complaint: &Complaint,
    triage: Triage,
    opening: Opening,
    new_id: &mut dyn FnMut() -> Id,
) -> Result<(Case, Vec<CaseEvent>), TransitionError> {
    let case = Case {
        id: new_id(),
        number: opening.number,
        customer_id: opening.customer_id,
        author: opening.author.filter(|a| !a.trim().is_empty()),
        channel: complaint.channel,
        category: complaint.category,
        products: complaint.products.clone(),
        text: complaint.text.trim().to_string(),
        public: complaint.public,
        reach: complaint.reach,
        created_at: opening.at,
        updated_at: 0,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    };
    let events = perform(
        &Default::default(),
        case.id,
        Op::Create {
            level: triage.level,
            reasons: triage.reasons,
            rules_version: triage.rules_version,
            department: triage.department,
        },
        opening.at,
        &opening.by,
        new_id,
    )?;
    Ok((case, events))
}
