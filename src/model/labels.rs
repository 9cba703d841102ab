//! Person labels as the user has renamed them: a file's conversations keep the label
//! they were dropped as (an export's, its own), and what the page shows is that label
//! through this mapping, applied when the dataset is assembled. Kept with the parts, a
//! rename survives a reload.

use std::collections::BTreeMap;

use super::dataset::Dataset;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonLabels {
    /// From a label as dropped to the label shown (labels shown as themselves are not
    /// listed).
    renamed: BTreeMap<String, String>,
}

impl PersonLabels {
    /// No label renamed.
    pub const NONE: PersonLabels = PersonLabels { renamed: BTreeMap::new() };

    /// The label shown for a label as dropped.
    pub fn shown<'a>(&'a self, dropped_as: &'a str) -> &'a str {
        self.renamed.get(dropped_as).map_or(dropped_as, String::as_str)
    }

    /// Renames everyone shown as `from` to `to` (what the page does when the person
    /// field changes).
    pub fn rename(&mut self, from: &str, to: &str) {
        if from == to {
            return;
        }
        for shown in self.renamed.values_mut().filter(|shown| *shown == from) {
            *shown = to.to_owned();
        }
        if !self.renamed.contains_key(from) {
            self.renamed.insert(from.to_owned(), to.to_owned());
        }
        self.renamed.retain(|dropped_as, shown| dropped_as != shown);
    }

    pub fn is_empty(&self) -> bool {
        self.renamed.is_empty()
    }

    /// Shows the dataset's people (conversations and other tools' records) by their
    /// renamed labels.
    pub fn apply(&self, dataset: &mut Dataset) {
        if self.renamed.is_empty() {
            return;
        }
        for conversation in &mut dataset.conversations {
            if let Some(shown) = self.renamed.get(&conversation.person) {
                conversation.person = shown.clone();
            }
        }
        dataset.external.relabel_people(|person| self.renamed.get(person).cloned());
    }

    /// Whether a label as dropped is shown as another.
    pub fn renames(&self, dropped_as: &str) -> bool {
        self.renamed.contains_key(dropped_as)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_changes_who_is_shown_as_the_old_label_and_no_one_else() {
        let mut labels = PersonLabels::default();
        labels.rename("me", "bob");
        assert_eq!((labels.shown("me"), labels.shown("ana")), ("bob", "ana"));
        // Nobody is shown as "me" any more: renaming "me" touches no one.
        labels.rename("me", "ann");
        assert_eq!(labels.shown("me"), "bob");
        // Renaming the shown label follows it, and two people may become one.
        labels.rename("bob", "ana");
        assert_eq!((labels.shown("me"), labels.shown("ana")), ("ana", "ana"));
        labels.rename("ana", "me");
        assert_eq!((labels.shown("me"), labels.shown("ana")), ("me", "me"));
        // Whoever was dropped as "bob" was renamed along with the first rename's people.
        assert_eq!(labels.shown("bob"), "me");
        assert!(labels.renamed.iter().all(|(dropped_as, shown)| dropped_as != shown), "a label shown as itself is not listed: {:?}", labels.renamed);
    }
}
