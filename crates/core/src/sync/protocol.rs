//! The sync protocol's wire types (HTTP contract v1, issue 11), shared by
//! the app's sync client and the server so both read and write the same
//! JSON. Field names of records are their serde names, as in the backup
//! format.
//!
//! - `POST /api/v1/sync/push` takes a [`PushRequest`] and answers a
//!   [`PushResponse`];
//! - `GET /api/v1/sync/pull` answers a [`PullResponse`] of [`Change`]s;
//! - every error is an [`ErrorBody`].
//!
//! A push names its protocol version; [`check_protocol`] refuses one this
//! build does not speak with a message that lists the versions it does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::mutation::{Mutation, MutationError};
use super::shape::{BOOKKEEPING, DELETED, Shape, record_fields};
use super::state::{Paths, Slot, element_path, field_of, paths_of};
use crate::model::{Entity, Id, Record, Stamp};

/// The protocol versions this build speaks.
pub const PROTOCOLS: &[u32] = &[1];

/// A batch of local changes from one installation, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// The sync protocol version the client speaks (this server: 1).
    pub protocol: u32,
    /// The installation that made the mutations.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub client_id: Id,
    pub mutations: Vec<PushMutation>,
}

/// One mutation as pushed: an outbox [`Mutation`] whose installation is
/// named once, by the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushMutation {
    /// The installation's sequence number, strictly increasing.
    pub seq: u64,
    pub entity: Entity,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Id,
    /// The stamp of the write (HLC text form: Unix milliseconds, counter
    /// and node in hex, `-`-separated and zero-padded so text order is
    /// stamp order).
    #[cfg_attr(
        feature = "openapi",
        schema(
            value_type = String,
            example = "001764547200000-0000000000-00000000000000ab"
        )
    )]
    pub stamp: Stamp,
    /// The changed fields by their serde names (a set field as its list).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: Map<String, Value>,
    /// Paths whose stamp is not `stamp`.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, String>))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stamps: BTreeMap<String, Stamp>,
    #[serde(default)]
    pub deleted: bool,
}

impl PushMutation {
    /// The outbox mutation this is, made by `client_id`.
    pub fn into_mutation(self, client_id: Id) -> Mutation {
        Mutation {
            client_id,
            seq: self.seq,
            entity: self.entity,
            id: self.id,
            stamp: self.stamp,
            fields: self.fields,
            stamps: self.stamps,
            deleted: self.deleted,
        }
    }

    /// An outbox mutation as it is pushed (its installation goes to the
    /// request).
    pub fn of(mutation: Mutation) -> PushMutation {
        PushMutation {
            seq: mutation.seq,
            entity: mutation.entity,
            id: mutation.id,
            stamp: mutation.stamp,
            fields: mutation.fields,
            stamps: mutation.stamps,
            deleted: mutation.deleted,
        }
    }
}

/// The answer to a push: the highest sequence number applied (replays
/// included), so the client drops its outbox up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub acked: u64,
}

/// The merged state of one record as a pull hands it out: every field
/// (serde names) with the stamp of each path, tombstones included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub entity: Entity,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Id,
    /// Every field by its serde name (sets as arrays).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: Map<String, Value>,
    /// The stamp of every path ever written (`city`, `tags/vip`,
    /// `deleted`); a set path whose element is not in the array is a
    /// removal.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, String>))]
    pub stamps: BTreeMap<String, Stamp>,
    #[serde(default)]
    pub deleted: bool,
}

impl Change {
    /// The merged state of a record as a pull hands it out: every field by
    /// its serde name (sets as arrays) and the stamp of every path that was
    /// ever written (`"city"`, `"tags/vip"`, `"deleted"`); a set path in
    /// `stamps` whose element is not in the array is a removal.
    pub fn of(record: &Record) -> Change {
        let mut fields = match record_fields(record) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        fields.retain(|key, _| !BOOKKEEPING.contains(&key.as_str()));
        let stamps = paths_of(record)
            .into_iter()
            .filter(|(_, slot)| !slot.stamp.is_zero())
            .map(|(path, slot)| (path, slot.stamp))
            .collect();
        Change {
            entity: record.entity(),
            id: record.id(),
            fields,
            stamps,
            deleted: record.is_deleted(),
        }
    }

