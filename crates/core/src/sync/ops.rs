//! The two operations that touch several records at once and must never
//! lose or revive data: erasure and the merge of two customers.

use std::collections::BTreeMap;

use serde_json::Value;

use super::mutation::Mutation;
use super::shape::Shape;
use super::state::paths_of;
use crate::cases::{Case, CaseEvent};
use crate::model::{
    Batch, Consent, ConsentChannel, Customer, Direction, Entity, Id, Interaction, InteractionKind,
    Purchase, Record, new_consent_records,
};
use crate::social::Mention;

/// The source of the withdrawals an erasure records.
pub const ERASURE_SOURCE: &str = "erasure";

/// Deletes a customer and everything that belongs to them, as one batch:
/// the customer and their timeline become tombstones without personal data
/// (KVKK/GDPR erasure); purchases become tombstones that keep the sale
/// figures. Consent decisions are kept as proof (they hold no personal
/// data), and every consent still granted gets a withdrawal at `now`
/// (source [`ERASURE_SOURCE`]). The customer's complaint cases and their
/// journeys are erased too (a case keeps its number, channel, category and
/// time for reports; its text, author and every event's details go), and
/// so are the social posts linked to them (a post keeps its platform, id
/// and time). Pass every purchase, interaction, case (with its journey)
/// and post of the customer, and the customer with their consents loaded.
pub fn erase(
    customer: &Customer,
    purchases: &[Purchase],
    interactions: &[Interaction],
    cases: &[(Case, Vec<CaseEvent>)],
    mentions: &[Mention],
    now: i64,
) -> Batch {
    let mut batch = Batch::with_capacity(1 + purchases.len() + interactions.len());
    let mut withdrawn = customer.clone();
    for channel in ConsentChannel::ALL {
        if customer.consent(channel).is_some_and(|c| c.granted) {
            withdrawn.consents.push(Consent {
                channel,
                granted: false,
                at: now,
                source: ERASURE_SOURCE.to_string(),
            });
        }
    }
    for record in new_consent_records(&withdrawn, &customer.consents) {
        batch.put(Record::Consent(record));
    }
    for (case, journey) in cases.iter().filter(|(c, _)| !c.deleted) {
        for event in journey.iter().filter(|e| !e.deleted) {
            batch.delete(Record::CaseEvent(event.clone()));
        }
        batch.delete(Record::Case(case.clone()));
    }
    for m in mentions
        .iter()
        .filter(|m| !m.deleted && m.customer_id == Some(customer.id))
    {
        batch.delete(Record::Mention(m.clone()));
    }
    for p in purchases.iter().filter(|p| !p.deleted) {
        batch.delete(Record::Purchase(p.clone()));
    }
    for i in interactions.iter().filter(|i| !i.deleted) {
        batch.delete(Record::Interaction(i.clone()));
    }
    batch.delete(Record::Customer(customer.clone()));
    batch
}

/// Whose value a merged customer keeps for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeChoice {
    Survivor,
    Other,
}

/// Why two customers cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("a customer cannot be merged with itself")]
    SameCustomer,
    #[error("customer {0} is deleted")]
    Deleted(Id),
    #[error("customer {0} was already merged into another one")]
    AlreadyMerged(Id),
    #[error("{0:?} is not a field that can be chosen")]
    UnknownField(String),
}

/// What belongs to the customer merged away: its contained records and
/// the records that name it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Belongings<'a> {
    pub purchases: &'a [Purchase],
    pub interactions: &'a [Interaction],
    /// Cases whose customer it is.
    pub cases: &'a [Case],
    /// Posts linked to it.
    pub mentions: &'a [Mention],
}

