//! A record as a flat map of versioned paths, and the merge of two of them.
//!
//! The merge is a join: commutative, associative and idempotent, so any
//! order and any repetition of the same changes gives the same record on
//! every device. Per path:
//!
//! - **scalar**: the value with the larger stamp wins; equal stamps (the
//!   same change seen twice) fall back to comparing the values' JSON text,
//!   so even a forged duplicate stamp resolves the same everywhere;
//! - **set element**: an element is present with the stamp of its newest
//!   addition, or removed with the stamp of the newest addition the removal
//!   saw. Present beats removed only when its addition is newer than what
//!   the removal saw, so a removal never takes away an addition made
//!   concurrently on another device (an observed-remove set);
//! - **`deleted`**: sticky. Once any side is deleted the result is deleted,
//!   and every path the shape does not keep for tombstones is dropped:
//!   personal data cannot come back from a device that was offline.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::shape::{BOOKKEEPING, DELETED, Shape, record_fields};
use crate::model::{Entity, Id, Record, Stamp, Stamps};

/// One path's value and the stamp of the change that wrote it. For a set
/// element, `Value::Null` means "removed", and the stamp is then the newest
/// addition the removal saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub value: Value,
    pub stamp: Stamp,
}

/// A record (or a change to one) as paths.
pub type Paths = BTreeMap<String, Slot>;

/// The field name of a path (`tags/vip` → `tags`).
pub fn field_of(path: &str) -> &str {
    path.split_once('/').map_or(path, |(field, _)| field)
}

/// A set element's path.
pub fn element_path(shape: &Shape, field: &str, element: &Value) -> String {
    format!("{field}/{}", shape.element_key(field, element))
}

/// Merges one path's slots.
fn merge_slot(shape: &Shape, path: &str, a: &Slot, b: &Slot) -> Slot {
    let by_stamp_then_text = |a: &Slot, b: &Slot| {
        a.stamp
            .cmp(&b.stamp)
            .then_with(|| a.value.to_string().cmp(&b.value.to_string()))
    };
    if shape.write_once {
        // The first write of each field stands (a zero stamp is a value
        // not known yet, which any real write replaces); a write-once
        // record is never deleted.
        if path == DELETED {
            return Slot {
                value: Value::Bool(false),
                stamp: Stamp::ZERO,
            };
        }
        let first = |s: &Slot| (s.stamp.is_zero(), s.stamp);
        return std::cmp::min_by(a, b, |a, b| {
            first(a)
                .cmp(&first(b))
                .then_with(|| a.value.to_string().cmp(&b.value.to_string()))
        })
        .clone();
    }
    if path == DELETED {
        let (da, db) = (a.value == Value::Bool(true), b.value == Value::Bool(true));
        return match (da, db) {
            (true, false) => a.clone(),
            (false, true) => b.clone(),
            _ => std::cmp::max_by(a, b, |a, b| by_stamp_then_text(a, b)).clone(),
        };
    }
    if shape.is_set(field_of(path)) {
        let (pa, pb) = (!a.value.is_null(), !b.value.is_null());
        return match (pa, pb) {
            // An addition survives a removal that did not see it.
            (true, false) if a.stamp > b.stamp => a.clone(),
            (true, false) => b.clone(),
            (false, true) if b.stamp > a.stamp => b.clone(),
            (false, true) => a.clone(),
            _ => std::cmp::max_by(a, b, |a, b| by_stamp_then_text(a, b)).clone(),
        };
    }
    std::cmp::max_by(a, b, |a, b| by_stamp_then_text(a, b)).clone()
}

/// Whether the paths say the record is deleted.
pub fn is_deleted(paths: &Paths) -> bool {
    paths
        .get(DELETED)
        .is_some_and(|s| s.value == Value::Bool(true))
}

/// Drops what a tombstone must not keep (a no-op for live records).
fn forget_if_deleted(shape: &Shape, paths: &mut Paths) {
    if is_deleted(paths) {
        paths.retain(|path, _| shape.kept(path));
    }
}

/// The join of two path maps of the same record.
pub fn merge_paths(shape: &Shape, a: &Paths, b: &Paths) -> Paths {
    let mut out = a.clone();
    for (path, slot) in b {
        let merged = match out.get(path) {
            Some(mine) => merge_slot(shape, path, mine, slot),
            None => slot.clone(),
        };
        out.insert(path.clone(), merged);
    }
    forget_if_deleted(shape, &mut out);
    out
}

