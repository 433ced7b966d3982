//! The worker's side: takes [`Input`]s, runs each job in its own task with
//! a reporter that posts progress, and answers when it ends.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use ilgi_core::demo::DemoSize;

use super::codec::Postcard;
use super::protocol::Members;
use super::protocol::{Done, Input, Output, Task};
use crate::jobs::analytics::Computed;
use crate::jobs::import::{self, Mapping, Prepared};
use crate::jobs::{self, Outcome, Progress};
use crate::storage::{Db, ErrorKind, StorageError};

thread_local! {
    /// The last CSV file read (by the job numbered with it), kept for its
    /// import: one file at a time per page.
    static FILE: RefCell<Option<(u32, Prepared)>> = const { RefCell::new(None) };
    /// The last value analysis, which the pages ask about.
    static ANALYSIS: RefCell<Option<Rc<Computed>>> = const { RefCell::new(None) };
}

/// How many of a segment's members the questions return at most.
const MEMBERS_MAX: u32 = 1_000;

/// Progress messages are posted at most this often (and at each phase).
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Starts the worker (the `ilgi-worker` binary's `main`).
pub fn register() {
    console_error_panic_hook::set_once();
    Jobs::registrar().encoding::<Postcard>().register();
}

/// The worker: the cancel flags of the jobs running.
pub struct Jobs {
    cancels: Rc<RefCell<HashMap<u32, Rc<Cell<bool>>>>>,
}

impl Worker for Jobs {
    type Message = ();
    type Input = Input;
    type Output = Output;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Jobs {
            cancels: Rc::default(),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Input, who: HandlerId) {
        match msg {
            Input::Cancel { job } => {
                if let Some(flag) = self.cancels.borrow().get(&job) {
                    flag.set(true);
                }
            }
            Input::Run { job, db, task } => {
                let cancel = Rc::new(Cell::new(false));
                self.cancels.borrow_mut().insert(job, cancel.clone());
                let cancels = self.cancels.clone();
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let reporter = Reporter {
                        scope: scope.clone(),
                        who,
                        job,
                        cancel,
                        phase: Cell::new(None),
                        total: Cell::new(0),
                        done: Cell::new(0),
                        last_sent: Cell::new(f64::NEG_INFINITY),
                    };
                    let result = run(&db, job, task, &reporter).await;
                    cancels.borrow_mut().remove(&job);
                    scope.respond(who, Output::Done { job, result });
                });
            }
        }
    }
}

