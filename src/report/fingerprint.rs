//! One stable fingerprint per finding, shared by the JSON report, SARIF's
//! `partialFingerprints` and the baseline.
//!
//! A finding is the same finding from run to run when its rule id, subject
//! and outcome are the same: lines and columns take no part, so editing
//! data above a finding (a new source comment, a new year) keeps it. The
//! fingerprint is that identity hashed (FNV-1a, 64 bits, stable across Rust
//! versions and machines); the rare second finding with the same identity
//! in one run gets a suffix `:1`, the third `:2`, in report order.

use std::collections::HashMap;

/// FNV-1a, 64 bits.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The identity of a finding hashed: rule id, subject and outcome, each
/// ended by a NUL so no two triples run together.
pub fn identity_hash(rule: &str, subject: &str, outcome: &str) -> u64 {
    fnv1a(
        [rule, subject, outcome]
            .iter()
            .flat_map(|s| s.bytes().chain([0])),
    )
}

/// Gives each identity its fingerprint, numbering repeats in order.
#[derive(Default)]
pub struct Fingerprints {
    seen: HashMap<u64, usize>,
}

impl Fingerprints {
    /// The fingerprint of the next finding with this identity: 16 hex
    /// digits, then `:n` for its n-th repeat.
    pub fn next(&mut self, rule: &str, subject: &str, outcome: &str) -> String {
        let hash = identity_hash(rule, subject, outcome);
        let n = self.seen.entry(hash).or_default();
        *n += 1;
        match *n {
            1 => format!("{hash:016x}"),
            k => format!("{hash:016x}:{}", k - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_has_the_published_values() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_fingerprint_is_the_identity_and_repeats_are_numbered() {
        let mut f = Fingerprints::default();
        let a = f.next("r", "A / 2023", "fail");
        assert_eq!(a.len(), 16);
        assert_ne!(a, f.next("r", "A / 2023", "unknown"));
        assert_ne!(a, f.next("r", "A / 202", "3fail"));
        assert_eq!(f.next("r", "A / 2023", "fail"), format!("{a}:1"));
        let mut g = Fingerprints::default();
        assert_eq!(g.next("r", "A / 2023", "fail"), a, "stable from run to run");
    }
}
