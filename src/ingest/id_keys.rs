//! Ids the ingest remembers to deduplicate (line `uuid`s, message and request ids), kept
//! as 96-bit keys, not as text: a line `uuid` by its value folded to 96 bits (a random
//! UUID's 122 random bits keep 90), any other id by 96 bits of a hash of it (two SipHash
//! passes). So remembering the millions of lines of a multi-GB folder costs no
//! allocation per line and 16 bytes per map entry (24 with 128-bit keys). Two different
//! ids would have to share 90 random bits to be confused: for ten million lines, a
//! chance of about one in 10^13.
//!
//! The lines' map is the ingest's largest allocation, so it is split into shards that
//! grow one at a time: a single table doubles all at once, holding its old and new
//! tables together (BENCHMARKS.md, seventh run).

use rustc_hash::FxHashMap as HashMap;

/// An id as 96 bits, in three `u32`s (aligned to 4 bytes, so an entry with a `u32`
/// value takes 16 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IdKey([u32; 3]);

impl IdKey {
    /// A line `uuid`: its value when it is a well-formed UUID (every line Claude Code
    /// writes), else a hash of its text.
    pub fn of_uuid(text: &str) -> IdKey {
        parse_uuid(text).map_or_else(|| IdKey::hashed(&[text]), IdKey::folded)
    }

    /// 128 bits folded to 96: the top 32 bits into the lowest (a random UUID's fixed
    /// version and variant bits lie in the middle two words, which are kept).
    fn folded(value: u128) -> IdKey {
        let word = |shift: u32| (value >> shift) as u32;
        IdKey([word(96) ^ word(0), word(64), word(32)])
    }

    /// A 96-bit hash of the parts (kept apart, so `("ab", "c")` differs from `("a", "bc")`).
    pub fn hashed(parts: &[&str]) -> IdKey {
        use std::hash::{Hash, Hasher};
        let half = |salt: u8| {
            let mut hasher = std::hash::DefaultHasher::new();
            salt.hash(&mut hasher);
            parts.hash(&mut hasher);
            hasher.finish()
        };
        IdKey::folded((u128::from(half(1)) << 64) | u128::from(half(2)))
    }
}

/// `8-4-4-4-12` hex digits, as a number.
fn parse_uuid(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let mut value: u128 = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 8 | 13 | 18 | 23) {
            if *byte != b'-' {
                return None;
            }
            continue;
        }
        let digit = (*byte as char).to_digit(16)?;
        value = (value << 4) | digit as u128;
    }
    Some(value)
}

/// How many shards an [`IdMap`] has.
const SHARDS: usize = 64;

/// A map from ids to `V`, in shards chosen by a word of the key (random for UUIDs and
/// hashes alike).
fn shard_index(key: &IdKey) -> usize {
    key.0[1] as usize % SHARDS
}

#[derive(Debug)]
pub struct IdMap<V> {
    shards: Vec<HashMap<IdKey, V>>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap { shards: (0..SHARDS).map(|_| HashMap::default()).collect() }
    }
}

impl<V> IdMap<V> {
    fn shard_mut(&mut self, key: &IdKey) -> &mut HashMap<IdKey, V> {
        &mut self.shards[shard_index(key)]
    }

    pub fn get(&self, key: &IdKey) -> Option<&V> {
        self.shards[shard_index(key)].get(key)
    }

    pub fn insert(&mut self, key: IdKey, value: V) {
        self.shard_mut(&key).insert(key, value);
    }

    /// Inserts unless the key is there already; true when it was not.
    pub fn insert_new(&mut self, key: IdKey, value: V) -> bool {
        match self.shard_mut(&key).entry(key) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_uuid, IdKey, IdMap};

    #[test]
    fn uuids_are_read_as_numbers_and_other_ids_hashed() {
        assert_eq!(parse_uuid("00000000-0000-0000-0000-00000000002a"), Some(42));
        assert_eq!(parse_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c0"), Some(0x5e4c1b2a9f3d4e8ab7c6d5e4f3a2b1c0));
        assert_eq!(parse_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1cg"), None);
        assert_eq!(parse_uuid("5e4c1b2a99f3d-4e8a-b7c6-d5e4f3a2b1c0"), None);
        assert_eq!(IdKey::of_uuid("00000000-0000-0000-0000-00000000002a"), IdKey([42, 0, 0]));
        assert_eq!(IdKey::of_uuid("00000007-0000-0000-0000-00000000002a"), IdKey([42 ^ 7, 0, 0]), "top word folded in");
        assert_eq!(std::mem::size_of::<(IdKey, u32)>(), 16, "a map entry");
        assert_eq!(IdKey::of_uuid("msg-1"), IdKey::hashed(&["msg-1"]));
        assert_ne!(IdKey::of_uuid("msg-1"), IdKey::of_uuid("msg-2"));
        assert_ne!(IdKey::of_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c0"), IdKey::of_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c1"));
        assert_ne!(IdKey::hashed(&["ab", "c"]), IdKey::hashed(&["a", "bc"]));
        assert_ne!(IdKey::hashed(&["m", ""]), IdKey::hashed(&["m"]));
    }

    #[test]
    fn a_map_remembers_across_its_shards() {
        let mut map = IdMap::default();
        let keys: Vec<IdKey> = (0..1000).map(|n| IdKey::hashed(&[&n.to_string()])).collect();
        for (value, key) in keys.iter().enumerate() {
            assert!(map.insert_new(*key, value));
        }
        assert!(!map.insert_new(keys[5], 0), "a second sighting");
        assert_eq!(map.get(&keys[5]), Some(&5), "the first value stays");
        map.insert(keys[5], 7);
        assert_eq!(map.get(&keys[5]), Some(&7));
        assert_eq!(map.get(&IdKey::hashed(&["other"])), None);
        assert!(map.shards.iter().filter(|shard| !shard.is_empty()).count() > 50, "spread over the shards");
    }
}
