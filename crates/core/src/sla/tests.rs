//! Tests of SLA calendars: due times and business minutes across weekends,
//! nights, public holidays, half days and year ends (table-driven), the
//! holiday table, the JSON form and its validation, paused clocks, and
//! property tests of the round trip and of where due times may fall.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::i18n::{Lang, catalog};

/// `"YYYY-MM-DD HH:MM[:SS]"` on Istanbul's wall clock (UTC+3).
fn ist(text: &str) -> DateTime<Utc> {
    local(text, 180)
}

/// `"YYYY-MM-DD HH:MM[:SS]"` at `offset_minutes` from UTC.
fn local(text: &str, offset_minutes: i64) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    Utc.from_utc_datetime(&(naive - Duration::minutes(offset_minutes)))
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn hours(opens: (u32, u32), closes: (u32, u32)) -> DayHours {
    DayHours {
        opens: TimeOfDay::new(opens.0, opens.1).unwrap(),
        closes: TimeOfDay::new(closes.0, closes.1).unwrap(),
    }
}

fn tr() -> Calendar {
    Calendar::default_tr()
}

fn open_on_saturdays() -> Calendar {
    let mut calendar = tr();
    calendar.hours.saturday = Some(DayHours::OFFICE);
    calendar
}

fn without_holidays() -> Calendar {
    Calendar {
        public_holidays: false,
        ..tr()
    }
}

/// (what the case shows, calendar, start in Istanbul time, minutes, due in
/// Istanbul time).
fn due_time_cases() -> Vec<(&'static str, Calendar, &'static str, u32, &'static str)> {
    let mut closed_wednesday = tr();
    closed_wednesday.closed_days.push(date("2026-12-02"));
    let mut half_new_years_eve = tr();
    half_new_years_eve.half_days.push(date("2026-12-31"));
    let mut works_on_1_may = tr();
    works_on_1_may.open_days.push(OpenDay {
        date: date("2026-05-01"),
        opens: TimeOfDay::new(10, 0).unwrap(),
        closes: TimeOfDay::new(14, 0).unwrap(),
    });
    let mut makes_up_a_saturday = tr();
    makes_up_a_saturday.open_days.push(OpenDay {
        date: date("2026-12-05"),
        opens: TimeOfDay::new(9, 0).unwrap(),
        closes: TimeOfDay::new(18, 0).unwrap(),
    });
    vec![
        (
            "Friday evening runs over the weekend into Monday",
            tr(),
            "2026-11-27 17:00",
            120,
            "2026-11-30 10:00",
        ),
        (
            "the night is skipped",
            tr(),
            "2026-12-01 17:30",
            60,
            "2026-12-02 09:30",
        ),
        (
            "a start at night counts from the next opening",
            tr(),
            "2026-12-01 22:00",
            30,
            "2026-12-02 09:30",
        ),
        (
            "a start before opening counts from the opening",
            tr(),
            "2026-12-02 07:15",
            45,
            "2026-12-02 09:45",
        ),
        (
            "1 May is closed",
            tr(),
            "2026-04-30 17:00",
            120,
            "2026-05-04 10:00",
        ),
        (
            "Ramazan Bayramı 2025 closes Monday 31 March and Tuesday 1 April",
            tr(),
            "2025-03-28 17:00",
            120,
            "2025-04-02 10:00",
        ),
        (
            "the eve of Ramazan Bayramı 2025 (a Saturday) is a half day where Saturdays are open",
            open_on_saturdays(),
            "2025-03-29 12:00",
            120,
            "2025-04-02 10:00",
        ),
        (
            "the eve of Ramazan Bayramı 2026 closes at 13:00",
            tr(),
            "2026-03-19 12:00",
            120,
            "2026-03-23 10:00",
        ),
        (
            "Kurban Bayramı 2026: half-day eve, then four days closed",
            tr(),
            "2026-05-25 17:00",
            600,
            "2026-06-01 14:00",
        ),
        (
            "23 April 2029 is a holiday and Kurban Bayramı's eve: closed all day",
            tr(),
            "2029-04-20 17:00",
            120,
            "2029-04-30 10:00",
        ),
        (
            "28 October is a half day, 29 October closed",
            tr(),
            "2026-10-28 12:30",
            60,
            "2026-10-30 09:30",
        ),
        (
            "31 December runs over New Year's Day into 2 January",
            tr(),
            "2025-12-31 17:00",
            120,
            "2026-01-02 10:00",
        ),
        (
            "minutes that run out at closing are due at closing",
            tr(),
            "2026-11-30 17:00",
            60,
            "2026-11-30 18:00",
        ),
        (
            "minutes that run out at a half day's closing are due at 13:00",
            tr(),
            "2026-10-28 12:00",
            60,
            "2026-10-28 13:00",
        ),
        (
            "a working day from its opening is due at its closing",
            tr(),
            "2026-11-30 09:00",
            540,
            "2026-11-30 18:00",
        ),
        (
            "a week of business time from Monday's opening is due on Friday at closing",
            tr(),
            "2026-11-30 09:00",
            5 * 540,
            "2026-12-04 18:00",
        ),
        (
            "a start on a public holiday counts from the next working day",
            tr(),
            "2026-05-01 10:00",
            30,
            "2026-05-04 09:30",
        ),
        (
            "the 24/7 calendar counts every minute, holidays too",
            Calendar::around_the_clock(),
            "2026-05-01 10:00",
            1440,
            "2026-05-02 10:00",
        ),
        (
            "the 24/7 calendar runs over the year end",
            Calendar::around_the_clock(),
            "2025-12-31 23:30",
            60,
            "2026-01-01 00:30",
        ),
        (
            "an extra closed day is skipped",
            closed_wednesday,
            "2026-12-01 17:00",
            120,
            "2026-12-03 10:00",
        ),
        (
            "an extra half day closes at 13:00",
            half_new_years_eve,
            "2026-12-31 12:00",
            120,
            "2027-01-04 10:00",
        ),
        (
            "an extra open day opens a public holiday with its own hours",
            works_on_1_may,
            "2026-04-30 17:00",
            120,
            "2026-05-01 11:00",
        ),
        (
            "an extra open Saturday counts",
            makes_up_a_saturday,
            "2026-12-04 17:00",
            120,
            "2026-12-05 10:00",
        ),
        (
            "without public holidays 1 May is a working Friday",
            without_holidays(),
            "2026-04-30 17:00",
            120,
            "2026-05-01 10:00",
        ),
    ]
}

