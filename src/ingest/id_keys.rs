//! The ingest's memory of ids it has seen (line keys, request keys; `model::keys`), as
//! maps from a 64-bit key to a small value: no allocation per line and 16 bytes per
//! entry.
//!
//! The lines' map is the ingest's largest allocation, so it is split into shards that
//! grow one at a time: a single table doubles all at once, holding its old and new
//! tables together (docs/benchmarks-history.md, seventh run).

use rustc_hash::FxHashMap as HashMap;

/// How many shards an [`IdMap`] has.
const SHARDS: usize = 64;

/// Keys are hashes or random UUID bits, so any of their bits chooses a shard evenly.
fn shard_index(key: u64) -> usize {
    (key >> 40) as usize % SHARDS
}

#[derive(Debug)]
pub struct IdMap<V> {
    shards: Vec<HashMap<u64, V>>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap { shards: (0..SHARDS).map(|_| HashMap::default()).collect() }
    }
}

impl<V> IdMap<V> {
    fn shard_mut(&mut self, key: u64) -> &mut HashMap<u64, V> {
        &mut self.shards[shard_index(key)]
    }

    /// Every key with its value (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.shards.iter().flat_map(|shard| shard.iter().map(|(key, value)| (*key, value)))
    }

    /// Inserts unless the key is there already; true when it was not.
    pub fn insert_new(&mut self, key: u64, value: V) -> bool {
        match self.shard_mut(key).entry(key) {
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
    use super::IdMap;
    use crate::model::keys::stable_hash;

    #[test]
    fn a_map_remembers_across_its_shards() {
        assert_eq!(std::mem::size_of::<(u64, u32)>(), 16, "a map entry");
        let mut map = IdMap::default();
        let keys: Vec<u64> = (0..1000).map(|n: u32| stable_hash(&[&n.to_le_bytes()])).collect();
        for (value, key) in keys.iter().enumerate() {
            assert!(map.insert_new(*key, value));
        }
        assert!(!map.insert_new(keys[5], 0), "a second sighting");
        let value_of = |key: u64| map.iter().find(|(kept, _)| *kept == key).map(|(_, value)| *value);
        assert_eq!(value_of(keys[5]), Some(5), "the first value stays");
        assert_eq!(value_of(stable_hash(&[b"other"])), None);
        assert_eq!(map.iter().count(), 1000);
        assert!(map.shards.iter().filter(|shard| !shard.is_empty()).count() > 50, "spread over the shards");
    }
}
