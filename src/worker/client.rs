//! The page's side: spawns the worker on first use and routes its answers
//! to the job that asked.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::Set;

use super::codec::Postcard;
use super::host::Jobs;
use super::protocol::{Done, Input, Output, Task};
use crate::jobs::JobHandle;
use crate::storage::{ErrorKind, StorageError, schema};

/// If the worker has said nothing about a job this long after it was
/// sent, it did not start (its script failed to load): the job fails.
const START_TIMEOUT_MS: u32 = 30_000;

struct Pending {
    /// `None` for a question (no progress to show).
    job: Option<JobHandle>,
    heard: bool,
    done: oneshot::Sender<Result<Done, StorageError>>,
}

struct Client {
    bridge: WorkerBridge<Jobs>,
    pending: Rc<RefCell<HashMap<u32, Pending>>>,
    next: Cell<u32>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
}

fn client() -> Rc<Client> {
    CLIENT.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                let pending: Rc<RefCell<HashMap<u32, Pending>>> = Rc::default();
                let routes = pending.clone();
                let bridge = Jobs::spawner()
                    .encoding::<Postcard>()
                    // Trunk builds the worker for wasm-bindgen's
                    // `no-modules` target: a classic worker script.
                    .as_module(false)
                    .callback(move |output| deliver(&routes, output))
                    .spawn(super::SCRIPT);
                Rc::new(Client {
                    bridge,
                    pending,
                    next: Cell::new(1),
                })
            })
            .clone()
    })
}

/// The same `&'static str` for each phase key the worker names (a handful
/// of translation keys), as the job handle keeps them.
fn phase_key(key: &str) -> &'static str {
    thread_local! {
        static KEYS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }
    KEYS.with(|keys| {
        if let Some(k) = keys.borrow().iter().find(|k| **k == key) {
            return *k;
        }
        let k: &'static str = Box::leak(key.to_string().into_boxed_str());
        keys.borrow_mut().push(k);
        k
    })
}

fn deliver(pending: &RefCell<HashMap<u32, Pending>>, output: Output) {
    match output {
        Output::Progress {
            job,
            phase,
            done,
            total,
        } => {
            let mut pending = pending.borrow_mut();
            let Some(p) = pending.get_mut(&job) else {
                return;
            };
            p.heard = true;
            let Some(handle) = p.job else {
                return;
            };
            drop(pending);
            if let Some(phase) = phase {
                handle.set_phase(phase_key(&phase));
            }
            handle.total.set(total as usize);
            handle.done.set(done as usize);
            handle.running.set(true);
        }
        Output::Done { job, result } => {
            if let Some(p) = pending.borrow_mut().remove(&job) {
                let _ = p.done.send(result);
            }
        }
    }
}

/// Runs `task` in the worker on the app's database, showing its progress
/// on `job` and stopping it when the user cancels; resolves with what it
/// did. The caller marks `job` finished.
pub async fn run(task: Task, job: JobHandle) -> Result<Done, StorageError> {
    send(task, Some(job)).await
}

/// Asks the worker a question about what it keeps (the value analysis);
/// resolves with the answer.
pub async fn ask(task: Task) -> Result<Done, StorageError> {
    send(task, None).await
}

async fn send(task: Task, job: Option<JobHandle>) -> Result<Done, StorageError> {
    let client = client();
    let id = client.next.get();
    client.next.set(id + 1);
    let (done, answer) = oneshot::channel();
    client.pending.borrow_mut().insert(
        id,
        Pending {
            job,
            heard: false,
            done,
        },
    );
    if let Some(job) = job {
        job.running.set(true);
        let weak = Rc::downgrade(&client);
        job.on_cancel(move || {
            if let Some(client) = weak.upgrade() {
                client.bridge.send(Input::Cancel { job: id });
            }
        });
    }
    client.bridge.send(Input::Run {
        job: id,
        db: schema::DB_NAME.to_string(),
        task,
    });
    let watchdog = {
        let pending = client.pending.clone();
        async move {
            gloo_timers::future::TimeoutFuture::new(START_TIMEOUT_MS).await;
            let silent = pending.borrow().get(&id).is_some_and(|p| !p.heard);
            if silent && let Some(p) = pending.borrow_mut().remove(&id) {
                let _ = p.done.send(Err(StorageError::new(
                    ErrorKind::Other,
                    "the background worker did not start (ilgi-worker.js failed to load)",
                )));
            }
        }
    };
    leptos::task::spawn_local(watchdog);
    let result = answer.await.unwrap_or_else(|_| {
        Err(StorageError::new(
            ErrorKind::Other,
            "the background worker stopped",
        ))
    });
    if let Some(job) = job {
        job.on_cancel(|| {});
    }
    result
}
