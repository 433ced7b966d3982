//! Editing a rule set from a form: each condition as a kind and a value
//! the user types or ticks, rules added, removed and moved, and a
//! department's business hours as text (`09:00-18:00`, dates listed with
//! commas). The rules page only shows these; what a value means and what
//! is wrong with it is decided here.

use chrono::{NaiveDate, Weekday};

use super::model::{CaseChannel, Category, DepartmentId, Level};
use super::triage::{Cond, Department, RoutingRule, Rule, RuleSet};
use crate::model::{Tier, parse_date};
use crate::rfm::Segment;
use crate::sla::{Calendar, DayHours, TimeOfDay};

/// What kind of condition (the editor's first choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CondKind {
    Tier,
    RfmSegment,
    ClvAtLeast,
    PAliveBelow,
    OwnsProduct,
    OpenCasesAtLeast,
    RecentCasesAtLeast,
    Category,
    Keywords,
    Channel,
    Public,
    ReachOver,
    Hours,
    Weekend,
}

/// How the value of a kind is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Tick one or more of [`CondKind::choices`].
    Choices,
    /// A number (`0.3`, `5000`).
    Number,
    /// Text (a product name; keywords separated by commas).
    Text,
    /// `from-to` local hours (`18-9` wraps past midnight).
    Hours,
    /// Yes or no.
    YesNo,
    /// Nothing to enter.
    Nothing,
}

/// What is wrong with a typed value (a translation key, with the value
/// range where it has one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// Not a number, or out of range.
    Number,
    /// A probability must be 0–1.
    Probability,
    /// Empty where text is needed.
    Empty,
    /// Not `from-to` with hours 0–24.
    Hours,
    /// Not `HH:MM-HH:MM` with the closing after the opening.
    DayHours,
    /// A date that is not `YYYY-MM-DD` or `DD.MM.YYYY` (the text given).
    Date(String),
}

impl EditError {
    /// Translation key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            EditError::Number => "rules-edit-number",
            EditError::Probability => "rules-edit-probability",
            EditError::Empty => "rules-edit-empty",
            EditError::Hours => "rules-edit-hours",
            EditError::DayHours => "rules-edit-day-hours",
            EditError::Date(_) => "rules-edit-date",
        }
    }
}

/// The kinds' codes, in the order of [`CondKind`]'s variants.
pub(crate) const CODES: [&str; 14] = [
    "tier",
    "rfm_segment",
    "clv_at_least",
    "p_alive_below",
    "owns_product",
    "open_cases_at_least",
    "recent_cases_at_least",
    "category",
    "keywords",
    "channel",
    "public",
    "reach_over",
    "hours",
    "weekend",
];

impl CondKind {
    /// Every kind, in the order the editor offers them (customer, then
    /// complaint, then time).
    pub const ALL: [CondKind; 14] = [
        CondKind::Tier,
        CondKind::RfmSegment,
        CondKind::ClvAtLeast,
        CondKind::PAliveBelow,
        CondKind::OwnsProduct,
        CondKind::OpenCasesAtLeast,
        CondKind::RecentCasesAtLeast,
        CondKind::Category,
        CondKind::Keywords,
        CondKind::Channel,
        CondKind::Public,
        CondKind::ReachOver,
        CondKind::Hours,
        CondKind::Weekend,
    ];

