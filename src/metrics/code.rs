//! Code figures (spec section 4): lines added and removed by applied edits, the code
//! acceptance rate, and lines and cost per file and per language.
//!
//! An edit (Edit, MultiEdit, Write, NotebookEdit) is *applied* when its result came back
//! without an error; its lines are the recorded patch, or else the line counts of its
//! old and new text. It is *rejected* when the user declined it. Acceptance is
//! applied / (applied + rejected): edits that failed for other reasons (text not found,
//! file not read) were never put to the user. The cost of a request that edits k files
//! is split evenly among them.

use std::collections::{BTreeMap, BTreeSet};

use super::tool_use::ToolUse;
use crate::model::{LineCounts, TextId, TextMap};

pub fn is_edit_tool(tool: &str) -> bool {
    matches!(tool, "Edit" | "MultiEdit" | "Write" | "NotebookEdit" | "apply_patch" | "write_file" | "replace")
}

/// Edit tools that write a whole file, which need not have been read first.
pub fn writes_whole_file(tool: &str) -> bool {
    matches!(tool, "Write" | "write_file")
}

/// Tools that read a file (Claude Code's and Gemini CLI's).
pub fn is_read_tool(tool: &str) -> bool {
    matches!(tool, "Read" | "read_file" | "read_many_files")
}

/// Edit tools whose agent reads files with a tool of its own, so that an edit of a file
/// never read can be told. Codex reads through the shell (`cat`, `sed -n`): its patches
/// are not checked.
pub fn edit_follows_reads(tool: &str) -> bool {
    is_edit_tool(tool) && tool != "apply_patch" && !writes_whole_file(tool)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeStats {
    pub lines: LineCounts,
    pub applied_edits: u64,
    pub rejected_edits: u64,
}

impl CodeStats {
    pub fn acceptance_rate(&self) -> Option<f64> {
        let decided = self.applied_edits + self.rejected_edits;
        (decided > 0).then(|| self.applied_edits as f64 / decided as f64)
    }

    pub fn net_lines(&self) -> i64 {
        i64::from(self.lines.added) - i64::from(self.lines.removed)
    }

    pub fn merge(&mut self, other: &CodeStats) {
        self.lines.add(other.lines);
        self.applied_edits += other.applied_edits;
        self.rejected_edits += other.rejected_edits;
    }
}

/// Lines an applied edit changed; `None` when the edit was not applied.
pub fn applied_lines(tool_use: &ToolUse<'_>) -> Option<LineCounts> {
    let outcome = tool_use.outcome.filter(|outcome| !outcome.is_error)?;
    Some(outcome.applied.or(tool_use.proposed).unwrap_or_default())
}

pub fn code_stats<'a>(uses: impl IntoIterator<Item = &'a ToolUse<'a>>) -> CodeStats {
    let mut stats = CodeStats::default();
    for tool_use in uses.into_iter().filter(|tool_use| is_edit_tool(tool_use.tool)) {
        if let Some(lines) = applied_lines(tool_use) {
            stats.applied_edits += 1;
            stats.lines.add(lines);
        } else if tool_use.is_rejected() {
            stats.rejected_edits += 1;
        }
    }
    stats
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileStats {
    pub lines: LineCounts,
    pub edits: u64,
    pub cost_usd: f64,
}

/// Lines per edited file, and each editing request's cost (`cost_of` its index, `None`
/// when the request is filtered out) split among its files.
pub fn file_stats<'a>(uses: impl IntoIterator<Item = &'a ToolUse<'a>>, cost_of: impl Fn(u32) -> Option<f64>) -> TextMap<FileStats> {
    let mut files: TextMap<FileStats> = TextMap::default();
    let mut files_of_request: BTreeMap<u32, BTreeSet<TextId>> = BTreeMap::new();
    for tool_use in uses.into_iter().filter(|tool_use| is_edit_tool(tool_use.tool)) {
        let Some(path) = tool_use.file_id() else { continue };
        let entry = files.entry(path);
        entry.edits += 1;
        if let Some(lines) = applied_lines(tool_use) {
            entry.lines.add(lines);
        }
        if let Some(request) = tool_use.request {
            files_of_request.entry(request).or_default().insert(path);
        }
    }
    for (request, paths) in files_of_request {
        let Some(cost_usd) = cost_of(request) else { continue };
        let share_usd = cost_usd / paths.len() as f64;
        for path in paths {
            if let Some(file) = files.get_mut(path) {
                file.cost_usd += share_usd;
            }
        }
    }
    files.shrink_to_fit();
    files
}

