//! Reading social posts (language, sentiment, complaint, topics) and
//! matching their authors to customers: the lexicons and the matcher run
//! in the worker ([`view`], [`read_all`] there; [`load_view`],
//! [`read_in_worker`] on the page), so neither their code nor their data is
//! in the page's download, and a page never matches 100,000 customers on
//! its thread.

use ilgi_core::i18n::Lang;
use ilgi_core::identity::matching::{Bucket, Match};
use ilgi_core::model::{Customer, Id};
use ilgi_core::social::Mention;
use ilgi_core::social::link::queue;
use ilgi_core::social::reading::{Reading, read};
use serde::{Deserialize, Serialize};

use super::{JobHandle, Progress};
use crate::storage::{Db, ErrorKind, StorageError};
use crate::worker::{self, Done, Task};

/// The mentions page's data: every stored post with its reading, the
/// customers that posts and candidates name, and the review queue and
/// prospects matched against today's customers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PostsView {
    pub posts: Vec<Mention>,
    /// One per post, in the same order.
    pub readings: Vec<Reading>,
    pub customers: Vec<Customer>,
    pub possible: Vec<(Mention, Match)>,
    pub prospects: Vec<(Mention, Match)>,
}

/// Makes the [`PostsView`] (in the worker).
pub async fn view(db: &Db, progress: &dyn Progress) -> Result<PostsView, StorageError> {
    progress.set_phase("mentions-phase-reading");
    let posts = db.mentions().await?;
    let all = db.all_customers(|n| progress.progress(n)).await?;
    let (mut possible, mut prospects) = (Vec::new(), Vec::new());
    let mut named: std::collections::HashSet<Id> =
        posts.iter().filter_map(|m| m.customer_id).collect();
    for (m, found) in queue(&posts, &all) {
        named.extend(found.candidates.iter().map(|c| c.customer));
        named.extend(found.customer);
        match found.bucket {
            Bucket::Possible => possible.push((m.clone(), found)),
            Bucket::Prospect => prospects.push((m.clone(), found)),
            _ => {}
        }
    }
    let readings = read_all(posts.iter().map(|m| (m.text.as_str(), m.lang)));
    let customers = all.into_iter().filter(|c| named.contains(&c.id)).collect();
    Ok(PostsView {
        posts,
        readings,
        customers,
        possible,
        prospects,
    })
}

/// Reads posts (text, language when known).
pub fn read_all<'a>(posts: impl Iterator<Item = (&'a str, Option<Lang>)>) -> Vec<Reading> {
    posts.map(|(text, lang)| read(text, lang)).collect()
}

/// The [`PostsView`] made by the worker (it travels as JSON: a match's
/// reasons are an internally tagged enum, which postcard cannot read).
pub async fn load_view() -> Result<PostsView, StorageError> {
    match worker::ask(Task::PostsView).await? {
        Done::Json { json } => serde_json::from_str(&json)
            .map_err(|e| StorageError::new(ErrorKind::Other, format!("posts view: {e}"))),
        other => Err(worker::unexpected(&other)),
    }
}

/// Reads posts in the worker; one reading per post, in order.
pub async fn read_in_worker(
    posts: Vec<(String, Option<Lang>)>,
) -> Result<Vec<Reading>, StorageError> {
    match worker::ask(Task::ReadPosts { posts }).await? {
        Done::Readings(readings) => Ok(readings),
        other => Err(worker::unexpected(&other)),
    }
}

/// The same, showing progress on `job` (many posts).
pub async fn read_in_worker_with(
    posts: Vec<(String, Option<Lang>)>,
    job: JobHandle,
) -> Result<Vec<Reading>, StorageError> {
    match worker::run(Task::ReadPosts { posts }, job).await? {
        Done::Readings(readings) => Ok(readings),
        other => Err(worker::unexpected(&other)),
    }
}

/// What saving one pasted post takes (made in the worker, written by the
/// page): `None` when the post is already stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PastePlan {
    /// The post, linked to its author's customer when certain.
    pub post: Mention,
    /// `(stored, with the new identity)` of a customer the post taught a
    /// social identity.
    pub customers: Vec<(Customer, Customer)>,
    /// The linked customer, if any (for a case opened from the post).
    pub customer: Option<Customer>,
    /// What the post says as a complaint (the automatic case rule reads
    /// it).
    pub complaint: ilgi_core::social::complaint::Complaint,
}

/// Plans saving `post` (in the worker): refused as already stored, or
/// matched against every customer and read.
pub async fn plan_paste(db: &Db, post: Mention) -> Result<Option<PastePlan>, StorageError> {
    let stored = db.mentions().await?;
    let key = ilgi_core::social::mention::mention_key(post.platform, &post.post_id);
    if stored.iter().any(|m| m.key() == key) {
        return Ok(None);
    }
    let customers = db.all_customers(|_| {}).await?;
    let mut linked = ilgi_core::social::link::link_new(vec![post], &customers, &stored);
    let Some(post) = linked.posts.pop() else {
        return Err(StorageError::new(
            ErrorKind::Other,
            "the post was lost while linking",
        ));
    };
    let complaint = read(&post.text, post.lang).complaint;
    let customer = post
        .customer_id
        .and_then(|id| customers.into_iter().find(|c| c.id == id));
    Ok(Some(PastePlan {
        post,
        customers: linked.customers,
        customer,
        complaint,
    }))
}

/// [`plan_paste`] in the worker (the plan travels as JSON, like a
/// backup's records).
pub async fn plan_paste_in_worker(post: &Mention) -> Result<Option<PastePlan>, StorageError> {
    let post = serde_json::to_string(post)
        .map_err(|e| StorageError::new(ErrorKind::Other, e.to_string()))?;
    match worker::ask(Task::PlanPaste { post }).await? {
        Done::Json { json } => serde_json::from_str(&json)
            .map_err(|e| StorageError::new(ErrorKind::Other, format!("paste plan: {e}"))),
        other => Err(worker::unexpected(&other)),
    }
}
