//! Türkiye's official public holidays for [`FIRST_YEAR`]–[`LAST_YEAR`]: an
//! embedded table, because the lunar bayrams follow the Diyanet's calendar,
//! which no formula reproduces exactly.
//!
//! Law 2429 (*Ulusal Bayram ve Genel Tatiller Hakkında Kanun*) makes these
//! days holidays: 1 January, 23 April, 1 May, 19 May, 15 July, 30 August and
//! 29 October (from 13:00 on 28 October), Ramazan Bayramı (3 days) and
//! Kurban Bayramı (4 days), each bayram from 13:00 on its eve (*arife*). The
//! eves and 28 October are therefore **half days** here: open in the
//! morning, closed from 13:00.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};

use super::SlaError;

/// The first year the table covers.
pub const FIRST_YEAR: i32 = 2024;
/// The last year the table covers.
pub const LAST_YEAR: i32 = 2035;

/// One official public holiday (one day of it: each day of a bayram is an
/// entry of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    /// The day, in Türkiye's calendar (local date).
    pub date: NaiveDate,
    /// Translation key of the name (`holiday-…`, in `locales/*.ftl`).
    pub name_key: &'static str,
    /// The name in Turkish (the same text as `name_key` in `tr.ftl`).
    pub name_tr: &'static str,
    /// The name in English (the same text as `name_key` in `en.ftl`).
    pub name_en: &'static str,
    /// Closed from 13:00 only (an eve or 28 October); otherwise closed all
    /// day.
    pub half_day: bool,
}

/// A holiday's name in both languages.
struct Name {
    key: &'static str,
    tr: &'static str,
    en: &'static str,
}

const NEW_YEAR: Name = Name {
    key: "holiday-new-year",
    tr: "Yılbaşı",
    en: "New Year's Day",
};
const NATIONAL_SOVEREIGNTY: Name = Name {
    key: "holiday-national-sovereignty",
    tr: "Ulusal Egemenlik ve Çocuk Bayramı",
    en: "National Sovereignty and Children's Day",
};
const LABOUR_DAY: Name = Name {
    key: "holiday-labour-day",
    tr: "Emek ve Dayanışma Günü",
    en: "Labour and Solidarity Day",
};
const ATATURK_YOUTH_SPORTS: Name = Name {
    key: "holiday-ataturk-youth-sports",
    tr: "Atatürk'ü Anma, Gençlik ve Spor Bayramı",
    en: "Commemoration of Atatürk, Youth and Sports Day",
};
const DEMOCRACY_UNITY: Name = Name {
    key: "holiday-democracy-unity",
    tr: "Demokrasi ve Millî Birlik Günü",
    en: "Democracy and National Unity Day",
};
const VICTORY_DAY: Name = Name {
    key: "holiday-victory-day",
    tr: "Zafer Bayramı",
    en: "Victory Day",
};
const REPUBLIC_DAY_EVE: Name = Name {
    key: "holiday-republic-day-eve",
    tr: "Cumhuriyet Bayramı Arifesi",
    en: "Republic Day Eve",
};
const REPUBLIC_DAY: Name = Name {
    key: "holiday-republic-day",
    tr: "Cumhuriyet Bayramı",
    en: "Republic Day",
};
const RAMAZAN_BAYRAMI_EVE: Name = Name {
    key: "holiday-ramazan-bayrami-eve",
    tr: "Ramazan Bayramı Arifesi",
    en: "Ramadan Feast Eve",
};
const RAMAZAN_BAYRAMI: Name = Name {
    key: "holiday-ramazan-bayrami",
    tr: "Ramazan Bayramı",
    en: "Ramadan Feast",
};
const KURBAN_BAYRAMI_EVE: Name = Name {
    key: "holiday-kurban-bayrami-eve",
    tr: "Kurban Bayramı Arifesi",
    en: "Sacrifice Feast Eve",
};
const KURBAN_BAYRAMI: Name = Name {
    key: "holiday-kurban-bayrami",
    tr: "Kurban Bayramı",
    en: "Sacrifice Feast",
};

