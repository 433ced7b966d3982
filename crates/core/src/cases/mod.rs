//! Complaint cases (issue 10): numbered cases, triage prepared in advance,
//! department inboxes, enforced hand-offs and business-hours SLA clocks.
//!
//! - [`model`]: levels (after the Manchester Triage System), channels,
//!   categories, departments, the [`Case`] record and the events of its
//!   journey ([`CaseEvent`], write-once records held by their case).
//! - [`journey`]: the state is derived from the journey ([`derive`]); what
//!   someone does is an [`Op`], checked against that state and turned into
//!   events ([`perform`]), or refused with a [`TransitionError`]. A
//!   department that says "not ours" must name the responsible one and a
//!   reason; the third bounce escalates by itself.
//! - [`triage`]: the versioned [`RuleSet`] (level rules, discriminators,
//!   routing, departments, category words, procedures) and its evaluation
//!   with the reasons for the level.
//! - [`defaults`]: the rule set a new installation starts with, including
//!   the seeds' example (a platinum customer with an iPhone and no 3G is at
//!   least Very urgent).
//! - [`edit`]: the rule set as a form edits it (conditions as a kind and
//!   a typed value, rules moved and removed, business hours as text).
//! - [`desk`]: every case with its state and clocks, patched with each
//!   write instead of read again.
//! - [`assign`]: round-robin assignment with a per-agent cap.
//! - [`csv`]: past complaints from a CSV file, triaged in bulk (`ilgi
//!   triage`).
//! - [`report`]: SLA compliance, medians, backlog by age, hand-offs and
//!   escalations.
//! - [`deadlines`]: SLA clocks on the department's business hours
//!   ([`crate::sla`]), time per department, warnings and the escalations a
//!   breach calls for.

pub mod assign;
pub mod csv;
pub mod deadlines;
pub mod defaults;
pub mod desk;
pub mod edit;
pub mod intake;
pub mod journey;
pub mod model;
pub mod report;
pub mod triage;
mod words;

#[cfg(test)]
mod tests;

pub use deadlines::{Deadlines, deadlines, due_escalation, escalation_due_at};
pub use defaults::default_rules;
pub use intake::{Opening, open_case};
pub use journey::{CaseState, Op, Status, TransitionError, derive, perform};
pub use model::{
    Case, CaseChannel, CaseEvent, Category, DepartmentId, EscalationCause, EscalationStep,
    EventKind, Level, Reason, case_number,
};
pub use triage::{Complaint, Cond, CustomerFacts, Department, Rule, RuleSet, Triage};