#[test]
fn due_times_cross_weekends_nights_holidays_half_days_and_year_ends() {
    for (case, calendar, from, minutes, due) in due_time_cases() {
        assert_eq!(
            calendar.add_business_minutes(ist(from), minutes),
            Ok(ist(due)),
            "{case}"
        );
    }
}

#[test]
fn business_minutes_between_a_start_and_its_due_time_are_the_target() {
    for (case, calendar, from, minutes, due) in due_time_cases() {
        assert_eq!(
            calendar.business_minutes_between(ist(from), ist(due)),
            Ok(minutes),
            "{case}"
        );
    }
}

#[test]
fn zero_minutes_are_due_at_the_start_itself() {
    let saturday = ist("2026-11-28 11:00");
    assert_eq!(tr().add_business_minutes(saturday, 0), Ok(saturday));
}

#[test]
fn business_minutes_count_only_open_time_and_nothing_backwards() {
    let calendar = tr();
    let cases = [
        ("2026-11-27 12:00", "2026-11-30 12:00", 540),
        ("2026-11-28 00:00", "2026-11-29 23:59", 0),
        ("2026-11-30 08:00", "2026-11-30 09:00", 0),
        ("2026-11-30 17:59", "2026-11-30 19:00", 1),
        ("2026-10-27 09:00", "2026-10-30 09:00", 540 + 240),
        ("2026-11-30 12:00", "2026-11-30 11:00", 0),
        ("2026-11-30 12:00", "2026-11-30 12:00", 0),
    ];
    for (a, b, minutes) in cases {
        assert_eq!(
            calendar.business_minutes_between(ist(a), ist(b)),
            Ok(minutes),
            "{a} → {b}"
        );
    }
}

#[test]
fn business_minutes_round_down_to_whole_minutes_counted_by_the_second() {
    let calendar = tr();
    let a = ist("2026-11-30 10:00:30");
    assert_eq!(
        calendar.business_minutes_between(a, ist("2026-11-30 10:01:29")),
        Ok(0)
    );
    assert_eq!(
        calendar.business_minutes_between(a, ist("2026-11-30 10:01:30")),
        Ok(1)
    );
    // A due time keeps the start's seconds.
    assert_eq!(
        calendar.add_business_minutes(ist("2026-11-30 17:59:30"), 1),
        Ok(ist("2026-12-01 09:00:30"))
    );
}

