//! Business-hours SLA calendars: when a department is open, Türkiye's
//! official public holidays, and business time on a calendar (due times,
//! business minutes between two instants, clocks that pause).
//!
//! A complaint's targets ("first response within 4 business hours") count
//! only the time its department is open. A [`Calendar`] says when that is:
//! weekly opening hours, half days, Türkiye's official public holidays
//! (from an embedded table, [`holidays`]) and the department's own closed,
//! half and open days — or around the clock for Immediate cases. On it,
//! [`Calendar::add_business_minutes`] gives a due time,
//! [`Calendar::business_minutes_between`] the business time between two
//! instants, and [`SlaClock`] the business time of a clock that pauses
//! while the case waits on the customer. Every function takes the times as
//! arguments (no clock is read here), so tests can move time.
//!
//! # Time zone
//!
//! A calendar has a fixed offset from UTC (`utc_offset_minutes`) and a zone
//! name that is a label only. Türkiye has kept UTC+3 all year, without
//! daylight saving time, since 2016, so `Europe/Istanbul` is exactly +180
//! minutes; a time zone database (chrono-tz) would add size to the web app
//! for no difference. A calendar for a zone that does change its offset is
//! off by the change for part of the year.
//!
//! # Rules
//!
//! - Each day is open for at most one stretch, `[opens, closes)`: the
//!   opening minute is open, the closing instant is closed.
//! - What decides a local day's hours, first match wins: `open_days` (that
//!   day's own hours), `closed_days` (closed), `half_days` (half day), the
//!   public holiday table when `public_holidays` is on (a holiday is
//!   closed, an eve or 28 October is a half day), then the weekday's
//!   `hours`. A day that is a holiday and an eve at once (23 April 2029) is
//!   closed.
//! - A half day is open during `half_day_hours` *within* that weekday's
//!   hours: 09:00–13:00 on a weekday by default, closed when the weekday is
//!   closed (an eve on a Saturday stays closed).
//! - `always_open` makes the calendar open at every instant; nothing else
//!   is consulted.
//! - With `public_holidays` on, a computation that needs a day outside
//!   [`FIRST_YEAR`]–[`LAST_YEAR`] fails with [`SlaError::YearNotCovered`]
//!   instead of silently treating unknown holidays as working days.
//! - Business time is counted to the second; due times are whole seconds.
//!
//! # JSON form
//!
//! [`Calendar`] is stored and exchanged as JSON (the CLI's
//! `--calendar calendar.json`). The default calendar, [`Calendar::default_tr`]:
//!
//! ```json
//! {
//!   "format": 1,
//!   "name": "Business hours",
//!   "zone": "Europe/Istanbul",
//!   "utc_offset_minutes": 180,
//!   "always_open": false,
//!   "hours": {
//!     "monday": { "opens": "09:00", "closes": "18:00" },
//!     "tuesday": { "opens": "09:00", "closes": "18:00" },
//!     "wednesday": { "opens": "09:00", "closes": "18:00" },
//!     "thursday": { "opens": "09:00", "closes": "18:00" },
//!     "friday": { "opens": "09:00", "closes": "18:00" },
//!     "saturday": null,
//!     "sunday": null
//!   },
//!   "half_day_hours": { "opens": "09:00", "closes": "13:00" },
//!   "public_holidays": true,
//!   "closed_days": [],
//!   "half_days": [],
//!   "open_days": []
//! }
//! ```
//!
//! - Times are `"HH:MM"`, `"00:00"` to `"24:00"`; dates are `"YYYY-MM-DD"`.
//! - Every field may be left out and keeps the default above; a weekday
//!   left out of `hours` keeps its default, and `null` closes it. So
//!   `{"name": "Support", "hours": {"saturday": {"opens": "10:00",
//!   "closes": "14:00"}}}` is the default calendar open on Saturday
//!   mornings too.
//! - `closed_days` and `half_days` are lists of dates; `open_days` is a
//!   list of `{"date", "opens", "closes"}`.
//! - Unknown fields are refused (a misspelt `"clsoes"` is an error, not a
//!   silently ignored setting). `format` is 1; [`Calendar::validate`]
//!   refuses a newer one.
//! - [`Calendar::validate`] names the field of each problem:
//!   `hours.monday: closing 08:00 is before opening 09:00`.

mod calendar;
mod clock;
mod holidays;
#[cfg(test)]
mod tests;

pub use calendar::{Calendar, CalendarError, DayHours, FORMAT, OpenDay, TimeOfDay, WeeklyHours};
pub use clock::{Run, SlaClock};
pub use holidays::{FIRST_YEAR, Holiday, LAST_YEAR, holidays};

use chrono::{DateTime, Utc};

/// Why business time could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaError {
    /// The calendar has hours or an offset business time cannot use (the
    /// first such problem; [`Calendar::validate`] lists them all).
    #[error("{0}")]
    InvalidCalendar(CalendarError),
    /// Public holidays apply and a day outside the holiday table was needed.
    #[error(
        "Türkiye's official public holidays are known for {FIRST_YEAR}–{LAST_YEAR} only; {year} is outside them"
    )]
    YearNotCovered {
        /// The year that was needed.
        year: i32,
    },
    /// A time beyond the dates chrono can represent.
    #[error("the time is outside the range of dates that can be computed")]
    OutOfRange,
    /// A clock's run ends before it starts.
    #[error("a run of the clock ends ({end}) before it starts ({start})")]
    RunEndsBeforeStart {
        /// The run's start.
        start: DateTime<Utc>,
        /// The run's end, earlier than its start.
        end: DateTime<Utc>,
    },
}
