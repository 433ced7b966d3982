//! Social listening: what a post says and whether the company should act.
//!
//! Everything here reads one short post (a tweet, a comment, a review) and
//! runs in the browser: [`lang::detect`] tells Turkish from English,
//! [`sentiment::analyse`] scores it in −1..1 with a VADER-style lexicon and
//! rules (Turkish negation by suffix and `değil`/`yok`, informal spelling,
//! emoji), [`complaint::complaint`] decides whether it is a complaint, and
//! [`topics::topics`] names the triage categories it speaks of. The
//! lexicons are data under `crates/core/data/lexicons/` (see its README).

pub mod auto_case;
pub mod complaint;
pub mod lang;
mod lexicon;
pub mod link;
pub mod mention;
pub mod mention_import;
pub mod noise;
pub mod reading;
pub mod sentiment;
mod tokens;
pub mod topics;

pub use mention::Mention;