    /// The kind's code (the `if` of the JSON form).
    pub fn code(self) -> &'static str {
        CODES[self as usize]
    }

    pub fn from_code(code: &str) -> Option<CondKind> {
        CondKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Translation key of the kind's name.
    pub fn key(self) -> &'static str {
        match self {
            CondKind::Tier => "cond-tier",
            CondKind::RfmSegment => "cond-rfm-segment",
            CondKind::ClvAtLeast => "cond-clv-at-least",
            CondKind::PAliveBelow => "cond-p-alive-below",
            CondKind::OwnsProduct => "cond-owns-product",
            CondKind::OpenCasesAtLeast => "cond-open-cases-at-least",
            CondKind::RecentCasesAtLeast => "cond-recent-cases-at-least",
            CondKind::Category => "cond-category",
            CondKind::Keywords => "cond-keywords",
            CondKind::Channel => "cond-channel",
            CondKind::Public => "cond-public",
            CondKind::ReachOver => "cond-reach-over",
            CondKind::Hours => "cond-hours",
            CondKind::Weekend => "cond-weekend",
        }
    }

    /// The kind of a condition.
    pub fn of(cond: &Cond) -> CondKind {
        match cond {
            Cond::Tier { .. } => CondKind::Tier,
            Cond::RfmSegment { .. } => CondKind::RfmSegment,
            Cond::ClvAtLeast { .. } => CondKind::ClvAtLeast,
            Cond::PAliveBelow { .. } => CondKind::PAliveBelow,
            Cond::OwnsProduct { .. } => CondKind::OwnsProduct,
            Cond::OpenCasesAtLeast { .. } => CondKind::OpenCasesAtLeast,
            Cond::RecentCasesAtLeast { .. } => CondKind::RecentCasesAtLeast,
            Cond::Category { .. } => CondKind::Category,
            Cond::Keywords { .. } => CondKind::Keywords,
            Cond::Channel { .. } => CondKind::Channel,
            Cond::Public { .. } => CondKind::Public,
            Cond::ReachOver { .. } => CondKind::ReachOver,
            Cond::Hours { .. } => CondKind::Hours,
            Cond::Weekend => CondKind::Weekend,
        }
    }

    /// How the value is entered.
    pub fn input(self) -> Input {
        match self {
            CondKind::Tier | CondKind::RfmSegment | CondKind::Category | CondKind::Channel => {
                Input::Choices
            }
            CondKind::ClvAtLeast
            | CondKind::PAliveBelow
            | CondKind::OpenCasesAtLeast
            | CondKind::RecentCasesAtLeast
            | CondKind::ReachOver => Input::Number,
            CondKind::OwnsProduct | CondKind::Keywords => Input::Text,
            CondKind::Hours => Input::Hours,
            CondKind::Public => Input::YesNo,
            CondKind::Weekend => Input::Nothing,
        }
    }

    /// The options of a [`Input::Choices`] kind: `(code, translation key)`.
    pub fn choices(self) -> Vec<(&'static str, &'static str)> {
        match self {
            CondKind::Tier => Tier::ALL.iter().map(|t| (t.code(), t.key())).collect(),
            CondKind::RfmSegment => Segment::ALL.iter().map(|s| (s.code(), s.key())).collect(),
            CondKind::Category => Category::ALL.iter().map(|c| (c.code(), c.key())).collect(),
            CondKind::Channel => CaseChannel::ALL
                .iter()
                .map(|c| (c.code(), c.key()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A new condition of this kind, with a value to start from (a new
    /// choice condition has nothing ticked yet and does not validate until
    /// one is).
    pub fn blank(self) -> Cond {
        match self {
            CondKind::Tier => Cond::Tier { any_of: Vec::new() },
            CondKind::RfmSegment => Cond::RfmSegment { any_of: Vec::new() },
            CondKind::ClvAtLeast => Cond::ClvAtLeast { value: 0.0 },
            CondKind::PAliveBelow => Cond::PAliveBelow { value: 0.5 },
            CondKind::OwnsProduct => Cond::OwnsProduct {
                name: String::new(),
            },
            CondKind::OpenCasesAtLeast => Cond::OpenCasesAtLeast { count: 1 },
            CondKind::RecentCasesAtLeast => Cond::RecentCasesAtLeast { count: 2 },
            CondKind::Category => Cond::Category { any_of: Vec::new() },
            CondKind::Keywords => Cond::Keywords { any_of: Vec::new() },
            CondKind::Channel => Cond::Channel { any_of: Vec::new() },
            CondKind::Public => Cond::Public { is: true },
            CondKind::ReachOver => Cond::ReachOver { followers: 10_000 },
            CondKind::Hours => Cond::Hours { from: 18, to: 9 },
            CondKind::Weekend => Cond::Weekend,
        }
    }
}

impl Cond {
    /// The codes ticked in a choice condition.
    pub fn chosen(&self) -> Vec<&'static str> {
        match self {
            Cond::Tier { any_of } => any_of.iter().map(|t| t.code()).collect(),
            Cond::RfmSegment { any_of } => any_of.iter().map(|s| s.code()).collect(),
            Cond::Category { any_of } => any_of.iter().map(|c| c.code()).collect(),
            Cond::Channel { any_of } => any_of.iter().map(|c| c.code()).collect(),
            _ => Vec::new(),
        }
    }

    /// Ticks or unticks a choice (an unknown code changes nothing).
    pub fn set_choice(&mut self, code: &str, on: bool) {
        fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, item: Option<T>, on: bool) {
            let Some(item) = item else { return };
            list.retain(|x| *x != item);
            if on {
                list.push(item);
            }
        }
        match self {
            Cond::Tier { any_of } => toggle(any_of, Tier::parse(code).ok(), on),
            Cond::RfmSegment { any_of } => toggle(any_of, Segment::from_code(code), on),
            Cond::Category { any_of } => toggle(any_of, Category::parse(code), on),
            Cond::Channel { any_of } => toggle(any_of, CaseChannel::parse(code), on),
            _ => {}
        }
    }

    /// The value as the editor shows it in a text box.
    pub fn value_text(&self) -> String {
        match self {
            Cond::ClvAtLeast { value } | Cond::PAliveBelow { value } => value.to_string(),
            Cond::OpenCasesAtLeast { count } | Cond::RecentCasesAtLeast { count } => {
                count.to_string()
            }
            Cond::ReachOver { followers } => followers.to_string(),
            Cond::OwnsProduct { name } => name.clone(),
            Cond::Keywords { any_of } => any_of.join(", "),
            Cond::Hours { from, to } => format!("{from}-{to}"),
            Cond::Public { is } => is.to_string(),
            _ => self.chosen().join(", "),
        }
    }

    /// Sets the value from what the user typed; on an error nothing
    /// changes.
    ///
    /// # Errors
    ///
    /// [`EditError`] saying what the value must look like.
    pub fn set_text(&mut self, text: &str) -> Result<(), EditError> {
        let text = text.trim();
        let number = || -> Result<f64, EditError> {
            text.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or(EditError::Number)
        };
        let whole = || -> Result<u64, EditError> {
            text.replace(['.', ' '], "")
                .parse::<u64>()
                .map_err(|_| EditError::Number)
        };
        match self {
            Cond::ClvAtLeast { value } => *value = number()?,
            Cond::PAliveBelow { value } => {
                let v = number()?;
                if v > 1.0 {
                    return Err(EditError::Probability);
                }
                *value = v;
            }
            Cond::OpenCasesAtLeast { count } | Cond::RecentCasesAtLeast { count } => {
                *count = u32::try_from(whole()?).map_err(|_| EditError::Number)?;
            }
            Cond::ReachOver { followers } => *followers = whole()?,
            Cond::OwnsProduct { name } => {
                if text.is_empty() {
                    return Err(EditError::Empty);
                }
                *name = text.to_string();
            }
            Cond::Keywords { any_of } => {
                let phrases = split_list(text);
                if phrases.is_empty() {
                    return Err(EditError::Empty);
                }
                *any_of = phrases;
            }
            Cond::Hours { from, to } => {
                let (a, b) = text.split_once('-').ok_or(EditError::Hours)?;
                let hour = |s: &str| {
                    s.trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|h| *h <= 24)
                        .ok_or(EditError::Hours)
                };
                let (a, b) = (hour(a)?, hour(b)?);
                *from = a;
                *to = b;
            }
            Cond::Public { is } => {
                *is = !matches!(
                    crate::text::fold(text).as_str(),
                    "false" | "no" | "hayir" | "0"
                )
            }
            _ => {}
        }
        Ok(())
    }
}

/// The comma-separated items of a list, trimmed, empties left out.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// An id not used by any of `used`, from `prefix` (`rule-1`, `rule-2`…).
fn fresh_id<'a>(prefix: &str, used: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !used.clone().any(|u| u == id))
        .expect("an unused id")
}

