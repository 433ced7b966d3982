//! Mutations: what one write changed, exactly as a sync push sends it.
//!
//! A mutation names one record and carries only the paths that changed,
//! with the stamp of the write (`stamp`) and, where a path's stamp differs
//! (a removal names the addition it saw; a compacted mutation keeps each
//! path's own stamp), an entry in `stamps`. `fields` may also hold a set
//! field as a whole array (`"tags": ["vip"]`: these elements added) and
//! bookkeeping keys (`id`, `version`…), which are ignored: a whole stored
//! record is a valid "created" mutation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shape::{BOOKKEEPING, DELETED, Shape, record_fields};
use super::state::{
    Paths, Slot, StateError, element_path, field_of, merge_paths, paths_of, record_from,
    record_from_paths,
};
use crate::model::{Entity, Id, Record, Stamp};

/// One change to one record from one installation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    /// The installation that made the change.
    pub client_id: Id,
    /// Strictly increasing per installation; `(client_id, seq)` identifies
    /// the mutation, so a replay is recognised and changes nothing.
    pub seq: u64,
    pub entity: Entity,
    pub id: Id,
    /// The stamp of the write (the newest of the paths' stamps).
    pub stamp: Stamp,
    /// Changed paths and their new values (serde names of the record).
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// Paths whose stamp is not `stamp`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stamps: BTreeMap<String, Stamp>,
    /// The record is deleted (its personal data is gone for good).
    #[serde(default)]
    pub deleted: bool,
}

/// A mutation that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MutationError {
    /// `fields` names something the entity does not have.
    #[error("{entity:?} has no field {field:?}")]
    UnknownField { entity: Entity, field: String },
    /// A set field given as a whole is not an array.
    #[error("field {field:?} must be a list")]
    NotAList { field: String },
    /// Two mutations of different records cannot be compacted.
    #[error("mutations of different records cannot be compacted")]
    DifferentRecords,
    #[error(transparent)]
    State(#[from] StateError),
}

impl Mutation {
    /// The changed paths with their stamps.
    pub fn paths(&self) -> Result<Paths, MutationError> {
        let shape = Shape::of(self.entity);
        let stamp_of = |path: &str| self.stamps.get(path).copied().unwrap_or(self.stamp);
        let mut out = Paths::new();
        for (key, value) in &self.fields {
            if BOOKKEEPING.contains(&key.as_str()) {
                continue;
            }
            let field = field_of(key);
            if shape.is_set(field) {
                if key == field {
                    let Value::Array(elements) = value else {
                        return Err(MutationError::NotAList { field: key.clone() });
                    };
                    for element in elements {
                        let path = element_path(shape, field, element);
                        let stamp = stamp_of(&path);
                        out.insert(
                            path,
                            Slot {
                                value: element.clone(),
                                stamp,
                            },
                        );
                    }
                } else {
                    out.insert(
                        key.clone(),
                        Slot {
                            value: value.clone(),
                            stamp: stamp_of(key),
                        },
                    );
                }
            } else if shape.is_scalar(key) {
                out.insert(
                    key.clone(),
                    Slot {
                        value: value.clone(),
                        stamp: stamp_of(key),
                    },
                );
            } else {
                return Err(MutationError::UnknownField {
                    entity: self.entity,
                    field: key.clone(),
                });
            }
        }
        if self.deleted {
            out.insert(
                DELETED.to_string(),
                Slot {
                    value: Value::Bool(true),
                    stamp: stamp_of(DELETED),
                },
            );
        }
        Ok(out)
    }

