//! Texts that repeat across a dataset's events and requests (tool names, models, the
//! files and commands tools work on), each stored once and named by a [`TextId`]. A
//! multi-GB folder has millions of tool calls and requests but only a few hundred tools
//! and models: interning spares a string (and an allocation) per call and per request,
//! in the ingest worker, on the wire and in the page.

use rustc_hash::FxHashMap as HashMap;

use super::bidi::neutralise_bidi;

/// Index of a text in [`Texts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct TextId(pub u32);

/// The texts of one dataset, in the order they were first seen.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Texts {
    strings: Vec<String>,
}

impl Texts {
    pub fn get(&self, id: TextId) -> &str {
        &self.strings[id.0 as usize]
    }

    /// The id of a text, if the dataset has it (a linear search: for filters, not loops).
    pub fn find(&self, text: &str) -> Option<TextId> {
        self.strings.iter().position(|kept| kept == text).map(|index| TextId(index as u32))
    }

    /// The texts in id order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.strings.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// Values by text id, for the few texts one session has (its tools, the files it
/// edited): a list sorted by id. One session's facts held `BTreeMap<String, _>`s, a
/// tree node and a string per entry: 142 MB for 100k sessions (docs/benchmarks-history.md).
#[derive(Clone, Debug, PartialEq)]
pub struct TextMap<V> {
    entries: Vec<(TextId, V)>,
}

impl<V> Default for TextMap<V> {
    fn default() -> Self {
        TextMap { entries: Vec::new() }
    }
}

impl<V> TextMap<V> {
    /// The value of a text, made with `V::default()` the first time.
    pub fn entry(&mut self, id: TextId) -> &mut V
    where
        V: Default,
    {
        let index = match self.entries.binary_search_by_key(&id, |(kept, _)| *kept) {
            Ok(index) => index,
            Err(index) => {
                self.entries.insert(index, (id, V::default()));
                index
            }
        };
        &mut self.entries[index].1
    }

    pub fn get(&self, id: TextId) -> Option<&V> {
        self.entries.binary_search_by_key(&id, |(kept, _)| *kept).ok().map(|index| &self.entries[index].1)
    }

    pub fn get_mut(&mut self, id: TextId) -> Option<&mut V> {
        self.entries.binary_search_by_key(&id, |(kept, _)| *kept).ok().map(|index| &mut self.entries[index].1)
    }

    /// In id order.
    pub fn iter(&self) -> impl Iterator<Item = (TextId, &V)> {
        self.entries.iter().map(|(id, value)| (*id, value))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Gives back the room the list grew into, for values kept long.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
}

/// Builds a [`Texts`], handing out one id per distinct text.
#[derive(Debug, Default)]
pub struct Interner {
    texts: Texts,
    ids: HashMap<Box<str>, TextId>,
}

impl Interner {
    /// The id of the text, shown with its bidirectional controls neutralised (a text and
    /// its neutralised form share one id).
    pub fn intern(&mut self, text: &str) -> TextId {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let shown = neutralise_bidi(text);
        let id = match self.ids.get(shown.as_ref()) {
            Some(id) => *id,
            None => {
                let id = TextId(self.texts.strings.len() as u32);
                self.texts.strings.push(shown.clone().into_owned());
                self.ids.insert(shown.as_ref().into(), id);
                id
            }
        };
        if shown != text {
            self.ids.insert(text.into(), id);
        }
        id
    }

    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    pub fn into_texts(self) -> Texts {
        self.texts
    }
}

#[cfg(test)]
mod tests {
    use super::{Interner, TextId, TextMap};

    #[test]
    fn a_text_is_stored_once_and_found_by_its_id() {
        let mut interner = Interner::default();
        let read = interner.intern("Read");
        let bash = interner.intern("Bash");
        assert_eq!(interner.intern("Read"), read);
        assert_ne!(read, bash);
        let texts = interner.into_texts();
        assert_eq!(texts.len(), 2);
        assert_eq!((texts.get(read), texts.get(bash)), ("Read", "Bash"));
        assert_eq!(texts.find("Bash"), Some(bash));
        assert_eq!(texts.find("Edit"), None);
        assert_eq!(texts.find("Bash"), Some(TextId(1)));
        assert_eq!(texts.iter().collect::<Vec<_>>(), ["Read", "Bash"]);
    }

    #[test]
    fn a_text_map_keeps_one_value_per_id_in_id_order() {
        let mut map: TextMap<u32> = TextMap::default();
        *map.entry(TextId(5)) += 1;
        *map.entry(TextId(2)) += 10;
        *map.entry(TextId(5)) += 1;
        assert_eq!(map.iter().collect::<Vec<_>>(), [(TextId(2), &10), (TextId(5), &2)]);
        assert_eq!(map.get(TextId(5)), Some(&2));
        assert_eq!(map.get(TextId(3)), None);
        if let Some(value) = map.get_mut(TextId(2)) {
            *value = 4;
        }
        assert_eq!(map.values().sum::<u32>(), 6);
        assert_eq!(map.len(), 2);
    }
}
