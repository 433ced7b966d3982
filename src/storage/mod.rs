//! Browser storage: the only module that touches persistent browser state.
//!
//! Today that is the device preferences in `localStorage`; the customer
//! database in IndexedDB joins it here.

pub mod prefs;
