//! Triage prepared in advance, like an emergency room's: an ordered,
//! editable, versioned [`RuleSet`] (plain data, evaluated here) decides a
//! complaint's level, its department and why.
//!
//! - **Level rules** are tried in order; the first whose conditions all
//!   hold gives the base level (none: the set's `default_level`).
//! - **Discriminators** (as the Manchester Triage System calls them) are
//!   all tried; each that holds forces *at least* its level (a public post
//!   with reach over 10,000 is at least Very urgent whatever the rules
//!   said).
//! - **Routing rules** are tried in order; the first that holds names the
//!   department (none: `care`).
//!
//! Keywords match Turkish-aware ([`crate::text::fold`]): a phrase matches
//! when each of its words appears in the folded text, so `3G ÇEKMİYOR`,
//! `3g cekmiyor` and `3G'im hiç çekmiyor` all match `3g çekmiyor`.
//! A condition on something unknown (a customer's CLV before any analysis,
//! an unknown author's tier) does not hold.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::model::{CaseChannel, Category, DepartmentId, Level, Reason};
use crate::model::Tier;
use crate::rfm::Segment;
use crate::sla::Calendar;
use crate::text::fold;

/// What triage knows about the customer (all optional: an unknown author
/// has nothing).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerFacts {
    pub tier: Option<Tier>,
    pub rfm: Option<Segment>,
    pub clv: Option<f64>,
    pub p_alive: Option<f64>,
    /// Products and devices the customer owns (as written anywhere).
    pub products: Vec<String>,
    /// Cases of the customer still open.
    pub open_cases: u32,
    /// Cases of the customer in the rule set's `recent_days`.
    pub recent_cases: u32,
}

/// The complaint being triaged.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    pub category: Category,
    pub channel: CaseChannel,
    pub text: String,
    pub products: Vec<String>,
    pub public: bool,
    pub reach: u64,
    pub at: DateTime<Utc>,
}

/// One condition of a rule. Stored as an object naming its kind under
/// `if`, with the kind's fields beside it; read by [`CondFields`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "if", rename_all = "snake_case")]
pub enum Cond {
    /// The customer's tier is one of these.
    Tier {
        any_of: Vec<Tier>,
    },
    /// The customer's RFM segment is one of these.
    RfmSegment {
        any_of: Vec<Segment>,
    },
    /// The customer's 12-month lifetime value is at least this.
    ClvAtLeast {
        value: f64,
    },
    /// The customer's probability of still being active is below this.
    PAliveBelow {
        value: f64,
    },
    /// The customer owns a product whose name contains this (or the
    /// complaint names one).
    OwnsProduct {
        name: String,
    },
    OpenCasesAtLeast {
        count: u32,
    },
    RecentCasesAtLeast {
        count: u32,
    },
    /// The complaint's category is one of these.
    Category {
        any_of: Vec<Category>,
    },
    /// The text contains one of these phrases (each word of a phrase,
    /// Turkish-folded).
    Keywords {
        any_of: Vec<String>,
    },
    Channel {
        any_of: Vec<CaseChannel>,
    },
    /// Written in public (or not).
    Public {
        is: bool,
    },
    /// The author reaches more than this many people.
    ReachOver {
        followers: u64,
    },
    /// Made between these local hours (`from` ≤ hour < `to`; `from` > `to`
    /// wraps past midnight).
    Hours {
        from: u8,
        to: u8,
    },
    /// Made on a Saturday or Sunday (local time).
    Weekend,
}

/// A condition as stored, read as one flat object: the same text as
/// serde's internally tagged form, without that form's reader, which
/// buffers every object before it looks at the tag (30 KiB of wasm in
/// every module that reads a rule set).
#[derive(Deserialize)]
#[serde(rename = "Cond")]
struct CondFields {
    #[serde(rename = "if")]
    kind: String,
    any_of: Option<Vec<String>>,
    value: Option<f64>,
    name: Option<String>,
    count: Option<u32>,
    is: Option<bool>,
    followers: Option<u64>,
    from: Option<u8>,
    to: Option<u8>,
}

