//! Working practices (spec section 4.4, seed 003): per session, whether it shows each
//! practice, from observable events only. The catalogue (names, labels, what counts) is
//! here and nowhere else; the page and the CLI show it as written.

use super::code::is_edit_tool;
use super::commands::runs_git_commit;
use super::tool_use::ToolUse;
use crate::model::{project_name, Event, EventKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Practice {
    PlanMode,
    Subagents,
    SkillsCommands,
    TaskTracking,
    MemoryContext,
    Committing,
    MarkdownArtifacts,
}

impl Practice {
    pub const ALL: [Practice; 7] = [
        Practice::PlanMode,
        Practice::Subagents,
        Practice::SkillsCommands,
        Practice::TaskTracking,
        Practice::MemoryContext,
        Practice::Committing,
        Practice::MarkdownArtifacts,
    ];

    /// `data-practice` and the JSON key.
    pub fn name(self) -> &'static str {
        match self {
            Practice::PlanMode => "plan_mode",
            Practice::Subagents => "subagents",
            Practice::SkillsCommands => "skills_commands",
            Practice::TaskTracking => "task_tracking",
            Practice::MemoryContext => "memory_context",
            Practice::Committing => "committing",
            Practice::MarkdownArtifacts => "markdown_artifacts",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Practice::PlanMode => "Plan mode",
            Practice::Subagents => "Subagents",
            Practice::SkillsCommands => "Skills and saved commands",
            Practice::TaskTracking => "Task tracking",
            Practice::MemoryContext => "Memory and context",
            Practice::Committing => "Committing work",
            Practice::MarkdownArtifacts => "Markdown artifacts",
        }
    }

    /// What makes a session show the practice, as the catalogue shows it.
    pub fn definition(self) -> &'static str {
        match self {
            Practice::PlanMode => "a prompt sent in plan mode, or the plan-mode tools (ExitPlanMode, EnterPlanMode)",
            Practice::Subagents => "work handed to a subagent: Task or Agent calls (Codex spawn_agent), or the subagent's own turns in the session",
            Practice::SkillsCommands => "a skill (Skill) or a saved slash command: a /command that is not one of the agent's built-in ones",
            Practice::TaskTracking => "a todo or task list kept: TodoWrite, TaskCreate, TaskUpdate (Codex update_plan, Gemini write_todos)",
            Practice::MemoryContext => {
                "memory or context managed: an edit of CLAUDE.md, AGENTS.md or GEMINI.md, /memory, /compact or a compaction, Gemini save_memory"
            }
            Practice::Committing => "a git commit that ran successfully",
            Practice::MarkdownArtifacts => "a Markdown file (plan, doc, spec) written or edited successfully, other than the memory files",
        }
    }
}

/// The practices a session shows, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Practices(u8);

impl Practices {
    fn bit(practice: Practice) -> u8 {
        1 << Practice::ALL.iter().position(|p| *p == practice).unwrap_or(0)
    }

    pub fn has(self, practice: Practice) -> bool {
        self.0 & Practices::bit(practice) != 0
    }

    pub fn insert(&mut self, practice: Practice) {
        self.0 |= Practices::bit(practice);
    }

    pub fn iter(self) -> impl Iterator<Item = Practice> {
        Practice::ALL.into_iter().filter(move |practice| self.has(*practice))
    }
}

/// Claude Code's, Codex's and Gemini CLI's own slash commands: using them is not a saved
/// command of one's own.
const BUILT_IN_COMMANDS: [&str; 44] = [
    "add-dir",
    "agents",
    "approvals",
    "bashes",
    "bug",
    "chat",
    "clear",
    "compact",
    "compress",
    "config",
    "context",
    "copy",
    "cost",
    "diff",
    "directory",
    "doctor",
    "exit",
    "export",
    "extensions",
    "help",
    "hooks",
    "ide",
    "init",
    "login",
    "logout",
    "mcp",
    "memory",
    "model",
    "new",
    "output-style",
    "permissions",
    "plugin",
    "quit",
    "release-notes",
    "restore",
    "resume",
    "review",
    "rewind",
    "settings",
    "stats",
    "status",
    "terminal-setup",
    "theme",
    "vim",
];

const TASK_TOOLS: [&str; 7] = ["TodoWrite", "TaskCreate", "TaskUpdate", "TaskList", "TaskGet", "update_plan", "write_todos"];
const SUBAGENT_TOOLS: [&str; 3] = ["Task", "Agent", "spawn_agent"];
const MEMORY_FILES: [&str; 3] = ["claude.md", "agents.md", "gemini.md"];

/// A slash command's name without its slash and arguments, lower-case.
fn command_name(name: &str) -> String {
    name.trim().trim_start_matches('/').split_whitespace().next().unwrap_or_default().to_ascii_lowercase()
}

fn is_memory_file(path: &str) -> bool {
    let name = project_name(path).to_ascii_lowercase();
    MEMORY_FILES.contains(&name.as_str())
}

fn is_markdown(path: &str) -> bool {
    let name = project_name(path).to_ascii_lowercase();
    name.ends_with(".md") || name.ends_with(".mdx") || name.ends_with(".markdown")
}