/// Moves item `i` one place up (`up`) or down; out of range changes
/// nothing.
fn shift<T>(list: &mut [T], i: usize, up: bool) {
    if up && i > 0 && i < list.len() {
        list.swap(i, i - 1);
    } else if !up && i + 1 < list.len() {
        list.swap(i, i + 1);
    }
}

impl RuleSet {
    /// Adds a level rule at the end (no condition yet: it always holds
    /// until one is added) and returns its position.
    pub fn add_rule(&mut self, name: &str, discriminator: bool) -> usize {
        let id = fresh_id("rule", self.rules.iter().map(|r| r.id.as_str()));
        self.rules.push(Rule {
            id,
            name: name.to_string(),
            when: Vec::new(),
            level: Level::Standard,
            discriminator,
        });
        self.rules.len() - 1
    }

    /// Moves a level rule up or down (the first that holds decides).
    pub fn move_rule(&mut self, i: usize, up: bool) {
        shift(&mut self.rules, i, up);
    }

    pub fn remove_rule(&mut self, i: usize) {
        if i < self.rules.len() {
            self.rules.remove(i);
        }
    }

    /// Adds a routing rule at the end, to `department`.
    pub fn add_route(&mut self, name: &str, department: DepartmentId) -> usize {
        let id = fresh_id("route", self.routing.iter().map(|r| r.id.as_str()));
        self.routing.push(RoutingRule {
            id,
            name: name.to_string(),
            when: Vec::new(),
            department,
        });
        self.routing.len() - 1
    }

