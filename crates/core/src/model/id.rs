//! Record ids: UUID v7, globally unique and roughly time-ordered.
//!
//! Core takes the clock and the random bytes as arguments so it needs no
//! randomness source of its own (the app reads `crypto.getRandomValues`, tests
//! and the demo generator use a seeded generator).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A globally unique record id (UUID v7), serialised as its hyphenated string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Uuid);

impl Id {
    /// Builds a v7 id from a Unix time in milliseconds and 10 random bytes.
    pub fn v7(unix_millis: u64, random: [u8; 10]) -> Id {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_millis, &random).into_uuid())
    }

    /// Draws an id from any random generator (demo data, tests).
    pub fn generate(unix_millis: u64, rng: &mut impl rand::RngCore) -> Id {
        let mut random = [0u8; 10];
        rng.fill_bytes(&mut random);
        Id::v7(unix_millis, random)
    }

    /// Wraps a UUID made elsewhere (a content-derived consent id).
    pub fn from_uuid(uuid: Uuid) -> Id {
        Id(uuid)
    }

    /// The id's 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// The text is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: {0:?}")]
pub struct IdError(pub String);

impl FromStr for Id {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Id, IdError> {
        Uuid::parse_str(s.trim())
            .map(Id)
            .map_err(|_| IdError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_7_and_ordered_by_time() {
        let a = Id::v7(1_700_000_000_000, [9; 10]);
        let b = Id::v7(1_700_000_000_001, [0; 10]);
        assert_eq!(a.0.get_version_num(), 7);
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
    }

    #[test]
    fn ids_round_trip_through_text() {
        let id = Id::v7(1_700_000_000_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(id.to_string().parse::<Id>(), Ok(id));
        assert!("not-an-id".parse::<Id>().is_err());
    }
}
