//! What the page says about kept history: the sources kept (what was dropped: a folder,
//! an archive, an export, by the first segment of its files' paths) and which
//! conversations and sessions come only from kept data (files the last drop did not
//! have: purged by the agent since, or dropped from elsewhere).

use std::collections::{BTreeMap, HashSet};

use crate::model::{ConversationId, Dataset};
use crate::sessions::split_sessions;
use crate::transport::KeptFile;

/// One dropped source among the kept files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptSource {
    /// The first segment of its files' paths (the dropped folder's or file's name).
    pub name: String,
    pub files: usize,
    pub part_bytes: u64,
}

/// What is kept, in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeptSummary {
    pub files: usize,
    pub part_bytes: u64,
    /// Distinct conversations among the kept files.
    pub conversations: usize,
    /// The first and last event's time kept (ms since the epoch).
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

pub fn kept_summary(files: &[KeptFile]) -> KeptSummary {
    let conversations: HashSet<&str> = files.iter().flat_map(|file| file.conversation_keys.iter().map(String::as_str)).collect();
    KeptSummary {
        files: files.len(),
        part_bytes: files.iter().map(|file| file.part_bytes).sum(),
        conversations: conversations.len(),
        first_ms: files.iter().filter_map(|file| file.first_ms).min(),
        last_ms: files.iter().filter_map(|file| file.last_ms).max(),
    }
}

/// The first segment of a kept path.
pub fn source_name(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// The kept files grouped by source, by name.
pub fn kept_sources(files: &[KeptFile]) -> Vec<KeptSource> {
    let mut sources: BTreeMap<&str, KeptSource> = BTreeMap::new();
    for file in files {
        let name = source_name(&file.source.path);
        let source = sources.entry(name).or_insert_with(|| KeptSource { name: name.to_owned(), files: 0, part_bytes: 0 });
        source.files += 1;
        source.part_bytes += file.part_bytes;
    }
    sources.into_values().collect()
}

/// A price table kept (in the file at `file`), as the kept panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptPriceTable {
    /// The kept file holding it (forgetting the table forgets that file).
    pub file: String,
    pub modified_ms: i64,
    pub prices: crate::transport::KeptPrices,
}

/// The price tables kept, newest first: the order in which they win for the models
/// they name (`pricing::prices_in_force`).
pub fn kept_price_tables(files: &[KeptFile]) -> Vec<KeptPriceTable> {
    let mut tables: Vec<KeptPriceTable> = files
        .iter()
        .flat_map(|file| {
            file.prices.iter().map(|prices| KeptPriceTable { file: file.source.path.clone(), modified_ms: file.source.modified_ms, prices: prices.clone() })
        })
        .collect();
    crate::order::sort_by(&mut tables, |a, b| b.modified_ms.cmp(&a.modified_ms).then_with(|| b.prices.path.cmp(&a.prices.path)));
    tables
}

/// The paths of the kept files of one source.
pub fn paths_of_source(files: &[KeptFile], name: &str) -> Vec<String> {
    files.iter().filter(|file| source_name(&file.source.path) == name).map(|file| file.source.path.clone()).collect()
}

/// Keys of the conversations that only kept files not in `dropped` hold.
pub fn only_kept_conversations(kept: &[KeptFile], dropped: &HashSet<&str>) -> HashSet<String> {
    let in_drop: HashSet<&str> =
        kept.iter().filter(|file| dropped.contains(file.source.path.as_str())).flat_map(|file| file.conversation_keys.iter().map(String::as_str)).collect();
    kept.iter()
        .filter(|file| !dropped.contains(file.source.path.as_str()))
        .flat_map(|file| file.conversation_keys.iter())
        .filter(|key| !in_drop.contains(key.as_str()))
        .cloned()
        .collect()
}

