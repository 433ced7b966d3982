//! Triage tables, journey properties and SLA deadlines of cases.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::model::{Id, Record, Tier};
use crate::rfm::Segment;

fn istanbul(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    // Türkiye is UTC+3 all year.
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - chrono::Duration::hours(3)
}

fn complaint(text: &str) -> Complaint {
    let rules = default_rules();
    Complaint {
        category: rules.detect_category(text),
        channel: CaseChannel::Phone,
        text: text.to_string(),
        products: Vec::new(),
        public: false,
        reach: 0,
        // A Tuesday morning.
        at: istanbul(2026, 12, 1, 10, 0),
    }
}

fn customer(tier: Tier, products: &[&str]) -> CustomerFacts {
    CustomerFacts {
        tier: Some(tier),
        products: products.iter().map(|p| (*p).to_string()).collect(),
        ..CustomerFacts::default()
    }
}

fn rule_ids(t: &Triage) -> Vec<&str> {
    t.reasons.iter().map(|r| r.rule.as_str()).collect()
}

#[test]
fn the_seed_example_is_very_urgent_in_every_spelling_and_less_urgent_for_a_standard_customer() {
    let rules = default_rules();
    let platinum = customer(Tier::Platinum, &["iPhone 15 Pro"]);
    let standard = customer(Tier::Standard, &["iPhone 15 Pro"]);
    for text in [
        "3G çekmiyor",
        "3G ÇEKMİYOR",
        "3g cekmiyor",
        "Merhaba, 3G'im iki gündür hiç çekmiyor!!",
        "3g  Çekmiyor.",
    ] {
        let c = complaint(text);
        assert_eq!(c.category, Category::Connectivity, "{text}");
        let t = rules.triage(&c, &platinum);
        assert_eq!(t.level, Level::VeryUrgent, "{text}: {:?}", t.reasons);
        assert_eq!(rule_ids(&t), ["platinum-iphone-no-connection"], "{text}");
        assert_eq!(t.department.as_str(), "technical", "{text}");
        let t = rules.triage(&c, &standard);
        assert!(t.level > Level::VeryUrgent, "{text}: {:?}", t.level);
        assert_eq!(t.level, Level::Urgent);
        assert_eq!(rule_ids(&t), ["no-connection"]);
    }
    // Owning no iPhone: the general rule for top tiers.
    let t = rules.triage(
        &complaint("3G çekmiyor"),
        &customer(Tier::Platinum, &["Galaxy S24"]),
    );
    assert_eq!(
        (t.level, rule_ids(&t)),
        (Level::Urgent, vec!["top-tier-no-connection"])
    );
    // The device named in the complaint counts as owned.
    let mut c = complaint("3G çekmiyor");
    c.products = vec!["iphone 13".into()];
    let t = rules.triage(&c, &customer(Tier::Platinum, &[]));
    assert_eq!(t.level, Level::VeryUrgent);
}

#[test]
fn discriminators_force_a_minimum_level_and_say_so() {
    let rules = default_rules();
    let nobody = CustomerFacts::default();
    // (text, public, reach, facts, level, rules that decided)
    type Row<'a> = (&'a str, bool, u64, CustomerFacts, Level, Vec<&'a str>);
    let cases: Vec<Row> = vec![
        (
            "Kargom gelmedi",
            false,
            0,
            nobody.clone(),
            Level::Standard,
            vec![],
        ),
        (
            "Kargom gelmedi",
            true,
            10_000,
            nobody.clone(),
            Level::Standard,
            vec!["social-public"],
        ),
        (
            "Kargom gelmedi",
            true,
            10_001,
            nobody.clone(),
            Level::VeryUrgent,
            vec!["public-reach", "social-public"],
        ),
        (
            "Telefonum şarj olurken alev aldı",
            false,
            0,
            nobody.clone(),
            Level::Immediate,
            vec!["safety"],
        ),
        (
            "Faturam fazla çekildi, avukatıma gideceğim",
            false,
            0,
            nobody.clone(),
            Level::VeryUrgent,
            vec!["billing-dispute", "legal"],
        ),
        (
            "Bir önerim var",
            false,
            0,
            nobody.clone(),
            Level::NonUrgent,
            vec!["suggestion"],
        ),
        (
            "Kargom gelmedi",
            false,
            0,
            CustomerFacts {
                recent_cases: 2,
                ..nobody.clone()
            },
            Level::Urgent,
            vec!["repeat"],
        ),
        (
            "Kargom gelmedi",
            false,
            0,
            CustomerFacts {
                rfm: Some(Segment::Champions),
                ..nobody.clone()
            },
            Level::Urgent,
            vec!["valuable"],
        ),
    ];
    for (text, public, reach, facts, level, decided) in cases {
        let mut c = complaint(text);
        c.public = public;
        c.reach = reach;
        if public {
            c.channel = CaseChannel::Social;
        }
        let t = rules.triage(&c, &facts);
        assert_eq!(t.level, level, "{text} public={public} reach={reach}");
        assert_eq!(rule_ids(&t), decided, "{text}");
        assert!(t.reasons.iter().all(|r| !r.name.is_empty()));
    }
}

