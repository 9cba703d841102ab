//! `session-lens demo`'s arguments: the demo team, or a benchmark corpus.

use lexopt::prelude::*;

use super::args::{number, refused, usage, Command, Options};
use super::help;
use super::CliError;

/// How big a benchmark corpus to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorpusSize {
    /// About this many megabytes, with a realistic spread of session sizes, written as
    /// the agent writes them.
    Megabytes(u64, crate::demo::DemoAgent),
    /// This many short sessions.
    ShortSessions(u64),
}

pub(super) fn parse_demo(rest: &[String]) -> Result<(Command, Options), CliError> {
    let mut seed = crate::demo::DEMO_SEED;
    let mut out_dir = None;
    let mut size = None;
    let mut agent = crate::demo::DemoAgent::Claude;
    let mut parser = lexopt::Parser::from_args(rest.iter());
    let refuse = refused("demo");
    while let Some(argument) = parser.next().map_err(&refuse)? {
        match argument {
            Short('h') | Long("help") => return Ok((Command::Print(help::text(Some("demo"))?), Options::default())),
            Long("seed") => seed = number("--seed", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?,
            Short('o') | Long("out") => out_dir = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("size-mb") => size = Some(CorpusSize::Megabytes(number("--size-mb", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?, agent)),
            Long("agent") => {
                agent = match parser.value().map_err(&refuse)?.string().map_err(&refuse)?.as_str() {
                    "claude-code" => crate::demo::DemoAgent::Claude,
                    "codex" => crate::demo::DemoAgent::Codex,
                    "gemini-cli" => crate::demo::DemoAgent::Gemini,
                    other => return Err(usage(format!("--agent: {other:?} is not one of claude-code, codex, gemini-cli"))),
                };
                if let Some(CorpusSize::Megabytes(size_mb, _)) = size {
                    size = Some(CorpusSize::Megabytes(size_mb, agent));
                }
            }
            Long("sessions") => size = Some(CorpusSize::ShortSessions(number("--sessions", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?)),
            other => return Err(usage(format!("demo: {}", other.unexpected()))),
        }
    }
    let out_dir = out_dir.ok_or_else(|| usage("demo needs -o DIR"))?;
    Ok((Command::Demo { seed, out_dir, size }, Options::default()))
}