#[test]
fn a_utc_start_is_placed_on_the_calendars_wall_clock() {
    // 22:30 UTC on Monday is 01:30 on Tuesday in Istanbul.
    let from: DateTime<Utc> = "2026-11-30T22:30:00Z".parse().unwrap();
    assert_eq!(
        tr().add_business_minutes(from, 30),
        Ok("2026-12-01T06:30:00Z".parse().unwrap())
    );
    // The same instant is Monday 17:30 at UTC−5.
    let new_york = Calendar {
        zone: "America/New_York".into(),
        utc_offset_minutes: -300,
        ..tr()
    };
    assert_eq!(
        new_york.add_business_minutes(from, 60),
        Ok(local("2026-12-01 09:30", -300))
    );
    assert_eq!(
        tr().to_local(from).unwrap().to_rfc3339(),
        "2026-12-01T01:30:00+03:00"
    );
}

#[test]
fn the_calendar_is_open_from_its_opening_minute_until_just_before_closing() {
    let calendar = tr();
    let cases = [
        ("2026-11-30 08:59:59", false),
        ("2026-11-30 09:00", true),
        ("2026-11-30 17:59:59", true),
        ("2026-11-30 18:00", false),
        ("2026-11-28 12:00", false),
        ("2026-05-01 12:00", false),
        ("2026-03-19 12:59:59", true),
        ("2026-03-19 13:00", false),
        ("2026-10-28 12:00", true),
        ("2026-10-28 14:00", false),
    ];
    for (t, open) in cases {
        assert_eq!(calendar.is_open(ist(t)), Ok(open), "{t}");
    }
    assert_eq!(
        Calendar::around_the_clock().is_open(ist("2026-05-01 03:00")),
        Ok(true)
    );
}

#[test]
fn next_open_is_the_time_itself_when_open_or_the_next_opening() {
    let calendar = tr();
    let cases = [
        ("2026-11-30 10:00", "2026-11-30 10:00"),
        ("2026-11-27 18:30", "2026-11-30 09:00"),
        ("2026-11-30 07:00", "2026-11-30 09:00"),
        ("2025-03-28 18:00", "2025-04-02 09:00"),
        ("2025-12-31 18:00", "2026-01-02 09:00"),
    ];
    for (t, next) in cases {
        assert_eq!(calendar.next_open(ist(t)), Ok(ist(next)), "{t}");
    }
}

#[test]
fn a_due_time_after_the_holiday_table_is_an_error_naming_the_covered_years() {
    let calendar = tr();
    let from = ist("2035-12-31 17:00");
    assert_eq!(
        calendar.add_business_minutes(from, 60),
        Ok(ist("2035-12-31 18:00"))
    );
    let error = calendar.add_business_minutes(from, 61).unwrap_err();
    assert_eq!(error, SlaError::YearNotCovered { year: 2036 });
    assert_eq!(
        error.to_string(),
        "Türkiye's official public holidays are known for 2024–2035 only; 2036 is outside them"
    );
    assert_eq!(
        calendar.add_business_minutes(ist("2023-12-29 10:00"), 10),
        Err(SlaError::YearNotCovered { year: 2023 })
    );
    // Counting up to midnight after the last covered day needs no 2036.
    assert_eq!(
        calendar.business_minutes_between(from, ist("2036-01-01 00:00")),
        Ok(60)
    );
    assert_eq!(
        calendar.business_minutes_between(from, ist("2036-01-01 00:01")),
        Err(SlaError::YearNotCovered { year: 2036 })
    );
    assert_eq!(
        calendar.is_open(ist("2036-01-02 10:00")),
        Err(SlaError::YearNotCovered { year: 2036 })
    );
}

