//! [`Calendar`]: when a department is open, its validation, and business
//! time on it (due times, business minutes between two instants).

use std::fmt;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SlaError;
use super::holidays::{self, FIRST_DAY, HolidayKind, LAST_DAY};

/// Version of the calendar's JSON form. A calendar with a higher `format`
/// was written by a newer ilgi and is refused by [`Calendar::validate`].
pub const FORMAT: u32 = 1;

/// Offsets outside UTC−12:00…UTC+14:00 are not used anywhere on Earth.
const MIN_OFFSET_MINUTES: i32 = -12 * 60;
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

const DAY_SECONDS: u32 = 86_400;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A time of day to the minute, from `00:00` to `24:00` (the end of the
/// day, so that a day can be open until midnight). JSON: `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// `24:00`: the end of the day.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(24 * 60);

    /// `hour:minute`; `None` past `24:00` or for a minute ≥ 60.
    pub const fn new(hour: u32, minute: u32) -> Option<TimeOfDay> {
        if minute < 60 && (hour < 24 || (hour == 24 && minute == 0)) {
            Some(TimeOfDay((hour * 60 + minute) as u16))
        } else {
            None
        }
    }

    /// Reads `H:MM` or `HH:MM` (`9:00`, `09:00`, `24:00`).
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (hour, minute) = text.split_once(':')?;
        let digits = |s: &str, max_len: usize| {
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        if minute.len() != 2 {
            return None;
        }
        TimeOfDay::new(digits(hour, 2)?, digits(minute, 2)?)
    }

    /// Minutes since midnight (0–1440).
    pub const fn minutes(self) -> u32 {
        self.0 as u32
    }

    const fn seconds(self) -> u32 {
        self.0 as u32 * 60
    }

    const fn at(hour: u32, minute: u32) -> TimeOfDay {
        TimeOfDay((hour * 60 + minute) as u16)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TimeOfDay, D::Error> {
        let text = String::deserialize(deserializer)?;
        TimeOfDay::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a time of day written HH:MM (00:00 to 24:00)"
            ))
        })
    }
}

/// Opening hours of one day: open from `opens` until `closes` (the closing
/// instant itself is closed). One stretch per day; `closes` must be after
/// `opens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayHours {
    /// Opening time.
    pub opens: TimeOfDay,
    /// Closing time (`24:00` for midnight).
    pub closes: TimeOfDay,
}

impl DayHours {
    /// 09:00–18:00, the default working day.
    pub const OFFICE: DayHours = DayHours {
        opens: TimeOfDay::at(9, 0),
        closes: TimeOfDay::at(18, 0),
    };
    /// 09:00–13:00, the default half day.
    pub const MORNING: DayHours = DayHours {
        opens: TimeOfDay::at(9, 0),
        closes: TimeOfDay::at(13, 0),
    };

    fn span(self) -> Span {
        Span {
            opens: self.opens.seconds(),
            closes: self.closes.seconds(),
        }
    }

    /// What is wrong with these hours, if anything.
    fn problem(self) -> Option<String> {
        if self.closes < self.opens {
            Some(format!(
                "closing {} is before opening {}",
                self.closes, self.opens
            ))
        } else if self.closes == self.opens {
            Some(format!(
                "closing {} is the same as opening {}; use null for a closed day",
                self.closes, self.opens
            ))
        } else {
            None
        }
    }
}

/// Opening hours per weekday; `None` (JSON `null`) is closed. In JSON a
/// weekday left out keeps its default (Monday–Friday 09:00–18:00, Saturday
/// and Sunday closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeeklyHours {
    /// Monday's hours.
    pub monday: Option<DayHours>,
    /// Tuesday's hours.
    pub tuesday: Option<DayHours>,
    /// Wednesday's hours.
    pub wednesday: Option<DayHours>,
    /// Thursday's hours.
    pub thursday: Option<DayHours>,
    /// Friday's hours.
    pub friday: Option<DayHours>,
    /// Saturday's hours.
    pub saturday: Option<DayHours>,
    /// Sunday's hours.
    pub sunday: Option<DayHours>,
}