    /// The record that holds this one (a purchase's customer), when the
    /// entity is contained and the mutation names it.
    pub fn container(&self) -> Option<Id> {
        let field = Shape::of(self.entity).container?;
        self.fields
            .get(field)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// The fields this mutation changes (set elements by their field).
    pub fn changed_fields(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .fields
            .keys()
            .filter(|k| !BOOKKEEPING.contains(&k.as_str()))
            .map(|k| field_of(k).to_string())
            .collect();
        out.dedup();
        out
    }

    /// Builds a mutation from paths (the inverse of [`Mutation::paths`]).
    pub(crate) fn from_paths(
        client_id: Id,
        seq: u64,
        entity: Entity,
        id: Id,
        paths: &Paths,
        at_least: Stamp,
    ) -> Mutation {
        let stamp = paths
            .values()
            .map(|s| s.stamp)
            .max()
            .unwrap_or(Stamp::ZERO)
            .max(at_least);
        let mut fields = Map::new();
        let mut stamps = BTreeMap::new();
        let mut deleted = false;
        for (path, slot) in paths {
            if slot.stamp != stamp {
                stamps.insert(path.clone(), slot.stamp);
            }
            if path == DELETED {
                deleted = slot.value == Value::Bool(true);
                if !deleted {
                    stamps.remove(path);
                }
                continue;
            }
            fields.insert(path.clone(), slot.value.clone());
        }
        Mutation {
            client_id,
            seq,
            entity,
            id,
            stamp,
            fields,
            stamps,
            deleted,
        }
    }
}

/// What changed from `base` (the record as the editor saw it; `None` for a
/// new record) to `edited`, as paths without stamps: scalars whose value
/// differs, set elements added or changed, set elements removed (with the
/// stamp of the addition the removal saw; never for append-only sets).
/// A deleted `edited` is only the deletion: a tombstone carries no data.
pub fn diff(
    base: Option<&Record>,
    edited: &Record,
) -> (Map<String, Value>, BTreeMap<String, Stamp>) {
    let shape = Shape::of(edited.entity());
    let mut fields = Map::new();
    let mut removals = BTreeMap::new();
    let new = paths_of(edited);
    let old = base.map(paths_of).unwrap_or_default();
    // A contained record's every mutation names its container.
    if let Some(container) = shape.container
        && let Some(slot) = new.get(container)
    {
        fields.insert(container.to_string(), slot.value.clone());
    }
    if edited.is_deleted() {
        // Only what a tombstone keeps can change with a delete (a merged
        // customer's link); personal data is never sent.
        for path in shape.kept_when_deleted {
            if let Some(slot) = new.get(*path)
                && old.get(*path).map(|s| &s.value) != Some(&slot.value)
            {
                fields.insert((*path).to_string(), slot.value.clone());
            }
        }
        return (fields, removals);
    }
    for (path, slot) in &new {
        if path == DELETED {
            continue;
        }
        let is_set = shape.is_set(field_of(path));
        let changed = match old.get(path) {
            Some(before) => before.value != slot.value,
            None => !slot.value.is_null() || (base.is_some() && !is_set),
        };
        if changed && !(is_set && slot.value.is_null()) {
            fields.insert(path.clone(), slot.value.clone());
        }
    }
    for (path, before) in &old {
        let field = field_of(path);
        if !shape.is_set(field) || before.value.is_null() {
            continue;
        }
        let still_there = new.get(path).is_some_and(|s| !s.value.is_null());
        if !still_there {
            fields.insert(path.clone(), Value::Null);
            removals.insert(path.clone(), before.stamp);
        }
    }
    (fields, removals)
}

/// The record after applying `mutation` to what is stored (`None`: nothing
/// yet). Keeps the mutation's stamps; `updated_at` is the later of the
/// stored one and `at`.
pub fn apply(
    stored: Option<&Record>,
    mutation: &Mutation,
    at: i64,
) -> Result<Record, MutationError> {
    let incoming = mutation.paths()?;
    let shape = Shape::of(mutation.entity);
    Ok(match stored {
        Some(record) => record_from(
            mutation.entity,
            mutation.id,
            &merge_paths(shape, &paths_of(record), &incoming),
            record.updated_at().max(at),
        )?,
        None => record_from_paths(mutation.entity, mutation.id, &incoming, at)?,
    })
}

/// One mutation with the effect of `earlier` then `later` (same record):
/// what the outbox keeps when a record changed twice before it was sent.
/// Each path keeps its own stamp, so the merged result is the same.
pub fn compact(earlier: &Mutation, later: &Mutation) -> Result<Mutation, MutationError> {
    if earlier.entity != later.entity || earlier.id != later.id {
        return Err(MutationError::DifferentRecords);
    }
    let shape = Shape::of(later.entity);
    let paths = merge_paths(shape, &earlier.paths()?, &later.paths()?);
    Ok(Mutation::from_paths(
        later.client_id,
        earlier.seq.max(later.seq),
        later.entity,
        later.id,
        &paths,
        earlier.stamp.max(later.stamp),
    ))
}

/// The fields `mine` changes that also changed between `base` (what the
/// editor started from) and `current` (what is stored now): saving would
/// overwrite someone else's change to them.
pub fn conflicts(base: &Record, current: &Record, mine: &Mutation) -> Vec<String> {
    let before = paths_of(base);
    let now = paths_of(current);
    let mut out: Vec<String> = mine
        .fields
        .keys()
        .filter(|path| {
            let a = before.get(path.as_str()).map(|s| &s.value);
            let b = now.get(path.as_str()).map(|s| &s.value);
            a != b
        })
        .map(|path| field_of(path).to_string())
        .collect();
    out.dedup();
    out
}

/// The whole of a record as a "created" mutation (every path at its own
/// stamp): what a device sends for a record the server has never seen.
pub fn snapshot(client_id: Id, seq: u64, record: &Record) -> Mutation {
    Mutation::from_paths(
        client_id,
        seq,
        record.entity(),
        record.id(),
        &paths_of(record),
        record.version(),
    )
}

/// The JSON object of a record, for callers that build a "created"
/// mutation's `fields` cheaply.
pub fn created_fields(record: &Record) -> Value {
    record_fields(record)
}
