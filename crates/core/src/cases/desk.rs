//! The desk: every case with its journey, derived state and clocks, and
//! the rule set — what the queue sorts, the reports count and the
//! escalation check scans. Built once from storage and then patched with
//! the records each write returns ([`Desk::patch`]), so a write at 10,000
//! cases derives one case again, not all of them.

use std::collections::HashMap;
use std::sync::Arc;

use super::deadlines::{Deadlines, deadlines, escalation_due_at};
use super::journey::{CaseState, derive};
use super::model::{Case, CaseEvent};
use super::triage::RuleSet;
use crate::model::{Id, Record};

/// A case as the queue shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Filed {
    pub case: Case,
    pub journey: Vec<CaseEvent>,
    pub state: CaseState,
    /// When its next target falls due (Unix ms; `None`: no clock runs
    /// toward one).
    pub due: Option<i64>,
    /// When its next escalation step falls due ([`escalation_due_at`]):
    /// the check compares instead of computing clocks.
    pub escalates_at: Option<i64>,
}

impl Filed {
    /// A case with its state and clocks as of `now`.
    pub fn new(case: Case, journey: Vec<CaseEvent>, rules: &RuleSet, now: i64) -> Filed {
        let state = derive(&journey);
        let due = deadlines(&state, rules, now)
            .ok()
            .and_then(|dl| next_due(&dl, &state));
        let escalates_at = escalation_due_at(&state, rules).ok().flatten();
        Filed {
            case,
            journey,
            state,
            due,
            escalates_at,
        }
    }
}

/// When the case's next target falls due (Unix milliseconds): the first
/// response until it is given, then the resolution.
pub fn next_due(d: &Deadlines, state: &CaseState) -> Option<i64> {
    let due = if state.first_response_at.is_none() {
        d.first_response_due.or(d.resolution_due)
    } else {
        d.resolution_due
    }?;
    Some(due.timestamp_millis())
}

/// Every case with its journey and clocks, and the rule set. Cases are
/// shared (`Arc`): a copy of a desk of 10,000 cases copies pointers, and a
/// patch replaces only the cases it touched.
#[derive(Debug, Clone, PartialEq)]
pub struct Desk {
    pub rules: RuleSet,
    pub cases: Vec<Arc<Filed>>,
    /// Position of each case in `cases`.
    at: HashMap<Id, usize>,
}

/// Why a desk cannot take written records by itself (read it again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// A new rule set moves every clock.
    Rules,
    /// An erased case leaves.
    Erased,
    /// Events of a case the desk has never seen.
    UnknownCase(Id),
}

impl Desk {
    /// The desk of these cases (live ones: the caller leaves erased cases
    /// out) with their journeys, clocks as of `now`.
    pub fn new(
        rules: RuleSet,
        cases: Vec<Case>,
        mut journeys: HashMap<Id, Vec<CaseEvent>>,
        now: i64,
    ) -> Desk {
        let cases: Vec<Arc<Filed>> = cases
            .into_iter()
            .map(|case| {
                let journey = journeys.remove(&case.id).unwrap_or_default();
                Arc::new(Filed::new(case, journey, &rules, now))
            })
            .collect();
        let at = cases
            .iter()
            .enumerate()
            .map(|(i, f)| (f.case.id, i))
            .collect();
        Desk { rules, cases, at }
    }

    /// Takes written records in: each case touched is derived again with
    /// clocks as of `now`; a new case is added at the end. A record the
    /// desk already has (read after it was written) changes nothing twice:
    /// events are kept once by id. Records of other entities are ignored.
    ///
    /// # Errors
    ///
    /// [`Stale`] when the records need a fresh read; the desk is then
    /// unchanged.
    pub fn patch(&mut self, changes: &[Record], now: i64) -> Result<(), Stale> {
        let mut touched: Vec<Id> = Vec::new();
        let mut cases: HashMap<Id, &Case> = HashMap::new();
        let mut events: HashMap<Id, Vec<&CaseEvent>> = HashMap::new();
        for record in changes {
            match record {
                Record::Rules(_) => return Err(Stale::Rules),
                Record::Case(case) if case.deleted => return Err(Stale::Erased),
                Record::Case(case) => {
                    touched.push(case.id);
                    cases.insert(case.id, case);
                }
                Record::CaseEvent(event) => {
                    if !self.at.contains_key(&event.case_id) && !cases.contains_key(&event.case_id)
                    {
                        return Err(Stale::UnknownCase(event.case_id));
                    }
                    touched.push(event.case_id);
                    events.entry(event.case_id).or_default().push(event);
                }
                _ => {}
            }
        }
        touched.sort();
        touched.dedup();
        for id in touched {
            let case = cases.get(&id).map(|c| (*c).clone());
            let more = events.remove(&id).unwrap_or_default();
            match self.at.get(&id).copied() {
                Some(i) => {
                    let old = &self.cases[i];
                    let mut journey = old.journey.clone();
                    for e in more {
                        match journey.iter_mut().find(|x| x.id == e.id) {
                            Some(x) => *x = e.clone(),
                            None => journey.push(e.clone()),
                        }
                    }
                    let case = case.unwrap_or_else(|| old.case.clone());
                    self.cases[i] = Arc::new(Filed::new(case, journey, &self.rules, now));
                }
                None => {
                    // Checked above: a case unknown to the desk came with
                    // its record.
                    let Some(case) = case else { continue };
                    let journey = more.into_iter().cloned().collect();
                    self.at.insert(id, self.cases.len());
                    self.cases
                        .push(Arc::new(Filed::new(case, journey, &self.rules, now)));
                }
            }
        }
        Ok(())
    }
}
