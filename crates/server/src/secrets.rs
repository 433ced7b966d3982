//! Secrets and their stored forms: session tokens, invitation codes,
//! password hashes and new ids.
//!
//! Nothing secret is ever stored as given. A token or an invitation code is
//! 32 (16) random bytes handed out once; the database keeps only its SHA-256,
//! which is enough because the secret itself has full entropy (a stolen
//! table yields no usable token). Passwords have little entropy, so they get
//! Argon2id with a random salt, in PHC string form (the parameters travel
//! with the hash, so a cost change never breaks old hashes).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ilgi_core::model::Id;
use sha2::{Digest, Sha256};

use crate::clock::Millis;

/// Every session token starts with this, so a leaked one is recognisable
/// (secret scanners, log reviews).
pub const TOKEN_PREFIX: &str = "ilgi_";

/// A secret to hand out once, and what is stored of it.
#[derive(Clone)]
pub struct Minted {
    /// Goes to the client, never to the database or a log.
    pub secret: String,
    /// SHA-256 of `secret`, lower-case hex: the database key.
    pub hash: String,
}

impl std::fmt::Debug for Minted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minted")
            .field("secret", &"<redacted>")
            .field("hash", &self.hash)
            .finish()
    }
}

/// The operating system's random source failed (it does not, in practice).
#[derive(Debug, thiserror::Error)]
#[error("no randomness from the operating system: {0}")]
pub struct RandomError(getrandom::Error);

fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(RandomError)?;
    Ok(bytes)
}

/// A new session token: `ilgi_` + 32 random bytes in base64url.
///
/// # Errors
///
/// [`RandomError`].
pub fn new_session_token() -> Result<Minted, RandomError> {
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)
    );
    Ok(Minted {
        hash: hash_secret(&secret),
        secret,
    })
}

/// A new invitation code: 16 random bytes in base64url (22 characters,
/// safe in a URL such as `/accept?code=`).
///
/// # Errors
///
/// [`RandomError`].
pub fn new_invitation_code() -> Result<Minted, RandomError> {
    let secret = URL_SAFE_NO_PAD.encode(random_bytes::<16>()?);
    Ok(Minted {
        hash: hash_secret(&secret),
        secret,
    })
}

/// SHA-256 of a token or code, lower-case hex: how it is looked up.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new record id (UUID v7) for a workspace or a user.
///
/// # Errors
///
/// [`RandomError`].
pub fn new_id(now: Millis) -> Result<Id, RandomError> {
    Ok(Id::v7(
        u64::try_from(now).unwrap_or(0),
        random_bytes::<10>()?,
    ))
}

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl PasswordCost {
    /// The argon2 crate's defaults (19 MiB, 2 passes, 1 lane: OWASP's
    /// minimum for Argon2id), ~30 ms a hash on this machine class.
    pub const DEFAULT: PasswordCost = PasswordCost {
        memory_kib: Params::DEFAULT_M_COST,
        iterations: Params::DEFAULT_T_COST,
        parallelism: Params::DEFAULT_P_COST,
    };

    /// Cheap, for tests only: 1 MiB, one pass.
    pub const FOR_TESTS: PasswordCost = PasswordCost {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };
}

/// Argon2 refused the parameters or the input.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("argon2: {0}")]
    Argon2(String),
    #[error(transparent)]
    Random(#[from] RandomError),
}

/// Hashes and checks passwords with one Argon2id cost.
pub struct Passwords {
    argon2: Argon2<'static>,
    /// A hash of no one's password: an unknown email is checked against it,
    /// so a login takes as long whether or not the address has an account.
    dummy: String,
}

impl Passwords {
    /// The hasher for `cost`.
    ///
    /// # Errors
    ///
    /// [`PasswordError`] when Argon2 refuses the cost.
    pub fn new(cost: PasswordCost) -> Result<Passwords, PasswordError> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| PasswordError::Argon2(e.to_string()))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut passwords = Passwords {
            argon2,
            dummy: String::new(),
        };
        passwords.dummy = passwords.hash("not anyone's password")?;
        Ok(passwords)
    }

    /// The PHC string of `password` with a fresh random salt.
    ///
    /// # Errors
    ///
    /// [`PasswordError`].
    pub fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let salt = SaltString::encode_b64(&random_bytes::<16>()?)
            .map_err(|e| PasswordError::Argon2(e.to_string()))?;
        self.argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| PasswordError::Argon2(e.to_string()))
    }

    /// Whether `password` matches `stored` (a PHC string); with no stored
    /// hash the dummy is checked, for the time it takes, and the answer is
    /// no. The cost is read from `stored`, not from this hasher's.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let known = stored.is_some();
        let Ok(hash) = PasswordHash::new(stored.unwrap_or(&self.dummy)) else {
            return false;
        };
        let matches = self
            .argon2
            .verify_password(password.as_bytes(), &hash)
            .is_ok();
        known && matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_unique_and_stored_only_as_their_hash() {
        let a = new_session_token().unwrap();
        let b = new_session_token().unwrap();
        assert!(a.secret.starts_with(TOKEN_PREFIX));
        assert_eq!(a.secret.len(), TOKEN_PREFIX.len() + 43);
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.hash, hash_secret(&a.secret));
        assert_eq!(a.hash.len(), 64);
        assert!(!a.hash.contains(&a.secret));
        assert!(!format!("{a:?}").contains(&a.secret));
        let code = new_invitation_code().unwrap();
        assert_eq!(code.secret.len(), 22);
    }

    #[test]
    fn sha256_hex_is_the_standard_digest() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let passwords = Passwords::new(PasswordCost::FOR_TESTS).unwrap();
        let stored = passwords.hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(passwords.verify("correct horse", Some(&stored)));
        assert!(!passwords.verify("correct horsE", Some(&stored)));
        assert!(!passwords.verify("correct horse", None));
        assert!(!passwords.verify("correct horse", Some("not a hash")));
        // Two hashes of one password differ (salted).
        assert_ne!(stored, passwords.hash("correct horse").unwrap());
    }

    #[test]
    fn a_hash_made_at_another_cost_still_verifies() {
        let cheap = Passwords::new(PasswordCost::FOR_TESTS).unwrap();
        let other = Passwords::new(PasswordCost {
            memory_kib: 2048,
            ..PasswordCost::FOR_TESTS
        })
        .unwrap();
        let stored = other.hash("pässwörd-ğüş").unwrap();
        assert!(cheap.verify("pässwörd-ğüş", Some(&stored)));
    }

    #[test]
    fn ids_are_version_7() {
        let id = new_id(1_764_547_200_000).unwrap();
        assert_eq!(id.to_string().as_bytes()[14], b'7');
    }
}