#[test]
fn large_targets_skip_whole_weeks_and_stay_exact() {
    // With the table: twelve years of business time are fewer than
    // u32::MAX minutes, so the count leaves the table.
    assert_eq!(
        tr().add_business_minutes(ist("2024-01-02 09:00"), u32::MAX),
        Err(SlaError::YearNotCovered { year: 2036 })
    );
    // Without the table the count goes tens of thousands of years ahead:
    // one day at a time this would not finish.
    let mut calendar = without_holidays();
    calendar.closed_days = vec![date("2026-01-07"), date("2030-06-03")];
    calendar.half_days = vec![date("2027-03-03")];
    let from = ist("2026-01-05 10:15");
    let due = calendar.add_business_minutes(from, u32::MAX).unwrap();
    assert_eq!(calendar.business_minutes_between(from, due), Ok(u32::MAX));
    assert!(calendar.is_open(due - Duration::seconds(1)).unwrap());
    // Exactly the business time of a number of plain weeks ends at a
    // closing time, not at the next opening.
    let plain = without_holidays();
    let monday = ist("2026-01-05 09:00");
    assert_eq!(
        plain.add_business_minutes(monday, 52 * 5 * 540),
        Ok(ist("2027-01-01 18:00"))
    );
}

#[test]
fn a_calendar_business_time_cannot_use_is_refused() {
    let mut closed = tr();
    closed.hours = WeeklyHours {
        monday: None,
        tuesday: None,
        wednesday: None,
        thursday: None,
        friday: None,
        saturday: None,
        sunday: None,
    };
    let error = closed
        .add_business_minutes(ist("2026-11-30 10:00"), 10)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "hours: every day of the week is closed; open at least one or set always_open"
    );
    let mut backwards = tr();
    backwards.hours.monday = Some(hours((9, 0), (8, 0)));
    assert!(matches!(
        backwards.is_open(ist("2026-11-30 10:00")),
        Err(SlaError::InvalidCalendar(_))
    ));
}

// ---- the holiday table ----

fn entries(year: i32) -> Vec<(String, &'static str, bool)> {
    holidays(year)
        .unwrap()
        .into_iter()
        .map(|h| (h.date.to_string(), h.name_key, h.half_day))
        .collect()
}

#[test]
fn the_holidays_of_2025_are_the_official_list() {
    let expected = [
        ("2025-01-01", "holiday-new-year", false),
        ("2025-03-29", "holiday-ramazan-bayrami-eve", true),
        ("2025-03-30", "holiday-ramazan-bayrami", false),
        ("2025-03-31", "holiday-ramazan-bayrami", false),
        ("2025-04-01", "holiday-ramazan-bayrami", false),
        ("2025-04-23", "holiday-national-sovereignty", false),
        ("2025-05-01", "holiday-labour-day", false),
        ("2025-05-19", "holiday-ataturk-youth-sports", false),
        ("2025-06-05", "holiday-kurban-bayrami-eve", true),
        ("2025-06-06", "holiday-kurban-bayrami", false),
        ("2025-06-07", "holiday-kurban-bayrami", false),
        ("2025-06-08", "holiday-kurban-bayrami", false),
        ("2025-06-09", "holiday-kurban-bayrami", false),
        ("2025-07-15", "holiday-democracy-unity", false),
        ("2025-08-30", "holiday-victory-day", false),
        ("2025-10-28", "holiday-republic-day-eve", true),
        ("2025-10-29", "holiday-republic-day", false),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(d, key, half)| (d.to_owned(), key, half))
        .collect();
    assert_eq!(entries(2025), expected);
}

#[test]
fn the_lunar_bayrams_are_the_diyanet_dates() {
    // (first day, key): the table's sources are in holidays.rs.
    let first_days = [
        ("2024-04-10", "holiday-ramazan-bayrami"),
        ("2024-06-16", "holiday-kurban-bayrami"),
        ("2026-03-20", "holiday-ramazan-bayrami"),
        ("2026-05-27", "holiday-kurban-bayrami"),
        ("2030-02-04", "holiday-ramazan-bayrami"),
        ("2031-01-24", "holiday-ramazan-bayrami"),
        ("2032-03-22", "holiday-kurban-bayrami"),
        ("2035-02-18", "holiday-kurban-bayrami"),
        ("2035-12-01", "holiday-ramazan-bayrami"),
    ];
    for (first, key) in first_days {
        let first = date(first);
        let year: Vec<Holiday> = holidays(first.year()).unwrap();
        let on = |d: NaiveDate| year.iter().filter(move |h| h.date == d);
        assert!(on(first).any(|h| h.name_key == key), "{first} {key}");
        let eve = first.pred_opt().unwrap();
        assert!(
            on(eve).any(|h| h.name_key == format!("{key}-eve") && h.half_day),
            "eve of {first}"
        );
        assert!(!on(eve).any(|h| h.name_key == key), "{first} starts there");
    }
}