#[test]
fn routing_follows_the_category_and_falls_back_to_care() {
    let rules = default_rules();
    for (text, department) in [
        ("İnternetim yok iki gündür", "technical"),
        ("Ekranım kırıldı, telefon açılmıyor", "technical"),
        ("Faturamda fazla ücret var", "billing"),
        ("Siparişim hâlâ teslim edilmedi", "logistics"),
        ("Yeni tarife almak istiyorum", "sales"),
        ("Mağazadaki personel çok kabaydı", "care"),
        ("Merhaba", "care"),
    ] {
        let t = rules.triage(&complaint(text), &CustomerFacts::default());
        assert_eq!(t.department.as_str(), department, "{text}");
    }
}

#[test]
fn time_conditions_use_the_rule_sets_local_time() {
    let mut rules = default_rules();
    rules.rules.insert(
        0,
        Rule {
            id: "night".into(),
            name: "At night".into(),
            when: vec![Cond::Hours { from: 22, to: 7 }],
            level: Level::Urgent,
            discriminator: false,
        },
    );
    let mut c = complaint("Kargom gelmedi");
    c.at = istanbul(2026, 12, 1, 23, 30);
    assert_eq!(
        rules.triage(&c, &CustomerFacts::default()).level,
        Level::Urgent
    );
    c.at = istanbul(2026, 12, 1, 7, 0);
    assert_eq!(
        rules.triage(&c, &CustomerFacts::default()).level,
        Level::Standard
    );
}

#[test]
fn the_default_rules_are_valid_and_a_broken_set_names_each_problem() {
    assert_eq!(default_rules().validate(), Vec::<String>::new());
    let mut rules = default_rules();
    rules.levels.retain(|t| t.level != Level::Urgent);
    rules.rules[1].id = rules.rules[0].id.clone();
    rules.rules[2].when.push(Cond::Keywords {
        any_of: vec!["  ".into()],
    });
    rules.routing[0].department = DepartmentId::new("nowhere");
    rules.departments.retain(|d| d.id.as_str() != "management");
    let problems = rules.validate();
    for expected in [
        "levels: no targets for level 3",
        "rules[1].id: \"platinum-iphone-no-connection\" is used twice",
        "rules[2].when[1]: no keyword",
        "routing[0].department: \"nowhere\" is not a department of the set",
        "departments: \"management\" is required",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected} missing from {problems:#?}"
        );
    }
    // The same problems in both languages of the app, every value filled.
    for lang in [crate::i18n::Lang::Tr, crate::i18n::Lang::En] {
        for p in rules.problems() {
            let text = p.message(lang);
            assert!(crate::i18n::catalog().has(p.key()), "{}", p.key());
            assert!(text.starts_with(&p.path) && !text.contains('{'), "{text}");
        }
    }
    let tr: Vec<String> = rules
        .problems()
        .iter()
        .map(|p| p.message(crate::i18n::Lang::Tr))
        .collect();
    assert!(
        tr.contains(&"levels: 3. seviyenin hedefi yok".to_string()),
        "{tr:#?}"
    );
}

#[test]
fn every_rule_problem_is_translated() {
    use triage::{ProblemKind, RuleProblem};
    let kinds = [
        ProblemKind::NewerFormat { found: 9 },
        ProblemKind::NoTargets {
            level: Level::Urgent,
        },
        ProblemKind::ResolutionShorter {
            resolution: 10,
            first_response: 60,
        },
        ProblemKind::FirstResponseZero,
        ProblemKind::Empty,
        ProblemKind::UsedTwice { id: "a".into() },
        ProblemKind::UnknownDepartment { id: "a".into() },
        ProblemKind::RequiredDepartment { id: "care".into() },
        ProblemKind::Calendar {
            detail: "hours.monday: closing 08:00 is before opening 09:00".into(),
        },
        ProblemKind::NoKeyword,
        ProblemKind::NoProductName,
        ProblemKind::HoursRange,
        ProblemKind::NoChoice,
        ProblemKind::Probability,
        ProblemKind::NotANumber,
    ];
    for kind in kinds {
        let p = RuleProblem {
            path: "x".into(),
            kind,
        };
        for lang in [crate::i18n::Lang::Tr, crate::i18n::Lang::En] {
            assert!(crate::i18n::catalog().has(p.key()), "{}", p.key());
            let text = p.message(lang);
            assert!(!text.contains('{') && text.len() > 4, "{text}");
        }
        assert_ne!(
            p.message(crate::i18n::Lang::Tr),
            p.message(crate::i18n::Lang::En)
        );
    }
}

#[test]
fn the_most_specific_procedure_applies() {
    let rules = default_rules();
    let p = rules
        .procedure(Level::Immediate, Category::Connectivity)
        .unwrap();
    assert_eq!(p.level, Some(Level::Immediate));
    let p = rules
        .procedure(Level::Urgent, Category::Connectivity)
        .unwrap();
    assert_eq!(p.category, Some(Category::Connectivity));
    let p = rules
        .procedure(Level::Standard, Category::Delivery)
        .unwrap();
    assert_eq!((p.level, p.category), (None, None));
    assert!(!p.checklist.is_empty() && !p.replies[0].tr.is_empty());
}

