//! The built-in demo: a generated team's transcripts (seven people, five projects, eight
//! weeks; Claude Code, Codex and Gemini CLI, one person with two agents), written as
//! their agents write them and loaded through the same ingest as a user's files.
//! Deterministic for a seed.

mod codex_writer;
mod corpus;
mod gemini_writer;
mod rng;
mod session;
mod team;
mod writer;

use chrono::{Datelike, NaiveDate, Weekday};

pub use corpus::{generate_agent_corpus, generate_corpus, generate_short_sessions};
use rng::Rng;
use session::{write_session, SessionPlan};
pub use team::DemoAgent;
use team::{Durations, Person, PROJECTS, TEAM};

pub const DEMO_SEED: u64 = 20_261_120;
const WEEKS: u64 = 8;

/// One generated transcript file.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoFile {
    pub path: String,
    pub person: String,
    pub text: String,
}

/// The last day of the command line's demo and the benchmark corpora (fixed, so they
/// never change with the clock).
pub(crate) fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// What the page and the demo's report say about it (`data-role="demo-banner"`).
pub const DEMO_BANNER: &str = "This is the demo: a generated team of seven people on five projects over eight weeks, read by the same parsers as your own files. None of it is anyone's real work; drop or choose your own folder to see yours.";

/// The demo team's transcripts ending on the fixed [`last_day`].
pub fn generate(seed: u64) -> Vec<DemoFile> {
    generate_ending(seed, last_day())
}

/// The demo team's transcripts for the weeks up to `last_day` (the page's demo ends on
/// its today, so its "last 7 days" always hold sessions). The same seed and last day
/// give the same transcripts.
pub fn generate_ending(seed: u64, last_day: NaiveDate) -> Vec<DemoFile> {
    let mut rng = Rng::new(seed);
    let first_day = last_day - chrono::Days::new(WEEKS * 7 - 1);
    let mut files = Vec::new();
    for person in &TEAM {
        for day_index in 0..WEEKS * 7 {
            let day = first_day + chrono::Days::new(day_index);
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !rng.chance(0.1) {
                continue;
            }
            let progress = day_index as f64 / (WEEKS * 7) as f64;
            let rate = person.sessions_per_day * (1.0 - (1.0 - person.rate_by_last_week) * progress);
            let session_count = (rate + rng.unit() - 0.5).round().max(0.0) as u64;
            let mut start_ms = day_start_ms(day, person.first_hour_utc) + rng.range(0, 40) as i64 * 60_000;
            for _ in 0..session_count {
                let length_minutes = session_minutes(&mut rng, person, progress);
                let project = &PROJECTS[*rng.pick(person.projects)];
                let agent = *rng.pick(person.agents);
                let plan = SessionPlan { person, project, start_ms, length_minutes, read_bytes: 0, agent };
                let (session_id, text) = write_session(&mut rng, &plan);
                files.push(DemoFile { path: session_path(&plan, &session_id), person: person.name.to_owned(), text });
                start_ms += (length_minutes as i64 + rng.range(25, 120) as i64) * 60_000;
            }
        }
    }
    files
}

/// Where the session's agent writes its file, under the person's home folder.
pub(crate) fn session_path(plan: &SessionPlan<'_>, session_id: &str) -> String {
    let (name, project) = (plan.person.name, plan.project.name);
    let start = chrono::DateTime::from_timestamp_millis(plan.start_ms).unwrap_or_default();
    match plan.agent {
        DemoAgent::Claude => format!("{name}/.claude/projects/-home-{name}-code-{project}/{session_id}.jsonl"),
        DemoAgent::Codex => format!("{name}/.codex/sessions/{}/rollout-{}-{session_id}.jsonl", start.format("%Y/%m/%d"), start.format("%Y-%m-%dT%H-%M-%S")),
        DemoAgent::Gemini => {
            let short: String = session_id.chars().take(8).collect();
            format!("{name}/.gemini/tmp/{project}/chats/session-{}-{short}.jsonl", start.format("%Y-%m-%dT%H-%M"))
        }
    }
}

pub(crate) fn day_start_ms(day: NaiveDate, hour_utc: u64) -> i64 {
    day.and_hms_opt(hour_utc as u32, 0, 0).map(|time| time.and_utc().timestamp_millis()).unwrap_or_default()
}

/// A session length in minutes, shaped by how the person works; sessions of people
/// whose use declines also get shorter.
fn session_minutes(rng: &mut Rng, person: &Person, progress: f64) -> u64 {
    let minutes = match person.durations {
        Durations::Steady { minutes, spread } => rng.range(minutes.saturating_sub(spread), minutes + spread),
        Durations::Bimodal if rng.chance(0.5) => rng.range(1, 2),
        Durations::Bimodal => rng.range(35, 80),
        Durations::Long => rng.range(30, 95),
        Durations::Short => rng.range(1, 5),
    };
    let shrink = 1.0 - (1.0 - person.rate_by_last_week) * progress * 0.6;
    ((minutes as f64 * shrink).round() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PriceTable;
    use crate::transport::ingest_files;

    #[test]
    fn same_seed_same_files() {
        assert_eq!(generate(3), generate(3));
    }

    #[test]
    fn demo_parses_without_a_single_skipped_line() {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(files.iter().map(|file| (file.path.as_str(), file.person.as_str(), file.text.as_bytes())), PriceTable::embedded());
        assert_eq!(dataset.diagnostics.skipped_lines(), 0, "{:?}", dataset.diagnostics.kept.first());
        assert_eq!(dataset.conversations.len(), files.len());
        let people: std::collections::BTreeSet<&str> = dataset.conversations.iter().map(|c| c.person.as_str()).collect();
        assert!(people.len() >= 4);
        let projects: std::collections::BTreeSet<&str> = dataset.conversations.iter().map(|c| c.project_name()).collect();
        assert_eq!(projects.len(), 5);
        let models: std::collections::BTreeSet<&str> = dataset.requests.iter().map(|r| dataset.text(r.model)).collect();
        assert!(models.len() >= 3, "{models:?}");
        assert!(dataset.requests.iter().all(|r| r.price_status == crate::model::PriceStatus::Exact));
        // Three agents, a person on each of the other two alone, and someone using two.
        let agents_of = |person: &str| -> std::collections::BTreeSet<crate::model::Agent> {
            dataset.conversations.iter().filter(|c| c.person == person).map(|c| c.agent).collect()
        };
        use crate::model::Agent;
        assert_eq!(agents_of("frank").into_iter().collect::<Vec<_>>(), [Agent::Codex]);
        assert_eq!(agents_of("grace").into_iter().collect::<Vec<_>>(), [Agent::Gemini]);
        assert_eq!(agents_of("dave").into_iter().collect::<Vec<_>>(), [Agent::ClaudeCode, Agent::Codex]);
        // Each agent's sessions carry requests, tool calls and applied edits.
        for agent in Agent::ALL {
            let conversations: std::collections::BTreeSet<_> =
                dataset.conversations.iter().enumerate().filter(|(_, c)| c.agent == agent).map(|(index, _)| index as u32).collect();
            let requests = dataset.requests.iter().filter(|r| conversations.contains(&r.conversation.0)).count();
            let applied = dataset
                .events
                .iter()
                .filter(|e| conversations.contains(&e.conversation.0) && matches!(e.kind, crate::model::EventKind::ToolResult { applied: Some(_), .. }))
                .count();
            assert!(requests > 100 && applied > 10, "{agent:?}: {requests} requests, {applied} applied edits");
        }
    }
}