/// A record's paths with their stamps.
pub fn paths_of(record: &Record) -> Paths {
    let shape = Shape::of(record.entity());
    let fields = record_fields(record);
    let (stamps, version) = match record {
        Record::Customer(r) => (&r.stamps, r.version),
        Record::Purchase(r) => (&r.stamps, r.version),
        Record::Interaction(r) => (&r.stamps, r.version),
        Record::Segment(r) => (&r.stamps, r.version),
        Record::Consent(r) => (&r.stamps, r.version),
        Record::Case(r) => (&r.stamps, r.version),
        Record::CaseEvent(r) => (&r.stamps, r.version),
        Record::Rules(r) => (&r.stamps, r.version),
        Record::Mention(r) => (&r.stamps, r.version),
    };
    let base = if stamps.base.is_zero() {
        version
    } else {
        stamps.base
    };
    let stamp_of = |path: &str| stamps.paths.get(path).copied().unwrap_or(base);
    let mut out = Paths::new();
    for field in shape.scalars {
        let value = fields.get(*field).cloned().unwrap_or(Value::Null);
        out.insert(
            (*field).to_string(),
            Slot {
                value,
                stamp: stamp_of(field),
            },
        );
    }
    for field in shape.sets {
        if let Some(Value::Array(elements)) = fields.get(*field) {
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
        }
    }
    for (path, seen) in &stamps.removed {
        out.entry(path.clone()).or_insert(Slot {
            value: Value::Null,
            stamp: *seen,
        });
    }
    // "Not deleted" has no stamp: a deletion always wins over it.
    out.insert(
        DELETED.to_string(),
        Slot {
            value: Value::Bool(record.is_deleted()),
            stamp: if record.is_deleted() {
                stamp_of(DELETED)
            } else {
                Stamp::ZERO
            },
        },
    );
    out
}

/// Why paths could not become a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// A value does not fit its field (`field`: the path, `reason`: serde's
    /// words).
    #[error("field {field}: {reason}")]
    BadValue { field: String, reason: String },
}

/// Builds the record that `paths` describe: required fields missing from
/// `paths` (a tombstone, a record only partly known) take their empty
/// value with a zero stamp, so any real change to them wins. Set elements
/// come out ordered by the stamp of their addition, then by key, so the
/// result does not depend on the order changes arrived in.
pub fn record_from(
    entity: Entity,
    id: Id,
    paths: &Paths,
    updated_at: i64,
) -> Result<Record, StateError> {
    let shape = Shape::of(entity);
    let blank: Map<String, Value> = match shape.blank(id) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut object = blank.clone();
    object.retain(|key, _| !shape.is_scalar(key) || blank_keeps(key));
    let mut stamp_count: BTreeMap<Stamp, usize> = BTreeMap::new();
    let mut version = Stamp::ZERO;
    for slot in paths.values() {
        version = version.max(slot.stamp);
    }
    for field in shape.scalars {
        match paths.get(*field) {
            Some(slot) => {
                *stamp_count.entry(slot.stamp).or_default() += 1;
                if slot.value.is_null() {
                    object.remove(*field);
                    restore_required(&mut object, &blank, field);
                } else {
                    object.insert((*field).to_string(), slot.value.clone());
                }
            }
            None => {
                *stamp_count.entry(Stamp::ZERO).or_default() += 1;
                restore_required(&mut object, &blank, field);
            }
        }
    }
    let mut removed = BTreeMap::new();
    let mut elements: BTreeMap<&str, Vec<(Stamp, &str, &Value)>> = BTreeMap::new();
    for (path, slot) in paths {
        let field = field_of(path);
        if !shape.is_set(field) || path == field {
            continue;
        }
        if slot.value.is_null() {
            removed.insert(path.clone(), slot.stamp);
        } else {
            *stamp_count.entry(slot.stamp).or_default() += 1;
            elements
                .entry(field)
                .or_default()
                .push((slot.stamp, path.as_str(), &slot.value));
        }
    }
    for field in shape.sets {
        let mut list = elements.remove(*field).unwrap_or_default();
        list.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        object.insert(
            (*field).to_string(),
            Value::Array(list.into_iter().map(|(_, _, v)| v.clone()).collect()),
        );
    }
    let deleted = paths.get(DELETED);
    object.insert(
        DELETED.to_string(),
        Value::Bool(deleted.is_some_and(|s| s.value == Value::Bool(true))),
    );
    let deleted_stamp = deleted
        .filter(|s| s.value == Value::Bool(true))
        .map_or(Stamp::ZERO, |s| s.stamp);
    if !deleted_stamp.is_zero() {
        *stamp_count.entry(deleted_stamp).or_default() += 1;
    }
    // The most common stamp is the base, so a record mostly written at once
    // stays small.
    // The zero stamp (a path nobody has written yet) is never the base:
    // a zero base means "the record's version" in the stored form.
    let base = stamp_count
        .iter()
        .filter(|(s, _)| !s.is_zero())
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(version, |(s, _)| *s);
    let mut stamps = Stamps {
        base: if base == version { Stamp::ZERO } else { base },
        paths: BTreeMap::new(),
        removed,
    };
    for field in shape.scalars {
        let stamp = paths.get(*field).map_or(Stamp::ZERO, |s| s.stamp);
        if stamp != base {
            stamps.paths.insert((*field).to_string(), stamp);
        }
    }
    for (path, slot) in paths {
        let field = field_of(path);
        if shape.is_set(field) && path != field && !slot.value.is_null() && slot.stamp != base {
            stamps.paths.insert(path.clone(), slot.stamp);
        }
    }
    if !deleted_stamp.is_zero() && deleted_stamp != base {
        stamps.paths.insert(DELETED.to_string(), deleted_stamp);
    }
    object.insert("id".into(), serde_json::to_value(id).unwrap_or(Value::Null));
    object.insert("version".into(), Value::String(version.to_string()));
    object.insert("updated_at".into(), Value::from(updated_at));
    if !stamps.is_plain() {
        let value = serde_json::to_value(&stamps).map_err(|e| StateError::BadValue {
            field: "stamps".into(),
            reason: e.to_string(),
        })?;
        object.insert("stamps".into(), value);
    }
    typed(entity, Value::Object(object))
}

