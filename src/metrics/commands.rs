//! Shell commands the agent ran, reduced to what the figures read of them: for each
//! simple command of a list or pipeline, its program (without directory) and the plain
//! word right after it (`git commit`, `cargo test`, `npm run`). Every figure that looks
//! at a command (a session is *shipped* when a `git commit` ran) reads this summary,
//! never the command's text, so an export that keeps only the summary (its default:
//! no arguments, paths or messages leave the machine) gives the same figures.
//!
//! `summary(summary(c)) == summary(c)`: a summary is a command list of its own.

use crate::model::shell::{is_subcommand, simple_commands};

/// Separator of the summary's parts (read back as one by `summary`).
const JOINER: &str = "; ";

/// The summary of one simple command (its words, program first).
fn simple_summary(words: Vec<&str>) -> String {
    let mut words = words.into_iter();
    let program = words.next().unwrap_or_default();
    let mut words = words.peekable();
    let mut summary = program.to_owned();
    // `git -C DIR commit` and `git -c KEY=VALUE commit`: options with a value, skipped.
    if program == "git" {
        while let Some(word) = words.peek() {
            if *word == "-C" || *word == "-c" {
                words.next();
                words.next();
            } else {
                break;
            }
        }
    }
    if let Some(word) = words.next().filter(|word| is_subcommand(word)) {
        summary.push(' ');
        summary.push_str(word);
    }
    summary
}

/// The summary of a command (see the module's notes): its simple commands, joined.
pub fn summary(command: &str) -> String {
    simple_commands(command).map(simple_summary).collect::<Vec<_>>().join(JOINER)
}

/// Whether the command runs `git commit`.
pub fn runs_git_commit(command: &str) -> bool {
    simple_commands(command).map(simple_summary).any(|part| part == "git commit")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_programs_and_subcommands_only() {
        assert_eq!(summary("git add -A && git commit -m \"Apply the change\""), "git add; git commit");
        assert_eq!(summary("cd /home/ana/secret-project && cargo test --release 2>&1 | tail -5"), "cd; cargo test; tail");
        assert_eq!(summary("RUST_LOG=debug /usr/bin/cargo nextest run"), "cargo nextest");
        assert_eq!(summary("sudo git -C /srv/app commit -am wip"), "git commit");
        assert_eq!(summary("echo \"git commit\""), "echo");
        assert_eq!(summary("python3 -m pytest tests/"), "python3");
        assert_eq!(summary(""), "");
    }

    #[test]
    fn a_summary_is_its_own_summary() {
        for command in [
            "git add -A && git commit -m \"x; y\"",
            "FOO=1 npm run test -- --watch=false | cat",
            "(cd web && pnpm install) ; make",
            "for f in *.rs; do rustfmt $f; done",
            "ls -la\nwc -l src/*.rs",
        ] {
            let once = summary(command);
            assert_eq!(summary(&once), once, "{command}");
            assert_eq!(runs_git_commit(&once), runs_git_commit(command), "{command}");
        }
    }

    #[test]
    fn a_commit_is_git_with_commit_as_its_subcommand() {
        assert!(runs_git_commit("git add . && git commit -m 'fix'"));
        assert!(runs_git_commit("git -c user.name=x commit -m y"));
        assert!(!runs_git_commit("echo 'git commit'"));
        assert!(!runs_git_commit("git commit-tree abc"));
        assert!(!runs_git_commit("git log --grep commit"));
    }
}