impl<'de> Deserialize<'de> for Cond {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cond, D::Error> {
        use super::edit::{CODES, CondKind};
        use crate::flat::{need, unit_variants};
        let CondFields {
            kind,
            any_of,
            value,
            name,
            count,
            is,
            followers,
            from,
            to,
        } = CondFields::deserialize(deserializer)?;
        let Some(kind) = CondKind::from_code(&kind) else {
            return Err(serde::de::Error::unknown_variant(&kind, &CODES));
        };
        Ok(match kind {
            CondKind::Tier => Cond::Tier {
                any_of: unit_variants(need(any_of, "any_of")?)?,
            },
            CondKind::RfmSegment => Cond::RfmSegment {
                any_of: unit_variants(need(any_of, "any_of")?)?,
            },
            CondKind::ClvAtLeast => Cond::ClvAtLeast {
                value: need(value, "value")?,
            },
            CondKind::PAliveBelow => Cond::PAliveBelow {
                value: need(value, "value")?,
            },
            CondKind::OwnsProduct => Cond::OwnsProduct {
                name: need(name, "name")?,
            },
            CondKind::OpenCasesAtLeast => Cond::OpenCasesAtLeast {
                count: need(count, "count")?,
            },
            CondKind::RecentCasesAtLeast => Cond::RecentCasesAtLeast {
                count: need(count, "count")?,
            },
            CondKind::Category => Cond::Category {
                any_of: unit_variants(need(any_of, "any_of")?)?,
            },
            CondKind::Keywords => Cond::Keywords {
                any_of: need(any_of, "any_of")?,
            },
            CondKind::Channel => Cond::Channel {
                any_of: unit_variants(need(any_of, "any_of")?)?,
            },
            CondKind::Public => Cond::Public {
                is: need(is, "is")?,
            },
            CondKind::ReachOver => Cond::ReachOver {
                followers: need(followers, "followers")?,
            },
            CondKind::Hours => Cond::Hours {
                from: need(from, "from")?,
                to: need(to, "to")?,
            },
            CondKind::Weekend => Cond::Weekend,
        })
    }
}

/// A level rule or a discriminator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id within the set (reasons name it).
    pub id: String,
    /// What the rule is for, as the business wrote it.
    pub name: String,
    /// Conditions that must all hold (none: always).
    #[serde(default)]
    pub when: Vec<Cond>,
    pub level: Level,
    /// A discriminator forces at least `level`; a level rule sets it.
    #[serde(default)]
    pub discriminator: bool,
}

/// Where cases that meet the conditions go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub when: Vec<Cond>,
    pub department: DepartmentId,
}

/// The targets of a level, in business minutes of the department's
/// calendar (or of every minute, `around_the_clock`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelTargets {
    pub level: Level,
    pub first_response_minutes: u32,
    pub resolution_minutes: u32,
    /// Count every minute, nights and holidays too (Immediate cases).
    #[serde(default)]
    pub around_the_clock: bool,
}

/// A department: its inbox, people and business hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: DepartmentId,
    /// The name the business gave it; empty: the translated default name
    /// of a default department.
    #[serde(default)]
    pub name: String,
    /// Team members who take its cases (round-robin order).
    #[serde(default)]
    pub agents: Vec<String>,
    /// Most open cases one agent is given by round-robin (0: no limit).
    #[serde(default)]
    pub cap: u32,
    /// Its business hours (`None`: the default Turkish calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
}

impl Department {
    /// Translation key of a default department's name.
    pub fn key(&self) -> Option<&'static str> {
        Some(match self.id.as_str() {
            "care" => "department-care",
            "technical" => "department-technical",
            "billing" => "department-billing",
            "sales" => "department-sales",
            "logistics" => "department-logistics",
            "management" => "department-management",
            _ => return None,
        })
    }

    /// The department's calendar.
    pub fn calendar(&self) -> Calendar {
        self.calendar.clone().unwrap_or_else(Calendar::default_tr)
    }
}

/// Text in both languages of the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub tr: String,
    pub en: String,
}