#[test]
fn every_covered_year_has_its_holidays_and_2033_two_ramazan_bayrami() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let list = holidays(year).unwrap();
        // 7 full fixed days + 28 October, 1 + 3 Ramazan, 1 + 4 Kurban.
        let expected = if year == 2033 { 21 } else { 17 };
        assert_eq!(list.len(), expected, "{year}");
        assert!(list.windows(2).all(|w| w[0].date <= w[1].date), "{year}");
        assert!(list.iter().all(|h| h.date.year() == year));
        for (key, days) in [
            ("holiday-ramazan-bayrami", 3),
            ("holiday-kurban-bayrami", 4),
        ] {
            let eve_key = format!("{key}-eve");
            for eve in list.iter().filter(|h| h.name_key == eve_key) {
                assert!(eve.half_day);
                let mut day = eve.date;
                for _ in 0..days {
                    day = day.succ_opt().unwrap();
                    assert!(
                        list.iter()
                            .any(|h| h.date == day && h.name_key == key && !h.half_day),
                        "{key} on {day}"
                    );
                }
            }
        }
        let half_days = list.iter().filter(|h| h.half_day).count();
        assert_eq!(half_days, if year == 2033 { 4 } else { 3 }, "{year}");
    }
    let ramazan_2033: Vec<_> = entries(2033)
        .into_iter()
        .filter(|(_, key, _)| *key == "holiday-ramazan-bayrami-eve")
        .map(|(d, _, _)| d)
        .collect();
    assert_eq!(ramazan_2033, ["2033-01-01", "2033-12-22"]);
}

#[test]
fn a_year_outside_the_table_is_an_error_saying_which_years_are_covered() {
    for year in [2023, 2036] {
        let error = holidays(year).unwrap_err();
        assert_eq!(error, SlaError::YearNotCovered { year });
        assert!(error.to_string().contains("2024–2035"), "{error}");
    }
}

#[test]
fn holiday_names_are_the_catalogs_in_both_languages() {
    let catalog = catalog();
    for year in FIRST_YEAR..=LAST_YEAR {
        for h in holidays(year).unwrap() {
            assert_eq!(
                catalog.text(Lang::Tr, h.name_key),
                h.name_tr,
                "{}",
                h.name_key
            );
            assert_eq!(
                catalog.text(Lang::En, h.name_key),
                h.name_en,
                "{}",
                h.name_key
            );
        }
    }
}

// ---- the JSON form and validation ----