/// How many of the dataset's conversations, and of their sessions (split at
/// `idle_cutoff_ms`), have one of these keys.
pub fn count_conversations_and_sessions(dataset: &Dataset, keys: &HashSet<String>, idle_cutoff_ms: i64) -> (usize, usize) {
    if keys.is_empty() {
        return (0, 0);
    }
    let chosen: HashSet<ConversationId> = dataset
        .conversations
        .iter()
        .enumerate()
        .filter(|(_, conversation)| keys.contains(&conversation.session_key))
        .map(|(index, _)| ConversationId(index as u32))
        .collect();
    let sessions = split_sessions(&dataset.events, idle_cutoff_ms).iter().filter(|session| chosen.contains(&session.conversation)).count();
    (chosen.len(), sessions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keep::SourceFile;
    use crate::transport::PartSizes;

    fn kept(path: &str, keys: &[&str]) -> KeptFile {
        KeptFile {
            source: SourceFile { path: path.to_owned(), size_bytes: 10, modified_ms: 1 },
            person: String::from("me"),
            sizes: PartSizes::default(),
            part_bytes: 7,
            fingerprint: String::from("0"),
            conversation_keys: keys.iter().map(|key| (*key).to_owned()).collect(),
            first_ms: Some(keys.len() as i64),
            last_ms: Some(100 + keys.len() as i64),
            prices: Vec::new(),
        }
    }

    #[test]
    fn the_summary_counts_each_conversation_once_and_spans_every_file() {
        let files = [kept("p/1.jsonl", &["x"]), kept("p/2.jsonl", &["x", "z"]), kept("p/3.jsonl", &[])];
        let summary = kept_summary(&files);
        assert_eq!(summary, KeptSummary { files: 3, part_bytes: 21, conversations: 2, first_ms: Some(0), last_ms: Some(102) });
    }

    #[test]
    fn sources_are_the_first_segments_of_the_kept_paths() {
        let files = [kept("projects/a/1.jsonl", &[]), kept("projects/b/2.jsonl", &[]), kept("team.json", &[])];
        let sources = kept_sources(&files);
        assert_eq!(
            sources.iter().map(|source| (source.name.as_str(), source.files, source.part_bytes)).collect::<Vec<_>>(),
            [("projects", 2, 14), ("team.json", 1, 7)]
        );
        assert_eq!(paths_of_source(&files, "projects"), ["projects/a/1.jsonl", "projects/b/2.jsonl"]);
    }

    #[test]
    fn a_conversation_is_only_kept_when_no_dropped_file_holds_it() {
        // 1.jsonl was purged; its conversation x continues in 2.jsonl (a resumed copy),
        // which the drop has; y lives only in the purged 3.jsonl.
        let files = [kept("p/1.jsonl", &["x"]), kept("p/2.jsonl", &["x"]), kept("p/3.jsonl", &["y"])];
        let dropped: HashSet<&str> = ["p/2.jsonl"].into_iter().collect();
        let keys = only_kept_conversations(&files, &dropped);
        assert_eq!(keys, ["y".to_owned()].into_iter().collect());
    }

    #[test]
    fn price_tables_are_listed_newest_first_by_their_files_times() {
        let table = |path: &str| crate::transport::KeptPrices { path: path.to_owned(), models: 2, date: String::new() };
        let mut old = kept("old/prices.json", &[]);
        old.prices = vec![table("old/prices.json")];
        let mut zip = kept("new/archive.zip", &[]);
        zip.source.modified_ms = 9;
        zip.prices = vec![table("new/archive.zip/a.json"), table("new/archive.zip/b.json")];
        let listed: Vec<(String, String)> = kept_price_tables(&[old, zip, kept("p/x.jsonl", &["x"])]).into_iter().map(|t| (t.file, t.prices.path)).collect();
        assert_eq!(
            listed,
            [
                ("new/archive.zip".to_owned(), "new/archive.zip/b.json".to_owned()),
                ("new/archive.zip".to_owned(), "new/archive.zip/a.json".to_owned()),
                ("old/prices.json".to_owned(), "old/prices.json".to_owned()),
            ]
        );
    }
}