impl Text {
    pub fn new(tr: &str, en: &str) -> Text {
        Text {
            tr: tr.to_string(),
            en: en.to_string(),
        }
    }

    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Tr => &self.tr,
            crate::i18n::Lang::En => &self.en,
        }
    }
}

/// What to do with a case of a level and category: a checklist and reply
/// templates. The most specific procedure applies (level and category,
/// then level — an Immediate case's procedure comes before its category's
/// — then category, then one for every case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    pub checklist: Vec<Text>,
    pub replies: Vec<Text>,
}

/// Words that say which category a complaint is (when nobody chose one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryWords {
    pub category: Category,
    pub any_of: Vec<String>,
}

/// The rule set format this build writes.
pub const RULES_FORMAT: u32 = 1;

/// Everything triage and routing decide by: one versioned document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    #[serde(default = "rules_format")]
    pub format: u32,
    /// Goes up by one with every saved change; a case records the version
    /// that triaged it.
    pub version: u32,
    /// The level when no level rule holds.
    pub default_level: Level,
    /// The local time of `Hours` and `Weekend` conditions.
    pub utc_offset_minutes: i32,
    /// The window of `RecentCasesAtLeast`, in days.
    pub recent_days: u32,
    pub levels: Vec<LevelTargets>,
    pub rules: Vec<Rule>,
    pub routing: Vec<RoutingRule>,
    pub departments: Vec<Department>,
    pub category_words: Vec<CategoryWords>,
    pub procedures: Vec<Procedure>,
    /// When a social post opens a case by itself (off unless turned on).
    #[serde(default)]
    pub auto_case: crate::social::auto_case::AutoCase,
}

fn rules_format() -> u32 {
    RULES_FORMAT
}

/// What triage decided for a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Triage {
    pub level: Level,
    /// Every rule that decided: the level rule (if any) first, then each
    /// discriminator that held.
    pub reasons: Vec<Reason>,
    pub department: DepartmentId,
    /// The routing rule that chose the department (`None`: the fallback).
    pub routed_by: Option<String>,
    pub rules_version: u32,
}

/// Whether `text` (already folded) contains `phrase`: each word of the
/// folded phrase appears in it.
pub fn phrase_matches(folded_text: &str, phrase: &str) -> bool {
    let phrase = fold(phrase);
    let mut words = phrase.split(' ').filter(|w| !w.is_empty()).peekable();
    words.peek().is_some() && words.all(|w| folded_text.contains(w))
}

/// The words of a phrase, folded.
fn phrase_words(phrase: &str) -> Vec<String> {
    fold(phrase)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn words_match(folded_text: &str, words: &[String]) -> bool {
    !words.is_empty() && words.iter().all(|w| folded_text.contains(w.as_str()))
}

/// What a condition needs folded, folded once ([`Prepared`]).
enum Folded {
    Nothing,
    Phrases(Vec<Vec<String>>),
    Name(String),
}

impl Folded {
    fn of(cond: &Cond) -> Folded {
        match cond {
            Cond::Keywords { any_of } => {
                Folded::Phrases(any_of.iter().map(|p| phrase_words(p)).collect())
            }
            Cond::OwnsProduct { name } => Folded::Name(fold(name)),
            _ => Folded::Nothing,
        }
    }
}

/// A complaint prepared for matching: its text and the products folded
/// once.
struct Subject<'a> {
    complaint: &'a Complaint,
    facts: &'a CustomerFacts,
    text: String,
    products: Vec<String>,
    local: DateTime<FixedOffset>,
}

