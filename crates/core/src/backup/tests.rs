//! Tests of the backup format: round trips, every validation error with its
//! line, and that a version 1 file keeps reading.

use proptest::prelude::*;

use super::strategies::{Dataset, dataset};
use super::*;
use crate::i18n::catalog;
use crate::model::{
    Direction, Email, Handle, InteractionKind, Money, Platform, SalesChannel, SocialIdentity, Stamp,
};
use crate::segment::{Condition, Field, Group, Op, SavedSegment, Value};

fn id(n: u8) -> Id {
    Id::v7(1_700_000_000_000 + u64::from(n), [n; 10])
}

fn customer(n: u8, first: &str, last: &str) -> Customer {
    let mut c = Customer::new(id(n), first, last);
    c.created_at = 1_700_000_000_000;
    c.updated_at = 1_700_000_000_000;
    c.version = Stamp {
        millis: 1_700_000_000_000,
        counter: u32::from(n),
        node: 1,
    };
    c
}

fn purchase(n: u8, customer_id: Id) -> Purchase {
    Purchase {
        id: id(n),
        customer_id,
        external_id: None,
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        amount: Money::from_minor(12_550),
        currency: Default::default(),
        sku: "TEL-1".into(),
        product: "Telefon kılıfı".into(),
        category: "Aksesuar".into(),
        channel: SalesChannel::Store,
        updated_at: 1_700_000_000_000,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    }
}

fn interaction(n: u8, customer_id: Id) -> Interaction {
    Interaction {
        id: id(n),
        customer_id,
        kind: InteractionKind::Call,
        direction: Direction::Inbound,
        at: 1_700_000_000_000,
        text: "Kargo nerede?".into(),
        updated_at: 1_700_000_000_000,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    }
}

/// A saved segment: gold-tier customers in İstanbul.
fn segment(n: u8) -> SavedSegment {
    let mut s = SavedSegment::new(id(n), "İstanbul altın");
    s.rule = Group::all(vec![
        Condition::new(Field::City, Op::Is, Value::Text("İstanbul".into())).into(),
        Condition::new(Field::Tier, Op::In, Value::Choices(vec!["gold".into()])).into(),
    ]);
    s.created_at = 1_700_000_000_000;
    s.updated_at = 1_700_000_000_000;
    s
}

/// Two customers (one a tombstone), a purchase, an interaction and a
/// segment.
fn small() -> Dataset {
    let mut ayse = customer(1, "Ayşe", "Yılmaz");
    ayse.emails.push(Email::parse("ayse@ornek.com.tr").unwrap());
    ayse.identities.push(SocialIdentity {
        handle: Handle::parse(Platform::Instagram, "@ayse.yilmaz").unwrap(),
        followers: 1500,
        source: None,
    });
    let mut gone = customer(2, "", "");
    gone.deleted = true;
    Dataset {
        purchases: vec![purchase(10, ayse.id)],
        interactions: vec![interaction(20, gone.id)],
        customers: vec![ayse, gone],
        segments: vec![segment(30)],
    }
}

fn write(d: &Dataset) -> String {
    write_backup(
        1_718_000_000_000,
        &d.customers,
        &d.purchases,
        &d.interactions,
        &d.segments,
    )
}

/// The lines of a backup, to edit one in a test.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn join(lines: &[String]) -> String {
    lines.join("\n") + "\n"
}

/// The (line, problem) pairs of a failed validation.
fn problems(text: &str) -> Vec<(usize, BackupProblem)> {
    match validate(text) {
        Ok(_) => panic!("the backup should not validate"),
        Err(e) => e.errors.iter().map(|e| (e.line, e.problem)).collect(),
    }
}

fn only_error(text: &str) -> BackupError {
    let errors = validate(text).expect_err("the backup should not validate");
    assert_eq!(errors.errors.len(), 1, "{errors}");
    errors.errors[0].clone()
}