    pub fn move_route(&mut self, i: usize, up: bool) {
        shift(&mut self.routing, i, up);
    }

    pub fn remove_route(&mut self, i: usize) {
        if i < self.routing.len() {
            self.routing.remove(i);
        }
    }

    /// Adds a department named `name` with an id made from it (Turkish
    /// letters folded, `-` between words, unique in the set) and returns
    /// its id; `None` for a name with no letter or digit.
    pub fn add_department(&mut self, name: &str) -> Option<DepartmentId> {
        let slug: String = crate::text::fold(name)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if slug.is_empty() {
            return None;
        }
        let id = if self.department(&DepartmentId::new(&slug)).is_none() {
            slug
        } else {
            fresh_id(&slug, self.departments.iter().map(|d| d.id.as_str()))
        };
        let id = DepartmentId::new(&id);
        self.departments.push(Department {
            id: id.clone(),
            name: name.trim().to_string(),
            agents: Vec::new(),
            cap: 0,
            calendar: None,
        });
        Some(id)
    }

    /// Removes a department that no routing rule sends cases to and that
    /// is not `care` or `management` (the fallback inbox and the end of
    /// every escalation); returns whether it was removed.
    pub fn remove_department(&mut self, id: &DepartmentId) -> bool {
        let required = *id == DepartmentId::care() || *id == DepartmentId::management();
        let routed = self.routing.iter().any(|r| &r.department == id);
        if required || routed {
            return false;
        }
        let before = self.departments.len();
        self.departments.retain(|d| &d.id != id);
        self.departments.len() != before
    }
}

/// `09:00-18:00` (an en dash or `–` also separates); empty: closed
/// (`None`).
///
/// # Errors
///
/// [`EditError::DayHours`] when the text is not two times or closes at or
/// before it opens.
pub fn parse_day_hours(text: &str) -> Result<Option<DayHours>, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (a, b) = text.split_once(['-', '–']).ok_or(EditError::DayHours)?;
    let opens = TimeOfDay::parse(a.trim()).ok_or(EditError::DayHours)?;
    let closes = TimeOfDay::parse(b.trim()).ok_or(EditError::DayHours)?;
    if closes <= opens {
        return Err(EditError::DayHours);
    }
    Ok(Some(DayHours { opens, closes }))
}

/// `09:00-18:00`, or empty when closed.
pub fn day_hours_text(hours: Option<DayHours>) -> String {
    hours.map_or_else(String::new, |h| format!("{}-{}", h.opens, h.closes))
}

/// Dates separated by commas (`2026-12-31, 02.01.2027`), sorted, each
/// once.
///
/// # Errors
///
/// [`EditError::Date`] naming the first item that is not a date.
pub fn parse_dates(text: &str) -> Result<Vec<NaiveDate>, EditError> {
    let mut dates = Vec::new();
    for item in split_list(text) {
        dates.push(parse_date(&item).map_err(|_| EditError::Date(item.clone()))?);
    }
    dates.sort();
    dates.dedup();
    Ok(dates)
}

/// Dates as [`parse_dates`] reads them.
pub fn dates_text(dates: &[NaiveDate]) -> String {
    dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The weekdays, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Translation key of a weekday's name.
pub fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "weekday-monday",
        Weekday::Tue => "weekday-tuesday",
        Weekday::Wed => "weekday-wednesday",
        Weekday::Thu => "weekday-thursday",
        Weekday::Fri => "weekday-friday",
        Weekday::Sat => "weekday-saturday",
        Weekday::Sun => "weekday-sunday",
    }
}