    /// The record's paths with their stamps (what [`paths_of`] gives for
    /// the record the change describes).
    ///
    /// # Errors
    ///
    /// [`MutationError`] for a field the entity does not have or a set
    /// field that is not a list.
    pub fn paths(&self) -> Result<Paths, MutationError> {
        let shape = Shape::of(self.entity);
        let stamp_of = |path: &str| self.stamps.get(path).copied().unwrap_or(Stamp::ZERO);
        let mut out = Paths::new();
        if let Some(key) = self.fields.keys().find(|key| {
            !(BOOKKEEPING.contains(&key.as_str()) || shape.is_scalar(key) || shape.is_set(key))
        }) {
            return Err(MutationError::UnknownField {
                entity: self.entity,
                field: key.clone(),
            });
        }
        for field in shape.scalars {
            let value = self.fields.get(*field).cloned().unwrap_or(Value::Null);
            out.insert(
                (*field).to_string(),
                Slot {
                    value,
                    stamp: stamp_of(field),
                },
            );
        }
        for field in shape.sets {
            match self.fields.get(*field) {
                None | Some(Value::Null) => {}
                Some(Value::Array(elements)) => {
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
                Some(_) => {
                    return Err(MutationError::NotAList {
                        field: (*field).to_string(),
                    });
                }
            }
        }
        // Removals: set paths with a stamp and no element.
        for (path, stamp) in &self.stamps {
            if path.contains('/') && shape.is_set(field_of(path)) {
                out.entry(path.clone()).or_insert(Slot {
                    value: Value::Null,
                    stamp: *stamp,
                });
            }
        }
        out.insert(
            DELETED.to_string(),
            Slot {
                value: Value::Bool(self.deleted),
                stamp: if self.deleted {
                    stamp_of(DELETED)
                } else {
                    Stamp::ZERO
                },
            },
        );
        Ok(out)
    }

    /// The change as a mutation with every path at its own stamp, for
    /// `apply` / the app's `apply_remote` (no installation: it is the
    /// server's merged state, not anyone's write).
    ///
    /// # Errors
    ///
    /// As [`Change::paths`].
    pub fn to_mutation(&self) -> Result<Mutation, MutationError> {
        Ok(Mutation::from_paths(
            Id::from_uuid(uuid::Uuid::nil()),
            0,
            self.entity,
            self.id,
            &self.paths()?,
            Stamp::ZERO,
        ))
    }
}

/// A page of changes since a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Opaque: give it back to get what changed after this page.
    pub cursor: String,
    /// More changes wait after this page.
    pub more: bool,
    /// At most this many records changed after this page (a progress bar
    /// for the first pull of a new device; exact unless records were
    /// written more than once since the cursor).
    #[serde(default)]
    pub remaining: u64,
}

/// Every error the API answers: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code for programs and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// The field a 422 is about (`emails`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The sequence number of the mutation a 422 is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.to_string(),
                message: message.into(),
                field: None,
                seq: None,
            },
        }
    }
}

/// Refuses a protocol version this build does not speak, saying which it
/// does (the message of the 400).
///
/// # Errors
///
/// [`ErrorBody`] with code `unsupported_protocol`.
pub fn check_protocol(protocol: u32) -> Result<(), ErrorBody> {
    if PROTOCOLS.contains(&protocol) {
        return Ok(());
    }
    let spoken: Vec<String> = PROTOCOLS.iter().map(u32::to_string).collect();
    Err(ErrorBody::new(
        "unsupported_protocol",
        format!(
            "protocol {protocol} is not supported; this server speaks protocol {}",
            spoken.join(", ")
        ),
    ))
}

/// Why a pushed mutation is refused (the 422): the field and what is wrong
/// with it, in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub reason: String,
}

/// Checks a pushed mutation with the same parsers the app uses: every
/// field must exist and hold a valid value (an email that is not one is
/// refused naming `emails`), and a record held by another (a purchase by
/// its customer) must name it.
///
/// # Errors
///
/// The first [`FieldProblem`] found.
pub fn check(mutation: &Mutation) -> Result<(), FieldProblem> {
    let problem = |field: &str, reason: String| FieldProblem {
        field: field.to_string(),
        reason,
    };
    mutation.paths().map_err(|e| match &e {
        MutationError::UnknownField { field, .. } | MutationError::NotAList { field } => {
            problem(field, e.to_string())
        }
        _ => problem("", e.to_string()),
    })?;
    if let Some(field) = Shape::of(mutation.entity).container
        && !mutation.deleted
        && mutation.container().is_none()
    {
        return Err(problem(field, "names no valid holder record".into()));
    }
    let Err(first) = super::apply(None, mutation, 0) else {
        return Ok(());
    };
    // serde does not always say which field: try each alone.
    for (key, value) in &mutation.fields {
        let mut alone = mutation.clone();
        alone.fields = Map::from_iter([(key.clone(), value.clone())]);
        if let Some(field) = Shape::of(mutation.entity).container
            && let Some(holder) = mutation.fields.get(field)
        {
            alone.fields.insert(field.to_string(), holder.clone());
        }
        if let Err(e) = super::apply(None, &alone, 0) {
            return Err(problem(field_of(key), e.to_string()));
        }
    }
    Err(problem("", first.to_string()))
}

/// `POST /api/v1/auth/signup`: the first sign-up creates a workspace and
/// its admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub workspace: String,
    pub email: String,
    pub password: String,
}

/// The answer to a sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupResponse {
    /// The bearer session token of the new admin.
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub workspace_id: Id,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: Id,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A bearer session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub token: String,
}