/// Opens the database without announcing each write (the page announces
/// the job once), runs the task and closes the connection.
async fn run(name: &str, job: u32, task: Task, progress: &Reporter) -> Result<Done, StorageError> {
    // Reading a file needs no database.
    match task {
        Task::ReadCsv { file_name, bytes } => {
            progress.set_phase("import-phase-reading");
            let read = import::prepare(&file_name, &bytes).map(|file| keep(job, file));
            return Ok(Done::Read(read));
        }
        Task::ReadMentions { file_name, bytes } => {
            progress.set_phase("import-phase-reading");
            let read = jobs::mentions::prepare(&file_name, &bytes).map(|file| keep(job, file));
            return Ok(Done::ReadMentions(read));
        }
        Task::ReadPosts { posts } => {
            progress.set_phase("mentions-phase-reading");
            let readings =
                jobs::posts::read_all(posts.iter().map(|(text, lang)| (text.as_str(), *lang)));
            return Ok(Done::Readings(readings));
        }
        // Questions about the kept analysis.
        Task::CustomerValue {
            id,
            products,
            offers,
        } => {
            return Ok(Done::CustomerValue(analysis().map(|c| {
                Box::new(c.analysis.customer_value(id, &products, offers as usize))
            })));
        }
        Task::SegmentCounts { groups } => {
            return Ok(Done::Counts(analysis().map(|c| {
                let population = c.population();
                groups.iter().map(|g| population.count(g) as u64).collect()
            })));
        }
        Task::SegmentMembers { group, limit } => {
            return Ok(Done::Members(analysis().map(|c| {
                let ranked = c.population().ranked(&group);
                Members {
                    total: ranked.len() as u64,
                    top: ranked
                        .iter()
                        .take(limit.min(MEMBERS_MAX) as usize)
                        .filter_map(|&i| {
                            let id = *c.analysis.ids.get(i as usize)?;
                            Some((id, c.analysis.metrics.get(i as usize)?.clone()))
                        })
                        .collect(),
                    currency: c.analysis.currency,
                }
            })));
        }
        _ => {}
    }
    let db = Db::open_named(name).await?.without_announcements();
    // Another tab's upgrade must not wait for this connection.
    db.close_on_version_change(|| {});
    let result = match task {
        Task::Demo { customers, today } => {
            let size = DemoSize::ALL
                .into_iter()
                .find(|s| s.customers() == customers as usize)
                .ok_or_else(|| {
                    StorageError::new(
                        ErrorKind::Other,
                        format!("no demo size has {customers} customers"),
                    )
                })?;
            jobs::demo::generate(&db, size, today, progress)
                .await
                .map(|outcome| Done::Demo {
                    cancelled: outcome == Outcome::Cancelled,
                })
        }
        Task::Import { file, mapping } => match kept(file) {
            None => Err(gone()),
            Some(prepared) => match mapping {
                Mapping::Customers(m) => import::customers(&db, prepared.table, m, progress).await,
                Mapping::Purchases(m) => import::purchases(&db, prepared.table, m, progress).await,
            }
            .map(Done::Imported),
        },
        Task::Backup => match jobs::backup::build(&db, progress).await {
            Ok(parts) => object_url(&parts, "application/x-ndjson").map(|url| Done::File { url }),
            Err(e) => Err(e),
        },
        Task::Export(kind) => match jobs::export::build(&db, kind, progress).await {
            Ok(parts) => object_url(&parts, "text/csv;charset=utf-8").map(|url| Done::File { url }),
            Err(e) => Err(e),
        },
        Task::Duplicates => jobs::duplicates::scan_all(&db, progress)
            .await
            .map(|json| Done::Duplicates { json }),
        Task::Restore { bytes, mode } => {
            match jobs::backup::restore_into(&db, bytes, mode, progress).await {
                Ok(outcome) => Ok(Done::Restored(Ok(outcome == Outcome::Cancelled))),
                Err(jobs::backup::RestoreError::Invalid(errors)) => Ok(Done::Restored(Err(errors))),
                Err(jobs::backup::RestoreError::Storage(e)) => Err(e),
            }
        }
        Task::ImportMentions { file, mapping } => match kept(file) {
            None => Err(gone()),
            Some(prepared) => jobs::mentions::import(&db, prepared.table, mapping, progress)
                .await
                .map(Done::ImportedMentions),
        },
        Task::ImportCases { bytes } => jobs::cases::import(&db, &bytes, progress)
            .await
            .map(Done::ImportedCases),
        Task::Analyse { today } => match jobs::analytics::analyse(&db, today, progress).await {
            Ok(Some(computed)) => {
                let overview = Box::new(computed.analysis.overview());
                let purchases_read_ms = computed.purchases_read_ms;
                ANALYSIS.with(|a| *a.borrow_mut() = Some(Rc::new(computed)));
                Ok(Done::Analysed {
                    overview: Some(overview),
                    purchases_read_ms,
                })
            }
            Ok(None) => Ok(Done::Analysed {
                overview: None,
                purchases_read_ms: 0.0,
            }),
            Err(e) => Err(e),
        },
        Task::PostsView => match jobs::posts::view(&db, progress).await {
            Ok(view) => serde_json::to_string(&view)
                .map(|json| Done::Json { json })
                .map_err(|e| StorageError::new(ErrorKind::Other, e.to_string())),
            Err(e) => Err(e),
        },
        Task::PlanPaste { post } => match serde_json::from_str(&post) {
            Err(e) => Err(StorageError::new(
                ErrorKind::Other,
                format!("pasted post: {e}"),
            )),
            Ok(post) => match jobs::posts::plan_paste(&db, post).await {
                Ok(plan) => serde_json::to_string(&plan)
                    .map(|json| Done::Json { json })
                    .map_err(|e| StorageError::new(ErrorKind::Other, e.to_string())),
                Err(e) => Err(e),
            },
        },
        Task::SegmentExport { group, lang } => match analysis() {
            None => Err(not_analysed()),
            Some(computed) => {
                let members = computed.population().ranked(&group);
                progress.set_phase("segment-exporting");
                progress.start(computed.customers.len());
                match db
                    .all_customers_with_consents(|n| progress.progress(n))
                    .await
                {
                    Ok(records) => {
                        let text = ilgi_core::segment::members_csv(
                            records,
                            &members,
                            &computed.analysis,
                            lang,
                        );
                        let parts = js_sys::Array::of1(&text.into());
                        object_url(&parts, "text/csv;charset=utf-8").map(|url| Done::File { url })
                    }
                    Err(e) => Err(e),
                }
            }
        },
        Task::ReadCsv { .. }
        | Task::ReadMentions { .. }
        | Task::CustomerValue { .. }
        | Task::SegmentCounts { .. }
        | Task::SegmentMembers { .. }
        | Task::ReadPosts { .. } => Err(StorageError::new(ErrorKind::Other, "answered before")),
    };
    db.close();
    result
}