impl Cond {
    fn holds(&self, folded: &Folded, s: &Subject<'_>) -> bool {
        let f = s.facts;
        match (self, folded) {
            (Cond::Keywords { .. }, Folded::Phrases(phrases)) => {
                return phrases.iter().any(|words| words_match(&s.text, words));
            }
            (Cond::OwnsProduct { .. }, Folded::Name(name)) => {
                return !name.is_empty() && s.products.iter().any(|p| p.contains(name.as_str()));
            }
            _ => {}
        }
        match self {
            Cond::Tier { any_of } => f.tier.is_some_and(|t| any_of.contains(&t)),
            Cond::RfmSegment { any_of } => f.rfm.is_some_and(|r| any_of.contains(&r)),
            Cond::ClvAtLeast { value } => f.clv.is_some_and(|v| v >= *value),
            Cond::PAliveBelow { value } => f.p_alive.is_some_and(|v| v < *value),
            Cond::OwnsProduct { name } => {
                let name = fold(name);
                !name.is_empty() && s.products.iter().any(|p| p.contains(&name))
            }
            Cond::OpenCasesAtLeast { count } => f.open_cases >= *count,
            Cond::RecentCasesAtLeast { count } => f.recent_cases >= *count,
            Cond::Category { any_of } => any_of.contains(&s.complaint.category),
            Cond::Keywords { any_of } => any_of.iter().any(|p| phrase_matches(&s.text, p)),
            Cond::Channel { any_of } => any_of.contains(&s.complaint.channel),
            Cond::Public { is } => s.complaint.public == *is,
            Cond::ReachOver { followers } => s.complaint.reach > *followers,
            Cond::Hours { from, to } => {
                let h = s.local.hour() as u8;
                if from <= to {
                    *from <= h && h < *to
                } else {
                    h >= *from || h < *to
                }
            }
            Cond::Weekend => matches!(
                s.local.weekday(),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ),
        }
    }
}

fn all_hold(conds: &[Cond], folded: &[Folded], s: &Subject<'_>) -> bool {
    conds.iter().zip(folded).all(|(c, f)| c.holds(f, s))
}

/// A rule set prepared for triaging many complaints: every keyword phrase
/// and product name folded once ([`RuleSet::prepare`]).
pub struct Prepared<'a> {
    rules: &'a RuleSet,
    offset: FixedOffset,
    rule_conds: Vec<Vec<Folded>>,
    routing_conds: Vec<Vec<Folded>>,
    categories: Vec<(Category, Vec<Vec<String>>)>,
}

impl Prepared<'_> {
    /// See [`RuleSet::detect_category`].
    pub fn detect_category(&self, text: &str) -> Category {
        let folded = fold(text);
        self.categories
            .iter()
            .find(|(_, phrases)| phrases.iter().any(|w| words_match(&folded, w)))
            .map_or(Category::Other, |(c, _)| *c)
    }

    /// See [`RuleSet::triage`].
    pub fn triage(&self, complaint: &Complaint, facts: &CustomerFacts) -> Triage {
        let subject = Subject {
            complaint,
            facts,
            text: fold(&complaint.text),
            products: facts
                .products
                .iter()
                .chain(&complaint.products)
                .map(|p| fold(p))
                .collect(),
            local: complaint.at.with_timezone(&self.offset),
        };
        let rules = self.rules;
        let mut reasons = Vec::new();
        let mut level = rules.default_level;
        let holds = |i: usize| all_hold(&rules.rules[i].when, &self.rule_conds[i], &subject);
        if let Some(i) = (0..rules.rules.len()).find(|&i| !rules.rules[i].discriminator && holds(i))
        {
            level = rules.rules[i].level;
            reasons.push(reason(&rules.rules[i]));
        }
        for i in (0..rules.rules.len()).filter(|&i| rules.rules[i].discriminator && holds(i)) {
            level = level.most_urgent(rules.rules[i].level);
            reasons.push(reason(&rules.rules[i]));
        }
        let routed = (0..rules.routing.len())
            .find(|&i| all_hold(&rules.routing[i].when, &self.routing_conds[i], &subject))
            .map(|i| &rules.routing[i]);
        Triage {
            level,
            reasons,
            department: routed.map_or_else(DepartmentId::care, |r| r.department.clone()),
            routed_by: routed.map(|r| r.id.clone()),
            rules_version: rules.version,
        }
    }
}

impl RuleSet {
    /// The targets of a level (the default set has all five).
    pub fn targets(&self, level: Level) -> Option<&LevelTargets> {
        self.levels.iter().find(|t| t.level == level)
    }

    pub fn department(&self, id: &DepartmentId) -> Option<&Department> {
        self.departments.iter().find(|d| &d.id == id)
    }

    /// The category a text speaks of: the first category whose words
    /// match, or `Other`.
    pub fn detect_category(&self, text: &str) -> Category {
        self.prepare().detect_category(text)
    }