#[test]
fn the_default_calendar_has_the_documented_json_form() {
    let value = serde_json::to_value(tr()).unwrap();
    let office = json!({ "opens": "09:00", "closes": "18:00" });
    assert_eq!(
        value,
        json!({
            "format": 1,
            "name": "Business hours",
            "zone": "Europe/Istanbul",
            "utc_offset_minutes": 180,
            "always_open": false,
            "hours": {
                "monday": office,
                "tuesday": office,
                "wednesday": office,
                "thursday": office,
                "friday": office,
                "saturday": null,
                "sunday": null
            },
            "half_day_hours": { "opens": "09:00", "closes": "13:00" },
            "public_holidays": true,
            "closed_days": [],
            "half_days": [],
            "open_days": []
        })
    );
    let mut calendar = open_on_saturdays();
    calendar.closed_days.push(date("2026-12-24"));
    calendar.open_days.push(OpenDay {
        date: date("2026-05-01"),
        opens: TimeOfDay::new(10, 0).unwrap(),
        closes: TimeOfDay::END_OF_DAY,
    });
    let text = serde_json::to_string(&calendar).unwrap();
    assert_eq!(serde_json::from_str::<Calendar>(&text).unwrap(), calendar);
    assert!(text.contains(r#""closes":"24:00""#), "{text}");
}

#[test]
fn fields_left_out_of_the_json_keep_their_defaults_and_null_closes_a_day() {
    let calendar: Calendar = serde_json::from_str(
        r#"{"name": "Support", "hours": {"saturday": {"opens": "10:00", "closes": "14:00"}, "friday": null}}"#,
    )
    .unwrap();
    let mut expected = tr();
    expected.name = "Support".into();
    expected.hours.saturday = Some(hours((10, 0), (14, 0)));
    expected.hours.friday = None;
    assert_eq!(calendar, expected);
    assert_eq!(serde_json::from_str::<Calendar>("{}").unwrap(), tr());
}

#[test]
fn misspelt_fields_and_bad_times_are_json_errors() {
    let cases = [
        (
            r#"{"hours": {"monday": {"opens": "09:00", "clsoes": "18:00"}}}"#,
            "unknown field `clsoes`",
        ),
        (r#"{"zoen": "Europe/Istanbul"}"#, "unknown field `zoen`"),
        (
            r#"{"half_day_hours": {"opens": "09:00", "closes": "25:00"}}"#,
            r#""25:00" is not a time of day written HH:MM"#,
        ),
        (
            r#"{"closed_days": ["2026-02-30"]}"#,
            "input is out of range",
        ),
    ];
    for (text, message) in cases {
        let error = serde_json::from_str::<Calendar>(text).unwrap_err();
        assert!(error.to_string().contains(message), "{text}: {error}");
    }
}

#[test]
fn times_of_day_read_hh_mm_up_to_24_00() {
    let cases = [
        ("09:00", Some(540)),
        ("9:00", Some(540)),
        ("00:00", Some(0)),
        ("23:59", Some(1439)),
        ("24:00", Some(1440)),
        ("24:01", None),
        ("12:60", None),
        ("12:5", None),
        ("1200", None),
        ("+9:00", None),
        ("-1:00", None),
        ("", None),
        ("123:00", None),
    ];
    for (text, minutes) in cases {
        assert_eq!(
            TimeOfDay::parse(text).map(TimeOfDay::minutes),
            minutes,
            "{text:?}"
        );
    }
    assert_eq!(TimeOfDay::new(9, 5).unwrap().to_string(), "09:05");
}

#[test]
fn validation_names_the_field_of_each_problem() {
    type Edit = fn(&mut Calendar);
    let cases: [(Edit, &str); 11] = [
        (
            |c| c.hours.monday = Some(hours((9, 0), (8, 0))),
            "hours.monday: closing 08:00 is before opening 09:00",
        ),
        (
            |c| c.hours.tuesday = Some(hours((9, 0), (9, 0))),
            "hours.tuesday: closing 09:00 is the same as opening 09:00; use null for a closed day",
        ),
        (
            |c| {
                c.hours = WeeklyHours {
                    monday: None,
                    tuesday: None,
                    wednesday: None,
                    thursday: None,
                    friday: None,
                    saturday: None,
                    sunday: None,
                }
            },
            "hours: every day of the week is closed; open at least one or set always_open",
        ),
        (
            |c| c.half_day_hours = hours((13, 0), (9, 0)),
            "half_day_hours: closing 09:00 is before opening 13:00",
        ),
        (
            |c| c.utc_offset_minutes = 900,
            "utc_offset_minutes: 900 is outside -720 to 840 (UTC−12:00 to UTC+14:00)",
        ),
        (|c| c.name = "  ".into(), "name: the calendar needs a name"),
        (
            |c| c.zone = String::new(),
            "zone: the zone needs a name, such as Europe/Istanbul",
        ),
        (
            |c| c.format = 2,
            "format: 2 is not a calendar format this version of ilgi reads (it reads format 1)",
        ),
        (
            |c| c.closed_days = vec![date("2026-01-02"), date("2026-01-02")],
            "closed_days[1]: 2026-01-02 is listed twice",
        ),
        (
            |c| {
                c.closed_days = vec![date("2026-01-02")];
                c.half_days = vec![date("2026-01-02")];
            },
            "half_days[0]: 2026-01-02 is also in closed_days",
        ),
        (
            |c| {
                c.open_days = vec![OpenDay {
                    date: date("2026-01-03"),
                    opens: TimeOfDay::new(9, 0).unwrap(),
                    closes: TimeOfDay::new(8, 0).unwrap(),
                }]
            },
            "open_days[0]: closing 08:00 is before opening 09:00",
        ),
    ];
    assert_eq!(tr().validate(), Ok(()));
    assert_eq!(Calendar::around_the_clock().validate(), Ok(()));
    for (edit, message) in cases {
        let mut calendar = tr();
        edit(&mut calendar);
        let problems: Vec<String> = calendar
            .validate()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems, [message]);
    }
    // A 24/7 calendar needs no open weekday.
    let mut always = Calendar::around_the_clock();
    always.hours.monday = None;
    always.hours.tuesday = None;
    always.hours.wednesday = None;
    always.hours.thursday = None;
    always.hours.friday = None;
    assert_eq!(always.validate(), Ok(()));
}

// ---- paused clocks ----

#[test]
fn a_clock_counts_its_runs_in_business_time_once_each() {
    let calendar = tr();
    let clock = SlaClock::new(&calendar);
    let run = |a: &str, b: &str| Run::between(ist(a), ist(b));
    let cases = [
        (
            "a pause in the middle is not counted",
            vec![
                run("2026-11-30 09:00", "2026-11-30 11:00"),
                Run::since(ist("2026-11-30 14:00")),
            ],
            "2026-11-30 15:30",
            210,
        ),
        (
            "overlapping runs count once",
            vec![
                run("2026-11-30 10:00", "2026-11-30 12:00"),
                run("2026-11-30 09:00", "2026-11-30 11:00"),
            ],
            "2026-11-30 18:00",
            180,
        ),
        (
            "a run over the weekend counts business time only",
            vec![run("2026-11-27 17:00", "2026-11-30 10:00")],
            "2026-12-01 12:00",
            120,
        ),
        (
            "the part of a run after now is not counted yet",
            vec![run("2026-11-30 09:00", "2026-11-30 17:00")],
            "2026-11-30 10:00",
            60,
        ),
        ("no runs, no time", vec![], "2026-11-30 10:00", 0),
    ];
    for (case, runs, now, minutes) in cases {
        assert_eq!(
            clock.elapsed_minutes(&runs, ist(now)),
            Ok(minutes),
            "{case}"
        );
    }
}

#[test]
fn a_clock_breaches_where_its_business_time_reaches_the_target() {
    let calendar = tr();
    let clock = SlaClock::new(&calendar);
    let waited = vec![
        Run::between(ist("2026-11-30 09:00"), ist("2026-11-30 11:00")),
        Run::since(ist("2026-12-01 09:00")),
    ];
    assert_eq!(
        clock.breach_at(&waited, 240),
        Ok(Some(ist("2026-12-01 11:00")))
    );
    assert_eq!(
        clock.breach_at(&waited, 60),
        Ok(Some(ist("2026-11-30 10:00")))
    );
    // Reached exactly at the end of a past run: that end.
    assert_eq!(
        clock.breach_at(&waited, 120),
        Ok(Some(ist("2026-11-30 11:00")))
    );
    // Paused before the target: no breach time yet.
    assert_eq!(clock.breach_at(&waited[..1], 240), Ok(None));
    assert_eq!(clock.breach_at(&[], 240), Ok(None));
    assert_eq!(
        clock.breach_at(&waited, 0),
        Ok(Some(ist("2026-11-30 09:00")))
    );
    // One running run is the plain due time.
    let from = ist("2026-11-27 17:00");
    assert_eq!(
        clock.breach_at(&[Run::since(from)], 120),
        calendar.add_business_minutes(from, 120).map(Some)
    );
}

#[test]
fn a_run_that_ends_before_it_starts_is_an_error() {
    let calendar = tr();
    let clock = SlaClock::new(&calendar);
    let backwards = [Run::between(
        ist("2026-11-30 11:00"),
        ist("2026-11-30 10:00"),
    )];
    let expected = Err(SlaError::RunEndsBeforeStart {
        start: ist("2026-11-30 11:00"),
        end: ist("2026-11-30 10:00"),
    });
    assert_eq!(
        clock.elapsed_minutes(&backwards, ist("2026-11-30 12:00")),
        expected
    );
    assert_eq!(clock.breach_at(&backwards, 10), expected.map(|_: u32| None));
}

// ---- properties ----

/// Minutes since midnight → a time of day.
fn time(minutes: u32) -> TimeOfDay {
    TimeOfDay::new(minutes / 60, minutes % 60).unwrap()
}

/// Hours with `opens < closes`, at least an hour long.
fn day_hours() -> impl Strategy<Value = DayHours> {
    (0u32..=1380, 60u32..=1440).prop_map(|(opens, length)| DayHours {
        opens: time(opens),
        closes: time((opens + length).min(1440)),
    })
}

fn weekday_hours() -> impl Strategy<Value = Option<DayHours>> {
    prop_oneof![1 => Just(None), 3 => day_hours().prop_map(Some)]
}

fn covered_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..4300).prop_map(|days| date("2024-01-01") + chrono::Days::new(days))
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let weekly = proptest::array::uniform7(weekday_hours());
    let lists = (
        proptest::collection::vec(covered_date(), 0..6),
        proptest::collection::vec(covered_date(), 0..6),
        proptest::collection::vec((covered_date(), day_hours()), 0..4),
    );
    (
        weekly,
        day_hours(),
        -720i32..=840,
        any::<bool>(),
        prop::bool::weighted(0.05),
        lists,
    )
        .prop_map(
            |(week, half, offset, public_holidays, always_open, (closed, half_days, open))| {
                let [
                    monday,
                    tuesday,
                    wednesday,
                    thursday,
                    friday,
                    saturday,
                    sunday,
                ] = week;
                Calendar {
                    utc_offset_minutes: offset,
                    always_open,
                    hours: WeeklyHours {
                        // At least one open weekday.
                        monday: monday.or(Some(DayHours::OFFICE)),
                        tuesday,
                        wednesday,
                        thursday,
                        friday,
                        saturday,
                        sunday,
                    },
                    half_day_hours: half,
                    public_holidays,
                    closed_days: closed,
                    half_days,
                    open_days: open
                        .into_iter()
                        .map(|(date, hours)| OpenDay {
                            date,
                            opens: hours.opens,
                            closes: hours.closes,
                        })
                        .collect(),
                    ..tr()
                }
            },
        )
}

