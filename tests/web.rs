//! Browser tests of the app's own code, in headless Chromium
//! (`cargo test -p ilgi --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use ilgi::storage::prefs;
use ilgi::theme::{self, Theme};
use ilgi_core::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Lets effects and the microtask queue run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

#[wasm_bindgen_test]
fn language_choice_round_trips_through_local_storage() {
    prefs::save_lang(Lang::Tr).expect("save tr");
    assert_eq!(prefs::load_lang(), Some(Lang::Tr));
    prefs::save_lang(Lang::En).expect("save en");
    assert_eq!(prefs::load_lang(), Some(Lang::En));
}

#[wasm_bindgen_test]
fn an_unknown_stored_language_counts_as_no_choice() {
    local_storage().set_item("ilgi.lang", "xx").expect("write");
    assert_eq!(prefs::load_lang(), None);
    local_storage().remove_item("ilgi.lang").expect("clean up");
}

#[wasm_bindgen_test]
fn theme_choice_is_written_onto_the_document_root() {
    let root = document().document_element().expect("html element");
    theme::apply_to_document(Theme::Dark);
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    theme::apply_to_document(Theme::System);
    assert_eq!(root.get_attribute("data-theme"), None);
}

#[wasm_bindgen_test]
async fn the_app_renders_in_the_stored_language_and_switches_live() {
    prefs::save_lang(Lang::Tr).expect("save tr");
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .dyn_into()
        .expect("HtmlElement");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");

    ilgi::mount_into(host.clone());
    settle().await;

    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("Müşteriler"),
        "Turkish navigation missing: {text}"
    );
    assert!(
        text.contains("Şikâyetler"),
        "Turkish navigation missing: {text}"
    );
    let root = document().document_element().expect("html element");
    assert_eq!(root.get_attribute("lang").as_deref(), Some("tr"));

    let select: web_sys::HtmlSelectElement = host
        .query_selector("[data-testid=language-switch]")
        .expect("query")
        .expect("language switch is rendered")
        .dyn_into()
        .expect("a select");
    select.set_value("en");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    settle().await;

    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("Customers"),
        "English navigation missing: {text}"
    );
    assert!(
        !text.contains("Müşteriler"),
        "Turkish text left behind: {text}"
    );
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(prefs::load_lang(), Some(Lang::En));
}

