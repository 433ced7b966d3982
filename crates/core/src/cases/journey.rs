//! A case's state is derived from its journey: the events, in time order,
//! folded one by one. The same fold checks what a user asks for
//! ([`perform`]), so an operation that would make an invalid journey is
//! refused with a [`TransitionError`] before anything is written.
//!
//! Events from several devices can interleave (two people resolve the same
//! case offline). [`derive`] applies them in (time, id) order and sets
//! aside the ones that do not fit where they land ([`CaseState::ignored`])
//! instead of failing: the journey keeps every event, the state stays
//! valid, and the page can show what was set aside.

use serde::{Deserialize, Serialize};

use super::model::{
    CaseEvent, DepartmentId, EscalationCause, EscalationStep, EventKind, Level, Reason, SYSTEM,
};
use crate::model::Id;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In a department's inbox, nobody has answered yet.
    Open,
    /// Answered or being worked on.
    InProgress,
    /// Waiting for the customer; the clocks are stopped.
    WaitingOnCustomer,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::InProgress,
        Status::WaitingOnCustomer,
        Status::Resolved,
        Status::Closed,
    ];

    /// Whether the case still needs work (its clocks may run).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Open | Status::InProgress | Status::WaitingOnCustomer
        )
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "case-status-open",
            Status::InProgress => "case-status-in-progress",
            Status::WaitingOnCustomer => "case-status-waiting",
            Status::Resolved => "case-status-resolved",
            Status::Closed => "case-status-closed",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::WaitingOnCustomer => "waiting_on_customer",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }
}

/// A stretch of time the case spent somewhere: `end` is `None` while it
/// lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stretch {
    pub start: i64,
    pub end: Option<i64>,
}

/// What the journey says about a case now.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CaseState {
    /// Whether the journey starts with `Created`.
    pub created: bool,
    pub created_at: i64,
    pub status: Option<Status>,
    pub level: Option<Level>,
    pub reasons: Vec<Reason>,
    pub rules_version: u32,
    pub department: Option<DepartmentId>,
    pub assignee: Option<String>,
    /// How many times a department said "not ours".
    pub bounces: u32,
    /// The highest escalation step reached, and why it was first reached.
    pub escalation: Option<EscalationStep>,
    pub escalation_causes: Vec<EscalationCause>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// When the SLA clocks ran (not while waiting on the customer, not
    /// once resolved).
    pub running: Vec<Stretch>,
    /// How long the case sat in each department, in order.
    pub stays: Vec<(DepartmentId, Stretch)>,
    /// Events applied, in order.
    pub applied: Vec<Id>,
    /// Events that did not fit where they fell in time (concurrent
    /// devices): kept in the journey, not applied.
    pub ignored: Vec<Id>,
    /// Time of the last event applied.
    pub last_at: i64,
}

/// Why an event does not fit the case as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the case has no `created` event yet")]
    NotCreated,
    #[error("the case was already created")]
    AlreadyCreated,
    #[error("the case is closed: reopen it first")]
    Closed,
    #[error("the case is resolved: reopen it first")]
    Resolved,
    #[error("the case is already in department {0}")]
    SameDepartment(DepartmentId),
    #[error("only the department that has the case ({have}) can reject it, not {from}")]
    NotYourCase { have: String, from: DepartmentId },
    #[error("a rejection must name the responsible department")]
    NoDepartmentNamed,
    #[error("a rejection must say why the case is not this department's")]
    NoReason,
    #[error("a reply must have text")]
    EmptyReply,
    #[error("the case is not waiting on the customer")]
    NotWaiting,
    #[error("the case is already waiting on the customer")]
    AlreadyWaiting,
    #[error("the case is already escalated to {0:?}")]
    AlreadyEscalated(EscalationStep),
    #[error("the case is at the top of its escalation chain")]
    TopOfChain,
    #[error("only a resolved or closed case can be reopened")]
    NotResolvedOrClosed,
    #[error("only a resolved case can be closed")]
    NotResolved,
    #[error("an event cannot happen before the one it follows")]
    BeforeLast,
}