/// An object URL of a file joined from `parts`; revoked after a minute
/// (the page starts the download at once; revoking sooner can cancel it).
fn object_url(parts: &js_sys::Array, mime: &str) -> Result<String, StorageError> {
    let fail = |e: wasm_bindgen::JsValue| {
        StorageError::new(ErrorKind::Other, crate::js_error::describe(&e))
    };
    let blob = crate::download::blob_of(parts, mime).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let revoke = url.clone();
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&revoke);
    })
    .forget();
    Ok(url)
}

/// Keeps a read file for its import and gives the page its preview.
fn keep(job: u32, file: Prepared) -> import::Preview {
    let preview = file.preview(job);
    FILE.with(|f| *f.borrow_mut() = Some((job, file)));
    preview
}

/// The file read by job `file`, taken out (an import uses it once).
fn kept(file: u32) -> Option<Prepared> {
    FILE.with(|f| {
        let mut slot = f.borrow_mut();
        match slot.take() {
            Some((id, prepared)) if id == file => Some(prepared),
            other => {
                *slot = other;
                None
            }
        }
    })
}

/// The kept analysis, if any.
fn analysis() -> Option<Rc<Computed>> {
    ANALYSIS.with(|a| a.borrow().clone())
}

fn not_analysed() -> StorageError {
    StorageError::new(
        ErrorKind::Other,
        "the value analysis is not ready yet; try again when it has finished",
    )
}

fn gone() -> StorageError {
    StorageError::new(
        ErrorKind::Other,
        "the file to import is no longer loaded; choose it again",
    )
}

/// Posts a job's progress to the page.
struct Reporter {
    scope: WorkerScope<Jobs>,
    who: HandlerId,
    job: u32,
    cancel: Rc<Cell<bool>>,
    phase: Cell<Option<&'static str>>,
    total: Cell<usize>,
    done: Cell<usize>,
    last_sent: Cell<f64>,
}

impl Reporter {
    fn send(&self, done: usize) {
        self.done.set(done);
        self.last_sent.set(js_sys::Date::now());
        self.scope.respond(
            self.who,
            Output::Progress {
                job: self.job,
                phase: self.phase.get().map(str::to_string),
                done: done as u64,
                total: self.total.get() as u64,
            },
        );
    }
}

impl Progress for Reporter {
    fn start(&self, total: usize) {
        self.total.set(total);
        self.send(0);
    }

    fn set_phase(&self, key: &'static str) {
        self.phase.set(Some(key));
        self.send(self.done.get());
    }

    fn progress(&self, done: usize) {
        if done >= self.total.get()
            || js_sys::Date::now() - self.last_sent.get() >= PROGRESS_EVERY_MS
        {
            self.send(done);
        } else {
            self.done.set(done);
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.get()
    }
}
