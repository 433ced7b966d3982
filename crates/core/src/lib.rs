//! Domain logic of ilgi, the browser-first social CRM.
//!
//! This crate knows nothing about the browser or the server: it is plain Rust,
//! tested natively and compiled into the web app for `wasm32-unknown-unknown`.
//! Pages load data from storage, call into this crate, and save the result.
//!
//! - [`model`]: customers, purchases, interactions, parsed values, ids,
//!   version stamps and the one mutation path (batches → outbox change sets).
//! - [`text`]: Turkish-aware case mapping, search folding and collation.
//! - [`query`]: the customer list's search, filters and sort.
//! - [`csv_io`]: CSV import (mapping, encodings, row errors) and export.
//! - [`backup`]: the full backup format and its validation.
//! - [`demo`]: the seeded demo data generator.
//! - [`analytics`]: the compact purchase table the analyses read.
//! - [`rfm`], [`clv`], [`nbo`]: RFM segments, lifetime value (BG/NBD +
//!   Gamma-Gamma), next best offer.
//! - [`value`]: the whole customer value analysis (per-customer metrics,
//!   models, offers, dashboard views) in bounded steps for the browser.
//! - [`segment`]: rule-based customer segments (saved definitions,
//!   validation, evaluation, descriptions).
//! - [`cases`]: complaint cases: triage rules, journeys, departments, SLA
//!   deadlines and escalation.
//! - [`sla`]: business-hours calendars, Türkiye's public holidays, SLA due times.
//! - [`social`]: social posts: language, sentiment, complaint detection, topics.
//! - [`sync`]: per-field versions, the merge, mutations, erasure and
//!   customer merges.
//! - [`i18n`], [`section`], [`units`]: translations, product sections, units.
//! - [`workload`]: deterministic data and timing loop of the analytics benchmarks.

pub mod analytics;
pub mod backup;
pub mod cases;
pub mod clv;
pub mod csv_io;
pub mod demo;
mod flat;
pub mod i18n;
pub mod identity;
pub mod metrics;
pub mod model;
pub mod nbo;
pub mod query;
pub mod rfm;
pub mod section;
pub mod segment;
pub mod sla;
pub mod social;
pub mod sync;
pub mod text;
pub mod units;
pub mod value;
pub mod workload;