#[test]
fn case_numbers_are_readable_and_differ_between_installations() {
    let a = Id::v7(1_700_000_000_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let b = Id::v7(1_700_000_000_000, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let n = case_number(a, 42);
    assert!(n.starts_with("K-") && n.ends_with("-0042"), "{n}");
    assert_eq!(n.len(), "K-XXXX-0042".len());
    assert!(!n.contains(['I', 'L', 'O', 'U']));
    assert_ne!(case_number(a, 1), case_number(b, 1));
    assert_eq!(case_number(a, 12_345), format!("{}-12345", &n[..6]));
}

#[test]
fn a_new_client_id_renumbers_its_own_cases_with_the_same_counters() {
    let old = Id::v7(1_700_000_000_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let new = Id::v7(1_700_000_000_000, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let other = Id::v7(1_700_000_000_000, [5; 10]);
    let mut mine = a_case(Id::v7(1, [1; 10]), 0);
    mine.number = case_number(old, 7);
    let mut theirs = a_case(Id::v7(2, [2; 10]), 0);
    theirs.number = case_number(other, 7);
    let mut gone = a_case(Id::v7(3, [3; 10]), 0);
    gone.number = case_number(old, 8);
    gone.deleted = true;
    let mut odd = a_case(Id::v7(4, [4; 10]), 0);
    odd.number = format!("{}-x", &case_number(old, 0)[..6]);
    let pairs = model::renumber(&[mine.clone(), theirs, gone, odd], old, new);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].0, mine);
    assert_eq!(pairs[0].1.number, case_number(new, 7));
    assert_eq!(pairs[0].1.id, mine.id);
}

// ---------------------------------------------------------------- journey

fn ids() -> impl FnMut() -> Id {
    let mut n = 0u64;
    move || {
        n += 1;
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&n.to_be_bytes());
        Id::v7(1_700_000_000_000, bytes)
    }
}

fn case_id() -> Id {
    Id::v7(1_700_000_000_000, [9; 10])
}

const T0: i64 = 1_764_576_000_000; // 2025-12-01T08:00:00Z, a Monday, 11:00 in Istanbul

fn create(level: Level, department: &str) -> Op {
    Op::Create {
        level,
        reasons: Vec::new(),
        rules_version: 1,
        department: DepartmentId::new(department),
    }
}

/// Applies operations one after another; returns the journey and the
/// state after each successful operation.
fn run(ops: &[(i64, Op)]) -> (Vec<CaseEvent>, CaseState, Vec<Result<(), TransitionError>>) {
    let mut new_id = ids();
    let mut journey = Vec::new();
    let mut state = CaseState::default();
    let mut results = Vec::new();
    for (at, op) in ops {
        match perform(&state, case_id(), op.clone(), *at, "Ayşe", &mut new_id) {
            Ok(events) => {
                for e in &events {
                    state.apply(e).expect("perform checked it");
                }
                journey.extend(events);
                results.push(Ok(()));
            }
            Err(e) => results.push(Err(e)),
        }
    }
    (journey, state, results)
}

#[test]
fn a_rejection_needs_a_named_department_and_a_reason_and_the_third_escalates() {
    let minute = 60_000;
    let (journey, state, results) = run(&[
        (T0, create(Level::Urgent, "care")),
        (
            T0 + minute,
            Op::Reject {
                to: DepartmentId::new(""),
                reason: "bizim değil".into(),
            },
        ),
        (
            T0 + minute,
            Op::Reject {
                to: DepartmentId::new("technical"),
                reason: " ".into(),
            },
        ),
        (
            T0 + 2 * minute,
            Op::Reject {
                to: DepartmentId::new("technical"),
                reason: "Bağlantı sorunu".into(),
            },
        ),
        (
            T0 + 3 * minute,
            Op::Reject {
                to: DepartmentId::new("billing"),
                reason: "Fatura itirazı".into(),
            },
        ),
        (
            T0 + 4 * minute,
            Op::Reject {
                to: DepartmentId::new("technical"),
                reason: "Yine bağlantı".into(),
            },
        ),
    ]);
    assert_eq!(results[1], Err(TransitionError::NoDepartmentNamed));
    assert_eq!(results[2], Err(TransitionError::NoReason));
    assert!(results[3..].iter().all(Result::is_ok));
    assert_eq!(state.bounces, 3);
    assert_eq!(state.department.as_ref().unwrap().as_str(), "technical");
    assert_eq!(state.escalation, Some(EscalationStep::TeamLead));
    let last = journey.last().unwrap();
    assert_eq!(
        last.kind,
        EventKind::Escalated {
            step: EscalationStep::TeamLead,
            cause: EscalationCause::Bounced
        }
    );
    assert_eq!(last.by, model::SYSTEM);
    let rejected: Vec<(&str, &str, &str)> = journey
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Rejected { from, to, reason } => {
                Some((from.as_str(), to.as_str(), reason.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        rejected,
        [
            ("care", "technical", "Bağlantı sorunu"),
            ("technical", "billing", "Fatura itirazı"),
            ("billing", "technical", "Yine bağlantı")
        ]
    );
}

#[test]
fn invalid_transitions_are_refused_with_their_reason() {
    let (_, state, results) = run(&[
        (T0, Op::Reply("erken".into())),
        (T0, create(Level::Standard, "care")),
        (T0 + 10, create(Level::Standard, "care")),
        (T0 + 20, Op::CustomerResponded),
        (T0 + 30, Op::Close),
        (T0 + 40, Op::Reopen("neden".into())),
        (T0 + 50, Op::Route(DepartmentId::care())),
        (T0 + 60, Op::Reply("   ".into())),
        (T0 + 70, Op::Resolve("tamam".into())),
        (T0 + 80, Op::Reply("ek bilgi".into())),
        (T0 + 90, Op::Assign(Some("Can".into()))),
        (T0 + 100, Op::Close),
        (T0 + 110, Op::Resolve("yine".into())),
        (T0 + 120, Op::Reopen("müşteri geri yazdı".into())),
    ]);
    assert_eq!(
        results,
        [
            Err(TransitionError::NotCreated),
            Ok(()),
            Err(TransitionError::AlreadyCreated),
            Err(TransitionError::NotWaiting),
            Err(TransitionError::NotResolved),
            Err(TransitionError::NotResolvedOrClosed),
            Err(TransitionError::SameDepartment(DepartmentId::care())),
            Err(TransitionError::EmptyReply),
            Ok(()),
            Ok(()),
            Err(TransitionError::Resolved),
            Ok(()),
            Err(TransitionError::Closed),
            Ok(()),
        ]
    );
    assert_eq!(state.status, Some(Status::InProgress));
    for e in results.iter().flatten_err() {
        assert!(e.key().starts_with("case-error-"));
    }
}

trait FlattenErr<'a> {
    fn flatten_err(self) -> Box<dyn Iterator<Item = &'a TransitionError> + 'a>;
}

impl<'a, I: Iterator<Item = &'a Result<(), TransitionError>> + 'a> FlattenErr<'a> for I {
    fn flatten_err(self) -> Box<dyn Iterator<Item = &'a TransitionError> + 'a> {
        Box::new(self.filter_map(|r| r.as_ref().err()))
    }
}

fn op() -> impl Strategy<Value = Op> {
    let dept = prop::sample::select(vec!["care", "technical", "billing", "logistics", ""]);
    let text = prop::sample::select(vec!["", " ", "tamam", "Bağlantı"]);
    prop_oneof![
        1 => prop::sample::select(Level::ALL.to_vec()).prop_map(|l| create(l, "care")),
        1 => prop::sample::select(Level::ALL.to_vec()).prop_map(|level| Op::Retriage {
            level,
            reasons: Vec::new(),
            rules_version: 2,
        }),
        2 => dept.clone().prop_map(|d| Op::Route(DepartmentId::new(d))),
        3 => (dept, text.clone()).prop_map(|(d, r)| Op::Reject {
            to: DepartmentId::new(d),
            reason: r.to_string(),
        }),
        1 => proptest::option::of(Just("Can".to_string())).prop_map(Op::Assign),
        2 => text.clone().prop_map(|t| Op::Reply(t.to_string())),
        2 => Just(Op::WaitOnCustomer),
        2 => Just(Op::CustomerResponded),
        1 => Just(Op::Escalate(EscalationCause::Manual)),
        2 => text.clone().prop_map(|t| Op::Resolve(t.to_string())),
        1 => text.prop_map(|t| Op::Reopen(t.to_string())),
        1 => Just(Op::Close),
    ]
}

fn script() -> impl Strategy<Value = Vec<(i64, Op)>> {
    proptest::collection::vec((0i64..3, op()), 1..40).prop_map(|steps| {
        // Always start with a creation; times never go back.
        let mut at = T0;
        let mut out = vec![(at, create(Level::Standard, "care"))];
        for (gap, op) in steps {
            at += gap * 60_000;
            out.push((at, op));
        }
        out
    })
}

/// What must hold of every state a journey can reach.
fn valid(state: &CaseState) -> Result<(), String> {
    let status = state.status.ok_or("no status")?;
    if !state.created || state.department.is_none() {
        return Err("not created or routed".into());
    }
    if (status == Status::Resolved || status == Status::Closed) != state.resolved_at.is_some() {
        return Err(format!(
            "{status:?} with resolved_at {:?}",
            state.resolved_at
        ));
    }
    let running = state.running.last().is_some_and(|s| s.end.is_none());
    let should_run = matches!(status, Status::Open | Status::InProgress);
    if running != should_run {
        return Err(format!("{status:?} but clock running = {running}"));
    }
    if state
        .running
        .windows(2)
        .any(|w| w[0].end.is_none_or(|e| e > w[1].start))
    {
        return Err("clock stretches overlap".into());
    }
    let open_stays = state.stays.iter().filter(|(_, s)| s.end.is_none()).count();
    if open_stays > 1 {
        return Err("in two departments at once".into());
    }
    if state
        .first_response_at
        .is_some_and(|t| t < state.created_at)
    {
        return Err("answered before created".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_state_derived_from_the_journey_is_the_state_after_each_operation(ops in script()) {
        let mut new_id = ids();
        let mut journey: Vec<CaseEvent> = Vec::new();
        let mut state = CaseState::default();
        for (at, op) in ops {
            if let Ok(events) = perform(&state, case_id(), op, at, "Ayşe", &mut new_id) {
                for e in &events {
                    state.apply(e).unwrap();
                }
                journey.extend(events);
                prop_assert_eq!(&derive(&journey), &state);
            }
            prop_assert!(valid(&state).is_ok(), "{:?}: {:?}", valid(&state), state);
        }
        // Every event is kept and applied, in any order of delivery, even
        // delivered twice.
        let mut shuffled = journey.clone();
        shuffled.reverse();
        shuffled.extend(journey.iter().take(3).cloned());
        let again = derive(&shuffled);
        prop_assert_eq!(&again, &state);
        prop_assert_eq!(again.applied.len() + again.ignored.len(), journey.len());
        prop_assert!(again.ignored.is_empty());
    }

    #[test]
    fn the_escalation_instant_says_when_the_check_asks_for_a_step(
        ops in script(),
        level in 0usize..5,
        later in proptest::collection::vec(0i64..(30 * 24 * 60), 1..6),
    ) {
        let rules = default_rules();
        let mut ops = ops;
        ops[0].1 = create(Level::ALL[level], "care");
        let (_, state, _) = run(&ops);
        let due_at = escalation_due_at(&state, &rules).unwrap();
        for minutes in later {
            let now = state.last_at + minutes * 60_000;
            let asked = due_escalation(&state, &rules, now).unwrap().is_some();
            prop_assert_eq!(
                asked,
                due_at.is_some_and(|t| t <= now),
                "due at {:?}, now {}, state {:?}", due_at, now, state
            );
        }
    }

    #[test]
    fn interleaved_journeys_of_two_devices_keep_every_event_and_a_valid_state(
        a in script(), b in script(),
    ) {
        // Two devices work on the same case from the same creation.
        let (ja, _, _) = run(&a);
        let (jb, _, _) = run(&b);
        let creation: Vec<CaseEvent> = ja.iter().take(3).cloned().collect();
        let mut all = ja.clone();
        // Device b's ids must not collide with a's.
        for mut e in jb.into_iter().skip(3) {
            let mut bytes = *e.id.as_bytes();
            bytes[15] ^= 0xff;
            bytes[14] ^= 0xff;
            e.id = Id::from_uuid(uuid::Uuid::from_bytes(bytes));
            all.push(e);
        }
        let state = derive(&all);
        prop_assert_eq!(state.applied.len() + state.ignored.len(), all.len());
        prop_assert!(valid(&state).is_ok(), "{:?}", valid(&state));
        prop_assert!(creation.iter().all(|e| state.applied.contains(&e.id)));
    }
}

// -------------------------------------------------------------- deadlines

#[test]
fn clocks_pause_while_waiting_and_count_business_minutes_per_department() {
    let rules = default_rules();
    let minute = 60_000i64;
    // Monday 11:00 Istanbul: Urgent (first response 240 min, resolution
    // 1,620 min).
    let (_, state, results) = run(&[
        (T0, create(Level::Urgent, "care")),
        (
            T0 + 30 * minute,
            Op::Reject {
                to: DepartmentId::new("technical"),
                reason: "Bağlantı".into(),
            },
        ),
        (T0 + 60 * minute, Op::Reply("Bakıyoruz".into())),
        (T0 + 90 * minute, Op::WaitOnCustomer),
        (T0 + 24 * 60 * minute, Op::CustomerResponded),
    ]);
    assert!(results.iter().all(Result::is_ok));
    // Tuesday 11:30: ran 11:00–12:30 Monday and 11:00–11:30 Tuesday.
    let now = T0 + (24 * 60 + 30) * minute;
    let d = deadlines(&state, &rules, now).unwrap();
    assert_eq!(d.elapsed_minutes, 120);
    assert!(d.running && !d.first_response_breached && !d.resolution_breached);
    assert_eq!(
        d.per_department,
        [
            (DepartmentId::care(), 30),
            (DepartmentId::new("technical"), 90)
        ]
    );
    // 1,500 business minutes left from Tuesday 11:30 (9 h a day):
    // Tue 6.5 h, Wed 9, Thu 9 → 24.5 h = 1,470; 30 min on Friday → 09:30.
    let due = d.resolution_due.unwrap();
    assert_eq!(due, istanbul(2025, 12, 5, 9, 30));
    assert!(d.first_response_due.is_none(), "answered");
}

#[test]
fn a_breach_escalates_one_step_at_a_time_up_to_management() {
    let rules = default_rules();
    let minute = 60_000i64;
    let (_, mut state, _) = run(&[(T0, create(Level::VeryUrgent, "technical"))]);
    let mut new_id = ids();
    // Very urgent: first response 60 min, resolution 540 min (business).
    let mut steps = Vec::new();
    for (offset, label) in [
        (30 * minute, "before the first target"),
        (61 * minute, "first response missed"),
        // Monday 11:00 + 540 business min = Tuesday 11:00.
        (24 * 60 * minute + minute, "resolution missed"),
        // Twice the resolution target: Wednesday 11:00.
        (2 * 24 * 60 * minute + minute, "twice the target"),
    ] {
        let now = T0 + offset;
        while let Some(op) = due_escalation(&state, &rules, now).unwrap() {
            let events = perform(&state, case_id(), op, now, model::SYSTEM, &mut new_id).unwrap();
            for e in &events {
                state.apply(e).unwrap();
            }
            steps.push((label, state.escalation));
        }
    }
    assert_eq!(
        steps,
        [
            ("first response missed", Some(EscalationStep::TeamLead)),
            ("resolution missed", Some(EscalationStep::DepartmentManager)),
            ("twice the target", Some(EscalationStep::UpperManagement)),
        ]
    );
    // At the top nothing more is asked for.
    assert_eq!(
        due_escalation(&state, &rules, T0 + 10 * 24 * 60 * minute).unwrap(),
        None
    );
}

#[test]
fn immediate_cases_count_every_minute_and_warn_before_the_breach() {
    let rules = default_rules();
    let minute = 60_000i64;
    // Saturday 23:00 Istanbul.
    let start = istanbul(2025, 12, 6, 23, 0).timestamp_millis();
    let (_, state, _) = run(&[(start, create(Level::Immediate, "technical"))]);
    let d = deadlines(&state, &rules, start + 10 * minute).unwrap();
    assert_eq!(d.elapsed_minutes, 10);
    assert_eq!(d.first_response_due.unwrap(), istanbul(2025, 12, 6, 23, 15));
    assert!(!d.warning);
    let d = deadlines(&state, &rules, start + 13 * minute).unwrap();
    assert!(d.warning && !d.first_response_breached);
    let d = deadlines(&state, &rules, start + 16 * minute).unwrap();
    assert!(d.first_response_breached);
}

#[test]
fn every_name_and_message_of_cases_is_translated() {
    use crate::i18n::catalog;
    let mut keys: Vec<&str> = Vec::new();
    keys.extend(Level::ALL.map(Level::key));
    keys.extend(CaseChannel::ALL.map(CaseChannel::key));
    keys.extend(Category::ALL.map(Category::key));
    keys.extend(Status::ALL.map(Status::key));
    keys.extend(EscalationStep::ALL.map(EscalationStep::key));
    for cause in [
        EscalationCause::FirstResponseBreach,
        EscalationCause::ResolutionBreach,
        EscalationCause::Bounced,
        EscalationCause::Manual,
    ] {
        keys.push(cause.key());
    }
    for d in default_rules().departments {
        keys.push(d.key().expect("default departments have names"));
    }
    let (journey, _, _) = run(&[
        (T0, create(Level::Urgent, "care")),
        (T0 + 10, Op::Reply("x".into())),
        (T0 + 20, Op::WaitOnCustomer),
        (T0 + 30, Op::CustomerResponded),
        (T0 + 40, Op::Assign(None)),
        (
            T0 + 50,
            Op::Reject {
                to: DepartmentId::new("billing"),
                reason: "x".into(),
            },
        ),
        (T0 + 60, Op::Escalate(EscalationCause::Manual)),
        (T0 + 70, Op::Resolve("x".into())),
        (T0 + 80, Op::Reopen("x".into())),
        (T0 + 90, Op::Resolve("x".into())),
        (T0 + 100, Op::Close),
    ]);
    keys.extend(journey.iter().map(|e| e.kind.key()));
    assert_eq!(journey.len(), 13);
    for e in [
        TransitionError::NotCreated,
        TransitionError::AlreadyCreated,
        TransitionError::Closed,
        TransitionError::Resolved,
        TransitionError::SameDepartment(DepartmentId::care()),
        TransitionError::NotYourCase {
            have: "a".into(),
            from: DepartmentId::care(),
        },
        TransitionError::NoDepartmentNamed,
        TransitionError::NoReason,
        TransitionError::EmptyReply,
        TransitionError::NotWaiting,
        TransitionError::AlreadyWaiting,
        TransitionError::AlreadyEscalated(EscalationStep::TeamLead),
        TransitionError::TopOfChain,
        TransitionError::NotResolvedOrClosed,
        TransitionError::NotResolved,
        TransitionError::BeforeLast,
    ] {
        keys.push(e.key());
    }
    for key in keys {
        assert!(catalog().has(key), "{key}");
    }
}

#[test]
fn the_report_counts_compliance_medians_backlog_hand_offs_and_escalations() {
    let rules = default_rules();
    let minute = 60_000i64;
    let case = |n: u8, created_at: i64| Case {
        id: Id::v7(1, [n; 10]),
        number: format!("K-TEST-{n:04}"),
        customer_id: None,
        author: None,
        channel: CaseChannel::Phone,
        category: Category::Connectivity,
        products: Vec::new(),
        text: "x".into(),
        public: false,
        reach: 0,
        created_at,
        updated_at: created_at,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    };
    // Monday 11:00: Urgent (first response 240, resolution 1,620 min).
    // A: answered after 30 min, resolved after 90 min.
    let (ja, sa, _) = run(&[
        (T0, create(Level::Urgent, "technical")),
        (T0 + 30 * minute, Op::Reply("Bakıyoruz".into())),
        (T0 + 90 * minute, Op::Resolve("Tamam".into())),
    ]);
    // B: bounced twice, never answered, still open a week later.
    let (jb, sb, _) = run(&[
        (T0, create(Level::Urgent, "care")),
        (
            T0 + minute,
            Op::Reject {
                to: DepartmentId::new("technical"),
                reason: "Bağlantı".into(),
            },
        ),
        (
            T0 + 2 * minute,
            Op::Reject {
                to: DepartmentId::new("billing"),
                reason: "Fatura".into(),
            },
        ),
        (T0 + 3 * minute, Op::Escalate(EscalationCause::Manual)),
    ]);
    // C: answered after 5 hours of business time (late), open.
    let (jc, sc, _) = run(&[
        (T0, create(Level::Urgent, "technical")),
        (T0 + 300 * minute, Op::Reply("Geç kaldık".into())),
    ]);
    let (a, b, c) = (case(1, T0), case(2, T0), case(3, T0));
    let now = T0 + 7 * 24 * 60 * minute + 60 * minute;
    let cases = [
        (&a, &sa, ja.as_slice()),
        (&b, &sb, jb.as_slice()),
        (&c, &sc, jc.as_slice()),
    ];
    let r = report::report(&cases, &rules, now).unwrap();
    assert_eq!((r.cases, r.open), (3, 2));
    let technical = &r.compliance[&(DepartmentId::new("technical"), Level::Urgent)];
    assert_eq!(technical.cases, 2);
    assert_eq!(
        (
            technical.first_response_met,
            technical.first_response_missed
        ),
        (1, 1)
    );
    // A resolved in time; C is open past its resolution target.
    assert_eq!(
        (technical.resolution_met, technical.resolution_missed),
        (1, 1)
    );
    let billing = &r.compliance[&(DepartmentId::new("billing"), Level::Urgent)];
    assert_eq!(
        (billing.first_response_missed, billing.resolution_missed),
        (1, 1)
    );
    // Medians over the answered (30, 300) and the resolved (90).
    assert_eq!(r.median_first_response_minutes, Some(300));
    assert_eq!(r.median_resolution_minutes, Some(90));
    // Both open cases are a week old.
    assert_eq!(r.backlog_by_age, [0, 0, 0, 2, 0]);
    assert_eq!(r.bounces, [2, 0, 1, 0]);
    assert_eq!(
        r.hand_offs,
        [
            (DepartmentId::new("care"), DepartmentId::new("technical"), 1),
            (
                DepartmentId::new("technical"),
                DepartmentId::new("billing"),
                1
            )
        ]
    );
    assert_eq!(r.escalations.get(&EscalationStep::TeamLead), Some(&1));
    assert_eq!(r.escalations.get(&EscalationStep::DepartmentManager), None);
    // The charts' groupings: per department and per level, summed.
    let by_dept = r.compliance_by_department();
    assert_eq!(
        by_dept
            .iter()
            .map(|(d, c)| (d.as_str(), c.cases))
            .collect::<Vec<_>>(),
        [("billing", 1), ("technical", 2)]
    );
    assert_eq!(by_dept[1].1.first_response_rate(), Some(0.5));
    assert_eq!(by_dept[0].1.resolution_rate(), Some(0.0));
    let by_level = r.compliance_by_level();
    assert_eq!(by_level.len(), 1);
    assert_eq!(by_level[0].0, Level::Urgent);
    assert_eq!(by_level[0].1.cases, 3);
    assert_eq!(
        by_level[0].1.resolution_rate(),
        Some(1.0 / 3.0),
        "A met; B and C missed"
    );
    assert_eq!(report::Compliance::default().first_response_rate(), None);
}

#[test]
fn the_report_age_groups_are_translated() {
    for (key, _) in report::AGE_BUCKETS {
        assert!(crate::i18n::catalog().has(key), "{key}");
    }
}

#[test]
fn events_made_in_one_moment_replay_in_the_order_they_were_made() {
    // Ids made in one millisecond do not sort by time: with ids in reverse
    // order, three escalation steps at the same instant must still derive
    // to the top of the chain.
    let mut n = u8::MAX;
    let mut backwards = move || {
        n -= 1;
        crate::model::Id::v7(1, [n; 10])
    };
    let mut state = CaseState::default();
    let mut journey = Vec::new();
    let mut ops = vec![create(Level::Urgent, "care")];
    ops.extend((0..3).map(|_| Op::Escalate(EscalationCause::ResolutionBreach)));
    for op in ops {
        let at = T0.max(state.last_at);
        let events = perform(&state, case_id(), op, at, "system", &mut backwards).unwrap();
        for e in &events {
            state.apply(e).unwrap();
        }
        journey.extend(events);
    }
    let times: Vec<i64> = journey.iter().map(|e| e.at).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    assert_eq!(times[0], T0, "the first event keeps the time given");
    let derived = derive(&journey);
    assert_eq!(derived.escalation, Some(EscalationStep::UpperManagement));
    assert_eq!(derived, state);
    // A time before the last event is still refused, not moved.
    assert_eq!(
        perform(
            &state,
            case_id(),
            Op::Reply("geç".into()),
            T0 - 1,
            "Ayşe",
            &mut backwards
        ),
        Err(TransitionError::BeforeLast)
    );
}

// ------------------------------------------------------------------- desk

fn a_case(id: Id, created_at: i64) -> Case {
    Case {
        id,
        number: "K-TEST-0001".into(),
        customer_id: None,
        author: None,
        channel: CaseChannel::Phone,
        category: Category::Connectivity,
        products: Vec::new(),
        text: "3G çekmiyor".into(),
        public: false,
        reach: 0,
        created_at,
        updated_at: created_at,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_patched_desk_is_the_desk_read_again(ops in script(), split in 0usize..40, again in 0usize..40) {
        use crate::cases::desk::Desk;
        use std::collections::HashMap;
        let rules = default_rules();
        let (journey, _, _) = run(&ops);
        let split = split.min(journey.len());
        let now = journey.last().map_or(T0, |e| e.at) + 3_600_000;
        let case = a_case(case_id(), T0);
        let mut desk = Desk::new(
            rules.clone(),
            vec![case.clone()],
            HashMap::from([(case.id, journey[..split].to_vec())]),
            now,
        );
        // The rest arrives as written records, with one event delivered
        // again (the read already had it) and a record of another entity.
        let mut written: Vec<Record> = journey[split..].iter().cloned().map(Record::CaseEvent).collect();
        if !journey.is_empty() {
            written.push(Record::CaseEvent(journey[again % journey.len()].clone()));
        }
        written.push(Record::Case(case.clone()));
        desk.patch(&written, now).unwrap();
        let fresh = Desk::new(rules, vec![case.clone()], HashMap::from([(case.id, journey.clone())]), now);
        prop_assert_eq!(&desk.cases[0].state, &fresh.cases[0].state);
        prop_assert_eq!(desk.cases[0].due, fresh.cases[0].due);
        prop_assert_eq!(desk.cases[0].escalates_at, fresh.cases[0].escalates_at);
        prop_assert_eq!(desk.cases[0].journey.len(), journey.len());
    }
}

#[test]
fn a_desk_takes_new_cases_and_asks_for_a_read_when_the_log_is_not_enough() {
    use crate::cases::desk::{Desk, Stale};
    use std::collections::HashMap;
    let rules = default_rules();
    let mut desk = Desk::new(rules.clone(), Vec::new(), HashMap::new(), T0);
    let (journey, state, _) = run(&[(T0, create(Level::Urgent, "technical"))]);
    let case = a_case(case_id(), T0);
    let mut written = vec![Record::Case(case.clone())];
    written.extend(journey.iter().cloned().map(Record::CaseEvent));
    desk.patch(&written, T0).unwrap();
    assert_eq!(desk.cases.len(), 1);
    assert_eq!(desk.cases[0].state, state);
    assert!(desk.cases[0].due.is_some() && desk.cases[0].escalates_at.is_some());

    let before = desk.clone();
    let stranger = CaseEvent {
        case_id: Id::v7(2, [9; 10]),
        ..journey[0].clone()
    };
    assert_eq!(
        desk.patch(&[Record::CaseEvent(stranger.clone())], T0),
        Err(Stale::UnknownCase(stranger.case_id))
    );
    let record = crate::cases::model::RulesRecord {
        id: crate::cases::model::rules_id(),
        rules,
        updated_at: 0,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    };
    assert_eq!(desk.patch(&[Record::Rules(record)], T0), Err(Stale::Rules));
    let erased = Case {
        deleted: true,
        ..case
    };
    assert_eq!(desk.patch(&[Record::Case(erased)], T0), Err(Stale::Erased));
    assert_eq!(desk, before, "a refused patch changes nothing");
}

#[test]
fn a_rule_set_reads_back_from_its_json_and_a_broken_file_says_where() {
    let rules = default_rules();
    let json = serde_json::to_string_pretty(&rules).unwrap();
    assert_eq!(RuleSet::from_json(&json), Ok(rules.clone()));
    assert_eq!(RuleSet::from_json(&format!("\u{feff}{json}")), Ok(rules));
    let broken = json.replacen("\"level\": 2", "\"level\": 9", 1);
    let e = RuleSet::from_json(&broken).unwrap_err();
    let line = broken
        .lines()
        .position(|l| l.contains("\"level\": 9"))
        .unwrap()
        + 1;
    assert_eq!(e.line, line, "{e:?}");
    assert!(e.column > 0);
    assert!(!e.message.contains(" at line "), "{e:?}");
}