/// The practices of a session: its events (in order) and its tool uses paired from them.
pub fn session_practices(events: &[&Event], uses: &[ToolUse<'_>]) -> Practices {
    let mut practices = Practices::default();
    for event in events {
        if event.is_sidechain {
            practices.insert(Practice::Subagents);
        }
        match &event.kind {
            EventKind::HumanPrompt { is_plan_mode: true, .. } => practices.insert(Practice::PlanMode),
            EventKind::Compaction => practices.insert(Practice::MemoryContext),
            EventKind::SlashCommand { name } => {
                let name = command_name(name);
                match name.as_str() {
                    "compact" | "compress" | "memory" => practices.insert(Practice::MemoryContext),
                    "" => {}
                    other if !BUILT_IN_COMMANDS.contains(&other) => practices.insert(Practice::SkillsCommands),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    for tool_use in uses {
        let tool = tool_use.tool;
        if matches!(tool, "ExitPlanMode" | "EnterPlanMode") {
            practices.insert(Practice::PlanMode);
        }
        if SUBAGENT_TOOLS.contains(&tool) {
            practices.insert(Practice::Subagents);
        }
        if matches!(tool, "Skill" | "SlashCommand") {
            practices.insert(Practice::SkillsCommands);
        }
        if TASK_TOOLS.contains(&tool) {
            practices.insert(Practice::TaskTracking);
        }
        if tool == "save_memory" {
            practices.insert(Practice::MemoryContext);
        }
        if tool_use.is_success() && tool_use.command().is_some_and(runs_git_commit) {
            practices.insert(Practice::Committing);
        }
        if is_edit_tool(tool) && !tool_use.is_command {
            if let Some(path) = tool_use.target {
                let written = tool_use.is_success() || tool_use.outcome.is_some_and(|outcome| outcome.applied.is_some());
                if is_memory_file(path) && written {
                    practices.insert(Practice::MemoryContext);
                } else if is_markdown(path) && written {
                    practices.insert(Practice::MarkdownArtifacts);
                }
            }
        }
    }
    practices
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::*;
    use crate::metrics::tool_use::pair_tool_uses;

    fn practices_of(events: &[Event]) -> Vec<Practice> {
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        session_practices(&refs, &pair_tool_uses(&refs, &texts)).iter().collect()
    }

    fn prompt(second: i64, is_plan_mode: bool) -> Event {
        at(second, EventKind::HumanPrompt { is_plan_mode, preview: String::from("do it") })
    }

    fn command(second: i64, name: &str) -> Event {
        at(second, EventKind::SlashCommand { name: name.to_owned() })
    }

    #[test]
    fn a_session_with_none_shows_none() {
        let events = [prompt(0, false), call(1, "a", "Read", Some("src/lib.rs"), None), result(2, "a", false), command(3, "/clear")];
        assert_eq!(practices_of(&events), vec![]);
    }

    #[test]
    fn each_practice_from_its_own_events() {
        let cases: Vec<(Vec<Event>, Practice)> = vec![
            (vec![prompt(0, true)], Practice::PlanMode),
            (vec![call(0, "a", "ExitPlanMode", None, None), result(1, "a", false)], Practice::PlanMode),
            (vec![call(0, "a", "Task", None, None), result(1, "a", false)], Practice::Subagents),
            (vec![Event { is_sidechain: true, ..prompt(0, false) }], Practice::Subagents),
            (vec![call(0, "a", "Skill", None, None)], Practice::SkillsCommands),
            (vec![command(0, "/deploy-staging now")], Practice::SkillsCommands),
            (vec![call(0, "a", "TaskCreate", None, None)], Practice::TaskTracking),
            (vec![call(0, "a", "update_plan", None, None)], Practice::TaskTracking),
            (vec![at(0, EventKind::Compaction)], Practice::MemoryContext),
            (vec![command(0, "/compact")], Practice::MemoryContext),
            (vec![call(0, "a", "Edit", Some("/repo/CLAUDE.md"), Some((2, 0))), applied(1, "a", 2, 0)], Practice::MemoryContext),
            (vec![call(0, "a", "Bash", Some("git add -A && git commit -m wip"), None), result(1, "a", false)], Practice::Committing),
            (vec![call(0, "a", "Write", Some("docs/plan.md"), Some((30, 0))), result(1, "a", false)], Practice::MarkdownArtifacts),
        ];
        for (events, practice) in cases {
            assert_eq!(practices_of(&events), vec![practice], "{events:?}");
        }
    }

    #[test]
    fn attempts_that_did_not_happen_do_not_count() {
        let events = [
            // A commit that failed, a Markdown file the user rejected, a memory file edit
            // rejected, a built-in command, a commit only echoed.
            call(0, "a", "Bash", Some("git commit -m wip"), None),
            result(1, "a", true),
            call(2, "b", "Write", Some("PLAN.md"), Some((5, 0))),
            rejected(3, "b"),
            call(4, "c", "Edit", Some("AGENTS.md"), Some((1, 0))),
            rejected(5, "c"),
            command(6, "/model"),
            call(7, "d", "Bash", Some("echo \"git commit\""), None),
            result(8, "d", false),
        ];
        assert_eq!(practices_of(&events), vec![]);
    }

    #[test]
    fn the_catalogue_names_seven_practices_once() {
        let names: std::collections::BTreeSet<&str> = Practice::ALL.iter().map(|practice| practice.name()).collect();
        assert_eq!(names.len(), 7);
        assert!(Practice::ALL.iter().all(|practice| !practice.definition().is_empty() && !practice.label().is_empty()));
        let mut set = Practices::default();
        set.insert(Practice::MarkdownArtifacts);
        set.insert(Practice::PlanMode);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Practice::PlanMode, Practice::MarkdownArtifacts]);
    }
}