/// Merges `other` into `survivor` as one batch:
///
/// - scalar fields keep the survivor's value, or the other's where
///   `choices` says so or the survivor's is empty;
/// - list fields (emails, phones, tags, products, identities) and consent
///   decisions
///   keep the elements of both; custom fields keep both (the survivor's
///   value on a clash unless chosen otherwise);
/// - every purchase and interaction of `other` moves to the survivor: it is
///   re-created under the survivor with a new id (from `new_id`) and the
///   old one is deleted, because a contained record never changes its
///   container (devices find it by its customer, see
///   [`Shape::container`]);
/// - cases and posts of `other` name the survivor from now on;
/// - `other` becomes a tombstone with `merged_into` = the survivor, so
///   changes that still arrive for it follow the link ([`follow_merge`]);
/// - a note on the survivor's timeline (time `now`) lists
///   every value of `other` that the survivor did not keep, and every value
///   of the survivor that a choice replaced, so nothing is lost silently.
pub fn merge_customers(
    survivor: &Customer,
    other: &Customer,
    choices: &BTreeMap<String, MergeChoice>,
    belongings: &Belongings<'_>,
    new_id: &mut dyn FnMut() -> Id,
    now: i64,
) -> Result<Batch, MergeError> {
    let Belongings {
        purchases,
        interactions,
        cases,
        mentions,
    } = *belongings;
    if survivor.id == other.id {
        return Err(MergeError::SameCustomer);
    }
    for c in [survivor, other] {
        if c.deleted {
            return Err(MergeError::Deleted(c.id));
        }
        if c.merged_into.is_some() {
            return Err(MergeError::AlreadyMerged(c.id));
        }
    }
    let shape = Shape::of(Entity::Customer);
    for field in choices.keys() {
        if !shape.is_scalar(field) || field == "merged_into" || field == "created_at" {
            return Err(MergeError::UnknownField(field.clone()));
        }
    }
    let mut merged = survivor.clone();
    let mut not_kept: Vec<String> = Vec::new();
    // A value that is not kept — the other's, or the survivor's own when
    // the person chose the other's — goes to the note.
    let mut take = |field: &str, mine: Option<String>, theirs: Option<String>| -> bool {
        let choice = choices.get(field).copied();
        let use_other = choice == Some(MergeChoice::Other) || (choice.is_none() && mine.is_none());
        match (mine, theirs) {
            (_, None) => false,
            (Some(m), Some(t)) if m == t => false,
            (mine, Some(t)) => {
                if use_other {
                    if let Some(m) = mine {
                        not_kept.push(format!("{field}: {m}"));
                    }
                    true
                } else {
                    not_kept.push(format!("{field}: {t}"));
                    false
                }
            }
        }
    };
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    if take(
        "first_name",
        text(&survivor.first_name),
        text(&other.first_name),
    ) {
        merged.first_name = other.first_name.clone();
    }
    if take(
        "last_name",
        text(&survivor.last_name),
        text(&other.last_name),
    ) {
        merged.last_name = other.last_name.clone();
    }
    if take(
        "external_id",
        survivor.external_id.clone(),
        other.external_id.clone(),
    ) {
        merged.external_id = other.external_id.clone();
    }
    if take("city", survivor.city.clone(), other.city.clone()) {
        merged.city = other.city.clone();
    }
    if take("owner", survivor.owner.clone(), other.owner.clone()) {
        merged.owner = other.owner.clone();
    }
    if take(
        "tier",
        Some(survivor.tier.code().to_string()),
        Some(other.tier.code().to_string()),
    ) {
        merged.tier = other.tier;
    }
    let other_custom_wins = choices.get("custom") == Some(&MergeChoice::Other);
    for (key, value) in &other.custom {
        match merged.custom.get(key) {
            Some(mine) if mine == value => {}
            Some(_) if !other_custom_wins => not_kept.push(format!("custom.{key}: {value}")),
            mine => {
                if let Some(mine) = mine {
                    not_kept.push(format!("custom.{key}: {mine}"));
                }
                merged.custom.insert(key.clone(), value.clone());
            }
        }
    }
    // List fields: the union, by each element's identity.
    let survivor_paths = paths_of(&Record::Customer(survivor.clone()));
    let has = |field: &str, element: &Value| {
        survivor_paths.contains_key(&super::state::element_path(shape, field, element))
    };
    for e in &other.emails {
        if !has("emails", &Value::String(e.as_str().into())) {
            merged.emails.push(e.clone());
        }
    }
    for p in &other.phones {
        if !has("phones", &Value::String(p.as_str().into())) {
            merged.phones.push(p.clone());
        }
    }
    for t in &other.tags {
        if !has("tags", &Value::String(t.clone())) {
            merged.tags.push(t.clone());
        }
    }
    for p in &other.products {
        if !has("products", &Value::String(p.clone())) {
            merged.products.push(p.clone());
        }
    }
    for i in &other.identities {
        let value = serde_json::to_value(i).unwrap_or(Value::Null);
        if !has("identities", &value) {
            merged.identities.push(i.clone());
        }
    }
    // Consent decisions are records of their own: the other's decisions
    // are recorded again under the survivor (the batch's update adds the
    // new ones); the other's own records stay, as proof.
    for c in &other.consents {
        if !merged.consents.contains(c) {
            merged.consents.push(c.clone());
        }
    }
    if other.created_at > 0 && (merged.created_at == 0 || other.created_at < merged.created_at) {
        merged.created_at = other.created_at;
    }

    let mut batch = Batch::with_capacity(3 + purchases.len() + interactions.len());
    batch.update(Record::Customer(survivor.clone()), Record::Customer(merged));
    for p in purchases.iter().filter(|p| !p.deleted) {
        let mut moved = p.clone();
        moved.id = new_id();
        moved.customer_id = survivor.id;
        moved.stamps = Default::default();
        batch.put(Record::Purchase(moved));
        batch.delete(Record::Purchase(p.clone()));
    }
    for i in interactions.iter().filter(|i| !i.deleted) {
        let mut moved = i.clone();
        moved.id = new_id();
        moved.customer_id = survivor.id;
        moved.stamps = Default::default();
        batch.put(Record::Interaction(moved));
        batch.delete(Record::Interaction(i.clone()));
    }
    for c in cases
        .iter()
        .filter(|c| !c.deleted && c.customer_id == Some(other.id))
    {
        let mut moved = c.clone();
        moved.customer_id = Some(survivor.id);
        batch.update(Record::Case(c.clone()), Record::Case(moved));
    }
    for m in mentions
        .iter()
        .filter(|m| !m.deleted && m.customer_id == Some(other.id))
    {
        let mut moved = m.clone();
        moved.customer_id = Some(survivor.id);
        batch.update(Record::Mention(m.clone()), Record::Mention(moved));
    }
    let mut text = format!("⇄ {} ({})", other.full_name(), other.id);
    for line in &not_kept {
        text.push('\n');
        text.push_str(line);
    }
    batch.put(Record::Interaction(Interaction {
        id: new_id(),
        customer_id: survivor.id,
        kind: InteractionKind::Note,
        direction: Direction::Internal,
        at: now,
        text,
        updated_at: 0,
        version: Default::default(),
        stamps: Default::default(),
        deleted: false,
    }));
    let mut linked = Record::Customer(other.clone());
    linked.mark_deleted();
    if let Record::Customer(c) = &mut linked {
        c.merged_into = Some(survivor.id);
    }
    batch.update(Record::Customer(other.clone()), linked);
    Ok(batch)
}

/// A change that arrived for a customer who was merged into another one,
/// redirected to the survivor (`stored` is the merged-away tombstone). The
/// data fields go to the survivor; `None` when there is nothing to follow.
pub fn follow_merge(stored: &Record, mutation: &Mutation) -> Option<Mutation> {
    let Record::Customer(c) = stored else {
        return None;
    };
    let target = c.merged_into?;
    if mutation.entity != Entity::Customer || mutation.deleted {
        return None;
    }
    let mut redirected = mutation.clone();
    redirected.id = target;
    redirected
        .fields
        .retain(|k, _| k != "merged_into" && k != "created_at" && k != "id");
    redirected
        .stamps
        .retain(|k, _| redirected.fields.contains_key(k));
    (!redirected.fields.is_empty()).then_some(redirected)
}