impl TransitionError {
    /// Translation key of the message (the case page shows it).
    pub fn key(&self) -> &'static str {
        match self {
            TransitionError::NotCreated => "case-error-not-created",
            TransitionError::AlreadyCreated => "case-error-already-created",
            TransitionError::Closed => "case-error-closed",
            TransitionError::Resolved => "case-error-resolved",
            TransitionError::SameDepartment(_) => "case-error-same-department",
            TransitionError::NotYourCase { .. } => "case-error-not-your-case",
            TransitionError::NoDepartmentNamed => "case-error-no-department",
            TransitionError::NoReason => "case-error-no-reason",
            TransitionError::EmptyReply => "case-error-empty-reply",
            TransitionError::NotWaiting => "case-error-not-waiting",
            TransitionError::AlreadyWaiting => "case-error-already-waiting",
            TransitionError::AlreadyEscalated(_) => "case-error-already-escalated",
            TransitionError::TopOfChain => "case-error-top-of-chain",
            TransitionError::NotResolvedOrClosed => "case-error-not-resolved-or-closed",
            TransitionError::NotResolved => "case-error-not-resolved",
            TransitionError::BeforeLast => "case-error-before-last",
        }
    }
}

fn close_last<T>(list: &mut [(T, Stretch)], at: i64) {
    if let Some((_, s)) = list.last_mut()
        && s.end.is_none()
    {
        s.end = Some(at);
    }
}

impl CaseState {
    fn status(&self) -> Status {
        self.status.unwrap_or(Status::Open)
    }

    /// Refuses work on a resolved or closed case.
    fn must_be_active(&self) -> Result<(), TransitionError> {
        match self.status() {
            Status::Closed => Err(TransitionError::Closed),
            Status::Resolved => Err(TransitionError::Resolved),
            _ => Ok(()),
        }
    }

    fn start_clock(&mut self, at: i64) {
        if self.running.last().is_none_or(|s| s.end.is_some()) {
            self.running.push(Stretch {
                start: at,
                end: None,
            });
        }
    }

    fn stop_clock(&mut self, at: i64) {
        if let Some(s) = self.running.last_mut()
            && s.end.is_none()
        {
            s.end = Some(at);
        }
    }

    fn move_to(&mut self, department: &DepartmentId, at: i64) {
        close_last(&mut self.stays, at);
        self.stays.push((
            department.clone(),
            Stretch {
                start: at,
                end: None,
            },
        ));
        self.department = Some(department.clone());
    }

    /// Checks an event against the state without changing it.
    pub fn check(&self, event: &CaseEvent) -> Result<(), TransitionError> {
        self.clone().apply(event)
    }

    /// Applies one event, or says why it does not fit (the state is then
    /// unchanged).
    pub fn apply(&mut self, event: &CaseEvent) -> Result<(), TransitionError> {
        let mut next = self.clone();
        next.step(event)?;
        next.applied.push(event.id);
        next.last_at = next.last_at.max(event.at);
        *self = next;
        Ok(())
    }

