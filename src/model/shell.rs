//! Shell command lines cut into their simple commands (`a && b | c; d`), each as the
//! words from its program on: what both the ingest (which build and test commands ran)
//! and the figures (`metrics::commands`) read of a command. Quoting is not parsed: a
//! separator inside quotes splits too, and the pieces after it rarely name a program.

/// Characters that end one simple command and start the next.
const SEPARATORS: [char; 7] = [';', '&', '|', '\n', '(', ')', '`'];
/// Programs that run the command after them (`sudo git commit` is a `git commit`).
const PREFIX_PROGRAMS: [&str; 6] = ["sudo", "env", "time", "nohup", "command", "exec"];

/// A program name: a letter, `.` or `_`, then letters, digits and `._+-` (so the `1` of
/// a `2>&1` split at its `&` is none).
fn is_program(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '_'))
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
}

/// The simple commands of a command line, each as its program (without directory)
/// followed by its other words; pieces that name no program are left out.
pub fn simple_commands(command: &str) -> impl Iterator<Item = Vec<&str>> {
    command.split(SEPARATORS).filter_map(|segment| {
        let mut words = segment.split_whitespace().peekable();
        // Variable assignments (`FOO=1 cargo test`) and prefixes come before the program.
        while let Some(word) = words.peek() {
            let is_assignment = word.contains('=') && !word.starts_with('=');
            if is_assignment || PREFIX_PROGRAMS.contains(word) {
                words.next();
            } else {
                break;
            }
        }
        let program = words.next()?;
        let program = program.rsplit('/').next().unwrap_or(program);
        is_program(program).then(|| std::iter::once(program).chain(words).collect())
    })
}

/// A subcommand: a lowercase word (`commit`, `test`, `run`, `nextest`).
pub fn is_subcommand(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