/// The holidays on the same day every year: (month, day, name, half day).
const FIXED: [(u32, u32, Name, bool); 8] = [
    (1, 1, NEW_YEAR, false),
    (4, 23, NATIONAL_SOVEREIGNTY, false),
    (5, 1, LABOUR_DAY, false),
    (5, 19, ATATURK_YOUTH_SPORTS, false),
    (7, 15, DEMOCRACY_UNITY, false),
    (8, 30, VICTORY_DAY, false),
    (10, 28, REPUBLIC_DAY_EVE, true),
    (10, 29, REPUBLIC_DAY, false),
];

// First days of the lunar bayrams as Türkiye observes them (the Diyanet
// İşleri Başkanlığı's calendar, which sets them in advance by calculation,
// not by sighting). The eve is the day before; Ramazan Bayramı lasts 3 days
// and Kurban Bayramı 4.
//
// Sources, checked against each other:
// - 2024–2032: python-holidays (vacanza/holidays), `holidays/countries/
//   turkey.py`, `TurkeyIslamicHolidays`, whose Turkish dates are marked
//   confirmed for 1936–2032 (`EID_AL_FITR_DATES_CONFIRMED_YEARS`,
//   `EID_AL_ADHA_DATES_CONFIRMED_YEARS`), taken from the Diyanet's
//   Hijri–Gregorian converter.
// - 2026: the Diyanet's 2026 *Dini Günler Takvimi* as published by the
//   press (ekonomist.com.tr, yenisafak.com, dunya.com, haberturk.com):
//   Ramazan Bayramı 20–22 March (eve 19 March), Kurban Bayramı 27–30 May
//   (eve 26 May).
// - 2024: a 2024 Turkish bank-holiday list (gist ozansulukpinar): Ramazan
//   Bayramı eve 9 April, Kurban Bayramı eve 15 June.
// - 2030–2031: the Diyanet's astronomer (Din İşleri Yüksek Kurulu, in
//   yenisafak.com, March 2026): Ramadan begins 5 January 2030 and lasts
//   30 days (so the bayram is 4 February) and begins again 26 December 2030
//   (29 days: the bayram is 24 January 2031).
// - 2025–2035: an independent Turkish table of bayram dates (a TypeScript
//   holiday list for 2025–2035) agrees with every date below except that it
//   leaves out the second Ramazan Bayramı of 2033.
//
// NOT CONFIRMED against a Diyanet publication: 2033, 2034 and 2035. Their
// dates are the Umm al-Qura calendar's (python-holidays'
// `holidays/calendars/islamic.py` tables), which agree with the Diyanet's
// for every year 2024–2032; calendardate.com lists the same 2035 dates
// (Kurban Bayramı 18 February, Ramazan Bayramı 1 December). The Diyanet may
// still differ from them by a day; check when it publishes those years.
// 2033 has two Ramazan Bayramı (2 January and 23 December), as the lunar
// year is 11 days shorter.

/// First day of each Ramazan Bayramı: (year, month, day).
const RAMAZAN_BAYRAMI_FIRST_DAYS: [(i32, u32, u32); 13] = [
    (2024, 4, 10),
    (2025, 3, 30),
    (2026, 3, 20),
    (2027, 3, 9),
    (2028, 2, 26),
    (2029, 2, 14),
    (2030, 2, 4),
    (2031, 1, 24),
    (2032, 1, 14),
    (2033, 1, 2),   // not confirmed (see above)
    (2033, 12, 23), // not confirmed
    (2034, 12, 12), // not confirmed
    (2035, 12, 1),  // not confirmed
];

/// First day of each Kurban Bayramı: (year, month, day).
const KURBAN_BAYRAMI_FIRST_DAYS: [(i32, u32, u32); 12] = [
    (2024, 6, 16),
    (2025, 6, 6),
    (2026, 5, 27),
    (2027, 5, 16),
    (2028, 5, 5),
    (2029, 4, 24),
    (2030, 4, 13),
    (2031, 4, 2),
    (2032, 3, 22),
    (2033, 3, 11), // not confirmed (see above)
    (2034, 3, 1),  // not confirmed
    (2035, 2, 18), // not confirmed
];

const RAMAZAN_BAYRAMI_DAYS: u64 = 3;
const KURBAN_BAYRAMI_DAYS: u64 = 4;