    fn step(&mut self, event: &CaseEvent) -> Result<(), TransitionError> {
        let at = event.at;
        if !self.created {
            if event.kind != EventKind::Created {
                return Err(TransitionError::NotCreated);
            }
            self.created = true;
            self.created_at = at;
            self.status = Some(Status::Open);
            self.start_clock(at);
            return Ok(());
        }
        if at < self.last_at {
            return Err(TransitionError::BeforeLast);
        }
        match &event.kind {
            EventKind::Created => return Err(TransitionError::AlreadyCreated),
            EventKind::Triaged {
                level,
                reasons,
                rules_version,
            } => {
                if self.status() == Status::Closed {
                    return Err(TransitionError::Closed);
                }
                self.level = Some(*level);
                self.reasons.clone_from(reasons);
                self.rules_version = *rules_version;
            }
            EventKind::Routed { department } => {
                self.must_be_active()?;
                if self.department.as_ref() == Some(department) {
                    return Err(TransitionError::SameDepartment(department.clone()));
                }
                self.move_to(department, at);
            }
            EventKind::Rejected { from, to, reason } => {
                self.must_be_active()?;
                if self.department.as_ref() != Some(from) {
                    return Err(TransitionError::NotYourCase {
                        have: self
                            .department
                            .as_ref()
                            .map_or_else(|| "none".to_string(), |d| d.to_string()),
                        from: from.clone(),
                    });
                }
                if to.as_str().trim().is_empty() {
                    return Err(TransitionError::NoDepartmentNamed);
                }
                if to == from {
                    return Err(TransitionError::SameDepartment(to.clone()));
                }
                if reason.trim().is_empty() {
                    return Err(TransitionError::NoReason);
                }
                self.bounces += 1;
                // The new department starts from an empty desk.
                self.assignee = None;
                self.move_to(to, at);
            }
            EventKind::Reassigned { assignee } => {
                self.must_be_active()?;
                self.assignee.clone_from(assignee);
            }
            EventKind::Replied { text } => {
                if self.status() == Status::Closed {
                    return Err(TransitionError::Closed);
                }
                if text.trim().is_empty() {
                    return Err(TransitionError::EmptyReply);
                }
                if self.first_response_at.is_none() {
                    self.first_response_at = Some(at);
                }
                if self.status() == Status::Open {
                    self.status = Some(Status::InProgress);
                }
            }
            EventKind::WaitingOnCustomer => {
                self.must_be_active()?;
                if self.status() == Status::WaitingOnCustomer {
                    return Err(TransitionError::AlreadyWaiting);
                }
                self.status = Some(Status::WaitingOnCustomer);
                self.stop_clock(at);
            }
            EventKind::CustomerResponded => {
                if self.status() != Status::WaitingOnCustomer {
                    return Err(TransitionError::NotWaiting);
                }
                self.status = Some(Status::InProgress);
                self.start_clock(at);
            }
            EventKind::Escalated { step, cause } => {
                self.must_be_active()?;
                if let Some(have) = self.escalation
                    && *step <= have
                {
                    return Err(TransitionError::AlreadyEscalated(have));
                }
                self.escalation = Some(*step);
                self.escalation_causes.push(*cause);
            }
            EventKind::Resolved { .. } => {
                self.must_be_active()?;
                self.status = Some(Status::Resolved);
                self.resolved_at = Some(at);
                self.stop_clock(at);
                close_last(&mut self.stays, at);
            }
            EventKind::Reopened { reason } => {
                if !matches!(self.status(), Status::Resolved | Status::Closed) {
                    return Err(TransitionError::NotResolvedOrClosed);
                }
                if reason.trim().is_empty() {
                    return Err(TransitionError::NoReason);
                }
                self.status = Some(Status::InProgress);
                self.resolved_at = None;
                self.start_clock(at);
                if let Some(department) = self.department.clone() {
                    self.stays.push((
                        department,
                        Stretch {
                            start: at,
                            end: None,
                        },
                    ));
                }
            }
            EventKind::Closed => {
                if self.status() != Status::Resolved {
                    return Err(TransitionError::NotResolved);
                }
                self.status = Some(Status::Closed);
            }
        }
        Ok(())
    }
}

/// The state a journey leads to: events in (time, id) order, each applied
/// when it fits and set aside ([`CaseState::ignored`]) when it does not.
pub fn derive(events: &[CaseEvent]) -> CaseState {
    let mut ordered: Vec<&CaseEvent> = events.iter().collect();
    ordered.sort_by(|a, b| {
        // `Created` first whatever the clocks said.
        let first = |e: &CaseEvent| e.kind != EventKind::Created;
        first(a)
            .cmp(&first(b))
            .then(a.at.cmp(&b.at))
            .then(a.id.cmp(&b.id))
    });
    let mut state = CaseState::default();
    let mut seen = std::collections::HashSet::new();
    for event in ordered {
        // The same event delivered twice counts once; an erased one is
        // gone.
        if !seen.insert(event.id) || event.deleted {
            continue;
        }
        if state.apply(event).is_err() {
            state.ignored.push(event.id);
        }
    }
    state
}