/// An instant from 2024-01-02 to mid-2033, with a fraction of a second.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let start = ist("2024-01-02 00:00").timestamp();
    let end = ist("2033-06-30 00:00").timestamp();
    (start..end, 0u32..1_000_000_000)
        .prop_map(|(seconds, nanos)| DateTime::from_timestamp(seconds, nanos).unwrap())
}

/// Business minutes in a regular week of `calendar`.
fn weekly_minutes(calendar: &Calendar) -> u32 {
    [
        calendar.hours.monday,
        calendar.hours.tuesday,
        calendar.hours.wednesday,
        calendar.hours.thursday,
        calendar.hours.friday,
        calendar.hours.saturday,
        calendar.hours.sunday,
    ]
    .iter()
    .flatten()
    .map(|h| h.closes.minutes() - h.opens.minutes())
    .sum()
}

/// A calendar, a start and a target of up to about 50 weeks of its
/// business time (so a due time stays inside the holiday table).
fn due_time_case() -> impl Strategy<Value = (Calendar, DateTime<Utc>, u32)> {
    (calendar(), instant(), 0.0f64..50.0).prop_map(|(calendar, from, weeks)| {
        let minutes = (f64::from(weekly_minutes(&calendar)) * weeks) as u32;
        (calendar, from, minutes)
    })
}