/// Every holiday of the covered years, sorted by date (then full days before
/// half days, then key). Two holidays can share a day (23 April 2029 is also
/// Kurban Bayramı's eve): both are listed.
static TABLE: LazyLock<Vec<Holiday>> = LazyLock::new(build_table);

fn holiday(date: NaiveDate, name: &Name, half_day: bool) -> Holiday {
    Holiday {
        date,
        name_key: name.key,
        name_tr: name.tr,
        name_en: name.en,
        half_day,
    }
}

fn build_table() -> Vec<Holiday> {
    let mut table = Vec::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        for (month, day, name, half_day) in &FIXED {
            if let Some(date) = NaiveDate::from_ymd_opt(year, *month, *day) {
                table.push(holiday(date, name, *half_day));
            }
        }
    }
    let lunar = [
        (
            &RAMAZAN_BAYRAMI_FIRST_DAYS[..],
            RAMAZAN_BAYRAMI_DAYS,
            &RAMAZAN_BAYRAMI_EVE,
            &RAMAZAN_BAYRAMI,
        ),
        (
            &KURBAN_BAYRAMI_FIRST_DAYS[..],
            KURBAN_BAYRAMI_DAYS,
            &KURBAN_BAYRAMI_EVE,
            &KURBAN_BAYRAMI,
        ),
    ];
    for (first_days, length, eve_name, name) in lunar {
        for &(year, month, day) in first_days {
            let Some(first) = NaiveDate::from_ymd_opt(year, month, day) else {
                continue;
            };
            if let Some(eve) = first.pred_opt() {
                table.push(holiday(eve, eve_name, true));
            }
            for offset in 0..length {
                if let Some(date) = first.checked_add_days(Days::new(offset)) {
                    table.push(holiday(date, name, false));
                }
            }
        }
    }
    // An eve or a last bayram day in a year outside the table would claim
    // coverage the table does not have.
    table.retain(|h| (FIRST_YEAR..=LAST_YEAR).contains(&h.date.year()));
    table.sort_by(|a, b| (a.date, a.half_day, a.name_key).cmp(&(b.date, b.half_day, b.name_key)));
    table
}

/// The official public holidays of `year`, sorted by date.
///
/// # Errors
///
/// [`SlaError::YearNotCovered`] when `year` is outside
/// [`FIRST_YEAR`]–[`LAST_YEAR`].
pub fn holidays(year: i32) -> Result<Vec<Holiday>, SlaError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(SlaError::YearNotCovered { year });
    }
    let start = TABLE.partition_point(|h| h.date.year() < year);
    let end = TABLE.partition_point(|h| h.date.year() <= year);
    Ok(TABLE[start..end].to_vec())
}

/// What the table says about one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HolidayKind {
    /// Closed all day.
    Full,
    /// Open in the morning only (an eve or 28 October).
    Half,
}

/// The kind of holiday `date` is, if any. A day that is both a full holiday
/// and an eve is a full holiday.
///
/// # Errors
///
/// [`SlaError::YearNotCovered`] for a date outside the covered years.
pub(crate) fn holiday_kind(date: NaiveDate) -> Result<Option<HolidayKind>, SlaError> {
    let year = date.year();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(SlaError::YearNotCovered { year });
    }
    let start = TABLE.partition_point(|h| h.date < date);
    let mut kind = None;
    for h in TABLE[start..].iter().take_while(|h| h.date == date) {
        if !h.half_day {
            return Ok(Some(HolidayKind::Full));
        }
        kind = Some(HolidayKind::Half);
    }
    Ok(kind)
}

/// The first date on or after `date` that the table lists, if any.
pub(crate) fn next_holiday_on_or_after(date: NaiveDate) -> Option<NaiveDate> {
    let start = TABLE.partition_point(|h| h.date < date);
    TABLE.get(start).map(|h| h.date)
}

/// The first day the table covers.
pub(crate) const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1) {
    Some(date) => date,
    None => panic!("FIRST_YEAR has a 1 January"),
};

/// The last day the table covers.
pub(crate) const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31) {
    Some(date) => date,
    None => panic!("LAST_YEAR has a 31 December"),
};
