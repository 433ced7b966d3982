//! Reports over cases: SLA compliance by department and level, median
//! first response and resolution (business minutes, clocks paused while
//! waiting on the customer), the open backlog by age, hand-offs between
//! departments (ping-pong) and escalations.

use std::collections::BTreeMap;

use chrono::DateTime;
use serde::Serialize;

use super::deadlines::{calendar_of, deadlines};
use super::journey::{CaseState, Status, Stretch};
use super::model::{Case, CaseEvent, DepartmentId, EscalationStep, EventKind, Level};
use super::triage::RuleSet;
use crate::sla::{Run, SlaClock, SlaError};

/// SLA compliance of the cases of one department and level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub cases: u32,
    /// First responses given within the target, and given late or still
    /// missing past it.
    pub first_response_met: u32,
    pub first_response_missed: u32,
    /// Cases resolved within the target, and resolved late or still open
    /// past it.
    pub resolution_met: u32,
    pub resolution_missed: u32,
}

impl Compliance {
    /// Adds another group's counts to these.
    pub fn add(&mut self, other: &Compliance) {
        self.cases += other.cases;
        self.first_response_met += other.first_response_met;
        self.first_response_missed += other.first_response_missed;
        self.resolution_met += other.resolution_met;
        self.resolution_missed += other.resolution_missed;
    }

    /// Share of first responses on time (0–1; `None` when none is due yet).
    pub fn first_response_rate(&self) -> Option<f64> {
        rate(self.first_response_met, self.first_response_missed)
    }

    /// Share of resolutions on time (0–1; `None` when none is due yet).
    pub fn resolution_rate(&self) -> Option<f64> {
        rate(self.resolution_met, self.resolution_missed)
    }
}

fn rate(met: u32, missed: u32) -> Option<f64> {
    let whole = met + missed;
    (whole > 0).then(|| f64::from(met) / f64::from(whole))
}

impl CaseReport {
    /// Compliance per department, every level together, by id.
    pub fn compliance_by_department(&self) -> Vec<(DepartmentId, Compliance)> {
        let mut out: BTreeMap<DepartmentId, Compliance> = BTreeMap::new();
        for ((dept, _), c) in &self.compliance {
            out.entry(dept.clone()).or_default().add(c);
        }
        out.into_iter().collect()
    }

    /// Compliance per level, every department together, most urgent first.
    pub fn compliance_by_level(&self) -> Vec<(Level, Compliance)> {
        let mut out: BTreeMap<Level, Compliance> = BTreeMap::new();
        for ((_, level), c) in &self.compliance {
            out.entry(*level).or_default().add(c);
        }
        out.into_iter().collect()
    }
}

/// Age groups of the open backlog (wall-clock time since the complaint).
pub const AGE_BUCKETS: [(&str, i64); 5] = [
    ("age-under-1-day", 1),
    ("age-1-3-days", 3),
    ("age-3-7-days", 7),
    ("age-7-30-days", 30),
    ("age-over-30-days", i64::MAX),
];

/// Everything the reports page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseReport {
    pub cases: u32,
    pub open: u32,
    /// By (department that has or had the case last, level).
    pub compliance: BTreeMap<(DepartmentId, Level), Compliance>,
    /// Business minutes from the complaint to the first response, over
    /// the cases answered.
    pub median_first_response_minutes: Option<u32>,
    /// Business minutes from the complaint to the resolution, over the
    /// cases resolved.
    pub median_resolution_minutes: Option<u32>,
    /// Open cases per [`AGE_BUCKETS`] group.
    pub backlog_by_age: [u32; 5],
    /// Cases by how many times departments bounced them (0, 1, 2, 3 or
    /// more).
    pub bounces: [u32; 4],
    /// Rejections from one department to another, most frequent first.
    pub hand_offs: Vec<(DepartmentId, DepartmentId, u32)>,
    /// Cases that reached each step of the chain.
    pub escalations: BTreeMap<EscalationStep, u32>,
}

fn at(ms: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn runs_until(stretches: &[Stretch], end: i64) -> Vec<Run> {
    stretches
        .iter()
        .filter(|s| s.start < end)
        .map(|s| Run::between(at(s.start), at(s.end.unwrap_or(end).min(end).max(s.start))))
        .collect()
}

fn median(mut v: Vec<u32>) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

/// The report over `cases` (each with its journey's state and events) at
/// `now` (Unix milliseconds).
pub fn report(
    cases: &[(&Case, &CaseState, &[CaseEvent])],
    rules: &RuleSet,
    now: i64,
) -> Result<CaseReport, SlaError> {
    let mut out = CaseReport::default();
    let mut first_times = Vec::new();
    let mut resolution_times = Vec::new();
    let mut hand_offs: BTreeMap<(DepartmentId, DepartmentId), u32> = BTreeMap::new();
    for (case, state, journey) in cases {
        if !state.created || case.deleted {
            continue;
        }
        out.cases += 1;
        let level = state.level.unwrap_or(rules.default_level);
        let department = state.department.clone().unwrap_or_else(DepartmentId::care);
        let d = deadlines(state, rules, now)?;
        let row = out.compliance.entry((department, level)).or_default();
        row.cases += 1;
        let calendar = calendar_of(state, rules);
        let clock = SlaClock::new(&calendar);
        match state.first_response_at {
            Some(answered) => {
                first_times.push(
                    clock.elapsed_minutes(&runs_until(&state.running, answered), at(answered))?,
                );
                if d.first_response_breached {
                    row.first_response_missed += 1;
                } else {
                    row.first_response_met += 1;
                }
            }
            None if d.first_response_breached => row.first_response_missed += 1,
            None => {}
        }
        let active = state.status.is_some_and(Status::is_active);
        match (state.resolved_at, active) {
            (Some(resolved), false) => {
                resolution_times.push(
                    clock.elapsed_minutes(&runs_until(&state.running, resolved), at(resolved))?,
                );
                if d.resolution_breached {
                    row.resolution_missed += 1;
                } else {
                    row.resolution_met += 1;
                }
            }
            _ if d.resolution_breached => row.resolution_missed += 1,
            _ => {}
        }
        if active {
            out.open += 1;
            let days = (now - case.created_at).max(0) / 86_400_000;
            let bucket = AGE_BUCKETS
                .iter()
                .position(|(_, limit)| days < *limit)
                .unwrap_or(AGE_BUCKETS.len() - 1);
            out.backlog_by_age[bucket] += 1;
        }
        out.bounces[(state.bounces as usize).min(3)] += 1;
        if let Some(step) = state.escalation {
            for reached in EscalationStep::ALL.into_iter().filter(|s| *s <= step) {
                *out.escalations.entry(reached).or_default() += 1;
            }
        }
        for e in journey.iter().filter(|e| state.applied.contains(&e.id)) {
            if let EventKind::Rejected { from, to, .. } = &e.kind {
                *hand_offs.entry((from.clone(), to.clone())).or_default() += 1;
            }
        }
    }
    out.median_first_response_minutes = median(first_times);
    out.median_resolution_minutes = median(resolution_times);
    let mut hand_offs: Vec<(DepartmentId, DepartmentId, u32)> = hand_offs
        .into_iter()
        .map(|((from, to), n)| (from, to, n))
        .collect();
    hand_offs.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    out.hand_offs = hand_offs;
    Ok(out)
}