impl Default for WeeklyHours {
    /// Monday–Friday 09:00–18:00; Saturday and Sunday closed.
    fn default() -> WeeklyHours {
        let office = Some(DayHours::OFFICE);
        WeeklyHours {
            monday: office,
            tuesday: office,
            wednesday: office,
            thursday: office,
            friday: office,
            saturday: None,
            sunday: None,
        }
    }
}

impl WeeklyHours {
    /// The hours of `weekday`.
    pub fn on(&self, weekday: Weekday) -> Option<DayHours> {
        match weekday {
            Weekday::Mon => self.monday,
            Weekday::Tue => self.tuesday,
            Weekday::Wed => self.wednesday,
            Weekday::Thu => self.thursday,
            Weekday::Fri => self.friday,
            Weekday::Sat => self.saturday,
            Weekday::Sun => self.sunday,
        }
    }

    /// Each weekday with its JSON field name, Monday first.
    fn named(&self) -> [(&'static str, Option<DayHours>); 7] {
        [
            ("monday", self.monday),
            ("tuesday", self.tuesday),
            ("wednesday", self.wednesday),
            ("thursday", self.thursday),
            ("friday", self.friday),
            ("saturday", self.saturday),
            ("sunday", self.sunday),
        ]
    }
}

/// An extra open day with its own hours (a Saturday worked to make up for a
/// bridge day, a holiday the department works on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenDay {
    /// The day (in the calendar's zone).
    pub date: NaiveDate,
    /// Opening time.
    pub opens: TimeOfDay,
    /// Closing time.
    pub closes: TimeOfDay,
}

/// A business-hours calendar: when a department's SLA clocks run. See the
/// [module documentation](super) for the JSON form and the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Calendar {
    /// Version of this form ([`FORMAT`]).
    pub format: u32,
    /// Name shown in the UI (`"Technical support"`).
    pub name: String,
    /// The zone's name, a label only (`"Europe/Istanbul"`): the arithmetic
    /// uses [`Calendar::utc_offset_minutes`].
    pub zone: String,
    /// The zone's fixed offset from UTC in minutes (180 for Türkiye, which
    /// has kept UTC+3 all year since 2016). No daylight saving time.
    pub utc_offset_minutes: i32,
    /// Open around the clock (24/7): every other setting is ignored.
    pub always_open: bool,
    /// Opening hours per weekday.
    pub hours: WeeklyHours,
    /// Hours of a half day (an eve, 28 October, [`Calendar::half_days`]),
    /// within that weekday's own hours.
    pub half_day_hours: DayHours,
    /// Whether Türkiye's official public holidays close the calendar (and
    /// their eves make half days).
    pub public_holidays: bool,
    /// Extra days closed all day (company holidays, bridge days).
    pub closed_days: Vec<NaiveDate>,
    /// Extra half days.
    pub half_days: Vec<NaiveDate>,
    /// Extra open days with their own hours, even on a weekend or a public
    /// holiday.
    pub open_days: Vec<OpenDay>,
}

impl Default for Calendar {
    /// [`Calendar::default_tr`].
    fn default() -> Calendar {
        Calendar::default_tr()
    }
}

/// One problem of a calendar: the JSON path of the field and what is wrong
/// (`hours.monday: closing 08:00 is before opening 09:00`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    /// JSON path of the field (`hours.monday`, `closed_days[2]`).
    pub field: String,
    /// What is wrong, in English.
    pub message: String,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for CalendarError {}

fn problem(field: impl Into<String>, message: impl Into<String>) -> CalendarError {
    CalendarError {
        field: field.into(),
        message: message.into(),
    }
}

/// Open hours of one local day, in seconds since midnight; open when
/// `opens <= t < closes` (empty when `closes <= opens`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    opens: u32,
    closes: u32,
}