/// Scalars of the blank record that are bookkeeping, not data.
fn blank_keeps(key: &str) -> bool {
    BOOKKEEPING.contains(&key)
}

/// Puts back the empty value of a required field (a `first_name` of a
/// tombstone is `""`, not missing).
fn restore_required(object: &mut Map<String, Value>, blank: &Map<String, Value>, field: &str) {
    if let Some(value) = blank.get(field)
        && !value.is_null()
    {
        object.insert(field.to_string(), value.clone());
    }
}

/// The typed record of a JSON object of `entity`.
///
/// Read back from the object's text: the record types' JSON readers are
/// the ones storage already uses, where `serde_json::from_value` would add
/// a second reader for every record type to each wasm module (about
/// 45 KiB of code in the app's first download, see BENCHMARKS.md) for a
/// path that runs once per synced or merged record.
fn typed(entity: Entity, object: Value) -> Result<Record, StateError> {
    let bad = |e: serde_json::Error| {
        let mut reason = e.to_string();
        // The position is in the object's text, not in anything a person
        // wrote: leave it out.
        if let Some(at) = reason.rfind(" at line ") {
            reason.truncate(at);
        }
        StateError::BadValue {
            field: field_in_message(&reason),
            reason,
        }
    };
    let text = object.to_string();
    let text = text.as_str();
    Ok(match entity {
        Entity::Customer => Record::Customer(serde_json::from_str(text).map_err(bad)?),
        Entity::Purchase => Record::Purchase(serde_json::from_str(text).map_err(bad)?),
        Entity::Interaction => Record::Interaction(serde_json::from_str(text).map_err(bad)?),
        Entity::Segment => Record::Segment(serde_json::from_str(text).map_err(bad)?),
        Entity::Consent => Record::Consent(serde_json::from_str(text).map_err(bad)?),
        Entity::Case => Record::Case(serde_json::from_str(text).map_err(bad)?),
        Entity::CaseEvent => Record::CaseEvent(serde_json::from_str(text).map_err(bad)?),
        Entity::Rules => Record::Rules(serde_json::from_str(text).map_err(bad)?),
        Entity::Mention => Record::Mention(serde_json::from_str(text).map_err(bad)?),
    })
}

/// The field serde names in its message (`missing field `x``), if any.
fn field_in_message(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .map_or_else(String::new, str::to_string)
}

/// Merges two versions of the same record (per path, see the module doc).
/// `updated_at` is the later of the two.
pub fn merge(local: &Record, incoming: &Record) -> Result<Record, StateError> {
    let shape = Shape::of(local.entity());
    let paths = merge_paths(shape, &paths_of(local), &paths_of(incoming));
    record_from(
        local.entity(),
        local.id(),
        &paths,
        local.updated_at().max(incoming.updated_at()),
    )
}

/// The record `paths` describe when nothing is stored yet.
pub fn record_from_paths(
    entity: Entity,
    id: Id,
    paths: &Paths,
    updated_at: i64,
) -> Result<Record, StateError> {
    let shape = Shape::of(entity);
    let mut clean = Paths::new();
    for (path, slot) in paths {
        clean.insert(path.clone(), slot.clone());
    }
    forget_if_deleted(shape, &mut clean);
    record_from(entity, id, &clean, updated_at)
}
