//! The CRM's records and the values inside them.
//!
//! - [`values`]: parsed value types (email, phone, handle, money, dates).
//! - [`customer`]: customers, purchases, interactions.
//! - [`consent`]: consent decisions as write-once records.
//! - [`id`], [`hlc`]: sync-ready ids and version stamps.
//! - [`change`]: the one mutation path (batches and outbox change sets).
//! - [`draft`]: the customer form's text fields, validated into a customer.

pub mod change;
pub mod consent;
pub mod customer;
pub mod draft;
pub mod hlc;
pub mod id;
pub mod values;

pub use crate::segment::SavedSegment;
pub use change::{Batch, Entity, Entry, Record, Sealed, Sequence};
pub use consent::{
    ConsentRecord, attach_consents, consent_id, embedded_consent_records, new_consent_records,
};
pub use customer::{
    Consent, ConsentChannel, Customer, Direction, Interaction, InteractionKind, Purchase,
    SalesChannel, SocialIdentity, Tier,
};
pub use hlc::{Clock, DriftError, MAX_DRIFT_MILLIS, Stamp, Stamps};
pub use id::Id;
pub use values::{Currency, Email, Handle, Money, Phone, Platform, ValueError, parse_date};
