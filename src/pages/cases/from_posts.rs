//! Cases opened from social posts — one click on a complaint, or the
//! automatic rule while posts are imported — through the same core intake
//! and triage as the complaint form: the post's complaint (social channel,
//! public flag, the author's reach), the linked customer's facts, and the
//! post ↔ case ↔ customer link kept on both records.

use ilgi_core::cases::{Opening, case_number, open_case, triage::customer_facts};
use ilgi_core::model::{Customer, Id, Record};
use ilgi_core::social::Mention;

use super::{AGENT, Desk, cases_by_customer};
use crate::storage::db::new_id;

/// The next case numbers of this installation, one after another.
pub fn numbers(desk: &Desk, client: Id) -> impl FnMut() -> String {
    let prefix = case_number(client, 0);
    let prefix = prefix.trim_end_matches("0000").to_string();
    let mut last = desk
        .cases
        .iter()
        .filter_map(|f| f.case.number.strip_prefix(prefix.as_str()))
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    move || {
        last += 1;
        case_number(client, last)
    }
}

/// Opens the case of `post` (written by `customer`, when linked): sets the
/// post's `case_id` and returns the case and its journey's records. `None`
/// when the post already has a case.
pub fn open_for_post(
    desk: &Desk,
    post: &mut Mention,
    customer: Option<&Customer>,
    number: String,
    now: i64,
) -> Option<Vec<Record>> {
    if post.case_id.is_some() {
        return None;
    }
    let rules = desk.rules.prepare();
    let complaint = post.complaint(&rules);
    let facts = customer.map_or_else(Default::default, |c| {
        let earlier = cases_by_customer(desk).remove(&c.id).unwrap_or_default();
        customer_facts(c, None, earlier, now, desk.rules.recent_days)
    });
    let triage = rules.triage(&complaint, &facts);
    let (case, events) = open_case(
        &complaint,
        triage,
        Opening {
            number,
            customer_id: customer.map(|c| c.id),
            author: customer.is_none().then(|| post.case_author()),
            at: now,
            by: AGENT.to_string(),
        },
        &mut new_id,
    )
    .ok()?;
    post.case_id = Some(case.id);
    let mut out = vec![Record::Case(case)];
    out.extend(events.into_iter().map(Record::CaseEvent));
    Some(out)
}