impl Span {
    fn within(self, limit: Span) -> Span {
        Span {
            opens: self.opens.max(limit.opens),
            closes: self.closes.min(limit.closes),
        }
    }

    fn len(self) -> u64 {
        u64::from(self.closes.saturating_sub(self.opens))
    }
}

impl Calendar {
    /// The default calendar: Europe/Istanbul (UTC+3), Monday–Friday
    /// 09:00–18:00, half days 09:00–13:00, closed on Türkiye's official
    /// public holidays.
    pub fn default_tr() -> Calendar {
        Calendar {
            format: FORMAT,
            name: "Business hours".to_owned(),
            zone: "Europe/Istanbul".to_owned(),
            utc_offset_minutes: 180,
            always_open: false,
            hours: WeeklyHours::default(),
            half_day_hours: DayHours::MORNING,
            public_holidays: true,
            closed_days: Vec::new(),
            half_days: Vec::new(),
            open_days: Vec::new(),
        }
    }

    /// A 24/7 calendar in Europe/Istanbul, for Immediate cases.
    pub fn around_the_clock() -> Calendar {
        Calendar {
            name: "24/7".to_owned(),
            always_open: true,
            ..Calendar::default_tr()
        }
    }

    /// Every problem of the calendar, each with its field's JSON path.
    ///
    /// # Errors
    ///
    /// The problems, in field order: a `format` newer than [`FORMAT`], a
    /// blank `name` or `zone`, an offset outside UTC−12:00…UTC+14:00, hours
    /// that close before (or when) they open, a week with no open day
    /// (unless `always_open`), a date listed twice or in two of
    /// `closed_days`, `half_days` and `open_days`.
    pub fn validate(&self) -> Result<(), Vec<CalendarError>> {
        let mut problems = Vec::new();
        if self.format == 0 || self.format > FORMAT {
            problems.push(problem(
                "format",
                format!(
                    "{} is not a calendar format this version of ilgi reads (it reads format {FORMAT})",
                    self.format
                ),
            ));
        }
        if self.name.trim().is_empty() {
            problems.push(problem("name", "the calendar needs a name"));
        }
        if self.zone.trim().is_empty() {
            problems.push(problem(
                "zone",
                "the zone needs a name, such as Europe/Istanbul",
            ));
        }
        self.check_usable(&mut problems);
        let lists = [
            ("closed_days", self.closed_days.clone()),
            ("half_days", self.half_days.clone()),
            (
                "open_days",
                self.open_days.iter().map(|day| day.date).collect(),
            ),
        ];
        for (list_index, (list, dates)) in lists.iter().enumerate() {
            for (i, date) in dates.iter().enumerate() {
                let field = format!("{list}[{i}]");
                if dates[..i].contains(date) {
                    problems.push(problem(&field, format!("{date} is listed twice")));
                }
                for (other, other_dates) in &lists[..list_index] {
                    if other_dates.contains(date) {
                        problems.push(problem(&field, format!("{date} is also in {other}")));
                    }
                }
            }
        }
        for (i, day) in self.open_days.iter().enumerate() {
            let hours = DayHours {
                opens: day.opens,
                closes: day.closes,
            };
            if let Some(message) = hours.problem() {
                problems.push(problem(format!("open_days[{i}]"), message));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The problems that would make business time wrong or endless: the
    /// offset, the weekly and half-day hours, a week with no open day.
    /// Cheap, so every computation runs it.
    fn check_usable(&self, problems: &mut Vec<CalendarError>) {
        problems.extend(self.offset_problem());
        if self.always_open {
            return;
        }
        for (day, hours) in self.hours.named() {
            if let Some(message) = hours.and_then(DayHours::problem) {
                problems.push(problem(format!("hours.{day}"), message));
            }
        }
        if self.hours.named().iter().all(|(_, hours)| hours.is_none()) {
            problems.push(problem(
                "hours",
                "every day of the week is closed; open at least one or set always_open",
            ));
        }
        if let Some(message) = self.half_day_hours.problem() {
            problems.push(problem("half_day_hours", message));
        }
    }

    /// The first problem [`Calendar::check_usable`] finds, as an error.
    fn ensure_usable(&self) -> Result<(), SlaError> {
        let mut problems = Vec::new();
        self.check_usable(&mut problems);
        match problems.into_iter().next() {
            Some(problem) => Err(SlaError::InvalidCalendar(problem)),
            None => Ok(()),
        }
    }

    /// The calendar's offset from UTC.
    ///
    /// # Errors
    ///
    /// [`SlaError::InvalidCalendar`] when the offset is out of range.
    pub fn offset(&self) -> Result<FixedOffset, SlaError> {
        match self.offset_problem() {
            Some(problem) => Err(SlaError::InvalidCalendar(problem)),
            None => FixedOffset::east_opt(self.utc_offset_minutes * 60).ok_or(SlaError::OutOfRange),
        }
    }

    fn offset_problem(&self) -> Option<CalendarError> {
        (!(MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&self.utc_offset_minutes)).then(|| {
            problem(
                "utc_offset_minutes",
                format!(
                    "{} is outside {MIN_OFFSET_MINUTES} to {MAX_OFFSET_MINUTES} (UTC−12:00 to UTC+14:00)",
                    self.utc_offset_minutes
                ),
            )
        })
    }

    /// `t` on the calendar's wall clock.
    ///
    /// # Errors
    ///
    /// As [`Calendar::offset`].
    pub fn to_local(&self, t: DateTime<Utc>) -> Result<DateTime<FixedOffset>, SlaError> {
        Ok(t.with_timezone(&self.offset()?))
    }

    /// The hours the calendar is open on a local `date` (`None`: closed all
    /// day). Precedence: `open_days`, then `closed_days`, then `half_days`,
    /// then the public holiday table, then the weekly hours.
    fn hours_on(&self, date: NaiveDate) -> Result<Option<Span>, SlaError> {
        if let Some(day) = self.open_days.iter().find(|day| day.date == date) {
            return Ok(Some(Span {
                opens: day.opens.seconds(),
                closes: day.closes.seconds(),
            }));
        }
        if self.closed_days.contains(&date) {
            return Ok(None);
        }
        let regular = self.hours.on(date.weekday()).map(DayHours::span);
        let half = |regular: Option<Span>| regular.map(|r| r.within(self.half_day_hours.span()));
        if self.half_days.contains(&date) {
            return Ok(half(regular));
        }
        if !self.public_holidays {
            return Ok(regular);
        }
        Ok(match holidays::holiday_kind(date)? {
            Some(HolidayKind::Full) => None,
            Some(HolidayKind::Half) => half(regular),
            None => regular,
        })
    }

    /// Open seconds in a week of regular days.
    fn weekly_seconds(&self) -> u64 {
        self.hours
            .named()
            .iter()
            .filter_map(|(_, hours)| hours.map(|h| h.span().len()))
            .sum()
    }

    /// How many whole weeks starting at `date` have only regular days (no
    /// listed date, no public holiday, nothing outside the holiday table):
    /// business time skips them in one step.
    fn regular_weeks_from(&self, date: NaiveDate) -> u64 {
        let explicit = self
            .closed_days
            .iter()
            .chain(&self.half_days)
            .chain(self.open_days.iter().map(|day| &day.date))
            .filter(|d| **d >= date)
            .min()
            .copied();
        let table = if !self.public_holidays {
            None
        } else if date < FIRST_DAY || date > LAST_DAY {
            Some(date)
        } else {
            // The day after the table is irregular: it cannot be known.
            Some(holidays::next_holiday_on_or_after(date).unwrap_or(LAST_DAY + Days::new(1)))
        };
        match explicit.into_iter().chain(table).min() {
            None => u64::MAX,
            Some(next) => u64::try_from((next - date).num_days() / 7).unwrap_or(0),
        }
    }

    /// Local date and second of the day of `t` (to the second, rounding
    /// down).
    fn local(&self, t: DateTime<Utc>) -> Result<(NaiveDate, u32), SlaError> {
        let seconds = t.timestamp() + i64::from(self.utc_offset_minutes) * 60;
        let day = seconds.div_euclid(i64::from(DAY_SECONDS)) + UNIX_EPOCH_DAYS_FROM_CE;
        let date = i32::try_from(day)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or(SlaError::OutOfRange)?;
        let second = u32::try_from(seconds.rem_euclid(i64::from(DAY_SECONDS)))
            .map_err(|_| SlaError::OutOfRange)?;
        Ok((date, second))
    }

    /// The UTC instant of `second` (up to 86 400) on the local `date`.
    fn utc(&self, date: NaiveDate, second: u32) -> Result<DateTime<Utc>, SlaError> {
        let day = i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE;
        let seconds = day * i64::from(DAY_SECONDS) + i64::from(second)
            - i64::from(self.utc_offset_minutes) * 60;
        DateTime::from_timestamp(seconds, 0).ok_or(SlaError::OutOfRange)
    }

    /// Whether the calendar is open at `t`. Opening times are open, closing
    /// times are closed (09:00 is open, 18:00 is not).
    ///
    /// # Errors
    ///
    /// [`SlaError::InvalidCalendar`] for unusable hours or offset;
    /// [`SlaError::YearNotCovered`] when public holidays apply and `t`'s
    /// local year is outside the holiday table.
    pub fn is_open(&self, t: DateTime<Utc>) -> Result<bool, SlaError> {
        self.ensure_usable()?;
        if self.always_open {
            return Ok(true);
        }
        let (date, second) = self.local(t)?;
        Ok(self
            .hours_on(date)?
            .is_some_and(|span| span.opens <= second && second < span.closes))
    }

    /// The first instant at or after `t` at which the calendar is open: `t`
    /// itself when it is open.
    ///
    /// # Errors
    ///
    /// As [`Calendar::is_open`]; [`SlaError::YearNotCovered`] also when the
    /// next opening would be after the holiday table's last year.
    pub fn next_open(&self, t: DateTime<Utc>) -> Result<DateTime<Utc>, SlaError> {
        if self.is_open(t)? {
            return Ok(t);
        }
        let (mut date, mut second) = self.local(t)?;
        loop {
            if let Some(span) = self.hours_on(date)? {
                let begin = second.max(span.opens);
                if begin < span.closes {
                    return self.utc(date, begin);
                }
            }
            date = date.succ_opt().ok_or(SlaError::OutOfRange)?;
            second = 0;
        }
    }

    /// The due time of a target of `minutes` business minutes counted from
    /// `from`: the earliest instant by which the calendar has been open for
    /// `minutes` minutes since `from`. When the minutes run out exactly at
    /// a closing time, the due time is that closing time (not the next
    /// opening). A start outside opening hours counts from the next
    /// opening; 0 minutes are due at `from` itself. Times are handled to
    /// the second (a fraction of a second in `from` is dropped).
    ///
    /// Whole weeks without a holiday or listed day are skipped in one step,
    /// so large targets cost no more than the special days they cross.
    ///
    /// # Errors
    ///
    /// [`SlaError::InvalidCalendar`] for unusable hours or offset;
    /// [`SlaError::YearNotCovered`] when public holidays apply and the count
    /// reaches a year outside the holiday table (a due time after 2035 is
    /// refused rather than guessed); [`SlaError::OutOfRange`] past chrono's
    /// dates.
    pub fn add_business_minutes(
        &self,
        from: DateTime<Utc>,
        minutes: u32,
    ) -> Result<DateTime<Utc>, SlaError> {
        self.ensure_usable()?;
        if minutes == 0 {
            return Ok(from);
        }
        self.add_business_seconds(from, u64::from(minutes) * 60)
    }

    /// [`Calendar::add_business_minutes`] to the second; `seconds` ≥ 1 is
    /// due at the instant the `seconds`-th open second ends.
    pub(crate) fn add_business_seconds(
        &self,
        from: DateTime<Utc>,
        seconds: u64,
    ) -> Result<DateTime<Utc>, SlaError> {
        self.ensure_usable()?;
        if self.always_open {
            let start = from.timestamp();
            return i64::try_from(seconds)
                .ok()
                .and_then(|s| start.checked_add(s))
                .and_then(|end| DateTime::from_timestamp(end, 0))
                .ok_or(SlaError::OutOfRange);
        }
        let weekly = self.weekly_seconds();
        let (mut date, mut second) = self.local(from)?;
        let mut remaining = seconds;
        loop {
            if let Some(span) = self.hours_on(date)? {
                let begin = second.max(span.opens);
                if begin < span.closes {
                    let available = u64::from(span.closes - begin);
                    if remaining <= available {
                        // remaining ≤ available < 86 400: fits in a u32.
                        let end = begin + u32::try_from(remaining).unwrap_or(0);
                        return self.utc(date, end);
                    }
                    remaining -= available;
                }
            }
            date = date.succ_opt().ok_or(SlaError::OutOfRange)?;
            second = 0;
            // Leave at least one second for the day loop, so the end lands
            // inside a day it looks at (and at a closing time, not the next
            // opening).
            let weeks = self
                .regular_weeks_from(date)
                .min(remaining.saturating_sub(1) / weekly.max(1));
            if weeks > 0 {
                date = date
                    .checked_add_days(Days::new(weeks * 7))
                    .ok_or(SlaError::OutOfRange)?;
                remaining -= weeks * weekly;
            }
        }
    }

    /// Business minutes from `a` to `b`: the whole minutes the calendar is
    /// open in `[a, b)`, for clocks. 0 when `b` is not after `a`. Counted to
    /// the second, then rounded down to whole minutes (`u32::MAX` at most).
    ///
    /// `business_minutes_between(from, add_business_minutes(from, m)?) == m`.
    ///
    /// # Errors
    ///
    /// As [`Calendar::add_business_minutes`], for any day between `a` and `b`.
    pub fn business_minutes_between(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Result<u32, SlaError> {
        let seconds = self.business_seconds_between(a, b)?;
        Ok(u32::try_from(seconds / 60).unwrap_or(u32::MAX))
    }

    /// Business seconds in `[a, b)` (both rounded down to the second).
    pub(crate) fn business_seconds_between(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Result<u64, SlaError> {
        self.ensure_usable()?;
        let (start, end) = (a.timestamp(), b.timestamp());
        if end <= start {
            return Ok(0);
        }
        if self.always_open {
            return u64::try_from(end - start).map_err(|_| SlaError::OutOfRange);
        }
        let weekly = self.weekly_seconds();
        let (mut date, mut second) = self.local(a)?;
        let (end_date, end_second) = self.local(b)?;
        let mut total = 0u64;
        loop {
            let last = date == end_date;
            if last && end_second == 0 {
                // Nothing of the last day counts: do not ask about it (a
                // count up to midnight after 2035 needs no 2036 table).
                break;
            }
            if let Some(span) = self.hours_on(date)? {
                let limit = Span {
                    opens: second,
                    closes: if last { end_second } else { DAY_SECONDS },
                };
                total += span.within(limit).len();
            }
            if last {
                break;
            }
            date = date.succ_opt().ok_or(SlaError::OutOfRange)?;
            second = 0;
            let days_left = u64::try_from((end_date - date).num_days()).unwrap_or(0);
            let weeks = self.regular_weeks_from(date).min(days_left / 7);
            if weeks > 0 {
                date = date
                    .checked_add_days(Days::new(weeks * 7))
                    .ok_or(SlaError::OutOfRange)?;
                total += weeks * weekly;
            }
        }
        Ok(total)
    }
}
