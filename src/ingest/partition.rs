//! Splitting a load's files among several ingest workers: by project folder name, so
//! that a session and its resumed or forked copies (which Claude Code writes into the
//! same project folder), its subagents' files, and copies of the same project from
//! another `.claude` folder (a backup dropped beside the live one) are deduplicated by
//! the same worker; folders go to the least loaded worker, largest first. Workers do not
//! deduplicate against each other, so a copy of a session under a project folder of
//! another name would count twice (the command line, one ingest, counts it once).

use std::collections::BTreeMap;

/// The project folder name of a transcript path: the segment after the last
/// `projects/` that has a file below it; without one, the first segment (the folder the
/// user chose), which keeps a project folder chosen on its own in one piece.
pub fn project_folder(path: &str) -> &str {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    if let Some(index) = segments.iter().rposition(|segment| *segment == "projects").filter(|index| index + 2 < segments.len()) {
        return segments[index + 1];
    }
    if segments.len() > 1 {
        segments[0]
    } else {
        ""
    }
}

/// Indexes of `files` (path, size in bytes) for each of at most `parts` workers.
pub fn partition(files: &[(&str, u64)], parts: usize) -> Vec<Vec<usize>> {
    let mut folders: BTreeMap<&str, (u64, Vec<usize>)> = BTreeMap::new();
    for (index, (path, size_bytes)) in files.iter().enumerate() {
        let folder = folders.entry(project_folder(path)).or_default();
        folder.0 += size_bytes;
        folder.1.push(index);
    }
    let mut by_size: Vec<(u64, Vec<usize>)> = folders.into_values().collect();
    by_size.sort_by_key(|folder| std::cmp::Reverse(folder.0));
    let count = parts.clamp(1, by_size.len().max(1));
    let mut buckets: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); count];
    for (size_bytes, indexes) in by_size {
        if let Some(lightest) = buckets.iter_mut().min_by_key(|(load, _)| *load) {
            lightest.0 += size_bytes;
            lightest.1.extend(indexes);
        }
    }
    buckets
        .into_iter()
        .map(|(_, mut indexes)| {
            indexes.sort_unstable();
            indexes
        })
        .filter(|indexes| !indexes.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_folders() {
        assert_eq!(project_folder("me/.claude/projects/-home-app/s1.jsonl"), "-home-app");
        assert_eq!(project_folder("backup/.claude/projects/-home-app/s1.jsonl"), "-home-app", "copies go together");
        assert_eq!(project_folder("projects/-home-app/s1/subagents/agent-a.jsonl"), "-home-app");
        assert_eq!(project_folder("sample-project/s1.jsonl"), "sample-project");
        assert_eq!(project_folder("sample-project/s1/subagents/agent-a.jsonl"), "sample-project");
        assert_eq!(project_folder("s1.jsonl"), "");
    }

    #[test]
    fn folders_stay_whole_and_load_is_balanced() {
        let files =
            [("projects/a/1.jsonl", 50), ("projects/a/2.jsonl", 50), ("projects/b/1.jsonl", 60), ("projects/c/1.jsonl", 30), ("projects/d/1.jsonl", 10)];
        let parts = partition(&files, 2);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().any(|part| part.contains(&0) && part.contains(&1)), "folder a stays in one part");
        let load = |part: &Vec<usize>| part.iter().map(|index| files[*index].1).sum::<u64>();
        assert_eq!(parts.iter().map(load).collect::<Vec<_>>(), [100, 100]);
        assert_eq!(partition(&files[..1], 4).len(), 1, "no empty parts");
        assert!(partition(&[], 2).is_empty());
    }
}