    /// The set prepared for many triages (phrases folded once).
    pub fn prepare(&self) -> Prepared<'_> {
        let fold_all = |conds: &[Cond]| conds.iter().map(Folded::of).collect::<Vec<_>>();
        Prepared {
            rules: self,
            offset: FixedOffset::east_opt(self.utc_offset_minutes * 60)
                .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC")),
            rule_conds: self.rules.iter().map(|r| fold_all(&r.when)).collect(),
            routing_conds: self.routing.iter().map(|r| fold_all(&r.when)).collect(),
            categories: self
                .category_words
                .iter()
                .map(|c| {
                    (
                        c.category,
                        c.any_of.iter().map(|p| phrase_words(p)).collect(),
                    )
                })
                .collect(),
        }
    }

    /// The procedure for a level and category (the most specific one).
    pub fn procedure(&self, level: Level, category: Category) -> Option<&Procedure> {
        let rank = |p: &Procedure| match (p.level, p.category) {
            (Some(l), Some(c)) if l == level && c == category => Some(0),
            (Some(l), None) if l == level => Some(1),
            (None, Some(c)) if c == category => Some(2),
            (None, None) => Some(3),
            _ => None,
        };
        self.procedures
            .iter()
            .filter_map(|p| rank(p).map(|r| (r, p)))
            .min_by_key(|(r, _)| *r)
            .map(|(_, p)| p)
    }

    /// Triage and routing of one complaint (for many, [`RuleSet::prepare`]
    /// once and triage with the prepared set).
    pub fn triage(&self, complaint: &Complaint, facts: &CustomerFacts) -> Triage {
        self.prepare().triage(complaint, facts)
    }

    /// Reads a rule set in its JSON form (what the rules page downloads and
    /// `ilgi triage --rules` reads).
    ///
    /// # Errors
    ///
    /// [`RulesJsonError`] with the line and column where the text stops
    /// being a rule set.
    pub fn from_json(text: &str) -> Result<RuleSet, RulesJsonError> {
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            // serde's text ends with the position, which is given apart.
            let mut message = e.to_string();
            if let Some(at) = message.rfind(" at line ") {
                message.truncate(at);
            }
            RulesJsonError {
                line: e.line(),
                column: e.column(),
                message,
            }
        })
    }

    /// Every problem of the set as English text, each with where it is
    /// (`rules[2].when[0]: no keyword`): what `ilgi triage` prints.
    pub fn validate(&self) -> Vec<String> {
        self.problems().iter().map(ToString::to_string).collect()
    }

    /// Every problem of the set, each with where it is (the rules page
    /// shows them translated: [`RuleProblem::key`]).
    pub fn problems(&self) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        let mut add = |path: String, kind: ProblemKind| out.push(RuleProblem { path, kind });
        if self.format > RULES_FORMAT {
            add(
                "format".into(),
                ProblemKind::NewerFormat { found: self.format },
            );
        }
        for level in Level::ALL {
            let path = format!("levels[{}]", level.number());
            match self.targets(level) {
                None => add("levels".into(), ProblemKind::NoTargets { level }),
                Some(t) if t.resolution_minutes < t.first_response_minutes => add(
                    path,
                    ProblemKind::ResolutionShorter {
                        resolution: t.resolution_minutes,
                        first_response: t.first_response_minutes,
                    },
                ),
                Some(t) if t.first_response_minutes == 0 => {
                    add(path, ProblemKind::FirstResponseZero)
                }
                _ => {}
            }
        }
        let mut ids = std::collections::HashSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.id.trim().is_empty() {
                add(format!("rules[{i}].id"), ProblemKind::Empty);
            } else if !ids.insert(rule.id.as_str()) {
                add(
                    format!("rules[{i}].id"),
                    ProblemKind::UsedTwice {
                        id: rule.id.clone(),
                    },
                );
            }
            if rule.name.trim().is_empty() {
                add(format!("rules[{i}].name"), ProblemKind::Empty);
            }
            check_conds(&format!("rules[{i}]"), &rule.when, &mut add);
        }
        for (i, route) in self.routing.iter().enumerate() {
            if self.department(&route.department).is_none() {
                add(
                    format!("routing[{i}].department"),
                    ProblemKind::UnknownDepartment {
                        id: route.department.to_string(),
                    },
                );
            }
            check_conds(&format!("routing[{i}]"), &route.when, &mut add);
        }
        for required in [DepartmentId::care(), DepartmentId::management()] {
            if self.department(&required).is_none() {
                add(
                    "departments".into(),
                    ProblemKind::RequiredDepartment {
                        id: required.to_string(),
                    },
                );
            }
        }
        for (i, d) in self.departments.iter().enumerate() {
            if let Some(calendar) = &d.calendar
                && let Err(errors) = calendar.validate()
            {
                for e in errors {
                    add(
                        format!("departments[{i}].calendar.{}", e.field),
                        ProblemKind::Calendar { detail: e.message },
                    );
                }
            }
        }
        out
    }
}