/// The language of a file, from its extension (or name).
pub fn language_of(path: &str) -> &'static str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // Names that tell the language by themselves (hashed paths keep them).
    match name {
        "Makefile" => return "Makefile",
        "Dockerfile" => return "Dockerfile",
        _ => {}
    }
    let extension = name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "rs" => "Rust",
        "ts" | "tsx" | "mts" | "cts" => "TypeScript",
        "js" | "jsx" | "mjs" | "cjs" => "JavaScript",
        "py" | "pyi" | "ipynb" => "Python",
        "go" => "Go",
        "java" => "Java",
        "kt" | "kts" => "Kotlin",
        "swift" => "Swift",
        "c" | "h" => "C",
        "cc" | "cpp" | "cxx" | "hpp" | "hh" => "C++",
        "cs" => "C#",
        "rb" => "Ruby",
        "php" => "PHP",
        "sh" | "bash" | "zsh" => "Shell",
        "sql" => "SQL",
        "html" | "htm" => "HTML",
        "css" | "scss" | "sass" | "less" => "CSS",
        "vue" => "Vue",
        "svelte" => "Svelte",
        "md" | "mdx" | "markdown" => "Markdown",
        "json" | "jsonc" => "JSON",
        "yaml" | "yml" => "YAML",
        "toml" => "TOML",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::*;

    #[test]
    fn file_names_that_tell_a_language_are_the_ones_hashed_paths_keep() {
        for name in crate::model::keys::LANGUAGE_FILE_NAMES {
            assert_ne!(language_of(&format!("/x/{name}")), "Other", "{name}");
        }
        assert_eq!(language_of("/x/GNUmakefile"), "Other", "only the listed names");
    }
    use crate::metrics::tool_use::pair_tool_uses;
    use crate::model::Event;

    #[test]
    fn applied_rejected_and_failed_edits_by_hand() {
        let events = [
            call(0, "1", "Edit", Some("a.rs"), Some((3, 1))),
            applied(1, "1", 4, 2), // the patch wins over the proposal
            call(2, "2", "Write", Some("b.py"), Some((10, 0))),
            result(3, "2", false), // no patch recorded: the proposal counts
            call(4, "3", "Edit", Some("a.rs"), Some((5, 5))),
            rejected(5, "3"),
            call(6, "4", "Edit", Some("a.rs"), Some((1, 1))),
            result(7, "4", true), // failed: neither applied nor put to the user
            call(8, "5", "Read", Some("a.rs"), None),
            result(9, "5", false),
        ];
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let uses = pair_tool_uses(&refs, &texts);
        let stats = code_stats(&uses);
        assert_eq!(stats.lines, LineCounts { added: 14, removed: 2 });
        assert_eq!((stats.applied_edits, stats.rejected_edits), (2, 1));
        assert_eq!(stats.acceptance_rate(), Some(2.0 / 3.0));
        assert_eq!(stats.net_lines(), 12);
    }

    #[test]
    fn request_cost_is_split_among_the_files_it_edits() {
        let mut edit_a = call(0, "1", "Edit", Some("a.rs"), Some((1, 0)));
        let mut edit_b = call(0, "2", "Edit", Some("b.rs"), Some((1, 0)));
        for event in [&mut edit_a, &mut edit_b] {
            if let crate::model::EventKind::ToolCall { request, .. } = &mut event.kind {
                *request = Some(0);
            }
        }
        let events = [edit_a, edit_b, applied(1, "1", 1, 0), applied(1, "2", 2, 0)];
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let files = file_stats(&pair_tool_uses(&refs, &texts), |request| (request == 0).then_some(0.5));
        let of = |path: &str| texts.find(path).and_then(|id| files.get(id)).expect("an edited file");
        assert_eq!(of("a.rs").cost_usd, 0.25);
        assert_eq!(of("b.rs").lines.added, 2);
    }

    #[test]
    fn languages_from_extensions() {
        assert_eq!(language_of("/x/src/main.rs"), "Rust");
        assert_eq!(language_of("App.TSX"), "TypeScript");
        assert_eq!(language_of("Makefile"), "Makefile");
        assert_eq!(language_of("notes"), "Other");
    }
}
