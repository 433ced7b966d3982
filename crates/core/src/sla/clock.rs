//! [`SlaClock`]: the business time of a clock that pauses (a case waiting on
//! the customer), from the stretches during which it ran.

use chrono::{DateTime, Utc};

use super::{Calendar, SlaError};

/// One stretch during which a clock ran: from `start` until `end` (`None`:
/// it is still running).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// When the clock started or resumed.
    pub start: DateTime<Utc>,
    /// When it paused or stopped; `None` while it runs.
    pub end: Option<DateTime<Utc>>,
}

impl Run {
    /// A run that has ended.
    pub fn between(start: DateTime<Utc>, end: DateTime<Utc>) -> Run {
        Run {
            start,
            end: Some(end),
        }
    }

    /// A run still going on.
    pub fn since(start: DateTime<Utc>) -> Run {
        Run { start, end: None }
    }
}

/// Sums a clock's business time on a [`Calendar`].
///
/// The case model keeps, per clock (first response, resolution, time in one
/// department), the list of [`Run`]s — a run starts when the clock starts
/// or resumes and ends when the case waits on the customer, is resolved or
/// leaves the department — and asks this helper:
///
/// - [`SlaClock::elapsed_minutes`]: how much business time has run by now;
/// - [`SlaClock::breach_at`]: when the target is (or was) reached.
///
/// Runs may come in any order and may overlap: the clock counts the time
/// covered by at least one run, once. Only business time counts (a run
/// over a weekend adds nothing for the weekend).
#[derive(Debug, Clone, Copy)]
pub struct SlaClock<'a> {
    calendar: &'a Calendar,
}

/// A stretch of the union of the runs; `None` end is open-ended.
type Stretch = (DateTime<Utc>, Option<DateTime<Utc>>);

impl<'a> SlaClock<'a> {
    /// A clock on `calendar`.
    pub fn new(calendar: &'a Calendar) -> SlaClock<'a> {
        SlaClock { calendar }
    }

    /// Business minutes the clock has run up to `now` (runs still going
    /// count until `now`; the part of any run after `now` is ignored).
    /// Counted to the second over all runs, then rounded down.
    ///
    /// # Errors
    ///
    /// [`SlaError::RunEndsBeforeStart`] for a run that ends before it
    /// starts; the calendar's errors ([`Calendar::business_minutes_between`]).
    pub fn elapsed_minutes(&self, runs: &[Run], now: DateTime<Utc>) -> Result<u32, SlaError> {
        check_order(runs)?;
        let clamped: Vec<Run> = runs
            .iter()
            .filter_map(|run| {
                let end = run.end.map_or(now, |end| end.min(now));
                (run.start < end).then(|| Run::between(run.start, end))
            })
            .collect();
        let mut seconds = 0u64;
        for (start, end) in merge(&clamped) {
            let end = end.unwrap_or(now);
            seconds += self.calendar.business_seconds_between(start, end)?;
        }
        Ok(u32::try_from(seconds / 60).unwrap_or(u32::MAX))
    }

    /// The instant at which the clock reaches `target_minutes` of business
    /// time: inside a past run if it was already reached there, or
    /// projected into the run still going on. `None` when the clock is
    /// paused (no run is going on) before reaching the target, and for no
    /// runs at all. A target of 0 is reached when the clock first starts.
    ///
    /// # Errors
    ///
    /// As [`SlaClock::elapsed_minutes`]; also
    /// [`SlaError::YearNotCovered`] when the projection leaves the holiday
    /// table.
    pub fn breach_at(
        &self,
        runs: &[Run],
        target_minutes: u32,
    ) -> Result<Option<DateTime<Utc>>, SlaError> {
        check_order(runs)?;
        let stretches = merge(runs);
        let Some(&(first, _)) = stretches.first() else {
            return Ok(None);
        };
        if target_minutes == 0 {
            return Ok(Some(first));
        }
        let mut remaining = u64::from(target_minutes) * 60;
        for (start, end) in stretches {
            let Some(end) = end else {
                return self
                    .calendar
                    .add_business_seconds(start, remaining)
                    .map(Some);
            };
            let ran = self.calendar.business_seconds_between(start, end)?;
            if ran >= remaining {
                return self
                    .calendar
                    .add_business_seconds(start, remaining)
                    .map(Some);
            }
            remaining -= ran;
        }
        Ok(None)
    }
}

fn check_order(runs: &[Run]) -> Result<(), SlaError> {
    for run in runs {
        if let Some(end) = run.end
            && end < run.start
        {
            return Err(SlaError::RunEndsBeforeStart {
                start: run.start,
                end,
            });
        }
    }
    Ok(())
}

/// The union of the runs as sorted, disjoint stretches (touching runs
/// join).
fn merge(runs: &[Run]) -> Vec<Stretch> {
    let mut sorted: Vec<Stretch> = runs.iter().map(|run| (run.start, run.end)).collect();
    sorted.sort_by_key(|&(start, _)| start);
    let mut merged: Vec<Stretch> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        if let Some(last) = merged.last_mut() {
            let overlaps = last.1.is_none_or(|last_end| start <= last_end);
            if overlaps {
                last.1 = match (last.1, end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                continue;
            }
        }
        merged.push((start, end));
    }
    merged
}