/// Why a text is not a rule set: where, and serde's message (English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesJsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One problem of a rule set and where it is (its JSON path).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProblem {
    pub path: String,
    pub kind: ProblemKind,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    NewerFormat {
        found: u32,
    },
    NoTargets {
        level: Level,
    },
    ResolutionShorter {
        resolution: u32,
        first_response: u32,
    },
    FirstResponseZero,
    Empty,
    UsedTwice {
        id: String,
    },
    UnknownDepartment {
        id: String,
    },
    RequiredDepartment {
        id: String,
    },
    /// A department's business hours (the calendar's own message).
    Calendar {
        detail: String,
    },
    NoKeyword,
    NoProductName,
    HoursRange,
    NoChoice,
    Probability,
    NotANumber,
}

impl RuleProblem {
    /// Translation key of the message.
    pub fn key(&self) -> &'static str {
        match &self.kind {
            ProblemKind::NewerFormat { .. } => "rules-problem-newer-format",
            ProblemKind::NoTargets { .. } => "rules-problem-no-targets",
            ProblemKind::ResolutionShorter { .. } => "rules-problem-resolution-shorter",
            ProblemKind::FirstResponseZero => "rules-problem-first-response-zero",
            ProblemKind::Empty => "rules-problem-empty",
            ProblemKind::UsedTwice { .. } => "rules-problem-used-twice",
            ProblemKind::UnknownDepartment { .. } => "rules-problem-unknown-department",
            ProblemKind::RequiredDepartment { .. } => "rules-problem-required-department",
            ProblemKind::Calendar { .. } => "rules-problem-calendar",
            ProblemKind::NoKeyword => "rules-problem-no-keyword",
            ProblemKind::NoProductName => "rules-problem-no-product",
            ProblemKind::HoursRange => "rules-problem-hours",
            ProblemKind::NoChoice => "rules-problem-no-choice",
            ProblemKind::Probability => "rules-problem-probability",
            ProblemKind::NotANumber => "rules-problem-not-a-number",
        }
    }

    /// The problem in `lang`: where, then what.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{Arg, catalog};
        let args: Vec<(&str, Arg<'_>)> = match &self.kind {
            ProblemKind::NewerFormat { found } => vec![
                ("found", Arg::Num(f64::from(*found))),
                ("supported", Arg::Num(f64::from(RULES_FORMAT))),
            ],
            ProblemKind::NoTargets { level } => {
                vec![("level", Arg::Num(f64::from(level.number())))]
            }
            ProblemKind::ResolutionShorter {
                resolution,
                first_response,
            } => vec![
                ("resolution", Arg::Num(f64::from(*resolution))),
                ("first", Arg::Num(f64::from(*first_response))),
            ],
            ProblemKind::UsedTwice { id }
            | ProblemKind::UnknownDepartment { id }
            | ProblemKind::RequiredDepartment { id } => vec![("id", Arg::Str(id))],
            ProblemKind::Calendar { detail } => vec![("detail", Arg::Str(detail))],
            _ => Vec::new(),
        };
        format!(
            "{}: {}",
            self.path,
            catalog().text_with(lang, self.key(), &args)
        )
    }
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            ProblemKind::NewerFormat { found } => {
                format!("{found} is newer than this app reads ({RULES_FORMAT})")
            }
            ProblemKind::NoTargets { level } => format!("no targets for level {}", level.number()),
            ProblemKind::ResolutionShorter {
                resolution,
                first_response,
            } => format!(
                "the resolution target ({resolution} min) is shorter than the first response target ({first_response} min)"
            ),
            ProblemKind::FirstResponseZero => {
                "the first response target must be at least 1 minute".into()
            }
            ProblemKind::Empty => "empty".into(),
            ProblemKind::UsedTwice { id } => format!("{id:?} is used twice"),
            ProblemKind::UnknownDepartment { id } => {
                format!("{id:?} is not a department of the set")
            }
            ProblemKind::RequiredDepartment { id } => {
                format!("{id:?} is required (the fallback inbox and the end of every escalation)")
            }
            ProblemKind::Calendar { detail } => detail.clone(),
            ProblemKind::NoKeyword => "no keyword".into(),
            ProblemKind::NoProductName => "no product name".into(),
            ProblemKind::HoursRange => "hours are 0–24".into(),
            ProblemKind::NoChoice => "nothing is chosen".into(),
            ProblemKind::Probability => "a probability is 0–1".into(),
            ProblemKind::NotANumber => "not a number".into(),
        };
        write!(f, "{}: {what}", self.path)
    }
}