proptest! {
    #[test]
    fn business_minutes_up_to_a_due_time_are_the_target((calendar, from, minutes) in due_time_case()) {
        let due = calendar.add_business_minutes(from, minutes).unwrap();
        prop_assert!(due >= from - Duration::seconds(1));
        prop_assert_eq!(calendar.business_minutes_between(from, due), Ok(minutes));
    }

    #[test]
    fn a_due_time_is_open_or_a_closing_time((calendar, from, minutes) in due_time_case()) {
        prop_assume!(minutes > 0);
        let due = calendar.add_business_minutes(from, minutes).unwrap();
        let open = calendar.is_open(due).unwrap();
        let closing = !open && calendar.is_open(due - Duration::seconds(1)).unwrap();
        prop_assert!(open || closing, "due {} is inside a closed period", due);
    }

    #[test]
    fn splitting_a_run_of_the_clock_does_not_change_its_time(
        calendar in calendar(),
        start in instant(),
        first in 0i64..2_000_000,
        second in 0i64..2_000_000,
    ) {
        let clock = SlaClock::new(&calendar);
        let middle = start + Duration::seconds(first);
        let end = middle + Duration::seconds(second);
        let whole = clock.elapsed_minutes(&[Run::between(start, end)], end);
        let split = clock.elapsed_minutes(
            &[Run::between(middle, end), Run::between(start, middle)],
            end,
        );
        prop_assert_eq!(whole, split);
    }
}