/// What a member of a workspace may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including inviting people.
    Admin,
    /// Reads and writes the data.
    Agent,
    /// Reads, never writes.
    Viewer,
}

impl Role {
    /// Whether the role may push changes.
    pub fn writes(self) -> bool {
        !matches!(self, Role::Viewer)
    }
}

/// `POST /api/v1/invitations` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub email: String,
    pub role: Role,
}

/// The invitation's code, to hand to the person invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteResponse {
    pub code: String,
}

/// `POST /api/v1/auth/accept`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    pub code: String,
    pub password: String,
}

/// `GET /api/v1/me`: the account a token belongs to, its workspace and
/// role (the app shows them and turns read-only for a viewer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: Id,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub workspace_id: Id,
    /// The workspace's name.
    pub workspace: String,
    pub email: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;

    /// The push body exactly as issue 11 writes it.
    const ISSUE_PUSH: &str = r#"{"protocol": 1, "client_id": "0193a5c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d", "mutations": [{"seq": 1, "entity": "customer", "id": "0193a5c4-1f2e-7a3b-8c4d-000000000001", "stamp": "001764547200000-0000000000-00000000000000ab", "fields": {"first_name": "Ayşe", "city": "İzmir"}, "deleted": false}]}"#;

    #[test]
    fn the_issues_push_body_reads_and_applies_to_a_new_customer() {
        let push: PushRequest = serde_json::from_str(ISSUE_PUSH).unwrap();
        assert_eq!(push.protocol, 1);
        assert_eq!(check_protocol(push.protocol), Ok(()));
        let client = push.client_id;
        let m = push
            .mutations
            .into_iter()
            .next()
            .unwrap()
            .into_mutation(client);
        assert_eq!((m.client_id, m.seq), (client, 1));
        let record = super::super::apply(None, &m, 0).unwrap();
        let Record::Customer(c) = record else {
            panic!("not a customer: {record:?}")
        };
        assert_eq!(
            (c.first_name.as_str(), c.city.as_deref()),
            ("Ayşe", Some("İzmir"))
        );
        // Pushed again from the outbox form, it is the same body.
        let again = PushRequest {
            protocol: 1,
            client_id: client,
            mutations: vec![PushMutation::of(m)],
        };
        let back: PushRequest =
            serde_json::from_str(&serde_json::to_string(&again).unwrap()).unwrap();
        assert_eq!(back, again);
    }

    #[test]
    fn an_unknown_protocol_or_entity_is_refused_with_what_is_spoken() {
        let e = check_protocol(7).unwrap_err();
        assert_eq!(e.error.code, "unsupported_protocol");
        assert_eq!(
            e.error.message,
            "protocol 7 is not supported; this server speaks protocol 1"
        );
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["error"]["code"], "unsupported_protocol");
        assert!(json["error"].get("field").is_none());

        let unknown = ISSUE_PUSH.replace("\"customer\"", "\"invoice\"");
        let err = serde_json::from_str::<PushRequest>(&unknown).unwrap_err();
        assert!(err.to_string().contains("invoice"), "{err}");
        let extra = ISSUE_PUSH.replace("\"protocol\": 1", "\"protocol\": 1, \"dry_run\": true");
        assert!(serde_json::from_str::<PushRequest>(&extra).is_err());
    }

    #[test]
    fn a_bad_value_is_refused_naming_its_field() {
        let push: PushRequest = serde_json::from_str(ISSUE_PUSH).unwrap();
        let client = push.client_id;
        let good = push
            .mutations
            .into_iter()
            .next()
            .unwrap()
            .into_mutation(client);
        assert_eq!(check(&good), Ok(()));
        let mut bad = good.clone();
        bad.fields
            .insert("emails".into(), serde_json::json!(["ayse.ornek.com"]));
        assert_eq!(check(&bad).unwrap_err().field, "emails");
        let mut unknown = good.clone();
        unknown
            .fields
            .insert("shoe_size".into(), serde_json::json!(42));
        assert_eq!(check(&unknown).unwrap_err().field, "shoe_size");
        // A purchase must name its customer.
        let purchase = Mutation {
            entity: Entity::Purchase,
            fields: Map::from_iter([("amount".to_string(), serde_json::json!("12.50"))]),
            ..good
        };
        assert_eq!(check(&purchase).unwrap_err().field, "customer_id");
    }

    #[test]
    fn roles_read_and_only_viewers_do_not_write() {
        let invite: InviteRequest =
            serde_json::from_str(r#"{"email": "can@ornek.com.tr", "role": "viewer"}"#).unwrap();
        assert_eq!(invite.role, Role::Viewer);
        assert!(!Role::Viewer.writes());
        assert!(Role::Agent.writes() && Role::Admin.writes());
        assert!(
            serde_json::from_str::<InviteRequest>(r#"{"email": "x", "role": "owner"}"#).is_err()
        );
    }
}