#[test]
fn the_header_line_has_the_documented_form() {
    let text = write(&small());
    assert_eq!(
        text.lines().next().unwrap(),
        r#"{"format":"ilgi-backup","version":1,"created_at":1718000000000,"counts":{"customer":2,"purchase":1,"interaction":1,"segment":1}}"#
    );
    assert!(text.ends_with('\n'));
    assert_eq!(text.lines().count(), 6);
    assert!(
        text.lines()
            .nth(5)
            .unwrap()
            .starts_with(r#"{"entity":"segment","record":{"#)
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with(r#"{"entity":"customer","record":{"#)
    );
}

#[test]
fn a_small_backup_round_trips_with_its_tombstones() {
    let data = small();
    let backup = validate(&write(&data)).unwrap();
    assert_eq!(backup.header.counts.total(), 5);
    assert_eq!(backup.header.counts.segment, 1);
    assert_eq!(backup.header.created_at, 1_718_000_000_000);
    assert_eq!(backup.customers, data.customers);
    assert_eq!(backup.purchases, data.purchases);
    assert_eq!(backup.interactions, data.interactions);
    assert_eq!(backup.segments, data.segments);
    assert!(backup.customers[1].deleted);
}

#[test]
fn an_empty_database_makes_a_valid_backup() {
    let backup = validate(&write_backup(5, &[], &[], &[], &[])).unwrap();
    assert_eq!(backup.header.counts, Counts::default());
    assert!(backup.customers.is_empty());
}

#[test]
fn a_version_1_backup_keeps_reading() {
    // Written by version 1 of the format. Do not edit: when the format
    // changes, this file must still read (through `upgrade_record`).
    let v1 = concat!(
        r#"{"format":"ilgi-backup","version":1,"created_at":1718000000000,"counts":{"customer":2,"purchase":1,"interaction":1}}"#,
        "\n",
        r#"{"entity":"customer","record":{"id":"018bcfe5-6801-7101-8101-010101010101","first_name":"Ayşe","last_name":"Yılmaz","emails":["ayse@ornek.com.tr"],"phones":["+905321234567"],"city":"İstanbul","tier":"gold","tags":["vip"],"products":["Telefon"],"identities":[{"handle":{"platform":"instagram","name":"ayse.yilmaz"},"followers":1500}],"consents":[{"channel":"sms","granted":true,"at":1700000000000,"source":"mağaza"}],"owner":"Can","custom":{"doğum günü":"01.03"},"created_at":1700000000000,"updated_at":1700000000000,"version":"001700000000000-0000000001-0000000000000001","deleted":false}}"#,
        "\n",
        r#"{"entity":"customer","record":{"id":"018bcfe5-6802-7202-8202-020202020202","first_name":"","last_name":"","created_at":1700000000000,"updated_at":1700000000000,"version":"001700000000000-0000000002-0000000000000001","deleted":true}}"#,
        "\n",
        r#"{"entity":"purchase","record":{"id":"018bcfe5-680a-7a0a-8a0a-0a0a0a0a0a0a","customer_id":"018bcfe5-6801-7101-8101-010101010101","date":"2024-03-01","amount":12550,"currency":"TRY","sku":"TEL-1","product":"Telefon kılıfı","category":"Aksesuar","channel":"store","updated_at":1700000000000,"version":"000000000000000-0000000000-0000000000000000","deleted":false}}"#,
        "\n",
        r#"{"entity":"interaction","record":{"id":"018bcfe5-6814-7414-9414-141414141414","customer_id":"018bcfe5-6802-7202-8202-020202020202","kind":"call","direction":"inbound","at":1700000000000,"text":"Kargo nerede?","updated_at":1700000000000,"version":"000000000000000-0000000000-0000000000000000","deleted":false}}"#,
        "\n",
    );
    let backup = validate(v1).unwrap();
    assert_eq!(backup.header.version, 1);
    let ayse = &backup.customers[0];
    assert_eq!(ayse.full_name(), "Ayşe Yılmaz");
    assert_eq!(ayse.phones[0].as_str(), "+905321234567");
    assert_eq!(ayse.identities[0].handle.key(), "instagram:ayse.yilmaz");
    assert_eq!(ayse.custom["doğum günü"], "01.03");
    assert!(backup.customers[1].deleted);
    assert_eq!(backup.purchases[0].amount, Money::from_minor(12_550));
    assert_eq!(backup.interactions[0].customer_id, backup.customers[1].id);
    // Made before segments: no count in the header, no segment lines.
    assert_eq!(backup.header.counts.segment, 0);
    assert!(backup.segments.is_empty());
    // Made before consent records: the decision inside the customer line
    // becomes a consent record of that customer, stamped as the customer.
    assert_eq!(backup.consents.len(), 1);
    let sms = &backup.consents[0];
    assert_eq!(sms.customer_id, ayse.id);
    assert_eq!(sms.version, ayse.version);
    assert!(sms.granted && sms.source == "mağaza" && sms.at == 1_700_000_000_000);
}

#[test]
fn a_backup_with_a_segment_keeps_reading() {
    // Written by version 1 of the format with a segment. Do not edit.
    let text = concat!(
        r#"{"format":"ilgi-backup","version":1,"created_at":1718000000000,"counts":{"customer":0,"purchase":0,"interaction":0,"segment":2}}"#,
        "\n",
        r#"{"entity":"segment","record":{"id":"018bcfe5-681e-7e1e-9e1e-1e1e1e1e1e1e","name":"İstanbul altın","description":"","rule":{"join":"all","items":[{"condition":{"field":"city","op":"is","value":{"text":"İstanbul"}}},{"condition":{"field":"tier","op":"in","value":{"choices":["gold"]}}}]},"format":1,"created_at":1700000000000,"updated_at":1700000000000,"version":"000000000000000-0000000000-0000000000000000","deleted":false}}"#,
        "\n",
        r#"{"entity":"segment","record":{"id":"018bcfe5-681f-7f1f-9f1f-1f1f1f1f1f1f","name":"","description":"","rule":{"join":"all","items":[]},"format":1,"created_at":1700000000000,"updated_at":1700000000001,"version":"000000000000000-0000000000-0000000000000000","deleted":true}}"#,
        "\n",
    );
    let backup = validate(text).unwrap();
    assert_eq!(backup.segments.len(), 2);
    assert_eq!(backup.segments[0], segment(30));
    assert!(backup.segments[1].deleted);
    assert!(backup.customers.is_empty());
}

#[test]
fn a_segment_from_a_newer_ilgi_is_a_bad_record_with_its_line() {
    let mut l = lines(&write(&small()));
    l[5] = l[5].replace(r#""format":1"#, r#""format":99"#);
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (6, BackupProblem::BadRecord));
    assert!(e.detail.contains("newer ilgi"), "{e}");
}

#[test]
fn a_duplicate_segment_id_is_reported_but_may_equal_a_customer_id() {
    let mut data = small();
    data.segments.push(segment(30));
    let e = only_error(&write(&data));
    assert_eq!((e.line, e.problem), (7, BackupProblem::DuplicateId));
    assert!(e.detail.starts_with("segment "), "{e}");
    assert!(e.detail.ends_with("is also on line 6"), "{e}");

    let mut data = small();
    data.segments[0].id = data.customers[0].id;
    assert!(validate(&write(&data)).is_ok());
}

#[test]
fn a_missing_segment_line_fails_the_counts() {
    let l = lines(&write(&small()));
    let e = only_error(&join(&l[..5]));
    assert_eq!((e.line, e.problem), (1, BackupProblem::CountMismatch));
    assert_eq!(
        e.detail,
        "segment records: the header says 1, the file has 0"
    );
}

#[test]
fn the_migration_hook_passes_current_records_through_and_refuses_unknown_versions() {
    let value = serde_json::json!({"entity": "customer", "record": {}});
    assert_eq!(upgrade_record(VERSION, value.clone()), Ok(value.clone()));
    assert!(upgrade_record(0, value.clone()).is_err());
    assert!(upgrade_record(VERSION + 1, value).is_err());
}

#[test]
fn an_empty_file_has_no_header() {
    for text in ["", "\n"] {
        let e = only_error(text);
        assert_eq!((e.line, e.problem), (1, BackupProblem::MissingHeader));
    }
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_at_line_1() {
    let data = small();
    let records_only = join(&lines(&write(&data))[1..]);
    for text in [
        "name,email\nAyşe,ayse@ornek.com\n",
        r#"{"format":"other-app","version":1}"#,
        records_only.as_str(),
    ] {
        let e = only_error(text);
        assert_eq!((e.line, e.problem), (1, BackupProblem::NotABackup), "{e}");
    }
}

#[test]
fn a_backup_from_a_newer_ilgi_says_so() {
    let mut l = lines(&write(&small()));
    l[0] = l[0].replace(r#""version":1"#, r#""version":2"#);
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (1, BackupProblem::NewerVersion));
    assert_eq!(e.message_key, "backup-newer-version");
    assert!(e.to_string().contains("made by a newer ilgi"), "{e}");
    assert!(e.detail.contains("version 2"), "{e}");
}

#[test]
fn a_damaged_header_is_refused() {
    for header in [
        r#"{"format":"ilgi-backup","version":0,"created_at":1,"counts":{}}"#,
        r#"{"format":"ilgi-backup","version":"1","created_at":1,"counts":{}}"#,
        r#"{"format":"ilgi-backup","version":1,"counts":{}}"#,
        r#"{"format":"ilgi-backup","version":1,"created_at":1,"counts":{"customer":-1}}"#,
    ] {
        let e = only_error(header);
        assert_eq!(
            (e.line, e.problem),
            (1, BackupProblem::BadHeader),
            "{header}"
        );
    }
}

#[test]
fn a_line_cut_in_the_middle_is_reported_as_truncated_with_its_line() {
    let mut l = lines(&write(&small()));
    let cut = l[3].len() / 2;
    l[3].truncate(cut);
    // The lost record is not reported again as a wrong purchase count.
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (4, BackupProblem::Truncated));
    assert!(e.detail.starts_with("column "), "{e}");
    assert!(e.to_string().contains("cut off"), "{e}");
}

#[test]
fn a_file_cut_at_a_line_end_fails_the_counts() {
    let l = lines(&write(&small()));
    let e = only_error(&join(&[&l[..4], &l[5..]].concat()));
    assert_eq!((e.line, e.problem), (1, BackupProblem::CountMismatch));
    assert_eq!(e.message_key, "backup-count-mismatch");
    assert_eq!(
        e.detail,
        "interaction records: the header says 1, the file has 0"
    );
}

#[test]
fn a_record_with_a_bad_value_names_the_line_and_serdes_reason() {
    let mut l = lines(&write(&small()));
    l[1] = l[1].replace("ayse@ornek.com.tr", "ayse.ornek.com.tr");
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (2, BackupProblem::BadRecord));
    assert!(e.detail.contains("email has no @"), "{e}");

    let mut l = lines(&write(&small()));
    l[3] = l[3].replace(r#""entity":"purchase""#, r#""entity":"order""#);
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (4, BackupProblem::BadRecord));
    assert!(e.detail.contains("unknown variant `order`"), "{e}");

    let mut l = lines(&write(&small()));
    l[1] = l[1].replace(r#""first_name":"Ayşe","#, "");
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (2, BackupProblem::BadRecord));
    assert!(e.detail.contains("missing field `first_name`"), "{e}");
}

#[test]
fn a_duplicate_id_points_at_both_lines() {
    let mut l = lines(&write(&small()));
    l.push(l[3].clone());
    l[0] = l[0].replace(r#""purchase":1"#, r#""purchase":2"#);
    let e = only_error(&join(&l));
    assert_eq!((e.line, e.problem), (7, BackupProblem::DuplicateId));
    assert!(e.detail.ends_with("is also on line 4"), "{e}");
}

#[test]
fn the_same_id_in_two_kinds_is_not_a_duplicate() {
    let mut data = small();
    data.purchases[0].id = data.customers[0].id;
    assert!(validate(&write(&data)).is_ok());
}

#[test]
fn a_purchase_of_a_customer_missing_from_the_file_is_dangling() {
    let mut data = small();
    data.purchases.push(purchase(11, id(99)));
    let e = only_error(&write(&data));
    assert_eq!((e.line, e.problem), (5, BackupProblem::MissingCustomer));
    assert_eq!(e.detail, format!("customer {}", id(99)));
}

#[test]
fn records_may_come_before_their_customer_and_tombstoned_customers_count() {
    let data = small();
    let l = lines(&write(&data));
    // Header, segment, interaction (of the tombstoned customer), purchase,
    // customers.
    let reordered = join(&[
        l[0].clone(),
        l[5].clone(),
        l[4].clone(),
        l[3].clone(),
        l[1].clone(),
        l[2].clone(),
    ]);
    let backup = validate(&reordered).unwrap();
    assert_eq!(backup.customers.len(), 2);
    assert_eq!(backup.interactions, data.interactions);
    assert_eq!(backup.segments, data.segments);
}

#[test]
fn every_problem_of_a_readable_file_is_reported_in_line_order() {
    let mut l = lines(&write(&small()));
    let mut writer = BackupWriter::new(Counts::default(), 0);
    l.push(
        writer
            .purchase_line(&purchase(12, id(97)))
            .trim_end()
            .to_string(),
    );
    l.push(l[4].clone());
    assert_eq!(
        problems(&join(&l)),
        vec![
            (1, BackupProblem::CountMismatch),
            (1, BackupProblem::CountMismatch),
            (7, BackupProblem::MissingCustomer),
            (8, BackupProblem::DuplicateId),
        ]
    );
}

#[test]
fn errors_are_sorted_by_line_and_capped() {
    let data = small();
    let mut l = lines(&write(&data));
    for _ in 0..150 {
        l.push("{}".to_string());
    }
    let mut writer = BackupWriter::new(Counts::default(), 0);
    l.push(
        writer
            .purchase_line(&purchase(12, id(98)))
            .trim_end()
            .to_string(),
    );
    let errors = validate(&join(&l)).unwrap_err();
    assert_eq!(errors.errors.len(), MAX_ERRORS);
    // 150 bad lines; the whole-file checks wait until every line reads.
    assert_eq!(errors.errors.len() + errors.omitted, 150);
    assert!(errors.errors.windows(2).all(|w| w[0].line < w[1].line));
    assert_eq!(errors.errors[0].line, 7);
    assert!(errors.to_string().contains("…and 50 more"));
}

#[test]
fn windows_line_ends_blank_lines_and_a_byte_order_mark_are_accepted() {
    let data = small();
    let text = format!("\u{feff}{}", write(&data).replace('\n', "\r\n\r\n"));
    let backup = validate(&text).unwrap();
    assert_eq!(backup.customers, data.customers);
}

#[test]
fn the_writer_checks_its_declared_counts() {
    let data = small();
    let mut writer = BackupWriter::new(
        Counts {
            customer: 2,
            ..Counts::default()
        },
        0,
    );
    writer.customer_line(&data.customers[0]);
    let err = writer.finish().unwrap_err();
    assert_eq!(err.written.customer, 1);
    assert_eq!(err.declared.customer, 2);
}

#[test]
fn the_reader_reports_progress_and_the_header_early() {
    let text = write(&small());
    let mut reader = BackupReader::new();
    let mut l = text.lines();
    reader.push_line(1, l.next().unwrap());
    assert_eq!(reader.header().map(|h| h.counts.total()), Some(5));
    reader.push_line(2, l.next().unwrap());
    assert_eq!(reader.records_read(), 1);
    assert!(!reader.has_errors());
}

#[test]
fn errors_display_in_english_and_have_translations() {
    let e = BackupError::new(7, BackupProblem::DuplicateId, "purchase x");
    assert_eq!(
        e.to_string(),
        "line 7: the same id appears more than once (purchase x)"
    );
    for problem in BackupProblem::ALL {
        assert!(catalog().has(problem.key()), "{}", problem.key());
    }
    for key in ["backup-error-line", "backup-more-errors"] {
        assert!(catalog().has(key), "{key}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn writing_and_validating_gives_back_the_same_records(data in dataset(8), created_at in any::<i64>()) {
        let text = write_backup(
            created_at, &data.customers, &data.purchases, &data.interactions, &data.segments,
        );
        let backup = validate(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(backup.header, Header::new(Counts {
            customer: data.customers.len(),
            purchase: data.purchases.len(),
            interaction: data.interactions.len(),
            segment: data.segments.len(),
            consent: data.customers.iter().map(|c| c.consents.len()).sum(),
            ..Counts::default()
        }, created_at));
        // Decisions come back as consent records of their customers.
        let mut customers = data.customers.clone();
        for c in &mut customers {
            c.consents.clear();
        }
        prop_assert_eq!(backup.customers, customers);
        let consents: Vec<crate::model::ConsentRecord> =
            data.customers.iter().flat_map(crate::model::embedded_consent_records).collect();
        prop_assert_eq!(backup.consents, consents);
        prop_assert_eq!(backup.purchases, data.purchases);
        prop_assert_eq!(backup.interactions, data.interactions);
        prop_assert_eq!(backup.segments, data.segments);
    }

    #[test]
    fn borrowed_lines_are_the_lines_of_records(data in dataset(4)) {
        let mut writer = BackupWriter::new(Counts::default(), 0);
        for c in &data.customers {
            prop_assert_eq!(writer.customer_line(c), writer.record_line(&Record::Customer(c.clone())));
        }
        for p in &data.purchases {
            prop_assert_eq!(writer.purchase_line(p), writer.record_line(&Record::Purchase(p.clone())));
        }
        for i in &data.interactions {
            prop_assert_eq!(writer.interaction_line(i), writer.record_line(&Record::Interaction(i.clone())));
        }
        for s in &data.segments {
            prop_assert_eq!(writer.segment_line(s), writer.record_line(&Record::Segment(s.clone())));
        }
    }

    #[test]
    fn reading_in_chunks_split_anywhere_equals_reading_whole(
        data in dataset(5),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..20),
    ) {
        let text = write_backup(
            1, &data.customers, &data.purchases, &data.interactions, &data.segments,
        );
        let mut offsets: Vec<usize> = cuts
            .iter()
            .map(|c| c.index(text.len() + 1))
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        offsets.sort_unstable();
        let mut reader = BackupReader::new();
        let mut start = 0;
        for end in offsets.into_iter().chain([text.len()]) {
            reader.push_text(&text[start..end]);
            start = end;
        }
        let chunked = reader.finish().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(chunked, validate(&text).map_err(|e| TestCaseError::fail(e.to_string()))?);
    }
}

#[test]
fn problems_survive_serialisation_with_their_message_key() {
    let mut reader = BackupReader::new();
    reader.push_bytes(b"{\"format\":\"something else\"}\nnot json\n");
    let errors = reader.finish().unwrap_err();
    assert!(!errors.errors.is_empty());
    let json = serde_json::to_string(&errors).unwrap();
    assert!(!json.contains("message_key"), "{json}");
    let back: BackupErrors = serde_json::from_str(&json).unwrap();
    assert_eq!(back, errors);
    for e in &back.errors {
        assert_eq!(e.message_key, e.problem.key());
    }
}