/// Every kind of message between the page and the worker survives the
/// postcard codec unchanged (postcard cannot encode some serde shapes;
/// a message that fails would abort the worker).
#[wasm_bindgen_test]
fn worker_messages_round_trip_through_the_codec() {
    use gloo_worker::Codec;
    use ilgi::jobs::backup::RestoreMode;
    use ilgi::jobs::export::ExportKind;
    use ilgi::jobs::import::{Mapping, Preview, Report};
    use ilgi::jobs::mentions::MentionReport;
    use ilgi::storage::{ErrorKind, StorageError};
    use ilgi::worker::codec::Postcard;
    use ilgi::worker::{Done, Input, Output, Task};
    use ilgi_core::csv_io::{self, CsvError, Reason, RowError};
    use ilgi_core::i18n::Lang;
    use ilgi_core::model::Platform;
    use ilgi_core::model::values::ValueError;
    use ilgi_core::segment::{Condition, Field, Group, Node, Op, Value};
    use ilgi_core::social::mention_import::auto_map_mentions;
    use ilgi_core::social::reading::read;

    // A real analysis of a small demo shop, for the analysis' messages.
    let analysis = {
        use ilgi_core::demo::{DemoGenerator, DemoSpec};
        use ilgi_core::value::{Analyser, Collector, Options, Step};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
        let mut generator = DemoGenerator::new(DemoSpec::new(DemoSpec::DEFAULT_SEED, 200, today));
        let mut collector = Collector::new();
        while let Some(chunk) = generator.next_chunk(100) {
            for c in &chunk.customers {
                collector.customer(c);
            }
            collector.purchases(&chunk.purchases);
        }
        let mut analyser = Analyser::new(collector.finish(), Options::new(today));
        while let Step::Working { .. } = analyser.step() {}
        analyser.finish()
    };
    let buyers = Group::all(vec![Node::Condition(Condition::new(
        Field::PurchaseCount,
        Op::Ge,
        Value::Number(1.0),
    ))]);
    let headers = vec!["Ad".to_string(), "E-posta".to_string(), "Şehir".to_string()];
    let inputs = vec![
        Input::Run {
            job: 1,
            db: "ilgi".into(),
            task: Task::Demo {
                customers: 10_000,
                today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            },
        },
        Input::Run {
            job: 2,
            db: "ilgi".into(),
            task: Task::ReadCsv {
                file_name: "müşteriler.csv".into(),
                bytes: "Ad;E-posta\nİpek;ipek@example.com\n".as_bytes().to_vec(),
            },
        },
        Input::Run {
            job: 3,
            db: "ilgi".into(),
            task: Task::Import {
                file: 2,
                mapping: Mapping::Customers(csv_io::auto_map_customers(&headers)),
            },
        },
        Input::Run {
            job: 4,
            db: "ilgi".into(),
            task: Task::Import {
                file: 2,
                mapping: Mapping::Purchases(csv_io::auto_map_purchases(&headers)),
            },
        },
        Input::Run {
            job: 5,
            db: "ilgi".into(),
            task: Task::Backup,
        },
        Input::Run {
            job: 6,
            db: "ilgi".into(),
            task: Task::Restore {
                bytes: b"{\"format\":\"ilgi-backup\"}\n".to_vec(),
                mode: RestoreMode::Replace,
            },
        },
        Input::Run {
            job: 7,
            db: "ilgi".into(),
            task: Task::Export(ExportKind::Purchases),
        },
        Input::Run {
            job: 8,
            db: "ilgi".into(),
            task: Task::Duplicates,
        },
        Input::Run {
            job: 9,
            db: "ilgi".into(),
            task: Task::ReadMentions {
                file_name: "posts.json".into(),
                bytes: br#"[{"platform":"x","id":"1","text":"kargo gelmedi"}]"#.to_vec(),
            },
        },
        Input::Run {
            job: 10,
            db: "ilgi".into(),
            task: Task::ImportMentions {
                file: 9,
                mapping: auto_map_mentions(&headers, Some(Platform::Instagram)),
            },
        },
        Input::Cancel { job: 3 },
        Input::Run {
            job: 11,
            db: "ilgi".into(),
            task: Task::Analyse {
                today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            },
        },
        Input::Run {
            job: 12,
            db: "ilgi".into(),
            task: Task::CustomerValue {
                id: analysis.ids[0],
                products: vec!["Kılıf".into()],
                offers: 3,
            },
        },
        Input::Run {
            job: 13,
            db: "ilgi".into(),
            task: Task::SegmentCounts {
                groups: vec![Group::all(Vec::new()), buyers.clone()],
            },
        },
        Input::Run {
            job: 14,
            db: "ilgi".into(),
            task: Task::SegmentMembers {
                group: buyers.clone(),
                limit: 50,
            },
        },
        Input::Run {
            job: 15,
            db: "ilgi".into(),
            task: Task::SegmentExport {
                group: buyers,
                lang: Lang::Tr,
            },
        },
        Input::Run {
            job: 16,
            db: "ilgi".into(),
            task: Task::ReadPosts {
                posts: vec![
                    ("Faturam iki kez kesildi, ulaşamıyorum!".into(), None),
                    ("Great service, thanks".into(), Some(Lang::En)),
                ],
            },
        },
        Input::Run {
            job: 17,
            db: "ilgi".into(),
            task: Task::PostsView,
        },
        Input::Run {
            job: 18,
            db: "ilgi".into(),
            task: Task::PlanPaste {
                post: r#"{"id":"0190"}"#.into(),
            },
        },
    ];
    for input in inputs {
        let back: Input = Postcard::decode(Postcard::encode(&input));
        assert_eq!(back, input);
    }
    let outputs = vec![
        Output::Progress {
            job: 1,
            phase: Some("import-phase-writing".into()),
            done: 2_000,
            total: 10_000,
        },
        Output::Done {
            job: 1,
            result: Ok(Done::Demo { cancelled: true }),
        },
        Output::Done {
            job: 2,
            result: Ok(Done::Read(Ok(Preview {
                id: 2,
                file_name: "müşteriler.csv".into(),
                file_bytes: 34,
                encoding: "UTF-8".into(),
                delimiter: b';',
                headers: headers.clone(),
                sample: vec!["İpek".into(), "ipek@example.com".into()],
                rows: 1,
            }))),
        },
        Output::Done {
            job: 2,
            result: Ok(Done::Read(Err(CsvError::Syntax {
                line: 3,
                detail: "unequal lengths".into(),
            }))),
        },
        Output::Done {
            job: 3,
            result: Ok(Done::Imported(Report {
                rows: 3,
                created: 1,
                updated: 1,
                unchanged: 0,
                merged_in_file: 0,
                rejected: vec![
                    RowError {
                        line: 4,
                        column: "E-posta".into(),
                        value: "ipek@".into(),
                        reason: Reason::Value(ValueError::EmailDomain),
                    },
                    RowError {
                        line: 5,
                        column: "Ad".into(),
                        value: String::new(),
                        reason: Reason::CellCount {
                            expected: 3,
                            found: 2,
                        },
                    },
                ],
                cancelled: false,
            })),
        },
        Output::Done {
            job: 4,
            result: Err(StorageError::new(ErrorKind::Quota, "QuotaExceededError")),
        },
        Output::Done {
            job: 5,
            result: Ok(Done::File {
                url: "blob:http://127.0.0.1/0d6c".into(),
            }),
        },
        Output::Done {
            job: 6,
            result: Ok(Done::Restored(Err(invalid_backup()))),
        },
        Output::Done {
            job: 6,
            result: Ok(Done::Restored(Ok(false))),
        },
        Output::Done {
            job: 10,
            result: Ok(Done::ImportedMentions(MentionReport {
                rows: 2,
                created: 1,
                already: 1,
                cases: 1,
                cancelled: false,
                ..MentionReport::default()
            })),
        },
        Output::Done {
            job: 9,
            result: Ok(Done::ReadMentions(Err("the file is not JSON".into()))),
        },
        Output::Done {
            job: 8,
            result: Ok(Done::Duplicates {
                json: r#"[{"a":"0190","b":"0191","score":0.93,"level":"certain","reasons":[]}]"#
                    .into(),
            }),
        },
        Output::Done {
            job: 11,
            result: Ok(Done::Analysed {
                overview: Some(Box::new(analysis.overview())),
                purchases_read_ms: 12.5,
            }),
        },
        Output::Done {
            job: 11,
            result: Ok(Done::Analysed {
                overview: None,
                purchases_read_ms: 0.0,
            }),
        },
        Output::Done {
            job: 12,
            result: Ok(Done::CustomerValue(Some(Box::new(
                analysis.customer_value(analysis.ids[0], &[], 3),
            )))),
        },
        Output::Done {
            job: 12,
            result: Ok(Done::CustomerValue(None)),
        },
        Output::Done {
            job: 13,
            result: Ok(Done::Counts(Some(vec![200, 180]))),
        },
        Output::Done {
            job: 14,
            result: Ok(Done::Members(Some(ilgi::worker::protocol::Members {
                total: 2,
                top: analysis
                    .ids
                    .iter()
                    .zip(&analysis.metrics)
                    .take(2)
                    .map(|(id, m)| (*id, m.clone()))
                    .collect(),
                currency: analysis.currency,
            }))),
        },
        Output::Done {
            job: 16,
            result: Ok(Done::Readings(vec![
                read("Faturam iki kez kesildi, ulaşamıyorum!", None),
                read("Great service, thanks", Some(Lang::En)),
            ])),
        },
        Output::Done {
            job: 17,
            result: Ok(Done::Json {
                json: "{\"posts\":[]}".into(),
            }),
        },
    ];
    for output in outputs {
        let back: Output = Postcard::decode(Postcard::encode(&output));
        assert_eq!(back, output);
    }
}

/// The problems core finds in a file that is not a backup.
fn invalid_backup() -> ilgi_core::backup::BackupErrors {
    let mut reader = ilgi_core::backup::BackupReader::new();
    reader.push_bytes("{\"format\":\"başka\"}\n{not json\n".as_bytes());
    let errors = reader.finish().expect_err("not a backup");
    assert!(!errors.errors.is_empty());
    errors
}