fn check_conds(path: &str, conds: &[Cond], add: &mut impl FnMut(String, ProblemKind)) {
    for (j, c) in conds.iter().enumerate() {
        let bad = match c {
            Cond::Keywords { any_of } if any_of.iter().all(|p| fold(p).is_empty()) => {
                Some(ProblemKind::NoKeyword)
            }
            Cond::OwnsProduct { name } if fold(name).is_empty() => Some(ProblemKind::NoProductName),
            Cond::Hours { from, to } if *from > 24 || *to > 24 => Some(ProblemKind::HoursRange),
            Cond::Tier { any_of } if any_of.is_empty() => Some(ProblemKind::NoChoice),
            Cond::Category { any_of } if any_of.is_empty() => Some(ProblemKind::NoChoice),
            Cond::Channel { any_of } if any_of.is_empty() => Some(ProblemKind::NoChoice),
            Cond::RfmSegment { any_of } if any_of.is_empty() => Some(ProblemKind::NoChoice),
            Cond::PAliveBelow { value } if !(0.0..=1.0).contains(value) => {
                Some(ProblemKind::Probability)
            }
            Cond::ClvAtLeast { value } if !value.is_finite() => Some(ProblemKind::NotANumber),
            _ => None,
        };
        if let Some(bad) = bad {
            add(format!("{path}.when[{j}]"), bad);
        }
    }
}

fn reason(rule: &Rule) -> Reason {
    Reason {
        rule: rule.id.clone(),
        name: rule.name.clone(),
        level: rule.level,
        discriminator: rule.discriminator,
    }
}

/// What triage knows of a customer: their tier and products, the value
/// analysis' RFM segment, CLV and P(alive) when it has run, and their
/// other cases (`(created_at, still open)` each) counted as open and as
/// recent within `recent_days` before `now` (Unix milliseconds).
pub fn customer_facts(
    customer: &crate::model::Customer,
    metrics: Option<&crate::metrics::Metrics>,
    cases: impl IntoIterator<Item = (i64, bool)>,
    now: i64,
    recent_days: u32,
) -> CustomerFacts {
    let window = i64::from(recent_days) * 86_400_000;
    let mut facts = CustomerFacts {
        tier: Some(customer.tier),
        rfm: metrics.and_then(|m| m.rfm.map(|r| r.segment)),
        clv: metrics.and_then(|m| m.clv),
        p_alive: metrics.and_then(|m| m.p_alive),
        products: customer.products.clone(),
        open_cases: 0,
        recent_cases: 0,
    };
    for (created_at, open) in cases {
        if open {
            facts.open_cases += 1;
        }
        if created_at <= now && now - created_at <= window {
            facts.recent_cases += 1;
        }
    }
    facts
}
