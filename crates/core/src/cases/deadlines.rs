//! A case's SLA clocks on its department's business hours: due times,
//! breaches, warnings, the time spent in each department, and the
//! escalations a breach calls for.
//!
//! The clocks run while the case is active and not waiting on the
//! customer ([`CaseState::running`]). They count business minutes of the
//! calendar of the department that has the case now (of every minute for a
//! level whose targets are `around_the_clock`). The time spent in each
//! department is counted on that department's own calendar, so a breach is
//! attributed where the delay happened.
//!
//! Escalation follows the chain one step at a time: the first response
//! target passing calls for the team lead; the resolution target passing
//! for the department manager; twice the resolution target for upper
//! management ([`due_escalation`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::journey::{CaseState, Op, Status, Stretch};
use super::model::{DepartmentId, EscalationCause, EscalationStep};
use super::triage::RuleSet;
use crate::sla::{Calendar, Run, SlaClock, SlaError};

/// Share of a target left when the case page warns (a fifth).
pub const WARN_WHEN_LEFT: f64 = 0.2;

/// Where a case stands against its targets at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadlines {
    /// Business minutes the clocks have run.
    pub elapsed_minutes: u32,
    pub first_response_target: u32,
    pub resolution_target: u32,
    /// When the first response is due (`None`: answered, or the clock is
    /// stopped and has not reached it).
    pub first_response_due: Option<DateTime<Utc>>,
    /// When the resolution is due (`None`: resolved, or the clock is
    /// stopped).
    pub resolution_due: Option<DateTime<Utc>>,
    /// The first response came (or has not come) after its target.
    pub first_response_breached: bool,
    pub resolution_breached: bool,
    /// Less than [`WARN_WHEN_LEFT`] of the next open target is left.
    pub warning: bool,
    /// Whether the clocks run now.
    pub running: bool,
    /// Business minutes spent in each department (its own calendar), in
    /// the order the case visited them; a department visited twice
    /// appears once.
    pub per_department: Vec<(DepartmentId, u32)>,
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn runs(stretches: &[Stretch]) -> Vec<Run> {
    stretches
        .iter()
        .map(|s| match s.end {
            Some(end) => Run::between(at(s.start), at(end.max(s.start))),
            None => Run::since(at(s.start)),
        })
        .collect()
}

/// The runs of the clock that fall inside `stay`.
fn within(running: &[Run], stay: &Stretch) -> Vec<Run> {
    let (start, end) = (at(stay.start), stay.end.map(at));
    running
        .iter()
        .filter_map(|r| {
            let s = r.start.max(start);
            let e = match (r.end, end) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match e {
                Some(e) if e <= s => None,
                _ => Some(Run { start: s, end: e }),
            }
        })
        .collect()
}

/// The calendar a case's clocks count on now.
pub fn calendar_of(state: &CaseState, rules: &RuleSet) -> Calendar {
    let around = state
        .level
        .and_then(|l| rules.targets(l))
        .is_some_and(|t| t.around_the_clock);
    if around {
        return Calendar::around_the_clock();
    }
    state
        .department
        .as_ref()
        .and_then(|d| rules.department(d))
        .map_or_else(Calendar::default_tr, |d| d.calendar())
}

