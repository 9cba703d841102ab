//! The folders the agents write their transcripts to, where ccusage looks for them: read
//! when a command is given no PATH.

use std::path::{Path, PathBuf};

use crate::model::Agent;

/// The agents' folders that exist on this machine, of `agent` or of every agent. The
/// environment is read through `var` (the process's own, in `default_paths`).
pub fn agent_folders(agent: Option<Agent>, var: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let Some(home) = var("HOME").or_else(|| var("USERPROFILE")).map(PathBuf::from) else {
        return Vec::new();
    };
    let mut folders = Vec::new();
    let wanted = |each: Agent| agent.is_none_or(|agent| agent == each);
    if wanted(Agent::ClaudeCode) {
        match var("CLAUDE_CONFIG_DIR").filter(|dirs| !dirs.trim().is_empty()) {
            Some(dirs) => folders.extend(dirs.split(',').map(str::trim).filter(|dir| !dir.is_empty()).map(|dir| Path::new(dir).join("projects"))),
            None => {
                folders.push(home.join(".config/claude/projects"));
                folders.push(home.join(".claude/projects"));
            }
        }
    }
    if wanted(Agent::Codex) {
        let codex_home = var("CODEX_HOME").filter(|dir| !dir.is_empty()).map_or_else(|| home.join(".codex"), PathBuf::from);
        folders.push(codex_home.join("sessions"));
    }
    if wanted(Agent::Gemini) {
        let gemini_home = var("GEMINI_DATA_DIR").filter(|dir| !dir.is_empty()).map_or_else(|| home.join(".gemini"), PathBuf::from);
        folders.push(gemini_home.join("tmp"));
    }
    folders.retain(|folder| folder.is_dir());
    folders
}

/// `agent_folders` of this process's environment.
pub fn default_paths(agent: Option<Agent>) -> Vec<PathBuf> {
    agent_folders(agent, |name| std::env::var(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agents_folders_are_found_as_ccusage_finds_them() {
        let root = std::env::temp_dir().join(format!("session-lens-default-paths-{}", std::process::id()));
        for dir in ["home/.claude/projects", "home/.codex/sessions", "home/.gemini/tmp", "config-a/projects", "codex/sessions"] {
            std::fs::create_dir_all(root.join(dir)).expect("folder");
        }
        let home = root.join("home").display().to_string();
        let plain = agent_folders(None, |name| (name == "HOME").then(|| home.clone()));
        assert_eq!(plain, [root.join("home/.claude/projects"), root.join("home/.codex/sessions"), root.join("home/.gemini/tmp")]);
        let config = format!("{}, {}", root.join("config-a").display(), root.join("config-missing").display());
        let codex = root.join("codex").display().to_string();
        let set = |name: &str| match name {
            "HOME" => Some(home.clone()),
            "CLAUDE_CONFIG_DIR" => Some(config.clone()),
            "CODEX_HOME" => Some(codex.clone()),
            _ => None,
        };
        assert_eq!(agent_folders(None, set), [root.join("config-a/projects"), root.join("codex/sessions"), root.join("home/.gemini/tmp")]);
        assert_eq!(agent_folders(Some(Agent::Codex), set), [root.join("codex/sessions")]);
        assert!(agent_folders(None, |_| None).is_empty());
        std::fs::remove_dir_all(&root).expect("clean");
    }
}
