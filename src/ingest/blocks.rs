//! A list that grows by fixed blocks instead of doubling: a `Vec` that outgrows its
//! buffer holds the old and the new one (three times its items' size) while it moves
//! them, and then has up to half its new buffer unused. The ingest's events and
//! requests grow to tens of MB per worker on a multi-GB folder; in blocks, they take
//! their own size plus at most one block, and become one `Vec` once, at the end.

use std::ops::{Index, IndexMut};

/// Items per block (an event is 56 bytes, a request 88: a block is about 1 MB).
const BLOCK_ITEMS: usize = 1 << 14;

#[derive(Debug)]
pub struct BlockList<T> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for BlockList<T> {
    fn default() -> Self {
        BlockList { blocks: Vec::new(), len: 0 }
    }
}

impl<T> BlockList<T> {
    pub fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < BLOCK_ITEMS => block.push(item),
            _ => {
                let mut block = Vec::with_capacity(BLOCK_ITEMS);
                block.push(item);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// In order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }

    /// The blocks, to change items in place.
    pub fn blocks_mut(&mut self) -> impl Iterator<Item = &mut [T]> {
        self.blocks.iter_mut().map(Vec::as_mut_slice)
    }

    /// All items in one `Vec` of exactly their number; each block is freed once moved.
    pub fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len);
        for block in self.blocks {
            all.extend(block);
        }
        all
    }
}

/// Written as a list (as a `Vec` of the same items would be).
impl<T: serde::Serialize> serde::Serialize for BlockList<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len))?;
        for item in self.iter() {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

impl<T> Index<usize> for BlockList<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.blocks[index / BLOCK_ITEMS][index % BLOCK_ITEMS]
    }
}

impl<T> IndexMut<usize> for BlockList<T> {
    fn index_mut(&mut self, index: usize) -> &mut T {
        &mut self.blocks[index / BLOCK_ITEMS][index % BLOCK_ITEMS]
    }
}

#[cfg(test)]
mod tests {
    use super::{BlockList, BLOCK_ITEMS};

    #[test]
    fn items_keep_their_order_and_index_across_blocks() {
        let mut list = BlockList::default();
        assert_eq!(list.len(), 0);
        let count = BLOCK_ITEMS * 2 + 5;
        for n in 0..count {
            list.push(n);
        }
        assert_eq!(list.len(), count);
        assert_eq!(list[BLOCK_ITEMS + 3], BLOCK_ITEMS + 3);
        list[BLOCK_ITEMS * 2 + 1] = 7;
        let all = list.into_vec();
        assert_eq!(all.len(), count);
        assert_eq!(all.capacity(), count, "exactly sized");
        assert_eq!(all[BLOCK_ITEMS * 2 + 1], 7);
        assert_eq!(all[BLOCK_ITEMS * 2], BLOCK_ITEMS * 2);
        assert!(all.iter().enumerate().all(|(index, n)| *n == index || index == BLOCK_ITEMS * 2 + 1));
    }
}