/// The case's deadlines at `now` (Unix milliseconds).
pub fn deadlines(state: &CaseState, rules: &RuleSet, now: i64) -> Result<Deadlines, SlaError> {
    let now = at(now);
    let level = state.level.unwrap_or(rules.default_level);
    let (first_target, resolution_target) = rules
        .targets(level)
        .map_or((0, 0), |t| (t.first_response_minutes, t.resolution_minutes));
    let calendar = calendar_of(state, rules);
    let clock = SlaClock::new(&calendar);
    let running = runs(&state.running);
    let is_running = state.running.last().is_some_and(|s| s.end.is_none())
        && state.status.is_some_and(|s| s != Status::WaitingOnCustomer);
    let elapsed = clock.elapsed_minutes(&running, now)?;

    let first_due = clock.breach_at(&running, first_target)?;
    let (first_response_due, first_response_breached) = match state.first_response_at {
        Some(answered) => (None, first_due.is_some_and(|due| at(answered) > due)),
        None => (
            first_due.filter(|_| is_running || elapsed >= first_target),
            elapsed >= first_target,
        ),
    };
    let resolution_due_at = clock.breach_at(&running, resolution_target)?;
    let (resolution_due, resolution_breached) = match state.resolved_at {
        Some(resolved) if !state.status.is_some_and(Status::is_active) => (
            None,
            resolution_due_at.is_some_and(|due| at(resolved) > due),
        ),
        _ => (
            resolution_due_at.filter(|_| is_running || elapsed >= resolution_target),
            elapsed >= resolution_target,
        ),
    };
    let next_target = if state.first_response_at.is_none() {
        first_target
    } else {
        resolution_target
    };
    let warning = state.status.is_some_and(Status::is_active)
        && elapsed < next_target
        && f64::from(next_target - elapsed) < f64::from(next_target) * WARN_WHEN_LEFT;

    let mut per_department: Vec<(DepartmentId, u32)> = Vec::new();
    for (department, stay) in &state.stays {
        let calendar = rules
            .department(department)
            .map_or_else(Calendar::default_tr, |d| d.calendar());
        let minutes = SlaClock::new(&calendar).elapsed_minutes(&within(&running, stay), now)?;
        match per_department.iter_mut().find(|(d, _)| d == department) {
            Some((_, total)) => *total += minutes,
            None => per_department.push((department.clone(), minutes)),
        }
    }
    Ok(Deadlines {
        elapsed_minutes: elapsed,
        first_response_target: first_target,
        resolution_target,
        first_response_due,
        resolution_due,
        first_response_breached,
        resolution_breached,
        warning,
        running: is_running,
        per_department,
    })
}

/// The escalation a case calls for at `now`, if any: the next step of the
/// chain when it is due (call again after applying it). The team lead is
/// called when the first response target (or the resolution target)
/// passed, the department manager when the resolution target passed,
/// upper management at twice the resolution target. Only active cases
/// escalate.
pub fn due_escalation(
    state: &CaseState,
    rules: &RuleSet,
    now: i64,
) -> Result<Option<Op>, SlaError> {
    if !state.status.is_some_and(Status::is_active) || !state.created {
        return Ok(None);
    }
    let Some(step) = super::journey::next_step(state.escalation) else {
        return Ok(None);
    };
    let d = deadlines(state, rules, now)?;
    let unanswered = d.first_response_breached && state.first_response_at.is_none();
    let cause = match step {
        EscalationStep::TeamLead if unanswered => Some(EscalationCause::FirstResponseBreach),
        EscalationStep::TeamLead | EscalationStep::DepartmentManager if d.resolution_breached => {
            Some(EscalationCause::ResolutionBreach)
        }
        EscalationStep::UpperManagement
            if d.resolution_target > 0 && d.elapsed_minutes >= d.resolution_target * 2 =>
        {
            Some(EscalationCause::ResolutionBreach)
        }
        _ => None,
    };
    Ok(cause.map(Op::Escalate))
}

/// When the case's next escalation step falls due (Unix milliseconds), as
/// long as nothing happens to it: `due_escalation(state, rules, now)` asks
/// for a step exactly when this is at or before `now`. `None`: the case is
/// not active, at the top of the chain, or its clock is stopped short of
/// the target. Computed once per load, it turns the escalation check of
/// many cases into comparisons.
///
/// # Errors
///
/// [`SlaError`] when the calendar cannot place the time.
pub fn escalation_due_at(state: &CaseState, rules: &RuleSet) -> Result<Option<i64>, SlaError> {
    if !state.status.is_some_and(Status::is_active) || !state.created {
        return Ok(None);
    }
    let Some(step) = super::journey::next_step(state.escalation) else {
        return Ok(None);
    };
    let level = state.level.unwrap_or(rules.default_level);
    let (first_target, resolution_target) = rules
        .targets(level)
        .map_or((0, 0), |t| (t.first_response_minutes, t.resolution_minutes));
    let calendar = calendar_of(state, rules);
    let clock = SlaClock::new(&calendar);
    let running = runs(&state.running);
    let at_target = |target: u32| clock.breach_at(&running, target);
    let due = match step {
        EscalationStep::TeamLead => {
            let resolution = at_target(resolution_target)?;
            if state.first_response_at.is_none() {
                match (at_target(first_target)?, resolution) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            } else {
                resolution
            }
        }
        EscalationStep::DepartmentManager => at_target(resolution_target)?,
        EscalationStep::UpperManagement if resolution_target > 0 => {
            at_target(resolution_target * 2)?
        }
        EscalationStep::UpperManagement => None,
    };
    Ok(due.map(|t| t.timestamp_millis()))
}