/// What someone does to a case.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Record a new complaint with its triage and first department.
    Create {
        level: Level,
        reasons: Vec<Reason>,
        rules_version: u32,
        department: DepartmentId,
    },
    Retriage {
        level: Level,
        reasons: Vec<Reason>,
        rules_version: u32,
    },
    Route(DepartmentId),
    /// "Not our department": the responsible department and why.
    Reject {
        to: DepartmentId,
        reason: String,
    },
    Assign(Option<String>),
    Reply(String),
    WaitOnCustomer,
    CustomerResponded,
    /// One step up the chain.
    Escalate(EscalationCause),
    Resolve(String),
    Reopen(String),
    Close,
}

/// How many rejections escalate a case by themselves.
pub const BOUNCES_BEFORE_ESCALATION: u32 = 3;

/// The events an operation adds to a case's journey, checked against the
/// state (`Err` when the operation does not fit; nothing is produced).
/// A third rejection also escalates the case one step (cause
/// [`EscalationCause::Bounced`]), recorded as the system.
pub fn perform(
    state: &CaseState,
    case_id: Id,
    op: Op,
    at: i64,
    by: &str,
    new_id: &mut dyn FnMut() -> Id,
) -> Result<Vec<CaseEvent>, TransitionError> {
    let mut next = state.clone();
    let mut out = Vec::new();
    // Each event of a case comes strictly after the one before (by a
    // millisecond when an operation makes several at once, or follows the
    // last event within the same millisecond): ids do not order events of
    // one millisecond, so equal times could be replayed out of order.
    let valid_time = at >= state.last_at;
    let mut add = |next: &mut CaseState, kind: EventKind, by: &str| {
        let at = if valid_time && next.created {
            at.max(next.last_at + 1)
        } else {
            at
        };
        let event = CaseEvent {
            id: new_id(),
            case_id,
            at,
            by: by.to_string(),
            kind,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        next.apply(&event)?;
        out.push(event);
        Ok::<(), TransitionError>(())
    };
    match op {
        Op::Create {
            level,
            reasons,
            rules_version,
            department,
        } => {
            add(&mut next, EventKind::Created, by)?;
            add(
                &mut next,
                EventKind::Triaged {
                    level,
                    reasons,
                    rules_version,
                },
                by,
            )?;
            add(&mut next, EventKind::Routed { department }, by)?;
        }
        Op::Retriage {
            level,
            reasons,
            rules_version,
        } => add(
            &mut next,
            EventKind::Triaged {
                level,
                reasons,
                rules_version,
            },
            by,
        )?,
        Op::Route(department) => add(&mut next, EventKind::Routed { department }, by)?,
        Op::Reject { to, reason } => {
            let from = state.department.clone().unwrap_or_else(DepartmentId::care);
            add(&mut next, EventKind::Rejected { from, to, reason }, by)?;
            if next.bounces >= BOUNCES_BEFORE_ESCALATION
                && next.bounces.is_multiple_of(BOUNCES_BEFORE_ESCALATION)
                && let Some(step) = next_step(next.escalation)
            {
                add(
                    &mut next,
                    EventKind::Escalated {
                        step,
                        cause: EscalationCause::Bounced,
                    },
                    SYSTEM,
                )?;
            }
        }
        Op::Assign(assignee) => add(&mut next, EventKind::Reassigned { assignee }, by)?,
        Op::Reply(text) => add(&mut next, EventKind::Replied { text }, by)?,
        Op::WaitOnCustomer => add(&mut next, EventKind::WaitingOnCustomer, by)?,
        Op::CustomerResponded => add(&mut next, EventKind::CustomerResponded, by)?,
        Op::Escalate(cause) => {
            let step = next_step(state.escalation).ok_or(TransitionError::TopOfChain)?;
            add(&mut next, EventKind::Escalated { step, cause }, by)?;
        }
        Op::Resolve(note) => add(&mut next, EventKind::Resolved { note }, by)?,
        Op::Reopen(reason) => add(&mut next, EventKind::Reopened { reason }, by)?,
        Op::Close => add(&mut next, EventKind::Closed, by)?,
    }
    Ok(out)
}

/// The step after `current` (the first step when not escalated yet).
pub fn next_step(current: Option<EscalationStep>) -> Option<EscalationStep> {
    match current {
        None => Some(EscalationStep::TeamLead),
        Some(step) => step.next(),
    }
}
