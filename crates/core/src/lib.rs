//! Domain logic of ilgi, the browser-first social CRM.
//!
//! This crate knows nothing about the browser or the server: it is plain Rust,
//! tested natively and compiled into the web app for `wasm32-unknown-unknown`.
//! Pages load data from storage, call into this crate, and save the result.
//!
//! Today it holds the translation catalogue ([`i18n`]) and the list of product
//! sections ([`section`]); customers, segmentation, CLV, triage and sync types
//! arrive here with their issues.

pub mod i18n;
pub mod section;
pub mod units;
