//! A `git log` export, recognised by its first line. The README gives the command:
//!
//! ```text
//! git log --all --numstat --date=iso-strict \
//!   --format="session-lens-commit %H %cd $(git rev-parse --show-toplevel)" > repo.gitlog
//! ```
//!
//! Each commit is a `session-lens-commit HASH DATE REPOSITORY` line followed by its
//! `--numstat` lines (`added<TAB>removed<TAB>file`, `-` for binary files).

use crate::model::keys::stable_hash;
use crate::model::limits::TIME_RANGE_MS;
use crate::model::{Commit, Dataset, FileOutcome, FileReport};

pub const COMMIT_MARKER: &str = "session-lens-commit ";

/// Whether a file's first bytes are such a log.
pub fn recognises(head: &[u8]) -> bool {
    head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start().starts_with(COMMIT_MARKER.as_bytes())
}

/// The commits of a log; an unreadable line is an error naming it.
pub fn read(bytes: &[u8], path: &str) -> Result<Dataset, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| format!("not UTF-8 text ({error})"))?;
    let mut commits: Vec<Commit> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(rest) = line.strip_prefix(COMMIT_MARKER) {
            let mut parts = rest.splitn(3, ' ');
            let (Some(hash), Some(date), Some(repository)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("line {number}: a commit line without hash, date and repository"));
            };
            let time = chrono::DateTime::parse_from_rfc3339(date).map_err(|error| format!("line {number}: date {date:?}: {error}"))?;
            let timestamp_ms = time.timestamp_millis();
            if !TIME_RANGE_MS.contains(&timestamp_ms) {
                return Err(format!("line {number}: date {date:?} is outside the years 2000 to 2199"));
            }
            commits.push(Commit { repository: repository.trim_end().to_owned(), timestamp_ms, key: stable_hash(&[hash.as_bytes()]), added: 0, removed: 0 });
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let commit = commits.last_mut().ok_or_else(|| format!("line {number}: file lines before any commit line"))?;
        let mut fields = line.splitn(3, '\t');
        let count = |field: Option<&str>| -> Result<u32, String> {
            match field {
                Some("-") => Ok(0),
                Some(digits) => digits.parse().map_err(|_| format!("line {number}: {digits:?} is not a line count")),
                None => Err(format!("line {number}: not an added/removed/file line")),
            }
        };
        commit.added = commit.added.saturating_add(count(fields.next())?);
        commit.removed = commit.removed.saturating_add(count(fields.next())?);
    }
    let file = FileReport {
        path: path.to_owned(),
        size_bytes: bytes.len() as u64,
        line_count: text.lines().count() as u64,
        outcome: FileOutcome::Imported { conversations: 0 },
        skipped_lines: Default::default(),
        imported_from: None,
    };
    Ok(Dataset { commits, files: vec![file], ..Dataset::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_and_their_lines() {
        let log = "session-lens-commit 373dc1e 2026-11-30T20:03:24Z /tmp/gl\n\n1\t0\ty.bin\n-\t-\timage.png\nsession-lens-commit ba73830 2026-11-10T15:00:00+01:00 /home/ana/my repo\n\n2\t1\tx.rs\n3\t3\tz.rs\n";
        let dataset = read(log.as_bytes(), "repo.gitlog").expect("reads");
        let summary: Vec<(&str, i64, u32, u32)> = dataset.commits.iter().map(|c| (c.repository.as_str(), c.timestamp_ms, c.added, c.removed)).collect();
        assert_eq!(summary, [("/tmp/gl", 1_796_069_004_000, 1, 0), ("/home/ana/my repo", 1_794_319_200_000, 5, 4)]);
        assert!(recognises(log.as_bytes()));
        assert!(!recognises(b"commit 373dc1e\nAuthor: A"));
    }

    #[test]
    fn a_bad_line_is_named() {
        let error = read(b"session-lens-commit abc 2026-11-30T20:03:24Z /r\nmany\tlines\tx.rs\n", "r.gitlog").expect_err("refused");
        assert!(error.starts_with("line 2:"), "{error}");
        assert!(read(b"session-lens-commit abc 9999-01-01T00:00:00Z /r\n", "r.gitlog").expect_err("refused").contains("outside"));
    }
}