/// Sets a weekday's hours of a calendar.
pub fn set_day(calendar: &mut Calendar, day: Weekday, hours: Option<DayHours>) {
    let slot = match day {
        Weekday::Mon => &mut calendar.hours.monday,
        Weekday::Tue => &mut calendar.hours.tuesday,
        Weekday::Wed => &mut calendar.hours.wednesday,
        Weekday::Thu => &mut calendar.hours.thursday,
        Weekday::Fri => &mut calendar.hours.friday,
        Weekday::Sat => &mut calendar.hours.saturday,
        Weekday::Sun => &mut calendar.hours.sunday,
    };
    *slot = hours;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::default_rules;

    #[test]
    fn every_kind_round_trips_through_its_code_and_blank_condition() {
        for kind in CondKind::ALL {
            assert_eq!(CondKind::from_code(kind.code()), Some(kind));
            assert_eq!(CondKind::of(&kind.blank()), kind);
            // The code is the JSON tag, so a saved set reads back.
            let json = serde_json::to_value(kind.blank()).unwrap();
            assert_eq!(json["if"], kind.code(), "{kind:?}");
            assert_eq!(
                kind.input() == Input::Choices,
                !kind.choices().is_empty(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn choices_tick_and_untick_by_code() {
        let mut c = CondKind::Tier.blank();
        c.set_choice("platinum", true);
        c.set_choice("gold", true);
        c.set_choice("platinum", true);
        assert_eq!(c.chosen(), vec!["gold", "platinum"]);
        c.set_choice("gold", false);
        c.set_choice("nonsense", true);
        assert_eq!(
            c,
            Cond::Tier {
                any_of: vec![Tier::Platinum]
            }
        );
        let mut ch = CondKind::Channel.blank();
        for (code, _) in CondKind::Channel.choices() {
            ch.set_choice(code, true);
        }
        assert_eq!(ch.chosen().len(), CaseChannel::ALL.len());
    }

    #[test]
    fn typed_values_are_read_or_refused_without_change() {
        let cases: [(CondKind, &str, Result<Cond, EditError>); 12] = [
            (
                CondKind::ClvAtLeast,
                "2500,5",
                Ok(Cond::ClvAtLeast { value: 2500.5 }),
            ),
            (CondKind::ClvAtLeast, "çok", Err(EditError::Number)),
            (
                CondKind::PAliveBelow,
                "0.3",
                Ok(Cond::PAliveBelow { value: 0.3 }),
            ),
            (CondKind::PAliveBelow, "3", Err(EditError::Probability)),
            (
                CondKind::OpenCasesAtLeast,
                "2",
                Ok(Cond::OpenCasesAtLeast { count: 2 }),
            ),
            (
                CondKind::ReachOver,
                "10.000",
                Ok(Cond::ReachOver { followers: 10_000 }),
            ),
            (CondKind::ReachOver, "-5", Err(EditError::Number)),
            (
                CondKind::Keywords,
                " 3G çekmiyor, ,internet yok ",
                Ok(Cond::Keywords {
                    any_of: vec!["3G çekmiyor".into(), "internet yok".into()],
                }),
            ),
            (CondKind::Keywords, " , ", Err(EditError::Empty)),
            (CondKind::OwnsProduct, "", Err(EditError::Empty)),
            (
                CondKind::Hours,
                "22 - 7",
                Ok(Cond::Hours { from: 22, to: 7 }),
            ),
            (CondKind::Hours, "25-7", Err(EditError::Hours)),
        ];
        for (kind, text, expected) in cases {
            let mut c = kind.blank();
            let before = c.clone();
            match (c.set_text(text), expected) {
                (Ok(()), Ok(want)) => {
                    assert_eq!(c, want, "{kind:?} {text:?}");
                    // What the box shows reads back to the same condition.
                    let mut again = kind.blank();
                    again.set_text(&c.value_text()).unwrap();
                    assert_eq!(again, c);
                }
                (Err(e), Err(want)) => {
                    assert_eq!(e, want, "{kind:?} {text:?}");
                    assert_eq!(c, before, "a refused value changes nothing");
                }
                (got, want) => panic!("{kind:?} {text:?}: {got:?}, expected {want:?}"),
            }
        }
        let mut p = CondKind::Public.blank();
        p.set_text("hayır").unwrap();
        assert_eq!(p, Cond::Public { is: false });
    }

    #[test]
    fn rules_are_added_with_fresh_ids_moved_and_removed() {
        let mut set = default_rules();
        let n = set.rules.len();
        let first = set.rules[0].id.clone();
        let a = set.add_rule("A", false);
        let b = set.add_rule("B", true);
        assert_eq!((a, b), (n, n + 1));
        assert_ne!(set.rules[a].id, set.rules[b].id);
        assert!(set.rules[b].discriminator);
        set.move_rule(b, true);
        assert_eq!(set.rules[a].name, "B");
        set.move_rule(0, true);
        assert_eq!(set.rules[0].id, first, "the first cannot go up");
        set.move_rule(set.rules.len() - 1, false);
        set.remove_rule(a);
        assert_eq!(set.rules.len(), n + 1);
        assert_eq!(set.rules[n].name, "A");
        set.remove_rule(99);
        assert_eq!(set.rules.len(), n + 1);
        // An edited set still validates once its new rule has conditions.
        set.rules[n].when.push(Cond::Weekend);
        assert_eq!(set.validate(), Vec::<String>::new());
    }

    #[test]
    fn departments_get_slug_ids_and_required_ones_stay() {
        let mut set = default_rules();
        let id = set.add_department("Kurumsal Satış").unwrap();
        assert_eq!(id.as_str(), "kurumsal-satis");
        let again = set.add_department("Kurumsal satış!").unwrap();
        assert_eq!(again.as_str(), "kurumsal-satis-1");
        assert_eq!(set.add_department("  !! "), None);
        assert!(!set.remove_department(&DepartmentId::care()));
        assert!(!set.remove_department(&DepartmentId::management()));
        assert!(
            !set.remove_department(&DepartmentId::new("technical")),
            "routed to"
        );
        assert!(set.remove_department(&again));
        assert!(set.department(&again).is_none());
        let r = set.add_route("Kurumsal", id.clone());
        assert!(!set.remove_department(&id));
        set.remove_route(r);
        assert!(set.remove_department(&id));
        assert_eq!(set.validate(), Vec::<String>::new());
    }

    #[test]
    fn business_hours_and_dates_as_text() {
        assert_eq!(
            parse_day_hours("9:00 – 13:30"),
            Ok(Some(DayHours {
                opens: TimeOfDay::new(9, 0).unwrap(),
                closes: TimeOfDay::new(13, 30).unwrap()
            }))
        );
        assert_eq!(parse_day_hours("  "), Ok(None));
        assert_eq!(parse_day_hours("18:00-09:00"), Err(EditError::DayHours));
        assert_eq!(parse_day_hours("nine to five"), Err(EditError::DayHours));
        assert_eq!(day_hours_text(Some(DayHours::OFFICE)), "09:00-18:00");
        assert_eq!(
            parse_day_hours(&day_hours_text(Some(DayHours::MORNING))),
            Ok(Some(DayHours::MORNING))
        );

        let dates = parse_dates("31.12.2026, 2026-12-30, 2026-12-31").unwrap();
        assert_eq!(dates_text(&dates), "2026-12-30, 2026-12-31");
        assert_eq!(
            parse_dates("2026-13-01"),
            Err(EditError::Date("2026-13-01".into()))
        );
        assert_eq!(parse_dates(""), Ok(Vec::new()));

        let mut cal = Calendar::default_tr();
        set_day(&mut cal, Weekday::Sat, Some(DayHours::MORNING));
        assert_eq!(cal.hours.on(Weekday::Sat), Some(DayHours::MORNING));
        set_day(&mut cal, Weekday::Mon, None);
        assert_eq!(cal.hours.on(Weekday::Mon), None);
        assert!(cal.validate().is_ok());
    }

    #[test]
    fn every_key_the_editor_uses_is_translated() {
        use crate::i18n::{Catalog, Lang};
        let errors = [
            EditError::Number,
            EditError::Probability,
            EditError::Empty,
            EditError::Hours,
            EditError::DayHours,
            EditError::Date(String::new()),
        ];
        for lang in [Lang::Tr, Lang::En] {
            let keys = Catalog::keys(lang).unwrap();
            let mut used: Vec<&str> = CondKind::ALL.iter().map(|k| k.key()).collect();
            used.extend(
                CondKind::ALL
                    .iter()
                    .flat_map(|k| k.choices())
                    .map(|(_, key)| key),
            );
            used.extend(errors.iter().map(EditError::key));
            used.extend(WEEK.iter().map(|d| weekday_key(*d)));
            for key in used {
                assert!(keys.contains(key), "{lang:?} {key}");
            }
        }
    }
}
