//! Will an import fit in the browser's storage? The check the app makes
//! before writing, from the file's size and `navigator.storage.estimate()`.

/// Stored bytes an import may take per byte of its CSV file.
///
/// Three: a CSV row becomes a JSON document about one and a half to two
/// times its size (field names, ids, version stamps), the same record goes
/// into the outbox change set of the write, and the store's indexes add
/// entries on top. A little generous on purpose: refusing a file that would
/// just have fit costs less than a write that fails half-way with
/// `QuotaExceededError` (it is rolled back, but only after the wait).
pub const IMPORT_BYTES_PER_FILE_BYTE: u64 = 3;

/// The storage an import of a `file_bytes` file may need, in bytes.
pub fn import_space_needed(file_bytes: u64) -> u64 {
    file_bytes.saturating_mul(IMPORT_BYTES_PER_FILE_BYTE)
}

/// An import that does not fit: what it needs and what is free, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceShortage {
    pub needed: u64,
    pub available: u64,
}

/// `Some` when `needed` bytes do not fit in `quota − usage` (as the
/// browser's storage estimate reports them); `None` when they fit or when
/// the browser did not say (no estimate: the write itself will tell).
pub fn space_shortage(
    usage: Option<u64>,
    quota: Option<u64>,
    needed: u64,
) -> Option<SpaceShortage> {
    let (usage, quota) = (usage?, quota?);
    let available = quota.saturating_sub(usage);
    (available < needed).then_some(SpaceShortage { needed, available })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_needs_three_times_its_file() {
        assert_eq!(import_space_needed(1_000_000), 3_000_000);
        assert_eq!(import_space_needed(u64::MAX), u64::MAX);
    }

    #[test]
    fn a_file_that_needs_more_than_is_free_is_a_shortage() {
        let needed = import_space_needed(40_000_000);
        assert_eq!(
            space_shortage(Some(900_000_000), Some(1_000_000_000), needed),
            Some(SpaceShortage {
                needed: 120_000_000,
                available: 100_000_000,
            })
        );
        assert_eq!(space_shortage(Some(100), Some(1_000_000_000), needed), None);
        // Exactly enough fits.
        assert_eq!(space_shortage(Some(0), Some(needed), needed), None);
    }

    #[test]
    fn usage_above_the_quota_leaves_nothing_free() {
        assert_eq!(
            space_shortage(Some(2_000), Some(1_000), 1),
            Some(SpaceShortage {
                needed: 1,
                available: 0,
            })
        );
    }

    #[test]
    fn without_an_estimate_there_is_no_shortage_to_report() {
        assert_eq!(space_shortage(None, Some(1_000), 5_000), None);
        assert_eq!(space_shortage(Some(0), None, 5_000), None);
    }
}
